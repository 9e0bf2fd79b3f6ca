"""Spans of text that must not be transliterated.

A URL, an e-mail address, an @handle or a #tag means the same thing only when
every byte of it is kept; a Roman numeral (XX asr) is a number, not the word
"хх"; a word with letters Uzbek Latin does not have (c outside ch, w, ä, ß ...)
is a foreign word (Facebook, Straße) that a careful Uzbek editor leaves in its
own spelling. This module finds such spans; the transliterator leaves them alone.

Other foreign-looking words written only with Uzbek Latin letters (Starlink,
Telegram) cannot be told from Uzbek words by their letters; they are converted
like Uzbek words (Старлинк, Телеграм), as Uzbek Cyrillic publications write them.
Users name the words to keep with the ``keep`` option. English words are different:
they are never Uzbek, and spelt in Cyrillic letter by letter they are nonsense (Good:
Гоод), so common ones written with Uzbek letters are listed in data/english-words.txt
and kept.

Uzbek Latin joins suffixes to a foreign word with an apostrophe (Facebookʼda): the
foreign stem is kept and the suffix is Uzbek, so it is converted (Facebookʼда).
Without the apostrophe the whole word is kept, because a foreign word that merely
ends like a suffix (Wanda, Coca-Cola) cannot be told from one that has a suffix.
The apostrophe also shows a foreign stem written in Uzbek letters (Pepsiʼni,
YouTubeʼdagi): a capitalised stem of three letters or more, then the apostrophe, a
consonant and a suffix chain (``marks_foreign_stem``). Native words with the tutuq
belgisi never look like that (maʼno, Taʼlim, sanʼat, Qurʼon, Sheʼrlar).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

from .engine import find_all
from .rules import read_data, shared_class

__all__ = [
    "FOREIGN_LETTER",
    "INNER_CAPITAL_LINE",
    "brand_names",
    "english_words",
    "has_inner_capital",
    "is_abbreviation",
    "is_foreign_latin",
    "is_roman_numeral",
    "marks_foreign_stem",
    "may_have_spans",
    "protected_spans",
    "roman_lines",
    "span_marks",
]


def _data_lines(filename: str) -> list[str]:
    text = read_data(filename)
    return [word for line in text.splitlines() if (word := line.split("#", 1)[0].strip())]


# The top-level domains of bare domain names (kun.uz): data/top-level-domains.txt.
_TLDS = "|".join(map(re.escape, _data_lines("top-level-domains.txt")))
# Every branch is tried at every position of a text, so none may scan far from where it
# starts: a URL scheme is at most 32 characters (the RFC sets no limit; real ones are
# short), and the other branches only start where a word does.
_SPANS = re.compile(
    r"(?:[A-Za-z][A-Za-z0-9+.\-]{0,31}://|www\.)[^\s<>\"«»“”]+"  # URLs
    # e-mail addresses: the local part is tried only where a run of its characters
    # starts, and only when an @ follows within 64 characters (the limit of RFC 5321);
    # without both, a long word before a full stop made the scan quadratic.
    r"|(?<![\w.+\-])(?<![\w.+\-]['’])(?=[\w.+\-'’]{1,64}@)"
    r"[\w.+\-]+(?:['’][\w.+\-]+)*@[\w\-]+(?:\.[\w\-]+)+"
    r"|(?<![\w@])@\w+"  # @handles
    r"|(?<![\w#&])#\w+"  # #tags
    rf"|(?<![\w.\-])[\w\-]+(?:\.[\w\-]+)*\.(?:{_TLDS})(?![\w.])(?:/[^\s<>\"«»“”]*)?",  # domains
    re.IGNORECASE,
)
# Every span above contains @, #, ://, a full stop before a Latin letter, or www. in
# any case; each is looked for separately, the way that scans fastest.
_DOT_LATIN = re.compile(r"\.[A-Za-z]")
_WWW = re.compile(r"[wW][wW][wW]\.")
# Closing punctuation that ends a sentence rather than a URL.
_TRAILING = ".,;:!?)]}»”’'\""

_ROMAN = re.compile(r"M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\Z")
# The letters of Uzbek Latin words (data/classes.rules): a word with any other letter,
# or with c outside ch, is foreign.
_UZBEK_LATIN = shared_class("UzbekLetter") | {"\u02bb", "\u02bc"}
_UZBEK_SET = "".join(sorted(_UZBEK_LATIN))
_PLAIN_UZBEK = re.compile(f"(?:[{_UZBEK_SET}]|ch)*")


def may_have_spans(text: str) -> bool:
    """False when ``text`` certainly holds no protected span (a quick check at C speed)."""
    return (
        "@" in text
        or "#" in text
        or "://" in text
        or _DOT_LATIN.search(text) is not None
        # One letter is found at memchr speed, "w." is not (2 ms on 1 M characters).
        or (("w" in text or "W" in text) and _WWW.search(text) is not None)
    )


# The same marks found one by one: a pattern of all of them tries every character of a
# text (on 540k characters of Cyrillic with a few e-mail addresses: 9.7 ms, against some
# 1 ms for these searches, each with a literal first character).
_SPAN_LITERALS = ("@", "#", "://")
_WWW_DOT = re.compile(r"\.(?<=[wW][wW][wW]\.)")  # _WWW found from its full stop


def span_marks(text: str) -> list[int]:
    """Where ``text`` holds something every protected span contains (the marks
    :func:`may_have_spans` looks for), in order."""
    found = find_all(text, _SPAN_LITERALS)
    found += [m.start() for m in _DOT_LATIN.finditer(text)]
    found += [m.start() - 3 for m in _WWW_DOT.finditer(text)]
    return sorted(set(found))


def protected_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of URLs, e-mail addresses, @handles, #tags and domain names."""
    if not may_have_spans(text):  # the common case
        return []
    spans = []
    for m in _SPANS.finditer(text):
        start, end = m.span()
        while end > start + 1 and text[end - 1] in _TRAILING:
            end -= 1
        spans.append((start, end))
    return spans


