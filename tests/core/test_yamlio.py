"""Hostile and unlucky YAML inputs: one Chinese message at file:line:column, exit 2.

Each case reproduces a finding of issue 15 (found by mutating profiles) through
the real CLI. No case may print a traceback, hang or show English.
"""

from __future__ import annotations

import ast
import os
import re
import socket
import subprocess
import sys
import typing
from pathlib import Path

import pytest
import ruamel.yaml
from pydantic import BaseModel

from bidgen.core.errors import BidgenError
from bidgen.core.yamlio import (
    MAX_ALIAS_NODES,
    MAX_DEPTH,
    MAX_PROFILE_BYTES,
    MAX_SCALAR_CHARS,
    display_name,
    load_yaml_text,
)
from bidgen.core.yamlmessages import FALLBACK, translate
from bidgen.library.clauses import ClauseMeta
from bidgen.profile.models import Profile
from tests.conftest import MINIMAL_PROFILE as M
from tests.conftest import ROOT, write_clause

ALLOWED = "!!str、!!int、!!float、!!bool、!!null、!!timestamp、!!seq、!!map"


def _field_names(model: type[BaseModel], seen: set[str]) -> set[str]:
    for name, info in model.model_fields.items():
        seen.add(name)
        for inner in (info.annotation, *typing.get_args(info.annotation)):
            for candidate in (inner, *typing.get_args(inner)):
                if isinstance(candidate, type) and issubclass(candidate, BaseModel):
                    _field_names(candidate, seen)
    return seen


# Words a message may contain: YAML's own literals and the field names the user writes.
_TECHNICAL_WORDS = {"YAML", "UTF", "true", "false", "null"} | _field_names(
    Profile, _field_names(ClauseMeta, set())
)
_PREFIX = re.compile(r"^\S+?(?::\d+){0,2}: (?:BL\d{3} )?")  # file:line:col: and a check code
_NOT_PROSE = [
    re.compile(r"“[^”]*”"),  # anything the user wrote, quoted
    re.compile(r"^[A-Za-z0-9_.\[\]…]+："),  # the field path
    re.compile(r"!!?[\w/:.,]*"),  # tags
    re.compile(r"U\+[0-9A-F]{4,6}"),
]


def assert_chinese(lines: list[str]) -> None:
    """No English prose in any message: only quoted input, field names and YAML words."""
    for line in lines:
        prose = _PREFIX.sub("", line)
        for pattern in _NOT_PROSE:
            prose = pattern.sub(" ", prose)
        words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]+", prose)) - _TECHNICAL_WORDS
        assert not words, f"English in message: {line!r}"


def _bomb(levels: int = 9, width: int = 9) -> str:
    """The classic alias bomb: each level is a list of `width` aliases of the previous one."""
    lines = [f"a0: &a0 [{', '.join(['x'] * width)}]"]
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{aliases}]")
    return "\n".join(lines) + "\n"


_BOMB_MESSAGE = f"通过引用（*）展开的内容过多（超过 {MAX_ALIAS_NODES} 项），请减少引用"

