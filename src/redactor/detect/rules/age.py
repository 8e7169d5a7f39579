"""Age statements ("Alder: 36", "36 år", "36-årig", "aged 36", "36 years old"), not durations."""

from __future__ import annotations

import re

from redactor.detect.rules.common import RuleHit
from redactor.types import Category

_AAR = r"(?:år|aar|˚ar|\u030aar)"
_ARIG = r"(?:årig|aarig|˚arig)"
_N = r"(?P<n>\d{1,2})(?![\d,.]\d)"
_RANGE = r"(?!\s*(?:[-–—/]|til|to|and|og)\s*\d)(?!\s*\+)"

_PATTERNS: tuple[tuple[re.Pattern[str], float, str], ...] = (
    # Alder: 36 / Age: 36 / Alder 36 år / age of 36
    (
        re.compile(
            rf"(?<![\w-])(?:alder|age(?:\s+of)?)\s*[:\-–]?\s*{_N}{_RANGE}(?:\s*(?:{_AAR}|years?|yrs?)(?![\w]))?",
            re.IGNORECASE,
        ),
        0.9,
        "rules.age.label",
    ),
    # aged 36
    (
        re.compile(rf"(?<![\w-])aged\s+{_N}{_RANGE}(?!\s*(?:months?|weeks?|days?))", re.IGNORECASE),
        0.85,
        "rules.age.aged",
    ),
    # 36-årig / 20 årig / 36-årige (not the neuter "-årigt", which goes with nouns like jubilæum)
    (re.compile(rf"(?<![\w,.-]){_N}\s?[-‐–]?\s?{_ARIG}e?(?![\wt])", re.IGNORECASE), 0.85, "rules.age.aarig"),
    # jeg er 36 år / fyldte 40 / fylder 40 år
    (
        re.compile(
            rf"(?<![\w])(?:er|blev|bliver|fyldte|fylder|fyldt)\s+{_N}{_RANGE}(?:\s+{_AAR}(?![\w]))?"
            rf"(?=\s*(?:gammel|ung|$|[,.;)\n]|og\b|med\b))",
            re.IGNORECASE,
        ),
        0.75,
        "rules.age.er",
    ),
    # 36 år gammel / 36 år ung
    (re.compile(rf"(?<![\w,.-]){_N}\s+{_AAR}\s+(?:gammel|ung)(?![\w])", re.IGNORECASE), 0.9, "rules.age.gammel"),
    # (36 år)
    (re.compile(rf"\(\s*{_N}\s*{_AAR}\s*\)", re.IGNORECASE), 0.8, "rules.age.paren"),
    # 36 years old / 36-year-old / 36 y/o / 36 yrs old
    (
        re.compile(rf"(?<![\w,.-]){_N}\s?(?:[-‐]?\s?(?:years?|yrs?)\s?[-‐]?\s?old|y/?o)(?![\w])", re.IGNORECASE),
        0.9,
        "rules.age.years_old",
    ),
    # I am 36 / I'm 36
    (
        re.compile(rf"(?<![\w])(?:I\s+am|I'm|I’m)\s+{_N}{_RANGE}(?=\s*(?:$|[,.;)\n]|and\b|with\b|years?\s+old))"),
        0.8,
        "rules.age.i_am",
    ),
)
# Bare "36 år" at the start of a line or after a comma, and followed by an end: "Mand, 36 år, gift".
_BARE_RE = re.compile(rf"(?:^|(?<=,)|(?<=\n))[ \t]*{_N}\s+{_AAR}(?=\s*(?:$|[,.;)\n]))", re.IGNORECASE | re.MULTILINE)
_DURATION_CTX_RE = re.compile(
    r"(?:erfaring|experience|ansættelse|anciennitet|varighed|duration|periode|period|uddannelse|education|"
    r"studie|arbejde|ansat|job|stilling|tid|time|længde|length|siden|since|i alt|total)",
    re.IGNORECASE,
)
_GROUP_BEFORE_RE = re.compile(
    r"(?:children|kids|pupils|students|youth|young people|people|persons|clients|patients|users|elever|børn|"
    r"unge|borgere|brugere|målgruppe|target group|group|gruppe|kvinder|mænd|women|men|boys|girls|drenge|piger)"
    r"\s*(?:\(\s*)?$",
    re.IGNORECASE,
)


class AgeRecognizer:
    """Ages of a person; experience durations and age ranges of target groups are not ages."""

    def find(self, text: str) -> list[RuleHit]:
        hits: list[RuleHit] = []
        if not any(c.isdigit() for c in text):
            return hits
        for pat, score, source in _PATTERNS:
            for m in pat.finditer(text):
                n = int(m.group("n"))
                min_age = 15 if source in ("rules.age.aarig", "rules.age.years_old") else 14
                if not min_age <= n <= 99:
                    continue
                if _GROUP_BEFORE_RE.search(text[max(0, m.start() - 30) : m.start()]):
                    continue
                start = (
                    m.start("n")
                    if source in ("rules.age.label", "rules.age.aged", "rules.age.er", "rules.age.i_am")
                    else m.start()
                )
                end = m.end()
                if source == "rules.age.paren":
                    start, end = m.start() + 1, m.end() - 1
                hits.append(RuleHit(Category.AGE, start, end, score, source))
        for m in _BARE_RE.finditer(text):
            n = int(m.group("n"))
            if not 16 <= n <= 79:
                continue
            if _DURATION_CTX_RE.search(text[max(0, m.start() - 40) : m.start("n")]):
                continue
            hits.append(RuleHit(Category.AGE, m.start("n"), m.end(), 0.6, "rules.age.bare"))
        return hits
