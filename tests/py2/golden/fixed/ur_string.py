# OPTIONS[golden]: min_python=2.7; scope=always

from noinherit_ftools import ftools

reader = ftools.codecs_open(ur'C:\new\data.txt', 'r', 'utf-8'); pattern = ur'\d+'
