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
from collections.abc import Callable
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from ._base import Format, FormatError, FormatOptions, line_column, rewrite_lang
from ._segments import Edit, Piece, Sink, apply_edits

if TYPE_CHECKING:
    from translit import Transliterator

__all__ = ["HtmlFormat", "collect_html", "escape_new_markup"]

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
# Where each attribute and its value are in a start tag. html.parser reports the names
# and values but not where they are; this is our reading of the same syntax, and a tag
# where it finds other names than the parser reported keeps its attributes unconverted
# (so a change in the standard library's tokenizer can never make us rewrite markup).
_ATTR = re.compile(
    r"((?<=['\"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*"
    r"('[^']*'|\"[^\"]*\"|(?!['\"])[^>\s]*))?(?:\s|/(?!>))*"
)
_MARKUP_START = re.compile(r"<[A-Za-z!/?]")
# "&#" that does not begin a character reference html.parser accepts. With no ";" after it
# the parser stops there and hands the rest of the page, tags and scripts included, back
# as text: such an "&#" is fed to the parser as "& " (same length, so offsets hold).
_NOT_A_CHARREF = re.compile(r"&#(?!(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F])")
# What converted text must not create: a tag, comment or declaration, or an entity.
_NEW_MARKUP = re.compile(r"<[A-Za-z!/?]|&[A-Za-z0-9#]|[<&]$")


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


class _MarkupEscaper:
    """Escape what the conversion turned into markup in a text node (issue 14, item 5).

    ``<у`` is text, but its conversion ``<u`` would open a tag; ``&нот`` would become the
    entity ``&not``. A ``<`` or ``&`` that starts markup in the output, and did not in the
    source text, is written as ``&lt;`` or ``&amp;``; so is one that ends the piece (the
    next piece may start with a letter).
    """

    def __init__(self, source: str, then: Callable[[str], str] | None = None) -> None:
        self.source = source
        self.then = then

    def __call__(self, text: str) -> str:
        text = escape_new_markup(text, self.source)
        return self.then(text) if self.then else text


def escape_new_markup(text: str, source: str) -> str:
    """``text`` with each ``<`` or ``&`` that would start markup, and did not in ``source``,
    written as an entity."""
    if "<" not in text and "&" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        if len(found) == 2 and found in source:
            return found
        return ("&lt;" if found[0] == "<" else "&amp;") + found[1:]

    return _NEW_MARKUP.sub(replace, text)


def _pieces(source: str, start: int, end: int, quote: str | None = None) -> list[Piece]:
    """Text and entity pieces for ``source[start:end]`` (text node or attribute value)."""
    pieces: list[Piece] = []
    literal = _quote_escaper(quote)
    pos = start
    for match in _ENTITY.finditer(source, start, end):
        raw = match.group(0)
        decoded = html.unescape(raw)
        at = match.start()
        # A "<" or "&" right before an entity of a letter goes with it, so that "<&#1091;"
        # cannot come out as the tag "<u".
        lead = at > pos and decoded != raw and source[at - 1] in "<&"
        if lead:
            at -= 1
        if at > pos:
            text = source[pos:at]
            pieces.append(Piece(text, pos, at, _MarkupEscaper(text, literal)))
        if decoded == raw:  # unknown name: context only, never rewritten
            pieces.append(Piece(raw))
        elif lead:
            pieces.append(Piece(source[at] + decoded, at, match.end(),
                                _EntityEscaper(quote)))
        else:
            pieces.append(Piece(decoded, at, match.end(), _EntityEscaper(quote)))
        pos = match.end()
    if pos < end:
        text = source[pos:end]
        pieces.append(Piece(text, pos, end, _MarkupEscaper(text, literal)))
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
        self.data_start = self.data_end = -1  # the run of text not yet taken
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
        # The parser may hand one run of text over in parts ("x", "<", "у"); they are
        # taken as one, so that what the conversion makes of them is judged as a whole.
        start = self._offset()
        end = start + len(data)
        if start < self.data_end:  # never take a character twice (an entity read longer)
            start = min(self.data_end, end)
        if self.data_end == start:
            self.data_end = end
        else:
            self._end_data()
            self.data_start, self.data_end = start, end

    def _end_data(self) -> None:
        start, end = self.data_start, self.data_end
        self.data_start = self.data_end = -1
        if start < 0 or self._skip_text():
            return
        # Text never holds "<" + a letter: that would have been a tag. The parser hands
        # back as text a tag or comment cut off by the end of the document (an error), and
        # raw text it does not parse as markup (the text of elements some Python versions
        # read raw): markup, so it is kept as written.
        markup = _MARKUP_START.search(self.source, start, end)
        if markup is not None:
            if end >= len(self.source):
                line, column = line_column(self.source, markup.start())
                raise FormatError("unterminated tag or comment", line=line, column=column)
            self.sink.flush()
            return
        self._text(start, end)

    def _reference(self) -> None:
        # An entity belongs to the run of text around it (see handle_data).
        start = self._offset()
        match = _ENTITY.match(self.source, start)
        self.handle_data(self.source[start : match.end() if match else start + 1])

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
        self._end_data()
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
            self._attributes(tag, raw, start, values, [name for name, _value in attrs])
        if not closed and tag not in _VOID:
            self.stack.append(_Frame(tag, no_text, skip))

    def _attributes(self, tag: str, raw: str, start: int, values: dict[str, str],
                    names: list[str]) -> None:
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
        found = list(_ATTR.finditer(raw, head.end()))
        if [m.group(1).lower() for m in found] != names:
            return  # we do not read this tag as the parser did: keep its attributes
        for match in found:
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
        self._end_data()
        if tag not in _INLINE:
            self.sink.flush()
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                break

    # Comments, doctype, processing instructions and CDATA sections are kept as they are.
    def handle_comment(self, data: str) -> None:
        self._end_data()

    def handle_decl(self, decl: str) -> None:
        self._end_data()

    def handle_pi(self, data: str) -> None:
        self._end_data()

    def unknown_decl(self, data: str) -> None:
        self._end_data()


def collect_html(source: str, sink: Sink, offset: int, from_script: str,
                 to_script: str) -> None:
    """Add the pieces of HTML ``source`` to ``sink``; offsets are shifted by ``offset``.

    Raises FormatError for markup left unfinished at the end of ``source``.
    """
    if "\x00" in source:
        line, column = line_column(source, source.index("\x00"))
        raise FormatError("NUL character in HTML", line=line, column=column)
    parser = _Collector(source, sink, offset, from_script, to_script)
    try:
        parser.feed(_NOT_A_CHARREF.sub("& ", source))
        parser.close()
        parser._end_data()
    except AssertionError as exc:
        # html.parser asserts on some malformed declarations ("<![ x"): bad input, not a
        # bug of ours. The position is where the parser stood.
        line, column = parser.getpos()
        raise FormatError(f"malformed markup ({exc})", line=line, column=column + 1) from exc
    sink.flush()


class HtmlFormat(Format):
    name = "html"
    extensions = (".html", ".htm", ".xhtml")

    def convert_text(self, text: str, tr: Transliterator, options: FormatOptions) -> str:
        sink = Sink()
        collect_html(text, sink, 0, tr.source, tr.target)
        return apply_edits(text, sink.result(tr))
