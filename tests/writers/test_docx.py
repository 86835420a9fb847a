"""DOCX writer, checked through the file a reviewer opens: python-docx and raw XML.

One small proposal is built inline and rendered once per module; the slow
test converts it with LibreOffice and reads the PDF with poppler-utils.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from bidgen.model import (
    Cover,
    CoverField,
    Document,
    ListBlock,
    Meta,
    PageBreak,
    Paragraph,
    Section,
    Signature,
    Span,
    Table,
    numbered_title,
)
from bidgen.readback.structure import strip_label
from bidgen.writers import ooxml
from bidgen.writers.docx import TEMPLATE, render_docx, template_problems, word_counts_match

ROOT = Path(__file__).resolve().parents[2]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}
PROJECT = "滨湖区政务信息系统运维服务项目"
BIDDER = "临江启衡信息技术有限公司"
DATE = dt.date(2026, 11, 20)
TOC = r'TOC \o "1-2" \h \z \u'  # headings of levels 1-2, as hyperlinks

# Every heading as printed, in reading order, with its outline level.
HEADINGS = [
    (1, "一、服务承诺"),
    (2, "（一）服务范围"),
    (2, "（二）服务标准"),
    (3, "1.响应要求"),
    (4, "（1）电话支持"),
    (4, "（2）远程支持"),
    (3, "2.到场要求"),
    (1, "二、故障分级与响应时间"),
    (2, "（一）故障定义"),
    (1, "三、培训与巡检"),
    (2, "（一）培训方案"),
    (2, "（二）巡检计划"),
    (1, "四、售后服务承诺书"),
]
FAULT_ROWS = [
    ("一级故障", "15分钟", "1小时", "4小时"),
    ("二级故障", "30分钟", "2小时", "8小时"),
    ("三级故障", "1小时", "4小时", "24小时"),
]


def text(value: str, bold: bool = False, italic: bool = False) -> tuple[Span, ...]:
    return (Span(value, bold=bold, italic=italic),)


def para(value: str, style: str = "body") -> Paragraph:
    return Paragraph(text(value), style)


def fault_table(caption: str | None = "表1 各级故障服务时限") -> Table:
    header = tuple(text(cell) for cell in ("故障等级", "响应", "到达现场", "解决"))
    rows = tuple(tuple(text(cell) for cell in row) for row in FAULT_ROWS)
    return Table(header, rows, caption)


def steps(*items: str, ordered: bool = True) -> ListBlock:
    return ListBlock(ordered, tuple(text(item) for item in items))


def sections() -> tuple[Section, ...]:
    phone = Section("电话支持", 4, (para("服务热线7×24小时有人接听。"),))
    remote = Section("远程支持", 4, (para("远程诊断在30分钟内开始。"),))
    response = Section("响应要求", 3, (steps("接报登记", "远程诊断", "派单到场"),), (phone, remote))
    arrival = Section("到场要求", 3, (steps("出发", "到场", "签到"),))
    scope = Section("服务范围", 2, (para("范围见招标文件。"),))
    standard = Section("服务标准", 2, (para("标准如下。"),), (response, arrival))
    mixed = Paragraph(
        (Span("我公司"), Span("郑重承诺", bold=True), Span("：\n第二行"), Span("斜体", italic=True))
    )
    commit = Section("服务承诺", 1, (mixed,), (scope, standard), key="commitment")
    faults = Section(
        "故障分级与响应时间",
        1,
        (
            para("故障按影响程度分为三级。"),
            fault_table(),
            fault_table(None),
            para("以上为承诺时限。"),
        ),
        (Section("故障定义", 2, (para("一级故障指系统中断。"),)),),
    )
    training = Section(
        "培训与巡检",
        1,
        (steps("要点甲", "要点乙", ordered=False),),
        (
            Section("培训方案", 2, (para("培训共20课时。", "note"),)),
            Section(
                "巡检计划",
                2,
                (para("每季度巡检一次。"), PageBreak(), para("巡检报告3个工作日内提交。")),
            ),
        ),
    )
    letter = Section(
        "售后服务承诺书",
        1,
        (
            para("致：测试采购单位", "plain"),
            para("我公司郑重承诺如下。"),
            para("特此承诺。", "right"),
        ),
        page_break_before=True,
    )
    return (commit, faults, training, letter)


def build_document(**changes: object) -> Document:
    meta = Meta(
        title=f"{PROJECT} 售后服务方案",
        author=BIDDER,
        subject="售后服务方案",
        keywords="BHCG-2026-0417；运维服务；售后服务",
        language="zh-CN",
        date=DATE,
        header_text=PROJECT,
    )
    cover = Cover(
        title="售后服务方案",
        project_name=PROJECT,
        fields=(
            CoverField("项目名称", PROJECT),
            CoverField("项目编号", "BHCG-2026-0417"),
            CoverField("包    号", "第2包"),
        ),
        bidder=BIDDER,
        date_text="2026年11月20日",
    )
    signature = Signature(
        "投标人名称（盖章）", BIDDER, "法定代表人或授权代表（签字）", "", "日期", "2026年11月20日"
    )
    values: dict[str, object] = {
        "meta": meta,
        "cover": cover,
        "sections": sections(),
        "signature": signature,
    }
    values.update(changes)
    return Document(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def data() -> bytes:
    return render_docx(build_document())


def part(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(name))


def body_paragraphs(data: bytes) -> list[etree._Element]:
    return part(data, "word/document.xml").findall("w:body/w:p", NS)


def style_of(paragraph: etree._Element) -> str:
    style = paragraph.find("w:pPr/w:pStyle", NS)
    return "Normal" if style is None else style.get(f"{W}val")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def text_of(element: etree._Element) -> str:
    return "".join(node.text or "" for node in element.iter(f"{W}t"))


def field_instructions(element: etree._Element) -> list[str]:
    """Every field instruction under ``element`` (PAGE, TOC …, PAGEREF …)."""
    return [(node.text or "").strip() for node in element.iter(f"{W}instrText")]


def style_element(data: bytes, style_id: str) -> etree._Element:
    found = part(data, "word/styles.xml").find(f"w:style[@w:styleId='{style_id}']", NS)
    assert found is not None, style_id
    return found


# --- structure ------------------------------------------------------------------


def test_headings_use_heading_styles_in_order_with_their_levels(data: bytes):
    word = docx.Document(io.BytesIO(data))
    found = [
        (int(p.style.name.split()[-1]), p.text)
        for p in word.paragraphs
        if p.style.name.startswith("Heading")
    ]
    # Word numbers the headings; the text is the bare title.
    assert found == [(level, strip_label(label, level)) for level, label in HEADINGS]


def test_heading_styles_are_linked_to_a_chinese_outline_list(data: bytes):
    numbering = part(data, "word/numbering.xml")
    num_ids = set()
    for level in range(1, 5):
        style = style_element(data, f"Heading{level}")
        assert style.find("w:pPr/w:outlineLvl", NS).get(f"{W}val") == str(level - 1)
        num_pr = style.find("w:pPr/w:numPr", NS)
        assert num_pr.find("w:ilvl", NS).get(f"{W}val") == str(level - 1)
        num_ids.add(num_pr.find("w:numId", NS).get(f"{W}val"))
    assert len(num_ids) == 1
    num = numbering.find(f"w:num[@w:numId='{num_ids.pop()}']", NS)
    abstract_id = num.find("w:abstractNumId", NS).get(f"{W}val")
    abstract = numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract_id}']", NS)
    levels = [
        (
            lvl.find("w:numFmt", NS).get(f"{W}val"),
            lvl.find("w:lvlText", NS).get(f"{W}val"),
            lvl.find("w:pStyle", NS).get(f"{W}val"),
            lvl.find("w:suff", NS).get(f"{W}val"),
        )
        for lvl in abstract.findall("w:lvl", NS)
    ]
    assert levels == [
        ("chineseCounting", "%1、", "Heading1", "nothing"),
        ("chineseCounting", "（%2）", "Heading2", "nothing"),
        ("decimal", "%3.", "Heading3", "nothing"),
        ("decimal", "（%4）", "Heading4", "nothing"),
    ]


def test_word_counters_agree_with_the_model_labels():
    doc = build_document()
    assert word_counts_match(doc)
    labels = [numbered_title(section, path[-1]) for path, section in doc.walk()]
    assert labels == [label for _level, label in HEADINGS]


def test_irregular_outline_falls_back_to_typed_labels():
    # A level-3 heading right after a level-2 sibling: Word would call it "1.",
    # the model "（二）"'s sibling index 2 gives "2.".
    odd = Section("总则", 1, (), (Section("范围", 2), Section("细则", 3)))
    doc = build_document(sections=(odd,), signature=None)
    assert not word_counts_match(doc)
    data = render_docx(doc)
    headings = [p for p in body_paragraphs(data) if style_of(p).startswith("Heading")]
    assert [text_of(p) for p in headings] == ["一、总则", "（一）范围", "2.细则"]
    for paragraph in headings:  # the style's list is switched off
        assert paragraph.find("w:pPr/w:numPr/w:numId", NS).get(f"{W}val") == "0"


def test_east_asian_fonts_are_named_and_theme_fonts_are_gone(data: bytes):
    styles = part(data, "word/styles.xml")
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert defaults.get(f"{W}eastAsia") == "宋体"
    for style_id, face in [("Normal", "宋体"), ("Heading1", "黑体"), ("Heading3", "黑体")]:
        fonts = style_element(data, style_id).find("w:rPr/w:rFonts", NS)
        assert (fonts.get(f"{W}eastAsia"), fonts.get(f"{W}ascii")) == (face, "Times New Roman")
    raw = etree.tostring(styles).decode()
    assert not re.search(r"w:(ascii|hAnsi|eastAsia|cs)[Tt]heme=", raw)


def test_body_text_is_xiaosi_with_one_and_a_half_spacing_and_two_character_indent(data: bytes):
    normal = style_element(data, "Normal")
    assert normal.find("w:rPr/w:sz", NS).get(f"{W}val") == "24"  # 小四 12 pt
    spacing = normal.find("w:pPr/w:spacing", NS)
    assert (spacing.get(f"{W}line"), spacing.get(f"{W}lineRule")) == ("360", "auto")
    assert normal.find("w:pPr/w:ind", NS).get(f"{W}firstLineChars") == "200"
    sizes = [
        style_element(data, f"Heading{n}").find("w:rPr/w:sz", NS).get(f"{W}val")
        for n in range(1, 5)
    ]
    assert sizes == ["32", "28", "24", "24"]  # 三号, 四号, 小四, 小四


def test_page_is_a4_with_customary_margins(data: bytes):
    sect = part(data, "word/document.xml").find("w:body/w:sectPr", NS)
    size, margins = sect.find("w:pgSz", NS), sect.find("w:pgMar", NS)
    assert (size.get(f"{W}w"), size.get(f"{W}h")) == ("11906", "16838")
    assert [margins.get(f"{W}{side}") for side in ("top", "bottom", "left", "right")] == [
        "1440",
        "1440",
        "1797",
        "1797",
    ]


def test_header_names_the_project_and_footer_counts_pages(data: bytes):
    word = docx.Document(io.BytesIO(data))
    section = word.sections[-1]
    assert section.header.paragraphs[0].text == PROJECT
    footer = section.footer._element
    assert field_instructions(footer) == ["PAGE", "NUMPAGES"]
    assert text_of(footer).replace("1", "").split() == ["第", "页", "共", "页"]


def test_cover_page_has_no_header_or_footer(data: bytes):
    word = docx.Document(io.BytesIO(data))
    section = word.sections[0]
    assert section.different_first_page_header_footer
    assert all(not p.text.strip() for p in section.first_page_header.paragraphs)
    assert all(not p.text.strip() for p in section.first_page_footer.paragraphs)


def test_cover_is_filled_from_the_model(data: bytes):
    body = part(data, "word/document.xml").find("w:body", NS)
    cover_text = []
    for child in body:
        if child.tag == f"{W}p" and style_of(child) == "TOCHeading":
            break
        cover_text.append(text_of(child))
    joined = "".join(cover_text)
    for expected in (
        PROJECT,
        "售后服务方案",
        "项目编号：",
        "BHCG-2026-0417",
        "包    号：",
        "2026年11月20日",
        BIDDER,
    ):
        assert expected in joined
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            assert b"{{" not in package.read(name) and b"{%" not in package.read(name), name


def toc_paragraphs(data: bytes) -> list[etree._Element]:
    """The paragraphs of the TOC field, from its ``begin`` to its ``end``."""
    found, depth = [], 0
    for paragraph in body_paragraphs(data):
        if not depth and TOC not in field_instructions(paragraph):
            continue
        found.append(paragraph)
        for char in paragraph.iter(f"{W}fldChar"):
            depth += {"begin": 1, "end": -1}.get(char.get(f"{W}fldCharType"), 0)
        if not depth:
            return found
    raise AssertionError("no complete TOC field in the body")


def toc_entries(data: bytes) -> list[tuple[str, str, str, str]]:
    """(style, entry text, bookmark, cached page) of each TOC entry paragraph."""
    entries = []
    for paragraph in toc_paragraphs(data):
        link = paragraph.find("w:hyperlink", NS)
        assert link is not None and link.get(f"{W}history") == "1"
        anchor = link.get(f"{W}anchor")
        runs = link.findall("w:r", NS)
        # The text, a tab, then PAGEREF begin / instruction / separate / result / end.
        assert runs[1].find("w:tab", NS) is not None
        chars = [run.find("w:fldChar", NS) for run in runs[2:]]
        kinds = [None if c is None else c.get(f"{W}fldCharType") for c in chars]
        assert kinds == ["begin", None, "separate", None, "end"]
        assert field_instructions(link) == [f"PAGEREF {anchor} \\h"]
        entries.append((style_of(paragraph), text_of(runs[0]), anchor, text_of(runs[5])))
    return entries


def heading_bookmarks(data: bytes) -> list[tuple[str, str | None]]:
    """(heading text, name of the bookmark around it or None) of every heading."""
    found = []
    for paragraph in body_paragraphs(data):
        if not style_of(paragraph).startswith("Heading"):
            continue
        starts = paragraph.findall("w:bookmarkStart", NS)
        if not starts:
            found.append((text_of(paragraph), None))
            continue
        assert len(starts) == 1
        start, (end,) = starts[0], paragraph.findall("w:bookmarkEnd", NS)
        assert start.get(f"{W}id") == end.get(f"{W}id")
        content = [child for child in paragraph if child.tag != f"{W}pPr"]
        assert content[0] is start and content[-1] is end  # around all of the text
        found.append((text_of(paragraph), start.get(f"{W}name")))
    return found


def test_toc_lists_each_chapter_and_section_as_word_stores_an_updated_toc(data: bytes):
    entries = toc_entries(data)
    listed = [(level, label) for level, label in HEADINGS if level <= 2]
    # Word numbers the headings with a list: the entry text carries the label itself.
    assert [(style, text) for style, text, _anchor, _page in entries] == [
        (f"TOC{level}", label) for level, label in listed
    ]
    assert all(page.isdigit() for *_rest, page in entries)
    paragraphs = toc_paragraphs(data)
    assert len(paragraphs) == len(listed)  # begin in the first entry, end in the last
    first = paragraphs[0].find("w:r/w:fldChar", NS)
    assert first.get(f"{W}fldCharType") == "begin" and first.get(f"{W}dirty") == "true"
    assert "更新域" not in "".join(text_of(p) for p in body_paragraphs(data))
    settings = part(data, "word/settings.xml")
    assert settings.find("w:updateFields", NS).get(f"{W}val") == "true"


def test_toc_entries_link_to_bookmarks_around_their_headings(data: bytes):
    anchors = [anchor for *_rest, anchor, _page in toc_entries(data)]
    assert all(re.fullmatch(r"_Toc\d+", anchor) for anchor in anchors)  # as Word names them
    assert len(set(anchors)) == len(anchors)
    bookmarks = heading_bookmarks(data)
    # Levels 3-4 are not in the TOC and carry no bookmark.
    assert [name for _text, name in bookmarks if name] == anchors
    for (level, label), (text, name) in zip(HEADINGS, bookmarks, strict=True):
        assert text == strip_label(label, level)
        assert (name is not None) == (level <= 2)
    starts = part(data, "word/document.xml").iter(f"{W}bookmarkStart")
    ids = [start.get(f"{W}id") for start in starts]
    assert len(set(ids)) == len(ids)


def test_toc_bookmarks_are_stable_across_renders(data: bytes):
    again = render_docx(build_document())
    assert heading_bookmarks(again) == heading_bookmarks(data)
    assert toc_entries(again) == toc_entries(data)
    # A chapter added in front renames by position, deterministically.
    extra = Section("总体说明", 1, (para("说明。"),))
    moved = render_docx(build_document(sections=(extra, *sections())))
    names = [name for _text, name in heading_bookmarks(moved) if name]
    assert len(set(names)) == len(names) == 1 + len(toc_entries(data))


def test_toc_page_numbers_are_an_estimate_in_reading_order(data: bytes):
    pages = [int(page) for *_rest, page in toc_entries(data)]
    assert pages[0] == 3  # the cover, the TOC, then the first chapter on a new page
    assert pages == sorted(pages)
    assert pages[-1] > pages[-2]  # the letter starts a new page


def test_toc_styles_right_align_the_page_numbers_with_dot_leaders(data: bytes):
    text_width = 11906 - 2 * 1797
    for style_id, left_chars in (("TOC1", "0"), ("TOC2", "200")):  # TOC 2 two characters in
        style = style_element(data, style_id)
        tab = style.find("w:pPr/w:tabs/w:tab", NS)
        assert (tab.get(f"{W}val"), tab.get(f"{W}leader")) == ("right", "dot")
        assert tab.get(f"{W}pos") == str(text_width)
        assert style.find("w:pPr/w:ind", NS).get(f"{W}leftChars") == left_chars
    for paragraph in toc_paragraphs(data):  # as Word writes them, in each entry too
        stops = paragraph.findall("w:pPr/w:tabs/w:tab", NS)
        assert [(t.get(f"{W}val"), t.get(f"{W}pos")) for t in stops] == [("right", str(text_width))]


def test_bookmark_names_and_ids_in_the_template_are_not_reused(tmp_path: Path):
    taken = '<w:bookmarkStart w:id="7" w:name="_Toc000000001"/><w:bookmarkEnd w:id="7"/>'

    def edit(name: str, content: bytes) -> bytes:
        if name == "word/document.xml":  # a bookmark on the cover
            return content.replace(b"<w:body><w:p>", f"<w:body><w:p>{taken}".encode(), 1)
        return content

    template = tmp_path / "bookmarked.docx"
    template.write_bytes(_rewrite_package(TEMPLATE.read_bytes(), edit))
    data = render_docx(build_document(), template=template)
    starts = list(part(data, "word/document.xml").iter(f"{W}bookmarkStart"))
    names = [start.get(f"{W}name") for start in starts]
    ids = [int(start.get(f"{W}id")) for start in starts]
    assert names.count("_Toc000000001") == 1 and len(set(names)) == len(names)
    assert ids[0] == 7 and min(ids[1:]) > 7 and len(set(ids)) == len(ids)
    anchors = [anchor for *_rest, anchor, _page in toc_entries(data)]
    assert anchors == [name for _text, name in heading_bookmarks(data) if name]


def test_a_document_without_headings_keeps_the_toc_placeholder():
    data = render_docx(build_document(sections=(), signature=None))
    (paragraph,) = toc_paragraphs(data)
    assert "更新域" in text_of(paragraph)


def test_readers_skip_the_toc_entries(data: bytes, tmp_path: Path):
    """``bidgen lint`` and ``bidgen diff`` read the body: TOC entries are neither."""
    from bidgen.diff.document import diff_document
    from bidgen.lint import text_units
    from bidgen.readback.reader import read_proposal

    path = tmp_path / "p.docx"
    path.write_bytes(data)
    units = [unit.text for unit in text_units(read_proposal(path))]
    assert not any(label in text for _level, label in HEADINGS for text in units)
    assert "目  录" in units  # the TOC title stays, as before
    titles = [section.title for section in diff_document(read_proposal(path)).sections]
    assert titles[0] == "服务承诺"


# --- blocks ---------------------------------------------------------------------


def test_table_header_repeats_rows_do_not_split_and_fill_the_width(data: bytes):
    document = part(data, "word/document.xml")
    tables = document.findall("w:body/w:tbl", NS)
    assert len(tables) == 2 + 1  # two fault tables and the cover's field table
    table = tables[1]
    rows = table.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert all(row.find("w:trPr/w:tblHeader", NS) is None for row in rows[1:])
    assert all(row.find("w:trPr/w:cantSplit", NS) is not None for row in rows)
    grid = [int(col.get(f"{W}w")) for col in table.findall("w:tblGrid/w:gridCol", NS)]
    assert sum(grid) == int(table.find("w:tblPr/w:tblW", NS).get(f"{W}w")) == 11906 - 2 * 1797
    assert table.find("w:tblPr/w:tblStyle", NS).get(f"{W}val") == "TableGrid"
    header_cell = rows[0].find("w:tc/w:p", NS)
    assert style_of(header_cell) == "TableHeading" and text_of(header_cell) == "故障等级"
    assert style_of(rows[1].find("w:tc/w:p", NS)) == "TableText"
    borders = style_element(data, "TableGrid").find("w:tblPr/w:tblBorders", NS)
    assert {b.tag[len(W) :] for b in borders} == {
        "top",
        "left",
        "bottom",
        "right",
        "insideH",
        "insideV",
    }
    assert style_element(data, "TableText").find("w:rPr/w:sz", NS).get(f"{W}val") == "21"  # 五号


def test_caption_sits_above_its_table_and_keeps_with_it(data: bytes):
    body = list(part(data, "word/document.xml").find("w:body", NS))
    first_table = [i for i, el in enumerate(body) if el.tag == f"{W}tbl"][1]
    caption = body[first_table - 1]
    assert (style_of(caption), text_of(caption)) == ("Caption", "表1 各级故障服务时限")
    assert style_element(data, "Caption").find("w:pPr/w:keepNext", NS) is not None
    # The second table has no caption: an empty paragraph keeps Word from joining them.
    assert text_of(body[first_table + 1]) == "" and body[first_table + 2].tag == f"{W}tbl"


def list_level(data: bytes, paragraph: etree._Element) -> etree._Element:
    """The ``w:lvl`` that numbers a list paragraph: its num, that num's definition."""
    num_id = paragraph.find("w:pPr/w:numPr/w:numId", NS).get(f"{W}val")
    numbering = part(data, "word/numbering.xml")
    num = numbering.find(f"w:num[@w:numId='{num_id}']", NS)
    abstract = num.find("w:abstractNumId", NS).get(f"{W}val")
    return numbering.find(f"w:abstractNum[@w:abstractNumId='{abstract}']/w:lvl[@w:ilvl='0']", NS)


