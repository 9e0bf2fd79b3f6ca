"""Benchmark input: a generated Uzbek corpus of any size, or real text from a folder.

Why generate at all: the benchmark must run in a fresh clone, where no real corpus
exists and none may be shipped. Throughput of a word-caching converter depends on the
*distribution* of words (how often a word repeats, how fast new words appear), so a
corpus made by repeating a few sentences would flatter a cache. We therefore build text
from our own sentences (``sentences_cyr.txt``) but draw most words from a Zipf-Mandelbrot
distribution over a lexicon of their words plus inflected forms, which gives a natural
rank/frequency curve and a vocabulary that keeps growing with the size of the corpus.
The sentence shapes (punctuation, numbers, names, abbreviations, quotes) are kept.

The Latin side is produced with ``translit.to_latin`` (typographic apostrophes by
default, as most Latin publishers type them), so everything here is our own text.
Everything is deterministic for a given seed.

Usage::

    python -m benchmarks.corpus --size 4 --out /tmp/uzcorpus          # N_cyr.txt / N_lat.txt
    python -m benchmarks.corpus --many 400 --size 20 --out /tmp/many   # many small files
"""

from __future__ import annotations

import argparse
import functools
import math
import random
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SENTENCES_FILE = Path(__file__).with_name("sentences_cyr.txt")

_WORD = re.compile(r"[^\W\d_]+")
_CYR = re.compile(r"[\u0400-\u04ff]")
_LAT = re.compile(r"[A-Za-z]")

# Uzbek nouns take plural + possessive + case suffixes in that order. Combining them
# on our stems gives the long tail of word forms that an agglutinative language has
# (a few odd combinations do not matter for a throughput benchmark; the letter mix
# does). Each layer is ordered from common to rare; the order sets the frequency.
_PLURAL = ("", "лар")
_POSS_AFTER_VOWEL = ("", "си", "м", "миз", "нг", "нгиз")
_POSS_AFTER_CONSONANT = ("", "и", "им", "имиз", "инг", "ингиз")
_CASE = ("", "да", "ни", "нинг", "га", "дан", "даги", "ми", "гача", "дек", "дир", "ча")
_VOWELS = frozenset("аеёиоуэюяў")
# Words that do not inflect like nouns (or rarely do): they keep their own count only.
_FUNCTION_WORDS = frozenset((
    "ва", "бу", "у", "бир", "учун", "билан", "ҳам", "эса", "аммо", "лекин", "деб", "эди",
    "яна", "ҳеч", "шу", "бўйича", "орқали", "ёки", "каби", "кейин", "сўнг", "ортиқ",
    "ҳақида", "томонидан", "ичида", "ўз", "биз", "сиз", "мен", "сен", "улар",
))  # fmt: skip
_VERB_ENDINGS = ("ди", "ган", "моқда", "ади", "иш", "ган", "ча", "иб", "аб", "са", "син")

# Zipf-Mandelbrot parameters: weight(rank) = 1 / (rank + Q) ** S. S close to 1 is what
# word frequencies of natural text show; Q flattens the very top. They were chosen so
# that 2 MB of generated text has a top word near 1.2% and top ten near 8% of all
# words, as Uzbek prose does. Its vocabulary is still smaller than real prose (about
# 22k distinct forms per 120k words against about 35k per 145k): a word cache is
# slightly favoured here, so quote numbers measured on real text (--corpus).
ZIPF_S = 1.0
ZIPF_Q = 8.0
VERBATIM_SHARE = 0.25  # share of sentences copied as written (keeps real word order)
CRLF_SHARE = 0.1  # share of documents with Windows line endings


