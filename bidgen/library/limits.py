"""How much work one clause render may do, and the checks that enforce it.

A clause library can come from anyone on a bid team, so a template must not be
able to hang or exhaust a build. Every operation that can grow a value (``**``,
``*``, ``+``, ``%``, ``~``, widths, ``replace``, ``join``) is checked *before*
it allocates, every loop item and output chunk is counted against a per-render
budget, and a render has a wall-clock deadline checked at each of those points.

The limits are module constants so tests can lower them with ``monkeypatch``.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from jinja2.exceptions import SecurityError

MAX_INT = 10**15  # no clause needs a larger number; bigger ones are a runaway ``**``
MAX_SIZE = 1_000_000  # characters of a string, items of a list, for any one value
MAX_WIDTH = 10_000  # a padding or format width (center, ljust, "%5000d" …)
MAX_RANGE = 10_000  # items of one range()
MAX_ITERATIONS = 1_000_000  # loop items in one render, all loops together
MAX_OUTPUT = 4_000_000  # characters one clause may render
MAX_SECONDS = 10.0  # wall-clock time of one render


class LimitError(SecurityError):
    """A template went beyond a bound; the message is the user's (Chinese).

    ``lineno`` is set where no template frame is on the stack (the output budget).
    """

    def __init__(self, message: str, lineno: int = 0) -> None:
        super().__init__(message)
        self.lineno = lineno


@dataclass
class Budget:
    """What one render has used so far."""

    deadline: float = field(default_factory=lambda: time.monotonic() + MAX_SECONDS)
    iterations: int = 0
    output: int = 0

    def tick(self, items: int = 1) -> None:
        self.iterations += items
        if self.iterations > MAX_ITERATIONS:
            raise LimitError(f"循环次数超过上限（一个条款共 {MAX_ITERATIONS} 次）")
        self.check_time()

    def emit(self, chunk: str, where: Callable[[], int] = lambda: 0) -> None:
        """Count a chunk of output; ``where`` gives the template line, asked only to report."""
        self.output += len(chunk)
        if self.output > MAX_OUTPUT:
            raise LimitError(f"条款输出过长（超过 {MAX_OUTPUT} 个字符）", where())

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise LimitError(f"条款渲染超时（超过 {MAX_SECONDS:g} 秒）")


_BUDGET: contextvars.ContextVar[Budget | None] = contextvars.ContextVar("budget", default=None)


@contextlib.contextmanager
def budget() -> Iterator[Budget]:
    """A fresh budget for the renders inside the ``with`` block."""
    current = Budget()
    token = _BUDGET.set(current)
    try:
        yield current
    finally:
        _BUDGET.reset(token)


def current_budget() -> Budget:
    # Outside ``budget()`` (a direct Template.render), limits still apply to a throwaway budget.
    return _BUDGET.get() or Budget()


def check_time() -> None:
    found = _BUDGET.get()
    if found is not None:
        found.check_time()


class CountedIterable:
    """A loop's iterable that counts each item against the render's budget."""

    def __init__(self, iterable: Iterable[Any]) -> None:
        self._iterable = iterable
        self._budget = current_budget()

    def __len__(self) -> int:
        return len(self._iterable)  # type: ignore[arg-type]  # TypeError is what loop expects

    def __iter__(self) -> Iterator[Any]:
        for item in self._iterable:
            self._budget.tick()
            yield item


def bounded_range(*args: int) -> range:
    values = range(*args)
    if len(values) > MAX_RANGE:
        raise LimitError(f"range() 的项数超过上限（{MAX_RANGE}）")
    return values


def check_value(value: Any) -> Any:
    """Refuse a computed value beyond the bounds; return it otherwise."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT:
        raise LimitError(f"计算结果超出允许的数值范围（绝对值不超过 10 的 {_exponent()} 次方）")
    if isinstance(value, str | list | tuple | dict | set) and len(value) > MAX_SIZE:
        raise LimitError(f"计算结果过大（超过 {MAX_SIZE} 个字符或元素）")
    return value


def _exponent() -> int:
    return round(math.log10(MAX_INT))


def check_size(size: int) -> None:
    if size > MAX_SIZE:
        raise LimitError(f"计算结果过大（超过 {MAX_SIZE} 个字符或元素）")


def check_width(width: Any) -> None:
    if isinstance(width, int) and abs(width) > MAX_WIDTH:
        raise LimitError(f"宽度或数量参数过大（{width}，上限 {MAX_WIDTH}）")


def check_power(base: Any, exponent: Any) -> None:
    """Refuse an integer power whose result would exceed MAX_INT, without computing it."""
    if not (isinstance(base, int) and isinstance(exponent, int)) or exponent <= 1:
        return
    if abs(base) <= 1:
        return
    if exponent * math.log10(abs(base)) > _exponent() + 1:
        raise LimitError(f"乘方结果超出允许的数值范围（绝对值不超过 10 的 {_exponent()} 次方）")


def check_product(left: Any, right: Any) -> None:
    """``'a' * n`` and ``[x] * n``: check the length before Python allocates it."""
    for seq, count in ((left, right), (right, left)):
        if isinstance(seq, str | list | tuple) and isinstance(count, int):
            check_size(len(seq) * max(count, 0))
    both_ints = isinstance(left, int) and isinstance(right, int)
    if both_ints and left.bit_length() + right.bit_length() > 4 * MAX_INT.bit_length():
        check_value(MAX_INT + 1)


_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_BRACE_SPEC = re.compile(r"\{[^{}]*?:([^{}]*)\}")
_NESTED_SPEC = re.compile(r"\{[^{}]*:[^{}]*\{")
_DIGITS = re.compile(r"\d+|\*")


def check_percent_format(text: str) -> None:
    """``"%9999999d" % 1`` allocates the width: refuse widths beyond MAX_WIDTH and ``*``."""
    for spec in _SPEC.finditer(text):
        _check_spec_numbers(" ".join(part for part in spec.groups() if part))


def check_brace_format(text: str) -> None:
    """The same for ``"{:9999999}".format(1)``."""
    if _NESTED_SPEC.search(text):
        raise LimitError("格式说明中不允许嵌套字段")
    for spec in _BRACE_SPEC.finditer(text):
        _check_spec_numbers(spec.group(1))


def _check_spec_numbers(spec: str) -> None:
    for number in _DIGITS.findall(spec):
        if number == "*":
            raise LimitError("格式说明中不允许使用“*”宽度")
        if len(number) > 6 or int(number) > MAX_WIDTH:
            raise LimitError(f"格式宽度过大（{number}，上限 {MAX_WIDTH}）")


def check_replace(text: Any, old: Any, new: Any) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str):
        count = text.count(old) if old else len(text) + 1
        check_size(len(text) + count * max(len(new) - len(old), 0))


def joined_size(items: list[Any], separator: str) -> int:
    """The length of ``separator.join(items)``, counting non-strings by their str()."""
    size = len(separator) * max(len(items) - 1, 0)
    for item in items:
        size += len(item) if isinstance(item, str) else len(str(item))
        check_size(size)
    return size
