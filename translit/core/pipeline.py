"""The word decisions, as a pipeline of named steps in one visible order.

Why: most words need nothing but the rule engine, but some need knowledge. In
Latin -> Cyrillic a word may be one the user asked to keep (Starlink), a Roman
numeral (XX), an English word (Good), a word with letters Uzbek Latin does not
have (Facebook), a loanword of the lexicon (film -> фильм), or a foreign stem
the writer marked with an apostrophe (Pepsiʼni). Each of these is a *step*: a
small object with a name that looks at one word and either decides its output
or passes. The first step that decides wins; a word no step decides is
converted by the rules (the engine). The order is the list
:data:`LATIN_CYRILLIC` below, in this module and nowhere else::

    kept -> brand -> name -> numeral -> english -> foreign -> lexicon -> dictionary
    -> marked-stem -> (rules)

URLs, e-mail addresses, @handles, #tags and domain names are found before any
word (protected spans, :mod:`translit.core.protect`) and kept as they are.

To add a step (a dictionary, a user lexicon, a list of brands), write a class
with ``name``, ``why``, ``__call__(word, next_char)`` and optionally
``candidates`` (a quick filter over many words, see :class:`Step`), and a
factory that takes the :class:`Options` and returns it (or None when the
options make it idle); insert the factory into :data:`LATIN_CYRILLIC` where
it belongs. :func:`translit.explain` then reports the step's name for the
words it decides, and the tests of the pipeline run it alone.

:func:`guess` says which rule decisions are guesses (``Token.sure`` is False):
see its docstring for the exact definition.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import compress, repeat

from . import tables
from .dictionary import RussianDictionary, russian_dictionary
from .lexicon import Lexicon, SuffixGrammar
from .prefixes import Heads, with_heads
from .protect import (
    FOREIGN_LETTER,
    INNER_CAPITAL_LINE,
    brand_names,
    english_words,
    has_inner_capital,
    is_abbreviation,
    is_foreign_latin,
    is_roman_numeral,
    marks_foreign_stem,
    roman_lines,
)

__all__ = [
    "CYRILLIC_LATIN",
    "LATIN_CYRILLIC",
    "Brand",
    "Decision",
    "DictionaryWord",
    "EnglishWord",
    "ForeignWord",
    "InnerCapital",
    "KeptStem",
    "KeptWord",
    "LexiconWord",
    "MarkedStem",
    "Options",
    "Pipeline",
    "RomanNumeral",
    "Step",
    "WordBatch",
    "guess",
    "span_kind",
]

_TUTUQ = tables.TUTUQ


@dataclass(frozen=True)
class Decision:
    """What decided one word: its ``output``, the ``step`` name, whether the decision is
    ``sure`` and ``why`` (a short sentence for a proofreader)."""

    output: str
    step: str
    sure: bool = True
    why: str = ""


class WordBatch:
    """Many distinct words at once, with the views that quick filters need (computed
    once, on first use): a step's :meth:`Step.candidates` reads them.

    Why the views are built as they are: a text never seen before brings tens of
    thousands of new words, so a filter that runs Python code for each word costs more
    than converting them. The views are made with C loops (``map``, ``compress``, set
    operations); Python runs only for the words with a capital, which are few.
    """

    def __init__(self, words: list[str]) -> None:
        self.words = words

    @cached_property
    def joined(self) -> str:
        """The words, one per line."""
        return "\n".join(self.words)

    def lines_with(self, pattern: re.Pattern[str], *, lower: bool = False) -> list[int]:
        """The indices of the words (or of the words in lower case) in which ``pattern``
        (which never matches a line break) is found: one search over the words joined,
        with Python work only for the words found."""
        text = self.lowered if lower else self.joined
        if text.count("\n") != len(self.words) - 1:  # a word with a line break in it
            return [
                i for i, w in enumerate(self.lows if lower else self.words) if pattern.search(w)
            ]
        search = pattern.search
        found: list[int] = []
        index = pos = 0  # the line that starts at pos
        while (m := search(text, pos)) is not None:
            index += text.count("\n", pos, m.start())
            found.append(index)
            end = text.find("\n", m.end())
            if end < 0:
                break
            index += 1
            pos = end + 1
        return found

    @cached_property
    def lowered(self) -> str:
        """The words in lower case, one per line."""
        return self.joined.lower()

    @cached_property
    def lows(self) -> list[str]:
        """Each word in lower case."""
        if self.lowered == self.joined:
            return self.words  # no capital at all: the common case of a word list
        lows = self.lowered.split("\n")
        # lower() never writes a line break, but a word may hold one.
        return lows if len(lows) == len(self.words) else [w.lower() for w in self.words]

    @cached_property
    def _capital_at(self) -> list[int]:
        if self.lows is self.words:
            return []
        return list(compress(range(len(self.words)), map(operator.ne, self.words, self.lows)))

    @cached_property
    def capitals(self) -> list[str]:
        """The words with a capital letter (``word.lower() != word``)."""
        return [self.words[i] for i in self._capital_at]

    @cached_property
    def capital_lows(self) -> list[str]:
        """:attr:`capitals` in lower case."""
        return [self.lows[i] for i in self._capital_at]

    @cached_property
    def heads(self) -> Heads:
        """:attr:`lows` with their first letters, for the prefix indexes of the lexicons."""
        return with_heads(self.lows)

    def where(self, chosen: Collection[str], *, lower: bool = False) -> set[str]:
        """The words (or the words whose lower case is) in ``chosen``."""
        keys = self.lows if lower else self.words
        return set(compress(self.words, map(chosen.__contains__, keys)))

    def of_lows(self, found: set[str]) -> set[str]:
        """The words whose lower case is in ``found``, a set of :attr:`lows`."""
        if self.lows is self.words:  # no capital: each word is its lower case
            return found
        return self.where(found, lower=True)


class Step:
    """One word decision. Subclasses set ``name`` and ``why`` and implement ``__call__``.

    ``__call__(word, next_char)`` returns the output of ``word`` (a run of letters;
    ``next_char`` is the character after it, "" at the end or when unknown) or None
    to pass. With ``next_char`` "" a step must decide whenever it might for some next
    character (a superset), since words are first judged out of context. Only the
    decision on a one-letter word may depend on ``next_char`` (V. is an initial, V a
    numeral): the converter remembers the decisions on longer words.

    ``candidates(batch)`` returns the words of the batch this step might decide (a
    superset), judged at C speed where possible, or None for "any word".
    """

    name: str = ""
    why: str = ""

    def __call__(self, word: str, next_char: str) -> str | None:
        raise NotImplementedError

    def candidates(self, batch: WordBatch) -> set[str] | None:
        return None

    def explain(self, word: str, next_char: str) -> Decision | None:
        """The :class:`Decision` for ``word``, or None when this step passes."""
        out = self(word, next_char)
        return None if out is None else Decision(out, self.name, True, self.why)


@dataclass(frozen=True)
class Options:
    """What the steps of a pipeline may depend on: the transliterator's options (words to
    ``keep``, the user's ``lexicon`` entries) and the ``engine`` of the direction."""

    keep: frozenset[str] = frozenset()
    lexicon: tuple[str, ...] = ()
    engine: Callable[[str], str] | None = None
    extra: dict[str, object] = field(default_factory=dict)


