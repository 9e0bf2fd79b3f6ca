"""The JSON API behind ``translit serve``, through Starlette's in-process test client.

Why in-process: every status code, header and message can be checked without a port or
a browser (the browser tests in test_web_browser.py drive the page itself). Expected
conversions come from the case tables (tests/cases) and from the spec, never from the
library's own output; error messages are checked for the valid values they must name.
"""

from __future__ import annotations

import io
import json
import os
import re
import tempfile
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

import translit
from translit.web import create_app

from .cases import load_cases

# Under CI everything is installed: a missing web extra is a failure, not a skip.
_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")

try:
    import python_multipart  # noqa: F401  (the web extra: uploads)
    from starlette.testclient import TestClient
except (ImportError, RuntimeError) as exc:  # RuntimeError: Starlette's client lacks httpx2
    if _CI:
        raise
    pytest.skip(f"the web extra is not installed: {exc}", allow_module_level=True)

STATIC = Path(translit.__file__).parent / "web" / "static"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app()) as c:
        yield c


def convert(client: TestClient, **body: object) -> dict[str, object]:
    response = client.post("/api/convert", json=body)
    assert response.status_code == 200, response.text
    answer: dict[str, object] = response.json()
    return answer


# --------------------------------------------------------------------------- conversion


def _sample_cases() -> list[object]:
    """The first rows of every case table: each direction and option set once or more."""
    seen: dict[str, int] = {}
    chosen = []
    for case in load_cases():
        table = case.where.split(":")[0]
        if seen.get(table, 0) < 4:
            seen[table] = seen.get(table, 0) + 1
            chosen.append(pytest.param(case, id=case.id))
    return chosen


@pytest.mark.parametrize("case", _sample_cases())
def test_cases_through_the_api(client: TestClient, case: object) -> None:
    options = dict(case.options)  # type: ignore[attr-defined]
    if "keep" in options:
        options["keep"] = list(options["keep"])  # type: ignore[call-overload]
    answer = convert(
        client,
        text=case.input,  # type: ignore[attr-defined]
        source=case.source,  # type: ignore[attr-defined]
        target=case.target,  # type: ignore[attr-defined]
        **options,
    )
    assert answer["text"] == case.expected  # type: ignore[attr-defined]
    assert (answer["source"], answer["target"]) == (case.source, case.target)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("body", "text", "source", "target"),
    [
        ({"text": "Ўзбекистон Республикаси"}, "Oʻzbekiston Respublikasi", "cyrillic", "latin"),
        ({"text": "Oʻzbekiston Respublikasi"}, "Ўзбекистон Республикаси", "latin", "cyrillic"),
        ({"text": "Шаҳар", "scheme": "latin-2026"}, "Şahar", "cyrillic", "latin-2026"),
        ({"text": "Şahar", "scheme": "latin-2026"}, "Шаҳар", "latin-2026", "cyrillic"),
        ({"text": "ўғил", "apostrophe": "ascii"}, "o'g'il", "cyrillic", "latin"),
        ({"text": "ўғил", "apostrophe": "typographic"}, "o‘g‘il", "cyrillic", "latin"),
        # Direction given: the text is not asked (Latin text "converted" from Cyrillic
        # stays as it is).
        ({"text": "Shahar", "source": "cyrillic"}, "Shahar", "cyrillic", "latin"),
        ({"text": "Shahar", "target": "cyrillic"}, "Шаҳар", "latin", "cyrillic"),
        ({"text": "Шаҳар", "target": "latin"}, "Shahar", "cyrillic", "latin"),
        ({"text": "Shahar", "source": "latin", "target": "latin-2023"}, "Şahar", "latin",
         "latin-2023"),
        ({"text": "Starlinkga", "keep": ["Starlink"]}, "Starlinkга", "latin", "cyrillic"),
        ({"text": "", "source": "auto"}, "", "cyrillic", "latin"),
        ({"text": "12345 !!!"}, "12345 !!!", "cyrillic", "latin"),
    ],
)
def test_convert_directions_and_options(
    client: TestClient, body: dict[str, object], text: str, source: str, target: str
) -> None:
    answer = convert(client, **body)
    assert (answer["text"], answer["source"], answer["target"]) == (text, source, target)


def test_mixed_text_goes_by_the_larger_script(client: TestClient) -> None:
    answer = convert(client, text="Тошкент шаҳрида Samsung")
    assert (answer["source"], answer["target"]) == ("cyrillic", "latin")
    assert answer["text"] == "Toshkent shahrida Samsung"


