"""The ``translit`` command line: a large file (MB/s, peak RSS) and a folder with --jobs.

Why through a child process: memory and parallel speed-up are properties of the
process the user starts, start-up included. The child is
``python -c "from translit.cli import main; ..."`` with the same interpreter and the
repo's ``translit`` first on the path, i.e. exactly what the ``translit`` console
script runs. Its peak RSS comes from ``os.wait4`` (the kernel's ``ru_maxrss`` of that
child and the descendants it waited for, e.g. ``--jobs`` workers: the largest one, not
the sum), so no polling can miss a short peak.

A 1 GB file is not written by default: the file is measured at two sizes (S/4 and S)
and the peak RSS at 1 GB is extrapolated linearly from them (a streaming CLI has a
flat line; any growth with size shows up as a slope). Wall time includes interpreter
start-up, so MB/s on the larger file is the fairer number, and the two MB/s together
show whether time is linear in size.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import corpus
from benchmarks.coldstart import REPO, child_env

_MAIN = "import sys; from translit.cli import main; sys.exit(main())"
GB = 1_000_000_000


@dataclass
class ChildRun:
    wall: float
    maxrss_kib: int
    returncode: int
    stderr: str


def run_child(args: Sequence[str]) -> ChildRun:
    """Run ``translit ARGS`` in a child; return wall time and its peak RSS."""
    cmd = [sys.executable, "-c", _MAIN, *args]
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
            cwd=REPO, env=child_env(),
        )  # fmt: skip
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped by wait4
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    return ChildRun(wall, int(usage.ru_maxrss), proc.returncode, text)


def run_python(code: str) -> ChildRun:
    cmd = [sys.executable, "-c", code]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, cwd=REPO, env=child_env())
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return ChildRun(time.perf_counter() - t0, int(usage.ru_maxrss), proc.returncode, "")


def cli_available() -> str | None:
    """None if ``translit to-latin`` works here, else why not."""
    try:
        r = run_child(["to-latin", "--help"])
    except OSError as e:
        return f"cannot start python: {e}"
    if r.returncode != 0:
        return f"`translit to-latin --help` failed ({r.returncode}): {r.stderr.strip()[-300:]}"
    return None


@dataclass
class FileRun:
    nbytes: int
    wall: float
    maxrss_kib: int

    @property
    def mbps(self) -> float:
        return self.nbytes / self.wall / 1e6


@dataclass
class CliResult:
    skipped: str | None = None
    baseline_rss_kib: int | None = None  # python -c "import translit"
    files: list[FileRun] = field(default_factory=list)
    jobs_folder: tuple[int, int] | None = None  # (files, bytes)
    jobs: dict[int, list[float]] = field(default_factory=dict)  # jobs -> wall times
    errors: list[str] = field(default_factory=list)

    def rss_at(self, nbytes: int) -> float | None:
        """Peak RSS in MB (10^6 bytes) extrapolated linearly to ``nbytes`` of input."""
        if len(self.files) < 2:
            return None
        a, b = self.files[0], self.files[-1]
        slope = max(0.0, (b.maxrss_kib - a.maxrss_kib) / max(1, b.nbytes - a.nbytes))
        return (b.maxrss_kib + slope * (nbytes - b.nbytes)) * 1024 / 1e6

    def jobs_speedup(self, n: int) -> float | None:
        if 1 in self.jobs and n in self.jobs:
            return min(self.jobs[1]) / min(self.jobs[n])
        return None

    def as_dict(self) -> dict[str, Any]:
        return {
            "skipped": self.skipped,
            "baseline_rss_kib": self.baseline_rss_kib,
            "files": [f.__dict__ | {"mbps": f.mbps} for f in self.files],
            "rss_1gb_extrapolated_mb": self.rss_at(GB),
            "jobs_folder": self.jobs_folder,
            "jobs_wall_s": self.jobs,
            "errors": self.errors,
        }


def run_large_file(res: CliResult, docs: Sequence[str], size_mb: float, tmp: Path) -> None:
    res.baseline_rss_kib = run_python("import translit").maxrss_kib
    for size in (int(size_mb * 1e6 / 4), int(size_mb * 1e6)):
        src = tmp / f"large_{size}.txt"
        out = tmp / f"large_{size}.lat.txt"
        nbytes = corpus.write_large_file(src, docs, size)
        r = run_child(["to-latin", str(src), "-o", str(out)])
        if r.returncode != 0 or not out.exists() or out.stat().st_size == 0:
            res.errors.append(
                f"to-latin on {nbytes} bytes failed ({r.returncode}): {r.stderr[-300:]}"
            )
            return
        res.files.append(FileRun(nbytes, r.wall, r.maxrss_kib))
        src.unlink()
        out.unlink()


def run_jobs(res: CliResult, jobs_mb: float, files: int, repeat: int, tmp: Path, seed: int) -> None:
    folder = tmp / "many"
    nbytes = corpus.write_many_files(folder, int(jobs_mb * 1e6), files, seed)
    res.jobs_folder = (files, nbytes)
    counts = sorted({1, 2, os.cpu_count() or 1})
    for _ in range(repeat):
        for n in counts:  # interleaved, so that drift hits every count alike
            out = tmp / f"out_j{n}"
            r = run_child(["to-latin", str(folder), "-o", str(out), "--jobs", str(n)])
            if r.returncode != 0:
                res.errors.append(f"--jobs {n} failed ({r.returncode}): {r.stderr[-300:]}")
                return
            produced = sum(1 for _ in out.rglob("*.txt")) if out.exists() else 0
            if produced != files:
                res.errors.append(f"--jobs {n} wrote {produced} of {files} files")
                return
            res.jobs.setdefault(n, []).append(r.wall)
            shutil.rmtree(out)


def run(
    docs: Sequence[str],
    *,
    size_mb: float,
    jobs_mb: float,
    jobs_files: int,
    repeat: int,
    seed: int,
    sections: set[str],
) -> CliResult:
    res = CliResult()
    why = cli_available()
    if why:
        res.skipped = why
        return res
    tmp = Path(tempfile.mkdtemp(prefix="translit-bench-"))
    try:
        if "cli" in sections:
            run_large_file(res, docs, size_mb, tmp)
        if "jobs" in sections:
            run_jobs(res, jobs_mb, jobs_files, repeat, tmp, seed)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return res


def _mb(kib: int) -> float:
    return kib * 1024 / 1e6


def format_cli(res: CliResult) -> str:
    lines = ["== CLI: translit to-latin (child process; wall time includes start-up) =="]
    if res.skipped:
        lines.append(f"skipped: {res.skipped}")
        return "\n".join(lines)
    if res.baseline_rss_kib is not None:
        lines.append(
            f"peak RSS of `python -c 'import translit'`: {_mb(res.baseline_rss_kib):.1f} MB"
        )
    for f in res.files:
        lines.append(
            f"large file {f.nbytes / 1e6:8.1f} MB: {f.wall:7.2f} s  {f.mbps:7.2f} MB/s  "
            f"peak RSS {_mb(f.maxrss_kib):7.1f} MB"
        )
    rss = res.rss_at(GB)
    if rss is not None:
        lines.append(
            f"peak RSS at 1 GB, extrapolated linearly from the two sizes above: {rss:.1f} MB"
        )
    if res.jobs_folder:
        n, b = res.jobs_folder
        lines.append(f"folder of {n} files, {b / 1e6:.1f} MB (best of {len(res.jobs.get(1, []))}):")
        for j, walls in sorted(res.jobs.items()):
            x = res.jobs_speedup(j)
            lines.append(
                f"  --jobs {j}: {min(walls):7.2f} s  {b / min(walls) / 1e6:7.2f} MB/s"
                + (f"  {x:.2f}x jobs 1" if x is not None and j != 1 else "")
            )
    lines.extend(f"error: {e}" for e in res.errors)
    return "\n".join(lines)
