"""BG4xx: residue of copy-paste and format conversion."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bidgen.core.fields import FieldPath, format_path
from bidgen.core.vocabulary import (
    BIDDER_TERMS,
    CONVERSION_RESIDUE,
    EXAMPLE_MARK,
    SELF_TERMS,
    TRADITIONAL_SET,
    purchaser_terms,
)
from bidgen.core.yamlmessages import shorten
from bidgen.validate.context import CheckContext, TextUnit
from bidgen.validate.findings import Finding, Location
from bidgen.validate.registry import Rule, rule

if TYPE_CHECKING:
    from bidgen.profile.loading import LoadedProfile

_SENTENCE_END = "。；;！!？?\n"


def sentence_around(text: str, start: int, end: int, limit: int = 60) -> str:
    """The sentence holding text[start:end], cut to ``limit`` characters."""
    left = max((text.rfind(ch, 0, start) for ch in _SENTENCE_END), default=-1) + 1
    rights = [pos for ch in _SENTENCE_END if (pos := text.find(ch, end)) != -1]
    right = min(rights) + 1 if rights else len(text)
    left = max(left, start - limit // 2)
    right = min(right, max(end + limit // 2, left + limit))
    return text[left:right].strip()


_PLACEHOLDERS = re.compile(
    r"(?<![A-Za-z])[Xx]{2,}(?![A-Za-z])|×{2,}|\*{3,}|＊{2,}|【[\s　]*】|【[^】]*(?:填|待定|[Xx]{2})[^】]*】"
    r"|_{3,}|＿{2,}|（[\s　]*）|\([\s　]*\)|[?？]{3,}|某某"
)
_EMPTY_LABEL = re.compile(
    r"(?:电话|热线|专线电话|服务热线|联系电话|联系人|地址|邮箱|传真|手机)[:：][\s　]*(?=$|[。，,；;、）)])"
)


@rule("BG401")
def placeholders(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    for unit in ctx.units:
        for pattern in (_PLACEHOLDERS, _EMPTY_LABEL):
            for match in pattern.finditer(unit.text):
                found = match.group(0) or unit.text[max(0, match.start() - 4) : match.end() + 1]
                message = f"未填写的占位符“{found.strip()}”"
                quote = sentence_around(unit.text, match.start(), match.end())
                yield this.finding(message, unit.location, [quote])


# Fixed labels where a term names a form field, not a party: the signature block
# ("投标人名称（盖章）") and the cover's "投标人：" line or table cell.
_TERM_EXCEPTIONS = (
    r"(?:投标人|乙方)名称|(?:投标人|乙方)（盖章）|(?:^|\|)[-\s]*(?:投标人|乙方)[ \t　]*[:：]"
    r"|用户[权名手数量体终需反满]"
)


def _proper_names(ctx: CheckContext) -> list[str]:
    """Names that may contain a party term ("某市政府采购中心") without using it as one."""
    profile = ctx.profile
    if profile is None:
        return []
    names = [profile.project.purchaser, profile.project.name, profile.bidder.name]
    names.append(profile.bidder.outlet.name)
    return sorted({name for name in names if name}, key=len, reverse=True)


def _term_hits(
    units: list[TextUnit], terms: tuple[str, ...], names: list[str]
) -> list[tuple[str, TextUnit, int]]:
    pattern = re.compile("|".join(sorted(terms, key=len, reverse=True)))
    masks = [_TERM_EXCEPTIONS, *(re.escape(name) for name in names)]
    exceptions = re.compile("|".join(masks), re.MULTILINE)
    hits: list[tuple[str, TextUnit, int]] = []
    for unit in units:
        masked = exceptions.sub(lambda m: "□" * len(m.group(0)), unit.text)
        hits.extend((m.group(0), unit, m.start()) for m in pattern.finditer(masked))
    return hits


def _mixed_terms(
    ctx: CheckContext, this: Rule, terms: tuple[str, ...], chosen: str | None, party: str
) -> Iterator[Finding]:
    hits = _term_hits(ctx.units, terms, _proper_names(ctx))
    counts = Counter(term for term, _unit, _pos in hits)
    if chosen is None:
        if len(counts) < 2:
            return
        chosen = counts.most_common(1)[0][0]
    for term, unit, start in hits:
        if term == chosen:
            continue
        message = f"{party}称谓不一致：此处用“{term}”，全文应统一为“{chosen}”"
        quote = sentence_around(unit.text, start, start + len(term))
        yield this.finding(message, unit.location, [quote])


@rule("BG402")
def mixed_purchaser_terms(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    chosen = ctx.profile.terminology.purchaser if ctx.profile else None
    yield from _mixed_terms(ctx, this, purchaser_terms(chosen), chosen, "采购方")


@rule("BG403")
def mixed_bidder_terms(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    chosen = ctx.profile.terminology.bidder if ctx.profile else None
    yield from _mixed_terms(ctx, this, BIDDER_TERMS, chosen, "投标方")


@rule("BG404")
def foreign_vocabulary(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    if ctx.loaded is None:
        return
    words = foreign_words(ctx.loaded)
    if not words:
        return
    industries = ctx.loaded.industries
    here = ctx.loaded.industry.name
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    for unit in ctx.units:
        for match in pattern.finditer(unit.text):
            other = industries.get(words[match.group(0)])
            name = other.name if other else words[match.group(0)]
            message = f"“{match.group(0)}”属于{name}行业词汇，与本项目（{here}）不符"
            yield this.finding(message, unit.location, [sentence_around(unit.text, *match.span())])


def foreign_words(loaded: LoadedProfile) -> dict[str, str]:
    """Other industries' words, except those the profile itself writes (its equipment, staff …).

    The profile describes this tender (its equipment, staff, scope, its own
    paragraphs), so every word it writes is this project's own; the rule looks
    for words that came from the clause library.
    An unbound profile (no industry definitions known) has none.
    """
    industries = loaded.industries
    if industries.get(loaded.profile.project.industry) is None:
        return {}
    own = "\n".join(_strings(loaded.source.data))
    found = industries.foreign_words(loaded.profile.project.industry)
    return {word: other for word, other in found.items() if word not in own}


def _strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)


_RESIDUE = re.compile("|".join(sorted(CONVERSION_RESIDUE, key=len, reverse=True)))


@rule("BG405")
def conversion_residue(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    for unit in ctx.units:
        for match in _RESIDUE.finditer(unit.text):
            word = match.group(0)
            message = f"疑似转换残留“{word}”，应为“{CONVERSION_RESIDUE[word]}”"
            yield this.finding(message, unit.location, [sentence_around(unit.text, *match.span())])
        traditional = sorted({ch for ch in unit.text if ch in TRADITIONAL_SET})
        if traditional:
            position = min(unit.text.index(ch) for ch in traditional)
            message = f"出现繁体字“{''.join(traditional)}”，请转换为简体"
            quote = sentence_around(unit.text, position, position + 1)
            yield this.finding(message, unit.location, [quote])


def _marked_values(
    data: object, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[FieldPath, str]]:
    """Every text value of the profile data still carrying the example mark."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _marked_values(value, (*path, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _marked_values(value, (*path, index))
    elif isinstance(data, str) and EXAMPLE_MARK in data:
        yield path, data


