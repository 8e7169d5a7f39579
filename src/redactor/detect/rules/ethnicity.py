"""Ethnicity cues: nationality, citizenship, origin, mother tongue, religion, ethnic/religious associations."""

from __future__ import annotations

import re
from collections.abc import Callable

from redactor.detect.rules.common import (
    LO,
    UP,
    Gazetteers,
    RuleHit,
    fold,
    gated,
    is_detail_label,
    lower_same_length,
    value_end,
    value_start,
    word_tokens,
)
from redactor.types import Category

Emit = Callable[[RuleHit], None]
_CAT = Category.ETHNICITY

# ---------------------------------------------------------------------------------------------- labels
_LABEL = gated(
    r"(?<![\w])(?:nationalitet|nationality|statsborgerskab|citizenship|statsborger|oprindelse|origin|etnicitet|"
    r"ethnicity|ethnic\s+origin|etnisk\s+oprindelse|herkomst|religion|trosretning|faith|religious\s+affiliation|"
    r"fødested|fødeby|fødeland|place\s+of\s+birth|birthplace|country\s+of\s+birth|hjemland|home\s+country|"
    r"country\s+of\s+origin|oprindelsesland|opholdsgrundlag|opholdstilladelse|residence\s+permit|"
    r"work\s+permit|arbejdstilladelse|visa(?:\s+status)?)\s*:[ \t]*",
    "nationalit statsborger citizenship oprindelse origin etnicitet ethnic herkomst religio trosretning faith "
    "føde birth hjemland home country opholds permit arbejdstilladelse visa",
)
# the same labels without a colon ("Nationality Iraqi/Danish", "Nationalitet\nUkrainsk"): the value is checked
_LABEL_BARE = gated(
    rf"(?<![\w])(?P<label>nationalitet|nationality|statsborgerskab|citizenship|religion|trosretning|faith|"
    rf"fødested|place\s+of\s+birth|birthplace|country\s+of\s+birth|oprindelse|origin)[ \t]*\n?[ \t]*"
    rf"(?P<v>[{UP}{LO}][{UP}{LO}'’-]+(?:[ \t]*(?:/|,|&|og|and)[ \t]*[{UP}{LO}][{UP}{LO}'’-]+)*)",
    "nationalit statsborger citizenship religio trosretning faith føde birth origin oprindelse",
)
_FAITHS = frozenset(
    {
        "islam", "kristendom", "kristendommen", "christianity", "judaism", "jødedom", "hinduism", "hinduisme",
        "buddhism", "buddhisme", "sikhism", "ateist", "atheist", "agnostic", "agnostiker", "ingen", "none",
    }
)  # fmt: skip
# "Modersmål: arabisk", "Mother tongue(s)\nArabic" (a label on its own line), not "Dansk: modersmål"
_TONGUE_LABEL = gated(
    rf"(?:(?<![\w])(?:modersmål|mother\s+tongues?(?:\(s\))?|native\s+languages?|first\s+languages?|førstesprog|"
    rf"hjemmesprog|home\s+language)(?:\s*:|\s+[\-–])[ \t]*|(?:^|(?<=\n))[ \t]*(?:modersmål|mother\s+tongues?(?:\(s\))?|"
    rf"native\s+languages?)[ \t]*(?=\n[ \t]*[{UP}{LO}]))",
    "modersmål mother native first førstesprog hjemmesprog home",
)

