"""OCR wrapper: availability without crashing, words and boxes read back from rendered text, errors."""

from __future__ import annotations

import time
from pathlib import Path

import pymupdf
import pytesseract
import pytest
from PIL import Image, ImageDraw, ImageFont

from redactor.imaging.ocr import OcrError, OcrWord, ocr_available, ocr_words

OCR_OK, OCR_WHY = ocr_available(("dan", "eng"))
needs_ocr = pytest.mark.skipif(not OCR_OK, reason=f"Tesseract with dan+eng is unavailable: {OCR_WHY}")
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")

NAME = "Amira Haddad-Nielsen"
EMAIL = "amira.haddad@example.dk"
LINES = [
    "Curriculum Vitae",
    f"Navn: {NAME}",
    f"E-mail: {EMAIL}",
    "Telefon: +45 12 34 56 78",
    "2019 - nu  Projektleder, Københavns Kommune",
    "2010 - 2015  Cand.scient.pol., Københavns Universitet",
]


def _render_pdf_page(lines: list[str], *, dpi: int, clip_height: float | None) -> tuple[Image.Image, list[float]]:
    """Text put on an A4 PDF page with PyMuPDF and rasterised; returns the image and each line's baseline y (px)."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    baselines = []
    y = 70.0
    for line in lines:
        page.insert_text((60, y), line, fontsize=11, fontname="helv")
        baselines.append(y * dpi / 72)
        y += 16
    clip = pymupdf.Rect(0, 0, 595, clip_height) if clip_height else None
    pix = page.get_pixmap(dpi=dpi, alpha=False, clip=clip)
    image = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    doc.close()
    return image, baselines


def _find(words: list[OcrWord], text: str) -> OcrWord:
    hits = [w for w in words if text in w.text]
    assert hits, f"{text!r} not read; got {' '.join(w.text for w in words)!r}"
    return hits[0]


def test_ocr_available_never_raises_and_names_missing_language() -> None:
    ok, why = ocr_available(("zz-not-a-language",))
    assert ok is False
    assert why  # a reason a user can act on


def test_ocr_missing_binary_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    ok, why = ocr_available()
    assert ok is False and "not installed" in why
    with pytest.raises(OcrError, match="OCR002"):
        ocr_words(Image.new("RGB", (100, 100), "white"))


@pytest.mark.ocr
@needs_ocr
def test_ocr_reads_name_and_email_from_pdf_raster() -> None:
    image, baselines = _render_pdf_page(LINES, dpi=200, clip_height=200)
    words = ocr_words(image)
    text = " ".join(w.text for w in words)
    assert "Haddad-Nielsen" in text and "Amira" in text
    email = _find(words, EMAIL)
    # the box lies on the third line, right of the label, in image pixels
    assert email.y0 < baselines[2] < email.y1 + 3
    assert email.x0 > 60 * 200 / 72
    assert email.conf > 50
    label = _find(words, "E-mail")
    assert label.line_key == email.line_key
    assert _find(words, "Navn").line_key != email.line_key


@pytest.mark.ocr
@needs_ocr
def test_ocr_small_image_boxes_are_in_original_coordinates() -> None:
    if not FONT.exists():
        pytest.skip("DejaVu font not installed")
    image = Image.new("RGBA", (360, 60), (0, 0, 0, 0))  # transparent background, as in logos
    ImageDraw.Draw(image).text((10, 15), EMAIL, font=ImageFont.truetype(str(FONT), 20), fill=(0, 0, 0, 255))
    words = ocr_words(image, langs=("eng",))
    email = _find(words, "example")
    assert 0 <= email.x0 < 40 and email.x1 <= 360 and 5 <= email.y0 < 30 and email.y1 <= 50


@pytest.mark.ocr
@needs_ocr
def test_ocr_timeout_raises() -> None:
    image, _ = _render_pdf_page(LINES * 8, dpi=300, clip_height=None)
    with pytest.raises(OcrError, match="OCR003"):
        ocr_words(image, timeout=0.05)


@pytest.mark.ocr
@needs_ocr
def test_ocr_blank_image_gives_no_words() -> None:
    assert ocr_words(Image.new("L", (800, 600), 255)) == []


@pytest.mark.ocr
@pytest.mark.slow
@needs_ocr
@pytest.mark.parametrize("dpi", [200, 300])
def test_ocr_full_a4_page_time(dpi: int) -> None:
    image, _ = _render_pdf_page(LINES * 7, dpi=dpi, clip_height=None)
    start = time.perf_counter()
    words = ocr_words(image)
    elapsed = time.perf_counter() - start
    print(f"A4 at {dpi} dpi ({image.size[0]}x{image.size[1]}): {len(words)} words in {elapsed:.1f} s")
    assert sum(EMAIL in w.text for w in words) >= 6
    assert elapsed < 60
