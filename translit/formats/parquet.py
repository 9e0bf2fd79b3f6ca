"""Parquet: convert text columns row group by row group, keeping the schema and every
other column as they are.

Why pyarrow and row groups: a Parquet file is written in row groups, each a few hundred
thousand rows at most; reading, converting and writing one at a time keeps memory at
about one row group whatever the size of the file, and keeps the file's layout (one row
group out for each row group in, the same schema and metadata, the same compression).
``FormatOptions.columns`` names the columns to convert; without it every string column
(``string`` / ``large_string``) is converted. A named column that is not text is an error.
Nulls stay null.

With ``FormatOptions.jobs`` above 1 (``translit -j N`` on a single file), row groups are
converted by N processes and written in order: the same file, sooner.

Needs the ``parquet`` extra (pyarrow).
"""

from __future__ import annotations

import collections
import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, BinaryIO

from translit.errors import MissingExtraError

from ._base import FormatError, FormatOptions, StreamingBinaryFormat

if TYPE_CHECKING:
    from translit import Transliterator

__all__ = ["ParquetFormat"]


def _pyarrow() -> tuple[Any, Any]:
    pa = MissingExtraError.require("pyarrow", "Parquet files", "pyarrow", "parquet")
    pq = MissingExtraError.require("pyarrow.parquet", "Parquet files", "pyarrow", "parquet")
    return pa, pq


def _is_text(pa: Any, kind: Any) -> bool:
    return bool(pa.types.is_string(kind) or pa.types.is_large_string(kind))


def text_columns(schema: Any, columns: tuple[str, ...] | None) -> list[str]:
    """The names of the columns to convert; FormatError for a missing or non-text one."""
    pa, _ = _pyarrow()
    if columns is None:
        return [field.name for field in schema if _is_text(pa, field.type)]
    names = [name.strip() for name in columns]
    missing = [name for name in names if name not in schema.names]
    if missing:
        raise FormatError(
            f"no column named {', '.join(map(repr, missing))} "
            f"(columns: {', '.join(map(repr, schema.names))})"
        )
    for name in names:
        kind = schema.field(name).type
        if not _is_text(pa, kind):
            raise FormatError(f"column {name!r} holds {kind}, not text")
    return names


def convert_table(table: Any, names: list[str], tr: Transliterator) -> Any:
    """``table`` (a pyarrow Table or RecordBatch) with the columns ``names`` converted."""
    from translit.columns import convert_values

    pa, _ = _pyarrow()
    for name in names:
        index = table.schema.get_field_index(name)
        column = table.column(index)
        converted = pa.array(convert_values(tr, column.to_pylist()), type=column.type)
        table = table.set_column(index, table.schema.field(index), converted)
    return table


class ParquetFormat(StreamingBinaryFormat):
    name = "parquet"
    extensions = (".parquet", ".parq")
    def stream_bytes(
        self, src: BinaryIO, dst: BinaryIO, tr: Transliterator, options: FormatOptions
    ) -> None:
        pa, pq = _pyarrow()
        try:
            source = pq.ParquetFile(src)
        except (pa.ArrowInvalid, pa.ArrowException) as exc:
            raise FormatError(f"not a readable Parquet file: {exc}") from None
        schema = source.schema_arrow
        names = text_columns(schema, options.columns)
        meta = source.metadata
        compression = "snappy"
        if meta.num_row_groups and meta.num_columns:
            compression = meta.row_group(0).column(0).compression.lower()
        compression = "none" if compression == "uncompressed" else compression
        path = getattr(src, "name", None)
        with pq.ParquetWriter(dst, schema, compression=compression) as writer:
            if options.jobs > 1 and meta.num_row_groups > 1 and isinstance(path, str):
                groups = _in_parallel(path, meta.num_row_groups, names, tr, options.jobs)
            else:
                groups = (
                    convert_table(_row_group(source, index), names, tr)
                    for index in range(meta.num_row_groups)
                )
            for converted in groups:
                writer.write_table(converted, row_group_size=len(converted) or None)


def _row_group(source: Any, index: int) -> Any:
    pa, _ = _pyarrow()
    try:
        return source.read_row_group(index)
    except (pa.ArrowInvalid, pa.ArrowException, OSError) as exc:
        raise FormatError(f"row group {index}: cannot be read: {exc}") from None


@functools.lru_cache(maxsize=4)
def _opened(path: str) -> Any:
    _, pq = _pyarrow()
    return pq.ParquetFile(path)


def _convert_row_group(path: str, index: int, names: list[str], tr: Transliterator) -> Any:
    """In a worker process: row group ``index`` of the file at ``path``, converted."""
    return convert_table(_row_group(_opened(path), index), names, tr)


def _in_parallel(
    path: str, count: int, names: list[str], tr: Transliterator, jobs: int
) -> Iterator[Any]:
    """The converted row groups in order, converted by ``jobs`` processes that read the
    file themselves; at most two row groups per process are in flight (bounded memory).
    Spawned, not forked: the parent may run pyarrow's and a progress bar's threads."""
    import multiprocessing
    from concurrent.futures import Future, ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(jobs, count), mp_context=context) as pool:
        waiting: collections.deque[Future[Any]] = collections.deque()
        following = 0
        while following < count or waiting:
            while following < count and len(waiting) < 2 * jobs:
                waiting.append(pool.submit(_convert_row_group, path, following, names, tr))
                following += 1
            yield waiting.popleft().result()
