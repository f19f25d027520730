"""Fields the logrus way: with_field, with_fields, with_error, and plain extra=.

Every name works as a field, even the ones LogRecord keeps for itself (msg,
args, name); names that logrus writes itself are renamed fields.<name>.
"""

import io
import logging
import sys

import prefixlog

handler = logging.StreamHandler(sys.stdout)
handler.setFormatter(prefixlog.TextFormatter(disable_timestamp=True, stream=io.StringIO()))
logging.basicConfig(level=prefixlog.TRACE, handlers=[handler])

log = prefixlog.get_logger("shop")
request = log.with_fields({"request_id": "f9a1", "user": "ana"})  # bind once, reuse
request.info("cart loaded", extra={"items": 3})
request.with_field("msg", "a field named msg").trace("names never clash")
request.with_field("total", 12.5).with_field("paid", True).info("checkout")

try:
    raise ConnectionError("card service unreachable")
except ConnectionError as error:
    request.with_error(error).warning("payment retried")

logging.getLogger("shop.audit").info("plain stdlib logger", extra={"name_field": "works too"})