# ---------------------------------------------------------------------------------------------- mother tongue
_LANG_WORD = rf"[{UP}{LO}][{LO}]+(?:[ -][{UP}{LO}][{LO}]+)?"
_NATIVE_MARK = (
    r"(?:modersmål|native(?:\s+(?:speaker|language|or\s+bilingual(?:\s+proficiency)?|tongue))?|"
    r"mother\s+tongue|first\s+language|førstesprog|indfødt|bilingual)"
)
_MARK = gated(
    rf"(?<![\w-])(?P<mark>{_NATIVE_MARK})(?![\w-])(?!\s+(?:level|niveau|like)\b)",
    "modersmål native mother first førstesprog indfødt bilingual",
)
# what may stand between a language and its mark: "Arabic (native)", "Arabic: native", "arabisk som modersmål",
# "Arabic is my native language", "Arabic native speaker", "Arabic\nNative or bilingual proficiency"
_LANG_BEFORE_RE = re.compile(
    rf"(?P<lang>{_LANG_WORD})(?P<paren>[ \t]*\([^()\n]{{1,40}}\))?"
    rf"(?P<sep>[ \t]*\([ \t]*|[ \t]*[:\-–—,][ \t]*\n?[ \t]*|[ \t]*\n[ \t]*|\s+som\s+|"
    rf",?\s+(?:(?:som|which|that)\s+)?(?:is|er)\s+(?:my|mit)\s+|[ \t]+)$",
    re.IGNORECASE,
)
# languages joined before the one next to the mark ("Dari/Pashto: native", "Ukrainian and Russian: native")
_LANG_LIST_BEFORE_RE = re.compile(rf"(?P<lang>{_LANG_WORD})[ \t]*(?:/|&|\+|\bog\b|\band\b)[ \t]*$", re.IGNORECASE)
# "Native: Arabic", "Native speaker: Somali": the mark as a label, its value checked to be a language
_NATIVE_LABEL = gated(
    r"(?:^|(?<=[\n\t|•]))[ \t]*(?:native(?:\s+speaker)?|indfødt|modersmål\s*/\s*mother\s+tongue)[ \t]*:[ \t]*",
    "native indfødt modersmål",
)
# spoken languages and variants that CLDR's language list leaves out (dialects, macrolanguage members)
_EXTRA_LANGUAGES = frozenset(
    {
        "mandarin", "farsi", "dari", "berber", "kurmanji", "badini", "darija", "levantine", "levantinsk",
        "hokkien", "teochew", "hakka", "patois", "creole", "kreol", "cebuano", "bisaya", "tigre", "pidgin",
        "sylheti", "chittagonian", "hazaragi", "saraiki", "hindko", "bajuni", "maay", "mahri", "assyrian",
        "assyrisk", "aramæisk", "aramaic", "chaldean", "kaldæisk", "romani", "romanes", "tamazight", "kabyle",
    }
)  # fmt: skip
_TONGUE_PROSE = gated(
    rf"(?<![\w])(?:(?:native\s+speaker\s+of|modersmål\s+(?:er|is)|native\s+(?:language|tongue)\s+is|"
    rf"mother\s+tongue\s+is|first\s+language\s+is|modersmålet\s+er|første\s+sprog\s+er|hjemmesprog\s+er|"
    rf"grew\s+up\s+speaking|voksede\s+op\s+med(?:\s+at\s+tale)?|talte\s+vi|we\s+spoke)\s+(?P<lang>{_LANG_WORD})"
    rf"|native\s+(?P<lang2>{_LANG_WORD})\s+speaker)",
    "native modersmål mother first første hjemmesprog grew voksede talte spoke",
)
# "tosproget (dansk/arabisk)", "bilingual in Danish and Farsi": a second home language beside Danish
_BILINGUAL = gated(
    rf"(?<![\w])(?:tosproget|bilingual|to-sproget)(?:\s+(?:in|på|i)\s+|\s*\(\s*|\s*[:\-–]\s*)"
    rf"(?P<a>{_LANG_WORD})\s*(?:/|,|&|og|and)\s*(?P<b>{_LANG_WORD})\)?",
    "tosproget to-sproget bilingual",
)
# "grew up bilingual (...)", "voksede op tosproget": a second home language, whichever languages follow
_RAISED_BILINGUAL = gated(
    r"(?<![\w])(?:grew\s+up|raised|brought\s+up|voksede\s+op|opvokset|opvoksede)\s+(?:as\s+|som\s+)?"
    r"(?:bilingual|trilingual|tosproget|to-sproget|tresproget)(?![\w])",
    "grew raised brought voksede opvokset opvoksede",
)