def level_format(lvl: etree._Element) -> tuple[str, str]:
    return lvl.find("w:numFmt", NS).get(f"{W}val"), lvl.find("w:lvlText", NS).get(f"{W}val")


def test_each_ordered_list_restarts_a_rung_below_its_heading(data: bytes):
    paragraphs = [p for p in body_paragraphs(data) if style_of(p) == "ListNumber"]
    assert [text_of(p) for p in paragraphs] == [
        "接报登记",
        "远程诊断",
        "派单到场",
        "出发",
        "到场",
        "签到",
    ]
    num_ids = [p.find("w:pPr/w:numPr/w:numId", NS).get(f"{W}val") for p in paragraphs]
    assert num_ids[0] == num_ids[1] == num_ids[2] != num_ids[3] == num_ids[4] == num_ids[5]
    numbering = part(data, "word/numbering.xml")
    for num_id in {num_ids[0], num_ids[3]}:
        num = numbering.find(f"w:num[@w:numId='{num_id}']", NS)
        assert num.find("w:lvlOverride/w:startOverride", NS).get(f"{W}val") == "1"
    # Both lists sit under "1." headings (level 3): they count （1）（2）（3）.
    assert {level_format(list_level(data, p)) for p in paragraphs} == {("decimal", "（%1）")}


