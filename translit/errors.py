"""Exceptions of uz-translit.

Every error the library raises on purpose derives from :class:`TranslitError`,
so a caller can catch ours without catching everything. Bad arguments are
:class:`ValueError` (as Python users expect), and a missing optional
dependency is both a :class:`TranslitError` and an :class:`ImportError` whose
message names the extra to install.
"""

from __future__ import annotations

__all__ = ["MissingExtraError", "TranslitError"]


class TranslitError(Exception):
    """Base class of the errors raised by uz-translit.

    >>> import translit
    >>> issubclass(translit.MissingExtraError, TranslitError)
    True
    """


class MissingExtraError(TranslitError, ImportError):
    """An optional dependency is not installed; the message names the extra."""

    def __init__(self, message: str, *, extra: str | None = None) -> None:
        super().__init__(message)
        self.extra = extra

    @classmethod
    def require(cls, module: str, feature: str, package: str, extra: str) -> object:
        """Import ``module``, or raise this error naming the extra that provides it.

        >>> MissingExtraError.require("json", "JSON", "json", "json").__name__
        'json'
        """
        import importlib

        try:
            return importlib.import_module(module)
        except ImportError as exc:
            raise cls(
                f"{package} is needed for {feature} but not installed: "
                f"pip install 'uz-translit[{extra}]'",
                extra=extra,
            ) from exc
