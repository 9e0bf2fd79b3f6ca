"""Script and alphabet detection (translit/core/detect.py)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import translit


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Тошкент шаҳрида ёшлар учрашуви бўлди.", "cyrillic"),
        ("Toshkent shahrida yoshlar uchrashuvi boʻldi.", "latin"),
        ("Toshkent shahrida yoshlar uchrashuvi bo'ldi.", "latin"),
        ("Salom, dunyo!", "latin"),  # nothing tells the alphabets apart: 1995
        ("Toşkent şahrida yoşlar uçraşuvi bōldi.", "latin-2021"),
        ("Toşkent şahrida yoşlar ucraşuvi bõldi.", "latin-2023"),
        ("Toşkent şahrida yoşlar uçraşuvi böldi.", "latin-2026"),
        ("ḠALABA", "latin-2021"),
        ("ÕZBEKISTON", "latin-2023"),
        ("ÖZBEKISTON", "latin-2026"),
        ("ucuvci cõl", "latin-2023"),  # c alone and õ
        ("Салом, Toshkent!", "mixed"),
        ("12345 !!!", "unknown"),
        ("", "unknown"),
    ],
)
def test_verdicts(text: str, script: str) -> None:
    assert translit.detect(text).script == script
    assert translit.detect_script(text) == script


def test_confidence_of_a_clear_scheme_text() -> None:
    d = translit.detect("Özbekiston Respublikasi, çöl va ğalla")
    assert d.script == "latin-2026"
    assert d.confidence == 1.0
    assert d.schemes["latin-2026"] == 1.0
    assert d.schemes["latin"] == 0.0


def test_ambiguous_letters_lower_the_confidence() -> None:
    # ş is shared by 2021, 2023 and 2026: the newest wins, a third of the confidence.
    d = translit.detect("şahar")
    assert d.script == "latin-2026"
    assert d.confidence == pytest.approx(1 / 3)
    # ğ is shared by 2023 and 2026
    d = translit.detect("ğalla")
    assert d.script == "latin-2026"
    assert d.confidence == pytest.approx(1 / 2)


def test_a_few_foreign_letters_do_not_change_the_verdict() -> None:
    # "Facebook" has a lone c (2023's ч), but the 1995 letters outnumber it.
    d = translit.detect("Facebook sahifasida Toshkent shahri haqida choʻl")
    assert d.script == "latin"
    assert 0.5 < d.confidence < 1.0


def test_scheme_shares_sum_to_evidence() -> None:
    d = translit.detect("şahar çöl ğalla")  # ş: 3 schemes, ç: 2021+2026, ö: 2026, ğ: 2023+2026
    assert d.schemes == {"latin": 0.0, "latin-2021": 0.5, "latin-2023": 0.5, "latin-2026": 1.0}


def test_cyrillic_has_no_scheme_shares() -> None:
    assert translit.detect("Ўзбекистон").schemes == {}


@given(st.sampled_from(["latin-2021", "latin-2023", "latin-2026"]))
def test_converted_text_is_detected_as_its_scheme(name: str) -> None:
    text = translit.Transliterator("cyrillic", name)("Ўзбекистон шаҳарлари ва чўллари, ғалла")
    assert translit.detect(text).script == name
