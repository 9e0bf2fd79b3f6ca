"""Convert text that markup cuts into pieces as if it were one string, then cut it back.

Why this module exists: in every document format the text a reader sees is interrupted by
things that are not text: ``<b>Ш</b>аҳар`` in HTML, ``**Ш**аҳар`` in Markdown, a bold run
followed by a plain run in Word, ``\\u0428`` escapes in JSON. Converting each piece on its
own breaks the rules that look at the whole word: the lone ``Ш`` would be converted as a
one-letter word, ``АҚ`` + ``Ш`` would lose rule E (``AQSh`` instead of ``AQSH``), ``Ис`` +
``ҳоқ`` would lose rule D and ``Тоқа`` + ``ев`` rule A. So every format collects the pieces
of one block of text into a *segment*, this module converts the segment as one string and
distributes the output back over the pieces.

The distribution never changes the converted text: the outputs of the pieces always join to
exactly ``tr(whole segment)``. Only the place of each cut is estimated:

* The engine never changes whitespace and its rules never look across it (the streaming API
  depends on that), so input and output split into the same words; a cut at a word edge or
  inside whitespace maps exactly.
* A cut inside a word at input offset ``k`` goes where the converted prefix ``word[:k]``
  and the converted suffix ``word[k:]`` agree with the converted word. The comparison
  ignores case, because a prefix converted alone may be cased differently (``Ш`` alone is
  ``Sh``, inside ``ШАҲАР`` it is ``SH``). When neither side claims some output characters
  (the ``ʼ`` that rule D inserts, a digraph that straddles the cut in Latin -> Cyrillic
  such as ``S|hahar``), they go to the left piece, where the letter that produced them
  starts, unless only the left side converts alone as it does inside the word (a lone
  Latin ``I`` stays a Roman numeral, ``B|I`` is the word ``БИ``): then the cut follows it.

Pieces come in two kinds. A *text* piece covers a span of the source whose characters are
the piece's text; its output replaces the span. An *opaque* piece only lends its text to
the context (an entity such as ``&nbsp;`` read as a no-break space, a ``\\*`` escape read
as ``*``, a soft line break read as a newline) and the source under it is kept as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

__all__ = [
    "Edit",
    "Piece",
    "Sink",
    "apply_edits",
    "convert_many",
    "convert_segments",
    "has_letters",
    "split_conversion",
]

Convert = Callable[[str], str]

_WHITESPACE = re.compile(r"(\s+)")
_LETTER = re.compile(r"[^\W\d_]")
_CACHE_LIMIT = 20000  # segments whose cut-up output is remembered per document
_SEPARATOR_CHAR = "\ufdd7"  # a Unicode noncharacter: never text, never a mask of ours
# Line breaks around it: nothing carries across a line (a quotation opened in one cell must
# not make a word-final apostrophe of the next a closing quote, translit/core/quotes.py).
_SEPARATOR = f"\n{_SEPARATOR_CHAR}\n"
_BATCH_CHARS = 1 << 16  # characters converted per call when batching short texts
# Placing the cuts of a word converts it twice per cut: beyond this many characters times
# cuts, a window around each cut is converted instead (linear time, see _align_long_word).
_ALIGN_BUDGET = 4096
_WINDOW = 24  # characters of context on each side of a cut in a long word


def has_letters(text: str) -> bool:
    """True if ``text`` has anything a transliterator could change."""
    return _LETTER.search(text) is not None


@dataclass(frozen=True)
class Piece:
    """A piece of a segment: ``text`` is what the transliterator sees.

    ``start``/``end`` locate the text in the document; ``start < 0`` marks an opaque piece
    (context only, nothing written). ``encode`` escapes the output before it is written
    (for example a ``'`` inside a single-quoted HTML attribute).
    """

    text: str
    start: int = -1
    end: int = -1
    encode: Callable[[str], str] | None = None

    @property
    def opaque(self) -> bool:
        return self.start < 0


@dataclass(frozen=True, order=True)
class Edit:
    """Replace ``document[start:end]`` by ``text``."""

    start: int
    end: int
    text: str


@dataclass
class Sink:
    """Collects segments while a format walks its document.

    ``add`` appends a piece to the open segment and ``flush`` closes it (a block boundary).
    Segments that stand apart from the running text (an attribute value, a link title)
    go in whole through ``add_segment`` without closing the open one. ``edits`` holds
    changes that are not transliteration (``lang="uz-Cyrl"`` -> ``uz-Latn``).
    """

    segments: list[list[Piece]] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    _open: list[Piece] = field(default_factory=list)

    def add(self, piece: Piece) -> None:
        self._open.append(piece)

    def flush(self) -> None:
        if self._open:
            self.segments.append(self._open)
            self._open = []

    def add_segment(self, pieces: Sequence[Piece]) -> None:
        if pieces:
            self.segments.append(list(pieces))

    def result(self, tr: Convert) -> list[Edit]:
        """All edits: the converted segments plus the direct edits."""
        self.flush()
        return convert_segments(tr, self.segments) + self.edits


def split_conversion(tr: Convert, texts: Sequence[str], out: str | None = None) -> list[str]:
    """Convert ``"".join(texts)`` as one string and cut the output back into pieces.

    ``"".join(result) == tr("".join(texts))`` always holds. ``out``, when given, is that
    conversion already made.
    """
    joined = "".join(texts)
    if out is None:
        out = tr(joined)
    if len(texts) < 2:
        return [out]
    if out == joined:
        return list(texts)
    bounds: list[int] = []
    pos = 0
    for text in texts[:-1]:
        pos += len(text)
        bounds.append(pos)
    cuts = [0, *_map_bounds(tr, joined, out, bounds), len(out)]
    return [out[cuts[i] : cuts[i + 1]] for i in range(len(texts))]


def convert_many(tr: Convert, texts: Sequence[str]) -> list[str]:
    """``[tr(t) for t in texts]``, with far fewer calls.

    Why: a data file has hundreds of thousands of short cells or strings, and the cost of
    a call dominates. The engine never looks across whitespace (a cut before a space
    never changes the result: the streaming API rests on it), so texts joined with a
    space-framed separator convert to their conversions joined with the same separator.
    A batch whose output does not split back into as many parts is redone one by one.
    """
    results: list[str] = [""] * len(texts)
    batch: list[int] = []
    size = 0

    def run() -> None:
        if not batch:
            return
        parts = tr(_SEPARATOR.join(texts[i] for i in batch)).split(_SEPARATOR)
        if len(parts) != len(batch):
            parts = [tr(texts[i]) for i in batch]
        for i, part in zip(batch, parts, strict=True):
            results[i] = part
        batch.clear()

    for index, text in enumerate(texts):
        if _SEPARATOR_CHAR in text:
            results[index] = tr(text)
            continue
        batch.append(index)
        size += len(text) + len(_SEPARATOR)
        if size >= _BATCH_CHARS:
            run()
            size = 0
    run()
    return results


def _map_bounds(tr: Convert, joined: str, out: str, bounds: list[int]) -> list[int]:
    in_parts = _WHITESPACE.split(joined)
    out_parts = _WHITESPACE.split(out)
    if len(in_parts) != len(out_parts) or any(
        in_parts[i] != out_parts[i] for i in range(1, len(in_parts), 2)
    ):
        # The transliterator touched whitespace after all: align on the whole string.
        return _align_word(tr, joined, out, bounds)
    result: list[int] = []
    index = 0  # part holding the current bound
    in_start = out_start = 0
    pending: list[int] = []  # bounds strictly inside the current word, as word offsets

    def close_word() -> None:
        if pending:
            word_out = out_parts[index]
            result.extend(out_start + p for p in _align_word(tr, in_parts[index], word_out,
                                                             pending))
            pending.clear()

    for bound in bounds:
        while in_start + len(in_parts[index]) < bound:
            close_word()
            in_start += len(in_parts[index])
            out_start += len(out_parts[index])
            index += 1
        offset = bound - in_start
        part_len = len(in_parts[index])
        if index % 2 == 1:  # inside whitespace: unchanged
            close_word()
            result.append(out_start + offset)
        elif offset == 0:
            close_word()
            result.append(out_start)
        elif offset == part_len:
            close_word()
            result.append(out_start + len(out_parts[index]))
        else:
            pending.append(offset)
    close_word()
    # Bounds arrive sorted, but keep the cuts monotone whatever happened above.
    for i in range(1, len(result)):
        if result[i] < result[i - 1]:
            result[i] = result[i - 1]
    return result


def _align_word(tr: Convert, word: str, out: str, offsets: Sequence[int]) -> list[int]:
    """Output positions for cuts at ``offsets`` inside ``word`` (converted to ``out``)."""
    if word == out:
        return list(offsets)
    if len(word) * len(offsets) > _ALIGN_BUDGET:
        return _align_long_word(tr, word, out, offsets)
    return _align_short_word(tr, word, out, offsets)


def _align_long_word(tr: Convert, word: str, out: str, offsets: Sequence[int]) -> list[int]:
    """``_align_word`` for a word cut into many pieces, in time linear in its length.

    Why: placing one cut converts the whole word twice, so a word of n letters cut
    after every letter (``**Ш**Ш**Ш**…`` in Markdown, ``\\u0428\\u0428…`` in JSON)
    cost n² and a 4000-letter word took seconds. Here each cut is placed relative to the
    previous one inside a window that reaches ``_WINDOW`` characters beyond both (the
    rules look only a few letters around a letter), so the work per cut is the gap plus
    a constant. The cuts stay monotone and within ``out``, so the pieces still join to
    exactly ``out``; only a rule that looks further than the window could shift a cut.
    """
    same_head = _common_prefix(word, out, fold=False)
    same_tail = _common_suffix(word, out, fold=False)
    result: list[int] = []
    previous_in = previous_out = 0
    for k in offsets:
        if k <= previous_in:
            position = previous_out
        elif k < same_head:
            position = k
        elif len(word) - k < same_tail:
            position = len(out) - (len(word) - k)
        else:
            position = _place_directly(tr, word, out, previous_in, previous_out, k)
        if position < 0:
            low = max(0, previous_in - _WINDOW)
            high = min(len(word), k + _WINDOW)
            window = word[low:high]
            before, after = _align_short_word(tr, window, tr(window),
                                              [previous_in - low, k - low])
            position = previous_out + (after - before)
        position = min(max(position, previous_out), len(out))
        result.append(position)
        previous_in, previous_out = k, position
    return result


def _place_directly(tr: Convert, word: str, out: str, previous_in: int, previous_out: int,
                    k: int) -> int:
    """The output position of the cut at ``k`` when the piece since the previous cut,
    converted alone, is exactly what the output holds there and the text after the cut,
    converted alone, goes on from there (``Ш|Ш|Ш`` -> ``SH|SH|SH``); else -1.

    Two short conversions instead of a window: the common case of a long cut-up word.
    A piece whose conversion depends on its neighbours (``Ис|ҳоқ``, where rule D writes
    ``Isʼ``; ``S|h`` in Latin) does not match and is placed by the window.
    """
    head = tr(word[previous_in:k])
    end = previous_out + len(head)
    if end > len(out) or head.lower() != out[previous_out:end].lower():
        return -1
    tail = tr(word[k : k + _WINDOW])
    needed = len(tail) if k + _WINDOW >= len(word) else min(len(tail), _WINDOW // 2)
    if _common_prefix(tail, out[end : end + len(tail)], fold=True) < needed:
        return -1
    return end


def _align_short_word(tr: Convert, word: str, out: str, offsets: Sequence[int]) -> list[int]:
    if word == out:
        return list(offsets)
    same_head = _common_prefix(word, out, fold=False)
    same_tail = _common_suffix(word, out, fold=False)
    result: list[int] = []
    previous = 0
    for k in offsets:
        if k < same_head:  # inside an unchanged beginning (a URL before a word, ...)
            position = k
        elif len(word) - k < same_tail:
            position = len(out) - (len(word) - k)
        else:
            head, tail = tr(word[:k]), tr(word[k:])
            left = _common_prefix(head, out, fold=True)
            right = _common_suffix(tail, out, fold=True)
            if left + right < len(out):
                # A piece may be kept whole when alone (VI is a Roman numeral, Good an
                # English word) although the word is converted: in lower case it is not.
                low_head, low_tail = tr(word[:k].lower()), tr(word[k:].lower())
                left = max(left, _common_prefix(low_head, out, fold=True))
                right = max(right, _common_suffix(low_tail, out, fold=True))
                if left == len(low_head):
                    head = low_head
                if right == len(low_tail):
                    tail = low_tail
            if left + right >= len(out):
                position = left
            elif left == len(head) and right < len(tail):
                # Only the left side converts alone as it does in the word (a lone "I" is
                # kept as a Roman numeral, but "BI" is a word): trust the left side.
                position = left
            else:
                position = len(out) - right
        position = min(max(position, previous), len(out))
        result.append(position)
        previous = position
    return result


def _same(a: str, b: str, fold: bool) -> bool:
    return a == b or (fold and a.lower() == b.lower())


def _common_prefix(a: str, b: str, *, fold: bool) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and _same(a[i], b[i], fold):
        i += 1
    return i


def _common_suffix(a: str, b: str, *, fold: bool) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and _same(a[-1 - i], b[-1 - i], fold):
        i += 1
    return i


def convert_segments(tr: Convert, segments: Iterable[Sequence[Piece]]) -> list[Edit]:
    """Convert every segment; one edit per text piece whose output differs."""
    work = [
        (pieces, tuple(p.text for p in pieces))
        for pieces in segments
        if any(has_letters(p.text) for p in pieces)
    ]
    unique = list(dict.fromkeys(texts for _pieces, texts in work))
    whole = convert_many(tr, ["".join(texts) for texts in unique])
    converted = dict(zip(unique, whole, strict=True))
    cache: dict[tuple[str, ...], list[str]] = {}
    edits: list[Edit] = []
    for pieces, texts in work:
        outs = cache.get(texts)
        if outs is None:
            outs = split_conversion(tr, texts, converted[texts])
            if len(cache) < _CACHE_LIMIT:
                cache[texts] = outs
        for piece, out in zip(pieces, outs, strict=True):
            if piece.opaque or out == piece.text:
                continue
            edits.append(Edit(piece.start, piece.end, piece.encode(out) if piece.encode else out))
    return edits


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with the edits made; edits must not overlap."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    if not ordered:
        return text
    out: list[str] = []
    pos = 0
    for edit in ordered:
        if edit.start < pos:
            raise RuntimeError(f"overlapping edits at offset {edit.start}")  # a bug, not input
        out.append(text[pos : edit.start])
        out.append(edit.text)
        pos = edit.end
    out.append(text[pos:])
    return "".join(out)
