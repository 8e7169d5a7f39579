"""The PDF redact-and-render stage: true removal by word boxes, every hidden channel cleaned, full rewrite."""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

import pymupdf

from redactor.config import Config
from redactor.errors import EncryptedDocumentError, ProcessingError
from redactor.types import Action, BBox, Decision, Document, ImageInfo, TextUnit

log = logging.getLogger(__name__)

FILL = (0.0, 0.0, 0.0)
LABEL_COLOUR = (1.0, 1.0, 1.0)
PHOTO_FILL = (0.82, 0.82, 0.82)
PHOTO_LABEL = (0.2, 0.2, 0.2)
_CATALOG_KEYS = ("StructTreeRoot", "MarkInfo", "OCProperties", "Outlines", "PageLabels", "AcroForm",
                 "Names", "OpenAction", "AA", "Metadata", "PieceInfo", "Threads", "Dests", "SpiderInfo",
                 "URI", "Collection", "Perms", "Legal", "Lang")
_PAGE_KEYS = ("AA", "PieceInfo", "Metadata", "Thumb", "StructParents", "B", "Annots")
# Marked-content properties that carry replacement or alternate text for the glyphs they wrap.
_MC_KEY_RE = re.compile(rb"/(ActualText|Alt|E)\s*")


@dataclass(frozen=True, slots=True)
class ImageRemoval:
    """An image to take out of the page, with the label drawn in its place."""

    image: ImageInfo
    label: str


@dataclass(frozen=True, slots=True)
class AreaRedaction:
    """A rectangle to remove outright (reviewer boxes, OCR hits on scanned pages)."""

    page: int
    bbox: BBox
    label: str


def rects_for(unit: TextUnit, start: int, end: int) -> list[BBox]:
    """The word boxes covering [start, end) of a unit, merged per line."""
    per_line: dict[int, BBox] = {}
    for w in unit.words:
        if w.bbox is None or w.end <= start or w.start >= end:
            continue
        per_line[w.line] = per_line[w.line].union(w.bbox) if w.line in per_line else w.bbox
    return list(per_line.values())


def _label_size(rect: pymupdf.Rect, label: str) -> float:
    if not label:
        return 0.0
    size = min(rect.height * 0.75, 11.0)
    width = pymupdf.get_text_length(label, fontname="helv", fontsize=size)
    if width > rect.width:
        size *= rect.width / width
    return size if size >= 4.0 else 0.0


def _add_box(page: pymupdf.Page, bbox: BBox, label: str, *, fill: tuple, colour: tuple,
             labels: list[tuple[pymupdf.Rect, str, float]] | None = None, trim: bool = False) -> None:
    """Mark a rectangle for removal; its label is written afterwards, all labels of a page in one go.

    ``trim``: for text-layer word boxes, which span the line height and reach into the neighbouring lines
    (MuPDF removes every glyph a redaction touches), the box is trimmed to the middle of its own line.
    OCR word boxes, photos and reviewer boxes are pixels and are removed in full.
    """
    rect = pymupdf.Rect(bbox.x0, bbox.y0, bbox.x1, bbox.y1)
    cut = rect.height * 0.18 if trim else 0.0
    page.add_redact_annot(pymupdf.Rect(rect.x0, rect.y0 + cut, rect.x1, rect.y1 - cut), fill=fill, cross_out=False)
    size = _label_size(rect, label)
    if size and labels is not None:
        labels.append((rect, label, size))


def _write_labels(page: pymupdf.Page, labels: list[tuple[pymupdf.Rect, str, float]], colour: tuple) -> None:
    """Write every label of a page with one TextWriter (one font resource instead of one per label)."""
    if not labels:
        return
    font = pymupdf.Font("helv")
    writer = pymupdf.TextWriter(page.rect, color=colour)
    for rect, label, size in labels:
        width = font.text_length(label, fontsize=size)
        x = rect.x0 + max(0.0, (rect.width - width) / 2)
        y = rect.y0 + (rect.height + size * 0.7) / 2
        writer.append((x, y), label, font=font, fontsize=size)
    writer.write_text(page)


def _strip_marked_content_text(doc: pymupdf.Document) -> None:
    """Remove /ActualText, /Alt and /E strings from marked-content property lists in every content stream."""
    for xref in range(1, doc.xref_length()):
        try:
            if not doc.xref_is_stream(xref):
                continue
            subtype = doc.xref_get_key(xref, "Subtype")[1]
            if subtype in ("/Image", "/XML"):
                continue
            kind = doc.xref_get_key(xref, "Type")[1]
            if kind in ("/EmbeddedFile", "/Metadata", "/XRef", "/ObjStm"):
                continue
            data = doc.xref_stream(xref)
        except Exception:
            continue
        if not data or (b"/ActualText" not in data and b"/Alt" not in data and b"/E " not in data
                        and b"/E(" not in data and b"/E<" not in data):
            continue
        cleaned = _remove_mc_strings(data)
        if cleaned != data:
            with contextlib.suppress(Exception):
                doc.update_stream(xref, cleaned)


