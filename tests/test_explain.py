"""translit.explain: tokens, step names, sure/unsure, and the join property."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import translit
from translit import Token, explain

ROWS = [
    line.split("\t")
    for line in (Path(__file__).parent / "cases" / "explain" / "words.tsv")
    .read_text("utf-8")
    .splitlines()
    if line and not line.startswith("#")
]


@pytest.mark.parametrize("row", ROWS, ids=[f"{r[0]}-{r[1]}:{r[2]}" for r in ROWS])
def test_one_word(row: list[str]) -> None:
    source, target, text, step, sure, _why = row
    tokens = explain(text, source, target)
    assert len(tokens) == 1, tokens
    token = tokens[0]
    assert (token.text, token.start, token.end) == (text, 0, len(text))
    assert token.step == step
    assert token.sure == (sure == "yes")
    assert token.why
    assert token.output == translit.Transliterator(source, target)(text)


def test_tokens_of_a_sentence() -> None:
    text = "Film koʻrdik: https://kun.uz, XX asr."
    tokens = explain(text, "latin", "cyrillic")
    assert [(t.text, t.step) for t in tokens] == [
        ("Film", "lexicon"),
        ("koʻrdik", "rules"),
        ("https://kun.uz", "url"),
        ("XX", "numeral"),
        ("asr", "rules"),
    ]
    assert [t.output for t in tokens] == ["Фильм", "кўрдик", "https://kun.uz", "XX", "аср"]
    assert all(text[t.start : t.end] == t.text for t in tokens)


def test_keep_option() -> None:
    tokens = explain("Starlinkga ulandi", "latin", "cyrillic", keep=["Starlink"])
    assert (tokens[0].step, tokens[0].output) == ("kept", "Starlinkга")
    tokens = explain("Starlink ишлайди", keep=["Starlink"])
    assert [t.step for t in tokens] == ["kept", "rules"]


def test_token_is_frozen() -> None:
    token = explain("салом")[0]
    assert isinstance(token, Token)
    with pytest.raises(AttributeError):
        token.output = "x"  # type: ignore[misc]


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="valid scripts"):
        explain("x", "greek", "latin")
    with pytest.raises(ValueError, match="valid options"):
        explain("x", "latin", "cyrillic", colour="red")
    with pytest.raises(TypeError):
        explain(b"x", "latin", "cyrillic")  # type: ignore[arg-type]


_PIECES = [
    "Ўзбекистон", "шаҳри", "цирк", "объект", "Тoшкент", "СЕНТЯБРЬ", "мили\u0301ция",
    "Oʻzbekiston", "oʻzbek", "o'zbek", "sirkka", "filmlar", "Marya", "ketsa", "tablitsa",
    "Facebookʼda", "Pepsiʼni", "XX", "V.", "V", "Good", "https://kun.uz/a?b=1", "info@gov.uz",
    "@user", "#tag", "kun.uz", "Özbekiston", "şahar", "Işoq", "maʼno", "Isʼhoq", "ye", "«", "»",
    "—", ",", ".", "12", "ʻ", "ʼ", "'", "\u00ad", "\u0301", "‘", "’", "foji’", "‘kitob’",
]  # fmt: skip
_SEPARATORS = [" ", "  ", "\n", "\t", "", "-", "\u00a0"]
_TEXTS = st.lists(
    st.tuples(st.sampled_from(_PIECES), st.sampled_from(_SEPARATORS)), max_size=12
).map(lambda parts: "".join(p + s for p, s in parts))
_DIRECTIONS = st.sampled_from(
    [
        ("cyrillic", "latin"),
        ("latin", "cyrillic"),
        ("cyrillic", "latin-2026"),
        ("latin-2026", "cyrillic"),
        ("latin", "latin-2023"),
        ("latin-2021", "latin"),
    ]
)


def _rebuilt(text: str, tokens: list[Token]) -> str:
    out, last = [], 0
    for t in tokens:
        assert last <= t.start < t.end <= len(text)
        assert text[t.start : t.end] == t.text
        out += [text[last : t.start], t.output]
        last = t.end
    return "".join([*out, text[last:]])


@given(_TEXTS, _DIRECTIONS, st.sampled_from(["unicode", "ascii", "typographic"]))
def test_outputs_with_the_text_between_give_the_conversion(
    text: str, direction: tuple[str, str], apostrophe: str
) -> None:
    source, target = direction
    options = {"apostrophe": apostrophe} if target.startswith("latin") else {}
    tokens = explain(text, source, target, **options)
    assert _rebuilt(text, tokens) == translit.Transliterator(source, target, **options)(text)


@given(st.text(max_size=40), _DIRECTIONS)
def test_any_text(text: str, direction: tuple[str, str]) -> None:
    tokens = explain(text, *direction)
    assert _rebuilt(text, tokens) == translit.Transliterator(*direction)(text)
