"""Markdown: convert prose, keep code, URLs and markup exactly as written.

Why markdown-it-py (extra ``markdown``): telling prose from code needs a real CommonMark
parser (a backtick run, an indented block inside a list, a link destination with
parentheses). Its block tokens carry line maps; its inline tokens are matched back to the
source in order, so the output is the input with only prose changed: no re-rendering.

Converted: paragraphs, headings, list items, block quotes, table cells, link text, image
alt text (each block one segment, so ``**Ш**аҳар`` is converted as one word). Kept: code
spans, fenced and indented code, link destinations and titles, autolinks, reference
definitions, backslash escapes, inline HTML tags. HTML blocks go through the HTML format.
When an inline's source cannot be located exactly (an unusual tab expansion, say), that
block is left unconverted rather than risk touching markup.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
import warnings
from typing import TYPE_CHECKING, Any

from translit.errors import MissingExtraError

from ._base import Format, FormatError, FormatOptions, FormatWarning
from ._segments import Edit, Piece, Sink, apply_edits
from .html import collect_html, escape_new_markup

if TYPE_CHECKING:
    from translit import Transliterator

__all__ = ["MarkdownFormat"]

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_MARKERS = ("em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close")


class _NotFound(Exception):
    """An inline token could not be matched to the source: skip that block."""


def _parser() -> Any:
    module: Any = MissingExtraError.require("markdown_it", "Markdown", "markdown-it-py",
                                            "markdown")
    return _build(module)


@functools.cache
def _build(module: Any) -> Any:
    md = module.MarkdownIt("commonmark").enable(["table", "strikethrough"])
    # Keep escapes and entities as tokens of their own, so their source is known.
    md.disable("text_join")
    return md


def _skip_destination(content: str, pos: int) -> int:
    """End of ``(dest "title")``, ``[ref]`` or nothing after a link's closing bracket."""
    if content.startswith("(", pos):
        depth, i = 0, pos
        quote = ""
        while i < len(content):
            char = content[i]
            if char == "\\":
                i += 2
                continue
            if quote:
                if char == quote:
                    quote = ""
            elif char in "\"'" and depth == 1 and content[i - 1] in " \t\n":
                quote = char
            elif char == "<" and depth == 1 and content[i - 1] == "(":
                close = content.find(">", i)
                i = close if close > 0 else i
            elif char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
                if depth == 0:
                    return i + 1
            i += 1
        raise _NotFound
    if content.startswith("[", pos):
        close = content.find("]", pos)
        if close < 0:
            raise _NotFound
        return close + 1
    return pos


def _matching_bracket(content: str, pos: int) -> int:
    """Index of the ``]`` closing the ``[`` at ``pos``."""
    depth, i = 0, pos
    while i < len(content):
        char = content[i]
        if char == "\\":
            i += 2
            continue
        if char == "`":
            run = len(content[i:]) - len(content[i:].lstrip("`"))
            close = content.find("`" * run, i + run)
            if close > 0:
                i = close + run
                continue
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise _NotFound


