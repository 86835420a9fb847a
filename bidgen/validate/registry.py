"""Rules: what each one is (the catalogue's data) and the function that runs it.

Rule codes are a contract: a prefix and three digits.
BG1xx profile sanity · BG2xx document consistency · BG3xx tender compliance ·
BG4xx residue (placeholders, mixed terms, other industries, conversion) ·
BL1xx clause files · BL2xx rendering · BL3xx clause sources · BL4xx coverage.

A rule's documentation lives once, in :mod:`bidgen.validate.catalog`; the module it
names binds the function with ``@rule(code)`` when it is imported. The function is
looked up only when a rule runs, so listing or selecting rules imports no rule module.
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from bidgen.validate.findings import Finding, Location, Severity


class Scope(enum.Enum):
    """What a rule runs over; the label says so in ``bidgen rules CODE``."""

    PROFILE = "项目配置及其生成的方案（bidgen check、build，bidgen lint 加 --profile 时）"
    TEXT = "方案正文，有无项目配置均可（bidgen check、build、lint）"
    LIBRARY = "条款库及示例项目配置（bidgen check --library）"


PREFIX = {Scope.PROFILE: "BG", Scope.TEXT: "BG", Scope.LIBRARY: "BL"}

# The context a rule reads follows its scope: a ``CheckContext`` for PROFILE and
# TEXT rules, a ``LibraryContext`` for LIBRARY ones; ``runner.run_rules`` keeps them paired.
RuleFunc = Callable[[Any, "Rule"], Iterable[Finding]]
F = TypeVar("F", bound=Callable[..., Iterable[Finding]])

# code -> function, filled by the rule modules as they are imported.
IMPLEMENTATIONS: dict[str, RuleFunc] = {}
RULES_PACKAGE = "bidgen.validate.rules"


@dataclass(frozen=True)
class Rule:
    code: str
    name: str  # kebab-case
    severity: Severity
    scope: Scope
    module: str  # the module of ``bidgen.validate.rules`` that implements it
    title: str  # short Chinese summary
    what: str  # what it checks (Chinese)
    why: str  # why it matters (Chinese)
    example: str  # an example that fires (Chinese)

    @property
    def func(self) -> RuleFunc:
        """The function that runs the rule, its module imported on first use."""
        if self.code not in IMPLEMENTATIONS:
            importlib.import_module(f"{RULES_PACKAGE}.{self.module}")
        try:
            return IMPLEMENTATIONS[self.code]
        except KeyError:
            raise LookupError(f"{self.module} does not implement {self.code}") from None

    def finding(
        self,
        message: str,
        location: Location,
        quotes: Iterable[str] = (),
        severity: Severity | None = None,
    ) -> Finding:
        return Finding(
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            message=message,
            location=location,
            quotes=tuple(quotes),
        )


@dataclass(frozen=True)
class Target:
    """What a command checks: the scopes whose rules it runs, named in selection errors."""

    name: str
    scopes: frozenset[Scope]


PROPOSAL_CHECK = Target("方案检查", frozenset({Scope.PROFILE, Scope.TEXT}))
LIBRARY_CHECK = Target("条款库检查", frozenset({Scope.LIBRARY}))


def rule(code: str) -> Callable[[F], F]:
    """Bind the decorated function to the catalogue's rule ``code``."""

    def register(func: F) -> F:
        if code in IMPLEMENTATIONS:
            raise ValueError(f"rule {code} is implemented twice")
        IMPLEMENTATIONS[code] = func
        return func

    return register
