# NIH105: logging handlers (fixable) and SysLogHandler / basicConfig(filename=) (report-only).
# OPTIONS[py27]: min_python=2.7; scope=always
# OPTIONS[py26]: min_python=2.6
# OPTIONS[py39]: min_python=3.9; scope=always
import logging
import logging as lg
import logging.handlers
import multiprocessing

logging.FileHandler("a.log")  # NIH105[py27,py26]: 0 "use ftools.FileHandler()"
lg.FileHandler("a.log", delay=True)  # NIH105[py27,py26]: 0
logging.handlers.RotatingFileHandler("a.log")  # NIH105[py27,py26]: 0
logging.handlers.TimedRotatingFileHandler("a.log")  # NIH105[py27,py26]: 0
logging.handlers.WatchedFileHandler("a.log")  # NIH105[py27,py26]: 0
logging.handlers.SocketHandler("localhost", 9020)  # NIH105[py27,py26]: 0
logging.handlers.DatagramHandler("localhost", 9021)  # NIH105[py27,py26]: 0
logging.handlers.SysLogHandler()  # NIH105[py27,py26]: 0 "make its socket non-inheritable (no automatic fix)"
logging.basicConfig(filename="a.log", level=logging.INFO)  # NIH105[py27,py26]: 0 "with filename= opens a log file"
lg.basicConfig(level=lg.INFO, filename="a.log")  # NIH105[py27,py26]: 0

from logging import FileHandler
from logging import FileHandler as FH
from logging.handlers import RotatingFileHandler as R, SysLogHandler
from logging import handlers
import logging.handlers as lh

FileHandler("a.log")  # NIH105[py27,py26]: 0
FH("a.log")  # NIH105[py27,py26]: 0
R("a.log", maxBytes=10)  # NIH105[py27,py26]: 0
SysLogHandler(address="/dev/log")  # NIH105[py27,py26]: 0
handlers.WatchedFileHandler("a.log")  # NIH105[py27,py26]: 0
lh.DatagramHandler("localhost", 1)  # NIH105[py27,py26]: 0

# not flagged: no file, or no handle
logging.basicConfig(level=logging.INFO)
logging.StreamHandler()
logging.handlers.MemoryHandler(100)
logging.getLogger(__name__)
