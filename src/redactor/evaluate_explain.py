"""``redactor eval --explain``: what each name signal contributes and what each name filter wrongly rejects.

For every labelled document the pipeline runs with the name detector's explain trace switched on
(``NameDetector.trace``). Each true name of the truth is then attributed:

- to every signal that proposed a candidate holding one of its distinctive parts with a reportable score
  ("found by"), and to a direct signal when it is the only one ("found only by"; propagation repeats
  what direct signals found elsewhere in the document, so it counts as "only" when no direct signal did);
- to every filter that rejected a candidate holding one of its parts ("wrongly rejected by"; a true name
  can be rejected by one filter and still be found by another signal, so the leak count is given too).

Keep strings lost in the output are attributed to the signals whose candidates fall inside them (the
over-redaction each signal causes). The report holds counts only, never a name or a document's text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redactor.detect.names import MIN_SCORE
from redactor.detect.names.explain import NameTrace
from redactor.evaluate import (
    _truth_values,
    default_shared_dir,
    document_path,
    evaluate_document,
    load_truth,
    name_parts,
    normalize,
    occurs,
)


@dataclass(slots=True)
class ExplainReport:
    """Name-signal and name-filter attribution over one split."""

    label: str
    docs: int = 0
    names: int = 0  # true NAME values
    leaked: int = 0  # of which survive in the output
    found_by: Counter[str] = field(default_factory=Counter)
    only_by: Counter[str] = field(default_factory=Counter)
    unfound: int = 0  # true names no signal proposed
    rejected_by: Counter[str] = field(default_factory=Counter)  # true names a filter rejected
    rejected_leaked: Counter[str] = field(default_factory=Counter)  # ... and that leaked
    keep_lost: int = 0
    keep_lost_by: Counter[str] = field(default_factory=Counter)  # lost keep strings inside a signal's candidate

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label, "docs": self.docs, "names": self.names, "leaked": self.leaked,
            "unfound": self.unfound, "found_by": dict(self.found_by), "only_by": dict(self.only_by),
            "rejected_by": dict(self.rejected_by), "rejected_leaked": dict(self.rejected_leaked),
            "keep_lost": self.keep_lost, "keep_lost_by": dict(self.keep_lost_by),
        }


def _name_detector(pipeline: Any) -> Any:
    """The pipeline's name detector (``pipeline.detector.names``), which must have an explain trace."""
    names = getattr(getattr(pipeline, "detector", None), "names", None)
    if names is None or not hasattr(names, "trace"):
        raise ValueError("the pipeline has no name detector with an explain trace")
    return names


def _holds_name(candidate_norm: str, parts: Sequence[str]) -> bool:
    return any(occurs(part, candidate_norm) for part in parts)


def attribute_document(report: ExplainReport, truth: dict[str, Any], trace: NameTrace,
                       leaked_names: set[str], lost_keeps: Sequence[str]) -> None:
    """Add one document's attribution to ``report`` (trace from the run, leaks and lost keeps from scoring)."""
    proposals = [(p.signal, normalize(p.text)) for p in trace.proposals if p.score >= MIN_SCORE]
    rejections = [(r.filter, normalize(r.text)) for r in trace.rejections]
    for item in _truth_values(truth):
        if str(item["category"]) != "NAME":
            continue
        value = str(item["text"])
        parts = name_parts(value) or [value]
        report.names += 1
        leaked = value in leaked_names
        report.leaked += int(leaked)
        signals = {s for s, text in proposals if _holds_name(text, parts)}
        for s in signals:
            report.found_by[s] += 1
        direct = signals - {"propagation"}  # propagation only repeats what a direct signal found
        if len(direct) == 1:
            report.only_by[next(iter(direct))] += 1
        elif not direct and signals:
            report.only_by["propagation"] += 1
        report.unfound += int(not signals)
        for f in {f for f, text in rejections if _holds_name(text, parts)}:
            report.rejected_by[f] += 1
            report.rejected_leaked[f] += int(leaked)
    for keep in lost_keeps:
        report.keep_lost += 1
        keep_norm = normalize(keep)
        for s in {s for s, text in proposals if text and occurs(text, keep_norm)}:
            report.keep_lost_by[s] += 1


def explain(samples_dir: Path, pipeline: Any, *, with_form: bool = False, label: str | None = None,
            limit: int | None = None, shared_dir: Path | None = None) -> ExplainReport:
    """Run ``pipeline`` over a labelled split with the name trace on and attribute every true name.

    Args:
        samples_dir: a folder with ``truth/*.json`` and ``docs/`` (see samples/README.md).
        pipeline: a ``redactor.pipeline.Pipeline`` (its ``detector.names`` is traced).
        with_form: pass the truth's applicant as form data.
        label: the split's name in the report (default: the folder's name).
        limit: only the first ``limit`` documents.
        shared_dir: where ``shared:`` sources are read from (see :func:`redactor.evaluate.evaluate`);
            their documents are skipped when it is absent.
    Raises:
        ValueError: the pipeline has no traceable name detector.
        FileNotFoundError: no truth, or a document named in the truth is missing.
    """
    detector = _name_detector(pipeline)
    truths = load_truth(Path(samples_dir))[:limit]
    report = ExplainReport(label or Path(samples_dir).name)
    trace = NameTrace()
    old = detector.trace
    detector.trace = trace
    shared = Path(shared_dir) if shared_dir is not None else default_shared_dir(Path(samples_dir))
    try:
        for truth in truths:
            path = document_path(truth, Path(samples_dir), shared if shared and shared.is_dir() else None)
            if path is None:
                continue
            if not path.is_file():
                raise FileNotFoundError(f"sample document missing: {path.name}")
            trace.clear()
            doc, _, _ = evaluate_document(truth, path.read_bytes(), pipeline, with_form=with_form)
            leaked = {leak.text for leak in doc.leaks if leak.category == "NAME"}
            attribute_document(report, truth, trace, leaked, doc.keep_lost)
            report.docs += 1
    finally:
        trace.clear()
        detector.trace = old
    return report


def format_explain(reports: Sequence[ExplainReport]) -> str:
    """The attribution tables, one column per split (counts of true names, never their text)."""
    signals = sorted({s for r in reports for s in r.found_by} | {s for r in reports for s in r.keep_lost_by})
    filters = sorted({f for r in reports for f in r.rejected_by})
    head = f"{'name signals / filters (true names)':<44}" + "".join(f"{r.label:>24}" for r in reports)
    lines = [head, "-" * len(head)]

    def row(label: str, values: Sequence[str]) -> None:
        lines.append(f"{label:<44}" + "".join(f"{v:>24}" for v in values))

    row("documents", [str(r.docs) for r in reports])
    row("true names / leaked", [f"{r.names} / {r.leaked}" for r in reports])
    row("no signal proposed it", [str(r.unfound) for r in reports])
    for s in signals:
        row(f"  found by {s} (only by it)", [f"{r.found_by[s]} ({r.only_by[s]})" for r in reports])
    for f in filters:
        row(f"  rejected by {f} (of which leaked)", [f"{r.rejected_by[f]} ({r.rejected_leaked[f]})"
                                                        for r in reports])
    row("keep strings lost", [str(r.keep_lost) for r in reports])
    for s in signals:
        if any(r.keep_lost_by[s] for r in reports):
            row(f"  lost inside a {s} candidate", [str(r.keep_lost_by[s]) for r in reports])
    return "\n".join(lines)


__all__ = ["ExplainReport", "attribute_document", "explain", "format_explain"]
