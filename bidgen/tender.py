"""``bidgen requirements``: the service requirements of a tender, as profile YAML.

A writer used to transcribe the tender's after-sales requirements into the
profile's ``requirements:`` by hand. This reads the tender (DOCX, Markdown,
text, or PDF through pdftotext) with the readback reader, keeps the clauses
that state a requirement — a ★ or ▲ mark, or a figure the promise reader
recognises (response, arrival, warranty, inspection frequency …) — and
emits one ``requirements`` item per condition, each under a comment quoting
the clause and where it stands. What cannot become an item is still shown,
as a comment: a marked clause with no figure (a qualitative requirement the
bid must answer in words) and a figure of a kind the profile's requirements
do not take.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from bidgen.core.kinds import KINDS, label, requirement_kinds
from bidgen.readback.reader import read_proposal
from bidgen.readback.structure import Block, ReadDocument
from bidgen.validate.promises import Promise, extract_from_table, extract_promises

SUBSTANTIVE, SCORED = "★", "▲"
_MARKS = re.compile(r"[★▲☆△]\s*")
# A clause number at the start of an item: 第3条, 3.2.1, 3、 3. 3） （3） ①.
_NUMBER = re.compile(
    r"^\s*(?:[★▲]\s*)?(?:第(?P<article>[一二三四五六七八九十百\d]+)条"
    r"|(?P<dotted>\d+(?:\.\d+)+)(?![\d%])|(?P<plain>\d+)\s*[、.．)）](?!\d)"
    r"|(?P<spaced>\d{1,3})\s+(?=[★▲])"
    r"|[（(](?P<paren>\d+)[)）]|(?P<circled>[①-⑳]))\s*"
)
# Table columns that hold the requirement itself (its words are the tender's).
_REQUIREMENT_COLUMN = re.compile(r"要求|需求|内容|条款|指标|参数|说明")
_NUMBER_COLUMN = re.compile(r"序号|编号|条款号")
_SENTENCE_END = "。；;！？\n"


@dataclass(frozen=True)
class Condition:
    """One requirement a clause states: a kind, a fault level, a limit."""

    kind: str
    level: int | None
    limit: str
    quote: str
    sentence: str  # the clause's sentence around the quote

    @property
    def requirable(self) -> bool:
        return self.kind in requirement_kinds()


@dataclass(frozen=True)
class TenderItem:
    """A clause of the tender that states requirements (or is marked ★/▲)."""

    clause: str  # e.g. "第四章 采购需求 二、服务要求 第4条"
    text: str  # as written
    where: str  # "招标文件.txt:12", or the chapter path in a DOCX
    mark: str  # ★, ▲ or ""
    conditions: tuple[Condition, ...]


def read_requirements(path: Path) -> list[TenderItem]:
    document = read_proposal(path, pdf=True)
    return [
        item for block, chapter in _blocks(document) if (item := _item(document, block, chapter))
    ]


def _blocks(document: ReadDocument) -> Iterator[tuple[Block, tuple[str, ...]]]:
    """Every block with text, with the heading path above it.

    A plain-text heading is only guessed from its label ("（一）…"): it is
    read as a clause too, as lint reads it.
    """
    for block in document.front:
        yield block, ()
    for section in document.sections:
        path = tuple(heading.written for heading in section.path)
        if section.heading.inferred:
            yield section.heading.block, path[:-1]
        for block in section.blocks:
            if block.kind != "heading" and not (block.kind == "row" and block.row == 1):
                yield block, path


def _item(document: ReadDocument, block: Block, chapter: tuple[str, ...]) -> TenderItem | None:
    text = block.text
    mark = SUBSTANTIVE if SUBSTANTIVE in text else SCORED if SCORED in text else ""
    conditions = _conditions(block)
    if not conditions and not mark:
        return None
    clause = " ".join((*chapter, _number(block))).strip() or _position(document, block)
    return TenderItem(clause, text, _where(document, block, chapter), mark, conditions)


def _number(block: Block) -> str:
    """The item's own number as the profile's samples write it: 第3条, 第2项."""
    if block.kind == "row":
        for name, cell in zip(block.header, block.cells, strict=False):
            if _NUMBER_COLUMN.search(name) and cell.strip():
                return f"第{cell.strip()}项"
        return f"表格第{block.row}行"
    match = _NUMBER.match(block.text)
    if not match:
        return ""
    if match.group("circled"):
        return f"第{ord(match.group('circled')) - 0x2460 + 1}条"
    found = next(value for value in match.groupdict().values() if value)
    return found if match.group("dotted") else f"第{found}条"


def _conditions(block: Block) -> tuple[Condition, ...]:
    if block.kind != "row":
        text = block.text[block.marker :]  # "1. 2小时内到场" promises 2小时, not 1.2小时
        return tuple(_condition(p, text) for p in extract_promises(text))
    found: list[Condition] = []
    # The reader takes a "招标要求" column for words lent to the row, not
    # promises: in a tender that column is the requirement itself.
    for name, cell in zip(block.header, block.cells, strict=False):
        if _REQUIREMENT_COLUMN.search(name):
            found.extend(_condition(p, cell) for p in extract_promises(cell))
    wording = _row_wording(block)
    for promise in extract_from_table(block.header, block.cells):
        found.append(replace(_condition(promise, ""), sentence=wording))
    unique: dict[tuple[str, int | None, str], Condition] = {}
    for condition in found:
        unique.setdefault((condition.kind, condition.level, condition.limit), condition)
    joined = " | ".join(block.cells)
    return tuple(sorted(unique.values(), key=lambda c: joined.find(c.quote)))


def _row_wording(block: Block) -> str:
    """A row as the tender states it: "故障级别：一级故障，响应时间：30分钟"."""
    pairs = zip(block.header, block.cells, strict=False)
    return "，".join(f"{name}：{cell}" if name else cell for name, cell in pairs if cell.strip())


def _condition(promise: Promise, text: str) -> Condition:
    level = int(promise.level) if promise.level and promise.level.isdigit() else None
    return Condition(
        promise.kind, level, promise.value_text, promise.quote, _sentence(text, promise.quote)
    )


def _sentence(text: str, quote: str) -> str:
    """The sentence (to 。；) of ``text`` holding ``quote``, without the item's number."""
    at = max(text.find(quote), 0)
    start = max(text.rfind(c, 0, at) for c in _SENTENCE_END) + 1
    ends = [i for c in _SENTENCE_END if (i := text.find(c, at + len(quote))) >= 0]
    sentence = text[start : min(ends, default=len(text))]
    if start == 0:
        sentence = _NUMBER.sub("", sentence, count=1)
    return " ".join(sentence.split()).strip(" ，,、|")


