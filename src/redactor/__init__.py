"""redactor: anonymise job applications (PDF, DOCX) for blind first screening."""

from __future__ import annotations

__version__ = "0.1.0"

import os as _os  # noqa: E402
import sys as _sys  # noqa: E402

# PyMuPDF 2 imports its optional layout analyser (onnxruntime and a model: ~0.8 s and ~70 MB) and
# pymupdf4llm on import; redactor uses neither. Skip them unless PyMuPDF was already imported or
# REDACTOR_PYMUPDF_LAYOUT=1 asks for them.
if "pymupdf" not in _sys.modules and _os.environ.get("REDACTOR_PYMUPDF_LAYOUT") != "1":
    for _name in ("pymupdf.layout", "pymupdf4llm"):
        _sys.modules.setdefault(_name, None)  # type: ignore[arg-type]

from redactor.api import FileResult, load_applicant, redact_file  # noqa: E402
from redactor.config import Config, load_config  # noqa: E402
from redactor.errors import (  # noqa: E402
    ConfigError,
    CorruptDocumentError,
    EncryptedDocumentError,
    ExitCode,
    LimitExceededError,
    ProcessingError,
    RedactorError,
    UnsupportedFormatError,
)
from redactor.isolated import IsolatedPipeline  # noqa: E402
from redactor.pipeline import Pipeline  # noqa: E402
from redactor.types import (  # noqa: E402
    Action,
    Applicant,
    Category,
    Decision,
    DocumentResult,
    Finding,
    Outcome,
    VerifyReport,
)

__all__ = [
    "Action",
    "Applicant",
    "Category",
    "Config",
    "ConfigError",
    "CorruptDocumentError",
    "Decision",
    "DocumentResult",
    "EncryptedDocumentError",
    "ExitCode",
    "FileResult",
    "Finding",
    "IsolatedPipeline",
    "LimitExceededError",
    "Outcome",
    "Pipeline",
    "ProcessingError",
    "RedactorError",
    "UnsupportedFormatError",
    "VerifyReport",
    "__version__",
    "load_applicant",
    "load_config",
    "redact_file",
]
