"""Threads that spawn, not just threads."""

import pytest

from noinherit_lint.analysis.threads import thread_facts
from tests.analysis.helpers import index_of

HEADER = "import threading, subprocess, os, socketserver\nfrom concurrent.futures import ThreadPoolExecutor\n"


def facts(body: str):
    return thread_facts(index_of(HEADER + body))


@pytest.mark.parametrize("body", [
    "def worker():\n    subprocess.call(['x'])\n\nthreading.Thread(target=worker).start()\n",
    "def run():\n    os.system('ls')\n\ndef worker():\n    run()\n\nthreading.Thread(None, worker).start()\n",
    "threading.Thread(target=lambda: subprocess.call(['x'])).start()\n",
    "class W(threading.Thread):\n    def run(self):\n        subprocess.Popen(['x']).wait()\n",
    "class Base(threading.Thread):\n    pass\n\nclass W(Base):\n    def run(self):\n        os.system('x')\n",
    "class C:\n    def start(self):\n        threading.Thread(target=self.loop).start()\n"
    "    def loop(self):\n        self.go()\n    def go(self):\n        os.system('x')\n",
    "def main():\n    def job():\n        subprocess.call(['x'])\n    threading.Timer(1, job).start()\n",
    "def job(n):\n    return subprocess.check_output(['x', n])\n\nwith ThreadPoolExecutor() as pool:\n"
    "    pool.map(job, ['a'])\n",
    "class H(socketserver.BaseRequestHandler):\n    def handle(self):\n        subprocess.call(['x'])\n\n"
    "socketserver.ThreadingTCPServer(('', 0), H)\n",
    # a serving thread runs the handlers; the handler's base is an import with a fallback
    "try:\n    import SimpleHTTPServer\nexcept ImportError:\n    import http.server\n"
    "    SimpleHTTPServer = http.server\n\n"
    "class H(SimpleHTTPServer.SimpleHTTPRequestHandler):\n    def do_GET(self):\n        os.system('x')\n\n"
    "def serve(server):\n    threading.Thread(target=server.serve_forever).start()\n",
])
def test_threads_that_spawn(body):
    result = facts(body)
    assert result.starts_threads and result.threads_spawn


@pytest.mark.parametrize("body, starts", [
    ("stop = threading.Event()\nlock = threading.Lock()\nsubprocess.call(['x'])\n", False),
    ("def serve():\n    print('serving')\n\nthreading.Thread(target=serve).start()\nsubprocess.call(['x'])\n", True),
    # a target in another module cannot be judged
    ("import server\nthreading.Thread(target=server.serve_forever).start()\n", True),
    # a base spelled like a handler that does not resolve to one is not a handler
    ("class H(other.SimpleHTTPRequestHandler):\n    def do_GET(self):\n        os.system('x')\n\n"
     "def serve(server):\n    threading.Thread(target=server.serve_forever).start()\n", True),
    ("class W(threading.Thread):\n    def run(self):\n        print('x')\n", True),
    # a spawn in the main thread only
    ("def work():\n    return 1\n\npool = ThreadPoolExecutor()\npool.submit(work)\nos.system('ls')\n", True),
])
def test_threads_that_do_not_spawn(body, starts):
    result = facts(body)
    assert result.starts_threads is starts and not result.threads_spawn
