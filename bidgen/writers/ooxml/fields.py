"""Fields (PAGE, NUMPAGES, TOC, PAGEREF), stored TOC entries and bookmarks."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement

from bidgen.writers.ooxml.schema import add_child, el, set_w


def add_field(paragraph: Any, instruction: str, placeholder: str = "") -> None:
    """A complex field (``w:fldChar`` begin/separate/end around ``w:instrText``).

    ``placeholder`` is the cached result shown until Word updates the field.
    Runs take the paragraph's formatting.
    """
    begin_field(paragraph, instruction)
    if placeholder:
        add_child(add_child(el(paragraph), "w:r"), "w:t").text = placeholder
    end_field(paragraph)


def begin_field(paragraph: Any, instruction: str) -> None:
    """A field's ``begin`` and instruction up to ``separate``: its result follows.

    The result may run over several paragraphs (the TOC) until :func:`end_field`.
    """
    p = el(paragraph)
    p.append(_field_char("begin", dirty=instruction.lstrip().startswith("TOC")))
    run = add_child(p, "w:r")
    instr = add_child(run, "w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction.strip()} "
    p.append(_field_char("separate"))


def end_field(paragraph: Any) -> None:
    """The ``end`` of the field most recently begun."""
    el(paragraph).append(_field_char("end"))


def _field_char(kind: str, dirty: bool = False) -> Any:
    run = OxmlElement("w:r")
    char = set_w(add_child(run, "w:fldChar"), fldCharType=kind)
    if dirty:
        set_w(char, dirty="true")  # ask Word to recompute it on open
    return run


def add_toc_entry(paragraph: Any, bookmark: str, text: str, page: str) -> None:
    """One entry of an updated TOC field, as Word stores it.

    A ``w:hyperlink`` to the heading's bookmark holding the entry text, a tab
    (the style's right-aligned, dot-leadered stop) and a ``PAGEREF`` field
    whose cached result is ``page``; runs marked ``w:noProof`` (and the tab
    and page number ``w:webHidden``) as Word marks them. Parsed from one
    string: built element by element, a TOC of 80 entries takes 20 ms.
    """

    def run(content: str) -> str:
        return f"<w:r><w:rPr><w:noProof/><w:webHidden/></w:rPr>{content}</w:r>"

    instruction = f" PAGEREF {escape(bookmark)} \\h "
    xml = (
        f'<w:hyperlink {nsdecls("w")} w:anchor="{escape(bookmark)}" w:history="1">'
        f'<w:r><w:rPr><w:noProof/></w:rPr><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
        + run("<w:tab/>")
        + run('<w:fldChar w:fldCharType="begin"/>')
        + run(f'<w:instrText xml:space="preserve">{instruction}</w:instrText>')
        + run('<w:fldChar w:fldCharType="separate"/>')
        + run(f"<w:t>{escape(page)}</w:t>")
        + run('<w:fldChar w:fldCharType="end"/>')
        + "</w:hyperlink>"
    )
    el(paragraph).append(parse_xml(xml))


def add_page_ref(paragraph: Any, bookmark: str, page: str, before: str, after: str) -> None:
    """``before``, a ``PAGEREF`` field to ``bookmark`` (cached result ``page``), ``after``.

    The runs take the paragraph's formatting; ``\\h`` makes the number a link.
    """
    instruction = f" PAGEREF {escape(bookmark)} \\h "
    xml = (
        f'<w:r><w:t xml:space="preserve">{escape(before)}</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve">{instruction}</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r><w:t>{escape(page)}</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        f'<w:r><w:t xml:space="preserve">{escape(after)}</w:t></w:r>'
    )
    p = el(paragraph)
    for run in list(parse_xml(f"<w:wrap {nsdecls('w')}>{xml}</w:wrap>")):
        p.append(run)


def add_bookmark(paragraph: Any, bookmark_id: int, name: str) -> None:
    """``w:bookmarkStart``/``w:bookmarkEnd`` around a paragraph's content (after ``w:pPr``)."""
    p = el(paragraph)
    start = set_w(OxmlElement("w:bookmarkStart"), id=bookmark_id, name=name)
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        p.insert(0, start)
    else:
        ppr.addnext(start)
    p.append(set_w(OxmlElement("w:bookmarkEnd"), id=bookmark_id))


def bookmarks(root: Any) -> tuple[set[str], int]:
    """The bookmark names under ``root`` and the highest ``w:id`` in use (-1 if none)."""
    names, top = set(), -1
    for start in el(root).iter(qn("w:bookmarkStart")):
        names.add(start.get(qn("w:name"), ""))
        value = start.get(qn("w:id"), "")
        if value.lstrip("-").isdigit():
            top = max(top, int(value))
    return names, top
