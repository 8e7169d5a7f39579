"""Image handling: face detection, the per-image policy, metadata stripping and OCR.

Import the submodules directly (``redactor.imaging.faces``, ``.policy``, ``.meta``, ``.ocr``); this package
imports nothing itself so that, e.g., metadata stripping does not load OpenCV.
"""

from __future__ import annotations

__all__ = ["faces", "meta", "ocr", "policy"]
