"""Fuzzing every document format against its promises (docs/formats.md).

1. Any input gives output or a ``FormatError``, never another exception: random text
   built from the characters markup is made of, random damage to real documents (the
   fixtures) and to a Word archive, random bytes.
2. Linear time: a drawn fragment repeated n and 4n times must not cost 16 times more
   (counted in characters handed to the transliterator, and in wall time with room for
   noise; quadratic behaviour gives 16).

The number of examples follows the hypothesis profile (tests/conftest.py) but is capped
per test, so that the whole file stays within a few minutes under the ``ci`` profile.
"""

from __future__ import annotations

import contextlib
import functools
import io
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import translit
from translit.formats import FormatError, FormatOptions, format_for

# A block left unconverted is reported with a FormatWarning: expected on damaged input.
pytestmark = pytest.mark.filterwarnings("ignore::translit.formats.FormatWarning")

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
TEXT_FORMATS = ("text", "html", "markdown", "srt", "vtt", "json", "csv", "tsv")
DIRECTIONS = (
    translit.Transliterator("cyrillic", "latin"),
    translit.Transliterator("latin", "cyrillic"),
    translit.Transliterator("cyrillic", "latin", apostrophe="ascii"),
)
# What markup, escapes and structure are made of, plus letters of both scripts.
MARKUP = [
    *"<>&#;/!?[]()*_`\"'=:,.\\-{}|+~^$%@\t\n\r ",
    "<b>", "</b>", "<p>", "<!--", "-->", "<![", "<script>", "</script>", "&#", "&#1064;",
    "&amp;", "&nbsp;", "\\u0428", "\\u", "**", "[]", "](", "---", "+++", "```", "-->",
    "00:00:01,000 --> 00:00:02,000", "WEBVTT", "sep=;", '""', "\r\n", "\x00", "\ufeff",
]
LETTERS = [*"ШшаҳрқғўёЕеЁюяцъьAaSshoʻʼ‘’‹›«»", "Шаҳар", "Oʻzbek", "IV", "https://x.uz"]
FRAGMENT = st.one_of(st.sampled_from(MARKUP), st.sampled_from(LETTERS), st.characters())


