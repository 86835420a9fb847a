"""The body of the proposal: TOC, sections and signature after the template's cover.

This package writes only content, in the template's named styles
(:mod:`.styles`); the raw XML it needs lives in :mod:`bidgen.writers.ooxml`.
The same document gives byte-identical files: fixed zip metadata (see
:func:`bidgen.output.normalise_zip`) and core properties from ``meta``.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from docx.enum.text import WD_UNDERLINE
from docx.shared import Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from bidgen.model import (
    Block,
    Document,
    Figure,
    Inline,
    ListBlock,
    PageBreak,
    Paragraph,
    Section,
    Signature,
    Table,
    list_rung,
    numbered_title,
)
from bidgen.output import normalise_zip
from bidgen.writers import ooxml
from bidgen.writers.docx.house import apply_house_style, with_logo
from bidgen.writers.docx.lists import BULLET, Lists, typed_label
from bidgen.writers.docx.pages import PageEstimate
from bidgen.writers.docx.styles import (
    AFTER_TABLE_ROLES,
    AFTER_TABLE_SPACE,
    heading_role,
    paragraph_role,
    resolve_styles,
)
from bidgen.writers.docx.tables import add_table, keep_last_row_with_next
from bidgen.writers.docx.template import (
    TEMPLATE,
    render_cover,
    set_core_properties,
    template_bytes,
    text_width,
)
from bidgen.writers.docx.text import add_runs, clean
from bidgen.writers.docx.toc import TOC_INSTRUCTION, TOC_PLACEHOLDER, TocEntry, toc_entries
from bidgen.writers.figures import DOCX_FONT, figure_png, shown_size

# Room for a handwritten signature: underlined ideographic spaces, closed by a
# no-break space so that Word and LibreOffice do not drop them as trailing spaces.
SIGNATURE_BLANK = "\u3000" * 8 + "\u00a0"
SIGN_OFF_PARAGRAPHS = 2  # closing paragraphs of the letter kept on the signature's page


def render_docx(doc: Document, template: Path | None = None) -> bytes:
    """The whole proposal as DOCX bytes; ``template`` defaults to the bundled one."""
    word = render_cover(with_logo(template_bytes(template or TEMPLATE), doc.style.logo), doc)
    styles = resolve_styles(word)
    apply_house_style(word, styles, doc.style)
    toc = PageEstimate(word, styles).paged(doc, toc_entries(doc, word.element.body))
    writer = _BodyWriter(word, styles, Lists.for_document(word, styles, doc), toc)
    writer.toc(doc.toc_title, doc.toc_depth)
    for index, section in enumerate(doc.sections, start=1):
        writer.section(section, (index,))
    if doc.signature is not None:
        writer.signature(doc.signature)
    set_core_properties(word, doc.meta)
    remove_template_identifiers(word, doc.meta.author)
    ooxml.set_update_fields(word.settings)
    stream = io.BytesIO()
    word.save(stream)
    return normalise_zip(stream.getvalue())


def remove_template_identifiers(word: Any, company: str) -> None:
    """No revision-session ids or document id of the template, no tool name: the
    files of unrelated bidders must not share identifiers; the company is the bidder."""
    ooxml.strip_document_ids(word.settings)
    for part in word.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is not None:
            ooxml.strip_rsid_attributes(element)
        elif str(part.partname) == "/docProps/app.xml":
            part._blob = ooxml.set_app_properties(part.blob, clean(company))


class _BodyWriter:
    """Appends the TOC, the sections and the signature after the template's cover."""

    def __init__(
        self,
        word: Any,
        styles: dict[str, str],
        lists: Lists,
        toc: dict[tuple[int, ...], TocEntry],
    ) -> None:
        self.word = word
        self.styles = styles
        self.lists = lists
        self.toc_entries = toc
        self.break_next = False  # the next block starts a new page
        self.after_table = False  # the last block was a table
        self.text_width = text_width(word)
        self.recent: list[Any] = []  # the last paragraphs, since the last table
        self.last_table: Any | None = None
        self.body = word.element.body
        # The proxy python-docx's own add_paragraph gives its paragraphs as parent
        # (pictures find the document part through it).
        self.parent = word._body

    def paragraph(self, role: str, runs: Inline = (), text: str = "") -> Any:
        # Normal applies without a w:pStyle.
        element = ooxml.append_paragraph(self.body, None if role == "body" else self.styles[role])
        if text:
            ooxml.append_run(element, clean(text))
        add_runs(element, runs, self.toc_entries)
        paragraph = DocxParagraph(element, self.parent)
        if self.break_next:
            paragraph.paragraph_format.page_break_before = True
            self.break_next = False
        elif self.after_table and role in AFTER_TABLE_ROLES:
            paragraph.paragraph_format.space_before = AFTER_TABLE_SPACE
            if role == "note" and self.last_table is not None:
                keep_last_row_with_next(self.last_table)  # a legend stays with its table
        self.after_table = False
        self.recent = [*self.recent[-(SIGN_OFF_PARAGRAPHS - 1) :], paragraph]
        return paragraph

    def toc(self, title: str, depth: int) -> None:
        self.break_next = not ooxml.at_page_start(self.word.element.body)
        heading = self.paragraph("toc_heading", text=title)
        ooxml.preserve_space(heading)  # "目  录" is spaced out
        instruction = TOC_INSTRUCTION.format(depth=depth)
        if not self.toc_entries:
            ooxml.add_field(self.paragraph("toc1"), instruction, TOC_PLACEHOLDER)
        else:
            self.toc_field(instruction)
        self.break_next = True

    def toc_field(self, instruction: str) -> None:
        """The TOC field with its result filled in, one paragraph per entry, as Word
        leaves it after an update: readers that do not update fields show it as is."""
        # As Word does, each entry sets the right-aligned stop for its page number:
        # a template's TOC style may have none, or one elsewhere (cleared).
        styles = self.word.styles.element
        inherited = {
            role: ooxml.tab_stops(ooxml.style_by_id(styles, self.styles[role]))
            for role in ("toc1", "toc2", "toc3")
        }
        for number, entry in enumerate(e for e in self.toc_entries.values() if e.listed):
            role = f"toc{min(entry.level, 3)}"
            paragraph = self.paragraph(role)
            ooxml.set_tab_stop(paragraph, self.text_width, clear=inherited[role])
            if number == 0:
                ooxml.begin_field(paragraph, instruction)
            ooxml.add_toc_entry(paragraph, entry.bookmark, entry.text, str(entry.page))
        ooxml.end_field(paragraph)

    def section(self, section: Section, path: tuple[int, ...]) -> None:
        self.heading(section, path)
        for block in section.blocks:
            self.block(block, section.level)
        for child_index, child in enumerate(section.children, start=1):
            self.section(child, (*path, child_index))

    def heading(self, section: Section, path: tuple[int, ...]) -> None:
        if self.lists.outline_in_word:
            paragraph = self.paragraph(heading_role(section), text=section.title)
        else:
            title = numbered_title(section, path[-1])
            paragraph = self.paragraph(heading_role(section), text=title)
            if self.lists.headings_have_numbering:
                ooxml.set_num_pr(paragraph, 0)  # numId 0: the style's list is off here
        if section.page_break_before:
            paragraph.paragraph_format.page_break_before = True
        entry = self.toc_entries.get(path)
        if entry is not None:
            ooxml.add_bookmark(paragraph, entry.bookmark_id, entry.bookmark)

    def block(self, block: Block, level: int) -> None:
        """One block of a section at heading ``level`` (its lists count a rung below)."""
        if isinstance(block, Paragraph):
            self.paragraph(paragraph_role(block), block.runs)
        elif isinstance(block, ListBlock):
            self.list(block, list_rung(level))
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Figure):
            self.figure(block)
        elif isinstance(block, PageBreak):
            self.break_next = True

    def figure(self, block: Figure) -> None:
        """The picture, centred at print resolution, then its caption, on one page."""
        width, height = shown_size(block, DOCX_FONT, self.text_width / 20)
        picture = self.paragraph("caption")
        picture.paragraph_format.keep_with_next = True
        run = picture.add_run()
        run.add_picture(io.BytesIO(figure_png(block, DOCX_FONT)), Pt(width), Pt(height))
        ooxml.set_picture_description(run, block.caption)
        caption = self.paragraph("caption", text=block.caption)
        caption.paragraph_format.keep_with_next = False  # a figure's caption comes last

    def list(self, block: ListBlock, rung: int) -> None:
        if not block.ordered:
            for item in block.items:
                marker = "" if self.lists.bullets_in_word else BULLET
                self.paragraph("bullet", item, text=marker)
            return
        num_id = self.lists.new_ordered_list(rung)
        for number, item in enumerate(block.items, start=1):
            if num_id is None:
                self.paragraph("number", item, text=typed_label(rung, number))
            else:
                ooxml.set_num_pr(self.paragraph("number", item), num_id)

    def table(self, block: Table) -> None:
        if block.caption:
            self.paragraph("caption", text=block.caption)
        elif self.break_next or self.after_table:
            # A table cannot carry a page break, and Word joins two tables
            # that touch into one: an empty paragraph goes between.
            self.paragraph("plain")
        self.last_table = add_table(
            self.body, self.styles, block, self.text_width, self.toc_entries
        )
        if self.last_table is not None:
            self.after_table = True
            self.recent = []

    def signature(self, signature: Signature) -> None:
        """Right-aligned closing lines, kept together on one page."""
        lines = (
            (signature.bidder_label, signature.bidder),
            (signature.representative_label, signature.representative),
            (signature.date_label, signature.date_text),
        )
        for closing in self.recent:  # the letter's last paragraphs stay with it
            closing.paragraph_format.keep_with_next = True
        paragraphs = []
        for label, value in lines:
            paragraph = self.paragraph("signature", text=f"{label}：{value}")
            if not value:
                blank = paragraph.add_run(SIGNATURE_BLANK)
                blank.underline = WD_UNDERLINE.SINGLE
            paragraph.paragraph_format.keep_together = True
            paragraphs.append(paragraph)
        paragraphs[0].paragraph_format.space_before = Pt(24)
        for paragraph in paragraphs:
            paragraph.paragraph_format.keep_with_next = paragraph is not paragraphs[-1]
