"""Scanned applications end to end: personal data is gone from the text layer and the pixels; OCR off is flagged."""

from __future__ import annotations

import difflib
import io
import re
import time
from dataclasses import dataclass

import numpy as np
import pymupdf
import pytest
from PIL import Image

from conftest import SHARED, all_pdf_text
from redactor import Outcome, Pipeline, load_config
from redactor.imaging.faces import FaceDetector
from redactor.imaging.ocr import ocr_available, ocr_words

OCR_OK, OCR_WHY = ocr_available(("dan", "eng"))
needs_ocr = pytest.mark.skipif(not OCR_OK, reason=f"Tesseract with dan+eng is unavailable: {OCR_WHY}")
SCAN_DPI = 200
ALL_PORTRAITS = [f"interfaces_cc0/{n}.jpg" for n in (
    "001", "002", "006", "012", "013", "014", "016", "021", "025", "026", "028", "030", "032", "038", "039",
    "046", "047", "051", "057", "058", "062", "064", "065", "067", "069", "071", "080", "093", "095", "099")]
ALL_PORTRAITS += ["skimage_data/astronaut.png", "skimage_data/camera.png", "matplotlib_sample/grace_hopper.jpg"]


@dataclass(frozen=True)
class Cv:
    """A text CV: personal values that must go and qualification lines that must stay readable."""

    lang: str
    name: str
    email: str
    phone: str
    birthdate: str
    lines: tuple[str, ...]
    keep: tuple[str, ...]  # words OCR must still read in the output

    def values(self) -> dict[str, str]:
        return {"name": self.name, "email": self.email, "phone": self.phone, "birthdate": self.birthdate}

    def text_lines(self) -> list[tuple[str, float]]:
        born = "Fødselsdato" if self.lang == "da" else "Date of birth"
        phone = "Telefon" if self.lang == "da" else "Phone"
        head = "Curriculum Vitae"
        return [(self.name, 20), (head, 13), (f"E-mail: {self.email}", 11), (f"{phone}: {self.phone}", 11),
                (f"{born}: {self.birthdate}", 11), ("", 11), *((line, 11) for line in self.lines)]


DA = Cv(
    "da", "Oksana Kovalenko", "oksana.kovalenko@example.dk", "+45 28 91 46 03", "14.03.1987",
    ("Erhvervserfaring", "2019 - nu  Projektleder, Københavns Kommune",
     "2014 - 2019  Konsulent, Region Hovedstaden", "Uddannelse",
     "2008 - 2013  Cand.scient.pol., Københavns Universitet", "Kompetencer: Python, SQL og Power BI",
     "Sprog: dansk (flydende), engelsk (flydende), ukrainsk (modersmål)"),
    ("Projektleder", "Konsulent", "Hovedstaden", "Universitet", "Kompetencer", "Python"),
)
EN = Cv(
    "en", "Tariq Mahmood Qureshi", "t.qureshi@example.com", "+45 31 62 70 95", "2 June 1990",
    ("Work experience", "2020 - present  Data Analyst, Danske Bank",
     "2016 - 2020  Research Assistant, Aarhus University", "Education",
     "2012 - 2016  BSc Computer Science, University of Copenhagen", "Skills: Python, R, SQL, Tableau",
     "Languages: English (fluent), Urdu (native), Danish (intermediate)"),
    ("Analyst", "Research", "Assistant", "Education", "Computer", "Science", "Tableau"),
)


# ----------------------------------------------------------------------------- building scans


PHOTO_RECT = (445, 40, 545, 165)


def text_pdf(cv: Cv, *, photo: Image.Image | None = None, pages: int = 1,
             rect: tuple[float, float, float, float] = PHOTO_RECT) -> bytes:
    doc = pymupdf.open()
    for _ in range(pages):
        page = doc.new_page(width=595, height=842)
        y = 80.0
        for text, size in cv.text_lines():
            if text:
                page.insert_text((60, y), text, fontsize=size, fontname="helv")
            y += size * 1.7
        if photo is not None:
            page.insert_image(pymupdf.Rect(*rect), stream=_png(photo))
    data = doc.tobytes()
    doc.close()
    return data


def _png(im: Image.Image) -> bytes:
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def scan_images(pdf: bytes, *, dpi: int = SCAN_DPI, skew: float = 0.0) -> list[Image.Image]:
    """Each page rendered to pixels, as a scanner would give it (optionally slightly rotated)."""
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    out = []
    for page in doc:
        pix = page.get_pixmap(dpi=dpi, alpha=False)
        im = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
        if skew:
            im = im.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor="white", expand=False)
        out.append(im)
    doc.close()
    return out


