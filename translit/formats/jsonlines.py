"""JSON Lines (``.jsonl``, ``.ndjson``, and gzip-compressed ``.jsonl.gz``): one JSON value
per line, converted line by line in bounded memory.

Why its own format: a corpus in JSON Lines is often gigabytes, and each line is a
record, so it streams: pieces of whole lines (about ``_PIECE`` characters) are scanned by
the JSON format's scanner, which keeps every byte that is not converted text as written.
``FormatOptions.columns`` names top-level keys of the records (only those values are
converted; a record that is not an object, or lacks the key, is left alone); without it
every string value is converted, as in a ``.json`` document. A value must fit on its
line: a line that is not one JSON value is a FormatError naming the line.

A single huge ``.json`` document (one array of records) is not streamed: the JSON format
reads it whole. Write corpora as JSON Lines.
"""

from __future__ import annotations

import gzip
import io
import json
import zlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, BinaryIO

from ._base import Format, FormatError, FormatOptions, StreamingBinaryFormat
from ._segments import Sink, apply_edits
from .jsonfmt import Scanner, json_escaped, json_literal

if TYPE_CHECKING:
    from translit import Transliterator

__all__ = ["GzipJsonLinesFormat", "JsonLinesFormat"]

_PIECE = 1 << 20  # characters converted at a time


class _RecordScanner(Scanner):
    """The JSON scanner, converting only the values of the named top-level keys."""

    def __init__(self, text: str, sink: Sink, keys: bool, only: frozenset[str]) -> None:
        super().__init__(text, sink, keys)
        self.only = only
        self.key: str | None = None
        self.reading_key = False

    def member_key(self) -> None:
        self.reading_key = True
        try:
            super().member_key()
        finally:
            self.reading_key = False

    def string(self, convert: bool) -> None:
        start = self.pos
        if self.reading_key:
            super().string(convert and self.stack == ["}"])
            if self.stack == ["}"]:
                self.key = json.loads(self.text[start : self.pos])
            return
        super().string(convert and self.stack == ["}"] and self.key in self.only)


class JsonLinesFormat(Format):
    name = "jsonl"
    extensions = (".jsonl", ".ndjson")
    streaming = True

    def convert_text(self, text: str, tr: Transliterator, options: FormatOptions) -> str:
        return "".join(self.stream_text([text], tr, options))

    def stream_text(
        self, chunks: Iterable[str], tr: Transliterator, options: FormatOptions
    ) -> Iterator[str]:
        pending = ""
        line = 1  # of the start of pending
        ascii_only: bool | None = None  # decided on the first piece, for the whole file
        for chunk in chunks:
            pending += chunk
            if len(pending) < _PIECE:
                continue
            cut = pending.rfind("\n") + 1
            if cut:
                piece, pending = pending[:cut], pending[cut:]
                if ascii_only is None:
                    ascii_only = piece.isascii()
                yield _convert_lines(piece, line, tr, options, ascii_only)
                line += piece.count("\n")
        if pending:
            if ascii_only is None:
                ascii_only = pending.isascii()
            yield _convert_lines(pending, line, tr, options, ascii_only)


def _convert_lines(text: str, first_line: int, tr: Transliterator, options: FormatOptions,
                   ascii_only: bool) -> str:
    sink = Sink()
    only = None if options.columns is None else frozenset(c.strip() for c in options.columns)
    scanner = (
        Scanner(text, sink, options.json_keys)
        if only is None
        else _RecordScanner(text, sink, options.json_keys, only)
    )
    # Like a .json document, a file written all-ASCII (pandas, json.dumps with their
    # defaults) stays all-ASCII; judged on the first piece so that the file is consistent.
    scanner.literal = json_escaped if ascii_only else json_literal
    start = 0
    number = first_line
    size = len(text)
    while start < size:
        end = text.find("\n", start)
        end = size if end < 0 else end
        scanner.pos = start
        if first_line == 1 and start == 0 and text.startswith("\ufeff"):
            scanner.pos = 1
        if text[scanner.pos : end].strip(" \t\r"):
            try:
                scanner.value()
                if scanner.pos > end or text[scanner.pos : end].strip(" \t\r"):
                    raise scanner.error("a JSON Lines record must be one JSON value on one line")
            except FormatError as exc:
                column = exc.column if exc.line is not None else None
                message = str(exc).split(": ", 1)[-1]
                if exc.line is not None and exc.line > number - first_line + 1:
                    column = None  # the error is past this line: name the record's line
                raise FormatError(message, line=number, column=column) from None
        start = end + 1
        number += 1
    return apply_edits(text, sink.result(tr))


class GzipJsonLinesFormat(StreamingBinaryFormat):
    """JSON Lines compressed with gzip: decompressed, converted and compressed again as a
    stream (the output is a new gzip member: the same text, not the same bytes)."""

    name = "jsonl.gz"
    extensions = (".jsonl.gz", ".ndjson.gz")
    def stream_bytes(
        self, src: BinaryIO, dst: BinaryIO, tr: Transliterator, options: FormatOptions
    ) -> None:
        lines = JsonLinesFormat()
        try:
            with (
                gzip.GzipFile(fileobj=src, mode="rb") as packed,
                io.TextIOWrapper(packed, encoding="utf-8-sig", newline="") as reader,
                gzip.GzipFile(filename="", fileobj=dst, mode="wb", mtime=0) as out,
            ):
                chunks = iter(lambda: reader.read(_PIECE), "")
                for piece in lines.stream_text(chunks, tr, options):
                    out.write(piece.encode("utf-8"))
        except (OSError, EOFError, UnicodeDecodeError, zlib.error) as exc:
            if isinstance(exc, OSError) and exc.errno is not None:
                raise  # a real I/O error (BadGzipFile has none): the batch reports it
            raise FormatError(f"not a readable gzip file of UTF-8 JSON Lines: {exc}") from None
