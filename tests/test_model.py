"""The numbering ladder every writer reads: headings and ordered lists."""

from __future__ import annotations

import pytest

from bidgen.model import LADDER, MAX_LEVEL, list_rung, outline_label


def test_headings_climb_the_first_four_rungs():
    assert [outline_label(level, 1) for level in range(1, MAX_LEVEL + 1)] == [
        "一、",
        "（一）",
        "1.",
        "（1）",
    ]
    assert [outline_label(level, 11) for level in range(1, MAX_LEVEL + 1)] == [
        "十一、",
        "（十一）",
        "11.",
        "（11）",
    ]


@pytest.mark.parametrize("level", [0, MAX_LEVEL + 1])
def test_a_heading_level_off_the_ladder_is_refused(level: int):
    with pytest.raises(ValueError):
        outline_label(level, 1)


@pytest.mark.parametrize(
    ("level", "label"),
    [(1, "（一）"), (2, "1."), (3, "（1）"), (4, "①"), (5, "①"), (9, "①")],
)
def test_a_list_counts_one_rung_below_its_heading(level: int, label: str):
    assert LADDER[list_rung(level)].label(1) == label


def test_circled_numbers_stop_at_twenty_as_in_word():
    circled = LADDER[-1]
    assert [circled.label(n) for n in (1, 10, 20, 21, 35)] == ["①", "⑩", "⑳", "21", "35"]


def test_only_the_latin_full_stop_needs_a_gap_before_the_text():
    # "1.2小时" would read as one figure; "（1）2小时" and "①2小时" cannot.
    assert [rung.gap for rung in LADDER] == ["", "", " ", "", ""]
