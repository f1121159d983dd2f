"""`cache.Cache` used directly: packs (one per source folder) written once per run and atomically,
concurrent writers that merge rather than lose correctness, damaged and stale packs and entries
as misses, and entries that depend on other files' content (the interface cross-module findings
use: ``put(key, findings, depends=((path, content_digest), ...))``)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from noinherit_lint import cache as cache_module
from noinherit_lint.cache import Cache, content_digest
from noinherit_lint.reported import Reported
from noinherit_lint.settings import Settings

FINDING = Reported("NIH101", "NIH101 open() creates a handle", 5, 13, 5, 29, 13, 29, "unsafe")
OTHER = Reported("NIH301", "NIH301 subprocess.call() passes every open file", 7, 11, 7, 27, 11, 27, None)
SETTINGS = Settings()


@pytest.fixture
def tree(tmp_path) -> Path:
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.py").write_text("import os\n")
    (source / "b.py").write_text("x = 1\n")
    (source / "helper.py").write_text("def spawn(): pass\n")
    return tmp_path


def _run(tree: Path) -> Cache:
    """A new run's view of the cache folder of `tree`."""
    cache = Cache(str(tree / "cache"))
    assert cache.prepare()
    return cache


def _key(tree: Path, name: str):
    path = tree / "src" / name
    return Cache.key(path.read_bytes(), SETTINGS, str(path))


def _packs(tree: Path):
    return sorted((tree / "cache").glob("*/*.json"))


def test_content_digest_is_blake2b_20_of_the_bytes():
    import hashlib

    assert content_digest(b"x = 1\n") == hashlib.blake2b(b"x = 1\n", digest_size=20).hexdigest()
    assert len(content_digest(b"")) == 40


def test_entries_of_one_folder_share_one_pack_written_at_flush(tree):
    run = _run(tree)
    assert run.get(_key(tree, "a.py")) is None
    run.put(_key(tree, "a.py"), [FINDING])
    run.put(_key(tree, "b.py"), [])
    assert _packs(tree) == []  # nothing is written before the run ends
    assert run.flush() is None
    packs = _packs(tree)
    assert len(packs) == 1 and not list((tree / "cache").glob("*/*.part"))
    assert json.loads(packs[0].read_bytes())["folder"] == str(tree / "src")
    later = _run(tree)
    assert later.get(_key(tree, "a.py")) == [FINDING]
    assert later.get(_key(tree, "b.py")) == []


def test_changed_content_or_settings_is_a_miss(tree):
    run = _run(tree)
    run.put(_key(tree, "a.py"), [FINDING])
    run.flush()
    (tree / "src" / "a.py").write_text("import sys\n")
    assert _run(tree).get(_key(tree, "a.py")) is None
    old = (tree / "src" / "a.py")
    other_settings = Cache.key(old.read_bytes(), Settings(scope="project"), str(old))
    assert _run(tree).get(other_settings) is None


def test_concurrent_writers_of_one_pack_keep_each_others_entries(tree):
    first, second = _run(tree), _run(tree)
    assert first.get(_key(tree, "a.py")) is None and second.get(_key(tree, "b.py")) is None  # both read it
    first.put(_key(tree, "a.py"), [FINDING])
    second.put(_key(tree, "b.py"), [OTHER])
    assert first.flush() is None
    assert second.flush() is None  # the pack changed since `second` read it: merged, not replaced
    later = _run(tree)
    assert later.get(_key(tree, "a.py")) == [FINDING] and later.get(_key(tree, "b.py")) == [OTHER]


def test_a_lost_update_is_a_miss_never_a_wrong_result(tree):
    """Two writers that both replace a pack at once: the survivor's entries are right, the others
    are misses.  Simulated by writing an old pack over a newer one."""
    run = _run(tree)
    run.put(_key(tree, "a.py"), [FINDING])
    run.flush()
    old = _packs(tree)[0].read_bytes()
    run = _run(tree)
    run.put(_key(tree, "b.py"), [OTHER])
    run.flush()
    _packs(tree)[0].write_bytes(old)
    later = _run(tree)
    assert later.get(_key(tree, "a.py")) == [FINDING] and later.get(_key(tree, "b.py")) is None


