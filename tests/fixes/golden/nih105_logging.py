# OPTIONS[golden]: min_python=2.7; scope=always
import logging
import logging.handlers
from logging.handlers import RotatingFileHandler as Rotating

handlers = [
    logging.FileHandler("app.log"),
    Rotating("app.log", maxBytes=10, backupCount=2),
    logging.handlers.WatchedFileHandler("w.log"),
]
