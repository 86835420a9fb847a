"""The hardened Jinja2 environment every clause body and ``when`` runs in.

On top of Jinja's sandbox (no ``__class__``, no unsafe callables):

* **Read-only data.** Lists, dicts and sets a template did not create itself
  cannot be changed (``append``, ``clear``, ``update`` …), and pydantic's
  ``model_*`` API is hidden, so one clause cannot alter what the next one sees.
  Lists and dicts written as literals in the template (``{% set refs = [] %}``)
  stay mutable: the built-in clauses collect items that way.
* **Bounded work.** ``**``, ``*``, ``+`` and ``%`` are intercepted, which also
  keeps the optimizer from evaluating them at compile time (``BinExpr.as_const``
  gives up on intercepted operators); ``~``, ``for`` loops and list/dict
  literals are rewritten into calls of the checks in :mod:`limits` before code
  generation. Filters and string methods that allocate a width or a repeat
  are checked before they run.

Everything runs inside a :func:`limits.budget`, opened by :func:`render` and
:func:`evaluate`.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import jinja2
import jinja2.parser
from jinja2 import nodes
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment, modifies_known_mutable
from jinja2.visitor import NodeTransformer
from pydantic import BaseModel

from bidgen.library import limits


class LocalList(list[Any]):
    """A list the template built itself: it may change it."""


class LocalDict(dict[Any, Any]):
    """A dict the template built itself: it may change it."""


_LOCAL = (LocalList, LocalDict)
_WIDTH_METHODS = frozenset({"ljust", "rjust", "center", "zfill", "expandtabs"})


class _Bounder(NodeTransformer):
    """Route loops, ``~`` and literals through the environment's checks."""

    def __init__(self, environment: jinja2.Environment) -> None:
        self.environment = environment

    def _call(self, name: str, like: nodes.Node, *args: nodes.Node) -> nodes.Call:
        call = nodes.Call(nodes.EnvironmentAttribute(name), list(args), [], None, None)
        call.set_lineno(like.lineno)
        call.set_environment(self.environment)
        return call

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = self._call("counted", node.iter, node.iter)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return self._call("bounded_concat", node, *node.nodes)

    def visit_List(self, node: nodes.List) -> nodes.Node:
        self.generic_visit(node)
        return self._call("local_list", node, node)

    def visit_Dict(self, node: nodes.Dict) -> nodes.Node:
        self.generic_visit(node)
        return self._call("local_dict", node, node)


def bounded_concat(*parts: Any) -> str:
    texts = [str(part) for part in parts]
    limits.check_size(sum(map(len, texts)))
    return "".join(texts)


class ClauseEnvironment(SandboxedEnvironment):
    """The sandbox with read-only data and bounded work (see the module docstring)."""

    intercepted_binops = frozenset({"**", "*", "+", "%"})

    counted = staticmethod(limits.CountedIterable)
    bounded_concat = staticmethod(bounded_concat)
    local_list = staticmethod(LocalList)
    local_dict = staticmethod(LocalDict)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["range"] = limits.bounded_range
        self.globals["dict"] = LocalDict
        self.globals.pop("lipsum", None)  # lipsum(n=10**9) would write a billion paragraphs

    def add_filters(self, filters: Mapping[str, Any]) -> None:
        self.filters.update(filters)
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if not super().is_safe_attribute(obj, attr, value):
            return False
        if isinstance(obj, BaseModel) and attr.startswith("model_"):
            return False
        return isinstance(obj, _LOCAL) or not modifies_known_mutable(obj, attr)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        limits.check_time()
        if operator == "**":
            limits.check_power(left, right)
        elif operator == "*":
            limits.check_product(left, right)
        elif operator == "%" and isinstance(left, str):
            limits.check_percent_format(left)
        result = self.binop_table[operator](left, right)
        if isinstance(left, LocalList) and type(result) is list:
            result = LocalList(result)
        return limits.check_value(result)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapper = super().wrap_str_format(value)
        if wrapper is not None:
            limits.check_brace_format(value.__self__)
        return wrapper

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        limits.check_time()
        args = _checked_method_args(__obj, args, kwargs)
        return limits.check_value(super().call(__context, __obj, *args, **kwargs))

    def _generate(
        self,
        source: nodes.Template,
        name: str | None,
        filename: str | None,
        defer_init: bool = False,
    ) -> str:
        _Bounder(self).visit(source)
        return super()._generate(source, name, filename, defer_init)


