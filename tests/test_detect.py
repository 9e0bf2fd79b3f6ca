"""Script and alphabet detection (translit/core/detect.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import translit
from translit.batch import DETECT_LIMIT
from translit.core.detect import SAMPLE_SIZE


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
        ("Toşkent şahrida ucraşuv", "latin-2023"),  # ş points at the reforms, c at 2023
        # Today's Latin with loanwords, URLs, e-mail addresses and English: a c is no
        # evidence of the 2023 draft, where c is ch (issue 12).
        ("Facebook va Instagram orqali yangiliklar", "latin"),
        ("www.cbu.uz", "latin"),
        ("Batafsil: https://cbu.uz/oz/press_center/ va info@cbu.uz", "latin"),
        ("The quick brown fox jumps over the lazy dog, according to CNN.", "latin"),
        ("Coca-Cola kompaniyasi Toshkentda yangi zavod ochdi", "latin"),
        ("Kompyuter va ofis uchun McDonald's emas, Microsoft", "latin"),
        ("Ilmiy conference: Toshkent, 2024", "latin"),
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
    # "Facebook" has a lone c (2023's ч): no evidence of the 2023 draft, whose own
    # letters (õ ğ ş) are absent, so it does not lower the confidence either.
    d = translit.detect("Facebook sahifasida Toshkent shahri haqida choʻl")
    assert d.script == "latin"
    assert d.confidence == 1.0
    assert d.schemes["latin-2023"] == 0.0


def test_scheme_shares_sum_to_evidence() -> None:
    d = translit.detect("şahar çöl ğalla")  # ş: 3 schemes, ç: 2021+2026, ö: 2026, ğ: 2023+2026
    assert d.schemes == {"latin": 0.0, "latin-2021": 0.5, "latin-2023": 0.5, "latin-2026": 1.0}


def test_cyrillic_has_no_scheme_shares() -> None:
    assert translit.detect("Ўзбекистон").schemes == {}


@given(st.sampled_from(["latin-2021", "latin-2023", "latin-2026"]))
def test_converted_text_is_detected_as_its_scheme(name: str) -> None:
    text = translit.Transliterator("cyrillic", name)("Ўзбекистон шаҳарлари ва чўллари, ғалла")
    assert translit.detect(text).script == name


def test_our_readme_is_latin() -> None:
    # Our README: English with Uzbek examples in every alphabet (one ş, ğ, ö, ç each)
    # and many c's of English words; the 1995 oʻ/sh/ch outnumber the reform letters.
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    assert translit.detect(readme).script == "latin"


def test_detect_reads_the_first_4_mi_characters() -> None:
    # 1.2 M Latin then 2.75 M Cyrillic characters: within 4 Mi, so the Cyrillic counts
    # (it used to stop at 1 Mi and say "latin" with confidence 1.0).
    latin = "salom dunyo " * 100_000
    cyrillic = "салом дунё " * 250_000
    assert len(latin) + len(cyrillic) < SAMPLE_SIZE == 4 * 2**20
    found = translit.detect(latin + cyrillic)
    assert found.script == "mixed"
    assert found.shares["cyrillic"] > 0.6
    # Beyond 4 Mi characters nothing is read.
    assert translit.detect("a" * SAMPLE_SIZE + "б" * 1000).script == "latin"


def test_the_command_line_detects_from_the_same_sample() -> None:
    assert DETECT_LIMIT == SAMPLE_SIZE
