# dictConfig handler class strings in a module whose every spawn closes every descriptor in the
# child: silent, like the other NIH1xx.
# OPTIONS[py27]: min_python=2.7; scope=always
import logging.config
import subprocess

LOGGING = {
    "version": 1,
    "handlers": {
        "file": {"class": "logging.FileHandler", "filename": "app.log"},  # silent: close_fds=True below
    },
}
logging.config.dictConfig(LOGGING)
subprocess.call(["true"], close_fds=True)
