"""``translit serve`` as a person starts it: a subprocess that says where to open the page.

The server listens on 127.0.0.1 only; the test asks it on that address and stops it with
Ctrl-C (SIGINT), as a person would.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import urllib.request

import pytest

# Under CI everything is installed: a missing web extra is a failure, not a skip.
_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")

try:
    import starlette  # noqa: F401
    import uvicorn  # noqa: F401
except ImportError as exc:
    if _CI:
        raise
    pytest.skip(f"the web extra is not installed: {exc}", allow_module_level=True)

_SCRIPT = shutil.which("translit")
CMD = [_SCRIPT] if _SCRIPT else [sys.executable, "-m", "translit"]


def test_serve_says_where_and_answers() -> None:
    server = subprocess.Popen(
        [*CMD, "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        found = re.fullmatch(
            r"translit serve: open (http://127\.0\.0\.1:(\d+)/) in a browser "
            r"\(Ctrl-C stops the server\)\n",
            line,
        )
        assert found, line
        url = found.group(1)
        with urllib.request.urlopen(url + "api/health", timeout=30) as response:
            assert json.load(response)["status"] == "ok"
        request = urllib.request.Request(
            url + "api/convert",
            data=json.dumps({"text": "Шаҳар"}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert json.load(response)["text"] == "Shahar"
        with urllib.request.urlopen(url, timeout=30) as response:
            assert 'id="source"' in response.read().decode()
    finally:
        server.send_signal(signal.SIGINT)
        try:
            code = server.wait(timeout=30)
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()
    assert code == 0
    assert server.stderr is not None
    assert "Traceback" not in server.stderr.read()


def test_port_in_use_is_a_clear_error() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        done = subprocess.run(
            [*CMD, "serve", "--port", str(port)], capture_output=True, text=True, timeout=60
        )
    assert done.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr
    assert done.stdout == ""


def test_connections_send_without_delay() -> None:
    """Answers are not held back by Nagle's algorithm (TCP_NODELAY on every accepted
    connection): otherwise each answer on a kept-alive connection waits for a delayed ACK."""
    import asyncio

    from translit.web import listening_socket

    async def accepted_nodelay() -> int:
        found: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport: asyncio.BaseTransport) -> None:
                sock = transport.get_extra_info("socket")
                found.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
                transport.close()

        sock = listening_socket("127.0.0.1", 0)
        server = await asyncio.get_running_loop().create_server(Probe, sock=sock)
        try:
            port = sock.getsockname()[1]
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            value = await asyncio.wait_for(found, 10)
            writer.close()
            return value
        finally:
            server.close()
            await server.wait_closed()

    assert asyncio.run(accepted_nodelay()) != 0
