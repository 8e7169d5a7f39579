"""The Dask executor: documents run on an existing ``distributed`` cluster, one pipeline per worker."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import secrets
import threading
import time
from collections.abc import Generator, Iterable
from dataclasses import dataclass
from pathlib import Path
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


@dataclass(frozen=True, slots=True)
class DaskTls:
    """PEM files for a TLS connection to a Dask scheduler (see ``distributed.security.Security``)."""

    ca_file: Path  # the CA that signed the scheduler's and workers' certificates
    cert: Path  # this client's certificate
    key: Path | None = None  # its private key; None when it is in the certificate file


_PLAIN_SCHEMES = frozenset({"tcp", "ws"})


def dask_security(scheduler: str | Any, tls: DaskTls | None = None, *, insecure: bool = False) -> Any:
    """Check a scheduler address against the TLS settings and return the ``Security`` to connect with.

    Documents and applicant details travel to the workers, so a plain-text address (``tcp://``, ``ws://``
    or none) is refused unless ``insecure`` is set (a network you trust). With ``tls`` the connection is
    encrypted and authenticated with these files; without, ``distributed``'s own TLS configuration
    (``distributed.comm.tls.*`` in the Dask config or its ``DASK_DISTRIBUTED__COMM__TLS__*`` variables)
    is used. A ``distributed.Client`` passed in is used as it is, after the same address check.

    Returns:
        A ``distributed.security.Security``, or None for a plain-text address or a Client.
    Raises:
        ConfigError: dask[distributed] is not installed, a plain-text address without ``insecure``, a
            ``tls://`` address without TLS settings, or a TLS file that is missing.
    """
    try:
        from distributed import Client
        from distributed.security import Security
    except ImportError:
        raise ConfigError("--executor dask needs dask[distributed] (pip install 'redactor[dask]')") from None
    if isinstance(scheduler, Client):
        address = str(getattr(scheduler.scheduler, "address", "") or "")
    else:
        address = str(scheduler)
    scheme = address.split("://", 1)[0].lower() if "://" in address else "tcp"
    if scheme in _PLAIN_SCHEMES:
        if tls is not None:
            raise ConfigError("TLS files were given but the scheduler address is not tls://")
        if not insecure:
            raise ConfigError(
                f"the Dask scheduler address is plain {scheme}://: documents and applicant details would cross "
                "the network unencrypted. Use a tls:// scheduler with --tls-ca-file, --tls-cert and --tls-key, "
                "or pass --insecure on a network you trust")
        return None
    if isinstance(scheduler, Client):
        return None
    if tls is not None:
        for what, path in (("CA file", tls.ca_file), ("certificate", tls.cert), ("key", tls.key)):
            if path is not None and not Path(path).is_file():
                raise ConfigError(f"TLS {what} not found: {path}")
        return Security(tls_ca_file=str(tls.ca_file), tls_client_cert=str(tls.cert),
                        tls_client_key=str(tls.key) if tls.key is not None else None, require_encryption=True)
    security = Security()  # distributed's own TLS configuration, if any
    if scheme == "tls" and not (getattr(security, "tls_ca_file", None) and getattr(security, "tls_client_cert", None)):
        raise ConfigError("a tls:// scheduler needs --tls-ca-file and --tls-cert (and --tls-key), or the TLS "
                          "settings of distributed's configuration")
    return security


class DaskPool:
    """Runs :func:`process_document` on an existing Dask distributed cluster (one pipeline per worker).

    Args:
        scheduler: the scheduler's address or a ``distributed.Client``.
        factory: builds the pipeline on each worker (shipped by pickle).
        config: the pipeline config; its time limit holds per document.
        window: how many documents are in flight (default: twice the cluster's threads, at least 4).
        security: the ``distributed.security.Security`` from :func:`dask_security` (None: plain text).
    """

    def __init__(self, scheduler: str | Any, factory: PipelineFactory, config: Config,
                 window: int | None = None, *, security: Any = None) -> None:
        try:
            from distributed import Client
        except ImportError:
            raise ConfigError("--executor dask needs dask[distributed] (pip install 'redactor[dask]')") from None
        if isinstance(scheduler, Client):
            self.client, self._own = scheduler, False
        else:
            try:
                self.client, self._own = Client(scheduler, set_as_default=False, timeout=30,
                                                security=security), True
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
