"""Select clauses for a profile, render them and build the document model."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, replace
from typing import Any

from bidgen.core.errors import BidgenError, Problem
from bidgen.core.vocabulary import SCENARIOS
from bidgen.generate.deviation import (
    deviation_intro,
    deviation_table,
    scoring_intro,
    scoring_table,
    with_references,
)
from bidgen.generate.figures import FIGURES, build_figure
from bidgen.generate.markdown import FigureRef, Heading, parse_markdown
from bidgen.library.clauses import Clause, ClauseLibrary
from bidgen.library.filters import cn_date
from bidgen.library.industries import bind_industry
from bidgen.model import (
    MAX_LEVEL,
    Block,
    Cover,
    CoverField,
    Document,
    Figure,
    Meta,
    Section,
    Signature,
    SourceRef,
    Table,
)
from bidgen.profile.industry import Industry
from bidgen.profile.loading import LoadedProfile
from bidgen.profile.models import FAMILIES, QUALITY_OPTIONS, Profile


@dataclass(frozen=True)
class Chapter:
    family: str
    title: str
    clauses: tuple[Clause, ...]


def template_context(profile: Profile, sector: Industry) -> dict[str, Any]:
    """Names a clause template can use. Everything variable comes from here.

    ``sector`` is the industry definition (``industries/<id>.yaml``) the
    profile's ``project.industry`` names.
    """
    context: dict[str, Any] = {name: getattr(profile, name) for name in Profile.model_fields}
    context.update(
        buyer=profile.terminology.purchaser,
        we=profile.terminology.bidder,
        industry=profile.project.industry,
        industry_name=sector.name,
        sector=sector,
        quality_options=QUALITY_OPTIONS,
        scenario_names=SCENARIOS,
        resident_staff=[person for person in profile.staff if person.resident],
        responsibility_roles=responsibility_roles(profile),
        emergency_times=emergency_times(profile),
    )
    return context


def emergency_times(profile: Profile) -> dict[str, str]:
    """Time targets of emergency steps, from the most severe fault level's promises:
    ``arrive`` (on site, or respond when that level is remote only), ``restore``, and
    ``access`` (on site once a disaster area can be entered: no restore time is promised)."""
    first = profile.fault_levels[0]
    reach = f"{first.arrival}内到场" if first.arrival else f"{first.response}内响应"
    return {
        "arrive": f"按{first.name}接报后{reach}",
        "restore": f"按{first.name}{first.resolution}内恢复",
        "access": f"具备进场条件后按{first.name}{reach}",
    }


def responsibility_roles(profile: Profile) -> list[str]:
    """The matrix columns: every role named in ``responsibility``, first use first."""
    roles: dict[str, None] = {}
    for duty in profile.responsibility:
        roles.setdefault(duty.lead, None)
        for role in duty.support:
            roles.setdefault(role, None)
    return list(roles)


def select_chapters(loaded: LoadedProfile, library: ClauseLibrary) -> list[Chapter]:
    """Which clauses, in which order: industry, condition, include/exclude, order."""
    loaded = bind_industry(loaded, library.industries)
    profile = loaded.profile
    _check_selection_ids(loaded, library)
    context = template_context(profile, loaded.industry)
    chosen: dict[str, list[Clause]] = {}
    usable = {clause.id for clause in library.for_industry(profile.project.industry)}
    for clause in library.sorted():
        if not _selected(clause, clause.id in usable, profile, context):
            continue
        chosen.setdefault(clause.meta.family, []).append(clause)
    families = list(profile.clauses.order) + [f for f in FAMILIES if f not in profile.clauses.order]
    chapters = []
    for family in families:
        clauses = sorted(chosen.get(family, []), key=lambda c: (c.meta.order, c.id))
        generated = _generated_table(profile, family)
        if clauses or generated or _custom_texts(profile, family):
            chapters.append(Chapter(family, FAMILIES[family], tuple(clauses)))
    return chapters


def _selected(clause: Clause, usable: bool, profile: Profile, context: dict[str, Any]) -> bool:
    selection = profile.clauses
    if clause.id in selection.exclude:
        return False
    if clause.id in selection.include:
        return True
    if not clause.meta.default or not usable:
        return False
    return clause.wanted(context)


def _check_selection_ids(loaded: LoadedProfile, library: ClauseLibrary) -> None:
    problems = _custom_clause_problems(loaded, library)
    for key in ("include", "exclude"):
        for index, clause_id in enumerate(getattr(loaded.profile.clauses, key)):
            if library.get(clause_id) is None:
                line, col = loaded.source.locate(("clauses", key, index))
                message = f"clauses.{key}[{index}]：条款库中没有编号为“{clause_id}”的条款"
                problems.append(Problem(loaded.source.file, line, col, message))
    if problems:
        raise BidgenError(problems)


def _custom_clause_problems(loaded: LoadedProfile, library: ClauseLibrary) -> list[Problem]:
    """``custom`` keys that name a clause this profile does not print.

    A key is a clause id or a slot (``quality.goods`` for whichever variant of it the
    industry prints), so a profile keeps its paragraphs when its industry changes."""
    profile = loaded.profile
    context = template_context(profile, loaded.industry)
    usable = {clause.id for clause in library.for_industry(profile.project.industry)}
    problems = []
    for key in profile.custom:
        if key in FAMILIES:
            continue
        named = [c for c in library.sorted() if key in (c.id, c.slot)]
        line, col = loaded.source.locate(("custom", key))
        if not named:
            message = f"custom.{key}：条款库中没有编号为“{key}”的条款"
        elif not any(_selected(c, c.id in usable, profile, context) for c in named):
            message = f"custom.{key}：条款“{key}”未被本项目选用，段落不会出现在方案中"
        else:
            continue
        problems.append(Problem(loaded.source.file, line, col, message))
    return problems


def assemble(loaded: LoadedProfile, library: ClauseLibrary) -> Document:
    """Render every selected clause and build the whole document."""
    loaded = bind_industry(loaded, library.industries)
    profile = loaded.profile
    context = template_context(profile, loaded.industry)
    sections = []
    problems: list[Problem] = []
    numbering = _Numbering(profile)
    for chapter in select_chapters(loaded, library):
        try:
            sections.append(_chapter_section(chapter, profile, context, numbering))
        except BidgenError as exc:
            problems.extend(exc.problems)
    if problems:
        raise BidgenError(problems)
    return Document(
        meta=_meta(profile, loaded.industry),
        cover=_cover(profile),
        sections=with_references(tuple(sections), profile),
        signature=_signature(profile),
    )


class _Numbering:
    """Captions are numbered 表1, 表2 … and 图1, 图2 … across the whole document."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.count = 0
        self.figures = 0

    def caption(self, table: Table) -> Table:
        if table.caption is None:
            return table
        self.count += 1
        return dataclasses.replace(table, caption=f"表{self.count} {table.caption}")

    def figure(self, ref: FigureRef, clause: Clause) -> Figure:
        if ref.name not in FIGURES:
            known = "、".join(FIGURES)
            message = f"未知的插图“{ref.name}”（可选：{known}）"
            raise BidgenError(Problem(clause.name, ref.line, 1, message))
        self.figures += 1
        return build_figure(ref.name, self.profile, self.figures)


