"""The per-document work: a pure function of the document's bytes, its applicant data and the config."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from redactor.config import Config
from redactor.errors import LimitExceededError, ProcessingError, RedactorError, UnsupportedFormatError
from redactor.report import result_to_report
from redactor.types import Applicant, DocumentResult, Outcome

log = logging.getLogger("redactor.batch")
REFUSED = "refused"  # a document outcome beside Outcome's three: refused by content, never processed


class PipelineLike(Protocol):
    """What the batch runner needs of a pipeline: :meth:`redactor.Pipeline.redact`."""

    def redact(self, source: bytes, *, applicant: Applicant | None = None,
               filename: str | None = None) -> DocumentResult: ...


PipelineFactory = Callable[[Config], PipelineLike]


def default_pipeline_factory(config: Config) -> PipelineLike:
    """Build the real :class:`redactor.Pipeline` (called once in each worker process)."""
    from redactor.pipeline import Pipeline

    return Pipeline(config)



@dataclass(frozen=True, slots=True)
class DocumentTask:
    """Everything one document needs; the work is a pure function of this and the config."""

    key: tuple[str, int]  # (candidate number, document index)
    data: bytes = field(repr=False)
    filename: str | None = field(default=None, repr=False)  # the original base name: a detection signal
    applicant: Applicant | None = field(default=None, repr=False)
    digest_key: bytes = field(default=b"", repr=False)  # keys the finding digests in the reports
    pdf_view: bool = False  # also render a DOCX output to a verified PDF (``redactor batch --pdf``)


@dataclass(frozen=True, slots=True)
class DocumentOutcome:
    """What comes back from a worker: no input name, no raw text unless the config asks for it."""

    outcome: str  # "clean" | "needs_review" | "failed" | "refused"
    output: bytes | None = field(default=None, repr=False)
    output_format: str | None = None
    page_count: int = 0
    reasons: tuple[str, ...] = ()
    error_code: str | None = None
    report: dict[str, Any] | None = field(default=None, repr=False)
    seconds: float = 0.0
    restart_worker: str | None = None  # Dask: the worker to restart (a hung document)
    pdf_view: bytes | None = field(default=None, repr=False)  # the verified PDF rendering of a DOCX output


def process_document(pipeline: PipelineLike, task: DocumentTask) -> DocumentOutcome:
    """Redact one document with a loaded pipeline. Never raises for a bad input.

    Args:
        pipeline: a loaded pipeline (one per worker process).
        task: the document's bytes, base name and applicant data.
    Returns:
        A DocumentOutcome with the redacted bytes and the report (finding digests keyed by
        ``task.digest_key`` so that committee members cannot test guessed names against them).
    """
    t0 = time.perf_counter()
    try:
        result = pipeline.redact(task.data, applicant=task.applicant, filename=task.filename)
    except MemoryError:
        return failed_outcome(LimitExceededError("the document needs more memory than allowed"), t0)
    except Exception as exc:  # a pipeline bug must not stop the batch; the document is not released
        log.warning("unexpected %s while processing a document", type(exc).__name__)
        return failed_outcome(ProcessingError(f"internal error ({type(exc).__name__})"), t0)
    if task.pdf_view and result.outcome is not Outcome.FAILED and result.output_format == "docx":
        try:
            result = _with_pdf_view(pipeline, result, task.applicant)
        except MemoryError:
            return failed_outcome(LimitExceededError("the document needs more memory than allowed"), t0)
    config = getattr(pipeline, "config", None)
    include_text = bool(getattr(config, "include_text_in_report", False))
    report = result_to_report(result, include_text=include_text)
    report["input_sha256"] = None  # the key file has it; a hash in OUTBOX links back to the original
    if task.digest_key:
        for item, decision in zip(report["findings"], result.decisions, strict=False):
            item["digest"] = hmac.new(task.digest_key, decision.finding.text.encode("utf-8"),
                                      hashlib.sha256).hexdigest()[:12]
    reasons = tuple(result.reasons) or ((result.error,) if result.error else ())
    seconds = round(time.perf_counter() - t0, 4)
    if result.outcome is Outcome.FAILED:
        outcome = REFUSED if result.error_code == UnsupportedFormatError.code else str(Outcome.FAILED)
        return DocumentOutcome(outcome, page_count=result.page_count, reasons=reasons,
                               error_code=result.error_code, seconds=seconds)
    if result.output is None:
        return failed_outcome(ProcessingError("the pipeline produced no output"), t0)
    return DocumentOutcome(
        outcome=str(result.outcome),
        output=result.output,
        output_format=result.output_format,
        page_count=result.page_count,
        reasons=reasons,
        error_code=result.error_code,
        report=report,
        seconds=seconds,
        pdf_view=result.pdf_view,
    )


def _with_pdf_view(pipeline: PipelineLike, result: DocumentResult, applicant: Applicant | None) -> DocumentResult:
    """The result with its PDF view (:meth:`redactor.Pipeline.render_pdf_view`); a pipeline that cannot
    render, or fails unexpectedly, makes the document needs_review with the reason, never a crash."""
    render = getattr(pipeline, "render_pdf_view", None)
    problem = "the pipeline cannot render PDF views"
    if render is not None:
        try:
            rendered: DocumentResult = render(result, applicant=applicant)
            return rendered
        except MemoryError:
            raise
        except Exception as exc:
            log.warning("unexpected %s while making the PDF view", type(exc).__name__)
            problem = f"internal error ({type(exc).__name__})"
    from redactor.pipeline import PDF_VIEW_FAILED

    reasons = tuple(dict.fromkeys((*result.reasons, PDF_VIEW_FAILED, problem)))
    return dataclasses.replace(result, outcome=Outcome.NEEDS_REVIEW, reasons=reasons, pdf_view=None)


def failed_outcome(err: RedactorError, t0: float | None = None, *, outcome: str = "failed") -> DocumentOutcome:
    """A failed (or refused) outcome carrying the error's code and message; ``t0`` times it."""
    seconds = round(time.perf_counter() - t0, 4) if t0 is not None else 0.0
    return DocumentOutcome(outcome=outcome, reasons=(err.message,), error_code=err.code, seconds=seconds)
