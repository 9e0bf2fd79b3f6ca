"""Word documents (``.docx``, extra ``docx``): convert the text, keep runs and formatting.

Why per paragraph and not per run: Word cuts text into runs wherever formatting, spell
checking or revision marks change, often inside a word (a bold ``Ш`` + ``аҳар``, or
``Тоқа`` + ``ев`` after an edit). Each paragraph's ``w:t`` texts are converted as one
string through ``_segments`` and the output is cut back at the same run boundaries, so
every run keeps its formatting and a split word is converted by the rules of the whole
word.

Reached through python-docx's package: the main document (body paragraphs, tables, text
boxes), headers, footers, footnotes, endnotes and comments. Field codes (``w:instrText``)
and deleted text (``w:delText``) are not converted; ``w:tab`` and breaks count as
whitespace. A ``w:lang`` of ``uz-Cyrl`` becomes ``uz-Latn`` (and back), in those parts and
in the styles (the document's default language). The archive is written back by
python-docx: unchanged parts keep their bytes, XML parts are re-serialized.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from translit.errors import MissingExtraError

from ._base import Format, FormatError, FormatOptions, rewrite_lang
from ._segments import has_letters, split_conversion

if TYPE_CHECKING:
    from translit import Transliterator

__all__ = ["DocxFormat"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_T, _P, _LANG, _VAL = f"{{{_W}}}t", f"{{{_W}}}p", f"{{{_W}}}lang", f"{{{_W}}}val"
_BREAKS = {f"{{{_W}}}tab": "\t", f"{{{_W}}}br": "\n", f"{{{_W}}}cr": "\n",
           f"{{{_W}}}noBreakHyphen": "\u2011", f"{{{_W}}}softHyphen": "\u00ad"}
_PREFIX = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_TEXT_PARTS = frozenset(
    _PREFIX + kind + "+xml"
    for kind in ("document.main", "template.main", "header", "footer", "footnotes", "endnotes",
                 "comments", "styles")  # styles: only their w:lang (the default language)
)


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


def _convert_paragraph(paragraph: Any, tr: Transliterator) -> None:
    items = list(_paragraph_items(paragraph))
    texts = [item.text or "" if item.tag == _T else _BREAKS[item.tag] for item in items]
    if not any(has_letters(t) for t in texts):
        return
    outs = split_conversion(tr, texts)
    for item, old, new in zip(items, texts, outs, strict=True):
        if item.tag != _T or new == old:
            continue
        item.text = new
        if new != new.strip():
            item.set(_XML_SPACE, "preserve")


def _convert_tree(root: Any, tr: Transliterator) -> None:
    for paragraph in root.iter(_P):
        _convert_paragraph(paragraph, tr)
    for lang in root.iter(_LANG):
        value = lang.get(_VAL)
        if value:
            new = rewrite_lang(value, tr.source, tr.target)
            if new is not None:
                lang.set(_VAL, new)


def _xml_error(exc: Any, where: str) -> FormatError:
    """A FormatError with the line and column lxml reports inside the XML part."""
    line, column = getattr(exc, "position", (None, None))
    return FormatError(f"malformed XML in {where}: {exc.msg}", line=line, column=column)


class DocxFormat(Format):
    name = "docx"
    extensions = (".docx",)
    binary = True

    def convert_bytes(self, data: bytes, tr: Transliterator, options: FormatOptions) -> bytes:
        docx: Any = MissingExtraError.require("docx", "Word documents", "python-docx", "docx")
        etree: Any = MissingExtraError.require("lxml.etree", "Word documents", "python-docx",
                                               "docx")
        try:
            document = docx.Document(io.BytesIO(data))
        except etree.XMLSyntaxError as exc:
            raise _xml_error(exc, "a part of the .docx file") from exc
        except (zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise FormatError(f"not a readable .docx file ({exc})") from exc
        except Exception as exc:  # python-docx raises its own PackageNotFoundError & co.
            if type(exc).__module__.startswith("docx"):
                raise FormatError(f"not a readable .docx file ({exc})") from exc
            raise
        for part in document.part.package.iter_parts():
            if part.content_type not in _TEXT_PARTS:
                continue
            element = getattr(part, "_element", None)
            if element is not None:
                _convert_tree(element, tr)
                continue
            # Parts python-docx does not model (footnotes in older versions) are plain blobs.
            try:
                root = etree.fromstring(part.blob)
            except etree.XMLSyntaxError as exc:
                raise _xml_error(exc, str(part.partname)) from exc
            _convert_tree(root, tr)
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                        standalone=True)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
