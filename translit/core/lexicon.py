"""The loanword lexicon: spellings that Latin lost and Cyrillic keeps.

Uzbek Latin writes цирк as sirk, фильм as film and объект as obyekt: the ц, ь and
ъ are gone, so no rule can put them back. The lexicon lists such words in their
Cyrillic spelling, one per line (the ``*.txt`` files of ``data/lexicon/``, grouped
by topic so that each file stays easy to review). Their Latin keys are not
written by hand: they are derived with the Cyrillic -> Latin conversion, so the
two directions cannot drift apart.

A loanword keeps its spelling under Uzbek endings (kompyuterlarimizda ->
компьютерларимизда), so a word matches when it is a known stem followed by a
chain of suffixes allowed by ``data/suffixes.txt``; a native word that only
looks like stem + ending (sirka "vinegar" = sirk + a, and "a" is no suffix)
keeps its own spelling. As Uzbek Cyrillic writes it, a stem-final ь is dropped
before a suffix (январь, январда) while a ь inside the stem stays (фильмда).

Spellings that real Latin text uses but the rules never write (Frantsiya for
Fransiya, sentyabr for sentabr) are derived from the entries
too, and read as the same word.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources

from .capitals import apply_case
from .prefixes import Heads, PrefixIndex
from .rules import read_data

__all__ = ["NOT_AFTER_NAME", "Lexicon", "SuffixGrammar", "load_entries"]

#: A name takes case endings, the plural and particles, hardly ever a possessive ending
#: (-i, -im, -ing, -imiz...): Maryam is an Uzbek name (Марям), not Марья + m "my Marya";
#: Dalyaning is the name Далья + ning, not the city Далянь + ing "your Dalian". (Still
#: possible: Martemyanimiz is Мартемьян + imiz when nothing else reads it.)
NOT_AFTER_NAME = ("m", "i")


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].strip()


def load_entries(folder: str = "lexicon") -> list[str]:
    """The Cyrillic entries of every ``*.txt`` file in ``data/<folder>/``, in file-name
    and line order, without comments."""
    entries = []
    root = resources.files("translit").joinpath("data").joinpath(folder)
    for item in sorted(root.iterdir(), key=lambda f: f.name):
        if not item.name.endswith(".txt"):
            continue
        for line in item.read_text("utf-8").splitlines():
            word = _strip_comment(line)
            if word:
                entries.append(word)
    return entries


class SuffixGrammar:
    """Which strings are a valid chain of Uzbek suffixes (data/suffixes.txt)."""

    def __init__(self, text: str) -> None:
        slots: dict[str, list[str]] = {}
        chains: list[list[str]] = []
        for lineno, raw in enumerate(text.splitlines(), 1):
            line = _strip_comment(raw)
            if not line:
                continue
            if m := re.fullmatch(r"@slot\s+(\w+)\s*=\s*(.+)", line):
                slots[m.group(1)] = m.group(2).split()
            elif m := re.fullmatch(r"@chain\s+(.+)", line):
                chains.append(m.group(1).split())
            else:
                raise ValueError(f"suffixes.txt:{lineno}: expected @slot or @chain")
        alternatives = []
        for chain in chains:
            parts = []
            for item in chain:
                name = item.rstrip("!")  # NAME! is required in this chain
                if name not in slots:
                    raise ValueError(f"suffixes.txt: unknown slot {name!r} in @chain")
                alts = sorted(slots[name], key=len, reverse=True)
                optional = "" if item.endswith("!") else "?"
                parts.append("(?:" + "|".join(map(re.escape, alts)) + ")" + optional)
            alternatives.append("".join(parts))
        self.slots = slots
        #: The @chain lines, as slot names (NAME! = required), in file order.
        self.chains: list[list[str]] = chains
        self._re = re.compile("(?:" + "|".join(alternatives) + ")")
        #: The match of a whole chain, or None (a C function: for many strings at once).
        self.fullmatch = self._re.fullmatch

    @classmethod
    def default(cls) -> SuffixGrammar:
        return cls(read_data("suffixes.txt"))

    def is_chain(self, text: str) -> bool:
        """True for "" and for any chain of suffixes allowed by the grammar."""
        return self._re.fullmatch(text) is not None


@dataclass(frozen=True)
class _Entry:
    cyrillic: str
    stem: str  # the spelling before a suffix (final ь dropped)
    name: bool = False  # written with a capital in the files (Нью, Марсель)


class Lexicon:
    """Latin word -> Cyrillic spelling for loanwords and their suffixed forms.

    ``to_latin`` derives the keys; ``suffix_to_cyrillic`` converts the endings. Like the
    engines, ``to_latin`` and ``spellings`` must convert each line of a text on its own:
    all entries are converted in one call.
    Entries whose key another entry already took are reported in ``conflicts``;
    ``variants`` maps the other spellings that are also read (Frantsiya, sentyabr).
    """

    def __init__(
        self,
        entries: Iterable[str],
        to_latin: Callable[[str], str],
        suffix_to_cyrillic: Callable[[str], str],
        grammar: SuffixGrammar,
        spellings: Iterable[Callable[[str], str]] = (),
    ) -> None:
        self._keys: dict[str, _Entry] = {}
        self.conflicts: list[tuple[str, str]] = []
        words = list(entries)
        for word, key in zip(words, _each(to_latin, words), strict=True):
            key = key.lower()
            low = word.lower()
            entry = _Entry(low, low[:-1] if low.endswith("ь") else low, word[:1].isupper())
            if key in self._keys and self._keys[key].cyrillic != low:
                self.conflicts.append((self._keys[key].cyrillic, word))
                continue
            self._keys[key] = entry
        # Real Latin text also spells entries in ways the rules do not write. These are
        # read (never written), unless another entry owns the spelling:
        # - ц as ts everywhere (Frantsiya, stantsiya, tsirk), not only after a vowel;
        # - each of ``spellings``, e.g. the rules without their conventions (sentyabr).
        found = list(self._keys.values())
        respelt: list[tuple[Callable[[str], str], list[_Entry], list[str]]] = [
            (
                to_latin,
                [e for e in found if "ц" in e.cyrillic],
                [e.cyrillic.replace("ц", "тс") for e in found if "ц" in e.cyrillic],
            ),
            *((spell, found, [e.cyrillic for e in found]) for spell in spellings),
        ]
        self.variants: dict[str, str] = {}
        for convert, owners, sources in respelt:
            for entry, variant in zip(owners, _each(convert, sources), strict=True):
                variant = variant.lower()
                if variant and variant not in self._keys:
                    self.variants[variant] = entry.cyrillic
                    self._keys[variant] = entry
        self._size = len(self._keys) - len(self.variants)
        # Most words start with no key: the index tells which do, for many words at once
        # (matching) and for one (the lengths of its beginnings that are keys, in lookup).
        self._index = PrefixIndex(self._keys)
        # The same endings come again and again (lar, larda, ning): each converted once.
        self._suffix = functools.lru_cache(maxsize=4096)(suffix_to_cyrillic)
        self._grammar = grammar

    def __len__(self) -> int:
        return self._size

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self._keys

    def matching(self, words: Heads) -> set[str]:
        """The lower-case ``words`` that are a key and a suffix chain: the only ones
        ``lookup`` may find (a quick filter for many words at once)."""
        return self._index.matching(words, self._grammar.fullmatch)

    def keys(self) -> Iterable[str]:
        """The derived Latin keys (without the other spellings in ``variants``)."""
        return [k for k in self._keys if k not in self.variants]

    def lookup(
        self, word: str, names_only: bool = False, possessive_names: bool = True
    ) -> str | None:
        """The Cyrillic spelling of a Latin ``word`` if it is a lexicon stem followed by a
        valid suffix chain (or nothing), else None. Case follows the word: lower, Title or
        UPPER. ``names_only``: only entries written with a capital (Нью, not цент).
        ``possessive_names`` False: not a name followed by a possessive ending
        (:data:`NOT_AFTER_NAME`)."""
        found = self.reading(word, names_only, possessive_names)
        return None if found is None else found[0]

    def reading(
        self, word: str, names_only: bool = False, possessive_names: bool = True
    ) -> tuple[str, bool] | None:
        """As :meth:`lookup`, with whether the reading is a name followed by a possessive
        ending (a weak one: Dalyan + ing)."""
        low = word.lower()
        for i in self._index.lengths(low):
            entry = self._keys.get(low[:i])
            if entry is None or (names_only and not entry.name):
                continue
            rest = low[i:]
            weak = entry.name and rest[:1] in NOT_AFTER_NAME
            if (weak and not possessive_names) or not self._grammar.is_chain(rest):
                continue
            if not rest:
                return apply_case(word, entry.cyrillic), weak
            # Stem and suffix each keep their own case: GESlar -> ГЭСлар, FILMLAR -> ФИЛЬМЛАР.
            return apply_case(word[:i], entry.stem) + self._suffix(word[i:]), weak
        return None


def _each(convert: Callable[[str], str], words: list[str]) -> list[str]:
    """``[convert(w) for w in words]`` in one call (words hold no line break; the
    conversions keep line breaks), which is what makes building the lexicon quick."""
    out = convert("\n".join(words)).split("\n")
    return out if len(out) == len(words) else [convert(w) for w in words]
