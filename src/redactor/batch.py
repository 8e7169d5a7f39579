"""`redactor batch` and `redactor reveal`: an upload folder in, candidate-numbered folders out, resumably."""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import hmac
import logging
import multiprocessing
import os
import secrets
import signal
import sys
import threading
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Protocol

from redactor.api import load_applicant
from redactor.batch_summary import build_summary, write_summaries
from redactor.config import Config, load_config
from redactor.errors import (
    ConfigError,
    ExitCode,
    LimitExceededError,
    ProcessingError,
    RedactorError,
    UnsupportedFormatError,
)
from redactor.report import result_to_report, write_atomic, write_json
from redactor.types import Applicant, DocumentResult, Outcome

log = logging.getLogger("redactor.batch")

KEYS_SCHEMA = 1
KEYS_KIND = "redactor-batch-keys"
APPLICANT_FILE = "applicant.json"
SUMMARY_FILES = ("summary.json", "summary.csv", "summary.html")
REFUSED = "refused"  # a document outcome beside Outcome's three: refused by content, never processed
_JUNK_NAMES = frozenset({"thumbs.db", "desktop.ini", "icon\r"})
_SAVE_INTERVAL_S = 1.0
_INIT_TIMEOUT_S = 600.0
_DASK_BUSY_RETRIES = 8


class PipelineLike(Protocol):
    """What the batch runner needs of a pipeline: :meth:`redactor.Pipeline.redact`."""

    def redact(self, source: bytes, *, applicant: Applicant | None = None,
               filename: str | None = None) -> DocumentResult: ...


PipelineFactory = Callable[[Config], PipelineLike]


def default_pipeline_factory(config: Config) -> PipelineLike:
    """Build the real :class:`redactor.Pipeline` (called once in each worker process)."""
    from redactor.pipeline import Pipeline

    return Pipeline(config)


# ---------------------------------------------------------------------------------------------- the per-document work


@dataclass(frozen=True, slots=True)
class DocumentTask:
    """Everything one document needs; the work is a pure function of this and the config."""

    key: tuple[str, int]  # (candidate number, document index)
    data: bytes = field(repr=False)
    filename: str | None = field(default=None, repr=False)  # the original base name: a detection signal
    applicant: Applicant | None = field(default=None, repr=False)
    digest_key: bytes = field(default=b"", repr=False)  # keys the finding digests in the reports


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
        return _failed(LimitExceededError("the document needs more memory than allowed"), t0)
    except Exception as exc:  # a pipeline bug must not stop the batch; the document is not released
        log.warning("unexpected %s while processing a document", type(exc).__name__)
        return _failed(ProcessingError(f"internal error ({type(exc).__name__})"), t0)
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
        return _failed(ProcessingError("the pipeline produced no output"), t0)
    return DocumentOutcome(
        outcome=str(result.outcome),
        output=result.output,
        output_format=result.output_format,
        page_count=result.page_count,
        reasons=reasons,
        error_code=result.error_code,
        report=report,
        seconds=seconds,
    )


def _failed(err: RedactorError, t0: float | None = None, *, outcome: str = "failed") -> DocumentOutcome:
    seconds = round(time.perf_counter() - t0, 4) if t0 is not None else 0.0
    return DocumentOutcome(outcome=outcome, reasons=(err.message,), error_code=err.code, seconds=seconds)


# ---------------------------------------------------------------------------------------------- local process pool


def _limit_thread_pools() -> None:
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
        os.environ.setdefault(var, "1")


