"""redactor: anonymise job applications (PDF, DOCX) for blind first screening."""

from __future__ import annotations

__version__ = "0.1.0"

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
