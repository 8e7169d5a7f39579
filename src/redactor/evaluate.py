"""Evaluation of a redaction pipeline against labelled sample splits (recall, precision, keep-rate, speed,
silent leaks, review rates).

A split is a folder with ``truth/*.json`` (one record per document) and, for committed documents,
``docs/``. ``samples/`` is the synthetic split; every sub-folder of it with a ``truth/`` folder is a split
of its own (``samples/wild``: real producers' documents). A truth record may name its document with
``source``: ``"docs/<file>"`` (committed under the split) or ``"shared:<path>"`` (read from
``../shared/data/wild`` at evaluation time; skipped, with a note, when that folder is absent).
"""

from __future__ import annotations

import io
import json
import re
import time
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from redactor.types import Action, Applicant, Decision, text_digest

# Categories that have ground truth in the sample set (PHOTO and OTHER have none).
TRUTH_CATEGORIES: tuple[str, ...] = (
    "NAME", "CPR", "BIRTHDATE", "AGE", "GENDER", "ETHNICITY", "FAMILY", "EMAIL", "PHONE", "ADDRESS", "URL",
)
# The applicant's own direct identifiers, counted separately as "applicant-own leaks".
APPLICANT_OWN: frozenset[str] = frozenset({"NAME", "EMAIL", "PHONE", "BIRTHDATE"})
# Ratchet figures where lower is better; every other figure is higher-is-better.
LOWER_IS_BETTER: frozenset[str] = frozenset({"doc_leak_share", "applicant_own_leaks", "silent_leaks"})
# Lower-is-better figures that are counts: they may not rise at all.
COUNT_FIGURES: frozenset[str] = frozenset({"applicant_own_leaks", "silent_leaks"})
# A truth ``source`` of this form is a path under the shared wild folder (../shared/data/wild).
SHARED_PREFIX = "shared:"
RATCHET_TOLERANCE = 0.002
# Name particles that identify nobody on their own; parts shorter than 3 letters are ignored too.
NAME_PARTICLES: frozenset[str] = frozenset(
    {"abu", "bin", "ibn", "binti", "bint", "van", "von", "der", "den", "del", "della", "dos", "das", "les"}
)

_WS = re.compile(r"\s+")
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = re.compile(r"\d+")


class _Pipeline(Protocol):
    def redact(self, source: bytes, *, applicant: Applicant | None = None,
               filename: str | None = None) -> Any: ...


# --------------------------------------------------------------------------- text extraction


def _collapse(text: str) -> str:
    """NFKC, invisible characters removed, whitespace collapsed; case kept."""
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE)
    return _WS.sub(" ", text).strip()


def normalize(text: str) -> str:
    """The comparison form of a text: NFKC, invisible characters removed, casefolded, whitespace collapsed."""
    return _collapse(text).casefold()


