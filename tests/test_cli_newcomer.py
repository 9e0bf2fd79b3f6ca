"""What a new user of the command line trips over (issue 15), run as a user runs it:
``python -m translit`` in a subprocess."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from translit import cli

PYTHON = sys.executable


def run(
    *args: str | Path, stdin: str = "", cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "-m", "translit", *map(str, args)],
        input=stdin, capture_output=True, text=True, encoding="utf-8", cwd=cwd, timeout=120,
    )


# --------------------------------------------------------------------------- --text


def test_text_option_prints_the_conversion() -> None:
    proc = run("to-latin", "--text", "Шаҳар ва қишлоқ")
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "Shahar va qishloq\n", "")
    proc = run("to-cyrillic", "-t", "Shahar va qishloq")
    assert (proc.returncode, proc.stdout) == (0, "Шаҳар ва қишлоқ\n")
    proc = run("convert", "--to", "latin-2026", "-t", "Шаҳар")
    assert proc.stdout == "Şahar\n"


def test_text_option_with_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Шаҳар", "utf-8")
    proc = run("to-latin", "-t", "Шаҳар", tmp_path / "a.txt")
    assert proc.returncode == 2
    assert "either --text or files" in proc.stderr


def test_a_positional_text_is_still_no_such_file_with_a_hint() -> None:
    proc = run("to-latin", "Шаҳар ва қишлоқ")
    assert proc.returncode == 2
    assert "no such file" in proc.stderr and "--help" in proc.stderr


# --------------------------------------------------------------------------- --from auto


def test_convert_detects_the_script_of_each_file(tmp_path: Path) -> None:
    (tmp_path / "cyr.txt").write_text("Шаҳар ва қишлоқ\n", "utf-8")
    (tmp_path / "lat.txt").write_text("Shahar va qishloq\n", "utf-8")
    proc = run("convert", "--to", "cyrillic", "cyr.txt", "lat.txt", "-o", "out/", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "lat.txt").read_text("utf-8") == "Шаҳар ва қишлоқ\n"
    assert (tmp_path / "out" / "cyr.txt").read_text("utf-8") == "Шаҳар ва қишлоқ\n"
    assert "cyr.txt: looks already Cyrillic" in proc.stderr
    proc = run("convert", "--from", "auto", "--to", "latin", stdin="Шаҳар\n")
    assert (proc.returncode, proc.stdout) == (0, "Shahar\n")


def test_convert_help_names_auto_as_default() -> None:
    out = run("convert", "--help").stdout
    assert "Default auto" in out and "auto," in out


# --------------------------------------------------------------------------- already in the target


@pytest.mark.parametrize(
    ("command", "text", "script"),
    [
        ("to-latin", "Shahar va qishloq\n", "Latin"),
        ("to-cyrillic", "Шаҳар ва қишлоқ\n", "Cyrillic"),
    ],
)
def test_text_already_in_the_target_script_gets_a_notice(
    tmp_path: Path, command: str, text: str, script: str
) -> None:
    proc = run(command, stdin=text)
    assert (proc.returncode, proc.stdout) == (0, text)
    assert f"<stdin>: looks already {script}" in proc.stderr
    (tmp_path / "a.txt").write_text(text, "utf-8")
    proc = run(command, tmp_path / "a.txt", "-o", tmp_path / "b.txt")
    assert proc.returncode == 0
    assert f"a.txt: looks already {script}" in proc.stderr
    assert run(command, "-q", stdin=text).stderr == ""
    assert f"looks already {script}" in run(command, "-t", text).stderr


# --------------------------------------------------------------------------- exit codes, outputs


def test_a_binary_file_named_explicitly_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "a.txt").write_text("Шаҳар\n", "utf-8")
    proc = run("to-latin", "photo.txt", "a.txt", "-o", "out/", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert "error: photo.txt" in proc.stderr and "1 converted, 0 skipped, 1 failed" in proc.stderr
    # Found in a folder, it is only skipped.
    (tmp_path / "in").mkdir()
    shutil.move(tmp_path / "photo.txt", tmp_path / "in" / "photo.txt")
    proc = run("to-latin", "in", "-o", "out2", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "0 converted, 1 skipped, 0 failed" in proc.stderr


def test_several_inputs_need_an_existing_folder_or_a_trailing_slash(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("Шаҳар\n", "utf-8")
    proc = run("to-latin", "a.txt", "b.txt", "-o", "single.txt", cwd=tmp_path)
    assert proc.returncode == 2
    assert "end the name with '/'" in proc.stderr
    assert not (tmp_path / "single.txt").exists()
    assert run("to-latin", "a.txt", "b.txt", "-o", "new/", cwd=tmp_path).returncode == 0
    assert (tmp_path / "new" / "b.txt").read_text("utf-8") == "Shahar\n"
    assert run("to-latin", "a.txt", "b.txt", "-o", "new", "-f", cwd=tmp_path).returncode == 0


def test_glob_star_stays_in_one_folder_double_star_crosses(tmp_path: Path) -> None:
    for rel in ("sub/a.txt", "sub/deeper/x.txt", "top.txt"):
        (tmp_path / "in" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "in" / rel).write_text("Шаҳар\n", "utf-8")

    def chosen(pattern: str, out: str) -> list[str]:
        proc = run("to-latin", "--glob", pattern, "in", "-o", out, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        root = tmp_path / out
        return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.txt"))

    assert chosen("sub/*.txt", "o1") == ["sub/a.txt"]
    assert chosen("sub/**/*.txt", "o2") == ["sub/a.txt", "sub/deeper/x.txt"]
    assert chosen("**/x.txt", "o3") == ["sub/deeper/x.txt"]
    assert chosen("*.txt", "o4") == ["sub/a.txt", "sub/deeper/x.txt", "top.txt"]  # a name
    assert "'**' spans" in run("to-latin", "--help").stdout.replace("\n", " ").replace("  ", " ")


def test_detect_reads_standard_input_without_a_dash() -> None:
    proc = run("detect", stdin="Шаҳар ва қишлоқ\n")
    assert proc.returncode == 0
    assert proc.stdout.startswith("<stdin>: cyrillic")


def test_export_icu_help_lists_the_valid_values() -> None:
    out = " ".join(run("export-icu", "--help").stdout.split())
    assert "valid: cyrillic, latin, latin-2021, latin-2023, latin-2026" in out
    assert "from cyrillic: one of latin, latin-2021, latin-2023, latin-2026" in out


def test_refusals_print_the_error_and_a_hint_only(tmp_path: Path) -> None:
    proc = run("to-latin", tmp_path / "missing.txt")
    assert proc.stderr.splitlines() == [
        f"translit to-latin: error: {tmp_path / 'missing.txt'}: no such file or folder",
        "Run 'translit to-latin --help' for the options.",
    ]
    proc = run("to-latin", "--apostrophe", "fancy")
    assert proc.returncode == 2
    assert "usage:" not in proc.stderr and len(proc.stderr.splitlines()) == 2
    assert "invalid choice: 'fancy'" in proc.stderr


# --------------------------------------------------------------------------- messages, extras


def test_summary_counts_files_left_as_they_were(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Шаҳар\n", "utf-8")
    (tmp_path / "b.txt").write_text("Shahar\n", "utf-8")
    proc = run("to-latin", "-i", "a.txt", "b.txt", cwd=tmp_path)
    assert "1 converted, 1 left as they were, 0 skipped, 0 failed" in proc.stderr


def test_missing_extra_message_reads_well() -> None:
    from translit.errors import MissingExtraError

    with pytest.raises(MissingExtraError) as info:
        MissingExtraError.require("no_such_module_x", "Word documents", "python-docx", "docx")
    assert str(info.value) == (
        "python-docx is needed for Word documents but not installed: "
        "pip install 'uz-translit[docx]'"
    )


_NO_MARKDOWN = """\
import importlib.util
import sys

