"""Where a document's contact block is: the lines around the applicant's own contact details.

Real CVs put e-mail, phone, residence and profile links together, in a header band, a sidebar or the first
lines of a letter, often with icon glyphs instead of labels. A town or a bare number means "where the applicant
lives" or "the applicant's phone" there, and "where the employer sits" on a job line. This module finds those
lines by layout, with no knowledge of any particular document:

1. *anchors*: lines that are contact lines by their own content (an e-mail address, a phone with a country
   code or a phone label, a contact label such as "Adresse:", a profile URL, or an icon glyph at line start);
2. *the block*: anchors plus the short lines next to them, by geometry on PDF pages (the line right above or
   below, or on the same row) and by document order where there is no geometry (DOCX paragraphs and cells),
   at most two steps from an anchor, stopping at section headings and at lines that read as prose or as a
   job line (a period of years).

The rule recognizers use the block to read residence lines, national-format phone numbers and bare handles;
the name detector may use it as a position signal.
"""

from __future__ import annotations

import re
from collections import Counter, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from redactor.types import BBox, TextUnit

__all__ = ["BlockLine", "ContactBlock", "contact_block", "is_icon_char", "letter_head", "strip_icons"]

# text channels a contact block can live in (metadata, links and file names are not laid out)
_LAID_OUT = frozenset({"body", "header", "footer", "textbox", "table", "ocr"})
# a line longer than this is prose or a job description, not a contact line
MAX_LINE_CHARS = 80
MAX_LINE_WORDS = 9
# how many non-anchor lines may separate a block line from its nearest anchor
MAX_STEPS = 2


def is_icon_char(ch: str) -> bool:
    """Private-use glyphs (FontAwesome and other icon fonts), pictographs and dingbats used as labels."""
    o = ord(ch)
    return (
        0xE000 <= o <= 0xF8FF
        or o >= 0xF0000
        or 0x2600 <= o <= 0x27BF
        or 0x1F300 <= o <= 0x1FAFF
        or 0x2300 <= o <= 0x23FF  # ⌂ ⌚ ⏰ technical symbols used as home/phone icons
        or o in (0x260E, 0x2706, 0x2709, 0x2302, 0x00A7)
    )


def strip_icons(text: str) -> str:
    """``text`` with icon glyphs replaced by spaces (same length, so offsets keep)."""
    if not any(is_icon_char(c) for c in text):
        return text
    return "".join(" " if is_icon_char(c) else c for c in text)


_EMAIL_RE = re.compile(r"[\w.+'-]+\s?(?:@|\(at\)|\[at\])\s?[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,24}", re.IGNORECASE)
# an address without a top-level domain, as templates and careless writers leave it ("navn@firma")
EMAIL_NO_TLD_RE = re.compile(r"(?<![\w.@+'-])[A-Za-z][\w.+'-]*@[A-Za-z][\w-]*(?![\w.@])")
_PHONE_INTL_RE = re.compile(r"(?<![\w+])(?:\+|00)\s?\(?[1-9]\d{0,2}\)?[\s.\-]?\(?\d[\d\s().\-]{5,18}\d")
_PHONE_GROUPED_RE = re.compile(r"(?<![\w.,/-])\d{2}[ .]\d{2}[ .]\d{2}[ .]\d{2}(?![\w]|[.,]\d)")
_CONTACT_LABEL_RE = re.compile(
    r"^[\W_]{0,3}(?:tlf|telefon(?:nummer|nr)?|mobil(?:nummer|nr|telefon)?|mob|phone(?:\s+number)?|tel|telephone|"
    r"cell(?:phone)?|mobile(?:\s+phone)?|whatsapp|e-?mail|mail|adresse|address|bopæl|residence|home|hjem|"
    r"linked\s?in|github|gitlab|twitter|skype|web(?:site|side)?|hjemmeside|homepage|portfolio|"
    r"bosted|current\s+location|based\s+in|lives?\s+in|bor\s+i)"
    r"\.?\s*(?::|\||(?=[+\d(]))",
    re.IGNORECASE,
)
_PROFILE_RE = re.compile(
    r"(?:https?://|www\.)|(?:linkedin|github|gitlab|twitter|behance|dribbble|xing)\.(?:com|net|io)/", re.IGNORECASE
)
_YEAR_PERIOD_RE = re.compile(
    r"(?:19|20)\d\d\s*[-\u2010-\u2014/]\s*(?:(?:19|20)?\d\d\b|nu\b|now\b|present\b|today\b|d\.d\.|dato\b|"
    r"current\b|i\s+dag\b|heden\b)|(?:since|siden|fra|from)\s+(?:19|20)\d\d",
    re.IGNORECASE,
)
# CV section headings: growth stops at them (Danish and English, with common variants)
_HEADING_LIST = (
    "profil, profile, resume, resumé, summary, about, om mig, about me, personlig profil, professional summary, "
    "objective, erfaring, experience, erhvervserfaring, arbejdserfaring, work experience, employment, "
    "employment history, professional experience, beskæftigelse, karriere, career, ansættelser, uddannelse, "
    "education, uddannelser, academic background, kurser, courses, certificates, certifikater, certificeringer, "
    "kompetencer, skills, færdigheder, competencies, kvalifikationer, qualifications, it-kompetencer, "
    "technical skills, sprog, languages, sprogkundskaber, interesser, interests, hobbies, fritid, "
    "fritidsinteresser, projects, projekter, publikationer, publications, referencer, references, "
    "frivilligt arbejde, volunteering, volunteer experience, awards, priser, achievements, resultater"
)
_HEADINGS = frozenset(h.strip() for h in _HEADING_LIST.split(","))
# headings of the section that holds the applicant's own contact details: the short lines under one are the
# contact block even when none of them is a contact line by its own content (a street, a town, a country)
_CONTACT_HEADING_LIST = (
    "contact, kontakt, contact details, contact info, contact information, contact me, get in touch, "
    "kontaktoplysninger, kontaktinfo, kontaktinformation, kontakt mig, personal details, personal information, "
    "personal info, personal data, personlige oplysninger, personlige data, personalia, stamdata, "
    "persönliche daten, kontaktdaten, datos personales, contacto, coordonnées, informations personnelles"
)
_CONTACT_HEADINGS = frozenset(h.strip() for h in _CONTACT_HEADING_LIST.split(","))
# how many lines under a contact heading belong to the block at most
MAX_SECTION_LINES = 8
_HEADING_WORDS = frozenset(w for line in _HEADINGS for w in line.split())
_WORD_RE = re.compile(r"\S+")
_SPACED_RE = re.compile(r"^(?:\S ){3,}\S$")
_CAPS_HEADING_RE = re.compile(r"^[^\w\s]{0,2}\s*[A-ZÆØÅÄÖÜ]{4,}(?:[ &]+[A-ZÆØÅÄÖÜ]{2,}){0,2}\s*:?$")
# an icon glyph leading this many lines or more of one page is a list bullet, not a label
BULLET_MIN_LINES = 3