# --------------------------------------------------------------------------- steps


class KeptWord(Step):
    """Cyrillic input: a word the user asked to keep, alone or followed by Uzbek suffixes
    (Москвага -> Москваga): as for Latin input, the suffixes are converted and judged in
    Latin."""

    name = "kept"
    why = "a word you asked to keep"

    def __init__(self, keep: frozenset[str], engine: Callable[[str], str]) -> None:
        self.stems = sorted(keep, key=len, reverse=True)
        self.engine = engine

    def __call__(self, word: str, next_char: str) -> str | None:
        for stem in self.stems:
            if word == stem:
                return word
            if word.startswith(stem):
                rest = self.engine(word[len(stem) :])
                if tables.grammar().is_chain(rest.lower()):
                    return stem + rest
        return None


def _suffixed(word: str, stem_len: int, need_mark: bool) -> str | None:
    """``word`` = kept stem + optional ʼ + Uzbek suffix chain: the stem as it is, the
    chain converted; None when the rest is no suffix chain."""
    rest = word[stem_len:]
    mark = _TUTUQ if rest.startswith(_TUTUQ) else ""
    chain = rest[len(mark) :]
    if (need_mark and not mark) or not tables.grammar().is_chain(chain.lower()):
        return None
    return word[:stem_len] + mark + tables.engine("latin-cyrillic")(chain)


