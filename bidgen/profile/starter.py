"""``bidgen init``: a commented starter profile and a folder for own clauses."""

from __future__ import annotations

from pathlib import Path

from bidgen.core.errors import BidgenError, Problem
from bidgen.core.resources import data_path
from bidgen.core.yamlio import display_name
from bidgen.output import publish
from bidgen.profile.schema import MODELINE, SCHEMA_NAME, schema_text

STARTER = data_path("templates", "init", "profile.yaml")
PROFILE_NAME = "项目配置.yaml"
CLAUSE_DIR = "条款"
CLAUSE_NOTE = (
    "本目录存放本公司自有条款（Markdown + YAML 前置元数据），与内置条款编号相同的会覆盖内置条款。\n"
    "查看内置条款：bidgen clauses list；查看某条：bidgen clauses show 条款编号。\n"
    "编写方法见 docs/clauses.md。检查本目录：bidgen check --library 条款\n"
)


def starter_text() -> bytes:
    """The starter profile, with the modeline that gives editors the schema beside it."""
    return MODELINE.encode("utf-8") + STARTER.read_bytes()


def write_starter(directory: Path, force: bool) -> list[Path]:
    profile = directory / PROFILE_NAME
    if profile.exists() and not force:
        message = "文件已存在，未做任何修改（如需覆盖请加 --force）"
        raise BidgenError(Problem(display_name(profile), 0, 0, message))
    clause_dir = directory / CLAUSE_DIR
    note = clause_dir / "说明.txt"
    # The schema beside the profile: the modeline's relative name works in every
    # editor and in a shared repository; ``bidgen schema -o`` refreshes it.
    files = {profile: starter_text(), directory / SCHEMA_NAME: schema_text().encode("utf-8")}
    if not note.exists():
        files[note] = CLAUSE_NOTE.encode("utf-8")
    publish(files)
    return sorted(files)
