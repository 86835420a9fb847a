"""Raw WordprocessingML helpers: the only module that touches XML directly.

python-docx covers styles, runs and paragraph formatting; what it does not
model (East Asian fonts, character-based indents, outline levels, list
definitions, fields, repeating table headers, …) is done here, one function
per element and named after it. Every helper takes a python-docx proxy
(paragraph, table, row, cell, style, settings) or a bare ``lxml`` element, and
inserts children in schema order, since Word rejects out-of-order elements
as a corrupt file.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement
from lxml import etree

# --- schema order -------------------------------------------------------------


def _tags(names: str) -> tuple[str, ...]:
    return tuple(names.split())


# Child sequences of the elements we edit (ECMA-376 part 1, complex types),
# keyed by the parent's tag. Only the children we create need to be listed
# precisely; the rest keep their relative order.
_ORDER: dict[str, tuple[str, ...]] = {
    "w:pPr": _tags(
        "w:pStyle w:keepNext w:keepLines w:pageBreakBefore w:framePr w:widowControl w:numPr "
        "w:suppressLineNumbers w:pBdr w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap "
        "w:overflowPunct w:topLinePunct w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd "
        "w:snapToGrid w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap "
        "w:jc w:textDirection w:textAlignment w:textboxTightWrap w:outlineLvl w:divId "
        "w:cnfStyle w:rPr w:sectPr w:pPrChange"
    ),
    "w:rPr": _tags(
        "w:rStyle w:rFonts w:b w:bCs w:i w:iCs w:caps w:smallCaps w:strike w:dstrike w:outline "
        "w:shadow w:emboss w:imprint w:noProof w:snapToGrid w:vanish w:webHidden w:color "
        "w:spacing w:w w:kern w:position w:sz w:szCs w:highlight w:u w:effect w:bdr w:shd "
        "w:fitText w:vertAlign w:rtl w:cs w:em w:lang w:eastAsianLayout w:specVanish w:oMath"
    ),
    "w:style": _tags(
        "w:name w:aliases w:basedOn w:next w:link w:autoRedefine w:hidden w:uiPriority "
        "w:semiHidden w:unhideWhenUsed w:qFormat w:locked w:personal w:personalCompose "
        "w:personalReply w:rsid w:pPr w:rPr w:tblPr w:trPr w:tcPr w:tblStylePr"
    ),
    "w:tblPr": _tags(
        "w:tblStyle w:tblpPr w:tblOverlap w:bidiVisual w:tblStyleRowBandSize "
        "w:tblStyleColBandSize w:tblW w:jc w:tblCellSpacing w:tblInd w:tblBorders w:shd "
        "w:tblLayout w:tblCellMar w:tblLook"
    ),
    "w:trPr": _tags(
        "w:cnfStyle w:divId w:gridBefore w:gridAfter w:wBefore w:wAfter w:cantSplit w:trHeight "
        "w:tblHeader w:tblCellSpacing w:jc w:hidden"
    ),
    "w:tcPr": _tags(
        "w:cnfStyle w:tcW w:gridSpan w:hMerge w:vMerge w:tcBorders w:shd w:noWrap w:tcMar "
        "w:textDirection w:tcFitText w:vAlign w:hideMark"
    ),
    "w:lvl": _tags(
        "w:start w:numFmt w:lvlRestart w:pStyle w:isLgl w:suff w:lvlText w:lvlPicBulletId "
        "w:legacy w:lvlJc w:pPr w:rPr"
    ),
    "w:settings": _tags(
        "w:writeProtection w:view w:zoom w:removePersonalInformation w:removeDateAndTime "
        "w:doNotDisplayPageBoundaries w:displayBackgroundShape w:printPostScriptOverText "
        "w:printFractionalCharacterWidth w:printFormsData w:embedTrueTypeFonts "
        "w:embedSystemFonts w:saveSubsetFonts w:saveFormsData w:mirrorMargins "
        "w:alignBordersAndEdges w:bordersDoNotSurroundHeader w:bordersDoNotSurroundFooter "
        "w:gutterAtTop w:hideSpellingErrors w:hideGrammaticalErrors w:activeWritingStyle "
        "w:proofState w:formsDesign w:attachedTemplate w:linkStyles w:stylePaneFormatFilter "
        "w:stylePaneSortMethod w:documentType w:mailMerge w:revisionView w:trackRevisions "
        "w:doNotTrackMoves w:doNotTrackFormatting w:documentProtection w:autoFormatOverride "
        "w:styleLockTheme w:styleLockQFSet w:defaultTabStop w:autoHyphenation "
        "w:consecutiveHyphenLimit w:hyphenationZone w:doNotHyphenateCaps w:showEnvelope "
        "w:summaryLength w:clickAndTypeStyle w:defaultTableStyle w:evenAndOddHeaders "
        "w:bookFoldRevPrinting w:bookFoldPrinting w:bookFoldPrintingSheets "
        "w:drawingGridHorizontalSpacing w:drawingGridVerticalSpacing "
        "w:displayHorizontalDrawingGridEvery w:displayVerticalDrawingGridEvery "
        "w:doNotUseMarginsForDrawingGridOrigin w:drawingGridHorizontalOrigin "
        "w:drawingGridVerticalOrigin w:doNotShadeFormData w:noPunctuationKerning "
        "w:characterSpacingControl w:printTwoOnOne w:strictFirstAndLastChars "
        "w:noLineBreaksAfter w:noLineBreaksBefore w:savePreviewPicture "
        "w:doNotValidateAgainstSchema w:saveInvalidXml w:ignoreMixedContent "
        "w:alwaysShowPlaceholderText w:doNotDemarcateInvalidXml w:saveXmlDataOnly "
        "w:useXSLTWhenSaving w:saveThroughXslt w:showXMLTags w:alwaysMergeEmptyNamespace "
        "w:updateFields w:hdrShapeDefaults w:footnotePr w:endnotePr w:compat w:docVars w:rsids "
        "m:mathPr w:attachedSchema w:themeFontLang w:clrSchemeMapping "
        "w:doNotIncludeSubdocsInStats w:doNotAutoCompressPictures w:forceUpgrade w:captions "
        "w:readModeInkLockDown w:smartTagType sl:schemaLibrary w:shapeDefaults "
        "w:doNotEmbedSmartTags w:decimalSymbol w:listSeparator"
    ),
}
_ORDER_QN = {qn(parent): tuple(qn(tag) for tag in tags) for parent, tags in _ORDER.items()}
_THEME_ATTRS = tuple(
    qn(f"w:{name}") for name in _tags("asciiTheme hAnsiTheme eastAsiaTheme cstheme")
)
# XML 1.0 forbids C0 controls other than tab, LF and CR, lone surrogates and U+FFFE/F.
_XML_FORBIDDEN = dict.fromkeys(
    [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0xD800, 0xE000), 0xFFFE, 0xFFFF]
)
_JINJA_TAG = re.compile(r"\{[{%#].*?[}%#]\}", re.DOTALL)
_JINJA_PIECE = re.compile(r"\{[{%#]|[}%#]\}")


def _el(obj: Any) -> Any:
    """The lxml element behind a python-docx proxy (or the element itself)."""
    for attr in ("_element", "_sectPr"):
        element = getattr(obj, attr, None)
        if element is not None:
            return element
    return obj


def _child(parent: Any, tag: str) -> Any:
    """Get or create ``parent``'s child ``tag``, created in schema order."""
    name = qn(tag)
    found = parent.find(name)
    if found is not None:
        return found
    child = OxmlElement(tag)
    parent.append(child)
    order = _ORDER_QN.get(parent.tag)
    if order and name in order:
        later = set(order[order.index(name) + 1 :])
        for sibling in parent:
            if sibling.tag in later:
                sibling.addprevious(child)
                break
    return child


