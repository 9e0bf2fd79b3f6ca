"""End to end: our own news paragraph (tests/fixtures/sample-cyr.txt) converts to
exactly tests/fixtures/sample-lat.txt.

The paragraph is written for this project (not the seed article, not the corpus) so
that every rule of ORTHOGRAPHY.md section 3 is at work in running text: е (Европа,
Тоқаев, поезд, Тошкент-Ереван), ъ and ь (санъат, пьеса, фильм, компьютер), ц (цирк,
концерт, станция, милиция, лицей), сҳ (Исҳоқ), capitals (ЎзА, ЎзР, ЎзМУ, Ё, a line
in capitals), the lexical exceptions, quotes, digits, a URL and an e-mail address.
The expected Latin was checked word by word against the spec. Line endings are
checked separately: the files use \\n and the tests derive the \\r\\n variants.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import translit

FIXTURES = Path(__file__).parent / "fixtures"


def _read(name: str) -> str:
    # newline="" keeps the file's line endings exactly as they are.
    with open(FIXTURES / name, encoding="utf-8", newline="") as f:
        return f.read()


CYR = _read("sample-cyr.txt")
LAT = _read("sample-lat.txt")


def _crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def _chunks(text: str, cuts: list[int]) -> list[str]:
    points = sorted({c % len(text) for c in cuts} - {0})
    return [text[a:b] for a, b in zip([0, *points], [*points, len(text)], strict=True)]


def test_fixture_files_use_lf() -> None:
    # A checkout that rewrote line endings would make the CRLF tests below meaningless.
    assert "\r" not in LAT and LAT.count("\n") == 3
    assert "\r" not in CYR and CYR.count("\n") == 3
    assert len(CYR.split()) >= 150


def test_sample_to_latin() -> None:
    assert translit.to_latin(CYR) == LAT


def test_sample_with_crlf_line_endings() -> None:
    assert translit.to_latin(_crlf(CYR)) == _crlf(LAT)


def test_sample_through_transliterator() -> None:
    assert translit.Transliterator("cyrillic", "latin")(CYR) == LAT


@given(st.lists(st.integers(1, 10**6), min_size=1, max_size=60), st.booleans())
def test_sample_streamed_in_random_chunks(cuts: list[int], crlf: bool) -> None:
    cyr, lat = (_crlf(CYR), _crlf(LAT)) if crlf else (CYR, LAT)
    chunks = _chunks(cyr, cuts)  # hypothesis shrinks the cuts to the fewest that fail
    tr = translit.Transliterator("cyrillic", "latin")
    assert "".join(tr.stream(chunks)) == lat


def test_sample_streamed_one_character_at_a_time() -> None:
    tr = translit.Transliterator("cyrillic", "latin")
    assert "".join(tr.stream(iter(_crlf(CYR)))) == _crlf(LAT)


def test_sample_streamed_with_cut_between_cr_and_lf() -> None:
    cyr = _crlf(CYR)
    cut = cyr.index("\r\n") + 1
    tr = translit.Transliterator("cyrillic", "latin")
    assert "".join(tr.stream([cyr[:cut], cyr[cut:]])) == _crlf(LAT)


@pytest.mark.parametrize(
    ("style", "turned", "tutuq"),
    [("ascii", "'", "'"), ("typographic", "\u2018", "\u2019")],
)
def test_sample_apostrophe_styles(style: str, turned: str, tutuq: str) -> None:
    expected = LAT.replace("\u02bb", turned).replace("\u02bc", tutuq)
    assert translit.to_latin(CYR, apostrophe=style) == expected
