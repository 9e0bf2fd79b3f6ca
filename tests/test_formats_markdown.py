"""Markdown format: prose converted, code/URLs/markup kept, round trips, missing extra."""

from __future__ import annotations

import sys

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import translit
from translit.formats import FormatOptions, FormatWarning, format_for

TO_LATIN = translit.Transliterator("cyrillic", "latin")
TO_CYRILLIC = translit.Transliterator("latin", "cyrillic")
MD = format_for("README.md")


def latin(text: str) -> str:
    return MD.convert_text(text, TO_LATIN, FormatOptions())


def cyrillic(text: str) -> str:
    return MD.convert_text(text, TO_CYRILLIC, FormatOptions())


def test_extensions() -> None:
    assert format_for("a.markdown") is MD
    assert format_for(None, "md") is MD


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("**Ш**аҳар АҚ*Ш*\n", "**Sh**ahar AQ*SH*\n"),
        ("# Шаҳар #\n", "# Shahar #\n"),
        ("Шаҳар\n=====\n", "Shahar\n=====\n"),
        ("- Шаҳар\n  - Қишлоқ\n1) Тоғ\n", "- Shahar\n  - Qishloq\n1) Togʻ\n"),
        ("> > Шаҳар\n> давоми\n", "> > Shahar\n> davomi\n"),
        ("`шаҳар`дан\n", "`шаҳар`dan\n"),
        ("``a ` шаҳар`` шаҳар\n", "``a ` шаҳар`` shahar\n"),
        ("[Шаҳар](https://шаҳар.uz/(йўл) 'Шаҳар')\n", "[Shahar](https://шаҳар.uz/(йўл) 'Шаҳар')\n"),
        ("[Шаҳар][йўл]\n\n[йўл]: https://шаҳар.uz\n", "[Shahar][йўл]\n\n[йўл]: https://шаҳар.uz\n"),
        ("<https://шаҳар.uz> ва <шаҳар@mail.uz>\n", "<https://шаҳар.uz> va <шаҳар@mail.uz>\n"),
        ("![Шаҳар *тоғ*](шаҳар.png)\n", "![Shahar *togʻ*](шаҳар.png)\n"),
        ("Шаҳар https://kun.uz/шаҳар\n", "Shahar https://kun.uz/шаҳар\n"),
        ("\\*Шаҳар\\* &amp; &laquo;тоғ&raquo;\n", "\\*Shahar\\* &amp; &laquo;togʻ&raquo;\n"),
        ("Шаҳар  \nтоғ\\\nбоғ\n", "Shahar  \ntogʻ\\\nbogʻ\n"),
        ("~~Шаҳар~~\n", "~~Shahar~~\n"),
        ("```\nШаҳар\n```\n\n~~~ шаҳар\nШаҳар\n~~~\n",
         "```\nШаҳар\n```\n\n~~~ шаҳар\nШаҳар\n~~~\n"),
        ("    Шаҳар\n\n- a\n\n      шаҳар\n", "    Шаҳар\n\n- a\n\n      шаҳар\n"),
        ("| Шаҳар | Шаҳар |\n|---|---|\n| `шаҳар` | тоғ |\n",
         "| Shahar | Shahar |\n|---|---|\n| `шаҳар` | togʻ |\n"),
        ("| a \\| Шаҳар | `b \\| шаҳар` |\n|-|-|\n| Ш\\|тоғ | шаҳар |\n",
         "| a \\| Shahar | `b \\| шаҳар` |\n|-|-|\n| Sh\\|togʻ | shahar |\n"),
        ("[a [Шаҳар] c](url) [![Шаҳар](i.png)](https://шаҳар.uz)\n",
         "[a [Shahar] c](url) [![Shahar](i.png)](https://шаҳар.uz)\n"),
        ("snake_case_шаҳар _тоғ_ ***боғ***\n", "snake_case_shahar _togʻ_ ***bogʻ***\n"),
        ("Шаҳар <span title=\"Шаҳар\">тоғ</span>\n", "Shahar <span title=\"Шаҳар\">togʻ</span>\n"),
        ("<div title=\"Шаҳар\">\n<code>шаҳар</code> Шаҳар\n</div>\n",
         "<div title=\"Shahar\">\n<code>шаҳар</code> Shahar\n</div>\n"),
        ("<!-- Шаҳар -->\n", "<!-- Шаҳар -->\n"),
        ("Шаҳар\r\n\r\n**тоғ**\r\n", "Shahar\r\n\r\n**togʻ**\r\n"),
        ("&#1064;аҳар\n", "Shahar\n"),
    ],
)
def test_prose_changes_markup_stays(source: str, expected: str) -> None:
    assert latin(source) == expected


