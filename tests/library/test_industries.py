"""Industries as data: defined by one YAML file in a library, used by id, name or alias."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bidgen.build import build_document
from bidgen.model import Document
from tests.conftest import MINIMAL_PROFILE, SAMPLES

SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))
BUILTIN_SAMPLES = [
    p for p in SAMPLE_FILES if p.stem in {"it_ops", "medical", "office_equipment", "security"}
]


def _with_industry(text: str, industry: str) -> str:
    changed, count = re.subn(r"(?m)^  industry: .*$", f"  industry: {industry}", text)
    assert count == 1
    return changed


def _library(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "industries" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return root


def _titles(document: Document) -> list[str]:
    return [section.title for section in document.sections]


@pytest.mark.parametrize("sample", BUILTIN_SAMPLES, ids=[p.stem for p in BUILTIN_SAMPLES])
def test_an_industry_of_two_lines_builds_every_chapter_and_checks_clean(
    sample: Path, tmp_path: Path, run_cli
):
    """The issue's "done when": a folder holding only industries/lab.yaml."""
    lab = _library(tmp_path / "lab", {"lab.yaml": "id: lab\nname: 实验室仪器\n"})
    profile = tmp_path / "lab.yaml"
    profile.write_text(_with_industry(sample.read_text("utf-8"), "lab"), "utf-8")
    checked = run_cli("check", str(profile), "--clauses", str(lab))
    assert checked.code == 0, checked.out + checked.err
    assert "未发现问题" in checked.out
    built = build_document(profile, lab)
    assert _titles(built.document) == _titles(build_document(sample).document)
    clauses = [built.library.clauses[ref.clause_id] for ref in _refs(built.document)]
    # Only neutral clauses: no clause written for another industry slipped in.
    assert clauses and all(clause.neutral for clause in clauses)
    assert "实验室仪器" in built.document.meta.keywords


def _refs(document: Document):
    def walk(sections):
        for section in sections:
            if section.source is not None:
                yield section.source
            yield from walk(section.children)

    return list(walk(document.sections))


USER_INDUSTRY = """\
id: hvac
name: 暖通空调
aliases: [中央空调, 空调维保]
words:
  equipment: [冷水机组, 风机盘管]
  faults: [冷媒泄漏]
"""


def test_profile_names_a_user_industry_by_id_name_or_alias(profile_file, tmp_path: Path, run_cli):
    library = _library(tmp_path / "team", {"hvac.yaml": USER_INDUSTRY})
    for written in ("hvac", "暖通空调", "中央空调"):
        path = profile_file(_with_industry(MINIMAL_PROFILE, written))
        result = run_cli("check", str(path), "--clauses", str(library))
        assert result.code == 0, result.out + result.err
        built = build_document(path, library)
        assert built.loaded.profile.project.industry == "hvac"
        assert built.loaded.industry.name == "暖通空调"
    listed = run_cli("industries", "--clauses", str(library))
    assert listed.code == 0
    row = next(line for line in listed.out.splitlines() if line.startswith("hvac"))
    assert "暖通空调" in row and "中央空调" in row and "team/industries/hvac.yaml" in row
    assert any(line.startswith("it_ops") for line in listed.out.splitlines())


def test_unknown_industry_is_a_chinese_error_at_its_line(profile_file, run_cli):
    path = profile_file(_with_industry(MINIMAL_PROFILE, "殡葬服务"))
    result = run_cli("check", str(path))
    assert result.code == 2
    line = next(n for n, text in enumerate(MINIMAL_PROFILE.splitlines(), 1) if "industry:" in text)
    assert f"p.yaml:{line}:" in result.err
    assert "project.industry：未定义的行业“殡葬服务”，可选：" in result.err
    assert "it_ops（信息系统运维）" in result.err and "elevator（电梯维保）" in result.err
    assert "Traceback" not in result.err


def test_industry_file_errors_point_at_file_and_line(profile_file, tmp_path: Path, run_cli):
    bad = "id: hvac\nname: 暖通空调\ncolour: 蓝\nwords:\n  equipment: 冷水机组\n"
    library = _library(
        tmp_path / "team", {"hvac.yaml": bad, "other.yaml": "id: x1\nname: 某行业\n"}
    )
    result = run_cli("check", str(profile_file()), "--clauses", str(library))
    assert result.code == 2
    assert "team/industries/hvac.yaml:3:1: colour：未知字段" in result.err
    assert "team/industries/hvac.yaml:5:3: words.equipment：应为列表" in result.err
    assert "team/industries/other.yaml:1:1: id：行业编号“x1”应与文件名“other”一致" in result.err


