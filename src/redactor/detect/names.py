"""Name detection: NER, label and layout cues, signatures, gazetteers, the applicant's own name, propagation."""

from __future__ import annotations

import bisect
import gzip
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from redactor.errors import DependencyMissingError
from redactor.types import Applicant, Category, Finding, TextUnit

log = logging.getLogger(__name__)

#: The repository's models/ folder (``<repo>/models``), found relative to this file in a source checkout.
DEFAULT_MODELS_DIR = Path(__file__).resolve().parents[3] / "models"

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
    r"(?:A/S|ApS|I/S|K/S|P/S|IVS|AMBA|a\.m\.b\.a\.?|GmbH|Ltd\.?|Inc\.?|LLC|LLP|plc|AB|"
    r"ASA|Oy|S\.A\.|"
    r"B\.V\.|Group|Gruppen|Holding|Consult\w*|Rådgivning|Revision|Advokat\w*|Byg\b|Transport\w*|Partners?|"
    r"Kommune|Region\b|Hospital\w*|Universitet\w*|Skole\w*|Gymnasi\w*|Klinik\w*|Tandklinik|VVS|El-service|"
    r"Company|Co\b|Corporation|University|College|School|Academy|Akademi\w*|Institute|Museum|Cent(?:er|re)|"
    r"Politechnika|Uniwersytet|Akademia|Instytut|Universidad|Universidade|Università|Université|Universität|"
    r"Üniversitesi|Universiteti|Univerzitet|Sveučilište|Teknik|Technical|Polytechnic|"
    r"National|International|Foundation|Fond\w*|Institut\w*|Forening\w*|Bank\w*|Forsikring|Services?|"
    r"Solutions?|Systems?|Technologies|Media|Design|Invest\w*|Ejendom\w*|Entreprise|Tømrer\w*|Maler\w*)"
    r"(?![^\W_]))",
)
_STREET_AFTER = re.compile(
    r"[ \t]*(?:Vej|Vejen|Gade|Allé|Alle|Plads|Stræde|Boulevard|Torv|Vænge|Street|Road|Avenue|Lane|Square)\b"
)
_STREET_WORDS = frozenset({"vej", "gade", "allé", "alle", "plads", "stræde", "boulevard", "torv", "vænge"})
_LABEL_STRONG = (
    r"navn|fulde navn|for- og efternavn|fornavn(?:e)?|efternavn|name|full name|first name|surname|last name|"
    r"family name|ansøger|applicant|kandidat|candidate"
)
_LABEL_OTHER = (
    r"referencer?|references?|referees?|referenceperson(?:er)?|kontaktperson(?:er)?|kontakt|contact(?: person)?|"
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


class _Lexicon:
    """Gazetteer lookups plus word frequencies; caches per instance."""

    def __init__(self, path: Path) -> None:
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError as exc:
            raise DependencyMissingError(
                f"name gazetteer not found at {path}; build it with scripts/build_name_gazetteer.py"
            ) from exc
        self.first: dict[str, int] = data["first"]
        self.last: dict[str, int] = data["last"]
        self.words: frozenset[str] = frozenset(data.get("words", ()))
        self.places: frozenset[str] = frozenset(data.get("places", ()))
        # "københavn" from "københavn nv": a town whose gazetteer entries all carry a district code
        self.places |= frozenset(x.split(" ", 1)[0] for x in self.places if re.fullmatch(r"\S+ \S{1,3}", x))
        self.lower: frozenset[str] | None = frozenset(data["lower"]) if "lower" in data else None
        self._class: dict[str, str] = {}
        self._zipf: dict[str, float] = {}
        self._concat: tuple[dict[str, str], dict[str, str]] | None = None
        try:
            from wordfreq import zipf_frequency
        except ImportError as exc:  # pragma: no cover - a declared dependency
            raise DependencyMissingError("wordfreq is not installed") from exc
        self._zipf_frequency = zipf_frequency
        self.zipf("og")  # load both frequency tables now, not during the first document
        self.zipf("the")

    def concat_index(self) -> tuple[dict[str, str], dict[str, str]]:
        """Skeletons of common given names and surnames (rank <= 2), for names written run together."""
        if self._concat is None:
            firsts = {skeleton(k): k for k, r in self.first.items() if r <= 2 and len(k) >= 3 and k.isalpha()}
            lasts = {skeleton(k): k for k, r in self.last.items() if r <= 2 and len(k) >= 3 and k.isalpha()}
            self._concat = (firsts, lasts)
        return self._concat

    def split_concat(self, word: str) -> tuple[str, str] | None:
        """``word`` as a common given name and surname run together, either order, or None.

        "andersjohansen" -> ("anders", "johansen"); "JensenMette" -> ("jensen", "mette"); spellings are
        compared by skeleton ("soerenoestergaard"). Both parts must be common names, not both ordinary words,
        and the whole must not be a word or a single name itself.
        """
        low = word.casefold().replace("-", "").replace("'", "")
        key = skeleton(low)
        if len(key) < 8 or not key.isalpha() or self.rank(low) is not None:
            return None
        if max(self.zipf(low), self.zipf(key)) > 1.0:
            return None  # an ordinary word ("montering", "ernæring") is no concatenation
        firsts, lasts = self.concat_index()
        for i in range(3, len(key) - 2):
            a, b = key[:i], key[i:]
            for x, y in ((a, b), (b, a)):
                fx, ly = firsts.get(x), lasts.get(y)
                if fx is None or ly is None or (len(x) == 3 and len(y) < 6) or (len(y) == 3 and len(x) < 5):
                    continue
                if fx in self.words and ly in self.words:
                    continue
                return (a, b)
        return None

    def zipf(self, low: str) -> float:
        z = self._zipf.get(low)
        if z is None:
            z = max(self._zipf_frequency(low, "da"), self._zipf_frequency(low, "en"))
            self._zipf[low] = z
        return z

    def very_common_surname(self, low: str) -> bool:
        """One of a country's most frequent surnames that is also frequent in Danish text (Hansen, Nielsen)."""
        return self.last.get(low) == 1 and self._zipf_frequency(low, "da") >= 4.3

    def rank(self, low: str) -> int | None:
        a = self.first.get(low)
        b = self.last.get(low)
        if a is None:
            return b
        if b is None:
            return a
        return min(a, b)

    def is_first(self, low: str) -> bool:
        r = self.first.get(low)
        return r is not None and (r <= 3 or low not in self.words)

    def is_last(self, low: str) -> bool:
        r = self.last.get(low)
        if r is None and "-" in low:  # a double surname ("skov-petersen") counts when one part is known
            return any(self.is_last(x) for x in low.split("-") if x and x not in PARTICLES)
        return r is not None and (r <= 3 or low not in self.words)

    def klass(self, low: str) -> str:
        c = self._class.get(low)
        if c is None:
            c = self._classify(low)
            self._class[low] = c
        return c

    @staticmethod
    def _chinese_like(parts: list[str]) -> bool:
        """Romanised two-syllable given names ("chin-lung", "shu-chuan"): short open syllables."""
        return all(len(x) <= 6 and re.fullmatch(r"[bcdfghjklmnpqrstwxyz]{0,3}[aeiouü]{1,3}(?:ng|n|h)?", x)
                   for x in parts)

    def _classify(self, low: str) -> str:
        low = low.replace("’", "'")
        if low in STOPWORDS or low in PARTICLES or low in TITLES:
            return _S
        if "-" in low:
            parts = [p for p in low.split("-") if p]
            if len(parts) == 2 and all(len(x) >= 2 for x in parts) and parts[0] not in STOPWORDS and not any(
                x.endswith(_WORD_SUFFIXES) or x in self.places for x in parts
            ) and all(self.zipf(x) < 4.5 for x in parts) and self._chinese_like(parts):
                return _U
            if parts and parts[0] in PARTICLES and len(parts) > 1:
                parts = parts[1:]
                rest = [self.klass(p) for p in parts]
                return _N if all(r in (_N, _U, _A) for r in rest) else _W
            sub = [self.klass(p) for p in parts if p not in PARTICLES] or [_S]
            if any(s == _N for s in sub) and all(s != _S for s in sub):
                return _N
            if all(s in (_W, _S) for s in sub):
                return _W
            if all(s in (_U, _A, _N) for s in sub):
                return _U if _U in sub else _A
            return _W
        r = self.rank(low)
        if r is not None:
            if low in self.words:
                return _A if r <= 3 else _W
            if r <= 3:
                return _N
            return _W if self.zipf(low) >= 3.5 or low.endswith(_WORD_SUFFIXES) else _U
        if low.endswith(("'s", "’s")):
            return self.klass(low[:-2])
        if len(low) > 3 and low.endswith("s") and (self.rank(low[:-1]) or 9) <= 2:
            base = self.klass(low[:-1])  # a genitive ("Sørens", "Jensens")
            if base in (_N, _A):
                return base
        if low.endswith(_WORD_SUFFIXES) and len(low) > 7:
            return _W
        if self.lower is not None:
            # a frequent word that no spelling dictionary lists in lower case is a proper noun
            return _W if low in self.lower else _U
        if self.zipf(low) >= 3.0:
            return _W
        return _U


class NameDetector:
    """Finds person names in text units; load once, call ``detect`` per document.

    Args:
        models_dir: folder holding ``ner/`` (the spaCy pipeline) and ``names/names.json.gz`` (the compiled
            gazetteer). Default: the repository's ``models/`` folder, located relative to this package
            (``Path(__file__).resolve().parents[3] / "models"``), i.e. a source or editable install.
        threshold: minimum confidence of a name for its parts to be propagated to the rest of the document.
    Raises:
        DependencyMissingError: the model or the gazetteer is missing.
    """

    def __init__(self, models_dir: Path | None = None, *, threshold: float = PROPAGATE_THRESHOLD) -> None:
        models_dir = Path(models_dir) if models_dir is not None else DEFAULT_MODELS_DIR
        self.threshold = threshold
        self.lex = _Lexicon(models_dir / "names" / "names.json.gz")
        ner_dir = models_dir / "ner"
        if not (ner_dir / "config.cfg").is_file():
            raise DependencyMissingError(f"NER model not found at {ner_dir}; train it with scripts/train_ner.py")
        import spacy

        self.nlp = spacy.load(ner_dir)
        # NER results by unit text, so that verification does not re-run the model on paragraphs that
        # redaction left unchanged. It holds document text: the pipeline clears it after every document.
        self._ner_cache: dict[str, tuple[tuple[str, int, int], ...]] = {}

    def clear_cache(self) -> None:
        """Forget the NER results kept for the current document."""
        self._ner_cache.clear()

    # ------------------------------------------------------------------------------------------------------
    def detect(
        self, units: Sequence[TextUnit], applicant: Applicant | None = None, *, lang: str = "da"
    ) -> list[Finding]:
        """Find names in every unit.

        Args:
            units: the document's text units (any kind: body, header, metadata, filename, link ...).
            applicant: the application form's data; its ``name`` is matched exactly and fuzzily.
            lang: document language ("da" or "en"); word frequencies of both languages are used either way.
        Returns:
            ``Finding``s of category NAME with offsets into each unit's text, one per name occurrence
            (overlapping signals merged), sources "ner", "label", "layout", "signature", "gazetteer",
            "applicant" or "propagation".
        """
        del lang  # both languages' word frequencies are always consulted (CVs mix them)
        prepared = [self._prepare(u) for u in units if u.text and u.text.strip()]
        if not prepared:
            return []
        cands: list[_Cand] = []
        blocked: dict[str, list[tuple[int, int]]] = {}
        cands += self._ner(prepared, blocked)
        cands += self._labels_and_signatures(prepared)
        cands += self._layout(prepared)
        cands += self._gazetteer(prepared, blocked)
        cands += self._titles_and_inverted(prepared)
        cands += self._handles(prepared)
        cands += self._filenames(prepared)
        cands += self._run_together(prepared)
        cands = self._drop_employers(prepared, cands)
        seeds: list[_Seed] = []
        if applicant is not None and applicant.name:
            seeds += self._seeds_from_name(applicant.name, 0.95, "applicant")
        merged = self._merge(cands, prepared)
        wraps = self._wrapped(prepared, merged)
        if wraps:
            cands += wraps
            merged = self._merge(cands, prepared)
        by_id = {p.unit.id: p for p in prepared}
        for c in merged:
            value = by_id[c.unit_id].unit.text[c.start : c.end]
            if value.strip().casefold() in _PLACEHOLDER_NAMES or self.lex.split_concat(value) is not None:
                continue  # a run-together handle ("andersjohansen") is no name part to search for
            if c.score >= self.threshold:
                seeds += self._seeds_from_name(value, c.score, "propagation")
        if seeds:
            cands += self._propagate(prepared, seeds)
            merged = self._merge(cands, prepared)
        findings = [
            Finding(Category.NAME, c.unit_id, c.start, c.end, round(c.score, 3), c.source,
                    by_id[c.unit_id].unit.text[c.start : c.end])
            for c in merged
            if c.score >= MIN_SCORE
            and by_id[c.unit_id].unit.text[c.start : c.end].strip().casefold() not in _PLACEHOLDER_NAMES
        ]
        log.debug("name findings: %d in %d units", len(findings), len(prepared))
        return findings

    # --- preparation ------------------------------------------------------------------------------------
    def _prepare(self, unit: TextUnit) -> _Unit:
        text = unit.text
        lines: list[tuple[int, int]] = []
        by_line: list[list[_Tok]] = []
        toks: list[_Tok] = []
        handle_all = unit.kind in _HANDLE_KINDS
        pos = 0
        for li, part in enumerate(text.split("\n")):
            lines.append((pos, pos + len(part)))
            line_toks: list[_Tok] = []
            for chunk in _CHUNK_RE.finditer(part):
                cs = chunk.start()
                handle = handle_all or _is_handle_chunk(chunk.group())
                for m in _WORD_RE.finditer(chunk.group()):
                    s = cs + m.start()
                    k = s - 1
                    while k >= 0 and part[k] in " \t\"'“”‘’([":
                        k -= 1
                    sent_init = k < 0 or part[k] in _SENTENCE_END
                    word = m.group()
                    if not handle and (part[s + len(word) : s + len(word) + 1].isdigit()
                                       or (s > 0 and part[s - 1].isdigit())):
                        continue  # "PRINCE2", "3D"
                    line_toks.append(_Tok(pos + s, pos + s + len(word), word, word.casefold(), li, sent_init,
                                          handle))
            by_line.append(line_toks)
            toks += line_toks
            pos += len(part) + 1
        return _Unit(unit, toks, lines, by_line, [t.start for t in toks])

    # --- NER ----------------------------------------------------------------------------------------------
    def _ner(self, prepared: list[_Unit], blocked: dict[str, list[tuple[int, int]]]) -> list[_Cand]:
        out: list[_Cand] = []
        texts = [p.unit.text for p in prepared]
        cache = self._ner_cache
        todo = list(dict.fromkeys(t for t in texts if t not in cache))
        for text, doc in zip(todo, self.nlp.pipe(todo, batch_size=64), strict=True):
            cache[text] = tuple((ent.label_, ent.start_char, ent.end_char) for ent in doc.ents)
        for p in prepared:
            for label, ent_start, ent_end in cache[p.unit.text]:
                if label in _NER_LABELS_OTHER:
                    blocked.setdefault(p.unit.id, []).append((ent_start, ent_end))
                    continue
                if label != "PER":
                    continue
                lo = bisect.bisect_left(p.starts, ent_start)
                hi = bisect.bisect_right(p.starts, ent_end)
                toks = [t for t in p.toks[lo:hi] if t.end <= ent_end]
                span = self._name_tokens(p, toks, context="ner")
                if span is None:
                    continue
                toks, evidence = span
                score = {"strong": 0.85, "medium": 0.75, "weak": 0.55}[evidence]
                if evidence == "weak" and (not self.lex.is_first(toks[0].low) or self.lex.klass(toks[0].low) == _A):
                    score = 0.45  # a lone unknown word or word-name ("Lean"): out unless another signal agrees
                if len(toks) == 1 and len(p.by_line[toks[0].line]) == 1:
                    score = min(score, 0.45)  # one word alone on a line: a list item ("• Git"), not a person
                out.append(_Cand(p.unit.id, toks[0].start, _end_with_period(p.unit.text, toks[-1]), score, "ner"))
        return out

    # --- shared name-shape test ---------------------------------------------------------------------------
    def _name_tokens(self, p: _Unit, toks: list[_Tok], *, context: str) -> tuple[list[_Tok], str] | None:
        """Trim and judge a token run as a person name; returns (tokens, evidence) or None."""
        if not toks:
            return None
        text = p.unit.text
        # stop at a line break and at punctuation other than spaces, hyphens and initials' periods
        run = [toks[0]]
        for t in toks[1:]:
            gap = text[run[-1].end : t.start]
            if t.line != run[-1].line or not _name_gap(gap, run[-1]):
                break
            run.append(t)
        lex = self.lex
        # trim titles/stopwords/particles at the edges (particles may stay inside)
        while run and (lex.klass(run[0].low) == _S and not (run[0].low in PARTICLES and len(run) > 1
                                                                and run[0].cap)):
            run = run[1:]
        while run and (lex.klass(run[-1].low) == _S or run[-1].low in PARTICLES) and not (
            len(run) > 1 and run[-1].cap and run[-1].low in PARTICLES  # a capitalised final "Le", "Das"
        ):
            run = run[:-1]
        if not run:
            return None
        # cut at the first ordinary word (a job title after the name and the like)
        kept: list[_Tok] = []
        for t in run:
            c = lex.klass(t.low)
            if t.low in _WORD_PARTICLES and not t.cap:
                break  # "Peter Hansen at Novo": an English word, not the particle of "As-Sayed"
            if t.initial or t.low in PARTICLES:
                kept.append(t)
                continue
            if c in (_W, _S) or not t.cap:
                break
            kept.append(t)
        while kept and (kept[-1].initial or (kept[-1].low in PARTICLES and not (len(kept) > 1 and kept[-1].cap))):
            kept = kept[:-1]
        if not kept:
            return None
        core = [t for t in kept if not t.initial and not (t.low in PARTICLES and not (t is kept[-1] and t.cap))]
        if not core or len(core) > 5:
            return None
        if _COMPANY_AFTER.match(text, kept[-1].end) or any(_COMPANY_AFTER.fullmatch(t.text) for t in core):
            return None
        if _is_street(text, core) or any(_is_date_word(text, t) for t in core):
            return None
        joined = " ".join(t.low for t in kept)
        if joined in lex.places or (len(core) == 1 and (core[0].low in lex.places or (
                core[0].low.endswith("s") and core[0].low[:-1] in lex.places))):
            return None
        if core[0].low in lex.places and not any(lex.klass(t.low) == _N for t in core[1:]):
            return None  # "Iran Khodro", "Hanoi University": a place in front of a word is not a person
        if (len(core) >= 2 and core[0].upper and len(core[0].text) <= 3 and lex.rank(core[0].low) is None
                and not all(t.upper for t in core)):
            return None  # "MT Højgaard", "KMD Nexus": an abbreviation in front of a name is a company
        classes = [lex.klass(t.low) for t in core]
        n_names = sum(c == _N for c in classes)
        if n_names:
            evidence = "strong"
        elif len(core) >= 2:
            evidence = "medium"
        else:
            evidence = "weak"
        if context == "layout" and len(core) < 2:
            return None
        if context in ("layout", "ner") and all(t.upper for t in core) and not any(
            c in (_N, _A) for c in classes
        ) and not (context == "layout" and 2 <= len(core) <= 3 and all(c == _U for c in classes)):
            return None  # an all-caps heading
        return kept, evidence

    # --- labels and signatures ----------------------------------------------------------------------------
    def _labels_and_signatures(self, prepared: list[_Unit]) -> list[_Cand]:
        out: list[_Cand] = []
        pending: tuple[str, float] | None = None  # (context, score) waiting for the next non-empty line
        pending_left = 0
        pending_kind = ""
        for p in prepared:
            text = p.unit.text
            kind = _KIND_GROUP.get(p.unit.kind, p.unit.kind)
            if pending is not None and kind != pending_kind:
                pending = None  # a label or salutation never reaches into metadata, links or file names
            pending_kind = kind
            for li, (ls, le) in enumerate(p.lines):
                line = text[ls:le]
                if not line.strip():
                    continue
                line_toks = p.by_line[li]
                if pending is not None:
                    context, score = pending
                    cand = self._name_at_start(p, line_toks, context, score)
                    if cand is not None:
                        out.append(cand)
                        pending = None
                    else:
                        pending_left -= 1
                        if pending_left <= 0:
                            pending = None
                m = _LABEL_RE.match(line)
                if m and not m.group("sep") and m.end() < len(line.rstrip()) and line[m.end() - 1] in " \t":
                    # "Kontakt Sahra Muse på ...": no separator, so only a clear two-word name counts
                    value_toks = [t for t in line_toks if t.start > ls + m.end()]
                    got = self._name_tokens(p, value_toks, context="label") if value_toks else None
                    if got is not None and got[0][0] is value_toks[0] and got[1] != "weak":
                        out.append(_Cand(p.unit.id, got[0][0].start, _end_with_period(text, got[0][-1]),
                                         0.8, "label"))
                    m = None
                for im in _INLINE_LABEL_RE.finditer(line):
                    value_toks = [t for t in line_toks if t.start >= ls + im.end()]
                    out += self._label_values(p, value_toks, 0.85, im.group("strong") is not None)
                for im in _INTRO_RE.finditer(line):
                    value_toks = [t for t in line_toks if t.start >= ls + im.end()]
                    if not value_toks or value_toks[0].start != ls + im.end():
                        continue
                    cand = self._name_at_start(p, value_toks, "label", 0.85 if im.group("self") else 0.8)
                    if cand is not None and (im.group("self") or _greeting_ok(text, cand, ls + im.start())):
                        out.append(cand)
                if m and (m.group("sep") or m.end() == len(line.rstrip())):
                    strong = m.group("strong") is not None
                    score = 0.92 if strong else 0.85
                    value_start = ls + m.end()
                    if value_start >= le or not text[value_start:le].strip():
                        # "Kontakt" / "Contact" alone on a line is a section heading, not a label
                        if strong or m.group("other").casefold() not in ("kontakt", "contact"):
                            pending, pending_left = ("label", score), 1
                        continue
                    value_toks = [t for t in line_toks if t.start >= value_start]
                    out += self._label_values(p, value_toks, score, strong)
                    continue
                m = _SALUTATION_RE.match(line)
                if m and _is_salutation(line, m):
                    rest_toks = [t for t in line_toks if t.start >= ls + m.end()]
                    if rest_toks:
                        cand = self._name_at_start(p, rest_toks, "signature", 0.88)
                        if cand is not None:
                            out.append(cand)
                            continue
                    if not line[m.end():].strip():
                        pending, pending_left = ("signature", 0.88), 2
        return out

    def _name_at_start(self, p: _Unit, toks: list[_Tok], context: str, score: float) -> _Cand | None:
        toks = _skip_title(p.unit.text, toks)
        if not toks or not toks[0].cap:
            return None
        got = self._name_tokens(p, toks, context=context)
        if got is None:
            return None
        kept, evidence = got
        if kept[0] is not toks[0] and not toks[0].initial:
            return None
        if evidence == "weak":
            cls = self.lex.klass(kept[0].low)
            if cls == _U and context == "signature":
                score -= 0.15
            elif cls == _A:
                score -= 0.1
        return _Cand(p.unit.id, kept[0].start, _end_with_period(p.unit.text, kept[-1]), score, context)

    def _label_values(self, p: _Unit, toks: list[_Tok], score: float, strong: bool) -> list[_Cand]:
        """Names in a label's value: the first segment, and for reference labels every segment."""
        out: list[_Cand] = []
        text = p.unit.text
        toks = _skip_title(text, toks)
        segments: list[list[_Tok]] = []
        cur: list[_Tok] = []
        for t in toks:
            if cur:
                gap = text[cur[-1].end : t.start]
                if not _name_gap(gap, cur[-1]) or t.low in ("og", "and", "samt"):
                    segments.append(cur)
                    cur = []
                    if t.low in ("og", "and", "samt"):
                        continue
            cur.append(t)
        if cur:
            segments.append(cur)
        for i, seg in enumerate(segments[:6]):
            if i > 0 and strong:
                # "Navn: Kapoor, Arjun": a surname-first value keeps its given names
                if (i == 1 and out and len(seg) <= 3 and all(t.cap for t in seg)
                        and text[segments[0][-1].end : seg[0].start] == ", "
                        and all(self.lex.is_first(t.low) and self.lex.klass(t.low) in (_N, _A) for t in seg)):
                    out.append(_Cand(p.unit.id, seg[0].start, _end_with_period(text, seg[-1]), score - 0.05,
                                     "label"))
                break
            skip = 0
            while skip < min(3, len(seg) - 1) and self.lex.klass(seg[skip].low) in (_W, _S):
                skip += 1  # "Reference: Projektleder Tadhg King"
            seg = seg[skip:]
            cand = self._name_at_start(p, seg, "label", score if i == 0 and not skip else score - 0.05)
            if cand is None:
                continue
            got = self._name_tokens(p, seg, context="label")
            core = [t for t in got[0] if not t.initial and t.low not in PARTICLES] if got else []
            if (i > 0 or skip) and (got is None or got[1] == "weak" or len(core) < 2
                                    or not self.lex.is_first(core[0].low)):
                continue
            if not strong and got is not None and got[1] == "weak" and self.lex.klass(got[0][0].low) != _N:
                cand.score -= 0.35
            out.append(cand)
        return out

    # --- layout -------------------------------------------------------------------------------------------
    def _layout(self, prepared: list[_Unit]) -> list[_Cand]:
        out: list[_Cand] = []
        # (size, unit, line index) for every line with font sizes on the first page
        lines: list[tuple[float, float, _Unit, int]] = []
        sizes: list[float] = []
        for p in prepared:
            u = p.unit
            if u.page != 0 or not u.words:
                continue
            per_line: dict[int, tuple[float, float]] = {}
            line_starts = [ls for ls, _ in p.lines]
            for w in u.words:
                if w.size <= 0 or not 0 <= w.start < len(u.text):
                    continue
                sizes.append(w.size)
                y = w.bbox.y0 if w.bbox is not None else 0.0
                li = bisect.bisect_right(line_starts, w.start) - 1  # the "\n" line holding the word
                old = per_line.get(li)
                per_line[li] = (max(old[0], w.size), min(old[1], y)) if old else (w.size, y)
            for li, (size, y) in per_line.items():
                lines.append((size, y, p, li))
        if lines and sizes:
            sizes.sort()
            median = sizes[len(sizes) // 2]
            top_y = min(y for _, y, _, _ in lines)
            ranked = sorted(lines, key=lambda x: (-x[0], x[1]))
            for size, y, p, li in ranked[:3]:
                if size < median * 1.15 or y > top_y + 320:
                    continue
                cand = self._layout_line(p, li, 0.85)
                if cand is not None:
                    out.append(cand)
                    break
        # first lines of the document (DOCX and text without font sizes)
        seen = 0
        for p in prepared:
            if p.unit.kind not in ("body", "header", "textbox"):
                continue
            for li, (ls, le) in enumerate(p.lines):
                if not p.unit.text[ls:le].strip():
                    continue
                seen += 1
                cand = self._layout_line(p, li, 0.75)
                if cand is not None:
                    out.append(cand)
                    return out
                if seen >= 3:
                    return out
        return out

    def _layout_line(self, p: _Unit, li: int, score: float) -> _Cand | None:
        """The line (or its first segment, before "," "|" "·" and the like) when it looks like a name."""
        if li >= len(p.lines):
            return None
        ls, le = p.lines[li]
        line_text = p.unit.text[ls:le]
        cut = _SEGMENT_END_RE.search(line_text)
        seg_end = ls + (cut.start() if cut else len(line_text))
        seg_text = p.unit.text[ls:seg_end]
        toks = [t for t in p.by_line[li] if t.end <= seg_end]
        if not toks or any(ch.isdigit() for ch in seg_text) or "@" in seg_text or "/" in seg_text:
            return None
        got = self._name_tokens(p, toks, context="layout")
        if got is None:
            return None
        kept, evidence = got
        if kept[0] is not toks[0] or kept[-1] is not toks[-1] or evidence == "weak":
            return None
        if len([t for t in kept if not t.initial and t.low not in PARTICLES]) > 4:
            return None
        return _Cand(p.unit.id, kept[0].start, _end_with_period(p.unit.text, kept[-1]),
                     score if evidence == "strong" else score - 0.1, "layout")

    # --- gazetteer ----------------------------------------------------------------------------------------
    def _gazetteer(self, prepared: list[_Unit], blocked: dict[str, list[tuple[int, int]]]) -> list[_Cand]:
        out: list[_Cand] = []
        lex = self.lex
        for p in prepared:
            text = p.unit.text
            toks = p.toks
            n = len(toks)
            i = 0
            while i < n:
                t = toks[i]
                if _is_date_word(text, t):
                    i += 1
                    continue
                if not t.cap or t.handle or not lex.is_first(t.low) or lex.klass(t.low) not in (_N, _A):
                    if (t.cap and not t.handle and i + 1 < n and lex.klass(t.low) == _U and t.low not in lex.places
                            and len(t.low) > 2 and not t.upper):
                        out += self._unknown_then_surname(p, i, blocked)
                    i += 1
                    continue
                # extend over following name-like tokens on the same line
                j = i + 1
                while j < n and j - i < 5:
                    nt = toks[j]
                    if nt.line != t.line or not _name_gap(text[toks[j - 1].end : nt.start], toks[j - 1]):
                        break
                    c = lex.klass(nt.low)
                    if nt.low in _WORD_PARTICLES and not nt.cap:
                        break
                    if nt.low in PARTICLES or nt.initial:
                        j += 1
                        continue
                    if not nt.cap or c in (_W, _S):
                        break
                    j += 1
                run = toks[i:j]
                while run and (run[-1].initial or (run[-1].low in PARTICLES and not run[-1].cap)):
                    run = run[:-1]
                first_cls = lex.klass(t.low)
                rest = [x for x in run[1:] if not x.initial and not (x.low in PARTICLES and not x.cap)]
                if not rest:
                    score = 0.5 if first_cls == _N and not t.sent_init and not t.upper else 0.0
                    if lex.first.get(t.low, 9) > 2:
                        score = 0.0
                else:
                    rest_cls = [lex.klass(x.low) for x in rest]
                    last_known = any(lex.is_last(x.low) for x in rest)
                    if (t.low in lex.places and _N not in rest_cls) or t.low in _PLACE_PREFIXES:
                        i = max(j, i + 1)
                        continue
                    if first_cls == _N:
                        score = 0.8 if last_known else 0.7
                    else:  # first name that is also a word (Per, Kim, Bent)
                        score = 0.75 if last_known and _N in rest_cls else 0.6 if last_known else 0.55
                        if t.sent_init and p.by_line[t.line][0] is not t:
                            score -= 0.1  # a sentence start inside a line ("... . Per Holm-...")
                if score >= MIN_SCORE and run:
                    end = _end_with_period(text, run[-1])
                    if _COMPANY_AFTER.match(text, run[-1].end) or any(
                        _COMPANY_AFTER.fullmatch(x.text) for x in run[1:]
                    ) or _is_street(text, [x for x in run if x.low not in PARTICLES]):
                        score = 0.0
                    if any(_overlaps(t.start, end, s, e) for s, e in blocked.get(p.unit.id, ())):
                        score -= 0.25
                    if score >= MIN_SCORE:
                        out.append(_Cand(p.unit.id, t.start, end, score, "gazetteer"))
                i = max(j, i + 1)
        return out

    def _unknown_then_surname(self, p: _Unit, i: int, blocked: dict[str, list[tuple[int, int]]]) -> list[_Cand]:
        """An unknown capitalised word before a common known surname ("Fitsum Haile", "Tendai Jensen")."""
        lex = self.lex
        t, nt = p.toks[i], p.toks[i + 1]
        text = p.unit.text
        if nt.line != t.line or text[t.end : nt.start] != " " or not nt.cap:
            return []
        if lex.klass(nt.low) != _N or (lex.last.get(nt.low) or 9) > 2 or _COMPANY_AFTER.match(text, nt.end):
            return []
        if t.sent_init and len(p.by_line[t.line]) > 4:
            return []  # a capitalised sentence start is no evidence
        if any(_overlaps(t.start, nt.end, s, e) for s, e in blocked.get(p.unit.id, ())):
            return []
        return [_Cand(p.unit.id, t.start, nt.end, 0.6, "gazetteer")]

    def _titles_and_inverted(self, prepared: list[_Unit]) -> list[_Cand]:
        """Names after a courtesy title ("Mr. Smith", "Fru Holm") and surname-first forms ("JENSEN, Anna")."""
        out: list[_Cand] = []
        lex = self.lex
        for p in prepared:
            text = p.unit.text
            toks = p.toks
            for i, t in enumerate(toks[:-1]):
                nxt = toks[i + 1]
                gap = text[t.end : nxt.start]
                if t.text in _TITLE_FORMS and gap in (" ", ". ") and nxt.line == t.line and nxt.cap:
                    run = [nxt]
                    for x in toks[i + 2 : i + 5]:
                        if x.line != t.line or not x.cap or text[run[-1].end : x.start] not in (" ", "-"):
                            break
                        if lex.klass(x.low) == _S or _COMPANY_AFTER.fullmatch(x.text):
                            break
                        run.append(x)
                    if lex.klass(run[0].low) != _S and not _COMPANY_AFTER.match(text, run[-1].end):
                        out.append(_Cand(p.unit.id, run[0].start, run[-1].end, 0.8, "label"))
                    continue
                if (nxt.cap and not nxt.handle and nxt.line == t.line and t.end <= nxt.start
                        and _title_before(text, p.lines[nxt.line][0], nxt.start)):
                    cand = self._after_academic_title(p, i + 1)
                    if cand is not None:
                        out.append(cand)
                    continue
                if (gap == ", " and t.line == nxt.line and t.cap and nxt.cap and not t.handle
                        and (t.upper or lex.is_last(t.low)) and lex.klass(t.low) in (_N, _U)
                        and lex.is_first(nxt.low) and lex.klass(nxt.low) == _N and t.sent_init):
                    after = text[nxt.end : nxt.end + 1]
                    if after in ("", "\n", " ", ",", ".") and not _COMPANY_AFTER.match(text, nxt.end):
                        out.append(_Cand(p.unit.id, t.start, nxt.end, 0.75 if lex.is_last(t.low) else 0.6,
                                         "gazetteer"))
        return out

    def _after_academic_title(self, p: _Unit, i: int) -> _Cand | None:
        """The name after an academic or professional title ("Professor Jens Kristiansen", "lektor Mette")."""
        lex = self.lex
        text = p.unit.text
        first = p.toks[i]
        run = [first]
        for x in p.toks[i + 1 : i + 5]:
            if x.line != first.line or not x.cap or text[run[-1].end : x.start] not in (" ", "-"):
                break
            if lex.klass(x.low) in (_S, _W) or _COMPANY_AFTER.fullmatch(x.text):
                break
            run.append(x)
        classes = [lex.klass(x.low) for x in run]
        if (classes[0] in (_S, _W) or _COMPANY_AFTER.match(text, run[-1].end) or _is_date_word(text, first)
                or any(_COMPANY_AFTER.fullmatch(x.text) for x in run)):
            return None
        if _is_street(text, run) or (len(run) == 1 and first.low in lex.places):
            return None
        score = 0.8 if _N in classes or len(run) >= 2 else 0.7
        return _Cand(p.unit.id, first.start, run[-1].end, score, "label")

    def _handles(self, prepared: list[_Unit]) -> list[_Cand]:
        """Known first name + known name inside an e-mail local part, URL path or file name ("anna.jensen@")."""
        out: list[_Cand] = []
        lex = self.lex
        for p in prepared:
            text = p.unit.text
            toks = p.toks
            for t1, t2 in zip(toks, toks[1:], strict=False):
                if not (t1.handle and t2.handle) or text[t1.end : t2.start] not in (".", "_", "-"):
                    continue
                if "@" in text[t1.end : t2.start] or lex.klass(t1.low) != _N or lex.klass(t2.low) != _N:
                    continue
                if not lex.is_first(t1.low) or not (lex.is_last(t2.low) or lex.is_first(t2.low)):
                    continue
                # skip domains: the tokens must not follow an "@" in the same chunk
                cs = max(text.rfind(" ", 0, t1.start), text.rfind("\n", 0, t1.start)) + 1
                if "@" in text[cs : t1.start]:
                    continue
                out.append(_Cand(p.unit.id, t1.start, t2.end, 0.7, "gazetteer"))
        return out

    def _run_together(self, prepared: list[_Unit]) -> list[_Cand]:
        """A common given name and surname run together in a handle, domain or file name ("andersjohansen.dk",
        "CV_MetteHolm.pdf"): a personal site or handle names its owner."""
        out: list[_Cand] = []
        for p in prepared:
            text = p.unit.text
            for t in p.toks:
                if not _handle_like(p, t) or len(t.text) < 8 or self.lex.split_concat(t.text) is None:
                    continue
                if p.unit.kind not in _HANDLE_KINDS and p.unit.kind != "metadata":
                    line = text[p.lines[t.line][0] : p.lines[t.line][1]]
                    if _PERIOD_RE.search(line) and "@" not in line:
                        continue  # an employer's site on a job line ("Designer, Louis Poulsen, 2018-2020, www...")
                out.append(_Cand(p.unit.id, t.start, t.end, 0.7, "gazetteer"))
        return out

    def _filenames(self, prepared: list[_Unit]) -> list[_Cand]:
        """A file name is dropped from the output anyway, so capitalised non-word runs in it count as names."""
        out: list[_Cand] = []
        lex = self.lex
        for p in prepared:
            if p.unit.kind != "filename":
                continue
            run: list[_Tok] = []
            for t in [*p.toks, None]:
                ok = t is not None and (t.cap or t.upper) and lex.klass(t.low) in (_N, _A, _U) and not (
                    _COMPANY_AFTER.fullmatch(t.text))
                if ok and t is not None:
                    run.append(t)
                    continue
                known = [x for x in run if lex.klass(x.low) == _N]
                if len(run) >= 2 or (len(run) == 1 and known and lex.is_first(run[0].low)):
                    out.append(_Cand(p.unit.id, run[0].start, run[-1].end, 0.7 if len(run) >= 2 else 0.6, "layout"))
                run = []
        return out

    # --- employers named after people -----------------------------------------------------------------------
    def _drop_employers(self, prepared: list[_Unit], cands: list[_Cand]) -> list[_Cand]:
        """Drop guesses (NER, gazetteer) that stand where a CV names an employer, not a person.

        "Engineer at Per Aarsleff", "ansat hos Jens Jensen", "Arbejdsgiver: Peter Hansen", and a job line
        "Title – X" / "Title, X" with an employment period on it or next to it ("Engineer – Per Aarsleff" over
        "Dec 2003–Jun 2005"). Label, signature and applicant signals are kept whatever the context.
        """
        order = {p.unit.id: k for k, p in enumerate(prepared)}
        out: list[_Cand] = []
        for c in cands:
            if c.source in ("ner", "gazetteer"):
                k = order[c.unit_id]
                if self._employer_context(prepared, k, c.start, c.end):
                    continue
            out.append(c)
        return out

    def _employer_context(self, prepared: list[_Unit], k: int, start: int, end: int) -> bool:
        p = prepared[k]
        text = p.unit.text
        ls = text.rfind("\n", 0, start) + 1
        le = text.find("\n", end)
        le = len(text) if le < 0 else le
        before, after = text[ls:start], text[end:le]
        if _EMPLOYER_BEFORE_RE.search(before):
            return True
        if _VED_BEFORE_RE.search(before) and _PERIOD_RE.search(before + after):
            return True  # "Ingeniør ved Per Aarsleff, 2003-2005"; not "kursus ved Mette Holm"
        m = _EMPLOYER_NOUN_BEFORE_RE.search(before)  # "hos Malerfirmaet Bent Holm", "at Restaurant X"
        if m and all(self.lex.klass(w.casefold()) == _W or w.casefold().endswith(_BUSINESS_NOUNS)
                     for w in _WORD_RE.findall(m.group("nouns"))):
            return True
        m = _JOB_TITLE_BEFORE_RE.match(before)
        if m is None:
            return False
        words = _WORD_RE.findall(m.group("title"))
        # ordinary words, or occupations that are also surnames ("Smed", "Bager", "Kok")
        if not words or any(self.lex.klass(w.casefold()) not in (_W, _S, _A) for w in words):
            return False
        if _PERIOD_RE.search(after):
            return True
        li = text.count("\n", 0, start)
        lines = text.split("\n")
        near = [lines[j] for j in (li - 1, li + 1) if 0 <= j < len(lines)]
        for j in (k - 1, k + 1):
            if 0 <= j < len(prepared) and prepared[j].unit.page == p.unit.page and prepared[j].unit.kind == p.unit.kind:
                other = prepared[j].unit.text.split("\n")
                near.append(other[-1] if j < k else other[0])
        return any(_PERIOD_RE.search(x) and len(x) <= 60 for x in near)

    # --- names wrapped over a line break ---------------------------------------------------------------------
    def _wrapped(self, prepared: list[_Unit], merged: list[_Cand]) -> list[_Cand]:
        """The rest of a name continued on the next line ("Prof. Troels\nLund-Hansen", "Jens Lund-\nHansen").

        A found name that ends its line and looks unfinished (a lone given name, given names only, a trailing
        particle or hyphen) continues with the name-like words that start the next line, or the next unit
        of the same page and kind (a PDF block or DOCX paragraph broken inside a name).
        """
        out: list[_Cand] = []
        lex = self.lex
        order = {p.unit.id: k for k, p in enumerate(prepared)}
        for c in merged:
            if c.score < MIN_SCORE:
                continue
            k = order[c.unit_id]
            p = prepared[k]
            text = p.unit.text
            inside = [t for t in p.toks if c.start <= t.start and t.end <= c.end]
            if not inside or inside[-1].handle:
                continue
            li = inside[-1].line
            rest = text[c.end : p.lines[li][1]]
            hyphen = rest.strip() == "-"
            if rest.strip() and not hyphen:
                continue
            core = [t for t in inside if not t.initial and t.low not in PARTICLES]
            unfinished = (
                hyphen or inside[-1].low in PARTICLES
                or (len(core) == 1 and lex.is_first(core[0].low))
                or (1 <= len(core) <= 2 and all(lex.is_first(t.low) and not lex.is_last(t.low) for t in core))
            )
            if not unfinished:
                continue
            if li + 1 < len(p.lines):
                target, nli = p, li + 1
                while nli < len(p.lines) and not p.by_line[nli] and not text[slice(*p.lines[nli])].strip():
                    nli += 1
                    break  # one blank line at most is not a wrap: stop
                if nli != li + 1:
                    continue
            else:
                if k + 1 >= len(prepared):
                    continue
                target, nli = prepared[k + 1], 0
                if (target.unit.kind != p.unit.kind or target.unit.page != p.unit.page
                        or target.unit.ref != p.unit.ref or len(core) != 1):
                    continue
            cand = self._line_start_name(target, nli, hyphen, strict=target is not p)
            if cand is not None:
                cand.score = min(c.score, 0.9) - (0.2 if cand.score < 0.7 else 0.0)
                cand.source = c.source
                out.append(cand)
        return out

    def _line_start_name(self, p: _Unit, li: int, hyphen: bool, *, strict: bool) -> _Cand | None:
        """A name-like run of words at the very start of line ``li`` (score 0.6 when only unknown words)."""
        if li >= len(p.lines) or not p.by_line[li]:
            return None
        text = p.unit.text
        ls, le = p.lines[li]
        toks = p.by_line[li]
        first = toks[0]
        if text[ls : first.start].strip() or not first.cap or first.handle or _is_date_word(text, first):
            return None
        lex = self.lex
        run = [first]
        if not hyphen:
            for x in toks[1:3]:
                if not x.cap or x.handle or text[run[-1].end : x.start] not in (" ", "-"):
                    break
                if lex.klass(x.low) in (_S, _W) or _COMPANY_AFTER.fullmatch(x.text):
                    break
                run.append(x)
        classes = [lex.klass(x.low) for x in run]
        if any(c in (_S, _W) for c in classes) or _COMPANY_AFTER.match(text, run[-1].end):
            return None
        if _is_street(text, run) or (len(run) == 1 and first.low in lex.places):
            return None
        known = any(lex.is_last(x.low) or lex.klass(x.low) == _N for x in run)
        after = text[run[-1].end : le].lstrip(" ")
        ends = not after or after[0] in ",.;:()[]–-|/" or not after[0].isalpha()
        if strict and not (ends and known and len(run) == len(toks)):
            return None  # across units only a line holding nothing but the surname counts
        if not known and not (hyphen or ends):
            return None
        return _Cand(p.unit.id, first.start, _end_with_period(text, run[-1]), 0.8 if known else 0.6, "wrap")

    # --- seeds and propagation ----------------------------------------------------------------------------
    def _seeds_from_name(self, name: str, score: float, source: str) -> list[_Seed]:
        parts: list[str] = []
        for raw in _WORD_RE.findall(name):
            low = raw.casefold()
            if len(low) < 2 or low in PARTICLES or low in TITLES or low in STOPWORDS:
                continue
            parts.append(raw)
            if "-" in raw:
                parts += [x for x in raw.split("-") if len(x) >= 3 and x.casefold() not in PARTICLES]
        if not parts:
            return []
        keys = [skeleton(_strip_genitive(x)) for x in parts]
        seeds = []
        for raw, key in zip(parts, keys, strict=True):
            low = _strip_genitive(raw).casefold()
            cls = self.lex.klass(low)
            wordish = cls in (_A, _W) or (cls == _U and self.lex.zipf(low) >= 3.0)
            others = frozenset(k[:1] for k in keys if k != key and k)
            seeds.append(_Seed(key, wordish, score, source, others, cls == _N or source == "applicant"))
        return seeds

    def _propagate(self, prepared: list[_Unit], seeds: list[_Seed]) -> list[_Cand]:
        table: dict[str, _Seed] = {}
        for s in seeds:
            old = table.get(s.key)
            if old is None:
                table[s.key] = s
                continue
            if old.source == "applicant":
                win = old
            elif s.source == "applicant" or s.score > old.score:
                win = s
            else:
                win = old
            table[s.key] = _Seed(s.key, s.wordish or old.wordish, win.score, win.source, s.initials | old.initials,
                                 s.known or old.known)
        keys_for_substring = [k for k, s in table.items() if len(k) >= 4 and not s.wordish]
        skel_cache: dict[str, str] = {}
        out: list[_Cand] = []
        for p in prepared:
            text = p.unit.text
            toks = p.toks
            hits: list[tuple[int, int, _Seed, bool]] = []  # (start, end, seed, wordish-match)
            for idx, t in enumerate(toks):
                key = skel_cache.get(t.text)
                if key is None:
                    key = skel_cache[t.text] = skeleton(_strip_genitive(t.text))
                seed = table.get(key)
                if seed is None and key.endswith("s") and len(key) > 3:
                    seed = table.get(key[:-1])
                if seed is not None:
                    if seed.wordish and not _wordish_hit_ok(toks, idx, seed, table, text, key, self.lex):
                        continue
                    if not t.handle and _is_date_word(text, t):
                        continue
                    if not (seed.known or t.cap or t.handle):
                        continue  # an unknown word found as a name counts in lower case only in handles
                    hits.append((t.start, t.end, seed, seed.wordish))
                    continue
                if _handle_like(p, t) and len(key) >= 5:
                    found = next((table[k] for k in keys_for_substring if k in key), None)
                    found = found or _concat_of_seeds(key.replace("-", "").replace("'", ""), table)
                    if found is not None:
                        hits.append((t.start, t.end, found, False))
            for start, end, seed, wordish in hits:
                if _COMPANY_AFTER.match(text, end) and self.lex.very_common_surname(text[start:end].casefold()):
                    continue  # "Hansen & Søn ApS": a company named with a very common surname names nobody
                # initials in front of a matched part ("A. Jensen", "A.M. Jensen")
                start = _extend_initials(text, start, seed.initials)
                base = seed.score if seed.source == "applicant" else min(seed.score, 0.9)
                score = base - (0.1 if wordish else 0.0)
                out.append(_Cand(p.unit.id, start, end, score, seed.source))
        return out

    # --- merging ------------------------------------------------------------------------------------------
    def _merge(self, cands: Iterable[_Cand], prepared: list[_Unit]) -> list[_Cand]:
        by_unit: dict[str, list[_Cand]] = {}
        for c in cands:
            if c.end > c.start:
                by_unit.setdefault(c.unit_id, []).append(c)
        texts = {p.unit.id: p.unit.text for p in prepared}
        merged: list[_Cand] = []
        for uid, lst in by_unit.items():
            text = texts[uid]
            lst.sort(key=lambda c: (c.start, -c.end))
            group: list[_Cand] = []
            g_end = -1
            for c in lst:
                if group and (c.start < g_end or _joinable(text[g_end : c.start]) and c.start - g_end <= 2):
                    group.append(c)
                    g_end = max(g_end, c.end)
                else:
                    if group:
                        merged.append(_combine(uid, group))
                    group, g_end = [c], c.end
            if group:
                merged.append(_combine(uid, group))
        return merged


# --- helpers ---------------------------------------------------------------------------------------------
def _handle_like(p: _Unit, t: _Tok) -> bool:
    """A token inside a handle, or a user-name-like word in metadata ("andersjohansen", "MetteHolm")."""
    if t.handle:
        return True
    if p.unit.kind != "metadata":
        return False
    return t.text.islower() or (t.text[:1].isupper() and any(c.isupper() for c in t.text[1:])
                                and not t.text.isupper())


def _concat_of_seeds(key: str, table: dict[str, _Seed]) -> _Seed | None:
    """The seed behind a handle written as name parts run together: firstlast, lastfirst, flast, firstl."""
    if len(key) < 5:
        return None
    for i in range(1, len(key)):
        a, b = key[:i], key[i:]
        sa, sb = table.get(a), table.get(b)
        if sa is not None and sb is not None and a != b:
            return sa if sa.score >= sb.score else sb
        if len(a) == 1 and sb is not None and len(b) >= 4 and a in sb.initials:
            return sb  # "ajohansen"
        if len(b) == 1 and sa is not None and len(a) >= 4 and b in sa.initials:
            return sa  # "andersj"
    return None


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


def _is_street(text: str, core: list[_Tok]) -> bool:
    """A street named after a person ("Niels Juels Gade", "Peter Bangs Vej")."""
    if not core:
        return False
    if _STREET_AFTER.match(text, core[-1].end):
        return True
    return len(core) >= 2 and core[-1].low in _STREET_WORDS and core[-2].low.endswith("s")


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


def _wordish_hit_ok(
    toks: list[_Tok], idx: int, seed: _Seed, table: dict[str, _Seed], text: str, key: str, lex: _Lexicon
) -> bool:
    """Whether an occurrence of a name part that is also an ordinary word ("Per", "Holm") is the name."""
    t = toks[idx]
    if t.handle:
        return _chunk_has_other_part(toks, idx, table, key)
    if not t.cap:
        return False
    if t.sent_init and seed.source != "applicant":
        # at a sentence start only a rare word ("Signe", "Bent") counts alone; "Per", "Rose" need a neighbour
        if seed.score >= 0.85 and lex.zipf(t.low) < 4.2:
            return True
        return _neighbour_is_part(toks, idx, table, text)
    return True


def _chunk_has_other_part(toks: list[_Tok], idx: int, table: dict[str, _Seed], key: str) -> bool:
    """In an e-mail/URL chunk, an ordinary-word part counts only beside another part of the name."""
    t = toks[idx]
    for k in (idx - 2, idx - 1, idx + 1, idx + 2):
        if 0 <= k < len(toks) and toks[k].handle and abs(toks[k].start - t.start) < 60:
            other = skeleton(toks[k].text)
            if other != key and (other in table or (len(other) == 1 and other in table[key].initials)):
                return True
    return False


def _neighbour_is_part(toks: list[_Tok], idx: int, table: dict[str, _Seed], text: str) -> bool:
    t = toks[idx]
    for k in (idx - 1, idx + 1):
        if 0 <= k < len(toks) and toks[k].line == t.line:
            a, b = (toks[k], t) if k < idx else (t, toks[k])
            if text[a.end : b.start] in (" ", "-") and skeleton(toks[k].text) in table:
                return True
    return False


def _extend_initials(text: str, start: int, initials: frozenset[str]) -> int:
    if not initials:
        return start
    m = re.search(r"((?:\b[A-ZÆØÅ]\.\s?-?){1,3}|\b[A-ZÆØÅ] )$", text[max(0, start - 12) : start])
    if m is None:
        return start
    letters = {skeleton(c)[:1] for c in m.group(1) if c.isalpha()}
    if letters and letters <= initials:
        return start - len(m.group(1))
    return start


def _combine(unit_id: str, group: list[_Cand]) -> _Cand:
    # A name propagated onto its own first finding adds no evidence: propagation is not combined with the
    # direct signals, but it is a floor (a weak direct guess never pulls a propagated name below its score).
    direct = [c for c in group if c.source != "propagation"]
    best: dict[str, float] = {}
    for c in direct or group:
        best[c.source] = max(best.get(c.source, 0.0), c.score)
    miss = 1.0
    for s in best.values():
        miss *= 1.0 - max(0.0, min(s, 0.99))
    score = min(0.99, 1.0 - miss)
    source = max(best.items(), key=lambda kv: kv[1])[0]
    propagated = max((c.score for c in group if c.source == "propagation"), default=0.0)
    if direct and propagated > score:
        score, source = propagated, "propagation"
    return _Cand(unit_id, min(c.start for c in group), max(c.end for c in group), score, source)


def iter_name_parts(text: str) -> Iterator[str]:
    """The word parts of a name as the detector sees them (for callers that build deny lists)."""
    for raw in _WORD_RE.findall(text):
        if len(raw) >= 2 and raw.casefold() not in PARTICLES:
            yield raw


__all__ = ["DEFAULT_MODELS_DIR", "NameDetector", "fold", "iter_name_parts", "skeleton"]
