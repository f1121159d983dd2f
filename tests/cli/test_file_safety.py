"""`noinherit-fix` replaces only what it read and keeps what the user owns (issue 12).

One test per defect of the file-safety audit, each with the audit's small reproduction: a save by
another process between read and replace, ACLs and extended attributes, hard links, setuid and
owners, FIFOs/devices/sockets named *.py, a size limit, encodings that do not round-trip, long
file names, control characters in names.  Each failed before the fix and passes after it.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from noinherit_lint import cli
from noinherit_lint.fixes import files
from tests.cli.test_cli import FIXED, LEAKY, run, write

ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SCRIPT = Path(sys.executable).parent / "noinherit-fix"
NOBODY = 65534


def _fix(*args, cwd=None, timeout=120, user=None) -> subprocess.CompletedProcess:
    """The console script in a child process (`user`: drop to that uid/gid first, as root)."""
    if user is None:
        command = [str(SCRIPT), "--unsafe-fixes", *map(str, args)]
    else:
        command = [sys.executable, "-c",  # load everything as root: the interpreter may be root's
                   "import os, sys, noinherit_lint.cli as cli\n"
                   "from noinherit_lint.fixes.source import fix_source\n"
                   "from noinherit_lint.settings import Settings\n"
                   "cli.build_parser().format_help()\n"
                   f"fix_source({LEAKY!r}, Settings(min_python=(2, 7), min_python_source='t'))\n"
                   f"os.setgroups([]); os.setgid({user}); os.setuid({user})\n"
                   "sys.exit(cli.main(sys.argv[1:]))", *map(str, args)]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=timeout)


# --------------------------------------------------------------------------- replace only what was read

def _editor_save(path: Path, text: bytes) -> None:
    """What an editor does: new bytes of the same size, and (a coarse clock) the same mtime."""
    before = path.stat()
    assert len(text) == before.st_size
    path.write_bytes(text)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def _save_after_the_fix(monkeypatch, path: Path) -> None:
    """Someone saves `path` after the codemod has read and fixed it, before it writes."""
    real_fix = cli.fix_source

    def fix_then_someone_saves(*args, **kwargs):
        result = real_fix(*args, **kwargs)
        _editor_save(path, EDITED)
        return result

    monkeypatch.setattr(cli, "fix_source", fix_then_someone_saves)


EDITED = LEAKY.replace('open("p")', 'open("q")').encode()


def test_a_save_by_another_process_after_the_read_is_not_overwritten(tmp_path, capsys, monkeypatch):
    path = write(tmp_path / "leaky.py", LEAKY)
    _save_after_the_fix(monkeypatch, path)
    code, out, err = run(capsys, "--min-python", "2.7", path)
    assert (code, err) == (2, f"{path}: changed while being fixed; not changed\n")
    assert path.read_bytes() == EDITED


def test_a_save_just_before_the_replace_is_not_overwritten(tmp_path, capsys, monkeypatch):
    """The check is made after the temporary file is ready, right before `os.replace`."""
    path = write(tmp_path / "leaky.py", LEAKY)
    real_give = files.give

    def give_then_someone_saves(fd, wanted):
        real_give(fd, wanted)
        _editor_save(path, EDITED)

    monkeypatch.setattr(files, "give", give_then_someone_saves)
    code, out, err = run(capsys, "--min-python", "2.7", path)
    assert (code, err) == (2, f"{path}: changed while being fixed; not changed\n")
    assert path.read_bytes() == EDITED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leaky.py"]


def test_a_racing_editor_process_is_not_overwritten(tmp_path):
    """The audit's reproduction, with no delay injected into the tool: another process (this
    one) saves the file the moment the tool has read it -- seen as the read updating the access
    time -- while the tool is still fixing its 1,000 calls.  It lost the save in 5 of 5 runs."""
    source = "import subprocess\n" + "".join(f'h{i} = open("p{i:05}")\n' for i in range(1000))
    path = write(tmp_path / "big.py", source)
    saved = source.replace('"p00000"', '"q00000"').encode()
    info = path.stat()
    os.utime(path, ns=(info.st_mtime_ns - 10 ** 10, info.st_mtime_ns))  # relatime updates an older atime
    read_at = path.stat().st_atime_ns
    tool = subprocess.Popen([str(SCRIPT), "--unsafe-fixes", "--min-python", "2.7", str(path)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while path.stat().st_atime_ns == read_at and tool.poll() is None:
        time.sleep(0.001)
    if tool.poll() is not None:
        pytest.skip("the file system does not update access times")
    _editor_save(path, saved)
    out, err = tool.communicate(timeout=120)
    assert (tool.returncode, err) == (2, f"{path}: changed while being fixed; not changed\n")
    assert path.read_bytes() == saved
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.py"]


def test_same_bytes_same_identity_is_still_replaced(tmp_path, capsys, monkeypatch):
    """The check compares bytes: a touch-free read of the file in between changes nothing."""
    path = write(tmp_path / "leaky.py", LEAKY)
    real_give = files.give
    monkeypatch.setattr(files, "give", lambda fd, wanted: (path.read_bytes(), real_give(fd, wanted)))
    assert run(capsys, "--min-python", "2.7", path)[0] == 1
    assert path.read_text() == FIXED


# --------------------------------------------------------------------------- what the user owns

def _setxattr_or_skip(path: Path, name: str, value: bytes) -> None:
    try:
        os.setxattr(path, name, value)
    except OSError as exc:
        pytest.skip(f"cannot set {name} here ({exc.strerror})")


ACL_USER_OBJ, ACL_USER, ACL_GROUP_OBJ, ACL_MASK, ACL_OTHER = 0x01, 0x02, 0x04, 0x10, 0x20
NO_ID = 0xFFFFFFFF


def _acl(*entries) -> bytes:
    """The Linux ``system.posix_acl_*`` value (version 2, then tag/permissions/id entries)."""
    return struct.pack("<I", 2) + b"".join(struct.pack("<HHI", tag, perm, ident) for tag, perm, ident in entries)


# user::rw- user:12345:rw- group::r-- mask::rw- other::---  (ls shows the mask as the group: 0660)
ACL = _acl((ACL_USER_OBJ, 6, NO_ID), (ACL_USER, 6, 12345), (ACL_GROUP_OBJ, 4, NO_ID),
           (ACL_MASK, 6, NO_ID), (ACL_OTHER, 0, NO_ID))


def _xattrs(path: Path) -> dict:
    return {name: os.getxattr(path, name) for name in os.listxattr(path)}


needs_xattrs = pytest.mark.skipif(not hasattr(os, "setxattr"), reason="needs os.setxattr (Linux)")


@needs_xattrs
def test_extended_attributes_are_kept(tmp_path, capsys):
    path = write(tmp_path / "leaky.py", LEAKY)
    _setxattr_or_skip(path, "user.origin", b"kept \x00 bytes")
    wanted = {"user.origin": b"kept \x00 bytes"}
    if ROOT:  # the namespaces only root may write: a rewrite by root must keep them too
        for name in ("trusted.note", "security.note"):
            try:
                os.setxattr(path, name, b"root's")
                wanted[name] = b"root's"
            except OSError:
                pass
    assert run(capsys, "--min-python", "2.7", path)[0] == 1
    assert path.read_text() == FIXED
    assert _xattrs(path) == wanted


@needs_xattrs
def test_an_acl_is_kept_and_the_owning_group_gains_nothing(tmp_path, capsys):
    path = write(tmp_path / "leaky.py", LEAKY, mode=0o640)
    _setxattr_or_skip(path, "system.posix_acl_access", ACL)
    assert stat.S_IMODE(path.stat().st_mode) == 0o660  # the group bits show the mask
    assert run(capsys, "--min-python", "2.7", path)[0] == 1
    assert path.read_text() == FIXED
    assert os.getxattr(path, "system.posix_acl_access") == ACL  # group::r-- still, user:12345 kept
    assert stat.S_IMODE(path.stat().st_mode) == 0o660
    if shutil.which("getfacl"):
        listing = subprocess.run(["getfacl", "-n", "-p", str(path)], capture_output=True, text=True).stdout
        assert "group::r--" in listing and "user:12345:rw-" in listing


@needs_xattrs
def test_a_folder_default_acl_is_not_given_to_a_file_that_had_none(tmp_path, capsys):
    path = write(tmp_path / "leaky.py", LEAKY, mode=0o644)
    _setxattr_or_skip(tmp_path, "system.posix_acl_default", ACL)  # new files in the folder inherit it
    assert run(capsys, "--min-python", "2.7", path)[0] == 1
    assert "system.posix_acl_access" not in os.listxattr(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


@pytest.mark.skipif(not ROOT, reason="needs root to give the file another owner")
@pytest.mark.parametrize("mode", [0o6755, 0o4750, 0o2775, 0o1644])
def test_setuid_setgid_sticky_and_owner_are_kept_when_root_rewrites_another_users_file(tmp_path, capsys, mode):
    path = write(tmp_path / "tool.py", "#!/usr/bin/env python\n" + LEAKY)
    os.chown(path, 12345, 23456)
    os.chmod(path, mode)
    assert run(capsys, "--min-python", "2.7", path)[0] == 1
    info = path.stat()
    assert (stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid) == (mode, 12345, 23456)


@pytest.fixture
def shared_folder():
    """A folder under /tmp that the unprivileged user may search and write (tmp_path is 0700)."""
    if not ROOT or not hasattr(os, "setuid"):
        pytest.skip("needs root, to act as another user")
    folder = Path(tempfile.mkdtemp(prefix="nih-shared-"))
    for parent in folder.parents:
        if not os.stat(parent).st_mode & 0o001:
            shutil.rmtree(folder)
            pytest.skip(f"{parent} is not searchable by an unprivileged user")
    os.chown(folder, NOBODY, NOBODY)
    yield folder
    shutil.rmtree(folder)


def test_a_file_of_another_user_is_refused_not_taken_over(shared_folder):
    """A group-writable file of user 12345, fixed by user nobody: replacing it would make it
    nobody's.  It is refused in one line and keeps its owner."""
    path = write(shared_folder / "shared.py", LEAKY, mode=0o664)
    os.chown(path, 12345, NOBODY)
    result = _fix("--min-python", "2.7", "shared.py", cwd=shared_folder, user=NOBODY)
    assert result.returncode == 2, result.stderr
    assert result.stderr == f"shared.py: cannot keep its owner 12345:{NOBODY} (Operation not permitted); not changed\n"
    info = path.stat()
    assert (info.st_uid, info.st_gid, path.read_text()) == (12345, NOBODY, LEAKY)
    assert sorted(p.name for p in shared_folder.iterdir()) == ["shared.py"]


