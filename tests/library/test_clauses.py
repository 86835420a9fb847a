"""Clause library loading, rendering errors, overrides and selection."""

from __future__ import annotations

from pathlib import Path

import pytest

from bidgen.core.errors import BidgenError
from bidgen.generate.assemble import assemble
from bidgen.library.clauses import load_library
from bidgen.profile.loading import load_profile
from tests.conftest import MINIMAL_PROFILE, ROOT, write_clause


def _front(clause_id: str, family: str = "commitment", extra: str = "") -> str:
    return f"id: {clause_id}\ntitle: 测试条款\nfamily: {family}\norder: 10\n{extra}"


def _problems(builtin: Path, user: Path | None = None) -> list[str]:
    with pytest.raises(BidgenError) as info:
        load_library(user, builtin=builtin)
    return [line.split(str(builtin.parent) + "/")[-1] for line in info.value.lines()]


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path / "lib"


def test_front_matter_errors_point_at_lines(tree: Path):
    write_clause(tree, "commitment", "a", _front("commitment.a", extra="colour: red"), "x\n")
    write_clause(tree, "commitment", "b", "title: 无编号\nfamily: commitment\norder: 1", "x\n")
    write_clause(tree, "commitment", "c", _front("commitment.c", family="training"), "x\n")
    (tree / "commitment" / "d.md").write_text("没有前置元数据\n", "utf-8")
    assert _problems(tree) == [
        "lib/commitment/a.md:6:1: colour：未知字段“colour”（可用字段：id、title、family、order、"
        "industries、when、uses、heading、default、page_break）",
        "lib/commitment/b.md:2:1: id：缺少必填字段",
        "lib/commitment/c.md:4:1: family：条款族“training”与所在目录“commitment”不一致",
        "lib/commitment/d.md:1:1: 条款文件须以 YAML 前置元数据（--- 包围）开头",
    ]


def test_duplicate_ids_and_unknown_industry(tree: Path):
    write_clause(tree, "commitment", "a", _front("commitment.same"), "x\n")
    write_clause(tree, "commitment", "b", _front("commitment.same"), "x\n")
    write_clause(tree, "commitment", "c", _front("commitment.c", extra="industries: [food]"), "x")
    problems = _problems(tree)
    assert (
        problems[0]
        == "lib/commitment/b.md:2:1: 条款编号“commitment.same”重复（已在 lib/commitment/a.md 中定义）"
    )
    assert problems[1] == (
        "lib/commitment/c.md:6:1: industries：未定义的行业“food”，可选：all、it_ops"
    )


def test_template_syntax_error_has_file_line(tree: Path):
    body = "第一行\n\n{% if %}\n"
    write_clause(tree, "commitment", "a", _front("commitment.a"), body)
    assert _problems(tree) == [
        "lib/commitment/a.md:9:1: 模板语法错误：此处缺少表达式（遇到了语句结束符“%}”）"
    ]


def _profile(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL_PROFILE + extra, "utf-8")
    return path


def _render_errors(tree: Path, tmp_path: Path) -> list[str]:
    library = load_library(None, builtin=tree)
    with pytest.raises(BidgenError) as info:
        assemble(load_profile(_profile(tmp_path)), library)
    return info.value.lines()


def test_unknown_profile_field_is_reported_with_clause_line(tree: Path, tmp_path: Path):
    body = "{{ we }}承诺：\n\n到达时间为{{ fault_levels[0].arival }}。\n"
    write_clause(tree, "commitment", "a", _front("commitment.a"), body)
    assert _render_errors(tree, tmp_path) == [
        "lib/commitment/a.md:9:1: 模板渲染失败：引用了不存在的字段“arival”（FaultLevel 中没有该字段）"
    ]


def test_unsupported_markdown_is_rejected(tree: Path, tmp_path: Path):
    write_clause(tree, "commitment", "a", _front("commitment.a"), "正文\n\n> 引用\n")
    write_clause(
        tree, "training", "b", _front("training.b", family="training"), "[链接](http://x)\n"
    )
    assert _render_errors(tree, tmp_path) == [
        "lib/commitment/a.md:9:1: 条款正文不支持此 Markdown 元素（blockquote_open）",
        "lib/training/b.md:7:1: 条款正文不支持此行内元素（link_open）",
    ]


def test_user_clauses_override_by_id_and_add(tree: Path, tmp_path: Path):
    write_clause(tree, "commitment", "a", _front("commitment.a"), "内置条款。\n")
    user = tmp_path / "mine"
    write_clause(user, "commitment", "a", _front("commitment.a"), "自有条款替换内置。\n")
    write_clause(user, "commitment", "b", _front("commitment.b"), "自有新增条款。\n")
    library = load_library(user, builtin=tree)
    doc = assemble(load_profile(_profile(tmp_path)), library)
    texts = [block.text for _path, section in doc.walk() for block in section.blocks]
    assert texts == ["自有条款替换内置。", "自有新增条款。"]


