"""Reading, converting and writing files for the ``translit`` command and :func:`convert_file`.

Why this module exists: the engine works on strings, but everything that can lose a user's
only copy of a document happens around it, when bytes are read, decoded, re-encoded and
written back. Keeping all of that here, apart from argument parsing, puts the rules that
make the command trustworthy in one place:

* Input is decoded incrementally in the requested encoding. A UTF-8, UTF-16 or UTF-32 byte
  order mark is recognised and written back; files are read and written as bytes, so line
  endings (LF, CRLF, CR) come out exactly as they went in.
* Every output goes to a temporary file next to its destination (``.NAME.XXXXXXXX.translit-tmp``),
  is flushed and fsynced, gets its permissions, and only then is renamed over the final
  name. A crash or ``kill -9`` can leave such a temporary file behind, never a partial
  file under the final name.
* Plain text is streamed in chunks through ``Transliterator.stream``: memory stays flat
  however large the file. Document formats (HTML, DOCX, ...) come from ``translit.formats``,
  imported lazily, and are converted whole.
* Folders are walked in a fixed order; hidden and version-control folders are skipped, and
  symbolic links are never followed out of the folder being converted.
* Files are independent, so converting them in N worker processes gives the same bytes as
  converting them one by one.
"""

from __future__ import annotations

import codecs
import contextlib
import fnmatch
import functools
import hashlib
import importlib
import os
import secrets
import shutil
import signal
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, Protocol, cast

import translit

if TYPE_CHECKING:
    from concurrent.futures import Future
    from multiprocessing.synchronize import Event

__all__ = [
    "CHUNK_SIZE",
    "TEMP_SUFFIX",
    "VCS_DIRS",
    "BinaryFileError",
    "Cancelled",
    "DecodeError",
    "EncodeError",
    "FileError",
    "Job",
    "Plan",
    "Result",
    "Settings",
    "TextEncoding",
    "UsageError",
    "atomic_write",
    "convert_file",
    "convert_job",
    "default_globs",
    "detect_file",
    "line_flushed",
    "make_selector",
    "plan_jobs",
    "run_jobs",
]

CHUNK_SIZE = 1 << 20  # bytes read at a time: big enough to be fast, small enough to stay flat
TEMP_SUFFIX = ".translit-tmp"  # every temporary file ends so; see atomic_write
VCS_DIRS = frozenset({".git", ".hg", ".svn", ".bzr", "_darcs", "CVS", ".jj", ".pijul"})
PLAIN_TEXT_GLOBS = ("*.txt", "*.text")
PLAIN_TEXT_EXTENSIONS = frozenset({".txt", ".text"})  # known without importing the formats
DETECT_LIMIT = 1 << 22  # characters `detect` looks at: enough for any verdict, flat memory

Status = Literal["converted", "unchanged", "skipped", "failed", "cancelled"]
Hook = Callable[[int], None]


# --------------------------------------------------------------------------- errors


class UsageError(ValueError):
    """The command line asks for something impossible or unsafe; nothing has been touched."""


class FileError(translit.TranslitError):
    """One input cannot be converted; a batch reports it and goes on with the others."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


class DecodeError(FileError, ValueError):
    """The input is not valid in its encoding; ``offset`` is the byte offset in the file."""

    def __init__(self, path: str, encoding: str, offset: int, bad: bytes) -> None:
        shown = f" (0x{bad[:8].hex()})" if bad else ""
        super().__init__(path, f"not valid {encoding} at byte {offset}{shown}")
        self.encoding, self.offset, self.bad = encoding, offset, bad


class EncodeError(FileError, ValueError):
    """The converted text has a character that the output encoding cannot store."""

    def __init__(self, path: str, encoding: str, char: str) -> None:
        super().__init__(
            path, f"the output has {char!r} (U+{ord(char):04X}), which {encoding} cannot store"
        )
        self.encoding, self.char = encoding, char


class BinaryFileError(FileError):
    """The input has NUL bytes, so it is not text; batches skip such files."""

    def __init__(self, path: str, offset: int | None) -> None:
        where = f" at byte {offset}" if offset is not None else ""
        super().__init__(path, f"binary file (NUL byte{where}), not text")
        self.offset = offset


class Cancelled(Exception):
    """Raised inside a worker when the user interrupted the batch."""


# --------------------------------------------------------------------------- encodings

# UTF-32 LE first: its mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Encodings whose files may announce themselves with a BOM; the value is used without one.
_SNIFFED = {"utf-8": "utf-8", "utf-8-sig": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}


@dataclass(frozen=True)
class TextEncoding:
    """How a file's bytes map to text: a codec without BOM handling, plus the BOM found."""

    codec: str
    bom: bytes = b""

    @property
    def wide(self) -> bool:
        """NUL bytes are normal in UTF-16/32, so they do not mean "binary" there."""
        return self.codec.startswith(("utf-16", "utf-32"))


