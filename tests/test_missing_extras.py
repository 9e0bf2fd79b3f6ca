"""Without an optional dependency, Spark, Dask and Parquet give one clear error naming the
extra to install (translit.MissingExtraError, an ImportError) (issue 16)."""

from __future__ import annotations

import io
import sys

import pytest

import translit
from translit.formats import FormatOptions, format_for


def _hide(monkeypatch: pytest.MonkeyPatch, *modules: str) -> None:
    # A None entry in sys.modules makes `import name` raise ImportError.
    for name in modules:
        monkeypatch.setitem(sys.modules, name, None)


def test_spark_names_its_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import translit.spark

    _hide(monkeypatch, "pyspark", "pyspark.sql", "pyspark.sql.functions")
    with pytest.raises(translit.MissingExtraError, match=r"uz-translit\[spark\]") as found:
        translit.spark.to_latin("text")
    assert found.value.extra == "spark"


def test_dask_names_its_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    import translit.dask

    _hide(monkeypatch, "dask", "dask.bag", "dask.dataframe")
    with pytest.raises(translit.MissingExtraError, match=r"uz-translit\[dask\]") as found:
        translit.dask.to_latin(["Шаҳар"])
    assert found.value.extra == "dask"


def test_parquet_names_its_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    _hide(monkeypatch, "pyarrow", "pyarrow.parquet")
    tr = translit.Transliterator("cyrillic", "latin")
    with pytest.raises(translit.MissingExtraError, match=r"uz-translit\[parquet\]") as found:
        format_for("data.parquet").stream_bytes(io.BytesIO(b"PAR1"), io.BytesIO(), tr,
                                                FormatOptions())
    assert found.value.extra == "parquet"
