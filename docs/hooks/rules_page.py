"""mkdocs hook: generate ``rules.md`` from the rule tables the engine uses.

Why generated: a rules reference written by hand drifts from the engine the day
someone edits a table. This page is rendered at build time from the same files
(``translit/data/*.rules``, ``*.exceptions``, ``suffixes.txt``, ``lexicon/*.txt``)
through the library's own parsers (:func:`translit.core.rules.load_table`,
:class:`translit.core.lexicon.SuffixGrammar`), and every example in a rule comment is
run through the library, so the page shows what the code does today.

Only the section headings (the comment block above a group of rules) are read
from the raw files: the parser keeps each rule's line number and inline comment
but not the free comments between rules.

The hook also adds a Markdown extension that turns doctest lines (``>>> ...``)
in docstrings into highlighted Python blocks, so the API page shows the
examples that ``tests/test_doctests.py`` runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import translit
from translit.core.lexicon import SuffixGrammar
from translit.core.rules import BOUNDARY, BUILTIN_CLASSES, Rule, RuleTable, load_table

if TYPE_CHECKING:
    from mkdocs.structure.files import Files

try:
    from mkdocs.plugins import event_priority
except ImportError:  # rendering without mkdocs (tests/test_docs.py in a test-only install)

    def event_priority(priority: float) -> Callable[[Any], Any]:
        return lambda f: f


PAGE = "rules.md"
DATA = Path(translit.__file__).resolve().parent / "data"

# (file, title, converter used to check the examples in its comments, intro)
TABLES: tuple[tuple[str, str, str, str], ...] = (
    (
        "cyrillic-latin.rules",
        "Cyrillic → Latin",
        "to_latin",
        "How each Cyrillic letter is written in the 1995 Latin alphabet, and the context "
        "rules (A–D) that refine some of them.",
    ),
    (
        "cyrillic-latin.exceptions",
        "Lexical exceptions",
        "to_latin",
        "Words spelt in Latin by convention rather than by rule. They are applied before "
        "the rules above; an ending after the stem follows the ordinary rules.",
    ),
    (
        "latin-apostrophes.rules",
        "Apostrophes in Latin input",
        "",
        "Latin text types the two Uzbek apostrophes in many ways. These rules decide, "
        "before any conversion from Latin, which mark is the turned comma ʻ of oʻ/gʻ, "
        "which is the tutuq belgisi ʼ and which is a quotation mark.",
    ),
    (
        "latin-cyrillic.rules",
        "Latin → Cyrillic",
        "to_cyrillic",
        "The rules for native words. Loanwords whose ц, ь, ъ, йо or э Latin lost are "
        "spelt by the [loanword lexicon](#lexicon) instead.",
    ),
    (
        "classes.rules",
        "Shared letter classes",
        "",
        "Classes every table may use by name, and the code reads too (the apostrophe "
        "look-alikes, the Latin consonants): each fact is written once.",
    ),
)

# Anchors that other pages link to; tests/test_docs.py checks that they exist.
SECTION_IDS = {
    "classes.rules": "shared-classes",
    "cyrillic-latin.exceptions": "lexical-exceptions",
    "latin-apostrophes.rules": "apostrophes",
}

# Spec examples of rule E (capitals): the engine derives capitals, no table holds them.
CAPITAL_EXAMPLES = ("ШАҲАР", "Шаҳар", "ЎЗБЕКИСТОН", "АҚШ", "ЁШЛАР", "Ёшлар", "Ё у, ё бу", "ЎзР")
LATIN_CAPITAL_EXAMPLES = ("SHAHAR", "Shahar", "AQSH", "AQSh", "OʻZBEKISTON")
SUFFIX_EXAMPLES = ("", "lar", "larimizda", "ga", "dagi", "a", "ka", "lik")

_PAIR = re.compile(r"(\S+?)\s*->\s*(\S+)")


class Section:
    """A comment block of a rule file and the rules that follow it."""

    def __init__(self, heading: str, text: str) -> None:
        self.heading = heading
        self.text = text
        self.rules: list[Rule] = []


def _raw(filename: str) -> str:
    return resources.files("translit").joinpath("data").joinpath(filename).read_text("utf-8")


def sections(table: RuleTable, text: str) -> list[Section]:
    """Group the rules of ``table`` under the comment block written above them.

    The file's first comment block is its header (how to edit the file), not a
    heading; rules right after it form a section without a heading.
    """
    by_line: dict[int, list[Rule]] = {}
    for rule in table.rules:  # a set as the source gives several rules on one line
        by_line.setdefault(rule.line, []).append(rule)
    found: list[Section] = []
    block: list[str] = []
    after_blank = True
    in_header = True
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            after_blank = True
            if in_header and number > 1:
                in_header, block = False, []
            continue
        if line.startswith("#"):
            if after_blank:
                block = []
            block.append(line.lstrip("#").strip())
            after_blank = False
            continue
        after_blank = False
        if in_header:
            in_header, block = False, []
        rules = by_line.get(number)
        if rules is None:
            continue
        if block or not found:
            found.append(_section(" ".join(block)))
            block = []
        found[-1].rules.extend(rules)
    return found


def _section(comment: str) -> Section:
    """Heading = the comment's first sentence, or its part before a colon."""
    heading, _, rest = comment.partition(". ")
    before = heading.partition(":")[0]
    if ":" in heading and len(before) < 60 and before.count("(") == before.count(")"):
        heading, _, more = heading.partition(":")
        rest = (more.strip() + (". " + rest if rest else "")).strip()
    heading, rest = heading.strip().rstrip("."), rest.strip()
    if len(heading) > 60:  # a long sentence: its first clause is the heading
        m = re.search(r"; | \(", heading[15:])
        if m:
            cut = 15 + m.start()
            rest = (heading + ". " + rest).strip() if rest else heading + "."
            heading = heading[:cut]
    return Section(heading, rest)  # not capitalised: it may start with a rule's letter