@dataclass(frozen=True, slots=True)
class BlockLine:
    """One line of a contact block: a character span of a unit's text."""

    unit_id: str
    start: int
    end: int
    anchor: bool  # a contact line by its own content
    steps: int  # 0 for anchors; the number of lines between this one and its nearest anchor otherwise


@dataclass(frozen=True, slots=True)
class _Line:
    idx: int
    unit: int
    start: int
    end: int
    text: str
    page: int | None
    box: BBox | None


class ContactBlock:
    """The contact-block lines of one document, searchable by unit and offset."""

    def __init__(
        self, lines: Iterable[BlockLine], beside: dict[BlockLine, tuple[BlockLine, ...]] | None = None
    ) -> None:
        self.lines: tuple[BlockLine, ...] = tuple(sorted(lines, key=lambda b: (b.unit_id, b.start)))
        self._by_unit: dict[str, list[BlockLine]] = {}
        for b in self.lines:
            self._by_unit.setdefault(b.unit_id, []).append(b)
        self._beside = beside or {}

    def beside(self, line: BlockLine) -> tuple[BlockLine, ...]:
        """The lines right next to a block line (above, below, same row) that are not in the block themselves.

        A residence is written over several lines; when one of them is found in the block, the line next to
        it may be the rest of it (the street above "2300 København S", the country below it) even where the
        block's growth stopped.
        """
        return self._beside.get(line, ())

    def __bool__(self) -> bool:
        return bool(self.lines)

    def __len__(self) -> int:
        return len(self.lines)

    def in_unit(self, unit_id: str) -> list[BlockLine]:
        """The block lines of one unit, in text order."""
        return self._by_unit.get(unit_id, [])

    def line_at(self, unit_id: str, pos: int) -> BlockLine | None:
        """The block line holding offset ``pos`` of a unit, or None when that place is outside the block."""
        for b in self._by_unit.get(unit_id, ()):
            if b.start <= pos <= b.end:
                return b
        return None


def is_anchor(line: str, bullets: frozenset[str] = frozenset()) -> bool:
    """Whether a line is a contact line by its own content (see the module docstring).

    Args:
        line: one line of text.
        bullets: icon glyphs that the document uses as list bullets (they label nothing).
    """
    s = line.strip()
    if not s:
        return False
    if is_icon_char(s[0]) and s[0] not in bullets and len(s) <= MAX_LINE_CHARS:
        return len(strip_icons(s).strip()) >= 2  # an icon label before its value; not a row of rating dots
    if _EMAIL_RE.search(s) or EMAIL_NO_TLD_RE.search(s) or _PROFILE_RE.search(s) or _CONTACT_LABEL_RE.match(s):
        return True
    if _PHONE_INTL_RE.search(s) or _PHONE_GROUPED_RE.search(s):
        return not _YEAR_PERIOD_RE.search(s)
    return False


