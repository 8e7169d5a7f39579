"""Writing finished documents into OUTBOX and the key file: scrubbing, stale files, summaries, file times."""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redactor.api import load_applicant
from redactor.batch.document import REFUSED, DocumentOutcome
from redactor.batch.inbox import InboxApplication, application_from_keys
from redactor.batch.keys import save_keys
from redactor.batch_summary import build_summary, write_summaries
from redactor.config import Config
from redactor.errors import RedactorError
from redactor.report import write_atomic, write_json
from redactor.types import Applicant, Outcome

SUMMARY_FILES = ("summary.json", "summary.csv", "summary.html")
_SAVE_INTERVAL_S = 1.0
OUTPUT_KEYS = ("output", "report", "pdf")  # a key file document entry's files in OUTBOX/<number>/


@dataclass
class BatchRun:
    """The state of one batch run (the key file's content plus paths)."""

    inbox: Path
    outbox: Path
    keys_path: Path
    keys: dict[str, Any]
    config: Config
    secrets_by_number: dict[str, list[str]] = field(default_factory=dict)
    last_save: float = 0.0
    pdf_view: bool = False  # render every DOCX output to a verified PDF beside it (--pdf)
    form: dict[str, Applicant] = field(default_factory=dict)  # application source -> the export's form data

    def save(self, *, force: bool = False) -> None:
        """Save the key file, at most once a second unless forced."""
        now = time.monotonic()
        if force or now - self.last_save >= _SAVE_INTERVAL_S:
            save_keys(self.keys_path, self.keys)
            self.last_save = now


def doc_done(entry: dict[str, Any], folder: Path, *, pdf_view: bool = False) -> bool:
    """True when a key file document entry has an outcome and its files are still in ``folder`` (with
    ``pdf_view``: a DOCX output has its PDF view too)."""
    if entry.get("outcome") is None:
        return False
    if pdf_view and str(entry.get("output") or "").endswith(".docx") and not entry.get("pdf"):
        return False
    return all((folder / entry[k]).is_file() for k in OUTPUT_KEYS if entry.get(k))


def identifying_strings(app: InboxApplication) -> list[str]:
    """Strings that could identify the applicant, scrubbed (defensively) from anything written to OUTBOX.

    File and folder names always; their stems only when name-like (not a plain lower-case word such as
    "video", which would garble reasons); the applicant form's values and their words.
    """
    out: list[str] = []
    for doc in app.documents:
        for part in Path(doc.rel).parts:
            out.append(part)
            stem = Path(part).stem
            if stem != stem.lower() or not stem.isascii() or not stem.isalpha():
                out.append(stem)
    if app.applicant_path is not None:
        with contextlib.suppress(RedactorError):
            applicant = load_applicant(app.applicant_path)
            for value in (applicant.name, applicant.email, applicant.phone, applicant.address):
                if value:
                    out.append(value)
                    out += value.replace(",", " ").split()
    return sorted({s for s in out if len(s) >= 3 and not s.isdigit()}, key=len, reverse=True)


def scrub(text: str, needles: list[str]) -> str:
    """Replace whole-word occurrences of the needles (case-insensitive) with "[…]"."""
    import re

    for needle in needles:
        text = re.sub(rf"(?<!\w){re.escape(needle)}(?!\w)", "[…]", text, flags=re.IGNORECASE)
    return text



