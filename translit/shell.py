"""Shell completion (bash, zsh, fish) and the man page, generated from the argparse parser.

Why generated: the parser in :mod:`translit.cli` is the one description of the command
line; a completion script or a man page written by hand would drift from it with the
next option. Why our own generator and not shtab or argparse-manpage: shtab writes bash
and zsh but not fish, and both would be dependencies for some hundred lines of plain
text; walking the parser ourselves covers all three shells and the man page with the same
few facts (commands, options, whether an option takes a value, its choices, whether the
value is a file).

``translit completion bash|zsh|fish`` and ``translit man`` print what is made here.
"""

from __future__ import annotations

import argparse
import datetime
import re
from dataclasses import dataclass

__all__ = ["SHELLS", "completion", "man_page"]

SHELLS = ("bash", "zsh", "fish")
# Metavars whose value is a path: completed with file names.
_PATH_METAVARS = frozenset({"PATH", "OUT", "FILE"})


@dataclass(frozen=True)
class _Option:
    flags: tuple[str, ...]
    help: str
    takes_value: bool
    choices: tuple[str, ...]
    is_path: bool
    repeatable: bool


@dataclass(frozen=True)
class _Command:
    name: str
    summary: str
    description: str
    options: tuple[_Option, ...]
    takes_paths: bool
    usage: str


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    cut = re.search(r"[.;:](\s|$)", text)
    return text[: cut.start()] if cut else text


def _option(action: argparse.Action) -> _Option:
    takes_value = action.nargs != 0
    metavar = action.metavar if isinstance(action.metavar, str) else ""
    return _Option(
        flags=tuple(action.option_strings),
        help=" ".join((action.help or "").replace("%%", "%").split()),
        takes_value=takes_value,
        choices=tuple(str(c) for c in action.choices or ()) if takes_value else (),
        is_path=takes_value and metavar in _PATH_METAVARS,
        repeatable=isinstance(action, argparse._AppendAction),
    )


def _commands(parser: argparse.ArgumentParser) -> tuple[list[_Option], list[_Command]]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    summaries = {c.dest: c.help or "" for c in sub._choices_actions}
    commands = []
    for name, command in sub.choices.items():
        options = [_option(a) for a in command._actions if a.option_strings]
        takes_paths = any(not a.option_strings and a.dest == "paths" for a in command._actions)
        commands.append(
            _Command(
                name,
                summaries.get(name, ""),
                command.description or summaries.get(name, ""),
                tuple(options),
                takes_paths,
                " ".join(command.format_usage().removeprefix("usage: ").split()),
            )
        )
    top = [_option(a) for a in parser._actions if a.option_strings]
    return top, commands


# --------------------------------------------------------------------------- completion


def completion(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script of ``parser`` for ``shell`` (bash, zsh or fish)."""
    if shell not in SHELLS:
        raise ValueError(f"unknown shell {shell!r}; valid shells: {', '.join(SHELLS)}")
    top, commands = _commands(parser)
    prog = parser.prog
    return {"bash": _bash, "zsh": _zsh, "fish": _fish}[shell](prog, top, commands)


def _bash(prog: str, top: list[_Option], commands: list[_Command]) -> str:
    func = "_" + re.sub(r"\W", "_", prog)
    cases = []
    for command in commands:
        flags = " ".join(f for o in command.options for f in o.flags)
        values = []
        for option in command.options:
            if not option.takes_value:
                continue
            pattern = "|".join(option.flags)
            if option.choices:
                action = f'COMPREPLY=($(compgen -W "{" ".join(option.choices)}" -- "$cur"))'
            elif option.is_path:
                action = 'COMPREPLY=($(compgen -f -- "$cur"))'
            else:
                action = "COMPREPLY=()"
            values.append(f"                {pattern}) {action}; return ;;")
        files = 'COMPREPLY=($(compgen -f -- "$cur"))' if command.takes_paths else "COMPREPLY=()"
        cases.append(
            f"        {command.name})\n"
            '            case "$prev" in\n'
            + "\n".join(values)
            + ("\n" if values else "")
            + "            esac\n"
            f'            if [[ "$cur" == -* ]]; then\n'
            f'                COMPREPLY=($(compgen -W "{flags}" -- "$cur"))\n'
            "            else\n"
            f"                {files}\n"
            "            fi ;;"
        )
    names = " ".join(c.name for c in commands)
    top_flags = " ".join(f for o in top for f in o.flags)
    return f"""# bash completion for {prog}, generated from its parser ({prog} completion bash)
{func}() {{
    local cur prev command i
    cur="${{COMP_WORDS[COMP_CWORD]}}"
    prev="${{COMP_WORDS[COMP_CWORD-1]}}"
    command=""
    for ((i = 1; i < COMP_CWORD; i++)); do
        if [[ "${{COMP_WORDS[i]}}" != -* ]]; then command="${{COMP_WORDS[i]}}"; break; fi
    done
    case "$command" in
        "")
            COMPREPLY=($(compgen -W "{names} {top_flags}" -- "$cur")) ;;
{chr(10).join(cases)}
    esac
}}
complete -o filenames -o bashdefault -F {func} {prog}
"""


def _zsh_text(text: str) -> str:
    # Inside '[...]' of an _arguments spec, in single quotes: no brackets, colons or quotes.
    return re.sub(r"[\[\]:'\\]", "", _first_sentence(text))


def _zsh(prog: str, top: list[_Option], commands: list[_Command]) -> str:
    func = "_" + re.sub(r"\W", "_", prog)
    cases = []
    for command in commands:
        specs = []
        for option in command.options:
            for flag in option.flags:
                spec = f"{'*' if option.repeatable else ''}{flag}[{_zsh_text(option.help)}]"
                if option.takes_value:
                    if option.choices:
                        spec += f":value:({' '.join(option.choices)})"
                    elif option.is_path:
                        spec += ":file:_files"
                    else:
                        spec += ":value: "
                specs.append(f"'{spec}'")
        if command.takes_paths:
            specs.append("'*:file:_files'")
        body = " \\\n                ".join(specs)
        cases.append(
            f"        {command.name})\n            _arguments -s \\\n                {body} ;;"
        )
    described = "\n".join(f"        '{c.name}:{_zsh_text(c.summary)}'" for c in commands)
    return f"""#compdef {prog}