def codec_name(name: str) -> str:
    """Python's canonical name of a text encoding; ValueError for anything else."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise ValueError(f"unknown encoding: {name}") from None
    try:
        "a".encode(info.name)
    except LookupError:  # rot13, base64 ...: codecs, but not text encodings
        raise ValueError(f"not a text encoding: {name}") from None
    return info.name


def sniff_encoding(head: bytes, requested: str | None) -> TextEncoding:
    """The encoding of a file that starts with ``head`` (at least 4 bytes unless shorter)."""
    name = codec_name(requested) if requested else "utf-8"
    if name in _SNIFFED:
        for bom, codec in _BOMS:
            if head.startswith(bom):
                return TextEncoding(codec, bom)
        return TextEncoding(_SNIFFED[name])
    return TextEncoding(name)


def output_encoding(found: TextEncoding, requested: str | None) -> TextEncoding:
    """Output uses the input's encoding and BOM unless another encoding is asked for."""
    if requested is None:
        return found
    name = codec_name(requested)
    with_bom = {
        "utf-8-sig": TextEncoding("utf-8", codecs.BOM_UTF8),
        "utf-16": TextEncoding("utf-16-le", codecs.BOM_UTF16_LE),
        "utf-32": TextEncoding("utf-32-le", codecs.BOM_UTF32_LE),
    }
    return with_bom.get(name, TextEncoding(name))


class _Source:
    """One input's bytes, decoded chunk by chunk; tracks byte offsets for error messages."""

    def __init__(
        self,
        raw: BinaryIO,
        path: str,
        requested: str | None,
        *,
        reject_binary: bool,
        chunk_size: int = CHUNK_SIZE,
        hook: Hook | None = None,
    ) -> None:
        # read1 returns whatever a pipe has now, so output can follow input as it arrives.
        self._read: Callable[[int], bytes] = getattr(raw, "read1", raw.read)
        self._path, self._reject_binary, self._chunk_size, self._hook = (
            path,
            reject_binary,
            chunk_size,
            hook,
        )
        self.bytes_read = 0
        self.digest = hashlib.sha256()
        head = b""
        # Read only while a byte order mark could still be starting: a short line typed
        # into a pipe must not wait for more input.
        while any(len(bom) > len(head) and bom.startswith(head) for bom, _ in _BOMS):
            more = self._next()
            if not more:
                break
            head += more
        self.encoding = sniff_encoding(head, requested)
        self._head = head[len(self.encoding.bom) :]

    def _next(self) -> bytes:
        data = self._read(self._chunk_size)
        if data:
            self.bytes_read += len(data)
            self.digest.update(data)
        if self._hook is not None:
            self._hook(len(data))
        return data

    def chunks(self) -> Iterator[str]:
        """The decoded text, in pieces; raises DecodeError/BinaryFileError on bad input."""
        codec = self.encoding.codec
        decoder = codecs.getincrementaldecoder(codec)("strict")
        offset = len(self.encoding.bom)  # file offset of `data`
        data = self._head
        self._head = b""
        while data:
            if self._reject_binary and not self.encoding.wide and b"\0" in data:
                raise BinaryFileError(self._path, offset + data.index(b"\0"))
            pending = len(decoder.getstate()[0])  # bytes the decoder holds from the last chunk
            try:
                text = decoder.decode(data)
            except UnicodeDecodeError as exc:
                bad = exc.object[exc.start : exc.end]
                raise DecodeError(self._path, codec, offset - pending + exc.start, bad) from None
            if self._reject_binary and self.encoding.wide and "\0" in text:
                raise BinaryFileError(self._path, None)
            offset += len(data)
            if text:
                yield text
            data = self._next()
        pending = len(decoder.getstate()[0])
        try:
            tail = decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:  # the file ends inside a character
            bad = exc.object[exc.start : exc.end]
            raise DecodeError(self._path, codec, offset - pending + exc.start, bad) from None
        if tail:
            yield tail