def test_bullet_lists_use_the_bullet_style(data: bytes):
    bullets = [text_of(p) for p in body_paragraphs(data) if style_of(p) == "ListBullet"]
    assert bullets == ["要点甲", "要点乙"]


def test_paragraph_roles_and_run_formatting(data: bytes):
    paragraphs = body_paragraphs(data)
    by_text = {text_of(p): p for p in paragraphs}
    assert style_of(by_text["致：测试采购单位"]) == "BodyNoIndent"
    assert style_of(by_text["特此承诺。"]) == "BodyRight"
    assert style_of(by_text["培训共20课时。"]) == "Note"
    assert style_of(by_text["范围见招标文件。"]) == "Normal"
    mixed = next(p for p in paragraphs if text_of(p).startswith("我公司郑重承诺："))
    runs = mixed.findall("w:r", NS)
    assert runs[1].find("w:rPr/w:b", NS) is not None and text_of(runs[1]) == "郑重承诺"
    assert runs[2].find("w:br", NS) is not None  # "\n" is a line break
    assert runs[3].find("w:rPr/w:i", NS) is not None


def test_page_breaks(data: bytes):
    paragraphs = body_paragraphs(data)
    breaking = [text_of(p) for p in paragraphs if p.find("w:pPr/w:pageBreakBefore", NS) is not None]
    # TOC title, first chapter, the PageBreak block, the letter (page_break_before).
    assert breaking == ["目  录", "服务承诺", "巡检报告3个工作日内提交。", "售后服务承诺书"]


