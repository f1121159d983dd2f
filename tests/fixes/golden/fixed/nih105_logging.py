# OPTIONS[golden]: min_python=2.7; scope=always

from noinherit_ftools import ftools

handlers = [
    ftools.FileHandler("app.log"),
    ftools.RotatingFileHandler("app.log", maxBytes=10, backupCount=2),
    ftools.WatchedFileHandler("w.log"),
]