def section_id(filename: str, heading: str) -> str:
    """A stable anchor: ``rule-a`` for "Rule A", else the file name and heading words."""
    m = re.match(r"Rule ([A-Z])\b", heading)
    if m:
        return f"rule-{m.group(1).lower()}"
    words = re.findall(r"[a-z0-9]+", heading.lower())[:4]
    stem = filename.rsplit(".", 1)[0]
    return "-".join([stem, *words])


def code(text: str) -> str:
    """A Markdown code span that survives backticks and table pipes."""
    if not text:
        return "∅"
    text = text.replace("|", "&#124;")
    if "`" in text:
        return f"`` {text} ``"
    return f"`{text}`"


def _cell(text: str) -> str:
    return text.replace("|", "&#124;").replace("\n", " ")


def describe_item(item: str, table: RuleTable) -> str:
    """One context item in words."""
    if item == BOUNDARY:
        return "no letter (start or end of a word)"
    if item in BUILTIN_CLASSES:
        return BUILTIN_CLASSES[item]
    if item in table.classes:
        return f"{item} (" + " ".join(sorted(table.classes[item])) + ")"
    if item.startswith("["):
        return "one of " + " ".join(item[1:-1])
    return code(item)


def describe_context(rule: Rule, table: RuleTable) -> str:
    """``after V (а е …)``, ``before I (…)``, or ``everywhere``."""
    parts = []
    if rule.left == (BOUNDARY,):
        parts.append("at the start of a word")
    elif rule.left:
        parts.append("after " + " then ".join(describe_item(i, table) for i in rule.left))
    if rule.right == (BOUNDARY,):
        parts.append("at the end of a word")
    elif rule.right:
        parts.append("before " + " then ".join(describe_item(i, table) for i in rule.right))
    return "; ".join(parts) if parts else "everywhere"


def check_examples(comment: str, convert: Callable[[str], str] | None) -> str:
    """Run each ``source -> target`` example of a comment and show what the library gives."""
    if convert is None:
        return ""
    shown = []
    for src, expected in _PAIR.findall(comment):
        src, expected = src.strip("(),;"), expected.strip("(),;")
        if not src or not expected:
            continue
        got = convert(src)
        mark = "✓" if got == expected else f"✗ expected {expected}"
        shown.append(f"{src} → {got} {mark}")
    return "<br>".join(_cell(s) for s in shown)


def _converter(name: str) -> Callable[[str], str] | None:
    if not name:
        return None
    fn: Callable[[str], str] = getattr(translit, name)
    return fn


def render_classes(table: RuleTable) -> list[str]:
    if not table.classes:
        return []
    out = ["| Class | Letters |", "|---|---|"]
    for name, members in table.classes.items():
        out.append(f"| `{name}` | {_cell(' '.join(sorted(members)))} |")
    if any(item in BUILTIN_CLASSES for r in table.rules for item in r.left + r.right):
        out.append("| `L` / `U` | any letter / any capital letter (built in) |")
    return [*out, ""]


