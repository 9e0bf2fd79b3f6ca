"""Streaming formats (CSV/TSV row by row, JSON Lines line by line) give exactly the result
of converting the whole text, however the input is cut, in memory that does not grow with
the input (issue 16)."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

import translit
from translit.formats import FormatError, FormatOptions, delimited, format_for, jsonlines

TR = translit.Transliterator("cyrillic", "latin")
CELL_TEXT = st.text(alphabet='ШаҳарЎзбекистонёъ ,;\t"\r\nabc', max_size=12)


def _cut(text: str, sizes: list[int]) -> Iterator[str]:
    pos = 0
    for size in sizes:
        yield text[pos : pos + size]
        pos += size
    yield text[pos:]


def _outcome(make: object) -> str:
    try:
        return "".join(make())  # type: ignore[operator]
    except FormatError as exc:
        return f"FormatError: {exc}"


@pytest.mark.parametrize("name", ["csv", "tsv"])
@given(
    rows=st.lists(st.lists(CELL_TEXT, min_size=1, max_size=4), max_size=12),
    sizes=st.lists(st.integers(1, 40), max_size=30),
    columns=st.sampled_from([None, ("a",), ("b", "a")]),
    ending=st.sampled_from(["\n", "\r\n", "\r", ""]),
)
def test_pieces_convert_as_the_whole(
    name: str,
    rows: list[list[str]],
    sizes: list[int],
    columns: tuple[str, ...] | None,
    ending: str,
) -> None:
    fmt = format_for(None, name)
    delimiter = "\t" if name == "tsv" else ","
    lines = [delimiter.join(cells) for cells in [["a", "b"], *rows]]
    text = ending.join(lines)
    options = FormatOptions(columns=columns)
    with pytest.MonkeyPatch.context() as patch:
        # The reference: the whole text, read cell by cell (_rows), converted by segments.
        patch.setattr(delimited, "_FAST", False)
        if name == "csv":  # the guess must not depend on the cut: name the delimiter
            patch.setattr(delimited, "_guess_delimiter", lambda text: ",")
        whole = _outcome(lambda: [fmt.convert_text(text, TR, options)])
        patch.setattr(delimited, "_FAST", True)
        patch.setattr(delimited, "_PIECE", 8)  # cut as often as possible
        patch.setattr(delimited, "_GUESS_LINES", 2)
        streamed = _outcome(lambda: fmt.stream_text(_cut(text, sizes), TR, options))
    assert streamed == whole


def test_a_broken_row_is_reported_at_its_line_in_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(delimited, "_PIECE", 8)
    text = "a,b\n" + "Шаҳар,қишлоқ\n" * 50 + 'x,"never closed\n' + "a,b\n" * 3
    fmt = format_for("data.csv")
    with pytest.raises(FormatError, match="line 52, column 3: quoted cell is never closed"):
        "".join(fmt.stream_text(_cut(text, [10] * 200), TR, FormatOptions()))


def test_a_broken_row_stops_the_stream_early() -> None:
    # Text after a closing quote cannot be mended by more input: the error comes before
    # the rest of the input is read (here: never, it is endless).
    def endless() -> Iterator[str]:
        yield 'a,b\n"x"y,1\n'
        while True:
            yield "Шаҳар,қишлоқ\n" * 1000

    fmt = format_for("data.csv")
    with pytest.raises(FormatError, match="line 2, column 4: unexpected text after a closing"):
        "".join(fmt.stream_text(endless(), TR, FormatOptions()))


def _peak(fmt_name: str, row: str, copies: int) -> int:
    fmt = format_for(None, fmt_name)

    def chunks() -> Iterator[str]:
        yield "id,matn\n" if fmt_name == "csv" else ""
        for _ in range(copies):
            yield row * 100

    tracemalloc.start()
    try:
        columns = ("matn",) if fmt_name == "csv" else None
        for _ in fmt.stream_text(chunks(), TR, FormatOptions(columns=columns)):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize(
    ("name", "row"),
    [
        ("csv", '1,"Ўзбекистон Республикаси, Тошкент шаҳри"\n'),
        ("jsonl", '{"id": 1, "matn": "Ўзбекистон Республикаси, Тошкент шаҳри"}\n'),
    ],
)
def test_memory_does_not_grow_with_the_input(
    name: str, row: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 1x and 8x the input (0.15 and 1.2 MB, pieces of 32 Ki characters; tracemalloc is
    # slow): the peak stays that of a few pieces.
    monkeypatch.setattr(delimited, "_PIECE", 1 << 15)
    monkeypatch.setattr(jsonlines, "_PIECE", 1 << 15)
    small, large = _peak(name, row, 25), _peak(name, row, 200)
    assert large < 1.5 * small, (small, large)


def test_a_header_whose_quote_is_never_closed_is_an_error_whole_and_streamed() -> None:
    # Not the whole file kept as one endless header row (hypothesis found the whole text
    # and the stream disagreeing on this).
    text = 'a,b,",\r,\r\r'
    fmt = format_for(None, "csv")
    with pytest.raises(FormatError, match="line 1, column 5: quoted cell is never closed"):
        fmt.convert_text(text, TR, FormatOptions())
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(delimited, "_PIECE", 8)
        patch.setattr(delimited, "_GUESS_LINES", 2)
        with pytest.raises(FormatError, match="quoted cell is never closed"):
            "".join(fmt.stream_text(_cut(text, [3, 3]), TR, FormatOptions()))
