"""The JSON Schema of the profile, for editors with YAML language support.

Generated from the pydantic models, then given the Chinese titles and
descriptions of ``profile/descriptions.py`` and, for the lists that may come
from a spreadsheet (``profile/sheets.py``), the file-name alternatives. The
package ships the result as ``templates/init/profile.schema.json``; a test
regenerates it and compares, so the shipped file cannot drift from the models.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from bidgen.core.resources import data_path
from bidgen.profile.descriptions import FIELDS, MODELS
from bidgen.profile.models import Profile
from bidgen.profile.sheets import SHEET_LISTS

SCHEMA_FILE = data_path("templates", "init", "profile.schema.json")
SCHEMA_NAME = "profile.schema.json"
SCHEMA_ID = "https://bidgen.invalid/profile.schema.json"
MODELINE = f"# yaml-language-server: $schema={SCHEMA_NAME}\n"


def profile_schema() -> dict[str, Any]:
    """The profile's JSON Schema (draft 2020-12) with Chinese help on every field."""
    schema = Profile.model_json_schema()
    definitions: dict[str, Any] = schema.setdefault("$defs", {})
    _describe(schema, "Profile")
    for name, definition in definitions.items():
        if name in MODELS:
            _describe(definition, name)
    for key in SHEET_LISTS:
        *parents, field = key.split(".")
        holder = _properties(schema, parents)
        holder[field] = _sheet_alternatives(holder[field])
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def schema_text() -> str:
    """The schema as the shipped file holds it: sorted keys, Chinese unescaped."""
    return json.dumps(profile_schema(), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _describe(definition: dict[str, Any], model: str) -> None:
    definition["title"], definition["description"] = MODELS[model]
    for field, prop in definition.get("properties", {}).items():
        title, description = FIELDS[model][field]
        prop["title"] = title
        prop["description"] = description


def _properties(schema: dict[str, Any], parents: list[str]) -> dict[str, Any]:
    """The ``properties`` of the object reached by ``parents`` (following $ref)."""
    node = schema
    for part in parents:
        ref = node["properties"][part]["$ref"]  # "#/$defs/Training"
        node = schema["$defs"][ref.rsplit("/", 1)[1]]
    properties: dict[str, Any] = node["properties"]
    return properties


def _sheet_alternatives(prop: dict[str, Any]) -> dict[str, Any]:
    """A list field that may also be a spreadsheet's name, or {file, sheet}."""
    keep: dict[str, Any] = {
        key: prop.pop(key) for key in ("title", "description", "default") if key in prop
    }
    file_name = {"type": "string", "pattern": r"(?i)\.(xlsx|csv)$"}
    reference = {
        "type": "object",
        "additionalProperties": False,
        "required": ["file"],
        "properties": {
            "file": {**file_name, "title": "表格文件", "description": "相对于本配置文件"},
            "sheet": {"type": "string", "title": "工作表", "description": "默认第一个工作表"},
        },
    }
    return {**keep, "anyOf": [prop, file_name, reference]}


def described_models() -> list[type[BaseModel]]:
    """Every model reachable from Profile (the test checks each is described)."""
    found: list[type[BaseModel]] = []

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation in found:
                return
            found.append(annotation)
            for field in annotation.model_fields.values():
                visit(field.annotation)
        for argument in getattr(annotation, "__args__", ()):
            visit(argument)

    visit(Profile)
    return found
