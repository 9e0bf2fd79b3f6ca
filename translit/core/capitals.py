"""Capitals (rule E of the spec), derived in one place for every layer.

Rule tables are written in lower case; the capitals of every conversion follow from
one rule: a capital source gives a title-case target (Ш -> Sh, Sh -> Ш), and all
capitals when the word around it is written in capitals (ШАҲАР -> SHAHAR). The
engine, the ICU export, the Latin schemes and the lexicon all need that rule; they
take it from here, so a change to it is made once.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

__all__ = [
    "UPPER",
    "UPPER_CLASS",
    "Spelling",
    "apply_case",
    "is_caps_here",
    "spellings",
    "title",
]

# Latin, Greek and Cyrillic capitals (with the Latin Extended Additional block) are
# enough to judge whether a word is written in capitals.
_BLOCKS = (range(0x41, 0x530), range(0x1E00, 0x2000))

#: The characters counted as capitals when rule E looks at a neighbour.
UPPER: frozenset[str] = frozenset(
    chr(cp) for block in _BLOCKS for cp in block if unicodedata.category(chr(cp)) in ("Lu", "Lt")
)


def _char_class(chars: frozenset[str]) -> str:
    # Written as ranges: the class occurs in many branches of the engine's pattern, and
    # ranges keep the regex quick to compile (``re`` has no \p{Lu}).
    import re

    codes = sorted(ord(c) for c in chars)
    ranges: list[list[int]] = []
    for cp in codes:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    parts = [
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    ]
    return "[" + "".join(parts) + "]"


#: :data:`UPPER` as a regular-expression character class.
UPPER_CLASS: str = _char_class(UPPER)


def title(text: str) -> str:
    """``text`` with its first character in capitals (sh -> Sh; ʻa stays ʻa)."""
    return text[:1].upper() + text[1:]


class Spelling(NamedTuple):
    """One cased spelling of a rule: ``condition`` is "" (always), "caps" (only inside a
    word in capitals) or "title" (elsewhere)."""

    source: str
    target: str
    condition: str


def spellings(source: str, target: str) -> list[Spelling]:
    """Every cased spelling of the lower-case rule ``source -> target``.

    A multi-letter source is written lower, Title or UPPER, each with its own target
    (sh -> ш, Sh -> Ш, SH -> Ш). A one-letter source whose target has more than one
    cased letter (ш -> sh) gives two capital spellings that rule E chooses between by
    the neighbours: "caps" (SH) inside a word in capitals, "title" (Sh) elsewhere.
    """
    out = [Spelling(source, target, "")]
    if source.upper() == source:  # nothing cased in the source (apostrophes, digits)
        return out
    if len(source) == 1:
        up = source.upper()
        if target.upper() != title(target):
            out.append(Spelling(up, target.upper(), "caps"))
            out.append(Spelling(up, title(target), "title"))
        else:
            out.append(Spelling(up, target.upper(), ""))
    else:
        out.append(Spelling(title(source), title(target), ""))
        out.append(Spelling(source.upper(), target.upper(), ""))
    return out


def apply_case(model: str, text: str) -> str:
    """``text`` (lower case) cased like the word ``model``: UPPER when every cased letter
    of a model of two letters or more is a capital, Title when its first is, else as is."""
    if model.islower():  # the common case: no capital
        return text
    letters = [c for c in model if c.isalpha() and c.lower() != c.upper()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return text.upper()
    if letters and letters[0].isupper():
        return title(text)
    return text


def is_caps_here(text: str, start: int, end: int, caseless: str = "") -> bool:
    """Rule E for ``text[start:end]``: True inside a word written in capitals (the next
    letter is a capital, or the previous one is and the word ends here). Characters of
    ``caseless`` (apostrophes) have no case: the look goes past them."""
    after = end
    while after < len(text) and text[after] in caseless:
        after += 1
    nxt = text[after : after + 1]
    if nxt.isupper():
        return True
    before = start
    while before > 0 and text[before - 1] in caseless:
        before -= 1
    prev = text[before - 1 : before] if before else ""
    # A word ends at anything but a letter (a digit too), as for the engine's contexts:
    # АЧ1 -> ACH1, so AÇ1 -> ACH1 and AÇʼ1 -> ACHʼ1 (-> АЧЪ1).
    return prev.isupper() and not nxt.isalpha()
