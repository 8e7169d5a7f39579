"""PDF extraction with PyMuPDF: words with boxes per block, plus every hidden text channel."""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator

import pymupdf

from redactor.config import Config
from redactor.errors import CorruptDocumentError, EncryptedDocumentError, LimitExceededError
from redactor.textlayer import unreadable_reason
from redactor.textnorm import normalize_word
from redactor.types import BBox, Document, ImageInfo, TextUnit, Word

# Expand ligatures, keep whitespace, read text outside the media box too.
WORD_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_CID_FOR_UNKNOWN_UNICODE
# Pages with fewer extracted characters than this but with images are treated as scans.
MIN_TEXT_CHARS = 20
# Pages with more images than this are handled as one picture (OCR, faces on the page render).
MAX_IMAGES_PER_PAGE = 60


def use_tight_glyph_boxes() -> None:
    """Make MuPDF report glyph boxes of the font size, not the line height.

    Word boxes then do not reach into the lines above and below, so a redaction box removes its own line
    only (PyMuPDF #1809, #3655). This is a process-wide MuPDF setting; extraction and redaction must see
    the same value, so it is set before any extraction.
    """
    pymupdf.TOOLS.set_small_glyph_heights(True)
    # MuPDF prints every repair of a damaged file to stderr; those lines can quote document content and
    # drown the tool's own messages. Problems that matter surface as exceptions and verification issues.
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)


def open_pdf(data: bytes, config: Config) -> pymupdf.Document:
    """Open PDF bytes, authenticating with the configured passwords.

    Raises:
        CorruptDocumentError: not a readable PDF.
        EncryptedDocumentError: encrypted and no configured password works.
        LimitExceededError: too many pages or an oversized page.
    """
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # MuPDF raises several types for broken files
        raise CorruptDocumentError(f"not a readable PDF ({type(exc).__name__})") from None
    if doc.needs_pass:
        for password in config.passwords:
            if doc.authenticate(password):
                break
        else:
            doc.close()
            raise EncryptedDocumentError("the PDF is password protected; supply the password to process it")
    try:
        page_count = doc.page_count
    except Exception:
        raise CorruptDocumentError("the PDF page tree cannot be read") from None
    if page_count == 0:
        doc.close()
        raise CorruptDocumentError("the PDF has no pages")
    if page_count > config.limits.max_pages:
        doc.close()
        raise LimitExceededError(f"the PDF has {page_count} pages; the limit is {config.limits.max_pages}")
    return doc


def layers_on(doc: pymupdf.Document) -> None:
    """Switch every optional-content layer on so hidden layers are extracted (and later redacted)."""
    with contextlib.suppress(Exception):
        for cfg in doc.layer_ui_configs():
            if not cfg.get("on", True):
                doc.set_layer_ui_config(cfg["number"], pymupdf.PDF_OC_ON)


