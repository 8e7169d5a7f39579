"""Family status: marital status, partners, children, parental leave; not children as a work target group."""

from __future__ import annotations

import re

from redactor.detect.rules.common import (
    RuleHit,
    gated,
    line_span,
    lower_same_length,
    unit_language,
    value_end,
    value_start,
)
from redactor.types import Category

_LABEL = gated(
    r"(?<![\w])(?:civilstand|civil\s*status|marital\s+status|ægteskabelig\s+stilling|familie(?:forhold|status)?"
    r"|family(?:\s+status)?|relationship\s+status)\s*:[ \t]*",
    "civil marital ægteskabelig familie family relationship",
)
_CHILD_LABEL = gated(
    r"(?:^|(?<=[\n\t|•]))[ \t]*(?:børn|children|kids)\s*:[ \t]*(?=\d|en\b|et\b|to\b|tre\b|fire\b|ja\b|nej\b|"
    r"ingen\b|yes\b|no\b|none\b|one\b|two\b|three\b|four\b)",
    "børn children kids",
    flags=re.IGNORECASE | re.MULTILINE,
)
_STATUS = gated(
    r"(?<![\w-])(?P<v>samlevende|samboende|samboer|forlovet|fraskilt|enkemand|enke|ugift|gift|"
    r"married|divorced|widowed|widower|widow|separeret|registreret\s+partner|in\s+a\s+relationship|"
    r"i\s+et\s+forhold|i\s+parforhold|hjemmegående|stay-at-home\s+(?:mom|mum|dad|parent|mother|father)|"
    r"gravid|pregnant|barselsorlov|barsel|forældreorlov|moderskabsorlov|fædreorlov|"
    r"parental\s+leave|maternity\s+leave|paternity\s+leave|engaged(?=\s+to\b)|fiancée?|spouse|ægtefælle)(?![\w-])",
    "samlevende samboende samboer forlovet skilt enke gift married divorced widow separeret partner "
    "relationship forhold hjemmegående stay-at-home gravid pregnant barsel orlov leave engaged fianc spouse ægtefælle",
)
_GIFT_EN_BEFORE_RE = re.compile(
    r"(?:\b(?:a|an|the|my|his|her|as|this|your|gave|give|giving|natural)\s+)$", re.IGNORECASE
)
_GIFT_EN_AFTER_RE = re.compile(
    r"^(?:\s*-?\s*(?:card|cards|shop|for|to|of|wrap|voucher|certificate|box|set)\b|s\b)", re.IGNORECASE
)
_SKILT = gated(r"(?<![\w])(?:er|blev|nyligt?)\s+(?P<v>skilt)(?![\w])", "skilt")
_SINGLE = gated(
    r"(?<![\w])(?:(?:jeg\s+er|er|i\s+am|i'm|i’m)\s+(?P<v>single)(?![\w-])"
    r"|(?P<w>single)(?:,|\s+med|\s+with)?\s+(?:mor|far|mom|mum|dad|mother|father|parent|forælder)\b"
    r"|(?:^|(?<=\n)|(?<=,\s))[ \t]*(?P<x>single)(?=[ \t]*(?:,|\n|$)))",
    "single",
    flags=re.IGNORECASE | re.MULTILINE,
)
_PARTNER = gated(
    r"(?<![\w])(?:min|mine|sin|sine|vores|my|our)\s+(?P<v>kæreste|partner|samlever|hustru|kone|mand|husband|wife|boyfriend|"
    r"girlfriend|forlovede|fiancée?|børn|children|kids|søn|datter|sønner|døtre|son|daughter|"
    r"sons|daughters)(?![\w-])",
    "min sin vores my our",
)
_NUM = (
    r"\d{1,2}|et|ét|en|to|tre|fire|fem|seks|syv|otte|ni|ti|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|a|an|tvillinger|twins"
)
_CHILDREN = gated(
    rf"(?<![\w-])(?P<n>{_NUM})\s+(?:(?:dejlige|skønne|søde|små|voksne|hjemmeboende|wonderful|lovely|young|little|"
    r"grown-up|adult)\s+)?(?P<noun>børn|barn|sønner|søn|døtre|datter|children|child|kids|sons|son|daughters|"
    r"daughter|drenge|piger|teenagere|bonusbørn|stedbørn|stepchildren|børnebørn|grandchildren)(?![\w-])"
    r"(?P<tail>\s*\([^)\n]{1,30}\)|\s+(?:på|aged|age|i\s+alderen)\s+\d{1,2}(?:\s*(?:,|og|and|&)\s*\d{1,2})*"
    r"(?:\s*(?:år|years?))?)?",
    "børn barn søn datter døtre child kids son daughter drenge piger teenagere twins tvillinger",
)
_PARENT_OF = gated(
    rf"(?<![\w-])(?:mor|far|forældre|forælder|mother|father|parent|mom|mum|dad)\s+(?:til|of|to)\s+"
    rf"(?:{_NUM})(?:\s+(?:børn|barn|children|kids|drenge|piger|boys|girls))?(?![\w-])",
    "mor far forældre forælder mother father parent mom mum dad",
)
_CHILD_NEG_BEFORE_RE = re.compile(
    r"(?:\bfor|\bmed|\baf|\bpå|\bi|\bwith|\bof|\bteaching|\btaught|\bcaring|\bcare|\bansvar\w*|\bgruppe|"
    r"\bklasse|\bstue|\bhold|\bgroup|\bclass|\bca\.?|\bover|\bunder|\bomkring|\babout|\baround|\bapprox\.?|"
    r"\bwork(?:ed|ing)?|\barbejd\w*|\bpassede|\bpasse|\bundervis\w*|\bteach\w*)\s*$",
    re.IGNORECASE,
)
_MARRIED_BEFORE_RE = re.compile(
    r"\b(?:gift|married|samlevende|divorced|fraskilt|mine|vores|my|our)\b\W+(?:\w+\W+){0,2}$", re.IGNORECASE
)
_CHILD_POS_BEFORE_RE = re.compile(
    r"(?:\bhar|\bhave|\bhas|\bog|\band|\bgift,?|\bmarried,?|\bmine|\bvores|\bmy|\bour|\bsamlevende,?|"
    r"\bfraskilt,?|\bdivorced,?|[,:;(]|^)\s*$",
    re.IGNORECASE,
)


