"""The Starlette application behind ``translit serve``: the page, its files and the API.

Why it is built this way: the page is static (HTML, CSS and JavaScript shipped in the
package, no CDN) and asks three JSON/multipart endpoints for everything, so the same API
serves people and programs. Conversion is CPU work, so it runs in the thread pool and the
server stays responsive. Every request is checked before any work: options against the
library's own lists (a 422 names the valid values), the body against a size limit counted
while it is read (413), and uploads are converted through ``translit.convert_file`` in a
temporary folder that is removed before the response is sent.
"""

from __future__ import annotations

import json
import mimetypes
import os
import re
import tempfile
import unicodedata
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

import translit
from translit import batch, proofread
from translit.formats import formats

__all__ = ["FIELDS", "build_app", "download_name", "openapi"]

#: The fields of a conversion request (JSON body or multipart form).
FIELDS = ("text", "source", "target", "scheme", "apostrophe", "keep")
_DIRECTIONS = (proofread.AUTO, *translit.SCRIPTS)
_SCHEMES = tuple(s for s in translit.SCRIPTS if s.startswith("latin"))
_FILE_FIELDS = ("file", "format", *FIELDS[1:])

SECURITY_HEADERS = {
    # No inline script or style anywhere: app.js and style.css are files of their own.
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


class RequestError(Exception):
    """A request we refuse, with the status and the message the client sees."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class BodyTooLarge(RequestError):
    def __init__(self, limit: int) -> None:
        super().__init__(
            f"The request body is larger than this server's limit of {_human(limit)} "
            f"({limit} bytes): convert a smaller text or file, or start the server with "
            "a larger --max-body.",
            413,
        )


def _human(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:g} {unit}" if unit == "bytes" else f"{n:.3g} {unit}"
        n /= 1024  # type: ignore[assignment]
    raise AssertionError("unreachable")


# --------------------------------------------------------------------------- middleware


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every response (and ``no-store`` to API ones:
    the text people convert is theirs, no cache should keep it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        api = str(scope.get("path", "")).startswith("/api/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                extra = dict(SECURITY_HEADERS)
                if api:
                    extra["cache-control"] = "no-store"
                for name, value in extra.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses request bodies over ``max_body`` bytes with 413: at once when the declared
    Content-Length is too large, otherwise as soon as the bytes read pass the limit (a
    chunked upload declares no length), so a large body is never held in memory whole."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.max_body:
                await _error_response(BodyTooLarge(self.max_body))(scope, receive, send)
                return
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge(self.max_body)
            return message

        await self.app(scope, limited_receive, send)


def _error_response(exc: RequestError) -> JSONResponse:
    return JSONResponse({"error": exc.message}, status_code=exc.status)


async def _request_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestError)
    return _error_response(exc)


# --------------------------------------------------------------------------- options


@dataclass(frozen=True)
class Options:
    """A conversion request's choices, checked (see :func:`read_options`)."""

    source: str = proofread.AUTO
    target: str = proofread.AUTO
    scheme: str = "latin"
    apostrophe: str = "unicode"
    keep: tuple[str, ...] = ()

    def scripts(self, text: str | Callable[[], translit.Detection]) -> tuple[str, str]:
        try:
            return proofread.choose_scripts(text, self.source, self.target, self.scheme)
        except ValueError as exc:
            raise RequestError(str(exc)) from None

    def transliterator_options(self) -> dict[str, Any]:
        return {"apostrophe": self.apostrophe, "keep": self.keep}


def _one_of(data: Mapping[str, Any], name: str, valid: tuple[str, ...], default: str) -> str:
    value = data.get(name, default)
    if value is None:
        return default
    if not isinstance(value, str) or value not in valid:
        raise RequestError(f"{name}: {value!r} is not one of: {', '.join(valid)}")
    return value


def read_options(data: Mapping[str, Any], allowed: tuple[str, ...], *, form: bool) -> Options:
    """Check the option fields of a request; RequestError (422) names the valid values.

    ``keep`` is a list of words in JSON, a string of words separated by commas (or new
    lines) in a form."""
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise RequestError(
            f"unknown field {unknown[0]!r}; valid fields: {', '.join(allowed)}"
        )
    keep = data.get("keep") or ()
    if form and isinstance(keep, str):
        keep = [w.strip() for w in re.split(r"[,\n]", keep)]
    if not isinstance(keep, list | tuple) or not all(isinstance(w, str) for w in keep):
        raise RequestError("keep: a list of words never converted, e.g. [\"Starlink\"]")
    return Options(
        source=_one_of(data, "source", _DIRECTIONS, proofread.AUTO),
        target=_one_of(data, "target", _DIRECTIONS, proofread.AUTO),
        scheme=_one_of(data, "scheme", _SCHEMES, "latin"),
        apostrophe=_one_of(data, "apostrophe", tuple(translit.APOSTROPHE_STYLES), "unicode"),
        keep=tuple(w for w in keep if w),
    )


# --------------------------------------------------------------------------- text


# The reasons translit.explain gives for a guess, by the short name under which the page
# (static/app.js, why_<name>) says them in its three languages. A reason not listed here
# is shown as it is, in English; tests/test_web_api.py checks that each is found.
REASONS = {
    "ts may be ц in a loanword (таблица) or т + с; no dictionary entry": "ts",
    "ye after a consonant may be ъе (объект) as well as ье (премьер); no dictionary entry": "ye",
    "y after a consonant may follow ь or ъ (Марья, объём, Ильин); no dictionary entry": "y",
    "a Russian loanword or name (Russian dictionary)": "dictionary",
    "a single capital read as a Roman numeral": "numeral",
    "mixes Cyrillic and Latin letters: a typing slip?": "mixed",
}


def convert_text(text: str, options: Options) -> dict[str, Any]:
    """The answer to POST /api/convert (runs in the thread pool)."""
    source, target = options.scripts(text)
    result = proofread.unsure_words(text, source, target, **options.transliterator_options())
    return {
        "text": result.text,
        "source": source,
        "target": target,
        "unsure": [
            {
                "start": u.start,
                "end": u.end,
                "word": u.word,
                "output": u.output,
                "output_start": u.output_start,
                "output_end": u.output_end,
                "step": u.step,
                "why": u.why,
                "reason": REASONS.get(u.why, ""),
            }
            for u in result.unsure
        ],
    }


async def api_convert(request: Request) -> Response:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise RequestError("send the request as JSON (Content-Type: application/json)", 415)
    try:
        data = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError) as exc:
        raise RequestError(f"the body is not valid JSON: {exc}", 400) from None
    if not isinstance(data, dict):
        raise RequestError('the body must be a JSON object such as {"text": "Салом"}')
    options = read_options(data, FIELDS, form=False)
    text = data.get("text")
    if not isinstance(text, str):
        raise RequestError('text: the text to convert, a string (e.g. {"text": "Салом"})')
    return JSONResponse(await run_in_threadpool(convert_text, text, options))


