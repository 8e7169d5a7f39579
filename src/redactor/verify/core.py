"""The verify stage: re-open the output with independent readers and fail closed on anything left.

This module deliberately shares no code with ``redactor.redact``: a check that reuses the code it checks
proves nothing. It reads PDFs with a fresh PyMuPDF pass (with and without ActualText), pdftotext when
installed, and pikepdf over every object; DOCX files with lxml over every zip member. The lines it reads
also go to the residual-risk check (:mod:`redactor.verify.residual`), which looks for what detection missed.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Sequence
from io import BytesIO
from pathlib import Path

from redactor.textlayer import unreadable_reason
from redactor.textnorm import ascii_fold, normalize_text, normalize_word
from redactor.types import (
    Action,
    Applicant,
    BBox,
    Category,
    Decision,
    Finding,
    TextUnit,
    VerifyIssue,
    VerifyReport,
    Word,
)
from redactor.verify.images import undrawn_pdf_images, unreferenced_docx_media
from redactor.verify.residual import UNREADABLE_PAGE, Line, Page, ResidualChecker

DetectFn = Callable[[Sequence[TextUnit]], list[Finding]]

# Values of these categories identify a person on their own: none may survive anywhere in the file.
IDENTIFYING = frozenset(
    {Category.NAME, Category.EMAIL, Category.PHONE, Category.CPR, Category.BIRTHDATE, Category.ADDRESS,
     Category.URL, Category.OTHER}
)
FORBIDDEN_CATALOG_KEYS = ("AcroForm", "OCProperties", "Outlines", "PageLabels", "Names", "OpenAction", "AA",
                          "StructTreeRoot", "PieceInfo", "Metadata")
DOCX_FORBIDDEN_PARTS = ("word/comments", "word/people.xml", "customXml/", "docProps/custom.xml",
                        "word/glossary/", "docProps/thumbnail", "word/commentsExtended", "word/commentsIds",
                        "word/commentsExtensible", "word/vbaProject")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DOCX_FORBIDDEN_TAGS = frozenset(
    f"{_W}{t}" for t in ("del", "ins", "moveFrom", "moveTo", "commentReference", "commentRangeStart",
                         "commentRangeEnd", "docVar", "attachedTemplate")
)


def _variants(value: str) -> set[str]:
    base = normalize_text(value).casefold().strip()
    out = {base, ascii_fold(base)}
    if re.fullmatch(r"[\d\s+().\-/]+", base):
        digits = re.sub(r"\D", "", base)
        if len(digits) >= 6:
            out.add(digits)
    return {v for v in out if len(v) >= 3}


def _name_parts(value: str) -> set[str]:
    parts = set()
    for part in re.split(r"[\s,]+", normalize_text(value)):
        part = part.strip(".-'’()").casefold()
        if len(part) >= 4 and not part.isdigit():
            parts.add(part)
            parts.add(ascii_fold(part))
    return parts


class _Haystack:
    """Extracted text in comparable forms: casefolded, ASCII-folded and digits only."""

    def __init__(self, texts: Iterable[str], labels: Iterable[str]) -> None:
        joined = "\n".join(texts)
        for label in labels:
            if label:
                joined = joined.replace(label, " ")
        self.text = normalize_text(joined).casefold()
        self.folded = ascii_fold(self.text)
        self.digits = re.sub(r"\D", "", self.text)

    def contains(self, needle: str, *, whole_word: bool) -> bool:
        if needle.isdigit():
            return needle in self.digits
        if needle not in self.text and needle not in self.folded:
            return False  # cheap test first: most needles are absent
        if whole_word:
            pat = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)")
            return bool(pat.search(self.text) or pat.search(self.folded))
        return needle in self.text or needle in self.folded


def _residuals(decisions: Sequence[Decision], hay: _Haystack, channel: str) -> list[VerifyIssue]:
    issues: list[VerifyIssue] = []
    seen: set[tuple[str, str]] = set()
    for d in decisions:
        f = d.finding
        if d.action is Action.KEEP or f.category not in IDENTIFYING or not f.text.strip():
            continue
        if f.category is Category.ADDRESS and not any(ch.isdigit() for ch in f.text):
            continue  # a town alone: where the applicant lives, and where employers and schools are (kept)
        checks = [(v, f.category is Category.NAME) for v in _variants(f.text)]
        if f.category is Category.NAME:
            checks += [(p, True) for p in _name_parts(f.text)]
        for needle, whole in checks:
            key = (str(f.category), needle)
            if key in seen:
                continue
            seen.add(key)
            if hay.contains(needle, whole_word=whole):
                issues.append(VerifyIssue("residual", f"a redacted {f.category} value remains in {channel}",
                                          str(f.category)))
                break
    return issues


def _new_findings(units: Sequence[TextUnit], detect: DetectFn | None, threshold: float,
                  labels: Iterable[str]) -> list[VerifyIssue]:
    if detect is None:
        return []
    label_set = {lab for lab in labels if lab}
    issues = []
    for f in detect(units):
        if f.score < threshold:
            continue
        text = f.text.strip()
        if not text or text in label_set or re.fullmatch(r"[\[\]A-ZÆØÅ\- ]*\]?", text):
            continue
        unit_page = next((u.page for u in units if u.id == f.unit_id), None)
        issues.append(VerifyIssue("new_finding", f"detection finds {f.category} in the output ({f.source})",
                                  str(f.category), unit_page))
    return issues


def _mask_labels(text: str, labels: Iterable[str]) -> str:
    for label in labels:
        if label:
            text = text.replace(label, " " * len(label))
    return text


# ---------------------------------------------------------------- PDF


def _pdf_units(doc) -> list[TextUnit]:  # type: ignore[no-untyped-def]
    import pymupdf

    units: list[TextUnit] = []
    flags = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_CID_FOR_UNKNOWN_UNICODE
    for pno, page in enumerate(doc):
        blocks: dict[int, list] = {}
        for w in page.get_text("words", flags=flags, clip=pymupdf.INFINITE_RECT()):
            blocks.setdefault(w[5], []).append(w)
        for bno, words in blocks.items():
            text_parts: list[str] = []
            out_words: list[Word] = []
            pos = 0
            prev = None
            line_no = -1
            for x0, y0, x1, y1, raw, _b, line, _n in words:
                tok = normalize_word(raw)
                if not tok.strip():
                    continue
                if prev is not None:
                    text_parts.append(" " if line == prev else "\n")
                    pos += 1
                if line != prev:
                    line_no += 1
                prev = line
                text_parts.append(tok)
                out_words.append(Word(pos, pos + len(tok), BBox(x0, y0, x1, y1), y1 - y0, line_no))
                pos += len(tok)
            if out_words:
                units.append(TextUnit(f"v{pno}.{bno}", "".join(text_parts), "body", pno, tuple(out_words)))
    return units


def _pdf_lines(doc) -> tuple[list[Line], dict[int, Page]]:  # type: ignore[no-untyped-def]
    """Every text line of every page with its words' boxes, size (word height) and a small icon before it."""
    import pymupdf

    lines: list[Line] = []
    pages: dict[int, Page] = {}
    flags = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_CID_FOR_UNKNOWN_UNICODE
    for pno, page in enumerate(doc):
        pages[pno] = Page(page.rect.width, page.rect.height)
        icons = []
        with contextlib.suppress(Exception):
            for info in page.get_image_info():
                x0, y0, x1, y1 = info["bbox"]
                if 3 < x1 - x0 <= 24 and 3 < y1 - y0 <= 24:
                    icons.append(BBox(x0, y0, x1, y1))
        grouped: dict[tuple[int, int], list] = {}
        for w in page.get_text("words", flags=flags, clip=pymupdf.INFINITE_RECT()):
            grouped.setdefault((w[5], w[6]), []).append(w)
        for (bno, _lno), words in grouped.items():
            toks = [(normalize_word(w[4]), BBox(w[0], w[1], w[2], w[3])) for w in words]
            toks = [(t, b) for t, b in toks if t.strip()]
            if not toks:
                continue
            box = toks[0][1]
            for _t, b in toks[1:]:
                box = box.union(b)
            heights = sorted(b.height for _t, b in toks)
            icon = any(0 <= box.x0 - ic.x1 < 16 and min(ic.y1, box.y1) - max(ic.y0, box.y0) > 0.3 * box.height
                       for ic in icons)
            lines.append(Line(pno, " ".join(t for t, _b in toks), box, heights[-1], tuple(toks), icon, bno))
    return lines, pages


