"""``bidgen requirements``: a tender's service requirements as profile YAML."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from bidgen.core.yamlio import load_yaml_text
from bidgen.profile.models import Requirement
from tests.conftest import MINIMAL_PROFILE

TENDER = """\
第四章 采购需求
一、项目概况
本项目投标截止时间为2026年5月20日9:30。
二、服务要求
1. ★免费质保期不少于3年，自终验合格之日起计算。
2. ▲一级故障30分钟内响应，2小时内到达现场；二级故障4小时内到达现场。
3. 每季度至少进行一次巡检。
4. ★投标人须在本市设有固定的售后服务网点。
5. 每年组织应急演练不少于2次。
"""

EXPECTED = """\
# 由 bidgen requirements 从 招标文件.txt 读出：请逐条核对原文后粘贴到项目配置中
requirements:
  # 原文：1. ★免费质保期不少于3年，自终验合格之日起计算。 （招标文件.txt:5）
  - clause: "第四章 采购需求 二、服务要求 第1条"
    wording: "免费质保期不少于3年，自终验合格之日起计算"
    mark: "★"
    kind: warranty
    limit: "3年"
  # 原文：2. ▲一级故障30分钟内响应，2小时内到达现场；二级故障4小时内到达现场。 （招标文件.txt:6）
  - clause: "第四章 采购需求 二、服务要求 第2条"
    wording: "一级故障30分钟内响应，2小时内到达现场；二级故障4小时内到达现场"
    mark: "▲"
    conditions:
      - kind: response
        level: 1
        limit: "30分钟"
      - kind: arrival
        level: 1
        limit: "2小时"
      - kind: arrival
        level: 2
        limit: "4小时"
  # 原文：3. 每季度至少进行一次巡检。 （招标文件.txt:7）
  - clause: "第四章 采购需求 二、服务要求 第3条"
    wording: "每季度至少进行一次巡检"
    kind: inspection
    limit: "每季度一次"
  # 原文：4. ★投标人须在本市设有固定的售后服务网点。 （招标文件.txt:8）
  # 定性要求：请在 response 中写明我方的响应（可加 answered_by 指明所在章节）
  - clause: "第四章 采购需求 二、服务要求 第4条"
    wording: "投标人须在本市设有固定的售后服务网点"
    mark: "★"
  # 原文：5. 每年组织应急演练不少于2次。 （招标文件.txt:9）
  - clause: "第四章 采购需求 二、服务要求 第5条"
    wording: "每年组织应急演练不少于2次"
    kind: drill
    limit: "每半年一次"
