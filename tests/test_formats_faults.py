"""Faults an adversarial test found in the document formats (issue 14, items 2–11).

Each test reproduces one fault as it was reported; the fuzz test in
``test_formats_fuzz.py`` keeps the general promise (output or FormatError, linear time).
"""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

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
    small, large = make(n), make(4 * n)
    # The machine may be busy (the suite runs beside other work): a round that looks
    # quadratic in wall time is measured again; a real quadratic cost looks so every time.
    for _round in range(3):
        small_chars, small_time = _cost(small)
        large_chars, large_time = _cost(large)
        assert large_chars <= 6 * small_chars, (small_chars, large_chars)
        if large_time <= 10 * small_time + 0.1:
            return
    raise AssertionError(f"4x the input took {large_time / small_time:.1f}x the time")


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


def _docx(body: str = "Шаҳар") -> bytes:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph(body)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, content if item.filename == name else source.read(item))
    return out.getvalue()


def convert_docx(data: bytes) -> bytes:
    return format_for("a.docx").convert_bytes(data, TO_LATIN, FormatOptions())


def test_docx_zip_bomb_is_refused_before_it_is_inflated(monkeypatch: pytest.MonkeyPatch) -> None:
    # Item 3, scaled down: a part that expands beyond the limit is a FormatError. The
    # limit is lowered so that the test stays small; the size is checked before reading.
    from translit.formats import docx as docx_format

    data = _docx()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    bomb = xml.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * 400_000)
    packed = _replace_member(data, "word/document.xml", bomb)
    assert len(packed) < 100_000 < len(bomb)
    monkeypatch.setattr(docx_format, "MAX_PART_BYTES", 1 << 20)
    with pytest.raises(FormatError, match=r"expands to 2 MB.*zip bomb"):
        convert_docx(packed)
    monkeypatch.setattr(docx_format, "MAX_ARCHIVE_BYTES", 1 << 20)
    monkeypatch.setattr(docx_format, "MAX_PART_BYTES", 8 << 20)
    with pytest.raises(FormatError, match="archive expands"):
        convert_docx(packed)


def test_docx_parts_that_do_not_change_keep_their_bytes() -> None:
    data = _docx("Shahar")  # nothing to convert to Latin
    source = zipfile.ZipFile(io.BytesIO(data))
    out = zipfile.ZipFile(io.BytesIO(convert_docx(data)))
    assert [i.filename for i in out.infolist()] == [i.filename for i in source.infolist()]
    for item in source.infolist():
        assert out.read(item.filename) == source.read(item.filename), item.filename


def _flip(data: bytes, offset: int) -> bytes:
    return data[:offset] + bytes([data[offset] ^ 0x55]) + data[offset + 1 :]


def _deflated_range(data: bytes, name: str) -> range:
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(name)
    # The local header is 30 bytes plus the name and the extra field.
    extra = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + len(info.filename.encode()) + extra
    return range(start, start + info.compress_size)


