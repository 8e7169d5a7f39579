"""The key file: the secret link from candidate numbers to applications, written 0600, one run at a time."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from redactor.errors import ConfigError
from redactor.report import write_json

KEYS_SCHEMA = 1
KEYS_KIND = "redactor-batch-keys"


def default_keys_path(outbox: Path) -> Path:
    """``OUTBOX/../<outbox-name>.keys.json``: beside the outbox, never inside it."""
    outbox = outbox.resolve()
    return outbox.parent / f"{outbox.name}.keys.json"


def load_keys(path: Path) -> dict[str, Any]:
    """Read a key file.

    Raises:
        ConfigError: missing, unreadable, or not a redactor key file.
    """
    import json

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"key file not found: {path}") from None
    except (OSError, ValueError) as exc:
        raise ConfigError(f"key file {path} cannot be read ({type(exc).__name__}); it is left untouched") from None
    if not isinstance(data, dict) or data.get("kind") != KEYS_KIND:
        raise ConfigError(f"{path} is not a redactor key file")
    if data.get("schema") != KEYS_SCHEMA:
        raise ConfigError(f"key file {path} has schema {data.get('schema')!r}; this version reads {KEYS_SCHEMA}")
    return data


def save_keys(path: Path, keys: dict[str, Any]) -> None:
    """Write the key file atomically with mode 0o600."""
    keys["updated"] = now_iso()
    write_json(path, keys, mode=0o600)


def now_iso() -> str:
    """Now in UTC, ISO 8601 to the second (the key file's and summary's time stamps)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_candidate_number(taken: Iterable[str]) -> str:
    """A random six-digit number (100000-999999) from ``secrets``, unused in the key file."""
    used = set(taken)
    if len(used) > 800_000:
        raise ConfigError("the key file has run out of candidate numbers; start a new batch")
    while True:
        number = str(100_000 + secrets.randbelow(900_000))
        if number not in used:
            return number



@contextlib.contextmanager
def keys_lock(keys_path: Path) -> Iterator[None]:
    """One batch run per key file at a time."""
    lock_path = keys_path.with_name(keys_path.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:
            pass
        except OSError:
            raise ConfigError("another batch run is using this key file") from None
        yield
    finally:
        os.close(fd)  # the (empty) lock file stays: unlinking it would let two runs lock different files
