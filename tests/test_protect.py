"""English words kept by Latin -> Cyrillic (data/english-words.txt), and the quick
filter that decides which words the Latin word layer looks at closely.

A listed word is kept wherever it appears, so the list must hold no Uzbek word:
every word is checked against the Uzbek words of our own material (the Cyrillic
side of the test tables, the sample texts, the benchmark sentences, the lexicon).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import translit
from translit.core.pipeline import LATIN_CYRILLIC, Options, Pipeline
from translit.core.protect import english_words, is_foreign_latin
from translit.core.tables import lexicon as _lexicon

from .cases import load_cases

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = sorted(english_words())
_CYRILLIC_WORD = re.compile(r"[а-яёўқғҳ]+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")


def uzbek_latin_words() -> set[str]:
    """The Latin spelling of every Cyrillic word of our own material, lower case."""
    cases = load_cases()
    texts = [c.input for c in cases if c.source == "cyrillic"]
    texts += [c.expected for c in cases if c.target == "cyrillic"]
    for path in ("tests/fixtures/sample-cyr.txt", "examples/maqola.txt"):
        texts.append((ROOT / path).read_text("utf-8"))
    texts.append((ROOT / "benchmarks/sentences_cyr.txt").read_text("utf-8"))
    words = set(_CYRILLIC_WORD.findall("\n".join(texts).lower()))
    return set(translit.to_latin("\n".join(sorted(words))).split("\n"))


def test_list_is_not_empty_and_lower_case() -> None:
    assert len(ENGLISH) >= 100
    assert all(w == w.lower() and w.isalpha() and w.isascii() for w in ENGLISH)


def test_no_english_word_is_uzbek() -> None:
    clash = set(ENGLISH) & uzbek_latin_words()
    assert not clash, f"Uzbek words in english-words.txt: {sorted(clash)}"


def test_no_english_word_is_a_loanword_of_the_lexicon() -> None:
    lexicon = _lexicon()
    clash = [w for w in ENGLISH if lexicon.lookup(w) is not None]
    assert not clash, f"lexicon words (or stem + suffixes) in english-words.txt: {clash}"


def test_no_english_word_is_kept_anyway() -> None:
    # Words with c, w ... are kept by their letters: listing them would hide nothing.
    assert [w for w in ENGLISH if is_foreign_latin(w)] == []


@pytest.mark.parametrize("word", ENGLISH)
def test_english_word_kept_in_every_case(word: str) -> None:
    for form in (word, word.title(), word.upper()):
        assert translit.to_cyrillic(f"{form} edi") == f"{form} эди"


# -- the quick bulk filter of the Latin word layer ----------------------------------------

_PIPELINE = Pipeline.build(LATIN_CYRILLIC, Options())
_WORDS = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzIVXLCDMABSGKFYOʻʼçşwшЁ"), min_size=1, max_size=12
)


def _needs_a_look(word: str) -> bool:
    return _PIPELINE(word, "") is not None


def test_filter_keeps_every_word_that_needs_a_look_in_the_tables() -> None:
    words = sorted({w for c in load_cases() if c.source == "latin" for w in _WORD.findall(c.input)})
    needed = [w for w in words if _needs_a_look(w)]
    assert len(needed) > 100  # lexicon words, foreign and English words, numerals
    assert set(needed) <= set(_PIPELINE.candidates(words))


@given(st.lists(_WORDS, min_size=1, max_size=30))
def test_filter_keeps_every_word_that_needs_a_look(words: list[str]) -> None:
    kept = set(_PIPELINE.candidates(words))
    assert all(w in kept for w in words if _needs_a_look(w))


@given(st.lists(_WORDS, min_size=1, max_size=30, unique=True))
def test_bulk_judgement_is_the_judgement_of_each_word_alone(words: list[str]) -> None:
    # The bulk filters (capitals, heads of the lexicons, foreign letters...) decide
    # nothing themselves: the words decided together are the words decided one by one.
    alone = {w: out for w in words if (out := _PIPELINE(w, "")) is not None}
    assert _PIPELINE.judge(words) == alone
