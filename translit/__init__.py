"""uz-translit: correct and fast Uzbek Cyrillic <-> Latin transliteration.

>>> import translit
>>> translit.to_latin("Ўзбекистон Республикаси")
'Oʻzbekiston Respublikasi'
>>> translit.to_cyrillic("Oʻzbekiston Respublikasi")
'Ўзбекистон Республикаси'

The rules live in data files under ``translit/data``; see the documentation for
the rules reference, the CLI (``translit --help``) and document formats.
"""

from __future__ import annotations

from .detect import Detection, detect, detect_script
from .errors import MissingExtraError, TranslitError
from .transliterator import (
    APOSTROPHE_STYLES,
    OPTIONS,
    SCRIPTS,
    Transliterator,
    to_cyrillic,
    to_latin,
)

__version__ = "0.1.0"

__all__ = [
    "APOSTROPHE_STYLES",
    "OPTIONS",
    "SCRIPTS",
    "Detection",
    "MissingExtraError",
    "TranslitError",
    "Transliterator",
    "__version__",
    "detect",
    "detect_script",
    "to_cyrillic",
    "to_latin",
]
