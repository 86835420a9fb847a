"""Service-level targets (服务指标) and their defaults per industry.

A profile's ``targets`` section states the rates the bidder promises: system
availability, 开机率, 在线率, 完好率, first-time fix, satisfaction and on-time
arrival. Each target is a percentage kind of :mod:`bidgen.core.kinds` (the
field name is the kind id), so compliance and the deviation table read it like
any other promise. A target the profile does not write takes its industry's
default below; ``null`` drops it. This small table is data on purpose: it can
move into the industry definition files unchanged.
"""

from __future__ import annotations

from typing import Any

# Kind id -> percent. An industry missing here takes the neutral defaults.
NEUTRAL: dict[str, float] = {"first_fix_rate": 95, "satisfaction": 95, "on_time_rate": 98}
DEFAULT_TARGETS: dict[str, dict[str, float]] = {
    "it_ops": {"availability": 99.9, "first_fix_rate": 95, "satisfaction": 98, "on_time_rate": 98},
    "medical": {"uptime": 95, "first_fix_rate": 95, "satisfaction": 98, "on_time_rate": 98},
    "office_equipment": {
        "intact_rate": 95,
        "first_fix_rate": 95,
        "satisfaction": 95,
        "on_time_rate": 98,
    },
    "security": {
        "online_rate": 98,
        "intact_rate": 98,
        "first_fix_rate": 95,
        "satisfaction": 95,
        "on_time_rate": 98,
    },
}


def industry_targets(industry: str) -> dict[str, float]:
    """The default targets of an industry (the neutral ones for an industry not listed)."""
    return dict(DEFAULT_TARGETS.get(industry, NEUTRAL))


def with_defaults(data: dict[str, Any], industry: Any) -> dict[str, Any]:
    """A raw profile mapping with the industry's default targets filled in where the
    profile does not write them (an explicit ``null`` stays: no such target)."""
    written = data.get("targets", {})
    if not isinstance(industry, str) or not isinstance(written, dict):
        return data
    return {**data, "targets": {**industry_targets(industry), **written}}
