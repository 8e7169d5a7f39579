"""Photos end to end: no face (nor a copy of the photo) survives in any output; graphics stay, without metadata."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import numpy as np
import pymupdf
import pytest
from docx.shared import Pt
from PIL import Image, ImageDraw, ImageFont

from conftest import shared_path
from redactor import Outcome, load_config
from redactor.imaging.faces import FaceDetector
from redactor.imaging.ocr import ocr_available
from redactor.types import Action

pytestmark = pytest.mark.shared

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
OCR_OK, OCR_WHY = ocr_available(("dan", "eng"))
needs_ocr = pytest.mark.skipif(not OCR_OK, reason=f"Tesseract with dan+eng is unavailable: {OCR_WHY}")

# The hard cases of the shared portraits: B/W with a cap, colour powder, dark sunglasses, hijab, profile in low
# light, hat and sunglasses.
HARD = ["002", "026", "032", "046", "064", "099"]
ALL_PORTRAITS = [f"interfaces_cc0/{n}.jpg" for n in (
    "001", "002", "006", "012", "013", "014", "016", "021", "025", "026", "028", "030", "032", "038", "039",
    "046", "047", "051", "057", "058", "062", "064", "065", "067", "069", "071", "080", "093", "095", "099")]
ALL_PORTRAITS += ["skimage_data/astronaut.png", "skimage_data/camera.png", "matplotlib_sample/grace_hopper.jpg"]
GRAPHICS = ["charts_infomine_mit/PCAplot.png", "charts_infomine_mit/accuracy_boxplot.png",
            "charts_infomine_mit/confusion_matrix.png", "charts_infomine_mit/feature_importance.png",
            "matplotlib_sample/logo2.png", "skimage_data/logo.png"]
ARTIST = "Qvartist Canary-7731 Zorbaxia Quennelton"  # an invented name in the EXIF Artist tag
QUALIFICATION = "2015-2020 Projektleder, Region Hovedstaden"
CV_LINES = ["Curriculum Vitae", "Erhvervserfaring", QUALIFICATION, "Uddannelse",
            "Cand.scient.pol., Københavns Universitet", "Kompetencer: Python, SQL og Power BI"]
AHASH_MAX_DISTANCE = 40  # of 256 bits; re-encoded or rescaled copies of a photo are far below this


# ----------------------------------------------------------------------------- image helpers


def _shared_image(rel: str) -> tuple[bytes, Image.Image]:
    path = shared_path("images", rel)
    data = path.read_bytes()
    with Image.open(io.BytesIO(data)) as im:
        im.load()
        return data, _on_white(im)


def _on_white(im: Image.Image) -> Image.Image:
    """RGB pixels, transparency composited onto white."""
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    return im.convert("RGB")


def _encode(im: Image.Image, fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **kw)
    return buf.getvalue()


def _thumbnail(im: Image.Image, side: int) -> bytes:
    small = im.copy()
    small.thumbnail((side, side))
    return _encode(small, "JPEG", quality=90)


def ahash(im: Image.Image) -> np.ndarray:
    """Average hash: 16x16 grey pixels above their mean (256 bits)."""
    g = np.asarray(_on_white(im).convert("L").resize((16, 16), Image.Resampling.BILINEAR), dtype=np.float32)
    return (g > g.mean()).ravel()


def pixel_hash(im: Image.Image) -> str:
    return hashlib.sha256(_on_white(im).tobytes()).hexdigest()


@dataclass
class Planted:
    """What was put into a document: the photo's file bytes and pixels (to find copies of it)."""

    raw: bytes
    image: Image.Image

    def copies_in(self, images: list[Image.Image], raws: list[bytes]) -> list[str]:
        """Descriptions of output images that are this photo: same bytes, same pixels or a near-duplicate."""
        found = []
        raw_hash = hashlib.sha256(self.raw).hexdigest()
        if any(hashlib.sha256(r).hexdigest() == raw_hash for r in raws):
            found.append("same file bytes")
        ph, ah = pixel_hash(self.image), ahash(self.image)
        for n, im in enumerate(images):
            if pixel_hash(im) == ph:
                found.append(f"image {n}: same pixels")
            elif min(im.size) >= 8 and int((ahash(im) != ah).sum()) <= AHASH_MAX_DISTANCE:
                found.append(f"image {n}: near-duplicate (average hash)")
        return found


# ----------------------------------------------------------------------------- documents


def _text_page(page: pymupdf.Page) -> None:
    y = 60.0
    for line in CV_LINES:
        page.insert_text((60, y), line, fontsize=11, fontname="helv")
        y += 18