def _chapter_section(
    chapter: Chapter, profile: Profile, context: dict[str, Any], numbering: _Numbering
) -> Section:
    blocks: list[Block] = []
    children: list[Section] = []
    problems: list[Problem] = []
    if _generated_table(profile, chapter.family):
        blocks.extend(_generated_blocks(profile, chapter.family, numbering))
    for clause in chapter.clauses:
        try:
            rendered = _render_clause(clause, context, numbering)
        except BidgenError as exc:
            problems.extend(exc.problems)
            continue
        own = _custom_texts(profile, clause.id)
        if clause.slot != clause.id:
            own = _custom_texts(profile, clause.slot) + own
        rendered = _with_custom(rendered, own, clause.id)
        if clause.meta.heading:
            children.append(rendered)
        elif children:
            children.append(rendered)  # a heading-less clause after titled ones
        else:
            blocks.extend(rendered.blocks)
            children.extend(rendered.children)
    if problems:
        raise BidgenError(problems)
    extra = _custom_blocks(_custom_texts(profile, chapter.family), chapter.family)
    if extra and children:
        # Free paragraphs after titled clauses get their own heading so they
        # do not read as part of the last clause.
        key = f"{chapter.family}.custom"
        title = CUSTOM_TITLES.get(chapter.family, DEFAULT_CUSTOM_TITLE)
        children.append(Section(title, 2, tuple(extra), key=key))
    else:
        blocks.extend(extra)
    return Section(
        title=chapter.title,
        level=1,
        blocks=tuple(blocks),
        children=tuple(children),
        key=chapter.family,
        page_break_before=chapter.family == "letter",
    )


def _generated_table(profile: Profile, family: str) -> bool:
    """Chapters made from the profile, not from clause files: 偏离表 and 评分响应索引."""
    if family == "deviation":
        return bool(profile.requirements)
    return family == "scoring" and bool(profile.scoring)


def _generated_blocks(profile: Profile, family: str, numbering: _Numbering) -> list[Block]:
    """The intro and the table, without references yet (see generate.deviation)."""
    if family == "deviation":
        title = profile.deviation_table.title
        table = numbering.caption(deviation_table(profile, None, title))
        return [deviation_intro(profile), table]
    table = numbering.caption(scoring_table(profile, None, FAMILIES["scoring"]))
    return [scoring_intro(profile), table]


# The subsection that holds a chapter's free paragraphs after its titled clauses: named
# for what such paragraphs are (this project's own measures), not "补充说明".
CUSTOM_TITLES = {
    "commitment": "针对本项目的专项承诺",
    "training": "本项目专项培训安排",
    "quality": "本项目专项质量措施",
    "emergency": "本项目专项应急措施",
}
DEFAULT_CUSTOM_TITLE = "针对本项目的专项措施"