def _vm_size_bytes() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:  # noqa: PTH123
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _limit_memory(max_memory_mb: int) -> None:
    """Cap the worker's address space so an exploding document raises MemoryError instead of swapping."""
    try:
        import resource
    except ImportError:  # not on POSIX
        return
    limit = max_memory_mb * 1024 * 1024
    used = _vm_size_bytes()
    if used and used > limit * 0.8:
        log.warning("worker already maps %d MB after loading the models; the memory limit is raised "
                    "to that plus %d MB", used // 2**20, max_memory_mb // 2)
        limit = used + limit // 2
    with contextlib.suppress(ValueError, OSError):
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _watch_parent(parent_pid: int) -> None:
    while True:
        time.sleep(1.0)
        if os.getppid() != parent_pid:
            os._exit(3)


def _worker_main(conn: Connection, factory: PipelineFactory, config: Config, max_memory_mb: int,
                 parent_pid: int) -> None:
    """A worker process: load the pipeline once, then redact documents until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    _limit_thread_pools()
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    try:
        pipeline = factory(config)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which stops the batch
        conn.send(("init_failed", f"{type(exc).__name__}: {exc}"[:500]))
        return
    _limit_memory(max_memory_mb)
    conn.send(("ready", None))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        key, task = msg
        try:
            out = process_document(pipeline, task)
        except MemoryError:
            out = _failed(LimitExceededError("the document needs more memory than allowed"))
        del task
        try:
            conn.send((key, out))
        except MemoryError:
            conn.send((key, _failed(LimitExceededError("the document needs more memory than allowed"))))


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    started: float
    ready: bool = False
    key: tuple[str, int] | None = None
    deadline: float = 0.0


class LocalPool:
    """Worker processes with one pipeline each; a document over its time limit or a crashed worker is
    recorded as failed and the worker replaced."""

    def __init__(self, factory: PipelineFactory, config: Config, workers: int, *,
                 start_method: str = "spawn") -> None:
        self.factory = factory
        self.config = config
        self.workers = max(1, workers)
        self.max_seconds = config.limits.max_seconds
        self.max_memory_mb = config.limits.max_memory_mb
        self.ctx = multiprocessing.get_context(start_method)
        self.replaced = 0

    def _spawn(self) -> _Worker:
        parent, child = self.ctx.Pipe(duplex=True)
        proc = self.ctx.Process(target=_worker_main, name="redactor-worker",  # type: ignore[attr-defined]
                                args=(child, self.factory, self.config, self.max_memory_mb, os.getpid()))
        proc.start()
        child.close()
        return _Worker(proc, parent, time.monotonic())

    @staticmethod
    def _stop(worker: _Worker, *, kill: bool) -> None:
        if kill:
            with contextlib.suppress(Exception):
                worker.process.kill()
        else:
            with contextlib.suppress(Exception):
                worker.conn.send(None)
        worker.process.join(timeout=2 if not kill else 5)
        if worker.process.is_alive():
            with contextlib.suppress(Exception):
                worker.process.kill()
            worker.process.join(timeout=5)
        with contextlib.suppress(Exception):
            worker.conn.close()

    def run(self, tasks: Iterable[DocumentTask]) -> Generator[tuple[tuple[str, int], DocumentOutcome], None, None]:
        """Process tasks in parallel; yields (key, outcome) as documents finish, in any order."""
        pending = iter(tasks)
        exhausted = False
        pool: list[_Worker] = []
        try:
            pool = [self._spawn() for _ in range(self.workers)]
            while True:
                # hand out work to idle, ready workers
                for w in pool:
                    if w.ready and w.key is None and not exhausted:
                        task = next(pending, None)
                        if task is None:
                            exhausted = True
                            break
                        w.key = task.key
                        w.deadline = time.monotonic() + self.max_seconds
                        w.conn.send((task.key, task))
                        del task
                if exhausted and all(w.key is None for w in pool):
                    return
                now = time.monotonic()
                deadlines = [w.deadline for w in pool if w.key is not None]
                deadlines += [w.started + _INIT_TIMEOUT_S for w in pool if not w.ready]
                timeout = max(0.0, min(deadlines) - now) if deadlines else None
                ready = wait([w.conn for w in pool] + [w.process.sentinel for w in pool], timeout=timeout)
                replace: list[tuple[_Worker, bool]] = []
                for w in pool:
                    if w.conn in ready:
                        try:
                            msg = w.conn.recv()
                        except (EOFError, OSError):
                            msg = None
                        if msg is None:
                            replace.append((w, True))
                            continue
                        if msg[0] == "init_failed":
                            raise ProcessingError(f"a batch worker could not load the pipeline ({msg[1]})")
                        if msg[0] == "ready":
                            w.ready = True
                            continue
                        key, out = msg
                        w.key = None
                        yield key, out
                    elif w.process.sentinel in ready and not w.process.is_alive():
                        replace.append((w, True))
                now = time.monotonic()
                for w in pool:
                    if any(w is r for r, _ in replace):
                        continue
                    if w.key is not None and now >= w.deadline:
                        replace.append((w, False))
                    elif not w.ready and now >= w.started + _INIT_TIMEOUT_S:
                        raise ProcessingError("a batch worker did not load the pipeline in time")
                for w, crashed in replace:
                    key = w.key
                    if not w.ready and crashed:
                        raise ProcessingError(
                            f"a batch worker stopped while loading the pipeline (exit code {w.process.exitcode}); "
                            "a script that calls run_batch must do so under `if __name__ == '__main__':`")
                    self._stop(w, kill=True)
                    pool[pool.index(w)] = self._spawn()
                    self.replaced += 1
                    if key is None:
                        continue
                    if crashed:
                        log.warning("a worker stopped unexpectedly (exit code %s); replaced", w.process.exitcode)
                        err: RedactorError = ProcessingError(
                            "the worker stopped while processing the document (memory limit or a parser "
                            "crash)")
                    else:
                        log.warning("a document exceeded the time limit; its worker was replaced")
                        err = LimitExceededError(
                            f"processing took longer than {self.max_seconds:g} s and was stopped")
                    yield key, _failed(err)
        finally:
            for w in pool:
                self._stop(w, kill=w.key is not None)


# ---------------------------------------------------------------------------------------------- Dask executor


class _Busy(Exception):
    """The Dask worker's pipeline is stuck on a hung document; run the task elsewhere."""


def _dask_plugin_class() -> type:
    from distributed.diagnostics.plugin import WorkerPlugin

    class PipelinePlugin(WorkerPlugin):  # type: ignore[misc]
        """Loads one pipeline per Dask worker process and runs documents on it, one at a time."""

        def __init__(self, factory: PipelineFactory, config: Config) -> None:
            self.factory = factory
            self.config = config
            self.pipeline: PipelineLike | None = None
            self.error: str | None = None
            self.stuck = False

        def setup(self, worker: Any) -> None:
            import concurrent.futures

            self.worker_address = worker.address
            self.lock = threading.Lock()
            self.runner = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="redactor")
            try:
                self.pipeline = self.factory(self.config)
            except Exception as exc:
                self.error = f"{type(exc).__name__}: {exc}"[:500]

        def teardown(self, worker: Any) -> None:
            self.runner.shutdown(wait=False, cancel_futures=True)

        def run(self, task: DocumentTask) -> DocumentOutcome:
            import concurrent.futures

            if self.pipeline is None:
                raise ProcessingError(f"a Dask worker could not load the pipeline ({self.error})")
            with self.lock:
                if self.stuck:
                    raise _Busy()
                fut = self.runner.submit(process_document, self.pipeline, task)
                try:
                    return fut.result(timeout=self.config.limits.max_seconds)
                except concurrent.futures.TimeoutError:
                    self.stuck = True
                    out = _failed(LimitExceededError(
                        f"processing took longer than {self.config.limits.max_seconds:g} s and was stopped"))
                    return DocumentOutcome(**{**_outcome_fields(out), "restart_worker": self.worker_address})

    return PipelinePlugin