def test_foreign_vocabulary_between_builtin_and_user_industries(profile_file, tmp_path, run_cli):
    library = _library(tmp_path / "team", {"hvac.yaml": USER_INDUSTRY})
    # A team clause for all industries, copied from an old bid, carries words of two industries.
    folder = library / "commitment"
    folder.mkdir()
    (folder / "old.md").write_text(
        "---\nid: commitment.old\ntitle: 机房保障\nfamily: commitment\norder: 99\n---\n"
        "定期清洗冷水机组并检查服务器机房。\n",
        "utf-8",
    )
    # A built-in industry's proposal with a word of the user's industry …
    it_ops = profile_file(MINIMAL_PROFILE)
    result = run_cli("check", str(it_ops), "--clauses", str(library))
    assert "BG404 “冷水机组”属于暖通空调行业词汇，与本项目（信息系统运维）不符" in result.out
    assert "“服务器”属于" not in result.out
    # … and the user's industry's proposal with a word of a built-in one.
    hvac = profile_file(_with_industry(MINIMAL_PROFILE, "hvac"), "hvac.yaml")
    result = run_cli("check", str(hvac), "--clauses", str(library))
    assert "BG404 “服务器”属于信息系统运维行业词汇，与本项目（暖通空调）不符" in result.out
    assert "“冷水机组”属于" not in result.out


def test_the_profiles_own_words_are_never_foreign(profile_file, tmp_path, run_cli):
    library = _library(tmp_path / "team", {"hvac.yaml": USER_INDUSTRY})
    text = _with_industry(MINIMAL_PROFILE, "hvac").replace(
        "  scope: 测试系统", "  scope: 机房服务器专用空调", 1
    )
    custom = "custom:\n  commitment:\n    - 服务器机房空调优先保障，冷水机组定期清洗。\n"
    path = profile_file(text + custom)
    result = run_cli("check", str(path), "--clauses", str(library))
    assert "BG404" not in result.out, result.out


def test_a_clause_for_an_undefined_industry_is_reported(profile_file, tmp_path, run_cli):
    team = tmp_path / "team" / "commitment"
    team.mkdir(parents=True)
    (team / "x.md").write_text(
        "---\nid: commitment.x\ntitle: 某条款\nfamily: commitment\norder: 99\n"
        "industries: [hvac]\n---\n正文。\n",
        "utf-8",
    )
    result = run_cli("check", str(profile_file()), "--clauses", str(tmp_path / "team"))
    assert result.code == 2
    assert "team/commitment/x.md:6:1: industries：未定义的行业“hvac”" in result.err


def test_init_for_a_new_industry_writes_its_file_and_builds(run_cli, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("init", "新标书", "--industry", "hvac", "--industry-name", "暖通空调")
    assert result.code == 0, result.err
    definition = tmp_path / "新标书" / "条款" / "industries" / "hvac.yaml"
    text = definition.read_text("utf-8")
    assert "id: hvac" in text and "name: 暖通空调" in text and "# 本行业的特征词" in text
    profile = tmp_path / "新标书" / "项目配置.yaml"
    text = profile.read_text("utf-8")
    assert "  industry: hvac " in text
    marked = run_cli("check", str(profile))
    assert marked.code == 1 and set(re.findall(r" (BG\d+) ", marked.out)) == {"BG408"}
    profile.write_text(text.replace("【示例】", ""), "utf-8")  # the writer fills it in
    checked = run_cli("check", str(profile))
    assert checked.code == 0 and "未发现问题" in checked.out, checked.out + checked.err
    listed = run_cli("industries", "--clauses", str(tmp_path / "新标书" / "条款"))
    assert any(line.startswith("hvac") and "暖通空调" in line for line in listed.out.splitlines())


def test_init_for_a_defined_industry_by_name_writes_no_file(run_cli, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run_cli("init", "p", "--industry", "电梯").code == 0
    assert "  industry: elevator " in (tmp_path / "p" / "项目配置.yaml").read_text("utf-8")
    assert not (tmp_path / "p" / "条款" / "industries").exists()
    bad = run_cli("init", "q", "--industry", "暖通")
    assert bad.code == 2 and "未定义的行业“暖通”" in bad.err and "--industry-name" in bad.err


def test_industry_text_may_not_carry_template_tags(profile_file, tmp_path: Path, run_cli):
    text = 'id: hvac\nname: 暖通空调\nmaintenance:\n  - "{{ buyer }}负责清洗"\n'
    library = _library(tmp_path / "team", {"hvac.yaml": text})
    result = run_cli("check", str(profile_file()), "--clauses", str(library))
    assert result.code == 2
    assert (
        "team/industries/hvac.yaml:4:5: maintenance[0]：行业定义中的文字不能含模板标记“{{”"
        in result.err
    )
