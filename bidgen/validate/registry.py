"""Rule registry: BG and BL rules alike. Rule codes are a contract: a prefix and three digits.

BG1xx profile sanity · BG2xx document consistency · BG3xx tender compliance ·
BG4xx residue (placeholders, mixed terms, other industries, conversion) ·
BL1xx clause files · BL2xx rendering · BL3xx clause sources · BL4xx coverage.
Each rule module registers its rules with :func:`rule` on import.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from bidgen.validate.findings import Finding, Location, Severity


class Scope(enum.Enum):
    """What a rule runs over; the label says so in ``bidgen rules CODE``."""

    PROFILE = "项目配置及其生成的方案（bidgen check、build，bidgen lint 加 --profile 时）"
    TEXT = "方案正文，有无项目配置均可（bidgen check、build、lint）"
    LIBRARY = "条款库及示例项目配置（bidgen check --library）"


_PREFIX = {Scope.PROFILE: "BG", Scope.TEXT: "BG", Scope.LIBRARY: "BL"}
_CODE = re.compile(r"^(BG|BL)\d{3}$")
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# The context a rule reads follows its scope: a ``CheckContext`` for PROFILE and
# TEXT rules, a ``LibraryContext`` for LIBRARY ones; ``runner.run_rules`` keeps them paired.
RuleFunc = Callable[[Any, "Rule"], Iterable[Finding]]
F = TypeVar("F", bound=Callable[..., Iterable[Finding]])


@dataclass(frozen=True)
class Rule:
    code: str
    name: str  # kebab-case
    severity: Severity
    title: str  # short Chinese summary
    what: str  # what it checks (Chinese)
    why: str  # why it matters (Chinese)
    example: str  # an example that fires (Chinese)
    func: RuleFunc
    scope: Scope = Scope.TEXT

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

REGISTRY: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    severity: Severity,
    title: str,
    what: str,
    why: str,
    example: str,
    needs_profile: bool = False,
    scope: Scope | None = None,
) -> Callable[[F], F]:
    """Register a rule function with its documentation.

    ``needs_profile=True`` is the older spelling of ``scope=Scope.PROFILE``.
    """
    where = scope or (Scope.PROFILE if needs_profile else Scope.TEXT)
    if not _CODE.match(code) or not code.startswith(_PREFIX[where]):
        raise ValueError(f"rule code {code!r} does not fit scope {where.name}")
    if not _NAME.match(name):
        raise ValueError(f"rule name {name!r} is not kebab-case")

    def register(func: F) -> F:
        if code in REGISTRY:
            raise ValueError(f"duplicate rule code {code}")
        REGISTRY[code] = Rule(code, name, severity, title, what, why, example, func, where)
        return func

    return register
