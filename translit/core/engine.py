"""Compile a rule table into a fast longest-match matcher with context.

Why it is built this way: a converter that visits every character from Python
runs at 1-3 MB/s, and even ``str.translate`` (one dictionary lookup per
character) manages only about 30-40 MB/s. Most of a text, however, needs no
decision at all: only a few letters have a context (е, ц, ъ...) and only a few
sources are longer than one letter. So the engine splits the work into three
passes that each run at C speed:

1. **Pattern pass.** One regular expression holds every rule longer than one
   letter (sh, ch, oʻ, сҳ ...), every rule with a context, and every capital
   that must become all-caps inside an all-caps word (rule E). Alternatives
   are grouped by their first character, longest source first, so one
   leftmost scan finds the longest match and the regex engine skips straight
   from candidate to candidate (it can only while every alternative starts
   with a literal, so a table whose characters share one set of rules, the
   apostrophe reader's look-alikes, becomes one class and a look-behind that
   tells which was read); each ends with an empty group whose number names
   the replacement. Contexts are look-arounds on the original text, so
   every decision sees the source, never half-converted output. (Measured:
   one such scan is 1.7x faster than a ``str.replace`` per digraph.)
2. **Letter pass.** Single letters go through a charmap codec (a C lookup
   table of 256 slots): the text is encoded to one byte per character and
   decoded through the target table. Characters the table does not know
   (other scripts, emoji, rare symbols) are set aside by an error handler and
   put back afterwards, untouched. Letters whose output is longer than one
   character are decoded to private-use placeholders and expanded with
   ``str.replace``.

What the pattern pass wrote is never converted again. The letter pass maps every
character, so a table where a rule's output holds a letter that a plain rule
converts (``ab -> c`` with ``c -> d``; a plain ``ʻ -> ʼ`` in the apostrophe
reader) cannot be compiled: :class:`EngineError` names both rules. This check
costs nothing per conversion, where placeholders for the pattern output would
cost a scan of the text per distinct output. No shipped table needs
re-conversion: their outputs are in the other script.

Capitals are derived, not written in the tables: a capital source gives a
title-case target (Ш -> Sh), and all capitals (SH) when the neighbouring letter
is a capital too (rule E of the spec; :mod:`translit.core.capitals` spells them).

A soft hyphen, a joiner or a stress mark inside a word (:data:`INVISIBLE`) must
not hide a letter from a context (мили́ция is militsiya). Rather than teach every
look-around to skip them, which ``re`` cannot do in a look-behind, a token holding
one is converted without it and the mark put back where the letters before it
end; text without such marks (almost all text) never takes that path.

The engine knows nothing about words, lexicons, files or formats. Contexts
never look across anything but letters, so a text cut before any whitespace
character converts piece by piece exactly as it does whole; the streaming API
relies on that.
"""

from __future__ import annotations

import codecs
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from .capitals import UPPER_CLASS, spellings, title
from .rules import BOUNDARY, Rule, RuleTable

__all__ = [
    "DECOMPOSED",
    "INVISIBLE",
    "Engine",
    "EngineError",
    "char_runs",
    "compose",
    "find_all",
    "letter_map",
    "split_rules",
]

_LETTER = r"[^\W\d_]"
_ANY = r"[\s\S]"
#: A decomposed Cyrillic letter (и + U+0306 for й...): NFC is applied to these only, so other
# text keeps its own normalisation.
DECOMPOSED = re.compile(r"[\u0400-\u04ff][\u0300-\u036f]+")
# A combining mark U+0300..U+036F in UTF-32-LE: its low byte, then these three.
_MARK_HIGH = b"\x03\x00\x00"


