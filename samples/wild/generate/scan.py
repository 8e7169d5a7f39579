"""Phone-camera scans: a CV page printed by Chromium is photographed in software (perspective warp, uneven
light and shadow, blur, sensor noise, JPEG), then OCRed by Tesseract into an image PDF with an invisible text
layer, as scanner apps deliver them. The truth labels what the text layer holds (OCR errors included: a
value Tesseract misread is not findable and is left out)."""

from __future__ import annotations

import random
import subprocess
import tempfile
from pathlib import Path

import cv2
import htmlcv
import numpy as np
import pymupdf
from model import Content, Doc


def photograph(page_png: bytes, rng: random.Random) -> bytes:
    """A phone-photo look of a page image, as JPEG bytes."""
    img = cv2.imdecode(np.frombuffer(page_png, np.uint8), cv2.IMREAD_COLOR)
    h, w = img.shape[:2]
    pad = int(0.06 * w)
    canvas = np.full((h + 2 * pad, w + 2 * pad, 3), (rng.randint(60, 110),) * 3, np.uint8)  # table surface
    canvas[pad:pad + h, pad:pad + w] = img
    H, W = canvas.shape[:2]
    j = lambda s: rng.uniform(-s, s) * W  # noqa: E731
    src = np.float32([[0, 0], [W, 0], [W, H], [0, H]])
    dst = np.float32([[j(0.03), j(0.02)], [W + j(0.03), j(0.03)], [W + j(0.02), H + j(0.02)], [j(0.02), H + j(0.03)]])
    warped = cv2.warpPerspective(canvas, cv2.getPerspectiveTransform(src, dst), (W, H),
                                 borderMode=cv2.BORDER_CONSTANT, borderValue=(70, 70, 70))
    # uneven light: a shadow falling from one side plus a vignette
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    ang = rng.uniform(0, 2 * np.pi)
    grad = (np.cos(ang) * (xx / W - 0.5) + np.sin(ang) * (yy / H - 0.5))
    light = 1.0 - 0.28 * np.clip(grad + 0.2, 0, 1) - 0.12 * (((xx / W - 0.5) ** 2 + (yy / H - 0.5) ** 2) * 2)
    out = warped.astype(np.float32) * light[..., None]
    out = cv2.GaussianBlur(out, (0, 0), rng.uniform(0.6, 1.1))
    nrng = np.random.default_rng(rng.randint(0, 2**31))
    out += nrng.normal(0, rng.uniform(4, 8), out.shape)
    out = np.clip(out, 0, 255).astype(np.uint8)
    ok, jpg = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, rng.randint(55, 72)])
    if not ok:
        raise RuntimeError("JPEG encoding failed")
    return jpg.tobytes()


def ocr_pdf(jpg: bytes, lang: str) -> bytes:
    """An image PDF with Tesseract's invisible text layer."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "page.jpg"
        src.write_bytes(jpg)
        subprocess.run(["tesseract", str(src), str(Path(tmp) / "scan"), "-l", lang, "--dpi", "150", "pdf"],
                       capture_output=True, timeout=600, check=False,
                       env={"OMP_THREAD_LIMIT": "1", "PATH": "/usr/bin:/bin"})
        out = Path(tmp) / "scan.pdf"
        if not out.is_file():
            raise RuntimeError("tesseract produced no PDF")
        return out.read_bytes()


def render(doc: Doc, c: Content, rng: random.Random, template: str) -> bytes:
    doc.ocr = True
    pdf = htmlcv.render(doc, c, rng, template)
    with pymupdf.open(stream=pdf, filetype="pdf") as src:
        png = src[0].get_pixmap(dpi=150).tobytes("png")
    jpg = photograph(png, rng)
    return ocr_pdf(jpg, "dan+eng" if doc.lang == "da" else "eng+dan")
