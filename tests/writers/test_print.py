"""What the printed and shared files carry besides the text: no renderer syntax in the
Markdown, no identifiers of the template, no tool names; the bidder is the author."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from bidgen.build import build_document
from bidgen.writers.docx import render_docx
from bidgen.writers.fonts import FontChoice
from bidgen.writers.markdown import render_markdown
from tests.conftest import SAMPLES

SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))
IDS = [path.stem for path in SAMPLE_FILES]


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=IDS)
def test_markdown_has_no_renderer_attributes(sample: Path):
    text = render_markdown(build_document(sample).document, "figures/x-")
    assert "{." not in text
    assert "投标人名称（盖章）：" in text  # the signature lines are still there


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=IDS)
def test_docx_carries_no_template_identifiers_and_names_the_bidder(sample: Path):
    built = build_document(sample)
    bidder = built.loaded.profile.bidder.name
    with zipfile.ZipFile(io.BytesIO(render_docx(built.document))) as docx:
        parts = {
            name: docx.read(name).decode("utf-8")
            for name in docx.namelist()
            if name.endswith(".xml") or name.endswith(".rels")
        }
    for name, xml in parts.items():
        assert not re.search(r"w:rsid\w*=", xml), name
        assert "<w:rsids" not in xml and "docId" not in xml, name
    props = parts["docProps/app.xml"] + parts["docProps/core.xml"]
    assert f"<Company>{bidder}</Company>" in parts["docProps/app.xml"]
    assert f"<dc:creator>{bidder}</dc:creator>" in parts["docProps/core.xml"]
    for tool in ("bidgen", "python-docx", "WeasyPrint", "<Application>"):
        assert tool not in props


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils")
def test_pdf_metadata_names_the_bidder_not_the_tools(tmp_path: Path):
    from bidgen.writers.pdf import render_pdf

    built = build_document(SAMPLES / "medical.yaml")
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(render_pdf(built.document, FontChoice()))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    fields = dict(re.findall(r"^(\w+):\s+(.*)$", info.stdout, re.MULTILINE))
    assert fields["Author"] == built.loaded.profile.bidder.name
    assert "Producer" not in fields and "Creator" not in fields
    assert "weasyprint" not in pdf.read_bytes().lower().decode("latin-1")


def _raci_table(sample: str = "it_ops.yaml"):
    from bidgen.model import Table

    document = build_document(SAMPLES / sample).document
    return next(
        block
        for _, section in document.walk()
        for block in section.blocks
        if isinstance(block, Table) and block.caption and "责任矩阵" in block.caption
    )


def test_matrix_marks_are_centred_in_every_writer():
    from bidgen.writers.html import render_html

    table = _raci_table()
    marks = [n for n in range(1, len(table.header) - 1)]
    assert [table.alignment(n) for n in marks] == ["center"] * len(marks)
    assert table.alignment(0) == "" and table.alignment(len(table.header) - 1) == ""
    document = build_document(SAMPLES / "it_ops.yaml").document
    markdown = render_markdown(document)
    assert "|---|" + ":---:|" * len(marks) + "---|" in markdown
    html = render_html(document, FontChoice())
    assert '<td class="cell-center">△</td>' in html
    with zipfile.ZipFile(io.BytesIO(render_docx(document))) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    cell = re.search(r"<w:tc>(?:(?!</w:tc>).)*<w:t>△</w:t>", xml, re.DOTALL)
    assert cell and '<w:jc w:val="center"/>' in cell.group(0)


def test_matrix_text_columns_are_not_squeezed_by_the_mark_columns():
    from bidgen.writers.layout import TABLE_WIDTH_EM, column_widths

    table = _raci_table()
    widths = column_widths(table)
    text_em = [widths[n] / 100 * TABLE_WIDTH_EM for n in (0, len(widths) - 1)]
    assert min(text_em) >= 7, widths  # 工作事项 and 交付成果: seven characters a line or more
    assert max(widths[1:-1]) < min(widths[0], widths[-1])


def test_legend_keeps_with_its_table_in_the_docx():
    document = build_document(SAMPLES / "it_ops.yaml").document
    with zipfile.ZipFile(io.BytesIO(render_docx(document))) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    legend = xml.index("图例：")
    last_row = xml.rfind("<w:tr>", 0, legend)
    assert last_row > 0 and "<w:keepNext/>" in xml[last_row:legend]


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        (
            "梧溪县社会治安视频监控（雪亮工程）二期建设项目",
            ("梧溪县社会治安视频监控", "（雪亮工程）二期建设项目"),
        ),
        (
            "青屿市市直机关2027年度办公设备集中采购及维保服务项目",
            ("青屿市市直机关2027年度", "办公设备集中采购及维保服务项目"),
        ),
        (
            "枫林县人民医院2027年医学装备采购项目（超声、监护及检验设备）",
            ("枫林县人民医院2027年医学装备采购项目", "（超声、监护及检验设备）"),
        ),
        ("临江市滨湖区政务信息系统运维服务项目", ("临江市滨湖区政务信息系统运维服务项目",)),
    ],
)
def test_cover_title_breaks_between_phrases(name: str, lines: tuple[str, ...]):
    from bidgen.writers.layout import COVER_PROJECT_EM, title_lines

    assert title_lines(name, COVER_PROJECT_EM) == lines
    assert "".join(title_lines(name * 3, COVER_PROJECT_EM)) == name * 3  # nothing lost


def test_cover_lines_reach_both_writers():
    from bidgen.writers.html import render_html

    document = build_document(SAMPLES / "security.yaml").document
    html = render_html(document, FontChoice())
    assert '<p class="cover-project">梧溪县社会治安视频监控<br>（雪亮工程）二期建设项目</p>' in html
    with zipfile.ZipFile(io.BytesIO(render_docx(document))) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    assert re.search(r"梧溪县社会治安视频监控</w:t><w:br/><w:t[^>]*>（雪亮工程）二期建设项目", xml)


def test_no_space_after_full_width_punctuation_of_a_lead_in():
    from bidgen.generate.markdown import parse_markdown
    from bidgen.model import Paragraph

    parsed = parse_markdown("**更换须经同意。** 关键岗位。\n\n**对接与备案**：采购人。\n", "t.md")
    texts = [item.text for item in parsed.items if isinstance(item, Paragraph)]
    assert texts == ["更换须经同意。关键岗位。", "对接与备案：采购人。"]
    parsed = parse_markdown("**Note** text\n", "t.md")  # a Latin space stays
    assert [item.text for item in parsed.items if isinstance(item, Paragraph)] == ["Note text"]


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=IDS)
def test_markdown_emphasis_reads_back_as_emphasis(sample: Path):
    """A CommonMark reader closes every ** (no literal asterisks left in the text)."""
    from markdown_it import MarkdownIt

    text = render_markdown(build_document(sample).document)
    assert "。** " not in text
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    leftovers = [
        child.content
        for token in tokens
        if token.type == "inline"
        for child in token.children or []
        if child.type == "text" and "*" in child.content
    ]
    assert leftovers == []
