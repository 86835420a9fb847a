"""The 偏离表 and the 评分响应索引: one row per clause, 说明 always filled, references into
the proposal, and the standalone export (XLSX, DOCX, Markdown) with the proposal's rows."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from bidgen.build import build_document
from bidgen.model import Document, Table, plain_text
from tests.conftest import MINIMAL_PROFILE, SAMPLES

CLAUSES = """
requirements:
  - clause: 第三章 2.1
    wording: ★一级故障2小时内到达现场，6小时内恢复业务
    conditions:
      - {kind: arrival, level: 一级故障, limit: 2小时}
      - {kind: resolution, level: 一级故障, limit: 6小时}
  - clause: 第三章 2.2
    wording: ★须提供原厂售后服务承诺函
    response:
      text: 提供原厂售后服务承诺函原件
      answered_by: [commitment]
  - clause: 第三章 2.3
    wording: 每月巡检一次
    kind: inspection
    limit: 每月一次
scoring:
  - code: B1
    item: 故障响应
    points: 5
    criteria: 响应时限优于要求的得5分
    answered_by: [arrival]
  - code: B2
    item: 演练
    points: 2
    criteria: 有演练安排的得2分
    answered_by: [nothing.here]
"""


def _table(document: Document, key: str) -> list[list[str]]:
    section = next(s for s in document.sections if s.key == key)
    table = next(b for b in section.blocks if isinstance(b, Table))
    return [[plain_text(cell) for cell in row] for row in (table.header, *table.rows)]


@pytest.fixture
def profile(tmp_path: Path) -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL_PROFILE + CLAUSES, "utf-8")
    return path


def test_one_row_per_clause_with_reasons_and_sections(profile: Path):
    rows = _table(build_document(profile).document, "deviation")
    assert rows[0] == ["序号", "招标文件条款号", "招标要求", "投标响应", "偏离情况", "说明"]
    assert rows[1:] == [
        [
            "1",
            "第三章 2.1",
            "★一级故障2小时内到达现场，6小时内恢复业务",
            "一级故障1小时内到达现场，4小时内排除故障",
            "正偏离",
            "优于要求：一级故障到达现场时间要求2小时，承诺1小时；一级故障解决时间要求6小时，"
            "承诺4小时；详见“四（二）故障定义与服务时限”",
        ],
        [
            "2",
            "第三章 2.2",
            "★须提供原厂售后服务承诺函",
            "提供原厂售后服务承诺函原件",
            "无偏离",
            "已按招标要求响应；详见“一、服务承诺”",
        ],
        [
            "3",
            "第三章 2.3",
            "每月巡检一次",
            "每季度一次巡检",
            "负偏离",
            "不满足要求：巡检频次要求每月一次，承诺每季度一次；详见“八（一）巡检周期与工作安排”",
        ],
    ]


def test_scoring_index_points_at_sections(profile: Path):
    document = build_document(profile).document
    assert [s.title for s in document.sections][-3:] == [
        "售后服务偏离表",
        "评分响应索引",
        "售后服务承诺书",
    ]
    rows = _table(document, "scoring")
    assert rows == [
        ["评分项编号", "评分项", "分值", "评分标准", "响应章节"],
        ["B1", "故障响应", "5", "响应时限优于要求的得5分", "四（二）故障定义与服务时限"],
        ["B2", "演练", "2", "有演练安排的得2分", "未找到对应章节"],
    ]


def test_unanswered_scoring_point_is_reported_with_its_code(run_cli, profile: Path):
    result = run_cli("check", str(profile), "--select", "BG305")
    assert "p.yaml:89:5: BG305 （警告）评分项 B2“演练”（2分）在方案中没有对应章节" in result.out
    assert "B1" not in result.out


def test_columns_and_titles_follow_the_tender(tmp_path: Path):
    layout = """
deviation_table:
  title: 商务条款偏离表
  columns: [number, clause, mark, requirement, {key: response, title: 投标人响应}, deviation]
