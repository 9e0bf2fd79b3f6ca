"""What the fault tests share: running the command, and faults that need root or a mount.

Why a module of its own: each fault test builds a hostile environment (a closed standard
stream, a full disk, a killed parent) and needs the same few tools to do it. A fault that
this machine cannot stage (no root, no ``mount``) skips with the reason; under ``CI=1`` it
fails instead, because CI runs as root and a skipped fault test there would hide a fault.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import skip_or_fail
from tests.test_cli import CMD, ENV

__all__ = ["CMD", "ENV", "cannot_stage", "need_root", "run_shell", "tmpfs"]


def cannot_stage(reason: str) -> None:
    """Skip, or fail under CI=1: a fault CI cannot stage is a hole in CI."""
    skip_or_fail(f"cannot stage this fault: {reason}")


def need_root(what: str) -> None:
    if os.geteuid() != 0:
        cannot_stage(f"{what} needs root")


@contextlib.contextmanager
def tmpfs(where: Path, size: str, *options: str) -> Iterator[Path]:
    """A small tmpfs mounted at ``where``: a disk that fills up (or a read-only one)."""
    need_root("mounting a tmpfs")
    mount = shutil.which("mount")
    if mount is None:
        cannot_stage("no mount command")
    where.mkdir(parents=True, exist_ok=True)
    opts = ",".join([f"size={size}", *options])
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(where)], capture_output=True
    )
    if proc.returncode != 0:
        cannot_stage(f"cannot mount a tmpfs: {proc.stderr.decode(errors='replace').strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def run_shell(
    redirections: str,
    *args: str | os.PathLike[str],
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """Run the command through ``sh`` with ``redirections`` such as ``<&-`` or ``>&-``."""
    script = f'exec "$@" {redirections}'
    return subprocess.run(
        ["sh", "-c", script, "sh", *CMD, *map(str, args)],
        capture_output=True,
        cwd=cwd,
        env=env or ENV,
        timeout=120,
    )
