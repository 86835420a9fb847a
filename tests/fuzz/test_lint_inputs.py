"""Random proposal text (figures, traditional characters, long lines) through ``bidgen lint``."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.contract import assert_contract, examples, run_cli, workspace
from tests.fuzz.strategies import proposal_text

pytestmark = pytest.mark.fuzz


@examples(bounded=25, long=3000)
@given(proposal_text, st.sampled_from(["t.txt", "t.md"]), st.sampled_from(["text", "json"]))
def test_random_text_is_linted_cleanly(text: str, name: str, fmt: str) -> None:
    with workspace() as root:
        (root / name).write_bytes(text.encode("utf-8", "surrogatepass"))
        assert_contract(run_cli("lint", name, "--format", fmt), lambda shown: shown == name)


@examples(bounded=5, long=300)
@given(proposal_text, proposal_text)
def test_random_text_versions_are_diffed_cleanly(old: str, new: str) -> None:
    with workspace() as root:
        (root / "a.md").write_bytes(old.encode("utf-8", "surrogatepass"))
        (root / "b.md").write_bytes(new.encode("utf-8", "surrogatepass"))
        result = run_cli("diff", "a.md", "b.md", "--color", "never")
        assert_contract(result, lambda shown: shown in ("a.md", "b.md"))
