"""Mutated profiles through ``bidgen build`` (Markdown) and ``bidgen check``."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import MINIMAL_PROFILE, SAMPLES
from tests.fuzz.contract import assert_contract, examples, run_cli, snapshot, workspace
from tests.fuzz.strategies import mutated_yaml

pytestmark = pytest.mark.fuzz
BASES = [MINIMAL_PROFILE, (SAMPLES / "it_ops.yaml").read_text("utf-8")]
OLD = {"TEST-001-售后服务方案.md": "旧版本\n".encode(), "keep.txt": b"keep\n"}


def _is_input(name: str) -> bool:
    return name == "p.yaml" or name.startswith("out")


@examples(bounded=12, long=1500)
@given(st.data())
def test_mutated_profile_builds_or_fails_cleanly(data: st.DataObject) -> None:
    base = BASES[data.draw(st.sampled_from([0, 0, 0, 1]))]
    text = data.draw(mutated_yaml(base))
    with workspace() as root:
        (root / "p.yaml").write_bytes(text.encode("utf-8", "surrogatepass"))
        out = root / "out"
        out.mkdir()
        for name, content in OLD.items():
            (out / name).write_bytes(content)
        before = snapshot(out)
        result = run_cli("build", "p.yaml", "-o", "out", "-f", "md")
        assert_contract(result, _is_input, out, before)
        if result.code == 0:
            assert snapshot(out).keys() >= {"keep.txt"}


@examples(bounded=8, long=1000)
@given(st.data())
def test_mutated_profile_checks_cleanly(data: st.DataObject) -> None:
    text = data.draw(mutated_yaml(MINIMAL_PROFILE))
    fmt = data.draw(st.sampled_from(["text", "json", "github"]))
    with workspace() as root:
        (root / "p.yaml").write_bytes(text.encode("utf-8", "surrogatepass"))
        assert_contract(run_cli("check", "p.yaml", "--format", fmt), _is_input)
