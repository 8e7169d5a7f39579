"""Synthetic CV-style NER lines (names of many origins, plus hard negatives) for training and evaluation.

Name pools come from ``<repo>/../shared/data/names`` (Statistics Denmark lists via OS2datascanner, MPL-2.0;
sigpwned popular names by country, CC0) plus small hand-written lists for origins those lists lack
(Somali, Eritrean, Afghan/Kurdish, Vietnamese forenames, Arabic/Iranian/Pakistani/Indian surnames).
A fixed random ~30 % of every origin's forenames and surnames is held out of training and used only for
the held-out CV-line evaluation, so the score measures generalisation to unseen names.

Run ``python scripts/cv_ner_data.py [--heldout] [--n 20]`` to print pool sizes and sample lines.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared"
SEED = 20240601
HOLDOUT_FRACTION = 0.3

# ---------------------------------------------------------------------------------------------------------
# Hand-written pools for origins the public lists lack (common, public-knowledge names; no real persons).
HAND_FORENAMES: dict[str, list[str]] = {
    "somali": [
        "Abdi", "Abdirahman", "Abdullahi", "Ayaan", "Hodan", "Faadumo", "Khadra", "Sahra", "Hawa", "Ilhan",
        "Mahad", "Hamse", "Ubah", "Istahil", "Deqa", "Nimco", "Sagal", "Liban", "Abshir", "Cabdi", "Xasan",
        "Maxamed", "Asli", "Hibaaq", "Ifrah", "Muna", "Najma", "Ridwan", "Sharmarke", "Warsan", "Yasmin",
        "Zamzam", "Fartun", "Halimo", "Idil", "Qamar", "Bashir", "Guled", "Hassan", "Nasra", "Ayan", "Farhia",
    ],
    "eritrean": [
        "Yonas", "Senait", "Semhar", "Filmon", "Dawit", "Rahwa", "Luwam", "Fitsum", "Eden", "Selam",
        "Yohannes", "Tsegay", "Mebrat", "Helen", "Aklilu", "Biniam", "Saba", "Ruta", "Winta", "Merhawi",
        "Samuel", "Tesfalem", "Yordanos", "Lidia", "Natnael", "Feven", "Abrehet", "Hagos", "Kibrom", "Mussie",
    ],
    "vietnamese": [
        "Minh", "Linh", "Anh", "Huong", "Thanh", "Tuan", "Hoa", "Lan", "Mai", "Duc", "Hung", "Trang", "Phuong",
        "Quang", "Hieu", "Ngoc", "Thu", "Khanh", "Dung", "Hai", "Long", "Nam", "Bao", "Vy", "Thao", "Hanh",
        "Nga", "Son", "Tam", "Quynh", "Huyen", "Diep", "Trung", "Vinh", "Loan", "Cuong", "Phong", "Yen",
    ],
    "afghan_kurdish": [
        "Ahmad", "Farid", "Hamid", "Mariam", "Shabnam", "Wahid", "Zarmina", "Nilofar", "Karwan", "Rebin",
        "Shilan", "Dilan", "Hevi", "Rojin", "Berivan", "Azad", "Soran", "Baran", "Shirin", "Nasrin",
    ],
    "arabic": [
        "Mohammed", "Mohamad", "Ahmad", "Khaled", "Youssef", "Mahmoud", "Rami", "Samir", "Nour", "Rana",
        "Lina", "Yasmine", "Hiba", "Dina", "Amira", "Rasha", "Walid", "Tarek", "Bassam", "Ziad", "Hadi",
    ],
}

HAND_SURNAMES: dict[str, list[str]] = {
    "arabic": [
        "Al-Hassan", "El-Sayed", "Hussein", "Abdullah", "Haddad", "Khalil", "Mansour", "Nasser", "Saleh",
        "Hamdan", "Al-Rashid", "Ibrahim", "Yousef", "Darwish", "Aziz", "Farouk", "Khoury", "Mahmoud",
        "Abu-Bakr", "Ben Ali", "Al-Amin", "El-Khatib", "Zaher", "Qasim", "Salem", "Barakat", "Jaber", "Saad",
        "Othman", "Al-Zahra", "Al-Jabouri", "El-Masri", "Hammoud", "Issa", "Khalaf", "Nassar", "Rahman",
        "Said", "Shaker", "Suleiman", "Taha", "Al-Obaidi", "El-Amrani", "Bouzid", "Benali", "El Idrissi",
        "Chahid", "Abu Khalil", "Al Sabbagh", "Awad", "Daher", "Fakhoury", "Ghanem", "Habib", "Kassem",
    ],
    "somali": [
        "Warsame", "Farah", "Hirsi", "Mohamud", "Osman", "Jama", "Yusuf", "Nur", "Egal", "Duale", "Abdi",
        "Aden", "Ali", "Elmi", "Ismail", "Omar", "Samatar", "Dirie", "Gedi", "Hersi", "Kahin", "Mohamed",
        "Muse", "Roble", "Shire", "Abdulle", "Aw-Ali", "Guled", "Haji", "Barre", "Dualeh", "Ahmed",
    ],
    "pakistani": [
        "Khan", "Malik", "Chaudhry", "Butt", "Qureshi", "Siddiqui", "Raza", "Iqbal", "Hussain", "Akhtar",
        "Javed", "Mirza", "Sheikh", "Bhatti", "Rana", "Abbasi", "Anwar", "Shah", "Aslam", "Nawaz", "Bajwa",
        "Cheema", "Gondal", "Hashmi", "Jamil", "Kazmi", "Latif", "Mughal", "Rafiq", "Sadiq", "Tariq", "Zaidi",
    ],
    "iranian": [
        "Hosseini", "Mohammadi", "Rezaei", "Ahmadi", "Karimi", "Moradi", "Rahimi", "Jafari", "Ghorbani",
        "Sadeghi", "Tehrani", "Kazemi", "Hashemi", "Shirazi", "Farahani", "Nazari", "Mousavi", "Asadi",
        "Bagheri", "Ebrahimi", "Tavakoli", "Zand", "Alavi", "Behzadi", "Daneshvar", "Esfahani", "Golzari",
        "Heidari", "Jalali", "Khorasani", "Mahdavi", "Najafi", "Rostami", "Salehi", "Yazdani", "Zamani",
    ],
    "eritrean": [
        "Tesfay", "Mebrahtu", "Tekle", "Haile", "Ghebremedhin", "Berhane", "Kidane", "Abraham", "Habte",
        "Tewolde", "Gebreyesus", "Weldemichael", "Asmerom", "Tesfamariam", "Ghebreab", "Andemariam",
        "Okbazghi", "Woldu", "Measho", "Kahsay", "Gebremariam", "Fessehaye", "Zerai", "Yemane",
    ],
    "indian": [
        "Patel", "Sharma", "Gupta", "Reddy", "Iyer", "Nair", "Menon", "Rao", "Krishnan", "Banerjee",
        "Chatterjee", "Mukherjee", "Desai", "Joshi", "Kapoor", "Mehta", "Pillai", "Agarwal", "Verma",
        "Subramanian", "Bhattacharya", "Chopra", "Das", "Ghosh", "Khanna", "Malhotra", "Naidu", "Srinivasan",
    ],
    "afghan_kurdish": [
        "Ahmadzai", "Popal", "Noori", "Rahmani", "Stanikzai", "Wardak", "Barzani", "Talabani", "Hawrami",
        "Zebari", "Amedi", "Sherzad", "Azizi", "Habibi", "Sultani", "Sadat", "Faizi", "Qaderi",
    ],
}

# Country codes of the sigpwned lists grouped into origins (non-Danish).
COUNTRY_ORIGIN = {
    **dict.fromkeys(["IQ", "SA", "EG", "LB", "JO", "MA", "DZ", "LY", "TN", "AE", "KW"], "arabic"),
    "TR": "turkish", "AZ": "turkish",
    "PK": "pakistani", "BD": "pakistani", "IR": "iranian", "TJ": "iranian",
    "PL": "polish", "UA": "ukrainian", "RU": "ukrainian", "BY": "ukrainian", "MD": "ukrainian",
    "VN": "vietnamese",
    **dict.fromkeys(["BA", "HR", "RS", "ME", "MK", "XK", "AL", "SI"], "balkan"),
    "IN": "indian", "LK": "indian", "NP": "indian",
    "CN": "chinese", "TW": "chinese",
    **dict.fromkeys(["KR", "JP", "PH", "MY", "TH", "MN", "KZ", "KG", "KH"], "east_asian"),
    **dict.fromkeys(["DE", "NL", "GB", "IE", "US", "CA", "AU", "NZ", "FR", "BE", "CH", "AT", "LU"], "western"),
    **dict.fromkeys(["ES", "PT", "IT", "MX", "BR", "AR", "CL", "CO", "PE", "VE", "EC", "CU", "DO"], "latin"),
    **dict.fromkeys(["GR", "CY", "RO", "BG", "HU", "CZ", "SK", "LT", "LV", "EE", "GE", "AM"], "european"),
    **dict.fromkeys(["NO", "SE", "FI", "IS", "FO", "GL"], "nordic"),
    **dict.fromkeys(["IL", "ZA", "JM", "HT", "ML", "GQ"], "other"),
}

# ---------------------------------------------------------------------------------------------------------
COMPANIES = [
    "Københavns Kommune", "Region Hovedstaden", "Novo Nordisk", "Mærsk", "Carlsberg", "Danske Bank", "Netto",
    "Føtex", "ISS Facility Services", "DSB", "Rigshospitalet", "Vestas", "Ørsted", "LEGO", "Arla Foods",
    "Coop Danmark", "Salling Group", "JYSK", "Bestseller", "Pandora", "Nordea", "TDC Net", "Telia", "Falck",
    "Deloitte", "PwC", "KPMG", "EY", "Accenture", "Microsoft", "Google", "IBM", "Region Sjælland",
    "Aarhus Kommune", "Skattestyrelsen", "Udlændingestyrelsen", "Forsvaret", "Rigspolitiet", "Sund & Bælt",
    "Tivoli", "Magasin du Nord", "Lidl", "Rema 1000", "7-Eleven", "Hvidovre Hospital", "Bispebjerg Hospital",
    "Herlev Hospital", "Novozymes", "Danfoss", "Grundfos", "Netcompany", "Systematic", "KMD", "Atea",
    "Ørestad Gymnasium", "Børne- og Ungdomsforvaltningen", "Sundheds- og Omsorgsforvaltningen",
    "Teknik- og Miljøforvaltningen", "Beskæftigelses- og Integrationsforvaltningen", "Københavns Lufthavn",
    "Metroselskabet", "Movia", "HOFOR", "Dansk Røde Kors", "Red Barnet", "Mellemfolkeligt Samvirke", "FOA",
    "HK Danmark", "3F", "Dansk Metal", "Ingeniørforeningen IDA", "Djøf", "Ramboll", "COWI", "NCC", "MT Højgaard",
    "Per Aarsleff", "Bang & Olufsen", "Matas", "Normal", "Søstrene Grene", "Flying Tiger Copenhagen",
    "Saxo Bank", "Jyske Bank", "Sydbank", "Tryg", "Topdanmark", "Alm. Brand", "Codan", "Nets", "Siemens",
    "Ericsson", "Nokia", "Amazon", "Zalando", "Unilever", "Nestlé", "H&M", "IKEA", "Burger King", "Starbucks",
]
SCHOOLS = [
    "Københavns Universitet", "Aarhus Universitet", "DTU", "CBS", "Copenhagen Business School",
    "Aalborg Universitet", "Syddansk Universitet", "Roskilde Universitet", "IT-Universitetet", "KEA",
    "Professionshøjskolen Absalon", "Københavns Professionshøjskole", "VIA University College", "Niels Brock",
    "TEC", "Zealand", "UCL Erhvervsakademi og Professionshøjskole", "Erhvervsakademi Aarhus",
    "Sankt Annæ Gymnasium", "Det Frie Gymnasium", "Nørre Gymnasium", "Frederiksberg Gymnasium",
    "University of Tehran", "Istanbul University", "University of Warsaw", "Taras Shevchenko National University",
    "Hanoi University of Science and Technology", "University of Baghdad", "University of the Punjab",
    "University of Sarajevo", "Indian Institute of Technology Delhi", "Peking University", "Cairo University",
    "Amoud University", "University of Asmara", "Jagiellonian University", "Lviv Polytechnic",
]
TOWNS = [
    "København", "Aarhus", "Odense", "Aalborg", "Esbjerg", "Randers", "Kolding", "Horsens", "Vejle", "Roskilde",
    "Herning", "Hørsholm", "Helsingør", "Silkeborg", "Næstved", "Fredericia", "Viborg", "Køge", "Holstebro",
    "Taastrup", "Slagelse", "Hillerød", "Sønderborg", "Svendborg", "Hjørring", "Holbæk", "Frederikshavn",
    "Ringsted", "Valby", "Frederiksberg", "Hvidovre", "Brøndby", "Ishøj", "Albertslund", "Glostrup",
    "Ballerup", "Herlev", "Gentofte", "Kongens Lyngby", "Vanløse", "Skovlunde", "Holte", "Birkerød",
    "Istanbul", "Ankara", "Beirut", "Bagdad", "Teheran", "Karachi", "Lahore", "Mogadishu", "Hargeisa",
    "Kraków", "Warszawa", "Kyiv", "Lviv", "Hanoi", "Asmara", "Sarajevo", "Mumbai", "Delhi", "Beijing",
    "Shanghai", "London", "Berlin", "Stockholm", "Oslo", "Malmö", "Hamborg", "Aleppo", "Damaskus", "Kabul",
]
STREETS = [
    "Nørrebrogade", "Vesterbrogade", "Amagerbrogade", "Jagtvej", "Hovedgaden", "Skovvej", "Strandvejen",
    "Søndergade", "Østergade", "Vestergade", "Kongevejen", "H.C. Andersens Boulevard", "H.C. Ørsteds Vej",
    "Niels Juels Gade", "Peter Bangs Vej", "Tagensvej", "Frederikssundsvej", "Roskildevej", "Holmens Kanal",
    "Ryesgade", "Istedgade", "Blegdamsvej", "Grøndals Parkvej", "Bispebjerg Bakke", "Sankt Hans Torv",
    "Kirkevej", "Birkevej", "Egevej", "Møllevej", "Engvej", "Elmegade", "Ahornsgade", "Rosenvængets Allé",
    "Dronning Louises Bro", "Christian IX's Gade", "Kong Georgs Vej", "Valby Langgade", "Gammel Køge Landevej",
]
TITLES_DA = [
    "pædagog", "sygeplejerske", "social- og sundhedsassistent", "projektleder", "økonomimedarbejder",
    "kontorfuldmægtig", "specialkonsulent", "fuldmægtig", "souschef", "afdelingsleder", "lærer",
    "IT-supporter", "softwareudvikler", "data analytiker", "HR-partner", "socialrådgiver", "ingeniør",
    "tømrer", "elektriker", "chauffør", "rengøringsassistent", "kok", "butiksassistent", "lagermedarbejder",
    "studentermedhjælper", "praktikant", "bogholder", "jurist", "sekretær", "teamleder", "direktør",
    "kommunikationsmedarbejder", "pædagogmedhjælper", "tandlægeassistent", "fysioterapeut", "ergoterapeut",
]
TITLES_EN = [
    "project manager", "software developer", "data analyst", "nurse", "teacher", "accountant",
    "HR business partner", "consultant", "senior consultant", "team lead", "head of department", "engineer",
    "customer service agent", "warehouse worker", "student assistant", "intern", "lawyer", "office manager",
    "marketing coordinator", "research assistant", "social worker", "chef", "electrician", "CEO",
]
HEADINGS = [
    "CURRICULUM VITAE", "Curriculum Vitae", "ERHVERVSERFARING", "Erhvervserfaring", "UDDANNELSE", "Uddannelse",
    "KOMPETENCER", "Kompetencer", "PERSONLIGE OPLYSNINGER", "Personlige oplysninger", "Sprog", "SPROG",
    "IT-kompetencer", "Frivilligt arbejde", "Referencer", "REFERENCER", "Profil", "PROFIL", "Om mig",
    "Kurser", "Kurser og certificeringer", "Fritidsinteresser", "Ansøgning", "ANSØGNING", "Motiveret ansøgning",
    "WORK EXPERIENCE", "Work Experience", "EDUCATION", "Education", "SKILLS", "Skills", "Languages",
    "LANGUAGES", "References", "Personal Details", "PERSONAL INFORMATION", "Profile", "Summary", "Interests",
    "Certifications", "Volunteer Work", "Key Qualifications", "Nøglekvalifikationer", "Resultater",
    "Ledelseserfaring", "Faglige kompetencer", "Personlige kompetencer", "Kontakt", "KONTAKT", "Contact",
]
NEGATIVE_LINES = [
    "Referencer gives gerne på forespørgsel.", "References available upon request.",
    "Microsoft Office, Excel, PowerPoint, SAP, Python og SQL", "Kørekort: B", "Driver's licence: B",
    "Sprog: Dansk (flydende), Engelsk (flydende), Tysk (godt)", "Languages: English (fluent), Danish (good)",
    "Timeløn: 180 kr. per time", "Løn: 250 kr. per time", "Per time: 150 kr.", "Pris per time ekskl. moms",
    "Skov- og naturtekniker", "Ansvarlig for drift af skov og grønne arealer", "Frivillig i Dansk Skovforening",
    "Holm og Storm: ferielejr for børn", "Rose- og havepleje", "Storm og regn forsinkede projektet",
    "Jeg er kim til et nyt projekt", "Erfaring med budget, planlægning og ledelse", "Stærk i Excel og Power BI",
    "Jeg søger stillingen som pædagog i Københavns Kommune.", "I am applying for the position as data analyst.",
    "Jeg er vant til at arbejde selvstændigt og i teams.", "Interesser: løb, madlavning og litteratur",
    "Mål: at skabe trivsel og læring for alle børn", "Cand.scient.pol., Københavns Universitet",
    "Ph.d. i molekylærbiologi", "HD i regnskab og økonomistyring", "Bachelor i Softwareudvikling",
    "Master of Science in Engineering", "Side 1 af 2", "Page 2 of 3", "Bilag: eksamensbeviser",
    "Certificeret PRINCE2 Practitioner", "Førstehjælpskursus, Dansk Røde Kors", "Scrum Master certificering",
    "Ansvarsområder:", "Opgaver:", "Resultater:", "Key responsibilities:", "Tools: Jira, Confluence, Git",
    "Frivillig træner i den lokale fodboldklub", "Medlem af bestyrelsen i boligforeningen",
    "Erfaring med borgerkontakt og sagsbehandling", "Kendskab til KMD Nexus og Cura",
]
LABEL_WORDS = [
    "Navn", "Name", "Kandidat", "Candidate", "Applicant", "Medarbejder", "Elev", "Studerende", "Student",
    "Ansvarlig", "Udarbejdet af", "Forfatter", "Author", "Kontaktperson", "Contact person", "Fornavn og efternavn",
]
MONTHS = ["jan.", "feb.", "marts", "april", "maj", "juni", "aug.", "sept.", "okt.", "nov.", "dec."]
PARTICLES = ["van der", "van", "de", "da", "bin", "ibn", "von", "del", "dos", "al"]


# ---------------------------------------------------------------------------------------------------------
@dataclass
class Pool:
    """Forenames and surnames of one origin group (``danish`` or one of the non-Danish groups)."""

    forenames: list[str] = field(default_factory=list)
    surnames: list[str] = field(default_factory=list)


@dataclass
class Pools:
    """Training and held-out name pools by origin."""

    train: dict[str, Pool]
    heldout: dict[str, Pool]


def _clean(name: str, strip_accents: bool = False) -> str:
    name = unicodedata.normalize("NFC", name.strip().lstrip("\ufeff"))
    if strip_accents:
        name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return name


def _ok(name: str) -> bool:
    return bool(name) and len(name) <= 25 and all(c.isalpha() or c in "-' " for c in name) and name[0].isupper()


def _title(name: str) -> str:
    return "-".join(p[:1].upper() + p[1:].lower() for p in name.split("-"))


def _read_jsonl(path: Path, limit: int) -> list[str]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if line:
                out.append(_title(json.loads(line)))
            if len(out) >= limit:
                break
    return out


def load_pools(shared: Path, seed: int = SEED, holdout: float = HOLDOUT_FRACTION) -> Pools:
    """Build name pools by origin and split each into train / held-out parts (deterministic)."""
    names_dir = shared / "data" / "names"
    pools: dict[str, Pool] = {}

    def add(origin: str, forenames: Iterable[str] = (), surnames: Iterable[str] = ()) -> None:
        p = pools.setdefault(origin, Pool())
        for n in forenames:
            if _ok(n) and n not in p.forenames:
                p.forenames.append(n)
        for n in surnames:
            if _ok(n) and n not in p.surnames:
                p.surnames.append(n)

    dst = names_dir / "os2datascanner_dst2014"
    women = _read_jsonl(dst / "da_20140101_dst_fornavne-kvinder.jsonl", 350)
    men = _read_jsonl(dst / "da_20140101_dst_fornavne-mænd.jsonl", 350)
    surn = _read_jsonl(dst / "da_20140101_dst_efternavne.jsonl", 600)
    add("danish", women + men, surn)

    with (names_dir / "sigpwned" / "common-forenames-by-country.csv").open(encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            origin = "danish" if row["Country"] == "DK" else COUNTRY_ORIGIN.get(row["Country"])
            if origin:
                add(origin, forenames=[_clean(row["Romanized Name"], origin == "chinese")])
    with (names_dir / "sigpwned" / "common-surnames-by-country.csv").open(encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            origin = "danish" if row["Country"] == "DK" else COUNTRY_ORIGIN.get(row["Country"])
            if origin:
                add(origin, surnames=[_clean(row["Romanized Name"], origin == "chinese")])
    for origin, names in HAND_FORENAMES.items():
        add(origin, forenames=names)
    for origin, names in HAND_SURNAMES.items():
        add(origin, surnames=names)

    rng = random.Random(seed)
    train: dict[str, Pool] = {}
    held: dict[str, Pool] = {}
    for origin in sorted(pools):
        p = pools[origin]
        tr, ho = Pool(), Pool()
        for src, dst_tr, dst_ho in ((p.forenames, tr.forenames, ho.forenames),
                                    (p.surnames, tr.surnames, ho.surnames)):
            names = sorted(src)
            rng.shuffle(names)
            k = max(1, round(len(names) * holdout)) if len(names) >= 3 else 0
            dst_ho.extend(names[:k])
            dst_tr.extend(names[k:])
        train[origin], held[origin] = tr, ho
    # Origins with forenames only or surnames only borrow from the union of their split.
    for part in (train, held):
        all_f = sorted({n for p in part.values() for n in p.forenames})
        all_s = sorted({n for p in part.values() for n in p.surnames})
        for p in part.values():
            if not p.forenames:
                p.forenames = all_f
            if not p.surnames:
                p.surnames = all_s
    return Pools(train=train, heldout=held)


# ---------------------------------------------------------------------------------------------------------
class _Builder:
    """Accumulates text with entity spans."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.spans: list[tuple[int, int, str]] = []
        self.pos = 0

    def add(self, text: str, label: str | None = None) -> _Builder:
        if label and text:
            self.spans.append((self.pos, self.pos + len(text), label))
        self.parts.append(text)
        self.pos += len(text)
        return self

    def result(self) -> tuple[str, list[tuple[int, int, str]]]:
        return "".join(self.parts), self.spans


