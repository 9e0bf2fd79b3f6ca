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
from collections.abc import Callable

from .engine import Engine
from .lexicon import Lexicon, SuffixGrammar, load_entries
from .rules import RuleTable, load_table

__all__ = [
    "APOSTROPHE_STYLES",
    "TURNED",
    "TUTUQ",
    "engine",
    "grammar",
    "lexicon",
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
    return Lexicon(
        load_entries(),
        engine("cyrillic-latin"),
        engine("latin-cyrillic"),
        grammar(),
        [_by_rule()],
    )


@functools.lru_cache(maxsize=8)
def lexicon_with(entries: tuple[str, ...]) -> Lexicon:
    """The built-in lexicon with the user's own words merged over it: an entry of the
    user's takes a Latin key that a built-in entry also has (the first entry wins)."""
    if not entries:
        return lexicon()
    return Lexicon(
        [*entries, *load_entries()],
        engine("cyrillic-latin"),
        engine("latin-cyrillic"),
        grammar(),
        [_by_rule()],
    )


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
