"""The styles part: style lookup and copying, resolved paragraph metrics, defaults."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement

from bidgen.writers.ooxml.schema import add_child, el, get_or_add, remove_children, set_w


def style_ids(styles: Any) -> dict[str, str]:
    """Style name (lower case, as stored in ``w:name``) -> style id, paragraph and table styles.

    Word in a Chinese locale stores built-in styles with ids such as ``1`` or
    ``a3``; names (``heading 1``, ``caption``) are the same everywhere.
    """
    found: dict[str, str] = {}
    for style in el(styles).iterchildren(qn("w:style")):
        name = style.find(qn("w:name"))
        style_id = style.get(qn("w:styleId"))
        if name is not None and style_id:
            found.setdefault((name.get(qn("w:val")) or "").lower(), style_id)
    return found


def style_by_id(styles: Any, style_id: str) -> Any | None:
    for style in el(styles).iterchildren(qn("w:style")):
        if style.get(qn("w:styleId")) == style_id:
            return style
    return None


def copy_style(source: Any, target_styles: Any) -> Any:
    """Append a copy of one ``w:style`` element to another styles part; returns the copy."""
    copied = copy.deepcopy(el(source))
    el(target_styles).append(copied)
    return copied


def set_based_on(style: Any, style_id: str) -> None:
    set_w(get_or_add(el(style), "w:basedOn"), val=style_id)


def based_on(style: Any) -> str | None:
    parent = el(style).find(qn("w:basedOn"))
    return None if parent is None else parent.get(qn("w:val"))


def set_style_id(style: Any, style_id: str) -> None:
    el(style).set(qn("w:styleId"), style_id)


def set_default_style(style: Any) -> None:
    """``w:default``: the style applied where none is named (Normal)."""
    set_w(el(style), default=1)


def set_style_flags(style: Any, ui_priority: int | None = None, semi_hidden: bool = False) -> None:
    element = el(style)
    if ui_priority is not None:
        set_w(get_or_add(element, "w:uiPriority"), val=ui_priority)
    if semi_hidden:
        get_or_add(element, "w:semiHidden")
        get_or_add(element, "w:unhideWhenUsed")


@dataclass(frozen=True)
class Metrics:
    """What a paragraph style sets for layout, resolved through ``w:basedOn`` and
    ``w:docDefaults``; lengths in points."""

    size: float  # font size
    line: float  # line spacing: a multiple of single ("auto"), or points when ``exact``
    exact: bool  # lineRule exact or atLeast: ``line`` is in points
    before: float
    after: float
    first_line: float  # first-line indent (negative: hanging)
    left: float
    contextual: bool = False  # no spacing between paragraphs of this same style


_METRIC_ATTRS = {
    "w:rPr/w:sz": ("val",),
    "w:pPr/w:spacing": ("line", "lineRule", "before", "after"),
    "w:pPr/w:ind": ("firstLine", "firstLineChars", "hanging", "hangingChars", "left", "leftChars"),
}


def paragraph_metrics(styles: Any, style_id: str) -> Metrics:
    """The font size, spacing and indents a paragraph of style ``style_id`` gets."""
    found: dict[str, str] = {}
    for holder in _style_chain(el(styles), style_id):
        for path, attrs in _METRIC_ATTRS.items():
            element = holder.find("/".join(qn(tag) for tag in path.split("/")))
            if element is None:
                continue
            for attr in attrs:
                value = element.get(qn(f"w:{attr}"))
                if value is not None:
                    found.setdefault(attr, value)
        contextual = holder.find(f"{qn('w:pPr')}/{qn('w:contextualSpacing')}")
        if contextual is not None:
            found.setdefault("contextualSpacing", contextual.get(qn("w:val"), "1"))
    return _metrics(found)


def _style_chain(styles: Any, style_id: str) -> list[Any]:
    """A style, its ancestors and the document defaults, most specific first."""
    chain, seen = [], set()
    style = style_by_id(styles, style_id)
    while style is not None and style_id not in seen:
        seen.add(style_id)
        chain.append(style)
        style_id = based_on(style) or ""
        style = style_by_id(styles, style_id) if style_id else None
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        chain.extend(defaults.iterfind(f"{qn('w:rPrDefault')}"))
        chain.extend(defaults.iterfind(f"{qn('w:pPrDefault')}"))
    return chain


def _metrics(found: dict[str, str]) -> Metrics:
    def number(name: str, default: float = 0.0) -> float:
        try:
            return float(found.get(name, default))
        except ValueError:
            return default

    size = number("val", 20) / 2  # half-points; 10 pt when nothing says
    exact = found.get("lineRule", "auto") != "auto"
    line = number("line", 240) / (20 if exact else 240)
    # Character units win over twips where both are given (as in Word).
    first = number("firstLineChars") * size / 100 or number("firstLine") / 20
    hanging = number("hangingChars") * size / 100 or number("hanging") / 20
    left = number("leftChars") * size / 100 or number("left") / 20
    return Metrics(
        size,
        line,
        exact,
        number("before") / 20,
        number("after") / 20,
        first - hanging,
        left,
        contextual=found.get("contextualSpacing", "0") not in ("0", "false", "off"),
    )


def remove_styles(styles: Any) -> None:
    """Drop every ``w:style`` (a template script rebuilds the sheet from scratch)."""
    remove_children(styles, "w:style")


def doc_defaults(styles: Any) -> tuple[Any, Any]:
    """``w:docDefaults``' run and paragraph property holders (rPrDefault, pPrDefault)."""
    element = el(styles)
    defaults = element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        element.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = add_child(defaults, "w:rPrDefault")
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is None:
        ppr_default = add_child(defaults, "w:pPrDefault")
    return rpr_default, ppr_default


def clear_properties(owner: Any) -> None:
    """Remove ``w:pPr``/``w:rPr`` children (docDefaults are rebuilt by the template script)."""
    remove_children(owner, "w:pPr")
    remove_children(owner, "w:rPr")


def add_default_style(styles: Any, kind: str, style_id: str, name: str) -> Any:
    """The default character/table/numbering style Word expects in every styles part."""
    xml = (
        f'<w:style {nsdecls("w")} w:type="{kind}" w:default="1" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/>'
    )
    if kind == "table":
        xml += (
            '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
            '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
            '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr>"
        )
    element = parse_xml(xml + "</w:style>")
    el(styles).append(element)
    return element
