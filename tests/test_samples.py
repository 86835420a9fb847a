"""The four sample proposals as users get them: complete, clean, specific to their industry.

The fast tests read the document model, its Markdown export and the DOCX XML (against
golden files); the slow ones run the real `bidgen build` and read the PDF with
poppler-utils (one against a golden text) and the DOCX through LibreOffice, as a
reviewer would.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

from bidgen.build import build_document
from bidgen.core.vocabulary import PROCUREMENT_TYPES, PURCHASER_TERMS, SELF_TERMS
from bidgen.diff.compare import char_segments
from bidgen.model import Document, Figure, Paragraph, Table, numbered_title, plain_text
from bidgen.profile.loading import load_profile
from bidgen.profile.models import FAMILIES
from bidgen.validate.rules.residue import foreign_words
from bidgen.writers.docx import render_docx
from bidgen.writers.markdown import render_markdown
from tests.conftest import ROOT, SAMPLES, assert_golden

SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))
IDS = [path.stem for path in SAMPLE_FILES]
FONTCONFIG = ROOT / "tests" / "fontconfig" / "aliases.conf"
# The package parts the document fills: the body, the list instances (one per ordered
# list), the headers (project name) and the core properties. Styles, settings, theme
# and footers are the template's, checked against make_proposal_template.py.
DOCX_GOLDEN_PARTS = re.compile(r"word/(document|numbering|header\d+)\.xml|docProps/core\.xml")


@cache
def document(sample: Path) -> Document:
    return build_document(sample).document


def headings(doc: Document, depth: int = 4) -> list[tuple[int, str]]:
    """Every printed heading (level, 一、…) in reading order."""
    found: list[tuple[int, str]] = []

    def walk(sections, level: int) -> None:
        for index, section in enumerate(sections, start=1):
            if section.level <= depth:
                found.append((section.level, numbered_title(section, index)))
            walk(section.children, level + 1)

    walk(doc.sections, 1)
    return found


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=IDS)
def test_every_family_is_a_chapter(sample: Path):
    profile = load_profile(sample).profile
    expected = [family for family in FAMILIES if family != "raci" or profile.responsibility]
    assert [section.key for section in document(sample).sections] == expected


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=IDS)
def test_no_vocabulary_of_another_industry(sample: Path):
    built = build_document(sample)
    text = render_markdown(built.document)
    leaked = sorted(word for word in foreign_words(built.loaded) if word in text)
    assert leaked == []


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=IDS)
def test_cover_and_body_use_one_pair_of_party_terms(sample: Path):
    profile = load_profile(sample).profile
    doc = document(sample)
    pair = PROCUREMENT_TYPES[profile.project.procurement_type]
    labels = [field.label for field in doc.cover.fields]
    assert labels[-2:] == [pair.purchaser, pair.bidder]
    assert doc.signature.bidder_label == f"{pair.bidder}名称（盖章）"
    text = render_markdown(doc)
    # the body names the purchaser as the cover does, and the bidder in the first person
    assert profile.terminology.purchaser == pair.purchaser
    assert profile.terminology.bidder in SELF_TERMS
    others = [t for t in PURCHASER_TERMS if t not in (pair.purchaser, "用户")]
    assert [t for t in others if t in text.replace(profile.project.purchaser, "")] == []
    assert text.count(profile.terminology.bidder) > 20


def _tables(sections, title: str):
    for section in sections:
        for block in section.blocks:
            if isinstance(block, Table) and title in (block.caption or ""):
                yield block
        yield from _tables(section.children, title)


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=IDS)
def test_training_table_names_trainer_and_dates(sample: Path):
    profile = load_profile(sample).profile
    (table,) = _tables(document(sample).sections, "培训课程安排")
    header = [plain_text(cell) for cell in table.header]
    trainer, dates = header.index("授课人"), header.index("培训时间")
    rows = [[plain_text(cell) for cell in row] for row in table.rows]
    for course, row in zip(profile.training.courses, rows, strict=False):
        assert (row[trainer], row[dates]) == (course.trainer, course.dates)


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=IDS)
def test_no_template_residue(sample: Path):
    text = render_markdown(document(sample))
    for residue in ("{{", "}}", "{%", "None", "True", "False", "[]", "''"):
        assert residue not in text, residue


def test_one_arrival_time_changes_every_mention_and_nothing_else():
    source = (SAMPLES / "security.yaml").read_text("utf-8")
    # 90分钟 prints as 1.5小时, a figure the sample uses nowhere else.
    changed = source.replace("    arrival: 1小时\n", "    arrival: 90分钟\n", 1)
    assert changed != source
    assert "1.5小时" not in render_markdown(document(SAMPLES / "security.yaml"))
    path = ROOT / "tests" / ".tmp-security-3h.yaml"
    path.write_text(changed, "utf-8")
    try:
        new = render_markdown(build_document(path).document).splitlines()
    finally:
        path.unlink()
    old = render_markdown(document(SAMPLES / "security.yaml")).splitlines()
    assert len(old) == len(new)
    pairs = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
    assert len(pairs) >= 3  # the table, the level's own prose, the commitment letter …
    for before, after in pairs:
        edits = [(s.kind, s.text) for s in char_segments(before, after) if s.kind != "equal"]
        assert set(edits) == {("delete", "1"), ("insert", "1.5")}, (before, after)
        assert "一级" in after or "一级" in before


def docx_xml(data: bytes) -> str:
    """The parts of a DOCX that the document fills, as one indented tree to read and diff.

    Each part is canonicalised (C14N: attributes and namespace declarations in a
    fixed order) and then pretty-printed; text, including preserved spaces, is kept.
    """
    package = etree.Element("package")
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        names = sorted(name for name in docx.namelist() if DOCX_GOLDEN_PARTS.fullmatch(name))
        for name in names:
            canonical = etree.tostring(etree.fromstring(docx.read(name)), method="c14n")
            etree.SubElement(package, "part", name=name).append(etree.fromstring(canonical))
    return etree.tostring(package, encoding="unicode", pretty_print=True)


def test_docx_xml_matches_golden(update_golden: bool):
    # One sample: the four share every writer path, and each golden is ~650 KB that a
    # clause edit rewrites; the Markdown goldens already cover every sample's text.
    sample = SAMPLES / "it_ops.yaml"
    xml = docx_xml(render_docx(document(sample)))
    assert_golden(xml, f"{sample.stem}.docx.xml", update_golden)


# --- end to end: the real command, real readers --------------------------------------------


def run(*args: str | Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(arg) for arg in args], capture_output=True, text=True, check=True, env=env
    )
    return result.stdout


def page_count(pdf: Path) -> int:
    match = re.search(r"^Pages:\s+(\d+)", run("pdfinfo", pdf), re.MULTILINE)
    assert match
    return int(match.group(1))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """Every sample built once with the real CLI: DOCX, PDF and Markdown."""
    out = tmp_path_factory.mktemp("samples")
    files: dict[str, dict[str, Path]] = {}
    for sample in SAMPLE_FILES:
        target = out / sample.stem
        run(sys.executable, "-m", "bidgen.cli", "build", sample, "-o", target, "-q")
        files[sample.stem] = {path.suffix[1:]: path for path in target.iterdir() if path.is_file()}
    return files


needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")


@pytest.mark.slow
@needs_poppler
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=IDS)
def test_pdf_is_complete_and_typeset(sample: Path, built):
    pdf = built[sample.stem]["pdf"]
    pages = page_count(pdf)
    # Word's 1.5 line spacing is 1.5 times the face's line height, in the PDF as in the DOCX.
    assert 30 <= pages <= 65, pages
    body = squeeze(run("pdftotext", "-f", "3", pdf, "-"))
    position = 0
    for _level, title in headings(document(sample)):  # each after the one before
        found = body.find(squeeze(title), position)
        assert found >= 0, title
        position = found + len(squeeze(title))
    for level in load_profile(sample).profile.fault_levels:
        times = [level.name, f"{level.response}"]
        assert re.search(".*?".join(map(re.escape, times)), body), times
    for row in run("pdffonts", pdf).splitlines()[2:]:
        assert re.search(r"\byes\s+yes\s+yes\b", row) and "CJK" in row, row


@pytest.mark.slow
@needs_poppler
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=IDS)
def test_pdf_toc_points_at_the_right_pages(sample: Path, built):
    pdf = built[sample.stem]["pdf"]
    toc = run("pdftotext", "-layout", "-f", "2", "-l", "6", pdf, "-")
    entries = {}
    for line in toc.splitlines():
        match = re.match(r"^\s*(\S.*?)[ .]{3,}(\d+)\s*$", line)
        if match:
            entries[squeeze(match.group(1))] = int(match.group(2))
    chapters = [title for level, title in headings(document(sample)) if level == 1]
    assert [squeeze(title) for title in chapters] == [
        t for t in entries if t in map(squeeze, chapters)
    ]
    for title in chapters:
        page = entries[squeeze(title)]
        assert squeeze(title) in squeeze(run("pdftotext", "-f", page, "-l", page, pdf, "-"))


@pytest.mark.slow
@needs_poppler
def test_pdf_text_matches_golden(built, update_golden: bool):
    """The PDF as pdftotext lays it out: every page, header, footer and TOC line."""
    pdf = built["it_ops"]["pdf"]
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert_golden(text, "it_ops.pdf.txt", update_golden)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=IDS)
def test_docx_opens_in_libreoffice_with_every_chapter(sample: Path, built, tmp_path: Path):
    docx = built[sample.stem]["docx"]
    env = {**os.environ, "HOME": str(tmp_path)}
    if FONTCONFIG.is_file():
        env["FONTCONFIG_FILE"] = str(FONTCONFIG)
    run(
        "soffice",
        f"-env:UserInstallation=file://{tmp_path}/lo",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        tmp_path,
        docx,
        env=env,
    )
    pdf = tmp_path / f"{docx.stem}.pdf"
    pages = page_count(pdf)
    # LibreOffice sets Noto CJK with taller lines than the PDF writer's 1.5 line height.
    assert 25 <= pages <= 60, pages
    text = squeeze(run("pdftotext", pdf, "-"))
    chapters = [title for level, title in headings(document(sample)) if level == 1]
    # Each heading in order after the TOC (which ends with the last chapter's title); the
    # deviation table's 说明 may quote a chapter title, so look forward, not for the last one.
    cursor = text.find(squeeze(chapters[-1])) + 1
    positions = []
    for title in chapters:
        cursor = text.find(squeeze(title), cursor)
        positions.append(cursor)
        cursor += 1
    assert -1 not in positions
    assert_signed_with_letter(pdf, document(sample))


def assert_signed_with_letter(pdf: Path, doc: Document) -> None:
    """The signature block shares its page with the letter's closing paragraph."""
    assert doc.signature is not None
    letter = doc.sections[-1]
    closing = next(b for b in reversed(letter.blocks) if isinstance(b, Paragraph))
    for page in range(1, page_count(pdf) + 1):
        text = squeeze(run("pdftotext", "-f", str(page), "-l", str(page), pdf, "-"))
        if squeeze(doc.signature.bidder_label) in text:
            assert squeeze(closing.text) in text, f"page {page}: signature without its letter"
            assert squeeze(doc.signature.date_label + "：" + doc.signature.date_text) in text
            return
    raise AssertionError("no signature block in the PDF")


@pytest.mark.slow
@needs_poppler
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=IDS)
def test_signature_block_is_on_the_page_of_its_letter(sample: Path, built):
    assert_signed_with_letter(built[sample.stem]["pdf"], document(sample))


@pytest.mark.slow
@needs_poppler
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=IDS)
def test_pdf_shows_the_figures_with_their_text(sample: Path, built):
    """The figures are vector drawings: pdftotext reads their captions and their labels."""
    pdf = built[sample.stem]["pdf"]
    text = squeeze(run("pdftotext", pdf, "-"))
    figures = [
        block
        for _, section in document(sample).walk()
        for block in section.blocks
        if isinstance(block, Figure)
    ]
    assert [f.name for f in figures] == ["organization", "fault_flow", "escalation"]
    for figure in figures:
        assert squeeze(figure.caption) in text
        for label in figure.labels:
            assert squeeze(label) in text, (figure.name, label)
    assert "image" not in run("pdfimages", "-list", pdf).split("\n", 2)[-1]  # no bitmaps
