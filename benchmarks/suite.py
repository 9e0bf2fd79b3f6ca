"""The benchmark runner: options, the order of the sections, the targets table.

Why one runner for everything: the targets of issue 6 are *ratios measured in one
run* (translit vs ICU vs the floor on the same text, same machine, same minute), so
every section runs in one invocation and the report ends with every target marked
PASS/FAIL. The exit status is 0 whatever the numbers (a measurement is not a test)
unless ``--check`` asks for a non-zero status on FAIL.

The report goes to stdout, progress to stderr: ``python -m benchmarks > out.txt``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import cli_bench, coldstart, corpus, harness, markdown, scale, throughput
from benchmarks import cold as cold_text

SECTIONS = ("to_latin", "to_cyrillic", "cold", "coldstart", "cli", "jobs", "scale")
OPT_IN = {"scale"}  # sections run only when named with --only (minutes, needs Java/Dask)
_ALIASES = {"latin": "to_latin", "cyrillic": "to_cyrillic", "first-call": "coldstart"}


@dataclass
class Target:
    name: str
    measured: str
    status: str  # PASS | FAIL | SKIP

    def as_dict(self) -> dict[str, str]:
        return self.__dict__.copy()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="uz-translit benchmark suite: translit vs ICU, the str.translate floor "
        "and other peers; cold start; the CLI. See docs/performance.md.",
    )
    p.add_argument(
        "--corpus",
        type=Path,
        help="a .txt file or a folder of .txt files of real "
        "text (script detected per file); default: a generated corpus",
    )
    p.add_argument(
        "--size",
        type=float,
        help="size of the generated corpus in MB (Cyrillic side; default 4, --quick 1)",
    )
    p.add_argument("--seed", type=int, default=0, help="seed of the generated corpus")
    p.add_argument("--quick", action="store_true", help="smaller inputs, fewer repetitions")
    p.add_argument(
        "--only",
        action="append",
        metavar="NAME",
        help="run only these sections (repeat or comma-separate): " + ", ".join(SECTIONS),
    )
    p.add_argument("--json", type=Path, metavar="OUT", help="also write all results as JSON")
    p.add_argument(
        "--markdown",
        type=Path,
        metavar="OUT",
        help="also write the result tables as Markdown (for docs/performance.md)",
    )
    p.add_argument("--check", action="store_true", help="exit 1 if a target FAILs")
    p.add_argument("--repeat", type=int, help="timed runs per measurement (default 5, --quick 3)")
    p.add_argument(
        "--budget",
        type=float,
        default=30.0,
        help="seconds after which one measurement stops repeating (default 30)",
    )
    p.add_argument(
        "--peer-mb",
        type=float,
        help="MB of text for the slow pure-Python peers (default 0.5, --quick 0.1)",
    )
    p.add_argument(
        "--cli-mb",
        type=float,
        help="size of the large file for the CLI (default 64, --quick 8); also measured at "
        "a quarter of it. 1024 measures the 1 GB target directly (about 2.3 GB of disk)",
    )
    p.add_argument(
        "--tmpdir",
        type=Path,
        help="where the CLI files are written (default: the system temporary folder)",
    )
    p.add_argument(
        "--jobs-mb", type=float, help="size of the --jobs folder (default 96, --quick 4)"
    )
    p.add_argument(
        "--jobs-files", type=int, help="files in the --jobs folder (default 400, --quick 40)"
    )
    p.add_argument(
        "--scale-mb",
        type=float,
        help="MB of text in the Parquet file of --only scale (default 200, --quick 20)",
    )
    p.add_argument(
        "--coldstart-runs",
        type=int,
        help="fresh interpreters per cold-start figure (default 7, --quick 3)",
    )
    p.add_argument(
        "--profile",
        action="store_true",
        help="also print a cProfile summary of translit on the large text",
    )
    args = p.parse_args(argv)
    q = args.quick

    def default(name: str, full: float, quick: float) -> None:
        if getattr(args, name) is None:
            setattr(args, name, quick if q else full)

    default("size", 4.0, 1.0)
    default("repeat", 5, 3)
    default("peer_mb", 0.5, 0.1)
    default("cli_mb", 64.0, 8.0)
    default("jobs_mb", 96.0, 4.0)
    default("jobs_files", 400, 40)
    default("coldstart_runs", 7, 3)
    default("scale_mb", 200.0, 20.0)
    only: set[str] = set()
    for item in args.only or []:
        for name in filter(None, (s.strip() for s in item.split(","))):
            name = _ALIASES.get(name, name)
            if name not in SECTIONS:
                p.error(f"unknown section {name!r}; choose from {', '.join(SECTIONS)}")
            only.add(name)
    args.sections = only or set(SECTIONS) - OPT_IN
    return args


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _ratio_target(
    name: str, secs: dict[str, throughput.Section], direction: str, mode: str, base: str,
    goal: float,
) -> Target:  # fmt: skip
    sec = secs.get(direction)
    row = sec.find(f"translit.{direction}", mode) if sec else None
    x = sec.ratio(row, base) if sec and row else None
    if x is None:
        return Target(name, "not measured", "SKIP")
    return Target(name, f"{x:.2f}x", "PASS" if x >= goal else "FAIL")


def targets(
    secs: dict[str, throughput.Section],
    cold: coldstart.ColdStart | None,
    cli: cli_bench.CliResult | None,
    cli_mb: float,
) -> list[Target]:
    icu, floor = throughput.ICU, throughput.FLOOR_1
    out = [
        _ratio_target("to_latin >= 3.5x ICU, per document", secs, "to_latin", "per-doc", icu, 3.5),
        _ratio_target("to_latin >= 3.5x ICU, one large text", secs, "to_latin", "large", icu, 3.5),
        _ratio_target("to_latin >= 0.9x floor (1:1), per document", secs, "to_latin", "per-doc",
                      floor, 0.9),
        _ratio_target("to_latin >= 0.9x floor (1:1), one large text", secs, "to_latin", "large",
                      floor, 0.9),
        _ratio_target("to_cyrillic >= 4x ICU, per document", secs, "to_cyrillic", "per-doc",
                      icu, 4.0),
        _ratio_target("to_cyrillic >= 4x ICU, one large text", secs, "to_cyrillic", "large",
                      icu, 4.0),
    ]  # fmt: skip
    for func in ("to_latin", "to_cyrillic"):
        name = f"first {func}() call after import < 50 ms (median)"
        if cold is None or cold.error or func not in cold.samples:
            out.append(Target(name, "not measured", "SKIP"))
        else:
            ms = cold.median(func, "first") * 1000
            out.append(Target(name, f"{ms:.1f} ms", "PASS" if ms < 50 else "FAIL"))
    direct = cli is not None and cli.rss_measured_directly(cli_bench.GB)
    how = "measured" if direct else f"extrapolated from {cli_mb / 4:g} and {cli_mb:g} MB"
    name = f"CLI: 1 GB file < 100 MB peak RSS ({how})"
    rss = cli.rss_at(cli_bench.GB) if cli else None
    if rss is None:
        out.append(Target(name, "not measured", "SKIP"))
    else:
        out.append(Target(name, f"{rss:.1f} MB", "PASS" if rss < 100 else "FAIL"))
    name = "CLI: time linear in size (net MB/s at S >= 0.8x net MB/s at S/4)"
    lin = cli.linearity() if cli else None
    if lin is None:
        out.append(Target(name, "not measured", "SKIP"))
    else:
        out.append(Target(name, f"{lin:.2f}x", "PASS" if lin >= 0.8 else "FAIL"))
    name = "CLI: --jobs 2 >= 1.7x faster than --jobs 1 (folder)"
    speedup = cli.jobs_speedup(2) if cli else None
    if speedup is None:
        out.append(Target(name, "not measured", "SKIP"))
    else:
        out.append(Target(name, f"{speedup:.2f}x", "PASS" if speedup >= 1.7 else "FAIL"))
    return out


def cold_targets(rows: list[cold_text.ColdRow]) -> list[Target]:
    """The targets of issue 13 on text never converted before (benchmarks/cold.py)."""
    out = []
    for func, text, key, goal in cold_text.GOALS:
        name = f"{func} {key} >= {goal:g}x ICU, {text} (fresh process)"
        row = next((r for r in rows if r.func == func and r.text == text), None)
        x = row.ratio(key) if row else None
        if x is None:
            out.append(Target(name, "not measured", "SKIP"))
        else:
            out.append(Target(name, f"{x:.2f}x", "PASS" if x >= goal else "FAIL"))
    return out


def format_targets(ts: list[Target]) -> str:
    width = max(len(t.name) for t in ts)
    lines = ["== Targets (issue 6) =="]
    lines += [f"{t.name:<{width}}  {t.measured:>14}  {t.status}" for t in ts]
    return "\n".join(lines)


def _profile(direction: str, text: str) -> str:
    import translit

    fn = getattr(translit, direction)
    prof = cProfile.Profile()
    prof.runcall(fn, text)
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(12)
    body = buf.getvalue().strip().splitlines()
    start = next((i for i, line in enumerate(body) if "ncalls" in line), 0)
    return f"== cProfile: translit.{direction} on the large text (top by tottime) ==\n" + "\n".join(
        body[start:]
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    t_start = time.perf_counter()
    info = harness.machine_info()
    print("uz-translit benchmarks")
    print(harness.format_machine(info))
    results: dict[str, Any] = {"machine": info, "options": {
        k: (str(v) if isinstance(v, Path) else sorted(v) if isinstance(v, set) else v)
        for k, v in vars(args).items()
    }}  # fmt: skip

    try:
        import translit

        missing = [f for f in ("to_latin", "to_cyrillic") if not hasattr(translit, f)]
    except ImportError as e:
        missing = [f"translit ({e})"]
    if missing:
        print(f"\ntranslit is not usable yet (missing: {', '.join(missing)}); nothing to measure.")
        return 1 if args.check else 0

    if args.sections == {"scale"}:  # needs no corpus in memory and no targets
        nbytes, found = scale.run(args.scale_mb, seed=args.seed, tmpdir=args.tmpdir, log=_log)
        print()
        print(scale.format_scale(nbytes, found))
        results["scale"] = {"text_bytes": nbytes, "engines": [r.as_dict() for r in found]}
        if args.json:
            args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
        return 0

    _log("loading corpus ...")
    if args.corpus:
        corp = corpus.load_corpus(args.corpus)
    else:
        corp = corpus.generated_corpus(args.size, args.seed)
    print(f"corpus    {corp.source}")
    for note in corp.notes:
        print(f"          {note}")
    results["corpus"] = {"source": corp.source, "notes": corp.notes}

    secs: dict[str, throughput.Section] = {}
    for direction, docs in (("to_latin", corp.cyrillic), ("to_cyrillic", corp.latin)):
        if direction not in args.sections:
            continue
        if not docs:
            print(f"\n{direction}: no documents in that script; skipped")
            continue
        sec = throughput.run_direction(
            direction, docs, repeat=args.repeat, budget=args.budget,
            peer_bytes=int(args.peer_mb * 1e6), log=_log,
        )  # fmt: skip
        secs[direction] = sec
        print()
        print(throughput.format_section(sec))
        if args.profile:
            print()
            print(_profile(direction, "".join(docs)))
    results["throughput"] = {k: v.as_dict() for k, v in secs.items()}

    cold_rows: list[cold_text.ColdRow] = []
    if "cold" in args.sections:
        _log("cold: never-converted text in fresh processes ...")
        cold_source, cold_rows = cold_text.run(runs=1 if args.quick else 3, log=_log)
        print()
        print(cold_text.format_cold(cold_source, cold_rows))
        results["cold_text"] = {"source": cold_source, "rows": [r.as_dict() for r in cold_rows]}

    cold = None
    if "coldstart" in args.sections:
        _log("cold start ...")
        cold = coldstart.run(args.coldstart_runs)
        print()
        print(coldstart.format_coldstart(cold))
        results["coldstart"] = cold.as_dict()

    cli = None
    if args.sections & {"cli", "jobs"}:
        _log("CLI ...")
        cli = cli_bench.run(
            corp.cyrillic, size_mb=args.cli_mb, jobs_mb=args.jobs_mb,
            jobs_files=args.jobs_files, repeat=max(1, min(args.repeat, 3)),
            budget=args.budget, seed=args.seed, sections=args.sections, tmpdir=args.tmpdir,
            generate_seed=None if args.corpus else args.seed + 1,
            log=_log,
        )  # fmt: skip
        print()
        print(cli_bench.format_cli(cli))
        results["cli"] = cli.as_dict()

    ts = targets(secs, cold, cli, args.cli_mb) + cold_targets(cold_rows)
    print()
    print(format_targets(ts))
    elapsed = time.perf_counter() - t_start
    print(f"\n(total benchmark time {elapsed:.0f} s)")
    results["targets"] = [t.as_dict() for t in ts]
    results["elapsed_s"] = elapsed
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
        _log(f"wrote {args.json}")
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        md = markdown.render(info, corp.source, corp.notes, secs, cold, cli, ts)
        args.markdown.write_text(md, encoding="utf-8")
        _log(f"wrote {args.markdown}")
    if args.check and any(t.status == "FAIL" for t in ts):
        return 1
    return 0
