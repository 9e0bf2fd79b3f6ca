"""A bounded local load test of ``translit serve``: latency under 50 concurrent clients.

Why this shape: the page is for people on one computer, but a newsroom may share one
server; the question is whether a burst of page-sized conversions stays fast and
error-free. The server is the real command (``python -m translit serve --port 0``) in a
child process; the clients are asyncio tasks with httpx2 in this process, so the two
share the machine's cores as they would on a small server.

Bounded by construction: a fixed number of requests (default 2,000) at a fixed
concurrency (default 50), each with a timeout, the whole run under a wall-clock limit;
only loopback addresses are accepted (the URL the server prints is checked), and the
server is stopped (SIGINT, then SIGKILL if it lingers) when the run ends for any reason.

    python -m benchmarks.web_load                    # 2,000 requests, concurrency 50
    python -m benchmarks.web_load --direction cyrillic --requests 500

The pages are generated Uzbek text (benchmarks/corpus.py), 50 different ones sent in
turn, so the server meets new words as well as words it has seen (it remembers the
explanation of each word: see translit/proofread.py).

Prints the text size, requests per second, p50/p90/p99/max latency in ms and the
error count; exit status 1 if any request failed.
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Sequence
from pathlib import Path

from benchmarks import corpus

REPO = Path(__file__).resolve().parent.parent
PAGE_CHARS = 3_000  # about one printed page: 450-500 words


def page_text(direction: str, seed: int = 0) -> str:
    """A page of generated Uzbek text in the script the conversion starts from."""
    text = "".join(corpus.generate_documents(PAGE_CHARS * 2, seed=seed))
    cut = text.rfind(" ", 0, PAGE_CHARS)
    page = text[: cut if cut > 0 else PAGE_CHARS]
    if direction == "latin":
        import translit

        page = translit.to_latin(page)
    return page


def start_server() -> tuple[subprocess.Popen[str], str]:
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    server = subprocess.Popen(
        [sys.executable, "-m", "translit", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert server.stdout is not None
    line = server.stdout.readline()
    found = re.search(r"open (http://\S+/) in a browser", line)
    if not found:
        stop_server(server)
        raise SystemExit(f"the server did not start: {line!r}")
    url = found.group(1)
    host = urllib.parse.urlsplit(url).hostname or ""
    if not ipaddress.ip_address(host).is_loopback:  # never load anything but this machine
        stop_server(server)
        raise SystemExit(f"refusing to load {url}: not a loopback address")
    return server, url


def stop_server(server: subprocess.Popen[str]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


async def _load(
    url: str, bodies: list[bytes], requests: int, concurrency: int, timeout: float, limit: float
) -> tuple[list[float], list[str], float]:
    import httpx2

    latencies: list[float] = []
    errors: list[str] = []
    queue = iter(range(requests))
    deadline = time.monotonic() + limit
    headers = {"content-type": "application/json"}

    async def worker(client: httpx2.AsyncClient) -> None:
        for number in queue:
            body = bodies[number % len(bodies)]
            if time.monotonic() > deadline:
                errors.append("not sent: the run's time limit passed")
                continue
            started = time.perf_counter()
            try:
                response = await client.post(url + "api/convert", content=body, headers=headers)
                if response.status_code != 200:
                    errors.append(f"HTTP {response.status_code}")
                    continue
                response.json()
            except httpx2.HTTPError as exc:
                errors.append(type(exc).__name__)
                continue
            latencies.append(time.perf_counter() - started)

    limits = httpx2.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    # TCP_NODELAY, as browsers set it: without it the request's headers and body wait
    # for the server's delayed ACK (about 40 ms a request, measured with one client).
    transport = httpx2.AsyncHTTPTransport(
        limits=limits, socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]
    )
    async with httpx2.AsyncClient(transport=transport, timeout=timeout) as client:
        # One request first: tables compiled, caches warm, as on a server already in use.
        await client.post(url + "api/convert", content=bodies[0], headers=headers)
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        wall = time.perf_counter() - started
    return latencies, errors, wall


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return ordered[index]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.web_load", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--direction", choices=("latin", "cyrillic"), default="latin",
                        help="script of the page sent (default latin: Latin -> Cyrillic, "
                        "the direction with guesses to explain)")
    parser.add_argument("--pages", type=int, default=50,
                        help="different pages sent in turn (default 50): the server sees "
                        "new words as well as repeated ones, as with real users")
    parser.add_argument("--timeout", type=float, default=60.0, help="per request, seconds")
    parser.add_argument("--limit", type=float, default=600.0, help="whole run, seconds")
    args = parser.parse_args(argv)
    texts = [page_text(args.direction, seed) for seed in range(max(1, args.pages))]
    bodies = [json.dumps({"text": text}, ensure_ascii=False).encode() for text in texts]
    server, url = start_server()
    try:
        latencies, errors, wall = asyncio.run(
            _load(url, bodies, args.requests, args.concurrency, args.timeout, args.limit)
        )
    finally:
        stop_server(server)
    ms = [x * 1000 for x in latencies]
    print(f"server: {url} (translit serve, one process)")
    chars = statistics.mean(len(t) for t in texts)
    size = statistics.mean(len(b) for b in bodies)
    print(f"text: {len(texts)} different pages of {chars:.0f} characters on average "
          f"({size:.0f} bytes of JSON), {args.direction} source")
    print(f"requests: {args.requests} at concurrency {args.concurrency}, {wall:.1f} s, "
          f"{len(latencies) / wall:.0f} requests/s")
    if ms:
        print(f"latency ms: p50 {percentile(ms, 0.50):.1f}  p90 {percentile(ms, 0.90):.1f}  "
              f"p99 {percentile(ms, 0.99):.1f}  max {max(ms):.1f}  "
              f"mean {statistics.mean(ms):.1f}")
    print(f"errors: {len(errors)}" + (f" ({', '.join(sorted(set(errors)))})" if errors else ""))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
