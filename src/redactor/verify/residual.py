"""The residual-risk check: structural signs that personal data is still in a redacted output.

Detection finds values; this check looks at where values usually stand and at what they look like, so it
does not share detection's blind spots. It imports nothing from ``redactor.detect``: its rules and word
lists are its own and deliberately small. It never says a document is clean; it only adds reasons to look:
every hit makes the document ``needs_review`` with a reason and the place (page and box) to look at.

Signals (each can be switched off by name, see :data:`SIGNALS`):

- ``label``: a value left after a contact label ("Mobil: ...", "E-mail ...", "Nationalitet: ...");
- ``icon``: a value left after an icon glyph (private-use code points) or a small icon image;
- ``digits``: a run of 8 or more digits (any separators) that is not a date, a period, an amount or a
  publication / company identifier;
- ``street``: a street-type word with a house number;
- ``stand_in``: a template's stand-in left in the address or phone slot of the contact block ("postcode city",
  "Town, State", "my-phone-nr");
- ``position``: a name-shaped line where names stand: the largest line at the top of page 1, beside a
  contact block, in a signature, in a greeting or under a references heading;
- ``web``: e-mail, profile-URL and handle shaped tokens;
- ``contact_names``: a first name from the name lists, or a word in a non-Latin script, inside the contact
  block or the signature;
- ``form_data``: the applicant's form data in other spellings (letter-spaced, reversed, without diacritics,
  another case, digits only);
- ``cues``: the common phrasings of age, family and origin in prose ("39-årig", "father of two", "kom til
  Danmark fra ...", "born in ...", a language marked as native).

Reasons carry no raw value: the label quoted in a reason is a word from this module's own list.
"""

from __future__ import annotations

import gzip
import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from redactor.models import find_models
from redactor.types import Applicant, BBox, VerifyIssue

SIGNALS: tuple[str, ...] = ("label", "icon", "digits", "street", "stand_in", "position", "web", "contact_names",
                            "form_data", "cues")
RISK = "risk"  # VerifyIssue.kind of every hit: a reviewer settles it, it does not fail verification

# ----------------------------------------------------------------------------- messages (English, Danish)

# what -> (English noun phrase, Danish noun phrase with its "mulig/muligt" form)
_WHAT: dict[str, tuple[str, str]] = {
    "phone": ("phone number", "muligt telefonnummer"),
    "email": ("e-mail address", "mulig e-mailadresse"),
    "address": ("address", "mulig adresse"),
    "web": ("link or handle", "muligt link eller brugernavn"),
    "birth": ("birth date or ID number", "mulig fødselsdato eller personnummer"),
    "name": ("name", "muligt navn"),
    "origin": ("origin detail", "mulig oplysning om oprindelse"),
    "family": ("family detail", "mulig oplysning om familie"),
    "age": ("age or gender", "mulig alder eller køn"),
    "number": ("personal number", "muligt personligt nummer"),
    "contact": ("contact detail", "mulig kontaktoplysning"),
    "form": ("form data (other spelling)", "mulige oplysninger fra ansøgningsskemaet (anden stavemåde)"),
    "cue": ("age, family or origin detail", "mulig oplysning om alder, familie eller oprindelse"),
}
_WHERE_EN = {
    "after": "left after '{label}'",
    "icon": "left after an icon",
    "top": "in the largest line at the top of page 1",
    "beside": "beside the contact details",
    "signature": "in the signature after '{label}'",
    "greeting": "in the greeting '{label}'",
    "references": "under the heading '{label}'",
    "contact": "in the contact details",
    "header": "in a running header or footer",
    "text": "in the text",
}
_WHERE_DA = {
    "after": "efter '{label}'",
    "icon": "efter et ikon",
    "top": "i den største linje øverst på side 1",
    "beside": "ved kontaktoplysningerne",
    "signature": "i underskriften efter '{label}'",
    "greeting": "i hilsenen '{label}'",
    "references": "under overskriften '{label}'",
    "contact": "i kontaktoplysningerne",
    "header": "i et sidehoved eller en sidefod",
    "text": "i teksten",
}
DOCUMENT_REASON = "the residual check found possible personal data left in the output"
DOCUMENT_REASON_DA = "restkontrollen fandt mulige personoplysninger i resultatet"
UNREADABLE_PAGE = "the page's text layer does not read as language (it may hide personal data)"
UNREADABLE_PAGE_DA = "sidens tekstlag kan ikke læses som tekst (det kan skjule personoplysninger)"


def message(what: str, where: str, label: str = "", lang: str = "en") -> str:
    """The reason of one hit, e.g. "possible phone number left after 'Mobil'" (no raw value)."""
    en, da = _WHAT[what]
    if lang == "da":
        return f"{da} {_WHERE_DA[where].format(label=label)}"
    return f"possible {en} {_WHERE_EN[where].format(label=label)}"


def _message_patterns() -> list[tuple[re.Pattern[str], str, str]]:
    out = []
    for what, (en, _da) in _WHAT.items():
        for where, tmpl in _WHERE_EN.items():
            pat = re.escape(f"possible {en} {tmpl}").replace(re.escape("{label}"), "(?P<label>.{1,40}?)")
            out.append((re.compile(f"^{pat}$"), what, where))
    return out


_PATTERNS = _message_patterns()


def translate(text: str, lang: str) -> str | None:
    """A residual-check reason or hit message in ``lang``; None when ``text`` is not one of them."""
    if text == DOCUMENT_REASON:
        return DOCUMENT_REASON_DA if lang == "da" else text
    if text == UNREADABLE_PAGE:
        return UNREADABLE_PAGE_DA if lang == "da" else text
    for pat, what, where in _PATTERNS:
        m = pat.match(text)
        if m:
            return message(what, where, m.groupdict().get("label") or "", lang)
    return None


# ----------------------------------------------------------------------------- input: lines of the output


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the output as an independent extractor read it.

    ``words`` are (text, box) pairs; ``size`` approximates the font size (0 when unknown, e.g. DOCX);
    ``icon`` is True when a small image stands right before the line.
    """

    page: int | None
    text: str
    bbox: BBox | None = None
    size: float = 0.0
    words: tuple[tuple[str, BBox | None], ...] = ()
    icon: bool = False
    block: int = 0
    kind: str = "body"  # "header" / "footer" for DOCX header and footer parts


@dataclass(frozen=True, slots=True)
class Page:
    """A page's size, for position rules (``None`` page sizes for DOCX)."""

    width: float
    height: float


# ----------------------------------------------------------------------------- word lists (this module's own)

