"""The hooks in .pre-commit-hooks.yaml, run by the real `pre-commit try-repo`.

A temporary git repository holds a leaky module and a pyproject.toml whose requires-python is
old enough for NIH101 to apply.  `try-repo` installs this project into its own environment (from
HEAD, or from a shadow commit of uncommitted changes), so this test needs network access to PyPI
the first time; pip's cache makes later runs faster.  Both hooks run in one `try-repo` call (it
installs one environment per call): the check hook must fail and print the finding, the fix hook
must rewrite the file and fail because it changed it; a second call must pass both.
The check hook is `noinherit-lint check`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.integration.conftest import REPO_ROOT

LEAKY = (
    "import subprocess\n"
    "\n"
    "\n"
    "def log_and_run(path, argv):\n"
    "    handle = open(path, 'a')\n"
    "    handle.write('running')\n"
    "    return subprocess.call(argv)\n"
)

pytestmark = [pytest.mark.slow, pytest.mark.skipif(
    shutil.which("git") is None or not (REPO_ROOT / ".git").exists(),
    reason="needs git and a git checkout of this project (try-repo installs from it)",
)]


def _git(cwd, *args):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, timeout=60)


def _try_repo(cwd, *hooks):
    env = dict(os.environ)
    # try-repo installs into a fresh store of its own; this only keeps pre-commit's log out of ~.
    env.update(PRE_COMMIT_HOME=str(cwd.parent / "pre-commit-home"), PRE_COMMIT_COLOR="never",
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@t",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@t")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO_ROOT), *hooks, "--all-files",
         "--verbose"],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=900,
    )


@pytest.fixture
def user_repo(tmp_path):
    repo = tmp_path / "user"
    repo.mkdir()
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "user"\nversion = "1"\nrequires-python = ">=2.7"\n'
        # the open() fix is unsafe (a runtime swap): this project takes every fix
        '[tool.noinherit]\nunsafe-fixes = true\n'
    )
    (repo / "leaky.py").write_text(LEAKY)
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    return repo


def test_check_fails_fix_rewrites_then_both_pass(user_repo):
    first = _try_repo(user_repo)
    out = first.stdout + first.stderr
    assert first.returncode == 1, out
    # The check hook ran first (hooks are sorted by id) and printed the finding, with position.
    assert "noinherit-check" in out and "leaky.py:5:14: NIH101 " in out, out
    # The fix hook rewrote the file, so pre-commit reports it as failed with modified files.
    assert "files were modified by this hook" in out and "Rewriting leaky.py" in out, out
    fixed = (user_repo / "leaky.py").read_text()
    assert "ftools.open(path, 'a')" in fixed, fixed
    assert "open(path, 'a')" not in fixed.replace("ftools.open(path, 'a')", ""), fixed
    compile(fixed, "leaky.py", "exec")

    _git(user_repo, "add", ".")
    second = _try_repo(user_repo)
    out = second.stdout + second.stderr
    assert second.returncode == 0, out
    assert out.count("Passed") == 2, out
    assert (user_repo / "leaky.py").read_text() == fixed


def test_check_hook_alone_never_modifies_and_fails_on_unparseable_files(user_repo):
    (user_repo / "broken.py").write_text("def (:\n")
    (user_repo / "stub.pyi").write_text("import subprocess\ndef f() -> None: ...\nx = open('p')\n")
    _git(user_repo, "add", ".")
    result = _try_repo(user_repo, "noinherit-check")
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "leaky.py:5:14: NIH101 " in out, out
    assert "broken.py:1:5: NIH001 cannot parse" in out, out
    assert "stub.pyi:3:5: NIH101 " in out, out  # types_or: [python, pyi]
    assert (user_repo / "leaky.py").read_text() == LEAKY
    # the check's cache folder ignores itself
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=user_repo,
                            capture_output=True, text=True, check=True).stdout
    assert ".noinherit_cache" not in status, status
