"""The benchmark suite still imports and its generated corpus is reproducible.

Why here, and why nothing is timed: the benchmarks are not run by the test suite (a
measurement is not a test), but a refactor of ``translit`` can silently break them,
and their numbers are only comparable between runs if the same seed gives the same
corpus. These checks run in well under a second and look at no clock.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from benchmarks import accuracy, cli_bench, corpus, markdown, suite

MODULES = (
    "accuracy", "cli_bench", "cold", "coldstart", "corpus", "harness", "markdown", "peers",
    "scale", "suite", "throughput", "web_load", "web_page",
)  # fmt: skip


@pytest.mark.parametrize("name", MODULES)
def test_module_imports(name: str) -> None:
    module = importlib.import_module(f"benchmarks.{name}")
    assert module.__doc__, f"benchmarks/{name}.py has no module docstring"


def test_generator_is_deterministic_and_reaches_the_size() -> None:
    a = corpus.generate_documents(20_000, seed=3)
    assert a == corpus.generate_documents(20_000, seed=3)
    assert a != corpus.generate_documents(20_000, seed=4)
    assert corpus.utf8_size(a) >= 20_000
    assert list(corpus.iter_documents(20_000, seed=3)) == a


def test_generated_text_is_cyrillic_uzbek() -> None:
    text = "".join(corpus.generate_documents(5_000, seed=0))
    letters = [c for c in text if c.isalpha()]
    cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    assert cyrillic / len(letters) > 0.95
    assert any(c in text for c in "ўқғҳ")


def test_generated_file_is_the_generated_documents(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    size = corpus.write_generated_file(path, 10_000, seed=2)
    expected = "".join(corpus.iter_documents(10_000, seed=2)).encode("utf-8")
    assert path.read_bytes() == expected
    assert size == len(expected)


def test_quick_defaults_and_sections() -> None:
    args = suite.parse_args(["--quick", "--only", "cli,jobs"])
    assert args.sections == {"cli", "jobs"}
    assert (args.cli_mb, args.jobs_mb, args.repeat) == (8.0, 4.0, 3)
    with pytest.raises(SystemExit):
        suite.parse_args(["--only", "nonsense"])


def test_rss_at_one_gb_measured_or_extrapolated() -> None:
    res = cli_bench.CliResult()
    res.files = [
        cli_bench.FileRun(16_000_000, [1.0], 40_000_000),
        cli_bench.FileRun(64_000_000, [4.0], 40_000_000),
    ]
    assert res.rss_at(cli_bench.GB) == 40.0  # flat line stays flat
    assert not res.rss_measured_directly(cli_bench.GB)
    res.files[1].maxrss_bytes = 52_000_000  # 12 MB more per 48 MB of input
    assert res.rss_at(cli_bench.GB) == pytest.approx(52 + 12 * (1000 - 64) / 48)
    res.files.append(cli_bench.FileRun(cli_bench.GB, [60.0], 70_000_000))
    assert res.rss_measured_directly(cli_bench.GB)
    assert res.rss_at(cli_bench.GB) == 70.0


def test_markdown_table_escapes_pipes() -> None:
    out = markdown.table(("a", "b"), [("x|y", 1.5)], right=(1,))
    assert out.splitlines() == ["| a | b |", "| --- | ---: |", "| x\\|y | 1.5 |"]


# benchmarks/accuracy.py: each class takes its own example and leaves a real error to us.
CLASSES = [
    ("cyrillic -> latin", "yil", "2017-yil", "number hyphen (2017-yil)"),
    ("cyrillic -> latin", "bo'lsada", "bo'lsa-da", "particle hyphen (bo'lsa-da)"),
    ("cyrillic -> latin", "AQSHning", "AQShning", "rule E capitals (AQSH, YEI)"),
    ("cyrillic -> latin", "stansiya", "stantsiya", "rule C: s after a consonant (stansiya)"),
    ("cyrillic -> latin", "Mendeleyev", "Mendeleev", "rule A: ye (Mendeleyev, Vyetnam)"),
    ("cyrillic -> latin", "syezd", "s'ezd", "rule B: ъ/ь before е (syezd, obyekt)"),
    ("cyrillic -> latin", "valyuta", "valuta", "ю, я, ьо as yu, ya, yo (valyuta, Lyosa)"),
    ("cyrillic -> latin", "oktabr", "oktyabr", "lexical exception (oktabr, sentabr)"),
    ("cyrillic -> latin", "No'mon", "No''mon", "rule 32: no tutuq after oʻ (Noʻmon)"),
    ("cyrillic -> latin", "militsiya", "milisiya", "ours"),  # rule C: ts after a vowel
    ("cyrillic -> latin", "kitob", "kitab", "ours"),
    ("latin -> cyrillic", "нефть", "нефт", "soft sign dropped (нефт, делфин)"),
    ("latin -> cyrillic", "Жьерар", "Жерар", "ours"),  # ье is read from ye, not a dropped ь
    ("latin -> cyrillic", "XX", "ХХ", "Roman numeral typed in Cyrillic (ХХ)"),
    ("latin -> cyrillic", "федерация", "федератсия", "тс written for ц (федератсия)"),
    ("latin -> cyrillic", "сэндвич", "сендвич", "э of a loanword written е (сэндвич)"),
    ("latin -> cyrillic", "Пералта", "Перальта", "ours"),  # a missing ь is ours
    ("latin -> cyrillic", "Пепси", "Pepsi", "ours"),
]


@pytest.mark.parametrize(("direction", "ours", "theirs", "expected"), CLASSES)
def test_accuracy_classes(direction: str, ours: str, theirs: str, expected: str) -> None:
    assert accuracy.classify(direction, ours, theirs) == expected