def _where(document: ReadDocument, block: Block, chapter: tuple[str, ...]) -> str:
    if block.lines and block.lines[0].number:
        return f"{document.name}:{block.lines[0].number}"
    place = " › ".join(chapter)
    if block.kind == "row":
        place = f"{place}（表格第{block.row}行）" if place else f"表格第{block.row}行"
    return f"{document.name}，{place}" if place else _position(document, block)


def _position(document: ReadDocument, block: Block) -> str:
    if block.lines and block.lines[0].number:
        return f"第{block.lines[0].number}行"
    return f"第{block.paragraph}段"


# --------------------------------------------------------------------------
# YAML


def requirements_yaml(items: Sequence[TenderItem], source: str) -> str:
    """The ``requirements:`` YAML for a profile: one item per tender clause, comments for the rest.

    A clause with one condition uses the ``kind``/``level``/``limit`` shorthand, one with
    several lists them under ``conditions``; a marked clause with no figure is a
    qualitative item whose ``response`` the writer must still give (BG304 says so).
    """
    lines = [f"# 由 bidgen requirements 从 {source} 读出：请逐条核对原文后粘贴到项目配置中"]
    entries = [entry for item in items if (entry := requirement_entry(item))]
    lines.append("requirements:" if entries else "requirements: []")
    for item in items:
        lines.extend(requirement_entry(item))
        for condition in item.conditions:
            if not condition.requirable:
                lines.append(
                    f"  # 其他时限（requirements 不收此类，请对照项目配置的相应字段）：{_other(condition)}"
                )
                lines.append(f"  #   {_origin(item)}")
    return "\n".join(lines) + "\n"


def requirement_entry(item: TenderItem) -> list[str]:
    """One ``requirements`` item for a tender clause, with its origin ([] when none)."""
    conditions = [c for c in item.conditions if c.requirable]
    if not conditions and not item.mark:
        return []
    fields: list[tuple[str, object]] = [
        ("clause", item.clause),
        ("wording", _wording(item, conditions)),
        ("mark", item.mark or None),
    ]
    if len(conditions) == 1:
        fields.extend(_condition_fields(conditions[0]))
    lines = [f"  # {_origin(item)}"]
    if not conditions:
        lines.append(
            "  # 定性要求：请在 response 中写明我方的响应（可加 answered_by 指明所在章节）"
        )
    present = [(key, value) for key, value in fields if value is not None]
    for index, (key, value) in enumerate(present):
        lead = "  - " if index == 0 else "    "
        lines.append(f"{lead}{key}: {_scalar(value)}")
    if len(conditions) > 1:
        lines.append("    conditions:")
        for condition in conditions:
            pairs = [(k, v) for k, v in _condition_fields(condition) if v is not None]
            lines.extend(
                f"{'      - ' if i == 0 else '        '}{k}: {_scalar(v)}"
                for i, (k, v) in enumerate(pairs)
            )
    return lines


def _condition_fields(condition: Condition) -> list[tuple[str, object]]:
    return [("kind", condition.kind), ("level", condition.level), ("limit", condition.limit)]


def _wording(item: TenderItem, conditions: Sequence[Condition]) -> str:
    """The clause as the tender words it, without its number and mark."""
    sentences = {c.sentence for c in conditions}
    if len(sentences) == 1 and (shared := sentences.pop()):
        text = shared  # one sentence or one table row states every condition
    elif " | " in item.text:  # a table row: its cells, less the bare item number
        cells = [cell.strip() for cell in item.text.split(" | ")]
        text = "，".join(cell for cell in cells if cell and not cell.isdigit())
    else:
        text = _NUMBER.sub("", " ".join(item.text.split()), count=1)
    return _MARKS.sub("", text).strip(" 。；;") or item.clause


def _origin(item: TenderItem) -> str:
    return f"原文：{' '.join(item.text.split())} （{item.where}）"


def _other(condition: Condition) -> str:
    level = f"{condition.level}级故障" if condition.level else ""
    unit = KINDS[condition.kind].label if condition.kind in KINDS else label(condition.kind)
    return f"{level}{unit} {condition.limit}（“{condition.quote}”）"


def _scalar(value: object) -> str:
    """A YAML scalar: JSON's double-quoted strings are YAML's too, and never ambiguous."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if re.fullmatch(r"[a-z_]+", text):
        return text  # a kind id
    return json.dumps(text, ensure_ascii=False)
