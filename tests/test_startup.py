"""Start-up pays only for what the command uses (issue 16): help imports no pipeline."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

HEAVY = ("jinja2", "docx", "weasyprint", "pydantic", "markdown_it", "lxml", "opencc")
COMMANDS = ["build", "check", "lint", "requirements", "deviation", "diff", "rules", "init"]


def _imported_after(args: list[str], codes: tuple[int, ...] = (0,)) -> set[str]:
    """Top-level packages (and ``ruamel.yaml``) imported by one command."""
    code = (
        "import sys\n"
        "from bidgen.cli.main import main\n"
        "try:\n"
        f"    main({args!r})\n"
        "except SystemExit as done:\n"
        f"    assert done.code in {codes!r}, done.code\n"
        "names = {name.split('.')[0] for name in sys.modules}\n"
        "names |= {'ruamel.yaml'} & set(sys.modules)\n"
        "print(' '.join(sorted(names)))\n"
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


def test_lint_of_a_text_loads_no_profile_models_templates_or_yaml_parser(tmp_path):
    """A text alone needs the reader and the rules: no pydantic models (the profile's),
    no Jinja2 or markdown-it (the clause library's), no python-docx, and no YAML parser
    once the standards table is in the cache."""
    text = tmp_path / "方案.txt"
    text.write_text("一级故障30分钟内响应，2小时内到达现场。\n一级故障1小时内到达现场。\n", "utf-8")
    _imported_after(["lint", str(text)], codes=(0, 1))  # fills the cache of parsed YAML
    loaded = _imported_after(["lint", str(text)], codes=(0, 1))
    assert "opencc" in loaded  # the reader did read the text
    unwanted = loaded & ({*HEAVY, "ruamel.yaml"} - {"opencc"})
    assert not unwanted, sorted(unwanted)


def test_checking_an_unchanged_profile_loads_no_pipeline():
    """The second check of a profile takes its findings from the memo: no profile
    models, templates, Markdown parser, YAML parser or promise reader (OpenCC)."""
    sample = str(ROOT / "samples" / "it_ops.yaml")
    _imported_after(["check", sample])
    loaded = _imported_after(["check", sample])
    unwanted = loaded & {*HEAVY, "ruamel.yaml"}
    assert not unwanted, sorted(unwanted)
