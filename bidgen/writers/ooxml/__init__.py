"""Raw WordprocessingML helpers: the only package that touches XML directly.

python-docx covers styles, runs and paragraph formatting; what it does not
model (East Asian fonts, character-based indents, outline levels, list
definitions, fields, repeating table headers, …) is done here, one function
per element and named after it. Every helper takes a python-docx proxy
(paragraph, table, row, cell, style, settings) or a bare ``lxml`` element, and
inserts children in schema order (:mod:`.schema`), since Word rejects
out-of-order elements as a corrupt file.

Callers use the package as one namespace (``ooxml.set_east_asia_font``); the
modules group the helpers by the part or element family they edit.
"""

from __future__ import annotations

from bidgen.writers.ooxml.fields import (
    add_bookmark,
    add_field,
    add_toc_entry,
    begin_field,
    bookmarks,
    end_field,
)
from bidgen.writers.ooxml.numbering import (
    Level,
    abstract_num_id,
    add_abstract_num,
    add_num,
    level_formats,
    remove_numbering_definitions,
)
from bidgen.writers.ooxml.schema import (
    remove_children,
)
from bidgen.writers.ooxml.settings import (
    set_app_properties,
    set_compat_option,
    set_compatibility_mode,
    set_theme_font_lang,
    set_theme_fonts,
    set_update_fields,
    strip_document_ids,
    strip_rsid_attributes,
)
from bidgen.writers.ooxml.styles import (
    Metrics,
    add_default_style,
    based_on,
    clear_properties,
    copy_style,
    doc_defaults,
    paragraph_metrics,
    remove_styles,
    set_based_on,
    set_default_style,
    set_style_flags,
    set_style_id,
    style_by_id,
    style_ids,
)
from bidgen.writers.ooxml.tables import (
    set_cant_split,
    set_cell_shading,
    set_repeat_header,
    set_table_borders,
    set_table_cell_margins,
    set_table_indent,
    set_table_style,
    set_table_width,
)
from bidgen.writers.ooxml.tags import (
    split_jinja_tags,
)
from bidgen.writers.ooxml.text import (
    at_page_start,
    has_blocks,
    num_pr,
    paragraph_style_ids,
    preserve_space,
    remove_num_pr,
    set_character_spacing,
    set_east_asia_font,
    set_first_line_chars,
    set_font_size,
    set_fonts,
    set_kern,
    set_lang,
    set_left_chars,
    set_num_pr,
    set_outline_level,
    set_paragraph_border,
    set_paragraph_style,
    set_picture_description,
    set_tab_stop,
    strip_theme_fonts,
    tab_stops,
    xml_safe,
)

__all__ = [
    "Level",
    "Metrics",
    "abstract_num_id",
    "add_abstract_num",
    "add_bookmark",
    "add_default_style",
    "add_field",
    "add_num",
    "add_toc_entry",
    "at_page_start",
    "based_on",
    "begin_field",
    "bookmarks",
    "clear_properties",
    "copy_style",
    "doc_defaults",
    "end_field",
    "has_blocks",
    "level_formats",
    "num_pr",
    "paragraph_metrics",
    "paragraph_style_ids",
    "preserve_space",
    "remove_children",
    "remove_num_pr",
    "remove_numbering_definitions",
    "remove_styles",
    "set_app_properties",
    "set_based_on",
    "set_cant_split",
    "set_cell_shading",
    "set_character_spacing",
    "set_compat_option",
    "set_compatibility_mode",
    "set_default_style",
    "set_east_asia_font",
    "set_first_line_chars",
    "set_font_size",
    "set_fonts",
    "set_kern",
    "set_lang",
    "set_left_chars",
    "set_num_pr",
    "set_outline_level",
    "set_paragraph_border",
    "set_paragraph_style",
    "set_picture_description",
    "set_repeat_header",
    "set_style_flags",
    "set_style_id",
    "set_tab_stop",
    "set_table_borders",
    "set_table_cell_margins",
    "set_table_indent",
    "set_table_style",
    "set_table_width",
    "set_theme_font_lang",
    "set_theme_fonts",
    "set_update_fields",
    "split_jinja_tags",
    "strip_document_ids",
    "strip_rsid_attributes",
    "strip_theme_fonts",
    "style_by_id",
    "style_ids",
    "tab_stops",
    "xml_safe",
]
