"""Jinja2 and Python errors from a clause template, in Chinese.

Jinja and Python speak English; clause authors read Chinese. Each known message
shape is translated; anything unforeseen keeps its original text in brackets
after a Chinese lead, so no error reaches the user as bare English.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import jinja2

from bidgen.library.limits import LimitError

_TOKENS = {
    "end of statement block": "语句结束符“%}”",
    "end of print statement": "输出结束符“}}”",
    "end of template": "模板结尾",
    "begin of statement block": "语句开始符“{%”",
    "begin of print statement": "输出开始符“{{”",
    "name": "名称",
    "integer": "整数",
    "float": "小数",
    "string": "字符串",
    "operator": "运算符",
}


def _token(text: str) -> str:
    return _TOKENS.get(text, f"“{text}”")


Translation = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def _rule(pattern: str, build: Callable[[re.Match[str]], str]) -> Translation:
    return re.compile(pattern, re.S), build


_SYNTAX: list[Translation] = [
    _rule(r"Encountered unknown tag '([^']+)'", lambda m: f"未知的标签“{m[1]}”"),
    _rule(
        r"[Uu]nexpected end of template.*?innermost block that needs to be closed is '([^']+)'",
        lambda m: f"模板意外结束：“{m[1]}”块没有闭合（缺少 end{m[1]}）",
    ),
    _rule(r"[Uu]nexpected end of template", lambda m: "模板意外结束（有标签没有闭合）"),
    _rule(
        r"Expected an expression, got '([^']+)'",
        lambda m: f"此处缺少表达式（遇到了{_token(m[1])}）",
    ),
    _rule(
        r"expected token '([^']+)', got '([^']+)'",
        lambda m: f"此处应为{_token(m[1])}，却遇到了{_token(m[2])}",
    ),
    _rule(r"unexpected char '(.)'", lambda m: f"意外的字符“{m[1]}”"),
    _rule(r"unexpected '([^']+)'", lambda m: f"意外的“{m[1]}”"),
    _rule(r"tag name expected", lambda m: "缺少标签名"),
    _rule(r"chunk after expression", lambda m: "表达式后面有多余的内容"),
    _rule(r"No (filter|test) named '([^']+)'", lambda m: _no_such(m[1], m[2])),
    _rule(r"[Bb]lock '([^']+)' defined twice", lambda m: f"块“{m[1]}”重复定义"),
    _rule(r"unclosed comment", lambda m: "注释没有闭合（缺少“#}”）"),
    _rule(r"missing end of raw directive", lambda m: "raw 块没有闭合（缺少 endraw）"),
]

_RUNTIME: list[Translation] = [
    _rule(
        r"'(?P<obj>[^']+)' (?:object )?has no attribute '(?P<attr>[^']+)'",
        lambda m: (
            f"引用了不存在的字段“{m['attr']}”"
            f"（{m['obj'].rsplit('.', 1)[-1].replace(' object', '')} 中没有该字段）"
        ),
    ),
    _rule(r"'([^']+)' is undefined", lambda m: f"引用了未定义的变量“{m[1]}”"),
    _rule(
        r"access to attribute '([^']+)' of '[^']+' object is unsafe",
        lambda m: f"模板不允许访问属性“{m[1]}”",
    ),
    _rule(r"is not safely callable", lambda m: "模板不允许调用该对象"),
    _rule(
        r"unsupported operand type\(s\) for ([^:]+): '([^']+)' and '([^']+)'",
        lambda m: f"运算类型不匹配：{m[2]} 与 {m[3]} 不能做“{m[1]}”运算",
    ),
    _rule(
        r'can only concatenate (\w+) \(not "(\w+)"\)',
        lambda m: f"运算类型不匹配：{m[1]} 不能与 {m[2]} 相加",
    ),
    _rule(r"'(\w+)' object is not iterable", lambda m: f"“{m[1]}”类型的值不能逐项遍历"),
    _rule(r"'(\w+)' object is not callable", lambda m: f"“{m[1]}”类型的值不能调用"),
    _rule(r"object of type '(\w+)' has no len", lambda m: f"“{m[1]}”类型的值没有长度"),
    _rule(
        r"'([^']+)' not supported between instances of '(\w+)' and '(\w+)'",
        lambda m: f"{m[2]} 与 {m[3]} 不能做“{m[1]}”比较",
    ),
    _rule(
        r"takes .* positional arguments? but .* given|missing \d+ required",
        lambda m: "调用时参数个数不对",
    ),
    _rule(r"unexpected keyword argument '([^']+)'", lambda m: f"调用时使用了未知的参数“{m[1]}”"),
    _rule(r"invalid literal for int\(\).*?: (.*)", lambda m: f"无法把 {m[1]} 转换为整数"),
    _rule(r"could not convert string to float: (.*)", lambda m: f"无法把 {m[1]} 转换为数字"),
    _rule(r"No (filter|test) named '([^']+)'", lambda m: _no_such(m[1], m[2])),
]

_BY_TYPE: list[tuple[type[BaseException], str]] = [
    (ZeroDivisionError, "除数为零"),
    (RecursionError, "模板递归过深（宏或循环调用了自身？）"),
    (MemoryError, "内存不足（模板生成的内容过大）"),
    (OverflowError, "数值溢出（超出可计算的范围）"),
    (IndexError, "下标超出范围"),
    (KeyError, "字典中没有该键"),
]


def _no_such(kind: str, name: str) -> str:
    return f"没有名为“{name}”的{'过滤器' if kind == 'filter' else '测试'}"


def _match(rules: list[Translation], text: str) -> str | None:
    for pattern, build in rules:
        found = pattern.search(text)
        if found:
            return build(found)
    return None


def syntax_message(exc: jinja2.TemplateSyntaxError) -> str:
    text = exc.message or str(exc)
    return _match(_SYNTAX, text) or f"模板语法有误（{text}）"


def runtime_message(exc: BaseException) -> str:
    """The Chinese text of an error raised while rendering or evaluating ``when``."""
    if isinstance(exc, LimitError):
        return str(exc.message)
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return syntax_message(exc)
    for kind, text in _BY_TYPE:
        if isinstance(exc, kind):
            return text
    original = getattr(exc, "message", None) or str(exc)
    translated = _match(_RUNTIME, original)
    if translated:
        return translated
    lead = (
        "类型错误"
        if isinstance(exc, TypeError)
        else "取值错误"
        if isinstance(exc, ValueError)
        else "意外错误"
    )
    return f"{lead}（{type(exc).__name__}：{original}）"
