"""Options a newcomer reaches for (issue 15): keep= both ways, the cache of option sets,
the user's own lexicon (lexicon= / --lexicon FILE), brands and names with a capital inside."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import translit
from translit.core import transliterator as module
from translit.core.lexicon import load_entries

OUR_WORDS = """\
# our-words.txt: loanwords of our newsroom (the format of translit/data/lexicon/*.txt)
кэшбэк      # э after a consonant: keshbek

тьютор      # ь: tyutor
"""


def test_to_latin_takes_keep_like_to_cyrillic() -> None:
    assert translit.to_latin("Москва ва Тошкент", keep=["Москва"]) == "Москва va Toshkent"
    assert translit.to_cyrillic("Starlink va Telegram", keep=["Starlink"]) == (
        "Starlink ва Телеграм"
    )
    tr = translit.Transliterator("cyrillic", "latin", keep=["Москва"])
    assert translit.to_latin("Москвага борди", keep=["Москва"]) == tr("Москвага борди")


@pytest.mark.parametrize("convert", [translit.to_latin, translit.to_cyrillic])
def test_keep_must_be_a_list_of_words(convert: object) -> None:
    with pytest.raises(ValueError, match="iterable of words"):
        convert("x", keep="Starlink")  # type: ignore[operator]


def test_transliterators_with_options_are_reused_and_bounded() -> None:
    module._with_options.cache_clear()
    translit.to_cyrillic("Starlink tarmogʻi", keep=["Starlink"])
    translit.to_cyrillic("Starlinkga ulandi", keep=("Starlink",))  # same set of words
    info = module._with_options.cache_info()
    assert (info.misses, info.hits) == (1, 1)
    for i in range(40):
        translit.to_latin("шаҳар", keep=[f"w{i}"])
    assert module._with_options.cache_info().currsize == module._with_options.cache_info().maxsize


def test_own_lexicon_as_words_and_as_file(tmp_path: Path) -> None:
    text = "keshbek va tyutorlarimiz, sirk"
    assert translit.to_cyrillic(text) == "кешбек ва тюторларимиз, цирк"
    expected = "кэшбэк ва тьюторларимиз, цирк"  # the built-in цирк is still read
    assert translit.to_cyrillic(text, lexicon=["кэшбэк", "тьютор"]) == expected
    path = tmp_path / "our-words.txt"
    path.write_text(OUR_WORDS, "utf-8")
    assert translit.to_cyrillic(text, lexicon=path) == expected
    assert translit.to_cyrillic(text, lexicon=str(path)) == expected
    tr = translit.Transliterator("latin", "cyrillic", lexicon=OUR_WORDS.splitlines())
    assert tr(text) == expected
    assert tr.options["lexicon"] == ("кэшбэк", "тьютор")
    # Another Latin alphabet goes through the same lexicon.
    assert translit.Transliterator("latin-2026", "cyrillic", lexicon=path)("tyutor") == "тьютор"


def test_own_lexicon_wins_over_the_built_in_one() -> None:
    assert "сентябрь" in load_entries()
    # сентабр (a spelling of ours) takes the key sentabr from the built-in сентябрь.
    assert translit.to_cyrillic("sentabrda") == "сентябрда"
    assert translit.to_cyrillic("sentabrda", lexicon=["сентабр"]) == "сентабрда"


@pytest.mark.parametrize(
    ("lines", "message"),
    [(["sirk"], "line 1: 'sirk'"), (["цирк", "", "two words"], "line 3"),
     (["Нью-Йорк"], "one word")],
)
def test_own_lexicon_refuses_what_is_not_a_cyrillic_word(lines: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        translit.to_cyrillic("x", lexicon=lines)


def test_own_lexicon_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(ValueError, match="not valid UTF-8"):
        translit.Transliterator("latin", "cyrillic", lexicon=bad)
    with pytest.raises(FileNotFoundError):
        translit.Transliterator("latin", "cyrillic", lexicon=tmp_path / "missing.txt")
    with pytest.raises(ValueError, match="file name or an iterable"):
        translit.Transliterator("latin", "cyrillic", lexicon=42)


def test_cli_lexicon_file(tmp_path: Path) -> None:
    words = tmp_path / "our-words.txt"
    words.write_text(OUR_WORDS, "utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "translit", "to-cyrillic", "--lexicon", str(words)],
        input="keshbek va tyutor\n", capture_output=True, text=True, encoding="utf-8",
    )
    assert (run.returncode, run.stdout) == (0, "кэшбэк ва тьютор\n"), run.stderr
    bad = tmp_path / "bad.txt"
    bad.write_text("sirk\n", "utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "translit", "to-cyrillic", "--lexicon", str(bad)],
        input="x\n", capture_output=True, text=True, encoding="utf-8",
    )
    assert run.returncode == 2
    assert "'sirk' is not one word in Cyrillic letters" in run.stderr


def test_brand_list_is_data_with_the_why() -> None:
    from importlib import resources

    text = resources.files("translit").joinpath("data", "brands.txt").read_text("utf-8")
    assert text.startswith("# Brands")
    names = [w for line in text.splitlines() if (w := line.split("#")[0].strip())]
    assert len(names) == len(set(names)) >= 20
    # A listed name must be one the conversion would change (otherwise it needs no line)
    # and must not be an Uzbek word of the lexicon.
    for name in names:
        assert translit.to_cyrillic(name) == name
        assert translit.to_cyrillic(name.lower()) != name.lower() or not name.isascii(), name
