"""The time and memory limits outside batch runs: documents run in a child process, as in a batch worker.

:class:`IsolatedPipeline` has :meth:`Pipeline.redact`'s interface. Its pipeline lives in one child process
(the batch's worker machinery, :class:`redactor.batch.local_pool.LocalPool`), loaded once; each document
is sent there. A document over ``limits.max_seconds`` is stopped by killing the child (which is then
replaced) and fails with ``R204``; the child's address space is capped at ``limits.max_memory_mb``, so an
exploding document fails with ``R204`` (or ``R301`` when the child dies) instead of taking the machine
down. Temporary files (LibreOffice's too) go to a private 0700 folder, removed when the child is replaced
and on :meth:`IsolatedPipeline.close`.
"""

from __future__ import annotations

import hashlib
import itertools
import tempfile
import weakref
from collections import deque
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from redactor.config import Config, load_config
from redactor.errors import ProcessingError
from redactor.types import Applicant, DocumentResult, Outcome, ReviewDecisions

START_METHOD = "spawn"  # the default multiprocessing start method of the child (tests may choose "fork")


@dataclass(frozen=True, slots=True)
class RedactCall:
    """One :meth:`Pipeline.redact` call (or, with ``render``, :meth:`Pipeline.render_pdf_view`) for the child."""

    key: int
    source: bytes | str | Path = field(repr=False)
    applicant: Applicant | None = field(default=None, repr=False)
    filename: str | None = field(default=None, repr=False)
    review: ReviewDecisions | None = field(default=None, repr=False)
    render: DocumentResult | None = field(default=None, repr=False)


def run_call(pipeline: Any, call: RedactCall) -> DocumentResult:
    """What the child does with a call (module level: the worker gets it by reference)."""
    if call.render is not None:
        rendered: DocumentResult = pipeline.render_pdf_view(call.render, applicant=call.applicant)
        return rendered
    result: DocumentResult = pipeline.redact(call.source, applicant=call.applicant, filename=call.filename,
                                             review=call.review)
    return result


def _default_factory(config: Config) -> Any:
    from redactor.pipeline import Pipeline

    return Pipeline(config)


class IsolatedPipeline:
    """A pipeline whose documents run in a child process under the config's time and memory limits.

    Args:
        config: the config (defaults when None); ``limits.max_seconds`` and ``limits.max_memory_mb`` hold.
        pipeline_factory: builds the pipeline in the child (picklable, module level); :class:`Pipeline`.
        workdir: a folder for the child's temporary files (created 0700, removed on close); a new private
            folder in the system's temporary folder when None.
        start_method: the multiprocessing start method; :data:`START_METHOD` ("spawn": call under
            ``if __name__ == "__main__":`` in scripts) when None.

    Use it as a context manager, or call :meth:`close`; the models load in the child on the first document.
    """

    def __init__(self, config: Config | None = None, *, pipeline_factory: Any = _default_factory,
                 workdir: Path | None = None, start_method: str | None = None) -> None:
        from redactor.batch.local_pool import LocalPool
        from redactor.batch.workdir import make_private_dir, remove_workdir

        self.config = config if config is not None else load_config()
        if workdir is None:
            self.workdir = Path(tempfile.mkdtemp(prefix="redactor-work-"))
        else:
            remove_workdir(workdir)  # a killed earlier process's leftovers
            self.workdir = make_private_dir(workdir)
        self._calls: deque[RedactCall] = deque()
        self._keys = itertools.count(1)
        self._pool = LocalPool(pipeline_factory, self.config, 1, start_method=start_method or START_METHOD,
                               workdir=self.workdir, handler=run_call)
        self._results: Generator[tuple[Any, Any], None, None] | None = self._pool.run(self._feed())
        self._finalizer = weakref.finalize(self, _close, self._results, self.workdir)

    def _feed(self) -> Iterator[RedactCall]:
        while self._calls:  # the pool asks for work only after redact() has queued a call
            yield self._calls.popleft()

    def redact(self, source: bytes | str | Path, *, applicant: Applicant | None = None,
               filename: str | None = None, review: ReviewDecisions | None = None) -> DocumentResult:
        """Redact one document in the child process; see :meth:`redactor.Pipeline.redact`.

        Raises:
            ProcessingError: the child cannot load the pipeline, or this pipeline is closed.
        """
        return self._call(RedactCall(next(self._keys), source, applicant, filename, review))

    def render_pdf_view(self, result: DocumentResult, *, applicant: Applicant | None = None) -> DocumentResult:
        """:meth:`redactor.Pipeline.render_pdf_view` in the child process, under the same limits.

        A rendering over the time limit (or whose child dies) fails the document, like a redaction would.
        """
        if result.outcome is Outcome.FAILED or result.output is None or result.output_format != "docx":
            return result
        return self._call(RedactCall(next(self._keys), b"", applicant, render=result))

    def _call(self, call: RedactCall) -> DocumentResult:
        source = call.source
        if self._results is None:
            raise ProcessingError("the isolated pipeline is closed")
        self._calls.append(call)
        try:
            _key, out = next(self._results)
        except StopIteration:
            self._results = None
            raise ProcessingError("the isolated pipeline's worker stopped") from None
        except BaseException:
            self.close()
            raise
        finally:
            self._calls.clear()
        if isinstance(out, DocumentResult):
            return out
        # a DocumentOutcome from the pool: over the time limit, out of memory, or the child died
        digest = hashlib.sha256(source).hexdigest() if isinstance(source, bytes) and source else ""
        if call.render is not None:
            digest = call.render.input_sha256
        return DocumentResult(Outcome.FAILED, error_code=out.error_code, error="; ".join(out.reasons),
                              reasons=tuple(out.reasons), input_sha256=digest)

    @property
    def replaced(self) -> int:
        """How many times the child was replaced (a document over a limit, a crash)."""
        return self._pool.replaced

    def close(self) -> None:
        """Stop the child and remove the working folder (idempotent)."""
        self._results = None
        self._finalizer()

    def __enter__(self) -> IsolatedPipeline:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def _close(results: Generator[tuple[Any, Any], None, None], workdir: Path) -> None:
    from redactor.batch.workdir import remove_workdir

    results.close()  # the pool's finally: stops the child
    remove_workdir(workdir)
