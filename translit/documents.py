"""Which inputs are documents, and their format, reached lazily in ``translit.formats``.

Why this module exists: plain text is streamed, while a document (HTML, DOCX, ...) is
converted whole by its format. The choice is made for every input, but importing the
formats layer costs start-up time that a pipe of plain text must never pay, and a broken
optional format must not stop plain text from being converted. So plain text is
recognised here without importing ``translit.formats``; everything else is asked of it on
first use, behind a small protocol (:class:`DocumentFormat`) naming what the batch layer
needs of a format.
"""

from __future__ import annotations

import functools
import importlib
import os
from collections.abc import Iterable, Iterator
from types import ModuleType
from typing import TYPE_CHECKING, Any, BinaryIO, Protocol

if TYPE_CHECKING:
    from .core.transliterator import Transliterator

__all__ = [
    "PLAIN_TEXT_EXTENSIONS",
    "PLAIN_TEXT_GLOBS",
    "DocumentFormat",
    "default_globs",
    "format_names",
    "formats_module",
    "make_format_options",
    "options_or_default",
    "resolve_format",
]

PLAIN_TEXT_GLOBS = ("*.txt", "*.text")
PLAIN_TEXT_EXTENSIONS = frozenset({".txt", ".text"})  # known without importing the formats


class DocumentFormat(Protocol):
    """What the batch layer uses of a ``translit.formats.Format`` (see the formats contract)."""

    name: str
    binary: bool
    extensions: tuple[str, ...]
    streaming: bool  # files are converted by stream_text/stream_bytes, in bounded memory

    def convert_text(self, text: str, tr: Transliterator, options: Any) -> str: ...

    def convert_bytes(self, data: bytes, tr: Transliterator, options: Any) -> bytes: ...

    def stream_text(
        self, chunks: Iterable[str], tr: Transliterator, options: Any
    ) -> Iterator[str]: ...

    def stream_bytes(
        self, src: BinaryIO, dst: BinaryIO, tr: Transliterator, options: Any
    ) -> None: ...


def formats_module() -> ModuleType:
    """``translit.formats``, imported on first use: a pipe of plain text never pays for it."""
    return importlib.import_module("translit.formats")


def _formats_if_loadable() -> ModuleType | None:
    """For listings only (help text, default globs): None if the formats layer is broken."""
    try:
        return formats_module()
    except ImportError:
        return None


def resolve_format(path: str | None, forced: str | None) -> DocumentFormat | None:
    """The document format of ``path``; None means plain text, which is streamed.

    Plain text (standard input, ``.txt``, ``--format text``) is decided here without
    importing the formats layer. ValueError for a forced name that does not exist;
    ImportError if the formats layer cannot be loaded.
    """
    if forced is None:
        if path is None or os.path.splitext(path)[1].lower() in PLAIN_TEXT_EXTENSIONS:
            return None
    elif forced.strip().lower().lstrip(".") in ("text", "txt"):
        return None
    fmt: DocumentFormat = formats_module().format_for(path, forced)
    return None if fmt.name == "text" else fmt


def format_names() -> tuple[str, ...]:
    """Names accepted by ``--format`` (only ``text`` if the formats layer is broken)."""
    module = _formats_if_loadable()
    return ("text",) if module is None else tuple(module.NAMES)


def make_format_options(
    json_keys: bool,
    columns: tuple[str, ...] | None,
    front_matter_keys: tuple[str, ...] | None = None,
    csv_header: str = "keep",
) -> Any:
    """A ``formats.FormatOptions`` when a format option was given, else None (the default)."""
    if not json_keys and columns is None and front_matter_keys is None and csv_header == "keep":
        return None
    module = formats_module()
    if front_matter_keys is None:
        return module.FormatOptions(json_keys=json_keys, columns=columns, csv_header=csv_header)
    return module.FormatOptions(json_keys=json_keys, columns=columns,
                                front_matter_keys=front_matter_keys, csv_header=csv_header)


def options_or_default(given: Any) -> Any:
    """``given`` format options, or the default ``formats.FormatOptions()`` for None."""
    return given if given is not None else formats_module().FormatOptions()


@functools.lru_cache(maxsize=1)
def default_globs() -> tuple[str, ...]:
    """Files chosen in folders when no --glob is given: plain text plus every document format."""
    globs = list(PLAIN_TEXT_GLOBS)
    module = _formats_if_loadable()
    if module is not None:
        for name in module.NAMES:
            for ext in module.format_for(None, name).extensions:
                pattern = "*" + (ext if ext.startswith(".") else "." + ext).lower()
                if pattern not in globs:
                    globs.append(pattern)
    return tuple(globs)