def _outcome_fields(out: DocumentOutcome) -> dict[str, Any]:
    return {name: getattr(out, name) for name in DocumentOutcome.__slots__}  # type: ignore[attr-defined]


def _dask_run(task: DocumentTask, plugin_name: str) -> DocumentOutcome:
    from distributed import get_worker

    plugin: Any = get_worker().plugins[plugin_name]
    return plugin.run(task)  # type: ignore[no-any-return]


class DaskPool:
    """Runs :func:`process_document` on an existing Dask distributed cluster (one pipeline per worker)."""

    def __init__(self, scheduler: str | Any, factory: PipelineFactory, config: Config,
                 window: int | None = None) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise ConfigError("--executor dask needs dask[distributed] (pip install 'redactor[dask]')") from None
        if isinstance(scheduler, Client):
            self.client, self._own = scheduler, False
        else:
            try:
                self.client, self._own = Client(scheduler, set_as_default=False, timeout=30), True
            except (OSError, TimeoutError) as exc:
                raise ConfigError(f"cannot reach the Dask scheduler ({type(exc).__name__})") from None
        # a stable name: the same config and factory reuse the pipelines already loaded on the workers
        qualname = getattr(factory, "__qualname__", None)
        factory_id = f"{factory.__module__}.{qualname}" if qualname else repr(factory)
        digest = hashlib.sha256(config.model_dump_json().encode() + factory_id.encode()).hexdigest()[:12]
        self.plugin_name = f"redactor-pipeline-{digest}"
        self.client.register_plugin(_dask_plugin_class()(factory, config), name=self.plugin_name)
        nthreads = sum(self.client.nthreads().values()) or 1
        self.window = window or max(4, 2 * nthreads)
        self.replaced = 0

    def close(self) -> None:
        if self._own:
            with contextlib.suppress(Exception):
                self.client.close()

    def run(self, tasks: Iterable[DocumentTask]) -> Generator[tuple[tuple[str, int], DocumentOutcome], None, None]:
        from distributed import as_completed

        pending = iter(tasks)
        flying: dict[Any, tuple[DocumentTask, int]] = {}
        ac = as_completed(loop=self.client.loop)

        def submit(task: DocumentTask, attempt: int) -> None:
            fut = self.client.submit(_dask_run, task, self.plugin_name, pure=False,
                                     key=f"redactor-doc-{secrets.token_hex(8)}")
            flying[fut.key] = (task, attempt)
            ac.add(fut)

        try:
            for task in pending:
                submit(task, 0)
                if len(flying) >= self.window:
                    break
            for fut in ac:
                task, attempt = flying.pop(fut.key)
                out: DocumentOutcome | None
                try:
                    out = fut.result()
                except _Busy:
                    out = None
                except ProcessingError:
                    raise
                except Exception as exc:  # KilledWorker (memory limit), a crash, a lost connection
                    log.warning("a Dask task failed (%s)", type(exc).__name__)
                    out = _failed(ProcessingError(
                        f"the Dask worker failed on the document ({type(exc).__name__})"))
                # drop the result from the cluster at once: a worker restart must not recompute it
                with contextlib.suppress(Exception):
                    fut.release()
                del fut
                if out is None:
                    if attempt >= _DASK_BUSY_RETRIES:
                        out = _failed(ProcessingError("no Dask worker was free to process the document"))
                    else:
                        time.sleep(min(5.0, 0.5 * (attempt + 1)))  # the stuck worker is being restarted
                        submit(task, attempt + 1)
                        continue
                if out.restart_worker:
                    log.warning("a document exceeded the time limit; restarting its Dask worker")
                    with contextlib.suppress(Exception):
                        self.client.restart_workers([out.restart_worker], raise_for_error=False)
                    self.replaced += 1
                yield task.key, out
                del task
                nxt = next(pending, None)
                if nxt is not None:
                    submit(nxt, 0)
        finally:
            for key in list(flying):
                with contextlib.suppress(Exception):
                    self.client.cancel([key])


