"""Which of many words start with one of many keys, found in bulk.

Why: the lexicon and the Russian dictionary hold thousands of stems, and a text never
seen before brings tens of thousands of distinct words, of which only a few start with
a stem. Asking each word in Python (a loop over the stem lengths) costs microseconds a
word, more than converting it. Here the work per word is done in C: each word's first
letters are cut by ``map`` with ``itemgetter`` and met with the keys' first letters by a
set intersection; the words whose first letters meet are sorted, and each key under
those first letters finds its words by binary search. Python runs once per key under a
head that occurs, not once per word.

The answer is exact (the words that start with a key); whether the rest of the word is
a chain of suffixes is for the caller (:meth:`translit.core.lexicon.Lexicon.lookup`),
on these few words.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from itertools import compress
from operator import itemgetter
from typing import NamedTuple

__all__ = ["HEAD", "Heads", "PrefixIndex", "with_heads"]

#: Letters of a key (and of a word) looked at first.
HEAD = 5
_FIRST = itemgetter(slice(None, HEAD))
_LAST_CHAR = "\U0010ffff"  # after every letter: key + it bounds the words starting with key


class PrefixIndex:
    """Keys (lower case) grouped by their first :data:`HEAD` letters; keys shorter than
    that are their own group."""

    def __init__(self, keys: Iterable[str]) -> None:
        groups: dict[str, list[str]] = {}
        for key in dict.fromkeys(keys):
            if key:
                groups.setdefault(key[:HEAD], []).append(key)
        self._groups = groups
        self._heads = frozenset(h for h in groups if len(h) == HEAD)
        self._short = tuple(
            (n, frozenset(h for h in groups if len(h) == n))
            for n in sorted({len(h) for h in groups if len(h) < HEAD}, reverse=True)
        )
        # The key lengths of a group, longest first: made when a word first asks (most
        # groups are never asked, and building them all took a third of the load time).
        self._lengths: dict[str, tuple[int, ...]] = {}

    def lengths(self, low: str) -> Iterable[int]:
        """The lengths of the keys that may start ``low``, longest first (a key of each
        length is to be tried: ``low[:n]``)."""
        head = low[:HEAD]
        long = self._lengths.get(head, ())
        if not long and len(head) == HEAD and head in self._groups:
            group = self._groups[head]
            long = self._lengths[head] = tuple(sorted({len(k) for k in group}, reverse=True))
        short = [n for n, keys in self._short if low[:n] in keys]
        return (*long, *short) if short else long

    def matching(self, words: Heads, rest: Callable[[str], object] | None = None) -> set[str]:
        """The words (lower case) that start with a key, and whose rest after that key
        ``rest`` accepts (a quick C predicate such as a pattern's ``fullmatch``)."""
        hit = self._heads.intersection(words.distinct)
        shorts: list[str] = []
        for n, keys in self._short:
            cut = list(map(itemgetter(slice(None, n)), words.distinct))
            found = keys.intersection(cut)
            if found:
                shorts += found
                hit = hit.union(compress(words.distinct, map(found.__contains__, cut)))
        if not hit:
            return set()
        candidates = sorted(set(compress(words.lows, map(hit.__contains__, words.heads))))
        matched: set[str] = set()
        for head in hit:
            for key in self._groups.get(head, ()):
                _add_range(candidates, key, rest, matched)
        for key in shorts:
            _add_range(candidates, key, rest, matched)
        return matched


class Heads(NamedTuple):
    """Many lower-case words with their first :data:`HEAD` letters, for
    :meth:`PrefixIndex.matching` (made once by :func:`with_heads`, read by every index)."""

    lows: list[str]
    heads: list[str]
    distinct: list[str]  # the heads, each once


def with_heads(lows: list[str]) -> Heads:
    """``lows`` with their heads."""
    cut = list(map(_FIRST, lows))
    return Heads(lows, cut, list(set(cut)))


def _add_range(
    ordered: list[str], key: str, rest: Callable[[str], object] | None, into: set[str]
) -> None:
    """Add the words of ``ordered`` (sorted) that start with ``key`` (and whose rest
    ``rest`` accepts) to ``into``."""
    start = bisect_left(ordered, key)
    if start == len(ordered) or not ordered[start].startswith(key):
        return
    found = ordered[start : bisect_left(ordered, key + _LAST_CHAR, start)]
    if rest is not None:
        found = list(compress(found, map(rest, map(itemgetter(slice(len(key), None)), found))))
    into.update(found)
