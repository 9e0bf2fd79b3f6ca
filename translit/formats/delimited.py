"""CSV and TSV: convert cell text in place, keep the dialect, the quoting and line endings.

Why not ``csv.reader``/``csv.writer``: writing the rows back chooses its own quoting and
line terminator, so a file that quoted every cell, used ``;`` or CRLF would come out
different in every line. We scan the file ourselves, record where each cell's text is, and
rewrite only that text. Each cell is converted on its own (a cell is a unit of meaning).

CSV: the delimiter is taken from Excel's ``sep=;`` first line (kept, not a row) or guessed
from the first lines among ``,`` ``;`` ``|`` and tab (comma when unsure); ``"`` quotes a
cell, ``""`` inside it stands for one quote. A quote that is never closed, or text right
after a closing quote, is a FormatError. TSV: tab-separated, no quoting (the IANA
``text/tab-separated-values`` rule), every character is cell text.

The first row is the header: column names, which are names in a data file (``id,url``
must not become ``ид,урл``), so it is kept as it is, as JSON keys are kept, unless
``FormatOptions.csv_header`` is ``"convert"``. ``FormatOptions.columns`` limits the
conversion to the named columns (header included, when it is converted), named as the
file has them.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._base import Format, FormatError, FormatOptions, line_column
from ._segments import Edit, Piece, Sink, apply_edits, convert_many, has_letters

if TYPE_CHECKING:
    from translit import Transliterator

__all__ = ["DelimitedFormat"]

_CANDIDATES = (",", ";", "\t", "|")
_EXCEL_SEP = re.compile(r"\ufeff?sep=([^\r\n])(?:\r\n|\r|\n)")


@dataclass
class _Cell:
    pieces: list[Piece]
    value: str  # the cell's text with quoting undone (to match header names)


def _guess_delimiter(text: str) -> str:
    """The candidate that splits the first lines (outside quotes) most consistently."""
    lines: list[str] = []
    for line in text.splitlines()[:20]:
        if line.strip():
            lines.append(line)
    best, best_score = ",", 0
    for candidate in _CANDIDATES:
        counts = [_count_outside_quotes(line, candidate) for line in lines]
        if not counts or counts[0] == 0:
            continue
        score = sum(1 for c in counts if c == counts[0]) * 100 + counts[0]
        if score > best_score:
            best, best_score = candidate, score
    return best


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


class _Quoter:
    """Double the quote character in converted text inside a quoted cell."""

    def __call__(self, text: str) -> str:
        return text.replace('"', '""')


class _CellQuoter:
    """Quote an unquoted cell whose converted text holds the delimiter or a line break, or
    starts with a quote (``sep='`` with ``--apostrophe ascii`` turns ``ʼ`` into the
    delimiter). A quote inside an unquoted cell is read as text, so it may stay."""

    def __init__(self, delimiter: str) -> None:
        self.special = (delimiter, "\r", "\n")

    def __call__(self, text: str) -> str:
        if text.startswith('"') or any(char in text for char in self.special):
            return '"' + text.replace('"', '""') + '"'
        return text


def _rows(text: str, delimiter: str, quoting: bool, start: int = 0) -> list[list[_Cell]]:
    rows: list[list[_Cell]] = []
    row: list[_Cell] = []
    pos, size = start, len(text)
    unquoted = re.compile(f"[^{re.escape(delimiter)}\r\n]*")
    quoter = _Quoter()
    while pos < size or row:
        if quoting and text.startswith('"', pos):
            opening = pos
            pos += 1
            pieces: list[Piece] = []
            value: list[str] = []
            run = pos
            while True:
                close = text.find('"', pos)
                if close < 0:
                    line, column = line_column(text, opening)
                    raise FormatError("quoted cell is never closed", line=line, column=column)
                if text.startswith('""', close):
                    if close > run:
                        pieces.append(Piece(text[run:close], run, close, quoter))
                    pieces.append(Piece('"'))
                    value.append(text[run:close] + '"')
                    pos = run = close + 2
                    continue
                if close > run:
                    pieces.append(Piece(text[run:close], run, close, quoter))
                value.append(text[run:close])
                pos = close + 1
                break
            end = pos
            if end < size and text[end] not in (delimiter, "\r", "\n"):
                line, column = line_column(text, end)
                raise FormatError("unexpected text after a closing quote", line=line,
                                  column=column)
            row.append(_Cell(pieces, "".join(value)))
        else:
            match = unquoted.match(text, pos)
            end = match.end() if match else pos
            cell = text[pos:end]
            quote = _CellQuoter(delimiter) if quoting else None
            row.append(_Cell([Piece(cell, pos, end, quote)] if cell else [], cell))
        pos = end
        if pos < size and text[pos] == delimiter:
            pos += 1
            if pos >= size:  # a trailing delimiter at the end of the file: one empty cell
                row.append(_Cell([], ""))
                rows.append(row)
                row = []
            continue
        if text.startswith("\r\n", pos):
            pos += 2
        elif pos < size:
            pos += 1
        rows.append(row)
        row = []
    return rows


class DelimitedFormat(Format):
    """CSV (``delimiter`` None: guessed, quoted cells) or TSV (tab, no quoting)."""

    streaming = True

    def __init__(self, name: str, extensions: tuple[str, ...], delimiter: str | None) -> None:
        self.name = name
        self.extensions = extensions
        self.delimiter = delimiter

    def convert_text(self, text: str, tr: Transliterator, options: FormatOptions) -> str:
        return "".join(self.stream_text([text], tr, options))

    def stream_text(
        self, chunks: Iterable[str], tr: Transliterator, options: FormatOptions
    ) -> Iterator[str]:
        """Rows converted a piece of whole rows at a time: memory stays bounded by
        ``_PIECE`` plus the longest row, and the result is that of the whole text (each
        piece starts at a row start, so it is parsed exactly as inside the whole)."""
        quoting = self.delimiter is None
        pending = ""
        head: tuple[str, set[int] | None] | None = None  # delimiter, wanted columns
        lines_before = 0
        wait = _PIECE  # grows when no row ends in pending (a long quoted cell)
        for chunk in chunks:
            pending += chunk
            if len(pending) < wait:
                continue
            if head is None and _line_breaks(pending) <= _GUESS_LINES:
                continue  # the delimiter is guessed from the first lines, as for a whole text
            body = 0
            if head is None:
                found = self._head(pending, options, final=False)
                if found is None:  # a header row still open (a long quoted cell)
                    wait = 2 * len(pending)  # look again when it has doubled: linear time
                    continue
                head, body = found
            out, cut = self._take(pending, body, head, quoting, tr, lines_before)
            if out is None:
                if quoting and _broken_row(pending, head[0], body):
                    yield self._piece(pending, body, head, quoting, tr, lines_before)  # raises
                wait = 2 * len(pending)  # look again when it has doubled: linear time
                continue
            yield out
            lines_before += _line_breaks(pending[:cut])
            pending = pending[cut:]
            wait = _PIECE
        if head is None:
            found = self._head(pending, options)
            assert found is not None  # final: the header is whatever there is
            head, body = found
            yield self._piece(pending, body, head, quoting, tr, lines_before)
        elif pending:
            yield self._piece(pending, 0, head, quoting, tr, lines_before)

    def _take(
        self,
        text: str,
        body: int,
        head: tuple[str, set[int] | None],
        quoting: bool,
        tr: Transliterator,
        lines_before: int,
    ) -> tuple[str | None, int]:
        """The converted rows at the start of ``text`` and where they end; (None, 0) when
        no row is complete yet.

        The quick way cuts after the last line feed and lets the fast reading check the
        piece: a piece cut inside a quoted cell never reads to its end (the reading is
        that of the whole text up to the cut, and there it is in an open quote). Else
        the end of the last complete row is found by a scan.
        """
        cut = text.rfind("\n") + 1
        if cut > body and _FAST:
            fast = _fast_piece(text[:cut], body, head[0], head[1], quoting, tr)
            if fast is not None:
                return fast, cut
        cut = _rows_end(text, head[0], quoting, body)
        if cut <= body:
            return None, 0
        return self._piece(text[:cut], body, head, quoting, tr, lines_before), cut

    def _head(
        self, text: str, options: FormatOptions, final: bool = True
    ) -> tuple[tuple[str, set[int] | None], int] | None:
        """(delimiter, wanted column indices or None), and where the rows to convert start:
        after the header row unless ``csv_header`` is "convert" (then the header is converted
        like any row, in the chosen columns)."""
        body = 0
        delimiter = self.delimiter
        excel = _EXCEL_SEP.match(text)
        if excel is not None:  # Excel's "sep=;" line names the delimiter; it is not a row
            delimiter, body = excel.group(1), excel.end()
        delimiter = delimiter or _guess_delimiter(text)
        convert_header = options.csv_header == "convert"
        if options.columns is None and convert_header:
            return (delimiter, None), body
        quoting = self.delimiter is None
        end = _rows_end(text, delimiter, quoting, body, rows=1)
        if end == body:
            if not final:
                return None  # the header row has not ended yet: wait for more
            # The header is all there is, without a line break; a row that does not read
            # even so (a quote never closed) is an error, never the whole file as header.
            if _rows_end(text + "\n", delimiter, quoting, body, rows=1) != len(text) + 1:
                _rows(text, delimiter, quoting=quoting, start=body)  # raises FormatError
            end = len(text)
        if options.columns is None:
            return (delimiter, None), end  # the header row (column names) is kept as it is
        rows = _rows(text[:end], delimiter, quoting=self.delimiter is None, start=body)
        header = [cell.value.strip().lstrip("\ufeff") for cell in rows[0]] if rows else []
        missing = [name for name in options.columns if name.strip() not in header]
        if missing:
            raise FormatError(
                f"no column named {', '.join(map(repr, missing))} in the header "
                f"({', '.join(map(repr, header))})", line=1)
        wanted = {header.index(name.strip()) for name in options.columns}
        return (delimiter, wanted), body if convert_header else end

    def _piece(
        self,
        text: str,
        body: int,
        head: tuple[str, set[int] | None],
        quoting: bool,
        tr: Transliterator,
        lines_before: int,
    ) -> str:
        delimiter, wanted = head
        if _FAST:
            fast = _fast_piece(text, body, delimiter, wanted, quoting, tr)
            if fast is not None:
                return fast
        try:
            rows = _rows(text, delimiter, quoting=quoting, start=body)
        except FormatError as exc:  # say where in the whole file, not in the piece
            if exc.line is None or not lines_before:
                raise
            message = str(exc).split(": ", 1)[-1]
            raise FormatError(message, line=exc.line + lines_before, column=exc.column) from None
        sink = Sink()
        for row in rows:
            for index, cell in enumerate(row):
                if wanted is None or index in wanted:
                    sink.add_segment(cell.pieces)
        return apply_edits(text, sink.result(tr))


_PIECE = 1 << 20  # characters converted at a time when streaming
_GUESS_LINES = 20  # lines the delimiter is guessed from (see _guess_delimiter)
_FAST = True  # tests turn it off to compare with the cell-by-cell reading of _rows
# Possessive quantifiers: in re from Python 3.11 (several times faster here), else regex.
if sys.version_info >= (3, 11):
    _re: Any = re
else:  # pragma: no cover - Python 3.10
    import regex as _re


def _line_breaks(text: str) -> int:
    """Line ends in ``text`` as line_column counts them (CRLF, CR, LF)."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _cell(delimiter: str, quoting: bool) -> str:
    """A cell as _rows reads it (a quoted one with the loop unrolled: 5x faster than an
    alternation)."""
    d = re.escape(delimiter)
    if quoting:
        return f'(?:"[^"]*+(?:""[^"]*+)*+"|[^"{d}\\r\\n][^{d}\\r\\n]*+|)'
    return f"[^{d}\\r\\n]*+"


