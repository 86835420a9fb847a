"""Runs and paragraphs: text, fonts, run and paragraph properties, tab stops.

Every helper takes a python-docx proxy (paragraph, run, style) or a bare
``lxml`` element and is named after the element it writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docx.oxml.ns import qn

from bidgen.writers.ooxml.schema import (
    add_child,
    el,
    get_or_add,
    get_ppr,
    get_rpr,
    remove_children,
    set_w,
    tags,
)

_THEME_ATTRS = tuple(
    qn(f"w:{name}") for name in tags("asciiTheme hAnsiTheme eastAsiaTheme cstheme")
)
# XML 1.0 forbids C0 controls other than tab, LF and CR, lone surrogates and U+FFFE/F.
_XML_FORBIDDEN = dict.fromkeys(
    [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0xD800, 0xE000), 0xFFFE, 0xFFFF]
)


def xml_safe(text: str) -> str:
    """Drop characters XML cannot hold (YAML allows them; lxml raises on them)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_XML_FORBIDDEN)


def preserve_space(root: Any) -> None:
    """Mark every ``w:t`` to keep its spaces (cover labels align with spaces)."""
    for text in el(root).iter(qn("w:t")):
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def set_east_asia_font(owner: Any, name: str) -> None:
    """``w:rFonts/@w:eastAsia``: the face Word uses for Chinese characters."""
    set_w(get_or_add(get_rpr(owner), "w:rFonts"), eastAsia=name)


def set_fonts(owner: Any, latin: str, east_asia: str) -> None:
    """``w:rFonts``: Latin/digits (ascii, hAnsi, cs) and East Asian faces by name."""
    fonts = get_or_add(get_rpr(owner), "w:rFonts")
    set_w(fonts, ascii=latin, hAnsi=latin, cs=latin)
    set_east_asia_font(owner, east_asia)


def strip_theme_fonts(root: Any) -> int:
    """Remove ``w:asciiTheme`` & co., which Word applies ahead of the font names."""
    count = 0
    for fonts in el(root).iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            if attr in fonts.attrib:
                del fonts.attrib[attr]
                count += 1
    return count


def set_font_size(owner: Any, points: float) -> None:
    """``w:sz``/``w:szCs`` in half-points (python-docx cannot reach docDefaults)."""
    rpr = get_rpr(owner)
    half = round(points * 2)
    set_w(get_or_add(rpr, "w:sz"), val=half)
    set_w(get_or_add(rpr, "w:szCs"), val=half)


def set_lang(owner: Any, latin: str, east_asia: str) -> None:
    set_w(get_or_add(get_rpr(owner), "w:lang"), val=latin, eastAsia=east_asia, bidi="ar-SA")


def set_kern(owner: Any, half_points: int) -> None:
    set_w(get_or_add(get_rpr(owner), "w:kern"), val=half_points)


def set_character_spacing(owner: Any, twips: int) -> None:
    """``w:spacing`` in ``w:rPr``: letter spacing (the cover title is spread out)."""
    set_w(get_or_add(get_rpr(owner), "w:spacing"), val=twips)


def set_paragraph_style(paragraph: Any, style_id: str) -> None:
    """``w:pStyle`` by style id; python-docx by name scans every style each time."""
    set_w(get_or_add(get_ppr(paragraph), "w:pStyle"), val=style_id)


def set_first_line_chars(owner: Any, chars: int, font_pt: float) -> None:
    """``w:ind``: a first-line indent in characters (``firstLineChars``, 1/100 char).

    ``w:firstLine`` in twips is written too, for readers that ignore the
    character unit; Word and WPS use ``firstLineChars`` when both are present.
    """
    ind = get_or_add(get_ppr(owner), "w:ind")
    set_w(ind, firstLineChars=chars * 100, firstLine=round(chars * font_pt * 20))
    for attr in ("hanging", "hangingChars"):
        ind.attrib.pop(qn(f"w:{attr}"), None)


def set_left_chars(owner: Any, chars: int, font_pt: float) -> None:
    """``w:ind``: a left indent in characters (TOC levels)."""
    set_w(
        get_or_add(get_ppr(owner), "w:ind"), leftChars=chars * 100, left=round(chars * font_pt * 20)
    )


def set_outline_level(owner: Any, level: int) -> None:
    """``w:outlineLvl`` (0-based): what Word's navigation pane and TOC field read."""
    set_w(get_or_add(get_ppr(owner), "w:outlineLvl"), val=level)