def test_an_attribute_the_runner_cannot_set_is_refused_not_dropped(shared_folder):
    """A file capability (security.capability) on nobody's file: nobody can write the file but
    not set the capability on a new one, so the rewrite is refused."""
    path = write(shared_folder / "capable.py", LEAKY, mode=0o755)
    os.chown(path, NOBODY, NOBODY)
    capability = struct.pack("<IIIII", 0x02000000, 1 << 10, 0, 0, 0)  # v2, cap_net_bind_service
    _setxattr_or_skip(path, "security.capability", capability)
    result = _fix("--min-python", "2.7", "capable.py", cwd=shared_folder, user=NOBODY)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("capable.py: cannot keep its extended attribute security.capability (")
    assert result.stderr.endswith("); not changed\n")
    assert path.read_text() == LEAKY and os.getxattr(path, "security.capability") == capability


# --------------------------------------------------------------------------- hard links

def test_a_hard_linked_file_is_refused_by_default(tmp_path, capsys):
    path = write(tmp_path / "leaky.py", LEAKY)
    other = tmp_path / "other_name.py"
    os.link(path, other)
    code, out, err = run(capsys, "--min-python", "2.7", path)
    assert code == 2
    assert err == (f"{path}: has 2 hard links, which a replacement would split (the other names would "
                   "keep the old code; --hard-links in-place writes through them); not changed\n")
    assert path.read_text() == other.read_text() == LEAKY
    assert path.stat().st_ino == other.stat().st_ino