def render_section(filename: str, section: Section, table: RuleTable, check: str) -> list[str]:
    out = []
    if section.heading:
        out += [f"### {section.heading} {{#{section_id(filename, section.heading)}}}", ""]
    if section.text:
        out += [section.text, ""]
    convert = _converter(check)
    with_examples = convert is not None and any(_PAIR.search(r.comment) for r in section.rules)
    header = "| Source | Target | Where | Comment |"
    rule_line = "|---|---|---|---|"
    if with_examples:
        header += " translit gives |"
        rule_line += "---|"
    out += [header, rule_line]
    shown = set()
    for rule in section.rules:
        if rule.line in shown:  # one row per line of the file ([ʻ‘’] -> ʼ is one rule)
            continue
        shown.add(rule.line)
        row = (
            f"| {code(rule.group or rule.source)} | {code(rule.target)} "
            f"| {describe_context(rule, table)} "
            f"| {_cell(rule.comment)} |"
        )
        if with_examples:
            row += f" {check_examples(rule.comment, convert)} |"
        out.append(row)
    return [*out, ""]


def render_letters(table: RuleTable, filename: str, groups: Sequence[Section]) -> list[str]:
    """Every single-letter source with its plain value, capital and refining rules.

    The capital is derived as the engine derives it: a capital letter gives the
    title case of the target (Ш -> Sh); inside a word in capitals, all capitals.
    """
    refined: dict[str, list[str]] = {}
    for section in groups:
        for rule in section.rules:
            if rule.has_context:
                anchor = section_id(filename, section.heading)
                refined.setdefault(rule.source, [])
                link = f"[{section.heading}](#{anchor})"
                if link not in refined[rule.source]:
                    refined[rule.source].append(link)
    out = ["| Letter | Written | Capital | Changed by |", "|---|---|---|---|"]
    for rule in table.rules:
        if rule.has_context or len(rule.source) != 1:
            continue
        capital = rule.target[:1].upper() + rule.target[1:]
        out.append(
            f"| {rule.source.upper()} {rule.source} | {code(rule.target)} | {code(capital)} "
            f"| {', '.join(refined.get(rule.source, []))} |"
        )
    return [*out, ""]


def render_table(filename: str, title: str, check: str, intro: str) -> list[str]:
    table = load_table(filename)
    return render_parsed(filename, title, check, intro, table, _raw(filename))


def render_parsed(
    filename: str, title: str, check: str, intro: str, table: RuleTable, text: str
) -> list[str]:
    """The section of the page for one parsed table (``text`` gives the headings)."""
    anchor = SECTION_IDS.get(filename, filename.rsplit(".", 1)[0])
    out = [f"## {title} {{#{anchor}}}", ""]
    # One rule per line of the file: a set as the source is one rule, as written.
    count = len({rule.line for rule in table.rules})
    counted = f" ({count} rules)" if count else ""
    out += [f"{intro} Source file: `translit/data/{filename}`{counted}.", ""]
    out += render_classes(table)
    groups = sections(table, text)
    if filename.endswith(".rules") and table.rules and not filename.startswith("latin-apost"):
        out += [f"### Every letter {{#{anchor}-letters}}", ""]
        out += render_letters(table, filename, groups)
    for section in groups:
        out += render_section(filename, section, table, check)
    return out


def render_capitals() -> list[str]:
    out = [
        "## Capitals (rule E) {#rule-e}",
        "",
        "Tables are written in lower case; the engine derives capitals. A letter that "
        "becomes two Latin letters is written all capitals inside a word in capitals and "
        "title case otherwise; a capital one-letter word is title case. These examples "
        "are converted when this page is built:",
        "",
        "| Cyrillic | translit gives |",
        "|---|---|",
    ]
    out += [f"| {_cell(s)} | {_cell(translit.to_latin(s))} |" for s in CAPITAL_EXAMPLES]
    out += ["", "| Latin | translit gives |", "|---|---|"]
    out += [f"| {_cell(s)} | {_cell(translit.to_cyrillic(s))} |" for s in LATIN_CAPITAL_EXAMPLES]
    return [*out, ""]


