"""Cold conversion: text never converted before, in a fresh process, side by side with ICU.

Why a section of its own: the throughput section times the best of several runs, so from
the second run on every word is in translit's word cache (warm). Real users often convert
text once: a first pass over documents nobody converted before, or a word list where every
word is new. Each figure here comes from a new interpreter that converts the text exactly
once, timed from the first call after import (tables already built by a short warm-up
sentence, so import and table compilation, measured by ``coldstart``, are not counted),
then the same text again (warm), and ICU on the same text in the same process.

Texts:

- ``documents``: the development corpus (``../shared/corpus/parallel-dev``, the Latin and
  Cyrillic side of each file) when it exists beside the repository, else the generated
  corpus; converted document by document;
- ``new words``: a generated vocabulary where no word repeats (stems of our own sample
  sentences crossed with Uzbek suffix chains), written as running text.

Ratios are ICU time / translit time: above 1 translit is faster. ICU is timed both per
document and line by line, and the faster of the two counts (ICU slows down on long
strings; the throughput section compares with ICU at its best in the same way). Times
are CPU times of the child process (``time.process_time``): on a shared machine
wall-clock ratios swing with the load of the other processes, CPU time much less.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import coldstart, corpus

# The development corpus lies in ``shared/`` beside the repository, or beside a folder
# that holds the repository (a git worktree): looked for upwards, never required.
CORPUS_PART = Path("shared") / "corpus" / "parallel-dev"

_CHILD = r"""
import json, sys, time
spec = json.load(open(sys.argv[1], encoding="utf-8"))
import translit
fn = getattr(translit, spec["func"])
fn(spec["warmup"])  # builds the tables: import and compilation are not what we time
docs = spec["docs"]
t0 = time.process_time()
for d in docs:
    fn(d)
cold = time.process_time() - t0
t0 = time.process_time()
for d in docs:
    fn(d)
warm = time.process_time() - t0
icu = icu_doc = icu_line = None
try:
    import icu as _icu
    tid = "uz_Cyrl-uz_Latn" if spec["func"] == "to_latin" else "uz_Latn-uz_Cyrl"
    tr = _icu.Transliterator.createInstance(tid)
    tr.transliterate(spec["warmup"])
    t0 = time.process_time()
    for d in docs:
        tr.transliterate(d)
    icu_doc = time.process_time() - t0
    # ICU slows down on long strings: line by line is its best on long documents.
    t0 = time.process_time()
    for d in docs:
        "\n".join([tr.transliterate(line) for line in d.split("\n")])
    icu_line = time.process_time() - t0
    icu = min(icu_doc, icu_line)
except Exception:
    icu_doc = icu_line = None
print(json.dumps({"cold": cold, "warm": warm, "icu": icu, "icu_doc": icu_doc,
                  "icu_line": icu_line}))
