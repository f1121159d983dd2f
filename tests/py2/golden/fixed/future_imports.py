"""A module with __future__ imports: the runtime import goes after them."""
# OPTIONS[golden]: min_python=2.7; scope=always
from __future__ import print_function
from __future__ import with_statement

from noinherit_ftools import ftools

print("starting", file=None)
with ftools.open("x") as handle:
    server = ftools.socket()
mode = 0600
