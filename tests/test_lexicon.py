"""The loanword lexicon and the suffix grammar.

Every entry must earn its place (the plain rules get it wrong), must come back to
itself through Latin, and must keep its spelling under Uzbek suffixes, with the
stem-final ь dropped before a suffix. Native words that only look like a stem
plus an ending must not be touched.
"""

from __future__ import annotations

import collections
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

import translit
from translit.core.lexicon import Lexicon, SuffixGrammar, load_entries
from translit.core.tables import engine as _engine
from translit.core.tables import lexicon as _lexicon

ENTRIES = load_entries()
GRAMMAR = SuffixGrammar.default()
_CYRILLIC_WORD = re.compile(r"[а-яёўқғҳ]+", re.IGNORECASE)


def plain(latin: str) -> str:
    """Latin -> Cyrillic by the rules alone, without the lexicon."""
    return _engine("latin-cyrillic")(_engine("latin-apostrophes")(latin))


def to_lat(cyrillic: str) -> str:
    return _engine("cyrillic-latin")(cyrillic)


def stem_of(entry: str) -> str:
    return entry[:-1] if entry.endswith(("ь", "Ь")) else entry


def ts_before_vowel(entry: str, chain: str) -> bool:
    """A stem-final ц before a suffix that begins with a vowel letter (абзац + и, + ю): Latin writes
    s (abzasi), but Cyrillic -> Latin rules see only letters and write ts as inside a
    stem (медицина: meditsina). A documented limit (known-failures.tsv: абзаци)."""
    return entry.lower().endswith("ц") and chain[:1] in ("a", "e", "i", "o", "u", "y")  # yu: ю


@st.composite
def chains(draw: st.DrawFn) -> str:
    """A suffix chain allowed by data/suffixes.txt (Latin), drawn slot by slot."""
    chain = draw(st.sampled_from(GRAMMAR.chains))
    parts = []
    for item in chain:
        name = item.rstrip("!")
        if item.endswith("!") or draw(st.integers(0, 2)) == 0:
            parts.append(draw(st.sampled_from(GRAMMAR.slots[name])))
    return "".join(parts)


# The Cyrillic of the Latin letters that suffixes are written with (spec section 4:
# sh, ch and yo, yu, ya are one letter each; no suffix starts with e, so e is е).
_SUFFIX_LETTERS = {
    "sh": "ш", "ch": "ч", "yo": "ё", "yu": "ю", "ya": "я", "a": "а", "b": "б", "d": "д",
    "e": "е", "f": "ф", "g": "г", "h": "ҳ", "i": "и", "j": "ж", "k": "к", "l": "л", "m": "м",
    "n": "н", "o": "о", "p": "п", "q": "қ", "r": "р", "s": "с", "t": "т", "u": "у", "v": "в",
    "x": "х", "y": "й", "z": "з",
}  # fmt: skip


def suffix_cyrillic(chain: str) -> str:
    """A Latin suffix chain in Cyrillic, letter by letter from the table above (not by
    the library: the expected value of the tests below)."""
    out, i = [], 0
    while i < len(chain):
        two = chain[i : i + 2].lower()
        step = 2 if two in _SUFFIX_LETTERS else 1
        cyr = _SUFFIX_LETTERS[chain[i : i + step].lower()]
        out.append(cyr.upper() if chain[i].isupper() else cyr)
        i += step
    return "".join(out)


def test_suffix_letters_cover_every_suffix() -> None:
    for slot in GRAMMAR.slots.values():
        for suffix in slot:
            assert suffix_cyrillic(suffix), suffix  # a letter missing from the table: KeyError
    assert suffix_cyrillic("larimizdagi") == "ларимиздаги"
    assert suffix_cyrillic("shunoslik") == "шунослик"


# Chains for the per-entry test, spread over the entries by position.
SAMPLE_CHAINS = ["lar", "ni", "ning", "da", "dan", "ga", "larimizda", "dagi", "lik", "siz",
                 "chilik", "gacha", "dek", "larning", "imiz", "lashtirish"]  # fmt: skip


# -- the entries ------------------------------------------------------------------------


def test_lexicon_is_large_enough() -> None:
    assert len(ENTRIES) >= 2000, f"only {len(ENTRIES)} entries; the target is 2,000"


def test_no_conflicting_keys() -> None:
    assert _lexicon().conflicts == []


def test_no_duplicate_entries() -> None:
    counts = collections.Counter(e.lower() for e in ENTRIES)
    assert [e for e, n in counts.items() if n > 1] == []


@pytest.mark.parametrize("entry", ENTRIES)
def test_entry_is_one_cyrillic_word(entry: str) -> None:
    # The word layer sees runs of letters: a hyphen or space would make the key unreachable.
    assert _CYRILLIC_WORD.fullmatch(entry), f"{entry!r}: write one word of Cyrillic letters"


