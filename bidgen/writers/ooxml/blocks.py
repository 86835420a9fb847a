"""Body paragraphs, runs and tables, built as elements in schema order.

python-docx's proxies (``add_paragraph``, ``add_run``, ``run.text``, ``add_table``,
``row.cells``) were most of a DOCX build: each creates elements through a
generic insertion that searches successors, and ``row.cells`` walks the whole
table. A proposal has some 1 500 runs and 30 tables, so the writer builds these
elements here with ``lxml`` directly. Created under an element of python-docx's
tree, they are python-docx's own element classes, so its proxies still work on
them (paragraph formatting, pictures).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lxml import etree

from bidgen.writers.ooxml.schema import get_or_add

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
P, PPR, PSTYLE, JC = _W + "p", _W + "pPr", _W + "pStyle", _W + "jc"
R, RPR, T, TAB, BR = _W + "r", _W + "rPr", _W + "t", _W + "tab", _W + "br"
BOLD, ITALIC = _W + "b", _W + "i"
SECT_PR = _W + "sectPr"


def _sub(parent: Any, tag: str, **attrs: str) -> Any:
    child = etree.SubElement(parent, tag)
    for name, value in attrs.items():
        child.set(_W + name, value)
    return child


def _append_to_body(body: Any, tag: str) -> Any:
    """A new element at the end of the body, before its section properties."""
    # makeelement keeps python-docx's element classes (CT_P, CT_Tbl) for the new one.
    element = body.makeelement(tag)
    if len(body) and body[-1].tag == SECT_PR:
        body[-1].addprevious(element)
    else:
        body.append(element)
    return element


def append_paragraph(body: Any, style_id: str | None = None) -> Any:
    """A ``w:p`` at the end of the body (before its section properties), in a style."""
    paragraph = _append_to_body(body, P)
    if style_id is not None:
        _sub(_sub(paragraph, PPR), PSTYLE, val=style_id)
    return paragraph


def append_run(paragraph: Any, text: str, bold: bool = False, italic: bool = False) -> Any:
    """A ``w:r`` with its text, as python-docx writes ``run.text``: a tab is ``w:tab``,
    a line break ``w:br``, and text with outer spaces keeps them (``xml:space``)."""
    run = etree.SubElement(paragraph, R)
    if bold or italic:
        properties = etree.SubElement(run, RPR)
        if bold:
            etree.SubElement(properties, BOLD)
        if italic:
            etree.SubElement(properties, ITALIC)
    if "\t" in text or "\n" in text or "\r" in text:
        piece: list[str] = []
        for char in text:
            if char in "\t\r\n":
                _text(run, "".join(piece))
                piece.clear()
                etree.SubElement(run, TAB if char == "\t" else BR)
            else:
                piece.append(char)
        _text(run, "".join(piece))
    else:
        _text(run, text)
    return run


def _text(run: Any, text: str) -> None:
    if not text:
        return
    element = etree.SubElement(run, T)
    element.text = text
    if len(text.strip()) < len(text):
        element.set(_SPACE, "preserve")


def set_justification(paragraph: Any, value: str) -> None:
    """``w:jc`` of a paragraph built here (its ``w:pPr`` holds at most a style before)."""
    properties = paragraph.find(PPR)
    if properties is None:
        properties = paragraph.makeelement(PPR)
        paragraph.insert(0, properties)
    _sub(properties, JC, val=value)


# Table look of a new python-docx table (first row and column emphasised, no bands).
_LOOK = {
    "firstColumn": "1",
    "firstRow": "1",
    "lastColumn": "0",
    "lastRow": "0",
    "noHBand": "0",
    "noVBand": "1",
    "val": "04A0",
}


def append_table(body: Any, style_id: str, widths: Sequence[int]) -> Any:
    """A centred ``w:tbl`` of fixed column widths (twips) at the end of the body."""
    table = _append_to_body(body, _W + "tbl")
    properties = _sub(table, _W + "tblPr")
    _sub(properties, _W + "tblStyle", val=style_id)
    _sub(properties, _W + "tblW", type="dxa", w=str(sum(widths)))
    _sub(properties, _W + "jc", val="center")
    _sub(properties, _W + "tblLayout", type="fixed")
    _sub(properties, _W + "tblLook", **_LOOK)
    grid = _sub(table, _W + "tblGrid")
    for width in widths:
        _sub(grid, _W + "gridCol", w=str(width))
    return table


def append_row(table: Any, header: bool) -> Any:
    """A ``w:tr`` that never splits across pages; a header row repeats on each page."""
    row = _sub(table, _W + "tr")
    properties = _sub(row, _W + "trPr")
    _sub(properties, _W + "cantSplit", val="1")
    if header:
        _sub(properties, _W + "tblHeader", val="1")
    return row


def append_cell(row: Any, width: int, style_id: str, fill: str | None = None) -> Any:
    """A vertically centred ``w:tc`` of ``width`` twips holding one paragraph (returned)."""
    cell = _sub(row, _W + "tc")
    properties = _sub(cell, _W + "tcPr")
    _sub(properties, _W + "tcW", type="dxa", w=str(width))
    if fill is not None:
        _sub(properties, _W + "shd", val="clear", color="auto", fill=fill)
    _sub(properties, _W + "vAlign", val="center")
    paragraph = _sub(cell, P)
    _sub(_sub(paragraph, PPR), PSTYLE, val=style_id)
    return paragraph


def keep_with_next(root: Any) -> None:
    """``w:keepNext`` on every paragraph under ``root`` (a table row stays with what
    follows it)."""
    for paragraph in root.iter(P):
        properties = paragraph.find(PPR)
        if properties is None:
            properties = paragraph.makeelement(PPR)
            paragraph.insert(0, properties)
        get_or_add(properties, "w:keepNext")
