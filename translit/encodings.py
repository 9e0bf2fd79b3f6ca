"""Text encodings of files: finding them, decoding with byte offsets, encoding back.

Why this module exists: a converted file must come out in the encoding, byte order mark
and line endings it went in with, and a file that is not valid in its encoding must be
refused with the byte offset of the fault, before anything is written. Those rules are
about bytes and codecs, not about scripts or folders, so they live here, apart from the
conversion (``translit.batch``) and the writing of files (``translit.atomic``):

* Input is decoded incrementally in the requested encoding. A UTF-8, UTF-16 or UTF-32 byte
  order mark is recognised and written back; files are read and written as bytes, so line
  endings (LF, CRLF, CR) come out exactly as they went in.
* NUL bytes outside UTF-16/32 mean a binary file, which is not text and is not converted.
* Every error names the file; the errors are ``FileError``s, so a batch reports one and
  goes on with the other files.
"""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from .errors import TranslitError

__all__ = [
    "CHUNK_SIZE",
    "BinaryFileError",
    "DecodeError",
    "DecodingReader",
    "EncodeError",
    "FileError",
    "Hook",
    "TextEncoding",
    "codec_name",
    "decode_bytes",
    "encoder",
    "output_encoding",
    "sniff_encoding",
]

CHUNK_SIZE = 1 << 20  # bytes read at a time: big enough to be fast, small enough to stay flat
Hook = Callable[[int], None]  # told the bytes just read: progress, and a place to cancel


class FileError(TranslitError):
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


class DecodingReader:
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
                raise _decode_error(self._path, codec, exc, offset - pending) from None
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
            raise _decode_error(self._path, codec, exc, offset - pending) from None
        if tail:
            yield tail


def _decode_error(path: str, codec: str, exc: UnicodeDecodeError, start: int) -> DecodeError:
    """``exc`` as a DecodeError; ``start`` is the file offset of ``exc.object[0]``."""
    return DecodeError(path, codec, start + exc.start, bytes(exc.object[exc.start : exc.end]))


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
        raise _decode_error(path, encoding.codec, exc, len(encoding.bom)) from None
    if reject_binary and encoding.wide and "\0" in text:
        raise BinaryFileError(path, None)
    return text, encoding


def encoder(encoding: TextEncoding, path: str) -> Callable[[str, bool], bytes]:
    """An incremental ``encode(text, final)`` that raises EncodeError naming ``path``."""
    incremental = codecs.getincrementalencoder(encoding.codec)("strict")

    def encode(text: str, final: bool = False) -> bytes:
        try:
            return incremental.encode(text, final)
        except UnicodeEncodeError as exc:
            raise EncodeError(path, encoding.codec, exc.object[exc.start]) from None

    return encode
