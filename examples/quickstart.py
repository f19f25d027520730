"""The Python twin of logrus's documented example.

    formatter := &logrus.TextFormatter{FullTimestamp: true, TimestampFormat: "2006-01-02 15:04:05",
        CallerPrettyfier: ...filename:line...}
    log.SetFormatter(formatter); log.SetReportCaller(true)
    log.WithField("zs", "log").Info("have a nice day")

On a terminal it prints (logfmt when stderr is not a terminal):
INFO[2021-07-04 15:26:26]quickstart.py:28 have a nice day                               zs=log
"""

import logging

import prefixlog

handler = logging.StreamHandler()  # stderr, like logrus
handler.setFormatter(
    prefixlog.TextFormatter(
        full_timestamp=True,
        timestamp_format="2006-01-02 15:04:05",
        caller_prettyfier=prefixlog.short_caller,
        report_caller=True,
    )
)
logging.basicConfig(level=logging.INFO, handlers=[handler])

log = prefixlog.get_logger(__name__)
log.with_field("zs", "log").info("have a nice day")
