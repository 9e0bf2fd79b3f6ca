"""Words to proofread: where the converter guessed, and why, with their positions.

Why a module of its own: the web page (``translit serve``) and ``translit check`` show
the same list, so both take it from :func:`unsure_words`, the one place that asks
``translit.explain``. It also turns the explanation into positions in the converted text
(what the page highlights) and into lines and columns (what an editor jumps to), and it
chooses the direction of an "auto" conversion the same way for both.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, cast

import translit

from .documents import options_or_default, resolve_format
from .encodings import decode_bytes

__all__ = [
    "AUTO",
    "FileCheck",
    "Finding",
    "Proofread",
    "Unsure",
    "check_file",
    "choose_scripts",
    "line_starts",
    "unsure_words",
]

#: The source (or target) that means: decide from the text.
AUTO = "auto"
_LATINS = tuple(s for s in translit.SCRIPTS if s.startswith("latin"))


@dataclass(frozen=True)
class Unsure:
    """A word the converter was not sure of.

    ``start``/``end`` are offsets in the source text, ``output_start``/``output_end`` in
    the converted text (Python string offsets: Unicode code points). ``step`` names the
    step that decided (``translit.explain``), ``why`` says it in words.
    """

    word: str
    output: str
    start: int
    end: int
    output_start: int
    output_end: int
    step: str
    why: str


@dataclass(frozen=True)
class Proofread:
    """A conversion with its guesses: the converted ``text`` and the ``unsure`` words."""

    text: str
    source: str
    target: str
    unsure: tuple[Unsure, ...]


def choose_scripts(
    text: str | Callable[[], translit.Detection],
    source: str = AUTO,
    target: str = AUTO,
    scheme: str = "latin",
) -> tuple[str, str]:
    """The (source, target) scripts of a conversion whose direction may be ``"auto"``.

    ``scheme`` is the Latin alphabet meant by a plain ``"latin"`` side (``latin``: 1995,
    ``latin-2021`` ...). An ``"auto"`` source is the script most letters of ``text`` are
    in (Cyrillic when there are none: the text then comes out as it is); an ``"auto"``
    target is the other script. ``text`` may be a function giving the detection (of a
    file, say), called only when it is needed. ValueError names the valid values.

    >>> choose_scripts("Тошкент шаҳри")
    ('cyrillic', 'latin')
    >>> choose_scripts("Toshkent shahri", scheme="latin-2026")
    ('latin-2026', 'cyrillic')
    >>> choose_scripts("Тошкент", target="latin", scheme="latin-2023")
    ('cyrillic', 'latin-2023')
    """
    if scheme not in _LATINS:
        raise ValueError(f"unknown scheme {scheme!r}; valid schemes: {', '.join(_LATINS)}")
    for name, value in (("source", source), ("target", target)):
        if value != AUTO and value not in translit.SCRIPTS:
            raise ValueError(
                f"unknown {name} {value!r}; valid values: {', '.join((AUTO, *translit.SCRIPTS))}"
            )
    if source == AUTO:
        if target not in (AUTO, "cyrillic"):
            source = "cyrillic"  # converting to a Latin alphabet: from Cyrillic
        elif target == "cyrillic":
            source = scheme
        else:
            found = translit.detect(text) if isinstance(text, str) else text()
            shares = found.shares
            latin_first = found.script.startswith("latin") or (
                found.script == "mixed" and shares["latin"] > shares["cyrillic"]
            )
            source = scheme if latin_first else "cyrillic"
    elif source == "latin":
        source = scheme
    if target == AUTO:
        target = "cyrillic" if source != "cyrillic" else scheme
    elif target == "latin":
        target = scheme
    if source == target:
        raise ValueError(f"source and target are both {source!r}")
    return source, target


@dataclass(frozen=True)
class _Piece:
    """The explanation of one whitespace-free piece of text: its conversion and its
    unsure words, with offsets counted from the start of the piece."""

    output: str
    unsure: tuple[Unsure, ...]


_PIECE = re.compile(r"\S+")
_MEMO_LIMIT = 200_000  # pieces remembered per set of options (a few tens of MB at most)
_memo: dict[tuple[object, ...], dict[str, _Piece]] = {}


def _explain_pieces(pieces: list[str], source: str, target: str, options: Any) -> list[_Piece]:
    """Explain ``pieces`` in one ``translit.explain`` call, joined by spaces.

    ``translit.explain`` cuts a text at whitespace and explains every piece on its own
    (no rule looks across whitespace), so the tokens of the joined text fall into the
    pieces they came from.
    """
    joined = " ".join(pieces)
    tokens = translit.explain(joined, source=source, target=target, **options)
    starts = []
    at = 0
    for piece in pieces:
        starts.append(at)
        at += len(piece) + 1
    grouped: list[list[Any]] = [[] for _ in pieces]
    for token in tokens:
        grouped[bisect.bisect_right(starts, token.start) - 1].append(token)
    explained = []
    for piece, base, own in zip(pieces, starts, grouped, strict=True):
        out: list[str] = []
        unsure: list[Unsure] = []
        at = out_at = 0  # end of the previous token, in the piece and in its output
        for token in own:
            start, end = token.start - base, token.end - base
            out.append(piece[at:start])
            out_start = out_at + start - at
            out.append(token.output)
            out_at = out_start + len(token.output)
            at = end
            if not token.sure:
                unsure.append(
                    Unsure(token.text, token.output, start, end, out_start, out_at,
                           token.step, token.why)
                )
        out.append(piece[at:])
        explained.append(_Piece("".join(out), tuple(unsure)))
    return explained


@functools.lru_cache(maxsize=32)
def _converter(source: str, target: str, options: tuple[tuple[str, Any], ...]) -> Any:
    return translit.Transliterator(source, target, **dict(options))


def unsure_words(text: str, source: str, target: str, **options: Any) -> Proofread:
    """Convert ``text`` and list the words the converter was not sure of.

    The words and their reasons come from ``translit.explain``; ``options`` are those
    of ``translit.Transliterator`` (``apostrophe``, ``keep``).

    Why it is not one ``explain`` call: the page asks again after every key press, and
    all of the text but the word being typed was explained a moment before. The
    explanation of each whitespace-free piece depends only on the piece and the
    options (``explain`` cuts at whitespace too), so each piece is asked of ``explain``
    once (in one call for all new pieces) and remembered; the text itself is converted
    by the transliterator, at its full speed, and the few pieces with guesses are
    placed in the output by counting pieces (conversion keeps every whitespace).

    >>> found = unsure_words("Yangi premyera", "latin", "cyrillic")
    >>> found.text
    'Янги премьера'
    >>> [(u.word, u.start, u.output, u.output_start) for u in found.unsure]
    [('premyera', 6, 'премьера', 5)]
    """
    if isinstance(options.get("keep"), str):
        translit.Transliterator(source, target, **options)  # raises: keep takes words
    try:  # options as a hashable key: words sorted, lists as tuples
        key = tuple(
            sorted(
                (name, tuple(sorted(set(value))) if name == "keep" else
                 tuple(value) if isinstance(value, list | tuple) else value)
                for name, value in options.items()
            )
        )
        hash(key)
    except TypeError:  # not hashable (a set of sets...): let the library say what is wrong
        translit.Transliterator(source, target, **options)
        raise
    converter = _converter(source, target, key)  # checks the options (ValueError)
    if len(_memo) >= 32 and (source, target, key) not in _memo:
        _memo.clear()  # many different option sets (keep lists from the page): start anew
    memo = _memo.setdefault((source, target, key), {})
    matches = list(_PIECE.finditer(text))
    known: dict[str, _Piece] = {}
    new: list[str] = []
    for word in dict.fromkeys(m.group() for m in matches):
        hit = memo.get(word)
        if hit is None:
            new.append(word)
        else:
            known[word] = hit
    if new:
        found = _explain_pieces(new, source, target, dict(key))
        explained = dict(zip(new, found, strict=True))
        known.update(explained)
        if len(memo) + len(new) > _MEMO_LIMIT:
            memo.clear()  # other threads may read it meanwhile: they keep what they found
        memo.update(explained)
    converted: str = converter(text)
    if not any(piece.unsure for piece in known.values()):
        return Proofread(converted, source, target, ())
    outputs = list(_PIECE.finditer(converted))
    unsure: list[Unsure] = []
    if len(outputs) == len(matches):
        for m, out in zip(matches, outputs, strict=True):
            piece = known[m.group()]
            if not piece.unsure:
                continue
            if out.group() != piece.output:
                break  # the two disagree: place every piece by its explanation instead
            for u in piece.unsure:
                unsure.append(
                    Unsure(u.word, u.output, u.start + m.start(), u.end + m.start(),
                           u.output_start + out.start(), u.output_end + out.start(), u.step,
                           u.why)
                )
        else:
            return Proofread(converted, source, target, tuple(unsure))
    return _assembled(text, matches, known, source, target)


def _assembled(
    text: str, matches: list[re.Match[str]], known: dict[str, _Piece], source: str, target: str
) -> Proofread:
    """The conversion made of the pieces' explanations, where counting pieces in the
    transliterator's output did not match them (a rule writing whitespace, say)."""
    pieces: list[str] = []
    unsure: list[Unsure] = []
    at = out_at = 0
    for m in matches:
        gap = text[at : m.start()]
        piece = known[m.group()]
        pieces.append(gap)
        pieces.append(piece.output)
        out_at += len(gap)
        for u in piece.unsure:
            unsure.append(
                Unsure(u.word, u.output, u.start + m.start(), u.end + m.start(),
                       u.output_start + out_at, u.output_end + out_at, u.step, u.why)
            )
        out_at += len(piece.output)
        at = m.end()
    pieces.append(text[at:])
    return Proofread("".join(pieces), source, target, tuple(unsure))