_LABELS: dict[str, tuple[str, ...]] = {
    "phone": ("telefon", "telefonnummer", "telefonnr", "tlf", "tlf.", "tlf.nr", "tlf.nr.", "tel", "tel.", "phone",
              "phone number", "mobil", "mobile", "mob", "mob.", "mobilnr", "mobilnummer", "mobiltelefon", "cell",
              "cellphone", "whatsapp", "telephone", "mobile phone", "mobilnr."),
    "email": ("e-mail", "email", "mail", "e-post", "epost", "e-mail address", "email address", "e-mailadresse"),
    "address": ("adresse", "address", "bopæl", "home address", "privatadresse", "residence", "current location",
                "location", "bor i", "lives in", "hjemadresse", "postadresse", "street"),
    "web": ("linkedin", "github", "gitlab", "website", "hjemmeside", "homepage", "portfolio", "twitter", "skype",
            "instagram", "facebook", "blog", "web", "url", "profil på linkedin", "xing", "behance"),
    "birth": ("fødselsdato", "født", "date of birth", "birth date", "birthdate", "dob", "d.o.b.", "born",
              "birthday", "fødselsdag", "cpr", "cpr-nr", "cpr-nr.", "cpr nr", "cpr-nummer", "personnummer",
              "fødselsår", "year of birth"),
    "name": ("navn", "name", "fulde navn", "full name", "fornavn", "efternavn", "first name", "last name",
             "surname"),
    "origin": ("nationalitet", "nationality", "statsborgerskab", "citizenship", "modersmål", "mother tongue",
               "native language", "fødested", "place of birth", "født i", "religion", "etnicitet", "ethnicity",
               "oprindelse", "origin", "country of birth", "fødeland"),
    "family": ("civilstand", "marital status", "børn", "children", "ægtefælle", "spouse", "familie", "family",
               "gift med", "married to"),
    "age": ("alder", "age", "køn", "gender", "sex"),
}
_LABEL_KIND = {lab: kind for kind, labs in _LABELS.items() for lab in labs}
_LABEL_ALT = "|".join(re.escape(lab) for lab in sorted(_LABEL_KIND, key=len, reverse=True))
# A label with a colon anywhere, or a label opening a line (after an optional icon or bullet) without one.
_LABEL_COLON = re.compile(rf"(?<![\w@./-])({_LABEL_ALT})\s*[:：]", re.IGNORECASE)
_LABEL_START = re.compile(rf"^[\W_]{{0,3}}({_LABEL_ALT})(?![\w@.-])\s*[:：.\-–]?", re.IGNORECASE)
_VALUE_STOP = re.compile(r"(?:^|\s)[|·•▪◦](?:\s|$)|\s{3,}")

_CLOSINGS = ("med venlig hilsen", "venlig hilsen", "de bedste hilsner", "bedste hilsner", "mange hilsner",
             "venligst", "hilsen", "mvh", "kind regards", "best regards", "warm regards", "regards", "sincerely",
             "yours sincerely", "yours faithfully", "yours truly", "respectfully", "with best wishes", "best wishes",
             "med vennlig hilsen", "mit freundlichen grüßen", "vänliga hälsningar")
_CLOSING = re.compile(r"^\W*(" + "|".join(re.escape(c) for c in sorted(_CLOSINGS, key=len, reverse=True))
                      + r")\b[\s,.!]*", re.IGNORECASE)
_GREETING = re.compile(r"^\W*(kære|dear|hej|hi|hello|att\.?|attn\.?|attention)\s+(.+)$", re.IGNORECASE)
_GENERIC_ADDRESSEES = frozenset(
    [
        "hiring", "manager", "managers", "team", "sir", "madam", "sirs", "recruiter", "recruiters", "committee",
        "hr", "ansættelsesudvalg", "ansættelsesudvalget", "udvalg", "rekrutteringsansvarlig",
        "rekrutteringsansvarlige", "alle", "all", "whom", "concern", "colleagues", "kolleger", "læser", "reader",
        "recipient", "modtager", "rekruttering", "leder", "chef"
    ]
)
_REFERENCE_HEADING = re.compile(r"^\W*(referencer|reference|references|referees|referee|referencepersoner|"
                                r"anbefalinger|recommendations)\b\W*$", re.IGNORECASE)

# Headings, section names and document words that stand where names stand but are not names.
_HEADINGS = frozenset(
    [
        "curriculum", "vitae", "cv", "resume", "résumé", "resumé", "ansøgning", "application", "ansøgningen",
        "motiveret", "motivated", "profil", "profile", "om", "mig", "about", "me", "kontakt", "contact",
        "kontaktoplysninger", "contact", "details", "personlige", "oplysninger", "personal", "details",
        "information", "oplysninger", "erfaring", "erhvervserfaring", "experience", "work", "professional",
        "uddannelse", "uddannelser", "education", "kompetencer", "competences", "competencies", "skills",
        "færdigheder", "sprog", "languages", "language", "kurser", "courses", "certificeringer", "certifications",
        "certificates", "referencer", "references", "interesser", "interests", "fritid", "hobbies", "projekter",
        "projects", "publikationer", "publications", "frivilligt", "volunteer", "arbejde", "summary", "resumé",
        "sammendrag", "nøglekvalifikationer", "key", "qualifications", "qualifications", "kvalifikationer",
        "portfolio", "personligt", "personal", "cover", "letter", "følgebrev", "motivation", "motivationsbrev",
        "ansøger", "applicant", "vedr", "vedrørende", "regarding", "re", "stilling", "stillingen", "position",
        "job", "jobbet", "the", "a", "an", "and", "og", "i", "for", "til", "som", "of", "in", "at", "to", "with",
        "med", "på", "ved", "hos", "from", "fra", "page", "side", "dato", "date", "anbefaling", "recommendation",
        "letter", "brev", "bilag", "attachment", "tools", "værktøjer", "it", "technologies", "teknologier",
        "software", "hard", "soft", "achievements", "resultater", "mål", "goals", "objective", "career", "karriere",
        "highlights", "strengths", "styrker", "kernekompetencer", "core", "tak", "thank", "you"
    ]
)
# Word endings of job titles and roles (Danish compounds end in these; English titles contain them).
_TITLE_ENDINGS = (
    "leder", "chef", "konsulent", "ingeniør", "udvikler", "assistent", "medarbejder", "sygeplejerske", "pædagog",
    "lærer", "rådgiver", "koordinator", "specialist", "arkitekt", "økonom", "studerende", "elev", "direktør",
    "tekniker", "designer", "analytiker", "jurist", "sekretær", "ansvarlig", "kandidat", "ekspert", "handler",
    "mester", "svend", "læge", "terapeut", "hjælper", "bud", "fører", "arbejder", "sælger", "agent", "partner",
    "engineer", "developer", "manager", "consultant", "analyst", "scientist", "assistant", "nurse", "teacher",
    "officer", "coordinator", "director", "architect", "lead", "student", "graduate", "intern", "accountant",
    "administrator", "advisor", "adviser", "programmer", "technician", "economist", "lawyer", "researcher",
    "associate", "head", "executive", "owner", "founder", "specialist", "expert", "president", "editor",
    "writer", "therapist", "worker", "operator", "planner", "strategist", "trainee", "apprentice", "professor",
    "lecturer", "fellow", "candidate", "supervisor", "officer", "clerk", "driver", "chef", "cook", "artist",
    "physician", "doctor", "visitor", "surgeon", "pharmacist", "dentist", "midwife", "carer", "paramedic",
    "electrician", "plumber", "carpenter", "mechanic", "secretary", "receptionist", "cashier", "pedagogue",
    "læge", "jordemoder", "tandlæge", "farmaceut", "sosu", "social- og sundhedshjælper", "professor", "rektor",
    "inspektør", "skoleleder", "underviser", "vejleder", "formand", "næstformand", "medlem", "member",
    "ph.d", "phd", "msc", "bsc", "cand", "mba", "ba", "ma",
)
# Words that make a line an organisation or a place of work, not a person (a recipient's address block).
_ORG_WORDS = (
    "kommune", "kommunes", "region", "regionen", "hospital", "hospitalet", "sygehus", "a/s", "aps", "i/s", "p/s",
    "universitet", "university", "skole", "skolen", "school", "gymnasium", "institut", "instituttet", "institute",
    "company", "ltd", "inc", "gmbh", "ministeriet", "ministry", "styrelsen", "forvaltning", "forvaltningen",
    "center", "centret", "centre", "fonden", "foundation", "group", "gruppen", "bank", "college", "academy",
    "akademi", "forening", "association", "team", "afdeling", "afdelingen", "department", "kontor", "office",
    "børnehave", "vuggestue", "plejecenter", "klinik", "clinic", "apotek", "rådhus", "municipality", "council",
)
_PARTICLES = frozenset([
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la", "le", "al", "el", "bin",
    "ibn", "bint", "abu", "af", "zu", "ter"
])

