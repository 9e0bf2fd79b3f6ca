"""Dask collections: a DataFrame column (``ddf["text"]``) or a Bag of strings, converted
partition by partition.

Why ``map_partitions``: a task per partition carries the :class:`~translit.Transliterator`
pickled as its constructor arguments (a few hundred bytes), and each worker process
builds the tables once and keeps them for every later partition, so the work is the
conversion itself. Null stays null, "" stays "". The result is lazy, like any Dask
collection: nothing runs until ``.compute()``, ``.to_parquet()``...

Needs the ``dask`` extra (dask[dataframe], distributed for a cluster).
"""

from __future__ import annotations

from typing import Any

from .columns import convert_series, convert_values
from .core.transliterator import Transliterator
from .errors import MissingExtraError

__all__ = ["convert", "to_cyrillic", "to_latin"]


def _convert_list(texts: Any, tr: Transliterator) -> list[str | None]:
    return convert_values(tr, texts)


def convert(obj: Any, *, source: str, target: str, **options: object) -> Any:
    """A dask Series or Bag of strings converted from ``source`` to ``target`` script;
    ``options`` go to :class:`~translit.Transliterator` (``apostrophe``, ``keep``...)."""
    tr = Transliterator(source, target, **options)
    MissingExtraError.require("dask", "Dask", "dask", "dask")
    bag: Any = MissingExtraError.require("dask.bag", "Dask", "dask", "dask")
    if isinstance(obj, bag.Bag):
        return obj.map_partitions(_convert_list, tr)
    frame: Any = MissingExtraError.require("dask.dataframe", "Dask", "dask[dataframe]", "dask")
    if isinstance(obj, frame.Series):
        return obj.map_partitions(convert_series, tr, meta=obj._meta)
    if isinstance(obj, frame.DataFrame):
        raise TypeError("convert one column of a dask DataFrame at a time: ddf['text']")
    raise TypeError(f"expected a dask Series or Bag, got {type(obj).__name__}")


def to_latin(obj: Any, *, apostrophe: str = "unicode") -> Any:
    """Uzbek Cyrillic -> Latin for a dask Series or Bag of strings."""
    return convert(obj, source="cyrillic", target="latin", apostrophe=apostrophe)


def to_cyrillic(obj: Any, **options: object) -> Any:
    """Uzbek Latin -> Cyrillic for a dask Series or Bag of strings; ``keep=[...]``."""
    return convert(obj, source="latin", target="cyrillic", **options)
