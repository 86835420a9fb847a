"""DOCX: body paragraphs and tables in reading order, headings by style.

Tolerant of what Word, WPS and LibreOffice write: text comes from runs
wherever they sit (hyperlinks, smart tags, content controls, field results,
tracked insertions), never from deleted text or a field's instruction; block
content controls and custom XML are read through; the table of contents (a
TOC field, or paragraphs in TOC styles) is skipped, since it repeats the
headings. A paragraph's position is its number among the body's paragraphs.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn

from bidgen.core.errors import BidgenError, Problem
from bidgen.core.files import display_name
from bidgen.model import PAGE_REF
from bidgen.readback.docx_styles import StyleSheet
from bidgen.readback.numbering import Numbering
from bidgen.readback.package import checked_package
from bidgen.readback.structure import (
    Block,
    Heading,
    Line,
    ReadDocument,
    assemble,
    clean_line,
    position,
)

_P, _TBL, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_T, _SDT, _SDT_CONTENT = qn("w:t"), qn("w:sdt"), qn("w:sdtContent")
_SPACES = {qn("w:tab"), qn("w:br"), qn("w:cr")}
# Subtrees with no displayed text: deletions, moved-away text, a drawing's
# fallback copy, properties.
_HIDDEN = {
    qn("w:del"),
    qn("w:moveFrom"),
    qn("w:pPr"),
    qn("w:rPr"),
    qn("w:sdtPr"),
    qn("w:tcPr"),
    qn("w:trPr"),
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback",
}
# Containers whose children are body content (block-level content controls).
_WRAPPERS = {_SDT_CONTENT, qn("w:customXml"), qn("w:smartTag"), qn("w:ins")}
_CLOSED_UP = "、）】」』。．："
_CAPTION_NUMBER = re.compile(r"^表\s*\d+\s+")
# A list label typed into an item's text (when no Word list draws one): bullets and
# the rungs of the numbering ladder (model.LADDER).
_LIST_MARKER = re.compile(
    r"^(?:[•·●\-–—*]\s*|\d+[.、]\s*|（\d+）\s*|（[一二三四五六七八九十]+）\s*|[①-⑳]\s*)"
)


def open_docx(path: Path) -> Any:
    """A python-docx document; a missing or broken file is one Chinese user error."""
    import docx

    data = checked_package(path)
    try:
        word = docx.Document(io.BytesIO(data))
        # A styles or numbering part under the wrong content type loads as a plain
        # Part without its XML: reach both now, so a damaged part is refused here.
        word.styles.element  # noqa: B018
        _numbering_part(word)
        return word
    except Exception:  # python-docx raises many unrelated types on a broken package
        message = "无法读取 DOCX 文件（文件已损坏或不是 Word 文档）"
        raise BidgenError(Problem(display_name(path), 0, 0, message)) from None


def read_docx_document(path: Path) -> ReadDocument:
    return read_docx(path).document


@dataclass(frozen=True)
class DocxReading:
    """A DOCX as read, with the element each block came from (to annotate it)."""

    word: Any  # the python-docx document
    document: ReadDocument
    elements: dict[int, list[tuple[Block, Any]]]  # position(block) -> blocks and their w:p / w:tr


def read_docx(path: Path) -> DocxReading:
    word = open_docx(path)
    body = _Body(
        StyleSheet(word.styles.element), Numbering(_numbering_part(word), word.styles.element)
    )
    body.read(word.element.body)
    elements: dict[int, list[tuple[Block, Any]]] = {}
    for block, element in body.elements:
        elements.setdefault(position(block), []).append((block, element))
    return DocxReading(word, assemble(display_name(path), "docx", body.items), elements)


def _numbering_part(word: Any) -> Any | None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        return word.part.part_related_by(RT.NUMBERING).element
    except KeyError:
        return None


def text_of(element: Any) -> str:
    """The displayed text of a paragraph (or any run container); tabs and breaks as spaces.

    A page reference is layout, not content: a ``PAGEREF`` field's result and
    the words around it as bidgen writes them (``（第12页）``) are left out, so
    a DOCX reads like its Markdown export.
    """
    fields = _Fields()
    _collect(element, fields)
    text = "".join(fields.parts)
    before, after = PAGE_REF
    return text.replace(f"{before}{_PAGE}{after}", "").replace(_PAGE, "")


_PAGE = "\0"  # stands for a page reference's result while collecting (XML text has no NUL)
_FLD_CHAR, _INSTR = qn("w:fldChar"), qn("w:instrText")
_FLD_TYPE = qn("w:fldCharType")


class _Fields:
    """Collected text, and the complex fields open at this point (instruction, in result)."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.open: list[list[str]] = []  # per open field: its instruction so far
        self.hiding = 0  # open PAGEREF fields whose result is being passed over

    def char(self, kind: str | None) -> None:
        if kind == "begin":
            self.open.append([])
        elif kind == "separate" and self.open and self.is_pageref(self.open[-1]):
            self.hiding += 1
            self.open[-1].append("\0result")
        elif kind == "end" and self.open:
            field = self.open.pop()
            if field and field[-1] == "\0result":
                self.hiding -= 1
                self.parts.append(_PAGE)

    @staticmethod
    def is_pageref(instruction: list[str]) -> bool:
        return "".join(instruction).split()[:1] == ["PAGEREF"]


