"""Word documents (``.docx``, extra ``docx``): convert the text, keep runs and formatting.

Why per paragraph and not per run: Word cuts text into runs wherever formatting, spell
checking or revision marks change, often inside a word (a bold ``Ш`` + ``аҳар``, or
``Тоқа`` + ``ев`` after an edit). Each paragraph's ``w:t`` texts are converted as one
string through ``_segments`` and the output is cut back at the same run boundaries, so
every run keeps its formatting and a split word is converted by the rules of the whole
word.

Converted: the main document (body paragraphs, tables, text boxes), headers, footers,
footnotes, endnotes and comments, found by their content types in ``[Content_Types].xml``.
Field codes (``w:instrText``) and deleted text (``w:delText``) are not converted;
``w:tab`` and breaks count as whitespace. A ``w:lang`` of ``uz-Cyrl`` becomes ``uz-Latn``
(and back), in those parts and in the styles (the document's default language).

Why the archive is read with ``zipfile`` and ``lxml`` directly rather than python-docx:
python-docx loads every part into memory at once and offers no public way to replace the
XML of a part it does not model, and a format must bound what a hostile file can cost. A
.docx is a zip archive of XML parts: each part is read on its own; a part that would
expand beyond ``MAX_PART_BYTES`` (or an archive beyond ``MAX_ARCHIVE_BYTES``) is refused
before it is inflated, one with more than ``MAX_PART_ELEMENTS`` tags before it is parsed
(a zip bomb: 342 KB expanding to 200 MB of ``<w:p/>``); parts we do not convert are
copied through in chunks with their bytes unchanged, and only a part whose text changed
is re-serialized. Any damage to the archive (a bad checksum, a truncated or unknown
compression, a missing main document) is a ``FormatError``.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from translit.errors import MissingExtraError

from ._base import Format, FormatError, FormatOptions, rewrite_lang
from ._segments import has_letters, split_conversion

if TYPE_CHECKING:
    from translit import Transliterator

__all__ = ["MAX_ARCHIVE_BYTES", "MAX_PART_BYTES", "MAX_PART_ELEMENTS", "DocxFormat"]

MAX_PART_BYTES = 64 << 20  # one XML part, expanded: a long book is a few MB
MAX_PART_ELEMENTS = 2_000_000  # tags in one XML part (memory: ~150 bytes each once parsed)
MAX_ARCHIVE_BYTES = 1 << 30  # everything, expanded (images are copied, not parsed)
_CHUNK = 1 << 20

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_T, _P, _LANG, _VAL = f"{{{_W}}}t", f"{{{_W}}}p", f"{{{_W}}}lang", f"{{{_W}}}val"
_BREAKS = {f"{{{_W}}}tab": "\t", f"{{{_W}}}br": "\n", f"{{{_W}}}cr": "\n",
           f"{{{_W}}}noBreakHyphen": "\u2011", f"{{{_W}}}softHyphen": "\u00ad"}
_PREFIX = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_MAIN = frozenset(
    (_PREFIX + "document.main+xml", _PREFIX + "template.main+xml",
     "application/vnd.ms-word.document.macroEnabled.main+xml",
     "application/vnd.ms-word.template.macroEnabledTemplate.main+xml")
)
_TEXT_PARTS = _MAIN | frozenset(
    _PREFIX + kind + "+xml"
    for kind in ("header", "footer", "footnotes", "endnotes", "comments",
                 "styles")  # styles: only their w:lang (the default language)
)
# Whatever goes wrong inside a damaged archive: a bad header or checksum, a deflate stream
# cut short, a compression method zipfile lacks, an encrypted member.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
               ValueError, KeyError, OverflowError, UnicodeDecodeError)


def _paragraph_items(paragraph: Any) -> Iterator[Any]:
    """``w:t`` and break elements of ``paragraph`` in order, not those of nested paragraphs
    (a text box inside a run has paragraphs of its own)."""
    for child in paragraph:
        tag = child.tag
        if tag == _P:
            continue
        if tag == _T or tag in _BREAKS:
            yield child
        elif len(child):
            yield from _paragraph_items(child)


def _convert_paragraph(paragraph: Any, tr: Transliterator) -> bool:
    items = list(_paragraph_items(paragraph))
    texts = [item.text or "" if item.tag == _T else _BREAKS[item.tag] for item in items]
    if not any(has_letters(t) for t in texts):
        return False
    outs = split_conversion(tr, texts)
    changed = False
    for item, old, new in zip(items, texts, outs, strict=True):
        if item.tag != _T or new == old:
            continue
        item.text = new
        changed = True
        if new != new.strip():
            item.set(_XML_SPACE, "preserve")
    return changed


def _convert_tree(root: Any, tr: Transliterator) -> bool:
    """Convert the paragraphs and language tags under ``root``; True if anything changed."""
    changed = False
    # Only paragraphs with text: found from their w:t, so that a million empty paragraphs
    # cost next to nothing. Nested paragraphs (text boxes) come before their outer one,
    # which does not matter: each paragraph reads only its own runs.
    paragraphs: dict[Any, None] = {}
    for text in root.iter(_T):
        paragraph = next(text.iterancestors(_P), None)
        if paragraph is not None:
            paragraphs[paragraph] = None
    for paragraph in paragraphs:
        changed = _convert_paragraph(paragraph, tr) or changed
    for lang in root.iter(_LANG):
        value = lang.get(_VAL)
        if value:
            new = rewrite_lang(value, tr.source, tr.target)
            if new is not None:
                lang.set(_VAL, new)
                changed = True
    return changed


def _xml_error(exc: Any, where: str) -> FormatError:
    """A FormatError with the line and column lxml reports inside the XML part."""
    line, column = getattr(exc, "position", (None, None))
    return FormatError(f"malformed XML in {where}: {exc.msg}", line=line, column=column)


def _megabytes(size: int) -> str:
    return f"{size / (1 << 20):.0f} MB"


class _Archive:
    """The members of a .docx and the content type of each, sizes checked up front."""

    def __init__(self, data: bytes, etree: Any) -> None:
        self.etree = etree
        self.parser = etree.XMLParser(resolve_entities=False, no_network=True,
                                      load_dtd=False, remove_blank_text=False)
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.members = self.zip.infolist()
        total = 0
        for info in self.members:
            total += info.file_size
            if total > MAX_ARCHIVE_BYTES:
                raise FormatError(
                    f"the archive expands to more than {_megabytes(MAX_ARCHIVE_BYTES)}, "
                    "more than a .docx may (a zip bomb?)")
        by_name = {info.filename: info for info in self.members}
        types = by_name.get("[Content_Types].xml")
        if types is None:
            raise FormatError("not a readable .docx file (no [Content_Types].xml)")
        root = self.parse(types)
        self.defaults: dict[str, str] = {}
        self.overrides: dict[str, str] = {}
        for item in root:
            if item.tag == f"{{{_CT}}}Default":
                self.defaults[(item.get("Extension") or "").lower()] = item.get(
                    "ContentType") or ""
            elif item.tag == f"{{{_CT}}}Override":
                self.overrides[(item.get("PartName") or "").lower()] = item.get(
                    "ContentType") or ""
        if not any(self.content_type(info.filename) in _MAIN for info in self.members):
            raise FormatError("not a readable .docx file (no main document part)")

    def content_type(self, name: str) -> str:
        found = self.overrides.get("/" + name.lower())
        if found is not None:
            return found
        return self.defaults.get(posixpath.splitext(name)[1].lstrip(".").lower(), "")

    def read(self, info: zipfile.ZipInfo) -> bytes:
        if info.file_size > MAX_PART_BYTES:
            raise FormatError(
                f"the part {info.filename} expands to {_megabytes(info.file_size)}, more "
                f"than the {_megabytes(MAX_PART_BYTES)} a part may have (a zip bomb?)")
        # zipfile never yields more than the size the archive declares (more is a
        # checksum error), so the check above bounds the memory.
        return self.zip.read(info)

    def parse(self, info: zipfile.ZipInfo) -> Any:
        data = self.read(info)
        # A parsed element costs far more than its bytes (<w:p/> is 6 bytes, ~150 parsed):
        # count the tags first, at the speed of bytes.count.
        tags = data.count(b"<")
        if tags > MAX_PART_ELEMENTS:
            raise FormatError(
                f"the part {info.filename} has {tags} tags, more than the "
                f"{MAX_PART_ELEMENTS} a part may have (a zip bomb?)")
        try:
            return self.etree.fromstring(data, self.parser)
        except self.etree.XMLSyntaxError as exc:
            raise _xml_error(exc, info.filename) from exc

    def copy(self, info: zipfile.ZipInfo, target: zipfile.ZipFile) -> None:
        """Copy a member unchanged, a chunk at a time."""
        with self.zip.open(info) as source, target.open(_same_info(info), "w") as out:
            while chunk := source.read(_CHUNK):
                out.write(chunk)


def _same_info(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A fresh entry with the name, date, compression and attributes of ``info``."""
    new = zipfile.ZipInfo(info.filename, info.date_time)
    new.compress_type = info.compress_type
    new.external_attr = info.external_attr
    new.create_system = info.create_system
    new.comment = info.comment
    new.file_size = info.file_size  # lets zipfile choose ZIP64 only when needed
    return new


class DocxFormat(Format):
    name = "docx"
    extensions = (".docx",)
    binary = True
    extra = ("lxml", "lxml", "docx")

    def convert_bytes(self, data: bytes, tr: Transliterator, options: FormatOptions) -> bytes:
        etree: Any = MissingExtraError.require("lxml.etree", "Word documents", "lxml", "docx")
        try:
            return self._convert(data, tr, etree)
        except _ZIP_ERRORS as exc:
            raise FormatError(f"not a readable .docx file ({type(exc).__name__}: {exc})"
                              ) from exc

    @staticmethod
    def _convert(data: bytes, tr: Transliterator, etree: Any) -> bytes:
        archive = _Archive(data, etree)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            target.comment = archive.zip.comment
            for info in archive.members:
                if archive.content_type(info.filename) not in _TEXT_PARTS:
                    archive.copy(info, target)
                    continue
                root = archive.parse(info)
                if not _convert_tree(root, tr):
                    archive.copy(info, target)
                    continue
                xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                     standalone=True)
                entry = _same_info(info)
                entry.file_size = len(xml)
                target.writestr(entry, xml)
        return out.getvalue()
