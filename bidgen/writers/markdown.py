"""Canonical Markdown export: the text reviewers diff in git.

Headings carry their printed outline labels; apart from figure images, the export
is re-readable by ``bidgen.generate.markdown`` (tables keep their ``Table:``
captions and ``:---:`` alignment). Paragraph roles (plain, right, note) are layout
and are not written: the text carries no renderer attributes.
"""

from __future__ import annotations

import re
import unicodedata

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
)
from bidgen.model import numbered_title as _numbered

_ESCAPE = re.compile(r"([\\`*_\[\]<>])")


def render_markdown(doc: Document, figure_prefix: str | None = None) -> str:
    """The canonical text. With ``figure_prefix``, a figure is an image reference to
    ``{prefix}{name}.svg`` (the caller writes that file, see :func:`figure_files`);
    without, only its caption is written."""
    parts = [_cover(doc)]
    for index, section in enumerate(doc.sections, start=1):
        parts.extend(_section(section, index, figure_prefix))
    if doc.signature:
        sig = doc.signature
        parts.append(f"{sig.bidder_label}：{_escape(sig.bidder)}")
        parts.append(f"{sig.representative_label}：{_escape(sig.representative)}")
        parts.append(f"{sig.date_label}：{_escape(sig.date_text)}")
    return "\n\n".join(parts) + "\n"


def _cover(doc: Document) -> str:
    cover = doc.cover
    lines = [f"# {_escape(cover.title)}", ""]
    lines += [f"- {field.label}：{_escape(field.value)}" for field in cover.fields]
    lines.append(f"- 日期：{_escape(cover.date_text)}")
    return "\n".join(lines)


def figure_path(prefix: str, figure: Figure) -> str:
    """Where the Markdown links a figure, relative to the Markdown file."""
    return f"{prefix}{figure.name}.svg"


def _section(section: Section, index: int, prefix: str | None) -> list[str]:
    hashes = "#" * (section.level + 1)
    parts = [f"{hashes} {_escape(_numbered(section, index))}"]
    parts.extend(filter(None, (_block(block, prefix) for block in section.blocks)))
    for child_index, child in enumerate(section.children, start=1):
        parts.extend(_section(child, child_index, prefix))
    return parts


def _figure(figure: Figure, prefix: str | None) -> str:
    caption = _escape(figure.caption)
    if prefix is None:
        return caption
    target = figure_path(prefix, figure)
    if any(char in target for char in " ()<>"):
        target = "<" + target.replace("<", "%3C").replace(">", "%3E") + ">"
    return f"![{caption}]({target})"  # the alt text is the caption: readers show it


def _block(block: Block, prefix: str | None = None) -> str:
    if isinstance(block, Paragraph):
        # A paragraph's role (plain, right, note) is layout, carried by the model: the
        # canonical text stays free of renderer attributes.
        return _inline(block.runs)
    if isinstance(block, ListBlock):
        return "\n".join(
            (f"{number}. " if block.ordered else "- ") + _inline(item)
            for number, item in enumerate(block.items, start=1)
        )
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figure):
        return _figure(block, prefix)
    if isinstance(block, PageBreak):
        return ""
    raise TypeError(f"unknown block {block!r}")


def _table(table: Table) -> str:
    lines = []
    if table.caption:
        lines += [f"Table: {_escape(table.caption)}", ""]
    lines.append("| " + " | ".join(_cell(cell) for cell in table.header) + " |")
    marks = {"left": ":---", "center": ":---:", "right": "---:"}
    delimiters = (marks.get(table.alignment(n), "---") for n in range(len(table.header)))
    lines.append("|" + "|".join(delimiters) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(_cell(cell) for cell in row) + " |")
    return "\n".join(lines)


def _cell(runs: Inline) -> str:
    return _inline(runs).replace("|", "\\|").replace("\n", " ") or " "


def _inline(runs: Inline) -> str:
    out = []
    for span in runs:
        text = _escape(span.text).replace("\n", "\\\n")
        marker = "***" if span.bold and span.italic else "**" if span.bold else "*"
        out.append(_emphasis(text, marker) if span.bold or span.italic else text)
    return "".join(out)


def _emphasis(text: str, marker: str) -> str:
    """``**text**`` with punctuation at either end moved outside the markers.

    CommonMark closes ``**服务范围。**`` only before a space or punctuation, and
    Chinese has no space there: ``**服务范围**。本项目`` reads back as bold.
    """
    start, end = 0, len(text)
    while start < end and _is_punctuation(text[start]):
        start += 1
    while end > start and _is_punctuation(text[end - 1]) and text[end - 2 : end - 1] != "\\":
        end -= 1
    if start == end:
        return f"{marker}{text}{marker}"
    return f"{text[:start]}{marker}{text[start:end]}{marker}{text[end:]}"


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char).startswith("P") and char not in "\\*_"


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)