def pdf_with(placements: list[tuple[bytes, tuple[float, float, float, float]]]) -> bytes:
    """A one-page A4 CV with each image stream drawn in its rectangle."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _text_page(page)
    for stream, rect in placements:
        page.insert_image(pymupdf.Rect(*rect), stream=stream)
    data = doc.tobytes()
    doc.close()
    return data


TOP_RIGHT = (440, 40, 540, 160)  # the personal-details area
LOWER = (330, 420, 510, 600)  # below the top third: only face detection can tell
SMALL = (80, 700, 140, 760)  # a 60 px thumbnail
MID = (100, 380, 420, 620)  # a chart or logo in the body


def portrait_pdf(photo: Planted) -> bytes:
    im = photo.image
    return pdf_with([(photo.raw, TOP_RIGHT), (_encode(im, "PNG"), LOWER), (_thumbnail(im, 60), SMALL)])


def _docx_base() -> docx.Document:
    d = docx.Document()
    for line in CV_LINES:
        d.add_paragraph(line)
    return d


def _saved(d: docx.Document) -> bytes:
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def portrait_docx(photo: Planted) -> bytes:
    """The photo in the header, at the top of the body, lower in the body, and as a 60 px thumbnail."""
    im = photo.image
    d = _docx_base()
    d.sections[0].header.paragraphs[0].add_run().add_picture(io.BytesIO(_encode(im, "JPEG", quality=88)),
                                                             width=Pt(60))
    d.paragraphs[0].add_run().add_picture(io.BytesIO(photo.raw), width=Pt(90))
    for n in range(12):
        d.add_paragraph(f"Projekt {n + 1}: procesoptimering og dataanalyse i offentlig forvaltning.")
    d.add_paragraph().add_run().add_picture(io.BytesIO(_encode(im, "PNG")), width=Pt(150))
    d.add_paragraph("Referencer gives gerne.")
    d.add_paragraph().add_run().add_picture(io.BytesIO(_thumbnail(im, 60)), width=Pt(45))
    return _saved(d)


def graphic_pdf(stream: bytes) -> bytes:
    return pdf_with([(stream, MID)])


def graphic_docx(stream: bytes) -> bytes:
    d = _docx_base()
    for n in range(12):
        d.add_paragraph(f"Projekt {n + 1}: procesoptimering og dataanalyse i offentlig forvaltning.")
    d.add_paragraph().add_run().add_picture(io.BytesIO(stream), width=Pt(300))
    return _saved(d)


BUILDERS = {"pdf": (portrait_pdf, graphic_pdf), "docx": (portrait_docx, graphic_docx)}


# ----------------------------------------------------------------------------- reading the output back


@dataclass
class OutputImages:
    images: list[Image.Image]
    raws: list[bytes]
    renders: list[Image.Image]


def pdf_output_images(data: bytes, *, render_dpi: int = 100) -> OutputImages:
    """Every image object of every page (soft masks applied), its raw bytes, and each page rendered."""
    images, raws, renders = [], [], []
    doc = pymupdf.open(stream=data, filetype="pdf")
    try:
        seen: set[int] = set()
        for page in doc:
            for info in page.get_images(full=True):
                xref, smask = info[0], info[1]
                if xref in seen:
                    continue
                seen.add(xref)
                raw = doc.extract_image(xref)
                raws.append(raw["image"])
                pix = pymupdf.Pixmap(doc, xref)
                if smask:
                    pix = pymupdf.Pixmap(pix, pymupdf.Pixmap(doc, smask))
                mode = "RGBA" if pix.alpha else "RGB"
                if pix.n - pix.alpha != 3:
                    pix = pymupdf.Pixmap(pymupdf.csRGB, pix)
                    mode = "RGBA" if pix.alpha else "RGB"
                images.append(Image.frombytes(mode, (pix.width, pix.height), pix.samples))
            rp = page.get_pixmap(dpi=render_dpi, alpha=False)
            renders.append(Image.frombytes("RGB", (rp.width, rp.height), rp.samples))
    finally:
        doc.close()
    return OutputImages(images, raws, renders)


def docx_output_images(data: bytes) -> OutputImages:
    """Every media part of the package (any part whose bytes decode as an image)."""
    images, raws = [], []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            raw = zf.read(name)
            if name.endswith((".xml", ".rels")):
                continue
            try:
                with Image.open(io.BytesIO(raw)) as im:
                    im.load()
                    images.append(im.copy())
            except Exception:
                continue
            raws.append(raw)
    return OutputImages(images, raws, [])


def output_images(data: bytes, fmt: str) -> OutputImages:
    return pdf_output_images(data) if fmt == "pdf" else docx_output_images(data)


def faces_in(detector: FaceDetector, out: OutputImages) -> list[str]:
    found = []
    for n, im in enumerate(out.images):
        if min(im.size) >= 16 and detector.detect(_on_white(im)):
            found.append(f"image {n} ({im.size[0]}x{im.size[1]})")
    for n, im in enumerate(out.renders):
        if detector.detect(im):
            found.append(f"page {n + 1} render")
    return found


@pytest.fixture(scope="module")
def detector() -> FaceDetector:
    return FaceDetector()


def _portrait_case(pipeline, detector: FaceDetector, rel: str, fmt: str) -> None:  # type: ignore[no-untyped-def]
    raw, image = _shared_image(rel)
    photo = Planted(raw, image)
    src = BUILDERS[fmt][0](photo)
    result = pipeline.redact(src)
    assert result.outcome is not Outcome.FAILED, result.error
    assert result.output_format == fmt
    reasons = sorted(i.reason for i in result.images)
    print(f"\n{rel} {fmt}: {reasons}")
    assert len(result.images) == (3 if fmt == "pdf" else 4), reasons
    assert all(i.action is not Action.KEEP for i in result.images), reasons
    out = output_images(result.output, fmt)
    assert faces_in(detector, out) == []
    assert photo.copies_in(out.images, out.raws) == []
    text = _output_text(result.output, fmt)
    assert QUALIFICATION in text


def _output_text(data: bytes, fmt: str) -> str:
    if fmt == "pdf":
        from conftest import all_pdf_text

        return all_pdf_text(data)
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


# ----------------------------------------------------------------------------- tests: photos


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_photos_checks_flag_the_unredacted_input(detector: FaceDetector, fmt: str) -> None:
    """The checks used below can fail: on the input document they find the face and the photo's copies."""
    raw, image = _shared_image("interfaces_cc0/046.jpg")
    photo = Planted(raw, image)
    src = BUILDERS[fmt][0](photo)
    out = output_images(src, fmt)
    assert faces_in(detector, out)
    copies = photo.copies_in(out.images, out.raws)
    assert "same file bytes" in copies
    assert any("same pixels" in c for c in copies)
    assert any("near-duplicate" in c for c in copies)  # the PNG copy, the JPEG thumbnail


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("number", HARD)
def test_photos_no_face_survives_hard_portraits(pipeline, detector: FaceDetector, number: str,
                                                fmt: str) -> None:
    _portrait_case(pipeline, detector, f"interfaces_cc0/{number}.jpg", fmt)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("rel", ALL_PORTRAITS)
