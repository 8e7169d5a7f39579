"""Name detection's vocabulary and token model: word lists, cue patterns, tokens, candidates, and the
small text tests every signal and filter shares."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from redactor.types import TextUnit

MIN_SCORE = 0.5  # candidates below this are not reported
PROPAGATE_THRESHOLD = 0.7  # names at or above this are searched for everywhere else in the document

# --- token model -------------------------------------------------------------------------------------------
_WORD_RE = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+(?:['’\-](?:[^\W\d_]|[\u0300-\u036f])+)*")
_FOLD_MAP = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss",
                           "ð": "d", "þ": "th", "ł": "l", "đ": "d", "ı": "i", "œ": "oe"})
_SKELETON_COLLAPSE = (("aa", "a"), ("oe", "o"), ("ae", "a"), ("ue", "u"))
_SENTENCE_END = frozenset(".!?:;•·▪■●*–—|>\n\t")

def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


PARTICLES = _wordset(
    "al el ul ar as ad an at az abu bin ibn bint ben ould van der den von de da di du dos das del della la le "
    "ter ten mac mc st"
)
_WORD_PARTICLES = _wordset("at as an")  # particles that are also English words: only capitalised inside a name
TITLES = _wordset("hr hr. fru frk mr mrs ms miss dr prof sir madam herr")
# Words that are never a name in a CV (headings, labels, function words), casefolded.
STOPWORDS = _wordset(
    """
    curriculum vitae cv resume résumé resumé profil profile erhvervserfaring arbejdserfaring erfaring uddannelse
    uddannelser kompetencer kvalifikationer sprog kontakt kontaktoplysninger referencer reference personlige
    oplysninger personlig information navn adresse telefon tlf mobil mail email e-mail fødselsdato født alder
    køn nationalitet statsborgerskab modersmål civilstand børn kørekort ansøgning ansøger stilling jobansøgning
    motivation motiveret education experience work skills languages language summary contact references
    professional personal details hobbies interests interesser fritidsinteresser fritid kurser kursus
    certificeringer certifications certificates projects projekter om mig about me side page dato date til
    fra from to med og and i in på hos for the of at af en et som as my min mit mine vores our your jeg
    nøglekompetencer nøglekvalifikationer resultater tillidshverv frivilligt frivillig volunteering andet other
    efteruddannelse publikationer publications ledelseserfaring it-kompetencer it faglige personal phone
    address born birth date nationality gender status marital citizenship key name full first last surname
    efternavn fornavn mellemnavn kære dear hej hello hi tak thanks thank venlig venlige hilsen hilsner
    regards kind best sincerely yours faithfully mvh vh ansøgningen attention att bilag vedlagt side
    januar februar marts september oktober november december january february march october
    mandag tirsdag onsdag torsdag fredag lørdag
    søndag monday tuesday wednesday thursday friday saturday sunday nu present dags dato
    dansk engelsk tysk fransk spansk english danish german french spanish microsoft office excel word
    powerpoint outlook linkedin github facebook instagram twitter www http https com dk org net
    """
)
# Suffixes of Danish/English compounds that make a word an ordinary noun (titles, units, subjects).
_WORD_SUFFIXES = (
    "konsulent", "leder", "chef", "medarbejder", "assistent", "rådgiver", "ingeniør", "sygeplejerske",
    "pædagog", "direktør", "ansvarlig", "koordinator", "specialist", "fuldmægtig", "sekretær", "elev",
    "lærer", "uddannelse", "erfaring", "kompetencer", "kursus", "ledelse", "arbejde", "område", "afdeling",
    "center", "centret", "skole", "skolen", "gymnasium", "universitet", "kommune", "hospital", "firma",
    "selskab", "selskabet", "forening", "foreningen", "fonden", "gruppen", "huset",
    "styrelse", "styrelsen", "ministeriet", "ministerium", "tilsyn", "service",
    "oplysninger", "færdigheder", "kendskab", "ansættelse", "stilling", "praktik", "opgaver", "ansvar",
    "management", "manager", "engineer", "developer", "assistant", "consultant", "officer", "analyst",
    "coordinator", "specialist", "director", "administrator", "teacher", "nurse", "technician", "agent",
    "ology", "ation", "ering", "sion", "isme", "tion", "løn", "timer", "gade", "vej", "vejen", "stræde", "allé",
    "boulevard", "vænget", "torvet", "plads", "parken", "haven",
)
_COMPANY_AFTER = re.compile(
    r"[ \t]*(?:[A-ZÆØÅ][\w.-]*[ \t]+){0,2}"
    r"(?:[&+][ \t]*(?:Co\b|Søn|Sønner|Partners?|[A-ZÆØÅ][\w-]*[ \t]+(?:A/S|ApS|I/S|K/S|P/S|IVS))|"
    r"&[ \t]*(?:The[ \t]+)?[A-ZÆØÅ][\w-]*|"  # "Bang & Olufsen", "Joe & The Juice": firms, not people
    r"(?:A/S|ApS|I/S|K/S|P/S|IVS|AMBA|a\.m\.b\.a\.?|GmbH|Ltd\.?|Inc\.?|LLC|LLP|plc|AB|"
    r"ASA|Oy|S\.A\.|"
    r"B\.V\.|Group|Gruppen|Holding|Consult\w*|Rådgivning|Revision|Advokat\w*|Byg\b|Transport\w*|Partners?|"
    r"Kommune|Region\b|Hospital\w*|Universitet\w*|Skole\w*|Gymnasi\w*|Klinik\w*|Tandklinik|VVS|El-service|"
    r"Company|Co\b|Corporation|University|College|School|Academy|Akademi\w*|Institute|Museum|Cent(?:er|re)|"
    r"Politechnika|Uniwersytet|Akademia|Instytut|Universidad|Universidade|Università|Université|Universität|"
    r"Üniversitesi|Universiteti|Univerzitet|Sveučilište|Teknik|Technical|Polytechnic|"
    r"National|International|Foundation|Fond\w*|Institut\w*|Forening\w*|Bank\w*|Forsikring|Services?|"
    r"Solutions?|Systems?|Technologies|Media|Design|Invest\w*|Ejendom\w*|Entreprise|Tømrer\w*|Maler\w*|"
    # an institution compound after a name ("Rudolf Steiner-skolen", "Niels Brock Handelsgymnasium")
    r"(?i:[\w-]*(?:skolen?|gymnasi(?:um|et)|universitet(?:et)?|hospital(?:et)?|akademi(?:et)?|seminari(?:um|et)|"
    r"kollegi(?:um|et)|college|hochschule|schule|gymnasium|universität|børnehave(?:n)?|vuggestue(?:n)?|"
    r"fritidshjem(?:met)?|plejehjem(?:met)?|institut(?:tet)?)))"
    r"(?![^\W_]))",
)
# separators of a one-line list ("Jenkins, Docker, Git", "Python | SQL | Tableau", "Excel • Word")
_LIST_SPLIT_RE = re.compile(r"[ \t]*(?:[,;:|•·/]|[ \t]-[ \t])[ \t]*")
# the rest of a list of single words after "X, Y" ("Jenkins, Hudson, Maven, Gradle")
_WORD_LIST_AFTER_RE = re.compile(r"[ \t]*,[ \t]*[^\W\d_][\w+#.-]*[ \t]*(?:,|$|\n)", re.MULTILINE)
# an institution word right before a name: "Université Paul Sabatier", "Universidad Nacional de X",
# "Hospital Juan Pérez", "Lycée Victor Hugo", "Gymnasium Max Planck"
_INSTITUTION_WORDS = (
    r"(?:Universi\w*|Univerzit\w*|Uniwersytet|Üniversitesi|Lyc[ée]e|Coll[èe]ge|Colegio|Escuela|Escola|Instituto|"
    r"Istituto|Institut|Institute|Liceo|Liceum|Gymnasium|Gimnazjum|Hospital|H[ôo]pital|Ospedale|Klinikum|"
    r"Fondation|Fundaci[óo]n|Stiftung|School|Schule|Academy|Akademie|Academia|Akademi|Museum|Mus[ée]e|Museo|"
    r"Hochschule|Fachhochschule|Faculdade|Facultad|Politecnico|Polytechnic|Scuola|Skolen|Skole|Gymnasiet|"
    r"Seminarium|Kollegiet|Stadium|Stadion)"
)
_INSTITUTION_BEFORE_RE = re.compile(
    rf"(?:^|(?<=[\s(,;:/–-])){_INSTITUTION_WORDS}[ \t]+(?:[A-ZÀ-Þ][\w.]+[ \t]+)?"  # "Universidad Técnica X"
    r"(?:(?:of|de|del|de la|di|der|des|du|for|fra|für|la)[ \t]+)?$"
)
_INSTITUTION_WORD_RE = re.compile(_INSTITUTION_WORDS)
_STREET_AFTER = re.compile(
    r"[ \t]*(?:Vej|Vejen|Gade|Allé|Alle|Plads|Stræde|Boulevard|Torv|Vænge|Street|Road|Avenue|Lane|Square)\b"
)
_STREET_WORDS = frozenset({"vej", "gade", "allé", "alle", "plads", "stræde", "boulevard", "torv", "vænge"})
_LABEL_STRONG = (
    r"navn|fulde navn|for- og efternavn|fornavn(?:e)?|efternavn|name|full name|first name|surname|last name|"
    r"family name|ansøger|applicant|kandidat|candidate|"
    # the name labels of German, French and Spanish templates ("Vorname", "Prénom", "Apellidos")
    r"vorname|nachname|familienname|prénom|nom de famille|nombre|apellidos?"
)
_LABEL_OTHER = (
    r"referencer?|references?|referees?|referenceperson(?:er)?|kontaktperson(?:er)?|kontakt|contact(?: person)?|"
    r"testimonials?|recommendations?|anbefalinger|udtalelser|"
    r"nærmeste leder|leder|chef|manager|supervisor|line manager|vejleder|mentor|udarbejdet af|forfatter|author|"
    r"underskrift|signature|signed|underskrevet|ægtefælle|spouse|partner|gift med|married to"
)
_LABEL_RE = re.compile(
    rf"^[ \t•·\-–*▪●■>]*(?:(?P<strong>{_LABEL_STRONG})|(?P<other>{_LABEL_OTHER}))(?![^\W_])"
    r"(?P<sep>[ ]*[:：–]| ?\t| {2,}| - |)[ \t]*",
    re.IGNORECASE,
)
_SALUTATION_RE = re.compile(
    r"^[ \t]*(?:med venlig(?:st)? hilsen|venlig(?:st)? hilsen|de bedste hilsner|bedste hilsner|mange hilsner|"
    r"kærlig hilsen|hilsen|mvh|m\.v\.h|vh|with kind regards|kind regards|best regards|warm regards|"
    r"warmest regards|regards|yours sincerely|sincerely yours|sincerely|yours faithfully|best wishes|best|"
    r"cheers|respectfully)\b[ \t]*[.,!:;]?[ \t]*",
    re.IGNORECASE,
)
_INTRO_RE = re.compile(
    r"(?:^|(?<=[\s,.;:!?(]))(?:(?P<greet>kære|dear|hej|hi|hello|attn\.?:?|att\.?:?|til)|"
    r"(?P<self>jeg hedder|mit navn er|my name is|i am called|i'm called|navnet er))[ \t]+",
    re.IGNORECASE,
)
# a label inside a line, after the end of a sentence or a separator ("... LEGO. Reference: X")
_INLINE_LABEL_RE = re.compile(
    rf"(?<=[.;|•·)])[ \t]+(?:(?P<strong>{_LABEL_STRONG})|(?P<other>{_LABEL_OTHER}))[ ]*[:：][ \t]*",
    re.IGNORECASE,
)
_CHUNK_RE = re.compile(r"[^ \t\u00a0]+")
_SEGMENT_END_RE = re.compile(r"[,|•·\t;]| [–-] | {2,}")
_MONTH_WORDS = _wordset(
    "jan feb mar apr maj may jun juni june jul juli july aug august sep sept okt oct nov dec januar januari "
    "january februar february marts march april"
)
_DATE_AFTER = re.compile(r"\.?[ \t]*['’]?\d{2,4}\b|\.?[ \t]*[-–/][ \t]*\d")
_DATE_BEFORE = re.compile(r"\d{1,2}\.?[ \t]*$|\d{4}[ \t]*[-–][ \t]*$")
_PLACE_PREFIXES = frozenset({"san", "santa", "são", "sankt", "saint", "los", "las", "port", "fort"})
_TITLE_FORMS = frozenset({"Hr", "Fru", "Frk", "Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Herr", "Sir", "Madam"})
# Courtesy, academic and professional titles written before a name ("Assoc. Prof. X", "lektor X",
# "cand.psych. X", "Dr. med. X"); one or more, each followed by spaces.
_TITLE_WORD = (
    r"(?:(?:assoc(?:iate)?|assistant|adjungeret|adj|ekstern|external|klinisk|clinical|emeritus|visiting|gæste|"
    r"senior|chef|ledende|vice)\.?[ \t]+)?"
    r"(?:prof(?:essor)?|lektor|adjunkt|docent|lecturer|dr|doktor|doctor|ph\.?[ ]?d|phd|"
    r"dr\.?[ ]?(?:med|phil|jur|scient|techn|merc|odont|theol|oec|rer\.[ ]?nat|h\.c)|"
    r"cand\.[a-zæøå]+(?:\.[a-zæøå]+)*|mag\.[ ]?art|stud\.[a-zæøå]+(?:\.[a-zæøå]+)*|msc|m\.sc|bsc|b\.sc|mba|"
    r"overlæge|afdelingslæge|speciallæge|tandlæge|pastor|sognepræst|provst|rektor|prorektor|dekan|"
    r"hr|fru|frk|mr|mrs|ms|miss|mx|sir|madam|herr|frau)"
)
_TITLE_BEFORE_RE = re.compile(rf"(?:^|(?<=[\s(,;:/]))(?:{_TITLE_WORD}\.?[ \t]+)+$", re.IGNORECASE)
_TITLE_PREFIX_RE = re.compile(rf"(?:{_TITLE_WORD}\.?[ \t]+)+", re.IGNORECASE)
_HANDLE_KINDS = frozenset({"filename", "link"})
# where a CV names an employer: "hos X", "ved X", "at X", "@ X", "Arbejdsgiver: X"
_EMPLOYER_BEFORE_RE = re.compile(
    r"(?:(?<![\w-])(?:hos|at|@)|(?:employer|arbejdsgiver|virksomhed|firma|company|organi[sz]ation|workplace|"
    r"arbejdsplads|kunde|client)[ \t]*:)[ \t]+$",
    re.IGNORECASE,
)
# compounds naming a kind of business ("Malerfirmaet", "Tandklinikken", "Frisørsalon")
_BUSINESS_NOUNS = (
    "firma", "firmaet", "forretning", "forretningen", "værksted", "værkstedet", "butik", "butikken", "restaurant",
    "restauranten", "salon", "salonen", "klinik", "klinikken", "praksis", "praksissen", "kontor", "kontoret",
    "bageri", "bageriet", "slagter", "slagteren", "service", "consult", "byg", "handel", "tryk", "trykkeri",
)
_VED_BEFORE_RE = re.compile(r"(?<![\w-])ved[ \t]+$", re.IGNORECASE)
_EMPLOYER_NOUN_BEFORE_RE = re.compile(
    r"(?<![\w-])(?:hos|ved|at|@)[ \t]+(?P<nouns>(?:[\w&.'’-]+[ \t]+){1,2})$", re.IGNORECASE
)
# a job line's title before the name: "Building Permit Officer – ", "Projektleder, "
_JOB_TITLE_BEFORE_RE = re.compile(
    r"^[ \t•·\-–*▪●■>]*(?P<title>[A-ZÆØÅ][\w/&.'’-]*(?:[ \t]+[\w/&.'’-]+){0,4})[ \t]*(?:–|—|-|,|\||@|/)[ \t]*$"
)
# an employment period: a year, or a month/year ("2015 – 2019", "Dec 2003–Jun 2005", "06/1998 - 08/2001")
_PERIOD_RE = re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-4]\d)(?!\d)")
# unit kinds that continue each other's text (a label in one, its value in the next)
_KIND_GROUP = {"body": "text", "table": "text", "textbox": "text", "header": "text", "footer": "text", "ocr": "text"}
# values software writes as a document's author or a comment's author when it knows no person
_PLACEHOLDER_NAMES = frozenset(
    {
        "admin", "administrator", "user", "bruger", "owner", "ejer", "windows user", "windows-bruger",
        "microsoft office user", "microsoft office-bruger", "office user", "unknown", "ukendt", "author",
        "forfatter", "guest", "gæst", "default", "standard", "root", "pc", "hp", "dell", "lenovo", "apple",
        "mac", "cv", "resume", "test", "bruger1", "user1", "anonymous", "anonym",
    }
)
_NER_LABELS_OTHER = frozenset({"ORG", "LOC", "GPE", "FAC"})

# Token classes
_N, _A, _W, _U, _S = "N", "A", "W", "U", "S"  # name, ambiguous name/word, word, unknown, stopword


def fold(text: str) -> str:
    """Casefold and ASCII-fold a string the Danish way (æ->ae, ø->oe, å->aa, other marks stripped)."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD_MAP)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def skeleton(text: str) -> str:
    """A spelling-insensitive key: fold, then aa->a, oe->o, ae->a, ue->u (Søren = Soeren = Soren)."""
    key = fold(text)
    for a, b in _SKELETON_COLLAPSE:
        key = key.replace(a, b)
    return key


