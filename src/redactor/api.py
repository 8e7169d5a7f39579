"""One-call conveniences on top of the Pipeline."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from redactor.config import Config
from redactor.errors import ConfigError
from redactor.isolated import IsolatedPipeline
from redactor.pipeline import Pipeline
from redactor.report import result_to_report, write_atomic, write_json
from redactor.types import Applicant, DocumentResult, Outcome


@dataclass(frozen=True, slots=True)
class FileResult:
    """A DocumentResult plus where its files were written (None when nothing was written)."""

    result: DocumentResult
    output_path: Path | None
    report_path: Path | None
    document_id: str
    pdf_path: Path | None = None  # the PDF view beside a DOCX output (``pdf=True``), when one was made


def document_id(data: bytes) -> str:
    """A neutral id for an input: derived from its content, never from its name."""
    return "doc-" + hashlib.sha256(data).hexdigest()[:12]


def load_applicant(path: str | Path) -> Applicant:
    """Read an applicant.json (name, email, phone, address, birthdate; all optional).

    Raises:
        ConfigError: the file is missing, not JSON, or has unknown fields.
    """
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"applicant file not found: {p}") from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"applicant file {p} is not valid JSON ({type(exc).__name__})") from None
    if not isinstance(data, dict):
        raise ConfigError(f"applicant file {p} must hold a JSON object")
    try:
        return Applicant.from_dict(data)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"applicant file {p}: {exc}") from None


def redact_file(
    path: str | Path,
    out_dir: str | Path,
    *,
    applicant: Applicant | None = None,
    config: Config | None = None,
    pipeline: Pipeline | IsolatedPipeline | None = None,
    name: str | None = None,
    pdf: bool = False,
) -> FileResult:
    """Redact one file into ``out_dir`` as ``<id>.<ext>`` and ``<id>.report.json``.

    The output names never contain the input's name. A failed input writes nothing.

    Args:
        path: the input file (never modified).
        out_dir: where to write; created if missing.
        applicant: form data used as a detection signal.
        config: used when no pipeline is given.
        pipeline: reuse a loaded pipeline (recommended for more than one file). Without one, the file runs
            in a child process (:class:`redactor.IsolatedPipeline`), so the config's time and memory limits
            hold; a :class:`Pipeline` runs it in this process, without them.
        name: the output id; derived from the content when None.
        pdf: also write ``<id>.pdf`` beside a DOCX output, a verified PDF rendering
            (:meth:`Pipeline.render_pdf_view`); when none can be made the document is ``needs_review``.
    """
    if pipeline is None:
        with IsolatedPipeline(config) as isolated:
            return redact_file(path, out_dir, applicant=applicant, pipeline=isolated, name=name, pdf=pdf)
    pipe = pipeline
    src = Path(path)
    data = src.read_bytes() if src.is_file() else b""
    result = pipe.redact(src, applicant=applicant)
    if pdf:
        result = pipe.render_pdf_view(result, applicant=applicant)
    doc_id = name or document_id(data)
    if result.outcome is Outcome.FAILED or result.output is None:
        return FileResult(result, None, None, doc_id)
    out = Path(out_dir)
    output_path = out / f"{doc_id}.{result.output_format}"
    report_path = out / f"{doc_id}.report.json"
    write_atomic(output_path, result.output)
    pdf_path = None
    if result.pdf_view is not None:
        pdf_path = out / f"{doc_id}.pdf"
        write_atomic(pdf_path, result.pdf_view)
    report = result_to_report(result, output_name=output_path.name,
                              include_text=pipe.config.include_text_in_report)
    if pipe.config.include_filenames_in_report:
        report["input"] = str(src)
    write_json(report_path, report)
    return FileResult(result, output_path, report_path, doc_id, pdf_path)
