"""Start-up pays only for what the command uses (issue 16): help imports no pipeline."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

HEAVY = ("jinja2", "docx", "weasyprint", "pydantic", "markdown_it", "lxml", "opencc")
COMMANDS = ["build", "check", "lint", "requirements", "deviation", "diff", "rules", "init"]


def _imported_after(args: list[str]) -> set[str]:
    code = (
        "import sys\n"
        "from bidgen.cli.main import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit as done:\n"
        "    assert done.code == 0, done.code\n"
        "print(' '.join(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(done.stdout.splitlines()[-1].split())


@pytest.mark.parametrize(
    "args", [["--help"], ["rules"], ["rules", "BG101"], *([name, "--help"] for name in COMMANDS)]
)
def test_help_imports_none_of_the_heavy_modules(args: list[str]):
    loaded = _imported_after(args)
    assert "bidgen" in loaded  # the probe itself works
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
