"""Random clause files (front matter and Jinja bodies) in a ``--clauses`` folder."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import MINIMAL_PROFILE
from tests.fuzz.contract import assert_contract, examples, run_cli, workspace
from tests.fuzz.strategies import awkward_text, scalar

pytestmark = pytest.mark.fuzz
FAMILIES = ["commitment", "training", "fault_levels", "quality", "nope", "../x", "", "训练"]
EXPRESSIONS = [
    "project.name",
    "buyer",
    "staff[0].name",
    "staff|length",
    "fault_levels[0].response",
    "warranty.years * 2",
    "10**n",
    "'a' * n",
    "range(n)|list",
    "staff.append(1)",
    "''.__class__",
    "lipsum(n)",
    "cycler",
    "namespace(a=1)",
    "1/0",
    "x",
    "n|string|int",
    "project|attr('name')",
    "{}.update(a=1)",
    "(staff|first).name",
    "'%s'|format(n)",
    "n|filesizeformat",
    "[1]*n",
    "joiner()",
    "self",
    "loop.cycle",
    "caller()",
    "quality_options.clear()",
]
STATEMENTS = [
    "{% for s in staff %}{{ s.name }}{% endfor %}",
    "{% if warranty.years > n %}是{% endif %}",
    "{% for i in range(n) %}{% for j in range(n) %}x{% endfor %}{% endfor %}",
    "{% macro m(k) %}{{ m(k) }}{% endmacro %}{{ m(1) }}",
    "{% set x = n %}{{ x }}",
    "{% include 'a.md' %}",
    "{% extends 'b.md' %}",
    "{% import 'c' as c %}",
    "{% raw %}{{",
    "{% for %}",
    "{{",
    "}}",
    "{%",
    "{# 注释",
    "{% endif %}",
    "{% block b %}{% endblock %}",
    "# 标题\n",
    "\n| 表头 | 值 |\n|---|---|\n| {{ n }} | 二 |\n",
    "\n1. 条目\n2. 条目\n",
    "**粗体**",
    "[链接](x)",
    "<b>html</b>",
    "\n---\n",
    "一级故障{{ n }}分钟内响应。",
]


@st.composite
def body(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 8))):
        n = str(draw(st.one_of(st.integers(-3, 12), st.sampled_from([10**6, 10**9, 5000]))))
        kind = draw(st.sampled_from(["expr", "stmt", "text"]))
        if kind == "expr":
            parts.append("{{ " + draw(st.sampled_from(EXPRESSIONS)).replace("n", n) + " }}")
        elif kind == "stmt":
            parts.append(draw(st.sampled_from(STATEMENTS)).replace("n", n))
        else:
            parts.append(draw(awkward_text))
    return "".join(parts)


@st.composite
def front_matter(draw: st.DrawFn, number: int) -> str:
    family = draw(st.sampled_from(FAMILIES))
    fields = {
        "id": draw(st.sampled_from([f"{family}.c{number}", "commitment.service", "", "x"])),
        "title": draw(st.sampled_from(["测试条款", "", "标题\x07"]) | awkward_text),
        "family": family,
        "order": draw(st.sampled_from(["10", "-1", "1e999", "十", "99999999999999999999"])),
    }
    lines = [f"{k}: {v}" for k, v in fields.items() if draw(st.booleans()) or k != "title"]
    for _ in range(draw(st.integers(0, 3))):
        key = draw(st.sampled_from(["when", "industries", "uses", "variant", "tags", "unknown"]))
        value = draw(
            st.sampled_from(["warranty.years > 1", "1/0", "range(10**9)", "[it_ops]", "[x, y]"])
            | scalar
        )
        lines.append(f"{key}: {value}")
    return "\n".join(lines)


@st.composite
def clause_file(draw: st.DrawFn, number: int) -> str:
    head = draw(front_matter(number))
    opening = draw(st.sampled_from(["---\n", "---\n", "---\r\n", "", "--- \n"]))
    closing = draw(st.sampled_from(["\n---\n", "\n---\n", "\n", "\n...\n"]))
    return f"{opening}{head}{closing}{draw(body())}"


@examples(bounded=15, long=2500)
@given(st.data())
def test_random_clause_library_is_checked_cleanly(data: st.DataObject) -> None:
    files = data.draw(st.lists(st.integers(0, 3), min_size=1, max_size=3))
    with workspace() as root:
        (root / "s").mkdir()
        (root / "s" / "p.yaml").write_text(MINIMAL_PROFILE, "utf-8")
        for number, folder in enumerate(files):
            family = ["commitment", "training", "quality", "nope"][folder]
            (root / "lib" / family).mkdir(parents=True, exist_ok=True)
            text = data.draw(clause_file(number))
            path = root / "lib" / family / f"c{number}.md"
            path.write_bytes(text.encode("utf-8", "surrogatepass"))
        result = run_cli("check", "--library", "lib", "--samples", "s")
        assert_contract(result, lambda name: name.startswith(("lib", "s/")))


@examples(bounded=3, long=100)
@given(st.data())
def test_random_clause_overrides_a_real_build(data: st.DataObject) -> None:
    with workspace() as root:
        (root / "p.yaml").write_text(MINIMAL_PROFILE, "utf-8")
        (root / "lib" / "commitment").mkdir(parents=True)
        text = data.draw(clause_file(0)).replace("commitment.c0", "commitment.service")
        (root / "lib" / "commitment" / "service.md").write_bytes(
            text.encode("utf-8", "surrogatepass")
        )
        out = root / "out"
        out.mkdir()
        (out / "TEST-001-售后服务方案.md").write_text("旧版本\n", "utf-8")
        before = {"TEST-001-售后服务方案.md": "旧版本\n".encode()}
        result = run_cli("build", "p.yaml", "--clauses", "lib", "-o", "out", "-f", "md")
        assert_contract(result, lambda name: name.startswith(("lib", "p.yaml")), out, before)
