"""Regenerate translit/data/russian/words.tsv.gz, the Russian dictionary of loanwords
and names (see docs/lexicon.md), from the OpenCorpora dictionary of Russian.

Run at development time only (the library and its tests never need the source):

    python tools/build_russian_dictionary.py            # installs the source if missing

Source: the OpenCorpora dictionary as packaged in ``pymorphy3-dicts-ru`` (data licence
CC BY-SA 3.0, see translit/data/russian/LICENSE). Read with ``pymorphy3``.

What is kept: the nominative singular of every noun (common nouns, first names,
surnames, patronymics, place names), without abbreviations, misspellings and words
with ы or щ (letters Uzbek does not have), whose Uzbek Cyrillic spelling the plain
Latin -> Cyrillic rules get wrong from the Latin that our own Cyrillic -> Latin rules
give it: the ь, ъ, ц, э, ё, ю that Latin lost (фильм: film; таблица: tablitsa). Each
row is ``latin-key<TAB>cyrillic``, sorted; a name is written with a capital.

Native words win (docs/lexicon.md): a key is left out when
- it is shorter than 6 letters (4 for a name): kon, tush, sol, mol, yel, tol are Uzbek
  words (кон, туш, сол, мол, ел, тол), and short Uzbek words are many;
- the rules' own reading of the key is also a Russian noun (свет and цвет: svet);
- two Russian words share it and neither is a name (no way to choose);
- the hand-written lexicon (translit/data/lexicon) has the key already;
- it is the Latin of a word of our own data that the rules read right: the Cyrillic
  words of tests/cases/*.tsv, benchmarks/sentences_cyr.txt and examples/, and the
  native words listed by hand in tools/native-words.txt (all written by us).
"""

from __future__ import annotations

import argparse
import gzip
import importlib
import json
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = ROOT / "translit" / "data" / "russian" / "words.tsv.gz"
NATIVE = HERE / "native-words.txt"
SOURCE = "pymorphy3-dicts-ru==2.4.417150.4580142"
_RUSSIAN = re.compile(r"[а-яё]+")
PROPER = {"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"}
SKIP = {"Abbr", "Erro", "Dist", "Init", "Apro"}
MIN_COMMON, MIN_PROPER = 6, 4


def _ensure_source() -> None:
    try:
        importlib.import_module("pymorphy3")
        importlib.import_module("pymorphy3_dicts_ru")
    except ImportError:
        subprocess.run([sys.executable, "-m", "pip", "install", "pymorphy3", SOURCE], check=True)


def russian_nouns(cache: Path | None) -> list[tuple[str, bool]]:
    """(word, is_proper) for the nominative singular of every noun (slow: minutes)."""
    if cache and cache.exists():
        return [(w, bool(p)) for w, p in json.loads(cache.read_text("utf-8"))]
    _ensure_source()
    import pymorphy3

    morph = pymorphy3.MorphAnalyzer(lang="ru")
    found: dict[str, bool] = {}
    for word, tag, _normal, _para, _idx in morph.dictionary.iter_known_words():
        if tag.POS != "NOUN" or "nomn" not in tag or "sing" not in tag:
            continue
        grammemes = set(tag.grammemes)
        if grammemes & SKIP or not _RUSSIAN.fullmatch(word):
            continue
        proper = bool(grammemes & PROPER)
        found[word] = found.get(word, False) or proper
    out = sorted(found.items())
    if cache:
        cache.write_text(json.dumps(out, ensure_ascii=False), "utf-8")
    return out


_CYRILLIC_WORD = re.compile(r"[а-яёўқғҳА-ЯЁЎҚҒҲ]+")


def our_cyrillic_words() -> set[str]:
    """The Cyrillic words of our own data (lower case), and tools/native-words.txt."""
    words = set()
    for line in NATIVE.read_text("utf-8").splitlines():
        line = line.split("#", 1)[0].strip().lower()
        if line:
            words.add(line)
    texts = [*(ROOT / "tests" / "cases").glob("*.tsv"), ROOT / "benchmarks" / "sentences_cyr.txt"]
    texts.append(ROOT / "tests" / "fixtures" / "sample-cyr.txt")
    texts += [p for p in (ROOT / "examples").rglob("*") if p.suffix in (".txt", ".md")]
    for path in texts:
        text = path.read_text("utf-8", errors="replace")
        words.update(w.lower() for w in _CYRILLIC_WORD.findall(text))
    return words


