"""The page in a real browser: Playwright drives the system Chromium against the server.

Why a real browser: what people see is the page (typing, the direction switch, the
highlights, a download), and it is JavaScript under a strict Content-Security-Policy that
only a browser runs. The server runs in-process (uvicorn in a thread) on 127.0.0.1 on a
free port; every request the page makes is checked to stay on that address.

Chromium is Debian's package (``apt-get install chromium``; .ci/run installs it), or the
one named by ``TRANSLIT_CHROMIUM``. Without it, or without the playwright package, these
tests skip and say why; under CI (``CI`` set) that is a failure instead.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import translit

from .conftest import skip_or_fail

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


def chromium_path() -> str | None:
    return (
        os.environ.get("TRANSLIT_CHROMIUM")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    try:
        import uvicorn

        from translit.web import create_app

        app = create_app()
    except ImportError as exc:
        skip_or_fail(f"the web extra is not installed: {exc}")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the test server did not start")
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("playwright is not installed (pip install -e '.[test]')")
    executable = chromium_path()
    if executable is None:
        skip_or_fail("no Chromium found (apt-get install chromium, or set TRANSLIT_CHROMIUM)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, server_url: str) -> Iterator[Any]:
    context = browser.new_context(accept_downloads=True, locale="en-US")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server_url)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))

    def on_console(message: Any) -> None:
        # A refused upload (422) is logged by the browser; the page shows the reason.
        if message.type == "error" and "status of 422" not in message.text:
            problems.append(f"console: {message.text}")

    tab.on("console", on_console)

    def only_ours(route: Any) -> None:
        if route.request.url.startswith(server_url + "/") or route.request.url.startswith(
            "blob:"
        ):
            route.continue_()
        else:  # the page must work offline: nothing may be fetched from elsewhere
            problems.append(f"request to {route.request.url}")
            route.abort()

    tab.route("**/*", only_ours)
    tab.goto(server_url + "/?lang=en")
    yield tab
    context.close()
    assert problems == []


def result_text(tab: Any) -> str:
    text: str = tab.locator("#result").text_content()
    return text


def expect_result(tab: Any, text: str) -> None:
    from playwright.sync_api import expect

    expect(tab.locator("#result")).to_have_text(text, timeout=10_000)


# --------------------------------------------------------------------------- typing


def test_typing_cyrillic_shows_latin(page: Any) -> None:
    page.locator("#source").press_sequentially("Ўзбекистон Республикаси", delay=5)
    expect_result(page, "Oʻzbekiston Respublikasi")
    detected = page.locator("#detected")
    assert detected.get_attribute("data-source") == "cyrillic"
    assert detected.text_content() == "Detected: Cyrillic → Latin"


def test_direction_is_detected_and_can_be_overridden(page: Any) -> None:
    page.fill("#source", "Shahar va qishloq")
    expect_result(page, "Шаҳар ва қишлоқ")
    assert page.locator("#detected").get_attribute("data-source") == "latin"
    # Told the text is Cyrillic, the page converts to Latin: Latin letters stay.
    page.select_option("#direction", "cyrillic-latin")
    expect_result(page, "Shahar va qishloq")
    assert page.locator("#detected").text_content() == ""  # not automatic any more
    page.fill("#source", "Шаҳар")
    expect_result(page, "Shahar")
    page.select_option("#scheme", "latin-2026")
    expect_result(page, "Şahar")
    page.select_option("#direction", "latin-cyrillic")
    page.fill("#source", "Şahar")
    expect_result(page, "Шаҳар")


def test_apostrophe_style(page: Any) -> None:
    page.fill("#source", "ўғил")
    expect_result(page, "oʻgʻil")
    page.select_option("#apostrophe", "ascii")
    expect_result(page, "o'g'il")
    page.select_option("#apostrophe", "typographic")
    expect_result(page, "o‘g‘il")


def test_script_in_the_text_stays_text(page: Any) -> None:
    text = "<script>window.pwned = 1</script><img src=x onerror='window.pwned = 2'> салом"
    page.select_option("#direction", "cyrillic-latin")
    page.fill("#source", text)
    expect_result(page, text.replace("салом", "salom"))
    assert page.locator("#result script, #result img").count() == 0
    assert page.evaluate("() => window.pwned === undefined")


def test_unsure_words_are_highlighted_with_a_reason(page: Any, server_url: str) -> None:
    text = "Premyera, rejissyor va Marya; Vasilyev. Shahar va qishloq."
    expected = [t for t in translit.explain(text, source="latin", target="cyrillic")
                if not t.sure]
    assert expected, "the sample text must have words the converter guesses"
    page.fill("#source", text)
    marks = page.locator("#result mark.unsure")
    from playwright.sync_api import expect

    expect(marks).to_have_count(len(expected), timeout=10_000)
    assert page.locator("#unsure-count").get_attribute("data-count") == str(len(expected))
    assert f"Words to check: {len(expected)}." in page.locator("#unsure-count").text_content()
    for i, token in enumerate(expected):
        mark = marks.nth(i)
        assert mark.text_content() == token.output
        assert mark.get_attribute("data-why") == token.why
    tooltip = page.locator("#tooltip")
    assert tooltip.is_hidden()
    # The reason shows for the keyboard (the marks take focus) and for the pointer.
    marks.first.focus()
    assert page.evaluate("() => document.activeElement.classList.contains('unsure')")
    assert tooltip.is_visible() and tooltip.text_content() == expected[0].why
    assert marks.first.get_attribute("aria-describedby") == "tooltip"
    page.keyboard.press("Escape")
    assert tooltip.is_hidden()
    marks.last.hover()
    assert tooltip.is_visible() and tooltip.text_content() == expected[-1].why
    box, tip = marks.last.bounding_box(), tooltip.bounding_box()
    assert tip["y"] >= box["y"] + box["height"]  # under the word
    assert tip["x"] + tip["width"] <= page.viewport_size["width"]  # never cut off


def test_a_reason_is_said_in_the_interface_language(page: Any) -> None:
    # The tooltip says a known reason in the page's language (uz-Latn here), also for a
    # word marked before the language changed.
    page.fill("#source", "premyera")
    marks = page.locator("#result mark.unsure")
    from playwright.sync_api import expect

    expect(marks).to_have_count(1, timeout=10_000)
    page.select_option("#lang", "uz-Latn")
    marks.first.hover()
    tooltip = page.locator("#tooltip")
    assert tooltip.is_visible()
    assert tooltip.text_content() == (
        "undoshdan keyingi ye ъе (объект) yoki ье (премьер) boʻlishi mumkin; lugʻatlarda yoʻq"
    )


def test_copy_button(page: Any) -> None:
    page.fill("#source", "Шаҳар ва қишлоқ")
    expect_result(page, "Shahar va qishloq")
    page.click("#copy")
    assert page.evaluate("() => navigator.clipboard.readText()") == "Shahar va qishloq"
    assert page.locator("#status").text_content() == "Result copied."


# --------------------------------------------------------------------------- files


def test_docx_upload_downloads_the_converted_file(page: Any, tmp_path: Path) -> None:
    docx = pytest.importorskip("docx", reason="python-docx (extra [docx]) is not installed")
    document = docx.Document()
    document.add_paragraph("Шаҳар ва қишлоқ")
    document.add_paragraph("Ўзбекистон Республикаси")
    source = tmp_path / "hisobot.docx"
    document.save(str(source))
    with page.expect_download() as waiting:
        page.set_input_files("#file", str(source))
    download = waiting.value
    assert download.suggested_filename == "hisobot-lat.docx"
    saved = tmp_path / "saved.docx"
    download.save_as(str(saved))
    converted = docx.Document(str(saved))
    assert [p.text for p in converted.paragraphs] == [
        "Shahar va qishloq",
        "Oʻzbekiston Respublikasi",
    ]
    assert "hisobot-lat.docx" in page.locator("#file-status").text_content()


def test_text_upload_to_cyrillic(page: Any, tmp_path: Path) -> None:
    source = tmp_path / "maqola-lat.txt"
    source.write_bytes(b"Shahar va qishloq\r\n")
    page.select_option("#direction", "latin-cyrillic")
    with page.expect_download() as waiting:
        page.set_input_files("#file", str(source))
    download = waiting.value
    assert download.suggested_filename == "maqola-kir.txt"
    with open(download.path(), "rb") as f:
        assert f.read() == "Шаҳар ва қишлоқ\r\n".encode()


def test_broken_upload_says_why(page: Any, tmp_path: Path) -> None:
    source = tmp_path / "buzuq.json"
    source.write_text('{"a": ', encoding="utf-8")
    page.set_input_files("#file", str(source))
    from playwright.sync_api import expect

    status = page.locator("#file-status")
    expect(status).to_have_class("status error", timeout=10_000)
    assert status.text_content().startswith("Error: buzuq.json: line 1")


# --------------------------------------------------------------------------- the page


@pytest.mark.parametrize(
    ("lang", "title", "source_label", "html_lang"),
    [
        ("uz-Latn", "Oʻzbek lotin ↔ kirill", "Matn", "uz-Latn"),
        ("uz-Cyrl", "Ўзбек лотин ↔ кирилл", "Матн", "uz-Cyrl"),
        ("en", "Uzbek Latin ↔ Cyrillic", "Text", "en"),
    ],
)
def test_three_interface_languages(
    page: Any, lang: str, title: str, source_label: str, html_lang: str
) -> None:
    page.select_option("#lang", lang)
    assert page.locator("h1").text_content() == title
    assert page.locator("label[for=source]").text_content() == source_label
    assert page.evaluate("() => document.documentElement.lang") == html_lang
    page.goto(page.url.split("?")[0])  # the choice is remembered (no ?lang= now)
    assert page.locator("h1").text_content() == title


def test_keyboard_reaches_every_control(page: Any) -> None:
    page.fill("#source", "Шаҳар")
    expect_result(page, "Shahar")
    page.evaluate("() => document.activeElement.blur()")
    reached = set()
    for _ in range(20):
        page.keyboard.press("Tab")
        reached.add(page.evaluate("() => document.activeElement.id"))
    wanted = {"lang", "direction", "scheme", "apostrophe", "keep", "source", "copy", "result",
              "file"}
    assert wanted <= reached
    # Choosing with the keyboard only: the direction select, then the arrow keys.
    page.focus("#direction")
    page.keyboard.press("ArrowDown")  # auto -> cyrillic-latin
    page.keyboard.press("ArrowDown")  # -> latin-cyrillic
    assert page.locator("#direction").input_value() == "latin-cyrillic"


def test_phone_width(browser: Any, server_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-US")
    tab = context.new_page()
    try:
        tab.goto(server_url + "/")
        tab.fill("#source", "Шаҳар ва қишлоқ " * 40)
        from playwright.sync_api import expect

        expect(tab.locator("#result")).not_to_be_empty(timeout=10_000)
        width = tab.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, f"the page is {width}px wide at a 360px phone width"
        source = tab.locator("#source").bounding_box()
        result = tab.locator("#result").bounding_box()
        assert result["y"] >= source["y"] + source["height"]  # one column
        for control in ("#direction", "#scheme", "#apostrophe", "#copy", "#file"):
            box = tab.locator(control).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 360, control
    finally:
        context.close()


def test_upload_with_real_bytes_is_unchanged_elsewhere(page: Any, tmp_path: Path) -> None:
    """A UTF-16 text file comes back in UTF-16 with its byte order mark."""
    source = tmp_path / "utf16.txt"
    source.write_bytes("\ufeffШаҳар\n".encode("utf-16-le"))
    with page.expect_download() as waiting:
        page.set_input_files("#file", str(source))
    data = Path(waiting.value.path()).read_bytes()
    assert data == "\ufeffShahar\n".encode("utf-16-le")
    assert io.BytesIO(data).read(2) == b"\xff\xfe"
