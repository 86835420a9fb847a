"""Table properties (``w:tblPr``) of the reference template; the body's tables, rows and
cells are built in :mod:`.blocks`."""

from __future__ import annotations

from typing import Any

from bidgen.writers.ooxml.schema import el, get_or_add, set_w


def _tbl_pr(owner: Any) -> Any:
    return get_or_add(el(owner), "w:tblPr")


def set_table_width(table: Any, twips: int) -> None:
    """``w:tblW`` in twips (python-docx leaves ``auto``)."""
    set_w(get_or_add(_tbl_pr(table), "w:tblW"), w=twips, type="dxa")


def set_table_indent(owner: Any, twips: int) -> None:
    set_w(get_or_add(_tbl_pr(owner), "w:tblInd"), w=twips, type="dxa")


def set_table_borders(owner: Any, size_eighths: int) -> None:
    """``w:tblBorders``: single rules around and between all cells."""
    borders = get_or_add(_tbl_pr(owner), "w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        set_w(
            get_or_add(borders, f"w:{side}"), val="single", sz=size_eighths, space=0, color="000000"
        )


def set_table_cell_margins(owner: Any, top: int, left: int, bottom: int, right: int) -> None:
    margins = get_or_add(_tbl_pr(owner), "w:tblCellMar")
    for side, twips in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        set_w(get_or_add(margins, f"w:{side}"), w=twips, type="dxa")
