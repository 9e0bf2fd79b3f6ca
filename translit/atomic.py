"""Writing a file all at once or not at all, and cleaning up after an interrupt.

Why this module exists: converting in place replaces a user's only copy of a document, so
no crash, ``kill -9``, full disk or Ctrl-C may leave a half-written file under its name.
Every output goes to a temporary file next to its destination
(``.NAME.XXXXXXXX.translit-tmp``), is flushed and fsynced, gets its permissions, and only
then is renamed over the final name. A crash can leave such a temporary file behind
(folder walks skip them), never a partial file under the final name; on Ctrl-C the
command removes the temporary files still open in this process (:func:`remove_live_temps`).
"""

from __future__ import annotations

import contextlib
import functools
import os
import secrets
import shutil
from collections.abc import Iterable, Iterator
from typing import BinaryIO

__all__ = ["TEMP_SUFFIX", "PendingFile", "atomic_write", "remove_live_temps", "sync_dirs"]

TEMP_SUFFIX = ".translit-tmp"  # every temporary file ends so; see atomic_write

_LIVE_TEMPS: set[str] = set()  # temporaries of this process not yet renamed or removed


def remove_live_temps() -> None:
    """Remove this process's unfinished temporary files (after an interrupt)."""
    for path in list(_LIVE_TEMPS):
        with contextlib.suppress(OSError):
            os.unlink(path)
        _LIVE_TEMPS.discard(path)


def _create_temp(directory: str, prefix: str) -> tuple[int, str]:
    """Like ``tempfile.mkstemp``, but the name is registered *before* the file exists.

    Why: Ctrl-C may strike between the creation of the file and any bookkeeping after
    it; registered first, the file is always found by :func:`remove_live_temps`.
    """
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        path = os.path.join(directory, f"{prefix}{secrets.token_hex(4)}{TEMP_SUFFIX}")
        _LIVE_TEMPS.add(path)
        try:
            fd = os.open(path, flags, 0o600)
        except FileExistsError:  # someone else's: never ours to remove
            _LIVE_TEMPS.discard(path)
            continue
        except OSError:  # not created (permissions...): nothing to remove
            _LIVE_TEMPS.discard(path)
            raise
        # An interrupt from here on finds the name registered (remove_live_temps).
        return fd, path
    raise FileExistsError(f"no free temporary file name in {directory}")


@functools.lru_cache(maxsize=1)
def _default_mode() -> int:
    # What open() would give a new file; umask can only be read by setting it.
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_dir(directory: str) -> None:
    # Makes the rename itself durable; not possible on every platform, and then harmless.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def sync_dirs(paths: Iterable[str]) -> None:
    """fsync the folders of ``paths`` (each folder once): makes their renames durable."""
    for directory in sorted({os.path.dirname(os.path.abspath(p)) for p in paths}):
        _fsync_dir(directory)


def _keep_backup(original: str, backup: str) -> None:
    """Keep ``original`` under ``backup`` before it is replaced.

    A hard link keeps the very same file (content, times, owner) at no cost; where links
    are not possible (some filesystems), a copy. An existing backup is replaced atomically.
    """
    directory = os.path.dirname(os.path.abspath(backup))
    fd, tmp = _create_temp(directory, ".backup.")
    os.close(fd)
    try:
        os.unlink(tmp)
        try:
            os.link(original, tmp)
        except OSError:
            shutil.copy2(original, tmp)
        os.replace(tmp, backup)
    finally:
        _LIVE_TEMPS.discard(tmp)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


class PendingFile:
    """The temporary file behind :func:`atomic_write`; ``discard()`` drops it unrenamed."""

    def __init__(self, file: BinaryIO, path: str) -> None:
        self.file, self.path, self.discarded = file, path, False

    def write(self, data: bytes) -> None:
        self.file.write(data)

    def discard(self) -> None:
        self.discarded = True


@contextlib.contextmanager
def atomic_write(
    dst: str,
    *,
    mode: int | None = None,
    owner: tuple[int, int] | None = None,
    backup: str | None = None,
    sync_dir: bool = True,
) -> Iterator[PendingFile]:
    """Write ``dst`` all at once or not at all.

    The data goes to ``.NAME.XXXXXXXX.translit-tmp`` in the same folder (so the rename
    cannot cross filesystems), is flushed and fsynced, gets ``mode`` (default: what a new
    file gets) and, when possible, ``owner``, and is renamed over ``dst``. With ``backup``
    the old ``dst`` is first kept under that name. Any exception, including Ctrl-C, removes
    the temporary file and leaves ``dst`` as it was. The folder is fsynced after the rename
    so that the rename itself is on disk; a batch of many files passes ``sync_dir=False``
    and calls :func:`sync_dirs` once per folder at the end instead.
    """
    directory, name = os.path.split(os.path.abspath(dst))
    fd, tmp = _create_temp(directory, f".{name[:180]}.")
    try:
        with os.fdopen(fd, "wb") as out:
            pending = PendingFile(out, tmp)
            yield pending
            if pending.discarded:
                return
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, _default_mode() if mode is None else mode)
        if owner is not None and hasattr(os, "chown"):
            with contextlib.suppress(OSError):  # only root may give files away
                os.chown(tmp, *owner)
        if backup is not None:
            _keep_backup(dst, backup)
        os.replace(tmp, dst)
        _LIVE_TEMPS.discard(tmp)
        if sync_dir:
            _fsync_dir(directory)
    finally:
        if tmp in _LIVE_TEMPS:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            _LIVE_TEMPS.discard(tmp)