def test_signature_block_closes_the_document(data: bytes):
    last = body_paragraphs(data)[-3:]
    assert [text_of(p).rstrip("\u3000\u00a0") for p in last] == [
        f"投标人名称（盖章）：{BIDDER}",
        "法定代表人或授权代表（签字）：",
        "日期：2026年11月20日",
    ]
    assert {style_of(p) for p in last} == {"SignatureLine"}
    assert style_element(data, "SignatureLine").find("w:pPr/w:jc", NS).get(f"{W}val") == "right"
    assert [p.find("w:pPr/w:keepNext", NS) is not None for p in last[:2]] == [True, True]
    assert last[2].find("w:pPr/w:keepNext", NS).get(f"{W}val") in ("0", "false")
    blank = last[1].findall("w:r", NS)[-1]
    assert blank.find("w:rPr/w:u", NS).get(f"{W}val") == "single"


# --- properties and determinism ----------------------------------------------------


def test_core_properties_come_from_meta(data: bytes):
    word = docx.Document(io.BytesIO(data))
    props = word.core_properties
    assert (props.author, props.last_modified_by) == (BIDDER, BIDDER)
    assert props.title == f"{PROJECT} 售后服务方案"
    assert props.keywords == "BHCG-2026-0417；运维服务；售后服务"
    assert props.language == "zh-CN" and props.revision == 1
    midnight = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    assert props.created == props.modified == midnight
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            content = package.read(name)
            assert b"python-docx" not in content, name
            assert b"2013-" not in content, name
        assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in package.infolist())
        assert package.namelist()[0] == "[Content_Types].xml"


