"""CPR numbers (Danish personal identity numbers): DDMMYY-SSSS with date, century and context checks."""

from __future__ import annotations

import calendar
import re
from datetime import date

from redactor.detect.rules.common import RuleHit, has_digit
from redactor.types import Category

_CPR_RE = re.compile(
    r"(?P<dd>\d(?<![\w+/.,-]\d)(?<!\d[ ]\d)\d)(?P<mm>\d{2})(?P<yy>\d{2})"
    r"(?P<sep>[ \t]?[-\u2010\u2011\u2013][ \t]?|[ \t])?(?P<seq>\d{4}|[xX*]{4})"
    r"(?![\w-])(?![.,/][\d])(?![ ]\d)"
)
_RAISE_RE = re.compile(
    r"\b(?:cpr|cpr[-. ]?(?:nr|nummer|no)|personnummer|personnr|person[-. ]?nr|personal id(?:entity)? number|"
    r"civil registration|soc(?:ial)? sec(?:urity)?|p\.?n\.?|cpr-?no)\b\.?\s*[:#]?\s*$",
    re.IGNORECASE,
)
_RAISE_NEAR_RE = re.compile(r"\b(?:cpr|personnummer|personnr)", re.IGNORECASE)
_LOWER_RE = re.compile(
    r"\b(?:p-?nr|p-?nummer|produktionsenhed|faktura\w*|ordre\w*|kunde\w*|sags\w*|journal\w*|j\.?nr|konto\w*|"
    r"reg\.?\s?nr|cvr|se-?nr|ean|vare\w*|serie\w*|invoice|order|customer|account|tlf|telefon|phone|mobil|fax)\b",
    re.IGNORECASE,
)
_WEIGHTS = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)


def cpr_birthdate(dd: int, mm: int, yy: int, seventh: int | None) -> date | None:
    """The birthdate a CPR encodes (day+60 substitute numbers accepted), or None if invalid.

    Century from the 7th digit: 0-3 -> 1900s; 4 and 9 -> 2000s for 00-36, else 1900s;
    5-8 -> 2000s for 00-57, else 1800s. With the sequence masked (``seventh`` None) the
    nearest past century is assumed.
    """
    if dd > 60:
        dd -= 60
    if not (1 <= mm <= 12 and 1 <= dd <= 31):
        return None
    if seventh is None:
        year = 1900 + yy if yy > date.today().year % 100 else 2000 + yy
    elif seventh <= 3:
        year = 1900 + yy
    elif seventh in (4, 9):
        year = 2000 + yy if yy <= 36 else 1900 + yy
    else:
        year = 2000 + yy if yy <= 57 else 1800 + yy
    if dd > calendar.monthrange(year, mm)[1]:
        return None
    return date(year, mm, dd)


def modulus11_ok(digits: str) -> bool:
    """The pre-2007 CPR check: weighted digit sum divisible by 11 (a confidence signal only)."""
    return len(digits) == 10 and sum(int(c) * w for c, w in zip(digits, _WEIGHTS, strict=True)) % 11 == 0


class CprRecognizer:
    """Finds CPR numbers; context words and the modulus-11 check set the score."""

    def find(self, text: str, today: date) -> list[RuleHit]:
        hits: list[RuleHit] = []
        if not has_digit(text):
            return hits
        for m in _CPR_RE.finditer(text):
            dd, mm, yy = int(m["dd"]), int(m["mm"]), int(m["yy"])
            seq = m["seq"]
            masked = not seq.isdigit()
            birth = cpr_birthdate(dd, mm, yy, None if masked else int(seq[0]))
            if birth is None or birth > today:
                continue
            sep = (m["sep"] or "").strip()
            if sep:
                score = 0.8
            elif m["sep"]:
                score = 0.6
            else:
                score = 0.5
            source = "rules.cpr"
            if masked:
                score = 0.75
                source = "rules.cpr.masked"
            elif modulus11_ok(m["dd"] + m["mm"] + m["yy"] + seq):
                score += 0.15
                source = "rules.cpr.mod11"
            if dd > 60:
                score -= 0.1
            before = text[max(0, m.start() - 40) : m.start()]
            window = text[max(0, m.start() - 60) : min(len(text), m.end() + 20)]
            if _RAISE_RE.search(before) or _RAISE_NEAR_RE.search(window):
                score = 0.98
                source = "rules.cpr.context"
            elif _LOWER_RE.search(before):
                score = 0.4  # "Kundenummer 1203881234": review, never silently kept
                source = "rules.cpr.lowered"
            hits.append(RuleHit(Category.CPR, m.start(), m.end(), round(min(score, 0.99), 3), source))
        return hits
