"""``translit.explain``: which step decided each word, and which words were guessed.

Why: an editor who converts a long text cannot proofread every word, and does not
need to: most words follow from the letters. What needs a look are the words the
converter guessed (a Latin loanword with ts or y after a consonant that no lexicon
entry settles). :func:`explain` converts a text exactly as :class:`Transliterator`
does and returns one :class:`Token` per word or protected span, naming the step
that decided it (the names of :mod:`translit.core.pipeline`, or "rules") and
whether the decision is sure.

The tokens are found the way the converter works: text is cut at whitespace (no
rule looks across it), each piece is converted by the word layer, and its parts
are words (runs of letters) and protected spans. The outputs of the tokens with
the text between them give the conversion exactly; where a piece does not split
into words that way (a rule joining letters across a mark inside a word) the
whole piece is one token.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from .pipeline import SPAN_WHY, Decision, guess, span_kind
from .protect import protected_spans
from .quotes import final_apostrophes
from .schemes import respell
from .transliterator import Segment, Transliterator, WordLayer

__all__ = ["Token", "explain"]

_CHUNK = re.compile(r"\S+")
_WORD = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z]")

_BY_RULES = "by the letter rules"


@dataclass(frozen=True)
class Token:
    """One word or protected span of a text and what the converter did with it.

    ``text`` is ``source_text[start:end]`` and ``output`` its conversion. ``step`` names
    what decided it: "rules" (the letter rules), "lexicon", "dictionary", "kept",
    "numeral", "english", "foreign", "marked-stem", or for protected spans "url", "email",
    "handle", "tag", "domain". ``sure`` is False where the converter guessed (see
    :func:`translit.core.pipeline.guess`); ``why`` says why in a short sentence.

    >>> token = explain("Marya", "latin", "cyrillic")[0]
    >>> token.output, token.step, token.sure
    ('Марья', 'dictionary', False)
    """

    text: str
    output: str
    start: int
    end: int
    step: str
    sure: bool = True
    why: str = ""


_CONVERTERS: dict[tuple[object, ...], Transliterator] = {}
_CONVERTERS_LIMIT = 16


def _converter(tr: Transliterator) -> Transliterator:
    """A converter built before with the same options (its word cache is warm), else
    ``tr``, remembered for the next call."""
    key = (tr.source, tr.target, *tr.options.values())  # str, frozenset, tuple: hashable
    found = _CONVERTERS.get(key)
    if found is not None:
        return found
    if len(_CONVERTERS) >= _CONVERTERS_LIMIT:
        _CONVERTERS.clear()
    _CONVERTERS[key] = tr
    return tr


def explain(
    text: str, source: str = "cyrillic", target: str = "latin", **options: object
) -> list[Token]:
    """Convert ``text`` and say, word by word, what decided each output.

    >>> [(t.text, t.output, t.step) for t in explain("Film koʻrdik", "latin", "cyrillic")]
    [('Film', 'Фильм', 'lexicon'), ('koʻrdik', 'кўрдик', 'rules')]
    >>> [t.why for t in explain("tsinga", "latin", "cyrillic") if not t.sure]
    ['ts may be ц in a loanword (таблица) or т + с; no dictionary entry']

    ``"".join`` of the outputs with the text between the tokens is exactly
    ``Transliterator(source, target, **options)(text)``. Options are those of
    :class:`translit.Transliterator` (``apostrophe``, ``keep``, ``lexicon``).
    """
    if not isinstance(text, str):
        raise TypeError(f"expected str, got {type(text).__name__}")
    tr = _converter(Transliterator(source, target, **options))
    # A mark ending a word depends on the line before it: read on the whole text first
    # (same length), then each piece converts alone.
    read = final_apostrophes(text)[0] if source != "cyrillic" else text
    tokens: list[Token] = []
    for m in _CHUNK.finditer(read):
        tokens += _chunk_tokens(tr, m.group(), m.start())
    if read is text:
        return tokens
    return [dataclasses.replace(t, text=text[t.start : t.end]) for t in tokens]


def _chunk_tokens(tr: Transliterator, chunk: str, offset: int) -> list[Token]:
    expected = tr.convert_piece(chunk)  # nothing else looks across whitespace
    layer = tr.words
    tokens: list[Token] | None
    if layer is None:
        tokens = _scheme_tokens(tr, chunk, offset)
    else:
        tokens = _layer_tokens(tr, layer, chunk, offset)
    if tokens is not None and _joined(chunk, offset, tokens) == expected:
        return tokens
    # The piece does not split into words (a rule across a mark inside a word): one token.
    if not _WORD.search(chunk):
        return []
    return [Token(chunk, expected, offset, offset + len(chunk), "rules", True, _BY_RULES)]


def _joined(chunk: str, offset: int, tokens: list[Token]) -> str:
    out: list[str] = []
    last = 0
    for t in tokens:
        out.append(chunk[last : t.start - offset])
        out.append(t.output)
        last = t.end - offset
    out.append(chunk[last:])
    return "".join(out)


def _layer_tokens(
    tr: Transliterator, layer: WordLayer, chunk: str, offset: int
) -> list[Token] | None:
    ready = layer.prepare(chunk) if layer.prepare else chunk
    if len(ready) != len(chunk):
        return None
    latin_source = tr.source != "cyrillic"
    tokens: list[Token] = []
    last = 0
    for seg in [*layer.segments(chunk, ready, explain=True), Segment(len(chunk), len(chunk), "")]:
        for m in _WORD.finditer(ready, last, seg.start):
            word = m.group()
            out = layer.engine(word)
            sure, why = _rules_verdict(word, chunk[m.start() : m.end()], latin_source)
            tokens.append(_token(chunk, offset, m.start(), m.end(), out, "rules", sure, why))
        if seg.end > seg.start:
            if seg.span:
                kind = span_kind(seg.output)
                why = SPAN_WHY[kind]
                out = seg.output
                tokens.append(_token(chunk, offset, seg.start, seg.end, out, kind, True, why))
            else:
                d = seg.decision or Decision(seg.output, "rules")
                tokens.append(
                    _token(chunk, offset, seg.start, seg.end, d.output, d.step, d.sure, d.why)
                )
        last = seg.end
    return tokens


def _token(
    chunk: str, offset: int, start: int, end: int, output: str, step: str, sure: bool, why: str
) -> Token:
    return Token(chunk[start:end], output, offset + start, offset + end, step, sure, why)


def _rules_verdict(word: str, original: str, latin_source: bool) -> tuple[bool, str]:
    if not latin_source:
        if _CYRILLIC.search(original) and _LATIN.search(original):
            return False, "mixes Cyrillic and Latin letters: a typing slip?"
        return True, _BY_RULES
    found = guess(word)
    return (True, _BY_RULES) if found is None else (False, found)


def _scheme_tokens(tr: Transliterator, chunk: str, offset: int) -> list[Token]:
    """A Latin scheme as the source: protected spans, and words converted one by one
    (the caller checks the chunk against its whole conversion)."""
    tokens: list[Token] = []
    last = 0
    for start, end in [*protected_spans(chunk), (len(chunk), len(chunk))]:
        for m in _WORD.finditer(chunk, last, start):
            word = m.group()
            out = tr.convert_piece(word)
            step, sure, why = "rules", True, _BY_RULES
            if out == word and (
                tr.target == "cyrillic" or respell(word, tr.source, tr.target) != word
            ):
                step, why = "kept", "kept as it is (a foreign word, a numeral or a word to keep)"
            elif tr.target == "cyrillic" and (found := guess(respell(word, tr.source, "latin"))):
                sure, why = False, found
            tokens.append(_token(chunk, offset, m.start(), m.end(), out, step, sure, why))
        if start < end:
            kind = span_kind(chunk[start:end])
            tokens.append(
                _token(chunk, offset, start, end, chunk[start:end], kind, True, SPAN_WHY[kind])
            )
        last = end
    return tokens
