"""The rule-file parser: every typo is a RuleError naming the file and line, and a set
or a class as the source stands for each of its members."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from translit.core import rules
from translit.core.rules import RuleError, load_table, parse_table, shared_class

# (rule file text, the line the error must name, words the message must contain)
ERRORS = [
    ("@class V a e i", 1, "expected '@class NAME"),
    ("@class v = a e", 1, "expected '@class NAME"),
    ("@class L = a e", 1, "built in"),
    ("@class V = a e\n@class V = o u", 2, "defined twice"),
    ("@class Apostrophe = ' ’", 1, "shared"),
    ("@class V =", 1, "no members"),
    ("@class V = ae i", 1, "single characters"),
    ("a b", 1, "expected 'source -> target"),
    ("@class Q = a\na -> b", 2, "classes only"),
    ("a -> b / c d", 1, "exactly one '_'"),
    ("a -> b / _ c _", 1, "exactly one '_'"),
    ("a b -> c", 1, "one word"),
    ("Ш -> sh", 1, "lower case"),
    ("[aB] -> c", 1, "lower case"),
    ("Sh -> ш", 1, "unknown class 'Sh'"),
    ("@class V = a e\nW -> x", 2, "unknown class 'W'"),
    ("o[ʻ‘] -> oʻ", 1, "whole source"),
    ("@class V = a e\ne -> э / W _", 2, "unknown class 'W'"),
    ("e -> э / _ W", 1, "unknown class 'W'"),
    ("e -> э / _ vowels", 1, "unknown context item"),
    ("e -> э / VOW _", 1, "unknown class 'VOW'"),
    ("a -> b\nb -> c\na -> d", 3, "second rule for 'a'"),
    ("e -> э / # _\ne -> e\ne -> ye / # _", 3, "line 1"),
    ("[ab] -> x / _ #\nb -> y / _ #", 2, "second rule for 'b'"),
    ("Apostrophe -> ʼ / L _ L\n' -> ʼ / L _ L", 2, "second rule for \"'\""),
]


@pytest.mark.parametrize(("text", "line", "words"), ERRORS)
def test_each_typo_is_an_error_with_file_and_line(text: str, line: int, words: str) -> None:
    name = "classes.rules" if "classes only" in words else "made-up.rules"
    with pytest.raises(RuleError) as info:
        parse_table(text, name)
    message = str(info.value)
    assert message.startswith(f"{name}:{line}: "), message
    assert words in message, message


def test_every_rule_error_of_the_parser_has_a_row() -> None:
    # The fixed words that start each RuleError message in rules.py must start the
    # message of a row above, so a new error cannot be added without a test.
    text = Path(rules.__file__).read_text("utf-8")
    starts = re.findall(r'raise RuleError\(\s*f"\{where\}: ([^"{]+)', text)
    assert len(starts) >= 15
    messages = []
    for text, _, words in ERRORS:
        with pytest.raises(RuleError) as info:
            parse_table(text, "classes.rules" if "classes only" in words else "t.rules")
        messages.append(str(info.value))
    for start in starts:
        assert any(start in m for m in messages), f"no row in ERRORS raises {start.strip()!r}"


def test_the_shared_file_holds_classes_only() -> None:
    table = load_table("classes.rules")
    assert table.classes and not table.rules


def test_a_context_class_is_not_a_letter() -> None:
    # A single capital used to be read as that letter; now it must be a class.
    table = parse_table("@class V = a e\ne -> э / V _", "t.rules")
    assert table.rules[0].left == ("V",)


def test_single_characters_in_a_context_are_letters() -> None:
    table = parse_table("e -> э / o ʻ _", "t.rules")
    assert table.rules[0].left == ("o", "ʻ")


def test_a_set_as_the_source_gives_one_rule_per_member() -> None:
    table = parse_table("[ʻ‘’] -> ʼ / L _ L  # three marks", "t.rules")
    assert [r.source for r in table.rules] == ["ʻ", "‘", "’"]
    assert {(r.target, r.left, r.right, r.line, r.group) for r in table.rules} == {
        ("ʼ", ("L",), ("L",), 1, "[ʻ‘’]")
    }
    assert str(table.rules[0]) == "[ʻ‘’] -> ʼ / L _ L"


def test_a_class_as_the_source_gives_one_rule_per_member() -> None:
    table = parse_table("@class Q = x y\nQ -> z / # _", "t.rules")
    assert sorted(r.source for r in table.rules) == ["x", "y"]
    assert {r.group for r in table.rules} == {"Q"}


def test_a_shared_class_is_usable_and_listed_with_the_table() -> None:
    table = parse_table("Apostrophe -> ʼ / L _ L\nb -> c / _ Consonant", "t.rules")
    assert set(table.classes) == {"Apostrophe", "Consonant"}
    assert {r.source for r in table.rules if r.line == 1} == shared_class("Apostrophe")


def test_the_apostrophe_set_is_one_fact() -> None:
    # The reader of every Latin alphabet knows the same marks; the Unicode ones too.
    marks = shared_class("Apostrophe")
    assert {"'", "\u2018", "\u2019", "`", "\u02bb", "\u02bc", "\u02be", "\u02bf"} <= marks
    assert shared_class("Consonant") == frozenset("bdfghjklmnpqrstvxyz")


def test_the_quotation_apostrophes_are_the_apostrophes_but_the_modifier_letters() -> None:
    quotes, marks = shared_class("QuoteApostrophe"), shared_class("Apostrophe")
    assert quotes < marks
    assert marks - quotes == {"\u02bb", "\u02bc", "\u02be", "\u02bf"}


def test_the_consonants_are_uzbek_letters() -> None:
    letters = shared_class("UzbekLetter")
    assert shared_class("Consonant") == letters - set("aeiou")
    assert shared_class("LatinLetter") == letters | {"c", "w", "\u02bb", "\u02bc"}
