"""Chapter paths as Word shows them: labels computed from a DOCX's list numbering."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from bidgen.lint import text_units
from bidgen.readback.numbering import chinese_counting, format_number
from bidgen.readback.reader import read_proposal
from tests.conftest import RunResult

W = nsdecls("w")


def _lvl(ilvl: int, fmt: str, text: str, extra: str = "") -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'{extra}<w:lvlText w:val="{text}"/></w:lvl>'
    )


def _numbered(tmp_path: Path, levels: str, body: Callable[[docx.document.Document], None]) -> Path:
    """A document whose Heading 1/2 styles are levels 0/1 of one list (as WPS writes it)."""
    word = docx.Document()
    numbering = word.part.numbering_part.element
    numbering.append(parse_xml(f'<w:abstractNum {W} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for level in (1, 2):
        ppr = word.styles[f"Heading {level}"].element.get_or_add_pPr()
        ppr.append(
            parse_xml(f'<w:numPr {W}><w:ilvl w:val="{level - 1}"/><w:numId w:val="90"/></w:numPr>')
        )
    body(word)
    path = tmp_path / "numbered.docx"
    word.save(str(path))
    return path


def _chapters(path: Path) -> list[tuple[str, str]]:
    return [(unit.location.chapter, unit.text) for unit in text_units(read_proposal(path))]


def _outline(word: docx.document.Document) -> None:
    word.add_heading("服务承诺", 1)
    word.add_paragraph("一级故障15分钟内响应。")
    word.add_heading("响应时间", 2)
    word.add_paragraph("一级故障1小时内到达现场。")
    word.add_heading("到场时间", 2)
    word.add_paragraph("二级故障4小时内到达现场。")
    word.add_heading("质量保证", 1)
    word.add_heading("质保期", 2)
    word.add_paragraph("质保期为三年。")


def test_chinese_outline_numbering_restarts_under_each_chapter(tmp_path: Path) -> None:
    levels = _lvl(0, "chineseCounting", "%1、") + _lvl(1, "chineseCounting", "（%2）")
    path = _numbered(tmp_path, levels, _outline)
    assert _chapters(path) == [
        ("一、服务承诺", "一级故障15分钟内响应。"),
        ("一、服务承诺 › （一）响应时间", "一级故障1小时内到达现场。"),
        ("一、服务承诺 › （二）到场时间", "二级故障4小时内到达现场。"),
        ("二、质量保证 › （一）质保期", "质保期为三年。"),
    ]


def test_multilevel_decimal_and_chapter_words(tmp_path: Path) -> None:
    # "第%1章" then a space, "%1.%2" (legal numbering) then a tab: one space each.
    levels = _lvl(0, "chineseCounting", "第%1章", '<w:suff w:val="space"/>') + _lvl(
        1, "decimal", "%1.%2", '<w:isLgl/><w:suff w:val="tab"/>'
    )
    path = _numbered(tmp_path, levels, _outline)
    assert [chapter for chapter, _text in _chapters(path)] == [
        "第一章 服务承诺",
        "第一章 服务承诺 › 1.1 响应时间",
        "第一章 服务承诺 › 1.2 到场时间",
        "第二章 质量保证 › 2.1 质保期",
    ]


def test_a_typed_label_is_kept_and_numbering_switched_off_draws_none(tmp_path: Path) -> None:
    levels = _lvl(0, "chineseCounting", "%1、") + _lvl(1, "chineseCounting", "（%2）")

    def body(word: docx.document.Document) -> None:
        word.add_heading("服务承诺", 1)
        word.add_paragraph("一级故障15分钟内响应。")
        heading = word.add_heading("三、质量保证", 1)  # typed, numbering off (numId 0)
        heading._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>')
        )
        word.add_paragraph("质保期为三年。")
        word.add_heading("应急预案", 1)
        word.add_paragraph("每年演练两次。")

    path = _numbered(tmp_path, levels, body)
    assert [chapter for chapter, _text in _chapters(path)] == [
        "一、服务承诺",
        "三、质量保证",
        "二、应急预案",  # Word counts only the numbered headings
    ]


def test_an_instance_with_a_start_override_restarts(tmp_path: Path) -> None:
    levels = _lvl(0, "decimal", "%1.") + _lvl(1, "decimalEnclosedCircle", "%2")

    def body(word: docx.document.Document) -> None:
        numbering = word.part.numbering_part.element
        numbering.append(
            parse_xml(
                f'<w:num {W} w:numId="91"><w:abstractNumId w:val="90"/>'
                '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
            )
        )
        word.add_heading("服务承诺", 1)
        word.add_heading("响应", 2)
        word.add_paragraph("15分钟内响应。")
        heading = word.add_heading("质量保证", 1)
        heading._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="91"/></w:numPr>')
        )
        word.add_heading("质保", 2)
        word.add_paragraph("质保期为三年。")

    path = _numbered(tmp_path, levels, body)
    assert [chapter for chapter, _text in _chapters(path)] == [
        "1. 服务承诺 › ① 响应",
        "5. 质量保证 › ① 质保",
    ]


@pytest.mark.parametrize(
    ("value", "fmt", "text"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (21, "chineseCountingThousand", "二十一"),
        (3, "chineseLegalSimplified", "叁"),
        (12, "chineseLegalSimplified", "壹拾贰"),
        (2, "ideographTraditional", "乙"),
        (3, "decimalEnclosedCircle", "③"),
        (4, "upperRoman", "IV"),
        (28, "upperLetter", "BB"),
        (3, "lowerLetter", "c"),
        (7, "decimalFullWidth", "７"),
        (5, "ordinalText", "5"),  # an unknown format: digits
    ],
)
def test_number_formats(value: int, fmt: str, text: str) -> None:
    assert format_number(value, fmt) == text


def test_chinese_counting_past_one_hundred() -> None:
    assert [chinese_counting(n) for n in (100, 101, 110, 1005)] == [
        "一百",
        "一百零一",
        "一百一十",
        "一千零五",
    ]


def test_lint_names_the_chapter_of_a_wps_numbered_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Callable[..., RunResult]
) -> None:
    levels = _lvl(0, "chineseCounting", "%1、") + _lvl(1, "chineseCounting", "（%2）")
    path = _numbered(tmp_path, levels, _outline)
    word = docx.Document(str(path))
    word.paragraphs[-1].runs[0].text = "质保期为一年。"
    word.add_paragraph("质保期为三年。")
    word.save(str(path))
    monkeypatch.chdir(tmp_path)
    result = run_cli("lint", "numbered.docx")
    assert result.out.splitlines()[0] == (
        "numbered.docx（二、质量保证 › （一）质保期）: BG202 质保期承诺“3年”与二、质量保证 › "
        "（一）质保期的“1年”矛盾"
    )
    # The labels are Word's: no heading carries one in its text.
    assert not [
        p.text for p in word.paragraphs if p.style.name.startswith("Heading") and "、" in p.text
    ]
