"""The neutral structure every reader of an existing proposal produces.

A proposal read back from a file is a heading tree whose sections hold
located blocks. Each block keeps its text exactly as it stands in the file (so
a quote is always found there) next to its ``plain`` reading (markup, list
markers and bidgen's style markers removed), so that lint can point at the
source and diff can compare what a reader sees.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from bidgen.validate.findings import CHAPTER_SEPARATOR

BlockKind = Literal["paragraph", "item", "caption", "row", "heading"]
Source = Literal["docx", "markdown", "text", "model"]

_CN = "[一二三四五六七八九十]+"
# The label each level's writer prefixes (model.outline_label); strict per level
# so a title such as "2.5G 链路" at level 1 keeps its digits.
_LABELS = {
    1: re.compile(rf"^{_CN}、\s*"),
    2: re.compile(rf"^（{_CN}）\s*"),
    3: re.compile(r"^\d+\.(?!\d)\s*"),
    4: re.compile(r"^（\d+）\s*"),
}
_SPACES = re.compile(r"\s+")
# A list label typed or printed before an item's text: the rungs of the numbering
# ladder (model.LADDER: （一） 1. （1） ①) and bullets. "1." is a label only
# before a space or a non-digit, so that "1.5小时" keeps its figure.
_ITEM_LABEL = re.compile(
    rf"^(?:（{_CN}）|[（(]\d{{1,3}}[)）]|\d{{1,3}}(?:、|[.．](?:\s|(?!\d)))|[①-⑳●•▪])\s*"
)


def clean_line(text: str) -> str:
    """One line of text: hard breaks and runs of spaces fold to one space."""
    return _SPACES.sub(" ", text).strip()


def strip_label(title: str, level: int) -> str:
    """The title without the outline label its level carries (一、 / （一） / 1. / （1））."""
    pattern = _LABELS.get(level)
    stripped = pattern.sub("", title, count=1) if pattern else title
    return clean_line(stripped) or clean_line(title)


def item_label(text: str) -> str:
    """The list label a line of running text starts with, spaces after it included
    ("1. " of "1. 2小时内到场"; nothing for "1.5小时内到场")."""
    match = _ITEM_LABEL.match(text)
    return match.group(0) if match else ""


@dataclass(frozen=True)
class Line:
    """One line of a block exactly as it stands in the file, and where it starts."""

    text: str
    number: int = 0  # 1-based line of a text or Markdown file; 0 in a DOCX
    column: int = 1


@dataclass(frozen=True)
class Block:
    """A paragraph, list item, table caption, table row or heading.

    ``paragraph`` is the DOCX body paragraph a block is (a table row: the
    paragraph the table follows); ``row`` numbers the rows of a table from 1,
    the header. ``header`` and ``cells`` are as written, ``plain_cells`` as read.
    """

    kind: BlockKind
    lines: tuple[Line, ...]
    plain: str
    paragraph: int = 0
    row: int = 0
    header: tuple[str, ...] = ()
    cells: tuple[str, ...] = ()
    plain_cells: tuple[str, ...] = ()
    marker: int = 0

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @property
    def lines_read(self) -> tuple[Line, ...]:
        """The lines without the list marker: what a reader of the item reads."""
        if not self.marker or not self.lines:
            return self.lines
        first = self.lines[0]
        rest = Line(first.text[self.marker :], first.number, first.column + self.marker)
        return (rest, *self.lines[1:])


@dataclass(frozen=True)
class Heading:
    """A heading: ``written`` as in the file (outline label included), ``title``
    without the label. ``inferred`` marks a heading guessed from the wording of a
    plain-text line, which may just as well be content (its block is then a
    paragraph, so lint still reads it)."""

    level: int
    written: str
    title: str
    block: Block
    inferred: bool = False


@dataclass(frozen=True)
class ReadSection:
    """One heading's own content (its subsections follow it in the document)."""

    path: tuple[Heading, ...]
    blocks: tuple[Block, ...]

    @property
    def heading(self) -> Heading:
        return self.path[-1]

    @property
    def chapter(self) -> str:
        """The heading path as displayed, e.g. "四、故障分级与响应时间 › （一）分级原则"."""
        return CHAPTER_SEPARATOR.join(heading.written for heading in self.path)


@dataclass(frozen=True)
class ReadDocument:
    """A proposal as read back.

    ``title`` is a document title standing above the chapters (the lone ``#``
    of a Markdown export, the cover title of a model); ``front`` is what comes
    before the first chapter (cover, table of contents); ``sections`` are in
    reading order, depth first.
    """

    name: str
    source: Source
    title: Heading | None
    front: tuple[Block, ...]
    sections: tuple[ReadSection, ...]


def assemble(
    name: str,
    source: Source,
    items: Sequence[Heading | Block],
    title: Heading | None = None,
    labelled: bool = True,
) -> ReadDocument:
    """Nest a flat reading-order sequence of headings and blocks into sections.

    Heading levels are taken relative to the shallowest one, so a file whose
    chapters are ``##`` or Heading 2 still has its chapters at level 1. What
    precedes the first heading of that level (a cover, a "目录" heading) is
    front matter, not a chapter. ``labelled``: titles carry outline labels
    (一、 …) to strip; a model's titles do not.
    """
    levels = [item.level for item in items if isinstance(item, Heading)]
    top = min(levels, default=1)
    start = next(
        (i for i, item in enumerate(items) if isinstance(item, Heading) and item.level == top),
        len(items),
    )
    front = tuple(item.block if isinstance(item, Heading) else item for item in items[:start])
    sections = _nest(items[start:], top, labelled)
    return ReadDocument(name, source, title, front, tuple(sections))


def _nest(items: Iterable[Heading | Block], top: int, labelled: bool) -> list[ReadSection]:
    sections: list[ReadSection] = []
    path: list[Heading] = []
    blocks: list[Block] = []
    for item in items:
        if isinstance(item, Block):
            blocks.append(item)
            continue
        if path:
            sections.append(ReadSection(tuple(path), tuple(blocks)))
        blocks = []
        level = item.level - top + 1
        title = strip_label(item.title, level) if labelled else clean_line(item.title)
        heading = dataclasses.replace(item, level=level, title=title)
        while path and path[-1].level >= level:
            path.pop()
        path.append(heading)
    if path:
        sections.append(ReadSection(tuple(path), tuple(blocks)))
    return sections


def position(block: Block) -> int:
    """A block's place in reading order: its paragraph number, then its table row."""
    return block.paragraph * 1000 + block.row
