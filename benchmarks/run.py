"""``python benchmarks/run.py``: the same suite as ``python -m benchmarks``.

Run as a script, Python puts ``benchmarks/`` (not the repo root) on ``sys.path``, so
the root is added first; that also makes the repo's ``translit`` importable without
an install.
"""

import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.suite import main

if __name__ == "__main__":
    sys.exit(main())
