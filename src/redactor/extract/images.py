"""Load the pixels of a document's images for the photo policy (bounded in size)."""

from __future__ import annotations

import contextlib
import io
import zipfile

from PIL import Image

from redactor.config import Config
from redactor.types import Document

MAX_SIDE = 1200  # pixels; enough for face detection, bounded for memory


def load_images(data: bytes, document: Document, config: Config) -> dict[str, Image.Image]:
    """Return a PIL image per image id; images that cannot be read are left out.

    PDF images are rendered from the page region they occupy, which covers inline images, images in form
    XObjects and masked images alike. DOCX images are decoded from their media part with a pixel limit.
    """
    if document.format == "pdf":
        return _pdf_images(data, document, config)
    if document.format == "docx":
        return _docx_images(data, document, config)
    return {}


def _pdf_images(data: bytes, document: Document, config: Config) -> dict[str, Image.Image]:
    import pymupdf

    out: dict[str, Image.Image] = {}
    doc = pymupdf.open(stream=data, filetype="pdf")
    try:
        if doc.needs_pass:
            for p in config.passwords:
                if doc.authenticate(p):
                    break
        for info in document.images:
            if info.page is None or info.bbox is None:
                continue
            b = info.bbox
            side = max(b.width, b.height, 1.0)
            if side < 4:
                continue
            zoom = min(4.0, MAX_SIDE / side)
            with contextlib.suppress(Exception):
                page = doc[info.page]
                clip = pymupdf.Rect(b.x0, b.y0, b.x1, b.y1) & page.rect
                if clip.is_empty:
                    continue
                pix = page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), clip=clip, alpha=False)
                out[info.id] = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    finally:
        doc.close()
    return out


def _docx_images(data: bytes, document: Document, config: Config) -> dict[str, Image.Image]:
    out: dict[str, Image.Image] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        for info in document.images:
            part = info.ref or info.id
            if part not in names:
                continue
            with contextlib.suppress(Exception):
                if zf.getinfo(part).file_size > 64 * 1024 * 1024:
                    continue
                opened = Image.open(io.BytesIO(zf.read(part)))
                if opened.width * opened.height > config.limits.max_image_pixels:
                    continue
                opened.draft("RGB", (MAX_SIDE, MAX_SIDE))
                img = opened.convert("RGB")
                img.thumbnail((MAX_SIDE, MAX_SIDE))
                out[info.id] = img
    return out
