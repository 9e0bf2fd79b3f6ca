"""uz-translit benchmark suite (not part of the installed package).

Run ``python -m benchmarks`` (or ``python benchmarks/run.py``) from the repository
root; ``--help`` lists the options and docs/performance.md explains the method. The
test suite never imports this package: timing belongs here, not in tests.
"""
