"""HTML and PDF writers, checked through what readers see (poppler-utils, pypdf).

One small proposal is built inline and laid out once per module; the tests read
the PDF with ``pdftotext``, ``pdffonts`` and ``pdfinfo`` as a reviewer would.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bidgen.core.errors import BidgenError
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
)
from bidgen.writers import fonts as fonts_module
from bidgen.writers.fonts import FontChoice, check_fonts, harfbuzz_subset_warning
from bidgen.writers.html import render_html
from bidgen.writers.layout import column_widths

ROOT = Path(__file__).resolve().parents[2]
POPPLER = ("pdftotext", "pdffonts", "pdfinfo")
needs_poppler = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in POPPLER),
    reason="poppler-utils is not installed (apt-get install poppler-utils)",
)

# Every heading as printed, in reading order, with its outline level.
HEADINGS = [
    (1, "一、服务承诺"),
    (2, "（一）服务范围"),
    (2, "（二）服务标准"),
    (3, "1.响应要求"),
    (4, "（1）电话支持"),
    (1, "二、故障分级与响应时间"),
    (2, "（一）故障定义"),
    (1, "三、培训与巡检"),
    (2, "（一）培训方案"),
    (2, "（二）巡检计划"),
    (3, "1.巡检频次"),
]
FAULT_ROWS = [
    ("一级故障", "15分钟", "1小时", "4小时", "8小时"),
    ("二级故障", "30分钟", "2小时", "8小时", "24小时"),
    ("三级故障", "1小时", "4小时", "24小时", "48小时"),
]
FILLER = (
    "我公司在项目所在地设有常驻服务网点，配备专职工程师，提供7×24小时全天候技术支持，"
    "服务热线接到报修后，值班工程师及时响应并通过远程方式初步诊断故障原因。"
)


def text(value: str, bold: bool = False, italic: bool = False) -> tuple[Span, ...]:
    return (Span(value, bold=bold, italic=italic),)


def para(value: str, style: str = "body") -> Paragraph:
    return Paragraph(text(value), style)


def fault_table() -> Table:
    header = tuple(text(cell) for cell in ("故障等级", "响应", "到达现场", "解决", "备用设备"))
    rows = tuple(tuple(text(cell) for cell in row) for row in FAULT_ROWS)
    return Table(header, rows, caption="表1 故障分级与响应时间")


def chapter_one() -> Section:
    mixed = (
        Span("我方承诺"),
        Span("全天候", bold=True),
        Span("响应，"),
        Span("节假日", italic=True),
    )
    blocks = (
        Paragraph(mixed),
        *(para(FILLER) for _ in range(12)),
        ListBlock(True, (text("电话支持"), text("远程支持"), text("现场支持"))),
        para("注：服务时间以采购人通知为准。", "note"),
    )
    phone = Section("电话支持", 4, (para("服务热线10分钟内接听。"),))
    response = Section("响应要求", 3, (para(FILLER),), (phone,))
    children = (
        Section("服务范围", 2, (para(FILLER),)),
        Section("服务标准", 2, (para(FILLER),), (response,)),
    )
    return Section("服务承诺", 1, blocks, children)


def sample_document() -> Document:
    faults = Section(
        "故障分级与响应时间",
        1,
        (para("故障分为三级，响应时限如下表。"), fault_table()),
        (Section("故障定义", 2, (ListBlock(False, (text("系统中断"), text("性能下降"))),)),),
        page_break_before=True,
    )
    training = Section(
        "培训与巡检",
        1,
        (para("培训与巡检安排如下。"), PageBreak(), para("巡检结束后提交报告。", "plain")),
        (
            Section("培训方案", 2, (para("培训采用理论与实操相结合的方式。"),)),
            Section("巡检计划", 2, (), (Section("巡检频次", 3, (para("每季度一次。"),)),)),
        ),
    )
    fields = (
        CoverField("项目名称", "测试政务云运维项目"),
        CoverField("包    号", "第1包"),
        CoverField("投标人", "测试投标公司"),
    )
    return Document(
        meta=Meta(
            title="测试政务云运维项目 售后服务方案",
            author="测试投标公司",
            subject="售后服务方案",
            keywords="TEST-001；运维服务；售后服务",
            language="zh-CN",
            date=dt.date(2026, 11, 20),
            header_text="测试政务云运维项目",
        ),
        cover=Cover("售后服务方案", "测试政务云运维项目", fields, "测试投标公司", "2026年11月20日"),
        sections=(chapter_one(), faults, training),
        signature=Signature(
            "投标人名称（盖章）",
            "测试投标公司",
            "法定代表人或授权代表（签字）",
            "",
            "日期",
            "2026年11月20日",
        ),
    )


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from bidgen.writers.pdf import render_pdf

    path = tmp_path_factory.mktemp("pdf") / "proposal.pdf"
    path.write_bytes(render_pdf(sample_document(), FontChoice()))
    return path


def run(*args: str | Path) -> str:
    return subprocess.run(
        [str(arg) for arg in args], capture_output=True, text=True, check=True
    ).stdout


def page_text(pdf: Path, page: int) -> str:
    return run("pdftotext", "-layout", "-f", str(page), "-l", str(page), pdf, "-")


def page_count(pdf: Path) -> int:
    match = re.search(r"^Pages:\s+(\d+)", run("pdfinfo", pdf), re.MULTILINE)
    assert match
    return int(match.group(1))


def toc_entries(pdf: Path) -> list[tuple[str, int]]:
    entries = []
    for line in page_text(pdf, 2).splitlines():
        match = re.match(r"^\s*(.+?)[ .]+(\d+)\s*$", line)
        if match and "页" not in line:
            entries.append((match.group(1).strip(), int(match.group(2))))
    return entries


# --- HTML -------------------------------------------------------------------------------


def test_html_declares_language_and_charset() -> None:
    html = render_html(sample_document(), FontChoice())
    assert '<html lang="zh-CN">' in html
    assert '<meta charset="utf-8">' in html
    assert '<meta name="dcterms.created" content="2026-11-20">' in html
    assert "<link" not in html and "<script" not in html and "http" not in html  # self-contained


def test_html_escapes_text_and_font_names() -> None:
    doc = sample_document()
    risky = Section("A<b>&C", 1, (Paragraph((Span("x < y & z\n第二行"),)),))
    doc = Document(doc.meta, doc.cover, (risky,), None)
    html = render_html(doc, FontChoice(serif='Evil"</style><script>', sans="Noto Sans CJK SC"))
    assert "一、A&lt;b&gt;&amp;C" in html
    assert "x &lt; y &amp; z<br>第二行" in html
    assert "<script>" not in html
    assert '"Evil\\22 \\3c /style\\3e \\3c script\\3e "' in html


def test_html_marks_breaks_and_numbers_headings() -> None:
    html = render_html(sample_document(), FontChoice())
    assert '<section class="level-1 break-before">' in html
    assert '<div class="page-break"></div>' in html
    assert '<h4 id="h-1-2-1-1">（1）电话支持</h4>' in html
    assert '<a class="toc-entry toc-2" href="#h-1-2">（二）服务标准</a>' in html
    assert 'href="#h-1-2-1"' not in html  # levels 3 and 4 stay out of the TOC
    assert '<p class="note">' in html and '<p class="plain">' in html


def test_column_widths_follow_the_text() -> None:
    table = Table(
        (text("级别"), text("定义")),
        ((text("一级"), text("系统瘫痪或核心业务中断，影响全部用户，须立即处理并上报")),),
    )
    narrow, wide = column_widths(table)
    assert narrow + wide == pytest.approx(100, abs=0.2)
    assert narrow < wide


def test_writers_do_not_import_weasyprint() -> None:
    code = (
        "import sys, bidgen.writers.fonts, bidgen.writers.html, bidgen.writers.pdf\n"
        "sys.exit('weasyprint' in sys.modules)"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


# --- fonts ------------------------------------------------------------------------------


def test_check_fonts_accepts_installed_families() -> None:
    check_fonts(FontChoice())


def test_check_fonts_rejects_a_near_miss() -> None:
    with pytest.raises(BidgenError) as raised:
        check_fonts(FontChoice(serif="Noto Serif CJK"))
    message = str(raised.value)
    assert "“Noto Serif CJK”" in message
    assert "--font-serif" in message and "fonts" in message


def test_check_fonts_without_any_cjk_font(tmp_path: Path) -> None:
    config = tmp_path / "fonts.conf"
    config.write_text("<fontconfig></fontconfig>\n", encoding="utf-8")
    code = (
        "from bidgen.core.errors import BidgenError\n"
        "from bidgen.writers.fonts import FontChoice, check_fonts\n"
        "try:\n"
        "    check_fonts(FontChoice())\n"
        "except BidgenError as exc:\n"
        "    print(exc)\n"
        "else:\n"
        "    print('no error')\n"
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(config), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert "fonts-noto-cjk" in result.stdout
    assert "--font-serif" in result.stdout


def test_harfbuzz_warning_names_the_debian_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts_module, "_load_first", lambda names: None)
    warning = harfbuzz_subset_warning()
    assert warning is not None and "libharfbuzz-subset0" in warning


def test_harfbuzz_is_found_here() -> None:
    # dev.sh and CI install libharfbuzz-subset0; without it PDFs take ~19 s.
    assert harfbuzz_subset_warning() is None


# --- PDF --------------------------------------------------------------------------------


@needs_poppler
def test_pdf_headings_appear_in_order(pdf_file: Path) -> None:
    body = run("pdftotext", "-layout", "-f", "3", pdf_file, "-")
    positions = [body.find(title) for _, title in HEADINGS]
    assert -1 not in positions, [t for (_, t), p in zip(HEADINGS, positions, strict=True) if p < 0]
    assert positions == sorted(positions)


@needs_poppler
def test_pdf_table_figures_in_order(pdf_file: Path) -> None:
    body = run("pdftotext", "-layout", "-f", "3", pdf_file, "-")
    assert "表1 故障分级与响应时间" in body
    for row in FAULT_ROWS:
        assert re.search(r"\s+".join(map(re.escape, row)), body), row


@needs_poppler
def test_pdf_embeds_only_subset_cjk_fonts(pdf_file: Path) -> None:
    rows = run("pdffonts", pdf_file).splitlines()[2:]
    assert rows
    for row in rows:
        assert re.search(r"\byes\s+yes\s+yes\b", row), row  # emb, sub, uni
        assert "Noto-Serif-CJK-SC" in row or "Noto-Sans-CJK-SC" in row, row
    names = " ".join(rows)
    assert "Noto-Serif-CJK-SC" in names and "Noto-Sans-CJK-SC" in names


@needs_poppler
def test_toc_page_numbers_match_the_pages(pdf_file: Path) -> None:
    entries = toc_entries(pdf_file)
    assert [title for title, _ in entries] == [t for level, t in HEADINGS if level <= 2]
    assert len({page for _, page in entries}) >= 3  # the test document spans pages
    for title, page in entries:
        assert title in page_text(pdf_file, page), (title, page)
        assert title not in page_text(pdf_file, page - 1) or page - 1 == 2, (title, page)


@needs_poppler
def test_cover_has_no_footer_and_later_pages_do(pdf_file: Path) -> None:
    total = page_count(pdf_file)
    cover = page_text(pdf_file, 1)
    assert "售后服务方案" in cover and re.search(r"包\s+号：\s+第1包", cover)
    assert "页" not in cover
    toc = page_text(pdf_file, 2)
    assert re.search(rf"第\s*2\s*页\s*共\s*{total}\s*页", toc)
    assert toc.lstrip().startswith("测试政务云运维项目")  # running header
    assert "目  录" in toc or "目 录" in toc


@needs_poppler
def test_chapter_with_page_break_starts_a_page(pdf_file: Path) -> None:
    entries = dict(toc_entries(pdf_file))
    page = page_text(pdf_file, entries["二、故障分级与响应时间"])
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    assert lines[1] == "二、故障分级与响应时间"  # right under the running header


@needs_poppler
def test_pdf_metadata_comes_from_the_model(pdf_file: Path) -> None:
    info = run("pdfinfo", "-isodates", pdf_file)
    assert re.search(r"^Title:\s+测试政务云运维项目 售后服务方案$", info, re.MULTILINE)
    assert re.search(r"^Author:\s+测试投标公司$", info, re.MULTILINE)
    assert "TEST-001；运维服务；售后服务" in info
    assert re.search(r"^CreationDate:\s+2026-11-20", info, re.MULTILINE)
    assert re.search(r"^ModDate:\s+2026-11-20", info, re.MULTILINE)
    assert re.search(r"^Page size:.*\(A4\)", info, re.MULTILINE)


def test_pdf_outline_has_one_entry_per_heading(pdf_file: Path) -> None:
    import pypdf  # a test dependency (pyproject: test extra)

    reader = pypdf.PdfReader(pdf_file)

    def flatten(items: list, level: int) -> list[tuple[int, str]]:
        found: list[tuple[int, str]] = []
        for item in items:
            if isinstance(item, list):
                found += flatten(item, level + 1)
            else:
                found.append((level, item.title))
        return found

    assert flatten(reader.outline, 1) == HEADINGS
    assert reader.pdf_header.startswith("%PDF-")
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_pdf_is_deterministic(pdf_file: Path) -> None:
    from bidgen.writers.pdf import render_pdf

    assert render_pdf(sample_document(), FontChoice()) == pdf_file.read_bytes()
    assert gc.isenabled()  # render_pdf pauses the collector only while it lays out


@needs_poppler
def test_lists_are_marked_as_in_the_docx(pdf_file: Path) -> None:
    # A list under a chapter counts （一）（二）（三） and bullets are ●, as in the DOCX.
    body = run("pdftotext", "-layout", "-f", "3", pdf_file, "-")
    assert re.search(r"（一）\s*电话支持\s+（二）\s*远程支持\s+（三）\s*现场支持", body)
    assert re.search(r"●\s*系统中断\s+●\s*性能下降", body)


# A list under a heading of each level, and the labels its items take: one rung
# below the heading (一、 -> （一）, （一） -> 1., 1. -> （1）, （1） -> ①).
LADDER_ITEMS = [
    ("（一）", "甲项。"),  # a sentence: plain text reads it as an item, not a heading （一）
    ("（二）", "甲项续。"),
    ("1.", "2小时内到达现场"),  # "1." before a figure: read as 2小时, not 1.2小时
    ("2.", "乙项续"),
    ("（1）", "丙项"),
    ("（2）", "丙项续"),
    ("①", "丁项"),
    ("②", "丁项续"),
]


def ladder_document() -> Document:
    def items(level: int) -> ListBlock:
        pairs = LADDER_ITEMS[2 * level - 2 : 2 * level]
        return ListBlock(True, tuple(text(item) for _label, item in pairs))

    fourth = Section("第四层", 4, (items(4),))
    third = Section("第三层", 3, (items(3),), (fourth,))
    second = Section("第二层", 2, (items(2),), (third,))
    chapter = Section("第一层", 1, (items(1),), (second,))
    return dataclasses.replace(sample_document(), sections=(chapter,))


@pytest.fixture(scope="module")
def ladder_text(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The text pdftotext reads from the ladder document's PDF."""
    from bidgen.writers.pdf import render_pdf

    folder = tmp_path_factory.mktemp("ladder")
    pdf = folder / "ladder.pdf"
    pdf.write_bytes(render_pdf(ladder_document(), FontChoice()))
    path = folder / "ladder.txt"
    path.write_text(run("pdftotext", "-layout", "-f", "3", pdf, "-"), encoding="utf-8")
    return path


