"""A build whose inputs have not changed takes its document and findings from the memo:
the same files byte for byte, and every input that changes is seen."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bidgen import build as recipe
from tests.conftest import MINIMAL_PROFILE, ROOT, RunResult


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The profiles whose document was made (not taken from the memo)."""
    names: list[str] = []
    real = recipe._made

    def counting(planned: recipe.Plan, *args: object) -> object:
        names.append(planned.path.name)
        return real(planned, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(recipe, "_made", counting)
    return names


def _digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_an_unchanged_profile_gives_the_same_files_from_the_memo(
    profile_file: Callable[..., Path], run_cli: Callable[..., RunResult], made: list[str]
):
    profile_file()
    first = run_cli("build", "p.yaml", "-o", "a", "-f", "docx,md")
    second = run_cli("build", "p.yaml", "-o", "b", "-f", "docx,md")
    assert made == ["p.yaml"]
    assert (first.code, first.err) == (second.code, second.err) == (0, "")
    assert first.out.replace("a/", "b/") == second.out
    assert _digests(Path("a")) == _digests(Path("b")) and len(_digests(Path("a"))) >= 3


def test_an_edit_to_the_profile_builds_again(
    profile_file: Callable[..., Path], run_cli: Callable[..., RunResult], made: list[str]
):
    profile_file()
    assert run_cli("build", "p.yaml", "-o", "out", "-q", "-f", "md").code == 0
    profile_file(MINIMAL_PROFILE.replace("arrival: 1小时", "arrival: 2小时"))
    assert run_cli("build", "p.yaml", "-o", "out", "-q", "-f", "md").code == 0
    assert made == ["p.yaml", "p.yaml"]
    text = next(Path("out").glob("*.md")).read_text("utf-8")
    assert "2小时内到达现场" in text and "1小时内到达现场" not in text


def test_failed_checks_are_remembered_and_still_fail(
    profile_file: Callable[..., Path], run_cli: Callable[..., RunResult], made: list[str]
):
    profile_file(MINIMAL_PROFILE.replace("arrival: 1小时", "arrival: 10小时"))
    for _ in range(2):
        result = run_cli("build", "p.yaml", "-o", "out", "-f", "md")
        assert result.code == 1 and "BG101" in result.err
        assert not Path("out").exists() or not list(Path("out").glob("*.md"))
    assert made == ["p.yaml"]


def test_a_changed_clause_or_template_is_seen(
    profile_file: Callable[..., Path],
    run_cli: Callable[..., RunResult],
    made: list[str],
    tmp_path: Path,
):
    profile_file()
    folder = tmp_path / "条款" / "commitment"
    folder.mkdir(parents=True)
    clause = folder / "overview.md"
    shutil.copy(ROOT / "clauses" / "commitment" / "overview.md", clause)
    args = ("build", "p.yaml", "-o", "out", "-q", "-f", "md", "--clauses", "条款")
    assert run_cli(*args).code == 0
    assert run_cli(*args).code == 0
    assert made == ["p.yaml"]
    clause.write_text(clause.read_text("utf-8") + "\n团队补充的一句话。\n", "utf-8")
    assert run_cli(*args).code == 0
    assert "团队补充的一句话" in next(Path("out").glob("*.md")).read_text("utf-8")
    template = tmp_path / "模板.docx"
    shutil.copy(ROOT / "templates" / "proposal.docx", template)
    docx_args = ("build", "p.yaml", "-o", "out", "-q", "-f", "docx", "--template", "模板.docx")
    assert run_cli(*docx_args).code == 0
    assert run_cli(*docx_args).code == 0
    template.write_bytes(b"not a docx")
    broken = run_cli(*docx_args)
    assert broken.code == 2 and "模板" in broken.err
    assert made == ["p.yaml", "p.yaml", "p.yaml", "p.yaml"]


def test_a_batch_of_remembered_profiles_still_refuses_colliding_outputs(
    profile_file: Callable[..., Path], run_cli: Callable[..., RunResult], made: list[str]
):
    profile_file(name="a.yaml")
    profile_file(name="b.yaml")
    assert run_cli("build", "a.yaml", "-o", "one", "-q", "-f", "md").code == 0
    assert run_cli("build", "b.yaml", "-o", "two", "-q", "-f", "md").code == 0
    both = run_cli("build", "a.yaml", "b.yaml", "-o", "out", "-q", "-f", "md")
    assert both.code == 2
    assert both.err.startswith("b.yaml:3:3: project.number：与 a.yaml 生成同一个输出文件")
    assert not Path("out").exists() or not list(Path("out").iterdir())
    assert made == ["a.yaml", "b.yaml"]
