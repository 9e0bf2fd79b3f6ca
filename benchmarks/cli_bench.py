"""The ``translit`` command line: a large file (MB/s, peak RSS) and a folder with --jobs.

Why through a child process: memory and parallel speed-up are properties of the
process the user starts, start-up included. The child is
``python -c "from translit.cli import main; ..."`` with the same interpreter and the
repo's ``translit`` first on the path, i.e. exactly what the ``translit`` console
script runs.

Peak RSS, and why a wrapper: the kernel's ``ru_maxrss`` of a child is *not* only the
child's own peak. At ``exec`` Linux records the high-water RSS of the memory the
child had before ``exec`` (a copy of, or with vfork the very, parent's memory), so a
benchmark process holding megabytes of corpus would see its own size reported as the
child's peak. So the benchmark starts a tiny wrapper interpreter (``_WRAPPER``,
about 14 MB) which ``posix_spawn``s ``translit`` and reads ``ru_maxrss`` from
``os.wait4`` on it. That figure is max(wrapper's RSS at spawn, translit's own peak,
peaks of the processes translit waited for, e.g. ``--jobs`` workers: the largest one,
not the sum); the wrapper's own peak before the spawn is reported as the floor of
the method (a figure at the floor says nothing about translit). Reading
``ru_maxrss`` after the exit means no peak can be missed, which polling
``/proc/PID/status`` (VmHWM) could not promise.

Large file: written to disk document by document (never held in memory), at two
sizes S/4 and S, so the suite can measure the 1 GB target
directly (``--cli-mb 1024``, needs about 2.3 GB of free disk) or extrapolate the peak
RSS to 1 GB from smaller sizes (a streaming CLI has a flat line; growth with size
shows up as a slope). Wall time includes interpreter start-up, imports and the first
call's table compilation, measured separately on a 2 kB file; the MB/s net of that
start-up at the two sizes show whether time is linear in size. With the generated
corpus the large file is freshly generated text (about 7 MB/s to write, not timed), so
rare words keep coming as in real text; a repeated corpus would let a word cache serve
everything after the first pass and flatter both MB/s and RSS. With ``--corpus`` the
real documents are repeated (say so when quoting the numbers).

Folder with --jobs: the same folder for every job count; one untimed warm-up run
first (page cache, ``.pyc`` files); each timed run writes into a new output folder,
after ``os.sync()`` so that write-back of the previous run does not land in it; job
counts alternate in ABBA order so that drift of a shared machine hits them alike; the
outputs of the first round must be identical for every job count.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import corpus
from benchmarks.coldstart import REPO, child_env

_MAIN = "import sys; from translit.cli import main; sys.exit(main())"
GB = 1_000_000_000
STARTUP_BYTES = 2_000  # the "tiny file" whose run time counts as start-up
# ru_maxrss is in KiB on Linux, in bytes on macOS
_RSS_UNIT = 1 if sys.platform == "darwin" else 1024

# Spawns argv[1:], its stdout to /dev/null, and prints one JSON line about it. Only
# small stdlib modules, to keep its RSS (the floor of the method) small.
# The floor is read *before* spawning: the child's ru_maxrss starts from the
# wrapper's peak at that moment, not from anything the wrapper does later.
_WRAPPER = """
import json, os, resource, sys, time
def hwm():  # this process's own peak (VmHWM), unlike RUSAGE_SELF, which counts our parent
    try:
        with open("/proc/self/status") as f:
            return next(int(x.split()[1]) for x in f if x.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
floor = hwm()
t0 = time.perf_counter()
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ,
                     file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - t0
print(json.dumps({"wall": wall, "maxrss": usage.ru_maxrss,
                  "code": os.waitstatus_to_exitcode(status),
                  "wrapper_maxrss": floor}))
"""


@dataclass
class ChildRun:
    wall: float  # seconds from spawn to exit of the measured process
    maxrss_bytes: int  # its peak RSS (see the module docstring)
    wrapper_bytes: int  # the floor of the method: the wrapper's own peak RSS
    returncode: int
    stderr: str


def run_measured(argv: Sequence[str]) -> ChildRun:
    """Run ``argv`` under the wrapper; return its wall time and its own peak RSS."""
    cmd = [sys.executable, "-c", _WRAPPER, *argv]
    with tempfile.TemporaryFile() as err:
        proc = subprocess.run(
            cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err,
            cwd=REPO, env=child_env(), check=False,
        )  # fmt: skip
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    try:
        info = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    except (ValueError, IndexError):
        return ChildRun(0.0, 0, 0, proc.returncode or -1, text + proc.stdout.decode())
    return ChildRun(
        float(info["wall"]), int(info["maxrss"]) * _RSS_UNIT,
        int(info["wrapper_maxrss"]) * _RSS_UNIT, int(info["code"]), text,
    )  # fmt: skip


def run_child(args: Sequence[str]) -> ChildRun:
    """Run ``translit ARGS`` (quietly) in a measured child."""
    return run_measured([sys.executable, "-c", _MAIN, *args])


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
    walls: list[float]
    maxrss_bytes: int  # the largest over the runs: a peak is a peak

    @property
    def wall(self) -> float:
        return min(self.walls)

    @property
    def mbps(self) -> float:
        return self.nbytes / self.wall / 1e6

    def net_mbps(self, startup: float) -> float | None:
        """MB/s once start-up is taken off; None if start-up is most of the run."""
        net = self.wall - startup
        return self.nbytes / net / 1e6 if net > startup else None

    def as_dict(self, startup: float | None) -> dict[str, Any]:
        return {
            "bytes": self.nbytes,
            "walls_s": self.walls,
            "best_s": self.wall,
            "mbps": self.mbps,
            "net_mbps": self.net_mbps(startup) if startup is not None else None,
            "peak_rss_mb": self.maxrss_bytes / 1e6,
        }


@dataclass
class CliResult:
    skipped: str | None = None
    wrapper_rss_bytes: int | None = None  # floor of the RSS method
    baseline_rss_bytes: int | None = None  # python -c "import translit"
    startup_s: float | None = None  # translit to-latin on a tiny file, best of 3
    files: list[FileRun] = field(default_factory=list)
    jobs_folder: tuple[int, int] | None = None  # (files, bytes)
    jobs: dict[int, list[float]] = field(default_factory=dict)  # jobs -> wall times
    errors: list[str] = field(default_factory=list)

    def rss_at(self, nbytes: int) -> float | None:
        """Peak RSS in MB (10^6 bytes) at ``nbytes`` of input: measured if the largest
        file is at least that big, else extrapolated linearly from the two sizes."""
        if not self.files:
            return None
        b = self.files[-1]
        if b.nbytes >= nbytes * 0.99:
            return b.maxrss_bytes / 1e6
        if len(self.files) < 2:
            return None
        a = self.files[0]
        slope = max(0.0, (b.maxrss_bytes - a.maxrss_bytes) / max(1, b.nbytes - a.nbytes))
        return (b.maxrss_bytes + slope * (nbytes - b.nbytes)) / 1e6

    def rss_measured_directly(self, nbytes: int) -> bool:
        return bool(self.files) and self.files[-1].nbytes >= nbytes * 0.99

    def linearity(self) -> float | None:
        """Net MB/s on the larger file / net MB/s on the smaller (1.0 = linear)."""
        if len(self.files) < 2 or self.startup_s is None:
            return None
        small = self.files[0].net_mbps(self.startup_s)
        large = self.files[-1].net_mbps(self.startup_s)
        return large / small if small and large else None

    def jobs_speedup(self, n: int) -> float | None:
        if 1 in self.jobs and n in self.jobs:
            return min(self.jobs[1]) / min(self.jobs[n])
        return None

    def as_dict(self) -> dict[str, Any]:
        return {
            "skipped": self.skipped,
            "wrapper_rss_mb": _mb(self.wrapper_rss_bytes),
            "import_translit_rss_mb": _mb(self.baseline_rss_bytes),
            "startup_s": self.startup_s,
            "files": [f.as_dict(self.startup_s) for f in self.files],
            "rss_1gb_mb": self.rss_at(GB),
            "rss_1gb_measured_directly": self.rss_measured_directly(GB),
            "linearity": self.linearity(),
            "jobs_folder": self.jobs_folder,
            "jobs_wall_s": self.jobs,
            "jobs_speedup": {n: self.jobs_speedup(n) for n in self.jobs if n != 1},
            "errors": self.errors,
        }


def _mb(nbytes: int | None) -> float | None:
    return None if nbytes is None else nbytes / 1e6


def _measure_startup(res: CliResult, docs: Sequence[str], tmp: Path) -> None:
    """Fixed cost of one ``translit to-latin`` run: on a tiny file, so that it includes
    interpreter start-up, imports and the first call's lazy table compilation."""
    tiny = tmp / "tiny.txt"
    corpus.write_large_file(tiny, docs, STARTUP_BYTES)
    walls = []
    for i in range(3):
        out = tmp / f"tiny_{i}.lat.txt"
        r = run_child(["to-latin", str(tiny), "-o", str(out), "-q"])
        if r.returncode != 0:
            res.errors.append(f"to-latin on a tiny file failed ({r.returncode}): {r.stderr[-300:]}")
            return
        walls.append(r.wall)
        res.wrapper_rss_bytes = r.wrapper_bytes
        out.unlink(missing_ok=True)
    res.startup_s = min(walls)


def run_large_file(
    res: CliResult, docs: Sequence[str], size_mb: float, tmp: Path, repeat: int, budget: float,
    generate_seed: int | None, log: Callable[[str], None],
) -> None:  # fmt: skip
    base = run_measured([sys.executable, "-c", "import translit"])
    res.baseline_rss_bytes = base.maxrss_bytes
    runs: list[tuple[Path, FileRun]] = []
    for size in (int(size_mb * 1e6 / 4), int(size_mb * 1e6)):
        src = tmp / f"large_{size}.txt"
        log(f"  writing {size / 1e6:.0f} MB to {src} (not timed)")
        if generate_seed is None:  # real text: repeated
            nbytes = corpus.write_large_file(src, docs, size)
        else:
            nbytes = corpus.write_generated_file(src, size, generate_seed)
        runs.append((src, FileRun(nbytes, [], 0)))
    spent = 0.0
    for i in range(max(1, repeat)):
        # sizes alternate (ABBA) so that a burst of load elsewhere hits both alike
        for src, run in runs if i % 2 == 0 else reversed(runs):
            out = tmp / f"{src.stem}_{i}.lat.txt"
            os.sync()  # write-back of the input (or the last output) not in the timing
            log(f"  translit to-latin on {run.nbytes / 1e6:.0f} MB, run {i + 1}")
            r = run_child(["to-latin", str(src), "-o", str(out), "-q"])
            if r.returncode != 0 or not out.exists() or out.stat().st_size == 0:
                res.errors.append(
                    f"to-latin on {run.nbytes} bytes failed ({r.returncode}): {r.stderr[-300:]}"
                )
                return
            out.unlink()
            run.walls.append(r.wall)
            run.maxrss_bytes = max(run.maxrss_bytes, r.maxrss_bytes)
            spent += r.wall
        if spent > budget:
            break
    for src, run in runs:
        src.unlink()
        res.files.append(run)


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(folder).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def job_counts() -> list[int]:
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count() or 1
    return sorted({1, 2, usable})


def run_jobs(
    res: CliResult, jobs_mb: float, files: int, repeat: int, tmp: Path, seed: int,
    log: Callable[[str], None],
) -> None:  # fmt: skip
    folder = tmp / "many"
    log(f"  writing {files} files, {jobs_mb:g} MB")
    nbytes = corpus.write_many_files(folder, int(jobs_mb * 1e6), files, seed)
    res.jobs_folder = (files, nbytes)
    counts = job_counts()

    def once(n: int, out: Path) -> bool:
        os.sync()
        r = run_child(["to-latin", str(folder), "-o", str(out), "--jobs", str(n), "-q"])
        if r.returncode != 0:
            res.errors.append(f"--jobs {n} failed ({r.returncode}): {r.stderr[-300:]}")
            return False
        produced = sum(1 for _ in out.rglob("*.txt")) if out.exists() else 0
        if produced != files:
            res.errors.append(f"--jobs {n} wrote {produced} of {files} files")
            return False
        res.jobs.setdefault(n, []).append(r.wall)
        return True

    log("  --jobs warm-up run (not timed)")
    warm = tmp / "out_warmup"
    if not once(max(counts), warm):
        return
    res.jobs.clear()
    shutil.rmtree(warm)
    digests: dict[int, str] = {}
    for i in range(max(1, repeat)):
        for n in counts if i % 2 == 0 else reversed(counts):  # ABBA: drift hits all alike
            log(f"  --jobs {n}, round {i + 1}")
            out = tmp / f"out_{i}_j{n}"
            if not once(n, out):
                return
            if i == 0:
                digests[n] = _digest(out)
            shutil.rmtree(out)
    if len(set(digests.values())) > 1:
        res.errors.append(f"outputs differ between job counts: {sorted(digests)}")


def run(
    docs: Sequence[str],
    *,
    size_mb: float,
    jobs_mb: float,
    jobs_files: int,
    repeat: int,
    budget: float,
    seed: int,
    sections: set[str],
    generate_seed: int | None = None,
    tmpdir: Path | None = None,
    log: Callable[[str], None] = lambda _: None,
) -> CliResult:
    res = CliResult()
    why = cli_available()
    if why:
        res.skipped = why
        return res
    tmp = Path(tempfile.mkdtemp(prefix="translit-bench-", dir=tmpdir))
    try:
        _measure_startup(res, docs, tmp)
        if "cli" in sections:
            need = 2.3 * size_mb * 1e6  # both inputs (S/4 and S) and one output
            free = shutil.disk_usage(tmp).free
            if free < need:
                res.errors.append(
                    f"large file skipped: {free / 1e9:.1f} GB free in {tmp.parent}, "
                    f"{need / 1e9:.1f} GB needed (use --tmpdir)"
                )
            else:
                run_large_file(res, docs, size_mb, tmp, repeat, budget, generate_seed, log)
        if "jobs" in sections:
            run_jobs(res, jobs_mb, jobs_files, repeat, tmp, seed, log)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return res


def format_cli(res: CliResult) -> str:
    lines = ["== CLI: translit to-latin (child process; wall time includes start-up) =="]
    if res.skipped:
        lines.append(f"skipped: {res.skipped}")
        return "\n".join(lines)
    if res.wrapper_rss_bytes is not None:
        floor = res.wrapper_rss_bytes / 1e6
        lines.append(f"peak RSS floor of the method (the wrapper's own): {floor:.1f} MB")
    if res.baseline_rss_bytes is not None:
        base = res.baseline_rss_bytes / 1e6
        lines.append(f"peak RSS of `python -c 'import translit'`: {base:.1f} MB")
    if res.startup_s is not None:
        lines.append(f"start-up (to-latin on a 2 kB file, best of 3): {res.startup_s:.3f} s")
    for f in res.files:
        net = f.net_mbps(res.startup_s) if res.startup_s is not None else None
        lines.append(
            f"large file {f.nbytes / 1e6:8.1f} MB: {f.wall:7.2f} s  {f.mbps:7.2f} MB/s  "
            f"net of start-up {'-' if net is None else f'{net:.2f}':>7} MB/s  "
            f"peak RSS {f.maxrss_bytes / 1e6:7.1f} MB  (best of {len(f.walls)})"
        )
    rss = res.rss_at(GB)
    if rss is not None:
        how = "measured" if res.rss_measured_directly(GB) else "extrapolated linearly from above"
        lines.append(f"peak RSS at 1 GB ({how}): {rss:.1f} MB")
    lin = res.linearity()
    if lin is not None:
        lines.append(f"linearity: net MB/s on the larger file / on the smaller = {lin:.2f}")
    if res.jobs_folder:
        n, b = res.jobs_folder
        lines.append(
            f"folder of {n} files, {b / 1e6:.1f} MB (best of {len(res.jobs.get(1, []))}, "
            "after a warm-up run):"
        )
        for j, walls in sorted(res.jobs.items()):
            x = res.jobs_speedup(j)
            lines.append(
                f"  --jobs {j}: {min(walls):7.2f} s  {b / min(walls) / 1e6:7.2f} MB/s"
                + (f"  {x:.2f}x jobs 1" if x is not None and j != 1 else "")
            )
        fastest = min((min(w) for w in res.jobs.values()), default=None)
        if res.startup_s is not None and fastest and res.startup_s > 0.1 * fastest:
            lines.append(
                f"note: start-up ({res.startup_s:.2f} s) is {res.startup_s / fastest:.0%} of "
                "the fastest run; use a larger --jobs-mb for a fair speed-up"
            )
    lines.extend(f"error: {e}" for e in res.errors)
    return "\n".join(lines)
