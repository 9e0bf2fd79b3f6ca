"""Guess the script of a text by counting its letters.

Counting is cheap, works on a sentence as well as on a book, and is easy to
explain: a text is ``"cyrillic"`` or ``"latin"`` when at least 85 % of its
letters are, ``"mixed"`` when neither script reaches that share, and
``"unknown"`` when it has no Cyrillic or Latin letter at all.

A Latin text is then told apart by alphabet: the letters that the reforms
replaced (oʻ gʻ sh ch in 1995; ō ḡ ş ç in 2021; õ ğ ş c in 2023; ö ğ ş ç in
2026, from ``data/schemes``) are counted, and the alphabet that explains most
of them wins: ``"latin"`` (1995), ``"latin-2021"``, ``"latin-2023"`` or
``"latin-2026"``. A text with none of these letters is ``"latin"`` (it reads
the same in every alphabet). When several alphabets explain the letters
equally (only ş, which three schemes share), the newest wins and the
confidence is divided among them.

Today's Latin is full of loanwords, names, URLs and English, whose c is no
evidence of the 2023 draft (where c is ch). So URLs, e-mail addresses and
domain names are not counted, and a reform's plain ASCII letter (c) counts only
when the text's own reform letters (õ ğ ş ...) already point at that reform:
"Facebook va Instagram" is ``"latin"``, "ucuvci cõl" is ``"latin-2023"``.

Only the first :data:`SAMPLE_SIZE` characters (4 Mi) are read: the share of
letters does not need every letter of a book, and the command line promises
the same.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .protect import may_have_spans, protected_spans
from .rules import shared_class
from .schemes import LATIN, load_scheme, scheme_names

__all__ = ["SAMPLE_SIZE", "Detection", "detect", "detect_script"]

_CYRILLIC = re.compile(r"[\u0400-\u04ff\u0500-\u052f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff\u02bb\u02bc]")
_LETTER = re.compile(r"[^\W\d_]")
_THRESHOLD = 0.85
#: The characters :func:`detect` looks at (the first 4 Mi): enough for any verdict, and
#: what the command line and :mod:`translit.batch` read of a file to detect it.
SAMPLE_SIZE = 1 << 22


@dataclass(frozen=True)
class Detection:
    """What :func:`detect` found.

    ``script`` is the verdict, ``confidence`` the share (0-1) of the letters that
    support it, ``letters`` the number of letters counted and ``shares`` the share
    of letters per script (``"cyrillic"``, ``"latin"``, ``"other"``). For a Latin
    text, ``schemes`` gives, per Latin alphabet, the share of the distinctive letters
    (oʻ/ō/õ/ö, sh/ş ...) that are spelt its way; ``confidence`` is then the share of
    Latin letters times the share of the winning alphabet, divided among ties.

    >>> found = detect("Özbekiston şahri")
    >>> found.script, found.shares["latin"]
    ('latin-2026', 1.0)
    """

    script: str
    confidence: float
    letters: int
    shares: dict[str, float] = field(default_factory=dict)
    schemes: dict[str, float] = field(default_factory=dict)


def detect(text: str) -> Detection:
    """Count the letters of ``text`` per script and give a verdict.

    >>> detect("Тошкент шаҳри").script
    'cyrillic'
    >>> round(detect("Toshkent shahri").confidence, 2)
    1.0
    """
    sample = text if len(text) <= SAMPLE_SIZE else text[:SAMPLE_SIZE]
    # Counted by subn, not findall: a list of 4 Mi one-letter strings costs some 250 MB.
    letters = _LETTER.subn("", sample)[1]
    cyr = _CYRILLIC.subn("", sample)[1]
    lat = _LATIN.subn("", sample)[1]
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
        return _latin_scheme(sample, lat / both, total, shares)
    return Detection("mixed", max(cyr, lat) / both, total, shares)


@functools.lru_cache(maxsize=1)
def _scheme_letters() -> tuple[re.Pattern[str], dict[str, frozenset[str]], tuple[str, ...]]:
    """A regex of every distinctive spelling, and which alphabets spell it that way."""
    names = (LATIN, *scheme_names())
    supports: dict[str, set[str]] = {}
    for name in names:
        scheme = load_scheme(name)
        for unit in ("oʻ", "gʻ", "sh", "ch", *scheme.letters):
            for spelling in scheme.spell(unit):
                supports.setdefault(spelling, set()).add(name)
    alternatives = sorted(supports, key=len, reverse=True)
    # 1995 oʻ and gʻ typed with any apostrophe before a letter
    marks = re.escape("".join(sorted(shared_class("Apostrophe"))))
    pattern = rf"[oOgG][{marks}](?=[^\W\d_])|" + "|".join(map(re.escape, alternatives))
    frozen = {k: frozenset(v) for k, v in supports.items()}
    return re.compile(pattern), frozen, names


def _latin_scheme(
    text: str, share: float, total: int, shares: dict[str, float]
) -> Detection:
    pattern, supports, names = _scheme_letters()
    if may_have_spans(text):  # a URL or an e-mail address is no evidence of an alphabet
        kept, last = [], 0
        for start, end in protected_spans(text):
            kept.append(text[last:start])
            last = end
        text = " ".join([*kept, text[last:]])
    counts = dict.fromkeys(names, 0)
    weak = dict.fromkeys(names, 0)
    seen = 0
    for m in pattern.finditer(text):
        token = m.group()
        found = supports.get(token) or supports.get(token[0] + "\u02bb", frozenset())
        if LATIN not in found and token.isascii():
            # A reform's ASCII letter (c for ch in 2023) is also a letter of every foreign
            # word (Facebook, cbu, cat): weak evidence, weighed below.
            for name in found:
                weak[name] += 1
            continue
        seen += 1
        for name in found:
            counts[name] += 1
    # Weak evidence counts only for a reform that the text's own reform letters (õ ğ ş ...)
    # already point at, at least as strongly as at any other reform.
    lead = max(counts[n] for n in names if n != LATIN)
    for name in names:
        if weak[name] and lead and counts[name] == lead:
            counts[name] += weak[name]
            seen += weak[name]
    if not seen:
        return Detection("latin", share, total, shares)
    best = max(counts.values())
    tied = [n for n in names if counts[n] == best]
    # 1995 is in force: it wins a tie; among reforms the newest (last by name) does.
    script = LATIN if LATIN in tied else tied[-1]
    ratios = {n: c / seen for n, c in counts.items()}
    return Detection(script, share * best / seen / len(tied), total, shares, ratios)


def detect_script(text: str) -> str:
    """The verdict of :func:`detect`: ``"cyrillic"``, ``"latin"`` (1995), ``"latin-2021"``,
    ``"latin-2023"``, ``"latin-2026"`` (or any other scheme in ``data/schemes``),
    ``"mixed"`` or ``"unknown"``.

    >>> detect_script("Salom, dunyo!")
    'latin'
    >>> detect_script("Özbekiston Respublikasi")
    'latin-2026'
    >>> detect_script("Салом, Toshkent!")
    'mixed'
    >>> detect_script("12345 !!!")
    'unknown'
    """
    return detect(text).script
