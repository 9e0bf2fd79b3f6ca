"""The rules reference page is generated from the data tables, and stays complete.

Why: the page answers "why does it write sirk?" with the rule itself; that is
only true if every rule of every table is on it and the page follows the tables
when they change. These tests render the page with the hook that mkdocs runs
(docs/hooks/rules_page.py), without mkdocs.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from translit.core.lexicon import SuffixGrammar, load_entries
from translit.core.rules import load_table, parse_table

from .conftest import load_docs_hook

ROOT = Path(__file__).resolve().parent.parent

hook = load_docs_hook("rules_page.py")
PAGE = hook.render_page()
TABLE_FILES = [t[0] for t in hook.all_tables()]


def _rows(page: str) -> list[str]:
    return [line for line in page.splitlines() if line.startswith("| ")]


def test_every_table_file_is_on_the_page() -> None:
    shipped = sorted(
        p.name
        for p in (ROOT / "translit" / "data").iterdir()
        if p.suffix in (".rules", ".exceptions")
    )
    assert shipped and sorted(TABLE_FILES) == shipped


@pytest.mark.parametrize("filename", TABLE_FILES)
def test_every_rule_is_on_the_page(filename: str) -> None:
    table = load_table(filename)
    rows = _rows(PAGE)
    for rule in table.rules:
        cells = (
            f"| {hook.code(rule.group or rule.source)} | {hook.code(rule.target)} "
            f"| {hook.describe_context(rule, table)} |"
        )
        assert any(row.startswith(cells) for row in rows), f"{filename}:{rule.line} {rule}"


@pytest.mark.parametrize("filename", ["cyrillic-latin.rules", "latin-cyrillic.rules"])
def test_every_letter_is_in_the_letter_table(filename: str) -> None:
    table = load_table(filename)
    letters = [r for r in table.rules if len(r.source) == 1 and not r.has_context]
    assert letters
    for rule in letters:
        assert f"| {rule.source.upper()} {rule.source} | {hook.code(rule.target)} |" in PAGE


def test_rule_comment_examples_hold() -> None:
    # Each "a -> b" in a rule comment is run at build time; ✗ means the comment is wrong
    # (or the engine is).
    wrong = [row for row in _rows(PAGE) if "✗" in row]
    assert not wrong, "\n".join(wrong)


def _edited(filename: str, extra: str) -> str:
    text = (ROOT / "translit" / "data" / filename).read_text("utf-8")
    return text + "\n" + extra + "\n"


def test_a_new_rule_changes_the_page() -> None:
    filename, title, check, intro = hook.TABLES[0]
    text = _edited(filename, "# Rule Z: a made-up rule.\nқ -> kh / # _  # қоғоз -> khogʻoz")
    table = parse_table(text, filename)
    page = "\n".join(hook.render_parsed(filename, title, check, intro, table, text))
    assert "### Rule Z {#rule-z}" in page
    assert "| `қ` | `kh` | at the start of a word | қоғоз -> khogʻoz |" in page
    assert page != "\n".join(hook.render_table(filename, title, check, intro))


def test_a_removed_rule_leaves_the_page() -> None:
    filename, title, check, intro = hook.TABLES[0]
    original = (ROOT / "translit" / "data" / filename).read_text("utf-8")
    text = original.replace("сҳ -> sʼh", "# (removed)")
    assert text != original
    table = parse_table(text, filename)
    page = "\n".join(hook.render_parsed(filename, title, check, intro, table, text))
    assert "`сҳ`" not in page
    assert "`сҳ`" in PAGE


def test_suffix_grammar_follows_the_file() -> None:
    text = (ROOT / "translit" / "data" / "suffixes.txt").read_text("utf-8")
    for name, alternatives in SuffixGrammar(text).slots.items():
        assert f"| `{name}` | {' '.join(alternatives)} |" in PAGE
    changed = text.replace("@slot PL  = lar", "@slot PL  = lar xyzlar")
    assert changed != text
    assert "| `PL` | lar xyzlar |" in "\n".join(hook.render_suffixes(changed))


def test_schemes_are_on_the_page() -> None:
    from translit.core import schemes

    for name in schemes.scheme_names():
        scheme = schemes.load_scheme(name)
        row = next(r for r in _rows(PAGE) if r.startswith(f"| `{name}` |"))
        for low, _ in scheme.letters.values():
            assert f"| {low} |" in row or row.endswith(f" {low} |"), (name, low)


def test_lexicon_size_matches_the_library() -> None:
    counts = hook.lexicon_files()
    total = sum(n for _, n in counts)
    assert total == len(load_entries())
    if counts:
        assert f"**{total} entries** in {len(counts)} files" in PAGE
        for name, n in counts:
            assert f"| `{name}` | {n} |" in PAGE


def test_links_to_rule_anchors_exist() -> None:
    anchors = set(re.findall(r"\{#([\w-]+)\}", PAGE))
    linked = set()
    for page in sorted((ROOT / "docs").glob("*.md")):
        linked |= {(page.name, a) for a in re.findall(r"rules\.md#([\w-]+)", page.read_text())}
    assert linked, "the FAQ links to the rules page"
    missing = sorted(f"{page}: #{anchor}" for page, anchor in linked if anchor not in anchors)
    assert not missing, missing


def test_faq_answers_the_hard_cases() -> None:
    faq = (ROOT / "docs" / "faq.md").read_text("utf-8")
    for anchor in ("rule-a", "rule-b", "rule-c", "rule-d", "rule-e", "apostrophes", "lexicon"):
        assert f"rules.md#{anchor}" in faq
    assert "rules.md#lexical-exceptions" in faq and "sentabr" in faq


def test_doctest_fence_turns_examples_into_code() -> None:
    lines = ["Text.", "", ">>> 1 + 1", "2", "", "See :class:`Transliterator`::", "", "``keep``"]
    lines += ["    Words never converted."]
    out = hook.fence_doctests(lines)
    assert out[out.index(">>> 1 + 1") - 1] == "```pycon"
    assert "```" in out[out.index("2") + 1]
    assert "See `Transliterator`:" in out
    assert ":   Words never converted." in out


def test_nav_and_pages_agree() -> None:
    # mkdocs --strict checks this too; this catches it where the docs extra is missing.
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    nav = set(re.findall(r"^\s+- [^:\n]+: ([\w-]+\.md)\s*$", config, re.MULTILINE))
    pages = {p.name for p in (ROOT / "docs").glob("*.md")}
    generated = {hook.PAGE, "muharrirlar-kirill.md"}  # docs/hooks/*.py write them
    assert generated <= nav and not generated & pages, "generated pages are not written"
    assert sorted(nav - pages - generated) == [], "pages in the nav but not in docs/"
    assert sorted(pages - nav) == [], "pages in docs/ but not in the nav"


def test_api_page_documents_every_public_name() -> None:
    import translit

    api = (ROOT / "docs" / "api.md").read_text("utf-8")
    documented = set(re.findall(r"^::: translit\.(?:\w+\.)*?(\w+)\s*$", api, re.MULTILINE))
    missing = sorted(set(translit.__all__) - documented - {"__version__"})
    assert not missing, f"add '::: translit.NAME' to docs/api.md for {missing}"
