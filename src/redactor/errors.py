"""Error hierarchy with stable codes, and the CLI's exit codes."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes of the ``redactor`` command: a stable, documented interface."""

    OK = 0  # every input clean
    USAGE = 1  # bad command line, config or applicant file
    INPUT_FAILED = 2  # at least one input could not be processed (or was refused)
    NEEDS_REVIEW = 4  # at least one output needs a human look
    INTERRUPTED = 130


class RedactorError(Exception):
    """Base of every error the library raises on purpose.

    ``code`` is a short stable identifier (``[R101]``-style) that is easy to grep for;
    the message never contains personal data from the document.
    """

    code = "R100"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class ConfigError(RedactorError):
    """The configuration is invalid (unknown key, bad value, missing file)."""

    code = "R101"


class UnsupportedFormatError(RedactorError):
    """The input is of a type the redactor cannot anonymise."""

    code = "R201"


class EncryptedDocumentError(RedactorError):
    """The input is password protected and no working password was given."""

    code = "R202"


class CorruptDocumentError(RedactorError):
    """The input cannot be parsed."""

    code = "R203"


class LimitExceededError(RedactorError):
    """The input exceeds a configured safety limit (size, pages, pixels, time, memory)."""

    code = "R204"


class ProcessingError(RedactorError):
    """A stage failed on a valid-looking input; the document is not released."""

    code = "R301"


class DependencyMissingError(RedactorError):
    """An optional external tool (Tesseract, LibreOffice) is not installed."""

    code = "R401"
