"""Read an existing proposal (.docx, .md, .txt) into located text units.

``bidgen lint`` runs the same rules over a document edited by hand (or an
old bid) as ``bidgen check`` runs over a generated one. Unit texts are kept
exactly as they stand in the file, so every quote can be found there.
"""

from __future__ import annotations

import re
from pathlib import Path

from bidgen.core.errors import BidgenError, Problem
from bidgen.core.yamlio import display_name, read_text
from bidgen.validate.context import CHAPTER_SEPARATOR, TextUnit
from bidgen.validate.findings import Location

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_MD_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_CN_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[章节部分])")


def read_units(path: Path) -> list[TextUnit]:
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _docx_units(path)
    if suffix in {".md", ".markdown"}:
        return _markdown_units(path)
    if suffix == ".txt":
        return _text_units(path)
    message = f"不支持的文件类型“{path.suffix or '无扩展名'}”（可检查 .docx、.md、.txt）"
    raise BidgenError(Problem(display_name(path), 0, 0, message))


class _Outline:
    """Tracks the heading path while reading a file top to bottom."""

    def __init__(self) -> None:
        self.path: list[tuple[int, str]] = []

    def enter(self, level: int, title: str) -> None:
        while self.path and self.path[-1][0] >= level:
            self.path.pop()
        self.path.append((level, title))

    @property
    def chapter(self) -> str:
        return CHAPTER_SEPARATOR.join(title for _level, title in self.path)


def _text_units(path: Path) -> list[TextUnit]:
    name = display_name(path)
    outline = _Outline()
    units = []
    for number, line in enumerate(read_text(path).splitlines(), start=1):
        text = line.strip()
        if not text:
            continue
        if _CN_HEADING.match(text) and len(text) <= 30:
            outline.enter(1, text)
        loc = Location(name, number, line.find(text) + 1, number, outline.chapter)
        units.append(TextUnit(text, loc, "paragraph"))
    return units


def _document_title(lines: list[str]) -> int:
    """The line of a lone top ``#`` heading (bidgen's export: the title), else 0.

    Chapters are the ``##`` headings below it; keeping the title in every
    chapter path would put the whole file in one group.
    """
    levels = [
        (number, len(match.group(1)))
        for number, line in enumerate(lines, start=1)
        if (match := _MD_HEADING.match(line))
    ]
    tops = [number for number, level in levels if level == 1]
    return tops[0] if len(tops) == 1 and levels[0][1] == 1 and len(levels) > 1 else 0


def _markdown_units(path: Path) -> list[TextUnit]:
    name = display_name(path)
    outline = _Outline()
    units: list[TextUnit] = []
    header: tuple[str, ...] = ()
    lines = read_text(path).splitlines()
    title = _document_title(lines)
    for number, line in enumerate(lines, start=1):
        heading = _MD_HEADING.match(line)
        if heading:
            if number != title:
                outline.enter(len(heading.group(1)), heading.group(2))
            header = ()
            continue
        if not line.strip() or _MD_RULE.match(line):
            continue
        column = len(line) - len(line.lstrip()) + 1
        loc = Location(name, number, column, number, outline.chapter)
        if line.lstrip().startswith("|"):
            cells = tuple(cell.strip() for cell in line.strip().strip("|").split("|"))
            if not header:
                header = cells
                continue
            units.append(TextUnit(line.strip(), loc, "row", header, cells))
            continue
        header = ()
        kind = "item" if _MD_ITEM.match(line) else "paragraph"
        units.append(TextUnit(line.strip(), loc, kind))
    return units


def _docx_units(path: Path) -> list[TextUnit]:
    from docx.oxml.ns import qn

    from bidgen.readback.readers import open_docx

    name = display_name(path)
    document = open_docx(path)
    outline = _Outline()
    units: list[TextUnit] = []
    body = document.element.body
    paragraph_no = 0
    toc = 0  # fields open inside a table of contents
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            paragraph_no += 1
            toc, in_toc = _toc_fields(child, toc)
            if not in_toc:  # TOC entries repeat the headings: not body text
                _docx_paragraph(child, name, paragraph_no, outline, units)
        elif child.tag == qn("w:tbl"):
            _docx_table(child, name, paragraph_no, outline, units)
    return units


def _toc_fields(paragraph, depth: int) -> tuple[int, bool]:
    """Fields still open in a TOC field after this paragraph (0: none), and whether
    the paragraph is part of one (its result runs over several paragraphs)."""
    from docx.oxml.ns import qn

    part_of = depth > 0
    begun = False  # a field began; its instruction says whether it is a TOC
    for node in paragraph.iter(qn("w:fldChar"), qn("w:instrText")):
        if node.tag == qn("w:instrText"):
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


def _docx_text(element) -> str:
    from docx.oxml.ns import qn

    parts = []
    for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        parts.append(node.text or "" if node.tag == qn("w:t") else " ")
    return "".join(parts)


def _heading_level(paragraph) -> int:
    from docx.oxml.ns import qn

    style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    if style is None:
        return 0
    value = style.get(qn("w:val")) or ""
    match = re.fullmatch(r"(?:Heading|heading|标题)\s*(\d)", value)
    return int(match.group(1)) if match else 0


def _docx_paragraph(
    element, name: str, number: int, outline: _Outline, units: list[TextUnit]
) -> None:
    text = _docx_text(element).strip()
    if not text:
        return
    level = _heading_level(element)
    if level:
        outline.enter(level, text)
        return
    loc = Location(name, number, 1, number * 1000, outline.chapter)
    units.append(TextUnit(text, loc, "paragraph"))


def _docx_table(element, name: str, after: int, outline: _Outline, units: list[TextUnit]) -> None:
    from docx.oxml.ns import qn

    rows = element.findall(qn("w:tr"))
    if not rows:
        return
    header = tuple(_docx_text(cell).strip() for cell in rows[0].findall(qn("w:tc")))
    for index, row in enumerate(rows[1:], start=2):
        cells = tuple(_docx_text(cell).strip() for cell in row.findall(qn("w:tc")))
        loc = Location(name, after, 1, after * 1000 + index, _table_chapter(outline.chapter, index))
        units.append(TextUnit(" | ".join(cells), loc, "row", header, cells))


def _table_chapter(chapter: str, row: int) -> str:
    """The chapter of a DOCX table row; a table before any heading (the cover) has none."""
    return f"{chapter}（表格第{row}行）" if chapter else f"表格第{row}行"
