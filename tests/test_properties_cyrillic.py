"""Properties of Cyrillic -> Latin that must hold for every input, checked with hypothesis.

Table cases show that chosen words come out right; these show that nothing else
breaks: no exception on any string (surrogates and control characters included),
streaming equals whole-text conversion however the text is cut, text without
Cyrillic comes back as it was, Uzbek Cyrillic leaves no Cyrillic letter behind,
line breaks survive, and the three apostrophe styles differ only in the apostrophes.
"""

from __future__ import annotations

import threading
import unicodedata
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import translit

UZ_LOWER = "абвгдеёжзийклмнопрстуфхцчшъьэюяўқғҳ"
UZ_LETTERS = UZ_LOWER + UZ_LOWER.upper() + "щыЩЫ"
PUNCTUATION = " .,;:!?-—«»“”„()\"'0123456789\n\t"
LINE_PIECES = ["\n", "\r\n", "\r", " ", "\u2028", "\x85", "\v"]
LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"  # what str.splitlines splits on

TO_LATIN = translit.Transliterator("cyrillic", "latin")

# Any code point: surrogates (Cs), controls (Cc), unassigned (Cn), private use (Co)...
any_char = st.characters(codec=None, exclude_categories=())
any_text = st.text(any_char)
# Uzbek Cyrillic running text: letters, spaces, punctuation, digits, line breaks.
uzbek_text = st.text(st.sampled_from(UZ_LETTERS + PUNCTUATION))
# Text with everything the engine reacts to: Uzbek words, other characters, URLs,
# \r\n pairs, decomposed letters (и + U+0306), apostrophes.
mixed_piece = st.one_of(
    st.text(st.sampled_from(UZ_LETTERS), min_size=1, max_size=12),
    st.sampled_from(
        ["\r\n", "\n", "\r", " ", "-", "и\u0306", "у\u0306", "е\u0308", "ʻ", "ʼ", "'",
         "https://kun.uz/ru/новости", "info@gov.uz", "www.", "ASTAN", "\ufdd0", "сҳ"]
    ),
    any_text,
)
mixed_text = st.lists(mixed_piece, max_size=30).map("".join)


def _is_cyrillic(ch: str) -> bool:
    return "CYRILLIC" in unicodedata.name(ch, "")


def _cyrillic_letters(text: str) -> list[str]:
    return [c for c in text if c.isalpha() and _is_cyrillic(c)]


def _breaks(text: str) -> str:
    return "".join(c for c in text if c in LINE_BREAKS)


def _chunks(text: str, cuts: list[int]) -> list[str]:
    points = sorted({min(c, len(text)) for c in cuts})
    return [text[a:b] for a, b in zip([0, *points], [*points, len(text)], strict=True)]


@given(any_text)
def test_never_raises_on_arbitrary_unicode(text: str) -> None:
    for style in translit.APOSTROPHE_STYLES:
        assert isinstance(translit.to_latin(text, apostrophe=style), str)


# keep= switches on the word layer for every text; ascii changes the engine's targets.
OPTION_SETS = [{}, {"keep": ["шаҳар", "ASTAN"]}, {"apostrophe": "ascii"}]


@pytest.mark.parametrize("options", OPTION_SETS, ids=["default", "keep", "ascii"])
@given(text=mixed_text)
def test_never_raises_on_mixed_text(options: dict[str, object], text: str) -> None:
    assert isinstance(translit.Transliterator("cyrillic", "latin", **options)(text), str)


@pytest.mark.parametrize("options", OPTION_SETS, ids=["default", "keep", "ascii"])
@given(text=mixed_text, cuts=st.lists(st.integers(min_value=0, max_value=400), max_size=12))
def test_stream_with_random_cuts_equals_whole_text(
    options: dict[str, object], text: str, cuts: list[int]
) -> None:
    tr = translit.Transliterator("cyrillic", "latin", **options)
    assert "".join(tr.stream(_chunks(text, cuts))) == tr(text)


