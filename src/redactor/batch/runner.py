"""`redactor batch`: an upload folder in, candidate-numbered folders out, resumably."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import secrets
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redactor.api import load_applicant
from redactor.batch.dask_pool import DaskPool, DaskTls, dask_security
from redactor.batch.document import (
    REFUSED,
    DocumentOutcome,
    DocumentTask,
    PipelineFactory,
    default_pipeline_factory,
    failed_outcome,
)
from redactor.batch.inbox import APPLICANT_FILE, InboxApplication, InboxDocument, scan_inbox, sha256_file
from redactor.batch.keys import (
    KEYS_KIND,
    KEYS_SCHEMA,
    default_keys_path,
    keys_lock,
    load_keys,
    new_candidate_number,
    now_iso,
)
from redactor.batch.local_pool import LocalPool
from redactor.batch.progress import Progress
from redactor.batch.record import (
    BatchRun,
    doc_done,
    finish_applications,
    identifying_strings,
    normalise_times,
    record_outcome,
    write_all_summaries,
)
from redactor.batch.workdir import make_private_dir, remove_workdir, run_workdir
from redactor.config import Config, load_config
from redactor.errors import (
    ConfigError,
    ExitCode,
    LimitExceededError,
    ProcessingError,
    RedactorError,
    UnsupportedFormatError,
)
from redactor.trial.ingest import IngestResult, store_batch_answers
from redactor.trial.store import TrialStore
from redactor.types import Applicant

log = logging.getLogger("redactor.batch")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents



@dataclass
class BatchResult:
    """What a batch run did. ``counts`` are per document over the whole batch (all runs)."""

    outbox: Path
    keys: Path
    exit_code: ExitCode
    counts: dict[str, int]
    applications: int
    processed: int  # documents processed in this run
    skipped: int  # documents already done with unchanged input
    replaced_workers: int = 0
    seconds: float = 0.0
    summary: dict[str, Any] = field(default_factory=dict, repr=False)
    trial: IngestResult | None = None  # with a trial key: how many evaluation answers were stored (counts only)


def run_batch(
    inbox: str | Path,
    outbox: str | Path,
    *,
    keys: str | Path | None = None,
    config: Config | None = None,
    workers: int | None = None,
    executor: str = "local",
    scheduler: str | Any | None = None,
    tls: DaskTls | None = None,
    insecure: bool = False,
    pdf: bool = False,
    pipeline_factory: PipelineFactory = default_pipeline_factory,
    progress: bool = False,
    start_method: str = "spawn",
    trial_key: str | Path | None = None,
    answers: str | Path | None = None,
    answers_separator: str = ";",
) -> BatchResult:
    """Anonymise every application in ``inbox`` into candidate-numbered folders in ``outbox``.

    Resumable: re-running continues where a previous run stopped, skips applications whose inputs
    are unchanged and re-processes changed ones under the same candidate number.

    Args:
        inbox: one file per application, or one folder per application (documents + applicant.json).
        outbox: receives only what the committee may see.
        keys: the key file (default ``OUTBOX/../<outbox-name>.keys.json``); must be outside OUTBOX.
        config: the pipeline config (defaults when None).
        workers: worker processes for the local executor (default: the usable CPUs).
        executor: "local" or "dask".
        scheduler: the Dask scheduler address (or a ``distributed.Client``) for ``executor="dask"``.
        tls: the TLS files for a ``tls://`` scheduler (see :func:`~redactor.batch.dask_pool.dask_security`).
        insecure: allow a plain ``tcp://`` scheduler (documents cross the network unencrypted).
        pdf: also write ``<number>-<k>.pdf`` beside every DOCX output, a PDF rendering made with LibreOffice
            and verified like any PDF output; when none can be made the document needs review, with the reason.
        pipeline_factory: builds one pipeline per worker from the config (picklable, module level).
        progress: show a progress bar (terminal) or plain progress lines on stderr.
        start_method: multiprocessing start method of the local workers. With "spawn" (the default: safe
            with threads and native libraries) the workers import the calling script, so call this under
            ``if __name__ == "__main__":``.
        trial_key: the evaluation key of an anonymous-recruitment trial (:mod:`redactor.trial`). With it, the
            consented answers in each application folder's ``evaluation.json`` (else in its row's trial columns
            of the ``answers`` export, ``Config.trial_columns``) are stored, encrypted, beside the key file after
            the run; without it those files and columns are never read (the columns are still left out).
        answers: the application form's export (XLSX, XLS or CSV). Its rows are linked to the application
            folders (by id, e-mail or name), their identities are the applications' form data, and the
            anonymised answers are written to ``overview.xlsx`` and ``overview.csv`` in OUTBOX.
        answers_separator: the field separator of ``overview.csv``.
    Returns:
        A BatchResult with the exit code (0 clean, 4 some need review, 2 some failed or refused).
    Raises:
        ConfigError: bad paths, a key file that does not belong to this OUTBOX or INBOX, a missing export.
        RedactorError: the export cannot be read (R202 password, R401 no LibreOffice for .xls, ...).
        ProcessingError: the workers cannot load the pipeline; the summary then says
            ``"status": "stopped"`` with ``"exit_code": 2`` and the error, and the CLI exits 2.
        KeyboardInterrupt: after the state is saved, when interrupted.
    """
    t0 = time.perf_counter()
    cfg = config if config is not None else load_config()
    inbox_p = Path(inbox).resolve()
    outbox_p = Path(outbox).resolve()
    keys_p = Path(keys).resolve() if keys is not None else default_keys_path(outbox_p)
    _check_paths(inbox_p, outbox_p, keys_p)
    if executor not in ("local", "dask"):
        raise ConfigError(f"unknown executor {executor!r} (use 'local' or 'dask')")
    if executor == "dask" and scheduler is None:
        raise ConfigError("--executor dask needs --scheduler ADDRESS")
    security = dask_security(scheduler, tls, insecure=insecure) if executor == "dask" else None
    export_p = Path(answers).resolve() if answers is not None else None
    if export_p is not None:
        if not export_p.is_file():
            raise ConfigError(f"answers export not found: {export_p}")
        if _inside(export_p, outbox_p):
            raise ConfigError("the answers export must not be inside the output folder")
        if len(answers_separator) != 1 or answers_separator in "\"'\r\n":
            raise ConfigError("--answers-separator must be one character other than quotes and line breaks")

    keys_p.parent.mkdir(parents=True, exist_ok=True)
    with keys_lock(keys_p):
        workdir = run_workdir(keys_p)
        remove_workdir(workdir)  # what a killed earlier run left behind
        run = _open_run(inbox_p, outbox_p, keys_p, cfg)
        run.pdf_view = pdf
        apps = scan_inbox(inbox_p)
        detector = prepared = None
        trial_columns: dict[str, dict[str, Any] | None] | None = None
        if export_p is not None:
            from redactor.answers import read_export
            from redactor.batch.answers import load_detector, prepare_answers

            table = read_export(export_p, timeout=cfg.limits.max_seconds)  # a bad export fails before models load
            detector = load_detector(run)
            prepared = prepare_answers(run, apps, table, detector)  # before any document: its form data
        plan = _plan(run, apps)
        run.save(force=True)
        if trial_key is not None:
            TrialStore(keys_p, Path(trial_key)).load()  # a wrong or misplaced key fails before any work
        outbox_p.mkdir(parents=True, exist_ok=True)
        started = now_iso()
        write_all_summaries(run, status="running", started=started, seconds=0.0, processed=[])
        bar = Progress(sum(len(docs) for _n, docs in plan), progress)
        processed: list[dict[str, Any]] = []
        replaced = 0
        status = "complete"
        stop_error: dict[str, str] | None = None
        old_term = _sigterm_as_interrupt()
        pool: LocalPool | DaskPool | None = None
        try:
            tasks = _tasks(run, plan, processed, bar)
            n_tasks = sum(len(docs) for _n, docs in plan) - len(processed)
            if n_tasks > 0:
                if executor == "dask":
                    pool = DaskPool(scheduler, pipeline_factory, cfg, security=security)
                else:
                    n = workers or _cpu_count()
                    pool = LocalPool(pipeline_factory, cfg, min(n, max(1, n_tasks)), start_method=start_method,
                                     workdir=make_private_dir(workdir))
                results = pool.run(tasks)
                try:
                    for key, out in results:
                        processed.append(record_outcome(run, key, out))
                        bar.advance(out.outcome)
                        run.save()
                finally:
                    results.close()  # stops the workers at once, also on Ctrl-C
                    replaced = pool.replaced
            finish_applications(run)
            if prepared is not None and export_p is not None:
                from redactor.batch.answers import review_decisions, write_answers

                write_answers(run, prepared, export_p, detector, separator=answers_separator,
                              review=review_decisions(run))
                if trial_key is not None:  # the trial's columns: read only with the evaluation key
                    from redactor.batch.answers import trial_column_answers

                    trial_columns = trial_column_answers(run, prepared)
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        except RedactorError as exc:
            status = "stopped"  # e.g. the workers cannot load the pipeline; the state is still saved
            stop_error = {"code": exc.code, "message": exc.message}
            raise
        except BaseException as exc:
            status = "stopped"
            stop_error = {"code": ProcessingError.code, "message": f"internal error ({type(exc).__name__})"}
            raise
        finally:
            bar.close()
            if isinstance(pool, DaskPool):
                pool.close()
            remove_workdir(workdir)
            _restore_sigterm(old_term)
            run.keys.setdefault("runs", []).append({"started": started, "finished": now_iso(), "status": status,
                                                    "processed": len(processed)})
            run.save(force=True)
            seconds = time.perf_counter() - t0
            summary = write_all_summaries(run, status=status, started=started, seconds=seconds,
                                          processed=processed, error=stop_error)
            normalise_times(outbox_p, run)
        trial = (store_batch_answers(keys_p, Path(trial_key), trial_columns) if trial_key is not None else None)
        counts = summary["totals"]["documents_by_outcome"]
        return BatchResult(
            outbox=outbox_p, keys=keys_p, exit_code=ExitCode(summary["exit_code"]), counts=dict(counts),
            applications=summary["totals"]["applications"], processed=len(processed),
            skipped=summary["this_run"]["skipped"], replaced_workers=replaced, seconds=round(seconds, 3),
            summary=summary, trial=trial,
        )


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _sigterm_as_interrupt() -> Any:
    if threading.current_thread() is not threading.main_thread():
        return None

    def handler(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    return signal.signal(signal.SIGTERM, handler)


def _restore_sigterm(old: Any) -> None:
    if old is not None and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, old)



def _check_paths(inbox: Path, outbox: Path, keys: Path) -> None:
    if not inbox.is_dir():
        raise ConfigError(f"inbox folder not found: {inbox}")
    if _inside(outbox, inbox) or _inside(inbox, outbox):
        raise ConfigError("the output folder and the inbox must not contain each other")
    if _inside(keys, outbox):
        raise ConfigError("the key file must not be inside the output folder (the committee sees that folder)")
    if _inside(keys, inbox):
        raise ConfigError("the key file must not be inside the inbox")
    if outbox.exists() and not outbox.is_dir():
        raise ConfigError(f"the output path is not a folder: {outbox}")


def _open_run(inbox: Path, outbox: Path, keys_path: Path, cfg: Config) -> BatchRun:
    import json

    marker_id = None
    summary_path = outbox / "summary.json"
    if summary_path.is_file():
        with contextlib.suppress(OSError, ValueError, AttributeError):
            marker_id = json.loads(summary_path.read_text(encoding="utf-8")).get("batch_id")
    if keys_path.exists():
        keys = load_keys(keys_path)
        if Path(keys.get("inbox", "")) != inbox:
            raise ConfigError("this key file belongs to another inbox folder")
        if Path(keys.get("outbox", "")) != outbox:
            raise ConfigError("this key file belongs to another output folder")
        if outbox.exists() and any(outbox.iterdir()) and marker_id != keys.get("batch_id"):
            raise ConfigError("the output folder does not belong to this key file")
    else:
        if outbox.exists() and any(outbox.iterdir()):
            raise ConfigError("the output folder is not empty and its key file was not found; "
                              "pass --keys or choose an empty folder")
        keys = {
            "schema": KEYS_SCHEMA,
            "kind": KEYS_KIND,
            "note": "SECRET: links candidate numbers to applicants. Keep it away from the committee.",
            "batch_id": secrets.token_hex(8),
            "digest_key": secrets.token_hex(16),
            "inbox": str(inbox),
            "outbox": str(outbox),
            "created": now_iso(),
            "applications": {},
        }
    return BatchRun(inbox, outbox, keys_path, keys, cfg)


def _doc_entry(index: int, doc: InboxDocument, sha: str | None, size: int) -> dict[str, Any]:
    return {"index": index, "source": doc.rel, "sha256": sha, "size": size, "outcome": None,
            "output": None, "report": None, "reasons": [], "error_code": None, "pages": 0, "seconds": 0.0}


def _plan(run: BatchRun, apps: list[InboxApplication]) -> list[tuple[str, list[InboxDocument]]]:
    """Assign numbers, compare hashes with the key file, and list the documents to process.

    The order is shuffled so that output times say nothing about the inbox order.
    """
    by_source = {a["source"]: num for num, a in run.keys["applications"].items()}
    plan: list[tuple[str, list[InboxDocument]]] = []
    seen: set[str] = set()
    for app in apps:
        number = by_source.get(app.rel)
        if number is None:
            number = new_candidate_number(run.keys["applications"])
            run.keys["applications"][number] = {"source": app.rel, "kind": app.kind, "documents": [],
                                                "status": "pending"}
        seen.add(number)
        entry = run.keys["applications"][number]
        entry["kind"] = app.kind
        entry.pop("missing", None)
        applicant_sha = sha256_file(app.applicant_path) if app.applicant_path else None
        if app.rel in run.form:  # the export's identity is this application's form data
            from redactor.batch.answers import form_digest

            applicant_sha = f"{applicant_sha}+export:{form_digest(run.form[app.rel])}"
        scanned = []
        for i, doc in enumerate(app.documents, start=1):
            try:
                size = doc.path.lstat().st_size
                sha = sha256_file(doc.path) if doc.path.is_file() and not doc.path.is_symlink() else None
            except OSError:
                size, sha = 0, None
            scanned.append(_doc_entry(i, doc, sha, size))
        old = entry.get("documents", [])
        same_set = ([(d["source"], d["sha256"]) for d in old] == [(d["source"], d["sha256"]) for d in scanned]
                    and entry.get("applicant_sha256") == applicant_sha)
        folder = run.outbox / number
        if same_set:
            todo = [doc for doc, d in zip(app.documents, old, strict=True)
                    if not doc_done(d, folder, pdf_view=run.pdf_view)]
        else:
            if old:
                log.info("an application changed since the last run; it is processed again under its number")
            entry["documents"] = scanned
            entry["applicant_sha256"] = applicant_sha
            entry["status"] = "pending"
            todo = list(app.documents)
        entry["applicant"] = app.applicant_path is not None
        form = run.form.get(app.rel)
        if form is not None:  # the export's identity, for the review page's re-renders (the key file is secret)
            from redactor.batch.answers import form_record

            entry["form"] = form_record(form)
        else:
            entry.pop("form", None)
        if todo or entry.get("status") != "done":
            entry["status"] = "pending"
            plan.append((number, todo))
        run.secrets_by_number[number] = identifying_strings(app) + [v for v in (entry.get("form") or {}).values() if v]
    for number, entry in run.keys["applications"].items():
        if number not in seen:
            entry["missing"] = True  # no longer in the inbox: kept, with its earlier results
    secrets.SystemRandom().shuffle(plan)
    return plan



def _tasks(run: BatchRun, plan: list[tuple[str, list[InboxDocument]]], processed: list[dict[str, Any]],
           bar: Progress) -> Iterator[DocumentTask]:
    """Read each document when a worker is free; refuse by content in the parent (never shipped)."""
    from redactor.formats import sniff

    digest_key = bytes.fromhex(run.keys["digest_key"])
    limit = int(run.config.limits.max_file_mb * 1024 * 1024)
    for number, docs in plan:
        app = run.keys["applications"][number]
        applicant: Applicant | None = run.form.get(app["source"])
        applicant_problem = False
        if applicant is None and app.get("applicant"):
            try:
                applicant = load_applicant(run.inbox / app["source"] / APPLICANT_FILE)
            except RedactorError:
                applicant_problem = True
        by_source = {d["source"]: d for d in app["documents"]}
        for doc in docs:
            entry = by_source[doc.rel]
            key = (number, int(entry["index"]))
            out: DocumentOutcome | None = None
            data = b""
            if doc.path.is_symlink() or not doc.path.is_file():
                out = failed_outcome(UnsupportedFormatError("a link or special file, not a document"), outcome=REFUSED)
            elif entry["size"] > limit:
                out = failed_outcome(LimitExceededError(
                    f"the file is {entry['size'] / 1e6:.1f} MB; the limit is {run.config.limits.max_file_mb:g} MB"))
            else:
                try:
                    data = doc.path.read_bytes()
                except OSError as exc:
                    out = failed_outcome(ProcessingError(f"the file cannot be read ({type(exc).__name__})"))
            if out is None:
                entry["sha256"] = hashlib.sha256(data).hexdigest()  # what was actually processed
                try:
                    sniff(data)
                except UnsupportedFormatError as exc:
                    out = failed_outcome(exc, outcome=REFUSED)
                except RedactorError:
                    pass  # encrypted or corrupt: the pipeline reports it as failed
            if out is not None:
                processed.append(record_outcome(run, key, out))
                bar.advance(out.outcome)
                continue
            task = DocumentTask(key, data, doc.path.name, applicant, digest_key, pdf_view=run.pdf_view)
            if applicant_problem:
                entry["applicant_unreadable"] = True
            del data
            yield task
