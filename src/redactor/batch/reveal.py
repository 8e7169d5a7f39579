"""`redactor reveal`: which application a candidate number is (reads the key file only)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from redactor.batch.keys import load_keys


@dataclass(frozen=True, slots=True)
class Revealed:
    """Which application a candidate number is."""

    number: str
    source: str  # relative to the inbox
    path: Path
    documents: tuple[str, ...]


def reveal(keys_path: str | Path, numbers: Iterable[str]) -> dict[str, Revealed | None]:
    """Look up candidate numbers in a key file.

    Returns:
        number -> Revealed, or None for a number the key file does not know.
    Raises:
        ConfigError: the key file is missing or not a key file.
    """
    keys = load_keys(Path(keys_path))
    inbox = Path(keys.get("inbox", ""))
    out: dict[str, Revealed | None] = {}
    for raw in numbers:
        number = str(raw).strip()
        app = keys["applications"].get(number)
        out[number] = None if app is None else Revealed(
            number, app["source"], inbox / app["source"], tuple(d["source"] for d in app.get("documents", [])))
        if app is None:
            out[number] = _export_row(keys, number)
    return out


def _export_row(keys: dict, number: str) -> Revealed | None:
    """A number given to a row of the answers export that has no application folder: the export and its row."""
    answers = keys.get("answers") or {}
    numbers = answers.get("row_numbers") or []
    if number not in numbers or not answers.get("export"):
        return None
    export = Path(answers["export"])
    # counted from the first row under the header, blank rows not counted
    return Revealed(number, export.name, export, (f"data row {numbers.index(number) + 1} of the export",))
