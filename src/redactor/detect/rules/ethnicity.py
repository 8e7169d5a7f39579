"""Ethnicity cues: nationality, citizenship, origin, mother tongue, religion, ethnic/religious associations."""

from __future__ import annotations

import re

from redactor.detect.rules.common import LO, UP, Gazetteers, RuleHit, fold, value_end, value_start
from redactor.types import Category

_LABEL_RE = re.compile(
    r"(?<![\w])(?:nationalitet|nationality|statsborgerskab|citizenship|statsborger|oprindelse|origin|etnicitet|"
    r"ethnicity|ethnic\s+origin|etnisk\s+oprindelse|herkomst|religion|trosretning|faith|religious\s+affiliation|"
    r"fødested|fødeby|fødeland|place\s+of\s+birth|birthplace|country\s+of\s+birth|hjemland|home\s+country|"
    r"country\s+of\s+origin|oprindelsesland|opholdsgrundlag|opholdstilladelse|residence\s+permit|"
    r"work\s+permit|arbejdstilladelse|visa(?:\s+status)?)\s*:[ \t]*",
    re.IGNORECASE,
)
_TONGUE_LABEL_RE = re.compile(
    r"(?<![\w])(?:modersmål|mother\s+tongues?(?:\(s\))?|native\s+languages?|first\s+languages?|førstesprog|"
    r"hjemmesprog|home\s+language)\s*[:\-–]?[ \t]*(?=\n?[ \t]*[{UP}{LO}])".replace("{UP}", UP).replace("{LO}", LO),
    re.IGNORECASE,
)
_LANG_WORD = rf"[{UP}{LO}][{LO}]+(?:[ -][{UP}{LO}][{LO}]+)?"
_NATIVE_MARK = (
    r"(?:modersmål|native(?:\s+(?:speaker|language|or\s+bilingual(?:\s+proficiency)?|level|tongue))?|"
    r"mother\s+tongue|first\s+language|førstesprog|indfødt|bilingual)"
)
# "Arabic (native)", "arabisk (modersmål)", "Arabic: native", "arabisk - modersmål", "Arabic native speaker"
_PAIR_RE = re.compile(
    rf"(?<![\w-])(?P<lang>{_LANG_WORD})\s*(?:\(\s*{_NATIVE_MARK}[^)\n]{{0,20}}\)|[:\-–—,]\s*{_NATIVE_MARK}\b"
    rf"|\s+{_NATIVE_MARK}\b|\s+som\s+modersmål\b|\s+(?:is|er)\s+(?:my|mit)\s+(?:native\s+language|modersmål|"
    rf"mother\s+tongue|first\s+language)\b)",
    re.IGNORECASE,
)
# "native speaker of Arabic", "modersmål er arabisk", "native Arabic speaker"
_TONGUE_PROSE_RE = re.compile(
    rf"(?<![\w])(?:(?:native\s+speaker\s+of|modersmål\s+(?:er|is)|native\s+language\s+is|mother\s+tongue\s+is|"
    rf"first\s+language\s+is|modersmålet\s+er)\s+(?P<lang>{_LANG_WORD})|native\s+(?P<lang2>{_LANG_WORD})\s+speaker)",
    re.IGNORECASE,
)
_MARK_ALONE_RE = re.compile(rf"\(\s*{_NATIVE_MARK}\s*\)", re.IGNORECASE)

