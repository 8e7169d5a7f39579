"""Tell an input's type from its content (never from its name alone)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from redactor.errors import CorruptDocumentError, EncryptedDocumentError, UnsupportedFormatError

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
IMAGE_KINDS = frozenset({"jpg", "png", "tif", "bmp", "gif", "webp", "heic"})
CONVERTIBLE = frozenset({"odt", "rtf", "doc", "txt"})


@dataclass(frozen=True, slots=True)
class Sniffed:
    """The detected kind of an input: ``pdf``, ``docx``, ``image`` or a convertible office format."""

    kind: str
    detail: str = ""  # e.g. the image type


def sniff(data: bytes) -> Sniffed:
    """Classify input bytes by their content.

    Returns:
        Sniffed(kind) with kind in {"pdf", "docx", "image", "odt", "rtf", "doc", "txt"}.
    Raises:
        EncryptedDocumentError: a password-protected Office file.
        CorruptDocumentError: a ZIP that is not readable.
        UnsupportedFormatError: anything else (video, audio, archives, executables, unknown), with its type.
    """
    head = data[:2048]
    if not data:
        raise UnsupportedFormatError("the file is empty")
    if b"%PDF-" in head[:1024]:
        return Sniffed("pdf")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)
    if head.startswith(_OLE_MAGIC):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            raise EncryptedDocumentError("the Office file is password protected")
        if b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t" in data:
            return Sniffed("doc")
        raise UnsupportedFormatError("an OLE container that is not a Word document")
    if head.startswith(b"{\\rtf"):
        return Sniffed("rtf")
    import filetype

    kind = filetype.guess(head)
    if kind is not None:
        ext = kind.extension
        if kind.mime == "application/pdf":
            return Sniffed("pdf")  # a PDF header after leading junk (readers accept it)
        if ext in IMAGE_KINDS:
            return Sniffed("image", ext)
        family = kind.mime.split("/", 1)[0]
        what = {"video": "a video", "audio": "an audio file"}.get(family, f"a {ext} file")
        raise UnsupportedFormatError(f"{what} ({kind.mime}) cannot be anonymised")
    if _looks_like_text(data):
        return Sniffed("txt")
    raise UnsupportedFormatError("unknown file type")


def _sniff_zip(data: bytes) -> Sniffed:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names or any(n.endswith("/document.xml") for n in names):
                return Sniffed("docx")
            if "mimetype" in names:
                mime = zf.read("mimetype")[:100]
                if b"opendocument.text" in mime:
                    return Sniffed("odt")
    except zipfile.BadZipFile:
        raise CorruptDocumentError("a damaged ZIP container") from None
    except Exception as exc:
        raise CorruptDocumentError(f"a damaged ZIP container ({type(exc).__name__})") from None
    raise UnsupportedFormatError("a ZIP archive that is not a Word document")


def _looks_like_text(data: bytes) -> bool:
    sample = data[:8192]
    if b"\x00" in sample:
        return False
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        # a multi-byte character cut at the end of the sample is fine
        try:
            sample[:-4].decode("utf-8")
        except UnicodeDecodeError:
            return False
    printable = sum(1 for b in sample if b >= 32 or b in (9, 10, 13))
    return printable / max(1, len(sample)) > 0.95