def decode_bytes(
    data: bytes, path: str, requested: str | None, *, reject_binary: bool
) -> tuple[str, TextEncoding]:
    """Decode a whole document (formats need it whole); same rules as streaming."""
    encoding = sniff_encoding(data[:4], requested)
    body = data[len(encoding.bom) :] if encoding.bom else data
    if reject_binary and not encoding.wide and b"\0" in body:
        raise BinaryFileError(path, len(encoding.bom) + body.index(b"\0"))
    try:
        text = body.decode(encoding.codec)
    except UnicodeDecodeError as exc:
        bad = bytes(exc.object[exc.start : exc.end])
        raise DecodeError(path, encoding.codec, len(encoding.bom) + exc.start, bad) from None
    if reject_binary and encoding.wide and "\0" in text:
        raise BinaryFileError(path, None)
    return text, encoding


def _encoder(encoding: TextEncoding, path: str) -> Callable[[str, bool], bytes]:
    encoder = codecs.getincrementalencoder(encoding.codec)("strict")

    def encode(text: str, final: bool = False) -> bytes:
        try:
            return encoder.encode(text, final)
        except UnicodeEncodeError as exc:
            raise EncodeError(path, encoding.codec, exc.object[exc.start]) from None

    return encode


# --------------------------------------------------------------------------- formats


class _Format(Protocol):
    """What the batch layer uses of a ``translit.formats.Format`` (see the formats contract)."""

    name: str
    binary: bool
    extensions: tuple[str, ...]

    def convert_text(self, text: str, tr: translit.Transliterator, options: Any) -> str: ...

    def convert_bytes(self, data: bytes, tr: translit.Transliterator, options: Any) -> bytes: ...


def formats_module() -> ModuleType:
    """``translit.formats``, imported on first use: a pipe of plain text never pays for it."""
    return importlib.import_module("translit.formats")


def _formats_if_loadable() -> ModuleType | None:
    """For listings only (help text, default globs): None if the formats layer is broken."""
    try:
        return formats_module()
    except ImportError:
        return None


def resolve_format(path: str | None, forced: str | None) -> _Format | None:
    """The document format of ``path``; None means plain text, which is streamed.

    Plain text (standard input, ``.txt``, ``--format text``) is decided here without
    importing the formats layer. ValueError for a forced name that does not exist;
    ImportError if the formats layer cannot be loaded.
    """
    if forced is None:
        if path is None or os.path.splitext(path)[1].lower() in PLAIN_TEXT_EXTENSIONS:
            return None
    elif forced.strip().lower().lstrip(".") in ("text", "txt"):
        return None
    fmt: _Format = formats_module().format_for(path, forced)
    return None if fmt.name == "text" else fmt


def format_names() -> tuple[str, ...]:
    """Names accepted by ``--format`` (only ``text`` if the formats layer is broken)."""
    module = _formats_if_loadable()
    return ("text",) if module is None else tuple(module.NAMES)


def make_format_options(json_keys: bool, columns: tuple[str, ...] | None) -> Any:
    """A ``formats.FormatOptions`` when a format option was given, else None (the default)."""
    if not json_keys and columns is None:
        return None
    return formats_module().FormatOptions(json_keys=json_keys, columns=columns)


def _format_options(given: Any) -> Any:
    return given if given is not None else formats_module().FormatOptions()


@functools.lru_cache(maxsize=1)
def default_globs() -> tuple[str, ...]:
    """Files chosen in folders when no --glob is given: plain text plus every document format."""
    globs = list(PLAIN_TEXT_GLOBS)
    module = _formats_if_loadable()
    if module is not None:
        for name in module.NAMES:
            for ext in module.format_for(None, name).extensions:
                pattern = "*" + (ext if ext.startswith(".") else "." + ext).lower()
                if pattern not in globs:
                    globs.append(pattern)
    return tuple(globs)


def make_selector(patterns: Sequence[str] | None) -> Callable[[str, str], bool]:
    """A test ``(name, relative_path) -> bool`` choosing files in folders.

    User patterns are case-sensitive shell patterns matched against the file name, or,
    when they contain "/", against the path relative to the folder given. The default
    patterns ignore case, so REPORT.TXT is chosen too.
    """
    if patterns:
        chosen = tuple(patterns)

        def user(name: str, rel: str) -> bool:
            rel_posix = rel.replace(os.sep, "/")
            return any(fnmatch.fnmatchcase(rel_posix if "/" in p else name, p) for p in chosen)

        return user

    def default(name: str, rel: str) -> bool:
        lower = name.lower()  # default_globs() is cached; called only when a folder is walked
        return any(fnmatch.fnmatchcase(lower, p) for p in default_globs())

    return default


