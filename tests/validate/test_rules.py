"""Every rule, BG and BL: documented, with a case that fires exactly where it should and one
that stays quiet."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from bidgen.library.clauses import bind_libraries
from bidgen.profile.loading import load_profile
from bidgen.validate.catalog import all_rules
from bidgen.validate.context import CheckContext, TextUnit
from bidgen.validate.findings import Finding, Location
from bidgen.validate.library_context import LibraryContext
from bidgen.validate.registry import Scope
from bidgen.validate.runner import run_rules
from tests.conftest import MINIMAL_PROFILE, write_clause

RULES = {item.code: item for item in all_rules()}

TWO_LEVELS = MINIMAL_PROFILE.replace(
    "    resolution: 4小时\n",
    "    resolution: 4小时\n"
    "  - name: 二级故障\n"
    "    definition: 部分功能异常\n"
    "    response: 30分钟\n"
    "    arrival: 2小时\n"
    "    resolution: 8小时\n",
)
REQUIREMENTS = """
requirements:
  - clause: 第三章 2.1
    wording: 一级故障须在1小时内到达现场
    kind: arrival
    level: 一级故障
    limit: 1小时
    substantive: true
"""


def _units(*texts: str) -> list[TextUnit]:
    return [
        TextUnit(text, Location("doc.md", line=n, chapter="一、服务承诺"), "paragraph")
        for n, text in enumerate(texts, start=1)
    ]


def _table_unit(header: list[str], cells: list[str]) -> TextUnit:
    loc = Location("doc.md", line=9, chapter="四、故障分级与响应时间")
    return TextUnit(" | ".join(cells), loc, "row", tuple(header), tuple(cells))


def _profile(tmp_path: Path, text: str):
    path = tmp_path / "p.yaml"
    path.write_text(text, "utf-8")
    return bind_libraries(load_profile(path))


def _codes(code: str, units: list[TextUnit], loaded=None) -> list[str]:
    ctx = CheckContext(units=units, loaded=loaded, source_name="doc.md")
    return [f.message for f in run_rules(ctx, [RULES[code]])]


# --- one firing and one clean case per registered rule --------------------------------


@dataclass(frozen=True)
class Proposal:
    """A proposal's text units (doc.md, one paragraph a line), with or without p.yaml."""

    profile: str | None
    texts: tuple[str, ...] = ()
    rows: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()  # (header, cells) at line 9
    steps: tuple[str, ...] = ()  # list items of an emergency scenario, after the texts


@dataclass(frozen=True)
class Library:
    """Clause files lib/FAMILY/NAME.md (path, id, extra front matter, body), rendered with
    samples/s.yaml (the minimal it_ops profile)."""

    clauses: tuple[tuple[str, str, str, str], ...]


Case = Proposal | Library
# What a user sees of a finding: code, where (file:line:column（chapter）), quotes, message.
Hit = tuple[str, str, tuple[str, ...], str]


def field_at(text: str, needle: str) -> str:
    """``p.yaml:line:column`` of the key that starts ``needle`` in a profile text."""
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    return f"p.yaml:{line}:{column}"


def _run(code: str, case: Case, root: Path) -> list[Finding]:
    if isinstance(case, Library):
        for path, clause_id, extra, body in case.clauses:
            family, name = path.split("/")
            front = f"id: {clause_id}\ntitle: 测试条款\nfamily: {family}\norder: 10\n{extra}"
            write_clause(root / "lib", family, name, front, body)
        (root / "samples").mkdir()
        (root / "samples" / "s.yaml").write_text(MINIMAL_PROFILE, "utf-8")
        return run_rules(LibraryContext.load(Path("lib"), Path("samples")), [RULES[code]])
    loaded = _profile(root, case.profile) if case.profile else None
    rows = [_table_unit(list(header), list(cells)) for header, cells in case.rows]
    steps = [
        TextUnit(text, Location("doc.md", line=n, chapter=SCENARIO), "item")
        for n, text in enumerate(case.steps, start=len(case.texts) + 1)
    ]
    units = _units(*case.texts) + rows + steps
    ctx = CheckContext(units=units, loaded=loaded, source_name="doc.md")
    return run_rules(ctx, [RULES[code]])


def _seen(findings: list[Finding]) -> list[Hit]:
    return [(f.code, f.location.format(), f.quotes, f.message) for f in findings]


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


BAD_ARRIVAL = TWO_LEVELS.replace("arrival: 1小时", "arrival: 5小时")
FAST_SECOND = TWO_LEVELS.replace("response: 30分钟", "response: 5分钟")
DOUBLED = MINIMAL_PROFILE.replace("response: 15分钟", "response: 3030分钟")
FAR_OUTLET = MINIMAL_PROFILE.replace("travel_time: 30分钟", "travel_time: 2小时")
QUICK_SPARE = MINIMAL_PROFILE.replace(
    "resolution: 4小时\n", "resolution: 4小时\n    replacement: 2小时\n"
)
EXAMPLE_LEFT = MINIMAL_PROFILE.replace("name: 李四", "name: 【示例】李四")
SLOW_ARRIVAL = MINIMAL_PROFILE.replace("arrival: 1小时", "arrival: 2小时")
REMOTE_ONLY = MINIMAL_PROFILE.replace("arrival: 1小时", "arrival: 仅远程")
ORDINARY = REQUIREMENTS.replace("true", "false")
QUALITATIVE = """
requirements:
  - clause: 第三章 2.5
    wording: ★须提供原厂售后服务承诺函
"""
ANSWERED = QUALITATIVE + "    response: 提供原厂售后服务承诺函原件\n"
SCORING = """
scoring:
  - code: B3
    item: 应急预案
    points: 3
    criteria: 应急预案完整可行的得3分
    answered_by: [emergency]
"""
INDEX_HEADER = ("评分项编号", "评分项", "分值", "评分标准", "响应章节")