def compose(text: str) -> str:
    """``text`` with each match of :data:`DECOMPOSED` (a Cyrillic letter and its combining
    marks) in NFC.

    Why not ``DECOMPOSED.sub``: its search tries every Cyrillic letter of the text, 5 ms
    for 540k characters. The marks are rare, so they are found instead, by ``bytes.find``
    in the text's UTF-32 form, where character i is at bytes 4i..4i+3."""
    data = text.encode("utf-32-le", "surrogatepass")
    parts: list[str] = []
    last = 0
    at = data.find(_MARK_HIGH)
    while at >= 0:
        start = at // 4
        if at % 4 == 1 and data[at - 1] <= 0x6F and start >= last:
            end = start + 1
            while end < len(text) and "\u0300" <= text[end] <= "\u036f":
                end += 1
            if start and "\u0400" <= text[start - 1] <= "\u04ff" and start - 1 >= last:
                composed = unicodedata.normalize("NFC", text[start - 1 : end])
                parts += [text[last : start - 1], composed]
                last = end
            at = data.find(_MARK_HIGH, 4 * end)
        else:
            at = data.find(_MARK_HIGH, at + 1)
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


# The combining marks that compose with a Cyrillic letter (й ў ё ѓ ӣ ӳ ѐ ...): looking for
# these few is much quicker than asking whether a whole text is in NFC.
_COMPOSING = tuple(
    sorted({m for cp in range(0x400, 0x530) for m in unicodedata.normalize("NFD", chr(cp))[1:]})
)
#: Characters invisible inside a word: the soft hyphen of typeset text, the zero-width
#: non-joiner and joiner, the word joiner, and the stress marks of dictionaries and
#: textbooks (acute, grave). They must not break a rule (мили́ция is militsiya, not
#: milisiya), so a word holding one is converted without it and the mark put back.
INVISIBLE = "\u00ad\u200c\u200d\u2060\u0301\u0300"
_MARKS = tuple(dict.fromkeys((*_COMPOSING, *INVISIBLE)))
# Tokens holding an invisible mark are found from the marks: contexts never look across
# whitespace, so converting such tokens one by one changes nothing else. (A pattern for
# the whole token, \S*[marks]\S*, retries at every character of every token: measured
# 4x slower than the whole conversion on a text with a few soft hyphens.)
_NON_SPACE = re.compile(r"\S*")
_SLOT = "\x00"  # stands for a token with marks while the rest of the text is converted
# Longer tokens place their marks by proportion, to stay linear in time.
_ALIGNED_TOKEN = 64
_ERRORS = "translit-setaside"
_ESCAPE_CHAR = "\uffff"
_PLACEHOLDER_BASE = 0xE000
# Frequent non-ASCII characters that should pass through the letter pass without a
# detour through the error handler (speed only; correctness does not depend on it).
_COMMON_PASSTHROUGH = (
    "\u00a0«»“”„‘’‚‹›—–−…№•·´`ʻʼ\u00ad\u200b\u200c\u200d\u2009\u202f°±×÷€$£¥©®™§¶†‡‰′″"
    "áéíóúàèìòùäëïöüâêîôûçñşğöōḡõıİ"
)


class EngineError(ValueError):
    """A rule table cannot be compiled (for example, two rules overlap ambiguously)."""


def split_rules(table: RuleTable) -> tuple[list[Rule], dict[str, str]]:
    """The rules of the pattern pass (a context, or more than one letter) in table order,
    and the single letters of the letter pass (the first rule for a letter wins)."""
    letters: dict[str, str] = {}
    patterns: list[Rule] = []
    for rule in table.rules:
        if rule.has_context or len(rule.source) > 1:
            patterns.append(rule)
        else:
            letters.setdefault(rule.source, rule.target)
    return patterns, letters


def letter_map(letters: dict[str, str]) -> dict[str, str]:
    """``letters`` with their capitals: a capital gives a title-case target (Ш -> Sh)."""
    mapping: dict[str, str] = {}
    for src, tgt in letters.items():
        mapping[src] = tgt
        up = src.upper()
        if up != src:
            mapping.setdefault(up, title(tgt))
    return mapping


def _check_not_reconverted(table: RuleTable, patterns: list[Rule], letters: dict[str, str]) -> None:
    """Refuse a table whose letter pass would convert what its pattern pass wrote.

    The letter pass maps every character of the text, the pattern pass's output
    included. So ``ab -> c`` with ``c -> d`` would turn "ab" into "d", and a plain
    ``ʻ -> ʼ`` would undo every oʻ the apostrophe reader writes. Such a table is
    an :class:`EngineError` naming both rules, raised once at compile time; the
    alternative (placeholders for every pattern output, expanded after the letter
    pass) would cost every conversion a scan per output.
    """
    mapping = letter_map(letters)
    plain = {r.source: r for r in table.rules if not r.has_context and len(r.source) == 1}
    for rule in patterns:
        outputs = list(dict.fromkeys(sp.target for sp in spellings(rule.source, rule.target)))
        _check_outputs(table, rule, outputs, mapping, plain)
    for src, tgt in letters.items():  # capitals written all-caps by the pattern pass
        if src.upper() != src and tgt.upper() != title(tgt):
            _check_outputs(table, plain[src], [tgt.upper()], mapping, plain)


