"""Compile first names and surnames of all origins from the shared names data into models/names/names.json.gz.

Command (from the repo root): ``.venv/bin/python scripts/build_name_gazetteer.py [--shared ../shared]``

Sources (under <shared>/data/names, see SOURCE.md there):
- os2datascanner_dst2014: Statistics Denmark 2014, all first names in Denmark, 3,109 surnames (MPL-2.0).
- dk_approved_2014_infomine: Danish approved first names and 188 common surnames (MIT).
- sigpwned: popular forenames and surnames by country, romanised (CC0 1.0).
plus a short hand-written list of common Somali, Eritrean, Arabic, Iranian, Afghan, Kurdish, Pakistani and
Vietnamese names that those lists lack.

Output: gzip'd JSON ``{"format": 1, "sources": [...], "first": {name: rank}, "last": {name: rank},
"words": [...], "lower": [...], "places": [...]}`` with casefolded, NFC names. ``rank`` is a commonness hint:
1 = among the 200 most common of a list (or a per-country top list), 2 = top 2,000, 3 = top 20,000,
4 = rarer or unranked. The output is deterministic (sorted keys, fixed gzip mtime).

``words`` lists the names that are also ordinary lower-case words ("per", "kim", "skov", "holm", "rose",
"storm"): a name is listed when its lower-case form is an entry of a Danish or English spelling word list,
by default Debian's wdanish (/usr/share/dict/danish, "Den store danske ordliste", GPL-2+) and wamerican
(/usr/share/dict/american-english, SCOWL, permissive). Word frequencies cannot tell these apart (wordfreq
folds case, so "jensen" is as frequent as "skov"); a case-sensitive dictionary can. Build-time only:
``apt-get install wdanish wamerican``.

``lower`` lists the lower-case entries of the same word lists whose wordfreq Zipf frequency (Danish or
English) is at least 2.5: the ordinary words a capitalised token may be (so "Muse", "Teacher" are words,
while "Kapoor", "Vestas" are proper nouns even though wordfreq knows them well).

``places`` lists Danish town names (<shared>/data/gazetteers/dk_postal_codes, PostNord data, ISC) and
country names in Danish and English (<shared>/data/gazetteers/cldr_da_en, CLDR via Babel): negative evidence,
so a town or a country on a line of its own is not taken for a name.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = REPO.parent / "shared"
DEFAULT_OUT = REPO / "models" / "names" / "names.json.gz"
LOWER_MIN_ZIPF = 2.5

SUPPLEMENT_FIRST_TEXT = (
    # Somali
    "Abdi Abdirahman Abdullahi Abdiqadir Abdiaziz Hodan Hawa Faadumo Fadumo Sahra Ayaan Guled Liban "
    "Ilhan Nimco "
    "Xaliimo Sagal Idil Ifrah Mahad Khadar Hibaaq Ubah Deeqa Ladan Samatar Warsame Cawo Hamdi Sucaad "
    "Bashir "
    "Muna Jamaal Shukri Filsan Ridwan Naima Hamse Mukhtar Saciid Sahal Kowsar Nasteexo Ayan "
    "Farhiya "
    # Eritrean / Ethiopian
    "Semhar Yonas Feven Senait Luwam Selam Dawit Filmon Mussie Biniam Merhawi Rahwa Tesfalem Winta "
    "Ruta Yemane "
    "Mebrat Tsega Abeba Kibrom Eyob Hiwet Nebiat Tekie Yohana Freweini Mehret Tesfay Haben Mulugeta "
    "Tigist "
    # Iranian, Afghan, Kurdish
    "Reza Parisa Farhad Shirin Dariush Mehdi Nasrin Babak Leila Kourosh Golnaz Hamid Niloufar Saeed "
    "Azadeh "
    "Behnam Roya Payam Zarghona Mursal Wahid Sayed Rojin Dilan Zana Berivan Azad Hevi Soran Nergiz "
    "Kawa Shilan "
    "Mahbooba Farzaneh Shahab Arash Navid Omid Ramin Sepideh Yalda Hadi Mojtaba "
    # Vietnamese
    "Anh Linh Thao Huong Minh Tuan Hung Lan Mai Ngoc Phuong Trang Hoa Thanh Quang Khanh Hieu Dung "
    "Long Nam Hai "
    "Trung Bao Thu Hang Nhung Vy Quynh Huy Dat Khoa Tam Yen Diep Loan Thuy Hanh Duong Nga Tien Vinh "
    "Phuc "
)
SUPPLEMENT_LAST_TEXT = (
    # Arabic
    "Al-Hassan Al-Sayed El-Amin Abdullah Haddad Khalil Nasser Mansour Saleh Hamdan Al-Masri Al- "
    "Khatib El-Sayed "
    "Aziz Youssef Ibrahim Rahman Darwish Shaheen Sabbagh Awad Zaki Barakat Hijazi Al-Zahrani Al- "
    "Najjar "
    "Abu-Khalil Suleiman Othman Qasim Hamoud Al-Obaidi Al-Jabouri El-Khoury Fakhoury Jaber Mahmoud "
    "Hussein "
    "Ismail Abdelrahman El-Masry Al-Tamimi Nassar Kassem Shehadeh Abu-Zaid Al-Rashid Hamade Chahine "
    "Ayoub "
    "Zayed Al-Amin Mustafa Farouk Habib Khoury Salem Al-Shammari Al-Dulaimi Moussa Kanaan Hassan "
    "Mohamed "
    "Mohammad Mohammed Ahmad Ahmed Ali Omar Yousef Abbas Khalaf Jasim Kadhim "
    # Iranian, Afghan, Kurdish
    "Hosseini Mohammadi Rezaei Ahmadi Karimi Moradi Jafari Rahimi Hashemi Sadeghi Mousavi Ghorbani "
    "Tehrani "
    "Farahani Kazemi Rostami Ebrahimi Shirazi Bahrami Nouri Zamani Esfahani Mirzaei Akbari Ansari "
    "Ahmadzai "
    "Popal Hakimi Noori Wardak Safi Stanekzai Amiri Barzani Talabani Zebari Rasul Khoshnaw Amin "
    "Najafi Sharifi "
    # Pakistani
    "Khan Malik Qureshi Chaudhry Chaudhary Butt Iqbal Raza Siddiqui Sheikh Hussain Javed Akhtar "
    "Mirza Bhatti "
    "Rana Abbasi Mughal Baig Ashraf Aslam Anwar Nawaz Shah Zaidi Gillani Rizvi Bukhari Cheema Awan "
    "Hashmi "
    # Somali
    "Warsame Farah Hirsi Yusuf Jama Nuur Osman Dahir Egal Abdi Aden Guleed Samatar Elmi Shire Duale "
    "Gedi "
    "Mohamud Hersi Abdulle Barre Geele Warfa Mire Cali Xasan Cumar Abdillahi "
    # Eritrean / Ethiopian
    "Tesfaye Tekle Ghebremariam Haile Berhane Yohannes Woldemichael Gebremedhin Kidane Mehari Tsegay "
    "Habte "
    "Asmerom Negash Semere Ghebreyesus Andemariam Teklehaimanot Weldu Abraha Hagos Tesfamariam Zerai "
    "Gebru "
)


# Places the shared lists lack (Copenhagen districts, large cities applicants come from or studied in), written
# by hand; names that are also common person names (Sofia, Victoria, Florence) are left out on purpose.
SUPPLEMENT_PLACES_TEXT = (
    "Vesterbro|Nørrebro|Østerbro|Amager|Christianshavn|Sydhavnen|Nordvest|Bispebjerg|Brønshøj|Vanløse|"
    "Indre By|Ørestad|Nordhavn|Islands Brygge|Copenhagen|Aarhus|Odense|Aalborg|Damascus|Damaskus|Aleppo|"
    "Homs|Baghdad|Bagdad|Mosul|Basra|Erbil|Tehran|Teheran|Isfahan|Shiraz|Tabriz|Mashhad|Kabul|Herat|"
    "Mazar-i-Sharif|Mogadishu|Hargeisa|Kismayo|Asmara|Addis Ababa|Istanbul|Ankara|Izmir|Antalya|Karachi|"
    "Lahore|Islamabad|Rawalpindi|Warsaw|Warszawa|Krakow|Kraków|Gdansk|Gdańsk|Wroclaw|Wrocław|Poznan|Poznań|"
    "Kyiv|Kiev|Lviv|Kharkiv|Odesa|Odessa|Dnipro|Hanoi|Saigon|Ho Chi Minh City|Da Nang|Sarajevo|Mostar|"
    "Tuzla|Banja Luka|Belgrade|Beograd|Zagreb|Pristina|Tirana|Beijing|Shanghai|Mumbai|Delhi|New Delhi|"
    "Bangalore|Chennai|Kolkata|Hyderabad|Dhaka|Colombo|Kathmandu|Cairo|Kairo|Alexandria|Beirut|Amman|Riyadh|"
    "Jeddah|Dubai|Abu Dhabi|Doha|Casablanca|Rabat|Tunis|Algiers|Tripoli|Khartoum|Nairobi|Lagos|Accra|"
    "London|Berlin|Hamburg|Paris|Stockholm|Oslo|Helsinki|Reykjavik|Malmö|Gothenburg|Göteborg|Moscow|Moskva|"
    "Bucharest|Bukarest|Budapest|Prague|Prag|Vienna|Wien|Rome|Rom|Madrid|Barcelona|Lisbon|Lissabon|"
    "Manila|Bangkok|Seoul|Tokyo|Taipei|Kuala Lumpur|Singapore|New York|Chicago|Toronto|Sydney"
)


def _norm(name: str) -> str:
    name = unicodedata.normalize("NFC", name.strip().strip("\ufeff")).casefold()
    return " ".join(name.split())


def _is_latin(name: str) -> bool:
    for ch in name:
        if ch in " -'.’":
            continue
        if not ch.isalpha():
            return False
        try:
            if "LATIN" not in unicodedata.name(ch):
                return False
        except ValueError:
            return False
    return True


def _rank(index: int) -> int:
    return 1 if index < 200 else 2 if index < 2000 else 3 if index < 20000 else 4


def _add(table: dict[str, int], name: str, rank: int) -> None:
    key = _norm(name)
    if len(key) < 2 or not _is_latin(key):
        return
    table[key] = min(rank, table.get(key, 9))


def _lowercase_words(paths: list[Path]) -> set[str]:
    words: set[str] = set()
    for path in paths:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            line = unicodedata.normalize("NFC", line.strip())
            if line and line[0].islower() and "'" not in line:
                words.add(line)
    return words


def _places(shared: Path) -> list[str]:
    gaz = shared / "data" / "gazetteers"
    places: set[str] = set()
    with (gaz / "dk_postal_codes" / "postals.csv").open(encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            if row["POSTNR"].isdigit() and int(row["POSTNR"]) >= 1000:
                places.add(_norm(row["BYNAVN"]))
    with (gaz / "cldr_da_en" / "territories_da_en.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            places.update(_norm(row[k]) for k in ("da", "en") if row.get(k))
    places.update(_norm(x) for x in SUPPLEMENT_PLACES_TEXT.split("|"))
    return sorted(p for p in places if len(p) > 1)


def build(shared: Path, word_lists: list[Path]) -> dict[str, object]:
    """Read every list and return the gazetteer dict (not yet serialised)."""
    names = shared / "data" / "names"
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    dst = names / "os2datascanner_dst2014"
    for fname, table in (
        ("da_20140101_dst_fornavne-kvinder.jsonl", first),
        ("da_20140101_dst_fornavne-mænd.jsonl", first),
        ("da_20140101_dst_efternavne.jsonl", last),
    ):
        with (dst / fname).open(encoding="utf-8") as fh:
            for i, line in enumerate(x for x in fh if x.strip()):
                _add(table, json.loads(line), _rank(i))
    info = names / "dk_approved_2014_infomine"
    for fname in ("drengenavne.csv", "pigenavne.csv", "unisexnavne.csv"):
        for line in (info / fname).read_text(encoding="utf-8-sig").splitlines():
            _add(first, line, 4)
    for name in (info / "efternavne_common.csv").read_text(encoding="utf-8-sig").split(","):
        _add(last, name, 2)
    sig = names / "sigpwned"
    for fname, table, rank_col in (
        ("common-forenames-by-country.csv", first, "Index"),
        ("common-surnames-by-country.csv", last, "Rank"),
    ):
        with (sig / fname).open(encoding="utf-8-sig") as fh:
            for row in csv.DictReader(fh):
                try:
                    rank = 1 if int(row[rank_col] or 99) <= 20 else 2
                except ValueError:
                    rank = 2
                for col in ("Romanized Name", "Localized Name"):
                    if row.get(col):
                        _add(table, row[col], rank)
    for name in SUPPLEMENT_FIRST_TEXT.split():
        _add(first, name, 2)
    for name in SUPPLEMENT_LAST_TEXT.split():
        _add(last, name, 2)
    lower = _lowercase_words(word_lists)
    ambiguous = sorted(n for n in set(first) | set(last) if n in lower)
    from wordfreq import zipf_frequency

    common_lower = sorted(
        w for w in lower if max(zipf_frequency(w, "da"), zipf_frequency(w, "en")) >= LOWER_MIN_ZIPF
    )
    return {
        "format": 1,
        "sources": [
            "Statistics Denmark 2014 name lists via os2datascanner (MPL-2.0)",
            "InfoMine Danish approved first names and common surnames (MIT)",
            "sigpwned popular-names-by-country-dataset (CC0 1.0)",
            "hand-written supplement in scripts/build_name_gazetteer.py",
            "ordinary-word flags: Debian wdanish (GPL-2+) and wamerican (SCOWL) word lists",
            "places: PostNord towns via dk-postals (ISC), CLDR territory names via Babel (Unicode/BSD-3)",
        ],
        "first": dict(sorted(first.items())),
        "last": dict(sorted(last.items())),
        "words": ambiguous,
        "lower": common_lower,
        "places": _places(shared),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                    help="shared data folder (default <repo>/../shared)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--word-list", type=Path, action="append", dest="word_lists",
                    help="lower-case spelling word list (repeatable); default: Debian wdanish + wamerican")
    args = ap.parse_args()
    word_lists = args.word_lists or [Path("/usr/share/dict/danish"), Path("/usr/share/dict/american-english")]
    missing = [str(p) for p in word_lists if not p.is_file()]
    if missing:
        raise SystemExit(f"word list(s) not found: {', '.join(missing)} (apt-get install wdanish wamerican)")
    data = build(args.shared, word_lists)
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("wb") as fh, gzip.GzipFile(fileobj=fh, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    print(f"first names: {len(data['first'])}, surnames: {len(data['last'])}, "  # type: ignore[arg-type]
          f"also ordinary words: {len(data['words'])}, lower-case words: {len(data['lower'])}, "  # type: ignore[arg-type]
          f"places: {len(data['places'])}, "  # type: ignore[arg-type]
          f"{args.out.stat().st_size / 1e6:.2f} MB -> {args.out}")


if __name__ == "__main__":
    main()
