"""Table geometry shared by the writers: column widths estimated from the text.

The HTML page (and so the PDF) sets them as ``<col>`` widths; the DOCX writer
spreads the same proportions over its text width, so a table looks alike in
both.
"""

from __future__ import annotations

import re
import unicodedata

from bidgen.model import Table, plain_text

# Table geometry in em of the 10.5 pt table text (keep in step with print.css.j2):
# A4 minus 2 x 3.17 cm margins is 415.6 pt; cells have 4 pt padding each side and a
# 0.5 pt rule, plus 3 pt of slack so that an estimate a little short does not wrap.
TABLE_WIDTH_EM = 415.6 / 10.5
CELL_PADDING_EM = (8 + 0.5 + 3) / 10.5
SHORT_CELL_EM = 6.0  # "3个工作日内", "故障级别": cells this short should stay on one line
MARK_COLUMN_EM = 2.0  # a √/△ column: its header wraps after two characters
LATIN_EM = 0.6  # Noto CJK digits are 0.56 em (0.59 bold); most Latin letters are narrower
_UNBREAKABLE = re.compile(r"[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|\S")


def column_widths(table: Table) -> tuple[float, ...]:
    """Column widths in percent, by the CSS automatic table layout algorithm.

    WeasyPrint's own automatic layout measures every cell with Pango, which for
    Chinese text means trying a break after every character (0.1-0.2 s on a
    45-page proposal), and then squeezes short columns such as 故障级别 or
    响应时间 into two-line stubs. The model knows the text: estimate the widths
    here (CJK 1 em, other characters about half) and keep short cells whole.
    """
    rows = (table.header, *table.rows)
    count = max(len(row) for row in rows)
    widest, narrowest = [0.0] * count, [0.0] * count
    for row in rows:
        for column, cell in enumerate(row):
            text = plain_text(cell)
            widest[column] = max(widest[column], *map(_text_em, text.split("\n")))
            narrowest[column] = max(narrowest[column], _unbreakable_em(text))
    # A column whose cells are all short is not wrapped while the long ones can give way.
    narrowest = [
        max(low, min(high, SHORT_CELL_EM)) for low, high in zip(narrowest, widest, strict=True)
    ]
    # A column of marks (√/△ of a responsibility matrix) is as narrow as its header
    # can wrap to, so that the text columns beside it are not squeezed.
    for column in _mark_columns(table, count):
        header_em = _text_em(plain_text(table.header[column])) if column < len(table.header) else 0
        widest[column] = max(MARK_COLUMN_EM, min(widest[column], header_em / 2 + 0.5))
        narrowest[column] = MARK_COLUMN_EM
    widths = _distribute(
        [width + CELL_PADDING_EM for width in widest],
        [width + CELL_PADDING_EM for width in narrowest],
        TABLE_WIDTH_EM,
    )
    total = sum(widths)
    return tuple(round(100 * width / total, 1) for width in widths)


def _mark_columns(table: Table, count: int) -> list[int]:
    """Columns whose body cells hold one character at most (marks such as √ or △)."""
    if not table.rows:
        return []
    return [
        column
        for column in range(count)
        if all(len(plain_text(row[column]).strip()) <= 1 for row in table.rows if column < len(row))
    ]


def _distribute(widest: list[float], narrowest: list[float], room: float) -> list[float]:
    # CSS 2.1 section 17.5.2.2: everything fits -> widths follow the content (the
    # table then stretches them proportionally); otherwise each column gets its
    # minimum plus a share of the spare room in proportion to what it lacks.
    if sum(widest) <= room:
        return widest
    spare = room - sum(narrowest)
    stretch = sum(widest) - sum(narrowest)
    if spare <= 0 or stretch <= 0:
        return narrowest
    return [
        low + (high - low) * spare / stretch for low, high in zip(narrowest, widest, strict=True)
    ]


def _char_em(char: str) -> float:
    # Wide, full-width and ambiguous characters (×, —, ①) are one em in a CJK face.
    return 1.0 if unicodedata.east_asian_width(char) in "WFA" else LATIN_EM


def _text_em(text: str) -> float:
    return sum(_char_em(char) for char in text)


def _unbreakable_em(text: str) -> float:
    # Lines break between CJK characters and at spaces, not inside Latin words or numbers.
    return max((_text_em(token) for token in _UNBREAKABLE.findall(text)), default=0.0)