def _ocr_lines(words: Sequence, pno: int, scale: float, image=None) -> list[Line]:  # type: ignore[no-untyped-def,type-arg]
    """OCR words (pixel boxes) grouped into lines in PDF points.

    Words read off a redaction box (light label text on a dark fill) are left out: they are the labels.
    """
    grouped: dict[tuple[int, int, int], list] = {}
    gray = image.convert("L") if image is not None else None
    for w in words:
        if not w.text.strip():
            continue
        if gray is not None and w.x1 > w.x0 and w.y1 > w.y0:
            hist = gray.crop((int(w.x0), int(w.y0), int(w.x1) + 1, int(w.y1) + 1)).histogram()
            if sum(hist[:80]) > 0.4 * sum(hist):
                continue  # mostly dark: a redaction box (printed text on white is far lighter)
        grouped.setdefault(w.line_key, []).append(w)
    out = []
    for key, ws in sorted(grouped.items(), key=lambda kv: (min(w.y0 for w in kv[1]), kv[0])):
        toks = tuple((normalize_word(w.text), BBox(w.x0 * scale, w.y0 * scale, w.x1 * scale, w.y1 * scale))
                     for w in sorted(ws, key=lambda w: w.x0))
        box = toks[0][1]
        for _t, b in toks[1:]:
            box = box.union(b)
        out.append(Line(pno, " ".join(t for t, _b in toks), box, max(b.height for _t, b in toks), toks,
                        False, key[0]))
    return out


