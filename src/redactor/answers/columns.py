"""Which columns of an export identify the applicant: by header (Danish and English) and by content."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from redactor.answers.read import Value


class Role(StrEnum):
    """What a column holds. Every role except ``ANSWER`` and ``ID`` is removed from the overview."""

    ID = "id"
    NAME = "name"
    FIRST_NAME = "first_name"
    MIDDLE_NAME = "middle_name"
    LAST_NAME = "last_name"
    EMAIL = "email"
    PHONE = "phone"
    ADDRESS = "address"
    POSTCODE = "postcode"
    CITY = "city"
    COUNTRY = "country"
    BIRTHDATE = "birthdate"
    CPR = "cpr"
    AGE = "age"
    GENDER = "gender"
    NATIONALITY = "nationality"
    MOTHER_TONGUE = "mother_tongue"
    RELIGION = "religion"
    MARITAL = "marital"
    PHOTO = "photo"
    URL = "url"
    # the trial's voluntary questions (the config's ``trial_columns``): never shown, never used for detection
    TRIAL_CONSENT = "trial_consent"
    TRIAL_GENDER = "trial_gender"
    TRIAL_AGE_BAND = "trial_age_band"
    TRIAL_ORIGIN = "trial_origin"
    TRIAL_COUNTRY_GROUP = "trial_country_group"
    # looks like an equality or evaluation question (gender, age band, origin, consent) but is not configured
    EQUALITY = "equality"
    ANSWER = "answer"  # kept in the overview, redacted like a document's text


# Roles whose values name or reach one person: searched for in every row's text and in the written files.
# (Categorical roles such as gender or nationality are removed too, but their values are ordinary words.)
IDENTIFYING_ROLES = frozenset({Role.NAME, Role.FIRST_NAME, Role.MIDDLE_NAME, Role.LAST_NAME, Role.EMAIL,
                               Role.PHONE, Role.ADDRESS, Role.BIRTHDATE, Role.CPR, Role.URL})

#: trial role -> the question of :mod:`redactor.trial.survey` it answers
TRIAL_ROLES: dict[Role, str] = {Role.TRIAL_CONSENT: "consent", Role.TRIAL_GENDER: "gender",
                                Role.TRIAL_AGE_BAND: "age_band", Role.TRIAL_ORIGIN: "origin",
                                Role.TRIAL_COUNTRY_GROUP: "country_group"}
_TRIAL_ROLE_OF = {q: role for role, q in TRIAL_ROLES.items()}
# Roles that say nothing about who the applicant is (an export with only these has no identity columns).
NON_IDENTITY_ROLES = frozenset({Role.ANSWER, Role.ID, Role.EQUALITY, *TRIAL_ROLES})

_HEADERS: dict[Role, tuple[str, ...]] = {
    Role.ID: ("id", "ansøgnings-id", "ansøgningsid", "ansøgnings id", "ansøgning", "ansøgningsnummer",
              "ansøgningsnr", "ansøgning nr", "ansøger-id", "ansøgerid", "ansøger id", "application id",
              "application", "applicationid", "application number", "application no", "applicant id",
              "candidate id", "kandidat-id", "sags-id", "submission id", "mappe", "folder"),
    Role.NAME: ("navn", "fulde navn", "fuldt navn", "ansøgers navn", "ansøgerens navn", "ansøger", "kandidat",
                "kandidatens navn", "name", "full name", "fullname", "applicant", "applicant name",
                "candidate", "candidate name", "navn på ansøger", "for- og efternavn"),
    Role.FIRST_NAME: ("fornavn", "fornavne", "first name", "firstname", "given name", "given names", "forename"),
    Role.MIDDLE_NAME: ("mellemnavn", "mellemnavne", "middle name", "middle names"),
    Role.LAST_NAME: ("efternavn", "last name", "lastname", "surname", "family name"),
    Role.EMAIL: ("e-mail", "email", "mail", "e-mailadresse", "emailadresse", "e-mail-adresse", "email address",
                 "e-mail address", "mailadresse"),
    Role.PHONE: ("telefon", "tlf", "tlf.", "tlf.nr", "tlf. nr", "telefonnummer", "telefonnr", "mobil",
                 "mobilnummer", "mobilnr", "mobiltelefon", "phone", "phone number", "telephone", "mobile",
                 "mobile phone", "mobile number", "cell", "cell phone"),
    Role.ADDRESS: ("adresse", "bopæl", "vejnavn", "gade", "gadenavn", "vej", "husnummer", "address", "street",
                   "street address", "home address", "address line 1", "address line 2", "adresselinje 1",
                   "adresselinje 2", "c/o"),
    Role.POSTCODE: ("postnummer", "postnr", "postnr.", "post nr", "zip", "zip code", "zipcode", "postal code",
                    "postcode", "post code"),
    Role.CITY: ("by", "bynavn", "postdistrikt", "city", "town", "bopælskommune"),
    Role.COUNTRY: ("land", "country", "bopælsland", "country of residence"),
    Role.BIRTHDATE: ("fødselsdato", "født", "fødselsdag", "fødselsår", "date of birth", "birthdate",
                     "birth date", "birthday", "dob", "year of birth"),
    Role.CPR: ("cpr", "cpr-nummer", "cpr-nr", "cpr-nr.", "cpr nr", "cprnr", "personnummer", "cpr number"),
    Role.AGE: ("alder", "age"),
    Role.GENDER: ("køn", "gender", "sex", "kønsidentitet", "titel/køn", "tiltale", "salutation"),
    Role.NATIONALITY: ("nationalitet", "statsborgerskab", "nationality", "citizenship", "fødeland",
                       "country of birth", "oprindelsesland", "country of origin", "etnicitet", "ethnicity"),
    Role.MOTHER_TONGUE: ("modersmål", "mother tongue", "native language", "first language", "førstesprog"),
    Role.RELIGION: ("religion", "trosretning", "faith"),
    Role.MARITAL: ("civilstand", "civil status", "marital status", "børn", "children"),
    Role.PHOTO: ("billede", "foto", "fotografi", "portræt", "photo", "picture", "image", "profilbillede",
                 "profile picture", "headshot"),
    Role.URL: ("linkedin", "linkedin-profil", "linkedin profil", "linkedin profile", "linkedin url",
               "hjemmeside", "website", "homepage", "personal website", "github", "facebook", "twitter",
               "instagram", "profile url", "url"),
}
# A header starting with one of these (then a space, "(", "/" or "-") has that role: "E-mail (privat)".
_PREFIXES: dict[Role, tuple[str, ...]] = {
    Role.EMAIL: ("e-mail", "email"),
    Role.PHONE: ("telefon", "mobilnummer", "mobiltelefon", "phone number"),
    Role.BIRTHDATE: ("fødselsdato", "date of birth"),
    Role.CPR: ("cpr", "personnummer"),
    Role.URL: ("linkedin", "github"),
    Role.POSTCODE: ("postnummer",),
}
_LOOKUP = {h: role for role, headers in _HEADERS.items() for h in headers}


def normalise_header(header: str) -> str:
    """Casefolded header without punctuation at the ends, qualifiers in parentheses, or stars."""
    h = header.casefold().replace("\u00a0", " ").replace("*", " ")
    h = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", h)
    h = re.sub(r"\s+", " ", h).strip(" :?.-_\t")
    return h


def role_by_header(header: str) -> Role | None:
    """The role a header names, or None when it is a question or an unknown field."""
    h = normalise_header(header)
    if not h:
        return None
    if h in _LOOKUP:
        return _LOOKUP[h]
    h2 = h.replace("_", " ").replace(".", " ").strip()
    h2 = re.sub(r"\s+", " ", h2)
    if h2 in _LOOKUP:
        return _LOOKUP[h2]
    for role, prefixes in _PREFIXES.items():
        for p in prefixes:
            if h.startswith(p) and (len(h) == len(p) or h[len(p)] in " (/-:,"):
                return role
    return None


# Words of a header that asks an equality or evaluation question (special-category data the committee must
# never see): gender, age band, ethnic origin and Statistics Denmark's origin groups. Whole words, Danish
# compounds by their start ("kønsidentitet", "aldersgruppe", "oprindelsesland").
_EQUALITY_WORDS = re.compile(
    r"\b(?:køn\w*|gender|sex|alder|aldersgrupp\w*|aldersinterval\w*|age|age band|age group|"
    r"oprindelse\w*|herkomst\w*|origin|ethnic\w*|etni\w*|race|indvandrer\w*|efterkommer\w*|immigrant\w*|"
    r"descendant\w*|landegrupp\w*|country group|vestlig\w*|ikke-vestlig\w*|western|non-western)\b")
# Consent is asked for many things (references, keeping the application): only consent to an evaluation,
# survey or equality statistics, or a bare "samtykke"/"consent" header, is the trial's question.
_CONSENT_WORDS = re.compile(r"\b(?:samtykke\w*|consent\w*)\b")
_EVALUATION_WORDS = re.compile(
    r"\b(?:evaluering\w*|undersøgelse\w*|forsøg\w*|ligebehandling\w*|mangfoldighed\w*|statistik\w*|"
    r"evaluation|survey|trial|diversity|equality|equal treatment|statistics)\b")


def trial_role_by_header(header: str, trial_columns: Mapping[str, Sequence[str]]) -> Role | None:
    """The trial role of a header named in the config's ``trial_columns`` (question -> headers), or None."""
    h = normalise_header(header)
    if not h:
        return None
    for question, headers in trial_columns.items():
        if question in _TRIAL_ROLE_OF and any(normalise_header(c) == h for c in headers):
            return _TRIAL_ROLE_OF[question]
    return None


