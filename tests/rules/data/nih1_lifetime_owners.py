# NIH1xx: a handle given straight to a call lives as long as the call's result when the result is
# kept (bound, stored, returned), whatever the case of the callee's name; a call known to use the
# handle and let it go (json.load, list, next, a method of the handle) ends it in the statement.
# OPTIONS[py27]: min_python=2.7; scope=always
import codecs
import csv
import gzip
import io
import json
import os
import socket
import ssl
import subprocess

READER = csv.reader(open("table.csv"))  # NIH101: 20 "a child started while it is open (subprocess.call() at line 20)"


def rows_while_a_child_runs(p):
    rows = csv.reader(open(p))  # NIH101: 22 "a child started while it is open (subprocess.call() at line 20) gets it"
    subprocess.call(["x"], close_fds=True)
    return list(rows)


def unknown_function_result_kept(p):
    x = foo(open(p))  # NIH101: 12 "a child started while it is open (subprocess.call() at line 26) gets it"
    subprocess.call(["x"], close_fds=True)
    return x


def returned_reader(p):
    return csv.reader(open(p))  # NIH101: 22 "it outlives this function (owned by csv.reader(): returned to the caller)"


class Decoder(object):
    def start(self, p):
        self.reader = codecs.getreader("utf-8")(open(p, "rb"))  # NIH101: 48 "owned by codecs.getreader('utf-8')(): stored in self.reader"


def keyword_argument(p):
    with gzip.GzipFile(fileobj=open(p, "rb")) as g:  # NIH101: 31 "a child started while it is open (subprocess.call() at line 41)"
        subprocess.call(["gunzip", "-t", p], close_fds=True)
        return g.read()


def named_handle_owner_returned(p):
    f = open(p)  # NIH101: 8 "it outlives this function (returned to the caller)"
    r = foo(f)
    return r


class Client(object):
    def connect(self, address):
        conn = ssl.wrap_socket(socket.socket())  # NIH104: 31 "it outlives this function (owned by ssl.wrap_socket(): stored in self.conn)"
        conn.connect(address)
        self.conn = conn


# ---- silent: the handle is used and let go before anything spawns

def parsed_then_closed(p):
    f = open(p)  # silent: what Parsed(f) holds is closed by `with f:` before it is returned
    with f:
        parsed = Parsed(f)
    return parsed


def json_load(p):
    data = json.load(open(p))  # silent: json.load reads it all and keeps no reference
    subprocess.call(["x"], close_fds=True)
    return data


def builtin_list(p):
    lines = list(open(p))  # silent
    subprocess.call(["x"], close_fds=True)
    return lines


def method_of_the_handle(p):
    text = open(p).read()  # silent
    subprocess.call(["x"], close_fds=True)
    return text


def wrapper_given_to_a_consumer(p):
    header = next(csv.reader(open(p)))  # silent: the reader is dropped in the statement
    decoded = list(io.TextIOWrapper(open(p, "rb")))  # silent: the wrapper too
    subprocess.call(["x"], close_fds=True)
    return header, decoded


def given_to_a_writer(p):
    json.dump({"done": True}, open(p, "w"))  # silent: json.dump writes and keeps no reference
    subprocess.call(["x"], close_fds=True)


def owner_returned_after_the_handle_is_closed(p):
    f = open(p)  # silent: what r holds is closed before the child starts
    r = foo(f)
    f.close()
    subprocess.call(["x"], close_fds=True)
    return r


def result_kept_nothing_spawns_meanwhile(p):
    ok = foo(open(p))  # silent: dropped when the function returns, no spawn before
    return bool(ok)


def foo(f):
    return f


def sync():
    os.system("sync")  # NIH302: 4


class Parsed(object):
    def __init__(self, f):
        self.text = f.read()
