"""Birthdates: a date is a birthdate by context (a birth label or word), or a lone full date 16+ years back."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from datetime import date

from redactor.detect.rules.common import (
    DASH,
    MONTH_RE,
    RuleHit,
    find_dates,
    gated,
    has_digit,
    line_span,
    lower_same_length,
    overlaps,
    years_before,
)
from redactor.types import Category

_LABEL = gated(
    r"(?<![\w.])(?:"
    r"fødsels-?(?:dato|dag|år)|fødseldato|fødselsdagsdato|født(?:\s+(?:den|d\.|i|på))?|f\.(?=[ \t]+\d)|b\.(?=[ \t]+\d)"
    r"|date\s+of\s+birth|birth\s*-?\s*date|birthday|year\s+of\s+birth|(?:was\s+)?born(?:\s+(?:on|in|the))?"
    r"|d\.o\.b\.?|dob|årgang|birth"
    r")(?![\w])",
    "fød f. b. birth born dob d.o.b årgang",
)
_GAP_RE = re.compile(r"[ \t]*(?:[:\-–][ \t]*)?\n?[ \t]*(?:(?:den|d\.|the|on|in|i)\s+)?", re.IGNORECASE)
_DAY_MONTH_RE = re.compile(rf"(?P<d>\d{{1,2}})\.?\s*(?P<mon>{MONTH_RE})(?![\w])", re.IGNORECASE)
_PERIOD_AFTER_RE = re.compile(rf"^\s*(?:[{DASH}]|til\b|to\b|until\b|through\b|og\s+frem|onwards)", re.IGNORECASE)
_PERIOD_BEFORE_RE = re.compile(
    rf"(?:[{DASH}]|\btil|\bto|\bfra|\bfrom|\bsince|\bsiden|\bsidst|\bpr\.|\bper|\buntil)\s*$", re.IGNORECASE
)
_NEG_CUE_RE = re.compile(
    r"(?:eksamen|exam|dimitt|graduat|afslut|complet|udstedt|issued|gyldig|valid|ansat|employ|start|begynd|"
    r"siden|since|dato|date|deadline|frist|opdater|updat|kursus|course|certific|bestå|passed|modtag|receiv|"
    r"tiltr|fratr|ophør|period|sendt|sent|dateret|dated|indsendt|underskrevet|signed|gennemført|finished|"
    r"jubilæum|anniversary|kontrakt|contract|version|udgave|edition|published|udgivet|ansøgning|application)",
    re.IGNORECASE,
)
_PERSONAL_CUE_RE = re.compile(
    r"(?:personlige oplysninger|personal (?:details|information|data)|personlig information|adresse|address|"
    r"tlf|telefon|phone|mobil|e-?mail|nationalitet|nationality|køn|gender|civilstand|marital|kørekort)",
    re.IGNORECASE,
)


class BirthdateRecognizer:
    """Labelled birthdates (value only, any precision) and unlabelled lone full dates far enough back."""

    def find(self, text: str, today: date, taken: list[tuple[int, int]] | None = None) -> list[RuleHit]:
        hits: list[RuleHit] = []
        if not has_digit(text):
            return hits
        blocked = list(taken or [])
        low = lower_same_length(text)
        dates = find_dates(text, today, low=low)  # every date once; labels and lone dates look them up
        by_start = {d.start: d for d in dates}
        starts = [d.start for d in dates]
        for lm in _LABEL.finditer(text, low):
            gap = _GAP_RE.match(text, lm.end())
            vs = gap.end() if gap else lm.end()
            if vs >= len(text) or not text[vs].isdigit() and not text[vs].isalpha():
                continue
            d = by_start.get(vs)
            label = lm.group(0).lower()
            if d is not None:
                if not today.year - 110 <= d.year <= today.year:
                    continue
                if d.precision == "year" and label in ("birth",):
                    continue
                if overlaps(d.start, d.end, blocked):
                    continue
                hits.append(RuleHit(Category.BIRTHDATE, d.start, d.end, 0.95, "rules.birthdate.label"))
                blocked.append((d.start, d.end))
                continue
            dm = _DAY_MONTH_RE.match(text, vs)
            if dm and label not in ("birth",) and not overlaps(dm.start(), dm.end(), blocked):
                hits.append(RuleHit(Category.BIRTHDATE, dm.start(), dm.end(), 0.85, "rules.birthdate.label"))
                blocked.append((dm.start(), dm.end()))
        personal = _PERSONAL_CUE_RE.search(text) is not None
        for d in dates:
            if d.precision != "day" or overlaps(d.start, d.end, blocked):
                continue
            age = years_before(today, d.year, d.month, d.day)
            if not 16 <= age <= 100:
                continue
            ls, le = line_span(text, d.start)
            if _PERIOD_AFTER_RE.match(text, d.end, min(len(text), d.end + 30)):
                continue
            if _PERIOD_BEFORE_RE.search(text[max(ls, d.start - 30) : d.start]):
                continue
            if _NEG_CUE_RE.search(text[max(ls, d.start - 50) : d.start]):
                continue
            if bisect_right(starts, le - 1) - bisect_left(starts, ls) > 1:
                continue  # another date or year on the same line: a period, a list of events
            score = 0.75 if personal else 0.55
            hits.append(RuleHit(Category.BIRTHDATE, d.start, d.end, score, "rules.birthdate.lone"))
        return hits