def test_script_tags_are_data(client: TestClient) -> None:
    """A <script> in the text is text: it comes back converted as any other text, in a
    JSON string (the page inserts it with textContent; test_web_browser checks that)."""
    response = client.post(
        "/api/convert", json={"text": "<script>alert('салом')</script>", "source": "cyrillic"}
    )
    assert response.headers["content-type"] == "application/json"
    assert response.json()["text"] == "<script>alert('salom')</script>"


def test_unsure_words_point_into_both_texts(client: TestClient) -> None:
    """Every unsure word's offsets select the word in the source and its conversion in
    the result (offsets in code points, an emoji before them counts one)."""
    text = "😀 Premyera, rejissyor va Marya; Vasilyev. Shahar va qishloq.\n" * 3
    answer = convert(client, text=text)
    assert answer["source"] == "latin"
    unsure = answer["unsure"]
    assert isinstance(unsure, list) and len(unsure) >= 3
    out = answer["text"]
    assert isinstance(out, str)
    for word in unsure:
        assert text[word["start"] : word["end"]] == word["word"]
        assert out[word["output_start"] : word["output_end"]] == word["output"]
        assert word["why"] and word["step"]
    # Plain Uzbek words spelt by the rules alone are not guesses.
    sure = {"Shahar", "va", "qishloq"}
    assert not sure & {w["word"].strip(".,;") for w in unsure}


def test_unsure_words_match_explain(client: TestClient) -> None:
    text = "Premyera, rejissyor va Marya; Vasilyev. Shahar va qishloq."
    answer = convert(client, text=text, source="latin", target="cyrillic")
    expected = [
        (t.start, t.end, t.text)
        for t in translit.explain(text, source="latin", target="cyrillic")
        if not t.sure
    ]
    assert expected
    assert [(w["start"], w["end"], w["word"]) for w in answer["unsure"]] == expected


# Each reason translit.explain gives for a guess, with a word that gets it (from the
# spec and the data files: ts at the start, ye and yi after a consonant, a noun of the
# Russian dictionary, a single capital, Latin o inside a Cyrillic word).
REASON_CASES = [
    ("tsinga", "latin", "ts"),
    ("premyera", "latin", "ye"),
    ("Ilyina", "latin", "y"),
    ("kuznitsada", "latin", "dictionary"),
    ("V", "latin", "numeral"),
    ("Тoшкент", "cyrillic", "mixed"),
]
_APP_JS = (Path(translit.__file__).parent / "web" / "static" / "app.js").read_text("utf-8")


@pytest.mark.parametrize(("word", "source", "reason"), REASON_CASES)
def test_each_reason_has_a_name_the_page_says_in_its_languages(
    client: TestClient, word: str, source: str, reason: str
) -> None:
    answer = convert(client, text=word, source=source)
    unsure = answer["unsure"]
    assert isinstance(unsure, list) and len(unsure) == 1
    assert unsure[0]["reason"] == reason
    # uz-Latn, uz-Cyrl and en each have the message the tooltip shows.
    assert len(re.findall(rf"^\s+why_{reason}: \"[^\"]+\",$", _APP_JS, re.M)) == 3


# --------------------------------------------------------------------------- bad requests


@pytest.mark.parametrize(
    ("field", "value", "valid"),
    [
        ("source", "klingon", ["auto", *translit.SCRIPTS]),
        ("target", "greek", ["auto", *translit.SCRIPTS]),
        ("scheme", "1995", [s for s in translit.SCRIPTS if s.startswith("latin")]),
        ("apostrophe", "fancy", list(translit.APOSTROPHE_STYLES)),
        ("apostrophe", 3, list(translit.APOSTROPHE_STYLES)),
    ],
)
def test_unknown_option_names_the_valid_values(
    client: TestClient, field: str, value: object, valid: list[str]
) -> None:
    response = client.post("/api/convert", json={"text": "салом", field: value})
    assert response.status_code == 422
    message = response.json()["error"]
    assert message.startswith(field)
    for name in valid:
        assert name in message


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"text": "x", "colour": "red"}, 422, "unknown field 'colour'"),
        ({"words": "x"}, 422, "unknown field 'words'"),
        ({}, 422, "text"),
        ({"text": 5}, 422, "text"),
        ({"text": "x", "keep": "Starlink"}, 422, "keep"),
        ({"text": "x", "keep": [1]}, 422, "keep"),
        ({"text": "x", "source": "latin", "target": "latin"}, 422, "both 'latin'"),
        ([1, 2], 422, "JSON object"),
    ],
)
def test_bad_json_requests(client: TestClient, body: object, status: int, says: str) -> None:
    response = client.post("/api/convert", json=body)
    assert response.status_code == status
    assert says in response.json()["error"]


