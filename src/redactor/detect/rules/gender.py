"""Gender cues: "Køn:" values, self-descriptions, third-person pronouns, titles, spouse and parent words."""

from __future__ import annotations

import re

from redactor.detect.rules.common import UP, RuleHit, unit_language
from redactor.types import Category

_GENDER_VALUES = (
    r"kvinde|mand|female|male|woman|man|hun|han|pige|dreng|non-?binær|ikke-?binær|non-?binary|"
    r"andet|other|divers|k|m|f|w"
)
_LABEL_RE = re.compile(
    rf"(?<![\w])(?:køn|gender|sex|kjønn|kön)\s*[:\-–]?[ \t]*\n?[ \t]*(?P<v>{_GENDER_VALUES})(?![\w-])",
    re.IGNORECASE,
)
_NOUNS_DA = r"mand|kvinde|pige|dreng|fyr"
_NOUNS_EN = r"man|woman|girl|boy|guy|lady|gentleman"
_NOUNS = f"{_NOUNS_DA}|{_NOUNS_EN}"
_SELF_DA_RE = re.compile(
    rf"(?<![\w])(?:jeg\s+er|jeg\s+var|som)\s+(?:(?:en|et)\s+)?(?:[\w-]+,?\s+){{0,3}}?(?P<v>{_NOUNS_DA})(?![\w-])",
    re.IGNORECASE,
)
_SELF_EN_RE = re.compile(
    rf"(?<![\w])(?:i\s+am|i'm|i’m|as)\s+(?:an?\s+)(?:[\w-]+,?\s+){{0,3}}?(?P<v>{_NOUNS_EN})(?![\w-])",
    re.IGNORECASE,
)
_AGED_NOUN_RE = re.compile(
    rf"(?:årig|aarig|˚arig|årige|years?[- ]old|yo)\s+(?P<v>{_NOUNS}|male|female)(?![\w-])", re.IGNORECASE
)
_YOUNG_RE = re.compile(
    r"(?<![\w])(?:ung|moden|voksen|young|mature)\s+(?P<v>mand|kvinde|woman|man)(?![\w-])", re.IGNORECASE
)
_ADJ_RE = re.compile(r"(?<![\w-])(?P<v>kvindelig|mandlig)(?![\w-])", re.IGNORECASE)
_EN_ADJ_RE = re.compile(
    r"(?<![\w/-])(?<!and )(?<!or )(?P<v>female|male)(?![\w/-])(?!\s+(?:and|or|&)\b)(?!\s*-?dominated)"
    r"(?!\s+\w+s\b)",
    re.IGNORECASE,
)
_SPOUSE_RE = re.compile(
    r"(?<![\w-])(?P<v>hustru|ægtemand|kone|wife|husband|boyfriend|girlfriend|"
    r"alenemor|alenefar|enlig\s+(?:mor|far)|single\s+(?:mom|mum|dad|mother|father)|"
    r"moderskabsorlov|fædreorlov|maternity\s+leave|paternity\s+leave)(?![\w-])",
    re.IGNORECASE,
)
_MY_MAN_RE = re.compile(r"(?<![\w])(?:min|sin|my)\s+(?P<v>mand|man)(?![\w-])", re.IGNORECASE)
_PARENT_RE = re.compile(
    r"(?<![\w-])(?:(?P<v>mor|far)\s+(?:til|på\s+barsel|af)\b|(?:som|er|blev|being)\s+(?P<w>mor|far)\b"
    r"|(?P<x>mother|father|mom|mum|dad)\s+(?:of|to)\s+(?:\d|one|two|three|four|five|six|a\b|an\b|twins)"
    r"|(?:as\s+an?|i\s+am\s+an?|i'm\s+an?|new|working|proud)\s+(?P<y>mother|father|mom|mum|dad)\b"
    r"|(?P<z>søn|datter|son|daughter)\s+(?:af|of)\s+(?:en|et|a|an|to|two)\b)",
    re.IGNORECASE,
)
_TITLE_RE = re.compile(
    rf"(?<![\w.])(?P<v>Mrs\.?|Mr\.?|Ms\.|Ms(?=\s+[{UP}])(?!\s+(?:Office|Word|Excel|Teams|Project|Access|"
    rf"PowerPoint|Outlook|SQL|Dynamics|Azure|Visio|Windows|Navision|Exchange|SharePoint))|Miss|Mister|"
    rf"Hr\.|Fru|Frk\.?|Herr|Frau|Mme\.?|Mlle\.?)(?=\s+[{UP}])"
)
_NEUTRAL_RE = re.compile(
    r"(?<![\w])(?:he\s*/\s*she|she\s*/\s*he|s/he|his\s*/\s*her|her\s*/\s*his|him\s*/\s*her|her\s*/\s*him|"
    r"he\s+or\s+she|she\s+or\s+he|his\s+or\s+her|her\s+or\s+his|him\s+or\s+her|her\s+or\s+him|"
    r"himself\s*/\s*herself|han\s*/\s*hun|hun\s*/\s*han|han\s+eller\s+hun|hun\s+eller\s+han|"
    r"ham\s*/\s*hende|hende\s*/\s*ham|ham\s+eller\s+hende|hende\s+eller\s+ham|hans\s*/\s*hendes|"
    r"hendes\s*/\s*hans|hans\s+eller\s+hendes|hendes\s+eller\s+hans)(?![\w])",
    re.IGNORECASE,
)
_PRONOUN_DA_RE = re.compile(
    r"(?<![\w'’-])(?P<v>hun|han|hende|hendes|ham|hans|Hun|Han|Hende|Hendes|Ham|Hans)"
    r"(?![\w'’-])"
)
_PRONOUN_EN_RE = re.compile(
    r"(?<![\w'’-])(?P<v>she|he|her|him|his|hers|herself|himself|She|He|Her|Him|His|Hers|Herself|Himself)"
    r"(?![\w'’-])"
)


