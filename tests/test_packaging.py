"""Install metadata a newcomer depends on (issue 15): build requirements, classifiers,
project URLs, and test extras that install on a machine with only Python."""

from __future__ import annotations

import re
from importlib.metadata import metadata, requires
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = (ROOT / "pyproject.toml").read_text("utf-8")


def test_build_requires_a_hatchling_that_knows_license_files() -> None:
    # hatchling 1.18-1.25 fail on `license-files`; 1.26 builds.
    found = re.search(r'requires = \["hatchling>=(\d+)\.(\d+)"\]', PYPROJECT)
    assert found is not None
    assert (int(found.group(1)), int(found.group(2))) >= (1, 26)


def test_classifiers_and_urls() -> None:
    meta = metadata("uz-translit")
    classifiers = set(meta.get_all("Classifier") or [])
    for version in ("3.10", "3.11", "3.12", "3.13"):
        assert f"Programming Language :: Python :: {version}" in classifiers
    assert "Operating System :: OS Independent" in classifiers
    # No "Natural Language :: Uzbek" exists among the trove classifiers (hatchling refuses
    # it): the keywords carry the language.
    assert "uzbek" in (meta["Keywords"] or "").split(",")
    urls = dict(u.split(", ", 1) for u in meta.get_all("Project-URL") or [])
    assert {"Homepage", "Source", "Issues", "Documentation"} <= set(urls), urls
    assert all(u.startswith("https://") for u in urls.values())
    # Python versions claimed in the classifiers match requires-python.
    assert meta["Requires-Python"] == ">=3.10"


def test_no_extra_needs_a_compiler() -> None:
    # PyICU is published as source only: the ICU bindings come from pyicu-wheels
    # (manylinux wheels with the same `icu` module), so `pip install -e '.[test]'`
    # works with only Python.
    listed = requires("uz-translit") or []
    assert not any(r.lower().startswith("pyicu") and "wheels" not in r.lower() for r in listed)
    wheels = [r.replace('"', "'") for r in listed if r.startswith("pyicu-wheels")]
    assert any("extra == 'test'" in r for r in wheels)
    assert any("extra == 'icu'" in r for r in wheels)