def test_not_json(client: TestClient) -> None:
    response = client.post(
        "/api/convert", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["error"]
    plain = {"content-type": "text/plain"}
    response = client.post("/api/convert", content=b"text=x", headers=plain)
    assert response.status_code == 415


def test_body_limit() -> None:
    with TestClient(create_app(max_body=1000)) as small:
        body = {"text": "ш" * 600}  # 1200 bytes of UTF-8
        response = small.post("/api/convert", json=body)
        assert response.status_code == 413
        message = response.json()["error"]
        assert "limit" in message and "1000 bytes" in message
        assert response.headers["x-content-type-options"] == "nosniff"
        # No Content-Length (chunked): refused once the bytes read pass the limit.
        chunks = iter([b'{"text": "', b"a" * 700, b"a" * 700, b'"}'])
        response = small.post(
            "/api/convert", content=chunks, headers={"content-type": "application/json"}
        )
        assert response.status_code == 413
        files = {"file": ("big.txt", b"a" * 2000)}
        assert small.post("/api/convert-file", files=files).status_code == 413
        assert small.post("/api/convert", json={"text": "ш" * 100}).status_code == 200


def test_default_limit_is_20_mb(client: TestClient) -> None:
    too_big = b'{"text": "' + b"a" * (20 * 1024 * 1024) + b'"}'
    response = client.post(
        "/api/convert", content=too_big, headers={"content-type": "application/json"}
    )
    assert response.status_code == 413
    assert "20 MB" in response.json()["error"]


# --------------------------------------------------------------------------- files


def _upload(client: TestClient, name: str, data: bytes, **fields: str) -> object:
    return client.post("/api/convert-file", files={"file": (name, data)}, data=fields)


def _download_name(response: object) -> str:
    header = response.headers["content-disposition"]  # type: ignore[attr-defined]
    star = re.search(r"filename\*=UTF-8''([^;]+)", header)
    assert star is not None, header
    return urllib.parse.unquote(star.group(1))


def test_text_file_keeps_encoding_and_line_ends(client: TestClient) -> None:
    data = "\ufeffШаҳар ва қишлоқ\r\n".encode("utf-16-le")
    response = _upload(client, "maqola.txt", b"\xff\xfe" + data[2:])
    assert response.status_code == 200  # type: ignore[attr-defined]
    out = response.content  # type: ignore[attr-defined]
    assert out.startswith(b"\xff\xfe")
    assert out[2:].decode("utf-16-le") == "Shahar va qishloq\r\n"
    assert _download_name(response) == "maqola-lat.txt"
    assert response.headers["x-translit-source"] == "cyrillic"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "data", "fields", "expected", "download"),
    [
        ("sahifa.html", "<p class='x'>Шаҳар <b>ва</b> қишлоқ</p>".encode(), {},
         b"<p class='x'>Shahar <b>va</b> qishloq</p>", "sahifa-lat.html"),
        ("kitob-lat.md", b"# Shahar\n\n`kod` va qishloq\n", {},
         "# Шаҳар\n\n`kod` ва қишлоқ\n".encode(), "kitob-kir.md"),
        ("film.srt", "1\n00:00:01,000 --> 00:00:02,000\nШаҳар\n".encode(), {},
         b"1\n00:00:01,000 --> 00:00:02,000\nShahar\n", "film-lat.srt"),
        ("film.vtt", "WEBVTT\n\n00:01.000 --> 00:02.000\nШаҳар\n".encode(), {},
         b"WEBVTT\n\n00:01.000 --> 00:02.000\nShahar\n", "film-lat.vtt"),
        ("data.json", '{"шаҳар": "Шаҳар"}'.encode(), {},
         '{"шаҳар": "Shahar"}'.encode(), "data-lat.json"),
        ("jadval.csv", "nom,izoh\nШаҳар,қишлоқ\n".encode(), {},
         b"nom,izoh\nShahar,qishloq\n", "jadval-lat.csv"),
        ("oddiy.txt", "Шаҳар".encode(), {"scheme": "latin-2026"}, "Şahar".encode(),
         "oddiy-lat.txt"),
        ("oddiy.txt", b"Shahar", {"source": "cyrillic"}, b"Shahar", "oddiy-lat.txt"),
        ("a.txt", b"Starlinkga", {"keep": "Starlink, IBM"}, "Starlinkга".encode(),
         "a-kir.txt"),
        ("notes.log", "Шаҳар".encode(), {"format": "text"}, b"Shahar", "notes-lat.log"),
    ],
)
def test_documents(
    client: TestClient, name: str, data: bytes, fields: dict[str, str], expected: bytes,
    download: str,
) -> None:
    response = _upload(client, name, data, **fields)
    assert response.status_code == 200, response.text  # type: ignore[attr-defined]
    assert response.content == expected  # type: ignore[attr-defined]
    assert _download_name(response) == download


