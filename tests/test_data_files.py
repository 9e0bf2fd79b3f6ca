"""Columns of data files from the command line (issue 16): Parquet, JSON Lines (plain and
gzip) and CSV, one or several --column, converted row by row as translit.to_latin does;
other columns, the schema and the row groups unchanged; nulls stay null; a folder of
Parquet files converts like any folder, in parallel with --jobs."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest

import translit
from translit import cli

from .conftest import require_module

TEXTS = ["Ўзбекистон Республикаси", None, "", "Тошкент шаҳри, www.kun.uz", "Ёшлар", "цирк"]
TITLES = ["Шаҳар", "қишлоқ", None, "", "Starlink", "объект"]
ROWS = [
    {"id": i, "text": text, "title": title, "score": None if i == 2 else i / 2}
    for i, (text, title) in enumerate(zip(TEXTS, TITLES, strict=True))
]


def _latin(value: str | None) -> str | None:
    return None if value is None else translit.to_latin(value)


def _expected(columns: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{k: _latin(v) if k in columns else v for k, v in row.items()} for row in ROWS]


def _run(*args: str | Path) -> int:
    jobs = [] if "-j" in args else ["-j", "1"]  # processes only where a test asks for them
    return cli.main(["to-latin", "-q", *jobs, *map(str, args)])


def _parquet(path: Path, row_group_size: int = 2) -> Any:
    pa = require_module("pyarrow", "parquet")
    pq = require_module("pyarrow.parquet", "parquet")
    schema = pa.schema(
        [("id", pa.int64()), ("text", pa.string()), ("title", pa.large_string()),
         ("score", pa.float64())],
        metadata={"source": "tests"},
    )
    pq.write_table(pa.Table.from_pylist(ROWS, schema=schema), path, row_group_size=row_group_size)
    return pq


@pytest.mark.parametrize("columns", [("text",), ("text", "title")])
def test_parquet_columns(tmp_path: Path, columns: tuple[str, ...]) -> None:
    pq = _parquet(tmp_path / "in.parquet")
    flags = [arg for name in columns for arg in ("--column", name)]
    assert _run(tmp_path / "in.parquet", *flags, "-o", tmp_path / "out.parquet") == 0
    before = pq.ParquetFile(tmp_path / "in.parquet")
    after = pq.ParquetFile(tmp_path / "out.parquet")
    assert after.read().to_pylist() == _expected(columns)
    assert after.schema_arrow == before.schema_arrow
    assert after.schema_arrow.metadata == before.schema_arrow.metadata
    assert after.metadata.num_row_groups == before.metadata.num_row_groups == 3


def test_parquet_every_text_column_by_default(tmp_path: Path) -> None:
    pq = _parquet(tmp_path / "in.parquet")
    assert _run(tmp_path / "in.parquet", "-o", tmp_path / "out.parquet") == 0
    assert pq.read_table(tmp_path / "out.parquet").to_pylist() == _expected(("text", "title"))


def test_parquet_bad_columns_fail_and_write_nothing(tmp_path: Path) -> None:
    _parquet(tmp_path / "in.parquet")
    for column in ("nope", "score"):
        assert _run(tmp_path / "in.parquet", "--column", column, "-o", tmp_path / "o.parquet") == 1
        assert not (tmp_path / "o.parquet").exists()
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 not really")
    assert _run(tmp_path / "broken.parquet", "-o", tmp_path / "o.parquet") == 1
    assert not (tmp_path / "o.parquet").exists()


def test_folder_of_parquet_files_with_jobs(tmp_path: Path) -> None:
    pq = None
    (tmp_path / "in" / "sub").mkdir(parents=True)
    names = ["a.parquet", "b.parquet", "sub/c.parquet"]
    for name in names:
        pq = _parquet(tmp_path / "in" / name, row_group_size=4)
    assert pq is not None
    assert _run(tmp_path / "in", "--column", "text", "-j", "2", "-o", tmp_path / "out") == 0
    for name in names:
        assert pq.read_table(tmp_path / "out" / name).to_pylist() == _expected(("text",))


def _jsonl(rows: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def test_json_lines_columns_keep_the_rest_byte_for_byte(tmp_path: Path) -> None:
    # Spacing, number spelling and escapes of the other keys are kept as written.
    lines = [
        '{"id": 0, "text": "Шаҳар", "raw":1e3 ,"nested": {"text": "Шаҳар"}}',
        '{"id":1,"text":null,"title":"\\u0428"}',
        "",
        '["Шаҳар"]',
        '{"id": 2, "text": ""}',
    ]
    expected = [
        '{"id": 0, "text": "Shahar", "raw":1e3 ,"nested": {"text": "Шаҳар"}}',
        '{"id":1,"text":null,"title":"\\u0428"}',
        "",
        '["Шаҳар"]',
        '{"id": 2, "text": ""}',
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    assert _run(tmp_path / "in.jsonl", "--column", "text", "-o", tmp_path / "out.jsonl") == 0
    assert (tmp_path / "out.jsonl").read_text("utf-8") == "\n".join(expected) + "\n"


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz"])
def test_json_lines_rows(tmp_path: Path, suffix: str) -> None:
    data = _jsonl(ROWS).encode()
    src, dst = tmp_path / f"in{suffix}", tmp_path / f"out{suffix}"
    src.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    assert _run(src, "--column", "text", "--column", "title", "-o", dst) == 0
    out = dst.read_bytes()
    text = (gzip.decompress(out) if suffix.endswith(".gz") else out).decode()
    assert [json.loads(line) for line in text.splitlines()] == _expected(("text", "title"))


def test_json_lines_bad_line_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in.jsonl").write_text('{"text": "a"}\n{"text": \n"b"}\n', "utf-8")
    assert _run(tmp_path / "in.jsonl", "-o", tmp_path / "out.jsonl") == 1
    assert "line 2" in capsys.readouterr().err
    assert not (tmp_path / "out.jsonl").exists()
    (tmp_path / "in.jsonl.gz").write_bytes(b"not gzip")
    assert _run(tmp_path / "in.jsonl.gz", "-o", tmp_path / "out.jsonl.gz") == 1
    assert not (tmp_path / "out.jsonl.gz").exists()


def test_csv_columns(tmp_path: Path) -> None:
    header = "id,text,title\n"
    body = [f'{r["id"]},"{r["text"] or ""}",{r["title"] or ""}\n' for r in ROWS]
    (tmp_path / "in.csv").write_text(header + "".join(body), "utf-8")
    assert _run(tmp_path / "in.csv", "--column", "text", "-o", tmp_path / "out.csv") == 0
    expected = [f'{r["id"]},"{_latin(r["text"] or "")}",{r["title"] or ""}\n' for r in ROWS]
    assert (tmp_path / "out.csv").read_text("utf-8") == header + "".join(expected)


def test_one_parquet_file_with_jobs_converts_row_groups_in_parallel(tmp_path: Path) -> None:
    # -j 2 on a single file: row groups go to 2 processes; the file is the same as with -j 1.
    pq = _parquet(tmp_path / "in.parquet", row_group_size=1)
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}.parquet"
        assert _run(tmp_path / "in.parquet", "--column", "text", "-j", jobs, "-o", out) == 0
    one = pq.ParquetFile(tmp_path / "out1.parquet")
    two = pq.ParquetFile(tmp_path / "out2.parquet")
    assert two.read().to_pylist() == one.read().to_pylist() == _expected(("text",))
    assert two.metadata.num_row_groups == one.metadata.num_row_groups == len(ROWS)
    assert two.schema_arrow == one.schema_arrow


def test_row_groups_in_parallel_through_the_format(tmp_path: Path) -> None:
    import io

    from translit.formats import FormatOptions, format_for

    pq = _parquet(tmp_path / "in.parquet", row_group_size=2)
    fmt = format_for("in.parquet")
    tr = translit.Transliterator("cyrillic", "latin")
    outs = []
    for jobs in (1, 2):
        out = io.BytesIO()
        with open(tmp_path / "in.parquet", "rb") as src:
            fmt.stream_bytes(src, out, tr, FormatOptions(columns=("title",), jobs=jobs))
        outs.append(pq.read_table(io.BytesIO(out.getvalue())).to_pylist())
    assert outs[0] == outs[1] == _expected(("title",))
