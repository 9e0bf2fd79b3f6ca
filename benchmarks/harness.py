"""A small timing harness: warm-up, repetitions, min and median, and the machine.

Why our own and not pyperf: every measurement here is a whole pass over megabytes of
text (tenths of a second to seconds), so per-call overheads and timer resolution do
not matter, while pyperf's worker processes would multiply the run time and make
"side by side in one run" harder to read. The method:

- one untimed warm-up call (imports, lazy table compilation, caches); its time is
  kept and reported as "1st" because a cold first pass is what a one-shot user sees;
- then ``repeat`` timed calls with ``time.perf_counter``, each after ``gc.collect()``
  (so a collection of the previous call's garbage does not land in the next call);
  the garbage collector stays enabled during the call, as in real use;
- a time budget stops the repetitions early for slow implementations (at least one
  timed call is always made);
- throughput is UTF-8 input bytes / time, in MB/s with MB = 10^6 bytes; the best
  (minimum) time is the headline because noise only ever adds time, and the median
  is printed beside it so that a noisy run shows.
"""

from __future__ import annotations

import datetime
import gc
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Timing:
    """Times of one measured callable over ``nbytes`` bytes of input."""

    name: str
    nbytes: int
    first: float
    times: list[float] = field(default_factory=list)

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    def mbps(self, seconds: float | None = None) -> float:
        s = self.best if seconds is None else seconds
        return self.nbytes / s / 1e6 if s > 0 else float("inf")

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "bytes": self.nbytes,
            "first_s": self.first,
            "times_s": self.times,
            "best_mbps": self.mbps(),
            "median_mbps": self.mbps(self.median),
            "first_mbps": self.mbps(self.first),
        }


def measure(
    name: str, fn: Callable[[], object], nbytes: int, *, repeat: int = 5, budget: float = 20.0
) -> Timing:
    """Time ``fn`` (warm-up, then up to ``repeat`` runs within ``budget`` seconds)."""
    gc.collect()
    t0 = time.perf_counter()
    fn()
    timing = Timing(name, nbytes, time.perf_counter() - t0)
    spent = timing.first
    for _ in range(max(1, repeat)):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        dt = time.perf_counter() - t0
        timing.times.append(dt)
        spent += dt
        if spent > budget:
            break
    return timing


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def memory_total() -> str:
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return "unknown"


def _version(dist: str) -> str | None:
    from importlib import metadata

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def machine_info() -> dict[str, Any]:
    """What a reader needs to compare numbers: machine, Python, library versions."""
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        usable = os.cpu_count() or 1
    info: dict[str, Any] = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "platform": platform.platform(),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "memory": memory_total(),
        "python": sys.version.replace("\n", " "),
        "implementation": platform.python_implementation(),
        "executable": sys.executable,
    }
    try:
        import translit

        info["translit"] = getattr(translit, "__version__", "?")
        info["translit_path"] = os.path.dirname(translit.__file__ or "")
    except ImportError:
        info["translit"] = None
    try:
        import icu

        info["pyicu"] = icu.VERSION
        info["icu"] = icu.ICU_VERSION
    except ImportError:
        info["pyicu"] = None
    info["alifbo"] = _version("alifbo")
    info["UzTransliterator"] = _version("UzTransliterator")
    return info


def format_machine(info: dict[str, Any]) -> str:
    lines = [
        f"date      {info['date']}",
        f"machine   {info['platform']}",
        f"cpu       {info['cpu']}, {info['cores']} cores ({info['usable_cores']} usable), "
        f"{info['memory']} RAM",
        f"python    {info['implementation']} {info['python']}",
        f"translit  {info.get('translit')}  ({info.get('translit_path', '')})",
        f"PyICU     {info.get('pyicu')} (ICU {info.get('icu')})",
        f"alifbo    {info.get('alifbo')}   UzTransliterator {info.get('UzTransliterator')}",
    ]
    return "\n".join(lines)