def _pdftotext(data: bytes, timeout: float = 60.0) -> str | None:
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="redactor-verify-") as tmp:
        path = Path(tmp) / "out.pdf"
        path.write_bytes(data)
        try:
            res = subprocess.run([exe, "-q", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                                 timeout=timeout, check=False)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return res.stdout.decode("utf-8", "replace")


def _pikepdf_strings(data: bytes) -> tuple[list[str], list[VerifyIssue]]:
    """Every string and every non-image stream of every object, referenced or not."""
    try:
        import pikepdf
    except ImportError:
        return [], []
    texts: list[str] = []
    issues: list[VerifyIssue] = []
    try:
        pdf = pikepdf.open(BytesIO(data))
    except Exception as exc:
        return [], [VerifyIssue("extractor", f"pikepdf cannot open the output ({type(exc).__name__})")]
    with pdf:
        root = pdf.Root
        for key in FORBIDDEN_CATALOG_KEYS:
            if ("/" + key) in root:
                issues.append(VerifyIssue("structure", f"catalog still has /{key}"))
        if "/AdditionalStreams" in pdf.trailer:
            issues.append(VerifyIssue("structure", "trailer still has /AdditionalStreams"))
        for i, page in enumerate(pdf.pages):
            if "/Annots" in page.obj and len(page.obj.Annots) > 0:
                issues.append(VerifyIssue("structure", "page still has annotations", page=i))
        for obj in pdf.objects:
            _collect(obj, texts, pikepdf)
    return texts, issues


_FONT_SUBTYPES = frozenset({"/Type1C", "/CIDFontType0C", "/OpenType"})


def _collect(obj, texts: list[str], pikepdf, depth: int = 0) -> None:  # type: ignore[no-untyped-def]
    """Strings and stream data of one object; indirect children are visited on their own."""
    if depth > 32:
        return
    try:
        if depth > 0 and obj.is_indirect:
            return
        if isinstance(obj, pikepdf.String):
            texts.append(str(obj))
        elif isinstance(obj, pikepdf.Stream):
            if "/Length1" in obj or obj.get("/Subtype") in _FONT_SUBTYPES:
                return  # embedded font programs: glyph outlines, no document text
            if obj.get("/Subtype") == pikepdf.Name.Image:
                # JPEG EXIF/XMP segments are plain text inside the raw DCT stream
                try:
                    raw = obj.read_raw_bytes() if obj.get("/Filter") == pikepdf.Name.DCTDecode else b""
                except Exception:
                    raw = b""
            else:
                try:
                    raw = obj.read_bytes()
                except Exception:
                    raw = b""
            if raw and len(raw) < 20_000_000:
                texts.append(raw.decode("latin-1"))
            for v in obj.values():
                _collect(v, texts, pikepdf, depth + 1)
        elif isinstance(obj, pikepdf.Dictionary):
            for v in obj.values():
                _collect(v, texts, pikepdf, depth + 1)
        elif isinstance(obj, pikepdf.Array):
            for v in obj:
                _collect(v, texts, pikepdf, depth + 1)
    except Exception:
        return


def verify_pdf(
    data: bytes,
    decisions: Sequence[Decision],
    *,
    detect: DetectFn | None,
    labels: Iterable[str],
    threshold: float,
    use_pdftotext: bool = True,
    ocr_pages: Sequence[int] = (),
    ocr: Callable[[object], str] | None = None,
    ocr_dpi: int = 300,
    ocr_words: Callable[[object], Sequence] | None = None,  # type: ignore[type-arg]
    residual: ResidualChecker | None = None,
    applicant: Applicant | None = None,
) -> VerifyReport:
    """Check a redacted PDF independently of how it was made.

    Args:
        data: the output PDF.
        decisions: what was meant to be removed (their raw values are searched for).
        detect: re-runs detection on the output's text; None skips that check.
        labels: the replacement labels, ignored in the output's text.
        threshold: findings at or above this score count as new.
        use_pdftotext: also extract with poppler when installed.
        ocr_pages: pages whose text lives in pixels; they are rendered and read again with ``ocr``.
        ocr: reads a PIL image into text.
        ocr_dpi: rendering resolution for ``ocr_pages``.
        ocr_words: reads a PIL image into words with pixel boxes (``redactor.imaging.ocr.OcrWord``); wins
            over ``ocr`` and gives the residual check the OCR'd lines.
        residual: the residual-risk check; None skips it.
        applicant: the form data, for the residual check's other spellings.
    Returns:
        A VerifyReport; ``passed`` is False if anything certain is left. Residual-check hits are issues of
        kind "risk" that do not change ``passed``.
    """
    import pymupdf

    labels = list(labels)
    checks: list[str] = []
    issues: list[VerifyIssue] = []
    if data.count(b"%%EOF") != 1:
        issues.append(VerifyIssue("structure", "the output has more than one revision"))
    checks.append("single-revision")
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:
        return VerifyReport(False, (VerifyIssue("extractor", f"the output does not open ({type(exc).__name__})"),),
                            tuple(checks))
    texts: list[str] = []
    with doc:
        if doc.needs_pass:
            issues.append(VerifyIssue("structure", "the output is encrypted"))
        for cfg in doc.layer_ui_configs() if hasattr(doc, "layer_ui_configs") else []:
            with contextlib.suppress(Exception):
                doc.set_layer_ui_config(cfg["number"], pymupdf.PDF_OC_ON)
        units = _pdf_units(doc)
        lines, pages = _pdf_lines(doc) if residual is not None else ([], {})
        base = pymupdf.TEXTFLAGS_TEXT & ~pymupdf.TEXT_MEDIABOX_CLIP
        for page in doc.pages():
            texts.append(page.get_text("text", flags=base, clip=pymupdf.INFINITE_RECT()))
            texts.append(page.get_text("text", flags=base | pymupdf.TEXT_IGNORE_ACTUALTEXT,
                                       clip=pymupdf.INFINITE_RECT()))
            if residual is not None and page.number not in ocr_pages:
                raw = page.get_text("text", flags=base | pymupdf.TEXT_CID_FOR_UNKNOWN_UNICODE,
                                    clip=pymupdf.INFINITE_RECT())
                if unreadable_reason(raw) is not None:  # what it says cannot be checked: a person looks
                    issues.append(VerifyIssue("risk", UNREADABLE_PAGE, "OTHER", page.number))
            if page.first_annot is not None:
                issues.append(VerifyIssue("structure", "page has annotations", page=page.number))
            if page.first_widget is not None:
                issues.append(VerifyIssue("structure", "page has form fields", page=page.number))
        if (ocr is not None or ocr_words is not None) and ocr_pages:
            from PIL import Image

            for pno in ocr_pages:
                if 0 <= pno < doc.page_count:
                    pix = doc[pno].get_pixmap(dpi=ocr_dpi, alpha=False)
                    image = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
                    if ocr_words is not None:
                        page_lines = _ocr_lines(ocr_words(image), pno, 72.0 / ocr_dpi, image)
                        texts.append("\n".join(ln.text for ln in page_lines))
                        lines = [ln for ln in lines if ln.page != pno] + page_lines
                    elif ocr is not None:
                        texts.append(ocr(image))
            checks.append("ocr")
        meta = doc.metadata or {}
        texts.extend(str(v) for k, v in meta.items() if v and k not in ("format", "encryption"))
        texts.append(doc.get_xml_metadata() or "")
        if doc.get_toc():
            issues.append(VerifyIssue("structure", "the output has bookmarks"))
        if doc.embfile_count():
            issues.append(VerifyIssue("structure", "the output has attachments"))
        checks.append("pymupdf-text")
    if use_pdftotext:
        extra = _pdftotext(data)
        if extra is not None:
            texts.append(extra)
            checks.append("pdftotext")
    with contextlib.suppress(Exception):  # unreadable structures are reported by pikepdf below
        if undrawn_pdf_images(data):
            issues.append(VerifyIssue("structure", "an image that no page draws remains in the file", "PHOTO"))
        checks.append("undrawn-images")
    obj_texts, obj_issues = _pikepdf_strings(data)
    if obj_texts or obj_issues:
        checks.append("pikepdf-objects")
    issues.extend(obj_issues)
    issues.extend(_residuals(decisions, _Haystack(texts, labels), "the page text or metadata"))
    obj_issues2 = _residuals(decisions, _Haystack(obj_texts, labels), "a PDF object")
    issues.extend(i for i in obj_issues2 if not any(j.category == i.category for j in issues))
    checks.append("residual-values")
    masked = [TextUnit(u.id, _mask_labels(u.text, labels), u.kind, u.page, u.words) for u in units]
    issues.extend(_new_findings(masked, detect, threshold, labels))
    checks.append("re-detection")
    if residual is not None:
        issues.extend(residual.check(lines, labels=labels, pages=pages, applicant=applicant))
        checks.append("residual-risk")
    return _report(issues, checks)


def _docx_part_kind(part: str) -> str:
    """"header" / "footer" for the header and footer parts of a DOCX, "body" for the rest."""
    base = part.rsplit("/", 1)[-1].lower()
    return "header" if base.startswith("header") else "footer" if base.startswith("footer") else "body"


def _report(issues: Sequence[VerifyIssue], checks: Sequence[str]) -> VerifyReport:
    """``passed`` counts what is certainly left; residual-check risks are listed but settled by a reviewer."""
    return VerifyReport(not any(i.kind != "risk" for i in issues), tuple(issues), tuple(checks))


# ---------------------------------------------------------------- DOCX


def docx_texts(data: bytes) -> tuple[list[TextUnit], list[str], list[VerifyIssue]]:
    """Every paragraph's joined text (as units), every other text node, attribute and .rels target."""
    from lxml import etree

    units: list[TextUnit] = []
    loose: list[str] = []
    issues: list[VerifyIssue] = []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)
    with zipfile.ZipFile(BytesIO(data)) as zf:
        for name in zf.namelist():
            low = name.lower()
            if any(low.startswith(p.lower()) for p in DOCX_FORBIDDEN_PARTS):
                issues.append(VerifyIssue("structure", f"part {name} should have been removed"))
            if not (low.endswith(".xml") or low.endswith(".rels") or low.endswith(".vml")):
                loose.append(name)
                continue
            raw = zf.read(name)
            try:
                root = etree.fromstring(raw, parser)
            except etree.XMLSyntaxError:
                loose.append(raw.decode("utf-8", "replace"))
                continue
            if root is None:
                continue
            for i, p in enumerate(root.iter(f"{_W}p")):
                text = "".join(t.text or "" for t in p.iter(f"{_W}t", f"{_W}delText", f"{_W}instrText"))
                if text.strip():
                    units.append(TextUnit(f"{name}#{i}", normalize_text(text), "body", ref=name))
            for el in root.iter():
                if el.tag in _DOCX_FORBIDDEN_TAGS:
                    issues.append(VerifyIssue("structure", f"{el.tag.split('}')[-1]} markup remains in {name}"))
                if el.text and el.text.strip():
                    loose.append(el.text)
                for v in el.attrib.values():
                    if len(v) > 2:
                        loose.append(v)
            loose.append(name)
    return units, loose, issues


