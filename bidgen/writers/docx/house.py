"""The house style in a Word template: read it, and lay the document's over it.

:func:`template_layout` reads what a template sets (body and heading fonts,
body size and line spacing, heading colour, page size and margins) as a
:class:`~bidgen.model.HouseStyle`; the build lays the profile's ``style``
section over it and gives the result to every writer, so the PDF follows the
firm's template too. :func:`apply_house_style` then changes in the DOCX only
what differs from the template, so a template used as it is stays untouched.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.shared import Cm
from lxml import etree

from bidgen.core.errors import BidgenError, Problem
from bidgen.core.files import note_read
from bidgen.model import HouseStyle, Logo
from bidgen.writers import ooxml

TWIPS_PER_CM = 1440 / 2.54
_DEFAULT = HouseStyle()


def read_template_layout(path: Path) -> HouseStyle:
    """The house style a template file sets; a file Word cannot open is a user error."""
    try:
        data = Path(path).read_bytes()
        note_read(path, data)  # an input of the build (see bidgen.build)
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            styles = etree.fromstring(package.read("word/styles.xml"))
            document = etree.fromstring(package.read("word/document.xml"))
    except OSError:
        raise BidgenError(Problem(str(path), 0, 0, "找不到或无法读取 Word 模板文件")) from None
    except (zipfile.BadZipFile, KeyError, etree.XMLSyntaxError):
        message = "Word 模板无法打开：不是有效的 DOCX 文件（请在 Word 或 WPS 中另存为 .docx）"
        raise BidgenError(Problem(str(path), 0, 0, message)) from None
    sections = list(document.iter(qn("w:sectPr")))
    return template_layout(styles, sections[-1] if sections else None)


def template_layout(styles: Any, sect_pr: Any | None) -> HouseStyle:
    """The house style of a styles part and the last section's page setup."""
    ids = ooxml.style_ids(styles)
    normal = ids.get("normal", "")
    heading = ids.get("heading 1", "")
    metrics = ooxml.paragraph_metrics(styles, normal)
    size, margins = _page_setup(sect_pr)
    return HouseStyle(
        body_font=ooxml.east_asia_font(styles, normal) or _DEFAULT.body_font,
        heading_font=ooxml.east_asia_font(styles, heading) or _DEFAULT.heading_font,
        font_size=metrics.size,
        line_spacing=metrics.line,
        line_exact=metrics.exact,
        accent_color=_rgb(ooxml.style_color(styles, heading)),
        page_size=size,
        margins=margins,
    )


def _rgb(value: str | None) -> str:
    if value is None or len(value) != 6 or value.lower() == "auto":
        return _DEFAULT.accent_color
    return value.upper()


def _page_setup(
    sect_pr: Any | None,
) -> tuple[tuple[float, float], tuple[float, float, float, float]]:
    if sect_pr is None:
        return _DEFAULT.page_size, _DEFAULT.margins

    def cm(tag: str, attr: str, default: float) -> float:
        found = sect_pr.find(qn(tag))
        value = None if found is None else found.get(qn(attr))
        try:
            return round(abs(int(value)) / TWIPS_PER_CM, 2) if value else default
        except ValueError:
            return default

    width, height = _DEFAULT.page_size
    top, right, bottom, left = _DEFAULT.margins
    size = (cm("w:pgSz", "w:w", width), cm("w:pgSz", "w:h", height))
    margins = (
        cm("w:pgMar", "w:top", top),
        cm("w:pgMar", "w:right", right),
        cm("w:pgMar", "w:bottom", bottom),
        cm("w:pgMar", "w:left", left),
    )
    return size, margins


def apply_house_style(word: Any, roles: dict[str, str], style: HouseStyle) -> None:
    """Change what ``style`` sets differently from the template, and add the logo."""
    styles = word.styles.element
    base = template_layout(styles, ooxml.el(word.sections[-1]))
    normal = ooxml.style_by_id(styles, roles["body"])
    if style.body_font != base.body_font:
        ooxml.replace_east_asia_font(styles, base.body_font, style.body_font)
        ooxml.set_east_asia_font(normal, style.body_font)
    if style.heading_font != base.heading_font:
        ooxml.replace_east_asia_font(styles, base.heading_font, style.heading_font)
        for level in range(1, 5):
            heading = ooxml.style_by_id(styles, roles[f"heading{level}"])
            ooxml.set_east_asia_font(heading, style.heading_font)
    if style.font_size != base.font_size:
        ooxml.replace_font_size(styles, base.font_size, style.font_size)
        ooxml.set_font_size(normal, style.font_size)
    line = ooxml.line_attrs(style.line_spacing, style.line_exact)
    old_line = ooxml.line_attrs(base.line_spacing, base.line_exact)
    if line != old_line:
        ooxml.replace_line_spacing(styles, old_line, line)
        ooxml.set_line_spacing(normal, line)
    if style.accent_color != base.accent_color:
        for level in range(1, 5):
            ooxml.set_color(ooxml.style_by_id(styles, roles[f"heading{level}"]), style.accent_color)
        ooxml.set_border_color(ooxml.style_by_id(styles, roles["header"]), style.accent_color)
    if (style.page_size, style.margins) != (base.page_size, base.margins):
        _set_page_setup(word, style)


def _set_page_setup(word: Any, style: HouseStyle) -> None:
    top, right, bottom, left = style.margins
    for section in word.sections:
        section.page_width, section.page_height = (Cm(value) for value in style.page_size)
        section.top_margin, section.bottom_margin = Cm(top), Cm(bottom)
        section.left_margin, section.right_margin = Cm(left), Cm(right)


def with_logo(data: bytes, logo: Logo | None) -> bytes:
    """The template with the logo at the start of its running header.

    Done before docxtpl fills the tags: docxtpl replaces the header parts it
    renders, and python-docx would still hand out the old ones.
    """
    if logo is None:
        return data
    word = docx.Document(io.BytesIO(data))
    header = word.sections[-1].header  # the cover's first-page header stays empty
    paragraph = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    run = paragraph.add_run()
    run.add_picture(io.BytesIO(logo.data), height=Cm(logo.height_cm))
    run.add_text("\u3000")  # an ideographic space between the logo and the header text
    ooxml.move_run_to_start(paragraph, run)
    stream = io.BytesIO()
    word.save(stream)
    return stream.getvalue()