def _check_outputs(
    table: RuleTable,
    rule: Rule,
    outputs: list[str],
    mapping: dict[str, str],
    plain: dict[str, Rule],
) -> None:
    for output in outputs:
        for char in output:
            if mapping.get(char, char) != char:
                other = plain.get(char) or plain[char.lower()]
                raise EngineError(
                    f"{table.name}:{rule.line}: the rule '{rule}' writes {char!r}, which the "
                    f"rule '{other}' on line {other.line} would convert again (the letter "
                    "pass maps every character, the output of context and multi-letter "
                    "rules included); give the second rule a context or drop it"
                )


@dataclass
class _Branch:
    source: str
    target: str
    pattern: str  # everything after the first character


class Engine:
    """A compiled rule table; call it on a string to convert it.

    ``passthrough`` lists characters that higher layers use as markers: they are
    guaranteed to pass through unchanged (and cheaply).
    """

    def __init__(self, table: RuleTable, *, passthrough: Iterable[str] = ()) -> None:
        self.table = table
        self._classes = {
            name: "".join(sorted(chars | {c.upper() for c in chars}))
            for name, chars in table.classes.items()
        }
        patterns, letters = split_rules(table)
        _check_not_reconverted(table, patterns, letters)
        self._identity: set[str] = set()  # letters some rule keeps as they are
        self._pattern_re, self._pattern_out = self._compile_patterns(patterns, letters)
        self._compile_letters(letters, passthrough)

    # -- compilation ---------------------------------------------------------------

    def _item(self, item: str) -> str:
        if item == "L":
            return _LETTER
        if item == "U":
            return UPPER_CLASS
        if item in self._classes:
            return _char_class(self._classes[item])
        if item.startswith("[") and item.endswith("]"):
            chars = set(item[1:-1])
            return _char_class(chars | {c.upper() for c in chars})
        return "[" + re.escape(item) + re.escape(item.upper()) + "]"

    def _asserts(self, rule: Rule, n: int, case: str) -> str:
        parts = []
        for d, item in enumerate(reversed(rule.left), 1):
            gap = f"{_ANY}{{{d - 1 + n}}}"
            if item == BOUNDARY:
                parts.append(f"(?<!{_LETTER}{gap})")
            else:
                parts.append(f"(?<={self._item(item)}{gap})")
        for d, item in enumerate(rule.right, 1):
            gap = f"{_ANY}{{{d - 1}}}" if d > 1 else ""
            if item == BOUNDARY:
                parts.append(f"(?!{gap}{_LETTER})")
            else:
                parts.append(f"(?={gap}{self._item(item)})")
        if case == "caps":  # a capital next to it, after or before (AQSH, AQSHda, YOSHLAR)
            parts.append(f"(?:(?={UPPER_CLASS})|(?<={UPPER_CLASS}{_ANY}{{{n}}}))")
        return "".join(parts)

    def _compile_patterns(
        self, patterns: list[Rule], letters: dict[str, str]
    ) -> tuple[re.Pattern[str] | None, list[str]]:
        branches: dict[str, list[tuple[int, int, _Branch]]] = {}
        order = 0

        def add(rule: Rule) -> None:
            nonlocal order
            for src, tgt, case in spellings(rule.source, rule.target):
                if not rule.has_context and case == "" and src in letters:
                    continue
                pattern = re.escape(src[1:]) + self._asserts(rule, len(src), case)
                order += 1
                branch = _Branch(src, tgt, pattern)
                branches.setdefault(src[0], []).append((-len(src), order, branch))

        for rule in patterns:
            add(rule)
        # Capitals of multi-letter targets become all-caps inside all-caps words.
        for src, tgt in letters.items():
            if src.upper() != src and tgt.upper() != title(tgt):
                up = src.upper()
                pattern = self._asserts(Rule(up, tgt), 1, "caps")
                order += 1
                branches.setdefault(up, []).append((-1, order, _Branch(up, tgt.upper(), pattern)))
        shared: dict[tuple[str, tuple[str, ...]], list[str]] = {}  # rules -> first characters
        for first, items in branches.items():
            items.sort(key=lambda t: (t[0], t[1]))
            inner = []
            written: list[str] = []
            # A one-letter rule that writes its letter again (ʻ stays ʻ after o) needs no
            # match: it only stops the rules after it, so those get its pattern as a
            # negative look-ahead. Texts where the letter is already right (most Latin
            # text types ʻ and ʼ so) then cost no replacement call per letter.
            kept: list[str] = []
            for _, _, br in items:
                if br.source == br.target and len(br.source) == 1:
                    kept.append(br.pattern)
                    self._identity.add(br.source)
                    continue
                written.append(br.target)
                inner.append("".join(f"(?!{k})" for k in kept) + br.pattern + "()")
            if inner:
                shared.setdefault(("|".join(inner), tuple(written)), []).append(first)
        if not shared:
            return None, []
        outputs = [""]  # group numbers start at 1
        alternatives = []
        firsts = [c for chars in shared.values() for c in chars]
        # re scans at C speed for the characters a match may start with only when every
        # alternative starts with a literal (or the whole pattern with a class). So each
        # first character has an alternative of its own, except in a table where many
        # share their rules (the reader's 15 apostrophe look-alikes): that is one class
        # of first characters and a look-behind telling which was read (its pattern a
        # quarter as long, 16 -> 6 ms to compile, on the first to_cyrillic() call).
        if 2 * len(shared) <= len(firsts):
            for (inner_re, out), chars in shared.items():
                outputs += out
                alternatives.append(f"(?<={_char_class(chars)})(?:{inner_re})")
            return re.compile(_char_class(firsts) + "(?:" + "|".join(alternatives) + ")"), outputs
        for (inner_re, out), chars in shared.items():
            for first in chars:
                outputs += out
                alternatives.append(re.escape(first) + "(?:" + inner_re + ")")
        return re.compile("|".join(alternatives)), outputs

    def _compile_letters(self, letters: dict[str, str], passthrough: Iterable[str]) -> None:
        mapping = letter_map(letters)
        self._has_letters = bool(mapping)
        if not mapping:
            return
        # Characters produced by the earlier passes must pass the letter pass cheaply.
        produced = {c for tgt in self._pattern_out for c in tgt} | self._identity
        slots: list[str] = []
        decode: list[str] = []
        expansions: list[tuple[str, str]] = []
        for src, tgt in mapping.items():
            slots.append(src)
            if len(tgt) == 1:
                decode.append(tgt)
            else:
                ph = chr(_PLACEHOLDER_BASE + len(expansions))
                expansions.append((ph, tgt))
                decode.append(ph)
        identity = [
            c
            for c in dict.fromkeys([*passthrough, *sorted(produced)])
            # a placeholder written as itself would be expanded below
            if ord(c) >= 0x80 and not _PLACEHOLDER_BASE <= ord(c) < _PLACEHOLDER_BASE + 256
        ]
        identity += [c for c in _COMMON_PASSTHROUGH if c not in identity]
        nonascii_src = [c for c in slots if ord(c) >= 0x80]
        ascii_src = {c for c in slots if ord(c) < 0x80}
        free = 255 - len(nonascii_src)  # one slot is kept for the set-aside marker
        identity = [c for c in identity if c not in mapping][: max(0, free - 0)]
        enc = [chr(i) for i in range(128)]
        dec = [mapping[c] if c in ascii_src and len(mapping[c]) == 1 else chr(i)
               for i, c in enumerate(enc)]
        for i, c in enumerate(enc):
            if c in ascii_src and len(mapping[c]) != 1:
                dec[i] = decode[slots.index(c)]
        for src in nonascii_src:
            enc.append(src)
            dec.append(decode[slots.index(src)])
        for c in identity:
            if len(enc) >= 255:
                break
            enc.append(c)
            dec.append(c)
        if len(enc) > 255:
            raise EngineError(f"{self.table.name}: more than 255 letters in one table")
        self._escape_byte = bytes([len(enc)])
        enc.append("\ufffe")  # not encodable: the marker is only ever written by the handler
        dec.append(_ESCAPE_CHAR)
        enc += ["\ufffe"] * (256 - len(enc))
        dec += ["\ufffe"] * (256 - len(dec))
        # "\ufffe" marks unused slots: charmap_build leaves it unencodable.
        self._encoding_map = codecs.charmap_build("".join(enc))
        self._decoding_table = "".join(dec)
        # An output of several letters (or none) is written into the bytes before decoding,
        # when each of its letters has a byte that decodes to it: bytes.replace moves one
        # byte a character, where str.replace after decoding moves two or four (measured:
        # the expansions of the Cyrillic -> Latin table 7 ms -> 1.5 ms on 540k characters).
        long_at = {i: mapping[c] for i, c in enumerate(enc) if len(mapping.get(c, c)) != 1}
        byte_of: dict[str, int] = {}
        for i, c in enumerate(dec):
            if i not in long_at and i != self._escape_byte[0] and c != "\ufffe":
                byte_of.setdefault(c, i)
        self._byte_expansions: list[tuple[bytes, bytes]] = []
        self._expansions: list[tuple[str, str]] = []
        for i, tgt in long_at.items():
            if all(c in byte_of for c in tgt):
                self._byte_expansions.append((bytes([i]), bytes(byte_of[c] for c in tgt)))
            else:
                self._expansions.append((dec[i], tgt))

    # -- conversion ----------------------------------------------------------------

    def __call__(self, text: str) -> str:
        if not text:
            return text
        if any(mark in text for mark in _MARKS):  # rare: a few quick scans decide
            if any(mark in text for mark in INVISIBLE):
                return self._convert_marked(text)
            text = compose(text)
        return self._passes(text)

    def _convert_marked(self, text: str) -> str:
        """``text`` with its tokens that hold invisible marks converted without them."""
        spans: list[tuple[int, int]] = []  # the tokens with marks
        last = 0
        for at in sorted(find_all(text, INVISIBLE)):
            if at < last:
                continue  # in the token just found
            # The token's start: the end of the run of non-space characters before the
            # mark, read backwards from a reversed copy of the text since ``last`` (each
            # character is read once however long the tokens are).
            start = at - _run_end(text[last:at][::-1], 0)
            last = _run_end(text, at)
            spans.append((start, last))
        bounds = [0, *(i for span in spans for i in span), len(text)]
        between = [text[bounds[k] : bounds[k + 1]] for k in range(0, len(bounds), 2)]
        if _SLOT in text:  # the text holds the slot character itself: part by part
            outs = [self(piece) for piece in between]
        else:
            # The rest of the text in one pass (not one per piece), each token with marks
            # left as a slot between spaces, which no context looks across.
            outs = self(_SLOT.join(between)).split(_SLOT)
        tokens = self._convert_tokens([text[start:end] for start, end in spans])
        parts = [outs[0]]
        for token, out in zip(tokens, outs[1:], strict=True):
            parts += [token, out]
        return "".join(parts)

    def _convert_tokens(self, tokens: list[str]) -> list[str]:
        # Each token without its marks is converted as usual; each mark goes back after
        # the output that the token's letters before it give on their own (the common
        # prefix: мили|ция -> mili|tsiya, с|ҳ -> s|ʼh). The tokens and the prefixes are
        # converted in one call each (a call per token cost 30 µs a soft hyphen).
        plains: list[str] = []
        all_marks: list[list[tuple[int, str]]] = []
        prefixes: list[str] = []
        for token in tokens:
            letters: list[str] = []
            marks: list[tuple[int, str]] = []
            for char in token:
                if char in INVISIBLE:
                    marks.append((len(letters), char))
                else:
                    letters.append(char)
            plain = "".join(letters)
            plains.append(plain)
            all_marks.append(marks)
            if len(plain) <= _ALIGNED_TOKEN:
                prefixes += [plain[:index] for index, _ in marks if index < len(plain)]
        outs = self._each(plains)
        prefix_outs = iter(self._each(prefixes))
        converted: list[str] = []
        for plain, marks, out in zip(plains, all_marks, outs, strict=True):
            pieces: list[str] = []
            pos = 0
            for index, mark in marks:
                if index == len(plain):
                    at = len(out)
                elif len(plain) > _ALIGNED_TOKEN:
                    at = index * len(out) // len(plain)
                else:
                    at = _common_prefix(out, next(prefix_outs))
                at = max(at, pos)
                pieces += [out[pos:at], mark]
                pos = at
            pieces.append(out[pos:])
            converted.append("".join(pieces))
        return converted

    def _each(self, texts: list[str]) -> list[str]:
        """The conversion of each of ``texts`` (no whitespace in them), in one call: no
        context looks across a space."""
        outs = self(" ".join(texts)).split(" ")
        if len(outs) != len(texts):  # a rule wrote a space: one by one
            return [self(t) for t in texts]
        return outs

    def _passes(self, text: str) -> str:
        if self._pattern_re is not None:
            out = self._pattern_out
            text = self._pattern_re.sub(lambda m: out[m.lastindex or 0], text)
        if self._has_letters:
            text = self._map_letters(text)
        return text

    def _map_letters(self, text: str) -> str:
        state = _STATE
        state.escape_byte = self._escape_byte
        saved: list[str] = []
        state.saved = saved
        try:
            data = codecs.charmap_encode(text, _ERRORS, self._encoding_map)[0]
        finally:
            state.saved = None
        for byte, written in self._byte_expansions:
            if byte in data:
                data = data.replace(byte, written)
        result: str = codecs.charmap_decode(data, "strict", self._decoding_table)[0]
        for ph, tgt in self._expansions:
            if ph in result:
                result = result.replace(ph, tgt)
        if saved:
            parts = result.split(_ESCAPE_CHAR)
            merged = [""] * (2 * len(parts) - 1)
            merged[0::2] = parts
            merged[1::2] = saved
            result = "".join(merged)
        return result


