"""A proposal as ``bidgen diff`` compares it: path-keyed sections of text lines.

Built from the one read-back structure (:mod:`bidgen.readback.structure`),
whatever the input was: a profile's built document, the DOCX a colleague
polished in Word, or the Markdown export kept in git. Sections are keyed by
their heading path with outline numbers stripped (numbering is derived from
position, so a moved chapter must not look rewritten), and each holds its
own content as lines; every input goes through the same line rules so that a
DOCX and its own Markdown export compare equal.

The cover is compared only when both inputs carry one: the DOCX cover page is
a free layout that cannot be read back reliably, so a DOCX has none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bidgen.readback.structure import Block, ReadDocument, clean_line

COVER_TITLE = "封面"
SIGNATURE_TITLE = "签署"
# The labels bidgen.generate.assemble writes into the signature block. The
# trailing lines starting with these labels are lifted out of the last
# section, so that the signature compares on its own.
SIGNATURE_LABELS = ("投标人名称（盖章）", "法定代表人或授权代表（签字）", "日期")

_CAPTION_NUMBER = re.compile(r"^表\s*\d+\s+")
# A figure's caption is a paragraph in every reader (DOCX caption, Markdown alt text).
_FIGURE_NUMBER = re.compile(r"^图\s*\d+\s+(?=\S)")


@dataclass(frozen=True)
class DiffSection:
    """One heading's own content (not its children) as comparable text lines."""

    path: tuple[str, ...]
    level: int
    lines: tuple[str, ...]

    @property
    def title(self) -> str:
        return self.path[-1]


@dataclass(frozen=True)
class DiffDocument:
    """A proposal as diff sees it; ``cover`` is None when the input has none."""

    name: str
    sections: tuple[DiffSection, ...]
    cover: DiffSection | None = None


def diff_document(doc: ReadDocument) -> DiffDocument:
    sections = [
        DiffSection(
            tuple(heading.title for heading in section.path),
            section.heading.level,
            _lines(section.blocks),
        )
        for section in doc.sections
    ]
    cover = None
    if doc.title is not None:
        lines = _lines(doc.front)
        cover = DiffSection((COVER_TITLE,), 1, (*_clean_all([doc.title.title]), *lines))
    return DiffDocument(doc.name, _unique_paths(_split_signature(sections)), cover)


def caption_line(caption: str) -> str:
    """Table captions are numbered by position (表1, 表2 …); compare without it."""
    return "表：" + clean_line(_CAPTION_NUMBER.sub("", clean_line(caption), count=1))


def row_line(cells: Iterable[str]) -> str:
    return " | ".join(clean_line(cell) for cell in cells)


def block_line(block: Block) -> str:
    """Paragraphs, items and headings are their text; a table row its cells."""
    if block.kind == "caption":
        return caption_line(block.plain)
    if block.kind == "row":
        return row_line(block.plain_cells)
    if block.kind == "paragraph" and _FIGURE_NUMBER.match(block.plain):
        return "图：" + _FIGURE_NUMBER.sub("", block.plain, count=1)  # numbered by position
    return block.plain


def _lines(blocks: Iterable[Block]) -> tuple[str, ...]:
    return _clean_all(block_line(block) for block in blocks)


def _clean_all(lines: Iterable[str]) -> tuple[str, ...]:
    return tuple(line for line in (clean_line(text) for text in lines) if line)


def _split_signature(sections: list[DiffSection]) -> list[DiffSection]:
    """Lift the trailing signature lines out of the last section (see SIGNATURE_LABELS)."""
    if not sections:
        return sections
    last = sections[-1]
    lines = list(last.lines)
    start = len(lines)
    while start > 0 and lines[start - 1].startswith(tuple(f"{x}：" for x in SIGNATURE_LABELS)):
        start -= 1
    # The block always opens with the bidder line; otherwise a trailing
    # "日期：" is the letter's own text, not the signature.
    while start < len(lines) and not lines[start].startswith(f"{SIGNATURE_LABELS[0]}："):
        start += 1
    if start == len(lines):
        return sections
    trimmed = DiffSection(last.path, last.level, tuple(lines[:start]))
    signature = DiffSection((SIGNATURE_TITLE,), 1, tuple(lines[start:]))
    return [*sections[:-1], trimmed, signature]


def _unique_paths(sections: Iterable[DiffSection]) -> tuple[DiffSection, ...]:
    """Two sibling headings with one title would collide; number the repeats."""
    seen: dict[tuple[str, ...], int] = {}
    out = []
    for section in sections:
        count = seen.get(section.path, 0) + 1
        seen[section.path] = count
        path = section.path
        if count > 1:
            path = (*path[:-1], f"{path[-1]}（第{count}处）")
        out.append(DiffSection(path, section.level, section.lines))
    return tuple(out)
