"""The prefix index of the lexicons (translit.core.prefixes): which words start with a
key, by its definition (a key is a prefix of the word, and the rest is accepted)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from translit.core.prefixes import HEAD, PrefixIndex, with_heads

# Few letters, so that keys and words share their first letters often.
_TEXT = st.text(st.sampled_from("abkʻ"), min_size=1, max_size=HEAD + 4)
_REST = re.compile("(?:k|ab)*").fullmatch  # a made-up suffix grammar


def _starts(word: str, keys: set[str], rest: object = None) -> bool:
    return any(
        word.startswith(k) and (rest is None or _REST(word[len(k) :]) is not None) for k in keys
    )


@given(st.sets(_TEXT, max_size=12), st.lists(_TEXT, max_size=40))
def test_matching_is_the_words_that_start_with_a_key(keys: set[str], words: list[str]) -> None:
    index = PrefixIndex(keys)
    assert index.matching(with_heads(words)) == {w for w in words if _starts(w, keys)}


@given(st.sets(_TEXT, max_size=12), st.lists(_TEXT, max_size=40))
def test_matching_checks_the_rest(keys: set[str], words: list[str]) -> None:
    index = PrefixIndex(keys)
    expected = {w for w in words if _starts(w, keys, _REST)}
    assert index.matching(with_heads(words), _REST) == expected


@given(st.sets(_TEXT, max_size=12), _TEXT)
def test_lengths_name_every_key_that_starts_the_word(keys: set[str], word: str) -> None:
    lengths = list(PrefixIndex(keys).lengths(word))
    assert lengths == sorted(lengths, reverse=True)
    assert {n for n in lengths if word[:n] in keys and n <= len(word)} == {
        len(k) for k in keys if word.startswith(k)
    }


def test_no_keys_and_no_words() -> None:
    assert PrefixIndex([]).matching(with_heads(["abc"])) == set()
    assert PrefixIndex(["abc"]).matching(with_heads([])) == set()


@given(
    st.lists(st.text(st.sampled_from("ab\U0010ffff"), max_size=4)),
    st.text(st.sampled_from("ab\U0010ffff"), min_size=1, max_size=3),
)
def test_prefixed_is_the_range_of_the_items_with_the_prefix(items: list[str], prefix: str) -> None:
    from translit.core.prefixes import _prefixed

    items.sort()
    lo, hi = _prefixed(items, prefix)
    assert [i for i, x in enumerate(items) if x.startswith(prefix)] == list(range(lo, hi))
