"""Document-wide parts: ``word/settings.xml`` and the theme."""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from lxml import etree

from bidgen.writers.ooxml.schema import add_child, el, get_or_add, set_w


def set_update_fields(settings: Any) -> None:
    """``w:updateFields``: Word refreshes the TOC (page numbers) when it opens the file."""
    set_w(get_or_add(el(settings), "w:updateFields"), val="true")


def set_theme_font_lang(settings: Any, latin: str, east_asia: str) -> None:
    set_w(get_or_add(el(settings), "w:themeFontLang"), val=latin, eastAsia=east_asia)


def set_compatibility_mode(settings: Any, mode: int) -> None:
    """Word 2013+ layout (15): table borders line up with the text margin."""
    compat = get_or_add(el(settings), "w:compat")
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            set_w(setting, val=mode)
            return
    setting = add_child(compat, "w:compatSetting")
    set_w(
        setting, name="compatibilityMode", uri="http://schemas.microsoft.com/office/word", val=mode
    )


def set_compat_option(settings: Any, name: str) -> None:
    """A legacy ``w:compat`` switch such as ``doNotExpandShiftReturn``.

    Those precede ``w:useFELayout`` and the ``w:compatSetting`` entries.
    """
    compat = get_or_add(el(settings), "w:compat")
    if compat.find(qn(f"w:{name}")) is not None:
        return
    option = OxmlElement(f"w:{name}")
    later = {qn("w:useFELayout"), qn("w:compatSetting")}
    successor = next((child for child in compat if child.tag in later), None)
    if successor is None:
        compat.append(option)
    else:
        successor.addprevious(option)


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
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data


_RSID_PREFIX = qn("w:rsid")
_DOC_IDS = (
    "{http://schemas.microsoft.com/office/word/2010/wordml}docId",
    "{http://schemas.microsoft.com/office/word/2012/wordml}docId",
)


def strip_rsid_attributes(root: Any) -> None:
    """Drop every ``w:rsid*`` attribute below ``root``: editing-session ids of the
    template, the same in every file written from it (Word adds its own when editing)."""
    for element in el(root).iter():
        for name in [key for key in element.attrib if key.startswith(_RSID_PREFIX)]:
            del element.attrib[name]


def strip_document_ids(settings: Any) -> None:
    """``w:rsids`` and ``w14:docId``/``w15:docId``: constant identifiers of the
    template that would make unrelated firms' files look alike."""
    root = el(settings)
    for tag in (qn("w:rsids"), *_DOC_IDS):
        for child in root.findall(tag):
            root.remove(child)
    strip_rsid_attributes(root)


_APP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


def set_app_properties(app_xml: bytes, company: str) -> bytes:
    """``docProps/app.xml``: the company is the author's; no application name (the
    file should not advertise the tool that wrote it, nor carry a template's)."""
    root = etree.fromstring(app_xml)
    for name in ("Application", "AppVersion", "Manager"):
        for child in root.findall(f"{{{_APP_NS}}}{name}"):
            root.remove(child)
    node = root.find(f"{{{_APP_NS}}}Company")
    if node is None:
        node = etree.SubElement(root, f"{{{_APP_NS}}}Company")
    node.text = company
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