def test_damaged_docx_is_a_format_error_or_converts() -> None:
    # Item 11: zlib.error, EOFError, AttributeError, NotImplementedError on damaged files.
    data = _docx("Шаҳар " * 200)
    variants = [
        _replace_member(data, "[Content_Types].xml", b"<Types/>"),
        _replace_member(data, "[Content_Types].xml", b"<Types"),
        data[: len(data) // 2],
        data[:-30],
    ]
    variants += [_flip(data, i) for i in _deflated_range(data, "word/document.xml")[::5]]
    # An unknown compression method (9: Deflate64, which zipfile cannot read).
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    local = info.header_offset + 8
    variants.append(data[:local] + b"\x09\x00" + data[local + 2 :])
    errors = 0
    for variant in variants:
        try:
            convert_docx(variant)
        except FormatError:
            errors += 1
    assert errors >= 4


@pytest.mark.parametrize("content", [b"<Types/>", b"", b"<Types xmlns='x'><Default/></Types>"])
def test_docx_without_a_main_document_is_a_format_error(content: bytes) -> None:
    with pytest.raises(FormatError, match=r"not a readable \.docx|malformed XML"):
        convert_docx(_replace_member(_docx(), "[Content_Types].xml", content))


def test_detect_on_a_folder_goes_on_past_damaged_documents(tmp_path: Path) -> None:
    # Items 10 and 11 through the command: each bad file is named, no traceback, the rest
    # of the folder is still detected, exit 1.
    data = _docx("Шаҳар " * 200)
    (tmp_path / "a.docx").write_bytes(_replace_member(data, "[Content_Types].xml", b"<Types/>"))
    flipped = _flip(data, _deflated_range(data, "word/document.xml")[40])
    (tmp_path / "b.docx").write_bytes(flipped)
    (tmp_path / "c.html").write_text("<p>Шаҳар</p><![ x", encoding="utf-8")
    (tmp_path / "d.txt").write_text("Шаҳар ва қишлоқ", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "translit", "detect", str(tmp_path)],
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "a.docx" in done.stderr and "c.html" in done.stderr
    assert "d.txt" in done.stdout and "cyrillic" in done.stdout


def test_json_written_ascii_only_stays_ascii_only() -> None:
    # Item 8: json.dumps(ensure_ascii=True) writes Latin text literally (it is ASCII).
    source = '{"a": "Toshkent shahri", "b": "\\u040e\\u0437\\u0431\\u0435\\u043a", "c": 1}'
    out = convert("json", source, TO_CYRILLIC)
    assert out.isascii()
    assert out == (
        '{"a": "\\u0422\\u043e\\u0448\\u043a\\u0435\\u043d\\u0442 '
        '\\u0448\\u0430\\u04b3\\u0440\\u0438", "b": "\\u040e\\u0437\\u0431\\u0435\\u043a", '
        '"c": 1}'
    )


def test_json_with_literal_non_ascii_keeps_literal_letters() -> None:
    assert convert("json", '{"a": "Toshkent", "b": "«"}', TO_CYRILLIC) == (
        '{"a": "Тошкент", "b": "«"}'
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # Item 9: the apostrophe is the delimiter; a converted cell holding it is quoted.
        ("sep='\nЎзбек'шаҳар'маъно\n", "sep='\n\"O'zbek\"'shahar'\"ma'no\"\n"),
        ("sep='\n\"Ўзбек\"'шаҳар\n", "sep='\n\"O'zbek\"'shahar\n"),  # already quoted
        ("Ўзбек;шаҳар\n", "O'zbek;shahar\n"),  # the delimiter is ";": nothing to quote
    ],
)
def test_csv_cell_holding_the_delimiter_after_conversion_is_quoted(
    source: str, expected: str
) -> None:
    ascii_latin = translit.Transliterator("cyrillic", "latin", apostrophe="ascii")
    # One row, which is the header: converted here (kept by default, issue 15).
    out = convert("csv", source, ascii_latin, FormatOptions(csv_header="convert"))
    assert out == expected
    rows = list(csv.reader(io.StringIO(out.split("\n", 1)[1]), delimiter="'"))
    if source.startswith("sep='"):
        assert all(len(row) == len(rows[0]) for row in rows)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # Item 6: the label is the reference; the original label is added explicitly.
        ("[салом]\n\n[салом]: http://x\n", "[salom][салом]\n\n[салом]: http://x\n"),
        ("[салом][]\n\n[салом]: http://x\n", "[salom][салом]\n\n[салом]: http://x\n"),
        ("![расм]\n\n[расм]: i.png\n", "![rasm][расм]\n\n[расм]: i.png\n"),
        # A full reference and an inline link keep their targets already.
        ("[салом][x] [дунё](http://y)\n\n[x]: http://x\n",
         "[salom][x] [dunyo](http://y)\n\n[x]: http://x\n"),
        # A label with nothing to convert is left alone.
        ("[Salom]\n\n[Salom]: http://x\n", "[Salom]\n\n[Salom]: http://x\n"),
    ],
)
def test_markdown_reference_links_keep_their_target(source: str, expected: str) -> None:
    assert convert("markdown", source) == expected


def test_markdown_reference_links_still_resolve_after_conversion() -> None:
    markdown_it = pytest.importorskip("markdown_it")
    source = "[салом] ва [дунё][]\n\n[салом]: http://x\n[ДУНЁ]: http://y\n"
    rendered = markdown_it.MarkdownIt("commonmark").render(convert("markdown", source))
    assert rendered == '<p><a href="http://x">salom</a> va <a href="http://y">dunyo</a></p>\n'


FRONT = (
    "---\n"
    "title: Салом дунё\n"
    "layout: пост\n"
    'description: "Шаҳар ҳақида"\n'
    "summary: 'Қишлоқ'  # изоҳ\n"
    "tags: [шаҳар]\n"
    "муаллиф: Али\n"
    "---\n"
    "\n"
    "Матн\n"
)


def test_markdown_front_matter_keeps_keys_and_converts_named_values() -> None:
    # Item 7: keys and other values are data for a site generator.
    assert convert("markdown", FRONT) == (
        "---\n"
        "title: Salom dunyo\n"
        "layout: пост\n"
        'description: "Shahar haqida"\n'
        "summary: 'Qishloq'  # изоҳ\n"
        "tags: [шаҳар]\n"
        "муаллиф: Али\n"
        "---\n"
        "\n"
        "Matn\n"
    )