class KeptStem(Step):
    """A word the user asked to keep, alone or followed by Uzbek suffixes (Starlinkga ->
    Starlinkга): the stem stays, the suffixes are converted."""

    name = "kept"
    why = "a word you asked to keep"

    def __init__(self, keep: frozenset[str]) -> None:
        self.stems = sorted(keep, key=len, reverse=True)  # Starlinks before Starlink

    def __call__(self, word: str, next_char: str) -> str | None:
        for stem in self.stems:
            if word.startswith(stem) and (out := _suffixed(word, len(stem), False)):
                return out
        return None


_FIRST_THREE = operator.itemgetter(slice(None, 3))


class Brand(Step):
    """A brand or tech name of data/brands.txt (Google, Googleda -> Googleда): kept, its
    Uzbek suffixes converted."""

    name = "brand"
    why = "a brand name (data/brands.txt), kept"

    def __init__(self) -> None:
        self.brands = brand_names()
        self.sizes = sorted({len(b) for b in self.brands}, reverse=True)
        self.heads = frozenset(b[:3] for b in self.brands)
        # Every brand of the file has a capital, so only words with one can start with it.
        self.capitalised = all(b.lower() != b for b in self.brands)

    def __call__(self, word: str, next_char: str) -> str | None:
        if word[:3] in self.heads:
            for size in self.sizes:
                if word[:size] in self.brands and (out := _suffixed(word, size, False)):
                    return out
        return None

    def candidates(self, batch: WordBatch) -> set[str] | None:
        words = batch.capitals if self.capitalised else batch.words
        return set(compress(words, map(self.heads.__contains__, map(_FIRST_THREE, words))))


class InnerCapital(Step):
    """A name with a capital inside (iPhone, YouTube, YouTubeʼdagi -> YouTubeʼдаги): kept;
    Uzbek abbreviations (OʻzR, ToshDU) are not names and pass."""

    name = "name"
    why = "a name with a capital inside (iPhone, YouTube), kept"

    def __call__(self, word: str, next_char: str) -> str | None:
        mark = word.find(_TUTUQ)
        # The capital must stand inside the name itself, not in what follows a tutuq:
        # Aʼka in capitals (AʼKA, AʼkA) is a word, not a name A with a suffix.
        stem = word[:mark] if mark > 0 else word
        if not has_inner_capital(stem) or is_abbreviation(word, tables.grammar().is_chain):
            return None
        return (_suffixed(word, mark, True) or word) if mark > 0 else word

    def candidates(self, batch: WordBatch) -> set[str] | None:
        # One search over the words with a capital; the few it finds are asked in full.
        found = INNER_CAPITAL_LINE.findall("\n".join(batch.capitals))
        return set(filter(has_inner_capital, set(batch.capitals).intersection(found)))


class RomanNumeral(Step):
    """A Roman numeral in capitals (XX asr). A single I, V or X not followed by a full
    stop is read as a numeral too (V. Karimov is an initial): a guess."""

    name = "numeral"
    why = "a Roman numeral"

    def __call__(self, word: str, next_char: str) -> str | None:
        return word if is_roman_numeral(word, next_char) else None

    def candidates(self, batch: WordBatch) -> set[str] | None:
        # The lines are the words: Roman numerals are written in capitals.
        return roman_lines("\n".join(batch.capitals))

    def explain(self, word: str, next_char: str) -> Decision | None:
        if self(word, next_char) is None:
            return None
        if len(word) == 1:
            return Decision(word, self.name, False, "a single capital read as a Roman numeral")
        return Decision(word, self.name, True, self.why)


