"""Figures drawn from the profile: their text, their files, their place in every output."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from bidgen.build import build_document
from bidgen.core.errors import BidgenError
from bidgen.generate import figures as figure_builders
from bidgen.model import Document, Figure
from bidgen.writers.docx import render_docx
from bidgen.writers.figures import PRINT_DPI, figure_png, figure_svg, png_size, shown_size
from bidgen.writers.fonts import FontChoice
from bidgen.writers.html import render_html
from tests.conftest import MINIMAL_PROFILE, SAMPLES

FONT = FontChoice().sans


def figures_of(document: Document) -> list[Figure]:
    return [b for _, s in document.walk() for b in s.blocks if isinstance(b, Figure)]


@pytest.fixture(scope="module")
def it_ops() -> Document:
    return build_document(SAMPLES / "it_ops.yaml").document


def test_three_figures_numbered_in_order(it_ops: Document):
    captions = [figure.caption for figure in figures_of(it_ops)]
    assert captions == [
        "图1 售后服务项目组组织架构图",
        "图2 故障处理流程图",
        "图3 应急处置逐级上报路径图",
    ]


def test_figure_text_comes_from_the_profile():
    built = build_document(SAMPLES / "it_ops.yaml")
    profile = built.loaded.profile
    organization, flow, escalation = figures_of(built.document)
    org_text = " ".join(organization.labels)
    for person in profile.staff:
        assert person.name in org_text, person.name
    assert profile.project.purchaser in organization.labels
    flow_text = " ".join(flow.labels)
    for level in profile.fault_levels:
        assert level.name in flow.labels
        assert f"{level.response}内" in flow.labels and f"{level.resolution}内" in flow.labels
        assert level.arrival is None or f"{level.arrival}内" in flow.labels
    assert profile.bidder.hotline in flow_text
    for step in ("报修", "受理", "分级", "响应", "到场", "修复", "回访"):
        assert step in flow.labels
    assert f"组长 {profile.emergency.leader}" in escalation.labels
    assert f"{profile.emergency.report_within}内报告" in escalation.labels


TEAM = """\
staff:
  - {name: 李四, role: 项目经理, phone: 139-0000-0000, years: 10}
  - {name: 王五, role: 技术负责人, phone: 139-0000-0001, years: 8, resident: true}
  - {name: 赵六, role: 驻场工程师, phone: 139-0000-0002, years: 3, resident: true}
  - {name: 钱七, role: 厂家工程师, phone: 139-0000-0003, years: 6}
  - {name: 孙八, role: 二线工程师, phone: 139-0000-0004, years: 6}
  - {name: 周九, role: 维修工程师, phone: 139-0000-0005, years: 2}
"""


def test_the_chart_groups_the_team_as_the_organisation_table_does(tmp_path: Path):
    from bidgen.model import Table, plain_text

    staff = re.search(r"^staff:\n(?: .*\n)+", MINIMAL_PROFILE, re.MULTILINE)
    assert staff
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL_PROFILE.replace(staff.group(0), TEAM), "utf-8")
    document = build_document(path).document
    table = next(
        block
        for _, section in document.walk()
        for block in section.blocks
        if isinstance(block, Table) and (block.caption or "").endswith("售后服务项目组组织架构")
    )
    rows = {plain_text(row[0]): plain_text(row[1]) for row in table.rows}
    chart = next(f for f in figures_of(document) if f.name == "organization")
    boxes = dict(re.findall(r'^  \w+ \[label="([^"\\]+)\\n([^"]*)"', chart.graph, re.MULTILINE))
    assert list(rows) == [
        "项目管理",
        "技术管理",
        "驻场服务",
        "现场服务与专业支持",
        "二线技术支持",
        "原厂技术支持",
        "网点后备力量",
    ]
    assert set(rows) <= set(boxes)
    for title, people in rows.items():
        names = re.findall(r"[李王赵钱孙周][四五六七八九]", people)
        assert all(name in boxes[title] for name in names), (title, names, boxes[title])


MIN_PRINTED_PT = 9.0  # 小五: the smallest text a figure may print


def printed_fonts(figure: Figure) -> list[float]:
    """The sizes of the text a figure shows: its boxes', and its edges' if labelled."""
    defaults = dict(re.findall(r"^  (node|edge) \[[^]]*fontsize=([\d.]+)", figure.graph, re.M))
    labelled = re.search(r"-> \w+ \[[^]]*label=", figure.graph)
    return [float(defaults["node"]), *([float(defaults["edge"])] if labelled else [])]


def svg_width_pt(svg: str) -> float:
    match = re.search(r'<svg width="([\d.]+)pt"', svg)
    assert match, svg[:200]
    return float(match.group(1))


@pytest.fixture(scope="module")
def text_width_pt() -> float:
    """The text width of the bundled template's A4 page, as the DOCX writer reads it."""
    import docx

    from bidgen.writers.docx import TEMPLATE
    from bidgen.writers.docx.template import text_width

    return text_width(docx.Document(str(TEMPLATE))) / 20