def looks_like_equality_question(header: str) -> bool:
    """Whether a header asks about gender, age band, origin or consent to an evaluation (fail closed)."""
    h = normalise_header(header).replace("_", " ")
    if not h:
        return False
    if _EQUALITY_WORDS.search(h):
        return True
    return bool(_CONSENT_WORDS.search(h)) and (h in ("samtykke", "consent") or bool(_EVALUATION_WORDS.search(h)))


# ---------------------------------------------------------------------------------------------- by content

_EMAIL_RE = re.compile(r"^\s*[\w.+'-]+@[\w-]+(\.[\w-]+)+\s*$")
_PHONE_RE = re.compile(r"^\s*(\+|00)?[\d][\d \-/().]{6,18}\d\s*$")
_CPR_RE = re.compile(r"^\s*\d{6}[- ]?\d{4}\s*$")
_URL_RE = re.compile(r"^\s*(https?://|www\.|linkedin\.com/|[\w-]+\.(com|dk|net|org|io|me)/)\S*\s*$", re.I)
_DATE_RE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$|^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s*$")
_NAME_WORD_RE = re.compile(r"^[^\W\d_][^\W\d_'’.-]*(?:[-'’][^\W\d_]+)*\.?$")


class NameLexicon(Protocol):
    """What content-based name columns need of the name gazetteer (``Detector.names.lex`` has it)."""

    def is_first(self, low: str) -> bool: ...

    def is_last(self, low: str) -> bool: ...

    def zipf(self, low: str) -> float: ...