# --------------------------------------------------------------------------- atomic writes

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
) -> Iterator[PendingFile]:
    """Write ``dst`` all at once or not at all.

    The data goes to ``.NAME.XXXXXXXX.translit-tmp`` in the same folder (so the rename
    cannot cross filesystems), is flushed and fsynced, gets ``mode`` (default: what a new
    file gets) and, when possible, ``owner``, and is renamed over ``dst``. With ``backup``
    the old ``dst`` is first kept under that name. Any exception, including Ctrl-C, removes
    the temporary file and leaves ``dst`` as it was.
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
        _fsync_dir(directory)
    finally:
        if tmp in _LIVE_TEMPS:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            _LIVE_TEMPS.discard(tmp)


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
class Job:
    """Convert ``src`` ("-": standard input) to ``dst`` (None: standard output)."""

    src: str
    dst: str | None
    label: str
    in_place: bool = False
    backup: str | None = None
    size: int = 0


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
    source: _Source,
    write: Callable[[bytes], None],
    tr: translit.Transliterator,
    out_enc: TextEncoding,
    path: str,
    flush: Callable[[], None] | None,
) -> tuple[int, bytes]:
    """Stream converted text to ``write``; returns bytes written and their SHA-256."""
    encode = _encoder(out_enc, path)
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
    for piece in line_flushed(tr, source.chunks()):
        emit(encode(piece, False))
    emit(encode("", True))
    return written, digest.digest()


def _convert_document(
    raw: BinaryIO,
    path: str,
    fmt: _Format,
    tr: translit.Transliterator,
    settings: Settings,
    hook: Hook | None,
) -> tuple[int, bytes]:
    """Convert a whole document with its format; returns (bytes read, converted bytes)."""
    data = raw.read()
    if hook is not None:
        hook(len(data))
    if fmt.binary:
        return len(data), fmt.convert_bytes(data, tr, _format_options(settings.format_options))
    text, found = decode_bytes(data, path, settings.encoding, reject_binary=True)
    converted = fmt.convert_text(text, tr, _format_options(settings.format_options))
    out_enc = output_encoding(found, settings.output_encoding)
    return len(data), out_enc.bom + _encoder(out_enc, path)(converted, True)


def _validate_plain(src: str, settings: Settings) -> None:
    """Decode a whole file without converting it, so that a bad file writes nothing."""
    with open(src, "rb") as raw:
        source = _Source(
            raw, src, settings.encoding, reject_binary=True, chunk_size=settings.chunk_size
        )
        for _ in source.chunks():
            pass


def _convert(
    job: Job, tr: translit.Transliterator, settings: Settings, hook: Hook | None
) -> tuple[Status, int, int]:
    fmt = resolve_format(None if job.src == "-" else job.src, settings.format)

    def checkpoint() -> None:
        if hook is not None:
            hook(0)

    if job.dst is None:  # to standard output: nothing may be written for a bad file
        out = sys.stdout.buffer

        def write(data: bytes) -> None:
            out.write(data)

        with _open_input(job.src) as raw:
            if fmt is not None:
                n_in, data = _convert_document(raw, job.label, fmt, tr, settings, hook)
                out.write(data)
                out.flush()
                return "converted", n_in, len(data)
            if job.src != "-" and _is_regular(job.src):
                _validate_plain(job.src, settings)
            source = _Source(
                raw,
                job.label,
                settings.encoding,
                reject_binary=job.src != "-",
                chunk_size=settings.chunk_size,
                hook=hook,
            )
            out_enc = output_encoding(source.encoding, settings.output_encoding)
            n_out, _ = _stream_plain(source, write, tr, out_enc, job.label, out.flush)
            return "converted", source.bytes_read, n_out

    dst = job.dst
    os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
    mode, owner = _output_metadata(dst)
    with _open_input(job.src) as raw:
        if fmt is not None:
            n_in, data = _convert_document(raw, job.label, fmt, tr, settings, hook)
            with atomic_write(dst, mode=mode, owner=owner, backup=job.backup) as pending:
                pending.write(data)
                checkpoint()
                return "converted", n_in, len(data)
        source = _Source(
            raw,
            job.label,
            settings.encoding,
            reject_binary=True,
            chunk_size=settings.chunk_size,
            hook=hook,
        )
        out_enc = output_encoding(source.encoding, settings.output_encoding)
        with atomic_write(dst, mode=mode, owner=owner, backup=job.backup) as pending:
            n_out, digest = _stream_plain(source, pending.write, tr, out_enc, job.label, None)
            checkpoint()  # last chance to stop before the rename
            if job.in_place and digest == source.digest.digest():
                pending.discard()  # nothing changed: keep the file, its times and no backup
                return "unchanged", source.bytes_read, n_out
        return "converted", source.bytes_read, n_out


def convert_job(
    job: Job, tr: translit.Transliterator, settings: Settings, hook: Hook | None = None
) -> Result:
    """Convert one input; every problem with this file becomes a failed/skipped Result.

    ``hook(n)`` is called after each chunk of ``n`` bytes read (progress; a worker raises
    :class:`Cancelled` from it to stop). KeyboardInterrupt propagates, after cleanup.
    """
    try:
        status, n_in, n_out = _convert(job, tr, settings, hook)
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
            raise UsageError(f"{path}: no such file or folder") from None
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
                if not force:
                    existing.append(dst)
            else:
                _check_parent(dst, parents)
    if existing:
        more = f" and {len(existing) - 1} more" if len(existing) > 1 else ""
        raise UsageError(f"{existing[0]}{more} already exist(s); use --force to overwrite")
    return plan


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


# --------------------------------------------------------------------------- running

_WORKER: tuple[translit.Transliterator, Settings, Event] | None = None


class WorkerStopped(Exception):
    """A worker process got SIGTERM: its file is abandoned (temporary file removed)."""


_BUSY = False  # a worker is converting a file (and may have a temporary file open)


def _stop_worker(signum: int, frame: object) -> None:
    if _BUSY:
        raise WorkerStopped("the worker process was stopped (SIGTERM)")
    # Idle, waiting for work: nothing to clean up. Exit by an exception, not by the signal:
    # unwinding releases the lock of the work queue, which the other workers need.
    raise SystemExit(128 + signum)


def _init_worker(settings: Settings, cancel: Event) -> None:
    # Ctrl-C reaches every process of the terminal's group; the parent alone decides what
    # happens (it sets `cancel`, and workers stop at their next chunk and clean up).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGTERM to the group (a service manager stopping us): an exception, so that the
    # temporary file is removed; the parent reports the file as failed.
    signal.signal(signal.SIGTERM, _stop_worker)
    global _WORKER
    _WORKER = (settings.transliterator(), settings, cancel)


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
        return convert_job(job, tr, settings, hook)
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
    """
    if workers <= 1 or len(jobs) <= 1:
        if on_started is not None:
            on_started()
        for job in jobs:
            on_result(convert_job(job, tr, settings, on_progress))
        return

    # Imported here: a pipe or a single file never needs them (start-up time).
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    context = multiprocessing.get_context()
    cancel = context.Event()
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(jobs)),
        mp_context=context,
        initializer=_init_worker,
        initargs=(settings, cancel),
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


