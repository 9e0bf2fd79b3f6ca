"""HTML and XHTML: convert the text a reader sees and keep every other byte as written.

Why a parser that tracks offsets instead of a serializer: re-serializing a page (lxml,
BeautifulSoup) normalizes quotes, entities, attribute order and whitespace, which turns a
one-letter change into a diff of the whole file. The stdlib ``html.parser`` tokenizes the
page the way browsers do; we only record *where* each text node, entity and attribute value
is and rewrite those spans, so everything else (doctype, comments, tags, attribute order,
entities that stand for non-letters) comes out byte for byte.

What is converted: text nodes; the values of ``title``, ``alt``, ``placeholder``,
``aria-label`` (and a few siblings), ``label`` of options and tracks, ``value`` of button
inputs and the ``content`` of description/keywords metas. Not
converted: ``script``, ``style`` (data, not text), the text of ``code``, ``pre``, ``kbd``
and ``samp``, and anything under ``translate="no"`` (until a ``translate="yes"``). A
``lang``/``xml:lang`` of ``uz-Cyrl`` becomes ``uz-Latn`` (and back).

Text cut by inline tags (``<b>Ш</b>аҳар``) is converted as one string through
``_segments``; block tags end a segment. An entity is kept as written unless it stands for a
letter that the conversion changes (``&#1064;`` in Cyrillic -> Latin); then the converted
letters are written as plain characters.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from ._base import Format, FormatError, FormatOptions, line_column, rewrite_lang
from ._segments import Edit, Piece, Sink, apply_edits

if TYPE_CHECKING:
    from translit import Transliterator

__all__ = ["HtmlFormat", "collect_html"]

# Elements that do not end a run of text: a word may continue across them.
_INLINE = frozenset(
    (
        "a", "abbr", "b", "bdi", "bdo", "big", "cite", "data", "del", "dfn", "em", "font", "i",
        "ins", "label", "mark", "nobr", "q", "rb", "rp", "rt", "rtc", "ruby", "s", "small",
        "span", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
    )
)
_NO_TEXT = frozenset({"code", "pre", "kbd", "samp", "script", "style"})
_VOID = frozenset(
    (
        "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta",
        "param", "source", "track", "wbr",
    )
)
# A start tag of one of these closes an open element of the same name (<li>a<li>b).
_SELF_CLOSING_SIBLINGS = frozenset(
    (
        "p", "li", "dt", "dd", "tr", "td", "th", "option",
    )
)
_HUMAN_ATTRS = frozenset(
    {"title", "alt", "placeholder", "aria-label", "aria-description", "aria-placeholder",
     "aria-roledescription", "aria-valuetext"}
)
# Attributes shown to the reader only on some elements.
_LABEL_TAGS = frozenset({"optgroup", "option", "track"})
_BUTTON_TYPES = frozenset({"submit", "button", "reset"})
_META_TEXT = frozenset(
    {"description", "keywords", "og:title", "og:description", "twitter:title",
     "twitter:description"}
)

_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][-.A-Za-z0-9]*);?")
_TAG_NAME = re.compile(r"<[a-zA-Z][^\t\n\r\f />\x00]*(?:\s|/(?!>))*")
# The attribute syntax that html.parser itself accepts (its ``attrfind_tolerant``).
_ATTR = re.compile(
    r"((?<=['\"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*"
    r"('[^']*'|\"[^\"]*\"|(?!['\"])[^>\s]*))?(?:\s|/(?!>))*"
)
_UNFINISHED = re.compile(r"<[A-Za-z!/?]")


def _escape_entity_output(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _quote_escaper(quote: str | None) -> _Escaper | None:
    """None for a text node; for an attribute value, escape its quote character (both
    quotes when it is unquoted), which a converted ASCII apostrophe could close."""
    if quote is None:
        return None
    return _Escaper(quote or "'\"")


class _Escaper:
    def __init__(self, chars: str) -> None:
        self.chars = chars

    def __call__(self, text: str) -> str:
        for char in self.chars:
            text = text.replace(char, "&#39;" if char == "'" else "&quot;")
        return text


def _pieces(source: str, start: int, end: int, quote: str | None = None) -> list[Piece]:
    """Text and entity pieces for ``source[start:end]`` (text node or attribute value)."""
    pieces: list[Piece] = []
    literal = _quote_escaper(quote)
    pos = start
    for match in _ENTITY.finditer(source, start, end):
        if match.start() > pos:
            pieces.append(Piece(source[pos : match.start()], pos, match.start(), literal))
        raw = match.group(0)
        decoded = html.unescape(raw)
        if decoded == raw:  # unknown name: context only, never rewritten
            pieces.append(Piece(raw))
        else:
            pieces.append(Piece(decoded, match.start(), match.end(), _EntityEscaper(quote)))
        pos = match.end()
    if pos < end:
        pieces.append(Piece(source[pos:end], pos, end, literal))
    return pieces


class _EntityEscaper:
    """Write the converted text of an entity as plain characters, escaped for markup."""

    def __init__(self, quote: str | None) -> None:
        self.quote = _quote_escaper(quote)

    def __call__(self, text: str) -> str:
        text = _escape_entity_output(text)
        return self.quote(text) if self.quote else text


class _Frame:
    __slots__ = ("no_text", "skip", "tag")

    def __init__(self, tag: str, no_text: bool, skip: bool) -> None:
        self.tag = tag
        self.no_text = no_text
        self.skip = skip


class _Collector(HTMLParser):
    """Walks the page and records pieces of text with their offsets in the source."""

    def __init__(self, source: str, sink: Sink, offset: int, from_script: str,
                 to_script: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.sink = sink
        self.base = offset
        self.from_script = from_script
        self.to_script = to_script
        self.stack: list[_Frame] = []
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]

    # -- positions
    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    @property
    def _top(self) -> _Frame | None:
        return self.stack[-1] if self.stack else None

    def _skip_text(self) -> bool:
        top = self._top
        return top is not None and (top.no_text or top.skip)

    # -- text
    def _text(self, start: int, end: int) -> None:
        if self._skip_text():
            return
        for piece in _pieces(self.source, start, end):
            if piece.opaque:
                self.sink.add(piece)
            else:
                self.sink.add(Piece(piece.text, piece.start + self.base, piece.end + self.base,
                                    piece.encode))

    def handle_data(self, data: str) -> None:
        start = self._offset()
        # A tag or comment cut off by the end of the document comes back as text; it is
        # markup, and converting it would change tag or attribute names.
        if self.cdata_elem is None and _UNFINISHED.match(self.source, start):
            line, column = line_column(self.source, start)
            raise FormatError("unterminated tag or comment", line=line, column=column)
        self._text(start, start + len(data))

    def _reference(self) -> None:
        start = self._offset()
        match = _ENTITY.match(self.source, start)
        end = match.end() if match else start + 1
        self._text(start, end)

    def handle_entityref(self, name: str) -> None:
        self._reference()

    def handle_charref(self, name: str) -> None:
        self._reference()

    # -- tags
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        start = self._offset()
        raw = self.get_starttag_text() or ""
        top = self._top
        if top is not None and tag in _SELF_CLOSING_SIBLINGS and top.tag == tag:
            self.stack.pop()
            top = self._top
        skip = top.skip if top is not None else False
        values = {name: (value or "") for name, value in attrs}
        translate = values.get("translate")
        if translate is not None:
            translate = translate.strip().lower()
            if translate == "no":
                skip = True
            elif translate in ("yes", ""):
                skip = False
        no_text = (top.no_text if top is not None else False) or tag in _NO_TEXT
        if tag not in _INLINE:
            self.sink.flush()
        if not skip:
            self._attributes(tag, raw, start, values)
        if not closed and tag not in _VOID:
            self.stack.append(_Frame(tag, no_text, skip))

    def _attributes(self, tag: str, raw: str, start: int, values: dict[str, str]) -> None:
        head = _TAG_NAME.match(raw)
        if head is None:
            return
        meta_text = tag == "meta" and (
            values.get("name", "").strip().lower() in _META_TEXT
            or values.get("property", "").strip().lower() in _META_TEXT
        )
        meta_lang = tag == "meta" and values.get("http-equiv", "").strip().lower() == (
            "content-language"
        )
        button = tag == "input" and values.get("type", "").strip().lower() in _BUTTON_TYPES
        for match in _ATTR.finditer(raw, head.end()):
            name = match.group(1).lower()
            value = match.group(3)
            if value is None:
                continue
            v_start = start + match.start(3)
            v_end = start + match.end(3)
            quote = ""
            if value[:1] in ("'", '"'):
                quote = value[0]
                v_start += 1
                v_end -= 1
            if name in ("lang", "xml:lang") or (meta_lang and name == "content"):
                new = rewrite_lang(self.source[v_start:v_end], self.from_script,
                                   self.to_script)
                if new is not None:
                    self.sink.edits.append(Edit(v_start + self.base, v_end + self.base, new))
            elif (
                name in _HUMAN_ATTRS
                or (meta_text and name == "content")
                or (name == "label" and tag in _LABEL_TAGS)
                or (name == "value" and button)
            ):
                pieces = [
                    p if p.opaque else Piece(p.text, p.start + self.base, p.end + self.base,
                                             p.encode)
                    for p in _pieces(self.source, v_start, v_end, quote)
                ]
                self.sink.add_segment(pieces)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _INLINE:
            self.sink.flush()
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                break

    # Comments, doctype, processing instructions and CDATA sections are kept as they are.
    def handle_comment(self, data: str) -> None:
        pass

    def handle_decl(self, decl: str) -> None:
        pass

    def handle_pi(self, data: str) -> None:
        pass

    def unknown_decl(self, data: str) -> None:
        pass


def collect_html(source: str, sink: Sink, offset: int, from_script: str,
                 to_script: str) -> None:
    """Add the pieces of HTML ``source`` to ``sink``; offsets are shifted by ``offset``.

    Raises FormatError for markup left unfinished at the end of ``source``.
    """
    if "\x00" in source:
        line, column = line_column(source, source.index("\x00"))
        raise FormatError("NUL character in HTML", line=line, column=column)
    parser = _Collector(source, sink, offset, from_script, to_script)
    parser.feed(source)
    parser.close()
    sink.flush()


class HtmlFormat(Format):
    name = "html"
    extensions = (".html", ".htm", ".xhtml")

    def convert_text(self, text: str, tr: Transliterator, options: FormatOptions) -> str:
        sink = Sink()
        collect_html(text, sink, 0, tr.source, tr.target)
        return apply_edits(text, sink.result(tr))
