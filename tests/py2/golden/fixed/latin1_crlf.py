# -*- coding: latin-1 -*-
# OPTIONS[golden]: min_python=2.7; scope=always
"""Résumé à copier."""
from noinherit_ftools import ftools
print "résumé", ftools.copy("résumé.txt", "b")
