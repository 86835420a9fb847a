"""The promise-extraction corpus (tests/data/promise_corpus.yaml): loading and scoring.

Shared by tests/test_promises.py and benchmarks/promise_accuracy.py. A promise
matches an expected one when kind, level and value agree; the corpus writes
values as a limit of the kind is written ("2小时", "每季度一次", "3年"), read
with ``core.kinds.parse_limit``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML

from bidgen.core.kinds import KINDS, parse_limit
from bidgen.core.quantities import Value
from bidgen.validate.promises import Promise, extract_from_table, extract_promises

CORPUS = Path(__file__).resolve().parent / "data" / "promise_corpus.yaml"

Key = tuple[str, str | None, Value]


def promise_key(promise: Promise) -> Key:
    return promise.kind, promise.level, promise.value


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
    return kind, None if level == "-" else level, parse_limit(kind, value)


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
