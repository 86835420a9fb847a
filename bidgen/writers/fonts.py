"""CJK font selection and the environment checks that the PDF writer needs.

WeasyPrint asks fontconfig for fonts by family name. A family name that is
almost right ("Noto Serif CJK", "Noto Serif SC") silently falls back to some
other face, or to boxes, so the names are checked exactly before a PDF is laid
out. Neither check imports WeasyPrint: they run on every ``bidgen build``.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import re
import shutil
import subprocess
from dataclasses import dataclass

from bidgen.core.errors import BidgenError

FONT_PACKAGE = "fonts-noto-cjk"
SUBSET_PACKAGE = "libharfbuzz-subset0"

# The names WeasyPrint 70 tries, in its order (weasyprint/text/ffi.py, ``_dlopen``).
_HB_SUBSET_NAMES = (
    "libharfbuzz-subset-0",
    "harfbuzz-subset",
    "harfbuzz-subset-0.0",
    "libharfbuzz-subset.so.0",
    "libharfbuzz-subset.0.dylib",
    "libharfbuzz-subset-0.dll",
)
_HB_NAMES = (
    "libharfbuzz-0",
    "harfbuzz",
    "harfbuzz-0.0",
    "libharfbuzz.so.0",
    "libharfbuzz.0.dylib",
    "libharfbuzz-0.dll",
)
# WeasyPrint needs hb_set_add_sorted_array, new in HarfBuzz 4.1.0 (weasyprint/pdf/fonts.py).
_HB_MIN_VERSION = (4, 1, 0)

# fc-list separates a face's family names with commas and escapes literal ones.
_FAMILY_SPLIT = re.compile(r"(?<!\\),")


@dataclass(frozen=True)
class FontChoice:
    """The CJK families for body text (宋体 style) and headings (黑体 style)."""

    serif: str = "Noto Serif CJK SC"
    sans: str = "Noto Sans CJK SC"


def check_fonts(choice: FontChoice) -> None:
    """Raise :class:`BidgenError` unless both families exist as Chinese faces."""
    available = cjk_families()
    missing = [name for name in (choice.serif, choice.sans) if name not in available]
    if not missing:
        return
    names = "、".join(f"“{name}”" for name in dict.fromkeys(missing))
    raise BidgenError(
        f"找不到中文字体 {names}（字体族名须与 fc-list 所列完全一致，相近的名称会被静默替换为其他字体）。"
        f"请安装 Debian 软件包 {FONT_PACKAGE}（apt-get install {FONT_PACKAGE}），"
        "或用 --font-serif / --font-sans 选项、项目配置中的 fonts 键指定已安装的中文字体"
        f"{_suggestion(available)}。"
    )


def cjk_families() -> frozenset[str]:
    """Every family name fontconfig knows for faces that cover Chinese."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise BidgenError(
            "找不到 fontconfig 的 fc-list 命令，无法确认中文字体是否安装。"
            f"请安装 Debian 软件包 fontconfig 和 {FONT_PACKAGE}。"
        )
    listing = subprocess.run(
        [fc_list, ":lang=zh", "family"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
    ).stdout
    return frozenset(_parse_families(listing))


def _parse_families(listing: str) -> list[str]:
    families = []
    for line in listing.splitlines():
        for name in _FAMILY_SPLIT.split(line):
            name = name.replace("\\", "").strip()
            if name:
                families.append(name)
    return families


def _suggestion(available: frozenset[str]) -> str:
    # Name a few installed Chinese families so the user can copy one exactly.
    if not available:
        return ""
    # Simplified-Chinese faces first: they are the ones a mainland bid wants.
    ranked = sorted(available, key=lambda name: (not name.endswith(("SC", "CN")), name))
    shown = "、".join(ranked[:6])
    return f"（本机已安装的中文字体族：{shown}）"


def harfbuzz_subset_warning() -> str | None:
    """A warning if WeasyPrint would subset fonts with fontTools (about 7x slower)."""
    if _load_first(_HB_SUBSET_NAMES) is not None and _harfbuzz_is_recent():
        return None
    return (
        "未找到 HarfBuzz 字体子集库（libharfbuzz-subset >= 4.1），WeasyPrint 将改用 fontTools "
        "裁剪中文字体，生成 PDF 会慢很多（45 页约 19 秒而非 3 秒）。"
        f"请安装 Debian 软件包 {SUBSET_PACKAGE}（apt-get install {SUBSET_PACKAGE}）。"
    )


def _load_first(names: tuple[str, ...]) -> ctypes.CDLL | None:
    # cffi's dlopen, which WeasyPrint uses, tries each name as given and then
    # through ctypes.util.find_library; the direct tries are cheap, so do them first.
    for name in names:
        with contextlib.suppress(OSError):
            return ctypes.CDLL(name)
    for name in names:
        path = ctypes.util.find_library(name)
        if path:
            with contextlib.suppress(OSError):
                return ctypes.CDLL(path)
    return None


def _harfbuzz_is_recent() -> bool:
    harfbuzz = _load_first(_HB_NAMES)
    if harfbuzz is None:
        return False
    check = harfbuzz.hb_version_atleast
    check.argtypes = (ctypes.c_uint, ctypes.c_uint, ctypes.c_uint)
    check.restype = ctypes.c_int
    return bool(check(*_HB_MIN_VERSION))
