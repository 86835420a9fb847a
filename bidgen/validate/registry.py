"""Rule registry. Rule codes are a contract: a prefix and three digits.

BG1xx profile sanity · BG2xx document consistency · BG3xx tender compliance ·
BG4xx residue (placeholders, mixed terms, other industries, conversion).
Each rule module registers its rules with :func:`rule` on import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bidgen.validate.context import CheckContext
from bidgen.validate.findings import Finding, Severity

RuleFunc = Callable[[CheckContext, "Rule"], Iterable[Finding]]


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
    needs_profile: bool = False

    def finding(self, message: str, location, quotes=(), severity: Severity | None = None):
        return Finding(
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            message=message,
            location=location,
            quotes=tuple(quotes),
        )


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
) -> Callable[[RuleFunc], RuleFunc]:
    def register(func: RuleFunc) -> RuleFunc:
        if code in REGISTRY:
            raise ValueError(f"duplicate rule code {code}")
        REGISTRY[code] = Rule(code, name, severity, title, what, why, example, func, needs_profile)
        return func

    return register


def all_rules() -> list[Rule]:
    _load_modules()
    return [REGISTRY[code] for code in sorted(REGISTRY)]


def _load_modules() -> None:
    # Import for the registration side effect; kept here so importing the
    # registry alone stays cheap.
    from bidgen.validate.rules import compliance, consistency, profile, residue  # noqa: F401