def _remove_mc_strings(data: bytes) -> bytes:
    """Replace the string value after /ActualText, /Alt, /E, /T in BDC dictionaries with an empty string."""
    out = bytearray()
    i = 0
    n = len(data)
    for m in _MC_KEY_RE.finditer(data):
        if m.start() < i:
            continue
        j = m.end()
        if j >= n or data[j : j + 1] not in (b"(", b"<") or data[j : j + 2] == b"<<":
            continue
        end = _string_end(data, j)
        if end is None:
            continue
        if m.group(1) == b"ActualText" and _pdf_string_text(data[j:end]) in LIGATURES:
            continue  # a ligature glyph's letters ("fl" for U+FB02): the text layer needs them, they name nobody
        out += data[i:j] + b"()"
        i = end
    out += data[i:]
    return bytes(out)


#: what producers (Chromium/Skia, LaTeX, Word) write as /ActualText over a ligature glyph; kept, since
#: emptying them drops the letters from the text layer ("flydende" extracts as "ydende")
LIGATURES: frozenset[str] = frozenset({"ff", "fi", "fl", "ffi", "ffl", "ft", "fj", "fb", "fh", "fk", "st", "ct",
                                       "Th", "tt", "tz", "\u017ft"})


def _pdf_string_text(raw: bytes) -> str | None:
    """The text of a PDF string token (``(literal)`` or ``<hex>``, PDFDocEncoding or UTF-16BE); None if odd."""
    try:
        if raw.startswith(b"<"):
            body = bytes.fromhex(raw[1:-1].decode("ascii"))
        else:
            body = re.sub(rb"\\([()\\])", rb"\1", raw[1:-1])
            if b"\\" in body:
                return None  # other escapes: not a plain ligature
        if body.startswith(b"\xfe\xff"):
            return body[2:].decode("utf-16-be")
        return body.decode("latin-1")
    except (ValueError, UnicodeDecodeError):
        return None


def _string_end(data: bytes, j: int) -> int | None:
    if data[j : j + 1] == b"<":
        k = data.find(b">", j)
        return None if k < 0 else k + 1
    depth = 0
    k = j
    while k < len(data):
        c = data[k]
        if c == 0x5C:  # backslash escape
            k += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return k + 1
        k += 1
    return None


def _clean_channels(doc: pymupdf.Document) -> None:
    """Delete annotations, links, form fields, attachments, outlines, labels, metadata and scripts."""
    for page in doc.pages():
        with contextlib.suppress(Exception):
            for widget in list(page.widgets() or []):
                page.delete_widget(widget)
        with contextlib.suppress(Exception):
            for link in page.get_links():
                page.delete_link(link)
        with contextlib.suppress(Exception):
            for annot in list(page.annots() or []):
                page.delete_annot(annot)
        for key in _PAGE_KEYS:
            with contextlib.suppress(Exception):
                doc.xref_set_key(page.xref, key, "null")
    with contextlib.suppress(Exception):
        for name in list(doc.embfile_names()):
            doc.embfile_del(name)
    with contextlib.suppress(Exception):
        doc.set_toc([])
    with contextlib.suppress(Exception):
        doc.set_page_labels([])
    with contextlib.suppress(Exception):
        doc.scrub(attached_files=True, clean_pages=True, embedded_files=True, hidden_text=False,
                  javascript=True, metadata=True, redactions=False, redact_images=0, remove_links=True,
                  reset_fields=True, reset_responses=True, thumbnails=True, xml_metadata=True)
    with contextlib.suppress(Exception):
        doc.set_metadata({})
    with contextlib.suppress(Exception):
        doc.del_xml_metadata()
    catalog = doc.pdf_catalog()
    for key in _CATALOG_KEYS:
        with contextlib.suppress(Exception):
            doc.xref_set_key(catalog, key, "null")
    for key in ("AdditionalStreams", "Info"):
        with contextlib.suppress(Exception):
            doc.xref_set_key(-1, key, "null")
    _strip_marked_content_text(doc)