def make_name(rng: random.Random, pool: Pool, origin: str) -> str:
    """A full name in a style typical of the origin (middle names, hyphens, particles, caps)."""
    f = rng.choice(pool.forenames)
    s = rng.choice(pool.surnames)
    r = rng.random()
    if origin == "vietnamese" and r < 0.5:
        mid = rng.choice(["Thi", "Van", "Duc", "Ngoc", "Minh", "Thanh"])
        name = f"{s} {mid} {f}"
    elif origin == "danish":
        if r < 0.3:
            name = f"{f} {rng.choice(pool.forenames)} {s}"
        elif r < 0.4:
            name = f"{f} {rng.choice(pool.surnames)} {s}"
        elif r < 0.5:
            name = f"{f} {s}-{rng.choice(pool.surnames)}"
        elif r < 0.55:
            name = f"{f} {f[0]}. {s}"
        else:
            name = f"{f} {s}"
    elif origin in ("arabic", "somali", "pakistani", "afghan_kurdish") and r < 0.35:
        pick = rng.random()
        if pick < 0.35:
            name = f"{f} {rng.choice(['Al-', 'El-', 'Al ', 'El '])}{rng.choice(pool.surnames).replace('Al-', '')}"
        elif pick < 0.6:
            name = f"{f} {rng.choice(['bin', 'ibn', 'Abu'])} {rng.choice(pool.forenames)}"
        else:
            name = f"{f} {rng.choice(pool.forenames)} {s}"
    elif r < 0.12:
        name = f"{f} {rng.choice(PARTICLES)} {s}"
    elif r < 0.25:
        name = f"{f} {s}-{rng.choice(pool.surnames)}"
    elif r < 0.35:
        name = f"{f} {rng.choice(pool.forenames)} {s}"
    else:
        name = f"{f} {s}"
    if rng.random() < 0.08:
        name = name.upper()
    return name


