"""Memos keep results between runs and never serve one computed by other code."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bidgen.core import memo as memo_module
from bidgen.core.memo import Memo, code_stamp
from bidgen.validate.promises.reading import Reader, read_unit
from tests.conftest import ROOT


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BIDGEN_CACHE_DIR", str(folder))
    with memo_module.in_use():
        yield folder


def test_outside_a_command_nothing_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("BIDGEN_CACHE_DIR", str(tmp_path))
    memo = Memo.open("t", "stamp", 10)
    memo.put("key", "value")
    memo.save()
    assert memo.path is None and not list(tmp_path.glob("memo-*"))


def test_a_saved_memo_is_read_back(cache: Path):
    memo = Memo.open("t", "stamp-1", 10)
    memo.put(("key", 1), {"value": [1, 2]})
    memo.save()
    assert Memo.open("t", "stamp-1", 10).get(("key", 1)) == {"value": [1, 2]}
    assert oct((cache / "memo-t.pickle").stat().st_mode & 0o777) == "0o600"


def test_a_memo_of_other_code_is_ignored(cache: Path):
    memo = Memo.open("t", "stamp-1", 10)
    memo.put("key", "old")
    memo.save()
    assert Memo.open("t", "stamp-2", 10).get("key") is None


@pytest.mark.parametrize("content", [b"", b"not a pickle", b"\x80\x05K\x01."])
def test_a_damaged_memo_is_ignored(cache: Path, content: bytes):
    cache.mkdir(mode=0o700)
    (cache / "memo-t.pickle").write_bytes(content)
    os.chmod(cache / "memo-t.pickle", 0o600)
    assert Memo.open("t", "stamp", 10).get("key", "none") == "none"


def test_a_memo_anyone_may_write_is_not_read(cache: Path):
    memo = Memo.open("t", "stamp", 10)
    memo.put("key", "value")
    memo.save()
    os.chmod(cache / "memo-t.pickle", 0o666)
    assert Memo.open("t", "stamp", 10).get("key") is None


def test_a_memo_keeps_the_entries_used_last(cache: Path):
    memo = Memo.open("t", "stamp", 3)
    for key in "abcd":
        memo.put(key, key.upper())
    memo.get("a")  # used again: kept
    memo.put("e", "E")
    memo.save()
    kept = Memo.open("t", "stamp", 3).entries
    assert list(kept) == ["d", "a", "e"]


def test_the_code_stamp_follows_the_source_files():
    """An edited module of bidgen changes the stamp (a fresh process sees the edit)."""
    probe = "from bidgen.core.memo import code_stamp; print(code_stamp('opencc'))"
    module = ROOT / "bidgen" / "core" / "memo.py"
    before = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    info = module.stat()
    try:
        os.utime(module, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
        after = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    finally:
        os.utime(module, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert before.stdout.strip() and before.stdout != after.stdout
    assert code_stamp("opencc") != code_stamp("opencc", "jinja2")


LINES = [
    "一级故障15分钟内响应，1小时内到达现场，4小时内修复。",
    "服务时间为7×24小时，全年无休。",
    "接到报修后第一时间响应。",
]


def test_a_remembered_reading_equals_a_fresh_one(cache: Path):
    names = ("一级故障", "二级故障")
    first = Reader("方案.txt")
    fresh = [first.read(text, names) for text in LINES]
    first.close()
    again = Reader("方案.txt")
    assert len(again.memo.entries) == len(LINES)
    assert [again.read(text, names) for text in LINES] == fresh
    assert fresh == [read_unit(text, names) for text in LINES]
    assert fresh[0].promises and fresh[1].times and fresh[2].weak


def test_an_edited_paragraph_is_read_afresh(cache: Path, monkeypatch: pytest.MonkeyPatch):
    reader = Reader("方案.txt")
    for text in LINES:
        reader.read(text, ())
    reader.close()
    read: list[str] = []
    real = read_unit

    def counting(text: str, *args: object) -> object:
        read.append(text)
        return real(text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr("bidgen.validate.promises.reading.read_unit", counting)
    edited = [*LINES[:2], "一级故障30分钟内响应。"]
    again = Reader("方案.txt")
    readings = [again.read(text, ()) for text in edited]
    assert read == ["一级故障30分钟内响应。"]
    assert str(readings[2].promises[0].value) == "30分钟"
    assert again.read(LINES[0], ("紧急故障",)) == read_unit(LINES[0], ("紧急故障",))


def test_the_cache_folder_keeps_what_was_used_last(tmp_path: Path):
    """Past the limit, the files used longest ago go first; a file read counts as used."""
    from bidgen.core.cachefiles import prune, read_private

    for number in range(8):
        path = tmp_path / f"f{number}.blob"
        path.write_bytes(b"x" * 10)
        os.chmod(path, 0o600)
        os.utime(path, ns=(number * 10**9, number * 10**9))
    read_private(tmp_path / "f0.blob", 100)  # the oldest file, used again now
    prune(tmp_path, max_files=4, max_bytes=10**6)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f0.blob", "f6.blob", "f7.blob"]