# ---------------------------------------------------------------------------------------------- nationality
_DA_CUE = gated(
    r"(?<![\w-])(?P<cue>statsborger(?:skab)?|baggrund|oprindelse|afstamning|herkomst|rødder|familie|forældre|"
    r"indvandrere?|flygtninge?|pas|nationalitet|kulturforening|forening|ungdomsforening|studenterforening|"
    r"kvindeforening|minoritet|etnicitet|opvækst|mindretal|mor|far|efterkommere?)(?![\w])",
    "statsborger baggrund oprindelse afstamning herkomst rødder familie forældre indvandrer flygtning pas "
    "nationalitet forening minoritet etnicitet opvækst mindretal mor far efterkommer",
)
_DA_ADJ_BEFORE_RE = re.compile(
    rf"(?<![\w-])(?P<adj>[{UP}{LO}]+(?:-[{UP}{LO}]+)?)\s+(?:(?:etnisk|kulturel)\s+)?$", re.IGNORECASE
)
_DA_ETNISK = gated(rf"(?<![\w-])etnisk\s+(?P<adj>[{LO}]+)(?![\w])", "etnisk")
_EN_CUE = gated(
    r"(?<![\w])(?P<cue>citizen(?:ship)?|nationals?|nationality|passport|origin|descent|heritage|background|roots|parents|"
    r"family|immigrants?|refugees?|community|association|society|minority|ethnicity|born|ancestry)"
    r"(?![\w])",
    "citizen national passport origin descent heritage background roots parents family immigrant refugee "
    "community association society minority ethnicity born ancestry",
)
_NAME_GOES_ON_RE = re.compile(rf"[ \t]+[{UP}][{LO}]+")  # a capitalised word next: the cue is inside a proper name
_EN_ADJ_BEFORE_RE = re.compile(rf"(?<![\w-])(?P<adj>[{UP}][{LO}]+(?:[ -][{UP}][{LO}]+)?)(?P<sep>\s+|-)$")
_EN_I_AM = gated(
    rf"(?<![\w])(?:I\s+am|I'm|I’m)\s+(?:an?\s+)?(?:proud\s+)?(?P<adj>[{UP}][{LO}]+(?:-[{UP}][{LO}]+)?)"
    r"(?![\w-])(?!\s+(?:speaker|language|translator|interpreter|teacher))",
    "i am i'm i’m",
    flags=0,
)
_ORG = gated(
    r"(?<![\w-])(?P<org>Kulturforening|Forening|Forbund|Ungdomsforening|Studenterforening|Kvindeforening|"
    r"Kulturcenter|Community|Association|Society|Club|Klub|Center|Centre|Moské|Menighed|Ungdom|Trossamfund|"
    r"Youth)(?![\w])",
    "forening forbund kulturcenter community association society club klub center centre moské menighed ungdom "
    "trossamfund youth",
    flags=0,
)
_ORG_ADJ_BEFORE_RE = re.compile(rf"(?<![\w-])(?P<adj>[{UP}][{LO}]+(?:-[{UP}][{LO}]+)?)\s+(?:[{UP}][{LO}]+\s+)?$")

