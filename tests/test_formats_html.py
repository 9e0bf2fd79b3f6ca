"""HTML format: what is converted, what is kept byte for byte, and round trips."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import translit
from translit.formats import FormatError, FormatOptions, format_for

TO_LATIN = translit.Transliterator("cyrillic", "latin")
TO_CYRILLIC = translit.Transliterator("latin", "cyrillic")
HTML = format_for("page.html")


def latin(text: str, tr: translit.Transliterator = TO_LATIN) -> str:
    return HTML.convert_text(text, tr, FormatOptions())


def cyrillic(text: str) -> str:
    return HTML.convert_text(text, TO_CYRILLIC, FormatOptions())


def test_extensions() -> None:
    for name in ("a.html", "a.HTM", "a.xhtml"):
        assert format_for(name) is HTML


def test_word_split_by_inline_tags_is_converted_as_one_word() -> None:
    # Alone, "Ш" is "Sh"; inside the upper-case word "АҚШ" it must be "SH".
    assert latin("<p><b>Ш</b>аҳар АҚ<i>Ш</i></p>") == "<p><b>Sh</b>ahar AQ<i>SH</i></p>"
    assert latin("<p>Ис<b>ҳоқ</b></p>") == "<p>Isʼ<b>hoq</b></p>"


def test_block_tags_end_the_word() -> None:
    # Across <p> the pieces are two words: "Ш" alone gives "Sh", not "SH".
    assert latin("<p>АҚ</p><p>Ш</p>") == "<p>AQ</p><p>Sh</p>"


def test_comments_doctype_and_entities_are_kept() -> None:
    page = "<!DOCTYPE html><!-- Шаҳар --><p>Тош&nbsp;кент &amp; &laquo;боғ&raquo; &#169;</p>"
    assert latin(page) == (
        "<!DOCTYPE html><!-- Шаҳар --><p>Tosh&nbsp;kent &amp; &laquo;bogʻ&raquo; &#169;</p>"
    )


def test_entity_of_a_converted_letter_is_written_plainly() -> None:
    assert latin("<p>&#1064;аҳар &#x428;аҳар</p>") == "<p>Shahar Shahar</p>"


def test_unknown_entity_is_kept() -> None:
    assert latin("<p>&foo; шаҳар AT&T</p>") == "<p>&foo; shahar AT&T</p>"


def test_no_text_elements() -> None:
    page = (
        "<script>var s = 'Шаҳар';</script><style>a::after{content:'Шаҳар'}</style>"
        "<pre>Шаҳар <b>Шаҳар</b></pre><code>Шаҳар</code><kbd>Шаҳар</kbd><samp>Шаҳар</samp>"
        "<p>Шаҳар</p>"
    )
    expected = page.replace("<p>Шаҳар</p>", "<p>Shahar</p>")
    assert latin(page) == expected


def test_translate_no_is_inherited_until_translate_yes() -> None:
    page = (
        '<div translate="no" title="Шаҳар">Шаҳар <span title="Шаҳар">Шаҳар</span>'
        '<p translate="yes" title="Шаҳар">Шаҳар</p>Шаҳар</div><p>Шаҳар</p>'
    )
    assert latin(page) == (
        '<div translate="no" title="Шаҳар">Шаҳар <span title="Шаҳар">Шаҳар</span>'
        '<p translate="yes" title="Shahar">Shahar</p>Шаҳар</div><p>Shahar</p>'
    )


def test_human_attributes_only_and_attribute_order_kept() -> None:
    page = (
        '<img alt="Шаҳар" src="шаҳар.png" title=\'Шаҳар\' data-x="Шаҳар">'
        '<input placeholder=Шаҳар value="Шаҳар" aria-label="Шаҳар">'
        '<a href="https://шаҳар.uz">Шаҳар</a>'
    )
    assert latin(page) == (
        '<img alt="Shahar" src="шаҳар.png" title=\'Shahar\' data-x="Шаҳар">'
        '<input placeholder=Shahar value="Шаҳар" aria-label="Shahar">'
        '<a href="https://шаҳар.uz">Shahar</a>'
    )


def test_visible_labels_and_button_values() -> None:
    page = (
        '<input type="submit" value="Юбориш"><input type="text" value="Юбориш">'
        '<select><optgroup label="Шаҳар"><option label="Тоғ" value="тоғ">Тоғ</option>'
        '</optgroup></select><track label="Ўзбек" src="uz.vtt"><a label="Тоғ">x</a>'
    )
    assert latin(page) == (
        '<input type="submit" value="Yuborish"><input type="text" value="Юбориш">'
        '<select><optgroup label="Shahar"><option label="Togʻ" value="тоғ">Togʻ</option>'
        '</optgroup></select><track label="Oʻzbek" src="uz.vtt"><a label="Тоғ">x</a>'
    )


def test_meta_description_but_not_other_meta() -> None:
    page = (
        '<meta name="description" content="Шаҳар"><meta name="author" content="Бобур">'
        '<meta property="og:title" content="Шаҳар">'
    )
    assert latin(page) == (
        '<meta name="description" content="Shahar"><meta name="author" content="Бобур">'
        '<meta property="og:title" content="Shahar">'
    )


def test_ascii_apostrophe_is_escaped_inside_a_quoted_attribute() -> None:
    ascii_tr = translit.Transliterator("cyrillic", "latin", apostrophe="ascii")
    assert latin("<p title='Ўзбек'>Ўзбек</p>", ascii_tr) == "<p title='O&#39;zbek'>O'zbek</p>"
    assert latin('<p title="Ўзбек">x</p>', ascii_tr) == "<p title=\"O'zbek\">x</p>"
    assert latin("<p title=Ўзбек>x</p>", ascii_tr) == "<p title=O&#39;zbek>x</p>"
    assert latin("<p title='\"Ўзбек\"'>x</p>", ascii_tr) == "<p title='\"O&#39;zbek\"'>x</p>"


def test_lang_attributes_both_ways() -> None:
    page = '<html lang="uz-Cyrl"><p xml:lang="UZ-CYRL-UZ">Шаҳар</p><p lang="ru">Шаҳар</p>'
    assert latin(page) == (
        '<html lang="uz-Latn"><p xml:lang="UZ-LATN-UZ">Shahar</p><p lang="ru">Shahar</p>'
    )
    assert cyrillic('<html lang="uz-Latn"><p>Shahar</p>') == '<html lang="uz-Cyrl"><p>Шаҳар</p>'


def test_uppercase_tags_crlf_and_cr_lines_keep_offsets() -> None:
    page = "<P TITLE='Шаҳар'>\r\nШаҳар\r<B>Ш</B>аҳар\n</P>"
    assert latin(page) == "<P TITLE='Shahar'>\r\nShahar\r<B>Sh</B>ahar\n</P>"


def test_xhtml_cdata_and_processing_instruction_kept() -> None:
    page = '<?xml version="1.0"?><html><p>Шаҳар<![CDATA[Шаҳар]]><br/>Шаҳар</p></html>'
    assert latin(page) == (
        '<?xml version="1.0"?><html><p>Shahar<![CDATA[Шаҳар]]><br/>Shahar</p></html>'
    )


def test_implicitly_closed_elements_do_not_leak_translate_no() -> None:
    assert latin('<ul><li translate="no">Шаҳар<li>Шаҳар</ul>') == (
        '<ul><li translate="no">Шаҳар<li>Shahar</ul>'
    )


def test_text_with_less_than_sign_is_text() -> None:
    assert latin("<p>2 < 3 шаҳар</p>") == "<p>2 < 3 shahar</p>"


@pytest.mark.parametrize(
    ("page", "line", "column"),
    [
        ('<p>Шаҳар\n<div class="x', 2, 1),
        ("<p>Шаҳар <!-- изоҳ", 1, 10),
        ("<p>Шаҳар</p\n", 1, 9),
        ("<p>\x00</p>", 1, 4),
    ],
)
def test_malformed_html_raises_with_position(page: str, line: int, column: int) -> None:
    with pytest.raises(FormatError) as info:
        latin(page)
    assert (info.value.line, info.value.column) == (line, column)
    assert f"line {line}, column {column}" in str(info.value)


# --------------------------------------------------------------------------- round trip
# Words built from letters whose conversion is one-to-one both ways (no ц ъ ь е ё ю я, no
# й before a vowel); each word is checked as plain text too (``assume``), so a failure here
# is a fault of the format layer, not of the engine.
_CONSONANTS = "бвгджзклмнпрстфхшчғқҳ"
_VOWELS = "аиоуў"
_syllable = st.tuples(st.sampled_from(_CONSONANTS), st.sampled_from(_VOWELS)).map("".join)
_word = st.lists(_syllable, min_size=1, max_size=4).map("".join).flatmap(
    lambda w: st.sampled_from([w, w.capitalize(), w.upper()])
) | st.sampled_from(["Ўзбекистон", "АҚШ", "Исҳоқ", "қишлоқ", "тоғ", "шаҳар"])

_INLINE_TAGS = ["b", "i", "em", "span", "strong", "a"]
_BLOCK_TAGS = ["p", "li", "h2", "td", "div"]
_SEPARATORS = [" ", "\n", "&nbsp;", " &amp; ", ", ", "<!-- x -->", " <br> "]


@st.composite
def _split_word(draw: st.DrawFn) -> tuple[str, str]:
    """(HTML, plain text) of one word, maybe cut by an inline tag or a comment."""
    word = draw(_word)
    if len(word) < 2 or not draw(st.booleans()):
        return word, word
    cut = draw(st.integers(1, len(word) - 1))
    if draw(st.booleans()):
        tag = draw(st.sampled_from(_INLINE_TAGS))
        return f"<{tag}>{word[:cut]}</{tag}>{word[cut:]}", word
    return f"{word[:cut]}<!---->{word[cut:]}", word


@st.composite
def _document(draw: st.DrawFn) -> tuple[str, str]:
    """(HTML document, its plain text with one line per block)."""
    blocks, plain = [], []
    for _ in range(draw(st.integers(1, 4))):
        words = draw(st.lists(_split_word(), min_size=1, max_size=6))
        html_parts, text_parts = [words[0][0]], [words[0][1]]
        for markup, text in words[1:]:
            separator = draw(st.sampled_from(_SEPARATORS))
            html_parts += [separator, markup]
            # A comment does not end a word (ба<!-- x -->Ўзбекистон is one word to read):
            # the plain text glues them too, so that the assume below judges that word.
            text_parts += ["" if separator == "<!-- x -->" else " ", text]
        tag = draw(st.sampled_from(_BLOCK_TAGS))
        title = draw(_word)
        blocks.append(f'<{tag} title="{title}">{"".join(html_parts)}</{tag}>')
        plain += [title, "".join(text_parts)]
        if draw(st.booleans()):
            code = draw(_word)
            blocks.append(f"<pre>{code}</pre><code>{code}</code>")
    return '<html lang="uz-Cyrl">\n' + "\n".join(blocks) + "\n</html>", "\n".join(plain)


@given(_document())
def test_round_trip_cyrillic_latin_cyrillic(doc: tuple[str, str]) -> None:
    page, plain = doc
    assume(TO_CYRILLIC(TO_LATIN(plain)) == plain)
    there = latin(page)
    assert cyrillic(there) == page


@given(_document())
def test_converting_keeps_all_markup(doc: tuple[str, str]) -> None:
    """Removing the text from input and output leaves the same markup skeleton."""
    page, _plain = doc
    import re

    def skeleton(html: str) -> str:
        return re.sub(r'(>|title=")[^<>"]*', r"\1", html)

    assert skeleton(latin(page)) == skeleton(page.replace("uz-Cyrl", "uz-Latn"))
