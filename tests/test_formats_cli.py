"""The CLI converts a folder mixing every format, using the formats layer end to end.

Runs ``python -m translit`` in a subprocess on copies of tests/fixtures/formats, plus a
Word document built here and one malformed file, which must fail alone.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
FORWARD = [
    ("page.cyrl.html", "page.latn.html"),
    ("guide.cyrl.md", "guide.latn.md"),
    ("cues.cyrl.srt", "cues.latn.srt"),
    ("cues.cyrl.vtt", "cues.latn.vtt"),
    ("data.cyrl.json", "data.latn.json"),
    ("table.cyrl.csv", "table.latn.csv"),
    ("table.cyrl.tsv", "table.latn.tsv"),
]


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "translit", *map(str, args)],
        cwd=cwd, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )


def test_folder_of_all_formats_with_one_broken_file(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    folder = tmp_path / "in" / "sub"
    folder.mkdir(parents=True)
    for name, _expected in FORWARD:
        shutil.copyfile(FIXTURES / name, folder / name)
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("Ш").bold = True
    paragraph.add_run("аҳар")
    document.save(str(folder / "letter.docx"))
    (folder / "broken.json").write_text('{"шаҳар": "тоғ",}', encoding="utf-8")
    (folder / "notes.txt").write_text("Тошкент\n", encoding="utf-8")

    result = run(
        "to-latin", tmp_path / "in", "-o", tmp_path / "out", "-q", "--csv-header", "convert",
        cwd=tmp_path,
    )

    assert result.returncode == 1, result.stderr
    assert "broken.json" in result.stderr and "line 1, column 17" in result.stderr
    out = tmp_path / "out" / "sub"
    for name, expected in FORWARD:
        assert (out / name).read_bytes() == (FIXTURES / expected).read_bytes(), name
    assert (out / "notes.txt").read_text(encoding="utf-8") == "Toshkent\n"
    runs = docx.Document(io.BytesIO((out / "letter.docx").read_bytes())).paragraphs[0].runs
    assert [(r.text, r.bold) for r in runs] == [("Sh", True), ("ahar", None)]
    assert not (out / "broken.json").exists()


def test_forced_format_json_keys_and_columns(tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text("<b>Ш</b>аҳар <code>шаҳар</code>\n", encoding="utf-8")
    (tmp_path / "d.json").write_text('{"шаҳар": "тоғ"}\n', encoding="utf-8")
    (tmp_path / "t.csv").write_text("Исм,Шаҳар\nБобур,Тошкент\n", encoding="utf-8")

    forced = run("to-latin", "--format", "html", "page.txt", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert forced.stdout == "<b>Sh</b>ahar <code>шаҳар</code>\n"
    keys = run("to-latin", "--json-keys", "d.json", cwd=tmp_path)
    assert keys.stdout == '{"shahar": "togʻ"}\n'
    columns = run("to-latin", "--columns", "Шаҳар", "t.csv", cwd=tmp_path)
    assert columns.stdout == "Исм,Шаҳар\nБобур,Toshkent\n"
    kept = run("to-latin", "t.csv", cwd=tmp_path)  # the header is kept by default
    assert kept.stdout == "Исм,Шаҳар\nBobur,Toshkent\n"
    header = run("to-latin", "--csv-header", "convert", "--columns", "Шаҳар", "t.csv", cwd=tmp_path)
    assert header.stdout == "Исм,Shahar\nБобур,Toshkent\n"
