"""Cross-module callee summaries: a call into another module of the linted file's project that
starts a child (or runs arbitrary code) counts, in a handle's lifetime and in thread code.

Each test writes a small project to a temporary folder and runs the detector on one file of it
(`checker.check` with the file's path), checking code, line, column and message."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from noinherit_lint import checker, parsing
from noinherit_lint.analysis import project_modules
from noinherit_lint.settings import Settings

SETTINGS = Settings(min_python=(2, 7), min_python_source="test", scope="always")

SPAWNING_HELPER = "import subprocess\n\n\ndef run_tool(args):\n    return subprocess.call(args)\n"
QUIET_HELPER = "def run_tool(args):\n    return len(args)\n"
WITH_HELPER = ("from {module} import run_tool\n\n\ndef main(path):\n    with open(path) as f:\n"
               "        run_tool([f.read()])\n")


def write(root: Path, files):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return root


def findings(path: Path, settings: Settings = SETTINGS):
    tree = parsing.parse(path.read_bytes(), str(path)).tree
    return [(f.code, f.line, f.col, f.message) for f in checker.check(tree, settings, str(path))]


def nih1(path: Path):
    return [f for f in findings(path) if f[0].startswith("NIH1")]


def package(tmp_path: Path, helper: str, importer: str = WITH_HELPER.format(module="pkg.helpers")) -> Path:
    write(tmp_path, {"pkg/__init__.py": "", "pkg/helpers.py": helper, "pkg/main.py": importer})
    return tmp_path / "pkg" / "main.py"


def test_a_spawn_in_the_imported_helper_is_a_spawn_in_the_lifetime(tmp_path):
    assert nih1(package(tmp_path, SPAWNING_HELPER)) == [(
        "NIH101", 5, 9, "NIH101 open() creates a handle that child processes inherit on Python < 3.4: "
        "`run_tool` (pkg/helpers.py), called at line 6, may start a child while it is open; use ftools.open()")]


def test_a_helper_that_does_not_spawn_keeps_the_handle_short_lived(tmp_path):
    assert nih1(package(tmp_path, QUIET_HELPER)) == []


def test_without_the_path_the_call_is_not_followed(tmp_path):
    path = package(tmp_path, SPAWNING_HELPER)
    tree = parsing.parse(path.read_bytes(), str(path)).tree
    assert [f.code for f in checker.check(tree, SETTINGS)] == []


@pytest.mark.parametrize("importer", [
    "from .helpers import run_tool\n\n\ndef main(path):\n    with open(path) as f:\n        run_tool([f.read()])\n",
    "from pkg import helpers\n\n\ndef main(path):\n    with open(path) as f:\n        helpers.run_tool([f.read()])\n",
    "from . import helpers\n\n\ndef main(path):\n    with open(path) as f:\n        helpers.run_tool([f.read()])\n",
])
def test_relative_and_module_imports(tmp_path, importer):
    found = nih1(package(tmp_path, SPAWNING_HELPER, importer))
    assert [(code, line) for code, line, _, _ in found] == [("NIH101", 5)]
    assert "(pkg/helpers.py), called at line 6, may start a child while it is open" in found[0][3]


def test_transitively_through_another_project_module_and_a_reexport(tmp_path):
    write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/util/__init__.py": "from .proc import run_tool\n",
        "pkg/util/proc.py": "from pkg.low import spawn_it\n\n\ndef run_tool(args):\n    return _inner(args)\n\n\n"
                            "def _inner(args):\n    return spawn_it(args)\n",
        "pkg/low.py": "import os\n\n\ndef spawn_it(args):\n    os.system(' '.join(args))\n",
        "pkg/main.py": WITH_HELPER.format(module="pkg.util"),
    })
    found = nih1(tmp_path / "pkg" / "main.py")
    assert [(c, line, col) for c, line, col, _ in found] == [("NIH101", 5, 9)]
    assert "`run_tool` (pkg/util/__init__.py), called at line 6, may start a child" in found[0][3]


def test_a_class_whose_constructor_spawns(tmp_path):
    helper = "import subprocess\n\n\nclass Tool:\n    def __init__(self, args):\n        self._start(args)\n\n" \
             "    def _start(self, args):\n        self.p = subprocess.Popen(args)\n"
    importer = ("from pkg.helpers import Tool\n\n\ndef main(path):\n    with open(path) as f:\n"
                "        Tool([f.read()])\n")
    found = nih1(package(tmp_path, helper, importer))
    assert [(c, line) for c, line, _, _ in found] == [("NIH101", 5)]


def test_a_cycle_between_modules_ends(tmp_path):
    write(tmp_path, {
        "pkg/__init__.py": "",
        "pkg/a.py": "from pkg.b import pong\n\n\ndef run_tool(args):\n    return pong(args)\n",
        "pkg/b.py": "from pkg.a import run_tool\n\n\ndef pong(args):\n    return run_tool(args)\n",
        "pkg/main.py": WITH_HELPER.format(module="pkg.a"),
    })
    assert nih1(tmp_path / "pkg" / "main.py") == []
    # the same cycle with a spawn on the way out is found
    write(tmp_path, {"pkg/b.py": "import os\nfrom pkg.a import run_tool\n\n\ndef pong(args):\n"
                                 "    os.system('x')\n    return run_tool(args)\n"})
    assert [f[:2] for f in nih1(tmp_path / "pkg" / "main.py")] == [("NIH101", 5)]


def test_an_unparseable_dependency_is_unknown_not_a_finding(tmp_path):
    path = package(tmp_path, "def run_tool(args:\n    subprocess.call(args)\n")
    assert nih1(path) == []


def test_a_missing_module_is_unknown(tmp_path):
    write(tmp_path, {"pkg/__init__.py": "", "pkg/main.py": WITH_HELPER.format(module="pkg.nowhere")})
    assert nih1(tmp_path / "pkg" / "main.py") == []


def test_a_script_reads_a_sibling_module(tmp_path):
    write(tmp_path, {"helpers.py": SPAWNING_HELPER, "tool.py": WITH_HELPER.format(module="helpers")})
    assert [f[:3] for f in nih1(tmp_path / "tool.py")] == [("NIH101", 5, 9)]


def test_a_sibling_named_like_a_stdlib_module_is_not_read(tmp_path, monkeypatch):
    # `shlex.split` is the standard library's, even with a shlex.py next to the script
    write(tmp_path, {"shlex.py": "import os\n\n\ndef split(s):\n    os.system(s)\n",
                     "tool.py": "import shlex\n\n\ndef main(path):\n    with open(path) as f:\n"
                                "        shlex.split(f.read())\n"})
    opened = []
    real = project_modules._summary
    monkeypatch.setattr(project_modules, "_summary", lambda p: opened.append(p) or real(p))
    assert nih1(tmp_path / "tool.py") == []
    assert opened == []


def test_installed_packages_are_not_read(tmp_path, monkeypatch):
    write(tmp_path, {"site-packages/pkg/__init__.py": "", "site-packages/pkg/helpers.py": SPAWNING_HELPER,
                     "site-packages/pkg/main.py": WITH_HELPER.format(module="pkg.helpers")})
    assert nih1(tmp_path / "site-packages" / "pkg" / "main.py") == []


def test_a_module_that_imports_nothing_of_its_project_reads_nothing(tmp_path, monkeypatch):
    write(tmp_path, {"pkg/__init__.py": "", "pkg/helpers.py": SPAWNING_HELPER,
                     "pkg/main.py": "import json\n\n\ndef main(path):\n    with open(path) as f:\n"
                                    "        json.load(f)\n"})
    opened = []
    real = project_modules._summary
    monkeypatch.setattr(project_modules, "_summary", lambda p: opened.append(p) or real(p))
    assert nih1(tmp_path / "pkg" / "main.py") == []
    assert opened == []


def test_an_edited_dependency_changes_the_answer_in_the_same_process(tmp_path):
    path = package(tmp_path, QUIET_HELPER)
    assert nih1(path) == []
    helper = tmp_path / "pkg" / "helpers.py"
    helper.write_text(SPAWNING_HELPER)
    os.utime(helper, ns=(helper.stat().st_mtime_ns + 10**9,) * 2)  # a new stat even on a coarse clock
    assert [f[:2] for f in nih1(path)] == [("NIH101", 5)]


# ---------------------------------------------------------------- code that runs arbitrary code

EXEC_HELPER = "def exec_in(code, glob):\n    exec(code, glob)\n"
RUNNER = ("import os\nfrom pkg.util import exec_in\n\n\ndef reload():\n    os.execv('/bin/x', ['x'])\n\n\n"
          "def main(script):\n    with open(script) as f:\n        exec_in(f.read(), globals())\n")


def test_exec_of_a_script_in_a_module_that_spawns(tmp_path):
    write(tmp_path, {"pkg/__init__.py": "", "pkg/util.py": EXEC_HELPER, "pkg/run.py": RUNNER})
    found = [f for f in findings(tmp_path / "pkg" / "run.py") if f[0] == "NIH101"]
    assert found == [("NIH101", 10, 9, "NIH101 open() creates a handle that child processes inherit on Python < 3.4: "
                      "`exec_in` (pkg/util.py), called at line 11, runs arbitrary code while it is open, and this "
                      "module starts children (os.execv() at line 6); use ftools.open()")]


def test_exec_in_a_module_that_does_not_spawn_is_silent(tmp_path):
    runner = "from pkg.util import exec_in\n\n\ndef main(script):\n    with open(script) as f:\n" \
             "        exec_in(f.read(), globals())\n"
    write(tmp_path, {"pkg/__init__.py": "", "pkg/util.py": EXEC_HELPER, "pkg/run.py": runner})
    assert nih1(tmp_path / "pkg" / "run.py") == []


def test_exec_of_a_literal_is_not_running_arbitrary_code(tmp_path):
    write(tmp_path, {"pkg/__init__.py": "", "pkg/util.py": "def exec_in(code, glob):\n    exec('x = 1', glob)\n",
                     "pkg/run.py": RUNNER})
    assert [f for f in findings(tmp_path / "pkg" / "run.py") if f[0] == "NIH101"] == []


# ---------------------------------------------------------------- threads

SERVER_TEST = """\
import subprocess
import threading
from http.server import HTTPServer, BaseHTTPRequestHandler
from pkg.helpers import run_tool


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        self.backend()

    def backend(self):
        run_tool(['git'])


