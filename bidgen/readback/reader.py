"""``read_proposal``: any existing proposal file into one :class:`ReadDocument`."""

from __future__ import annotations

from pathlib import Path

from bidgen.core.errors import BidgenError, Problem
from bidgen.core.files import display_name, read_text
from bidgen.readback.structure import ReadDocument
from bidgen.readback.text import read_text_document

DOCX_SUFFIXES = (".docx",)
MARKDOWN_SUFFIXES = (".md", ".markdown")
TEXT_SUFFIXES = (".txt",)
PDF_SUFFIXES = (".pdf",)
SUFFIXES = DOCX_SUFFIXES + MARKDOWN_SUFFIXES + TEXT_SUFFIXES


def read_proposal(path: Path, pdf: bool = False) -> ReadDocument:
    """Dispatch on the file suffix; an unsupported type is a user error.

    ``pdf``: PDF is read too (a tender; a proposal is checked in the file
    that is edited, never in its PDF).
    """
    # Each reader is imported when its kind of file comes: python-docx with lxml
    # (about 0.3 s) and markdown-it (0.1 s) are not paid for a text file.
    suffix = path.suffix.lower()
    if pdf and suffix in PDF_SUFFIXES:
        from bidgen.readback.pdf import read_pdf_document

        return read_pdf_document(path)
    if suffix in DOCX_SUFFIXES:
        from bidgen.readback.docx import read_docx_document

        return read_docx_document(path)
    if suffix in MARKDOWN_SUFFIXES:
        from bidgen.readback.markdown import read_markdown_document

        return read_markdown_document(read_text(path), display_name(path))
    if suffix in TEXT_SUFFIXES:
        return read_text_document(read_text(path), display_name(path))
    kinds = "可读取 .docx、.md、.txt、.pdf" if pdf else "可检查 .docx、.md、.txt"
    message = f"不支持的文件类型“{path.suffix or '无扩展名'}”（{kinds}）"
    raise BidgenError(Problem(display_name(path), 0, 0, message))
