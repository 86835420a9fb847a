"""ruamel.yaml's scanner, parser, composer and constructor messages in Chinese.

The table was made by reading every ``raise ...Error(...)`` in ruamel.yaml
0.19 (scanner.py, parser.py, composer.py, constructor.py); a test checks that
each message found there still gets a translation, so a ruamel upgrade that adds
one fails loudly instead of showing English. A message nobody foresaw gets a
Chinese fallback, never the English text.

Patterns are searched in ``context + "\\n" + problem``; the first match wins,
so specific patterns come before general ones.
"""

from __future__ import annotations

import re

# How much of a value a message repeats.
SHOWN_CHARS = 40

_TOKENS = {
    "<stream start>": "文件开头",
    "<stream end>": "文件结尾",
    "<directive>": "指令",
    "<document start>": "文档开始标记“---”",
    "<document end>": "文档结束标记“...”",
    "<block sequence start>": "列表",
    "<block mapping start>": "字段",
    "<block end>": "缩进结束",
    "<block entry>": "列表项“-”",
    "<alias>": "引用（*）",
    "<anchor>": "锚点（&）",
    "<tag>": "标记（!）",
    "<scalar>": "取值",
    "<comment>": "注释",
    "[": "“[”",
    "]": "“]”",
    "{": "“{”",
    "}": "“}”",
    "?": "“?”",
    ":": "“:”",
    "-": "“-”",
    ",": "“,”",
}
_KINDS = {"scalar": "单个取值", "sequence": "列表", "mapping": "映射"}
_TAB = "不能使用制表符缩进，请改用空格"

# (pattern, Chinese); {name} in the Chinese is filled from the named group.
PROBLEM_WORDS: tuple[tuple[str, str], ...] = (
    # scanner.py
    (r"found character '\\t' that cannot start any token", _TAB),
    (
        r"found character (?P<ch>.+) that cannot start any token",
        "字符“{ch}”不能出现在此处（如是取值的一部分，请给整个取值加引号）",
    ),
    (r"could not find expected ':'", "缺少冒号“:”"),
    (r"sequence entries are not allowed here", "此处不允许出现列表项“- ”（可能是缩进有误）"),
    (r"mapping keys are not allowed here", "此处不允许出现“? ”（可能是缩进有误）"),
    (
        r"mapping values are not allowed here",
        "此处不允许出现“键: 值”（冒号后的内容可能需要加引号，或缩进有误）",
    ),
    (r"while scanning an? directive\n", "指令（以 % 开头的行）格式有误"),
    (r"while scanning an anchor\n", "锚点名称无效（“&”之后只能是字母、数字、“-”或“_”）"),
    (r"while scanning an alias\n", "引用名称无效（“*”之后只能是字母、数字、“-”或“_”）"),
    (r"expected URI escape sequence", "标记中的百分号转义有误"),
    (r"while (?:scanning|parsing) an? tag\n", "标记（!）格式有误"),
    (r"expected indentation indicator in the range 1-9", "块文本（| 或 >）的缩进数字应为 1 到 9"),
    (
        r"expected chomping or indentation indicators",
        "块文本标记“|”或“>”之后只能跟缩进数字、“+”或“-”",
    ),
    (
        r"while scanning a block scalar\nexpected a comment or a line break",
        "块文本标记“|”或“>”之后应换行",
    ),
    (
        r"more indented follow up line than first in a block scalar",
        "块文本开头的空行比第一行文字缩进更多",
    ),
    (r"found unexpected document separator", "引号未闭合（引号内出现了文档分隔符）"),
    (r"while scanning a quoted scalar", "引号未闭合"),
    (
        r"found unknown escape character (?P<ch>.+)",
        "双引号内的转义“\\{ch}”无效（反斜杠请写成“\\\\”，或改用单引号）",
    ),
    (
        r"expected escape sequence of (?P<n>\d+) hexdecimal numbers",
        "双引号内的转义应带 {n} 位十六进制数字",
    ),
    (
        r"while scanning a plain scalar\nfound unexpected ':'",
        "取值中的冒号“:”有歧义，请给整个取值加引号",
    ),
    (r"expected a comment or a line break", "此处之后应换行"),
    # parser.py
    (r"expected '<document start>'", "缺少文档开始标记“---”"),
    (r"found non-comment content after document end marker", "文档结束标记“...”之后不能再有内容"),
    (r"found undefined tag handle (?P<handle>.+)", "未定义的标记前缀“{handle}”"),
    (r"found duplicate YAML directive", "重复的 %YAML 指令"),
    (r"found incompatible YAML document", "不支持的 YAML 版本（只支持 1.x）"),
    (r"duplicate tag handle (?P<handle>.+)", "重复定义的标记前缀“{handle}”"),
    (r"while parsing a flow sequence", "方括号“[”未正确闭合（缺少“,”或“]”）"),
    (r"while parsing a flow mapping", "花括号“{{”未正确闭合（缺少“,”或“}}”）"),
    (r"expected the node content, but found (?P<token>.+)", "此处缺少取值（遇到了{token}）"),
    (r"expected <block end>, but found (?P<token>.+)", "缩进有误（此处不应出现{token}）"),
    # composer.py
    (r"but found another document", "文件中只能有一个 YAML 文档（此处又开始了一个）"),
    (r"found undefined alias (?P<name>.+)", "引用了未定义的锚点“{name}”"),
    (r"maximum depth of data structure exceeded", "嵌套层数过多，请简化结构"),
    # constructor.py
    (r"expected a (?P<want>\w+) node, but found (?P<got>\w+)", "应为{want}，实际为{got}"),
    (r"found unhashable key", "字段名必须是单个取值，不能是列表或映射"),
    (r"found duplicate merge key", "合并键“<<”重复出现"),
    (r"found duplicate key", "字段重复出现"),
    (r"for merging", "合并键“<<”的值应为映射或映射列表"),
    (r'failed to construct timestamp from "(?P<value>.*)"', "取值“{value}”不是有效的日期或时间"),
    (r"could not determine a constructor for the tag (?P<tag>.+)", "不支持的标记“{tag}”"),
    (r"while constructing (?:an ordered map|pairs|a set)", "有序映射或集合的格式有误"),
    (r"base64", "二进制数据的格式有误"),
    (r"while constructing a Python", "不支持的标记"),
)
_COMPILED = tuple((re.compile(pattern, re.S), chinese) for pattern, chinese in PROBLEM_WORDS)
FALLBACK = "无法解析此处的内容"


def translate(context: str, problem: str) -> str:
    """A ruamel error (its context and problem lines) as one Chinese phrase."""
    text = f"{context}\n{problem}"
    for pattern, chinese in _COMPILED:
        found = pattern.search(text)
        if found:
            return chinese.format(**{k: _shown(k, v) for k, v in found.groupdict().items()})
    return FALLBACK


def _shown(group: str, value: str) -> str:
    if group == "token":
        return _TOKENS.get(_unquote(value), "意外的内容")
    if group in {"want", "got"}:
        return _KINDS.get(value, "其他内容")
    return shorten(_unquote(value))


def shorten(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, for messages."""
    return text if len(text) <= limit else text[:limit] + "…"


def _unquote(value: str) -> str:
    """ruamel shows characters and token ids with repr(): drop the quotes."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return value
