"""Page images and page geometry for the review page (PyMuPDF), with box conversions for rotated pages."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import pymupdf

from redactor.errors import DependencyMissingError, RedactorError
from redactor.types import BBox

ZOOM = 1.5  # 108 dpi: readable on screen, small enough to render quickly


@dataclass(frozen=True, slots=True)
class PageGeom:
    """A page as shown: display size in points (after rotation) and the page's rotation matrix."""

    width: float
    height: float
    matrix: tuple[float, float, float, float, float, float] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

    def to_display(self, box: BBox) -> BBox:
        """A box in unrotated page coordinates (report, pipeline) -> displayed image coordinates."""
        return _transform(box, pymupdf.Matrix(*self.matrix))

    def from_display(self, box: BBox) -> BBox:
        """A box drawn on the displayed image -> unrotated page coordinates (for ReviewDecisions.areas)."""
        return _transform(box, ~pymupdf.Matrix(*self.matrix))


def _transform(box: BBox, matrix: pymupdf.Matrix) -> BBox:
    r = pymupdf.Rect(box.x0, box.y0, box.x1, box.y1) * matrix
    r.normalize()
    return BBox(r.x0, r.y0, r.x1, r.y1)


def pdf_geometry(data: bytes) -> list[PageGeom]:
    """Every page's display geometry.

    Raises:
        RedactorError: the PDF cannot be opened (damaged or encrypted).
    """
    with _open(data) as doc:
        out = []
        for page in doc:
            m = page.rotation_matrix
            out.append(PageGeom(page.rect.width, page.rect.height, (m.a, m.b, m.c, m.d, m.e, m.f)))
        return out


def render_png(data: bytes, page_no: int, *, zoom: float = ZOOM) -> bytes:
    """One page of a PDF as PNG bytes.

    Raises:
        RedactorError: the PDF cannot be opened or has no such page.
    """
    with _open(data) as doc:
        if not 0 <= page_no < doc.page_count:
            raise RedactorError("no such page")
        pix = doc[page_no].get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False, annots=False)
        return pix.tobytes("png")


def _open(data: bytes) -> pymupdf.Document:
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception:
        raise RedactorError("the PDF cannot be opened") from None
    if doc.needs_pass:
        doc.close()
        raise RedactorError("the PDF is encrypted")
    return doc


def preview_pdf(path: Path) -> bytes:
    """The PDF to show for a file: the file itself, or a DOCX converted with LibreOffice.

    Raises:
        DependencyMissingError: a DOCX needs LibreOffice and it is missing (or no converter is available).
        RedactorError: the file cannot be read or converted.
    """
    data = path.read_bytes()
    if b"%PDF-" in data[:1024]:
        return data
    if path.suffix.lower() != ".docx":
        return _image_as_pdf(data)
    try:
        from redactor.convert import docx_to_pdf  # type: ignore[import-not-found]
    except ImportError:
        raise DependencyMissingError("a DOCX preview needs LibreOffice (no converter here)") from None
    return bytes(docx_to_pdf(data))


def _image_as_pdf(data: bytes) -> bytes:
    """A scanned page sent as an image (JPEG, PNG, TIFF) shown as a PDF."""
    try:
        with pymupdf.open(stream=data) as doc:
            if doc.is_pdf:
                return doc.tobytes()
            return bytes(doc.convert_to_pdf())
    except Exception:
        raise RedactorError("no preview for this file type") from None


class PreviewCache:
    """A small per-server cache of preview PDFs, geometry and page PNGs, keyed by file and mtime."""

    def __init__(self, max_images: int = 96) -> None:
        self._lock = threading.Lock()
        self._pdfs: dict[tuple[str, int], bytes | RedactorError] = {}
        self._images: OrderedDict[tuple[str, int, int], bytes] = OrderedDict()
        self._max = max_images

    @staticmethod
    def _stamp(path: Path) -> tuple[str, int]:
        """The file and a version stamp; atomic replacement changes the inode even when the time is kept."""
        st = path.stat()
        return str(path), hash((st.st_ino, st.st_mtime_ns, st.st_size))

    def version(self, path: Path) -> str:
        """A short tag that changes when the file changes (for image URLs)."""
        try:
            return format(self._stamp(path)[1] & 0xFFFFFFFF, "08x")
        except OSError:
            return "0"

    def pdf(self, path: Path) -> bytes:
        """The preview PDF for a file (see :func:`preview_pdf`); errors are cached too.

        Raises:
            RedactorError: as :func:`preview_pdf`.
        """
        key = self._stamp(path)
        with self._lock:
            hit = self._pdfs.get(key)
        if hit is None:
            try:
                hit = preview_pdf(path)
            except RedactorError as exc:
                hit = exc
            with self._lock:
                for old in [k for k in self._pdfs if k[0] == key[0]]:
                    del self._pdfs[old]
                self._pdfs[key] = hit
        if isinstance(hit, RedactorError):
            raise hit
        return hit

    def geometry(self, path: Path) -> list[PageGeom]:
        """Page geometry of a file's preview.

        Raises:
            RedactorError: no preview (see :meth:`pdf`).
        """
        return pdf_geometry(self.pdf(path))

    def png(self, path: Path, page_no: int) -> bytes:
        """A page of a file's preview as PNG.

        Raises:
            RedactorError: no preview or no such page.
        """
        stamp = self._stamp(path)
        key = (*stamp, page_no)
        with self._lock:
            if key in self._images:
                self._images.move_to_end(key)
                return self._images[key]
        png = render_png(self.pdf(path), page_no)
        with self._lock:
            self._images[key] = png
            while len(self._images) > self._max:
                self._images.popitem(last=False)
        return png
