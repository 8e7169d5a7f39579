"""The detect stage: rule recognizers, the name detector and the applicant's form data over every unit."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from wordfreq import zipf_frequency

from redactor.config import Config
from redactor.textnorm import loose_fold
from redactor.types import Applicant, Category, Finding, TextUnit

if TYPE_CHECKING:
    from redactor.detect.layout import BlockLine
    from redactor.detect.rules import RuleSet

# Author values that software writes when it knows no person: not names.
_PLACEHOLDER_AUTHORS = frozenset(
    [
        "microsoft office user",
        "microsoft office-bruger",
        "office user",
        "user",
        "bruger",
        "admin",
        "administrator",
        "owner",
        "windows user",
        "windows-bruger",
        "unknown",
        "ukendt",
        "author",
        "forfatter",
        "python-docx",
        "pc",
        "hp",
        "dell",
        "lenovo",
        "default",
        "standard",
        "guest",
        "gæst",
        "root",
        "apple",
        "mac",
        "ejer",
        "cv",
        "resume",
    ]
)
_AUTHOR_KEYS = frozenset({"author", "lastModifiedBy", "creator_person", "last_modified_by", "manager"})
_MONTHS = {
    "da": [
        "januar",
        "februar",
        "marts",
        "april",
        "maj",
        "juni",
        "juli",
        "august",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ],
}


def detect_language(units: Iterable[TextUnit]) -> str:
    """Tell Danish from English by the function words of the body text (the rules' own guesser)."""
    from redactor.detect.rules.common import unit_language

    kinds = ("body", "header", "footer", "textbox", "table", "ocr")
    return unit_language("\n".join(u.text for u in units if u.kind in kinds), "da")


class Detector:
    """Runs every recognizer over a document's units; models are loaded once per instance."""

    def __init__(self, config: Config, models_dir: Path | None = None) -> None:
        from redactor.detect.names import NameDetector
        from redactor.detect.rules import RuleSet

        self.config = config
        self.rules = RuleSet(models_dir)
        self.names = NameDetector(models_dir)

    def detect(
        self,
        units: Sequence[TextUnit],
        applicant: Applicant | None = None,
        *,
        lang: str = "da",
        label_pairs: bool = True,
    ) -> list[Finding]:
        """Find personal data in the units.

        Args:
            units: every text channel of the document.
            applicant: form data, used as the strongest signal when given.
            lang: "da" or "en".
            label_pairs: also analyse labels joined with the value in the next unit or line. Off when
                checking a redacted output, where a label whose value was removed meets unrelated text.
        Returns:
            Findings with offsets into each unit's text (overlaps are resolved by the decide stage).
        """
        findings: list[Finding] = []
        for unit in units:
            if not unit.text.strip():
                continue
            for hit in self.rules.analyze(unit.text, lang=lang):
                findings.append(
                    Finding(
                        hit.category, unit.id, hit.start, hit.end, hit.score, hit.source, unit.text[hit.start : hit.end]
                    )
                )
        if label_pairs:
            findings.extend(_label_value_pairs(self.rules, units, lang))
        findings.extend(_contact_block_findings(self.rules, units, findings))
        findings.extend(_wrapped_across_units(self.rules, units, lang))
        findings.extend(self.names.detect(units, applicant, lang=lang))
        findings.extend(_metadata_authors(units))
        if applicant is not None and not applicant.is_empty():
            findings.extend(_applicant_contacts(units, applicant))
        findings.extend(propagate_identifiers(units, findings, self.config.redact_threshold))
        if self.config.deny_list:
            findings.extend(term_findings(units, self.config.deny_list))
        return findings


_LABEL_KINDS = frozenset({"body", "header", "footer", "textbox", "table", "ocr", "footnote", "endnote"})


def _is_label(text: str) -> bool:
    """A short text ending in a colon ("Børn:", "Alder:", "Modersmål:") whose value sits elsewhere."""
    t = text.strip()
    return 1 < len(t) <= 40 and t.endswith(":") and "\n" not in t


# Personal-details labels that table layouts write without a colon ("Fødselsdato | 12-03-1988"); not
# "Modersmål", which a languages table writes as the value beside a language ("Dansk | Modersmål").
_BARE_LABELS = frozenset(
    [
        "fødselsdato", "født", "fødselsdag", "date of birth", "birth date", "birthdate", "birthday", "dob",
        "alder", "age", "nationalitet", "nationality", "statsborgerskab", "citizenship", "religion", "civilstand",
        "marital status", "børn", "children",
        "køn", "gender", "sex", "fødested", "place of birth", "fødeland", "country of birth", "adresse",
        "address", "bopæl", "telefon", "tlf", "tlf.", "mobil", "phone", "mobile", "e-mail", "email",
        "linkedin", "github", "gitlab", "twitter", "xing", "skype", "instagram", "facebook", "website",
        "hjemmeside", "portfolio",
    ]
)  # fmt: skip


def _label_text(text: str) -> str | None:
    """The label to join with a value: "Label:" as written, or a bare personal-details label with a colon added."""
    if _is_label(text):
        return text.strip()
    t = text.strip()
    if t and len(t) <= 30 and t[0].isupper() and t.casefold() in _BARE_LABELS:
        return t + ":"
    return None


def _adjacent(label: TextUnit, value: TextUnit) -> bool:
    """On a page, a label's value sits right of it on the same line or on the next line below it."""
    lw = [w.bbox for w in label.words if w.bbox is not None]
    vw = [w.bbox for w in value.words if w.bbox is not None]
    if not lw or not vw:
        return True  # no geometry (DOCX): document order is all there is
    last, first = lw[-1], vw[0]
    height = max(last.height, 1.0)
    same_line = abs((first.y0 + first.y1) / 2 - (last.y0 + last.y1) / 2) < height * 0.6 and first.x0 >= last.x0
    below = 0 <= first.y0 - last.y1 < height * 1.6 and first.x0 < last.x1 + height * 2
    return same_line or below


def _value_after_label(rules, label: str, value: str, unit: TextUnit, at: int, lang: str) -> Iterator[Finding]:  # type: ignore[no-untyped-def]
    """Analyse "label value" joined; yield the hits inside the value, which starts at ``at`` in ``unit``."""
    if _is_label(value) or not value.strip("[]█ \u00a0"):
        return  # the value is another label, or empty, or already redacted
    label = label.strip()
    offset = len(label) + 1
    for hit in rules.analyze(f"{label} {value}", lang=lang):
        if hit.end <= offset:
            continue
        start = at + max(hit.start, offset) - offset
        end = at + hit.end - offset
        yield Finding(hit.category, unit.id, start, end, hit.score, hit.source + "+label", unit.text[start:end])


_NATIVE_MARKS = frozenset(
    ["modersmål", "mother tongue", "native", "native speaker", "native language", "first language", "førstesprog"]
)


def _is_native_mark(text: str) -> bool:
    """A table cell that says "mother tongue" about the language in the cell before it."""
    return text.strip().strip("():").strip().casefold() in _NATIVE_MARKS


def _language_before_mark(rules, prev: TextUnit, mark: TextUnit, lang: str) -> Iterator[Finding]:  # type: ignore[no-untyped-def]
    """A row "Somali | Modersmål": analyse "Somali (Modersmål)"; a mother-tongue hit takes language and mark."""
    lines = prev.text.split("\n")
    language = lines[-1].strip()
    if not language or len(language) > 40:
        return
    at = prev.text.rfind(language)
    joined = f"{language} ({mark.text.strip()})"
    for hit in rules.analyze(joined, lang=lang):
        if hit.category is Category.ETHNICITY and hit.start < len(language) and hit.end > len(language):
            start, end = at + hit.start, at + len(language)
            source = hit.source + "+cell"
            yield Finding(hit.category, prev.id, start, end, hit.score, source, prev.text[start:end])
            yield Finding(hit.category, mark.id, 0, len(mark.text), hit.score, source, mark.text)
            return


def _label_value_pairs(rules, units: Sequence[TextUnit], lang: str) -> Iterator[Finding]:  # type: ignore[no-untyped-def]
    """Labels and values split over two units or two lines: analyse them joined, keep hits in the value.

    Table cells (DOCX paragraphs, PDF blocks side by side) and "Label:\nvalue" layouts put the label out of
    the value's reach; joining "Label: value" lets the label-driven rules see both.
    """
    body = [u for u in units if u.kind in _LABEL_KINDS]  # empty units stay: they separate label from text
    for prev, unit in zip(body, body[1:], strict=False):
        label = _label_text(prev.text)
        if label and prev.page == unit.page and prev.ref == unit.ref and _adjacent(prev, unit):
            yield from _value_after_label(rules, label, unit.text.split("\n", 1)[0], unit, 0, lang)
        if prev.page == unit.page and prev.ref == unit.ref and _is_native_mark(unit.text) and _adjacent(prev, unit):
            yield from _language_before_mark(rules, prev, unit, lang)
    for unit in body:
        if "\n" not in unit.text:
            continue
        lines = unit.text.split("\n")
        pos = 0
        for a, b in zip(lines, lines[1:], strict=False):
            pos += len(a) + 1
            label = _label_text(a)
            if label:
                yield from _value_after_label(rules, label, b, unit, pos, lang)


def _continues(prev: TextUnit, unit: TextUnit) -> bool:
    """Whether ``unit`` carries on the sentence that ``prev`` leaves open: the next line of the same column."""
    if prev.page != unit.page or not prev.words or not unit.words:
        return False
    last, first = prev.words[-1].bbox, unit.words[0].bbox
    if last is None or first is None or prev.text.rstrip()[-1:] in ".!?:;":
        return False
    tail = prev.text.rsplit("\n", 1)[-1].split()
    if len(tail) < 3 or not tail[-1][:1].islower():
        return False  # a heading or a label line ("Contact", "Kontakt"), not a sentence running on
    height = max(last.height, 1.0)
    starts = [w.bbox.x0 for w in prev.words if w.bbox is not None and w.line == prev.words[-1].line]
    line_start = min(starts) if starts else last.x0
    return 0 <= first.y0 - last.y1 < height * 0.8 and abs(first.x0 - line_start) < height * 1.5


def _wrapped_across_units(rules: RuleSet, units: Sequence[TextUnit], lang: str) -> Iterator[Finding]:
    """A sentence that a PDF producer split into two blocks ("Jeg kom til" | "Danmark fra Somalia"):
    analyse the last line of one block with the first line of the next, keep the hits that cross the seam."""
    body = [u for u in units if u.kind in ("body", "textbox", "ocr") and u.words]
    for prev, unit in zip(body, body[1:], strict=False):
        if not _continues(prev, unit):
            continue
        a_start = prev.text.rfind("\n") + 1
        a = prev.text[a_start:]
        b = unit.text.split("\n", 1)[0]
        seam = len(a)
        for hit in rules.analyze(f"{a} {b}", lang=lang):
            if not (hit.start < seam < hit.end):
                continue
            s1, e2 = a_start + hit.start, hit.end - seam - 1
            if s1 < len(prev.text):
                yield Finding(
                    hit.category, prev.id, s1, len(prev.text), hit.score, hit.source + "+wrap", prev.text[s1:]
                )
            if e2 > 0:
                yield Finding(hit.category, unit.id, 0, e2, hit.score, hit.source + "+wrap", unit.text[:e2])


_BLOCK_BIRTHDATE_SCORE = 0.8
# a letter's sender lines start within the first lines of its head (the name, a tagline)
_MAX_SENDER_START = 5
# a line of the head that opens the recipient's part: an attention line, a company, an office
_RECIPIENT_RE = re.compile(
    r"\b(?:att|attn|attention|til|to|an|à|recipient|modtager|empfänger|hiring|hr|human\s+resources|"
    r"personaleafdeling\w*|personalabteilung|rekruttering|recruit\w*|company|firma|kommune|region|"
    r"a/s|aps|inc|ltd|llc|gmbh|ag|sa|srl|bv|ab|as|oy)\b\.?",
    re.IGNORECASE,
)
_BLOCK_TAKEN = frozenset(
    {Category.EMAIL, Category.URL, Category.PHONE, Category.ADDRESS, Category.CPR, Category.BIRTHDATE}
)


def _contact_block_findings(rules: RuleSet, units: Sequence[TextUnit], found: Sequence[Finding]) -> Iterator[Finding]:
    """Residence, national-format phones, bare streets and handles on the lines of the contact block."""
    from redactor.detect.layout import contact_block, letter_head

    block = contact_block(units)
    by_id = {u.id: u for u in units}
    regions = rules.regions(u.text for u in units if u.kind in _LABEL_KINDS)
    taken: dict[str, list[tuple[int, int]]] = {}
    addresses: dict[str, list[tuple[int, int]]] = {}
    for f in found:
        if f.category in _BLOCK_TAKEN:
            taken.setdefault(f.unit_id, []).append((f.start, f.end))
        if f.category is Category.ADDRESS:
            addresses.setdefault(f.unit_id, []).append((f.start, f.end))
    # a line holding only a phone number is one wherever the layout put it
    for unit in units:
        if unit.kind in _LABEL_KINDS and any(ch.isdigit() for ch in unit.text):
            spans = taken.setdefault(unit.id, [])
            for hit in rules.analyze_number_lines(unit.text, regions, spans):
                spans.append((hit.start, hit.end))
                yield Finding(
                    hit.category, unit.id, hit.start, hit.end, hit.score, hit.source, unit.text[hit.start : hit.end]
                )
    head = letter_head(units)
    if not block and not head:
        return
    # a full date alone on a contact-block line, beside the phone and email, is the applicant's birthdate even
    # without a label (the lone-date rule alone only asks for review: a letter's date looks the same)
    for f in found:
        lone = f.source == "rules.birthdate.lone" and f.score < _BLOCK_BIRTHDATE_SCORE
        if lone and block.line_at(f.unit_id, f.start):
            yield Finding(f.category, f.unit_id, f.start, f.end, _BLOCK_BIRTHDATE_SCORE, f.source + "+block", f.text)

    def read(line: BlockLine, *, address_only: bool) -> Iterator[Finding]:
        unit = by_id[line.unit_id]
        spans = taken.setdefault(unit.id, [])
        for hit in rules.analyze_block_line(unit.text, line, regions, spans, address_only=address_only):
            spans.append((hit.start, hit.end))
            if hit.category is Category.ADDRESS:
                addresses.setdefault(unit.id, []).append((hit.start, hit.end))
            yield Finding(
                hit.category, unit.id, hit.start, hit.end, hit.score, hit.source, unit.text[hit.start : hit.end]
            )

    def holds(spans: dict[str, list[tuple[int, int]]], line: BlockLine) -> bool:
        return any(s < line.end and line.start < e for s, e in spans.get(line.unit_id, ()))

    for line in block.lines:
        yield from read(line, address_only=False)
    # the rest of a residence written over several lines: the line beside an address line, read for an address
    for line in [b for b in block.lines if holds(addresses, b)]:
        for near in block.beside(line):
            yield from read(near, address_only=True)
    # an address line read whole: what lies between and after the address pieces found on a contact-block line,
    # when it is only places and postcodes ("Flat 2, 17 Wilmslow Road, Manchester M14 5TQ"; "4127 Maple Avenue,
    # Columbus, OH" over "43215")
    for line in [b for b in block.lines if holds(addresses, b)]:
        unit = by_id[line.unit_id]
        span = _address_line_span(unit.text, line, addresses.get(unit.id, []))
        if span is not None:
            s, e = span
            yield Finding(Category.ADDRESS, unit.id, s, e, 0.75, "rules.block.address_line", unit.text[s:e])
    # a letter head: the sender's lines come first, under the name; the address lines that follow another
    # line (a company, "Recipient", a date) are the recipient's and stay
    started = False
    for k, line in enumerate(head):
        text = by_id[line.unit_id].text[line.start : line.end]
        if not started and (k >= _MAX_SENDER_START or _RECIPIENT_RE.search(text)):
            break
        had_address = holds(addresses, line)
        hits = list(read(line, address_only=True))
        yield from hits
        if had_address or any(h.category is Category.ADDRESS for h in hits):
            started = True
        elif started and not holds(taken, line):
            break


# place words and postcodes after a street on its line: ", Columbus, OH", ", Manchester M14 5TQ", " 2300 København S"
_PLACE_PART = r"(?:[A-ZÆØÅÄÖÜ][\w'’.\-]*|[A-Z]{2}|\d{4,5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2})"
_PLACE_TAIL_RE = re.compile(rf"(?:[ \t]*,?[ \t]*{_PLACE_PART})+[ \t]*,?[ \t]*")
# a flat or unit before the street: "Flat 2, ", "Apt. 4B ", "Lejl. 3 "
_UNIT_BEFORE_RE = re.compile(r"(?:flat|apt\.?|apartment|suite|unit|lejl\.?|lejlighed)[ \t]*[\w\-]{1,4}[ \t]*,?[ \t]*$",
                             re.IGNORECASE)
# a line holding only a postcode (with a state), the end of a wrapped address line
_POSTCODE_LINE_RE = re.compile(
    r"[ \t]*(?:[A-Z]{2}[ \t]+)?(?:\d{4,5}(?:-\d{4})?|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2})[ \t]*"
)


def _address_line_span(text: str, line: BlockLine, spans: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """The whole address on a contact-block line around the address pieces found on it, or None if no more."""
    pieces = sorted((max(s, line.start), min(e, line.end)) for s, e in spans if s < line.end and line.start < e)
    if not pieces:
        return None
    start, end = pieces[0]
    for s, e in pieces[1:]:
        gap = text[end:s]
        if len(gap) <= 40 and (not gap.strip(" ,") or _PLACE_TAIL_RE.fullmatch(gap)):
            end = max(end, e)
        else:
            break
    rest = text[end : line.end]
    if rest.strip() and len(rest) <= 50 and _PLACE_TAIL_RE.fullmatch(rest):
        end = line.end - (len(rest) - len(rest.rstrip(" ,\t")))
        nxt = text.find("\n", line.end + 1)
        following = text[line.end + 1 : len(text) if nxt < 0 else nxt] if line.end < len(text) else ""
        if end == len(text[: line.end].rstrip(" ,\t")) and following and _POSTCODE_LINE_RE.fullmatch(following):
            end = line.end + 1 + len(following.rstrip())
    before = _UNIT_BEFORE_RE.search(text, line.start, start)
    if before:
        start = before.start()
    if (start, end) == pieces[0] or not any(ch.isalnum() for ch in text[start:end]):
        return None
    return start, end


def _metadata_authors(units: Sequence[TextUnit]) -> Iterator[Finding]:
    """An author field in metadata is a person's name: find it, and its parts everywhere."""
    names: set[str] = set()
    for unit in units:
        if unit.kind == "metadata" and unit.ref in _AUTHOR_KEYS:
            value = unit.text.strip()
            if (
                value
                and not any(ch.isdigit() for ch in value)
                and len(value) <= 80
                and value.casefold() not in _PLACEHOLDER_AUTHORS
                and any(ch.isalpha() for ch in value)
            ):
                yield Finding(Category.NAME, unit.id, 0, len(unit.text), 0.9, "metadata", unit.text)
                names.add(value)
    for name in names:
        yield from _find_parts(units, name, source="metadata-propagation", score=0.7)


def _find_parts(units: Sequence[TextUnit], name: str, *, source: str, score: float) -> Iterator[Finding]:
    parts = [p for p in re.split(r"[\s,]+", name) if len(p) >= 3 and p[0].isupper()]
    for part in parts:
        pat = re.compile(r"(?<!\w)" + re.escape(part) + r"s?(?!\w)", re.IGNORECASE)
        for unit in units:
            if unit.kind == "metadata":
                continue
            for m in pat.finditer(unit.text):
                yield Finding(Category.NAME, unit.id, m.start(), m.end(), score, source, m.group())


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


_SEPARATORS = frozenset(" -./()\u00a0\u2009\u2013")


def find_digit_sequence(
    units: Sequence[TextUnit], core: str, category: Category, score: float, source: str, *, lead: str = ""
) -> Iterator[Finding]:
    """Every place where the digits ``core`` are written, whatever the grouping ("12 34 56 78", "12345678").

    ``lead``: the digits written before ``core`` in the value it was taken from ("01" of "0170 567890" when
    ``core`` is its last eight digits); an occurrence preceded by them (or by their end: "0170" where the
    value was "+49 170") is the whole value, not part of a longer number.
    """
    for unit in units:
        text = unit.text
        positions = [i for i, ch in enumerate(text) if ch.isdigit()]
        digits = "".join(text[i] for i in positions)
        start = digits.find(core)
        while start >= 0:
            a, b = positions[start], positions[start + len(core) - 1] + 1
            for k in range(min(len(lead), start), 0, -1):
                head = positions[start - k]
                if digits[start - k : start] == lead[-k:] and all(
                    ch.isdigit() or ch in _SEPARATORS for ch in text[head:a]
                ):
                    a = head  # the number's own leading digits ("0170 567890" found by its last eight)
                    break
            inner_ok = all(ch.isdigit() or ch in _SEPARATORS for ch in text[a:b])
            outer_ok = (a == 0 or not text[a - 1].isdigit()) and (b == len(text) or not text[b].isdigit())
            if inner_ok and outer_ok:
                # include a +45 / 0045 prefix written in front
                m = re.search(r"(?:\+|00)\d{1,3}[ \u00a0]?$", text[max(0, a - 6) : a])
                if m:
                    a = a - (len(text[max(0, a - 6) : a]) - m.start())
                yield Finding(category, unit.id, a, b, score, source, text[a:b])
            start = digits.find(core, start + 1)


_PROPAGATED = frozenset({Category.EMAIL, Category.PHONE, Category.CPR, Category.URL, Category.ADDRESS})


def propagate_identifiers(
    units: Sequence[TextUnit], findings: Sequence[Finding], threshold: float
) -> Iterator[Finding]:
    """An identifier found once with confidence is found everywhere else it is written."""
    seen: set[tuple[Category, str]] = set()
    # a town or country found beside the address ("Deutschland" under "12345 Berlin") is repeated with it
    tails = sorted(
        {
            f.text.strip(" .,")
            for f in findings
            if f.category is Category.ADDRESS
            and f.score >= threshold
            and len(f.text.strip()) >= 4
            and not any(c.isdigit() for c in f.text)
            and "\n" not in f.text
        },
        key=len,
        reverse=True,
    )
    tail_re = (
        re.compile(r",?[ \t]*(?:" + "|".join(map(re.escape, tails)) + r")(?![\w@])", re.IGNORECASE) if tails else None
    )
    for f in findings:
        if f.category not in _PROPAGATED or f.score < threshold:
            continue
        if f.category in (Category.PHONE, Category.CPR):
            digits = _digits(f.text)
            core = digits[-8:] if f.category is Category.PHONE else digits
            if len(core) < 8 or (f.category, core) in seen:
                continue
            seen.add((f.category, core))
            lead = digits[: -len(core)] if f.category is Category.PHONE else ""
            yield from find_digit_sequence(units, core, f.category, 0.9, "propagation", lead=lead)
        else:
            value = f.text.strip().strip(".,;:()<>")
            if f.category is Category.ADDRESS and not _repeatable_address(value):
                continue  # a street or postcode line is the applicant's wherever it is repeated; a town alone is not
            values = [value]
            if f.category is Category.URL:
                values += _profile_user(value)  # "github.com/jdoe" -> "jdoe", written alone beside an icon
            for v in values:
                if len(v) < 6 and v == value or len(v) < 4 or (f.category, v.casefold()) in seen:
                    continue
                seen.add((f.category, v.casefold()))
                if v == value:
                    pat = re.compile(r"(?<![\w.@])" + re.escape(v) + r"(?![\w@])", re.IGNORECASE)
                else:  # a user name alone, not inside another URL or address
                    pat = re.compile(r"(?<![\w.@/\-])" + re.escape(v) + r"(?![\w@\-]|[./]\w)", re.IGNORECASE)
                for unit in units:
                    for m in pat.finditer(unit.text):
                        end = m.end()
                        if f.category is Category.ADDRESS and tail_re and (t := tail_re.match(unit.text, end)):
                            end = t.end()
                        yield Finding(
                            f.category, unit.id, m.start(), end, 0.9, "propagation", unit.text[m.start() : end]
                        )


# a street word in a street line: "Musterweg", "Strandvejen", "Baker St", "Rue X", "Calle 5"
_STREET_WORD_RE = re.compile(
    r"(?:vej|vejen|gade|gaden|allé|alle|allee|stræde|plads|torv|weg|straße|strasse|gasse|platz|laan|straat)\b|str\."
    r"|\b(?:street|st|road|rd|avenue|ave|lane|drive|way|boulevard|blvd|rue|via|calle|carrera|rua|avenida|ul)\b",
    re.IGNORECASE,
)


def _repeatable_address(value: str) -> bool:
    """An address line distinctive enough to find wherever it is repeated: a postcode with a town, or a street
    and house number; not a town alone, nor a word and a small number ("Python 3") that a block rule took."""
    if "\n" in value or not any(c.isdigit() for c in value):
        return False
    words = re.findall(r"[^\W\d_]{2,}", value)
    if not words:
        return False
    return bool(re.search(r"(?<!\d)\d{4,5}(?!\d)", value) or _STREET_WORD_RE.search(value) or len(words) >= 2)


_PROFILE_USER_RE = re.compile(
    r"(?:linkedin\.com/(?:in|pub)|github\.com|gitlab\.com|twitter\.com|x\.com|instagram\.com|behance\.net|"
    r"dribbble\.com|medium\.com/@?|kaggle\.com|xing\.com/profile)/@?(?P<user>[\w.\-]{4,60})",
    re.IGNORECASE,
)


def _profile_user(url: str) -> list[str]:
    """The user name in a profile URL, when it is distinctive (digits, a dot, a hyphen, or not a common word)."""
    m = _PROFILE_USER_RE.search(url)
    if not m:
        return []
    user = m.group("user").strip(".-")
    if user.isalpha() and zipf_frequency(user.lower(), "en") >= 3.0:
        return []  # "github.com/features": a page, not a person
    return [user]


def _applicant_contacts(units: Sequence[TextUnit], applicant: Applicant) -> Iterator[Finding]:
    """Match the form's email, phone, address and birthdate in any spelling."""
    if applicant.email:
        email = applicant.email.strip()
        pat = re.compile(re.escape(email), re.IGNORECASE)
        local = email.split("@", 1)[0]
        local_pat = None
        if len(local) >= 4:
            local_pat = re.compile(r"(?<![\w.])" + re.escape(local) + r"(?![\w])", re.IGNORECASE)
        for unit in units:
            for m in pat.finditer(unit.text):
                yield Finding(Category.EMAIL, unit.id, m.start(), m.end(), 1.0, "applicant", m.group())
            if local_pat:
                for m in local_pat.finditer(unit.text):
                    yield Finding(Category.URL, unit.id, m.start(), m.end(), 0.8, "applicant", m.group())
    if applicant.phone:
        digits = _digits(applicant.phone)
        core = digits[-8:] if len(digits) >= 8 else digits
        if len(core) >= 6:
            yield from find_digit_sequence(units, core, Category.PHONE, 1.0, "applicant")
    if applicant.address:
        yield from _applicant_address(units, applicant.address)
    if applicant.birthdate:
        parsed = _parse_iso(applicant.birthdate)
        if parsed is not None:
            for unit in units:
                for m in _date_pattern(parsed).finditer(unit.text):
                    yield Finding(Category.BIRTHDATE, unit.id, m.start(), m.end(), 1.0, "applicant", m.group())


def _applicant_address(units: Sequence[TextUnit], address: str) -> Iterator[Finding]:
    pieces = [p.strip() for p in re.split(r"[,\n]", address) if len(p.strip()) >= 4]
    for piece in pieces:
        folded = loose_fold(piece)
        words = folded.split()
        if not words:
            continue
        pat = re.compile(r"\s+".join(re.escape(w) for w in words), re.IGNORECASE)
        for unit in units:
            hay = loose_fold(unit.text)
            if len(hay) != len(unit.text):  # folding changed lengths: fall back to exact search
                hay_pat = re.compile(r"\s+".join(re.escape(w) for w in piece.split()), re.IGNORECASE)
                matches = hay_pat.finditer(unit.text)
            else:
                matches = pat.finditer(hay)
            for m in matches:
                yield Finding(
                    Category.ADDRESS, unit.id, m.start(), m.end(), 1.0, "applicant", unit.text[m.start() : m.end()]
                )


def _parse_iso(text: str) -> date | None:
    m = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    m = re.search(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})", text)
    if m:
        try:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        except ValueError:
            return None
    return None


def _date_pattern(d: date) -> re.Pattern[str]:
    """Every common spelling of one date (Danish and English, numeric and with month names)."""
    day, month, yyyy, yy = d.day, d.month, f"{d.year:04d}", f"{d.year % 100:02d}"
    dd = rf"0?{day}"
    mm = rf"0?{month}"
    year = rf"(?:{yyyy}|{yy})"
    names = [_MONTHS["da"][month - 1], _MONTHS["en"][month - 1]]
    month_word = "(?:" + "|".join(rf"{re.escape(n[:3])}(?:{re.escape(n[3:])}|\.)?" for n in names) + ")"
    alts = [
        rf"{dd}\s*[./\-]\s*{mm}\s*[./\- ]\s*{year}",
        rf"{yyyy}\s*-\s*0?{month}\s*-\s*{dd}",
        rf"{dd}\.?\s*{month_word}\s*,?\s*{yyyy}",
        rf"{month_word}\s+{dd}(?:st|nd|rd|th)?,?\s*{yyyy}",
        rf"{dd}(?:st|nd|rd|th)?\s+(?:of\s+)?{month_word}\s*,?\s*{yyyy}",
    ]
    return re.compile(r"(?<!\d)(?:" + "|".join(alts) + r")(?!\d)", re.IGNORECASE)


def term_findings(units: Sequence[TextUnit], terms: Sequence[str], *, source: str = "deny_list") -> Iterator[Finding]:
    """Every whole-word, case-insensitive occurrence of the given terms (deny list, reviewer's terms)."""
    for term in terms:
        if not term.strip():
            continue
        pat = re.compile(r"(?<!\w)" + re.escape(term.strip()) + r"(?!\w)", re.IGNORECASE)
        for unit in units:
            for m in pat.finditer(unit.text):
                yield Finding(Category.OTHER, unit.id, m.start(), m.end(), 1.0, source, m.group())
