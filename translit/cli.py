"""The ``translit`` command: arguments, messages and exit codes.

Why it is built this way: most people who run this are not programmers and may be handing
it their only copy of a folder. So the command checks the whole command line (inputs,
outputs, overwrites) before it writes anything and calls that a usage error (exit 2);
problems with single files are reported by name and the rest of the batch goes on (exit 1);
Ctrl-C leaves no partial files (exit 130). The file work itself lives in
:mod:`translit.batch`; this module only decides what to ask of it and how to report.
"""

from __future__ import annotations

import argparse
import codecs
import dataclasses
import functools
import importlib.util
import json
import os
import signal
import stat
import sys
import textwrap
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn, TextIO

import translit
from translit import batch

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
EXIT_PIPE = 128 + 13  # standard output closed early (`translit ... | head`), as for SIGPIPE
LARGE_FILE = 8 << 20  # a single file this big gets a progress bar

EXIT_CODES = """\
exit codes:
  0    everything asked for was done
  1    some inputs failed (each one is named on stderr); all others were converted
  2    usage error: nothing was written
  130  interrupted (Ctrl-C): temporary files removed, files already finished are complete
       (143 after SIGTERM, with the same cleanup)
  141  whoever read standard output stopped early (e.g. '| head')"""

MAIN_EPILOG = f"""\
examples:
  translit to-latin -t 'Шаҳар ва қишлоқ'     # convert the text given here
  echo 'Шаҳар' | translit to-latin             # standard input to standard output
  translit to-latin article.txt > article-lat.txt
  translit to-latin articles/ -o articles-lat/  # a folder tree, mirrored
  translit to-cyrillic --in-place --backup .bak notes/
  translit convert --to latin kitob.txt -o kitob-lat.txt   # --from auto: detected
  translit detect *.txt
  translit check maqola-lat.txt                 # the words to proofread
  translit serve                                # the page: http://127.0.0.1:8000/
  translit completion bash > ~/.local/share/bash-completion/completions/translit

Run 'translit COMMAND --help' for the options of a command.

{EXIT_CODES}"""


_EXAMPLES = (
    ("< in.txt > out.txt", "a pipe of any size, streamed"),
    ("in.txt", "one file to standard output"),
    ("in.txt -o out.txt", "one file to another (atomic)"),
    ("docs/ -o docs-out/", "a folder tree into a new folder"),
    ("a.txt b.txt -o out/", "several files into a folder"),
    ("-i --backup .orig docs/", "rewrite in place, keep originals"),
    ("--glob '*.md' -j 4 docs/ -o out/", "only Markdown files, in 4 processes"),
    ("-e cp1251 --output-encoding utf-8 old.txt -o new.txt", "an old Windows file, to UTF-8"),
    ("data.parquet --column text -o out.parquet", "one column of a data file, streamed"),
)