def test_docx(client: TestClient) -> None:
    docx = pytest.importorskip("docx", reason="python-docx (extra [docx]) is not installed")
    document = docx.Document()
    document.add_paragraph("Шаҳар ва қишлоқ")
    paragraph = document.add_paragraph("Ўзбекистон ")
    paragraph.add_run("Республикаси").bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    response = _upload(client, "Ҳисобот.docx", buffer.getvalue())
    assert response.status_code == 200, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"].startswith(  # type: ignore[attr-defined]
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert _download_name(response) == "Ҳисобот-lat.docx"
    converted = docx.Document(io.BytesIO(response.content))  # type: ignore[attr-defined]
    texts = [p.text for p in converted.paragraphs]
    assert texts == ["Shahar va qishloq", "Oʻzbekiston Respublikasi"]
    assert converted.paragraphs[1].runs[-1].bold


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("broken.json", b'{"a": ', "broken.json: line 1"),
        ("broken.docx", b"PK\x03\x04 not a zip", "broken.docx:"),
        ("latin1.txt", "Ўзбек".encode() + b"\xff", "broken"),
        ("nul.txt", b"abc\x00def", "nul.txt:"),
    ],
)
def test_broken_documents_are_422(client: TestClient, name: str, data: bytes, says: str) -> None:
    response = _upload(client, name, data)
    assert response.status_code == 422  # type: ignore[attr-defined]
    message = response.json()["error"]  # type: ignore[attr-defined]
    assert message.startswith(name + ":")
    if says != "broken":
        assert says in message
    assert tempfile.gettempdir() not in message  # our temporary paths stay ours


def test_broken_document_says_what_the_format_says(client: TestClient) -> None:
    from translit.formats import FormatError, FormatOptions, format_for

    tr = translit.Transliterator("cyrillic", "latin")
    with pytest.raises(FormatError) as raised:
        format_for("x.json").convert_text('{"a": ', tr, FormatOptions())
    response = _upload(client, "x.json", b'{"a": ')
    assert response.json()["error"] == f"x.json: {raised.value}"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("fields", "files", "says"),
    [
        ({"scheme": "2026"}, {"file": ("a.txt", b"x")}, "scheme: '2026' is not one of: latin,"),
        ({"format": "pdf"}, {"file": ("a.txt", b"x")}, "format: 'pdf' is not one of: text,"),
        ({"colour": "red"}, {"file": ("a.txt", b"x")}, "unknown field 'colour'"),
        ({}, {"other": ("a.txt", b"x")}, "field 'file'"),
    ],
)
def test_bad_file_requests(
    client: TestClient, fields: dict[str, str], files: dict[str, object], says: str
) -> None:
    response = client.post("/api/convert-file", files=files, data=fields)
    assert response.status_code == 422
    assert says in response.json()["error"]


def test_convert_file_wants_multipart(client: TestClient) -> None:
    response = client.post("/api/convert-file", json={"text": "x"})
    assert response.status_code == 415


@pytest.mark.parametrize(
    ("uploaded", "ascii_name", "exact"),
    [
        ("../../etc/passwd", "passwd-lat", "passwd-lat"),
        ("C:\\Users\\me\\hujjat.txt", "hujjat-lat.txt", "hujjat-lat.txt"),
        # (the test client percent-encodes " and CR LF in the multipart header)
        ('a"b;c\r\nSet-Cookie: x.txt', "a_22b_c_0D_0ASet-Cookie_ x-lat.txt", None),
        ("мақола.txt", "maqola-lat.txt", "мақола-lat.txt"),
        (".env", "env-lat", "env-lat"),
        ("...", "document-lat", "document-lat"),
    ],
)
def test_download_names_are_sanitised(
    client: TestClient, uploaded: str, ascii_name: str, exact: str | None
) -> None:
    response = _upload(client, uploaded, "Шаҳар".encode())
    assert response.status_code == 200, response.text  # type: ignore[attr-defined]
    header = response.headers["content-disposition"]  # type: ignore[attr-defined]
    assert "\r" not in header and "\n" not in header
    plain = re.search(r'filename="([^"]*)"', header)
    assert plain is not None and plain.group(1) == ascii_name
    name = _download_name(response)
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    if exact is not None:
        assert name == exact