class _Inline:
    """Matches the children of one inline token to its content string, in order."""

    def __init__(self, content: str, pieces: list[tuple[int, Piece]],
                 links: list[tuple[int, int, int, bool]] | None = None) -> None:
        self.content = content
        self.out = pieces  # (content offset or -1, piece) in order; -1 marks a segment break
        # Shortcut and collapsed reference links ([label], [label][]): label start and end,
        # where the label goes to keep the link, and whether it needs its brackets.
        self.links: list[tuple[int, int, int, bool]] = [] if links is None else links
        self.opened: list[int] = []  # label starts of the links open in ``walk``

    def _reference(self, label_start: int, close: int, base: int) -> None:
        """Note a shortcut or collapsed reference whose label ends at ``close``."""
        after = close + 1
        if self.content.startswith("[]", after):
            self.links.append((base + label_start, base + close, base + after + 1, False))
        elif not self.content.startswith(("(", "["), after):
            self.links.append((base + label_start, base + close, base + after, True))

    def find(self, needle: str, cursor: int) -> int:
        index = self.content.find(needle, cursor)
        if index < 0:
            raise _NotFound
        return index

    def walk(self, children: list[Any], cursor: int, base: int) -> int:
        """Add pieces for ``children``; positions are content offsets plus ``base``."""
        skip_link = 0
        for token in children:
            kind = token.type
            if skip_link:
                if kind == "link_close":
                    skip_link -= 1
                elif kind == "link_open":
                    skip_link += 1
                continue
            if kind == "text":
                if not token.content:
                    continue
                at = self.find(token.content, cursor)
                end = at + len(token.content)
                text = token.content
                last = self.out[-1][1] if self.out else None
                if last is not None and not last.opaque and last.end == base + at and (
                    isinstance(last.encode, _Markup)
                ):
                    # One run of text in several tokens ("x ", "<", "у"): one piece, so
                    # that markup its conversion would make is seen (and escaped).
                    at0 = self.out.pop()[0]
                    text = last.text + text
                    self.out.append((at0, Piece(text, last.start, base + end, _Markup(text))))
                else:
                    self.out.append((base + at, Piece(text, base + at, base + end,
                                                      _Markup(text))))
                cursor = end
            elif kind == "text_special":
                at = self.find(token.markup, cursor)
                cursor = at + len(token.markup)
                if token.info == "entity":
                    decoded = html.unescape(token.markup)
                    self.out.append((base + at, Piece(decoded, base + at, base + cursor,
                                                      _escape_markdown)))
                else:
                    self.out.append((-2, Piece(token.content)))
            elif kind in _MARKERS:
                cursor = self.find(token.markup, cursor) + len(token.markup)
            elif kind in ("softbreak", "hardbreak"):
                self.out.append((-2, Piece("\n")))
            elif kind == "code_inline":
                at = self.find(token.markup, cursor)
                close = _backtick_run(self.content, token.markup, at + len(token.markup))
                cursor = close + len(token.markup)
                self.out.append((-1, Piece("")))
            elif kind == "html_inline":
                cursor = self.find(token.content, cursor) + len(token.content)
            elif kind == "link_open":
                if token.markup == "autolink" or token.info == "auto":
                    at = self.find("<", cursor)
                    cursor = self.find(">", at) + 1
                    skip_link = 1
                    self.out.append((-1, Piece("")))
                else:
                    cursor = self.find("[", cursor) + 1
                    self.opened.append(cursor)
            elif kind == "link_close":
                cursor = self.find("]", cursor)
                if self.opened:
                    self._reference(self.opened.pop(), cursor, base)
                cursor = _skip_destination(self.content, cursor + 1)
            elif kind == "image":
                at = self.find("![", cursor)
                close = _matching_bracket(self.content, at + 1)
                self.out.append((-1, Piece("")))
                label = _Inline(self.content[at + 2 : close], self.out, self.links)
                label.walk(token.children or [], 0, base + at + 2)
                self.out.append((-1, Piece("")))
                self._reference(at + 2, close, base)
                cursor = _skip_destination(self.content, close + 1)
            else:
                raise _NotFound
        return cursor


def _backtick_run(content: str, run: str, pos: int) -> int:
    """Start of the next backtick run of exactly ``len(run)`` from ``pos``."""
    while True:
        at = content.find(run, pos)
        if at < 0:
            raise _NotFound
        end = at + len(run)
        if not content.startswith("`", end):
            return at
        while content.startswith("`", end):
            end += 1
        pos = end


class _Markup:
    """Escape what the conversion of prose turned into markup (``<у`` -> ``<u``, a tag)."""

    def __init__(self, source: str) -> None:
        self.source = source

    def __call__(self, text: str) -> str:
        return escape_new_markup(text, self.source)


