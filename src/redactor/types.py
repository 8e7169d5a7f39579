"""Immutable, picklable values shared by every pipeline stage."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum


class Category(StrEnum):
    """What kind of personal data a finding is."""

    NAME = "NAME"
    CPR = "CPR"
    BIRTHDATE = "BIRTHDATE"
    AGE = "AGE"
    GENDER = "GENDER"
    ETHNICITY = "ETHNICITY"
    FAMILY = "FAMILY"
    EMAIL = "EMAIL"
    PHONE = "PHONE"
    ADDRESS = "ADDRESS"
    URL = "URL"  # personal URLs, profile links and social handles
    PHOTO = "PHOTO"
    OTHER = "OTHER"  # e.g. unreadable content that must be looked at


CONTACT_CATEGORIES = frozenset({Category.EMAIL, Category.PHONE, Category.ADDRESS, Category.URL})


class Action(StrEnum):
    """What the decide stage chose for a finding."""

    REDACT = "redact"
    REVIEW = "review"  # redacted in the output and shown to a reviewer as doubtful
    KEEP = "keep"


class Outcome(StrEnum):
    """Final state of a document."""

    CLEAN = "clean"
    NEEDS_REVIEW = "needs_review"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class BBox:
    """A rectangle in PDF points (x0, y0) top-left, (x1, y1) bottom-right."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def union(self, other: BBox) -> BBox:
        return BBox(
            min(self.x0, other.x0), min(self.y0, other.y0), max(self.x1, other.x1), max(self.y1, other.y1)
        )

    def intersects(self, other: BBox) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1

    def as_list(self) -> list[float]:
        return [round(self.x0, 2), round(self.y0, 2), round(self.x1, 2), round(self.y1, 2)]


@dataclass(frozen=True, slots=True)
class Word:
    """A word of a text unit: its character span in ``TextUnit.text`` and, for PDF, its box."""

    start: int
    end: int
    bbox: BBox | None = None
    size: float = 0.0  # approximate font size in points (0 when unknown)
    line: int = 0  # line number inside the unit


@dataclass(frozen=True, slots=True)
class TextUnit:
    """A piece of text detection runs over, with a map back to where it lives.

    ``kind`` names the channel: "body", "header", "footer", "footnote", "comment",
    "textbox", "metadata", "link", "annotation", "form", "filename", "alt", "ocr", ...
    ``ref`` is channel-specific (e.g. the XML part name, or the metadata key).
    """

    id: str
    text: str
    kind: str = "body"
    page: int | None = None
    words: tuple[Word, ...] = ()
    ref: str = ""


@dataclass(frozen=True, slots=True)
class ImageInfo:
    """A raster image found in a document."""

    id: str  # e.g. "p0:xref12" or "word/media/image1.png"
    page: int | None
    bbox: BBox | None
    width: int
    height: int
    xref: int = 0
    ref: str = ""  # DOCX: the media part name, e.g. "word/media/image1.png"
    personal_area: bool = False  # set by extractors that know the image sits in the personal-details area


@dataclass(frozen=True, slots=True)
class Applicant:
    """What the application form knows about the applicant; every field is optional."""

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    birthdate: str | None = None  # ISO yyyy-mm-dd preferred; any readable form accepted

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Applicant:
        allowed = {"name", "email", "phone", "address", "birthdate"}
        unknown = set(data) - allowed
        if unknown:
            raise ValueError(f"unknown applicant field(s): {', '.join(sorted(unknown))}")
        values = {k: (str(v) if v is not None else None) for k, v in data.items()}
        return cls(**values)  # type: ignore[arg-type]

    def is_empty(self) -> bool:
        return not any((self.name, self.email, self.phone, self.address, self.birthdate))


