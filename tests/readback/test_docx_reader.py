"""DOCX read back as Word, WPS and LibreOffice write it: lint and diff see the same chapters."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from bidgen.diff.document import SIGNATURE_TITLE, diff_document
from bidgen.lint import text_units
from bidgen.readback.reader import read_proposal
from bidgen.readback.structure import strip_label
from tests.conftest import MINIMAL_PROFILE, ROOT, RunResult

Run = Callable[..., RunResult]
_ROW = re.compile(r"（表格第\d+行）$|^表格第\d+行$")


def titles(chapter: str) -> str:
    """A chapter path without the outline labels (diff compares titles)."""
    parts = chapter.split(" › ")
    return " › ".join(strip_label(part, level) for level, part in enumerate(parts, start=1))


def lint_chapters(path: Path) -> list[str]:
    """The chapters lint reports, in order, without the table-row suffix."""
    chapters = [_ROW.sub("", unit.location.chapter) for unit in text_units(read_proposal(path))]
    return [c for c in dict.fromkeys(chapters) if c]


def diff_chapters(path: Path) -> list[str]:
    """The sections with content diff compares, as heading paths."""
    doc = diff_document(read_proposal(path))
    return [" › ".join(s.path) for s in doc.sections if s.lines and s.path != (SIGNATURE_TITLE,)]


def _chinese_word_styles(word: docx.document.Document) -> None:
    """Heading styles as Chinese Word names them: ids "1", "2", names "标题 1", "标题 2"."""
    for level in (1, 2):
        style = word.styles.add_style(f"标题 {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(qn("w:styleId"), str(level))


def _proposal(word: docx.document.Document, heading: Callable[[str, int], None]) -> None:
    word.add_paragraph("售后服务方案", style="Title")
    word.add_paragraph("项目名称：测试项目")
    heading("一、故障响应", 1)
    word.add_paragraph("一级故障15分钟内响应，1小时内到达现场。")
    heading("（一）到场要求", 2)
    word.add_paragraph("对于一级故障，我方保证2小时内到达现场。")
    heading("二、质量保证", 1)
    word.add_paragraph("质保期为三年。")


def _styled(word: docx.document.Document) -> Callable[[str, int], None]:
    def heading(text: str, level: int) -> None:
        paragraph = word.add_paragraph(text)
        paragraph._p.get_or_add_pPr().get_or_add_pStyle().set(qn("w:val"), str(level))

    return heading


def _outline_only(word: docx.document.Document) -> Callable[[str, int], None]:
    """Level 1 by a custom style's w:outlineLvl, level 2 by the paragraph's own."""
    chapter = word.styles.add_style("章标题", WD_STYLE_TYPE.PARAGRAPH)
    chapter.base_style = word.styles["Normal"]
    chapter.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="0"/>'))

    def heading(text: str, level: int) -> None:
        if level == 1:
            word.add_paragraph(text, style="章标题")
            return
        paragraph = word.add_paragraph(text)
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="{level - 1}"/>'))

    return heading


EXPECTED_CHAPTERS = ["一、故障响应", "一、故障响应 › （一）到场要求", "二、质量保证"]
EXPECTED_PATHS = ["故障响应", "故障响应 › 到场要求", "质量保证"]


@pytest.mark.parametrize("kind", ["chinese_word_styles", "outline_level_only"])
def test_lint_and_diff_read_the_same_chapters(tmp_path: Path, kind: str) -> None:
    word = docx.Document()
    if kind == "chinese_word_styles":
        _chinese_word_styles(word)
        _proposal(word, _styled(word))
    else:
        _proposal(word, _outline_only(word))
    path = tmp_path / "v.docx"
    word.save(str(path))
    assert lint_chapters(path) == EXPECTED_CHAPTERS
    assert diff_chapters(path) == EXPECTED_PATHS


def test_numeric_style_ids_give_lint_its_chapters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Run
) -> None:
    monkeypatch.chdir(tmp_path)
    word = docx.Document()
    _chinese_word_styles(word)
    _proposal(word, _styled(word))
    word.save("v.docx")
    result = run_cli("lint", "v.docx")
    assert result.code == 1
    assert result.out == (
        "v.docx（一、故障响应 › （一）到场要求）: BG202 一级故障到达现场承诺“2小时”"
        "与一、故障响应的“1小时”矛盾\n"
        "    “2小时内到达现场”\n"
        "    “1小时内到达现场”\n"
        "\n"
        "共发现 1 个问题：错误 1 个，警告 0 个。\n"
    )
    Path("v.md").write_text(
        "## 一、故障响应\n\n一级故障15分钟内响应，1小时内到达现场。\n\n"
        "### （一）到场要求\n\n对于一级故障，我方保证2小时内到达现场。\n\n"
        "## 二、质量保证\n\n质保期为三年。\n",
        encoding="utf-8",
    )
    same = run_cli("diff", "v.docx", "v.md")
    assert (same.code, same.out.splitlines()[-1]) == (0, "两个版本内容一致，无差异。")


def test_style_based_on_a_heading_and_the_toc_heading(tmp_path: Path) -> None:
    word = docx.Document()
    custom = word.styles.add_style("我的二级标题", WD_STYLE_TYPE.PARAGRAPH)
    custom.base_style = word.styles["Heading 2"]
    word.add_heading("一、服务承诺", level=1)
    word.add_paragraph("（一）总则", style="我的二级标题")
    word.add_paragraph("我公司承诺2小时内到达现场。")
    path = tmp_path / "v.docx"
    word.save(str(path))
    assert lint_chapters(path) == ["一、服务承诺 › （一）总则"]
    assert diff_chapters(path) == ["服务承诺 › 总则"]


def _body_xml(word: docx.document.Document, xml: str) -> None:
    """Append raw body XML before the final section properties."""
    body = word.element.body
    body.insert(len(body) - 1, parse_xml(xml))


W = nsdecls("w")


def test_text_from_every_kind_of_run_container(tmp_path: Path) -> None:
    word = docx.Document()
    word.add_heading("一、服务承诺", level=1)
    _body_xml(
        word,
        f'<w:p {W} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<w:hyperlink r:id="rId99"><w:r><w:t>一级故障</w:t></w:r></w:hyperlink>'
        "<w:smartTag w:uri='u' w:element='e'><w:r><w:t>报修后</w:t></w:r></w:smartTag>"
        "<w:sdt><w:sdtPr/><w:sdtContent><w:r><w:t>2小时</w:t></w:r></w:sdtContent></w:sdt>"
        "<w:ins w:id='1' w:author='a'><w:r><w:t>内</w:t></w:r></w:ins>"
        "<w:del w:id='2' w:author='a'><w:r><w:delText>不</w:delText></w:r></w:del>"
        "<w:r><w:t>到达现场，</w:t></w:r>"
        "<w:fldSimple w:instr='DOCPROPERTY x'><w:r><w:t>见附件</w:t></w:r></w:fldSimple>"
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r>"
        "<w:r><w:instrText>PAGE</w:instrText></w:r>"
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r>"
        "<w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType='end'/></w:r>"
        "</w:p>",
    )
    _body_xml(
        word,
        f"<w:sdt {W}><w:sdtPr/><w:sdtContent>"
        "<w:p><w:r><w:t>质保期为三年。</w:t></w:r></w:p></w:sdtContent></w:sdt>",
    )
    path = tmp_path / "v.docx"
    word.save(str(path))
    units = [(u.text, u.location.order) for u in text_units(read_proposal(path))]
    assert units == [("一级故障报修后2小时内到达现场，见附件3", 2000), ("质保期为三年。", 3000)]
    (section,) = diff_document(read_proposal(path)).sections
    assert section.lines == ("一级故障报修后2小时内到达现场，见附件3", "质保期为三年。")


def test_toc_field_is_skipped_and_tables_keep_merged_and_nested_cells(tmp_path: Path) -> None:
    word = docx.Document()
    toc = word.add_paragraph()
    toc._p.append(parse_xml(f"<w:r {W}><w:fldChar w:fldCharType='begin'/></w:r>"))
    toc._p.append(parse_xml(f'<w:r {W}><w:instrText> TOC \\o "1-2" </w:instrText></w:r>'))
    toc._p.append(parse_xml(f"<w:r {W}><w:fldChar w:fldCharType='separate'/></w:r>"))
    toc._p.append(parse_xml(f"<w:r {W}><w:t>一、服务承诺 1</w:t></w:r>"))
    end = word.add_paragraph()
    end._p.append(parse_xml(f"<w:r {W}><w:t>二、故障分级 2</w:t></w:r>"))
    end._p.append(parse_xml(f"<w:r {W}><w:fldChar w:fldCharType='end'/></w:r>"))
    word.add_heading("一、故障分级", level=1)
    table = word.add_table(rows=3, cols=3)
    for cell, text in zip(table.rows[0].cells, ["级别", "响应", "到达现场"], strict=True):
        cell.text = text
    merged = table.cell(1, 0).merge(table.cell(2, 0))
    merged.text = "一级故障"
    table.cell(1, 1).text = "15分钟内"
    table.cell(1, 2).text = "1小时内"
    table.cell(2, 1).text = "30分钟内"
    inner = table.cell(2, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "白天"
    inner.cell(0, 1).text = "2小时内"
    path = tmp_path / "v.docx"
    word.save(str(path))
    units = text_units(read_proposal(path))
    assert [(u.text, u.cells, u.location.chapter) for u in units] == [
        (
            "一级故障 | 15分钟内 | 1小时内",
            ("一级故障", "15分钟内", "1小时内"),
            "一、故障分级（表格第2行）",
        ),
        (
            "一级故障 | 30分钟内 | 白天 | 2小时内",
            ("一级故障", "30分钟内", "白天 | 2小时内"),
            "一、故障分级（表格第3行）",
        ),
    ]
    assert all(unit.header == ("级别", "响应", "到达现场") for unit in units)


def _bidgen_docx(folder: Path) -> Path:
    from bidgen.build import build_document
    from bidgen.writers.docx import render_docx

    profile = folder / "p.yaml"
    profile.write_text(MINIMAL_PROFILE, encoding="utf-8")
    path = folder / "proposal.docx"
    path.write_bytes(render_docx(build_document(profile).document))
    return path


def test_a_bidgen_docx_has_the_same_chapters_for_lint_and_diff(tmp_path: Path) -> None:
    path = _bidgen_docx(tmp_path)
    chapters = lint_chapters(path)
    assert [titles(chapter) for chapter in chapters] == diff_chapters(path)
    # The labels are Word's own numbering, computed as Word draws them.
    assert chapters[:2] == ["一、服务承诺 › （一）总体服务承诺", "一、服务承诺 › （二）服务目标"]


def test_word_numbered_headings_read_as_the_markdown_export_types_them(tmp_path: Path) -> None:
    from bidgen.build import build_document
    from bidgen.writers.markdown import render_markdown

    path = _bidgen_docx(tmp_path)
    markdown = tmp_path / "proposal.md"
    markdown.write_text(render_markdown(build_document(tmp_path / "p.yaml").document), "utf-8")
    docx_chapters = lint_chapters(path)
    assert len(docx_chapters) > 20
    assert docx_chapters == lint_chapters(markdown)


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_a_docx_resaved_by_libreoffice_reads_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Run
) -> None:
    original = _bidgen_docx(tmp_path)
    env = {**os.environ, "FONTCONFIG_FILE": str(ROOT / "tests" / "fontconfig" / "aliases.conf")}
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(tmp_path / "lo"),
            str(original),
        ],
        check=True,
        capture_output=True,
        env=env,
        timeout=120,
    )
    resaved = tmp_path / "lo" / "proposal.docx"
    assert resaved.read_bytes() != original.read_bytes()
    assert lint_chapters(resaved) == lint_chapters(original)
    assert [titles(chapter) for chapter in lint_chapters(resaved)] == diff_chapters(resaved)
    monkeypatch.chdir(tmp_path)
    result = run_cli("diff", "proposal.docx", "lo/proposal.docx")
    assert (result.code, result.out.splitlines()[-1]) == (0, "两个版本内容一致，无差异。")