def _tracking_spaces(page: pymupdf.Page) -> list[tuple[float, float, float, float]]:
    """The gaps (x0, y0, x1, y1) around space characters that are letter spacing, not word gaps.

    Producers that draw tracked (letter-spaced) text glyph by glyph, such as Chromium's PDF output for CSS
    ``letter-spacing``, can leave a space character between two letters of one word, so that extraction
    reads "jo hn.do e@email.co m" or "0123 4567 89". Inside a span whose letters stand apart (the median gap
    between neighbouring non-space characters is at least 6 % of the font size), a space across which the
    letters stand no further apart than two such gaps (x 1.1) and less than 0.3 em is such an artefact: a
    real word space adds the font's space advance (0.2 em or more) to the tracking. Spans written entirely
    as letter-space-letter ("C O N T A C T") have no neighbouring letters to measure and are left as they
    are (the name detector reads that shape itself).
    """
    out: list[tuple[float, float, float, float]] = []
    raw = page.get_text("rawdict", flags=WORD_FLAGS, clip=pymupdf.INFINITE_RECT())
    for block in raw.get("blocks", ()):
        for line in block.get("lines", ()):
            for span in line.get("spans", ()):
                chars = span.get("chars", ())
                size = float(span.get("size") or 0.0)
                if len(chars) < 4 or size <= 0:
                    continue
                gaps = sorted(
                    b["bbox"][0] - a["bbox"][2]
                    for a, b in itertools.pairwise(chars)
                    if not a["c"].isspace() and not b["c"].isspace()
                )
                if len(gaps) < 2:
                    continue
                gap = gaps[len(gaps) // 2]
                if gap < 0.06 * size:
                    continue
                for a, sp, b in zip(chars, chars[1:], chars[2:], strict=False):
                    if sp["c"] != " " or a["c"].isspace() or b["c"].isspace():
                        continue
                    across = b["bbox"][0] - a["bbox"][2]
                    if across <= 2.2 * gap and across < 0.3 * size:
                        out.append((a["bbox"][2], sp["bbox"][1], b["bbox"][0], sp["bbox"][3]))
    return out


def _join_tracked(words: list[tuple], gaps: list[tuple[float, float, float, float]]) -> list[tuple]:
    """Join the neighbouring words of one line that only a letter-spacing space parts (``_tracking_spaces``)."""
    if not gaps:
        return words
    out: list[tuple] = []
    for w in words:
        if out:
            prev = out[-1]
            if prev[5:7] == w[5:7] and any(
                abs(gx0 - prev[2]) < 0.5 and abs(gx1 - w[0]) < 0.5 and gy0 < prev[3] and gy1 > prev[1]
                for gx0, gy0, gx1, gy1 in gaps
            ):
                out[-1] = (prev[0], min(prev[1], w[1]), w[2], max(prev[3], w[3]), prev[4] + w[4], *prev[5:])
                continue
        out.append(w)
    return out


def _page_units(page: pymupdf.Page, pno: int) -> Iterator[TextUnit]:
    raw = page.get_text("words", flags=WORD_FLAGS, clip=pymupdf.INFINITE_RECT())
    raw = _join_tracked(list(raw), _tracking_spaces(page))
    blocks: dict[int, list[tuple]] = {}
    for w in raw:
        blocks.setdefault(w[5], []).append(w)
    for bno, words in blocks.items():
        parts: list[str] = []
        out: list[Word] = []
        pos = 0
        prev_line: int | None = None
        line_idx = -1
        for x0, y0, x1, y1, text, _b, line, _wn in words:
            token = normalize_word(text)
            if not token.strip():
                continue
            if prev_line is not None:
                sep = " " if line == prev_line else "\n"
                parts.append(sep)
                pos += 1
            if line != prev_line:
                line_idx += 1
            prev_line = line
            parts.append(token)
            out.append(Word(pos, pos + len(token), BBox(x0, y0, x1, y1), round(y1 - y0, 2), line_idx))
            pos += len(token)
        if out:
            yield TextUnit(id=f"p{pno}.b{bno}", text="".join(parts), kind="body", page=pno, words=tuple(out))


def _hidden_units(doc: pymupdf.Document) -> Iterator[TextUnit]:
    """Text that is not page content: metadata, XMP, bookmarks, annotations, forms, links, attachments."""
    with contextlib.suppress(Exception):
        for key, value in (doc.metadata or {}).items():
            if value and key not in ("format", "encryption"):
                yield TextUnit(id=f"meta:{key}", text=str(value), kind="metadata", ref=key)
    with contextlib.suppress(Exception):
        xmp = doc.get_xml_metadata()
        if xmp:
            yield TextUnit(id="meta:xmp", text=xmp, kind="metadata", ref="xmp")
    with contextlib.suppress(Exception):
        for i, (_lvl, title, _pg, *_rest) in enumerate(doc.get_toc(simple=False)):
            yield TextUnit(id=f"toc:{i}", text=str(title), kind="outline")
    with contextlib.suppress(Exception):
        for i in range(doc.embfile_count()):
            info = doc.embfile_info(i)
            text = " ".join(str(info.get(k, "")) for k in ("name", "filename", "ufilename", "desc"))
            yield TextUnit(id=f"embedded:{i}", text=text, kind="attachment")
    for pno in range(doc.page_count):
        try:
            page = doc[pno]
        except Exception:
            continue
        with contextlib.suppress(Exception):
            for i, link in enumerate(page.get_links()):
                uri = link.get("uri") or link.get("file") or ""
                if uri:
                    yield TextUnit(id=f"p{pno}.link{i}", text=str(uri), kind="link", page=pno)
        with contextlib.suppress(Exception):
            for i, annot in enumerate(page.annots() or []):
                info = annot.info or {}
                text = "\n".join(str(info.get(k, "")) for k in ("title", "content", "subject") if info.get(k))
                if text:
                    yield TextUnit(id=f"p{pno}.annot{i}", text=text, kind="annotation", page=pno)
        with contextlib.suppress(Exception):
            for i, widget in enumerate(page.widgets() or []):
                text = "\n".join(str(v) for v in (widget.field_name, widget.field_value) if v)
                if text:
                    yield TextUnit(id=f"p{pno}.field{i}", text=text, kind="form", page=pno)


def _page_images(page: pymupdf.Page, pno: int) -> Iterator[ImageInfo]:
    try:
        infos = page.get_image_info(xrefs=True)
    except Exception:
        return
    for i, info in enumerate(infos):
        bbox = info.get("bbox")
        yield ImageInfo(
            id=f"p{pno}.img{i}",
            page=pno,
            bbox=BBox(*bbox) if bbox else None,
            width=int(info.get("width") or 0),
            height=int(info.get("height") or 0),
            xref=int(info.get("xref") or 0),
        )


def extract_pdf(data: bytes, config: Config, *, filename: str | None = None) -> Document:
    """Extract a PDF into a Document.

    Args:
        data: the untrusted PDF bytes.
        config: limits and passwords.
        filename: the original file name, itself a channel that can name the applicant.
    Raises:
        CorruptDocumentError, EncryptedDocumentError, LimitExceededError.
    """
    use_tight_glyph_boxes()
    doc = open_pdf(data, config)
    try:
        layers_on(doc)
        units: list[TextUnit] = []
        images: list[ImageInfo] = []
        sizes: list[tuple[float, float]] = []
        scans: list[int] = []
        warnings: list[str] = []
        limit = config.limits.max_page_side_pt
        for pno in range(doc.page_count):
            try:
                page = doc[pno]
                rect = page.rect
            except Exception:
                raise CorruptDocumentError(f"page {pno + 1} cannot be read") from None
            if rect.width > limit or rect.height > limit:
                raise LimitExceededError(f"page {pno + 1} is larger than the limit of {limit:.0f} points")
            sizes.append((rect.width, rect.height))
            try:
                page_units = list(_page_units(page, pno))
                page_images = list(_page_images(page, pno))
            except Exception as exc:  # MuPDF's errors on damaged content streams
                raise CorruptDocumentError(f"page {pno + 1} cannot be read ({type(exc).__name__})") from None
            units.extend(page_units)
            chars = sum(len(u.text) for u in page_units)
            if len(page_images) > MAX_IMAGES_PER_PAGE:
                # a page tiled from many images (a scan cut in strips, a mosaic): judge the page as a picture
                scans.append(pno)
                warnings.append(f"page {pno + 1}: made of {len(page_images)} images, handled as a scanned page")
                continue
            images.extend(page_images)
            if chars < MIN_TEXT_CHARS and page_images:
                scans.append(pno)
            elif _has_unmapped_text(page):
                scans.append(pno)
                warnings.append(f"page {pno + 1}: text without a usable character map")
            elif _has_type3_fonts(page):
                scans.append(pno)  # Type3 glyphs are drawings: redaction cannot remove them, OCR can
            elif chars < 400 and _many_vector_paths(page):
                scans.append(pno)  # text drawn as outlines has no text layer to redact
        units.extend(_hidden_units(doc))
        if filename:
            stem = filename.rsplit("/", 1)[-1]
            units.append(TextUnit(id="filename", text=_filename_text(stem), kind="filename"))
        return Document(
            format="pdf",
            page_count=doc.page_count,
            units=tuple(units),
            images=tuple(images),
            page_sizes=tuple(sizes),
            warnings=tuple(warnings),
            needs_ocr_pages=tuple(scans),
        )
    finally:
        doc.close()


def _has_type3_fonts(page: pymupdf.Page) -> bool:
    try:
        return any(f[2] == "Type3" for f in page.get_fonts())
    except Exception:
        return False


def _many_vector_paths(page: pymupdf.Page) -> bool:
    """Many small filled paths and little text: likely text converted to outlines."""
    try:
        paths = page.get_cdrawings()
    except Exception:
        return False
    small = 0
    for p in paths:
        r = p.get("rect")
        if r is not None and p.get("fill") is not None and 0 < r[3] - r[1] < 30 and 0 < r[2] - r[0] < 30:
            small += 1
    return small > 150


def _filename_text(stem: str) -> str:
    """File names separate words with _ - . and camel case; make them readable for detection."""
    out = []
    for ch in stem:
        out.append(" " if ch in "_-.+" else ch)
    return "".join(out)


def _has_unmapped_text(page: pymupdf.Page) -> bool:
    """A text layer that does not read as language (broken ToUnicode map, glyph garbage, private-use code
    points): the page is handled as a scan (see :mod:`redactor.textlayer`). The raw text is judged, before
    normalisation drops the control characters that glyph numbers often come out as."""
    try:
        raw = page.get_text("text", flags=pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_CID_FOR_UNKNOWN_UNICODE)
    except Exception:
        return False
    return unreadable_reason(raw) is not None
