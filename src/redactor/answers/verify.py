"""Independent check of a written overview: every XML part of the XLSX and the CSV text, re-read from bytes.

It shares no code with the redaction: it looks for the export's identity values themselves (names,
e-mails, phones, CPR numbers, addresses, links, birthdates) as whole words, case- and diacritic-insensitive,
and for any structure that could hide data (formulas, comments, defined names, links, drawings, extra
sheets, headers and footers, data validations, hidden rows and columns).
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from redactor.types import VerifyIssue, VerifyReport

# The parts a fresh one-sheet workbook written by the overview has; anything else is unexpected.
_ALLOWED_PARTS = re.compile(
    r"^(\[Content_Types\]\.xml|_rels/\.rels|docProps/(app|core)\.xml|xl/workbook\.xml|xl/_rels/workbook\.xml\.rels"
    r"|xl/styles\.xml|xl/sharedStrings\.xml|xl/theme/theme1\.xml|xl/worksheets/sheet1\.xml)$"
)
_FORBIDDEN_ELEMENTS = frozenset({"f", "definedName", "comment", "headerFooter", "oddHeader", "oddFooter",
                                 "evenHeader", "evenFooter", "firstHeader", "firstFooter", "dataValidation",
                                 "hyperlink", "drawing", "legacyDrawing", "externalReference", "pivotCache",
                                 "oleObject", "control", "picture", "customProperties"})
_NON_ALNUM = re.compile(r"[\W_]+")
_DIGIT_RUN = re.compile(r"\d[\d \-./()]*\d")
_MAX_GRAM = 4


_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ı": "i", "ł": "l", "đ": "d", "ð": "d", "þ": "th"})


def _fold(text: str) -> str:
    text = text.casefold().translate(_LETTERS)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class Needles:
    """Identity values to look for: word sequences (names, e-mails, addresses, links, dates) and digit strings."""

    words: frozenset[str]  # folded, at most _MAX_GRAM words
    long: frozenset[str]  # folded, longer
    digits: frozenset[str]  # the last 8 digits of phones and CPR numbers

    @classmethod
    def build(cls, values: Iterable[str], digit_values: Iterable[str] = ()) -> Needles:
        words = {f for v in values if len(f := _fold(v)) >= 3}
        digits = set()
        for v in digit_values:
            d = "".join(c for c in v if c.isdigit())
            if len(d) >= 8:
                digits.add(d[-8:])
        short = frozenset(w for w in words if w.count(" ") < _MAX_GRAM)
        return cls(short, frozenset(words - short), frozenset(digits))


class _Haystack:
    """The folded words of a text as n-gram sets, and its 8-digit windows."""

    def __init__(self, text: str) -> None:
        self.folded = " " + _fold(text) + " "
        tokens = self.folded.split()
        self.grams: set[str] = set()
        for n in range(1, _MAX_GRAM + 1):
            for i in range(len(tokens) - n + 1):
                self.grams.add(" ".join(tokens[i : i + n]))
        self.windows: set[str] = set()
        for m in _DIGIT_RUN.finditer(text):
            d = "".join(c for c in m.group() if c.isdigit())
            self.windows.update(d[i : i + 8] for i in range(len(d) - 7))



def leaks(text: str, needles: Needles) -> int:
    """How many of the identity values occur in ``text`` (whole words; phones and CPR by their digits)."""
    hay = _Haystack(text)
    return (len(needles.words & hay.grams) + sum(1 for n in needles.long if f" {n} " in hay.folded)
            + len(needles.digits & hay.windows))


def xlsx_parts_text(data: bytes) -> tuple[dict[str, str], list[VerifyIssue]]:
    """Every part of a workbook as text (XML text and attribute values), and the structure issues found."""
    from lxml import etree

    issues: list[VerifyIssue] = []
    out: dict[str, str] = {}
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return {}, [VerifyIssue("structure", "the workbook is not a readable ZIP file")]
    with zf:
        for info in zf.infolist():
            name = info.filename
            raw = zf.read(info)
            if not _ALLOWED_PARTS.match(name):
                issues.append(VerifyIssue("structure", f"unexpected part {name!r} in the workbook"))
            if not name.endswith((".xml", ".rels")):
                out[name] = raw.decode("latin-1")
                continue
            try:
                root = etree.fromstring(raw, parser=etree.XMLParser(resolve_entities=False, no_network=True,
                                                                   huge_tree=True))
            except etree.XMLSyntaxError:
                issues.append(VerifyIssue("structure", f"part {name!r} is not well-formed XML"))
                out[name] = raw.decode("utf-8", "replace")
                continue
            pieces: list[str] = []
            for el in root.iter():
                if not isinstance(el.tag, str):
                    continue
                local = etree.QName(el).localname
                if local in _FORBIDDEN_ELEMENTS:
                    issues.append(VerifyIssue("structure", f"part {name!r} holds a {local} element"))
                if local in ("row", "col") and el.get("hidden") in ("1", "true"):
                    issues.append(VerifyIssue("structure", f"part {name!r} has a hidden {local}"))
                if local == "sheet" and el.get("state") in ("hidden", "veryHidden"):
                    issues.append(VerifyIssue("structure", "the workbook has a hidden sheet"))
                pieces.extend(el.attrib.values())
                if el.text:
                    pieces.append(el.text)
            out[name] = "\n".join(pieces)
    return out, issues


def verify_overview(xlsx: bytes, csv: bytes, needles: Needles) -> VerifyReport:
    """Check a written overview (XLSX and CSV bytes) for identity values and hidden structures.

    Returns:
        A VerifyReport; ``passed`` is False when any identity value or forbidden structure is found.
        Issue details name the part and a count, never the value.
    """
    parts, issues = xlsx_parts_text(xlsx)
    checks = ["xlsx_structure"]
    if "xl/worksheets/sheet1.xml" not in parts:
        issues.append(VerifyIssue("structure", "the workbook has no sheet"))
    for name, text in parts.items():
        n = leaks(text, needles)
        if n:
            issues.append(VerifyIssue("residual", f"{n} identity value(s) in part {name!r}"))
    checks.append("xlsx_identity_values")
    try:
        csv_text = csv.decode("utf-8-sig")
    except UnicodeDecodeError:
        csv_text = csv.decode("latin-1")
        issues.append(VerifyIssue("structure", "the CSV is not UTF-8"))
    if not csv.startswith(b"\xef\xbb\xbf"):
        issues.append(VerifyIssue("structure", "the CSV has no UTF-8 byte order mark"))
    n = leaks(csv_text, needles)
    if n:
        issues.append(VerifyIssue("residual", f"{n} identity value(s) in the CSV"))
    for line in csv_text.splitlines():
        for cell in line.split(";") if ";" in line else [line]:
            if cell.lstrip('"').startswith(("=", "@")):
                issues.append(VerifyIssue("structure", "a CSV cell starts like a formula"))
                break
    checks.append("csv_identity_values")
    return VerifyReport(not issues, tuple(issues), tuple(checks))


def cells_leaking(cells: Sequence[str], needles: Needles) -> list[int]:
    """The indexes of the cells that hold an identity value."""
    return [i for i, c in enumerate(cells) if c and leaks(c, needles)]
