"""Contact-block rules: residence, national-format phone numbers, bare street addresses and handles.

These read one line of the document's contact block (:func:`redactor.detect.layout.contact_block`), where
position says what a value is: a town alone there is where the applicant lives (on a job line it is where
the employer sits, and stays), a bare number is the applicant's phone whatever its country, and a word after
a GitHub icon is a user name. Region evidence from the whole document (country names, cities, country calling
codes, country-code domains) tells libphonenumber which national plans to try.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

import phonenumbers
from wordfreq import zipf_frequency

from redactor.detect.layout import EMAIL_NO_TLD_RE, BlockLine, is_icon_char, strip_icons
from redactor.detect.rules.common import (
    DASH,
    LO,
    UP,
    Gazetteers,
    RuleHit,
    find_dates,
    fold,
    has_digit,
    is_compact_date,
    overlaps,
)
from redactor.types import Category

Span = tuple[int, int]

# fields of a contact line: separators, or an icon glyph (an icon labels the value after it)
_FIELD_SEP_RE = re.compile(r"\s*(?:[|•·;◆▪●■◦⋅∙✉☎]|\s[-–—]{1,2}\s|\t|\s{3,})\s*")
_RESIDENCE_LABEL_RE = re.compile(
    r"^(?:adresse|address|mail(?:ing)?\s*address|postal\s+address|post(?:al)?adresse|home\s+address|anschrift|"
    r"dirección|direccion|adresse\s+postale|bopæl|residence|location|current\s+location|lokation|placering|by|city|bosted|"
    r"hjemby|home\s*town|home|hjem|based\s+in|lives?\s+in|living\s+in|located\s+in|bor\s+i|bosat\s+i|"
    r"country|land|area|område)\s*[:.\-–]?\s*",
    re.IGNORECASE,
)
_PHONE_LABEL_RE = re.compile(
    r"^(?:tlf|telefon(?:nummer|nr)?|mobil(?:nummer|nr|telefon)?|mob|phone(?:\s+number)?|tel|telephone|cell(?:phone)?|"
    r"mobile(?:\s+phone)?|handy|whatsapp|signal|viber|privat|home|hjem|work|arbejde|[TMPHC])\.?\s*(?:nr\.?|no\.?)?"
    r"\s*[:.]?\s*",
    re.IGNORECASE,
)
_HANDLE_LABEL_RE = re.compile(
    r"^(?:linked\s?in|github|gitlab|bitbucket|twitter|x|instagram|insta|facebook|fb|skype|snapchat|tiktok|telegram|"
    r"discord|threads|mastodon|bluesky|youtube|behance|dribbble|kaggle|medium|xing|orcid|stack\s?overflow|"
    r"researchgate|reddit|leetcode|hackerrank|codepen|npm)(?![\w.])\s*(?::/{0,2}|[|/])?\s*",
    re.IGNORECASE,
)
# a template's stand-in for a value, one token naming what belongs there: "YourLinkedInURL", "(areaCode) your-phone#"
_PROFILE_WORD_RE = re.compile(
    r"linked\s?in|github|gitlab|xing|twitter|behance|dribbble|portfolio|website", re.IGNORECASE
)
_PHONE_WORD_RE = re.compile(r"phone|telefon|mobil|tlf", re.IGNORECASE)
_PLACE_WORD = rf"[{UP}][{LO}{UP}'’.\-]*"
_PLACE = rf"{_PLACE_WORD}(?:\s+(?:[{UP}][{LO}{UP}'’.\-]*|de|del|la|le|am|an|upon|on|sur|di|da|do|el|al|i)){{0,3}}"
_PC_PLACE_RE = re.compile(
    rf"^(?:(?:DK|[A-Z]{{1,2}})\s?[{DASH}]?\s?)?(?P<pc>\d{{4,5}}|\d{{2}}-\d{{3}}|\d{{3}}\s\d{{2}})\s+(?P<place>{_PLACE})$"
)
_PLACE_PC_RE = re.compile(rf"^(?P<place>{_PLACE})\s*,?\s+(?P<pc>\d{{4,5}}|\d{{2}}-\d{{3}})$")  # "Esbjerg V 6705"
_UK_POSTCODE_RE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}$")
_DK_DISTRICT_SUFFIX_RE = re.compile(r"\s(?:NV|SV|NØ|SØ|N|S|V|Ø|C|K|J)$")
_REGION_CODE_RE = re.compile(r"^[A-Z]{2,3}$")  # "NY", "TX", "CA" after a city
_REGION_ZIP_RE = re.compile(r"^[A-Z]{2}\s+\d{5}(?:-\d{4})?$")  # "CA 94588": a US state and ZIP code
_TRAILING_PC_RE = re.compile(r"\s+\d{4,5}$")
# a street and house number without a postcode: "Vestergade 14, 2. th.", "Am Lindenhof 7", "ul. Długa 5/3",
# "Calle 5 #23-10", and number first: "221B Baker Street", "1234 Broadway"
_STREET_NO_RE = re.compile(
    rf"^(?:[{UP}{LO}][\w.'’\-]*\s+){{0,4}}[{UP}][\w.'’\-]*\s+\d{{1,4}}[A-Za-z]?"
    rf"(?:\s?[/{DASH}]\s?\d{{1,4}}[A-Za-z]?)?(?:\s*(?:#|no\.?|nr\.?|n[º°])\s*\d{{1,4}}(?:[{DASH}]\d{{1,4}})?)?"
    r"(?:\s*,?\s*(?:\d{1,2}\.?\s*(?:sal|th|tv|mf|floor|etage|stock|OG)\.?|st\.?|kl\.?)"
    r"(?:\s*,?\s*(?:th|tv|mf|\d{1,4})\.?)?)?$",
    re.IGNORECASE,
)
_STREET_NO_FIRST_RE = re.compile(rf"^\d{{1,4}}[A-Za-z]?,?\s+(?:[{UP}][\w.'’\-]*)(?:\s+[{UP}{LO}][\w.'’\-]*){{0,3}}$")
# a flat or floor after the street ("apto 52", "2. th.", "Flat 3", "st. tv.")
_FLAT_RE = re.compile(
    r"^(?:(?:apt|apto|apartment|flat|suite|unit|lejl|lejlighed|dpto|depto|piso|floor|etage|no|nr|#)\.?\s*\w{0,4}"
    r"|\d{1,2}\.?\s*(?:sal|th|tv|mf|floor|etage)?\.?(?:\s*(?:th|tv|mf)\.?)?|st\.?(?:\s*(?:th|tv|mf)\.?)?)$",
    re.IGNORECASE,
)
# a district of two words: "Xuhui District", "East Legon", "Nørrebro Nord" (an employer's name is not one)
_DISTRICT_RE = re.compile(
    rf"(?:(?:North|South|East|West|Nord|Syd|Øst|Vest|Upper|Lower|New|Old|Gamle|Nye)\s+[{UP}][{LO}'’\-]+"
    rf"|[{UP}][{LO}'’\-]+\s+(?:District|Distrikt|Bydel|Quarter|Sector|Mahallesi|Nagar|Colony|Township|Ward|"
    rf"Nord|Syd|Øst|Vest|North|South|East|West))"
)
# words of organisations: "Jobcenter Ishøj, København" is an employer and its town, not a district
_ORG_WORD_RE = re.compile(
    r"(?:hospital|jobcenter|kommune|skole|school|university|universitet|college|bank|group|gruppen|a/s|aps|"
    r"inc|ltd|gmbh|clinic|klinik|center|centre|institut|ministeri|styrelse|region)",
    re.IGNORECASE,
)
# A template's stand-in for the address, written where the applicant's address goes: words that name the
# parts of an address ("street and number", "postcode city", "Town, State", "Address Line 1", "MyCountry",
# "calle y número", "código postal y ciudad", "街道及门牌号"). Filled in, the slot holds where the applicant
# lives; left as it is, it is still the address field, and a false hit only removes a placeholder.
_SLOT_WORD_LIST = """street streetname housenumber house number no nr postcode postal post code zip zipcode city town
    state province region county country address addr line apartment apt suite flat district
    vej vejnavn gade husnummer postnummer postnr by land adresse etage
    strasse str hausnummer hausnr plz postleitzahl ort stadt wohnort anschrift bundesland
    calle numero codigo ciudad pais direccion provincia estado piso
    rue numero ville pays adresse departement
    via citta paese indirizzo cap rua cidade"""
_SLOT_WORDS = frozenset(_SLOT_WORD_LIST.split())
# a word alone names a value's slot only when it is not also a label written before a value
_SLOT_ALONE_LIST = (
    "street city town state province region county country zip postcode vej by stadt ciudad pais ville pays"
)
_SLOT_ALONE = frozenset(_SLOT_ALONE_LIST.split())
# joining words and possessives of stand-ins ("street and number", "MyCountry", "DinBy")
_SLOT_JOINER_LIST = "and or y e og und et i of my your min mit din dit mein meine ihre deine tu su votre ton"
_SLOT_JOINERS = frozenset(_SLOT_JOINER_LIST.split())
_SLOT_CJK = ("门牌号", "门牌", "街道", "邮政编码", "邮编", "城市", "国家", "地址", "省份", "及", "和", "与")
_SLOT_TOKEN_RE = re.compile(r"[^\W\d_]+|\d+")
_CAMEL_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
# a space inside a word (before a lower-case letter) or inside a number (before one or two last digits)
_SPLIT_WORD_RE = re.compile(rf"(?<=[{LO}{UP}]) (?=[{LO}])")
_SPLIT_DIGITS_RE = re.compile(r"(?<=\d) (?=\d{1,2}\b)")
_STREET_PREFIX_RE = re.compile(r"^(?:ul\.|al\.|calle|carrera|avenida|av\.|rua|via|rue|str\.)\s", re.IGNORECASE)

# a phone-like run: optional + or (, digits with phone punctuation, 7-15 digits in all
_PHONE_RUN_RE = re.compile(r"(?<![\w+/.,(])(?:\(\s*\+?|\+\s?\(?)?\d[\d \t().\-\u2010\u2011\u2013/]{4,22}\d\)?(?![\w/])")
_NEG_LABEL_RE = re.compile(
    r"(?:cvr|se|ean|reg|konto|account|iban|bic|swift|bank|faktura\w*|invoice|ordre\w*|order|kunde\w*|customer|"
    r"sags?|case|journal\w*|isbn|issn|doi|orcid|id|ref|postboks|p\.?o\.?\s*box|pnr|medlem\w*|member\w*|"
    r"ticket|license|licens|certifi\w*|passport|pas|cpr|ssn|vat|moms)\w*\.?\s*(?:nr|no|nummer|number)?\.?\s*[:.#]?\s*$",
    re.IGNORECASE,
)
_PERIOD_RE = re.compile(rf"^(?:19|20)\d\d\s*[{DASH}/ ]\s*(?:(?:19|20)\d\d|\d\d)$")
_GLYPH_LABEL_RE = re.compile(r"(?:[^\w\s(\[]|[^\W\d_])[ \t]+(?=[\w@+(])")
_HANDLE_RE = re.compile(r"^@?(?P<h>[A-Za-z0-9][A-Za-z0-9_.\-]{1,38}[A-Za-z0-9_])/?$")
# regions tried for a bare national number when the document gives no evidence (the applicant pool's most
# common origins besides Denmark); evidence from the document is tried first
_DEFAULT_REGIONS = ("DK", "SE", "NO", "DE", "GB", "PL", "TR", "PK", "IN", "US", "EG", "PE", "IR", "IQ", "SY", "SO")
# a reference date far ahead: every past date is a valid date when telling dates from phone numbers
_TODAY_FAR = date(2100, 1, 1)
_CC_TLD = re.compile(r"(?:@|https?://|www\.)[\w.-]*\.(?P<tld>[a-z]{2})(?![\w.])", re.IGNORECASE)
# a web address with a scheme or "www." as a whole field, on a domain of its own ("http://www.jdoe.dk",
# "www.anna-berg.com/cv"); an organisation's sub-domains ("europass.cedefop.europa.eu") are no personal site
_SITE_RE = re.compile(r"(?:https?://(?:www\.)?|www\.)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.[a-z]{2,}(?:/[\w./%~+-]*)?",
                      re.IGNORECASE)
_PLUS_CC_RE = re.compile(r"(?:\+|\b00)\s?\(?(?P<cc>[1-9]\d{0,2})\)?[\s.\-]?\d")


class ContactBlockRecognizer:
    """Rules for one line of the contact block; see the module docstring."""

    def __init__(self, gaz: Gazetteers) -> None:
        self.gaz = gaz

    # -------------------------------------------------------------------------------------------- evidence
    def regions(self, texts: Iterable[str]) -> tuple[str, ...]:
        """Phone regions suggested by a document: country names, country-code domains, calling codes, cities."""
        found: dict[str, int] = {}

        def add(code: str, weight: int) -> None:
            if len(code) == 2 and code.isalpha():
                found[code.upper()] = found.get(code.upper(), 0) + weight

        for text in texts:
            for m in _CC_TLD.finditer(text):
                tld = m.group("tld").upper()
                if tld not in ("IO", "ME", "CO", "TV", "AI", "LY", "CC", "WS", "FM"):
                    add("GB" if tld == "UK" else tld, 2)
            for m in _PLUS_CC_RE.finditer(text):
                add(phonenumbers.region_code_for_country_code(int(m.group("cc"))), 3)
            words = re.findall(rf"[{UP}][{LO}{UP}'’\-]+", text)
            for a, b in zip(words, [*words[1:], ""], strict=False):
                for cand in (f"{a} {b}", a):
                    key = fold(cand)
                    code = self.gaz.country_codes.get(key)
                    if code:
                        add(code, 2)
                        break
                    codes = self.gaz.cities.get(key)
                    if codes and len(codes) == 1 and len(key) >= 4:
                        add(next(iter(codes)), 1)
                        break
        return tuple(sorted(found, key=lambda c: -found[c]))

    # -------------------------------------------------------------------------------------------- find
    def find(
        self,
        text: str,
        line: BlockLine,
        regions: tuple[str, ...],
        taken: list[Span],
        *,
        icon_labels: bool = True,
        address_only: bool = False,
    ) -> list[RuleHit]:
        """Hits on one contact-block line of ``text`` (offsets into ``text``); spans in ``taken`` are skipped.

        With ``address_only``, only the address rules are read (a line beside an address line of the block).
        """
        hits: list[RuleHit] = []
        claimed = list(taken)
        view = strip_icons(text[: line.end])
        for fs, fe, after_icon in _fields(text, view, line.start, line.end):
            if overlaps(fs, fe, claimed) and not self._partly_free(fs, fe, claimed):
                continue
            if address_only:
                hit = self._address(text, fs, fe, claimed)
            else:
                hit = self._field(text, fs, fe, after_icon and icon_labels, line, regions, claimed)
            if hit is not None:
                hits.append(hit)
                claimed.append((hit.start, hit.end))
        if not address_only:
            hits += self._wrapped_phone(text, line, regions, claimed)
        return hits

    @staticmethod
    def _partly_free(fs: int, fe: int, claimed: list[Span]) -> bool:
        return not any(s <= fs and fe <= e for s, e in claimed)

    def _field(
        self,
        text: str,
        fs: int,
        fe: int,
        after_icon: bool,
        line: BlockLine,
        regions: tuple[str, ...],
        claimed: list[Span],
    ) -> RuleHit | None:
        hit = self._address(text, fs, fe, claimed)
        if hit is not None:
            return hit
        phone = self._phone(text, fs, fe, after_icon, regions, claimed)
        if phone is not None:
            return phone
        standin = self._stand_in(text, fs, fe, claimed)
        if standin is not None:
            return standin
        site = _SITE_RE.fullmatch(text[fs:fe].strip())
        if site is not None and not after_icon and not overlaps(fs, fe, claimed):
            # a web address alone on a contact line: the applicant's site ("www.jdoe.dk"); after a link icon it
            # may be an employer's site beside a job
            s = text.find(site.group(0), fs, fe)
            return RuleHit(Category.URL, s, s + len(site.group(0)), 0.85, "rules.block.site")
        return self._handle(text, fs, fe, after_icon, claimed)

    def _address(self, text: str, fs: int, fe: int, claimed: list[Span]) -> RuleHit | None:
        """An address field: a template's address slot, a residence (after a label or not), a street."""
        value = text[fs:fe]
        slot = value.strip(" ,.")
        if slot and _address_slot(slot) and not overlaps(fs, fe, claimed):
            ss = text.find(slot, fs, fe)
            return RuleHit(Category.ADDRESS, ss, ss + len(slot), 0.75, "rules.block.address_slot")
        # a residence label ("Location:", "Bopæl") before a place
        lm = _RESIDENCE_LABEL_RE.match(value)
        labelled = bool(lm and lm.end() < len(value) and (":" in lm.group(0) or lm.group(0).endswith(" ")))
        vs = fs + (lm.end() if labelled and lm else 0)
        place = text[vs:fe].strip(" ,.")
        ps = text.find(place, vs, fe) if place else -1
        if place and ps >= 0 and not overlaps(ps, ps + len(place), claimed):
            if labelled and _address_slot(place):
                return RuleHit(Category.ADDRESS, ps, ps + len(place), 0.75, "rules.block.address_slot")
            score = self._residence(place, labelled)
            if score:
                return RuleHit(Category.ADDRESS, ps, ps + len(place), score, "rules.block.residence")
            street = self._street(place) or self._street_then_place(place)
            if street:
                return RuleHit(Category.ADDRESS, ps, ps + len(place), street, "rules.block.street")
            # letters spaced by the producer split words at odd places ("123 4 Bro adway", "New Yo rk"):
            # read the line with the broken words joined
            joined = _SPLIT_WORD_RE.sub("", place)
            if (
                joined != place
                and (joined := _SPLIT_DIGITS_RE.sub("", joined))
                and (self._residence(joined, labelled) or self._street(joined))
            ):
                return RuleHit(Category.ADDRESS, ps, ps + len(place), 0.7, "rules.block.spaced_address")
        return None

    # -------------------------------------------------------------------------------------------- residence
    def _is_place(self, part: str) -> bool:
        key = fold(part.strip(" ."))
        if not key:
            return False
        if key in self.gaz.cities or key in self.gaz.towns:
            return True
        base = _DK_DISTRICT_SUFFIX_RE.sub("", part.strip())
        return fold(base) in self.gaz.towns or fold(base) in self.gaz.cities

    def _is_country(self, part: str) -> bool:
        return fold(part.strip(" .")) in self.gaz.countries

    def _residence(self, value: str, labelled: bool) -> float:
        """A score when ``value`` names where someone lives (a town, district, country, postcode), else 0."""
        m = _PC_PLACE_RE.match(value) or _PLACE_PC_RE.match(value)
        if m:
            place = m.group("place")
            parts = [p for p in re.split(r"\s*,\s*", place) if p]
            if self._is_place(parts[0]) or self._is_place(place):
                return 0.9
            if labelled or len(m.group("pc").replace(" ", "").replace("-", "")) == 5:
                return 0.75  # "10115 Berlin-Mitte", "00-950 Warszawa": a foreign postcode and a town
            return 0.0
        if _UK_POSTCODE_RE.match(value):
            return 0.8
        parts = [p.strip() for p in re.split(r"\s*[,/]\s*", value) if p.strip()]
        if not parts or len(parts) > 4 or any(len(p.split()) > 5 for p in parts):
            return 0.0
        kinds = []
        for p in parts:
            if re.fullmatch(r"(?:19|20)\d\d", p):
                return 0.0  # "Google, 2019, Berlin": a year on a job line, not a postcode
            if _UK_POSTCODE_RE.match(p) or re.fullmatch(r"\d{4,5}", p) or _REGION_ZIP_RE.match(p):
                kinds.append("pc")
                continue
            if re.search(r"[^\W\d]", p) and _TRAILING_PC_RE.search(p):
                p = _TRAILING_PC_RE.sub("", p)  # "New York 1234", "United States of America 1234"
                kinds.append("pc")
            if self._is_place(p) or (pm := _PC_PLACE_RE.match(p)) and self._is_place(pm.group("place")):
                kinds.append("place")
            elif self._is_country(p):
                kinds.append("country")
            elif _REGION_CODE_RE.match(p) or (
                (re.fullmatch(_PLACE_WORD, p) or _DISTRICT_RE.fullmatch(p)) and not _ORG_WORD_RE.search(p)
            ):
                kinds.append("unknown")  # a district, region or state beside a known place
            elif labelled and re.fullmatch(_PLACE, p):
                kinds.append("unknown")
            else:
                return 0.0
        if "place" in kinds:
            if kinds.count("unknown") > 1 or (kinds.count("unknown") == 1 and len(parts) == 1):
                return 0.0
            return 0.85 if len(parts) > 1 or labelled else 0.8
        if "pc" in kinds and "unknown" in kinds and len(parts) <= 3 and any(_REGION_ZIP_RE.match(p) for p in parts):
            return 0.85  # "Pleasantville, CA 94588"
        if "country" in kinds and kinds.count("unknown") <= 1:
            # "Nablus, Palestine"; a country alone only after a residence label
            if len(parts) > 1:
                return 0.8
            return 0.75 if labelled else 0.6  # a country alone in the contact block: the residence's last line
        if labelled and kinds.count("unknown") == len(kinds) and len(parts) <= 2:
            return 0.7  # "Current location: Sialkot": a place name we do not know, after a residence label
        return 0.0

    def _street(self, value: str) -> float:
        """A score when ``value`` is a street and house number without a postcode, else 0."""
        if len(value) > 60 or _PERIOD_RE.match(value):
            return 0.0
        m = _STREET_NO_RE.match(value)
        if m:
            number = re.search(r"\s(\d{1,4})[A-Za-z]?(?:\s?[/#-]|\s*$|\s*,)", value)
            if number and re.fullmatch(r"(?:19|20)\d\d", number.group(1)) and not _STREET_PREFIX_RE.match(value):
                return 0.0  # "Python 2019"
            words = value.split()
            # a single common word before the number ("Level 2", "Python 3", "Page 1 / 2") is no street
            if zipf_frequency(words[0].lower(), "en") >= 4.0 and (len(words) == 2 or words[1][:1].isdigit()):
                return 0.0
            return 0.8
        if _STREET_NO_FIRST_RE.match(value):
            first = value.split()[0].rstrip(",")
            if re.fullmatch(r"(?:19|20)\d\d", first):
                return 0.0
            return 0.75
        return 0.0

    def _street_then_place(self, value: str) -> float:
        """A street, then flat, district, town: "12 El-Tahrir St., Dokki, Giza", "Rua Augusta, 1508, apto 5, Recife"."""
        parts = [p.strip() for p in value.split(",") if p.strip()]
        if len(parts) < 2 or len(parts) > 6:
            return 0.0
        if self._street(parts[0]):
            rest = parts[1:]
        elif (
            re.fullmatch(_PLACE, parts[0])
            and re.fullmatch(r"\d{1,5}[A-Za-z]?", parts[1])
            and not re.fullmatch(r"(?:19|20)\d\d", parts[1])
        ):
            rest = parts[2:]  # "Rua Augusta, 1508": the house number after a comma
        else:
            return 0.0
        rest = [p for p in rest if not _FLAT_RE.match(p)]
        if not rest or self._residence(", ".join(rest), False) or all(re.fullmatch(_PLACE, p) for p in rest):
            return 0.85
        return 0.0

    # -------------------------------------------------------------------------------------------- phone
    def _phone(
        self, text: str, fs: int, fe: int, after_icon: bool, regions: tuple[str, ...], claimed: list[Span]
    ) -> RuleHit | None:
        value = text[fs:fe]
        lm = _PHONE_LABEL_RE.match(value)
        labelled = bool(lm and lm.group(0).strip() and not value[: lm.end()].strip().isdigit())
        vs = fs + (lm.end() if labelled and lm else 0)
        for m in _PHONE_RUN_RE.finditer(text, vs, fe):
            s, e = m.start(), m.end()
            if overlaps(s, e, claimed):
                continue
            raw = m.group(0)
            digits = re.sub(r"\D", "", raw)
            if not 7 <= len(digits) <= 15 or _PERIOD_RE.match(raw.strip("()")) or is_compact_date(raw):
                continue
            if _NEG_LABEL_RE.search(text[max(fs, s - 30) : s]):
                continue
            if find_dates(text[s:e], _TODAY_FAR, full_only=True) or len(find_dates(text[s:e], _TODAY_FAR)) >= 2:
                continue  # "12.03.1988", "01-02-2020": a date; "01/2018 - 07/2022": a period
            alone = not re.search(r"[A-Za-z]{3,}", text[vs:s] + text[e:fe])
            if not (labelled or after_icon or alone):
                continue
            score = self._phone_score(raw, digits, regions)
            if score:
                return RuleHit(Category.PHONE, s, e, score, "rules.block.phone")
        return None

    def lone_numbers(self, text: str, regions: tuple[str, ...], taken: list[Span]) -> list[RuleHit]:
        """Lines of ``text`` that hold nothing but one phone-shaped number, wherever they stand.

        A line that is only "0412 345 678", "(030) 1234 5678" or "+0 (000) 111 1111" is a phone number even
        when the layout hides the contact block: it starts as phone numbers are written (a "+", a trunk "0"
        or an area code in brackets), holds 8 to 15 digits and is no date, period or compact date; the number
        plans of the document's region evidence are tried first (a number no plan knows is still a phone when
        it is grouped like one).
        """
        hits: list[RuleHit] = []
        pos = 0
        for line in text.split("\n"):
            start, end = pos, pos + len(line)
            pos = end + 1
            raw = line.strip()
            if not raw or raw[0] not in "+0(" or not _PHONE_RUN_RE.fullmatch(raw):
                continue
            s = start + line.index(raw)
            e = s + len(raw)
            digits = re.sub(r"\D", "", raw)
            if not 8 <= len(digits) <= 15 or overlaps(s, e, taken) or is_compact_date(raw):
                continue
            if find_dates(raw, _TODAY_FAR) or _PERIOD_RE.match(raw.strip("()")):
                continue
            score = self._phone_score(raw, digits, regions)
            if score >= 0.85 or (score >= 0.7 and re.search(r"\d[ ()\-]+\d", raw)):
                hits.append(RuleHit(Category.PHONE, s, e, score, "rules.block.phone_line"))
        return hits

    @staticmethod
    def _phone_score(raw: str, digits: str, regions: tuple[str, ...]) -> float:
        """0.9 valid in a region of the document's evidence, 0.85 valid in a common region, 0.7 possible."""
        number = raw.strip()
        if number.startswith("00"):
            number = "+" + number[2:]
        tried = (*regions, *(r for r in _DEFAULT_REGIONS if r not in regions))
        possible = False
        for k, region in enumerate(tried):
            try:
                parsed = phonenumbers.parse(number, None if number.startswith("+") else region)
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(parsed):
                return 0.9 if k < len(regions) or number.startswith("+") else 0.85
            possible = possible or phonenumbers.is_possible_number(parsed)
            if number.startswith("+"):
                break
        # a number in the contact block that no plan knows (a placeholder, a changed plan): still a phone,
        # when it is grouped like one
        return 0.7 if possible or re.search(r"\d[ .\-/)]\d", raw) else 0.6

    def _wrapped_phone(
        self, text: str, line: BlockLine, regions: tuple[str, ...], claimed: list[Span]
    ) -> list[RuleHit]:
        """A number whose last digits wrapped to the next line ("+92 300\\n1234567") is one number."""
        tail = re.search(r"(?:\+|\(|\b)[\d][\d ().\-]{1,14}\d$", text[line.start : line.end])
        if not tail or line.end >= len(text) or text[line.end] != "\n":
            return []
        head = re.match(r"[ \t]*(\d[\d .\-]{1,12}\d)(?=\s*$|\s*[|•,])", text[line.end + 1 : line.end + 40])
        if not head:
            return []
        s = line.start + tail.start()
        e = line.end + 1 + head.end()
        digits = re.sub(r"\D", "", text[s:e])
        if not 8 <= len(digits) <= 15 or overlaps(s, e, claimed):
            return []
        if len(re.sub(r"\D", "", tail.group(0))) < 2 or _NEG_LABEL_RE.search(text[max(0, s - 30) : s]):
            return []
        joined = re.sub(r"\s*\n\s*", " ", text[s:e])
        score = self._phone_score(joined, digits, regions)
        return [RuleHit(Category.PHONE, s, e, max(score, 0.7), "rules.block.phone_wrapped")] if score else []

    # -------------------------------------------------------------------------------------------- stand-in
    @staticmethod
    def _stand_in(text: str, fs: int, fe: int, claimed: list[Span]) -> RuleHit | None:
        """A contact field without a real value: an address with no domain ending ("navn@firma"), a profile
        written as one word ("MyLinkedInProfile"), a phone field without digits ("(areaCode) your-phone#").

        Templates leave these, and a writer who fills a template in may leave a half-written value; the field
        says what it holds, so it is taken out as that kind (a false hit only loses a placeholder).
        """
        value = text[fs:fe].strip()
        vs = text.find(value, fs, fe)
        if not value or overlaps(vs, vs + len(value), claimed) or ":" in value:
            return None
        if has_digit(value):
            # an area or service code before the stand-in ("1800 my-phone-nr", "(030) your-number")
            m = re.fullmatch(r"[+(]?\d{1,5}\)?[ \-]?(?P<rest>[^\d]+)", value)
            if m is None or not _phone_stand_in(m.group("rest")):
                return None
            return RuleHit(Category.PHONE, vs, vs + len(value), 0.7, "rules.block.phone_stand_in")
        if EMAIL_NO_TLD_RE.fullmatch(value):
            return RuleHit(Category.EMAIL, vs, vs + len(value), 0.8, "rules.block.email_stand_in")
        profile = _PROFILE_WORD_RE.search(value)
        if (
            profile
            and " " not in value
            and len(value) > len(profile.group(0)) + 3
            and not _HANDLE_LABEL_RE.fullmatch(value)
        ):
            return RuleHit(Category.URL, vs, vs + len(value), 0.7, "rules.block.profile_stand_in")
        if _phone_stand_in(value):
            return RuleHit(Category.PHONE, vs, vs + len(value), 0.7, "rules.block.phone_stand_in")
        return None

    # -------------------------------------------------------------------------------------------- handle
    def _handle(self, text: str, fs: int, fe: int, after_icon: bool, claimed: list[Span]) -> RuleHit | None:
        value = text[fs:fe]
        lm = _HANDLE_LABEL_RE.match(value)
        labelled = bool(lm and lm.group(0).strip() and lm.end() < len(value))
        vs = fs + (lm.end() if labelled and lm else 0)
        handle = text[vs:fe].strip()
        if not handle:
            return None
        if not (labelled or after_icon):
            return self._bare_handle(text, fs, fe, claimed)
        m = _HANDLE_RE.match(handle)
        if not m:
            return None
        h = m.group("h")
        hs = text.find(handle, vs, fe)
        if overlaps(hs, hs + len(handle), claimed):
            return None
        marked = any(c.isdigit() or c in "._-" for c in h) or h.islower()
        if not marked:
            return None  # "Python", "Excel": a capitalised word after an icon is no user name
        if h.isalpha() and h.islower() and zipf_frequency(h, "en") >= 3.5 and not labelled:
            return None  # "website", "portfolio": a word after an icon
        return RuleHit(Category.URL, hs, hs + len(handle), 0.85 if labelled else 0.75, "rules.block.handle")


    @staticmethod
    def _bare_handle(text: str, fs: int, fe: int, claimed: list[Span]) -> RuleHit | None:
        """A user name alone on a contact-block line whose icon was lost (a scan's OCR, an icon on the line
        above): lower case, with trailing digits ("uaden84") or hyphen-joined parts that are not all words
        ("sana-chaudhry"); never a word, a skill ("e-conomic", "front-end") or anything sharing its line."""
        ls = text.rfind("\n", 0, fs) + 1
        le = text.find("\n", fe)
        le = len(text) if le < 0 else le
        value = text[fs:fe].strip()
        if text[ls:fs].strip() or text[fe:le].strip() or overlaps(fs, fe, claimed):
            return None
        if value.startswith("in ") and " " not in value[3:].strip():
            value = value[3:].strip()  # LinkedIn's "in" icon read as text by OCR: "in sana-chaudhry"
        if not (_BARE_DIGITS_RE.fullmatch(value) or _BARE_PARTS_RE.fullmatch(value)):
            return None
        stem = re.sub(r"\d+$", "", value)
        joined = re.sub(r"[-_]", "", stem)
        if any(zipf_frequency(joined, lang) >= 2.0 for lang in ("en", "da")):
            return None  # "front-end", "team123", "covid19": a word
        hs = text.find(value, fs, fe)
        return RuleHit(Category.URL, hs, hs + len(value), 0.7, "rules.block.handle")


