"""The profile's ``style`` section: the firm's Word template and house style.

Every field is optional: what is left out comes from the Word template (the
firm's ``template``, or the bundled one). The DOCX and the PDF of a build both
follow the result (see :mod:`bidgen.house`).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema

# Chinese type sizes (字号) in points.
FONT_SIZES: dict[str, float] = {
    "初号": 42,
    "小初": 36,
    "一号": 26,
    "小一": 24,
    "二号": 22,
    "小二": 18,
    "三号": 16,
    "小三": 15,
    "四号": 14,
    "小四": 12,
    "五号": 10.5,
    "小五": 9,
}
MIN_SIZE, MAX_SIZE = 7.5, 22.0  # body text, in points
MIN_MULTIPLE, MAX_MULTIPLE = 1.0, 3.0
MIN_EXACT, MAX_EXACT = 10.0, 60.0  # points
_POINTS = re.compile(r"^(?:固定值)?\s*(\d+(?:\.\d+)?)\s*(?:磅|pt)$", re.IGNORECASE)
_MULTIPLE = re.compile(r"^(\d+(?:\.\d+)?)\s*(?:倍(?:行距)?)?$")
_COLOR = re.compile(r"^#?([0-9A-Fa-f]{6})$")


def _font_size(value: Any) -> float:
    if isinstance(value, bool):
        raise ValueError("应为字号，如“小四”“五号”或磅值 12")
    if isinstance(value, str):
        text = value.strip().removesuffix("磅").removesuffix("pt").strip()
        if text in FONT_SIZES:
            return FONT_SIZES[text]
        try:
            value = float(text)
        except ValueError:
            raise ValueError(f"无法识别的字号“{value}”（可写“小四”“五号”或磅值 12）") from None
    if not isinstance(value, int | float):
        raise ValueError("应为字号，如“小四”“五号”或磅值 12")
    if not MIN_SIZE <= value <= MAX_SIZE:
        raise ValueError(f"正文字号应在 {MIN_SIZE:g} 到 {MAX_SIZE:g} 磅之间：{value:g}")
    return float(value)


def _line_spacing(value: Any) -> LineSpacing:
    if isinstance(value, LineSpacing):
        return value
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError("应为行距，如 1.5（倍）或“22磅”（固定值）")
    text = str(value).strip()
    exact = _POINTS.match(text)
    if exact:
        points = float(exact.group(1))
        if not MIN_EXACT <= points <= MAX_EXACT:
            raise ValueError(f"固定行距应在 {MIN_EXACT:g} 到 {MAX_EXACT:g} 磅之间：“{text}”")
        return LineSpacing(value=points, exact=True)
    multiple = _MULTIPLE.match(text)
    if not multiple:
        raise ValueError(f"无法识别的行距“{text}”（可写 1.5、“1.5倍”或“22磅”）")
    times = float(multiple.group(1))
    if not MIN_MULTIPLE <= times <= MAX_MULTIPLE:
        raise ValueError(f"行距倍数应在 {MIN_MULTIPLE:g} 到 {MAX_MULTIPLE:g} 之间：“{text}”")
    return LineSpacing(value=times, exact=False)


def _color(value: Any) -> str:
    found = _COLOR.match(value.strip()) if isinstance(value, str) else None
    if found is None:
        raise ValueError(f"颜色应写成六位十六进制，如“#1F4E79”：“{value}”")
    return found.group(1).upper()


class LineSpacing(BaseModel):
    """A multiple of single spacing (倍), or a fixed pitch in points (固定值)."""

    model_config = ConfigDict(frozen=True)
    value: float
    exact: bool


FontSize = Annotated[
    float,
    PlainValidator(_font_size),
    WithJsonSchema({"type": ["string", "number"], "examples": ["小四", "五号", 12]}),
]
LineSpacingText = Annotated[
    LineSpacing,
    PlainValidator(_line_spacing),
    WithJsonSchema({"type": ["string", "number"], "examples": [1.5, "1.5倍", "22磅"]}),
]
Color = Annotated[
    str, PlainValidator(_color), WithJsonSchema({"type": "string", "examples": ["#1F4E79"]})
]
Centimetres = Annotated[float, Field(ge=0.5, le=8)]


class Margins(BaseModel):
    """Page margins in centimetres; a side left out keeps the template's."""

    model_config = ConfigDict(extra="forbid")
    top: Centimetres | None = None
    bottom: Centimetres | None = None
    left: Centimetres | None = None
    right: Centimetres | None = None


class Style(BaseModel):
    model_config = ConfigDict(extra="forbid")
    template: Path | None = None  # the firm's Word template, relative to the profile
    body_font: Annotated[str, Field(min_length=1)] | None = None
    heading_font: Annotated[str, Field(min_length=1)] | None = None
    font_size: FontSize | None = None
    line_spacing: LineSpacingText | None = None
    accent_color: Color | None = None
    header_text: Annotated[str, Field(min_length=1)] | None = None
    logo: Path | None = None  # PNG or JPEG, relative to the profile
    logo_height: Annotated[float, Field(ge=0.3, le=3)] = 0.8  # centimetres
    margins: Margins = Margins()
