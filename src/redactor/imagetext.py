"""Text inside kept images (logos, charts, screenshots): read it with OCR and check it for personal data."""

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
