"""Per-image decision: remove faces, personal-area images and unexplained photos; keep graphics."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image

from redactor.imaging.faces import FaceBox, FaceDetector, to_rgb_array

log = logging.getLogger(__name__)

# Images whose short side is below this are icons, bullets or rules, not portraits.
MIN_SIDE = 24

# Thresholds of is_photo_like / is_text_like, measured on portraits, natural photos, logos, charts and
# scanned text (scripts/face_report.py images plus synthetic logos and charts in the tests).
_FLAT_PHOTO_MAX = 0.40  # fraction of flat pixels below which an image is a photo whatever its histogram
_FLAT_GRAPHIC_MIN = 0.70  # above this an image is a graphic whatever its histogram
_ENTROPY_PHOTO_MIN = 5.0  # bits; grey-level entropy of photos (graphics have few grey levels)
_TEXT_MIN_GLYPHS = 30
_TEXT_MIN_PAIRED = 0.5
_TEXT_MIN_SHAPE_VARIETY = 0.35


@dataclass(frozen=True, slots=True)
class ImageVerdict:
    """What to do with one image.

    ``remove``: take the image out of the output. ``reason``: one of ``face``, ``personal_area``,
    ``photo_like``, ``photo_with_text``, ``kept_graphic``, ``too_small``, ``unreadable``. ``review``: a human
    should look (a photo without a detected face may hide a missed face; a photographed document was kept
    for OCR but may show a person). ``faces``: the detected faces, so a caller may black out only those
    boxes (e.g. on a full-page scan) instead of dropping the whole image.
    """

    remove: bool
    reason: str
    review: bool = False
    faces: tuple[FaceBox, ...] = ()


@dataclass(frozen=True, slots=True)
class ImageStats:
    """Cheap statistics that tell photos from graphics."""

    flat: float  # fraction of pixels with (almost) no gradient: large in logos, charts and line art
    entropy: float  # grey-level histogram entropy in bits (0..8)
    colours: int  # distinct colours at 5 bits per channel


def image_stats(image: Image.Image) -> ImageStats:
    """Statistics on a copy at most 512 px on the long side (transparency composited onto white)."""
    small = image.copy()
    small.thumbnail((512, 512))
    rgb = to_rgb_array(small)
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    # Stretch the grey levels (1st..99th percentile to 0..255) so dark or flat photos keep their texture.
    lo, hi = (float(v) for v in np.percentile(gray, (1, 99)))
    if hi - lo >= 8 and (lo > 0 or hi < 255):
        gray = np.clip((gray.astype(np.float32) - lo) * (255.0 / (hi - lo)), 0, 255).astype(np.uint8)
    gx = cv2.Sobel(gray, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(gray, cv2.CV_32F, 0, 1, ksize=3)
    flat = float((np.hypot(gx, gy) < 4.0).mean())
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    p = hist[hist > 0] / gray.size
    entropy = float(-(p * np.log2(p)).sum())
    q = (rgb >> 3).astype(np.int32)
    colours = int(len(np.unique((q[..., 0] << 10) | (q[..., 1] << 5) | q[..., 2])))
    return ImageStats(flat=flat, entropy=entropy, colours=colours)


def is_photo_like(image: Image.Image) -> bool:
    """True for natural photographs (portraits, scenes, scans of photos); False for logos, charts, line art.

    Photos have sensor noise and shading, so few pixels are perfectly flat and the grey levels are spread
    out; rendered graphics have large flat areas and few grey levels.
    """
    stats = image_stats(image)
    if stats.flat < _FLAT_PHOTO_MAX:
        return True
    return stats.flat < _FLAT_GRAPHIC_MIN and stats.entropy >= _ENTROPY_PHOTO_MIN


def is_text_like(image: Image.Image) -> bool:
    """True when the image shows lines of printed text (a scanned or photographed document, a chart's labels).

    Finds glyph-sized dark (or light) blobs that have a neighbour of similar height on the same line,
    and requires their shapes to vary as letters do (a regular mesh or grid does not).
    """
    small = image.copy()
    small.thumbnail((1000, 1000))
    gray = cv2.cvtColor(to_rgb_array(small), cv2.COLOR_RGB2GRAY)
    for polarity in (cv2.THRESH_BINARY_INV, cv2.THRESH_BINARY):
        ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, polarity, 31, 15)
        _n, _labels, stats, _centres = cv2.connectedComponentsWithStats(ink, connectivity=8)
        x, y, w, h, area = (stats[1:, i].astype(np.float64) for i in range(5))
        glyph = (h >= 6) & (h <= 80) & (w >= 2) & (w <= 3 * h) & (area >= 0.1 * w * h)
        if glyph.sum() < _TEXT_MIN_GLYPHS:
            continue
        idx = np.flatnonzero(glyph)
        if len(idx) > 3000:
            idx = idx[np.argsort(-area[idx])[:3000]]
        gx, gw, gh = x[idx], w[idx], h[idx]
        cy = y[idx] + gh / 2
        gap = gx[None, :] - (gx + gw)[:, None]
        hh = gh[:, None]
        near = (
            (gap >= -1)
            & (gap <= hh)
            & (np.abs(cy[None, :] - cy[:, None]) <= 0.25 * hh)
            & (np.abs(gh[None, :] - hh) <= 0.35 * hh)
        )
        np.fill_diagonal(near, False)
        paired = near.any(axis=1)
        if paired.sum() < _TEXT_MIN_GLYPHS or paired.mean() < _TEXT_MIN_PAIRED:
            continue
        aspect = (gw / gh)[paired]
        if float(aspect.std() / aspect.mean()) >= _TEXT_MIN_SHAPE_VARIETY:
            return True
    return False


def classify_image(image: Image.Image, *, detector: FaceDetector, in_personal_area: bool) -> ImageVerdict:
    """Decide about one image (fail closed).

    Args:
        image: the decoded image (any PIL mode).
        detector: a loaded FaceDetector (reuse one per worker).
        in_personal_area: the caller placed the image in the personal-details area (e.g. top of page 1).

    Returns:
        A face, or anything in the personal-details area, is removed. A photo-like image without a detected
        face is removed and flagged for review (a missed face would be a leak). A photographed document
        (photo-like but full of text lines) is kept for OCR and flagged. Logos, charts and line art are
        kept (the caller OCRs them for text). Images under 24 px are kept unless in the personal area.
        An image that cannot be analysed is removed and flagged.
    """
    try:
        w, h = image.size
        if min(w, h) < MIN_SIDE:
            if in_personal_area:
                return ImageVerdict(True, "personal_area")
            return ImageVerdict(False, "too_small")
        faces = tuple(detector.detect(image))
        if faces:
            return ImageVerdict(True, "face", faces=faces)
        if in_personal_area:
            return ImageVerdict(True, "personal_area")
        if is_photo_like(image):
            if is_text_like(image):
                return ImageVerdict(False, "photo_with_text", review=True)
            return ImageVerdict(True, "photo_like", review=True)
        return ImageVerdict(False, "kept_graphic")
    except Exception as exc:  # undecodable or pathological pixel data: fail closed
        log.warning("image analysis failed (%s); removing the image for review", type(exc).__name__)
        return ImageVerdict(True, "unreadable", review=True)
