"""The engine on made-up tables: what it promises holds for any table, not only for the
shipped ones (longest match, first rule wins a tie, contexts on the source, capitals,
a set as the source, and never converting what a rule wrote)."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from translit.core import tables
from translit.core.engine import DECOMPOSED, Engine, EngineError, compose
from translit.core.rules import parse_table


def convert(table: str, text: str) -> str:
    return Engine(parse_table(table, "made-up.rules"))(text)


# (table, input, expected)
CASES = [
    ("a -> x\nb -> y", "ab ba", "xy yx"),
    ("ab -> z\na -> x\nb -> y", "ab ba", "z yx"),  # longest source wins
    ("ab -> z\nabc -> w\na -> x", "abc ab", "w z"),
    ("e -> ye / # _\ne -> e", "ee e", "yee ye"),  # a context on the source
    ("@class V = a o\ne -> ye / V _\ne -> e", "aee oe e", "ayee oye e"),
    ("e -> 1 / _ a\ne -> 2 / _ L\ne -> 3", "ea eb e", "1a 2b 3"),  # first rule wins a tie
    ("e -> ye / # _\ne -> e\nb -> ∅", "be", "e"),  # contexts see the source, not output
    ("[xyz] -> q / # _\nx -> k", "xa ya za ax", "qa qa qa ak"),
    ("@class Q = x y\nQ -> k / _ #", "xx yy", "xk yk"),
    ("ш -> sh\nа -> a", "Ш ШАШ Шаш", "Sh SHASH Shash"),  # capitals derived (rule E)
    # A letter a rule keeps as it is still stops the rules after it (not matched, for
    # speed: see Engine._compile_patterns), and other letters keep their rules.
    ("x -> x / a _\nx -> y / _ L\nx -> z / L _", "axb cxb ax cx x", "axb cyb ax cz x"),
    ("ʻ -> ʻ / o _\n[ʻ'] -> ʼ / L _", "oʻ aʻ o' a'", "oʻ aʼ oʼ aʼ"),
    ("x -> x / _ a\nxa -> q", "xa xb", "q xb"),  # a longer source still comes first
]


@pytest.mark.parametrize(("table", "text", "expected"), CASES)
def test_made_up_tables(table: str, text: str, expected: str) -> None:
    assert convert(table, text) == expected


# A rule whose output a plain letter rule would convert again cannot be compiled.
CONFLICTS = [
    ("ab -> c\nc -> d", ("made-up.rules:1", "'ab -> c'", "'c -> d' on line 2")),
    ("a -> b / # _\nb -> c", ("made-up.rules:1", "'a -> b / # _'", "'b -> c' on line 2")),
    ("[xy] -> ʻ / o _\nʻ -> ʼ", ("'[xy] -> ʻ / o _'", "'ʻ -> ʼ' on line 2")),
    ("ab -> C\nc -> d", ("'ab -> C'", "'c -> d'")),  # a capital converts as its letter does
    # The all-caps spelling of a long target (B -> BB inside BOB) is written by the
    # pattern pass; the letter pass would make it BbBb.
    ("b -> bb", ("made-up.rules:1", "'b -> bb' on line 1")),
]


@pytest.mark.parametrize(("table", "words"), CONFLICTS)
def test_reconverting_a_rule_output_is_an_error(table: str, words: tuple[str, ...]) -> None:
    with pytest.raises(EngineError) as info:
        Engine(parse_table(table, "made-up.rules"))
    for word in words:
        assert word in str(info.value)


def test_a_letter_mapped_to_itself_may_follow_a_rule_that_writes_it() -> None:
    assert convert("ab -> c\nc -> c\nd -> e", "ab cd") == "c ce"


def test_a_plain_turned_comma_rule_in_the_apostrophe_reader_is_refused() -> None:
    # The case of issue 12: a plain ʻ -> ʼ line would have turned oʻzbek into oʼzbek.
    from pathlib import Path

    import translit

    path = Path(translit.__file__).parent / "data" / "latin-apostrophes.rules"
    text = path.read_text("utf-8") + "\nʻ -> ʼ\n"
    with pytest.raises(EngineError, match="'ʻ -> ʼ' on line"):
        Engine(parse_table(text, "latin-apostrophes.rules"))


def test_input_private_use_characters_pass_through() -> None:
    # The letter pass writes placeholders (U+E000...) for long targets; a text that holds
    # such characters itself keeps them.
    assert convert("ш -> sh\nx -> \ue000", "\ue000ш") == "\ue000sh"
    assert convert("ш -> sh\nx -> \ue000", "\ue000шx") == "\ue000sh\ue000"


_MARKED = "аўиЙxΓ\u0306\u0301\u0300\u036f\u0370\u0308 \n\ud800🎉"


@given(st.text(st.sampled_from(_MARKED), max_size=40))
def test_compose_is_nfc_of_each_decomposed_cyrillic_letter(text: str) -> None:
    # The definition: DECOMPOSED (a Cyrillic letter and its marks) in NFC.
    expected = DECOMPOSED.sub(lambda m: unicodedata.normalize("NFC", m[0]), text)
    assert compose(text) == expected


@given(st.text(st.sampled_from("шцеиЕЦaя\u00ad\u0301\u200c\x00 \n\t"), max_size=60))
def test_a_text_converts_as_its_tokens_do_alone(text: str) -> None:
    # Contexts never look across whitespace: converting a whole text (with invisible
    # marks, converted in one pass around them) equals converting each token alone.
    engine = tables.engine("cyrillic-latin", "unicode")
    pieces = re.split(r"(\s+)", text)
    assert engine(text) == "".join(engine(p) if p.strip() else p for p in pieces)


def test_marked_tokens_when_a_rule_writes_a_space() -> None:
    # Tokens with a soft hyphen are converted together, joined by spaces; a rule that
    # writes a space must not shift one token's output onto another. Each token is its
    # letters converted, the mark after the output of the letters before it.
    assert convert("a -> x y\nb -> z", "a\u00adb b\u00ada") == "x y\u00adz z\u00adx y"


# --------------------------------------------------------------------------- the pattern's shape


def _top_level_alternatives(pattern: str) -> list[str]:
    """The alternatives of ``pattern`` at the top level (not inside a group or class)."""
    parts, start, depth, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]":  # a ] first in a class is a member
                i += 1
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _starts_with_literal(alternative: str) -> bool:
    if alternative[0] == "\\":
        return alternative[1] not in "sSwWdDbBAZ0123456789"
    return alternative[0] not in "([.^$"


def _engine(name):
    if name.startswith("scheme:"):
        from translit.core.schemes import cyrillic_engine

        return cyrillic_engine(name[7:])
    return tables.engine(name)


@pytest.mark.parametrize(
    "name",
    [
        "cyrillic-latin",
        "latin-cyrillic",
        "latin-apostrophes",
        "scheme:latin-2021",
        "scheme:latin-2023",
        "scheme:latin-2026",
    ],
)
def test_pattern_pass_can_skip_to_candidates(name):
    # re searches at C speed for the characters a match may start with only when each
    # top-level alternative starts with a literal, or the whole pattern is one class and
    # what follows it. A class at the head of one alternative among others makes it try
    # every position (seen: to_latin cold 7x -> 3x ICU), so the engine must not write one.
    pattern = _engine(name)._pattern_re.pattern
    alternatives = _top_level_alternatives(pattern)
    if len(alternatives) == 1 and pattern.startswith("["):
        return
    odd = [a[:40] for a in alternatives if not _starts_with_literal(a)]
    assert not odd, odd


def test_top_level_alternatives_helper():
    assert _top_level_alternatives(r"a(?:b|c)|[|\]]d|\|e") == ["a(?:b|c)", r"[|\]]d", r"\|e"]
    assert _top_level_alternatives("[ab](?:(?<=a)x|(?<=b)y)") == ["[ab](?:(?<=a)x|(?<=b)y)"]
