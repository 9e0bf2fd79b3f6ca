"""The formats registry and the shared pieces: choosing a format, errors, segments."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import translit
from translit.formats import NAMES, FormatError, FormatOptions, format_for, formats
from translit.formats._base import line_column, rewrite_lang
from translit.formats._segments import convert_many, split_conversion

TO_LATIN = translit.Transliterator("cyrillic", "latin")
TO_CYRILLIC = translit.Transliterator("latin", "cyrillic")


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("a.html", "html"), ("A.HTM", "html"), ("a.xhtml", "html"), ("a.md", "markdown"),
        ("a.srt", "srt"), ("a.vtt", "vtt"), ("a.docx", "docx"), ("a.json", "json"),
        ("a.csv", "csv"), ("a.tsv", "tsv"), ("a.txt", "text"), ("a.log", "text"),
        ("noext", "text"), (None, "text"),
    ],
)
def test_format_by_extension(path: str | None, name: str) -> None:
    assert format_for(path).name == name


def test_forced_format_by_name_or_extension() -> None:
    assert format_for("a.txt", "HTML").name == "html"
    assert format_for("a.txt", "md").name == "markdown"
    assert format_for("a.txt", ".htm").name == "html"
    with pytest.raises(ValueError, match="choose one of"):
        format_for("a.txt", "pdf")


def test_every_format_declares_itself() -> None:
    assert tuple(f.name for f in formats()) == NAMES
    for fmt in formats():
        assert fmt.extensions and all(e.startswith(".") for e in fmt.extensions)
        assert fmt.binary == (fmt.name in ("docx", "jsonl.gz", "parquet"))


def test_text_format_converts_everything() -> None:
    assert format_for("a.txt").convert_text("Шаҳар\r\n", TO_LATIN, FormatOptions()) == (
        "Shahar\r\n"
    )


def test_format_error_is_a_translit_error_with_position() -> None:
    error = FormatError("bad", line=3, column=7)
    assert isinstance(error, translit.TranslitError)
    assert str(error) == "line 3, column 7: bad"
    assert str(FormatError("bad")) == "bad"


def test_line_column_counts_all_line_endings() -> None:
    text = "ab\r\ncd\ref\ngh"
    assert line_column(text, 0) == (1, 1)
    assert line_column(text, 4) == (2, 1)
    assert line_column(text, 7) == (3, 1)
    assert line_column(text, 11) == (4, 2)


def test_rewrite_lang() -> None:
    assert rewrite_lang("uz-Cyrl", "cyrillic", "latin") == "uz-Latn"
    assert rewrite_lang("uz-cyrl-uz", "cyrillic", "latin") == "uz-latn-uz"
    assert rewrite_lang("uz-Latn", "cyrillic", "latin") is None
    assert rewrite_lang("uz", "cyrillic", "latin") is None
    assert rewrite_lang("uz-Latn-UZ", "latin", "cyrillic") == "uz-Cyrl-UZ"


_text = st.text(alphabet="шаҳрқтоғ ЎАҚИсШ\n-", max_size=20)


@given(st.lists(_text, min_size=1, max_size=5))
def test_split_conversion_joins_to_the_whole_conversion(texts: list[str]) -> None:
    outs = split_conversion(TO_LATIN, texts)
    assert len(outs) == len(texts)
    assert "".join(outs) == TO_LATIN("".join(texts))
    back = split_conversion(TO_CYRILLIC, outs)
    assert "".join(back) == TO_CYRILLIC("".join(outs))


def test_split_conversion_cuts() -> None:
    assert split_conversion(TO_LATIN, ["АҚ", "Ш"]) == ["AQ", "SH"]
    assert split_conversion(TO_LATIN, ["Ис", "ҳоқ"]) == ["Isʼ", "hoq"]
    assert split_conversion(TO_CYRILLIC, ["S", "hahar"]) == ["Ш", "аҳар"]
    assert split_conversion(TO_CYRILLIC, ["B", "I"]) == ["Б", "И"]
    # Each piece alone is kept (a Roman numeral, an English word), the word is converted.
    assert split_conversion(TO_CYRILLIC, ["VI", "VI"]) == ["ВИ", "ВИ"]
    assert split_conversion(TO_CYRILLIC, ["XI", "LAR"]) == ["ХИ", "ЛАР"]
    assert split_conversion(TO_LATIN, ["Тоқа", "ев тоғ"]) == ["Toqa", "yev togʻ"]


_cells = st.text(alphabet="шаҳрқтоғ ЎАҚИсШеЕ\n.-ʼ", max_size=12)
_latin_cells = st.text(alphabet="shahrqtogʻ OAQISEye\n.-ʼ'", max_size=12)


@given(st.lists(_cells, max_size=30), st.lists(_latin_cells, max_size=30))
# A quotation opened in one cell must not turn the next cell's word-final tutuq (Aʼ -> Аъ)
# into a closing quote: cells are batched, but each is its own line.
@example(cyrillic=[], latin=["'A", "A'"])
def test_convert_many_is_converting_each(cyrillic: list[str], latin: list[str]) -> None:
    assert convert_many(TO_LATIN, cyrillic) == [TO_LATIN(t) for t in cyrillic]
    assert convert_many(TO_CYRILLIC, latin) == [TO_CYRILLIC(t) for t in latin]


def test_convert_many_with_the_separator_character_in_a_text() -> None:
    texts = ["Шаҳар", "a \ufdd7 тоғ", "Ш"]
    assert convert_many(TO_LATIN, texts) == ["Shahar", "a \ufdd7 togʻ", "Sh"]
