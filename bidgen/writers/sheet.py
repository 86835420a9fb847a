"""One table on its own: the deviation table as XLSX, DOCX or Markdown.

Bid teams paste the 偏离表 into the tender's own response form, so the table is
also written apart from the proposal. The rows are the proposal's own table
(the caller takes it from the built document), so the two never differ.
``highlight`` holds the 0-based body rows to shade (★ clauses).
"""

from __future__ import annotations

import io
from collections.abc import Collection

from bidgen.model import Table, plain_text

HIGHLIGHT = "FFF2CC"  # pale yellow: what evaluators mark ★ rows with
_HEADER_FILL = "D9D9D9"
# Column widths in characters, by the header a tender usually gives them.
_WIDTHS = {"序号": 6, "标记": 6, "偏离情况": 10, "偏离": 10}
_DEFAULT_WIDTH = 28


def _texts(table: Table) -> tuple[list[str], list[list[str]]]:
    header = [plain_text(cell) for cell in table.header]
    rows = [[plain_text(cell) for cell in row] for row in table.rows]
    return header, rows


def _number(text: str) -> int | str:
    """序号 as a real number cell, anything else as text."""
    return int(text) if text.isdigit() else text


def render_xlsx(table: Table, title: str, highlight: Collection[int] = ()) -> bytes:
    """An XLSX workbook: header row bold, shaded and frozen, text wrapped, ★ rows filled."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    header, rows = _texts(table)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]  # Excel's limit on sheet names
    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet.append(header)
    for row in rows:
        sheet.append([_number(text) if index == 0 else text for index, text in enumerate(row)])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=_HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = border
    marked = PatternFill("solid", fgColor=HIGHLIGHT)
    for number, line in enumerate(sheet.iter_rows(min_row=2), start=0):
        for cell in line:
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            cell.border = border
            cell.number_format = "0" if isinstance(cell.value, int) else "@"
            if number in highlight:
                cell.fill = marked
    for index, name in enumerate(header, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = _WIDTHS.get(name, _DEFAULT_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"  # the header repeats on every printed page
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def render_table_docx(table: Table, title: str, highlight: Collection[int] = ()) -> bytes:
    """A DOCX with the title and the table (header row repeated on each page)."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    header, rows = _texts(table)
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "SimSun")
    doc.add_heading(title, level=1)
    grid = doc.add_table(rows=1, cols=len(header))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    grid.rows[0]._tr.get_or_add_trPr().append(repeat)
    for number, row in enumerate(rows):
        cells = grid.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
            if number in highlight:
                shade = OxmlElement("w:shd")
                shade.set(qn("w:val"), "clear")
                shade.set(qn("w:fill"), HIGHLIGHT)
                cell._tc.get_or_add_tcPr().append(shade)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_table_markdown(table: Table, title: str) -> str:
    """A Markdown page: the title and a pipe table."""
    header, rows = _texts(table)

    def line(cells: list[str]) -> str:
        escaped = (text.replace("|", "\\|").replace("\n", " ") or " " for text in cells)
        return "| " + " | ".join(escaped) + " |"

    body = [line(header), "|" + "|".join("---" for _ in header) + "|"]
    body += [line(row) for row in rows]
    return f"# {title}\n\n" + "\n".join(body) + "\n"