def test_selection_include_exclude_order_and_condition(tree: Path, tmp_path: Path):
    write_clause(tree, "commitment", "a", _front("commitment.a"), "A\n")
    write_clause(tree, "commitment", "b", _front("commitment.b", extra="default: false"), "B\n")
    write_clause(tree, "training", "c", _front("training.c", family="training"), "C\n")
    cond = 'when: "service.resident_engineers > 0"'
    write_clause(tree, "training", "d", _front("training.d", family="training", extra=cond), "D\n")
    selection = (
        "clauses:\n  include: [commitment.b]\n  exclude: [commitment.a]\n  order: [training]\n"
    )
    library = load_library(None, builtin=tree)
    doc = assemble(load_profile(_profile(tmp_path, selection)), library)
    assert [(s.level, s.title) for _p, s in doc.walk()] == [
        (1, "培训方案"),
        (2, "测试条款"),
        (1, "服务承诺"),
        (2, "测试条款"),
    ]
    assert [b.text for _p, s in doc.walk() for b in s.blocks] == ["C", "B"]


def test_unknown_clause_id_in_profile(tree: Path, tmp_path: Path):
    write_clause(tree, "commitment", "a", _front("commitment.a"), "A\n")
    path = _profile(tmp_path, "clauses:\n  exclude: [commitment.zz]\n")
    with pytest.raises(BidgenError) as info:
        assemble(load_profile(path), load_library(None, builtin=tree))
    assert info.value.lines()[0].endswith(
        ":68:13: clauses.exclude[0]：条款库中没有编号为“commitment.zz”的条款"
    )


def test_profile_text_cannot_inject_markdown(tree: Path, tmp_path: Path):
    write_clause(tree, "commitment", "a", _front("commitment.a"), "热线：{{ bidder.hotline }}\n")
    path = _profile(tmp_path)
    path.write_text(
        path.read_text("utf-8").replace("400-000-0000\n  email", '"**400** | [x]"\n  email'),
        "utf-8",
    )
    doc = assemble(load_profile(path), load_library(None, builtin=tree))
    paragraph = doc.sections[0].children[0].blocks[0]
    assert paragraph.text == "热线：**400** | [x]"
    assert not any(span.bold for span in paragraph.runs)


def test_custom_paragraphs_and_table_captions(tree: Path, tmp_path: Path):
    body = "Table: 人员\n\n| 姓名 | 职务 |\n|---|---|\n{% for s in staff %}| {{ s.name }} | {{ s.role }} |\n{% endfor %}"
    write_clause(tree, "organization", "a", _front("organization.a", family="organization"), body)
    custom = "custom:\n  organization:\n    - 我们另行承诺**专人**对接。\n"
    doc = assemble(load_profile(_profile(tmp_path, custom)), load_library(None, builtin=tree))
    chapter = doc.sections[0]
    table = chapter.children[0].blocks[0]
    assert table.caption == "表1 人员"
    assert [[cell[0].text for cell in row] for row in table.rows] == [["李四", "项目负责人"]]
    assert chapter.children[1].title == "针对本项目的专项措施"
    assert [s.text for s in chapter.children[1].blocks[0].runs] == [
        "我们另行承诺",
        "专人",
        "对接。",
    ]


def test_custom_paragraphs_keyed_by_clause_close_that_clause(tree: Path, tmp_path: Path):
    write_clause(tree, "training", "a", _front("training.a", family="training"), "课程安排。\n")
    write_clause(tree, "training", "b", _front("training.b", family="training"), "复训安排。\n")
    custom = "custom:\n  training.a:\n    - 另请原厂讲师授课。\n"
    doc = assemble(load_profile(_profile(tmp_path, custom)), load_library(None, builtin=tree))
    first, second = doc.sections[0].children
    assert [b.text for b in first.blocks] == ["课程安排。", "另请原厂讲师授课。"]
    assert [b.text for b in second.blocks] == ["复训安排。"]  # no subsection of its own


@pytest.mark.parametrize(
    ("key", "problem"),
    [
        ("training.zz", "条款库中没有编号为“training.zz”的条款"),
        ("training.med", "条款“training.med”未被本项目选用，段落不会出现在方案中"),
    ],
)
def test_custom_key_must_be_a_printed_clause(tree: Path, tmp_path: Path, key: str, problem: str):
    write_clause(tree, "training", "a", _front("training.a", family="training"), "A\n")
    front = _front("training.med", family="training") + "industries: [medical]\n"
    write_clause(tree, "training", "med", front, "B\n")
    medical = ROOT / "clauses" / "industries" / "medical.yaml"
    (tree / "industries" / "medical.yaml").write_bytes(medical.read_bytes())
    path = _profile(tmp_path, f"custom:\n  {key}:\n    - 段落。\n")
    with pytest.raises(BidgenError) as info:
        assemble(load_profile(path), load_library(None, builtin=tree))
    assert info.value.lines()[0].endswith(f":68:3: custom.{key}：{problem}")


def test_compiled_clauses_are_cached_and_an_edit_is_recompiled(tree: Path, tmp_path: Path):
    body = "{{ we }}承诺：\n\n到达时间为{{ fault_levels[0].arival }}。\n"
    write_clause(tree, "commitment", "a", _front("commitment.a"), body)
    expected = [
        "lib/commitment/a.md:9:1: 模板渲染失败：引用了不存在的字段“arival”（FaultLevel 中没有该字段）"
    ]
    assert _render_errors(tree, tmp_path) == expected
    assert _render_errors(tree, tmp_path) == expected  # from the cache: same file and line
    write_clause(tree, "commitment", "a", _front("commitment.a"), "{{ we }}承诺新的内容。\n")
    document = assemble(load_profile(_profile(tmp_path)), load_library(None, builtin=tree))
    assert document.sections[0].children[0].blocks[0].text == "我公司承诺新的内容。"