def render_apostrophe_styles() -> list[str]:
    out = [
        "## Apostrophe styles in Latin output {#apostrophe-styles}",
        "",
        "The `apostrophe` option (`--apostrophe` on the command line) chooses the "
        "characters written for oʻ/gʻ and for the tutuq belgisi:",
        "",
        "| Style | oʻ, gʻ | ʼ | Example |",
        "|---|---|---|---|",
    ]
    for style, (turned, tutuq) in translit.APOSTROPHE_STYLES.items():
        example = translit.to_latin("Ўзбекистон маъноси", apostrophe=style)
        out.append(
            f"| `{style}` | {code(turned)} U+{ord(turned):04X} | {code(tutuq)} "
            f"U+{ord(tutuq):04X} | {_cell(example)} |"
        )
    return [*out, ""]


def chains(text: str) -> list[list[str]]:
    """The ``@chain`` lines of suffixes.txt (the grammar object keeps only a regex)."""
    found = []
    for raw in text.splitlines():
        m = re.fullmatch(r"@chain\s+(.+)", raw.split("#", 1)[0].strip())
        if m:
            found.append(m.group(1).split())
    return found


def render_suffixes(text: str | None = None) -> list[str]:
    text = _raw("suffixes.txt") if text is None else text
    grammar = SuffixGrammar(text)
    out = [
        "## Suffix grammar {#suffix-grammar}",
        "",
        "A loanword keeps its Cyrillic spelling under Uzbek endings (kompyuterlarimizda → "
        "компьютерларимизда), so a Latin word matches a lexicon stem only when the rest of "
        "it is a chain of these suffixes. Each slot may appear once, in the order of a "
        "chain, and every slot is optional. Source file: `translit/data/suffixes.txt`.",
        "",
        "| Slot | Suffixes |",
        "|---|---|",
    ]
    out += [f"| `{name}` | {' '.join(alts)} |" for name, alts in grammar.slots.items()]
    out += ["", "Chains (alternatives):", ""]
    out += ["- " + " → ".join(f"`{name}`" for name in chain) for chain in chains(text)]
    out += ["", "| Ending after a stem | A suffix chain? |", "|---|---|"]
    for ending in SUFFIX_EXAMPLES:
        out.append(f"| {code(ending)} | {'yes' if grammar.is_chain(ending) else 'no'} |")
    return [*out, ""]


def lexicon_files() -> list[tuple[str, int]]:
    """(file name, number of entries) for each ``data/lexicon/*.txt``."""
    root = resources.files("translit").joinpath("data").joinpath("lexicon")
    counts = []
    for item in sorted(root.iterdir(), key=lambda f: f.name):
        if item.name.endswith(".txt"):
            lines = item.read_text("utf-8").splitlines()
            counts.append((item.name, sum(1 for s in lines if s.split("#", 1)[0].strip())))
    return counts


def render_lexicon(counts: Iterable[tuple[str, int]] | None = None) -> list[str]:
    counts = lexicon_files() if counts is None else list(counts)
    total = sum(n for _, n in counts)
    out = [
        "## Loanword lexicon {#lexicon}",
        "",
        "Latin lost the ц, ь, ъ, йо and inner э of loanwords, so no rule can restore "
        "them: Latin → Cyrillic looks such words up in a lexicon of stems written in "
        "Cyrillic (`translit/data/lexicon/*.txt`); their Latin keys are derived with the "
        "Cyrillic → Latin rules above. See [the lexicon page](lexicon.md) for how to "
        "add words.",
        "",
    ]
    if not counts:
        return [*out, "The lexicon has no files yet: every Latin word follows the rules.", ""]
    out += [f"**{total} entries** in {len(counts)} files:", "", "| File | Entries |", "|---|---|"]
    out += [f"| `{name}` | {n} |" for name, n in counts]
    return [*out, ""]


def all_tables() -> list[tuple[str, str, str, str]]:
    """:data:`TABLES`, then any other table file shipped (so that none is left out)."""
    known = {t[0] for t in TABLES}
    others = sorted(
        p.name
        for p in DATA.iterdir()
        if p.suffix in (".rules", ".exceptions") and p.name not in known
    )
    return [*TABLES, *((name, name, "", "") for name in others)]


