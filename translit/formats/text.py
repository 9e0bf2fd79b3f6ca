"""Plain text: everything is human text, so the whole string goes to the transliterator.

Why it is so small: the transliterator already keeps what is not Uzbek (URLs, numbers,
other scripts) and never touches whitespace or line endings. The batch layer streams large
plain-text files through ``Transliterator.stream`` instead of calling this; both give the
same result.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._base import Format, FormatOptions

if TYPE_CHECKING:
    from translit import Transliterator

__all__ = ["TextFormat"]


class TextFormat(Format):
    name = "text"
    extensions = (".txt", ".text")

    def convert_text(self, text: str, tr: Transliterator, options: FormatOptions) -> str:
        return tr(text)
