"""Guess the script of a text by counting its letters.

Counting is cheap, works on a sentence as well as on a book, and is easy to
explain: a text is ``"cyrillic"`` or ``"latin"`` when at least 85 % of its
letters are, ``"mixed"`` when neither script reaches that share, and
``"unknown"`` when it has no Cyrillic or Latin letter at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Detection", "detect", "detect_script"]

_CYRILLIC = re.compile(r"[\u0400-\u04ff\u0500-\u052f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff\u02bb\u02bc]")
_LETTER = re.compile(r"[^\W\d_]")
_THRESHOLD = 0.85
# Sample large texts: the share of letters does not need every letter of a book.
_SAMPLE = 1 << 20


@dataclass(frozen=True)
class Detection:
    """What :func:`detect` found.

    ``script`` is the verdict, ``confidence`` the share (0-1) of the letters that
    support it, ``letters`` the number of letters counted and ``shares`` the share
    of letters per script (``"cyrillic"``, ``"latin"``, ``"other"``).
    """

    script: str
    confidence: float
    letters: int
    shares: dict[str, float] = field(default_factory=dict)


def detect(text: str) -> Detection:
    """Count the letters of ``text`` per script and give a verdict.

    >>> detect("Тошкент шаҳри").script
    'cyrillic'
    >>> round(detect("Toshkent shahri").confidence, 2)
    1.0
    """
    sample = text if len(text) <= _SAMPLE else text[:_SAMPLE]
    letters = len(_LETTER.findall(sample))
    cyr = len(_CYRILLIC.findall(sample))
    lat = len(_LATIN.findall(sample))
    other = max(letters - cyr - lat, 0)
    total = cyr + lat + other
    if cyr + lat == 0:
        shares = {"cyrillic": 0.0, "latin": 0.0, "other": 1.0 if other else 0.0}
        return Detection("unknown", 0.0, total, shares)
    shares = {"cyrillic": cyr / total, "latin": lat / total, "other": other / total}
    both = cyr + lat
    if cyr / both >= _THRESHOLD:
        return Detection("cyrillic", cyr / both, total, shares)
    if lat / both >= _THRESHOLD:
        return Detection("latin", lat / both, total, shares)
    return Detection("mixed", max(cyr, lat) / both, total, shares)


def detect_script(text: str) -> str:
    """``"cyrillic"``, ``"latin"``, ``"mixed"`` or ``"unknown"``, by counting letters.

    >>> detect_script("Salom, dunyo!")
    'latin'
    >>> detect_script("Салом, Toshkent!")
    'mixed'
    >>> detect_script("12345 !!!")
    'unknown'
    """
    return detect(text).script
