"""Profile lists kept in a spreadsheet: ``staff: 人员名单.xlsx``.

Firms keep their rosters (staff, equipment, the responsibility matrix, scoring
points) in Excel. A list key of the profile may name an ``.xlsx`` or ``.csv``
file relative to the profile, or ``{file: …, sheet: …}``; the first non-empty
row holds the headers, matched to the fields by their Chinese titles (the ones
the JSON Schema shows, ``profile/descriptions.py``), a few common synonyms, or
the field names themselves. Each row becomes one item before the profile is
validated, and every problem points at ``file: sheet!cell``.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from bidgen.core.errors import BidgenError, Problem, os_error_text
from bidgen.core.fields import FieldPath, LoadedYaml
from bidgen.core.files import display_name, read_bytes
from bidgen.profile.descriptions import FIELDS
from bidgen.profile.models import Course, Duty, Equipment, Requirement, ScoringPoint, Staff

# The profile lists that may come from a sheet (dotted path), and the model of one row.
SHEET_LISTS: dict[str, type[BaseModel]] = {
    "staff": Staff,
    "equipment": Equipment,
    "responsibility": Duty,
    "scoring": ScoringPoint,
    "requirements": Requirement,
    "training.courses": Course,
}
# Headers seen in firms' own rosters, beside the field titles and names.
SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "staff": {
        "name": ("人员姓名",),
        "role": ("职务", "岗位职务", "角色", "拟任岗位"),
        "phone": ("联系电话", "手机", "手机号", "电话号码"),
        "qualifications": ("资质", "证书", "职称/证书", "资格证书"),
        "years": ("工作年限", "年限", "从业年数"),
        "duties": ("岗位职责", "工作职责"),
        "resident": ("是否驻场",),
    },
    "equipment": {
        "name": ("名称", "设备"),
        "model": ("规格型号", "型号规格"),
        "maker": ("品牌", "生产厂家", "厂家"),
        "location": ("位置", "安装地点"),
        "spare": ("备件", "计入备件", "是否备件"),
    },
    "responsibility": {"activity": ("事项",), "output": ("交付物", "记录")},
    "scoring": {"points": ("分数",)},
    "requirements": {
        "clause": ("招标文件条款号", "条款编号"),
        "wording": ("招标要求", "条款内容", "要求"),
        "response": ("投标人响应", "投标响应内容"),
        "note": ("备注",),
    },
    "training.courses": {"name": ("课程",), "audience": ("对象",), "method": ("方式",)},
}
MAX_SHEET_BYTES = 20 * 1024 * 1024
MAX_ROWS = 5000
_CSV_ENCODINGS = ("utf-8-sig", "gbk")
_SPLIT = re.compile(r"[、，,；;\n]+")
_TRUE = {"是", "√", "✓", "有", "y", "yes", "true", "1"}
_FALSE = {"否", "×", "✗", "无", "n", "no", "false", "0"}


@dataclass(frozen=True)
class Cell:
    """Where a value came from: a file, a sheet (empty for CSV) and a cell like C3."""

    file: str
    sheet: str
    ref: str

    def problem(self, message: str) -> Problem:
        where = f"{self.sheet}!{self.ref}" if self.sheet else self.ref
        return Problem(self.file, 0, 0, f"{where}：{message}")


Cells = dict[FieldPath, Cell]


@dataclass(frozen=True)
class _Table:
    file: str
    sheet: str
    rows: list[tuple[int, list[Any]]]  # (1-based row number, values)


def expand_sheets(source: LoadedYaml, base_dir: Path) -> tuple[LoadedYaml, Cells]:
    """The profile data with every sheet-backed list read in, and where each value came from."""
    data = source.data
    if not isinstance(data, dict):
        return source, {}
    expanded: Any = data
    cells: Cells = {}
    problems: list[Problem] = []
    for key, model in SHEET_LISTS.items():
        path = tuple(key.split("."))
        value = _get(data, path)
        if not (isinstance(value, str) or (isinstance(value, dict) and "file" in value)):
            continue  # a list, or a mapping that is no file reference: pydantic says why
        try:
            table = _read(_reference(value, path, source, base_dir))
            expanded = _set(expanded, path, _items(path, model, table, cells, problems))
        except BidgenError as exc:
            problems.extend(exc.problems)
    if problems:
        raise BidgenError(problems)
    loaded = LoadedYaml(expanded, source.file, source.first_line, source.locations)
    return loaded, cells


def _get(data: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    """A copy of ``data`` with ``value`` at ``path`` (the parents exist: _get found them)."""
    head, *rest = path
    return {**data, head: _set(data[head], tuple(rest), value) if rest else value}


@dataclass(frozen=True)
class _Reference:
    path: Path
    sheet: str | None


def _reference(
    value: str | dict[str, Any], path: tuple[str, ...], source: LoadedYaml, base: Path
) -> _Reference:
    line, column = source.locate(path)
    key = ".".join(path)

    def refuse(message: str) -> BidgenError:
        return BidgenError(Problem(source.file, line, column, f"{key}：{message}"))

    if isinstance(value, dict):
        unknown = sorted(set(value) - {"file", "sheet"})
        if unknown or not isinstance(value.get("file"), str):
            raise refuse("表格引用应写成 {file: 文件名.xlsx, sheet: 工作表名}")
        sheet = value.get("sheet")
        if sheet is not None and not isinstance(sheet, str):
            raise refuse("sheet 应为工作表名称")
        name, chosen = str(value["file"]), sheet
    else:
        name, chosen = value, None
    file = base / name
    if file.suffix.lower() not in {".xlsx", ".csv"}:
        raise refuse(f"应为列表，或 .xlsx / .csv 表格文件名：“{name}”")
    if not file.is_file():
        raise refuse(f"找不到表格文件“{display_name(file)}”（相对于项目配置文件所在目录）")
    if chosen is not None and file.suffix.lower() == ".csv":
        raise refuse("CSV 文件没有工作表，请删除 sheet")
    return _Reference(file, chosen)


def _read(ref: _Reference) -> _Table:
    name = display_name(ref.path)
    try:
        size = ref.path.stat().st_size
    except OSError as exc:
        raise BidgenError(Problem(name, 0, 0, os_error_text(exc))) from None
    if size > MAX_SHEET_BYTES:
        raise BidgenError(
            Problem(name, 0, 0, f"表格文件过大（上限 {MAX_SHEET_BYTES >> 20} 兆字节）")
        )
    data = read_bytes(ref.path, MAX_SHEET_BYTES)
    if ref.path.suffix.lower() == ".csv":
        return _Table(name, "", _csv_rows(data, name))
    return _xlsx_rows(data, name, ref.sheet)


def _csv_rows(data: bytes, name: str) -> list[tuple[int, list[Any]]]:
    for encoding in _CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        rows = list(csv.reader(io.StringIO(text, newline="")))
        return _limited(list(enumerate(rows, start=1)), name)
    raise BidgenError(Problem(name, 0, 0, "无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV"))


def _xlsx_rows(data: bytes, name: str, sheet: str | None) -> _Table:
    # openpyxl is loaded only when a profile names a workbook (start-up of check).
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise BidgenError(Problem(name, 0, 0, "不是有效的 Excel 工作簿（.xlsx）")) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            names = "、".join(book.sheetnames)
            raise BidgenError(Problem(name, 0, 0, f"没有名为“{sheet}”的工作表（现有：{names}）"))
        worksheet = book[sheet] if sheet is not None else book.worksheets[0]
        rows: list[tuple[int, list[Any]]] = []
        for number, row in enumerate(worksheet.iter_rows(values_only=True), start=1):
            if any(not _blank(value) for value in row):
                rows.append((number, list(row)))
            if len(rows) > MAX_ROWS + 1:
                break  # enough to refuse: the rest need not be read
        return _Table(name, worksheet.title, _limited(rows, name))
    finally:
        book.close()


def _limited(rows: list[tuple[int, list[Any]]], name: str) -> list[tuple[int, list[Any]]]:
    filled = [(number, row) for number, row in rows if any(not _blank(value) for value in row)]
    if len(filled) > MAX_ROWS + 1:
        raise BidgenError(Problem(name, 0, 0, f"表格行数过多（上限 {MAX_ROWS} 行）"))
    return filled


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _cell(table: _Table, row: int, column: int) -> Cell:
    return Cell(table.file, table.sheet, f"{column_letter(column)}{row}")


def header_names(key: str, model: type[BaseModel]) -> dict[str, str]:
    """Every header accepted for the list ``key``: title, synonyms and field name -> field."""
    names: dict[str, str] = {}
    for field in model.model_fields:
        names[field] = field
        names[FIELDS[model.__name__][field][0]] = field
        for synonym in SYNONYMS.get(key, {}).get(field, ()):
            names[synonym] = field
    return names


def _columns(key: str, model: type[BaseModel], table: _Table) -> dict[int, str]:
    if not table.rows:
        raise BidgenError(Cell(table.file, table.sheet, "A1").problem("表格为空，第一行应为列标题"))
    number, headers = table.rows[0]
    accepted = header_names(key, model)
    columns: dict[int, str] = {}
    problems = []
    for index, header in enumerate(headers):
        if _blank(header):
            continue
        text = re.sub(r"[\s　]+", "", str(header)).strip("*＊")
        field = accepted.get(text) or accepted.get(text.lower())
        where = _cell(table, number, index)
        if field is None:
            titles = "、".join(FIELDS[model.__name__][name][0] for name in model.model_fields)
            problems.append(where.problem(f"未知列标题“{header}”（可用：{titles}）"))
        elif field in columns.values():
            problems.append(where.problem(f"列标题“{header}”重复"))
        else:
            columns[index] = field
    if problems:
        raise BidgenError(problems)
    return columns


def _items(
    path: tuple[str, ...],
    model: type[BaseModel],
    table: _Table,
    cells: Cells,
    problems: list[Problem],
) -> list[dict[str, Any]]:
    columns = _columns(".".join(path), model, table)
    items = []
    for position, (number, row) in enumerate(table.rows[1:]):
        item: dict[str, Any] = {}
        cells[(*path, position)] = _cell(table, number, 0)
        for index, field in columns.items():
            value = row[index] if index < len(row) else None
            where = _cell(table, number, index)
            cells[(*path, position, field)] = where
            if _blank(value):
                continue
            item[field] = _convert(value, _shape(model, field))
        items.append(item)
    if not items:
        problems.append(Cell(table.file, table.sheet, "A2").problem("表格中没有数据行"))
    return items


def _shape(model: type[BaseModel], field: str) -> str:
    """How a cell becomes a field's value: "list", "bool", "number" or "text"."""
    annotation = model.model_fields[field].annotation
    options = typing.get_args(annotation) if _is_union(annotation) else (annotation,)
    for option in options:
        if typing.get_origin(option) is list:
            return "list"
        if option is bool:
            return "bool"
        if option in (int, float):
            return "number"
    return "text"


def _is_union(annotation: Any) -> bool:
    return typing.get_origin(annotation) in (typing.Union, types.UnionType)


def _convert(value: Any, shape: str) -> Any:
    if shape == "number":
        return value.strip() if isinstance(value, str) else value
    if shape == "bool":
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        return True if word in _TRUE else False if word in _FALSE else word
    text = _text(value)
    if shape == "list":
        return [part.strip() for part in _SPLIT.split(text) if part.strip()]
    return text


def _text(value: Any) -> str:
    """A cell as the text a writer typed: 13959102276, not 13959102276.0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value).strip()
