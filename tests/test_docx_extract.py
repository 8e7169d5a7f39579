"""DOCX extraction: unit ids, kinds and text per channel, offsets back to the XML, images, hostile input."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import docx
import pytest
from lxml import etree

from redactor.config import load_config
from redactor.errors import CorruptDocumentError, EncryptedDocumentError, LimitExceededError, ProcessingError
from redactor.extract.docx import extract_docx
from redactor.redact.docx import redact_docx
from redactor.types import Action, Category, Decision, Document, Finding
from test_docx_channels import (
    CANARY,
    CHANNELS,
    QUALIFICATION,
    DocxPkg,
    base_document,
    body_text,
    fake_decisions,
    png_bytes,
    run_xml,
    saved,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"


@pytest.fixture(scope="module")
def config():
    return load_config()


def _units(document: Document, kind: str) -> list[str]:
    return [u.text for u in document.units if u.kind == kind]


@pytest.mark.parametrize(
    "channel, kind, ref, text",
    [
        ("body-split-runs", "body", "word/document.xml", "Navn: Zorbaxia Quennelton, e-mail"),
        ("table-cell", "body", "word/document.xml", CANARY),
        ("header-default", "header", "word/header1.xml", f"CV for {CANARY}"),
        ("footer", "footer", "word/footer1.xml", CANARY),
        ("footnote", "footnote", "word/footnotes.xml", f"Reference: {CANARY}"),
        ("endnote", "endnote", "word/endnotes.xml", f"Reference: {CANARY}"),
        ("comment-author-people", "comment", "word/comments.xml", f"Ring til {CANARY}"),
        ("comment-author-people", "metadata", "author", CANARY),
        ("revisions-ins-del", "body", "word/document.xml", "ZorbaxiaQuennelton"),
        ("textbox-both-branches", "textbox", "word/document.xml", CANARY),
        ("sdt-customxml-binding", "body", "word/document.xml", CANARY),
        ("sdt-customxml-binding", "metadata", "customXml", CANARY),
        ("fields-simple-complex", "body", "word/document.xml", "MERGEFIELD Zorbaxia_Quennelton_mail"),
        ("fields-simple-complex", "body", "word/document.xml", f'AUTHOR "{CANARY}"'),
        ("docvars", "metadata", "docVar", CANARY),
        ("core-properties", "metadata", "author", CANARY),
        ("core-properties", "metadata", "lastModifiedBy", CANARY),
        ("core-properties", "metadata", "title", CANARY),
        ("app-properties", "metadata", "company", CANARY),
        ("app-properties", "metadata", "manager", CANARY),
        ("custom-properties", "metadata", "Ansøger", CANARY),
        ("hyperlink-mailto-rels", "link", "word/_rels/document.xml.rels", "mailto:zorbaxia.quennelton@"),
        ("hyperlink-mailto-rels", "link", "word/document.xml", f"Skriv til {CANARY}"),
        ("attached-template", "metadata", "template", "Users/Zorbaxia Quennelton/AppData"),
        ("alt-text", "alt", "word/document.xml", f"Portræt af {CANARY}"),
        ("glossary", "glossary", "word/glossary/document.xml", f"Venlig hilsen {CANARY}"),
        ("image-exif", "metadata", "image", CANARY),
        ("linked-picture", "link", "word/_rels/document.xml.rels", "Zorbaxia Quennelton/Pictures"),
    ],
)
def test_docx_extract_channel_units(channel: str, kind: str, ref: str, text: str, config) -> None:
    document = extract_docx(CHANNELS[channel](), config)
    hits = [u for u in document.units if u.kind == kind and u.ref == ref and text in u.text]
    assert hits, [(u.kind, u.ref, u.text) for u in document.units]
    assert document.format == "docx" and document.page_count >= 1


def test_docx_extract_unit_ids_are_stable_and_positional(config) -> None:
    data = CHANNELS["textbox-both-branches"]()
    first = extract_docx(data, config)
    second = extract_docx(data, config)
    assert [u.id for u in first.units] == [u.id for u in second.units]
    body_ids = [u.id for u in first.units if u.ref == "word/document.xml" and u.kind in ("body", "textbox")]
    assert all(uid.startswith("word/document.xml#p") for uid in body_ids)
    assert len(set(body_ids)) == len(body_ids)
    # the text box is written twice (Choice and Fallback); each copy's paragraphs are their own units
    assert _units(first, "textbox").count(CANARY) == 2
    # the anchoring paragraph does not swallow the text box's text
    assert not [u for u in first.units if u.kind == "body" and CANARY in u.text]


def test_docx_extract_words_cover_whitespace_tokens(config) -> None:
    document = extract_docx(CHANNELS["body-split-runs"](), config)
    unit = next(u for u in document.units if u.text.startswith("Navn:"))
    tokens = [unit.text[wd.start:wd.end] for wd in unit.words]
    assert tokens == unit.text.split()
    assert all(wd.bbox is None for wd in unit.words) and unit.page is None


def test_docx_extract_tabs_and_breaks(config) -> None:
    pkg = DocxPkg(saved(base_document()))
    pkg.append_body(f'<w:p>{run_xml("Navn")}<w:r><w:tab/></w:r>{run_xml("Zorbaxia")}<w:r><w:br/></w:r>'
                    f'{run_xml("Quennelton")}</w:p>')
    document = extract_docx(pkg.to_bytes(), config)
    assert "Navn Zorbaxia\nQuennelton" in _units(document, "body")


@pytest.mark.parametrize(
    "raw, unit_text, expected",
    [
        ("Zor\u00adbaxia Quen\u200bnelton, DTU", "Zorbaxia Quennelton, DTU", "[NAVN], DTU"),
        ("Rene\u0301e Quennelton, DTU", "Renée Quennelton, DTU", "[NAVN], DTU"),
        ("Zorbaxia\u00a0Quennelton, DTU", "Zorbaxia Quennelton, DTU", "[NAVN], DTU"),
        ("\uff3aorbaxia Quennelton, DTU", "Zorbaxia Quennelton, DTU", "[NAVN], DTU"),
    ],
)
def test_docx_extract_normalised_offsets_map_back(raw: str, unit_text: str, expected: str, config) -> None:
    pkg = DocxPkg(saved(base_document()))
    pkg.append_body(f"<w:p>{run_xml(raw[:3])}{run_xml(raw[3:])}</w:p>")
    data = pkg.to_bytes()
    document = extract_docx(data, config)
    unit = next(u for u in document.units if u.text == unit_text)
    end = unit.text.index(",")
    decision = Decision(Finding(Category.NAME, unit.id, 0, end, 0.9, "test", unit.text[:end]), Action.REDACT)
    out = redact_docx(data, document, [decision], config, lang="da", remove_images=set())
    assert expected in body_text(out).split("\n")


def test_docx_extract_filename_unit(config) -> None:
    document = extract_docx(saved(base_document()), config, filename="C:\\cv\\Zorbaxia_Quennelton-CV.docx")
    (unit,) = [u for u in document.units if u.kind == "filename"]
    assert unit.text == "Zorbaxia Quennelton CV docx"


def _picture_doc(position: str) -> bytes:
    doc = base_document()
    if position == "late":
        for i in range(12):
            doc.add_paragraph(f"Erfaring {i}")
    if position == "header":
        doc.sections[0].header.paragraphs[0].add_run().add_picture(BytesIO(png_bytes((30, 40))))
        for i in range(12):
            doc.add_paragraph(f"Erfaring {i}")
    elif position == "table":
        for i in range(12):
            doc.add_paragraph(f"Erfaring {i}")
        table = doc.add_table(rows=1, cols=2)
        table.cell(0, 0).paragraphs[0].add_run().add_picture(BytesIO(png_bytes((30, 40))))
    else:
        doc.add_picture(BytesIO(png_bytes((30, 40))))
    return saved(doc)


@pytest.mark.parametrize("position, personal", [("early", True), ("header", True), ("late", False),
                                                 ("table", False)])
def test_docx_extract_images_personal_area(position: str, personal: bool, config) -> None:
    document = extract_docx(_picture_doc(position), config)
    (image,) = document.images
    assert image.personal_area is personal
    assert image.ref.startswith("word/media/") and (image.width, image.height) == (30, 40)
    assert image.page is None and image.bbox is None
    part = "word/header1.xml" if position == "header" else "word/document.xml"
    assert image.id.startswith(f"{part}:rId")


def test_docx_extract_external_picture_recorded(config) -> None:
    document = extract_docx(CHANNELS["linked-picture"](), config)
    assert [im.ref for im in document.images] == [""]


# ----------------------------------------------------------------------------- encodings and Strict


def _rewrite(data: bytes, name: str, fn) -> bytes:  # type: ignore[no-untyped-def]
    pkg = DocxPkg(data)
    pkg.parts[name] = fn(pkg.parts[name])
    return pkg.to_bytes()


@pytest.mark.parametrize(
    "encode",
    [
        lambda raw: b"\xef\xbb\xbf" + raw,
        lambda raw: raw.decode().replace("UTF-8", "UTF-16").replace("utf-8", "UTF-16").encode("utf-16"),
    ],
    ids=["utf8-bom", "utf16"],
)
def test_docx_extract_part_encodings(encode, config) -> None:  # type: ignore[no-untyped-def]
    data = _rewrite(saved(base_document()), "word/document.xml", encode)
    document = extract_docx(data, config)
    assert QUALIFICATION in _units(document, "body")
    out = redact_docx(data, document, [], config, lang="da", remove_images=set())
    assert QUALIFICATION in body_text(out)


STRICT = {
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main": b"http://purl.oclc.org/ooxml/wordprocessingml/main",
    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
        b"http://purl.oclc.org/ooxml/officeDocument/relationships",
    b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties":
        b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
}


def test_docx_extract_strict_namespaces_become_transitional(config) -> None:
    doc = base_document()
    doc.add_paragraph(f"Navn: {CANARY}")
    pkg = DocxPkg(saved(doc))
    for name, raw in list(pkg.parts.items()):
        if name.endswith((".xml", ".rels")):
            for old, new in STRICT.items():
                raw = raw.replace(old, new)
            pkg.parts[name] = raw
    assert b"purl.oclc.org" in pkg.parts["word/document.xml"]
    data = pkg.to_bytes()
    document = extract_docx(data, config)
    assert f"Navn: {CANARY}" in _units(document, "body")
    out = redact_docx(data, document, fake_decisions(document), config, lang="da", remove_images=set())
    assert "Navn: [NAVN]" in body_text(out)  # python-docx reads the (now Transitional) output
    with zipfile.ZipFile(BytesIO(out)) as zf:
        assert not any(b"purl.oclc.org/ooxml" in zf.read(n) for n in zf.namelist())


def test_docx_extract_shared_strict_file(config) -> None:
    path = SHARED / "data" / "torture" / "mammoth" / "strict-format.docx"
    if not path.exists():
        pytest.skip("needs ../shared/data/torture (absent here; CI has it)")
    document = extract_docx(path.read_bytes(), config)
    assert _units(document, "body") == ["Test"]


# ----------------------------------------------------------------------------- hostile packages


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return out.getvalue()


def _with_document(xml: bytes) -> bytes:
    return _rewrite(saved(base_document()), "word/document.xml", lambda _raw: xml)


XXE = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
       b"<w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>")
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
          b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
          b"<w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>")


def _bomb() -> bytes:
    big = b"<a>" + b" " * (20 << 20) + b"</a>"
    return _zip([("[Content_Types].xml", b"<Types/>"), ("word/document.xml", big)])


def _named(name: str) -> bytes:
    return _zip([("[Content_Types].xml", b"<Types/>"), (name, b"<a/>")])


def _duplicate() -> bytes:
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("word/document.xml", b"<a/>")
        zf.writestr("Word/Document.xml", b"<b/>")  # OPC part names are case-insensitive
    return out.getvalue()


@pytest.mark.parametrize(
    "make, error, fragment",
    [
        (lambda: _with_document(XXE), LimitExceededError, "DOCTYPE"),
        (lambda: _with_document(LAUGHS), LimitExceededError, "entities"),
        (lambda: _with_document(b"<w:document><unclosed>"), CorruptDocumentError, "well-formed"),
        (_bomb, LimitExceededError, "ZIP bomb"),
        (lambda: _named("../evil.xml"), CorruptDocumentError, "unsafe"),
        (lambda: _named("/etc/evil.xml"), CorruptDocumentError, "unsafe"),
        (_duplicate, CorruptDocumentError, "same name"),
        (lambda: b"PK\x03\x04 not really a zip", CorruptDocumentError, "ZIP"),
        (lambda: _zip([("word/document.xml", b"<a/>")]), CorruptDocumentError, "Content_Types"),
        (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"),
         EncryptedDocumentError, "password"),
    ],
    ids=["xxe", "billion-laughs", "malformed", "zip-bomb", "traversal", "absolute", "duplicate", "not-zip",
         "no-content-types", "encrypted"],
)
def test_docx_extract_hostile_input_refused(make, error, fragment, config) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error) as info:
        extract_docx(make(), config)
    assert fragment in info.value.message
    assert "passwd" not in info.value.message


@pytest.mark.parametrize(
    "limits, fragment",
    [({"max_docx_entries": 5}, "parts"), ({"max_docx_uncompressed_mb": 0.01}, "unpacks")],
)
def test_docx_extract_limits(limits: dict, fragment: str) -> None:
    cfg = load_config(limits=limits)
    with pytest.raises(LimitExceededError, match=fragment):
        extract_docx(saved(base_document()), cfg)


def test_docx_redact_refuses_mismatched_extraction(config) -> None:
    data = CHANNELS["table-cell"]()
    document = extract_docx(data, config)
    unit = next(u for u in document.units if u.text == CANARY)
    stale = replace(unit, text="Someone Else")
    fake = Document("docx", 1, (stale,))
    decision = Decision(Finding(Category.NAME, unit.id, 0, 7, 0.9, "test", "Someone"), Action.REDACT)
    with pytest.raises(ProcessingError, match="does not match"):
        redact_docx(data, fake, [decision], config, lang="da", remove_images=set())


def test_docx_extract_python_docx_reopens_every_channel_output(config) -> None:
    for name in ("textbox-both-branches", "sdt-customxml-binding", "fields-simple-complex"):
        data = CHANNELS[name]()
        document = extract_docx(data, config)
        out = redact_docx(data, document, fake_decisions(document), config, lang="da", remove_images=set())
        reopened = docx.Document(BytesIO(out))
        assert any(p.text == QUALIFICATION for p in reopened.paragraphs)
        assert etree.fromstring(zipfile.ZipFile(BytesIO(out)).read("word/document.xml")) is not None


def test_docx_extract_chart_and_smartart_text_are_units(config) -> None:
    path = SHARED / "data" / "torture" / "python-docx" / "shp-inline-shape-access.docx"
    if not path.exists():
        pytest.skip("needs ../shared/data/torture (absent here; CI has it)")
    data = path.read_bytes()
    document = extract_docx(data, config)
    targets = [u for u in document.units if u.text in ("Series 2", "baz")]
    assert {u.ref for u in targets} == {"word/charts/chart1.xml", "word/diagrams/data1.xml",
                                        "word/diagrams/drawing1.xml"}
    decisions = [Decision(Finding(Category.NAME, u.id, 0, len(u.text), 0.9, "test", u.text), Action.REDACT)
                 for u in targets]
    out = redact_docx(data, document, decisions, config, lang="da", remove_images=set())
    with zipfile.ZipFile(BytesIO(out)) as zf:
        for name in ("word/charts/chart1.xml", "word/diagrams/data1.xml", "word/diagrams/drawing1.xml"):
            xml = zf.read(name).decode()
            assert "Series 2" not in xml and ">baz<" not in xml and "[NAVN]" in xml
            assert "Series 1" in xml or "foo" in xml
