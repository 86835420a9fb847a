"""The promise-extraction corpus (tests/data/promise_corpus.yaml): loading and scoring.

Shared by tests/test_promises.py and benchmarks/promise_accuracy.py. A promise
matches an expected one when kind, level and value agree; values are compared
as numbers (the corpus writes them in Chinese: "2小时", "每季度一次", "3年").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML

from bidgen.core.quantities import parse_duration, parse_frequency, parse_service_window
from bidgen.validate.promises.reader import (
    COURSE,
    DURATION,
    FREQUENCY,
    KINDS,
    WINDOW,
    Promise,
    extract_from_table,
    extract_promises,
)

CORPUS = Path(__file__).resolve().parent / "data" / "promise_corpus.yaml"

Key = tuple[str, str | None, tuple[str, object]]


def value_key(kind: str, text: str) -> tuple[str, object]:
    """A written value as the (unit, number) a promise of that kind carries."""
    value_type = KINDS[kind].value
    if value_type == DURATION:
        duration = parse_duration(text)
        if duration.working_days is not None:
            return "working_days", duration.working_days
        return "minutes", duration.minutes
    if value_type == FREQUENCY:
        return "per_year", round(parse_frequency(text).per_year, 4)
    if value_type == WINDOW:
        window = parse_service_window(text)
        return "window", (window.days_per_week, window.hours_per_day)
    number = float(re.sub(r"年|课时|学时", "", text))
    return ("hours" if value_type == COURSE else "years"), number


def promise_key(promise: Promise) -> Key:
    measure = promise.measure
    assert measure is not None
    unit, value = measure
    if isinstance(value, float):
        value = round(value, 4)
    return promise.kind, promise.level, (unit, value)


@dataclass
class Case:
    id: str
    text: str | None
    header: list[str]
    cells: list[str]
    levels: list[str]
    expected: list[Key] = field(default_factory=list)
    known_miss: str | None = None  # a documented limitation: the case is expected to fail

    def extract(self) -> list[Promise]:
        if self.text is not None:
            return extract_promises(self.text, self.levels)
        return extract_from_table(self.header, self.cells, self.levels)

    @property
    def source(self) -> str:
        return self.text if self.text is not None else " | ".join(self.cells)


def _expected(item: str) -> Key:
    kind, level, value = item.split()
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    return kind, None if level == "-" else level, value_key(kind, value)


def load_corpus(path: Path = CORPUS) -> list[Case]:
    data = YAML(typ="safe", pure=True).load(path.read_text("utf-8"))
    cases = []
    for entry in data:
        cases.append(
            Case(
                id=entry["id"],
                text=entry.get("text"),
                header=[str(h) for h in entry.get("header", [])],
                cells=[str(c) for c in entry.get("cells", [])],
                levels=[str(n) for n in entry.get("levels", [])],
                expected=[_expected(item) for item in entry["expect"]],
                known_miss=entry.get("known_miss"),
            )
        )
    return cases


@dataclass
class Score:
    matched: int
    missing: list[Key]  # expected, not found
    extra: list[Key]  # found, not expected


def score(case: Case, promises: list[Promise]) -> Score:
    found = Counter(promise_key(p) for p in promises)
    wanted = Counter(case.expected)
    matched = sum((found & wanted).values())
    return Score(matched, list((wanted - found).elements()), list((found - wanted).elements()))
