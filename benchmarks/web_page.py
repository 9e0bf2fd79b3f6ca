"""How fast the page shows the conversion of a page of text, in a real browser.

Why in a browser: what a person feels is the time from a key press to the converted
text on screen: the page's pause after the last key (the debounce), the request, the
conversion with its guesses (``translit.explain``), and drawing the result. The page
records, for every conversion it shows, the time from sending the request to the drawn
result (``request_ms``) and from the last key press to the drawn result (``typed_ms``,
which includes the debounce); this script types into a page of text and reports both.

The server runs in this process (uvicorn in a thread, 127.0.0.1, a free port) and the
browser is the system Chromium driven by Playwright, as in tests/test_web_browser.py.
``--screenshot PATH`` also saves the picture of the page used in the README.

    python -m benchmarks.web_page
    python -m benchmarks.web_page --screenshot docs/img/web-page.png
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from benchmarks.web_load import page_text

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOT_TEXT = (
    "Toshkentda yangi kinoteatr ochildi. Premyera kuni direktor Natalya Sokolova va "
    "rejissyor Ilya Vasilyev mehmonlarni kutib oldi. Filmda Marya ismli qiz va uning "
    "doʻstlari haqida hikoya qilinadi.\n\nKinoteatr har kuni soat 10:00 dan 23:00 gacha "
    "ishlaydi. Chiptalar narxi 30 ming soʻm. Batafsil maʼlumot www.kino.uz saytida."
)


@contextmanager
def running_server() -> Iterator[str]:
    import uvicorn

    from translit.web import create_app

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning",
                       lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise SystemExit("the server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def _chromium() -> str:
    found = os.environ.get("TRANSLIT_CHROMIUM") or shutil.which("chromium")
    if not found:
        raise SystemExit("no Chromium: apt-get install chromium (or set TRANSLIT_CHROMIUM)")
    return found


def measure(page: Any, url: str, text: str, edits: int) -> list[dict[str, float]]:
    page.goto(url + "/?lang=en")
    page.fill("#source", text)  # a pasted page
    deadline = time.monotonic() + 30
    while not page.evaluate("() => window.translitTimings.length"):
        if time.monotonic() > deadline:
            raise SystemExit("the page showed no conversion within 30 s")
        page.wait_for_timeout(50)
    page.evaluate("() => { window.translitTimings.length = 0; }")
    page.focus("#source")
    page.keyboard.press("End")
    for i in range(edits):
        page.keyboard.type(" so'z" if i % 2 else " va", delay=30)  # a few keys, then a pause
        page.wait_for_timeout(400)
    timings: list[dict[str, float]] = page.evaluate("() => window.translitTimings")
    return timings


def screenshot(browser: Any, url: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 760}, locale="en-US",
                                  device_scale_factor=1)
    page = context.new_page()
    page.goto(url + "/?lang=uz-Latn")
    page.fill("#source", SCREENSHOT_TEXT)
    page.locator("#result mark.unsure").first.wait_for(timeout=30_000)
    page.wait_for_timeout(300)
    marks = page.locator("#result mark.unsure")
    marks.last.focus()  # one reason shown, as with the keyboard
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    page.screenshot(path=path)
    context.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.web_page", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=20, help="bursts of typing measured")
    parser.add_argument("--screenshot", metavar="PATH", help="also save the README picture")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with running_server() as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        try:
            for direction in ("cyrillic", "latin"):
                text = page_text(direction)
                page = browser.new_page()
                timings = measure(page, url, text, args.edits)
                page.close()
                request = [t["request_ms"] for t in timings]
                typed = [t["typed_ms"] for t in timings if t["typed_ms"] is not None]
                print(f"{direction} page, {len(text)} characters, {len(timings)} conversions:")
                print(f"  request -> drawn: median {statistics.median(request):.1f} ms, "
                      f"max {max(request):.1f} ms")
                print(f"  last key -> drawn (with the 60 ms pause): median "
                      f"{statistics.median(typed):.1f} ms, max {max(typed):.1f} ms")
            if args.screenshot:
                screenshot(browser, url, args.screenshot)
                print(f"screenshot: {args.screenshot}")
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
