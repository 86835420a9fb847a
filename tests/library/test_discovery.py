"""Which folders may be a clause library, and which files in them are clauses."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from bidgen.core.errors import BidgenError
from bidgen.library import discovery
from bidgen.library.clauses import load_library
from tests.conftest import MINIMAL_PROFILE, RunResult, write_clause


def _front(name: str) -> str:
    return f"id: commitment.{name}\ntitle: 测试条款\nfamily: commitment\norder: 10"


def _error(user: Path | None, builtin: Path | None = None) -> list[str]:
    with pytest.raises(BidgenError) as info:
        load_library(user) if builtin is None else load_library(None, builtin=builtin)
    return info.value.lines()


@pytest.mark.parametrize(
    "folder", ["/", "/proc", "/proc/self", "/etc", "/root", "/usr/share", "/dev"]
)
def test_system_folders_are_refused(folder: str) -> None:
    (line,) = _error(Path(folder))
    assert "不能把系统目录" in line and "用作条款库" in line


def test_missing_folder_and_file_are_refused(tmp_path: Path) -> None:
    (tmp_path / "file.md").write_text("x", "utf-8")
    assert _error(tmp_path / "nope")[0].endswith("条款库目录不存在")
    assert _error(tmp_path / "file.md")[0].endswith("条款库路径不是目录")


def test_profile_clauses_dir_is_checked_through_the_cli(
    profile_file: Callable[..., Path], run_cli: Callable[..., RunResult]
) -> None:
    path = profile_file(MINIMAL_PROFILE + "clauses:\n  dir: /etc\n")
    result = run_cli("check", str(path))
    assert result.code == 2
    assert "不能把系统目录（/etc）用作条款库" in result.err
    assert "Traceback" not in result.err


@pytest.fixture
def lib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_clause(tmp_path / "lib", "commitment", "a", _front("zz_a"), "甲\n")
    return Path("lib")


def test_symlink_leading_out_of_the_library_is_refused(lib: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    write_clause(outside, "commitment", "b", _front("zz_b"), "乙\n")
    (lib / "commitment" / "b.md").symlink_to(outside / "commitment" / "b.md")
    (line,) = _error(lib)
    assert line.startswith("lib/commitment/b.md: 符号链接指向条款库目录之外")
    (lib / "commitment" / "b.md").unlink()
    (lib / "more").symlink_to(outside, target_is_directory=True)
    assert _error(lib)[0].startswith("lib/more: 符号链接指向条款库目录之外")


def test_links_inside_the_library_are_skipped(lib: Path) -> None:
    (lib / "commitment" / "again.md").symlink_to("a.md")
    library = load_library(lib)
    assert [c.id for c in library.sorted() if c.id.startswith("commitment.zz")] == [
        "commitment.zz_a"
    ]


def test_a_special_file_named_like_a_clause_is_refused_without_blocking(lib: Path) -> None:
    os.mkfifo(lib / "commitment" / "pipe.md")  # opening it for reading would block forever
    with pytest.raises(BidgenError) as caught:
        load_library(lib)
    assert caught.value.lines() == [
        "lib/commitment/pipe.md: 这是一个命名管道，不是普通文件，无法读取"
    ]


def test_file_count_and_depth_limits(lib: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("b", "c"):
        write_clause(lib, "commitment", name, _front(f"zz_{name}"), "x\n")
    monkeypatch.setattr(discovery, "MAX_FILES", 2)
    assert _error(None, lib) == ["lib: 条款库中的条款文件过多（超过 2 个）"]
    monkeypatch.setattr(discovery, "MAX_FILES", 2000)
    (lib / "commitment" / "d1" / "d2" / "d3").mkdir(parents=True)
    monkeypatch.setattr(discovery, "MAX_DEPTH", 2)
    assert _error(None, lib) == ["lib: 条款库目录层级过深（超过 2 层）"]
    monkeypatch.setattr(discovery, "MAX_DEPTH", 8)
    monkeypatch.setattr(discovery, "MAX_ENTRIES", 3)
    assert _error(None, lib)[0].startswith("lib: 条款库目录中的文件过多（超过 3 项）")