def sniff_format(data: bytes) -> str:
    """'pdf' or 'docx' from the first bytes; ValueError for anything else."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK"):
        return "docx"
    raise ValueError("unknown document format")


def extract_text(data: bytes, fmt: str | None = None) -> str:
    """Every text channel of a PDF or DOCX as one string, independent of the pipeline's own extractor.

    PDF: page text with an infinite clip (text outside the page box counts), metadata, XMP, link URIs,
    annotation and form-field contents, outline titles, embedded file names.
    DOCX: every XML part, text nodes joined per ``w:p`` paragraph (one line each), every attribute value
    (alt texts, hyperlink targets in ``.rels``, ...) except in theme, style, font, numbering and settings
    parts, whose attribute values are formatting vocabulary.

    Args:
        data: the file's bytes.
        fmt: "pdf" or "docx"; sniffed when None.
    Returns:
        The text, channels separated by newlines (not normalised).
    Raises:
        ValueError: the bytes are neither PDF nor DOCX, or cannot be parsed.
    """
    fmt = fmt or sniff_format(data)
    if fmt == "pdf":
        return _extract_pdf(data)
    if fmt == "docx":
        return _extract_docx(data)
    raise ValueError(f"unsupported format {fmt!r}")


def _extract_pdf(data: bytes) -> str:
    import pymupdf

    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:
        raise ValueError("the PDF cannot be opened") from exc
    out: list[str] = []
    with doc:
        if doc.needs_pass:
            raise ValueError("the PDF is encrypted")
        for page_no in range(doc.page_count):
            page = doc[page_no]
            out.append(page.get_text("text", clip=pymupdf.INFINITE_RECT()))
            for link in page.get_links():
                for key in ("uri", "file", "nameddest"):
                    if link.get(key):
                        out.append(str(link[key]))
            for annot in page.annots() or ():
                info = annot.info or {}
                out.extend(str(v) for v in info.values() if v)
            for widget in page.widgets() or ():
                out.extend(str(v) for v in (widget.field_name, widget.field_value, widget.field_label) if v)
        out.extend(str(v) for v in (doc.metadata or {}).values() if v)
        xmp = doc.get_xml_metadata()
        if xmp:
            out.append(xmp)
        out.extend(str(item[1]) for item in doc.get_toc(simple=True))
        for i in range(doc.embfile_count()):
            info = doc.embfile_info(i)
            out.extend(str(info.get(k, "")) for k in ("name", "filename", "ufilename", "desc"))
    return "\n".join(out)


def _extract_docx(data: bytes) -> str:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    out: list[str] = []
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise ValueError("the DOCX is not a valid zip file") from exc
    with zf:
        for info in zf.infolist():
            name = info.filename
            out.append(name)
            if not name.endswith((".xml", ".rels", ".vml")):
                continue
            try:
                root = etree.fromstring(zf.read(info), parser)
            except etree.XMLSyntaxError:
                continue
            if root is None:
                continue
            if _formatting_part(name):  # text only (fast path): no paragraphs to group, attributes are noise
                out.extend(t for t in root.itertext() if t.strip())
            else:
                out.extend(_xml_lines(root))
    return "\n".join(out)


def _formatting_part(name: str) -> bool:
    """Parts whose attribute values are formatting vocabulary (theme script codes like "Hans", "Arab")."""
    return name.startswith(("word/theme/", "word/glossary/")) or name in {
        "word/styles.xml", "word/stylesWithEffects.xml", "word/fontTable.xml", "word/numbering.xml",
        "word/settings.xml", "word/webSettings.xml"}


def _xml_lines(root: Any) -> list[str]:
    """Text nodes grouped by their nearest enclosing w:p (one line per paragraph), then attribute values."""
    paragraphs: dict[Any, list[str]] = {}
    attrs: list[str] = []
    para_tag = f"{_W_NS}p"
    spacers = {f"{_W_NS}tab", f"{_W_NS}br", f"{_W_NS}cr", f"{_W_NS}ptab"}
    stack: list[tuple[Any, Any]] = [(root, None)]
    while stack:
        el, owner = stack.pop()
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag == para_tag:
            owner = el
        if el.attrib:
            attrs.extend(v for v in el.attrib.values() if v)
        text = " " if tag in spacers else el.text
        if text and (owner is not None or text.strip()):
            paragraphs.setdefault(owner if owner is not None else el, []).append(text)
        stack.extend((child, owner) for child in reversed(el))
    lines = ["".join(parts) for parts in paragraphs.values()]
    return [line for line in lines if line.strip()] + attrs


# --------------------------------------------------------------------------- matching


def _bounded(value: str) -> str:
    """A regex for ``value`` matching only as a whole word where the value starts/ends with a word char."""
    pat = re.escape(value)
    if value[:1].isalnum() or value[:1] == "_":
        pat = r"(?<!\w)" + pat
    if value[-1:].isalnum() or value[-1:] == "_":
        pat = pat + r"(?!\w)"
    return pat


def occurs(value: str, norm_text: str) -> bool:
    """Whether ``value`` occurs in an already ``normalize``d text as a whole word (or whole token)."""
    nv = normalize(value)
    if not nv:
        return False
    return re.search(_bounded(nv), norm_text) is not None


def name_parts(name: str) -> list[str]:
    """The distinctive parts of a name: split at spaces, hyphens, commas, dots; >= 3 letters; no particles."""
    parts = re.split(r"[\s\-\u2010\u2011,./]+", _collapse(name))
    out: list[str] = []
    for part in parts:
        part = part.strip("'’()")
        letters = sum(c.isalpha() for c in part)
        if letters >= 3 and part.casefold() not in NAME_PARTICLES and part not in out:
            out.append(part)
    return out


def name_part_survives(part: str, text: str) -> bool:
    """Whether a name part occurs in ``text`` (NFKC/whitespace-collapsed, case kept) as a word.

    Case-insensitive, genitive endings allowed ("Sørens", "Anna's"), but an all-lowercase occurrence is
    not counted: names are capitalised in running text, while "per", "bent", "storm", "due" written in
    lowercase are ordinary words (and names inside emails/URLs are counted under EMAIL/URL instead).
    """
    pat = re.compile(r"(?<!\w)" + re.escape(_collapse(part)) + r"(?:s|'s|’s)?(?!\w)", re.IGNORECASE)
    return any(not m.group(0).islower() for m in pat.finditer(text))


@dataclass(frozen=True, slots=True)
class LeakCheck:
    """Whether one truth value survives in a text; for names, full-string and part-wise."""

    leaked: bool
    full: bool = False  # the full string survives
    parts: tuple[str, ...] = ()  # name parts that survive


def check_value(category: str, value: str, text: str, norm_text: str | None = None) -> LeakCheck:
    """Check whether a planted value survives in an extracted text.

    Args:
        category: the truth category (NAME gets the part-wise check).
        value: the planted text.
        text: the extracted output text (raw; it is normalised here unless ``norm_text`` is given).
        norm_text: ``normalize(text)``, to avoid recomputing it per value.
    Returns:
        A LeakCheck; ``leaked`` is True if the full value survives or, for names, any distinctive part.
    """
    norm_text = normalize(text) if norm_text is None else norm_text
    full = occurs(value, norm_text)
    if category != "NAME":
        return LeakCheck(full, full)
    collapsed = _collapse(text)
    parts = tuple(p for p in name_parts(value) if name_part_survives(p, collapsed))
    return LeakCheck(full or bool(parts), full, parts)


def keep_survives(value: str, norm_text: str) -> bool:
    """Whether a keep string survives in a normalised text."""
    return occurs(value, norm_text)


def _overlaps(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (a in b or b in a)


# --------------------------------------------------------------------------- report values


@dataclass(frozen=True, slots=True)
class CategoryStats:
    """Per-category figures: values planted and leaked; pipeline findings and those that hit a truth value."""

    support: int = 0
    leaked: int = 0
    findings: int = 0
    true_findings: int = 0

    @property
    def recall(self) -> float | None:
        return None if self.support == 0 else (self.support - self.leaked) / self.support

    @property
    def precision(self) -> float | None:
        return None if self.findings == 0 else self.true_findings / self.findings

    def __add__(self, other: CategoryStats) -> CategoryStats:
        return CategoryStats(self.support + other.support, self.leaked + other.leaked,
                             self.findings + other.findings, self.true_findings + other.true_findings)


@dataclass(frozen=True, slots=True)
class Leak:
    """One truth value that survived (``text`` is synthetic sample data; shown only in details)."""

    category: str
    who: str
    text: str
    parts: tuple[str, ...] = ()

    def as_dict(self, *, raw: bool) -> dict[str, Any]:
        d: dict[str, Any] = {"category": self.category, "who": self.who, "digest": text_digest(self.text)}
        if raw:
            d["text"] = self.text
            if self.parts:
                d["parts"] = list(self.parts)
        return d


@dataclass(frozen=True, slots=True)
class DocEval:
    """The evaluation of one document."""

    doc: str
    outcome: str
    seconds: float
    words: int
    pii: int
    leaks: tuple[Leak, ...] = ()
    keep_total: int = 0
    keep_lost: tuple[str, ...] = ()
    findings: int = 0
    false_findings: tuple[str, ...] = ()
    error: str = ""
    flags: tuple[str, ...] = ()  # why the pipeline flagged the document (see ``flag_reasons``)

    @property
    def silent_leak(self) -> bool:
        """Personal data survived and the pipeline still called the document clean."""
        return bool(self.leaks) and self.outcome == "clean"

    @property
    def has_output(self) -> bool:
        """The pipeline produced a document a person could be handed (clean or flagged for review)."""
        return self.outcome in ("clean", "needs_review")

    def as_dict(self, *, raw: bool) -> dict[str, Any]:
        d: dict[str, Any] = {
            "doc": self.doc, "outcome": self.outcome, "seconds": round(self.seconds, 4), "words": self.words,
            "pii": self.pii, "leaks": [lk.as_dict(raw=raw) for lk in self.leaks],
            "keep_total": self.keep_total, "keep_lost": len(self.keep_lost),
            "findings": self.findings, "false_findings": len(self.false_findings),
            "silent_leak": self.silent_leak, "flags": list(self.flags),
        }
        if raw:
            d["keep_lost_text"] = list(self.keep_lost)
            d["false_findings_text"] = list(self.false_findings)
        if self.error:
            d["error"] = self.error
        return d


@dataclass(frozen=True, slots=True)
class GroupRecall:
    """Name recall for one group of names (e.g. Danish origin)."""

    support: int = 0
    leaked: int = 0

    @property
    def recall(self) -> float | None:
        return None if self.support == 0 else (self.support - self.leaked) / self.support


def _ratio(num: float, den: float) -> float | None:
    return None if den == 0 else num / den


@dataclass(frozen=True)
class EvalReport:
    """The figures of one evaluation run (one pipeline, with or without form data)."""

    label: str
    with_form: bool
    docs: int
    categories: dict[str, CategoryStats]
    keep_total: int
    keep_kept: int
    names_danish: GroupRecall
    names_non_danish: GroupRecall
    names_unseen: GroupRecall
    name_full_leaks: int  # name values whose full string survived
    name_part_leaks: int  # name values where only some part survived
    docs_with_pii: int
    docs_with_leak: int
    applicant_own_leaks: int
    outcomes: dict[str, int]
    words: int
    seconds: float
    findings_total: int
    findings_true: int
    doc_results: tuple[DocEval, ...] = field(default=(), repr=False)
    split: str = ""
    skipped: int = 0  # documents whose file was not available (shared folder absent)
    skip_note: str = ""

    @property
    def key(self) -> str:
        """The report's key in the ratchet file and JSON output: ``<split>/<label>``."""
        return f"{self.split}/{self.label}" if self.split else self.label

    @property
    def silent_leaks(self) -> int:
        """Documents with any leak whose outcome is ``clean`` (the promise is that there are none)."""
        return sum(d.silent_leak for d in self.doc_results)

    @property
    def docs_review(self) -> int:
        return sum(d.outcome == "needs_review" for d in self.doc_results)

    @property
    def review_rate(self) -> float | None:
        """Share of the documents flagged ``needs_review``."""
        return _ratio(self.docs_review, len(self.doc_results))

    @property
    def docs_leak_free(self) -> int:
        """Documents with an output and no leak: in fact clean after redaction."""
        return sum(d.has_output and not d.leaks for d in self.doc_results)

    @property
    def review_rate_leak_free(self) -> float | None:
        """Share of the in-fact-clean documents that were still flagged (the cost of failing closed)."""
        flagged = sum(d.has_output and not d.leaks and d.outcome == "needs_review" for d in self.doc_results)
        return _ratio(flagged, self.docs_leak_free)

    @property
    def flag_reasons(self) -> dict[str, int]:
        """How many documents carry each flag reason, most frequent first (no raw values)."""
        counts: dict[str, int] = {}
        for d in self.doc_results:
            for reason in d.flags:
                counts[reason] = counts.get(reason, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    # -- derived figures
    @property
    def recall(self) -> float | None:
        total = sum((c for c in self.categories.values()), CategoryStats())
        return total.recall

    @property
    def precision(self) -> float | None:
        return _ratio(self.findings_true, self.findings_total)

    @property
    def keep_rate(self) -> float | None:
        return _ratio(self.keep_kept, self.keep_total)

    @property
    def doc_leak_share(self) -> float | None:
        return _ratio(self.docs_with_leak, self.docs_with_pii)

    @property
    def words_per_second(self) -> float | None:
        return None if self.seconds <= 0 else self.words / self.seconds

    def figures(self) -> dict[str, float]:
        """The flat figures the ratchet tracks (speed excluded: it depends on the machine)."""
        out: dict[str, float | None] = {
            "recall": self.recall,
            "precision": self.precision,
            "keep_rate": self.keep_rate,
            "name_recall.danish": self.names_danish.recall,
            "name_recall.non_danish": self.names_non_danish.recall,
            "name_recall.unseen": self.names_unseen.recall,
            "doc_leak_share": self.doc_leak_share,
            "applicant_own_leaks": float(self.applicant_own_leaks),
            "silent_leaks": float(self.silent_leaks),
        }
        for cat, stats in self.categories.items():
            out[f"recall.{cat}"] = stats.recall
        return {k: round(v, 4) for k, v in out.items() if v is not None}

    def to_dict(self, *, details: bool = False, raw: bool = False) -> dict[str, Any]:
        """A JSON-ready dict. ``details`` adds per-document rows; ``raw`` adds the leaked sample texts."""

        def r(v: float | None) -> float | None:
            return None if v is None else round(v, 4)

        d: dict[str, Any] = {
            "split": self.split,
            "label": self.label,
            "with_form": self.with_form,
            "docs": self.docs,
            "recall": r(self.recall),
            "precision": r(self.precision),
            "keep_rate": r(self.keep_rate),
            "keep": {"total": self.keep_total, "kept": self.keep_kept},
            "categories": {
                cat: {"support": s.support, "leaked": s.leaked, "recall": r(s.recall),
                      "findings": s.findings, "true_findings": s.true_findings, "precision": r(s.precision)}
                for cat, s in self.categories.items()
            },
            "name_recall": {
                grp: {"support": g.support, "leaked": g.leaked, "recall": r(g.recall)}
                for grp, g in (("danish", self.names_danish), ("non_danish", self.names_non_danish),
                               ("unseen", self.names_unseen))
            },
            "name_full_leaks": self.name_full_leaks,
            "name_part_leaks": self.name_part_leaks,
            "docs_with_pii": self.docs_with_pii,
            "docs_with_leak": self.docs_with_leak,
            "doc_leak_share": r(self.doc_leak_share),
            "applicant_own_leaks": self.applicant_own_leaks,
            "outcomes": dict(self.outcomes),
            "words": self.words,
            "seconds": round(self.seconds, 3),
            "words_per_second": r(self.words_per_second),
            "findings": {"total": self.findings_total, "true": self.findings_true},
            "silent_leaks": self.silent_leaks,
            "docs_review": self.docs_review,
            "review_rate": r(self.review_rate),
            "docs_leak_free": self.docs_leak_free,
            "review_rate_leak_free": r(self.review_rate_leak_free),
            "flag_reasons": self.flag_reasons,
            "skipped": self.skipped,
        }
        if self.skip_note:
            d["skip_note"] = self.skip_note
        if details:
            d["documents"] = [doc.as_dict(raw=raw) for doc in self.doc_results]
        return d


# --------------------------------------------------------------------------- evaluation


def load_truth(samples_dir: Path) -> list[dict[str, Any]]:
    """Every ground-truth record under ``samples_dir/truth``, sorted by file name.

    Raises:
        FileNotFoundError: there is no truth folder or it is empty.
    """
    truth_dir = samples_dir / "truth"
    files = sorted(truth_dir.glob("*.json"))
    if not files:
        raise FileNotFoundError(f"no ground truth in {truth_dir}")
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]