def render_schemes() -> list[str]:
    """The other Latin alphabets (data/schemes/*.rules) against the 1995 letters."""
    from translit.core import schemes

    names = schemes.scheme_names()
    loaded = [schemes.load_scheme(name) for name in names]
    units: list[str] = []
    for scheme in loaded:
        units += [u for u in scheme.letters if u not in units]
    out = [
        "## Other Latin alphabets {#schemes}",
        "",
        "Reforms replace only some letters of the 1995 alphabet; everything else, and "
        "every rule above, stays. Files: `translit/data/schemes/*.rules`; see "
        "[Latin alphabets](alphabets.md) for how to use them.",
        "",
        "| Scheme | Name | Status | " + " | ".join(units) + " |",
        "|---|---|---|" + "---|" * len(units),
        "| `latin` | Uzbek Latin (1995) | in force | " + " | ".join(units) + " |",
    ]
    for scheme in loaded:
        cells = [scheme.letters[u][0] if u in scheme.letters else u for u in units]
        out.append(
            f"| `{scheme.name}` | {_cell(scheme.title)} | {_cell(scheme.status)} | "
            + " | ".join(cells)
            + " |"
        )
    return [*out, ""]


def render_page() -> str:
    """The whole rules reference as Markdown."""
    out = [
        "# Rules reference",
        "",
        '!!! note "Generated"',
        "    This page is generated when the documentation is built, from the data files "
        "the engine reads (`docs/hooks/rules_page.py`). Every example in a rule's comment "
        "is converted by the installed library at build time: ✓ means it gives what the "
        "comment says. The spelling rules follow the official 1995 orthography.",
        "",
        "Rule syntax: `source -> target / left _ right`. Where several rules could apply, "
        "the longest source wins; between equally long ones, the first in the file. "
        "∅ writes nothing. See [Contributing](contributing.md#change-a-rule) to edit one.",
        "",
    ]
    for filename, title, check, intro in all_tables():
        out += render_table(filename, title, check, intro)
        if filename == "cyrillic-latin.exceptions":
            out += render_capitals()
    out += render_apostrophe_styles()
    out += render_schemes()
    out += render_lexicon()
    out += render_suffixes()
    return "\n".join(out)


# --- doctest blocks in docstrings -------------------------------------------------

_ROLE = re.compile(r":(?:class|func|meth|mod|attr|data|exc|obj):`~?([^`]+)`")


_TERM = re.compile(r"``[^`]+``\Z")


def fence_doctests(lines: list[str]) -> list[str]:
    """Fence runs of ``>>>`` lines (and their output) as ``pycon`` code; drop reST roles.

    A reST definition (a line that is only ````name````, then indented lines) becomes a
    Markdown definition list, as docstrings use it for options.
    """
    out: list[str] = []
    indent = ""
    fenced = False
    in_doctest = False
    in_definition = False
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith(("```", "~~~")) and not in_doctest:
            fenced = not fenced
        if fenced:
            out.append(line)
            continue
        if stripped.startswith(">>>") and not in_doctest:
            indent = line[: len(line) - len(line.lstrip())]
            out += ["", indent + "```pycon"]
            in_doctest = True
        elif in_doctest and not stripped:
            out += [indent + "```", ""]
            in_doctest = False
        if in_doctest:
            out.append(line)
            continue
        following = lines[number + 1] if number + 1 < len(lines) else ""
        if _TERM.match(line) and following.startswith("    ") and following.strip():
            out += ["", line]
            in_definition = True
            continue
        if in_definition and line.startswith("    ") and stripped:
            line = (":   " if _TERM.match(out[-1]) else "    ") + stripped
        else:
            in_definition = False
        line = _ROLE.sub(r"`\1`", line)
        if line.endswith("::"):
            line = line[:-1]
        out.append(line)
    if in_doctest:
        out.append(indent + "```")
    return out


def doctest_extension() -> Any:
    """A Python-Markdown extension running :func:`fence_doctests` (imported lazily)."""
    from markdown import Extension, Markdown
    from markdown.preprocessors import Preprocessor

    class DoctestFence(Preprocessor):
        def run(self, lines: list[str]) -> list[str]:
            return fence_doctests(lines)

    class DoctestFenceExtension(Extension):
        def extendMarkdown(self, md: Markdown) -> None:
            md.preprocessors.register(DoctestFence(md), "doctest_fence", 40)

    return DoctestFenceExtension()


# --- mkdocs events ------------------------------------------------------------------


@event_priority(100)  # before mkdocstrings reads the extension list
def on_config(config: Any) -> Any:
    config.markdown_extensions.append(doctest_extension())
    return config


def on_files(files: Files, config: Any) -> Files:
    from mkdocs.structure.files import File

    stale = files.get_file_from_path(PAGE)
    if stale is not None:  # a rules.md written by hand would drift: the tables win
        files.remove(stale)
    files.append(File.generated(config, PAGE, content=render_page()))
    return files


def on_serve(server: Any, config: Any, builder: Any) -> Any:
    server.watch(str(DATA))
    return server
