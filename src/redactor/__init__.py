"""redactor: anonymise job applications for blind first screening."""

from __future__ import annotations

__version__ = "0.1.0"
