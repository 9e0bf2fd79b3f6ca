"""Whole documents against expected files in tests/fixtures/formats.

Why files: the traps of a real document (a URL in prose, code next to Cyrillic, a word cut
by a tag, entities, nested quotes, translate="no", lang attributes, script/style, JSON
escapes and key order, CSV quoting with ``;`` and CRLF, SRT/VTT timings and settings) are
easiest to read and review as a document next to its expected conversion.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import translit
from translit.formats import FormatOptions, format_for

FIXTURES = Path(__file__).parent / "fixtures" / "formats"

# (input, expected, source script, target script)
CASES = [
    ("page.cyrl.html", "page.latn.html", "cyrillic", "latin"),
    ("guide.cyrl.md", "guide.latn.md", "cyrillic", "latin"),
    ("cues.cyrl.srt", "cues.latn.srt", "cyrillic", "latin"),
    ("cues.cyrl.vtt", "cues.latn.vtt", "cyrillic", "latin"),
    ("data.cyrl.json", "data.latn.json", "cyrillic", "latin"),
    ("table.cyrl.csv", "table.latn.csv", "cyrillic", "latin"),
    ("table.cyrl.tsv", "table.latn.tsv", "cyrillic", "latin"),
    ("letter.latn.html", "letter.cyrl.html", "latin", "cyrillic"),
    ("letter.latn.md", "letter.cyrl.md", "latin", "cyrillic"),
]


def _read(name: str) -> str:
    # newline="" keeps CRLF: line endings are part of what must be preserved.
    with open(FIXTURES / name, encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.mark.parametrize(("src", "expected", "source", "target"), CASES, ids=[c[0] for c in CASES])
def test_fixture(src: str, expected: str, source: str, target: str) -> None:
    tr = translit.Transliterator(source, target)
    fmt = format_for(src)
    assert not fmt.binary
    # The tables are for people (Шаҳар, Изоҳ as column names): their header is converted.
    options = FormatOptions(csv_header="convert")
    assert fmt.convert_text(_read(src), tr, options) == _read(expected)


@pytest.mark.parametrize(("src", "expected", "source", "target"), CASES, ids=[c[0] for c in CASES])
def test_fixture_is_stable(src: str, expected: str, source: str, target: str) -> None:
    """Converting the expected output again changes nothing: only source-script text moves."""
    tr = translit.Transliterator(source, target)
    text = _read(expected)
    options = FormatOptions(csv_header="convert")
    assert format_for(expected).convert_text(text, tr, options) == text


def test_crlf_fixture_really_has_crlf() -> None:
    # Guards the CSV fixture against an editor that normalizes line endings.
    assert "\r\n" in _read("table.cyrl.csv")
    assert _read("table.latn.csv").count("\r\n") == _read("table.cyrl.csv").count("\r\n")
