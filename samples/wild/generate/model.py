"""The document model every producer renders, and the truth it records while rendering.

A value that must be labelled is a ``V`` (PII category, or KEEP for a qualification that must survive).
Producers render text through ``Doc.t``/``Doc.line`` so that exactly the values that end up in the file
are recorded; after the file is produced, ``Doc.truth`` re-finds every recorded value in the file's text as
the evaluator extracts it (``redactor.evaluate.extract_text``) and labels the form extraction yields
(TeX accents and dashes, letter-spacing, upper-casing by CSS). A value that extraction cannot find at all is
dropped from the truth and reported, never labelled in a form the document does not contain.
"""

from __future__ import annotations

import datetime as dt
import difflib
import random
import sys
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from personas import CITIES, COUNTRIES, Person

from redactor.evaluate import _collapse, extract_text, normalize, occurs

KEEP = "KEEP"


@dataclass(frozen=True)
class V:
    """A labelled value: ``cat`` is a PII category or KEEP; NAME values carry the person's origin."""

    text: str
    cat: str = KEEP
    who: str = "applicant"
    origin: str = ""
    danish_origin: bool = False


Seg = str | V
Line = list[Seg]


@dataclass
class Doc:
    """One document being produced: its id, metadata for the truth file, and the values it rendered."""

    id: str
    person: Person
    lang: str
    kind: str
    layout: str
    producer: str
    fmt: str = "pdf"
    ocr: bool = False  # the text is an OCR layer: misread values are labelled in their misread form
    used: list[V] = field(default_factory=list)

    def t(self, seg: Seg | Iterable[Seg], esc: Callable[[str], str] = lambda s: s) -> str:
        """The escaped text of a value, a string or a line; values are recorded as used."""
        if isinstance(seg, V):
            self.used.append(seg)
            return esc(seg.text)
        if isinstance(seg, str):
            return esc(seg)
        return "".join(self.t(s, esc) for s in seg)

    # ------------------------------------------------------------------ truth

    def use(self, v: V) -> None:
        """Record a value rendered by other means (a label cell beside a value cell, a class's own label)."""
        self.used.append(v)

    def truth(self, data: bytes, names: Any, *, report: list[str]) -> dict[str, Any]:
        """The truth record, every value re-found in the produced file's extracted text."""
        raw = extract_text(data, self.fmt)
        norm = normalize(raw)
        pii: list[dict[str, Any]] = []
        keep: list[str] = []
        seen: set[tuple[str, str]] = set()
        for v in self.used:
            # an e-mail or handle spells the name: its letters alone would find the name, not the handle
            forms = locate(v.text, raw, norm, exact=v.cat in ("EMAIL", "URL"))
            if not forms and any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in v.text):
                # right-to-left words laid out without a bidi engine extract in visual order
                forms = locate(" ".join(reversed(v.text.split())), raw, norm)
            if not forms and self.ocr:
                near = fuzzy_locate(v.text, raw, norm)
                forms = [near] if near else []
            if not forms:
                report.append(f"{self.id}: {v.cat} not extractable as written: {v.text!r}")
            for found in forms:
                key = (v.cat, normalize(found))
                if key in seen:
                    continue
                seen.add(key)
                if v.cat == KEEP:
                    keep.append(found)
                    continue
                item: dict[str, Any] = {"category": v.cat, "text": found, "who": v.who}
                if v.cat == "NAME":
                    item.update(origin=v.origin, danish_origin=v.danish_origin,
                                unseen=names.unseen(found) if names is not None else None)
                pii.append(item)
        pii = _drop_subsumed(pii, norm)
        # a keep string must not overlap a labelled value (it would be scored both ways)
        pii_norm = [normalize(i["text"]) for i in pii]
        keep = [k for k in keep if not any(normalize(k) in pv or pv in normalize(k) for pv in pii_norm)]
        if self.ocr:
            # a redacted scan is an image: the evaluation reads text, so it cannot see qualifications that
            # survive in the picture; keep strings would only measure whether a text layer survives
            keep = []
        p = self.person
        applicant = {"name": p.full, "email": p.email, "phone": p.phone_dk or p.phone,
                     "address": ", ".join(x for x in (p.street, p.town) if x) or p.abroad,
                     "birthdate": p.birth.isoformat()}
        return {
            "id": self.id, "doc": f"{self.id}.{self.fmt}", "source": f"docs/{self.id}.{self.fmt}",
            "producer": self.producer, "lang": self.lang, "format": self.fmt, "kind": self.kind,
            "layout": self.layout, "anonymisation": "none", "anonymisation_variant": "",
            "filename_has_name": False, "applicant_origin": p.origin, "applicant_danish_origin": p.danish_origin,
            "applicant_country": p.cc,
            "applicant_unseen_name": names.unseen(p.full) if names is not None else None,
            "applicant": applicant, "pii": pii, "keep": keep,
        }