def test_html_lists_take_the_counter_style_of_their_rung() -> None:
    html = render_html(ladder_document(), FontChoice())
    classes = re.findall(r'<ol class="(ladder-\d)"', html)
    assert classes == ["ladder-1", "ladder-2", "ladder-3", "ladder-4"]
    assert re.search(r"@counter-style ladder-2 \{[^}]*suffix: \". \";", html)
    assert re.search(r'@counter-style ladder-3 \{[^}]*prefix: "（";\s*suffix: "）";', html)


@needs_poppler
def test_pdf_lists_count_one_rung_below_their_heading(ladder_text: Path) -> None:
    lines = [line.strip() for line in ladder_text.read_text(encoding="utf-8").splitlines()]
    items = [line for line in lines if line.endswith(("项", "续", "现场", "。"))]
    assert items == [
        f"{label} {item}" if label.endswith(".") else label + item for label, item in LADDER_ITEMS
    ]


@needs_poppler
def test_pdf_text_reads_list_items_without_their_labels(ladder_text: Path) -> None:
    from bidgen.lint import lint_file
    from bidgen.readback.reader import read_proposal

    read = read_proposal(ladder_text)
    plain = [block.plain for section in read.sections for block in section.blocks]
    assert [line for line in plain if line.endswith(("项", "续", "现场", "。"))] == [
        item for _label, item in LADDER_ITEMS
    ]
    promises = [found.promise for found in lint_file(ladder_text, None, (), ()).promises]
    assert [(p.kind, p.value_text) for p in promises] == [("arrival", "2小时")]
