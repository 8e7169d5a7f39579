"""Evidence for equal treatment: an opt-in, encrypted evaluation of an anonymous recruitment trial.

Applicants may answer a few voluntary questions (``evaluation.json`` in their application folder, or the
columns of the answers export named by the config's ``trial_columns``: consent, gender, age band, origin in
Statistics Denmark's categories). With ``redactor batch --trial-key FILE`` the
consented answers are stored, encrypted, beside the key file; nothing else ever reads them. The committee's
shortlist and hires are recorded by candidate number, and ``redactor trial report`` compares selection
rates between groups, suppressing groups too small to stay anonymous.
"""

from __future__ import annotations

from redactor.trial.ingest import IngestResult, store_batch_answers
from redactor.trial.report import build_report, load_baseline, selection_report, tool_report, write_report
from redactor.trial.store import TrialStore, keygen, load_outcomes, purge, record_outcome
from redactor.trial.survey import DIMENSIONS, EVALUATION_FILE, Answers, parse_answers

__all__ = [
    "DIMENSIONS",
    "EVALUATION_FILE",
    "Answers",
    "IngestResult",
    "TrialStore",
    "build_report",
    "keygen",
    "load_baseline",
    "load_outcomes",
    "parse_answers",
    "purge",
    "record_outcome",
    "selection_report",
    "store_batch_answers",
    "tool_report",
    "write_report",
]
