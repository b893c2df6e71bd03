"""``python -m newspost``: the same as the ``newspost`` command."""

import sys

from ._cli import main

sys.exit(main())
