"""An industry as data: one ``industries/<id>.yaml`` file in a clause library.

The file names the industry (id, Chinese name, aliases), the words that belong
to it (the residue rule BG404 finds them in other industries' proposals) and
the industry-specific content the clauses talk about (emergency measures,
inspection items, training topics, quality standards, spare-part classes …).
Only ``id`` and ``name`` are required: the industry-neutral clauses write a
complete proposal from the profile alone, and use what the file adds.

The files are found and read by :mod:`bidgen.library.industries`; this module
holds the models, and :class:`IndustryTable`, which a bound
:class:`~bidgen.profile.loading.LoadedProfile` carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import AfterValidator, Field

from bidgen.profile.models import Scenario, Strict, Targets, Text


class LibraryMarkdown(str):
    """Text written by the library's authors: its Markdown (``**bold**``) is kept.

    Profile text is escaped when a template prints it; an industry file belongs
    to the clause library, like the clause bodies, so its emphasis stays.
    """

    __slots__ = ()


def _library_markdown(value: str) -> str:
    for mark in ("{{", "{%", "{#"):
        if mark in value:
            raise ValueError(f"行业定义中的文字不能含模板标记“{mark}”，称谓等由条款模板填写")
    return LibraryMarkdown(value)


Content = Annotated[Text, AfterValidator(_library_markdown)]


class IndustryWords(Strict):
    """Words that mark this industry: out of place in any other industry's proposal."""

    equipment: list[Text] = []
    faults: list[Text] = []
    standards: list[Text] = []
    other: list[Text] = []

    def all(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys([*self.equipment, *self.faults, *self.standards, *self.other]))


class CheckItem(Strict):
    """One inspection or maintenance item: what is looked at and what is done."""

    name: Text
    content: Content


class Industry(Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    aliases: list[Text] = []
    # How proposals of this industry name what is serviced, e.g. "电梯设备".
    objects: str | None = None
    words: IndustryWords = IndustryWords()
    # Extra measures per emergency scenario, in the order they are taken.
    emergency: dict[Scenario, list[Content]] = {}
    inspection_items: list[CheckItem] = []
    maintenance: list[Content] = []
    training_topics: list[Content] = []
    quality_standards: list[Text] = []
    spare_parts: list[Content] = []
    tools: list[Content] = []
    records: list[Text] = []
    health_items: list[Content] = []
    confidentiality: list[Content] = []
    # Service-level targets a proposal of this industry promises unless the profile
    # writes its own; an industry file without them takes NEUTRAL_TARGETS.
    targets: Targets | None = None

    @property
    def serviced(self) -> str:
        """What the service is about, for running text."""
        return self.objects or f"{self.name}设备及系统"


# The targets of an industry whose file names none: the rates every after-sales
# proposal states, whatever it services.
NEUTRAL_TARGETS = Targets(first_fix_rate=95, satisfaction=95, on_time_rate=98)


@dataclass(frozen=True)
class DefinedIndustry:
    industry: Industry
    source: str  # display name of the file that defines it


@dataclass(frozen=True)
class IndustryTable:
    """The industries that the libraries in use define, by id (later files win)."""

    defined: tuple[DefinedIndustry, ...] = ()

    def get(self, industry_id: str) -> Industry | None:
        for entry in self.defined:
            if entry.industry.id == industry_id:
                return entry.industry
        return None

    def ids(self) -> list[str]:
        return [entry.industry.id for entry in self.defined]

    def resolve(self, text: str) -> Industry | None:
        """The industry a profile names by id, Chinese name or alias."""
        wanted = text.strip()
        for entry in self.defined:
            industry = entry.industry
            if wanted in (industry.id, industry.name, *industry.aliases):
                return industry
        return None

    def known_text(self) -> str:
        return "、".join(f"{e.industry.id}（{e.industry.name}）" for e in self.defined)

    def foreign_words(self, industry_id: str) -> dict[str, str]:
        """Every word of the other industries and not of this one, mapped to its industry."""
        own = self.get(industry_id)
        mine = set(own.words.all()) if own else set()
        found: dict[str, str] = {}
        for entry in self.defined:
            other = entry.industry
            if other.id == industry_id:
                continue
            for word in other.words.all():
                if word not in mine:
                    found.setdefault(word, other.id)
        return found