def find_splits(samples_dir: Path) -> list[Path]:
    """The evaluation splits under ``samples_dir``: itself (if it holds truth) and every sub-folder with truth.

    Returns:
        Split folders, ``samples_dir`` first, then sub-folders by name; empty if none holds a truth file.
    """
    root = Path(samples_dir)
    candidates = [root, *sorted(d for d in root.iterdir() if d.is_dir())] if root.is_dir() else []
    return [d for d in candidates if any((d / "truth").glob("*.json"))]


def default_shared_dir(split_dir: Path) -> Path | None:
    """The shared wild folder (``shared/data/wild``) beside the repository holding ``split_dir``, if any.

    Looks in every ancestor of ``split_dir`` for ``shared/data/wild``, so it finds ``../shared`` from a
    checkout (and from a git worktree under the same parent).
    """
    for ancestor in Path(split_dir).resolve().parents:
        candidate = ancestor / "shared" / "data" / "wild"
        if candidate.is_dir():
            return candidate
    return None


def document_path(truth: Mapping[str, Any], split_dir: Path, shared_dir: Path | None) -> Path | None:
    """Where a truth record's document is: ``source`` (``docs/...`` or ``shared:...``), else ``docs/<doc>``.

    Returns:
        The path, or None for a shared document when ``shared_dir`` is None (the caller skips it).
    Raises:
        ValueError: the source escapes its folder.
    """
    source = str(truth.get("source") or f"docs/{truth['doc']}")
    if source.startswith(SHARED_PREFIX):
        if shared_dir is None:
            return None
        base, rel = Path(shared_dir), source[len(SHARED_PREFIX):]
    else:
        base, rel = Path(split_dir), source
    path = (base / rel).resolve()
    if not path.is_relative_to(base.resolve()):
        raise ValueError(f"document source outside its folder: {source}")
    return path


