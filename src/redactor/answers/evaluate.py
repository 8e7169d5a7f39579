"""The ``answers`` split of ``redactor eval``: a labelled export through the overview, scored from OUTBOX.

Scores, from the written files only: how many of the rows' identity values (name, e-mail, phone,
address, birthdate, profile link) survive anywhere in the overview (identity recall), how many personal
passages of the answers survive (personal recall), and how much of the answers' other text survives
verbatim in its row (keep-rate).
"""

from __future__ import annotations

import csv
import html
import io
import re
import tempfile
import time
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from redactor.answers.export import OVERVIEW_CSV, OVERVIEW_XLSX, assign_numbers, prepare_export, write_overview
from redactor.answers.read import ExportTable
from redactor.config import Config
from redactor.textnorm import loose_fold

IDENTITY_KEYS = ("name", "email", "phone", "address", "birthdate", "linkedin")


@dataclass
class AnswersReport:
    """Counts of one evaluation run over a labelled export."""

    rows: int = 0
    identity_values: int = 0
    identity_leaks: int = 0
    personal_passages: int = 0
    personal_left: int = 0
    kept_chars: int = 0
    answer_chars: int = 0
    needs_review: int = 0
    seconds: float = 0.0
    label: str = "answers"

    def figures(self) -> dict[str, float]:
        """Rates for the ratchet (higher is better)."""
        def rate(good: int, total: int) -> float:
            return round(good / total, 4) if total else 1.0

        return {"identity_recall": rate(self.identity_values - self.identity_leaks, self.identity_values),
                "personal_recall": rate(self.personal_passages - self.personal_left, self.personal_passages),
                "keep_rate": rate(self.kept_chars, self.answer_chars)}

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "figures": self.figures()}

    def format(self) -> str:
        """Plain-text lines for the eval report (counts only, no values)."""
        f = self.figures()
        return (f"answers split: {self.rows} rows, {self.needs_review} need review, {self.seconds:.1f} s\n"
                f"  identity recall   {f['identity_recall']:.4f}  ({self.identity_leaks} of {self.identity_values}"
                f" identity values left in OUTBOX)\n"
                f"  personal recall   {f['personal_recall']:.4f}  ({self.personal_left} of {self.personal_passages}"
                f" personal passages left in their row)\n"
                f"  keep-rate         {f['keep_rate']:.4f}  ({self.kept_chars} of {self.answer_chars}"
                f" answer characters)")


def _whole(value: str, text: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(loose_fold(value)) + r"(?!\w)", text) is not None


def evaluate_answers(detector: object, config: Config, headers: Sequence[str], rows: Sequence[Sequence[object]],
                     truths: Sequence[Mapping[str, Any]], *, workdir: Path | None = None) -> AnswersReport:
    """Run a labelled export through the overview and score what reached OUTBOX.

    Args:
        detector: the loaded Detector.
        config: the run's config.
        headers, rows: the export (as a recruitment system writes it).
        truths: per row, ``identity`` (key -> value, see :data:`IDENTITY_KEYS`) and ``answers`` (column header ->
            list of ``(text, personal)`` passages whose concatenation is the cell).
    Returns:
        The AnswersReport.
    """
    import random

    table = ExportTable(tuple(headers), tuple(tuple(r) for r in rows), "xlsx")  # type: ignore[arg-type]
    t0 = time.perf_counter()
    prepared = prepare_export(table, {}, lexicon=detector.names.lex)  # type: ignore[attr-defined]
    pool = iter(random.Random(len(rows)).sample(range(100_000, 1_000_000), len(rows)))
    numbers, _ = assign_numbers(prepared, {}, {}, lambda: str(next(pool)))
    with tempfile.TemporaryDirectory(prefix="redactor-eval-answers-", dir=workdir) as tmp:
        outbox = Path(tmp)
        result = write_overview(prepared, outbox, numbers, detector=detector, config=config)
        seconds = time.perf_counter() - t0
        with zipfile.ZipFile(outbox / OVERVIEW_XLSX) as zf:
            parts = [html.unescape(zf.read(n).decode("utf-8", "replace")) for n in zf.namelist()]
        csv_text = (outbox / OVERVIEW_CSV).read_text("utf-8-sig")
    everything = loose_fold("\n".join([*parts, csv_text]))
    digit_runs = [re.sub(r"\D", "", m.group()) for m in re.finditer(r"\d[\d \-./()]*\d", everything)]
    body = {r[0]: r for r in list(csv.reader(io.StringIO(csv_text), delimiter=";"))[1:]}
    report = AnswersReport(rows=len(rows), needs_review=result.counts.get("needs_review", 0), seconds=seconds)
    for number, truth in zip(numbers, truths, strict=True):
        for key in IDENTITY_KEYS:
            value = str(truth["identity"].get(key) or "")
            if not value:
                continue
            report.identity_values += 1
            leaked = _whole(value, everything)
            if key == "phone":
                core = re.sub(r"\D", "", value)[-8:]
                leaked = leaked or any(core in run for run in digit_runs)
            report.identity_leaks += leaked
        cell = " ".join(body.get(number, []))
        for passages in truth["answers"].values():
            for text, personal in passages:
                if personal:
                    report.personal_passages += 1
                    report.personal_left += text in cell
                else:
                    report.answer_chars += len(text)
                    report.kept_chars += len(text) if text in cell else 0
    return report


GENERATOR = "answers_export.py"


def evaluate_answers_split(detector: object, config: Config, samples: Path, *, rows: int = 500,
                           seed: int = 7) -> AnswersReport | None:
    """The ``answers`` split: a generated export of ``rows`` rows (the samples' generator), scored.

    The generator (``answers_export.py``) is looked for in the ``samples`` folder itself.
    Returns:
        The report, or None when no generator is found or ``rows`` is 0.
    """
    import importlib.util
    from dataclasses import asdict as as_dict

    if rows <= 0:
        return None
    found = samples / GENERATOR
    if not found.is_file():
        return None
    spec = importlib.util.spec_from_file_location("redactor_answers_generator", found)
    if spec is None or spec.loader is None:
        return None
    import sys

    sys.path.insert(0, str(found.parent))  # the generator imports its name pools beside it
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the module runs
    try:
        spec.loader.exec_module(module)
        headers, table, truths = module.generate(rows, seed)
    finally:
        sys.path.remove(str(found.parent))
        sys.modules.pop(spec.name, None)
    return evaluate_answers(detector, config, headers, table, [as_dict(t) for t in truths])
