"""Export our rule tables as ICU transform rules (``to_icu_rules``).

Why: search engines and databases (Elasticsearch's ``icu_transform``, Lucene,
ICU4J, PostgreSQL with ICU) transliterate only through ICU transforms, and
ICU's built-in ``uz_Cyrl-uz_Latn`` decides ц, ъ, сҳ and one-letter capitals
differently from our rules. The export lets them run *our* rules.

The rules are generated from the same tables the engine compiles, never
written by hand, and they reproduce the engine exactly. One difference of
execution model has to be bridged: the engine decides every context on the
*original* text (look-arounds), whereas an ICU rule's before-context (``a {``)
sees text that the same pass has already converted. So each table becomes two
ICU passes:

1. **Decide.** Every rule with a context (and every capital that rule E may
   write in capitals) is tried in the engine's order; a match is replaced by
   private-use markers, one per source character, so positions are kept. A
   before-context class also accepts the markers of its own letters, so it
   still sees "a vowel" where a vowel has already been decided.
2. **Write.** Markers become their targets and single letters are mapped,
   capitals in title case.

Word boundaries (``#``) are "not a letter" classes plus the ``^``/``$``
anchors for the edges of the text. Case is explicit: each capital spelling
is its own rule, as the engine derives it (rule E: all capitals within a word
in capitals, title case elsewhere).

What ICU rules cannot express, and the export therefore leaves out:

- the word layer: URLs, e-mail addresses, @handles and words to ``keep``
  (Cyrillic -> Latin), and foreign-word and Roman-numeral protection
  (Latin -> Cyrillic);
- loanword stems followed by suffix chains (kompyuterlarimizda): ICU rules
  have no alternation inside a context, so only the bare lexicon words
  (kompyuter, Kompyuter, KOMPYUTER) are exported;
- invisible marks inside a word (soft hyphen, joiners, stress marks:
  ``engine.INVISIBLE``), which the engine skips and ICU contexts cannot; ICU's
  NFC is restricted to a Cyrillic letter followed by combining marks
  (и + U+0306 -> й), as the engine's, but also composes a stress mark the
  engine keeps apart (г + U+0301).

The markers are code points U+F0000 and up (Supplementary Private Use Area-A);
a text that already contains them may convert differently.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from . import tables
from .capitals import UPPER, spellings, title
from .engine import DECOMPOSED, char_runs, letter_map, split_rules
from .rules import BOUNDARY, Rule, RuleTable
from .schemes import LATIN, cyrillic_engine, load_scheme, scheme_names

__all__ = ["SUPPORTED", "to_icu_rules"]

#: ICU's class for what the engine calls a letter (Python's ``[^\W\d_]``).
_ICU_LETTER = "[:L:][:Nl:][:No:]"
_MARKER_BASE = 0xF0000
# Marks both edges of the text while the rules run, so that "no letter here" is a set
# that also matches at the edges (ICU's ^ and $ anchors need extra rules per context).
_EDGE = "\\U000FFFFD"
_EDGES_ON = [
    "$any = [\\u0000-\\U0010FFFF] ;",
    f"^ ( $any ) }} $ > {_EDGE} $1 {_EDGE} ;",
    f"^ ( $any ) > {_EDGE} $1 ;",
    f"( $any ) }} $ > $1 {_EDGE} ;",
]
_EDGES_OFF = [f"{_EDGE} > ;"]


def _nfc_filter() -> str:
    """The characters ICU may normalise: those the engine normalises (engine.DECOMPOSED,
    a letter class followed by combining marks), minus composition exclusions."""
    m = re.fullmatch(r"\[(.+?)\]\[(.+?)\]\+", DECOMPOSED.pattern)
    if m is None:
        raise ValueError(f"cannot express {DECOMPOSED.pattern!r} as an ICU set")
    letters, marks = m.groups()
    letters = _ICU_LETTER if letters == "^\\W\\d_" else _py_class(letters)
    return f"[[{letters}{_py_class(marks)}]-[:Full_Composition_Exclusion:]]"


def _py_class(body: str) -> str:
    """A Python character-class body of characters and ranges, as an ICU set body."""
    chars = body.encode("latin-1", "backslashreplace").decode("unicode_escape")
    if not all(c.isalnum() or c == "-" or ord(c) > 0x7F for c in chars):
        raise ValueError(f"cannot express [{body}] as an ICU set")
    return "".join(c if c == "-" else _esc_set(c) for c in chars)


def _supported() -> tuple[tuple[str, str], ...]:
    pairs = [("cyrillic", name) for name in (LATIN, *scheme_names())]
    return (*pairs, (LATIN, "cyrillic"))


#: (source, target) pairs :func:`to_icu_rules` can export.
SUPPORTED = _supported()


# --------------------------------------------------------------------------- escaping


def _esc_char(c: str) -> str:
    cp = ord(c)
    if c.isascii() and c.isalnum():
        return c
    if c.isalpha() and unicodedata.category(c) in ("Lu", "Ll", "Lt", "Lo") and cp < 0xE000:
        return c
    return f"\\u{cp:04X}" if cp <= 0xFFFF else f"\\U{cp:08X}"


def _esc(text: str) -> str:
    return "".join(_esc_char(c) for c in text)


def _set(chars: frozenset[str] | set[str]) -> str:
    """An ICU set of explicit characters, with ranges where code points are consecutive."""
    parts = [
        _esc_set(a) if a == b else f"{_esc_set(a)}-{_esc_set(b)}" for a, b in char_runs(chars)
    ]
    return "[" + "".join(parts) + "]"


def _esc_set(c: str) -> str:
    cp = ord(c)
    if c.isascii() and c.isalnum():
        return c
    return f"\\u{cp:04X}" if cp <= 0xFFFF else f"\\U{cp:08X}"


# --------------------------------------------------------------------------- contexts


def _is_letter(c: str) -> bool:
    return c.isalnum() and not c.isdecimal() and c != "_"


_UPPER = UPPER  # the engine's notion of a capital (translit.core.capitals)


@dataclass(frozen=True)
class _Slot:
    """What one context position must hold: explicit characters, any letter, or no letter
    (the edge of the text counts as "no letter": it is marked by a character)."""

    chars: frozenset[str] | None = None  # explicit set
    letter: bool | None = None  # True: any letter; False: no letter

    def __and__(self, other: _Slot) -> _Slot | None:
        if self.chars is not None or other.chars is not None:
            chars = (
                self.chars & other.chars
                if self.chars is not None and other.chars is not None
                else (self.chars if self.chars is not None else other.chars)
            )
            assert chars is not None
            for lt in (self.letter, other.letter):
                if lt is not None:
                    chars = frozenset(c for c in chars if _is_letter(c) == lt)
            return _Slot(chars) if chars else None
        if self.letter is not None and other.letter is not None and self.letter != other.letter:
            return None
        letter = self.letter if self.letter is not None else other.letter
        return _Slot(None, letter)


_NO_LETTER = _Slot(None, False)
_ANY_LETTER = _Slot(None, True)
_CAPITAL = _Slot(_UPPER)


def _slot(item: str, table: RuleTable) -> _Slot:
    if item == BOUNDARY:
        return _NO_LETTER
    if item == "L":
        return _ANY_LETTER
    if item == "U":
        return _CAPITAL
    if item in table.classes:
        chars = set(table.classes[item])
    elif item.startswith("[") and item.endswith("]"):
        chars = set(item[1:-1])
    else:
        chars = {item}
    return _Slot(frozenset(chars | {c.upper() for c in chars}))


@dataclass
class _Branch:
    source: str
    target: str
    left: list[_Slot]  # nearest first
    right: list[_Slot]  # nearest first


def _combine(slots: list[_Slot], extra: dict[int, _Slot]) -> list[_Slot] | None:
    out = list(slots)
    for d, slot in extra.items():
        while len(out) <= d:
            out.append(_Slot(None, None))  # unconstrained (only as padding)
        both = out[d] & slot
        if both is None:
            return None
        out[d] = both
    return out


def _branches(table: RuleTable) -> tuple[list[_Branch], dict[str, str]]:
    """The engine's two passes for ``table`` (see translit/core/engine.py): the pattern
    branches in the order the engine tries them, and the single letters."""
    patterns, letters = split_rules(table)
    ordered: list[tuple[int, int, _Branch]] = []
    order = 0

    def add(src: str, tgt: str, rule: Rule, case: str) -> None:
        nonlocal order
        left = [_slot(i, table) for i in reversed(rule.left)]
        right = [_slot(i, table) for i in rule.right]
        variants: list[tuple[dict[int, _Slot], dict[int, _Slot]]] = [({}, {})]
        if case == "caps":  # next character a capital, or the previous one
            variants = [({}, {0: _CAPITAL}), ({0: _CAPITAL}, {})]
        for lx, rx in variants:
            lc, rc = _combine(left, lx), _combine(right, rx)
            if lc is None or rc is None:
                continue
            order += 1
            ordered.append((-len(src), order, _Branch(src, tgt, lc, rc)))

    for rule in patterns:
        for src, tgt, case in spellings(rule.source, rule.target):
            if not rule.has_context and case == "" and src in letters:
                continue
            add(src, tgt, rule, case)
    for src, tgt in letters.items():
        if src.upper() != src and tgt.upper() != title(tgt):
            add(src.upper(), tgt.upper(), Rule(src.upper(), tgt), "caps")
    ordered.sort(key=lambda t: (t[0], t[1]))
    return [b for _, _, b in ordered], letter_map(letters)


class _Markers:
    """Private-use markers: one per branch (its first character) and one per character a
    branch consumes after its first; each remembers the character it stands for."""

    def __init__(self, base: int) -> None:
        self.next = base
        self.original: dict[str, str] = {}
        self.consumed: dict[str, str] = {}

    def new(self, original: str) -> str:
        m = chr(self.next)
        self.next += 1
        self.original[m] = original
        return m

    def consume(self, original: str) -> str:
        if original not in self.consumed:
            self.consumed[original] = self.new(original)
        return self.consumed[original]

    def standing_for(self, test: _Slot) -> set[str]:
        return {m for m, c in self.original.items() if _matches(test, c)}


def _matches(slot: _Slot, c: str) -> bool:
    if slot.chars is not None:
        return c in slot.chars
    if slot.letter is None:
        return True
    return _is_letter(c) == slot.letter


def _icu_slot(slot: _Slot, markers: _Markers | None) -> str:
    """The ICU set for a slot; with ``markers`` (a before-context) it also accepts the
    markers that stand for characters of the slot."""

    def standing(test: _Slot) -> set[str]:
        return markers.standing_for(test) if markers is not None else set()

    if slot.chars is not None:
        return _set(slot.chars | standing(slot))
    if slot.letter is None:
        return "[\\u0000-\\U0010FFFF]"
    letter_markers = standing(_ANY_LETTER)
    extra = _set(letter_markers)[1:-1] if letter_markers else ""
    return f"[{'' if slot.letter else '^'}{_ICU_LETTER}{extra}]"


def _direct_ok(branches: list[_Branch], mapping: dict[str, str]) -> Callable[[_Branch], bool]:
    """Whether a branch may write its target in the first pass instead of markers.

    Markers exist so that later before-contexts see what stood there. A branch that
    ends a word (no letter may follow) is never looked at by a later rule if no rule
    can look back across a non-letter: rules starting at a non-letter have no
    before-context, and every before-context position but the farthest needs a
    letter. Whole lexicon words are such branches; writing them directly keeps the
    rules small.
    """

    def letters_only(s: _Slot) -> bool:
        if s.chars is not None:
            return all(_is_letter(c) for c in s.chars)
        return s.letter is True

    simple = all(
        (not b.left or _is_letter(b.source[0])) and all(letters_only(s) for s in b.left[:-1])
        for b in branches
    )

    def ok(br: _Branch) -> bool:
        return (
            simple
            and len(br.source) > 1
            and bool(br.right)
            and br.right[0].letter is False
            and br.right[0].chars is None
            and not any(c in mapping for c in br.target)
        )

    return ok


def _hidden(
    ante: tuple[str, ...],
    key: str,
    post: tuple[str, ...],
    earlier: list[tuple[tuple[str, ...], str, tuple[str, ...]]],
) -> bool:
    """ICU's test (TransliterationRule::masks): does an earlier rule match wherever this
    one does? Then this one can never apply, and ICU refuses a rule set that has it.
    Records the rule in ``earlier`` when it is not hidden."""
    pattern = (*ante, *key, *post)
    for a1, k1, p1 in earlier:
        left, right = len(a1), len(k1) + len(p1)
        left2, right2 = len(ante), len(key) + len(post)
        if left <= left2 and (right < right2 or (right == right2 and len(k1) <= len(key))):
            p = (*a1, *k1, *p1)
            if pattern[left2 - left : left2 - left + len(p)] == p:
                return True
    earlier.append((ante, key, post))
    return False


def _passes(table: RuleTable, base: int) -> tuple[list[str], list[str], dict[str, str], int]:
    """The decide and write passes of ``table``, the ICU set variables they use, and the
    next free marker."""
    branches, mapping = _branches(table)
    markers = _Markers(base)
    direct = _direct_ok(branches, mapping)
    planned: list[tuple[_Branch, str | None]] = []
    for br in branches:
        if direct(br):
            planned.append((br, None))
            continue
        first = markers.new(br.source[0])
        planned.append((br, first + "".join(markers.consume(c) for c in br.source[1:])))
    variables: dict[str, str] = {}  # set text -> $name

    def var(text: str) -> str:
        # Every set is a variable: ICU gives each set written in a rule its own
        # stand-in character, and a few thousand lexicon rules would run out of them.
        if text not in variables:
            variables[text] = f"$s{base:x}_{len(variables)}"
        return variables[text]

    slot_cache: dict[tuple[_Slot, bool], str] = {}

    def slot(s: _Slot, before: bool) -> str:
        key = (s, before)
        if key not in slot_cache:
            slot_cache[key] = var(_icu_slot(s, markers if before else None))
        return slot_cache[key]

    decide: list[str] = []
    write: list[str] = []
    emitted: dict[str, list[tuple[tuple[str, ...], str, tuple[str, ...]]]] = {}
    for br, marks in planned:
        out = _esc(br.target if marks is None else marks)
        ante = tuple(slot(s, True) for s in reversed(br.left))
        post = tuple(slot(s, False) for s in br.right)
        if _hidden(ante, br.source, post, emitted.setdefault(br.source[0], [])):
            continue  # an earlier rule always wins (so does the engine's earlier branch)
        before, after = " ".join(ante), " ".join(post)
        rule = _esc(br.source)
        if before:
            rule = f"{before} {{ {rule}"
        if after:
            rule = f"{rule} }} {after}"
        decide.append(f"{rule} > {out} ;")
        if marks is not None:
            write.append(f"{_esc(marks[0])} > {_esc(br.target)} ;")
    for original, m in markers.consumed.items():
        write.append(f"{_esc(m)} > ;  # {_esc(original)} taken by a rule above")
    for src, tgt in mapping.items():
        write.append(f"{_esc(src)} > {_esc(tgt)} ;")
    defs = {name: text for text, name in variables.items()}
    return decide, write, defs, markers.next


# --------------------------------------------------------------------------- export


def _header(source: str, target: str, apostrophe: str, notes: list[str]) -> list[str]:
    from .. import __version__

    lines = [
        f"# uz-translit {__version__}: Uzbek {source} -> {target} as ICU transform rules.",
        f"# Generated by translit.to_icu_rules({source!r}, {target!r}, "
        f"apostrophe={apostrophe!r}); do not edit, regenerate.",
        "# Load with Transliterator.createFromRules (ICU4J/ICU4C/PyICU); Elasticsearch's",
        "# icu_transform needs it registered under an ID (docs/icu.md). Each table runs as",
        "# two passes: the first decides every context on the original text and leaves",
        "# private-use markers (U+F0000...), the second writes the letters.",
        *notes,
    ]
    return lines


def _table_rules(table: RuleTable, title: str, base: int) -> tuple[list[str], int]:
    decide, write, defs, nxt = _passes(table, base)
    lines = [f"# --- {title}: decide contexts"]
    lines += [f"{name} = {text} ;" for name, text in defs.items()]
    lines += [*decide, "::Null ;", f"# --- {title}: write", *write]
    return lines, nxt


def to_icu_rules(source: str, target: str, *, apostrophe: str = "unicode") -> str:
    """ICU transform rules that convert like ``Transliterator(source, target)``'s rules.

    >>> rules = to_icu_rules("cyrillic", "latin")
    >>> "::Null ;" in rules
    True

    Cyrillic -> any Latin alphabet is exact (the word layer aside: URLs, e-mail
    addresses and ``keep`` words are not protected). Latin (1995) -> Cyrillic exports
    the apostrophe reader, the rules and the bare lexicon words; loanwords followed by
    suffixes, foreign-word and Roman-numeral protection are not expressible in ICU
    rules (see docs/icu.md). ``apostrophe`` is the Latin output style.
    """

    if (source, target) not in SUPPORTED:
        valid = ", ".join(f"{s}->{t}" for s, t in SUPPORTED)
        raise ValueError(f"cannot export {source}->{target} as ICU rules; supported: {valid}")
    if apostrophe not in tables.APOSTROPHE_STYLES:
        valid = ", ".join(tables.APOSTROPHE_STYLES)
        raise ValueError(f"unknown apostrophe style {apostrophe!r}; valid styles: {valid}")
    if source == "cyrillic":
        load_scheme(target)
        rule_tables = [cyrillic_engine(target, apostrophe).table]
        notes = [
            "# Not expressible here: protection of URLs, e-mail addresses and kept words;",
            "# soft hyphens, joiners and stress marks inside a word, which uz-translit skips.",
        ]
    else:
        rule_tables = [latin_apostrophes_table(), latin_cyrillic_table()]
        notes = [
            "# Not expressible here: loanword stems followed by suffix chains (only the bare",
            "# lexicon words are included), foreign words, Roman numerals, URLs and e-mail",
            "# addresses, which uz-translit keeps; ICU converts them like Uzbek words.",
        ]
    lines = _header(source, target, apostrophe if source == "cyrillic" else "unicode", notes)
    lines += [f"::{_nfc_filter()} NFC ;", "# --- mark the edges of the text", *_EDGES_ON]
    base = _MARKER_BASE
    for table in rule_tables:
        rules, base = _table_rules(table, table.name, base)
        lines += ["::Null ;", *rules]
    lines += ["::Null ;", "# --- remove the edge marks", *_EDGES_OFF]
    return "\n".join(lines) + "\n"


def latin_apostrophes_table() -> RuleTable:
    """The apostrophe reader's table (applied before Latin -> Cyrillic)."""
    return tables.engine("latin-apostrophes").table


def latin_cyrillic_table() -> RuleTable:
    """The Latin -> Cyrillic table with every bare lexicon word as a whole-word rule.

    An engine compiled from this table converts a lexicon word alone exactly as the
    transliterator does; it is what the exported Latin -> Cyrillic rules reproduce.
    """
    base = tables.engine("latin-cyrillic").table
    lexicon = tables.lexicon()
    words: list[Rule] = []
    for key in sorted(lexicon.keys()):
        cyrillic = lexicon.lookup(key)
        if cyrillic is not None and cyrillic != tables.engine("latin-cyrillic")(key):
            words.append(Rule(key, cyrillic, (BOUNDARY,), (BOUNDARY,)))
    return base.extended(tuple(words), name="latin-cyrillic+lexicon")