# zsh completion for {prog}, generated from its argument parser ({prog} completion zsh)
{func}() {{
    local -a commands
    commands=(
{described}
    )
    if (( CURRENT == 2 )); then
        _describe -t commands 'command' commands
        return
    fi
    local command=${{words[2]}}
    shift words
    (( CURRENT-- ))
    case $command in
{chr(10).join(cases)}
    esac
}}
{func} "$@"
"""


def _fish_text(text: str) -> str:
    return _first_sentence(text).replace("\\", "\\\\").replace("'", "\\'")


def _fish(prog: str, top: list[_Option], commands: list[_Command]) -> str:
    names = " ".join(c.name for c in commands)
    lines = [
        f"# fish completion for {prog}, generated from its argument parser "
        f"({prog} completion fish)",
        f"complete -c {prog} -f",
    ]
    for command in commands:
        lines.append(
            f"complete -c {prog} -n 'not __fish_seen_subcommand_from {names}' "
            f"-a {command.name} -d '{_fish_text(command.summary)}'"
        )
    for command in commands:
        when = f"-n '__fish_seen_subcommand_from {command.name}'"
        if command.takes_paths:
            lines.append(f"complete -c {prog} {when} -F")
        for option in command.options:
            parts = [f"complete -c {prog}", when]
            for flag in option.flags:
                parts.append(f"-l {flag[2:]}" if flag.startswith("--") else f"-s {flag[1:]}")
            if option.takes_value:
                if option.choices:
                    parts.append(f"-x -a '{' '.join(option.choices)}'")
                elif option.is_path:
                    parts.append("-r -F")
                else:
                    parts.append("-x")
            parts.append(f"-d '{_fish_text(option.help)}'")
            lines.append(" ".join(parts))
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- man page


def _roff(text: str) -> str:
    """Text safe in a roff paragraph: backslashes and hyphen-minus escaped, no line starting
    with a control character."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    # Non-ASCII as groff's \[uXXXX], so that any troff reads the page (Шаҳар, ʻ, —).
    text = "".join(c if c.isascii() else f"\\[u{ord(c):04X}]" for c in text)
    return "\n".join("\\&" + line if line[:1] in ".'" else line for line in text.split("\n"))


def man_page(parser: argparse.ArgumentParser, version: str, epilog: str = "") -> str:
    """The man page (section 1, roff ``man`` macros) of ``parser``."""
    top, commands = _commands(parser)
    prog = parser.prog
    date = datetime.date.today().isoformat()
    out = [
        f'.TH {prog.upper()} 1 "{date}" "{prog} {version}" "User Commands"',
        ".SH NAME",
        f"{prog} \\- {_roff(parser.description or '')}",
        ".SH SYNOPSIS",
    ]
    for command in commands:
        out += [".PP", f".B {prog} {_roff(command.name)}", _roff(command.usage.split(" ", 2)[-1])]
    out += [".SH DESCRIPTION", _roff(parser.description or "")]
    out += [".SH OPTIONS"]
    for option in top:
        out += [".TP", f".B {_roff(', '.join(option.flags))}", _roff(option.help)]
    out += [".SH COMMANDS"]
    for command in commands:
        out += [f".SS {prog} {_roff(command.name)}", _roff(command.description)]
        for option in command.options:
            if option.flags == ("-h", "--help"):
                continue
            flags = ", ".join(option.flags)
            value = f" {{{','.join(option.choices)}}}" if option.choices else (
                " VALUE" if option.takes_value else ""
            )
            out += [".TP", f"\\fB{_roff(flags)}\\fR{_roff(value)}", _roff(option.help)]
    if epilog:
        out += [".SH EXAMPLES AND EXIT STATUS", ".nf", _roff(epilog), ".fi"]
    out += [
        ".SH SEE ALSO",
        f"{prog} COMMAND \\-\\-help; the documentation: https://uz-translit.readthedocs.io",
    ]
    return "\n".join(out) + "\n"
