"""Every PDF channel of sanitization.md: a canary planted in it does not survive, the output opens,
and the independent verifier flags the channel when redaction is switched off (run on the input)."""

from __future__ import annotations

import io

import pymupdf
import pytest
from PIL import Image

from conftest import REPO
from redactor import Outcome, Pipeline, load_config
from redactor.types import Action, Category, Decision, Finding
from redactor.verify import verify_pdf

CANARY = "Zorbaxia Quennelton"
KEEP = "Sygeplejerske, Rigshospitalet 2012-2019"


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline(load_config(deny_list=[CANARY, "Quennelton", "Zorbaxia"]))


def _base(name: bool) -> tuple[pymupdf.Document, pymupdf.Page]:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 72), f"Navn: {CANARY}" if name else "Curriculum vitae", fontsize=12)
    page.insert_text((72, 100), KEEP, fontsize=11)
    return doc, page


def _done(doc: pymupdf.Document, **save) -> bytes:
    data = doc.tobytes(**save)
    doc.close()
    return data


def _catalog_object(doc: pymupdf.Document, key: str, body: str) -> None:
    """Add a new object ``body`` and point the catalog's ``key`` at it."""
    xref = doc.get_new_xref()
    doc.update_object(xref, body)
    doc.xref_set_key(doc.pdf_catalog(), key, f"{xref} 0 R")


def ch_text_under_box(name: bool = True) -> bytes:
    doc, page = _base(name)
    page.insert_text((72, 140), f"Kontakt {CANARY}", fontsize=11)
    page.draw_rect(pymupdf.Rect(70, 128, 300, 145), color=(0, 0, 0), fill=(0, 0, 0))
    return _done(doc)


def ch_annotation(name: bool = True) -> bytes:
    doc, page = _base(name)
    annot = page.add_text_annot((300, 300), f"Note about {CANARY}")
    annot.set_info(title=CANARY, content=f"Ring til {CANARY}")
    annot.update()
    page.add_freetext_annot(pymupdf.Rect(300, 400, 500, 430), f"Fri tekst {CANARY}")
    return _done(doc)


def ch_form_field(name: bool = True) -> bytes:
    doc, page = _base(name)
    w = pymupdf.Widget()
    w.field_name = "applicant"
    w.field_type = pymupdf.PDF_WIDGET_TYPE_TEXT
    w.field_value = CANARY
    w.rect = pymupdf.Rect(72, 300, 300, 320)
    page.add_widget(w)
    return _done(doc)


def ch_attachment(name: bool = True) -> bytes:
    doc, _ = _base(name)
    doc.embfile_add(f"{CANARY}.txt", f"CV of {CANARY}".encode(), filename=f"{CANARY}.txt", desc=CANARY)
    return _done(doc)


def ch_hybrid_additional_streams(name: bool = True) -> bytes:
    doc, _ = _base(name)
    xref = doc.get_new_xref()
    doc.update_object(xref, "<< >>")
    doc.update_stream(xref, f"odt source with {CANARY}".encode())
    doc.xref_set_key(-1, "AdditionalStreams", f"[(application/vnd.oasis.opendocument.text) {xref} 0 R]")
    return _done(doc)


def ch_outline_and_labels(name: bool = True) -> bytes:
    doc, _ = _base(name)
    doc.set_toc([[1, f"CV {CANARY}", 1]])
    doc.set_page_labels([{"startpage": 0, "prefix": f"{CANARY}-", "style": "D", "firstpagenum": 1}])
    return _done(doc)


def ch_javascript_openaction(name: bool = True) -> bytes:
    doc, _ = _base(name)
    _catalog_object(doc, "OpenAction", f"<< /S /JavaScript /JS (app.alert('{CANARY}')) >>")
    return _done(doc)


def ch_hidden_layer(name: bool = True) -> bytes:
    doc, page = _base(name)
    ocg = doc.add_ocg("Hidden", on=False)
    page.insert_text((72, 200), f"Skjult {CANARY}", fontsize=11, oc=ocg)
    return _done(doc)


def ch_actualtext(name: bool = True) -> bytes:
    doc, page = _base(name)
    xref = page.get_contents()[0]
    stream = doc.xref_stream(xref)
    extra = f"\n/Span << /ActualText ({CANARY}) >> BDC BT /helv 11 Tf 72 240 Td (xx) Tj ET EMC\n".encode()
    doc.update_stream(xref, stream + extra)
    return _done(doc)


def ch_outside_cropbox(name: bool = True) -> bytes:
    doc, page = _base(name)
    page.insert_text((72, 780), f"Under kanten {CANARY}", fontsize=11)
    page.set_cropbox(pymupdf.Rect(0, 0, 595, 600))
    return _done(doc)


def ch_invisible_and_tiny_text(name: bool = True) -> bytes:
    doc, page = _base(name)
    page.insert_text((72, 300), f"Usynlig {CANARY}", fontsize=11, render_mode=3)
    page.insert_text((72, 320), f"Hvid {CANARY}", fontsize=11, color=(1, 1, 1))
    page.insert_text((72, 330), f"Lille {CANARY}", fontsize=1)
    return _done(doc)


def ch_metadata(name: bool = True) -> bytes:
    doc, _ = _base(name)
    doc.set_metadata({"author": CANARY, "title": f"CV {CANARY}", "subject": CANARY, "keywords": CANARY})
    doc.set_xml_metadata(f"<x:xmpmeta xmlns:x='adobe:ns:meta/'><dc>{CANARY}</dc></x:xmpmeta>")
    return _done(doc)


def ch_orphan_object(name: bool = True) -> bytes:
    doc, _ = _base(name)
    xref = doc.get_new_xref()
    doc.update_object(xref, f"<< /Orphan ({CANARY}) >>")
    return _done(doc)  # no garbage collection: the orphan stays in the input