# a bare user name: lower-case letters ending in 2+ digits, or 2-4 hyphen/underscore-joined parts (the first 2+ long)
_BARE_DIGITS_RE = re.compile(r"[a-zæøå][a-zæøå._]{2,28}\d{2,4}")
_BARE_PARTS_RE = re.compile(r"[a-zæøå]{2,}(?:[-_][a-zæøå]+){1,3}\d{0,4}")


def _address_slot(value: str) -> bool:
    """Whether ``value`` is made only of words naming the parts of an address (a template's stand-in)."""
    if len(value) > 60 or value.rstrip().endswith(":"):
        return False
    plain = "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))
    plain = _CAMEL_RE.sub(" ", plain).casefold()
    for term in _SLOT_CJK:
        plain = plain.replace(term, " ")
    if re.search(r"[^\w\s,./#&+()\-–—]", plain):
        return False
    tokens = _SLOT_TOKEN_RE.findall(plain)
    words = [t for t in tokens if not t.isdigit()]
    slots = [w for w in words if w in _SLOT_WORDS]
    if not words:
        return not tokens and plain != _CAMEL_RE.sub(" ", value).casefold()  # only CJK slot terms
    if len(words) != len(slots) + sum(w in _SLOT_JOINERS for w in words) or not slots:
        return False
    if len(slots) == 1 and len(words) == 1:
        return slots[0] in _SLOT_ALONE and len(tokens) == 1
    return True


