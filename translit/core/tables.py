"""The shipped rule tables, compiled engines and the lexicon, built once and shared.

Why a module of its own: compiling a table takes milliseconds to tens of
milliseconds and the lexicon needs two engines, so every layer that converts
(the transliterator, the Latin schemes, the ICU export) must reuse the same
compiled objects. They all ask here, by name; nobody reaches into another
module's caches. This module sits just above the engine, the rule parser and
the lexicon class, and below everything that composes them.
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Callable
from typing import cast

from .engine import Engine
from .lexicon import Lexicon, SuffixGrammar, load_entries
from .rules import RuleTable, load_table, read_data

__all__ = [
    "APOSTROPHE_STYLES",
    "TURNED",
    "TUTUQ",
    "engine",
    "grammar",
    "lexicon",
    "lexicon_latin",
    "lexicon_with",
    "styled",
    "table",
]

#: The turned comma of oʻ and gʻ, and the tutuq belgisi, as the tables write them.
TURNED, TUTUQ = "\u02bb", "\u02bc"
#: How the turned comma (oʻ, gʻ) and the tutuq belgisi (ʼ) are written in Latin output.
APOSTROPHE_STYLES: dict[str, tuple[str, str]] = {
    "unicode": (TURNED, TUTUQ),  # ʻ ʼ: the official characters
    "ascii": ("'", "'"),
    "typographic": ("\u2018", "\u2019"),  # ‘ ’: what many publishers print
}


@functools.cache
def table(name: str) -> RuleTable:
    """The rule table ``name`` as the converters use it: ``cyrillic-latin`` includes its
    lexical exceptions (``cyrillic-latin.exceptions``); others are ``data/<name>.rules``."""
    if name == "cyrillic-latin":
        return load_table("cyrillic-latin.rules").extended(
            load_table("cyrillic-latin.exceptions").rules
        )
    return load_table(f"{name}.rules")


def styled(rules: RuleTable, apostrophe: str) -> RuleTable:
    """``rules`` writing the apostrophes of Latin output in the ``apostrophe`` style."""
    if apostrophe == "unicode":
        return rules
    turned, tutuq = APOSTROPHE_STYLES[apostrophe]
    return rules.replace_targets({TURNED: turned, TUTUQ: tutuq})


@functools.cache
def engine(name: str, apostrophe: str = "unicode") -> Engine:
    """The compiled engine of :func:`table` ``name`` (Latin output in ``apostrophe`` style)."""
    return Engine(styled(table(name), apostrophe))


@functools.cache
def grammar() -> SuffixGrammar:
    """The Uzbek suffix chains of ``data/suffixes.txt``."""
    return SuffixGrammar.default()


@functools.cache
def lexicon() -> Lexicon:
    """The loanword lexicon of ``data/lexicon``, keyed by the Latin spelling our rules give."""
    return _lexicon(load_entries(), _shipped_latin())


@functools.lru_cache(maxsize=8)
def lexicon_with(entries: tuple[str, ...]) -> Lexicon:
    """The built-in lexicon with the user's own words merged over it: an entry of the
    user's takes a Latin key that a built-in entry also has (the first entry wins)."""
    if not entries:
        return lexicon()
    return _lexicon([*entries, *load_entries()], _shipped_latin())


def _lexicon(entries: list[str], shipped: dict[str, dict[str, str]]) -> Lexicon:
    return Lexicon(
        entries,
        _known_lines(shipped.get(_TO_LATIN, {}), lambda: engine("cyrillic-latin")),
        engine("latin-cyrillic"),
        grammar(),
        [_known_lines(shipped.get(_BY_RULE, {}), _by_rule)],
    )


# The Latin of the lexicon's entries, shipped (data/lexicon-latin.tsv, written by
# tools/build_lexicon_latin.py): deriving it needs the Cyrillic -> Latin engine, whose
# compilation was a fifth of the first to_cyrillic() call. The file names the rule files
# it was made from by a checksum; when they change it is not used (the keys are derived
# again, as always for the user's own entries), and a test says to rebuild it.
_LEXICON_LATIN = "lexicon-latin.tsv"
_TO_LATIN, _BY_RULE = "to-latin", "by-rule"
_SOURCES = ("cyrillic-latin.rules", "cyrillic-latin.exceptions", "classes.rules")


