# Threads through concurrent.futures.ThreadPoolExecutor count as threads.
from concurrent.futures import ThreadPoolExecutor
import os

pool = ThreadPoolExecutor(4)
os.fork()  # NIH401: 0
