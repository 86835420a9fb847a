"""The firm's Word template (--template, style.template) and the profile's style section.

Read back as users get them: python-docx for the DOCX, pdffonts/pdftotext/pdfimages
for the PDF, LibreOffice for the DOCX's page count.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm
from PIL import Image

from bidgen.writers.docx import TEMPLATE
from tests.conftest import MINIMAL_PROFILE, ROOT, SAMPLES

LETTERHEAD = "华信智联科技有限公司"
needs_poppler = pytest.mark.skipif(
    shutil.which("pdffonts") is None, reason="poppler-utils is not installed"
)


def _firm_template(path: Path, east_asia: str = "仿宋") -> Path:
    """A firm's letterhead template made from ours in Word's way: header, body font."""
    word = docx.Document(str(TEMPLATE))
    header = word.sections[-1].header.paragraphs[0]
    for run in header.runs:
        run.text = ""
    header.runs[0].text = f"{LETTERHEAD}　{{{{ header_text }}}}"
    normal = word.styles.element.xpath('w:style[@w:styleId="Normal"]')[0]
    normal.find(qn("w:rPr")).find(qn("w:rFonts")).set(qn("w:eastAsia"), east_asia)
    word.save(str(path))
    return path


def _docx(out: Path) -> docx.document.Document:
    (found,) = out.glob("*.docx")
    return docx.Document(str(found))


def _normal(word: docx.document.Document) -> docx.styles.style.BaseStyle:
    return next(s for s in word.styles if s.name == "Normal")


def _east_asia(style: docx.styles.style.BaseStyle) -> str | None:
    fonts = style.element.find(qn("w:rPr")).find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_template_option_gives_the_firms_letterhead_and_fonts(run_cli, profile_file, tmp_path):
    template = _firm_template(tmp_path / "公司模板.docx")
    installed = hashlib.sha256(TEMPLATE.read_bytes()).hexdigest()
    result = run_cli(
        "build", str(profile_file()), "-o", "out", "-f", "docx", "--template", str(template)
    )
    assert result.code == 0, result.err
    word = _docx(tmp_path / "out")
    assert word.sections[-1].header.paragraphs[0].text == f"{LETTERHEAD}　测试项目"
    assert _east_asia(_normal(word)) == "仿宋"
    # The TOC's stored page numbers assume Noto CJK line heights: the build says so.
    assert "字体 “仿宋” 的行高不同" in result.err, result.err
    # The installed package's template is never written to.
    assert hashlib.sha256(TEMPLATE.read_bytes()).hexdigest() == installed


def test_profile_names_its_template_relative_to_itself(run_cli, profile_file, tmp_path):
    (tmp_path / "firm").mkdir()
    _firm_template(tmp_path / "firm" / "公司模板.docx")
    profile = profile_file(MINIMAL_PROFILE + "style:\n  template: firm/公司模板.docx\n")
    assert run_cli("build", str(profile), "-o", "out", "-f", "docx").code == 0
    assert _docx(tmp_path / "out").sections[-1].header.paragraphs[0].text.startswith(LETTERHEAD)


def test_same_template_and_profile_give_identical_bytes(run_cli, profile_file, tmp_path):
    template = _firm_template(tmp_path / "firm.docx")
    profile = profile_file()
    for out in ("a", "b"):
        assert (
            run_cli(
                "build", str(profile), "-o", out, "-f", "docx", "--template", str(template)
            ).code
            == 0
        )
    (first,), (second,) = (tmp_path / "a").glob("*.docx"), (tmp_path / "b").glob("*.docx")
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"plain text, not a Word file", "不是有效的 DOCX 文件"),
        (b"PK\x05\x06" + b"\0" * 18, "不是有效的 DOCX 文件"),  # an empty zip
        (None, "找不到或无法读取 Word 模板文件"),
    ],
    ids=["text", "empty-zip", "missing"],
)
def test_bad_template_is_one_chinese_error_naming_the_file(
    run_cli, profile_file, tmp_path, content: bytes | None, message: str
):
    template = tmp_path / "坏模板.docx"
    if content is not None:
        template.write_bytes(content)
    result = run_cli("build", str(profile_file()), "-o", "out", "--template", str(template))
    assert result.code == 2
    assert "坏模板.docx" in result.err and message in result.err
    assert "Traceback" not in result.err
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.docx"))


def test_template_lacking_bidgen_styles_gets_them(run_cli, profile_file, tmp_path):
    plain = Path(docx.__file__).parent / "templates" / "default.docx"
    result = run_cli(
        "build", str(profile_file()), "-o", "out", "-f", "docx", "--template", str(plain)
    )
    assert result.code == 0, result.err
    word = _docx(tmp_path / "out")
    names = {style.name for style in word.styles}
    assert {"表格文字", "表格表头", "落款", "正文无缩进"} <= names
    # The template's own page setup (US Letter) is kept.
    assert word.sections[-1].page_width == docx.shared.Inches(8.5)


STYLED = MINIMAL_PROFILE + (
    "style:\n"
    "  body_font: Noto Serif CJK TC\n"
    "  heading_font: Noto Sans CJK JP\n"
    "  font_size: 五号\n"
    "  line_spacing: 22磅\n"
    "  accent_color: '#1F4E79'\n"
    "  header_text: 华信智联 · 售后服务方案\n"
    "  logo: logo.png\n"
    "  margins: {left: 2.8, right: 2.6}\n"
)


@pytest.fixture
def styled_profile(profile_file, tmp_path: Path) -> Path:
    Image.new("RGB", (300, 100), (31, 78, 121)).save(tmp_path / "logo.png")
    return profile_file(STYLED)


def test_style_section_reaches_the_docx(run_cli, styled_profile, tmp_path):
    assert run_cli("build", str(styled_profile), "-o", "out", "-f", "docx").code == 0
    word = _docx(tmp_path / "out")
    normal = _normal(word)
    assert _east_asia(normal) == "Noto Serif CJK TC"
    assert normal.font.size == docx.shared.Pt(10.5)
    spacing = normal.element.find(qn("w:pPr")).find(qn("w:spacing"))
    assert (spacing.get(qn("w:line")), spacing.get(qn("w:lineRule"))) == ("440", "exact")
    heading = next(s for s in word.styles if s.name == "Heading 1")
    assert _east_asia(heading) == "Noto Sans CJK JP"
    assert str(heading.font.color.rgb) == "1F4E79"
    section = word.sections[-1]
    assert abs(section.left_margin - Cm(2.8)) < Cm(0.01)
    assert abs(section.right_margin - Cm(2.6)) < Cm(0.01)
    header = section.header.paragraphs[0]
    assert header.text.strip() == "华信智联 · 售后服务方案"
    assert header._p.xpath(".//pic:pic"), "the logo is drawn in the header"


@needs_poppler
def test_style_section_reaches_the_pdf(run_cli, styled_profile, tmp_path):
    result = run_cli("build", str(styled_profile), "-o", "out", "-f", "pdf")
    assert result.code == 0, result.err
    (pdf,) = (tmp_path / "out").glob("*.pdf")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    faces = re.sub(r"[^a-z]", "", fonts.stdout.lower())  # "Noto-Serif-CJK-TC", "NotoSerifCJKtc"
    assert "notoserifcjktc" in faces and "notosanscjkjp" in faces, fonts.stdout
    assert "notoserifcjksc" not in faces, fonts.stdout
    text = subprocess.run(
        ["pdftotext", "-f", "2", "-l", "2", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "华信智联 · 售后服务方案" in text.stdout
    images = subprocess.run(
        ["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True
    )
    assert len(images.stdout.splitlines()) > 2, "the logo is in the running header"
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts", info), info


@needs_poppler
def test_pdf_follows_the_templates_own_page_setup_and_fonts(run_cli, profile_file, tmp_path):
    template = _firm_template(tmp_path / "firm.docx", east_asia="Noto Serif CJK TC")
    word = docx.Document(str(template))
    word.sections[-1].left_margin = word.sections[-1].right_margin = Cm(2)
    word.sections[-1].page_width, word.sections[-1].page_height = Cm(18.2), Cm(25.7)  # B5
    word.save(str(template))
    result = run_cli(
        "build", str(profile_file()), "-o", "out", "-f", "pdf", "--template", str(template)
    )
    assert result.code == 0, result.err
    (pdf,) = (tmp_path / "out").glob("*.pdf")
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True)
    faces = re.sub(r"[^a-z]", "", fonts.stdout.lower())
    assert "notoserifcjktc" in faces and "notoserifcjksc" not in faces, fonts.stdout
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+515\.\d+ x 728\.\d+ pts", info), info


def test_a_style_font_that_is_not_installed_is_named_in_a_warning(run_cli, profile_file, tmp_path):
    profile = profile_file(MINIMAL_PROFILE + "style:\n  body_font: 方正仿宋_GBK\n")
    result = run_cli("build", str(profile), "-o", "out", "-f", "docx,pdf")
    assert result.code == 0, result.err
    assert "本机未安装字体“方正仿宋_GBK”，PDF 中以“Noto Serif CJK SC”代替" in result.err
    assert _east_asia(_normal(_docx(tmp_path / "out"))) == "方正仿宋_GBK"


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ("font_size: 特大号", "font_size", "无法识别的字号“特大号”"),
        ("font_size: 40", "font_size", "正文字号应在 7.5 到 22 磅之间"),
        ("line_spacing: 两倍", "line_spacing", "无法识别的行距“两倍”"),
        ("line_spacing: 5磅", "line_spacing", "固定行距应在 10 到 60 磅之间"),
        ("accent_color: blue", "accent_color", "颜色应写成六位十六进制"),
        ("logo: missing.png", "logo", "找不到或无法读取标志图片"),
        ("colour: red", "colour", ""),
    ],
)
def test_bad_style_values_are_chinese_errors_at_their_line(
    run_cli, profile_file, line: str, field: str, message: str
):
    profile = profile_file(MINIMAL_PROFILE + f"style:\n  {line}\n")
    result = run_cli("build", str(profile), "-o", "out", "-f", "docx")
    assert result.code == 2
    expected_line = len(MINIMAL_PROFILE.splitlines()) + 2
    assert f"p.yaml:{expected_line}:" in result.err, result.err
    assert field in result.err and message in result.err
    assert "Traceback" not in result.err


def test_chinese_size_names_and_multiples_are_read():
    from bidgen.profile.style import Style

    style = Style.model_validate({"font_size": "小四", "line_spacing": "1.5倍"})
    assert style.font_size == 12
    assert style.line_spacing is not None
    assert (style.line_spacing.value, style.line_spacing.exact) == (1.5, False)
    exact = Style.model_validate({"line_spacing": "固定值28磅"}).line_spacing
    assert exact is not None and (exact.value, exact.exact) == (28, True)


# --- DOCX and PDF agree --------------------------------------------------------------

SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE).group(1))


def _libreoffice_pages(docx_path: Path, tmp_path: Path) -> int:
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "FONTCONFIG_FILE": str(ROOT / "tests" / "fontconfig" / "aliases.conf"),
    }
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "lo-out"),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        env=env,
        timeout=180,
    )
    return _pages(tmp_path / "lo-out" / f"{docx_path.stem}.pdf")


@pytest.mark.slow
@needs_poppler
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=[p.stem for p in SAMPLE_FILES])
def test_docx_and_pdf_page_counts_agree_within_15_percent(run_cli, sample: Path, tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", str(sample), "-o", str(out), "-f", "docx,pdf", "-q").code == 0
    (docx_path,), (pdf,) = out.glob("*.docx"), out.glob("*.pdf")
    docx_pages, pdf_pages = _libreoffice_pages(docx_path, tmp_path), _pages(pdf)
    assert abs(docx_pages - pdf_pages) <= 0.15 * docx_pages, (docx_pages, pdf_pages)


@pytest.mark.slow
@needs_poppler
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_toc_page_numbers_stay_right_with_a_foreign_template(run_cli, tmp_path):
    """python-docx's own template (Letter, 11 pt, 1.15 lines, list styles with
    contextual spacing): LibreOffice shows the stored TOC; each entry is at most a
    page from where LibreOffice prints the heading (the bundled template's tolerance)."""
    plain = Path(docx.__file__).parent / "templates" / "default.docx"
    out = tmp_path / "out"
    sample = SAMPLES / "it_ops.yaml"
    assert (
        run_cli("build", str(sample), "-o", str(out), "-f", "docx", "--template", str(plain)).code
        == 0
    )
    (docx_path,) = out.glob("*.docx")
    _libreoffice_pages(docx_path, tmp_path)
    pdf = tmp_path / "lo-out" / f"{docx_path.stem}.pdf"
    layout = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    pages = layout.stdout.split("\f")
    entry = re.compile(r"^\s*(\S.*?)\s*\.{4,}\s*(\d+)\s*$", re.MULTILINE)
    toc: list[tuple[str, int]] = []
    index = 0
    while index < len(pages) and (found := entry.findall(pages[index])):
        toc.extend((re.sub(r"\s+", "", text), int(page)) for text, page in found)
        index += 1
    assert len(toc) > 50
    offsets = []
    for text, page in toc:
        while text not in re.sub(r"\s+", "", pages[index]):
            index += 1
        offsets.append(page - (index + 1))
    assert all(abs(offset) <= 1 for offset in offsets), offsets
    assert sum(offset == 0 for offset in offsets) >= len(offsets) // 2, offsets
