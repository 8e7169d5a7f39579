"""The trial report: selection rates per group and stage, and how the anonymisation itself fared.

Everything here is aggregate. A group with fewer than :data:`MIN_GROUP` people in a stage is suppressed
(counts, rate and comparisons null); when exactly one group of a dimension and stage would be suppressed,
the next smallest is suppressed too, so that no count can be found by subtraction from the others.
"""

from __future__ import annotations

import json
import statistics
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from redactor.errors import ConfigError
from redactor.trial.stats import fisher_exact, ratio_interval, wilson
from redactor.trial.store import TrialStore, _keys_record, load_outcomes
from redactor.trial.survey import DIMENSIONS, NOT_APPLICABLE, NOT_STATED, Answers

REPORT_SCHEMA: Final = 1
MIN_GROUP: Final = 5
FOUR_FIFTHS: Final = 0.8
STAGES: Final = ("screening", "interview")


def _r(x: float | None, digits: int = 4) -> float | None:
    return None if x is None else round(x, digits)


def _cell(applicants: int, selected: int) -> dict[str, Any]:
    ci = wilson(selected, applicants)
    return {"applicants": applicants, "selected": selected,
            "rate": _r(selected / applicants) if applicants else None,
            "rate_ci": [_r(ci[0]), _r(ci[1])] if ci else None,
            "ratio": None, "ratio_ci": None, "four_fifths": None, "fisher_p": None, "suppressed": False}


def _suppress(cell: dict[str, Any]) -> None:
    cell.update(applicants=None, selected=None, rate=None, rate_ci=None, ratio=None, ratio_ci=None,
                four_fifths=None, fisher_p=None, suppressed=True)


def _compare(cells: dict[str, dict[str, Any]], counts: dict[str, tuple[int, int]]) -> str | None:
    """Fill ratio, its interval, the four-fifths flag and Fisher's p against the highest-rate group.

    Only stated, unsuppressed groups are compared. Returns the reference group (None when there is none).
    """
    open_groups = [g for g, c in cells.items() if not c["suppressed"] and c["rate"] is not None and g != NOT_STATED]
    if not open_groups:
        return None
    ref = max(open_groups, key=lambda g: (counts[g][1] / counts[g][0], counts[g][0]))
    n_ref, s_ref = counts[ref]
    ref_rate = s_ref / n_ref
    for g in open_groups:
        n, s = counts[g]
        cell = cells[g]
        if ref_rate > 0:
            ratio = (s / n) / ref_rate
            cell["ratio"] = _r(ratio)
            cell["four_fifths"] = ratio >= FOUR_FIFTHS
            ci = ratio_interval(s, n, s_ref, n_ref)
            cell["ratio_ci"] = [_r(ci[0]), _r(ci[1])] if ci else None
        if g != ref:
            cell["fisher_p"] = _r(fisher_exact(s, n - s, s_ref, n_ref - s_ref), 6)
    return ref


def _table(counts_by_group: Mapping[str, tuple[int, int]],
           groups: tuple[str, ...]) -> tuple[dict[str, Any], str | None, int]:
    """One dimension at one stage: cells per group, the reference group, and how many cells were suppressed."""
    counts = {g: counts_by_group.get(g, (0, 0)) for g in groups}
    cells = {g: _cell(*counts[g]) for g in groups}
    small = [g for g in groups if 0 < counts[g][0] < MIN_GROUP]
    if len(small) == 1:
        others = sorted((counts[g][0], g) for g in groups if g not in small and counts[g][0] > 0)
        if others:
            small.append(others[0][1])
    for g in small:
        _suppress(cells[g])
    ref = _compare(cells, counts)
    return cells, ref, len(small)


def _stage_counts(answers: Mapping[str, Answers], shortlisted: set[str], hired: set[str],
                  dim: str) -> dict[str, dict[str, tuple[int, int]]]:
    out: dict[str, dict[str, list[int]]] = {s: {} for s in STAGES}
    for number, ans in answers.items():
        group = getattr(ans, dim)
        if group == NOT_APPLICABLE:
            continue
        sc = out["screening"].setdefault(group, [0, 0])
        sc[0] += 1
        if number in shortlisted:
            sc[1] += 1
            iv = out["interview"].setdefault(group, [0, 0])
            iv[0] += 1
            iv[1] += number in hired
    return {s: {g: (v[0], v[1]) for g, v in gs.items()} for s, gs in out.items()}


