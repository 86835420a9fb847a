"""Table rows: a row read with its header.

Columns whose header is a definition are skipped, columns quoting the tender
lend their words (kind and level) to the row, a level column gives the row's
level, a header kind word classifies a bare figure below it, and a header unit
turns a bare number into a figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bidgen.core.quantities import NUMBER_PATTERN, fold_with_offsets
from bidgen.validate.promises.classify import classify, label_claim, part_warranty
from bidgen.validate.promises.extract import (
    Found,
    Promise,
    build_promises,
    distinct_kinds,
    has_total,
)
from bidgen.validate.promises.figures import Figure, find_figures, not_a_promise
from bidgen.validate.promises.keywords import Topics, keyword_hits
from bidgen.validate.promises.levels import LevelFinder, level_finder, level_for
from bidgen.validate.promises.scan import Scan, mask_text

_NUM = NUMBER_PATTERN
_SKIP_COLUMN = re.compile(r"序号|编号|偏离|说明|备注")
_DEFINITION_COLUMN = re.compile(r"定义|描述|现象|示例|举例|影响|判定|特征|情形|场景|条件|范围")
_LABEL_COLUMN = re.compile(r"招标|采购|需求|条款")
_LEVEL_COLUMN = re.compile(r"级别|等级|分级|类别|级")
_HEADER_UNIT = re.compile(r"[(（](分钟|小时|h|天|工作日|个工作日|年|月|个月)[)）]", re.IGNORECASE)
_BARE_NUMBER = re.compile(rf"\s*{_NUM}(?:\s*(?:-|~|～|至|到)\s*{_NUM})?\s*")


def _column_role(header: str) -> str:
    header = fold_with_offsets(header)[0]  # "故障級別" is a level column too
    if _SKIP_COLUMN.search(header):
        return "skip"
    if _DEFINITION_COLUMN.search(header):
        return "definition"
    if _LABEL_COLUMN.search(header):
        return "label"
    if _LEVEL_COLUMN.search(header) and not keyword_hits(header):
        return "level"
    return "value"


def _header_unit(header: str) -> str | None:
    if re.search(r"课时|学时", header):
        return "课时"
    match = _HEADER_UNIT.search(header)
    if not match:
        return None
    unit = match.group(1)
    return {"月": "个月", "工作日": "个工作日", "h": "小时"}.get(unit, unit)


@dataclass(frozen=True)
class _Row:
    header: tuple[str, ...]
    cells: tuple[str, ...]
    roles: tuple[str, ...]
    label: str  # words lent by label cells and neutral cells without figures
    levels: tuple[int, ...] | None


def _row(header: Sequence[str], cells: Sequence[str], finder: LevelFinder) -> _Row:
    padded = tuple(header) + ("",) * max(0, len(cells) - len(header))
    roles = tuple(_column_role(h) for h in padded[: len(cells)])
    levels = _row_levels(roles, cells, finder)
    label_cells = [
        cell
        for role, cell in zip(roles, cells, strict=True)
        if role == "label" or (role == "value" and not find_figures(Scan(cell).masked))
    ]
    return _Row(tuple(padded), tuple(cells), roles, "，".join(label_cells), levels)


def _row_levels(
    roles: Sequence[str], cells: Sequence[str], finder: LevelFinder
) -> tuple[int, ...] | None:
    """The row's level: its level column, else a label cell that names one."""
    for wanted in ("level", "label"):
        for role, cell in zip(roles, cells, strict=True):
            if role == wanted and (levels := finder.cell_level(cell)):
                return levels
    return None


def extract_from_table(
    header: Sequence[str], cells: Sequence[str], level_names: Sequence[str] = ()
) -> list[Promise]:
    """Promises in one table row read with its header (offsets in " | ".join(cells))."""
    finder = level_finder(tuple(level_names))
    row = _row(header, cells, finder)
    promises: list[Promise] = []
    offset = 0
    for index, cell in enumerate(row.cells):
        if row.roles[index] == "value" and cell.strip():
            for promise in _cell_promises(row, index, finder):
                shifted = replace(promise, start=promise.start + offset, end=promise.end + offset)
                promises.append(shifted)
        offset += len(cell) + 3
    return promises


def _cell_promises(row: _Row, index: int, finder: LevelFinder) -> list[Promise]:
    cell, header = row.cells[index], row.header[index]
    unit = _header_unit(header)
    bare = unit is not None and _BARE_NUMBER.fullmatch(cell)
    scan = Scan(cell + unit if bare and unit else cell)
    promises: list[Promise] = []
    mentions = finder.mentions(scan.masked)
    for fig in find_figures(scan.masked):
        seg = scan.bounds(fig.start, "segment")
        if not_a_promise(scan, fig, seg):
            continue
        found = _cell_found(scan, fig, header, row)
        if found is None:
            continue
        found.levels = level_for(mentions, scan, fig, seg[1]) or row.levels
        found.total = any(has_total(found.kind, text) for text in row.cells)
        if bare:  # the figure's unit came from the header: quote the cell's number
            found.start, found.end = 0, len(fold_with_offsets(cell.rstrip())[0])
        promises.extend(build_promises(scan, found))
    return promises


# Headers that name the bidder's answer, not a kind ("投标响应" is not a response time).
_ANSWER_HEADER = re.compile(
    r"投标响应|响应情况|响应内容|响应说明|是否响应|投标应答|应答情况|承诺内容"
)


def _cell_found(scan: Scan, fig: Figure, header: str, row: _Row) -> Found | None:
    seg = scan.bounds(fig.start, "segment")
    claim = classify(scan, fig, seg[0], seg[1]) or label_claim(scan, fig)
    if claim is not None:
        if part_warranty(scan, claim, fig):
            return None
        return Found(fig, claim.kind, claim.start, claim.end)
    for context in (_ANSWER_HEADER.sub("", header), row.label):
        folded = mask_text(fold_with_offsets(context)[0])
        kinds = distinct_kinds(keyword_hits(folded, Topics.of(folded)), fig)
        if len(kinds) == 1:
            return Found(fig, kinds[0], fig.start, fig.end)
    return None