def record_outcome(run: BatchRun, key: tuple[str, int], out: DocumentOutcome) -> dict[str, Any]:
    """Write a finished document's files into OUTBOX and its entry into the key file."""
    number, index = key
    app = run.keys["applications"][number]
    entry = next(d for d in app["documents"] if int(d["index"]) == index)
    needles = run.secrets_by_number.get(number, [])
    reasons = [scrub(r, needles) for r in out.reasons]
    outcome = out.outcome
    if entry.get("applicant_unreadable") and outcome == str(Outcome.CLEAN):
        outcome = str(Outcome.NEEDS_REVIEW)
    if entry.get("applicant_unreadable") and outcome != REFUSED:
        reasons.append("applicant.json could not be read; detection ran without the form data")
    folder = run.outbox / number
    output_name = report_name = pdf_name = None
    if out.output is not None and out.report is not None and outcome not in (REFUSED, str(Outcome.FAILED)):
        base = f"{number}-{index}"
        output_name = f"{base}.{out.output_format or 'bin'}"
        report_name = f"{base}.report.json"
        report = dict(out.report)
        report.update(output=output_name, outcome=outcome, reasons=reasons, candidate=number, document=index)
        if report.get("error"):
            report["error"] = {**report["error"], "message": scrub(str(report["error"].get("message")), needles)}
        for part in ("verification", "pdf_view_verification"):
            for issue in (report.get(part) or {}).get("issues", []):
                issue["detail"] = scrub(str(issue.get("detail", "")), needles)
        if out.pdf_view is not None and out.output_format == "docx":
            pdf_name = f"{base}.pdf"
            report["pdf_view"] = pdf_name
            write_atomic(folder / pdf_name, out.pdf_view)
        if run.config.include_filenames_in_report:
            report["input"] = entry["source"]
        write_atomic(folder / output_name, out.output)
        write_json(folder / report_name, report)
    # the key file learns of a document only after its files are in place
    entry.update(outcome=outcome, reasons=reasons, error_code=out.error_code, pages=out.page_count,
                 seconds=out.seconds, output=output_name, report=report_name, pdf=pdf_name)
    if all(d.get("outcome") is not None for d in app["documents"]):
        finish_application(run, number)
    return {"candidate": number, "document": index, "outcome": outcome, "pages": out.page_count,
            "seconds": out.seconds}


def finish_application(run: BatchRun, number: str) -> None:
    """Mark an application done and remove stale files of an earlier version from its folder."""
    app = run.keys["applications"][number]
    keep = {d[k] for d in app["documents"] for k in OUTPUT_KEYS if d.get(k)}
    folder = run.outbox / number
    if folder.is_dir():
        for f in folder.iterdir():
            if f.name not in keep:
                with contextlib.suppress(OSError):
                    f.unlink()
    app["status"] = "done"


def finish_applications(run: BatchRun) -> None:
    """Finish every application whose documents all have an outcome."""
    for number, app in run.keys["applications"].items():
        if app.get("status") != "done" and all(d.get("outcome") is not None for d in app["documents"]):
            finish_application(run, number)


def write_all_summaries(run: BatchRun, *, status: str, started: str, seconds: float,
                        processed: list[dict[str, Any]], error: dict[str, str] | None = None) -> dict[str, Any]:
    """Write summary.json/.csv/.html into OUTBOX from the key file; returns the summary."""
    summary = build_summary(run.keys, status=status, started=started, seconds=seconds, processed=processed,
                            include_filenames=run.config.include_filenames_in_report, error=error)
    write_summaries(run.outbox, summary)
    return summary


def normalise_times(outbox: Path, run: BatchRun) -> None:
    """Give every candidate folder and file one timestamp, so file times reveal no processing order."""
    stamp = time.time()
    for number in run.keys["applications"]:
        folder = outbox / number
        if not folder.is_dir():
            continue
        for f in folder.iterdir():
            with contextlib.suppress(OSError):
                os.utime(f, (stamp, stamp))
        with contextlib.suppress(OSError):
            os.utime(folder, (stamp, stamp))


def record_document(keys_path: Path, outbox: Path, keys: dict[str, Any], config: Config,
                    key: tuple[str, int], out: DocumentOutcome) -> dict[str, Any]:
    """Record a document processed outside a batch run (e.g. re-rendered after review) like a batch does.

    The files go into ``OUTBOX/<number>/`` with the applicant's identifying strings scrubbed from the
    reasons and the report, and the key file entry in ``keys`` is updated in memory. The caller holds
    :func:`~redactor.batch.keys.keys_lock` and saves the key file.

    Args:
        keys_path: the key file.
        outbox: the batch's output folder.
        keys: the key file's content (updated in place).
        config: the config the document was processed with.
        key: (candidate number, document index); both must be in the key file.
        out: the document's outcome from :func:`~redactor.batch.document.process_document`.
    Returns:
        The processed-document record (candidate, document, outcome, pages, seconds).
    """
    number = key[0]
    run = BatchRun(Path(keys["inbox"]), outbox, keys_path, keys, config)
    run.secrets_by_number[number] = identifying_strings(
        application_from_keys(run.inbox, keys["applications"][number]))
    return record_outcome(run, key, out)
