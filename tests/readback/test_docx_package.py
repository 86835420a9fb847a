"""Damaged and hostile DOCX packages: one Chinese line naming the file, exit 2, quickly."""

from __future__ import annotations

import io
import struct
import time
import warnings
import zipfile
from pathlib import Path

import docx
import pytest

from bidgen.readback import package

SECONDS = 5.0  # each refusal must come well within this


def _sample_docx() -> bytes:
    word = docx.Document()
    word.add_heading("一、服务承诺", level=1)
    word.add_paragraph("一级故障30分钟内响应，2小时内到达现场。")
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return [(info.filename, source.read(info)) for info in source.infolist()]


def _encrypted(data: bytes) -> bytes:
    """Every entry flagged as encrypted (zipfile cannot write such entries itself)."""
    out = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = out.find(signature)
        while start >= 0:
            out[start + offset] |= 0x1
            start = out.find(signature, start + 4)
    return bytes(out)


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name" is what the duplicate case wants
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name, content in members:
                info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(info, content)
    return out.getvalue()


def _replaced(name: str, content: bytes) -> bytes:
    return _zip([(n, content if n == name else c) for n, c in _members(_sample_docx())])


def _lying_about_its_size() -> bytes:
    """A 20 MB document part whose zip headers say it unpacks to 1000 bytes."""
    data = bytearray(_replaced("word/document.xml", b"<" + b" " * (20 * 1024 * 1024)))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as source:
        info = source.getinfo("word/document.xml")
        true_size = info.file_size
    packed = struct.pack("<I", true_size)
    assert data.count(packed) == 2  # the local header and the central directory entry
    return bytes(data.replace(packed, struct.pack("<I", 1000)))


def _retyped(part: str) -> bytes:
    """A part declared under a content type python-docx does not know (found by the fuzz
    suite: the part then loads without its XML and reading it raised AttributeError)."""
    members = _members(_sample_docx())
    types = dict(members)["[Content_Types].xml"]
    declared = f"wordprocessingml.{part}+xml".encode()
    assert declared in types
    retyped = types.replace(declared, b"wordprocessingml.unknown+xml")
    return _zip([(n, retyped if n == "[Content_Types].xml" else c) for n, c in members])


DAMAGED = "无法读取 DOCX 文件（文件已损坏或不是 Word 文档）"
CASES = {
    "styles-part-of-unknown-type": (lambda: _retyped("styles"), DAMAGED),
    "numbering-part-of-unknown-type": (lambda: _retyped("numbering"), DAMAGED),
    "duplicate-document-part": (
        lambda: _zip([*_members(_sample_docx()), ("word/document.xml", b"<x/>")]),
        "DOCX 压缩包中部件“word/document.xml”出现了不止一次（文件已损坏或被篡改）",
    ),
    "document-part-of-40-mb": (
        lambda: _replaced("word/document.xml", b" " * (40 * 1024 * 1024)),
        "DOCX 部件“word/document.xml”解压后过大（超过 16 MB 的上限），拒绝读取",
    ),
    "bomb-by-ratio": (
        lambda: _replaced("word/styles.xml", b"\0" * (4 * 1024 * 1024)),
        "DOCX 部件“word/styles.xml”的压缩比异常（疑似压缩炸弹），拒绝解压",
    ),
    "size-that-lies": (_lying_about_its_size, DAMAGED),
    "no-content-types": (
        lambda: _zip([m for m in _members(_sample_docx()) if m[0] != "[Content_Types].xml"]),
        "DOCX 压缩包中缺少必需的部件“[Content_Types].xml”（文件已损坏或不是 Word 文档）",
    ),
    "no-document-part": (
        lambda: _zip([m for m in _members(_sample_docx()) if m[0] != "word/document.xml"]),
        "DOCX 压缩包中缺少必需的部件“word/document.xml”（文件已损坏或不是 Word 文档）",
    ),
    "not-a-zip": (lambda: "一级故障30分钟内响应".encode(), DAMAGED),
    "truncated": (lambda: _sample_docx()[:5000], DAMAGED),
    "encrypted-entries": (
        lambda: _encrypted(_sample_docx()),
        "DOCX 文件已加密（受密码保护）：请在 Word 中取消密码后另存",
    ),
    "password-protected-by-word": (
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096,
        "文件受密码保护或是旧版 .doc 格式：请在 Word 中取消密码并另存为 .docx",
    ),
    "too-many-entries": (
        lambda: _zip([*_members(_sample_docx()), *((f"x/{i}", b"") for i in range(5001))]),
        f"DOCX 压缩包中的部件过多（{len(_members(_sample_docx())) + 5001} 个，上限 5000）",
    ),
}


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("command", ["lint", "diff"])
def test_hostile_package_is_one_chinese_line(in_tmp: Path, run_cli, case: str, command: str):
    make, message = CASES[case]
    (in_tmp / "bad.docx").write_bytes(make())
    (in_tmp / "good.docx").write_bytes(_sample_docx())
    args = ["lint", "bad.docx"] if command == "lint" else ["diff", "good.docx", "bad.docx"]
    start = time.perf_counter()
    result = run_cli(*args)
    assert time.perf_counter() - start < SECONDS
    assert (result.code, result.out, result.err) == (2, "", f"bad.docx: {message}\n")


def test_the_checked_copy_reads_like_the_original(in_tmp: Path, run_cli):
    (in_tmp / "good.docx").write_bytes(_sample_docx())
    assert _members(package.checked_package(in_tmp / "good.docx")) == _members(_sample_docx())
    result = run_cli("lint", "good.docx")
    assert (result.code, result.err) == (0, "")


def test_a_real_build_is_well_inside_the_bounds(profile_file, run_cli, tmp_path: Path):
    profile_file()
    assert run_cli("build", "p.yaml", "-o", "out", "-f", "docx").code == 0
    (built,) = (tmp_path / "out").glob("*.docx")
    with zipfile.ZipFile(built) as source:
        sizes = [info.file_size for info in source.infolist()]
    assert max(sizes) * 10 < package.MAX_PART_BYTES
    assert run_cli("lint", str(built)).code in (0, 1)
