"""Each tender clause against the profile: every value type, both directions, per level and group."""

from __future__ import annotations

from pathlib import Path

import pytest

from bidgen.core.errors import BidgenError
from bidgen.core.kinds import compare, parse_limit
from bidgen.core.quantities import Count, DurationError, Percentage, parse_count, parse_percentage
from bidgen.library.clauses import bind_libraries
from bidgen.profile.compliance import BETTER, EQUAL, WORSE, evaluate
from bidgen.profile.loading import load_profile
from tests.conftest import MINIMAL_PROFILE

# What MINIMAL_PROFILE (plus EXTRA) offers, and a limit on each side of it, per value type.
EXTRA = (
    MINIMAL_PROFILE.replace("  hours: 7×24小时\n", "  hours: 5×8小时\n  period: 3年\n")
    .replace(
        "  upgrade_notice: 5个工作日\n", "  upgrade_notice: 5个工作日\n  resident_engineers: 2\n"
    )
    .replace("  standard: A\n", "  standard: A\ntargets:\n  availability: 99.9%\n")
)
CASES = [
    # kind, better-than-offer limit (we are worse), worse-than-offer limit (we are better)
    ("arrival", "30分钟", "2小时"),  # duration: offer 1小时, less is better
    ("inspection", "每月一次", "每半年一次"),  # frequency: offer 每季度一次
    ("service_period", "5年", "2年"),  # years: offer 3年 (not the warranty)
    ("training_hours", "8课时", "2课时"),  # course hours: offer 4课时
    ("service_hours", "7×24小时", "5×4小时"),  # window: offer 5×8小时
    ("availability", "99.99%", "99%"),  # percent: offer 99.9%
    ("resident_staff", "3人", "1名"),  # count: offer 2人
]


def _evaluate(tmp_path: Path, requirements: str, profile: str = EXTRA):
    path = tmp_path / "p.yaml"
    path.write_text(profile + "requirements:\n" + requirements, "utf-8")
    return evaluate(bind_libraries(load_profile(path)).profile)


def _one(kind: str, limit: str) -> str:
    return f"  - clause: 第1条\n    wording: 要求\n    kind: {kind}\n    limit: {limit}\n"


@pytest.mark.parametrize(("kind", "stricter", "looser"), CASES, ids=[c[0] for c in CASES])
def test_every_value_type_both_directions(tmp_path: Path, kind: str, stricter: str, looser: str):
    worse, better = _evaluate(tmp_path, _one(kind, stricter) + _one(kind, looser))
    assert (worse.deviation, better.deviation) == (WORSE, BETTER)
    assert (
        worse.explanation.startswith("不满足要求：") and stricter.rstrip("名") in worse.explanation
    )
    assert better.explanation.startswith("优于要求：")


@pytest.mark.parametrize(
    ("kind", "limit"),
    [
        ("arrival", "1小时"),
        ("inspection", "每季度一次"),
        ("service_period", "3年"),
        ("training_hours", "4课时"),
        ("service_hours", "5×8小时"),
        ("availability", "99.9%"),
        ("resident_staff", "2人"),
    ],
)
def test_every_value_type_equal(tmp_path: Path, kind: str, limit: str):
    (ev,) = _evaluate(tmp_path, _one(kind, limit))
    assert (ev.deviation, ev.explanation) == (EQUAL, "满足要求")


def test_a_window_that_is_wider_one_way_and_narrower_the_other_is_compared_by_hours():
    # 6×12 = 72 hours a week against 7×8 = 56: the wider week wins.
    assert compare(
        "service_hours", *map(lambda t: parse_limit("service_hours", t), ("6×12", "7×8"))
    )
    assert compare("resident_staff", Count(2, "人"), Count(2)) == "equal"