def test_control_characters_do_not_crash():
    dirty = "服务\x00承诺\x01\x0b\x1f\ufffe"
    doc = build_document(
        sections=(Section(dirty, 1, (para(dirty), fault_table(dirty), steps(dirty))),),
        cover=Cover(dirty, dirty, (CoverField(dirty, dirty),), dirty, dirty),
    )
    word = docx.Document(io.BytesIO(render_docx(doc)))
    texts = [p.text for p in word.paragraphs]
    assert "服务承诺" in texts
    assert not any(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", t) for t in texts)


def test_ragged_and_empty_tables():
    ragged = Table((text("甲"), text("乙")), ((text("1"),), (text("1"), text("2"), text("3"))))
    empty = Table((), (), "表2 空表")
    doc = build_document(sections=(Section("表格", 1, (ragged, empty, para("完。"))),))
    word = docx.Document(io.BytesIO(render_docx(doc)))
    assert [[c.text for c in row.cells] for row in word.tables[-1].rows] == [
        ["甲", "乙", ""],
        ["1", "", ""],
        ["1", "2", "3"],
    ]
    assert "表2 空表" in [p.text for p in word.paragraphs]


def test_xml_special_characters_on_the_cover():
    doc = build_document(
        cover=Cover("方案<&>", "A&B <项目>", (CoverField("名称", "x < y & z"),), BIDDER, "日期")
    )
    joined = "".join(p.text for p in docx.Document(io.BytesIO(render_docx(doc))).paragraphs)
    assert "A&B <项目>" in joined and "方案<&>" in joined


def test_two_renders_are_byte_identical(data: bytes):
    assert render_docx(build_document()) == data


def test_renders_in_separate_processes_are_byte_identical(data: bytes):
    script = (
        "import hashlib, sys; sys.path.insert(0, sys.argv[1]);"
        "from tests.writers.test_docx import build_document;"
        "from bidgen.writers.docx import render_docx;"
        "print(hashlib.sha256(render_docx(build_document())).hexdigest())"
    )
    env = {**os.environ, "PYTHONHASHSEED": "random"}
    command = [sys.executable, "-c", script, str(ROOT)]
    children = [
        subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        for _ in range(2)
    ]
    digests = {child.communicate(timeout=60)[0].strip() for child in children}
    assert digests == {hashlib.sha256(data).hexdigest()}


# --- the template ----------------------------------------------------------------


def test_bundled_template_has_no_split_jinja_tags():
    assert template_problems(TEMPLATE.read_bytes()) == []


def test_split_jinja_tag_is_reported(tmp_path: Path):
    word = docx.Document()
    paragraph = word.add_paragraph()
    paragraph.add_run("项目：{{ project_")
    paragraph.add_run("name }}")
    word.add_paragraph("{{ title }}")
    stream = io.BytesIO()
    word.save(stream)
    problems = template_problems(stream.getvalue())
    assert len(problems) == 1 and "{{ project_name }}" in problems[0]
    assert (
        ooxml.split_jinja_tags(
            etree.fromstring(
                b"<w:p xmlns:w='%s'><w:r><w:t>{{ a }}</w:t></w:r></w:p>" % NS["w"].encode()
            )
        )
        == []
    )


def test_broken_template_is_a_user_error(tmp_path: Path):
    from bidgen.core.errors import BidgenError

    bad = tmp_path / "letterhead.docx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(BidgenError, match="Word 模板无法打开"):
        render_docx(build_document(), template=bad)
    with pytest.raises(BidgenError, match="找不到 Word 模板"):
        render_docx(build_document(), template=tmp_path / "missing.docx")
    word = docx.Document()
    word.add_paragraph("{{ no_such_field }}")
    word.save(str(tmp_path / "unknown.docx"))
    with pytest.raises(BidgenError, match="封面无法填写"):
        render_docx(build_document(), template=tmp_path / "unknown.docx")


def test_committed_template_is_what_the_script_makes():
    sys.path.insert(0, str(ROOT / "templates"))
    try:
        import make_proposal_template
    finally:
        sys.path.remove(str(ROOT / "templates"))
    # Compare entries, not zip bytes: another zlib may compress differently.
    assert entries(make_proposal_template.build()) == entries(TEMPLATE.read_bytes()), (
        "templates/proposal.docx is stale: run templates/make_proposal_template.py"
    )


def entries(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return [(info.filename, package.read(info)) for info in package.infolist()]


def test_a_plain_word_template_still_gives_a_numbered_styled_document(tmp_path: Path):
    """python-docx's own template: no cover tags, no bidgen styles, headings without a list."""
    plain = Path(docx.__file__).parent / "templates" / "default.docx"
    data = render_docx(build_document(), template=plain)
    word = docx.Document(io.BytesIO(data))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [label for _level, label in HEADINGS]  # labels typed in
    names = {style.name for style in word.styles}
    assert {"表格文字", "落款", "正文无缩进"} <= names
    paragraphs = body_paragraphs(data)
    assert text_of(paragraphs[0]) == "目  录"  # no empty page before the TOC
    assert paragraphs[0].find("w:pPr/w:pageBreakBefore", NS) is None


def _rewrite_package(source: bytes, edit: object, drop: tuple[str, ...] = ()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as old, zipfile.ZipFile(out, "w") as new:
        for name in old.namelist():
            if name not in drop:
                new.writestr(name, edit(name, old.read(name)))  # type: ignore[operator]
    return out.getvalue()


def test_template_saved_by_chinese_word_with_numeric_style_ids(tmp_path: Path):
    """Chinese Word stores Heading 1 as styleId "1" and Normal as "a": styles go by name."""
    renames = {f"Heading{n}": str(n) for n in range(1, 5)}

    def edit(name: str, content: bytes) -> bytes:
        for old, new in renames.items():
            content = content.replace(f'"{old}"'.encode(), f'"{new}"'.encode())
        for attr in (b'w:styleId="', b'<w:basedOn w:val="', b'<w:next w:val="'):
            content = content.replace(attr + b'Normal"', attr + b'a"')
        return content

    template = tmp_path / "chinese.docx"
    template.write_bytes(_rewrite_package(TEMPLATE.read_bytes(), edit))
    data = render_docx(build_document(), template=template)
    headings = [p for p in body_paragraphs(data) if style_of(p) in {"1", "2", "3", "4"}]
    assert [(int(style_of(p)), text_of(p)) for p in headings] == [
        (level, strip_label(label, level)) for level, label in HEADINGS
    ]  # still numbered by Word's list
    word = docx.Document(io.BytesIO(data))
    assert [p.style.name for p in word.paragraphs if p.text == "服务承诺"] == ["Heading 1"]
    styles = part(data, "word/styles.xml")
    assert styles.find("w:style[@w:styleId='Normal']", NS) is None  # nothing copied
    assert style_element(data, "1").find("w:basedOn", NS).get(f"{W}val") == "a"


def test_template_without_list_definitions_types_the_numbers(tmp_path: Path):
    template = no_lists_template(tmp_path)
    word = docx.Document(io.BytesIO(render_docx(build_document(), template=template)))
    texts = [p.text for p in word.paragraphs]
    assert "一、服务承诺" in texts and "（1）电话支持" in texts
    numbered = [t for t in texts if t.endswith(("登记", "诊断", "到场", "出发"))]
    assert numbered[:4] == ["（1）接报登记", "（2）远程诊断", "（3）派单到场", "（1）出发"]
    assert "● 要点甲" in texts


# --- the numbering ladder -------------------------------------------------------------

# A list under a heading of each level, and the labels its items take: one rung
# below the heading (一、 -> （一）, （一） -> 1., 1. -> （1）, （1） -> ①).
LADDER_ITEMS = [
    ("（一）", "甲项"),
    ("（二）", "甲项续"),
    ("1.", "2小时内到达现场"),  # "1." before a figure: read as 2小时, not 1.2小时
    ("2.", "乙项续"),
    ("（1）", "丙项"),
    ("（2）", "丙项续"),
    ("①", "丁项"),
    ("②", "丁项续"),
]
LADDER_FORMATS = [
    ("chineseCounting", "（%1）", "nothing"),
    ("decimal", "%1.", "space"),  # a space after the Latin full stop
    ("decimal", "（%1）", "nothing"),
    ("decimalEnclosedCircle", "%1", "nothing"),
]


def ladder_sections() -> tuple[Section, ...]:
    def items(level: int) -> ListBlock:
        return steps(*(item for _label, item in LADDER_ITEMS[2 * level - 2 : 2 * level]))

    fourth = Section("第四层", 4, (items(4),))
    third = Section("第三层", 3, (items(3),), (fourth,))
    second = Section("第二层", 2, (items(2),), (third,))
    return (Section("第一层", 1, (items(1),), (second,)),)


@pytest.fixture(scope="module")
def ladder_data() -> bytes:
    return render_docx(build_document(sections=ladder_sections()))


def test_lists_count_one_rung_below_their_heading_in_word(ladder_data: bytes):
    paragraphs = [p for p in body_paragraphs(ladder_data) if style_of(p) == "ListNumber"]
    assert [text_of(p) for p in paragraphs] == [item for _label, item in LADDER_ITEMS]
    levels = [list_level(ladder_data, p) for p in paragraphs]
    found = [(*level_format(lvl), lvl.find("w:suff", NS).get(f"{W}val")) for lvl in levels]
    assert found == [fmt for fmt in LADDER_FORMATS for _item in (1, 2)]
    # Each rung's definition is a copy of the template's List Number definition: the
    # same indentation, linked to no style (List Number keeps its own list).
    template = part(TEMPLATE.read_bytes(), "word/numbering.xml")
    original = next(
        lvl
        for lvl in template.iterfind("w:abstractNum/w:lvl", NS)
        if lvl.find("w:pStyle", NS).get(f"{W}val") == "ListNumber"
    )
    indent = dict(original.find("w:pPr/w:ind", NS).attrib)
    for lvl in levels:
        assert lvl.find("w:pStyle", NS) is None
        assert dict(lvl.find("w:pPr/w:ind", NS).attrib) == indent


def test_word_draws_the_ladder_labels(ladder_data: bytes):
    from bidgen.readback.numbering import Numbering

    word = docx.Document(io.BytesIO(ladder_data))
    numbering = Numbering(word.part.numbering_part.element, word.styles.element)
    labels = [
        (numbering.label(p, style_of(p)), text_of(p))
        for p in body_paragraphs(ladder_data)  # every paragraph in order, as Word counts
    ]
    assert [pair for pair in labels if pair[1] in dict(map(reversed, LADDER_ITEMS))] == [
        (label, item) for label, item in LADDER_ITEMS
    ]


def test_each_rung_has_one_definition_with_ids_past_the_template(ladder_data: bytes):
    numbering = part(ladder_data, "word/numbering.xml")
    template = part(TEMPLATE.read_bytes(), "word/numbering.xml")
    ids = [int(a.get(f"{W}abstractNumId")) for a in numbering.findall("w:abstractNum", NS)]
    before = [int(a.get(f"{W}abstractNumId")) for a in template.findall("w:abstractNum", NS)]
    assert ids == [*before, *range(max(before) + 1, max(before) + 1 + len(LADDER_FORMATS))]
    # Schema order: every definition before the first list instance.
    tags = [etree.QName(child).localname for child in numbering]
    assert tags == sorted(tags, key=lambda tag: tag != "abstractNum")


def no_lists_template(tmp_path: Path) -> Path:
    def edit(name: str, content: bytes) -> bytes:
        if name == "word/_rels/document.xml.rels":
            return re.sub(rb"<Relationship [^>]*numbering\.xml\"/>", b"", content)
        return content.replace(
            b'<Override PartName="/word/numbering.xml"', b'<Override PartName="/x"'
        )

    template = tmp_path / "no-lists.docx"
    template.write_bytes(
        _rewrite_package(TEMPLATE.read_bytes(), edit, drop=("word/numbering.xml",))
    )
    return template


def test_without_a_list_for_list_number_the_ladder_is_typed(tmp_path: Path):
    document = build_document(sections=ladder_sections())
    data = render_docx(document, template=no_lists_template(tmp_path))
    paragraphs = [p for p in body_paragraphs(data) if style_of(p) == "ListNumber"]
    assert [text_of(p) for p in paragraphs] == [
        f"{label} {item}" if label.endswith(".") else label + item for label, item in LADDER_ITEMS
    ]


def test_typed_circled_numbers_become_plain_past_twenty(tmp_path: Path):
    items = tuple(f"第{n}步" for n in range(1, 23))
    deep = Section("第四层", 4, (steps(*items),))
    nested = Section("甲", 1, (), (Section("乙", 2, (), (Section("丙", 3, (), (deep,)),)),))
    data = render_docx(build_document(sections=(nested,)), template=no_lists_template(tmp_path))
    texts = [text_of(p) for p in body_paragraphs(data) if style_of(p) == "ListNumber"]
    assert (
        texts[0] == "①第1步" and texts[19] == "⑳第20步" and texts[20:] == ["21第21步", "22第22步"]
    )


@pytest.mark.parametrize("typed", [False, True], ids=["word-numbering", "typed-labels"])
def test_readers_take_list_items_without_their_labels(typed: bool, tmp_path: Path):
    from bidgen.lint import lint_file
    from bidgen.readback.reader import read_proposal

    template = no_lists_template(tmp_path) if typed else None
    path = tmp_path / "ladder.docx"
    path.write_bytes(render_docx(build_document(sections=ladder_sections()), template=template))
    read = read_proposal(path)
    items = [b.plain for section in read.sections for b in section.blocks if b.kind == "item"]
    assert items == [item for _label, item in LADDER_ITEMS]
    arrival = [p.promise for p in lint_file(path, None, (), ()).promises]
    assert [(p.kind, p.value_text) for p in arrival] == [("arrival", "2小时")]


def test_docx_reads_back_like_the_model(data: bytes, tmp_path: Path):
    from bidgen.diff.document import diff_document
    from bidgen.readback.from_model import read_model
    from bidgen.readback.reader import read_proposal

    path = tmp_path / "p.docx"
    path.write_bytes(data)
    doc = build_document()
    expected = diff_document(read_model(doc, "p"))
    assert diff_document(read_proposal(path)).sections == expected.sections


# --- LibreOffice end to end ----------------------------------------------------------


needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils is not installed"
)


def libreoffice_pdf(data: bytes, tmp_path: Path) -> Path:
    """The DOCX as LibreOffice prints it (Debian's fonts standing in for 宋体/黑体)."""
    source = tmp_path / "proposal.docx"
    source.write_bytes(data)
    env = {**os.environ, "FONTCONFIG_FILE": str(ROOT / "tests" / "fontconfig" / "aliases.conf")}
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        env=env,
        timeout=180,
    )
    return tmp_path / "proposal.pdf"


@pytest.mark.slow
@needs_libreoffice
@needs_pdftotext
def test_libreoffice_draws_the_list_ladder(ladder_data: bytes, tmp_path: Path):
    pdf = libreoffice_pdf(ladder_data, tmp_path)
    layout = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    # LibreOffice spaces Latin digits from Chinese text (w:autoSpaceDN): "2 小时".
    lines = [re.sub(r"(?<=\d) (?=[^\x00-\x7f])", "", line.strip()) for line in layout.splitlines()]
    items = [line for line in lines if line.endswith(("项", "续", "现场"))]
    assert items == [
        f"{label} {item}" if label.endswith(".") else label + item for label, item in LADDER_ITEMS
    ]


@pytest.mark.slow
@needs_libreoffice
@needs_pdftotext
def test_libreoffice_prints_the_chinese_outline_numbers(data: bytes, tmp_path: Path):
    pdf = libreoffice_pdf(data, tmp_path)
    layout = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    pages = layout.stdout.split("\f")
    assert PROJECT in squash(pages[0])  # the cover
    # Page 2, the TOC: each listed heading, a dot leader and a page number.
    toc = re.findall(r"^\s*(\S.*?)\s*\.{4,}\s*(\d+)\s*$", pages[1], re.MULTILINE)
    listed = [(level, label) for level, label in HEADINGS if level <= 2]
    assert [squash(text) for text, _page in toc] == [label for _level, label in listed]
    # LibreOffice shows the stored page numbers, the writer's estimate: each
    # chapter's is the page it prints the chapter on, a section's at most one off.
    found = 2  # the body starts on page 3
    for (level, label), (_text, page) in zip(listed, toc, strict=True):
        while label not in squash(pages[found]):
            found += 1
        assert int(page) - (found + 1) in ((0,) if level == 1 else (-1, 0, 1)), (label, page)
    text = squash("".join(pages[2:]))
    position = 0  # every heading, in order, numbered
    for _level, label in HEADINGS:
        position = text.index(label, position) + len(label)
    assert "（1）接报登记（2）远程诊断（3）派单到场" in text  # lists under "1." headings
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"NotoSerifCJK", fonts.stdout), fonts.stdout


