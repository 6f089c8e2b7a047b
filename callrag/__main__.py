"""``python -m callrag``: the same as the ``callrag`` command."""

import sys

from callrag.cli import main

sys.exit(main())