@dataclass(slots=True)
class _Tok:
    start: int
    end: int
    text: str
    low: str
    line: int
    sent_init: bool
    handle: bool  # inside an e-mail address, URL, handle or file name

    @property
    def cap(self) -> bool:
        return self.text[:1].isupper()

    @property
    def upper(self) -> bool:
        return len(self.text) > 1 and self.text.isupper()

    @property
    def initial(self) -> bool:
        return len(self.text) == 1 and self.text.isupper()


@dataclass(slots=True)
class _Cand:
    unit_id: str
    start: int
    end: int
    score: float
    source: str


@dataclass(slots=True)
class _Seed:
    """A name part searched for everywhere (from a confident finding or the applicant's form)."""

    key: str  # skeleton
    wordish: bool  # also an ordinary word: only capitalised occurrences count in running text
    score: float
    source: str
    initials: frozenset[str] = field(default_factory=frozenset)  # skeleton initials of the other parts
    known: bool = True  # a gazetteer name (or the applicant's): lower-case occurrences count too


@dataclass(slots=True)
class _Unit:
    unit: TextUnit
    toks: list[_Tok]
    lines: list[tuple[int, int]]  # (start, end) of every line
    by_line: list[list[_Tok]]  # the tokens of every line
    starts: list[int]  # token start offsets, for bisect



