"""Promise extraction: the corpus, case by case, and focused unit tests."""

from __future__ import annotations

import pytest

from bidgen.core.kinds import KINDS
from bidgen.core.quantities import (
    CourseHours,
    Duration,
    DurationError,
    Frequency,
    ServiceWindow,
    Years,
    fold_and_repair,
    fold_with_offsets,
    frequency_of,
    parse_duration,
    parse_frequency,
    value_fields,
)
from bidgen.validate.promises import (
    LevelFinder,
    Promise,
    extract_from_table,
    extract_promises,
    extract_weak,
    find_availability,
)
from tests.contradiction_corpus import judge, load_documents
from tests.promise_corpus import load_corpus, score

CASES = load_corpus()


def _params():
    for case in CASES:
        marks = [pytest.mark.xfail(reason=case.known_miss, strict=True)] if case.known_miss else []
        yield pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", list(_params()))
def test_corpus(case):
    result = score(case, case.extract())
    assert (result.missing, result.extra) == ([], []), case.source


def test_corpus_is_large_and_covers_every_kind():
    assert len(CASES) >= 150
    assert len({case.id for case in CASES}) == len(CASES)
    kinds = {kind for case in CASES for kind, _level, _value in case.expected}
    assert kinds == {kind.id for kind in KINDS.values() if kind.in_text}
    assert sum(1 for case in CASES if not case.expected) >= 40  # negatives
    assert sum(1 for case in CASES if case.text is None) >= 12  # table rows


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_quotes_are_the_input_text(case):
    """Every quote stands verbatim in the input, at its offsets."""
    source = case.text if case.text is not None else " | ".join(case.cells)
    for promise in case.extract():
        assert source[promise.start : promise.end] == promise.quote
        assert promise.quote.strip() == promise.quote and promise.quote


def _one(text: str, names=()) -> Promise:
    found = extract_promises(text, names)
    assert len(found) == 1, found
    return found[0]


def test_full_width_quote_keeps_the_original_characters():
    text = "二级故障２小时内到达现场，３０３０ 分钟内响应。"
    arrival, response = extract_promises(text)
    assert (arrival.kind, arrival.level, arrival.value) == ("arrival", "2", Duration(120))
    assert arrival.quote == "２小时内到达现场"
    # the doubled digits are repaired (30), the quote is still what was written
    assert (response.value, response.quote) == (Duration(30), "３０３０ 分钟内响应")
    assert text[response.start : response.end] == response.quote


def test_value_by_kind():
    assert _one("3个工作日内提交巡检报告").value == Duration(working_days=3)
    assert _one("每季度巡检一次").value == Frequency(4)
    assert _one("质保期36个月").value == Years(3)
    assert _one("共计20课时").value == CourseHours(20) and _one("共计20课时").total
    assert not _one("系统管理8课时").total
    window = _one("服务时间为5×8小时")
    assert (window.value, window.value_text) == (ServiceWindow(5, 8), "5×8小时")


def test_value_fields_for_json():
    """``lint --format json`` prints one flat field per value type, the others null."""
    assert value_fields(_one("3个工作日内提交巡检报告").value) == {
        "minutes": None,
        "working_days": 3,
        "per_year": None,
        "years": None,
        "hours": None,
        "window": None,
        "percent": None,
        "count": None,
    }
    assert value_fields(_one("2小时内到达现场").value)["minutes"] == 120
    assert value_fields(_one("每季度巡检一次").value)["per_year"] == 4.0
    assert value_fields(_one("质保期36个月").value)["years"] == 3.0
    assert value_fields(_one("共计20课时").value)["hours"] == 20.0
    assert value_fields(_one("服务时间为5×8小时").value)["window"] == [5, 8]


def test_canonical_value_text():
    texts = {
        "半小时内响应": "30分钟",
        "一个半小时内到达现场": "1.5小时",
        "两天内修复": "2天",
        "一周内回访": "1周",
        "每半年一次应急演练": "每半年一次",
        "质保期为三年": "3年",
        "不少于16学时的培训": "16课时",
        "提供7*24服务": "7×24小时",
    }
    for text, value in texts.items():
        assert _one(text).value_text == value, text


def test_range_promises_its_upper_bound():
    assert _one("1-2天内修复").value == Duration(2 * 24 * 60)
    assert _one("1至2个工作日内提交故障报告").value == Duration(working_days=2)
    assert _one("2～4小时内到达现场").quote == "2～4小时内到达现场"


def test_keyword_of_the_next_clause_does_not_steal_a_figure():
    assert extract_promises("网点车程约30分钟，到达现场后立即处理。") == []
    assert extract_promises("项目实施周期为90天，响应迅速。") == []


def test_a_figure_without_kind_word_is_not_reported():
    assert extract_promises("我公司有3年以上同类项目经验，员工6名，2小时。") == []


def test_profile_level_names_give_positions():
    names = ["紧急故障", "严重故障", "一般故障"]
    promise = _one("一般故障8小时内到达现场", names)
    assert promise.level == "3"
    assert _one("一般故障8小时内到达现场").level is None  # not guessed without the profile


