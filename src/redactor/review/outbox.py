"""The review page's view of a batch: the queue (key file or summary.json), originals, re-rendering."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redactor.errors import ConfigError, RedactorError
from redactor.types import Applicant, ReviewDecisions

_DOC_ID = re.compile(r"^(\d{1,12})-(\d{1,6})$")
_NUMBER = re.compile(r"^\d{1,12}$")
_ORDER = {"needs_review": 0, "failed": 1, "refused": 1, "pending": 2, "clean": 3}


class OriginalChangedError(RedactorError):
    """The original's bytes differ from what the batch processed; decisions keyed by offsets may not fit."""

    code = "R501"


class KeyFileBusyError(ConfigError):
    """A batch run holds the key file; try again when it has finished."""

    code = "R502"


@contextlib.contextmanager
def _locked(keys_path: Path | None) -> Iterator[None]:
    """Hold the batch's key file lock (one writer at a time)."""
    from redactor.batch import keys_lock

    if keys_path is None:
        raise ConfigError("no key file given")
    stack = contextlib.ExitStack()
    try:
        stack.enter_context(keys_lock(keys_path))
    except ConfigError:
        raise KeyFileBusyError("a batch run is using the key file") from None
    with stack:
        yield


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One document of the batch as the queue shows it (no names, no paths)."""

    doc_id: str  # "<candidate>-<n>", the output stem
    candidate: str
    index: int
    outcome: str
    reasons: tuple[str, ...] = ()
    error_code: str | None = None
    output: str | None = None  # file name inside OUTBOX/<candidate>/
    report: str | None = None
    pages: int = 0

    @property
    def openable(self) -> bool:
        return self.output is not None and self.report is not None


@dataclass(frozen=True, slots=True)
class Rerendered:
    """What a re-render did: the new outcome, or why nothing was replaced."""

    outcome: str
    replaced: bool
    reasons: tuple[str, ...] = field(default=())


def parse_doc_id(doc_id: str) -> tuple[str, int] | None:
    """``"104233-2"`` -> ``("104233", 2)``; None for anything else."""
    m = _DOC_ID.match(doc_id)
    return (m.group(1), int(m.group(2))) if m else None


class BatchFolder:
    """An OUTBOX and, when given, its key file (which links each output to its original).

    Args:
        outbox: the folder the committee sees.
        keys: the key file; None gives a view-only queue read from ``summary.json``.
    Raises:
        ConfigError: the key file is unreadable, or belongs to another OUTBOX, or lies inside OUTBOX.
    """

    def __init__(self, outbox: Path, keys: Path | None) -> None:
        self.outbox = outbox.resolve()
        self.keys_path = keys.resolve() if keys is not None else None
        if self.keys_path is not None:
            if self.outbox == self.keys_path.parent or self.outbox in self.keys_path.parents:
                raise ConfigError("the key file must not be inside the output folder")
            keys_data = self.load_keys()
            if Path(keys_data.get("outbox", "")).resolve() != self.outbox:
                raise ConfigError("this key file belongs to another output folder")

    # ------------------------------------------------------------------ reading

    def load_keys(self) -> dict[str, Any]:
        """The key file's content (read fresh each time: a batch run may have changed it).

        Raises:
            ConfigError: no key file, or it is not a redactor key file.
        """
        if self.keys_path is None:
            raise ConfigError("no key file given")
        from redactor.batch import load_keys

        return load_keys(self.keys_path)

    def queue(self) -> list[QueueItem]:
        """Every document: needing review first, then failed and refused, then the rest."""
        items: list[QueueItem] = []
        if self.keys_path is not None:
            for number, app in self.load_keys().get("applications", {}).items():
                for d in app.get("documents", []):
                    items.append(_item(number, d))
        else:
            summary = self._summary()
            for app in summary.get("applications", []):
                for d in app.get("documents", []):
                    items.append(_item(str(app.get("candidate")), {**d, "index": d.get("document")}))
        items = [i for i in items if parse_doc_id(i.doc_id) is not None]  # "..", paths: never a document
        items.sort(key=lambda i: (_ORDER.get(i.outcome, 2), i.candidate, i.index))
        return items

    def item(self, doc_id: str) -> QueueItem | None:
        return next((i for i in self.queue() if i.doc_id == doc_id), None)

    def output_path(self, item: QueueItem) -> Path | None:
        return self._inside(item.candidate, item.output)

    def report_path(self, item: QueueItem) -> Path | None:
        return self._inside(item.candidate, item.report)

    def report(self, item: QueueItem) -> dict[str, Any]:
        """The document's report JSON ({} when missing or unreadable)."""
        path = self.report_path(item)
        if path is None or not path.is_file():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def original(self, item: QueueItem) -> tuple[Path, str | None, Applicant | None]:
        """The original file of a document, its recorded sha256 and the applicant's form data.

        Raises:
            ConfigError: no key file, or the key file does not know the document.
        """
        keys = self.load_keys()
        app, entry = _entry(keys, item.candidate, item.index)
        inbox = Path(keys.get("inbox", ""))
        applicant = None
        if app.get("form"):  # the application form export's identity (redactor batch --answers)
            applicant = Applicant.from_dict(app["form"])
        elif app.get("applicant"):
            from redactor.api import load_applicant
            from redactor.batch import APPLICANT_FILE

            with contextlib.suppress(RedactorError):
                applicant = load_applicant(inbox / app["source"] / APPLICANT_FILE)
        path = inbox / entry["source"]
        resolved = path.resolve()
        if path.is_symlink() or inbox.resolve() not in resolved.parents:
            raise ConfigError("the key file's original is not a file inside the inbox")
        return resolved, entry.get("sha256"), applicant

    def review_note(self, item: QueueItem) -> dict[str, Any]:
        """What the review page recorded on the document's key file entry ({} when nothing)."""
        try:
            _app, entry = _entry(self.load_keys(), item.candidate, item.index)
        except ConfigError:
            return {}
        note = entry.get("review")
        return note if isinstance(note, dict) else {}

    def _inside(self, candidate: str, name: str | None) -> Path | None:
        """``OUTBOX/<candidate>/<name>`` when it really is there: the path is resolved (links followed, ``..``
        collapsed) before the check, so a crafted summary or a link cannot reach the key file's folder."""
        if not name or not _NUMBER.match(candidate) or "/" in name or "\\" in name or name.startswith("."):
            return None
        folder = self.outbox / candidate
        path = (folder / name).resolve()
        return path if path.parent == folder.resolve() and path.parent.parent == self.outbox else None

    def _summary(self) -> dict[str, Any]:
        try:
            data = json.loads((self.outbox / "summary.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    # ------------------------------------------------------------------ writing

    def rerender(self, item: QueueItem, pipeline: Any, decisions: ReviewDecisions,
                 review_note: dict[str, Any] | None = None) -> Rerendered:
        """Redact the document again from its original with a reviewer's decisions, verify it (the pipeline
        does), and replace its output and report in OUTBOX atomically; then update the key file and the
        summaries. A failed re-render replaces nothing.

        Args:
            item: the document.
            pipeline: a loaded :class:`redactor.Pipeline`.
            decisions: every decision saved for the document so far.
            review_note: recorded on the document's key file entry (never in OUTBOX).
        Raises:
            ConfigError: no key file, or the key file does not know the document.
            KeyFileBusyError: a batch run holds the key file.
            OriginalChangedError: the original is missing or differs from what the batch processed.
        """
        from redactor import batch

        path, sha, applicant = self.original(item)
        try:
            data = path.read_bytes()
        except OSError:
            raise OriginalChangedError("the original file cannot be read") from None
        if sha and hashlib.sha256(data).hexdigest() != sha:
            raise OriginalChangedError("the original changed since the batch run")
        keys_now = self.load_keys()
        _app, entry_now = _entry(keys_now, item.candidate, item.index)
        task = batch.DocumentTask((item.candidate, item.index), data, path.name, applicant,
                                  bytes.fromhex(keys_now["digest_key"]),
                                  pdf_view=bool(entry_now.get("pdf")))  # keep the PDF view the batch made
        out = batch.process_document(_WithReview(pipeline, decisions), task)
        if out.output is None or out.report is None or out.outcome not in ("clean", "needs_review"):
            return Rerendered(out.outcome, False, tuple(out.reasons))
        with _locked(self.keys_path):
            keys = self.load_keys()
            _app, entry = _entry(keys, item.candidate, item.index)
            old = self.output_path(item)
            stamp = old.stat().st_mtime if old is not None and old.is_file() else None
            batch.record_document(self.keys_path, self.outbox, keys, pipeline.config,  # type: ignore[arg-type]
                                  (item.candidate, item.index), out)
            if review_note is not None:
                entry["review"] = {**(entry.get("review") or {}), **review_note}
            batch.save_keys(self.keys_path, keys)  # type: ignore[arg-type]
            self._write_summaries(keys)
            if stamp is not None:  # keep the folder's uniform file times (they must not reveal an order)
                for name in (entry.get("output"), entry.get("report")):
                    p = self._inside(item.candidate, name)
                    if p is not None:
                        with contextlib.suppress(OSError):
                            os.utime(p, (stamp, stamp))
        return Rerendered(str(entry.get("outcome")), True, tuple(entry.get("reasons", [])))

    def note(self, item: QueueItem, review_note: dict[str, Any]) -> None:
        """Record review progress on the key file entry without re-rendering.

        Raises:
            ConfigError: no key file, or the key file does not know the document.
            KeyFileBusyError: a batch run holds the key file.
        """
        from redactor import batch

        with _locked(self.keys_path):
            keys = self.load_keys()
            _app, entry = _entry(keys, item.candidate, item.index)
            entry["review"] = {**(entry.get("review") or {}), **review_note}
            batch.save_keys(self.keys_path, keys)  # type: ignore[arg-type]

    # ------------------------------------------------------------------ the candidate overview (batch --answers)

    def answers_flags(self) -> dict[str, dict[str, Any]]:
        """Overview rows needing review, by candidate number: reasons and flagged cells (no cell text)."""
        if self.keys_path is not None:
            source = (self.load_keys().get("answers") or {}).get("summary") or {}
        else:
            source = self._summary().get("overview") or {}
        return {str(r["candidate"]): r for r in source.get("needs_review", [])
                if isinstance(r, dict) and _NUMBER.match(str(r.get("candidate", "")))}

    def answers_row(self, number: str) -> dict[str, Any] | None:
        """A candidate's row of the overview: its questions and anonymised answers (from OUTBOX) and, with the
        key file, the original answers from the export. None when the overview has no such row."""
        import csv
        import io

        if not _NUMBER.match(number):
            return None
        path = self.outbox / "overview.csv"
        state = (self.load_keys().get("answers") or {}) if self.keys_path is not None else {}
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError:
            return None
        rows = list(csv.reader(io.StringIO(text), delimiter=str(state.get("separator", ";"))))
        if not rows:
            return None
        header = rows[0]
        found = next((r for r in rows[1:] if r and r[0] == number), None)
        if found is None:
            return None
        questions = header[1:-2]
        answers = [v[1:] if v.startswith("'") and v[1:2] in ("=", "+", "-", "@", "\t", "\r") else v
                   for v in found[1:-2]]
        originals: list[str] = []
        numbers = state.get("row_numbers") or []
        if self.keys_path is not None and number in numbers and state.get("kept_columns") is not None:
            from redactor.answers import read_export

            try:
                table = read_export(Path(state["export"]))
                row = table.rows[numbers.index(number)]
                originals = ["" if i >= len(row) or row[i] is None else str(row[i]) for i in state["kept_columns"]]
            except (RedactorError, IndexError, KeyError):
                originals = []
        return {"candidate": number, "questions": questions, "answers": answers, "originals": originals,
                "outcome": found[-2], "flags": self.answers_flags().get(number)}

    def rerender_answers(self, pipeline: Any) -> dict[str, Any]:
        """Write the overview again from the export with every reviewer decision on its rows; update the
        key file and the summaries.

        Raises:
            ConfigError: no key file, no export, or the export changed since the batch.
            KeyFileBusyError: a batch run holds the key file.
        """
        from redactor import batch
        from redactor.batch.answers import rerender_overview
        from redactor.batch.record import BatchRun

        with _locked(self.keys_path):
            keys = self.load_keys()
            run = BatchRun(Path(keys["inbox"]), self.outbox, self.keys_path, keys, pipeline.config)  # type: ignore[arg-type]
            summary = rerender_overview(run, pipeline.detector)
            batch.save_keys(self.keys_path, keys)  # type: ignore[arg-type]
            self._write_summaries(keys)
        return summary

    def _write_summaries(self, keys: dict[str, Any]) -> None:
        from redactor.batch_summary import build_summary, write_summaries

        old = self._summary()
        summary = build_summary(keys, status=str(old.get("status", "complete")),
                                started=str(old.get("started", "")), seconds=0.0, processed=[])
        if isinstance(old.get("this_run"), dict):
            summary["this_run"] = old["this_run"]  # the figures of the batch run, not of this review
        write_summaries(self.outbox, summary)


class _WithReview:
    """A pipeline whose redact() applies a reviewer's decisions (what the batch's per-document work calls)."""

    def __init__(self, pipeline: Any, decisions: ReviewDecisions) -> None:
        self.pipeline = pipeline
        self.config = pipeline.config
        self.decisions = decisions

    def redact(self, source: bytes, *, applicant: Applicant | None = None,
               filename: str | None = None) -> Any:
        return self.pipeline.redact(source, applicant=applicant, filename=filename, review=self.decisions)

    def render_pdf_view(self, result: Any, *, applicant: Applicant | None = None) -> Any:
        return self.pipeline.render_pdf_view(result, applicant=applicant)


def _item(number: str, d: dict[str, Any]) -> QueueItem:
    index = int(d.get("index") or 0)
    return QueueItem(
        doc_id=f"{number}-{index}", candidate=str(number), index=index,
        outcome=str(d.get("outcome") or "pending"), reasons=tuple(str(r) for r in d.get("reasons") or ()),
        error_code=d.get("error_code"), output=d.get("output"), report=d.get("report"),
        pages=int(d.get("pages") or 0),
    )


def _entry(keys: dict[str, Any], number: str, index: int) -> tuple[dict[str, Any], dict[str, Any]]:
    app = keys.get("applications", {}).get(number)
    if app is None:
        raise ConfigError("the key file does not know this candidate number")
    for d in app.get("documents", []):
        if int(d.get("index", -1)) == index:
            return app, d
    raise ConfigError("the key file does not know this document")

