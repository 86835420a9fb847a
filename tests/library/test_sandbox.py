"""Hostile clause templates: each fails fast with a Chinese error at its file and line."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bidgen.core.errors import BidgenError
from bidgen.generate.assemble import template_context
from bidgen.library import limits
from bidgen.library.clauses import Clause, RenderError, bind_libraries, load_library
from bidgen.profile.loading import load_profile
from bidgen.profile.models import QUALITY_OPTIONS
from tests.conftest import MINIMAL_PROFILE, ROOT, write_clause

SECONDS = 5.0  # each hostile case must fail well within this


def _front(extra: str = "") -> str:
    return f"id: commitment.a\ntitle: 测试条款\nfamily: commitment\norder: 10\n{extra}"


@pytest.fixture
def context(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL_PROFILE, "utf-8")
    loaded = bind_libraries(load_profile(path))
    return template_context(loaded.profile, loaded.industry)


def _clause(body: str, extra: str = "") -> Clause:
    tree = Path("lib")
    write_clause(tree, "commitment", "a", _front(extra), body)
    clause = load_library(None, builtin=tree).get("commitment.a")
    assert clause is not None
    return clause


def _render_error(body: str, context: dict[str, Any], extra: str = "") -> str:
    start = time.perf_counter()
    clause = _clause(body, extra)
    with pytest.raises(RenderError) as info:
        if clause.wanted(context):
            clause.render(context)
    assert time.perf_counter() - start < SECONDS
    return info.value.lines()[0]


HOSTILE_BODIES = [
    (
        "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}",
        "模板渲染失败：模板递归过深（宏或循环调用了自身？）",
    ),
    ("{{ 10**5000 }}", "模板渲染失败：乘方结果超出允许的数值范围（绝对值不超过 10 的 15 次方）"),
    ("{{ 10**(10**9) }}", "模板渲染失败：乘方结果超出允许的数值范围（绝对值不超过 10 的 15 次方）"),
    ("{{ 'a'*10**10 }}", "模板渲染失败：计算结果过大（超过 1000000 个字符或元素）"),
    ("{{ [1]*10**10 }}", "模板渲染失败：计算结果过大（超过 1000000 个字符或元素）"),
    (
        "{% for i in range(10**6) %}{% for j in range(10**6) %}x{% endfor %}{% endfor %}",
        "模板渲染失败：range() 的项数超过上限（10000）",
    ),
    (
        "{% for i in range(10000) %}{% for j in range(10000) %}{% endfor %}{% endfor %}",
        "模板渲染失败：循环次数超过上限（一个条款共 1000000 次）",
    ),
    (
        "{% set ns = namespace(s='a') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}"
        "{% endfor %}",
        "模板渲染失败：计算结果过大（超过 1000000 个字符或元素）",
    ),
    ("{{ 'a'.ljust(10**9) }}", "模板渲染失败：宽度或数量参数过大（1000000000，上限 10000）"),
    ("{{ 'a'|center(10**9) }}", "模板渲染失败：宽度或数量参数过大（1000000000，上限 10000）"),
    ("{{ '%999999999d' % 1 }}", "模板渲染失败：格式宽度过大（999999999，上限 10000）"),
    ("{{ '%999999999d'|format(1) }}", "模板渲染失败：格式宽度过大（999999999，上限 10000）"),
    ("{{ '{:999999999}'.format(1) }}", "模板渲染失败：格式宽度过大（999999999，上限 10000）"),
    ("{{ '{:{}}'.format(1, 10**9) }}", "模板渲染失败：格式说明中不允许嵌套字段"),
    (
        "{% set s = 'a'*1000000 %}{{ ([s]*1000)|join }}",
        "模板渲染失败：计算结果过大（超过 1000000 个字符或元素）",
    ),
    (
        "{% set s = 'a'*2000 %}{{ s.replace('a', s) }}",
        "模板渲染失败：计算结果过大（超过 1000000 个字符或元素）",
    ),
    (
        "{% set s = 'a'*2000 %}{{ s|replace('a', s) }}",
        "模板渲染失败：计算结果过大（超过 1000000 个字符或元素）",
    ),
    ("{{ lipsum(10**9) }}", "模板渲染失败：引用了未定义的变量“lipsum”"),
    ("{{ ''.__class__ }}", "模板渲染失败：模板不允许访问属性“__class__”"),
    ("{{ staff[0].model_dump() }}", "模板渲染失败：模板不允许访问属性“model_dump”"),
    ("{{ 1/0 }}", "模板渲染失败：除数为零"),
    ("{{ 1 + 'a' }}", "模板渲染失败：运算类型不匹配：int 与 str 不能做“+”运算"),
    ("{{ nope }}", "模板渲染失败：引用了未定义的变量“nope”"),
]


@pytest.mark.parametrize(("body", "message"), HOSTILE_BODIES)
def test_hostile_body_fails_in_chinese_at_its_line(
    body: str, message: str, context: dict[str, Any]
) -> None:
    assert _render_error(f"第一行\n\n{body}\n", context) == f"lib/commitment/a.md:9:1: {message}"


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("1/0", "条件 when 求值失败：除数为零"),
        ("range(10**9)", "条件 when 求值失败：range() 的项数超过上限（10000）"),
        (
            "10**(10**9) > 1",
            "条件 when 求值失败：乘方结果超出允许的数值范围（绝对值不超过 10 的 15 次方）",
        ),
        ("staff.append(1)", "条件 when 求值失败：模板不允许访问属性“append”"),
    ],
)
def test_hostile_when_fails_at_the_when_line(
    when: str, message: str, context: dict[str, Any]
) -> None:
    extra = f'uses: [staff]\nwhen: "{when}"'
    assert _render_error("x\n", context, extra) == f"lib/commitment/a.md:7:1: {message}"


def test_output_budget(context: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_OUTPUT", 1000)
    body = "{% for i in range(200) %}{{ we }}承诺{% endfor %}\n"
    message = "lib/commitment/a.md:7:1: 模板渲染失败：条款输出过长（超过 1000 个字符）"
    assert _render_error(body, context) == message


def test_render_deadline(context: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_SECONDS", 0.0)
    body = "{% for i in range(3) %}{{ i }}{% endfor %}\n"
    assert _render_error(body, context).endswith("模板渲染失败：条款渲染超时（超过 0 秒）")


def test_templates_cannot_change_what_other_clauses_see(context: dict[str, Any]) -> None:
    staff, options = list(context["staff"]), dict(QUALITY_OPTIONS)
    for body in ("{{ staff.append(staff[0]) }}", "{{ quality_options.clear() }}"):
        with pytest.raises(RenderError, match="模板不允许访问属性"):
            _clause(body + "\n").render(context)
    # The team's tiers come as tuples: nothing to append to or clear.
    with pytest.raises(RenderError, match="引用了不存在的字段“append”"):
        _clause("{{ (staff | tiers)[0].people.append(staff[0]) }}\n").render(context)
    assert context["staff"] == staff and len(staff) == 1
    assert options == QUALITY_OPTIONS and options


def test_lists_and_dicts_a_template_builds_stay_mutable(context: dict[str, Any]) -> None:
    body = (
        "{% set names = [] %}{% set d = {} %}{% set e = dict(a=1) %}"
        "{% for s in staff %}{% set _ = names.append(s.name) %}{% endfor %}"
        "{% set _ = d.update(k=1) %}{% set _ = e.update(b=2) %}"
        "{% set more = names + ['王五'] %}{% set _ = more.append('赵六') %}"
        "{{ names|join('、') }}/{{ more|enum }}/{{ d.k }}{{ e.b }}\n"
    )
    assert _clause(body).render(context).strip() == "李四/李四、王五、赵六/12"


def test_syntax_errors_in_chinese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    cases = {
        "a": ("{% foo %}", "模板语法错误：未知的标签“foo”"),
        "b": ("{% for x in staff %}", "模板语法错误：模板意外结束：“for”块没有闭合（缺少 endfor）"),
        "c": ("{{ x | nofilter }}", "模板语法错误：没有名为“nofilter”的过滤器"),
        "d": ("{{ x y }}", "模板语法错误：此处应为输出结束符“}}”，却遇到了“y”"),
    }
    for name, (body, _message) in cases.items():
        front = _front().replace("commitment.a", f"commitment.{name}")
        write_clause(Path("lib"), "commitment", name, front, f"x\n{body}\n")
    with pytest.raises(BidgenError) as info:
        load_library(None, builtin=Path("lib"))
    assert info.value.lines() == [
        f"lib/commitment/{name}.md:8:1: {message}" for name, (_b, message) in cases.items()
    ]


def test_check_library_does_not_hang_on_compile_time_folding(tmp_path: Path) -> None:
    """``10**(10**9)`` used to be folded by Jinja's optimizer while compiling."""
    tree = tmp_path / "lib"
    for family in ("commitment", "training"):
        write_clause(
            tree, family, "a", _front().replace("commitment", family), "{{ 10**(10**9) }}\n"
        )
    script = "import sys; from bidgen.cli.main import main; sys.argv[0] = 'bidgen'; main()"
    command = [sys.executable, "-c", script, "check", "--library", str(tree), "--select", "BL2"]
    start = time.perf_counter()
    env = {"PYTHONPATH": str(ROOT), "BIDGEN_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=120, env=env, check=False
    )
    assert time.perf_counter() - start < 60
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "BL201 模板渲染失败：乘方结果超出允许的数值范围" in done.stdout