# ---------------------------------------------------------------------------------------------- the inbox


@dataclass(frozen=True, slots=True)
class InboxDocument:
    """One document of an application: its path relative to the inbox (posix) and on disk."""

    rel: str
    path: Path


@dataclass(frozen=True, slots=True)
class InboxApplication:
    """One application: a top-level file, or a folder with documents and an optional applicant.json."""

    rel: str
    path: Path
    kind: str  # "folder" | "file"
    documents: tuple[InboxDocument, ...]
    applicant_path: Path | None = None


def _is_junk(name: str) -> bool:
    return name.startswith((".", "~$")) or name.lower() in _JUNK_NAMES


def scan_inbox(inbox: Path) -> list[InboxApplication]:
    """List the applications of an inbox, sorted by path (hidden files and OS clutter are skipped).

    Links are listed as documents (and refused later): they are never followed.
    """
    apps: list[InboxApplication] = []
    for entry in sorted(inbox.iterdir(), key=lambda p: p.name):
        if _is_junk(entry.name):
            continue
        rel = entry.name
        if entry.is_dir() and not entry.is_symlink():
            docs: list[InboxDocument] = []
            applicant = None
            for root, dirs, files in os.walk(entry, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not _is_junk(d))
                for name in sorted(files) + sorted(d for d in dirs if Path(root, d).is_symlink()):
                    if _is_junk(name):
                        continue
                    path = Path(root, name)
                    if Path(root) == entry and name.lower() == APPLICANT_FILE:
                        applicant = path
                        continue
                    docs.append(InboxDocument(path.relative_to(inbox).as_posix(), path))
            docs.sort(key=lambda d: d.rel)
            apps.append(InboxApplication(rel, entry, "folder", tuple(docs), applicant))
        else:
            apps.append(InboxApplication(rel, entry, "file", (InboxDocument(rel, entry),)))
    return apps


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# ---------------------------------------------------------------------------------------------- the key file


