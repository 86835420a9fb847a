"""Tables: the header row repeated and shaded, rows kept whole, columns sized to the text."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from bidgen.model import Table
from bidgen.writers import ooxml
from bidgen.writers.docx.text import add_runs
from bidgen.writers.docx.toc import TocEntry
from bidgen.writers.layout import column_widths

HEADER_FILL = "EEEEEE"  # the table header row's background, as in the PDF
CELL_PADDING = 216  # twips: the table style's left and right cell margins together


def add_table(
    body: Any,
    styles: dict[str, str],
    block: Table,
    text_width: int,
    targets: Mapping[tuple[int, ...], TocEntry] | None = None,
) -> Any | None:
    """Append ``block`` as a table over the text width (its ``w:tbl`` element); None if it
    has no column to draw."""
    rows = (block.header, *block.rows)
    columns = max(len(row) for row in rows)
    if not columns:
        return None
    widths = column_twips(block, columns, text_width)
    table = ooxml.append_table(body, styles["table"], widths)
    for number, cells in enumerate(rows):
        header = number == 0
        row = ooxml.append_row(table, header)
        role = styles["cell_header" if header else "cell"]
        for column, width in enumerate(widths):
            paragraph = ooxml.append_cell(row, width, role, HEADER_FILL if header else None)
            justify = block.alignment(column)
            if not header and justify in _JUSTIFIED:  # the header row is centred by its style
                ooxml.set_justification(paragraph, justify)
            if column < len(cells):
                add_runs(paragraph, cells[column], targets)
    return table


_JUSTIFIED = frozenset({"left", "center", "right"})  # model.ALIGNMENTS but the default


def keep_last_row_with_next(table: Any) -> None:
    """The table's last row stays on the page of the paragraph after it (a legend)."""
    ooxml.keep_with_next(table[-1])


@lru_cache(maxsize=64)  # asked by the page estimate, then by the writer
def column_twips(block: Table, columns: int, text_width: int) -> tuple[int, ...]:
    """Column widths in twips over the full text width, in the proportions of the PDF's."""
    header = block.header + ((),) * (columns - len(block.header))
    percents = column_widths(Table(header, block.rows, block.caption, block.align))
    total = sum(percents) or 1.0
    widths = [int(text_width * percent / total) for percent in percents]
    widths[-1] += text_width - sum(widths)
    return tuple(widths)
