"""The Dask executor: documents run on an existing ``distributed`` cluster, one pipeline per worker."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import secrets
import threading
import time
from collections.abc import Generator, Iterable
from typing import Any

from redactor.batch.document import (
    DocumentOutcome,
    DocumentTask,
    PipelineFactory,
    PipelineLike,
    failed_outcome,
    process_document,
)
from redactor.config import Config
from redactor.errors import ConfigError, LimitExceededError, ProcessingError

log = logging.getLogger("redactor.batch")
_DASK_BUSY_RETRIES = 8


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
                    out = failed_outcome(LimitExceededError(
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
                    out = failed_outcome(ProcessingError(
                        f"the Dask worker failed on the document ({type(exc).__name__})"))
                # drop the result from the cluster at once: a worker restart must not recompute it
                with contextlib.suppress(Exception):
                    fut.release()
                del fut
                if out is None:
                    if attempt >= _DASK_BUSY_RETRIES:
                        out = failed_outcome(ProcessingError("no Dask worker was free to process the document"))
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