def is_roman_numeral(word: str, next_char: str = "") -> bool:
    """True for a Roman numeral written in capitals (XX, XIX, IV).

    One-letter words are numerals only for I, V and X not followed by a full stop
    (``V. Karimov`` is an initial).
    """
    if not word or not _ROMAN.match(word):
        return False
    if len(word) == 1:
        return word in "IVX" and next_char != "."
    return True


def is_foreign_latin(word: str) -> bool:
    """True if a Latin word uses letters Uzbek Latin does not have.

    ``c`` counts only outside ``ch``; ``w`` and letters with diacritics always count.
    Words written in another script (Cyrillic) are not judged here.
    """
    low = word.lower()
    if _PLAIN_UZBEK.fullmatch(low):  # the common case, at C speed
        return False
    for i, ch in enumerate(low):
        if ch in _UZBEK_LATIN:
            continue
        if ch == "c":
            if low[i + 1 : i + 2] == "h":
                continue
            return True
        if ch.isalpha() and ch.isascii():
            return True  # w
        if ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN"):
            return True
    return False


#: A letter Uzbek Latin does not have (or c outside ch), in lower-case text: a word
#: holding one is a candidate for ``is_foreign_latin`` (for many words at once). One
#: class and a look-around: twice as quick to search as [^...c]|c(?!h).
FOREIGN_LETTER = re.compile(f"[^{_UZBEK_SET}\\n](?!(?<=c)h)")


_ROMAN_LINE = re.compile(r"^[IVXLCDM]+$", re.MULTILINE)


def roman_lines(text: str) -> set[str]:
    """The lines of ``text`` (words, one per line) written only with the letters of Roman
    numerals: a superset of the words ``is_roman_numeral`` is true for, found at C speed."""
    return set(_ROMAN_LINE.findall(text))


_CONSONANTS = shared_class("Consonant") | {c.upper() for c in shared_class("Consonant")}
_CYRILLIC = re.compile(r"[\u0400-\u04ff]+")


