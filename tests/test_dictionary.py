"""The Russian dictionary of loanwords and names (translit/core/dictionary.py).

The shipped rows must be what tools/build_russian_dictionary.py promises: keyed by our
own Cyrillic -> Latin spelling, needed (the plain rules get the word wrong), and never
a native word. The lookup must find a key under Uzbek suffixes, drop a stem-final ь
there, use names only for a word with a capital, and leave native words alone. The
case tables (tests/cases/latin-cyrillic.dictionary.tsv) check real words end to end.
"""

from __future__ import annotations

import gzip
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import translit
from translit.core.dictionary import RussianDictionary, read_rows, russian_dictionary
from translit.core.lexicon import SuffixGrammar
from translit.core.prefixes import with_heads
from translit.core.protect import brand_names, english_words
from translit.core.tables import engine as _engine
from translit.core.tables import lexicon as _lexicon

from .cases import load_known_failures

GRAMMAR = SuffixGrammar.default()
DATA = resources.files("translit").joinpath("data/russian/words.tsv.gz").read_bytes()
ROWS = read_rows(DATA)
KEYS = {k for k, _ in ROWS}


def plain(latin: str) -> str:
    """Latin -> Cyrillic by the rules alone."""
    return _engine("latin-cyrillic")(_engine("latin-apostrophes")(latin))


def to_lat(cyrillic: str) -> str:
    return _engine("cyrillic-latin")(cyrillic)


def small() -> RussianDictionary:
    rows = [("impuls", "импульс"), ("vitka", "Витька"), ("spektakl", "спектакль")]
    return RussianDictionary(rows, GRAMMAR, _engine("latin-cyrillic"))


# -- the lookup ----------------------------------------------------------------------


def test_lookup_with_suffixes_and_case() -> None:
    d = small()
    assert d.lookup("impuls") == "импульс"
    assert d.lookup("Impulslar") == "Импульслар"
    assert d.lookup("IMPULSLARI") == "ИМПУЛЬСЛАРИ"
    assert d.lookup("Vitkaning") == "Витьканинг"
    assert d.lookup("spektakllarda") == "спектаклларда"  # stem-final ь dropped
    assert d.lookup("spektakl") == "спектакль"


def test_names_need_a_capital() -> None:
    d = small()
    assert d.lookup("Vitka") == "Витька"
    assert d.lookup("vitka") is None  # a name only with a capital
    assert d.lookup("Vitkam") is None  # no possessive after a name (Maryam, not Марья+m)


def test_not_a_suffix_chain_is_no_match() -> None:
    d = small()
    assert d.lookup("impulsx") is None
    assert d.lookup("impul") is None
    assert d.matching(with_heads(["impulslar", "kitob", "vitka", "impulsx"])) == {
        "impulslar",
        "vitka",
    }


def test_names_only_before_a_hyphen() -> None:
    d = small()
    assert d.lookup("Impuls", names_only=True) is None
    assert d.lookup("Vitka", names_only=True) == "Витька"


# -- the shipped data ------------------------------------------------------------------


def test_data_is_small_and_read_lazily() -> None:
    assert len(DATA) < 2_000_000  # the wheel budget is 5 MB for the whole dictionary
    assert len(ROWS) >= 10_000
    assert gzip.decompress(DATA).decode("utf-8").endswith("\n")


def test_rows_are_sorted_and_unique_per_kind() -> None:
    assert sorted(ROWS) == ROWS
    common = [k for k, v in ROWS if not v[:1].isupper()]
    names = [k for k, v in ROWS if v[:1].isupper()]
    assert len(common) == len(set(common))
    assert len(names) == len(set(names))


def test_keys_are_our_latin_spelling() -> None:
    # The key is what to_latin gives the word (names also with E for Ye: Evgeniy).
    words = [v for _, v in ROWS]
    latin = _engine("cyrillic-latin")("\n".join(words)).split("\n")
    bad = []
    for (key, word), lat in zip(ROWS, latin, strict=True):
        lat = lat.lower()
        if key != lat and not (word[:1] == "Е" and lat == "y" + key):
            bad.append((key, word, lat))
    assert bad == []


def test_every_row_is_needed() -> None:
    keys = [k for k, _ in ROWS]
    plains = plain("\n".join(keys)).split("\n")
    assert [(k, v) for (k, v), p in zip(ROWS, plains, strict=True) if p == v.lower()] == []


@pytest.mark.parametrize("native", ["kon", "tush", "sol", "mol", "yel", "tol", "bol", "tilda"])
def test_native_words_are_no_keys(native: str) -> None:
    assert native not in KEYS
    assert translit.to_cyrillic(native) == plain(native)


def test_no_key_of_the_hand_lexicon() -> None:
    # The hand-written lexicon is checked first and wins; a key in both is dead weight.
    lexicon = _lexicon()
    assert [k for k in KEYS if k in lexicon] == []


# -- round trips over generated loanword + suffix chains -------------------------------


@st.composite
def chains(draw: st.DrawFn) -> str:
    """A suffix chain allowed by data/suffixes.txt, drawn slot by slot (shrinkable)."""
    chain = draw(st.sampled_from(GRAMMAR.chains))
    return "".join(
        draw(st.sampled_from(GRAMMAR.slots[item.rstrip("!")]))
        for item in chain
        if item.endswith("!") or draw(st.integers(0, 2)) == 0
    )


# Words the library knowingly reads otherwise (known-failures.tsv, with the reason).
KNOWN_WRONG = {case.input for case in load_known_failures() if case.target == "cyrillic"}


KEPT = english_words() | {b.lower() for b in brand_names()}


def _shadowed(latin: str, key: str) -> bool:
    """A longer key also starts the word (the longest key wins), or the word is one the
    library keeps (an English word or a brand, data files)."""
    low = latin.lower()
    longer = any(low[:i] in KEYS for i in range(len(key) + 1, len(low) + 1))
    return longer or low in KEPT or key in KEPT


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(ROWS) - 1), chains())
def test_entry_with_suffixes_round_trips(index: int, chain: str) -> None:
    key, word = ROWS[index]
    name = word[:1].isupper()
    if name and chain[:1] in ("m", "i"):
        chain = "ning"  # a name takes no possessive ending (see test_names_need_a_capital)
    latin = (key[:1].upper() + key[1:] if name else key) + chain
    if _shadowed(latin, key) or latin in KNOWN_WRONG:
        return
    stem = word[:-1] if (chain and word.endswith("ь")) else word
    cyrillic = stem + plain(chain)
    assert translit.to_cyrillic(latin) == cyrillic
    e_variant = name and word[:1] == "Е" and not key.startswith("ye")
    ts_vowel = word.endswith("ц") and chain[:1] in ("a", "e", "i", "o", "u", "y")
    if not (e_variant or ts_vowel):  # Evgeniy is read, Yevgeniy written; абзаци: ts
        assert translit.to_latin(cyrillic) == latin


def test_the_dictionary_is_one_object() -> None:
    suffix = _engine("latin-cyrillic")
    assert russian_dictionary(suffix) is russian_dictionary(suffix)
