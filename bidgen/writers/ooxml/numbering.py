"""The numbering part: list definitions (``w:abstractNum``) and instances (``w:num``)."""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement

from bidgen.writers.ooxml.schema import el, get_or_add, set_w
from bidgen.writers.ooxml.text import set_font_size, set_fonts


@dataclass(frozen=True)
class Level:
    """One level of a list definition (``w:lvl``)."""

    num_fmt: str  # chineseCounting, decimal, decimalEnclosedCircle, bullet
    text: str  # "%1、", "（%2）", "•"
    style_id: str | None = None  # pStyle linking a heading style to this level
    suffix: str = "nothing"  # tab, space, nothing
    first_line_twips: int = 0
    first_line_chars: int = 0
    font: str | None = None  # the marker's face, for bullets
    size_pt: float | None = None  # the marker's size, for bullets


def add_abstract_num(numbering: Any, abstract_id: int, levels: Sequence[Level]) -> None:
    """A ``w:abstractNum`` with one ``w:lvl`` per level; lower levels restart after higher."""
    element = el(numbering)
    kind = "multilevel" if len(levels) > 1 else "singleLevel"
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="{kind}"/></w:abstractNum>'
    )
    for ilvl, level in enumerate(levels):
        abstract.append(_level(ilvl, level))
    # abstractNum elements precede every num.
    first_num = element.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        element.append(abstract)


def _level(ilvl: int, level: Level) -> Any:
    lvl = set_w(OxmlElement("w:lvl"), ilvl=ilvl)
    set_w(get_or_add(lvl, "w:start"), val=1)
    set_w(get_or_add(lvl, "w:numFmt"), val=level.num_fmt)
    if level.style_id:
        set_w(get_or_add(lvl, "w:pStyle"), val=level.style_id)
    set_w(get_or_add(lvl, "w:suff"), val=level.suffix)
    set_w(get_or_add(lvl, "w:lvlText"), val=level.text)
    set_w(get_or_add(lvl, "w:lvlJc"), val="left")
    ind = set_w(
        get_or_add(get_or_add(lvl, "w:pPr"), "w:ind"), left=0, firstLine=level.first_line_twips
    )
    if level.first_line_chars:
        set_w(ind, leftChars=0, firstLineChars=level.first_line_chars * 100)
    if level.font:
        set_fonts(lvl, level.font, level.font)
    if level.size_pt:
        set_font_size(lvl, level.size_pt)
    return lvl


def add_num(numbering: Any, abstract_id: int, restart: bool = False) -> int:
    """A new ``w:num`` instance of an abstract list; ``restart`` starts it at 1 again.

    Word continues a list across every paragraph that shares one ``w:num``:
    each ordered list in the body gets its own, with a ``w:startOverride``.
    """
    num = el(numbering).add_num(abstract_id)
    if restart:
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return int(num.numId)


def copy_list_definition(
    numbering: Any, source_id: int, num_fmt: str, text: str, space_after: bool = False
) -> int | None:
    """A copy of the ``w:abstractNum`` ``source_id`` whose first level counts in
    ``num_fmt`` with ``text``; its id (one past the highest), or None when the
    source has no first level.

    Indentation, fonts and the other levels stay as they were. The copy is linked
    to no style (its ``w:pStyle`` would move the style's list onto it) and drops
    ``w:nsid``/``w:tmpl``, which name the original when Word merges lists.
    ``space_after``: a space follows the label where the level puts nothing.
    """
    element = el(numbering)
    abstracts = list(element.iterchildren(qn("w:abstractNum")))
    source = next((a for a in abstracts if a.get(qn("w:abstractNumId")) == str(source_id)), None)
    first = None if source is None else _first_level(source)
    if source is None or first is None:
        return None
    new_id = 1 + max(int(a.get(qn("w:abstractNumId"), "0")) for a in abstracts)
    copy = deepcopy(source)
    copy.set(qn("w:abstractNumId"), str(new_id))
    for name in ("w:nsid", "w:tmpl", "w:name", "w:styleLink", "w:numStyleLink"):
        for child in copy.findall(qn(name)):
            copy.remove(child)
    level: Any = _first_level(copy)  # as in the source
    for child in level.findall(qn("w:pStyle")):
        level.remove(child)
    set_w(get_or_add(level, "w:numFmt"), val=num_fmt)
    set_w(get_or_add(level, "w:lvlText"), val=text)
    suffix = level.find(qn("w:suff"))
    if space_after and suffix is not None and suffix.get(qn("w:val")) == "nothing":
        set_w(suffix, val="space")  # a missing w:suff is a tab
    abstracts[-1].addnext(copy)
    return new_id


def _first_level(abstract: Any) -> Any | None:
    return next(
        (lvl for lvl in abstract.iterchildren(qn("w:lvl")) if lvl.get(qn("w:ilvl")) == "0"), None
    )


def abstract_num_id(numbering: Any, num_id: int) -> int | None:
    for num in el(numbering).iterchildren(qn("w:num")):
        if num.get(qn("w:numId")) == str(num_id):
            abstract = num.find(qn("w:abstractNumId"))
            return None if abstract is None else int(abstract.get(qn("w:val"), "-1"))
    return None


def level_formats(numbering: Any, abstract_id: int) -> dict[int, tuple[str, str]]:
    """ilvl -> (numFmt, lvlText) of an abstract list definition."""
    formats: dict[int, tuple[str, str]] = {}
    for abstract in el(numbering).iterchildren(qn("w:abstractNum")):
        if abstract.get(qn("w:abstractNumId")) != str(abstract_id):
            continue
        for lvl in abstract.iterchildren(qn("w:lvl")):
            fmt, text = lvl.find(qn("w:numFmt")), lvl.find(qn("w:lvlText"))
            formats[int(lvl.get(qn("w:ilvl"), "0"))] = (
                "" if fmt is None else fmt.get(qn("w:val"), ""),
                "" if text is None else text.get(qn("w:val"), ""),
            )
    return formats


def remove_numbering_definitions(numbering: Any) -> None:
    element = el(numbering)
    for child in list(element):
        element.remove(child)
