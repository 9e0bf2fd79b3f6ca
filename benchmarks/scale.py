"""Corpus scale (issue 16): one Parquet file through one process, Spark local[2] and Dask
with 2 worker processes: MB/s, speed-up over one process, peak memory.

Why child processes: each engine runs in a fresh interpreter (``python -m
benchmarks.scale ENGINE SRC DST``), so that nothing is warm from another engine, and so
that the memory of the whole process tree (a JVM, Python workers, Dask's scheduler and
workers) can be sampled from /proc while it runs. The time reported is the conversion job
inside the child (read, convert the ``text`` column, write; not the start of the JVM or
of the Dask cluster), and the wall time of the whole child (start-up included) beside
it. MB/s is UTF-8 bytes of the converted column per second. The Parquet file is made
from the generated corpus (benchmarks/corpus.py), one paragraph per row, in row groups
of about 8 MB so that both engines get several tasks.

Spark needs Java and pyspark, Dask needs dask[dataframe] and distributed: an engine that
cannot run is reported as skipped with the reason.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import corpus

ENGINES = ("one process", "spark local[2]", "dask 2 workers")
_ROW_GROUP_BYTES = 8_000_000


@dataclass
class EngineResult:
    engine: str
    job_s: float | None = None
    wall_s: float | None = None
    peak_rss_mb: float | None = None
    skipped: str = ""

    def mb_s(self, nbytes: int) -> float | None:
        return None if not self.job_s else nbytes / 1e6 / self.job_s

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def write_parquet(path: Path, size_bytes: int, seed: int = 0) -> int:
    """A Parquet file (id, text) of generated paragraphs; returns the text bytes."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([("id", pa.int64()), ("text", pa.string())])
    total = 0
    ident = 0
    with pq.ParquetWriter(path, schema) as writer:
        rows: list[str] = []
        group = 0
        for doc in corpus.iter_documents(size_bytes, seed):
            for paragraph in doc.split("\n"):
                rows.append(paragraph)
                size = len(paragraph.encode())
                group += size
                total += size
                if group >= _ROW_GROUP_BYTES:
                    ids = list(range(ident, ident + len(rows)))
                    writer.write_table(pa.table({"id": ids, "text": rows}, schema=schema))
                    ident, rows, group = ident + len(rows), [], 0
        if rows:
            ids = list(range(ident, ident + len(rows)))
            writer.write_table(pa.table({"id": ids, "text": rows}, schema=schema))
    return total


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and all its descendants (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            parents[int(entry)] = int(fields[1])
            rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            continue
    tree = {root}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(rss.get(pid, 0) for pid in tree)


def _run_child(args: list[str], env: dict[str, str]) -> tuple[float, int, str, int]:
    """Wall seconds, peak tree RSS, stdout and exit code of a child process."""
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(child.pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = child.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - start
    if child.returncode != 0:
        sys.stderr.write(err.decode(errors="replace")[-2000:])
    return wall, peak, out.decode(errors="replace"), child.returncode


def run(
    size_mb: float, *, seed: int = 0, tmpdir: Path | None = None, log: Callable[[str], None]
) -> tuple[int, list[EngineResult]]:
    """Text bytes of the file and one result per engine."""
    folder = Path(tempfile.mkdtemp(prefix="translit-scale-", dir=tmpdir))
    src = folder / "corpus.parquet"
    log(f"scale: writing {size_mb:g} MB of Parquet ...")
    nbytes = write_parquet(src, int(size_mb * 1e6), seed)
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, SPARK_LOCAL_IP="127.0.0.1")
    results = []
    for engine in ENGINES:
        log(f"scale: {engine} ...")
        dst = folder / f"out-{engine.split()[0]}"
        args = [sys.executable, "-m", "benchmarks.scale", engine, str(src), str(dst)]
        wall, peak, out, code = _run_child(args, env)
        lines = [line for line in out.splitlines() if line.startswith("{")]
        found = json.loads(lines[-1]) if lines else {}
        if code != 0 or "job_s" not in found:
            reason = found.get("skipped") or f"failed (exit {code})"
            results.append(EngineResult(engine, skipped=reason))
            continue
        results.append(EngineResult(engine, found["job_s"], wall, peak / 1e6))
    for path in sorted(folder.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    folder.rmdir()
    return nbytes, results


def format_scale(nbytes: int, results: list[EngineResult]) -> str:
    lines = [
        f"== Corpus scale: {nbytes / 1e6:.0f} MB of text in one Parquet file (to_latin) ==",
        f"{'engine':<16} {'job s':>8} {'MB/s':>8} {'speed-up':>9} {'wall s':>8} {'peak MB':>8}",
    ]
    base = next((r.mb_s(nbytes) for r in results if r.engine == ENGINES[0]), None)
    for r in results:
        if r.skipped:
            lines.append(f"{r.engine:<16} skipped: {r.skipped}")
            continue
        speed = r.mb_s(nbytes) or 0.0
        ratio = f"{speed / base:.2f}x" if base else "-"
        lines.append(
            f"{r.engine:<16} {r.job_s:>8.1f} {speed:>8.1f} {ratio:>9} {r.wall_s:>8.1f}"
            f" {r.peak_rss_mb:>8.0f}"
        )
    lines.append("peak MB: resident memory of the whole process tree, sampled every 0.2 s")
    return "\n".join(lines)


# ----------------------------------------------------------------- in the child process


def _one_process(src: str, dst: str) -> float:
    from translit import cli

    start = time.perf_counter()
    args = ["to-latin", "-q", "-f", "-j", "1", src, "--column", "text", "-o", dst + ".parquet"]
    code = cli.main(args)
    if code != 0:
        raise SystemExit(code)
    return time.perf_counter() - start


def _spark(src: str, dst: str) -> float:
    import shutil

    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        raise LookupError("no Java runtime")
    from pyspark.sql import SparkSession

    import translit.spark

    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.files.maxPartitionBytes", str(16 << 20))  # several tasks
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    start = time.perf_counter()  # the job, not the start of the JVM
    df = spark.read.parquet(src)
    df.withColumn("text", translit.spark.to_latin("text")).write.mode("overwrite").parquet(dst)
    seconds = time.perf_counter() - start
    spark.stop()
    return seconds


def _dask(src: str, dst: str) -> float:
    import dask.dataframe as dd
    from distributed import Client, LocalCluster

    import translit.dask

    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        as cluster,
        Client(cluster),
    ):
        start = time.perf_counter()  # the job, not the start of the cluster
        ddf = dd.read_parquet(src, split_row_groups=True)
        ddf["text"] = translit.dask.to_latin(ddf["text"])
        ddf.to_parquet(dst)
        return time.perf_counter() - start


def child(engine: str, src: str, dst: str) -> int:
    run_engine = {"one process": _one_process, "spark local[2]": _spark, "dask 2 workers": _dask}
    try:
        print(json.dumps({"job_s": run_engine[engine](src, dst)}))
    except (ImportError, LookupError) as exc:
        print(json.dumps({"skipped": f"{type(exc).__name__}: {exc}"}))
    return 0


if __name__ == "__main__":
    sys.exit(child(*sys.argv[1:4]))