def _collect(element: Any, fields: _Fields) -> None:
    parts = fields.parts
    for child in element.iterchildren():
        tag = child.tag
        if tag == _T:
            if not fields.hiding:
                parts.append(child.text or "")
        elif tag == _FLD_CHAR:
            fields.char(child.get(_FLD_TYPE))
        elif tag == _INSTR:
            if fields.open:
                fields.open[-1].append(child.text or "")
        elif tag in _SPACES:
            parts.append(" ")
        elif tag == qn("w:noBreakHyphen"):
            parts.append("-")
        elif tag not in _HIDDEN:
            _collect(child, fields)


class _Body:
    """Walks the body, numbering paragraphs and collecting headings and blocks."""

    def __init__(self, styles: StyleSheet, numbering: Numbering) -> None:
        self.styles = styles
        self.numbering = numbering
        self.items: list[Heading | Block] = []
        self.elements: list[tuple[Block, Any]] = []
        self.paragraphs = 0
        self.toc = 0  # fields still open inside a table of contents
        self.caption_candidate = False  # the last item is the paragraph right before this

    def read(self, parent: Any) -> None:
        for child in parent.iterchildren():
            if child.tag == _P:
                self.paragraph(child)
            elif child.tag == _TBL:
                self.table(child)
            elif child.tag == _SDT:
                content = child.find(_SDT_CONTENT)
                if content is not None:
                    self.read(content)
            elif child.tag in _WRAPPERS:
                self.read(child)

    def paragraph(self, element: Any) -> None:
        self.paragraphs += 1
        self.caption_candidate = False
        # Word numbers every paragraph of a list, empty or not: count them all.
        label = self.numbering.label(element, self.styles.style_of(element))
        self.toc, in_toc = toc_fields(element, self.toc)
        if in_toc or self.styles.is_toc_entry(element):
            return  # TOC entries repeat the headings: not body text
        text = text_of(element).strip()
        if not text:
            return
        line = (Line(text),)
        level = self.styles.heading_level(element)
        if level:
            block = Block("heading", line, text, self.paragraphs)
            written = _labelled(
                label, self.numbering.suffix(element, self.styles.style_of(element)), text
            )
            self.items.append(Heading(level, written, text, block))
        elif self.styles.is_list(element):
            # Lists compare as item text: a writer may number them with Word
            # numbering (invisible in the text) or with literal markers.
            typed = "" if label else _marker(text)
            plain = clean_line(text[len(typed) :])
            self.add(Block("item", line, plain, self.paragraphs, marker=len(typed)), element)
        else:
            self.add(Block("paragraph", line, text, self.paragraphs), element)
            is_caption = self.styles.is_caption(element) or _CAPTION_NUMBER.match(text)
            self.caption_candidate = bool(is_caption)

    def add(self, block: Block, element: Any) -> None:
        self.items.append(block)
        self.elements.append((block, element))

    def table(self, element: Any) -> None:
        if self.caption_candidate:
            before = self.items[-1]
            assert isinstance(before, Block)
            caption = Block("caption", before.lines, before.plain, before.paragraph)
            self.items[-1] = caption
            self.elements[-1] = (caption, self.elements[-1][1])
        self.caption_candidate = False
        for paragraph in element.iter(_P):  # numbered paragraphs in cells count too
            self.numbering.label(paragraph, self.styles.style_of(paragraph))
        header: tuple[str, ...] = ()
        for number, (row_element, cells) in enumerate(_rows(element), start=1):
            text = " | ".join(cells)
            row_header = header if number > 1 else ()
            line = (Line(text),)
            # DOCX cells have no markup: as written is as read.
            row = Block("row", line, text, self.paragraphs, number, row_header, cells, cells)
            self.add(row, row_element)
            header = header or cells