def is_heading(line: str) -> bool:
    """A CV section heading ("Erfaring", "WORK EXPERIENCE", "Uddannelse:")."""
    s = strip_icons(line).strip(" \t:•|-–").casefold()
    if _SPACED_RE.match(s):
        s = re.sub(r"(?<=\S) (?=\S)", "", s)  # "E D U C A T I O N"
    return bool(s) and (s in _HEADINGS or (len(s.split()) <= 3 and all(w in _HEADING_WORDS for w in s.split())))


def _blockish(line: str) -> bool:
    """Short enough, not prose, not a job or study line with a period of years."""
    s = line.strip()
    if not s or len(s) > MAX_LINE_CHARS or is_heading(s) or is_contact_heading(s):
        return False
    if len(_WORD_RE.findall(s)) > MAX_LINE_WORDS or _YEAR_PERIOD_RE.search(s):
        return False
    if _CAPS_HEADING_RE.match(s):
        return False  # "AFFILIATION", "SERVICE": a section heading in capitals
    # a sentence end: prose (not an abbreviation before a number, "Musterstr. 99")
    return not re.search(r"[a-zæøå]{3,}[.!?](?:\s(?!\d)|$)", s)


def _lines(units: Sequence[TextUnit]) -> list[_Line]:
    out: list[_Line] = []
    for ui, unit in enumerate(units):
        if unit.kind not in _LAID_OUT or not unit.text.strip():
            continue
        boxes: dict[int, BBox] = {}
        for w in unit.words:
            if w.bbox is None:
                continue
            li = unit.text.count("\n", 0, w.start)
            boxes[li] = boxes[li].union(w.bbox) if li in boxes else w.bbox
        pos = 0
        for li, raw in enumerate(unit.text.split("\n")):
            end = pos + len(raw)
            if raw.strip():
                out.append(_Line(len(out), ui, pos, end, raw, unit.page, boxes.get(li)))
            pos = end + 1
    return out


def is_contact_heading(line: str) -> bool:
    """A heading of the contact-details section ("Kontakt", "CONTACT", "Personal details:")."""
    s = strip_icons(line).strip(" \t:•|-–").casefold()
    words = re.split(r"\s{2,}", s)
    if all(_SPACED_RE.match(w) for w in words):
        s = " ".join(w.replace(" ", "") for w in words)  # "P E R S O N A L   D E T A I L S"
    return s in _CONTACT_HEADINGS


def _contact_section(lines: Sequence[_Line]) -> list[_Line]:
    """The short lines under a contact heading, in document order, up to the next heading or long line."""
    out: list[_Line] = []
    for ln in lines:
        if not is_contact_heading(ln.text):
            continue
        for o in lines[ln.idx + 1 : ln.idx + 1 + MAX_SECTION_LINES]:
            if o.page != ln.page or not _blockish(o.text):
                break
            out.append(o)
    return out


def _near(a: BBox, b: BBox, pitch: float = 0.0) -> bool:
    """On a page: ``b`` is the line right above/below ``a`` in the same column, or on the same row nearby.

    ``pitch`` is the vertical gap between the block's own contact lines on that page (Word and LibreOffice put
    paragraph spacing between them): a line that far away is as near as they are to each other.
    """
    h = max(min(a.height, b.height), 4.0)
    x_overlap = min(a.x1, b.x1) - max(a.x0, b.x0)
    gap_y = max(b.y0 - a.y1, a.y0 - b.y1)
    if x_overlap > -h and gap_y <= max(h * 1.25, pitch * 1.05):
        return True
    same_row = abs((a.y0 + a.y1) / 2 - (b.y0 + b.y1) / 2) < h * 0.6
    gap_x = max(b.x0 - a.x1, a.x0 - b.x1)
    return same_row and gap_x <= h * 4


def _anchor_pitch(anchors: Sequence[_Line]) -> dict[int | None, float]:
    """Per page, the widest gap between two contact lines stacked in one column, at most two line heights."""
    out: dict[int | None, float] = {}
    boxed = sorted((ln for ln in anchors if ln.box is not None),
                   key=lambda ln: (str(ln.page), ln.box.y0 if ln.box else 0.0))
    for a, b in zip(boxed, boxed[1:], strict=False):
        if a.page != b.page or a.box is None or b.box is None:
            continue
        h = max(min(a.box.height, b.box.height), 4.0)
        gap = b.box.y0 - a.box.y1
        if 0 <= gap <= 2 * h and min(a.box.x1, b.box.x1) - max(a.box.x0, b.box.x0) > -h:
            out[a.page] = max(out.get(a.page, 0.0), gap)
    return out