@functools.lru_cache(maxsize=16)
def _row_pattern(delimiter: str, quoting: bool, many: bool) -> Any:
    d = re.escape(delimiter)
    cell = _cell(delimiter, quoting)
    # A CR ends a row only when what follows is known not to be the LF of a CRLF.
    row = f"{cell}(?:{d}{cell})*+(?:\\r\\n|\\n|\\r(?=[^\\n]))"
    return _re.compile(f"(?:{row})*+" if many else row)


@functools.lru_cache(maxsize=16)
def _cell_pattern(delimiter: str, quoting: bool) -> Any:
    # A cell and what ends it: the delimiter, a line break or the end of the text.
    d = re.escape(delimiter)
    return _re.compile(f"({_cell(delimiter, quoting)})({d}|\\r\\n|\\n|\\r|\\Z)")


def _fast_piece(
    text: str,
    body: int,
    delimiter: str,
    wanted: set[int] | None,
    quoting: bool,
    tr: Transliterator,
) -> str | None:
    """The piece converted as ``_rows`` + segments would, with the cells found by one
    regex at C speed and converted in bulk (5x faster on a corpus-like CSV); None when
    the piece needs the careful path (a row ``_rows`` rejects, a piece that does not end
    a row, or a converted unquoted cell that would hold a delimiter, a quote or a line
    break)."""
    spans: list[tuple[int, int]] = []
    pos, column, size = body, 0, len(text)
    for match in _cell_pattern(delimiter, quoting).finditer(text, body):
        if match.start() != pos:
            return None  # a gap: a row _rows rejects; let it say where
        if wanted is None or column in wanted:
            spans.append(match.span(1))
        column = column + 1 if match.group(2) == delimiter else 0
        pos = match.end()
        if pos == size:
            break
    if pos != size:
        return None
    values: list[str] = []
    chosen: list[tuple[int, int, bool]] = []
    for start, end in spans:
        quoted = quoting and text.startswith('"', start)
        value = text[start + 1 : end - 1].replace('""', '"') if quoted else text[start:end]
        if has_letters(value):
            values.append(value)
            chosen.append((start, end, quoted))
    outs = convert_many(tr, values)
    edits: list[Edit] = []
    special = (delimiter, '"', "\r", "\n")
    for (start, end, quoted), value, out in zip(chosen, values, outs, strict=True):
        if out == value:
            continue
        if quoted:
            edits.append(Edit(start, end, '"' + out.replace('"', '""') + '"'))
        elif quoting and any(char in out for char in special):
            return None
        else:
            edits.append(Edit(start, end, out))
    return apply_edits(text, edits)


def _broken_row(text: str, delimiter: str, start: int) -> bool:
    """Whether the row at ``start`` has text right after a closing quote: a FormatError
    that more input cannot mend (found early, so a bad file is not read whole first)."""
    d = re.escape(delimiter)
    cell = _cell(delimiter, True)
    closed = '"[^"]*+(?:""[^"]*+)*+"'
    return _re.match(f'(?:{cell}{d})*+{closed}[^{d}\\r\\n"]', text[start:]) is not None


def _rows_end(
    text: str, delimiter: str, quoting: bool, start: int = 0, rows: int | None = None
) -> int:
    """End of the last complete row of ``text`` from ``start`` (``start``: none); with
    ``rows``, of at most that many rows. Scans as :func:`_rows` parses, at C speed."""
    if rows is None:
        match = _row_pattern(delimiter, quoting, True).match(text, start)
        return match.end() if match else start
    row = _row_pattern(delimiter, quoting, False)
    pos = start
    for _ in range(rows):
        match = row.match(text, pos)
        if match is None:
            break
        pos = match.end()
    return pos
