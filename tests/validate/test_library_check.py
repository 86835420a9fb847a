"""`bidgen check --library`: each defect caught with its file and line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bidgen.library.clauses import ClauseError
from bidgen.validate.catalog import all_rules
from bidgen.validate.registry import Scope
from bidgen.validate.rules.library import DEFECT_RULES
from tests.conftest import MINIMAL_PROFILE, write_clause


def _front(clause_id: str, family: str = "commitment", extra: str = "") -> str:
    return f"id: {clause_id}\ntitle: 测试条款\nfamily: {family}\norder: 10\n{extra}"


@pytest.fixture
def lib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    samples = tmp_path / "samples"
    samples.mkdir()
    (samples / "s.yaml").write_text(MINIMAL_PROFILE, "utf-8")
    return tmp_path / "lib"


def _check(run_cli, *extra: str):
    return run_cli("check", "--library", "lib", "--samples", "samples", *extra)


def test_clean_library_passes(lib: Path, run_cli):
    write_clause(
        lib,
        "commitment",
        "a",
        _front("commitment.a"),
        "{{ we }}承诺{{ fault_levels[0].arrival }}内到达现场。\n",
    )
    result = _check(run_cli)
    assert (result.code, result.out) == (0, "未发现问题。\n")


@pytest.fixture
def defective(lib: Path) -> Path:
    """A library with one defect for every BL rule."""
    write_clause(
        lib,
        "commitment",
        "unknown_field",
        _front("commitment.a"),
        "第一段。\n\n到场：{{ fault_levels[0].arival }}\n",
    )
    write_clause(
        lib,
        "commitment",
        "hard_coded",
        _front("commitment.b"),
        "{{ we }}承诺接到报修后2小时内到达现场，每季度巡检一次。\n",
    )
    write_clause(lib, "commitment", "party", _front("commitment.c"), "我公司负责。\n")
    write_clause(lib, "commitment", "vocab", _front("commitment.d"), "{{ we }}定期清洁摄像机。\n")
    write_clause(lib, "commitment", "zz_dup", _front("commitment.c"), "重复。\n")
    write_clause(
        lib,
        "training",
        "medical",
        _front("training.e", "training", "industries: [medical]"),
        "仅医疗。\n",
    )
    write_clause(lib, "training", "syntax", _front("training.f", "training"), "{% for x in %}\n")
    write_clause(lib, "training", "meta", _front("training.g", "training", "colour: red"), "x\n")
    write_clause(lib, "training", "quote", _front("training.h", "training"), "> 引用\n")
    return lib


BL3_LINES = [
    "lib/commitment/hard_coded.md:7:16: BL301 写死的时限、频次或比例“2小时”，应改用项目配置中的字段",
    "lib/commitment/hard_coded.md:7:25: BL301 写死的时限、频次或比例“每季度”，应改用项目配置中的字段",
    "lib/commitment/hard_coded.md:7:30: BL301 写死的时限、频次或比例“一次”，应改用项目配置中的字段",
    "lib/commitment/party.md:7:1: BL302 直接写出了称谓“我公司”，应使用 {{ buyer }} 或 {{ we }}",
    "lib/commitment/vocab.md:7:13: BL303 适用于全部行业的条款出现了安防监控行业词汇“摄像机”，应放入该行业的条款变体",
]


def test_each_defect_is_reported_with_file_and_line(defective: Path, run_cli):
    result = _check(run_cli)
    assert result.code == 1
    assert result.out.splitlines() == [
        *BL3_LINES[:4],
        "lib/commitment/unknown_field.md:9:1: BL201 模板渲染失败：引用了不存在的字段“arival”（FaultLevel 中没有该字段）（示例 samples/s.yaml）",
        BL3_LINES[4],
        "lib/commitment/zz_dup.md:2:1: BL102 条款编号“commitment.c”重复（已在 lib/commitment/party.md 中定义）",
        "lib/training/medical.md:2:1: BL401 （警告）条款“training.e”没有被任何示例项目配置渲染，无法得到检验",
        "lib/training/meta.md:6:1: BL101 colour：未知字段“colour”（可用字段：id、title、family、order、industries、when、uses、heading、default、page_break）",
        "lib/training/quote.md:7:1: BL202 条款正文不支持此 Markdown 元素（blockquote_open）（示例 samples/s.yaml）",
        "lib/training/syntax.md:7:1: BL103 模板语法错误：此处缺少表达式（遇到了语句结束符“%}”）",
        "",
        "共发现 11 个问题：错误 10 个，警告 1 个。",
    ]


def test_select_and_ignore_choose_library_rules(defective: Path, run_cli):
    only = _check(run_cli, "--select", "BL3")
    assert only.code == 1
    assert only.out.splitlines() == [*BL3_LINES, "", "共发现 5 个问题：错误 5 个，警告 0 个。"]
    rest = _check(run_cli, "--ignore", "BL1,BL2,BL3", "--format", "json")
    assert [(f["code"], f["location"]["file"]) for f in json.loads(rest.out)] == [
        ("BL401", "lib/training/medical.md")
    ]
    assert rest.code == 0 and _check(run_cli, "--ignore", "BL1,BL2,BL3", "--strict").code == 1


@pytest.mark.parametrize(
    ("option", "prefix", "message"),
    [
        ("--select", "BG2", "--select：条款库检查没有以“BG2”开头的规则（运行 bidgen rules 查看）"),
        ("--ignore", "BG", "--ignore：条款库检查没有以“BG”开头的规则（运行 bidgen rules 查看）"),
        (
            "--select",
            "BL9",
            "--select/--ignore：没有以“BL9”开头的规则编号（运行 bidgen rules 查看）",
        ),
    ],
)
def test_a_prefix_naming_no_library_rule_is_a_usage_error(
    defective: Path, run_cli, option: str, prefix: str, message: str
):
    result = _check(run_cli, option, prefix)
    assert (result.code, result.out, result.err) == (2, "", f"bidgen: {message}\n")


def test_allow_mark_and_github_format(lib: Path, run_cli):
    body = "{{ we }}承诺2小时内到达现场。{# bidgen: allow 招标文件原文 #}\n"
    write_clause(lib, "commitment", "a", _front("commitment.a"), body)
    write_clause(lib, "commitment", "b", _front("commitment.b"), "{{ we }}每月巡检。\n")
    result = _check(run_cli, "--format", "github")
    assert result.code == 1
    assert result.out == (
        "::error file=lib/commitment/b.md,line=7,col=9,title=BL301 hard-coded-figure::"
        "写死的时限、频次或比例“每月”，应改用项目配置中的字段\n"
    )
    as_json = json.loads(_check(run_cli, "--format", "json").out)
    assert [f["code"] for f in as_json] == ["BL301"]


def test_builtin_library_is_clean(run_cli, monkeypatch):
    monkeypatch.chdir(Path(__file__).resolve().parents[2])
    result = run_cli("check", "--library")
    assert result.code == 0, result.out


def test_every_kind_of_clause_defect_has_its_library_rule():
    library_rules = {r.code for r in all_rules() if r.scope is Scope.LIBRARY}
    assert set(DEFECT_RULES) == set(ClauseError.__subclasses__())
    assert set(DEFECT_RULES.values()) <= library_rules
    assert len(set(DEFECT_RULES.values())) == len(DEFECT_RULES)