class EnglishWord(Step):
    """A common English word written with Uzbek letters (Good, Business): kept."""

    name = "english"
    why = "an English word (data/english-words.txt), kept"

    def __init__(self) -> None:
        self.words = english_words()

    def __call__(self, word: str, next_char: str) -> str | None:
        return word if word.lower() in self.words else None

    def candidates(self, batch: WordBatch) -> set[str] | None:
        # A word in lower case is its own lower case; only those with capitals are lowered.
        found = set(self.words.intersection(batch.words))
        found.update(compress(batch.capitals, map(self.words.__contains__, batch.capital_lows)))
        return found


class ForeignWord(Step):
    """A word with letters Uzbek Latin does not have (Facebook, Straße): kept; suffixes
    joined with the apostrophe are converted (Facebookʼda -> Facebookʼда)."""

    name = "foreign"
    why = "letters Uzbek Latin does not have: a foreign word, kept"

    def __call__(self, word: str, next_char: str) -> str | None:
        if not is_foreign_latin(word):
            return None
        mark = word.rfind(_TUTUQ)
        if mark > 0 and is_foreign_latin(word[:mark]):
            return _suffixed(word, mark, True) or word
        return word

    def candidates(self, batch: WordBatch) -> set[str] | None:
        return {batch.words[i] for i in batch.lines_with(FOREIGN_LETTER, lower=True)}


class LexiconWord(Step):
    """A loanword of the lexicon, alone or under Uzbek suffixes (filmlar -> фильмлар).

    A name of the lexicon followed by a possessive ending is a weak reading: when the
    lexicon has no other and the Russian dictionary (``rival``) reads the word, this
    step passes and the dictionary decides (Dalyaning: the name Далья + ning, not the
    city Далянь + ing "your Dalian")."""

    name = "lexicon"
    why = "a loanword of the lexicon"

    def __init__(self, lexicon: Lexicon, rival: RussianDictionary | None = None) -> None:
        self.lexicon = lexicon
        self.rival = rival

    def __call__(self, word: str, next_char: str) -> str | None:
        names_only = _in_compound_name(word, next_char)
        found = self.lexicon.reading(word, names_only)
        if found is None:
            return None
        out, weak = found
        if (
            weak
            and self.rival is not None
            and self.lexicon.lookup(word, names_only, possessive_names=False) is None
            and self.rival.lookup(word, names_only) is not None
        ):
            return None
        return out

    def candidates(self, batch: WordBatch) -> set[str] | None:
        return batch.of_lows(self.lexicon.matching(batch.heads))


def _in_compound_name(word: str, next_char: str) -> bool:
    """A title-case word before a hyphen is part of a compound name (Sent-Kits,
    San-Marino): only names apply to it, not common nouns (цент). GES-da is not one."""
    return next_char == "-" and word[:1].isupper() and not word.isupper()


class DictionaryWord(Step):
    """A Russian loanword or name that the lexicon does not list, alone or under Uzbek
    suffixes (impulslar -> импульслар, Vitkaning -> Витьканинг): the Russian dictionary
    of :mod:`translit.core.dictionary`. Native words are kept out of it, but it is
    knowledge about Russian, not Uzbek, so its decisions are reported as guesses."""

    name = "dictionary"
    why = "a Russian loanword or name (Russian dictionary)"

    def __init__(self, dictionary: RussianDictionary) -> None:
        self.dictionary = dictionary

    def __call__(self, word: str, next_char: str) -> str | None:
        return self.dictionary.lookup(word, _in_compound_name(word, next_char))

    def candidates(self, batch: WordBatch) -> set[str] | None:
        return batch.of_lows(self.dictionary.matching(batch.heads))

    def explain(self, word: str, next_char: str) -> Decision | None:
        out = self(word, next_char)
        return None if out is None else Decision(out, self.name, False, self.why)


