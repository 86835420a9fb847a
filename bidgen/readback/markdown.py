"""Markdown as people write it, read with markdown-it into located blocks.

Unlike the clause parser (:mod:`bidgen.generate.markdown`, strict on purpose
for clause authors), this reader accepts anything: blockquotes, nested lists,
code, raw HTML, setext headings, front matter (kept as text). Each block
keeps its source lines, trimmed, so lint can point at them; its ``plain``
text is what a reader of the rendered page sees.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from markdown_it import MarkdownIt
from markdown_it.token import Token

from bidgen.generate.markdown import CAPTION_PREFIX, STYLE_MARKERS
from bidgen.readback.structure import Block, BlockKind, Heading, Line, ReadDocument, assemble

_MD = MarkdownIt("commonmark", {"html": True}).enable("table")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)\s*$")
_COMMENT = re.compile(r"^\s*(?:<!--.*?-->\s*)+$", re.DOTALL)
_FENCE = re.compile(r"^\s*(?:>\s*)*(?:```|~~~)")
_CONTAINERS = {"list_item_open": "item", "blockquote_open": "quote"}
# The list marker an item's first source line opens with (after any quote marks).
_ITEM_MARKER = re.compile(r"^(?:>\s*)*(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)")


def read_markdown_document(text: str, name: str) -> ReadDocument:
    lines = text.splitlines()
    skip = _front_matter_end(lines)
    front = [_text_block(lines, index) for index in range(1, skip - 1)]
    items: list[Heading | Block] = [block for block in front if block.plain]
    # Front matter lines stay text; the rest parses as if they were blank.
    body = "\n" * skip + "\n".join(lines[skip:])
    items.extend(_Walker(_MD.parse(body), lines).items())
    return _with_title(name, items)


def _front_matter_end(lines: list[str]) -> int:
    """Lines taken by a YAML front matter block at the top (0: none)."""
    if not lines or lines[0].strip() != "---":
        return 0
    for index in range(1, len(lines)):
        if _FRONT_MATTER_END.match(lines[index]):
            return index + 1
    return 0


def _with_title(name: str, items: list[Heading | Block]) -> ReadDocument:
    """A lone ``#`` heading first (bidgen's export: the cover title) is the title.

    Chapters are the headings below it; keeping the title in every chapter
    path would put the whole file in one group.
    """
    headings = [item for item in items if isinstance(item, Heading)]
    tops = [heading for heading in headings if heading.level == 1]
    if len(headings) > 1 and len(tops) == 1 and headings[0] is tops[0]:
        title = tops[0]
        rest = [item for item in items if item is not title]
        return assemble(name, "markdown", rest, title)
    return assemble(name, "markdown", items)


def _text_block(lines: list[str], index: int, kind: BlockKind = "paragraph") -> Block:
    line = _line(lines, index)
    return Block(kind, (line,), line.text)


def _line(lines: list[str], index: int) -> Line:
    raw = lines[index]
    text = raw.strip()
    return Line(text, index + 1, len(raw) - len(raw.lstrip()) + 1)


class _Walker:
    """Turns the token stream into headings and blocks, tracking list/quote nesting."""

    def __init__(self, tokens: list[Token], lines: list[str]) -> None:
        self.tokens = tokens
        self.lines = lines
        self.containers: list[str] = []

    def items(self) -> Iterator[Heading | Block]:
        pending: Block | None = None  # a "Table:" paragraph, a caption if a table follows
        index = 0
        while index < len(self.tokens):
            token = self.tokens[index]
            found, index = self.read(index)
            for item in found:
                if pending is not None:
                    is_table = token.type == "table_open"
                    yield _as_caption(pending) if is_table else pending
                    pending = None
                if isinstance(item, Block) and item.plain.startswith(CAPTION_PREFIX):
                    pending = item
                else:
                    yield item
        if pending is not None:
            yield pending

    def read(self, index: int) -> tuple[list[Heading | Block], int]:
        """The items the token at ``index`` opens, and the index after them."""
        token = self.tokens[index]
        kind = token.type
        if kind in _CONTAINERS:
            self.containers.append(_CONTAINERS[kind])
        elif kind in {"list_item_close", "blockquote_close"}:
            self.containers.pop()
        elif kind == "heading_open":
            return [self.heading(token, self.tokens[index + 1])], index + 3
        elif kind == "paragraph_open":
            return [self.paragraph(token, self.tokens[index + 1])], index + 3
        elif kind == "table_open":
            return self.table(index)
        elif kind in {"fence", "code_block"}:
            return list(self.code(token)), index + 1
        elif kind == "html_block" and not _COMMENT.match(token.content):
            return list(self.source_lines(token, "paragraph")), index + 1
        return [], index + 1

    def span(self, token: Token) -> range:
        start, end = token.map if token.map else (0, 0)
        while end > start and not self.lines[end - 1].strip():
            end -= 1
        return range(start, end)

    def source_lines(self, token: Token, kind: BlockKind) -> Iterator[Block]:
        for index in self.span(token):
            if self.lines[index].strip():
                yield _text_block(self.lines, index, kind)

    def heading(self, token: Token, inline: Token) -> Heading:
        line = _line(self.lines, self.span(token).start)
        block = Block("heading", (line,), inline_text(inline))
        return Heading(int(token.tag[1]), inline.content.strip(), block.plain, block)

    def paragraph(self, token: Token, inline: Token) -> Block:
        lines = tuple(_line(self.lines, index) for index in self.span(token))
        kind: BlockKind = "item" if self.containers[-1:] == ["item"] else "paragraph"
        plain = _without_style_marker(inline_text(inline))
        marker = _ITEM_MARKER.match(lines[0].text) if kind == "item" and lines else None
        return Block(kind, lines, plain, marker=len(marker.group(0)) if marker else 0)

    def code(self, token: Token) -> Iterator[Block]:
        for index in self.span(token):
            raw = self.lines[index]
            if raw.strip() and not (token.type == "fence" and _FENCE.match(raw)):
                yield _text_block(self.lines, index)

    def table(self, index: int) -> tuple[list[Heading | Block], int]:
        rows: list[tuple[int, list[Token]]] = []
        while self.tokens[index].type != "table_close":
            token = self.tokens[index]
            if token.type == "tr_open":
                rows.append((self.span(token).start, []))
            elif token.type == "inline":
                rows[-1][1].append(token)
            index += 1
        header = tuple(cell.content.strip() for cell in rows[0][1]) if rows else ()
        blocks: list[Heading | Block] = []
        for number, (line_index, cells) in enumerate(rows, start=1):
            written = tuple(cell.content.strip() for cell in cells)
            plain = tuple(inline_text(cell) for cell in cells)
            line = _line(self.lines, line_index)
            row_header = header if number > 1 else ()
            blocks.append(Block("row", (line,), line.text, 0, number, row_header, written, plain))
        return blocks, index + 1


def _as_caption(block: Block) -> Block:
    caption = block.plain[len(CAPTION_PREFIX) :].strip()
    return Block("caption", block.lines, caption)


def _without_style_marker(text: str) -> str:
    """bidgen's export marks some paragraphs ``{.right}``: not text a reader sees."""
    stripped = text.rstrip()
    for marker in STYLE_MARKERS:
        if stripped.endswith(marker):
            return stripped[: -len(marker)].rstrip()
    return text


def inline_text(token: Token) -> str:
    """The rendered text of an inline token: emphasis, links and inline HTML dropped."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type == "image":
            parts.append(child.content)  # the alt text
        elif child.type == "hardbreak":
            parts.append("\n")
        # softbreak: Chinese text joins without a space across source lines
    return "".join(parts)
