"""The web page and its JSON API, served on this computer by ``translit serve``.

Why it exists: most people who convert Uzbek text do it on a web page. This one runs
locally (nothing leaves the machine), converts exactly as the library does, and shows
the words it guessed (``translit.explain``) for a person to check.

Why Starlette on uvicorn (and not FastAPI): the API is three small endpoints, so
Starlette gives all that is needed (routing, multipart uploads, static files, a test
client) with two small dependencies, and the page's rules stay in our hands: the request
checks name the valid values in our words, the body limit is enforced while the body is
read, and the security headers (a Content-Security-Policy with no inline script) hold
on every response. FastAPI's interactive /docs page loads its script and style from a
CDN, which would break both "works offline" and that policy; the OpenAPI description is
served as JSON at ``/schema`` instead.

Starlette, uvicorn and python-multipart are the ``[web]`` extra; importing this package
needs none of them, :func:`create_app` and :func:`serve` raise
``translit.MissingExtraError`` naming the extra when they are missing.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import MissingExtraError

if TYPE_CHECKING:
    from starlette.applications import Starlette

__all__ = ["MAX_BODY", "create_app", "listening_socket", "page_url", "serve"]

#: The largest request body accepted, in bytes (``translit serve --max-body``).
MAX_BODY = 20 * 1024 * 1024


def _require() -> None:
    for module, package in (
        ("starlette", "Starlette"),
        ("uvicorn", "uvicorn"),
        ("python_multipart", "python-multipart"),
    ):
        MissingExtraError.require(module, "The web page", package, "web")


def create_app(*, max_body: int = MAX_BODY) -> Starlette:
    """The ASGI application: the page, its static files and the JSON API.

    ``max_body`` is the largest request body accepted in bytes (larger ones get 413).
    """
    _require()
    from .app import build_app

    return build_app(max_body=max_body)


def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    max_body: int = MAX_BODY,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    """Serve the page with uvicorn until interrupted (``translit serve``).

    The socket is bound first, so that a port in use is an OSError here (before anything
    is announced); ``on_ready`` then gets the address to open in a browser (with the real
    port when ``port`` is 0).
    """
    _require()
    import uvicorn

    app = create_app(max_body=max_body)
    sock = listening_socket(host, port)
    try:
        bound = sock.getsockname()[1]
        if on_ready is not None:
            on_ready(page_url(host, bound))
        config = uvicorn.Config(app, log_level="warning", lifespan="off")
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()


def listening_socket(host: str, port: int) -> socket.socket:
    """A TCP socket bound to ``host``:``port`` and listening (OSError if it cannot be).

    IPPROTO_TCP is given explicitly: asyncio sets TCP_NODELAY only on connections whose
    socket says it is TCP, and without it every answer on a kept-alive connection waits
    about 40 ms for a delayed ACK (measured: 52 ms -> 13 ms a request for one client).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
        sock.setblocking(False)
    except OSError:
        sock.close()
        raise
    return sock


def page_url(host: str, port: int) -> str:
    """Where a browser on this computer opens the page served on ``host``:``port``.

    >>> page_url("127.0.0.1", 8000), page_url("::1", 8080), page_url("0.0.0.0", 80)
    ('http://127.0.0.1:8000/', 'http://[::1]:8080/', 'http://127.0.0.1:80/')
    """
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"  # every interface: this computer's own address opens it
    elif host == "::":
        host = "::1"
    return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"
