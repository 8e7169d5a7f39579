"""The local executor: worker processes with one pipeline each, time and memory limits per document."""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Generator, Iterable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from redactor.batch.document import DocumentOutcome, DocumentTask, PipelineFactory, failed_outcome, process_document
from redactor.config import Config
from redactor.errors import LimitExceededError, ProcessingError, RedactorError

log = logging.getLogger("redactor.batch")
_INIT_TIMEOUT_S = 600.0


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
                    yield key, failed_outcome(err)
        finally:
            for w in pool:
                self._stop(w, kill=w.key is not None)
