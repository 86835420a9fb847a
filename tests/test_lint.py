"""``bidgen lint`` on plain text, Markdown exports and edited DOCX files."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import MINIMAL_PROFILE

CONTRADICTING = """\
一、故障响应
一级故障15分钟内响应，1小时内到达现场。
二、服务承诺
对于一级故障，我方保证２小时内到达现场。
"""


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_text_file_contradiction_without_profile(in_tmp: Path, run_cli):
    (in_tmp / "doc.txt").write_text(CONTRADICTING, "utf-8")
    result = run_cli("lint", "doc.txt")
    assert result.code == 1
    assert result.out == (
        "doc.txt:4:12（二、服务承诺）: BG202 一级故障到达现场承诺“2小时”与一、故障响应的“1小时”矛盾\n"
        "    “２小时内到达现场”\n"
        "    “1小时内到达现场”\n"
        "\n"
        "共发现 1 个问题：错误 1 个，警告 0 个。\n"
    )
    assert result.err == ""


def test_ungraded_contradiction_in_an_old_bid(in_tmp: Path, run_cli):
    # An old bid that never grades faults: two arrival promises, two figures.
    text = "一、服务承诺\n接到报修后1小时内到达现场。\n二、应急预案\n工程师将在２小时内到达现场处理。\n"
    (in_tmp / "old.txt").write_text(text, "utf-8")
    result = run_cli("lint", "old.txt")
    assert result.code == 1
    assert result.out.splitlines()[:3] == [
        "old.txt:4:6（二、应急预案）: BG202 到达现场承诺“2小时”与一、服务承诺的“1小时”矛盾",
        "    “２小时内到达现场”",
        "    “1小时内到达现场”",
    ]


def test_clean_text_file(in_tmp: Path, run_cli):
    (in_tmp / "doc.txt").write_text("一级故障15分钟内响应，1小时内到达现场。\n", "utf-8")
    result = run_cli("lint", "doc.txt")
    assert (result.code, result.out) == (0, "未发现问题。\n")


def test_json_shape_and_quotes_found_verbatim(in_tmp: Path, run_cli):
    path = in_tmp / "doc.txt"
    path.write_text(CONTRADICTING + "质保期为三年。服务时间为7×24小时。\n", "utf-8")
    result = run_cli("lint", "doc.txt", "--format", "json")
    assert result.code == 1
    data = json.loads(result.out)
    assert set(data) == {"promises", "findings"}
    lines = path.read_text("utf-8").splitlines()
    kinds = []
    for promise in data["promises"]:
        assert {"kind", "level", "minutes", "working_days", "per_year", "years", "hours"} <= set(
            promise
        )
        loc = promise["location"]
        line = lines[loc["line"] - 1]
        start = loc["column"] - 1
        assert line[start : start + len(promise["quote"])] == promise["quote"]
        kinds.append((promise["kind"], promise["level"], promise["quote"]))
    assert kinds == [
        ("response", "1", "15分钟内响应"),
        ("arrival", "1", "1小时内到达现场"),
        ("arrival", "1", "２小时内到达现场"),
        ("warranty", None, "质保期为三年"),
        ("service_hours", None, "7×24小时"),
    ]
    assert data["promises"][2]["minutes"] == 120
    (finding,) = data["findings"]
    assert {"code", "severity", "message", "location", "quotes"} <= set(finding)
    assert finding["code"] == "BG202" and finding["severity"] == "error"
    assert finding["location"]["chapter"] == "二、服务承诺"
    text = path.read_text("utf-8")
    assert all(quote in text for quote in finding["quotes"])


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("list.md", "## 一、故障响应\n\n1. 2小时内到达现场\n2. 1.5小时内响应\n"),
        ("list.txt", "一、故障响应\n1. 2小时内到达现场\n2. 1.5小时内响应\n（1）4小时内修复\n"),
    ],
)
def test_a_list_label_is_not_part_of_the_figure_after_it(in_tmp: Path, run_cli, name, content):
    # "1." then "2小时" is item 1 promising 2 hours, not 1.2 hours; "1.5小时" keeps its figure.
    path = in_tmp / name
    path.write_text(content, "utf-8")
    result = run_cli("lint", name, "--format", "json")
    promises = json.loads(result.out)["promises"]
    found = [(p["kind"], p["value"], p["quote"]) for p in promises]
    assert found[:2] == [
        ("arrival", "2小时", "2小时内到达现场"),
        ("response", "1.5小时", "1.5小时内响应"),
    ]
    assert found[2:] in ([], [("resolution", "4小时", "4小时内修复")])
    lines = content.splitlines()
    for promise in promises:  # the column still points at the quote in the file
        loc = promise["location"]
        start = loc["column"] - 1
        assert lines[loc["line"] - 1][start : start + len(promise["quote"])] == promise["quote"]


def _write_profile(folder: Path) -> Path:
    path = folder / "p.yaml"
    path.write_text(MINIMAL_PROFILE, "utf-8")
    return path


def test_markdown_export_edited_by_hand(in_tmp: Path, run_cli):
    from bidgen.build import build_document
    from bidgen.writers.markdown import render_markdown

    profile = _write_profile(in_tmp)
    text = render_markdown(build_document(profile).document)
    assert "1小时内到达现场" in text
    (in_tmp / "ok.md").write_text(text, "utf-8")
    clean = run_cli("lint", "ok.md", "--profile", "p.yaml", "--select", "BG2")
    assert (clean.code, clean.out) == (0, "未发现问题。\n")

    (in_tmp / "edited.md").write_text(
        text.replace("1小时内到达现场", "3小时内到达现场", 1), "utf-8"
    )
    result = run_cli("lint", "edited.md", "--profile", "p.yaml", "--format", "json")
    assert result.code == 1
    findings = [f for f in json.loads(result.out)["findings"] if f["code"] == "BG201"]
    assert len(findings) == 1
    assert findings[0]["quotes"] == ["3小时内到达现场"]
    lines = (in_tmp / "edited.md").read_text("utf-8").splitlines()
    number = findings[0]["location"]["line"]
    assert "3小时内到达现场" in lines[number - 1]
    heading = next(line for line in reversed(lines[:number]) if line.startswith("#"))
    assert findings[0]["location"]["chapter"].endswith(heading.lstrip("# "))
    assert not findings[0]["location"]["chapter"].startswith("售后服务方案")  # the title


def _edit_docx(path: Path, old: str, new: str) -> str:
    """Replace the first ``old`` in a run (body or table, in reading order) by ``new``.

    Returns the title of the heading above the edited text.
    """
    import re

    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    heading = ""
    for paragraph in document.element.body.iter(qn("w:p")):
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        if style is not None and re.fullmatch(r"Heading\d", style.get(qn("w:val")) or ""):
            heading = "".join(t.text or "" for t in paragraph.iter(qn("w:t")))
            continue
        for text in paragraph.iter(qn("w:t")):
            if text.text and old in text.text:
                text.text = text.text.replace(old, new, 1)
                document.save(str(path))
                return heading
    raise AssertionError(f"{old!r} not found in the DOCX")


def test_docx_edited_after_generation(in_tmp: Path, run_cli):
    from bidgen.build import build_document
    from bidgen.writers.docx import render_docx

    profile = _write_profile(in_tmp)
    path = in_tmp / "proposal.docx"
    path.write_bytes(render_docx(build_document(profile).document))
    clean = run_cli("lint", "proposal.docx", "--profile", "p.yaml", "--select", "BG2")
    assert (clean.code, clean.out) == (0, "未发现问题。\n")

    heading = _edit_docx(path, "1小时内到达现场", "2小时内到达现场")
    assert heading
    result = run_cli("lint", "proposal.docx", "--profile", "p.yaml", "--select", "BG2")
    assert result.code == 1
    lines = result.out.splitlines()
    # The chapter path as Word shows it: the labels come from Word's list numbering.
    assert heading == "各级故障处理要求"
    assert lines[0] == (
        "proposal.docx（四、故障分级与响应时间 › （四）各级故障处理要求）: BG201 "
        "一级故障到达现场承诺“2小时”与项目配置不一致（项目配置：一级故障到达现场1小时）"
    )
    assert lines[1:] == ["    “2小时内到达现场”", "", "共发现 1 个问题：错误 1 个，警告 0 个。"]
    data = json.loads(
        run_cli("lint", "proposal.docx", "--profile", "p.yaml", "--format", "json").out
    )
    (finding,) = [f for f in data["findings"] if f["code"] == "BG201"]
    assert finding["location"]["chapter"].endswith(heading)
    assert finding["quotes"] == ["2小时内到达现场"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "missing.txt: 文件不存在"),
        ("missing.docx", None, "missing.docx: 文件不存在"),
        ("doc.pdf", b"%PDF-1.4", "doc.pdf: 不支持的文件类型“.pdf”（可检查 .docx、.md、.txt）"),
        (
            "broken.docx",
            b"not a zip",
            "broken.docx: 无法读取 DOCX 文件（文件已损坏或不是 Word 文档）",
        ),
        ("gbk.txt", "一级故障".encode("gbk"), "gbk.txt:1:1: 文件不是 UTF-8 编码，请另存为 UTF-8"),
    ],
)
def test_bad_input_is_one_chinese_line(in_tmp: Path, run_cli, name, content, message):
    if content is not None:
        (in_tmp / name).write_bytes(content)
    result = run_cli("lint", name)
    assert (result.code, result.out, result.err) == (2, "", message + "\n")


def test_unknown_rule_prefix_is_bad_usage(in_tmp: Path, run_cli):
    (in_tmp / "doc.txt").write_text(CONTRADICTING, "utf-8")
    result = run_cli("lint", "doc.txt", "--select", "BG9")
    assert result.code == 2 and "BG9" in result.err and "Traceback" not in result.err


def test_strict_turns_warnings_into_failure(in_tmp: Path, run_cli):
    (in_tmp / "doc.txt").write_text("我公司承诺。\n我公司负责。\n乙方配合。\n", "utf-8")
    assert run_cli("lint", "doc.txt").code == 0
    assert run_cli("lint", "doc.txt", "--strict").code == 1


def test_markdown_table_contradicts_text_without_profile(in_tmp: Path, run_cli):
    (in_tmp / "old.md").write_text(
        "# 售后服务方案\n\n"
        "## 一、故障分级与响应时间\n\n"
        "| 故障级别 | 响应时间 | 到达现场 |\n|---|---|---|\n| 一级故障 | 24小时内 | 2小时内 |\n\n"
        "质保期为三年。\n\n"
        "## 二、售后服务承诺书\n\n"
        "- 一级故障30分钟内响应。\n"
        "- 质保期1年。\n",
        "utf-8",
    )
    result = run_cli("lint", "old.md")
    assert result.code == 1
    assert result.out == (
        "old.md:7:18（一、故障分级与响应时间）: BG203 一级故障：到达现场时限（2小时）早于"
        "响应时限（24小时），先后顺序不合理\n"
        "    “2小时”\n"
        "    “24小时”\n"
        "\n"
        "old.md:13:7（二、售后服务承诺书）: BG202 一级故障响应承诺“30分钟”与"
        "一、故障分级与响应时间的“24小时”矛盾\n"
        "    “30分钟内响应”\n"
        "    “24小时”\n"
        "old.md:14:3（二、售后服务承诺书）: BG202 质保期承诺“1年”与一、故障分级与响应时间的“3年”矛盾\n"
        "    “质保期1年”\n"
        "    “质保期为三年”\n"
        "\n"
        "共发现 3 个问题：错误 3 个，警告 0 个。\n"
    )


# --------------------------------------------------------------------------
# --annotate: a copy of the DOCX with a Word comment at each finding

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _review_docx(path: Path) -> None:
    """A hand-edited bid: a contradiction in a paragraph split over runs, and in a table."""
    import docx

    word = docx.Document()
    word.add_heading("服务承诺", 1)
    word.add_paragraph("一级故障15分钟内响应，1小时内到达现场。")
    word.add_heading("应急预案", 1)
    paragraph = word.add_paragraph("对于一级故障，我方保证")
    paragraph.add_run("2小时内").bold = True
    paragraph.add_run("到达现场并处理。")
    table = word.add_table(rows=2, cols=3)
    for row, texts in enumerate(
        (("故障级别", "响应时间", "到达现场"), ("一级故障", "24小时内", "1小时内"))
    ):
        for column, text in enumerate(texts):
            table.rows[row].cells[column].text = text
    word.save(str(path))


def _comments(path: Path) -> dict[str, str]:
    """Comment id -> its text (paragraphs joined by newlines), from word/comments.xml."""
    import zipfile

    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(path).read("word/comments.xml"))
    return {
        c.get(f"{W_NS}id"): "\n".join("".join(p.itertext()) for p in c.iter(f"{W_NS}p"))
        for c in root.iter(f"{W_NS}comment")
    }


def _anchors(path: Path) -> dict[str, tuple[str, str, bool]]:
    """Comment id -> (the text it marks, the text of its cell or paragraph, marked text bold)."""
    import zipfile

    from lxml import etree

    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    found: dict[str, tuple[str, str, bool]] = {}
    for start in root.iter(f"{W_NS}commentRangeStart"):
        number = start.get(f"{W_NS}id")
        marked, bold = [], False
        for node in start.itersiblings():
            if node.tag == f"{W_NS}commentRangeEnd":
                break
            marked.extend(node.itertext())
            bold = bold or node.find(f"{W_NS}rPr/{W_NS}b") is not None
        container = next(a for a in start.iterancestors() if a.tag in {f"{W_NS}tc", f"{W_NS}p"})
        found[number] = ("".join(marked), "".join(container.itertext()), bold)
    return found


def test_annotate_puts_a_comment_on_each_quote(in_tmp: Path, run_cli):
    _review_docx(in_tmp / "bid.docx")
    original = (in_tmp / "bid.docx").read_bytes()
    result = run_cli("lint", "bid.docx", "--annotate", "批注版.docx")
    assert result.code == 1
    assert result.out == (
        "bid.docx（应急预案）: BG202 一级故障到达现场承诺“2小时”与服务承诺的“1小时”矛盾\n"
        "    “2小时内到达现场”\n"
        "    “1小时内到达现场”\n"
        "\n"
        "bid.docx（应急预案（表格第2行））: BG202 一级故障响应承诺“24小时”与服务承诺的“15分钟”矛盾\n"
        "    “24小时”\n"
        "    “15分钟内响应”\n"
        "\n"
        "共发现 2 个问题：错误 2 个，警告 0 个。\n"
    )
    assert result.err == "已生成批注版：批注版.docx（2 条批注）\n"
    assert (in_tmp / "bid.docx").read_bytes() == original
    assert _comments(in_tmp / "批注版.docx") == {
        "0": "BG202 一级故障到达现场承诺“2小时”与服务承诺的“1小时”矛盾\n"
        "“2小时内到达现场”\n“1小时内到达现场”",
        "1": "BG202 一级故障响应承诺“24小时”与服务承诺的“15分钟”矛盾\n“24小时”\n“15分钟内响应”",
    }
    assert _anchors(in_tmp / "批注版.docx") == {
        # exactly the quote, over a bold run and half of the next one
        "0": ("2小时内到达现场", "对于一级故障，我方保证2小时内到达现场并处理。", True),
        # in the cell that holds the quote, not the row's first
        "1": ("24小时", "24小时内", False),
    }
    # The annotated copy still reads as the same text.
    again = run_cli("lint", "批注版.docx")
    assert again.out == result.out.replace("bid.docx", "批注版.docx")


def test_annotate_is_deterministic_and_clean_files_get_no_comment(in_tmp: Path, run_cli):
    _review_docx(in_tmp / "bid.docx")
    run_cli("lint", "bid.docx", "--annotate", "a.docx")
    run_cli("lint", "bid.docx", "--annotate", "b.docx")
    assert (in_tmp / "a.docx").read_bytes() == (in_tmp / "b.docx").read_bytes()
    clean = run_cli("lint", "bid.docx", "--ignore", "BG202", "--annotate", "c.docx")
    assert (clean.code, clean.out) == (0, "未发现问题。\n")
    assert clean.err == "已生成批注版：c.docx（0 条批注）\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("doc.txt", "--annotate", "x.docx"),
            "bidgen: --annotate 只能用于 .docx 文件（Word 批注需要 DOCX）",
        ),
        (("bid.docx", "--annotate", "x.pdf"), "bidgen: 批注版文件名应以 .docx 结尾：x.pdf"),
        (("bid.docx", "--annotate", "./bid.docx"), "bidgen: 批注版不能覆盖原文件，请另起文件名"),
    ],
)
def test_annotate_refusals(in_tmp: Path, run_cli, args, message):
    _review_docx(in_tmp / "bid.docx")
    (in_tmp / "doc.txt").write_text(CONTRADICTING, "utf-8")
    before = (in_tmp / "bid.docx").read_bytes()
    result = run_cli("lint", *args)
    assert (result.code, result.out, result.err) == (2, "", message + "\n")
    assert (in_tmp / "bid.docx").read_bytes() == before
    assert not (in_tmp / "x.docx").exists()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_the_annotated_copy_with_its_comments(in_tmp: Path, run_cli):
    import re
    import subprocess

    _review_docx(in_tmp / "bid.docx")
    run_cli("lint", "bid.docx", "--annotate", "review.docx")
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{in_tmp / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "fodt",
            "--outdir",
            str(in_tmp / "lo"),
            str(in_tmp / "review.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    text = (in_tmp / "lo" / "review.fodt").read_text("utf-8")
    annotations = re.findall(
        r"<office:annotation [^>]*>(.*?)</office:annotation>(.*?)<office:annotation-end", text, re.S
    )
    plain = [
        (re.sub(r"<[^>]+>", "", body), re.sub(r"<[^>]+>", "", marked))
        for body, marked in annotations
    ]
    assert [marked for _body, marked in plain] == ["2小时内到达现场", "24小时"]
    assert all("bidgen" in body and "BG202" in body for body, _marked in plain)
    assert "一级故障响应承诺“24小时”与服务承诺的“15分钟”矛盾" in plain[1][0]


def test_hand_edited_markdown_with_untimed_steps_and_an_old_standard(in_tmp: Path, run_cli):
    (in_tmp / "old.md").write_text(
        "## 五、应急预案\n\n### （四）硬件设备故障处置\n\n"
        "1. **落实替代**（现场抢修组、后勤保障组）：故障设备停用挂牌。\n"
        "2. **维修检测**（现场抢修组）：更换部件并检测。\n\n"
        "## 七、质量保证\n\n监护设备按YY 0668-2008检测。\n",
        "utf-8",
    )
    result = run_cli("lint", "old.md")
    assert result.code == 0  # warnings only
    assert [line for line in result.out.splitlines() if line][:4] == [
        "old.md:5:4（五、应急预案 › （四）硬件设备故障处置）: BG209 （警告）"
        "（四）硬件设备故障处置的2个处置步骤均未写明时限（到场、恢复、上报或提供备用设备）",
        "    “**落实替代**（现场抢修组、后勤保障组）：故障设备停用挂牌。”",
        "old.md:10:6（七、质量保证）: BG406 （警告）引用的标准YY 0668-2008已被YY 9706.249-2023替代"
        "（标准状态表中此项待核实），请改引现行版本",
        "    “监护设备按YY 0668-2008检测。”",
    ]


def test_a_named_pipe_is_refused_without_blocking(in_tmp: Path, run_cli):
    os.mkfifo(in_tmp / "p.txt")
    result = run_cli("lint", "p.txt")
    assert (result.code, result.err) == (2, "p.txt: 这是一个命名管道，不是普通文件，无法读取\n")


@pytest.mark.slow
def test_one_line_of_a_megabyte_is_read_in_linear_time(in_tmp: Path, run_cli):
    # Issue 15: the keyword search ran over the whole line once per figure (> 300 s).
    sentence = "一级故障30分钟内响应，2小时内到达现场，4小时内解决"
    (in_tmp / "big.txt").write_text("，".join([sentence] * 40000)[:1_000_000] + "\n", "utf-8")
    start = time.process_time()  # CPU time: the machine may be busy
    result = run_cli("lint", "big.txt")
    assert (result.code, result.err) == (0, "")
    assert time.process_time() - start < 90


def test_a_second_lint_reads_the_memo_and_an_edit_is_seen(
    in_tmp: Path, run_cli, monkeypatch: pytest.MonkeyPatch
):
    """Unchanged paragraphs come from the readings memo: the same report, byte for byte;
    an edited paragraph is read again (here it ends the contradiction)."""
    monkeypatch.setenv("BIDGEN_CACHE_DIR", str(in_tmp / "cache"))
    (in_tmp / "doc.txt").write_text(CONTRADICTING, "utf-8")
    first = run_cli("lint", "doc.txt", "--format", "json")
    assert list((in_tmp / "cache").glob("memo-readings-*.pickle"))
    second = run_cli("lint", "doc.txt", "--format", "json")
    assert (second.code, second.out) == (first.code, first.out) == (1, first.out)
    (in_tmp / "doc.txt").write_text(CONTRADICTING.replace("２小时", "1小时"), "utf-8")
    edited = run_cli("lint", "doc.txt")
    assert edited.code == 0, edited.out
