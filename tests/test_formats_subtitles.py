"""SRT and WebVTT: cue text converted; numbers, timings, settings and blocks kept."""

from __future__ import annotations

import pytest

import translit
from translit.formats import FormatError, FormatOptions, format_for

TO_LATIN = translit.Transliterator("cyrillic", "latin")
SRT = format_for("a.srt")
VTT = format_for("a.vtt")


def srt(text: str) -> str:
    return SRT.convert_text(text, TO_LATIN, FormatOptions())


def vtt(text: str) -> str:
    return VTT.convert_text(text, TO_LATIN, FormatOptions())


def test_srt_cue_text_only_crlf_kept() -> None:
    source = "1\r\n00:00:01,000 --> 00:00:02,000\r\nШаҳар\r\nАҚ<b>Ш</b>\r\n\r\n"
    assert srt(source) == "1\r\n00:00:01,000 --> 00:00:02,000\r\nShahar\r\nAQ<b>SH</b>\r\n\r\n"


def test_srt_without_numbers_and_with_ass_tags() -> None:
    source = "00:00:01,000 --> 00:00:02,000\n{\\an8}Шаҳар &amp; тоғ\n"
    assert srt(source) == "00:00:01,000 --> 00:00:02,000\n{\\an8}Shahar &amp; togʻ\n"


def test_srt_digits_only_cue_text_is_kept() -> None:
    source = "7\n00:00:01,000 --> 00:00:02,000\n2026\n"
    assert srt(source) == source


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("1\nШаҳар\n", 1),
        ("1\n00:00:01,000 --> 00:00:02,000\nШаҳар\n\nШаҳар\n", 5),
        ("x\n00:00:01,000 --> 00:00:02,000\nШаҳар\n", 1),
    ],
)
def test_srt_malformed(source: str, line: int) -> None:
    with pytest.raises(FormatError) as info:
        srt(source)
    assert info.value.line == line


def test_vtt_keeps_header_notes_styles_regions_identifiers_and_settings() -> None:
    source = (
        "WEBVTT Шаҳар\n\nNOTE Шаҳар\nдавоми\n\nSTYLE\n::cue { color: red }\n\n"
        "REGION\nid:шаҳар\n\nШаҳар-1\n00:01.000 --> 00:02.000 align:start line:0\n"
        "<v Бобур>Шаҳар</v> <c.x>тоғ</c>\n"
    )
    expected = source.replace(
        "<v Бобур>Шаҳар</v> <c.x>тоғ</c>", "<v Бобур>Shahar</v> <c.x>togʻ</c>"
    )
    assert vtt(source) == expected


def test_vtt_timestamp_tag_inside_word_and_lang_span() -> None:
    source = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nАҚ<00:00:01.500>Ш <lang uz-Cyrl>тоғ</lang>\n"
    assert vtt(source) == (
        "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nAQ<00:00:01.500>SH <lang uz-Latn>togʻ</lang>\n"
    )


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("Шаҳар\n", 1),
        ("\nWEBVTT\n", 1),
        ("WEBVTT\n\n00:01.000 -> 00:02.000\nШаҳар\n", 3),
        ("WEBVTT\n\n00:01.000 --> 00:02\nШаҳар\n", 3),
        ("WEBVTT\n\nid\nШаҳар\n", 3),
    ],
)
def test_vtt_malformed(source: str, line: int) -> None:
    with pytest.raises(FormatError) as info:
        vtt(source)
    assert info.value.line == line


def test_vtt_language_header_follows_the_script() -> None:
    source = "WEBVTT\nKind: captions\nLanguage: uz-Cyrl\n\n00:01.000 --> 00:02.000\nШаҳар\n"
    assert vtt(source) == (
        "WEBVTT\nKind: captions\nLanguage: uz-Latn\n\n00:01.000 --> 00:02.000\nShahar\n"
    )


def test_srt_with_byte_order_mark() -> None:
    source = "\ufeff1\n00:00:01,000 --> 00:00:02,000\nШаҳар\n"
    assert srt(source) == "\ufeff1\n00:00:01,000 --> 00:00:02,000\nShahar\n"
