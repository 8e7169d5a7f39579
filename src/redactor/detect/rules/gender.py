"""Gender cues: "Køn:" values, self-descriptions, third-person pronouns, titles, spouse and parent words."""

from __future__ import annotations

import re

from redactor.detect.rules.common import UP, RuleHit, gated, lower_same_length, unit_language, word_tokens
from redactor.types import Category

_GENDER_VALUES = (
    r"kvinde|mand|female|male|woman|man|hun|han|pige|dreng|non-?binær|ikke-?binær|non-?binary|"
    r"andet|other|divers|k|m|f|w"
)
_LABEL = gated(
    rf"(?<![\w])(?:køn|gender|sex|kjønn|kön)\s*[:\-–]?[ \t]*\n?[ \t]*(?P<v>{_GENDER_VALUES})(?![\w-])",
    "køn gender sex kjønn kön",
)
_NOUNS_DA = r"mand|kvinde|pige|dreng|fyr"
_NOUNS_EN = r"man|woman|girl|boy|guy|lady|gentleman"
_NOUNS = f"{_NOUNS_DA}|{_NOUNS_EN}"
_SELF_DA = gated(
    rf"(?<![\w])(?:jeg\s+er|jeg\s+var|som)\s+(?:(?:en|et)\s+)?(?:[\w-]+,?\s+){{0,3}}?(?P<v>{_NOUNS_DA})(?![\w-])",
    "mand kvinde pige dreng fyr",
)
_SELF_EN = gated(
    rf"(?<![\w])(?:i\s+am|i'm|i’m|as)\s+(?:an?\s+)(?:[\w-]+,?\s+){{0,3}}?(?P<v>{_NOUNS_EN})(?![\w-])",
    "i am i'm i’m as a",
)
# a third-person bio: "Amara is a curious young woman", "Mads er en rolig dreng" (a name at a sentence start)
_BIO_SUBJECT = r"(?:^|(?<=[.!?]\s)|(?<=\n))(?-i:[A-ZÆØÅ][a-zæøåäöüéè'’\-]+)\s+"
# the words between the article and the noun describe the person: no second article or preposition
_BIO_WORDS = r"(?:(?!(?:an?|the|for|of|with|to|en|et|til|med|som)\s)[\w-]+,?\s+){0,3}?"
_THIRD_EN = gated(
    rf"{_BIO_SUBJECT}(?:is|was)\s+an?\s+{_BIO_WORDS}(?P<v>{_NOUNS_EN})(?![\w-])",
    "man woman girl boy guy lady gentleman",
)
_THIRD_DA = gated(
    rf"{_BIO_SUBJECT}(?:er|var)\s+(?:en|et)\s+{_BIO_WORDS}(?P<v>{_NOUNS_DA})(?![\w-])",
    "mand kvinde pige dreng fyr",
)
_AGED_NOUN = gated(
    rf"(?:årig|aarig|˚arig|årige|years?[- ]old)\s+(?P<v>{_NOUNS}|male|female)(?![\w-])",
    "årig aarig ˚arig year",
)
_YOUNG = gated(
    r"(?<![\w])(?:ung|moden|voksen|young|mature)\s+(?P<v>mand|kvinde|woman|man)(?![\w-])",
    "mand kvinde woman man",
)
_ADJ = gated(r"(?<![\w-])(?P<v>kvindelig|mandlig)(?![\w-])", "kvindelig mandlig")
_EN_ADJ = gated(
    r"(?<![\w/-])(?<!and )(?<!or )(?P<v>female|male)(?![\w/-])(?!\s+(?:and|or|&)\b)(?!\s*-?dominated)"
    r"(?!\s+\w+s\b)",
    "male",
)
_SPOUSE = gated(
    r"(?<![\w-])(?P<v>hustru|ægtemand|kone|wife|husband|boyfriend|girlfriend|"
    r"alenemor|alenefar|enlig\s+(?:mor|far)|single\s+(?:mom|mum|dad|mother|father)|"
    r"moderskabsorlov|fædreorlov|maternity\s+leave|paternity\s+leave)(?![\w-])",
    "hustru ægtemand kone wife husband boyfriend girlfriend alene enlig single moderskab fædre maternity paternity",
)
_MY_MAN = gated(r"(?<![\w])(?:min|sin|my)\s+(?P<v>mand|man)(?![\w-])", "mand man")
_PARENT = gated(
    r"(?<![\w-])(?:(?P<v>(?:bonus|sted|extra)?(?:mor|far))\s+(?:til|på\s+barsel|af)\b|(?:som|er|blev|being)\s+(?P<w>mor|far)\b"
    r"|(?P<x>(?:step-?)?(?:mother|father|mom|mum|dad))\s+(?:of|to)\s+(?:\d|one|two|three|four|five|six|a\b|an\b|twins)"
    r"|(?:as\s+an?|i\s+am\s+an?|i'm\s+an?|new|working|proud)\s+(?P<y>mother|father|mom|mum|dad)\b"
    r"|(?P<z>søn|datter|son|daughter)\s+(?:af|of)\s+(?:en|et|a|an|to|two)\b)",
    "mor far mother father mom mum dad søn datter son daughter",
)
_TITLE = gated(
    rf"(?<![\w.])(?P<v>Mrs\.?|Mr\.?|Ms\.|Ms(?=\s+[{UP}])(?!\s+(?:Office|Word|Excel|Teams|Project|Access|"
    rf"PowerPoint|Outlook|SQL|Dynamics|Azure|Visio|Windows|Navision|Exchange|SharePoint))|Miss|Mister|"
    rf"Hr\.|Fru|Frk\.?|Herr|Frau|Mme\.?|Mlle\.?)(?=\s+[{UP}])",
    "mr ms miss hr. fru frk herr frau mme mlle",
    flags=0,
)
_NEUTRAL_RE = re.compile(
    r"(?<![\w])(?:he\s*/\s*she|she\s*/\s*he|s/he|his\s*/\s*her|her\s*/\s*his|him\s*/\s*her|her\s*/\s*him|"
    r"he\s+or\s+she|she\s+or\s+he|his\s+or\s+her|her\s+or\s+his|him\s+or\s+her|her\s+or\s+him|"
    r"himself\s*/\s*herself|han\s*/\s*hun|hun\s*/\s*han|han\s+eller\s+hun|hun\s+eller\s+han|"
    r"ham\s*/\s*hende|hende\s*/\s*ham|ham\s+eller\s+hende|hende\s+eller\s+ham|hans\s*/\s*hendes|"
    r"hendes\s*/\s*hans|hans\s+eller\s+hendes|hendes\s+eller\s+hans)(?![\w])",
    re.IGNORECASE,
)
# a table cell holding only a gender value (its "Køn" label sits in another cell, another text unit)
_CELL_VALUES = frozenset({"kvinde", "mand", "female", "male", "woman", "man", "kvindelig", "mandlig"})
_PRONOUNS_DA = frozenset({"hun", "han", "hende", "hendes", "ham", "hans"})
_PRONOUNS_EN = frozenset({"she", "he", "her", "him", "his", "hers", "herself", "himself"})
_RULES = (
    (_LABEL, 0.95, "rules.gender.label"),
    (_SELF_DA, 0.85, "rules.gender.self"),
    (_SELF_EN, 0.85, "rules.gender.self"),
    (_THIRD_EN, 0.8, "rules.gender.bio"),
    (_THIRD_DA, 0.8, "rules.gender.bio"),
    (_AGED_NOUN, 0.9, "rules.gender.self"),
    (_YOUNG, 0.7, "rules.gender.noun"),
    (_ADJ, 0.65, "rules.gender.adjective"),
    (_EN_ADJ, 0.55, "rules.gender.adjective"),
    (_SPOUSE, 0.8, "rules.gender.spouse"),
    (_MY_MAN, 0.8, "rules.gender.spouse"),
    (_PARENT, 0.8, "rules.gender.parent"),
    (_TITLE, 0.85, "rules.gender.title"),
)


