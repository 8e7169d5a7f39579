"""The local executor: worker processes with one pipeline each, time and memory limits per document."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Protocol

from redactor.batch.document import PipelineFactory, PipelineLike, failed_outcome, process_document
from redactor.batch.workdir import make_private_dir, remove_workdir, use_as_tempdir
from redactor.config import Config
from redactor.errors import LimitExceededError, ProcessingError, RedactorError

log = logging.getLogger("redactor.batch")
_INIT_TIMEOUT_S = 600.0


class Keyed(Protocol):
    """A unit of work for a worker: anything with a ``key`` (a :class:`DocumentTask`, a single redact call)."""

    @property
    def key(self) -> Any: ...


Handler = Callable[[PipelineLike, Any], Any]  # (loaded pipeline, task) -> result; module level, picklable


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
                 parent_pid: int, workdir: str | None = None, handler: Handler = process_document) -> None:
    """A worker process: load the pipeline once, then run ``handler`` on tasks until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C and stops us
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)  # its own process group: the pool kills the worker with the helpers it started
    if workdir is not None:
        use_as_tempdir(Path(workdir))  # temporary files (and LibreOffice's) go to the private folder
    _limit_thread_pools()
    threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    try:
        pipeline = factory(config)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which stops the batch
        conn.send(("init_failed", f"{type(exc).__name__}: {exc}"[:500]))
        return
    _limit_memory(max_memory_mb)
    conn.send(("ready", os.getpgrp() if hasattr(os, "getpgrp") else None))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        key, task = msg
        try:
            out = handler(pipeline, task)
        except MemoryError:
            out = failed_outcome(LimitExceededError("the document needs more memory than allowed"))
        del task
        try:
            conn.send((key, out))
        except MemoryError:
            conn.send((key, failed_outcome(LimitExceededError("the document needs more memory than allowed"))))


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    started: float
    workdir: Path | None = None
    ready: bool = False
    group: bool = False  # the worker leads its own process group
    key: Any = None
    deadline: float = 0.0


class LocalPool:
    """Worker processes with one pipeline each; a document over its time limit or a crashed worker is
    recorded as failed and the worker replaced.

    Args:
        factory: builds the pipeline in each worker (picklable).
        config: the config; its limits are the per-document time and per-worker memory limits.
        workers: how many worker processes.
        start_method: the multiprocessing start method.
        workdir: a private folder; each worker writes its temporary files (and its helpers', e.g.
            LibreOffice) into its own subfolder, removed when the worker stops or is replaced.
        handler: what a worker does with a task (default :func:`process_document`); a module-level function
            of (pipeline, task). A task over the time limit or whose worker dies yields a failed
            :class:`DocumentOutcome` instead.
    """

    def __init__(self, factory: PipelineFactory, config: Config, workers: int, *,
                 start_method: str = "spawn", workdir: Path | None = None,
                 handler: Handler = process_document) -> None:
        self.factory = factory
        self.config = config
        self.workers = max(1, workers)
        self.max_seconds = config.limits.max_seconds
        self.max_memory_mb = config.limits.max_memory_mb
        self.ctx = multiprocessing.get_context(start_method)
        self.workdir = workdir
        self.handler = handler
        self.replaced = 0
        self._spawned = 0

    def _spawn(self) -> _Worker:
        folder = None
        if self.workdir is not None:
            self._spawned += 1
            folder = make_private_dir(self.workdir / f"worker-{os.getpid()}-{self._spawned}")
        parent, child = self.ctx.Pipe(duplex=True)
        proc = self.ctx.Process(target=_worker_main, name="redactor-worker",  # type: ignore[attr-defined]
                                args=(child, self.factory, self.config, self.max_memory_mb, os.getpid(),
                                      str(folder) if folder is not None else None, self.handler))
        proc.start()
        child.close()
        return _Worker(proc, parent, time.monotonic(), folder)

    @staticmethod
    def _stop(worker: _Worker, *, kill: bool) -> None:
        if kill:
            if worker.group and worker.process.pid is not None:
                # the worker with the helpers it started (pdftotext, tesseract), which outlive a killed
                # worker; the group's id cannot be reused while any of them lives
                with contextlib.suppress(OSError):
                    os.killpg(worker.process.pid, signal.SIGKILL)
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
        if worker.workdir is not None:
            remove_workdir(worker.workdir)  # files of a killed document, and orphaned helpers inside

    def run(self, tasks: Iterable[Keyed]) -> Generator[tuple[Any, Any], None, None]:
        """Process tasks in parallel; yields (key, result) as they finish, in any order."""
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
                            raise ProcessingError(f"a worker process could not load the pipeline ({msg[1]})")
                        if msg[0] == "ready":
                            w.ready = True
                            w.group = msg[1] is not None and msg[1] == w.process.pid
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
                        raise ProcessingError("a worker process did not load the pipeline in time")
                for w, crashed in replace:
                    key = w.key
                    if not w.ready and crashed:
                        raise ProcessingError(
                            f"a worker process stopped while loading the pipeline (exit code {w.process.exitcode}); "
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
                    yield key, failed_outcome(err)
        finally:
            for w in pool:
                self._stop(w, kill=w.key is not None)