def redact_pdf(
    data: bytes,
    document: Document,
    decisions: Sequence[Decision],
    config: Config,
    *,
    lang: str,
    images: Sequence[ImageRemoval] = (),
    areas: Sequence[AreaRedaction] = (),
) -> bytes:
    """Produce the cleaned PDF as bytes; the input bytes are never modified.

    Args:
        data: the original PDF.
        document: its extraction (word boxes per unit).
        decisions: what to remove; KEEP decisions are ignored.
        config: labels and passwords.
        lang: label language.
        images: images to remove, each replaced by a labelled grey box.
        areas: extra rectangles to remove.
    Returns:
        The new PDF, written as a full rewrite with garbage collection.
    Raises:
        EncryptedDocumentError: the password no longer works.
        ProcessingError: MuPDF failed while redacting.
    """
    doc = pymupdf.open(stream=data, filetype="pdf")
    try:
        if doc.needs_pass and not any(doc.authenticate(p) for p in config.passwords):
            raise EncryptedDocumentError("the PDF is password protected")
        with contextlib.suppress(Exception):
            for cfg in doc.layer_ui_configs():
                doc.set_layer_ui_config(cfg["number"], pymupdf.PDF_OC_ON)
        units = {u.id: u for u in document.units}
        boxes: dict[int, list[tuple[BBox, str, bool]]] = {}
        for d in decisions:
            if d.action is Action.KEEP:
                continue
            unit = units.get(d.finding.unit_id)
            if unit is None or unit.page is None or not unit.words:
                continue  # non-page channels are removed wholesale below
            label = "" if config.label_style == "box" else config.label_for(d.finding.category, lang)
            text_layer = unit.kind != "ocr"
            for rect in rects_for(unit, d.finding.start, d.finding.end):
                boxes.setdefault(unit.page, []).append((rect, label, text_layer))
        for a in areas:
            boxes.setdefault(a.page, []).append((a.bbox, "" if config.label_style == "box" else a.label, False))
        photos: dict[int, list[ImageRemoval]] = {}
        for im in images:
            if im.image.page is not None and im.image.bbox is not None:
                photos.setdefault(im.image.page, []).append(im)

        for pno in range(doc.page_count):
            page = doc[pno]
            if pno in photos:
                for im in photos[pno]:
                    _add_box(page, im.image.bbox, "", fill=PHOTO_FILL, colour=PHOTO_LABEL)  # type: ignore[arg-type]
                # the PDF_REDACT_*/PDF_ENCRYPT_* constants are MuPDF's own: pymupdf's typed top level does not
                # declare them, its `mupdf` binding does (the same values pymupdf re-exports at run time)
                page.apply_redactions(images=pymupdf.mupdf.PDF_REDACT_IMAGE_REMOVE,
                                      graphics=pymupdf.mupdf.PDF_REDACT_LINE_ART_NONE,
                                      text=pymupdf.mupdf.PDF_REDACT_TEXT_REMOVE)
                for im in photos[pno]:
                    b = im.image.bbox
                    assert b is not None
                    photo_rect = pymupdf.Rect(b.x0, b.y0, b.x1, b.y1)
                    page.draw_rect(photo_rect, color=PHOTO_LABEL, fill=PHOTO_FILL, width=0.5)
                    head = pymupdf.Rect(photo_rect.x0, photo_rect.y0, photo_rect.x1,
                                        photo_rect.y0 + min(photo_rect.height, 24))
                    size = _label_size(head, im.label)
                    if size and config.label_style != "box":
                        page.insert_textbox(photo_rect, im.label, fontname="helv", fontsize=size, color=PHOTO_LABEL,
                                            align=pymupdf.TEXT_ALIGN_CENTER)
            labels: list[tuple[pymupdf.Rect, str, float]] = []
            for bbox, label, trim in boxes.get(pno, []):
                _add_box(page, bbox, label, fill=FILL, colour=LABEL_COLOUR, labels=labels, trim=trim)
            if pno in boxes:
                page.apply_redactions(images=pymupdf.mupdf.PDF_REDACT_IMAGE_PIXELS,
                                      graphics=pymupdf.mupdf.PDF_REDACT_LINE_ART_REMOVE_IF_COVERED,
                                      text=pymupdf.mupdf.PDF_REDACT_TEXT_REMOVE)
                _write_labels(page, labels, LABEL_COLOUR)
            with contextlib.suppress(Exception):
                page.clip_to_rect(page.cropbox)
        _strip_jpeg_metadata(doc)
        _clean_channels(doc)
        out = _drop_undrawn_images(_save(doc))
    except EncryptedDocumentError:
        raise
    except Exception as exc:
        raise ProcessingError(f"PDF redaction failed ({type(exc).__name__})") from None
    finally:
        doc.close()
    return out


