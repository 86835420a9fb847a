"""The commands around a build: check, build refusing on errors, init, clauses list/show."""

from __future__ import annotations

import json
from pathlib import Path

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


def test_check_unknown_prefix_is_a_usage_error(run_cli, profile_file):
    profile_file(SAMPLE, "p.yaml")
    result = run_cli("check", "p.yaml", "--select", "XX9")
    assert result.code == 2
    assert "没有以“XX9”开头的规则编号" in result.err


def test_rules_lists_and_explains(run_cli):
    listing = run_cli("rules")
    assert listing.code == 0
    codes = [line.split()[0] for line in listing.out.splitlines()]
    assert codes == sorted(codes) and "BG201" in codes and "BG301" in codes
    one = run_cli("rules", "BG301")
    assert one.code == 0
    assert one.out.startswith("BG301 substantive-negative-deviation（错误）")
    assert "检查内容：" in one.out and "为何重要：" in one.out and "示例：" in one.out
    assert run_cli("rules", "BG999").code == 2


def test_init_writes_a_profile_that_builds_and_checks_clean(run_cli, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("init", "新标书")
    assert result.code == 0, result.err
    profile = tmp_path / "新标书" / "项目配置.yaml"
    assert profile.is_file() and (tmp_path / "新标书" / "条款").is_dir()
    text = profile.read_text("utf-8")
    for key in ("project:", "fault_levels:", "requirements:", "equipment:", "responsibility:"):
        assert key in text
    assert run_cli("check", str(profile)).code == 0
    built = run_cli("build", str(profile), "-o", "out", "-f", "md,docx", "-q")
    assert built.code == 0, built.err
    assert sorted(p.suffix for p in (tmp_path / "out").iterdir()) == [".docx", ".md"]
    again = run_cli("init", "新标书")
    assert again.code == 2 and "文件已存在" in again.err


def test_clauses_list_covers_every_family(run_cli):
    result = run_cli("clauses", "list")
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == ["编号", "条款族", "适用行业", "标题"]
    families = {line.split()[1] for line in lines[2:] if line and not line.startswith("共")}
    assert families >= set(FAMILIES) - {"deviation"}
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
