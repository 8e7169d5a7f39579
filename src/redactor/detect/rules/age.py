"""Age statements ("Alder: 36", "36 år", "36-årig", "aged 36", "36 years old"), not durations."""

from __future__ import annotations

import re

from redactor.detect.rules.common import Gated, RuleHit, gated, has_digit, lower_same_length
from redactor.types import Category

_AAR = r"(?:år|aar|˚ar|\u030aar)"
_ARIG = r"(?:årig|aarig|˚arig)"
_N = r"(?P<n>\d{1,2})(?!\d|[,.]\d)"
# the same, digit first (a leading look-behind would slow every scan): no word character or ",.-" before it
_N_FIRST = r"(?P<n>\d(?<![\w,.-]\d)(?<!\d\d)\d?)(?!\d|[,.]\d)"
_RANGE = r"(?!\s*(?:[-–—/]|til|to|and|og)\s*\d)(?!\s*\+)"

_RULES: tuple[tuple[Gated, float, str], ...] = (
    # Alder: 36 / Age: 36 / Alder 36 år / age of 36
    (
        gated(
            rf"(?<![\w-])(?:alder|age(?:\s+of)?)\s*[:\-–]?\s*{_N}{_RANGE}(?:\s*(?:{_AAR}|years?|yrs?)(?![\w]))?",
            "alder age",
        ),
        0.9,
        "rules.age.label",
    ),
    # aged 36
    (gated(rf"(?<![\w-])aged\s+{_N}{_RANGE}(?!\s*(?:months?|weeks?|days?))", "aged"), 0.85, "rules.age.aged"),
    # 36-årig / 20 årig / 36-årige (not the neuter "-årigt", which goes with nouns like jubilæum)
    (gated(rf"{_N_FIRST}\s?[-‐–]?\s?{_ARIG}e?(?![\wt])", "årig aarig ˚arig"), 0.85, "rules.age.aarig"),
    # jeg er 36 år / fyldte 40 / fylder 40 år
    (
        gated(
            rf"(?<![\w])(?:er|blev|bliver)\s+{_N}{_RANGE}(?:\s+{_AAR}(?![\w]))?"
            rf"(?=\s*(?:gammel|ung|$|[,.;)\n]|og\b|med\b))",
            "er blev bliver",
        ),
        0.75,
        "rules.age.er",
    ),
    # fyldte 40 / fylder 40 år (a birthday)
    (
        gated(rf"(?<![\w])(?:fyldte|fylder|fyldt|turned|turning)\s+{_N}{_RANGE}(?:\s+{_AAR}(?![\w]))?", "fyld turn"),
        0.8,
        "rules.age.er",
    ),
    # 36 år gammel / 36 år ung
    (gated(rf"{_N_FIRST}\s+{_AAR}\s+(?:gammel|ung)(?![\w])", "gammel ung"), 0.9, "rules.age.gammel"),
    # (36 år)
    (gated(rf"\(\s*{_N}\s*{_AAR}\s*\)", "år aar ˚ar"), 0.8, "rules.age.paren"),
    # 36 years old / 36-year-old / 36 y/o / 36 yrs old
    (
        gated(rf"{_N_FIRST}\s?(?:[-‐]?\s?(?:years?|yrs?)\s?[-‐]?\s?old|y/?o)(?![\w])", "old y/o yo"),
        0.9,
        "rules.age.years_old",
    ),
    # I am 36 / I'm 36
    (
        gated(
            rf"(?<![\w])(?:I\s+am|I'm|I’m)\s+{_N}{_RANGE}(?=\s*(?:$|[,.;)\n]|and\b|with\b|years?\s+old))",
            "i am i'm i’m",
            flags=0,
        ),
        0.8,
        "rules.age.i_am",
    ),
)
# Bare "36 år" at the start of a line or after a comma, and followed by an end: "Mand, 36 år, gift".
_BARE = gated(rf"{_N_FIRST}\s+(?:{_AAR}|years?|yrs\.?)(?=\s*(?:$|[,.;)\n|•·–—-]))", "år aar ˚ar year yrs")
_BARE_BEFORE_RE = re.compile(r"(?:^|\n|,|[|•·–—]|\s-)[ \t]*$")
_BARE_EN_BEFORE_RE = re.compile(r"(?:^|\n|,)[ \t]*$")  # "Olena, 34 years, married"; not "Manager – 20 years"
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
        if not has_digit(text):
            return hits
        low = lower_same_length(text)
        for rule, score, source in _RULES:
            for m in rule.finditer(text, low):
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
        for m in _BARE.finditer(text, low):
            before = text[max(0, m.start() - 20) : m.start()]
            english = not m.group(0).rstrip(".").endswith(("år", "aar", "˚ar"))
            if not (_BARE_EN_BEFORE_RE if english else _BARE_BEFORE_RE).search(before):
                continue
            n = int(m.group("n"))
            if not 16 <= n <= 79:
                continue
            if _DURATION_CTX_RE.search(text[max(0, m.start() - 40) : m.start("n")]):
                continue
            hits.append(RuleHit(Category.AGE, m.start("n"), m.end(), 0.5 if english else 0.6, "rules.age.bare"))
        return hits
