"""Subtitles (SubRip ``.srt`` and WebVTT ``.vtt``): convert cue text, keep everything else.

Why not plain text: a subtitle file is mostly machinery a player reads (cue numbers,
``00:00:01,000 --> 00:00:02,500`` timings, WebVTT cue settings, identifiers, ``NOTE``,
``STYLE`` and ``REGION`` blocks, header metadata, ``<i>``/``<c.yellow>``/``{\\an8}``
tags). Only the cue payload is what a viewer reads, so only that changes; line endings and
blank lines stay.

A cue's payload (all its lines) is one segment, so a tag inside a word (``<i>Ш</i>аҳар``)
does not split it. Tags are kept as written, except that a WebVTT ``<lang uz-Cyrl>`` span
gets the target script's tag, and so does a ``Language: uz-Cyrl`` header line. Entities
(``&amp;``, ``&nbsp;``) are kept as written; in WebVTT a ``<`` or ``&`` that the
conversion would turn into a tag or an entity is written ``&lt;`` or ``&amp;``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ._base import Format, FormatError, FormatOptions, rewrite_lang
from ._segments import Edit, Piece, Sink, apply_edits
from .html import escape_new_markup

if TYPE_CHECKING:
    from translit import Transliterator

__all__ = ["SrtFormat", "VttFormat"]

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_SRT_TIME = re.compile(
    r"^\s*\d+:\d{1,2}:\d{1,2}[,.]\d{1,3}\s*-->\s*\d+:\d{1,2}:\d{1,2}[,.]\d{1,3}"
)
_VTT_TIME = re.compile(
    r"^\s*(?:\d+:)?\d{2}:\d{2}\.\d{3}\s+-->\s+(?:\d+:)?\d{2}:\d{2}\.\d{3}(?:[ \t].*)?$"
)
# Markup inside a payload: HTML-like tags, ASS override blocks, and entities.
_MARKUP = re.compile(r"<[^<>\r\n]*>|\{\\[^{}\r\n]*\}|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z]+);")
_VTT_LANGUAGE = re.compile(r"Language:[ \t]*(\S+)", re.IGNORECASE)
_VTT_LANG = re.compile(r"<lang[.\w-]*\s+([^>\s]+)\s*>")
_ENTITY_TEXT = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&nbsp;": "\u00a0", "&lrm;": "\u200e",
                "&rlm;": "\u200f"}


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, content without its line ending) of every line."""
    result: list[tuple[int, str]] = []
    for match in _LINE.finditer(text):
        if match.start() == len(text) and match.start() == match.end():
            break
        result.append((match.start(), match.group(0).rstrip("\r\n")))
    return result


def _blocks(lines: list[tuple[int, str]]) -> list[list[tuple[int, int, str]]]:
    """Groups of (line number, offset, content) separated by blank lines."""
    blocks: list[list[tuple[int, int, str]]] = []
    current: list[tuple[int, int, str]] = []
    for number, (offset, content) in enumerate(lines, 1):
        if content.strip():
            current.append((number, offset, content))
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


class _NoNewMarkup:
    """Escape a ``<`` or ``&`` that the conversion turned into a tag or an entity
    (``<у`` -> ``<u``, ``&нот;`` -> ``&not;``), as in HTML: cue text is markup too."""

    def __init__(self, source: str) -> None:
        self.source = source

    def __call__(self, text: str) -> str:
        return escape_new_markup(text, self.source)


def _payload(sink: Sink, lines: list[tuple[int, int, str]], vtt: bool, source: str,
             target: str) -> None:
    """Add the cue text lines as one segment; tags and entities are not rewritten."""
    # WebVTT reads cue text as markup (the spec escapes & and <); SRT players differ, so
    # SRT text is written as converted.
    def _escaper(text: str) -> _NoNewMarkup | None:
        return _NoNewMarkup(text) if vtt else None

    for index, (_number, offset, content) in enumerate(lines):
        if index:
            sink.add(Piece("\n"))
        pos = 0
        for match in _MARKUP.finditer(content):
            if match.start() > pos:
                text = content[pos : match.start()]
                sink.add(Piece(text, offset + pos, offset + match.start(), _escaper(text)))
            markup = match.group(0)
            if markup.startswith("&"):
                sink.add(Piece(_ENTITY_TEXT.get(markup, markup)))
            elif vtt:
                lang = _VTT_LANG.match(markup)
                if lang:
                    new = rewrite_lang(lang.group(1), source, target)
                    if new is not None:
                        at = offset + match.start() + lang.start(1)
                        sink.edits.append(Edit(at, at + len(lang.group(1)), new))
            pos = match.end()
        if pos < len(content):
            text = content[pos:]
            sink.add(Piece(text, offset + pos, offset + len(content), _escaper(text)))
    sink.flush()


class SrtFormat(Format):
    name = "srt"
    extensions = (".srt",)

    def convert_text(self, text: str, tr: Transliterator, options: FormatOptions) -> str:
        sink = Sink()
        for block in _blocks(_lines(text)):
            timing = next((i for i, line in enumerate(block[:2]) if _SRT_TIME.match(line[2])),
                          None)
            if timing is None:
                number, _offset, content = block[0]
                raise FormatError(f"expected a cue number or timing, found {content[:40]!r}",
                                  line=number, column=1)
            if timing == 1 and not block[0][2].strip().lstrip("\ufeff").isdigit():
                raise FormatError("expected a cue number before the timing",
                                  line=block[0][0], column=1)
            _payload(sink, block[timing + 1 :], False, tr.source, tr.target)
        return apply_edits(text, sink.result(tr))


class VttFormat(Format):
    name = "vtt"
    extensions = (".vtt",)

    def convert_text(self, text: str, tr: Transliterator, options: FormatOptions) -> str:
        blocks = _blocks(_lines(text))
        first = blocks[0][0] if blocks else (1, 0, "")
        if first[0] != 1 or not re.match(r"WEBVTT(?:$|[ \t])", first[2].lstrip("\ufeff")):
            raise FormatError("a WebVTT file must start with 'WEBVTT'", line=1, column=1)
        sink = Sink()
        for _number, offset, content in blocks[0][1:]:  # header metadata: "Language: uz-Cyrl"
            language = _VTT_LANGUAGE.match(content)
            new = language and rewrite_lang(language.group(1), tr.source, tr.target)
            if language and new:
                sink.edits.append(Edit(offset + language.start(1), offset + language.end(1),
                                       new))
        for block in blocks[1:]:
            head = block[0][2]
            if re.match(r"(?:NOTE|STYLE|REGION)(?:$|[ \t])", head):
                continue  # comments, style sheets and regions are not cue text
            timing = next((i for i, line in enumerate(block[:2]) if "-->" in line[2]), None)
            if timing is None:
                raise FormatError(f"expected a cue timing, found {head[:40]!r}",
                                  line=block[0][0], column=1)
            number, _offset, content = block[timing]
            if not _VTT_TIME.match(content):
                raise FormatError(f"malformed cue timing {content.strip()[:60]!r}", line=number,
                                  column=1)
            _payload(sink, block[timing + 1 :], True, tr.source, tr.target)
        return apply_edits(text, sink.result(tr))