def test_a_damaged_pack_is_a_miss_and_rewritten(tree):
    run = _run(tree)
    run.put(_key(tree, "a.py"), [FINDING])
    run.put(_key(tree, "b.py"), [OTHER])
    run.flush()
    pack = _packs(tree)[0]
    for junk in (b"{not json", b"\xff\xfe", b"[]", b'{"folder": 3, "entries": {}}', b"[" * 100000):
        pack.write_bytes(junk)
        run = _run(tree)
        assert run.get(_key(tree, "a.py")) is None and run.get(_key(tree, "b.py")) is None
    run.put(_key(tree, "a.py"), [FINDING])
    assert run.flush() is None
    assert _run(tree).get(_key(tree, "a.py")) == [FINDING]


@pytest.mark.parametrize("damage", [
    lambda entry: entry.__setitem__(1, [["NIH101"]]),  # not a finding
    lambda entry: entry.__setitem__(1, [FINDING.as_list()[:-1]]),
    lambda entry: entry.__setitem__(0, "0" * 40),  # another key
    lambda entry: entry.__setitem__(2, [["/x"]]),  # a dependency without a digest
    lambda entry: entry.__setitem__(2, "no"),
    lambda entry: entry.pop(),
    lambda entry: entry.__setitem__(0, None),
])
def test_a_damaged_entry_is_a_miss_for_its_file_only(tree, damage):
    run = _run(tree)
    run.put(_key(tree, "a.py"), [FINDING])
    run.put(_key(tree, "b.py"), [OTHER])
    run.flush()
    pack = _packs(tree)[0]
    data = json.loads(pack.read_bytes())
    (entry,) = data["entries"]["a.py"]
    damage(entry)
    pack.write_text(json.dumps(data))
    later = _run(tree)
    assert later.get(_key(tree, "a.py")) is None and later.get(_key(tree, "b.py")) == [OTHER]


@pytest.mark.parametrize("junk", ["no", {"x": 1}, [["short"]], None])
def test_a_damaged_list_of_entries_is_a_miss_and_replaced(tree, junk):
    run = _run(tree)
    run.put(_key(tree, "a.py"), [FINDING])
    run.flush()
    pack = _packs(tree)[0]
    data = json.loads(pack.read_bytes())
    data["entries"]["a.py"] = junk
    pack.write_text(json.dumps(data))
    run = _run(tree)
    assert run.get(_key(tree, "a.py")) is None
    run.put(_key(tree, "a.py"), [FINDING])
    run.flush()
    assert _run(tree).get(_key(tree, "a.py")) == [FINDING]
    assert len(json.loads(pack.read_bytes())["entries"]["a.py"]) == 1


def test_the_last_versions_of_a_file_stay_hits(tree):
    """A branch switched back (an older content) or a run with other settings in between."""
    path = tree / "src" / "a.py"
    contents = [f"x = {number}\n".encode() for number in range(cache_module.VERSIONS + 1)]
    for number, content in enumerate(contents):
        path.write_bytes(content)
        run = _run(tree)
        run.put(Cache.key(content, SETTINGS, str(path)), [FINDING] * number)
        run.flush()
    later = _run(tree)
    assert later.get(Cache.key(contents[0], SETTINGS, str(path))) is None  # the oldest was dropped
    for number, content in enumerate(contents[1:], 1):
        assert later.get(Cache.key(content, SETTINGS, str(path))) == [FINDING] * number
    project = Settings(scope="project")
    run = _run(tree)
    run.put(Cache.key(contents[-1], project, str(path)), [OTHER])
    run.put(Cache.key(contents[-1], SETTINGS, str(path)), [FINDING])  # put again: the newest, not twice
    run.flush()
    later = _run(tree)
    assert later.get(Cache.key(contents[-1], project, str(path))) == [OTHER]
    assert later.get(Cache.key(contents[-1], SETTINGS, str(path))) == [FINDING]
    digests = [entry[0] for entry in json.loads(_packs(tree)[0].read_bytes())["entries"]["a.py"]]
    assert len(digests) == cache_module.VERSIONS == len(set(digests))
    assert digests[-1] == Cache.key(contents[-1], SETTINGS, str(path)).digest


def test_concurrent_writers_of_one_file_keep_both_versions(tree):
    path = tree / "src" / "a.py"
    first, second = _run(tree), _run(tree)
    first.get(_key(tree, "a.py")), second.get(_key(tree, "a.py"))
    first.put(Cache.key(b"one\n", SETTINGS, str(path)), [FINDING])
    second.put(Cache.key(b"two\n", SETTINGS, str(path)), [OTHER])
    first.flush()
    second.flush()
    later = _run(tree)
    assert later.get(Cache.key(b"one\n", SETTINGS, str(path))) == [FINDING]
    assert later.get(Cache.key(b"two\n", SETTINGS, str(path))) == [OTHER]


