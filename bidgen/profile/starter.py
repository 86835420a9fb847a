"""``bidgen init``: a commented starter profile and a folder for own clauses."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bidgen.core.errors import BidgenError, Problem
from bidgen.core.files import display_name
from bidgen.core.resources import data_path
from bidgen.output import publish
from bidgen.profile.schema import MODELINE, SCHEMA_NAME, schema_text

STARTER = data_path("templates", "init", "profile.yaml")
INDUSTRY_STARTER = data_path("templates", "init", "industry.yaml")
_INDUSTRY_LINE = re.compile(r"(?m)^(  industry: )it_ops(\s)")
PROFILE_NAME = "项目配置.yaml"
CLAUSE_DIR = "条款"
CLAUSE_NOTE = (
    "本目录存放本公司自有条款（Markdown + YAML 前置元数据），与内置条款编号相同的会覆盖内置条款。\n"
    "查看内置条款：bidgen clauses list；查看某条：bidgen clauses show 条款编号。\n"
    "编写方法见 docs/clauses.md。检查本目录：bidgen check --library 条款\n"
)


@dataclass(frozen=True)
class NewIndustry:
    """An industry the libraries do not define yet: ``init`` writes its file to fill in."""

    id: str
    name: str


def write_starter(
    directory: Path, force: bool, industry: str = "it_ops", new: NewIndustry | None = None
) -> list[Path]:
    """The starter profile (for ``industry``) and the own-clauses folder.

    With ``new``, also ``条款/industries/<id>.yaml``, commented, for the team to fill in;
    the starter profile's ``clauses.dir`` already points at that folder.
    """
    profile = directory / PROFILE_NAME
    if profile.exists() and not force:
        message = "文件已存在，未做任何修改（如需覆盖请加 --force）"
        raise BidgenError(Problem(display_name(profile), 0, 0, message))
    clause_dir = directory / CLAUSE_DIR
    note = clause_dir / "说明.txt"
    # The schema beside the profile: the modeline's relative name works in every
    # editor and in a shared repository; ``bidgen schema -o`` refreshes it.
    files = {
        profile: starter_text(industry),
        directory / SCHEMA_NAME: schema_text().encode("utf-8"),
    }
    if not note.exists():
        files[note] = CLAUSE_NOTE.encode("utf-8")
    if new is not None:
        definition = clause_dir / "industries" / f"{new.id}.yaml"
        if definition.exists() and not force:
            message = "文件已存在，未做任何修改（如需覆盖请加 --force）"
            raise BidgenError(Problem(display_name(definition), 0, 0, message))
        body = INDUSTRY_STARTER.read_text("utf-8").replace("__ID__", new.id)
        files[definition] = body.replace("__NAME__", new.name).encode("utf-8")
    publish(files)
    return sorted(files)


def starter_text(industry: str = "it_ops") -> bytes:
    """The starter profile for ``industry``, with the modeline that gives editors the
    schema beside it."""
    text = STARTER.read_bytes().decode("utf-8")
    text = _INDUSTRY_LINE.sub(lambda m: f"{m.group(1)}{industry}{m.group(2)}", text, 1)
    return (MODELINE + text).encode("utf-8")
