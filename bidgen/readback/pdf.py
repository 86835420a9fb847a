"""PDF: the text poppler's ``pdftotext -layout`` draws, read as plain text.

A tender often arrives as a PDF only. ``-layout`` keeps each table row on
one line, so a row's figures stay beside its words; page breaks become line
breaks. Line numbers are those of pdftotext's text.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from bidgen.core.errors import BidgenError, Problem
from bidgen.core.files import display_name, read_bytes
from bidgen.readback.structure import ReadDocument
from bidgen.readback.text import read_text_document

PDFTOTEXT = "pdftotext"
TIMEOUT_SECONDS = 120


def read_pdf_document(path: Path) -> ReadDocument:
    return read_text_document(pdf_text(path), display_name(path))


def pdf_text(path: Path) -> str:
    name = display_name(path)
    read_bytes(path)  # a missing or unreadable file is the usual Chinese error
    program = shutil.which(PDFTOTEXT)
    if program is None:
        message = (
            "读取 PDF 需要 pdftotext（poppler-utils），但未找到该程序："
            "请安装 poppler-utils（./dev.sh setup 会安装），或把文件另存为 .docx 或 .txt"
        )
        raise BidgenError(Problem(name, 0, 0, message))
    try:
        done = subprocess.run(
            [program, "-layout", "-enc", "UTF-8", "-eol", "unix", str(path), "-"],
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise BidgenError(Problem(name, 0, 0, "读取 PDF 超时（文件过大或已损坏）")) from None
    if done.returncode != 0:
        message = "无法读取 PDF 文件（文件已损坏、已加密或不是 PDF）"
        raise BidgenError(Problem(name, 0, 0, message))
    return done.stdout.decode("utf-8", "replace").replace("\f", "\n")
