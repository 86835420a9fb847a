"""Durations, frequencies, service windows and percentages as bid writers write them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bidgen.core.quantities import (
    Duration,
    DurationError,
    Frequency,
    ServiceWindow,
    format_duration,
    format_frequency,
    parse_duration,
    parse_duration_range,
    parse_frequency,
    parse_percent,
    parse_service_window,
)

H = 60
D = 24 * H

# written form -> (minutes, working days, canonical form)
DURATIONS = {
    "30分钟": (30, None, "30分钟"),
    "半小时": (30, None, "30分钟"),
    "2小时": (2 * H, None, "2小时"),
    "两小时": (2 * H, None, "2小时"),
    "二十四小时": (24 * H, None, "24小时"),
    "2h": (2 * H, None, "2小时"),
    "2H以内": (2 * H, None, "2小时"),
    "１小时": (H, None, "1小时"),
    "１２０分钟": (120, None, "2小时"),
    "1.5小时": (90, None, "1.5小时"),
    "一个半小时": (90, None, "1.5小时"),
    "90分钟": (90, None, "1.5小时"),
    "24小时内": (24 * H, None, "24小时"),
    "48小时": (48 * H, None, "48小时"),
    "3个工作日": (None, 3, "3个工作日"),
    "三个工作日": (None, 3, "3个工作日"),
    "1个工作日": (None, 1, "1个工作日"),
    "2天": (2 * D, None, "2天"),
    "一周": (7 * D, None, "1周"),
    "6个月": (180 * D, None, "6个月"),
    "1个月": (30 * D, None, "1个月"),
    "3个钟头": (3 * H, None, "3小时"),
}

REJECTED = {
    "四小时半后": "无法识别的时限",
    "15": "缺少单位",
    "很快": "无法识别的时限",
    "0小时": "必须大于零",
    "1.5个工作日": "工作日须为整数",
    "": "无法识别的时限",
}


@pytest.mark.parametrize("text", sorted(DURATIONS))
def test_duration_forms(text: str):
    minutes, working_days, canonical = DURATIONS[text]
    duration = parse_duration(text)
    assert (duration.minutes, duration.working_days) == (minutes, working_days)
    assert format_duration(duration) == canonical
    assert parse_duration(canonical) == duration  # the canonical form reads back


@pytest.mark.parametrize("text", sorted(REJECTED))
def test_duration_rejects_in_chinese(text: str):
    with pytest.raises(DurationError, match=REJECTED[text]):
        parse_duration(text)


def test_units_compare_by_value_not_by_wording():
    assert parse_duration("6个月") == parse_duration("180天")
    assert parse_duration("2小时") < parse_duration("1天")
    assert not parse_duration("3个工作日").comparable(parse_duration("72小时"))
    with pytest.raises(TypeError):
        _ = parse_duration("3个工作日") < parse_duration("72小时")
    assert str(Duration(minutes=4 * D)) == "4天"


def test_ranges_keep_both_ends():
    low, high = parse_duration_range("1-2天")
    assert (format_duration(low), format_duration(high)) == ("1天", "2天")
    low, high = parse_duration_range("2～4小时")
    assert (low.minutes, high.minutes) == (2 * H, 4 * H)
    with pytest.raises(DurationError, match="下限大于上限"):
        parse_duration_range("4-2小时")


FREQUENCIES = {
    "每季度一次": 4,
    "每季度1次": 4,
    "每年4次": 4,
    "每半年": 2,
    "每半年1次": 2,
    "每月一次": 12,
    "每两周一次": 26,
    "每学期1次": 2,
    "每年一次": 1,
    "每周": 52,
}


@pytest.mark.parametrize("text", sorted(FREQUENCIES))
def test_frequencies(text: str):
    assert parse_frequency(text) == Frequency(FREQUENCIES[text])


def test_frequency_names_and_rejects():
    assert format_frequency(parse_frequency("每年4次")) == "每季度一次"
    assert format_frequency(Frequency(3)) == "每年3次"
    with pytest.raises(DurationError, match="无法识别的频次“经常”"):
        parse_frequency("经常")


@pytest.mark.parametrize(
    ("text", "window"),
    [
        ("7×24小时", (7, 24)),
        ("7*24", (7, 24)),
        ("5×8", (5, 8)),
        ("5x8小时", (5, 8)),
        ("全天候", (7, 24)),
    ],
)
def test_service_windows(text: str, window: tuple[int, int]):
    parsed = parse_service_window(text)
    assert (parsed.days_per_week, parsed.hours_per_day) == window
    assert str(ServiceWindow(*window)) == f"{window[0]}×{window[1]}小时"


def test_service_window_rejects():
    with pytest.raises(DurationError, match="无法识别的服务时间"):
        parse_service_window("7×25")


@pytest.mark.parametrize(
    ("text", "value"), [("15%", 15), ("15％", 15), ("百分之十五", 15), (10, 10)]
)
def test_percentages(text, value):
    assert parse_percent(text) == value


@pytest.mark.parametrize(
    "text", ["1" + "0" * 400 + "分钟", "每年1" + "0" * 400 + "次", "2000000小时", "每年2000000次"]
)
def test_numbers_past_the_bound_are_refused_in_chinese(text: str):
    parse = parse_frequency if text.startswith("每") else parse_duration
    with pytest.raises(DurationError, match=r"^数值“[0-9]+…?”过大（不超过 1000000）$"):
        parse(text)


def test_a_huge_duration_in_a_profile_is_an_input_error(tmp_path, run_cli):
    from tests.conftest import MINIMAL_PROFILE

    profile = tmp_path / "p.yaml"
    profile.write_text(
        MINIMAL_PROFILE.replace("response: 15分钟", "response: 1" + "0" * 400 + "分钟")
    )
    result = run_cli("check", str(profile))
    assert result.code == 2
    assert "Traceback" not in result.err
    assert result.err.splitlines()[0].endswith(
        "fault_levels[0].response：数值“100000000000…”过大（不超过 1000000）"
    )


# The folding fast path (str.translate over the whole text) must give exactly what
# the character-by-character path gives, for any mix of what needs folding.
_FOLD_ALPHABET = "响应时间小時２０30 \u3000\t\n①⑴，。.ab1½㎡服務效劳 1515分钟"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_FOLD_ALPHABET, max_size=40))
def test_fast_folding_equals_the_character_path(text: str) -> None:
    from bidgen.core import quantities

    pieces = quantities._fold_pieces(quantities._simplify(text))
    expected = ("".join(char for char, _ in pieces), tuple(index for _, index in pieces))
    assert quantities.fold_with_offsets(text) == expected