def _custom_texts(profile: Profile, key: str) -> list[str]:
    """The profile's free paragraphs for a chapter or a clause (``custom`` is keyed by either)."""
    return next((texts for name, texts in profile.custom.items() if name == key), [])


def _with_custom(section: Section, paragraphs: list[str], clause_id: str) -> Section:
    """A clause's section with the profile's paragraphs for it at its end (in its last
    subsection, if it has any), so they read as part of the clause."""
    if not paragraphs:
        return section
    if section.children:
        *rest, last = section.children
        return replace(section, children=(*rest, _with_custom(last, paragraphs, clause_id)))
    return replace(section, blocks=section.blocks + tuple(_custom_blocks(paragraphs, clause_id)))


def _custom_blocks(paragraphs: list[str], family: str) -> list[Block]:
    blocks: list[Block] = []
    for text in paragraphs:
        parsed = parse_markdown(text, f"profile.custom.{family}")
        blocks.extend(item for item in parsed.items if not isinstance(item, Heading | FigureRef))
    return blocks


def _render_clause(clause: Clause, context: dict[str, Any], numbering: _Numbering) -> Section:
    text = clause.render(context)
    parsed = parse_markdown(text, clause.name)
    base = 2 if clause.meta.heading else 1
    root = _Builder(clause.meta.title, base, clause)
    # The shallowest heading a clause uses becomes the level below the clause.
    shallowest = min((i.depth for i in parsed.items if isinstance(i, Heading)), default=1)
    for item in parsed.items:
        if isinstance(item, Heading):
            level = base + item.depth - shallowest + 1
            if level > MAX_LEVEL:
                message = f"标题层级过深（条款内最多 {MAX_LEVEL - base} 级标题）：{item.title}"
                raise BidgenError(Problem(clause.name, item.line, 1, message))
            root.open(level, item.title)
        elif isinstance(item, FigureRef):
            root.add(numbering.figure(item, clause))
        else:
            root.add(numbering.caption(item) if isinstance(item, Table) else item)
    return root.finish()


class _Builder:
    """Nest headings into sections as they come."""

    def __init__(self, title: str, level: int, clause: Clause) -> None:
        self.clause = clause
        self.root = self._new(title, level)
        self.stack: list[dict[str, Any]] = [self.root]

    def _new(self, title: str, level: int) -> dict[str, Any]:
        return {"title": title, "level": level, "blocks": [], "children": []}

    def open(self, level: int, title: str) -> None:
        while len(self.stack) > 1 and self.stack[-1]["level"] >= level:
            self._close()
        self.stack.append(self._new(title, level))

    def add(self, block: Block) -> None:
        top = self.stack[-1]
        if top["children"]:
            raise BidgenError(Problem(self.clause.name, 1, 1, "子标题之后的正文必须属于某个标题"))
        top["blocks"].append(block)

    def _close(self) -> None:
        done = self._section(self.stack.pop())
        self.stack[-1]["children"].append(done)

    def _section(self, data: dict[str, Any]) -> Section:
        return Section(
            title=data["title"],
            level=data["level"],
            blocks=tuple(data["blocks"]),
            children=tuple(data["children"]),
            key=self.clause.id if data is self.root else f"{self.clause.id}#{data['title']}",
            source=SourceRef(self.clause.id, self.clause.name),
            page_break_before=self.clause.meta.page_break and data is self.root,
        )

    def finish(self) -> Section:
        while len(self.stack) > 1:
            self._close()
        return self._section(self.stack[0])


def _meta(profile: Profile, sector: Industry) -> Meta:
    project = profile.project
    return Meta(
        title=f"{project.name} {project.title}",
        author=profile.bidder.name,
        subject=project.title,
        keywords=f"{project.number}；{sector.name}；售后服务",
        language="zh-CN",
        date=project.date,
        header_text=project.name,
    )


def _cover(profile: Profile) -> Cover:
    project = profile.project
    fields = [CoverField("项目名称", project.name), CoverField("项目编号", project.number)]
    if project.lot:
        fields.append(CoverField("包    号", project.lot))
    fields.append(CoverField(profile.terminology.purchaser, project.purchaser))
    fields.append(CoverField(profile.parties.bidder, profile.bidder.name))
    return Cover(
        title=project.title,
        project_name=project.name,
        fields=tuple(fields),
        bidder=profile.bidder.name,
        date_text=cn_date(project.date),
    )


def _signature(profile: Profile) -> Signature:
    return Signature(
        bidder_label=f"{profile.parties.bidder}名称（盖章）",
        bidder=profile.bidder.name,
        representative_label="法定代表人或授权代表（签字）",
        representative="",
        date_label="日期",
        date_text=cn_date(profile.project.date),
    )
