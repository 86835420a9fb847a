"""The 售后服务偏离表 and the 评分响应索引: tables that point into the proposal.

Both are built in two steps. While the chapters are assembled, each table is
made without section references, so that it takes its caption number in
reading order; once every section exists, :func:`with_references` rebuilds the
two tables with the sections that answer each row ("详见“四（二）故障定义与服务
时限”"). A row's answer is found by the kind's chapter (``Kind.family``) and
the section in it that prints our figure, or by the clause ids and families the
profile names (``response.answered_by``, ``scoring[].answered_by``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from bidgen.core.kinds import KINDS
from bidgen.model import (
    Block,
    Inline,
    ListBlock,
    Paragraph,
    Section,
    Span,
    Table,
    chinese_number,
    outline_label,
    plain_text,
)
from bidgen.profile.compliance import Evaluation, evaluate
from bidgen.profile.models import FAMILIES, Profile, ScoringPoint

UNANSWERED = "未响应"
UNANSWERED_POINT = "未找到对应章节"  # BG305 reads this in the index
SCORING_HEADER = ("评分项编号", "评分项", "分值", "评分标准", "响应章节")


@dataclass(frozen=True)
class Place:
    """A section of the proposal, by its outline path (1-based) and its title."""

    path: tuple[int, ...]
    section: Section

    @property
    def label(self) -> str:
        """ "四（二）故障定义与服务时限", "四、故障分级与响应时间"."""
        if len(self.path) == 1:
            return f"{chinese_number(self.path[0])}、{self.section.title}"
        head = chinese_number(self.path[0])
        rest = "".join(outline_label(level, n) for level, n in enumerate(self.path[1:], start=2))
        return f"{head}{rest}{self.section.title}"


class Outline:
    """The built sections, searchable by family, clause id and printed text."""

    def __init__(self, sections: tuple[Section, ...]) -> None:
        self.places = list(_places(sections, ()))

    def chapter(self, family: str) -> Place | None:
        return next((p for p in self.places if len(p.path) == 1 and p.section.key == family), None)

    def clause(self, clause_id: str) -> Place | None:
        return next((p for p in self.places if p.section.key == clause_id), None)

    def ref(self, name: str) -> Place | None:
        """A family (its chapter) or a clause id (its section)."""
        return self.chapter(name) if name in FAMILIES else self.clause(name)

    def printing(self, family: str, text: str) -> Place | None:
        """The first section of a chapter whose own text contains ``text`` (else the chapter)."""
        chapter = self.chapter(family)
        if chapter is None:
            return None
        inside = [p for p in self.places if p.path[: len(chapter.path)] == chapter.path]
        return next((p for p in inside[1:] if text in _own_text(p.section)), chapter)


def _places(sections: tuple[Section, ...], prefix: tuple[int, ...]) -> Iterator[Place]:
    for index, section in enumerate(sections, start=1):
        path = (*prefix, index)
        yield Place(path, section)
        yield from _places(section.children, path)


def _own_text(section: Section) -> str:
    return "\n".join(_block_text(block) for block in section.blocks)


def _block_text(block: Block) -> str:
    if isinstance(block, Paragraph):
        return block.text
    if isinstance(block, ListBlock):
        return "\n".join(plain_text(item) for item in block.items)
    if isinstance(block, Table):
        rows = (block.header, *block.rows)
        return "\n".join(" ".join(plain_text(cell) for cell in row) for row in rows)
    return ""


def answer_places(ev: Evaluation, outline: Outline) -> list[Place]:
    """Where the proposal answers a clause: the profile's own refs, else each kind's section."""
    req = ev.requirement
    named = req.response.answered_by if req.response else []
    if named:
        found = [outline.ref(name) for name in named]
    else:
        found = [
            outline.printing(check.kind.family, str(check.offered))
            for check in ev.checks
            if check.offered is not None
        ]
    return _deepest(found)


def point_places(point: ScoringPoint, profile: Profile, outline: Outline) -> list[Place]:
    """Where a scoring point is answered: each named kind, family or clause id."""
    found: list[Place | None] = []
    for name in point.answered_by:
        kind = KINDS.get(name)
        if kind is None:
            found.append(outline.ref(name))
            continue
        offered = kind.offered(profile) if not kind.levelled else None
        text = str(offered) if offered is not None else kind.label
        found.append(outline.printing(kind.family, text))
    return _deepest(found)


def _deepest(places: list[Place | None]) -> list[Place]:
    """Distinct places, a chapter left out when one of its sections is named too."""
    found = list(dict.fromkeys(place for place in places if place is not None))
    return [
        place
        for place in found
        if not any(o.path[: len(place.path)] == place.path and o != place for o in found)
    ]


def references(places: list[Place]) -> str:
    return "详见" + "、".join(f"“{place.label}”" for place in places) if places else ""


# --------------------------------------------------------------------------
# The deviation table


@dataclass(frozen=True)
class Row:
    """One clause of the tender as the deviation table shows it, column by column.

    ``note`` is the 说明 cell as the proposal prints it: the text of
    ``cells["note"]`` with the page of each referenced section after its title.
    """

    cells: dict[str, str]
    note: Inline = ()


def deviation_rows(profile: Profile, outline: Outline | None) -> list[Row]:
    """One row per tender clause, in the tender's order."""
    has_mark_column = any(c.key == "mark" for c in profile.deviation_table.columns)
    rows = []
    for number, ev in enumerate(evaluate(profile), start=1):
        req = ev.requirement
        places = answer_places(ev, outline) if outline else []
        parts = (ev.explanation, references(places), req.note or "")
        note = "；".join(part for part in parts if part)
        cells = {
            "number": str(number),
            "clause": req.clause,
            "mark": req.star,
            "requirement": req.text if has_mark_column else req.star + req.text,
            "response": ev.response or "—",
            "deviation": ev.deviation or UNANSWERED,
            "note": note,
        }
        rows.append(Row(cells, _note(ev.explanation, places, req.note or "")))
    return rows


