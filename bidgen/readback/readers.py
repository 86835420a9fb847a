"""Read any version of a proposal into one neutral section tree for ``bidgen diff``.

A reviewer may hold a profile, the DOCX a colleague polished in Word, or the
Markdown export kept in git. All three become a :class:`DiffDocument`: sections
keyed by their heading path with outline numbers stripped (numbering is derived
from position, so a moved chapter must not look rewritten), and each section's
own content as text lines. Every input goes through the same line rules so that
a DOCX and its own Markdown export compare equal.

The cover is compared only when both inputs carry one: the DOCX cover page is a
free layout that cannot be read back reliably, so it is skipped there.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bidgen.core.errors import BidgenError, Problem
from bidgen.core.yamlio import display_name, read_bytes, read_text
from bidgen.model import Block, Document, ListBlock, Paragraph, Section, Table, plain_text

COVER_TITLE = "封面"
SIGNATURE_TITLE = "签署"
# The labels bidgen.generate.assemble writes into the signature block. Read-back inputs
# have no signature object, so the trailing lines starting with these labels
# are lifted out of the last section to match what a Document yields.
SIGNATURE_LABELS = ("投标人名称（盖章）", "法定代表人或授权代表（签字）", "日期")

PROFILE_SUFFIXES = (".yaml", ".yml")
DOCX_SUFFIXES = (".docx",)
MARKDOWN_SUFFIXES = (".md", ".markdown")

_CN = "[一二三四五六七八九十]+"
# The label each level's writer prefixes (model.outline_label); strict per level
# so a title such as "2.5G 链路" at level 1 keeps its digits.
_LABELS = {
    1: re.compile(rf"^{_CN}、\s*"),
    2: re.compile(rf"^（{_CN}）\s*"),
    3: re.compile(r"^\d+\.(?!\d)\s*"),
    4: re.compile(r"^（\d+）\s*"),
}
_CAPTION_NUMBER = re.compile(r"^表\s*\d+\s+")
_LIST_MARKER = re.compile(r"^(?:[•·\-–—*]\s*|\d+[.、]\s*|（\d+）\s*|[①-⑳]\s*)")
_HEADING_STYLE = re.compile(r"(?:heading|标题)\s*(\d)", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


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


def clean_line(text: str) -> str:
    """One line of text: hard breaks and runs of spaces fold to one space."""
    return _SPACES.sub(" ", text).strip()


def strip_label(title: str, level: int) -> str:
    pattern = _LABELS.get(level)
    stripped = pattern.sub("", title, count=1) if pattern else title
    return clean_line(stripped) or clean_line(title)


def caption_line(caption: str) -> str:
    """Table captions are numbered by position (表1, 表2 …); compare without it."""
    return "表：" + clean_line(_CAPTION_NUMBER.sub("", clean_line(caption), count=1))


def row_line(cells: Iterable[str]) -> str:
    return " | ".join(clean_line(cell) for cell in cells)


def read_input(path: Path, clauses: Path | None = None) -> DiffDocument:
    """Dispatch on the file suffix; anything unknown is a user error."""
    name = display_name(path)
    suffix = path.suffix.lower()
    known = PROFILE_SUFFIXES + DOCX_SUFFIXES + MARKDOWN_SUFFIXES
    if suffix not in known:
        message = "无法比较此类文件：只支持项目配置（.yaml/.yml）、生成的 .docx 或 Markdown（.md）"
        raise BidgenError(Problem(name, 0, 0, message))
    if not path.is_file():
        raise BidgenError(Problem(name, 0, 0, "文件不存在"))
    if suffix in PROFILE_SUFFIXES:
        from bidgen.build import build_document

        return from_document(build_document(path, clauses).document, name)
    if suffix in DOCX_SUFFIXES:
        return read_docx(path, name)
    return read_markdown(read_text(path), name)


# --- from the document model -------------------------------------------------


def from_document(doc: Document, name: str) -> DiffDocument:
    sections = list(_walk_sections(doc.sections, ()))
    if doc.signature is not None:
        sig = doc.signature
        lines = (
            f"{sig.bidder_label}：{sig.bidder}",
            f"{sig.representative_label}：{sig.representative}",
            f"{sig.date_label}：{sig.date_text}",
        )
        sections.append(DiffSection((SIGNATURE_TITLE,), 1, _clean_all(lines)))
    cover = doc.cover
    cover_lines = [cover.title, *(f"{f.label}：{f.value}" for f in cover.fields)]
    cover_lines.append(f"日期：{cover.date_text}")
    cover_section = DiffSection((COVER_TITLE,), 1, _clean_all(cover_lines))
    return DiffDocument(name, _unique_paths(sections), cover_section)


def _walk_sections(sections: Iterable[Section], parent: tuple[str, ...]) -> Iterator[DiffSection]:
    for section in sections:
        path = (*parent, clean_line(section.title))
        lines = [line for block in section.blocks for line in block_lines(block)]
        yield DiffSection(path, section.level, _clean_all(lines))
        yield from _walk_sections(section.children, path)


def block_lines(block: Block) -> list[str]:
    """Paragraphs and list items are one line each; a table is its caption and rows."""
    if isinstance(block, Paragraph):
        return [block.text]
    if isinstance(block, ListBlock):
        return [plain_text(item) for item in block.items]
    if isinstance(block, Table):
        lines = [caption_line(block.caption)] if block.caption else []
        lines.append(row_line(plain_text(cell) for cell in block.header))
        lines.extend(row_line(plain_text(cell) for cell in row) for row in block.rows)
        return lines
    return []  # page breaks carry no text


def _clean_all(lines: Iterable[str]) -> tuple[str, ...]:
    return tuple(line for line in (clean_line(text) for text in lines) if line)


# --- shared assembly for read-back inputs ------------------------------------


class _TreeBuilder:
    """Collect (level, title) headings and body lines into path-keyed sections."""

    def __init__(self) -> None:
        self.stack: list[tuple[int, str]] = []
        self.done: list[DiffSection] = []
        self.lines: list[str] = []

    def heading(self, level: int, title: str) -> None:
        self._close()
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, strip_label(title, level)))

    def line(self, text: str) -> None:
        if self.stack:
            self.lines.append(text)

    def finish(self, name: str, cover: DiffSection | None = None) -> DiffDocument:
        self._close()
        return DiffDocument(name, _unique_paths(_split_signature(self.done)), cover)

    def _close(self) -> None:
        if self.stack:
            path = tuple(title for _level, title in self.stack)
            self.done.append(DiffSection(path, self.stack[-1][0], _clean_all(self.lines)))
        self.lines = []


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


# --- Markdown export -----------------------------------------------------------


def read_markdown(text: str, name: str) -> DiffDocument:
    """The canonical export: ``#`` title and cover list, then ``##`` = level 1."""
    from bidgen.generate.markdown import Heading, parse_markdown

    builder = _TreeBuilder()
    cover_lines: list[str] = []
    has_cover = False
    for item in parse_markdown(text, name).items:
        if isinstance(item, Heading) and item.depth == 1 and not builder.stack:
            has_cover = True
            cover_lines.append(item.title)
        elif isinstance(item, Heading):
            builder.heading(max(item.depth - 1, 1), item.title)
        elif builder.stack:
            for line in block_lines(item):
                builder.line(line)
        else:
            cover_lines.extend(block_lines(item))
    cover = DiffSection((COVER_TITLE,), 1, _clean_all(cover_lines)) if has_cover else None
    return builder.finish(name, cover)


