"""The ``translit`` command, run as a user runs it: the installed script in a subprocess.

Why subprocesses: exit codes, signals, pipes, stdin streaming and file permissions only
show their real behaviour in a real process. Expected text comes from the library itself
(the CLI must not change what the library does), plus a few fixed words from the spec so
that a broken pipeline cannot pass by agreeing with itself.

When the console script is not installed, ``python -m translit`` is run instead.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import random
import re
import select
import shutil
import signal
import stat
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import translit

# --------------------------------------------------------------------------- helpers

_SCRIPT = shutil.which("translit")
CMD = [_SCRIPT] if _SCRIPT else [sys.executable, "-m", "translit"]
_ROOT = str(Path(translit.__file__).resolve().parent.parent)
ENV = dict(os.environ)
if not _SCRIPT:  # make `python -m translit` find the same package as this test process
    ENV["PYTHONPATH"] = os.pathsep.join(filter(None, [_ROOT, os.environ.get("PYTHONPATH")]))
ENV.pop("COLUMNS", None)

TEMP_PATTERN = re.compile(r"^\..+\.[A-Za-z0-9_]+\.translit-tmp$")

_WORDS_TEXT = (
    "Шаҳар ва қишлоқ бу янги мактаб китоб ўқувчи ғалаба ёшлар юрт эрта кеча олма сув тоғ "
    "дарё Тошкент Самарқанд Ўзбекистон ҳаво иш бола она ота дўст уй йўл кун тун"
)
WORDS = tuple(_WORDS_TEXT.split())


def run(
    *args: str | os.PathLike[str],
    input: bytes | None = None,
    cwd: str | os.PathLike[str] | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*CMD, *map(str, args)],
        input=input,
        capture_output=True,
        cwd=cwd,
        env=env or ENV,
        timeout=300,
    )


def to_latin(text: str, **options: object) -> str:
    return translit.Transliterator("cyrillic", "latin", **options)(text)


def to_cyrillic(text: str, **options: object) -> str:
    return translit.Transliterator("latin", "cyrillic", **options)(text)


def cyrillic_text(n_words: int, seed: int = 0, newline: str = "\n") -> str:
    rnd = random.Random(seed)
    lines = []
    for _ in range(max(1, n_words // 12)):
        words = [rnd.choice(WORDS) for _ in range(12)]
        lines.append(" ".join(words) + rnd.choice([".", ",", "!", "?", ""]))
    return newline.join(lines) + newline


SAMPLE = "Тошкент шаҳри — Ўзбекистон пойтахти.\nБу ерда кўп одамлар яшайди.\n"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root (hidden ones too) with its bytes."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def temps(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.name.endswith(".translit-tmp")]


def stderr(proc: subprocess.CompletedProcess[bytes]) -> str:
    return proc.stderr.decode("utf-8", "replace")


# --------------------------------------------------------------------------- basics


def test_version() -> None:
    proc = run("--version")
    assert proc.returncode == 0
    assert proc.stdout.decode().strip() == f"translit {translit.__version__}"


def test_help_shows_commands_examples_and_exit_codes() -> None:
    proc = run("--help")
    assert proc.returncode == 0
    out = proc.stdout.decode()
    for word in ("to-latin", "to-cyrillic", "convert", "detect", "examples", "exit codes"):
        assert word in out
    for code in ("0 ", "1 ", "2 ", "130"):
        assert f"  {code}" in out
    for command in ("to-latin", "to-cyrillic", "convert", "detect"):
        sub = run(command, "--help")
        assert sub.returncode == 0, stderr(sub)
        assert "examples:" in sub.stdout.decode()
        assert "exit codes:" in sub.stdout.decode()


def test_convert_help_lists_every_script_of_the_library() -> None:
    out = run("convert", "--help").stdout.decode()
    for script in translit.SCRIPTS:
        assert script in out


def test_no_command_is_a_usage_error() -> None:
    proc = run()
    assert proc.returncode == 2
    # The error and a hint, not the usage block (issue 15).
    assert stderr(proc).splitlines() == [
        "translit: error: the following arguments are required: COMMAND",
        "Run 'translit --help' for the options.",
    ]


# --------------------------------------------------------------------------- stdin/stdout


def test_stdin_to_stdout_to_latin() -> None:
    proc = run("to-latin", input="Шаҳар Ўзбекистон қишлоқ\n".encode())
    assert proc.returncode == 0, stderr(proc)
    assert proc.stdout.decode() == "Shahar Oʻzbekiston qishloq\n"
    assert proc.stderr == b""  # no summary in the middle of a pipe


def test_stdin_to_stdout_to_cyrillic_and_dash() -> None:
    latin = "Shahar va qishloq\n"
    proc = run("to-cyrillic", "-", input=latin.encode())
    assert proc.returncode == 0, stderr(proc)
    assert proc.stdout.decode() == to_cyrillic(latin)
    assert proc.stdout.decode().startswith("Шаҳар")


def test_convert_with_from_and_to() -> None:
    proc = run("convert", "--from", "cyrillic", "--to", "latin", input=SAMPLE.encode())
    assert proc.returncode == 0, stderr(proc)
    assert proc.stdout.decode() == to_latin(SAMPLE)


def test_convert_rejects_unknown_script() -> None:
    proc = run("convert", "--from", "cyrillic", "--to", "klingon", input=b"x")
    assert proc.returncode == 2
    assert "klingon" in stderr(proc)


def test_large_pipe_is_converted_exactly() -> None:
    text = cyrillic_text(300_000, seed=3)  # a few MB: many chunks, cut anywhere
    proc = run("to-latin", input=text.encode())
    assert proc.returncode == 0, stderr(proc)
    assert proc.stdout.decode() == to_latin(text)


def test_stdin_output_appears_while_input_is_still_open() -> None:
    proc = subprocess.Popen(
        [*CMD, "to-latin"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        proc.stdin.write("Шаҳар ва қишлоқ\n".encode())
        proc.stdin.flush()
        got = b""
        deadline = time.monotonic() + 60
        while b"\n" not in got and time.monotonic() < deadline:
            ready, _, _ = select.select([proc.stdout], [], [], 1)
            if ready:
                piece = os.read(proc.stdout.fileno(), 4096)
                if not piece:
                    break
                got += piece
        assert proc.poll() is None  # still waiting for more input
        assert got.decode() == "Shahar va qishloq\n"
        proc.stdin.write("Ўзбекистон\n".encode())
        proc.stdin.close()
        rest = proc.stdout.read()
        assert rest.decode() == "Oʻzbekiston\n"
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_closed_stdout_is_not_a_crash(tmp_path: Path) -> None:
    src = tmp_path / "big.txt"
    src.write_text(cyrillic_text(400_000, seed=4), encoding="utf-8")
    proc = subprocess.Popen(
        [*CMD, "to-latin", src], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert len(proc.stdout.read(100)) == 100  # like `| head -c 100`
    proc.stdout.close()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 141, err.decode()
    assert b"Traceback" not in err


# --------------------------------------------------------------------------- single files


def test_single_file_to_stdout(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(SAMPLE, encoding="utf-8")
    proc = run("to-latin", src)
    assert proc.returncode == 0, stderr(proc)
    assert proc.stdout.decode() == to_latin(SAMPLE)
    assert snapshot(tmp_path) == {"a.txt": SAMPLE.encode()}


def test_single_file_to_output_file_and_into_folder(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(SAMPLE, encoding="utf-8")
    proc = run("to-latin", src, "-o", tmp_path / "b.txt")
    assert proc.returncode == 0, stderr(proc)
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == to_latin(SAMPLE)
    assert "1 converted" in stderr(proc)
    (tmp_path / "out").mkdir()
    proc = run("to-latin", src, "-o", tmp_path / "out")
    assert proc.returncode == 0, stderr(proc)
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == to_latin(SAMPLE)
    assert not temps(tmp_path)


def test_new_output_file_gets_default_permissions(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(SAMPLE, encoding="utf-8")
    os.chmod(src, 0o600)
    umask = os.umask(0o022)
    os.umask(umask)
    run("to-latin", src, "-o", tmp_path / "b.txt")
    # mkstemp makes 0600 files; the output must look like any new file instead.
    assert stat.S_IMODE((tmp_path / "b.txt").stat().st_mode) == 0o666 & ~umask


# --------------------------------------------------------------------------- folders


def make_tree(root: Path) -> dict[str, str]:
    """A small project folder; returns the files that should be converted."""
    files = {
        "a.txt": SAMPLE,
        "sub/b.txt": cyrillic_text(200, seed=1),
        "sub/deeper/c.TXT": cyrillic_text(50, seed=2),
        "sub/empty.txt": "",
    }
    others = {
        "image.png": "\x89PNG not text",
        "script.py": "print('Шаҳар')\n",
        ".hidden.txt": SAMPLE,
        ".config/x.txt": SAMPLE,
        ".git/y.txt": SAMPLE,
        "sub/.svn/z.txt": SAMPLE,
    }
    for rel, text in {**files, **others}.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return files


def test_folder_tree_is_mirrored_into_output(tmp_path: Path) -> None:
    src = tmp_path / "docs"
    files = make_tree(src)
    before = snapshot(src)
    proc = run("to-latin", src, "-o", tmp_path / "out")
    assert proc.returncode == 0, stderr(proc)
    expected = {rel: to_latin(text).encode() for rel, text in files.items()}
    assert snapshot(tmp_path / "out") == expected
    assert snapshot(src) == before
    assert re.search(r"4 converted, 0 skipped, 0 failed; .* in [\d.]+ s", stderr(proc))
    assert "%|" not in stderr(proc)  # stderr is not a terminal: no progress bar


def test_hidden_option_includes_hidden_but_never_vcs(tmp_path: Path) -> None:
    src = tmp_path / "docs"
    make_tree(src)
    proc = run("to-latin", "--hidden", src, "-o", tmp_path / "out")
    assert proc.returncode == 0, stderr(proc)
    out = snapshot(tmp_path / "out")
    assert ".hidden.txt" in out and ".config/x.txt" in out
    assert ".git/y.txt" not in out and "sub/.svn/z.txt" not in out


def test_glob_chooses_files(tmp_path: Path) -> None:
    src = tmp_path / "docs"
    make_tree(src)
    (src / "notes.md").write_text(SAMPLE, encoding="utf-8")
    # --format text: this test is about choosing files, not about Markdown.
    proc = run(
        "to-latin",
        "--format",
        "text",
        "--glob",
        "*.md",
        "--glob",
        "sub/*.txt",
        src,
        "-o",
        tmp_path / "o",
    )
    assert proc.returncode == 0, stderr(proc)
    assert sorted(snapshot(tmp_path / "o")) == ["notes.md", "sub/b.txt", "sub/empty.txt"]


def test_several_inputs_go_into_an_output_folder(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(SAMPLE, encoding="utf-8")
    make_tree(tmp_path / "docs")
    # Several inputs: the folder to create is written with a trailing '/' (issue 15).
    proc = run("to-latin", tmp_path / "x.txt", tmp_path / "docs", "-o", f"{tmp_path / 'out'}/")
    assert proc.returncode == 0, stderr(proc)
    out = snapshot(tmp_path / "out")
    assert out["x.txt"] == to_latin(SAMPLE).encode()
    assert out["docs/a.txt"] == to_latin(SAMPLE).encode()
    assert "docs/sub/b.txt" in out


def test_nothing_to_convert_is_fine(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "x.py").write_text("x", encoding="utf-8")
    proc = run("to-latin", tmp_path / "in", "-o", tmp_path / "out")
    assert proc.returncode == 0
    assert "no files" in stderr(proc)


# --------------------------------------------------------------------------- in place


def test_in_place_without_backup_keeps_permissions(tmp_path: Path) -> None:
    files = make_tree(tmp_path)
    os.chmod(tmp_path / "a.txt", 0o640)
    proc = run("to-latin", "--in-place", tmp_path)
    assert proc.returncode == 0, stderr(proc)
    for rel, text in files.items():
        assert (tmp_path / rel).read_text(encoding="utf-8") == to_latin(text)
    assert stat.S_IMODE((tmp_path / "a.txt").stat().st_mode) == 0o640
    assert (tmp_path / ".hidden.txt").read_text(encoding="utf-8") == SAMPLE
    assert not temps(tmp_path)
    assert not list(tmp_path.rglob("*.bak"))


def test_in_place_with_backup(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(SAMPLE, encoding="utf-8")
    proc = run("to-latin", "-i", "--backup", ".bak", src)
    assert proc.returncode == 0, stderr(proc)
    assert src.read_text(encoding="utf-8") == to_latin(SAMPLE)
    assert (tmp_path / "a.txt.bak").read_text(encoding="utf-8") == SAMPLE
    # A second run would clobber the backup: refused unless --force.
    src.write_text(SAMPLE, encoding="utf-8")
    before = snapshot(tmp_path)
    proc = run("to-latin", "-i", "--backup", ".bak", src)
    assert proc.returncode == 2
    assert "--force" in stderr(proc)
    assert snapshot(tmp_path) == before
    proc = run("to-latin", "-i", "--backup", ".bak", "--force", src)
    assert proc.returncode == 0, stderr(proc)
    assert (tmp_path / "a.txt.bak").read_text(encoding="utf-8") == SAMPLE


def test_in_place_leaves_unchanged_files_alone(tmp_path: Path) -> None:
    src = tmp_path / "latin.txt"
    src.write_text("Hello 123\n", encoding="utf-8")
    os.utime(src, (1_000_000_000, 1_000_000_000))
    proc = run("to-latin", "-i", "--backup", "~", src)
    assert proc.returncode == 0, stderr(proc)
    assert src.stat().st_mtime == 1_000_000_000
    assert not (tmp_path / "latin.txt~").exists()
    assert "0 converted, 1 left as they were" in stderr(proc)


def test_in_place_through_a_symlink_rewrites_the_target(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text(SAMPLE, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    proc = run("to-latin", "-i", link)
    assert proc.returncode == 0, stderr(proc)
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == to_latin(SAMPLE)


# --------------------------------------------------------------------------- parallel


def test_jobs_2_gives_the_same_bytes_as_jobs_1(tmp_path: Path) -> None:
    src = tmp_path / "in"
    for i in range(24):
        sub = src / f"d{i % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        newline = "\r\n" if i % 4 == 0 else "\n"
        text = cyrillic_text(500 + 300 * i, seed=i, newline=newline)
        data = text.encode("utf-8")
        if i % 5 == 0:
            data = b"\xef\xbb\xbf" + data
        (sub / f"f{i}.txt").write_bytes(data)
    one = run("to-latin", "-j", "1", src, "-o", tmp_path / "one")
    two = run("to-latin", "--jobs", "2", src, "-o", tmp_path / "two")
    assert one.returncode == 0 and two.returncode == 0, stderr(one) + stderr(two)
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")
    assert len(snapshot(tmp_path / "two")) == 24
    sample = (src / "d1" / "f1.txt").read_text(encoding="utf-8")
    assert (tmp_path / "two" / "d1" / "f1.txt").read_text(encoding="utf-8") == to_latin(sample)


# --------------------------------------------------------------------------- bad input


def test_bad_encoding_and_binary_files_in_a_batch(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(SAMPLE, encoding="utf-8")
    good_prefix = "Шаҳар ".encode()
    (src / "bad.txt").write_bytes(good_prefix + b"\xff\xfe oops\n")
    (src / "binary.txt").write_bytes(b"text\x00\x01\x02 more")
    (src / "z-good.txt").write_text(SAMPLE, encoding="utf-8")
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        proc = run("to-latin", "-j", jobs, src, "-o", out)
        err = stderr(proc)
        assert proc.returncode == 1, err
        assert sorted(snapshot(out)) == ["good.txt", "z-good.txt"]
        assert snapshot(out)["good.txt"] == to_latin(SAMPLE).encode()
        assert re.search(rf"bad\.txt: not valid utf-8 at byte {len(good_prefix)}\b", err), err
        assert re.search(r"binary\.txt: binary file", err), err
        assert "2 converted, 1 skipped, 1 failed" in err
        assert not temps(tmp_path)


def test_bad_encoding_to_stdout_writes_nothing(tmp_path: Path) -> None:
    src = tmp_path / "bad.txt"
    # The bad byte is far from the start: a streaming tool would have printed a lot.
    src.write_bytes(cyrillic_text(200_000).encode() + b"\xc0")
    proc = run("to-latin", src)
    assert proc.returncode == 1
    assert proc.stdout == b""
    assert f"at byte {src.stat().st_size - 1}" in stderr(proc)


def test_file_named_on_the_command_line_may_be_missing_only_as_usage_error(
    tmp_path: Path,
) -> None:
    proc = run("to-latin", tmp_path / "nope.txt")
    assert proc.returncode == 2
    assert "nope.txt" in stderr(proc)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads everything")
def test_unreadable_file_is_reported_and_the_rest_converted(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(SAMPLE, encoding="utf-8")
    (src / "locked.txt").write_text(SAMPLE, encoding="utf-8")
    os.chmod(src / "locked.txt", 0)
    proc = run("to-latin", src, "-o", tmp_path / "out")
    assert proc.returncode == 1
    assert "locked.txt" in stderr(proc)
    assert sorted(snapshot(tmp_path / "out")) == ["a.txt"]


def test_a_file_that_cannot_be_read_is_reported_and_the_rest_converted(tmp_path: Path) -> None:
    # Runs as root too (where chmod 0 does not stop reading): a link to a missing file.
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(SAMPLE, encoding="utf-8")
    (src / "gone.txt").symlink_to(src / "deleted.txt")
    proc = run("to-latin", src, "-o", tmp_path / "out")
    assert proc.returncode == 1
    assert re.search(r"gone\.txt: cannot read: No such file", stderr(proc)), stderr(proc)
    assert "1 converted, 0 skipped, 1 failed" in stderr(proc)
    assert snapshot(tmp_path / "out") == {"a.txt": to_latin(SAMPLE).encode()}


# --------------------------------------------------------------------------- encodings


def test_crlf_is_kept(tmp_path: Path) -> None:
    text = cyrillic_text(2000, newline="\r\n")
    src = tmp_path / "win.txt"
    src.write_bytes(text.encode())
    proc = run("to-latin", src, "-o", tmp_path / "out.txt")
    assert proc.returncode == 0, stderr(proc)
    data = (tmp_path / "out.txt").read_bytes()
    assert data == to_latin(text).encode()
    assert data.count(b"\r\n") == text.count("\r\n") > 0
    assert data.count(b"\n") == data.count(b"\r\n")


def test_utf8_bom_is_kept(tmp_path: Path) -> None:
    src = tmp_path / "bom.txt"
    src.write_bytes(b"\xef\xbb\xbf" + SAMPLE.encode())
    proc = run("to-latin", src, "-o", tmp_path / "out.txt")
    assert proc.returncode == 0, stderr(proc)
    assert (tmp_path / "out.txt").read_bytes() == b"\xef\xbb\xbf" + to_latin(SAMPLE).encode()
    proc = run("to-latin", input=b"\xef\xbb\xbf" + SAMPLE.encode())
    assert proc.stdout == b"\xef\xbb\xbf" + to_latin(SAMPLE).encode()


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_utf16_and_utf32_with_bom_are_read_and_written_back(tmp_path: Path, codec: str) -> None:
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-32-le": b"\xff\xfe\0\0"}
    text = cyrillic_text(3000, newline="\r\n")
    src = tmp_path / "wide.txt"
    src.write_bytes(bom[codec] + text.encode(codec))
    proc = run("to-latin", src, "-o", tmp_path / "out.txt")
    assert proc.returncode == 0, stderr(proc)
    assert (tmp_path / "out.txt").read_bytes() == bom[codec] + to_latin(text).encode(codec)


def test_legacy_encoding_in_and_out(tmp_path: Path) -> None:
    latin = "Bu kitob va daftar\n"  # its Cyrillic fits cp1251 (which has no ҳ, қ, ғ)
    src = tmp_path / "lat.txt"
    src.write_bytes(latin.encode("cp1251"))
    proc = run("to-cyrillic", "--encoding", "cp1251", src, "-o", tmp_path / "cyr.txt")
    assert proc.returncode == 0, stderr(proc)
    assert to_cyrillic(latin) == "Бу китоб ва дафтар\n"
    assert (tmp_path / "cyr.txt").read_bytes() == to_cyrillic(latin).encode("cp1251")
    proc = run("to-cyrillic", "-e", "cp1251", "--output-encoding", "utf-8", src)
    assert proc.stdout.decode("utf-8") == to_cyrillic(latin)


def test_output_encoding_that_cannot_hold_the_result_is_a_clear_error(tmp_path: Path) -> None:
    src = tmp_path / "cyr.txt"
    src.write_bytes("Ўзбекистон\n".encode("cp1251"))
    proc = run("to-latin", "-e", "cp1251", src, "-o", tmp_path / "lat.txt")
    assert proc.returncode == 1
    err = stderr(proc)
    assert "U+02BB" in err and "cp1251" in err and "--output-encoding" in err
    assert not (tmp_path / "lat.txt").exists()
    assert not temps(tmp_path)
    proc = run("to-latin", "-e", "cp1251", "--apostrophe", "typographic", src)
    assert proc.returncode == 0, stderr(proc)
    assert proc.stdout.decode("cp1251") == to_latin("Ўзбекистон\n", apostrophe="typographic")


# --------------------------------------------------------------------------- options


def test_apostrophe_option() -> None:
    proc = run("to-latin", "--apostrophe", "ascii", input="Ўзбекистон маъно\n".encode())
    assert proc.returncode == 0, stderr(proc)
    assert proc.stdout.decode() == to_latin("Ўзбекистон маъно\n", apostrophe="ascii")
    assert proc.stdout.decode().startswith("O'zbekiston")


def test_option_that_does_not_apply_is_ignored_with_a_notice() -> None:
    proc = run("to-cyrillic", "--apostrophe", "ascii", input=b"shahar\n")
    assert proc.returncode == 0
    assert "--apostrophe only applies" in stderr(proc)
    assert proc.stdout.decode() == to_cyrillic("shahar\n")


def test_keep_words_and_keep_file(tmp_path: Path) -> None:
    text = "Samsung va Apple shahar\n"
    keep_file = tmp_path / "keep.txt"
    keep_file.write_text("# brands\nApple\n\n", encoding="utf-8")
    proc = run("to-cyrillic", "--keep", "Samsung", "--keep-file", keep_file, input=text.encode())
    assert proc.returncode == 0, stderr(proc)
    out = proc.stdout.decode()
    assert out == to_cyrillic(text, keep=("Samsung", "Apple"))
    assert out.startswith("Samsung ") and "Apple" in out
    # Cyrillic input too: a Russian name quoted in Uzbek text.
    proc = run("to-latin", "--keep", "Москва", input="Москва шаҳри\n".encode())
    assert proc.returncode == 0, stderr(proc)
    assert proc.stdout.decode() == "Москва shahri\n"


def test_missing_keep_file_is_a_usage_error(tmp_path: Path) -> None:
    proc = run("to-cyrillic", "--keep-file", tmp_path / "none.txt", input=b"x")
    assert proc.returncode == 2
    assert "none.txt" in stderr(proc)


def test_quiet_prints_no_summary(tmp_path: Path) -> None:
    make_tree(tmp_path / "in")
    proc = run("to-latin", "-q", tmp_path / "in", "-o", tmp_path / "out")
    assert proc.returncode == 0
    assert proc.stderr == b""


# --------------------------------------------------------------------------- usage errors


def _usage_cases(tmp: Path) -> list[list[str | os.PathLike[str]]]:
    return [
        ["to-latin", tmp / "in"],  # a folder needs -o or --in-place
        ["to-latin", tmp / "in" / "a.txt", tmp / "in" / "sub" / "b.txt"],  # several files
        ["to-latin", tmp / "in", "-o", tmp / "in" / "out"],  # output inside input
        ["to-latin", tmp / "in", "-o", tmp / "in"],  # output is the input folder
        ["to-latin", tmp / "in" / "a.txt", "-o", tmp / "in" / "a.txt"],  # same file
        ["to-latin", tmp / "in" / "a.txt", "-o", tmp / "existing.txt"],  # needs --force
        ["to-latin", tmp / "in", "-o", tmp / "existing.txt"],  # a file is no folder
        ["to-latin", "--backup", ".bak", tmp / "in", "-o", tmp / "out"],
        ["to-latin", "--in-place", "-o", tmp / "out", tmp / "in"],
        ["to-latin", "--in-place", "--backup", "", tmp / "in"],
        ["to-latin", "--in-place", "-"],
        ["to-latin", "-", tmp / "in" / "a.txt", "-o", tmp / "out"],
        ["to-latin", "--encoding", "no-such-codec", tmp / "in" / "a.txt"],
        ["to-latin", "--output-encoding", "rot13", tmp / "in" / "a.txt"],
        ["to-latin", "--jobs", "0", tmp / "in", "-o", tmp / "out"],
        ["to-latin", "--apostrophe", "fancy", tmp / "in" / "a.txt"],
        ["to-latin", "--format", "no-such-format", tmp / "in" / "a.txt"],
        ["to-latin", "--columns", ",", tmp / "in" / "a.txt"],
        ["to-latin", tmp / "in" / "missing.txt", "-o", tmp / "out"],
        ["to-latin", "--bogus-option"],
        ["detect", tmp / "missing.txt"],
    ]


def test_usage_errors_exit_2_and_touch_nothing(tmp_path: Path) -> None:
    make_tree(tmp_path / "in")
    (tmp_path / "existing.txt").write_text("keep me", encoding="utf-8")
    before = snapshot(tmp_path)
    for args in _usage_cases(tmp_path):
        proc = run(*args, input=b"")
        assert proc.returncode == 2, (args, stderr(proc))
        assert "error" in stderr(proc), args
        assert b"Traceback" not in proc.stderr, args
        assert snapshot(tmp_path) == before, args
        assert not (tmp_path / "out").exists(), args


def test_existing_outputs_are_overwritten_with_force(tmp_path: Path) -> None:
    make_tree(tmp_path / "in")
    assert run("to-latin", tmp_path / "in", "-o", tmp_path / "out").returncode == 0
    (tmp_path / "out" / "a.txt").write_text("old", encoding="utf-8")
    proc = run("to-latin", tmp_path / "in", "-o", tmp_path / "out")
    assert proc.returncode == 2
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == "old"
    proc = run("to-latin", "--force", tmp_path / "in", "-o", tmp_path / "out")
    assert proc.returncode == 0, stderr(proc)
    assert (tmp_path / "out" / "a.txt").read_text(encoding="utf-8") == to_latin(SAMPLE)


# --------------------------------------------------------------------------- symlinks


@pytest.mark.skipif(os.name != "posix", reason="symlinks")
def test_symlinks_are_not_followed_out_of_the_tree(tmp_path: Path) -> None:
    outside = tmp_path / "secret.txt"
    outside.write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.txt").write_text(SAMPLE, encoding="utf-8")
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(SAMPLE, encoding="utf-8")
    (src / "out-link.txt").symlink_to(outside)
    (src / "in-link.txt").symlink_to(src / "a.txt")
    (src / "dir-link").symlink_to(tmp_path / "elsewhere")
    proc = run("to-latin", src, "-o", tmp_path / "out")
    assert proc.returncode == 0, stderr(proc)
    assert sorted(snapshot(tmp_path / "out")) == ["a.txt", "in-link.txt"]
    assert "out-link.txt: symbolic link out of the folder" in stderr(proc)
    proc = run("to-latin", "-i", src)
    assert proc.returncode == 0, stderr(proc)
    assert outside.read_text(encoding="utf-8") == SAMPLE  # never touched through a link
    assert (src / "in-link.txt").is_symlink()
    assert (src / "a.txt").read_text(encoding="utf-8") == to_latin(SAMPLE)


# --------------------------------------------------------------------------- detect


def test_detect_prints_script_confidence_and_shares(tmp_path: Path) -> None:
    (tmp_path / "cyr.txt").write_text(SAMPLE, encoding="utf-8")
    (tmp_path / "lat.txt").write_text(to_latin(SAMPLE), encoding="utf-8")
    proc = run("detect", tmp_path / "cyr.txt", tmp_path / "lat.txt")
    assert proc.returncode == 0, stderr(proc)
    lines = proc.stdout.decode().splitlines()
    assert len(lines) == 2
    for line, name in zip(lines, ("cyr.txt", "lat.txt"), strict=True):
        expected = translit.detect((tmp_path / name).read_text(encoding="utf-8"))
        assert line.startswith(f"{tmp_path / name}: {expected.script} (confidence ")
        assert f"{expected.shares['cyrillic']:.1%}" in line
    proc = run("detect", "--json", tmp_path)
    records = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert [Path(r["path"]).name for r in records] == ["cyr.txt", "lat.txt"]
    assert records[0]["script"] == translit.detect(SAMPLE).script
    proc = run("detect", "-", input=SAMPLE.encode())
    assert proc.stdout.decode().startswith("<stdin>: ")


def test_detect_judges_documents_by_their_text_not_their_markup(tmp_path: Path) -> None:
    formats = pytest.importorskip("translit.formats")
    if "html" not in formats.NAMES:
        pytest.skip("no html format")
    page = (
        '<html lang="uz-Cyrl"><head><link rel="stylesheet" href="style.css"></head>'
        '<body class="main-content article"><p class="paragraph">Шаҳар ва қишлоқ</p>'
        "</body></html>\n"
    )
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (tmp_path / "page.txt").write_text(page, encoding="utf-8")
    proc = run("detect", "--json", tmp_path / "page.html", tmp_path / "page.txt")
    assert proc.returncode == 0, stderr(proc)
    html, text = (json.loads(line) for line in proc.stdout.decode().splitlines())
    assert html["script"] == "cyrillic" and html["letters"] == 13
    assert text["script"] == translit.detect(page).script != "cyrillic"  # the markup counts


def test_detect_reports_bad_files(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"abc\xff")
    (tmp_path / "ok.txt").write_text(SAMPLE, encoding="utf-8")
    proc = run("detect", tmp_path / "bad.txt", tmp_path / "ok.txt")
    assert proc.returncode == 1
    assert "bad.txt: not valid utf-8 at byte 3" in stderr(proc)
    assert "ok.txt" in proc.stdout.decode()


# --------------------------------------------------------------------------- progress bar


def _run_with_tty_stderr(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    master, slave = pty.openpty()
    # A new pty is 0 columns wide, and tqdm draws nothing in 0 columns.
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    try:
        proc = subprocess.Popen(
            [*CMD, *args],
            stdout=subprocess.DEVNULL,
            stderr=slave,
            stdin=subprocess.DEVNULL,
            env=env,
        )
        os.close(slave)
        chunks = []
        while True:
            try:
                ready, _, _ = select.select([master], [], [], 60)
                if not ready:
                    break
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        return proc.wait(timeout=60), b"".join(chunks).decode("utf-8", "replace")
    finally:
        os.close(master)


def test_progress_bar_on_a_terminal_and_none_without_tqdm(tmp_path: Path) -> None:
    src = tmp_path / "in"
    for i in range(6):
        (src / f"f{i}.txt").parent.mkdir(exist_ok=True)
        (src / f"f{i}.txt").write_text(cyrillic_text(20_000, seed=i), encoding="utf-8")
    pytest.importorskip("tqdm")
    rc, err = _run_with_tty_stderr(["to-latin", str(src), "-o", str(tmp_path / "a")], ENV)
    assert rc == 0, err
    assert "%|" in err or "B/s" in err  # tqdm's bar
    assert "6 converted" in err
    rc, err = _run_with_tty_stderr(
        ["to-latin", "--no-progress", str(src), "-o", str(tmp_path / "b")], ENV
    )
    assert rc == 0 and "%|" not in err and "6 converted" in err
    # Without tqdm installed: no bar and no error.
    blocker = tmp_path / "no-tqdm"
    (blocker / "tqdm").mkdir(parents=True)
    (blocker / "tqdm" / "__init__.py").write_text("raise ImportError('no tqdm here')\n")
    env = dict(ENV, PYTHONPATH=os.pathsep.join(filter(None, [str(blocker), ENV.get("PYTHONPATH")])))
    rc, err = _run_with_tty_stderr(["to-latin", str(src), "-o", str(tmp_path / "c")], env)
    assert rc == 0, err
    assert "%|" not in err and "Traceback" not in err and "6 converted" in err
    assert snapshot(tmp_path / "c") == snapshot(tmp_path / "a")


def test_a_word_document_is_not_printed_on_a_terminal(tmp_path: Path) -> None:
    formats = pytest.importorskip("translit.formats")
    if "docx" not in formats.NAMES:
        pytest.skip("no docx format")
    doc = tmp_path / "hujjat.docx"
    doc.write_bytes(b"PK\x03\x04 not really a document")
    master, slave = pty.openpty()
    try:
        proc = subprocess.run(
            [*CMD, "to-latin", str(doc)], stdout=slave, stderr=subprocess.PIPE, env=ENV, timeout=60
        )
    finally:
        os.close(slave)
        os.close(master)
    assert proc.returncode == 2
    assert b"hujjat.docx is a docx document (binary): give -o FILE" in proc.stderr


# --------------------------------------------------------------------------- interrupts


def _wait_for(predicate: object, timeout: float = 60.0) -> bool:
    assert callable(predicate)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.002)
    return False


@pytest.fixture
def popen_group() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Processes started in their own group (like a terminal job); killed if left over."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _start(
    group: list[subprocess.Popen[bytes]], *args: str | os.PathLike[str], stdin: int | None = None
) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [*CMD, *map(str, args)],
        stdin=stdin,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=ENV,
        start_new_session=True,
    )
    group.append(proc)
    return proc


def _pipe_until_temp_file(
    group: list[subprocess.Popen[bytes]], out: Path
) -> subprocess.Popen[bytes]:
    """Start `to-latin -o out` reading a pipe, feed it, and wait until it writes a temporary
    file next to ``out`` (the moment an interruption must clean up after)."""
    proc = _start(group, "to-latin", "-o", out, stdin=subprocess.PIPE)
    assert proc.stdin is not None
    proc.stdin.write(cyrillic_text(100_000).encode())
    proc.stdin.flush()
    assert _wait_for(lambda: temps(out.parent)), "no temporary file appeared"
    return proc


def test_ctrl_c_while_writing_from_stdin_leaves_nothing(
    tmp_path: Path, popen_group: list[subprocess.Popen[bytes]]
) -> None:
    out = tmp_path / "out.txt"
    proc = _pipe_until_temp_file(popen_group, out)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    assert b"interrupted" in err and b"Traceback" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_ctrl_c_in_a_parallel_batch_leaves_no_partial_files(
    tmp_path: Path, popen_group: list[subprocess.Popen[bytes]], signum: int, code: int
) -> None:
    # A named pipe stands for a slow input, so the interrupt lands while it is written.
    src = tmp_path / "in"
    src.mkdir()
    done_text = cyrillic_text(3000, seed=9)
    (src / "a.txt").write_text(done_text, encoding="utf-8")
    fifo = src / "slow.txt"
    os.mkfifo(fifo)
    out = tmp_path / "out"
    proc = _start(popen_group, "to-latin", "-j", "2", src / "a.txt", fifo, "-o", f"{out}/")
    writer = -1

    def opened() -> bool:
        nonlocal writer
        try:
            writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            return False
        return True

    assert _wait_for(opened), "the worker never opened the pipe"
    os.set_blocking(writer, True)
    os.write(writer, cyrillic_text(20_000).encode())
    assert _wait_for(lambda: any(p.name.startswith(".slow.txt.") for p in temps(out)))
    os.killpg(proc.pid, signum)  # the whole group, as a terminal or a service manager does
    time.sleep(0.2)
    with pytest.raises(BrokenPipeError):  # the worker stops reading and closes the pipe
        for _ in range(1000):
            os.write(writer, cyrillic_text(2000).encode())
    os.close(writer)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err.decode()
    assert b"Traceback" not in err and b"interrupted" in err, err.decode()
    assert not temps(tmp_path)
    assert not (out / "slow.txt").exists()
    for path in out.iterdir():  # whatever finished is complete
        assert path.name == "a.txt"
        assert path.read_text(encoding="utf-8") == to_latin(done_text)


def _big_file(path: Path, megabytes: int) -> bytes:
    block = cyrillic_text(50_000, seed=5).encode()
    data = block * (megabytes * (1 << 20) // len(block) + 1)
    path.write_bytes(data)
    return data


def test_ctrl_c_during_in_place_keeps_the_original(
    tmp_path: Path, popen_group: list[subprocess.Popen[bytes]]
) -> None:
    src = tmp_path / "big.txt"
    original = _big_file(src, 24)
    proc = _start(popen_group, "to-latin", "--in-place", src)
    assert _wait_for(lambda: temps(tmp_path) or proc.poll() is not None)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err.decode()
    assert not temps(tmp_path)
    assert src.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["big.txt"]


def test_kill_9_never_leaves_a_partial_file_under_the_final_name(
    tmp_path: Path, popen_group: list[subprocess.Popen[bytes]]
) -> None:
    out = tmp_path / "out.txt"
    proc = _pipe_until_temp_file(popen_group, out)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert not out.exists()
    left = [p.name for p in tmp_path.iterdir()]
    assert len(left) == 1 and TEMP_PATTERN.match(left[0]), left  # documented leftover

    src = tmp_path / "big.txt"
    original = _big_file(src, 24)
    proc = _start(popen_group, "to-latin", "-i", src)
    assert _wait_for(lambda: len(temps(tmp_path)) > 1 or proc.poll() is not None)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert src.read_bytes() == original
    # The next run skips the leftovers: they are hidden and end in .translit-tmp.
    proc2 = run("to-latin", tmp_path, "-o", tmp_path.parent / "next")
    assert proc2.returncode == 0, stderr(proc2)
    assert sorted(snapshot(tmp_path.parent / "next")) == ["big.txt"]


def test_sigterm_cleans_up_like_ctrl_c(
    tmp_path: Path, popen_group: list[subprocess.Popen[bytes]]
) -> None:
    out = tmp_path / "out.txt"
    proc = _pipe_until_temp_file(popen_group, out)
    proc.terminate()
    proc.communicate(timeout=60)
    assert proc.returncode == 143
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- memory


def _high_water_kib(pid: int) -> int:
    """The peak RSS of a live process so far (VmHWM), 0 if it has already exited.

    Why not ``ru_maxrss`` from ``wait4``: Linux carries the RSS of the process that
    forked the child (this whole test session) into it, so it measures pytest.
    """
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _peak_rss_kib(args: list[str], megabytes: int) -> tuple[int, int]:
    """Pipe `megabytes` of generated text through the command; (exit code, peak RSS KiB)."""
    proc = subprocess.Popen(
        [*CMD, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=ENV,
    )
    assert proc.stdin is not None and proc.stdout is not None
    block = cyrillic_text(20_000, seed=7).encode()
    count = megabytes * (1 << 20) // len(block)

    def feed() -> None:
        assert proc.stdin is not None
        try:
            for _ in range(count):
                proc.stdin.write(block)
        finally:
            proc.stdin.close()

    peak = 0

    def watch() -> None:  # the high-water mark only grows: sampling until the end suffices
        nonlocal peak
        while proc.returncode is None:
            peak = max(peak, _high_water_kib(proc.pid))
            time.sleep(0.005)

    feeder = threading.Thread(target=feed)
    watcher = threading.Thread(target=watch)
    feeder.start()
    watcher.start()
    expected_block = to_latin(block.decode()).encode()
    received = 0
    head = b""
    while piece := proc.stdout.read(1 << 20):
        if len(head) < len(expected_block):
            head += piece[: len(expected_block) - len(head)]
        received += len(piece)
    feeder.join()
    proc.wait(timeout=60)
    watcher.join()
    assert proc.wait(timeout=60) == 0
    assert head == expected_block
    assert received == len(expected_block) * count
    assert peak > 0, "could not read the peak RSS"
    return proc.returncode, peak


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs Linux /proc")
def test_memory_stays_flat_through_a_pipe() -> None:
    # 1 MB and 200 MB (the size the issue asks for; a few seconds of work).
    rc_small, small = _peak_rss_kib(["to-latin"], 1)
    rc_big, big = _peak_rss_kib(["to-latin"], 200)
    assert rc_small == rc_big == 0
    assert big < 100 * 1024, f"peak RSS {big} KiB"
    assert big - small < 16 * 1024, f"RSS grew from {small} to {big} KiB"


# --------------------------------------------------------------------------- formats


def test_document_formats_are_used_for_their_extensions(tmp_path: Path) -> None:
    formats = pytest.importorskip("translit.formats")
    if "html" not in formats.NAMES:
        pytest.skip("no html format")
    src = tmp_path / "in"
    src.mkdir()
    html = '<p class="шаҳар">Шаҳар</p>\n'
    (src / "page.html").write_text(html, encoding="utf-8")
    proc = run("to-latin", src, "-o", tmp_path / "out")
    assert proc.returncode == 0, stderr(proc)
    tr = translit.Transliterator("cyrillic", "latin")
    expected = formats.format_for("page.html").convert_text(html, tr, formats.FormatOptions())
    got = (tmp_path / "out" / "page.html").read_text(encoding="utf-8")
    assert got == expected
    assert '<p class="шаҳар">Shahar</p>' in got  # markup kept: not converted as plain text


# --------------------------------------------------------------------------- docs


def test_cli_page_documents_every_option_glob_and_exit_code() -> None:
    from translit import batch, cli

    page = (Path(_ROOT) / "docs" / "cli.md").read_text(encoding="utf-8")
    parser = cli.build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    for name, sub in commands.items():
        assert f"translit {name}" in page, name
        for action in sub._actions:
            for flag in action.option_strings:
                if flag.startswith("--") and flag != "--help":
                    assert f"`{flag}" in page or f" {flag}" in page, f"{name} {flag}"
    for glob in batch.default_globs():
        assert f"`{glob}`" in page, glob
    for code in ("0", "1", "2", "130", "141", "143"):
        assert f"| {code} |" in page, code
