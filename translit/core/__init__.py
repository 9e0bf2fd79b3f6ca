"""The conversion core: rule tables, the engine, the lexicon and the transliterator.

This layer knows text only: no files, no formats, no command line. The layers above it
(``translit.formats`` for documents; ``translit.batch`` and ``translit.cli`` for files and
the command line) reach it through the public API in ``translit``.
"""
