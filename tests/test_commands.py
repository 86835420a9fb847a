"""The commands around a build: check, build refusing on errors, init, clauses list/show."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bidgen.profile.models import FAMILIES
from tests.conftest import SAMPLES

SAMPLE = (SAMPLES / "it_ops.yaml").read_text(encoding="utf-8")
# A ★ requirement the sample's 1-hour arrival for 一级故障 does not meet.
STAR_ITEM = """\
  - clause: 第三章 第五节 2.1
    wording: 一级故障须在30分钟内到达现场
    kind: arrival
    level: 一级故障
    limit: 30分钟
    substantive: true
"""


def with_requirement(item: str) -> str:
    """The sample with one more tender requirement, listed first."""
    return SAMPLE.replace("\nrequirements:\n", "\nrequirements:\n" + item, 1)


def test_sample_checks_clean(run_cli, profile_file):
    profile_file(SAMPLE, "p.yaml")
    result = run_cli("check", "p.yaml")
    assert (result.code, result.out.splitlines()[-1]) == (0, "未发现问题。"), result.out


def test_missed_star_requirement_fails_check_naming_its_clause(run_cli, profile_file):
    profile_file(with_requirement(STAR_ITEM), "p.yaml")
    result = run_cli("check", "p.yaml")
    assert result.code == 1
    error = next(line for line in result.out.splitlines() if "BG301" in line)
    assert error.startswith("p.yaml:")
    assert "★第三章 第五节 2.1" in error and "要求30分钟，本方案承诺1小时，为负偏离" in error
    assert "    “一级故障须在30分钟内到达现场”" in result.out


def test_build_refuses_to_write_and_says_why(run_cli, profile_file, tmp_path: Path):
    profile_file(with_requirement(STAR_ITEM), "p.yaml")
    result = run_cli("build", "p.yaml", "-o", "out", "-f", "md")
    assert result.code == 1
    assert "BG301" in result.err and "★第三章 第五节 2.1" in result.err
    assert result.err.rstrip().endswith(
        "校验发现错误，未写入任何文件；修正后重试，或加 --allow-errors 强制生成。"
    )
    assert not (tmp_path / "out").exists()

    forced = run_cli("build", "p.yaml", "-o", "out", "-f", "md", "--allow-errors")
    assert forced.code == 0, forced.err
    assert "BG301" in forced.err
    markdown = (tmp_path / "out" / "BHCG-2026-0417-售后服务方案.md").read_text("utf-8")
    assert (
        "| 1 | 第三章 第五节 2.1 | ★一级故障须在30分钟内到达现场 | 一级故障1小时内到达现场 | 负偏离 |"
        in markdown
    )


def test_check_json_and_strict(run_cli, profile_file):
    profile_file(with_requirement(STAR_ITEM.replace("true", "false")), "p.yaml")
    result = run_cli("check", "p.yaml", "--format", "json")
    assert result.code == 0
    findings = json.loads(result.out)
    assert [f["code"] for f in findings] == ["BG302"]
    assert set(findings[0]) == {"code", "name", "severity", "message", "location", "quotes"}
    assert run_cli("check", "p.yaml", "--strict").code == 1
    assert run_cli("check", "p.yaml", "--ignore", "BG3").code == 0


UNKNOWN = "bidgen: --select/--ignore：没有以“XX9”开头的规则编号（运行 bidgen rules 查看）\n"


@pytest.mark.parametrize(
    ("args", "err"),
    [
        (("check", "p.yaml", "--select", "XX9"), UNKNOWN),
        (("check", "p.yaml", "--ignore", "XX9"), UNKNOWN),
        (("check", "--library", "--select", "XX9"), UNKNOWN),
        (("check", "--library", "--ignore", "XX9"), UNKNOWN),
        (("lint", "doc.txt", "--select", "XX9"), UNKNOWN),
        (("lint", "doc.txt", "--ignore", "XX9"), UNKNOWN),
        (
            ("check", "p.yaml", "--select", "BL3"),
            "bidgen: --select：方案检查没有以“BL3”开头的规则（运行 bidgen rules 查看）\n",
        ),
        (
            ("lint", "doc.txt", "--ignore", "BL"),
            "bidgen: --ignore：方案检查没有以“BL”开头的规则（运行 bidgen rules 查看）\n",
        ),
        (
            ("check", "--library", "--select", "BG2"),
            "bidgen: --select：条款库检查没有以“BG2”开头的规则（运行 bidgen rules 查看）\n",
        ),
    ],
)
def test_a_prefix_naming_no_rule_of_the_command_is_a_usage_error(run_cli, profile_file, args, err):
    profile_file(SAMPLE, "p.yaml")
    Path("doc.txt").write_text("一级故障30分钟内响应。\n", "utf-8")
    result = run_cli(*args)
    assert (result.code, result.out, result.err) == (2, "", err)


def test_every_bad_prefix_is_reported_in_one_run(run_cli, profile_file):
    profile_file(SAMPLE, "p.yaml")
    result = run_cli("check", "p.yaml", "--select", "BG2,XX9", "--ignore", "BL1")
    assert (result.code, result.err.splitlines()) == (
        2,
        [
            "bidgen: --ignore：方案检查没有以“BL1”开头的规则（运行 bidgen rules 查看）",
            "bidgen: --select/--ignore：没有以“XX9”开头的规则编号（运行 bidgen rules 查看）",
        ],
    )


def test_rules_lists_bg_and_bl_rules_sorted(run_cli):
    listing = run_cli("rules")
    assert listing.code == 0
    rows = [line.split() for line in listing.out.splitlines()]
    codes = [row[0] for row in rows]
    assert codes == sorted(codes)
    assert [c for c in codes if c.startswith("BL")] == [
        "BL101", "BL102", "BL103", "BL201", "BL202", "BL301", "BL302", "BL303", "BL401"
    ]  # fmt: skip
    assert {"BG101", "BG201", "BG301", "BG405"} <= set(codes)
    assert rows[codes.index("BL301")] == [
        "BL301",
        "hard-coded-figure",
        "错误",
        "条款中写死了时限、频次或比例",
    ]
    assert rows[codes.index("BL401")] == ["BL401", "never-rendered", "警告", "没有示例会渲染该条款"]


def test_rules_explains_a_bl_rule(run_cli):
    one = run_cli("rules", "BL301")
    assert (one.code, one.err) == (0, "")
    assert one.out == (
        "BL301 hard-coded-figure（错误）：条款中写死了时限、频次或比例\n\n"
        "适用范围：条款库及示例项目配置（bidgen check --library）\n\n"
        "检查内容：在条款正文（模板标签之外）查找紧邻承诺用语（响应、到达、解决、巡检、更换、课时……）"
        "的数字时限、频次或百分比。\n\n"
        "为何重要：写死的数字不随项目配置变化，是方案前后矛盾的主要来源。\n\n"
        "示例：接到报修后2小时内到达现场。\n"
    )
    assert run_cli("rules", "hard-coded-figure").out == one.out
    assert run_cli("rules", "bl301").out == one.out


def test_rules_explains_a_bg_rule(run_cli):
    one = run_cli("rules", "BG301")
    assert one.code == 0
    assert one.out.startswith(
        "BG301 substantive-negative-deviation（错误）：★实质性要求负偏离\n\n"
        "适用范围：项目配置及其生成的方案（bidgen check、build，bidgen lint 加 --profile 时）\n\n"
    )
    assert "检查内容：" in one.out and "为何重要：" in one.out and "示例：" in one.out
    missing = run_cli("rules", "BG999")
    assert (missing.code, missing.err) == (
        2,
        "bidgen: 没有编号或名称为“BG999”的规则（运行 bidgen rules 查看全部）\n",
    )


def test_init_writes_a_profile_that_builds_and_checks_clean(run_cli, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("init", "新标书")
    assert result.code == 0, result.err
    profile = tmp_path / "新标书" / "项目配置.yaml"
    assert profile.is_file() and (tmp_path / "新标书" / "条款").is_dir()
    text = profile.read_text("utf-8")
    for key in ("project:", "fault_levels:", "requirements:", "equipment:", "responsibility:"):
        assert key in text
    marked = run_cli("check", str(profile))
    assert marked.code == 1 and "BG408" in marked.out
    assert marked.out.count(" BG408 ") == text.count(": 【示例】") == 20
    assert "bidder.hotline 仍是示例值" in marked.out
    refused = run_cli("build", str(profile), "-o", "out", "-f", "md", "-q")
    assert refused.code == 1 and not (tmp_path / "out").exists()
    profile.write_text(text.replace("【示例】", ""), "utf-8")  # the writer fills it in
    assert run_cli("check", str(profile)).code == 0
    built = run_cli("build", str(profile), "-o", "out", "-f", "md,docx", "-q")
    assert built.code == 0, built.err
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir() if p.is_file()) == [".docx", ".md"]
    again = run_cli("init", "新标书")
    assert again.code == 2 and "文件已存在" in again.err


def test_clauses_list_covers_every_family(run_cli):
    result = run_cli("clauses", "list")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == ["编号", "条款族", "适用行业", "标题"]
    families = {line.split()[1] for line in lines[2:] if line and not line.startswith("共")}
    assert families >= set(FAMILIES) - {"deviation", "scoring"}
    security = run_cli("clauses", "list", "--industry", "security", "--family", "emergency")
    rows = [line for line in security.out.splitlines()[2:] if line and not line.startswith("共")]
    assert rows and all(line.split()[1] == "emergency" for line in rows)
    assert all(line.split()[2] in {"全部", "安防监控"} for line in rows)
    assert run_cli("clauses", "list", "--family", "nope").code == 2


def test_clauses_show_renders_against_a_sample(run_cli):
    result = run_cli("clauses", "show", "fault_levels.table", "--sample", "samples/security.yaml")
    assert result.code == 0, result.err
    assert "编号：fault_levels.table" in result.out
    assert "按 samples/security.yaml 渲染：" in result.out
    assert "一级故障" in result.out and "{{" not in result.out
    missing = run_cli("clauses", "show", "no.such")
    assert missing.code == 2 and "没有编号为“no.such”的条款" in missing.err