"""


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _items(text: str) -> list[Requirement]:
    """The printed YAML through the project's loader and the profile's own model."""
    data = load_yaml_text(text, "requirements.yaml").data
    return [Requirement.model_validate(item) for item in data["requirements"]]


def _clauses(items: list[Requirement]) -> list[tuple[object, ...]]:
    """Each tender clause: its number, wording, mark and (kind, level, limit) conditions."""
    return [
        (i.clause, i.wording, i.mark, [(c.kind, c.level, c.limit) for c in i.all_conditions])
        for i in items
    ]


def test_text_tender_prints_requirements_yaml(in_tmp: Path, run_cli):
    (in_tmp / "招标文件.txt").write_text(TENDER, "utf-8")
    result = run_cli("requirements", "招标文件.txt")
    assert (result.code, result.err) == (0, "")
    assert result.out == EXPECTED
    items = _items(result.out)
    assert [(i.mark, [(c.kind, c.level, c.limit) for c in i.all_conditions]) for i in items] == [
        ("★", [("warranty", None, "3年")]),
        ("▲", [("response", 1, "30分钟"), ("arrival", 1, "2小时"), ("arrival", 2, "4小时")]),
        (None, [("inspection", None, "每季度一次")]),
        ("★", []),  # qualitative: the writer answers it in response
        (None, [("drill", None, "每半年一次")]),
    ]


def test_a_clause_number_is_not_part_of_the_figure_after_it(in_tmp: Path, run_cli):
    # "1. 2小时内到达现场" is clause 1 asking for 2 hours, not 1.2 hours.
    text = "二、服务要求\n1. 2小时内到达现场。\n2. 1.5小时内响应。\n"
    (in_tmp / "招标文件.txt").write_text(text, "utf-8")
    result = run_cli("requirements", "招标文件.txt")
    assert (result.code, result.err) == (0, "")
    assert [clause[0::3] for clause in _clauses(_items(result.out))] == [
        ("二、服务要求 第1条", [("arrival", None, "2小时")]),
        ("二、服务要求 第2条", [("response", None, "1.5小时")]),
    ]


def test_bidgen_check_accepts_the_printed_requirements(in_tmp: Path, run_cli):
    (in_tmp / "招标文件.txt").write_text(TENDER, "utf-8")
    printed = run_cli("requirements", "招标文件.txt").out
    (in_tmp / "p.yaml").write_text(MINIMAL_PROFILE + printed, "utf-8")
    result = run_cli("check", "p.yaml", "--select", "BG3")
    assert result.code in (0, 1), result.err  # findings at most, never bad input
    assert result.err == ""


def _docx_tender(path: Path) -> None:
    word = docx.Document()
    word.add_heading("第三章 采购需求", 1)
    word.add_heading("三、商务要求", 2)
    word.add_paragraph("★1、所投设备整机质保期不少于三年。")
    table = word.add_table(rows=2, cols=3)
    for row, texts in enumerate(
        (("故障级别", "响应时间", "到达现场时间"), ("一级故障", "30分钟", "2小时"))
    ):
        for column, text in enumerate(texts):
            table.rows[row].cells[column].text = text
    word.add_heading("四、技术要求", 2)
    table = word.add_table(rows=3, cols=2)
    rows = (("序号", "技术要求"), ("1", "★提供7×24小时运维服务"), ("2", "▲须提供原厂授权书"))
    for row, texts in enumerate(rows):
        for column, text in enumerate(texts):
            table.rows[row].cells[column].text = text
    word.save(str(path))


def test_docx_tender_tables_and_output_file(in_tmp: Path, run_cli):
    _docx_tender(in_tmp / "招标文件.docx")
    result = run_cli("requirements", "招标文件.docx", "-o", "req.yaml")
    assert (result.code, result.out, result.err) == (0, "已生成：req.yaml（4 条招标条款）\n", "")
    text = (in_tmp / "req.yaml").read_text("utf-8")
    assert _clauses(_items(text)) == [
        (
            "第三章 采购需求 三、商务要求 第1条",
            "所投设备整机质保期不少于三年",
            "★",
            [("warranty", None, "3年")],
        ),
        (
            "第三章 采购需求 三、商务要求 表格第2行",
            "故障级别：一级故障，响应时间：30分钟，到达现场时间：2小时",
            None,
            [("response", 1, "30分钟"), ("arrival", 1, "2小时")],
        ),
        (
            "第三章 采购需求 四、技术要求 第1项",
            "提供7×24小时运维服务",
            "★",
            [("service_hours", None, "7×24小时")],
        ),
        ("第三章 采购需求 四、技术要求 第2项", "须提供原厂授权书", "▲", []),
    ]


def test_nothing_found_is_still_valid_yaml(in_tmp: Path, run_cli):
    (in_tmp / "t.txt").write_text("第一章 投标须知\n投标人应按要求递交投标文件。\n", "utf-8")
    result = run_cli("requirements", "t.txt")
    assert result.out.splitlines()[1] == "requirements: []"
    assert _items(result.out) == []


def test_pdf_without_pdftotext_is_refused_in_chinese(in_tmp: Path, run_cli, monkeypatch):
    (in_tmp / "t.pdf").write_bytes(b"%PDF-1.4\n")
    monkeypatch.setattr("bidgen.readback.pdf.shutil.which", lambda _name: None)
    result = run_cli("requirements", "t.pdf")
    assert (result.code, result.out) == (2, "")
    assert result.err == (
        "t.pdf: 读取 PDF 需要 pdftotext（poppler-utils），但未找到该程序："
        "请安装 poppler-utils（./dev.sh setup 会安装），或把文件另存为 .docx 或 .txt\n"
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.pdf", None, "missing.pdf: 文件不存在"),
        ("t.xlsx", b"x", "t.xlsx: 不支持的文件类型“.xlsx”（可读取 .docx、.md、.txt、.pdf）"),
    ],
)
def test_bad_tender_input(in_tmp: Path, run_cli, name, content, message):
    if content is not None:
        (in_tmp / name).write_bytes(content)
    result = run_cli("requirements", name)
    assert (result.code, result.out, result.err) == (2, "", message + "\n")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_broken_pdf_is_one_chinese_line(in_tmp: Path, run_cli):
    (in_tmp / "t.pdf").write_bytes(b"not a pdf")
    result = run_cli("requirements", "t.pdf")
    assert (result.code, result.err) == (
        2,
        "t.pdf: 无法读取 PDF 文件（文件已损坏、已加密或不是 PDF）\n",
    )


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler-utils are needed to make and read a PDF",
)
def test_pdf_tender(in_tmp: Path, run_cli):
    (in_tmp / "招标文件.txt").write_text(TENDER, "utf-8")
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{in_tmp / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(in_tmp / "pdf"),
            str(in_tmp / "招标文件.txt"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    result = run_cli("requirements", "pdf/招标文件.pdf")
    assert result.code == 0
    items = _items(result.out)
    assert [(i.clause, [(c.kind, c.level, c.limit) for c in i.all_conditions]) for i in items] == [
        ("第四章 采购需求 二、服务要求 第1条", [("warranty", None, "3年")]),
        (
            "第四章 采购需求 二、服务要求 第2条",
            [("response", 1, "30分钟"), ("arrival", 1, "2小时"), ("arrival", 2, "4小时")],
        ),
        ("第四章 采购需求 二、服务要求 第3条", [("inspection", None, "每季度一次")]),
        ("第四章 采购需求 二、服务要求 第4条", []),
        ("第四章 采购需求 二、服务要求 第5条", [("drill", None, "每半年一次")]),
    ]
    assert "（pdf/招标文件.pdf:5）" in result.out
