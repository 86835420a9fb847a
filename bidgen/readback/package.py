"""A DOCX package (a zip file) opened with bounds, before python-docx sees it.

A DOCX comes from anyone, so its zip structure is checked first and every part
is unpacked through a bounded read: the sizes a zip declares may lie, so the
declared sizes refuse the obvious cases quickly and the bounded read catches
the rest without ever inflating more than the bound. python-docx then reads a
fresh, uncompressed copy of exactly the parts that were checked, so a second
entry of the same name can never be the one it picks.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import NoReturn

from bidgen.core.errors import BidgenError, Problem
from bidgen.core.files import display_name, read_bytes

MAX_DOCX_BYTES = 64 * 1024 * 1024  # the file as stored
MAX_PART_BYTES = 16 * 1024 * 1024  # one part, unpacked (a 45-page proposal: about 1 MB)
MAX_TOTAL_BYTES = 128 * 1024 * 1024  # all parts, unpacked
MAX_ENTRIES = 5000
# XML deflates 5-20 times; a zip bomb hundreds or thousands of times. The ratio
# only counts for parts big enough to matter.
MAX_RATIO = 200
_RATIO_FLOOR = 1024 * 1024
REQUIRED_PARTS = ("[Content_Types].xml", "word/document.xml")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word's encrypted files and old .doc files
_MB = 1024 * 1024


def checked_package(path: Path) -> bytes:
    """The DOCX at ``path`` as an uncompressed zip of its checked parts."""
    name = display_name(path)
    data = read_bytes(path, MAX_DOCX_BYTES)
    if data.startswith(_OLE_MAGIC):
        _refuse(name, "文件受密码保护或是旧版 .doc 格式：请在 Word 中取消密码并另存为 .docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            infos = source.infolist()
            _check_directory(name, infos)
            parts = [(info, _unpack(name, source, info)) for info in infos]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        _refuse(name, "无法读取 DOCX 文件（文件已损坏或不是 Word 文档）")
    except NotImplementedError:  # a compression method zipfile does not know
        _refuse(name, "无法读取 DOCX 文件（使用了不支持的压缩方式）")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as target:
        for info, content in parts:
            target.writestr(info.filename, content)
    return out.getvalue()


def _check_directory(name: str, infos: list[zipfile.ZipInfo]) -> None:
    """Everything the zip's directory tells before a byte is unpacked."""
    if len(infos) > MAX_ENTRIES:
        _refuse(name, f"DOCX 压缩包中的部件过多（{len(infos)} 个，上限 {MAX_ENTRIES}）")
    seen: set[str] = set()
    total = 0
    for info in infos:
        part = info.filename
        if part.lower() in seen:
            _refuse(name, f"DOCX 压缩包中部件“{_short(part)}”出现了不止一次（文件已损坏或被篡改）")
        seen.add(part.lower())
        if info.flag_bits & 0x1:
            _refuse(name, "DOCX 文件已加密（受密码保护）：请在 Word 中取消密码后另存")
        _check_size(name, part, info.file_size)
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            _refuse(name, f"DOCX 部件“{_short(part)}”的压缩比异常（疑似压缩炸弹），拒绝解压")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            _refuse(name, f"DOCX 解压后总大小超过上限（{MAX_TOTAL_BYTES // _MB} MB）")
    for required in REQUIRED_PARTS:
        if required.lower() not in seen:
            _refuse(name, f"DOCX 压缩包中缺少必需的部件“{required}”（文件已损坏或不是 Word 文档）")


def _unpack(name: str, source: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """One part, read through a bounded stream whatever its declared size says."""
    with source.open(info) as stream:
        content = stream.read(MAX_PART_BYTES + 1)
    _check_size(name, info.filename, len(content))
    return content


def _check_size(name: str, part: str, size: int) -> None:
    if size > MAX_PART_BYTES:
        _refuse(
            name,
            f"DOCX 部件“{_short(part)}”解压后过大（超过 {MAX_PART_BYTES // _MB} MB 的上限），拒绝读取",
        )


def _short(part: str) -> str:
    """A part name as shown in a message: printable, at most 60 characters."""
    shown = "".join(c if c.isprintable() else "?" for c in part)
    return shown if len(shown) <= 60 else shown[:60] + "…"


def _refuse(name: str, message: str) -> NoReturn:
    raise BidgenError(Problem(name, 0, 0, message))