def test_photos_no_face_survives_all_portraits(pipeline, detector: FaceDetector, rel: str, fmt: str) -> None:
    _portrait_case(pipeline, detector, rel, fmt)


# ----------------------------------------------------------------------------- tests: graphics


def _graphic_case(pipeline, rel: str, fmt: str, stream: bytes | None = None):  # type: ignore[no-untyped-def]
    raw, image = _shared_image(rel)
    stream = stream or raw
    result = pipeline.redact(BUILDERS[fmt][1](stream))
    assert result.outcome is not Outcome.FAILED, result.error
    assert [(i.action, i.reason) for i in result.images] == [(Action.KEEP, "kept_graphic")]
    out = output_images(result.output, fmt)
    assert Planted(raw, image).copies_in(out.images, []), "the kept graphic is missing from the output"
    return result


@pytest.mark.parametrize(("rel", "fmt"), [(rel, "pdf" if n % 2 == 0 else "docx") for n, rel in enumerate(GRAPHICS)])
def test_photos_graphics_are_kept(pipeline, rel: str, fmt: str) -> None:
    _graphic_case(pipeline, rel, fmt)


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
@pytest.mark.parametrize("rel", GRAPHICS)
def test_photos_graphics_are_kept_all_formats(pipeline, rel: str, fmt: str) -> None:
    _graphic_case(pipeline, rel, fmt)


def jpeg_with_artist(im: Image.Image, artist: str) -> bytes:
    exif = Image.Exif()
    exif[0x013B] = artist  # Artist
    exif[0x010E] = artist  # ImageDescription
    return _encode(im, "JPEG", quality=90, exif=exif)


def _all_bytes(data: bytes, fmt: str) -> bytes:
    """The file's bytes plus every decompressed stream (PDF) or part (DOCX)."""
    chunks = [data]
    if fmt == "pdf":
        doc = pymupdf.open(stream=data, filetype="pdf")
        for xref in range(1, doc.xref_length()):
            if doc.xref_is_stream(xref):
                chunks.append(doc.xref_stream(xref) or b"")
                chunks.append(doc.xref_stream_raw(xref) or b"")
        doc.close()
    else:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            chunks += [zf.read(n) for n in zf.namelist()]
    return b"\n".join(chunks)


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_photos_kept_chart_loses_exif(pipeline, fmt: str) -> None:
    _raw, image = _shared_image("charts_infomine_mit/feature_importance.png")
    stream = jpeg_with_artist(image, ARTIST)
    needle = ARTIST.split()[1].encode()
    assert needle in _all_bytes(BUILDERS[fmt][1](stream), fmt)  # planted
    result = _graphic_case(pipeline, "charts_infomine_mit/feature_importance.png", fmt, stream)
    assert needle not in _all_bytes(result.output, fmt)
    assert b"Quennelton" not in _all_bytes(result.output, fmt)


