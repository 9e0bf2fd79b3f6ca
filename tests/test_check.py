"""``translit check``: the words a conversion guessed, with line:column, for proofreading.

Run as an editor runs it: the installed command in a subprocess. Positions are checked
against the file itself (the word must stand at the line and column reported), the list
against ``translit.explain`` (the one source of the guesses), and the direction choice
of ``proofread.choose_scripts`` against a table written by hand.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import translit
from translit import proofread

_SCRIPT = shutil.which("translit")
CMD = [_SCRIPT] if _SCRIPT else [sys.executable, "-m", "translit"]

# Latin text with loanwords and names the converter has to guess, and plain Uzbek.
GUESSY = "Shahar va qishloq.\nYangi premyera, rejissyor va Marya keldi.\nVasilyev va Osiyo.\n"


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CMD, "check", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def guessed(text: str, source: str, target: str) -> list[str]:
    return [t.text for t in translit.explain(text, source=source, target=target) if not t.sure]


def test_lines_point_at_the_words(tmp_path: Path) -> None:
    (tmp_path / "maqola.txt").write_text(GUESSY, encoding="utf-8")
    done = run("maqola.txt", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    *findings, summary = done.stdout.splitlines()
    expected = guessed(GUESSY, "latin", "cyrillic")
    assert expected, "the sample must have words to check"
    assert len(findings) == len(expected)
    lines = GUESSY.splitlines()
    for line, word in zip(findings, expected, strict=True):
        path, row, column, rest = line.split(":", 3)
        assert path == "maqola.txt"
        assert lines[int(row) - 1][int(column) - 1 :].startswith(word)
        assert rest.startswith(f" {word} -> ")
    assert summary == f"maqola.txt: {len(expected)} words to check (latin -> cyrillic)"


def test_nothing_to_check(tmp_path: Path) -> None:
    (tmp_path / "toza.txt").write_text("Шаҳар ва қишлоқ.\n", encoding="utf-8")
    done = run("toza.txt", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "toza.txt: no word to check (cyrillic -> latin)\n"


def test_json(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GUESSY, encoding="utf-8")
    done = run("--json", "--from", "latin", "a.txt", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    (line,) = done.stdout.splitlines()
    report = json.loads(line)
    assert (report["path"], report["source"], report["target"]) == ("a.txt", "latin", "cyrillic")
    assert report["count"] == len(report["unsure"]) == len(guessed(GUESSY, "latin", "cyrillic"))
    lines = GUESSY.splitlines()
    for item in report["unsure"]:
        assert set(item) == {"word", "output", "line", "column", "step", "why"}
        assert lines[item["line"] - 1][item["column"] - 1 :].startswith(item["word"])
        assert item["why"]


def test_several_files_documents_and_a_broken_one(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GUESSY, encoding="utf-8")
    (tmp_path / "b.html").write_text(
        "<html><body>\n<p>Yangi <b>premyera</b>, Marya keldi.</p>\n</body></html>\n",
        encoding="utf-8",
    )
    (tmp_path / "c.json").write_text('{"a": ', encoding="utf-8")
    done = run("a.txt", "b.html", "c.json", cwd=tmp_path)
    assert done.returncode == 1  # one file could not be read; the others were checked
    assert "c.json: line 1" in done.stderr
    html_words = guessed("Yangi premyera, Marya keldi.", "latin", "cyrillic")
    assert html_words
    html_lines = [x for x in done.stdout.splitlines() if x.startswith("b.html:")]
    assert html_lines[-1].startswith(f"b.html: {len(html_words)} word")
    for line, word in zip(html_lines, html_words, strict=False):
        assert line.startswith("b.html:2:"), line
        column = int(line.split(":")[2])
        assert "<p>Yangi <b>premyera</b>, Marya keldi.</p>"[column - 1 :].startswith(word)
    total = len(guessed(GUESSY, "latin", "cyrillic")) + len(html_words)
    assert done.stdout.splitlines()[-1] == f"3 files: {total} words to check"


def test_word_documents_have_no_lines(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx", reason="python-docx (extra [docx]) is not installed")
    document = docx.Document()
    document.add_paragraph("Yangi premyera, Marya keldi.")
    document.save(str(tmp_path / "h.docx"))
    done = run("--json", "h.docx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    words = guessed("Yangi premyera, Marya keldi.", "latin", "cyrillic")
    assert words and [u["word"] for u in report["unsure"]] == words
    assert all(u["line"] is None and u["column"] is None for u in report["unsure"])


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["missing.txt"], "missing.txt: no such file or folder"),
        (["--from", "klingon", "x.txt"], "invalid choice: 'klingon'"),
        (["--from", "latin", "--to", "latin", "x.txt"], "both 'latin'"),
        (["--format", "pdf", "x.txt"], "unknown format 'pdf'"),
    ],
)
def test_usage_errors(tmp_path: Path, args: list[str], says: str) -> None:
    (tmp_path / "x.txt").write_text("x", encoding="utf-8")
    done = run(*args, cwd=tmp_path)
    assert done.returncode == 2
    assert says in done.stderr
    assert done.stdout == ""


# --------------------------------------------------------------------------- direction


@pytest.mark.parametrize(
    ("text", "source", "target", "scheme", "expected"),
    [
        ("Тошкент шаҳри", "auto", "auto", "latin", ("cyrillic", "latin")),
        ("Toshkent shahri", "auto", "auto", "latin", ("latin", "cyrillic")),
        ("Toshkent shahri", "auto", "auto", "latin-2026", ("latin-2026", "cyrillic")),
        ("Тошкент шаҳри", "auto", "auto", "latin-2023", ("cyrillic", "latin-2023")),
        ("Тошкент Samsung Galaxy", "auto", "auto", "latin", ("latin", "cyrillic")),
        ("Тошкент шаҳрида Samsung", "auto", "auto", "latin", ("cyrillic", "latin")),
        ("123", "auto", "auto", "latin", ("cyrillic", "latin")),
        ("Toshkent", "cyrillic", "auto", "latin", ("cyrillic", "latin")),
        ("Тошкент", "auto", "cyrillic", "latin-2021", ("latin-2021", "cyrillic")),
        ("Тошкент", "auto", "latin", "latin", ("cyrillic", "latin")),
        ("x", "latin", "latin-2026", "latin", ("latin", "latin-2026")),
        ("x", "latin-2021", "auto", "latin-2026", ("latin-2021", "cyrillic")),
    ],
)
def test_choose_scripts(
    text: str, source: str, target: str, scheme: str, expected: tuple[str, str]
) -> None:
    assert proofread.choose_scripts(text, source, target, scheme) == expected


@pytest.mark.parametrize(
    ("source", "target", "scheme", "says"),
    [
        ("greek", "auto", "latin", "unknown source 'greek'; valid values: auto, cyrillic"),
        ("auto", "greek", "latin", "unknown target 'greek'"),
        ("auto", "auto", "cyrillic", "unknown scheme 'cyrillic'; valid schemes: latin,"),
        ("cyrillic", "cyrillic", "latin", "both 'cyrillic'"),
    ],
)
def test_choose_scripts_errors(source: str, target: str, scheme: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        proofread.choose_scripts("x", source, target, scheme)


def test_detection_is_asked_only_when_needed() -> None:
    def refuse() -> translit.Detection:
        raise AssertionError("the direction was given: no need to detect")

    assert proofread.choose_scripts(refuse, "latin", "auto") == ("latin", "cyrillic")
    assert proofread.choose_scripts(refuse, "auto", "cyrillic") == ("latin", "cyrillic")


# --------------------------------------------------------------------------- the list


_TEXT = st.lists(
    st.sampled_from([*"aeoiuy tsrmnkl", "premyera", "Marya", "ʻ", "’", "\n", "\t", "😀", "ш",
                     ".", "www.x.uz", "  "]),
    max_size=40,
).map("".join)


@given(text=_TEXT, direction=st.sampled_from([("latin", "cyrillic"), ("cyrillic", "latin")]))
def test_unsure_words_is_explain_piece_by_piece(text: str, direction: tuple[str, str]) -> None:
    """unsure_words remembers pieces between calls; whatever it remembered, its text is
    the conversion and its list is explain's guesses on the whole text."""
    source, target = direction
    found = proofread.unsure_words(text, source, target)
    assert found.text == translit.Transliterator(source, target)(text)
    tokens = [t for t in translit.explain(text, source=source, target=target) if not t.sure]
    assert [(u.start, u.end, u.word, u.output, u.why) for u in found.unsure] == [
        (t.start, t.end, t.text, t.output, t.why) for t in tokens
    ]
    for u in found.unsure:
        assert found.text[u.output_start : u.output_end] == u.output


def test_line_starts() -> None:
    assert proofread.line_starts("") == [0]
    assert proofread.line_starts("a\n") == [0, 2]
    assert proofread.line_starts("a\r\n\rb\n\nc") == [0, 3, 4, 6, 7]


def test_unsure_words_checks_options() -> None:
    with pytest.raises(ValueError, match="keep"):
        proofread.unsure_words("x", "latin", "cyrillic", keep="Starlink")
    with pytest.raises(ValueError, match="unknown option 'colour'"):
        proofread.unsure_words("x", "latin", "cyrillic", colour="red")
    kept = proofread.unsure_words("Marya keldi", "latin", "cyrillic", keep=["Marya"])
    assert (kept.text, kept.unsure) == ("Marya келди", ())
