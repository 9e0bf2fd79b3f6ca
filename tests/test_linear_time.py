"""Linear time is correctness: a converter that is quadratic on one long token hangs on
hostile or merely unusual input (issue 14). Each test grows its input 16x and
compares the times: linear work grows about 16x, quadratic work 256x. No absolute
time limit is checked (the machine may be busy)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

import translit
from translit.core.protect import protected_spans

_SMALL, _GROWTH = 500, 16
# Linear work takes 16x the time for 16x the input, quadratic 256x. The bound leaves
# room for the regex engine, whose cost per character steps up once (up to 4x,
# somewhere between 4k and 32k characters), and for a busy machine.
_BOUND = 100.0


def _time(func: Callable[[str], object], text: str) -> float:
    start = time.perf_counter()
    func(text)
    return time.perf_counter() - start


def assert_linear(func: Callable[[str], object], make: Callable[[int], str]) -> None:
    func(make(8))  # compile tables and warm caches outside the timing
    # Each run gets a token of a different length: the transliterator remembers tokens.
    small = min(_time(func, make(_SMALL + extra)) for extra in range(5))
    ratio = float("inf")
    # The best of five (a busy machine slows some runs 2-3x), ended early when clear
    # either way: well inside the bound, or beyond what any slowdown explains.
    for extra in range(5):
        ratio = min(ratio, _time(func, make(_SMALL * _GROWTH + extra)) / small)
        if ratio < _BOUND / 2 or ratio > 10 * _BOUND:
            break
    assert ratio < _BOUND, f"{_GROWTH}x the input took {ratio:.0f}x the time"


# One long token before a span mark: each made the span scan quadratic (issue 14 item 1).
TOKENS = [
    pytest.param(lambda n: "a" * n + ".b", id="latin-dot"),
    pytest.param(lambda n: "a" * n + "@", id="latin-at"),
    pytest.param(lambda n: "\u0428" * n + ".b", id="cyrillic-dot"),
    pytest.param(lambda n: "\u0428" * n + "#x", id="cyrillic-hash"),
    pytest.param(lambda n: "a'" * n + "@b", id="apostrophes-at"),
    pytest.param(lambda n: "a" * n + "://x", id="scheme"),
    pytest.param(lambda n: "a." * n + "b", id="many-dots"),
    # A soft hyphen after a long token without one: each character of the token was
    # a new start for the search of marked tokens.
    pytest.param(lambda n: "\u0428" * n + " \u0448\u00ad\u0448", id="cyrillic-soft-hyphen"),
    pytest.param(lambda n: "a" * n + " b\u00adb", id="latin-soft-hyphen"),
    pytest.param(lambda n: "\u0448\u0301" * n, id="stress-marks"),
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
