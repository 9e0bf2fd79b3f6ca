"""The public conversion API: :class:`Transliterator`, :func:`to_latin`, :func:`to_cyrillic`.

A transliterator composes independent layers, each simple on its own:

- the rule engine (:mod:`translit.core.engine`), which converts letters by the rule tables
  in two C-speed passes;
- protected spans (:mod:`translit.core.protect`: URLs, e-mail addresses, @handles, #tags,
  Roman numerals, foreign words) and words to ``keep``, which are left as they are;
- for Latin input, the apostrophe reader (a rule table: ʻ, ʼ or quotation mark) and the
  loanword lexicon (:mod:`translit.core.lexicon`).

They meet in the word layer, which works on space-separated tokens and remembers the
conversion of every distinct token (up to a bound), so that a repeated word costs one
dict lookup and the layers run only on new tokens, in bulk. Cyrillic input without
anything to protect skips the word layer and goes straight to the engine.

Streaming relies on one property of all layers: nothing looks across whitespace. A
text cut just before any whitespace character converts piece by piece exactly as it
does whole, so :meth:`Transliterator.stream` cuts there, and long texts are converted
in pieces that fit the CPU caches.
"""

from __future__ import annotations

import functools
import operator
import os
import pickle
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from itertools import chain, compress
from typing import NamedTuple

from . import tables
from .pipeline import CYRILLIC_LATIN, LATIN_CYRILLIC, Decision, Options, Pipeline
from .protect import may_have_spans, protected_spans, span_marks
from .quotes import final_apostrophes
from .schemes import build_steps, cyrillic_engine, read_apostrophes, scheme_names
from .tables import APOSTROPHE_STYLES

__all__ = [
    "APOSTROPHE_STYLES",
    "OPTIONS",
    "SCRIPTS",
    "Segment",
    "Transliterator",
    "WordLayer",
    "to_cyrillic",
    "to_latin",
]

#: Script names accepted by :class:`Transliterator`.
SCRIPTS: tuple[str, ...] = ("cyrillic", "latin", *scheme_names())  # + data/schemes/*.rules
#: Options accepted by :class:`Transliterator`, with their defaults.
OPTIONS: dict[str, object] = {"apostrophe": "unicode", "keep": (), "lexicon": ()}

_WORD = re.compile(r"[^\W\d_]+")
# Characters of new text remembered before the caches start again: some 20-40 MB of
# tokens, their conversions and the judged words (each character is stored about
# twice, as str objects of one to four bytes a character, plus dict and set slots).
_CACHE_CHARS = 4_000_000
_CHUNK_LIMIT = 1 << 16
_PIECE = 1 << 14  # characters per piece of a long text (measured best of 2^14..2^18)


#: A user lexicon: a file name, or the lines of such a file (one Cyrillic word each).
LexiconSource = str | os.PathLike[str] | Iterable[str]

_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]+")


def lexicon_entries(lexicon: LexiconSource) -> tuple[str, ...]:
    """The words of a user lexicon: a file in the format of ``data/lexicon/*.txt`` (a path:
    one Cyrillic word per line, ``#`` starts a comment) or an iterable of such lines."""
    if isinstance(lexicon, (str, os.PathLike)):
        try:
            with open(lexicon, encoding="utf-8-sig") as handle:
                lines: Iterable[object] = handle.read().splitlines()
        except UnicodeDecodeError:
            raise ValueError(f"lexicon {os.fspath(lexicon)}: not valid UTF-8") from None
        where = f"lexicon {os.fspath(lexicon)}"
    elif isinstance(lexicon, Iterable):
        lines, where = lexicon, "lexicon"
    else:  # options come untyped through Transliterator(**options)
        raise ValueError("lexicon must be a file name or an iterable of Cyrillic words")
    entries = []
    for lineno, line in enumerate(lines, 1):
        word = str(line).split("#", 1)[0].strip()
        if not word:
            continue
        if not _CYRILLIC_WORD.fullmatch(word):
            raise ValueError(
                f"{where}, line {lineno}: {word!r} is not one word in Cyrillic letters "
                "(the lexicon lists the Cyrillic spelling, e.g. цирк, фильм)"
            )
        entries.append(word)
    return tuple(dict.fromkeys(entries))