def _email(rng: random.Random, name: str) -> str:
    parts = [_clean(p, True).lower() for p in name.replace("-", " ").split() if p.isalpha()]
    local = rng.choice([".".join(parts[:1] + parts[-1:]), "".join(parts), parts[0][:1] + parts[-1]])
    return f"{local}@{rng.choice(['gmail.com', 'hotmail.com', 'mail.dk', 'outlook.dk', 'live.dk'])}"


def _phone(rng: random.Random) -> str:
    d = [str(rng.randint(0, 9)) for _ in range(8)]
    d[0] = str(rng.randint(2, 9))
    return rng.choice(["{}{} {}{} {}{} {}{}", "+45 {}{}{}{}{}{}{}{}", "{}{}{}{}{}{}{}{}"]).format(*d)


def _period(rng: random.Random) -> str:
    y = rng.randint(1995, 2023)
    return rng.choice([f"{y}-{y + rng.randint(1, 6)}", f"{rng.choice(MONTHS)} {y} - nu", f"{y} – present",
                       f"{y}–{y + 2}"])


def person_line(rng: random.Random, name: str) -> tuple[str, list]:
    """A CV-style line (or short block) that contains ``name`` as PER."""
    b = _Builder()
    first = name.split()[0]
    kind = rng.randrange(28)
    title = rng.choice(TITLES_DA + TITLES_EN)
    comp = rng.choice(COMPANIES)
    if kind == 0:
        b.add(rng.choice(["Navn: ", "Navn:  ", "Name: ", "Fulde navn: ", "Full name: ", "NAVN: "])).add(name, "PER")
    elif kind == 1:
        b.add(name, "PER")
    elif kind == 2:
        b.add(rng.choice(["CURRICULUM VITAE\n", "Curriculum Vitae\n", "CV\n", "Ansøgning\n"])).add(name, "PER")
    elif kind == 3:
        b.add(name, "PER").add(rng.choice(["\nCurriculum Vitae", " - CV", "\n" + title.capitalize(),
                                           "\n" + title.upper(), " | " + title.capitalize()]))
    elif kind == 4:
        b.add(rng.choice(["Reference: ", "Referencer: ", "Ref.: ", "Reference\n", "Kontaktperson: "]))
        b.add(name, "PER").add(", " + title + ", ").add(comp, "ORG")
        if rng.random() < 0.5:
            b.add(", tlf. " + _phone(rng))
    elif kind == 5:
        b.add(rng.choice(["Reference: ", "References: ", "Referee: "])).add(title.capitalize() + " ")
        b.add(name, "PER").add(", ").add(comp, "ORG").add(", " + _phone(rng))
    elif kind == 6:
        b.add(rng.choice(["Med venlig hilsen\n", "Venlig hilsen\n\n", "Mvh.\n", "De bedste hilsner\n",
                          "Med venlig hilsen,\n", "Mvh "])).add(name, "PER")
    elif kind == 7:
        b.add(rng.choice(["Kind regards,\n", "Best regards\n", "Yours sincerely,\n", "Sincerely,\n",
                          "Regards, "])).add(name, "PER")
    elif kind == 8:
        b.add(name, "PER").add(", " + rng.choice(STREETS) + f" {rng.randint(1, 180)}, {rng.randint(1000, 9990)} ")
        b.add(rng.choice(TOWNS[:45]), "LOC")
    elif kind == 9:
        b.add(name, "PER").add("\n" + rng.choice(STREETS) + f" {rng.randint(1, 180)}")
        b.add(rng.choice(["", ", 2. tv.", ", st. th."]) + f"\n{rng.randint(1000, 9990)} ")
        b.add(rng.choice(TOWNS[:45]), "LOC")
    elif kind == 10:
        b.add(name, "PER").add(" | " + _email(rng, name) + " | " + _phone(rng))
    elif kind == 11:
        b.add(rng.choice(["Mit navn er ", "Jeg hedder ", "My name is ", "I am "])).add(name, "PER")
        b.add(rng.choice([", og jeg søger stillingen som ", " and I am applying for the position of ",
                          ". Jeg søger stillingen som "]) + title + ".")
    elif kind == 12:
        b.add(rng.choice(["Jeg hedder ", "Hej, jeg hedder ", "Kære "])).add(first, "PER")
        b.add(rng.choice([" og er uddannet " + title + ".", ".", ","]))
    elif kind == 13:
        b.add(rng.choice(["Vejleder: ", "Supervisor: Prof. ", "Nærmeste leder: ", "Manager: ", "Leder: "]))
        b.add(name, "PER")
    elif kind == 14:
        b.add(rng.choice(["Ansøgning til stillingen som ", "Application for the position of "]) + title + " – ")
        b.add(name, "PER")
    elif kind == 15:
        b.add(_period(rng) + ": " + title.capitalize() + ", ").add(comp, "ORG").add(". Reference: ")
        b.add(name, "PER")
    elif kind == 16:
        b.add(rng.choice(["Gift med ", "Samlevende med ", "Married to "])).add(name, "PER")
    elif kind == 17:
        b.add(rng.choice(["Underskrift: ", "Dato og underskrift\n", "Signature: "])).add(name, "PER")
    elif kind == 18:
        b.add(name.upper(), "PER").add("\n" + rng.choice(HEADINGS))
    elif kind == 19:
        b.add(rng.choice(["Kontakt ", "Contact ", "Spørgsmål kan rettes til "])).add(name, "PER")
        b.add(" på " + _phone(rng) + ".")
    elif kind == 20:
        b.add(rng.choice(["Tak fordi du læste min ansøgning.\n\nMed venlig hilsen\n",
                          "Jeg ser frem til at høre fra jer.\nVenlig hilsen\n",
                          "I look forward to hearing from you.\n\nKind regards\n"])).add(name, "PER")
    elif kind == 21:
        b.add(f"{rng.randint(1, 28)}. {rng.choice(MONTHS)} {rng.randint(2020, 2025)}\n").add(name, "PER")
        b.add("\n" + rng.choice(STREETS) + f" {rng.randint(1, 99)}")
    elif kind == 22:
        b.add(name, "PER").add(rng.choice([", født ", ", f. "]) + f"{rng.randint(1, 28)}.{rng.randint(1, 12)}."
                               f"{rng.randint(1960, 2004)}")
    elif kind == 23:
        b.add("Jeg har arbejdet sammen med ").add(name, "PER").add(" hos ").add(comp, "ORG")
        b.add(" i " + rng.choice(["to", "tre", "fem"]) + " år.")
    elif kind == 24:
        b.add(rng.choice(LABEL_WORDS) + rng.choice([": ", ":\t", " - ", "\n"])).add(name, "PER")
    elif kind == 25:
        b.add(rng.choice(["I samarbejde med ", "Sammen med min kollega ", "Together with ", "Supervised by "]))
        b.add(name, "PER").add(rng.choice([" udviklede jeg ", " I built ", " har jeg udarbejdet "]))
        b.add(rng.choice(["et nyt system.", "a reporting tool.", "en ny procedure."]))
    elif kind == 26:
        b.add(name, "PER").add(rng.choice([" (", ", "]) + title + rng.choice([")", ""]))
    else:
        b.add(rng.choice(["Min mentor, ", "My manager, ", "Min daværende chef, "])).add(name, "PER")
        b.add(", " + rng.choice(["kan kontaktes for reference.", "can be contacted.", "anbefaler mig gerne."]))
    return b.result()