CASES = {
    # Tracebacks before issue 15.
    "deep-nesting": (
        M + "x: " + "[" * 500 + "]" * 500 + "\n",
        [f"p.yaml:67:{3 + MAX_DEPTH}: 嵌套层数超过 {MAX_DEPTH} 层，请简化结构"],  # the root counts,
    ),
    "deep-block-nesting": (
        "".join(f"{'  ' * depth}k:\n" for depth in range(200)),
        [f"p.yaml:{MAX_DEPTH + 1}:{2 * MAX_DEPTH + 1}: 嵌套层数超过 {MAX_DEPTH} 层，请简化结构"],
    ),
    "float-tag-on-text": (
        M.replace("  name: 测试项目\n", "  name: !!float x\n"),
        ["p.yaml:2:9: 标记“!!float”的取值“x”不是有效的数字"],
    ),
    "int-tag-on-text": (
        M.replace("years: 3", "years: !!int 3年"),
        ["p.yaml:22:10: 标记“!!int”的取值“3年”不是有效的整数"],
    ),
    "bool-tag-on-text": (
        M.replace("years: 3", "years: !!bool 也许"),
        ["p.yaml:22:10: 标记“!!bool”的取值“也许”不是有效的布尔值（应为 true 或 false）"],
    ),
    "null-tag-on-text": (
        M.replace("  name: 测试项目\n", "  name: 测试项目\n  lot: !!null 一标段\n"),
        ["p.yaml:3:8: 标记“!!null”的取值“一标段”不是空值（应为 null 或留空）"],
    ),
    "impossible-date": (
        M.replace("date: 2026-11-20", "date: 2026-02-30"),
        ["p.yaml:5:9: 取值“2026-02-30”不是有效的日期或时间"],
    ),
    "integer-too-long-for-python": (
        M.replace("years: 3", "years: " + "9" * 5000),
        [f"p.yaml:22:10: 取值“{'9' * 40}…”不是有效的整数"],
    ),
    # Hangs before issue 15.
    "alias-bomb": (M + _bomb(), [f"p.yaml:71:10: {_BOMB_MESSAGE}"]),
    "alias-bomb-of-mappings": (
        M
        + "a0: &a0 {a: x, b: x, c: x, d: x, e: x, f: x, g: x, h: x, i: x}\n"
        + "".join(
            f"a{n}: &a{n} {{{', '.join(f'{k}: *a{n - 1}' for k in 'abcdefghi')}}}\n"
            for n in range(1, 10)
        ),
        [f"p.yaml:70:53: {_BOMB_MESSAGE}"],
    ),
    "alias-of-itself": ("a: &x [1, *x]\n", ["p.yaml:1:11: 引用“*x”指向了包含它自身的锚点"]),
    # Wrong or English messages before issue 15.
    "bell-character": (
        M.replace("  scope: 测试系统\n", "  scope: 测试\a系统\n"),
        ["p.yaml:8:12: 不允许的控制字符 U+0007"],
    ),
    "nul-character": (
        M.replace("  location: 测试市\n", "  location: 测\0试市\n"),
        ["p.yaml:7:14: 不允许的控制字符 U+0000"],
    ),
    "control-characters-on-two-lines": (
        "a: \x1b[31m\nb: 1\nc: x\x7f\n",
        ["p.yaml:1:4: 不允许的控制字符 U+001B", "p.yaml:3:5: 不允许的控制字符 U+007F"],
    ),
    "control-character-after-crlf-lines": (
        M.replace("\n", "\r\n").replace("  scope: 测试系统", "  scope: 测\b"),
        ["p.yaml:8:11: 不允许的控制字符 U+0008"],
    ),
    "line-separator": (
        M.replace("  scope: 测试系统\n", "  scope: 测试\u2028系统\n"),
        ["p.yaml:8:12: 不允许的字符 U+2028"],
    ),
    "control-character-from-an-escape": (
        M.replace("  scope: 测试系统\n", '  scope: "测试\\a系统"\n'),
        ["p.yaml:8:10: 取值中含有控制字符 U+0007"],
    ),
    "lone-surrogate-from-an-escape": (
        M.replace("  scope: 测试系统\n", '  scope: "\\ud800"\n'),
        ["p.yaml:8:10: 取值中含有字符 U+D800"],
    ),
    "escape-of-no-character": (
        M.replace("  scope: 测试系统\n", '  scope: "\\UFFFFFFFF"\n'),
        ["p.yaml:8:13: 双引号内的转义超出了字符编码的范围"],
    ),
    "escape-beyond-unicode": (
        M.replace("  scope: 测试系统\n", '  scope: "\\U00110000"\n'),
        ["p.yaml:8:13: 双引号内的转义超出了字符编码的范围"],
    ),
    "second-document": (
        M + "---\nproject: {}\n",
        ["p.yaml:67:1: YAML 语法错误：文件中只能有一个 YAML 文档（此处又开始了一个）"],
    ),
    "backtick": (
        M.replace("  scope: 测试系统\n", "  scope: `测试系统`\n"),
        [
            "p.yaml:8:10: YAML 语法错误：字符“`”不能出现在此处（如是取值的一部分，请给整个取值加引号）"
        ],
    ),
    "unknown-escape": (
        M.replace("  scope: 测试系统\n", '  scope: "C:\\new\\dir"\n'),
        ["p.yaml:8:18: YAML 语法错误：双引号内的转义“\\d”无效（反斜杠请写成“\\\\”，或改用单引号）"],
    ),
    "unclosed-flow-list": (
        M.replace("warranty:\n  years: 3\n", "warranty:\n  years: [3\n"),
        ["p.yaml:22:10: YAML 语法错误：方括号“[”未正确闭合（缺少“,”或“]”）"],
    ),
    "list-item-in-a-mapping": (
        M.replace("warranty:\n  years: 3\n", "warranty:\n  years: 3\n  - 4\n"),
        ["p.yaml:23:3: YAML 语法错误：缩进有误（此处不应出现“-”）"],
    ),
    "undefined-alias": (
        M.replace("warranty:\n  years: 3\n", "warranty:\n  years: *three\n"),
        ["p.yaml:22:10: YAML 语法错误：引用了未定义的锚点“three”"],
    ),
    "value-too-long": (
        M.replace("  scope: 测试系统\n", f"  scope: {'长' * (MAX_SCALAR_CHARS + 1)}\n"),
        [
            f"p.yaml:8:10: 取值过长（{MAX_SCALAR_CHARS + 1} 个字符），上限为 {MAX_SCALAR_CHARS} 个字符"
        ],
    ),
    "list-as-key": ("? [a, b]\n: 1\n", ["p.yaml:1:3: 字段名必须是单个取值，不能是列表或映射"]),
    # Tags the loader does not understand were silently accepted.
    "python-tag-on-a-list": (
        M.replace("staff:\n", "staff: !!python/object/apply:os.system\n"),
        [f"p.yaml:35:8: 不支持的标记“!!python/object/apply:os.system”（只能使用 {ALLOWED}）"],
    ),
    "local-tag-on-a-list": (
        M.replace("staff:\n", "staff: !foo\n"),
        [f"p.yaml:35:8: 不支持的标记“!foo”（只能使用 {ALLOWED}）"],
    ),
    "non-specific-tag": (
        M.replace("number: TEST-001", "number: ! TEST-001"),
        [f"p.yaml:3:11: 不支持的标记“!”（只能使用 {ALLOWED}）"],
    ),
    "binary-tag": (
        M + "extra: !!binary aGVsbG8=\n",
        [f"p.yaml:67:8: 不支持的标记“!!binary”（只能使用 {ALLOWED}）"],
    ),
    "tag-with-a-long-name": (
        M.replace("staff:\n", f"staff: !{'x' * 100}\n"),
        [f"p.yaml:35:8: 不支持的标记“!{'x' * 39}…”（只能使用 {ALLOWED}）"],
    ),
    "str-tag-on-a-list": (
        M.replace("staff:\n", "staff: !!str\n"),
        ["p.yaml:35:8: 标记“!!str”不能用于列表"],
    ),
    "seq-tag-on-a-value": (
        M.replace("years: 3", "years: !!seq 3"),
        ["p.yaml:22:10: 标记“!!seq”不能用于单个取值"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_profile_is_refused_at_its_place(case, profile_file, run_cli):
    text, expected = CASES[case]
    profile_file(text)
    result = run_cli("check", "p.yaml")
    assert (result.code, result.out) == (2, "")
    assert result.err.splitlines() == expected
    assert_chinese(result.err.splitlines())


def test_explicit_standard_tags_are_honoured(profile_file, run_cli):
    text = (
        M.replace("number: TEST-001", "number: !!str 2026047")
        .replace("years: 3", "years: !!int '3'")
        .replace("date: 2026-11-20", "date: !!timestamp 2026-11-20")
        .replace("warranty:\n", "warranty: !!map\n")
        .replace("staff:\n", "staff: !!seq\n")
    )
    profile_file(text)
    result = run_cli("check", "p.yaml")
    assert (result.code, result.err) == (0, "")
    loaded = load_yaml_text(text, "p.yaml")
    assert loaded.data["project"]["number"] == "2026047"
    assert loaded.data["warranty"]["years"] == 3


def test_a_few_aliases_are_fine(profile_file, run_cli):
    text = M.replace("  leader: 李四\n", "  leader: &lead 李四\n").replace(
        "  escalation_contact: 王五\n", "  escalation_contact: *lead\n"
    )
    profile_file(text)
    result = run_cli("check", "p.yaml")
    assert (result.code, result.err) == (0, "")


def test_alias_bomb_is_refused_without_expanding():
    # Nine levels of nine aliases expand to 9**9 (387 million) items; the
    # refusal comes after a few dozen aliases, so this is fast by construction.
    with pytest.raises(BidgenError) as raised:
        load_yaml_text(_bomb(levels=30), "bomb.yaml")
    assert [p.format() for p in raised.value.problems] == [f"bomb.yaml:5:10: {_BOMB_MESSAGE}"]


def test_nesting_at_the_limit_is_accepted():
    lists = MAX_DEPTH - 1  # inside the top-level mapping
    text = "x: " + "[" * lists + "]" * lists + "\n"
    loaded = load_yaml_text(text, "p.yaml")
    depth, node = 0, loaded.data
    while isinstance(node, dict | list):
        depth += 1
        node = next(iter(node.values() if isinstance(node, dict) else node), None)
    assert depth == MAX_DEPTH


def test_front_matter_positions_count_from_its_first_line():
    with pytest.raises(BidgenError) as raised:
        load_yaml_text("id: a\ntitle: 标\x07题\n", "c.md", first_line=2)
    assert [p.format() for p in raised.value.problems] == ["c.md:3:9: 不允许的控制字符 U+0007"]


def test_file_larger_than_the_limit(profile_file, run_cli, tmp_path):
    profile_file()
    (tmp_path / "big.yaml").write_bytes(b"#" * (MAX_PROFILE_BYTES + 1))
    result = run_cli("check", "big.yaml")
    assert (result.code, result.err) == (
        2,
        "big.yaml: 文件过大（约 4.0 兆字节），上限为 4 兆字节\n",
    )


def test_symlink_loop(profile_file, run_cli, tmp_path):
    profile_file()
    os.symlink("loop-b.yaml", tmp_path / "loop-a.yaml")
    os.symlink("loop-a.yaml", tmp_path / "loop-b.yaml")
    assert display_name(tmp_path / "loop-a.yaml") == str(tmp_path / "loop-a.yaml")
    result = run_cli("check", "loop-a.yaml")
    assert (result.code, result.err) == (2, "loop-a.yaml: 符号链接形成了循环，找不到实际的文件\n")


def test_device(profile_file, run_cli):
    profile_file()
    result = run_cli("check", "/dev/null")
    assert (result.code, result.err) == (2, "/dev/null: 这是一个设备文件，不是普通文件，无法读取\n")


def test_socket(profile_file, run_cli, tmp_path):
    profile_file()
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind("s.yaml")  # relative: tmp_path may be longer than a socket path allows
        result = run_cli("check", "s.yaml")
    finally:
        server.close()
    assert (result.code, result.err) == (2, "s.yaml: 这是一个套接字，不是普通文件，无法读取\n")


def test_fifo_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "fifo.yaml")
    command = [
        sys.executable,
        "-c",
        "from bidgen.cli.main import main; main()",
        "check",
        "fifo.yaml",
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # The timeout only turns a regression (a read that blocks forever) into a failure.
    done = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "fifo.yaml: 这是一个命名管道，不是普通文件，无法读取\n"


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "samples").mkdir()
    (tmp_path / "samples" / "s.yaml").write_text(M, "utf-8")
    return tmp_path / "lib"


_FRONT = "id: commitment.a\ntitle: 测试条款\nfamily: commitment\norder: 10\n"


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (_bomb(), f"lib/commitment/a.md:10:10: BL101 {_BOMB_MESSAGE}"),
        (
            "uses: !!python/name:os.system\n",
            f"lib/commitment/a.md:6:7: BL101 不支持的标记“!!python/name:os.system”（只能使用 {ALLOWED}）",
        ),
        ("when: 真\x07\n", "lib/commitment/a.md:6:8: BL101 不允许的控制字符 U+0007"),
    ],
    ids=["alias-bomb", "python-tag", "control-character"],
)
def test_hostile_front_matter_is_refused(library, run_cli, extra, expected):
    write_clause(library, "commitment", "a", _FRONT + extra, "{{ we }}承诺。\n")
    result = run_cli("check", "--library", "lib", "--samples", "samples")
    assert result.code == 1
    assert result.out.splitlines() == [expected, "", "共发现 1 个问题：错误 1 个，警告 0 个。"]
    assert_chinese(result.out.splitlines()[:1])


