"""DOCX channels: a canary planted in one channel at a time is gone after extract and redact."""

from __future__ import annotations

import functools
import re
import sys
import zipfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

import docx
import pytest
from lxml import etree
from PIL import Image

from redactor.config import load_config
from redactor.errors import RedactorError
from redactor.extract.docx import extract_docx
from redactor.redact.docx import redact_docx
from redactor.types import Action, Category, Decision, Document, Finding
from redactor.verify import verify_docx

SHARED = Path(__file__).resolve().parents[2] / "shared"
CANARY = "Zorbaxia Quennelton"  # an invented name
EMAIL = "zorbaxia.quennelton@example.dk"
PHONE = "+45 31 41 59 26"
QUALIFICATION = "Cand.polyt. i kemiteknik fra DTU 2015-2019; projektleder hos Novo Nordisk siden 2020."
NEEDLES = ("zorbaxia", "quennelton", "31 41 59 26", "31415926")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
NSDECL = (f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
          'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
          'xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"')
NAME_RE = re.compile(r"Zorbaxia(?:[\s_]+Quennelton)?|Quennelton")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE_RE = re.compile(r"\+45(?:\s?\d{2}){4}")
PATTERNS = ((NAME_RE, Category.NAME), (EMAIL_RE, Category.EMAIL), (PHONE_RE, Category.PHONE))


def w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


# ----------------------------------------------------------------------------- fixture building


