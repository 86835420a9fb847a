"""The 偏离表's 说明 cells print the page of each section they point to, in the PDF
(checked with pdftotext against the page where the heading stands) and in the DOCX
(a PAGEREF field to the heading's bookmark); the Markdown prints no page numbers."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from bidgen.build import build_document
from bidgen.generate.deviation import Outline
from bidgen.model import numbered_title, plain_text
from tests.conftest import ROOT, SAMPLES

SAMPLE = SAMPLES / "it_ops.yaml"
REFERENCE = re.compile(r"“([^”]+)”（第(\d+)页）")
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pages") / "out"
    command = [sys.executable, "-m", "bidgen.cli", "build", str(SAMPLE), "-o", str(out), "-q"]
    subprocess.run([*command, "-f", "md,docx,pdf"], cwd=ROOT, check=True, timeout=300)
    return {path.suffix: path for path in out.iterdir()}


def _pages(pdf: Path) -> list[list[str]]:
    # -raw: content-stream order, so a table cell's lines are not interleaved with the next cell's
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return [
        [re.sub(r"\s+", "", line) for line in page.splitlines()] for page in text.stdout.split("\f")
    ]


def _heading_pages(pages: list[list[str]]) -> dict[str, int]:
    """Each section's label -> the page (1-based) where its heading line stands, found in order."""
    document = build_document(SAMPLE).document
    found: dict[str, int] = {}
    page = 0
    for place in Outline(document.sections).places:
        title = re.sub(r"\s+", "", numbered_title(place.section, place.path[-1]))
        start = page
        while title not in pages[page]:
            page += 1
            assert page < len(pages), f"heading {title} not found after page {start + 1}"
        found[place.label] = page + 1
    return found


@needs_pdftotext
def test_pdf_page_in_each_note_is_the_page_of_its_heading(built: dict[str, Path]) -> None:
    pages = _pages(built[".pdf"])
    # The TOC lists headings with dots and numbers: search for the headings after it.
    first = next(i for i, lines in enumerate(pages) if "目录" in lines)
    body = [[] for _ in range(first + 1)] + pages[first + 1 :]
    headings = _heading_pages(body)
    printed = [
        (label, int(number))
        for lines in pages[first + 1 :]
        for label, number in REFERENCE.findall("".join(lines))
    ]
    assert len(printed) >= 5
    for label, number in printed:
        assert headings[label] == number, (
            f"{label}: printed 第{number}页, heading on page {headings[label]}"
        )


def test_docx_note_has_a_pageref_to_the_headings_bookmark(built: dict[str, Path]) -> None:
    with zipfile.ZipFile(built[".docx"]) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    bookmarks = set(re.findall(r'<w:bookmarkStart w:id="\d+" w:name="([^"]+)"/>', xml))
    # A 说明 cell: 详见“…”, then （第, a PAGEREF field with a cached page, 页）.
    refs = re.findall(
        r"</w:t></w:r><w:r><w:t xml:space=\"preserve\">（第</w:t></w:r>"
        r'<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        r'<w:r><w:instrText xml:space="preserve"> PAGEREF (\S+) \\h </w:instrText></w:r>'
        r'<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>(\d+)</w:t></w:r>'
        r'<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t xml:space="preserve">页）',
        xml,
    )
    assert len(refs) >= 5
    assert all(name in bookmarks and int(page) >= 2 for name, page in refs)


def test_markdown_and_the_model_text_have_no_page_numbers(built: dict[str, Path]) -> None:
    markdown = built[".md"].read_text("utf-8")
    assert "详见“" in markdown and not re.search(r"第\d+页", markdown)
    document = build_document(SAMPLE).document
    section = next(s for s in document.sections if s.key == "deviation")
    table = next(b for b in section.blocks if hasattr(b, "rows"))
    notes = [row[-1] for row in table.rows]
    assert any(span.page_of for note in notes for span in note)
    assert all("页" not in plain_text(note) for note in notes)


def test_readback_leaves_out_the_page_reference_but_not_typed_pages() -> None:
    import docx

    from bidgen.readback.docx import text_of
    from bidgen.writers import ooxml

    paragraph = docx.Document().add_paragraph("详见“四、故障分级与响应时间”")
    ooxml.add_page_ref(paragraph, "_Toc000000004", "12", "（第", "页）")
    paragraph.add_run("；另见第5页")
    assert text_of(paragraph._p) == "详见“四、故障分级与响应时间”；另见第5页"
