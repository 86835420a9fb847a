"""Filters available to clause templates.

They format profile values the customary Chinese way, so that clause texts
never have to spell out a number themselves.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Any

from bidgen.core.quantities import format_percent, spare_count
from bidgen.model import chinese_number


def cn(value: int) -> str:
    """3 -> 三 (for counts written in words: 三年, 两名)."""
    number = int(value)
    if number == 2:
        return "两"
    return chinese_number(number) if 0 < number < 100 else str(number)


def cn_date(value: _dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def percent(value: float) -> str:
    return format_percent(value)


def enum(items: Iterable[Any], sep: str = "、") -> str:
    """["甲", "乙", "丙"] -> "甲、乙、丙"."""
    return sep.join(str(item) for item in items)


def quote_book(value: str) -> str:
    """Wrap a document name in 《》 unless it already carries them."""
    text = str(value)
    return text if text.startswith("《") else f"《{text}》"


def spares(quantity: int, ratio: float) -> int:
    """Spare units to stock: the ratio of the supplied quantity, rounded up, at least one."""
    return spare_count(int(quantity), float(ratio))


FILTERS = {
    "spares": spares,
    "cn": cn,
    "cn_date": cn_date,
    "percent": percent,
    "enum": enum,
    "book": quote_book,
}
