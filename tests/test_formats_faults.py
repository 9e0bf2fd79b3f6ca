"""Faults an adversarial test found in the document formats (issue 14, items 2–11).

Each test reproduces one fault as it was reported; the fuzz test in
``test_formats_fuzz.py`` keeps the general promise (output or FormatError, linear time).
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable

import pytest

import translit
from translit.formats import FormatError, FormatOptions, format_for

TO_LATIN = translit.Transliterator("cyrillic", "latin")
TO_CYRILLIC = translit.Transliterator("latin", "cyrillic")


class Counting:
    """A transliterator that counts the characters it is asked to convert.

    Why counts and not only seconds: a count does not depend on the load of the machine,
    and converting is where the quadratic cost was (one word converted again per cut).
    """

    def __init__(self, tr: translit.Transliterator) -> None:
        self.tr = tr
        self.chars = 0

    def __call__(self, text: str) -> str:
        self.chars += len(text)
        return self.tr(text)

    def __getattr__(self, name: str) -> object:
        return getattr(self.tr, name)


def _cost(run: Callable[[Counting], object]) -> tuple[int, float]:
    """Characters converted, and the best of three wall times, for one conversion."""
    best = float("inf")
    chars = 0
    for _ in range(3):
        counting = Counting(TO_LATIN)
        start = time.perf_counter()
        run(counting)
        best = min(best, time.perf_counter() - start)
        chars = counting.chars
    return chars, best


def assert_linear(make: Callable[[int], Callable[[Counting], object]], n: int = 500) -> None:
    """Growing the input 4 times must not grow the work 16 times (quadratic).

    A linear conversion does about 4 times the work; the bounds leave room for noise.
    """
    small_chars, small_time = _cost(make(n))
    large_chars, large_time = _cost(make(4 * n))
    assert large_chars <= 6 * small_chars, (small_chars, large_chars)
    assert large_time <= 10 * small_time + 0.05, (small_time, large_time)


def _text(name: str, build: Callable[[int], str]) -> Callable[[int], Callable[[Counting], object]]:
    fmt = format_for(None, name)

    def make(n: int) -> Callable[[Counting], object]:
        source = build(n)
        return lambda tr: fmt.convert_text(source, tr, FormatOptions())  # type: ignore[arg-type]

    return make


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("markdown", lambda n: "**Ш**Ш" * n),
        ("json", lambda n: '"' + "\\u0428" * n + '"'),
        ("html", lambda n: "<b>Ш</b>" * n),
        ("html", lambda n: "<p>" + "<b>Ис</b>ҳоқ" * n + "</p>"),
        ("srt", lambda n: "1\n00:00:01,000 --> 00:00:02,000\n" + "<i>Ш</i>" * n + "\n"),
    ],
    ids=["markdown", "json", "html", "html-mixed", "srt"],
)
def test_one_word_cut_into_many_pieces_takes_linear_time(
    name: str, build: Callable[[int], str]
) -> None:
    if name == "markdown":
        pytest.importorskip("markdown_it")
    assert_linear(_text(name, build))


def test_one_word_of_many_runs_in_a_docx_takes_linear_time() -> None:
    docx = pytest.importorskip("docx")

    def make(n: int) -> Callable[[Counting], object]:
        document = docx.Document()
        paragraph = document.add_paragraph()
        for _ in range(n):
            paragraph.add_run("Ш")
        buffer = io.BytesIO()
        document.save(buffer)
        data = buffer.getvalue()
        fmt = format_for("a.docx")
        return lambda tr: fmt.convert_bytes(data, tr, FormatOptions())  # type: ignore[arg-type]

    assert_linear(make)


def test_a_long_cut_word_still_joins_to_the_whole_conversion() -> None:
    # The pieces of a long word are placed by windows: the text must still be exact.
    html = format_for(None, "html")
    source = "<p>" + "<b>Ис</b>ҳоқ" * 300 + "<i>Е</i>ъ" + "</p>"
    out = html.convert_text(source, TO_LATIN, FormatOptions())
    plain = "Исҳоқ" * 300 + "Еъ"
    assert out.replace("<b>", "").replace("</b>", "").replace("<i>", "").replace(
        "</i>", "") == "<p>" + TO_LATIN(plain) + "</p>"
    assert out.startswith("<p><b>Isʼ</b>hoq<b>Isʼ</b>hoq")


def convert(name: str, source: str, tr: translit.Transliterator = TO_LATIN,
            options: FormatOptions | None = None) -> str:
    if name == "markdown":
        pytest.importorskip("markdown_it")
    return format_for(None, name).convert_text(source, tr, options or FormatOptions())


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # Item 4: "&#" that is no character reference, no ";" after it.
        ('<p>x&#y <script>var s="Шаҳар"</script><code>Шаҳар</code> Шаҳар</p>',
         '<p>x&#y <script>var s="Шаҳар"</script><code>Шаҳар</code> Shahar</p>'),
        ("<p>x&#12a; <b>Ш</b> <code>Шаҳар</code>;</p>",
         "<p>x&#12a; <b>Sh</b> <code>Шаҳар</code>;</p>"),
        ("<p>a &# b <pre>Шаҳар</pre></p>", "<p>a &# b <pre>Шаҳар</pre></p>"),
    ],
)
def test_html_ampersand_hash_does_not_turn_markup_into_text(source: str, expected: str) -> None:
    assert convert("html", source) == expected


@pytest.mark.parametrize(
    ("name", "source", "expected"),
    [
        # Item 5: text that would become markup once converted is escaped.
        ("html", "<p>x<у</p>", "<p>x&lt;u</p>"),
        ("html", "<p>ш &нот; ш</p>", "<p>sh &amp;not; sh</p>"),
        ("html", "<p>x<&#1091;</p>", "<p>x&lt;u</p>"),
        ("html", '<p title="&нот">ш</p>', '<p title="&amp;not">sh</p>'),
        ("html", "<p>x < у, a<b</p>", "<p>x < u, a<b</p>"),  # "< " and ASCII kept
        ("markdown", "a<б> салом\n", "a&lt;b> salom\n"),
        ("markdown", "x <у\n", "x &lt;u\n"),
        ("markdown", "ш &нот;\n", "sh &amp;not;\n"),
    ],
)
def test_converted_text_never_creates_markup(name: str, source: str, expected: str) -> None:
    assert convert(name, source) == expected


def test_html_latin_to_cyrillic_keeps_ascii_markup_like_text() -> None:
    # The converse: Latin text next to "<" stays text; nothing new to escape.
    assert convert("html", "<p>x&lt;u a &amp; b</p>", TO_CYRILLIC) == "<p>х&lt;у а &amp; б</p>"


@pytest.mark.parametrize("source", ["<![ x", "a<![ x", "<p>Шаҳар</p><![ if"])
def test_html_malformed_declaration_is_a_format_error(source: str) -> None:
    # Item 10: html.parser asserts on these; that must reach the user as a FormatError.
    with pytest.raises(FormatError, match="malformed markup"):
        convert("html", source)