def _convert_epilog(command: str) -> str:
    # Called only when help is printed: listing the formats imports them (cold start).
    examples = "\n".join(f"  # {note}\n  translit {command} {args}" for args, note in _EXAMPLES)
    about = (
        "Files chosen in folders by default (case ignored): "
        + " ".join(batch.default_globs())
        + ". Document formats (by extension, or --format NAME): "
        + ", ".join(batch.format_names())
        + ". Hidden files and folders and version-control folders (.git, .hg, .svn ...) "
        "are skipped; symbolic links are not followed out of a folder."
    )
    return f"examples:\n{examples}\n\n{textwrap.fill(about, 79)}\n\n{EXIT_CODES}"


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose epilog may be computed only when help is shown."""

    def __init__(self, *args: Any, lazy_epilog: Callable[[], str] | None = None, **kw: Any):
        super().__init__(*args, **kw)
        self._lazy_epilog = lazy_epilog

    def format_help(self) -> str:
        if self._lazy_epilog is not None:
            self.epilog, self._lazy_epilog = self._lazy_epilog(), None
        return super().format_help()

    def error(self, message: str) -> NoReturn:
        # The error and where to look, not the whole usage block above it (issue 15).
        refuse(self.prog, message)
        raise SystemExit(EXIT_USAGE)


def refuse(prog: str, message: str) -> None:
    """Print a refusal: the error, then a hint where the options are explained."""
    print(f"{prog}: error: {message}", file=sys.stderr)
    print(f"Run '{prog} --help' for the options.", file=sys.stderr)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _conversion_options() -> _Parser:
    """Options shared by to-latin, to-cyrillic and convert."""
    common = _Parser(add_help=False)
    common.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="files or folders; none or '-' reads standard input",
    )
    common.add_argument(
        "-t",
        "--text",
        metavar="TEXT",
        help="convert TEXT itself (not a file) and print the result",
    )
    out = common.add_argument_group("where the output goes")
    out.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="a file for one input; a folder for several inputs or a folder (mirrors the "
        "tree); '-' is standard output. Without -o one file goes to standard output",
    )
    out.add_argument(
        "-i",
        "--in-place",
        action="store_true",
        help="rewrite the inputs (atomically: temporary file, fsync, rename; "
        "permissions kept; files that would not change are left alone)",
    )
    out.add_argument(
        "--backup",
        metavar="SUFFIX",
        help="with --in-place, keep each original as NAME+SUFFIX (e.g. .bak)",
    )
    out.add_argument(
        "-f",
        "--force",
        action="store_true",
        help="overwrite existing output (and backup) files",
    )
    sel = common.add_argument_group("which files in folders")
    sel.add_argument(
        "--glob",
        action="append",
        metavar="PATTERN",
        help="convert files matching PATTERN (repeatable), as in .gitignore: a pattern "
        "without '/' matches the file name at any depth; one with '/' matches the path "
        "inside the folder, where '*' and '?' stay within one folder and '**' spans any "
        "number of folders ('sub/*.txt', 'sub/**/*.txt'). Default: text-like extensions, "
        "listed below",
    )
    sel.add_argument(
        "--hidden",
        action="store_true",
        help="include hidden files and folders (never .git and the like)",
    )
    text = common.add_argument_group("text")
    text.add_argument(
        "-e",
        "--encoding",
        metavar="ENC",
        help="input encoding (default UTF-8; a UTF-8/UTF-16/UTF-32 BOM is recognised "
        "and kept). Output uses the same encoding, BOM and line endings",
    )
    text.add_argument(
        "--output-encoding",
        metavar="ENC",
        help="write output in ENC instead of the input's encoding",
    )
    text.add_argument(
        "--apostrophe",
        choices=tuple(translit.APOSTROPHE_STYLES),
        help="Latin output: oʻ/ʼ as unicode (ʻ ʼ, default), ascii (') or typographic (‘ ’)",
    )
    text.add_argument(
        "--keep",
        action="append",
        metavar="WORD",
        default=[],
        help="never convert WORD; suffixes after it still are (repeatable)",
    )
    text.add_argument(
        "--keep-file",
        action="append",
        metavar="FILE",
        default=[],
        help="words never converted, one per line ('#' comments)",
    )
    text.add_argument(
        "--lexicon",
        action="append",
        metavar="FILE",
        default=[],
        help="your own loanwords for Latin -> Cyrillic, merged over the built-in lexicon: "
        "one Cyrillic word per line, '#' comments (docs/lexicon.md)",
    )
    fmt = common.add_argument_group("documents")
    fmt.add_argument(
        "--format",
        metavar="NAME",
        help="treat every input as this format instead of choosing by extension "
        "(names listed below)",
    )
    fmt.add_argument(
        "--json-keys",
        action="store_true",
        help="JSON: convert object keys too, not only string values",
    )
    fmt.add_argument(
        "--columns",
        metavar="A,B",
        help="CSV/TSV: convert only these columns, named as the file's header row has them",
    )
    fmt.add_argument(
        "--csv-header",
        choices=("keep", "convert"),
        default="keep",
        help="CSV/TSV: the first row holds column names and is kept as it is (default, "
        "as JSON keys are), or converted like the other rows",
    )
    fmt.add_argument(
        "--column",
        action="append",
        metavar="NAME",
        default=[],
        help="data files (.parquet, .jsonl, .jsonl.gz, .csv, .tsv): convert only this column "
        "(repeatable; JSON Lines: a top-level key). Default: every text column",
    )
    fmt.add_argument(
        "--front-matter-keys",
        metavar="A,B",
        help="Markdown: the front matter keys whose values are converted "
        "(default: title,description,summary; '' for none)",
    )
    run = common.add_argument_group("running")
    run.add_argument(
        "-j",
        "--jobs",
        type=_positive_int,
        metavar="N",
        help=f"files converted in parallel (default: number of cores, {batch.default_jobs()}"
        " here); the results do not depend on N",
    )
    run.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print only errors: no notices, progress bar or summary",
    )
    run.add_argument("--no-progress", action="store_true", help="no progress bar")
    return common


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; cheap to build (nothing beyond ``translit`` is imported)."""
    raw = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog="translit",
        description="Convert Uzbek text between Cyrillic and Latin script: "
        "pipes, files and whole folders, safely.",
        epilog=MAIN_EPILOG,
        formatter_class=raw,
    )
    parser.add_argument("--version", action="version", version=f"translit {translit.__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = _conversion_options()
    scripts = tuple(translit.SCRIPTS)
    for name, summary in (
        ("to-latin", "Cyrillic to Latin (the 1995 alphabet in force)"),
        ("to-cyrillic", "Latin to Cyrillic"),
        ("convert", "any script or scheme to another: --from/--to"),
    ):
        command = sub.add_parser(
            name,
            parents=[common],
            help=summary,
            description=summary + ".",
            lazy_epilog=functools.partial(
                _convert_epilog,
                name if name != "convert" else "convert --to latin",
            ),
            formatter_class=raw,
        )
        if name == "convert":
            required = command.add_argument_group("scripts")
            required.add_argument(
                "--from",
                dest="source",
                default="auto",
                choices=("auto", *scripts),
                metavar="SCRIPT",
                help=f"one of: auto, {', '.join(scripts)}. Default auto: each input's script is "
                "detected (cyrillic or latin; 'translit detect' shows the verdict)",
            )
            required.add_argument(
                "--to",
                dest="target",
                required=True,
                choices=scripts,
                metavar="SCRIPT",
                help=f"one of: {', '.join(scripts)} (required)",
            )
        else:
            source, target = ("cyrillic", "latin") if name == "to-latin" else ("latin", "cyrillic")
            command.set_defaults(source=source, target=target)
        command.set_defaults(parser=command, run=_run_convert)
    detect = sub.add_parser(
        "detect",
        help="tell the script of files: cyrillic, latin, mixed or unknown",
        description=textwrap.fill(
            "Print each file with its script, the confidence of the verdict and the share "
            "of its letters in each script (from the first 4 Mi characters; for documents "
            "such as HTML or Word, of the text a reader sees).",
            79,
        ),
        epilog="examples:\n  translit detect notes.txt docs/\n  cat x.txt | translit detect"
        f"\n\n{EXIT_CODES}",
        formatter_class=raw,
    )
    detect.add_argument(
        "paths", nargs="*", metavar="PATH",
        help="files or folders; none or '-' reads standard input",
    )
    detect.add_argument(
        "--glob",
        action="append",
        metavar="PATTERN",
        help="files to look at in folders (default: as for conversion)",
    )
    detect.add_argument("--hidden", action="store_true", help="include hidden files")
    detect.add_argument("-e", "--encoding", metavar="ENC", help="input encoding (default UTF-8)")
    detect.add_argument("--json", action="store_true", help="one JSON object per line")
    detect.set_defaults(parser=detect, run=_run_detect)
    _add_export_icu(sub, scripts)
    _add_check(sub, scripts)
    _add_serve(sub)
    _add_shell_commands(sub)
    # Every command sets `parser` (for usage errors) and `run(args) -> exit status`.
    return parser


def _add_export_icu(sub: Any, scripts: tuple[str, ...]) -> None:
    """`translit export-icu`: our rules as an ICU transform (translit.to_icu_rules)."""
    summary = "write the conversion rules as ICU transform rules (docs/icu.md)"
    export = sub.add_parser(
        "export-icu",
        help=summary,
        description=summary + ".",
        epilog="examples:\n  translit export-icu --from cyrillic --to latin -o uz.txt"
        "\n  translit export-icu --from latin --to cyrillic > uz-latn-cyrl.txt",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    latins = ", ".join(s for s in scripts if s != "cyrillic")
    export.add_argument(
        "--from", dest="source", required=True, choices=scripts, metavar="SCRIPT",
        help="cyrillic (to any Latin alphabet) or latin (to cyrillic); "
        f"valid: {', '.join(scripts)}",
    )
    export.add_argument(
        "--to", dest="target", required=True, choices=scripts, metavar="SCRIPT",
        help=f"from cyrillic: one of {latins}; from latin: cyrillic",
    )
    export.add_argument(
        "--apostrophe", choices=tuple(translit.APOSTROPHE_STYLES), default="unicode",
        help="Latin output style (default unicode)",
    )
    export.add_argument(
        "-o", "--output", metavar="FILE", help="file to write ('-' or none: standard output)"
    )
    export.add_argument(
        "-f", "--force", action="store_true", help="overwrite an existing output file"
    )
    export.set_defaults(parser=export, run=_run_export_icu)


def _add_shell_commands(sub: Any) -> None:
    """`translit completion SHELL` and `translit man`, made from this parser (translit.shell)."""
    shells = ("bash", "zsh", "fish")  # translit.shell.SHELLS, without importing it here
    completion = sub.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh or fish)",
        description="Print the completion script of translit for SHELL, generated from its "
        "options.",
        epilog="examples:\n"
        "  translit completion bash > ~/.local/share/bash-completion/completions/translit\n"
        "  translit completion zsh > ~/.zfunc/_translit   # a folder in $fpath\n"
        "  translit completion fish > ~/.config/fish/completions/translit.fish",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    completion.add_argument("shell", choices=shells, metavar="SHELL", help="bash, zsh or fish")
    completion.set_defaults(parser=completion, run=_run_completion)
    man = sub.add_parser(
        "man",
        help="print the manual page (roff) for man -l",
        description="Print the manual page of translit, generated from its options.",
        epilog="examples:\n  translit man | man -l -\n"
        "  translit man > ~/.local/share/man/man1/translit.1",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    man.set_defaults(parser=man, run=_run_man)


def _run_completion(args: argparse.Namespace) -> int:
    from translit import shell

    sys.stdout.write(shell.completion(build_parser(), args.shell))
    return EXIT_OK


def _run_man(args: argparse.Namespace) -> int:
    from translit import shell

    sys.stdout.write(shell.man_page(build_parser(), translit.__version__, MAIN_EPILOG))
    return EXIT_OK


def _run_export_icu(args: argparse.Namespace) -> int:
    try:
        rules = translit.to_icu_rules(args.source, args.target, apostrophe=args.apostrophe)
    except ValueError as exc:
        raise batch.UsageError(str(exc)) from exc
    data = rules.encode("utf-8")
    if args.output in (None, "-"):
        _need_stream(1, "the rules are written there; give -o FILE")
        batch.write_stdout(data)
        return EXIT_OK
    if os.path.isdir(args.output):
        raise batch.UsageError(f"cannot write {args.output}: it is a folder")
    if os.path.lexists(args.output) and not args.force and os.path.isfile(args.output):
        raise batch.UsageError(f"{args.output} already exists; use --force to overwrite")
    try:  # atomic like every other output: whole or not at all
        batch.write_output(args.output, data, overwrite=args.force)
    except (OSError, batch.FileError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        where = exc.filename if isinstance(exc, OSError) and exc.filename else args.output
        message = reason if isinstance(exc, batch.FileError) else f"{where}: {reason}"
        print(f"translit export-icu: error: {message}", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def _add_check(sub: Any, scripts: tuple[str, ...]) -> None:
    """`translit check`: the words the conversion guessed, for an editor (issue 17)."""
    summary = "list the words a conversion would guess, to proofread (docs/cli.md)"
    check = sub.add_parser(
        "check",
        help=summary,
        description=textwrap.fill(
            "For each file, the words that converting it would guess (a Latin word with e, "
            "ts, yo ... that no rule or lexicon entry settles), as FILE:LINE:COLUMN: WORD "
            "-> CONVERSION: WHY, and their count. Give the files you converted (the "
            "originals); the direction is detected unless --from/--to say it. Documents "
            "(HTML, Word ...) are read as for conversion.",
            79,
        ),
        epilog="examples:\n  translit check maqola.txt\n  translit check --from latin hujjatlar/"
        "\n  translit check --json *.docx | jq .count"
        "\n\nexit codes:\n  0    every file was checked (whether or not it has words to check)"
        "\n  1    some files could not be read (named on stderr)\n  2    usage error",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("paths", nargs="+", metavar="FILE", help="files or folders")
    directions = ("auto", *scripts)
    check.add_argument(
        "--from", dest="source", default="auto", choices=directions, metavar="SCRIPT",
        help="the files' script (default auto: detected per file)",
    )
    check.add_argument(
        "--to", dest="target", default="auto", choices=directions, metavar="SCRIPT",
        help="the script converted to (default auto: the other one)",
    )
    latins = tuple(s for s in scripts if s.startswith("latin"))
    check.add_argument(
        "--scheme", default="latin", choices=latins, metavar="ALPHABET",
        help=f"the Latin alphabet a plain 'latin' means (default latin: 1995; {', '.join(latins)})",
    )
    check.add_argument(
        "--apostrophe", choices=tuple(translit.APOSTROPHE_STYLES), default="unicode",
        help="Latin output style, as in the conversion (default unicode)",
    )
    check.add_argument("--keep", action="append", metavar="WORD", default=[],
                       help="a word never converted (repeatable)")
    check.add_argument("--keep-file", action="append", metavar="FILE", default=[],
                       help="words never converted, one per line")
    check.add_argument("--lexicon", action="append", metavar="FILE", default=[],
                       help="your own loanwords, as for conversion (docs/lexicon.md)")
    check.add_argument("--format", metavar="NAME", help="treat every file as this format")
    check.add_argument("-e", "--encoding", metavar="ENC", help="input encoding (default UTF-8)")
    check.add_argument("--glob", action="append", metavar="PATTERN",
                       help="files to look at in folders (default: as for conversion)")
    check.add_argument("--hidden", action="store_true", help="include hidden files")
    check.add_argument("--json", action="store_true", help="one JSON object per file and line")
    check.set_defaults(parser=check, run=_run_check)


def _read_lexicons(paths: list[str]) -> tuple[str, ...]:
    """The entries of the ``--lexicon`` files, each once; a bad file is a UsageError."""
    entries: list[str] = []
    for path in paths:
        try:
            entries.extend(translit.core.transliterator.lexicon_entries(path))
        except OSError as exc:
            raise batch.UsageError(f"--lexicon {path}: {exc.strerror or exc}") from None
        except ValueError as exc:
            raise batch.UsageError(f"--lexicon: {exc}") from None
    return tuple(dict.fromkeys(entries))


def _run_check(args: argparse.Namespace) -> int:
    from . import proofread

    reporter = Reporter(quiet=False)
    options: dict[str, Any] = {"apostrophe": args.apostrophe}
    keep = tuple(dict.fromkeys([*args.keep, *_read_keep_files(args.keep_file)]))
    if keep:
        options["keep"] = keep
    entries = _read_lexicons(args.lexicon)
    if entries:
        options["lexicon"] = entries
    try:
        proofread.choose_scripts("", args.source, args.target, args.scheme)
        if args.format is not None:
            batch.resolve_format(None, args.format)
        if args.encoding is not None:
            batch.codec_name(args.encoding)
    except ValueError as exc:
        raise batch.UsageError(str(exc)) from None
    targets, failed = _named_inputs(args, reporter, stdin=False)
    total = 0
    for path in targets:
        try:
            checked = proofread.check_file(
                path,
                source=args.source,
                target=args.target,
                scheme=args.scheme,
                encoding=args.encoding,
                format=args.format,
                **options,
            )
        except _READ_ERRORS as exc:
            failed += 1
            reporter.error(_read_error(path, exc))
            continue
        total += len(checked.findings)
        print(_check_report(checked, as_json=args.json), flush=True)
    if len(targets) > 1 and not args.json:
        print(f"{len(targets)} files: {_words_to_check(total)}")
    return EXIT_FAILED if failed else EXIT_OK


def _words_to_check(n: int) -> str:
    return "no word to check" if n == 0 else f"{n} word{'s' * (n != 1)} to check"


def _check_report(checked: Any, *, as_json: bool) -> str:
    """The lines `translit check` prints for one file (a proofread.FileCheck)."""
    if as_json:
        return json.dumps(
            {
                "path": checked.path,
                "source": checked.source,
                "target": checked.target,
                "count": len(checked.findings),
                "unsure": [
                    {
                        "word": f.unsure.word,
                        "output": f.unsure.output,
                        "line": f.line,
                        "column": f.column,
                        "step": f.unsure.step,
                        "why": f.unsure.why,
                    }
                    for f in checked.findings
                ],
            },
            ensure_ascii=False,
        )
    lines = []
    for f in checked.findings:
        where = f"{checked.path}:{f.line}:{f.column}" if f.line is not None else checked.path
        lines.append(f"{where}: {f.unsure.word} -> {f.unsure.output}: {f.unsure.why}")
    lines.append(
        f"{checked.path}: {_words_to_check(len(checked.findings))} "
        f"({checked.source} -> {checked.target})"
    )
    return "\n".join(lines)


def _add_serve(sub: Any) -> None:
    """`translit serve`: the web page on this computer (extra [web], docs/web.md)."""
    summary = "serve the conversion page and its API on this computer (docs/web.md)"
    serve = sub.add_parser(
        "serve",
        help=summary,
        description=summary + ". Needs the web extra: pip install 'uz-translit[web]'.",
        epilog="examples:\n  translit serve                 # http://127.0.0.1:8000/"
        "\n  translit serve --port 8080",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument(
        "--host", default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this computer only)",
    )
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000; 0: any free)")
    serve.add_argument(
        "--max-body", type=_positive_int, default=20, metavar="MB",
        help="largest text or file accepted, in MB (default 20)",
    )
    serve.set_defaults(parser=serve, run=_run_serve)


def _run_serve(args: argparse.Namespace) -> int:
    from . import web

    def ready(url: str) -> None:
        print(f"translit serve: open {url} in a browser (Ctrl-C stops the server)", flush=True)
        if args.host not in ("127.0.0.1", "localhost", "::1"):
            print(
                f"translit serve: listening on {args.host}: other computers on the network "
                "can reach this page",
                file=sys.stderr,
                flush=True,
            )

    try:
        web.serve(args.host, args.port, max_body=args.max_body * 1024 * 1024, on_ready=ready)
    except KeyboardInterrupt:  # Ctrl-C (uvicorn passes it on after closing): the way to stop
        print("translit serve: stopped", file=sys.stderr)
        return EXIT_OK
    except translit.MissingExtraError as exc:
        print(f"translit serve: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:
        print(
            f"translit serve: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return EXIT_FAILED
    return EXIT_OK


# --------------------------------------------------------------------------- reporting


def _human_bytes(n: int) -> str:
    size = float(n)
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")


class Reporter:
    """Messages, the optional tqdm progress bar and the closing summary, all on stderr."""

    def __init__(
        self, *, quiet: bool, stream: TextIO | None = None, named: frozenset[str] = frozenset()
    ) -> None:
        self.quiet = quiet
        # Files named on the command line: one of them not converted is a failure (exit 1),
        # while a file a folder walk skipped is only a notice.
        self.named = named
        self.stream = stream or sys.stderr
        self.bar: Any = None
        self.counts = {"converted": 0, "unchanged": 0, "skipped": 0, "failed": 0}
        self.bytes_in = 0
        self.started = time.monotonic()

    def say(self, text: str) -> None:
        if self.bar is not None:
            self.bar.write(text, file=self.stream)
        else:
            print(text, file=self.stream, flush=True)

    def notice(self, text: str) -> None:
        if not self.quiet:
            self.say(f"translit: {text}")

    def error(self, text: str) -> None:
        self.say(f"translit: error: {text}")

    def start_bar(self, total: int) -> None:
        try:
            from tqdm import tqdm  # a dependency; an install without it still converts
        except ImportError:
            self.notice("no progress bar: tqdm is not installed (pip install tqdm)")
            return
        tqdm.monitor_interval = 0  # no monitor thread: worker processes may be forked
        self.bar = tqdm(
            total=total or None,
            unit="B",
            unit_scale=True,
            unit_divisor=1024,
            file=self.stream,
            leave=False,
            dynamic_ncols=True,
            desc="translit",
        )

    def progress(self, n: int) -> None:
        if self.bar is not None and n:
            self.bar.update(n)

    def result(self, result: batch.Result) -> None:
        if result.status == "skipped" and result.job.label in self.named:
            result = dataclasses.replace(result, status="failed")
        if result.status in self.counts:
            self.counts[result.status] += 1
        self.bytes_in += result.bytes_in
        if result.status == "failed":
            self.error(result.message)
        elif result.message:
            self.notice(result.message)

    def close_bar(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def summary(self) -> None:
        self.close_bar()
        if self.quiet:
            return
        c = self.counts
        # "unchanged": --in-place found nothing to convert and left the file alone.
        unchanged = f", {c['unchanged']} left as they were" if c["unchanged"] else ""
        elapsed = time.monotonic() - self.started
        self.say(
            f"translit: {c['converted']} converted{unchanged}, {c['skipped']} skipped, "
            f"{c['failed']} failed; {_human_bytes(self.bytes_in)} in {elapsed:.1f} s"
        )


# --------------------------------------------------------------------------- commands


def _read_keep_files(paths: Sequence[str]) -> list[str]:
    words: list[str] = []
    for path in paths:
        try:
            with open(path, encoding="utf-8-sig") as handle:
                lines = handle.read().splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else "not valid UTF-8"
            raise batch.UsageError(f"--keep-file {path}: {reason}") from None
        words.extend(w for w in (line.strip() for line in lines) if w and not w.startswith("#"))
    return words


def _settings(args: argparse.Namespace, reporter: Reporter) -> batch.Settings:
    """Check every option against the library before any file is touched."""
    source, target = args.source, args.target
    if source == "auto":  # decided per input (_Auto); checked with the usual direction
        source = _other_script(target)
    options: dict[str, Any] = {}
    # Options go to the library only where they mean something for this direction.
    if args.apostrophe is not None:
        if target.startswith("latin"):
            options["apostrophe"] = args.apostrophe
        else:
            reporter.notice(f"--apostrophe only applies to Latin output; ignored for {target}")
    keep = list(args.keep) + _read_keep_files(args.keep_file)
    if keep:  # any direction: a Russian name in Cyrillic text may be kept as well
        options["keep"] = tuple(dict.fromkeys(keep))
    entries = _read_lexicons(args.lexicon)
    if entries:
        options["lexicon"] = entries
    for flag, name in (("--encoding", args.encoding), ("--output-encoding", args.output_encoding)):
        if name is not None:
            try:
                batch.codec_name(name)
            except ValueError as exc:
                raise batch.UsageError(f"{flag}: {exc}") from None
    columns = None
    if args.columns is not None:
        columns = tuple(c.strip() for c in args.columns.split(",") if c.strip())
        if not columns:
            raise batch.UsageError("--columns needs column names, e.g. --columns title,text")
    if args.column:
        named = tuple(c.strip() for c in args.column if c.strip())
        if len(named) != len(args.column):
            raise batch.UsageError("--column needs a column name, e.g. --column text")
        columns = tuple(dict.fromkeys((*(columns or ()), *named)))
    try:
        if args.format is not None:
            batch.resolve_format(None, args.format)
        front_matter_keys = None
        if args.front_matter_keys is not None:
            front_matter_keys = tuple(
                k.strip() for k in args.front_matter_keys.split(",") if k.strip())
        format_options = batch.make_format_options(
            args.json_keys, columns, front_matter_keys, args.csv_header
        )
    except ValueError as exc:
        raise batch.UsageError(str(exc)) from None
    except ImportError as exc:
        raise batch.UsageError(f"the document formats cannot be loaded: {exc}") from None
    settings = batch.Settings(
        source,
        target,
        options,
        encoding=args.encoding,
        output_encoding=args.output_encoding,
        format=args.format,
        format_options=format_options,
    )
    try:
        settings.transliterator()
    except ValueError as exc:
        raise batch.UsageError(str(exc)) from None
    return settings


_SCRIPT_NAMES = {"cyrillic": "Cyrillic", "latin": "Latin"}
_SAMPLE = 1 << 16  # bytes looked at to tell the script of a plain text: plenty for a verdict


def _family(script: str) -> str:
    return "cyrillic" if script == "cyrillic" else "latin"  # latin-2026 is Latin too


def _other_script(target: str) -> str:
    """The script converted to ``target`` when the input's own is unknown."""
    return "latin" if target == "cyrillic" else "cyrillic"


def _sample_detection(src: str, settings: batch.Settings) -> translit.Detection | None:
    """The script of the start of an input, or None when it cannot be told (the conversion
    itself then reports what is wrong with the file). Standard input is peeked at, not
    consumed; documents are judged by the text a reader sees."""
    try:
        if src == "-":
            peek = getattr(sys.stdin.buffer, "peek", None)
            data = peek(_SAMPLE)[:_SAMPLE] if peek is not None else b""
        elif not stat.S_ISREG(os.stat(src).st_mode):
            return None  # a named pipe or a device: what we read would be lost to the conversion
        elif batch.resolve_format(src, settings.format) is not None:
            return batch.detect_file(src, settings.encoding)
        else:
            with open(src, "rb") as handle:
                data = handle.read(_SAMPLE)
        encoding = settings.encoding or "utf-8"
        for bom, name in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
            if data.startswith(bom):
                encoding = name
                break
        return translit.detect(data.decode(encoding, "ignore").lstrip("\ufeff"))
    except (OSError, ValueError, LookupError, ImportError, translit.TranslitError):
        return None


def _choose_source(
    found: translit.Detection | None, source: str, target: str
) -> tuple[str, bool]:
    """(the source script to convert from, whether the input looks already in the target
    script). ``source`` "auto" follows the detection; mixed text goes by its larger share."""
    script = found.script if found is not None else "unknown"
    if script == "mixed" and found is not None:
        shares = dict(found.shares)
        script = max(("cyrillic", "latin"), key=lambda s: shares.get(s, 0.0))
    if source != "auto":
        already = script == _family(target) and _family(source) != _family(target)
        return source, already
    if script not in ("cyrillic", "latin"):
        return _other_script(target), False  # no letters to tell by: the usual direction
    if script == target:  # Latin to latin: nothing to convert; Latin passes through unchanged
        return _other_script(target), True
    return script, False


def _already_notice(label: str, target: str, command: str) -> str:
    name = _SCRIPT_NAMES[_family(target)]
    hint = {"to-latin": "; to-cyrillic converts Latin", "to-cyrillic": "; to-latin converts "
            "Cyrillic"}.get(command, "")
    return f"{label}: looks already {name}; nothing of it is converted{hint}"


def _run_text(args: argparse.Namespace, reporter: Reporter) -> int:
    """``--text TEXT``: convert the text itself and print it."""
    if args.paths:
        raise batch.UsageError("give either --text or files, not both")
    if args.output not in (None, "-") or args.in_place:
        raise batch.UsageError("--text prints the conversion; -o and --in-place are for files")
    settings = _settings(args, reporter)
    source, already = _choose_source(translit.detect(args.text), args.source, args.target)
    if already:
        reporter.notice(_already_notice("the text", args.target, args.command))
    tr = dataclasses.replace(settings, source=source).transliterator()
    _need_stream(1, "--text prints the conversion there")
    sys.stdout.write(tr(args.text) + "\n")
    sys.stdout.flush()
    return EXIT_OK


def _missing_extras(plan: batch.Plan, args: argparse.Namespace, reporter: Reporter) -> None:
    """Say once, before converting, which extra a document format of the inputs needs
    (a plain ``pip install uz-translit`` has no Markdown or Word support). Files named
    on the command line then fail (exit 1); files found in folders are skipped."""
    missing: dict[tuple[str, str, str], list[batch.Job]] = {}
    absent: dict[str, bool] = {}
    for job in plan.jobs:
        try:
            fmt = batch.resolve_format(None if job.src == "-" else job.src, args.format)
        except (ImportError, ValueError):
            continue  # the conversion itself reports it
        extra = getattr(fmt, "extra", None)
        if fmt is None or extra is None:
            continue
        module, package, name = extra
        if module not in absent:
            absent[module] = importlib.util.find_spec(module) is None
        if absent[module]:
            missing.setdefault((fmt.name, package, name), []).append(job)
    if not missing:
        return
    dropped: set[int] = set()
    for (fmt_name, package, extra), jobs in missing.items():
        named = sum(job.label in reporter.named for job in jobs)
        reporter.counts["failed"] += named
        reporter.counts["skipped"] += len(jobs) - named
        dropped.update(id(job) for job in jobs)
        files = f"{len(jobs)} {fmt_name} file{'s' if len(jobs) > 1 else ''}"
        message = (
            f"{files} not converted: {package} is needed for them but not installed; "
            f"pip install 'uz-translit[{extra}]'"
        )
        if named:
            reporter.error(message)
        else:
            reporter.notice(message)
    plan.jobs = [job for job in plan.jobs if id(job) not in dropped]


def _named_files(paths: Sequence[str]) -> frozenset[str]:
    return frozenset(p for p in paths if p != "-" and os.path.isfile(p))


def _run_convert(args: argparse.Namespace) -> int:
    reporter = Reporter(quiet=args.quiet, named=_named_files(args.paths))
    if args.text is not None:
        return _run_text(args, reporter)
    settings = _settings(args, reporter)
    tr = settings.transliterator()
    plan = batch.plan_jobs(
        args.paths,
        output=args.output,
        in_place=args.in_place,
        backup=args.backup,
        force=args.force,
        select=batch.make_selector(args.glob),
        hidden=args.hidden,
    )
    for notice in plan.notices:
        if notice.failed:
            reporter.counts["failed"] += 1
            reporter.error(f"{notice.path}: {notice.message}")
        else:
            reporter.notice(f"{notice.path}: {notice.message}")
            reporter.counts["skipped"] += 1
    if not plan.jobs and not plan.notices:
        reporter.notice("no files to convert (see --glob and --hidden)")
    _missing_extras(plan, args, reporter)

    if plan.jobs and plan.jobs[0].src == "-":
        _need_stream(0, "give the files to convert")
    if plan.to_stdout:
        _need_stream(1, "give -o FILE for the output")
    if plan.to_stdout and plan.jobs[0].src != "-" and sys.stdout.isatty():
        try:
            fmt = batch.resolve_format(plan.jobs[0].src, args.format)
        except (ImportError, ValueError):
            fmt = None  # the conversion itself will report it
        if fmt is not None and fmt.binary:
            raise batch.UsageError(
                f"{plan.jobs[0].label} is a {fmt.name} document (binary): give -o FILE"
            )
    if plan.jobs and plan.jobs[0].src == "-" and sys.stdin.isatty() and not args.quiet:
        reporter.notice("reading from the terminal; end the input with Ctrl-D")
    total = sum(job.size for job in plan.jobs)
    want_bar = (
        not args.quiet
        and not args.no_progress
        and sys.stderr.isatty()
        and not (plan.to_stdout and sys.stdout.isatty())
        and (len(plan.jobs) > 1 or total >= LARGE_FILE)
    )
    workers = args.jobs or batch.default_jobs()
    # The source script of each input: given, or detected (--from auto). An input that
    # looks already in the target script gets a notice.
    groups: dict[str, list[batch.Job]] = {}
    if args.source == "auto" or not args.quiet:
        for job in plan.jobs:
            found = _sample_detection(job.src, settings)
            source, already = _choose_source(found, args.source, args.target)
            if already:
                reporter.notice(_already_notice(job.label, args.target, args.command))
            groups.setdefault(source, []).append(job)
    else:
        groups[settings.source] = list(plan.jobs)
    started: list[bool] = []

    def start_bar() -> None:
        if not started:  # one bar for all groups
            started.append(True)
            reporter.start_bar(total)

    try:
        for source, jobs in groups.items():
            group_settings = (
                settings if source == settings.source
                else dataclasses.replace(settings, source=source)
            )
            batch.run_jobs(
                jobs,
                group_settings,
                workers=workers,
                tr=tr if group_settings is settings else group_settings.transliterator(),
                on_result=reporter.result,
                on_progress=reporter.progress,
                on_started=start_bar if want_bar else None,
            )
    except KeyboardInterrupt:
        reporter.close_bar()
        raise
    failed = reporter.counts["failed"]
    if not plan.to_stdout:  # a summary would only get in the way of a pipe
        reporter.summary()
    else:
        reporter.close_bar()
    return EXIT_FAILED if failed else EXIT_OK


# What reading one input may raise in check and detect: that input fails, the others go on
# (TranslitError, ImportError, ValueError: a bad document or a missing extra).
_READ_ERRORS = (batch.FileError, OSError, translit.TranslitError, ImportError, ValueError)


def _read_error(label: str, exc: BaseException) -> str:
    """The message for an input that could not be read (FileError already names it)."""
    if isinstance(exc, batch.FileError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"{label}: {exc.strerror or exc}"
    return f"{label}: {exc}"


def _named_inputs(
    args: argparse.Namespace, reporter: Reporter, *, stdin: bool
) -> tuple[list[str], int]:
    """The files named and those found in the folders named (``--glob``, ``--hidden``),
    for the commands that read files without writing any (check, detect); what the
    folder walk noticed is reported, and the second value counts the failures in it."""
    select = batch.make_selector(args.glob)
    targets: list[str] = []
    notices: list[batch.Notice] = []
    for path in args.paths:
        if stdin and path == "-":
            targets.append(path)
        elif os.path.isdir(path):
            found, more = batch.walk_folder(path, select, hidden=args.hidden)
            targets.extend(p for p, _, _ in found)
            notices.extend(more)
        elif os.path.exists(path):
            targets.append(path)
        else:
            raise batch.UsageError(f"{path}: no such file or folder")
    failed = 0
    for notice in notices:
        failed += notice.failed
        (reporter.error if notice.failed else reporter.notice)(f"{notice.path}: {notice.message}")
    return targets, failed


def _run_detect(args: argparse.Namespace) -> int:
    reporter = Reporter(quiet=False)
    if args.encoding is not None:
        try:
            batch.codec_name(args.encoding)
        except ValueError as exc:
            raise batch.UsageError(f"--encoding: {exc}") from None
    args.paths = args.paths or ["-"]  # no path: standard input, as for the other commands
    if args.paths.count("-") > 1:
        raise batch.UsageError("'-' (standard input) can be given once")
    _need_stream(1, "detect prints its results there")
    if "-" in args.paths:
        _need_stream(0, "give the files to look at")
    targets, failed = _named_inputs(args, reporter, stdin=True)
    for path in targets:
        label = "<stdin>" if path == "-" else path
        try:
            found_det = batch.detect_file(path, args.encoding)
        except batch.BinaryFileError as exc:
            reporter.notice(f"{exc}; skipped")
            continue
        except _READ_ERRORS as exc:
            failed += 1
            reporter.error(_read_error(label, exc))
            continue
        batch.write_stdout(_detection_line(label, found_det, as_json=args.json))
    return EXIT_FAILED if failed else EXIT_OK


def _detection_line(label: str, found: translit.Detection, *, as_json: bool) -> bytes:
    """One line of ``detect`` output, as bytes ready for standard output.

    A file name need not be valid text: on POSIX it is bytes, and Python keeps the bytes
    that are not valid in the file system encoding as lone surrogates, which no encoder
    writes. JSON Lines are UTF-8: such a name's ``path`` has U+FFFD for each bad byte and
    ``path_hex`` holds the exact bytes, so the file can be found again. The plain line
    shows a bad byte as ``\xff`` and is written in the terminal's encoding, any letter it
    cannot show escaped the same way.
    """
    shares = dict(found.shares)
    raw = os.fsencode(label)
    fs_encoding = sys.getfilesystemencoding()
    if as_json:
        record: dict[str, Any] = {"path": raw.decode(fs_encoding, "replace")}
        try:
            raw.decode(fs_encoding)
        except UnicodeDecodeError:
            record["path_hex"] = raw.hex()
        record.update(
            script=found.script,
            confidence=round(found.confidence, 4),
            letters=found.letters,
            shares={k: round(v, 4) for k, v in shares.items()},
        )
        return json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n"
    order = ["cyrillic", "latin", "other"]
    names = [n for n in order if n in shares] + sorted(n for n in shares if n not in order)
    parts = ", ".join(f"{n} {shares[n]:.1%}" for n in names)
    shown = raw.decode(fs_encoding, "backslashreplace")
    line = (
        f"{shown}: {found.script} (confidence {found.confidence:.2f}; "
        f"{found.letters} letters: {parts})\n"
    )
    return line.encode(getattr(sys.stdout, "encoding", None) or "utf-8", "backslashreplace")


# --------------------------------------------------------------------------- entry point

_STREAM_NAMES = {0: "standard input", 1: "standard output", 2: "standard error"}
_CLOSED: set[int] = set()  # standard descriptors that were closed when we started


def _guard_standard_streams() -> None:
    """Stand a placeholder in for a closed standard descriptor (``<&-``, ``>&-``, ``2>&-``).

    Why: a closed descriptor 0, 1 or 2 would be handed to the next file we open, and our
    output could land in, or be read from, the wrong file; Python also sets ``sys.stdout``
    and the others to None, so a message printed there vanishes or goes to standard
    output. The placeholder is /dev/null opened the wrong way round (read-only for
    output, write-only for input), so that any use fails loudly instead of silently; a
    command that needs the stream refuses first with a clean message (:func:`_need_stream`).
    With standard error closed, messages are lost but the exit status still tells.
    """
    for fd, flags in ((0, os.O_WRONLY), (1, os.O_RDONLY), (2, os.O_WRONLY)):
        try:
            os.fstat(fd)
        except OSError:
            placeholder = os.open(os.devnull, flags)
            if placeholder != fd:
                os.dup2(placeholder, fd)
                os.close(placeholder)
            _CLOSED.add(fd)
    if sys.stdin is None:
        sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    if sys.stdout is None:
        sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    if sys.stderr is None:  # messages go nowhere (placeholder /dev/null), not to stdout
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115


def _need_stream(fd: int, why: str) -> None:
    """A usage error (nothing written) when a standard stream this run needs was closed."""
    if fd in _CLOSED:
        raise batch.UsageError(f"{_STREAM_NAMES[fd]} is closed; {why}")



class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: clean up, then exit 143."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread (main() called from a thread): leave it
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _show_warning(message: Warning | str, category: type[Warning], filename: str,
                  lineno: int, file: TextIO | None = None, line: str | None = None) -> None:
    """Print a warning as the command's own message (a Markdown block left unconverted),
    not as Python's ``file:line: Category: ...``."""
    print(f"translit: warning: {message}", file=file or sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0, 1, 2, 130, 141, 143)."""
    _guard_standard_streams()
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, or argparse's own usage errors
        try:  # help went to standard output: make sure it got there (`--help >&-`)
            sys.stdout.flush()
        except OSError as err:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (the unwritable rest: dropped)
            if 1 in _CLOSED:
                print("translit: error: standard output is closed", file=sys.stderr)
                return EXIT_USAGE
            print(f"translit: error: standard output: {err.strerror or err}", file=sys.stderr)
            return EXIT_FAILED
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE if exc.code else EXIT_OK
    run: Callable[[argparse.Namespace], int] = args.run
    try:
        with _sigterm_as_interrupt(), warnings.catch_warnings():
            warnings.showwarning = _show_warning
            return run(args)
    except batch.UsageError as exc:
        refuse(f"translit {args.command}", str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt as exc:
        batch.remove_live_temps()
        print(
            "translit: interrupted; no partial files were left "
            "(files finished before the stop are complete)",
            file=sys.stderr,
        )
        return 128 + signal.SIGTERM if isinstance(exc, _Terminated) else EXIT_INTERRUPTED
    except BrokenPipeError:
        # Whoever read our output stopped (`| head`): not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        batch.remove_live_temps()
        return EXIT_PIPE
    except OSError as exc:  # standard output failed (a full disk): a message, not a traceback
        batch.remove_live_temps()
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (what could not be written: dropped)
        if exc.filename is None and 1 in _CLOSED:  # a command that only prints (man, ...)
            print(f"translit {args.command}: error: standard output is closed", file=sys.stderr)
            return EXIT_USAGE
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"translit {args.command}: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
