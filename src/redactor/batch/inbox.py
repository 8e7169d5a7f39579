"""The inbox: one file or one folder per application; links are listed (and refused later), never followed."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redactor.trial.survey import EVALUATION_FILE  # the trial's voluntary answers: never a document

APPLICANT_FILE = "applicant.json"
_JUNK_NAMES = frozenset({"thumbs.db", "desktop.ini", "icon\r"})


@dataclass(frozen=True, slots=True)
class InboxDocument:
    """One document of an application: its path relative to the inbox (posix) and on disk."""

    rel: str
    path: Path


@dataclass(frozen=True, slots=True)
class InboxApplication:
    """One application: a top-level file, or a folder with documents and an optional applicant.json."""

    rel: str
    path: Path
    kind: str  # "folder" | "file"
    documents: tuple[InboxDocument, ...]
    applicant_path: Path | None = None


def _is_junk(name: str) -> bool:
    return name.startswith((".", "~$")) or name.lower() in _JUNK_NAMES


def scan_inbox(inbox: Path) -> list[InboxApplication]:
    """List the applications of an inbox, sorted by path (hidden files and OS clutter are skipped).

    Links are listed as documents (and refused later): they are never followed.
    """
    apps: list[InboxApplication] = []
    for entry in sorted(inbox.iterdir(), key=lambda p: p.name):
        if _is_junk(entry.name):
            continue
        rel = entry.name
        if entry.is_dir() and not entry.is_symlink():
            docs: list[InboxDocument] = []
            applicant = None
            for root, dirs, files in os.walk(entry, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not _is_junk(d))
                for name in sorted(files) + sorted(d for d in dirs if Path(root, d).is_symlink()):
                    if _is_junk(name):
                        continue
                    path = Path(root, name)
                    if Path(root) == entry and name.lower() == APPLICANT_FILE:
                        applicant = path
                        continue
                    if Path(root) == entry and name.lower() == EVALUATION_FILE:
                        continue  # the trial's voluntary answers: never a document, read only with a trial key
                    docs.append(InboxDocument(path.relative_to(inbox).as_posix(), path))
            docs.sort(key=lambda d: d.rel)
            apps.append(InboxApplication(rel, entry, "folder", tuple(docs), applicant))
        else:
            apps.append(InboxApplication(rel, entry, "file", (InboxDocument(rel, entry),)))
    return apps


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def application_from_keys(inbox: Path, app: dict[str, Any]) -> InboxApplication:
    """The inbox application a key file entry describes (paths as they were when the batch ran)."""
    docs = tuple(InboxDocument(d["source"], inbox / d["source"]) for d in app.get("documents", []))
    applicant = inbox / app["source"] / APPLICANT_FILE if app.get("applicant") else None
    return InboxApplication(app["source"], inbox / app["source"], app.get("kind", "file"), docs, applicant)
