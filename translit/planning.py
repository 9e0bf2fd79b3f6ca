"""Turning the paths and output options of a command line into a checked list of jobs.

Why this module exists: every refusal that protects a user's files must come before the
first byte is written, so the whole command line is planned and checked first. Planning
knows folders and file names, never the contents of files:

* Folders are walked in a fixed order; hidden and version-control folders are skipped, and
  symbolic links are never followed out of the folder being converted.
* No output may replace an input, two inputs may not be written to the same output, and an
  existing file is replaced only with ``--force`` (or ``--in-place``).
* Everything wrong is a :class:`UsageError`, raised while nothing has been touched.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fnmatch
import os
import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .atomic import TEMP_SUFFIX
from .documents import default_globs

__all__ = [
    "VCS_DIRS",
    "Job",
    "Notice",
    "Plan",
    "UsageError",
    "make_selector",
    "plan_jobs",
    "walk_folder",
]

VCS_DIRS = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs", "CVS", ".jj", ".pijul"})


class UsageError(ValueError):
    """The command line asks for something impossible or unsafe; nothing has been touched."""


@dataclass(frozen=True)
class Job:
    """Convert ``src`` ("-": standard input) to ``dst`` (None: standard output).

    ``overwrite``: an existing ``dst`` may be replaced (``--force``). Without it, a ``dst``
    that appears while the job runs is kept and the job fails (``--in-place`` replaces its
    input by definition).
    """

    src: str
    dst: str | None
    label: str
    in_place: bool = False
    backup: str | None = None
    size: int = 0
    overwrite: bool = False


def glob_regex(pattern: str) -> str:
    """A regular expression for a path pattern, read as .gitignore reads it: ``*`` and ``?``
    match within one folder name, ``**`` any number of folders (``sub/**/*.txt`` matches
    sub/a.txt and sub/x/y/a.txt), ``[...]`` a set of characters; a leading ``/`` anchors
    nothing more (paths are already relative to the folder given)."""
    out: list[str] = []
    pattern = pattern.lstrip("/")
    i, n = 0, len(pattern)
    while i < n:
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and (end := pattern.find("]", i + 2)) > 0:
            body = pattern[i + 1 : end]
            negate = body.startswith("!")
            body = body[1:] if negate else body
            out.append(("[^/" if negate else "[") + body.replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return "".join(out)


def make_selector(patterns: Sequence[str] | None) -> Callable[[str, str], bool]:
    """A test ``(name, relative_path) -> bool`` choosing files in folders.

    User patterns are case-sensitive shell patterns matched against the file name, or,
    when they contain "/", against the path relative to the folder given, where ``*``
    stays within one folder and ``**`` crosses folders (:func:`glob_regex`, as in
    .gitignore). The default patterns ignore case, so REPORT.TXT is chosen too.
    """
    if patterns:
        by_name = tuple(p for p in patterns if "/" not in p)
        by_path = re.compile("|".join(glob_regex(p) for p in patterns if "/" in p) or "(?!)")

        def user(name: str, rel: str) -> bool:
            if any(fnmatch.fnmatchcase(name, p) for p in by_name):
                return True
            return by_path.fullmatch(rel.replace(os.sep, "/")) is not None

        return user

    def default(name: str, rel: str) -> bool:
        lower = name.lower()  # default_globs() is cached; called only when a folder is walked
        return any(fnmatch.fnmatchcase(lower, p) for p in default_globs())

    return default


# --------------------------------------------------------------------------- folders


@dataclass(frozen=True)
class Notice:
    """Something a folder walk skipped (or could not read), to tell the user."""

    path: str
    message: str
    failed: bool = False


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def walk_folder(
    top: str,
    select: Callable[[str, str], bool],
    *,
    hidden: bool = False,
    in_place: bool = False,
) -> tuple[list[tuple[str, str, int]], list[Notice]]:
    """Files to convert under ``top`` as ``(path, relative path, size)``, in sorted order.

    Skipped silently: hidden names (unless ``hidden``), version-control folders, files the
    selector does not choose, our own temporary files. Skipped with a notice: symbolic
    links to folders (never descended: no cycles, no file seen twice), links that lead out
    of ``top``, links in --in-place mode (rewriting would replace the link by a file; the
    file it points to is converted itself), and anything that is not a regular file.
    """
    real_top = os.path.realpath(top)
    found: list[tuple[str, str, int]] = []
    notices: list[Notice] = []

    def onerror(exc: OSError) -> None:
        notices.append(Notice(exc.filename or top, f"cannot read folder: {exc.strerror}", True))

    for dirpath, dirnames, filenames in os.walk(top, onerror=onerror):
        keep = []
        for name in sorted(dirnames):
            if name in VCS_DIRS or (name.startswith(".") and not hidden):
                continue
            full = os.path.join(dirpath, name)
            if os.path.islink(full):
                notices.append(Notice(full, "symbolic link to a folder; not followed"))
                continue
            keep.append(name)
        dirnames[:] = keep
        for name in sorted(filenames):
            if name.endswith(TEMP_SUFFIX) or (name.startswith(".") and not hidden):
                continue
            full = os.path.join(dirpath, name)
            rel = os.path.relpath(full, top)
            if not select(name, rel):
                continue
            try:
                st = os.lstat(full)
                if stat.S_ISLNK(st.st_mode):
                    if not _inside(os.path.realpath(full), real_top):
                        notices.append(Notice(full, "symbolic link out of the folder; skipped"))
                        continue
                    if in_place:
                        notices.append(
                            Notice(
                                full,
                                "symbolic link; skipped (the file it points to is not"
                                " rewritten through it)",
                            )
                        )
                        continue
                    st = os.stat(full)
            except OSError as exc:
                notices.append(Notice(full, f"cannot read: {exc.strerror}", True))
                continue
            if not stat.S_ISREG(st.st_mode):
                notices.append(Notice(full, "not a regular file; skipped"))
                continue
            found.append((full, rel, st.st_size))
    return found, notices


# --------------------------------------------------------------------------- planning


@dataclass
class Plan:
    """The jobs a command line asks for, checked before anything is written."""

    jobs: list[Job]
    notices: list[Notice] = field(default_factory=list)

    @property
    def to_stdout(self) -> bool:
        return any(job.dst is None for job in self.jobs)


def _folder_name(path: str) -> str:
    return os.path.basename(os.path.normpath(os.path.abspath(path)))


def _check_parent(dst: str, checked: dict[str, None]) -> None:
    """The folder of ``dst`` must exist or be creatable: no file may stand in its way."""
    folder = os.path.dirname(os.path.abspath(dst))
    while folder not in checked:
        checked[folder] = None
        if os.path.lexists(folder):
            if not os.path.isdir(folder):
                raise UsageError(f"cannot write {dst}: {folder} is a file, not a folder")
            return
        parent = os.path.dirname(folder)
        if parent == folder:
            return
        folder = parent


def plan_jobs(
    paths: Sequence[str],
    *,
    output: str | None = None,
    in_place: bool = False,
    backup: str | None = None,
    force: bool = False,
    select: Callable[[str, str], bool] | None = None,
    hidden: bool = False,
) -> Plan:
    """Turn inputs and output options into jobs, or raise UsageError before touching anything.

    Output layout: one file goes to ``output`` (or into it, when it is a folder); one folder
    is mirrored into ``output``; several inputs go into ``output``, a file under its own
    name and a folder as a subfolder of its name.
    """
    select = select or make_selector(None)
    paths = list(paths) or ["-"]
    if output == "-":
        output = None if len(paths) == 1 else output
        if output is not None:
            raise UsageError("-o - (standard output) takes a single input")
    if in_place and output is not None:
        raise UsageError("use either --in-place or -o/--output, not both")
    if backup is not None:
        if not in_place:
            raise UsageError("--backup needs --in-place")
        if not backup or os.sep in backup or (os.altsep and os.altsep in backup):
            raise UsageError("--backup SUFFIX must be a file name ending such as .bak or ~")

    if "-" in paths:
        if len(paths) > 1:
            raise UsageError("'-' (standard input) cannot be combined with other inputs")
        if in_place:
            raise UsageError("--in-place rewrites files; it cannot be used with standard input")
        if output is not None and os.path.isdir(output):
            raise UsageError(f"{output} is a folder; -o needs a file name for standard input")
        jobs = [Job("-", output, "<stdin>")]
        return _checked(Plan(jobs), force=force)

    entries: list[tuple[str, os.stat_result]] = []
    for path in paths:
        try:
            entries.append((path, os.stat(path)))
        except FileNotFoundError:
            # Text typed where a file name goes (translit to-latin "Шаҳар ва қишлоқ").
            hint = " (to convert the text itself, use --text)" if " " in path else ""
            raise UsageError(f"{path}: no such file or folder{hint}") from None
        except OSError as exc:
            raise UsageError(f"{path}: {exc.strerror}") from None
    has_folder = any(stat.S_ISDIR(st.st_mode) for _, st in entries)
    several = len(entries) > 1 or has_folder
    if several and output is None and not in_place:
        raise UsageError(
            "several files or a folder need -o/--output FOLDER or --in-place"
            " (a single file without them is written to standard output)"
        )

    plan = Plan([])
    if in_place:
        seen: set[tuple[int, int]] = set()
        for path, st in entries:
            if stat.S_ISDIR(st.st_mode):
                found, notices = walk_folder(path, select, hidden=hidden, in_place=True)
                plan.notices.extend(notices)
                items = [(p, p, os.stat(p), size) for p, _, size in found]
            elif stat.S_ISREG(st.st_mode):
                # A link named on the command line is followed: its target is rewritten.
                items = [(os.path.realpath(path), path, st, st.st_size)]
            else:
                raise UsageError(f"{path}: --in-place needs a regular file")
            for real, label, fst, size in items:
                key = (fst.st_dev, fst.st_ino)
                if key in seen:
                    continue  # the same file named twice is converted once
                seen.add(key)
                bak = real + backup if backup is not None else None
                plan.jobs.append(Job(real, real, label, True, bak, size))
        return _checked(plan, force=force)

    if output is None:  # a single file to standard output
        path, st = entries[0]
        plan.jobs.append(Job(path, None, path, size=st.st_size))
        return _checked(plan, force=force)

    if not several:
        path, st = entries[0]
        into = os.path.isdir(output) or output.endswith(("/", os.sep))
        dst = os.path.join(output, os.path.basename(path)) if into else output
        plan.jobs.append(Job(path, dst, path, size=st.st_size))
        return _checked(plan, force=force)

    if os.path.lexists(output) and not os.path.isdir(output):
        raise UsageError(f"{output} is a file; several inputs or a folder need an output folder")
    if len(entries) > 1 and not os.path.isdir(output) and not output.endswith(("/", os.sep)):
        # a.txt b.txt -o single.txt would make a folder called single.txt: say so instead.
        raise UsageError(
            f"several inputs go into a folder, and {output} is none: give an existing folder,"
            f" or end the name with '/' to create it (-o {output.rstrip(os.sep)}/)"
        )
    real_out = os.path.realpath(output)
    single_folder = len(entries) == 1
    for path, st in entries:
        if stat.S_ISDIR(st.st_mode):
            real_in = os.path.realpath(path)
            if _inside(real_out, real_in):
                raise UsageError(
                    f"the output folder {output} is inside the input folder {path};"
                    " choose a folder outside it"
                )
            base = output if single_folder else os.path.join(output, _folder_name(path))
            found, notices = walk_folder(path, select, hidden=hidden)
            plan.notices.extend(notices)
            for src, rel, size in found:
                plan.jobs.append(Job(src, os.path.join(base, rel), src, size=size))
        else:
            dst = os.path.join(output, os.path.basename(path))
            plan.jobs.append(Job(path, dst, path, size=st.st_size))
    return _checked(plan, force=force)


def _checked(plan: Plan, *, force: bool) -> Plan:
    """Refuse outputs that would clobber inputs, each other, or (without --force) files."""
    existing: list[str] = []
    writers: dict[str, Job] = {}
    parents: dict[str, None] = {}
    inputs: dict[tuple[int, int], Job] = {}  # no output may replace any input, even --force
    for job in plan.jobs:
        if job.src != "-":
            with contextlib.suppress(OSError):
                st = os.stat(job.src)
                inputs[(st.st_dev, st.st_ino)] = job
    for job in plan.jobs:
        targets = [job.backup] if job.in_place and job.backup else []
        if not job.in_place and job.dst is not None:
            targets.append(job.dst)
        for dst in targets:
            key = os.path.normcase(os.path.abspath(dst))
            if key in writers:
                raise UsageError(
                    f"{writers[key].label} and {job.label} would both be written to {dst}"
                )
            writers[key] = job
            if os.path.lexists(dst):
                if job.src != "-" and not job.in_place and _same_file(job.src, dst):
                    raise UsageError(
                        f"{dst} is the input {job.label} itself; use --in-place to rewrite inputs"
                    )
                other = _input_at(dst, inputs)
                if other is not None:
                    raise UsageError(
                        f"{dst} would replace the input {other.label}; choose another output"
                    )
                if os.path.isdir(dst):
                    raise UsageError(f"cannot write {dst}: it is a folder")
                kind = _node_kind(dst)
                if kind == "through":
                    continue  # a device or a named pipe: written through, nothing replaced
                if kind != "file":
                    raise UsageError(f"cannot write {dst}: {kind}")
                if not force:
                    existing.append(dst)
            else:
                _check_parent(dst, parents)
    if existing:
        more = f" and {len(existing) - 1} more" if len(existing) > 1 else ""
        raise UsageError(f"{existing[0]}{more} already exist(s); use --force to overwrite")
    if force:
        plan.jobs = [dataclasses.replace(job, overwrite=True) for job in plan.jobs]
    return plan


def _node_kind(path: str) -> str:
    """"file" (replaced atomically), "through" (written through) or why it is refused.

    A symbolic link is followed, like ``cp`` does: its target is replaced and the link
    stays. A character device (``/dev/null``) or a named pipe gets the bytes as a shell
    redirection would give them. Block devices, sockets and links to nothing are refused.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "a symbolic link to a missing file; not written through"
    except OSError as exc:
        return exc.strerror or str(exc)
    if stat.S_ISREG(st.st_mode):
        return "file"
    if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
        return "through"
    return "not a regular file, a character device or a named pipe"


def _input_at(path: str, inputs: dict[tuple[int, int], Job]) -> Job | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return inputs.get((st.st_dev, st.st_ino))


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False
