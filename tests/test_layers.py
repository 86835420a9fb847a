"""The package shows its architecture: a stage imports only the stages below it.

Every ``import`` in ``bidgen/`` (function-level ones included) is read with ``ast``
and checked against the stage order documented in docs/architecture.md.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "bidgen"

# Lower numbers are lower stages. Writers read only the model (and core); the
# orchestrator and the CLI sit on top and may import anything.
STAGES: dict[str, int] = {
    "core": 0,
    "model": 1,
    "profile": 2,
    "library": 3,
    "generate": 4,
    "validate": 5,
    "readback": 6,
    "lint": 7,
    "diff": 7,
    "annotate": 7,
    "tender": 7,
    "writers": 2,
    "output": 0,
    "publish": 0,
    "house": 7,
    "build": 8,
    "preview": 9,  # the live page: build, check and the HTML writer
    "batch": 9,
    "checking": 9,  # check of a profile, remembered while its inputs stay the same
    "cli": 10,
}
# Writers sit beside profile..diff, not above them: they read only the model (and write
# through output). Output (atomic publish, zip normalisation) is a core-level utility.
ISOLATED = {
    "writers": {"core", "model", "output", "writers"},
    "output": {"core", "output", "publish"},
    "publish": {"core", "publish"},
}


def _stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("bidgen.") and _stage(name) in STAGES}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "_data" not in p.parts)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_a_stage_imports_only_stages_below_it(path: Path):
    relative = path.relative_to(PACKAGE.parent).with_suffix("")
    own = _stage(".".join(relative.parts))
    if own not in STAGES:
        return  # bidgen/__init__.py
    wrong = []
    for name in sorted(_imports(path)):
        target = _stage(name)
        if target == own:
            continue
        if own in ISOLATED:
            if target not in ISOLATED[own]:
                wrong.append(name)
        elif (STAGES[target] >= STAGES[own] and own not in ("build", "cli")) or (
            own != "cli" and target == "cli"
        ):
            wrong.append(name)
    assert not wrong, f"{relative} (stage {own}) imports from a stage at or above it: {wrong}"


def test_the_stage_table_names_every_subpackage():
    names = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()}
    names -= {"__init__", "__pycache__", "_data", "py.typed"}
    assert names <= set(STAGES), sorted(names - set(STAGES))
