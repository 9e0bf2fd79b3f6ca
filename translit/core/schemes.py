"""The other Uzbek Latin alphabets (2021 and 2023 drafts, 2026 bill) as data.

Why it is built this way: every reform so far keeps the 1995 alphabet and replaces
only the digraph letters (oʻ gʻ sh ch) by single letters. So a scheme is a small
data file (``data/schemes/<name>.rules``) listing the replaced letters, and every
conversion is derived from it:

- Latin -> Latin converts *directly*, unit by unit (a 1995 letter and its
  spelling in each scheme), in one regular-expression pass. No detour through
  Cyrillic, so nothing the Cyrillic side would lose (foreign words, unknown
  loanwords) is at risk.
- Cyrillic -> scheme uses the Cyrillic -> Latin rule table with its targets
  respelt, so every rule (A-E, exceptions) holds exactly as in 1995.
- scheme -> Cyrillic respells to 1995 and reuses the 1995 lexicon and rules.

The sʼh subtlety: 1995 writes с + ҳ as sʼh (Isʼhoq) so that it is not read as
sh (ш). Once ш is one letter (ş), s + h is unambiguous: Isʼhoq <-> Ishoq, while
Ishoq (1995, ш) <-> Işoq. The module derives this "separated pair" for every
replaced digraph whose first letter is itself a letter (s + h; not c + h).

Foreign-word protection is per scheme: a word with a letter the *source* scheme
lacks is kept (w, ä; c outside ch in 1995; c alone in 2021 and 2026), while in
2023 c is a native letter (ч).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources

from . import tables
from .capitals import is_caps_here, title
from .engine import Engine
from .protect import is_roman_numeral, protected_spans
from .rules import RuleTable, shared_class

__all__ = [
    "LATIN",
    "LatinRespeller",
    "Scheme",
    "build_steps",
    "cyrillic_engine",
    "cyrillic_table",
    "load_scheme",
    "read_apostrophes",
    "respell",
    "scheme_names",
]

#: The 1995 alphabet (in force): the reference every scheme is described against.
LATIN = "latin"
#: The one-letter letters of the 1995 alphabet (unchanged by every reform so far).
BASE_LETTERS = "".join(sorted(shared_class("UzbekLetter")))
_TURNED, _TUTUQ = tables.TURNED, tables.TUTUQ
_LETTER = r"[^\W\d_]"
# Apostrophe look-alikes that mean the tutuq belgisi between two letters (scheme input):
# every one of data/classes.rules but the turned comma, which in a reformed text is a
# 1995 oʻ or gʻ typed in it and is read as such by the 1995 steps.
_APOSTROPHES = "".join(sorted(shared_class("Apostrophe") - {"\u02bb"}))
_SCHEME_APOSTROPHE = rf"(?<={_LETTER})[{re.escape(_APOSTROPHES)}](?={_LETTER})"
# Marks a protected span while text passes through the 1995 Latin -> Cyrillic steps;
# a noncharacter, distinct from the one the transliterator itself uses.
_MASK = "\ufdd1"
_WORD = re.compile(_LETTER + "+")


@dataclass(frozen=True)
class Scheme:
    """A Latin alphabet: the 1995 letters it replaces, as (lower, capital) spellings."""

    name: str
    title: str = "Uzbek Latin (1995, in force)"
    status: str = "in force"
    letters: dict[str, tuple[str, str]] = field(default_factory=dict)

    def spell(self, unit: str) -> tuple[str, str, str]:
        """(lower, title, caps) spelling of a 1995 letter in this scheme."""
        if unit in self.letters:
            low, cap = self.letters[unit]
            return low, cap, cap
        return unit, title(unit), unit.upper()


@functools.lru_cache(maxsize=1)
def scheme_names() -> tuple[str, ...]:
    """Names of the schemes shipped in ``data/schemes`` (file names without .rules)."""
    root = resources.files("translit").joinpath("data").joinpath("schemes")
    return tuple(
        sorted(f.name[: -len(".rules")] for f in root.iterdir() if f.name.endswith(".rules"))
    )


def parse_scheme(text: str, name: str) -> Scheme:
    """Parse a scheme file (format: see the header of data/schemes/latin-2021.rules)."""
    title, status = name, ""
    letters: dict[str, tuple[str, str]] = {}
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.split("  #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        where = f"{name}.rules:{lineno}"
        if line.startswith("@name "):
            title = line[6:].strip()
        elif line.startswith("@status "):
            status = line[8:].strip()
        else:
            m = re.fullmatch(r"(\S+)\s*->\s*(\S+)\s+(\S+)", line)
            if m is None:
                raise ValueError(f"{where}: expected '1995-letter -> letter Capital'")
            unit, low, cap = m.groups()
            if unit != unit.lower() or low != low.lower():
                raise ValueError(f"{where}: write the 1995 letter and the letter in lower case")
            if unit in letters:
                raise ValueError(f"{where}: {unit!r} is listed twice")
            letters[unit] = (low, cap)
    if not letters:
        raise ValueError(f"{name}.rules: a scheme must replace at least one letter")
    spellings = [low for low, _ in letters.values()]
    if len(set(spellings)) != len(spellings):
        raise ValueError(f"{name}.rules: two letters have the same spelling")
    return Scheme(name, title, status, letters)


@functools.cache
def load_scheme(name: str) -> Scheme:
    """The scheme called ``name`` ("latin" is the 1995 alphabet itself)."""
    if name == LATIN:
        return Scheme(LATIN)
    if name not in scheme_names():
        known = ", ".join((LATIN, *scheme_names()))
        raise ValueError(f"unknown Latin scheme {name!r}; known: {known}")
    root = resources.files("translit").joinpath("data").joinpath("schemes")
    return parse_scheme(root.joinpath(f"{name}.rules").read_text("utf-8"), name)


# --------------------------------------------------------------------------- Latin -> Latin


@dataclass(frozen=True)
class _Unit:
    """One thing to respell: a 1995 letter, or a separated pair such as s|h."""

    key: str
    pair: bool = False


def _units(a: Scheme, b: Scheme) -> list[_Unit]:
    keys = sorted(set(a.letters) | set(b.letters))
    units = [_Unit(k) for k in keys]
    # s + h written apart: needed wherever one side spells the digraph as two letters.
    units += [
        _Unit(k, pair=True)
        for k in keys
        if len(k) == 2 and k[0] in BASE_LETTERS and k[1] in BASE_LETTERS
    ]
    return units


def _pair_spelling(scheme: Scheme, key: str) -> str:
    """How a scheme writes the two letters of ``key`` apart (sʼh in 1995, sh after a reform)."""
    return key[0] + _TUTUQ + key[1] if scheme.spell(key)[0] == key else key


def _alphabet_pattern(scheme: Scheme) -> str:
    """A regex matching a word that uses a letter ``scheme`` does not have."""
    spellings = [s for k in {*scheme.letters, "oʻ", "gʻ", "sh", "ch"} for s in scheme.spell(k)]
    singles = set(BASE_LETTERS) | {_TURNED, _TUTUQ}
    singles |= {s for s in spellings if len(s) == 1}
    multi = {s.lower() for s in spellings if len(s) > 1}
    restricted = {c for s in multi for c in s if c.isascii() and c not in singles}
    allowed = set(singles) | {c for s in multi for c in s}  # restricted ones: guarded below
    allowed |= {c.upper() for c in allowed}
    bad = [rf"(?![{re.escape(''.join(sorted(allowed)))}]){_LETTER}"]
    for r in sorted(restricted):
        # r counts as native only inside a spelling (c in ch): not preceded by the part of
        # the spelling before it, or not followed by the part after it.
        guards = "".join(
            f"(?:(?<!{re.escape(w[:j])})|(?!{re.escape(w[j:])}))"
            for w in sorted(multi)
            for j in range(len(w))
            if w[j] == r
        )
        bad.append(f"(?i:{guards}{re.escape(r)})")
    return rf"(?<!{_LETTER}){_LETTER}*?(?:{'|'.join(bad)}){_LETTER}*"


class LatinRespeller:
    """Respells Latin text from scheme ``a`` to scheme ``b`` (both Latin).

    With ``protect`` (the default) foreign words of scheme ``a``, URLs and e-mail
    addresses, Roman numerals and ``keep`` words stay as they are; without it every
    spelling is converted (used to respell rule targets). :meth:`masked` replaces each
    protected span by a marker character and lists them (the steps to Cyrillic put them
    back after the 1995 rules have run).
    """

    def __init__(
        self,
        a: Scheme,
        b: Scheme,
        *,
        apostrophe: tuple[str, str] = (_TURNED, _TUTUQ),
        keep: frozenset[str] = frozenset(),
        protect: bool = True,
    ) -> None:
        turned, tutuq = apostrophe

        def styled(s: str) -> str:
            return s.replace(_TURNED, turned).replace(_TUTUQ, tutuq)

        # spelling in a -> (output, output in a word in capitals or None when the same)
        self._out: dict[str, tuple[str, str | None]] = {}
        self._pairs: dict[str, str] = {}
        pair_patterns: list[str] = []
        for unit in _units(a, b):
            if unit.pair:
                src, dst = _pair_spelling(a, unit.key), styled(_pair_spelling(b, unit.key))
                if src != dst:
                    name = f"p{len(self._pairs)}"
                    x, y = unit.key[0], unit.key[1]
                    sep = re.escape(src[1:-1])
                    # lower, Title and UPPER only, as the letters (sH stays s + H)
                    forms = ((x, y), (x.upper(), y), (x.upper(), y.upper()))
                    cased = "|".join(f"{p}{sep}{q}" for p, q in forms)
                    pair_patterns.append(f"(?P<{name}>{cased})")
                    self._pairs[name] = dst[1:-1]
                continue
            low, title, caps = a.spell(unit.key)
            out_low, out_title, out_caps = (styled(s) for s in b.spell(unit.key))
            self._out.setdefault(low, (out_low, None))
            if title == caps:  # one spelling for both: rule E decides by the neighbours
                caps_out = out_caps if out_caps != out_title else None
                self._out.setdefault(title, (out_title, caps_out))
            else:
                self._out.setdefault(title, (out_title, None))
                self._out.setdefault(caps, (out_caps, None))
        if apostrophe != (_TURNED, _TUTUQ):
            self._out.setdefault(_TUTUQ, (tutuq, None))
            self._out.setdefault(_TURNED, (turned, None))
        changed = (s for s, o in self._out.items() if o != (s, None))
        spellings = sorted(changed, key=len, reverse=True)
        plain = list(pair_patterns)
        if spellings:
            plain.append(f"(?P<unit>{'|'.join(map(re.escape, spellings))})")
        self._plain_re = re.compile("|".join(plain)) if plain else None
        guarded: list[str] = []
        if protect and keep:
            stems = "|".join(re.escape(k) for k in sorted(keep, key=len, reverse=True))
            guarded.append(rf"(?P<keep>(?<!{_LETTER})(?:{stems}){_LETTER}*)")
        if protect:
            guarded.append(f"(?P<foreign>{_alphabet_pattern(a)})")
            if any(c in "ivxlcdm" for s in spellings for c in s.lower()):
                # A Roman numeral may look like a word of this scheme (XC with c = ч).
                guarded.append(rf"(?P<roman>(?<!{_LETTER})[IVXLCDM]+(?!{_LETTER}))")
        self._re = re.compile("|".join(guarded + plain)) if plain else None
        self._source = a
        self._keep = keep
        self._protect = protect
        self._foreign = re.compile(_alphabet_pattern(a))

    # -- one match --------------------------------------------------------------------

    def _replace(self, masked: list[str] | None, m: re.Match[str]) -> str:
        kind = m.lastgroup or ""
        if kind == "unit":
            out, caps = self._out[m.group()]
            if caps is not None and is_caps_here(m.string, m.start(), m.end(), _TURNED + _TUTUQ):
                return caps
            return out
        g = m.group()
        if kind in self._pairs:
            return g[0] + self._pairs[kind] + g[-1]
        if kind == "keep":
            return self._kept(g, masked)
        if kind == "roman" and not is_roman_numeral(g, m.string[m.end() : m.end() + 1]):
            return self._respell_word(g)
        return _hide(g, masked)

    def _respell_word(self, word: str) -> str:
        assert self._plain_re is not None
        return self._plain_re.sub(functools.partial(self._replace, None), word)

    def _kept(self, word: str, masked: list[str] | None) -> str:
        if word in self._keep:
            return _hide(word, masked)
        to_1995 = _plain_respeller(self._source.name, LATIN)
        for k in sorted(self._keep, key=len, reverse=True):
            rest = word[len(k) :]
            if word.startswith(k) and tables.grammar().is_chain(to_1995(rest).lower()):
                return _hide(k, masked) + self._respell_word(rest)
        if self._foreign.fullmatch(word):
            return _hide(word, masked)
        return self._respell_word(word)

    # -- a text -----------------------------------------------------------------------

    def __call__(self, text: str) -> str:
        """Respell ``text``."""
        return self._convert(text, None)

    def masked(self, text: str) -> tuple[str, list[str]]:
        """Respell ``text`` with each protected span replaced by a marker; the spans in order."""
        hidden: list[str] = []
        return self._convert(text, hidden), hidden

    def _convert(self, text: str, masked: list[str] | None) -> str:
        if self._re is None or not text:
            return text
        replace = functools.partial(self._replace, masked)
        if not self._protect:
            return self._re.sub(replace, text)
        spans = protected_spans(text) if _may_have_spans(text) else []
        if not spans:
            return self._re.sub(replace, text)
        out: list[str] = []
        pos = 0
        for start, end in spans:
            out.append(self._re.sub(replace, text[pos:start]))
            out.append(_hide(text[start:end], masked))
            pos = end
        out.append(self._re.sub(replace, text[pos:]))
        return "".join(out)


def _hide(text: str, masked: list[str] | None) -> str:
    if masked is None:
        return text
    masked.append(text)
    return _MASK


@functools.cache
def _plain_respeller(a: str, b: str) -> LatinRespeller:
    return LatinRespeller(load_scheme(a), load_scheme(b), protect=False)


def respell(text: str, source: str, target: str) -> str:
    """Respell Latin ``text`` from one scheme to another, converting every spelling
    (no protection of foreign words): ``respell("sʼh", "latin", "latin-2026") == "sh"``."""
    return _plain_respeller(source, target)(text)


def _may_have_spans(text: str) -> bool:
    return "." in text or "@" in text or "#" in text or "://" in text


# --------------------------------------------------------------------------- Cyrillic


@functools.cache
def cyrillic_table(scheme: str) -> RuleTable:
    """The Cyrillic -> ``scheme`` rule table: the 1995 table with its targets respelt.

    Every rule keeps its source and context, so rules A-E and the exceptions hold
    exactly as in 1995 (сҳ -> sʼh becomes s + h: Исҳоқ -> Ishoq).
    """
    base = tables.table("cyrillic-latin")
    if scheme == LATIN:
        return base
    to = _plain_respeller(LATIN, scheme)
    rules = tuple(dataclasses.replace(r, target=to(r.target)) for r in base.rules)
    return RuleTable(f"cyrillic-{scheme}", base.classes, rules, base.description)


@functools.cache
def cyrillic_engine(scheme: str, apostrophe: str = "unicode") -> Engine:
    """A compiled Cyrillic -> ``scheme`` engine with the given apostrophe style."""
    return Engine(tables.styled(cyrillic_table(scheme), apostrophe), passthrough=_MASK)


def _unmask(text: str, hidden: list[str]) -> str:
    if not hidden:
        return text
    parts = text.split(_MASK)
    merged = [""] * (2 * len(parts) - 1)
    merged[0::2] = parts
    merged[1::2] = hidden
    return "".join(merged)


class _ToCyrillic:
    """scheme -> Cyrillic: respell to 1995 (protected spans masked), then the 1995 steps."""

    def __init__(self, respeller: LatinRespeller, steps: list[Callable[[str], str]]) -> None:
        self._respeller = respeller
        self._steps = steps

    def __call__(self, text: str) -> str:
        if _MASK in text:
            return _MASK.join(self(part) for part in text.split(_MASK))
        text, hidden = self._respeller.masked(text)
        for step in self._steps:
            text = step(text)
        return _unmask(text, hidden)


def read_apostrophes(scheme: str) -> Callable[[str], str]:
    """The step that reads the apostrophes of Latin input in ``scheme`` (oʻ, gʻ, ʼ)."""
    if scheme == LATIN:
        return tables.engine("latin-apostrophes")
    # No oʻ/gʻ in a reformed scheme: an apostrophe between letters is the tutuq belgisi.
    return functools.partial(re.compile(_SCHEME_APOSTROPHE).sub, _TUTUQ)


def build_steps(
    source: str,
    target: str,
    apostrophe: str,
    keep: frozenset[str],
    latin_to_cyrillic: Callable[[str], str] | None = None,
) -> list[Callable[[str], str]]:
    """The conversion steps from a Latin scheme to Cyrillic or to another Latin scheme
    (Cyrillic input is converted by the transliterator with :func:`cyrillic_engine`);
    :class:`translit.Transliterator` runs them in order. To Cyrillic, the text is
    respelt in 1995 Latin and given to ``latin_to_cyrillic`` (the 1995 converter,
    without ``keep``: kept words are masked before it runs)."""
    a = load_scheme(source)
    if target == "cyrillic":
        if latin_to_cyrillic is None:
            raise ValueError("a scheme -> Cyrillic conversion needs the 1995 converter")
        to_1995 = LatinRespeller(a, load_scheme(LATIN), keep=keep)
        return [read_apostrophes(source), _ToCyrillic(to_1995, [latin_to_cyrillic])]
    b = load_scheme(target)
    style = tables.APOSTROPHE_STYLES[apostrophe]
    return [read_apostrophes(source), LatinRespeller(a, b, apostrophe=style, keep=keep)]
