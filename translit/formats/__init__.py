"""Convert documents: HTML, Markdown, subtitles, Word, JSON, JSON Lines, CSV/TSV, Parquet
and plain text.

Why a layer of its own: converting a web page or a data file as plain text breaks its
markup (tags, URLs, code, keys). Each format here finds the text a reader sees, converts
only that, and keeps every other byte as it was. Formats do no file I/O: the batch layer
(``translit.batch``) reads, decodes, encodes and writes; a format turns a ``str`` into a
``str`` (or, for Word, ``bytes`` into ``bytes``).

Optional dependencies (markdown-it-py, lxml) are imported only when a document of
that kind is converted; a missing one raises ``translit.MissingExtraError`` naming the
extra to install.
"""

from __future__ import annotations

import os

from ._base import Format, FormatError, FormatOptions, FormatWarning
from .delimited import DelimitedFormat
from .docx import DocxFormat
from .html import HtmlFormat
from .jsonfmt import JsonFormat
from .jsonlines import GzipJsonLinesFormat, JsonLinesFormat
from .markdown import MarkdownFormat
from .parquet import ParquetFormat
from .subtitles import SrtFormat, VttFormat
from .text import TextFormat

__all__ = [
    "NAMES", "Format", "FormatError", "FormatOptions", "FormatWarning", "format_for", "formats",
]

_FORMATS: tuple[Format, ...] = (
    TextFormat(),
    HtmlFormat(),
    MarkdownFormat(),
    SrtFormat(),
    VttFormat(),
    DocxFormat(),
    JsonFormat(),
    JsonLinesFormat(),
    GzipJsonLinesFormat(),
    ParquetFormat(),
    DelimitedFormat("csv", (".csv",), None),
    DelimitedFormat("tsv", (".tsv", ".tab"), "\t"),
)

NAMES: tuple[str, ...] = tuple(f.name for f in _FORMATS)
_BY_NAME = {f.name: f for f in _FORMATS}
_BY_EXTENSION = {ext: f for f in _FORMATS for ext in f.extensions}
_DOUBLE_EXTENSIONS = tuple(ext for ext in _BY_EXTENSION if ext.count(".") > 1)


def formats() -> tuple[Format, ...]:
    """Every format, in the order of ``NAMES``."""
    return _FORMATS


def format_for(path: str | os.PathLike[str] | None, forced: str | None = None) -> Format:
    """The format of ``path`` by its extension (case-insensitive), or the ``forced`` one.

    ``forced`` is a name from ``NAMES`` or one of the extensions without the dot
    (``md``, ``htm``, ``txt``...). An unknown extension, or no path, means plain text; an
    unknown forced name raises ValueError listing the names.

    >>> format_for("site/index.HTML").name, format_for("notes.log").name
    ('html', 'text')
    >>> format_for("notes.txt", "md").name
    'markdown'
    """
    if forced is not None:
        key = forced.strip().lower()
        found = _BY_NAME.get(key) or _BY_EXTENSION.get("." + key.lstrip("."))
        if found is None:
            raise ValueError(f"unknown format {forced!r}; choose one of: {', '.join(NAMES)}")
        return found
    if path is None:
        return _BY_NAME["text"]
    lowered = os.fspath(path).lower()
    for double in _DOUBLE_EXTENSIONS:  # data.jsonl.gz is JSON Lines, compressed
        if lowered.endswith(double):
            return _BY_EXTENSION[double]
    extension = os.path.splitext(lowered)[1]
    return _BY_EXTENSION.get(extension, _BY_NAME["text"])
