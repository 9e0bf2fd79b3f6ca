"""Word accuracy on a parallel corpus, with every difference put in a class.

A document published in both scripts is a good test of a transliterator, but its
two versions were written separately: the publisher's Latin and Cyrillic follow
house habits that the spec (ORTHOGRAPHY.md) does not, so a raw word accuracy
mixes our errors with theirs. This script scores the installed library with the
tokens and the alignment of a scoring tool (``score_parallel.py``, imported from
the path given, so both count the same words), then sorts each differing word pair
into a class defined by one mechanical test and one reason. The classes marked
"publisher" are pairs where our word follows a rule the spec states and the
publisher's word does not (or where a version adds punctuation the spec leaves
alone); every other pair counts as ours. Both accuracies are printed, with the
pairs of each class, so that anyone can check the sorting.

    python -m benchmarks.accuracy --corpus ../shared/corpus/parallel-dev \\
        --score-tool ../shared/tools/score_parallel.py --show 20

No corpus is shipped; nothing here runs in the test suite.
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import re
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import translit

Test = Callable[[str, str], bool]

_DIGITS_HYPHEN = re.compile(r"\d+-")
_PARTICLE = re.compile(r"-(?:da|ku|chi|u|yu|e|ye|a|ya|да|ку|чи|у|ю|е|э|а|я)$", re.IGNORECASE)
_LATIN = re.compile(r"[A-Za-z]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ROMAN = re.compile(r"[IVXLCDMХ]+")
_CONS_TS = re.compile(r"(?<=[bdfghjklmnpqrstvxyzBDFGHJKLMNPQRSTVXYZ])ts|(?<![A-Za-zʼʻ'])ts", re.I)


def _number_hyphen(ours: str, theirs: str) -> bool:
    """2017-yil for 2017 йил: one version adds a number and a hyphen."""
    for a, b in ((ours, theirs), (theirs, ours)):
        m = _DIGITS_HYPHEN.match(a)
        if m and a[m.end() :] == b:
            return True
    return False


def _particle_hyphen(ours: str, theirs: str) -> bool:
    """bo'lsa-da for бўлсада: one version writes a particle with a hyphen."""
    if "-" not in ours + theirs or ours.replace("-", "") != theirs.replace("-", ""):
        return False
    return bool(_PARTICLE.search(ours) or _PARTICLE.search(theirs))


def _case_only(ours: str, theirs: str) -> bool:
    """AQSH for AQSh, YEI for YeI: rule E writes a digraph in capitals in a word in
    capitals; the publisher writes Sh, Ye."""
    more_capitals = sum(map(str.isupper, ours)) > sum(map(str.isupper, theirs))
    return ours != theirs and ours.lower() == theirs.lower() and more_capitals


def _ts_after_consonant(ours: str, theirs: str) -> bool:
    """stansiya for stantsiya, Shveysariya: rule C writes ц as s at the start and after a
    consonant (й too)."""
    return "ts" in theirs.lower() and _CONS_TS.sub(lambda m: m.group()[1], theirs) == ours


def _ye_rule_a(ours: str, theirs: str) -> bool:
    """Mendeleyev for Mendeleev, Vyetnam for Vetnam: rule A writes е as ye at the start of
    a word, after a vowel, ъ or ь; the publisher writes e."""
    if "y" not in ours.lower():
        return False
    variants = {ours}
    for _ in range(3):
        variants |= {_YE.sub(lambda m: _E[m.group()], v, count=1) for v in variants}
    return theirs in variants - {ours}


_YE = re.compile(r"ye|Ye|YE")
_E = {"ye": "e", "Ye": "E", "YE": "E"}


def _y_of_iotated(ours: str, theirs: str) -> bool:
    """valyuta for valuta, bulyon for bulon, Lyosa for Losa: the spec writes ю, я as yu,
    ya and ьо as yo (бульон -> bulyon); the publisher drops the y after a consonant."""
    low = ours.lower()
    return any(
        low.replace(y, v, 1) == theirs.lower() for y, v in (("yu", "u"), ("ya", "a"), ("yo", "o"))
    )


def _sign_before_e(ours: str, theirs: str) -> bool:
    """syezd for s'ezd, obyekt for ob'ekt: rule B drops ъ before е (the y is written)."""
    return "'" in theirs and theirs.replace("'e", "ye").replace("'E", "YE").replace(
        "'ye", "ye"
    ) in (ours, ours.replace("YE", "Ye"))


def _lexical_exception(ours: str, theirs: str) -> bool:
    """sentabr, oktabr: the spec's lexical exceptions; the publisher writes -tyabr."""
    low = ours.lower()
    return ("sentabr" in low or "oktabr" in low) and theirs.lower() == low.replace("tabr", "tyabr")


def _no_tutuq_after_o(ours: str, theirs: str) -> bool:
    """No'mon for No''mon: rule 32 of the 1995 rules writes no tutuq after oʻ (Нўъмон);
    the publisher writes it."""
    return "''" in theirs and theirs.replace("''", "'") == ours


def _e_for_russian_e(ours: str, theirs: str) -> bool:
    """сэндвич for сендвич: the Russian dictionary writes a loanword as Russian does (э
    after a consonant); the publisher writes е."""
    return "э" in ours.lower() and ours.replace("э", "е").replace("Э", "Е") == theirs


def _rule_d(ours: str, theirs: str) -> bool:
    """mas'haralab for masharalab: rule D separates с and ҳ with ʼ."""
    return "s'h" in ours.lower() and ours.replace("'", "") == theirs


