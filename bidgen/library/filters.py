"""Filters available to clause templates.

They format profile values the customary Chinese way, so that clause texts
never have to spell out a number themselves, and group the service team into
its tiers (:data:`STAFF_TIERS`: the one grouping the organisation clause and the
figures share). Each returns strings, numbers or tuples: nothing a template
could change for the next clause.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Any, NamedTuple

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


class Tier(NamedTuple):
    key: str
    title: str


# The tiers of the service team, top to bottom, and the outlet's engineers behind them.
STAFF_TIERS = (
    Tier("mgmt", "项目管理"),
    Tier("tech", "技术管理"),
    Tier("resident", "驻场服务"),
    Tier("field", "现场服务与专业支持"),
    Tier("second", "二线技术支持"),
    Tier("vendor", "原厂技术支持"),
)
OUTLET_TIER = Tier("outlet", "网点后备力量")
TIER_TITLES = {tier.key: tier.title for tier in (*STAFF_TIERS, OUTLET_TIER)}
_MANAGER_WORDS = ("项目负责人", "项目经理")
_VENDOR_WORDS = ("原厂", "厂商", "厂家")


class TierGroup(NamedTuple):
    """The people of one tier, in the order the profile lists them."""

    key: str
    title: str
    people: tuple[Any, ...]


def staff_tier(person: Any) -> str:
    """The tier of one team member (a profile ``Staff``), from the role's wording."""
    role = str(person.role)
    if any(word in role for word in _MANAGER_WORDS):
        return "mgmt"
    if "技术负责人" in role:
        return "tech"
    if person.resident:
        return "resident"
    if any(word in role for word in _VENDOR_WORDS):
        return "vendor"
    if "二线" in role:
        return "second"
    return "field"


def tiers(staff: Iterable[Any]) -> tuple[TierGroup, ...]:
    """``staff | tiers``: the tiers that have people, top to bottom."""
    people = list(staff)
    groups = []
    for tier in STAFF_TIERS:
        members = tuple(person for person in people if staff_tier(person) == tier.key)
        if members:
            groups.append(TierGroup(tier.key, tier.title, members))
    return tuple(groups)


def in_tiers(staff: Iterable[Any], *keys: str) -> tuple[Any, ...]:
    """``staff | in_tiers("mgmt", "tech")``: the people of those tiers, in profile order."""
    return tuple(person for person in staff if staff_tier(person) in keys)


def tier_title(key: str) -> str:
    """``"outlet" | tier_title`` -> 网点后备力量."""
    return TIER_TITLES[str(key)]


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
    "tiers": tiers,
    "tier": staff_tier,
    "in_tiers": in_tiers,
    "tier_title": tier_title,
}