@dataclass(frozen=True, slots=True)
class Document:
    """The extracted form of an input: every text channel as units, plus images."""

    format: str  # "pdf" | "docx" | "image"
    page_count: int
    units: tuple[TextUnit, ...]
    images: tuple[ImageInfo, ...] = ()
    page_sizes: tuple[tuple[float, float], ...] = ()
    language: str = "da"
    warnings: tuple[str, ...] = ()  # reasons a human must look (no raw personal data)
    needs_ocr_pages: tuple[int, ...] = ()

    def unit(self, unit_id: str) -> TextUnit:
        for u in self.units:
            if u.id == unit_id:
                return u
        raise KeyError(unit_id)


def text_digest(text: str) -> str:
    """A short non-reversible tag for a value, safe for logs and reports."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Finding:
    """One detected piece of personal data in a text unit (or an image)."""

    category: Category
    unit_id: str
    start: int
    end: int
    score: float
    source: str  # recognizer name
    text: str = field(default="", repr=False)  # raw value: kept in memory, never logged

    @property
    def digest(self) -> str:
        return text_digest(self.text)


@dataclass(frozen=True, slots=True)
class Decision:
    """A finding with the action chosen for it."""

    finding: Finding
    action: Action
    reason: str = ""


@dataclass(frozen=True, slots=True)
class VerifyIssue:
    """Something the verifier found in the output."""

    kind: str  # "residual", "new_finding", "structure", "extractor", "risk" (residual check: needs a look)
    detail: str  # no raw personal data
    category: str = ""
    page: int | None = None
    bbox: BBox | None = None  # where on ``page`` (PDF points), when known


@dataclass(frozen=True, slots=True)
class VerifyReport:
    """Result of the independent check of an output file."""

    passed: bool  # nothing certain is left; "risk" issues do not count here (a reviewer settles them)
    issues: tuple[VerifyIssue, ...] = ()
    checks: tuple[str, ...] = ()  # which checks ran

    @property
    def risks(self) -> tuple[VerifyIssue, ...]:
        """The residual check's hits: places that may still hold personal data."""
        return tuple(i for i in self.issues if i.kind == "risk")


@dataclass(frozen=True, slots=True)
class ImageDecision:
    """What happened to one image."""

    image_id: str
    page: int | None
    bbox: BBox | None
    action: Action
    reason: str  # "face", "personal_area", "photo_like", "kept_graphic", ...


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """The outcome of one document through the pipeline. ``output`` holds the redacted file."""

    outcome: Outcome
    output: bytes | None = field(default=None, repr=False)
    output_format: str | None = None
    input_format: str | None = None
    page_count: int = 0
    language: str = ""
    decisions: tuple[Decision, ...] = ()
    images: tuple[ImageDecision, ...] = ()
    verification: VerifyReport | None = None
    reasons: tuple[str, ...] = ()  # why the outcome is not clean (no raw personal data)
    error_code: str | None = None
    error: str | None = None
    timings: dict[str, float] = field(default_factory=dict)
    input_sha256: str = ""
    boxes: tuple[tuple[tuple[int, BBox], ...], ...] = ()  # per decision: (page, box) pairs on the page
    # a PDF rendering of a DOCX output (``Pipeline.render_pdf_view``) and the PDF verifier's report on it
    pdf_view: bytes | None = field(default=None, repr=False)
    pdf_view_verification: VerifyReport | None = None

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(d.finding for d in self.decisions)


def finding_key(finding: Finding) -> str:
    """A stable key for a finding within one document (unit and offsets; no personal data)."""
    return f"{finding.unit_id}:{finding.start}:{finding.end}"


@dataclass(frozen=True, slots=True)
class ReviewDecisions:
    """A reviewer's decisions on one document, applied when it is redacted again from the original.

    ``restored``: finding keys (see :func:`finding_key`) the reviewer judged false positives.
    ``areas``: extra (page, box) rectangles to remove. ``terms``: extra text to remove everywhere.
    ``approved``: the reviewer checked the document; remaining review flags are settled.
    """

    restored: frozenset[str] = frozenset()
    areas: tuple[tuple[int, BBox], ...] = ()
    terms: tuple[str, ...] = ()
    approved: bool = False
