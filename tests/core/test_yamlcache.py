"""The parsed-YAML cache gives exactly what a fresh parse gives, and never a stale entry."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from bidgen.core.errors import BidgenError
from bidgen.core.yamlcache import load_yaml_file_cached
from bidgen.core.yamlio import load_yaml_file
from tests.conftest import ROOT


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("BIDGEN_CACHE_DIR", str(folder))
    return folder


SHIPPED = [
    *sorted((ROOT / "clauses" / "industries").glob("*.yaml")),
    ROOT / "data" / "standards.yaml",
]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_a_cached_read_equals_a_fresh_parse(cache: Path, path: Path):
    fresh = load_yaml_file(path)
    first = load_yaml_file_cached(path)
    assert len(list(cache.glob("yaml-*.cache"))) == 1
    second = load_yaml_file_cached(path)
    assert first == fresh and second == fresh


def test_dates_survive_the_cache(cache: Path, tmp_path: Path):
    path = tmp_path / "d.yaml"
    path.write_text("date: 2023-05-01\nitems: [1, 二]\n", "utf-8")
    load_yaml_file_cached(path)
    again = load_yaml_file_cached(path)
    assert again.data == {"date": datetime.date(2023, 5, 1), "items": [1, "二"]}
    assert again.locations == load_yaml_file(path).locations


def test_an_edited_file_is_parsed_again(cache: Path, tmp_path: Path):
    path = tmp_path / "i.yaml"
    path.write_text("name: 旧\n", "utf-8")
    assert load_yaml_file_cached(path).data == {"name": "旧"}
    path.write_text("name: 新\n", "utf-8")
    assert load_yaml_file_cached(path).data == {"name": "新"}


def test_an_error_is_reported_every_time_and_not_cached(cache: Path, tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text("name: [未闭合\n", "utf-8")
    for _ in range(2):
        with pytest.raises(BidgenError) as caught:
            load_yaml_file_cached(path)
        assert caught.value.problems[0].line >= 1
    assert not list(cache.glob("yaml-*.cache"))


def test_a_corrupt_or_foreign_entry_is_ignored(cache: Path, tmp_path: Path):
    path = tmp_path / "i.yaml"
    path.write_text("name: 值\n", "utf-8")
    load_yaml_file_cached(path)
    (entry,) = cache.glob("yaml-*.cache")
    entry.write_bytes(b"not marshal")
    assert load_yaml_file_cached(path).data == {"name": "值"}
    entry.chmod(0o666)  # writable by others: never read
    assert load_yaml_file_cached(path).data == {"name": "值"}


def test_without_a_usable_cache_folder_it_still_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    blocker = tmp_path / "file"
    blocker.write_text("", "utf-8")
    monkeypatch.setenv("BIDGEN_CACHE_DIR", str(blocker / "cache"))
    path = tmp_path / "i.yaml"
    path.write_text("name: 值\n", "utf-8")
    assert load_yaml_file_cached(path).data == {"name": "值"}