class Segment(NamedTuple):
    """A part of a token whose output the engine alone does not give: a word a step
    decided (``decision``) or a protected span (``span`` True); positions in the token."""

    start: int
    end: int
    output: str
    decision: Decision | None = None
    span: bool = False


class WordLayer:
    """Converts text token by token (tokens = the pieces between spaces), remembering the
    conversion of every distinct token, so that a repeated token costs one dict lookup.

    A new token goes through ``prepare`` (Latin: reading the apostrophes) and the engine
    in bulk with the other new tokens, and through the word ``pipeline`` for its words
    (lexicon, kept and foreign words...); protected spans (URLs...) are kept as they are.
    """

    def __init__(
        self,
        engine: Callable[[str], str],
        pipeline: Pipeline,
        prepare: Callable[[str], str] | None = None,
    ) -> None:
        self.engine = engine
        self.pipeline = pipeline
        self.prepare = prepare
        self._seen: dict[str, str] = {}  # token -> its conversion
        self._known: set[str] = set()  # words judged by the pipeline
        # ... and the output of those a step decides (with no next character; only a
        # one-letter word's decision may depend on it: Step.__call__)
        self._special: dict[str, str] = {}
        self._size = 0  # characters of the texts whose tokens were remembered
        self._lock = threading.Lock()

    def __call__(self, text: str) -> str:
        tokens = text.split(" ")
        # A text whose tokens were all seen costs one lookup per token, at C speed.
        try:
            if len(tokens) == 1:
                return self._seen[text]
            # One itemgetter call looks every token up: 8-10 % faster than map(getitem)
            # (measured interleaved on the corpus, best and median of 30 runs).
            return " ".join(operator.itemgetter(*tokens)(self._seen))
        except KeyError:  # some tokens are new
            pass
        return self._convert_new(tokens)

    def _convert_new(self, tokens: list[str]) -> str:
        """Convert tokens of which some are new: the new ones together, at C speed.

        The new tokens are found with set operations, joined, prepared and converted by
        the engine in one pass each. Python work is spent only on words never judged
        before that a step's quick filter picks out, and on the few tokens where a
        decided word or a protected span stands (found by a regular expression).
        """
        seen = self._seen
        new = list(set(tokens).difference(seen))
        converted = self._learn(new)
        if seen is not self._seen:  # the caches started again: seen is the old generation
            learned = dict(zip(new, converted, strict=True))
            return " ".join(learned[t] if t in learned else seen[t] for t in tokens)
        if len(tokens) == 1:
            return seen[tokens[0]]
        return " ".join(operator.itemgetter(*tokens)(seen))

    def _learn(self, new: list[str]) -> list[str]:
        """The conversions of the tokens ``new``, which are remembered."""
        joined = " ".join(new)
        ready = self.prepare(joined) if self.prepare else joined
        plain = self.engine(ready).split(" ")
        ready_tokens = ready.split(" ")
        marked: list[int] | range
        if not len(plain) == len(ready_tokens) == len(new):  # a rule wrote a space
            ready_tokens = [self.prepare(t) if self.prepare else t for t in new]
            plain = [self.engine(t) for t in ready_tokens]
            marked = range(len(new))  # every token looked at
        else:
            marked = self._marked(joined, ready_tokens)
        if marked:
            for i in marked:
                converted = self._convert_token(new[i], ready_tokens[i])
                if converted is not None:
                    plain[i] = converted
        with self._lock:
            self._size += len(joined)
            if self._size > _CACHE_CHARS:
                # Memory stays bounded however many distinct tokens and words a stream
                # has: everything remembered is dropped and learnt again (a generation).
                self._seen = {}
                self._known = set()
                self._special = {}
                self._size = len(joined)
            self._seen.update(zip(new, plain, strict=True))
        return plain

    def _marked(self, joined: str, ready_tokens: list[str]) -> list[int]:
        """Indices of the tokens (of ``joined`` and, prepared, ``ready_tokens``) that
        hold a word a step decides or a protected span.

        Why so many C loops: on a text never seen before every word is new, so the
        words are found without a Python step per token (a token of letters only is a
        word; the others are searched with ``map``), and so are the tokens holding a
        word that a step decides.
        """
        marked: set[int] = set()
        if self.pipeline:
            alpha = list(map(str.isalpha, ready_tokens))
            other = list(map(operator.not_, alpha))
            others_at = list(compress(range(len(ready_tokens)), other))
            others = list(map(_WORD.findall, compress(ready_tokens, other)))
            words = set(compress(ready_tokens, alpha))
            words.update(chain.from_iterable(others))
            specials = self._specials(words)
            if specials:
                marked.update(
                    compress(range(len(ready_tokens)), map(specials.__contains__, ready_tokens))
                )
                held = map(operator.not_, map(specials.isdisjoint, others))
                marked.update(compress(others_at, held))
        if may_have_spans(joined):
            index = pos = 0
            for at in span_marks(joined):  # count the spaces before each place, once
                index += joined.count(" ", pos, at)
                pos = at
                marked.add(index)
        return sorted(marked)

    def _specials(self, words: set[str]) -> set[str]:
        """The ``words`` that some step decides (each word judged once)."""
        new = words.difference(self._known)
        if new:
            listed = list(new)
            found = self.pipeline.judge(listed)
            with self._lock:
                self._known.update(listed)
                self._special.update(found)
        return words.intersection(self._special)

    def segments(self, token: str, ready: str, explain: bool = False) -> list[Segment]:
        """The parts of ``token`` that the engine must not convert by itself, in order.

        ``ready`` is the prepared token (same length: prepare rewrites characters one for
        one); words are read from it, protected spans are kept from the original. With
        ``explain`` each decided word carries its :class:`Decision`.
        """
        if len(ready) != len(token):
            token = ready
        fixed: list[Segment] = []
        pos = 0
        pipeline = self.pipeline
        for start, end in [*protected_spans(token), (len(token), len(token))]:
            if pipeline:
                for m in _WORD.finditer(ready, pos, start):
                    nxt = ready[m.end() : m.end() + 1]
                    if explain:
                        decision = pipeline.decide(m.group(), nxt)
                        if decision is not None:
                            fixed.append(Segment(m.start(), m.end(), decision.output, decision))
                    elif m.group() in self._known and m.group() not in self._special:
                        continue  # judged before: no step decides it (whatever follows)
                    elif len(m.group()) > 1 and m.group() in self._special and nxt != "-":
                        # (Before a hyphen the lexicon steps decide again in context: a
                        # title-case word there is part of a compound name, Sent-Kits.)
                        fixed.append(Segment(m.start(), m.end(), self._special[m.group()]))
                    else:
                        converted = pipeline(m.group(), nxt)
                        if converted is not None:
                            fixed.append(Segment(m.start(), m.end(), converted))
            if start < end:
                fixed.append(Segment(start, end, token[start:end], span=True))
            pos = end
        return fixed

    def _convert_token(self, token: str, ready: str) -> str | None:
        """The conversion of a token whose parts need more than the engine, else None."""
        fixed = self.segments(token, ready)
        if not fixed:
            return None
        out: list[str] = []
        last = 0
        for seg in fixed:
            out.append(self.engine(ready[last : seg.start]))
            out.append(seg.output)
            last = seg.end
        out.append(self.engine(ready[last:]))
        return "".join(out)