def _variants_of() -> dict[str, list[str]]:
    out: dict[str, list[str]] = collections.defaultdict(list)
    for variant, entry in _lexicon().variants.items():
        out[entry].append(variant)
    return out


VARIANTS_OF = _variants_of()


@pytest.mark.parametrize("entry", ENTRIES)
def test_entry_is_needed(entry: str) -> None:
    # Needed when the rules get its key wrong, or one of the other spellings that real
    # text uses for it (Frantsiya for Франция).
    spellings = [to_lat(entry), *VARIANTS_OF.get(entry.lower(), [])]
    wrong = [s for s in spellings if plain(s).lower() != entry.lower()]
    assert wrong, f"{entry}: the rules already give it"


@pytest.mark.parametrize("entry", ENTRIES)
def test_entry_round_trips(entry: str) -> None:
    latin = translit.to_latin(entry)
    assert translit.to_cyrillic(latin) == entry
    assert translit.to_cyrillic(latin.upper()) == entry.upper()


@pytest.mark.parametrize("entry", ENTRIES)
def test_entry_with_suffixes_round_trips(entry: str) -> None:
    chain = SAMPLE_CHAINS[ENTRIES.index(entry) % len(SAMPLE_CHAINS)]
    latin = to_lat(entry) + chain
    cyrillic = stem_of(entry) + suffix_cyrillic(chain)
    assert translit.to_cyrillic(latin) == cyrillic, f"{entry} + {chain}"
    if not ts_before_vowel(entry, chain):
        assert translit.to_latin(cyrillic) == latin


@given(st.sampled_from(ENTRIES or ["-"]), chains())
def test_any_entry_with_any_chain(entry: str, chain: str) -> None:
    if not ENTRIES:
        pytest.skip("no lexicon entries")
    cyrillic = (stem_of(entry) + suffix_cyrillic(chain)) if chain else entry
    latin = to_lat(entry) + chain
    assert translit.to_cyrillic(latin) == cyrillic
    if not ts_before_vowel(entry, chain):
        assert translit.to_latin(cyrillic) == latin


def test_variants_are_read_not_written() -> None:
    # Latin text often writes ц as ts after a consonant too (Frantsiya), sentyabr for
    # sentabr: such spellings are read, never written.
    lex = _lexicon()
    for variant, entry in lex.variants.items():
        assert lex.lookup(variant) == entry
        assert to_lat(entry).lower() != variant
    assert translit.to_cyrillic("Frantsiya tsirkka") == translit.to_cyrillic("Fransiya sirkka")
    assert translit.to_cyrillic("30-sentyabrda") == "30-сентябрда"


def test_variant_spellings_on_a_small_lexicon() -> None:
    def spell(text: str) -> str:  # like every converter, works line by line
        return "\n".join(line + "x" for line in text.split("\n"))

    lex = Lexicon(["мўъжиза", "Франция", "сирк"], to_lat, plain, GRAMMAR, [spell])
    assert lex.lookup("moʻjizalar") == "мўъжизалар"
    assert lex.lookup("Frantsiyaga") == "Францияга"
    assert lex.lookup("moʻʼjiza") is None  # the key is moʻjiza (no tutuq after ў)
    assert lex.variants == {
        "frantsiya": "франция",
        "мўъжизаx": "мўъжиза",
        "францияx": "франция",
        "сиркx": "сирк",
    }
    assert len(lex) == 3


def test_examples_of_the_spec() -> None:
    cases = {
        "sirkka": "циркка",
        "kompyuterlarimizda": "компьютерларимизда",
        "filmni": "фильмни",
        "filmda": "фильмда",
        "yanvar": "январь",
        "yanvarda": "январда",
        "Film": "Фильм",
        "FILMLAR": "ФИЛЬМЛАР",
    }
    for latin, cyrillic in cases.items():
        assert translit.to_cyrillic(latin) == cyrillic


# The native look-alikes (sirka, sen, ketsa, kon ...) are rows of
# tests/cases/latin-cyrillic.native.tsv, with their Cyrillic written out.


def test_native_examples() -> None:
    assert translit.to_cyrillic("sirka sen ketsa") == "сирка сен кетса"


# -- the lexicon class on a small lexicon ---------------------------------------------


def small(entries: list[str]) -> Lexicon:
    return Lexicon(entries, to_lat, plain, GRAMMAR)