"""

WARMUP = {
    "to_latin": "Ўзбекистон Республикаси пойтахти — Тошкент шаҳри.",
    "to_cyrillic": "Oʻzbekiston Respublikasi poytaxti — Toshkent shahri.",
}


@dataclass
class ColdRow:
    func: str
    text: str  # "documents" or "new words"
    mb: float
    samples: list[dict[str, float | None]] = field(default_factory=list)

    def _median(self, key: str) -> float | None:
        values = [s[key] for s in self.samples if s.get(key) is not None]
        return statistics.median(values) if values else None  # type: ignore[type-var]

    def ratio(self, key: str) -> float | None:
        icu, ours = self._median("icu"), self._median(key)
        return icu / ours if icu and ours else None

    def mbps(self, key: str) -> float | None:
        t = self._median(key)
        return self.mb / t if t else None

    def as_dict(self) -> dict[str, Any]:
        return {"func": self.func, "text": self.text, "mb": self.mb, "samples": self.samples}


def _dev_corpus() -> Path | None:
    for parent in coldstart.REPO.parents:
        path = parent / CORPUS_PART
        if path.is_dir() and any(path.glob("*_lat.txt")):
            return path
    return None


def documents() -> tuple[str, list[str], list[str]]:
    """(where from, Cyrillic documents, Latin documents)."""
    path = _dev_corpus()
    if path is not None:
        files = sorted(path.glob("*.txt"), key=corpus._natural_key)
        cyr = [f.read_text("utf-8") for f in files if f.name.endswith("_cyr.txt")]
        lat = [f.read_text("utf-8") for f in files if f.name.endswith("_lat.txt")]
        return f"dev corpus {path}", cyr, lat
    gen = corpus.generated_corpus(2.0, 7)
    return "generated corpus (2 MB, seed 7)", gen.cyrillic, gen.latin


_CHAINS_LAT = (
    "lar", "larni", "larda", "larimiz", "larimizda", "ning", "dagi", "ga", "dan", "imiz",
    "ingiz", "lardan", "laridagi", "gacha", "dek", "chilik", "chi", "li", "siz", "lik",
    "likda", "laringiz", "larga", "idagi", "imizning",
)  # fmt: skip


def new_words(limit_mb: float = 1.0) -> tuple[list[str], list[str]]:
    """A vocabulary of distinct words (Cyrillic, Latin) as running text, none repeated:
    the words of our sample sentences crossed with suffix chains and with each other."""
    import translit

    stems = sorted({w.lower() for s in corpus.load_sentences() for w in corpus._WORD.findall(s)
                    if len(w) > 2 and corpus._CYR.search(w)})  # fmt: skip
    lat_stems = translit.to_latin("\n".join(stems)).split("\n")
    words: list[str] = []
    seen: set[str] = set()
    budget = int(limit_mb * 1e6)
    size = 0
    for i, a in enumerate(lat_stems):
        for j, chain in enumerate(_CHAINS_LAT):
            b = lat_stems[(i * 7 + j * 13) % len(lat_stems)]
            for word in (a + chain, a + b[:4] + chain):
                if word not in seen:
                    seen.add(word)
                    words.append(word)
                    size += len(word.encode()) + 1
        if size > budget:
            break
    lines = [" ".join(words[k : k + 12]) for k in range(0, len(words), 12)]
    latin = [" ".join(lines[k : k + 40]) for k in range(0, len(lines), 40)]
    cyrillic = translit.to_cyrillic("\n".join(latin)).split("\n")
    return cyrillic, latin


def _child(func: str, docs: list[str]) -> dict[str, float | None]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as f:
        json.dump({"func": func, "docs": docs, "warmup": WARMUP[func]}, f, ensure_ascii=False)
        spec = f.name
    try:
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, spec], capture_output=True, text=True,
            env=coldstart.child_env(), timeout=900, check=True,
        )  # fmt: skip
    finally:
        Path(spec).unlink()
    result: dict[str, float | None] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def run(runs: int = 3, log: Any = None) -> tuple[str, list[ColdRow]]:
    source, cyr_docs, lat_docs = documents()
    cyr_words, lat_words = new_words()
    rows = []
    for func, text, docs in (
        ("to_latin", "documents", cyr_docs),
        ("to_cyrillic", "documents", lat_docs),
        ("to_latin", "new words", cyr_words),
        ("to_cyrillic", "new words", lat_words),
    ):
        row = ColdRow(func, text, corpus.utf8_size(docs) / 1e6)
        for _ in range(runs):
            if log:
                log(f"cold {func} {text} ...")
            row.samples.append(_child(func, docs))
        rows.append(row)
    return source, rows


def _fmt(x: float | None, unit: str = "x") -> str:
    return "-" if x is None else f"{x:.2f}{unit}"


def format_cold(source: str, rows: list[ColdRow]) -> str:
    lines = [
        "== Cold: text never converted before, fresh process (median of runs) ==",
        f"documents: {source}; new words: generated, no word repeated",
        f"{'function':<12} {'text':<10} {'MB':>6} {'cold MB/s':>10} {'cold/ICU':>9} "
        f"{'warm MB/s':>10} {'warm/ICU':>9} {'ICU MB/s: per doc':>18} {'by line':>8}",
    ]
    for r in rows:
        lines.append(
            f"{r.func:<12} {r.text:<10} {r.mb:>6.2f} {_fmt(r.mbps('cold'), ''):>10} "
            f"{_fmt(r.ratio('cold')):>9} {_fmt(r.mbps('warm'), ''):>10} {_fmt(r.ratio('warm')):>9} "
            f"{_fmt(r.mbps('icu_doc'), ''):>18} {_fmt(r.mbps('icu_line'), ''):>8}"
        )
    lines.append("x ICU: against the faster of ICU per document and ICU line by line")
    return "\n".join(lines)


GOALS = (
    ("to_cyrillic", "documents", "cold", 2.0),
    ("to_cyrillic", "new words", "cold", 1.5),
    ("to_latin", "documents", "cold", 4.0),
    ("to_latin", "new words", "cold", 4.0),
    ("to_cyrillic", "documents", "warm", 4.0),
    ("to_latin", "documents", "warm", 4.0),
)


def main() -> int:
    source, rows = run(log=lambda m: print(m, file=sys.stderr, flush=True))
    print(format_cold(source, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