def _title_before(text: str, line_start: int, pos: int) -> bool:
    """Whether one or more titles end right before ``pos`` on its line ("Assoc. Prof. ", "lektor ")."""
    a = max(line_start, pos - 60)
    m = _TITLE_BEFORE_RE.search(text[a:pos])
    if m is None:
        return False
    return not (m.start() == 0 and a > line_start and text[a - 1].isalnum())


def _skip_title(text: str, toks: list[_Tok]) -> list[_Tok]:
    """Drop a title prefix ("Prof. Dr.", "lektor", "cand.psych.") from the front of a value's tokens."""
    if not toks:
        return toks
    m = _TITLE_PREFIX_RE.match(text, toks[0].start)
    if m is None or "\n" in m.group(0):
        return toks
    rest = [t for t in toks if t.start >= m.end()]
    return rest if rest and rest[0].start == m.end() else toks


def _greeting_ok(text: str, cand: _Cand, start: int) -> bool:
    """"Kære Helle," / "Dear Ahmed" at the start of a line, followed by a comma, a period or the line end."""
    line_start = text.rfind("\n", 0, start) + 1
    if text[line_start:start].strip():
        return False
    after = text[cand.end : cand.end + 1]
    return after in ("", ",", ".", "!", "\n", ":")


def _is_date_word(text: str, tok: _Tok) -> bool:
    """A month name or abbreviation inside a date or period ("Jun 2019", "12. jan", "2015 - Jan 2018")."""
    if tok.low not in _MONTH_WORDS:
        return False
    return bool(_DATE_AFTER.match(text, tok.end) or _DATE_BEFORE.search(text[max(0, tok.start - 12) : tok.start]))