def _append(parent: Any, tag: str) -> Any:
    child = OxmlElement(tag)
    parent.append(child)
    return child


def _ppr(owner: Any) -> Any:
    return _child(_el(owner), "w:pPr")


def _rpr(owner: Any) -> Any:
    return _child(_el(owner), "w:rPr")


def _set(element: Any, **attrs: str | int) -> Any:
    for name, value in attrs.items():
        element.set(qn(f"w:{name}"), str(value))
    return element


# --- text ---------------------------------------------------------------------


def xml_safe(text: str) -> str:
    """Drop characters XML cannot hold (YAML allows them; lxml raises on them)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_XML_FORBIDDEN)


def preserve_space(root: Any) -> None:
    """Mark every ``w:t`` to keep its spaces (cover labels align with spaces)."""
    for text in _el(root).iter(qn("w:t")):
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


# --- fonts and run properties ----------------------------------------------------


def set_east_asia_font(owner: Any, name: str) -> None:
    """``w:rFonts/@w:eastAsia``: the face Word uses for Chinese characters."""
    _set(_child(_rpr(owner), "w:rFonts"), eastAsia=name)


def set_fonts(owner: Any, latin: str, east_asia: str) -> None:
    """``w:rFonts``: Latin/digits (ascii, hAnsi, cs) and East Asian faces by name."""
    fonts = _child(_rpr(owner), "w:rFonts")
    _set(fonts, ascii=latin, hAnsi=latin, cs=latin)
    set_east_asia_font(owner, east_asia)


def strip_theme_fonts(root: Any) -> int:
    """Remove ``w:asciiTheme`` & co., which Word applies ahead of the font names."""
    count = 0
    for fonts in _el(root).iter(qn("w:rFonts")):
        for attr in _THEME_ATTRS:
            if attr in fonts.attrib:
                del fonts.attrib[attr]
                count += 1
    return count


def set_font_size(owner: Any, points: float) -> None:
    """``w:sz``/``w:szCs`` in half-points (python-docx cannot reach docDefaults)."""
    rpr = _rpr(owner)
    half = round(points * 2)
    _set(_child(rpr, "w:sz"), val=half)
    _set(_child(rpr, "w:szCs"), val=half)


def set_lang(owner: Any, latin: str, east_asia: str) -> None:
    _set(_child(_rpr(owner), "w:lang"), val=latin, eastAsia=east_asia, bidi="ar-SA")


def set_kern(owner: Any, half_points: int) -> None:
    _set(_child(_rpr(owner), "w:kern"), val=half_points)


def set_character_spacing(owner: Any, twips: int) -> None:
    """``w:spacing`` in ``w:rPr``: letter spacing (the cover title is spread out)."""
    _set(_child(_rpr(owner), "w:spacing"), val=twips)


# --- paragraph properties -------------------------------------------------------------


def set_paragraph_style(paragraph: Any, style_id: str) -> None:
    """``w:pStyle`` by style id; python-docx by name scans every style each time."""
    _set(_child(_ppr(paragraph), "w:pStyle"), val=style_id)


def set_first_line_chars(owner: Any, chars: int, font_pt: float) -> None:
    """``w:ind``: a first-line indent in characters (``firstLineChars``, 1/100 char).

    ``w:firstLine`` in twips is written too, for readers that ignore the
    character unit; Word and WPS use ``firstLineChars`` when both are present.
    """
    ind = _child(_ppr(owner), "w:ind")
    _set(ind, firstLineChars=chars * 100, firstLine=round(chars * font_pt * 20))
    for attr in ("hanging", "hangingChars"):
        ind.attrib.pop(qn(f"w:{attr}"), None)


def set_left_chars(owner: Any, chars: int, font_pt: float) -> None:
    """``w:ind``: a left indent in characters (TOC levels)."""
    _set(_child(_ppr(owner), "w:ind"), leftChars=chars * 100, left=round(chars * font_pt * 20))


def set_outline_level(owner: Any, level: int) -> None:
    """``w:outlineLvl`` (0-based): what Word's navigation pane and TOC field read."""
    _set(_child(_ppr(owner), "w:outlineLvl"), val=level)