def _russian_letters_left(ours: str, theirs: str) -> bool:
    """Nasыl: the publisher left Cyrillic letters in the Latin text (ы -> i by the spec)."""
    return bool(_CYRILLIC.search(theirs)) and not _CYRILLIC.search(ours)


def _soft_sign_dropped(ours: str, theirs: str) -> bool:
    """нефт for нефть, делфин for дельфин: the publisher drops a ь the spec writes
    (фильм, январь, октябрь, компьютер)."""
    if re.search(r"ь[еёюяЕЁЮЯ]|Ь[ЕЁЮЯ]", ours):  # ье, ью: read from ye, yu, not a dropped ь
        return False
    return "ь" in ours.lower() and ours.replace("ь", "").replace("Ь", "") == theirs


def _roman_in_cyrillic(ours: str, theirs: str) -> bool:
    """ХХ typed with Cyrillic Х: Roman numerals pass through (XX asr -> XX аср)."""
    return (
        bool(_ROMAN.fullmatch(ours))
        and bool(_CYRILLIC.search(theirs))
        and (theirs.replace("Х", "X") == ours)
    )


def _ts_for_ts(ours: str, theirs: str) -> bool:
    """федератсия for федерация: the publisher writes тс for the ц of a loanword."""
    return (
        "ц" in ours.lower()
        and "тс" in theirs.lower()
        and (ours.replace("ц", "тс").replace("Ц", "Тс") == theirs)
    )


#: (name, test) per direction, the reason in each test's docstring; the first class
#: whose test holds wins.
PUBLISHER: dict[str, list[tuple[str, Test]]] = {
    "cyrillic -> latin": [
        ("number hyphen (2017-yil)", _number_hyphen),
        ("particle hyphen (bo'lsa-da)", _particle_hyphen),
        ("rule E capitals (AQSH, YEI)", _case_only),
        ("rule C: s after a consonant (stansiya)", _ts_after_consonant),
        ("rule A: ye (Mendeleyev, Vyetnam)", _ye_rule_a),
        ("rule B: ъ/ь before е (syezd, obyekt)", _sign_before_e),
        ("ю, я, ьо as yu, ya, yo (valyuta, Lyosa)", _y_of_iotated),
        ("lexical exception (oktabr, sentabr)", _lexical_exception),
        ("rule 32: no tutuq after oʻ (Noʻmon)", _no_tutuq_after_o),
        ("rule D: sʼh (masʼharalab)", _rule_d),
        ("Cyrillic letters left in Latin (Nasыl)", _russian_letters_left),
    ],
    "latin -> cyrillic": [
        ("number hyphen (2017-йил)", _number_hyphen),
        ("particle hyphen (бўлса-да)", _particle_hyphen),
        ("soft sign dropped (нефт, делфин)", _soft_sign_dropped),
        ("Roman numeral typed in Cyrillic (ХХ)", _roman_in_cyrillic),
        ("тс written for ц (федератсия)", _ts_for_ts),
        ("э of a loanword written е (сэндвич)", _e_for_russian_e),
    ],
}


def load_tool(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_parallel", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the scoring tool {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def classify(direction: str, ours: str, theirs: str) -> str:
    for name, test in PUBLISHER[direction]:
        if test(ours, theirs):
            return name
    return "ours"


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=here.parent / "shared/corpus/parallel-dev")
    ap.add_argument(
        "--score-tool", type=Path, default=here.parent / "shared/tools/score_parallel.py"
    )
    ap.add_argument("--show", type=int, default=8, help="word pairs printed per class")
    a = ap.parse_args(argv)
    tool = load_tool(a.score_tool)
    docs = []
    for cyr in sorted(a.corpus.glob("*_cyr.txt")):
        lat = cyr.with_name(cyr.name.replace("_cyr", "_lat"))
        docs.append((cyr.read_text("utf-8"), lat.read_text("utf-8")))
    if not docs:
        print(f"no documents in {a.corpus}", file=sys.stderr)
        return 1
    for direction, convert, src, ref in (
        ("cyrillic -> latin", translit.to_latin, 0, 1),
        ("latin -> cyrillic", translit.to_cyrillic, 1, 0),
    ):
        total = 0
        pairs: dict[str, collections.Counter[tuple[str, str]]] = collections.defaultdict(
            collections.Counter
        )
        for doc in docs:
            for ours, theirs in tool.aligned(tool.tokens(convert(doc[src])), tool.tokens(doc[ref])):
                total += 1
                if ours != theirs:
                    pairs[classify(direction, ours, theirs)][(ours, theirs)] += 1
        counts = {name: sum(c.values()) for name, c in pairs.items()}
        differ = sum(counts.values())
        ours_n = counts.get("ours", 0)
        print(f"{direction}: {total} aligned words")
        print(f"  raw word accuracy       {100 * (total - differ) / total:.2f}% ({differ} differ)")
        print(f"  not counting publisher  {100 * (total - ours_n) / total:.2f}% ({ours_n} ours)")
        for name, _ in [*PUBLISHER[direction], ("ours", None)]:
            if name not in pairs:
                continue
            shown = ", ".join(
                f"{o}|{t}" + (f" ×{k}" if k > 1 else "")
                for (o, t), k in pairs[name].most_common(a.show)
            )
            label = "ours" if name == "ours" else f"publisher: {name}"
            print(f"  {counts[name]:5d}  {label}: {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