def _sources_checksum() -> str:
    data = "\n".join(read_data(name) for name in _SOURCES).encode("utf-8")
    return f"{zlib.crc32(data):08x}"


def _shipped_latin() -> dict[str, dict[str, str]]:
    """The shipped conversions (kind -> Cyrillic line -> Latin), or {} when the file is
    missing or was made from other rule files."""
    try:
        text = read_data(_LEXICON_LATIN)
    except FileNotFoundError:
        return {}
    head, _, body = text.partition("\n")
    if head != f"# rules {_sources_checksum()}":
        return {}
    shipped: dict[str, dict[str, str]] = {}
    for section in ("\n" + body).split("\n@")[1:]:
        kind, _, rows = section.partition("\n")
        cells = rows.replace("\n", "\t").split("\t")  # Cyrillic<TAB>Latin lines, split in C
        shipped[kind] = dict(zip(cells[0::2], cells[1::2], strict=False))
    return shipped


def _known_lines(
    known: dict[str, str], convert: Callable[[], Callable[[str], str]]
) -> Callable[[str], str]:
    """A conversion of lines that looks each line up in ``known``, and converts the text
    with ``convert()`` (made only then) when a line is missing."""

    def converted(text: str) -> str:
        lines = text.split("\n")
        found = list(map(known.get, lines))
        if None in found:
            return convert()(text)
        return "\n".join(cast(list[str], found))

    return converted


def lexicon_latin() -> str:
    """The text of ``data/lexicon-latin.tsv`` for the current lexicon and rules: every
    line the lexicon converts to Latin while it is built, with its conversion."""
    kinds: dict[str, dict[str, str]] = {_TO_LATIN: {}, _BY_RULE: {}}

    def recorded(kind: str, convert: Callable[[str], str]) -> Callable[[str], str]:
        def converted(text: str) -> str:
            out = convert(text)
            lines, outs = text.split("\n"), out.split("\n")
            if len(lines) == len(outs):
                kinds[kind].update(zip(lines, outs, strict=True))
            return out

        return converted

    Lexicon(
        load_entries(),
        recorded(_TO_LATIN, engine("cyrillic-latin")),
        engine("latin-cyrillic"),
        grammar(),
        [recorded(_BY_RULE, _by_rule())],
    )
    parts = [f"# rules {_sources_checksum()}"]
    for kind, rows in kinds.items():
        parts.append(f"@{kind}")
        parts += [f"{cyrillic}\t{latin}" for cyrillic, latin in sorted(rows.items())]
    return "\n".join(parts) + "\n"


def _by_rule() -> Callable[[str], str]:
    """Cyrillic -> Latin by the rules without the lexical exceptions (сентябрь: sentyabr,
    not sentabr), so that the lexicon also reads the spelling by rule.

    The exceptions apply only at the start of a word (``# _``), so after a letter the
    rules alone spell the word: each line that starts with an exception gets a б in
    front, which comes out as one b and is cut off. This saves compiling a second
    Cyrillic engine (a fifth of the first to_cyrillic() call).
    """
    exceptions = load_table("cyrillic-latin.exceptions").rules
    if any(r.left != ("#",) or r.source[0] in "еЕёЁюЮяЯцЦ" for r in exceptions):
        return Engine(load_table("cyrillic-latin.rules"))  # the б would change the rules
    to_lat = engine("cyrillic-latin")
    starts = tuple(r.source for r in exceptions)

    def convert(text: str) -> str:
        lines = text.split("\n")
        marked = [line.lower().startswith(starts) for line in lines]
        out = to_lat("\n".join("б" + x if m else x for x, m in zip(lines, marked, strict=True)))
        outs = out.split("\n")
        return "\n".join(o[1:] if m else o for o, m in zip(outs, marked, strict=True))

    return convert
