"""Cold start: the import time of ``translit`` and the time of its first call.

Why in fresh subprocesses: once a module is imported and its tables are compiled, a
process can never measure that cost again. Each sample is a new interpreter that
imports ``translit`` and makes one call, timing itself with ``time.perf_counter``
(so the interpreter's own start-up is excluded and reported separately). One untimed
run first writes the ``.pyc`` files, as an installed package has them.

``python -X importtime`` is run once as well, to name the slowest imports under
``translit`` for whoever wants to cut import time.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

SAMPLE_CYR = "Ўзбекистон Республикаси пойтахти — Тошкент шаҳри. Концерт 12 сентябрда бўлади."
SAMPLE_LAT = "Oʻzbekiston Respublikasi poytaxti — Toshkent shahri. Konsert 12-sentabrda boʻladi."

_CHILD = """
import sys, time, json
t0 = time.perf_counter()
import translit
t1 = time.perf_counter()
fn = getattr(translit, sys.argv[1])
fn(sys.argv[2])
t2 = time.perf_counter()
fn(sys.argv[2])
t3 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "first": t2 - t1, "second": t3 - t2}))
"""


def child_env() -> dict[str, str]:
    """Environment for child interpreters: the repo's ``translit`` comes first."""
    env = dict(os.environ)
    # An installed package has its .pyc files: the untimed first run must write them,
    # which PYTHONDONTWRITEBYTECODE (set in some shells and CI images) would forbid, and
    # every "import translit" would then time compiling the sources (some 60 ms).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


@dataclass
class ColdStart:
    runs: int
    startup: list[float] = field(default_factory=list)  # python -c pass, wall time
    samples: dict[str, list[dict[str, float]]] = field(default_factory=dict)
    slowest_imports: list[tuple[str, int]] = field(default_factory=list)  # (module, us)
    translit_import_us: int | None = None
    error: str | None = None

    def median(self, func: str, key: str) -> float:
        return statistics.median(s[key] for s in self.samples[func])

    def best(self, func: str, key: str) -> float:
        return min(s[key] for s in self.samples[func])

    def as_dict(self) -> dict[str, Any]:
        return {
            "runs": self.runs,
            "python_startup_s": self.startup,
            "samples": self.samples,
            "importtime_translit_cumulative_us": self.translit_import_us,
            "slowest_imports_us": self.slowest_imports,
            "error": self.error,
        }


def _run_child(func: str, sample: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, func, sample],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=child_env(),
        check=True,
    )
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _importtime() -> tuple[int | None, list[tuple[str, int]]]:
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import translit"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=child_env(),
        check=True,
    )
    rows: list[tuple[str, int, int, int]] = []  # (module, self us, cumulative us, depth)
    for line in out.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cum_us, raw = line.split(":", 1)[1].split("|")
        depth = len(raw) - len(raw.lstrip())
        rows.append((raw.strip(), int(self_us), int(cum_us), depth))
    idx = next((i for i, r in enumerate(rows) if r[0] == "translit"), None)
    if idx is None:
        return None, []
    # the modules imported under translit are listed just before it, indented deeper
    start = idx
    while start > 0 and rows[start - 1][3] > rows[idx][3]:
        start -= 1
    inner = sorted(rows[start : idx + 1], key=lambda r: -r[1])[:6]
    return rows[idx][2], [(r[0], r[1]) for r in inner]


def run(runs: int) -> ColdStart:
    cs = ColdStart(runs)
    try:
        _run_child("to_latin", SAMPLE_CYR)  # writes .pyc files; not timed
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-c", "pass"], check=True, env=child_env())
            cs.startup.append(time.perf_counter() - t0)
        for func, sample in (("to_latin", SAMPLE_CYR), ("to_cyrillic", SAMPLE_LAT)):
            cs.samples[func] = [_run_child(func, sample) for _ in range(runs)]
        cs.translit_import_us, cs.slowest_imports = _importtime()
    except (subprocess.CalledProcessError, ValueError, KeyError) as e:
        detail = getattr(e, "stderr", "") or ""
        cs.error = f"{type(e).__name__}: {e} {detail.strip()[-500:]}"
    return cs


def measures(cs: ColdStart) -> list[tuple[str, float, float]]:
    """(label, best, median) in seconds, in report order: the reference ``python -c pass``,
    then import and first/second calls."""
    reference = "python -c pass (wall, for reference)"
    rows = [(reference, min(cs.startup), statistics.median(cs.startup))]
    for func in cs.samples:
        for key, label in (
            ("import", "import translit"),
            ("first", f"first {func}() call after import"),
            ("second", f"second {func}() call"),
        ):
            if key == "import" and func != "to_latin":
                continue
            rows.append((label, cs.best(func, key), cs.median(func, key)))
    return rows


def format_coldstart(cs: ColdStart) -> str:
    lines = [f"== Cold start (fresh interpreter per sample, {cs.runs} samples; best / median) =="]
    if cs.error:
        lines.append(f"failed: {cs.error}")
        return "\n".join(lines)
    ms = 1000.0
    for label, best, median in measures(cs):
        lines.append(f"{label:<44} {best * ms:8.1f} ms {median * ms:8.1f} ms")
    if cs.translit_import_us is not None:
        lines.append(
            f"python -X importtime: translit cumulative {cs.translit_import_us / 1000:.1f} ms; "
            "largest self times: "
            + ", ".join(f"{n} {us / 1000:.1f} ms" for n, us in cs.slowest_imports)
        )
    return "\n".join(lines)
