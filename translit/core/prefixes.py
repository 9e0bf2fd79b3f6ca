"""Which of many words start with one of many keys, found in bulk.

Why: the lexicon and the Russian dictionary hold thousands of stems, and a text never
seen before brings tens of thousands of distinct words, of which only a few start with
a stem. Asking each word in Python (a loop over the stem lengths) costs microseconds a
word, more than converting it. Here the work per word is done in C: each word's first
five letters (its head) are cut by ``map`` with ``itemgetter`` and met with the keys'
heads by a set intersection. Python then asks only the few words whose head meets one,
and only for the key lengths under that head.

The answer is exact: the words that start with a key and whose rest after it a quick
predicate accepts (the suffix grammar); the lexicons then look up these few words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import compress
from operator import itemgetter

__all__ = ["HEAD", "Heads", "PrefixIndex", "with_heads"]

#: Letters of a key (and of a word) looked at first.
HEAD = 5
_FIRST = itemgetter(slice(None, HEAD))


class PrefixIndex:
    """Keys (lower case) grouped by their first :data:`HEAD` letters; keys shorter than
    that are their own group."""

    def __init__(self, keys: Iterable[str]) -> None:
        groups: dict[str, list[str]] = {}
        for key in dict.fromkeys(keys):
            if key:
                groups.setdefault(key[:HEAD], []).append(key)
        self._groups = groups
        self._keys = frozenset(k for group in groups.values() for k in group)
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
        for n, keys in self._short:
            cut = words.cut(n)
            found = keys.intersection(cut)
            if found:
                hit = hit.union(compress(words.distinct, map(found.__contains__, cut)))
        if not hit:
            return set()
        # The few words whose head meets a key's are asked one by one: a key of each length
        # of their group (which a set of all keys answers), and the rest.
        matched: set[str] = set()
        keys = self._keys
        for low in set(compress(words.lows, map(hit.__contains__, words.heads))):
            for n in self.lengths(low):
                if n <= len(low) and low[:n] in keys and (rest is None or rest(low[n:])):
                    matched.add(low)
                    break
        return matched


class Heads:
    """Many lower-case words with their first :data:`HEAD` letters, for
    :meth:`PrefixIndex.matching` (made once by :func:`with_heads`, read by every index)."""

    def __init__(self, lows: list[str]) -> None:
        self.lows = lows
        self.heads = list(map(_FIRST, lows))
        self.distinct = list(set(self.heads))  # the heads, each once
        self._cuts: dict[int, list[str]] = {}

    def cut(self, n: int) -> list[str]:
        """The first ``n`` letters of each of :attr:`distinct` (n < HEAD), made once."""
        found = self._cuts.get(n)
        if found is None:
            found = self._cuts[n] = list(map(itemgetter(slice(None, n)), self.distinct))
        return found


def with_heads(lows: list[str]) -> Heads:
    """``lows`` with their heads."""
    return Heads(lows)