class GenderRecognizer:
    """Gender cues; ambiguous words are resolved with the unit's language (Danish "her" means "here")."""

    def find(
        self, text: str, lang: str, *, tokens: list[tuple[int, int, str]] | None = None, ulang: str | None = None
    ) -> list[RuleHit]:
        """Gender hits; ``tokens`` and ``ulang`` may be passed in when already computed for ``text``."""
        hits: list[RuleHit] = []
        low = lower_same_length(text)
        for rule, score, source in _RULES:
            names = [g for g in ("v", "w", "x", "y", "z") if g in rule.pattern.groupindex]
            for m in rule.finditer(text, low):
                group = next(g for g in names if m.group(g))
                hits.append(RuleHit(Category.GENDER, m.start(group), m.end(group), score, source))
        stripped = text.strip()
        if stripped.lower() in _CELL_VALUES:
            start = text.index(stripped)
            hits.append(RuleHit(Category.GENDER, start, start + len(stripped), 0.6, "rules.gender.cell"))
        hits.extend(self._pronouns(text, low, lang, tokens, ulang))
        return hits

    def _pronouns(
        self, text: str, low: str, lang: str, tokens: list[tuple[int, int, str]] | None, ulang: str | None
    ) -> list[RuleHit]:
        hits: list[RuleHit] = []
        found = []
        for s, _e, word in tokens if tokens is not None else word_tokens(text):
            head = re.split(r"['’]", word, maxsplit=1)[0]  # "he's", "she'd"
            lw = head.lower()
            if lw in _PRONOUNS_DA or lw in _PRONOUNS_EN:
                if head.isupper() and len(head) > 1:
                    continue  # "HE", "HANS" in capitals: headings, acronyms
                found.append((s, s + len(head), head, lw))
        if not found:
            return hits
        neutral = [(m.start(), m.end()) for m in _NEUTRAL_RE.finditer(text)]
        ulang = ulang or unit_language(text, lang)
        for s, e, word, lw in found:
            if any(a <= s < b for a, b in neutral):
                continue
            if lw in _PRONOUNS_DA:
                if lw == "ham" and ulang == "en":
                    continue
                # "Hans Jensen", "Han Li" are names; a pronoun at a sentence start is followed by a lowercase word
                if word[0].isupper() and not re.match(r"\s+[a-zæøå]", text[e : e + 3]):
                    continue
            else:
                if word[0].isupper() and re.match(r"\s+(?!I\b)[A-Z]", text[e : e + 3]):
                    continue  # "She Codes", "He Said" in a title or organisation name
                if lw == "her" and ulang != "en":
                    continue  # Danish "her" means "here"
                if lw == "he" and ulang != "en" and not re.search(r"\b(?:is|was|has|she|he)\b", low):
                    continue
            hits.append(RuleHit(Category.GENDER, s, e, 0.8, "rules.gender.pronoun"))
        return hits
