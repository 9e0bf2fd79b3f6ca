"""Converting files for the ``translit`` command and :func:`convert_file`.

Why this module exists: the engine works on strings; this is where it meets files. It
converts one job (an input and where its output goes), runs many jobs, and is the one
entry point the command line and :func:`translit.convert_file` use for file work. What it
stands on has its own modules, re-exported here so that callers need only this one:
``translit.encodings`` (bytes to text and back, byte offsets of bad input),
``translit.atomic`` (outputs written all at once or not at all), ``translit.documents``
(which inputs are documents; the formats layer imported lazily) and ``translit.planning``
(from a command line to checked jobs, before anything is touched).

* Plain text is streamed in chunks through ``Transliterator.stream``: memory stays flat
  however large the file. Document formats (HTML, DOCX, ...) come from ``translit.formats``,
  imported lazily, and are converted whole.
* A problem with one file becomes a failed or skipped :class:`Result`; the batch goes on.
* Files are independent, so converting them in N worker processes gives the same bytes as
  converting them one by one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import io
import os
import signal
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, cast

import translit

from .atomic import TEMP_SUFFIX, atomic_write, remove_live_temps, sync_dirs
from .columns import BatchConverter, to_cyrillic_batch, to_latin_batch
from .core.detect import SAMPLE_SIZE
from .documents import (
    DocumentFormat,
    default_globs,
    format_names,
    make_format_options,
    options_or_default,
    resolve_format,
)
from .encodings import (
    CHUNK_SIZE,
    BinaryFileError,
    DecodeError,
    DecodingReader,
    EncodeError,
    FileError,
    Hook,
    TextEncoding,
    codec_name,
    decode_bytes,
    encoder,
    output_encoding,
    sniff_encoding,
)
from .planning import (
    VCS_DIRS,
    Job,
    Notice,
    Plan,
    UsageError,
    make_selector,
    plan_jobs,
    walk_folder,
)

if TYPE_CHECKING:
    from concurrent.futures import Future
    from multiprocessing.synchronize import Event

__all__ = [
    "CHUNK_SIZE",
    "TEMP_SUFFIX",
    "VCS_DIRS",
    "BatchConverter",
    "BinaryFileError",
    "Cancelled",
    "DecodeError",
    "EncodeError",
    "FileError",
    "Job",
    "Notice",
    "Plan",
    "Result",
    "Settings",
    "TextEncoding",
    "UsageError",
    "atomic_write",
    "codec_name",
    "convert_file",
    "convert_job",
    "default_globs",
    "default_jobs",
    "detect_file",
    "format_names",
    "line_flushed",
    "make_format_options",
    "make_selector",
    "plan_jobs",
    "remove_live_temps",
    "resolve_format",
    "run_jobs",
    "sniff_encoding",
    "to_cyrillic_batch",
    "to_latin_batch",
    "walk_folder",
    "write_output",
    "write_stdout",
]

_Source = DecodingReader  # its name before the split, still used by tests/test_batch.py

# The characters `detect` looks at (4 Mi, one constant with translit.core.detect): enough
# for any verdict, flat memory.
DETECT_LIMIT = SAMPLE_SIZE

Status = Literal["converted", "unchanged", "skipped", "failed", "cancelled"]


class Cancelled(Exception):
    """Raised inside a worker when the user interrupted the batch."""


# --------------------------------------------------------------------------- jobs


@dataclass(frozen=True)
class Settings:
    """Everything a worker process needs to convert files; picklable."""

    source: str
    target: str
    tr_options: dict[str, Any] = field(default_factory=dict)
    encoding: str | None = None
    output_encoding: str | None = None
    format: str | None = None
    format_options: Any = None
    chunk_size: int = CHUNK_SIZE

    def transliterator(self) -> translit.Transliterator:
        return translit.Transliterator(self.source, self.target, **self.tr_options)


@dataclass(frozen=True)
class Result:
    job: Job
    status: Status
    bytes_in: int = 0
    bytes_out: int = 0
    message: str = ""


@contextlib.contextmanager
def _open_input(src: str) -> Iterator[BinaryIO]:
    if src == "-":
        yield sys.stdin.buffer
    else:
        with open(src, "rb") as raw:
            yield raw


def _is_regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _output_metadata(dst: str) -> tuple[int | None, tuple[int, int] | None]:
    """Permissions (and owner) for the new file: those of the file it replaces, if any."""
    try:
        st = os.stat(dst)
    except FileNotFoundError:
        return None, None
    return stat.S_IMODE(st.st_mode), (st.st_uid, st.st_gid)


def line_flushed(tr: translit.Transliterator, chunks: Iterator[str]) -> Iterator[str]:
    """``tr.stream(chunks)``, restarted after every chunk that ends a line.

    Why: ``stream`` holds back the whitespace at the end of what it has seen, so a line
    typed into a pipe would come out without its newline until the next line arrives.
    A chunk ending in a newline is cut right after it; no rule looks across whitespace,
    so the output is still exactly ``tr("".join(chunks))`` (tests/test_batch.py checks it).
    """
    ended = False

    def until_line_end() -> Iterator[str]:
        nonlocal ended
        for chunk in chunks:
            yield chunk
            if chunk.endswith("\n"):
                return
        ended = True

    while not ended:
        yield from tr.stream(until_line_end())


def _stream_plain(
    source: DecodingReader,
    write: Callable[[bytes], None],
    tr: translit.Transliterator,
    out_enc: TextEncoding,
    path: str,
    flush: Callable[[], None] | None,
    pieces: Iterator[str] | None = None,
) -> tuple[int, bytes]:
    """Stream converted text to ``write``; returns bytes written and their SHA-256.

    ``pieces``: the converted text, from a streaming document format (default: the
    input converted as plain text).
    """
    encode = encoder(out_enc, path)
    digest = hashlib.sha256()
    written = 0

    def emit(data: bytes) -> None:
        nonlocal written
        if data:
            write(data)
            digest.update(data)
            written += len(data)
            if flush is not None:
                flush()

    emit(out_enc.bom)
    if pieces is None:
        pieces = line_flushed(tr, source.chunks())
    for piece in pieces:
        emit(encode(piece, False))
    emit(encode("", True))
    return written, digest.digest()


def _convert_document(
    raw: BinaryIO,
    path: str,
    fmt: DocumentFormat,
    tr: translit.Transliterator,
    settings: Settings,
    hook: Hook | None,
) -> tuple[int, bytes]:
    """Convert a whole document with its format; returns (bytes read, converted bytes)."""
    data = raw.read()
    if hook is not None:
        hook(len(data))
    options = options_or_default(settings.format_options)
    if fmt.binary:
        return len(data), fmt.convert_bytes(data, tr, options)
    text, found = decode_bytes(data, path, settings.encoding, reject_binary=True)
    converted = fmt.convert_text(text, tr, options)
    out_enc = output_encoding(found, settings.output_encoding)
    return len(data), out_enc.bom + encoder(out_enc, path)(converted, True)


class _CountingReader(io.RawIOBase):
    """A binary input for a streaming format: reports bytes read to the progress hook."""

    def __init__(self, raw: BinaryIO, hook: Hook | None) -> None:
        self._raw, self._hook, self.bytes_read = raw, hook, 0
        self.name = getattr(raw, "name", None)  # a path lets a format reopen the file

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return self._raw.seekable()

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._raw.seek(offset, whence)

    def tell(self) -> int:
        return self._raw.tell()

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[: len(data)] = data
        self.bytes_read += len(data)
        if self._hook is not None:
            self._hook(len(data))
        return len(data)


class _CountingWriter(io.RawIOBase):
    """The output of a streaming binary format, written through ``write``."""

    def __init__(self, write: Callable[[bytes], None]) -> None:
        self._write, self.written = write, 0

    def writable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.written

    def write(self, data: Any) -> int:
        data = bytes(data)
        self._write(data)
        self.written += len(data)
        return len(data)


def _stream_document(
    raw: BinaryIO,
    write: Callable[[bytes], None],
    label: str,
    fmt: DocumentFormat,
    tr: translit.Transliterator,
    settings: Settings,
    hook: Hook | None,
) -> tuple[int, int]:
    """Convert a document with a streaming format (CSV, JSON Lines, Parquet...) in bounded
    memory; returns (bytes read, bytes written)."""
    options = options_or_default(settings.format_options)
    if fmt.binary:
        if not raw.seekable():  # standard input: Parquet needs to seek
            raw = io.BytesIO(raw.read())
        src = _CountingReader(raw, hook)
        dst = _CountingWriter(write)
        fmt.stream_bytes(cast(BinaryIO, src), cast(BinaryIO, dst), tr, options)
        return src.bytes_read, dst.written
    source = _plain_reader(raw, label, settings, reject_binary=True, hook=hook)
    out_enc = output_encoding(source.encoding, settings.output_encoding)
    pieces = fmt.stream_text(source.chunks(), tr, options)
    n_out, _ = _stream_plain(source, write, tr, out_enc, label, None, pieces)
    return source.bytes_read, n_out


def _plain_reader(
    raw: BinaryIO, label: str, settings: Settings, *, reject_binary: bool, hook: Hook | None
) -> DecodingReader:
    return DecodingReader(
        raw,
        label,
        settings.encoding,
        reject_binary=reject_binary,
        chunk_size=settings.chunk_size,
        hook=hook,
    )


def _validate_plain(src: str, label: str, settings: Settings, tr: translit.Transliterator) -> None:
    """Check a whole file before anything of it is written to a stream.

    Decoding is always checked. When the output encoding cannot hold every character
    (cp1251, say; UTF-8, UTF-16 and UTF-32 can), the file is also converted and encoded,
    and the result thrown away: twice the work, only for such encodings.
    """
    with open(src, "rb") as raw:
        reader = _plain_reader(raw, label, settings, reject_binary=True, hook=None)
        out_enc = output_encoding(reader.encoding, settings.output_encoding)
        if out_enc.codec.startswith(_UNIVERSAL_CODECS):
            for _ in reader.chunks():
                pass
            return
        encode = encoder(out_enc, label)
        for piece in tr.stream(reader.chunks()):
            encode(piece, False)
        encode("", True)


_UNIVERSAL_CODECS = ("utf-8", "utf-16", "utf-32")  # they can store every character


def _write_all(fd: int, data: bytes, name: str | None = None) -> None:
    """Write every byte of ``data`` to ``fd``, or raise.

    Why not ``sys.stdout.buffer.write``: unbuffered (``PYTHONUNBUFFERED=1``) it is one raw
    ``write()`` that may store only part of the data, and on a non-blocking pipe it may
    store nothing and say so only by its return value. Here a short write is continued and
    a full pipe is waited for; a full disk raises OSError.
    """
    view = memoryview(data)
    while view:
        try:
            n = os.write(fd, view[:_WRITE_SIZE])
        except BlockingIOError:  # a non-blocking pipe is full: wait until it drains
            _wait_writable(fd)
            continue
        except OSError as exc:  # a full disk: say where (EPIPE stays a BrokenPipeError)
            if name is None or exc.errno is None:
                raise
            raise OSError(exc.errno, exc.strerror, name) from None
        view = view[n:]


_WRITE_SIZE = 1 << 20


def _wait_writable(fd: int) -> None:
    import select

    if hasattr(select, "poll"):
        poller = select.poll()
        poller.register(fd, select.POLLOUT)
        poller.poll()
    else:  # pragma: no cover - Windows has no poll() for pipes
        import time

        time.sleep(0.01)


def _stdout_writer() -> Callable[[bytes], None]:
    """A write-all function for standard output (see :func:`_write_all`)."""
    sys.stdout.flush()
    out = sys.stdout.buffer
    out.flush()
    try:
        fd = out.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test's capture)
        return _write_stream_all(out)
    return functools.partial(_write_all, fd, name="standard output")


def write_stdout(data: bytes) -> None:
    """Write all of ``data`` to standard output, or raise OSError (see :func:`_write_all`)."""
    _stdout_writer()(data)


def _write_stream_all(out: BinaryIO) -> Callable[[bytes], None]:
    def write(data: bytes) -> None:
        view = memoryview(data)
        while view:
            n = out.write(view)
            if n is None:
                raise BlockingIOError("the output would block")
            view = view[n:]
        out.flush()

    return write


def _stream_output(dst: str) -> bool:
    """Is ``dst`` written through (a character device, a named pipe) rather than replaced?

    Replacing ``/dev/null`` or a named pipe by a regular file would break whoever uses
    them, and a device or a pipe cannot be "partially" replaced anyway: they get the bytes,
    like a shell redirection would give them. Other nodes that are not regular files are
    refused (planning refuses them first; this catches a node made during the run).
    """
    try:
        st = os.stat(dst)
    except FileNotFoundError:
        if os.path.islink(dst):
            raise FileError(dst, "a symbolic link to a missing file; not written through") from None
        return False
    if stat.S_ISCHR(st.st_mode) or stat.S_ISFIFO(st.st_mode):
        return True
    if not stat.S_ISREG(st.st_mode):
        raise FileError(dst, "not a regular file, a character device or a named pipe")
    return False


def _convert(
    job: Job,
    tr: translit.Transliterator,
    settings: Settings,
    hook: Hook | None,
    sync_dir: bool = True,
) -> tuple[Status, int, int]:
    if job.dst is None:
        return _convert_to_stream(job, tr, settings, hook, _stdout_writer())
    if _stream_output(job.dst):
        fd = os.open(job.dst, os.O_WRONLY | getattr(os, "O_BINARY", 0))
        try:
            write = functools.partial(_write_all, fd, name=job.dst)
            return _convert_to_stream(job, tr, settings, hook, write)
        finally:
            os.close(fd)
    return _convert_to_file(job, tr, settings, hook, sync_dir)


def _convert_to_stream(
    job: Job,
    tr: translit.Transliterator,
    settings: Settings,
    hook: Hook | None,
    write: Callable[[bytes], None],
) -> tuple[Status, int, int]:
    """Standard output, a device or a pipe: nothing may be written for a bad file."""
    fmt = resolve_format(None if job.src == "-" else job.src, settings.format)
    with _open_input(job.src) as raw:
        if fmt is not None:  # converted and encoded whole before the first byte is written
            n_in, data = _convert_document(raw, job.label, fmt, tr, settings, hook)
            write(data)
            return "converted", n_in, len(data)
        if job.src != "-" and _is_regular(job.src):
            _validate_plain(job.src, job.label, settings, tr)
        source = _plain_reader(raw, job.label, settings, reject_binary=job.src != "-", hook=hook)
        out_enc = output_encoding(source.encoding, settings.output_encoding)
        n_out, _ = _stream_plain(source, write, tr, out_enc, job.label, None)
        return "converted", source.bytes_read, n_out


def _convert_to_file(
    job: Job,
    tr: translit.Transliterator,
    settings: Settings,
    hook: Hook | None,
    sync_dir: bool,
) -> tuple[Status, int, int]:
    """A regular file, replaced atomically; a symbolic link is followed (like ``cp``)."""
    assert job.dst is not None
    fmt = resolve_format(None if job.src == "-" else job.src, settings.format)
    dst = os.path.realpath(job.dst) if os.path.islink(job.dst) else job.dst

    def checkpoint() -> None:
        if hook is not None:
            hook(0)

    os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
    mode, owner = _output_metadata(dst)
    # Every way of writing the file goes through this one call: same metadata, same
    # backup, and never replacing a file that appeared meanwhile unless allowed.
    output = functools.partial(
        atomic_write,
        dst,
        mode=mode,
        owner=owner,
        backup=job.backup,
        sync_dir=sync_dir,
        replace=job.in_place or job.overwrite,
        replace_backup=job.overwrite,
    )
    with _open_input(job.src) as raw:
        if fmt is not None and fmt.streaming:  # data files: constant memory
            with output() as pending:
                n_in, n_out = _stream_document(
                    raw, pending.write, job.label, fmt, tr, settings, hook
                )
                checkpoint()
                return "converted", n_in, n_out
        if fmt is not None:
            n_in, data = _convert_document(raw, job.label, fmt, tr, settings, hook)
            with output() as pending:
                pending.write(data)
                checkpoint()
                return "converted", n_in, len(data)
        source = _plain_reader(raw, job.label, settings, reject_binary=True, hook=hook)
        out_enc = output_encoding(source.encoding, settings.output_encoding)
        with output() as pending:
            n_out, digest = _stream_plain(source, pending.write, tr, out_enc, job.label, None)
            checkpoint()  # last chance to stop before the rename
            if job.in_place and digest == source.digest.digest():
                pending.discard()  # nothing changed: keep the file, its times and no backup
                return "unchanged", source.bytes_read, n_out
        return "converted", source.bytes_read, n_out


def write_output(dst: str, data: bytes, *, overwrite: bool) -> None:
    """Write ``data`` to the output file ``dst`` as a conversion would (for export-icu).

    Atomic for a regular file (never replacing one without ``overwrite``, even one that
    appears meanwhile), written through for a device or a named pipe, through a
    symbolic link to its target. Raises FileError or OSError naming ``dst``.
    """
    if _stream_output(dst):
        fd = os.open(dst, os.O_WRONLY | getattr(os, "O_BINARY", 0))
        try:
            _write_all(fd, data, dst)
        finally:
            os.close(fd)
        return
    real = os.path.realpath(dst) if os.path.islink(dst) else dst
    mode, owner = _output_metadata(real)
    with atomic_write(real, mode=mode, owner=owner, replace=overwrite) as pending:
        pending.write(data)


def convert_job(
    job: Job,
    tr: translit.Transliterator,
    settings: Settings,
    hook: Hook | None = None,
    sync_dir: bool = True,
) -> Result:
    """Convert one input; every problem with this file becomes a failed/skipped Result.

    ``hook(n)`` is called after each chunk of ``n`` bytes read (progress; a worker raises
    :class:`Cancelled` from it to stop). KeyboardInterrupt propagates, after cleanup.
    """
    try:
        status, n_in, n_out = _convert(job, tr, settings, hook, sync_dir)
    except Cancelled:
        return Result(job, "cancelled")
    except BinaryFileError as exc:
        return Result(job, "skipped", message=f"{exc}; skipped")
    except EncodeError as exc:
        hint = "; write another encoding with --output-encoding (e.g. utf-8)"
        return Result(job, "failed", message=f"{exc}{hint}")
    except FileError as exc:
        return Result(job, "failed", message=str(exc))
    except BrokenPipeError:
        raise  # standard output went away: the whole run stops, not just this file
    except OSError as exc:
        where = exc.filename if exc.filename is not None else job.label
        reason = exc.strerror or str(exc)
        if where == job.label or where == job.src:
            return Result(job, "failed", message=f"{job.label}: {reason}")
        return Result(job, "failed", message=f"{job.label}: {where}: {reason}")
    except translit.TranslitError as exc:  # FormatError, MissingExtraError, ...
        return Result(job, "failed", message=f"{job.label}: {exc}")
    except ImportError as exc:  # the formats layer itself is broken: never convert as text
        return Result(job, "failed", message=f"{job.label}: cannot load its format: {exc}")
    except (ValueError, RecursionError, MemoryError) as exc:
        return Result(job, "failed", message=f"{job.label}: {type(exc).__name__}: {exc}")
    except WorkerStopped:
        raise
    except Exception as exc:  # a bug (in a format, say) must not stop the rest of a batch
        what = f"{type(exc).__name__}: {exc}"
        return Result(job, "failed", message=f"{job.label}: internal error ({what}); please report")
    return Result(job, status, n_in, n_out)


# --------------------------------------------------------------------------- running

_WORKER: tuple[translit.Transliterator, Settings, Event] | None = None


class WorkerStopped(Exception):
    """A worker process got SIGTERM: its file is abandoned (temporary file removed)."""


_BUSY = False  # a worker is converting a file (and may have a temporary file open)


_PARENT = 0  # the pid that started this worker (0: not a worker)


def _stop_worker(signum: int, frame: object) -> None:
    if _PARENT and os.getppid() != _PARENT:
        # The parent is gone (kill -9): nobody will take a result or unwind a queue lock.
        # Remove our temporary file and leave at once.
        remove_live_temps()
        os._exit(128 + signum)
    if _BUSY:
        raise WorkerStopped("the worker process was stopped (SIGTERM)")
    # Idle, waiting for work: nothing to clean up. Exit by an exception, not by the signal:
    # unwinding releases the lock of the work queue, which the other workers need.
    raise SystemExit(128 + signum)


def _init_worker(settings: Settings, cancel: Event, parent: int | None) -> None:
    # Ctrl-C reaches every process of the terminal's group; the parent alone decides what
    # happens (it sets `cancel`, and workers stop at their next chunk and clean up).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGTERM to the group (a service manager stopping us): an exception, so that the
    # temporary file is removed; the parent reports the file as failed.
    signal.signal(signal.SIGTERM, _stop_worker)
    # Forked, our parent is the batch (`parent`); from a forkserver, it is the server,
    # which itself ends with the batch.
    _exit_with_parent(os.getppid() if parent is None else parent)
    global _WORKER
    _WORKER = (settings.transliterator(), settings, cancel)


def _exit_with_parent(parent: int) -> None:
    """Make this worker exit (SIGTERM, cleaning up) when ``parent`` dies, even by kill -9.

    Linux tells a child of its parent's death by a signal it asks for once
    (``prctl(PR_SET_PDEATHSIG)``); elsewhere a thread watches the parent's pid every
    second. Either way :func:`_stop_worker` sees the new parent and leaves at once.
    """
    global _PARENT
    _PARENT = parent
    if sys.platform == "linux" and _parent_death_signal(signal.SIGTERM):
        if os.getppid() != parent:  # died before the request was in place
            os.kill(os.getpid(), signal.SIGTERM)
        return
    import threading

    def watch() -> None:
        import time

        while os.getppid() == parent:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="translit-parent-watch", daemon=True).start()


def _parent_death_signal(signum: int) -> bool:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        return bool(libc.prctl(pr_set_pdeathsig, int(signum), 0, 0, 0) == 0)
    except (OSError, AttributeError, ImportError):
        return False


def _run_in_worker(job: Job) -> Result:
    assert _WORKER is not None, "worker not initialised"
    tr, settings, cancel = _WORKER
    if cancel.is_set():
        return Result(job, "cancelled")

    def hook(_: int) -> None:
        if cancel.is_set():
            raise Cancelled

    global _BUSY
    _BUSY = True
    try:
        return convert_job(job, tr, settings, hook, sync_dir=False)  # run_jobs syncs
    finally:
        _BUSY = False


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def run_jobs(
    jobs: Sequence[Job],
    settings: Settings,
    *,
    workers: int,
    tr: translit.Transliterator,
    on_result: Callable[[Result], None],
    on_progress: Hook | None = None,
    on_started: Callable[[], None] | None = None,
) -> None:
    """Convert ``jobs`` with up to ``workers`` processes, reporting each Result.

    One worker (or one job) runs here, in this process. KeyboardInterrupt propagates once
    no temporary file of this run is left; results finished before it are reported.
    Each output folder is fsynced once, after its files are renamed into place.
    """
    written: list[str] = []

    def report(result: Result) -> None:
        if result.status == "converted" and result.job.dst not in (None, "-"):
            written.append(result.job.dst)
        on_result(result)

    try:
        _run(jobs, settings, workers, tr, report, on_progress, on_started)
    finally:
        sync_dirs(written)


def _run(
    jobs: Sequence[Job],
    settings: Settings,
    workers: int,
    tr: translit.Transliterator,
    on_result: Callable[[Result], None],
    on_progress: Hook | None,
    on_started: Callable[[], None] | None,
) -> None:
    if workers <= 1 or len(jobs) <= 1:
        if workers > 1 and len(jobs) == 1:
            settings = _inside_one_file(settings, jobs[0], workers)
        if on_started is not None:
            on_started()
        for job in jobs:
            on_result(convert_job(job, tr, settings, on_progress, sync_dir=False))
        return

    # Imported here: a pipe or a single file never needs them (start-up time).
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context()
    cancel = context.Event()
    forked = context.get_start_method() == "fork"
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)),
        mp_context=context,
        initializer=_init_worker,
        initargs=(settings, cancel, os.getpid() if forked else None),
    )
    futures: dict[Future[Result], Job] = {}
    reported: set[Future[Result]] = set()
    try:
        futures = {pool.submit(_run_in_worker, job): job for job in jobs}
        if on_started is not None:  # after the workers exist (no fork while a bar thread runs)
            on_started()
        for future in as_completed(futures):
            reported.add(future)
            on_result(_outcome(future, futures[future]))
            if on_progress is not None:
                on_progress(futures[future].size)
    except BaseException:
        cancel.set()
        with _sigint_ignored():
            pool.shutdown(wait=True, cancel_futures=True)
            for future, job in futures.items():
                if future not in reported and future.done() and not future.cancelled():
                    result = _outcome(future, job)
                    # Failures now are mostly the stop itself (a worker ended): not news.
                    if result.status not in ("cancelled", "failed"):
                        on_result(result)
        raise
    finally:
        pool.shutdown(wait=True)


def _inside_one_file(settings: Settings, job: Job, workers: int) -> Settings:
    """One binary data file (Parquet) and several workers: the format may use them on
    the parts of that file (row groups). Plain text never loads the formats for this."""
    try:
        fmt = resolve_format(None if job.src == "-" else job.src, settings.format)
    except (ImportError, ValueError):
        return settings  # the conversion itself reports it
    if fmt is None or not (fmt.streaming and fmt.binary):
        return settings
    options = dataclasses.replace(options_or_default(settings.format_options), jobs=workers)
    return dataclasses.replace(settings, format_options=options)


def _outcome(future: Future[Result], job: Job) -> Result:
    try:
        return future.result()
    except Exception as exc:  # a worker died (BrokenProcessPool) or a result did not pickle
        return Result(job, "failed", message=f"{job.label}: {type(exc).__name__}: {exc}")


@contextlib.contextmanager
def _sigint_ignored() -> Iterator[None]:
    """A second Ctrl-C must not interrupt the cleanup of the first."""
    try:
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: nothing to protect
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


# --------------------------------------------------------------------------- detect


class _Enough(Exception):
    """Raised by a collector that has the text detection looks at: stop reading."""


class _TextCollector:
    """Stands in for a Transliterator and keeps, unchanged, the text a format gives it.

    Why: the script of a web page or a Word file is the script of the text a reader sees,
    not of its tags and attributes (which are Latin letters); each format already knows
    where that text is, because that is exactly what it would convert.
    """

    source, target = "cyrillic", "latin"  # read by formats that rewrite language tags

    def __init__(self, stop: bool = False) -> None:
        self.pieces: list[str] = []
        self.size = 0
        self.stop = stop  # raise _Enough once the sample is full (streaming formats)

    def __call__(self, text: str) -> str:
        if self.stop and self.size >= DETECT_LIMIT:
            raise _Enough
        if self.size < DETECT_LIMIT:
            self.pieces.append(text)
            self.size += len(text)
        return text

    def stream(self, chunks: Iterator[str]) -> Iterator[str]:
        for chunk in chunks:
            yield self(chunk)


def detect_file(path: str, encoding: str | None = None) -> translit.Detection:
    """Detect the script of a file ("-": standard input) from its first 4 Mi characters.

    Documents (HTML, Word, ...) are judged by the text their format would convert.
    """
    fmt = None if path == "-" else resolve_format(path, None)
    if fmt is not None and fmt.streaming:
        # A data file (CSV, JSON Lines, Parquet) may be gigabytes: read only until the
        # sample is full, in the format's own bounded memory.
        collector = _TextCollector(stop=True)
        as_tr = cast(translit.Transliterator, collector)
        options = options_or_default(None)
        with _open_input(path) as raw, contextlib.suppress(_Enough):
            if fmt.binary:
                fmt.stream_bytes(raw, cast(BinaryIO, io.BytesIO()), as_tr, options)
            else:
                reader = DecodingReader(raw, path, encoding, reject_binary=True)
                for _ in fmt.stream_text(reader.chunks(), as_tr, options):
                    if collector.size >= DETECT_LIMIT:
                        break
        return translit.detect("".join(collector.pieces)[:DETECT_LIMIT])
    if fmt is not None:
        with _open_input(path) as raw:
            data = raw.read()
        collector = _TextCollector()
        as_tr = cast(translit.Transliterator, collector)
        if fmt.binary:
            fmt.convert_bytes(data, as_tr, options_or_default(None))
        else:
            text, _ = decode_bytes(data, path, encoding, reject_binary=True)
            fmt.convert_text(text, as_tr, options_or_default(None))
        return translit.detect("".join(collector.pieces)[:DETECT_LIMIT])
    with _open_input(path) as raw:
        source = DecodingReader(raw, path, encoding, reject_binary=True)
        pieces: list[str] = []
        size = 0
        for chunk in source.chunks():
            pieces.append(chunk)
            size += len(chunk)
            if size >= DETECT_LIMIT:
                break
    return translit.detect("".join(pieces)[:DETECT_LIMIT])


# --------------------------------------------------------------------------- library API


def convert_file(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str] | None = None,
    *,
    source: str,
    target: str,
    format: str | None = None,
    encoding: str | None = None,
    options: Any = None,
    **transliterator_options: Any,
) -> str | None:
    """Convert the file ``src`` from ``source`` to ``target`` script.

    With ``dst`` None the converted text is returned (text formats only). Otherwise it is
    written to ``dst`` atomically (temporary file, fsync, rename; ``dst`` may be ``src``)
    in the input's encoding, byte order mark and line endings, and None is returned.
    ``format`` forces a document format (default: by extension), ``options`` is a
    ``translit.formats.FormatOptions``; other keywords go to ``Transliterator``.

    Raises ``DecodeError`` (a ValueError, with the byte offset) for input that is not valid
    in ``encoding`` (default UTF-8; a BOM is honoured), ``BinaryFileError`` for input with
    NUL bytes, ``EncodeError`` when the output encoding cannot hold the result, OSError for
    I/O problems, and ValueError for unknown scripts, options or formats.

    >>> import os, shutil, tempfile, translit
    >>> folder = tempfile.mkdtemp()
    >>> src = os.path.join(folder, "maqola.txt")
    >>> with open(src, "wb") as f:
    ...     _ = f.write("Шаҳар ва қишлоқ\\r\\n".encode())
    >>> translit.convert_file(src, source="cyrillic", target="latin")
    'Shahar va qishloq\\r\\n'
    >>> translit.convert_file(src, src + ".lat", source="cyrillic", target="latin")
    >>> with open(src + ".lat", "rb") as f:
    ...     f.read().decode()
    'Shahar va qishloq\\r\\n'
    >>> shutil.rmtree(folder)
    """
    tr = translit.Transliterator(source, target, **transliterator_options)
    src_path = os.fspath(src)
    if encoding is not None:
        codec_name(encoding)
    settings = Settings(
        source,
        target,
        dict(transliterator_options),
        encoding=encoding,
        format=format,
        format_options=options,
    )
    fmt = resolve_format(src_path, format)
    if dst is None:
        if fmt is not None and fmt.binary:
            raise ValueError(f"{fmt.name} documents are binary: give dst to write the result")
        with open(src_path, "rb") as raw:
            data = raw.read()
        text, _ = decode_bytes(data, src_path, encoding, reject_binary=True)
        if fmt is None:
            return tr(text)
        return fmt.convert_text(text, tr, options_or_default(options))
    dst_path = os.fspath(dst)
    job = Job(src_path, dst_path, src_path, overwrite=True)  # the caller named dst
    os.makedirs(os.path.dirname(os.path.abspath(dst_path)), exist_ok=True)
    _convert(job, tr, settings, None)
    return None
