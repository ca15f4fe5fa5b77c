"""``python -m build_docs``: see :mod:`build_docs.cli`."""

import sys

from .cli import main

sys.exit(main())