# ----------------------------------------------------------------------------- tests: text inside images


def chart_png(caption: str | None) -> bytes:
    """A bar chart with axis labels and a title; ``caption`` is drawn under it."""
    im = Image.new("RGB", (640, 420), "white")
    d = ImageDraw.Draw(im)
    font = ImageFont.truetype(str(FONT), 18) if FONT.exists() else ImageFont.load_default(18)
    d.line((60, 340, 600, 340), fill="black", width=2)
    d.line((60, 40, 60, 340), fill="black", width=2)
    for i, h in enumerate([120, 200, 90, 250, 170]):
        d.rectangle((90 + i * 100, 340 - h, 160 + i * 100, 340), fill=(70, 110, 200))
        d.text((105 + i * 100, 348), f"Q{i + 1}", font=font, fill="black")
    d.text((160, 10), "Sager behandlet pr. kvartal 2023", font=font, fill="black")
    if caption:
        d.text((120, 386), caption, font=font, fill="black")
    return _encode(im, "PNG")


def _graphic_doc(stream: bytes, fmt: str) -> bytes:
    return BUILDERS[fmt][1](stream)


CAPTIONS = [
    (None, (Action.KEEP, "kept_graphic")),
    ("Kilde: egen opgørelse, Økonomiforvaltningen", (Action.KEEP, "kept_graphic")),
    ("Kontakt: jonas.berg.hansen@example.dk", (Action.REDACT, "text_with_personal_data")),
    ("Tlf. +45 28 91 46 03", (Action.REDACT, "text_with_personal_data")),
]


@needs_ocr
@pytest.mark.ocr
@pytest.mark.parametrize(
    ("caption", "expected", "fmt"),
    [(c, e, "pdf") for c, e in CAPTIONS] + [(c, e, "docx") for c, e in CAPTIONS[::2]],
)
def test_photos_text_inside_kept_image_is_checked(pipeline, caption: str | None, expected: tuple,
                                                 fmt: str) -> None:
    stream = chart_png(caption)
    result = pipeline.redact(_graphic_doc(stream, fmt))
    assert result.outcome is not Outcome.FAILED, result.error
    assert [(i.action, i.reason) for i in result.images] == [expected]
    out = output_images(result.output, fmt)
    with Image.open(io.BytesIO(stream)) as im:
        planted = Planted(stream, _on_white(im))
    assert bool(planted.copies_in(out.images, out.raws)) is (expected[0] is Action.KEEP)


@pytest.mark.parametrize(
    ("rel", "expected", "outcome"),
    [
        ("charts_infomine_mit/accuracy_boxplot.png", (Action.REVIEW, "text_not_checked"), Outcome.NEEDS_REVIEW),
        ("skimage_data/logo.png", (Action.KEEP, "kept_graphic"), Outcome.CLEAN),
    ],
)
def test_photos_image_text_without_ocr_flags_text_like_images_only(pipeline, monkeypatch: pytest.MonkeyPatch,
                                                                   rel: str, expected: tuple,
                                                                   outcome: Outcome) -> None:
    monkeypatch.setattr("redactor.imaging.ocr.ocr_available", lambda langs=(): (False, "tesseract not found"))
    raw, _image = _shared_image(rel)
    result = pipeline.redact(graphic_pdf(raw))
    assert [(i.action, i.reason) for i in result.images] == [expected]
    assert result.outcome is outcome


def test_photos_check_image_text_with_ocr_switched_off() -> None:
    from redactor.imagetext import check_image_text

    _raw, labelled = _shared_image("charts_infomine_mit/accuracy_boxplot.png")
    _raw, logo = _shared_image("skimage_data/logo.png")
    calls: list[int] = []
    result = check_image_text({"labelled": labelled, "logo": logo}, config=load_config(ocr={"enabled": False}),
                              detect=lambda units: calls.append(len(units)) or [])
    assert result == {"labelled": (Action.REVIEW, "text_not_checked")}
    assert calls == []


def test_photos_removed_photos_are_not_ocred(pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    import redactor.imaging.ocr as ocr

    calls: list[tuple[int, int]] = []
    real = ocr.ocr_words

    def spy(image, **kw):  # type: ignore[no-untyped-def]
        calls.append(image.size)
        return real(image, **kw)

    monkeypatch.setattr(ocr, "ocr_words", spy)
    raw, image = _shared_image("interfaces_cc0/046.jpg")
    result = pipeline.redact(portrait_pdf(Planted(raw, image)))
    assert all(i.action is not Action.KEEP for i in result.images)
    assert calls == []
    if OCR_OK:
        pipeline.redact(graphic_pdf(chart_png(None)))
        assert len(calls) == 1