# A word this frequent in Danish or English text (Zipf scale) is an ordinary word unless it is a known name.
_COMMON_ZIPF = 4.0


_GENDER_VALUES = frozenset({"kvinde", "mand", "kvindelig", "mandlig", "female", "male", "woman", "man", "k", "m",
                            "f", "andet", "other", "ikke-binær", "non-binary", "nonbinary", "hr.", "fru", "mr",
                            "mrs", "ms", "miss", "ønsker ikke at oplyse", "prefer not to say"})
_STREET_RE = re.compile(
    r"^[^\W\d_][\w .'-]*?(gade|vej|allé|alle|boulevard|plads|stræde|vænge|vænget|parken|torv|have|park|gyde|"
    r"street|st\.|road|rd\.|avenue|ave\.|lane|way|drive)\s+\d+\s*[a-zA-Z]?\b.*$", re.IGNORECASE)


def _share(values: Sequence[str], test: Callable[[str], bool]) -> float:
    return sum(1 for v in values if test(v)) / len(values) if values else 0.0


def _is_birthdate(text: str, today: date) -> bool:
    m = _DATE_RE.match(text)
    if not m:
        return False
    try:
        if m.group(1):
            d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        else:
            d = date(int(m.group(6)), int(m.group(5)), int(m.group(4)))
    except ValueError:
        return False
    years = (today - d).days / 365.25
    return 15 <= years <= 90