def _examples(cap: int) -> settings:
    """The profile's number of examples, at most ``cap`` (time bound of this file)."""
    return settings(
        max_examples=min(settings().max_examples, cap),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def _optional(name: str) -> None:
    if name == "markdown":
        pytest.importorskip("markdown_it")


def _convert_or_format_error(name: str, text: str, tr: translit.Transliterator) -> None:
    try:
        out = format_for(None, name).convert_text(text, tr, FormatOptions())
    except FormatError:
        return
    assert isinstance(out, str)


@pytest.mark.parametrize("name", TEXT_FORMATS)
@_examples(300)
@given(text=st.lists(FRAGMENT, max_size=60).map("".join), direction=st.sampled_from(DIRECTIONS))
def test_any_text_gives_output_or_format_error(name: str, text: str,
                                               direction: translit.Transliterator) -> None:
    _optional(name)
    _convert_or_format_error(name, text, direction)


def _fixtures() -> list[tuple[str, str]]:
    found = []
    for path in sorted(FIXTURES.iterdir()):
        if path.suffix in (".html", ".md", ".srt", ".vtt", ".json", ".csv", ".tsv"):
            found.append((format_for(path).name, path.read_text(encoding="utf-8")))
    return found


@st.composite
def _damaged(draw: st.DrawFn, source: str) -> str:
    """``source`` with a few spans deleted, replaced, duplicated or cut off."""
    text = source
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        end = draw(st.integers(at, min(len(text), at + 40)))
        action = draw(st.sampled_from(("delete", "insert", "repeat", "cut")))
        if action == "delete":
            text = text[:at] + text[end:]
        elif action == "insert":
            text = text[:at] + draw(st.lists(FRAGMENT, max_size=5).map("".join)) + text[at:]
        elif action == "repeat":
            text = text[:end] + text[at:end] * draw(st.integers(1, 3)) + text[end:]
        else:
            text = text[:at]
    return text


@pytest.mark.parametrize(("name", "source"), _fixtures(),
                         ids=[p.name for p in sorted(FIXTURES.iterdir())
                              if p.suffix in (".html", ".md", ".srt", ".vtt", ".json", ".csv",
                                              ".tsv")])
@_examples(100)
@given(data=st.data(), direction=st.sampled_from(DIRECTIONS))
def test_damaged_documents_give_output_or_format_error(
    name: str, source: str, data: st.DataObject, direction: translit.Transliterator
) -> None:
    _optional(name)
    _convert_or_format_error(name, data.draw(_damaged(source)), direction)


@functools.cache
def _docx_sample() -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Ш").bold = True
    paragraph.add_run("аҳар ва қишлоқ ")
    document.add_paragraph("Тоқа").add_run("ев")
    document.sections[0].header.paragraphs[0].text = "Сарлавҳа"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _convert_docx(data: bytes) -> None:
    try:
        out = format_for("a.docx").convert_bytes(data, DIRECTIONS[0], FormatOptions())
    except FormatError:
        return
    assert zipfile.is_zipfile(io.BytesIO(out))


@_examples(200)
@given(data=st.data())
def test_damaged_docx_gives_output_or_format_error(data: st.DataObject) -> None:
    sample = _docx_sample()
    damaged = bytearray(sample)
    for _ in range(data.draw(st.integers(1, 6))):
        at = data.draw(st.integers(0, len(damaged) - 1))
        action = data.draw(st.sampled_from(("flip", "delete", "insert", "cut")))
        if action == "flip":
            damaged[at] ^= data.draw(st.integers(1, 255))
        elif action == "delete":
            del damaged[at : at + data.draw(st.integers(1, 64))]
        elif action == "insert":
            damaged[at:at] = data.draw(st.binary(min_size=1, max_size=16))
        else:
            del damaged[at:]
        if not damaged:
            break
    _convert_docx(bytes(damaged))


@_examples(100)
@given(data=st.binary(max_size=2000))
def test_any_bytes_as_docx_give_output_or_format_error(data: bytes) -> None:
    pytest.importorskip("lxml")
    _convert_docx(b"PK\x03\x04" + data if data[:1] == b"\x00" else data)


# -- linear time ----------------------------------------------------------------------

# Per format: how n copies of a fragment make a document, and fragments that stay inside
# one word or one block (the cases that used to be quadratic) next to anything else.
TEMPLATES = {
    "html": ("<p>{}</p>", ["<b>Ш</b>", "Ш", "<i>ҳ</i>", "&#1064;", "<wbr>", "&amp;", "е"]),
    "markdown": ("{}\n", ["**Ш**", "Ш", "*ҳ*", "`к`", "[Ш](u)", "&#1064;", "\\*", "е"]),
    "json": ('["{}"]', ["\\u0428", "Ш", "\\n", "\\u0435", "\\\\", "е"]),
    "srt": ("1\n00:00:01,000 --> 00:00:02,000\n{}\n", ["<i>Ш</i>", "Ш", "{\\an8}", "е"]),
    "csv": ("{}\n", ["Ш", "е", '""', ";", ",", "ҳ"]),
    "text": ("{}", ["Ш", "е", ".", "@", "ҳ", "#"]),
}


class _Counting:
    def __init__(self, tr: translit.Transliterator) -> None:
        self.tr = tr
        self.chars = 0

    def __call__(self, text: str) -> str:
        self.chars += len(text)
        return self.tr(text)

    def __getattr__(self, name: str) -> object:
        return getattr(self.tr, name)


def _work(name: str, document: str) -> tuple[int, float]:
    best, chars = float("inf"), 0
    for _ in range(3):
        counting = _Counting(DIRECTIONS[0])
        start = time.perf_counter()
        with contextlib.suppress(FormatError):
            format_for(None, name).convert_text(document, counting,  # type: ignore[arg-type]
                                                FormatOptions())
        best = min(best, time.perf_counter() - start)
        chars = counting.chars
    return chars, best


@pytest.mark.parametrize("name", sorted(TEMPLATES))
@_examples(8)
@given(data=st.data())
def test_growing_documents_take_linear_time(name: str, data: st.DataObject) -> None:
    _optional(name)
    template, fragments = TEMPLATES[name]
    unit = "".join(data.draw(st.lists(st.sampled_from(fragments), min_size=1, max_size=4)))
    n = max(1, 1500 // len(unit))
    # The machine may be busy: a round that looks quadratic is measured again; a real
    # quadratic cost looks so every time.
    for _round in range(3):
        small_chars, small_time = _work(name, template.format(unit * n))
        large_chars, large_time = _work(name, template.format(unit * (4 * n)))
        assert large_chars <= 6 * small_chars + 64, (unit, small_chars, large_chars)
        if large_time <= 10 * small_time + 0.1:
            return
    raise AssertionError(f"4x the input {unit!r} took {large_time / small_time:.1f}x the time")