def _checked_method_args(
    obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[Any, ...]:
    """Check a ``str`` method that allocates before it runs; may materialise ``join``'s items."""
    owner = getattr(obj, "__self__", None)
    if not isinstance(obj, types.BuiltinMethodType) or not isinstance(owner, str):
        return args
    name = obj.__name__
    if name in _WIDTH_METHODS:
        for value in (*args, *kwargs.values()):
            limits.check_width(value)
    elif name == "replace" and len(args) >= 2:
        limits.check_replace(owner, args[0], args[1])
    elif name == "join" and len(args) == 1:
        items = list(args[0])
        limits.joined_size(items, owner)
        return (items,)
    return args


def _check_widths(value: Any = None, *rest: Any, **kwargs: Any) -> None:
    for width in (*rest, *kwargs.values()):
        limits.check_width(width)


def _check_indent(value: Any = "", width: Any = 4, *rest: Any, **kwargs: Any) -> None:
    width = kwargs.pop("width", width)
    _check_widths(value, width, *rest, **kwargs)
    if isinstance(width, int):
        # Each line gets the indent: bound the whole result, not just one width.
        limits.check_size(len(str(value)) + str(value).count("\n") * abs(width))


def _check_format(value: Any = "", *_: Any, **__: Any) -> None:
    limits.check_percent_format(str(value))


def _check_replace(ctx: Any, text: Any = "", old: Any = "", new: Any = "", *_: Any) -> None:
    limits.check_replace(str(text), old, new)


_PRE_CHECKS: dict[str, Callable[..., None]] = {
    "center": _check_widths,
    "indent": _check_indent,
    "batch": _check_widths,
    "slice": _check_widths,
    "format": _check_format,
    "replace": _check_replace,
}
# Filters that join their input: (index of the items argument, default separator).
_JOINERS: dict[str, tuple[int, str]] = {"join": (1, ""), "enum": (0, "、")}


def _bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` with its allocating arguments checked first and its result bounded."""
    pre = _PRE_CHECKS.get(name)
    joiner = _JOINERS.get(name)

    @functools.wraps(func)  # copies jinja_pass_arg, so Jinja passes the same arguments
    def bounded(*args: Any, **kwargs: Any) -> Any:
        limits.check_time()
        if pre is not None:
            pre(*args, **kwargs)
        if joiner is not None:
            args = _checked_join_args(args, kwargs, *joiner)
        return limits.check_value(func(*args, **kwargs))

    return bounded


def _checked_join_args(
    args: tuple[Any, ...], kwargs: dict[str, Any], index: int, separator: str
) -> tuple[Any, ...]:
    if len(args) <= index or not isinstance(args[index], Iterable) or "attribute" in kwargs:
        return args
    items = list(args[index])
    given = args[index + 1] if len(args) > index + 1 else kwargs.get("d", kwargs.get("sep"))
    limits.joined_size(items, str(separator if given is None else given))
    return (*args[:index], items, *args[index + 1 :])


def render(template: jinja2.Template, context: dict[str, Any]) -> str:
    """Render within a fresh budget; errors come out with template line numbers."""
    with limits.budget() as used:
        parts = []
        chunks = template.root_render_func(template.new_context(dict(context)))
        try:
            for chunk in chunks:
                used.emit(chunk, lambda: _line_of(template, chunks))
                parts.append(chunk)
        except Exception:  # Jinja's own way: rewrite the traceback to template lines, re-raise
            template.environment.handle_exception()
        return "".join(parts)


def _line_of(template: jinja2.Template, chunks: Any) -> int:
    """The template line a render generator is paused at."""
    frame = getattr(chunks, "gi_frame", None)
    if frame is None:
        return 0
    return template.get_corresponding_lineno(frame.f_lineno)


def evaluate(expression: jinja2.Template, context: dict[str, Any]) -> Any:
    """The value of a compiled ``when`` (see :func:`compile_expression_code`)."""
    with limits.budget():
        run = expression.new_context(dict(context))
        try:
            for _ in expression.root_render_func(run):
                pass
        except Exception:
            expression.environment.handle_exception()
        return run.vars["result"]


def compile_expression_code(env: jinja2.Environment, source: str) -> types.CodeType:
    """Compile an expression as Jinja's ``compile_expression`` does, keeping the code object.

    The code object is what the library index caches.
    """
    parser = jinja2.parser.Parser(env, source, state="variable")
    expr = parser.parse_expression()
    if not parser.stream.eos:
        raise jinja2.TemplateSyntaxError("chunk after expression", parser.stream.current.lineno)
    expr.set_environment(env)
    body = [nodes.Assign(nodes.Name("result", "store"), expr, lineno=1)]
    code: types.CodeType = env.compile(nodes.Template(body, lineno=1))
    return code
