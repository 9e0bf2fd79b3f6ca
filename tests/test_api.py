"""The public API of issue 2: names, signatures, errors and detect_script.

These are the promises users write code against; a rename, a positional-only
argument that becomes positional-or-keyword, or a new default must show up here.
"""

from __future__ import annotations

import inspect
import typing
from collections.abc import Iterable, Iterator

import pytest

import translit

PUBLIC = {
    "APOSTROPHE_STYLES", "OPTIONS", "SCRIPTS", "Detection", "MissingExtraError",
    "TranslitError", "Transliterator", "detect", "detect_script", "to_cyrillic", "to_latin",
}


def _params(func: object) -> list[tuple[str, object, object]]:
    sig = inspect.signature(func)  # type: ignore[arg-type]
    return [(p.name, p.kind, p.default) for p in sig.parameters.values()]


P_OR_K = inspect.Parameter.POSITIONAL_OR_KEYWORD
KW_ONLY = inspect.Parameter.KEYWORD_ONLY
VAR_KW = inspect.Parameter.VAR_KEYWORD
EMPTY = inspect.Parameter.empty


def test_public_names() -> None:
    assert set(translit.__all__) >= PUBLIC
    for name in translit.__all__:
        assert hasattr(translit, name), name
    assert isinstance(translit.__version__, str)


def test_to_latin_signature() -> None:
    assert _params(translit.to_latin) == [
        ("text", P_OR_K, EMPTY), ("apostrophe", KW_ONLY, "unicode"), ("keep", KW_ONLY, ()),
        ("lexicon", KW_ONLY, ()),
    ]
    hints = typing.get_type_hints(translit.to_latin)
    assert hints["text"] is str and hints["apostrophe"] is str and hints["return"] is str
    assert hints["keep"] == Iterable[str]


def test_to_cyrillic_signature() -> None:
    # The same options both ways (issue 15); apostrophe only shapes Latin output.
    assert _params(translit.to_cyrillic) == [
        ("text", P_OR_K, EMPTY), ("keep", KW_ONLY, ()), ("lexicon", KW_ONLY, ()),
    ]
    assert typing.get_type_hints(translit.to_cyrillic)["return"] is str


def test_detect_script_signature() -> None:
    assert _params(translit.detect_script) == [("text", P_OR_K, EMPTY)]
    assert typing.get_type_hints(translit.detect_script) == {"text": str, "return": str}


def test_transliterator_signature() -> None:
    assert _params(translit.Transliterator) == [
        ("source", P_OR_K, EMPTY), ("target", P_OR_K, EMPTY), ("options", VAR_KW, EMPTY),
    ]
    hints = typing.get_type_hints(translit.Transliterator.stream)
    assert hints["chunks"] == Iterable[str]
    assert hints["return"] == Iterator[str]


def test_docstrings() -> None:
    for name in PUBLIC - {"APOSTROPHE_STYLES", "OPTIONS", "SCRIPTS"}:
        assert inspect.getdoc(getattr(translit, name)), name
    assert inspect.getdoc(translit.Transliterator.stream)


def test_constants() -> None:
    assert translit.SCRIPTS == ("cyrillic", "latin", "latin-2021", "latin-2023", "latin-2026")
    assert translit.APOSTROPHE_STYLES == {
        "unicode": ("\u02bb", "\u02bc"),
        "ascii": ("'", "'"),
        "typographic": ("\u2018", "\u2019"),
    }
    assert set(translit.OPTIONS) == {"apostrophe", "keep", "lexicon"}
    assert translit.OPTIONS["apostrophe"] == "unicode"


def test_to_latin_and_transliterator_agree() -> None:
    text = "Тошкент-Ереван, Исҳоқ, ЎзР\r\n"
    tr = translit.Transliterator("cyrillic", "latin")
    assert translit.to_latin(text) == tr(text) == "Toshkent-Yerevan, Isʼhoq, OʻzR\r\n"
    assert tr.source == "cyrillic" and tr.target == "latin"
    assert "cyrillic" in repr(tr) and "latin" in repr(tr)