class DocxPkg:
    """A DOCX as a dict of parts, for planting content python-docx has no API for."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            self.parts = {n: zf.read(n) for n in zf.namelist()}

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.parts[name])

    def put(self, name: str, root: etree._Element | bytes | str) -> None:
        if isinstance(root, str):
            root = root.encode("utf-8")
        if not isinstance(root, bytes):
            root = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        self.parts[name] = root

    def add_rel(self, source: str, rel_type: str, target: str, *, external: bool = False) -> str:
        folder, base = source.rsplit("/", 1) if "/" in source else ("", source)
        rels = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        root = (self.xml(rels) if rels in self.parts
                else etree.fromstring(f'<Relationships xmlns="{PR_NS}"/>'.encode()))
        rid = f"rIdX{len(root) + 1}"
        el = etree.SubElement(root, f"{{{PR_NS}}}Relationship", Id=rid, Type=rel_type, Target=target)
        if external:
            el.set("TargetMode", "External")
        self.put(rels, root)
        return rid

    def add_part(self, name: str, content: str | bytes, content_type: str) -> None:
        self.put(name, content)
        ct = self.xml("[Content_Types].xml")
        etree.SubElement(ct, f"{{{CT_NS}}}Override", PartName="/" + name, ContentType=content_type)
        self.put("[Content_Types].xml", ct)

    def append_body(self, fragment: str) -> None:
        root = self.xml("word/document.xml")
        body = root.find(w("body"))
        el = etree.fromstring(f"<w:root {NSDECL}>{fragment}</w:root>")
        sect = body.find(w("sectPr"))
        for child in list(el):
            if sect is not None:
                sect.addprevious(child)
            else:
                body.append(child)
        self.put("word/document.xml", root)

    def edit(self, name: str, fn: Callable[[etree._Element], None]) -> None:
        root = self.xml(name)
        fn(root)
        self.put(name, root)

    def to_bytes(self) -> bytes:
        out = BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in self.parts.items():
                zf.writestr(name, data)
        return out.getvalue()


def png_bytes(size: tuple[int, int] = (40, 30), colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    out = BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def jpeg_with_artist(artist: str) -> bytes:
    img = Image.new("RGB", (64, 48), (10, 120, 200))
    exif = Image.Exif()
    exif[0x013B] = artist  # Artist
    exif[0x010E] = f"Portrait of {artist}"  # ImageDescription
    out = BytesIO()
    img.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def base_document() -> docx.Document:
    doc = docx.Document()
    doc.add_heading("Curriculum vitae", level=1)
    doc.add_paragraph(QUALIFICATION)
    return doc


def saved(doc: docx.Document) -> bytes:
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def run_xml(text: str, tag: str = "t") -> str:
    return f'<w:r><w:{tag} xml:space="preserve">{text}</w:{tag}></w:r>'


# --- one planter per channel: each returns the DOCX bytes with the canary in that channel only


def ch_body_split_runs() -> bytes:
    doc = base_document()
    p = doc.add_paragraph("Navn: ")
    for piece in ("Zor", "baxia Quen", "nelton"):
        p.add_run(piece).bold = True
    p.add_run(f", e-mail {EMAIL}, tlf. {PHONE}")
    return saved(doc)


def ch_table_cell() -> bytes:
    doc = base_document()
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Navn"
    table.cell(0, 1).text = CANARY
    table.cell(1, 0).text = "Telefon"
    table.cell(1, 1).text = PHONE
    return saved(doc)


def ch_header_default() -> bytes:
    doc = base_document()
    doc.sections[0].header.paragraphs[0].text = f"CV for {CANARY}"
    return saved(doc)


def ch_header_first_page() -> bytes:
    doc = base_document()
    sec = doc.sections[0]
    sec.different_first_page_header_footer = True
    sec.first_page_header.paragraphs[0].text = f"{CANARY} - {EMAIL}"
    return saved(doc)


def ch_header_even_page() -> bytes:
    doc = base_document()
    doc.settings.odd_and_even_pages_header_footer = True
    doc.sections[0].even_page_header.paragraphs[0].text = f"{CANARY}, {PHONE}"
    return saved(doc)


def ch_footer() -> bytes:
    doc = base_document()
    doc.sections[0].footer.paragraphs[0].text = f"{CANARY} | {EMAIL} | {PHONE}"
    return saved(doc)


def _notes(kind: str) -> bytes:
    pkg = DocxPkg(saved(base_document()))
    tag = kind[:-1]  # footnote / endnote
    part = f"""<w:{kind} {NSDECL}>
      <w:{tag} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{tag}>
      <w:{tag} w:type="continuationSeparator" w:id="0">
        <w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{tag}>
      <w:{tag} w:id="1"><w:p>{run_xml("Reference: ")}{run_xml(CANARY)}</w:p></w:{tag}></w:{kind}>"""
    pkg.add_part(f"word/{kind}.xml", part,
                 f"application/vnd.openxmlformats-officedocument.wordprocessingml.{kind}+xml")
    pkg.add_rel("word/document.xml", RT + kind, f"{kind}.xml")
    pkg.append_body(f'<w:p>{run_xml("Anbefalinger")}<w:r><w:{tag}Reference w:id="1"/></w:r></w:p>')
    return pkg.to_bytes()


def ch_footnote() -> bytes:
    return _notes("footnotes")


def ch_endnote() -> bytes:
    return _notes("endnotes")


def ch_comment() -> bytes:
    doc = base_document()
    para = doc.add_paragraph("Erfaring med procesdesign")
    doc.add_comment(para.runs, text=f"Ring til {CANARY} på {PHONE}", author=CANARY, initials="ZQ")
    pkg = DocxPkg(saved(doc))
    people = (f'<w15:people {NSDECL}><w15:person w15:author="{CANARY}">'
              f'<w15:presenceInfo w15:providerId="AD" w15:userId="S::{EMAIL}::1234"/>'
              f'</w15:person></w15:people>')
    pkg.add_part("word/people.xml", people,
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml")
    pkg.add_rel("word/document.xml", "http://schemas.microsoft.com/office/2011/relationships/people",
                "people.xml")
    return pkg.to_bytes()


def ch_revisions() -> bytes:
    pkg = DocxPkg(saved(base_document()))
    pkg.append_body(
        f'<w:p><w:ins w:id="1" w:author="{CANARY}" w:date="2024-01-01T00:00:00Z">'
        f'{run_xml("Zorbaxia")}</w:ins>'
        f'<w:del w:id="2" w:author="{CANARY}" w:date="2024-01-01T00:00:00Z">'
        f'{run_xml("Quennelton " + EMAIL, "delText")}</w:del>{run_xml(" har kørekort.")}</w:p>')
    return pkg.to_bytes()


def ch_textbox() -> bytes:
    pkg = DocxPkg(saved(base_document()))
    box = f"<w:txbxContent><w:p>{run_xml(CANARY)}</w:p><w:p>{run_xml(EMAIL)}</w:p></w:txbxContent>"
    pkg.append_body(
        f'<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" '
        f'locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="1828800" cy="457200"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
        f'<wp:docPr id="5" name="Text Box 5"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
        f'<a:ext cx="1828800" cy="457200"/>'
        f'</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr><wps:txbx>{box}</wps:txbx>'
        f'<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:shape id="tb5" style="width:144pt;height:36pt" type="#_x0000_t202">'
        f'<v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>')
    return pkg.to_bytes()


def ch_sdt_data_binding() -> bytes:
    pkg = DocxPkg(saved(base_document()))
    store = "{6C3C8BC8-F283-45AE-878A-BAB7291924A1}"
    pkg.append_body(
        f'<w:sdt><w:sdtPr><w:alias w:val="Kandidat"/><w:dataBinding w:prefixMappings="" w:xpath="/cand/name" '
        f'w:storeItemID="{store}"/><w:text/></w:sdtPr><w:sdtContent><w:p>{run_xml(CANARY)}</w:p></w:sdtContent>'
        f'</w:sdt>'
        f'<w:sdt><w:sdtPr><w:date w:fullDate="1990-05-03T00:00:00Z"><w:dateFormat w:val="d-M-yyyy"/></w:date>'
        f'</w:sdtPr><w:sdtContent><w:p>{run_xml("Tilgængelig fra 1-9-2025")}</w:p></w:sdtContent></w:sdt>')
    item = f"<cand><name>{CANARY}</name><mail>{EMAIL}</mail></cand>"
    props = (f'<ds:datastoreItem ds:itemID="{store}" '
             f'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"/>')
    pkg.put("customXml/item9.xml", item)
    pkg.add_part("customXml/itemProps9.xml", props,
                 "application/vnd.openxmlformats-officedocument.customXmlProperties+xml")
    pkg.add_rel("customXml/item9.xml", RT + "customXmlProps", "itemProps9.xml")
    pkg.add_rel("word/document.xml", RT + "customXml", "../customXml/item9.xml")
    return pkg.to_bytes()


def ch_fields() -> bytes:
    pkg = DocxPkg(saved(base_document()))
    pkg.append_body(
        f'<w:p><w:fldSimple w:instr=" AUTHOR &quot;{CANARY}&quot; \\* MERGEFORMAT ">{run_xml(CANARY)}'
        f'</w:fldSimple></w:p>'
        f'<w:p>{run_xml("Kontakt: ")}<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'{run_xml(" MERGEFIELD Zorbaxia_Quennelton_mail ", "instrText")}'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{run_xml(EMAIL)}'
        f'<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        f'<w:p>{run_xml("Side ")}<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'{run_xml(" PAGE ", "instrText")}'
        f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{run_xml("1")}<w:r><w:fldChar w:fldCharType="end"/>'
        f'</w:r></w:p>')
    return pkg.to_bytes()


def ch_docvars() -> bytes:
    pkg = DocxPkg(saved(base_document()))

    def plant(root: etree._Element) -> None:
        dv = etree.fromstring(f'<w:docVars {NSDECL}><w:docVar w:name="Kandidat" w:val="{CANARY} {PHONE}"/>'
                              f'</w:docVars>')
        root.append(dv)

    pkg.edit("word/settings.xml", plant)
    return pkg.to_bytes()


def ch_core_properties() -> bytes:
    doc = base_document()
    cp = doc.core_properties
    cp.author = CANARY
    cp.last_modified_by = CANARY
    cp.title = f"CV - {CANARY}"
    cp.subject = EMAIL
    cp.keywords = PHONE
    return saved(doc)


def ch_app_properties() -> bytes:
    pkg = DocxPkg(saved(base_document()))

    def plant(root: etree._Element) -> None:
        ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
        for tag, value in (("Company", f"{CANARY} ApS"), ("Manager", CANARY)):
            el = etree.SubElement(root, f"{{{ns}}}{tag}")
            el.text = value

    pkg.edit("docProps/app.xml", plant)
    return pkg.to_bytes()


def ch_custom_properties() -> bytes:
    pkg = DocxPkg(saved(base_document()))
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
    vt = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
    part = (f'<Properties xmlns="{ns}" xmlns:vt="{vt}">'
            f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" '
            f'pid="2" name="Ansøger"><vt:lpwstr>{CANARY}</vt:lpwstr></property></Properties>')
    pkg.add_part("docProps/custom.xml", part,
                 "application/vnd.openxmlformats-officedocument.custom-properties+xml")
    pkg.add_rel(".rels", RT + "custom-properties", "docProps/custom.xml")
    return pkg.to_bytes()


def ch_hyperlink_mailto() -> bytes:
    pkg = DocxPkg(saved(base_document()))
    rid = pkg.add_rel("word/document.xml", RT + "hyperlink", f"mailto:{EMAIL}", external=True)
    rid2 = pkg.add_rel("word/document.xml", RT + "hyperlink",
                       "https://www.linkedin.com/in/zorbaxia-quennelton", external=True)
    pkg.append_body(f'<w:p><w:hyperlink r:id="{rid}" w:tooltip="Skriv til {CANARY}">'
                    f'{run_xml("Skriv en mail")}'
                    f'</w:hyperlink>{run_xml(" eller se ")}<w:hyperlink r:id="{rid2}">{run_xml("min profil")}'
                    f'</w:hyperlink></w:p>')
    return pkg.to_bytes()


def ch_attached_template() -> bytes:
    pkg = DocxPkg(saved(base_document()))
    target = "file:///C:/Users/Zorbaxia%20Quennelton/AppData/Roaming/Microsoft/Templates/CV.dotx"
    rid = pkg.add_rel("word/settings.xml", RT + "attachedTemplate", target, external=True)

    def plant(root: etree._Element) -> None:
        el = etree.SubElement(root, w("attachedTemplate"))
        el.set(f"{{{R_NS}}}id", rid)
        root.remove(el)
        root.insert(3, el)

    pkg.edit("word/settings.xml", plant)
    return pkg.to_bytes()


def ch_alt_text() -> bytes:
    doc = base_document()
    doc.add_picture(BytesIO(png_bytes()))
    pkg = DocxPkg(saved(doc))

    def plant(root: etree._Element) -> None:
        wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
        pic = "http://schemas.openxmlformats.org/drawingml/2006/picture"
        for el in root.iter(f"{{{wp}}}docPr"):
            el.set("descr", f"Portræt af {CANARY}")
            el.set("title", CANARY)
            el.set("name", "Zorbaxia_Quennelton.png")
        for el in root.iter(f"{{{pic}}}cNvPr"):
            el.set("name", "C:\\Users\\Zorbaxia\\Pictures\\Quennelton.png")
            el.set("descr", CANARY)

    pkg.edit("word/document.xml", plant)
    return pkg.to_bytes()


def ch_glossary() -> bytes:
    pkg = DocxPkg(saved(base_document()))
    part = (f'<w:glossaryDocument {NSDECL}><w:docParts><w:docPart><w:docPartPr><w:name w:val="Signatur"/>'
            f'</w:docPartPr><w:docPartBody><w:p>{run_xml("Venlig hilsen " + CANARY)}</w:p></w:docPartBody>'
            f'</w:docPart></w:docParts></w:glossaryDocument>')
    pkg.add_part("word/glossary/document.xml", part,
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document.glossary+xml")
    pkg.add_rel("word/document.xml", RT + "glossaryDocument", "glossary/document.xml")
    return pkg.to_bytes()


def ch_image_exif() -> bytes:
    doc = base_document()
    doc.add_paragraph("Projekter:")
    for _ in range(10):
        doc.add_paragraph("Procesoptimering af fermentering.")
    doc.add_picture(BytesIO(jpeg_with_artist(CANARY)))
    return saved(doc)


def ch_smart_tag_and_permissions() -> bytes:
    pkg = DocxPkg(saved(base_document()))
    pkg.append_body(
        f'<w:p><w:permStart w:id="1" w:ed="{EMAIL}"/>'
        f'<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" '
        f'w:element="PersonName"><w:smartTagPr><w:attr w:name="ProductID" w:val="{CANARY}"/></w:smartTagPr>'
        f'{run_xml("Referent: ")}{run_xml(CANARY)}</w:smartTag><w:permEnd w:id="1"/></w:p>')
    return pkg.to_bytes()


def ch_linked_picture() -> bytes:
    doc = base_document()
    doc.add_picture(BytesIO(png_bytes()))
    pkg = DocxPkg(saved(doc))
    rid = pkg.add_rel("word/document.xml", RT + "image",
                      "file:///C:/Users/Zorbaxia%20Quennelton/Pictures/portrait.png", external=True)

    def plant(root: etree._Element) -> None:
        a = "http://schemas.openxmlformats.org/drawingml/2006/main"
        for blip in root.iter(f"{{{a}}}blip"):
            del blip.attrib[f"{{{R_NS}}}embed"]
            blip.set(f"{{{R_NS}}}link", rid)

    pkg.edit("word/document.xml", plant)
    return pkg.to_bytes()


def ch_vml_picture() -> bytes:
    pkg = DocxPkg(saved(base_document()))
    pkg.add_part("word/media/vml1.png", png_bytes(), "image/png")
    rid = pkg.add_rel("word/document.xml", RT + "image", "media/vml1.png")
    pkg.append_body(
        f'<w:p><w:r><w:pict><v:shape id="p1" style="width:60pt;height:45pt" alt="Foto: {CANARY}">'
        f'<v:imagedata r:id="{rid}" o:title="{CANARY}" o:href="file:///C:/Users/Zorbaxia/Quennelton.jpg"/>'
        f'</v:shape></w:pict></w:r></w:p>')
    return pkg.to_bytes()


def ch_legacy_form_field() -> bytes:
    pkg = DocxPkg(saved(base_document()))
    pkg.append_body(
        f'<w:p>{run_xml("Navn: ")}<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Navn"/>'
        f'<w:enabled/><w:statusText w:type="text" w:val="{EMAIL}"/><w:textInput>'
        f'<w:default w:val="{CANARY}"/></w:textInput></w:ffData></w:fldChar></w:r>'
        f'{run_xml(" FORMTEXT ", "instrText")}<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f'{run_xml(CANARY)}<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    return pkg.to_bytes()


CHANNELS: dict[str, Callable[[], bytes]] = {
    "body-split-runs": ch_body_split_runs,
    "table-cell": ch_table_cell,
    "header-default": ch_header_default,
    "header-first-page": ch_header_first_page,
    "header-even-page": ch_header_even_page,
    "footer": ch_footer,
    "footnote": ch_footnote,
    "endnote": ch_endnote,
    "comment-author-people": ch_comment,
    "revisions-ins-del": ch_revisions,
    "textbox-both-branches": ch_textbox,
    "sdt-customxml-binding": ch_sdt_data_binding,
    "fields-simple-complex": ch_fields,
    "docvars": ch_docvars,
    "core-properties": ch_core_properties,
    "app-properties": ch_app_properties,
    "custom-properties": ch_custom_properties,
    "hyperlink-mailto-rels": ch_hyperlink_mailto,
    "attached-template": ch_attached_template,
    "alt-text": ch_alt_text,
    "glossary": ch_glossary,
    "image-exif": ch_image_exif,
    "smarttag-permissions": ch_smart_tag_and_permissions,
    "linked-picture": ch_linked_picture,
    "vml-picture-href": ch_vml_picture,
    "legacy-form-field": ch_legacy_form_field,
}


# ----------------------------------------------------------------------------- the stand-in detector


def fake_decisions(document: Document) -> list[Decision]:
    """What a detector with perfect recall would decide for the canaries, found by regex in every unit."""
    out: list[Decision] = []
    for unit in document.units:
        for pattern, cat in PATTERNS:
            for m in pattern.finditer(unit.text):
                f = Finding(cat, unit.id, m.start(), m.end(), 0.99, "test", m.group())
                out.append(Decision(f, Action.REDACT, "test"))
    return out


# ----------------------------------------------------------------------------- the independent check


def leaks(data: bytes) -> list[str]:
    """Where a canary survives: member names, raw bytes (media too), XML text, attributes, paragraphs."""
    found: list[str] = []

    def look(where: str, text: str | None) -> None:
        if text:
            low = text.casefold()
            for needle in NEEDLES:
                if needle in low:
                    found.append(f"{where}: {needle}")

    with zipfile.ZipFile(BytesIO(data)) as zf:
        for name in zf.namelist():
            look(f"name {name}", name.replace("_", " "))
            raw = zf.read(name)
            for enc in ("latin-1", "utf-8", "utf-16-le"):
                look(f"bytes {name} ({enc})", raw.decode(enc, "ignore"))
            look(f"bytes {name} (utf-16-le+1)", raw[1:].decode("utf-16-le", "ignore"))
            if not name.endswith((".xml", ".rels")):
                continue
            root = etree.fromstring(raw)
            for el in root.iter():
                look(f"text {name}", el.text)
                for value in el.attrib.values():
                    look(f"attribute {name}", value)
            for p in root.iter(w("p")):
                joined = "".join(t.text or "" for t in p.iter(w("t"), w("delText"), w("instrText")))
                look(f"paragraph {name}", joined)
    return found


def body_text(data: bytes) -> str:
    d = docx.Document(BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        parts += [c.text for row in table.rows for c in row.cells]
    return "\n".join(parts)


LABELS = ["[NAVN]", "[E-MAIL]", "[TELEFON]", "[FOTO]"]


@pytest.fixture(scope="module")
def config():
    return load_config()


@functools.cache
def planted(channel: str) -> tuple[bytes, Document, tuple[Decision, ...]]:
    """A channel's fixture, its extraction and the stand-in decisions (built once per test session)."""
    original = CHANNELS[channel]()
    document = extract_docx(original, load_config())
    return original, document, tuple(fake_decisions(document))