@rule("BG408")
def example_values(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    if ctx.loaded is not None:
        source = ctx.loaded.source
        for path, value in _marked_values(source.data):
            line, column = source.locate(path)
            message = f"{format_path(path)} 仍是示例值，请替换为本项目的真实信息"
            yield this.finding(message, Location(source.file, line, column), [shorten(value)])
        return
    for unit in ctx.units:
        start = unit.text.find(EXAMPLE_MARK)
        if start != -1:
            quote = sentence_around(unit.text, start, start + len(EXAMPLE_MARK))
            yield this.finding("仍是示例值，请替换为本项目的真实信息", unit.location, [quote])


@rule("BG407")
def party_terms_fit(ctx: CheckContext, this: Rule) -> Iterator[Finding]:
    assert ctx.loaded is not None
    profile, source = ctx.loaded.profile, ctx.loaded.source
    expected, kind = profile.parties.purchaser, profile.project.procurement_type
    chosen = profile.terminology
    if chosen.purchaser != expected:
        message = f"{kind}项目的采购方应称“{expected}”，此处为“{chosen.purchaser}”"
        line, column = source.locate(("terminology", "purchaser"))
        yield this.finding(message, Location(source.file, line, column))
    if chosen.bidder not in SELF_TERMS:
        message = f"正文中投标方以“{chosen.bidder}”第三人称叙述，应以“{SELF_TERMS[0]}”或“{SELF_TERMS[1]}”自称"
        line, column = source.locate(("terminology", "bidder"))
        yield this.finding(message, Location(source.file, line, column))
