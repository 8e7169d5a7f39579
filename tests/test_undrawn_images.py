"""Images present but not drawn: no image object stays in an output that no page shows."""

from __future__ import annotations

import io
import zipfile

import pikepdf
import pymupdf
import pytest
from PIL import Image

import redactor.verify.core as verify_core
from redactor import Outcome, Pipeline, load_config
from redactor.redact.pdf import _drop_undrawn_images
from redactor.verify import verify_docx, verify_pdf
from redactor.verify.images import undrawn_pdf_images, unreferenced_docx_media

UNDRAWN = "an image that no page draws remains in the file"


def _png(colour: tuple[int, int, int], size: int = 40) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (size, size), colour).save(out, "PNG")
    return out.getvalue()


def _raw_image(pdf: pikepdf.Pdf, colour: tuple[int, int, int]) -> pikepdf.Stream:
    img = pikepdf.Stream(pdf, Image.new("RGB", (30, 30), colour).tobytes())
    img.Type, img.Subtype = pikepdf.Name.XObject, pikepdf.Name.Image
    img.Width, img.Height, img.BitsPerComponent = 30, 30, 8
    img.ColorSpace = pikepdf.Name.DeviceRGB
    return pdf.make_indirect(img)


def planted_pdf(*, thumbnail: bool = False) -> bytes:
    """Page 1 draws one image; both pages share a resource dictionary that also holds an image nobody draws
    (as LibreOffice and other producers leave them); optionally a page thumbnail."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(pymupdf.Rect(50, 50, 150, 150), stream=_png((200, 30, 30)))
    page.insert_text((50, 200), "Erhvervserfaring", fontsize=11)
    doc.new_page().insert_text((50, 200), "Uddannelse", fontsize=11)
    pdf = pikepdf.open(io.BytesIO(doc.tobytes()))
    resources = pdf.pages[0].obj.Resources
    resources.XObject.Unused = _raw_image(pdf, (30, 200, 30))
    pdf.pages[1].obj.Resources = resources
    if thumbnail:
        pdf.pages[1].obj.Thumb = _raw_image(pdf, (30, 30, 200))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.mark.parametrize("thumbnail", [False, True])
def test_an_undrawn_image_is_found_and_fails_verification(monkeypatch: pytest.MonkeyPatch, thumbnail: bool) -> None:
    data = planted_pdf(thumbnail=thumbnail)
    assert len(undrawn_pdf_images(data)) == (2 if thumbnail else 1)
    report = verify_pdf(data, [], detect=None, labels=[], threshold=0.6, use_pdftotext=False)
    assert not report.passed and any(i.detail == UNDRAWN for i in report.issues)
    monkeypatch.setattr(verify_core, "undrawn_pdf_images", lambda data: [])  # the check switched off
    off = verify_pdf(data, [], detect=None, labels=[], threshold=0.6, use_pdftotext=False)
    assert not any(i.detail == UNDRAWN for i in off.issues)


def test_redaction_removes_undrawn_images_and_keeps_drawn_ones() -> None:
    data = planted_pdf(thumbnail=True)
    cleaned = _drop_undrawn_images(data)
    assert undrawn_pdf_images(cleaned) == []
    doc = pymupdf.open(stream=cleaned)
    assert [len(p.get_image_info()) for p in doc] == [1, 0]  # the drawn image stays where it was
    with pikepdf.open(io.BytesIO(cleaned)) as pdf:
        assert "/Thumb" not in pdf.pages[1].obj


def test_pipeline_output_has_no_undrawn_image() -> None:
    result = Pipeline(load_config()).redact(planted_pdf(thumbnail=True))
    assert result.outcome is not Outcome.FAILED
    assert undrawn_pdf_images(result.output) == []
    assert "undrawn-images" in result.verification.checks
    assert not any(i.detail == UNDRAWN for i in result.verification.issues)


def planted_docx() -> bytes:
    """A DOCX showing one picture, with a second image relationship that no element uses."""
    import docx

    d = docx.Document()
    d.add_paragraph("Erhvervserfaring")
    d.add_picture(io.BytesIO(_png((200, 30, 30))))
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in src.infolist():
            raw = src.read(item.filename)
            if item.filename == "word/_rels/document.xml.rels":
                raw = raw.replace(b"</Relationships>", b'<Relationship Id="rIdUnused" Type="http://schemas.'
                                  b'openxmlformats.org/officeDocument/2006/relationships/image" '
                                  b'Target="media/unused.png"/></Relationships>')
            zf.writestr(item, raw)
        zf.writestr("word/media/unused.png", _png((30, 200, 30)))
    return out.getvalue()


def test_docx_media_nothing_shows_is_found_and_removed(monkeypatch: pytest.MonkeyPatch) -> None:
    data = planted_docx()
    assert unreferenced_docx_media(data) == ["word/media/unused.png"]
    report = verify_docx(data, [], detect=None, labels=[], threshold=0.6)
    assert any("media part that nothing shows" in i.detail for i in report.issues)
    monkeypatch.setattr(verify_core, "unreferenced_docx_media", lambda data: [])
    assert not any("media part" in i.detail for i in verify_docx(data, [], detect=None, labels=[],
                                                                   threshold=0.6).issues)
    monkeypatch.undo()
    result = Pipeline(load_config()).redact(data)
    names = zipfile.ZipFile(io.BytesIO(result.output)).namelist()
    assert "word/media/unused.png" not in names
    assert any(n.startswith("word/media/") for n in names) or any(i.action != "keep" for i in result.images)
    assert unreferenced_docx_media(result.output) == []
