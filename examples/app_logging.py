"""An app's logging with dictConfig: readable text on the console for people,
JSON lines in a file for the log shipper, from one configuration.

The configuration is plain data (it could come from a JSON or YAML file, see
logging.json): formatters are named by dotted paths, callables too.

Prints on stderr, in the text layout (coloured on a terminal):
INFO[0000] order placed                                  items=3 order_id=A-1001
WARN[0000] payment retried                               error="card declined" order_id=A-1001
and appends the same records, as JSON, to app.log.jsonl (or the file named on the command line).
"""

import logging
import logging.config
import sys

import prefixlog

LOG_FILE = sys.argv[1] if len(sys.argv) > 1 else "app.log.jsonl"

CONFIG = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "people": {
            "()": "prefixlog.TextFormatter",
            "force_formatting": True,  # the readable layout, also when stderr is a pipe
            "stream": "ext://sys.stderr",
        },
        "shipper": {
            "()": "prefixlog.JSONFormatter",
            "preset": "ecs",  # Elastic Common Schema names; the caller is in log.origin.*
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "people", "stream": "ext://sys.stderr"},
        "file": {"class": "logging.FileHandler", "formatter": "shipper", "filename": LOG_FILE, "encoding": "utf-8"},
    },
    "root": {"level": "INFO", "handlers": ["console", "file"]},
}


def main() -> None:
    logging.config.dictConfig(CONFIG)
    log = prefixlog.get_logger("shop.orders").with_field("order_id", "A-1001")
    log.info("order placed", extra={"items": 3})
    log.with_error(ValueError("card declined")).warning("payment retried")


if __name__ == "__main__":
    main()
