"""Every rule: documented, with a case that fires and a case that stays quiet."""

from __future__ import annotations

from pathlib import Path

import pytest

from bidgen.profile.loading import load_profile
from bidgen.validate.context import CheckContext, TextUnit
from bidgen.validate.findings import Location
from bidgen.validate.registry import REGISTRY, all_rules
from bidgen.validate.runner import run_rules
from tests.conftest import MINIMAL_PROFILE

TWO_LEVELS = MINIMAL_PROFILE.replace(
    "    resolution: 4小时\n",
    "    resolution: 4小时\n"
    "  - name: 二级故障\n"
    "    definition: 部分功能异常\n"
    "    response: 30分钟\n"
    "    arrival: 2小时\n"
    "    resolution: 8小时\n",
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
            "resolution: 4小时\n", "resolution: 4小时\n    replacement: 2小时\n"
        ),
        [],
        1,
    ),
    "BG201": (MINIMAL_PROFILE, ["一级故障：我公司承诺2小时内到达现场。"], 1),
    "BG202": (None, ["一级故障30分钟内响应。", "对于一级故障，我方保证2小时内响应。"], 1),
    "BG203": (None, ["一级故障4小时内到达现场，2小时内排除故障。"], 1),
    "BG204": (None, ["一级故障2小时内到达现场。", "二级故障1小时内到达现场。"], 1),
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
            "resolution: 4小时\n", "resolution: 4小时\n    replacement: 8小时\n"
        ),
        [],
    ),
    "BG201": (MINIMAL_PROFILE, ["一级故障：我公司承诺1小时内到达现场，15分钟内响应。"]),
    "BG202": (None, ["一级故障30分钟内响应。", "对于一级故障，我方保证30分钟内响应。"]),
    "BG203": (None, ["一级故障1小时内到达现场，4小时内排除故障。"]),
    "BG204": (None, ["一级故障1小时内到达现场。", "二级故障2小时内到达现场。"]),
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


# --- BG2xx in detail ---------------------------------------------------------------------

FOUR_LEVELS = TWO_LEVELS.replace(
    "    resolution: 8小时\n",
    "    resolution: 8小时\n"
    "  - name: 三级故障\n"
    "    definition: 咨询\n"
    "    response: 1小时\n"
    "    arrival: 仅远程\n"
    "    resolution: 3个工作日\n",
)


def _findings(code: str, texts: list[str], loaded=None):
    ctx = CheckContext(units=_units(*texts), loaded=loaded, source_name="doc.md")
    return run_rules(ctx, [REGISTRY[code]])


def test_bg201_message_location_and_quote(tmp_path: Path):
    loaded = _profile(tmp_path, MINIMAL_PROFILE)
    (finding,) = _findings("BG201", ["一级故障：我公司承诺２小时内到达现场。"], loaded)
    assert finding.message == (
        "一级故障到达现场承诺“2小时”与项目配置不一致（项目配置：一级故障到达现场1小时）"
    )
    assert finding.quotes == ("２小时内到达现场",)
    assert (finding.location.line, finding.location.column) == (1, 11)
    assert finding.location.chapter == "一、服务承诺"


def test_bg201_unlevelled_time_must_equal_some_level(tmp_path: Path):
    loaded = _profile(tmp_path, TWO_LEVELS)
    assert _findings("BG201", ["工程师2小时内到达现场。", "30分钟内响应。"], loaded) == []
    (finding,) = _findings("BG201", ["工程师3小时内到达现场。"], loaded)
    assert "一级故障到达现场1小时、二级故障到达现场2小时" in finding.message


def test_bg201_working_days_and_minutes_are_not_compared(tmp_path: Path):
    loaded = _profile(tmp_path, MINIMAL_PROFILE)
    assert _findings("BG201", ["一级故障3个工作日内排除故障。"], loaded) == []


def test_bg201_remote_only_level_and_missing_level(tmp_path: Path):
    loaded = _profile(tmp_path, FOUR_LEVELS)
    messages = [
        f.message
        for f in _findings("BG201", ["三级故障8小时内到达现场。", "四级故障1小时内响应。"], loaded)
    ]
    assert messages == [
        "三级故障到达现场承诺“8小时”，但项目配置中三级故障只提供远程支持",
        "四级故障响应承诺“1小时”，但项目配置只有3个故障级别",
    ]


def test_bg201_other_kinds(tmp_path: Path):
    loaded = _profile(tmp_path, MINIMAL_PROFILE)
    texts = [
        "质保期为三年。",  # 3 years: agrees
        "服务时间为5×8小时。",  # profile 7×24
        "每月一次巡检。",  # profile quarterly
        "系统管理4课时。",  # agrees with the one course
        "培训合计6课时。",  # total is 4
        "备件4小时内送达现场。",  # agrees
        "收到投诉后3小时内与投诉人联系。",  # profile 2 hours
    ]
    messages = [f.message for f in _findings("BG201", texts, loaded)]
    assert messages == [
        "服务时间承诺“5×8小时”与项目配置不一致（项目配置：服务时间7×24小时）",
        "巡检承诺“每月一次”与项目配置不一致（项目配置：巡检每季度一次）",
        "培训课时承诺“6课时”与项目配置不一致（项目配置：培训课时4课时）",
        "投诉首次联系承诺“3小时”与项目配置不一致（项目配置：投诉首次联系2小时）",
    ]