# --------------------------------------------------------------------------- files


# Extensions with a dot inside (.jsonl.gz), longest first: the rest are os.path.splitext's.
_LONG_EXTENSIONS = sorted(
    {e.lower() for f in formats() for e in f.extensions if e.count(".") > 1},
    key=len,
    reverse=True,
)
_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]')


def split_extension(name: str) -> tuple[str, str]:
    """``name`` cut before its extension; a document format's extension of two parts
    (``.jsonl.gz``) counts as one.

    >>> split_extension("data.jsonl.gz"), split_extension("maqola.TXT"), split_extension("x")
    (('data', '.jsonl.gz'), ('maqola', '.TXT'), ('x', ''))
    """
    low = name.lower()
    for ext in _LONG_EXTENSIONS:
        if low.endswith(ext) and len(name) > len(ext):
            return name[: -len(ext)], name[-len(ext) :]
    return os.path.splitext(name)


def _clean_name(filename: str) -> str:
    """The last part of an uploaded file's name, without characters that are unsafe in
    a file name or a header; never empty or hidden."""
    name = re.split(r"[\\/]", filename)[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = _UNSAFE.sub("_", name).strip(" .")
    stem, ext = split_extension(name)
    if not stem:
        stem = "document"
    return stem[:120] + ext[:16]


def download_name(filename: str, target: str) -> str:
    """The converted file's name: the upload's, with ``-lat`` or ``-kir`` before the
    extension (replacing the other one if it is there).

    >>> download_name("maqola.docx", "latin"), download_name("hisobot-lat.txt", "cyrillic")
    ('maqola-lat.docx', 'hisobot-kir.txt')
    >>> download_name("../../etc/passwd", "latin"), download_name('a"b.srt', "latin-2026")
    ('passwd-lat', 'a_b-lat.srt')
    """
    stem, ext = split_extension(_clean_name(filename))
    suffix = "-kir" if target == "cyrillic" else "-lat"
    for old in ("-lat", "-kir"):
        if stem.lower().endswith(old) and len(stem) > len(old):
            stem = stem[: -len(old)]
    return stem + suffix + ext


def content_disposition(name: str) -> str:
    """An attachment header with an ASCII ``filename`` for old clients and the exact name
    in ``filename*`` (RFC 6266 / RFC 5987, UTF-8 percent-encoded).

    >>> print(content_disposition("тил-lat.txt"))
    attachment; filename="til-lat.txt"; filename*=UTF-8''%D1%82%D0%B8%D0%BB-lat.txt
    """
    latin = translit.to_latin(name, apostrophe="ascii") if translit.detect(name).letters else name
    ascii_name = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode()
    ascii_name = re.sub(r"[^A-Za-z0-9._ ()-]", "_", ascii_name).strip() or "document"
    return (
        f'attachment; filename="{ascii_name}"; '
        f"filename*=UTF-8''{urllib.parse.quote(name, safe='')}"
    )


@dataclass(frozen=True)
class Converted:
    data: bytes
    name: str
    source: str
    target: str


def convert_document(data: bytes, filename: str, options: Options, forced: str | None) -> Converted:
    """Convert an uploaded document through ``translit.convert_file`` in a temporary
    folder (removed before this returns); runs in the thread pool."""
    name = _clean_name(filename or "document.txt")
    ext = split_extension(name)[1].lower()
    with tempfile.TemporaryDirectory(prefix="translit-web-") as folder:
        src = os.path.join(folder, "input" + ext)  # our name: the upload's never reaches a path
        dst = os.path.join(folder, "output" + ext)
        with open(src, "wb") as upload:
            upload.write(data)

        def detected() -> translit.Detection:
            try:
                return batch.detect_file(src)
            except (ValueError, translit.TranslitError, OSError):
                return translit.detect("")  # unreadable: the conversion will say why

        source, target = options.scripts(detected)
        try:
            translit.convert_file(
                src,
                dst,
                source=source,
                target=target,
                format=forced,
                **options.transliterator_options(),
            )
        except translit.MissingExtraError as exc:
            raise RequestError(str(exc), 501) from None
        except (translit.TranslitError, ValueError) as exc:  # FormatError, DecodeError...
            raise RequestError(f"{name}: {_without(str(exc), folder, src)}") from None
        with open(dst, "rb") as converted:
            out = converted.read()
    return Converted(out, download_name(name, target), source, target)


def _without(message: str, folder: str, src: str) -> str:
    """An error message without our temporary paths (the client knows its file's name)."""
    message = message.replace(src + ": ", "").replace(src, "the file")
    return message.replace(folder, "")


async def api_convert_file(request: Request) -> Response:
    content_type = request.headers.get("content-type", "")
    if not content_type.lower().startswith("multipart/form-data"):
        raise RequestError("send the file as multipart/form-data in the field 'file'", 415)
    async with request.form(max_files=1, max_fields=len(_FILE_FIELDS)) as form:
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise RequestError("file: attach the document in the multipart field 'file'")
        fields = {k: v for k, v in form.multi_items() if k != "file"}
        if any(not isinstance(v, str) for v in fields.values()):
            raise RequestError("only one file, in the field 'file'")
        forced = fields.pop("format", None) or None
        options = read_options(fields, _FILE_FIELDS[2:], form=True)
        if forced is not None and forced not in batch.format_names():
            raise RequestError(
                f"format: {forced!r} is not one of: {', '.join(batch.format_names())}"
            )
        data = await upload.read()
        filename = upload.filename or "document.txt"
    done = await run_in_threadpool(convert_document, data, filename, options, forced)
    media_type = mimetypes.guess_type(done.name)[0] or "application/octet-stream"
    return Response(
        done.data,
        media_type=media_type if media_type.startswith("application/") else "text/plain",
        headers={
            "content-disposition": content_disposition(done.name),
            "x-translit-source": done.source,
            "x-translit-target": done.target,
        },
    )


# --------------------------------------------------------------------------- the rest


async def api_health(request: Request) -> Response:
    return JSONResponse({"status": "ok", "version": translit.__version__})


def _page() -> str:
    return (resources.files("translit.web") / "static" / "index.html").read_text("utf-8")


async def index(request: Request) -> Response:
    return HTMLResponse(_page())


def openapi() -> dict[str, Any]:
    """The OpenAPI description of the API, served at ``/schema``."""
    option_props: dict[str, Any] = {
        "source": {"type": "string", "enum": list(_DIRECTIONS), "default": "auto"},
        "target": {"type": "string", "enum": list(_DIRECTIONS), "default": "auto"},
        "scheme": {
            "type": "string",
            "enum": list(_SCHEMES),
            "default": "latin",
            "description": "The Latin alphabet meant by a plain 'latin' source or target "
            "(latin: 1995, in force)",
        },
        "apostrophe": {
            "type": "string",
            "enum": list(translit.APOSTROPHE_STYLES),
            "default": "unicode",
        },
    }
    error = {
        "content": {
            "application/json": {
                "schema": {"type": "object", "properties": {"error": {"type": "string"}}}
            }
        }
    }
    unsure = {
        "type": "object",
        "properties": {
            "start": {"type": "integer", "description": "offset in the source text"},
            "end": {"type": "integer"},
            "word": {"type": "string"},
            "output": {"type": "string", "description": "the word as converted"},
            "output_start": {"type": "integer", "description": "offset in the result"},
            "output_end": {"type": "integer"},
            "step": {"type": "string", "description": "the step that decided"},
            "why": {"type": "string", "description": "why it is a guess (English)"},
            "reason": {
                "type": "string",
                "description": "a short name of that reason (ts, ye, y, dictionary, numeral, "
                "mixed), or empty",
            },
        },
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "uz-translit",
            "version": translit.__version__,
            "description": "Uzbek Cyrillic <-> Latin conversion. Offsets count Unicode "
            "code points. Errors are JSON {\"error\": message}.",
        },
        "paths": {
            "/api/convert": {
                "post": {
                    "summary": "Convert a text and list the words to check",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["text"],
                                    "additionalProperties": False,
                                    "properties": {
                                        "text": {"type": "string"},
                                        **option_props,
                                        "keep": {"type": "array", "items": {"type": "string"}},
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "The converted text",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "text": {"type": "string"},
                                            "source": {"type": "string"},
                                            "target": {"type": "string"},
                                            "unsure": {"type": "array", "items": unsure},
                                        },
                                    }
                                }
                            },
                        },
                        "413": {"description": "Body over the limit", **error},
                        "422": {"description": "Unknown option or bad value", **error},
                    },
                }
            },
            "/api/convert-file": {
                "post": {
                    "summary": "Convert a document (txt, html, md, srt, vtt, docx, json, csv)",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "required": ["file"],
                                    "properties": {
                                        "file": {"type": "string", "format": "binary"},
                                        "format": {
                                            "type": "string",
                                            "enum": list(batch.format_names()),
                                            "description": "default: by the file's extension",
                                        },
                                        **option_props,
                                        "keep": {
                                            "type": "string",
                                            "description": "words separated by commas",
                                        },
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "The converted file, named NAME-lat.EXT or "
                            "NAME-kir.EXT (Content-Disposition); X-Translit-Source and "
                            "X-Translit-Target say the direction",
                            "content": {"application/octet-stream": {}},
                        },
                        "413": {"description": "Body over the limit", **error},
                        "422": {"description": "Bad option or broken document", **error},
                    },
                }
            },
            "/api/health": {
                "get": {
                    "summary": "Is the server up",
                    "responses": {"200": {"description": '{"status": "ok", "version": ...}'}},
                }
            },
        },
    }


async def schema(request: Request) -> Response:
    return JSONResponse(openapi())


def build_app(*, max_body: int) -> Starlette:
    """The application; see :func:`translit.web.create_app`."""
    if max_body < 1:
        raise ValueError("max_body must be at least 1 byte")
    return Starlette(
        routes=[
            Route("/", index),
            Route("/api/convert", api_convert, methods=["POST"]),
            Route("/api/convert-file", api_convert_file, methods=["POST"]),
            Route("/api/health", api_health),
            Route("/schema", schema),
            Mount("/static", StaticFiles(packages=[("translit.web", "static")]), name="static"),
        ],
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(BodyLimit, max_body=max_body),
        ],
        exception_handlers={RequestError: _request_error},
    )
