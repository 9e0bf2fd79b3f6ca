"""Regenerate translit/data/lexicon-latin.tsv: the Latin of every line the lexicon
converts while it is built (its entries, their ц -> тс spellings, and their spelling by
rule), so that the first to_cyrillic() call need not compile the Cyrillic -> Latin
engine (see translit/core/tables.py).

Run after editing translit/data/lexicon/*.txt or the Cyrillic -> Latin rules:

    python tools/build_lexicon_latin.py

Until then the library derives the keys itself (the file names the rule files it was
made from, and is not used when they changed); tests/test_lexicon.py says when the file
is out of date.
"""

from __future__ import annotations

from pathlib import Path

from translit.core.tables import lexicon_latin

TARGET = Path(__file__).resolve().parent.parent / "translit" / "data" / "lexicon-latin.tsv"


def main() -> None:
    TARGET.write_text(lexicon_latin(), encoding="utf-8")
    print(f"wrote {TARGET} ({TARGET.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
