"""Filters of the clause templates: the staff tiers the organisation clause and the figures share."""

from __future__ import annotations

from bidgen.library.filters import STAFF_TIERS, in_tiers, staff_tier, tier_title, tiers
from bidgen.profile.models import Staff


def person(role: str, name: str, resident: bool = False) -> Staff:
    return Staff(name=name, role=role, phone="139", years=5, resident=resident)


TEAM = [
    person("维修工程师", "甲"),
    person("项目经理", "乙"),
    person("厂家工程师", "丙"),
    person("技术负责人", "丁", resident=True),  # a lead stays a lead on site
    person("二线技术支持", "戊"),
    person("驻场工程师", "己", resident=True),
    person("原厂工程师", "庚", resident=True),  # on site first: the resident tier
]


def test_tiers_group_the_team_top_to_bottom_by_role_wording():
    found = [(group.key, group.title, [p.name for p in group.people]) for group in tiers(TEAM)]
    assert found == [
        ("mgmt", "项目管理", ["乙"]),
        ("tech", "技术管理", ["丁"]),
        ("resident", "驻场服务", ["己", "庚"]),
        ("field", "现场服务与专业支持", ["甲"]),
        ("second", "二线技术支持", ["戊"]),
        ("vendor", "原厂技术支持", ["丙"]),
    ]
    assert [tier.key for tier in STAFF_TIERS] == [key for key, _title, _people in found]


def test_empty_tiers_are_left_out():
    assert [group.key for group in tiers([person("项目负责人", "甲")])] == ["mgmt"]
    assert tiers([]) == ()


def test_results_are_read_only():
    groups = tiers(TEAM)
    assert isinstance(groups, tuple) and all(isinstance(g.people, tuple) for g in groups)
    assert isinstance(in_tiers(TEAM, "mgmt"), tuple)


def test_people_of_some_tiers_in_profile_order():
    assert [p.name for p in in_tiers(TEAM, "resident", "mgmt")] == ["乙", "己", "庚"]
    assert [staff_tier(p) for p in TEAM[:3]] == ["field", "mgmt", "vendor"]


def test_tier_titles_include_the_outlet():
    assert tier_title("outlet") == "网点后备力量"
    assert tier_title("vendor") == "原厂技术支持"