def line_starts(text: str) -> list[int]:
    """Offsets where the lines of ``text`` start (after LF, CRLF or CR), for
    :func:`bisect.bisect_right` to turn an offset into a line.

    >>> line_starts("ab\\ncd\\r\\nef\\rg")
    [0, 3, 7, 10]
    """
    starts = [0]
    i = 0
    n = len(text)
    while True:
        cr = text.find("\r", i)
        lf = text.find("\n", i)
        if cr < 0 and lf < 0:
            return starts
        end = min(x for x in (cr, lf) if x >= 0)
        i = end + 2 if text.startswith("\r\n", end) else end + 1
        if i <= n:
            starts.append(i)


@dataclass(frozen=True)
class Finding:
    """A word to check in a file: ``line`` and ``column`` (1-based, in characters) of
    the word in the file, or None where the file has no lines to point at (Word
    documents) or the word is not written out in it (split by markup or an entity)."""

    line: int | None
    column: int | None
    unsure: Unsure


@dataclass(frozen=True)
class FileCheck:
    """The words to check in one file, converted from ``source`` to ``target``."""

    path: str
    source: str
    target: str
    findings: tuple[Finding, ...]


class _Recorder:
    """Stands in for a Transliterator and keeps, unchanged, each text a document format
    would convert: the text a reader sees, which is where the guesses are."""

    def __init__(self, source: str, target: str) -> None:
        self.source, self.target = source, target  # formats read them for language tags
        self.pieces: list[str] = []

    def __call__(self, text: str) -> str:
        self.pieces.append(text)
        return text

    def stream(self, chunks: Iterator[str]) -> Iterator[str]:
        for chunk in chunks:
            yield self(chunk)