@pytest.mark.parametrize("channel", list(CHANNELS))
def test_docx_channels_canary_removed(channel: str, config) -> None:
    original, document, decisions = planted(channel)
    assert leaks(original), "the fixture must plant the canary"  # the check can fail
    assert decisions, "extraction must expose the channel to detection"
    out = redact_docx(original, document, decisions, config, lang="da", remove_images=set())
    assert leaks(out) == []
    assert QUALIFICATION in body_text(out)
    report = verify_docx(out, decisions, detect=None, labels=LABELS, threshold=0.6)
    assert report.passed, report.issues


@pytest.mark.parametrize("channel", list(CHANNELS))
def test_docx_channels_verify_flags_unredacted_input(channel: str, config) -> None:
    original, _document, decisions = planted(channel)
    report = verify_docx(original, decisions, detect=None, labels=LABELS, threshold=0.6)
    assert not report.passed


def test_docx_channels_split_run_label_written_once(config) -> None:
    original = ch_body_split_runs()
    document = extract_docx(original, config)
    out = redact_docx(original, document, fake_decisions(document), config, lang="da", remove_images=set())
    texts = [p.text for p in docx.Document(BytesIO(out)).paragraphs]
    assert "Navn: [NAVN], e-mail [E-MAIL], tlf. [TELEFON]" in texts


