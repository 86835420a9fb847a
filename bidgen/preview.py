"""``bidgen preview``: the proposal as a local web page that follows the files.

The page is the HTML writer's output with a findings panel beside it; every
finding in the proposal's text links to its section. A watcher (watchfiles)
rebuilds when the profile, a clause file or a spreadsheet list is saved, and
tells the open pages over server-sent events to reload. The server binds to
127.0.0.1 only: the page shows a bid before it is sealed.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bidgen.build import build_document
from bidgen.core.errors import BidgenError
from bidgen.core.resources import data_path
from bidgen.library.clauses import clause_dir
from bidgen.model import Document, Section, numbered_title
from bidgen.validate.findings import CHAPTER_SEPARATOR, SEVERITY_NAMES, Finding
from bidgen.validate.runner import check_document, select_rules
from bidgen.writers.fonts import FontChoice
from bidgen.writers.html import render_html

HOST = "127.0.0.1"
WATCHED_SUFFIXES = frozenset({".yaml", ".yml", ".md", ".xlsx", ".csv"})
PANEL_CSS = data_path("templates", "preview", "panel.css")
PANEL_JS = data_path("templates", "preview", "reload.js")
_KEEPALIVE_SECONDS = 15.0


@dataclass(frozen=True)
class Page:
    """One rendering of the preview: its version and its HTML."""

    version: int
    html: str


class Preview:
    """The latest page for one profile, rebuilt on demand; thread-safe."""

    def __init__(self, profile: Path, clauses: Path | None = None) -> None:
        self.profile = profile
        self.clauses = clauses
        self._changed = threading.Condition()
        self._page = Page(0, "")
        self.watched: list[Path] = [profile.resolve().parent]
        self.rebuild()

    @property
    def page(self) -> Page:
        with self._changed:
            return self._page

    def rebuild(self) -> Page:
        """Build and check the proposal again; bad input shows as the page's message."""
        body, version = self._render(), self.page.version + 1
        with self._changed:
            self._page = Page(version, _with_version(body, version))
            self._changed.notify_all()
            return self._page

    def wait_newer(self, version: int, timeout: float) -> Page:
        """The page once it is newer than ``version`` (or the current one after ``timeout``)."""
        with self._changed:
            self._changed.wait_for(lambda: self._page.version != version, timeout)
            return self._page

    def _render(self) -> str:
        try:
            built = build_document(self.profile, self.clauses)
        except BidgenError as exc:
            return _error_page(exc)
        folder = clause_dir(built.loaded, self.clauses)
        if folder is not None:
            self.watched = sorted({self.profile.resolve().parent, folder.resolve()})
        findings = check_document(built.document, built.loaded, select_rules())
        fonts = built.loaded.profile.fonts
        page = render_html(built.document, FontChoice(serif=fonts.serif, sans=fonts.sans))
        return _with_panel(page, _panel(built.document, findings))


def _anchors(document: Document) -> dict[str, str]:
    """Chapter path (as findings carry it) -> the HTML writer's heading anchor."""
    anchors: dict[str, str] = {}

    def visit(sections: tuple[Section, ...], trail: tuple[str, ...], path: tuple[int, ...]) -> None:
        for index, section in enumerate(sections, start=1):
            here, numbers = (*trail, numbered_title(section, index)), (*path, index)
            anchors[CHAPTER_SEPARATOR.join(here)] = "h-" + "-".join(map(str, numbers))
            visit(section.children, here, numbers)

    visit(document.sections, (), ())
    return anchors


def _panel(document: Document, findings: list[Finding]) -> str:
    anchors = _anchors(document)
    items = "".join(_finding_item(finding, anchors) for finding in findings)
    if not findings:
        return '<aside id="bidgen-findings"><h2>检查结果</h2><p class="ok">未发现问题。</p></aside>'
    errors = sum(1 for finding in findings if finding.severity == "error")
    title = f"检查结果：{len(findings)} 个问题（错误 {errors} 个）"
    return f'<aside id="bidgen-findings"><h2>{title}</h2><ol>{items}</ol></aside>'