def test_lookup_suffix_aware() -> None:
    lex = small(["цирк", "фильм", "январь", "компьютер"])
    assert lex.lookup("sirk") == "цирк"
    assert lex.lookup("sirkka") == "циркка"
    assert lex.lookup("sirka") is None  # "a" is not a suffix chain
    assert lex.lookup("filmlarimizdan") == "фильмларимиздан"
    assert lex.lookup("yanvar") == "январь"
    assert lex.lookup("yanvarda") == "январда"
    assert lex.lookup("Yanvarda") == "Январда"
    assert lex.lookup("KOMPYUTERLAR") == "КОМПЬЮТЕРЛАР"
    assert lex.lookup("kompyuterlashtirish") == "компьютерлаштириш"
    assert lex.lookup("kitob") is None
    assert len(lex) == 4
    assert "sirk" in lex and "SIRK" in lex and "sirka" not in lex


def test_lookup_prefers_longest_stem() -> None:
    lex = small(["цирк", "циркуль"])
    assert lex.lookup("sirkul") == "циркуль"
    assert lex.lookup("sirkuli") == "циркули"
    assert lex.lookup("sirkda") == "циркда"


def test_conflicts_are_reported() -> None:
    lex = small(["цирк", "сирк", "цирк"])
    assert lex.conflicts == [("цирк", "сирк")]
    assert lex.lookup("sirk") == "цирк"


# -- the suffix grammar -----------------------------------------------------------------


@pytest.mark.parametrize(
    "chain",
    ["", "lar", "ni", "ga", "ka", "qa", "da", "dan", "ning", "larimizda", "lardagi",
     "dagilarning", "si", "sidan", "chi", "chilar", "lik", "ligi", "siz", "mi", "ku",
     "lashtirish", "lashtirilgan", "lashtirilganligi", "dir", "larmi", "imizdagi"],
)
def test_valid_chains(chain: str) -> None:
    assert GRAMMAR.is_chain(chain)


@pytest.mark.parametrize(
    "chain", ["a", "e", "o", "larlar", "nini", "gan", "il", "dagan", "s", "iy", "ning lar"]
)
def test_invalid_chains(chain: str) -> None:
    assert not GRAMMAR.is_chain(chain)


def test_grammar_syntax() -> None:
    g = SuffixGrammar("@slot A = x y\n@slot B = z  # comment\n@chain A! B\n")
    assert g.is_chain("x") and g.is_chain("yz")
    assert not g.is_chain("z") and not g.is_chain("")
    assert g.chains == [["A!", "B"]]
    with pytest.raises(ValueError, match="unknown slot"):
        SuffixGrammar("@slot A = x\n@chain A C\n")
    with pytest.raises(ValueError, match=r"suffixes\.txt:2"):
        SuffixGrammar("@slot A = x\nnonsense\n")


# --------------------------------------------------------------------------- the shipped Latin


def test_shipped_lexicon_latin_is_current():
    # data/lexicon-latin.tsv spares the first call compiling the Cyrillic -> Latin engine;
    # it must say what the rules say today.
    from importlib import resources

    from translit.core import tables

    shipped = resources.files("translit").joinpath("data/lexicon-latin.tsv").read_text("utf-8")
    assert shipped == tables.lexicon_latin(), (
        "translit/data/lexicon-latin.tsv is out of date: run python tools/build_lexicon_latin.py"
    )


def test_lexicon_from_shipped_latin_equals_derived(monkeypatch):
    from translit.core import tables

    derived = Lexicon(
        load_entries(),
        _engine("cyrillic-latin"),
        _engine("latin-cyrillic"),
        GRAMMAR,
        [tables._by_rule()],
    )
    shipped = tables._shipped_latin()
    real_engine = tables.engine

    def no_cyrillic_latin(name, *args):
        assert name != "cyrillic-latin", "the shipped Latin was not enough"
        return real_engine(name, *args)

    monkeypatch.setattr(tables, "engine", no_cyrillic_latin)
    monkeypatch.setattr(tables, "_by_rule", lambda: pytest.fail("by-rule Latin derived"))
    built = tables._lexicon(load_entries(), shipped)
    assert built._keys == derived._keys
    assert built.variants == derived.variants
    assert built.conflicts == derived.conflicts


def test_shipped_latin_is_ignored_when_the_rules_change(monkeypatch):
    from translit.core import tables

    monkeypatch.setattr(tables, "_sources_checksum", lambda: "00000000")
    assert tables._shipped_latin() == {}


def test_a_line_missing_from_the_shipped_latin_is_converted():
    # A user's lexicon entry is not in the file: the whole text goes to the engine.
    from translit.core import tables

    calls = []

    def engine_made():
        calls.append(1)
        return str.upper

    convert = tables._known_lines({"фильм": "film"}, engine_made)
    assert convert("фильм") == "film" and not calls
    assert convert("фильм\nноутбук") == "ФИЛЬМ\nНОУТБУК" and calls == [1]