def test_markdown_front_matter_keys_are_an_option() -> None:
    options = FormatOptions(front_matter_keys=("layout", "МУАЛЛИФ"))
    out = convert("markdown", FRONT, options=options)
    assert "title: Салом дунё\n" in out and "layout: post\n" in out and "муаллиф: Ali\n" in out


def test_markdown_toml_front_matter_and_requoting() -> None:
    toml = '+++\ntitle = "Салом"\nlayout = "пост"\ndraft = true\n+++\nМатн\n'
    assert convert("markdown", toml) == (
        '+++\ntitle = "Salom"\nlayout = "пост"\ndraft = true\n+++\nMatn\n'
    )
    ascii_latin = translit.Transliterator("cyrillic", "latin", apostrophe="ascii")
    # An ASCII apostrophe cannot stand in a single-quoted YAML value: double quotes.
    assert convert("markdown", "---\ntitle: 'Ўзбек'\n---\n", ascii_latin) == (
        "---\ntitle: \"O'zbek\"\n---\n"
    )


def test_markdown_front_matter_option_on_the_command_line(tmp_path: Path) -> None:
    pytest.importorskip("markdown_it")
    (tmp_path / "post.md").write_text(FRONT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "translit", "to-latin", "--front-matter-keys", "layout",
         str(tmp_path / "post.md")],
        capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "title: Салом дунё\n" in done.stdout and "layout: post\n" in done.stdout


def test_markdown_block_left_unconverted_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    # Issue 12: a block whose source cannot be located exactly is kept, and said so.
    from translit.formats import FormatWarning
    from translit.formats import markdown as markdown_format

    with pytest.warns(FormatWarning, match="line 3: a Markdown block is left unconverted"):
        assert convert("markdown", "Шаҳар\n\n<div\n\nШаҳар\n") == "Shahar\n\n<div\n\nShahar\n"

    def lost(*args: object) -> list[int]:
        raise markdown_format._NotFound

    monkeypatch.setattr(markdown_format, "_source_positions", lost)
    with pytest.warns(FormatWarning, match="line 1: .* could not be matched"):
        assert convert("markdown", "Шаҳар\n") == "Шаҳар\n"


@pytest.mark.parametrize(
    "tag",
    [
        '<p title="Шаҳар" alt=\'қ\' data-x=1 hidden>',
        "<img src=a.png alt = Шаҳар/>",
        '<p title="a>b" x==y z=\'"\'>',
        "<p/title=Ш>",
        '<input type=submit value="Юбориш" disabled/>',
    ],
)
def test_our_attribute_reading_agrees_with_html_parser(tag: str) -> None:
    # Issue 12: html.py reads attribute positions with its own pattern instead of the
    # standard library's private one; what it reads must be what the parser reports
    # (public API: handle_starttag). If the parser changes, this fails (and html.py keeps
    # such a tag's attributes unconverted rather than guess).
    from html.parser import HTMLParser

    from translit.formats import html as html_format

    reported: list[list[tuple[str, str | None]]] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            reported.append(attrs)

        handle_startendtag = handle_starttag

    Parser().feed(tag)
    head = html_format._TAG_NAME.match(tag)
    assert head is not None
    ours = []
    for match in html_format._ATTR.finditer(tag, head.end()):
        value = match.group(3)
        if value is not None and value[:1] in "'\"":
            value = value[1:-1]
        ours.append((match.group(1).lower(), value))
    assert ours == reported[0]


def test_json_lines_written_ascii_only_stay_ascii_only() -> None:
    # Item 8 for JSON Lines: judged on the first piece, so the whole file is consistent.
    jsonl = format_for("a.jsonl")
    ascii_source = '{"t": "Toshkent"}\n{"t": "Salom dunyo"}\n'
    out = jsonl.convert_text(ascii_source, TO_CYRILLIC, FormatOptions())
    assert out == (
        '{"t": "\\u0422\\u043e\\u0448\\u043a\\u0435\\u043d\\u0442"}\n'
        '{"t": "\\u0421\\u0430\\u043b\\u043e\\u043c \\u0434\\u0443\\u043d\\u0451"}\n'
    )
    literal = '{"t": "Oʻzbek"}\n{"t": "Salom dunyo"}\n'
    assert jsonl.convert_text(literal, TO_CYRILLIC, FormatOptions()) == (
        '{"t": "Ўзбек"}\n{"t": "Салом дунё"}\n'
    )


def test_webvtt_cue_text_never_creates_markup() -> None:
    # Item 5 for WebVTT, whose cue text is markup (<u> underlines, &amp; escapes).
    source = "WEBVTT\n\n00:00.000 --> 00:01.000\nш &нот; x<у <i>Ш</i>\n"
    assert convert("vtt", source) == (
        "WEBVTT\n\n00:00.000 --> 00:01.000\nsh &amp;not; x&lt;u <i>Sh</i>\n"
    )
