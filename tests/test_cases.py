"""Run every case of the tables in tests/cases/ (see tests/cases.py for the format)."""

from __future__ import annotations

import functools

import pytest

import translit

from .cases import Case, load_cases, load_known_failures

CASES = load_cases()
KNOWN_FAILURES = load_known_failures()


@functools.cache
def _transliterator(source: str, target: str, options: tuple[tuple[str, object], ...]):
    return translit.Transliterator(source, target, **dict(options))


def _convert(case: Case) -> str:
    options = tuple(sorted(case.options.items()))
    return _transliterator(case.source, case.target, options)(case.input)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case(case: Case) -> None:
    assert _convert(case) == case.expected, f"{case.label}: {case.comment}"


@pytest.mark.parametrize("case", KNOWN_FAILURES, ids=[c.id for c in KNOWN_FAILURES])
def test_known_failure_still_fails(case: Case) -> None:
    """A known failure that starts passing must move to the normal tables."""
    assert _convert(case) != case.expected, (
        f"{case.where} now passes: move it to the tables ({case.comment})"
    )


def test_tables_are_not_empty() -> None:
    directions = {(c.source, c.target) for c in CASES}
    assert ("cyrillic", "latin") in directions
    assert len(CASES) > 100
