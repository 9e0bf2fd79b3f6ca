"""Memory of the word caches stays bounded however many distinct tokens a text has
(issue 14 item 22: a pipe of distinct long tokens grew to 829 MB RSS). Measured with
tracemalloc (allocations of Python objects), not time: this test cannot be flaky on a
busy machine."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import translit
from translit import batch

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


def test_detect_counts_letters_without_a_list_of_them() -> None:
    # findall on 4 Mi Cyrillic letters made a list of 4 Mi strings (some 250 MB).
    text = "Шаҳар қишлоқ " * (4 * 1024 * 1024 // 13)
    tracemalloc.start()
    try:
        assert translit.detect(text).script == "cyrillic"
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # A few copies of the text at most (2 bytes a character); the list took some 80 a character.
    assert peak < 20 * len(text), f"{peak / 1e6:.0f} MB traced for {len(text) / 1e6:.0f} M chars"


def test_detecting_a_data_file_reads_only_its_sample(tmp_path: Path) -> None:
    # A CSV is judged by its first 4 Mi characters, read as a stream: a broken row far
    # beyond them is never reached (the whole file was read and parsed before).
    path = tmp_path / "big.csv"
    row = "1,Шаҳар ва қишлоқ\n"
    with path.open("w", encoding="utf-8") as f:
        f.write("id,text\n")
        f.write(row * (6 * 1024 * 1024 // len(row)))
        f.write('2,"never closed\n')
    assert batch.detect_file(str(path)).script == "cyrillic"
