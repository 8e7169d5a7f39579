#!/usr/bin/env python3
"""Generate the labelled synthetic sample set: CVs and cover letters (PDF, DOCX; Danish, English) with truth."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import html
import io
import json
import random
import shutil
import sys
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
DEFAULT_SHARED = REPO.parent / "shared"
SEED = 20250301
N_DOCS = 120
REF_DATE = dt.date(2025, 3, 1)  # "today" for ages and open-ended periods
FIXED_TIME = dt.datetime(2025, 2, 14, 9, 30, 0)

sys.path.insert(0, str(HERE))
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

import sample_pools as P  # noqa: E402

from redactor.evaluate import (  # noqa: E402
    _collapse,
    check_value,
    extract_text,
    keep_survives,
    name_parts,
    normalize,
)

MASK = "\u2588\u2588\u2588\u2588"

# ================================================================================================ pieces


@dataclass(frozen=True)
class Person:
    """A synthetic person; ``eastern`` writes the surname first."""

    given: str
    surname: str
    gender: str  # "f" | "m"
    origin: str
    middle: str = ""
    eastern: bool = False

    @property
    def full(self) -> str:
        parts = [self.surname, self.middle, self.given] if self.eastern else [self.given, self.middle, self.surname]
        return " ".join(p for p in parts if p)

    @property
    def short(self) -> str:
        return f"{self.surname} {self.given}" if self.eastern else f"{self.given} {self.surname}"

    @property
    def first(self) -> str:
        return self.given

    @property
    def danish_origin(self) -> bool:
        return bool(P.ORIGINS[self.origin]["danish_origin"])


@dataclass(frozen=True)
class Pii:
    """A planted personal value. ``label`` (e.g. "Køn:") is printed before it and is part of the truth text."""

    cat: str
    text: str
    who: str = "applicant"
    person: Person | None = None
    label: str = ""

    @property
    def truth(self) -> str:
        return f"{self.label} {self.text}" if self.label else self.text


@dataclass(frozen=True)
class Keep:
    """Qualification text that must survive redaction."""

    text: str


Piece = str | Pii | Keep
Seg = tuple[Piece, ...]


def seg(*pieces: Piece) -> Seg:
    return tuple(p for p in pieces if p != "")


def plain(s: Seg, mask: bool = False) -> str:
    return "".join(p if isinstance(p, str) else (MASK if (mask and isinstance(p, Pii)) else p.text) for p in s)


@dataclass
class Entry:
    period: Seg
    title: Seg
    org: Seg
    details: list[Seg] = field(default_factory=list)


@dataclass
class Section:
    title: str
    kind: str  # "para" | "bullets" | "entries" | "kv" | "lines"
    items: list[Any]
    sidebar: bool = False


@dataclass
class Content:
    """A document's content, independent of its rendering."""

    kind: str  # "cv" | "letter"
    lang: str
    heading: Seg
    subtitle: Seg = ()
    contact: list[Seg] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    # letter parts
    date_line: Seg = ()
    recipient: list[Seg] = field(default_factory=list)
    subject: Seg = ()
    greeting: Seg = ()
    paragraphs: list[Seg] = field(default_factory=list)
    closing: str = ""
    signature: list[Seg] = field(default_factory=list)
    # hidden-ish channels
    meta_author: Seg = ()
    meta_title: Seg = ()
    header: Seg = ()
    footer: Seg = ()


# ================================================================================================ names


def fold(text: str, style: int = 0) -> str:
    """ASCII folding: style 0 æ->ae ø->oe å->aa; style 1 æ->ae ø->o å->a; other diacritics stripped."""
    table = {"æ": "ae", "Æ": "Ae", "ø": "oe" if style == 0 else "o", "Ø": "Oe" if style == 0 else "O",
             "å": "aa" if style == 0 else "a", "Å": "Aa" if style == 0 else "A", "ı": "i", "İ": "I",
             "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ß": "ss"}
    text = "".join(table.get(c, c) for c in text)
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


class NameLists:
    """Every name in ../shared/data/names (casefolded, and ASCII-folded), to flag names no list holds."""

    def __init__(self, shared: Path | None) -> None:
        self.names: set[str] = set()
        self.available = False
        if shared is None:
            return
        root = shared / "data" / "names"
        if not root.is_dir():
            return
        self.available = True
        for f in sorted((root / "os2datascanner_dst2014").glob("*.jsonl")):
            for line in f.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    self._add(json.loads(line))
        for f in sorted((root / "dk_approved_2014_infomine").glob("*.csv")):
            for line in f.read_text(encoding="utf-8-sig").splitlines():
                for part in line.split(","):
                    self._add(part)
        for f in sorted((root / "sigpwned").glob("*.csv")):
            with f.open(encoding="utf-8-sig", newline="") as fh:
                for row in csv.DictReader(fh):
                    for key in ("Localized Name", "Romanized Name"):
                        value = row.get(key) or ""
                        self._add(value)
                        for part in value.replace("-", " ").replace("/", " ").split():
                            self._add(part)

    def _add(self, name: str) -> None:
        name = name.strip().strip("\ufeff").strip()
        if name:
            self.names.add(name.casefold())
            self.names.add(fold(name).casefold())
            self.names.add(fold(name, 1).casefold())

    def knows(self, part: str) -> bool:
        variants = {part.casefold(), fold(part).casefold(), fold(part, 1).casefold()}
        if "-" in part:
            variants |= {v for p in part.split("-") for v in (p.casefold(), fold(p).casefold())}
        return any(v in self.names for v in variants)

    def unseen(self, name: str) -> bool | None:
        if not self.available:
            return None
        parts = name_parts(name)
        return bool(parts) and not any(self.knows(p) for p in parts)


def pick_gendered(rng: random.Random, value: str, gender: str) -> str:
    if "|" in value:
        m, f = value.split("|")
        return f if gender == "f" else m
    return value


def make_person(rng: random.Random, origin: str, gender: str, *, unseen: bool = False,
                avoid: set[str] | None = None) -> Person:
    """A person of the given origin; ``unseen`` draws from the hand-written names no shared list holds."""
    o = P.ORIGINS[origin]
    avoid = avoid or set()
    for _ in range(50):
        firsts = o["u" + gender] if unseen and o["u" + gender] else o[gender]
        surnames = o["us"] if unseen and o["us"] else o["s"]
        given = rng.choice(firsts)
        surname = pick_gendered(rng, rng.choice(surnames), gender)
        middle = ""
        eastern = False
        if origin == "danish":
            r = rng.random()
            if r < 0.15:
                middle = rng.choice(["Skov", "Holm", "Due", "Lund", "Dam", "Bach", "Kjær", "Sommer", "Storm"])
            elif r < 0.3:
                middle = rng.choice(o[gender])
            if rng.random() < 0.12 and not unseen:
                surname = rng.choice(o["double"])
        elif o.get("patronymic") and rng.random() < 0.6:
            pool = o["um"] if unseen and o["um"] else o["m"]
            middle = rng.choice(pool)
        elif origin == "vietnamese":
            middle = o["middle_f"] if gender == "f" else o["middle_m"]
            eastern = rng.random() < 0.5
            if not eastern:  # written the Danish way: given names first, often without diacritics
                given, middle, surname = fold(given), fold(middle), fold(surname)
        elif origin == "chinese":
            eastern = rng.random() < 0.4
        elif rng.random() < 0.12 and origin in ("arabic", "pakistani", "iranian", "afghan", "turkish"):
            middle = rng.choice(o[gender])
        p = Person(given, surname, gender, origin, middle, eastern)
        parts = {x.casefold() for x in name_parts(p.full)}
        if not parts & avoid and middle != given and surname != given and middle != surname:
            return p
    raise RuntimeError("could not draw a person with distinct name parts")


# ================================================================================================ values


def dk_phone(rng: random.Random) -> tuple[str, str]:
    """(as printed, as in the form) for a Danish mobile number."""
    d = str(rng.choice([2, 3, 4, 5, 6, 7, 8, 9, 2, 4, 5, 6])) + "".join(str(rng.randint(0, 9)) for _ in range(7))
    pairs = " ".join(d[i:i + 2] for i in range(0, 8, 2))
    fmt = rng.choice([pairs, f"+45 {pairs}", f"+45 {d}", f"{d[:4]} {d[4:]}", f"0045 {pairs}", f"+45 {d[:4]} {d[4:]}",
                      d, f"(+45) {pairs}"])
    return fmt, rng.choice([f"+45{d}", d, pairs])


def foreign_phone(rng: random.Random, origin: str) -> tuple[str, str]:
    cc, pattern = P.ORIGINS[origin]["phone_cc"]
    number = "".join(str(rng.randint(1, 9)) if c == "#" else c for c in pattern)
    printed = f"{cc} {number}"
    return printed, printed.replace(" ", "")


def email_for(rng: random.Random, person: Person, birth: dt.date) -> str:
    style = rng.randint(0, 1)
    first = fold(person.given.split()[0], style).lower()
    last = fold(person.surname, style).lower().replace(" ", "")
    if rng.random() < 0.5:
        last = last.replace("-", "")
    yy = f"{birth.year % 100:02d}"
    local = rng.choice([f"{first}.{last}", f"{first}{last}", f"{first[0]}{last}", f"{first}.{last[0]}{yy}",
                        f"{first}{yy}", f"{last}.{first}", f"{first}_{last}", f"{first}.{last}{rng.randint(1, 99)}"])
    return f"{local}@{rng.choice(P.EMAIL_DOMAINS)}"


