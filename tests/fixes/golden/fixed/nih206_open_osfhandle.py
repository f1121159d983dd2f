# OPTIONS[golden]: min_python=3.8; platforms=windows
import msvcrt
import os


def wrap(handle):
    return msvcrt.open_osfhandle(handle, os.O_NOINHERIT)


def wrap_append(handle):
    return msvcrt.open_osfhandle(handle, os.O_APPEND | os.O_NOINHERIT)