def marks_foreign_stem(word: str, mark: int) -> bool:
    """True when the tutuq belgisi at ``mark`` joins a suffix to a foreign name written in
    Uzbek letters (Pepsiʼni, YouTubeʼdagi, ALSʼdan): Uzbek Latin marks such a stem
    with an apostrophe. The caller checks that a suffix chain follows.

    The stem must have a capital and three letters or more, and a consonant must follow
    the mark: native words with the tutuq belgisi have short stems (maʼno, Taʼlim) or a
    vowel after it (sanʼat, Qurʼon, Munʼim), so none of them is read this way. A stem
    followed by Cyrillic only was converted before (Pepsiʼни) and counts too.
    """
    stem = word[:mark]
    return (
        len(stem) >= 3
        and stem.isalpha()
        and "\u02bb" not in stem  # after oʻ and gʻ the mark is part of the letter
        and "\u02bc" not in stem
        and not stem.islower()
        and (word[mark + 1 : mark + 2] in _CONSONANTS or bool(_CYRILLIC.fullmatch(word, mark + 1)))
    )


@functools.cache
def english_words() -> frozenset[str]:
    """The English words kept in Latin -> Cyrillic (data/english-words.txt), lower case."""
    return frozenset(word.lower() for word in _data_lines("english-words.txt"))


@functools.cache
def brand_names() -> frozenset[str]:
    """The brand and tech names kept in Latin -> Cyrillic (data/brands.txt), as written
    there and in capitals (Google, GOOGLE)."""
    names = _data_lines("brands.txt")
    return frozenset(names) | frozenset(name.upper() for name in names)


_INNER_CAPITAL = re.compile(r"[a-z][A-Z]")
#: A line (a word of a list, one per line) that :func:`has_inner_capital` may be true for.
INNER_CAPITAL_LINE = re.compile(rf"^.*{_INNER_CAPITAL.pattern}.*$", re.MULTILINE)


# The small second letter of a capital written with two Latin letters (Sh, Ch, Ya, Yo,
# Yu, Ye, Ts): a word in capitals converted letter by letter shows them (IShONISh).
_CAPITAL_DIGRAPH = re.compile(r"(?<=[SC])h|(?<=Y)[aoue]|(?<=T)s")


def _capital_digraphs(word: str) -> str:
    return _CAPITAL_DIGRAPH.sub(lambda m: m.group().upper(), word)


def has_inner_capital(word: str) -> bool:
    """True for a word with a capital after a small letter: iPhone, YouTube, PayPal,
    but also the Uzbek abbreviations OʻzR and ToshDU (see :func:`is_abbreviation`).
    The h of Sh and Ch (and Ya Yo Yu Ye Ts) counts as a capital: IShONISh is ISHONISH."""
    return (
        _INNER_CAPITAL.search(word) is not None
        and _INNER_CAPITAL.search(_capital_digraphs(word)) is not None
    )


# Pieces of an Uzbek abbreviation: a capital with at most three small letters (Oʻz, Tosh,
# Sam, Li, De), then a capital at the end; what follows the last capital is the suffix.
_ABBREVIATION = re.compile(r"(?:[A-Z](?:[a-z]|ʻ){0,3})*[A-Z]")


def is_abbreviation(word: str, is_suffix_chain: Callable[[str], bool]) -> bool:
    """True when a word with a capital inside reads as an Uzbek abbreviation: short
    capitalised pieces ending in a capital (OʻzR, ToshDU, SamDChTI, OʻzLiDeP), maybe
    followed by Uzbek suffixes (OʻzRda). Names end in a longer piece in small letters
    (YouTube, PayPal, WhatsApp) or start with one (iPhone, eBay)."""
    word = _capital_digraphs(word)  # AZiYa: A Zi Y A
    last = max(i for i, ch in enumerate(word) if ch.isupper())
    return _ABBREVIATION.fullmatch(word, 0, last + 1) is not None and is_suffix_chain(
        word[last + 1 :]
    )