def test_hard_links_in_place_rewrites_every_name(tmp_path, capsys):
    path = write(tmp_path / "leaky.py", LEAKY, mode=0o640)
    other = tmp_path / "other_name.py"
    os.link(path, other)
    inode = path.stat().st_ino
    if hasattr(os, "setxattr"):
        _setxattr_or_skip(path, "user.origin", b"kept")
    code, out, err = run(capsys, "--min-python", "2.7", "--hard-links", "in-place", path)
    assert (code, err) == (1, f"Rewriting {path}\n")
    assert path.read_text() == other.read_text() == FIXED
    assert path.stat().st_ino == other.stat().st_ino == inode
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    if hasattr(os, "setxattr"):
        assert os.getxattr(other, "user.origin") == b"kept"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leaky.py", "other_name.py"]


def test_hard_links_in_place_checks_what_was_read(tmp_path, capsys, monkeypatch):
    path = write(tmp_path / "leaky.py", LEAKY)
    os.link(path, tmp_path / "other_name.py")
    _save_after_the_fix(monkeypatch, path)
    code, out, err = run(capsys, "--min-python", "2.7", "--hard-links", "in-place", path)
    assert (code, err) == (2, f"{path}: changed while being fixed; not changed\n")
    assert path.read_bytes() == EDITED


