"""Damaged DOCX files (mutated bytes, mutated zip members of a real build) through lint and diff."""

from __future__ import annotations

import functools
import io
import re
import warnings
import zipfile
from pathlib import Path

import pytest
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from tests.conftest import MINIMAL_PROFILE
from tests.fuzz.contract import assert_contract, examples, run_cli, workspace
from tests.fuzz.strategies import awkward_text, proposal_text

pytestmark = pytest.mark.fuzz
BODY_ELEMENTS = 40  # of the real build's body: headings, lists, tables, fields; lint stays fast
XML_SNIPPETS = [
    "<w:p>",
    "</w:p>",
    "<w:p><w:r><w:t>一级故障30分钟内响应</w:t></w:r></w:p>",
    '<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>一、</w:t></w:r></w:p>',
    '<w:p><w:pPr><w:numPr><w:ilvl w:val="99"/><w:numId w:val="99999999"/></w:numPr></w:pPr></w:p>',
    '<w:p><w:pPr><w:numPr><w:ilvl w:val="-1"/><w:numId w:val="x"/></w:numPr></w:pPr></w:p>',
    "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>",
    "<w:tbl>",
    "<w:tr><w:tc>",
    "<w:sdt><w:sdtContent><w:sdt><w:sdtContent></w:sdtContent></w:sdt></w:sdtContent></w:sdt>",
    '<w:fldSimple w:instr="TOC \\o"/>',
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
    '<w:gridCol w:w="-5"/>',
    '<w:tc><w:tcPr><w:gridSpan w:val="100000"/><w:vMerge/></w:tcPr></w:tc>',
    "<!DOCTYPE x [<!ENTITY a 'aaaa'>]>",
    "&a;",
    "&#0;",
    "<![CDATA[x]]>",
    "<?pi x?>",
    "\x00",
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:basedOn w:val="Heading1"/></w:style>',
    '<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:lvlText w:val="%9%1"/></w:lvl>'
    "</w:abstractNum>",
]
OPS = ["element", "element", "element", "insert", "cut", "text", "text", "drop", "duplicate"]
OPS += ["raw"]
MEMBERS = [
    "word/document.xml",
    "word/document.xml",
    "word/styles.xml",
    "word/numbering.xml",
    "[Content_Types].xml",
    "_rels/.rels",
    "word/_rels/document.xml.rels",
    "word/settings.xml",
]


@functools.cache
def real_docx() -> bytes:
    """A real build's DOCX with its body cut to the first elements."""
    with workspace():
        Path("p.yaml").write_text(MINIMAL_PROFILE, "utf-8")
        result = run_cli("build", "p.yaml", "-o", "out", "-f", "docx")
        assert result.code == 0, result.err
        (built,) = Path("out").glob("*.docx")
        members = _members(built.read_bytes())
    root = etree.fromstring(members["word/document.xml"])
    body = root.find(qn("w:body"))
    for child in [c for c in body if c.tag != qn("w:sectPr")][BODY_ELEMENTS:]:
        body.remove(child)
    members["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    data = _zip(list(members.items()))
    with workspace() as folder:  # the base itself must read: else every case tests nothing
        (folder / "base.docx").write_bytes(data)
        assert run_cli("lint", "base.docx").code in (0, 1)
    return data


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return {info.filename: source.read(info) for info in source.infolist()}


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are one of the mutations
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name, content in members:
                target.writestr(zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0)), content)
    return out.getvalue()


@st.composite
def mutated_bytes(draw: st.DrawFn) -> bytes:
    data = bytearray(real_docx())
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "repeat"]))
        if op == "flip":
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=16))
        elif op == "delete":
            del data[i : i + draw(st.integers(1, 64))]
        elif op == "truncate":
            del data[i:]
        else:
            data[i:i] = data[i : i + 64] * draw(st.integers(1, 8))
        if not data:
            break
    return bytes(data)


@st.composite
def mutated_member(draw: st.DrawFn) -> bytes:
    members = list(_members(real_docx()).items())
    names = [name for name, _ in members]
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(MEMBERS))
        if name not in names:
            continue
        index = names.index(name)
        content = members[index][1].decode("utf-8", "replace")
        op = draw(st.sampled_from(OPS))
        at = draw(st.integers(0, len(content)))
        if op == "element":  # between two elements: the XML stays well-formed more often
            ends = [m.end() for m in re.finditer(r"</w:p>|</w:tc>|<w:body>|/>", content)] or [at]
            at = ends[draw(st.integers(0, len(ends) - 1))]
            content = content[:at] + draw(st.sampled_from(XML_SNIPPETS)) + content[at:]
        elif op == "insert":
            content = content[:at] + draw(st.sampled_from(XML_SNIPPETS)) + content[at:]
        elif op == "cut":
            content = content[:at] + content[at + draw(st.integers(1, 2000)) :]
        elif op == "text":
            text = draw(proposal_text | awkward_text).replace("<", "").replace("&", "")
            content = content.replace("</w:t>", text + "</w:t>", 1)
        elif op == "drop":
            del members[index], names[index]
            continue
        elif op == "duplicate":
            members.append((name, draw(st.sampled_from(XML_SNIPPETS)).encode()))
            continue
        else:
            members[index] = (name, draw(st.binary(max_size=200)))
            continue
        members[index] = (name, content.encode("utf-8", "surrogatepass"))
    return _zip(members)


@examples(bounded=20, long=1500)
@given(mutated_bytes())
def test_damaged_docx_bytes_are_refused_cleanly(data: bytes) -> None:
    with workspace() as root:
        (root / "d.docx").write_bytes(data)
        assert_contract(run_cli("lint", "d.docx"), lambda name: name == "d.docx")


@examples(bounded=20, long=1500)
@given(mutated_member(), st.sampled_from(["lint", "diff", "annotate"]))
def test_damaged_docx_members_are_read_or_refused_cleanly(data: bytes, command: str) -> None:
    with workspace() as root:
        (root / "d.docx").write_bytes(data)
        (root / "good.docx").write_bytes(real_docx())
        if command == "lint":
            args = ["lint", "d.docx"]
        elif command == "diff":
            args = ["diff", "good.docx", "d.docx", "--color", "never"]
        else:
            args = ["lint", "d.docx", "--annotate", "d.注释.docx"]
        inputs = {"d.docx", "good.docx", "d.注释.docx"}
        assert_contract(run_cli(*args), lambda name: name in inputs)
        assert not [p.name for p in root.iterdir() if "bidgen-tmp" in p.name]
