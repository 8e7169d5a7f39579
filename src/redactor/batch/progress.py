"""Batch progress on stderr: counts only, never personal data."""

from __future__ import annotations

import sys
import time
from typing import Any

from redactor.batch.document import REFUSED


class Progress:
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
        """Count one finished document."""
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
        """Stop the bar (a no-op for plain lines)."""
        if self.bar is not None:
            self.bar.stop()
