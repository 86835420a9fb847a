"""Every registered rule, BG and BL: the rule modules imported for their registrations.

Apart from the registry so that the registry never imports the modules that
register into it (no import cycle), and so that importing the registry alone
stays cheap: the rule modules are loaded only when a command asks for rules.
"""

from __future__ import annotations

from bidgen.validate.registry import REGISTRY, Rule


def all_rules() -> list[Rule]:
    """All rules, sorted by code."""
    # Imported for the registration side effect; the library rules pull in the
    # clause renderer, which ``bidgen rules`` alone should not pay for at import.
    from bidgen.validate.rules import (  # noqa: F401
        compliance,
        consistency,
        library,
        plausibility,
        profile,
        residue,
    )

    return [REGISTRY[code] for code in sorted(REGISTRY)]