def test_docx_channels_box_style_and_english_labels(config) -> None:
    original = ch_table_cell()
    document = extract_docx(original, config)
    decisions = fake_decisions(document)
    out_en = redact_docx(original, document, decisions, config, lang="en", remove_images=set())
    assert "[NAME]" in body_text(out_en) and "[PHONE]" in body_text(out_en)
    boxed = load_config(label_style="box")
    out_box = redact_docx(original, document, decisions, boxed, lang="da", remove_images=set())
    assert "█████" in body_text(out_box) and "[NAVN]" not in body_text(out_box)


def test_docx_channels_keep_decisions_are_not_applied(config) -> None:
    original = ch_table_cell()
    document = extract_docx(original, config)
    kept = [Decision(d.finding, Action.KEEP, "test") for d in fake_decisions(document)]
    out = redact_docx(original, document, kept, config, lang="da", remove_images=set())
    assert CANARY in body_text(out)


def test_docx_channels_page_field_stays_linked(config) -> None:
    original = ch_fields()
    document = extract_docx(original, config)
    out = redact_docx(original, document, fake_decisions(document), config, lang="da", remove_images=set())
    with zipfile.ZipFile(BytesIO(out)) as zf:
        xml = zf.read("word/document.xml").decode()
    assert "PAGE" in xml and "MERGEFIELD" not in xml and "fldSimple" not in xml
    assert xml.count('w:fldCharType="begin"') == 1


