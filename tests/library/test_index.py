"""The library index: exact reuse, exact invalidation, and a cache that can never hurt."""

from __future__ import annotations

import marshal
import os
from pathlib import Path

import pytest

import bidgen
from bidgen.core.errors import BidgenError
from bidgen.library import clauses, index
from bidgen.library.clauses import load_library
from tests.conftest import write_clause


def _front(name: str, order: int = 10) -> str:
    return f"id: commitment.{name}\ntitle: 测试条款\nfamily: commitment\norder: {order}"


@pytest.fixture
def lib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_clause(Path("lib"), "commitment", "a", _front("a"), "甲\n")
    write_clause(Path("lib"), "commitment", "b", _front("b"), "乙\n")
    return Path("lib")


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the front matters parsed from source (index misses)."""
    seen: list[str] = []
    real = clauses.load_yaml_text

    def counting(text: str, name: str, first_line: int = 1) -> object:
        seen.append(name)
        return real(text, name, first_line)

    monkeypatch.setattr(clauses, "load_yaml_text", counting)
    return seen


def _load(lib: Path) -> dict[str, str]:
    library = load_library(None, builtin=lib)
    return {c.id: c.render({}).strip() for c in library.sorted()}


def _entries(cache: Path) -> dict[str, object]:
    (path,) = cache.glob("library-*.index")
    _stamp, entries = marshal.loads(path.read_bytes())
    return entries


def test_warm_load_parses_nothing(lib: Path, parses: list[str], private_cache: Path) -> None:
    assert _load(lib) == {"commitment.a": "甲", "commitment.b": "乙"}
    assert sorted(parses) == ["lib/commitment/a.md", "lib/commitment/b.md"]
    parses.clear()
    assert _load(lib) == {"commitment.a": "甲", "commitment.b": "乙"}
    assert parses == []
    assert len(_entries(private_cache)) == 2
    assert oct(private_cache.stat().st_mode & 0o777) == "0o700"


def test_changed_new_and_removed_files(lib: Path, parses: list[str], private_cache: Path) -> None:
    _load(lib)
    parses.clear()
    write_clause(lib, "commitment", "a", _front("a"), "甲改\n")
    write_clause(lib, "commitment", "c", _front("c"), "丙\n")
    (lib / "commitment" / "b.md").unlink()
    assert _load(lib) == {"commitment.a": "甲改", "commitment.c": "丙"}
    assert sorted(parses) == ["lib/commitment/a.md", "lib/commitment/c.md"]
    assert len(_entries(private_cache)) == 2  # b and the old a are gone


def test_a_new_version_invalidates(
    lib: Path, parses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _load(lib)
    parses.clear()
    monkeypatch.setattr(bidgen, "__version__", "99.0.0")
    _load(lib)
    assert len(parses) == 2


def test_corrupt_index_is_ignored(lib: Path, parses: list[str], private_cache: Path) -> None:
    _load(lib)
    (path,) = private_cache.glob("library-*.index")
    for garbage in (
        b"",
        b"\x00garbage",
        marshal.dumps(("x", 1)),
        marshal.dumps((index.fingerprint(), {"k": (1,)})),
    ):
        path.write_bytes(garbage)
        parses.clear()
        assert _load(lib) == {"commitment.a": "甲", "commitment.b": "乙"}
        assert len(parses) == 2
    assert len(_entries(private_cache)) == 2  # rewritten


def test_a_shared_cache_folder_is_not_used(
    lib: Path, parses: list[str], private_cache: Path
) -> None:
    private_cache.mkdir(mode=0o700)
    os.chmod(private_cache, 0o777)
    _load(lib)
    parses.clear()
    _load(lib)
    assert len(parses) == 2
    assert list(private_cache.iterdir()) == []


def test_a_world_writable_index_file_is_not_read(
    lib: Path, parses: list[str], private_cache: Path
) -> None:
    _load(lib)
    (path,) = private_cache.glob("library-*.index")
    os.chmod(path, 0o666)
    parses.clear()
    _load(lib)
    assert len(parses) == 2
    assert path.stat().st_mode & 0o022 == 0  # replaced by a private file


def test_errors_are_never_cached(lib: Path, parses: list[str]) -> None:
    write_clause(lib, "commitment", "c", _front("c") + "\ncolour: red", "丙\n")
    write_clause(lib, "commitment", "d", _front("d"), "x\n{% if %}\n")
    expected = [
        "lib/commitment/c.md:6:1: colour：未知字段“colour”（可用字段：id、title、family、order、"
        "industries、when、uses、heading、default、page_break）",
        "lib/commitment/d.md:8:1: 模板语法错误：此处缺少表达式（遇到了语句结束符“%}”）",
    ]
    for _ in range(2):
        with pytest.raises(BidgenError) as info:
            load_library(None, builtin=lib)
        assert info.value.lines() == expected


def test_render_errors_keep_their_line_with_a_warm_index(lib: Path, parses: list[str]) -> None:
    write_clause(lib, "commitment", "c", _front("c"), "第一行\n\n{{ nope }}\n")
    for _ in range(2):
        clause = load_library(None, builtin=lib).get("commitment.c")
        assert clause is not None
        with pytest.raises(clauses.RenderError) as info:
            clause.render({})
        assert info.value.lines() == [
            "lib/commitment/c.md:9:1: 模板渲染失败：引用了未定义的变量“nope”"
        ]
    assert parses.count("lib/commitment/c.md") == 1


def test_the_family_folder_is_checked_on_a_hit(lib: Path, parses: list[str]) -> None:
    _load(lib)
    (lib / "training").mkdir()
    (lib / "commitment" / "b.md").rename(lib / "training" / "b.md")
    with pytest.raises(BidgenError) as info:
        load_library(None, builtin=lib)
    assert info.value.lines() == [
        "lib/training/b.md:4:1: family：条款族“commitment”与所在目录“training”不一致"
    ]