class MarkedStem(Step):
    """A foreign stem in Uzbek letters that the writer marked with the apostrophe before
    the suffixes (Pepsiʼni -> Pepsiʼни); see :func:`translit.core.protect.marks_foreign_stem`."""

    name = "marked-stem"
    why = "a foreign stem marked by the apostrophe before Uzbek suffixes"

    def __call__(self, word: str, next_char: str) -> str | None:
        mark = word.find(_TUTUQ)
        if mark < 0 or not marks_foreign_stem(word, mark):
            return None
        if not word[mark + 1].isascii():
            return word  # converted before (Pepsiʼни): kept as it is
        return _suffixed(word, mark, True)

    def candidates(self, batch: WordBatch) -> set[str] | None:
        return set(compress(batch.words, map(operator.contains, batch.words, repeat(_TUTUQ))))


# --------------------------------------------------------------------------- the order

StepFactory = Callable[[Options], "Step | None"]

#: Latin (1995) -> Cyrillic: the steps in the order they are tried. A factory returns
#: None when the options leave its step nothing to do.
LATIN_CYRILLIC: list[StepFactory] = [
    lambda o: KeptStem(o.keep) if o.keep else None,
    lambda o: Brand(),
    lambda o: InnerCapital(),
    lambda o: RomanNumeral(),
    lambda o: EnglishWord(),
    lambda o: ForeignWord(),
    lambda o: LexiconWord(
        tables.lexicon_with(o.lexicon), russian_dictionary(tables.engine("latin-cyrillic"))
    ),
    lambda o: DictionaryWord(russian_dictionary(tables.engine("latin-cyrillic"))),
    lambda o: MarkedStem(),
]

#: Cyrillic -> Latin (every alphabet): only words to keep; the rules do the rest.
CYRILLIC_LATIN: list[StepFactory] = [
    lambda o: KeptWord(o.keep, o.engine) if o.keep and o.engine else None,
]


class Pipeline:
    """Steps tried in order on one word; the first that decides wins."""

    def __init__(self, steps: Sequence[Step]) -> None:
        self.steps = list(steps)
        self._calls = [s.__call__ for s in self.steps]

    @classmethod
    def build(cls, factories: Sequence[StepFactory], options: Options) -> Pipeline:
        return cls([s for f in factories if (s := f(options)) is not None])

    def __bool__(self) -> bool:
        return bool(self.steps)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.steps]

    def __call__(self, word: str, next_char: str) -> str | None:
        """The output of the first step that decides ``word``, else None (the rules)."""
        for call in self._calls:
            out = call(word, next_char)
            if out is not None:
                return out
        return None

    def decide(self, word: str, next_char: str) -> Decision | None:
        """The :class:`Decision` of the first step that decides ``word``, else None."""
        for step in self.steps:
            found = step.explain(word, next_char)
            if found is not None:
                return found
        return None

    def candidates(self, words: list[str]) -> list[str]:
        """The words some step might decide (a superset, found in bulk)."""
        chosen = self._chosen(words)
        if chosen is None:
            return words
        picked = set().union(*chosen)
        return [w for w in words if w in picked]

    def _chosen(self, words: list[str]) -> list[set[str]] | None:
        if not words or not self.steps:
            return [set()]
        batch = WordBatch(words)
        chosen: list[set[str]] = []
        for step in self.steps:
            found = step.candidates(batch)
            if found is None:
                return None
            chosen.append(found)
        return chosen

    def judge(self, words: list[str]) -> dict[str, str]:
        """The output of every word of ``words`` that some step decides (with no next
        character), found in bulk: each step runs only on the words its quick filter
        picked out, in the order of the pipeline."""
        chosen = self._chosen(words)
        if chosen is None:
            return {w: out for w in words if (out := self(w, "")) is not None}
        decided: dict[str, str] = {}
        for step, picked in zip(self.steps, chosen, strict=True):
            for w in picked:
                # Steps go in order, so an earlier step that picked w has passed on it;
                # a step that did not pick w would pass too (its filter is a superset).
                if w not in decided and (out := step(w, "")) is not None:
                    decided[w] = out
        return decided