# --------------------------------------------------------------------------- only regular files

def test_a_fifo_named_py_is_skipped_in_one_line_and_never_blocks(tmp_path):
    os.mkfifo(tmp_path / "pipe.py")
    write(tmp_path / "leaky.py", LEAKY)
    result = _fix("--min-python", "2.7", "pipe.py", ".", cwd=tmp_path, timeout=60)  # blocked forever before
    assert result.returncode == 2
    assert result.stderr == "pipe.py: is a FIFO, not a regular file; skipped\nRewriting ./leaky.py\n"


def test_a_fifo_found_by_the_walk_is_skipped_too(tmp_path):
    os.mkfifo(tmp_path / "pipe.py")
    result = _fix("--min-python", "2.7", ".", cwd=tmp_path, timeout=60)
    assert (result.returncode, result.stderr) == (2, "./pipe.py: is a FIFO, not a regular file; skipped\n")


def test_a_character_device_named_py_is_never_read(tmp_path):
    """/dev/zero behind a *.py name was read until memory ran out."""
    os.symlink("/dev/zero", tmp_path / "zero.py")
    result = _fix("--min-python", "2.7", "zero.py", cwd=tmp_path, timeout=60)
    assert (result.returncode, result.stderr) == (2, "zero.py: is a character device, not a regular file; skipped\n")


def test_a_device_node_found_by_the_walk_is_skipped(tmp_path):
    try:
        os.mknod(tmp_path / "null.py", stat.S_IFCHR | 0o600, os.makedev(1, 3))
    except (OSError, AttributeError) as exc:
        pytest.skip(f"cannot create a device node here ({exc})")
    result = _fix("--min-python", "2.7", ".", cwd=tmp_path, timeout=60)
    assert (result.returncode, result.stderr) == (2, "./null.py: is a character device, not a regular file; skipped\n")


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="needs Unix sockets")
def test_a_socket_named_py_is_skipped(tmp_path):
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "sock.py"))
    except OSError as exc:
        pytest.skip(f"cannot bind a Unix socket here ({exc})")
    try:
        result = _fix("--min-python", "2.7", "sock.py", cwd=tmp_path, timeout=60)
    finally:
        server.close()
    assert (result.returncode, result.stderr) == (2, "sock.py: is a socket, not a regular file; skipped\n")


def test_files_over_the_size_limit_are_refused_before_reading(tmp_path, capsys):
    path = write(tmp_path / "big.py", LEAKY + "#" * (3 * 2 ** 20) + "\n")
    code, out, err = run(capsys, "--min-python", "2.7", "--max-size", "2", path)
    assert (code, err) == (2, f"{path}: is larger than the size limit (3.0 MB > 2.0 MB, see --max-size); "
                              "not changed\n")
    assert run(capsys, "--min-python", "2.7", "--max-size", "4", path)[0] == 1


def test_the_default_size_limit_is_10_mb(tmp_path, capsys):
    path = tmp_path / "huge.py"
    with open(path, "wb") as handle:  # sparse: no 10 MB written
        handle.truncate(10 * 2 ** 20 + 1)
    code, out, err = run(capsys, path)
    assert (code, err) == (2, f"{path}: is larger than the size limit (10.0 MB > 10.0 MB, see --max-size); "
                              "not changed\n")


