"""translit.spark on a local[2] Spark session: every row equals translit.to_latin of it,
nulls stay null, empty strings stay empty (issue 16). Needs Java; skipped without it,
except under CI=1."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import require_module, skip_or_fail

CYRILLIC_ROWS = [
    "Ўзбекистон Республикаси",
    None,
    "",
    "Тошкент шаҳри, сентябрь ойида www.kun.uz ёзди",
    "Starlinkга объект, цирк",
    "   ",
    "Шаҳар\nва қишлоқ",
]
LATIN_ROWS = ["Oʻzbekiston, sirkka bordik", None, "", "Starlinkga Facebookʼda yoʻl", "XXI asr"]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    require_module("pyspark", "spark")
    require_module("pandas", "spark")
    require_module("pyarrow", "spark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        skip_or_fail("Spark needs a Java runtime: none found (apt-get install default-jre)")
    from pyspark.sql import SparkSession

    # Executors run this interpreter (with translit installed), on this machine only.
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["SPARK_LOCAL_IP"] = "127.0.0.1"
    session = (
        SparkSession.builder.master("local[2]")
        .appName("translit-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.execution.arrow.maxRecordsPerBatch", "3")  # several batches
        .getOrCreate()
    )
    yield session
    session.stop()


def _frame(spark: Any, rows: list[str | None]) -> Any:
    data = [(i, text) for i, text in enumerate(rows)]
    return spark.createDataFrame(data, "id long, text string").repartition(2)


def _collected(frame: Any, column: str) -> list[str | None]:
    return [row[column] for row in frame.orderBy("id").collect()]


def test_to_latin_matches_the_library_row_by_row(spark: Any) -> None:
    import translit.spark

    frame = _frame(spark, CYRILLIC_ROWS).withColumn("lat", translit.spark.to_latin("text"))
    assert frame.schema["lat"].dataType.simpleString() == "string"
    expected = [None if t is None else translit.to_latin(t) for t in CYRILLIC_ROWS]
    assert _collected(frame, "lat") == expected
    assert _collected(frame, "text") == CYRILLIC_ROWS  # the source column is untouched


def test_to_cyrillic_with_options_and_a_column_object(spark: Any) -> None:
    from pyspark.sql import functions

    import translit.spark

    frame = _frame(spark, LATIN_ROWS).withColumn(
        "cyr", translit.spark.to_cyrillic(functions.col("text"), keep=["Starlink"])
    )
    keep = ["Starlink"]
    expected = [None if t is None else translit.to_cyrillic(t, keep=keep) for t in LATIN_ROWS]
    assert _collected(frame, "cyr") == expected


def test_convert_any_scripts(spark: Any) -> None:
    import translit.spark

    frame = _frame(spark, CYRILLIC_ROWS).select(
        "id",
        translit.spark.convert(
            "text", source="cyrillic", target="latin-2026", apostrophe="ascii"
        ).alias("out"),
    )
    tr = translit.Transliterator("cyrillic", "latin-2026", apostrophe="ascii")
    assert _collected(frame, "out") == [None if t is None else tr(t) for t in CYRILLIC_ROWS]


def test_bad_options_fail_on_the_driver(spark: Any) -> None:
    import translit.spark

    with pytest.raises(ValueError, match="unknown script"):
        translit.spark.convert("text", source="cyrillic", target="greek")