def clean_pdf(data: bytes) -> bytes:
    """Strip every channel beside the page content from a PDF the redactor made itself.

    Used for the PDF view of a DOCX output: LibreOffice's export adds an open action, metadata, a
    structure tree and links. The page content is left as it is (it comes from the redacted DOCX).

    Raises:
        ProcessingError: the PDF cannot be read or written.
    """
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:
        raise ProcessingError(f"the PDF cannot be read ({type(exc).__name__})") from None
    try:
        _strip_jpeg_metadata(doc)
        _clean_channels(doc)
        return _drop_undrawn_images(_save(doc))
    except Exception as exc:
        raise ProcessingError(f"the PDF could not be cleaned ({type(exc).__name__})") from None
    finally:
        doc.close()


def _drop_undrawn_images(data: bytes) -> bytes:
    """Remove what the pages do not draw from their resources (qpdf's unreferenced-resource removal, which
    unshares shared resource dictionaries first), and page thumbnails; the rewrite keeps only reachable
    objects, so an image no page draws does not stay in the file. Unchanged when pikepdf is missing or cannot
    read the file's page tree (broken trees MuPDF repaired): the verifier's own undrawn-image check then decides."""
    try:
        import pikepdf
    except ImportError:
        return data
    try:
        return _drop_undrawn_with(pikepdf, data)
    except pikepdf.PdfError:
        log.info("pikepdf cannot read the page tree; undrawn images are left to verification")
        return data


def _drop_undrawn_with(pikepdf, data: bytes) -> bytes:  # type: ignore[no-untyped-def]
    from io import BytesIO

    with pikepdf.open(BytesIO(data)) as pdf:
        has_images = any(isinstance(o, pikepdf.Stream) and o.get("/Subtype") == pikepdf.Name.Image
                         for o in pdf.objects)
        thumbs = [p for p in pdf.pages if "/Thumb" in p.obj]
        if not has_images and not thumbs:
            return data
        for page in thumbs:
            del page.obj["/Thumb"]
        pdf.remove_unreferenced_resources()
        out = BytesIO()
        pdf.save(out)
        return out.getvalue()


def _save(doc: pymupdf.Document) -> bytes:
    """Full rewrite with garbage collection; damaged structures fall back to copying the pages alone."""
    try:
        return doc.tobytes(garbage=4, deflate=True, clean=True, encryption=pymupdf.mupdf.PDF_ENCRYPT_NONE)
    except Exception:
        pass
    try:
        return doc.tobytes(garbage=4, deflate=True, encryption=pymupdf.mupdf.PDF_ENCRYPT_NONE)
    except Exception:
        pass
    fresh = pymupdf.open()
    try:
        fresh.insert_pdf(doc, links=False, annots=False, widgets=False)
        return fresh.tobytes(garbage=4, deflate=True, clean=True)
    finally:
        fresh.close()


def _strip_jpeg_metadata(doc: pymupdf.Document) -> None:
    """Drop EXIF, XMP, ICC, Photoshop and comment segments from every JPEG image stream, losslessly.

    Only JPEG (DCT) streams can carry such segments inside a PDF; other image streams are raw samples.
    The pixels are untouched: the entropy-coded data is copied as it is.
    """
    for xref in range(1, doc.xref_length()):
        try:
            if doc.xref_get_key(xref, "Subtype")[1] != "/Image":
                continue
            if "DCTDecode" not in doc.xref_get_key(xref, "Filter")[1]:
                continue
            raw = doc.xref_stream_raw(xref)
        except Exception:
            continue
        if raw and raw[:2] == b"\xff\xd8":
            cleaned = strip_jpeg_segments(raw)
            if cleaned != raw:
                with contextlib.suppress(Exception):
                    doc.update_stream(xref, cleaned, compress=False)
                    doc.xref_set_key(xref, "Filter", "/DCTDecode")  # update_stream marks it Flate otherwise


# APP1 (EXIF, XMP), APP2 (ICC), APP3-APP13 (Photoshop, IPTC, ...), APP15 and COM; APP0 (JFIF) and APP14
# (Adobe colour transform) stay because decoders need them.
_DROP_MARKERS = frozenset([0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xEB, 0xEC, 0xED, 0xEF, 0xFE])


def strip_jpeg_segments(data: bytes) -> bytes:
    """A JPEG without its metadata segments (lossless). Unparseable input is returned unchanged."""
    out = bytearray(data[:2])
    i = 2
    n = len(data)
    while i + 4 <= n:
        if data[i] != 0xFF:
            return data  # not a marker where one must be: leave the stream alone
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            out += data[i : i + 2]
            i += 2
            continue
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        if length < 2 or i + 2 + length > n:
            return data
        if marker == 0xDA:  # start of scan: the rest is image data
            out += data[i:]
            return bytes(out)
        if marker not in _DROP_MARKERS:
            out += data[i : i + 2 + length]
        i += 2 + length
    return data
