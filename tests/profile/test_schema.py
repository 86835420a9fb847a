"""The profile's JSON Schema: generated, described in Chinese, shipped in sync, and
accepted by a real validator for every sample and refused for broken profiles."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from bidgen.core.yamlio import load_yaml_file, load_yaml_text
from bidgen.profile.descriptions import FIELDS, MODELS
from bidgen.profile.schema import SCHEMA_FILE, described_models, profile_schema, schema_text
from tests.conftest import MINIMAL_PROFILE, SAMPLES

STARTER = SAMPLES.parent / "templates" / "init" / "profile.yaml"


def _plain(value: Any) -> Any:
    """YAML data as an editor's language server sees it (dates are text)."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA_FILE.read_text("utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _errors(text: str) -> list[str]:
    data = _plain(load_yaml_text(text, "p.yaml").data)
    return [error.message for error in _validator().iter_errors(data)]


def test_shipped_schema_is_the_generated_one():
    assert SCHEMA_FILE.read_text("utf-8") == schema_text(), (
        "templates/init/profile.schema.json is stale: run "
        "bidgen schema -o templates/init/profile.schema.json"
    )


def test_every_field_of_every_model_has_a_chinese_title_and_description():
    for model in described_models():
        assert model.__name__ in MODELS, f"{model.__name__}: add it to profile/descriptions.py"
        described = FIELDS.get(model.__name__, {})
        missing = sorted(set(model.model_fields) - set(described))
        stale = sorted(set(described) - set(model.model_fields))
        assert not missing, f"{model.__name__}: describe {missing} in profile/descriptions.py"
        assert not stale, f"{model.__name__}: {stale} no longer exist"
        for field, (title, description) in described.items():
            assert title and description and title.isascii() is False, (model, field)
    assert sorted(MODELS) == sorted(model.__name__ for model in described_models())


def test_schema_properties_carry_the_descriptions():
    schema = profile_schema()
    project = schema["$defs"]["Project"]["properties"]["number"]
    assert (project["title"], project["description"]) == ("项目编号", "招标编号或项目编号")
    assert schema["properties"]["staff"]["title"] == "服务人员"
    assert schema["$defs"]["Project"]["additionalProperties"] is False


@pytest.mark.parametrize(
    "path", [*sorted(SAMPLES.glob("*.yaml")), STARTER], ids=lambda path: path.name
)
def test_every_sample_and_the_starter_are_valid(path: Path):
    data = _plain(load_yaml_file(path).data)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator().iter_errors(data)]
    assert errors == []


def test_spreadsheet_names_are_valid_list_values():
    staff_at = MINIMAL_PROFILE.index("staff:\n")
    after = MINIMAL_PROFILE.index("training:")
    as_file = MINIMAL_PROFILE[:staff_at] + "staff: 人员名单.xlsx\n" + MINIMAL_PROFILE[after:]
    as_ref = MINIMAL_PROFILE[:staff_at] + "staff: {file: 名单.csv}\n" + MINIMAL_PROFILE[after:]
    bad = MINIMAL_PROFILE[:staff_at] + "staff: 人员名单.doc\n" + MINIMAL_PROFILE[after:]
    assert _errors(MINIMAL_PROFILE) == []
    assert _errors(as_file) == [] and _errors(as_ref) == []
    assert _errors(bad) != []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("years: 3", "years: 三年"), "'三年' is not of type 'integer'"),
        (("  industry: it_ops", "  industry: it_ops\n  budget: 100"), "'budget' was unexpected"),
        (("  number: TEST-001\n", ""), "'number' is a required property"),
        (("  date: 2026-11-20", "  date: 下周"), "'下周' is not a 'date'"),
        (("standard: A", "standard: G"), "'G' is not one of"),
        (("engineers: 2", "engineers: 0"), "0 is less than the minimum of 1"),
    ],
    ids=["wrong-type", "unknown-key", "missing-required", "bad-date", "not-a-choice", "bound"],
)
def test_broken_profiles_are_invalid(change: tuple[str, str], expected: str):
    old, new = change
    assert old in MINIMAL_PROFILE
    errors = _errors(MINIMAL_PROFILE.replace(old, new, 1))
    assert any(expected in message for message in errors), errors


def test_schema_command_prints_and_writes(run_cli, tmp_path: Path):
    printed = run_cli("schema")
    assert printed.code == 0 and json.loads(printed.out)["title"] == "bidgen 项目配置"
    written = run_cli("schema", "-o", str(tmp_path / "s.json"))
    assert written.code == 0 and (tmp_path / "s.json").read_text("utf-8") == schema_text()


def test_init_writes_the_modeline_and_the_schema_beside_the_profile(run_cli, tmp_path: Path):
    assert run_cli("init", str(tmp_path / "新标书")).code == 0
    profile = (tmp_path / "新标书" / "项目配置.yaml").read_text("utf-8")
    assert profile.splitlines()[0] == "# yaml-language-server: $schema=profile.schema.json"
    assert (tmp_path / "新标书" / "profile.schema.json").read_text("utf-8") == schema_text()