UNSEEN_TEMPLATES = [
    # Used only by the evaluation (``unseen_templates=True``): measures generalisation beyond training frames.
    ("Som {title} hos ", "{comp}", " arbejdede jeg tæt sammen med ", "{name}", " om driften."),
    ("Anbefaling fra ", "{name}", ", tidligere chef i ", "{comp}", ""),
    ("Ansøger: ", "{name}", "", "", ""),
    ("Personal statement by ", "{name}", "", "", ""),
    ("Bilag 1: Udtalelse om ", "{name}", " fra ", "{comp}", ""),
    ("", "{name}", " har deltaget i kurset i projektledelse hos ", "{comp}", "."),
    ("Kontaktoplysninger\n", "{name}", "\nMobil: 22 33 44 55", "", ""),
    ("Tilmeldt af ", "{name}", " (", "{comp}", ")"),
    ("Prepared by ", "{name}", " for ", "{comp}", ""),
    ("Hilsen\n", "{name}", "", "", ""),
]


def unseen_person_line(rng: random.Random, name: str) -> tuple[str, list]:
    """A line in a frame that never occurs in the training data."""
    pre, _, mid, org, post = rng.choice(UNSEEN_TEMPLATES)
    b = _Builder().add(pre.replace("{title}", rng.choice(TITLES_DA)))
    if org and pre.endswith("hos "):  # organisation first, then the name
        b.add(rng.choice(COMPANIES), "ORG").add(mid).add(name, "PER").add(post)
    else:
        b.add(name, "PER").add(mid)
        if org:
            b.add(rng.choice(COMPANIES), "ORG")
        b.add(post)
    return b.result()


