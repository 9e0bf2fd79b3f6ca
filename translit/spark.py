"""Spark columns: ``df.withColumn("text_lat", translit.spark.to_latin("text"))``.

Why a pandas UDF: Spark hands a Python worker whole Arrow batches of a column (thousands
of rows per call) instead of one row per call, so the cost per row is the conversion
itself. The UDF carries the :class:`~translit.Transliterator` pickled as its constructor
arguments; each executor's Python worker builds the tables once and keeps them for every
batch and task it runs (Spark reuses its Python workers). Null stays null, "" stays "".

Needs the ``spark`` extra (pyspark, pandas, pyarrow) and a Java runtime for Spark itself.
"""

from __future__ import annotations

from typing import Any

from .columns import convert_series
from .core.transliterator import Transliterator
from .errors import MissingExtraError

__all__ = ["convert", "to_cyrillic", "to_latin"]


def convert(column: Any, *, source: str, target: str, **options: object) -> Any:
    """``column`` (a name or a ``pyspark.sql.Column`` of strings) converted from ``source``
    to ``target`` script, as a ``pyspark.sql.Column``; ``options`` go to
    :class:`~translit.Transliterator` (``apostrophe``, ``keep``...).

    Unknown scripts or options raise ValueError here, on the driver, before any job runs.
    """
    tr = Transliterator(source, target, **options)
    functions: Any = MissingExtraError.require("pyspark.sql.functions", "Spark", "pyspark", "spark")
    pandas: Any = MissingExtraError.require("pandas", "Spark (pandas UDFs)", "pandas", "spark")
    MissingExtraError.require("pyarrow", "Spark (pandas UDFs)", "pyarrow", "spark")

    def convert_batch(texts: Any) -> Any:
        return convert_series(texts, tr)

    # Spark tells a Series -> Series UDF by its type hints, which must be real classes.
    convert_batch.__annotations__ = {"texts": pandas.Series, "return": pandas.Series}
    udf = functions.pandas_udf(convert_batch, "string")
    return udf(functions.col(column) if isinstance(column, str) else column)


def to_latin(column: Any, *, apostrophe: str = "unicode") -> Any:
    """Uzbek Cyrillic -> Latin for a Spark column (name or ``Column``)."""
    return convert(column, source="cyrillic", target="latin", apostrophe=apostrophe)


def to_cyrillic(column: Any, **options: object) -> Any:
    """Uzbek Latin -> Cyrillic for a Spark column (name or ``Column``); ``keep=[...]``."""
    return convert(column, source="latin", target="cyrillic", **options)
