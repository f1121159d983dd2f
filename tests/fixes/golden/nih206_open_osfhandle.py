# OPTIONS[golden]: min_python=3.8; platforms=windows
import msvcrt
import os


def wrap(handle):
    return msvcrt.open_osfhandle(handle, 0)


def wrap_append(handle):
    return msvcrt.open_osfhandle(handle, os.O_APPEND)
