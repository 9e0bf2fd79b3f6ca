"""``python -m translit``: the same command as the installed ``translit`` script.

Why: it works where the console script is not on PATH (a virtualenv not activated,
a checkout without installation).
"""

import sys

from translit.cli import main

sys.exit(main())
