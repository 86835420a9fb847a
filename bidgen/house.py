"""The house style of a build: the Word template's, with the profile's ``style`` over it.

The DOCX writer fills the template and changes only what the profile sets
differently; the PDF is laid out from the same resolved
:class:`~bidgen.model.HouseStyle`, so the PDF a writer checks looks like the
DOCX they submit (fonts, size, line spacing, margins, header text, logo,
accent colour).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from bidgen.core.errors import BidgenError, Problem
from bidgen.core.files import note_read
from bidgen.model import Document, HouseStyle, Logo

if TYPE_CHECKING:  # a remembered build needs style_notes, not the profile's models
    from bidgen.profile.loading import LoadedProfile
    from bidgen.profile.style import Style

MAX_LOGO_BYTES = 5 * 1024 * 1024
# Faces whose line height the DOCX page estimate knows: Noto CJK, and 宋体/黑体, which
# readers without them (LibreOffice on Linux, with the usual aliases) draw in Noto CJK.
# These are also the faces the profile's ``fonts`` stand in for in the PDF, silently.
STAND_IN_FACES = frozenset({"宋体", "黑体", "SimSun", "SimHei", "新宋体", "NSimSun"})


def style_notes(style: HouseStyle) -> list[str]:
    """What the build should tell the user about the house style it could not honour."""
    faces = [style.body_font, style.heading_font]
    unknown = [f for f in faces if f not in STAND_IN_FACES and not f.startswith("Noto ")]
    if not unknown:
        return []
    names = "、".join(f"“{name}”" for name in dict.fromkeys(unknown))
    return [
        f"DOCX 目录中的页码按 Noto CJK（宋体/黑体）的行高估算，字体 {names} 的行高不同，"
        "页码可能相差一两页：Word 打开文件时提示更新域，选“是”即得准确页码；"
        "WPS 中右键单击目录选择“更新域”。"
    ]


def template_path(loaded: LoadedProfile, override: Path | None) -> Path | None:
    """``--template`` wins over the profile's ``style.template`` (relative to the profile)."""
    return loaded.chosen_path(override, loaded.profile.style.template)


def styled(document: Document, loaded: LoadedProfile, template: Path | None) -> Document:
    """The document with the build's house style and header text."""
    # Imported here: the template reader loads python-docx (about 60 ms), which
    # `bidgen check` does not need.
    from bidgen.writers.docx.house import read_template_layout
    from bidgen.writers.docx.template import TEMPLATE

    style = loaded.profile.style
    base = read_template_layout(template or TEMPLATE)
    house = overlay(base, style, _logo(loaded, style))
    meta = document.meta
    if style.header_text is not None:
        meta = dataclasses.replace(meta, header_text=style.header_text)
    return dataclasses.replace(document, style=house, meta=meta)


def overlay(base: HouseStyle, style: Style, logo: Logo | None = None) -> HouseStyle:
    """``base`` with every field that ``style`` sets replaced."""
    top, right, bottom, left = base.margins
    margins = style.margins
    spacing = style.line_spacing
    return dataclasses.replace(
        base,
        body_font=style.body_font or base.body_font,
        heading_font=style.heading_font or base.heading_font,
        font_size=style.font_size or base.font_size,
        line_spacing=spacing.value if spacing else base.line_spacing,
        line_exact=spacing.exact if spacing else base.line_exact,
        accent_color=style.accent_color or base.accent_color,
        margins=(
            margins.top or top,
            margins.right or right,
            margins.bottom or bottom,
            margins.left or left,
        ),
        logo=logo,
    )


def _logo(loaded: LoadedProfile, style: Style) -> Logo | None:
    if style.logo is None:
        return None
    path = loaded.relative(style.logo)
    line, column = loaded.source.locate(("style", "logo"))

    def problem(message: str) -> BidgenError:
        return BidgenError(Problem(loaded.source.file, line, column, f"style.logo：{message}"))

    try:
        if path.stat().st_size > MAX_LOGO_BYTES:
            raise problem(f"标志图片过大（上限 5 兆字节）：{path}")
        data = path.read_bytes()
    except OSError:
        raise problem(f"找不到或无法读取标志图片：{path}") from None
    note_read(path, data)  # an input of the build (see bidgen.build)
    from docx.image.exceptions import UnrecognizedImageError
    from docx.image.image import Image

    try:
        image = Image.from_blob(data)
    except (UnrecognizedImageError, ValueError, IndexError, KeyError):
        image = None
    if image is None or image.ext not in ("png", "jpg"):
        raise problem(f"标志图片应为 PNG 或 JPEG 格式：{path}")
    height = style.logo_height
    width = height * image.px_width / image.px_height if image.px_height else height
    media = "image/png" if image.ext == "png" else "image/jpeg"
    return Logo(data=data, media_type=media, width_cm=round(width, 3), height_cm=height)