def work_email(rng: random.Random, person: Person, org_domain: str) -> str:
    ini = (fold(person.given)[:2] + fold(person.surname)[:1]).lower()
    full = f"{fold(person.given.split()[0]).lower()}.{fold(person.surname).lower().replace(' ', '')}"
    return f"{rng.choice([ini, full])}@{org_domain}"


def cpr_for(rng: random.Random, birth: dt.date, gender: str) -> str:
    """A CPR number whose date part is the birthdate; the last digit is even for women."""
    century_digit = rng.choice([0, 1, 2, 3]) if birth.year < 2000 else rng.choice([4, 9])
    mid = f"{century_digit}{rng.randint(0, 9)}{rng.randint(0, 9)}"
    last = rng.choice([0, 2, 4, 6, 8]) if gender == "f" else rng.choice([1, 3, 5, 7, 9])
    base = f"{birth:%d%m%y}{mid}{last}"
    return rng.choice([f"{base[:6]}-{base[6:]}", f"{base[:6]}-{base[6:]}", f"{base[:6]} {base[6:]}", base])


def birthdate_text(rng: random.Random, b: dt.date, lang: str) -> str:
    if lang == "da":
        return rng.choice([
            f"{b.day}. {P.MONTHS_DA[b.month - 1]} {b.year}", f"{b.day:02d}.{b.month:02d}.{b.year}",
            f"{b.day}/{b.month}-{b.year}", f"{b.day:02d}-{b.month:02d}-{b.year}", f"{b:%Y-%m-%d}",
            f"{b.day}/{b.month} {b.year}", f"d. {b.day}. {P.MONTHS_DA[b.month - 1]} {b.year}",
            f"{b.day}. {P.MONTHS_DA_ABBR[b.month - 1]} {b.year}", f"{b.day}.{b.month}.{b.year}",
            f"{b.day}/{b.month}-{b.year % 100:02d}"])
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(b.day if b.day < 20 else b.day % 10, "th")
    return rng.choice([
        f"{b.day} {P.MONTHS_EN[b.month - 1]} {b.year}", f"{P.MONTHS_EN[b.month - 1]} {b.day}, {b.year}",
        f"{b.day:02d}/{b.month:02d}/{b.year}", f"{b:%Y-%m-%d}", f"{b.day}{suffix} {P.MONTHS_EN[b.month - 1]} {b.year}",
        f"{b.day:02d}.{b.month:02d}.{b.year}", f"{b.day} {P.MONTHS_EN_ABBR[b.month - 1]} {b.year}"])


def age_at(birth: dt.date, ref: dt.date = REF_DATE) -> int:
    return ref.year - birth.year - ((ref.month, ref.day) < (birth.month, birth.day))


class PeriodStyle:
    """One document's way of writing employment periods (applicants are consistent within a CV)."""

    def __init__(self, rng: random.Random, lang: str) -> None:
        self.lang = lang
        self.style = rng.randint(0, 5)
        self.dash = rng.choice(["-", " - ", " – ", "–"])

    def __call__(self, start: tuple[int, int], end: tuple[int, int] | None) -> str:
        da = self.lang == "da"
        now = "nu" if da else "present"
        if self.style == 0:
            s, e = str(start[0]), (str(end[0]) if end else now)
        elif self.style == 1:
            s = f"{start[1]:02d}/{start[0]}"
            e = f"{end[1]:02d}/{end[0]}" if end else now
        elif self.style == 2:
            months = P.MONTHS_DA_ABBR if da else P.MONTHS_EN_ABBR
            s = f"{months[start[1] - 1]} {start[0]}"
            e = f"{months[end[1] - 1]} {end[0]}" if end else now
        elif self.style == 3:
            months = P.MONTHS_DA if da else P.MONTHS_EN
            s = f"{months[start[1] - 1]} {start[0]}"
            e = f"{months[end[1] - 1]} {end[0]}" if end else ("d.d." if da else "Present")
        elif self.style == 4:
            s, e = str(start[0]), (str(end[0]) if end else "")
            return f"{s}{self.dash.strip() or '-'}" if not end else f"{s}{self.dash}{e}"
        else:
            s = f"{start[1]}.{start[0]}" if da else f"{start[1]}/{start[0]}"
            e = (f"{end[1]}.{end[0]}" if da else f"{end[1]}/{end[0]}") if end else now
        return f"{s}{self.dash}{e}"


# ================================================================================================ profile


@dataclass
class Profile:
    person: Person
    birth: dt.date
    email: str
    phone: str
    phone_form: str
    street: str
    town: str
    field: str
    country: tuple[str, str]
    nat: tuple[str, str]
    city: tuple[str, str]
    mother_tongue: tuple[str, str]
    religion: tuple[str, str] | None
    married: bool
    children: int
    spouse: Person | None
    urls: list[tuple[str, str]]
    unseen_name: bool

    @property
    def age(self) -> int:
        return age_at(self.birth)


def make_profile(rng: random.Random, origin: str, lang: str, unseen: bool) -> Profile:
    o = P.ORIGINS[origin]
    gender = rng.choice("fm")
    person = make_person(rng, origin, gender, unseen=unseen)
    birth = dt.date(rng.randint(1966, 2001), rng.randint(1, 12), rng.randint(1, 28))
    if origin != "danish" and rng.random() < 0.2:
        phone, phone_form = foreign_phone(rng, origin)
    else:
        phone, phone_form = dk_phone(rng)
    floor = rng.choice(P.FLOORS)
    street = f"{rng.choice(P.STREETS)} {rng.randint(1, 180)}{rng.choice(['', '', '', 'A', 'B'])}"
    if floor:
        street += f", {floor}"
    country, nat, city = o["country"], o["nat"], o["cities"]
    if o.get("alt_countries") and rng.random() < 0.6:
        c = rng.choice(o["alt_countries"])
        country, nat, city = (c[0], c[1]), (c[2], c[3]), (c[4], c[5])
    married = rng.random() < 0.55
    children = rng.choice([0, 0, 1, 2, 2, 3]) if birth.year < 1997 else 0
    spouse = None
    if married:
        spouse_origin = origin if rng.random() < 0.7 else "danish"
        spouse = make_person(rng, spouse_origin, "m" if gender == "f" else "f",
                             avoid={x.casefold() for x in name_parts(person.full)})
    slug_first = fold(person.given.split()[0]).lower()
    slug_last = fold(person.surname).lower().replace(" ", "-")
    urls: list[tuple[str, str]] = []
    slug = rng.choice([f"{slug_first}-{slug_last}", f"{slug_first}{slug_last.replace('-', '')}",
                       f"{slug_first}-{slug_last}-{rng.randrange(16 ** 5):05x}"])
    urls.append(("LinkedIn", rng.choice([f"linkedin.com/in/{slug}", f"www.linkedin.com/in/{slug}",
                                         f"https://www.linkedin.com/in/{slug}"])))
    urls.append(("GitHub", f"github.com/{slug_first[:1]}{slug_last.replace('-', '')}"))
    urls.append(("Web", f"www.{slug_first}{slug_last.replace('-', '')}.dk"))
    urls.append(("Instagram", f"@{slug_first}.{slug_last.replace('-', '')[:6]}"))
    return Profile(person, birth, email_for(rng, person, birth), phone, phone_form, street,
                   rng.choice(P.TOWNS), rng.choice(list(P.FIELDS)), country, nat, city, o["lang"],
                   o.get("religion"), married, children, spouse, urls, unseen)


# ================================================================================================ flags


FLAG_PROBS = {
    "name_heading": 1.0, "name_upper": 0.3, "name_label": 0.45, "name_meta": 0.55, "name_title_meta": 0.35,
    "ascii_meta": 0.3, "name_header": 0.5, "name_footer": 0.3, "name_in_profile": 0.5,
    "email": 0.95, "phone": 0.92, "address": 0.8, "linkedin": 0.5, "github": 0.2, "website": 0.08,
    "handle": 0.08, "birthdate": 0.55, "cpr": 0.35, "age": 0.35, "gender_label": 0.25, "pronouns": 0.25,
    "nationality": 0.35, "born": 0.18, "mother_tongue": 0.5, "religion": 0.07, "civil": 0.4, "children": 0.3,
    "parent_phrase": 0.15, "spouse_name": 0.08, "association": 0.06, "references": 0.55, "ref_contact": 0.5,
    "supervisor": 0.1, "recipient_name": 0.45, "title_prefix": 0.06,
}
PERSONAL_FLAGS = ["birthdate", "cpr", "age", "gender_label", "pronouns", "nationality", "born", "mother_tongue",
                  "religion", "civil", "children", "parent_phrase", "spouse_name", "association", "title_prefix"]
NAME_FLAGS = ["name_heading", "name_label", "name_meta", "name_title_meta", "ascii_meta", "name_header",
              "name_footer", "name_in_profile"]
CONTACT_FLAGS = ["email", "phone", "address", "linkedin", "github", "website", "handle"]
OTHER_PEOPLE = ["references", "supervisor", "recipient_name", "spouse_name"]


def sample_flags(rng: random.Random, level: str, fmt: str, field_: str) -> tuple[dict[str, bool], str]:
    flags = {k: rng.random() < p for k, p in FLAG_PROBS.items()}
    if field_ == "it":
        flags["github"] = rng.random() < 0.6
    variant = ""
    if level == "partial":
        variant = rng.choice(["noname", "nopersonal", "nocontact", "metaonly"])
        if variant == "noname":
            for k in NAME_FLAGS:
                flags[k] = False
            flags["email"] = True
        elif variant == "nopersonal":
            for k in PERSONAL_FLAGS:
                flags[k] = False
        elif variant == "nocontact":
            for k in CONTACT_FLAGS + ["name_label"]:
                flags[k] = False
        else:
            for k in flags:
                flags[k] = False
            if fmt == "docx":
                flags["name_header" if rng.random() < 0.5 else "name_meta"] = True
            else:
                flags["name_meta"] = True
            flags["name_title_meta"] = rng.random() < 0.5
    elif level == "full":
        for k in flags:
            flags[k] = False
    return flags, variant


