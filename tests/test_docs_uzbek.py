"""The page for journalists and editors (docs/muharrirlar.md, Uzbek Latin) and its Cyrillic
version, generated at docs build time by docs/hooks/uzbek_page.py with our own converter
(issue 15); and the docs build settings a newcomer's `mkdocs build` needs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import load_docs_hook

ROOT = Path(__file__).resolve().parent.parent
LATIN = (ROOT / "docs" / "muharrirlar.md").read_text("utf-8")


@pytest.fixture(scope="module")
def cyrillic() -> str:
    pytest.importorskip("markdown_it")  # the Markdown format; in the test extra
    return str(load_docs_hook("uzbek_page.py").render_page())


def test_latin_page_says_what_it_does_the_two_ways_and_the_rules() -> None:
    assert LATIN.startswith("# Jurnalistlar va muharrirlar uchun\n")
    for heading in ("## Nima qiladi", "## Ikki yoʻl bilan ishlatiladi", "## Qoidalar bitta"):
        assert heading in LATIN
    assert "**1. Buyruq satri.**" in LATIN and "**2. Python dasturi ichida.**" in LATIN
    rows = [line for line in LATIN.splitlines() if line.startswith("| `")]
    assert len(rows) >= 10  # the rules in one table
    prose = re.sub(r"`[^`]*`|```.*?```", "", LATIN, flags=re.S)
    assert not re.search(r"[а-яўқғҳё]", prose, re.I), "the Latin page's prose is in Latin"


def test_cyrillic_page_is_the_latin_page_converted(cyrillic: str) -> None:
    # Expected headings and phrases written here by hand, in Uzbek Cyrillic.
    assert cyrillic.startswith("# Журналистлар ва муҳаррирлар учун\n")
    for heading in ("## Нима қилади", "## Икки йўл билан ишлатилади", "## Қоидалар битта"):
        assert heading in cyrillic
    assert "Матн сизнинг компьютерингизда қолади" in cyrillic  # the lexicon: компьютер
    assert "брендлар (iPhone, YouTube, Samsung Galaxy)" in cyrillic  # names kept
    # Code, commands and the table's examples are not converted; links still work.
    for keep in ("translit to-latin maqola.docx", "`sh` `ch` `ng`", "`шаҳар` → `shahar`",
                 "(cli.md)", "(muharrirlar.md)", "`uz-translit`"):
        assert keep in cyrillic, keep
    assert cyrillic.count("\n") == LATIN.count("\n")
    assert cyrillic.count("|") == LATIN.count("|")
    prose = re.sub(r"`[^`]*`|```.*?```|\]\([^)]*\)", "", cyrillic, flags=re.S)
    latin_words = set(re.findall(r"[A-Za-zʻʼ]+", prose))
    assert latin_words <= {"Word", "Python", "XXI", "iPhone", "YouTube", "Samsung", "Galaxy",
                           "nomlar", "teglar", "Starlink"}, latin_words


def test_a_change_to_the_latin_page_reaches_the_cyrillic_one() -> None:
    pytest.importorskip("markdown_it")
    hook = load_docs_hook("uzbek_page.py")
    page = hook.render_page("# Sinov\n\nYangi qator: shahar va qishloq.\n")
    assert page == "# Синов\n\nЯнги қатор: шаҳар ва қишлоқ.\n"


def test_pages_and_hook_are_in_the_site_config() -> None:
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "docs/hooks/uzbek_page.py" in config
    assert ": muharrirlar.md" in config and ": muharrirlar-kirill.md" in config
    assert not (ROOT / "docs" / "muharrirlar-kirill.md").exists()  # generated, not written


def test_docs_extra_formats_signatures_and_code_wraps() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    docs = pyproject.split("\ndocs = [", 1)[1].split("\n]", 1)[0]
    # mkdocstrings warns "Formatting signatures requires either Black or Ruff" without it.
    assert '"ruff' in docs
    config = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "stylesheets/extra.css" in config
    css = (ROOT / "docs" / "stylesheets" / "extra.css").read_text("utf-8")
    assert re.search(r"pre > code \{[^}]*white-space: pre-wrap", css)