_DA_CUE_NOUN = (
    r"statsborger(?:skab)?|baggrund|oprindelse|afstamning|herkomst|rødder|familie|forældre|indvandrer(?:e)?|"
    r"flygtning(?:e)?|pas|nationalitet|kulturforening|forening|ungdomsforening|studenterforening|kvindeforening|"
    r"minoritet|etnicitet|opvækst|mindretal|mor|far|herkomst|efterkommer|efterkommere|afstamning"
)
_DA_ADJ_CUE_RE = re.compile(
    rf"(?<![\w-])(?P<adj>[{UP}{LO}]+(?:-[{UP}{LO}]+)?)\s+(?:(?:etnisk|kulturel)\s+)?(?P<cue>{_DA_CUE_NOUN})(?![\w])",
    re.IGNORECASE,
)
_DA_ETNISK_RE = re.compile(rf"(?<![\w-])etnisk\s+(?P<adj>[{LO}]+)(?![\w])", re.IGNORECASE)
_DA_BORN_ADJ_RE = re.compile(rf"(?<![\w-])(?P<adj>[{UP}{LO}]+?)-?(?:fødte?|født)(?![\w])", re.IGNORECASE)
_EN_CUE_NOUN = (
    r"citizen(?:ship)?|nationals?|nationality|passport|origin|descent|heritage|background|roots|parents|family|"
    r"immigrants?|refugees?|community|association|society|diaspora|minority|ethnicity|-born|born|ancestry"
)
_EN_DEM_CUE_RE = re.compile(
    rf"(?<![\w-])(?P<adj>[{UP}][{LO}]+(?:[ -][{UP}][{LO}]+)?)(?:\s+|(?=-born))(?P<cue>{_EN_CUE_NOUN})(?![\w])"
)
_EN_I_AM_RE = re.compile(
    rf"(?<![\w])(?:I\s+am|I'm|I’m)\s+(?:an?\s+)?(?:proud\s+)?(?P<adj>[{UP}][{LO}]+(?:-[{UP}][{LO}]+)?)"
    r"(?![\w-])(?!\s+(?:speaker|language|translator|interpreter|teacher))"
)
_DA_NOUN_RE = re.compile(rf"(?<![\w-])(?P<w>[{LO}]+(?:-[{LO}]+)?)(?![\w-])")
_PLACE = rf"[{UP}][{LO}{UP}'’]+(?:(?:[ -]|\s(?:og|and|of|da|de)\s)[{UP}][{LO}{UP}'’]+){{0,3}}"
_ORIGIN_ANY_RE = re.compile(
    rf"(?<![\w])(?P<cue>født\s+og\s+opvokset|opvokset\s+og\s+født|født:?(?:[ ,]+[\w./-]+){{0,4}}?|opvokset"
    rf"|vokset\s+op|voksede\s+op|born\s+and\s+raised|raised\s+and\s+born|born|grew\s+up|was\s+raised|"
    rf"brought\s+up)\s+(?P<prep>i|på|in|on)\s+(?P<place>{_PLACE})",
    re.IGNORECASE,
)
_ORIGIN_COUNTRY_RE = re.compile(
    rf"(?<![\w])(?P<cue>kommer\s+(?:oprindeligt?\s+)?fra|oprindeligt?\s+fra|stammer\s+(?:oprindeligt?\s+)?fra|"
    rf"flygtede\s+fra|flygtet\s+fra|flygtning\s+fra|indvandrede\s+fra|immigrerede\s+fra|emigrerede\s+fra|"
    rf"(?:har\s+)?rødder\s+i|originally\s+from|originate[sd]?\s+from|hails?\s+from|fled(?:\s+from)?|"
    rf"emigrated\s+from|immigrated\s+from|roots\s+in|I\s+am\s+from|I'm\s+from|I’m\s+from|I\s+come\s+from|"
    rf"came\s+(?:to\s+Denmark\s+)?from|kom\s+(?:til\s+Danmark\s+)?fra)\s+(?P<place>{_PLACE})",
    re.IGNORECASE,
)
_IMMIGRATION_RE = re.compile(
    r"(?<![\w])(?:(?:kom|flyttede|immigrerede|indvandrede|flygtede|ankom)\s+til\s+Danmark"
    r"(?:\s+(?:i\s+\d{4}|som\s+(?:\d{1,2}-årig|flygtning|barn|teenager|ung|lille)|for\s+\d+\s+år\s+siden))?"
    r"|(?:came|moved|immigrated|emigrated|fled|arrived)\s+to\s+Denmark"
    r"(?:\s+(?:in\s+\d{4}|as\s+an?\s+(?:refugee|child|teenager|young\s+\w+)|at\s+the\s+age\s+of\s+\d+|"
    r"\d+\s+years\s+ago))?)(?![\w])",
    re.IGNORECASE,
)
_STATUS_RE = re.compile(
    r"(?<![\w])(?:(?:jeg\s+er|er|som|var|blev|as\s+an?|I\s+am\s+an?|I'm\s+an?|I’m\s+an?|was\s+an?)\s+"
    r"(?:(?:anerkendt|politisk|kvote|tidligere|former|recognised|recognized|political)\s+)?"
    r"(?P<v>flygtning|indvandrer|efterkommer|nydansker|andengenerationsindvandrer|refugee|immigrant|"
    r"asylansøger|asylum\s+seeker)"
    r"|(?P<w>(?:(?:har|have|has|holds?|med|with)\s+)(?:permanent\s+|tidsubegrænset\s+)?(?:opholdstilladelse|"
    r"residence\s+permit|work\s+permit|arbejdstilladelse|permanent\s+ophold|green\s+card))"
    r"|(?P<x>(?:anden\s+etnisk|ikke-vestlig|etnisk\s+minoritets|minoritets|tosproget|indvandrer|flygtninge)\s*baggrund|"
    r"(?:other|non-western|ethnic\s+minority|minority|immigrant|refugee)\s+background|"
    r"\d\.\s*generations?\s*(?:indvandrer|efterkommer)|second[- ]generation\s+immigrant|etnisk\s+minoritet|"
    r"ethnic\s+minority))(?![\w])",
    re.IGNORECASE,
)
_RELIGION_CTX_RE = re.compile(
    r"(?<![\w])(?:jeg\s+er|er|som|i\s+am|i'm|i’m|as|practi[sc]ing|praktiserende|troende|devout|religious|religiøs|"
    r"observant)\s+(?:(?:en|et|a|an)\s+)?(?:(?:praktiserende|troende|devout|practi[sc]ing)\s+)?$",
    re.IGNORECASE,
)
_RELIGION_AFTER_RE = re.compile(r"^\s+(?:tro|faith|religion|trosretning|troende|believer)\b", re.IGNORECASE)
_PRACTICE_RE = re.compile(
    r"(?<![\w-])(?:moské(?:en)?|moske(?:en)?|mosque|menighed(?:en)?|menighedsråd\w*|congregation|synagoge(?:n)?|"
    r"synagogue|imam|koranskole\w*|hijab|tørklæde|niqab|headscarf|ramadan(?:en)?|fredagsbøn(?:nen)?)(?![\w-])",
    re.IGNORECASE,
)
_ORG_NOUN = (
    r"Kulturforening|Forening|Forbund|Ungdomsforening|Studenterforening|Kvindeforening|Kulturcenter|Community|"
    r"Association|Society|Club|Klub|Center|Centre|Moské|Menighed|Ungdom|Trossamfund|Youth"
)
_ORG_RE = re.compile(
    rf"(?<![\w-])(?P<adj>[{UP}][{LO}]+(?:-[{UP}][{LO}]+)?)\s+(?:[{UP}][{LO}]+\s+)?(?P<org>{_ORG_NOUN})(?![\w])"
)
_WORD_RE = re.compile(rf"[{UP}{LO}]+")


