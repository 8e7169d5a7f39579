"""Reading the applicants' evaluation answers into the encrypted store after a batch run.

Two sources: an ``evaluation.json`` in the application folder, and the trial's columns of the application
form's export (``--answers``, headers named by the config's ``trial_columns``). When an application has
both, the ``evaluation.json`` decides (it is the applicant's own file, and it can withdraw consent that the
form gave); the row is then not read at all.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redactor.errors import ConfigError
from redactor.trial.store import TrialStore, _keys_record
from redactor.trial.survey import EVALUATION_FILE, Answers, parse_answers, read_answers_file

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class IngestResult:
    """Counts only: which applicant answered what is never reported."""

    stored: int  # consenting applicants whose answers are in the store
    declined: int  # an evaluation.json without consent (nothing kept; earlier answers withdrawn)
    unreadable: int  # answers that could not be read or validated, or two export rows (nothing kept)
    without_file: int  # applications with neither an evaluation.json nor the trial's columns in the export
    from_columns: int = 0  # of ``stored``: answers taken from the trial's columns of the answers export


def store_batch_answers(keys: Path, trial_key: Path,
                        columns: Mapping[str, Mapping[str, Any] | None] | None = None) -> IngestResult:
    """Store the consented answers of every application of a key file's inbox.

    Each folder application's ``evaluation.json`` is read, else its row of the answers export (``columns``);
    with consent the answers are stored under the candidate number, without consent nothing is kept and an
    earlier stored answer is removed (consent can be withdrawn by replacing the file or the form answer).
    Single-file applications have no evaluation answers.

    Args:
        keys: the batch's key file.
        trial_key: the evaluation key.
        columns: candidate number -> that application's row's answers to the trial's columns (question ->
            cell value; :meth:`~redactor.answers.columns.ColumnPlan.trial_values`), None for an application
            with more than one row (ambiguous: nothing kept). Only with a trial key; never logged.

    Raises:
        ConfigError: the key file or the evaluation key cannot be used.
    """
    keys = Path(keys)
    record = _keys_record(keys)
    inbox = Path(record.get("inbox", ""))
    store = TrialStore(keys, trial_key)
    answers: dict[str, Answers] = {n: a for n, a in store.answers().items() if n in record["applications"]}
    columns = columns or {}
    declined = unreadable = without = from_columns = 0
    for number, app in record["applications"].items():
        if app.get("kind") != "folder" or app.get("missing"):
            without += 1
            continue
        path = inbox / str(app["source"]) / EVALUATION_FILE
        from_file = path.is_file() and not path.is_symlink()
        if not from_file and number not in columns:
            without += 1
            continue
        try:
            if from_file:
                parsed = read_answers_file(path)
            else:
                row = columns[number]
                if row is None:
                    raise ConfigError("evaluation answers: the application has more than one row in the export")
                parsed = parse_answers(row)
        except ConfigError:
            unreadable += 1
            answers.pop(number, None)
            continue
        if parsed is None:
            declined += 1
            answers.pop(number, None)
        else:
            answers[number] = parsed
            from_columns += not from_file
    store.save(answers)
    log.info("trial: evaluation answers stored for %d applications", len(answers))
    return IngestResult(len(answers), declined, unreadable, without, from_columns)