def contact_block(units: Sequence[TextUnit]) -> ContactBlock:
    """The contact-block lines of a document (empty when no line is a contact line by its own content)."""
    lines = _lines(units)
    leading = Counter((ln.page, ln.text.strip()[0]) for ln in lines if is_icon_char(ln.text.strip()[0]))
    bullets = frozenset(ch for (_page, ch), n in leading.items() if n >= BULLET_MIN_LINES)
    glyphs = {ch for _page, ch in leading}
    anchors = [ln for ln in lines if is_anchor(ln.text, bullets)]
    section = _contact_section(lines)
    # one icon glyph alone (an icon font drawn apart from its value): the lines beside it may be values
    icons = [ln for ln in lines if len(ln.text.strip()) == 1 and ln.text.strip() in glyphs - bullets]
    if not anchors and not icons and not section:
        return ContactBlock(())
    by_page: dict[int | None, list[_Line]] = {}
    for ln in lines:
        if ln.box is not None:
            by_page.setdefault(ln.page, []).append(ln)
    pitch = _anchor_pitch(anchors)
    steps: dict[int, int] = {ln.idx: 0 for ln in anchors}
    anchor_ids = set(steps)
    for ln in icons:
        steps.setdefault(ln.idx, 1)
    for ln in section:
        steps.setdefault(ln.idx, 1)

    def neighbours(cur: _Line) -> list[_Line]:
        out: list[_Line] = []
        if cur.box is not None:
            out += [o for o in by_page.get(cur.page, ())
                    if o.idx != cur.idx and o.box and _near(cur.box, o.box, pitch.get(cur.page, 0.0))]
        # document order: the lines before and after (the same unit, or the next laid-out unit without geometry)
        for j in (cur.idx - 1, cur.idx + 1):
            if 0 <= j < len(lines):
                o = lines[j]
                if o.unit == cur.unit or (cur.box is None and o.box is None and o.page == cur.page):
                    out.append(o)
        return out

    queue = deque(sorted((ln for ln in lines if ln.idx in steps), key=lambda ln: steps[ln.idx]))
    while queue:
        cur = queue.popleft()
        d = steps[cur.idx]
        for o in neighbours(cur):
            nd = 0 if o.idx in anchor_ids else d + 1
            if nd > MAX_STEPS or (o.idx in steps and steps[o.idx] <= nd):
                continue
            if o.idx not in anchor_ids and not _blockish(o.text):
                continue
            steps[o.idx] = nd
            queue.append(o)
    block = {
        ln.idx: BlockLine(units[ln.unit].id, ln.start, ln.end, ln.idx in anchor_ids, steps[ln.idx])
        for ln in lines
        if ln.idx in steps
    }
    beside: dict[BlockLine, tuple[BlockLine, ...]] = {}
    for idx, bl in block.items():
        outside = {o.idx: o for o in neighbours(lines[idx]) if o.idx not in block and _blockish(o.text)}
        beside[bl] = tuple(BlockLine(units[o.unit].id, o.start, o.end, False, MAX_STEPS + 1) for o in outside.values())
    return ContactBlock(block.values(), beside)


# the greeting that opens a letter's body: the lines above it on the first page are the letter head
_SALUTATION_RE = re.compile(
    r"^\s*(?:dear|kære|hej|hi|hello|sehr\s+geehrte[rs]?|liebe[rs]?|hallo|estimad[oa]s?|apreciad[oa]s?|"
    r"madame|monsieur|bonjour|gentile|egregi[oa]|to\s+whom\s+it\s+may\s+concern|til\s+rette\s+vedkommende)\b",
    re.IGNORECASE,
)
# how far down the first page a letter's greeting may stand
MAX_HEAD_LINES = 24


def letter_head(units: Sequence[TextUnit]) -> list[BlockLine]:
    """The lines of a letter above its greeting ("Dear ...", "Kære ...") on the page where it stands, in order.

    Empty when no greeting opens a letter body within the first lines of a page. The head holds the sender's
    name and address and often the recipient's; which lines are the sender's is for the caller to tell.
    """
    lines = _lines(units)
    by_page: dict[int | None, list[_Line]] = {}
    for ln in lines:
        by_page.setdefault(ln.page, []).append(ln)
    for page_lines in by_page.values():
        for k, ln in enumerate(page_lines[:MAX_HEAD_LINES]):
            if _SALUTATION_RE.match(strip_icons(ln.text)) and len(ln.text.strip()) <= MAX_LINE_CHARS:
                return [BlockLine(units[o.unit].id, o.start, o.end, False, 0) for o in page_lines[:k]]
    return []