def _finding_item(finding: Finding, anchors: dict[str, str]) -> str:
    where = finding.location
    anchor = anchors.get(where.chapter)
    label = html.escape(where.chapter) if where.chapter else html.escape(where.format())
    place = f'<a href="#{anchor}">{label}</a>' if anchor else f"<span>{label}</span>"
    quotes = "".join(f"<q>{html.escape(quote)}</q>" for quote in finding.quotes)
    severity = SEVERITY_NAMES[finding.severity]
    return (
        f'<li class="finding {finding.severity}" data-code="{finding.code}">'
        f"<b>{finding.code}</b>（{severity}）{html.escape(finding.message)}"
        f'<div class="place">{place}</div>{quotes}</li>'
    )


def _error_page(exc: BidgenError) -> str:
    lines = "".join(f"<li>{html.escape(line)}</li>" for line in exc.lines())
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        "<title>项目配置有误</title></head><body>"
        '<aside id="bidgen-findings" class="input-error"><h2>项目配置有误，无法生成方案</h2>'
        f"<ol>{lines}</ol><p>保存修改后页面会自动刷新。</p></aside></body></html>"
    )


def _with_panel(page: str, panel: str) -> str:
    style = f"<style>{PANEL_CSS.read_text('utf-8')}</style>"
    page = page.replace("</head>", f"{style}\n</head>", 1)
    return page.replace("</body>", f"{panel}\n</body>", 1)


def _with_version(page: str, version: int) -> str:
    script = PANEL_JS.read_text("utf-8").replace("__VERSION__", str(version))
    return page.replace("</body>", f"<script>{script}</script>\n</body>", 1)


def relevant(path: str) -> bool:
    """Whether a saved file can change the proposal (editors' temporary files cannot)."""
    name = Path(path).name
    return Path(path).suffix.lower() in WATCHED_SUFFIXES and not name.startswith((".", "~$"))


def watch(preview: Preview, stop: threading.Event) -> None:
    """Rebuild whenever a relevant file under the watched folders changes, until ``stop``."""
    # watchfiles is loaded only by the preview (start-up of every other command).
    import watchfiles

    while not stop.is_set():
        folders = list(preview.watched)
        for changes in watchfiles.watch(*folders, stop_event=stop, debounce=200, step=50):
            if any(relevant(path) for _change, path in changes):
                preview.rebuild()
            if preview.watched != folders:
                break  # the profile now names another clause folder: watch that too


def _handler(preview: Preview) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.split("?")[0] == "/events":
                self._events()
            elif self.path.split("?")[0] in ("/", "/index.html"):
                self._send(preview.page.html.encode("utf-8"), "text/html; charset=utf-8")
            else:
                self.send_error(HTTPStatus.NOT_FOUND)

        def _send(self, body: bytes, content_type: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            try:
                for message in _event_stream(preview):
                    self.wfile.write(message.encode("utf-8"))
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

        def log_message(self, format: str, *args: Any) -> None:
            return  # the CLI prints what matters; request logs would drown it

    return Handler


def _event_stream(preview: Preview) -> Iterator[str]:
    """The current version at once, then each new version (comments keep the line alive)."""
    version = preview.page.version
    yield f"event: version\ndata: {version}\n\n"
    while True:
        page = preview.wait_newer(version, _KEEPALIVE_SECONDS)
        if page.version == version:
            yield ": keepalive\n\n"
            continue
        version = page.version
        yield f"event: version\ndata: {version}\n\n"


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # open event streams must not keep the process alive


def make_server(preview: Preview, port: int) -> PreviewServer:
    """An HTTP server for the preview on 127.0.0.1 (port 0 picks a free one)."""
    try:
        return PreviewServer((HOST, port), _handler(preview))
    except OSError:
        message = f"无法在 {HOST}:{port} 启动预览服务：端口可能已被占用，请用 --port 另选端口"
        raise BidgenError(message) from None
