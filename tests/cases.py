"""Load the test-case tables in tests/cases/.

Each ``SOURCE-TARGET[.anything].tsv`` file holds one case per row: input,
expected, label, comment (tab-separated; ``\\t``, ``\\n``, ``\\r`` and ``\\\\`` are
escapes). A ``# options: name=value ...`` line sets Transliterator options for
the file (``keep`` takes ``|``-separated words). ``known-failures.tsv`` has an
extra first column, the direction, and a reason instead of a comment.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

CASES_DIR = Path(__file__).parent / "cases"
KNOWN_FAILURES = CASES_DIR / "known-failures.tsv"
_ESCAPES = {"\\t": "\t", "\\n": "\n", "\\r": "\r", "\\\\": "\\"}


def unescape(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in _ESCAPES:
            out.append(_ESCAPES[pair])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


@dataclass(frozen=True)
class Case:
    source: str
    target: str
    input: str
    expected: str
    label: str
    comment: str
    where: str
    options: dict[str, object] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.where}:{self.label}:{self.input[:30]}"


def _options(line: str) -> dict[str, object]:
    options: dict[str, object] = {}
    for item in line.split(":", 1)[1].split():
        name, _, value = item.partition("=")
        options[name] = tuple(value.split("|")) if name == "keep" else value
    return options


def _rows(path: Path) -> tuple[dict[str, object], list[tuple[int, list[str]]]]:
    options: dict[str, object] = {}
    rows = []
    for lineno, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if line.startswith("# options:"):
            options = _options(line)
            continue
        if not line.strip() or line.startswith("#"):
            continue
        rows.append((lineno, [unescape(c) for c in line.split("\t")]))
    return options, rows


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CASES_DIR.glob("*.tsv")):
        if path == KNOWN_FAILURES:
            continue
        # cyrillic-latin, latin-2021-latin, cyrillic-latin-2026 ...: split on script names
        source, target = _split_schemes(path.name.split(".")[0].split("-"))
        options, rows = _rows(path)
        for lineno, cols in rows:
            if len(cols) < 2:
                raise ValueError(f"{path.name}:{lineno}: need at least input and expected")
            cols += [""] * (4 - len(cols))
            cases.append(
                Case(source, target, cols[0], cols[1], cols[2], cols[3],
                     f"{path.name}:{lineno}", options)
            )
    return cases


def _split_schemes(parts: list[str]) -> tuple[str, str]:
    # ["latin", "2021", "latin", "2026"] -> ("latin-2021", "latin-2026")
    names: list[str] = []
    for part in parts:
        if part.isdigit() and names:
            names[-1] += "-" + part
        else:
            names.append(part)
    if len(names) != 2:
        raise ValueError(f"cannot read the direction of {'-'.join(parts)}")
    return names[0], names[1]


def load_known_failures() -> list[Case]:
    if not KNOWN_FAILURES.exists():
        return []
    options, rows = _rows(KNOWN_FAILURES)
    cases = []
    for lineno, cols in rows:
        cols += [""] * (5 - len(cols))
        direction, text, expected, label, reason = cols[:5]
        source, target = _split_schemes(direction.split("-"))
        cases.append(Case(source, target, text, expected, label, reason,
                          f"known-failures.tsv:{lineno}", options))
    return cases
