"""The converters we measure against, and the ``str.translate`` floors.

Each peer is a factory returning a ``str -> str`` function, or raising ``Unavailable``
with a message saying why it is skipped (not installed, failed to load). Peers are
only *measured* here; nothing of theirs is copied into the project.

The floor is the cost of touching every character once in pure Python: one bare
``str.translate`` pass (C code, one dict lookup per character) over the same text.
No pure-Python converter that looks at every character can beat it by much, so
"x0.9 of the floor" means "as fast as CPython allows". Two tables:

- ``FLOOR_1TO1`` (the stricter one, the one the target refers to): every Cyrillic
  letter to ONE character, the first character of its 1995 Latin value: ш->s, ч->c,
  ё/ю/я->y, ў->o, ғ->g, ц->s, щ->s, ы->i, ъ and ь -> ʼ (U+02BC); upper case to the
  upper-cased character (Ъ/Ь -> ʼ). Built with ``str.maketrans`` (ord -> ord).
- ``FLOOR_MULTI``: every letter to its full context-free Latin value: ш->sh, ч->ch,
  ё->yo, ю->yu, я->ya, ў->oʻ, ғ->gʻ, ц->s, щ->sh, ы->i, ъ->ʼ, ь->"" (deleted), е->e;
  capitals in title case (Ш->Sh). This is "the letter table without any rule".
- ``FLOOR_LAT_1TO1`` (for Latin -> Cyrillic, information only): each Latin letter to
  one Cyrillic letter (a->а, b->б, c->ц, h->ҳ, q->қ, x->х, y->й, ...); apostrophes
  are left alone. Digraphs (sh, oʻ) cannot be expressed in a ``str.translate`` table.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

Convert = Callable[[str], str]


class Unavailable(Exception):
    """A peer that cannot be measured here; the message says why."""


_CYR = "абвгдеёжзийклмнопрстуфхцчшъьэюяўқғҳщы"
_LAT_1 = "abvgdeyjziyklmnoprstufxscsʼʼeyyoqghsi"
assert len(_CYR) == len(_LAT_1)
FLOOR_1TO1: dict[int, int] = str.maketrans(_CYR + _CYR.upper(), _LAT_1 + _LAT_1.upper())

_MULTI = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "x", "ц": "s",
    "ч": "ch", "ш": "sh", "ъ": "ʼ", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ў": "oʻ",
    "қ": "q", "ғ": "gʻ", "ҳ": "h", "щ": "sh", "ы": "i",
}  # fmt: skip
FLOOR_MULTI: dict[int, str] = {}
for _c, _l in _MULTI.items():
    FLOOR_MULTI[ord(_c)] = _l
    FLOOR_MULTI[ord(_c.upper())] = _l[:1].upper() + _l[1:]

_LAT = "abcdefghijklmnopqrstuvxyz"
_CYR_1 = "абцдефгҳижклмнопқрстувхйз"
assert len(_LAT) == len(_CYR_1)
FLOOR_LAT_1TO1: dict[int, int] = str.maketrans(_LAT + _LAT.upper(), _CYR_1 + _CYR_1.upper())


def translate_with(table: dict[int, Any]) -> Convert:
    def floor(text: str) -> str:
        return text.translate(table)

    return floor


def _import(name: str, extra: str) -> Any:
    try:
        return importlib.import_module(name)
    except ImportError as e:
        raise Unavailable(f"{name} not installed ({extra}): {e}") from None


def icu_converter(direction: str) -> Convert:
    """PyICU's built-in Uzbek transliterator, created once as a user would."""
    icu = _import("icu", "pip install PyICU")
    tid = "uz_Cyrl-uz_Latn" if direction == "to_latin" else "uz_Latn-uz_Cyrl"
    try:
        tr = icu.Transliterator.createInstance(tid)
    except Exception as e:  # ICU built without the Uzbek rules
        raise Unavailable(f"ICU has no {tid}: {e}") from None
    fn: Convert = tr.transliterate
    return fn


def alifbo_converter(direction: str) -> Convert:
    """alifbo: Cyrillic -> 2026 Latin -> 1995 Latin (its route to the law in force)."""
    alifbo = _import("alifbo", "pip install alifbo")
    if direction == "to_latin":

        def to_latin(text: str) -> str:
            return str(alifbo.to_old_latin(alifbo.from_cyrillic(text).text).text)

        return to_latin

    def to_cyrillic(text: str) -> str:
        return str(alifbo.to_cyrillic(text).text)

    return to_cyrillic


def uztransliterator_converter(direction: str) -> Convert:
    """UzTransliterator (pip install UzTransliterator), one instance reused."""
    mod = _import("UzTransliterator", "pip install UzTransliterator")
    tr = mod.UzTransliterator()
    src, dst = ("cyr", "lat") if direction == "to_latin" else ("lat", "cyr")

    def convert(text: str) -> str:
        return str(tr.transliterate(text, from_=src, to=dst))

    return convert


# name shown in the tables -> factory taking the direction ("to_latin"/"to_cyrillic")
OTHER_PEERS: dict[str, Callable[[str], Convert]] = {
    "alifbo": alifbo_converter,
    "UzTransliterator": uztransliterator_converter,
}
