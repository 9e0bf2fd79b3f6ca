"""uz-translit benchmark suite (not part of the installed package).

Run ``python -m benchmarks`` (or ``python benchmarks/run.py``) from the repository
root; ``--help`` lists the options and docs/performance.md explains the method. Timing
belongs here, not in tests: tests/test_benchmarks_smoke.py only checks that the modules
import and the generated corpus is reproducible, looking at no clock.
"""
