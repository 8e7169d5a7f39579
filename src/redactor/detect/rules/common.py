"""Shared pieces of the rule recognizers: the hit type, gazetteers, text helpers and date parsing."""

from __future__ import annotations

import calendar
import gzip
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType

from redactor.models import find_models
from redactor.types import Category


@dataclass(frozen=True, slots=True)
class RuleHit:
    """One match of a rule recognizer: a category and a character span of the analysed text."""

    category: Category
    start: int
    end: int
    score: float
    source: str


# ---------------------------------------------------------------------------------------------- text helpers
UP = "A-ZÆØÅÄÖÜÉÈÁÀÓÍÚÇŞĞİŁŚŻŹĆŃ"
LO = "a-zæøåäöüéèáàóíúçşğıłśżźćńß"
LETTER = rf"[{UP}{LO}]"
CAP_WORD = rf"[{UP}][{LO}{UP}'’.-]*"
DASH = "-\u2010\u2011\u2012\u2013\u2014\u2212"
DASH_CLASS = f"[{DASH}]"

_DA_FUNC = frozenset(
    [
        "og",
        "i",
        "at",
        "er",
        "en",
        "et",
        "til",
        "på",
        "det",
        "med",
        "for",
        "som",
        "af",
        "den",
        "de",
        "har",
        "ikke",
        "jeg",
        "var",
        "min",
        "mit",
        "mine",
        "også",
        "kan",
        "om",
        "ved",
        "fra",
        "hos",
        "under",
        "blev",
        "bl.a.",
        "hvor",
        "samt",
        "efter",
    ]
)
_EN_FUNC = frozenset(
    [
        "and",
        "the",
        "of",
        "to",
        "in",
        "is",
        "a",
        "an",
        "for",
        "with",
        "as",
        "on",
        "was",
        "my",
        "i",
        "have",
        "has",
        "be",
        "at",
        "by",
        "from",
        "where",
    ]
)
_WORD_RE = re.compile(rf"{LETTER}+(?:\.{LETTER}\.)?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Gated:
    """A compiled pattern that only runs when one of its gate substrings occurs in the lowercased text.

    Every match of ``pattern`` must contain one of ``gates`` (lowercase); no gates means always run.
    Case-insensitive patterns without upper-case letters are compiled case-sensitively and run over the
    lowercased text (same offsets), which is several times faster in ``re``. Read case-sensitive content
    of such matches from the original text by offsets.
    """

    pattern: re.Pattern[str]
    gates: tuple[str, ...] = ()
    on_low: bool = False

    def active(self, low: str) -> bool:
        return not self.gates or any(g in low for g in self.gates)

    def finditer(self, text: str, low: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        """Matches in ``text[pos:endpos]``; with gates, only the windows around gate occurrences are scanned."""
        end = len(text) if endpos is None else endpos
        src = low if self.on_low else text
        if not self.gates:
            return self.pattern.finditer(src, pos, end)
        hits: list[int] = []
        for g in self.gates:
            i = low.find(g, pos, end)
            while i >= 0 and len(hits) <= _DENSE:
                hits.append(i)
                i = low.find(g, i + 1, end)
        if not hits:
            return iter(())
        if len(hits) > _DENSE:
            return self.pattern.finditer(src, pos, end)
        return self._windows(src, sorted(hits), pos, end)

    def _windows(self, src: str, hits: list[int], pos: int, end: int) -> Iterator[re.Match[str]]:
        # a match holding a gate starts at most _BEFORE characters before it; windows end at a line end
        spans: list[list[int]] = []
        for h in hits:
            a = max(pos, h - _BEFORE)
            nl = src.find("\n", min(end, h + _AFTER), end)
            b = end if nl < 0 else nl
            if spans and a <= spans[-1][1]:
                spans[-1][1] = max(spans[-1][1], b)
            else:
                spans.append([a, b])
        last_end = -1
        for a, b in spans:
            for m in self.pattern.finditer(src, a, b):
                if m.start() >= last_end:
                    yield m
            last_end = b

    def search(self, text: str, low: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        end = len(text) if endpos is None else endpos
        return self.pattern.search(low if self.on_low else text, pos, end)


_DENSE = 48  # more gate occurrences than this: scan the whole text at once
_BEFORE = 100
_AFTER = 160
_ESCAPE_RE = re.compile(r"\\.|\(\?P[<=]")


def gated(pattern: str, gates: str | tuple[str, ...] = (), flags: int = re.IGNORECASE) -> Gated:
    """Compile ``pattern`` with gate substrings (a space-separated string or a tuple)."""
    keys = tuple(gates.split()) if isinstance(gates, str) else gates
    bare = _ESCAPE_RE.sub("", pattern)
    if flags == re.IGNORECASE and bare == bare.lower():
        return Gated(re.compile(pattern), keys, True)
    return Gated(re.compile(pattern, flags), keys, False)


def lower_same_length(text: str) -> str:
    """``text.lower()`` with offsets preserved (characters whose lowercase is longer are kept as is)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


_TOKEN_RE = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


def word_tokens(text: str) -> list[tuple[int, int, str]]:
    """Letter-only words (hyphen/apostrophe compounds kept whole) as (start, end, word)."""
    return [(m.start(), m.end(), m.group(0)) for m in _TOKEN_RE.finditer(text)]


_HAS_DIGIT_RE = re.compile(r"\d")


def has_digit(text: str) -> bool:
    return _HAS_DIGIT_RE.search(text) is not None


def fold(value: str) -> str:
    """Casefold and spell Danish letters in ASCII (æ->ae, ø->oe, å->aa); strip other diacritics."""
    s = value.casefold().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    if s.isascii():
        return s
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def unit_language(text: str, default: str) -> str:
    """Guess "da" or "en" for one text unit from function words; fall back to ``default`` when unsure."""
    da = en = 0
    for w in _WORD_RE.findall(text.lower()):
        in_da, in_en = w in _DA_FUNC, w in _EN_FUNC
        if in_da and not in_en:
            da += 1
        elif in_en and not in_da:
            en += 1
        if "æ" in w or "ø" in w or "å" in w:
            da += 1
    if da + en < 2 or da == en:
        return default if default in ("da", "en") else "da"
    return "da" if da > en else "en"


def line_span(text: str, pos: int) -> tuple[int, int]:
    """Start and end offsets of the line holding ``pos``."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, (len(text) if end < 0 else end)


# A field value runs to the end of the line, a separator (tab, |, •, ·, two spaces) or the next "Label:".
_VALUE_END = re.compile(
    rf"\s*(?:\n|\t|\||•|·|▪|◦|;|\s{{2,}}|$)|\s+(?=[{UP}][{LO}]+(?:[ -][{LO}{UP}]+)?\s?:(?!\d))"
    rf"|(?<=[{UP}{LO}]{{3}})\.\s+(?=[{UP}][{LO}])"  # "Islam. Jeg beder ...": a sentence ends the value
)


def value_end(text: str, start: int, *, limit: int = 120) -> int:
    """End offset of a label's value starting at ``start`` (trailing spaces and punctuation removed)."""
    m = _VALUE_END.search(text, start, min(len(text), start + limit))
    end = m.start() if m else min(len(text), start + limit)
    while end > start and text[end - 1] in " .,;:-–":
        if text[end - 1] == "." and end - start >= 2 and text[end - 2].isalpha() and end - start <= 3:
            break
        end -= 1
    return end


_VALUE_GAP_RE = re.compile(r"[ \t]*[:\-–]?[ \t]*(\n?)[ \t]*")
# a line that opens with a short label and its colon ("Civilstand:", "Marital status: Single")
_LABEL_LINE_RE = re.compile(rf"[{UP}{LO}][{UP}{LO}.\-]*(?:[ \t]+[{UP}{LO}][{UP}{LO}.\-]*){{0,2}}[ \t]*:(?!\d)")


# the labels of a personal-details table: a "value" that is one of them is the next row's label (its own value
# removed, or written in another column)
_DETAIL_LABEL_RE = re.compile(
    r"(?:nationalitet|nationality|statsborgerskab|citizenship|fødested|fødeby|place\s+of\s+birth|birthplace|"
    r"religion|modersmål|mother\s+tongue|civilstand|marital\s+status|køn|gender|sex|fødselsdato|date\s+of\s+birth|"
    r"alder|age|kørekort|driving\s+licen[cs]e|børn|children|adresse|address|telefon|phone|e-?mail)\s*:?",
    re.IGNORECASE,
)


def is_detail_label(value: str) -> bool:
    """Whether ``value`` is itself a personal-details label ("Nationalitet", "Marital status:")."""
    return bool(_DETAIL_LABEL_RE.fullmatch(value.strip()))


def value_start(text: str, start: int) -> int:
    """Skip spaces, a colon/dash and at most one newline after a label.

    A label with nothing after it on its line, followed by a line that opens with another label ("Nationalitet:"
    then "Civilstand: Gift", as a form looks once its values are removed), has no value: the offset returned is
    the line end, so :func:`value_end` finds an empty value.
    """
    m = _VALUE_GAP_RE.match(text, start)
    if not m:
        return start
    if m.group(1) and _LABEL_LINE_RE.match(text, m.end()):
        return m.start(1)
    return m.end()


def merge_hits(hits: Iterable[RuleHit]) -> list[RuleHit]:
    """Union overlapping hits of the same category (best score and source win); sort by offset."""
    by_cat: dict[Category, list[RuleHit]] = {}
    for h in hits:
        if h.end > h.start:
            by_cat.setdefault(h.category, []).append(h)
    out: list[RuleHit] = []
    for cat, items in by_cat.items():
        items.sort(key=lambda h: (h.start, -h.end))
        cur = items[0]
        for h in items[1:]:
            if h.start < cur.end:
                best = h if h.score > cur.score else cur
                cur = RuleHit(cat, cur.start, max(cur.end, h.end), best.score, best.source)
            else:
                out.append(cur)
                cur = h
        out.append(cur)
    out.sort(key=lambda h: (h.start, -h.end, h.category.value))
    return out


def overlaps(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


# ---------------------------------------------------------------------------------------------- dates
MONTHS: Mapping[str, int] = MappingProxyType(
    {
        "januar": 1,
        "january": 1,
        "jan": 1,
        "februar": 2,
        "february": 2,
        "feb": 2,
        "marts": 3,
        "march": 3,
        "mar": 3,
        "april": 4,
        "apr": 4,
        "maj": 5,
        "may": 5,
        "juni": 6,
        "june": 6,
        "jun": 6,
        "juli": 7,
        "july": 7,
        "jul": 7,
        "august": 8,
        "aug": 8,
        "september": 9,
        "sep": 9,
        "sept": 9,
        "oktober": 10,
        "october": 10,
        "okt": 10,
        "oct": 10,
        "november": 11,
        "nov": 11,
        "december": 12,
        "dec": 12,
    }
)
MONTH_RE = (
    r"(?:jan(?:uar|uary)?|feb(?:ruar|ruary)?|mar(?:ts|ch)?|apr(?:il)?|maj|may|jun[ie]?|jul[iy]?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|o[ck]t(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-zæøå])\.?"
)
_B = r"(?<![\w.,/-])"  # left boundary for a date (only where a letter comes first)
_D1 = r"\d(?<![\w.,/-]\d)"  # a first digit with the same boundary, digit first so scans stay fast
_E = r"(?![\w/]|[.,-]\d)"  # right boundary
_MONTH_GATES = ("jan", "feb", "mar", "apr", "maj", "may", "jun", "jul", "aug", "sep", "okt", "oct", "nov", "dec")

# Full dates (day, month, year); each pattern names its groups d, m (number) or mon (name), y.
FULL_DATE_PATTERNS: tuple[Gated, ...] = (
    # 12. marts 1988 / 12 March 1988 / 4. jan. 1990 / 4th of March 1988
    gated(
        rf"(?P<d>{_D1}\d?)(?:\.|st|nd|rd|th)?\s*(?:of\s+)?(?P<mon>{MONTH_RE}),?\s*(?P<y>\d{{4}}|'\d{{2}})" + _E,
        _MONTH_GATES,
    ),
    # March 12, 1988
    gated(_B + rf"(?P<mon>{MONTH_RE})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})" + _E, _MONTH_GATES),
    # 12-03-1988 / 01.01.2000 / 12/3/88
    gated(rf"(?P<d>{_D1}\d?)(?P<s>[./-])(?P<m>\d{{1,2}})(?P=s)(?P<y>\d{{4}}|\d{{2}})" + _E, flags=0),
    # 12/3-88 / 1/1 2000 / 1/1-00
    gated(rf"(?P<d>{_D1}\d?)/(?P<m>\d{{1,2}})(?:-| )(?P<y>\d{{4}}|\d{{2}})" + _E, flags=0),
    # ISO 1988-03-12
    gated(rf"(?P<y>{_D1}\d{{3}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})" + _E, flags=0),
)
# Month and year without a day: "marts 1988", "03/1988", "03.1988".
MONTH_YEAR_PATTERNS: tuple[Gated, ...] = (
    gated(_B + rf"(?P<mon>{MONTH_RE})\s*(?P<y>\d{{4}})" + _E, _MONTH_GATES),
    gated(rf"(?P<m>{_D1}\d?)[./-](?P<y>\d{{4}})" + _E, flags=0),
)
YEAR_RE = gated(r"(?P<y>(?:1(?<![\w.,/-]1)9|2(?<![\w.,/-]2)0)\d{2})(?![\w/]|[.,]\d)", flags=0)


@dataclass(frozen=True, slots=True)
class DateMatch:
    """A parsed date in a text: span, fields, and how precise it is ("day", "month", "year")."""

    start: int
    end: int
    year: int
    month: int
    day: int
    precision: str


def _year(raw: str, today: date) -> int:
    raw = raw.lstrip("'")
    y = int(raw)
    if len(raw) == 2:
        y += 1900 if y > today.year % 100 else 2000
    return y


def _month(m: re.Match[str]) -> int:
    if m.groupdict().get("mon"):
        return MONTHS.get(m.group("mon").lower().rstrip("."), 0)
    return int(m.group("m"))


def find_dates(
    text: str,
    today: date,
    *,
    full_only: bool = False,
    pos: int = 0,
    endpos: int | None = None,
    low: str | None = None,
) -> list[DateMatch]:
    """All valid dates in ``text[pos:endpos]``, longest first where they overlap; sorted by start."""
    end_at = len(text) if endpos is None else endpos
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    groups: list[tuple[tuple[Gated, ...], str]] = [(FULL_DATE_PATTERNS, "day")]
    if not full_only:
        groups += [(MONTH_YEAR_PATTERNS, "month"), ((YEAR_RE,), "year")]
    low = lower_same_length(text) if low is None else low
    window = low[pos:end_at]
    for patterns, precision in groups:
        for rule in patterns:
            if not rule.active(window):
                continue
            for m in rule.finditer(text, low, pos, end_at):
                if overlaps(m.start(), m.end(), taken):
                    continue
                y = _year(m.group("y"), today)
                mo = _month(m) if precision != "year" else 1
                d = int(m.group("d")) if precision == "day" else 1
                if not (1 <= mo <= 12) or not (1800 <= y <= today.year + 1):
                    continue
                if not 1 <= d <= calendar.monthrange(y, mo)[1]:
                    continue
                found.append(DateMatch(m.start(), m.end(), y, mo, d, precision))
                taken.append((m.start(), m.end()))
    found.sort(key=lambda x: x.start)
    return found


def is_compact_date(raw: str) -> bool:
    """Eight digits that read as a date YYYYMMDD of 1900-2099 ("20211117"): a version or a date, not a phone."""
    digits = re.sub(r"\D", "", raw)
    if len(digits) != 8 or not digits.startswith(("19", "20")) or digits != raw.strip():
        return False
    y, m, d = int(digits[:4]), int(digits[4:6]), int(digits[6:])
    return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]


def years_before(today: date, year: int, month: int, day: int) -> float:
    return (today - date(year, month, day)).days / 365.25


# ---------------------------------------------------------------------------------------------- gazetteers
@dataclass(frozen=True, slots=True)
class Gazetteers:
    """Compiled lookup lists (all keys folded with :func:`fold`)."""

    postcodes: Mapping[str, frozenset[str]]  # "2200" -> {"koebenhavn n"}
    towns: frozenset[str]
    streets: frozenset[str]  # street names that are safe on their own
    weak_streets: frozenset[str]  # one-word names that are also common words: need more evidence
    countries: frozenset[str]
    nat_adj_da: frozenset[str]
    nat_noun_da: frozenset[str]
    demonyms_en: frozenset[str]
    languages: frozenset[str]
    religion_strong: frozenset[str]
    religion_weak: frozenset[str]
    # world cities and districts, folded name -> country codes ("lahore" -> {"PK"}); Danish towns are in ``towns``
    cities: Mapping[str, frozenset[str]] = field(default_factory=lambda: MappingProxyType({}))
    # country code -> folded country names, and back (for phone region evidence)
    country_codes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def max_country_words(self) -> int:
        return 5


def _tsv(path: Path) -> Iterator[list[str]]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            yield line.split("\t")


def load_gazetteers(models_dir: Path | None = None) -> Gazetteers:
    """Read the compiled gazetteers from ``<models_dir>/gazetteers``.

    Args:
        models_dir: the models folder; found by :func:`redactor.models.find_models` when None.
    Raises:
        ModelsMissingError: the compiled gazetteers are not there (build them with scripts/build_gazetteers.py).
    """
    base = find_models(models_dir, ("gazetteers",)) / "gazetteers"
    postcodes: dict[str, set[str]] = {}
    for code, town in _tsv(base / "postcodes.tsv"):
        postcodes.setdefault(code, set()).add(fold(town))
    strong: set[str] = set()
    weak: set[str] = set()
    with gzip.open(base / "streets_da.tsv.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            name, _, flag = line.rstrip("\n").partition("\t")
            (weak if flag == "w" else strong).add(name)
    country_rows = list(_tsv(base / "countries.tsv"))
    countries = {fold(n) for row in country_rows for n in row[1].split("|")}
    country_codes = {fold(n): row[0] for row in country_rows if row[0] != "XX" for n in row[1].split("|")}
    nat_adj: set[str] = set()
    nat_noun: set[str] = set()
    for row in _tsv(base / "nationalities_da.tsv"):
        (nat_adj if row[1] == "adj" else nat_noun).add(fold(row[0]))
    demonyms: set[str] = set()
    for row in _tsv(base / "demonyms_en.tsv"):
        if row[0].startswith("@"):
            countries.add(fold(row[0][1:]))
        else:
            demonyms.add(fold(row[0]))
    demonyms.update(fold(r[0]) for r in _tsv(base / "ethnic_en.tsv"))
    languages = {fold(n) for row in _tsv(base / "languages.tsv") for n in row[1:3]}
    rel_strong = {fold(r[0]) for r in _tsv(base / "religion.tsv") if r[2] == "strong"}
    rel_weak = {fold(r[0]) for r in _tsv(base / "religion.tsv") if r[2] == "weak"}
    cities: dict[str, frozenset[str]] = {}
    if (base / "cities.tsv.gz").is_file():
        with gzip.open(base / "cities.tsv.gz", "rt", encoding="utf-8") as fh:
            for line in fh:
                name, _, codes = line.rstrip("\n").partition("\t")
                cities[name] = frozenset(codes.split(","))
    return Gazetteers(
        postcodes=MappingProxyType({k: frozenset(v) for k, v in postcodes.items()}),
        towns=frozenset(t for ts in postcodes.values() for t in ts),
        streets=frozenset(strong),
        weak_streets=frozenset(weak),
        countries=frozenset(countries),
        nat_adj_da=frozenset(nat_adj),
        nat_noun_da=frozenset(nat_noun),
        demonyms_en=frozenset(demonyms),
        languages=frozenset(languages),
        religion_strong=frozenset(rel_strong),
        religion_weak=frozenset(rel_weak),
        cities=MappingProxyType(cities),
        country_codes=MappingProxyType(country_codes),
    )
