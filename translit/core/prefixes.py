"""Which of many words start with one of many keys, found in bulk.

Why: the lexicon and the Russian dictionary hold thousands of stems, and a text never
seen before brings tens of thousands of distinct words, of which only a few start with
a stem. Asking each word in Python (a loop over the stem lengths) costs microseconds a
word, more than converting it. Here the work per word is done in C: each word's first
five letters (its head) are cut by ``map`` with ``itemgetter`` and met with the keys'
heads by a set intersection. Python then asks only the few words whose head meets one
which of their beginnings are keys: a set look-up for each length of the keys with that
head (found once per head, as a range of the sorted keys).

The answer is exact: the words that start with a key and whose rest after it a quick
predicate accepts (the suffix grammar); the lexicons then look up these few words.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from itertools import compress
from operator import itemgetter

__all__ = ["HEAD", "Heads", "PrefixIndex", "with_heads"]

#: Letters of a key (and of a word) looked at first.
HEAD = 5
_FIRST = itemgetter(slice(None, HEAD))


class PrefixIndex:
    """Keys (lower case), with the first :data:`HEAD` letters of each (its head; a key
    shorter than that is its own head)."""

    def __init__(self, keys: Iterable[str]) -> None:
        # Built with C loops only: this is on the first conversion's path (the Russian
        # dictionary's 15,000 keys), and a Python step per key took a third of its load.
        listed = sorted(keys)  # quick: the dictionary's keys come sorted (in two runs)
        self._keys = frozenset(listed) - {""}
        # Each key once, in order: the keys with a given beginning are a range of them.
        self._sorted = list(filter(None, dict.fromkeys(listed)))
        self._heads = frozenset(map(_FIRST, self._keys))  # short keys are their own head
        self._head_sizes: dict[str, list[int]] = {}  # head -> lengths of its keys
        short = list(compress(self._keys, map(HEAD.__gt__, map(len, self._keys))))
        self._short = tuple(
            (n, frozenset(k for k in short if len(k) == n))
            for n in sorted({len(k) for k in short}, reverse=True)
        )

    def lengths(self, low: str) -> Iterable[int]:
        """The lengths n for which ``low[:n]`` is a key, longest first."""
        size = len(low)
        keys = self._keys
        return [n for n in self._sizes_for(low[:HEAD]) if n <= size and low[:n] in keys]

    def matching(self, words: Heads, rest: Callable[[str], object] | None = None) -> set[str]:
        """The words (lower case) that start with a key, and whose rest after that key
        ``rest`` accepts (a quick C predicate such as a pattern's ``fullmatch``)."""
        hit = self._heads.intersection(words.distinct)
        for n, short in self._short:
            cut = words.cut(n)
            found = short.intersection(cut)
            if found:
                hit = hit.union(compress(words.distinct, map(found.__contains__, cut)))
        if not hit:
            return set()
        # The few words whose head meets a key's are asked one by one, for the lengths
        # of the keys that their head begins.
        keys = self._keys
        matched: set[str] = set()
        for low in set(compress(words.lows, map(hit.__contains__, words.heads))):
            for n in self._sizes_for(low[:HEAD]):
                if low[:n] in keys and (rest is None or rest(low[n:])):
                    matched.add(low)
                    break
        return matched

    def _sizes_for(self, head: str) -> list[int]:
        """The lengths of the keys that a word with this head may start with, longest
        first (found once per head)."""
        sizes = self._head_sizes.get(head)
        if sizes is None:
            found = {n for n, short in self._short if head[:n] in short}
            if len(head) == HEAD:
                found.update(map(len, self._sorted[slice(*_prefixed(self._sorted, head))]))
            sizes = sorted(found, reverse=True)
            if sizes:  # only heads that begin keys are kept: they are bounded by the keys
                self._head_sizes[head] = sizes
        return sizes


def _prefixed(items: list[str], prefix: str) -> tuple[int, int]:
    """The range of the sorted ``items`` that start with ``prefix``."""
    lo = bisect_left(items, prefix)
    # The strings that start with prefix sort before prefix with its last character
    # raised by one (a prefix ending in the last code point: before the end).
    end = prefix.rstrip("\U0010ffff")
    if not end:
        return lo, len(items)
    return lo, bisect_left(items, end[:-1] + chr(ord(end[-1]) + 1), lo)


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