def set_num_pr(owner: Any, num_id: int, ilvl: int = 0) -> None:
    """``w:numPr``: attach a paragraph or paragraph style to a list level."""
    num_pr = _child(_ppr(owner), "w:numPr")
    for child in list(num_pr):
        num_pr.remove(child)
    _set(_append(num_pr, "w:ilvl"), val=ilvl)
    _set(_append(num_pr, "w:numId"), val=num_id)


def remove_num_pr(owner: Any) -> None:
    ppr = _el(owner).find(qn("w:pPr"))
    if ppr is not None:
        remove_children(ppr, "w:numPr")


def paragraph_style_ids(root: Any) -> set[str]:
    """Every ``w:pStyle`` used by the paragraphs under ``root``."""
    path = f"{qn('w:pPr')}/{qn('w:pStyle')}"
    return {
        style.get(qn("w:val"), "")
        for paragraph in _el(root).iter(qn("w:p"))
        for style in paragraph.iterfind(path)
    }


def num_pr(owner: Any) -> tuple[int, int] | None:
    """(numId, ilvl) of a style or paragraph's ``w:numPr``, if any."""
    num_pr_el = _el(owner).find(f"{qn('w:pPr')}/{qn('w:numPr')}")
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
    border = _child(_child(_ppr(owner), "w:pBdr"), f"w:{side}")
    _set(border, val="single", sz=size_eighths, space=space, color="000000")