# --------------------------------------------------------------------------- encodings

@pytest.mark.parametrize("name, data", [
    # 0x879A is NEC's form of U+2235; cp932 encodes U+2235 as 0x81E6.
    ("cp932", b"# -*- coding: cp932 -*-\nimport subprocess\nx = '\x87\x9a'\nf = open('p')\n"),
    # ESC ( J (JIS-Roman) comes back as ESC ( B; the backslash moves.
    ("iso2022_jp", b"# -*- coding: iso2022_jp -*-\nimport subprocess\nx = '\x1b(J\\a\x1b(B'\nf = open('p')\n"),
    # '+AGI-' and 'b' are the same text.
    ("utf-7", b"# -*- coding: utf-7 -*-\nimport subprocess\ny = 'a+AGI-c'\nf = open('p')\n"),
])
def test_encodings_that_do_not_round_trip_are_refused_not_changed(tmp_path, capsys, name, data):
    path = write(tmp_path / f"{name}.py", data)
    code, out, err = run(capsys, "--min-python", "2.7", path)
    assert code == 2
    assert err == (f"{path}: cannot be rewritten byte for byte as {name} "
                   "(decoding and encoding its text again gives other bytes); not changed\n")
    assert path.read_bytes() == data


def test_a_cp932_file_that_round_trips_is_fixed_byte_for_byte(tmp_path, capsys):
    data = b"# -*- coding: cp932 -*-\nimport subprocess\nx = '\x93\xfa\x96{'\nf = open('\x81\xe6')\n"
    path = write(tmp_path / "jp.py", data)
    assert run(capsys, "--min-python", "2.7", path)[0] == 1
    assert path.read_bytes() == data.replace(b"import subprocess\n", b"import subprocess\n\n"
                                             b"from noinherit_ftools import ftools\n\n").replace(b"f = open", b"f = ftools.open")


# --------------------------------------------------------------------------- names

@pytest.mark.parametrize("length", [240, 255])
def test_a_long_legal_file_name_can_be_fixed(tmp_path, capsys, length):
    path = write(tmp_path / ("x" * (length - 3) + ".py"), LEAKY)
    code, out, err = run(capsys, "--min-python", "2.7", path)
    assert (code, err) == (1, f"Rewriting {path}\n")
    assert path.read_text() == FIXED


def test_temporary_file_names_are_short_and_recognisable(tmp_path):
    fd, temp = files._create_temp(str(tmp_path))
    os.close(fd)
    name = os.path.basename(temp)
    assert name.startswith(f".noinherit-fix-{os.getpid()}-") and name.endswith(".tmp") and len(name) <= 40


def test_control_characters_in_file_names_are_escaped(tmp_path, capsys):
    path = write(tmp_path / "bad\nname\x1b[31m\t.py", LEAKY)
    code, out, err = run(capsys, "--min-python", "2.7", "--diff", path)
    shown = str(path).replace("\n", "\\n").replace("\x1b", "\\x1b").replace("\t", "\\t")
    assert code == 1 and out.startswith(f"--- {shown}\n+++ {shown}\n@@ ")
    code, out, err = run(capsys, "--min-python", "2.7", path)
    assert (code, err) == (1, f"Rewriting {shown}\n")
    refused = write(tmp_path / "\x1b]0;title\x07.py", b"\xff")
    code, out, err = run(capsys, refused)
    assert code == 2 and err.startswith(f"{tmp_path}/\\x1b]0;title\\x07.py: cannot decode") and err.count("\n") == 1


# --------------------------------------------------------------------------- no "internal error"

def test_ordinary_refusals_are_not_called_internal_errors(tmp_path, capsys, monkeypatch):
    path = write(tmp_path / "leaky.py", LEAKY)

    def too_deep(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(cli, "fix_source", too_deep)
    assert run(capsys, "--min-python", "2.7", path) == (2, "", f"{path}: nested too deeply; not changed\n")

    def out_of_memory(*args, **kwargs):
        raise MemoryError()

    monkeypatch.setattr(cli, "fix_source", out_of_memory)
    assert run(capsys, "--min-python", "2.7", path) == (
        2, "", f"{path}: too large or nested too deeply; not changed\n")
    assert path.read_text() == LEAKY