def verify_docx(
    data: bytes,
    decisions: Sequence[Decision],
    *,
    detect: DetectFn | None,
    labels: Iterable[str],
    threshold: float,
    residual: ResidualChecker | None = None,
    applicant: Applicant | None = None,
) -> VerifyReport:
    """Check a redacted DOCX: every XML part, attribute and relationship target.

    ``residual`` (optional) runs the residual-risk check over the paragraphs, in document order.
    """
    labels = list(labels)
    try:
        units, loose, issues = docx_texts(data)
    except (zipfile.BadZipFile, OSError, KeyError) as exc:
        return VerifyReport(False, (VerifyIssue("extractor", f"the output does not open ({type(exc).__name__})"),),
                            ())
    issues.extend(_residuals(decisions, _Haystack([u.text for u in units] + loose, labels), "the DOCX parts"))
    with contextlib.suppress(Exception):
        if unreferenced_docx_media(data):
            issues.append(VerifyIssue("structure", "a media part that nothing shows remains in the file", "PHOTO"))
    masked = [TextUnit(u.id, _mask_labels(u.text, labels), u.kind, u.page, u.words, u.ref) for u in units]
    issues.extend(_new_findings(masked, detect, threshold, labels))
    checks = ["docx-parts", "residual-values", "re-detection"]
    if residual is not None:
        lines = [Line(None, ln, block=n, kind=_docx_part_kind(u.ref)) for n, u in enumerate(units)
                 for ln in u.text.split("\n")]
        issues.extend(residual.check(lines, labels=labels, applicant=applicant))
        checks.append("residual-risk")
    return _report(issues, checks)
