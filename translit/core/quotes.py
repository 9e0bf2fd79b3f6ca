"""An apostrophe at the end of a Latin word: the tutuq belgisi or a closing quote?

Between two letters an apostrophe is a letter (maʼno), and the rule table
``latin-apostrophes.rules`` decides it from its neighbours. At the end of a word it
can be either: *foji’* and *qat’* end in the tutuq belgisi (фожиъ, қатъ), while in
*‘kitob’ dedi* the mark closes a quotation. Which one it is depends on what came
before on the line, which a rule that sees only neighbouring letters cannot know:
the mark closes a quotation when a single quote was opened before it on the same
line (and not closed since), and is the tutuq belgisi otherwise.

This runs on whole lines before the word layers; it rewrites only such marks (to
U+02BC, which every later layer reads as the tutuq belgisi) and keeps every length,
so it can run on any piece of a text that ends before whitespace, given whether a
quotation was open where the piece starts (:func:`final_apostrophes` returns it for
the next piece).
"""

from __future__ import annotations

import re

from .rules import shared_class

__all__ = ["final_apostrophes"]

TUTUQ = "\u02bc"
# Marks that may end a word: the apostrophes that may also close a quotation (class
# QuoteApostrophe of data/classes.rules; ‘ among them, which often stands for ’).
_MARKS = "".join(sorted(shared_class("QuoteApostrophe")))
# Marks that open a quotation when they stand before a word.
_OPENERS = _MARKS
# Any apostrophe-like character: a mark next to one is part of a run of marks (mo''jiza,
# C''A), which the rule table reads, not the end or the start of a word.
_ANY_MARK = shared_class("Apostrophe")
# Letters (all of them alphabetic) between which a mark is certainly inside a word and
# needs no look: skipping those marks at C speed leaves the loop below the few others
# (oʻ typed o' or o‘ is the commonest mark of all).
_LETTERS = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0400-\u0481\u048a-\u04ff"
_CHECK = f"(?:(?<![{_LETTERS}].)|(?![{_LETTERS}]))"
# One pattern per mark, each starting with its mark: re then jumps from one occurrence
# of the mark to the next at memchr speed, where a class of all the marks costs a set
# look-up per character of the text (measured on the development corpus, 1.16 M
# characters: 4.8 ms for the class, 1.6 ms for the marks one by one). Each is compiled
# when a text first holds its mark (all twelve at import cost 2 ms).
_MARK_TO_CHECK: dict[str, re.Pattern[str]] = {}
# After o and g a mark is part of the letter (oʻ, gʻ): latin-apostrophes.rules decides.
_LATIN_BEFORE = frozenset("abcdefhijklmnpqrstuvwxyzABCDEFHIJKLMNPQRSTUVWXYZ")


def _to_check(mark: str) -> re.Pattern[str]:
    found = _MARK_TO_CHECK.get(mark)
    if found is None:
        found = _MARK_TO_CHECK.setdefault(mark, re.compile(re.escape(mark) + _CHECK))
    return found


def final_apostrophes(text: str, quote_open: bool = False) -> tuple[str, bool]:
    """``text`` with each apostrophe that ends a Latin word written as the tutuq belgisi
    (U+02BC), unless a single quotation mark opened before it on its line closes there.

    ``quote_open`` says whether a quotation is open where ``text`` starts (the end of the
    previous piece of the same line); the second value says the same for the end of
    ``text``. The length of the text never changes.

    >>> final_apostrophes("foji’ va qat’")[0]
    'fojiʼ va qatʼ'
    >>> final_apostrophes("‘kitob’ dedi")[0]
    '‘kitob’ dedi'
    """
    present = [m for m in _MARKS if m in text]
    if not present:
        return text, quote_open and "\n" not in text
    found = sorted(m.start() for c in present for m in _to_check(c).finditer(text))
    tutuq_at: list[int] = []  # the marks that become the tutuq belgisi
    last = 0
    n = len(text)
    for pos in found:
        if quote_open and text.find("\n", last, pos) >= 0:
            quote_open = False  # a quotation never spans lines
        last = pos
        before = text[pos - 1] if pos else ""
        after = text[pos + 1] if pos + 1 < n else ""
        if before.isalpha():
            if after.isalpha() or after in _ANY_MARK:
                continue  # inside a word or a run of marks: the rule table decides
            if before not in _LATIN_BEFORE:
                continue  # after o, g or a non-Latin letter: the rule table decides
            if quote_open:
                quote_open = False  # closes the quotation
                continue
            tutuq_at.append(pos)
        elif after.isalpha() and text[pos] in _OPENERS and before not in _ANY_MARK:
            quote_open = True
        elif quote_open and not after.isalpha():
            quote_open = False  # a closing quote after punctuation: “qat.’”
    if quote_open and text.find("\n", last) >= 0:
        quote_open = False
    if not tutuq_at:
        return text, quote_open
    # The text between the marks, and the tutuq belgisi for each (not a list of every
    # character of the text).
    pieces = [text[: tutuq_at[0]]]
    for at, end in zip(tutuq_at, [*tutuq_at[1:], len(text)], strict=True):
        pieces += [TUTUQ, text[at + 1 : end]]
    return "".join(pieces), quote_open
