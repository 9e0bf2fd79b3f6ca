"""Load transliteration rule tables from the plain-text files in ``translit/data``.

The rules of Uzbek transliteration belong to linguists, not to programmers, so
they live in small text files that read like the rules in a grammar book
(epitran and ICU write them the same way)::

    @class V = а е ё и о у э ю я ў      # a named set of letters
    ш -> sh                             # a letter, everywhere
    е -> ye / # _                       # in a context: at the start of a word
    е -> ye / V _                       # after a vowel
    ъ -> ∅ / _ I                        # ∅ (or nothing) writes nothing

A comment is a line starting with ``#``, or ``#`` after two spaces at the end of
a rule (a ``#`` inside the context is the word-boundary symbol).

This module only parses; :mod:`translit.core.engine` compiles a table into a fast
matcher. Rules are written in lower case: capitals are derived by the engine.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources

__all__ = ["BOUNDARY", "Rule", "RuleError", "RuleTable", "load_table", "parse_table"]

#: Context item meaning "not a letter here" (start or end of a word).
BOUNDARY = "#"
#: Built-in classes every table may use.
BUILTIN_CLASSES = {"L": "any letter", "U": "any capital letter"}

_EMPTY = {"∅", "0", '""'}
_CLASS_NAME = re.compile(r"[A-Z][A-Za-z0-9]*\Z")


class RuleError(ValueError):
    """A rule file could not be parsed; the message names the file and line."""


@dataclass(frozen=True)
class Rule:
    """One rewrite: ``source -> target / left _ right``.

    ``left`` and ``right`` are sequences of context items, each matching one
    character: a class name, a bracketed set such as ``[аеиоу]``, a single
    character, or ``#`` for "no letter here".
    """

    source: str
    target: str
    left: tuple[str, ...] = ()
    right: tuple[str, ...] = ()
    line: int = 0
    comment: str = ""

    @property
    def has_context(self) -> bool:
        return bool(self.left or self.right)

    def __str__(self) -> str:
        text = f"{self.source} -> {self.target or '∅'}"
        if self.has_context:
            text += f" / {' '.join(self.left)} _ {' '.join(self.right)}".rstrip()
        return text


@dataclass(frozen=True)
class RuleTable:
    """A parsed rule file: named classes and rules, in file order."""

    name: str
    classes: dict[str, frozenset[str]] = field(default_factory=dict)
    rules: tuple[Rule, ...] = ()
    description: str = ""

    def replace_targets(self, mapping: dict[str, str]) -> RuleTable:
        """A copy whose targets have characters swapped (used for apostrophe styles)."""
        table = str.maketrans(mapping)
        rules = tuple(
            Rule(r.source, r.target.translate(table), r.left, r.right, r.line, r.comment)
            for r in self.rules
        )
        return RuleTable(self.name, self.classes, rules, self.description)

    def extended(self, rules: tuple[Rule, ...], name: str | None = None) -> RuleTable:
        """A copy with ``rules`` placed before this table's own (they win ties)."""
        return RuleTable(name or self.name, self.classes, rules + self.rules, self.description)


def _split_comment(line: str) -> tuple[str, str]:
    # "#" inside a context is the word-boundary symbol, so an inline comment is a "#"
    # after at least two spaces (or a tab).
    m = re.search(r"(?: {2,}|\t)#(?:\s|$)", line)
    if m is None:
        return line.strip(), ""
    return line[: m.start()].strip(), line[m.end() :].strip()


def _context(items: str, where: str) -> tuple[str, ...]:
    return tuple(items.split())


def parse_table(text: str, name: str = "<string>") -> RuleTable:
    """Parse the text of a rule file (see the module docstring for the syntax)."""
    classes: dict[str, frozenset[str]] = {}
    rules: list[Rule] = []
    description: list[str] = []
    header = True
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            if header and line.startswith("#"):
                description.append(line.lstrip("#").strip())
            elif header and not line and description:
                header = False
            continue
        header = False
        body, comment = _split_comment(line)
        where = f"{name}:{lineno}"
        if body.startswith("@class"):
            m = re.fullmatch(r"@class\s+(\S+)\s*=\s*(.*)", body)
            if not m or not _CLASS_NAME.match(m.group(1)):
                raise RuleError(f"{where}: expected '@class NAME = letters ...'")
            if m.group(1) in BUILTIN_CLASSES:
                raise RuleError(f"{where}: class {m.group(1)} is built in")
            members = frozenset(m.group(2).split())
            if any(len(ch) != 1 for ch in members):
                raise RuleError(f"{where}: class members must be single characters")
            classes[m.group(1)] = members
            continue
        if "->" not in body:
            raise RuleError(f"{where}: expected 'source -> target [/ left _ right]'")
        source, rest = (part.strip() for part in body.split("->", 1))
        left: tuple[str, ...] = ()
        right: tuple[str, ...] = ()
        if "/" in rest:
            target, ctx = (part.strip() for part in rest.split("/", 1))
            if ctx.count("_") != 1:
                raise RuleError(f"{where}: a context needs exactly one '_' for the source")
            before, after = ctx.split("_")
            left, right = _context(before, where), _context(after, where)
        else:
            target = rest
        if target in _EMPTY:
            target = ""
        if not source or " " in source:
            raise RuleError(f"{where}: the source must be one word of letters")
        if source != source.lower():
            raise RuleError(f"{where}: write rules in lower case; capitals are derived")
        for item in left + right:
            _check_item(item, classes, where)
        rules.append(Rule(source, target, left, right, lineno, comment))
    return RuleTable(name, classes, tuple(rules), " ".join(description))


def _check_item(item: str, classes: dict[str, frozenset[str]], where: str) -> None:
    if item == BOUNDARY or len(item) == 1 or item in classes or item in BUILTIN_CLASSES:
        return
    if item.startswith("[") and item.endswith("]") and len(item) > 2:
        return
    raise RuleError(f"{where}: unknown context item {item!r} (define it with @class)")


@functools.cache
def load_table(filename: str) -> RuleTable:
    """Load and parse ``translit/data/<filename>`` (cached)."""
    text = resources.files("translit").joinpath("data").joinpath(filename).read_text("utf-8")
    return parse_table(text, filename)
