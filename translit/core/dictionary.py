"""The Russian dictionary: loanwords and names the hand-written lexicon does not list.

Uzbek Cyrillic spells a loanword from Russian, and a Russian name, as Russian does;
Uzbek Latin loses its ь, ъ, ц, э, ё and ю (импульс: impuls, таблица: tablitsa,
Витька: Vitka). The hand-written lexicon (:mod:`translit.core.lexicon`) knows a few
thousand such words; this dictionary knows the nouns of a whole Russian dictionary
(OpenCorpora, CC BY-SA, see ``data/russian/LICENSE``), so that words never seen
before still come out right.

The data file ``data/russian/words.tsv.gz`` is made at development time by
``tools/build_russian_dictionary.py``: one row ``latin-key<TAB>cyrillic`` for each
Russian noun whose Cyrillic the plain Latin -> Cyrillic rules get wrong from the
Latin our own Cyrillic -> Latin rules give it (the key). Native words win: keys that
are Uzbek words, short keys (kon: кон, not конь) and keys the rules read as another
Russian word are left out when the file is built; a name (written with a capital)
is used only for a word written with a capital.

A word matches when it is a key followed by a chain of Uzbek suffixes (impulslar,
Vitkaning), the stem-final ь dropped before a suffix as Uzbek Cyrillic writes it.
The file is read on first use (about 1 MB compressed).
"""

from __future__ import annotations

import functools
import gzip
from collections.abc import Callable, Iterable
from importlib import resources

from .capitals import apply_case
from .lexicon import SuffixGrammar

__all__ = ["RussianDictionary", "russian_dictionary"]

_HEAD = 5  # letters of a key looked at first (see may_match)
# A name takes case endings, the plural and particles, hardly ever a possessive ending:
# Maryam is an Uzbek name (Марям), not Марья + m "my Marya"; -i, -im likewise.
_NOT_AFTER_NAME = ("m", "i")


class RussianDictionary:
    """Latin word -> Cyrillic spelling from the Russian dictionary, suffix-aware.

    ``rows`` are (latin key, cyrillic); a Cyrillic spelling with a capital is a name,
    matched only by a word with a capital.
    """

    def __init__(
        self,
        rows: Iterable[tuple[str, str]],
        grammar: SuffixGrammar,
        suffix_to_cyrillic: Callable[[str], str],
    ) -> None:
        self._common: dict[str, str] = {}
        self._names: dict[str, str] = {}
        for key, cyrillic in rows:
            if cyrillic[:1].isupper():
                self._names[key] = cyrillic.lower()
            else:
                self._common[key] = cyrillic
        keys = [*self._common, *self._names]
        self._min = min((len(k) for k in keys), default=1)
        self._max = max((len(k) for k in keys), default=0)
        # A word can match only if it starts with a key's first five letters, or with a
        # whole shorter key (names of four letters): most words fail these set lookups.
        self._heads: list[tuple[int, frozenset[str]]] = [
            (_HEAD, frozenset(k[:_HEAD] for k in keys if len(k) >= _HEAD))
        ]
        for n in sorted({len(k) for k in keys if len(k) < _HEAD}):
            self._heads.append((n, frozenset(k for k in keys if len(k) == n)))
        self._grammar = grammar
        self._suffix = suffix_to_cyrillic

    def __len__(self) -> int:
        return len(self._common) + len(self._names)

    def may_match(self, lows: Iterable[str]) -> list[bool]:
        """For each lower-case word, False if ``lookup`` certainly finds nothing."""
        lows = list(lows)
        found = [False] * len(lows)
        for n, prefixes in self._heads:
            found = [f or low[:n] in prefixes for f, low in zip(found, lows, strict=True)]
        return found

    def lookup(self, word: str, names_only: bool = False) -> str | None:
        """The Cyrillic spelling of a Latin ``word`` if it is a key followed by a valid
        suffix chain (or nothing), else None. Case follows the word. ``names_only``: only
        names (a capitalised word before a hyphen, Sent-Kits)."""
        low = word.lower()
        if not any(low[:n] in prefixes for n, prefixes in self._heads):
            return None
        names = self._names if word[:1].isupper() else None
        common = {} if names_only else self._common
        for i in range(min(len(low), self._max), self._min - 1, -1):
            stem = low[:i]
            rest = low[i:]
            cyrillic = names.get(stem) if names is not None else None
            if cyrillic is not None and rest[:1] in _NOT_AFTER_NAME:
                cyrillic = None
            if cyrillic is None:
                cyrillic = common.get(stem)
                if cyrillic is None:
                    continue
            if not self._grammar.is_chain(rest):
                continue
            if not rest:
                return apply_case(word, cyrillic)
            if cyrillic.endswith("ь"):
                cyrillic = cyrillic[:-1]  # январь, январда
            return apply_case(word[:i], cyrillic) + self._suffix(word[i:])
        return None


def read_rows(data: bytes) -> list[tuple[str, str]]:
    """The rows of a ``words.tsv.gz`` file."""
    text = gzip.decompress(data).decode("utf-8")
    keys = text.split("\n")
    return [(k, v) for k, _, v in (line.partition("\t") for line in keys) if v]


@functools.cache
def russian_dictionary(
    suffix_to_cyrillic: Callable[[str], str],
) -> RussianDictionary:
    """The shipped dictionary, read once (on first use)."""
    data = resources.files("translit").joinpath("data/russian/words.tsv.gz").read_bytes()
    return RussianDictionary(read_rows(data), SuffixGrammar.default(), suffix_to_cyrillic)