def _phone_stand_in(value: str) -> bool:
    """A phone field's stand-in that says what belongs there ("(areaCode) your-phone#", "my-phone-nr")."""
    return bool(
        _PHONE_WORD_RE.search(value)
        and len(value.split()) <= 3
        and not _PHONE_LABEL_RE.fullmatch(value)
        and re.search(r"[#()_]|\b(?:your|my|min|dit|nummer|number|nr)\b", value, re.IGNORECASE)
    )


def _fields(text: str, view: str, start: int, end: int) -> Iterable[tuple[int, int, bool]]:
    """Fields of a line (start, end, after an icon): split at separators and icon glyphs."""
    pos = start
    pieces: list[tuple[int, int, bool]] = []
    icon_before = any(is_icon_char(c) for c in text[max(0, start - 2) : start])
    # separators, and icon glyphs inside the line: an icon between two values labels the second
    seps = [(m.start(), m.end()) for m in _FIELD_SEP_RE.finditer(view, start, end)]
    seps += [(i, i + 1) for i in range(start, end) if is_icon_char(text[i]) and i > start]
    merged: list[Span] = []
    for ss, se in sorted(seps):
        if merged and ss <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(se, merged[-1][1]))
        else:
            merged.append((ss, se))
    for ss, se in merged:
        if ss > pos:
            pieces.append((pos, ss, icon_before))
        icon_before = any(is_icon_char(c) for c in text[ss:se])
        pos = se
    if pos < end:
        pieces.append((pos, end, icon_before))
    for s, e, icon in pieces:
        while s < e and view[s].isspace():
            s += 1
        while e > s and view[e - 1].isspace():
            e -= 1
        # an icon font without a Unicode map extracts its glyphs as a letter or symbol alone before the value
        # ("ð aaden57", "+ Brøndby, Danmark", "I 5725 2139"): one character and a space is a label
        glyph = _GLYPH_LABEL_RE.match(text, s, e)
        if glyph:
            s, icon = glyph.end(), True
        if e > s:
            yield s, e, icon or any(is_icon_char(c) for c in text[max(start, s - 2) : s])
