"""Profile lists from spreadsheets: a real .xlsx written with openpyxl, CSV in
UTF-8, UTF-8 with BOM and GBK, and errors at file: sheet!cell."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from bidgen.profile.loading import load_profile
from tests.conftest import MINIMAL_PROFILE

HEADERS = ["姓名", "岗位", "电话", "资质证书", "从业年限", "职责", "驻场"]
ROWS = [
    ["王晓东", "项目负责人", 13959102276, "信息系统项目管理师、网络工程师", 12, "统筹项目", "否"],
    ["陈思远", "驻场工程师", "137-5908-3341", "数据库系统工程师", 6, "日常巡检", "是"],
]


def _with_staff(value: str) -> str:
    start = MINIMAL_PROFILE.index("staff:\n")
    end = MINIMAL_PROFILE.index("training:")
    return MINIMAL_PROFILE[:start] + f"staff: {value}\n" + MINIMAL_PROFILE[end:]


def _workbook(path: Path, rows: list[list[object]], sheet: str = "人员", headers=HEADERS) -> Path:
    book = openpyxl.Workbook()
    first = book.active
    first.title = "封面"
    first["A1"] = "本公司人员名单"
    sheet_ = book.create_sheet(sheet)
    sheet_.append([])  # a blank first row: headers are the first filled row
    sheet_.append(headers)
    for row in rows:
        sheet_.append(row)
    book.save(path)
    return path


def test_staff_from_an_xlsx_sheet(profile_file, tmp_path: Path):
    _workbook(tmp_path / "人员名单.xlsx", ROWS)
    loaded = load_profile(profile_file(_with_staff("{file: 人员名单.xlsx, sheet: 人员}")))
    first, second = loaded.profile.staff
    assert (first.name, first.phone, first.years, first.resident) == (
        "王晓东",
        "13959102276",
        12,
        False,
    )
    assert first.qualifications == ["信息系统项目管理师", "网络工程师"]
    assert (second.name, second.role, second.resident, second.duties) == (
        "陈思远",
        "驻场工程师",
        True,
        "日常巡检",
    )


def test_field_names_and_synonyms_are_headers_too(profile_file, tmp_path: Path):
    headers = ["name", "职务", "联系电话", "years"]
    book = openpyxl.Workbook()
    book.active.append(headers)
    book.active.append(["赵一", "工程师", "010-1", 3])
    book.save(tmp_path / "名单.xlsx")
    staff = load_profile(profile_file(_with_staff("名单.xlsx"))).profile.staff
    assert [(s.name, s.role, s.phone, s.years) for s in staff] == [("赵一", "工程师", "010-1", 3)]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_staff_from_csv_in_each_encoding(profile_file, tmp_path: Path, encoding: str):
    text = "姓名,岗位,电话,从业年限,驻场\n孙丽,驻场工程师,139-1,5,是\n"
    (tmp_path / "名单.csv").write_bytes(text.encode(encoding))
    staff = load_profile(profile_file(_with_staff("名单.csv"))).profile.staff
    assert [(s.name, s.role, s.years, s.resident) for s in staff] == [
        ("孙丽", "驻场工程师", 5, True)
    ]


def test_bad_cells_are_reported_at_sheet_and_cell(run_cli, profile_file, tmp_path: Path):
    rows = [["王晓东", "项目负责人", "139", "", "十二", "", "否"], ["", "工程师", "137", "", 3]]
    _workbook(tmp_path / "人员名单.xlsx", rows)
    result = run_cli("check", str(profile_file(_with_staff("{file: 人员名单.xlsx, sheet: 人员}"))))
    assert result.code == 2 and "Traceback" not in result.err
    assert result.err.splitlines() == [
        "人员名单.xlsx: 人员!A4：staff[1].name：缺少必填字段",
        "人员名单.xlsx: 人员!E3：staff[0].years：应为整数",
    ]


def test_unknown_header_missing_file_and_sheet(run_cli, profile_file, tmp_path: Path):
    _workbook(tmp_path / "人员名单.xlsx", ROWS, headers=[*HEADERS[:2], "籍贯"])
    unknown = run_cli("check", str(profile_file(_with_staff("{file: 人员名单.xlsx, sheet: 人员}"))))
    assert unknown.code == 2
    assert unknown.err.startswith(
        "人员名单.xlsx: 人员!C2：未知列标题“籍贯”（可用：姓名、岗位、电话"
    )
    no_sheet = run_cli(
        "check", str(profile_file(_with_staff("{file: 人员名单.xlsx, sheet: 名单}")))
    )
    assert no_sheet.err == "人员名单.xlsx: 没有名为“名单”的工作表（现有：封面、人员）\n"
    missing = run_cli("check", str(profile_file(_with_staff("没有.xlsx"))))
    line = _with_staff("没有.xlsx").splitlines().index("staff: 没有.xlsx") + 1
    assert missing.err == (
        f"p.yaml:{line}:1: staff：找不到表格文件“没有.xlsx”（相对于项目配置文件所在目录）\n"
    )
    (tmp_path / "坏.xlsx").write_bytes(b"not a zip")
    broken = run_cli("check", str(profile_file(_with_staff("坏.xlsx"))))
    assert broken.err == "坏.xlsx: 不是有效的 Excel 工作簿（.xlsx）\n"
    (tmp_path / "乱码.csv").write_bytes(b"\xff\xfe\x00\xd8\x00\xdc\xff")
    garbled = run_cli("check", str(profile_file(_with_staff("乱码.csv"))))
    assert garbled.err == "乱码.csv: 无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV\n"


def test_a_build_whose_staff_come_from_an_xlsx(run_cli, profile_file, tmp_path: Path):
    _workbook(tmp_path / "人员名单.xlsx", ROWS)
    built = run_cli(
        "build", str(profile_file(_with_staff("{file: 人员名单.xlsx, sheet: 人员}"))),
        "-o", "out", "-f", "md", "-q",
    )  # fmt: skip
    assert built.code == 0, built.err
    text = next((tmp_path / "out").glob("*.md")).read_text("utf-8")
    assert "王晓东" in text and "13959102276" in text and "陈思远" in text
    assert "信息系统项目管理师" in text


def test_tender_requirements_and_nested_courses_from_sheets(profile_file, tmp_path: Path):
    book = openpyxl.Workbook()
    book.active.title = "招标要求"
    for row in (
        ["条款号", "原文", "类别", "故障级别", "限值", "投标响应", "说明"],
        ["第三章 2.1", "★一级故障1小时内到达现场", "arrival", "一级故障", "1小时", None, None],
        ["第三章 2.6", "须提供原厂售后服务承诺函", None, None, None, "提供承诺函原件", "见附件"],
    ):
        book.active.append(row)
    book.save(tmp_path / "招标要求.xlsx")
    (tmp_path / "课程.csv").write_text(
        "课程名称,培训对象,课时,场次,培训方式\n日常运维,系统管理员,8,2,现场授课\n", "utf-8"
    )
    text = MINIMAL_PROFILE + "requirements: 招标要求.xlsx\n"
    start = text.index("  courses:\n")
    end = text.index("inspection:")
    text = text[:start] + "  courses: 课程.csv\n" + text[end:]
    profile = load_profile(profile_file(text)).profile
    first, second = profile.requirements
    assert (first.clause, first.star, first.kind, first.level, first.limit) == (
        "第三章 2.1",
        "★",
        "arrival",
        "一级故障",
        "1小时",
    )
    assert second.qualitative and second.response is not None
    assert (second.response.text, second.note) == ("提供承诺函原件", "见附件")
    [course] = profile.training.courses
    assert (course.name, course.audience, course.hours, course.sessions) == (
        "日常运维",
        "系统管理员",
        8,
        2,
    )


def test_too_many_rows_are_refused_not_cut(run_cli, profile_file, tmp_path: Path, monkeypatch):
    from bidgen.profile import sheets

    monkeypatch.setattr(sheets, "MAX_ROWS", 3)
    rows = [[f"人员{index}", "工程师", "139", "", 3, "", "否"] for index in range(4)]
    _workbook(tmp_path / "人员名单.xlsx", rows)
    result = run_cli("check", str(profile_file(_with_staff("{file: 人员名单.xlsx, sheet: 人员}"))))
    assert (result.code, result.err) == (2, "人员名单.xlsx: 表格行数过多（上限 3 行）\n")
    _workbook(tmp_path / "人员名单.xlsx", rows[:3])
    fits = load_profile(profile_file(_with_staff("{file: 人员名单.xlsx, sheet: 人员}")))
    assert [person.name for person in fits.profile.staff] == ["人员0", "人员1", "人员2"]
