"""The trial's evaluation store: consented answers, encrypted at rest, beside the key file.

- The evaluation key (``redactor trial keygen FILE``) is a Fernet key (AES-128-CBC with HMAC-SHA256,
  from ``cryptography``) in its own owner-only file. It is never stored with the store: the key file may
  not lie in the store's folder or inside OUTBOX.
- The store (``<keys folder>/<keys stem>-trial.enc``) is one Fernet token holding a JSON object
  ``{"schema", "batch_id", "answers": {candidate number: {dimension: group}}}``. Without the key nobody,
  not even a holder of OUTBOX and the key file, can read the answers.
- The outcomes (``<keys stem>-outcomes.json``, owner-only) list which candidate numbers were invited to
  interview and which were hired. They hold no answers and no names.
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from redactor.errors import ConfigError
from redactor.report import write_atomic, write_json
from redactor.trial.survey import Answers

KEY_KIND: Final = "redactor-trial-key"
STORE_SCHEMA: Final = 1
OUTCOMES_KIND: Final = "redactor-trial-outcomes"


def store_path_for(keys: Path) -> Path:
    """Where the encrypted store of a key file lives."""
    return keys.parent / f"{keys.stem}-trial.enc"


def outcomes_path_for(keys: Path) -> Path:
    """Where the shortlist and hires of a key file are recorded."""
    return keys.parent / f"{keys.stem}-outcomes.json"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def keygen(path: Path) -> Path:
    """Write a new evaluation key to ``path`` (mode 0600); never overwrites.

    Raises:
        ConfigError: the file exists already.
    """
    from cryptography.fernet import Fernet

    path = Path(path)
    if path.exists():
        raise ConfigError(f"{path} exists already; an evaluation key is never overwritten")
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"kind": KEY_KIND, "created": _now(), "key": Fernet.generate_key().decode("ascii"),
              "note": "SECRET: decrypts the anonymous-recruitment trial's evaluation answers. "
                      "Keep it apart from the key file and OUTBOX."}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(record, fh, indent=1)
        fh.write("\n")
    return path


def _load_key(path: Path) -> bytes:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ConfigError(f"the evaluation key {path} cannot be read") from None
    if not isinstance(data, dict) or data.get("kind") != KEY_KIND or not isinstance(data.get("key"), str):
        raise ConfigError(f"{path} is not an evaluation key (make one with 'redactor trial keygen FILE')")
    return data["key"].encode("ascii")


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


class TrialStore:
    """The encrypted answers of one batch (one key file).

    Args:
        keys: the batch's key file.
        trial_key: the evaluation key file.
    Raises:
        ConfigError: the evaluation key is unreadable, or lies with the store or inside OUTBOX.
    """

    def __init__(self, keys: Path, trial_key: Path) -> None:
        from cryptography.fernet import Fernet

        self.keys = Path(keys)
        self.path = store_path_for(self.keys)
        trial_key = Path(trial_key)
        if trial_key.resolve().parent == self.path.resolve().parent:
            raise ConfigError("the evaluation key must not lie in the key file's folder, beside the store "
                              "it protects; keep it elsewhere")
        outbox = _outbox_of(self.keys)
        if outbox is not None and _inside(trial_key, outbox):
            raise ConfigError("the evaluation key must not lie inside the output folder")
        self._fernet = Fernet(_load_key(trial_key))

    def load(self) -> dict[str, Any]:
        """The decrypted store; an empty one when none was written yet.

        Raises:
            ConfigError: the store cannot be decrypted with this key, or is damaged.
        """
        from cryptography.fernet import InvalidToken

        if not self.path.is_file():
            return {"schema": STORE_SCHEMA, "batch_id": _batch_id(self.keys), "answers": {}}
        try:
            data = json.loads(self._fernet.decrypt(self.path.read_bytes()))
        except InvalidToken:
            raise ConfigError("the evaluation store cannot be opened with this evaluation key") from None
        except (OSError, ValueError):
            raise ConfigError("the evaluation store is damaged") from None
        if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
            raise ConfigError("the evaluation store is damaged")
        if data.get("batch_id") != _batch_id(self.keys):
            raise ConfigError("the evaluation store belongs to another key file")
        return data

    def answers(self) -> dict[str, Answers]:
        """Candidate number -> answers of every consenting applicant."""
        return {str(n): Answers.from_dict(a) for n, a in self.load()["answers"].items()}

    def save(self, answers: dict[str, Answers]) -> None:
        """Replace the stored answers (written atomically, mode 0600)."""
        data = {"schema": STORE_SCHEMA, "batch_id": _batch_id(self.keys), "updated": _now(),
                "answers": {n: a.as_dict() for n, a in sorted(answers.items())}}
        token = self._fernet.encrypt(json.dumps(data, ensure_ascii=False).encode("utf-8"))
        write_atomic(self.path, token, mode=0o600)


def _keys_record(keys: Path) -> dict[str, Any]:
    from redactor.batch import load_keys

    return load_keys(Path(keys))


def _batch_id(keys: Path) -> str:
    return str(_keys_record(keys).get("batch_id", ""))


def _outbox_of(keys: Path) -> Path | None:
    if not Path(keys).is_file():
        return None
    out = _keys_record(keys).get("outbox")
    return Path(out) if out else None


def purge(keys: Path) -> list[Path]:
    """Delete the evaluation store and the recorded outcomes of a key file (overwritten first).

    Returns:
        The files deleted.
    """
    removed = []
    for path in (store_path_for(keys), outcomes_path_for(keys)):
        if path.is_file():
            size = path.stat().st_size
            with path.open("r+b") as fh:
                fh.write(secrets.token_bytes(size))
                fh.flush()
                os.fsync(fh.fileno())
            path.unlink()
            removed.append(path)
    return removed


# ---------------------------------------------------------------------------------------------- outcomes


def load_outcomes(keys: Path) -> dict[str, Any]:
    """The recorded stages: ``{"shortlisted": [...], "hired": [...]}`` (empty lists when none)."""
    path = outcomes_path_for(keys)
    if not path.is_file():
        return {"kind": OUTCOMES_KIND, "shortlisted": [], "hired": []}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ConfigError(f"{path} cannot be read") from None
    if not isinstance(data, dict) or data.get("kind") != OUTCOMES_KIND:
        raise ConfigError(f"{path} is not a redactor outcomes file")
    data.setdefault("shortlisted", [])
    data.setdefault("hired", [])
    return data


def record_outcome(keys: Path, stage: str, numbers: list[str]) -> tuple[list[str], list[str]]:
    """Add candidate numbers to a stage ("shortlisted" or "hired").

    Returns:
        (numbers added, numbers the key file does not know: not recorded).
    Raises:
        ConfigError: unknown stage, or a hire that was never shortlisted.
    """
    if stage not in ("shortlisted", "hired"):
        raise ConfigError(f"unknown stage {stage!r}")
    known = _keys_record(keys)["applications"]
    data = load_outcomes(keys)
    added, unknown = [], []
    for raw in numbers:
        number = str(raw).strip()
        if number not in known:
            unknown.append(number)
            continue
        if stage == "hired" and number not in data["shortlisted"]:
            raise ConfigError(f"candidate {number} was not invited to interview; record the shortlist first "
                              "('redactor shortlist')")
        if number not in data[stage]:
            data[stage].append(number)
            added.append(number)
    data["updated"] = _now()
    write_json(outcomes_path_for(keys), data, mode=0o600)
    return added, unknown