def char_runs(chars: Iterable[str]) -> list[tuple[str, str]]:
    """``chars`` as runs of consecutive code points (first, last), in order: what a
    class written with ranges lists ([A-Za-zʻ-ʼ])."""
    points = sorted({ord(c) for c in chars})
    runs: list[tuple[str, str]] = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        runs.append((chr(points[i]), chr(points[j])))
        i = j + 1
    return runs


def _char_class(chars: Iterable[str]) -> str:
    """A pattern class of ``chars`` written with ranges: the look-arounds repeat the same
    classes in many alternatives, and ``re`` parses every copy."""
    parts = [
        re.escape(a) if a == b else f"{re.escape(a)}-{re.escape(b)}" for a, b in char_runs(chars)
    ]
    return "[" + "".join(parts) + "]"


def find_all(text: str, needles: Iterable[str]) -> list[int]:
    """Where each of ``needles`` starts in ``text`` (not in order): each found with
    ``str.find``, which skips to it at memchr speed where a pattern class of rare
    characters costs a set look-up per character (the marks of :data:`INVISIBLE`: 1.33 ms
    against 0.19 ms on the 23 pieces of 16 K characters with soft hyphens in the
    development corpus)."""
    found: list[int] = []
    for needle in needles:
        at = text.find(needle)
        while at >= 0:
            found.append(at)
            at = text.find(needle, at + 1)
    return found


def _run_end(text: str, pos: int) -> int:
    """Where the run of non-space characters at ``pos`` ends."""
    found = _NON_SPACE.match(text, pos)
    return pos if found is None else found.end()


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):  # the shorter one ends the prefix
        if x != y:
            break
        n += 1
    return n


class _SetAside(threading.local):
    saved: list[str] | None = None
    escape_byte: bytes = b""


_STATE = _SetAside()


def _set_aside(exc: UnicodeError) -> tuple[bytes, int]:
    # Characters the letter table does not know are kept aside and restored later.
    if not isinstance(exc, UnicodeEncodeError) or _STATE.saved is None:
        raise exc
    _STATE.saved.append(exc.object[exc.start : exc.end])
    return _STATE.escape_byte, exc.end


codecs.register_error(_ERRORS, _set_aside)
