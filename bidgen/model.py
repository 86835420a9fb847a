"""The document model: the one structure every writer reads.

Clause Markdown is parsed once into these frozen dataclasses (see
``bidgen.generate.assemble``). Writers (Markdown, DOCX, HTML/PDF) never see the profile
or the clause sources, so their content cannot drift apart.

Outline numbering (一、 / （一） / 1. / （1）) is *not* stored in titles, nor are the
numbers of ordered lists: both come from one table, :data:`LADDER`, which every
writer reads (:func:`outline_label` for headings, :func:`list_rung` for lists), so
that every output numbers the same way.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from dataclasses import dataclass

MAX_LEVEL = 4


@dataclass(frozen=True)
class Span:
    """A run of inline text with uniform formatting.

    A span with ``page_of`` (a section's outline path, 1-based) stands for the
    page on which that section's heading appears: paginated writers (PDF, DOCX)
    print it as :data:`PAGE_REF`, the others print the span's text (empty).
    """

    text: str
    bold: bool = False
    italic: bool = False
    page_of: tuple[int, ...] = ()


# How a page reference prints, around the page number ("（第12页）").
PAGE_REF = ("（第", "页）")


Inline = tuple[Span, ...]


def plain_text(runs: Inline) -> str:
    """The text of a run sequence without formatting."""
    return "".join(span.text for span in runs)


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph.

    ``style`` is a semantic role, mapped by each writer to its own styling:
    ``body`` (first-line indent), ``plain`` (no indent, e.g. letter salutation),
    ``right`` (right-aligned, e.g. letter date), ``note`` (small print).
    """

    runs: Inline
    style: str = "body"

    @property
    def text(self) -> str:
        return plain_text(self.runs)


@dataclass(frozen=True)
class ListBlock:
    """An ordered or unordered list; each item is one inline paragraph."""

    ordered: bool
    items: tuple[Inline, ...]


ALIGNMENTS = ("", "left", "center", "right")  # "" is the writer's default (left)


@dataclass(frozen=True)
class Table:
    """A table with one header row. ``caption`` is written above the table.

    ``align`` holds one of :data:`ALIGNMENTS` per column (fewer: the rest default),
    e.g. centred √/△ marks of a responsibility matrix; the writers apply it.
    """

    header: tuple[Inline, ...]
    rows: tuple[tuple[Inline, ...], ...]
    caption: str | None = None
    align: tuple[str, ...] = ()

    def alignment(self, column: int) -> str:
        return self.align[column] if column < len(self.align) else ""


@dataclass(frozen=True)
class Figure:
    """A diagram drawn from the profile, with its caption written below it.

    ``graph`` is Graphviz DOT source without fonts: each writer draws it in its
    own document's face (vector SVG in the PDF, a print-resolution PNG in the
    DOCX). ``name`` is a stable ASCII stem for the figure's file, and ``labels``
    is the text the figure shows, for readers and tests that cannot see pixels.
    """

    name: str
    caption: str
    graph: str
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageBreak:
    """Start the following content on a new page."""


Block = Paragraph | ListBlock | Table | Figure | PageBreak


@dataclass(frozen=True)
class SourceRef:
    """Where a section's content came from (clause file and id)."""

    clause_id: str
    path: str


@dataclass(frozen=True)
class Section:
    """A heading with its blocks and subsections.

    ``level`` is 1 for chapters (一、), 2 for （一）, 3 for 1., 4 for （1）.
    Blocks come before child sections. ``key`` is a stable identifier
    (family or clause id) used by diff to align sections across versions.
    """

    title: str
    level: int
    blocks: tuple[Block, ...] = ()
    children: tuple[Section, ...] = ()
    key: str = ""
    source: SourceRef | None = None
    page_break_before: bool = False


@dataclass(frozen=True)
class CoverField:
    label: str
    value: str


@dataclass(frozen=True)
class Cover:
    """The cover page: a document title, the project name and labelled fields."""

    title: str
    project_name: str
    fields: tuple[CoverField, ...]
    bidder: str
    date_text: str


@dataclass(frozen=True)
class Signature:
    """The closing signature block of the proposal."""

    bidder_label: str
    bidder: str
    representative_label: str
    representative: str
    date_label: str
    date_text: str


@dataclass(frozen=True)
class Meta:
    """Document properties; dates come from the profile, never from the clock."""

    title: str
    author: str
    subject: str
    keywords: str
    language: str
    date: _dt.date
    header_text: str


@dataclass(frozen=True)
class Logo:
    """An image printed at the left of the running header."""

    data: bytes
    media_type: str  # "image/png" or "image/jpeg"
    width_cm: float  # as printed
    height_cm: float


@dataclass(frozen=True)
class HouseStyle:
    """The look both the DOCX and the PDF follow: the Word template's, with the
    profile's ``style`` section over it (see :mod:`bidgen.house`).

    The defaults are those of the bundled template (``templates/proposal.docx``).
    """

    body_font: str = "宋体"  # the East Asian font Word names for body text
    heading_font: str = "黑体"
    font_size: float = 12.0  # points (小四)
    line_spacing: float = 1.5  # a multiple of single spacing, or points when exact
    line_exact: bool = False  # 固定值: the same pitch whatever the reader's fonts
    accent_color: str = "000000"  # headings and the header rule, RRGGBB
    page_size: tuple[float, float] = (21.0, 29.7)  # width, height in cm (A4)
    margins: tuple[float, float, float, float] = (2.54, 3.17, 2.54, 3.17)  # top right bottom left
    logo: Logo | None = None


@dataclass(frozen=True)
class Document:
    meta: Meta
    cover: Cover
    sections: tuple[Section, ...]
    signature: Signature | None = None
    style: HouseStyle = HouseStyle()
    toc_title: str = "目  录"
    toc_depth: int = 2  # heading levels listed in the table of contents

    def walk(self) -> Iterator[tuple[tuple[int, ...], Section]]:
        """Every section depth-first with its index path (1-based)."""
        yield from _walk(self.sections, ())


def _walk(
    sections: tuple[Section, ...], prefix: tuple[int, ...]
) -> Iterator[tuple[tuple[int, ...], Section]]:
    for index, section in enumerate(sections, start=1):
        path = (*prefix, index)
        yield path, section
        yield from _walk(section.children, path)


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 105 -> 一百零五, 1010 -> 一千零一十.

    Counted in Chinese up to 9999; a larger count (only a hostile document read
    back has one) is written in Arabic digits.
    """
    if n < 1:
        raise ValueError(f"outline index out of range: {n}")
    if n >= 10_000:
        return str(n)
    if 10 <= n < 20:
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    out, zero = "", False
    for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        digit, n = divmod(n, size)
        if digit:
            out += ("零" if zero and out else "") + _DIGITS[digit] + unit
            zero = False
        else:
            zero = True
    return out


CIRCLED_MAX = 20  # ⑳: Word's decimalEnclosedCircle writes plain numbers beyond


@dataclass(frozen=True)
class Rung:
    """One rung of the customary numbering ladder: how its counters are written.

    ``counting`` is ``chinese`` (一 … 十一), ``decimal`` (1, 2 …) or ``circled``
    (①…⑳, plain numbers past 20 as Word writes them); ``before`` and ``after``
    are the text around the number. ``gap`` separates a list item's text from
    the label: "1." is Latin punctuation, and "1.2小时" would read as one figure.
    """

    counting: str
    before: str = ""
    after: str = ""
    gap: str = ""

    def number(self, index: int) -> str:
        """The counter alone: 十一, 11, ⑪ (21 past the circled numbers)."""
        if self.counting == "chinese":
            return chinese_number(index)
        if self.counting == "circled" and 1 <= index <= CIRCLED_MAX:
            return chr(0x2460 + index - 1)
        return str(index)

    def label(self, index: int) -> str:
        """The label of the index-th heading or item: （十一）, 11., ⑪."""
        return f"{self.before}{self.number(index)}{self.after}"


# The numbering ladder, from the outside in: headings at level 1-4 take the first
# four rungs; an ordered list takes the rung below the heading that holds it.
LADDER = (
    Rung("chinese", after="、"),
    Rung("chinese", before="（", after="）"),
    Rung("decimal", after=".", gap=" "),
    Rung("decimal", before="（", after="）"),
    Rung("circled"),
)


def outline_label(level: int, index: int) -> str:
    """The customary Chinese outline label for the index-th heading at a level."""
    if not 1 <= level <= MAX_LEVEL:
        raise ValueError(f"heading level out of range: {level}")
    return LADDER[level - 1].label(index)


def list_rung(level: int) -> int:
    """The rung (index into :data:`LADDER`) of an ordered list in a section at ``level``.

    A list counts one rung below its heading: under a chapter 一、 it counts
    （一）, under （一） 1., under 1. （1）, under （1） ①; deeper stays at ①.
    """
    return min(max(level, 1), len(LADDER) - 1)


def numbered_title(section: Section, index: int) -> str:
    """The heading text as printed: outline label followed by the title."""
    return f"{outline_label(section.level, index)}{section.title}"
