"""The promise-extraction corpus (tests/data/promise_corpus.yaml): loading and scoring.

Shared by tests/test_promises.py and benchmarks/promise_accuracy.py. A promise
matches an expected one when kind, level and value agree; the corpus writes
values as a limit of the kind is written ("2小时", "每季度一次", "3年"), read
with ``core.kinds.parse_limit``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import opencc
from ruamel.yaml import YAML

from bidgen.core.kinds import KINDS, parse_limit
from bidgen.core.quantities import Value
from bidgen.validate.promises import Promise, extract_from_table, extract_promises

DATA = Path(__file__).resolve().parent / "data"
CORPUS = DATA / "promise_corpus.yaml"
STYLES = DATA / "promise_styles.yaml"  # how published proposals write (with variants)

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
    industry: str = ""
    variant: str = ""  # how the text was derived from its base case ("" = as written)

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


def load_corpus(path: Path | None = None) -> list[Case]:
    """The cases of one corpus file, or of both (each with its derived variants)."""
    paths = [path] if path is not None else [CORPUS, STYLES]
    cases = []
    for source in paths:
        data = YAML(typ="safe", pure=True).load(source.read_text("utf-8"))
        for entry in data:
            case = Case(
                id=entry["id"],
                text=entry.get("text"),
                header=[str(h) for h in entry.get("header", [])],
                cells=[str(c) for c in entry.get("cells", [])],
                levels=[str(n) for n in entry.get("levels", [])],
                expected=[_expected(item) for item in entry["expect"]],
                known_miss=entry.get("known_miss"),
                industry=entry.get("industry", ""),
            )
            cases.append(case)
            cases.extend(variant(case, name) for name in entry.get("variants", []))
    return cases


# --------------------------------------------------------------------------
# Variants: the same sentence as a bad conversion or a traditional-script source leaves it

_TO_TRADITIONAL = opencc.OpenCC("s2t")
_FIGURE = re.compile(r"(?<![\d.])(\d+)(?=\s*(?:个)?(?:分钟|小时|工作日|天|周|个月|年|课时|学时|h))")
_UNIT = re.compile(r"分钟|小时|工作日|天|周|个月|年|课时|学时")
_GLOSSES = {"响应": "响应(yīng)", "到达": "到达(dá)", "服务": "服务(wù)", "维修": "维修(xiū)"}


def _doubled(text: str) -> str:
    """ "15分钟" -> "1515 分钟", "4小时" -> "4 4小时": digits doubled by a conversion."""
    match = _FIGURE.search(text)
    if not match:
        raise ValueError(f"no figure to double in {text!r}")
    digits = match.group(1)
    doubled = f"{digits}{digits} " if len(digits) > 1 else f"{digits} {digits}"
    return text[: match.start()] + doubled + text[match.end() :]


def _spaced(text: str) -> str:
    """A space after every character, digits of one number kept together ("12 小 时")."""
    return re.sub(r"(?<=[^\d\s])(?=\S)|(?<=\d)(?=[^\d.\s])", " ", text)


def _footer(text: str) -> str:
    match = _UNIT.search(text)
    if not match:
        raise ValueError(f"no unit to put a footer after in {text!r}")
    return text[: match.end()] + " 第 3 页 共 20 页 " + text[match.end() :]


def _pinyin(text: str) -> str:
    for word, glossed in _GLOSSES.items():
        if word in text:
            return text.replace(word, glossed, 1)
    raise ValueError(f"no word to gloss in {text!r}")


VARIANTS: dict[str, Callable[[str], str]] = {
    "traditional": _TO_TRADITIONAL.convert,
    "doubled": _doubled,
    "spaced": _spaced,
    "footer": _footer,
    "pinyin": _pinyin,
}


def variant(case: Case, name: str) -> Case:
    """The case with its text (or every cell and header) transformed."""
    change = VARIANTS[name]
    if case.text is not None:
        return replace(case, id=f"{case.id}~{name}", text=change(case.text), variant=name)
    return replace(
        case,
        id=f"{case.id}~{name}",
        header=[change(h) if name == "traditional" else h for h in case.header],
        cells=[change(c) for c in case.cells],
        variant=name,
    )


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