def test_docx_channels_removed_image_becomes_grey_placeholder(config) -> None:
    doc = base_document()
    doc.add_picture(BytesIO(png_bytes((90, 120))))
    original = saved(doc)
    document = extract_docx(original, config)
    (image,) = document.images
    assert image.ref == "word/media/image1.png" and (image.width, image.height) == (90, 120)
    out = redact_docx(original, document, [], config, lang="da", remove_images={image.id})
    with zipfile.ZipFile(BytesIO(out)) as zf:
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
        assert len(media) == 1
        img = Image.open(BytesIO(zf.read(media[0])))
    assert img.format == "PNG"
    assert abs(img.width / img.height - 90 / 120) < 0.05
    assert img.convert("RGB").getpixel((1, 1)) == (208, 208, 208)
    assert len(docx.Document(BytesIO(out)).inline_shapes) == 1


def test_docx_channels_removed_jpeg_is_renamed_png(config) -> None:
    doc = base_document()
    doc.add_picture(BytesIO(jpeg_with_artist("Someone")))
    original = saved(doc)
    document = extract_docx(original, config)
    out = redact_docx(original, document, [], config, lang="da", remove_images={document.images[0].id})
    with zipfile.ZipFile(BytesIO(out)) as zf:
        names = zf.namelist()
        ct = zf.read("[Content_Types].xml").decode()
        rels = zf.read("word/_rels/document.xml.rels").decode()
    assert "word/media/image1.png" in names and "word/media/image1.jpeg" not in names
    assert "media/image1.png" in rels and 'Extension="png"' in ct
    docx.Document(BytesIO(out))


