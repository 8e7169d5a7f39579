"""OCR extraction: pages without a usable text layer become "ocr" text units with word boxes in points."""

from __future__ import annotations

from collections.abc import Sequence

import pymupdf
from PIL import Image

from redactor.config import Config
from redactor.textnorm import normalize_word
from redactor.types import BBox, TextUnit, Word


def ocr_units(data: bytes, pages: Sequence[int], config: Config, *, langs: tuple[str, ...]) -> list[TextUnit]:
    """Render each page at the configured resolution and read it with Tesseract.

    Returns one unit per OCR block, words with boxes in PDF points (so redaction by word boxes works the
    same way as for text pages).
    """
    from redactor.imaging.ocr import ocr_words

    dpi = config.ocr.dpi
    scale = 72.0 / dpi
    units: list[TextUnit] = []
    doc = pymupdf.open(stream=data, filetype="pdf")
    try:
        for pno in pages:
            page = doc[pno]
            pix = page.get_pixmap(dpi=dpi, alpha=False)
            image = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
            del pix
            words = ocr_words(image, langs=langs, timeout=config.ocr.timeout_s)
            blocks: dict[int, list] = {}
            for w in words:
                if w.text.strip():
                    blocks.setdefault(w.line_key[0], []).append(w)
            for bno, ws in blocks.items():
                parts: list[str] = []
                out: list[Word] = []
                pos = 0
                prev = None
                line_no = -1
                for w in ws:
                    tok = normalize_word(w.text)
                    if prev is not None:
                        parts.append(" " if w.line_key == prev else "\n")
                        pos += 1
                    if w.line_key != prev:
                        line_no += 1
                    prev = w.line_key
                    parts.append(tok)
                    # Tesseract's boxes hug the ink and clip single glyphs; widen them a little
                    pad = (w.y1 - w.y0) * 0.25
                    box = BBox((w.x0 - pad) * scale, (w.y0 - pad / 2) * scale, (w.x1 + pad) * scale,
                               (w.y1 + pad / 2) * scale)
                    out.append(Word(pos, pos + len(tok), box, box.height, line_no))
                    pos += len(tok)
                units.append(TextUnit(f"p{pno}.ocr{bno}", "".join(parts), "ocr", pno, tuple(out)))
    finally:
        doc.close()
    return units


def render_pages(data: bytes, pages: Sequence[int], *, dpi: int) -> dict[int, Image.Image]:
    """Render pages to RGB images (for face detection on scans)."""
    out: dict[int, Image.Image] = {}
    doc = pymupdf.open(stream=data, filetype="pdf")
    try:
        for pno in pages:
            pix = doc[pno].get_pixmap(dpi=dpi, alpha=False)
            out[pno] = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    finally:
        doc.close()
    return out
