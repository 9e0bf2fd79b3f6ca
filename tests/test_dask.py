"""translit.dask on a distributed.LocalCluster of 2 worker processes: every row equals
translit.to_latin of it, nulls stay null, empty strings stay empty (issue 16)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import require_module

CYRILLIC_ROWS = [
    "Ўзбекистон Республикаси",
    None,
    "",
    "Тошкент шаҳри, сентябрь ойида www.kun.uz ёзди",
    "Starlinkга объект, цирк",
    "   ",
    "Шаҳар\nва қишлоқ",
    "Ёшлар",
]
LATIN_ROWS = ["Oʻzbekiston, sirkka bordik", "", "Starlinkga Facebookʼda yoʻl", "XXI asr"]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    require_module("dask.dataframe", "dask")
    distributed = require_module("distributed", "dask")
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with distributed.Client(cluster) as client:
        yield client
    cluster.close()


def test_series_matches_the_library_row_by_row(client: Any) -> None:
    import dask.dataframe as dd
    import pandas as pd

    import translit.dask

    frame = pd.DataFrame({"id": range(len(CYRILLIC_ROWS)), "text": CYRILLIC_ROWS})
    ddf = dd.from_pandas(frame, npartitions=3)
    ddf["lat"] = translit.dask.to_latin(ddf["text"])
    out = ddf.compute().sort_values("id")
    got = [None if pd.isna(v) else v for v in out["lat"]]
    assert got == [None if t is None else translit.to_latin(t) for t in CYRILLIC_ROWS]
    assert [None if pd.isna(v) else v for v in out["text"]] == CYRILLIC_ROWS
    # Each partition ran in a worker process, not here.
    assert len(client.scheduler_info()["workers"]) == 2


def test_bag_with_options(client: Any) -> None:
    import dask.bag as db

    import translit.dask

    bag = db.from_sequence(LATIN_ROWS, npartitions=2)
    got = translit.dask.to_cyrillic(bag, keep=["Starlink"]).compute()
    assert got == [translit.to_cyrillic(t, keep=["Starlink"]) for t in LATIN_ROWS]
    tr = translit.Transliterator("latin", "latin-2026")
    assert translit.dask.convert(bag, source="latin", target="latin-2026").compute() == [
        tr(t) for t in LATIN_ROWS
    ]


def test_not_a_series_or_bag() -> None:
    require_module("dask.dataframe", "dask")
    import dask.dataframe as dd
    import pandas as pd

    import translit.dask

    with pytest.raises(TypeError, match="one column"):
        translit.dask.to_latin(dd.from_pandas(pd.DataFrame({"a": ["x"]}), npartitions=1))
    with pytest.raises(TypeError, match="dask Series or Bag"):
        translit.dask.to_latin(["a list"])
