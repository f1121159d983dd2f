# NIH1xx in a test module: no special case for test files, the lifetime rule decides.
# OPTIONS[py27]: min_python=2.7; scope=always
import subprocess
import unittest


class WriteTest(unittest.TestCase):
    def test_write(self):
        with open("out.txt", "w") as f:  # silent: nothing spawns while it is open
            f.write("x")
        self.assertTrue(True)

    def test_spawn_while_open(self):
        log = open("log.txt", "w")  # NIH101: 14 "a child started while it is open (subprocess.call() at line 15)"
        subprocess.call(["true"], stdout=log)  # NIH301: 8
        log.close()