# ---------------------------------------------------------------------------------------------- origin
_PLACE = rf"[{UP}][{LO}{UP}'’]+(?:(?:[ -]|\s(?:og|and|of|da|de)\s)[{UP}][{LO}{UP}'’]+){{0,3}}"
_ORIGIN_ANY = gated(
    rf"(?<![\w])(?P<cue>født\s+og\s+opvokset|opvokset\s+og\s+født|født:?(?:[ ,]+[\w./-]+){{0,4}}?|opvokset"
    rf"|vokset\s+op|voksede\s+op|born\s+and\s+raised|raised\s+and\s+born|born(?:[ ,]+(?:on\s+)?[\w./-]+){{0,4}}?|"
    rf"grew\s+up|was\s+raised|"
    rf"brought\s+up)\s+(?P<prep>i|på|in|on)\s+(?P<place>{_PLACE})",
    "født opvokset vokset voksede born raised grew brought",
)
_ORIGIN_COUNTRY = gated(
    rf"(?<![\w])(?P<cue>kommer\s+(?:oprindeligt?\s+)?fra|oprindeligt?\s+fra|stammer\s+(?:oprindeligt?\s+)?fra|"
    rf"flygtede\s+fra|flygtet\s+fra|flygtning\s+fra|indvandrede\s+fra|immigrerede\s+fra|emigrerede\s+fra|"
    rf"(?:har\s+)?rødder\s+i|originally\s+from|originate[sd]?\s+from|hails?\s+from|fled(?:\s+from)?|"
    rf"emigrated\s+from|immigrated\s+from|roots\s+in|I\s+am\s+from|I'm\s+from|I’m\s+from|I\s+come\s+from|"
    rf"came\s+(?:to\s+Denmark\s+)?from|kom\s+(?:til\s+Danmark\s+)?fra|(?:er|is|are|am)\s+(?:oprindeligt?\s+|"
    rf"originally\s+)?(?:fra|from))\s+(?P<place>{_PLACE})",
    "kommer oprindelig stammer flygte flygtning indvandrede immigre emigre rødder originally originate hail "
    "fled roots from kom er fra",
)
# "moving to Aarhus from Cork", "flyttede til Odense fra Bosnien": where the person came from
_MOVED_FROM = gated(
    rf"(?<![\w])(?:mov(?:ed|ing)|came|coming|relocat(?:ed|ing)|emigrat(?:ed|ing)|immigrat(?:ed|ing)|arriv(?:ed|ing)|"
    rf"flytte(?:de|t)?|kom|kommet|flygtede|flygtet|immigrerede|indvandrede)\s+(?:to|til)\s+(?:{_PLACE})"
    rf"(?:\s+(?:in|i)\s+\d{{4}})?\s+(?P<from>from|fra)\s+(?P<place>{_PLACE})",
    "mov came coming relocat emigrat immigrat arriv flytte kom flygte indvandre",
)
_IMMIGRATION = gated(
    r"(?<![\w])(?:(?:kom|flyttede|immigrerede|indvandrede|flygtede|ankom)\s+til\s+Danmark"
    r"(?:\s+(?:i\s+\d{4}|som\s+(?:\d{1,2}-årig|flygtning|barn|teenager|ung|lille)|for\s+\d+\s+år\s+siden))?"
    r"|(?:came|moved|immigrated|emigrated|fled|arrived)\s+to\s+Denmark"
    r"(?:\s+(?:in\s+\d{4}|as\s+an?\s+(?:refugee|child|teenager|young\s+\w+)|at\s+the\s+age\s+of\s+\d+|"
    r"\d+\s+years\s+ago))?)(?![\w])",
    "danmark denmark",
)
_STATUS = gated(
    r"(?<![\w])(?:(?:jeg\s+er|er|som|var|blev|as\s+an?|I\s+am\s+an?|I'm\s+an?|I’m\s+an?|was\s+an?)\s+"
    r"(?:(?:anerkendt|politisk|kvote|tidligere|former|recognised|recognized|political)\s+)?"
    r"(?P<v>flygtning|indvandrer|efterkommer|nydansker|andengenerationsindvandrer|refugee|immigrant|"
    r"asylansøger|asylum\s+seeker)"
    r"|(?:har|have|has|holds?|med|with)\s+(?P<w>(?:permanent\s+|tidsubegrænset\s+)?(?:opholdstilladelse|"
    r"residence\s+permit|work\s+permit|arbejdstilladelse|permanent\s+ophold|green\s+card))"
    r"|(?P<x>(?:anden\s+etnisk|ikke-vestlig|etnisk\s+minoritets|minoritets|tosproget|indvandrer|flygtninge)\s*"
    r"baggrund|(?:other|non-western|ethnic\s+minority|minority|immigrant|refugee)\s+background|"
    r"\d\.\s*generations?\s*(?:indvandrer|efterkommer)|second[- ]generation\s+immigrant|etnisk\s+minoritet|"
    r"ethnic\s+minority))(?![\w])",
    "flygtning indvandrer efterkommer nydansker refugee immigrant asyl opholdstilladelse permit "
    "arbejdstilladelse ophold green baggrund background generation minorit",
)