def test_row_properties_come_before_the_cells(data: bytes):
    """ECMA-376 puts ``w:trPr`` before a row's cells; Word reports a file whose rows
    carry it after them as unreadable."""
    root = etree.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml"))
    rows = root.iter(f"{W}tr")
    checked = 0
    for row in rows:
        tags = [child.tag for child in row]
        if f"{W}trPr" in tags:
            assert tags.index(f"{W}trPr") == 0, tags[:3]
            checked += 1
    assert checked >= 5


def _lines_one_by_one(room: float, x: float, text: str) -> int:
    """The page estimate's line count as first written: one character at a time."""
    from bidgen.writers.docx.pages import AUTOSPACE, HANGING

    tokens = re.compile(r"[《“（「『‘〈【]*(?:[!-~]+| +|.)", re.DOTALL)
    count = 1
    for token in tokens.findall(text):
        if token == "\n":
            count, x = count + 1, 0.0
            continue
        if len(token) == 1 and token > "~":
            size = 1.0
        elif token[0] == " ":
            size = len(token) * 0.25
        else:
            narrow = len(token.encode("ascii", "ignore"))
            size = len(token) - narrow / 2 + sum(c.isupper() for c in token) * 0.2
            size += (2 if x else 1) * AUTOSPACE if narrow else 0
        if x + size > room and x > 0 and token not in HANGING:
            count, x = count + 1, 0.0
            if token[0] == " ":
                continue
        x += size
    return count


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet="服务响应，。、“（《GB ab\n12", max_size=120),
    st.integers(min_value=1, max_value=40),
    st.sampled_from([0.0, 1.0, 2.0, 2.5]),
)
def test_page_estimate_counts_runs_of_wide_characters_as_one_by_one(text, width, indent):
    from bidgen.writers.docx.pages import PageEstimate

    metrics = ooxml.Metrics(size=12.0, line=1.5, exact=False, before=0, after=0,
                            first_line=indent * 12, left=0.0)  # fmt: skip
    room = max(width * 12.0 / 12.0, 1.0)
    assert PageEstimate.lines(metrics, text, width * 12.0) == _lines_one_by_one(room, indent, text)
