"""Run every example the documentation shows: docstrings, the README, docs/*.md.

Why: an example that is not run rots, and the docstring examples are what users
copy first. Every module of ``translit`` is searched with :mod:`doctest`; the
``>>>`` examples in the README's and the docs' fenced ``python``/``pycon`` blocks
are run too. A last test checks that every public function and class has a
docstring example at all, so the API page never shows a name without one.
"""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

import translit

ROOT = Path(__file__).resolve().parent.parent
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
_FENCE = re.compile(r"^```(?:python|pycon|py)[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)

# Public names without a docstring example yet, with the file to add it in. The test
# for each is a strict xfail: adding the example makes it pass, and then this entry
# must go.
MISSING_EXAMPLES: dict[str, str] = {}


def _modules() -> list[str]:
    names = [translit.__name__]
    for info in pkgutil.walk_packages(translit.__path__, prefix="translit."):
        if not info.name.endswith(".__main__"):  # importing it runs the command
            names.append(info.name)
    return sorted(names)


def _run(tests: Iterable[doctest.DocTest]) -> tuple[int, int, str]:
    """(failures, examples, report) of running ``tests`` (in order, lazily)."""
    lines: list[str] = []
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in tests:
        runner.run(test, out=lines.append, clear_globs=False)
    result = runner.summarize(verbose=False)
    return result.failed, result.attempted, "".join(lines)


@pytest.mark.parametrize("name", _modules())
def test_module_docstring_examples(name: str) -> None:
    try:
        module = importlib.import_module(name)
    except translit.MissingExtraError as exc:  # an optional extra is not installed
        pytest.skip(f"{name}: {exc}")
    tests = doctest.DocTestFinder(exclude_empty=True).find(module, name)
    failed, _, report = _run(tests)
    assert failed == 0, report


def _markdown_files() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def _markdown_tests(path: Path) -> Iterator[doctest.DocTest]:
    """The ``>>>`` blocks of ``path``; later blocks see the names earlier ones defined."""
    text = path.read_text("utf-8")
    parser = doctest.DocTestParser()
    globs: dict[str, Any] = {}
    for number, match in enumerate(_FENCE.finditer(text), 1):
        block = match.group(1)
        if ">>>" not in block:
            continue
        line = text.count("\n", 0, match.start(1))
        test = parser.get_doctest(block, globs, f"{path.name}[block {number}]", str(path), line)
        yield test  # run before the next block is parsed
        globs = test.globs


@pytest.mark.parametrize("path", _markdown_files(), ids=lambda p: p.name)
def test_markdown_examples(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path.name} not written yet")
    failed, _, report = _run(_markdown_tests(path))
    assert failed == 0, report


def test_readme_has_examples() -> None:
    # The README's example is the first thing a user runs: it must stay a doctest.
    _, attempted, _ = _run(_markdown_tests(ROOT / "README.md"))
    assert attempted >= 2


def _public_objects() -> list[str]:
    names = []
    for name in translit.__all__:
        obj = getattr(translit, name)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            names.append(name)
    return names


def _has_example(obj: object) -> bool:
    return ">>>" in (inspect.getdoc(obj) or "") or any(
        ">>>" in (inspect.getdoc(member) or "")
        for member_name, member in vars(obj).items()
        if inspect.isclass(obj) and not member_name.startswith("_")
    )


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(
            n,
            marks=pytest.mark.xfail(
                strict=True, reason=f"no docstring example yet ({MISSING_EXAMPLES[n]})"
            ),
        )
        if n in MISSING_EXAMPLES
        else n
        for n in _public_objects()
    ],
)
def test_public_name_has_docstring_example(name: str) -> None:
    obj = getattr(translit, name)
    assert inspect.getdoc(obj), f"translit.{name} has no docstring"
    assert _has_example(obj), f"translit.{name}: add a >>> example to its docstring"
    # The example must be one that test_module_docstring_examples runs: the object's own
    # module is searched, so it must be defined in a translit module.
    assert obj.__module__.startswith("translit"), obj.__module__