class _SpanLayer:
    """Cyrillic input: the engine everywhere, except in the few tokens that may hold a
    protected span (URL, e-mail address...), which the word layer converts.

    Cyrillic words need no lexicon, so most texts go straight to the engine; a token is
    looked at only around a character that every span contains (@, #, ://, a full stop
    before a Latin letter, www.).
    """

    def __init__(self, words: WordLayer) -> None:
        self.engine = words.engine
        self.words = words

    def __call__(self, text: str) -> str:
        if not may_have_spans(text):
            return self.engine(text)
        out: list[str] = []
        last = 0
        for at in span_marks(text):
            if at < last:
                continue  # inside the token just converted
            start = text.rfind(" ", 0, at) + 1
            end = text.find(" ", at)
            end = len(text) if end < 0 else end
            out.append(self.engine(text[last:start]))
            out.append(self.words(text[start:end]))
            last = end
        out.append(self.engine(text[last:]))
        return "".join(out)


class Transliterator:
    """A reusable, thread-safe converter from one script to another.

    >>> tr = Transliterator("cyrillic", "latin")
    >>> tr("Ўзбекистон Республикаси")
    'Oʻzbekiston Respublikasi'
    >>> Transliterator("latin", "cyrillic")("Kompyuterlarimizda film bor")
    'Компьютерларимизда фильм бор'

    Options:

    ``apostrophe``
        Latin output only: ``"unicode"`` (ʻ ʼ, the default), ``"ascii"`` (') or
        ``"typographic"`` (‘ for oʻ/gʻ, ’ for the tutuq belgisi).
    ``keep``
        Words never converted (brand names...). A kept word followed by Uzbek
        suffixes keeps its stem: ``keep=["Starlink"]`` gives ``Starlinkга``.
    ``lexicon``
        Your own loanwords, merged over the built-in lexicon (Latin -> Cyrillic only):
        a file name (the format of ``translit/data/lexicon/*.txt``: one Cyrillic word
        per line, ``#`` comments) or a list of Cyrillic words, e.g. ``["ноутбук"]``.

    Unknown scripts or options raise :class:`ValueError` naming the valid ones.

    A transliterator pickles to its constructor arguments (a few hundred bytes) and is
    rebuilt once per process where it is unpickled, so it can be shipped to
    ``multiprocessing``, Spark or Dask workers cheaply.
    """

    def __init__(self, source: str, target: str, **options: object) -> None:
        for name in options:
            if name not in OPTIONS:
                raise ValueError(
                    f"unknown option {name!r}; valid options: {', '.join(sorted(OPTIONS))}"
                )
        for script in (source, target):
            if script not in SCRIPTS:
                raise ValueError(f"unknown script {script!r}; valid scripts: {', '.join(SCRIPTS)}")
        if source == target:
            raise ValueError(f"source and target are both {source!r}")
        apostrophe = options.get("apostrophe", "unicode")
        if apostrophe not in APOSTROPHE_STYLES:
            raise ValueError(
                f"unknown apostrophe style {apostrophe!r}; valid styles: "
                f"{', '.join(APOSTROPHE_STYLES)}"
            )
        keep_opt = options.get("keep", ())
        if isinstance(keep_opt, str) or not isinstance(keep_opt, Iterable):
            raise ValueError("keep must be an iterable of words, e.g. keep=['Starlink']")
        keep = frozenset(str(w) for w in keep_opt if str(w))
        entries = lexicon_entries(options.get("lexicon", ()))  # type: ignore[arg-type]
        self.source = source
        self.target = target
        self.options: dict[str, object] = {
            "apostrophe": apostrophe,
            "keep": keep,
            "lexicon": entries,
        }
        #: The word layer (None for the Latin schemes): what :func:`translit.explain` reads.
        self.words: WordLayer | None = None
        self._steps = self._build(str(apostrophe), keep, entries)

    def _build(
        self, apostrophe: str, keep: frozenset[str], entries: tuple[str, ...]
    ) -> list[Callable[[str], str]]:
        if self.source == "cyrillic":
            if self.target == "latin":
                engine = tables.engine("cyrillic-latin", apostrophe)
            else:  # latin-2021/2023/2026: see translit/core/schemes.py
                engine = cyrillic_engine(self.target, apostrophe)
            options = Options(keep=keep, lexicon=entries, engine=engine)
            words = WordLayer(engine, Pipeline.build(CYRILLIC_LATIN, options))
            self.words = words
            # Kept words can be anywhere: then every token goes through the word layer.
            return [words] if keep else [_SpanLayer(words)]
        if self.source == "latin" and self.target == "cyrillic":
            engine = tables.engine("latin-cyrillic")
            options = Options(keep=keep, lexicon=entries, engine=engine)
            words = WordLayer(
                engine, Pipeline.build(LATIN_CYRILLIC, options), read_apostrophes("latin")
            )
            self.words = words
            return [words]
        # latin-2021/2023/2026 -> Cyrillic, or Latin -> Latin: see translit/core/schemes.py.
        # Kept words are masked before the 1995 converter runs, so it gets no keep.
        # The word-final apostrophes are read once, by __call__ on the whole text.
        to_cyrillic = None
        if self.target == "cyrillic":
            to_cyrillic = (
                _with_options("latin", "cyrillic", "unicode", frozenset(), entries)
                if entries
                else _default("latin", "cyrillic")
            ).convert_piece
        return build_steps(self.source, self.target, apostrophe, keep, to_cyrillic)

    def __call__(self, text: str) -> str:
        """Convert ``text`` and return the result."""
        if not isinstance(text, str):
            raise TypeError(f"expected str, got {type(text).__name__}")
        if self.source != "cyrillic":
            # A mark at the end of a word depends on the line before it (foji’ vs ‘kitob’).
            text = final_apostrophes(text)[0]
        return self.convert_piece(text)

    def convert_piece(self, text: str) -> str:
        """Convert ``text`` whose word-final apostrophes were already read (Latin input:
        :func:`translit.core.quotes.final_apostrophes` on the whole line); :meth:`__call__`
        does both. For Cyrillic input the same as calling the converter."""
        if len(text) > 2 * _PIECE:
            # Long texts go piece by piece: the passes then work within the CPU caches
            # (measured 2.5x faster on a 2 MB text) and give the same result.
            return "".join(self._convert(piece) for piece in _pieces(text))
        return self._convert(text)

    def _convert(self, text: str) -> str:
        for step in self._steps:
            text = step(text)
        return text

    def stream(self, chunks: Iterable[str]) -> Iterator[str]:
        """Convert a text given in pieces, yielding converted pieces as soon as possible.

        ``"".join(tr.stream(chunks)) == tr("".join(chunks))`` however the text is cut.
        Output is produced at whitespace, so memory stays bounded by the longest run of
        text without whitespace.
        """
        pending = ""
        quote_open = False  # a quotation opened on the current line (Latin input)
        latin = self.source != "cyrillic"
        for chunk in chunks:
            if not chunk:
                continue
            pending += chunk
            cut = _last_cut(pending)
            if cut > 0:
                piece = pending[:cut]
                if latin:
                    piece, quote_open = final_apostrophes(piece, quote_open)
                yield self.convert_piece(piece)
                pending = pending[cut:]
        if pending:
            if latin:
                pending = final_apostrophes(pending, quote_open)[0]
            yield self.convert_piece(pending)

    def __reduce__(self) -> tuple[Callable[[bytes], Transliterator], tuple[bytes]]:
        # Pickled as its constructor arguments (the compiled tables and the word cache do
        # not travel): a worker process rebuilds it once, then reuses it (see _rebuilt).
        options = {
            name: tuple(sorted(value)) if isinstance(value, (set, frozenset)) else value
            for name, value in sorted(self.options.items())
        }
        return _rebuilt, (pickle.dumps((self.source, self.target, options)),)

    def __repr__(self) -> str:
        return f"Transliterator({self.source!r}, {self.target!r})"