def _flags(result: Any) -> tuple[str, ...]:
    """Why the pipeline flagged a document: its reasons, and the verifier's issue kinds and categories.

    Digits are replaced by ``#`` so that reasons naming a page or a count are grouped; reasons and
    verification details carry no raw personal data by contract, and details are not used here.
    """
    flags = [_DIGITS.sub("#", str(r)) for r in getattr(result, "reasons", ()) or ()]
    verification = getattr(result, "verification", None)
    for issue in getattr(verification, "issues", ()) or ():
        kind, cat = str(getattr(issue, "kind", "")), str(getattr(issue, "category", ""))
        flags.append(f"verification: {kind}" + (f" {cat}" if cat else ""))
    return tuple(dict.fromkeys(flags))


def _truth_values(truth: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The document's PII values, deduplicated by (category, normalised text); first entry wins."""
    seen: set[tuple[str, str]] = set()
    out = []
    for item in truth.get("pii", ()):
        key = (str(item["category"]), normalize(str(item["text"])))
        if key[1] and key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _applicant(truth: Mapping[str, Any]) -> Applicant | None:
    data = {k: v for k, v in (truth.get("applicant") or {}).items()
            if k in {"name", "email", "phone", "address", "birthdate"} and v}
    return Applicant.from_dict(data) if data else None


def _counted_decisions(decisions: Iterable[Decision]) -> list[Decision]:
    """Decisions that remove text: action redact or review, a text category, non-empty text."""
    out = []
    for d in decisions:
        action = str(getattr(d, "action", ""))
        cat = str(d.finding.category)
        if action in (Action.REDACT, Action.REVIEW) and cat in TRUTH_CATEGORIES and d.finding.text.strip():
            out.append(d)
    return out


def evaluate_document(truth: Mapping[str, Any], data: bytes, pipeline: _Pipeline, *,
                      with_form: bool) -> tuple[DocEval, dict[str, CategoryStats], dict[str, Any]]:
    """Run the pipeline on one document and score its output against the truth.

    Returns:
        (per-document result, per-category stats, extra counters for the report).
    """
    doc_name = str(truth["doc"])
    fmt = str(truth.get("format") or sniff_format(data))
    in_words = len(_collapse(extract_text(data, fmt)).split())
    applicant = _applicant(truth) if with_form else None

    t0 = time.perf_counter()
    error = ""
    try:
        res = pipeline.redact(data, applicant=applicant, filename=doc_name)
        outcome = str(getattr(res, "outcome", "failed"))
        output = getattr(res, "output", None)
        out_fmt = getattr(res, "output_format", None)
        decisions = list(getattr(res, "decisions", ()) or ())
        flags = _flags(res)
    except Exception as exc:  # a crash is scored like a failed document
        outcome, output, out_fmt, decisions, flags = "error", None, None, [], ()
        error = type(exc).__name__
    seconds = time.perf_counter() - t0

    out_text = ""
    if output:
        try:
            out_text = extract_text(output, out_fmt or None)
        except ValueError:
            outcome, error = "unreadable_output", error or "unreadable output"
    norm_out = normalize(out_text)

    values = _truth_values(truth)
    stats: dict[str, CategoryStats] = {c: CategoryStats() for c in TRUTH_CATEGORIES}
    leaks: list[Leak] = []
    extra: dict[str, Any] = {"danish": [0, 0], "non_danish": [0, 0], "unseen": [0, 0], "full": 0, "part": 0,
                             "own": 0}
    for item in values:
        cat, text = str(item["category"]), str(item["text"])
        check = check_value(cat, text, out_text, norm_out)
        stats[cat] = stats[cat] + CategoryStats(1, int(check.leaked))
        if check.leaked:
            leaks.append(Leak(cat, str(item.get("who", "")), text, check.parts))
            if cat in APPLICANT_OWN and item.get("who") == "applicant":
                extra["own"] += 1
        if cat == "NAME":
            group = "danish" if item.get("danish_origin") else "non_danish"
            extra[group][0] += 1
            extra[group][1] += int(check.leaked)
            if item.get("unseen"):
                extra["unseen"][0] += 1
                extra["unseen"][1] += int(check.leaked)
            if check.full:
                extra["full"] += 1
            elif check.leaked:
                extra["part"] += 1

    keeps = list(dict.fromkeys(str(k) for k in truth.get("keep", ())))
    lost = tuple(k for k in keeps if not keep_survives(k, norm_out))

    truth_norm = [normalize(str(v["text"])) for v in values]
    false_findings: list[str] = []
    counted = _counted_decisions(decisions)
    for d in counted:
        ft = normalize(d.finding.text)
        cat = str(d.finding.category)
        hit = any(_overlaps(ft, tv) for tv in truth_norm)
        stats[cat] = stats[cat] + CategoryStats(0, 0, 1, int(hit))
        if not hit:
            false_findings.append(d.finding.text)

    doc = DocEval(doc_name, outcome, seconds, in_words, len(values), tuple(leaks), len(keeps), lost,
                  len(counted), tuple(false_findings), error, flags)
    return doc, stats, extra


def evaluate(samples_dir: Path, pipeline: _Pipeline, *, with_form: bool, limit: int | None = None,
             shared_dir: Path | None = None, split: str | None = None) -> EvalReport:
    """Run ``pipeline`` over one labelled split and score the outputs.

    Recall is measured on the output file, re-extracted here independently of the pipeline: a truth
    value leaks if its normalised text survives as a whole word; a name leaks if the full name or any
    distinctive part of it (>= 3 letters, capitalised in the text) survives. Precision counts the
    pipeline's redact/review decisions whose finding text overlaps (substring either way, normalised)
    any truth value of the document; per category, findings of that category that overlap a truth
    value of any category. Keep-rate is the share of keep strings that survive. A document with a leak
    whose outcome is ``clean`` is a silent leak.

    Args:
        samples_dir: a split folder with ``truth/*.json`` and ``docs/`` (see samples/README.md).
        pipeline: an object with ``redact(bytes, applicant=..., filename=...)`` returning a result
            with ``outcome``, ``output``, ``output_format``, ``decisions`` (and optionally ``reasons``
            and ``verification``, counted as flag reasons).
        with_form: pass each truth record's ``applicant`` as form data (True) or nothing (False).
        limit: evaluate only the first ``limit`` documents.
        shared_dir: the folder ``shared:`` sources are read from; None looks for ``shared/data/wild``
            beside the repository (:func:`default_shared_dir`). Documents from an absent shared folder
            are skipped and counted in ``skipped``/``skip_note``.
        split: the split's name in the report (default: the folder's name).
    Returns:
        An EvalReport.
    Raises:
        FileNotFoundError: no truth, or a document named in the truth is missing.
    """
    split_dir = Path(samples_dir)
    truths = load_truth(split_dir)
    if limit is not None:
        truths = truths[:limit]
    shared = Path(shared_dir) if shared_dir is not None else default_shared_dir(split_dir)
    if shared is not None and not shared.is_dir():
        shared = None
    skipped = 0
    totals: dict[str, CategoryStats] = {c: CategoryStats() for c in TRUTH_CATEGORIES}
    groups = {"danish": [0, 0], "non_danish": [0, 0], "unseen": [0, 0]}
    full = part = own = docs_with_pii = docs_with_leak = words = 0
    seconds = 0.0
    outcomes: dict[str, int] = {}
    results: list[DocEval] = []
    for truth in truths:
        path = document_path(truth, split_dir, shared)
        if path is None:
            skipped += 1
            continue
        if not path.is_file():
            raise FileNotFoundError(f"sample document missing: {path.name}")
        doc, stats, extra = evaluate_document(truth, path.read_bytes(), pipeline, with_form=with_form)
        results.append(doc)
        for cat, s in stats.items():
            totals[cat] = totals[cat] + s
        for g in groups:
            groups[g][0] += extra[g][0]
            groups[g][1] += extra[g][1]
        full += extra["full"]
        part += extra["part"]
        own += extra["own"]
        docs_with_pii += int(doc.pii > 0)
        docs_with_leak += int(bool(doc.leaks))
        words += doc.words
        seconds += doc.seconds
        outcomes[doc.outcome] = outcomes.get(doc.outcome, 0) + 1
    findings_total = sum(s.findings for s in totals.values())
    findings_true = sum(s.true_findings for s in totals.values())
    return EvalReport(
        label="with_form" if with_form else "without_form",
        with_form=with_form,
        docs=len(results),
        categories=totals,
        keep_total=sum(d.keep_total for d in results),
        keep_kept=sum(d.keep_total - len(d.keep_lost) for d in results),
        names_danish=GroupRecall(*groups["danish"]),
        names_non_danish=GroupRecall(*groups["non_danish"]),
        names_unseen=GroupRecall(*groups["unseen"]),
        name_full_leaks=full,
        name_part_leaks=part,
        docs_with_pii=docs_with_pii,
        docs_with_leak=docs_with_leak,
        applicant_own_leaks=own,
        outcomes=outcomes,
        words=words,
        seconds=seconds,
        findings_total=findings_total,
        findings_true=findings_true,
        doc_results=tuple(results),
        split=split if split is not None else split_dir.resolve().name,
        skipped=skipped,
        skip_note=(f"{skipped} document(s) from the shared folder skipped: ../shared/data/wild is absent"
                   if skipped else ""),
    )


# --------------------------------------------------------------------------- presentation


def _fmt(v: float | None, digits: int = 3) -> str:
    return "-" if v is None else f"{v:.{digits}f}"


def format_report(reports: Sequence[EvalReport], *, top_reasons: int = 8) -> str:
    """A plain-text table: one row per figure, one column per report (e.g. with / without form data).

    The flag-reason rows show the ``top_reasons`` most frequent reasons (documents per reason). A title
    line names the split when the reports have one, and a note follows when documents were skipped.
    """
    if not reports:
        return "(no evaluation reports)"
    first = reports[0]
    rows: list[tuple[str, str, list[str]]] = []  # (label, support, values)

    def add(label: str, support: str, values: list[str]) -> None:
        rows.append((label, support, values))

    add("documents", "", [str(r.docs) for r in reports])
    add("recall, all PII", str(sum(c.support for c in first.categories.values())),
        [_fmt(r.recall) for r in reports])
    for cat in TRUTH_CATEGORIES:
        s = first.categories.get(cat, CategoryStats())
        add(f"  recall {cat}", str(s.support), [_fmt(r.categories[cat].recall) for r in reports])
    add("name recall, Danish origin", str(first.names_danish.support),
        [_fmt(r.names_danish.recall) for r in reports])
    add("name recall, other origin", str(first.names_non_danish.support),
        [_fmt(r.names_non_danish.recall) for r in reports])
    add("name recall, unseen names", str(first.names_unseen.support),
        [_fmt(r.names_unseen.recall) for r in reports])
    add("name leaks: full / part only", "", [f"{r.name_full_leaks} / {r.name_part_leaks}" for r in reports])
    add("docs with any leak", str(first.docs_with_pii),
        [f"{r.docs_with_leak} ({_fmt(r.doc_leak_share)})" for r in reports])
    add("applicant-own leaks (name/email/phone/birthdate)", "", [str(r.applicant_own_leaks) for r in reports])
    add("precision, all findings", "", [f"{_fmt(r.precision)} of {r.findings_total}" for r in reports])
    for cat in TRUTH_CATEGORIES:
        if any(r.categories[cat].findings for r in reports):
            add(f"  precision {cat}", "",
                [f"{_fmt(r.categories[cat].precision)} of {r.categories[cat].findings}" for r in reports])
    add("keep-rate", str(first.keep_total), [_fmt(r.keep_rate) for r in reports])
    add("outcomes", "", [", ".join(f"{k} {v}" for k, v in sorted(r.outcomes.items())) for r in reports])
    add("silent leaks (leaky docs marked clean)", "", [str(r.silent_leaks) for r in reports])
    add("review rate, all docs", "", [f"{r.docs_review} ({_fmt(r.review_rate)})" for r in reports])
    add("review rate, docs with no leak", "",
        [f"{_fmt(r.review_rate_leak_free)} of {r.docs_leak_free}" for r in reports])
    reasons: dict[str, int] = {}
    for r in reports:
        for reason, n in r.flag_reasons.items():
            reasons[reason] = max(reasons.get(reason, 0), n)
    for reason in sorted(reasons, key=lambda k: (-reasons[k], k))[:top_reasons]:
        short = reason if len(reason) <= 60 else reason[:57] + "..."
        add(f"  flag: {short}", "", [str(r.flag_reasons.get(reason, 0)) for r in reports])
    add("words per second", "", [_fmt(r.words_per_second, 0) for r in reports])

    headers = ["figure", "n", *[r.label for r in reports]]
    widths = [max(len(headers[0]), *(len(x[0]) for x in rows)),
              max(len(headers[1]), *(len(x[1]) for x in rows))]
    for i in range(len(reports)):
        widths.append(max(len(headers[2 + i]), *(len(x[2][i]) for x in rows)))
    lines = ["  ".join(h.ljust(widths[i]) if i == 0 else h.rjust(widths[i]) for i, h in enumerate(headers))]
    lines.append("  ".join("-" * w for w in widths))
    for label, support, values in rows:
        cells = [label.ljust(widths[0]), support.rjust(widths[1])]
        cells += [v.rjust(widths[2 + i]) for i, v in enumerate(values)]
        lines.append("  ".join(cells))
    if first.split:
        lines.insert(0, f"split {first.split}: {first.docs} documents")
    lines.extend(f"note: {note}" for note in dict.fromkeys(r.skip_note for r in reports if r.skip_note))
    return "\n".join(lines)


# --------------------------------------------------------------------------- ratchet


def _load_ratchet(path: Path) -> dict[str, dict[str, float]]:
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: the ratchet file must hold a JSON object")
    return {str(k): {str(f): float(v) for f, v in dict(vals).items()}
            for k, vals in data.items() if not str(k).startswith("_")}


class _Scored(Protocol):
    """What the ratchet needs of a report: a label and flat figures (EvalReport, the answers split's report)."""

    label: str

    def figures(self) -> dict[str, float]: ...


def _ratchet_key(report: _Scored) -> str:
    """A report's ratchet key: ``<split>/<label>`` for an EvalReport, else its label."""
    return str(getattr(report, "key", report.label))


def check_ratchet(reports: Sequence[_Scored], ratchet_path: Path,
                  tolerance: float = RATCHET_TOLERANCE) -> list[str]:
    """Figures that got worse than the recorded ones.

    Rates may drop by at most ``tolerance``; counts (applicant-own leaks, silent leaks) may not rise at
    all. Reports are keyed ``<split>/<label>`` (:attr:`EvalReport.key`). A report whose key or figure is
    not recorded is not checked, nor is one with skipped documents (its figures cover another set). A
    missing ratchet file records nothing.

    Returns:
        One message per regression, e.g. ``"samples/without_form recall.NAME 0.912 < 0.930"``; empty if none.
    """
    recorded = _load_ratchet(Path(ratchet_path))
    problems: list[str] = []
    for report in reports:
        key = _ratchet_key(report)
        floor = recorded.get(key)
        if not floor or bool(getattr(report, "skipped", 0)):
            continue
        current = report.figures()
        for name, old in sorted(floor.items()):
            if name not in current:
                continue
            new = current[name]
            if name in LOWER_IS_BETTER:
                tol = 0.0 if name in COUNT_FIGURES else tolerance
                if new > old + tol:
                    problems.append(f"{key} {name} {new:g} > {old:g}")
            elif new < old - tolerance:
                problems.append(f"{key} {name} {new:.4f} < {old:.4f}")
    return problems


def update_ratchet(reports: Sequence[_Scored], ratchet_path: Path, *, reset: bool = False) -> None:
    """Record the reports' figures in the ratchet file, keeping the better of old and new per figure.

    Args:
        reports: evaluation reports (keyed by :attr:`EvalReport.key`); reports with skipped documents
            are not recorded.
        ratchet_path: the JSON file (created if absent).
        reset: overwrite the recorded figures of these reports' keys with the current ones (e.g. after
            a split's truth changed); other keys are kept.
    """
    path = Path(ratchet_path)
    recorded = _load_ratchet(path)
    for report in reports:
        if getattr(report, "skipped", 0):
            continue
        key = _ratchet_key(report)
        old = {} if reset else recorded.get(key, {})
        merged = dict(old)
        for name, new in report.figures().items():
            if name not in old:
                merged[name] = new
            elif name in LOWER_IS_BETTER:
                merged[name] = min(old[name], new)
            else:
                merged[name] = max(old[name], new)
        recorded[key] = dict(sorted(merged.items()))
    out: dict[str, Any] = {"_about": "Best figures reached by `redactor eval samples/`, per split and form "
                                     "data; CI fails when one drops (see redactor.evaluate.check_ratchet)."}
    out.update(dict(sorted(recorded.items())))
    path.write_text(json.dumps(out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


__all__ = [
    "CategoryStats",
    "DocEval",
    "EvalReport",
    "GroupRecall",
    "Leak",
    "LeakCheck",
    "check_ratchet",
    "check_value",
    "default_shared_dir",
    "document_path",
    "evaluate",
    "evaluate_document",
    "extract_text",
    "find_splits",
    "format_report",
    "keep_survives",
    "load_truth",
    "name_part_survives",
    "name_parts",
    "normalize",
    "occurs",
    "sniff_format",
    "update_ratchet",
]