def check_file(
    path: str,
    *,
    source: str = AUTO,
    target: str = AUTO,
    scheme: str = "latin",
    encoding: str | None = None,
    format: str | None = None,
    **options: Any,
) -> FileCheck:
    """The words :func:`unsure_words` finds in a file (a plain text or any document
    format, chosen by extension or ``format``), with their lines and columns.

    ``source``/``target`` may be ``"auto"`` (see :func:`choose_scripts`; a document is
    judged by the text a reader sees). Raises what ``translit.convert_file`` raises for
    a file it cannot read (OSError, DecodeError, FormatError, ValueError).
    """
    fmt = resolve_format(path, format)
    with open(path, "rb") as f:
        data = f.read()
    text: str | None = None
    if fmt is None or not fmt.binary:
        text, _ = decode_bytes(data, path, encoding, reject_binary=True)
    if fmt is None:
        assert text is not None
        pieces = [text]
    else:
        recorder = _Recorder("cyrillic", "latin")
        as_tr = cast(translit.Transliterator, recorder)
        if fmt.binary:
            fmt.convert_bytes(data, as_tr, options_or_default(None))
        else:
            assert text is not None
            fmt.convert_text(text, as_tr, options_or_default(None))
        pieces = recorder.pieces
    source, target = choose_scripts(
        lambda: translit.detect("".join(pieces)), source, target, scheme
    )
    starts = line_starts(text) if text is not None else []
    findings: list[Finding] = []
    cursor = 0  # words are looked for in the file in the order the format read them
    for piece in pieces:
        for word in unsure_words(piece, source, target, **options).unsure:
            if text is None:
                findings.append(Finding(None, None, word))
                continue
            at = word.start if fmt is None else text.find(word.word, cursor)
            if at < 0:
                findings.append(Finding(None, None, word))
                continue
            cursor = at + len(word.word)
            line = bisect.bisect_right(starts, at)
            findings.append(Finding(line, at - starts[line - 1] + 1, word))
    return FileCheck(path, source, target, tuple(findings))
