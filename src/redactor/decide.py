"""The decide stage: a pure function from findings and config to redact / review / keep decisions."""

from __future__ import annotations

from collections.abc import Iterable

from redactor.config import Config
from redactor.types import Action, Decision, Finding

# Which category wins when two findings overlap with equal scores: the more identifying one.
_PRIORITY = ["CPR", "EMAIL", "PHONE", "NAME", "BIRTHDATE", "ADDRESS", "URL", "AGE", "ETHNICITY", "FAMILY",
             "GENDER", "PHOTO", "OTHER"]


def _rank(f: Finding) -> tuple[float, int, int]:
    return (f.score, -_PRIORITY.index(str(f.category)), f.end - f.start)


def decide(findings: Iterable[Finding], config: Config) -> list[Decision]:
    """Choose an action for each finding.

    Overlapping findings in one unit are merged into one decision covering their union, labelled with
    the strongest finding's category. A finding scoring at least ``redact_threshold`` gets its
    category's configured action; one between ``review_threshold`` and that gets ``review`` (it is
    still removed from the output, and a person is asked to look); lower scores are dropped.
    Values on the allow list are kept.

    Args:
        findings: the detect stage's output.
        config: thresholds, per-category actions and the allow list.
    Returns:
        Decisions sorted by unit and offset.
    """
    allow = {a.casefold().strip() for a in config.allow_list if a.strip()}
    kept: list[Finding] = []
    for f in findings:
        if f.end <= f.start or f.score < config.review_threshold:
            continue
        if allow and f.text.casefold().strip() in allow:
            continue
        kept.append(f)
    kept.sort(key=lambda f: (f.unit_id, f.start, -f.end))

    merged: list[list[Finding]] = []
    for f in kept:
        if merged and merged[-1][0].unit_id == f.unit_id and f.start < max(g.end for g in merged[-1]):
            merged[-1].append(f)
        else:
            merged.append([f])

    decisions: list[Decision] = []
    for group in merged:
        best = max(group, key=_rank)
        start = min(g.start for g in group)
        end = max(g.end for g in group)
        if (start, end) != (best.start, best.end):
            text = _union_text(group, start, end)
            best = Finding(best.category, best.unit_id, start, end, best.score, best.source, text)
        configured = config.action_for(best.category)
        if configured is Action.KEEP:
            decisions.append(Decision(best, Action.KEEP, "category kept by configuration"))
        elif best.score >= config.redact_threshold:
            decisions.append(Decision(best, configured, "score above redact threshold"))
        else:
            decisions.append(Decision(best, Action.REVIEW, "low confidence"))
    return decisions


def _union_text(group: list[Finding], start: int, end: int) -> str:
    chars = [" "] * (end - start)
    for g in group:
        for i, ch in enumerate(g.text[: g.end - g.start]):
            chars[g.start - start + i] = ch
    return "".join(chars)