def test_clause_file_that_is_a_fifo(library, run_cli):
    write_clause(library, "commitment", "a", _FRONT, "{{ we }}承诺。\n")
    os.mkfifo(library / "commitment" / "b.md")
    result = run_cli("check", "--library", "lib", "--samples", "samples")
    assert result.code == 1
    assert result.out.splitlines()[0] == (
        "lib/commitment/b.md: BL101 这是一个命名管道，不是普通文件，无法读取"
    )


# --- every message ruamel.yaml can raise has a translation ---------------------

_RUAMEL = Path(ruamel.yaml.__file__).parent
# Sample values for the placeholders of ruamel's f-string messages.
_SAMPLES = {
    "name": "tag",
    "length": "2",
    "token.id": "'<scalar>'",
    "node.id": "scalar",
    "subnode.id": "scalar",
}


def _sample(arg: ast.expr) -> str:
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return arg.value
    if isinstance(arg, ast.JoinedStr):
        return "".join(
            part.value
            if isinstance(part, ast.Constant)
            else _SAMPLES.get(ast.unparse(part.value), "'x'")
            for part in arg.values
        )
    return ""


def _ruamel_messages() -> list[tuple[str, str, str]]:
    """(where, context, problem) for every error ruamel's loading stages raise."""
    found = []
    for module in ("scanner", "parser", "composer", "constructor"):
        tree = ast.parse((_RUAMEL / f"{module}.py").read_text("utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            args = node.exc.args
            texts = [_sample(arg) for arg in args]
            if not any(texts) or ast.unparse(node.exc.func) == "DuplicateKeyError":
                continue
            context = texts[0] if texts else ""
            problem = texts[2] if len(texts) > 2 else ""
            found.append((f"{module}.py:{node.lineno}", context, problem))
    return found


def test_the_table_knows_every_ruamel_message():
    messages = _ruamel_messages()
    assert len(messages) > 60  # the sources were found and read
    untranslated = [
        where for where, context, problem in messages if translate(context, problem) == FALLBACK
    ]
    assert untranslated == []
    assert_chinese([translate(context, problem) for _, context, problem in messages])


@pytest.mark.parametrize(
    "line",
    [
        "p.yaml:1:1: YAML 语法错误：unacceptable character #x0007: special characters are not allowed",
        "p.yaml:67:1: YAML 语法错误：but found another document",
        "p.yaml:22:3: warranty.years：取值无效（Input should be a finite number）",
    ],
)
def test_the_english_check_catches_the_old_messages(line):
    with pytest.raises(AssertionError):
        assert_chinese([line])