def test_unfinished_html_block_is_left_alone() -> None:
    with pytest.warns(FormatWarning, match="line 1: a Markdown block is left unconverted"):
        assert latin("<div title='Шаҳар\n\nШаҳар\n") == "<div title='Шаҳар\n\nShahar\n"


def test_latin_to_cyrillic() -> None:
    assert cyrillic("**Sh**ahar `shahar` [Qishloq](https://x.uz)\n") == (
        "**Ш**аҳар `shahar` [Қишлоқ](https://x.uz)\n"
    )


def test_missing_markdown_it_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "markdown_it", None)
    with pytest.raises(translit.MissingExtraError) as info:
        latin("Шаҳар\n")
    assert info.value.extra == "markdown"
    assert "uz-translit[markdown]" in str(info.value)


# --------------------------------------------------------------------------- round trip
# Same alphabet as the HTML property test: letters that convert one-to-one both ways.
_CONSONANTS = "бвгджзклмнпрстфхшчғқҳ"
_VOWELS = "аиоуў"
_syllable = st.tuples(st.sampled_from(_CONSONANTS), st.sampled_from(_VOWELS)).map("".join)
_word = st.lists(_syllable, min_size=1, max_size=4).map("".join).flatmap(
    lambda w: st.sampled_from([w, w.capitalize(), w.upper()])
) | st.sampled_from(["Ўзбекистон", "АҚШ", "Исҳоқ", "қишлоқ", "тоғ"])


@st.composite
def _inline(draw: st.DrawFn) -> tuple[str, str]:
    """(Markdown, plain text) of one word, maybe emphasized, split, linked or code."""
    word = draw(_word)
    kind = draw(st.sampled_from(["plain", "strong", "em", "split", "link", "code", "image"]))
    if kind == "strong":
        return f"**{word}**", word
    if kind == "em":
        return f"_{word}_", word
    if kind == "split" and len(word) > 1:
        cut = draw(st.integers(1, len(word) - 1))
        return f"**{word[:cut]}**{word[cut:]}", word
    if kind == "link":
        return f"[{word}](https://x.uz/{word})", word
    if kind == "image":
        return f"![{word}](p.png)", word
    if kind == "code":
        return f"`{word}`", ""
    return word, word


@st.composite
def _document(draw: st.DrawFn) -> tuple[str, str]:
    blocks, plain = [], []
    for _ in range(draw(st.integers(1, 4))):
        words = draw(st.lists(_inline(), min_size=1, max_size=6))
        line = " ".join(w[0] for w in words)
        plain.append(" ".join(w[1] for w in words if w[1]))
        prefix = draw(st.sampled_from(["", "# ", "- ", "> ", "1. "]))
        blocks.append(prefix + line)
        if draw(st.booleans()):
            code = draw(_word)
            blocks.append(f"```\n{code}\n```")
    return "\n\n".join(blocks) + "\n", "\n".join(plain)


@given(_document())
def test_round_trip_cyrillic_latin_cyrillic(doc: tuple[str, str]) -> None:
    text, plain = doc
    assume(TO_CYRILLIC(TO_LATIN(plain)) == plain)
    there = latin(text)
    assert cyrillic(there) == text
