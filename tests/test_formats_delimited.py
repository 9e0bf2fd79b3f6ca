"""CSV and TSV: cells converted in place; delimiter, quoting and line endings kept."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

import translit
from translit.formats import FormatError, FormatOptions, format_for

TO_LATIN = translit.Transliterator("cyrillic", "latin")
CSV = format_for("t.csv")
TSV = format_for("t.tsv")


def latin(text: str, columns: tuple[str, ...] | None = None, fmt: object = CSV) -> str:
    # Most tests here are about reading cells, the first row's too: without columns the
    # header is converted (with them, it names the columns and is kept, the default).
    header = "convert" if columns is None else "keep"
    assert fmt is CSV or fmt is TSV
    return fmt.convert_text(text, TO_LATIN, FormatOptions(columns=columns, csv_header=header))


def test_header_is_kept_by_default_like_json_keys() -> None:
    # issue 15: id,url must not become ид,урл; --csv-header convert converts it.
    tr = translit.Transliterator("latin", "cyrillic")
    source = "id,url,Shahar\n1,kun.uz,Toshkent\n"
    assert CSV.convert_text(source, tr, FormatOptions()) == "id,url,Shahar\n1,kun.uz,Тошкент\n"
    converted = CSV.convert_text(source, tr, FormatOptions(csv_header="convert"))
    assert converted == "ид,урл,Шаҳар\n1,kun.uz,Тошкент\n"
    assert TSV.convert_text("Shahar\nShahar\n", tr, FormatOptions()) == "Shahar\nШаҳар\n"
    # --columns names the columns as the file has them, whether or not the header converts.
    both = FormatOptions(columns=("Shahar",), csv_header="convert")
    assert CSV.convert_text(source, tr, both) == "id,url,Шаҳар\n1,kun.uz,Тошкент\n"
    with pytest.raises(ValueError, match="csv_header"):
        FormatOptions(csv_header="drop")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("a,b\nШаҳар,тоғ\n", "a,b\nShahar,togʻ\n"),
        ("a;b\r\n\"Шаҳар; тоғ\";\"\"\"тоғ\"\"\"\r\n",
         "a;b\r\n\"Shahar; togʻ\";\"\"\"togʻ\"\"\"\r\n"),
        ('"a"|"b"\n"Шаҳар"|"тоғ\nбоғ"', '"a"|"b"\n"Shahar"|"togʻ\nbogʻ"'),
        ("Шаҳар,,тоғ,\n,\n", "Shahar,,togʻ,\n,\n"),
        ("Шаҳар\rтоғ\r", "Shahar\rtogʻ\r"),
        ("x,https://шаҳар.uz,тоғ \"боғ\"\n", "x,https://шаҳар.uz,togʻ \"bogʻ\"\n"),
    ],
)
def test_csv(source: str, expected: str) -> None:
    assert latin(source) == expected


def test_tsv_has_no_quoting() -> None:
    source = 'Шаҳар\t"тоғ\tбоғ"\n'
    assert latin(source, fmt=TSV) == 'Shahar\t"togʻ\tbogʻ"\n'


def test_columns_by_header_name_header_kept() -> None:
    source = "id,Исм,Шаҳар\n1,Бобур,Тошкент\n2,\"Ҳ, Ғ\",Бухоро\n"
    assert latin(source, columns=("Шаҳар",)) == (
        "id,Исм,Шаҳар\n1,Бобур,Toshkent\n2,\"Ҳ, Ғ\",Buxoro\n"
    )
    assert latin(source, columns=("Исм", " Шаҳар ")) == (
        "id,Исм,Шаҳар\n1,Bobur,Toshkent\n2,\"H, Gʻ\",Buxoro\n"
    )


def test_unknown_column_is_an_error() -> None:
    with pytest.raises(FormatError, match="no column named 'Йўқ'") as info:
        latin("a,b\n1,2\n", columns=("Йўқ",))
    assert info.value.line == 1


@pytest.mark.parametrize(
    ("source", "line", "column"),
    [
        ('a,b\n"Шаҳар,тоғ\n', 2, 1),
        ('a,"b"c\n', 1, 6),
    ],
)
def test_malformed_csv(source: str, line: int, column: int) -> None:
    with pytest.raises(FormatError) as info:
        latin(source)
    assert (info.value.line, info.value.column) == (line, column)


_cell = st.text(alphabet='шаҳрқтоғ ЎАҚ,;"\n', max_size=8)


@given(
    st.lists(st.lists(_cell, min_size=3, max_size=3), min_size=1, max_size=5),
    st.sampled_from([",", ";"]),
    st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    st.sampled_from(["\r\n", "\n"]),
)
def test_output_reads_as_the_converted_cells(rows: list[list[str]], delimiter: str,
                                             quoting: int, terminator: str) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator=terminator).writerows(
        [["id", "x", "y"], *rows]
    )
    source = buffer.getvalue()
    out = CSV.convert_text(source, TO_LATIN, FormatOptions())
    read = list(csv.reader(io.StringIO(out, newline=""), delimiter=delimiter))
    assert read == [["id", "x", "y"], *[[TO_LATIN(c) for c in row] for row in rows]]


def test_excel_sep_line_names_the_delimiter_and_is_not_the_header() -> None:
    source = "sep=;\r\nИсм;Шаҳар\r\nБобур;Тошкент, Бухоро\r\n"
    assert latin(source, columns=("Шаҳар",)) == "sep=;\r\nИсм;Шаҳар\r\nБобур;Toshkent, Buxoro\r\n"
    assert latin(source) == "sep=;\r\nIsm;Shahar\r\nBobur;Toshkent, Buxoro\r\n"


def test_header_with_byte_order_mark_matches_columns() -> None:
    assert latin("\ufeffШаҳар,б\nТошкент,тоғ\n", columns=("Шаҳар",)) == (
        "\ufeffШаҳар,б\nToshkent,тоғ\n"
    )
