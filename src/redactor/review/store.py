"""Saved reviewer decisions: an append-only JSON log per document in a folder beside the key file."""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from redactor.errors import ConfigError
from redactor.report import write_json
from redactor.types import BBox, ReviewDecisions

STORE_SCHEMA = 1
_DOC_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")

#: actions that change the output; after one of them an earlier approval no longer holds
CHANGING = frozenset({"restore", "area", "term", "remove_area", "remove_term"})
ACTIONS = CHANGING | {"accept", "approve", "unapprove"}


def review_dir_for(keys: Path) -> Path:
    """The review folder for a key file: ``<keys folder>/<keys stem>-review`` (never inside OUTBOX)."""
    return keys.parent / f"{keys.stem}-review"


def valid_doc_id(doc_id: str) -> bool:
    """Document ids are output stems such as ``1042-1``: no separators, no dot-files."""
    return bool(_DOC_ID.match(doc_id)) and ".." not in doc_id


@dataclass(frozen=True, slots=True)
class Area:
    """A reviewer's box: its id in the log, the page and the box in page coordinates (points)."""

    id: str
    page: int
    box: BBox


@dataclass(slots=True)
class ReviewState:
    """The folded log of one document."""

    restored: set[str] = field(default_factory=set)
    accepted: set[str] = field(default_factory=set)
    areas: list[Area] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    approved: bool = False
    approved_at: str = ""
    approved_by: str = ""
    events: int = 0
    last_at: str = ""

    def digest(self) -> str:
        """A short tag of the decisions that change the output (to tell whether they were applied)."""
        d = self.decisions()
        areas = [(p, b.as_list()) for p, b in d.areas]
        data = json.dumps([sorted(d.restored), areas, list(d.terms), d.approved])
        return hashlib.sha256(data.encode("utf-8")).hexdigest()[:16]

    def decisions(self) -> ReviewDecisions:
        """The ReviewDecisions the pipeline applies when it renders the document again."""
        return ReviewDecisions(
            restored=frozenset(self.restored),
            areas=tuple((a.page, a.box) for a in self.areas),
            terms=tuple(self.terms),
            approved=self.approved,
        )


def fold(events: list[dict[str, Any]]) -> ReviewState:
    """Replay a decision log into the current state."""
    st = ReviewState()
    for ev in events:
        action = ev.get("action")
        if action == "restore":
            st.restored.add(str(ev["key"]))
            st.accepted.discard(str(ev["key"]))
        elif action == "accept":
            st.restored.discard(str(ev["key"]))
            st.accepted.add(str(ev["key"]))
        elif action == "area":
            area = Area(str(ev["id"]), int(ev["page"]), BBox(*(float(v) for v in ev["box"])))
            if not any(a.page == area.page and a.box == area.box for a in st.areas):
                st.areas.append(area)
        elif action == "remove_area":
            st.areas = [a for a in st.areas if a.id != ev.get("id")]
        elif action == "term":
            if ev["term"] not in st.terms:
                st.terms.append(str(ev["term"]))
        elif action == "remove_term":
            st.terms = [t for t in st.terms if t != ev.get("term")]
        if action == "approve":
            st.approved = True
            st.approved_at, st.approved_by = str(ev.get("time", "")), str(ev.get("reviewer", ""))
        elif action == "unapprove" or action in CHANGING:
            st.approved = False
        st.events += 1
        st.last_at = str(ev.get("time", st.last_at))
    return st


class ReviewStore:
    """One JSON file per document under ``root`` (mode 0600, folder 0700), written atomically.

    Args:
        root: the review folder (see :func:`review_dir_for`); created on first write.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()

    def path(self, doc_id: str) -> Path:
        """The decisions file of a document.

        Raises:
            ConfigError: the id is not a plain document id.
        """
        if not valid_doc_id(doc_id):
            raise ConfigError("invalid document id")
        return self.root / f"{doc_id}.json"

    def load(self, doc_id: str) -> dict[str, Any]:
        """The raw record (``{"schema", "document", "events": [...]}``); an empty one when none is saved.

        Raises:
            ConfigError: the file exists but is not a valid record.
        """
        p = self.path(doc_id)
        if not p.is_file():
            return {"schema": STORE_SCHEMA, "document": doc_id, "events": []}
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise ConfigError(f"the review file of {doc_id} cannot be read") from None
        if not isinstance(data, dict) or not isinstance(data.get("events"), list):
            raise ConfigError(f"the review file of {doc_id} is not a review record")
        return data

    def state(self, doc_id: str) -> ReviewState:
        """The current decisions of a document.

        Raises:
            ConfigError: as :meth:`load`.
        """
        return fold(self.load(doc_id)["events"])

    def add(self, doc_id: str, action: str, reviewer: str, **fields: Any) -> ReviewState:
        """Append one decision (with time and reviewer) and return the new state.

        Args:
            doc_id: the document (output stem).
            action: one of :data:`ACTIONS`.
            reviewer: who decided.
            **fields: ``key`` (restore, accept), ``page`` and ``box`` (area), ``term`` (term, remove_term),
                ``id`` (remove_area); ``input_sha256`` is recorded on the record when given.
        Raises:
            ConfigError: unknown action or missing field.
        """
        if action not in ACTIONS:
            raise ConfigError(f"unknown review action {action!r}")
        sha = fields.pop("input_sha256", None)
        ev: dict[str, Any] = {"time": datetime.now(UTC).isoformat(timespec="seconds"),
                              "reviewer": reviewer, "action": action}
        need = {"restore": ("key",), "accept": ("key",), "area": ("page", "box"), "term": ("term",),
                "remove_term": ("term",), "remove_area": ("id",)}.get(action, ())
        for name in need:
            if fields.get(name) in (None, ""):
                raise ConfigError(f"review action {action} needs {name}")
            ev[name] = fields[name]
        if action == "area":
            box = fields["box"]
            ev["box"] = box.as_list() if isinstance(box, BBox) else [round(float(v), 2) for v in box]
            ev["page"] = int(fields["page"])
        with self._lock:
            record = self.load(doc_id)
            if action == "area":
                ev["id"] = f"a{1 + sum(1 for e in record['events'] if e.get('action') == 'area')}"
            if sha:
                record["input_sha256"] = sha
            record["events"].append(ev)
            self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_json(self.path(doc_id), record, mode=0o600)
            return fold(record["events"])
