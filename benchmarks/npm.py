"""npm packages for what runs node: ``benchmarks/pretty.py`` (pino, pino-pretty) and the reader's tests (pino, bunyan).

One place that installs them (``npm install --prefix ROOT``, kept between runs) and says why it could not.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path


def install(root: Path, packages: Sequence[str], timeout: float = 600) -> str | None:
    """``packages`` (``name@version``) under ``root/node_modules``, unless there; why not, or ``None``."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return "node and npm are not on PATH"
    names = [package.rsplit("@", 1)[0] for package in packages]
    if all((root / "node_modules" / name).is_dir() for name in names):
        return None
    root.mkdir(parents=True, exist_ok=True)
    argv = ["npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(root), *packages]
    try:
        proc = subprocess.run(argv, capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return f"npm install took over {timeout:.0f} s"
    if proc.returncode != 0:
        return f"npm install {' '.join(packages)} failed: {proc.stderr.decode(errors='replace')[-300:]}"
    return None