def test_no_file_is_left_behind(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Uploads are converted in a temporary folder that is gone after the response,
    whether the conversion worked or not."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    assert _upload(client, "a.txt", "Шаҳар".encode()).status_code == 200  # type: ignore[attr-defined]
    assert _upload(client, "b.json", b"{").status_code == 422  # type: ignore[attr-defined]
    big = "Шаҳар ва қишлоқ\n".encode() * 100_000  # over the in-memory spool of uploads
    assert _upload(client, "c.txt", big).status_code == 200  # type: ignore[attr-defined]
    assert os.listdir(tmp_path) == []


# --------------------------------------------------------------------------- the rest


def test_security_headers_everywhere(client: TestClient) -> None:
    responses = [
        client.get("/"),
        client.get("/static/app.js"),
        client.get("/api/health"),
        client.post("/api/convert", json={"text": "x"}),
        client.post("/api/convert", json={"nope": 1}),
        client.get("/missing"),
    ]
    for response in responses:
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["x-frame-options"] == "DENY"
    assert responses[3].headers["cache-control"] == "no-store"


def test_health_and_schema(client: TestClient) -> None:
    assert client.get("/api/health").json() == {"status": "ok", "version": translit.__version__}
    schema = client.get("/schema").json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {"/api/convert", "/api/convert-file", "/api/health"}
    body = schema["paths"]["/api/convert"]["post"]["requestBody"]["content"]["application/json"]
    properties = body["schema"]["properties"]
    assert set(properties) == {"text", "source", "target", "scheme", "apostrophe", "keep"}
    assert properties["apostrophe"]["enum"] == list(translit.APOSTROPHE_STYLES)


def test_page_is_served_whole_with_no_inline_script(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    html = page.text
    for asset in ("/static/app.js", "/static/style.css", "/static/icon.svg"):
        assert f'"{asset}"' in html
        assert client.get(asset).status_code == 200
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []  # no inline script
    assert not re.search(r"\son[a-z]+=", html)  # no inline handler
    assert " style=" not in html
    for name in ("index.html", "app.js", "style.css", "icon.svg"):
        text = (STATIC / name).read_text("utf-8")
        # Nothing fetched from elsewhere: the page works offline.
        assert not re.search(r"(?:src|href|url)\s*[=(]\s*[\"']?(?:https?:)?//", text), name
        assert "innerHTML" not in text and "insertAdjacentHTML" not in text, name


def test_page_controls(client: TestClient) -> None:
    html = client.get("/").text
    for control in ("source", "result", "direction", "scheme", "apostrophe", "copy", "file"):
        assert f'id="{control}"' in html
    for control in ("source", "direction", "scheme", "apostrophe", "file", "lang", "keep"):
        assert f'for="{control}"' in html, f"#{control} has no label"
    schemes = re.search(r'<select id="scheme">(.*?)</select>', html, re.DOTALL)
    assert schemes is not None
    values = re.findall(r'value="([^"]+)"', schemes.group(1))
    assert values == [s for s in translit.SCRIPTS if s.startswith("latin")]
    accept = re.search(r'id="file" type="file" accept="([^"]+)"', html)
    assert accept is not None
    from translit.formats import formats

    extensions = {e for f in formats() for e in f.extensions}
    assert set(accept.group(1).split(",")) == extensions


def test_api_json_keeps_unicode(client: TestClient) -> None:
    response = client.post("/api/convert", json={"text": "Ўзбек"})
    assert json.loads(response.content.decode("utf-8"))["text"] == "Oʻzbek"


def test_unsure_in_cyrillic_text(client: TestClient) -> None:
    """A Latin o typed among Cyrillic letters (a slip) is a word to check."""
    answer = convert(client, text="Тoшкент шаҳри", source="cyrillic")
    assert [(w["word"], w["start"], w["end"]) for w in answer["unsure"]] == [("Тoшкент", 0, 7)]


def test_json_lines_gz_keeps_its_double_extension(client: TestClient) -> None:
    import gzip

    data = gzip.compress('{"a": "Шаҳар"}\n{"a": "қишлоқ"}\n'.encode())
    response = _upload(client, "satrlar.jsonl.gz", data)
    assert response.status_code == 200, response.text  # type: ignore[attr-defined]
    assert _download_name(response) == "satrlar-lat.jsonl.gz"
    lines = gzip.decompress(response.content).decode().splitlines()  # type: ignore[attr-defined]
    assert [json.loads(line) for line in lines] == [{"a": "Shahar"}, {"a": "qishloq"}]