def image_only_pdf(images: list[Image.Image], *, fmt: str = "PNG") -> bytes:
    doc = pymupdf.open()
    for im in images:
        page = doc.new_page(width=595, height=842)
        buf = io.BytesIO()
        im.save(buf, fmt, **({"quality": 85} if fmt == "JPEG" else {}))
        page.insert_image(page.rect, stream=buf.getvalue())
    data = doc.tobytes()
    doc.close()
    return data


def image_file(im: Image.Image, fmt: str) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, dpi=(SCAN_DPI, SCAN_DPI), **({"quality": 85} if fmt == "JPEG" else {}))
    return buf.getvalue()


def build(cv: Cv, form: str, *, photo: Image.Image | None = None, pages: int = 1, skew: float = 0.0,
          rect: tuple[float, float, float, float] = PHOTO_RECT) -> bytes:
    images = scan_images(text_pdf(cv, photo=photo, pages=pages, rect=rect), skew=skew)
    if form == "pdf":
        return image_only_pdf(images)
    if form == "pdf-jpeg":
        return image_only_pdf(images, fmt="JPEG")
    assert pages == 1
    return image_file(images[0], form.upper())


# ----------------------------------------------------------------------------- reading the output back


def ocr_output(data: bytes, *, dpi: int = 300) -> tuple[list[str], float]:
    """The OCR text of each output page (lines), and the seconds per page it took."""
    doc = pymupdf.open(stream=data, filetype="pdf")
    lines: list[str] = []
    start = time.perf_counter()
    for page in doc:
        pix = page.get_pixmap(dpi=dpi, alpha=False)
        words = ocr_words(Image.frombytes("RGB", (pix.width, pix.height), pix.samples))
        by_line: dict[tuple[int, int, int], list[str]] = {}
        for w in words:
            by_line.setdefault(w.line_key, []).append(w.text)
        lines += [" ".join(ws) for ws in by_line.values()]
    per_page = (time.perf_counter() - start) / max(doc.page_count, 1)
    doc.close()
    return lines, per_page


def leaks(cv: Cv, text: str) -> list[str]:
    """Which personal values (or close misreadings of them) can be read in ``text``."""
    found = []
    low = text.casefold()
    flat = re.sub(r"\s+", "", low)
    for part in cv.name.split():
        if part.casefold() in low:
            found.append(f"name part {part[0]}…")
        else:
            close = [w for w in re.findall(r"[^\W\d_]{4,}", low)
                     if difflib.SequenceMatcher(None, w, part.casefold()).ratio() >= 0.8]
            if close:
                found.append(f"name part {part[0]}… (misread)")
    user = cv.email.split("@")[0].casefold()
    if user in flat or cv.email.casefold() in flat:
        found.append("email")
    digits = re.sub(r"\D", "", cv.phone)[-8:]
    for line in text.splitlines():
        if digits in re.sub(r"\D", "", line):
            found.append("phone")
    year = re.search(r"\d{4}", cv.birthdate)
    if cv.birthdate.casefold() in low or (year and year.group() in text):
        found.append("birthdate")
    return found


def readable(cv: Cv, text: str) -> list[str]:
    return [k for k in cv.keep if k.casefold() in text.casefold()]


def uncovered_ink(cv: Cv, source_pdf: bytes, output: bytes, *, dpi: int = 200) -> dict[str, float]:
    """For each personal value, the fraction of its ink in the scan that is still visible in the output.

    The value's place comes from the text PDF the scan was made from; its ink from the scan's pixels. In the
    output, the redaction box is the band of rows (and columns) that are mostly dark across the value; ink
    outside that box (tops and bottoms of letters, a digit beside it) is visible.
    """
    doc = pymupdf.open(stream=source_pdf, filetype="pdf")
    rects = {k: doc[0].search_for(v) for k, v in cv.values().items()}
    doc.close()
    ink = np.asarray(scan_images(source_pdf, dpi=dpi)[0].convert("L")) < 128
    dark = np.asarray(_render_output(output, dpi=dpi).convert("L")) < 100
    s = dpi / 72
    out = {}
    for key, found in rects.items():
        assert found, key
        total = left = 0
        for r in found:
            x0, y0, x1, y1 = (round(v * s) for v in (r.x0, r.y0 - 2, r.x1, r.y1 + 2))
            glyphs, d = ink[y0:y1, x0:x1], dark[y0:y1, x0:x1]
            covered = np.zeros_like(glyphs)
            rows = np.flatnonzero(d.mean(axis=1) >= 0.5)
            if len(rows):
                cols = np.flatnonzero(d[rows[0]:rows[-1] + 1].mean(axis=0) >= 0.5)
                if len(cols):
                    covered[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1] = True
            total += int(glyphs.sum())
            left += int((glyphs & ~covered).sum())
        out[key] = round(left / max(total, 1), 3)
    return out


