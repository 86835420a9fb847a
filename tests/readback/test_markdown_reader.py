"""Markdown as people write it: lint and diff both read it, with lines as in the file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from bidgen.diff.document import diff_document
from bidgen.lint import text_units
from bidgen.readback.markdown import read_markdown_document
from bidgen.readback.text import read_text_document
from tests.conftest import RunResult

Run = Callable[..., RunResult]

QUOTED = """\
## 一、故障响应

一级故障1小时内到达现场。

> 对于一级故障，我方保证2小时内到达现场。
"""


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_blockquote_is_read_by_lint(in_tmp: Path, run_cli: Run) -> None:
    Path("q.md").write_text(QUOTED, encoding="utf-8")
    result = run_cli("lint", "q.md")
    assert result.code == 1
    assert result.out.splitlines()[:3] == [
        "q.md:5:14（一、故障响应）: BG202 一级故障到达现场承诺“2小时”与一、故障响应的“1小时”矛盾",
        "    “2小时内到达现场”",
        "    “1小时内到达现场”",
    ]


def test_blockquote_is_read_by_diff(in_tmp: Path, run_cli: Run) -> None:
    Path("old.md").write_text(QUOTED, encoding="utf-8")
    Path("new.md").write_text(QUOTED.replace("2小时", "4小时"), encoding="utf-8")
    result = run_cli("diff", "old.md", "new.md", "--format", "json")
    assert (result.code, result.err) == (1, "")
    (change,) = json.loads(result.out)["promise_changes"]
    assert change == {
        "section": "一、故障响应",
        "old": "对于一级故障，我方保证2小时内到达现场。",
        "new": "对于一级故障，我方保证4小时内到达现场。",
        "old_times": ["2小时"],
        "new_times": ["4小时"],
    }


FREE_FORM = """\
---
项目：测试项目
---
售后服务方案
============

<!-- 内部备注：不是正文 -->

一、服务承诺
------------

- 响应：
  - 一级故障15分钟内
    电话响应
- **到场**：1小时内

```
配置示例 2小时
```

<div>网页片段</div>
"""


def test_anything_a_person_writes_is_read() -> None:
    doc = read_markdown_document(FREE_FORM, "f.md")
    assert doc.title is not None and doc.title.title == "售后服务方案"
    assert [s.chapter for s in doc.sections] == ["一、服务承诺"]
    units = [(u.text, u.location.line, u.location.column, u.kind) for u in text_units(doc)]
    assert units == [
        ("项目：测试项目", 2, 1, "paragraph"),
        ("响应：", 12, 3, "item"),  # an item is read from its text, after the marker
        ("一级故障15分钟内", 13, 5, "item"),
        ("电话响应", 14, 5, "item"),
        ("**到场**：1小时内", 15, 3, "item"),
        ("配置示例 2小时", 18, 1, "paragraph"),
        ("<div>网页片段</div>", 21, 1, "paragraph"),
    ]
    (section,) = diff_document(doc).sections
    assert section.lines == (
        "响应：",
        "一级故障15分钟内电话响应",
        "到场：1小时内",
        "配置示例 2小时",
        "<div>网页片段</div>",
    )
    cover = diff_document(doc).cover
    assert cover is not None and cover.lines == ("售后服务方案", "项目：测试项目")


def test_headings_deeper_than_the_first_nest_under_it() -> None:
    doc = read_markdown_document("# 甲\n\n正文一。\n\n# 乙\n\n## （一）丙\n\n正文二。\n", "m.md")
    assert doc.title is None  # two top headings: chapters, not a title
    assert [(s.chapter, s.heading.level, s.heading.title) for s in doc.sections] == [
        ("甲", 1, "甲"),
        ("乙", 1, "乙"),
        ("乙 › （一）丙", 2, "丙"),
    ]


def test_plain_text_nests_numbered_headings() -> None:
    text = "一、服务承诺\n（一）响应\n一级故障15分钟内响应。\n二、培训\n培训不少于8学时。\n"
    units = [(u.text, u.location.chapter) for u in text_units(read_text_document(text, "t.txt"))]
    assert units == [
        ("一、服务承诺", "一、服务承诺"),
        ("（一）响应", "一、服务承诺 › （一）响应"),
        ("一级故障15分钟内响应。", "一、服务承诺 › （一）响应"),
        ("二、培训", "二、培训"),
        ("培训不少于8学时。", "二、培训"),
    ]