@pytest.mark.parametrize("shared_module", [True, False], ids=["imaging.meta", "pillow-fallback"])
def test_docx_channels_kept_jpeg_loses_exif(shared_module: bool, config, monkeypatch) -> None:
    if not shared_module:
        monkeypatch.setitem(sys.modules, "redactor.imaging.meta", None)  # import fails: Pillow re-encodes
    original = ch_image_exif()
    document = extract_docx(original, config)
    out = redact_docx(original, document, [], config, lang="da", remove_images=set())
    with zipfile.ZipFile(BytesIO(out)) as zf:
        (name,) = [n for n in zf.namelist() if n.startswith("word/media/")]
        img = Image.open(BytesIO(zf.read(name)))
    assert img.format == "JPEG" and not img.getexif()


def _with_vector(payload: bytes) -> bytes:
    pkg = DocxPkg(saved(base_document()))
    pkg.add_part("word/media/chart.emf", payload, "image/x-emf")
    rid = pkg.add_rel("word/document.xml", RT + "image", "media/chart.emf")
    pkg.append_body(f'<w:p><w:r><w:pict><v:shape id="e1" style="width:60pt;height:45pt">'
                    f'<v:imagedata r:id="{rid}"/></v:shape></w:pict></w:r></w:p>')
    return pkg.to_bytes()


