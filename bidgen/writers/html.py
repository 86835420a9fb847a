"""HTML export: one self-contained page with print CSS, also the input of the PDF.

The page is laid out for WeasyPrint (A4, running header, "第 X 页 共 Y 页"
footer, a table of contents with real page numbers, PDF bookmarks) and reads
acceptably in a browser. It reads only the document model; numbering comes
from :func:`bidgen.model.numbered_title`, as in every other writer.
"""

from __future__ import annotations

import base64
import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from bidgen.core.errors import BidgenError
from bidgen.core.resources import data_path
from bidgen.model import (
    CIRCLED_MAX,
    LADDER,
    MAX_LEVEL,
    PAGE_REF,
    Block,
    Document,
    Figure,
    HouseStyle,
    Inline,
    ListBlock,
    Logo,
    PageBreak,
    Paragraph,
    Section,
    Table,
    list_rung,
    numbered_title,
)
from bidgen.writers.figures import figure_svg
from bidgen.writers.fonts import FontChoice
from bidgen.writers.layout import (
    COVER_PROJECT_EM,
    LINE_FACTOR,
    TABLE_LINE_SPACING,
    column_widths,
    text_em,
    title_lines,
)

if TYPE_CHECKING:
    import jinja2

TEMPLATE_DIR = data_path("templates", "html")
PAGE_TEMPLATE = "page.html.j2"
CSS_TEMPLATE = "print.css.j2"
PARAGRAPH_STYLES = frozenset({"body", "plain", "right", "note"})


@dataclass(frozen=True)
class HeadingView:
    """A heading as printed: anchor for TOC links, outline-numbered label, level 1-4."""

    anchor: str
    label: str
    level: int


@dataclass(frozen=True)
class SectionView:
    heading: HeadingView
    blocks: tuple[Block, ...]
    children: tuple[SectionView, ...]
    page_break_before: bool
    list_rung: int  # the rung of its ordered lists, one below the heading's


@dataclass(frozen=True)
class CounterStyle:
    """A CSS ``@counter-style`` drawing the numbers of one rung of the ladder."""

    name: str
    system: str  # "fixed" with symbols, or "extends decimal"
    symbols: tuple[str, ...]
    prefix: str
    suffix: str
    fallback: str  # past the last symbol, as Word writes it


# Rungs counted in symbols: up to 九十九 in Chinese (lists are never that long),
# ①…⑳ circled; beyond, plain numbers (Word's decimalEnclosedCircle does the same).
FIXED_COUNTS = {"chinese": 99, "circled": CIRCLED_MAX}


def ladder_class(rung: int) -> str:
    return f"ladder-{rung}"


# Lists hang their markers in the 2em the body's first lines are indented by;
# wider labels ("（一）" is three ems, "（十一）" four) get the room they take,
# never the page margin's.
LIST_INDENT_EM = 2.0


def ordered_list_attributes(block: ListBlock, rung: int) -> Markup:
    """The class of an ordered list's rung, and an indent as wide as its widest label."""
    step = LADDER[rung]
    labels = (step.label(n) + step.gap for n in range(1, len(block.items) + 1))
    indent = max([LIST_INDENT_EM, *(text_em(label) for label in labels)])
    return Markup(' class="{}" style="padding-left: {:g}em"').format(ladder_class(rung), indent)


def counter_styles() -> list[CounterStyle]:
    """The counter styles of the rungs an ordered list may take (:data:`LADDER`)."""
    styles = []
    for index in range(list_rung(1), len(LADDER)):
        rung = LADDER[index]
        name = ladder_class(index)
        prefix, suffix = rung.before, rung.after + rung.gap
        plain = CounterStyle(f"{name}-plain", "extends decimal", (), prefix, suffix, "decimal")
        count = FIXED_COUNTS.get(rung.counting)
        if count is None:
            styles.append(dataclasses.replace(plain, name=name))
            continue
        if rung.counting == "circled":
            plain = dataclasses.replace(plain, prefix="", suffix="")
        symbols = tuple(rung.number(n) for n in range(1, count + 1))
        styles += [plain, CounterStyle(name, "fixed", symbols, prefix, suffix, plain.name)]
    return styles


def render_html(doc: Document, fonts: FontChoice) -> str:
    """The whole document as one HTML page with its CSS inlined."""
    sections = tuple(_views(doc.sections, ()))
    page = _environment().get_template(PAGE_TEMPLATE)
    return page.render(
        doc=doc,
        lang=doc.meta.language or "zh-CN",
        date=doc.meta.date.isoformat(),
        css=Markup(render_css(fonts, doc.style)),  # our template; font names are escaped in it
        logo=logo_uri(doc.style.logo),
        sections=sections,
        figures=figure_sources(doc, fonts.sans),
        keep_with_signature=sign_off_blocks(doc),
        project_lines=title_lines(doc.cover.project_name, COVER_PROJECT_EM),
        toc=[heading for heading in _headings(sections) if heading.level <= doc.toc_depth],
        cover_shows_bidder=all(field.value != doc.cover.bidder for field in doc.cover.fields),
    )


# The closing paragraphs of the letter that stay on the signature's page.
SIGN_OFF_BLOCKS = 2


def sign_off_blocks(doc: Document) -> tuple[int, ...]:
    """ids of the last paragraphs before the signature block: they keep with it, so
    that the signature never stands alone on a page cut off from its letter."""
    if doc.signature is None or not doc.sections:
        return ()
    last = doc.sections[-1]
    while last.children:
        last = last.children[-1]
    tail = last.blocks[-SIGN_OFF_BLOCKS:]
    return tuple(id(block) for block in tail if isinstance(block, Paragraph))