class EthnicityRecognizer:
    """Ethnicity, national origin and religion cues; a language stated as a skill is kept."""

    def __init__(self, gaz: Gazetteers) -> None:
        self.gaz = gaz
        self._nat_any = gaz.nat_adj_da | gaz.demonyms_en

    # -------------------------------------------------------------------------------------------- helpers
    def _is_nat(self, word: str, *, allow_danish: bool = True) -> bool:
        """True if every hyphen part is a nationality adjective/demonym (at least one non-Danish if two)."""
        parts = [fold(p) for p in word.split("-") if p]
        if not parts or not all(p in self._nat_any for p in parts):
            return False
        if not allow_danish and all(p in ("dansk", "danish") for p in parts):
            return False
        return not (len(parts) > 1 and all(p in ("dansk", "danish") for p in parts))

    def _is_lang(self, word: str) -> bool:
        return fold(word) in self.gaz.languages

    def _lang_start(self, phrase: str, start: int) -> int | None:
        """Start offset of the language name inside a one- or two-word phrase, or None if none is one."""
        if self._is_lang(phrase):
            return start
        parts = re.split(r"[ -]", phrase)
        if len(parts) == 2 and self._is_lang(parts[1]):
            return start + len(phrase) - len(parts[1])
        return None

    def _place_end(self, text: str, start: int, end: int) -> tuple[int, bool]:
        """Longest country name starting at ``start`` within ``text[start:end]`` (end, True) or (end, False)."""
        words = list(re.finditer(r"[^\s]+", text[start:end]))
        for k in range(min(len(words), 5), 0, -1):
            cand_end = start + words[k - 1].end()
            cand = text[start:cand_end].rstrip(".,;:)")
            if fold(cand) in self.gaz.countries:
                return start + len(cand), True
        first = words[0] if words else None
        if first is None:
            return end, False
        return start + len(text[start : start + first.end()].rstrip(".,;:)")), False

    # -------------------------------------------------------------------------------------------- find
    def find(self, text: str, lang: str) -> list[RuleHit]:
        hits: list[RuleHit] = []
        cat = Category.ETHNICITY
        add = hits.append
        for lm in _LABEL_RE.finditer(text):
            vs = value_start(text, lm.end())
            end = value_end(text, vs)
            if end <= vs:
                continue
            value = text[vs:end]
            label = lm.group(0).lower()
            if label.startswith("religion") and (value[:1].isdigit() or re.match(r"^[A-C](?:-niveau)?\b", value)):
                continue  # a school subject with a grade or level, not a faith
            add(RuleHit(cat, vs, end, 0.95, "rules.ethnicity.label"))
        for lm in _TONGUE_LABEL_RE.finditer(text):
            vs = value_start(text, lm.end())
            end = value_end(text, vs)
            if end > vs:
                add(RuleHit(cat, vs, end, 0.95, "rules.ethnicity.mother_tongue"))
        for m in _PAIR_RE.finditer(text):
            start = self._lang_start(m.group("lang"), m.start("lang"))
            if start is not None:
                add(RuleHit(cat, start, m.end(), 0.9, "rules.ethnicity.mother_tongue"))
            else:
                mark = re.search(_NATIVE_MARK, text[m.end("lang") : m.end()], re.IGNORECASE)
                if mark and not mark.group(0).lower().startswith(("native", "bilingual", "indfødt")):
                    add(RuleHit(cat, m.end("lang") + mark.start(), m.end(), 0.6, "rules.ethnicity.mother_tongue"))
        for m in _TONGUE_PROSE_RE.finditer(text):
            g = "lang" if m.group("lang") else "lang2"
            if self._lang_start(m.group(g), m.start(g)) is not None:
                add(RuleHit(cat, m.start(), m.end(), 0.9, "rules.ethnicity.mother_tongue"))
        for m in _MARK_ALONE_RE.finditer(text):
            add(RuleHit(cat, m.start(), m.end(), 0.6, "rules.ethnicity.mother_tongue"))
        self._nationality(text, add)
        self._origin(text, add)
        for m in _IMMIGRATION_RE.finditer(text):
            add(RuleHit(cat, m.start(), m.end(), 0.7, "rules.ethnicity.immigration"))
        for m in _STATUS_RE.finditer(text):
            g = next(g for g in ("v", "w", "x") if m.group(g))
            add(RuleHit(cat, m.start(g), m.end(g), 0.75, "rules.ethnicity.status"))
        self._religion(text, add)
        return hits

    def _nationality(self, text: str, add: object) -> None:
        cat = Category.ETHNICITY
        emit = add  # type: ignore[assignment]
        for m in _DA_ADJ_CUE_RE.finditer(text):
            adj = m.group("adj")
            cue = m.group("cue").lower()
            if not self._is_nat(adj, allow_danish="forening" not in cue):
                continue
            emit(RuleHit(cat, m.start(), m.end(), 0.85, "rules.ethnicity.nationality"))
        for m in _DA_ETNISK_RE.finditer(text):
            w = fold(m.group("adj"))
            if w in self.gaz.nat_adj_da or w in self.gaz.nat_noun_da:
                emit(RuleHit(cat, m.start(), m.end(), 0.85, "rules.ethnicity.nationality"))
        for m in _DA_BORN_ADJ_RE.finditer(text):
            if fold(m.group("adj")) in self.gaz.nat_adj_da:
                emit(RuleHit(cat, m.start(), m.end(), 0.85, "rules.ethnicity.nationality"))
        for m in _EN_DEM_CUE_RE.finditer(text):
            adj, start = m.group("adj"), m.start()
            cue = m.group("cue")
            if " " in adj and not self._is_nat(adj):  # "The Pakistani community": drop the first word
                start += adj.index(" ") + 1
                adj = adj.split(" ", 1)[1]
            danish_ok = cue.lower() not in ("family", "community", "association", "society") and cue.islower()
            if not self._is_nat(adj, allow_danish=danish_ok):
                continue
            emit(RuleHit(cat, start, m.end(), 0.85, "rules.ethnicity.nationality"))
        for m in _EN_I_AM_RE.finditer(text):
            if self._is_nat(m.group("adj")):
                emit(RuleHit(cat, m.start("adj"), m.end("adj"), 0.8, "rules.ethnicity.nationality"))
        nouns = self.gaz.nat_noun_da
        for m in _DA_NOUN_RE.finditer(text):
            if fold(m.group("w")) in nouns:
                emit(RuleHit(cat, m.start(), m.end(), 0.7, "rules.ethnicity.nationality"))
        for m in _ORG_RE.finditer(text):
            if self._is_nat(m.group("adj"), allow_danish=False):
                emit(RuleHit(cat, m.start(), m.end(), 0.6, "rules.ethnicity.association"))

    def _origin(self, text: str, add: object) -> None:
        cat = Category.ETHNICITY
        emit = add  # type: ignore[assignment]
        for m in _ORIGIN_ANY_RE.finditer(text):
            end, is_country = self._place_end(text, m.start("place"), m.end("place"))
            # "Født 12.03.1988 i Aarhus": the date is a BIRTHDATE hit; this one starts at the preposition
            start = m.start("prep") if any(c.isdigit() for c in m.group("cue")) else m.start()
            emit(RuleHit(cat, start, end, 0.9 if is_country else 0.65, "rules.ethnicity.origin"))
        for m in _ORIGIN_COUNTRY_RE.finditer(text):
            end, is_country = self._place_end(text, m.start("place"), m.end("place"))
            if is_country:
                emit(RuleHit(cat, m.start(), end, 0.85, "rules.ethnicity.origin"))

    def _religion(self, text: str, add: object) -> None:
        cat = Category.ETHNICITY
        emit = add  # type: ignore[assignment]
        strong, weak = self.gaz.religion_strong, self.gaz.religion_weak
        for m in _WORD_RE.finditer(text):
            w = fold(m.group(0))
            if w in strong:
                nxt = text[m.end() : m.end() + 30]
                is_org = m.group(0)[0].isupper() and re.match(rf"\s+[{UP}]", nxt) is not None
                emit(
                    RuleHit(
                        cat,
                        m.start(),
                        m.end(),
                        0.5 if is_org else 0.8,
                        "rules.ethnicity.religion_org" if is_org else "rules.ethnicity.religion",
                    )
                )
            elif w in weak:
                before = text[max(0, m.start() - 40) : m.start()]
                if _RELIGION_CTX_RE.search(before) or _RELIGION_AFTER_RE.match(text[m.end() : m.end() + 20]):
                    emit(RuleHit(cat, m.start(), m.end(), 0.8, "rules.ethnicity.religion"))
        for m in _PRACTICE_RE.finditer(text):
            emit(RuleHit(cat, m.start(), m.end(), 0.6, "rules.ethnicity.religion_practice"))
