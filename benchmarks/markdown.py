"""The results of one run as Markdown tables (``python -m benchmarks --markdown OUT``).

Why: docs/performance.md quotes the numbers of one run on a quiet machine; pasting
tables generated from the very objects the text report prints leaves no room for
copying mistakes. Same figures and the same rounding as the text report.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from benchmarks import cli_bench, coldstart, throughput


class _Target(Protocol):
    name: str
    measured: str
    status: str


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(
    header: Sequence[str], rows: Sequence[Sequence[object]], right: Sequence[int] = ()
) -> str:
    """A Markdown table; the columns listed in ``right`` are right-aligned (numbers)."""
    align = ["---:" if i in right else "---" for i in range(len(header))]
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def machine(info: dict[str, Any], source: str, notes: Sequence[str]) -> str:
    rows = [
        ("date", info["date"]),
        ("machine", info["platform"]),
        ("CPU", f"{info['cpu']}, {info['cores']} cores ({info['usable_cores']} usable)"),
        ("memory", info["memory"]),
        ("Python", f"{info['implementation']} {info['python']}"),
        ("translit", info.get("translit")),
        ("PyICU (ICU)", f"{info.get('pyicu')} ({info.get('icu')})"),
        ("alifbo", info.get("alifbo")),
        ("UzTransliterator", info.get("UzTransliterator")),
        ("corpus", "; ".join([source, *notes])),
    ]
    return "### Machine\n\n" + table(("field", "value"), rows)


def _ratio(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}×"


def section(sec: throughput.Section) -> str:
    title = "Cyrillic → Latin" if sec.direction == "to_latin" else "Latin → Cyrillic"
    head = (
        f"### {title} (`{sec.direction}`)\n\n{sec.nbytes / 1e6:.2f} MB in {sec.documents} "
        f"documents, {sec.words} words ({sec.distinct_words} distinct).\n"
    )
    rows: list[tuple[object, ...]] = []
    for r in sec.rows:
        if r.timing is None:
            rows.append((r.impl, "–", "–", "–", "–", "–", "–", r.skipped or "skipped"))
            continue
        t = r.timing
        note = r.note + ("" if len(t.times) > 1 else " (1 run)")
        rows.append((
            r.impl, r.mode, f"{t.mbps():.2f}", f"{t.mbps(t.median):.2f}", f"{t.mbps(t.first):.2f}",
            _ratio(sec.ratio(r, throughput.ICU)), _ratio(sec.ratio(r, throughput.FLOOR_1)), note,
        ))  # fmt: skip
    header = ("implementation", "mode", "MB/s best", "median", "1st", "× ICU", "× floor", "note")
    return head + "\n" + table(header, rows, right=range(2, 7))


def cold(cs: coldstart.ColdStart) -> str:
    head = f"### Cold start\n\nFresh interpreter per sample, {cs.runs} samples.\n\n"
    if cs.error:
        return head + f"Failed: {cs.error}"
    rows: list[tuple[object, ...]] = [
        (label, f"{best * 1000:.1f}", f"{median * 1000:.1f}")
        for label, best, median in coldstart.measures(cs)
    ]
    return head + table(("measure", "best ms", "median ms"), rows, right=(1, 2))


def cli(res: cli_bench.CliResult) -> str:
    head = "### Command line (`translit to-latin`, a child process)\n\n"
    if res.skipped:
        return head + f"Skipped: {res.skipped}"
    parts: list[str] = []
    facts = []
    if res.startup_s is not None:
        facts.append(f"start-up (2 kB file): {res.startup_s:.3f} s")
    if res.baseline_rss_bytes is not None:
        facts.append(f"peak RSS of `import translit`: {res.baseline_rss_bytes / 1e6:.1f} MB")
    if res.wrapper_rss_bytes is not None:
        facts.append(f"RSS floor of the method: {res.wrapper_rss_bytes / 1e6:.1f} MB")
    if facts:
        parts.append("; ".join(facts) + ".")
    if res.files:
        rows: list[tuple[object, ...]] = []
        for f in res.files:
            net = f.net_mbps(res.startup_s) if res.startup_s is not None else None
            rows.append((
                f"{f.nbytes / 1e6:.1f} MB file", f"{f.wall:.2f}", f"{f.mbps:.2f}",
                "–" if net is None else f"{net:.2f}", f"{f.maxrss_bytes / 1e6:.1f}",
                len(f.walls),
            ))  # fmt: skip
        header = ("input", "time s", "MB/s", "MB/s net of start-up", "peak RSS MB", "runs")
        parts.append(table(header, rows, right=range(1, 6)))
    if res.jobs_folder:
        n, b = res.jobs_folder
        job_rows: list[tuple[object, ...]] = []
        for j, walls in sorted(res.jobs.items()):
            x = res.jobs_speedup(j)
            job_rows.append((
                f"--jobs {j}", f"{min(walls):.2f}", f"{b / min(walls) / 1e6:.2f}",
                "1.00×" if j == 1 else _ratio(x), len(walls),
            ))  # fmt: skip
        parts.append(
            f"Folder of {n} files, {b / 1e6:.1f} MB:\n\n"
            + table(("jobs", "time s", "MB/s", "speed-up", "runs"), job_rows, right=range(1, 5))
        )
    parts += [f"Error: {e}" for e in res.errors]
    return head + "\n\n".join(parts)


def targets(ts: Sequence[_Target]) -> str:
    rows = [(t.name, t.measured, t.status) for t in ts]
    return "### Targets (issue 6)\n\n" + table(("target", "measured", "status"), rows)


def render(
    info: dict[str, Any],
    source: str,
    notes: Sequence[str],
    secs: dict[str, throughput.Section],
    cs: coldstart.ColdStart | None,
    res: cli_bench.CliResult | None,
    ts: Sequence[_Target],
) -> str:
    parts = [machine(info, source, notes)]
    parts += [section(s) for s in secs.values()]
    if cs is not None:
        parts.append(cold(cs))
    if res is not None:
        parts.append(cli(res))
    parts.append(targets(ts))
    return "\n\n".join(parts) + "\n"