def _marker(text: str) -> str:
    match = _LIST_MARKER.match(text)
    return match.group(0) if match else ""


def _labelled(label: str, suffix: str, text: str) -> str:
    """A heading as Word shows it: its list label, then the text."""
    if not label:
        return text
    # A tab or space after "一、" or "（二）" is layout, not text: Chinese
    # outline labels are written closed up; "1.1" or "第一章" keep a space.
    spaced = suffix != "nothing" and label[-1] not in _CLOSED_UP
    return f"{label} {text}" if spaced else label + text


def table_rows(table: Any) -> list[tuple[str, ...]]:
    """Each row's cell texts; a vertically merged cell repeats the text it continues."""
    return [cells for _row, cells in _rows(table)]


def _rows(table: Any) -> list[tuple[Any, tuple[str, ...]]]:
    rows: list[tuple[Any, tuple[str, ...]]] = []
    above: dict[int, str] = {}  # grid column -> text of the cell that starts there
    for row in _children(table, _TR):
        if row.find(f"{qn('w:trPr')}/{qn('w:del')}") is not None:
            continue  # a tracked row deletion
        cells: list[str] = []
        column = 0
        for cell in _children(row, _TC):
            merge = cell.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
            continues = merge is not None and merge.get(qn("w:val")) in {None, "continue"}
            text = above.get(column, "") if continues else cell_text(cell)
            above[column] = text
            cells.append(text)
            span = cell.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            column += int(span.get(qn("w:val"), "1")) if span is not None else 1
        rows.append((row, tuple(cells)))
    return rows


def cell_text(cell: Any) -> str:
    """A cell's paragraphs one per line; a nested table's rows as "a | b" lines."""
    lines = []
    for child in _children(cell, _P, _TBL):
        if child.tag == _P:
            lines.append(text_of(child).strip())
        else:
            lines.extend(" | ".join(row) for row in table_rows(child))
    return "\n".join(line for line in lines if line)


def _children(parent: Any, *tags: str) -> list[Any]:
    """Child elements with one of ``tags``, looking through content controls."""
    found = []
    for child in parent.iterchildren():
        if child.tag in tags:
            found.append(child)
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                found.extend(_children(content, *tags))
        elif child.tag in _WRAPPERS:
            found.extend(_children(child, *tags))
    return found


def toc_fields(paragraph: Any, depth: int) -> tuple[int, bool]:
    """Fields still open in a TOC field after this paragraph (0: none), and whether
    the paragraph is part of one (its result runs over several paragraphs)."""
    part_of = depth > 0
    begun = False  # a field began; its instruction says whether it is a TOC
    for node in paragraph.iter(qn("w:fldChar"), qn("w:instrText"), qn("w:fldSimple")):
        if node.tag == qn("w:fldSimple"):
            if (node.get(qn("w:instr")) or "").split()[:1] == ["TOC"]:
                part_of = True
        elif node.tag == qn("w:instrText"):
            if begun and not depth and (node.text or "").split()[:1] == ["TOC"]:
                depth, part_of = 1, True
            begun = False
        elif node.get(qn("w:fldCharType")) == "begin":
            if depth:  # a field inside the TOC (PAGEREF)
                depth += 1
            begun = True
        elif node.get(qn("w:fldCharType")) == "end" and depth:
            depth -= 1
    return depth, part_of
