"""The verify stage: independent checks of an output file (see :mod:`redactor.verify.core`) and the
residual-risk check for what detection missed (see :mod:`redactor.verify.residual`)."""

from redactor.verify.core import IDENTIFYING, docx_texts, verify_docx, verify_pdf
from redactor.verify.residual import SIGNALS, Line, Page, ResidualChecker

__all__ = ["IDENTIFYING", "SIGNALS", "Line", "Page", "ResidualChecker", "docx_texts", "verify_docx", "verify_pdf"]