def test_transliterator_positional_and_keyword_arguments() -> None:
    tr = translit.Transliterator(source="cyrillic", target="latin", apostrophe="ascii")
    assert tr("ўғил") == "o'g'il"


def test_stream_is_lazy_iterator() -> None:
    tr = translit.Transliterator("cyrillic", "latin")
    out = tr.stream(iter(["шаҳар ", "қиш"]))
    assert isinstance(out, Iterator)
    assert "".join(out) == "shahar qish"
    assert list(tr.stream([])) == []
    assert "".join(tr.stream(["", "ер", "", ""])) == "yer"


def test_stream_yields_before_the_input_ends() -> None:
    # A consumer of a long stream must get output without waiting for the last chunk.
    tr = translit.Transliterator("cyrillic", "latin")

    def chunks() -> Iterator[str]:
        yield "шаҳар ва қишлоқ\n"
        raise AssertionError("read past the first chunk before yielding")

    first = next(tr.stream(chunks()))
    assert first and "shahar va qishloq\n".startswith(first)


def test_empty_text() -> None:
    assert translit.to_latin("") == ""
    assert translit.Transliterator("cyrillic", "latin")("") == ""


@pytest.mark.parametrize("bad", [None, b"\xd1\x88", 42, ["шаҳар"]])
def test_non_string_input_is_a_type_error(bad: object) -> None:
    with pytest.raises(TypeError):
        translit.to_latin(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        translit.Transliterator("cyrillic", "latin")(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("cyrillic", "cyrillic", "cyrillic"),
        ("latin", "latin", "latin"),
        ("cyrl", "latin", "cyrillic, latin"),
        ("cyrillic", "", "cyrillic, latin"),
    ],
)
def test_bad_scripts(source: str, target: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        translit.Transliterator(source, target)


@pytest.mark.parametrize("keep", ["Тошкент", 5])
def test_keep_must_be_an_iterable_of_words(keep: object) -> None:
    with pytest.raises(ValueError, match="keep"):
        translit.Transliterator("cyrillic", "latin", keep=keep)


def test_keep_option_in_cyrillic_text() -> None:
    tr = translit.Transliterator("cyrillic", "latin", keep=["Тошкент"])
    assert tr("Тошкент шаҳри") == "Тошкент shahri"


def test_value_errors_are_value_errors_not_translit_errors() -> None:
    # Bad arguments are ValueError, as Python users expect (errors.py).
    with pytest.raises(ValueError) as info:
        translit.to_latin("ер", apostrophe="smart")
    assert not isinstance(info.value, translit.TranslitError)


def test_error_classes() -> None:
    assert issubclass(translit.MissingExtraError, translit.TranslitError)
    assert issubclass(translit.MissingExtraError, ImportError)
    err = translit.MissingExtraError("needs docx", extra="docx")
    assert err.extra == "docx" and "docx" in str(err)
    with pytest.raises(translit.MissingExtraError, match=r"uz-translit\[nosuch\]"):
        translit.MissingExtraError.require("translit_no_such_module", "X", "nosuch", "nosuch")


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("Тошкент шаҳрида бугун ҳаво очиқ бўлади.", "cyrillic"),
        ("ЎЗБЕКИСТОН", "cyrillic"),
        ("Ўзбекистон Республикаси Президенти Telegram каналида маълум қилди", "cyrillic"),
        ("Toshkent shahrida bugun havo ochiq boʻladi.", "latin"),
        ("Oʻzbekiston", "latin"),
        ("Hello, world!", "latin"),
        ("Салом, Toshkent!", "mixed"),
        ("Привет мир hello world", "mixed"),
        ("", "unknown"),
        ("12345 !!! — 2024", "unknown"),
        ("🎉👍", "unknown"),
        ("Ελληνικά 中文", "unknown"),
    ],
)
def test_detect_script(text: str, script: str) -> None:
    assert translit.detect_script(text) == script
    assert translit.detect(text).script == script


def test_detect_details() -> None:
    d = translit.detect("Тошкент шаҳри")
    assert isinstance(d, translit.Detection)
    assert d.letters == 12
    assert d.confidence == 1.0
    assert d.shares["cyrillic"] == 1.0 and d.shares["latin"] == 0.0
