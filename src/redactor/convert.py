"""Format conversion: ODT, RTF and DOC to DOCX, XLS to XLSX and DOCX to PDF with headless LibreOffice; text to DOCX."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path

from redactor.errors import (
    CorruptDocumentError,
    DependencyMissingError,
    LimitExceededError,
    ProcessingError,
    UnsupportedFormatError,
)

OFFICE_KINDS = frozenset({"odt", "rtf", "doc"})
EXECUTABLES = ("soffice", "libreoffice")
MISSING = ("LibreOffice is not installed (no 'soffice' or 'libreoffice' on PATH); install it to convert "
           "ODT, RTF and DOC files, or save the file as DOCX or PDF first")
MAX_TEXT_LINES = 20_000
OFFICE_TIMEOUT_S = 120.0  # one conversion at most; see conversion_timeout()


def _executable() -> str | None:
    for name in EXECUTABLES:
        path = shutil.which(name)
        if path:
            return path
    return None


def libreoffice_available() -> tuple[bool, str]:
    """Whether headless LibreOffice can be used, and the executable's path or the reason it cannot."""
    path = _executable()
    if path is None:
        return False, MISSING
    return True, path


def conversion_timeout(max_seconds: float) -> float:
    """Seconds one LibreOffice conversion may take when a document may take ``max_seconds`` in all.

    Half the document's budget (at most :data:`OFFICE_TIMEOUT_S`), so that a hanging conversion is stopped
    by this module, which cleans up after it, before the batch worker's deadline kills the worker.
    """
    return min(OFFICE_TIMEOUT_S, max_seconds / 2)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill LibreOffice and everything it started (its own process group), then reap it."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)


def _soffice(data: bytes, suffix: str, target: str, timeout: float) -> bytes:
    """Convert one file with LibreOffice in a private directory with its own user profile.

    The folder comes from :mod:`tempfile` (so ``TMPDIR`` / ``tempfile.tempdir`` choose where applicant data
    is written) and is removed afterwards. LibreOffice runs in a new session (its own process group); the
    whole group is killed when the conversion ends or times out, so no process is left behind.
    """
    exe = _executable()
    if exe is None:
        raise DependencyMissingError(MISSING)
    with tempfile.TemporaryDirectory(prefix="redactor-convert-") as tmp:
        work = Path(tmp)
        src = work / f"input.{suffix}"
        src.write_bytes(data)
        out_dir = work / "out"
        out_dir.mkdir()
        profile = (work / "profile").as_uri()
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
               "--nodefault", "--nologo", "--convert-to", target, "--outdir", str(out_dir), str(src)]
        env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "SYSTEMROOT")}
        env["HOME"] = env["TMPDIR"] = str(work)
        try:
            proc = subprocess.Popen(cmd, cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError as exc:
            raise DependencyMissingError(f"LibreOffice could not be started ({type(exc).__name__})") from None
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise LimitExceededError(f"the conversion took longer than {timeout:g} seconds") from None
        finally:
            _kill_group(proc)  # also on success: a helper LibreOffice left running holds the document
        ext = target.split(":", 1)[0]
        result = out_dir / f"input.{ext}"
        if not result.is_file() or result.stat().st_size == 0:
            raise CorruptDocumentError(f"LibreOffice could not convert the {suffix.upper()} file")
        return result.read_bytes()


def _decode_text(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def _text_to_docx(data: bytes) -> bytes:
    import docx

    text = _decode_text(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = (text[:-1] if text.endswith("\n") else text).split("\n")
    if len(lines) > MAX_TEXT_LINES:
        raise LimitExceededError(f"the text file has {len(lines)} lines; the limit is {MAX_TEXT_LINES}")
    document = docx.Document()
    for line in lines:
        # XML 1.0 cannot carry most control characters; tabs become spaces
        clean = "".join(ch for ch in line.replace("\t", " ") if ch >= " " or ch == "\n")
        document.add_paragraph(clean)
    props = document.core_properties
    props.author = ""
    props.last_modified_by = ""
    props.title = ""
    out = BytesIO()
    document.save(out)
    return out.getvalue()


def to_docx(data: bytes, kind: str, *, timeout: float = OFFICE_TIMEOUT_S) -> bytes:
    """Convert an input to DOCX.

    Args:
        data: the file's bytes.
        kind: "odt", "rtf" or "doc" (LibreOffice) or "txt" (built directly, one paragraph per line,
            decoded as UTF-8 with a cp1252 fallback).
        timeout: seconds LibreOffice may take.
    Returns:
        The DOCX bytes.
    Raises:
        DependencyMissingError: LibreOffice is needed and not installed.
        UnsupportedFormatError: an unknown kind.
        LimitExceededError: the conversion timed out or the text is too long.
        CorruptDocumentError: LibreOffice produced nothing.
    """
    kind = kind.lower().lstrip(".")
    if kind == "txt":
        try:
            return _text_to_docx(data)
        except LimitExceededError:
            raise
        except Exception as exc:
            raise ProcessingError(f"the text file could not be converted ({type(exc).__name__})") from None
    if kind not in OFFICE_KINDS:
        raise UnsupportedFormatError(f"cannot convert {kind!r} to DOCX (supported: odt, rtf, doc, txt)")
    return _soffice(data, kind, "docx:MS Word 2007 XML", timeout)


CALC_MISSING = ("LibreOffice Calc is not installed (Debian: libreoffice-calc-nogui); install it to read .xls "
                "exports, or save the export as XLSX or CSV")


def calc_available() -> bool:
    """Whether LibreOffice has its spreadsheet component (Calc), which .xls conversion needs."""
    exe = _executable()
    if exe is None:
        return False
    program = Path(exe).resolve().parent
    return any(program.glob("libsclo.*")) or any(program.glob("sclo.dll")) or not any(program.glob("libswlo.*"))


def xls_to_xlsx(data: bytes, *, timeout: float = OFFICE_TIMEOUT_S) -> bytes:
    """Convert a legacy Excel workbook (.xls) to XLSX with LibreOffice Calc.

    Raises:
        DependencyMissingError: LibreOffice or its Calc component is not installed.
        LimitExceededError: the conversion timed out.
        CorruptDocumentError: LibreOffice produced nothing.
    """
    if _executable() is not None and not calc_available():
        raise DependencyMissingError(CALC_MISSING)
    return _soffice(data, "xls", "xlsx:Calc MS Excel 2007 XML", timeout)


def docx_to_pdf(data: bytes, *, timeout: float = OFFICE_TIMEOUT_S) -> bytes:
    """Render a DOCX to PDF with LibreOffice.

    Raises:
        DependencyMissingError: LibreOffice is not installed.
        LimitExceededError: the conversion timed out.
        CorruptDocumentError: LibreOffice produced nothing.
    """
    return _soffice(data, "docx", "pdf:writer_pdf_Export", timeout)