def _index_row(where: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return INDEX_HEADER, ("B3", "应急预案", "3", "应急预案完整可行的得3分", where)


SCENARIO = "五、应急预案 › （四）硬件设备故障处置"
CONTRACT_TERMS = MINIMAL_PROFILE.replace(
    "  scope: 测试系统\n",
    "  scope: 测试系统\nterminology:\n  purchaser: 甲方\n  bidder: 投标人\n",
)
ANALYSER = "equipment:\n  - name: 全自动生化分析仪\n    quantity: 1\n"
SUPPLY = MINIMAL_PROFILE.replace("scope: 测试系统", "scope: 测试设备的供货与安装调试")
TOO_MANY = ANALYSER + "  - name: 监护仪\n    model: M1\n    quantity: 2\n    spares: 3\n"
NEAR_OUTLET = MINIMAL_PROFILE.replace("travel_time: 30分钟", "travel_time: 45分钟")
UNTIMED = ("落实替代（现场抢修组）：故障设备停用挂牌。", "维修检测（现场抢修组）：更换部件并检测。")
TIMED = ("落实替代（现场抢修组，接报后1小时内到场）：故障设备停用挂牌。", UNTIMED[1])

OK_CLAUSE = (
    "commitment/a",
    "commitment.a",
    "",
    "{{ we }}承诺{{ fault_levels[0].arrival }}内到达现场。\n",
)

FIRING: dict[str, tuple[Case, list[Hit]]] = {
    "BG101": (
        Proposal(BAD_ARRIVAL),
        [
            (
                "BG101",
                field_at(BAD_ARRIVAL, "resolution: 4小时"),
                (),
                "一级故障：解决时限（4小时）早于到达现场时限（5小时），先后顺序不合理",
            )
        ],
    ),
    "BG102": (
        Proposal(FAST_SECOND),
        [
            (
                "BG102",
                field_at(FAST_SECOND, "response: 5分钟"),
                (),
                "二级故障的响应时限（5分钟）短于一级故障（15分钟），低级别故障不应承诺得更快",
            )
        ],
    ),
    "BG103": (
        Proposal(DOUBLED),
        [
            (
                "BG103",
                field_at(DOUBLED, "response: 3030分钟"),
                (),
                "一级故障的响应时限“3030分钟”疑似数字重复（格式转换残留）",
            )
        ],
    ),
    "BG104": (
        Proposal(FAR_OUTLET),
        [
            (
                "BG104",
                field_at(FAR_OUTLET, "arrival: 1小时"),
                (),
                "一级故障承诺1小时内到达现场，但服务网点路程需要2小时，无法兑现",
            )
        ],
    ),
    "BG105": (
        Proposal(QUICK_SPARE),
        [
            (
                "BG105",
                field_at(QUICK_SPARE, "delivery: 4小时"),
                (),
                "一级故障承诺2小时内提供备用设备，但备件送达时限为4小时",
            )
        ],
    ),
    "BG106": (
        Proposal(MINIMAL_PROFILE + TOO_MANY),
        [
            (
                "BG106",
                field_at(MINIMAL_PROFILE + TOO_MANY, "name: 全自动生化分析仪"),
                (),
                "“全自动生化分析仪”属大型设备，储备整机1台（设备数量1台）不合常理："
                "应在 spare_parts 中列出储备的关键部件，整机故障以备用设备保障",
            ),
            (
                "BG106",
                field_at(MINIMAL_PROFILE + TOO_MANY, "spares: 3"),
                (),
                "“监护仪”储备整机3台，多于设备数量2台",
            ),
        ],
    ),
    "BG107": (
        Proposal(
            SUPPLY + ANALYSER.replace("quantity: 1", "quantity: 1\n    spare_parts: [样本针]")
        ),
        [
            (
                "BG107",
                field_at(SUPPLY + ANALYSER, "name: 全自动生化分析仪"),
                (),
                "本项目为新供货，备件清单中“全自动生化分析仪”没有写明型号"
                "（正文将写作“与现有型号一致”），应写明投标产品的型号",
            )
        ],
    ),
    "BG108": (
        Proposal(MINIMAL_PROFILE + ANALYSER),
        [
            (
                "BG108",
                field_at(MINIMAL_PROFILE + ANALYSER, "equipment:"),
                (),
                "设备清单的1类设备均未写明品牌或制造商（maker）",
            )
        ],
    ),
    "BG109": (
        Proposal(NEAR_OUTLET),
        [
            (
                "BG109",
                field_at(NEAR_OUTLET, "travel_time: 45分钟"),
                (),
                "无驻场人员，服务网点路程45分钟占一级故障到达现场时限（1小时）的75%，"
                "接报、派工和交通稍有延误即超时：应安排驻场人员或就近设点",
            )
        ],
    ),
    "BG201": (
        Proposal(MINIMAL_PROFILE, ("一级故障：我公司承诺2小时内到达现场。",)),
        [
            (
                "BG201",
                "doc.md:1:11（一、服务承诺）",
                ("2小时内到达现场",),
                "一级故障到达现场承诺“2小时”与项目配置不一致（项目配置：一级故障到达现场1小时）",
            )
        ],
    ),
    "BG202": (
        Proposal(None, ("一级故障30分钟内响应。", "对于一级故障，我方保证2小时内响应。")),
        [
            (
                "BG202",
                "doc.md:2:12（一、服务承诺）",
                ("2小时内响应", "30分钟内响应"),
                "一级故障响应承诺“2小时”与一、服务承诺的“30分钟”矛盾",
            )
        ],
    ),
    "BG203": (
        Proposal(None, ("一级故障4小时内到达现场，2小时内排除故障。",)),
        [
            (
                "BG203",
                "doc.md:1:14（一、服务承诺）",
                ("2小时内排除故障", "4小时内到达现场"),
                "一级故障：解决时限（2小时）早于到达现场时限（4小时），先后顺序不合理",
            )
        ],
    ),
    "BG204": (
        Proposal(None, ("一级故障2小时内到达现场。", "二级故障1小时内到达现场。")),
        [
            (
                "BG204",
                "doc.md:2:5（一、服务承诺）",
                ("1小时内到达现场", "2小时内到达现场"),
                "二级故障的到达现场时限（1小时）短于一级故障（2小时），低级别故障不应承诺得更快",
            )
        ],
    ),
    "BG205": (
        Proposal(None, ("接到报修后第一时间响应，随叫随到。",)),
        [
            (
                "BG205",
                "doc.md:1:1（一、服务承诺）",
                ("接到报修后第一时间响应",),
                "响应承诺“接到报修后第一时间响应”没有写明时限，评审无法打分",
            ),
            (
                "BG205",
                "doc.md:1:13（一、服务承诺）",
                ("随叫随到",),
                "到达现场承诺“随叫随到”没有写明时限，评审无法打分",
            ),
        ],
    ),
    "BG206": (
        Proposal(None, ("所有来电均在半小时内回复。", "一般问题2小时内答复。")),
        [
            (
                "BG206",
                "doc.md:2:5（一、服务承诺）",
                ("2小时内答复", "半小时内回复"),
                "热线咨询答复承诺“2小时”超出对所有情形所作的承诺“半小时内回复”（30分钟）",
            )
        ],
    ),
    "BG207": (
        Proposal(None, ("简单问题4小时内解决，复杂问题2小时内解决。",)),
        [
            (
                "BG207",
                "doc.md:1:16（一、服务承诺）",
                ("2小时内解决", "4小时内解决"),
                "复杂问题的解决时限（2小时）短于简单问题（4小时），情形与时限倒挂",
            )
        ],
    ),
    "BG208": (
        Proposal(None, ("提供7×24小时服务热线。", "节假日工程师休息。")),
        [
            (
                "BG208",
                "doc.md:2:1（一、服务承诺）",
                ("节假日工程师休息", "提供7×24小时服务热线"),
                "“节假日工程师休息”与“提供7×24小时服务热线”的服务时间矛盾",
            )
        ],
    ),
    "BG209": (
        Proposal(None, steps=UNTIMED),
        [
            (
                "BG209",
                f"doc.md:1:1（{SCENARIO}）",
                ("落实替代（现场抢修组）：故障设备停用挂牌。",),
                "（四）硬件设备故障处置的2个处置步骤均未写明时限（到场、恢复、上报或提供备用设备）",
            )
        ],
    ),
    "BG301": (
        Proposal(SLOW_ARRIVAL + REQUIREMENTS),
        [
            (
                "BG301",
                field_at(SLOW_ARRIVAL + REQUIREMENTS, "clause: 第三章 2.1"),
                ("一级故障须在1小时内到达现场",),
                "招标文件★第三章 2.1：一级故障到达现场时间要求1小时，本方案承诺2小时，"
                "为负偏离，实质性条款负偏离将导致投标被否决",
            )
        ],
    ),
    "BG302": (
        Proposal(SLOW_ARRIVAL + ORDINARY),
        [
            (
                "BG302",
                field_at(SLOW_ARRIVAL + ORDINARY, "clause: 第三章 2.1"),
                ("一级故障须在1小时内到达现场",),
                "招标文件第三章 2.1：一级故障到达现场时间要求1小时，本方案承诺2小时，为负偏离",
            )
        ],
    ),
    "BG303": (
        Proposal(REMOTE_ONLY + REQUIREMENTS),
        [
            (
                "BG303",
                field_at(REMOTE_ONLY + REQUIREMENTS, "clause: 第三章 2.1"),
                ("一级故障须在1小时内到达现场",),
                "招标文件★第三章 2.1要求一级故障到达现场时间1小时，"
                "本方案没有对应承诺：一级故障只提供远程支持",
            )
        ],
    ),
    "BG304": (
        Proposal(MINIMAL_PROFILE + QUALITATIVE),
        [
            (
                "BG304",
                field_at(MINIMAL_PROFILE + QUALITATIVE, "clause: 第三章 2.5"),
                ("★须提供原厂售后服务承诺函",),
                "招标文件★第三章 2.5“须提供原厂售后服务承诺函”没有填写投标响应（response）",
            )
        ],
    ),
    "BG305": (
        Proposal(MINIMAL_PROFILE + SCORING, rows=(_index_row("未找到对应章节"),)),
        [
            (
                "BG305",
                field_at(MINIMAL_PROFILE + SCORING, "code: B3"),
                ("应急预案完整可行的得3分",),
                "评分项 B3“应急预案”（3分）在方案中没有对应章节",
            )
        ],
    ),
    "BG401": (
        Proposal(None, ("专线电话：。服务网点位于XX区。",)),
        [
            ("BG401", "doc.md:1:1（一、服务承诺）", ("服务网点位于XX区。",), "未填写的占位符“XX”"),
            (
                "BG401",
                "doc.md:1:1（一、服务承诺）",
                ("专线电话：。",),
                "未填写的占位符“专线电话：”",
            ),
        ],
    ),
    "BG402": (
        Proposal(None, ("甲方提出需求后，我公司响应。", "采购人验收。", "采购人签字。")),
        [
            (
                "BG402",
                "doc.md:1:1（一、服务承诺）",
                ("甲方提出需求后，我公司响应。",),
                "采购方称谓不一致：此处用“甲方”，全文应统一为“采购人”",
            )
        ],
    ),
    "BG403": (
        Proposal(None, ("我公司承诺。", "我公司负责。", "乙方配合。")),
        [
            (
                "BG403",
                "doc.md:3:1（一、服务承诺）",
                ("乙方配合。",),
                "投标方称谓不一致：此处用“乙方”，全文应统一为“我公司”",
            )
        ],
    ),
    "BG404": (
        Proposal(MINIMAL_PROFILE, ("定期清洁摄像机镜头并更换硒鼓。",)),
        [
            (
                "BG404",
                "doc.md:1:1（一、服务承诺）",
                ("定期清洁摄像机镜头并更换硒鼓。",),
                "“摄像机”属于安防监控行业词汇，与本项目（信息系统运维）不符",
            ),
            (
                "BG404",
                "doc.md:1:1（一、服务承诺）",
                ("定期清洁摄像机镜头并更换硒鼓。",),
                "“硒鼓”属于办公设备行业词汇，与本项目（信息系统运维）不符",
            ),
        ],
    ),
    "BG408": (
        Proposal(EXAMPLE_LEFT, ("项目负责人：【示例】李四。",)),
        [
            (
                "BG408",
                field_at(EXAMPLE_LEFT, "name: 【示例】李四"),
                ("【示例】李四",),
                "staff[0].name 仍是示例值，请替换为本项目的真实信息",
            )
        ],
    ),
    "BG405": (
        Proposal(None, ("我公司提供售后效劳。", "系統維護")),
        [
            (
                "BG405",
                "doc.md:1:1（一、服务承诺）",
                ("我公司提供售后效劳。",),
                "疑似转换残留“售后效劳”，应为“售后服务”",
            ),
            (
                "BG405",
                "doc.md:2:1（一、服务承诺）",
                ("系統維護",),
                "出现繁体字“統維護”，请转换为简体",
            ),
        ],
    ),
    "BG406": (
        Proposal(None, ("监护设备按YY 0668-2008检测。",)),
        [
            (
                "BG406",
                "doc.md:1:6（一、服务承诺）",
                ("监护设备按YY 0668-2008检测。",),
                "引用的标准YY 0668-2008已被YY 9706.249-2023替代（标准状态表中此项待核实），"
                "请改引现行版本",
            )
        ],
    ),
    "BG407": (
        Proposal(CONTRACT_TERMS),
        [
            (
                "BG407",
                field_at(CONTRACT_TERMS, "purchaser: 甲方"),
                (),
                "政府采购项目的采购方应称“采购人”，此处为“甲方”",
            ),
            (
                "BG407",
                field_at(CONTRACT_TERMS, "bidder: 投标人"),
                (),
                "正文中投标方以“投标人”第三人称叙述，应以“我公司”或“我方”自称",
            ),
        ],
    ),
    "BL101": (
        Library((("training/meta", "training.g", "colour: red", "x\n"),)),
        [
            (
                "BL101",
                "lib/training/meta.md:6:1",
                (),
                "colour：未知字段“colour”（可用字段：id、title、family、order、industries、when、"
                "uses、heading、default、page_break）",
            )
        ],
    ),
    "BL102": (
        Library((OK_CLAUSE, ("commitment/b", "commitment.a", "", "{{ we }}负责。\n"))),
        [
            (
                "BL102",
                "lib/commitment/b.md:2:1",
                (),
                "条款编号“commitment.a”重复（已在 lib/commitment/a.md 中定义）",
            )
        ],
    ),
    "BL103": (
        Library((("training/syntax", "training.f", "", "{% for x in %}\n"),)),
        [
            (
                "BL103",
                "lib/training/syntax.md:7:1",
                (),
                "模板语法错误：此处缺少表达式（遇到了语句结束符“%}”）",
            )
        ],
    ),
    "BL201": (
        Library(
            (
                (
                    "commitment/a",
                    "commitment.a",
                    "",
                    "第一段。\n\n到场：{{ fault_levels[0].arival }}\n",
                ),
            )
        ),
        [
            (
                "BL201",
                "lib/commitment/a.md:9:1",
                (),
                "模板渲染失败：引用了不存在的字段“arival”（FaultLevel 中没有该字段）"
                "（示例 samples/s.yaml）",
            )
        ],
    ),
    "BL202": (
        Library((("commitment/a", "commitment.a", "", "第一段。\n\n> 引用块\n"),)),
        [
            (
                "BL202",
                "lib/commitment/a.md:9:1",
                (),
                "条款正文不支持此 Markdown 元素（blockquote_open）（示例 samples/s.yaml）",
            )
        ],
    ),
    "BL301": (
        Library(
            (("commitment/a", "commitment.a", "", "{{ we }}承诺接到报修后2小时内到达现场。\n"),)
        ),
        [
            (
                "BL301",
                "lib/commitment/a.md:7:16",
                (),
                "写死的时限、频次或比例“2小时”，应改用项目配置中的字段",
            )
        ],
    ),
    "BL302": (
        Library((("commitment/a", "commitment.a", "", "我公司负责。\n"),)),
        [
            (
                "BL302",
                "lib/commitment/a.md:7:1",
                (),
                "直接写出了称谓“我公司”，应使用 {{ buyer }} 或 {{ we }}",
            )
        ],
    ),
    "BL303": (
        Library((("commitment/a", "commitment.a", "", "{{ we }}定期清洁摄像机。\n"),)),
        [
            (
                "BL303",
                "lib/commitment/a.md:7:13",
                (),
                "适用于全部行业的条款出现了安防监控行业词汇“摄像机”，应放入该行业的条款变体",
            )
        ],
    ),
    "BL401": (
        Library((("training/e", "training.e", "industries: [medical]", "仅医疗。\n"),)),
        [
            (
                "BL401",
                "lib/training/e.md:2:1",
                (),
                "条款“training.e”没有被任何示例项目配置渲染，无法得到检验",
            )
        ],
    ),
}
CLEAN: dict[str, Case] = {
    "BG101": Proposal(TWO_LEVELS),
    "BG102": Proposal(TWO_LEVELS),
    "BG103": Proposal(MINIMAL_PROFILE),
    "BG104": Proposal(MINIMAL_PROFILE),
    "BG105": Proposal(
        MINIMAL_PROFILE.replace(
            "resolution: 4小时\n", "resolution: 4小时\n    replacement: 8小时\n"
        )
    ),
    "BG106": Proposal(
        MINIMAL_PROFILE
        + ANALYSER.replace("quantity: 1", "quantity: 1\n    spare_parts: [样本针, 光源灯]")
        + "  - name: 监护仪\n    quantity: 36\n"
    ),
    "BG107": Proposal(SUPPLY + ANALYSER.replace("quantity: 1", "model: BA800\n    quantity: 1")),
    "BG108": Proposal(
        MINIMAL_PROFILE + ANALYSER.replace("quantity: 1", "maker: 某某\n    quantity: 1")
    ),
    "BG109": Proposal(
        NEAR_OUTLET.replace(
            "upgrade_notice: 5个工作日", "upgrade_notice: 5个工作日\n  resident_engineers: 1"
        )
    ),
    "BG201": Proposal(MINIMAL_PROFILE, ("一级故障：我公司承诺1小时内到达现场，15分钟内响应。",)),
    "BG202": Proposal(None, ("一级故障30分钟内响应。", "对于一级故障，我方保证30分钟内响应。")),
    "BG203": Proposal(None, ("一级故障1小时内到达现场，4小时内排除故障。",)),
    "BG204": Proposal(None, ("一级故障1小时内到达现场。", "二级故障2小时内到达现场。")),
    "BG205": Proposal(None, ("接到报修后第一时间响应，30分钟内到达现场。", "15分钟内响应。")),
    "BG206": Proposal(None, ("所有来电均在半小时内回复。", "一般问题20分钟内答复。")),
    "BG207": Proposal(None, ("简单问题2小时内解决，复杂问题4小时内解决。",)),
    "BG208": Proposal(None, ("提供7×24小时服务热线。", "工作时间驻场，非工作时间电话支持。")),
    "BG209": Proposal(None, ("总则：统一指挥。", "原则：分区负责。"), steps=TIMED),
    "BG301": Proposal(MINIMAL_PROFILE + REQUIREMENTS),
    "BG302": Proposal(MINIMAL_PROFILE + ORDINARY),
    "BG303": Proposal(MINIMAL_PROFILE + REQUIREMENTS),
    "BG304": Proposal(MINIMAL_PROFILE + ANSWERED),
    "BG305": Proposal(MINIMAL_PROFILE + SCORING, rows=(_index_row("五、应急预案"),)),
    "BG401": Proposal(None, ("服务热线：400-000-0000。", "法定代表人或授权代表（签字）：")),
    "BG402": Proposal(None, ("采购人提出需求后，我公司响应。", "采购人验收。")),
    "BG403": Proposal(None, ("我公司承诺。", "投标人名称（盖章）：某公司")),
    "BG404": Proposal(MINIMAL_PROFILE, ("定期检查服务器与数据库运行状态。",)),
    "BG405": Proposal(None, ("我公司提供售后服务。",)),
    "BG408": Proposal(MINIMAL_PROFILE, ("示例：项目负责人李四。",)),
    "BG406": Proposal(None, ("监护设备按YY 9706.249-2023检测，机房按GB/T 28827.1运维。",)),
    "BG407": Proposal(
        CONTRACT_TERMS.replace(
            "  scope: 测试系统\n", "  scope: 测试系统\n  procurement_type: 合同\n"
        ).replace("bidder: 投标人", "bidder: 我方")
    ),
    "BL101": Library((OK_CLAUSE,)),
    "BL102": Library((OK_CLAUSE, ("commitment/b", "commitment.b", "", "{{ we }}负责。\n"))),
    "BL103": Library(
        (
            (
                "training/loop",
                "training.f",
                "",
                "{% for x in fault_levels %}{{ x.name }}{% endfor %}\n",
            ),
        )
    ),
    "BL201": Library(
        (("commitment/a", "commitment.a", "", "第一段。\n\n到场：{{ fault_levels[0].arrival }}\n"),)
    ),
    "BL202": Library((("commitment/a", "commitment.a", "", "第一段。\n\n- 列表项\n"),)),
    "BL301": Library(
        (
            OK_CLAUSE,
            (
                "commitment/b",
                "commitment.b",
                "",
                "{{ we }}承诺2小时内到达现场。{# bidgen: allow 招标原文 #}\n",
            ),
        )
    ),
    "BL302": Library((("commitment/a", "commitment.a", "", "{{ we }}负责，{{ buyer }}配合。\n"),)),
    "BL303": Library(
        (("commitment/a", "commitment.a", "industries: [security]", "{{ we }}定期清洁摄像机。\n"),)
    ),
    "BL401": Library((OK_CLAUSE,)),
}


def test_every_rule_is_documented_and_tested():
    rules = all_rules()
    assert [r.code for r in rules] == sorted(FIRING) == sorted(CLEAN)
    chinese = re.compile("[\u4e00-\u9fff]")
    for item in rules:
        assert re.fullmatch(r"B[GL]\d{3}", item.code)
        assert (item.code[:2] == "BL") == (item.scope is Scope.LIBRARY)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", item.name)
        for text in (item.title, item.what, item.why, item.example):
            assert text.strip() and chinese.search(text), (item.code, text)
        assert not re.search("[A-Za-z]", item.title.replace("Markdown", "")), item.title
        assert item.severity in {"error", "warning"}


@pytest.mark.parametrize("code", sorted(FIRING))
def test_rule_fires(code: str, here: Path):
    case, expected = FIRING[code]
    assert expected, "a firing case must say what fires where"
    assert _seen(_run(code, case, here)) == expected


@pytest.mark.parametrize("code", sorted(CLEAN))
def test_rule_stays_quiet(code: str, here: Path):
    assert _run(code, CLEAN[code], here) == []


def test_a_rule_runs_only_over_its_own_scope(here: Path):
    with pytest.raises(ValueError, match="BL301"):
        run_rules(CheckContext(units=_units("x")), [RULES["BL301"]])


def test_messages_are_specific(tmp_path: Path):
    loaded = _profile(tmp_path, TWO_LEVELS.replace("arrival: 1小时", "arrival: 5小时"))
    assert _codes("BG101", [], loaded) == [
        "一级故障：解决时限（4小时）早于到达现场时限（5小时），先后顺序不合理"
    ]
    loaded = _profile(
        tmp_path, MINIMAL_PROFILE.replace("arrival: 1小时", "arrival: 2小时") + REQUIREMENTS
    )
    assert _codes("BG301", [], loaded) == [
        "招标文件★第三章 2.1：一级故障到达现场时间要求1小时，本方案承诺2小时，为负偏离，"
        "实质性条款负偏离将导致投标被否决"
    ]


def test_table_rows_are_read_with_their_header(tmp_path: Path):
    loaded = _profile(tmp_path, MINIMAL_PROFILE)
    row = _table_unit(
        ["故障级别", "响应时间", "到达现场", "解决时间"],
        ["一级故障", "15分钟内", "2小时内", "4小时内"],
    )
    messages = _codes("BG201", [row], loaded)
    assert len(messages) == 1 and "2小时" in messages[0]


# --- BG2xx in detail ---------------------------------------------------------------------

FOUR_LEVELS = TWO_LEVELS.replace(
    "    resolution: 8小时\n",
    "    resolution: 8小时\n"
    "  - name: 三级故障\n"
    "    definition: 咨询\n"
    "    response: 1小时\n"
    "    arrival: 仅远程\n"
    "    resolution: 3个工作日\n",
)


def _findings(code: str, texts: list[str], loaded=None):
    ctx = CheckContext(units=_units(*texts), loaded=loaded, source_name="doc.md")
    return run_rules(ctx, [RULES[code]])


def test_bg201_message_location_and_quote(tmp_path: Path):
    loaded = _profile(tmp_path, MINIMAL_PROFILE)
    (finding,) = _findings("BG201", ["一级故障：我公司承诺２小时内到达现场。"], loaded)
    assert finding.message == (
        "一级故障到达现场承诺“2小时”与项目配置不一致（项目配置：一级故障到达现场1小时）"
    )
    assert finding.quotes == ("２小时内到达现场",)
    assert (finding.location.line, finding.location.column) == (1, 11)
    assert finding.location.chapter == "一、服务承诺"


def test_bg201_unlevelled_time_must_equal_some_level(tmp_path: Path):
    loaded = _profile(tmp_path, TWO_LEVELS)
    assert _findings("BG201", ["工程师2小时内到达现场。", "30分钟内响应。"], loaded) == []
    (finding,) = _findings("BG201", ["工程师3小时内到达现场。"], loaded)
    assert "一级故障到达现场1小时、二级故障到达现场2小时" in finding.message


def test_bg201_working_days_and_minutes_are_not_compared(tmp_path: Path):
    loaded = _profile(tmp_path, MINIMAL_PROFILE)
    assert _findings("BG201", ["一级故障3个工作日内排除故障。"], loaded) == []


def test_bg201_remote_only_level_and_missing_level(tmp_path: Path):
    loaded = _profile(tmp_path, FOUR_LEVELS)
    messages = [
        f.message
        for f in _findings("BG201", ["三级故障8小时内到达现场。", "四级故障1小时内响应。"], loaded)
    ]
    assert messages == [
        "三级故障到达现场承诺“8小时”，但项目配置中三级故障只提供远程支持",
        "四级故障响应承诺“1小时”，但项目配置只有3个故障级别",
    ]


def test_bg201_other_kinds(tmp_path: Path):
    loaded = _profile(tmp_path, MINIMAL_PROFILE)
    texts = [
        "质保期为三年。",  # 3 years: agrees
        "服务时间为5×8小时。",  # profile 7×24
        "每月一次巡检。",  # profile quarterly
        "系统管理4课时。",  # agrees with the one course
        "培训合计6课时。",  # total is 4
        "备件4小时内送达现场。",  # agrees
        "收到投诉后3小时内与投诉人联系。",  # profile 2 hours
    ]
    messages = [f.message for f in _findings("BG201", texts, loaded)]
    assert messages == [
        "服务时间承诺“5×8小时”与项目配置不一致（项目配置：服务时间7×24小时）",
        "巡检承诺“每月一次”与项目配置不一致（项目配置：巡检每季度一次）",
        "培训课时承诺“6课时”与项目配置不一致（项目配置：培训课时4课时）",
        "投诉首次联系承诺“3小时”与项目配置不一致（项目配置：投诉首次联系2小时）",
    ]


def test_bg202_quotes_both_and_names_the_first_chapter():
    later = TextUnit(
        "一级故障2小时内响应。",
        Location("doc.md", line=40, chapter="十二、售后服务承诺书"),
        "paragraph",
    )
    units = [*_units("一级故障30分钟内响应。"), later]
    ctx = CheckContext(units=units, source_name="doc.md")
    (finding,) = run_rules(ctx, [RULES["BG202"]])
    assert finding.message == "一级故障响应承诺“2小时”与一、服务承诺的“30分钟”矛盾"
    assert finding.quotes == ("2小时内响应", "30分钟内响应")
    assert finding.location.line == 40


def test_bg202_leaves_profile_figures_to_bg201(tmp_path: Path):
    loaded = _profile(tmp_path, MINIMAL_PROFILE)
    texts = ["一级故障1小时内到达现场。", "一级故障2小时内到达现场。"]
    assert _findings("BG202", texts, loaded) == []
    assert len(_findings("BG201", texts, loaded)) == 1
    # the profile has no end-of-life notice: the text must still agree with itself
    eol = ["停产前提前3个月书面告知。", "停产前提前6个月书面告知。"]
    assert len(_findings("BG202", eol, loaded)) == 1


def test_bg202_ignores_unlevelled_times_of_a_graded_kind_and_single_courses():
    texts = ["一级故障30分钟内响应。", "二级故障2小时内响应。", "30分钟内响应。", "2小时内响应。"]
    assert _findings("BG202", [*texts, "系统管理8课时。", "业务操作4课时。"]) == []
    assert len(_findings("BG202", ["共计12课时。", "培训合计16课时。"])) == 1


def test_bg203_bg204_leave_a_profile_to_bg101_bg102(tmp_path: Path):
    loaded = _profile(tmp_path, MINIMAL_PROFILE)
    assert _findings("BG203", ["一级故障4小时内到达现场，2小时内排除故障。"], loaded) == []
    assert (
        _findings("BG204", ["一级故障2小时内到达现场。", "二级故障1小时内到达现场。"], loaded) == []
    )


def test_bg203_bg204_messages():
    (order,) = _findings("BG203", ["一级故障4小时内到达现场，2小时内排除故障。"])
    assert order.message == "一级故障：解决时限（2小时）早于到达现场时限（4小时），先后顺序不合理"
    assert order.quotes == ("2小时内排除故障", "4小时内到达现场")
    (levels,) = _findings("BG204", ["一级故障2小时内到达现场。", "二级故障1小时内到达现场。"])
    assert (
        levels.message
        == "二级故障的到达现场时限（1小时）短于一级故障（2小时），低级别故障不应承诺得更快"
    )
    assert levels.location.line == 2


def test_custom_paragraphs_are_checked(tmp_path: Path):
    from bidgen.build import build_document
    from bidgen.validate.runner import check_document, select_rules

    text = MINIMAL_PROFILE + "custom:\n  commitment:\n    - 一级故障2小时内到达现场。\n"
    path = tmp_path / "p.yaml"
    path.write_text(text, "utf-8")
    built = build_document(path)
    findings = [
        f for f in check_document(built.document, built.loaded, select_rules(["BG2"])) if f.quotes
    ]
    assert [(f.code, f.quotes) for f in findings] == [("BG201", ("2小时内到达现场",))]
    assert findings[0].location.chapter.startswith("一、服务承诺")


def test_party_terms_inside_names_and_labels_are_not_mixed_terms(tmp_path: Path):
    # The purchaser's own name may contain a term ("…采购单位"); the cover's
    # "投标人：" label is a field name, not the bidder calling itself 投标人.
    loaded = _profile(tmp_path, MINIMAL_PROFILE)
    units = _units("测试采购单位：采购人负责验收。", "- 投标人：测试投标公司", "我公司负责维护。")
    assert _codes("BG402", units, loaded) == []
    assert _codes("BG403", units, loaded) == []
    mixed = _units("测试采购单位的采购单位代表签字。")
    assert len(_codes("BG402", mixed, loaded)) == 1


def test_ungraded_fault_times_must_agree_with_each_other():
    # A text that never grades arrival by level promises one arrival time.
    units = _units("接到报修后1小时内到达现场。", "工程师将在２小时内到达现场处理。")
    messages = _codes("BG202", units)
    assert messages == ["到达现场承诺“2小时”与一、服务承诺的“1小时”矛盾"]
    # Once the text grades it, an unlevelled time may belong to any level.
    graded = _units(
        "一级故障1小时内到达现场。", "二级故障2小时内到达现场。", "工程师2小时内到达现场。"
    )
    assert _codes("BG202", graded) == []


def test_rule_codes_and_names_are_a_contract():
    """A prefix that fits the scope (BG for proposals, BL for libraries) and three digits;
    kebab-case names, each used once."""
    import re

    from bidgen.validate.catalog import CATALOGUE
    from bidgen.validate.registry import PREFIX

    for item in CATALOGUE:
        assert re.fullmatch(PREFIX[item.scope] + r"\d{3}", item.code), item.code
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", item.name), item.name
    assert len({item.code for item in CATALOGUE}) == len(CATALOGUE)
    assert len({item.name for item in CATALOGUE}) == len(CATALOGUE)


def test_every_catalogue_entry_is_implemented_by_the_module_it_names_and_nothing_else():
    import importlib
    import pkgutil

    import bidgen.validate.rules as package
    from bidgen.validate.catalog import BY_CODE
    from bidgen.validate.registry import IMPLEMENTATIONS

    for item in BY_CODE.values():
        func = item.func
        assert func.__module__ == f"bidgen.validate.rules.{item.module}", item.code
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"bidgen.validate.rules.{module.name}")
    assert set(IMPLEMENTATIONS) == set(BY_CODE)


