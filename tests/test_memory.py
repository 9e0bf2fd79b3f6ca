"""Memory of the word caches stays bounded however many distinct tokens a text has
(issue 14 item 22: a pipe of distinct long tokens grew to 829 MB RSS). Measured with
tracemalloc (allocations of Python objects), not time: this test cannot be flaky on a
busy machine."""

from __future__ import annotations

import tracemalloc

import translit

_LETTERS = "abdefghijklmnopqrstuvxyz"


def _distinct_tokens(count: int, length: int) -> list[str]:
    # Token k spells k in base 24 with our letters, padded: no two are equal.
    out = []
    for k in range(count):
        digits = []
        n = k
        while n or not digits:
            n, r = divmod(n, len(_LETTERS))
            digits.append(_LETTERS[r])
        out.append(("".join(digits) * length)[:length])
    return out


def test_distinct_long_tokens_keep_memory_bounded() -> None:
    tr = translit.Transliterator("latin", "cyrillic")
    tokens = _distinct_tokens(10_000, 2_000)  # 20 M characters, every token new
    pieces = [" ".join(tokens[i : i + 20]) for i in range(0, len(tokens), 20)]
    tr(pieces[0])
    tracemalloc.start()
    try:
        for piece in pieces:
            tr(piece)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    text_mb = sum(map(len, pieces)) / 1e6
    # Remembering every token and its conversion would take about 4 bytes a character
    # (20 M characters: some 80 MB); the caches start again every few million.
    assert peak / 1e6 < 40, f"{peak / 1e6:.0f} MB traced for {text_mb:.0f} M characters"
