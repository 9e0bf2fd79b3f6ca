"""Writing a file all at once or not at all, and cleaning up after an interrupt.

Why this module exists: converting in place replaces a user's only copy of a document, so
no crash, ``kill -9``, full disk or Ctrl-C may leave a half-written file under its name.
Every output goes to a temporary file next to its destination
(``.NAME.XXXXXXXX.translit-tmp``, NAME cut to a few dozen bytes so that the longest
allowed file name still has room for it), is flushed and fsynced, gets its owner and
then its permissions (in that order: a change of owner clears setuid bits), and only
then is renamed over the final name, or, when the caller may not replace a file, linked
under it without replacing anything (a file that appeared during the run is kept). A crash
can leave such a temporary file behind (folder walks skip them), never a partial file
under the final name; on Ctrl-C the command removes the temporary files still open in
this process (:func:`remove_live_temps`). Errors name the destination, never the
temporary file the user did not ask for.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import secrets
import shutil
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO, cast

__all__ = [
    "TEMP_SUFFIX",
    "OutputExistsError",
    "PendingFile",
    "atomic_write",
    "remove_live_temps",
    "sync_dirs",
]

TEMP_SUFFIX = ".translit-tmp"  # every temporary file ends so; see atomic_write
_TEMP_STEM_BYTES = 40  # of the destination's name in a temporary name (NAME_MAX is 255)


class OutputExistsError(FileExistsError):
    """The destination appeared while it was being written; it was not replaced."""

    def __init__(self, path: str) -> None:
        super().__init__(
            errno.EEXIST,
            "created by someone else during the run; not replaced (use --force to replace it)",
            path,
        )


def _temp_stem(name: str) -> str:
    """The start of ``name`` in at most _TEMP_STEM_BYTES bytes, cut between characters."""
    raw = os.fsencode(name)
    if len(raw) <= _TEMP_STEM_BYTES:
        return name
    cut = raw[:_TEMP_STEM_BYTES]
    while cut:  # a UTF-8 letter cut in two would become an undecodable byte: drop it
        try:
            cut.decode(sys.getfilesystemencoding())
            break
        except UnicodeDecodeError:
            cut = cut[:-1]
    return os.fsdecode(cut)

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


def _rename_noreplace(src: str, dst: str) -> None:
    """Rename ``src`` to ``dst`` unless ``dst`` exists (then OutputExistsError).

    Linux: ``renameat2(RENAME_NOREPLACE)``, one atomic step. Elsewhere, or on a file system
    without it: a hard link (which never replaces) and the removal of ``src``. Only where
    neither works is it a check followed by a rename, which a race could still beat.
    """
    if sys.platform == "linux":
        err = _renameat2_noreplace(src, dst)
        if err == 0:
            return
        if err == errno.EEXIST:
            raise OutputExistsError(dst)
        if err not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, -1):
            raise OSError(err, os.strerror(err), dst)
    try:
        os.link(src, dst)
    except FileExistsError:
        raise OutputExistsError(dst) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        if os.path.lexists(dst):
            raise OutputExistsError(dst) from None
        os.rename(src, dst)
        return
    os.unlink(src)


@functools.lru_cache(maxsize=1)
def _renameat2() -> Callable[..., int] | None:
    try:
        import ctypes  # only here: most runs never need it (start-up time)

        libc = ctypes.CDLL(None, use_errno=True)
        func = libc.renameat2
    except (OSError, AttributeError, ImportError):  # glibc < 2.28, musl, ...
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    func.restype = ctypes.c_int
    return cast("Callable[..., int]", func)


def _renameat2_noreplace(src: str, dst: str) -> int:
    """0, or the errno of ``renameat2(..., RENAME_NOREPLACE)``; -1 if there is none."""
    func = _renameat2()
    if func is None:
        return -1
    import ctypes

    at_fdcwd, rename_noreplace = -100, 1
    if func(at_fdcwd, os.fsencode(src), at_fdcwd, os.fsencode(dst), rename_noreplace) == 0:
        return 0
    return ctypes.get_errno()


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


def _keep_backup(original: str, backup: str, replace: bool = True) -> None:
    """Keep ``original`` under ``backup`` before it is replaced.

    A hard link keeps the very same file (content, times, owner) at no cost; where links
    are not possible (some filesystems), a copy. An existing backup is replaced atomically,
    and only if ``replace`` (else OutputExistsError: one that appeared during the run).
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
        if replace:
            os.replace(tmp, backup)
        else:
            _rename_noreplace(tmp, backup)
    finally:
        _LIVE_TEMPS.discard(tmp)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


