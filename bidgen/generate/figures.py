"""Figures drawn from the profile: organisation chart, fault handling, escalation.

Each figure is Graphviz DOT source in the document model (:class:`bidgen.model.Figure`);
the writers choose the face and the output format. A clause places a figure with
a ``<!-- figure: NAME -->`` line (see :mod:`bidgen.generate.markdown`); every
label comes from the profile, so the figure cannot disagree with the text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from bidgen.core import kinds
from bidgen.library.filters import OUTLET_TIER, STAFF_TIERS, TIER_TITLES, tiers
from bidgen.model import Figure, HouseStyle
from bidgen.profile.models import Profile, Staff

_LINE_CHARS = 11  # characters on one line of a box before role and names split
_NAMES_CHARS = 16  # a line of names (王一帆、李若溪、…) before the next name wraps
# Boxes are drawn at their natural size whenever they fit the text of the default
# A4 page (14.66 cm), so that their 10.5 pt text never prints smaller.
_PAGE = HouseStyle()
TEXT_WIDTH_PT = (_PAGE.page_size[0] - _PAGE.margins[1] - _PAGE.margins[3]) / 2.54 * 72
NODE_FONT_PT = 10.5
_NODE_MARGIN_IN = 0.10  # left and right of a box's text
_NODESEP_IN = 0.22
_PAD_IN = 0.06
_BRANCH_NODESEP_IN = 0.4  # between a trunk and the boxes hung from it


def grouped_staff(profile: Profile) -> dict[str, tuple[Staff, ...]]:
    """Tier key -> its people, as the organisation clause groups them (``staff | tiers``)."""
    grouped: dict[str, tuple[Staff, ...]] = {tier.key: () for tier in STAFF_TIERS}
    grouped.update((group.key, group.people) for group in tiers(profile.staff))
    return grouped


@dataclass
class _Graph:
    """A small DOT writer; node ids are given in order, so the source is deterministic."""

    name: str
    lines: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    nodesep: float = _NODESEP_IN

    def node(self, node_id: str, *label: str, attrs: str = "") -> None:
        self.labels.extend(label)
        extra = f", {attrs}" if attrs else ""
        self.lines.append(f'  {node_id} [label="{_label(label)}"{extra}];')

    def edge(self, tail: str, head: str, label: str = "", attrs: str = "") -> None:
        # A label, not an xlabel: dot makes room for it in the layout, where an
        # xlabel placed afterwards may lie across a neighbouring edge.
        parts = [f'label="{_escape(label)}"'] if label else []
        if label:
            self.labels.append(label)
        if attrs:
            parts.append(attrs)
        extra = f" [{', '.join(parts)}]" if parts else ""
        self.lines.append(f"  {tail} -> {head}{extra};")

    def junction(self, node_id: str) -> None:
        """A point where lines meet (a trunk's branching), drawn as nothing."""
        self.lines.append(f'  {node_id} [shape=point, width=0, height=0, label=""];')

    def same_rank(self, ids: Iterable[str]) -> None:
        self.lines.append("  { rank=same; " + " ".join(f"{i};" for i in ids) + " }")

    def source(self, edge_style: str) -> str:
        graph = (
            f"rankdir=TB, ranksep=0.32, nodesep={self.nodesep:g}, margin=0, pad={_PAD_IN:g},"
            " fontsize=10"
        )
        node = (
            f'shape=box, style="rounded", fontsize={NODE_FONT_PT:g}, height=0.36,'
            f' margin="{_NODE_MARGIN_IN:.2f},0.05", penwidth=0.8'
        )
        head = [
            f"digraph {self.name} {{",
            f"  graph [{graph}];",
            f"  node [{node}];",
            f"  edge [{edge_style}, penwidth=0.8, arrowsize=0.6, fontsize=9];",
        ]
        return "\n".join([*head, *self.lines, "}", ""])


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _label(lines: Iterable[str]) -> str:
    return "\\n".join(_escape(line) for line in lines)


def _people(people: Iterable[Staff], title: str = "") -> list[str]:
    """Lines naming people by role ("驻场工程师 王一帆、李若溪"); a long line is split
    so that boxes stay narrow, and a role equal to the box's title is not repeated."""
    by_role: dict[str, list[str]] = {}
    for person in people:
        by_role.setdefault(person.role, []).append(person.name)
    lines: list[str] = []
    for role, names in by_role.items():
        joined = "、".join(names)
        if role == title:
            lines.extend(_name_lines(names))
        elif len(role) + len(joined) > _LINE_CHARS:
            lines.extend([role, *_name_lines(names)])
        else:
            lines.append(f"{role} {joined}")
    return lines


def _name_lines(names: Iterable[str]) -> list[str]:
    """Names joined by 、, a new line before one that would pass _NAMES_CHARS."""
    lines: list[str] = []
    for name in names:
        if lines and len(lines[-1]) + 1 + len(name) <= _NAMES_CHARS:
            lines[-1] += f"、{name}"
        else:
            lines.append(name)
    return lines


def organization_chart(profile: Profile, caption: str) -> Figure:
    """The service team: the purchaser, the project lead, the technical lead and the tiers.

    The lower tiers and the outlet stand side by side under the technical lead
    when they fit the text width at natural size; otherwise they hang in pairs
    from a trunk, left and right, so the chart is never shrunk below its 10.5 pt.
    """
    grouped = grouped_staff(profile)
    graph = _Graph("organization")
    graph.node(
        "buyer",
        profile.terminology.purchaser,
        profile.project.purchaser,
        attrs='style="rounded,dashed"',
    )
    top = "buyer"
    for key in ("mgmt", "tech"):
        if grouped[key]:
            graph.node(key, TIER_TITLES[key], *_people(grouped[key], TIER_TITLES[key]))
            graph.edge(top, key, attrs="style=dashed" if top == "buyer" else "")
            top = key
    outlet = profile.bidder.outlet
    boxes = {
        key: [TIER_TITLES[key], *_people(grouped[key], TIER_TITLES[key])]
        for key in ("resident", "field", "second", "vendor")
        if grouped[key]
    }
    boxes["outlet"] = [OUTLET_TIER.title, outlet.name, f"工程师{outlet.engineers}名"]
    for key, lines in boxes.items():
        graph.node(key, *lines)
    if row_width(list(boxes.values())) <= TEXT_WIDTH_PT:
        for key in boxes:
            graph.edge(top, key)
        graph.same_rank(boxes)
    else:
        _hang_in_pairs(graph, top, list(boxes))
    return Figure("organization", caption, graph.source("arrowhead=none"), tuple(graph.labels))


def _hang_in_pairs(graph: _Graph, top: str, boxes: list[str]) -> None:
    """A trunk down from ``top`` with two boxes branching off at each joint; an odd
    last box ends the trunk. Flat edges run left to right, which orders each pair."""
    graph.nodesep = _BRANCH_NODESEP_IN
    above = top
    for number, start in enumerate(range(0, len(boxes), 2), start=1):
        pair = boxes[start : start + 2]
        if len(pair) == 1:
            graph.edge(above, pair[0])
            return
        joint = f"joint{number}"
        graph.junction(joint)
        graph.edge(above, joint)
        graph.edge(pair[0], joint)
        graph.edge(joint, pair[1])
        graph.same_rank([pair[0], joint, pair[1]])
        above = joint


def row_width(boxes: list[list[str]]) -> float:
    """An estimate of the points a row of boxes takes side by side at natural size."""
    widths = [max(_text_em(line) for line in lines) * NODE_FONT_PT for lines in boxes]
    margins = 2 * _NODE_MARGIN_IN * 72 * len(boxes)
    gaps = _NODESEP_IN * 72 * (len(boxes) - 1) + 2 * _PAD_IN * 72
    return sum(widths) + margins + gaps


def _text_em(text: str) -> float:
    # CJK characters are one em; Latin letters and digits of the sans face about 0.55.
    return sum(1.0 if unicodedata.east_asian_width(char) in "WFA" else 0.55 for char in text)


def fault_flow(profile: Profile, caption: str) -> Figure:
    """报修 → 受理 → 分级 → 响应 → 到场 → 修复 → 回访, one column per fault level."""
    service = profile.service
    graph = _Graph("fault_flow")
    graph.node("report", "报修", f"服务热线 {profile.bidder.hotline}")
    graph.node("accept", "受理", f"{service.hotline_answer}内接听并登记")
    graph.node("grade", "分级", "按故障定义判定级别")
    graph.edge("report", "accept")
    graph.edge("accept", "grade")
    graph.node("visit", "回访", f"服务完成后{service.followup}内回访")
    steps: dict[str, list[str]] = {"level": [], "respond": [], "arrive": [], "fix": []}
    for number, level in enumerate(profile.fault_levels, start=1):
        ids = {step: f"{step}{number}" for step in steps}
        graph.node(ids["level"], level.name, attrs='style="rounded,bold"')
        graph.node(ids["respond"], kinds.label("response"), f"{level.response}内")
        if level.arrival is None:
            graph.node(ids["arrive"], "远程处理", "不需到场")
        else:
            graph.node(ids["arrive"], "到场", f"{level.arrival}内")
        graph.node(ids["fix"], "修复", f"{level.resolution}内")
        graph.edge("grade", ids["level"])
        for tail, head in (("level", "respond"), ("respond", "arrive"), ("arrive", "fix")):
            graph.edge(ids[tail], ids[head])
        graph.edge(ids["fix"], "visit")
        for step, node_id in ids.items():
            steps[step].append(node_id)
    for ids_of_step in steps.values():
        graph.same_rank(ids_of_step)
    return Figure("fault_flow", caption, graph.source("arrowhead=normal"), tuple(graph.labels))


def escalation_path(profile: Profile, caption: str) -> Figure:
    """逐级上报: the field engineers, technical handling, the leading group, the purchaser."""
    grouped = grouped_staff(profile)
    emergency = profile.emergency
    graph = _Graph("escalation")
    field_staff = (*grouped["resident"], *grouped["field"])
    graph.node(
        "field",
        "现场抢修组",
        *(_name_lines(p.name for p in field_staff) or ["现场工程师"]),
    )
    technical = [p for p in (*grouped["tech"], *grouped["second"]) if p.name != emergency.leader]
    graph.node("tech", "技术处置组", *(_people(technical) or ["技术负责人"]))
    graph.node("lead", "应急领导小组", f"组长 {emergency.leader}")
    graph.node("buyer", profile.terminology.purchaser, attrs='style="rounded,dashed"')
    graph.edge("field", "tech", "现场无法及时排除")
    graph.edge("tech", "lead", "重大故障或可能超时")
    graph.edge("lead", "buyer", f"{emergency.report_within}内报告")
    if grouped["vendor"]:
        vendor = TIER_TITLES["vendor"]
        graph.node("vendor", vendor, *_people(grouped["vendor"], vendor))
        graph.edge("tech", "vendor", "涉及原厂产品")
        graph.same_rank(["lead", "vendor"])
    return Figure("escalation", caption, graph.source("arrowhead=normal"), tuple(graph.labels))


# Figure name -> (caption, builder). The name is what a clause writes in its marker.
FIGURES: dict[str, tuple[str, Callable[[Profile, str], Figure]]] = {
    "organization": ("售后服务项目组组织架构图", organization_chart),
    "fault_flow": ("故障处理流程图", fault_flow),
    "escalation": ("应急处置逐级上报路径图", escalation_path),
}


def build_figure(name: str, profile: Profile, number: int) -> Figure:
    """The figure a clause asked for, captioned 图N; ``name`` must be in :data:`FIGURES`."""
    caption, builder = FIGURES[name]
    return builder(profile, f"图{number} {caption}")
