"""Columns of text: lists, pandas Series and dataset batches, nulls kept as nulls.

Why a module of its own: Spark, Dask, Hugging Face datasets and the Parquet/JSON Lines
command line all convert the same thing, a column of strings with missing values here
and there, and must agree on what a missing value is (it stays missing; an empty string
stays empty; anything else that is not text is an error, never a silent ``str()``).
Nothing here imports pandas, pyarrow or an engine: they hand their columns in.

Hugging Face ``datasets`` (a tiny recipe; nothing is downloaded)::

    from datasets import load_dataset
    import translit.batch

    ds = load_dataset("json", data_files="corpus.jsonl", split="train")
    ds = ds.map(translit.batch.to_latin_batch, batched=True, num_proc=4,
                fn_kwargs={"columns": ["text"]})

or, with options, a :class:`BatchConverter` (it pickles to its arguments, so ``num_proc``
workers build the tables once each)::

    ds.map(BatchConverter("latin", "cyrillic", columns=["text"], keep=["Starlink"]),
           batched=True, num_proc=4)
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .core.transliterator import Transliterator

__all__ = [
    "BatchConverter",
    "convert_series",
    "convert_values",
    "to_cyrillic_batch",
    "to_latin_batch",
]


def _is_missing(value: object) -> bool:
    # None, NaN (pandas' object columns) and pandas.NA, without importing pandas.
    if value is None or type(value).__name__ == "NAType":
        return True
    return isinstance(value, float) and value != value


def convert_values(tr: Transliterator, values: Iterable[object]) -> list[str | None]:
    """Each string converted; missing values (None, NaN, pandas.NA) become None.

    >>> convert_values(Transliterator("cyrillic", "latin"), ["Шаҳар", None, ""])
    ['Shahar', None, '']

    Anything else raises TypeError: a number in a text column is a mistake to report,
    not text to write back changed.
    """
    # Imported here: translit.batch imports this module, and a pipe of plain text must not
    # pay for importing the formats layer.
    from .formats._segments import convert_many

    out: list[str | None] = []
    texts: list[str] = []
    where: list[int] = []
    for value in values:
        if isinstance(value, str):
            where.append(len(out))
            texts.append(value)
            out.append(value)
        elif _is_missing(value):
            out.append(None)
        else:
            raise TypeError(f"expected text or a missing value, got {type(value).__name__}")
    # In bulk: a column is many short strings, and a call per string would cost more
    # than the conversion (the same helper the document formats use).
    for index, converted in zip(where, convert_many(tr, texts), strict=True):
        out[index] = converted
    return out


def convert_series(series: Any, tr: Transliterator) -> Any:
    """A pandas Series of text converted: same index, name and dtype, nulls kept."""
    values = convert_values(tr, series.tolist())
    return type(series)(values, index=series.index, name=series.name, dtype=series.dtype)


class BatchConverter:
    """A callable for ``datasets.Dataset.map(..., batched=True)``: converts the named
    ``columns`` of a batch (default: every column holding only text and missing values)
    and returns them, leaving the other columns to the dataset.

    >>> BatchConverter("cyrillic", "latin")({"id": [1, 2], "text": ["Ўзбек", None]})
    {'text': ['Oʻzbek', None]}
    """

    def __init__(
        self,
        source: str,
        target: str,
        *,
        columns: Sequence[str] | None = None,
        **options: object,
    ) -> None:
        self.tr = Transliterator(source, target, **options)
        self.columns = None if columns is None else tuple(columns)

    def __call__(self, batch: Mapping[str, Sequence[object]]) -> dict[str, list[str | None]]:
        return _convert_batch(self.tr, batch, self.columns)


def _convert_batch(
    tr: Transliterator, batch: Mapping[str, Sequence[object]], columns: Sequence[str] | None
) -> dict[str, list[str | None]]:
    if columns is None:
        names = [name for name, values in batch.items() if _is_text(values)]
    else:
        missing = [name for name in columns if name not in batch]
        if missing:
            raise KeyError(f"no column {', '.join(map(repr, missing))} in {list(batch)}")
        names = list(columns)
    return {name: convert_values(tr, batch[name]) for name in names}


@functools.lru_cache(maxsize=8)
def _shared(source: str, target: str, apostrophe: str = "unicode") -> Transliterator:
    # One transliterator per process and direction: its word cache carries over batches.
    return Transliterator(source, target, apostrophe=apostrophe)


def _is_text(values: Sequence[object]) -> bool:
    found = False
    for value in values:
        if isinstance(value, str):
            found = True
        elif not _is_missing(value):
            return False
    return found


def to_latin_batch(
    batch: Mapping[str, Sequence[object]],
    columns: Sequence[str] | None = None,
    apostrophe: str = "unicode",
) -> dict[str, list[str | None]]:
    """Cyrillic -> Latin for a batch of ``datasets.Dataset.map(batched=True)``.

    >>> to_latin_batch({"text": ["Шаҳар", None, ""], "n": [1, 2, 3]})
    {'text': ['Shahar', None, '']}
    """
    return _convert_batch(_shared("cyrillic", "latin", apostrophe), batch, columns)


def to_cyrillic_batch(
    batch: Mapping[str, Sequence[object]],
    columns: Sequence[str] | None = None,
) -> dict[str, list[str | None]]:
    """Latin -> Cyrillic for a batch of ``datasets.Dataset.map(batched=True)``.

    >>> to_cyrillic_batch({"text": ["Shahar"]}, columns=["text"])
    {'text': ['Шаҳар']}
    """
    return _convert_batch(_shared("latin", "cyrillic"), batch, columns)
