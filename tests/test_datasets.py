"""Hugging Face datasets: the recipe of translit.columns (``ds.map(to_latin_batch,
batched=True, num_proc=2)``) on a tiny dataset made from a local JSON Lines file; nothing is
downloaded (HF_DATASETS_OFFLINE=1). Rows compared with translit.to_latin (issue 16)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

import translit
import translit.batch
from translit.columns import BatchConverter

from .conftest import require_module

ROWS = [
    {"id": 1, "text": "Ўзбекистон Республикаси", "title": "Шаҳар"},
    {"id": 2, "text": None, "title": ""},
    {"id": 3, "text": "", "title": "Ёшлар"},
    {"id": 4, "text": "сентябрь ойида www.kun.uz ёзди", "title": None},
    {"id": 5, "text": "Starlinkга объект, цирк", "title": "Тошкент"},
]


def _dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    datasets = require_module("datasets", "test")
    data = tmp_path / "corpus.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS), "utf-8")
    return datasets.load_dataset(
        "json", data_files=str(data), split="train", cache_dir=str(tmp_path / "cache")
    )


def _latin(text: str | None) -> str | None:
    return None if text is None else translit.to_latin(text)


def test_to_latin_batch_with_num_proc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ds = _dataset(tmp_path, monkeypatch)
    out = ds.map(
        translit.batch.to_latin_batch,
        batched=True,
        batch_size=2,
        num_proc=2,
        fn_kwargs={"columns": ["text"]},
    )
    assert out["text"] == [_latin(r["text"]) for r in ROWS]
    assert out["title"] == [r["title"] for r in ROWS]  # not named: unchanged
    assert out["id"] == [r["id"] for r in ROWS]


def test_every_text_column_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ds = _dataset(tmp_path, monkeypatch)
    out = ds.map(translit.batch.to_latin_batch, batched=True, batch_size=2)
    assert out["text"] == [_latin(r["text"]) for r in ROWS]
    assert out["title"] == [_latin(r["title"]) for r in ROWS]
    assert out["id"] == [r["id"] for r in ROWS]


def test_converter_with_options(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ds = _dataset(tmp_path, monkeypatch)
    convert = BatchConverter(
        "cyrillic", "latin", columns=["title"], apostrophe="ascii", keep=["Ёшлар"]
    )
    out = ds.map(convert, batched=True, num_proc=2)
    tr = translit.Transliterator("cyrillic", "latin", apostrophe="ascii", keep=["Ёшлар"])
    assert out["title"] == [None if r["title"] is None else tr(r["title"]) for r in ROWS]
    assert out["text"] == [r["text"] for r in ROWS]
    assert os.environ["HF_DATASETS_OFFLINE"] == "1"
