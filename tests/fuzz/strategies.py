"""Generated inputs: hostile scalars, YAML and text mutations, Chinese proposal text."""

from __future__ import annotations

from hypothesis import strategies as st

# Characters that tend to break things: controls, NUL, separators, surrogate
# neighbours, full-width punctuation, traditional characters, markup.
AWKWARD = (
    "\x00\x07\x08\x0b\x0c\x1b\x7f\x85\u2028\u2029\ufeff\ufffe\u200b\t\r"
    "：，。、；（）【】“”‘’！？—…·×"
    "響應時間維護檢測故障處理"
    "#*|-_>`[]{}<>&!%@'\"\\"
)
WORDS = [
    "一级故障",
    "二级故障",
    "三级故障",
    "响应",
    "到达现场",
    "解决",
    "修复",
    "提供备用设备",
    "质保期",
    "年",
    "小时",
    "分钟",
    "个工作日",
    "内",
    "每季度一次",
    "每月",
    "7×24小时",
    "全天候",
    "采购人",
    "甲方",
    "招标人",
    "我公司",
    "乙方",
    "驻场工程师",
    "备品备件",
    "巡检",
    "培训",
    "课时",
    "不少于",
    "不超过",
    "以内",
    "★",
    "▲",
    "半小时",
    "两",
    "十二",
]

awkward_text = st.text(alphabet=st.sampled_from(AWKWARD) | st.characters(), max_size=40)
big_number = st.builds(
    lambda n, unit: "1" + "0" * n + unit,
    st.integers(5, 500),
    st.sampled_from(["", "分钟", "小时", "年", "%", "次"]),
)
yaml_tag = st.sampled_from(
    [
        "!!float x",
        "!!int 一",
        "!!bool maybe",
        "!!null x",
        "!!str 2026047",
        "!!binary AAAA",
        "!!python/object/apply:os.system [ls]",
        "!!python/name:os.system",
        "!local x",
        "! x",
        "!!seq x",
        "!!map x",
        "!!timestamp 2026-13-45",
        "!!set {a, b}",
        "!!omap [a: 1]",
    ]
)
deep = st.integers(1, 300).map(lambda n: "[" * n + "]" * n)
deep_block = st.integers(1, 120).map(
    lambda n: "\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(n)) + "  " * (n + 1) + "x"
)
alias = st.sampled_from(
    [
        "&a [1, *a]",
        "*nope",
        "&x 1",
        "[&y a, *y, *y]",
        "&b {k: *b}",
        "&l0 [a,a,a,a,a,a,a,a,a]\nb1: &l1 [*l0,*l0,*l0,*l0,*l0,*l0,*l0,*l0,*l0]\n"
        "b2: &l2 [*l1,*l1,*l1,*l1,*l1,*l1,*l1,*l1,*l1]\nb3: [*l2,*l2,*l2,*l2,*l2,*l2,*l2,*l2,*l2]",
    ]
)
figure = st.builds(
    lambda n, unit: f"{n}{unit}",
    st.one_of(st.integers(-5, 100), st.floats(allow_nan=True, allow_infinity=True), st.just("零")),
    st.sampled_from(["分钟", "小时", "个工作日", "年", "%", "天", ""]),
)
scalar = st.one_of(
    awkward_text,
    big_number,
    yaml_tag,
    deep,
    alias,
    figure,
    st.sampled_from(
        [
            "",
            "~",
            "null",
            "true",
            "yes",
            "''",
            '"',
            "'",
            "{",
            "[",
            "- x",
            ":",
            "? x",
            ".inf",
            "-.nan",
            "0x1F",
            "0o17",
            "1e309",
            "2026-02-30",
            "---",
            "...",
            "|\n  块",
            ">-\n  折叠",
            "'" + "长" * 70000 + "'",
        ]
    ),
    st.text(max_size=20),
)


@st.composite
def mutated_yaml(draw: st.DrawFn, base: str) -> str:
    """``base`` with a few line-level mutations: values, structure, indentation, junk."""
    lines = base.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines = [""]
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(
            st.sampled_from(
                [
                    "value",
                    "value",
                    "value",
                    "delete",
                    "duplicate",
                    "swap",
                    "indent",
                    "insert",
                    "key",
                    "deep-block",
                    "crlf",
                ]
            )
        )
        line = lines[i]
        key, sep, _ = line.partition(":")
        if op == "value" and sep:
            lines[i] = f"{key}: {draw(scalar)}"
        elif op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, line)
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "indent":
            lines[i] = " " * draw(st.integers(0, 9)) + line.lstrip()
        elif op == "insert":
            lines.insert(i, draw(scalar))
        elif op == "key" and sep:
            lines[i] = f"{draw(awkward_text)}:{line.partition(':')[2]}"
        elif op == "deep-block" and sep:
            lines[i] = f"{key}:{draw(deep_block)}"
        elif op == "crlf":
            lines[i] = line + "\r"
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n", "\n---\n", "\x00"]))


promise_sentence = st.builds(
    lambda level, n, unit, act: f"{level}{n}{unit}内{act}",
    st.sampled_from(["一级故障", "二级故障", "三級故障", "紧急故障", "", "重大故障"]),
    st.one_of(
        st.integers(0, 10**7).map(str), st.sampled_from(["半", "两", "十二", "三十", "１２"])
    ),
    st.sampled_from(["分钟", "小時", "小时", "个工作日", "天", "年", "秒"]),
    st.sampled_from(["响应", "到达现场", "到場", "解决", "修復", "提供备用设备", ""]),
)
fragment = st.one_of(
    promise_sentence,
    st.sampled_from(WORDS),
    awkward_text,
    st.sampled_from(
        [
            "\n",
            "\n# 一、服务承诺\n",
            "\n（一）",
            "\n第一章 ",
            "\n| a | b |\n|---|---|\n",
            "，",
            "。",
            "\n- ",
            "\n1. ",
            "\r\n",
            "\t",
        ]
    ),
)
proposal_text = st.one_of(
    st.lists(fragment, max_size=60).map("".join),
    st.tuples(st.lists(fragment, min_size=1, max_size=8).map("".join), st.integers(1, 120)).map(
        lambda t: t[0] * t[1]  # long lines
    ),
)