@given(st.lists(st.sampled_from(["ер", "шаҳар", "поезд", "цирк", "\r", "\n", " ", "-"]),
                max_size=40).map("".join),
       st.lists(st.integers(min_value=0, max_value=200), max_size=20))
def test_stream_cuts_inside_words_and_crlf(text: str, cuts: list[int]) -> None:
    # Short pieces make cuts inside words and between \r and \n frequent.
    tr = translit.Transliterator("cyrillic", "latin")
    assert "".join(tr.stream(_chunks(text, cuts))) == tr(text)


# Tokens that look like addresses, tags or domains, in either case.
address_like = st.sampled_from(
    ["#Тошкент", "@ҳоким", "сайт.uz", "Тошкент.uz", "WWW.ПРИМЕР.УЗ", "www.пример.уз",
     "info@uza.uz", "https://kun.uz/новости", "ер", "Шаҳар", "АҚШ"]
)


@example(["#Тошкент", "info@uza.uz"])
@example(["WWW.ПРИМЕР.УЗ", "https://a.uz"])
@given(st.lists(address_like, min_size=1, max_size=6))
def test_each_token_converts_independently(tokens: list[str]) -> None:
    # Nothing looks across whitespace (the promise stream() relies on), so a token must
    # not convert differently because of what else is in the text.
    whole = translit.to_latin(" ".join(tokens))
    assert whole == " ".join(translit.to_latin(t) for t in tokens)


@given(uzbek_text)
def test_stream_one_character_at_a_time(text: str) -> None:
    assert "".join(TO_LATIN.stream(iter(text))) == TO_LATIN(text)


# Combining marks are left to test_decomposed_non_cyrillic_text_is_unchanged below, so
# that a random letter + mark pair cannot turn this test red by chance.
@given(st.text(st.characters(codec=None, exclude_categories=("Mn", "Mc", "Me")).filter(
    lambda c: not _is_cyrillic(c))))
def test_text_without_cyrillic_is_unchanged(text: str) -> None:
    assert translit.to_latin(text) == text


# Latin and Greek letters followed by combining marks: NFC must not touch them, since
# only decomposed Cyrillic letters (и + U+0306 ...) are ours to normalise.
decomposed_foreign = st.lists(
    st.tuples(st.sampled_from("aeiouyAEIOUncsgzαεοΩ"),
              st.text(st.characters(min_codepoint=0x300, max_codepoint=0x36F), min_size=1,
                      max_size=2)).map("".join)
    | st.sampled_from([" ", "ʻ", "-", "\n"]),
    min_size=1, max_size=10,
).map("".join)


@example("cafe\u0301")
@given(decomposed_foreign)
def test_decomposed_non_cyrillic_text_is_unchanged(text: str) -> None:
    assert translit.to_latin(text) == text


# A soft hyphen (typeset documents), a stress mark (dictionaries, textbooks) or a
# zero-width joiner inside a word is invisible: the letters around it must convert as
# if it were not there (мили\u0301ция -> mili\u0301tsiya, not mili\u0301siya).
@example("милиция", 4, "\u0301")
@example("объект", 3, "\u00ad")
@given(st.text(st.sampled_from(UZ_LOWER), min_size=2, max_size=10)
       | st.sampled_from(["ШАҲАР", "Исҳоқ", "сентябрь", "абзац", "поезд", "кеча"]),
       st.integers(min_value=1, max_value=12),
       st.sampled_from(["\u00ad", "\u0301", "\u200d"]))
def test_invisible_marks_inside_words_change_nothing(word: str, pos: int, mark: str) -> None:
    pos = min(pos, len(word) - 1)
    marked = word[:pos] + mark + word[pos:]
    assert translit.to_latin(marked).replace(mark, "") == translit.to_latin(word)


@given(uzbek_text)
def test_uzbek_cyrillic_leaves_no_cyrillic_letter(text: str) -> None:
    assert _cyrillic_letters(translit.to_latin(text)) == []


@given(st.lists(st.one_of(st.sampled_from(LINE_PIECES), uzbek_text, any_text),
                max_size=20).map("".join))