def _baseline_counts(baseline: Mapping[str, Any], dim: str) -> dict[str, dict[str, tuple[int, int]]]:
    out: dict[str, dict[str, tuple[int, int]]] = {s: {} for s in STAGES}
    for group, stages in (baseline.get("dimensions", {}).get(dim) or {}).items():
        for stage in STAGES:
            c = (stages or {}).get(stage)
            if c is None:
                continue
            try:
                n, s = int(c["applicants"]), int(c["selected"])
            except (KeyError, TypeError, ValueError):
                raise ConfigError(f"baseline: {dim}/{group}/{stage} needs whole numbers 'applicants' and "
                                  "'selected'") from None
            if n < 0 or s < 0 or s > n:
                raise ConfigError(f"baseline: {dim}/{group}/{stage}: selected must lie between 0 and applicants")
            out[stage][str(group)] = (n, s)
    return out


def load_baseline(path: Path) -> dict[str, Any]:
    """An earlier (non-anonymous) round as counts::

        {"label": "2025, ikke anonym", "dimensions": {"gender": {"kvinde": {"screening":
            {"applicants": 120, "selected": 30}, "interview": {"applicants": 30, "selected": 6}}, ...}}}

    Raises:
        ConfigError: unreadable or malformed.
    """
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ConfigError(f"the baseline {path} cannot be read") from None
    if not isinstance(data, dict) or not isinstance(data.get("dimensions"), dict):
        raise ConfigError("the baseline needs a 'dimensions' object")
    for dim in data["dimensions"]:
        if dim not in DIMENSIONS:
            raise ConfigError(f"baseline: unknown dimension {dim!r}")
        _baseline_counts(data, dim)
    return data