def _note(explanation: str, places: list[Place], note: str) -> Inline:
    """The 说明 cell: ``explanation；详见“四（二）…”（第12页）；note``, pages as page spans.

    Its text (:func:`plain_text`) is the row's ``cells["note"]``: pages are not text.
    """
    where: list[Span] = []
    for number, place in enumerate(places):
        where.append(Span(("详见" if number == 0 else "、") + f"“{place.label}”"))
        where.append(Span("", page_of=place.path))
    groups = [[Span(explanation)] if explanation else [], where, [Span(note)] if note else []]
    spans: list[Span] = []
    for group in (g for g in groups if g):
        spans.extend([Span("；"), *group] if spans else group)
    return tuple(spans)


def deviation_table(profile: Profile, outline: Outline | None, caption: str | None) -> Table:
    columns = profile.deviation_table.columns
    header = tuple((Span(column.heading),) for column in columns)
    body = tuple(
        tuple(
            row.note if column.key == "note" else _cell(row.cells[column.key]) for column in columns
        )
        for row in deviation_rows(profile, outline)
    )
    return Table(header, body, caption)


def _cell(text: str) -> Inline:
    return (Span(text),) if text else ()


def deviation_intro(profile: Profile) -> Paragraph:
    we = profile.terminology.bidder
    text = (
        f"{we}对招标文件售后服务要求逐条响应如下（标注“★”的为实质性要求，"
        "标注“▲”的为重要要求；“说明”列注明偏离原因及方案中的响应章节）。"
    )
    return Paragraph((Span(text),))


# --------------------------------------------------------------------------
# The scoring index


def scoring_table(profile: Profile, outline: Outline | None, caption: str | None) -> Table:
    header = tuple((Span(title),) for title in SCORING_HEADER)
    rows = []
    for point in profile.scoring:
        places = point_places(point, profile, outline) if outline else []
        where = "；".join(place.label for place in places) or UNANSWERED_POINT
        cells = (point.code, point.item, f"{point.points:g}", point.criteria, where)
        rows.append(tuple(_cell(text) for text in cells))
    return Table(header, tuple(rows), caption)


def scoring_intro(profile: Profile) -> Paragraph:
    text = f"为便于评审，{profile.terminology.bidder}将招标文件售后服务评分项与本方案响应章节对应如下。"
    return Paragraph((Span(text),))


# --------------------------------------------------------------------------
# The second step: references once every section exists

Maker = Callable[[Profile, Outline | None, str | None], Table]
_MAKERS: dict[str, Maker] = {"deviation": deviation_table, "scoring": scoring_table}


def with_references(sections: tuple[Section, ...], profile: Profile) -> tuple[Section, ...]:
    """The sections with the deviation table and the scoring index pointing into them."""
    outline = Outline(sections)
    return tuple(
        _referenced(section, profile, outline) if section.key in _MAKERS else section
        for section in sections
    )


def _referenced(section: Section, profile: Profile, outline: Outline) -> Section:
    make = _MAKERS[section.key]
    blocks = tuple(
        make(profile, outline, block.caption)
        if isinstance(block, Table) and _generated(block, profile, section.key)
        else block
        for block in section.blocks
    )
    return replace(section, blocks=blocks)


def _generated(block: Table, profile: Profile, family: str) -> bool:
    """The table the first step made (its caption ends with its title)."""
    if block.caption is None:
        return False
    title = profile.deviation_table.title if family == "deviation" else FAMILIES["scoring"]
    return block.caption.endswith(title)
