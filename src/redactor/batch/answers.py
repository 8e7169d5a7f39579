"""`redactor batch --answers EXPORT`: the application form's export beside the documents.

Before the documents are redacted, the export is read and linked to the application folders, and each
linked row's identity becomes that application's form data. After them, the rows are anonymised into
``overview.xlsx`` and ``overview.csv`` in OUTBOX under the applications' candidate numbers; rows without a
folder get numbers of their own (kept in the key file, stable across runs).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from redactor.answers import ExportTable, PreparedExport, assign_numbers, prepare_export, write_overview
from redactor.answers.columns import TRIAL_ROLES
from redactor.api import load_applicant
from redactor.batch.inbox import InboxApplication
from redactor.batch.keys import new_candidate_number
from redactor.batch.record import BatchRun
from redactor.errors import RedactorError
from redactor.types import Applicant, ReviewDecisions


def load_detector(run: BatchRun) -> Any:
    """The detectors, loaded once in the batch's own process (the overview is written there)."""
    from redactor.detect.engine import Detector

    return Detector(run.config)


def prepare_answers(run: BatchRun, apps: list[InboxApplication], export: Path | ExportTable,
                    detector: Any) -> PreparedExport:
    """Read (unless already read) and link the export; set each linked application's form data on ``run.form``.

    The trial's columns are the config's ``trial_columns`` plus those an earlier run of this batch recorded
    in the key file (a review page started without the batch's config must not show them).

    Raises:
        RedactorError: the export cannot be read (password, format, LibreOffice missing, limits).
    """
    folders: dict[str, Applicant | None] = {}
    for app in apps:
        if app.kind != "folder":
            continue
        applicant = None
        if app.applicant_path is not None:
            try:
                applicant = load_applicant(app.applicant_path)
            except RedactorError:
                applicant = None
        folders[app.rel] = applicant
    trial_columns = {q: list(headers) for q, headers in run.config.trial_columns.by_question().items()}
    for question, headers in ((run.keys.get("answers") or {}).get("trial_headers") or {}).items():
        if question in trial_columns:
            trial_columns[question].extend(str(h) for h in headers)
    prepared = prepare_export(export, folders, lexicon=detector.names.lex, trial_columns=trial_columns)
    for rel in {link for link in prepared.links if link is not None}:
        form = prepared.applicant_for(rel)
        if form is not None:
            run.form[rel] = form
    return prepared


def form_record(form: Applicant) -> dict[str, str]:
    """The form data as stored on the application's key file entry (its non-empty fields)."""
    values = {"name": form.name, "email": form.email, "phone": form.phone, "address": form.address,
              "birthdate": form.birthdate}
    return {k: v for k, v in values.items() if v}


