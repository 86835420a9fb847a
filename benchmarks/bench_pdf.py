"""Time the HTML and PDF writers on a synthetic proposal of about 45 pages.

    python benchmarks/bench_pdf.py [--runs N] [--out FILE.pdf]

Prints, per stage, the cold (first) run and the median of N warm runs, and the
peak resident memory of the process (``ru_maxrss``). The first PDF run also
pays for importing WeasyPrint and loading the fonts; the warm runs show the
floor a long-lived process would see.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import itertools
import resource
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bidgen.model import (
    Cover,
    CoverField,
    Document,
    ListBlock,
    Meta,
    Paragraph,
    Section,
    Signature,
    Span,
    Table,
)
from bidgen.writers.fonts import FontChoice, check_fonts, harfbuzz_subset_warning

T = TypeVar("T")

CHAPTERS = (
    "服务承诺",
    "售后服务机构与人员",
    "服务内容与方式",
    "故障分级与响应时间",
    "应急预案",
    "培训方案",
    "质量保证",
    "巡检与维护保养",
    "备品备件",
    "投诉处理与服务监督",
    "质保期外服务",
    "售后服务承诺书",
)
SUBSECTIONS = ("总体要求", "实施措施", "记录与考核")
SENTENCES = (
    "我公司在项目所在地设有常驻服务网点，配备专职工程师，提供7×24小时全天候技术支持。",
    "服务热线接到报修后，值班工程师在15分钟内响应，并通过远程方式初步诊断故障原因。",
    "对于远程无法排除的故障，工程师在1小时内到达现场，4小时内恢复系统正常运行。",
    "若设备在8小时内仍无法修复，我公司提供同型号或更高性能的备用设备，保障业务连续。",
    "每季度对全部设备进行一次预防性巡检，巡检结束后5个工作日内提交书面巡检报告。",
    "重大节假日及重要活动前，我公司安排专人开展专项检查，并在活动期间驻场值守。",
    "所有故障处理过程均记入《故障处理记录表》，形成完整的设备档案，便于追溯与分析。",
    "质保期内免费提供软件升级服务，升级前5个工作日书面通知采购人并提交回退方案。",
    "培训采用理论讲解与实际操作相结合的方式，考核合格后颁发培训合格证书。",
    "备品备件按供货数量的15%储备于本地库房，接到需求后4小时内送达现场。",
    "项目负责人每月向采购人汇报服务情况，每季度开展一次满意度调查并持续改进。",
    "质保期满后，我公司以优惠价格提供维保服务，响应时间与质保期内保持一致。",
)
FAULT_HEADER = ("故障等级", "故障定义", "响应时间", "到达现场", "解决时限", "备用设备")
FAULT_ROWS = (
    ("一级故障", "系统瘫痪或核心业务中断", "15分钟", "1小时", "4小时", "8小时"),
    ("二级故障", "主要功能严重降级", "30分钟", "2小时", "8小时", "24小时"),
    ("三级故障", "局部功能异常，不影响主要业务", "1小时", "4小时", "24小时", "48小时"),
    ("四级故障", "咨询、优化建议等一般性问题", "2小时", "按需", "3个工作日", "—"),
)
STAFF_HEADER = ("序号", "姓名", "岗位", "联系电话", "资质证书", "从业年限")


def spans(text: str, bold: bool = False) -> tuple[Span, ...]:
    return (Span(text, bold=bold),)


def paragraphs(sentences: Iterator[str], count: int, per: int = 4) -> list[Paragraph]:
    return [Paragraph(spans("".join(next(sentences) for _ in range(per)))) for _ in range(count)]


def fault_table(chapter: int) -> Table:
    rows = tuple(tuple(spans(cell) for cell in row) for row in FAULT_ROWS)
    header = tuple(spans(cell) for cell in FAULT_HEADER)
    return Table(header, rows, caption=f"表{chapter} 故障分级与响应时间")


def staff_table(chapter: int) -> Table:
    rows = tuple(
        tuple(
            spans(cell)
            for cell in (str(n), f"工程师{n}", "驻场工程师", f"139-0000-{n:04d}", "高级工程师", "8")
        )
        for n in range(1, 13)
    )
    return Table(tuple(spans(cell) for cell in STAFF_HEADER), rows, caption=f"表{chapter} 人员")


def leaf(title: str, sentences: Iterator[str]) -> Section:
    items = tuple(spans(next(sentences)) for _ in range(2))
    return Section(title, 3, (*paragraphs(sentences, 1), ListBlock(True, items)))


def chapter(number: int, title: str, sentences: Iterator[str]) -> Section:
    children = []
    for sub in SUBSECTIONS:
        grandchildren = tuple(leaf(f"{sub}要点{n}", sentences) for n in range(1, 3))
        children.append(Section(sub, 2, tuple(paragraphs(sentences, 1)), grandchildren))
    blocks: list = [*paragraphs(sentences, 2), fault_table(number)]
    if number % 3 == 0:
        blocks.append(staff_table(number))
    bullets = tuple(spans(next(sentences), bold=n == 0) for n in range(5))
    blocks.append(ListBlock(False, bullets))
    return Section(title, 1, tuple(blocks), tuple(children), key=f"ch{number}")


def synthetic_document() -> Document:
    """12 chapters of realistic Chinese text, fault-level tables and lists."""
    sentences = itertools.cycle(SENTENCES)
    sections = tuple(chapter(n, t, sentences) for n, t in enumerate(CHAPTERS, start=1))
    date = dt.date(2026, 11, 20)
    fields = (
        CoverField("项目名称", "某市政务云平台运维服务项目"),
        CoverField("项目编号", "ZFCG-2026-0153"),
        CoverField("投标人", "某某信息技术有限公司"),
    )
    return Document(
        meta=Meta(
            "某市政务云平台运维服务项目 售后服务方案",
            "某某信息技术有限公司",
            "售后服务方案",
            "ZFCG-2026-0153；运维服务；售后服务",
            "zh-CN",
            date,
            "某市政务云平台运维服务项目",
        ),
        cover=Cover(
            "售后服务方案", fields[0].value, fields, fields[2].value, "二〇二六年十一月二十日"
        ),
        sections=sections,
        signature=Signature(
            "投标人名称（盖章）",
            fields[2].value,
            "法定代表人或授权代表（签字）",
            "",
            "日期",
            "2026年11月20日",
        ),
    )


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def peak_mib() -> float:
    # ru_maxrss is in KiB on Linux and only grows: read it after each phase.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def report(name: str, times: list[float]) -> None:
    warm = times[1:] or times
    print(f"{name:<26} cold {times[0]:6.3f} s   warm median {statistics.median(warm):6.3f} s")


def bench_html(doc: Document, fonts: FontChoice, runs: int) -> None:
    from bidgen.writers.html import render_html

    times = [timed(lambda: render_html(doc, fonts))[0] for _ in range(runs + 1)]
    report("render_html", times)
    print(f"{'peak memory after HTML':<26} {peak_mib():6.0f} MiB")


def bench_pdf(doc: Document, fonts: FontChoice, runs: int) -> bytes:
    import_s, _ = timed(lambda: __import__("weasyprint"))
    from bidgen.writers.pdf import collector_paused, layout_pdf, write_pdf

    layout: list[float] = []
    drawing: list[float] = []
    pdf, pages, cold_peak = b"", 0, 0.0
    for _ in range(runs + 1):
        with collector_paused():  # as render_pdf does
            start = time.perf_counter()
            laid_out = layout_pdf(doc, fonts)
            middle = time.perf_counter()
            pdf = write_pdf(laid_out)
            layout.append(middle - start)
            drawing.append(time.perf_counter() - middle)
        pages = len(laid_out.pages)
        cold_peak = cold_peak or peak_mib()
        del laid_out
        gc.collect()  # outside the timings: each run starts from a clean heap
    print(f"proposal: {pages} pages, PDF {len(pdf) / 1024:.0f} KiB")
    print(f"{'import weasyprint':<26} cold {import_s:6.3f} s")
    report("parse + layout", layout)
    report("draw + subset + write", drawing)
    totals = [a + b for a, b in zip(layout, drawing, strict=True)]
    report("render_pdf", totals)
    print(f"{'render_pdf cold + import':<26} {import_s + totals[0]:6.3f} s")
    print(f"{'peak memory, cold PDF':<26} {cold_peak:6.0f} MiB")
    print(f"{'peak memory, all runs':<26} {peak_mib():6.0f} MiB")
    return pdf


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="warm runs after the cold one")
    parser.add_argument("--out", type=Path, help="also write the PDF here")
    parser.add_argument(
        "--sample", type=Path, help="a profile to build instead of the synthetic text"
    )
    args = parser.parse_args()
    fonts = FontChoice()
    check_fonts(fonts)
    warning = harfbuzz_subset_warning()
    if warning:
        print(warning)
    if args.sample:
        from bidgen.build import build_document

        doc = build_document(args.sample).document
    else:
        doc = synthetic_document()
    bench_html(doc, fonts, args.runs)
    pdf = bench_pdf(doc, fonts, args.runs)
    if args.out:
        args.out.write_bytes(pdf)


if __name__ == "__main__":
    main()
