"""JSON: convert string values (and keys on request), keep the document as written.

Why a scanner instead of ``json.loads``/``json.dumps``: a round trip through Python objects
loses indentation, key order quirks (duplicate keys), the spelling of numbers (``1.0``,
``1e3``) and the choice between literal non-ASCII and ``\\uXXXX`` escapes. We scan the
source, check that it is valid JSON (RFC 8259, one value), and rewrite only the inside of
string tokens.

Escapes: an escape that stands for a character the conversion does not change is kept as
written (``\\n``, ``\\"``, ``\\u00a0``). A ``\\uXXXX`` escape of a letter that changes is
replaced by ``\\uXXXX`` escapes of the converted letters; letters written literally stay
literal, except in an ASCII-only file (as written by ``json.dumps`` with
``ensure_ascii=True``), which stays ASCII-only: Latin text written literally comes out
as ``\\uXXXX`` escapes of its Cyrillic. Each string is converted as one segment, so an
escaped letter inside a word is converted with the whole word.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ._base import Format, FormatError, FormatOptions, line_column
from ._segments import Piece, Sink, apply_edits

if TYPE_CHECKING:
    from translit import Transliterator

__all__ = ["JsonFormat", "Scanner", "json_escaped", "json_literal"]

_WS = " \t\n\r"
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")
_LITERALS = ("true", "false", "null")
_SIMPLE_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n",
                   "r": "\r", "t": "\t"}
_PLAIN = re.compile(r'[^"\\\x00-\x1f]+')


def json_literal(text: str) -> str:
    """Escape what cannot stand literally inside a JSON string."""
    out = []
    for char in text:
        if char in '"\\' or ord(char) < 0x20:
            out.append({'"': '\\"', "\\": "\\\\"}.get(char, f"\\u{ord(char):04x}"))
        else:
            out.append(char)
    return "".join(out)


def json_escaped(text: str) -> str:
    """Write every non-ASCII character as \\uXXXX (surrogate pairs beyond the BMP)."""
    out = []
    for char in json_literal(text):
        code = ord(char)
        if code < 0x80:
            out.append(char)
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            code -= 0x10000
            out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
    return "".join(out)


class Scanner:
    def __init__(self, text: str, sink: Sink, keys: bool) -> None:
        self.text = text
        self.sink = sink
        self.keys = keys
        self.pos = 0
        self.stack: list[str] = []
        # An all-ASCII document (json.dumps with ensure_ascii=True) stays all-ASCII: the
        # converted letters of literal text are written as \uXXXX escapes too.
        self.literal = json_escaped if text.isascii() else json_literal

    def error(self, message: str, pos: int | None = None) -> FormatError:
        line, column = line_column(self.text, self.pos if pos is None else pos)
        return FormatError(message, line=line, column=column)

    def skip_ws(self) -> None:
        text, pos = self.text, self.pos
        while pos < len(text) and text[pos] in _WS:
            pos += 1
        self.pos = pos

    def document(self) -> None:
        if self.text.startswith("\ufeff"):  # a byte order mark left by the caller
            self.pos = 1
        self.skip_ws()
        if self.pos >= len(self.text):
            raise self.error("empty JSON document")
        self.value()
        self.skip_ws()
        if self.pos < len(self.text):
            raise self.error("unexpected data after the JSON value")

    def value(self) -> None:
        # Arrays and objects are walked with an explicit stack: deep nesting must not hit
        # Python's recursion limit.
        # "]" or "}" for each open container (an attribute: JSON Lines reads its depth).
        stack: list[str] = []
        self.stack = stack
        while True:
            self.skip_ws()
            if self.pos >= len(self.text):
                raise self.error("unexpected end of JSON")
            char = self.text[self.pos]
            if char == "{":
                self.pos += 1
                self.skip_ws()
                if self.text.startswith("}", self.pos):
                    self.pos += 1
                else:
                    stack.append("}")
                    self.member_key()
                    continue
            elif char == "[":
                self.pos += 1
                self.skip_ws()
                if self.text.startswith("]", self.pos):
                    self.pos += 1
                else:
                    stack.append("]")
                    continue
            else:
                self.scalar()
            # After a value: close containers or go on with the next item.
            while stack:
                self.skip_ws()
                closer = stack[-1]
                if self.text.startswith(",", self.pos):
                    self.pos += 1
                    if closer == "}":
                        self.member_key()
                    break
                if self.text.startswith(closer, self.pos):
                    self.pos += 1
                    stack.pop()
                    continue
                raise self.error(f"expected ',' or '{closer}'")
            if not stack:
                return

    def member_key(self) -> None:
        self.skip_ws()
        if not self.text.startswith('"', self.pos):
            raise self.error("expected a string key")
        self.string(convert=self.keys)
        self.skip_ws()
        if not self.text.startswith(":", self.pos):
            raise self.error("expected ':' after the key")
        self.pos += 1

    def scalar(self) -> None:
        text, pos = self.text, self.pos
        char = text[pos]
        if char == '"':
            self.string(convert=True)
            return
        for literal in _LITERALS:
            if text.startswith(literal, pos):
                self.pos = pos + len(literal)
                return
        match = _NUMBER.match(text, pos)
        if match and match.end() > pos:
            self.pos = match.end()
            return
        raise self.error(f"unexpected character {char!r}")

    def string(self, convert: bool) -> None:
        text = self.text
        start = self.pos
        pos = start + 1
        pieces: list[Piece] = []
        while True:
            match = _PLAIN.match(text, pos)
            if match:
                pieces.append(Piece(match.group(0), pos, match.end(), self.literal))
                pos = match.end()
            if pos >= len(text):
                raise self.error("unterminated string", start)
            char = text[pos]
            if char == '"':
                pos += 1
                break
            if char != "\\":
                raise self.error("control character in a string", pos)
            pos = self._escape(pos, pieces)
        self.pos = pos
        if convert:
            self.sink.add_segment(pieces)

    def _escape(self, pos: int, pieces: list[Piece]) -> int:
        text = self.text
        kind = text[pos + 1 : pos + 2]
        if kind in _SIMPLE_ESCAPES:
            pieces.append(Piece(_SIMPLE_ESCAPES[kind], pos, pos + 2, self.literal))
            return pos + 2
        if kind != "u":
            raise self.error("invalid escape", pos)
        code = self._hex(pos)
        end = pos + 6
        if 0xD800 <= code < 0xDC00 and text.startswith("\\u", end):
            low = self._hex(end)
            if 0xDC00 <= low < 0xE000:
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                end += 6
        if 0xD800 <= code < 0xE000:  # a lone surrogate: keep it, it cannot be text
            pieces.append(Piece("\ufffd"))
        else:
            pieces.append(Piece(chr(code), pos, end, json_escaped))
        return end

    def _hex(self, pos: int) -> int:
        digits = self.text[pos + 2 : pos + 6]
        if len(digits) != 4 or not all(c in "0123456789abcdefABCDEF" for c in digits):
            raise self.error("invalid \\u escape", pos)
        return int(digits, 16)


class JsonFormat(Format):
    name = "json"
    extensions = (".json",)

    def convert_text(self, text: str, tr: Transliterator, options: FormatOptions) -> str:
        sink = Sink()
        Scanner(text, sink, options.json_keys).document()
        return apply_edits(text, sink.result(tr))