def default_keys_path(outbox: Path) -> Path:
    """``OUTBOX/../<outbox-name>.keys.json``: beside the outbox, never inside it."""
    outbox = outbox.resolve()
    return outbox.parent / f"{outbox.name}.keys.json"


def load_keys(path: Path) -> dict[str, Any]:
    """Read a key file.

    Raises:
        ConfigError: missing, unreadable, or not a redactor key file.
    """
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"key file not found: {path}") from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"key file {path} cannot be read ({type(exc).__name__}); it is left untouched") from None
    if not isinstance(data, dict) or data.get("kind") != KEYS_KIND:
        raise ConfigError(f"{path} is not a redactor key file")
    if data.get("schema") != KEYS_SCHEMA:
        raise ConfigError(f"key file {path} has schema {data.get('schema')!r}; this version reads {KEYS_SCHEMA}")
    return data


def save_keys(path: Path, keys: dict[str, Any]) -> None:
    """Write the key file atomically with mode 0o600."""
    keys["updated"] = _now()
    write_json(path, keys, mode=0o600)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_candidate_number(taken: Iterable[str]) -> str:
    """A random six-digit number (100000-999999) from ``secrets``, unused in the key file."""
    used = set(taken)
    if len(used) > 800_000:
        raise ConfigError("the key file has run out of candidate numbers; start a new batch")
    while True:
        number = str(100_000 + secrets.randbelow(900_000))
        if number not in used:
            return number


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


# ---------------------------------------------------------------------------------------------- the runner


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


