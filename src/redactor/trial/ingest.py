"""Reading the applicants' ``evaluation.json`` files into the encrypted store after a batch run."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from redactor.errors import ConfigError
from redactor.trial.store import TrialStore, _keys_record
from redactor.trial.survey import EVALUATION_FILE, Answers, read_answers_file

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class IngestResult:
    """Counts only: which applicant answered what is never reported."""

    stored: int  # consenting applicants whose answers are in the store
    declined: int  # an evaluation.json without consent (nothing kept; earlier answers withdrawn)
    unreadable: int  # an evaluation.json that could not be read or validated (nothing kept)
    without_file: int  # applications with no evaluation.json


def store_batch_answers(keys: Path, trial_key: Path) -> IngestResult:
    """Store the consented answers of every application of a key file's inbox.

    Each folder application's ``evaluation.json`` is read; with consent its answers are stored under the
    candidate number, without consent nothing is kept and an earlier stored answer is removed (consent can
    be withdrawn by replacing the file). Single-file applications have no evaluation answers.

    Raises:
        ConfigError: the key file or the evaluation key cannot be used.
    """
    keys = Path(keys)
    record = _keys_record(keys)
    inbox = Path(record.get("inbox", ""))
    store = TrialStore(keys, trial_key)
    answers: dict[str, Answers] = {n: a for n, a in store.answers().items() if n in record["applications"]}
    declined = unreadable = without = 0
    for number, app in record["applications"].items():
        if app.get("kind") != "folder" or app.get("missing"):
            without += 1
            continue
        path = inbox / str(app["source"]) / EVALUATION_FILE
        if not path.is_file() or path.is_symlink():
            without += 1
            continue
        try:
            parsed = read_answers_file(path)
        except ConfigError:
            unreadable += 1
            answers.pop(number, None)
            continue
        if parsed is None:
            declined += 1
            answers.pop(number, None)
        else:
            answers[number] = parsed
    store.save(answers)
    log.info("trial: evaluation answers stored for %d applications", len(answers))
    return IngestResult(len(answers), declined, unreadable, without)