_PUA = re.compile("[\ue000-\uf8ff\U000f0000-\U0010ffff]")
# FontAwesome / icon-font code points of contact icons (phone, envelope, map marker, globe, brands, ...)
_CONTACT_ICONS = frozenset(
    chr(c) for c in (0xF095, 0xF3CD, 0xF10B, 0xF879, 0xF098, 0xF2A0, 0xF0E0, 0xF003, 0xF199, 0xF1FA, 0xF041,
                     0xF3C5, 0xF015, 0xF08C, 0xF0E1, 0xF09B, 0xF113, 0xF092, 0xF0AC, 0xF57D, 0xF0C1, 0xF1FD,
                     0xF007, 0xF2BD, 0xF099, 0xF17E, 0xF232, 0xF2C2, 0xF073, 0xF133, 0xF024, 0xF09A, 0xF16D,
                     0xF296, 0xF5A0, 0xF3C9, 0xE0CD, 0xE0BE, 0xE55F, 0xE158, 0xE0B0)
)

_EMAIL = re.compile(r"[\w.+\-]+\s?@\s?[\w\-]+(?:\.[\w\-]+)+|(?<![\w.+\-\]])[A-Za-z][\w.+\-]*@[A-Za-z][\w\-]+",
                    re.UNICODE)  # also without a top-level domain ("YourEmail@domain")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"')\]]+|"
                  r"\b(?:[\w\-]+\.)+(?:com|dk|org|net|io|de|se|no|me|info|eu|co|uk|dev|app|ai|page|site|fi|nl|"
                  r"fr|es|it|pl|tr|in|pk|us|ca|au|be|ch|at|biz|xyz|online|tech|blog)(?:/[^\s<>\"')\]]*)?",
                  re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w@.\]])@[A-Za-z0-9_][A-Za-z0-9_.\-]{1,38}")  # not the domain after a redacted e-mail
_PROFILE_HOSTS = ("linkedin.", "github.", "gitlab.", "twitter.", "x.com", "facebook.", "instagram.", "behance.",
                  "dribbble.", "medium.com", "stackoverflow.", "xing.", "youtube.", "tiktok.", "bitbucket.",
                  "kaggle.", "researchgate.", "orcid.", "scholar.google", "wordpress.", "blogspot.", "wixsite.",
                  "github.io", "about.me", "linktr.ee", "vimeo.", "flickr.", "threads.", "mastodon", "substack.",
                  "squarespace.", "netlify.", "vercel.", "t.me", "wa.me", "skype")

_DIGIT_RUN = re.compile(r"(?<![\w])\+?\(?\d[\d\s\-./()–]*\d(?![\w])")
_DATE_PARTS = re.compile(
    r"(?<!\d)(?:(?:0?[1-9]|[12]\d|3[01])[./\-](?:0?[1-9]|1[0-2])[./\-](?:19|20)?\d\d"  # d.m.y
    r"|(?:19|20)\d\d[./\-](?:0?[1-9]|1[0-2])[./\-](?:0?[1-9]|[12]\d|3[01])"  # y-m-d
    r"|(?:0?[1-9]|1[0-2])[./\-](?:19|20)\d\d|(?:19|20)\d\d[./\-](?:0?[1-9]|1[0-2])(?!\d)"  # m/y, y/m
    r"|(?:19|20)\d\d)(?!\d)"  # a year
)
_AMOUNT = re.compile(r"^\d{1,3}(?:[.,\s]\d{3})+(?:[.,]\d{1,2})?$")
_IDENTIFIER_LABEL = re.compile(r"\b(isbn|issn|doi|cvr|cvr-nr|se-nr|ean|arxiv|pmid|p-nr|eori|vat|moms|"
                               r"invoice|faktura|ordre|order|journal|sag|case|ref|reference|version|v)\b[\s.:\-#]*$",
                               re.IGNORECASE)
_CURRENCY_AFTER = re.compile(r"^\s*(kr\.?|dkk|eur|usd|sek|nok|€|\$|£|mio|million|mia)", re.IGNORECASE)

_CUES = re.compile(
    r"\b\d{2}\s?-\s?(?:årig|year-old|years-old)\b|\b\d{2}\s+(?:år\s+gammel|years?\s+old)\b"  # age
    r"|\b(?:jeg er|i am|i'm)\s+\d{2}\b(?!\s*(?:%|år\s+erfaring|years?\s+of))"
    r"|\b(?:far|mor|forælder)\s+til\s+(?:et|en|to|tre|fire|fem|\d)\b"  # family
    r"|\b(?:father|mother|parent)\s+of\s+(?:one|two|three|four|five|\d)\b"
    r"|\b(?:gift|married)\s+(?:med|to|with)\b|\b\d\s+(?:børn|children|kids)\b"
    r"|\b(?:kom|flyttede|flygtede|immigrerede|indvandrede)\s+til\s+danmark\b"  # origin
    r"|\b(?:came|moved|fled|immigrated|relocated|emigrated)\s+to\s+denmark\b"
    r"|\b(?:født|opvokset|vokset\s+op)\s+i\s+(?-i:[A-ZÆØÅ])[\w\-]+|\b(?:born|raised|grew\s+up)\s+in\s+(?-i:[A-Z])[\w\-]+"
    r"|\b(?-i:[A-ZÆØÅ])[\w\-]+\s*(?::|-|–|\()\s*(?:native|modersmål|mother\s+tongue)\b"
    # home languages
    r"|\b(?:grew\s+up|raised|voksede\s+op|opvokset)\s+(?:bilingual|trilingual|tosproget|tresproget)\b",
    re.IGNORECASE,
)
_STREET = re.compile(
    r"(?<![\w])("
    # Danish / Scandinavian compounds: Vestergade 14, Ny Østergade 3B, Strandvejen 102
    r"[A-ZÆØÅÄÖÜ][\w'\-]*(?:vej|vejen|gade|gaden|allé|alle|alléen|stræde|strædet|plads|pladsen|torv|torvet|vænge|"
    r"vænget|vang|vangen|sti|stien|parken|bakke|bakken|toft|toften|have|haven|høj|højen|engen|holm|"
    r"boulevard|kaj|kajen|park|gatan|gata|veien|vägen|straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|"
    r"laan|straat|gracht|plein|ulica)"
    r"\s+\d{1,4}\s?[A-Za-z]?\b(?!\s*(?:%|kr|mio|km|år|years|timer|hours))"
    # separate street words: Weg 7, Street 221B, Calle 5 #23-10, ul. Długa 5/3, rue de X 12
    r"|\b(?:[A-ZÆØÅ][\w'\-]+\s+){0,3}(?:Street|St\.|Road|Rd\.?|Avenue|Ave\.?|Lane|Drive|Dr\.|Close|Court|Crescent|"
    r"Place|Square|Terrace|Way|Weg|Straße|Strasse|Gasse|Allee|Vej|Gade)\s+\d{1,4}[A-Za-z]?\b"
    r"|\b\d{1,4}[A-Za-z]?,?\s+(?:[A-Z][\w'\-]+\s+){1,3}(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Drive|Dr\.?|Close|"
    r"Court|Crescent|Place|Square|Terrace|Way|Boulevard|Blvd\.?)(?!\w)"
    r"|\b\d{1,4}[A-Za-z]?,?\s+(?:Rue|Avenue|Boulevard|Bd|Via|Calle|Rua|Avenida)\s+(?:[\w'\-]+\s?){1,3}"
    r"|\b(?:Calle|Carrera|Avenida|Av\.|Rua|Via|Viale|Rue|Ul\.|ul\.|ulica|Cad\.|Caddesi|Sokak|Sk\.|Mahallesi|"
    r"Straße|Strasse|Plot|House\s+No\.?|Flat)\s+(?:[\w'\-]+\s+){0,3}(?:#\s?)?\d{1,4}[A-Za-z]?(?:\s?[#/\-]\s?\d+)?"
    r")"
)

