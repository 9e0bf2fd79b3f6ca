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

from .engine import Engine
from .lexicon import Lexicon, SuffixGrammar, load_entries
from .protect import (
    brand_names,
    english_words,
    has_inner_capital,
    is_abbreviation,
    is_foreign_latin,
    is_roman_numeral,
    marks_foreign_stem,
    may_have_spans,
    odd_lines,
    protected_spans,
    roman_lines,
)
from .quotes import final_apostrophes
from .rules import RuleTable, load_table
from .schemes import scheme_names

__all__ = ["APOSTROPHE_STYLES", "OPTIONS", "SCRIPTS", "Transliterator", "to_cyrillic", "to_latin"]

#: Script names accepted by :class:`Transliterator`.
SCRIPTS: tuple[str, ...] = ("cyrillic", "latin", *scheme_names())  # + data/schemes/*.rules
#: How the turned comma (oʻ, gʻ) and the tutuq belgisi (ʼ) are written in Latin output.
APOSTROPHE_STYLES: dict[str, tuple[str, str]] = {
    "unicode": ("\u02bb", "\u02bc"),  # ʻ ʼ: the official characters
    "ascii": ("'", "'"),
    "typographic": ("\u2018", "\u2019"),  # ‘ ’: what many publishers print
}
#: Options accepted by :class:`Transliterator`, with their defaults.
OPTIONS: dict[str, object] = {"apostrophe": "unicode", "keep": (), "lexicon": ()}

_WORD = re.compile(r"[^\W\d_]+")
_PUNCTUATION = ".,;:!?()[]{}«»\"'“”„‘’`…—–-"
# What every protected span contains (see protect.may_have_spans).
_SPAN_MARK = re.compile(r"[@#]|://|\.[A-Za-z]|[wW][wW][wW]\.")
_CACHE_LIMIT = 100_000  # distinct tokens remembered (about 25 MB)
_CHUNK_LIMIT = 1 << 16
_PIECE = 1 << 14  # characters per piece of a long text (measured best of 2^14..2^18)


@functools.cache
def _table(name: str) -> RuleTable:
    if name == "cyrillic-latin":
        return load_table("cyrillic-latin.rules").extended(
            load_table("cyrillic-latin.exceptions").rules
        )
    return load_table(f"{name}.rules")


@functools.cache
def _engine(name: str, apostrophe: str = "unicode") -> Engine:
    table = _table(name)
    if apostrophe != "unicode":
        turned, tutuq = APOSTROPHE_STYLES[apostrophe]
        table = table.replace_targets({"\u02bb": turned, "\u02bc": tutuq})
    return Engine(table)


@functools.cache
def _lexicon() -> Lexicon:
    to_lat = _engine("cyrillic-latin")
    return Lexicon(
        load_entries(), to_lat, _engine("latin-cyrillic"), SuffixGrammar.default(), [_by_rule()]
    )


@functools.lru_cache(maxsize=8)
def _lexicon_with(entries: tuple[str, ...]) -> Lexicon:
    """The built-in lexicon with the user's own words merged over it: an entry of the
    user's takes a Latin key that a built-in entry also has (the first entry wins)."""
    if not entries:
        return _lexicon()
    return Lexicon(
        [*entries, *load_entries()],
        _engine("cyrillic-latin"),
        _engine("latin-cyrillic"),
        SuffixGrammar.default(),
        [_by_rule()],
    )


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