class GenderRecognizer:
    """Gender cues; ambiguous words are resolved with the unit's language (Danish "her" means "here")."""

    def find(self, text: str, lang: str) -> list[RuleHit]:
        hits: list[RuleHit] = []
        cat = Category.GENDER
        for pat, score, source in (
            (_LABEL_RE, 0.95, "rules.gender.label"),
            (_SELF_DA_RE, 0.85, "rules.gender.self"),
            (_SELF_EN_RE, 0.85, "rules.gender.self"),
            (_AGED_NOUN_RE, 0.9, "rules.gender.self"),
            (_YOUNG_RE, 0.7, "rules.gender.noun"),
            (_ADJ_RE, 0.65, "rules.gender.adjective"),
            (_EN_ADJ_RE, 0.55, "rules.gender.adjective"),
            (_SPOUSE_RE, 0.8, "rules.gender.spouse"),
            (_MY_MAN_RE, 0.8, "rules.gender.spouse"),
            (_PARENT_RE, 0.8, "rules.gender.parent"),
            (_TITLE_RE, 0.85, "rules.gender.title"),
        ):
            for m in pat.finditer(text):
                group = next(g for g in ("v", "w", "x", "y", "z") if g in pat.groupindex and m.group(g))
                hits.append(RuleHit(cat, m.start(group), m.end(group), score, source))
        hits.extend(self._pronouns(text, lang))
        return hits

    def _pronouns(self, text: str, lang: str) -> list[RuleHit]:
        hits: list[RuleHit] = []
        neutral = [(m.start(), m.end()) for m in _NEUTRAL_RE.finditer(text)]
        ulang = unit_language(text, lang)
        for m in _PRONOUN_DA_RE.finditer(text):
            word = m.group("v")
            if any(s <= m.start() < e for s, e in neutral):
                continue
            if word.lower() == "ham" and ulang == "en":
                continue
            if word[0].isupper():
                nxt = text[m.end() : m.end() + 3]
                # "Hans Jensen", "Han Li" are names; a pronoun at a sentence start is followed by a lowercase word
                if not re.match(r"\s+[a-zæøå]", nxt):
                    continue
            hits.append(RuleHit(Category.GENDER, m.start(), m.end(), 0.8, "rules.gender.pronoun"))
        for m in _PRONOUN_EN_RE.finditer(text):
            word = m.group("v").lower()
            if any(s <= m.start() < e for s, e in neutral):
                continue
            if word == "her" and ulang != "en":
                continue
            if word in ("he", "her") and ulang != "en" and not re.search(r"\b(?:is|was|has|she|he)\b", text):
                continue
            hits.append(RuleHit(Category.GENDER, m.start(), m.end(), 0.8, "rules.gender.pronoun"))
        return hits
