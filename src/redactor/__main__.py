"""python -m redactor"""

from __future__ import annotations

import sys

from redactor.cli import main

sys.exit(main())
