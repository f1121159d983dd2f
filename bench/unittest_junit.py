"""Run unittest discovery and write each test's outcome as JUnit XML (Python 2.7 and 3).

    python unittest_junit.py START_DIR TOP_DIR REPORT.xml

For projects whose test suite is plain unittest (no pytest for their interpreter):
`bench/real_project.py` reads the report like pytest's ``--junitxml``.
"""

import sys
import unittest
from xml.etree import ElementTree


class _Recording(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super(_Recording, self).__init__(*args, **kwargs)
        self.outcomes = []

    def _record(self, test, outcome, detail=""):
        self.outcomes.append((type(test).__module__ + "." + type(test).__name__,
                              getattr(test, "_testMethodName", str(test)), outcome, detail))

    def addSuccess(self, test):
        super(_Recording, self).addSuccess(test)
        self._record(test, None)

    def addFailure(self, test, err):
        super(_Recording, self).addFailure(test, err)
        self._record(test, "failure", self._exc_info_to_string(err, test))

    def addError(self, test, err):
        super(_Recording, self).addError(test, err)
        self._record(test, "error", self._exc_info_to_string(err, test))

    def addSkip(self, test, reason):
        super(_Recording, self).addSkip(test, reason)
        self._record(test, "skipped", reason)

    def addExpectedFailure(self, test, err):
        super(_Recording, self).addExpectedFailure(test, err)
        self._record(test, None)

    def addUnexpectedSuccess(self, test):
        super(_Recording, self).addUnexpectedSuccess(test)
        self._record(test, "failure", "unexpected success")


def main(argv):
    start, top, report = argv[1:4]
    suite = unittest.defaultTestLoader.discover(start, top_level_dir=top)
    result = unittest.TextTestRunner(resultclass=_Recording, verbosity=1).run(suite)
    root = ElementTree.Element("testsuite", tests=str(result.testsRun))
    for classname, name, outcome, detail in result.outcomes:
        case = ElementTree.SubElement(root, "testcase", classname=classname, name=name)
        if outcome:
            ElementTree.SubElement(case, outcome, message=detail[-500:])
    ElementTree.ElementTree(root).write(report)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
