"""Table geometry shared by the writers: column widths estimated from the text.

The HTML page (and so the PDF) sets them as ``<col>`` widths; the DOCX writer
spreads the same proportions over its text width, so a table looks alike in
both.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from bidgen.model import Table, plain_text

# Table geometry in em of the 10.5 pt table text (keep in step with print.css.j2):
# A4 minus 2 x 3.17 cm margins is 415.6 pt; cells have 4 pt padding each side and a
# 0.5 pt rule, plus 3 pt of slack so that an estimate a little short does not wrap.
TABLE_WIDTH_EM = 415.6 / 10.5
# Line height of a CJK face as a multiple of its size: Noto Serif CJK's ascent and
# descent (1151 + 286 units), the face fontconfig gives LibreOffice for 宋体 where
# it is missing. Word's line spacing multiplies it; the PDF and the page estimate
# lay lines out with it.
LINE_FACTOR = 1.437
TABLE_LINE_SPACING = 1.2  # the bundled template's 表格文字 (a multiple, as in Word)
CELL_PADDING_EM = (8 + 0.5 + 3) / 10.5
# The cover's project name is 22 pt (二号) in both the PDF and the DOCX template, on
# the 415.6 pt text width: 18.9 em, less a little for the estimate.
COVER_PROJECT_EM = 415.6 / 22 - 0.4
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


@functools.cache  # a proposal has a few hundred distinct characters
def _char_em(char: str) -> float:
    # Wide, full-width and ambiguous characters (×, —, ①) are one em in a CJK face.
    return 1.0 if unicodedata.east_asian_width(char) in "WFA" else LATIN_EM


def _text_em(text: str) -> float:
    return sum(map(_char_em, text))


def text_em(text: str) -> float:
    """The width of a line of text in ems of a CJK face (an estimate: see LATIN_EM)."""
    return _text_em(text)


def _unbreakable_em(text: str) -> float:
    # Lines break between CJK characters and at spaces, not inside Latin words or numbers.
    return max((_text_em(token) for token in _UNBREAKABLE.findall(text)), default=0.0)


# Where a cover title may break: after these words and marks (outside brackets, or
# after an enumeration comma inside them), never inside a word such as 二期 or 采购.
_BREAK_AFTER = ("项目", "工程", "采购", "服务", "系统", "年度", "建设", "医院", "机关", "平台")
_BREAK_AFTER_MARKS = "）)、，"
_BREAK_BEFORE_MARKS = "（("


def phrase_chunks(text: str) -> list[str]:
    """``text`` cut where a line of a title may break; the chunks join back to it."""
    chunks: list[str] = []
    start = depth = 0
    for index, char in enumerate(text):
        if char in _BREAK_BEFORE_MARKS:
            if depth == 0 and index > start:
                chunks.append(text[start:index])
                start = index
            depth += 1
        elif char in ")）":
            depth = max(depth - 1, 0)
        end = index + 1
        # "采购项目", "服务项目": no break between two such words.
        after_word = (
            depth == 0
            and any(text.endswith(w, start, end) for w in _BREAK_AFTER)
            and not any(text.startswith(w, end) for w in _BREAK_AFTER)
        )
        after_year = (
            char == "年" and text[index - 1 : index].isdigit() and text[end : end + 1] != "度"
        )
        if after_word or after_year or (char in _BREAK_AFTER_MARKS and end - start > 1):
            chunks.append(text[start:end])
            start = end
    if start < len(text):
        chunks.append(text[start:])
    return chunks


def title_lines(text: str, max_em: float) -> tuple[str, ...]:
    """Balanced lines of at most ``max_em`` that break only between phrase chunks (a
    chunk longer than a line is cut by characters); as few lines as possible, and of
    those the most even."""
    chunks = [piece for chunk in phrase_chunks(text) for piece in _fit(chunk, max_em)]
    lines = _pack(chunks, max_em)
    total = _text_em(text)
    width = total / len(lines)
    while width < max_em:
        even = _pack(chunks, width)
        if len(even) == len(lines):
            return tuple(even)
        width += 0.5
    return tuple(lines)


def _fit(chunk: str, max_em: float) -> list[str]:
    pieces, line = [], ""
    for char in chunk:
        if line and _text_em(line + char) > max_em:
            pieces.append(line)
            line = ""
        line += char
    return [*pieces, line] if line else pieces


def _pack(chunks: list[str], max_em: float) -> list[str]:
    lines: list[str] = []
    for chunk in chunks:
        if lines and _text_em(lines[-1] + chunk) <= max_em:
            lines[-1] += chunk
        else:
            lines.append(chunk)
    return lines or [""]
