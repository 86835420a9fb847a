"""THE table of kinds: one entry is all a new kind needs, and every label is written once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bidgen.build import build_document
from bidgen.core.errors import BidgenError
from bidgen.core.kinds import KINDS, Kind, Words, compare, parse_limit, requirement_kinds
from bidgen.core.quantities import (
    CourseHours,
    Duration,
    DurationError,
    Frequency,
    ServiceWindow,
    Years,
)
from bidgen.profile.compliance import evaluate
from bidgen.profile.loading import load_profile
from bidgen.validate.context import CheckContext, TextUnit
from bidgen.validate.findings import Location
from bidgen.validate.promises import extract_promises
from bidgen.validate.runner import run_rules, select_rules
from bidgen.writers.markdown import render_markdown
from tests.conftest import MINIMAL_PROFILE

BIDGEN = Path(__file__).resolve().parents[2] / "bidgen"


def _label_literals() -> dict[str, list[str]]:
    """Every string literal in bidgen/ equal to a kind's label, by label ("file:line").

    Regexes handed to ``Words`` are vocabulary, not labels, and do not count.
    """
    labels = {kind.label for kind in KINDS.values()}
    found: dict[str, list[str]] = {label: [] for label in labels}
    for path in sorted(BIDGEN.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        words = {
            id(arg)
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Words"
            for arg in node.args
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and node.value in labels and id(node) not in words:
                found[node.value].append(f"{path.relative_to(BIDGEN)}:{node.lineno}")
    return found


def test_every_label_is_written_once_in_the_table():
    found = _label_literals()
    assert {label: places for label, places in found.items() if len(places) != 1} == {}
    assert all(places[0].startswith("core/kinds.py:") for places in found.values())


def test_requirement_kinds_cover_the_tender():
    assert requirement_kinds() == (
        "response", "arrival", "resolution", "replacement", "report", "spare_delivery",
        "eol_notice", "complaint_response", "complaint_resolution", "survey", "inspection",
        "inspection_report", "health_check", "hotline_reply", "callback", "upgrade_notice",
        "retraining", "training_followup", "drill", "notify", "summary", "warranty",
        "support_years", "training_hours", "service_hours", "service_period", "resident_staff",
        "resident_hours", "spare_ratio", "availability", "uptime", "online_rate", "intact_rate",
        "first_fix_rate", "satisfaction", "on_time_rate", "training_sessions",
            "post_warranty_response",
    )  # fmt: skip
    assert all(KINDS[kind].phrase.count("{v}") == 1 for kind in requirement_kinds())
    # Every requirement kind says where the proposal answers it (the 说明 column's reference).
    assert [kind for kind in requirement_kinds() if not KINDS[kind].family] == []


def test_limits_are_read_by_value_type():
    assert parse_limit("arrival", "２小时") == Duration(120)
    assert parse_limit("inspection", "每月一次") == Frequency(12)
    assert parse_limit("warranty", "三年") == Years(3)
    assert parse_limit("warranty", "36个月") == Years(3)
    assert parse_limit("training_hours", "16学时") == CourseHours(16)
    assert parse_limit("service_hours", "5×8小时") == ServiceWindow(5, 8)
    with pytest.raises(DurationError, match="无法识别的年限“3天”"):
        parse_limit("warranty", "3天")


def test_compare_follows_the_direction_of_each_kind():
    assert compare("arrival", Duration(60), Duration(120)) == "better"  # sooner
    assert compare("inspection", Frequency(4), Frequency(12)) == "worse"  # less often
    assert compare("warranty", Years(5), Years(3)) == "better"  # longer
    assert compare("training_hours", CourseHours(16), CourseHours(16)) == "equal"
    assert compare("service_hours", ServiceWindow(5, 8), ServiceWindow(7, 24)) == "worse"


def test_same_place_precedence_follows_table_order():
    """Two kinds' words matching the same text: the earlier entry wins."""
    assert [p.kind for p in extract_promises("投诉问题2小时内回复。")] == ["complaint_response"]
    assert [p.kind for p in extract_promises("产品停产、软件升级均提前3个月书面通知。")] == [
        "eol_notice"
    ]


# --- a throwaway kind flows through every stage ------------------------------------------

THROWAWAY = Kind(
    "remote_diagnosis",
    "远程诊断",
    "duration",
    (Words(r"远程诊断"),),
    answer=lambda profile: profile.service.hotline_answer,
    requirement=True,
    phrase="{v}内完成远程诊断",
)
REQUIREMENT = """
requirements:
  - clause: 第五章 3.1
    wording: 接到报修后30分钟内完成远程诊断
    kind: remote_diagnosis
    limit: {limit}
"""


@pytest.fixture
def throwaway(monkeypatch: pytest.MonkeyPatch) -> Kind:
    monkeypatch.setitem(KINDS, THROWAWAY.id, THROWAWAY)
    return THROWAWAY


def _profile_path(tmp_path: Path, limit: str) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL_PROFILE + REQUIREMENT.format(limit=limit), "utf-8")
    return path


def test_a_new_kind_is_read_from_text(throwaway: Kind):
    (promise,) = extract_promises("接到报修后20分钟内完成远程诊断。")
    assert (promise.kind, promise.value, promise.quote) == (
        "remote_diagnosis",
        Duration(20),
        "20分钟内完成远程诊断",
    )
    assert promise.label == "远程诊断"


def test_a_new_kind_is_a_requirement_evaluated_and_phrased(throwaway: Kind, tmp_path: Path):
    loaded = load_profile(_profile_path(tmp_path, "30分钟"))
    (ev,) = evaluate(loaded.profile)
    assert (ev.offered, ev.deviation, ev.response) == ("10分钟", "正偏离", "10分钟内完成远程诊断")
    markdown = render_markdown(build_document(_profile_path(tmp_path, "30分钟")).document)
    assert (
        "| 1 | 第五章 3.1 | 接到报修后30分钟内完成远程诊断 | 10分钟内完成远程诊断 | 正偏离 |"
        in (markdown)
    )


def test_a_new_kind_in_messages(throwaway: Kind, tmp_path: Path):
    loaded = load_profile(_profile_path(tmp_path, "5分钟"))
    units = [
        TextUnit("我公司20分钟内完成远程诊断。", Location("doc.md", line=1), "paragraph"),
    ]
    ctx = CheckContext(units=units, loaded=loaded, source_name="doc.md")
    findings = run_rules(ctx, select_rules(["BG201", "BG302"]))
    assert sorted((f.code, f.message) for f in findings) == [
        ("BG201", "远程诊断承诺“20分钟”与项目配置不一致（项目配置：远程诊断10分钟）"),
        ("BG302", "招标文件第五章 3.1：远程诊断时间要求5分钟，本方案承诺10分钟，为负偏离"),
    ]


def test_a_kind_not_in_the_table_is_refused(tmp_path: Path):
    with pytest.raises(BidgenError) as info:
        load_profile(_profile_path(tmp_path, "30分钟"))
    (problem,) = info.value.problems
    assert problem.message.startswith("requirements[0].kind：取值“remote_diagnosis”无效，可选：")
    assert problem.message.endswith("training_sessions、post_warranty_response")