@dataclass
class Run:
    source_pdf: bytes
    result: object  # DocumentResult
    ocr_lines: list[str]


def _run_scan(pipeline, cv: Cv, form: str, **kw) -> Run:  # type: ignore[no-untyped-def]
    """Redact a scan and check it: no value in the text layer or the pixels, qualifications readable."""
    pages = kw.get("pages", 1)
    source = text_pdf(cv, photo=kw.get("photo"), pages=pages, rect=kw.get("rect", PHOTO_RECT))
    result = pipeline.redact(build(cv, form, **kw))
    assert result.outcome is not Outcome.FAILED, result.error
    assert result.output_format == "pdf"
    assert result.page_count == pages
    layer = all_pdf_text(result.output)
    assert leaks(cv, layer) == [], "text layer"
    lines, check_s = ocr_output(result.output)
    pixels = "\n".join(lines)
    assert leaks(cv, pixels) == [], "pixels"
    assert len(readable(cv, pixels)) >= len(cv.keep) - 1, pixels
    assert readable(cv, layer) == list(cv.keep)  # the invisible layer keeps the qualifications searchable
    shown = {k: ("yes" if k == "photo" else v) for k, v in kw.items()}
    print(f"\n{cv.lang} {form} {shown}: outcome={result.outcome.value}; pipeline OCR "
          f"{result.timings.get('ocr', 0) / pages:.2f} s/page, verify {result.timings.get('verify', 0) / pages:.2f}"
          f" s/page, total {result.timings['total']:.2f} s; check OCR {check_s:.2f} s/page")
    return Run(source, result, lines)


@pytest.fixture(scope="module")
def scanned(pipeline):  # type: ignore[no-untyped-def]
    """The default scans, redacted once per module."""
    runs: dict[str, Run] = {}

    def get(cv: Cv, form: str) -> Run:
        key = f"{cv.lang}-{form}"
        if key not in runs:
            runs[key] = _run_scan(pipeline, cv, form)
        return runs[key]

    return get


# ----------------------------------------------------------------------------- tests


def test_scans_leak_check_flags_the_unredacted_scan() -> None:
    """``leaks`` can fail: on the input's own text it finds every value, misread names too."""
    text = "\n".join(t for t, _ in DA.text_lines())
    assert leaks(DA, text) == ["name part O…", "name part K…", "email", "phone", "birthdate"]
    assert leaks(DA, "Oksama Kovalenkc") == ["name part O… (misread)", "name part K… (misread)"]


@needs_ocr
@pytest.mark.ocr
def test_scans_leak_check_reads_values_from_unredacted_pixels() -> None:
    lines, _ = ocr_output(build(EN, "pdf"), dpi=200)
    assert set(leaks(EN, "\n".join(lines))) >= {"email", "phone", "birthdate"}


DEFAULT_SCANS = pytest.mark.parametrize(("cv", "form"), [(DA, "pdf"), (EN, "png")], ids=["da-pdf", "en-png"])


@needs_ocr
@pytest.mark.ocr
@DEFAULT_SCANS
def test_scans_personal_data_gone_from_text_and_pixels(scanned, cv: Cv, form: str) -> None:
    scanned(cv, form)  # the checks are in _run_scan


def test_scans_uncovered_ink_sees_the_unredacted_scan() -> None:
    source = text_pdf(DA)
    assert min(uncovered_ink(DA, source, build(DA, "pdf")).values()) >= 0.9


@needs_ocr
@pytest.mark.ocr
@DEFAULT_SCANS
def test_scans_redaction_boxes_cover_the_whole_glyphs(scanned, cv: Cv, form: str) -> None:
    run = scanned(cv, form)
    left = uncovered_ink(cv, run.source_pdf, run.result.output)
    print(f"\nvisible ink of redacted values ({cv.lang} {form}): {left}")
    assert max(left.values()) <= 0.02, left


def _portrait(rel: str) -> Image.Image:
    path = SHARED / "data" / "images" / rel
    if not path.exists():
        pytest.skip(f"needs the shared data folder ({path} is absent; CI provides ../shared)")
    with Image.open(path) as im:
        return im.convert("RGB")


