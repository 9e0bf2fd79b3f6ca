"""Throughput of translit, ICU, the floors and the other peers, side by side.

Two modes, because users do both and they stress different costs:

- ``per-doc``: a Python loop calling the converter once per document, as a user
  converting a folder does (per-call overhead and per-document setup count);
- ``large``: one call on all documents joined into one string (pure engine speed,
  and for ICU the cost of one long string).

Every implementation sees the same documents in one process, one after the other.
ICU's ``transliterate`` gets slower per byte as the string gets longer (on this
machine ~9 MB/s at 50k characters, ~1 MB/s at 1.6M), so it is also measured line by
line, and the "xICU" ratios divide by the faster of the two: ICU at its best.
Ratios are taken between best times (see ``harness``). The slow pure-Python peers
are measured on a leading subset of the documents (``--peer-mb``) so that a run
stays short; their rows say so, and their MB/s is still comparable as a rate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from benchmarks import peers
from benchmarks.harness import Timing, measure

MODES = ("per-doc", "large")
STREAM_CHUNK = 64 * 1024  # characters per chunk fed to Transliterator.stream


@dataclass
class Row:
    impl: str
    mode: str
    timing: Timing | None = None
    skipped: str | None = None
    note: str = ""

    def mbps(self) -> float | None:
        return self.timing.mbps() if self.timing else None


@dataclass
class Section:
    """All rows of one direction, plus which rows the ratios divide by."""

    direction: str  # "to_latin" | "to_cyrillic"
    documents: int
    nbytes: int
    words: int
    distinct_words: int
    rows: list[Row] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    def find(self, impl: str, mode: str) -> Row | None:
        for r in self.rows:
            if r.impl == impl and r.mode == mode and r.timing is not None:
                return r
        return None

    def base_mbps(self, base_impl: str, mode: str) -> float | None:
        """MB/s of the base of a ratio; for ICU, the faster of its two ways of use."""
        names = ICU_ROWS if base_impl == ICU else (base_impl,)
        rates = [r.mbps() for n in names if (r := self.find(n, mode))]
        return max((x for x in rates if x is not None), default=None)

    def ratio(self, row: Row, base_impl: str) -> float | None:
        a, b = row.mbps(), self.base_mbps(base_impl, row.mode)
        return a / b if a is not None and b else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "direction": self.direction,
            "documents": self.documents,
            "bytes": self.nbytes,
            "words": self.words,
            "distinct_words": self.distinct_words,
            "messages": self.messages,
            "rows": [
                {
                    "impl": r.impl,
                    "mode": r.mode,
                    "skipped": r.skipped,
                    "note": r.note,
                    "x_icu": self.ratio(r, ICU),
                    "x_floor_1to1": self.ratio(r, FLOOR_1),
                    "timing": r.timing.as_dict() if r.timing else None,
                }
                for r in self.rows
            ],
        }


ICU = "PyICU"
ICU_LINES = "PyICU, line by line"
ICU_ROWS = (ICU, ICU_LINES)
FLOOR_1 = "floor: str.translate 1:1"
FLOOR_MULTI = "floor: str.translate multi-letter"


def _per_doc(fn: Callable[[str], object], docs: Sequence[str]) -> Callable[[], None]:
    def run() -> None:
        for d in docs:
            fn(d)

    return run


def _once(fn: Callable[[str], object], text: str) -> Callable[[], None]:
    def run() -> None:
        fn(text)

    return run


def _subset(docs: Sequence[str], nbytes: int) -> list[str]:
    out: list[str] = []
    total = 0
    for d in docs:
        out.append(d)
        total += len(d.encode("utf-8"))
        if total >= nbytes:
            break
    return out


def _word_stats(docs: Sequence[str]) -> tuple[int, int]:
    import re

    words = re.compile(r"[^\W\d_]+")
    seen: set[str] = set()
    n = 0
    for d in docs:
        for w in words.findall(d):
            n += 1
            seen.add(w.lower())
    return n, len(seen)


def run_direction(
    direction: str,
    docs: Sequence[str],
    *,
    repeat: int,
    budget: float,
    peer_bytes: int,
    log: Callable[[str], None],
) -> Section:
    """Measure every implementation in one direction over ``docs``."""
    import translit

    big = "".join(docs)
    nbytes = len(big.encode("utf-8"))
    words, distinct = _word_stats(docs)
    sec = Section(direction, len(docs), nbytes, words, distinct)

    def add(
        impl: str,
        fn: Callable[[str], object],
        documents: Sequence[str],
        note: str = "",
        modes: Sequence[str] = MODES,
        rep: int = repeat,
    ) -> None:
        text = "".join(documents)
        size = len(text.encode("utf-8"))
        for mode in modes:
            log(f"  {direction:<11} {mode:<7} {impl}")
            run = _per_doc(fn, documents) if mode == "per-doc" else _once(fn, text)
            t = measure(impl, run, size, repeat=rep, budget=budget)
            sec.rows.append(Row(impl, mode, t, note=note))

    ours: Callable[[str], str] = getattr(translit, direction)
    add(f"translit.{direction}", ours, docs)

    source, target = ("cyrillic", "latin") if direction == "to_latin" else ("latin", "cyrillic")
    tr = translit.Transliterator(source, target)
    chunks = [big[i : i + STREAM_CHUNK] for i in range(0, len(big), STREAM_CHUNK)]

    def stream(_: str) -> None:
        for _piece in tr.stream(chunks):
            pass

    add(
        f"translit stream ({STREAM_CHUNK // 1024} Ki-char chunks)",
        stream,
        docs,
        note="what the CLI does",
        modes=("large",),
    )

    try:
        icu = peers.icu_converter(direction)

        def icu_lines(text: str) -> str:
            return "".join([icu(line) for line in text.splitlines(keepends=True)])

        add(ICU, icu, docs)
        add(ICU_LINES, icu_lines, docs, note="ICU slows down on long strings")
    except peers.Unavailable as e:
        msg = f"ICU rows skipped: {e}"
        sec.messages.append(msg)
        sec.rows.append(Row(ICU, "per-doc", skipped=msg))

    if direction == "to_latin":
        add(FLOOR_1, peers.translate_with(peers.FLOOR_1TO1), docs)
        add(FLOOR_MULTI, peers.translate_with(peers.FLOOR_MULTI), docs)
    else:
        add(FLOOR_1, peers.translate_with(peers.FLOOR_LAT_1TO1), docs, note="Latin->Cyrillic table")

    subset = _subset(docs, peer_bytes)
    sub_mb = sum(len(d.encode("utf-8")) for d in subset) / 1e6
    for name, factory in peers.OTHER_PEERS.items():
        try:
            fn = factory(direction)
        except peers.Unavailable as e:
            msg = f"{name} skipped: {e}"
            sec.messages.append(msg)
            sec.rows.append(Row(name, "per-doc", skipped=msg))
            continue
        try:
            add(
                name, fn, subset, note=f"on first {sub_mb:.2f} MB", modes=("per-doc",),
                rep=min(repeat, 3),
            )  # fmt: skip
        except Exception as e:  # a peer crashing on some input is a result, not our bug
            msg = f"{name} failed: {type(e).__name__}: {e}"
            sec.messages.append(msg)
            sec.rows.append(Row(name, "per-doc", skipped=msg))
    return sec


def format_section(sec: Section) -> str:
    title = "Cyrillic -> Latin" if sec.direction == "to_latin" else "Latin -> Cyrillic"
    lines = [
        f"== {title} ({sec.direction}): {sec.nbytes / 1e6:.2f} MB in {sec.documents} documents, "
        f"{sec.words} words, {sec.distinct_words} distinct ==",
        f"{'implementation':<38} {'mode':<8} {'MB/s':>8} {'median':>8} {'1st':>8} "
        f"{'xICU':>7} {'xfloor':>7}  note",
    ]
    for r in sec.rows:
        if r.timing is None:
            lines.append(f"{r.impl:<38} {'-':<8} {'skipped: ' + (r.skipped or '')}")
            continue
        t = r.timing
        x_icu = sec.ratio(r, ICU)
        x_floor = sec.ratio(r, FLOOR_1)
        lines.append(
            f"{r.impl:<38} {r.mode:<8} {t.mbps():8.2f} {t.mbps(t.median):8.2f} "
            f"{t.mbps(t.first):8.2f} {_fmt_ratio(x_icu):>7} {_fmt_ratio(x_floor):>7}  "
            f"{r.note}{'' if len(t.times) > 1 else ' (1 run)'}"
        )
    lines.append(
        "MB/s = best of the timed runs; median = median run; 1st = the untimed warm-up run.\n"
        "xICU = ratio of best MB/s to ICU at its best in the same mode (the faster of PyICU "
        "and PyICU line by line);\nxfloor = ratio to the 1:1 str.translate floor, same mode."
    )
    lines.extend(f"note: {m}" for m in sec.messages)
    return "\n".join(lines)


def _fmt_ratio(x: float | None) -> str:
    if x is None:
        return "-"
    return f"{x:.2f}x" if x < 100 else f"{x:.0f}x"