# --- DOCX ----------------------------------------------------------------------


def read_docx(path: Path, name: str) -> DiffDocument:
    """Headings by style; the cover and TOC (before the first Heading 1) are skipped."""
    from docx.table import Table as DocxTable

    document = open_docx(path)
    builder = _TreeBuilder()
    for item in document.iter_inner_content():
        if isinstance(item, DocxTable):
            _docx_table(builder, item)
            continue
        level = _heading_level(item)
        if level == 1 or (level and builder.stack):
            builder.heading(level, item.text)
        elif builder.stack:
            builder.line(_docx_paragraph_text(item))
    return builder.finish(name)


def open_docx(path: Path) -> Any:
    """A python-docx document; a missing or broken file is one Chinese user error."""
    import docx

    data = read_bytes(path)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many unrelated types on a broken package
        message = "无法读取 DOCX 文件（文件已损坏或不是 Word 文档）"
        raise BidgenError(Problem(display_name(path), 0, 0, message)) from None


def _heading_level(paragraph: object) -> int:
    style = getattr(paragraph, "style", None)
    match = _HEADING_STYLE.search(getattr(style, "name", "") or "")
    level = int(match.group(1)) if match else 0
    return level if 1 <= level <= 4 else 0


def _docx_paragraph_text(paragraph: object) -> str:
    text: str = getattr(paragraph, "text", "")
    style = getattr(getattr(paragraph, "style", None), "name", "") or ""
    # Lists compare as item text: a writer may number them with Word numbering
    # (invisible in the text) or with literal markers.
    if style.lower().startswith("list"):
        return _LIST_MARKER.sub("", clean_line(text), count=1)
    return text


def _docx_table(builder: _TreeBuilder, table: object) -> None:
    lines = builder.lines
    rows = getattr(table, "rows", [])
    # The caption is the paragraph right above the table; drop its number as
    # the model path does.
    if lines and _CAPTION_NUMBER.match(clean_line(lines[-1])):
        lines[-1] = caption_line(lines[-1])
    for row in rows:
        cells, seen = [], set()
        for cell in row.cells:
            # Merged cells come back once per grid column: keep one copy.
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(cell.text)
        builder.line(row_line(cells))