def _render_output(data: bytes, dpi: int = 100) -> Image.Image:
    doc = pymupdf.open(stream=data, filetype="pdf")
    pix = doc[0].get_pixmap(dpi=dpi, alpha=False)
    doc.close()
    return Image.frombytes("RGB", (pix.width, pix.height), pix.samples)


@pytest.fixture(scope="module")
def detector() -> FaceDetector:
    return FaceDetector()


def faces_on_output(detector: FaceDetector, data: bytes, area: tuple[float, ...]) -> list[str]:
    """Faces on the output page (photo-sized ones: a "face" spanning the page is the layout) and in the
    photo's area cropped from a 200 dpi render."""
    page = _render_output(data)
    found = [f"page {f.w}x{f.h}" for f in detector.detect(page) if f.w < page.width / 2]
    s = 200 / 72
    crop = _render_output(data, dpi=200).crop(tuple(round(v * s) for v in area))
    found += [f"photo area {f.w}x{f.h}" for f in detector.detect(crop)]
    return found


def visible_person(photo: Image.Image, rect: tuple[float, float, float, float], output: bytes) -> float:
    """The fraction of the photo's non-white pixels (the person, not a white backdrop) still visible.

    The removal box is found in the output as the band of rows and columns that are mostly black.
    """
    area = _displayed_rect(photo, rect)
    s = 200 / 72
    box = tuple(round(v * s) for v in area)
    before = np.asarray(scan_images(text_pdf(DA, photo=photo, rect=rect))[0].crop(box).convert("L"))
    after = np.asarray(_render_output(output, dpi=200).crop(box).convert("L")) < 40
    person = before < 230
    covered = np.zeros_like(person)
    rows = np.flatnonzero(after.mean(axis=1) >= 0.5)
    if len(rows):
        cols = np.flatnonzero(after[rows[0]:rows[-1] + 1].mean(axis=0) >= 0.5)
        if len(cols):
            covered[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1] = True
    return float((person & ~covered).sum() / max(int(person.sum()), 1))


def _photo_case(pipeline, detector: FaceDetector, rel: str, size: float) -> tuple[set[str], float]:  # type: ignore[no-untyped-def]
    """A scanned page with a portrait at the top right: no face in the output; how much of the person shows."""
    photo = _portrait(rel)
    rect = (545 - size, 40, 545, 40 + size * 1.25)
    result = pipeline.redact(build(DA, "png", photo=photo, rect=rect))
    assert result.outcome is not Outcome.FAILED, result.error
    reasons = {i.reason for i in result.images}
    assert reasons and reasons <= {"face", "photo_like"}, reasons
    assert faces_on_output(detector, result.output, _displayed_rect(photo, rect)) == []
    visible = visible_person(photo, rect, result.output)
    print(f"\n{rel} {size:g} pt on a scan: {sorted(reasons)}, {visible:.0%} of the person still visible")
    return reasons, visible


def _displayed_rect(photo: Image.Image, rect: tuple[float, float, float, float]) -> tuple[float, ...]:
    """Where PyMuPDF draws the photo inside ``rect`` (aspect ratio kept, centred)."""
    x0, y0, x1, y1 = rect
    scale = min((x1 - x0) / photo.width, (y1 - y0) / photo.height)
    w, h = photo.width * scale, photo.height * scale
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


@needs_ocr
@pytest.mark.ocr
@pytest.mark.shared
@pytest.mark.slow
def test_scans_photo_on_scanned_page_is_removed(pipeline, detector: FaceDetector) -> None:
    photo = _portrait("interfaces_cc0/046.jpg")
    src = build(DA, "jpeg", photo=photo)
    assert detector.detect(Image.open(io.BytesIO(src)))  # the scan shows the face
    result = _run_scan(pipeline, DA, "jpeg", photo=photo).result
    assert {i.reason for i in result.images} == {"face"}
    assert faces_on_output(detector, result.output, _displayed_rect(photo, PHOTO_RECT)) == []


@pytest.mark.shared
@pytest.mark.parametrize(("rel", "size"), [("interfaces_cc0/002.jpg", 100), ("skimage_data/camera.png", 60)])
def test_scans_photo_missed_by_face_detector_is_removed_and_flagged(pipeline, detector: FaceDetector, rel: str,
                                                                     size: float, monkeypatch) -> None:
    """Portraits the detector misses on a 100 dpi page render are caught as photo-shaped areas (OCR not needed)."""
    monkeypatch.setattr("redactor.imaging.ocr.ocr_available", lambda langs=(): (False, "tesseract not found"))
    reasons, _visible = _photo_case(pipeline, detector, rel, size)
    assert "photo_like" in reasons


