"""JSON lines for a log shipper: a Python sidecar that logs exactly like the Go services beside it.

Shippers (Fluent Bit, Vector, Promtail ...) read a container's stdout one line
at a time and parse each line as JSON. With the FieldMap and DataKey the Go
services use, their parser can't tell this sidecar from them. Every record is
one line, even a message with a line break or a whole traceback.

Prints (the times differ):
{"@level":"info","@message":"sidecar started","@timestamp":"...","data":{"pid":4242,"service":"billing-sidecar"}}
{"@level":"warning","@message":"upstream slow\\nretrying","@timestamp":"...","data":{"latency_s":1.5,"service":...
{"@level":"error","@message":"flush failed","@timestamp":"...","data":{...},"exc_info":"Traceback ...","exc_message":...
"""

import logging
import sys

import prefixlog

handler = logging.StreamHandler(sys.stdout)
handler.setFormatter(
    prefixlog.JSONFormatter(
        field_map={"time": "@timestamp", "msg": "@message", "level": "@level"},
        data_key="data",
        timestamp_format="2006-01-02T15:04:05.000Z07:00",
        static_fields={"service": "billing-sidecar"},
    )
)
logging.basicConfig(level=logging.INFO, handlers=[handler])

log = prefixlog.get_logger("sidecar")
log.with_field("pid", 4242).info("sidecar started")
log.with_fields({"latency_s": 1.5, "url": "http://billing:8080/flush?batch=7&retry=1"}).warning(
    "upstream slow\nretrying"
)

try:  # stands for real work that fails
    raise ConnectionError("billing unreachable")
except ConnectionError:
    log.exception("flush failed")
