"""Industry definitions of a clause library: ``industries/<id>.yaml``, one file each.

The built-in library defines the industries bidgen ships; a team library
(``--clauses`` / ``clauses.dir``) adds its own or redefines one by id. A
profile's ``project.industry`` names one of them by id, Chinese name or alias;
:func:`bind_industry` checks that and records the table on the loaded profile,
so templates and rules read the definitions from there.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pydantic import ValidationError

from bidgen.core.errors import BidgenError, Problem
from bidgen.core.files import display_name, note_listing
from bidgen.core.yamlcache import load_yaml_file_cached
from bidgen.profile.industry import NEUTRAL_TARGETS, DefinedIndustry, Industry, IndustryTable
from bidgen.profile.loading import LoadedProfile, validation_problems
from bidgen.profile.models import Targets

FOLDER = "industries"
MAX_INDUSTRY_FILES = 500


def industry_files(root: Path) -> list[Path]:
    """The ``industries/*.yaml`` files of a library folder, sorted; symlinks are skipped."""
    folder = root / FOLDER
    note_listing(folder)  # an industry file added here later changes the table
    if not folder.is_dir() or folder.is_symlink():
        return []
    found = sorted(
        path
        for path in folder.iterdir()
        if path.suffix in (".yaml", ".yml") and path.is_file() and not path.is_symlink()
    )
    if len(found) > MAX_INDUSTRY_FILES:
        message = f"行业定义文件过多（超过 {MAX_INDUSTRY_FILES} 个）"
        raise BidgenError(Problem(display_name(folder), 0, 0, message))
    return found


def load_industry(path: Path) -> Industry:
    """Read and validate one industry file; every problem at its line, in Chinese."""
    source = load_yaml_file_cached(path)
    if not isinstance(source.data, dict):
        raise BidgenError(Problem(source.file, 1, 1, "行业定义文件的顶层应为字段映射（键: 值）"))
    try:
        industry = Industry.model_validate(source.data)
    except ValidationError as exc:
        raise BidgenError(validation_problems(exc, source, Industry)) from None
    if industry.id != path.stem:
        line, column = source.locate(("id",))
        message = f"id：行业编号“{industry.id}”应与文件名“{path.stem}”一致"
        raise BidgenError(Problem(source.file, line, column, message))
    return industry


def load_industries(roots: list[Path]) -> IndustryTable:
    """Every industry the roots define; a later root redefines an id of an earlier one."""
    defined: dict[str, DefinedIndustry] = {}
    problems: list[Problem] = []
    for root in roots:
        for path in industry_files(root):
            try:
                industry = load_industry(path)
            except BidgenError as exc:
                problems.extend(exc.problems)
                continue
            defined.pop(industry.id, None)  # a redefinition takes the place of the original
            defined[industry.id] = DefinedIndustry(industry, display_name(path))
    if problems:
        raise BidgenError(problems)
    _check_names(list(defined.values()))
    return IndustryTable(tuple(defined.values()))


def _check_names(defined: list[DefinedIndustry]) -> None:
    """A name or alias must mean one industry, or a profile could not say which."""
    owner: dict[str, DefinedIndustry] = {}
    problems = []
    for entry in defined:
        industry = entry.industry
        for name in dict.fromkeys([industry.id, industry.name, *industry.aliases]):
            first = owner.setdefault(name, entry)
            if first is not entry:
                message = (
                    f"行业名称或别名“{name}”已由 {first.source}（{first.industry.id}）使用，"
                    "请改用其他名称"
                )
                problems.append(Problem(entry.source, 0, 0, message))
    if problems:
        raise BidgenError(problems)


def bind_industry(loaded: LoadedProfile, table: IndustryTable) -> LoadedProfile:
    """The profile with ``project.industry`` as a defined id, and the table it was bound to."""
    written = loaded.profile.project.industry
    industry = table.resolve(written)
    if industry is None:
        line, column = loaded.source.locate(("project", "industry"))
        message = (
            f"project.industry：未定义的行业“{written}”，可选：{table.known_text()}"
            f"（新行业可在条款库的 {FOLDER}/ 目录中用一个 YAML 文件定义，见 bidgen init --industry）"
        )
        raise BidgenError(Problem(loaded.source.file, line, column, message))
    profile = loaded.profile
    update: dict[str, object] = {"targets": _targets(loaded, industry)}
    if industry.id != written:
        update["project"] = profile.project.model_copy(update={"industry": industry.id})
    profile = profile.model_copy(update=update)
    return dataclasses.replace(loaded, profile=profile, industries=table)


def _targets(loaded: LoadedProfile, industry: Industry) -> Targets:
    """The profile's targets, the industry's defaults where the profile writes none
    (a target the profile writes as ``null`` stays dropped)."""
    raw = loaded.source.data.get("targets") if isinstance(loaded.source.data, dict) else None
    written = set(raw) if isinstance(raw, dict) else set()
    defaults = industry.targets or NEUTRAL_TARGETS
    current = loaded.profile.targets
    return current.model_copy(
        update={key: getattr(defaults, key) for key in Targets.model_fields if key not in written}
    )
