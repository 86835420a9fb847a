"""Tables: the header row repeated and shaded, rows kept whole, columns sized to the text."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Twips

from bidgen.model import Inline, Table
from bidgen.writers import ooxml
from bidgen.writers.docx.text import add_runs
from bidgen.writers.docx.toc import TocEntry
from bidgen.writers.layout import column_widths

HEADER_FILL = "EEEEEE"  # the table header row's background, as in the PDF
CELL_PADDING = 216  # twips: the table style's left and right cell margins together


def add_table(
    word: Any,
    styles: dict[str, str],
    block: Table,
    text_width: int,
    targets: Mapping[tuple[int, ...], TocEntry] | None = None,
) -> Any | None:
    """Append ``block`` as a table over the text width; None if it has no column to draw."""
    rows = (block.header, *block.rows)
    columns = max(len(row) for row in rows)
    if not columns:
        return None
    table = word.add_table(rows=len(rows), cols=columns)
    ooxml.set_table_style(table, styles["table"])
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = column_twips(block, columns, text_width)
    ooxml.set_table_width(table, sum(widths))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Twips(width)
    for number, (row, cells) in enumerate(zip(table.rows, rows, strict=True)):
        _fill_row(row, cells, widths, styles, header=number == 0, targets=targets)
        if number:
            _align_row(row, block)
    return table


def _fill_row(
    row: Any,
    cells: tuple[Inline, ...],
    widths: tuple[int, ...],
    styles: dict[str, str],
    header: bool,
    targets: Mapping[tuple[int, ...], TocEntry] | None,
) -> None:
    ooxml.set_cant_split(row)
    if header:
        ooxml.set_repeat_header(row)
    role = "cell_header" if header else "cell"
    for column, cell in enumerate(row.cells):
        cell.width = Twips(widths[column])
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        ooxml.set_paragraph_style(paragraph, styles[role])
        if column < len(cells):
            add_runs(paragraph, cells[column], targets)
        if header:
            ooxml.set_cell_shading(cell, HEADER_FILL)


_JUSTIFY = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER}
_JUSTIFY["right"] = WD_ALIGN_PARAGRAPH.RIGHT


def _align_row(row: Any, block: Table) -> None:
    """Body cells take their column's alignment (the header row is centred by its style)."""
    for column, cell in enumerate(row.cells):
        justify = _JUSTIFY.get(block.alignment(column))
        if justify is not None:
            cell.paragraphs[0].alignment = justify


def keep_last_row_with_next(table: Any) -> None:
    """The table's last row stays on the page of the paragraph after it (a legend)."""
    for cell in table.rows[-1].cells:
        for paragraph in cell.paragraphs:
            paragraph.paragraph_format.keep_with_next = True


@lru_cache(maxsize=64)  # asked by the page estimate, then by the writer
def column_twips(block: Table, columns: int, text_width: int) -> tuple[int, ...]:
    """Column widths in twips over the full text width, in the proportions of the PDF's."""
    header = block.header + ((),) * (columns - len(block.header))
    percents = column_widths(Table(header, block.rows, block.caption, block.align))
    total = sum(percents) or 1.0
    widths = [int(text_width * percent / total) for percent in percents]
    widths[-1] += text_width - sum(widths)
    return tuple(widths)
