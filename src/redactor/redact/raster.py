"""Rasterise pages: scanned or untrustworthy pages are rebuilt as pixels plus an invisible text layer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pymupdf

from redactor.errors import ProcessingError
from redactor.types import BBox

TextLayer = Sequence[tuple[str, BBox]]


def rasterize_pages(data: bytes, pages: Mapping[int, TextLayer], *, dpi: int) -> bytes:
    """Replace each listed page by a picture of itself and an invisible text layer.

    The picture is rendered from the already-redacted page, so every redaction box is burnt into the
    pixels; nothing of the page's original content stream, fonts or images survives.

    Args:
        data: a redacted PDF.
        pages: page index -> the words (already redacted) to lay invisibly over the picture.
        dpi: rendering resolution.
    Returns:
        The new PDF bytes (full rewrite).
    """
    src = pymupdf.open(stream=data, filetype="pdf")
    out = pymupdf.open()
    try:
        for pno in range(src.page_count):
            if pno not in pages:
                out.insert_pdf(src, from_page=pno, to_page=pno)
                continue
            page = src[pno]
            rect = page.rect
            pix = page.get_pixmap(dpi=dpi, alpha=False)
            new = out.new_page(width=rect.width, height=rect.height)
            new.insert_image(new.rect, stream=pix.tobytes("jpeg", jpg_quality=85))
            for text, box in pages[pno]:
                height = max(box.height, 1.0)
                size = max(min(height * 0.85, 40.0), 2.0)
                try:
                    new.insert_text((box.x0, box.y1 - height * 0.2), text, fontsize=size, fontname="helv",
                                    render_mode=3)
                except Exception:
                    continue
        result = out.tobytes(garbage=4, deflate=True, clean=True)
    except Exception as exc:
        raise ProcessingError(f"page rasterisation failed ({type(exc).__name__})") from None
    finally:
        src.close()
        out.close()
    return result


def image_to_pdf(data: bytes, *, max_pixels: int) -> bytes:
    """Wrap an image file (JPEG, PNG, TIFF incl. multi-page, ...) into a PDF, one page per frame.

    The page size follows the image's resolution (300 dpi assumed when it has none).
    """
    from io import BytesIO

    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        img = Image.open(BytesIO(data))
        frames = []
        for i in range(getattr(img, "n_frames", 1)):
            img.seek(i)
            if img.width * img.height > max_pixels:
                from redactor.errors import LimitExceededError

                raise LimitExceededError(f"the image has more than {max_pixels} pixels")
            dpi = img.info.get("dpi", (300, 300))[0] or 300
            frame = ImageOps.exif_transpose(img.copy()).convert("RGB")  # drops EXIF and every other tag
            frames.append((frame, float(dpi)))
            if len(frames) >= 50:
                break
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as exc:
        from redactor.errors import CorruptDocumentError, LimitExceededError

        if isinstance(exc, Image.DecompressionBombError):
            raise LimitExceededError("the image exceeds the pixel limit") from None
        raise CorruptDocumentError(f"the image cannot be decoded ({type(exc).__name__})") from None
    doc = pymupdf.open()
    for frame, dpi in frames:
        w, h = frame.width * 72.0 / dpi, frame.height * 72.0 / dpi
        page = doc.new_page(width=w, height=h)
        buf = BytesIO()
        frame.save(buf, "PNG")
        page.insert_image(page.rect, stream=buf.getvalue())
    out = doc.tobytes(garbage=4, deflate=True)
    doc.close()
    return out