def at_page_start(body: Any) -> bool:
    """Whether text appended to the body starts a page: nothing before it, or the
    last block before the body's ``w:sectPr`` ends with a page or section break."""
    blocks = [child for child in _el(body) if child.tag != qn("w:sectPr")]
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
    return any(child.tag != qn("w:sectPr") for child in _el(body))


# --- fields ---------------------------------------------------------------------------


def add_field(paragraph: Any, instruction: str, placeholder: str = "") -> None:
    """A complex field (``w:fldChar`` begin/separate/end around ``w:instrText``).

    ``placeholder`` is the cached result shown until Word updates the field.
    Runs take the paragraph's formatting.
    """
    begin_field(paragraph, instruction)
    if placeholder:
        _append(_append(_el(paragraph), "w:r"), "w:t").text = placeholder
    end_field(paragraph)


def begin_field(paragraph: Any, instruction: str) -> None:
    """A field's ``begin`` and instruction up to ``separate``: its result follows.

    The result may run over several paragraphs (the TOC) until :func:`end_field`.
    """
    p = _el(paragraph)
    p.append(_field_char("begin", dirty=instruction.lstrip().startswith("TOC")))
    run = _append(p, "w:r")
    instr = _append(run, "w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {instruction.strip()} "
    p.append(_field_char("separate"))


def end_field(paragraph: Any) -> None:
    """The ``end`` of the field most recently begun."""
    _el(paragraph).append(_field_char("end"))


def _field_char(kind: str, dirty: bool = False) -> Any:
    run = OxmlElement("w:r")
    char = _set(_append(run, "w:fldChar"), fldCharType=kind)
    if dirty:
        _set(char, dirty="true")  # ask Word to recompute it on open
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
    _el(paragraph).append(parse_xml(xml))


def set_tab_stop(
    owner: Any, position: int, align: str = "right", leader: str = "dot", clear: Iterable[int] = ()
) -> None:
    """``w:tabs``: one stop (``position`` in twips from the text margin), clearing the
    stops at ``clear`` that the paragraph would otherwise inherit from its style."""
    tabs = _child(_ppr(owner), "w:tabs")
    remove_children(tabs, "w:tab")
    stops = [(pos, {"val": "clear", "pos": pos}) for pos in sorted(set(clear)) if pos != position]
    stops.append((position, {"val": align, "leader": leader, "pos": position}))
    for _position, attrs in sorted(stops, key=lambda stop: stop[0]):
        _set(_append(tabs, "w:tab"), **attrs)


def tab_stops(owner: Any) -> list[int]:
    """Positions of the tab stops a style or paragraph sets itself (not ``clear`` ones)."""
    path = f"{qn('w:pPr')}/{qn('w:tabs')}/{qn('w:tab')}"
    return [
        int(tab.get(qn("w:pos"), "0"))
        for tab in _el(owner).iterfind(path)
        if tab.get(qn("w:val")) != "clear" and tab.get(qn("w:pos"), "").lstrip("-").isdigit()
    ]


def add_bookmark(paragraph: Any, bookmark_id: int, name: str) -> None:
    """``w:bookmarkStart``/``w:bookmarkEnd`` around a paragraph's content (after ``w:pPr``)."""
    p = _el(paragraph)
    start = _set(OxmlElement("w:bookmarkStart"), id=bookmark_id, name=name)
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        p.insert(0, start)
    else:
        ppr.addnext(start)
    p.append(_set(OxmlElement("w:bookmarkEnd"), id=bookmark_id))


def bookmarks(root: Any) -> tuple[set[str], int]:
    """The bookmark names under ``root`` and the highest ``w:id`` in use (-1 if none)."""
    names, top = set(), -1
    for start in _el(root).iter(qn("w:bookmarkStart")):
        names.add(start.get(qn("w:name"), ""))
        value = start.get(qn("w:id"), "")
        if value.lstrip("-").isdigit():
            top = max(top, int(value))
    return names, top


def field_instructions(root: Any) -> list[str]:
    """Every field instruction under ``root`` (for tests and checks)."""
    return [(node.text or "").strip() for node in _el(root).iter(qn("w:instrText"))]


# --- settings ---------------------------------------------------------------------------


def set_update_fields(settings: Any) -> None:
    """``w:updateFields``: Word refreshes the TOC (page numbers) when it opens the file."""
    _set(_child(_el(settings), "w:updateFields"), val="true")


def set_theme_font_lang(settings: Any, latin: str, east_asia: str) -> None:
    _set(_child(_el(settings), "w:themeFontLang"), val=latin, eastAsia=east_asia)


def set_compatibility_mode(settings: Any, mode: int) -> None:
    """Word 2013+ layout (15): table borders line up with the text margin."""
    compat = _child(_el(settings), "w:compat")
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            _set(setting, val=mode)
            return
    setting = _append(compat, "w:compatSetting")
    _set(
        setting, name="compatibilityMode", uri="http://schemas.microsoft.com/office/word", val=mode
    )


def set_compat_option(settings: Any, name: str) -> None:
    """A legacy ``w:compat`` switch such as ``doNotExpandShiftReturn``.

    Those precede ``w:useFELayout`` and the ``w:compatSetting`` entries.
    """
    compat = _child(_el(settings), "w:compat")
    if compat.find(qn(f"w:{name}")) is not None:
        return
    option = OxmlElement(f"w:{name}")
    later = {qn("w:useFELayout"), qn("w:compatSetting")}
    successor = next((child for child in compat if child.tag in later), None)
    if successor is None:
        compat.append(option)
    else:
        successor.addprevious(option)


def remove_children(owner: Any, tag: str) -> None:
    element = _el(owner)
    for child in element.findall(qn(tag)):
        element.remove(child)


# --- tables -------------------------------------------------------------------------------


def set_repeat_header(row: Any) -> None:
    """``w:tblHeader``: the row repeats at the top of every page the table spans."""
    _set(_child(_child(_el(row), "w:trPr"), "w:tblHeader"), val="1")


def set_cant_split(row: Any) -> None:
    """``w:cantSplit``: a row is not broken across two pages."""
    _set(_child(_child(_el(row), "w:trPr"), "w:cantSplit"), val="1")


def _tbl_pr(owner: Any) -> Any:
    return _child(_el(owner), "w:tblPr")


def set_table_style(table: Any, style_id: str) -> None:
    """``w:tblStyle`` by style id."""
    _set(_child(_tbl_pr(table), "w:tblStyle"), val=style_id)


def set_table_width(table: Any, twips: int) -> None:
    """``w:tblW`` in twips (python-docx leaves ``auto``)."""
    _set(_child(_tbl_pr(table), "w:tblW"), w=twips, type="dxa")


def set_table_indent(owner: Any, twips: int) -> None:
    _set(_child(_tbl_pr(owner), "w:tblInd"), w=twips, type="dxa")


def set_table_borders(owner: Any, size_eighths: int) -> None:
    """``w:tblBorders``: single rules around and between all cells."""
    borders = _child(_tbl_pr(owner), "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _set(_child(borders, f"w:{side}"), val="single", sz=size_eighths, space=0, color="000000")


def set_table_cell_margins(owner: Any, top: int, left: int, bottom: int, right: int) -> None:
    margins = _child(_tbl_pr(owner), "w:tblCellMar")
    for side, twips in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        _set(_child(margins, f"w:{side}"), w=twips, type="dxa")


def set_cell_shading(cell: Any, fill: str) -> None:
    """``w:shd``: a plain background colour (the header row)."""
    _set(_child(_child(_el(cell), "w:tcPr"), "w:shd"), val="clear", color="auto", fill=fill)


# --- styles ----------------------------------------------------------------------------------


def style_ids(styles: Any) -> dict[str, str]:
    """Style name (lower case, as stored in ``w:name``) -> style id, paragraph and table styles.

    Word in a Chinese locale stores built-in styles with ids such as ``1`` or
    ``a3``; names (``heading 1``, ``caption``) are the same everywhere.
    """
    found: dict[str, str] = {}
    for style in _el(styles).iterchildren(qn("w:style")):
        name = style.find(qn("w:name"))
        style_id = style.get(qn("w:styleId"))
        if name is not None and style_id:
            found.setdefault((name.get(qn("w:val")) or "").lower(), style_id)
    return found


def style_by_id(styles: Any, style_id: str) -> Any | None:
    for style in _el(styles).iterchildren(qn("w:style")):
        if style.get(qn("w:styleId")) == style_id:
            return style
    return None


def copy_style(source: Any, target_styles: Any) -> Any:
    """Append a copy of one ``w:style`` element to another styles part; returns the copy."""
    copied = copy.deepcopy(_el(source))
    _el(target_styles).append(copied)
    return copied


def set_based_on(style: Any, style_id: str) -> None:
    _set(_child(_el(style), "w:basedOn"), val=style_id)


def based_on(style: Any) -> str | None:
    parent = _el(style).find(qn("w:basedOn"))
    return None if parent is None else parent.get(qn("w:val"))


def set_style_id(style: Any, style_id: str) -> None:
    _el(style).set(qn("w:styleId"), style_id)


def set_default_style(style: Any) -> None:
    """``w:default``: the style applied where none is named (Normal)."""
    _set(_el(style), default=1)


def set_style_flags(style: Any, ui_priority: int | None = None, semi_hidden: bool = False) -> None:
    element = _el(style)
    if ui_priority is not None:
        _set(_child(element, "w:uiPriority"), val=ui_priority)
    if semi_hidden:
        _child(element, "w:semiHidden")
        _child(element, "w:unhideWhenUsed")


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


_METRIC_ATTRS = {
    "w:rPr/w:sz": ("val",),
    "w:pPr/w:spacing": ("line", "lineRule", "before", "after"),
    "w:pPr/w:ind": ("firstLine", "firstLineChars", "hanging", "hangingChars", "left", "leftChars"),
}


def paragraph_metrics(styles: Any, style_id: str) -> Metrics:
    """The font size, spacing and indents a paragraph of style ``style_id`` gets."""
    found: dict[str, str] = {}
    for holder in _style_chain(_el(styles), style_id):
        for path, attrs in _METRIC_ATTRS.items():
            element = holder.find("/".join(qn(tag) for tag in path.split("/")))
            if element is None:
                continue
            for attr in attrs:
                value = element.get(qn(f"w:{attr}"))
                if value is not None:
                    found.setdefault(attr, value)
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
        size, line, exact, number("before") / 20, number("after") / 20, first - hanging, left
    )


def remove_styles(styles: Any) -> None:
    """Drop every ``w:style`` (a template script rebuilds the sheet from scratch)."""
    remove_children(styles, "w:style")


def doc_defaults(styles: Any) -> tuple[Any, Any]:
    """``w:docDefaults``' run and paragraph property holders (rPrDefault, pPrDefault)."""
    element = _el(styles)
    defaults = element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        element.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = _append(defaults, "w:rPrDefault")
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is None:
        ppr_default = _append(defaults, "w:pPrDefault")
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
    _el(styles).append(element)
    return element


# --- numbering --------------------------------------------------------------------------------


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
    element = _el(numbering)
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
    lvl = _set(OxmlElement("w:lvl"), ilvl=ilvl)
    _set(_child(lvl, "w:start"), val=1)
    _set(_child(lvl, "w:numFmt"), val=level.num_fmt)
    if level.style_id:
        _set(_child(lvl, "w:pStyle"), val=level.style_id)
    _set(_child(lvl, "w:suff"), val=level.suffix)
    _set(_child(lvl, "w:lvlText"), val=level.text)
    _set(_child(lvl, "w:lvlJc"), val="left")
    ind = _set(_child(_child(lvl, "w:pPr"), "w:ind"), left=0, firstLine=level.first_line_twips)
    if level.first_line_chars:
        _set(ind, leftChars=0, firstLineChars=level.first_line_chars * 100)
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
    num = _el(numbering).add_num(abstract_id)
    if restart:
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return int(num.numId)


def abstract_num_id(numbering: Any, num_id: int) -> int | None:
    for num in _el(numbering).iterchildren(qn("w:num")):
        if num.get(qn("w:numId")) == str(num_id):
            abstract = num.find(qn("w:abstractNumId"))
            return None if abstract is None else int(abstract.get(qn("w:val"), "-1"))
    return None


def level_formats(numbering: Any, abstract_id: int) -> dict[int, tuple[str, str]]:
    """ilvl -> (numFmt, lvlText) of an abstract list definition."""
    formats: dict[int, tuple[str, str]] = {}
    for abstract in _el(numbering).iterchildren(qn("w:abstractNum")):
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
    element = _el(numbering)
    for child in list(element):
        element.remove(child)


# --- theme -----------------------------------------------------------------------------------

_DRAWING = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def set_theme_fonts(theme_xml: bytes, major: tuple[str, str], minor: tuple[str, str]) -> bytes:
    """The theme's heading (major) and body (minor) faces as (Latin, Simplified Chinese).

    Styles name their fonts and carry no theme references, but Word lists the
    theme faces first in its font menu ("+正文", "+标题").
    """
    root = etree.fromstring(theme_xml)
    for tag, (latin, east_asia) in (("majorFont", major), ("minorFont", minor)):
        for font in root.iter(f"{_DRAWING}{tag}"):
            font.find(f"{_DRAWING}latin").set("typeface", latin)
            font.find(f"{_DRAWING}ea").set("typeface", east_asia)
            for script in font.iterfind(f"{_DRAWING}font"):
                if script.get("script") == "Hans":
                    script.set("typeface", east_asia)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- docxtpl template lint ------------------------------------------------------------------


def split_jinja_tags(root: Any) -> list[str]:
    """Jinja tags that Word split across runs (or ``w:t`` nodes), paragraph by paragraph.

    docxtpl sees the XML, not the text: ``{{ project_`` in one run and
    ``name }}`` in the next renders as garbage or fails. Returns the text of
    each offending tag (or of an unclosed one).
    """
    problems: list[str] = []
    for paragraph in _el(root).iter(qn("w:p")):
        nodes = [node.text or "" for node in paragraph.iter(qn("w:t"))]
        problems.extend(_split_in(nodes))
    return problems


def _split_in(nodes: Iterable[str]) -> list[str]:
    texts = list(nodes)
    joined = "".join(texts)
    if not _JINJA_PIECE.search(joined):
        return []
    bounds, start = [], 0
    for text in texts:
        bounds.append((start, start + len(text)))
        start += len(text)
    problems, covered = [], set()
    for match in _JINJA_TAG.finditer(joined):
        covered.update(range(match.start(), match.end()))
        if not any(lo <= match.start() and match.end() <= hi for lo, hi in bounds):
            problems.append(match.group(0))
    for piece in _JINJA_PIECE.finditer(joined):
        if piece.start() not in covered:
            problems.append(joined[max(piece.start() - 10, 0) : piece.end() + 10])
    return problems
