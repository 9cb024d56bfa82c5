"""`python -m asker2030 …`, the same as the `asker2030` console script."""

import sys

from asker2030.cli import main

sys.exit(main())