def _is_handle_chunk(chunk: str) -> bool:
    if "@" in chunk or "/" in chunk or "_" in chunk or "www." in chunk.casefold():
        return True
    return bool(re.search(r"[a-z]\.[a-z]{2,}", chunk)) and chunk[:1].islower()


def _name_gap(gap: str, prev: _Tok) -> bool:
    """True when the text between two tokens can sit inside one name."""
    if gap in (" ", "-", "\u00a0"):
        return True
    return prev.initial and gap in (". ", ".", ".-", " ")


def _joinable(gap: str) -> bool:
    return gap in ("", " ", "-", "\u00a0", ". ")


def _end_with_period(text: str, tok: _Tok) -> int:
    """Include the period of a trailing initial ("Anna K.")."""
    if tok.initial and text[tok.end : tok.end + 1] == ".":
        return tok.end + 1
    return tok.end


def _overlaps(a: int, b: int, c: int, d: int) -> bool:
    return a < d and c < b


def _strip_genitive(word: str) -> str:
    for suffix in ("'s", "’s", "'", "’"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)]
    return word


def _is_salutation(line: str, m: re.Match[str]) -> bool:
    """A closing salutation line: short, and 'best'/'hilsen' alone only when the line is just that."""
    word = m.group(0).strip(" \t.,!:;").casefold()
    rest = line[m.end():].strip()
    if word in ("best", "cheers", "hilsen", "regards") and rest and not rest[:1].isupper():
        return False
    return len(line) <= 80



def iter_name_parts(text: str) -> Iterator[str]:
    """The word parts of a name as the detector sees them (for callers that build deny lists)."""
    for raw in _WORD_RE.findall(text):
        if len(raw) >= 2 and raw.casefold() not in PARTICLES:
            yield raw



def _handle_like(p: _Unit, t: _Tok) -> bool:
    """A token inside a handle, or a user-name-like word in metadata ("andersjohansen", "MetteHolm")."""
    if t.handle:
        return True
    if p.unit.kind != "metadata":
        return False
    return t.text.islower() or (t.text[:1].isupper() and any(c.isupper() for c in t.text[1:])
                                and not t.text.isupper())


