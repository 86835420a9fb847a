"""Regenerate ``templates/proposal.docx``, the house-style Word reference template.

    .venv/bin/python templates/make_proposal_template.py [--output templates/proposal.docx]

The template is committed as a binary asset; this script makes it reviewable
and reproducible: it starts from python-docx's default template and rebuilds
it the same way every time (same bytes for the same python-docx version).

What ``bidgen.writers.docx`` takes from a template (a firm may swap in its own
letterhead template built in Word or WPS that follows this contract):

* Styles, found by their built-in *name* (``heading 1``, ``caption`` …), so a
  template saved by Chinese Word (style ids ``1``, ``a3`` …) works too:
  Normal (body text), Title, Heading 1-4, List Bullet, List Number, Caption,
  TOC Heading, TOC 1-3, Header, Footer, Table Grid, and bidgen's own styles
  表格文字 (TableText), 表格表头 (TableHeading), 正文无缩进 (BodyNoIndent),
  正文右对齐 (BodyRight), 注释文字 (Note), 落款 (SignatureLine). A style the
  template lacks is copied from this bundled template.
* Heading 1-4 linked to one multilevel list ``%1、`` / ``（%2）`` / ``%3.`` /
  ``（%4）`` (chineseCounting, chineseCounting, decimal, decimal). Without
  such a list the writer types the outline labels into the headings.
* List Number and List Bullet linked to lists; each ordered list in the
  proposal gets its own ``w:num`` restarting at 1.
* Page setup, header and footer of the last section; the header may use
  ``{{ header_text }}`` (the project name).
* The cover: the template body, rendered by docxtpl with ``project_name``,
  ``title``, ``fields`` (each with ``label`` and ``value``; repeat a table row
  with ``{%tr for field in fields %}`` … ``{%tr endfor %}``), ``bidder``,
  ``show_bidder`` (false when a field already names the bidder) and
  ``date_text``. The writer adds the table of contents on a new page after it.
"""

from __future__ import annotations

import argparse
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_LINE_SPACING, WD_PARAGRAPH_ALIGNMENT, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.shared import Pt, Twips

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bidgen.output import normalise_zip  # noqa: E402
from bidgen.writers import ooxml  # noqa: E402
from bidgen.writers.ooxml import Level  # noqa: E402

OUTPUT = ROOT / "templates" / "proposal.docx"
THEME = "word/theme/theme1.xml"
LATIN = "Times New Roman"
SONG = "宋体"  # body text
HEI = "黑体"  # headings, cover
# A4 with the customary margins: 2.54 cm top/bottom, 3.17 cm left/right.
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGIN_TB, MARGIN_LR = 1440, 1797
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_LR
HEADING_NUM, BULLET_NUM, ORDERED_NUM = 1, 2, 3  # w:num ids
TEMPLATE_DATE = "2026-01-01T00:00:00Z"  # the template's own core properties
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


@dataclass(frozen=True)
class Spec:
    """One paragraph style; sizes in points, spacing in points, line as a multiple."""

    style_id: str
    name: str
    based_on: str | None = "Normal"
    builtin: bool = True
    east_asia: str = SONG
    size: float = 12.0
    bold: bool = False
    align: WD_PARAGRAPH_ALIGNMENT | None = None
    indent_chars: int | None = 0  # first-line indent in characters; None: inherit
    line: float | None = None
    before: float = 0.0
    after: float = 0.0
    keep_next: bool = False
    priority: int = 99