# A template's stand-in left in the address slot of the contact block ("street and number", "postcode city",
# "Town, State", "calle y número", "邮编及城市"): the applicant fills the slot, so it is the address field.
_ADDRESS_PART = (r"(?:street|house|number|no|postcode|postal|post|zip|code|city|town|state|province|region|country|"
                 r"address|line|vejnavn|vej|husnummer|nr|postnummer|postnr|by|land|adresse|stra(?:ß|ss)e|hausnummer|"
                 r"plz|ort|stadt|calle|n[úu]mero|c[óo]digo|ciudad|pa[íi]s|direcci[óo]n|rue|ville|pays)")
_ADDRESS_STAND_IN = re.compile(
    rf"(?i:(?:(?:my|your|din|dit|min)\s?)?{_ADDRESS_PART}(?:[\s,/&–-]+(?:(?:and|og|und|y|et|&)\s+)?"
    rf"(?:(?:my|your|din|dit|min)\s?)?{_ADDRESS_PART}|\s+\d{{1,5}})+)"
    r"|[街道门牌号邮编政城市国家地址省及和与]{4,}(?:\s*[–-]\s*[街道门牌号邮编政城市国家地址省及和与]{4,})*"
)
# a template's stand-in in the phone slot ("my-phone-nr", "(areaCode) your-phone", "dit telefonnummer")
_PHONE_STAND_IN = re.compile(
    r"(?i:\b(?:my|your|din|dit|min)[-\s]?(?:phone|mobile|mobil|tlf|telefon|cell)[\w#-]*"
    r"|\b(?:phone|telefon|mobil|tlf)[-\s]?(?:nr|no|number|nummer|#)(?![\w])|\(\s*(?:area\s?code|områdekode)\s*\))"
)
# the same written as one token, which prose does not ("my-phone-nr", "your_phone#", "(areaCode)"): anywhere
_PHONE_STAND_IN_TOKEN = re.compile(
    r"(?i:\b(?:my|your|din|dit|min)[-_]?(?:phone|mobile|mobil|tlf|telefon)(?:[-_]?(?:nr|no|number|nummer)|#|\b)"
    r"|\(\s*(?:area\s?code|områdekode)\s*\))"
)
_STAND_IN_FIELDS = re.compile(r"\s*(?:[|•·]|\s[–—-]\s|\t|\s{3,})\s*")
# A stray one- or two-character token (an unmapped icon glyph) and one handle-shaped token: "ð aaden57".
# the fields of a contact line ("a | b", "a · b") and a field opening with one symbol then a space ("+ Town")
_FIELD_SPLIT = re.compile(r"\s*[|·•]\s*")
_GLYPH_FIELD = re.compile(r"^\s*[^\w\s•·\-–*>()\[\]|,.;:'\"/]\s+([^\W\d_].*?)\s*$")
_LONE_GLYPH_HANDLE = re.compile(r"^\s*([^\s\d•·\-–*>]|[^\w\s•·\-–*>]{2})\s+(@?[a-z0-9][a-z0-9_\-]*"
                                r"(?:\.[a-z0-9_\-]+)*)\s*$")
# Words a running header puts beside the applicant's name.
_DOC_WORD = re.compile(r"\b(cv|c\.v\.|curriculum vitae|resume|résumé|ansøgning|application|cover letter|"
                       r"side|page|seite)\b", re.IGNORECASE)
_NON_LATIN = re.compile(
    "[\u0370-\u03ff\u0400-\u052f\u0530-\u058f\u0590-\u05ff\u0600-\u06ff\u0700-\u074f\u0750-\u077f\u0900-\u0dff"
    "\u0e00-\u0e7f\u10a0-\u10ff\u1100-\u11ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0f00-\u0fff"
    "\u1200-\u137f\u0780-\u07bf]"
)
_REDACTION_TOKEN = re.compile(r"^\[?[A-ZÆØÅ][A-ZÆØÅ\-]*\]$|^\[[A-ZÆØÅ][A-ZÆØÅ\-]*\]?$")


# ----------------------------------------------------------------------------- small text helpers (own copies)


def fold(text: str) -> str:
    """Casefolded, without diacritics (æ -> ae, ø -> o, å -> aa, ß -> ss), for comparing spellings."""
    text = text.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "aa").replace("ß", "ss")
    text = text.replace("ı", "i").replace("ł", "l").replace("đ", "d").replace("ð", "d").replace("þ", "th")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def despace(text: str) -> str:
    """Letter-spaced runs joined: "M I C H A E L   B E C K" -> "MICHAEL BECK"."""
    def join(m: re.Match[str]) -> str:
        return re.sub(r"(?<=\w) (?=\w)", "", m.group(0))

    return re.sub(r"(?<!\w)\w(?: \w){2,}(?!\w)", join, text)


def _is_label_token(tok: str, labels: frozenset[str]) -> bool:
    return tok in labels or bool(_REDACTION_TOKEN.match(tok))


def _strip_labels(text: str, labels: Iterable[str], mask: str = " ") -> str:
    """``text`` with the redaction labels replaced by ``mask``."""
    for lab in labels:
        if lab:
            text = text.replace(lab, mask)
    return re.sub(r"\[[A-ZÆØÅ\-]{2,}\]?|\[?[A-ZÆØÅ\-]{2,}\]", mask, text)


def _alnum(text: str) -> bool:
    return any(c.isalnum() for c in text)


# ----------------------------------------------------------------------------- the checker


@dataclass
class _Doc:
    lines: list[Line]
    pages: dict[int, Page]
    labels: frozenset[str]
    clean: list[str] = field(default_factory=list)  # each line's text without redaction labels
    contact: set[int] = field(default_factory=set)  # indexes of contact-block lines
    signature: set[int] = field(default_factory=set)  # indexes of signature lines


