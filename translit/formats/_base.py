"""The pieces every format shares: the ``Format`` interface, its options and its error.

Why a separate module: the format modules and the package ``__init__`` (the registry) all
need these names, and keeping them here lets each format module import them without
importing the registry, so no import cycle can form. Nothing here knows any format.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

import translit

if TYPE_CHECKING:
    from translit import Transliterator

__all__ = [
    "Format",
    "FormatError",
    "FormatOptions",
    "FormatWarning",
    "line_column",
    "rewrite_lang",
]


class FormatError(translit.TranslitError):
    """A malformed document: the message says what is wrong and where (line, column)."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None):
        where = ""
        if line is not None:
            where = f"line {line}" + (f", column {column}" if column is not None else "") + ": "
        super().__init__(where + message)
        self.line = line
        self.column = column


class FormatWarning(UserWarning):
    """Part of a document was left as written although it may hold text to convert.

    Raised through ``warnings.warn`` (the conversion goes on; the command line prints it),
    for example a Markdown block whose markup could not be matched to the source exactly.
    """


@dataclass(frozen=True)
class FormatOptions:
    """Per-format choices that the plain transliterator options do not cover.

    ``json_keys``: convert JSON object keys too (values are always converted).
    ``columns``: the columns to convert (None: every cell, every text column): CSV/TSV
    header names (as the file has them, before any conversion), JSON Lines top-level
    keys, Parquet column names.
    ``front_matter_keys``: Markdown front matter keys whose string values are converted
    (case-insensitive); keys and every other value are kept.
    ``jobs``: processes a format may use inside one file (Parquet: row groups in
    parallel); the result does not depend on it.
    ``csv_header``: CSV/TSV: ``"keep"`` (the default) leaves the first row, the column
    names, as it is, as JSON keys are kept; ``"convert"`` converts it like the other rows.
    """

    json_keys: bool = False
    columns: tuple[str, ...] | None = None
    front_matter_keys: tuple[str, ...] = ("title", "description", "summary")
    jobs: int = 1
    csv_header: str = "keep"

    def __post_init__(self) -> None:
        if self.csv_header not in ("keep", "convert"):
            raise ValueError(f"csv_header must be 'keep' or 'convert', not {self.csv_header!r}")


class Format:
    """One document format. Text formats implement ``convert_text``, binary ones
    ``convert_bytes``; neither does any file I/O.

    A format that can convert a file piece by piece in bounded memory sets ``streaming``
    and implements ``stream_text`` (decoded text in, converted text out, as iterators) or,
    if binary, ``stream_bytes`` (reads a binary file object, writes to another); the batch
    layer then uses it for files, and the whole-document methods for the rest.
    """

    name: str = ""
    extensions: tuple[str, ...] = ()
    binary: bool = False
    streaming: bool = False
    #: (module, package, extra) when the format needs an optional dependency, so that the
    #: command line can say once, before converting, which extra to install.
    extra: tuple[str, str, str] | None = None

    def stream_text(
        self, chunks: Iterable[str], tr: Transliterator, options: FormatOptions
    ) -> Iterator[str]:
        yield self.convert_text("".join(chunks), tr, options)

    def stream_bytes(
        self, src: BinaryIO, dst: BinaryIO, tr: Transliterator, options: FormatOptions
    ) -> None:
        dst.write(self.convert_bytes(src.read(), tr, options))

    def convert_text(self, text: str, tr: Transliterator, options: FormatOptions) -> str:
        raise TypeError(f"{self.name} is a binary format: use convert_bytes")

    def convert_bytes(self, data: bytes, tr: Transliterator, options: FormatOptions) -> bytes:
        raise TypeError(f"{self.name} is a text format: decode it and use convert_text")

    def __repr__(self) -> str:
        return f"<Format {self.name!r}>"


class StreamingBinaryFormat(Format):
    """A binary format converted as a stream (Parquet, gzip JSON Lines): whole bytes
    are converted through the stream, so there is one way to convert."""

    binary = True
    streaming = True

    def convert_bytes(self, data: bytes, tr: Transliterator, options: FormatOptions) -> bytes:
        out = io.BytesIO()
        self.stream_bytes(io.BytesIO(data), out, tr, options)
        return out.getvalue()


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` in ``text`` (CRLF and CR end lines too)."""
    head = text[:offset]
    line = head.count("\n") + head.count("\r") - head.count("\r\n") + 1
    last = max(head.rfind("\n"), head.rfind("\r"))
    return line, offset - last


_UZ_SCRIPT = re.compile(r"^(\s*uz-)(cyrl|latn)(?=$|[-\s])", re.IGNORECASE)


def _subtag(script: str) -> str | None:
    if script == "cyrillic":
        return "Cyrl"
    if script.startswith("latin"):
        return "Latn"
    return None


def rewrite_lang(value: str, source: str, target: str) -> str | None:
    """``value`` with an ``uz-<source script>`` language tag turned into the target script
    (``uz-Cyrl-UZ`` -> ``uz-Latn-UZ``), keeping the spelling style of the subtag; None when
    nothing changes."""
    old, new = _subtag(source), _subtag(target)
    if old is None or new is None or old == new:
        return None
    match = _UZ_SCRIPT.match(value)
    if match is None or match.group(2).lower() != old.lower():
        return None
    written = match.group(2)
    if written.islower():
        new = new.lower()
    elif written.isupper():
        new = new.upper()
    return value[: match.start(2)] + new + value[match.end(2) :]
