"""`redactor batch` and `redactor reveal`: an upload folder in, candidate-numbered folders out, resumably.

The package follows the seams of a batch run:

- :mod:`~redactor.batch.document`: the per-document work (:func:`process_document`), a pure function;
- :mod:`~redactor.batch.local_pool` and :mod:`~redactor.batch.dask_pool`: the executors that run it;
- :mod:`~redactor.batch.inbox`: what the upload folder holds;
- :mod:`~redactor.batch.keys`: the secret key file (candidate number -> application);
- :mod:`~redactor.batch.record`: writing a finished document into OUTBOX and the key file;
- :mod:`~redactor.batch.runner`: :func:`run_batch`, which plans, runs and records;
- :mod:`~redactor.batch.progress`, :mod:`~redactor.batch.reveal`, :mod:`~redactor.batch.cli`.
"""

from __future__ import annotations

from redactor.batch.cli import reveal_cli, run_batch_cli
from redactor.batch.dask_pool import DaskPool, DaskTls, dask_security
from redactor.batch.document import (
    REFUSED,
    DocumentOutcome,
    DocumentTask,
    PipelineFactory,
    PipelineLike,
    default_pipeline_factory,
    process_document,
)
from redactor.batch.inbox import APPLICANT_FILE, InboxApplication, InboxDocument, scan_inbox
from redactor.batch.keys import (
    KEYS_KIND,
    KEYS_SCHEMA,
    default_keys_path,
    keys_lock,
    load_keys,
    new_candidate_number,
    save_keys,
)
from redactor.batch.local_pool import LocalPool
from redactor.batch.record import SUMMARY_FILES, record_document
from redactor.batch.reveal import Revealed, reveal
from redactor.batch.runner import BatchResult, run_batch

__all__ = [
    "APPLICANT_FILE",
    "KEYS_KIND",
    "KEYS_SCHEMA",
    "REFUSED",
    "SUMMARY_FILES",
    "BatchResult",
    "DaskPool",
    "DaskTls",
    "DocumentOutcome",
    "DocumentTask",
    "InboxApplication",
    "InboxDocument",
    "LocalPool",
    "PipelineFactory",
    "PipelineLike",
    "Revealed",
    "default_keys_path",
    "dask_security",
    "default_pipeline_factory",
    "keys_lock",
    "load_keys",
    "new_candidate_number",
    "process_document",
    "record_document",
    "reveal",
    "reveal_cli",
    "run_batch",
    "run_batch_cli",
    "save_keys",
    "scan_inbox",
]
