"""The Python twin of logrus-prefixed-formatter's documented example.

    formatter := &prefixed.TextFormatter{FullTimestamp: true, TimestampFormat: "2006-01-02 15:04:05"}
    log.SetFormatter(formatter)
    log.WithField("prefix", "log").Info("have a nice day")

On a terminal it prints (time grey, level green, prefix cyan):
[2021-07-04 15:50:26]  INFO log: have a nice day

and logfmt when stderr is not a terminal:
time="2021-07-04 15:50:26" level=info msg="have a nice day" prefix=log
"""

import logging

import prefixlog

handler = logging.StreamHandler()  # stderr, like logrus
handler.setFormatter(prefixlog.PrefixedFormatter(full_timestamp=True, timestamp_format="2006-01-02 15:04:05"))
logging.basicConfig(level=logging.INFO, handlers=[handler])

log = prefixlog.get_logger(__name__)
log.with_field("prefix", "log").info("have a nice day")