def negative_line(rng: random.Random, pools: dict[str, Pool]) -> tuple[str, list]:
    """A CV line without a person (headings, jobs, schools, towns, companies named after people)."""
    b = _Builder()
    kind = rng.randrange(9)
    surname = rng.choice(pools["danish"].surnames)
    if kind == 0:
        b.add(rng.choice(HEADINGS))
    elif kind == 1:
        b.add(_period(rng) + rng.choice([" ", "\n", ": "]) + rng.choice(TITLES_DA + TITLES_EN).capitalize() + ", ")
        b.add(rng.choice(COMPANIES), "ORG")
        if rng.random() < 0.5:
            b.add(", ").add(rng.choice(TOWNS), "LOC")
    elif kind == 2:
        b.add(_period(rng) + " " + rng.choice(["Cand.mag.", "Bachelor", "Kandidat", "Uddannet",
                                             "MSc", "BA", "Pædagoguddannelsen", "Studentereksamen"]) + ", ")
        b.add(rng.choice(SCHOOLS), "ORG")
    elif kind == 3:
        b.add(rng.choice(NEGATIVE_LINES))
    elif kind == 4:
        b.add(rng.choice([f"{surname}s Tømrerforretning", f"{surname} & Søn ApS", f"{surname} Consulting ApS",
                          f"{surname}s Bageri", f"Malerfirma {surname}", f"{surname} Transport A/S"]), "ORG")
        b.add(rng.choice([", ", " - "]) + rng.choice(TITLES_DA).capitalize())
    elif kind == 5:
        b.add(rng.choice(STREETS) + f" {rng.randint(1, 150)}, {rng.randint(1000, 9990)} ")
        b.add(rng.choice(TOWNS[:45]), "LOC")
    elif kind == 6:
        b.add(rng.choice(TITLES_DA + TITLES_EN).upper() if rng.random() < 0.5
              else rng.choice(TITLES_DA + TITLES_EN).title())
    elif kind == 7:
        b.add(rng.choice(["Født og opvokset i ", "Bor i ", "Based in ", "Flyttede til "]))
        b.add(rng.choice(TOWNS), "LOC").add(".")
    else:
        b.add(rng.choice(["E-mail: ", "Telefon: ", "Mobil: ", "Tlf.: "]))
        b.add(_email(rng, "x y") if rng.random() < 0.3 else _phone(rng))
    return b.result()