# Names that Russian spells with ль before a consonant are mostly Uzbek names in Russian
# spelling (Гульнора, Зульфия, Ойгуль: Uzbek Cyrillic Гулнора, Зулфия, Ойгул), and э
# after a consonant is the Russian spelling of English names (Дэвид, Тэмур), which Uzbek
# writes with е. Such names are left to the hand-written lexicon.
_UZBEK_NAME_IN_RUSSIAN = re.compile(r"ль[бвгджзклмнпрстфхцчш]|ль$|(?<=[бвгджзйклмнпрстфхцчшщ])э")
# Common nouns in -аль and -онь: Uzbek has -ал, -он adjectives and nouns of the same
# Latin (нормал, орбитал, экстремал from -альный; гармон), and э after a consonant is
# mostly an English word that Uzbek writes with е (сендвич): left to the hand lexicon.
_UZBEK_FORM_OF_COMMON = re.compile(r"аль$|онь$|(?<=[бвгджзйклмнпрстфхцчшщ])э")
# Russian first names that Latin text writes with E as often as with Ye (Evgeniy), although
# a rare spelling with Э exists; other names get the E spelling only when no Э spelling
# exists (Эдуард, not Едуард).
E_NAMES = {"евгений", "евгения", "елена", "екатерина", "елизавета", "ефим", "егор", "ермолай"}


def build(nouns: list[tuple[str, bool]]) -> list[tuple[str, str]]:
    sys.path.insert(0, str(ROOT))
    from translit.core.lexicon import SuffixGrammar
    from translit.core.tables import engine as _engine
    from translit.core.tables import lexicon as _lexicon

    to_lat = _engine("cyrillic-latin")
    plain_engine = _engine("latin-cyrillic")
    apostrophes = _engine("latin-apostrophes")
    words = [w for w, _ in nouns if "ы" not in w and "щ" not in w]
    proper = dict(nouns)
    keys = to_lat("\n".join(words)).split("\n")
    plains = plain_engine(apostrophes("\n".join(keys))).split("\n")
    assert len(keys) == len(plains) == len(words)
    russian = set(words)
    hand = _lexicon()
    ours = sorted(our_cyrillic_words())
    ours_lat = to_lat("\n".join(ours)).split("\n")
    ours_back = plain_engine(apostrophes("\n".join(ours_lat))).split("\n")
    native = {lat for w, lat, back in zip(ours, ours_lat, ours_back, strict=True) if back == w}
    by_key: dict[str, list[str]] = defaultdict(list)
    ruled_out: set[str] = set()
    for word, key, plain in zip(words, keys, plains, strict=True):
        if (
            proper[word]
            and word.startswith("е")
            and key.startswith("ye")
            and ("э" + word[1:] not in russian or word in E_NAMES)
        ):
            # Publishers write Евгений, Елена as Evgeniy, Elena as often as Yevgeniy.
            by_key["e" + key[2:]].append(word)
        if plain == word or plain in russian:
            if not (proper[word] and word.startswith("э")):  # Эвгений: a rare spelling
                ruled_out.add(key)  # the rules already give a Russian word: they win
            continue
        by_key[key].append(word)
    grammar = SuffixGrammar.default()
    rows = []
    for key, cands in by_key.items():
        if key in ruled_out or key in hand or key in native or "ʼ" in key:
            continue
        names = [w for w in cands if proper[w] and not _UZBEK_NAME_IN_RUSSIAN.search(w)]
        commons = [w for w in cands if not proper[w] and not _UZBEK_FORM_OF_COMMON.search(w)]
        if any(grammar.is_chain(key[i:]) for i in range(2, len(key))) or key.endswith("sh"):
            commons = []  # tilda = til + da, sinash (a verbal noun): native look-alikes
        if len(commons) == 1 and len(key) >= MIN_COMMON:
            rows.append((key, commons[0]))
        if len(names) == 1 and len(key) >= MIN_PROPER:
            rows.append((key, names[0].capitalize()))
    return sorted(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, help="keep the extracted nouns in this JSON file")
    args = ap.parse_args()
    rows = build(russian_nouns(args.cache))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{k}\t{v}\n" for k, v in rows)
    # mtime=0: the same rows give the same bytes.
    with OUT.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    print(f"{len(rows)} rows, {OUT.stat().st_size} bytes -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