def figure_sources(doc: Document, font: str) -> dict[str, str]:
    """Figure name -> a data URL of its SVG (vector in the PDF, text stays text)."""
    sources = {}
    for _, section in doc.walk():
        for block in section.blocks:
            if isinstance(block, Figure):
                svg = figure_svg(block, font).encode("utf-8")
                sources[block.name] = "data:image/svg+xml;base64," + base64.b64encode(svg).decode()
    return sources


def render_css(fonts: FontChoice, style: HouseStyle | None = None) -> str:
    """The print stylesheet with the chosen font families and house style filled in."""
    css = _environment().get_template(CSS_TEMPLATE)
    return css.render(
        serif=css_string(fonts.serif),
        sans=css_string(fonts.sans),
        page=page_css(style),
        counters=counter_styles(),
        ladder=[ladder_class(rung) for rung in range(list_rung(1), len(LADDER))],
        css_string=css_string,
    )


def page_css(style: HouseStyle | None) -> dict[str, str]:
    """CSS values of the house style, measured as Word and LibreOffice measure them.

    A Word line spacing of 1.5 is 1.5 times the face's own line height (ascent
    plus descent, :data:`LINE_FACTOR` ems for Noto CJK), not 1.5 ems as in CSS;
    a fixed spacing (固定值) is the same number of points everywhere.
    """
    style = style or HouseStyle()
    width, height = style.page_size
    top, right, bottom, left = style.margins
    if style.line_exact:
        line = f"{style.line_spacing:g}pt"
    else:
        line = f"{style.line_spacing * LINE_FACTOR:.3f}"
    return {
        "size": f"{width:g}cm {height:g}cm",
        "margin": f"{top:g}cm {right:g}cm {bottom:g}cm {left:g}cm",
        "font_size": f"{style.font_size:g}pt",
        "line_height": line,
        "table_line_height": f"{TABLE_LINE_SPACING * LINE_FACTOR:.3f}",
        "single_line": f"{LINE_FACTOR:.3f}",
        "accent": f"#{style.accent_color}",
        "logo_height": f"{style.logo.height_cm:g}cm" if style.logo else "0",
    }


def logo_uri(logo: Logo | None) -> str:
    """The logo as a data URI: the page stays one self-contained file."""
    if logo is None:
        return ""
    return f"data:{logo.media_type};base64,{base64.b64encode(logo.data).decode('ascii')}"


def css_string(text: str) -> str:
    """A quoted CSS string that cannot end the string or the ``<style>`` element."""
    out = []
    for char in text:
        if char in '"\\<>&' or ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):x} ")  # a hex escape, valid anywhere in a CSS string
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _views(sections: tuple[Section, ...], prefix: tuple[int, ...]) -> Iterator[SectionView]:
    for index, section in enumerate(sections, start=1):
        path = (*prefix, index)
        heading = HeadingView(
            anchor=anchor(path),
            label=numbered_title(section, index),
            # The model promises 1-4; clamp so a stray level cannot break the outline.
            level=min(max(section.level, 1), MAX_LEVEL),
        )
        children = tuple(_views(section.children, path))
        rung = list_rung(section.level)
        yield SectionView(heading, section.blocks, children, section.page_break_before, rung)


def _headings(sections: tuple[SectionView, ...]) -> Iterator[HeadingView]:
    for section in sections:
        yield section.heading
        yield from _headings(section.children)


def anchor(path: tuple[int, ...]) -> str:
    """The id of a section's heading, by its outline path."""
    return "h-" + "-".join(map(str, path))


def inline_html(runs: Inline) -> Markup:
    """Spans as escaped HTML: ``<b>``/``<i>`` for emphasis, ``<br>`` for hard line breaks.

    A page span is a link to the heading; the print CSS puts its page number
    there (``target-counter``), between the two halves of ``PAGE_REF``.
    """
    parts = []
    for span in runs:
        if span.page_of:
            before, after = PAGE_REF
            link = '<a class="page-ref" href="#{}" data-before="{}" data-after="{}"></a>'
            parts.append(Markup(link).format(anchor(span.page_of), before, after))
            continue
        text = Markup("<br>").join(escape(line) for line in span.text.split("\n"))
        if span.italic:
            text = Markup("<i>{}</i>").format(text)
        if span.bold:
            text = Markup("<b>{}</b>").format(text)
        parts.append(text)
    return Markup("").join(parts)


def paragraph_class(paragraph: Paragraph) -> str:
    # An unknown style prints as body text rather than failing the build.
    return paragraph.style if paragraph.style in PARAGRAPH_STYLES else "body"


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    # Imported here: the PDF worker imports this module for TEMPLATE_DIR (its base URL)
    # and, given a rendered page, never needs Jinja2 (about 30 ms on its critical path).
    import jinja2

    if not (TEMPLATE_DIR / PAGE_TEMPLATE).is_file():
        raise BidgenError(f"找不到 HTML 页面模板：{TEMPLATE_DIR / PAGE_TEMPLATE}")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        # Escape HTML pages only; the CSS template escapes its values itself.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "html.j2")),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["inline"] = inline_html
    env.filters["paragraph_class"] = paragraph_class
    env.filters["column_widths"] = column_widths
    env.filters["id_of"] = id
    env.filters["ordered_list_attributes"] = ordered_list_attributes
    env.tests.update(
        paragraph=lambda block: isinstance(block, Paragraph),
        list_block=lambda block: isinstance(block, ListBlock),
        table=lambda block: isinstance(block, Table),
        figure=lambda block: isinstance(block, Figure),
        page_break=lambda block: isinstance(block, PageBreak),
    )
    return env
