# NIH1xx: threads that never spawn do not make a short-lived handle a hazard.
# OPTIONS[py27]: min_python=2.7; scope=always
import threading

stop = threading.Event()


def serve():
    while not stop.is_set():
        stop.wait(1)


threading.Thread(target=serve).start()


def read_version():
    with open("VERSION") as f:  # silent
        return f.read()