class _Progress:
    """A rich bar on a terminal, plain lines otherwise; never personal data."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total = total
        self.done = 0
        self.enabled = enabled and total > 0
        self.counts: dict[str, int] = {}
        self.bar: Any = None
        self.last = 0.0
        if self.enabled and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("redactor batch"), BarColumn(), MofNCompleteColumn(),
                                TextColumn("{task.fields[status]}"), TimeRemainingColumn(),
                                console=Console(stderr=True), transient=False)
            self.task_id = self.bar.add_task("docs", total=total, status="")
            self.bar.start()

    def _status(self) -> str:
        c = self.counts
        return (f"{c.get('clean', 0)} clean, {c.get('needs_review', 0)} review, "
                f"{c.get('failed', 0) + c.get(REFUSED, 0)} failed/refused")

    def advance(self, outcome: str) -> None:
        self.done += 1
        self.counts[outcome] = self.counts.get(outcome, 0) + 1
        if not self.enabled:
            return
        if self.bar is not None:
            self.bar.update(self.task_id, advance=1, status=self._status())
            return
        now = time.monotonic()
        if now - self.last >= 2.0 or self.done == self.total:
            self.last = now
            print(f"redactor batch: {self.done}/{self.total} documents ({self._status()})",
                  file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@dataclass
class _Run:
    """The state of one batch run (the key file's content plus paths)."""

    inbox: Path
    outbox: Path
    keys_path: Path
    keys: dict[str, Any]
    config: Config
    secrets_by_number: dict[str, list[str]] = field(default_factory=dict)
    last_save: float = 0.0

    def save(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self.last_save >= _SAVE_INTERVAL_S:
            save_keys(self.keys_path, self.keys)
            self.last_save = now


def run_batch(
    inbox: str | Path,
    outbox: str | Path,
    *,
    keys: str | Path | None = None,
    config: Config | None = None,
    workers: int | None = None,
    executor: str = "local",
    scheduler: str | Any | None = None,
    pipeline_factory: PipelineFactory = default_pipeline_factory,
    progress: bool = False,
    start_method: str = "spawn",
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
        pipeline_factory: builds one pipeline per worker from the config (picklable, module level).
        progress: show a progress bar (terminal) or plain progress lines on stderr.
        start_method: multiprocessing start method of the local workers. With "spawn" (the default: safe
            with threads and native libraries) the workers import the calling script, so call this under
            ``if __name__ == "__main__":``.
    Returns:
        A BatchResult with the exit code (0 clean, 4 some need review, 2 some failed or refused).
    Raises:
        ConfigError: bad paths, a key file that does not belong to this OUTBOX or INBOX.
        ProcessingError: the workers cannot load the pipeline.
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

    keys_p.parent.mkdir(parents=True, exist_ok=True)
    with _keys_lock(keys_p):
        run = _open_run(inbox_p, outbox_p, keys_p, cfg)
        plan = _plan(run, scan_inbox(inbox_p))
        run.save(force=True)
        outbox_p.mkdir(parents=True, exist_ok=True)
        started = _now()
        _write_all_summaries(run, status="running", started=started, seconds=0.0, processed=[])
        bar = _Progress(sum(len(docs) for _n, docs in plan), progress)
        processed: list[dict[str, Any]] = []
        replaced = 0
        status = "complete"
        old_term = _sigterm_as_interrupt()
        pool: LocalPool | DaskPool | None = None
        try:
            tasks = _tasks(run, plan, processed, bar)
            n_tasks = sum(len(docs) for _n, docs in plan) - len(processed)
            if n_tasks > 0:
                if executor == "dask":
                    pool = DaskPool(scheduler, pipeline_factory, cfg)
                else:
                    n = workers or _cpu_count()
                    pool = LocalPool(pipeline_factory, cfg, min(n, max(1, n_tasks)), start_method=start_method)
                results = pool.run(tasks)
                try:
                    for key, out in results:
                        processed.append(_record(run, key, out))
                        bar.advance(out.outcome)
                        run.save()
                finally:
                    results.close()  # stops the workers at once, also on Ctrl-C
                    replaced = pool.replaced
            _finish_applications(run)
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        except BaseException:
            status = "stopped"  # e.g. the workers cannot load the pipeline; the state is still saved
            raise
        finally:
            bar.close()
            if isinstance(pool, DaskPool):
                pool.close()
            _restore_sigterm(old_term)
            run.keys.setdefault("runs", []).append({"started": started, "finished": _now(), "status": status,
                                                    "processed": len(processed)})
            run.save(force=True)
            seconds = time.perf_counter() - t0
            summary = _write_all_summaries(run, status=status, started=started, seconds=seconds,
                                           processed=processed)
            _normalise_times(outbox_p, run)
        counts = summary["totals"]["documents_by_outcome"]
        return BatchResult(
            outbox=outbox_p, keys=keys_p, exit_code=ExitCode(summary["exit_code"]), counts=dict(counts),
            applications=summary["totals"]["applications"], processed=len(processed),
            skipped=summary["this_run"]["skipped"], replaced_workers=replaced, seconds=round(seconds, 3),
            summary=summary,
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


@contextlib.contextmanager
def _keys_lock(keys_path: Path) -> Iterator[None]:
    """One batch run per key file at a time."""
    lock_path = keys_path.with_name(keys_path.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:
            pass
        except OSError:
            raise ConfigError("another batch run is using this key file") from None
        yield
    finally:
        os.close(fd)  # the (empty) lock file stays: unlinking it would let two runs lock different files


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


def _open_run(inbox: Path, outbox: Path, keys_path: Path, cfg: Config) -> _Run:
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
            "created": _now(),
            "applications": {},
        }
    return _Run(inbox, outbox, keys_path, keys, cfg)


def _doc_entry(index: int, doc: InboxDocument, sha: str | None, size: int) -> dict[str, Any]:
    return {"index": index, "source": doc.rel, "sha256": sha, "size": size, "outcome": None,
            "output": None, "report": None, "reasons": [], "error_code": None, "pages": 0, "seconds": 0.0}


def _plan(run: _Run, apps: list[InboxApplication]) -> list[tuple[str, list[InboxDocument]]]:
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
        applicant_sha = _sha256_file(app.applicant_path) if app.applicant_path else None
        scanned = []
        for i, doc in enumerate(app.documents, start=1):
            try:
                size = doc.path.lstat().st_size
                sha = _sha256_file(doc.path) if doc.path.is_file() and not doc.path.is_symlink() else None
            except OSError:
                size, sha = 0, None
            scanned.append(_doc_entry(i, doc, sha, size))
        old = entry.get("documents", [])
        same_set = ([(d["source"], d["sha256"]) for d in old] == [(d["source"], d["sha256"]) for d in scanned]
                    and entry.get("applicant_sha256") == applicant_sha)
        folder = run.outbox / number
        if same_set:
            todo = [doc for doc, d in zip(app.documents, old, strict=True) if not _doc_done(d, folder)]
        else:
            if old:
                log.info("an application changed since the last run; it is processed again under its number")
            entry["documents"] = scanned
            entry["applicant_sha256"] = applicant_sha
            entry["status"] = "pending"
            todo = list(app.documents)
        entry["applicant"] = app.applicant_path is not None
        if todo or entry.get("status") != "done":
            entry["status"] = "pending"
            plan.append((number, todo))
        run.secrets_by_number[number] = _identifying_strings(app)
    for number, entry in run.keys["applications"].items():
        if number not in seen:
            entry["missing"] = True  # no longer in the inbox: kept, with its earlier results
    secrets.SystemRandom().shuffle(plan)
    return plan


def _doc_done(entry: dict[str, Any], folder: Path) -> bool:
    if entry.get("outcome") is None:
        return False
    return all((folder / entry[k]).is_file() for k in ("output", "report") if entry.get(k))


def _identifying_strings(app: InboxApplication) -> list[str]:
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


def _scrub(text: str, needles: list[str]) -> str:
    """Replace whole-word occurrences of the needles (case-insensitive) with "[…]"."""
    import re

    for needle in needles:
        text = re.sub(rf"(?<!\w){re.escape(needle)}(?!\w)", "[…]", text, flags=re.IGNORECASE)
    return text


def _tasks(run: _Run, plan: list[tuple[str, list[InboxDocument]]], processed: list[dict[str, Any]],
           bar: _Progress) -> Iterator[DocumentTask]:
    """Read each document when a worker is free; refuse by content in the parent (never shipped)."""
    from redactor.formats import sniff

    digest_key = bytes.fromhex(run.keys["digest_key"])
    limit = int(run.config.limits.max_file_mb * 1024 * 1024)
    for number, docs in plan:
        app = run.keys["applications"][number]
        applicant: Applicant | None = None
        applicant_problem = False
        if app.get("applicant"):
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
                out = _failed(UnsupportedFormatError("a link or special file, not a document"), outcome=REFUSED)
            elif entry["size"] > limit:
                out = _failed(LimitExceededError(
                    f"the file is {entry['size'] / 1e6:.1f} MB; the limit is {run.config.limits.max_file_mb:g} MB"))
            else:
                try:
                    data = doc.path.read_bytes()
                except OSError as exc:
                    out = _failed(ProcessingError(f"the file cannot be read ({type(exc).__name__})"))
            if out is None:
                entry["sha256"] = hashlib.sha256(data).hexdigest()  # what was actually processed
                try:
                    sniff(data)
                except UnsupportedFormatError as exc:
                    out = _failed(exc, outcome=REFUSED)
                except RedactorError:
                    pass  # encrypted or corrupt: the pipeline reports it as failed
            if out is not None:
                processed.append(_record(run, key, out))
                bar.advance(out.outcome)
                continue
            task = DocumentTask(key, data, doc.path.name, applicant, digest_key)
            if applicant_problem:
                entry["applicant_unreadable"] = True
            del data
            yield task


def _record(run: _Run, key: tuple[str, int], out: DocumentOutcome) -> dict[str, Any]:
    """Write a finished document's files into OUTBOX and its entry into the key file."""
    number, index = key
    app = run.keys["applications"][number]
    entry = next(d for d in app["documents"] if int(d["index"]) == index)
    needles = run.secrets_by_number.get(number, [])
    reasons = [_scrub(r, needles) for r in out.reasons]
    outcome = out.outcome
    if entry.get("applicant_unreadable") and outcome == str(Outcome.CLEAN):
        outcome = str(Outcome.NEEDS_REVIEW)
    if entry.get("applicant_unreadable") and outcome != REFUSED:
        reasons.append("applicant.json could not be read; detection ran without the form data")
    folder = run.outbox / number
    output_name = report_name = None
    if out.output is not None and out.report is not None and outcome not in (REFUSED, str(Outcome.FAILED)):
        base = f"{number}-{index}"
        output_name = f"{base}.{out.output_format or 'bin'}"
        report_name = f"{base}.report.json"
        report = dict(out.report)
        report.update(output=output_name, outcome=outcome, reasons=reasons, candidate=number, document=index)
        if report.get("error"):
            report["error"] = {**report["error"], "message": _scrub(str(report["error"].get("message")), needles)}
        for issue in (report.get("verification") or {}).get("issues", []):
            issue["detail"] = _scrub(str(issue.get("detail", "")), needles)
        if run.config.include_filenames_in_report:
            report["input"] = entry["source"]
        write_atomic(folder / output_name, out.output)
        write_json(folder / report_name, report)
    # the key file learns of a document only after its files are in place
    entry.update(outcome=outcome, reasons=reasons, error_code=out.error_code, pages=out.page_count,
                 seconds=out.seconds, output=output_name, report=report_name)
    if all(d.get("outcome") is not None for d in app["documents"]):
        _finish_application(run, number)
    return {"candidate": number, "document": index, "outcome": outcome, "pages": out.page_count,
            "seconds": out.seconds}


def _finish_application(run: _Run, number: str) -> None:
    """Mark an application done and remove stale files of an earlier version from its folder."""
    app = run.keys["applications"][number]
    keep = {d[k] for d in app["documents"] for k in ("output", "report") if d.get(k)}
    folder = run.outbox / number
    if folder.is_dir():
        for f in folder.iterdir():
            if f.name not in keep:
                with contextlib.suppress(OSError):
                    f.unlink()
    app["status"] = "done"


def _finish_applications(run: _Run) -> None:
    for number, app in run.keys["applications"].items():
        if app.get("status") != "done" and all(d.get("outcome") is not None for d in app["documents"]):
            _finish_application(run, number)


def _write_all_summaries(run: _Run, *, status: str, started: str, seconds: float,
                         processed: list[dict[str, Any]]) -> dict[str, Any]:
    summary = build_summary(run.keys, status=status, started=started, seconds=seconds, processed=processed,
                            include_filenames=run.config.include_filenames_in_report)
    write_summaries(run.outbox, summary)
    return summary


def _normalise_times(outbox: Path, run: _Run) -> None:
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


# ---------------------------------------------------------------------------------------------- reveal


@dataclass(frozen=True, slots=True)
class Revealed:
    """Which application a candidate number is."""

    number: str
    source: str  # relative to the inbox
    path: Path
    documents: tuple[str, ...]


def reveal(keys_path: str | Path, numbers: Iterable[str]) -> dict[str, Revealed | None]:
    """Look up candidate numbers in a key file.

    Returns:
        number -> Revealed, or None for a number the key file does not know.
    Raises:
        ConfigError: the key file is missing or not a key file.
    """
    keys = load_keys(Path(keys_path))
    inbox = Path(keys.get("inbox", ""))
    out: dict[str, Revealed | None] = {}
    for raw in numbers:
        number = str(raw).strip()
        app = keys["applications"].get(number)
        out[number] = None if app is None else Revealed(
            number, app["source"], inbox / app["source"], tuple(d["source"] for d in app.get("documents", [])))
    return out


# ---------------------------------------------------------------------------------------------- CLI glue


def run_batch_cli(args: argparse.Namespace) -> int:
    """``redactor batch``; returns the exit code (KeyboardInterrupt propagates to the CLI: 130)."""
    config = load_config(args.config)
    if args.workers is not None and args.workers < 1:
        raise ConfigError("--workers must be at least 1")
    result = run_batch(
        args.inbox, args.output, keys=args.keys, config=config, workers=args.workers,
        executor=args.executor, scheduler=args.scheduler, progress=not args.no_progress,
    )
    t = result.summary.get("totals", {})
    by = result.counts
    print(f"redactor batch: {t.get('applications', 0)} applications, {t.get('documents', 0)} documents: "
          f"{by.get('clean', 0)} clean, {by.get('needs_review', 0)} need review, {by.get('failed', 0)} failed, "
          f"{by.get(REFUSED, 0)} refused ({result.processed} processed now, {result.skipped} already done)",
          file=sys.stderr)
    print(f"redactor batch: summary in {result.outbox / 'summary.html'}; key file {result.keys}", file=sys.stderr)
    return int(result.exit_code)


def reveal_cli(args: argparse.Namespace) -> int:
    """``redactor reveal KEYFILE NUMBER...``: exit 1 when a number is unknown."""
    found = reveal(args.keys, args.numbers)
    code = ExitCode.OK
    for number, rev in found.items():
        if rev is None:
            print(f"redactor: unknown candidate number {number}", file=sys.stderr)
            code = ExitCode.USAGE
            continue
        print(f"{number}\t{rev.path}")
        for doc in rev.documents:
            print(f"\t{doc}")
    return int(code)