def test_a_rule_is_implemented_once():
    from bidgen.validate.registry import rule

    with pytest.raises(ValueError, match="BG101"):
        rule("BG101")(lambda ctx, this: [])


def test_listing_and_selecting_rules_imports_no_rule_module():
    import subprocess
    import sys

    probe = (
        "import sys; from bidgen.validate.runner import select_rules;"
        "from bidgen.validate.catalog import all_rules; all_rules(); select_rules(['BG1']);"
        "print(sorted(m for m in sys.modules if m.startswith('bidgen.validate.rules.')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_findings_sort_totally_even_when_only_quotes_differ():
    """Two findings of one rule at one place (e.g. two foreign words in a paragraph) keep one
    order whatever order the rules produced them in: output is deterministic."""
    from bidgen.validate.findings import Finding, Location

    where = Location("a.docx", 3, 1, 3000, "一、服务承诺")
    first = Finding(
        "BG404", "foreign-industry-vocabulary", "error", "出现其他行业的词汇", where, ("硒鼓",)
    )
    second = Finding(
        "BG404", "foreign-industry-vocabulary", "error", "出现其他行业的词汇", where, ("卡纸",)
    )
    assert sorted([first, second], key=Finding.sort_key) == sorted(
        [second, first], key=Finding.sort_key
    )


# --- BG3xx in detail ---------------------------------------------------------------------


def test_every_failing_level_is_named(tmp_path: Path):
    """A clause without a level applies to every level; each one that falls short is named."""
    slow = TWO_LEVELS.replace("arrival: 1小时", "arrival: 3小时").replace(
        "    arrival: 2小时\n", "    arrival: 4小时\n"
    )
    every = REQUIREMENTS.replace("    level: 一级故障\n", "").replace("1小时", "2小时")
    loaded = _profile(tmp_path, slow + every)
    assert _codes("BG301", [], loaded) == [
        "招标文件★第三章 2.1：一级故障到达现场时间要求2小时，本方案承诺3小时；"
        "二级故障到达现场时间要求2小时，本方案承诺4小时，为负偏离，实质性条款负偏离将导致投标被否决"
    ]


def test_two_conditions_one_failing_is_one_finding(tmp_path: Path):
    clause = """
requirements:
  - clause: 第三章 2.2
    wording: ▲一级故障1小时内到达现场，2小时内排除故障
    conditions:
      - kind: arrival
        level: 一级故障
        limit: 1小时
      - kind: resolution
        level: 一级故障
        limit: 2小时
"""
    loaded = _profile(tmp_path, MINIMAL_PROFILE + clause)
    assert _codes("BG301", [], loaded) == []  # ▲ is important, not substantive
    assert _codes("BG302", [], loaded) == [
        "招标文件▲第三章 2.2：一级故障解决时间要求2小时，本方案承诺4小时，为负偏离"
    ]


def test_unanswered_scoring_point_without_an_index_row(tmp_path: Path):
    loaded = _profile(tmp_path, MINIMAL_PROFILE + SCORING)
    assert _codes("BG305", [], loaded) == ["评分项 B3“应急预案”（3分）在方案中没有对应章节"]


def test_example_marks_in_a_proposal_without_profile_are_found_in_the_text(here: Path):
    found = _run("BG408", Proposal(None, ("服务热线：【示例】400-861-3027。",)), here)
    assert _seen(found) == [
        (
            "BG408",
            "doc.md:1:1（一、服务承诺）",
            ("服务热线：【示例】400-861-3027。",),
            "仍是示例值，请替换为本项目的真实信息",
        )
    ]


# --- plausibility in detail --------------------------------------------------------------

OLD_SAFETY = "quality:\n  standard: A\n  standards:\n    - GB 9706.1-2007《医用电气设备 第1部分》\n"


@pytest.mark.parametrize(("bid_date", "fires"), [("2023-04-30", False), ("2023-05-01", True)])
def test_bg406_reads_the_profile_at_the_bid_date(here: Path, bid_date: str, fires: bool):
    text = MINIMAL_PROFILE.replace("quality:\n  standard: A\n", OLD_SAFETY).replace(
        "date: 2026-11-20", f"date: {bid_date}"
    )
    loaded = _profile(here, text)
    # cited in the profile and again in the text: one finding, at the profile's line
    found = _findings("BG406", ["按GB 9706.1-2007执行。"], loaded)
    assert [(f.location.format(), f.message) for f in found] == (
        [
            (
                field_at(text, "GB 9706.1-2007《"),
                "引用的标准GB 9706.1-2007自2023-05-01起已被GB 9706.1-2020替代，请改引现行版本",
            )
        ]
        if fires
        else []
    )


def test_standard_numbers_are_read_in_their_usual_spellings():
    from bidgen.core.standards import find_numbers

    text = "GB/T 28827.1《运维》、YY 0668—2008、ISO/IEC 20000-1:2018、TSG T5002-2017、GB/T 28181"
    assert [(n, dated) for n, _s, _e, dated in find_numbers(text)] == [
        ("GB/T 28827.1", False),
        ("YY 0668-2008", True),
        ("ISO/IEC 20000-1:2018", True),
        ("TSG T5002-2017", True),
        ("GB/T 28181", False),
    ]


def test_every_standard_the_samples_cite_is_in_the_table():
    from bidgen.core.standards import find_numbers, standards_table
    from tests.conftest import SAMPLES

    table = standards_table()
    for sample in sorted(SAMPLES.glob("*.yaml")):
        for number, _s, _e, dated in find_numbers(sample.read_text("utf-8")):
            if dated:
                assert number in table, (sample.name, number)
                assert table[number].status == "current", (sample.name, number)


@pytest.mark.parametrize(
    ("procurement", "purchaser", "bidder"),
    [("政府采购", "采购人", "投标人"), ("招标投标", "招标人", "投标人"), ("合同", "甲方", "乙方")],
)
def test_procurement_type_picks_the_party_pair(
    tmp_path: Path, procurement: str, purchaser: str, bidder: str
):
    text = MINIMAL_PROFILE.replace(
        "  scope: 测试系统\n", f"  scope: 测试系统\n  procurement_type: {procurement}\n"
    )
    profile = _profile(tmp_path, text).profile
    assert (profile.terminology.purchaser, profile.parties.bidder) == (purchaser, bidder)
    assert profile.terminology.bidder == "我公司"  # the body speaks in the first person
    assert _codes("BG407", [], _profile(tmp_path, text)) == []
