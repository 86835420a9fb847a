"""The shipped table of standards (``data/standards.yaml``) and standard numbers in text.

Standards the built-in library and the samples cite, with their status: current,
superseded (with what replaced it and, where certain, from when) or withdrawn.
``certain: false`` marks a status that is not confirmed: messages say so.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass
from typing import Any, Literal

from bidgen.core.errors import BidgenError, Problem
from bidgen.core.resources import data_path
from bidgen.core.yamlcache import load_yaml_file_cached

Status = Literal["current", "superseded", "withdrawn"]
_STATUSES = ("current", "superseded", "withdrawn")

# "GB/T 28827.1-2022", "YY 0668—2008", "ISO/IEC 20000-1:2018", "TSG T5002-2017";
# the year is optional (an undated citation means the current edition).
_PREFIX = r"GB/T|GB/Z|GB|YY/T|YY|WS/T|WS|GA/T|GA|HJ/T|HJ|SJ/T|JGJ/T|JGJ|TSG|ISO/IEC|ISO|IEC"
STANDARD_NUMBER = re.compile(
    rf"(?<![A-Za-z])(?P<prefix>{_PREFIX})\s*(?P<code>[A-Z]?\d+(?:\.\d+)*(?:-\d{{1,2}}(?!\d))?)"
    r"(?:\s*[-—–－:：]\s*(?P<year>(?:19|20)\d{2}))?(?![\d.])"
)


@dataclass(frozen=True)
class Standard:
    number: str
    title: str
    status: Status
    replaced_by: str | None = None
    date: _dt.date | None = None  # when it was replaced or withdrawn (None: not certain)
    certain: bool = False

    def outdated_at(self, day: _dt.date | None) -> bool:
        """Superseded or withdrawn on ``day`` (any day when the date is not known)."""
        if self.status == "current":
            return False
        return self.date is None or day is None or self.date <= day


def normalise(prefix: str, code: str, year: str | None) -> str:
    """One spelling of a number: "GB/T 28827.1-2022", "ISO/IEC 20000-1:2018"."""
    joiner = ":" if prefix.startswith(("ISO", "IEC")) else "-"
    return f"{prefix} {code}{joiner}{year}" if year else f"{prefix} {code}"


def find_numbers(text: str) -> list[tuple[str, int, int, bool]]:
    """Standard numbers in a text: (normalised number, start, end, dated)."""
    return [
        (normalise(m["prefix"], m["code"], m["year"]), m.start(), m.end(), bool(m["year"]))
        for m in STANDARD_NUMBER.finditer(text)
    ]


def _entry(item: Any, index: int, file: str) -> Standard:
    if not isinstance(item, dict) or item.get("status") not in _STATUSES:
        raise BidgenError(Problem(file, index + 1, 1, "标准状态表条目格式错误"))
    match = STANDARD_NUMBER.fullmatch(str(item.get("number", "")))
    if not match or not match["year"]:
        raise BidgenError(Problem(file, index + 1, 1, f"标准编号“{item.get('number')}”应含年份"))
    return Standard(
        number=normalise(match["prefix"], match["code"], match["year"]),
        title=str(item.get("title", "")),
        status=item["status"],
        replaced_by=item.get("replaced_by"),
        date=item.get("date"),
        certain=bool(item.get("certain", False)),
    )


@functools.cache
def standards_table() -> dict[str, Standard]:
    """The shipped table, by normalised number."""
    loaded = load_yaml_file_cached(data_path("data", "standards.yaml"))
    items = loaded.data if isinstance(loaded.data, list) else []
    entries = [_entry(item, index, loaded.file) for index, item in enumerate(items)]
    return {entry.number: entry for entry in entries}