_REBUILT: dict[bytes, Transliterator] = {}
_REBUILT_LOCK = threading.Lock()
_REBUILT_LIMIT = 32  # distinct configurations kept per process


def _rebuilt(arguments: bytes) -> Transliterator:
    """The transliterator pickled as ``arguments``, built once per process.

    Why: Spark, Dask and ``multiprocessing`` unpickle the transliterator with every task;
    building it (compiling the tables) each time would cost more than most tasks. The
    arguments stay pickled bytes, so they are both the cache key and read only on a miss.
    """
    found = _REBUILT.get(arguments)
    if found is not None:
        return found
    with _REBUILT_LOCK:  # two threads unpickling at once still build it once
        found = _REBUILT.get(arguments)
        if found is None:
            source, target, options = pickle.loads(arguments)
            found = Transliterator(source, target, **options)
            if len(_REBUILT) >= _REBUILT_LIMIT:
                _REBUILT.pop(next(iter(_REBUILT)))
            _REBUILT[arguments] = found
        return found


_SPACE = re.compile(r"\s")


def _pieces(text: str) -> Iterator[str]:
    """``text`` cut into pieces of about ``_PIECE`` characters, each cut just before a
    space or newline (the cuts that never change the result)."""
    pos, n = 0, len(text)
    while n - pos > 2 * _PIECE:
        end = pos + _PIECE
        cut = max(text.rfind(" ", pos + 1, end), text.rfind("\n", pos + 1, end))
        if cut < 0:
            found = _SPACE.search(text, end)
            if found is None:
                break
            cut = found.start()
        yield text[pos:cut]
        pos = cut
    yield text[pos:]


