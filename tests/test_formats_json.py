"""JSON: string values converted in place; keys, numbers, layout and escapes kept."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

import translit
from translit.formats import FormatError, FormatOptions, format_for

TO_LATIN = translit.Transliterator("cyrillic", "latin")
JSON = format_for("data.json")


def latin(text: str, keys: bool = False) -> str:
    return JSON.convert_text(text, TO_LATIN, FormatOptions(json_keys=keys))


def test_values_not_keys_by_default() -> None:
    assert latin('{"шаҳар": "Тошкент"}') == '{"шаҳар": "Toshkent"}'
    assert latin('{"шаҳар": "Тошкент"}', keys=True) == '{"shahar": "Toshkent"}'


def test_layout_numbers_and_key_order_kept() -> None:
    source = '{\n\t"b" :1.50,"a":[ 1E+2 , -0 ,"тоғ"] ,\n "b":"тоғ"}\n'
    assert latin(source) == '{\n\t"b" :1.50,"a":[ 1E+2 , -0 ,"togʻ"] ,\n "b":"togʻ"}\n'


def test_escaped_letters_stay_escaped_and_literal_stay_literal() -> None:
    escaped = json.dumps({"k": "Ўзбек шаҳар"})  # ensure_ascii: all \\u escapes
    out = latin(escaped)
    assert out.isascii()
    assert json.loads(out) == {"k": "Oʻzbek shahar"}
    literal = json.dumps({"k": "Ўзбек"}, ensure_ascii=False)
    assert latin(literal) == '{"k": "Oʻzbek"}'


def test_escape_inside_a_word_is_converted_with_the_word() -> None:
    assert latin('"АҚ\\u0428"') == '"AQSH"'


def test_other_escapes_kept_as_written() -> None:
    source = r'"\"Шаҳар\"\n\t\/\u00a0\ud83d\ude00 тоғ\\"'
    assert latin(source) == r'"\"Shahar\"\n\t\/\u00a0\ud83d\ude00 togʻ\\"'


def test_scalars_and_empty_containers() -> None:
    for source in ("true", " null ", "-1.5e-3", "[]", "{}", '""', "[[], {}]"):
        assert latin(source) == source


@pytest.mark.parametrize(
    ("source", "line", "column"),
    [
        ("", 1, 1),
        ('{"a": "тоғ"', 1, 12),
        ('{"a" "тоғ"}', 1, 6),
        ('{"a": "тоғ",}', 1, 13),
        ("[1, 2,\n 3 4]", 2, 4),
        ('{"a": "тоғ\n"}', 1, 11),
        ('"тоғ', 1, 1),
        ('"\\x"', 1, 2),
        ('"\\u12"', 1, 2),
        ("[01]", 1, 3),
        ("{a: 1}", 1, 2),
        ("[1] [2]", 1, 5),
        ("[True]", 1, 2),
    ],
)
def test_malformed_json(source: str, line: int, column: int) -> None:
    with pytest.raises(FormatError) as info:
        latin(source)
    assert (info.value.line, info.value.column) == (line, column)


def test_deep_nesting_does_not_recurse() -> None:
    source = "[" * 5000 + '"тоғ"' + "]" * 5000
    assert latin(source) == "[" * 5000 + '"togʻ"' + "]" * 5000


_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet="шаҳрқтоғ ЎАҚ\"\\\n\t/é😀", max_size=12),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(alphabet="абвq", max_size=3), children, max_size=4),
    max_leaves=12,
)


@given(_values, st.booleans(), st.sampled_from([None, 2, "\t"]))
def test_output_is_json_of_converted_strings(value: object, ascii_only: bool,
                                             indent: int | str | None) -> None:
    """Whatever json.dumps writes, the output parses to the same data with strings
    converted, and non-string tokens stay where they were."""
    source = json.dumps(value, ensure_ascii=ascii_only, indent=indent)
    out = latin(source)

    def convert(node: object) -> object:
        if isinstance(node, str):
            return TO_LATIN(node)
        if isinstance(node, list):
            return [convert(item) for item in node]
        if isinstance(node, dict):
            return {key: convert(item) for key, item in node.items()}
        return node

    assert json.loads(out) == convert(json.loads(source))
    if ascii_only:
        assert out.isascii()


def test_leading_byte_order_mark_is_allowed_and_kept() -> None:
    assert latin('\ufeff["тоғ"]') == '\ufeff["togʻ"]'