class ResidualChecker:
    """Runs the residual-risk signals over an output's lines.

    Args:
        models_dir: the folder holding ``names/names.json.gz`` (first names of every origin); loaded on
            first use and shared by checkers in the process.
        disabled: signal names (see :data:`SIGNALS`) that are switched off.
    """

    def __init__(self, models_dir: Path | None = None, *, disabled: Iterable[str] = ()) -> None:
        self.models_dir = models_dir if models_dir is not None else find_models(None, ("names",))
        self.disabled = frozenset(disabled)
        unknown = self.disabled - set(SIGNALS)
        if unknown:
            raise ValueError(f"unknown residual signal(s): {', '.join(sorted(unknown))}")

    def check(self, lines: Sequence[Line], *, labels: Iterable[str] = (), pages: dict[int, Page] | None = None,
              applicant: Applicant | None = None) -> list[VerifyIssue]:
        """All hits of the enabled signals, one issue per (signal, place); empty when nothing looks left."""
        label_set = frozenset(lab for lab in labels if lab)
        doc = _Doc([ln for ln in lines if ln.text.strip()], pages or {}, label_set)
        doc.clean = [_strip_labels(ln.text, label_set) for ln in doc.lines]
        doc.contact = self._contact_block(doc)
        doc.signature = self._signature(doc)
        hits: list[VerifyIssue] = []
        for name in SIGNALS:
            if name in self.disabled:
                continue
            if name == "form_data":
                if applicant is not None and not applicant.is_empty():
                    hits.extend(self._form_data(doc, applicant))
                continue
            hits.extend(getattr(self, f"_{name}")(doc))
        seen: set[tuple[str, int | None, tuple[float, ...] | None]] = set()
        out = []
        for h in hits:
            key = (h.detail, h.page, tuple(h.bbox.as_list()) if h.bbox else None)
            if key not in seen:
                seen.add(key)
                out.append(h)
        return out

    # ------------------------------------------------------------------ structure

    def _contact_block(self, doc: _Doc) -> set[int]:
        """Lines holding a contact label, icon or contact-category redaction, and their immediate neighbours."""
        core = set()
        contact_labels = re.compile(r"\[(TELEFON|PHONE|E-MAIL|EMAIL|ADRESSE|ADDRESS|LINK)\]")
        for i, ln in enumerate(doc.lines):
            kind = _field_kind(ln.text, doc.labels)
            if kind in ("phone", "email", "address", "web", "birth", "name") or contact_labels.search(ln.text) \
                    or ln.icon or (_PUA.search(ln.text) and _contact_shaped(doc.clean[i])):
                core.add(i)
        block = set(core)
        for i in core:  # a short line right above or below belongs to the block (a name, a town, a handle)
            for j in (i - 1, i + 1):
                if 0 <= j < len(doc.lines) and len(doc.lines[j].text) <= 40 and doc.lines[j].page == doc.lines[i].page \
                        and _near(doc.lines[i], doc.lines[j]):
                    block.add(j)
        return block

    def _signature(self, doc: _Doc) -> set[int]:
        out: set[int] = set()
        for i, ln in enumerate(doc.lines):
            if _CLOSING.match(ln.text):
                out.add(i)
                for j in self._following(doc, i, 3):
                    out.add(j)
        return out

    def _following(self, doc: _Doc, i: int, n: int) -> list[int]:
        """Up to ``n`` lines after line ``i`` on the same page and close below it (in reading order)."""
        base = doc.lines[i]
        out = []
        last = base
        for j in range(i + 1, min(len(doc.lines), i + 1 + n * 2)):
            ln = doc.lines[j]
            if ln.page != base.page:
                break
            if ln.bbox is not None and last.bbox is not None:
                gap = ln.bbox.y0 - last.bbox.y1
                height = max(last.bbox.height, 6.0)
                if gap > 4 * height or gap < -2 * height or abs(ln.bbox.x0 - base.bbox.x0 if base.bbox else 0) > 200:
                    continue
            out.append(j)
            last = ln
            if len(out) >= n:
                break
        return out

    def _issue(self, doc: _Doc, i: int, what: str, where: str, label: str = "", category: str = "",
               box: BBox | None = None) -> VerifyIssue:
        ln = doc.lines[i]
        return VerifyIssue(RISK, message(what, where, label), category or what.upper(), ln.page,
                           box or ln.bbox)

    # ------------------------------------------------------------------ signals

    def _label(self, doc: _Doc) -> list[VerifyIssue]:
        out = []
        for i, ln in enumerate(doc.lines):
            matches = list(_LABEL_COLON.finditer(ln.text))
            start = _LABEL_START.match(ln.text)
            if start and not any(m.start(1) == start.start(1) for m in matches):
                matches.insert(0, start)
            for k, m in enumerate(matches):
                label = m.group(1)
                kind = _LABEL_KIND[label.casefold()]
                end = matches[k + 1].start(1) if k + 1 < len(matches) else len(ln.text)
                value = ln.text[m.end():end]
                stop = _VALUE_STOP.search(value)
                if stop:
                    value = value[:stop.start()]
                has_colon = ":" in m.group(0) or "：" in m.group(0)
                beside = False
                if not value.strip() and (has_colon or m.end() >= len(ln.text.rstrip())):
                    value, beside = self._value_beside(doc, i), True  # a table or a label on its own line
                value = _strip_labels(value, doc.labels)
                if not _meaningful(value):
                    continue
                if ((not has_colon and not beside) or (beside and kind in _SHAPED)) and not _value_fits(kind, value):
                    continue  # a label word opening prose ("Mobile development ..."), not a field
                if kind in ("origin", "family", "age") and _value_is_section(value):
                    continue
                if beside and _names_a_field(value):
                    continue  # the next row's label ("GitHub" over "StackOverflow", "Name" over "Title")
                out.append(self._issue(doc, i, _KIND_WHAT[kind], "after", label, _KIND_CATEGORY[kind],
                                       _word_box(ln, m.end(), end)))
        return out

    def _value_beside(self, doc: _Doc, i: int) -> str:
        """The text right of line ``i`` on the same row (table and two-column layouts), else the next line."""
        ln = doc.lines[i]
        if ln.bbox is None:
            nxt = self._following(doc, i, 1)
            cand = doc.lines[nxt[0]].text if nxt else ""
            return cand if cand and len(cand) <= 40 and not _not_a_value(cand) else ""
        row = []
        for other in doc.lines:
            b = other.bbox
            if other is ln or other.page != ln.page or b is None:
                continue
            overlap = min(b.y1, ln.bbox.y1) - max(b.y0, ln.bbox.y0)
            if overlap > 0.5 * min(b.height, ln.bbox.height) and 0 <= b.x0 - ln.bbox.x1 < 260:
                row.append(other)
        if row:
            first = min(row, key=lambda o: o.bbox.x0 if o.bbox else 0)
            return "" if _not_a_value(first.text) else first.text
        following = self._following(doc, i, 1)
        if following:
            below = doc.lines[following[0]]
            if below.bbox is not None and abs(below.bbox.x0 - ln.bbox.x0) < 30 and len(below.text) <= 40 \
                    and below.bbox.y0 - ln.bbox.y1 < 1.5 * max(ln.bbox.height, 6.0) and not _not_a_value(below.text) \
                    and not self._row_right(doc, below):
                return below.text  # (a line with its own value to the right is the next label of a table)
        return ""

    def _row_right(self, doc: _Doc, ln: Line) -> bool:
        """Some other line stands right of ``ln`` on the same row."""
        if ln.bbox is None:
            return False
        for other in doc.lines:
            b = other.bbox
            if other is ln or other.page != ln.page or b is None:
                continue
            if min(b.y1, ln.bbox.y1) - max(b.y0, ln.bbox.y0) > 0.5 * min(b.height, ln.bbox.height) \
                    and 0 <= b.x0 - ln.bbox.x1 < 260:
                return True
        return False

    def _icon(self, doc: _Doc) -> list[VerifyIssue]:
        out = []
        for i, ln in enumerate(doc.lines):
            text = doc.clean[i]
            glyph = _PUA.search(text)
            lone = _LONE_GLYPH_HANDLE.match(text)
            handle = lone.group(2) if lone else ""
            if lone and 4 <= len(handle) <= 40 and re.search(r"[a-z]", handle) \
                    and fold(handle) not in _lexicon(self.models_dir).ordinary \
                    and handle.casefold() not in _HEADINGS:
                # an icon font without a Unicode map comes out as a stray character before the handle
                out.append(self._issue(doc, i, "web", "icon", category="URL"))
                continue
            if glyph is None and not ln.icon:
                if self._glyph_field(doc, i):
                    out.append(self._issue(doc, i, "contact", "icon", category="OTHER"))
                continue
            if glyph is not None:
                value = _PUA.sub(" ", text[glyph.end():])
                if not _alnum(value):
                    value = _PUA.sub(" ", _strip_labels(self._value_beside(doc, i), doc.labels))
                known = glyph.group(0) in _CONTACT_ICONS
            else:
                value, known = text, False
            value = value.strip()
            if not _alnum(value) or _LABEL_START.match(value):
                continue  # nothing left, or a labelled field (the label signal judges it)
            top = ln.page == 0 and ln.bbox is not None and 0 in doc.pages and ln.bbox.y0 < doc.pages[0].height / 3
            if _contact_shaped(value) or ((known or top) and not _value_is_section(value)
                                          and len(value.split()) <= 6):
                out.append(self._issue(doc, i, "contact", "icon", category="OTHER"))
        return out

    @staticmethod
    def _glyph_field(doc: _Doc, i: int) -> bool:
        """A field of a separated contact line at the top of page 1 that opens with a lone symbol: an icon font
        without a Unicode map ("| + Town, State", "| # Valby") labels the value after it."""
        ln = doc.lines[i]
        if not (ln.page == 0 and ln.bbox is not None and 0 in doc.pages and ln.bbox.y0 < doc.pages[0].height / 3):
            return False
        fields = _FIELD_SPLIT.split(doc.clean[i])
        if len(fields) < 2:
            return False
        for part in fields:
            m = _GLYPH_FIELD.match(part)
            if m and _alnum(m.group(1)) and len(m.group(1).split()) <= 6 and not _value_is_section(m.group(1)):
                return True
        return False

    def _digits(self, doc: _Doc) -> list[VerifyIssue]:
        out = []
        for i, ln in enumerate(doc.lines):
            text = doc.clean[i]
            for m in _DIGIT_RUN.finditer(text):
                run = m.group(0)
                if sum(c.isdigit() for c in run) < 8:
                    continue
                rest = _DATE_PARTS.sub(" ", run)
                if sum(c.isdigit() for c in rest) < 6 or _AMOUNT.match(run.strip("+() ")):
                    continue  # dates, periods and years, or an amount
                before = text[:m.start()]
                if _IDENTIFIER_LABEL.search(before) or _CURRENCY_AFTER.match(text[m.end():]):
                    continue
                if re.search(r"(isbn|doi|issn)", before[-40:], re.IGNORECASE):
                    continue
                out.append(self._issue(doc, i, "number", "text", category="PHONE", box=_word_box(ln, m.start(),
                                                                                                 m.end())))
        return out

    def _street(self, doc: _Doc) -> list[VerifyIssue]:
        out = []
        for i, ln in enumerate(doc.lines):
            for m in _STREET.finditer(doc.clean[i]):
                number = re.findall(r"\d+", m.group(0))
                if number and len(number[-1]) == 4 and re.fullmatch(r"(19|20)\d\d", number[-1]):
                    continue  # "Strandvejen 2019"? a year, not a house number
                out.append(self._issue(doc, i, "address", "text", category="ADDRESS",
                                       box=_word_box(ln, m.start(), m.end())))
        return out

    def _stand_in(self, doc: _Doc) -> list[VerifyIssue]:
        """A template's stand-in left in an address or phone slot of the contact block: the slot the applicant
        fills ("street and number", "postcode city", "Town, State", "my-phone-nr", "(areaCode) your-phone")."""
        out = []
        for i in range(len(doc.lines)):
            if i not in doc.contact:
                if re.search(r"[-_#(]", doc.clean[i]) and _PHONE_STAND_IN_TOKEN.search(doc.clean[i]):
                    out.append(self._issue(doc, i, "phone", "text", category="PHONE"))
                continue
            fields = _STAND_IN_FIELDS.split(doc.clean[i])
            if any(_ADDRESS_STAND_IN.fullmatch(f) for f in fields):
                out.append(self._issue(doc, i, "address", "text", category="ADDRESS"))
            if any(_PHONE_STAND_IN.search(f) for f in fields):
                out.append(self._issue(doc, i, "phone", "text", category="PHONE"))
        return out

    def _position(self, doc: _Doc) -> list[VerifyIssue]:
        out: list[VerifyIssue] = []
        # the largest line(s) at the top of page 1
        first = [i for i, ln in enumerate(doc.lines) if ln.page in (0, None)]
        sized = [doc.lines[i].size for i in range(len(doc.lines)) if doc.lines[i].size > 0]
        if sized and 0 in doc.pages:
            body = sorted(sized)[(len(sized) - 1) // 2]
            top = [i for i in first if doc.lines[i].bbox is not None
                   and doc.lines[i].bbox.y0 < doc.pages[0].height * 0.3]  # type: ignore[union-attr]
            if top:
                largest = max(doc.lines[i].size for i in top)
                if largest >= 1.25 * body:
                    big = [i for i in top if doc.lines[i].size >= 0.85 * largest]
                    for i in big:
                        if _name_shaped(doc.clean[i]):
                            out.append(self._issue(doc, i, "name", "top", category="NAME"))
                    if 2 <= len(big) <= 3 and all(len(doc.clean[i].split()) == 1 for i in big) \
                            and _name_shaped(" ".join(doc.clean[i] for i in big), strict=True):
                        out.append(self._issue(doc, big[0], "name", "top", category="NAME"))  # "JOHN" / "DOE"
        if sized and 0 in doc.pages:
            for i in first:  # a name in another script at the top of page 1 (beside or instead of the Latin one)
                b = doc.lines[i].bbox
                if b is not None and b.y0 < doc.pages[0].height * 0.25 and _non_latin_words(doc.clean[i]):
                    out.append(self._issue(doc, i, "name", "top", category="NAME"))
        elif first and not sized:
            # no sizes (DOCX): the first lines of the document
            for i in first[:2]:
                if _name_shaped(doc.clean[i], strict=True) or _non_latin_words(doc.clean[i]):
                    out.append(self._issue(doc, i, "name", "top", category="NAME"))
        # the lines right before and after a contact block (a name from the lists: addresses and titles stand
        # there too)
        lex = _lexicon(self.models_dir)
        for i in sorted(doc.contact):
            for j in (i - 1, i + 1):
                if 0 <= j < len(doc.lines) and j not in doc.contact and doc.lines[j].page == doc.lines[i].page \
                        and _near(doc.lines[i], doc.lines[j]) and _name_shaped(doc.clean[j], strict=True) \
                        and lex.name_evidence(doc.clean[j].split()):
                    out.append(self._issue(doc, j, "name", "beside", category="NAME"))
        # running headers and footers ("Kåre Andersen – CV", "Ansøgning | Amara Okonkwo | side 2")
        for i, ln in enumerate(doc.lines):
            if len(ln.text) > 90 or not (ln.kind in ("header", "footer") or _DOC_WORD.search(ln.text)):
                continue
            for segment in re.split(r"\s[–—|·/-]\s|[|·,]", doc.clean[i]):
                if not _DOC_WORD.search(segment) and _name_shaped(segment, strict=True):
                    out.append(self._issue(doc, i, "name", "header", category="NAME"))
                    break
        # signatures, greetings and references
        for i, ln in enumerate(doc.lines):
            closing = _CLOSING.match(ln.text)
            if closing:
                label = closing.group(1)
                rest = doc.clean[i][closing.end():]
                if _name_shaped(rest, single=True):
                    out.append(self._issue(doc, i, "name", "signature", label, "NAME"))
                for j in self._following(doc, i, 2):
                    if _name_shaped(doc.clean[j], single=True):
                        out.append(self._issue(doc, j, "name", "signature", label, "NAME"))
            greet = _GREETING.match(doc.clean[i])
            if greet:
                who = re.split(r"[,!:]", greet.group(2))[0]
                words = [w.strip(".").casefold() for w in who.split()]
                if words and not any(w in _GENERIC_ADDRESSEES for w in words) and _name_shaped(who, single=True):
                    out.append(self._issue(doc, i, "name", "greeting", greet.group(1), "NAME"))
            if _REFERENCE_HEADING.match(ln.text):
                label = ln.text.strip(" :\t")[:30]
                for j in self._following(doc, i, 4):
                    head = re.split(r"[,–|(]|\s-\s", doc.clean[j])[0]
                    if _name_shaped(head, strict=True) and lex.name_evidence(head.split()):
                        out.append(self._issue(doc, j, "name", "references", label, "NAME"))
        return out

    def _web(self, doc: _Doc) -> list[VerifyIssue]:
        out = []
        for i, ln in enumerate(doc.lines):
            text = _strip_labels(ln.text, doc.labels, "]")  # "[NAVN]@example" keeps its "]": no handle
            for m in _EMAIL.finditer(text):
                out.append(self._issue(doc, i, "email", "text", category="EMAIL", box=_word_box(ln, m.start(),
                                                                                                m.end())))
            no_mail = _EMAIL.sub(" ", text)
            for m in _URL.finditer(no_mail):
                # a link broken by letter spacing ("https://githu b.co m/jo hn"): read it with the spaces out
                rest = re.match(r"(?:[ \t]\S{1,6}(?!\S))+", no_mail[m.end() :])
                spaced = bool(rest and re.search(r"[./]", rest.group(0)))
                whole = m.group(0) + re.sub(r"\s", "", rest.group(0)) if rest and spaced else m.group(0)
                if _personal_url(whole) or i in doc.contact:
                    out.append(self._issue(doc, i, "web", "text", category="URL", box=_word_box(ln, m.start(),
                                                                                                m.end())))
            for m in _HANDLE.finditer(no_mail):
                out.append(self._issue(doc, i, "web", "text", category="URL", box=_word_box(ln, m.start(), m.end())))
        return out

    def _contact_names(self, doc: _Doc) -> list[VerifyIssue]:
        lex = _lexicon(self.models_dir)
        out = []
        for i in sorted(doc.contact | doc.signature):
            text = doc.clean[i]
            where = "contact" if i in doc.contact else "signature"
            label = ""
            if where == "signature":
                closing = next((doc.lines[j] for j in range(i, -1, -1) if _CLOSING.match(doc.lines[j].text)), None)
                m = _CLOSING.match(closing.text) if closing else None
                label = m.group(1) if m else ""
                text = _CLOSING.sub(" ", text)
            other_label = re.match(r"^\W*([^\W\d_][\w .\-/]{0,30}?)\s*:", text)
            if other_label and other_label.group(1).casefold() not in _LABEL_KIND:
                continue  # a field that is no contact detail ("Kørekort: B (Danish)")
            if _NON_LATIN.search(text):
                out.append(self._issue(doc, i, "name", where, label, "NAME"))
                continue
            for segment in re.split(r"[,|·•;]|\s[-–]\s", despace(_LABEL_COLON.sub(" ", text))):
                toks = re.findall(r"[^\W\d_][\w'’\-]*", segment)
                lows = [t.casefold() for t in toks]
                if any(_is_title_word(w) or _is_org_word(w) or w in _HEADINGS for w in lows):
                    continue  # a title or an employer ("Team Lead, Herlev Hospital")
                if any(t[0].isupper() and len(t) >= 2 and t.casefold() in lex.first and lex.name_evidence([t])
                       and t.casefold() not in _LABEL_KIND for t in toks):
                    out.append(self._issue(doc, i, "name", where, label, "NAME"))
                    break
        return out

    def _cues(self, doc: _Doc) -> list[VerifyIssue]:
        out = []
        for i in range(len(doc.lines)):
            if _CUES.search(despace(doc.clean[i])):
                out.append(self._issue(doc, i, "cue", "text", category="OTHER"))
        return out

    def _form_data(self, doc: _Doc, applicant: Applicant) -> list[VerifyIssue]:
        """The form's values in spellings detection does not search: letter-spaced, reversed, without (or with
        other) diacritics, in another case, the phone or birth date as bare digits, the e-mail with spaces."""
        parts: list[str] = []
        if applicant.name:
            parts = [p.strip(".-'’()") for p in re.split(r"[\s,]+", applicant.name)]
            parts = [p for p in parts if len(p) >= 3 and p.casefold() not in _PARTICLES]
        ordinary = _lexicon(self.models_dir).ordinary
        folded = {fold(p): p for p in parts}
        reversed_pat = None
        if len(parts) >= 2:
            reversed_pat = re.compile(r"(?<!\w)" + re.escape(fold(parts[-1])) + r"\s*,?\s*" + re.escape(fold(parts[0]))
                                      + r"(?!\w)")
        email = re.sub(r"\s", "", applicant.email or "").casefold()
        digits: set[str] = set()
        if applicant.phone:
            d = re.sub(r"\D", "", applicant.phone)
            if len(d) >= 8:
                digits.add(d[-8:])
        if applicant.birthdate:
            m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", applicant.birthdate)
            if m:
                y, mo, da = m.groups()
                digits |= {f"{da}{mo}{y}", f"{y}{mo}{da}", f"{da}{mo}{y[2:]}"}
        out = []
        for i in range(len(doc.lines)):
            text = doc.clean[i]
            spaced = despace(text)
            hit = False
            if folded:
                plain_tokens = {t for t in re.findall(r"[^\W\d_][\w'’\-]*", text)}
                for tok in re.findall(r"[^\W\d_][\w'’\-]*", spaced):
                    form = folded.get(fold(tok))
                    if form is None or (fold(tok) in ordinary and not tok[0].isupper()):
                        continue
                    if tok not in plain_tokens:
                        hit = True  # letter-spaced
                    elif tok != form and (tok.casefold() != form.casefold() or tok.isupper() or tok.islower()):
                        hit = True  # other diacritics or another case
                if not hit and reversed_pat is not None:
                    hit = bool(reversed_pat.search(fold(spaced)))
            if not hit and email and "@" in text:
                hit = email in re.sub(r"\s", "", text).casefold()
            if not hit and digits and sum(c.isdigit() for c in text) >= 6:
                only = re.sub(r"\D", "", text)
                hit = any(d in only for d in digits)
            if hit:
                out.append(self._issue(doc, i, "form", "text", category="OTHER"))
        return out


# ----------------------------------------------------------------------------- helpers

_KIND_WHAT = {"phone": "phone", "email": "email", "address": "address", "web": "web", "birth": "birth",
              "name": "name", "origin": "origin", "family": "family", "age": "age"}
_KIND_CATEGORY = {"phone": "PHONE", "email": "EMAIL", "address": "ADDRESS", "web": "URL", "birth": "BIRTHDATE",
                  "name": "NAME", "origin": "ETHNICITY", "family": "FAMILY", "age": "AGE"}


_SHAPED = frozenset({"phone", "email", "web", "birth", "address"})  # kinds whose values have a checkable shape


def _field_kind(text: str, labels: frozenset[str]) -> str | None:
    """The kind of contact field a line holds: a label with a colon, a label alone, or a label followed by a
    value of its shape ("Web Developer" is a job title, not a field)."""
    m = _LABEL_COLON.search(text)
    if m:
        return _LABEL_KIND[m.group(1).casefold()]
    m = _LABEL_START.match(text)
    if not m:
        return None
    kind = _LABEL_KIND[m.group(1).casefold()]
    rest = _strip_labels(text[m.end():], labels)
    if not rest.strip() or _value_fits(kind, rest) or rest.strip(" |·•-–") == "":
        return kind
    return None


def _value_fits(kind: str, value: str) -> bool:
    """Without a colon, a label only counts when the value after it has the label's shape."""
    digits = sum(c.isdigit() for c in value)
    if kind == "phone":
        return digits >= 6
    if kind == "email":
        return "@" in value
    if kind == "web":  # a link, or a bare handle: one token in lower case or with digits ("llauridsen68")
        return bool(_URL.search(value) or _HANDLE.search(value) or "/" in value
                    or re.fullmatch(r"\s*@?(?=[\w.\-]*[a-z0-9])(?![A-Z][a-z]+\s*$)[\w.\-]{3,40}\s*", value))
    if kind == "birth":
        return digits >= 4
    if kind == "address":
        return digits >= 1 and bool(re.search(r"[^\W\d_]{3,}", value))
    return False


_PLATFORMS = ("github", "gitlab", "linkedin", "stackoverflow", "twitter", "instagram", "facebook", "behance",
              "dribbble", "medium", "xing", "orcid", "researchgate", "kaggle", "youtube", "mastodon", "bluesky",
              "website", "hjemmeside", "portfolio", "skype", "telegram", "discord", "bitbucket", "codepen")


_FIELD_WORDS = frozenset({"title", "titel", "position", "stilling", "company", "firma", "virksomhed", "role",
                          "rolle", "organisation", "organization", "employer", "arbejdsgiver", "relation"})


def _names_a_field(value: str) -> bool:
    """A value that only names the next field: a network, whole or cut short by a narrow column ("StackOverf"),
    or a referee table's field ("Title", "Company/Organisation", "Stilling")."""
    word = re.sub(r"[\W_]+", "", value).casefold()
    if len(word) >= 5 and any(p.startswith(word) for p in _PLATFORMS):
        return True
    parts = [p.strip(" :.\t").casefold() for p in re.split(r"[/&,]|\sog\s|\sand\s|\sor\s|\seller\s", value)]
    return bool(parts) and all(p in _FIELD_WORDS for p in parts if p) and any(parts)


def _not_a_value(text: str) -> bool:
    """The next field ("Kørekort: B"), a heading or the other column of a two-column layout."""
    words = [w.casefold() for w in re.findall(r"[^\W\d_]+", text)]
    return (bool(_LABEL_START.match(text)) or bool(re.match(r"^\W*[^\W\d_][\w .\-/]{0,30}:", text))
            or len(text) > 40 or _value_is_section(text) or any(_is_title_word(w) for w in words)
            or bool(re.match(r"^\s*[•▪◦·*\-–]\s", text))  # a bullet of the other column
            or len(re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", text)) >= 2)  # a period: from - to


def _value_is_section(value: str) -> bool:
    """A heading-like value ("Sprog", "Erfaring") is the next section, not a field's value."""
    words = [w.casefold() for w in re.findall(r"[^\W\d_]+", value)]
    return bool(words) and all(w in _HEADINGS for w in words)


def _contact_shaped(value: str) -> bool:
    """Digits of a phone, an @, a personal link (a profile host or a path: an employer's bare domain is not)
    or a street address."""
    return bool(sum(c.isdigit() for c in value) >= 6 or "@" in value or _STREET.search(value)
                or any(_personal_url(m.group(0)) for m in _URL.finditer(value)))


def _personal_url(url: str) -> bool:
    url = url.casefold().rstrip(".,;")
    path = re.sub(r"^(https?://)?[^/]+", "", url).strip("/")
    return any(h in url for h in _PROFILE_HOSTS) or bool(path and not re.fullmatch(r"[\w\-]+\.(html?|php)", path))


def _is_title_word(low: str) -> bool:
    return any(low.endswith(e) for e in _TITLE_ENDINGS)


def _is_org_word(low: str) -> bool:
    return any(low.endswith(e) for e in _ORG_WORDS)


def _meaningful(value: str) -> bool:
    """More than punctuation and filler ("d.", "den", "the") is left."""
    words = [w for w in re.findall(r"\w+", value) if w.casefold() not in ("d", "den", "the", "on", "i", "in")]
    return sum(len(w) for w in words) >= 2


def _name_shaped(text: str, *, strict: bool = False, single: bool = False) -> bool:
    """Two to five capitalised words (one when ``single``), no digits, no heading or job-title word.

    ``strict`` also refuses a single word and words of one or two letters other than initials.
    """
    text = _PUA.sub(" ", text).strip(" \t,.;:|-–·•")
    if re.fullmatch(r"(?:[^\W\d_] ){3,}[^\W\d_]", text):
        # letter-spaced ("I D A B E C H"): a name unless it spells a heading ("P R O F I L")
        joined = text.replace(" ", "").casefold()
        return not any(h == joined or (len(h) >= 5 and h in joined) for h in _HEADINGS | set(_LABEL_KIND))
    text = despace(text)
    if not text or any(c.isdigit() for c in text) or "@" in text or ":" in text or len(text) > 60:
        return False
    if text.count(",") >= 2 or re.search(r"\w\.[a-z]", text):
        return False  # a list ("React.js, Angular, Vue.js"), not a name
    toks = re.findall(r"[^\s,;:|()\"“”]+", text)
    if not toks or len(toks) > 5:
        return False
    caps = 0
    for tok in toks:
        core = tok.strip(".'’-")
        if not core:
            continue
        if not all(c.isalpha() or c in ".'’-" for c in tok):
            return False
        low = core.casefold()
        if low in _HEADINGS or low in _LABEL_KIND or _is_title_word(low) or _is_org_word(low):
            return False
        if core[0].isupper():
            caps += 1
        elif low not in _PARTICLES:
            return False
    need = 1 if single else 2
    if strict and len(toks) < 2:
        return False
    return caps >= need


def _non_latin_words(text: str) -> bool:
    """One to four words, all in a non-Latin script, nothing else (no digits, no Latin words)."""
    words = re.findall(r"[^\W_]+", text)
    return 1 <= len(words) <= 4 and all(_NON_LATIN.search(w) and not re.search(r"[A-Za-z\d]", w) for w in words)


def _near(a: Line, b: Line) -> bool:
    if a.bbox is None or b.bbox is None:
        return True
    gap = max(b.bbox.y0 - a.bbox.y1, a.bbox.y0 - b.bbox.y1)
    return gap < 2.5 * max(a.bbox.height, b.bbox.height, 6.0) and a.bbox.x0 < b.bbox.x1 and b.bbox.x0 < a.bbox.x1


def _word_box(line: Line, start: int, end: int) -> BBox | None:
    """The box of the line's words overlapping characters ``start:end`` of its text (the line box otherwise)."""
    if not line.words:
        return line.bbox
    pos = 0
    box: BBox | None = None
    for text, b in line.words:
        at = line.text.find(text, pos)
        if at < 0:
            return line.bbox
        pos = at + len(text)
        if at < end and start < pos and b is not None:
            box = b if box is None else box.union(b)
    return box or line.bbox


@dataclass(frozen=True, slots=True)
class _Lexicon:
    first: frozenset[str]  # first names of every origin, casefolded
    last: frozenset[str]  # surnames
    ordinary: frozenset[str]  # ordinary words (a first name that is also a word is no evidence)
    places: frozenset[str]

    def name_evidence(self, tokens: Iterable[str]) -> bool:
        """Some token is a first name or surname from the lists and not an ordinary word or a place."""
        for tok in tokens:
            low = tok.strip(".'’-").casefold()
            if (low in self.first or low in self.last) and low not in self.ordinary and low not in self.places:
                return True
        return False


@lru_cache(maxsize=2)
def _lexicon(models_dir: Path) -> _Lexicon:
    """The compiled name lists (first names of every origin, surnames, ordinary words, places), read directly."""
    path = models_dir / "names" / "names.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    return _Lexicon(frozenset(data.get("first") or ()), frozenset(data.get("last") or ()),
                    frozenset(data.get("lower") or ()) | frozenset(data.get("words") or ()),
                    frozenset(data.get("places") or ()))