class T:
    def setUp(self):
        self.httpd = HTTPServer(('localhost', 0), Handler)
        threading.Thread(target=self.httpd.serve_forever).start()

    def tearDown(self):
        with open('pid') as f:
            f.read()
        subprocess.Popen(['x'], stdout=subprocess.PIPE)
"""


def test_a_server_thread_whose_handler_spawns_through_the_project(tmp_path):
    path = package(tmp_path, SPAWNING_HELPER, SERVER_TEST)
    settings = Settings(min_python=(2, 7), min_python_source="test", scope="always", platforms=frozenset({"windows"}))
    found = {(code, line): message for code, line, _, message in findings(path, settings)}
    assert found[("NIH101", 21)].endswith(
        "another thread of this module may start a child while it is open (its code calls `run_tool` "
        "(pkg/helpers.py), which may start one); use ftools.open()")
    assert "another thread (thread code of this module calls `run_tool` (pkg/helpers.py), which may start one)" \
        in found[("NIH303", 23)]


def test_a_server_thread_whose_handler_does_not_spawn(tmp_path):
    path = package(tmp_path, QUIET_HELPER, SERVER_TEST)
    settings = Settings(min_python=(2, 7), min_python_source="test", scope="always", platforms=frozenset({"windows"}))
    assert {code for code, *_ in findings(path, settings)} & {"NIH101", "NIH303"} == set()


@pytest.mark.slow
def test_flake8_reports_the_cross_module_finding(tmp_path):
    path = package(tmp_path, SPAWNING_HELPER)
    result = subprocess.run([sys.executable, "-m", "flake8", "--isolated", "--select", "NIH101",
                             "--nih-min-python", "2.7", "--nih-scope", "always", str(path)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.stdout == (f"{path}:5:10: NIH101 open() creates a handle that child processes inherit on "
                             "Python < 3.4: `run_tool` (pkg/helpers.py), called at line 6, may start a child "
                             "while it is open; use ftools.open()\n")


def _diamonds(depth: int, last: str) -> str:
    """f0 calls a0 and b0, both call f1, ... : f{depth} is reached by 2**depth paths."""
    parts = ["from pkg.tool import run_tool\n\n\n"]
    for i in range(depth):
        parts.append(f"def f{i}(x):\n    a{i}(x)\n    b{i}(x)\n\n\ndef a{i}(x):\n    f{i + 1}(x)\n\n\n"
                     f"def b{i}(x):\n    f{i + 1}(x)\n\n\n")
    parts.append(f"def f{depth}(x):\n    {last}\n")
    return "".join(parts)


@pytest.mark.parametrize("last, spawns", [("return run_tool(x)", True), ("return len(x)", False)])
def test_a_function_reached_by_many_paths_is_walked_once(tmp_path, last, spawns):
    import time

    write(tmp_path, {"pkg/__init__.py": "", "pkg/tool.py": SPAWNING_HELPER, "pkg/helpers.py": _diamonds(30, last),
                     "pkg/main.py": WITH_HELPER.format(module="pkg.helpers").replace("run_tool", "f0")})
    started = time.perf_counter()
    found = nih1(tmp_path / "pkg" / "main.py")
    assert time.perf_counter() - started < 2.0  # 2**30 paths: walked per path, this would not end
    assert found == ([(
        "NIH101", 5, 9, "NIH101 open() creates a handle that child processes inherit on Python < 3.4: "
        "`f0` (pkg/helpers.py), called at line 6, may start a child while it is open; use ftools.open()")]
        if spawns else [])


def _chain(depth: int, last: str) -> str:
    """f0 calls f1 calls ... f{depth}, which runs `last`."""
    return "".join(f"def f{i}(x):\n    f{i + 1}(x)\n\n\n" for i in range(depth)) + f"def f{depth}(x):\n    {last}\n"


OWN_SPAWN = ("NIH301", 6, 4, "NIH301 subprocess.call() passes every open file and socket to the child on "
             "Python < 3.2 (close_fds defaults to False there); use close_fds=True, or pass_fds= for the "
             "descriptors the child needs")
CHAIN_MAIN = ("import subprocess\nfrom pkg.helpers import f0\n\n\ndef main(path):\n    subprocess.call(['x'])\n"
              "    with open(path) as f:\n        f0([f.read()])\n")


def test_a_deep_chain_of_local_calls_is_unknown_not_an_error(tmp_path):
    # 1000 nested calls in the linted module: no answer beyond the depth limit, the other findings stay
    main = CHAIN_MAIN.replace("from pkg.helpers import f0", "from pkg.helpers import quiet")
    write(tmp_path, {"pkg/__init__.py": "", "pkg/helpers.py": "def quiet():\n    return 1\n",
                     "pkg/main.py": main + "\n\n" + _chain(1000, "return quiet()")})
    assert findings(tmp_path / "pkg" / "main.py") == [OWN_SPAWN]


@pytest.mark.parametrize("depth, spawns", [(1200, False), (20, True)])
def test_a_deep_chain_of_calls_in_a_helper_is_unknown_not_an_error(tmp_path, depth, spawns):
    write(tmp_path, {"pkg/__init__.py": "", "pkg/tool.py": SPAWNING_HELPER, "pkg/main.py": CHAIN_MAIN,
                     "pkg/helpers.py": "from pkg.tool import run_tool\n\n\n" + _chain(depth, "return run_tool(x)")})
    nih101 = ("NIH101", 7, 9, "NIH101 open() creates a handle that child processes inherit on Python < 3.4: "
              "`f0` (pkg/helpers.py), called at line 8, may start a child while it is open; use ftools.open()")
    assert findings(tmp_path / "pkg" / "main.py") == [OWN_SPAWN] + ([nih101] if spawns else [])


def _read_files(path: Path):
    tree = parsing.parse(path.read_bytes(), str(path)).tree
    """The project's modules the findings were read from (not the ``__init__.py`` files, not the
    files looked for and missing)."""
    from noinherit_lint.cache import ABSENT

    return [p for p, digest in checker.check_with_dependencies(tree, SETTINGS, str(path))[1]
            if digest != ABSENT and not p.endswith("__init__.py")]


@pytest.mark.parametrize("target", ["stdlib", "outside"])
def test_a_module_linked_to_a_file_outside_the_project_is_not_read(tmp_path, target):
    project = tmp_path / "project"
    write(project, {"pkg/__init__.py": "",
                    "pkg/main.py": WITH_HELPER.format(module="pkg.helpers").replace("run_tool", "call")})
    if target == "stdlib":
        linked = Path(subprocess.__file__)
    else:
        linked = write(tmp_path, {"elsewhere/helpers.py": SPAWNING_HELPER.replace("run_tool", "call")})
        linked = linked / "elsewhere" / "helpers.py"
    helper = project / "pkg" / "helpers.py"
    helper.symlink_to(linked)
    assert nih1(project / "pkg" / "main.py") == []
    assert _read_files(project / "pkg" / "main.py") == []
    # the same file copied into the project is read
    helper.unlink()
    helper.write_bytes(linked.read_bytes())
    assert _read_files(project / "pkg" / "main.py") == [str(helper)]
    if target == "outside":
        assert [f[:2] for f in nih1(project / "pkg" / "main.py")] == [("NIH101", 5)]
