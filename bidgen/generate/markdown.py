"""Parse the clause Markdown subset into document-model blocks.

Supported: headings, paragraphs, ordered/unordered lists, pipe tables (with
an optional ``Table: caption`` paragraph right before), bold, italic and
``<!-- pagebreak -->`` and ``<!-- figure: NAME -->`` (a figure drawn from the
profile, see :mod:`bidgen.generate.figures`). Anything else (code, quotes, links, images, raw
HTML) is an error at the clause file's line, so a template cannot smuggle
formatting that some writers would drop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

from bidgen.core.errors import BidgenError, Problem
from bidgen.model import Block, Inline, ListBlock, PageBreak, Paragraph, Span, Table

_MD = MarkdownIt("commonmark", {"html": True}).enable("table")
PAGEBREAK = "<!-- pagebreak -->"
FIGURE_MARKER = re.compile(r"<!--\s*figure:\s*([a-z_]+)\s*-->")
CAPTION_PREFIX = "Table:"
STYLE_MARKERS = {"{.plain}": "plain", "{.right}": "right", "{.note}": "note"}


@dataclass
class Heading:
    depth: int  # 1 for '#'
    title: str
    line: int


@dataclass
class FigureRef:
    """Where a clause places a figure; assembly draws it from the profile."""

    name: str
    line: int


@dataclass
class Parsed:
    """A flat sequence of headings, blocks and figure places in source order."""

    items: list[Heading | Block | FigureRef] = field(default_factory=list)


def parse_markdown(text: str, name: str) -> Parsed:
    tokens = _MD.parse(text)
    parser = _TokenWalker(tokens, name)
    return parser.run()


class _TokenWalker:
    def __init__(self, tokens: list[Token], name: str) -> None:
        self.tokens = tokens
        self.name = name
        self.pos = 0
        self.out = Parsed()
        self.caption: str | None = None

    def error(self, token: Token, message: str) -> BidgenError:
        line = (token.map[0] + 1) if token.map else 1
        return BidgenError(Problem(self.name, line, 1, message))

    def run(self) -> Parsed:
        while self.pos < len(self.tokens):
            token = self.tokens[self.pos]
            handler = getattr(self, f"on_{token.type}", None)
            if handler is None:
                raise self.error(token, f"条款正文不支持此 Markdown 元素（{token.type}）")
            handler(token)
        if self.caption is not None:
            self.out.items.append(Paragraph((Span(self.caption),)))
        return self.out

    def _take_until(self, closing: str) -> list[Token]:
        start = self.pos + 1
        depth = 0
        for index in range(start, len(self.tokens)):
            kind = self.tokens[index].type
            if kind == self.tokens[self.pos].type:
                depth += 1
            elif kind == closing:
                if depth == 0:
                    inner = self.tokens[start:index]
                    self.pos = index + 1
                    return inner
                depth -= 1
        raise self.error(self.tokens[self.pos], "Markdown 结构不完整")

    def _flush_caption(self) -> None:
        if self.caption is not None:
            self.out.items.append(Paragraph((Span(self.caption),)))
            self.caption = None

    def on_heading_open(self, token: Token) -> None:
        self._flush_caption()
        inner = self._take_until("heading_close")
        title = "".join(span.text for span in inline_spans(inner[0], self)).strip()
        line = (token.map[0] + 1) if token.map else 1
        self.out.items.append(Heading(int(token.tag[1]), title, line))

    def on_paragraph_open(self, token: Token) -> None:
        self._flush_caption()
        inner = self._take_until("paragraph_close")
        runs = inline_spans(inner[0], self)
        text = "".join(span.text for span in runs)
        if text.startswith(CAPTION_PREFIX):
            self.caption = text[len(CAPTION_PREFIX) :].strip()
            return
        style, runs = _paragraph_style(runs)
        self.out.items.append(Paragraph(runs, style))

    def on_bullet_list_open(self, token: Token) -> None:
        self._list(token, ordered=False, closing="bullet_list_close")

    def on_ordered_list_open(self, token: Token) -> None:
        self._list(token, ordered=True, closing="ordered_list_close")

    def _list(self, token: Token, ordered: bool, closing: str) -> None:
        self._flush_caption()
        inner = self._take_until(closing)
        items: list[Inline] = []
        for tok in inner:
            if tok.type in {"bullet_list_open", "ordered_list_open"}:
                raise self.error(tok, "条款正文不支持嵌套列表，请改为分级标题或表格")
            if tok.type == "inline":
                items.append(inline_spans(tok, self))
        self.out.items.append(ListBlock(ordered=ordered, items=tuple(items)))

    def on_table_open(self, token: Token) -> None:
        inner = self._take_until("table_close")
        header: list[Inline] = []
        rows: list[list[Inline]] = []
        align: list[str] = []
        in_head = False
        for tok in inner:
            if tok.type == "th_open":
                align.append(_alignment(tok))
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open" and not in_head:
                rows.append([])
            elif tok.type == "inline":
                (header if in_head else rows[-1]).append(inline_spans(tok, self))
        body = tuple(tuple(row) for row in rows)
        table = Table(tuple(header), body, self.caption, tuple(align) if any(align) else ())
        self.caption = None
        self.out.items.append(table)

    def on_html_block(self, token: Token) -> None:
        content = token.content.strip()
        figure = FIGURE_MARKER.fullmatch(content)
        if content != PAGEBREAK and figure is None:
            message = (
                f"条款正文不支持 HTML，只允许分页标记 {PAGEBREAK} 和插图标记 <!-- figure: 名称 -->"
            )
            raise self.error(token, message)
        self._flush_caption()
        if figure is not None:
            line = (token.map[0] + 1) if token.map else 1
            self.out.items.append(FigureRef(figure.group(1), line))
        else:
            self.out.items.append(PageBreak())
        self.pos += 1

    def on_hr(self, token: Token) -> None:
        raise self.error(token, f"请用 {PAGEBREAK} 表示分页，不要使用分隔线")


def _alignment(token: Token) -> str:
    """``:---:`` in the delimiter row: markdown-it writes ``style="text-align:center"``."""
    style = str(token.attrGet("style") or "")
    return style.removeprefix("text-align:").strip() if style.startswith("text-align:") else ""


def _paragraph_style(runs: Inline) -> tuple[str, Inline]:
    """A trailing ``{.plain}``-style marker picks a paragraph role."""
    if not runs:
        return "body", runs
    last = runs[-1]
    for marker, style in STYLE_MARKERS.items():
        if last.text.rstrip().endswith(marker):
            text = last.text.rstrip()[: -len(marker)].rstrip()
            trimmed = (*runs[:-1], Span(text, last.bold, last.italic)) if text else runs[:-1]
            return style, tuple(trimmed)
    return "body", runs


def inline_spans(token: Token, walker: _TokenWalker) -> Inline:
    """Inline children to spans; adjacent spans with equal formatting merge."""
    spans: list[Span] = []
    bold = italic = False
    for child in token.children or []:
        kind = child.type
        if kind == "strong_open" or kind == "strong_close":
            bold = kind == "strong_open"
        elif kind == "em_open" or kind == "em_close":
            italic = kind == "em_open"
        elif kind in {"text", "code_inline"}:
            _append(spans, Span(child.content, bold, italic))
        elif kind == "softbreak":
            continue  # Chinese text joins without a space across source lines
        elif kind == "hardbreak":
            _append(spans, Span("\n", bold, italic))
        else:
            raise walker.error(token, f"条款正文不支持此行内元素（{kind}）")
    return tuple(spans)


# Full-width punctuation carries its own space: a space after it (as in
# "**更换须经同意。** 关键…") prints as a gap that "**对接与备案**：采购人" lacks.
_FULL_WIDTH_END = tuple("。：；，、！？）”")


def _append(spans: list[Span], span: Span) -> None:
    if spans and spans[-1].text.endswith(_FULL_WIDTH_END) and span.text.startswith(" "):
        span = Span(span.text.lstrip(" "), span.bold, span.italic)
    if spans and (spans[-1].bold, spans[-1].italic) == (span.bold, span.italic):
        spans[-1] = Span(spans[-1].text + span.text, span.bold, span.italic)
    elif span.text:
        spans.append(span)
