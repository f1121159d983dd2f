# msvcrt.open_osfhandle returns an inheritable descriptor on every Python 3 version (Python docs).
# The code is chosen in phase B (a new NIH2xx); the expectation below is a comment until then:
# expected: NIH2xx at line 9, column 11, message "inheritable on every Python version".
# OPTIONS[win38]: min_python=3.8; platforms=windows
import msvcrt


def wrap(handle):
    return msvcrt.open_osfhandle(handle, 0)
