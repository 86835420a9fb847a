"""bidgen diff: section alignment, promised-time changes, the three inputs, reports."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from bidgen.diff.compare import char_segments, durations
from bidgen.diff.document import DiffDocument, diff_document
from bidgen.model import Document
from bidgen.readback.markdown import read_markdown_document
from bidgen.readback.structure import strip_label
from tests.conftest import SAMPLES, RunResult

SAMPLE = (SAMPLES / "it_ops.yaml").read_text(encoding="utf-8")
# 3小时 appears nowhere in the sample, so every reported change must be this edit.
SLOWER = SAMPLE.replace("    arrival: 1小时\n", "    arrival: 3小时\n", 1)

Run = Callable[..., RunResult]
Write = Callable[..., Path]


def read_markdown(text: str, name: str) -> DiffDocument:
    return diff_document(read_markdown_document(text, name))


def _document(path: Path) -> Document:
    from bidgen.build import build_document

    return build_document(path).document


def test_changed_arrival_time_is_the_first_promise_change(run_cli: Run, profile_file: Write):
    assert SLOWER != SAMPLE
    profile_file(SAMPLE, "v1.yaml")
    profile_file(SLOWER, "v2.yaml")
    result = run_cli("diff", "v1.yaml", "v2.yaml", "--format", "json")
    assert result.code == 1, result.err
    data = json.loads(result.out)
    changes = data["promise_changes"]
    assert changes, "the arrival time change must be listed"
    assert (changes[0]["old_times"], changes[0]["new_times"]) == (["1小时"], ["3小时"])
    # The deviation table's row also states the requirement and why it now falls short.
    prose = [c for c in changes if "偏离" not in c["new"]]
    assert all((c["old_times"], c["new_times"]) == (["1小时"], ["3小时"]) for c in prose)
    (row,) = [c for c in changes if "偏离" in c["new"]]
    assert "负偏离" in row["new"] and "到达现场时间要求2小时，承诺3小时" in row["new"]
    assert any("一级故障" in c["new"] for c in changes)
    assert data["summary"]["added"] == data["summary"]["removed"] == 0
    assert data["summary"]["changed"] >= 1


def test_text_report_lists_time_changes_before_the_sections(run_cli: Run, profile_file: Write):
    profile_file(SAMPLE, "v1.yaml")
    profile_file(SLOWER, "v2.yaml")
    result = run_cli("diff", "v1.yaml", "v2.yaml")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0] == "比较：旧 v1.yaml → 新 v2.yaml"
    assert lines[1].startswith("差异摘要：新增 0 节，删除 0 节，修改 ")
    promise_at = next(i for i, line in enumerate(lines) if line.startswith("时限变更（"))
    section_at = next(i for i, line in enumerate(lines) if line.startswith("[修改] "))
    assert promise_at < section_at
    assert lines[promise_at + 1].endswith("：1小时 → 3小时")
    assert "\x1b[" not in result.out  # not a terminal: no colour codes


def test_color_always_highlights_the_changed_characters(run_cli: Run, profile_file: Write):
    profile_file(SAMPLE, "v1.yaml")
    profile_file(SLOWER, "v2.yaml")
    result = run_cli("diff", "v1.yaml", "v2.yaml", "--color", "always")
    assert "\x1b[1;97;41m1\x1b[0m" in result.out
    assert "\x1b[1;97;42m3\x1b[0m" in result.out


def test_identical_versions_exit_0(run_cli: Run, profile_file: Write):
    profile_file(SAMPLE, "v1.yaml")
    profile_file(SAMPLE, "copy.yaml")
    result = run_cli("diff", "v1.yaml", "copy.yaml")
    assert (result.code, result.err) == (0, "")
    assert result.out == "比较：旧 v1.yaml → 新 copy.yaml\n两个版本内容一致，无差异。\n"


def test_reordered_chapter_is_moved_not_added_or_removed(run_cli: Run, profile_file: Write):
    profile_file(SAMPLE, "v1.yaml")
    profile_file("clauses:\n  order: [fault_levels]\n" + SAMPLE, "v2.yaml")
    result = run_cli("diff", "v1.yaml", "v2.yaml", "--format", "json")
    assert result.code == 1
    data = json.loads(result.out)
    assert data["summary"]["added"] == data["summary"]["removed"] == 0
    chapters = [s for s in data["sections"] if s["level"] == 1 and s["path"][0] != "封面"]
    first = chapters[0]
    assert first["title"].startswith("一、")
    assert first["status"] == "moved" and first["old_title"] != first["title"]
    # Its subsections kept their place under it: numbering alone changed.
    below = [s for s in data["sections"] if s["path"][:1] == first["path"] and s["level"] > 1]
    assert below and all(s["status"] == "unchanged" for s in below)


def test_reworded_paragraph_is_highlighted_without_a_time_change(run_cli: Run, profile_file: Write):
    custom = "custom:\n  commitment:\n    - {}\n"
    profile_file(custom.format("我公司为本项目配备专职服务团队。") + SAMPLE, "v1.yaml")
    profile_file(custom.format("我公司为本项目配备专职且稳定的服务团队。") + SAMPLE, "v2.yaml")
    data = json.loads(run_cli("diff", "v1.yaml", "v2.yaml", "--format", "json").out)
    rows = [row for s in data["sections"] for hunk in s["hunks"] for row in hunk]
    edits = [row for row in rows if row["op"] == "replace"]
    assert len(edits) == 1
    assert {"op": "insert", "text": "且稳定的"} in edits[0]["segments"]
    assert data["promise_changes"] == []


def test_date_change_is_not_a_promise_change(run_cli: Run, profile_file: Write):
    profile_file(SAMPLE, "v1.yaml")
    profile_file(SAMPLE.replace("date: 2026-11-20", "date: 2026-12-01"), "v2.yaml")
    data = json.loads(run_cli("diff", "v1.yaml", "v2.yaml", "--format", "json").out)
    assert data["summary"]["changed"] >= 1
    assert data["promise_changes"] == []


def test_profile_and_its_markdown_export_are_identical(run_cli: Run, profile_file: Write):
    from bidgen.writers.markdown import render_markdown

    path = profile_file(SLOWER, "v2.yaml")
    Path("v2.md").write_text(render_markdown(_document(path)), encoding="utf-8")
    result = run_cli("diff", "v2.yaml", "v2.md")
    assert result.code == 0, result.out


def test_docx_and_its_own_markdown_export_are_identical(run_cli: Run, profile_file: Write):
    from bidgen.writers.docx import render_docx
    from bidgen.writers.markdown import render_markdown

    document = _document(profile_file(SAMPLE, "v1.yaml"))
    Path("v1.docx").write_bytes(render_docx(document))
    Path("v1.md").write_text(render_markdown(document), encoding="utf-8")
    result = run_cli("diff", "v1.docx", "v1.md")
    assert (result.code, result.out.splitlines()[-1]) == (0, "两个版本内容一致，无差异。")
    assert run_cli("diff", "v1.docx", "v1.yaml").code == 0


def test_hand_made_docx_reads_like_the_markdown(run_cli: Run, tmp_path: Path, monkeypatch):
    """A DOCX as Word users keep it: cover and TOC before Heading 1, labelled headings."""
    import docx

    monkeypatch.chdir(tmp_path)
    word = docx.Document()
    word.add_paragraph("售后服务方案", style="Title")
    word.add_paragraph("项目名称：测试项目")
    word.add_heading("目  录", level=2)  # before the first Heading 1: skipped
    word.add_heading("一、服务承诺", level=1)
    word.add_paragraph("我公司承诺2小时内到达现场。")
    word.add_paragraph("质保期为三年。", style="List Bullet")
    word.add_heading("（一）故障分级", level=2)
    word.add_paragraph("表1 故障分级与服务时限")
    table = word.add_table(rows=2, cols=2)
    for cell, text in zip(table._cells, ["级别", "到达现场", "一级故障", "2小时内"], strict=True):
        cell.text = text
    word.add_paragraph("投标人名称（盖章）：测试投标公司")
    word.add_paragraph("日期：2026年11月20日")
    word.save("v.docx")
    markdown = (
        "## 一、服务承诺\n\n我公司承诺2小时内到达现场。\n\n- 质保期为三年。\n\n"
        "### （一）故障分级\n\nTable: 表7 故障分级与服务时限\n\n| 级别 | 到达现场 |\n|---|---|\n"
        "| 一级故障 | 2小时内 |\n\n投标人名称（盖章）：测试投标公司 {.right}\n\n"
        "日期：2026年11月20日 {.right}\n"
    )
    Path("v.md").write_text(markdown, encoding="utf-8")
    result = run_cli("diff", "v.docx", "v.md")
    assert result.code == 0, result.out
    read = read_markdown(markdown, "v.md")
    assert [s.path for s in read.sections] == [("服务承诺",), ("服务承诺", "故障分级"), ("签署",)]
    assert read.sections[1].lines == (
        "表：故障分级与服务时限",
        "级别 | 到达现场",
        "一级故障 | 2小时内",
    )


def test_html_report_is_one_offline_file(run_cli: Run, profile_file: Write):
    profile_file(SAMPLE, "v1.yaml")
    profile_file(SLOWER, "v2.yaml")
    result = run_cli("diff", "v1.yaml", "v2.yaml", "--format", "html", "-o", "report.html")
    assert result.code == 1
    assert result.out.startswith("已生成：report.html（")
    html = Path("report.html").read_text(encoding="utf-8")
    assert not re.search(r"https?:|<link|<script|<img|@import|url\(", html)
    assert '<html lang="zh-CN">' in html and '<meta charset="utf-8">' in html
    promises, toc = html.index("时限变更（"), html.index("有变化的章节（")
    assert promises < toc < html.index('<section class="sec ')
    assert re.search(r'<li><a href="#s\d+">', html)
    assert "<del>1</del>小时内" in html and "<ins>3</ins>小时内" in html
    assert [p.name for p in Path().iterdir() if p.name.startswith(".report")] == []


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bid.pdf", "无法比较此类文件"),
        ("missing.yaml", "文件不存在"),
        ("broken.docx", "无法读取 DOCX"),
    ],
)
def test_bad_input_exits_2_in_chinese(run_cli: Run, profile_file: Write, name, message):
    profile_file(SAMPLE, "v1.yaml")
    Path("bid.pdf").write_bytes(b"%PDF-1.7")
    Path("broken.docx").write_bytes(b"not a zip")
    result = run_cli("diff", "v1.yaml", name)
    assert (result.code, result.out) == (2, "")
    assert result.err.startswith(f"{name}: {message}")
    assert len(result.err.splitlines()) == 1


def test_strip_label_only_strips_the_label_of_its_level():
    assert strip_label("一、服务承诺", 1) == "服务承诺"
    assert strip_label("（十二）培训", 2) == "培训"
    assert strip_label("3.处理要求", 3) == "处理要求"
    assert strip_label("2.5G 链路保障", 3) == "2.5G 链路保障"
    assert strip_label("（1）备件", 4) == "备件"
    assert strip_label("一、总则", 2) == "一、总则"


def test_durations_skip_dates_and_read_windows_and_frequencies():
    found = [
        text for _s, _e, text in durations("2026年11月20日起7×24小时服务，每季度一次，3个工作日")
    ]
    assert found == ["7×24小时", "每季度一次", "3个工作日"]
    segments = char_segments("响应时间15分钟", "响应时间10分钟")
    assert [(s.kind, s.text) for s in segments] == [
        ("equal", "响应时间"),
        ("delete", "15"),
        ("insert", "10"),
        ("equal", "分钟"),
    ]


def _compare_markdown(old: str, new: str):
    from bidgen.diff.compare import diff_documents

    return diff_documents(read_markdown(old, "old.md"), read_markdown(new, "new.md"))


def test_subsection_moved_to_another_chapter_is_moved():
    old = "## 一、甲\n\n### （一）备件\n\n备件库存不低于10%。\n\n## 二、乙\n\n正文。\n"
    new = "## 一、甲\n\n## 二、乙\n\n正文。\n\n### （一）备件\n\n备件库存不低于10%。\n"
    result = _compare_markdown(old, new)
    moved = [s for s in result.sections if s.status != "unchanged"]
    assert [(s.status, s.display, s.old_display) for s in moved] == [
        ("moved", "二、乙 › （一）备件", "一、甲 › （一）备件")
    ]


def test_same_generic_title_with_other_text_is_not_a_move():
    old = "## 一、甲\n\n### （一）补充说明\n\n人员保持稳定。\n\n## 二、乙\n\n正文。\n"
    new = "## 一、甲\n\n## 二、乙\n\n正文。\n\n### （一）补充说明\n\n节假日另有安排。\n"
    result = _compare_markdown(old, new)
    changed = [(s.status, s.display) for s in result.sections if s.status != "unchanged"]
    # The removed one is listed where it stood in the old version, after 甲.
    assert changed == [("removed", "一、甲 › （一）补充说明"), ("added", "二、乙 › （一）补充说明")]


@pytest.mark.parametrize(
    ("n", "label"),
    [(1, "一"), (10, "十"), (15, "十五"), (99, "九十九"), (100, "一百"), (101, "一百零一"),
     (110, "一百一十"), (1010, "一千零一十"), (9999, "九千九百九十九"), (12345, "12345")],
)  # fmt: skip
def test_outline_numbers_are_counted_past_ninety_nine(n: int, label: str):
    from bidgen.model import chinese_number

    assert chinese_number(n) == label


def test_versions_with_more_than_ninety_nine_chapters_are_compared(tmp_path, run_cli):
    """Found by the long fuzz run: the 100th heading of a level raised ValueError."""
    old = "".join(f"# 第{n}章\n\n一级故障30分钟内响应。\n\n" for n in range(1, 121))
    (tmp_path / "a.md").write_text(old, "utf-8")
    (tmp_path / "b.md").write_text(
        old.replace("第120章\n\n一级故障30", "第120章\n\n一级故障20"), "utf-8"
    )
    result = run_cli("diff", str(tmp_path / "a.md"), str(tmp_path / "b.md"))
    assert result.code == 1, result.err
    assert "Traceback" not in result.out + result.err
    assert "一百二十、第120章" in result.out
