"""Party terms, and words that betray conversion residue.

The words that mark an industry are data of the clause library
(``industries/<id>.yaml``, see :mod:`bidgen.profile.industry`), not of Python.
"""

from __future__ import annotations

from dataclasses import dataclass

# How a proposal may name the two parties (the profile's ``terminology`` picks one
# of each; BG402/BG403 and the library check BL302 look for the others).
# "用户" is also an ordinary word (用户名, 终端用户): it counts as the purchaser's
# name only where the profile chose it.
ORDINARY_PURCHASER_TERM = "用户"
PURCHASER_TERMS = (
    "采购人",
    "招标人",
    "甲方",
    "业主",
    ORDINARY_PURCHASER_TERM,
    "建设单位",
    "采购单位",
)
BIDDER_TERMS = ("我公司", "我方", "投标人", "乙方", "本公司")
# How the bidder names itself in the body: in the first person, not as 投标人 throughout.
SELF_TERMS = ("我公司", "我方", "本公司")


@dataclass(frozen=True)
class Parties:
    """The pair of party names a procurement type uses: the purchaser (in the body and on
    the cover) and the bidder as the cover and the signature block name it."""

    purchaser: str
    bidder: str


# 政府采购法: 采购人 (the bidder is 供应商, 投标人 in the bid's own wording);
# 招标投标法: 招标人/投标人; a contract: 甲方/乙方.
PROCUREMENT_TYPES: dict[str, Parties] = {
    "政府采购": Parties("采购人", "投标人"),
    "招标投标": Parties("招标人", "投标人"),
    "合同": Parties("甲方", "乙方"),
}
DEFAULT_PROCUREMENT = "政府采购"


def parties(procurement_type: str) -> Parties:
    """The party pair of a procurement type."""
    return PROCUREMENT_TYPES[procurement_type]


def purchaser_terms(chosen: str | None = None) -> tuple[str, ...]:
    """The purchaser terms to look for: "用户" only when it is the chosen one."""
    if chosen == ORDINARY_PURCHASER_TERM:
        return PURCHASER_TERMS
    return tuple(term for term in PURCHASER_TERMS if term != ORDINARY_PURCHASER_TERM)


# Words that are simply wrong in a Chinese bid: machine-translation and
# conversion residue, with the intended word.
CONVERSION_RESIDUE: dict[str, str] = {
    "效劳": "服务",
    "顾客服务": "客户服务",
    "售后效劳": "售后服务",
    "维修效劳": "维修服务",
    "技巧支持": "技术支持",
    "技巧人员": "技术人员",
    "质量包管": "质量保证",
    "包管期": "保修期",
    "呼应时间": "响应时间",
}

# Traditional characters that have a different simplified form; their
# presence in a simplified-Chinese bid is format-conversion residue.
TRADITIONAL_CHARS = (
    "務護證質響應時間維術體網絡備換圖書廠員號電話處據檢驗條約項夠標準採購單產統機構"
    "專業遠現場場點錄監視頻設務認識報訴問題費組織隊級區縣醫療藥儀狀態發現實際數庫"
    "調試運轉屬權責後續們這個為與關於將對從隨時響應請議題記錄則規範計劃劃點"
)
TRADITIONAL_SET = frozenset(TRADITIONAL_CHARS)


# The mark ``bidgen init`` puts on every example value: visible in the document,
# and refused by ``check`` (BG408) until the writer replaces the value.
EXAMPLE_MARK = "【示例】"


# Emergency scenarios a profile may list (``emergency.scenarios``), by key.
SCENARIOS: dict[str, str] = {
    "hardware": "硬件设备故障",
    "software": "软件故障",
    "network": "网络中断",
    "power": "供电中断",
    "data_loss": "数据丢失",
    "security": "信息安全事件",
    "disaster": "自然灾害",
    "major_event": "重大活动及节假日保障",
}
