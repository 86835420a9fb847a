"""Page numbers for the stored TOC, estimated by laying the body out as LibreOffice would."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from docx.shared import Twips

from bidgen.model import (
    Block,
    Document,
    Figure,
    Inline,
    ListBlock,
    PageBreak,
    Paragraph,
    Section,
    Table,
    list_rung,
    numbered_title,
    plain_text,
)
from bidgen.writers import ooxml
from bidgen.writers.docx.lists import typed_label
from bidgen.writers.docx.styles import (
    AFTER_TABLE_ROLES,
    AFTER_TABLE_SPACE,
    heading_role,
    list_role,
    paragraph_role,
)
from bidgen.writers.docx.tables import CELL_PADDING, column_twips
from bidgen.writers.docx.template import text_width
from bidgen.writers.docx.toc import TocEntry
from bidgen.writers.figures import DOCX_FONT, shown_size
from bidgen.writers.layout import LINE_FACTOR

AUTOSPACE = 0.25  # ems between CJK and Latin text (w:autoSpaceDE/DN)
HANGING = frozenset("。，、；：！？")  # punctuation that may overflow the margin
# A run of wide characters (one em each, laid out by arithmetic rather than a
# character at a time), or else an ASCII word, spaces or any other character, with
# the opening marks before it (which may not end a line).
_OPENING = "《“（「『‘〈【"
_RUNS = re.compile(rf"[^\x00-\x7e{_OPENING}]+|[{_OPENING}]*(?:[!-~]+| +|.)", re.DOTALL)


def _wide_run(run: str, count: int, x: float, room: float) -> tuple[int, float]:
    """Lay out characters one em wide each: as many as fit go on the line at once; a
    character that does not fit starts the next line, unless it may hang."""
    at, end = 0, len(run)
    while at < end:
        if x > 0 and x + 1 > room and run[at] not in HANGING:
            count, x = count + 1, 0.0
        x += 1  # this character, on this line
        at += 1
        fits = min(max(int(room - x), 0), end - at)  # the next ones that need no check
        x += fits
        at += fits
    return count, x


class PageEstimate:
    """The page each TOC heading is likely to start on, by laying the body out in lines.

    Word recomputes the TOC's page numbers when it opens the file
    (``w:updateFields``). LibreOffice turns the TOC field into an index whose
    text, page numbers included, is the stored result, and does not update
    indexes on load: what this estimates is what its readers see.

    The model follows the template's own sizes, line spacing, paragraph
    spacing and indents, and LibreOffice's layout rules: CJK characters one em
    wide, Latin text about half, closing punctuation hanging in the margin;
    the larger of two adjacent paragraph spacings; two-line widow and orphan
    control; headings kept with the start of what follows; table rows not
    split and the header row repeated. On the four samples it matches
    LibreOffice (with Noto CJK for 宋体/黑体) for nearly every entry and is
    never more than a page out. Other faces have other line heights (SimSun's
    is smaller), so a reader with other fonts may paginate differently.
    """

    def __init__(self, word: Any, styles: dict[str, str]) -> None:
        section = word.sections[-1]
        height = Twips(0) + section.page_height - section.top_margin - section.bottom_margin
        self.height = height / Twips(1) / 20  # points
        self.text_width = text_width(word)  # twips
        self.width = self.text_width / 20  # points
        self.styles = word.styles.element
        self.ids = styles
        self.metrics: dict[str, ooxml.Metrics] = {}
        # A cover in the template body takes page 1.
        self.page = 2 if ooxml.has_blocks(word.element.body) else 1
        self.y = self.space_after = 0.0
        self.break_next = False
        self.after_table = False
        self.last_role = ""  # the style of the paragraph laid out last
        self.found: dict[tuple[int, ...], int] = {}

    def paged(
        self, doc: Document, entries: dict[tuple[int, ...], TocEntry]
    ) -> dict[tuple[int, ...], TocEntry]:
        """The entries with their pages, the TOC taking the pages after the cover."""
        self.place("toc_heading", "")
        for entry in (e for e in entries.values() if e.listed):
            # The entry, a short leader and the page number share the line.
            self.place(f"toc{min(entry.level, 3)}", entry.text, extra_ems=4)
        self.break_next = True
        for index, section in enumerate(doc.sections, start=1):
            self.section(section, (index,))
        return {
            path: dataclasses.replace(entry, page=self.found.get(path, self.page))
            for path, entry in entries.items()
        }

    def section(self, section: Section, path: tuple[int, ...]) -> None:
        self.break_next |= section.page_break_before
        title = numbered_title(section, path[-1])
        self.found[path] = self.place(heading_role(section), title, keep=self.opening(section))
        for block in section.blocks:
            self.block(block, section.level)
        for index, child in enumerate(section.children, start=1):
            self.section(child, (*path, index))

    def block(self, block: Block, level: int) -> None:
        if isinstance(block, Paragraph):
            self.place(paragraph_role(block), block.text)
        elif isinstance(block, ListBlock) and block.ordered:
            for number, item in enumerate(block.items, start=1):
                label = typed_label(list_rung(level), number)  # as wide as Word draws it
                self.place(list_role(block), label + plain_text(item))
        elif isinstance(block, ListBlock):
            for item in block.items:
                self.place(list_role(block), plain_text(item), extra_ems=1)  # the bullet
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Figure):
            self.figure(block)
        elif isinstance(block, PageBreak):
            self.break_next = True

    def figure(self, block: Figure) -> None:
        """The picture's paragraph is one line as tall as the picture, kept with its caption."""
        _, height = shown_size(block, DOCX_FONT, self.width)
        caption = self.style("caption")
        lines = self.pitch(caption)
        needed = caption.before + height + caption.after + caption.before + lines
        if self.break_next or (self.y and self.y + needed > self.height):
            self.new_page()
        self.break_next = self.after_table = False
        self.y += caption.before + height + caption.after
        self.space_after = 0.0
        self.place("caption", block.caption)

    def table(self, block: Table) -> None:
        rows = (block.header, *block.rows)
        columns = max(len(row) for row in rows)
        heights: list[float] = []
        if columns:
            widths = [width / 20 for width in column_twips(block, columns, self.text_width)]
            heights = [self.row_height(self.style("cell"), row, widths) for row in rows]
        if block.caption:  # kept with the header row and the first row
            self.place("caption", block.caption, keep=sum(heights[:2]))
        elif self.break_next or self.after_table:
            self.place("plain", "")  # the writer's empty paragraph before the table
        if not columns:
            return
        self.after_table = False
        self.y += self.space_after
        self.space_after = 0.0
        for number, height in enumerate(heights):
            if self.y + height > self.height and self.y > 0:
                self.new_page()
                if number:  # the header row repeats
                    self.y += heights[0]
            self.y += height
        self.after_table = True
        self.last_role = ""

    def row_height(
        self, cell: ooxml.Metrics, row: tuple[Inline, ...], widths: list[float]
    ) -> float:
        lines = [
            self.lines(cell, plain_text(text), width - CELL_PADDING / 20)
            for text, width in zip(row, widths, strict=False)
        ]
        return max(lines, default=1) * self.pitch(cell)

    def opening(self, section: Section) -> float:
        """The height a heading keeps with: the start of what follows, unbroken."""
        if not section.blocks:
            if not section.children:
                return 0.0
            child = section.children[0]  # the next heading, and what that keeps with
            metrics = self.style(heading_role(child))
            return metrics.before + self.pitch(metrics) + metrics.after + self.opening(child)
        block = section.blocks[0]
        if isinstance(block, Table):  # caption, header row and first row
            caption = self.pitch(self.style("caption")) if block.caption else 0.0
            return caption + 2 * self.pitch(self.style("cell"))
        if isinstance(block, Paragraph):
            role, text, marker = paragraph_role(block), block.text, 0
        elif isinstance(block, ListBlock) and block.items:
            role, text, marker = list_role(block), plain_text(block.items[0]), 1
        else:
            return 0.0
        metrics = self.style(role)
        count = self.unbroken(self.lines(metrics, text, self.width, marker))
        return count * self.pitch(metrics) - self.leading(metrics)

    def place(self, role: str, text: str, extra_ems: float = 0, keep: float = 0.0) -> int:
        """Lay out one paragraph; returns the page its first line falls on.

        ``keep``: the height that must follow it on the same page.
        """
        metrics = self.style(role)
        pitch, leading = self.pitch(metrics), self.leading(metrics)
        count = self.lines(metrics, text, self.width, extra_ems)
        before = metrics.before
        if self.after_table and role in AFTER_TABLE_ROLES:
            before += AFTER_TABLE_SPACE.pt
        # LibreOffice puts the larger of the two spacings between paragraphs.
        gap = max(before, self.space_after) if self.y else before
        if metrics.contextual and role == self.last_role:
            gap = 0.0  # w:contextualSpacing: none between paragraphs of one style
        need = gap + self.unbroken(count) * pitch - leading
        if keep:
            need += leading + metrics.after + keep
        if self.break_next:
            self.new_page()
            gap = before
        elif self.y and self.y + need > self.height:
            self.new_page()  # too little room for its first lines (or what it keeps with)
            gap = 0.0  # spacing before is dropped at the top of a page, unless forced
        self.break_next = self.after_table = False
        self.y += gap
        first, left = self.page, count
        while True:
            room = int((self.height - self.y + leading) // pitch)
            if room >= left:
                break
            # Widow control: at least two lines go over to the next page.
            room = max(min(room, left - 2), 0 if self.y else 1)
            self.y += room * pitch
            left -= room
            self.new_page()
        self.y += left * pitch
        self.space_after = metrics.after  # dropped at the foot of a page
        self.last_role = role
        return first

    @staticmethod
    def unbroken(count: int) -> int:
        """Lines of a paragraph that must start on one page: with widow and orphan
        control (two lines each side), a paragraph of three lines or fewer is one piece."""
        return count if count <= 3 else 2

    def new_page(self) -> None:
        self.page += 1
        self.y = self.space_after = 0.0

    def style(self, role: str) -> ooxml.Metrics:
        if role not in self.metrics:
            self.metrics[role] = ooxml.paragraph_metrics(self.styles, self.ids[role])
        return self.metrics[role]

    @staticmethod
    def pitch(metrics: ooxml.Metrics) -> float:
        return metrics.line if metrics.exact else metrics.size * LINE_FACTOR * metrics.line

    def leading(self, metrics: ooxml.Metrics) -> float:
        """The part of a line's pitch below its text, which may run past the foot of a page."""
        return max(self.pitch(metrics) - metrics.size * LINE_FACTOR, 0.0)

    @staticmethod
    def lines(metrics: ooxml.Metrics, text: str, width: float, extra_ems: float = 0) -> int:
        """Lines a paragraph takes, filled greedily: a CJK character is one em wide,
        ASCII half (a space a quarter), a Latin word is not split, and a closing
        mark may hang past the margin (as Word and LibreOffice allow)."""
        room = max((width - metrics.left) / metrics.size, 1.0)
        count, x = 1, extra_ems + metrics.first_line / metrics.size
        for token in _RUNS.findall(text):
            if token[0] > "~" and token[0] not in _OPENING:
                count, x = _wide_run(token, count, x, room)
                continue
            if token == "\n":
                count, x = count + 1, 0.0
                continue
            if len(token) == 1 and token > "~":
                size = 1.0
            elif token[0] == " ":
                size = len(token) * 0.25
            else:  # a Latin word (capitals wider), set off from CJK text around it
                narrow = len(token.encode("ascii", "ignore"))
                size = len(token) - narrow / 2 + sum(c.isupper() for c in token) * 0.2
                size += (2 if x else 1) * AUTOSPACE if narrow else 0
            if x + size > room and x > 0 and token not in HANGING:
                count, x = count + 1, 0.0
                if token[0] == " ":
                    continue  # a space at the break disappears
            x += size
        return count
