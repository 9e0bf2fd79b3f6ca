"""Linear time is correctness: a converter that is quadratic on one long token hangs on
hostile or merely unusual input (issue 14). Each test grows its input fourfold and
compares the times: linear work grows about 4x, quadratic work 16x. The bound is
generous (the machine may be busy) and no absolute time limit is checked."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

import translit
from translit.core.protect import protected_spans

_N = 4000
_GROWTH = 4
_BOUND = 9.0  # between linear (4) and quadratic (16)


def _best_time(func: Callable[[str], object], make: Callable[[int], str], n: int) -> float:
    best = float("inf")
    # Each run gets a token of a different length: the transliterator remembers tokens.
    for extra in range(5):
        text = make(n + extra)
        start = time.perf_counter()
        func(text)
        best = min(best, time.perf_counter() - start)
    return best


def assert_linear(func: Callable[[str], object], make: Callable[[int], str]) -> None:
    func(make(8))  # compile tables and warm caches outside the timing
    small = _best_time(func, make, _N)
    large = _best_time(func, make, _N * _GROWTH)
    # A floor keeps timer resolution from inflating the ratio of tiny times.
    ratio = large / max(small, 2e-4)
    assert ratio < _BOUND, f"{_GROWTH}x the input took {ratio:.1f}x the time"


# One long token before a span mark: each made the span scan quadratic (issue 14 item 1).
TOKENS = [
    pytest.param(lambda n: "a" * n + ".b", id="latin-dot"),
    pytest.param(lambda n: "a" * n + "@", id="latin-at"),
    pytest.param(lambda n: "\u0428" * n + ".b", id="cyrillic-dot"),
    pytest.param(lambda n: "\u0428" * n + "#x", id="cyrillic-hash"),
    pytest.param(lambda n: "a'" * n + "@b", id="apostrophes-at"),
    pytest.param(lambda n: "a" * n + "://x", id="scheme"),
    pytest.param(lambda n: "a." * n + "b", id="many-dots"),
]


@pytest.mark.parametrize("make", TOKENS)
@pytest.mark.parametrize(
    "func",
    [translit.to_latin, translit.to_cyrillic, protected_spans],
    ids=["to_latin", "to_cyrillic", "protected_spans"],
)
def test_one_long_token_takes_linear_time(
    func: Callable[[str], object], make: Callable[[int], str]
) -> None:
    assert_linear(func, make)
