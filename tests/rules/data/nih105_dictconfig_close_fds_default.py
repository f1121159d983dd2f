# dictConfig handler class strings and a spawn that relies on subprocess's default, which from
# Python 3.2 closes every descriptor in the child: silent.  (Before 3.2 NIH301's safe fix adds
# close_fds=True, after which this module closes all too; nih105_dictconfig.py shows the report.)
# OPTIONS[py32]: min_python=3.2; scope=always
import logging.config
import subprocess

LOGGING = {
    "version": 1,
    "handlers": {
        "file": {"class": "logging.FileHandler", "filename": "app.log"},  # silent
    },
}
logging.config.dictConfig(LOGGING)
subprocess.call(["true"])