def generate(pools: dict[str, Pool], n: int, seed: int, negative_share: float = 0.35,
             danish_share: float = 0.35, unseen_templates: bool = False) -> list[dict]:
    """``n`` labelled lines: {"text", "spans": [[start, end, label]], "group", "origin"}.

    ``group`` is "danish", "foreign" (any non-Danish origin) or "none" (a line without a person).
    """
    rng = random.Random(seed)
    foreign = sorted(o for o in pools if o != "danish")
    out = []
    for _ in range(n):
        if rng.random() < negative_share:
            text, spans = negative_line(rng, pools)
            group = origin = "none"
        else:
            origin = "danish" if rng.random() < danish_share else rng.choice(foreign)
            line = unseen_person_line if unseen_templates else person_line
            text, spans = line(rng, make_name(rng, pools[origin], origin))
            group = "danish" if origin == "danish" else "foreign"
        out.append({"text": text, "spans": [list(s) for s in spans], "group": group, "origin": origin})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--heldout", action="store_true", help="sample from the held-out pool")
    ap.add_argument("--out", type=Path, help="write all lines as JSON Lines here")
    args = ap.parse_args()
    pools = load_pools(args.shared)
    part = pools.heldout if args.heldout else pools.train
    for origin, p in sorted(part.items()):
        print(f"{origin:15s} forenames={len(p.forenames):4d} surnames={len(p.surnames):4d}")
    lines = generate(part, args.n, SEED)
    if args.out:
        args.out.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    else:
        for x in lines[:20]:
            print(json.dumps(x, ensure_ascii=False))


if __name__ == "__main__":
    main()
