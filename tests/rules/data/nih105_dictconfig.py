# logging.config.dictConfig naming a handler class as a string: report at the string; the fix is
# the runtime's class path (dictConfig imports it).
# OPTIONS[py27]: min_python=2.7; scope=always
import logging.config

LOGGING = {
    "version": 1,
    "handlers": {
        "file": {"class": "logging.FileHandler", "filename": "app.log"},  # NIH105: 26 "noinherit_ftools.ftools.FileHandler"
        "rotating": {"class": "logging.handlers.RotatingFileHandler", "filename": "a.log"},  # NIH105: 30 "noinherit_ftools.ftools.RotatingFileHandler"
        "console": {"class": "logging.StreamHandler"},  # silent: no file
    },
}
logging.config.dictConfig(LOGGING)