def test_a_pack_of_another_folder_is_a_miss(tree):
    """A pack copied with a tree, or a digest collision: the pack names its folder."""
    run = _run(tree)
    run.put(_key(tree, "a.py"), [FINDING])
    run.flush()
    pack = _packs(tree)[0]
    data = json.loads(pack.read_bytes())
    data["folder"] = str(tree / "elsewhere")
    pack.write_text(json.dumps(data))
    assert _run(tree).get(_key(tree, "a.py")) is None


def test_entries_of_deleted_files_are_dropped_when_the_pack_is_written(tree):
    run = _run(tree)
    run.put(_key(tree, "a.py"), [FINDING])
    run.put(_key(tree, "b.py"), [OTHER])
    run.flush()
    (tree / "src" / "b.py").unlink()
    run = _run(tree)
    run.put(_key(tree, "helper.py"), [])
    run.flush()
    assert sorted(json.loads(_packs(tree)[0].read_bytes())["entries"]) == ["a.py", "helper.py"]


def test_a_failed_write_keeps_the_old_pack_whole_and_turns_the_cache_off(tree, monkeypatch):
    run = _run(tree)
    run.put(_key(tree, "a.py"), [FINDING])
    run.flush()
    before = _packs(tree)[0].read_bytes()
    run = _run(tree)
    run.put(_key(tree, "b.py"), [OTHER])
    real_write = os.write

    def half_then_full_disk(fd, data):
        if len(data) > 10:
            real_write(fd, bytes(data[:10]))
            raise OSError(28, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(cache_module.os, "write", half_then_full_disk)
    problem = run.flush()
    monkeypatch.undo()
    assert problem == f"cannot write to the cache folder {tree / 'cache'} (No space left on device); caching is off"
    assert _packs(tree)[0].read_bytes() == before
    assert not list((tree / "cache").glob("*/*.part"))
    run.put(_key(tree, "helper.py"), [])  # off for the rest of the run
    assert run.flush() == problem and _packs(tree)[0].read_bytes() == before


def test_the_fingerprint_folder_deleted_during_the_run_is_made_again(tree):
    import shutil

    run = _run(tree)
    run.put(_key(tree, "a.py"), [FINDING])
    shutil.rmtree(tree / "cache")
    assert run.flush() is None
    assert _run(tree).get(_key(tree, "a.py")) == [FINDING]


def _with_dependency(tree):
    helper = tree / "src" / "helper.py"
    run = _run(tree)
    run.put(_key(tree, "a.py"), [FINDING], depends=[(str(helper), content_digest(helper.read_bytes()))])
    assert run.flush() is None
    return helper


def test_an_entry_with_unchanged_dependencies_is_a_hit(tree):
    _with_dependency(tree)
    assert _run(tree).get(_key(tree, "a.py")) == [FINDING]
    assert _run(tree).get(_key(tree, "a.py")) == [FINDING]


def test_an_edited_dependency_is_a_miss_until_its_content_is_back(tree):
    helper = _with_dependency(tree)
    original = helper.read_bytes()
    helper.write_text("def spawn(): import subprocess\n")
    assert _run(tree).get(_key(tree, "a.py")) is None
    helper.write_bytes(original)  # content, not mtime, decides
    assert _run(tree).get(_key(tree, "a.py")) == [FINDING]


def test_a_deleted_or_unreadable_dependency_is_a_miss(tree):
    helper = _with_dependency(tree)
    helper.unlink()
    assert _run(tree).get(_key(tree, "a.py")) is None
    helper.mkdir()  # a folder where the module was
    assert _run(tree).get(_key(tree, "a.py")) is None


def test_a_dependency_is_read_once_per_run(tree, monkeypatch):
    helper = _with_dependency(tree)
    run = _run(tree)
    reads = []
    real = cache_module.read_bytes
    monkeypatch.setattr(cache_module, "read_bytes", lambda path, **kw: reads.append(path) or real(path, **kw))
    assert run.get(_key(tree, "a.py")) == [FINDING]
    helper.write_text("changed = True\n")
    assert run.get(_key(tree, "a.py")) == [FINDING]  # the run's view: the content it read first
    assert reads == [str(helper)]
    assert _run(tree).get(_key(tree, "a.py")) is None  # the next run reads it again


def test_dependencies_are_written_and_read_back_exactly(tree):
    helper = _with_dependency(tree)
    entry = json.loads(_packs(tree)[0].read_bytes())["entries"]["a.py"]
    assert entry == [[_key(tree, "a.py").digest, [FINDING.as_list()],
                      [[str(helper), content_digest(helper.read_bytes())]]]]