def _last_cut(text: str) -> int:
    """Position just before the last whitespace character (0: no safe cut)."""
    cut = max(text.rfind(" "), text.rfind("\n"))
    if cut <= 0 and len(text) > _CHUNK_LIMIT:
        # No space or newline: look for any other whitespace character.
        last = -1
        for m in _SPACE.finditer(text):
            last = m.start()
        cut = last
    return max(cut, 0)


@functools.lru_cache(maxsize=8)
def _default(source: str, target: str, apostrophe: str = "unicode") -> Transliterator:
    return Transliterator(source, target, apostrophe=apostrophe)


@functools.lru_cache(maxsize=32)
def _with_options(
    source: str, target: str, apostrophe: str, keep: frozenset[str], entries: tuple[str, ...]
) -> Transliterator:
    # Building a transliterator with options costs some 300 µs (more with a lexicon):
    # to_latin/to_cyrillic called in a loop with the same keep= must not pay it each time.
    return Transliterator(source, target, apostrophe=apostrophe, keep=keep, lexicon=entries)


def _convert(
    source: str,
    target: str,
    text: str,
    apostrophe: str,
    keep: Iterable[str],
    lexicon: LexiconSource,
) -> str:
    if apostrophe not in APOSTROPHE_STYLES:
        raise ValueError(
            f"unknown apostrophe style {apostrophe!r}; valid styles: {', '.join(APOSTROPHE_STYLES)}"
        )
    if isinstance(keep, str) or not isinstance(keep, Iterable):
        raise ValueError("keep must be an iterable of words, e.g. keep=['Starlink']")
    kept = frozenset(str(w) for w in keep if str(w))
    entries = lexicon_entries(lexicon)
    if not kept and not entries:
        return _default(source, target, apostrophe)(text)
    return _with_options(source, target, apostrophe, kept, entries)(text)