def test_scans_visible_person_sees_the_unredacted_photo() -> None:
    photo = _portrait("interfaces_cc0/046.jpg")
    assert visible_person(photo, PHOTO_RECT, image_only_pdf(scan_images(text_pdf(DA, photo=photo)))) == 1.0


@pytest.mark.shared
@pytest.mark.parametrize("rel", ["interfaces_cc0/046.jpg",
                                 pytest.param("interfaces_cc0/002.jpg", marks=pytest.mark.slow)])
def test_scans_photo_area_is_removed_whole(pipeline, detector: FaceDetector, rel: str, monkeypatch) -> None:
    monkeypatch.setattr("redactor.imaging.ocr.ocr_available", lambda langs=(): (False, "tesseract not found"))
    _reasons, visible = _photo_case(pipeline, detector, rel, 100)
    assert visible <= 0.05


@needs_ocr
@pytest.mark.ocr
@pytest.mark.slow
@pytest.mark.parametrize(
    ("cv", "form", "kw"),
    [
        (DA, "png", {}),
        (EN, "pdf", {}),
        (DA, "pdf-jpeg", {}),
        (EN, "jpeg", {}),
        (DA, "pdf", {"pages": 2}),
        (EN, "pdf", {"skew": 1.5}),
        (DA, "png", {"skew": -1.0}),
    ],
    ids=["da-png", "en-pdf", "da-pdf-jpeg", "en-jpeg", "da-pdf-2pages", "en-pdf-skew", "da-png-skew"],
)
def test_scans_variants(pipeline, cv: Cv, form: str, kw: dict) -> None:
    _run_scan(pipeline, cv, form, **kw)


@pytest.fixture(scope="module")
def pipeline_without_ocr() -> Pipeline:
    return Pipeline(load_config(ocr={"enabled": False}))


@pytest.mark.parametrize("form", ["pdf", pytest.param("png", marks=pytest.mark.slow)])
def test_scans_ocr_switched_off_needs_review(pipeline_without_ocr: Pipeline, form: str) -> None:
    result = pipeline_without_ocr.redact(build(DA, form))
    assert result.outcome is Outcome.NEEDS_REVIEW
    assert any("OCR" in r for r in result.reasons), result.reasons


@pytest.mark.parametrize("form", ["png", pytest.param("pdf", marks=pytest.mark.slow)])
def test_scans_tesseract_missing_needs_review(pipeline, monkeypatch: pytest.MonkeyPatch, form: str) -> None:
    monkeypatch.setattr("redactor.imaging.ocr.ocr_available", lambda langs=(): (False, "tesseract not found"))
    result = pipeline.redact(build(EN, form))
    assert result.outcome is Outcome.NEEDS_REVIEW
    assert any("OCR" in r and "tesseract not found" in r for r in result.reasons), result.reasons


def test_a_scan_with_its_own_text_layer_keeps_its_picture_and_is_reviewed(pipeline) -> None:
    """A scanner's OCR layer (invisible text over a page-filling picture): the picture stays, with the pixels
    under the found values blanked; it is not removed as a photo, and a person checks what OCR may have missed."""
    import pymupdf

    from redactor.pipeline import SCAN_REASON

    lines = ["Amara Okonkwo", "Mobil: 22 33 44 55", "Erfaring", "Projektleder, Region Hovedstaden, 2015-2020"]
    src = pymupdf.open()
    page = src.new_page()
    for i, line in enumerate(lines):
        page.insert_text((72, 100 + 30 * i), line, fontsize=14)
    pix = page.get_pixmap(dpi=100)
    scan = pymupdf.open()
    out_page = scan.new_page(width=page.rect.width, height=page.rect.height)
    out_page.insert_image(out_page.rect, pixmap=pix)
    for i, line in enumerate(lines):
        out_page.insert_text((72, 100 + 30 * i), line, fontsize=14, render_mode=3)  # invisible, as OCR layers are
    res = pipeline.redact(scan.tobytes())
    assert res.outcome is Outcome.NEEDS_REVIEW and SCAN_REASON in res.reasons
    assert not [i for i in res.images if i.page == 0 and i.bbox and i.bbox.width > 500]  # the picture is not removed
    out = pymupdf.open(stream=res.output, filetype="pdf")
    assert out[0].get_images(), "the page picture is still there"
    text = out[0].get_text()
    assert "Okonkwo" not in text and "Region Hovedstaden" in text