def _escape_markdown(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


class MarkdownFormat(Format):
    name = "markdown"
    extensions = (".md", ".markdown", ".mdown", ".mkd")
    extra = ("markdown_it", "markdown-it-py", "markdown")

    def convert_text(self, text: str, tr: Transliterator, options: FormatOptions) -> str:
        md = _parser()
        lines = [(m.start(), m.group(0).rstrip("\r\n")) for m in _LINE.finditer(text)]
        sink = Sink()
        parsed = text.replace("\x00", "\ufffd")
        front = _find_front_matter(lines)
        if front is not None:
            fence, body, end = front
            _front_matter(lines[body:end], fence == "+++", options.front_matter_keys, sink)
            # The parser sees blank lines there: line numbers stay the same.
            head = text[: lines[end][0] + len(lines[end][1])]
            parsed = _NOT_LINE_END.sub("", head) + parsed[len(head) :]
        tokens = md.parse(parsed)
        cursors: dict[int, int] = {}  # line -> end of what the previous table cell used
        links: list[tuple[int, int, int, str]] = []
        for token in tokens:
            if token.map is None:
                continue
            first, last = token.map
            if token.type == "html_block":
                start = lines[first][0]
                end = lines[last][0] if last < len(lines) else len(text)
                block = Sink()
                try:
                    collect_html(text[start:end], block, start, tr.source, tr.target)
                except FormatError as exc:
                    # Markdown allows any HTML; unfinished markup stays as it is.
                    _unconverted(first, f"an HTML block that is not well formed ({exc})")
                    continue
                sink.segments.extend(block.segments)
                sink.edits.extend(block.edits)
            elif token.type == "inline":
                self._inline(token, lines, first, sink, cursors, links)
        edits = sink.result(tr)
        return apply_edits(text, edits + _keep_links(links, edits))

    @staticmethod
    def _inline(token: Any, lines: list[tuple[int, str]], first: int, sink: Sink,
                cursors: dict[int, int], links: list[tuple[int, int, int, str]]) -> None:
        content: str = token.content
        pieces: list[tuple[int, Piece]] = []
        walker = _Inline(content, pieces)
        try:
            walker.walk(token.children or [], 0, 0)
            where = _source_positions(content, lines, first, cursors)
        except _NotFound:
            _unconverted(first, "its markup could not be matched to the source exactly")
            return
        for at, piece in pieces:
            if at == -1:
                sink.flush()
            elif piece.opaque:
                sink.add(piece)
            else:
                for part in _map_piece(piece, content, where):
                    sink.add(part)
        sink.flush()
        for start, end, insert, brackets in walker.links:
            label = content[start:end]
            if start >= end or -1 in where[start:end]:
                label = " ".join(label.split())  # a label over lines: one line as the key
            if start < end and insert > 0:
                links.append((where[start], where[end - 1] + 1, where[insert - 1] + 1,
                              f"[{label}]" if brackets else label))


def _keep_links(links: list[tuple[int, int, int, str]], edits: list[Edit]) -> list[Edit]:
    """Keep shortcut and collapsed reference links whose label the conversion changed.

    ``[салом]`` links to the definition ``[салом]: …``; converted alone it would be
    ``[salom]``, a label no definition has, and the link would be lost (issue 14, item 6).
    The original label is added as the explicit reference: ``[salom][салом]``.
    """
    starts = sorted(edit.start for edit in edits)
    added: list[Edit] = []
    for start, end, insert, label in links:
        first = bisect.bisect_left(starts, start)
        if first < len(starts) and starts[first] < end:
            added.append(Edit(insert, insert, label))
    return added


def _unconverted(line: int, why: str) -> None:
    warnings.warn(FormatWarning(f"line {line + 1}: a Markdown block is left unconverted: {why}"),
                  stacklevel=3)


_NOT_LINE_END = re.compile(r"[^\r\n]")
# A top-level "key: value" (YAML) or "key = value" (TOML) on one line.
_YAML_ITEM = re.compile(r"(?P<key>[^\W\d][\w.-]*)[ \t]*:(?:[ \t]+(?P<value>.*?))?[ \t]*$")
_TOML_ITEM = re.compile(r"(?P<key>[^\W\d][\w.-]*)[ \t]*=[ \t]*(?P<value>.*?)[ \t]*$")
_YAML_PLAIN_START = re.compile(r"[^-?:,\[\]{}#&*!|>'\"%@`\s]")


def _find_front_matter(lines: list[tuple[int, str]]) -> tuple[str, int, int] | None:
    """The fence, first body line and closing line of the YAML (``---``) or TOML
    (``+++``) front matter that opens the file, if any."""
    if not lines:
        return None
    fence = lines[0][1].lstrip("\ufeff").rstrip(" \t")
    if fence not in ("---", "+++"):
        return None
    closers = ("---", "...") if fence == "---" else ("+++",)
    for number in range(1, len(lines)):
        if lines[number][1].rstrip(" \t") in closers:
            return fence, 1, number
    return None


def _front_matter(lines: list[tuple[int, str]], toml: bool, keys: tuple[str, ...],
                  sink: Sink) -> None:
    """Add the string values of ``keys`` in the front matter as segments of their own.

    Keys, other values, comments and the fences are kept: a site generator reads them
    (``layout: post`` must not become ``лаёут: пост``). A value is converted when it is
    on the key's line and is a YAML plain, single- or double-quoted scalar, or a TOML
    basic or literal string, without escapes; lists, block scalars and multi-line
    values are kept as written.
    """
    wanted = {key.strip().lower() for key in keys}
    for offset, content in lines:
        item = (_TOML_ITEM if toml else _YAML_ITEM).match(content)
        if item is None or item.group("key").lower() not in wanted or not item.group("value"):
            continue
        start = offset + item.start("value")
        value = item.group("value")
        piece = _front_matter_value(value, start, toml)
        if piece is not None:
            sink.add_segment([piece])


def _front_matter_value(value: str, start: int, toml: bool) -> Piece | None:
    if toml and " #" in value and value[:1] not in "\"'":
        return None
    quote = value[:1]
    if quote in ("'", '"'):
        close = value.find(quote, 1)
        if close < 0 or "\\" in value[:close] or value[close + 1 :].strip()[:1] not in ("", "#"):
            return None
        if not toml and quote == "'" and value.startswith("''", close):
            return None
        inner = value[1:close]
        return Piece(inner, start, start + close + 1, _Requote(quote, toml))
    if toml:
        return None  # numbers, dates, booleans, arrays, tables
    if not _YAML_PLAIN_START.match(value):
        return None
    comment = value.find(" #")
    plain = value if comment < 0 else value[:comment].rstrip()
    return Piece(plain, start, start + len(plain), _Requote("", toml))


class _Requote:
    """Write a converted front matter value back in its quoting, or in double quotes when
    the output cannot stand in it (an ASCII apostrophe in a single-quoted value)."""

    def __init__(self, quote: str, toml: bool) -> None:
        self.quote = quote
        self.toml = toml

    def __call__(self, text: str) -> str:
        if self.quote == "'" and "'" not in text:
            return f"'{text}'"
        if self.quote == "" and ": " not in text and " #" not in text and (
            _YAML_PLAIN_START.match(text)
        ):
            return text
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _map_piece(piece: Piece, content: str, where: list[int]) -> list[Piece]:
    """``piece`` (content offsets) in source offsets, cut where the source has characters
    the content lacks (the ``\\`` of ``\\|`` in a table cell)."""
    runs: list[tuple[int, int]] = []
    begin = piece.start
    for i in range(piece.start + 1, piece.end):
        if where[i] != where[i - 1] + 1:
            runs.append((begin, i))
            begin = i
    runs.append((begin, piece.end))
    if len(runs) == 1:
        return [Piece(piece.text, where[piece.start], where[piece.end - 1] + 1, piece.encode)]
    if piece.text != content[piece.start : piece.end]:  # an entity: never cut, keep it
        return [Piece(piece.text)]
    return [Piece(content[a:b], where[a], where[b - 1] + 1, piece.encode) for a, b in runs]


def _source_positions(content: str, lines: list[tuple[int, str]], first: int,
                      cursors: dict[int, int]) -> list[int]:
    """Source offset of every character of ``content`` (a newline maps to -1).

    A content line is its source line minus the container markers in front (``>``, list
    markers, indentation), possibly trimmed at both ends; a heading loses its closing
    ``#`` run and a table cell its pipes, hence the search from the previous cell's end.
    In a table cell ``\\|`` reads as ``|``.
    """
    where: list[int] = []
    for index, part in enumerate(content.split("\n")):
        number = first + index
        if number >= len(lines):
            raise _NotFound
        if index:
            where.append(-1)
        offset, line = lines[number]
        cursor = cursors.get(number, 0)
        trimmed = line.rstrip()
        if line.endswith(part) and len(line) - len(part) >= cursor:
            at = len(line) - len(part)
        elif trimmed.endswith(part) and len(trimmed) - len(part) >= cursor:
            at = len(trimmed) - len(part)
        else:
            at = line.find(part, cursor)
        if at >= 0:
            where.extend(range(offset + at, offset + at + len(part)))
            cursors[number] = at + len(part)
            continue
        pattern = "".join(r"\\?\|" if c == "|" else re.escape(c) for c in part)
        match = re.compile(pattern).search(line, cursor)
        if match is None:
            raise _NotFound
        column = match.start()
        for char in part:
            if char == "|" and line[column] == "\\":
                column += 1
            where.append(offset + column)
            column += 1
        cursors[number] = match.end()
    return where
