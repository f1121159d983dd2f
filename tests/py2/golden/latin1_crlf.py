# -*- coding: latin-1 -*-
# OPTIONS[golden]: min_python=2.7; scope=always
"""Résumé à copier."""
import shutil
print "résumé", shutil.copy("résumé.txt", "b")