@pytest.mark.parametrize("sample", sorted(SAMPLES.glob("*.yaml")), ids=lambda path: path.stem)
def test_figures_print_their_text_at_nine_points_or_more(sample: Path, text_width_pt: float):
    for figure in figures_of(build_document(sample).document):
        natural, _ = (px * 72 / PRINT_DPI for px in png_size(figure_png(figure, FONT)))
        shown, _ = shown_size(figure, FONT, text_width_pt)  # the DOCX picture
        pdf_scale = min(1.0, text_width_pt / svg_width_pt(figure_svg(figure, FONT)))  # max-width
        for scale in (shown / natural, pdf_scale):
            smallest = min(printed_fonts(figure)) * scale
            assert smallest >= MIN_PRINTED_PT, (figure.name, round(scale, 3))


def test_a_wide_team_hangs_from_a_trunk_and_fits(tmp_path: Path, text_width_pt: float):
    team = """\
staff:
  - {name: 李四, role: 项目负责人, phone: 139-0000-0000, years: 10}
  - {name: 王五, role: 技术负责人, phone: 139-0000-0001, years: 8}
  - {name: 赵六, role: 驻场运维工程师, phone: 139-0000-0002, years: 3, resident: true}
  - {name: 钱七, role: 数据库与中间件工程师, phone: 139-0000-0003, years: 6}
  - {name: 孙八, role: 二线技术支持工程师, phone: 139-0000-0004, years: 6}
  - {name: 周九, role: 原厂技术支持工程师, phone: 139-0000-0005, years: 2}
"""
    staff = re.search(r"^staff:\n(?: .*\n)+", MINIMAL_PROFILE, re.MULTILINE)
    assert staff
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL_PROFILE.replace(staff.group(0), team), "utf-8")
    chart = next(f for f in figures_of(build_document(path).document) if f.name == "organization")
    # Five boxes under the technical lead: two pairs on joints, the fifth ends the trunk.
    assert re.findall(r"^  (joint\d) \[shape=point", chart.graph, re.MULTILINE) == [
        "joint1",
        "joint2",
    ]
    assert "  joint2 -> outlet;" in chart.graph.splitlines()
    width, _ = shown_size(chart, FONT, text_width_pt)
    natural, _ = (px * 72 / PRINT_DPI for px in png_size(figure_png(chart, FONT)))
    assert width == natural  # natural size: nothing shrunk


def test_a_changed_time_redraws_the_flowchart(tmp_path: Path):
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL_PROFILE.replace("response: 15分钟", "response: 25分钟"), "utf-8")
    flow = next(f for f in figures_of(build_document(path).document) if f.name == "fault_flow")
    assert "25分钟内" in flow.labels and "15分钟内" not in flow.labels
    assert "25分钟内" in figure_svg(flow, FONT)


def test_svg_and_png_are_deterministic_and_print_resolution(it_ops: Document):
    for figure in figures_of(it_ops):
        svg = figure_svg(figure, FONT)
        assert "<!--" not in svg and "graphviz version" not in svg.lower()
        assert svg.startswith("<svg")
        png = figure_png(figure, FONT)
        _clear_drawing_cache()
        assert figure_png(figure, FONT) == png  # a second dot run, byte for byte
        width_px, _ = png_size(png)
        shown_width, _ = shown_size(figure, FONT, 6 * 72)
        assert width_px / (shown_width / 72) >= 200  # dots per inch as printed
    assert PRINT_DPI >= 200