def to_latin(
    text: str, *, apostrophe: str = "unicode", keep: Iterable[str] = (), lexicon: LexiconSource = ()
) -> str:
    """Convert Uzbek Cyrillic ``text`` to Uzbek Latin (1995 alphabet).

    >>> to_latin("Тошкент шаҳри, Исҳоқ, объект, цирк, милиция")
    'Toshkent shahri, Isʼhoq, obyekt, sirk, militsiya'
    >>> to_latin("Ўзбекистон", apostrophe="ascii")
    "O'zbekiston"
    >>> to_latin("Москва ва Тошкент", keep=["Москва"])
    'Москва va Toshkent'

    Everything that is not Uzbek Cyrillic (Latin words, digits, punctuation, URLs,
    emoji) passes through unchanged. The options are those of :class:`Transliterator`
    (``lexicon`` matters only for Latin -> Cyrillic); a transliterator built for a set
    of options is reused by later calls with the same options.
    """
    return _convert("cyrillic", "latin", text, apostrophe, keep, lexicon)


def to_cyrillic(text: str, *, keep: Iterable[str] = (), lexicon: LexiconSource = ()) -> str:
    """Convert Uzbek Latin ``text`` to Uzbek Cyrillic.

    >>> to_cyrillic("Oʻzbekiston, sirkka bordik, yoʻl, Isʼhoq")
    'Ўзбекистон, циркка бордик, йўл, Исҳоқ'
    >>> to_cyrillic("Starlink va Telegram", keep=["Starlink"])
    'Starlink ва Телеграм'
    >>> to_cyrillic("keshbek va tyutorlar", lexicon=["кэшбэк", "тьютор"])
    'кэшбэк ва тьюторлар'

    Any apostrophe character is accepted for oʻ, gʻ and ʼ. URLs, e-mail addresses,
    @handles, #tags, Roman numerals, words with non-Uzbek letters, brands
    (``translit/data/brands.txt``) and names with a capital inside (iPhone, YouTube) are
    kept. The options are those of :class:`Transliterator`.
    """
    return _convert("latin", "cyrillic", text, "unicode", keep, lexicon)