def test_bg202_quotes_both_and_names_the_first_chapter():
    later = TextUnit(
        "一级故障2小时内响应。",
        Location("doc.md", line=40, chapter="十二、售后服务承诺书"),
        "paragraph",
    )
    units = [*_units("一级故障30分钟内响应。"), later]
    ctx = CheckContext(units=units, source_name="doc.md")
    (finding,) = run_rules(ctx, [REGISTRY["BG202"]])
    assert finding.message == "一级故障响应承诺“2小时”与一、服务承诺的“30分钟”矛盾"
    assert finding.quotes == ("2小时内响应", "30分钟内响应")
    assert finding.location.line == 40


def test_bg202_leaves_profile_figures_to_bg201(tmp_path: Path):
    loaded = _profile(tmp_path, MINIMAL_PROFILE)
    texts = ["一级故障1小时内到达现场。", "一级故障2小时内到达现场。"]
    assert _findings("BG202", texts, loaded) == []
    assert len(_findings("BG201", texts, loaded)) == 1
    # the profile has no end-of-life notice: the text must still agree with itself
    eol = ["停产前提前3个月书面告知。", "停产前提前6个月书面告知。"]
    assert len(_findings("BG202", eol, loaded)) == 1


def test_bg202_ignores_unlevelled_times_of_a_graded_kind_and_single_courses():
    texts = ["一级故障30分钟内响应。", "二级故障2小时内响应。", "30分钟内响应。", "2小时内响应。"]
    assert _findings("BG202", [*texts, "系统管理8课时。", "业务操作4课时。"]) == []
    assert len(_findings("BG202", ["共计12课时。", "培训合计16课时。"])) == 1


def test_bg203_bg204_leave_a_profile_to_bg101_bg102(tmp_path: Path):
    loaded = _profile(tmp_path, MINIMAL_PROFILE)
    assert _findings("BG203", ["一级故障4小时内到达现场，2小时内排除故障。"], loaded) == []
    assert (
        _findings("BG204", ["一级故障2小时内到达现场。", "二级故障1小时内到达现场。"], loaded) == []
    )


def test_bg203_bg204_messages():
    (order,) = _findings("BG203", ["一级故障4小时内到达现场，2小时内排除故障。"])
    assert order.message == "一级故障：解决时限（2小时）早于到达现场时限（4小时），先后顺序不合理"
    assert order.quotes == ("2小时内排除故障", "4小时内到达现场")
    (levels,) = _findings("BG204", ["一级故障2小时内到达现场。", "二级故障1小时内到达现场。"])
    assert (
        levels.message
        == "二级故障的到达现场时限（1小时）短于一级故障（2小时），低级别故障不应承诺得更快"
    )
    assert levels.location.line == 2


def test_custom_paragraphs_are_checked(tmp_path: Path):
    from bidgen.build import build_document
    from bidgen.validate.runner import check_document, select_rules

    text = MINIMAL_PROFILE + "custom:\n  commitment:\n    - 一级故障2小时内到达现场。\n"
    path = tmp_path / "p.yaml"
    path.write_text(text, "utf-8")
    built = build_document(path)
    findings = [
        f for f in check_document(built.document, built.loaded, select_rules(["BG2"])) if f.quotes
    ]
    assert [(f.code, f.quotes) for f in findings] == [("BG201", ("2小时内到达现场",))]
    assert findings[0].location.chapter.startswith("一、服务承诺")


def test_party_terms_inside_names_and_labels_are_not_mixed_terms(tmp_path: Path):
    # The purchaser's own name may contain a term ("…采购单位"); the cover's
    # "投标人：" label is a field name, not the bidder calling itself 投标人.
    loaded = _profile(tmp_path, MINIMAL_PROFILE)
    units = _units("测试采购单位：采购人负责验收。", "- 投标人：测试投标公司", "我公司负责维护。")
    assert _codes("BG402", units, loaded) == []
    assert _codes("BG403", units, loaded) == []
    mixed = _units("测试采购单位的采购单位代表签字。")
    assert len(_codes("BG402", mixed, loaded)) == 1


def test_ungraded_fault_times_must_agree_with_each_other():
    # A text that never grades arrival by level promises one arrival time.
    units = _units("接到报修后1小时内到达现场。", "工程师将在２小时内到达现场处理。")
    messages = _codes("BG202", units)
    assert messages == ["到达现场承诺“2小时”与一、服务承诺的“1小时”矛盾"]
    # Once the text grades it, an unlevelled time may belong to any level.
    graded = _units(
        "一级故障1小时内到达现场。", "二级故障2小时内到达现场。", "工程师2小时内到达现场。"
    )
    assert _codes("BG202", graded) == []