# --------------------------------------------------------------------------- locating values in text


def _drop_subsumed(pii: list[dict[str, Any]], norm: str) -> list[dict[str, Any]]:
    """Drop a form that occurs only inside longer labelled forms of the same category ("C A L LU M" inside
    the letter-spaced full name, "45 2814..." inside "+45 2814..."): it is not a separate occurrence."""
    out = []
    for item in pii:
        short = normalize(item["text"])
        longer = sorted((normalize(i["text"]) for i in pii if i["category"] == item["category"]), key=len,
                        reverse=True)
        rest = norm
        for form in longer:
            if short in form and form != short:
                rest = rest.replace(form, " ")
        if rest is norm or occurs(item["text"], rest):
            out.append(item)
    return out


def _skeleton(text: str) -> tuple[str, list[int]]:
    """Base letters and digits of ``text`` (casefolded, accents and spacing accents dropped) and the
    index in ``text`` each comes from."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for d in unicodedata.normalize("NFKD", ch):
            if unicodedata.combining(d) or not d.isalnum():
                continue
            for c in d.casefold():
                chars.append(c)
                index.append(i)
    return "".join(chars), index


def fuzzy_locate(value: str, raw: str, norm: str, threshold: float = 0.85) -> str | None:
    """For OCR text: the run of words most similar to ``value`` (difflib ratio >= threshold), as written
    in the text, or None. Only for values of 6+ characters (short ones would match by chance)."""
    if len(value) < 6:
        return None
    toks = _collapse(raw).split()
    n = len(value.split())
    target = value.casefold()
    best, best_r = None, 0.0
    for k in {max(1, n - 1), n, n + 1}:
        for i in range(len(toks) - k + 1):
            cand = " ".join(toks[i:i + k]).strip(",.;:()|")
            r = difflib.SequenceMatcher(None, target, cand.casefold()).ratio()
            if r > best_r:
                best, best_r = cand, r
    if best is not None and best_r >= threshold and occurs(best, norm):
        return best
    return None


def locate(value: str, raw: str, norm: str, *, exact: bool = False) -> list[str]:
    """Every form in which ``value`` occurs in the extracted text ``raw`` (``norm`` = normalize(raw)).

    The value itself if it occurs as a whole word (only that when ``exact``), plus every span of the
    whitespace-collapsed text whose
    letters and digits equal the value's (so "p˚a", "2019nu", "S I G N E", an upper-cased heading are
    found), each only if it occurs as a whole word and is not much longer than the value. Empty when the
    text holds no form of the value.
    """
    forms: list[str] = [value] if occurs(value, norm) else []
    if exact:
        return forms
    text = _collapse(raw)
    skel, index = _skeleton(text)
    target, _ = _skeleton(value)
    if not target:
        return forms
    known = {normalize(f) for f in forms}
    start = skel.find(target)
    while start >= 0:
        a, b = index[start], index[start + len(target) - 1] + 1
        # the value's leading/trailing punctuation ("+45 ...", "... (STX)") where the text has it too
        lead = len(value) - len(value.lstrip("+(#[\"'"))
        trail = len(value) - len(value.rstrip(").]\"'"))
        if lead and text[max(0, a - lead):a] == value[:lead]:
            a -= lead
        if trail and text[b:b + trail] == value[len(value) - trail:]:
            b += trail
        span = text[a:b].strip()
        # an all-lowercase form of a capitalised value is inside an e-mail or URL (labelled there)
        lowered = span.islower() and not value.islower()
        if span and not lowered and len(span) <= 3 * len(value) + 2 and normalize(span) not in known \
                and occurs(span, norm):
            forms.append(span)
            known.add(normalize(span))
        start = skel.find(target, start + 1)
    return forms


# --------------------------------------------------------------------------- localisation helpers

MONTHS_DA = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september", "oktober",
             "november", "december"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]


def date_forms(d: dt.date, lang: str) -> list[str]:
    """Written forms of a birthdate in CVs of the given language."""
    if lang == "da":
        return [f"{d.day}. {MONTHS_DA[d.month - 1]} {d.year}", f"{d.day:02d}.{d.month:02d}.{d.year}",
                f"{d.day:02d}-{d.month:02d}-{d.year}", f"{d.day}/{d.month} {d.year}"]
    day = d.day
    suffix = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return [f"{day} {MONTHS_EN[d.month - 1][:3]} {d.year}", f"{MONTHS_EN[d.month - 1]} {day}, {d.year}",
            f"{day:02d}/{d.month:02d}/{d.year}", f"{day}{suffix} {MONTHS_EN[d.month - 1]} {d.year}",
            f"{d.year}-{d.month:02d}-{d.day:02d}"]


def period(y0: int, y1: int | None, lang: str, rng: random.Random) -> str:
    """A period string in one of the forms real CVs use."""
    m0, m1 = rng.randint(1, 12), rng.randint(1, 12)
    end_da = "nu" if y1 is None else None
    if lang == "da":
        style = rng.randrange(3)
        if style == 0:
            return f"{y0} - {y1 if y1 else 'nu'}"
        if style == 1:
            return f"{MONTHS_DA[m0 - 1][:3]}. {y0} - " + (f"{MONTHS_DA[m1 - 1][:3]}. {y1}" if y1 else "d.d.")
        return f"{m0:02d}/{y0} - " + (f"{m1:02d}/{y1}" if y1 else (end_da or ""))
    style = rng.randrange(3)
    if style == 0:
        return f"{y0} - {y1 if y1 else 'present'}"
    if style == 1:
        return f"{MONTHS_EN[m0 - 1][:3]} {y0} - " + (f"{MONTHS_EN[m1 - 1][:3]} {y1}" if y1 else "Present")
    return f"{m0:02d}/{y0} - " + (f"{m1:02d}/{y1}" if y1 else "now")


L = {
    "da": dict(profile="Profil", exp="Erhvervserfaring", edu="Uddannelse", skills="Kompetencer",
               langs="Sprog", personal="Personlige oplysninger", refs="Referencer", contact="Kontakt",
               name="Navn", address="Adresse", phone="Mobil", email="E-mail", birth="Fødselsdato",
               nat="Nationalitet", mother="Modersmål", civil="Civilstand", licence="Kørekort", age="Alder",
               gender="Køn", female="Kvinde", male="Mand", married="gift", single="ugift",
               fluent="flydende", good="godt", basic="grundlæggende", interests="Interesser"),
    "en": dict(profile="Profile", exp="Work experience", edu="Education", skills="Skills", langs="Languages",
               personal="Personal details", refs="References", contact="Contact", name="Name",
               address="Address", phone="Phone", email="Email", birth="Date of birth", nat="Nationality",
               mother="Mother tongue", civil="Marital status", licence="Driving licence", age="Age",
               gender="Gender", female="Female", male="Male", married="Married", single="Single",
               fluent="fluent", good="good", basic="basic", interests="Interests"),
}

LANG_NAMES = {"da": {"Danish": "Dansk", "English": "Engelsk", "German": "Tysk", "Swedish": "Svensk",
                     "Arabic": "Arabisk", "French": "Fransk", "Spanish": "Spansk"},
              "en": {}}


@dataclass
class Content:
    """Everything a CV or letter shows, as labelled values; producers choose what to render and how."""

    name: V
    first: V
    script_name: V | None
    headline: V
    contact: list[tuple[str, str, list[V]]]  # (kind, label, values)
    profile: Line
    experience: list[dict[str, Any]]
    education: list[dict[str, Any]]
    skills: list[V]
    languages: list[Line]
    personal: list[tuple[str, str, str]]  # (label, value, category)
    references: list[tuple[V, str, V]]
    letter: dict[str, Any]
    initials: V
    meta_title: str = ""


def personal_v(label: str, value: str, cat: str, *, inline: bool) -> V:
    """The labelled value of a personal-details row: the label is part of it ("Civilstand: gift") unless
    the value is distinctive alone (a date, "to børn"); ``inline`` = "label: value" on one line, else the
    label and the value in neighbouring cells (extraction puts a space or line break between)."""
    if cat == "BIRTHDATE" or value[:1].isdigit() or " " in value and cat == "FAMILY":
        return V(value, cat)
    return V(f"{label}{': ' if inline else ' '}{value}", cat)


def name_v(p: Person, text: str) -> V:
    return V(text, "NAME", "applicant", p.origin, p.danish_origin)


def other_name(text: str) -> V:
    arabic = any(x in text for x in ("Fatima", "Samir", "El-Amin"))
    return V(text, "NAME", "other", "arabic" if arabic else "danish", not arabic)


def build_content(p: Person, lang: str, rng: random.Random, today: dt.date, *,
                  personal_block: bool = True, third_person: bool = False) -> Content:
    """The labelled content of an application for persona ``p`` in language ``lang``."""
    lab = L[lang]
    c = COUNTRIES[p.cc]
    da = lang == "da"
    name = name_v(p, p.full)
    first = name_v(p, p.first)
    script = name_v(p, p.script_name) if p.script_name else None
    headline = V(p.job[0] if da else p.job[1])

    contact: list[tuple[str, str, list[V]]] = []
    contact.append(("phone", lab["phone"], [V(p.phone, "PHONE")]))
    if p.phone_dk:
        contact.append(("phone", "Tlf. (DK)" if da else "Phone (DK)", [V(p.phone_dk, "PHONE")]))
    contact.append(("email", lab["email"], [V(p.email, "EMAIL")]))
    if p.street:
        style = rng.randrange(4)
        if style == 0:
            addr = [V(p.street, "ADDRESS"), V(p.town, "ADDRESS")]
        elif style == 1:
            addr = [V(f"{p.street}, {p.town}", "ADDRESS")]
        elif style == 2:  # postcode + town only
            addr = [V(p.town, "ADDRESS")]
        else:  # town (district) only, or with the country
            town = p.town.split(" ", 1)[1]
            addr = [V(rng.choice([town, f"{town}, {'Danmark' if da else 'Denmark'}"]), "ADDRESS")]
    else:
        addr = [V(p.abroad, "ADDRESS")]
    contact.append(("address", lab["address"], addr))
    contact.append(("linkedin", "LinkedIn", [V(p.linkedin, "URL")]))
    if p.job[2] == "it" or rng.random() < 0.3:
        contact.append(("github", "GitHub", [V(p.github, "URL")]))

    # profile: third-person bio with first name and pronouns, or first-person with age/origin phrases
    age = p.age(today)
    country_da, country_en = c["country"]
    prof: Line = []
    if third_person:
        pron = ("Hun" if p.gender == "f" else "Han") if da else ("She" if p.gender == "f" else "He")
        poss = ("hendes" if p.gender == "f" else "hans") if da else ("her" if p.gender == "f" else "his")
        if da:
            prof += [first, f" er {headline.text.lower()} med flere års erfaring. ", V(pron, "GENDER"),
                     " arbejder struktureret og sætter borgeren i centrum, og ", V(poss, "GENDER"),
                     " kolleger fremhæver samarbejdet."]
        else:
            prof += [first, f" is an experienced {headline.text.lower()}. ", V(pron, "GENDER"),
                     " works in a structured way and puts people first; ", V(poss, "GENDER"),
                     " colleagues value the collaboration."]
    else:
        if da:
            prof += ["Jeg er en ", V(f"{age}-årig", "AGE"), f" {headline.text.lower()}, der trives med ansvar."]
        else:
            prof += ["I am a ", V(f"{age}-year-old", "AGE"), f" {headline.text.lower()} who enjoys responsibility."]
    if p.arrived:
        if da:
            prof += [" Jeg ", V(f"kom til Danmark fra {country_da}", "ETHNICITY"), f" i {p.arrived} og har siden"
                     " taget dansk uddannelse."]
        else:
            prof += [" I ", V(f"moved to Denmark from {country_en}", "ETHNICITY"), f" in {p.arrived} and have"
                     " since completed Danish education."]

    exp = []
    ys = p.years
    spans = [(ys[2], None), (ys[1], ys[2]), (ys[0], ys[1])]
    for (ty, (y0, y1)) in zip(p.jobs, spans, strict=False):
        exp.append(dict(period=V(period(y0, y1, lang, rng)), title=V(ty[0] if da else ty[1]),
                        employer=V(ty[2]), town=ty[3],
                        desc=rng.choice([
                            "Ansvar for sagsbehandling, dokumentation og samarbejde med kolleger." if da else
                            "Responsible for casework, documentation and collaboration with colleagues.",
                            "Planlægning af opgaver, kvalitetssikring og oplæring af nye medarbejdere." if da else
                            "Planning tasks, quality assurance and training new staff."])))
    edu = [dict(period=V(period(ys[0] - 4, ys[0], lang, rng)),
                degree=V(p.degree[0] if da else p.degree[1]), school=V(p.school)),
           dict(period=V(period(ys[1], ys[1] + 1, lang, rng)),
                degree=V("Danskuddannelse, modul 6" if da else "Danish language course, module 6")
                if p.cc != "DK" else V("Studentereksamen (STX)" if da else "Upper secondary exam (STX)"),
                school=V(p.school2 if p.cc != "DK" else rng.choice(["Tycho Brahe Gymnasium",
                                                                    "Niels Steensens Gymnasium",
                                                                    "Aurehøj Gymnasium"])))]
    skills = [V(s) for s in p.skills]
    mother = c["lang"][0] if da else c["lang"][1]
    langs: list[Line] = []
    if p.cc not in ("DK", "US", "UK"):
        mt = mother[:1].upper() + mother[1:]
        langs.append([V(f"{mt}: {'modersmål' if da else 'native'}" if rng.random() < 0.5
                        else f"{mt} ({'modersmål' if da else 'mother tongue'})", "ETHNICITY")])
    level = lab["fluent"] if p.cc == "DK" or rng.random() < 0.5 else lab["good"]
    langs.append([V(f"{'Dansk' if da else 'Danish'}: {level}")])
    langs.append([V(f"{'Engelsk' if da else 'English'}: {lab['fluent']}")])
    personal: list[tuple[str, str, str]] = []
    if personal_block:
        birth_label = rng.choice([lab["birth"], "Født", "Fødselsdag"] if da else [lab["birth"], "DOB", "Born"])
        personal.append((birth_label, rng.choice(date_forms(p.birth, lang)), "BIRTHDATE"))
        if rng.random() < 0.35:
            city = CITIES.get(p.cc, "Odense")
            personal.append(("Fødested" if da else "Place of birth", f"{city}, {c['country'][0 if da else 1]}",
                             "ETHNICITY"))
        if rng.random() < 0.5:
            personal.append((lab["nat"], c["nat"][0] if da else c["nat"][1], "ETHNICITY"))
        if rng.random() < 0.4:
            personal.append((lab["gender"], lab["female"] if p.gender == "f" else lab["male"], "GENDER"))
        if rng.random() < 0.6:
            personal.append((lab["civil"], lab["married"] if p.married else lab["single"], "FAMILY"))
            if p.children:
                n = ["", "et barn", "to børn", "tre børn"][p.children] if da else \
                    ["", "one child", "two children", "three children"][p.children]
                personal.append(("Børn" if da else "Children", n, "FAMILY"))
        # rarer rows, from their own stream so that adding them left the other content unchanged
        xr = random.Random(f"extra:{p.full}:{p.birth}")
        if p.street and xr.random() < 0.2:  # Danish residents sometimes give their CPR number
            b = p.birth
            personal.insert(1, ("CPR-nr." if da else "CPR no.",
                                f"{b.day:02d}{b.month:02d}{b.year % 100:02d}-{xr.randint(1000, 9999)}", "CPR"))
        if c.get("religion") and xr.random() < 0.3:
            personal.append(("Religion", c["religion"][0 if da else 1], "ETHNICITY"))
        personal.append((lab["licence"], "B", KEEP))
    refs = [(other_name(n), rng.choice(["Afdelingsleder", "Teamleder", "Souschef"]) if da else
             rng.choice(["Head of department", "Team lead", "Deputy manager"]), V(ph, "PHONE", "other"))
            for n, ph in p.referees]
    # cover letter
    rec = other_name(f"{rng.choice(['Pia', 'Morten', 'Lise', 'Jonas'])} "
                     f"{rng.choice(['Strandgaard', 'Ravn', 'Kirkegaard'])}")
    job = headline.text
    employer = rng.choice(["Københavns Kommune", "Aarhus Kommune", "Region Hovedstaden", "Frederiksberg Kommune"])
    if da:
        body: Line = [f"Jeg søger hermed stillingen som {job.lower()} hos ", V(employer), ". ",
                      "Jeg har arbejdet som ", V(p.jobs[0][0]), " hos ", V(p.jobs[0][2]),
                      " og kender hverdagen i en travl organisation."]
        if p.arrived:
            body += [" Da jeg ", V(f"flyttede til Danmark fra {country_da}", "ETHNICITY"),
                     ", lærte jeg hurtigt dansk og fik job inden for et år."]
        if p.children:
            body += [" Som ", V(f"{'mor' if p.gender == 'f' else 'far'} til {['', 'et barn', 'to', 'tre'][p.children]}",
                               "FAMILY"), " er jeg god til at planlægge."]
        opening, closing = "Kære ", "Med venlig hilsen"
    else:
        body = [f"I am applying for the position of {job.lower()} at ", V(employer), ". ",
                "I have worked as ", V(p.jobs[0][1]), " at ", V(p.jobs[0][2]),
                " and know the pace of a busy organisation."]
        if p.arrived:
            body += [" Since I ", V(f"came to Denmark from {country_en}", "ETHNICITY"),
                     ", I have learnt Danish and found work within a year."]
        if p.children:
            parent = "mother" if p.gender == "f" else "father"
            body += [" As a ", V(f"{parent} of {['', 'one', 'two', 'three'][p.children]}",
                                 "FAMILY"), ", I plan well."]
        opening, closing = "Dear ", "Kind regards"
    letter = dict(recipient=rec, opening=opening, body=body, closing=closing, employer=employer,
                  date=f"{today.day}. {MONTHS_DA[today.month - 1]} {today.year}" if da else
                  f"{today.day} {MONTHS_EN[today.month - 1]} {today.year}")
    initials = name_v(p, p.initials_form())
    return Content(name, first, script, headline, contact, prof, exp, edu, skills, langs, personal, refs, letter,
                   initials)


def write_truth(path: Path, truth: dict[str, Any]) -> None:
    import json

    path.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def warn(msg: str) -> None:
    print(msg, file=sys.stderr)



