"""House-style edits of a styles part: fonts, sizes, line spacing and colours.

A firm's template is restyled by value, not by style name: every style that
carries the template's body font (or size, or line spacing) takes the new one,
so styles derived from the body keep following it whatever they are called.
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn

from bidgen.writers.ooxml.schema import el, get_or_add, get_ppr, get_rpr, set_w
from bidgen.writers.ooxml.styles import _style_chain


def _first(styles: Any, style_id: str, path: str, attr: str) -> str | None:
    """The first value of ``attr`` on ``path`` along a style's basedOn chain."""
    steps = "/".join(qn(tag) for tag in path.split("/"))
    for holder in _style_chain(el(styles), style_id):
        found = holder.find(steps)
        if found is not None and found.get(qn(attr)) is not None:
            value: str = found.get(qn(attr))
            return value
    return None


def east_asia_font(styles: Any, style_id: str) -> str | None:
    """The East Asian face a paragraph of ``style_id`` gets, if a style names one."""
    return _first(styles, style_id, "w:rPr/w:rFonts", "w:eastAsia")


def style_color(styles: Any, style_id: str) -> str | None:
    """The text colour (RRGGBB) a paragraph of ``style_id`` gets, if set."""
    return _first(styles, style_id, "w:rPr/w:color", "w:val")


def _holders(styles: Any) -> list[Any]:
    """Every style and the document defaults: the elements that carry properties."""
    root = el(styles)
    found = list(root.iterchildren(qn("w:style")))
    defaults = root.find(qn("w:docDefaults"))
    if defaults is not None:
        found.extend(defaults)
    return found


def replace_east_asia_font(styles: Any, old: str, new: str) -> None:
    """Every ``w:rFonts/@w:eastAsia`` naming ``old`` names ``new``."""
    for holder in _holders(styles):
        for fonts in holder.iter(qn("w:rFonts")):
            if fonts.get(qn("w:eastAsia")) == old:
                fonts.set(qn("w:eastAsia"), new)


def replace_font_size(styles: Any, old_pt: float, new_pt: float) -> None:
    """Every ``w:sz``/``w:szCs`` of ``old_pt`` points becomes ``new_pt``."""
    old, new = str(round(old_pt * 2)), str(round(new_pt * 2))
    for holder in _holders(styles):
        for tag in ("w:sz", "w:szCs"):
            for size in holder.iter(qn(tag)):
                if size.get(qn("w:val")) == old:
                    size.set(qn("w:val"), new)


def line_attrs(line: float, exact: bool) -> tuple[str, str]:
    """``w:spacing`` line and lineRule for a multiple or a fixed pitch in points."""
    return (str(round(line * 20)), "exact") if exact else (str(round(line * 240)), "auto")


def replace_line_spacing(styles: Any, old: tuple[str, str], new: tuple[str, str]) -> None:
    """Every ``w:spacing`` with line spacing ``old`` (line, lineRule) takes ``new``."""
    for holder in _holders(styles):
        for spacing in holder.iter(qn("w:spacing")):
            rule = spacing.get(qn("w:lineRule"), "auto")
            if (spacing.get(qn("w:line")), rule) == old:
                set_w(spacing, line=new[0], lineRule=new[1])


def set_line_spacing(owner: Any, line: tuple[str, str]) -> None:
    set_w(get_or_add(get_ppr(owner), "w:spacing"), line=line[0], lineRule=line[1])


def set_color(owner: Any, rgb: str) -> None:
    """``w:rPr/w:color``: the text colour of a style or run."""
    set_w(get_or_add(get_rpr(owner), "w:color"), val=rgb)


def set_border_color(owner: Any, rgb: str) -> None:
    """The colour of every paragraph border a style draws (the header's rule)."""
    ppr = el(owner).find(qn("w:pPr"))
    borders = None if ppr is None else ppr.find(qn("w:pBdr"))
    if borders is not None:
        for side in borders:
            side.set(qn("w:color"), rgb)


def move_run_to_start(paragraph: Any, run: Any) -> None:
    """Put ``run`` first in its paragraph, after the paragraph properties."""
    p, r = el(paragraph), el(run)
    p.remove(r)
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(r)
    else:
        p.insert(0, r)