def test_percent_and_count_limits_are_read_and_refused():
    assert parse_percentage("百分之九十五") == Percentage(95)
    assert parse_count("不少于2名".removeprefix("不少于")) == Count(2, "人")
    assert str(parse_count("4期")) == "4期"
    with pytest.raises(DurationError, match="百分比应在 0 到 100 之间"):
        parse_percentage("120%")
    with pytest.raises(DurationError, match="数量须为正整数"):
        parse_count("1.5人")


def test_service_period_is_not_the_warranty(tmp_path: Path):
    longer_warranty = EXTRA.replace("  years: 3\n", "  years: 5\n")
    (ev,) = _evaluate(tmp_path, _one("service_period", "3年"), longer_warranty)
    assert (ev.deviation, ev.response) == (EQUAL, "运维服务期3年")
    without = MINIMAL_PROFILE
    (missing,) = _evaluate(tmp_path, _one("service_period", "3年"), without)
    assert (missing.deviation, missing.reason) == (None, "项目配置未承诺运维服务期")


def test_two_conditions_are_one_clause_with_the_level_named_once(tmp_path: Path):
    clause = (
        "  - clause: 第4条\n    wording: ★一级故障2小时内到达现场，6小时内恢复业务\n    conditions:\n"
        "      - {kind: arrival, level: 一级故障, limit: 2小时}\n"
        "      - {kind: resolution, level: 1, limit: 6小时}\n"
    )
    (ev,) = _evaluate(tmp_path, clause)
    assert ev.requirement.star == "★" and ev.requirement.text.startswith("一级故障2小时")
    assert ev.response == "一级故障1小时内到达现场，4小时内排除故障"
    assert ev.deviation == BETTER
    assert ev.explanation == (
        "优于要求：一级故障到达现场时间要求2小时，承诺1小时；一级故障解决时间要求6小时，承诺4小时"
    )


def test_better_at_one_condition_equal_at_the_other_is_better(tmp_path: Path):
    clause = (
        "  - clause: 第4条\n    wording: 到场与解决\n    conditions:\n"
        "      - {kind: arrival, limit: 1小时}\n      - {kind: resolution, limit: 8小时}\n"
    )
    (ev,) = _evaluate(tmp_path, clause)
    assert ev.deviation == BETTER
    assert ev.explanation == "优于要求：一级故障解决时间要求8小时，承诺4小时"


def test_training_per_trainee_group_not_the_total(tmp_path: Path):
    two_groups = EXTRA.replace(
        "      method: 现场授课\n",
        "      method: 现场授课\n"
        "    - name: 业务操作\n      audience: 业务人员\n      hours: 12\n"
        "      sessions: 3\n      method: 上机\n",
    )
    assert two_groups != EXTRA
    clause = (
        "  - clause: 第7条\n    wording: 对技术人员的培训不少于6课时\n    kind: training_hours\n"
        "    group: 管理员\n    limit: 6课时\n"
        "  - clause: 第8条\n    wording: 业务人员培训不少于2场\n    kind: training_sessions\n"
        "    group: 业务人员\n    limit: 2场\n"
    )
    hours, sessions = _evaluate(tmp_path, clause, two_groups)
    # All courses total 16 hours, but the administrators get 4: a negative deviation.
    assert (hours.deviation, hours.response) == (WORSE, "管理员培训4课时")
    assert hours.explanation == "不满足要求：管理员培训课时要求6课时，承诺4课时"
    assert (sessions.deviation, sessions.response) == (BETTER, "业务人员培训3场")


def test_a_group_no_course_is_for_is_unanswered(tmp_path: Path):
    clause = "  - clause: 第7条\n    wording: 培训\n    kind: training_hours\n    group: 医生\n"
    (ev,) = _evaluate(tmp_path, clause + "    limit: 6课时\n")
    assert (ev.deviation, ev.reason) == (None, "培训课程中没有面向“医生”的课程")