def form_digest(form: Applicant | None) -> str | None:
    """A digest of an application's form data (a changed export re-processes that application)."""
    if form is None:
        return None
    data = json.dumps([form.name, form.email, form.phone, form.address, form.birthdate], ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def write_answers(run: BatchRun, prepared: PreparedExport, export: Path, detector: Any, *, separator: str = ";",
                  review: dict[str, ReviewDecisions] | None = None) -> dict[str, Any]:
    """Number and anonymise the rows, write the overview into OUTBOX, and record it in the key file.

    Returns:
        The overview's part of the summary (counts, flagged numbers with reasons, notes; no personal data).
    """
    state = run.keys.setdefault("answers", {})
    folder_numbers = {a["source"]: n for n, a in run.keys["applications"].items() if a.get("kind") == "folder"}
    known: dict[str, str] = dict(state.get("rows", {}))
    taken = set(run.keys["applications"]) | set(known.values())

    def new_number() -> str:
        number = new_candidate_number(taken)
        taken.add(number)
        return number

    numbers, rows = assign_numbers(prepared, folder_numbers, known, new_number)
    trial_headers: dict[str, list[str]] = {}
    for i, role in enumerate(prepared.plan.roles):
        if role in TRIAL_ROLES and i < len(prepared.table.headers):  # headers only, never a value
            trial_headers.setdefault(TRIAL_ROLES[role], []).append(prepared.table.headers[i])
    state.update({"export": str(export.resolve()), "separator": separator, "rows": rows,
                  "row_numbers": numbers, "kept_columns": prepared.plan.kept, "trial_headers": trial_headers})
    try:
        export_sha = hashlib.sha256(export.read_bytes()).hexdigest()
    except OSError:
        export_sha = None
    state["sha256"] = export_sha
    summary: dict[str, Any] = {"rows": len(numbers), "notes": list(prepared.notes),
                               "applications_without_row": len(prepared.unmatched_folders)}
    try:
        result = write_overview(prepared, run.outbox, numbers, detector=detector, config=run.config,
                                separator=separator, review=review)
    except RedactorError as exc:
        summary.update({"error_code": exc.code, "error": exc.message, "counts": {}, "needs_review": []})
    else:
        summary.update({
            "files": [result.xlsx.name, result.csv.name],
            "counts": result.counts,
            "kept_columns": result.kept_columns,
            "removed_columns": result.removed_columns,
            "needs_review": [{"candidate": n, "reasons": list(r.reasons),
                              "cells": [{"column": prepared.table.headers[f.column] if f.column < len(
                                  prepared.table.headers) else "", "category": f.category, "reason": f.reason}
                                  for f in r.flags]}
                             for n, r in sorted(result.flagged.items())],
        })
    state["summary"] = summary
    return summary


def trial_column_answers(run: BatchRun, prepared: PreparedExport) -> dict[str, dict[str, Any] | None]:
    """Per candidate number of a linked application, its row's answers to the trial's columns.

    Only called with a trial key, after :func:`write_answers` numbered the rows; the values go straight to
    :func:`redactor.trial.ingest.store_batch_answers`, never to the key file, OUTBOX or a log. An application
    with more than one row gets None (ambiguous: nothing is stored for it). Empty when the export has none
    of the configured trial columns.
    """
    if not any(r in TRIAL_ROLES for r in prepared.plan.roles):
        return {}
    numbers = (run.keys.get("answers") or {}).get("row_numbers") or []
    applications = run.keys["applications"]
    rows_of: dict[str, list[int]] = {}
    for i, link in enumerate(prepared.links):
        if link is not None:
            rows_of.setdefault(link, []).append(i)
    out: dict[str, dict[str, Any] | None] = {}
    for i, number in enumerate(numbers):
        link = prepared.links[i] if i < len(prepared.links) else None
        app = applications.get(number)
        if link is None or app is None or app.get("kind") != "folder" or app.get("source") != link:
            continue  # a row without an application folder is not part of the trial (it cannot be shortlisted)
        rows = rows_of[link]
        out[number] = prepared.plan.trial_values(prepared.table.rows[i]) if len(rows) == 1 else None
    return out


def answers_doc_id(number: str) -> str:
    """The review store's id for a candidate's overview row (beside that candidate's documents)."""
    return f"{number}-answers"


def review_decisions(run: BatchRun) -> dict[str, ReviewDecisions]:
    """The reviewer's decisions on overview rows, by candidate number (from the review folder)."""
    from redactor.review.store import ReviewStore, review_dir_for

    store = ReviewStore(review_dir_for(run.keys_path))
    out: dict[str, ReviewDecisions] = {}
    if store.root.is_dir():
        for path in sorted(store.root.glob("*-answers.json")):
            out[path.name[: -len("-answers.json")]] = store.state(path.stem).decisions()
    return out


def rerender_overview(run: BatchRun, detector: Any) -> dict[str, Any]:
    """Write the overview again from the export recorded in the key file plus every reviewer decision.

    Used by the review page after a decision on an overview row. The rows keep their numbers.

    Raises:
        ConfigError: the key file has no export, or the export changed or is gone since the batch.
        RedactorError: the export cannot be read.
    """
    from redactor.batch.inbox import scan_inbox
    from redactor.errors import ConfigError

    state = run.keys.get("answers") or {}
    if not state.get("export"):
        raise ConfigError("this batch has no answers export")
    export = Path(state["export"])
    try:
        sha = hashlib.sha256(export.read_bytes()).hexdigest()
    except OSError:
        raise ConfigError("the answers export of this batch is gone; run the batch again") from None
    if state.get("sha256") and sha != state["sha256"]:
        raise ConfigError("the answers export changed since the batch; run the batch again")
    prepared = prepare_answers(run, scan_inbox(run.inbox), export, detector)
    return write_answers(run, prepared, export, detector, separator=str(state.get("separator", ";")),
                         review=review_decisions(run))