def role_by_content(values: Sequence[Value], *, lexicon: NameLexicon | None = None,
                    today: date | None = None) -> Role | None:
    """The identity role a column's values show, or None.

    Args:
        values: the column's values (None and empty cells are skipped).
        lexicon: the name gazetteer; a value is a name when it has a known given name or surname and no
            frequent ordinary word ("Danske Bank", "Novo Nordisk" are not).
        today: the date ages are counted from (today when None).
    Returns:
        EMAIL, PHONE, CPR, URL, BIRTHDATE, GENDER, ADDRESS (street and number), NAME, FIRST_NAME or LAST_NAME
        when most values look so (80-90 %; full names 70 %, single names 60 %: the gazetteer does not know
        every name of every origin).
    """
    texts = [str(v).strip() for v in values if v is not None and str(v).strip()]
    if len(texts) < 1:
        return None
    today = today or date.today()
    if _share(texts, lambda t: bool(_EMAIL_RE.match(t))) >= 0.8:
        return Role.EMAIL
    if _share(texts, lambda t: bool(_CPR_RE.match(t))) >= 0.8:
        return Role.CPR
    if _share(texts, lambda t: bool(_URL_RE.match(t))) >= 0.8:
        return Role.URL
    if _share(texts, lambda t: _is_birthdate(t, today)) >= 0.8:
        return Role.BIRTHDATE
    if _share(texts, lambda t: t.casefold().rstrip(".") in _GENDER_VALUES or t.casefold() in _GENDER_VALUES) >= 0.9:
        return Role.GENDER
    if _share(texts, lambda t: bool(_STREET_RE.match(t))) >= 0.7:
        return Role.ADDRESS
    if _share(texts, lambda t: bool(_PHONE_RE.match(t)) and sum(c.isdigit() for c in t) >= 8) >= 0.8:
        return Role.PHONE
    if lexicon is not None and len({t.casefold() for t in texts}) >= max(2, len(texts) // 10):  # not a category
        lex = lexicon

        def looks_like_name(t: str) -> bool:
            words = t.replace(",", " ").split()
            if not 2 <= len(words) <= 5 or len(t) > 60:
                return False
            if not all(_NAME_WORD_RE.match(w) and w[0].isupper() for w in words):
                return False
            parts = [[p for p in re.split(r"[-'’]", w.rstrip(".").casefold()) if p] for w in words]
            known = [any(lex.is_first(p) or lex.is_last(p) for p in ps) for ps in parts]
            ordinary = [not k and any(lex.zipf(p) >= _COMMON_ZIPF for p in ps) for k, ps in zip(known, parts,
                                                                                              strict=True)]
            return any(known) and not any(ordinary)

        if _share(texts, looks_like_name) >= 0.7:
            return Role.NAME

        def single_name(t: str) -> bool:
            return (" " not in t and bool(_NAME_WORD_RE.match(t)) and t[0].isupper()
                    and all(lex.is_first(p) or lex.is_last(p) for p in re.split(r"[-'’]", t.casefold()) if p))

        # given names or surnames alone (separate columns under headers that say nothing); the gazetteer
        # knows most but not all names of every origin, so a majority of known names decides
        if _share(texts, lambda t: " " not in t) >= 0.9 and _share(texts, single_name) >= 0.6:
            firsts = _share(texts, lambda t: lex.is_first(t.casefold()))
            return Role.FIRST_NAME if firsts >= 0.5 else Role.LAST_NAME
    return None


def looks_like_equality_answers(values: Sequence[Value]) -> bool:
    """Whether most of a column's values are answers to the trial's questions ("efterkommer", "30-39", ...)."""
    from redactor.trial.survey import question_of_value

    texts = [str(v).strip() for v in values if v is not None and str(v).strip()]
    return bool(texts) and _share(texts, lambda t: question_of_value(t) is not None) >= 0.8


def _looks_like_ids(values: Sequence[Value]) -> bool:
    texts = [str(v).strip() for v in values if v is not None and str(v).strip()]
    return all(len(t) <= 80 and len(t.split()) <= 2 for t in texts)


@dataclass(frozen=True, slots=True)
class ColumnPlan:
    """The role of every column and how it was found ("config", "header" or "content")."""

    roles: tuple[Role, ...]
    found_by: tuple[str, ...]

    def columns(self, *roles: Role) -> list[int]:
        return [i for i, r in enumerate(self.roles) if r in roles]

    @property
    def kept(self) -> list[int]:
        """The columns shown in the overview (answers; identity columns and the id are left out)."""
        return [i for i, r in enumerate(self.roles) if r is Role.ANSWER]

    def trial_values(self, row: Sequence[Value]) -> dict[str, Value]:
        """A row's answers to the trial's questions (question -> cell value; only the configured columns)."""
        out: dict[str, Value] = {}
        for i, role in enumerate(self.roles):
            question = TRIAL_ROLES.get(role)
            if question is not None and i < len(row) and out.get(question) in (None, ""):
                out[question] = row[i]
        return out


def plan_columns(headers: Sequence[str], rows: Sequence[Sequence[Value]], *,
                 lexicon: NameLexicon | None = None, today: date | None = None,
                 trial_columns: Mapping[str, Sequence[str]] | None = None) -> ColumnPlan:
    """Assign a role to every column: the config's trial columns, its header, else its content, else ``ANSWER``.

    A column whose header says nothing (an empty header, or "Felt 3") and whose content looks like e-mails,
    phones, CPR numbers, profile links, birthdates or names is an identity column. A column named in
    ``trial_columns`` (question -> headers, :class:`~redactor.config.TrialColumns`) is that question's; one
    that only looks like an equality question (by header or by its values) is ``EQUALITY``: left out too.
    """
    if trial_columns is None:
        from redactor.config import TrialColumns

        trial_columns = TrialColumns().by_question()
    roles: list[Role] = []
    how: list[str] = []
    for i, header in enumerate(headers):
        role = trial_role_by_header(header, trial_columns)
        if role is not None:
            roles.append(role)
            how.append("config")
            continue
        role = role_by_header(header)
        if role is Role.ID and not _looks_like_ids([r[i] for r in rows if i < len(r)]):
            role = None  # "Ansøgning" holding the application text is an answer, not an id
        if role is not None:
            roles.append(role)
            how.append("header")
            continue
        if looks_like_equality_question(header):
            roles.append(Role.EQUALITY)
            how.append("header")
            continue
        column = [r[i] for r in rows if i < len(r)]
        role = role_by_content(column, lexicon=lexicon, today=today)
        if role is None and looks_like_equality_answers(column):
            role = Role.EQUALITY
        roles.append(role if role is not None else Role.ANSWER)
        how.append("content" if role is not None else "")
    return ColumnPlan(tuple(roles), tuple(how))
