"""Configure prefixlog the ordinary way, with logging.config.dictConfig.

Prints, in logfmt (stdout is a file or a pipe here, not a terminal):
time="..." level=info msg="service started" port=8080 version=1.4.2
time="..." level=warning msg="cache is cold" file="dict_config.py:NN" hit_ratio=0.125
"""

import logging
import logging.config
import sys

import prefixlog

logging.config.dictConfig(
    {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "logrus": {
                "()": "prefixlog.TextFormatter",
                "stream": "ext://sys.stdout",
                "timestamp_format": "2006-01-02T15:04:05.000Z07:00",
            },
            "logrus_caller": {
                "()": "prefixlog.TextFormatter",
                "stream": "ext://sys.stdout",
                "report_caller": True,
                "caller_prettyfier": prefixlog.short_caller,
            },
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "logrus"},
            "console_caller": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "logrus_caller",
            },
        },
        "loggers": {"app.cache": {"handlers": ["console_caller"], "propagate": False}},
        "root": {"level": "INFO", "handlers": ["console"]},
    }
)


def main() -> None:
    """Log through plain stdlib loggers: extra= fields render as logrus fields."""
    logging.getLogger("app").info("service started", extra={"port": 8080, "version": "1.4.2"})
    logging.getLogger("app.cache").warning("cache is cold", extra={"hit_ratio": 0.125})
    sys.stdout.flush()


if __name__ == "__main__":
    main()