class PendingFile:
    """The temporary file behind :func:`atomic_write`; ``discard()`` drops it unrenamed."""

    def __init__(self, file: BinaryIO, path: str, dst: str | None = None) -> None:
        self.file, self.path, self.discarded = file, path, False
        self.dst = path if dst is None else dst

    def write(self, data: bytes) -> None:
        try:
            self.file.write(data)
        except OSError as exc:  # a full disk: about the output the user named
            raise _naming(exc, self.dst) from None

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
    replace: bool = True,
    replace_backup: bool = True,
) -> Iterator[PendingFile]:
    """Write ``dst`` all at once or not at all.

    The data goes to ``.NAME.XXXXXXXX.translit-tmp`` in the same folder (so the rename
    cannot cross filesystems; NAME is the start of the name, at most 40 bytes), is flushed
    and fsynced, gets ``owner`` when possible and then ``mode`` (default: what a new file
    gets), and is renamed over ``dst``. With ``replace=False`` an existing ``dst`` is never
    replaced, even one created while the data was written: :class:`OutputExistsError`.
    With ``backup`` the old ``dst`` is first kept under that name (an existing backup is
    replaced only if ``replace_backup``). Any exception, including
    Ctrl-C, removes the temporary file and leaves ``dst`` as it was; an ``OSError`` names
    ``dst``, not the temporary file. The folder is fsynced after the rename so that the
    rename itself is on disk; a batch of many files passes ``sync_dir=False`` and calls
    :func:`sync_dirs` once per folder at the end instead.
    """
    directory, name = os.path.split(os.path.abspath(dst))
    try:
        fd, tmp = _create_temp(directory, f".{_temp_stem(name)}.")
    except OSError as exc:
        raise _naming(exc, dst) from None
    try:
        out = os.fdopen(fd, "wb")
        try:
            pending = PendingFile(out, tmp, dst)
            yield pending
            if pending.discarded:
                return
            try:
                out.flush()
                os.fsync(out.fileno())
            except OSError as exc:
                raise _naming(exc, dst) from None
        finally:
            # After a failed write the buffer still holds data whose flush would fail
            # again and hide the first error; the file is removed anyway.
            with contextlib.suppress(OSError):
                out.close()
        try:
            # Owner first: on Linux a change of owner clears the setuid and setgid bits,
            # so the mode set after it is the one that stays.
            if owner is not None and hasattr(os, "chown"):
                with contextlib.suppress(OSError):  # only root may give files away
                    os.chown(tmp, *owner)
            os.chmod(tmp, _default_mode() if mode is None else mode)
            if backup is not None:
                _keep_backup(dst, backup, replace_backup)
            if replace:
                os.replace(tmp, dst)
            else:
                _rename_noreplace(tmp, dst)
        except OutputExistsError:
            raise
        except OSError as exc:
            raise _naming(exc, dst) from None
        _LIVE_TEMPS.discard(tmp)
        if sync_dir:
            _fsync_dir(directory)
    finally:
        if tmp in _LIVE_TEMPS:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            _LIVE_TEMPS.discard(tmp)


def _naming(exc: OSError, dst: str) -> OSError:
    """``exc`` about ``dst``: the user asked for ``dst`` and never heard of our temp file."""
    about_temp = exc.filename is None or str(exc.filename).endswith(TEMP_SUFFIX)
    if exc.errno is None or not about_temp:
        return exc
    return OSError(exc.errno, exc.strerror, dst)  # OSError() picks the subclass by errno