CENTER, RIGHT, LEFT = (
    WD_PARAGRAPH_ALIGNMENT.CENTER,
    WD_PARAGRAPH_ALIGNMENT.RIGHT,
    WD_PARAGRAPH_ALIGNMENT.LEFT,
)
# 三号 16 pt, 四号 14 pt, 小四 12 pt, 五号 10.5 pt, 小五 9 pt, 二号 22 pt, 一号 26 pt.
HEADINGS = [
    Spec("Heading1", "heading 1", east_asia=HEI, size=16, line=1.5, before=12, after=6, priority=9),
    Spec("Heading2", "heading 2", east_asia=HEI, size=14, line=1.5, before=9, after=3, priority=9),
    Spec("Heading3", "heading 3", east_asia=HEI, size=12, line=1.5, before=6, after=3, priority=9),
    Spec(
        "Heading4", "heading 4", east_asia=HEI, size=12, bold=True, line=1.5, before=6, priority=9
    ),
]
PARAGRAPH_STYLES = [
    Spec(
        "Title",
        "Title",
        east_asia=HEI,
        size=26,
        bold=True,
        align=CENTER,
        line=1.0,
        after=60,
        priority=10,
    ),
    *HEADINGS,
    Spec("ListBullet", "List Bullet", indent_chars=2, priority=36),
    Spec("ListNumber", "List Number", indent_chars=2, priority=36),
    Spec(
        "Caption",
        "caption",
        size=10.5,
        bold=True,
        align=CENTER,
        before=6,
        after=3,
        line=1.0,
        keep_next=True,
        priority=35,
    ),
    Spec("TOCHeading", "TOC Heading", east_asia=HEI, size=16, align=CENTER, after=12, priority=39),
    Spec("TOC1", "toc 1", priority=39),
    Spec("TOC2", "toc 2", priority=39),
    Spec("TOC3", "toc 3", priority=39),
    Spec("Header", "header", size=9, align=CENTER, line=1.0),
    Spec("Footer", "footer", size=9, align=CENTER, line=1.0),
    Spec("TableText", "表格文字", builtin=False, size=10.5, align=LEFT, line=1.2, priority=50),
    Spec(
        "TableHeading",
        "表格表头",
        "TableText",
        builtin=False,
        size=10.5,
        bold=True,
        align=CENTER,
        line=1.2,
        priority=50,
    ),
    Spec("BodyNoIndent", "正文无缩进", builtin=False, priority=20),
    Spec("BodyRight", "正文右对齐", builtin=False, align=RIGHT, priority=20),
    Spec("Note", "注释文字", builtin=False, size=10.5, priority=20),
    Spec(
        "SignatureLine", "落款", builtin=False, align=RIGHT, line=2.0, keep_next=True, priority=20
    ),
    Spec(
        "CoverProject",
        "封面项目名称",
        builtin=False,
        east_asia=HEI,
        size=22,
        align=CENTER,
        line=1.0,
        before=96,
        after=24,
        priority=60,
    ),
    Spec(
        "CoverField",
        "封面信息",
        builtin=False,
        size=14,
        align=LEFT,
        line=1.0,
        before=8,
        after=8,
        priority=60,
    ),
    Spec(
        "CoverValue",
        "封面填写内容",
        "CoverField",
        builtin=False,
        size=14,
        align=LEFT,
        line=1.0,
        before=8,
        after=8,
        priority=60,
    ),
    Spec(
        "CoverInfo",
        "封面落款",
        builtin=False,
        size=14,
        align=CENTER,
        line=1.0,
        before=24,
        priority=60,
    ),
]


def build() -> bytes:
    document = docx.Document()
    _drop_extras(document)
    _styles(document)
    _numbering(document)
    _page_setup(document)
    _settings(document)
    _cover(document)
    _core_properties(document)
    from io import BytesIO

    raw = BytesIO()
    document.save(raw)
    with zipfile.ZipFile(raw) as package:
        theme = package.read(THEME)
    theme = ooxml.set_theme_fonts(theme, major=(LATIN, HEI), minor=(LATIN, SONG))
    replace = {"docProps/app.xml": APP_XML, "word/fontTable.xml": FONT_TABLE, THEME: theme}
    return normalise_zip(raw.getvalue(), replace)