def test_qualitative_clause_is_answered_by_its_response(tmp_path: Path):
    clause = "  - clause: 第9条\n    wording: ★须提供原厂售后服务承诺函\n"
    answered, empty = _evaluate(
        tmp_path, clause + "    response: 提供原厂承诺函原件\n" + clause.replace("第9条", "第10条")
    )
    assert (answered.deviation, answered.response) == (EQUAL, "提供原厂承诺函原件")
    assert answered.requirement.qualitative and answered.requirement.is_substantive
    assert (empty.deviation, empty.reason) == (None, "未填写投标响应（response）")


def test_marks(tmp_path: Path):
    clauses = (
        "  - {clause: 一, wording: ▲ 重要条款, kind: arrival, limit: 2小时}\n"
        "  - {clause: 二, wording: 一般条款, kind: arrival, limit: 2小时, substantive: true}\n"
        "  - {clause: 三, wording: 一般条款, kind: arrival, limit: 2小时, mark: ▲}\n"
    )
    marks = [(ev.requirement.star, ev.requirement.text) for ev in _evaluate(tmp_path, clauses)]
    assert marks == [("▲", "重要条款"), ("★", "一般条款"), ("▲", "一般条款")]


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ("    kind: arrival\n    conditions: [{kind: arrival, limit: 1小时}]\n    limit: 1小时\n",
         "kind/limit 与 conditions 只能选一种写法"),
        ("    limit: 1小时\n", "写了 limit/level/group 时须同时写明 kind"),
        ("    kind: arrival\n", "写了 kind 时须同时写明 limit"),
        ("    kind: resident_staff\n    limit: 2小时\n", "无法识别的数量“2小时”"),
        ("    kind: warranty\n    group: 管理员\n    limit: 3年\n", "质保期不区分培训对象"),
    ],
)  # fmt: skip
def test_malformed_clauses_are_refused(tmp_path: Path, item: str, message: str):
    with pytest.raises(BidgenError) as info:
        _evaluate(tmp_path, "  - clause: 第1条\n    wording: 要求\n" + item)
    assert message in "\n".join(p.message for p in info.value.problems)


# --- service-level targets: industry defaults, checked like any other promise --------------


def _loaded(tmp_path: Path, text: str):
    path = tmp_path / "p.yaml"
    path.write_text(text, "utf-8")
    return bind_libraries(load_profile(path)).profile  # defaults come from the industry file


@pytest.mark.parametrize(
    ("industry", "kind", "percent"),
    [
        ("it_ops", "availability", 99.9),
        ("medical", "uptime", 95),
        ("security", "online_rate", 98),
        ("office_equipment", "intact_rate", 95),
        ("医疗设备", "uptime", 95),  # the industry written in Chinese
    ],
)
def test_targets_default_by_industry(tmp_path: Path, industry: str, kind: str, percent: float):
    text = MINIMAL_PROFILE.replace("industry: it_ops", f"industry: {industry}")
    profile = _loaded(tmp_path, text)
    assert getattr(profile.targets, kind) == percent
    assert profile.targets.first_fix_rate == 95 and profile.targets.on_time_rate == 98
    # an industry's own rate only: a medical bid promises no 点位在线率
    others = {"availability", "uptime", "online_rate"} - {kind}
    assert all(getattr(profile.targets, other) is None for other in others)


def test_a_written_target_wins_and_null_drops_one(tmp_path: Path):
    text = MINIMAL_PROFILE + "targets:\n  availability: 99.99%\n  on_time_rate: null\n"
    profile = _loaded(tmp_path, text)
    assert (profile.targets.availability, profile.targets.on_time_rate) == (99.99, None)
    assert profile.targets.satisfaction == 98  # still the default


def test_a_default_target_is_checked_against_the_tender(tmp_path: Path):
    security = MINIMAL_PROFILE.replace("industry: it_ops", "industry: security")
    worse, equal = _evaluate(
        tmp_path, _one("online_rate", "99%") + _one("on_time_rate", "98%"), security
    )
    assert worse.deviation == WORSE and "98%" in worse.explanation
    assert equal.deviation == EQUAL
