"""uz-translit: correct and fast Uzbek Cyrillic <-> Latin transliteration.

>>> import translit
>>> translit.to_latin("Ўзбекистон Республикаси")
'Oʻzbekiston Respublikasi'
>>> translit.to_cyrillic("Oʻzbekiston Respublikasi")
'Ўзбекистон Республикаси'

Files (plain text streamed in constant memory; encoding, BOM and line endings
kept; written atomically) and documents (by extension)::

    translit.convert_file("maqola.txt", "maqola-lat.txt", source="cyrillic", target="latin")
    text = translit.convert_file("maqola.txt", source="cyrillic", target="latin")

The rules live in data files under ``translit/data``; see the documentation for
the rules reference, the CLI (``translit --help``) and document formats.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .core.detect import Detection, detect, detect_script
from .core.explain import Token, explain
from .core.transliterator import (
    APOSTROPHE_STYLES,
    OPTIONS,
    SCRIPTS,
    Transliterator,
    to_cyrillic,
    to_latin,
)
from .errors import MissingExtraError, TranslitError

if TYPE_CHECKING:
    from .batch import convert_file
    from .core.icu import to_icu_rules

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # convert_file lives in translit.batch (file I/O), imported on first use so that
    # `import translit` stays cheap and batch can import translit without a cycle.
    if name == "convert_file":
        from .batch import convert_file

        return convert_file
    if name == "to_icu_rules":  # the ICU export: only for those who ask (needs no PyICU)
        from .core.icu import to_icu_rules

        return to_icu_rules
    raise AttributeError(f"module 'translit' has no attribute {name!r}")


__all__ = [
    "APOSTROPHE_STYLES",
    "OPTIONS",
    "SCRIPTS",
    "Detection",
    "MissingExtraError",
    "Token",
    "TranslitError",
    "Transliterator",
    "__version__",
    "convert_file",
    "detect",
    "detect_script",
    "explain",
    "to_cyrillic",
    "to_icu_rules",
    "to_latin",
]