def ch_incremental_revision(name: bool = True) -> bytes:
    import tempfile
    from pathlib import Path

    doc, page = _base(name)
    doc.set_metadata({"author": CANARY})
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "inc.pdf"
        doc.save(p)
        doc.close()
        doc = pymupdf.open(p)
        doc.set_metadata({"author": "someone else"})
        doc.saveIncr()
        doc.close()
        return p.read_bytes()


def ch_structure_tree(name: bool = True) -> bytes:
    doc, _ = _base(name)
    _catalog_object(doc, "StructTreeRoot", f"<< /Type /StructTreeRoot /K << /S /P /Alt ({CANARY}) /T ({CANARY}) >> >>")
    return _done(doc)


def ch_image_exif(name: bool = True) -> bytes:
    doc, page = _base(name)
    img = Image.new("RGB", (120, 60), (30, 120, 200))
    exif = Image.Exif()
    exif[0x013B] = CANARY  # Artist
    exif[0x010E] = f"Photo of {CANARY}"  # ImageDescription
    buf = io.BytesIO()
    img.save(buf, "JPEG", exif=exif.tobytes())
    page.insert_image(pymupdf.Rect(400, 600, 520, 660), stream=buf.getvalue())
    return _done(doc)


def ch_link(name: bool = True) -> bytes:
    doc, page = _base(name)
    page.insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(72, 400, 200, 412),
                      "uri": f"mailto:{CANARY.replace(' ', '.').lower()}@example.dk"})
    return _done(doc)


CHANNELS = {name[3:]: fn for name, fn in sorted(globals().items()) if name.startswith("ch_")}


def _canary_bytes_gone(data: bytes) -> bool:
    low = data.lower()
    parts = ["zorbaxia", "quennelton"]
    encodings = [p.encode() for p in parts] + [p.encode("utf-16-be") for p in parts]
    return not any(e in low for e in encodings)


@pytest.mark.parametrize("channel", sorted(CHANNELS))
def test_pdf_channel_canary_removed(pipe: Pipeline, channel: str) -> None:
    data = CHANNELS[channel]()
    res = pipe.redact(data)
    assert res.outcome is not Outcome.FAILED, res.error
    out = res.output
    assert out is not None
    doc = pymupdf.open(stream=out, filetype="pdf")  # the output opens
    text = "".join(p.get_text("text", clip=pymupdf.INFINITE_RECT()) for p in doc)
    assert "Sygeplejerske" in text and "Rigshospitalet" in text  # kept text survives
    assert "quennelton" not in text.lower()
    assert not doc.get_toc() and not doc.embfile_count()
    assert all(p.first_annot is None and p.first_widget is None for p in doc)
    assert _canary_bytes_gone(out), f"canary bytes left in output for {channel}"
    assert out.count(b"%%EOF") == 1
    assert res.verification is not None and res.verification.passed, res.verification


@pytest.mark.parametrize("channel", sorted(CHANNELS))
def test_pdf_channel_verifier_flags_unredacted(pipe: Pipeline, channel: str) -> None:
    """With redaction switched off (the input handed to the verifier as output), verification fails."""
    data = CHANNELS[channel](name=False)  # the canary is only in the channel under test
    decision = Decision(Finding(Category.NAME, "p0.b0", 0, len(CANARY), 1.0, "test", CANARY), Action.REDACT)
    labels = [v for t in pipe.config.labels.values() for v in t.values()]
    report = verify_pdf(data, [decision], detect=None, labels=labels, threshold=0.6)
    assert not report.passed, channel


def test_pdf_kept_jpeg_still_decodes_after_metadata_stripping(pipe: Pipeline) -> None:
    res = pipe.redact(ch_image_exif(name=True))
    doc = pymupdf.open(stream=res.output, filetype="pdf")
    images = doc[0].get_images(full=True)
    assert images, "the kept picture is gone"
    info = doc.extract_image(images[0][0])
    assert info["ext"] in ("jpeg", "jpg")
    pixels = Image.open(io.BytesIO(info["image"])).convert("RGB").resize((1, 1)).getpixel((0, 0))
    assert all(abs(a - b) <= 12 for a, b in zip(pixels, (30, 120, 200), strict=True)), pixels
    assert b"Exif" not in info["image"] and b"zorbaxia" not in info["image"].lower()


@pytest.mark.parametrize(("value", "kept"), [
    (b"(fl)", True), (b"<FEFF00660069>", True), (b"(ffi)", True),  # ligature glyphs' letters
    (b"(Anna)", False), (b"(f)", False), (b"(fl\\051x)", False), (b"<FEFF0041006E006E0061>", False),
])
def test_actualtext_of_a_ligature_is_kept_and_any_other_emptied(value: bytes, kept: bool) -> None:
    from redactor.redact.pdf import _remove_mc_strings

    stream = b"/Span << /ActualText " + value + b" >> BDC BT /F1 11 Tf (\x02) Tj ET EMC"
    cleaned = _remove_mc_strings(stream)
    assert (value in cleaned) is kept
    if not kept:
        assert b"/ActualText () >>" in cleaned


def test_ligatures_stay_in_the_text_layer_of_a_chromium_pdf(pipe: Pipeline) -> None:
    src = REPO / "samples" / "wild" / "docs" / "g-html-sidebar-dk00.pdf"  # Chromium writes ActualText (fl)
    before = pymupdf.open(src)[0].get_text()
    assert "flydende" in before
    after = pymupdf.open(stream=pipe.redact(src).output, filetype="pdf")[0].get_text()
    assert "flydende" in after and "ydende" not in after.replace("flydende", "")