class _TextCollector:
    """Stands in for a Transliterator and keeps, unchanged, the text a format gives it.

    Why: the script of a web page or a Word file is the script of the text a reader sees,
    not of its tags and attributes (which are Latin letters); each format already knows
    where that text is, because that is exactly what it would convert.
    """

    source, target = "cyrillic", "latin"  # read by formats that rewrite language tags

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.size = 0

    def __call__(self, text: str) -> str:
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
    if fmt is not None:
        with _open_input(path) as raw:
            data = raw.read()
        collector = _TextCollector()
        as_tr = cast(translit.Transliterator, collector)
        if fmt.binary:
            fmt.convert_bytes(data, as_tr, _format_options(None))
        else:
            text, _ = decode_bytes(data, path, encoding, reject_binary=True)
            fmt.convert_text(text, as_tr, _format_options(None))
        return translit.detect("".join(collector.pieces)[:DETECT_LIMIT])
    with _open_input(path) as raw:
        source = _Source(raw, path, encoding, reject_binary=True)
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
        return fmt.convert_text(text, tr, _format_options(options)) if fmt is not None else tr(text)
    dst_path = os.fspath(dst)
    job = Job(src_path, dst_path, src_path)
    os.makedirs(os.path.dirname(os.path.abspath(dst_path)), exist_ok=True)
    _convert(job, tr, settings, None)
    return None