def selection_report(answers: Mapping[str, Answers], shortlisted: set[str], hired: set[str], *,
                     applications: int, baseline: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Rates per dimension, group and stage (see the module docstring for suppression).

    Args:
        answers: candidate number -> answers, consenting applicants only.
        shortlisted: numbers invited to interview.
        hired: numbers hired.
        applications: every numbered application (the screening stage), consenting or not.
        baseline: an earlier round's counts (:func:`load_baseline`), compared group by group.
    """
    consenting = set(answers)
    dims: dict[str, Any] = {}
    suppressed = 0
    for dim, groups in DIMENSIONS.items():
        counts = _stage_counts(answers, shortlisted, hired, dim)
        base = _baseline_counts(baseline, dim) if baseline and dim in baseline.get("dimensions", {}) else None
        entry: dict[str, Any] = {"groups": {g: {} for g in groups}, "reference": {}}
        for stage in STAGES:
            cells, ref, n_sup = _table(counts[stage], groups)
            suppressed += n_sup
            entry["reference"][stage] = ref
            bcells = _table(base[stage], groups)[0] if base else None
            for g in groups:
                cell = cells[g]
                if bcells is not None:
                    cell["baseline"] = {k: bcells[g][k] for k in ("applicants", "selected", "rate", "ratio",
                                                                   "suppressed")}
                entry["groups"][g][stage] = cell
        dims[dim] = entry
    return {
        "applications": applications,
        "consented": len(consenting),
        "not_consented": max(0, applications - len(consenting)),
        "stages": {
            "screening": {"applicants": applications, "selected": len(shortlisted)},
            "interview": {"applicants": len(shortlisted), "selected": len(hired & shortlisted)},
        },
        "min_group_size": MIN_GROUP,
        "suppressed_cells": suppressed,
        "dimensions": dims,
        "baseline": {"label": str(baseline.get("label", ""))} if baseline else None,
    }


# ---------------------------------------------------------------------------------- the tool, evaluated


def _seconds_between(a: str, b: str) -> float | None:
    try:
        return (datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds()
    except ValueError:
        return None


def tool_report(keys: Path) -> dict[str, Any]:
    """How the anonymisation fared: outcomes, review rate, reviewer corrections by category, review time."""
    from redactor.review.store import ReviewStore, fold, review_dir_for

    record = _keys_record(keys)
    outbox = Path(record.get("outbox", ""))
    outcomes: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    for app in record["applications"].values():
        for doc in app.get("documents", []):
            outcome = doc.get("outcome")
            if outcome is None:
                continue
            outcomes[str(outcome)] += 1
            if outcome in ("failed", "refused"):
                refused[str(doc.get("error_code") or "?")] += 1
    with_output = outcomes["clean"] + outcomes["needs_review"]
    store = ReviewStore(review_dir_for(Path(keys)))
    undone: Counter[str] = Counter()
    boxes = terms = reviewed = approved = 0
    review_seconds: list[float] = []
    if store.root.is_dir():
        for f in sorted(store.root.glob("*.json")):
            doc_id = f.stem
            try:
                events = store.load(doc_id)["events"]
            except ConfigError:
                continue
            if not events:
                continue
            reviewed += 1
            state = fold(events)
            boxes += len(state.areas)
            terms += len(state.terms)
            if state.restored:
                categories = _finding_categories(outbox, doc_id)
                for key in state.restored:
                    undone[categories.get(key, "OTHER")] += 1
            if state.approved:
                approved += 1
                spent = _seconds_between(str(events[0].get("time", "")), state.approved_at)
                if spent is not None and spent >= 0:
                    review_seconds.append(spent)

    def per_doc(n: int) -> float | None:
        return _r(n / reviewed, 3) if reviewed else None

    return {
        "documents": dict(sorted(outcomes.items())),
        "review_rate": _r(outcomes["needs_review"] / with_output) if with_output else None,
        "refused_by_code": dict(sorted(refused.items())),
        "reviewed_documents": reviewed,
        "approved_documents": approved,
        "corrections": {
            "false_positives_undone": dict(sorted(undone.items())),
            "boxes_added": boxes,
            "terms_added": terms,
            "per_reviewed_document": {"false_positives_undone": per_doc(sum(undone.values())),
                                      "boxes_added": per_doc(boxes), "terms_added": per_doc(terms)},
        },
        "review_minutes": {
            "median": _r(statistics.median(review_seconds) / 60, 2) if review_seconds else None,
            "mean": _r(statistics.fmean(review_seconds) / 60, 2) if review_seconds else None,
            "documents": len(review_seconds),
        },
    }


def _finding_categories(outbox: Path, doc_id: str) -> dict[str, str]:
    number = doc_id.split("-", 1)[0]
    path = outbox / number / f"{doc_id}.report.json"
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(f.get("key")): str(f.get("category", "OTHER")) for f in report.get("findings", []) if f.get("key")}


# ---------------------------------------------------------------------------------------- the whole report


def build_report(keys: Path, trial_key: Path, *, baseline: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The whole report of a trial round (needs the evaluation key).

    Raises:
        ConfigError: the key file, the evaluation key or the store cannot be read.
    """
    keys = Path(keys)
    record = _keys_record(keys)
    answers = TrialStore(keys, trial_key).answers()
    numbered = set(record["applications"])
    answers = {n: a for n, a in answers.items() if n in numbered}
    outcomes = load_outcomes(keys)
    shortlisted = set(map(str, outcomes["shortlisted"])) & numbered
    hired = set(map(str, outcomes["hired"])) & shortlisted
    report = {"schema": REPORT_SCHEMA, "generated": datetime.now(UTC).isoformat(timespec="seconds"),
              **selection_report(answers, shortlisted, hired, applications=len(numbered), baseline=baseline),
              "tool": tool_report(keys)}
    return report


def write_report(report: Mapping[str, Any], out_dir: Path, *, lang: str = "da") -> tuple[Path, Path]:
    """Write ``report.json`` and ``report.html`` (Danish, or English with ``lang="en"``) into ``out_dir``."""
    from redactor.report import write_atomic, write_json
    from redactor.trial.html import render_html

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    json_path, html_path = out_dir / "report.json", out_dir / "report.html"
    write_json(json_path, report, mode=0o600)
    write_atomic(html_path, render_html(report, lang=lang).encode("utf-8"), mode=0o600)
    return json_path, html_path
