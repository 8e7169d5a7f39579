"""What images hold beyond the photo policy: text inside kept images (checked by OCR), photos on scanned pages."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence

from PIL import Image

from redactor.config import Config
from redactor.types import Action, Finding, TextUnit, Word

log = logging.getLogger(__name__)

Detect = Callable[[Sequence[TextUnit]], list[Finding]]

# An image smaller than this (pixels, long side x short side) cannot hold a readable line of text.
MIN_LONG_SIDE = 80
MIN_SHORT_SIDE = 30

TEXT_WITH_PERSONAL_DATA = "text_with_personal_data"
TEXT_NOT_CHECKED = "text_not_checked"


def can_hold_text(width: int, height: int) -> bool:
    """Whether an image of this size (in its own pixels) is large enough to be worth reading."""
    return max(width, height) >= MIN_LONG_SIDE and min(width, height) >= MIN_SHORT_SIDE


def image_unit(unit_id: str, words: Sequence[object]) -> TextUnit | None:
    """One "image" text unit from OCR words (``OcrWord``): words of a line joined by spaces, lines by newlines.

    Word boxes are left out (they are in image pixels, not page points): the unit is only detected on.
    """
    parts: list[str] = []
    out: list[Word] = []
    pos = 0
    prev = None
    line = -1
    for w in words:
        text = str(getattr(w, "text", "")).strip()
        if not text:
            continue
        key = getattr(w, "line_key", None)
        if parts:
            parts.append(" " if key == prev else "\n")
            pos += 1
        if key != prev or line < 0:
            line += 1
        prev = key
        parts.append(text)
        out.append(Word(pos, pos + len(text), None, 0.0, line))
        pos += len(text)
    if not out:
        return None
    return TextUnit(unit_id, "".join(parts), "image", None, tuple(out))


def check_image_text(
    images: Mapping[str, Image.Image],
    *,
    config: Config,
    detect: Detect,
    context: Sequence[TextUnit] = (),
) -> dict[str, tuple[Action, str]]:
    """Decide about kept images by the text inside them.

    Args:
        images: image id -> pixels, for the images the photo policy keeps and that can hold text.
        config: OCR settings and the redact threshold.
        detect: the pipeline's detector (units -> findings), already bound to the applicant and language.
        context: the document's own text units, detected together with the image text so that a name found
            in the body is also recognised inside an image (they are not reported).
    Returns:
        image id -> (action, reason) for the images whose decision changes: ``REDACT``
        ``text_with_personal_data`` when the text holds personal data scoring at least ``redact_threshold``;
        ``REVIEW`` ``text_not_checked`` when OCR is off or unavailable and the image looks like text, or when
        OCR failed on it. Images not in the result stay kept.
    """
    if not images:
        return {}
    from redactor.imaging.ocr import OcrError, ocr_available, ocr_words
    from redactor.imaging.policy import is_text_like

    langs = tuple(config.ocr.languages.split("+"))
    ok = config.ocr.enabled and ocr_available(langs)[0]
    out: dict[str, tuple[Action, str]] = {}
    if not ok:
        for image_id, image in images.items():
            try:
                texty = is_text_like(image)
            except Exception:
                texty = True  # fail closed
            if texty:
                out[image_id] = (Action.REVIEW, TEXT_NOT_CHECKED)
        log.info("image text: OCR unavailable, %d of %d images flagged", len(out), len(images))
        return out

    units: dict[str, str] = {}  # unit id -> image id
    read: list[TextUnit] = []
    for n, (image_id, image) in enumerate(images.items()):
        try:
            words = ocr_words(image, langs=langs, timeout=config.ocr.timeout_s)
        except (OcrError, OSError, ValueError) as exc:
            log.warning("image text: OCR failed (%s); image flagged", type(exc).__name__)
            out[image_id] = (Action.REVIEW, TEXT_NOT_CHECKED)
            continue
        unit = image_unit(f"image{n}#ocr", words)
        if unit is not None:
            units[unit.id] = image_id
            read.append(unit)
    if read:
        from redactor.decide import decide

        findings = [f for f in detect([*context, *read]) if f.unit_id in units]
        for d in decide(findings, config):
            if d.action is not Action.KEEP and d.finding.score >= config.redact_threshold:
                out[units[d.finding.unit_id]] = (Action.REDACT, TEXT_WITH_PERSONAL_DATA)
    log.info("image text: %d images read, %d with personal data",
             len(read), sum(1 for a, _ in out.values() if a is Action.REDACT))
    return out


# ----------------------------------------------------------------------------- photos on scanned pages

# A photo on a scanned page is at least this big (points) and about as tall as wide (passport photos are
# 35x45 mm; CV thumbnails rarely go below 40 pt).
_PHOTO_MIN_SIDE_PT = 40.0
_PHOTO_MAX_ASPECT = 2.0
_PHOTO_MIN_FILL = 0.45  # of its bounding box: a portrait on white paper shows as head and shoulders
_PHOTO_MAX_PAGE_FRACTION = 0.3  # larger tone areas are the page itself (a photographed sheet), not a photo
_PAPER_DROP = 30  # grey levels below the local paper tone that count as "printed area"


def photo_regions(page: Image.Image, *, dpi: float) -> list[tuple[int, int, int, int]]:
    """Photo-shaped areas of a scanned page, as (x0, y0, x1, y1) in the page image's pixels.

    The fallback for faces the detector misses on a scan (where there is no image object to remove):
    areas of continuous tone or colour, once thin strokes (text, rules) are closed away, that are photo-sized,
    compact, inside the page, photo-like and not text. Boxes are padded by 8 %.
    """
    import cv2
    import numpy as np

    from redactor.imaging.policy import is_photo_like, is_text_like

    rgb = np.asarray(page.convert("RGB"))
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    h, w = gray.shape
    min_side = max(8, round(_PHOTO_MIN_SIDE_PT * dpi / 72.0))
    k = max(3, (min_side // 5) | 1)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))
    # the paper tone per area (scanner or camera illumination): the brightest tone in large windows
    small = cv2.resize(gray, (max(1, w // 8), max(1, h // 8)), interpolation=cv2.INTER_AREA)
    big = max(3, (max(small.shape) // 3) | 1)
    paper = cv2.GaussianBlur(cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (big, big))), (0, 0),
                             big / 3)
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    closed = cv2.morphologyEx(gray, cv2.MORPH_CLOSE, kernel).astype(np.float32)
    mask = (closed < paper - _PAPER_DROP).astype(np.uint8)
    sat = cv2.cvtColor(cv2.morphologyEx(rgb, cv2.MORPH_CLOSE, kernel), cv2.COLOR_RGB2HSV)[..., 1]
    mask |= (sat > 50).astype(np.uint8)
    # join the parts of a person on a light background (hair, clothes) that a pale face separates
    join = (min_side // 2) | 1
    joined = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (join, join)))
    n, _labels, stats, _centres = cv2.connectedComponentsWithStats(joined, connectivity=8)
    out: list[tuple[int, int, int, int]] = []
    for i in range(1, n):
        x, y, bw, bh, area = (int(v) for v in stats[i])
        if (
            min(bw, bh) < min_side
            or max(bw, bh) > _PHOTO_MAX_ASPECT * min(bw, bh)
            or area < _PHOTO_MIN_FILL * bw * bh
            or bw * bh > _PHOTO_MAX_PAGE_FRACTION * w * h
            or x <= 0 or y <= 0 or x + bw >= w or y + bh >= h
        ):
            continue
        crop = page.crop((x, y, x + bw, y + bh))
        if not is_photo_like(crop) or is_text_like(crop):
            continue
        px, py = round(bw * 0.08), round(bh * 0.08)
        out.append((max(0, x - px), max(0, y - py), min(w, x + bw + px), min(h, y + bh + py)))
    return out
