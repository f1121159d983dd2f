# OPTIONS[golden]: min_python=2.7; scope=always
import codecs

reader = codecs.open(ur'C:\new\data.txt', 'r', 'utf-8'); pattern = ur'\d+'