def _by_rule() -> Callable[[str], str]:
    """Cyrillic -> Latin by the rules without the lexical exceptions (сентябрь: sentyabr,
    not sentabr), so that the lexicon also reads the spelling by rule.

    The exceptions apply only at the start of a word (``# _``), so after a letter the
    rules alone spell the word: each line that starts with an exception gets a б in
    front, which comes out as one b and is cut off. This saves compiling a second
    Cyrillic engine (a fifth of the first to_cyrillic() call).
    """
    exceptions = load_table("cyrillic-latin.exceptions").rules
    if any(r.left != ("#",) or r.source[0] in "еЕёЁюЮяЯцЦ" for r in exceptions):
        return Engine(load_table("cyrillic-latin.rules"))  # the б would change the rules
    to_lat = _engine("cyrillic-latin")
    starts = tuple(r.source for r in exceptions)

    def convert(text: str) -> str:
        lines = text.split("\n")
        marked = [line.lower().startswith(starts) for line in lines]
        out = to_lat("\n".join("б" + x if m else x for x, m in zip(lines, marked, strict=True)))
        outs = out.split("\n")
        return "\n".join(o[1:] if m else o for o, m in zip(outs, marked, strict=True))

    return convert


class _WordLayer:
    """Converts text token by token (tokens = the pieces between spaces), remembering the
    conversion of every distinct token, so that a repeated token costs one dict lookup.

    A new token goes through ``prepare`` (Latin: reading the apostrophes) and the engine
    in bulk with the other new tokens, and through ``convert_word`` for its words (the
    lexicon, kept words, foreign words); protected spans (URLs...) are kept as they are.
    """

    def __init__(
        self,
        engine: Callable[[str], str],
        convert_word: Callable[[str, str], str | None],
        prepare: Callable[[str], str] | None = None,
        candidates: Callable[[list[str]], list[str]] | None = None,
    ) -> None:
        self._engine = engine
        self._convert_word = convert_word
        self._prepare = prepare
        # A quick bulk filter: the words ``convert_word`` might convert (a superset).
        self._candidates = candidates
        self._seen: dict[str, str] = {}
        self._lock = threading.Lock()

    def __call__(self, text: str) -> str:
        tokens = text.split(" ")
        # Every step over all tokens runs at C speed; only new tokens cost Python work.
        try:
            if len(tokens) == 1:
                return self._seen[text]
            # One itemgetter call looks every token up: 8-10 % faster than map(getitem)
            # (measured interleaved on the corpus, best and median of 30 runs).
            return " ".join(operator.itemgetter(*tokens)(self._seen))
        except KeyError:  # some tokens are new
            pass
        results = list(map(self._seen.get, tokens))
        learned = self._learn({t for t, r in zip(tokens, results, strict=True) if r is None})
        results = [learned[t] if r is None else r for t, r in zip(tokens, results, strict=True)]
        return " ".join(results)  # type: ignore[arg-type]  # no None is left

    def _learn(self, tokens: set[str]) -> dict[str, str]:
        new = list(tokens)
        joined = " ".join(new)
        ready = self._prepare(joined) if self._prepare else joined
        # The engine and prepare keep every space (no rule looks across one), so the new
        # tokens are converted together and split apart again.
        plain = self._engine(ready).split(" ")
        ready_tokens = ready.split(" ")
        if not len(plain) == len(ready_tokens) == len(new):  # a rule wrote a space: go one by one
            ready_tokens = [self._prepare(t) if self._prepare else t for t in new]
            plain = [self._engine(t) for t in ready_tokens]
        results = dict(zip(new, plain, strict=True))
        # Only tokens with a protected span or a special word need a closer look. Words
        # are judged once each; with no next character given, a word is judged special
        # whenever it might be (a one-letter Roman numeral), and the token decides.
        convert_word = self._convert_word
        words = list(set(_WORD.findall(ready)))
        if self._candidates is not None:
            words = self._candidates(words)
        special = {w for w in words if convert_word(w, "") is not None}
        spans = may_have_spans(joined)
        if special or spans:
            for token, ready_token in zip(new, ready_tokens, strict=True):
                if (spans and may_have_spans(token)) or (
                    special and self._has_special(ready_token, special)
                ):
                    converted = self._convert_token(token, ready_token)
                    if converted is not None:
                        results[token] = converted
        with self._lock:
            if len(self._seen) > _CACHE_LIMIT:
                self._seen.clear()
            self._seen.update(results)
        return results

    @staticmethod
    def _has_special(token: str, special: set[str]) -> bool:
        core = token.strip(_PUNCTUATION)  # most tokens are one word, maybe with punctuation
        if core.isalpha():
            return core in special
        return not special.isdisjoint(_WORD.findall(token))

    def _convert_token(self, token: str, ready: str) -> str | None:
        """The conversion of a token whose parts need more than the engine, else None.

        ``ready`` is the prepared token (same length: prepare rewrites characters one for
        one); words are read from it, protected spans are kept from the original.
        """
        if len(ready) != len(token):
            token = ready
        # (start, end, output) of the parts the engine must not convert by itself.
        fixed: list[tuple[int, int, str]] = []
        pos = 0
        for start, end in [*protected_spans(token), (len(token), len(token))]:
            for m in _WORD.finditer(ready, pos, start):
                converted = self._convert_word(m.group(), ready[m.end() : m.end() + 1])
                if converted is not None:
                    fixed.append((m.start(), m.end(), converted))
            if start < end:
                fixed.append((start, end, token[start:end]))
            pos = end
        if not fixed:
            return None
        out: list[str] = []
        last = 0
        for start, end, text in fixed:
            out.append(self._engine(ready[last:start]))
            out.append(text)
            last = end
        out.append(self._engine(ready[last:]))
        return "".join(out)