def load_sentences(path: Path = SENTENCES_FILE) -> list[str]:
    """Return the sentences of ``path`` (skipping comments and blank lines)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [s.strip() for s in lines if s.strip() and not s.startswith("#")]


@dataclass(frozen=True)
class Lexicon:
    """Lowercase word forms in rank order with cumulative Zipf weights."""

    words: tuple[str, ...]
    cum_weights: tuple[float, ...]


def _is_stem(word: str) -> bool:
    return len(word) >= 3 and word not in _FUNCTION_WORDS and not word.endswith(_VERB_ENDINGS)


def _inflections(stem: str) -> Iterator[tuple[str, float]]:
    """Inflected forms of ``stem`` with a relative weight: longer endings are rarer."""
    for plural in _PLURAL:
        base = stem + plural
        poss = _POSS_AFTER_VOWEL if base[-1] in _VOWELS else _POSS_AFTER_CONSONANT
        for j, possessive in enumerate(poss):
            for k, case in enumerate(_CASE):
                ending = plural + possessive + case
                if ending and plural and possessive and case:
                    continue  # three suffixes at once: rare enough to leave out
                yield stem + ending, 1.0 / ((1 + j) * (1 + k) * (1 + len(ending)) ** 2)


@functools.lru_cache(maxsize=4)
def build_lexicon(path: Path = SENTENCES_FILE) -> Lexicon:
    """Rank the words of our sentences and their inflected forms by a plausible frequency.

    Only words written in lower case count (names and abbreviations stay in their
    sentences). A word's score is its count; an inflected form scores its stem's count
    times the weight of its suffixes. Ranks, not scores, set the Zipf weights.
    """
    counts: dict[str, float] = {}
    for sentence in load_sentences(path):
        for word in _WORD.findall(sentence):
            if word.islower() and _CYR.search(word) and not _LAT.search(word):
                counts[word] = counts.get(word, 0.0) + 1.0
    scores = dict(counts)
    for stem, count in counts.items():
        if _is_stem(stem):
            for form, weight in _inflections(stem):
                scores[form] = max(scores.get(form, 0.0), count * weight)
    ranked = sorted(scores, key=lambda w: (-scores[w], w))
    cum: list[float] = []
    total = 0.0
    for rank in range(1, len(ranked) + 1):
        total += 1.0 / (rank + ZIPF_Q) ** ZIPF_S
        cum.append(total)
    return Lexicon(tuple(ranked), tuple(cum))


def _style(word: str, first: bool, shouting: bool) -> str | None:
    """How a template word is replaced: "lower"/"title"/"upper", or None to keep it."""
    if _LAT.search(word):
        return None  # URLs, mixed-script typos: keep as written
    if shouting:
        return "upper"
    if word.islower():
        return "title" if first else "lower"
    if first and word[:1].isupper() and word[1:].islower():
        return "title"
    return None  # names, abbreviations (АҚШ, ЎзР, ТошДУ): keep


@dataclass
class _Template:
    pieces: list[str]
    styles: list[str | None] = field(default_factory=list)


def _templates(sentences: Sequence[str]) -> list[_Template]:
    out: list[_Template] = []
    for sentence in sentences:
        letters = [c for c in sentence if c.isalpha()]
        shouting = len(letters) > 10 and all(c.isupper() for c in letters)
        pieces: list[str] = []
        styles: list[str | None] = []
        pos = 0
        first = True
        for m in _WORD.finditer(sentence):
            if m.start() > pos:
                pieces.append(sentence[pos : m.start()])
                styles.append(None)
            pieces.append(m.group())
            styles.append(_style(m.group(), first, shouting) or "keep")
            first = False
            pos = m.end()
        if pos < len(sentence):
            pieces.append(sentence[pos:])
            styles.append(None)
        out.append(_Template(pieces, styles))
    return out


class SentenceSource:
    """Deterministic stream of generated Cyrillic sentences."""

    def __init__(self, seed: int = 0, path: Path = SENTENCES_FILE) -> None:
        self._rng = random.Random(seed)
        self._sentences = load_sentences(path)
        self._templates = _templates(self._sentences)
        self._lexicon = build_lexicon(path)

    def sentence(self) -> str:
        rng = self._rng
        i = rng.randrange(len(self._sentences))
        if rng.random() < VERBATIM_SHARE:
            return self._sentences[i]
        tpl = self._templates[i]
        slots = sum(1 for s in tpl.styles if s not in (None, "keep"))
        lex = self._lexicon
        words = iter(rng.choices(lex.words, cum_weights=lex.cum_weights, k=slots))
        out: list[str] = []
        for piece, style in zip(tpl.pieces, tpl.styles, strict=True):
            if style is None or style == "keep":
                out.append(piece)
            elif style == "lower":
                out.append(next(words))
            elif style == "title":
                out.append(next(words).capitalize())
            else:
                out.append(next(words).upper())
        return "".join(out)

    def rng(self) -> random.Random:
        return self._rng


def _document(src: SentenceSource, target: int, budget: int) -> str:
    """One document of about ``target`` UTF-8 bytes, never going past ``budget`` by more
    than one sentence. A title line (a fifth of them in capitals), then paragraphs of
    2-7 sentences; one document in ten uses Windows line endings."""
    rng = src.rng()
    nl = "\r\n" if rng.random() < CRLF_SHARE else "\n"
    title = src.sentence().rstrip(".!?")
    if rng.random() < 0.2:
        title = title.upper()
    lines = [title]
    size = len(title.encode()) + len(nl)  # exact size of nl.join(lines) + nl
    limit = min(target, budget)
    while size < limit:
        para: list[str] = []
        size += len(nl)
        for _ in range(rng.randint(2, 7)):
            s = src.sentence()
            size += len(s.encode()) + (1 if para else 0)
            para.append(s)
            if size >= limit:
                break
        lines.append(" ".join(para))
    return nl.join(lines) + nl


def generate_documents(
    size_bytes: int, seed: int = 0, *, median_doc_bytes: int = 16_000
) -> list[str]:
    """Cyrillic documents totalling at least ``size_bytes`` UTF-8 bytes.

    Document sizes are log-normal around ``median_doc_bytes`` (news items to book
    chapters). The total exceeds ``size_bytes`` by less than one sentence and a title.
    """
    return list(iter_documents(size_bytes, seed, median_doc_bytes=median_doc_bytes))


def iter_documents(
    size_bytes: int, seed: int = 0, *, median_doc_bytes: int = 16_000
) -> Iterator[str]:
    """The documents of ``generate_documents``, one at a time (for files of any size)."""
    src = SentenceSource(seed)
    rng = src.rng()
    total = 0
    while total < size_bytes:
        target = int(rng.lognormvariate(math.log(median_doc_bytes), 1.0))
        target = max(800, min(target, 400_000))
        doc = _document(src, target, size_bytes - total)
        total += len(doc.encode())
        yield doc


def generate_n_documents(n: int, each_bytes: int, seed: int = 0) -> list[str]:
    """``n`` Cyrillic documents of about ``each_bytes`` each (for the --jobs benchmark)."""
    src = SentenceSource(seed)
    return [_document(src, each_bytes, each_bytes) for _ in range(n)]


def latin_documents(docs: Iterable[str], apostrophe: str = "typographic") -> list[str]:
    """The Latin side of generated documents, made by ``translit.to_latin``."""
    import translit

    return [translit.to_latin(d, apostrophe=apostrophe) for d in docs]


def utf8_size(docs: Iterable[str]) -> int:
    return sum(len(d.encode("utf-8")) for d in docs)


# --- real text --------------------------------------------------------------------


@dataclass
class Corpus:
    """Documents per script, plus a description of where they came from."""

    cyrillic: list[str]
    latin: list[str]
    source: str
    notes: list[str] = field(default_factory=list)


def _natural_key(path: Path) -> tuple[int, str]:
    m = re.match(r"\d+", path.name)
    return (int(m.group()) if m else 1 << 30, path.name)


def _detect(text: str) -> str:
    try:
        import translit

        return str(translit.detect_script(text))
    except (ImportError, AttributeError):  # engine not there yet: count letters
        cyr = len(_CYR.findall(text))
        lat = len(_LAT.findall(text))
        if cyr + lat == 0:
            return "unknown"
        return "cyrillic" if cyr > 4 * lat else "latin" if lat > 4 * cyr else "mixed"


def read_text(path: Path) -> str:
    # newline="" keeps \r\n: line endings are part of what a converter must handle
    with path.open(encoding="utf-8", newline="") as f:
        return f.read()


def load_corpus(path: Path) -> Corpus:
    """Load a file or a folder of ``.txt`` files, sorting each file by detected script."""
    files = sorted(path.glob("*.txt"), key=_natural_key) if path.is_dir() else [path]
    if not files:
        raise SystemExit(f"no .txt files in {path}")
    corpus = Corpus([], [], str(path))
    skipped: list[str] = []
    for f in files:
        text = read_text(f)
        script = _detect(text)
        if script == "cyrillic":
            corpus.cyrillic.append(text)
        elif script == "latin":
            corpus.latin.append(text)
        else:
            skipped.append(f"{f.name} ({script})")
    if skipped:
        corpus.notes.append("skipped, script not clear: " + ", ".join(skipped))
    import translit

    if not corpus.latin and corpus.cyrillic:
        corpus.latin = [translit.to_latin(d) for d in corpus.cyrillic]
        corpus.notes.append("no Latin files: Latin side made with translit.to_latin")
    if not corpus.cyrillic and corpus.latin:
        corpus.cyrillic = [translit.to_cyrillic(d) for d in corpus.latin]
        corpus.notes.append("no Cyrillic files: Cyrillic side made with translit.to_cyrillic")
    return corpus


def generated_corpus(size_mb: float, seed: int = 0) -> Corpus:
    docs = generate_documents(int(size_mb * 1_000_000), seed)
    return Corpus(
        docs,
        latin_documents(docs),
        f"generated, {size_mb:g} MB Cyrillic, seed {seed}",
        ["Latin side = translit.to_latin(apostrophe='typographic') of the Cyrillic side"],
    )


# --- files for the CLI benchmarks ---------------------------------------------------


def repeat_to_size(docs: Sequence[str], size_bytes: int) -> Iterator[str]:
    """Yield documents cyclically until ``size_bytes`` UTF-8 bytes have been yielded."""
    done = 0
    while done < size_bytes:
        for d in docs:
            yield d
            done += len(d.encode("utf-8"))
            if done >= size_bytes:
                return


def write_large_file(path: Path, docs: Sequence[str], size_bytes: int) -> int:
    """Write ``docs`` repeated to ``size_bytes`` into one file; return its size."""
    n = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        for d in repeat_to_size(docs, size_bytes):
            n += f.write(d)
    return path.stat().st_size


def write_generated_file(path: Path, size_bytes: int, seed: int = 0) -> int:
    """Write ``size_bytes`` of freshly generated text, document by document (never all
    in memory); return the file's size. Unlike a repeated corpus, rare words keep
    appearing all the way through, as in real text, so a word cache cannot serve the
    whole file from its first megabytes."""
    with path.open("w", encoding="utf-8", newline="") as f:
        for d in iter_documents(size_bytes, seed):
            f.write(d)
    return path.stat().st_size


def write_many_files(directory: Path, total_bytes: int, files: int, seed: int = 0) -> int:
    """Write ``files`` Cyrillic documents of about equal size; return total bytes."""
    directory.mkdir(parents=True, exist_ok=True)
    written = 0
    for i, text in enumerate(generate_n_documents(files, max(1, total_bytes // files), seed)):
        (directory / f"doc_{i:05d}.txt").write_text(text, encoding="utf-8", newline="")
        written += len(text.encode("utf-8"))
    return written


def write_corpus_folder(directory: Path, docs: Sequence[str], latin: Sequence[str]) -> None:
    """Write N_cyr.txt / N_lat.txt pairs, the layout ``--corpus`` reads."""
    directory.mkdir(parents=True, exist_ok=True)
    for i, (c, lat) in enumerate(zip(docs, latin, strict=True)):
        (directory / f"{i}_cyr.txt").write_text(c, encoding="utf-8", newline="")
        (directory / f"{i}_lat.txt").write_text(lat, encoding="utf-8", newline="")


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.corpus", description="Write a generated benchmark corpus."
    )
    p.add_argument("--size", type=float, default=4.0, help="Cyrillic size in MB (10^6 bytes)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, required=True, help="output folder")
    p.add_argument("--many", type=int, metavar="N", help="write N small Cyrillic files instead")
    args = p.parse_args(argv)
    size = int(args.size * 1_000_000)
    if args.many:
        n = write_many_files(args.out, size, args.many, args.seed)
        print(f"wrote {args.many} files, {n / 1e6:.2f} MB, to {args.out}")
        return 0
    docs = generate_documents(size, args.seed)
    write_corpus_folder(args.out, docs, latin_documents(docs))
    mb = utf8_size(docs) / 1e6
    print(f"wrote {len(docs)} document pairs, {mb:.2f} MB Cyrillic, to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