# a table cell holding only a marital status (its "Civilstand" label sits in another text unit)
_CELL_VALUES = frozenset(
    {"gift", "ugift", "single", "samlevende", "fraskilt", "skilt", "enke", "enkemand", "married", "unmarried",
     "divorced", "widowed", "separated", "separeret", "forlovet", "engaged", "registreret partner"}
)  # fmt: skip


class FamilyRecognizer:
    """Marital status, partners, children and parental leave."""

    def find(self, text: str, lang: str, *, ulang: str | None = None) -> list[RuleHit]:
        hits: list[RuleHit] = []
        cat = Category.FAMILY
        ulang = ulang or unit_language(text, lang)
        low = lower_same_length(text)
        for lm in _LABEL.finditer(text, low):
            vs = value_start(text, lm.end())
            end = value_end(text, vs)
            if end > vs:
                hits.append(RuleHit(cat, vs, end, 0.95, "rules.family.label"))
        stripped = text.strip()
        if stripped.lower() in _CELL_VALUES:
            start = text.index(stripped)
            hits.append(RuleHit(cat, start, start + len(stripped), 0.6, "rules.family.cell"))
        for lm in _CHILD_LABEL.finditer(text, low):
            end = value_end(text, lm.end())
            if end > lm.end():
                hits.append(RuleHit(cat, lm.end(), end, 0.9, "rules.family.label"))
        for m in _STATUS.finditer(text, low):
            word = m.group("v").lower()
            score = 0.85
            if word == "gift":
                before = text[max(0, m.start() - 20) : m.start()]
                after = text[m.end() : m.end() + 15]
                if ulang == "en" or _GIFT_EN_BEFORE_RE.search(before) or _GIFT_EN_AFTER_RE.match(after):
                    continue
            elif word in ("barsel",):
                score = 0.7
            elif word in ("spouse", "ægtefælle"):
                score = 0.6
            hits.append(RuleHit(cat, m.start("v"), m.end("v"), score, "rules.family.status"))
        for m in _SKILT.finditer(text, low):
            hits.append(RuleHit(cat, m.start("v"), m.end("v"), 0.8, "rules.family.status"))
        for m in _SINGLE.finditer(text, low):
            g = next(g for g in ("v", "w", "x") if m.group(g))
            hits.append(RuleHit(cat, m.start(g), m.end(g), 0.75, "rules.family.status"))
        for m in _PARTNER.finditer(text, low):
            hits.append(RuleHit(cat, m.start(), m.end(), 0.7, "rules.family.partner"))
        for m in _PARENT_OF.finditer(text, low):
            hits.append(RuleHit(cat, m.start(), m.end(), 0.9, "rules.family.parent"))
        for m in _CHILDREN.finditer(text, low):
            n = m.group("n").lower()
            if n.isdigit() and not 1 <= int(n) <= 12:
                continue
            if n in ("a", "an") and m.group("noun").lower() not in ("son", "daughter", "child"):
                continue
            ls, _ = line_span(text, m.start())
            before = text[max(ls, m.start() - 30) : m.start()]
            if _CHILD_NEG_BEFORE_RE.search(before) and not _MARRIED_BEFORE_RE.search(before):
                continue
            positive = _CHILD_POS_BEFORE_RE.search(before) or _MARRIED_BEFORE_RE.search(before)
            score = 0.85 if positive else 0.55
            if n in ("a", "an", "en", "et", "ét") and score < 0.8:
                continue
            hits.append(RuleHit(cat, m.start(), m.end(), score, "rules.family.children"))
        return hits
