"""Build the standalone runtime wheel `noinherit-ftools` (pure py2.py3) from ../runtime/.

    python -m pip wheel --no-deps -w dist runtime_dist/

It contains only the package ``noinherit_ftools`` (runtime/*.py: ftools and the sanitizer with
its pytest plugin, and ftools' type information, ftools.pyi and py.typed): no flake8, no libcst,
installable on Python 2.7 and 3.x.  It is the only distribution that installs ``noinherit_ftools``
and the pytest plugin's entry point.
"""

import os
import re

from setuptools import setup

HERE = os.path.dirname(os.path.abspath(__file__))
RUNTIME = os.path.join(HERE, os.pardir, "runtime")


def runtime_version():
    with open(os.path.join(RUNTIME, "ftools.py")) as f:
        return re.search(r'^__version__ = "([^"]+)"$', f.read(), re.M).group(1)


setup(
    name="noinherit-ftools",
    version=runtime_version(),
    description="Drop-in open/socket/pipe/... whose handles child processes do not inherit "
                "(Python 2.7 and 3.x runtime of noinherit-lint)",
    long_description=open(os.path.join(HERE, "README.txt")).read(),
    license="MIT",
    packages=["noinherit_ftools"],
    package_data={"noinherit_ftools": ["ftools.pyi", "py.typed"]},
    package_dir={"noinherit_ftools": os.path.relpath(RUNTIME, HERE)},
    python_requires=">=2.7",
    entry_points={"pytest11": ["nih_sanitize = noinherit_ftools.sanitizer_pytest"]},
    classifiers=[
        "Programming Language :: Python :: 2",
        "Programming Language :: Python :: 2.7",
        "Programming Language :: Python :: 3",
    ],
)