class _SpanLayer:
    """Cyrillic input: the engine everywhere, except in the few tokens that may hold a
    protected span (URL, e-mail address...), which the word layer converts.

    Cyrillic words need no lexicon, so most texts go straight to the engine; a token is
    looked at only around a character that every span contains (@, #, ://, a full stop
    before a Latin letter, www.).
    """

    def __init__(self, engine: Callable[[str], str], words: _WordLayer) -> None:
        self._engine = engine
        self._words = words

    def __call__(self, text: str) -> str:
        if not may_have_spans(text):
            return self._engine(text)
        out: list[str] = []
        last = 0
        for m in _SPAN_MARK.finditer(text):
            if m.start() < last:
                continue  # inside the token just converted
            start = text.rfind(" ", 0, m.start()) + 1
            end = text.find(" ", m.end())
            end = len(text) if end < 0 else end
            out.append(self._engine(text[last:start]))
            out.append(self._words(text[start:end]))
            last = end
        out.append(self._engine(text[last:]))
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
            "apostrophe": apostrophe, "keep": keep, "lexicon": entries
        }
        self._steps = self._build(str(apostrophe), keep, entries)

    def _build(
        self, apostrophe: str, keep: frozenset[str], entries: tuple[str, ...]
    ) -> list[Callable[[str], str]]:
        if self.source == "cyrillic":
            if self.target == "latin":
                engine = _engine("cyrillic-latin", apostrophe)
            else:  # latin-2021/2023/2026: see translit/core/schemes.py
                from .schemes import cyrillic_engine

                engine = cyrillic_engine(self.target, apostrophe)
            cyr_stems = sorted(keep, key=len, reverse=True)
            cyr_grammar = SuffixGrammar.default() if keep else None

            def cyr_word(word: str, nxt: str) -> str | None:
                # A kept word, or a kept stem + Uzbek suffixes (Москвага -> Москваga): as
                # for Latin input, the suffixes are converted and judged in Latin.
                for stem in cyr_stems:
                    if word == stem:
                        return word
                    if word.startswith(stem) and cyr_grammar is not None:
                        rest = engine(word[len(stem) :])
                        if cyr_grammar.is_chain(rest.lower()):
                            return stem + rest
                return None

            words = _WordLayer(engine, cyr_word)
            # Kept words can be anywhere: then every token goes through the word layer.
            return [words] if keep else [_SpanLayer(engine, words)]
        if self.source != "latin" or self.target != "cyrillic":
            # latin-2021/2023/2026 -> Cyrillic, or Latin -> Latin: see translit/core/schemes.py
            from .schemes import build_steps

            return build_steps(self.source, self.target, apostrophe, keep, entries)
        lexicon = _lexicon_with(entries)
        grammar = SuffixGrammar.default()
        suffix = _engine("latin-cyrillic")
        apostrophes = _engine("latin-apostrophes")
        kept_stems = sorted(keep, key=len, reverse=True)  # Starlinks before Starlink
        english = english_words()
        brands = brand_names()
        brand_sizes = sorted({len(b) for b in brands}, reverse=True)
        brand_heads = frozenset(b[:3] for b in brands)

        def suffixed(word: str, stem_len: int, need_mark: bool) -> str | None:
            # word = kept stem + optional ʼ + Uzbek suffix chain: convert only the chain.
            rest = word[stem_len:]
            mark = "\u02bc" if rest.startswith("\u02bc") else ""
            chain = rest[len(mark) :]
            if (need_mark and not mark) or not grammar.is_chain(chain.lower()):
                return None
            return word[:stem_len] + mark + suffix(chain)

        def lat_word(word: str, nxt: str) -> str | None:
            for stem in kept_stems:
                if word.startswith(stem) and (out := suffixed(word, len(stem), False)):
                    return out
            if word[:3] in brand_heads:  # Google, Googleda: a brand (data/brands.txt)
                for size in brand_sizes:
                    if word[:size] in brands and (out := suffixed(word, size, False)):
                        return out
            if has_inner_capital(word) and not is_abbreviation(word, grammar.is_chain):
                mark = word.find("\u02bc")  # iPhone, YouTubeʼdagi: a name (not OʻzR)
                return (suffixed(word, mark, True) or word) if mark > 0 else word
            if is_roman_numeral(word, nxt) or word.lower() in english:
                return word
            if is_foreign_latin(word):
                mark = word.rfind("\u02bc")  # Facebookʼda: foreign stem, Uzbek suffix
                if mark > 0 and is_foreign_latin(word[:mark]):
                    return suffixed(word, mark, True) or word
                return word
            found = lexicon.lookup(word)
            if found is None and "\u02bc" in word:
                mark = word.find("\u02bc")  # Pepsiʼni: a foreign stem marked by the writer
                if marks_foreign_stem(word, mark):
                    if not word[mark + 1].isascii():
                        return word  # converted before (Pepsiʼни): kept as it is
                    return suffixed(word, mark, True)
            return found

        def candidates(words: list[str]) -> list[str]:
            # lat_word returns a conversion only for a word that starts with a kept stem,
            # is a Roman numeral (I V X L C D M), an English or foreign word, may be in the
            # lexicon, holds the tutuq belgisi, may be a brand or has a capital inside.
            # Judged here at C speed where possible.
            if kept_stems:
                return words
            joined = "\n".join(words)
            lowered = joined.lower()
            lows = lowered.split("\n")
            if len(lows) != len(words):  # no words: "".split gives one empty line
                return words
            odd = odd_lines(lowered)
            numerals = roman_lines(joined)
            maybe = lexicon.may_match(lows)
            return [
                w
                for w, low, m in zip(words, lows, maybe, strict=True)
                if m
                or low in odd
                or low in english
                or w in numerals
                or "\u02bc" in w
                or w[:3] in brand_heads
                or (low != w and has_inner_capital(w))
            ]

        return [
            _WordLayer(_engine("latin-cyrillic"), lat_word, apostrophes, candidates),
        ]

    def __call__(self, text: str) -> str:
        """Convert ``text`` and return the result."""
        if not isinstance(text, str):
            raise TypeError(f"expected str, got {type(text).__name__}")
        if self.source != "cyrillic":
            # A mark at the end of a word depends on the line before it (foji’ vs ‘kitob’).
            text = final_apostrophes(text)[0]
        return self._whole(text)

    def _whole(self, text: str) -> str:
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
                yield self._whole(piece)
                pending = pending[cut:]
        if pending:
            if latin:
                pending = final_apostrophes(pending, quote_open)[0]
            yield self._whole(pending)

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
