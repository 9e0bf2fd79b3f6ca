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
import operator
from collections.abc import Callable, Iterable
from importlib import resources
from itertools import compress
from operator import itemgetter

from .capitals import apply_case
from .lexicon import NOT_AFTER_NAME, SuffixGrammar
from .prefixes import Heads, PrefixIndex

__all__ = ["RussianDictionary", "russian_dictionary"]


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
        rows = list(filter(itemgetter(1), rows))
        # A name is written with a capital; the rows are sorted out in C (load time).
        named = list(map(str.isupper, map(itemgetter(0), map(itemgetter(1), rows))))
        self._common: dict[str, str] = dict(compress(rows, map(operator.not_, named)))
        names = list(compress(rows, named))
        self._names: dict[str, str] = dict(
            zip(map(itemgetter(0), names), map(str.lower, map(itemgetter(1), names)), strict=True)
        )
        # Most words start with no key: the index tells which do, for many words at once
        # (matching) and for one (the lengths of its beginnings that are keys, in lookup).
        self._index = PrefixIndex([*self._common, *self._names])
        self._grammar = grammar
        # The same endings come again and again (lar, larda, ning): each converted once.
        self._suffix = functools.lru_cache(maxsize=4096)(suffix_to_cyrillic)

    def __len__(self) -> int:
        return len(self._common) + len(self._names)

    def matching(self, words: Heads) -> set[str]:
        """The lower-case ``words`` that are a key and a suffix chain: the only ones
        ``lookup`` may find (a quick filter for many words at once)."""
        return self._index.matching(words, self._grammar.fullmatch)

    def lookup(self, word: str, names_only: bool = False) -> str | None:
        """The Cyrillic spelling of a Latin ``word`` if it is a key followed by a valid
        suffix chain (or nothing), else None. Case follows the word. ``names_only``: only
        names (a capitalised word before a hyphen, Sent-Kits)."""
        low = word.lower()
        names = self._names if word[:1].isupper() else None
        common = {} if names_only else self._common
        for i in self._index.lengths(low):
            stem = low[:i]
            rest = low[i:]
            cyrillic = names.get(stem) if names is not None else None
            if cyrillic is not None and rest[:1] in NOT_AFTER_NAME:
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
    text = gzip.decompress(data).decode("utf-8").removesuffix("\n")
    # Every line key<TAB>value (as the build script writes them): split in C.
    cells = text.replace("\n", "\t").split("\t")
    if len(cells) == 2 * (text.count("\n") + 1) and all(cells[1::2]):
        return list(zip(cells[0::2], cells[1::2], strict=True))
    lines = text.split("\n")
    return [(k, v) for k, _, v in (line.partition("\t") for line in lines) if v]


@functools.cache
def russian_dictionary(
    suffix_to_cyrillic: Callable[[str], str],
) -> RussianDictionary:
    """The shipped dictionary, read once (on first use)."""
    data = resources.files("translit").joinpath("data/russian/words.tsv.gz").read_bytes()
    return RussianDictionary(read_rows(data), SuffixGrammar.default(), suffix_to_cyrillic)
