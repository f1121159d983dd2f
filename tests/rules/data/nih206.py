# msvcrt.open_osfhandle: the C runtime descriptor is inheritable unless the flags hold O_NOINHERIT.
# OPTIONS[win38]: min_python=3.8; platforms=windows
# OPTIONS[linux38]: min_python=3.8; platforms=linux
import msvcrt
import os


def wrap(handle):
    return msvcrt.open_osfhandle(handle, 0)  # NIH206[win38]: 11 "inheritable on every Python version"


def wrap_read_only(handle):
    return msvcrt.open_osfhandle(handle, os.O_RDONLY | os.O_APPEND)  # NIH206[win38]: 11


def wrap_noinherit(handle):
    return msvcrt.open_osfhandle(handle, os.O_RDONLY | os.O_NOINHERIT)  # silent: the flag is there


def wrap_literal(handle):
    return msvcrt.open_osfhandle(handle, 0x80)  # silent: 0x80 is _O_NOINHERIT


def wrap_unknown(handle, flags):
    return msvcrt.open_osfhandle(handle, flags)  # silent: flags not judged


def wrap_shadowed(handle, os):
    # no fix: `os` is a parameter here, not the module
    return msvcrt.open_osfhandle(handle, 0)  # NIH206[win38]: 11
