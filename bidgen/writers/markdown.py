"""Canonical Markdown export: the text reviewers diff in git.

Headings carry their printed outline labels; the export is re-readable by
``bidgen.generate.markdown`` (tables keep their ``Table:`` captions).
"""

from __future__ import annotations

import re

from bidgen.model import Block, Document, Inline, ListBlock, PageBreak, Paragraph, Section, Table
from bidgen.model import numbered_title as _numbered

_ESCAPE = re.compile(r"([\\`*_\[\]<>])")
_STYLE_MARK = {"plain": " {.plain}", "right": " {.right}", "note": " {.note}", "body": ""}


def render_markdown(doc: Document) -> str:
    parts = [_cover(doc)]
    for index, section in enumerate(doc.sections, start=1):
        parts.extend(_section(section, index))
    if doc.signature:
        sig = doc.signature
        parts.append(f"{sig.bidder_label}：{_escape(sig.bidder)} {{.right}}")
        parts.append(f"{sig.representative_label}：{_escape(sig.representative)} {{.right}}")
        parts.append(f"{sig.date_label}：{_escape(sig.date_text)} {{.right}}")
    return "\n\n".join(parts) + "\n"


def _cover(doc: Document) -> str:
    cover = doc.cover
    lines = [f"# {_escape(cover.title)}", ""]
    lines += [f"- {field.label}：{_escape(field.value)}" for field in cover.fields]
    lines.append(f"- 日期：{_escape(cover.date_text)}")
    return "\n".join(lines)


def _section(section: Section, index: int) -> list[str]:
    hashes = "#" * (section.level + 1)
    parts = [f"{hashes} {_escape(_numbered(section, index))}"]
    parts.extend(filter(None, (_block(block) for block in section.blocks)))
    for child_index, child in enumerate(section.children, start=1):
        parts.extend(_section(child, child_index))
    return parts


def _block(block: Block) -> str:
    if isinstance(block, Paragraph):
        return _inline(block.runs) + _STYLE_MARK.get(block.style, "")
    if isinstance(block, ListBlock):
        return "\n".join(
            (f"{number}. " if block.ordered else "- ") + _inline(item)
            for number, item in enumerate(block.items, start=1)
        )
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, PageBreak):
        return ""
    raise TypeError(f"unknown block {block!r}")


def _table(table: Table) -> str:
    lines = []
    if table.caption:
        lines += [f"Table: {_escape(table.caption)}", ""]
    lines.append("| " + " | ".join(_cell(cell) for cell in table.header) + " |")
    lines.append("|" + "|".join("---" for _ in table.header) + "|")
    for row in table.rows:
        lines.append("| " + " | ".join(_cell(cell) for cell in row) + " |")
    return "\n".join(lines)


def _cell(runs: Inline) -> str:
    return _inline(runs).replace("|", "\\|").replace("\n", " ") or " "


def _inline(runs: Inline) -> str:
    out = []
    for span in runs:
        text = _escape(span.text).replace("\n", "\\\n")
        if span.bold and span.italic:
            text = f"***{text}***"
        elif span.bold:
            text = f"**{text}**"
        elif span.italic:
            text = f"*{text}*"
        out.append(text)
    return "".join(out)


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)
