"""What the assembler hands to clause templates beside the profile."""

from __future__ import annotations

from pathlib import Path

from bidgen.generate.assemble import emergency_times
from bidgen.profile.loading import load_profile
from tests.conftest import MINIMAL_PROFILE


def test_emergency_step_times_come_from_the_first_fault_level(tmp_path: Path):
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL_PROFILE, "utf-8")
    assert emergency_times(load_profile(path).profile) == {
        "arrive": "按一级故障接报后1小时内到场",
        "restore": "按一级故障4小时内恢复",
        "access": "具备进场条件后按一级故障1小时内到场",
    }
    path.write_text(MINIMAL_PROFILE.replace("arrival: 1小时", "arrival: 仅远程"), "utf-8")
    assert emergency_times(load_profile(path).profile)["arrive"] == "按一级故障接报后15分钟内响应"