# ---------------------------------------------------------------------------------------------- religion
_RELIGION_CTX_RE = re.compile(
    r"(?<![\w])(?:jeg\s+er|er|som|i\s+am|i'm|i’m|as|practi[sc]ing|praktiserende|troende|devout|religious|religiøs|"
    r"observant)\s+(?:(?:en|et|a|an)\s+)?(?:(?:praktiserende|troende|devout|practi[sc]ing)\s+)?$",
    re.IGNORECASE,
)
_RELIGION_AFTER_RE = re.compile(r"\s+(?:tro|faith|religion|trosretning|troende|believer)\b", re.IGNORECASE)
_PRACTICE = gated(
    r"(?<![\w-])(?:moské(?:en)?|moske(?:en)?|mosque|menighed(?:en)?|menighedsråd\w*|congregation|synagoge(?:n)?|"
    r"synagogue|imam|koranskole\w*|hijab|tørklæde|niqab|headscarf|ramadan(?:en)?|fredagsbøn(?:nen)?)(?![\w-])",
    "mosk mosque menighed congregation synagog imam koran hijab tørklæde niqab headscarf ramadan fredagsbøn",
)


class EthnicityRecognizer:
    """Ethnicity, national origin and religion cues; a language stated as a skill is kept."""

    def __init__(self, gaz: Gazetteers) -> None:
        self.gaz = gaz
        self._nat_any = gaz.nat_adj_da | gaz.demonyms_en

    # -------------------------------------------------------------------------------------------- helpers
    def _is_nat(self, word: str, *, allow_danish: bool = True) -> bool:
        """True if every hyphen part is a nationality adjective/demonym (not only "Danish" when barred)."""
        parts = [fold(p) for p in word.split("-") if p]
        if not parts or not all(p in self._nat_any for p in parts):
            return False
        all_danish = all(p in ("dansk", "danish") for p in parts)
        return not (all_danish and (not allow_danish or len(parts) > 1))

    def _is_language(self, word: str) -> bool:
        w = fold(word)
        return w in self.gaz.languages or w in _EXTRA_LANGUAGES

    def _lang_start(self, phrase: str, start: int) -> int | None:
        """Start offset of the language name inside a one- or two-word phrase, or None if none is one."""
        if self._is_language(phrase):
            return start
        parts = re.split(r"[ -]", phrase)
        if len(parts) == 2 and self._is_language(parts[1]):
            return start + len(phrase) - len(parts[1])
        return None

    def _list_start(self, text: str, start: int) -> int:
        """Extend a language's start over languages joined before it ("Dari/Pashto", "Urdu og Punjabi")."""
        for _ in range(3):
            before = text[max(0, start - 40) : start]
            m = _LANG_LIST_BEFORE_RE.search(before)
            if not m:
                break
            s = self._lang_start(m.group("lang"), start - len(before) + m.start("lang"))
            if s is None:
                break
            start = s
        return start

    def _place_end(self, text: str, start: int, end: int) -> tuple[int, bool]:
        """Longest country name starting at ``start`` within ``text[start:end]`` (end, True) or (end, False)."""
        words = list(re.finditer(r"\S+", text[start:end]))
        for k in range(min(len(words), 5), 0, -1):
            cand = text[start : start + words[k - 1].end()].rstrip(".,;:)")
            if fold(cand) in self.gaz.countries:
                return start + len(cand), True
        if not words:
            return end, False
        for k in range(min(len(words), 4), 1, -1):  # a city of several words: "New York", "Rio de Janeiro"
            cand = text[start : start + words[k - 1].end()].rstrip(".,;:)")
            if fold(cand) in self.gaz.cities:
                return start + len(cand), False
        first_end = start + len(words[0].group(0).rstrip(".,;:)"))
        tail = re.match(rf",\s*({_PLACE})", text[first_end : first_end + 60])  # "Mosul, Irak"
        if tail and fold(tail.group(1).rstrip(".,;:)")) in self.gaz.countries:
            return first_end + tail.end(1), True
        return first_end, False

    # -------------------------------------------------------------------------------------------- find
    def find(self, text: str, lang: str, *, tokens: list[tuple[int, int, str]] | None = None) -> list[RuleHit]:
        hits: list[RuleHit] = []
        low = lower_same_length(text)
        emit = hits.append
        self._labels(text, low, emit)
        self._mother_tongue(text, low, emit)
        self._nationality(text, low, emit)
        self._origin(text, low, emit)
        for m in _IMMIGRATION.finditer(text, low):
            emit(RuleHit(_CAT, m.start(), m.end(), 0.7, "rules.ethnicity.immigration"))
        for m in _STATUS.finditer(text, low):
            g = next(g for g in ("v", "w", "x") if m.group(g))
            emit(RuleHit(_CAT, m.start(g), m.end(g), 0.75, "rules.ethnicity.status"))
        for m in _PRACTICE.finditer(text, low):
            emit(RuleHit(_CAT, m.start(), m.end(), 0.6, "rules.ethnicity.religion_practice"))
        self._tokens(text, emit, word_tokens(text) if tokens is None else tokens)
        return hits

    def _labels(self, text: str, low: str, emit: Emit) -> None:
        for lm in _LABEL.finditer(text, low):
            vs = value_start(text, lm.end())
            end = value_end(text, vs)
            if end <= vs:
                continue
            value = text[vs:end]
            if is_detail_label(value):
                continue  # the next row's label, not this one's value
            if lm.group(0).lower().startswith("religion") and (
                value[:1].isdigit() or re.match(r"^[A-C](?:-niveau)?\b", value)
            ):
                continue  # a school subject with a grade or level, not a faith
            emit(RuleHit(_CAT, vs, end, 0.95, "rules.ethnicity.label"))
        for lm in _LABEL_BARE.finditer(text, low):
            label, value = lm.group("label").lower(), lm.group("v")
            if is_detail_label(value):
                continue
            first = fold(re.split(r"[ \t/,&]+", value)[0])
            if label.startswith(("religion", "trosretning", "faith")):
                ok = first in _FAITHS or first in self.gaz.religion_strong or first in self.gaz.religion_weak
            elif "birth" in label or label.startswith("føde"):
                ok = value[0].isupper()
            else:
                ok = first in self._nat_any or first in self.gaz.countries
            if ok:
                emit(RuleHit(_CAT, lm.start("v"), lm.end("v"), 0.9, "rules.ethnicity.label"))
        for lm in _TONGUE_LABEL.finditer(text, low):
            vs = value_start(text, lm.end())
            end = value_end(text, vs)
            if end > vs:
                emit(RuleHit(_CAT, vs, end, 0.95, "rules.ethnicity.mother_tongue"))

    def _mother_tongue(self, text: str, low: str, emit: Emit) -> None:
        for m in _MARK.finditer(text, low):
            end = m.end()
            before = text[max(0, m.start() - 90) : m.start()]
            lb = _LANG_BEFORE_RE.search(before)
            if lb and "(" in lb.group("sep"):
                close = text.find(")", end, end + 25)
                if close >= 0 and "\n" not in text[end:close]:
                    end = close + 1
            start = None
            if lb and "\n" in lb.group("sep"):
                # "Arabic\nNative speaker": across a line break the marker must fill its line
                line_end = text.find("\n", m.end())
                if text[m.end() : len(text) if line_end < 0 else line_end].strip(" \t.)"):
                    lb = None
            if lb:
                start = self._lang_start(lb.group("lang"), m.start() - len(before) + lb.start("lang"))
            if start is not None:
                emit(RuleHit(_CAT, self._list_start(text, start), end, 0.9, "rules.ethnicity.mother_tongue"))
            elif lb and "(" in lb.group("sep") and not m.group("mark").lower().startswith("bilingual"):
                mark_start = m.start() - len(before) + lb.end("lang")
                if lb.group("paren"):
                    mark_start = m.start() - len(before) + lb.end("paren")
                if fold(lb.group("lang").split()[-1]) not in ("react",):
                    emit(RuleHit(_CAT, mark_start, end, 0.6, "rules.ethnicity.mother_tongue"))
        for m in _TONGUE_PROSE.finditer(text, low):
            g = "lang" if m.group("lang") else "lang2"
            end = m.end()
            if self._lang_start(m.group(g), m.start(g)) is None:
                first = re.split(r"[ -]", m.group(g))[0]
                if g != "lang" or first == m.group(g) or not self._is_language(first):
                    continue
                end = m.start(g) + len(first)  # "grew up speaking Urdu at home"
            emit(RuleHit(_CAT, m.start(), end, 0.9, "rules.ethnicity.mother_tongue"))
        for m in _RAISED_BILINGUAL.finditer(text, low):
            end = m.end()
            paren = re.match(r"[ \t]*\([^)\n]*\)?", text[end:])
            if paren:
                end += len(paren.group(0).rstrip())  # the languages in brackets, to the bracket or the line end
            emit(RuleHit(_CAT, m.start(), end, 0.85, "rules.ethnicity.mother_tongue"))
        for m in _BILINGUAL.finditer(text, low):
            if self._is_language(m.group("a")) and self._is_language(m.group("b")):
                emit(RuleHit(_CAT, m.start(), m.end(), 0.85, "rules.ethnicity.mother_tongue"))
        for m in _NATIVE_LABEL.finditer(text, low):
            end = value_end(text, m.end())
            first = re.match(rf"{_LANG_WORD}", text[m.end() : end])
            if first and self._lang_start(first.group(0), m.end()) is not None:
                emit(RuleHit(_CAT, m.end(), end, 0.9, "rules.ethnicity.mother_tongue"))

    def _nationality(self, text: str, low: str, emit: Emit) -> None:
        for m in _DA_CUE.finditer(text, low):
            before = text[max(0, m.start() - 50) : m.start()]
            ab = _DA_ADJ_BEFORE_RE.search(before)
            if ab and self._is_nat(ab.group("adj"), allow_danish="forening" not in m.group("cue").lower()):
                emit(RuleHit(_CAT, m.start() - len(before) + ab.start(), m.end(), 0.85, "rules.ethnicity.nationality"))
        for m in _DA_ETNISK.finditer(text, low):
            w = fold(m.group("adj"))
            if w in self.gaz.nat_adj_da or w in self.gaz.nat_noun_da:
                emit(RuleHit(_CAT, m.start(), m.end(), 0.85, "rules.ethnicity.nationality"))
        for m in _EN_CUE.finditer(text, low):
            before = text[max(0, m.start() - 50) : m.start()]
            ab = _EN_ADJ_BEFORE_RE.search(before)
            if not ab:
                continue
            adj, start = ab.group("adj"), m.start() - len(before) + ab.start()
            if " " in adj and not self._is_nat(adj):  # "The Pakistani community": drop the first word
                start += adj.index(" ") + 1
                adj = adj.split(" ", 1)[1]
            cue = text[m.start("cue") : m.end("cue")]
            if cue == "National" and _NAME_GOES_ON_RE.match(text, m.end()):
                continue  # "Somali National University", "Ghana National Petroleum": an institution's name
            if cue.lower() == "born" and ab.group("sep") != "-":
                continue  # "Pakistani-born", not "a Danish born ..." (too loose)
            danish_ok = cue.lower() not in ("family", "community", "association", "society") and cue.islower()
            if self._is_nat(adj, allow_danish=danish_ok):
                group_cue = cue.lower() in ("community", "association", "society", "minority", "refugees", "immigrants")
                score = 0.55 if group_cue else 0.85  # a group may be a work or study topic: review
                emit(RuleHit(_CAT, start, m.end(), score, "rules.ethnicity.nationality"))
        for m in _EN_I_AM.finditer(text, low):
            if self._is_nat(m.group("adj")):
                emit(RuleHit(_CAT, m.start("adj"), m.end("adj"), 0.8, "rules.ethnicity.nationality"))
        for m in _ORG.finditer(text, low):
            before = text[max(0, m.start() - 50) : m.start()]
            ab = _ORG_ADJ_BEFORE_RE.search(before)
            if ab and self._is_nat(ab.group("adj"), allow_danish=False):
                start = m.start() - len(before) + ab.start()
                emit(RuleHit(_CAT, start, m.end(), 0.55, "rules.ethnicity.association"))

    def _origin(self, text: str, low: str, emit: Emit) -> None:
        for m in _ORIGIN_ANY.finditer(text, low):
            end, is_country = self._place_end(text, m.start("place"), m.end("place"))
            # "Født 12.03.1988 i Aarhus": the date is a BIRTHDATE hit; this one starts at the preposition
            start = m.start("prep") if any(c.isdigit() for c in m.group("cue")) else m.start()
            emit(RuleHit(_CAT, start, end, 0.9 if is_country else 0.65, "rules.ethnicity.origin"))
        for m in _MOVED_FROM.finditer(text, low):
            end, is_country = self._place_end(text, m.start("place"), m.end("place"))
            place = fold(text[m.start("place") : end])
            foreign_city = place in self.gaz.cities and "DK" not in self.gaz.cities[place]
            if is_country or foreign_city:
                emit(RuleHit(_CAT, m.start("from"), end, 0.85, "rules.ethnicity.origin"))
        for m in _ORIGIN_COUNTRY.finditer(text, low):
            end, is_country = self._place_end(text, m.start("place"), m.end("place"))
            if is_country:
                emit(RuleHit(_CAT, m.start(), end, 0.85, "rules.ethnicity.origin"))

    def _tokens(self, text: str, emit: Emit, tokens: list[tuple[int, int, str]]) -> None:
        """One pass over the words: demonym nouns, "-født" compounds and religion words."""
        g = self.gaz
        for s, e, word in tokens:
            w = fold(word)
            if w in g.nat_noun_da:
                emit(RuleHit(_CAT, s, e, 0.7, "rules.ethnicity.nationality"))
            elif w.endswith(("foedt", "foedte")) and w.rstrip("e")[:-5].rstrip("-") in g.nat_adj_da:
                emit(RuleHit(_CAT, s, e, 0.85, "rules.ethnicity.nationality"))
            elif w in g.religion_strong:
                is_org = word[0].isupper() and re.match(rf"\s+[{UP}]", text[e : e + 3]) is not None
                emit(
                    RuleHit(
                        _CAT,
                        s,
                        e,
                        0.5 if is_org else 0.8,
                        "rules.ethnicity.religion_org" if is_org else "rules.ethnicity.religion",
                    )
                )
            elif w in g.religion_weak and (
                _RELIGION_CTX_RE.search(text[max(0, s - 40) : s]) or _RELIGION_AFTER_RE.match(text, e)
            ):
                emit(RuleHit(_CAT, s, e, 0.8, "rules.ethnicity.religion"))
