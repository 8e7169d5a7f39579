"""Family status: marital status, partners, children, parental leave; not children as a work target group."""

from __future__ import annotations

import re

from redactor.detect.rules.common import (
    RuleHit,
    gated,
    is_detail_label,
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
    r"(?:^|(?<=[\n\t|•]))[ \t]*(?:antal\s+|number\s+of\s+|no\.?\s+of\s+|hjemmeboende\s+)?"
    r"(?:børn|children|kids|dependents|dependants)(?:\s*:[ \t]*|[ \t]*\n[ \t]*|[ \t]*\t[ \t]*)"
    r"(?=\d{1,2}(?![\d.:/-])|en\b|et\b|to\b|tre\b|fire\b|fem\b|ja\b|nej\b|ingen\b|yes\b|no\b|none\b|one\b|two\b|three\b|"
    r"four\b|five\b)",
    "børn children kids dependents dependants",
    flags=re.IGNORECASE | re.MULTILINE,
)
# "Civilstand\nGift", "Marital status\tMarried": a label without a colon, checked by its value
_LABEL_BARE = gated(
    r"(?:^|(?<=[\n\t|•]))[ \t]*(?:civilstand|civil\s*status|marital\s+status|familie(?:forhold|status)?|"
    r"family\s+status|relationship\s+status)(?:[ \t]*\n[ \t]*|[ \t]*\t[ \t]*|[ ]+)"
    r"(?P<v>(?:samlevende|samboende|forlovet|fraskilt|skilt|enkemand|enke|ugift|gift|single|married|unmarried|"
    r"divorced|widowed|widower|widow|separated|separeret|engaged|cohabiting|in\s+a\s+relationship|"
    r"registreret\s+partner)(?![\w-])[^\n\t|•]{0,60})",
    "civil marital familie family relationship",
    flags=re.IGNORECASE | re.MULTILINE,
)
_STATUS = gated(
    r"(?<![\w-])(?P<v>samlevende|samboende|samboer|forlovet|fraskilt|enkemand|enke|ugift|gift|"
    r"married|divorced|widowed|widower|widow|separeret|registreret\s+partner|in\s+a\s+relationship|"
    r"i\s+et\s+forhold|i\s+(?:et\s+)?parforhold|hjemmegående|stay-at-home\s+(?:mom|mum|dad|parent|mother|father)|"
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
_CHILD_NOUNS = (
    r"børn|barn|sønner|søn|døtre|datter|drenge|dreng|piger|pige|children|child|kids|kid|boys|boy|girls|girl|"
    r"sons|son|daughters|daughter"
)
_PARENT_OF = gated(
    rf"(?<![\w-])(?:(?:bonus|sted|step-?|single\s+)?(?:mor|far|forældre|forælder|mother|father|parent|mom|mum|dad)|"
    rf"stolt\s+(?:mor|far)|proud\s+(?:mother|father|parent|mom|mum|dad))\s+(?:til|of|to)\s+"
    rf"(?:{_NUM})(?:\s+(?:(?:små|dejlige|skønne|søde|voksne|young|little|wonderful|lovely|grown-up|adult|teenage)\s+)?"
    rf"(?:{_CHILD_NOUNS}))?"
    r"(?:\s*\([^)\n]{1,30}\)|\s+(?:på|aged|age|i\s+alderen)\s+\d{1,2}(?:\s*(?:,|og|and|&)\s*\d{1,2})*"
    r"(?:\s*(?:år|years?))?)?(?![\w-])",
    "mor far forældre forælder mother father parent mom mum dad",
)
# "mor til Emil (6) og Ida (3)", "father of Noah (4)": children named with their ages
_PARENT_OF_NAMED = gated(
    r"(?<![\w-])(?:bonus|sted|step-?)?(?:mor|far|forælder|mother|father|parent|mom|mum|dad)\s+(?:til|of|to)\s+"
    r"[A-ZÆØÅ][\w'-]+\s*\(\s*\d{1,2}(?:\s*(?:år|years?))?\s*\)"
    r"(?:\s*(?:,|og|and|&)\s*[A-ZÆØÅ][\w'-]+\s*\(\s*\d{1,2}(?:\s*(?:år|years?))?\s*\))*",
    "mor far forælder mother father parent mom mum dad",
    flags=re.IGNORECASE,
)
# "a family of four", "familie på fem": the household, not a work target group
_FAMILY_OF = gated(
    r"(?<![\w-])(?:(?:a|our|my|we\s+are\s+a)\s+family\s+of\s+(?:three|four|five|six|seven|3|4|5|6|7)|"
    r"(?:en|vores|min|vi\s+er\s+en)\s+familie\s+på\s+(?:tre|fire|fem|seks|syv|3|4|5|6|7))(?![\w-])"
    r"(?=\s*(?:[.,;:!)\n]|$)|\s+(?:and|who|with|in|living|og|der|som|i|med)\b)",
    "family familie",
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
# family words earlier in the same sentence ("Married to Kirsten with three children", "Gift med Ole, med to
# børn", "I live in Valby with my partner and ..."): "with/med N children" is then the applicant's own
_FAMILY_SENTENCE_RE = re.compile(
    r"(?<![\w-])(?:gift|married|samlevende|samboende|samboer|cohabiting|divorced|fraskilt|skilt|separeret|"
    r"separated|widowed|enke|enkemand|wife|husband|hustru|kone|ægtefælle|spouse|kæreste|girlfriend|boyfriend|"
    r"samlever|familie|familien|family|single|jeg\s+bor|vi\s+bor|bor\s+i|i\s+live|we\s+live|lives?\s+in|"
    r"living\s+in|privat|private(?:ly)?|personal|personligt?|fritid(?:en)?|spare\s+time|free\s+time)(?![\w-])",
    re.IGNORECASE,
)
# work words in the same sentence: "worked with two children with autism", "aflastning med to børn"
_WORK_SENTENCE_RE = re.compile(
    r"(?<![\w-])(?:work\w*|arbejd\w*|job\w*|teach\w*|taught|undervis\w*|car(?:e|ed|ing)|pass\w*|ansvar\w*|"
    r"gruppe\w*|group\w*|klasse\w*|class\w*|stue\w*|erfaring\w*|experience\w*|aflastning\w*|respite|"
    r"institution\w*|børnehave\w*|vuggestue\w*|skole\w*|school\w*|patient\w*|klient\w*|client\w*|"
    r"borger\w*|pleje\w*|foster\w*|pædagog\w*|nanny|au\s+pair|babysit\w*|barnepige|dagpleje\w*|"
    r"elev\w*|pupils?|students?|behandl\w*|therap\w*|terapi\w*|support\w*|støtte\w*|træn\w*|train\w*|"
    r"coach\w*|hold|holdet|team\w*|frivillig\w*|volunt\w*|spejder\w*|scout\w*|lejr\w*|camp\w*|lektie\w*|"
    r"leder\w*|ansat|employed|mentor\w*|tutor\w*|vejled\w*|assist\w*|instrukt\w*|klub\w*|club\w*)(?![\w-])",
    re.IGNORECASE,
)
_SENTENCE_START_RE = re.compile(r"(?:[.!?;\n•|]\s|\n)(?=[^.!?;\n•|]*$)")
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


def _sentence_before(text: str, pos: int, limit: int = 120) -> str:
    """The part of the sentence (same line, after the last sentence end) before ``pos``, at most ``limit`` chars."""
    window = text[max(0, pos - limit) : pos]
    m = _SENTENCE_START_RE.search(window)
    return window[m.end() :] if m else window


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
            if end > vs and not is_detail_label(text[vs:end]):
                hits.append(RuleHit(cat, vs, end, 0.95, "rules.family.label"))
        stripped = text.strip()
        if stripped.lower() in _CELL_VALUES:
            start = text.index(stripped)
            hits.append(RuleHit(cat, start, start + len(stripped), 0.6, "rules.family.cell"))
        for lm in _LABEL_BARE.finditer(text, low):
            end = value_end(text, lm.start("v"))
            if end > lm.start("v"):
                hits.append(RuleHit(cat, lm.start("v"), end, 0.9, "rules.family.label"))
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
        for m in _PARENT_OF_NAMED.finditer(text, low):
            hits.append(RuleHit(cat, m.start(), m.end(), 0.9, "rules.family.parent"))
        for m in _FAMILY_OF.finditer(text, low):
            hits.append(RuleHit(cat, m.start(), m.end(), 0.8, "rules.family.household"))
        for m in _CHILDREN.finditer(text, low):
            n = m.group("n").lower()
            if n.isdigit() and not 1 <= int(n) <= 12:
                continue
            if n in ("a", "an") and m.group("noun").lower() not in ("son", "daughter", "child"):
                continue
            ls, _ = line_span(text, m.start())
            before = text[max(ls, m.start() - 30) : m.start()]
            sentence = _sentence_before(text, m.start())
            family_sentence = _FAMILY_SENTENCE_RE.search(sentence) and not _WORK_SENTENCE_RE.search(sentence)
            if _CHILD_NEG_BEFORE_RE.search(before) and not _MARRIED_BEFORE_RE.search(before) and not family_sentence:
                continue
            positive = _CHILD_POS_BEFORE_RE.search(before) or _MARRIED_BEFORE_RE.search(before) or family_sentence
            score = 0.85 if positive else 0.55
            if n in ("a", "an", "en", "et", "ét") and score < 0.8:
                continue
            hits.append(RuleHit(cat, m.start(), m.end(), score, "rules.family.children"))
        return hits
