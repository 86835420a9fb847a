"""``bidgen check`` remembers a profile's findings only while nothing it read has changed."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bidgen import checking
from tests.conftest import MINIMAL_PROFILE, ROOT, RunResult


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The profiles whose findings were computed (not taken from the memo)."""
    computed: list[str] = []
    real = checking._fresh

    def counting(profile: Path, *args: object) -> object:
        computed.append(profile.name)
        return real(profile, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(checking, "_fresh", counting)
    return computed


BAD_ARRIVAL = MINIMAL_PROFILE.replace("arrival: 1小时", "arrival: 10小时")


def test_an_unchanged_profile_is_not_built_again(
    profile_file: Callable[..., Path], run_cli: Callable[..., RunResult], fresh: list[str]
):
    profile_file(BAD_ARRIVAL)
    first = run_cli("check", "p.yaml")
    second = run_cli("check", "p.yaml")
    assert fresh == ["p.yaml"]
    assert (second.code, second.out, second.err) == (first.code, first.out, first.err)
    assert first.code == 1 and "BG101" in first.out  # arrival after resolution


def test_an_edited_profile_is_checked_again(
    profile_file: Callable[..., Path], run_cli: Callable[..., RunResult], fresh: list[str]
):
    profile_file(BAD_ARRIVAL)
    assert run_cli("check", "p.yaml").code == 1
    profile_file(MINIMAL_PROFILE)
    assert run_cli("check", "p.yaml").code == 0
    assert fresh == ["p.yaml", "p.yaml"]


def test_another_rule_selection_is_its_own_result(
    profile_file: Callable[..., Path], run_cli: Callable[..., RunResult], fresh: list[str]
):
    profile_file(BAD_ARRIVAL)
    assert run_cli("check", "p.yaml").code == 1
    ignored = run_cli("check", "p.yaml", "--ignore", "BG101")
    assert "BG101" not in ignored.out
    assert fresh == ["p.yaml", "p.yaml"]


def _team_library(tmp_path: Path) -> Path:
    """A team clause folder overriding one built-in clause."""
    folder = tmp_path / "条款"
    source = ROOT / "clauses" / "commitment"
    target = folder / "commitment"
    target.mkdir(parents=True)
    shutil.copy(source / "overview.md", target / "overview.md")  # no industry variants
    return target / "overview.md"


def test_a_clause_edited_added_or_removed_is_seen(
    profile_file: Callable[..., Path],
    run_cli: Callable[..., RunResult],
    fresh: list[str],
    tmp_path: Path,
):
    profile_file()
    clause = _team_library(tmp_path)
    assert run_cli("check", "p.yaml", "--clauses", "条款").code == 0
    assert run_cli("check", "p.yaml", "--clauses", "条款").code == 0
    assert len(fresh) == 1
    # A figure the profile does not promise, written into the team's clause.
    clause.write_text(clause.read_text("utf-8") + "\n一级故障3小时内到达现场。\n", "utf-8")
    edited = run_cli("check", "p.yaml", "--clauses", "条款")
    assert edited.code == 1 and "BG201" in edited.out
    # A new clause file with a bad front matter: the check fails at once.
    extra = clause.with_name("extra.md")
    extra.write_text("---\nid: extra.note\n---\n补充。\n", "utf-8")
    assert run_cli("check", "p.yaml", "--clauses", "条款").code == 2
    assert len(fresh) == 3
    # Removed again: the inputs are those of the edited library, whose findings stand.
    extra.unlink()
    again = run_cli("check", "p.yaml", "--clauses", "条款")
    assert (again.code, again.out) == (edited.code, edited.out)
    assert len(fresh) == 3


def test_a_spreadsheet_the_profile_names_is_an_input(
    profile_file: Callable[..., Path],
    run_cli: Callable[..., RunResult],
    fresh: list[str],
    tmp_path: Path,
):
    staff = "姓名,岗位,电话,工作年限\n李四,项目负责人,139-0000-0000,10\n"
    (tmp_path / "人员.csv").write_text(staff, "utf-8")
    text = MINIMAL_PROFILE.replace(
        "staff:\n  - name: 李四\n    role: 项目负责人\n    phone: 139-0000-0000\n    years: 10\n",
        "staff: 人员.csv\n",
    )
    profile_file(text)
    assert run_cli("check", "p.yaml").code == 0
    (tmp_path / "人员.csv").write_text(staff.replace(",10", ",十年"), "utf-8")
    broken = run_cli("check", "p.yaml")
    assert broken.code == 2 and "人员.csv" in broken.err
    assert fresh == ["p.yaml", "p.yaml"]


def test_bad_input_is_reported_every_time(
    profile_file: Callable[..., Path], run_cli: Callable[..., RunResult], fresh: list[str]
):
    profile_file(MINIMAL_PROFILE + "unknown_key: 1\n")
    for _ in range(2):
        result = run_cli("check", "p.yaml")
        assert result.code == 2 and "unknown_key" in result.err
    assert fresh == ["p.yaml", "p.yaml"]