# --------------------------------------------------------------------------- spans


def span_kind(text: str) -> str:
    """The step name of a protected span: "url", "email", "handle", "tag" or "domain"."""
    if "://" in text or text[:4].lower() == "www.":
        return "url"
    if text.startswith("@"):
        return "handle"
    if text.startswith("#"):
        return "tag"
    if "@" in text:
        return "email"
    return "domain"


SPAN_WHY = {
    "url": "a web address, kept",
    "email": "an e-mail address, kept",
    "handle": "an @handle, kept",
    "tag": "a #tag, kept",
    "domain": "a domain name, kept",
}


# --------------------------------------------------------------------------- guesses

_CONSONANT = "bdfghjklmpqrstvxz"  # not n (dunyo) and not y (tayyor)
_GUESSES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(rf"(?<=[{_CONSONANT}])ye"),
        "ye after a consonant may be ъе (объект) as well as ье (премьер); no dictionary entry",
    ),
    (
        re.compile(rf"(?<=[{_CONSONANT}])y[aoui]"),
        "y after a consonant may follow ь or ъ (Марья, объём, Ильин); no dictionary entry",
    ),
]
_TS = re.compile("ts")


def _native_ts(low: str, at: int, grammar: SuffixGrammar) -> bool:
    """t + s at a suffix boundary (ketsa, mehnatsiz, aytsin) is native тс: a stem with a
    vowel ends in t, and the rest is a suffix chain or a verb ending (sa, sin) and one."""
    if not any(v in low[:at] for v in "aeiou"):
        return False
    rest = low[at + 1 :]
    if grammar.is_chain(rest):
        return True
    verbs = [v for v in grammar.slots.get("VERB", []) if v.startswith("s")]
    return any(rest.startswith(v) and grammar.is_chain(rest[len(v) :]) for v in verbs)


def guess(word: str) -> str | None:
    """Why the rules only guessed the Cyrillic of the Latin ``word``, or None when they
    did not guess.

    Latin dropped what Cyrillic writes with ц, ь, ъ and э; the rules restore it where a
    context decides (militsiya -> милиция after a vowel; obyekt needs the lexicon). A
    word the rules converted alone is a guess when it holds one of these spots that no
    rule context settles:

    - ``ts`` that is not t + the start of a suffix (ketsa, mehnatsiz, aytsin are тс:
      a stem with a vowel, then a suffix chain of data/suffixes.txt or a verb ending
      there that starts with s, and a chain) and not inside -tsiya/-tsion after a
      vowel or a -tsov/-tsev surname: ц or тс. So a loanword ending in -tsa reads as
      a verb (tablitsa is not flagged: a known limit);
    - ``ye`` after a consonant other than n and y: ье (premyer) or ъе (obyekt);
    - ``ya``/``yo``/``yu``/``yi`` after such a consonant: ь may stand before it (Marya,
      Марья; Ilyin, Ильин).

    Words a step decided (lexicon, kept, foreign, ...) are never guesses by this test.
    """
    low = word.lower()
    for m in _TS.finditer(low):
        at = m.start()
        if _by_context(low, at) or _native_ts(low, at, tables.grammar()):
            continue
        return "ts may be ц in a loanword (таблица) or т + с; no dictionary entry"
    for pattern, why in _GUESSES:
        if pattern.search(low):
            return why
    return None


_SURNAME_TS = re.compile(r"ts[oe]va?(?:$|[ngldi])")  # Inozemtsov, Simbirtseva


def _by_context(low: str, at: int) -> bool:
    """True when a context rule of latin-cyrillic.rules decides the ts at ``at``."""
    if at > 0 and low[at - 1] in "aeiou" and low.startswith(("tsiya", "tsion"), at):
        return True
    return _SURNAME_TS.match(low, at) is not None
