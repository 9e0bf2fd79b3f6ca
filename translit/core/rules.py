"""Load transliteration rule tables from the plain-text files in ``translit/data``.

The rules of Uzbek transliteration belong to linguists, not to programmers, so
they live in small text files that read like the rules in a grammar book
(epitran and ICU write them the same way)::

    @class V = а е ё и о у э ю я ў      # a named set of letters
    ш -> sh                             # a letter, everywhere
    е -> ye / # _                       # in a context: at the start of a word
    е -> ye / V _                       # after a vowel
    ъ -> ∅ / _ I                        # ∅ (or nothing) writes nothing
    [ʻ‘’] -> ʼ / T _ L                  # a set as the source: one rule per member
    Apostrophe -> ʼ / T _ L             # a class as the source, the same

A comment is a line starting with ``#``, or ``#`` after two spaces at the end of
a rule (a ``#`` inside the context is the word-boundary symbol).

Some classes are facts every part of the library needs (the apostrophe
look-alikes, the Latin consonants); they are written once, in
``data/classes.rules``, and every table may use them by name. Python code reads
them with :func:`shared_class`.

A typo in a rule file is an error naming the file and line (:class:`RuleError`),
never a rule that silently means something else: an undefined class name, a
class defined twice, two rules for the same source in the same context.

This module only parses; :mod:`translit.core.engine` compiles a table into a fast
matcher. Rules are written in lower case: capitals are derived by the engine.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources

__all__ = [
    "BOUNDARY",
    "Rule",
    "RuleError",
    "RuleTable",
    "load_table",
    "parse_table",
    "read_data",
    "shared_class",
    "shared_classes",
]

#: Context item meaning "not a letter here" (start or end of a word).
BOUNDARY = "#"
#: Built-in classes every table may use.
BUILTIN_CLASSES = {"L": "any letter", "U": "any capital letter"}

#: The file of the classes every table may use (and Python code reads, via shared_class).
SHARED_CLASSES_FILE = "classes.rules"

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
    #: The source as written when it was a set (``[ʻ‘’]``) or a class name: the file
    #: line gave one rule per member, and this says which line they came from.
    group: str = ""

    @property
    def has_context(self) -> bool:
        return bool(self.left or self.right)

    def __str__(self) -> str:
        text = f"{self.group or self.source} -> {self.target or '∅'}"
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
        rules = tuple(dataclasses.replace(r, target=r.target.translate(table)) for r in self.rules)
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


def parse_table(
    text: str, name: str = "<string>", *, shared: dict[str, frozenset[str]] | None = None
) -> RuleTable:
    """Parse the text of a rule file (see the module docstring for the syntax).

    ``shared`` are the classes every table may use (default: those of
    ``data/classes.rules``); the ones a table uses are added to its ``classes``.
    """
    if shared is None:
        shared = {} if name == SHARED_CLASSES_FILE else shared_classes()
    classes: dict[str, frozenset[str]] = {}
    used_shared: set[str] = set()
    rules: list[Rule] = []
    seen: dict[tuple[str, tuple[str, ...], tuple[str, ...]], int] = {}
    description: list[str] = []
    header = True

    def lookup(item: str) -> frozenset[str] | None:
        if item in classes:
            return classes[item]
        if item in shared:
            used_shared.add(item)
            return shared[item]
        return None

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
            class_name = m.group(1)
            if class_name in BUILTIN_CLASSES:
                raise RuleError(f"{where}: class {class_name} is built in")
            if class_name in classes:
                raise RuleError(f"{where}: class {class_name} is defined twice")
            if class_name in shared:
                raise RuleError(
                    f"{where}: class {class_name} is shared (data/{SHARED_CLASSES_FILE}); "
                    "use it or choose another name"
                )
            members = frozenset(m.group(2).split())
            if not members:
                raise RuleError(f"{where}: class {class_name} has no members")
            if any(len(ch) != 1 for ch in members):
                raise RuleError(f"{where}: class members must be single characters")
            classes[class_name] = members
            continue
        if name == SHARED_CLASSES_FILE:
            raise RuleError(f"{where}: the shared file holds classes only, no rules")
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
        for item in left + right:
            _check_item(item, lookup, where)
        sources, group = _sources(source, lookup, where)
        for src in sources:
            key = (src, left, right)
            if key in seen:
                raise RuleError(
                    f"{where}: a second rule for {src!r} in the same context "
                    f"(the first is on line {seen[key]}; only one can apply)"
                )
            seen[key] = lineno
            rules.append(Rule(src, target, left, right, lineno, comment, group))
    for class_name in sorted(used_shared):
        classes[class_name] = shared[class_name]
    return RuleTable(name, classes, tuple(rules), " ".join(description))


def _sources(
    source: str, lookup: Callable[[str], frozenset[str] | None], where: str
) -> tuple[list[str], str]:
    """The sources a rule's source stands for, and the source as written if a set."""
    if source.startswith("[") and source.endswith("]") and len(source) > 2:
        members = list(dict.fromkeys(source[1:-1]))
        group = source
    elif _CLASS_NAME.match(source):
        found = lookup(source)
        if found is None:
            raise RuleError(
                f"{where}: unknown class {source!r} as the source (define it with @class; "
                "letters are written in lower case)"
            )
        members = sorted(found)
        group = source
    elif "[" in source or "]" in source:
        raise RuleError(f"{where}: a set [...] must be the whole source")
    else:
        members, group = [source], ""
    for member in members:
        if member != member.lower():
            raise RuleError(f"{where}: write rules in lower case; capitals are derived")
    return members, group


def _check_item(
    item: str, lookup: Callable[[str], frozenset[str] | None], where: str
) -> None:
    if item == BOUNDARY or item in BUILTIN_CLASSES or lookup(item) is not None:
        return
    if _CLASS_NAME.match(item):
        # A capital in a context is a class name (letters are written in lower case):
        # an undefined one is a typo (W for V), never the letter W.
        raise RuleError(f"{where}: unknown class {item!r} in the context (define it with @class)")
    if len(item) == 1:
        return
    if item.startswith("[") and item.endswith("]") and len(item) > 2:
        return
    raise RuleError(f"{where}: unknown context item {item!r} (define it with @class)")


def read_data(filename: str) -> str:
    """The text of ``translit/data/<filename>``."""
    return resources.files("translit").joinpath("data").joinpath(filename).read_text("utf-8")


@functools.cache
def load_table(filename: str) -> RuleTable:
    """Load and parse ``translit/data/<filename>`` (cached)."""
    return parse_table(read_data(filename), filename)


@functools.cache
def shared_classes() -> dict[str, frozenset[str]]:
    """The classes of ``data/classes.rules``, which every table may use by name."""
    return load_table(SHARED_CLASSES_FILE).classes


def shared_class(name: str) -> frozenset[str]:
    """One shared class (``shared_class("Apostrophe")``): the one place a fact such as
    the set of apostrophe look-alikes is written, for the tables and the code alike."""
    return shared_classes()[name]