def test_level_finder_forms():
    finder = LevelFinder()
    assert finder.cell_level("Ⅱ级") == (2,)
    assert finder.cell_level("B类") == (2,)
    assert finder.cell_level("P3级") == (3,)
    assert finder.cell_level("一、二级故障") == (1, 2)
    assert finder.cell_level("三级医院") is None
    assert LevelFinder(["重大故障", "一般故障"]).cell_level("一般") == (2,)


def test_non_fault_kinds_carry_no_level():
    assert _one("一级故障发生后30分钟内向采购人上报").level is None


def test_table_offsets_point_into_the_joined_row():
    header, cells = ["故障级别", "响应时间"], ["二级故障", "30分钟内"]
    (promise,) = extract_from_table(header, cells)
    joined = " | ".join(cells)
    assert joined[promise.start : promise.end] == promise.quote == "30分钟"
    assert (promise.kind, promise.level) == ("response", "2")


def test_table_definition_column_is_not_read():
    header = ["故障级别", "定义", "响应时间"]
    cells = ["一级故障", "中断超过30分钟且2小时内无法恢复", "15分钟内"]
    assert [p.value for p in extract_from_table(header, cells)] == [Duration(15)]


def test_fold_with_offsets_maps_every_character_back():
    text = "①　２ 小时，GB/T 28827　內"
    folded, index = fold_with_offsets(text)
    assert folded == "|2小时,GB/T 28827内"
    assert len(index) == len(folded)
    assert [text[i] for i in index][:4] == ["①", "２", "小", "时"]


def test_durations_extensions():
    assert frequency_of("季度") == parse_frequency("每季度一次")
    assert frequency_of("个月", every=2).per_year == 6
    with pytest.raises(DurationError):
        frequency_of("年", times=0)
    assert parse_duration("２小时").minutes == 120  # the existing API is unchanged


# --- the clause-author convention (docs/clauses.md) -------------------------------------

CONVENTION_KINDS = {
    "fault_levels[].response": "response",
    "fault_levels[].arrival": "arrival",
    "fault_levels[].resolution": "resolution",
    "fault_levels[].replacement": "replacement",
    "fault_levels[].report": "report",
    "service.hotline_answer": "hotline_reply",
    "service.followup": "callback",
    "service.health_check": "health_check",
    "service.upgrade_notice": "upgrade_notice",
    "inspection.frequency": "inspection",
    "inspection.report_within": "inspection_report",
    "spare_parts.delivery": "spare_delivery",
    "spare_parts.eol_notice": "eol_notice",
    "training.retraining": "retraining",
    "training.followup_within": "training_followup",
    "training.courses[].hours": "training_hours",
    "emergency.drill_frequency": "drill",
    "emergency.report_within": "notify",
    "emergency.summary_within": "summary",
    "complaints.first_contact": "complaint_response",
    "complaints.resolution": "complaint_resolution",
    "complaints.survey_frequency": "survey",
    "warranty.years": "warranty",
    "bidder.outlet.travel_time": None,  # a distance, never a promise
}
CONVENTION_VALUES = {
    "fl": {
        "name": "二级故障",
        "response": "30分钟",
        "arrival": "2小时",
        "resolution": "8小时",
        "replacement": "24小时",
        "report": "2个工作日",
    },
    "service": {
        "hotline_answer": "10分钟",
        "followup": "1个工作日",
        "health_check": "每月一次",
        "upgrade_notice": "5个工作日",
    },
    "inspection": {"frequency": "每季度一次", "report_within": "3个工作日"},
    "spare_parts": {"delivery": "4小时", "eol_notice": "6个月"},
    "training": {"retraining": "每半年一次", "followup_within": "5个工作日"},
    "c": {"hours": 8},
    "emergency": {
        "drill_frequency": "每半年一次",
        "report_within": "30分钟",
        "summary_within": "3个工作日",
    },
    "complaints": {
        "first_contact": "2小时",
        "resolution": "3个工作日",
        "survey_frequency": "每季度一次",
    },
    "warranty": {"years": 3},
    "bidder": {"outlet": {"travel_time": "30分钟"}},
    "buyer": "采购人",
}


def _convention_rows():
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "clauses.md").read_text("utf-8")
    section = text.split("## Writing promises so that bidgen can check them", 1)[1]
    for line in section.splitlines():
        match = re.fullmatch(r"\|\s*`([^`]+)`\s*\|(.*)\|", line.strip())
        if match:
            for phrase in re.findall(r"`([^`]*\{\{[^`]*)`", match.group(2)):
                yield pytest.param(match.group(1), phrase, id=f"{match.group(1)}:{phrase}")