def test_line_breaks_are_preserved(text: str) -> None:
    out = translit.to_latin(text)
    assert out.count("\n") == text.count("\n")
    assert out.count("\r\n") == text.count("\r\n")
    # Every line boundary of str.splitlines, in the same order (a line itself may
    # become empty: ь writes nothing).
    assert _breaks(out) == _breaks(text)


@given(uzbek_text)
def test_apostrophe_styles_differ_only_in_apostrophes(text: str) -> None:
    unicode = translit.to_latin(text)
    ascii_ = translit.to_latin(text, apostrophe="ascii")
    typographic = translit.to_latin(text, apostrophe="typographic")
    # The input has no apostrophes of its own, so every one in the output is ours.
    assert ascii_ == unicode.replace("\u02bb", "'").replace("\u02bc", "'")
    assert typographic == unicode.replace("\u02bb", "\u2018").replace("\u02bc", "\u2019")
    assert unicode == translit.to_latin(text, apostrophe="unicode")


@pytest.mark.parametrize("style", sorted(translit.APOSTROPHE_STYLES))
@given(text=uzbek_text)
def test_transliterator_option_equals_to_latin(style: str, text: str) -> None:
    tr = translit.Transliterator("cyrillic", "latin", apostrophe=style)
    assert tr(text) == translit.to_latin(text, apostrophe=style)


# -- Transliterator behaviour -------------------------------------------------------

_WORDS = ["шаҳар", "поезд", "Тоқаев", "цирк", "милиция", "Исҳоқ", "ЎзР", "АҚШ", "сентябрь",
          "объект", "фильм", "https://kun.uz/новости", "info@gov.uz"]


def _texts(n: int) -> list[str]:
    # Many distinct tokens so that threads fill the word caches at the same time.
    return [" ".join(f"{w}{i % 97}{w[:2]}" if i % 3 else w for w in _WORDS) + f"\r\n{i}"
            for i in range(n)]


def test_thread_safety_smoke() -> None:
    texts = _texts(400)
    expected = [translit.Transliterator("cyrillic", "latin")(t) for t in texts]
    shared = translit.Transliterator("cyrillic", "latin")
    barrier = threading.Barrier(8)

    def work(offset: int) -> list[str]:
        barrier.wait()
        order = texts[offset:] + texts[:offset]
        results = [shared(t) for t in order]
        return results[-offset:] + results[:-offset] if offset else results

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(0, 400, 50)))
    for got in results:
        assert got == expected


def test_thread_safety_of_to_latin_styles() -> None:
    texts = _texts(100)
    expected = {s: [translit.to_latin(t, apostrophe=s) for t in texts]
                for s in translit.APOSTROPHE_STYLES}

    def work(style: str) -> tuple[str, list[str]]:
        return style, [translit.to_latin(t, apostrophe=style) for t in texts]

    with ThreadPoolExecutor(max_workers=6) as pool:
        for style, got in pool.map(work, list(translit.APOSTROPHE_STYLES) * 2):
            assert got == expected[style]


@pytest.mark.parametrize(
    ("args", "options", "names"),
    [
        (("cyrillic", "klingon"), {}, ["cyrillic", "latin"]),
        (("Cyrillic", "latin"), {}, ["cyrillic", "latin"]),
        (("cyrillic", "latin"), {"colour": "red"}, ["apostrophe", "keep"]),
        (("cyrillic", "latin"), {"apostrophe": "fancy"}, ["unicode", "ascii", "typographic"]),
    ],
)
def test_unknown_names_raise_value_error_listing_valid_ones(
    args: tuple[str, str], options: dict[str, object], names: list[str]
) -> None:
    with pytest.raises(ValueError) as info:
        translit.Transliterator(*args, **options)
    for name in names:
        assert name in str(info.value)


def test_to_latin_unknown_apostrophe_lists_styles() -> None:
    with pytest.raises(ValueError, match=r"unicode.*ascii.*typographic"):
        translit.to_latin("ўғил", apostrophe="curly")