"""
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL_PROFILE + CLAUSES + layout, "utf-8")
    document = build_document(path).document
    rows = _table(document, "deviation")
    assert rows[0] == ["序号", "招标文件条款号", "标记", "招标要求", "投标人响应", "偏离情况"]
    assert rows[2][:4] == ["2", "第三章 2.2", "★", "须提供原厂售后服务承诺函"]
    section = next(s for s in document.sections if s.key == "deviation")
    assert any(
        isinstance(b, Table) and str(b.caption).endswith(" 商务条款偏离表") for b in section.blocks
    )


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_samples_rows_are_distinct_and_explained(sample: Path):
    rows = _table(build_document(sample).document, "deviation")[1:]
    assert len({(row[1], row[2]) for row in rows}) == len(rows)
    assert all(row[5] and "详见“" in row[5] for row in rows)
    assert all(row[4] in {"正偏离", "无偏离"} for row in rows)


def test_it_sample_service_period_is_not_the_warranty():
    rows = _table(build_document(SAMPLES / "it_ops.yaml").document, "deviation")
    (row,) = [row for row in rows if "运维服务期" in row[2]]
    assert row[2:5] == ["★运维服务期不少于3年，自终验合格之日起计算", "运维服务期3年", "无偏离"]
    assert "质保" not in row[3]


# --- the standalone export -----------------------------------------------------------------


def test_xlsx_export_has_the_proposal_rows(run_cli, profile: Path, tmp_path: Path):
    from openpyxl import load_workbook

    target = tmp_path / "偏离表.xlsx"
    result = run_cli("deviation", str(profile), "-o", str(target), "--allow-errors")
    assert result.code == 0, result.err
    assert "BG302" in result.err  # the ordinary negative deviation is still reported
    sheet = load_workbook(target).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    expected = _table(build_document(profile).document, "deviation")
    assert [[str(v) for v in row] for row in values] == expected
    assert [row[0] for row in values[1:]] == [1, 2, 3]  # 序号 are numbers, not text
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    fills = [sheet.cell(row=n, column=3).fill.fgColor.rgb for n in (2, 3, 4)]
    assert fills == ["00FFF2CC", "00FFF2CC", "00000000"]  # the two ★ rows


def test_docx_and_markdown_export(run_cli, profile: Path, tmp_path: Path):
    from docx import Document as open_docx

    assert run_cli("deviation", str(profile), "-o", str(tmp_path / "d.docx")).code == 0
    table = open_docx(str(tmp_path / "d.docx")).tables[0]
    expected = _table(build_document(profile).document, "deviation")
    assert [[cell.text for cell in row.cells] for row in table.rows] == expected
    assert run_cli("deviation", str(profile), "-o", str(tmp_path / "d.md")).code == 0
    text = (tmp_path / "d.md").read_text("utf-8")
    assert text.startswith("# 售后服务偏离表\n\n| 序号 | 招标文件条款号 |")
    assert (
        "| 2 | 第三章 2.2 | ★须提供原厂售后服务承诺函 | 提供原厂售后服务承诺函原件 | 无偏离 |"
        in text
    )


def test_export_refuses_a_failed_star_clause_and_unknown_types(run_cli, tmp_path: Path):
    path = tmp_path / "p.yaml"
    failing = CLAUSES.replace("limit: 2小时}", "limit: 30分钟}")
    path.write_text(MINIMAL_PROFILE + failing, "utf-8")
    result = run_cli("deviation", str(path), "-o", str(tmp_path / "d.xlsx"))
    assert result.code == 1 and "BG301" in result.err
    assert not (tmp_path / "d.xlsx").exists()
    wrong = run_cli("deviation", str(path), "-o", str(tmp_path / "d.csv"))
    assert wrong.code == 2 and "不支持的文件类型“.csv”" in wrong.err


def test_build_is_blocked_by_an_unanswered_star_clause(run_cli, tmp_path: Path):
    path = tmp_path / "p.yaml"
    path.write_text(
        MINIMAL_PROFILE
        + CLAUSES.replace(
            "    response:\n      text: 提供原厂售后服务承诺函原件\n", "    response:\n"
        ),
        "utf-8",
    )
    result = run_cli("build", str(path), "-o", str(tmp_path / "out"), "-f", "md")
    assert result.code == 1
    assert "BG304" in result.err and "须提供原厂售后服务承诺函" in result.err


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_the_xlsx(run_cli, profile: Path, tmp_path: Path):
    target = tmp_path / "deviation.xlsx"
    assert run_cli("deviation", str(profile), "-o", str(target), "--allow-errors").code == 0
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path / 'lo'}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",
            "--outdir",
            str(tmp_path),
            str(target),
        ],
        check=True,
        capture_output=True,
        env={**os.environ},
        timeout=180,
    )
    with (tmp_path / "deviation.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == _table(build_document(profile).document, "deviation")
