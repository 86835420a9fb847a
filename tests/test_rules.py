"""Every rule: documented, with a case that fires and a case that stays quiet."""

from __future__ import annotations

from pathlib import Path

import pytest

from bidgen.check import run_rules
from bidgen.findings import Location
from bidgen.loading import load_profile
from bidgen.rules import REGISTRY, all_rules
from bidgen.rules.context import CheckContext, TextUnit
from tests.conftest import MINIMAL_PROFILE

TWO_LEVELS = MINIMAL_PROFILE.replace(
    "        resolution: 4小时\n",
    "        resolution: 4小时\n"
    "      - name: 二级故障\n"
    "        definition: 部分功能异常\n"
    "        response: 30分钟\n"
    "        arrival: 2小时\n"
    "        resolution: 8小时\n",
)
REQUIREMENTS = """
requirements:
  - clause: 第三章 2.1
    wording: 一级故障须在1小时内到达现场
    kind: arrival
    level: 一级故障
    limit: 1小时
    substantive: true
"""


def _units(*texts: str) -> list[TextUnit]:
    return [
        TextUnit(text, Location("doc.md", line=n, chapter="一、服务承诺"), "paragraph")
        for n, text in enumerate(texts, start=1)
    ]


def _table_unit(header: list[str], cells: list[str]) -> TextUnit:
    loc = Location("doc.md", line=9, chapter="四、故障分级与响应时间")
    return TextUnit(" | ".join(cells), loc, "row", tuple(header), tuple(cells))


def _profile(tmp_path: Path, text: str):
    path = tmp_path / "p.yaml"
    path.write_text(text, "utf-8")
    return load_profile(path)


def _codes(code: str, units: list[TextUnit], loaded=None) -> list[str]:
    ctx = CheckContext(units=units, loaded=loaded, source_name="doc.md")
    return [f.message for f in run_rules(ctx, [REGISTRY[code]])]


# (code, profile text or None, text units, expected number of findings)
FIRING = {
    "BG101": (TWO_LEVELS.replace("arrival: 1小时", "arrival: 5小时"), [], 1),
    "BG102": (TWO_LEVELS.replace("response: 30分钟", "response: 5分钟"), [], 1),
    "BG103": (MINIMAL_PROFILE.replace("response: 15分钟", "response: 3030分钟"), [], 1),
    "BG104": (MINIMAL_PROFILE.replace("travel_time: 30分钟", "travel_time: 2小时"), [], 1),
    "BG105": (
        MINIMAL_PROFILE.replace(
            "resolution: 4小时\n", "resolution: 4小时\n        replacement: 2小时\n"
        ),
        [],
        1,
    ),
    "BG201": (MINIMAL_PROFILE, ["一级故障：我公司承诺2小时内到达现场。"], 1),
    "BG202": (None, ["一级故障30分钟内响应。", "对于一级故障，我方保证2小时内响应。"], 1),
    "BG301": (MINIMAL_PROFILE.replace("arrival: 1小时", "arrival: 2小时") + REQUIREMENTS, [], 1),
    "BG302": (
        MINIMAL_PROFILE.replace("arrival: 1小时", "arrival: 2小时")
        + REQUIREMENTS.replace("true", "false"),
        [],
        1,
    ),
    "BG303": (MINIMAL_PROFILE.replace("arrival: 1小时", "arrival: 仅远程") + REQUIREMENTS, [], 1),
    "BG401": (None, ["专线电话：。服务网点位于XX区。"], 2),
    "BG402": (None, ["甲方提出需求后，我公司响应。", "采购人验收。", "采购人签字。"], 1),
    "BG403": (None, ["我公司承诺。", "我公司负责。", "乙方配合。"], 1),
    "BG404": (MINIMAL_PROFILE, ["定期清洁摄像机镜头并更换硒鼓。"], 2),
    "BG405": (None, ["我公司提供售后效劳。", "系統維護"], 2),
}
CLEAN = {
    "BG101": (TWO_LEVELS, []),
    "BG102": (TWO_LEVELS, []),
    "BG103": (MINIMAL_PROFILE, []),
    "BG104": (MINIMAL_PROFILE, []),
    "BG105": (
        MINIMAL_PROFILE.replace(
            "resolution: 4小时\n", "resolution: 4小时\n        replacement: 8小时\n"
        ),
        [],
    ),
    "BG201": (MINIMAL_PROFILE, ["一级故障：我公司承诺1小时内到达现场，15分钟内响应。"]),
    "BG202": (None, ["一级故障30分钟内响应。", "对于一级故障，我方保证30分钟内响应。"]),
    "BG301": (MINIMAL_PROFILE + REQUIREMENTS, []),
    "BG302": (MINIMAL_PROFILE + REQUIREMENTS.replace("true", "false"), []),
    "BG303": (MINIMAL_PROFILE + REQUIREMENTS, []),
    "BG401": (None, ["服务热线：400-000-0000。", "法定代表人或授权代表（签字）："]),
    "BG402": (None, ["采购人提出需求后，我公司响应。", "采购人验收。"]),
    "BG403": (None, ["我公司承诺。", "投标人名称（盖章）：某公司"]),
    "BG404": (MINIMAL_PROFILE, ["定期检查服务器与数据库运行状态。"]),
    "BG405": (None, ["我公司提供售后服务。"]),
}


def test_every_rule_is_documented_and_tested():
    rules = all_rules()
    assert [r.code for r in rules] == sorted(FIRING) == sorted(CLEAN)
    for item in rules:
        assert item.code[:2] == "BG" and len(item.code) == 5 and item.code[2:].isdigit()
        assert item.name == item.name.lower() and " " not in item.name
        assert item.title and item.what and item.why and item.example
        assert item.severity in {"error", "warning"}


@pytest.mark.parametrize("code", sorted(FIRING))
def test_rule_fires(code: str, tmp_path: Path):
    profile_text, texts, count = FIRING[code]
    loaded = _profile(tmp_path, profile_text) if profile_text else None
    messages = _codes(code, _units(*texts), loaded)
    assert len(messages) == count, messages


@pytest.mark.parametrize("code", sorted(CLEAN))
def test_rule_stays_quiet(code: str, tmp_path: Path):
    profile_text, texts = CLEAN[code]
    loaded = _profile(tmp_path, profile_text) if profile_text else None
    assert _codes(code, _units(*texts), loaded) == []


def test_messages_are_specific(tmp_path: Path):
    loaded = _profile(tmp_path, TWO_LEVELS.replace("arrival: 1小时", "arrival: 5小时"))
    assert _codes("BG101", [], loaded) == [
        "一级故障：解决时限（4小时）早于到达现场时限（5小时），先后顺序不合理"
    ]
    loaded = _profile(
        tmp_path, MINIMAL_PROFILE.replace("arrival: 1小时", "arrival: 2小时") + REQUIREMENTS
    )
    assert _codes("BG301", [], loaded) == [
        "招标文件★第三章 2.1“到达现场时间（一级故障）”要求1小时，本方案承诺2小时，为负偏离，"
        "实质性条款负偏离将导致投标被否决"
    ]


def test_table_rows_are_read_with_their_header(tmp_path: Path):
    loaded = _profile(tmp_path, MINIMAL_PROFILE)
    row = _table_unit(
        ["故障级别", "响应时间", "到达现场", "解决时间"],
        ["一级故障", "15分钟内", "2小时内", "4小时内"],
    )
    messages = _codes("BG201", [row], loaded)
    assert len(messages) == 1 and "2小时" in messages[0]
