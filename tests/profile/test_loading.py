"""Bad profile input: one Chinese message per problem, at its line, exit 2."""

from __future__ import annotations

import typing

import pytest
from pydantic_core.core_schema import ErrorType

from bidgen.core.textwidth import display_width
from bidgen.profile.loading import _message
from bidgen.profile.models import Profile
from tests.conftest import MINIMAL_PROFILE as M
from tests.core.test_yamlio import assert_chinese

CASES = {
    "unknown-key": (
        M.replace("  location: 测试市\n", "  location: 测试市\n  loction: 测试\n"),
        ["p.yaml:8:3: project.loction：未知字段“loction”，是否应为“location”？"],
    ),
    "unknown-key-no-guess": (
        M.replace("warranty:\n", "warranty:\n  zzz: 1\n"),
        ["p.yaml:22:3: warranty.zzz：未知字段“zzz”（可用字段：years、start）"],
    ),
    "bad-duration": (
        M.replace("arrival: 1小时", "arrival: 四小时半后"),
        [
            "p.yaml:33:5: fault_levels[0].arrival：无法识别的时限“四小时半后”"
            "（示例：30分钟、半小时、2小时、24小时、3个工作日）"
        ],
    ),
    "duration-without-unit": (
        M.replace("response: 15分钟", "response: 15"),
        [
            "p.yaml:32:5: fault_levels[0].response：时限“15”缺少单位"
            "（示例：30分钟、半小时、2小时、24小时、3个工作日）"
        ],
    ),
    "wrong-type": (
        M.replace("years: 3", "years: 三年"),
        ["p.yaml:22:3: warranty.years：应为整数"],
    ),
    "missing-field": (
        M.replace("  purchaser: 测试采购单位\n", ""),
        ["p.yaml:1:1: project.purchaser：缺少必填字段"],
    ),
    "malformed-yaml": (
        M.replace("  name: 测试项目\n", "  name: 测试项目: 坏\n"),
        [
            "p.yaml:2:13: YAML 语法错误：此处不允许出现“键: 值”（冒号后的内容可能需要加引号，或缩进有误）"
        ],
    ),
    "tab-indent": (
        M.replace("  name: 测试项目\n", "\tname: x\n"),
        ["p.yaml:2:1: YAML 语法错误：不能使用制表符缩进，请改用空格"],
    ),
    "unclosed-quote": (
        M.replace("  name: 测试项目\n", '  name: "测试项目\n'),
        ["p.yaml:2:9: YAML 语法错误：引号未闭合"],
    ),
    "duplicate-key": (
        M.replace("  name: 测试项目\n", "  name: 测试项目\n  name: 又一个\n"),
        ["p.yaml:3:3: 重复的字段：字段“name”重复出现"],
    ),
    "bad-date": (
        M.replace("date: 2026-11-20", "date: 明天"),
        ["p.yaml:5:3: project.date：应为日期，如 2026-11-20"],
    ),
    "bad-choice": (
        M.replace("standard: A", "standard: G"),
        ["p.yaml:55:3: quality.standard：取值“G”无效，可选：A、B、C、D、E、F"],
    ),
    "reference-needed": (
        M.replace("standard: A", "standard: D"),
        ["p.yaml:54:1: quality：选择（D）时须在 reference 中写明所依据的标准或样品"],
    ),
    "bad-frequency": (
        M.replace("  frequency: 每季度一次", "  frequency: 经常"),
        [
            "p.yaml:48:3: inspection.frequency：无法识别的频次“经常”"
            "（示例：每季度一次、每月一次、每年4次、每半年一次）"
        ],
    ),
    "bad-percent": (
        M.replace("ratio: 10%", "ratio: 150%"),
        ["p.yaml:51:3: spare_parts.ratio：百分比应在 0 到 100 之间：“150%”"],
    ),
    "not-a-finite-number": (
        M.replace("years: 3", "years: .nan"),
        ["p.yaml:22:3: warranty.years：应为有限的数字，不能是无穷大或非数"],
    ),
    "long-value-shown-short": (
        M.replace("standard: A", "standard: " + "G" * 50_000),
        [f"p.yaml:55:3: quality.standard：取值“{'G' * 40}…”无效，可选：A、B、C、D、E、F"],
    ),
    "long-value-in-a-validator-message": (
        M.replace("arrival: 1小时", "arrival: " + "久" * 50_000),
        [
            f"p.yaml:33:5: fault_levels[0].arrival：无法识别的时限“{'久' * 40}…”"
            "（示例：30分钟、半小时、2小时、24小时、3个工作日）"
        ],
    ),
    "long-unknown-key-shown-short": (
        M.replace("warranty:\n", "warranty:\n  " + "k" * 1000 + ": 1\n"),
        [f"p.yaml:22:3: warranty.{'k' * 40}…：未知字段“{'k' * 40}…”（可用字段：years、start）"],
    ),
    "too-few-items": (
        M.replace(
            "  courses:\n    - name: 系统管理\n      audience: 管理员\n      hours: 4\n"
            "      method: 现场授课\n",
            "  courses: []\n",
        ),
        ["p.yaml:42:3: training.courses：至少需要 1 项"],
    ),
    "number-instead-of-text": (
        M.replace("number: TEST-001", "number: 2026047"),
        ["p.yaml:3:3: project.number：应为文本"],
    ),
    "mapping-instead-of-list": (
        M.replace(
            "staff:\n  - name: 李四\n    role: 项目负责人\n    phone: 139-0000-0000\n"
            "    years: 10\n",
            "staff: {name: 李四}\n",
        ),
        ["p.yaml:35:1: staff：应为列表（每项以“- ”开头）"],
    ),
    "text-instead-of-mapping": (
        M.replace("warranty:\n  years: 3\n", "warranty: 三年\n"),
        ["p.yaml:21:1: warranty：应为字段映射（键: 值）"],
    ),
    "not-a-boolean": (
        M.replace("  hotline_answer:", "  holiday_duty: 是\n  hotline_answer:"),
        ["p.yaml:25:3: service.holiday_duty：应为 true 或 false"],
    ),
    "above-the-bound": (
        M.replace("years: 3", "years: 11"),
        ["p.yaml:22:3: warranty.years：应不大于 10"],
    ),
    "empty-text": (
        M.replace("  scope: 测试系统\n", "  scope: ''\n"),
        ["p.yaml:8:3: project.scope：不能为空"],
    ),
    "top-level-list": ("- a\n- b\n", ["p.yaml:1:1: 项目配置文件的顶层应为字段映射（键: 值）"]),
    "every-problem-at-once": (
        M.replace("arrival: 1小时", "arrival: 四小时半后")
        .replace("years: 10", "years: 十")
        .replace("standard: A", "standard: G"),
        [
            "p.yaml:33:5: fault_levels[0].arrival：无法识别的时限“四小时半后”"
            "（示例：30分钟、半小时、2小时、24小时、3个工作日）",
            "p.yaml:39:5: staff[0].years：应为整数",
            "p.yaml:55:3: quality.standard：取值“G”无效，可选：A、B、C、D、E、F",
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_profile_is_reported_at_its_line(case, profile_file, run_cli):
    text, expected = CASES[case]
    profile_file(text)
    result = run_cli("build", "p.yaml", "-o", "out", "-f", "md")
    assert result.code == 2
    assert result.err.splitlines() == expected
    assert "Traceback" not in result.err and "Error:" not in result.err
    assert result.out == ""
    assert_chinese(result.err.splitlines())


def test_number_written_as_text_with_a_standard_tag(profile_file, run_cli):
    profile_file(M.replace("number: TEST-001", "number: !!str 2026047"))
    result = run_cli("check", "p.yaml")
    assert (result.code, result.err) == (0, "")


def _error(kind: str, **ctx: object) -> dict[str, object]:
    return {"type": kind, "loc": ("x",), "msg": "English text", "input": "v", "ctx": ctx}


# Context values pydantic-core gives the types that show one.
_CONTEXTS = {
    "too_short": {"min_length": 1},
    "too_long": {"max_length": 2},
    "string_too_short": {"min_length": 2},
    "string_too_long": {"max_length": 2},
    "bytes_too_short": {"min_length": 2},
    "bytes_too_long": {"max_length": 2},
    "greater_than": {"gt": 0},
    "greater_than_equal": {"ge": 0},
    "less_than": {"lt": 0},
    "less_than_equal": {"le": 0},
    "multiple_of": {"multiple_of": 2},
    "decimal_max_digits": {"max_digits": 2},
    "decimal_max_places": {"decimal_places": 2},
    "decimal_whole_digits": {"whole_digits": 2},
    "url_too_long": {"max_length": 2},
    "literal_error": {"expected": "'a' or 'b'"},
    "enum": {"expected": "'a' or 'b'"},
    "value_error": {"error": ValueError("could not convert string to float: 'x'")},
    "assertion_error": {"error": AssertionError("English")},
}


@pytest.mark.parametrize("kind", typing.get_args(ErrorType))
def test_every_pydantic_error_type_is_chinese(kind):
    message = _message(_error(kind, **_CONTEXTS.get(kind, {})), Profile)
    assert message != "" and "English" not in message
    assert_chinese([message])


def test_bounds_are_shown():
    assert _message(_error("greater_than_equal", ge=1), Profile) == "应不小于 1"
    assert _message(_error("too_long", max_length=3), Profile) == "最多只能有 3 项"
    assert _message(_error("string_too_short", min_length=1), Profile) == "不能为空"


def test_a_validators_own_chinese_message_is_kept_and_pythons_is_not():
    assert _message(_error("value_error", error=ValueError("百分比应为数字")), Profile) == (
        "百分比应为数字"
    )
    assert _message(_error("value_error", error=ValueError("math domain error")), Profile) == (
        "取值无效"
    )


def test_missing_file(profile_file, run_cli):
    profile_file()
    result = run_cli("build", "nope.yaml")
    assert (result.code, result.err) == (2, "nope.yaml: 文件不存在\n")


def test_directory_instead_of_file(tmp_path, profile_file, run_cli):
    profile_file()
    (tmp_path / "d").mkdir()
    result = run_cli("check", "d")
    assert (result.code, result.err) == (2, "d: 这是一个目录，不是文件\n")
    # build takes a folder of profiles (a batch); an empty one is refused
    result = run_cli("build", "d")
    assert (result.code, result.err) == (2, "d: 文件夹中没有项目配置文件（*.yaml）\n")


def test_not_utf8(profile_file, run_cli, tmp_path):
    profile_file()
    (tmp_path / "gbk.yaml").write_bytes("project:\n  name: 测试\n".encode("gbk"))
    result = run_cli("build", "gbk.yaml")
    assert result.code == 2
    assert result.err == "gbk.yaml:2: 文件不是 UTF-8 编码，请另存为 UTF-8\n".replace(":2:", ":2:1:")


def test_unknown_option_is_chinese(run_cli):
    result = run_cli("build", "--bogus")
    assert result.code == 2
    assert result.err.splitlines() == [
        "bidgen build：用法错误：未知选项 '--bogus'",
        "运行“bidgen build --help”查看用法。",
    ]


def test_help_and_version_are_chinese(run_cli):
    help_result = run_cli("--help")
    assert help_result.code == 0
    assert help_result.out.startswith("用法：bidgen [选项] 命令 [参数]...")
    assert "显示本帮助并退出" in help_result.out and "Show this" not in help_result.out
    assert "\n选项：\n" in help_result.out and "\n命令：\n" in help_result.out
    build_help = run_cli("build", "--help").out.splitlines()
    # Columns line up by display width: a CJK character takes two cells.
    columns = {
        display_width(line[: line.index(text)])
        for line in build_help
        for text in ("输出目录（", "自有条款目录", "只输出错误")
        if text in line
    }
    assert len(columns) == 1
    version = run_cli("--version")
    assert (version.code, version.out.startswith("bidgen ")) == (0, True)


def test_valid_minimal_profile_builds(profile_file, run_cli, tmp_path):
    profile_file()
    result = run_cli("build", "p.yaml", "-o", "out", "-f", "md")
    assert result.code == 0, result.err
    assert (tmp_path / "out" / "TEST-001-售后服务方案.md").exists()