# ================================================================================================ content


class Builder:
    """Builds one document's content from a profile, a language and the inclusion flags."""

    def __init__(self, rng: random.Random, prof: Profile, lang: str, flags: dict[str, bool], level: str) -> None:
        self.rng = rng
        self.p = prof
        self.lang = lang
        self.f = flags
        self.level = level
        self.da = lang == "da"
        self.period = PeriodStyle(rng, lang)
        self.used_parts: set[str] = {x.casefold() for x in name_parts(prof.person.full)}
        if prof.spouse:
            self.used_parts |= {x.casefold() for x in name_parts(prof.spouse.full)}
        fld = P.FIELDS[prof.field]
        self.fld = fld
        self.long = prof.birth.year < 1985 and rng.random() < 0.3  # a long career: a 2-3 page CV
        self.title_idx = rng.randrange(len(fld["titles"]))
        self.employers = rng.sample(fld["employers"], k=min(len(fld["employers"]), 5))
        self.abroad = P.ABROAD.get(prof.person.origin) if prof.person.origin != "danish" else None
        self.jobs = self._career()
        self.education = self._education()

    def t(self, da: str, en: str) -> str:
        return da if self.da else en

    def other_person(self, origin: str | None = None) -> Person:
        rng = self.rng
        if origin is None:
            origin = "danish" if rng.random() < 0.5 else rng.choice(P.NON_DANISH)
        person = make_person(rng, origin, rng.choice("fm"), unseen=rng.random() < 0.2, avoid=self.used_parts)
        self.used_parts |= {x.casefold() for x in name_parts(person.full)}
        return person

    # -- name forms
    def name_main(self) -> Pii:
        text = self.p.person.full
        if self.f["name_upper"]:
            text = text.upper()
        return self.name_pii(text)

    def name_pii(self, text: str, who: str = "applicant", person: Person | None = None) -> Pii:
        return Pii("NAME", text, who, person or self.p.person)

    # -- career data
    def _career(self) -> list[tuple[tuple[int, int], tuple[int, int] | None, int, str]]:
        rng = self.rng
        start_year = min(self.p.birth.year + rng.randint(22, 29), REF_DATE.year - rng.randint(1, 3))
        jobs = []
        y, m = start_year, rng.randint(1, 12)
        n = rng.randint(6, 8) if self.long else rng.randint(2, 5)
        for i in range(n):
            length = rng.randint(1, 6)
            end: tuple[int, int] | None = (y + length, rng.randint(1, 12))
            last = i == n - 1
            if end[0] > REF_DATE.year - 1 or (last and rng.random() < 0.7):
                end = None
            title = min(len(self.fld["titles"]) - 1, max(0, self.title_idx - (n - 1 - i) // 2))
            employer = self.employers[i % len(self.employers)]
            if self.abroad and i == 0 and rng.random() < 0.5:
                employer = rng.choice(self.abroad["employers"])
            jobs.append(((y, m), end, title, employer))
            if end is None:
                break
            y, m = end[0], min(12, end[1] + 1)
        return list(reversed(jobs))

    def _education(self) -> list[tuple[tuple[int, int], tuple[int, int], str, str, str]]:
        rng = self.rng
        first_job = self.jobs[-1][0][0]
        degrees = rng.sample(self.fld["degrees"], k=min(2, len(self.fld["degrees"])))
        out = []
        end = first_job if rng.random() < 0.5 else first_job - 1
        for da_name, en_name, school in degrees[: rng.randint(1, 2)]:
            length = rng.randint(2, 5)
            if self.abroad and rng.random() < 0.5:
                school = rng.choice(self.abroad["schools"])
            out.append(((end - length, 9), (end, 6), da_name, en_name, school))
            end = end - length
        return out

    # -- blocks
    def contact_lines(self) -> list[Seg]:
        f, p, t = self.f, self.p, self.t
        lines: list[Seg] = []
        if f["address"]:
            lines.append(seg(Pii("ADDRESS", p.street), ", ", Pii("ADDRESS", p.town)))
        if f["phone"]:
            lines.append(seg(self.rng.choice([t("Tlf.: ", "Phone: "), t("Mobil: ", "Mobile: "), ""]),
                             Pii("PHONE", p.phone)))
        if f["email"]:
            lines.append(seg(self.rng.choice([t("E-mail: ", "Email: "), "Mail: ", ""]), Pii("EMAIL", p.email)))
        labels = {"linkedin": "LinkedIn", "github": "GitHub", "website": "Web", "handle": "Instagram"}
        for flag, label in labels.items():
            if f[flag]:
                url = dict(p.urls)[label]
                lines.append(seg(f"{label}: " if self.rng.random() < 0.6 else "", Pii("URL", url)))
        return lines

    def personal_kv(self) -> list[tuple[str, Seg]]:
        f, p, t, rng = self.f, self.p, self.t, self.rng
        rows: list[tuple[str, Seg]] = []
        if f["name_label"]:
            rows.append((t("Navn:", "Name:"), seg(self.name_pii(p.person.full))))
        if f["address"] and rng.random() < 0.4:
            rows.append((t("Adresse:", "Address:"), seg(Pii("ADDRESS", p.street), ", ", Pii("ADDRESS", p.town))))
            f["address_done"] = True
        if f["birthdate"]:
            label = rng.choice([t("Fødselsdato:", "Date of birth:"), t("Født:", "Born:"), t("Født:", "DOB:")])
            if rng.random() < 0.12:
                rows.append((label, seg(Pii("BIRTHDATE", str(p.birth.year), label=label))))
            else:
                rows.append((label, seg(Pii("BIRTHDATE", birthdate_text(rng, p.birth, self.lang)))))
        if f["cpr"] and self.da:
            label = rng.choice(["CPR-nr.:", "CPR:", "Personnummer:", "Cpr.nr.:"])
            rows.append((label, seg(Pii("CPR", cpr_for(rng, p.birth, p.person.gender)))))
        if f["age"]:
            label = t("Alder:", "Age:")
            value = rng.choice([str(p.age), t(f"{p.age} år", f"{p.age} years")])
            rows.append((label, seg(Pii("AGE", value, label=label))))
        if f["gender_label"]:
            label = t("Køn:", "Gender:")
            value = t("Kvinde", "Female") if p.person.gender == "f" else t("Mand", "Male")
            rows.append((label, seg(Pii("GENDER", value, label=label))))
        if f["nationality"]:
            label = rng.choice([t("Nationalitet:", "Nationality:"), t("Statsborgerskab:", "Citizenship:")])
            nat = p.nat if rng.random() < 0.7 else P.ORIGINS["danish"]["nat"]
            rows.append((label, seg(Pii("ETHNICITY", t(nat[0], nat[1]), label=label))))
        if f["religion"] and p.religion:
            label = t("Religion:", "Religion:")
            rows.append((label, seg(Pii("ETHNICITY", t(p.religion[0], p.religion[1]), label=label))))
        if f["civil"]:
            label = t("Civilstand:", "Marital status:")
            if p.married:
                value = t(rng.choice(["Gift", "gift", "Samlevende"]), rng.choice(["Married", "married", "Cohabiting"]))
            else:
                value = t(rng.choice(["Ugift", "Single"]), "Single")
            rows.append((label, seg(Pii("FAMILY", value, label=label))))
        if f["children"] and p.children:
            label = t("Børn:", "Children:")
            ages = sorted(rng.sample(range(1, 16), p.children))
            listed = t(" og ", " and ").join(str(a) for a in ages)
            value = rng.choice([str(p.children), f"{p.children} ({listed} {t('år', 'years')})"])
            rows.append((label, seg(Pii("FAMILY", value, label=label))))
        if rows and rng.random() < 0.4:
            rows.append((t("Kørekort:", "Driving licence:"), seg(t("B", "B (Danish)"))))
        return rows

    def profile_para(self) -> list[Seg]:
        f, p, t, rng = self.f, self.p, self.t, self.rng
        title = self.fld["titles"][self.title_idx]
        years = REF_DATE.year - self.jobs[-1][0][0]
        adj = rng.sample(range(len(P.PROFILE_ADJ_DA)), 2)
        a1 = t(P.PROFILE_ADJ_DA[adj[0]], P.PROFILE_ADJ_EN[adj[0]])
        a2 = t(P.PROFILE_ADJ_DA[adj[1]], P.PROFILE_ADJ_EN[adj[1]])
        out: list[Seg] = []
        if f["pronouns"]:
            she = p.person.gender == "f"
            subj = (self.name_pii(p.person.first),) if f["name_in_profile"] else (t("Ansøgeren", "The applicant"),)
            pron = Pii("GENDER", t("Hun" if she else "Han", "She" if she else "He"))
            poss = Pii("GENDER", t("Hendes" if she else "Hans", "Her" if she else "His"))
            pron_lc = Pii("GENDER", t("hun" if she else "han", "she" if she else "he"))
            article = t(" er en ", " is an " if a1[0] in "aeiou" else " is a ")
            out.append(seg(*subj, article, a1, t(" og ", " and "), a2, " ",
                           Keep(t(title[0].lower() if title[0][0].isupper() and " " not in title[0] else title[0],
                                  title[1])),
                           t(f" med {years} års erfaring. ", f" with {years} years of experience. "),
                           pron, t(" trives med ansvar og samarbejde på tværs af faggrupper. ",
                                   " thrives on responsibility and working across professions. "),
                           poss, t(" styrker er overblik og god formidling, og ", " strengths are overview and clear "
                                   "communication, and "), pron_lc,
                           t(" søger nu nye udfordringer.", " is now looking for new challenges.")))
        else:
            article = t("Jeg er en ", "I am an " if a1[0] in "aeiou" else "I am a ")
            out.append(seg(article, a1, t(" og ", " and "), a2, " ",
                           Keep(t(title[0], title[1])),
                           t(f" med {years} års erfaring. ", f" with {years} years of experience. "),
                           t("Jeg trives med ansvar, faglig udvikling og samarbejde på tværs af faggrupper.",
                             "I enjoy responsibility, professional growth and working across professions.")))
        cues: list[Piece] = []
        if f["age"] and rng.random() < 0.5:
            age_txt = rng.choice([t(f"{p.age}-årig", f"{p.age}-year-old"), t(f"{p.age} årig", f"aged {p.age}")])
            if age_txt.startswith("aged"):
                cues += ["I am ", Pii("AGE", age_txt), ". "]
            else:
                cues += [t("Jeg er en ", "I am a "), Pii("AGE", age_txt), " ",
                         Pii("GENDER", t("kvinde" if p.person.gender == "f" else "mand",
                                         "woman" if p.person.gender == "f" else "man")), ". "]
            f["age_profile"] = True
        if f["born"]:
            cues += [t("Jeg er ", "I was "), Pii("ETHNICITY", t(f"født og opvokset i {p.city[0]}",
                                                             f"born and raised in {p.city[1]}")),
                     t(f" og har boet i Danmark siden {max(p.birth.year + 15, 2000)}. ",
                       f" and have lived in Denmark since {max(p.birth.year + 15, 2000)}. ")]
        if f["parent_phrase"] and p.children:
            word = t(("mor" if p.person.gender == "f" else "far") + f" til {P.NUM_DA[p.children]}",
                     ("mother" if p.person.gender == "f" else "father") + f" of {P.NUM_EN[p.children]}")
            cues += [t("Privat er jeg ", "Outside work I am a "), Pii("GENDER", word),
                     t(" og bruger min fritid på ", " and spend my free time on "),
                     t(rng.choice(P.INTERESTS_DA), rng.choice(P.INTERESTS_EN)), ". "]
        if cues:
            out.append(seg(*cues))
        return out

    def entries(self) -> list[Entry]:
        t, rng = self.t, self.rng
        out = []
        for start, end, ti, employer in self.jobs:
            title = self.fld["titles"][ti]
            duties = rng.sample(self.fld["duties"], k=rng.randint(2, 4) if self.long else rng.randint(1, 3))
            details = [seg(t(d[0], d[1])) for d in duties]
            if rng.random() < 0.3:
                skill = rng.choice(self.fld["skills"])
                details.append(seg(t("Værktøjer: ", "Tools: "), Keep(t(skill[0], skill[1]))))
            out.append(Entry(seg(Keep(self.period(start, end))), seg(Keep(t(title[0], title[1]))),
                             seg(Keep(employer)), details))
        return out

    def education_entries(self) -> list[Entry]:
        t = self.t
        out = []
        for i, (start, end, da_name, en_name, school) in enumerate(self.education):
            details: list[Seg] = []
            if i == 0 and self.f["supervisor"]:
                sup = self.other_person("danish")
                details.append(seg(t("Speciale om digital forvaltning. Vejleder: ",
                                     "Thesis on digital public services. Supervisor: "),
                                   t("Lektor ", "Assoc. Prof. "), Pii("NAME", sup.full, "other", sup)))
            out.append(Entry(seg(Keep(self.period(start, end))), seg(Keep(t(da_name, en_name))),
                             seg(Keep(school)), details))
        return out

    def skills(self) -> list[Seg]:
        t = self.t
        k = self.rng.randint(4, min(7, len(self.fld["skills"])))
        return [seg(Keep(t(s[0], s[1]))) for s in self.rng.sample(self.fld["skills"], k=k)]

    def languages(self) -> list[tuple[str, Seg]]:
        t, rng, p = self.t, self.rng, self.p
        rows: list[tuple[str, Seg]] = []
        mt = p.mother_tongue
        if self.f["mother_tongue"]:
            label = f"{t(mt[0], mt[1])}:"
            rows.append((label, seg(Pii("ETHNICITY", t("modersmål", "native"), label=label))))
        langs = []
        if p.person.origin != "danish":
            langs.append(("Dansk", "Danish"))
        langs += rng.sample(P.SKILL_LANGS, k=rng.randint(1, 2))
        if p.person.origin == "danish" and ("Engelsk", "English") not in langs:
            langs.insert(0, ("Engelsk", "English"))
        for da_name, en_name in langs:
            lvl = rng.randrange(len(P.LANG_LEVELS_DA))
            rows.append(("", seg(Keep(f"{t(da_name, en_name)}: {t(P.LANG_LEVELS_DA[lvl], P.LANG_LEVELS_EN[lvl])}"))))
        return rows

    def courses(self) -> list[Seg]:
        rng, t = self.rng, self.t
        out = []
        for c in rng.sample(P.COURSES, k=rng.randint(0, 3)):
            year = rng.randint(min(self.jobs[-1][0][0], REF_DATE.year - 1), REF_DATE.year - 1)
            out.append(seg(Keep(t(c[0], c[1])), f" ({year})" if rng.random() < 0.6 else ""))
        return out

    def references(self) -> list[Seg]:
        t, rng = self.t, self.rng
        if not self.f["references"]:
            if rng.random() < 0.5:
                return [seg(t("Referencer gives gerne på forespørgsel.", "References available on request."))]
            return []
        out = []
        for i in range(rng.randint(1, 2)):
            person = self.other_person()
            rt = rng.choice(P.REF_TITLES)
            employer = self.employers[i % len(self.employers)]
            pieces: list[Piece] = [Pii("NAME", person.full, "reference", person), ", ", Keep(t(rt[0], rt[1])), ", ",
                                   Keep(employer)]
            if self.f["ref_contact"]:
                if rng.random() < 0.6:
                    phone, _ = dk_phone(rng)
                    pieces += [t(", tlf. ", ", phone "), Pii("PHONE", phone, "reference", person)]
                else:
                    dom = rng.choice(["kk.dk", "regionh.dk", "frederiksberg.dk", "firma.dk", "hotmail.com"])
                    pieces += [", ", Pii("EMAIL", work_email(rng, person, dom), "reference", person)]
            out.append(seg(*pieces))
        return out

    def family_lines(self) -> list[Seg]:
        """Free-text family cues ("Gift med Peter", "married with two children") for the interests block."""
        f, p, t = self.f, self.p, self.t
        if not (f["spouse_name"] and p.spouse and p.married):
            return []
        sp = p.spouse
        pieces: list[Piece] = [Pii("FAMILY", t("Gift", "Married")), t(" med ", " to "),
                               Pii("NAME", sp.first, "family", sp)]
        if p.children:
            pieces += [t(" og har ", " with "), Pii("FAMILY", t(f"{P.NUM_DA[p.children]} børn",
                                                                 f"{P.NUM_EN[p.children]} children")), "."]
        else:
            pieces.append(".")
        return [seg(*pieces)]

    def interests(self) -> list[Seg]:
        t, rng = self.t, self.rng
        k = rng.randint(2, 3)
        idx = rng.sample(range(len(P.INTERESTS_DA)), k)
        out = [seg(t("Fritid: ", "Interests: "), ", ".join(t(P.INTERESTS_DA[i], P.INTERESTS_EN[i]) for i in idx))]
        if self.f["association"] and self.p.person.origin != "danish":
            assoc = t(f"Dansk-{self.p.nat[0].capitalize()} Forening", f"{self.p.nat[1]} Association in Denmark")
            out.append(seg(t("Frivillig i ", "Volunteer at "), Pii("ETHNICITY", assoc), "."))
        return out + self.family_lines()

    # -- documents
    def cv(self) -> Content:
        f, p, t, rng = self.f, self.p, self.t, self.rng
        title = self.fld["titles"][self.title_idx]
        if f["name_heading"]:
            heading = seg(Pii("GENDER", t("Fru", "Ms") if p.person.gender == "f" else t("Hr.", "Mr")), " ",
                          self.name_main()) if f["title_prefix"] else seg(self.name_main())
        else:
            heading = seg(rng.choice(["Curriculum Vitae", "CV", t("Ansøger", "Applicant"), t("Mit CV", "Résumé")]))
        c = Content("cv", self.lang, heading, subtitle=seg(Keep(t(title[0], title[1]))))
        c.contact = self.contact_lines()
        personal = self.personal_kv()
        if f.get("address_done"):
            c.contact = [s for s in c.contact if not any(isinstance(x, Pii) and x.cat == "ADDRESS" for x in s)]
        prof = self.profile_para()
        c.sections.append(Section(t("Profil", "Profile"), "para", prof))
        c.sections.append(Section(t("Erhvervserfaring", "Work experience"), "entries", self.entries()))
        c.sections.append(Section(t("Uddannelse", "Education"), "entries", self.education_entries()))
        c.sections.append(Section(t("Kompetencer", "Skills"), "bullets", self.skills(), sidebar=True))
        c.sections.append(Section(t("Sprog", "Languages"), "kv", self.languages(), sidebar=True))
        courses = self.courses()
        if courses:
            c.sections.append(Section(t("Kurser og certifikater", "Courses and certificates"), "bullets", courses))
        if personal:
            c.sections.append(Section(t("Personlige oplysninger", "Personal details"), "kv", personal, sidebar=True))
        c.sections.append(Section(t("Fritid", "Interests"), "lines", self.interests()))
        refs = self.references()
        if refs:
            c.sections.append(Section(t("Referencer", "References"), "lines", refs))
        self._hidden(c, t("CV", "CV"))
        return c

    def letter(self, recipient_org: str) -> Content:
        f, p, t, rng = self.f, self.p, self.t, self.rng
        title = self.fld["titles"][min(len(self.fld["titles"]) - 1, self.title_idx + rng.randint(0, 1))]
        heading = seg(self.name_main()) if f["name_heading"] and rng.random() < 0.5 else seg()
        c = Content("letter", self.lang, heading)
        sender: list[Seg] = []
        if f["name_heading"] and not heading:
            sender.append(seg(self.name_pii(p.person.full)))
        sender += self.contact_lines()
        c.contact = sender
        day = dt.date(2025, rng.randint(1, 2), rng.randint(1, 28))
        date_txt = (f"{day.day}. {P.MONTHS_DA[day.month - 1]} {day.year}" if self.da
                    else f"{day.day} {P.MONTHS_EN[day.month - 1]} {day.year}")
        c.date_line = seg(t("København, ", "Copenhagen, "), Keep(date_txt))
        unit = rng.choice(P.RECIPIENT_UNITS)
        c.recipient = [seg(Keep(recipient_org)), seg(Keep(t(unit[0], unit[1])))]
        rec_person = None
        if f["recipient_name"]:
            rec_person = self.other_person()
            c.recipient.append(seg(t("Att.: ", "Attn: "), Pii("NAME", rec_person.full, "other", rec_person)))
        c.subject = seg(t("Ansøgning: ", "Application: "), Keep(t(title[0], title[1])),
                        t(f" (j.nr. {rng.randint(2025000, 2025999)})", f" (ref. {rng.randint(1000, 9999)})"))
        if rec_person is not None and rng.random() < 0.7:
            c.greeting = seg(t("Kære ", "Dear "), Pii("NAME", rec_person.full, "other", rec_person))
        else:
            c.greeting = seg(rng.choice([t("Kære ansættelsesudvalg", "Dear Hiring Committee"),
                                         t("Til rette vedkommende", "Dear Sir or Madam"),
                                         t("Kære kommende kolleger", "Dear Hiring Manager")]))
        cur = self.jobs[0]
        cur_title = self.fld["titles"][cur[2]]
        edu = self.education[0]
        skills = rng.sample(self.fld["skills"], 2)
        c.paragraphs.append(seg(
            t("Med stor interesse søger jeg stillingen som ", "I am writing to apply for the position of "),
            Keep(t(title[0].lower() if " " not in title[0] else title[0], title[1])), t(" i ", " at "),
            Keep(recipient_org), t(". Stillingen matcher min erfaring og mine ambitioner, og jeg vil gerne bidrage "
                                   "til at skabe god service for borgerne.",
                                   ". The role matches my experience and ambitions, and I would like to help "
                                   "deliver good services to citizens.")))
        c.paragraphs.append(seg(
            t("I min nuværende stilling som ", "In my current role as "), Keep(t(cur_title[0], cur_title[1])),
            t(" hos ", " at "), Keep(cur[3]),
            t(" har jeg arbejdet med ", " I have worked with "), Keep(t(skills[0][0], skills[0][1])),
            t(" og ", " and "), Keep(t(skills[1][0], skills[1][1])),
            t(". Jeg er vant til at arbejde selvstændigt og struktureret, også når tempoet er højt.",
              ". I am used to working independently and in a structured way, also at a high pace.")))
        c.paragraphs.append(seg(
            t("Jeg er uddannet ", "I hold a "), Keep(t(edu[2], edu[3])), t(" fra ", " from "), Keep(edu[4]),
            t(", og jeg holder mig løbende opdateret gennem kurser og faglige netværk.",
              ", and I keep up to date through courses and professional networks.")))
        personal: list[Piece] = []
        if f["age"]:
            personal += [t("Jeg er ", "I am "), Pii("AGE", t(f"{p.age} år", f"{p.age} years old"))]
            if f["civil"] and p.married:
                personal += [", ", Pii("FAMILY", t("gift", "married"))]
            if f["parent_phrase"] and p.children:
                personal += [t(" og ", " and a "), Pii("GENDER", t(
                    ("mor" if p.person.gender == "f" else "far") + f" til {P.NUM_DA[p.children]}",
                    ("mother" if p.person.gender == "f" else "father") + f" of {P.NUM_EN[p.children]}"))]
            personal.append(". ")
        elif f["civil"] and p.married:
            personal += [t("Jeg er ", "I am "), Pii("FAMILY", t("gift", "married"))]
            if f["children"] and p.children:
                personal += [t(" og har ", " with "), Pii("FAMILY", t(f"{P.NUM_DA[p.children]} børn",
                                                                      f"{P.NUM_EN[p.children]} children"))]
            personal.append(". ")
        if f["born"]:
            personal += [t("Jeg er ", "I was "), Pii("ETHNICITY", t(f"født og opvokset i {p.city[0]}",
                                                                 f"born and raised in {p.city[1]}")),
                         t(" og taler flere sprog, hvilket er en styrke i mødet med borgerne. ",
                           " and speak several languages, which helps when meeting citizens. ")]
        if f["nationality"]:
            personal += [t("Jeg er ", "I am a "), Pii("ETHNICITY", t(f"{p.nat[0]} statsborger",
                                                                  f"{p.nat[1]} citizen")), ". "]
        if personal:
            personal += [t("I min fritid dyrker jeg ", "In my spare time I enjoy "),
                         t(rng.choice(P.INTERESTS_DA), rng.choice(P.INTERESTS_EN)), "."]
            c.paragraphs.append(seg(*personal))
        c.paragraphs.append(seg(t("Jeg ser frem til at høre fra jer og uddyber gerne min ansøgning ved en samtale.",
                                  "I look forward to hearing from you and would welcome an interview.")))
        c.closing = rng.choice([t("Med venlig hilsen", "Kind regards"), t("Venlig hilsen", "Best regards"),
                                t("De bedste hilsner", "Yours sincerely")])
        if f["name_heading"]:
            c.signature = [seg(self.name_pii(rng.choice([p.person.full, p.person.short, p.person.first])))]
        else:
            c.signature = [seg(t("Ansøger", "The applicant"))] if rng.random() < 0.3 else []
        self._hidden(c, t("Ansøgning", "Application"))
        return c

    def _hidden(self, c: Content, doc_word: str) -> None:
        f, p, rng = self.f, self.p, self.rng
        if f["name_meta"]:
            name = p.person.full
            if f["ascii_meta"] and fold(name) != name:
                name = fold(name, rng.randint(0, 1))
            c.meta_author = seg(self.name_pii(name))
        elif rng.random() < 0.5:
            c.meta_author = seg(rng.choice(["Bruger", "Windows User", "Microsoft Office User", "Admin"]))
        if f["name_title_meta"]:
            c.meta_title = seg(f"{doc_word} - ", self.name_pii(p.person.short))
        else:
            c.meta_title = seg(doc_word)
        if f["name_header"]:
            c.header = seg(self.name_pii(p.person.full), f" \u2013 {doc_word}")
        if f["name_footer"]:
            bits: list[Piece] = [self.name_pii(p.person.short)]
            if f["phone"]:
                bits += [" \u00b7 ", Pii("PHONE", p.phone)]
            c.footer = seg(*bits)


# ================================================================================================ PDF


PAGE_W, PAGE_H = 595.0, 842.0


def _h(s: Seg, mask: bool) -> str:
    """HTML for a segment; planted and kept values never wrap inside a word (only at their spaces)."""
    out = []
    for p in s:
        if isinstance(p, str):
            out.append(html.escape(p))
        elif isinstance(p, Pii) and mask:
            out.append(MASK)
        else:
            out.append(" ".join(html.escape(tok) if tok.isalnum() else
                                f'<span style="white-space:nowrap">{html.escape(tok)}</span>'
                                for tok in p.text.split(" ")))
    return "".join(out)


Block = str | tuple[str, str]  # full-width HTML, or a (left, right) row


def _kv_blocks(rows: list[tuple[str, Seg]], mask: bool, table: bool) -> list[Block]:
    if table:
        return [(f"<p><b>{html.escape(k)}</b></p>", f"<p>{_h(v, mask)}</p>") if k else f"<p>{_h(v, mask)}</p>"
                for k, v in rows]
    return ["".join(f"<p>{html.escape(k) + ' ' if k else ''}{_h(v, mask)}</p>" for k, v in rows)]


def _section_blocks(sec: Section, mask: bool, style: dict[str, Any]) -> list[Block]:
    """A section as blocks; the title is a block of its own that the flow keeps with the next one."""
    blocks: list[Block] = [f"<h2>{html.escape(sec.title)}</h2>"]
    if sec.kind in ("para", "lines"):
        blocks += [f"<p>{_h(s, mask)}</p>" for s in sec.items]
    elif sec.kind == "bullets":
        if style.get("inline_skills"):
            blocks.append("<p>" + ", ".join(_h(s, mask) for s in sec.items) + "</p>")
        else:
            blocks.append("<ul>" + "".join(f"<li>{_h(s, mask)}</li>" for s in sec.items) + "</ul>")
    elif sec.kind == "kv":
        blocks += _kv_blocks(sec.items, mask, style.get("kv_table", True))
    elif sec.kind == "entries":
        for e in sec.items:
            details = "".join(f"<li>{_h(d, mask)}</li>" for d in e.details)
            details = f"<ul>{details}</ul>" if details else ""
            if style.get("entry_table"):
                blocks.append((f"<p>{_h(e.period, mask)}</p>",
                               f"<p><b>{_h(e.title, mask)}</b>, {_h(e.org, mask)}</p>{details}"))
            else:
                blocks.append(f"<p><b>{_h(e.title, mask)}</b> \u2013 {_h(e.org, mask)}<br/>"
                              f"<i>{_h(e.period, mask)}</i></p>{details}")
    return blocks


class Flow:
    """Places HTML blocks top-down in a column, starting new pages as needed."""

    def __init__(self, doc: Any, css: str, x0: float, x1: float, top: float, bottom: float, y: float,
                 left_width: float = 110.0) -> None:
        import pymupdf

        self.pymupdf = pymupdf
        self.doc, self.css, self.x0, self.x1, self.top, self.bottom = doc, css, x0, x1, top, bottom
        self.page = doc[-1]
        self.y = y
        self.left_width = left_width

    def _new_page(self) -> None:
        self.page = self.doc.new_page(width=PAGE_W, height=PAGE_H)
        self.y = self.top

    def _place(self, x0: float, x1: float, block: str) -> float:
        """Insert at the cursor; returns the bottom of the inserted box, or -1 if it does not fit."""
        rect = self.pymupdf.Rect(x0, self.y, x1, self.bottom)
        spare, _ = self.page.insert_htmlbox(rect, block, css=self.css, scale_low=1)
        if spare < 0:
            return -1.0
        return self.bottom - spare

    def _fits(self, x0: float, x1: float, block: str) -> bool:
        story = self.pymupdf.Story(html=block, user_css=self.css)
        more, _ = story.place(self.pymupdf.Rect(x0, self.y, x1, self.bottom))
        return not more

    def add(self, block: Block, gap: float = 4.0) -> None:
        if isinstance(block, str) and block.startswith("<h2>") and self.bottom - self.y < 70:
            self._new_page()  # keep a heading with what follows
        for _ in range(2):
            if isinstance(block, str):
                end = self._place(self.x0, self.x1, block)
            elif self._fits(self.x0 + self.left_width, self.x1, block[1]):
                # left cell first, so the text comes out in reading order (label, then value)
                rect = self.pymupdf.Rect(self.x0, self.y, self.x0 + self.left_width - 6, self.bottom)
                spare, _ = self.page.insert_htmlbox(rect, block[0], css=self.css, scale_low=0)
                end = max(self.bottom - max(spare, 0), self._place(self.x0 + self.left_width, self.x1, block[1]))
            else:
                end = -1.0
            if end >= 0:
                self.y = end + gap
                return
            if self.y <= self.top + 1:
                break
            self._new_page()
        html_block = block if isinstance(block, str) else block[0] + block[1]
        rect = self.pymupdf.Rect(self.x0, self.y, self.x1, self.bottom)
        self.page.insert_htmlbox(rect, html_block, css=self.css, scale_low=0)
        self.y = self.bottom


def render_pdf(c: Content, layout: str, rng_seed: str, mask: bool,
               appendix: tuple[tuple[Content, str], ...] = ()) -> bytes:
    import pymupdf

    rng = random.Random(rng_seed)  # the same layout choices for the real and the masked rendering
    family = rng.choice(["sans-serif", "sans-serif", "serif"])
    accent = rng.choice(["#1f4e79", "#2e5e4e", "#7a2e2e", "#333333", "#5b3f86"])
    size = rng.choice([9.5, 10, 10.5])
    css = (f"body {{font-family: {family}; font-size: {size}pt; color: #222;}} "
           f"h1 {{font-size: {rng.choice([22, 24, 26, 28])}pt; color: {accent}; margin: 0 0 2pt 0;}} "
           f"h2 {{font-size: {size + 2.5}pt; color: {accent}; margin: 8pt 0 3pt 0;}} "
           "p {margin: 0 0 3pt 0;} ul {margin: 0 0 3pt 0;} li {margin: 0;} td {vertical-align: top; "
           "padding: 0 4pt 1pt 0;} table {width: 100%;} .sub {font-size: 12pt; color: #555;}")
    style = {"kv_table": rng.random() < 0.6, "entry_table": rng.random() < 0.5, "inline_skills": rng.random() < 0.3}
    doc = pymupdf.open()
    page = doc.new_page(width=PAGE_W, height=PAGE_H)
    top, bottom = 48.0, PAGE_H - 56.0
    if c.kind == "letter":
        flow = Flow(doc, css, 60, PAGE_W - 60, top, bottom, top)
        if c.heading:
            flow.add(f"<h1>{_h(c.heading, mask)}</h1>")
        sender = "".join(f"<p>{_h(s, mask)}</p>" for s in c.contact)
        if sender:
            if rng.random() < 0.5:
                page.insert_htmlbox(pymupdf.Rect(PAGE_W - 250, flow.y, PAGE_W - 60, flow.y + 130), sender, css=css)
            else:
                flow.add(sender, 10)
        flow.y = max(flow.y, top + (150 if c.heading else 120))
        flow.add("".join(f"<p>{_h(s, mask)}</p>" for s in c.recipient), 10)
        flow.add(f"<p style='text-align:right'>{_h(c.date_line, mask)}</p>", 8)
        flow.add(f"<p><b>{_h(c.subject, mask)}</b></p>", 8)
        flow.add(f"<p>{_h(c.greeting, mask)}</p>", 4)
        for para in c.paragraphs:
            flow.add(f"<p>{_h(para, mask)}</p>", 6)
        sig = "".join(f"<p>{_h(s, mask)}</p>" for s in c.signature)
        flow.add(f"<p>{html.escape(c.closing)}</p>{sig}", 4)
    elif layout == "sidebar":
        side_w = 200.0
        page.draw_rect(pymupdf.Rect(0, 0, side_w, PAGE_H), color=None, fill=(0.93, 0.94, 0.96))
        side_css = css.replace(f"font-size: {size}pt", "font-size: 8.5pt")
        side = "".join(f"<p>{_h(s, mask)}</p>" for s in c.contact)
        side = (f"<h2>{'Kontakt' if c.lang == 'da' else 'Contact'}</h2>" + side) if side else ""
        main_secs = []
        for sec in c.sections:
            if sec.sidebar:
                side += "".join(b for b in _section_blocks(sec, mask, {**style, "kv_table": False})
                                if isinstance(b, str))
            else:
                main_secs.append(sec)
        page.insert_htmlbox(pymupdf.Rect(18, 48, side_w - 12, PAGE_H - 30), side, css=side_css, scale_low=0)
        flow = Flow(doc, css, side_w + 18, PAGE_W - 36, top, bottom, top, left_width=96)
        flow.add(f"<h1>{_h(c.heading, mask)}</h1><p class='sub'>{_h(c.subtitle, mask)}</p>", 6)
        for sec in main_secs:
            for block in _section_blocks(sec, mask, style):
                flow.add(block)
    else:
        flow = Flow(doc, css, 56, PAGE_W - 56, top, bottom, top, left_width=118)
        contact = " \u00b7 ".join(_h(s, mask) for s in c.contact)
        if rng.random() < 0.5 or not c.contact:
            flow.add(f"<h1>{_h(c.heading, mask)}</h1><p class='sub'>{_h(c.subtitle, mask)}</p><p>{contact}</p>", 6)
        else:
            flow.add(f"<h1>{_h(c.heading, mask)}</h1><p class='sub'>{_h(c.subtitle, mask)}</p>", 6)
            flow.add("".join(f"<p>{_h(s, mask)}</p>" for s in c.contact), 6)
        for sec in c.sections:
            for block in _section_blocks(sec, mask, style):
                flow.add(block)
    total = len(doc)
    for i, pg in enumerate(doc):
        foot = (f"{_h(c.footer, mask)} \u00b7 " if c.footer else "") + (
            f"{'Side' if c.lang == 'da' else 'Page'} {i + 1} {'af' if c.lang == 'da' else 'of'} {total}")
        if c.header:
            pg.insert_htmlbox(pymupdf.Rect(56, 16, PAGE_W - 56, 40),
                              f"<p style='text-align:right; font-size:8pt; color:#777'>{_h(c.header, mask)}</p>",
                              css=css)
        if c.footer or total > 1:
            pg.insert_htmlbox(pymupdf.Rect(56, PAGE_H - 40, PAGE_W - 56, PAGE_H - 20),
                              f"<p style='text-align:center; font-size:8pt; color:#777'>{foot}</p>", css=css)
    if not mask:
        _pdf_links(doc, c)
    created = FIXED_TIME.strftime("D:%Y%m%d%H%M%S+01'00'")
    doc.set_metadata({
        "author": plain(c.meta_author, mask) if c.meta_author else "",
        "title": plain(c.meta_title, mask) if c.meta_title else "",
        "subject": "", "keywords": "",
        "creator": rng.choice(["Microsoft® Word for Microsoft 365", "Canva", "LibreOffice Writer", "Pages"]),
        "producer": "redactor sample generator (PyMuPDF)", "creationDate": created, "modDate": created,
    })
    for extra, extra_layout in appendix:  # e.g. the CV behind the cover letter, in one file
        more = pymupdf.open(stream=render_pdf(extra, extra_layout, f"{rng_seed}:appendix", mask), filetype="pdf")
        doc.insert_pdf(more)
        more.close()
    doc.subset_fonts()
    data = doc.tobytes(garbage=4, deflate=True, no_new_id=True)
    doc.close()
    return data


def _pdf_links(doc: Any, c: Content) -> None:
    """Clickable mailto/https links over planted emails and URLs (a link target is its own channel)."""
    import pymupdf

    targets: list[tuple[str, str]] = []
    for s in c.contact:
        for p in s:
            if isinstance(p, Pii) and p.cat == "EMAIL":
                targets.append((p.text, f"mailto:{p.text}"))
            elif isinstance(p, Pii) and p.cat == "URL" and not p.text.startswith("@"):
                targets.append((p.text, p.text if p.text.startswith("http") else f"https://{p.text}"))
    for text, uri in targets:
        for page in doc:
            rects = page.search_for(text)
            if rects:
                page.insert_link({"kind": pymupdf.LINK_URI, "from": rects[0], "uri": uri})
                break


# ================================================================================================ DOCX


def _docx_runs(paragraph: Any, s: Seg, mask: bool, bold: bool = False, size: float | None = None) -> None:
    from docx.shared import Pt

    for p in s:
        if isinstance(p, str):
            texts = [p]
        elif isinstance(p, Pii) and mask:
            texts = [MASK]
        elif isinstance(p, Pii) and p.cat == "NAME" and len(p.text) > 3 and zlib.crc32(p.text.encode()) % 3 == 0:
            cut = 1 + zlib.crc32(p.text.encode()) % (len(p.text) - 2)  # names split across runs, as Word does
            texts = [p.text[:cut], p.text[cut:]]
        else:
            texts = [p.text]
        for text in texts:
            if not text:
                continue
            if isinstance(p, Pii) and p.cat == "EMAIL" and not mask:
                _docx_hyperlink(paragraph, f"mailto:{p.text}", text)
                continue
            run = paragraph.add_run(text)
            run.bold = bold or None
            if size:
                run.font.size = Pt(size)


def _docx_hyperlink(paragraph: Any, url: str, text: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    style = OxmlElement("w:u")
    style.set(qn("w:val"), "single")
    color = OxmlElement("w:color")
    color.set(qn("w:val"), "0563C1")
    rpr.append(color)
    rpr.append(style)
    run.append(rpr)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _docx_kv(container: Any, rows: list[tuple[str, Seg]], mask: bool, table: bool) -> None:
    if table and hasattr(container, "add_table"):
        tbl = container.add_table(rows=0, cols=2)
        for k, v in rows:
            cells = tbl.add_row().cells
            if k:
                _docx_runs(cells[0].paragraphs[0], seg(k), mask, bold=True)
                _docx_runs(cells[1].paragraphs[0], v, mask)
            else:
                _docx_runs(cells[0].paragraphs[0], v, mask)
        return
    for k, v in rows:
        para = container.add_paragraph()
        if k:
            _docx_runs(para, seg(k), mask, bold=True)
            para.add_run("\t" if zlib.crc32(k.encode()) % 2 else " ")
        _docx_runs(para, v, mask)


def _docx_section(container: Any, sec: Section, mask: bool, style: dict[str, Any]) -> None:
    if hasattr(container, "add_heading"):
        container.add_heading(sec.title, level=1)
    else:
        _docx_runs(container.add_paragraph(), seg(sec.title.upper()), mask, bold=True)
    if sec.kind in ("para", "lines"):
        for s in sec.items:
            _docx_runs(container.add_paragraph(), s, mask)
    elif sec.kind == "bullets":
        for s in sec.items:
            _docx_runs(container.add_paragraph(style="List Bullet"), s, mask)
    elif sec.kind == "kv":
        _docx_kv(container, sec.items, mask, style.get("kv_table", True))
    elif sec.kind == "entries":
        if style.get("entry_table") and hasattr(container, "add_table"):
            tbl = container.add_table(rows=0, cols=2)
            for e in sec.items:
                cells = tbl.add_row().cells
                _docx_runs(cells[0].paragraphs[0], e.period, mask)
                head = cells[1].paragraphs[0]
                _docx_runs(head, e.title, mask, bold=True)
                head.add_run(", ")
                _docx_runs(head, e.org, mask)
                for d in e.details:
                    _docx_runs(cells[1].add_paragraph(style="List Bullet"), d, mask)
        else:
            for e in sec.items:
                para = container.add_paragraph()
                _docx_runs(para, e.title, mask, bold=True)
                para.add_run(" \u2013 ")
                _docx_runs(para, e.org, mask)
                period = container.add_paragraph()
                _docx_runs(period, e.period, mask)
                for d in e.details:
                    _docx_runs(container.add_paragraph(style="List Bullet"), d, mask)


def render_docx(c: Content, layout: str, rng_seed: str, mask: bool) -> bytes:
    import docx
    from docx.shared import Cm, Pt

    rng = random.Random(rng_seed)
    d = docx.Document()
    d.styles["Normal"].font.name = rng.choice(["Calibri", "Arial", "Georgia", "Garamond", "Cambria"])
    d.styles["Normal"].font.size = Pt(rng.choice([10, 10.5, 11]))
    section = d.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    style = {"kv_table": rng.random() < 0.6, "entry_table": rng.random() < 0.5}
    if c.header:
        _docx_runs(section.header.paragraphs[0], c.header, mask, size=8)
    if c.footer:
        _docx_runs(section.footer.paragraphs[0], c.footer, mask, size=8)
    if c.kind == "letter":
        if c.heading:
            _docx_runs(d.add_paragraph(style="Title"), c.heading, mask)
        for s in c.contact:
            _docx_runs(d.add_paragraph(), s, mask)
        d.add_paragraph()
        for s in c.recipient:
            _docx_runs(d.add_paragraph(), s, mask)
        _docx_runs(d.add_paragraph(), c.date_line, mask)
        _docx_runs(d.add_paragraph(), c.subject, mask, bold=True)
        _docx_runs(d.add_paragraph(), c.greeting, mask)
        for para in c.paragraphs:
            _docx_runs(d.add_paragraph(), para, mask)
        _docx_runs(d.add_paragraph(), seg(c.closing), mask)
        for s in c.signature:
            _docx_runs(d.add_paragraph(), s, mask)
    else:
        title = d.add_paragraph(style="Title") if rng.random() < 0.6 else d.add_heading(level=0)
        _docx_runs(title, c.heading, mask)
        _docx_runs(d.add_paragraph(), c.subtitle, mask, size=13)
        if layout == "table":  # the common Word template: a two-column table with a sidebar
            tbl = d.add_table(rows=1, cols=2)
            left, right = tbl.rows[0].cells
            left.width, right.width = Cm(5.5), Cm(11.0)
            first = left.paragraphs[0]
            _docx_runs(first, seg("Kontakt" if c.lang == "da" else "Contact"), mask, bold=True)
            for s in c.contact:
                _docx_runs(left.add_paragraph(), s, mask)
            for sec in c.sections:
                if sec.sidebar:
                    _docx_section(left, sec, mask, {**style, "kv_table": False})
            right_first = True
            for sec in c.sections:
                if not sec.sidebar:
                    if right_first:
                        right._tc.remove(right.paragraphs[0]._p)
                        right_first = False
                    _docx_section(right, sec, mask, {**style, "entry_table": False})
        else:
            for s in c.contact:
                _docx_runs(d.add_paragraph(), s, mask)
            for sec in c.sections:
                _docx_section(d, sec, mask, style)
    cp = d.core_properties
    cp.author = plain(c.meta_author, mask) if c.meta_author else ""
    cp.last_modified_by = cp.author
    cp.title = plain(c.meta_title, mask) if c.meta_title else ""
    cp.comments = ""
    cp.subject = ""
    cp.keywords = ""
    cp.created = FIXED_TIME
    cp.modified = FIXED_TIME
    cp.last_printed = FIXED_TIME
    cp.revision = 1
    buf = io.BytesIO()
    d.save(buf)
    return _stable_zip(buf.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so generation is byte-for-byte reproducible."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(2025, 2, 14, 9, 30, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info))
    return out.getvalue()


# ================================================================================================ truth


def collect(c: Content) -> tuple[list[Pii], list[str]]:
    """Every planted value and keep string of a content, in document order."""
    segs: list[Seg] = [c.heading, c.subtitle, *c.contact, c.date_line, *c.recipient, c.subject, c.greeting,
                       *c.paragraphs, *c.signature, c.meta_author, c.meta_title, c.header, c.footer]
    for sec in c.sections:
        for item in sec.items:
            if sec.kind == "entries":
                segs += [item.period, item.title, item.org, *item.details]
            elif sec.kind == "kv":
                segs.append(item[1])
            else:
                segs.append(item)
    pii: list[Pii] = []
    keep: list[str] = []
    for s in segs:
        for p in s:
            if isinstance(p, Pii):
                pii.append(p)
            elif isinstance(p, Keep) and p.text not in keep:
                keep.append(p.text)
    return pii, keep


def truth_record(doc_name: str, contents: list[Content], kind: str, prof: Profile, fmt: str, layout: str,
                 level: str, variant: str, filename_has_name: bool, lists: NameLists,
                 rng: random.Random) -> dict[str, Any]:
    pii: list[Pii] = []
    keep: list[str] = []
    for c in contents:
        more_pii, more_keep = collect(c)
        pii += more_pii
        keep += [k for k in more_keep if k not in keep]
    items: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for p in pii:
        key = (p.cat, p.truth)
        if key in seen:
            continue
        seen.add(key)
        item: dict[str, Any] = {"category": p.cat, "text": p.truth, "who": p.who}
        if p.cat == "NAME" and p.person is not None:
            item["origin"] = p.person.origin
            item["danish_origin"] = p.person.danish_origin
            item["unseen"] = lists.unseen(p.truth)
        items.append(item)
    person = prof.person
    form_name = person.full if rng.random() < 0.8 else person.short
    form_email = prof.email if rng.random() < 0.85 else email_for(rng, person, prof.birth)
    return {
        "doc": doc_name,
        "lang": contents[0].lang,
        "format": fmt,
        "kind": kind,
        "layout": layout,
        "anonymisation": level,
        "anonymisation_variant": variant,
        "filename_has_name": filename_has_name,
        "applicant_origin": person.origin,
        "applicant_danish_origin": person.danish_origin,
        "applicant_unseen_name": lists.unseen(person.full),
        "applicant": {"name": form_name, "email": form_email, "phone": prof.phone_form,
                      "address": f"{prof.street}, {prof.town}", "birthdate": prof.birth.isoformat()},
        "pii": items,
        "keep": keep,
    }


def validate(truth: dict[str, Any], data: bytes, masked: bytes) -> list[str]:
    """Problems with a generated document: the truth must be findable, and a perfect redaction must pass.

    The original must contain every truth value (full string) and every keep string; the masked rendering
    (every planted value replaced) must leak nothing under the evaluation's own rules and keep everything.
    """
    fmt = truth["format"]
    text, mtext = extract_text(data, fmt), extract_text(masked, fmt)
    norm, mnorm = normalize(text), normalize(mtext)
    coll = _collapse(text)
    problems = []
    for item in truth["pii"]:
        cat, value = item["category"], item["text"]
        if _collapse(value) not in coll:
            problems.append(f"{cat} value not found verbatim")
        elif not check_value(cat, value, text, norm).full:
            problems.append(f"{cat} value not found as a word")
        if check_value(cat, value, mtext, mnorm).leaked:
            problems.append(f"{cat} value survives the perfect redaction (unplanted occurrence)")
    for k in truth["keep"]:
        if not keep_survives(k, norm):
            problems.append("keep string not found")
        elif not keep_survives(k, mnorm):
            problems.append("keep string lost in the perfect redaction (overlaps a planted value)")
    return problems


# ================================================================================================ plan


def quota(n: int, shares: list[tuple[str, float]]) -> list[str]:
    counts = [int(round(n * s)) for _, s in shares]
    counts[0] += n - sum(counts)
    return [name for (name, _), k in zip(shares, counts, strict=True) for _ in range(k)]


def plan(n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(f"{seed}:plan")
    cols = {
        "lang": quota(n, [("da", 0.6), ("en", 0.4)]),
        "kind": quota(n, [("cv", 0.7), ("letter", 0.3)]),
        "fmt": quota(n, [("pdf", 0.55), ("docx", 0.45)]),
        "level": quota(n, [("none", 0.6), ("partial", 0.25), ("full", 0.15)]),
        "danish": quota(n, [("yes", 0.5), ("no", 0.5)]),
    }
    for v in cols.values():
        rng.shuffle(v)
    if n <= 4:  # tiny sets (tests): make sure both formats and an unanonymised document are present
        cols["fmt"] = ["pdf", "docx"] * n
        cols["level"] = ["none"] * n
    origins = list(P.NON_DANISH)
    rng.shuffle(origins)
    out = []
    k = 0
    for i in range(n):
        origin = "danish"
        if cols["danish"][i] == "no":
            origin = origins[k % len(origins)]
            k += 1
        out.append({"i": i, "lang": cols["lang"][i], "kind": cols["kind"][i], "fmt": cols["fmt"][i],
                    "level": cols["level"][i], "origin": origin})
    return out


def build_one(spec: dict[str, Any], seed: int, attempt: int, lists: NameLists
              ) -> tuple[str, bytes, dict[str, Any], bytes]:
    rng = random.Random(f"{seed}:{spec['i']}:{attempt}")
    origin, lang, fmt, kind, level = spec["origin"], spec["lang"], spec["fmt"], spec["kind"], spec["level"]
    appendix: tuple[tuple[Content, str], ...] = ()
    o = P.ORIGINS[origin]
    has_unseen = bool(o["us"] or o["uf"] or o["um"])
    unseen = has_unseen and rng.random() < (0.45 if origin != "danish" else 0.15)
    prof = make_profile(rng, origin, lang, unseen)
    flags, variant = sample_flags(rng, level, fmt, prof.field)
    b = Builder(rng, prof, lang, flags, level)
    if kind == "cv":
        content = b.cv()
        layout = rng.choice(["single", "sidebar"]) if fmt == "pdf" else rng.choice(["single", "table"])
    else:
        content = b.letter(rng.choice(["Københavns Kommune", "Københavns Kommune", "Region Hovedstaden",
                                       "Frederiksberg Kommune"]))
        layout = "letter"
        if fmt == "pdf" and rng.random() < 0.4:  # cover letter and CV in one file, as many applicants upload
            cv = b.cv()
            cv.meta_author, cv.meta_title = (), ()  # the file's metadata is the letter's
            appendix = ((cv, rng.choice(["single", "sidebar"])),)
            kind = "letter+cv"
    parts = [content, *(a[0] for a in appendix)]
    name_in_text = any(p.cat == "NAME" and p.who == "applicant" for c in parts for p in collect(c)[0])
    doc_id = f"doc_{spec['i'] + 1:03d}"
    filename_has_name = name_in_text and rng.random() < 0.12
    ext = fmt
    if filename_has_name:
        person = prof.person
        base = rng.choice([f"{person.short.replace(' ', '_')}_CV", f"CV_{person.short.replace(' ', '_')}",
                           f"{'Ansøgning' if lang == 'da' else 'Application'}_{person.surname.replace(' ', '_')}",
                           f"{person.short} {'ansøgning' if lang == 'da' else 'cover letter'}"])
        if kind != "cv" and "CV" in base:
            base = base.replace("CV", "ansøgning" if lang == "da" else "letter")
        name = f"{base}.{ext}"
    else:
        name = f"{doc_id}.{ext}"
    render_seed = f"{seed}:{spec['i']}:{attempt}:render"
    if fmt == "pdf":
        data = render_pdf(content, layout, render_seed, False, appendix)
        masked = render_pdf(content, layout, render_seed, True, appendix)
    else:
        data = render_docx(content, layout, render_seed, False)
        masked = render_docx(content, layout, render_seed, True)
    if appendix:
        layout = f"{layout}+{appendix[0][1]}"
    truth = truth_record(name, parts, kind, prof, fmt, layout, level, variant, filename_has_name, lists, rng)
    truth["id"] = doc_id
    return doc_id, data, truth, masked


def generate(out_dir: Path, *, count: int = N_DOCS, seed: int = SEED, shared: Path | None = DEFAULT_SHARED,
             verbose: bool = False, masked_dir: Path | None = None) -> list[dict[str, Any]]:
    """Write ``out_dir/docs`` and ``out_dir/truth`` (replacing them) and return the truth records.

    ``masked_dir`` also receives each document with every planted value replaced (a perfect redaction,
    for tests of the evaluation). Without ``shared`` the names' ``unseen`` flags are null.

    Raises:
        RuntimeError: a document could not be generated consistently, or a hand-written "unseen" name
            turned out to be in the shared name lists.
    """
    lists = NameLists(shared)
    if lists.available:
        for origin, o in P.ORIGINS.items():
            for key in ("uf", "um", "us"):
                for value in o[key]:
                    for name in value.split("|"):
                        if not lists.unseen(name):
                            raise RuntimeError(f"hand-written unseen name of origin {origin} is in a shared list")
    docs_dir, truth_dir = out_dir / "docs", out_dir / "truth"
    for d in (docs_dir, truth_dir):
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
    records = []
    for spec in plan(count, seed):
        for attempt in range(30):
            doc_id, data, truth, masked = build_one(spec, seed, attempt, lists)
            problems = validate(truth, data, masked)
            if not problems:
                break
            if verbose:
                print(f"{doc_id} attempt {attempt}: {sorted(set(problems))}", file=sys.stderr)
        else:
            raise RuntimeError(f"{doc_id}: no consistent document after 30 attempts")
        (docs_dir / truth["doc"]).write_bytes(data)
        if masked_dir is not None:
            masked_dir.mkdir(parents=True, exist_ok=True)
            (masked_dir / truth["doc"]).write_bytes(masked)
        (truth_dir / f"{doc_id}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n",
                                                  encoding="utf-8")
        records.append(truth)
    return records


def summary(records: list[dict[str, Any]]) -> dict[str, Any]:
    def count(key: str) -> dict[str, int]:
        out: dict[str, int] = {}
        for r in records:
            out[str(r[key])] = out.get(str(r[key]), 0) + 1
        return dict(sorted(out.items()))

    cats: dict[str, int] = {}
    names = {"danish": 0, "non_danish": 0, "unseen": 0}
    for r in records:
        for item in r["pii"]:
            cats[item["category"]] = cats.get(item["category"], 0) + 1
            if item["category"] == "NAME":
                names["danish" if item["danish_origin"] else "non_danish"] += 1
                names["unseen"] += int(bool(item.get("unseen")))
    return {"documents": len(records), "lang": count("lang"), "format": count("format"), "kind": count("kind"),
            "layout": count("layout"), "anonymisation": count("anonymisation"),
            "applicant_origin": count("applicant_origin"), "filename_has_name": count("filename_has_name"),
            "pii_values": dict(sorted(cats.items())), "name_values": names,
            "keep_strings": sum(len(r["keep"]) for r in records)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--out", type=Path, default=HERE, help="output folder (default: samples/)")
    ap.add_argument("--count", type=int, default=N_DOCS)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                    help="the shared data folder (default: <repo>/../shared), for the name lists")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    if not (args.shared / "data" / "names").is_dir():
        print(f"error: {args.shared}/data/names not found; pass --shared (needed to flag unseen names)",
              file=sys.stderr)
        return 2
    records = generate(args.out, count=args.count, seed=args.seed, shared=args.shared, verbose=args.verbose)
    print(json.dumps(summary(records), ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
