"""Service availability: round the clock in one place, office hours only in another.

"提供7×24小时服务热线" and "热线服务时间为工作日9:00-17:30" cannot both hold; nor can
"全年无休" and "节假日工程师休息". A 7×24 window is availability, not a deadline, and
a window that belongs to one activity ("驻场5×8小时", "工作时间现场值守") restricts
that activity only, so it is no office-hours statement. A sentence that covers the
rest of the week itself ("工作时间驻场，非工作时间7×24小时电话支持") restricts
nothing either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bidgen.validate.promises.scan import scan_of

Availability = Literal["always", "office"]

_ALWAYS = re.compile(
    r"(?<![\d.])7(?:天)?[×x*]24|全天候|全年无休|365天(?:×|x|\*)?24|24小时(?:热线|值班|服务|在线|不间断|待命|响应|受理)"
    r"|节假日(?:照常|无休|不休|正常)",
    re.IGNORECASE,
)
_OFFICE = re.compile(
    r"(?:仅|只|只在|仅在|仅于|仅限|限于)(?:在|于)?(?:法定)?(?:工作日|工作时间|正常工作时间|上班时间|周一至周五|办公时间)"
    r"|(?:法定)?节假日(?:及周末|和周末)?(?:期间)?(?:工程师|技术人员|人员|员工|值班人员|服务人员)?"
    r"(?:休息|不提供|不受理|暂停|停止|放假|休假|不安排|不值班|顺延)"
    r"|(?:服务|热线|电话|受理|报修|技术支持)(?:的)?(?:时间|时段)(?:为|是|:)(?:法定)?(?:工作日|周一至周五|5[×x*]8)"
    r"|(?<![\d.])5[×x*]8(?:小时)?(?:的)?(?:服务|热线|电话|技术支持|受理)",
    re.IGNORECASE,
)
# A restriction of one activity, or a sentence that also covers the other hours.
_ONE_ACTIVITY = re.compile(r"驻场|驻点|现场值守|值守|坐班|巡检|培训|上门巡")
_COVERS_THE_REST = re.compile(
    r"非工作时间|工作时间以外|其余时间|夜间|节假日(?:期间)?(?:通过|由|提供|安排)"
)


@dataclass(frozen=True)
class ServiceTime:
    """A statement of when service is available; offsets in the input text."""

    availability: Availability
    quote: str
    start: int
    end: int


def find_availability(text: str) -> list[ServiceTime]:
    """Round-the-clock and office-hours-only statements in a text, in reading order."""
    scan = scan_of(text)
    found: list[ServiceTime] = []
    for availability, pattern in (("always", _ALWAYS), ("office", _OFFICE)):
        for match in pattern.finditer(scan.folded):
            start, end = scan.bounds(match.start(), "sentence")
            sentence = scan.folded[start:end]
            if availability == "office" and (
                _ONE_ACTIVITY.search(sentence) or _COVERS_THE_REST.search(sentence)
            ):
                continue
            seg_start, seg_end = scan.bounds(match.start(), "segment")
            first, last = scan.original_span(seg_start, max(seg_end, match.end()))
            kind: Availability = "always" if availability == "always" else "office"
            found.append(ServiceTime(kind, text[first:last], first, last))
    return sorted(found, key=lambda item: item.start)
