"""Explain mode: which signal proposed each name candidate and which filter rejected each one.

Off by default (``NameDetector.trace is None``): every recording site is one ``is None`` test. On, the trace
holds document text, so it is for evaluation only: never logged, never written to a report; callers keep
counts, not the strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Proposal:
    """A candidate a signal proposed (before merging and the final score cut)."""

    signal: str
    text: str
    score: float


@dataclass(slots=True)
class Rejection:
    """A name-shaped candidate a filter rejected; ``signal`` is the signal (or context) that proposed it."""

    filter: str
    signal: str
    text: str


@dataclass(slots=True)
class NameTrace:
    """What the name detector proposed and rejected over one or more ``detect`` calls."""

    proposals: list[Proposal] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)

    def clear(self) -> None:
        self.proposals.clear()
        self.rejections.clear()


#: Filter names used in rejections (documentation of the vocabulary ``eval --explain`` prints).
FILTERS: dict[str, str] = {
    "company": "a company or institution word after or inside the run (A/S, University, Skole ...)",
    "institution": "an institution word right before the run (\"Université X\", \"Lycée X\")",
    "street": "a street named after a person (\"Peter Bangs Vej\")",
    "date": "a month word inside a date",
    "place": "a place name from the gazetteer",
    "abbreviation": "an abbreviation in front of a name (\"MT Højgaard\")",
    "heading": "an all-caps line without known names",
    "too_long": "more than five name words",
    "single_word_layout": "one word alone at the top of the page",
    "product": "one name word right before a capitalised ordinary word (\"Tekla Structures\")",
    "word_list": "one word that is a whole item of a one-line list (skills, tools)",
    "common_words": "a given name that is also a word, then only common words and no known surname",
    "employer": "an employer position (\"at X\", \"hos X\", a job line with a period)",
    "org_entity": "the NER tagged the span as an organisation or place",
    "low_score": "merged score below the reporting threshold",
    "placeholder": "a software placeholder author (\"Admin\", \"Windows User\")",
}

__all__ = ["FILTERS", "NameTrace", "Proposal", "Rejection"]