def _drop_extras(document: docx.document.Document) -> None:
    """The thumbnail, customXml and stylesWithEffects parts of python-docx's template."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rel_id)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype in (RT.CUSTOM_XML, STYLES_WITH_EFFECTS, RT.WEB_SETTINGS):
            document.part.rels.pop(rel_id)


def _styles(document: docx.document.Document) -> None:
    styles = document.styles
    ooxml.remove_styles(styles)
    rpr_default, ppr_default = ooxml.doc_defaults(styles)
    ooxml.clear_properties(rpr_default)
    ooxml.clear_properties(ppr_default)
    ooxml.set_fonts(rpr_default, LATIN, SONG)
    ooxml.set_font_size(rpr_default, 12)
    ooxml.set_kern(rpr_default, 2)
    ooxml.set_lang(rpr_default, "en-US", "zh-CN")
    ooxml.add_default_style(styles, "character", "DefaultParagraphFont", "Default Paragraph Font")
    ooxml.add_default_style(styles, "table", "TableNormal", "Normal Table")
    ooxml.add_default_style(styles, "numbering", "NoList", "No List")
    normal = styles.add_style("Normal", WD_STYLE_TYPE.PARAGRAPH, builtin=True)
    ooxml.set_style_id(normal, "Normal")
    ooxml.set_default_style(normal)
    normal.quick_style = True
    ooxml.set_fonts(normal, LATIN, SONG)
    normal.font.size = Pt(12)
    _paragraph_format(normal, WD_PARAGRAPH_ALIGNMENT.JUSTIFY, 1.5, 0, 0)
    normal.paragraph_format.widow_control = True
    ooxml.set_first_line_chars(normal, 2, 12)  # 首行缩进 2 字符
    for spec in PARAGRAPH_STYLES:
        _add_style(styles, spec)
    _heading_extras(styles)
    _list_and_toc_extras(styles)
    _table_style(styles)
    ooxml.strip_theme_fonts(styles)


def _paragraph_format(style, align, line, before, after) -> None:
    fmt = style.paragraph_format
    if align is not None:
        fmt.alignment = align
    if line is not None:
        fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
        fmt.line_spacing = line
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)


def _add_style(styles, spec: Spec) -> None:
    style = styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH, builtin=spec.builtin)
    ooxml.set_style_id(style, spec.style_id)
    if spec.based_on:
        style.base_style = styles[_name_of(spec.based_on)]
    style.next_paragraph_style = styles["Normal"]
    ooxml.set_style_flags(style, spec.priority)
    style.quick_style = spec.priority < 60
    ooxml.set_fonts(style, LATIN, spec.east_asia)
    style.font.size = Pt(spec.size)
    if spec.bold:
        style.font.bold = True
    _paragraph_format(style, spec.align, spec.line, spec.before, spec.after)
    if spec.keep_next:
        style.paragraph_format.keep_with_next = True
    if spec.indent_chars is not None:
        ooxml.set_first_line_chars(style, spec.indent_chars, 12)


def _name_of(style_id: str) -> str:
    for spec in PARAGRAPH_STYLES:
        if spec.style_id == style_id:
            return spec.name
    return style_id


def _heading_extras(styles) -> None:
    for level, spec in enumerate(HEADINGS):
        style = styles[spec.name]
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.keep_together = True
        style.paragraph_format.alignment = WD_PARAGRAPH_ALIGNMENT.LEFT
        ooxml.set_num_pr(style, HEADING_NUM, level)
        ooxml.set_outline_level(style, level)
    ooxml.set_character_spacing(styles["Title"], 40)  # 2 pt between the characters
    ooxml.set_paragraph_border(styles["header"], "bottom", 4)


def _list_and_toc_extras(styles) -> None:
    ooxml.set_num_pr(styles["List Bullet"], BULLET_NUM)
    ooxml.set_num_pr(styles["List Number"], ORDERED_NUM)
    for level in (1, 2, 3):
        style = styles[f"toc {level}"]
        ooxml.set_left_chars(style, 2 * (level - 1), 12)
        style.paragraph_format.tab_stops.add_tab_stop(
            Twips(TEXT_WIDTH), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
        )
    ooxml.set_paragraph_border(styles["封面填写内容"], "bottom", 4, space=1)


def _table_style(styles) -> None:
    table = styles.add_style("Table Grid", WD_STYLE_TYPE.TABLE, builtin=True)
    ooxml.set_style_id(table, "TableGrid")
    table.base_style = styles["Normal Table"]
    ooxml.set_style_flags(table, 59)
    ooxml.set_table_indent(table, 0)
    ooxml.set_table_borders(table, 4)  # 0.5 pt rules on every cell
    ooxml.set_table_cell_margins(table, 0, 108, 0, 108)


def _numbering(document: docx.document.Document) -> None:
    numbering = document.part.numbering_part.element
    ooxml.remove_numbering_definitions(numbering)
    heading_levels = [
        Level("chineseCounting", "%1、", "Heading1"),
        Level("chineseCounting", "（%2）", "Heading2"),
        Level("decimal", "%3.", "Heading3"),
        Level("decimal", "（%4）", "Heading4"),
    ]
    ooxml.add_abstract_num(numbering, 0, heading_levels)
    ooxml.add_abstract_num(
        numbering, 1, [Level("bullet", "●", "ListBullet", "space", 480, 2, SONG, 9)]
    )
    ooxml.add_abstract_num(
        numbering, 2, [Level("decimalEnclosedCircle", "%1", "ListNumber", "nothing", 480, 2)]
    )
    for abstract_id in (0, 1, 2):
        ooxml.add_num(numbering, abstract_id)


def _page_setup(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Twips(PAGE_WIDTH), Twips(PAGE_HEIGHT)
    section.top_margin = section.bottom_margin = Twips(MARGIN_TB)
    section.left_margin = section.right_margin = Twips(MARGIN_LR)
    section.header_distance, section.footer_distance = Twips(851), Twips(992)
    section.gutter = Twips(0)
    # The cover is page 1 without header or footer (as in the PDF).
    section.different_first_page_header_footer = True
    for part in (section.first_page_header, section.first_page_footer):
        part.is_linked_to_previous = False
        ooxml.set_paragraph_style(part.paragraphs[0], "BodyNoIndent")
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    ooxml.set_paragraph_style(paragraph, "Header")
    paragraph.add_run("{{ header_text }}")
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    ooxml.set_paragraph_style(paragraph, "Footer")
    paragraph.add_run("第 ")
    ooxml.add_field(paragraph, "PAGE", "1")
    paragraph.add_run(" 页 共 ")
    ooxml.add_field(paragraph, "NUMPAGES", "1")
    paragraph.add_run(" 页")
    ooxml.preserve_space(paragraph)


def _settings(document: docx.document.Document) -> None:
    settings = document.settings
    ooxml.remove_children(settings, "w:rsids")
    ooxml.set_update_fields(settings)
    ooxml.set_theme_font_lang(settings, "en-US", "zh-CN")
    ooxml.set_compatibility_mode(settings, 15)
    # A line ended by a manual break ("\n" in a span) is not stretched to full width.
    ooxml.set_compat_option(settings, "doNotExpandShiftReturn")


def _cover(document: docx.document.Document) -> None:
    """The cover page, with docxtpl tags; each tag sits whole in one run."""
    for text, style in (("{{ project_name }}", "CoverProject"), ("{{ title }}", "Title")):
        paragraph = document.add_paragraph()
        ooxml.set_paragraph_style(paragraph, style)
        paragraph.add_run(text)
    table = document.add_table(rows=3, cols=2)
    ooxml.set_table_width(table, 7654)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = (Twips(1814), Twips(5840))  # 3.2 cm for "项目名称：", the rest for the value
    rows = (
        ("{%tr for field in fields %}", ""),
        ("{{ field.label }}：", "{{ field.value }}"),
        ("{%tr endfor %}", ""),
    )
    for row, texts in zip(table.rows, rows, strict=True):
        for column, (cell, text) in enumerate(zip(row.cells, texts, strict=True)):
            cell.width = widths[column]
            paragraph = cell.paragraphs[0]
            ooxml.set_paragraph_style(paragraph, "CoverValue" if column else "CoverField")
            if text:
                paragraph.add_run(text)
    for column, width in enumerate(widths):
        table.columns[column].width = width
    for text in ("{%p if show_bidder %}", "{{ bidder }}", "{%p endif %}", "{{ date_text }}"):
        paragraph = document.add_paragraph()
        ooxml.set_paragraph_style(paragraph, "CoverInfo")
        paragraph.add_run(text)
    ooxml.preserve_space(document.element.body)


def _core_properties(document: docx.document.Document) -> None:
    import datetime as dt

    props = document.core_properties
    stamp = dt.datetime.fromisoformat(TEMPLATE_DATE.replace("Z", "+00:00")).replace(tzinfo=None)
    props.author = props.last_modified_by = "bidgen"
    props.title = "售后服务方案模板"
    props.subject = props.keywords = props.category = props.comments = ""
    props.language = "zh-CN"
    props.created = props.modified = stamp
    props.revision = 1


APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    b' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    b"<Template>Normal.dotm</Template><TotalTime>0</TotalTime><Application>bidgen</Application>"
    b"<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><Company></Company>"
    b"<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    b"<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def _font(name: str, alt: str, panose: str, charset: str, family: str, pitch: str) -> str:
    alt_xml = f'<w:altName w:val="{alt}"/>' if alt else ""
    return (
        f'<w:font w:name="{name}">{alt_xml}<w:panose1 w:val="{panose}"/>'
        f'<w:charset w:val="{charset}"/><w:family w:val="{family}"/>'
        f'<w:pitch w:val="{pitch}"/></w:font>'
    )


# The faces the styles name, with the GB2312 charset (86) and PANOSE numbers
# that let Word and WPS pick a close substitute where 宋体/黑体 are missing.
FONT_TABLE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    + _font(LATIN, "", "02020603050405020304", "00", "roman", "variable")
    + _font(SONG, "SimSun", "02010600030101010101", "86", "auto", "variable")
    + _font(HEI, "SimHei", "02010609060101010101", "86", "modern", "fixed")
    + "</w:fonts>"
).encode()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    data = build()
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