def _clear_drawing_cache() -> None:
    from bidgen.writers import figures

    figures._dot.cache_clear()


def test_unknown_figure_is_an_error_at_the_clause_line(tmp_path: Path):
    library = tmp_path / "clauses" / "commitment"
    library.mkdir(parents=True)
    (library / "extra.md").write_text(
        "---\nid: commitment.extra\ntitle: 附图\nfamily: commitment\norder: 99\n---\n"
        "正文。\n\n<!-- figure: nonsense -->\n",
        "utf-8",
    )
    path = tmp_path / "p.yaml"
    path.write_text(MINIMAL_PROFILE, "utf-8")
    with pytest.raises(BidgenError) as caught:
        build_document(path, tmp_path / "clauses")
    problem = caught.value.problems[0]
    assert problem.line == 9 and "nonsense" in problem.message  # the line in the file
    assert set(figure_builders.FIGURES) <= set(
        problem.message.split("：")[-1].strip("）").split("、")
    )


def test_docx_has_the_figures_as_pictures_with_captions(it_ops: Document):
    data = render_docx(it_ops)
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        media = sorted(n for n in docx.namelist() if n.startswith("word/media/"))
        xml = docx.read("word/document.xml").decode("utf-8")
        pngs = [docx.read(name) for name in media]
    assert len(media) == 3 and all(p.startswith(b"\x89PNG") for p in pngs)
    for figure in figures_of(it_ops):
        assert f'descr="{figure.caption}"' in xml
        assert f"<w:t>{figure.caption}</w:t>" in xml
    assert len(re.findall(r"<a:blip r:embed=", xml)) == 3
    assert render_docx(it_ops) == data


def test_html_embeds_vector_svg_with_the_labels(it_ops: Document):
    html = render_html(it_ops, FontChoice())
    assert html.count('<img src="data:image/svg+xml;base64,') == 3
    for figure in figures_of(it_ops):
        assert f"<figcaption>{figure.caption}</figcaption>" in html


def test_markdown_links_figure_files_that_the_build_writes(tmp_path: Path, run_cli):
    out = tmp_path / "out"
    result = run_cli("build", str(SAMPLES / "security.yaml"), "-o", str(out), "-f", "md", "-q")
    assert result.code == 0, result.err
    (markdown,) = out.glob("*.md")
    links = re.findall(r"!\[(图\d+ [^\]]+)\]\(([^)]+)\)", markdown.read_text("utf-8"))
    assert len(links) == 3
    for caption, target in links:
        svg = (out / target).read_text("utf-8")
        assert svg.startswith("<svg") and caption
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.svg"))
    assert written == sorted(target for _, target in links)


def test_a_drawing_is_kept_and_equals_what_dot_draws(tmp_path, monkeypatch):
    """Inside a command, each drawing is kept in the cache folder and given back byte
    for byte; a changed graph is drawn afresh."""
    from bidgen.core import memo
    from bidgen.writers import figures as drawing
    from bidgen.writers.figures import DOCX_FONT, figure_png

    monkeypatch.setenv("BIDGEN_CACHE_DIR", str(tmp_path))
    figure = Figure("t", "图1 测试", 'digraph t { a [label="服务热线"]; a -> b; }\n')
    fresh = drawing._run_dot(
        drawing._executable(), figure.graph, DOCX_FONT, "png:cairo", "-Gdpi=240"
    )
    with memo.in_use():
        drawing._dot.cache_clear()
        first = figure_png(figure, DOCX_FONT)
        assert len(list(tmp_path.glob("figure-*.blob"))) == 1
        drawing._dot.cache_clear()
        calls: list[str] = []
        monkeypatch.setattr(drawing, "_run_dot", lambda *args: calls.append("dot") or b"")
        again = figure_png(figure, DOCX_FONT)
    assert first == again == fresh and calls == []