@pytest.mark.parametrize(("field", "phrase"), list(_convention_rows()))
def test_convention_phrasings_are_read_exactly(field, phrase):
    from jinja2 import Environment, StrictUndefined

    assert field in CONVENTION_KINDS, f"new convention row {field}: add it to this test"
    text = Environment(undefined=StrictUndefined).from_string(phrase).render(CONVENTION_VALUES)
    found = extract_promises(f"{text}。", ["一级故障", "二级故障"])
    kind = CONVENTION_KINDS[field]
    if kind is None:
        assert found == [], text
        return
    assert [p.kind for p in found] == [kind], text
    if kind in {"response", "arrival", "resolution", "replacement", "report"}:
        assert found[0].level in {"2", None}
        assert found[0].level == "2" or "二级故障" not in text


def test_convention_table_is_covered():
    fields = {field for field, _phrase in (p.values for p in _convention_rows())}
    assert fields == set(CONVENTION_KINDS)


# --- issue 12: the ways real proposals write promises (examples not in the corpus files) ---


def _keys(text: str) -> list[tuple[str, str | None, str]]:
    return [(p.kind, p.level, str(p.value)) for p in extract_promises(text)]


def test_limit_words_and_phrasing():
    assert _keys("三级故障排除时限不应超过十二个小时。") == [("resolution", "3", "12小时")]
    assert _keys("备件不得超过36小时送到。") == [("spare_delivery", None, "36小时")]
    assert _keys("现场人员接报后3时内到场。") == [("arrival", None, "3小时")]
    assert _keys("半个工作日内上门。") == [("arrival", None, "0.5个工作日")]
    assert _keys("服务车17时前出发。") == []  # a clock time, not 17 hours
    assert _keys("超过6小时未修复的，升级处理。") == []  # a condition, not a limit


def test_cadences_and_periods():
    assert _keys("运维团队每两周走访一次用户。") == [("survey", None, "每两周一次")]
    assert _keys("按月开展设备巡查。") == [("inspection", None, "每月一次")]
    assert _keys("提交日报和季报。") == [
        ("service_report", None, "每天一次"),
        ("service_report", None, "每季度一次"),
    ]
    assert _keys("保修期自安装验收合格之日起五年。") == [("warranty", None, "5年")]
    assert _keys("集中培训2天。") == [("training_days", None, "2天")]
    # a report named by its cadence is read, and marked as a name (not compared as a promise)
    (named,) = extract_promises("每季度提交季度运行报告。")
    assert (named.kind, str(named.value), named.named) == ("service_report", "每季度一次", True)


def test_traditional_and_damaged_text_keep_their_quotes():
    text = "二級故障維修時間不超過8小時，響應(yīng)時間3030 分鐘。"
    found = extract_promises(text)
    assert [(p.kind, p.level, str(p.value)) for p in found] == [
        ("resolution", "2", "8小时"),
        ("response", "2", "30分钟"),
    ]
    for promise in found:
        assert text[promise.start : promise.end] == promise.quote
    assert [p.repaired for p in found] == [None, "3030"]


def test_repairs_are_explicit():
    folded = fold_and_repair("2424 小时内到达第 2 页 共 9 页现场(chǎng)，服务电话12")
    assert folded.text == "24小时内到达现场,服务电话12"
    assert [(r.original, r.what) for r in folded.repairs] == [("2424", "数字重复")]
    assert fold_and_repair("44小时").text == "44小时"  # two digits alone may be real


def test_weak_promises_and_references():
    weak = extract_weak("工程师按用户指定的时间上门，维修完成时间与质保期内的修复时间一致。")
    assert [(w.kind, w.reference) for w in weak] == [
        ("arrival", None),
        ("resolution", "质保期内的修复时间"),
    ]
    assert extract_weak("在规定时间内（4小时）完成维修。") == []


def test_availability():
    kinds = [s.availability for s in find_availability("全天候受理报修；法定节假日不受理报修。")]
    assert kinds == ["always", "office"]
    assert find_availability("工作时间驻场值守，节假日休息。") == []  # one activity's hours


def test_reading_is_linear_in_line_length():
    import time

    line = "，".join(["一级故障30分钟内响应，2小时内到达现场"] * 2000)
    start = time.perf_counter()
    small = len(extract_promises(line))
    first = time.perf_counter() - start
    start = time.perf_counter()
    large = len(extract_promises("，".join([line] * 8)))
    second = time.perf_counter() - start
    assert large == 8 * small
    assert second < 8 * first * 3  # linear, with room for a busy machine


DOCUMENTS = load_documents()


@pytest.mark.parametrize("document", DOCUMENTS, ids=[d.id for d in DOCUMENTS])
def test_contradiction_corpus(document):
    result = judge(document, document.findings())
    assert (result.missing, [f.message for f in result.extra]) == ([], []), document.doc


def test_corpora_are_large_and_varied():
    assert sum(len(d.expected) for d in DOCUMENTS) >= 40
    assert sum(1 for d in DOCUMENTS if not d.expected) >= 10  # documents that stay quiet
    assert len({case.industry for case in CASES if case.industry}) >= 10
    assert len(CASES) >= 400
    assert {case.variant for case in CASES} >= {"", "traditional", "doubled", "spaced", "footer"}
