"""mkdocs hook: the Cyrillic version of the page for journalists and editors.

Why generated: the page (``muharrirlar.md``) is written once, in Uzbek Latin; its
Cyrillic version is made from it at build time by our own converter, through the
Markdown format (prose converted; code, links and markup kept), so the two never
drift apart and the page shows what the converter does. ``tests/test_docs_uzbek.py``
checks the result.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import translit
from translit.formats import FormatOptions, format_for

if TYPE_CHECKING:
    from mkdocs.structure.files import Files

SOURCE = "muharrirlar.md"
PAGE = "muharrirlar-kirill.md"
DOCS = Path(__file__).resolve().parent.parent


def render_page(latin: str | None = None) -> str:
    """The Cyrillic page, converted from the Latin one (``latin``: its text)."""
    text = (DOCS / SOURCE).read_text("utf-8") if latin is None else latin
    tr = translit.Transliterator("latin", "cyrillic")
    return format_for(SOURCE).convert_text(text, tr, FormatOptions())


def on_files(files: Files, config: Any) -> Files:
    from mkdocs.structure.files import File

    stale = files.get_file_from_path(PAGE)
    if stale is not None:  # a Cyrillic page written by hand would drift: the Latin one wins
        files.remove(stale)
    files.append(File.generated(config, PAGE, content=render_page()))
    return files