def set_num_pr(owner: Any, num_id: int, ilvl: int = 0) -> None:
    """``w:numPr``: attach a paragraph or paragraph style to a list level."""
    num_pr = get_or_add(get_ppr(owner), "w:numPr")
    for child in list(num_pr):
        num_pr.remove(child)
    set_w(add_child(num_pr, "w:ilvl"), val=ilvl)
    set_w(add_child(num_pr, "w:numId"), val=num_id)


def remove_num_pr(owner: Any) -> None:
    ppr = el(owner).find(qn("w:pPr"))
    if ppr is not None:
        remove_children(ppr, "w:numPr")


def paragraph_style_ids(root: Any) -> set[str]:
    """Every ``w:pStyle`` used by the paragraphs under ``root``."""
    path = f"{qn('w:pPr')}/{qn('w:pStyle')}"
    return {
        style.get(qn("w:val"), "")
        for paragraph in el(root).iter(qn("w:p"))
        for style in paragraph.iterfind(path)
    }


def num_pr(owner: Any) -> tuple[int, int] | None:
    """(numId, ilvl) of a style or paragraph's ``w:numPr``, if any."""
    num_pr_el = el(owner).find(f"{qn('w:pPr')}/{qn('w:numPr')}")
    if num_pr_el is None:
        return None
    num_id = num_pr_el.find(qn("w:numId"))
    ilvl = num_pr_el.find(qn("w:ilvl"))
    if num_id is None:
        return None
    level = int(ilvl.get(qn("w:val"), "0")) if ilvl is not None else 0
    return int(num_id.get(qn("w:val"), "0")), level


def set_paragraph_border(owner: Any, side: str, size_eighths: int, space: int = 1) -> None:
    """``w:pBdr``: a single rule on one side (the header's rule below the text)."""
    border = get_or_add(get_or_add(get_ppr(owner), "w:pBdr"), f"w:{side}")
    set_w(border, val="single", sz=size_eighths, space=space, color="000000")


def at_page_start(body: Any) -> bool:
    """Whether text appended to the body starts a page: nothing before it, or the
    last block before the body's ``w:sectPr`` ends with a page or section break."""
    blocks = [child for child in el(body) if child.tag != qn("w:sectPr")]
    if not blocks:
        return True
    last = blocks[-1]
    if last.tag != qn("w:p"):
        return False
    if last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None:
        return True
    breaks = last.findall(f".//{qn('w:br')}")
    return bool(breaks) and breaks[-1].get(qn("w:type")) == "page"


def has_blocks(body: Any) -> bool:
    """Whether the body holds any paragraph or table (a template's cover)."""
    return any(child.tag != qn("w:sectPr") for child in el(body))


def set_tab_stop(
    owner: Any, position: int, align: str = "right", leader: str = "dot", clear: Iterable[int] = ()
) -> None:
    """``w:tabs``: one stop (``position`` in twips from the text margin), clearing the
    stops at ``clear`` that the paragraph would otherwise inherit from its style."""
    tabs = get_or_add(get_ppr(owner), "w:tabs")
    remove_children(tabs, "w:tab")
    stops: list[tuple[int, dict[str, str | int]]] = [
        (pos, {"val": "clear", "pos": pos}) for pos in sorted(set(clear)) if pos != position
    ]
    stops.append((position, {"val": align, "leader": leader, "pos": position}))
    for _position, attrs in sorted(stops, key=lambda stop: stop[0]):
        set_w(add_child(tabs, "w:tab"), **attrs)


def tab_stops(owner: Any) -> list[int]:
    """Positions of the tab stops a style or paragraph sets itself (not ``clear`` ones)."""
    path = f"{qn('w:pPr')}/{qn('w:tabs')}/{qn('w:tab')}"
    return [
        int(tab.get(qn("w:pos"), "0"))
        for tab in el(owner).iterfind(path)
        if tab.get(qn("w:val")) != "clear" and tab.get(qn("w:pos"), "").lstrip("-").isdigit()
    ]


def set_picture_description(run: Any, text: str) -> None:
    """``wp:docPr/@descr`` (alt text) and ``@title`` of the pictures in ``run``: Word
    and screen readers show them; python-docx leaves the stream's file name."""
    for doc_pr in run._r.iter(qn("wp:docPr")):
        doc_pr.set("descr", xml_safe(text))
        doc_pr.set("title", xml_safe(text))
