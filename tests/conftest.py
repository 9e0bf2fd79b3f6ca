"""Shared test configuration: hypothesis profiles (more examples in CI), and skipping a test
that needs software not installed here (a failure under CI=1, where everything is installed)."""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("dev", max_examples=200, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def skip_or_fail(reason: str) -> None:
    """Skip the test with ``reason``; under CI=1 fail instead, since CI must run everything
    (it installs what is missing, e.g. a Java runtime for Spark)."""
    import pytest

    if _in_ci():
        pytest.fail(f"{reason} (CI is set: a skip is a failure here)", pytrace=False)
    pytest.skip(reason)


def require_module(name: str, extra: str) -> Any:
    """``import name``, or skip_or_fail naming the extra that installs it."""
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        skip_or_fail(f"{name} is not installed: pip install -e '.[{extra}]'")
        raise  # not reached: skip_or_fail raises