@pytest.mark.parametrize("text, replaced", [(CANARY, True), ("Organisationsdiagram", False)])
def test_docx_channels_vector_image_text(text: str, replaced: bool, config) -> None:
    payload = b"\x01\x00\x00\x00" + b"\x00" * 60 + text.encode("utf-16-le") + b"\x00" * 16
    original = _with_vector(payload)
    document = extract_docx(original, config)
    # the name was found elsewhere (e.g. in the body); the decision's text is what counts for binaries
    found = Decision(Finding(Category.NAME, "elsewhere", 0, len(CANARY), 0.99, "test", CANARY), Action.REDACT)
    out = redact_docx(original, document, [found], config, lang="da", remove_images=set())
    with zipfile.ZipFile(BytesIO(out)) as zf:
        media = {n: zf.read(n) for n in zf.namelist() if n.startswith("word/media/")}
    assert (list(media) == ["word/media/chart.png"]) is replaced
    assert (media.get("word/media/chart.emf") == payload) is not replaced
    docx.Document(BytesIO(out))


def _plant_vba(pkg: DocxPkg) -> None:
    pkg.add_part("word/vbaProject.bin", b"Attribute VB_Name = \"Module1\"\nAuthor: " + CANARY.encode(),
                 "application/vnd.ms-office.vbaProject")
    pkg.add_rel("word/document.xml", "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                "vbaProject.bin")
    ct = pkg.xml("[Content_Types].xml")
    for el in ct:
        if el.get("PartName") == "/word/document.xml":
            el.set("ContentType", "application/vnd.ms-word.document.macroEnabled.main+xml")
    pkg.put("[Content_Types].xml", ct)


def _plant_ole(pkg: DocxPkg) -> None:
    pkg.add_part("word/embeddings/oleObject1.bin", b"\xd0\xcf\x11\xe0" + CANARY.encode("utf-16-le"),
                 "application/vnd.openxmlformats-officedocument.oleObject")
    pkg.add_part("word/media/ole1.png", png_bytes(), "image/png")
    ole = pkg.add_rel("word/document.xml", RT + "oleObject", "embeddings/oleObject1.bin")
    img = pkg.add_rel("word/document.xml", RT + "image", "media/ole1.png")
    pkg.append_body(f'<w:p><w:r><w:object><v:shape id="o1" style="width:60pt;height:45pt">'
                    f'<v:imagedata r:id="{img}"/></v:shape><o:OLEObject Type="Embed" ProgID="Package" '
                    f'ShapeID="o1" DrawAspect="Icon" ObjectID="_1" r:id="{ole}"/></w:object></w:r></w:p>')


def _plant_altchunk(pkg: DocxPkg) -> None:
    pkg.add_part("word/afchunk.htm", f"<html><body>{CANARY}</body></html>", "text/html")
    rid = pkg.add_rel("word/document.xml", RT + "aFChunk", "afchunk.htm")
    pkg.append_body(f'<w:altChunk r:id="{rid}"/>')


@pytest.mark.parametrize("plant, warned", [(_plant_vba, False), (_plant_ole, True), (_plant_altchunk, True)],
                         ids=["vba", "ole-embedding", "altchunk"])
def test_docx_channels_binary_parts_dropped(plant, warned: bool, config) -> None:  # type: ignore[no-untyped-def]
    doc = base_document()
    doc.add_paragraph(f"Navn: {CANARY}")
    pkg = DocxPkg(saved(doc))
    plant(pkg)
    original = pkg.to_bytes()
    document = extract_docx(original, config)
    assert bool(document.warnings) is warned
    out = redact_docx(original, document, fake_decisions(document), config, lang="da", remove_images=set())
    assert leaks(out) == []
    assert QUALIFICATION in body_text(out)
    with zipfile.ZipFile(BytesIO(out)) as zf:
        ct = zf.read("[Content_Types].xml").decode()
        xml = zf.read("word/document.xml").decode()
    assert "macroEnabled" not in ct and "vbaProject" not in ct and "oleObject" not in ct
    assert "OLEObject" not in xml and "altChunk" not in xml


def test_docx_channels_dropped_parts_and_structure(config) -> None:
    original = ch_comment()
    document = extract_docx(original, config)
    out = redact_docx(original, document, fake_decisions(document), config, lang="da", remove_images=set())
    with zipfile.ZipFile(BytesIO(out)) as zf:
        names = zf.namelist()
        ct = zf.read("[Content_Types].xml").decode()
        core = zf.read("docProps/core.xml")
        info = zf.infolist()
    assert not [n for n in names if "comments" in n or "people" in n or n.startswith("customXml/")]
    assert "thumbnail" not in " ".join(names) and "comments" not in ct
    assert names[0] == "[Content_Types].xml"
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in info)
    assert len(etree.fromstring(core)) == 0


# ----------------------------------------------------------------------------- torture files


def _torture_files() -> list[Path]:
    root = SHARED / "data" / "torture"
    if not root.exists():
        return []
    return sorted(root.rglob("*.docx"))


@pytest.mark.skipif(not _torture_files(), reason="needs ../shared/data/torture (absent here; CI has it)")
@pytest.mark.parametrize("path", _torture_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_docx_channels_torture_files_redact_or_refuse(path: Path, config) -> None:
    data = path.read_bytes()
    try:
        document = extract_docx(data, config, filename=path.name)
        out = redact_docx(data, document, [], config, lang="da",
                          remove_images={im.id for im in document.images[:1]})
    except RedactorError as exc:
        assert exc.message and exc.code.startswith("R")
        return
    docx.Document(BytesIO(out))
    again = extract_docx(out, config)
    before = [u.text for u in document.units if u.kind in ("body", "header", "footer", "footnote", "endnote")]
    after = [u.text for u in again.units if u.kind in ("body", "header", "footer", "footnote", "endnote")]
    assert after == before  # no decisions: visible text is unchanged
    assert verify_docx(out, [], detect=None, labels=LABELS, threshold=0.6).passed
