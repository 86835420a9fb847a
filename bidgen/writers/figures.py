"""Drawing figures with Graphviz: vector SVG for HTML/PDF, a PNG for DOCX.

Graphviz ``dot`` (Debian package ``graphviz``) lays out and draws the DOT source
of a :class:`bidgen.model.Figure` in the document's Chinese face. Output is
deterministic: the SVG loses Graphviz's version comments, and the PNG (cairo)
carries no time or text chunks (tests check both byte for byte).

Drawing takes ``dot`` 50-150 ms a picture, and most builds draw the pictures of
the last build again: each drawing is kept in the cache folder (a command's
memo, :mod:`bidgen.core.memo`) under a digest of the DOT source, the face, the
format and what decides the pixels besides: the ``dot`` program (path, size
and time; an upgrade of Graphviz rewrites it) and the font file fontconfig
chooses for the face.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from functools import cache, lru_cache

from bidgen.core.errors import BidgenError
from bidgen.core.memo import digest, read_blob, write_blob
from bidgen.model import Figure
from bidgen.writers.fonts import FontChoice

GRAPHVIZ_PACKAGE = "graphviz"
# The DOCX's pictures use the sans face of the PDF's headings (黑体 style): a PNG
# carries its glyphs, so the reader's fonts do not matter.
DOCX_FONT = FontChoice().sans
PRINT_DPI = 240  # Word and WPS print a picture at its size: 240 dpi is sharp on paper
_COMMENT = re.compile(r"<!--.*?-->\s*", re.DOTALL)
_DOCTYPE = re.compile(r"<\?xml[^>]*>\s*|<!DOCTYPE[^>]*>\s*", re.DOTALL)


def figure_svg(figure: Figure, font: str) -> str:
    """The figure as an SVG document (no XML declaration, no comments)."""
    svg = _dot(figure.graph, font, "svg").decode("utf-8")
    return _DOCTYPE.sub("", _COMMENT.sub("", svg)).strip() + "\n"


def figure_png(figure: Figure, font: str, dpi: int = PRINT_DPI) -> bytes:
    """The figure as a PNG at ``dpi`` (its physical size is that of the SVG)."""
    return _dot(figure.graph, font, "png:cairo", f"-Gdpi={dpi}")


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height in pixels, read from the PNG's IHDR chunk."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def shown_size(figure: Figure, font: str, max_width: float) -> tuple[float, float]:
    """Width and height in points as printed: natural size, shrunk to ``max_width``."""
    width, height = (pixels * 72 / PRINT_DPI for pixels in png_size(figure_png(figure, font)))
    scale = min(1.0, max_width / width) if width else 1.0
    return width * scale, height * scale


@lru_cache(maxsize=32)
def _dot(graph: str, font: str, fmt: str, *options: str) -> bytes:
    executable = _executable()
    stamp = _drawing_stamp(executable, font)
    if stamp is None:  # the face's file is unknown: nothing to key a kept drawing by
        return _run_dot(executable, graph, font, fmt, *options)
    parts = (stamp, graph, font, fmt, *options)
    key = digest(part.encode("utf-8", "surrogatepass") for part in parts)
    drawn = read_blob("figure", key)
    if drawn is None:
        drawn = _run_dot(executable, graph, font, fmt, *options)
        write_blob("figure", key, drawn)
    return drawn


def _executable() -> str:
    executable = shutil.which("dot")
    if executable is None:
        raise BidgenError(
            f"找不到 Graphviz 的 dot 程序，无法绘制插图：请安装 {GRAPHVIZ_PACKAGE}"
            f"（apt-get install {GRAPHVIZ_PACKAGE}）"
        )
    return executable


@cache
def _drawing_stamp(executable: str, font: str) -> str | None:
    """What decides a drawing besides its source: the ``dot`` program and the face's file."""
    try:
        program = os.stat(executable)
        chosen = subprocess.run(
            ["fc-match", "-f", "%{file}", font], capture_output=True, timeout=30, check=False
        ).stdout.decode("utf-8", "replace")
        face = os.stat(chosen)
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return None
    return (
        f"{executable}\0{program.st_size}\0{program.st_mtime_ns}\0"
        f"{chosen}\0{face.st_size}\0{face.st_mtime_ns}"
    )


def _run_dot(executable: str, graph: str, font: str, fmt: str, *options: str) -> bytes:
    fonts = [f"-{kind}fontname={font}" for kind in "GNE"]
    command = [executable, f"-T{fmt}", *fonts, *options]
    try:
        done = subprocess.run(
            command, input=graph.encode("utf-8"), capture_output=True, check=False, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise BidgenError(f"Graphviz 绘制插图失败：{exc}") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip()
        raise BidgenError(f"Graphviz 绘制插图失败（退出码 {done.returncode}）：{detail}")
    return done.stdout