# As after a plain `pip install .`: the markdown extra is not installed.
sys.modules["markdown_it"] = None
_find_spec = importlib.util.find_spec
importlib.util.find_spec = lambda name, *a: None if name == "markdown_it" else _find_spec(name, *a)
from translit.cli import main

sys.exit(main(sys.argv[1:]))
"""


def test_a_missing_extra_is_named_once_before_converting(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.md", "b.md", "c.txt"):
        (folder / name).write_text("Шаҳар\n", "utf-8")
    script = tmp_path / "run.py"
    script.write_text(_NO_MARKDOWN, "utf-8")

    def run_without(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [PYTHON, str(script), *map(str, args)],
            capture_output=True, text=True, encoding="utf-8", timeout=120,
        )

    proc = run_without("to-latin", folder, "-o", tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if "markdown" in line]
    assert lines == [
        "translit: 2 markdown files not converted: markdown-it-py is needed for them but not "
        "installed; pip install 'uz-translit[markdown]'"
    ]
    assert "1 converted, 2 skipped, 0 failed" in proc.stderr
    assert (tmp_path / "out" / "c.txt").read_text("utf-8") == "Shahar\n"
    assert not (tmp_path / "out" / "a.md").exists()
    # Named on the command line, the same file is a failure.
    proc = run_without("to-latin", folder / "a.md")
    assert proc.returncode == 1
    assert "error: 1 markdown file not converted" in proc.stderr


def test_tqdm_is_a_declared_dependency_and_its_absence_is_said() -> None:
    from importlib.metadata import requires

    core = [r for r in requires("uz-translit") or [] if "extra ==" not in r]
    assert any(r.startswith("tqdm") for r in core), core
    stream = io.StringIO()
    reporter = cli.Reporter(quiet=False, stream=stream)
    saved = sys.modules.get("tqdm")
    sys.modules["tqdm"] = None  # type: ignore[assignment]
    try:
        reporter.start_bar(10)
    finally:
        if saved is None:
            del sys.modules["tqdm"]
        else:
            sys.modules["tqdm"] = saved
    assert "no progress bar: tqdm is not installed" in stream.getvalue()


# --------------------------------------------------------------------------- completion, man


def _parser_facts() -> tuple[list[str], dict[str, list[str]]]:
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    flags = {
        name: [f for a in command._actions for f in a.option_strings]
        for name, command in sub.choices.items()
    }
    return list(sub.choices), flags


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_name_every_command_and_option(shell: str) -> None:
    proc = run("completion", shell)
    assert proc.returncode == 0, proc.stderr
    script = proc.stdout
    commands, flags = _parser_facts()
    for name in commands:
        assert re.search(rf"(^|[\s'(]){re.escape(name)}[\s:)]", script, re.M), name
        for flag in flags[name]:
            token = flag if shell != "fish" else (
                f"-l {flag[2:]}" if flag.startswith("--") else f"-s {flag[1:]}"
            )
            assert token in script, (name, flag)
    checker = shutil.which(shell)
    if checker is not None:  # the shell is here: the script must at least parse
        check = subprocess.run([checker, "-n"], input=script, capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


def _bash_complete(words: list[str]) -> list[str]:
    script = run("completion", "bash").stdout
    line = " ".join(f"'{w}'" for w in words)
    code = (
        f"{script}\nCOMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; _translit; "
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    proc = subprocess.run(["bash", "-c", code], capture_output=True, text=True, check=True)
    return proc.stdout.split()


def test_bash_completion_completes_commands_options_and_choices() -> None:
    if shutil.which("bash") is None:
        pytest.fail("bash is needed to run the completion script")  # every CI image has it
    assert "to-latin" in _bash_complete(["translit", "to"])
    assert _bash_complete(["translit", "to-latin", "--apo"]) == ["--apostrophe"]
    assert _bash_complete(["translit", "to-latin", "--apostrophe", ""]) == [
        "unicode", "ascii", "typographic"
    ]
    assert _bash_complete(["translit", "completion", ""]) == []
    assert "--csv-header" in _bash_complete(["translit", "convert", "--csv"])


def test_man_page_is_roff_that_renders() -> None:
    proc = run("man")
    assert proc.returncode == 0, proc.stderr
    page = proc.stdout
    assert page.startswith(".TH TRANSLIT 1 ")
    for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "SEE ALSO"):
        assert f"\n.SH {section}" in page, section
    commands, _ = _parser_facts()
    for name in commands:
        assert f".SS translit {name.replace('-', chr(92) + '-')}" in page, name
    assert page.isascii()  # non-ASCII is written as \[uXXXX]
    groff = shutil.which("groff")
    if groff is not None:  # the strictest check we have: no warning at all
        check = subprocess.run(
            [groff, "-man", "-Tutf8", "-ww", "-z"], input=page, capture_output=True, text=True
        )
        assert (check.returncode, check.stderr) == (0, "")
    man = shutil.which("man")
    if man is not None:
        shown = subprocess.run(
            [man, "-l", "-"], input=page, capture_output=True, text=True,
            env={"MANPAGER": "cat", "PAGER": "cat", "MANWIDTH": "80", "PATH": "/usr/bin:/bin"},
        )
        assert shown.returncode == 0, shown.stderr
        assert "TRANSLIT(1)" in shown.stdout and "--csv-header" in shown.stdout


def test_text_given_as_a_file_name_gets_the_text_hint() -> None:
    proc = run("to-latin", "Шаҳар ва қишлоқ")
    assert proc.returncode == 2
    assert "Шаҳар ва қишлоқ: no such file or folder (to convert the text itself, use --text)" in (
        proc.stderr
    )
