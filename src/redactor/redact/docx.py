"""DOCX redaction: spans replaced in the XML text nodes, every hidden channel cleaned, a new package written.

Channels and what happens to them (see docs/sanitization.md section 2):

- paragraph text in every part (body, tables, headers, footers, notes, text boxes in both
  ``mc:AlternateContent`` branches, content controls, SmartArt, chart titles) and chart string values:
  each decided span is mapped back to its text nodes; the label goes into the first node and the others
  are trimmed, so names split across runs are handled;
- revisions: ``w:del``, ``w:moveFrom`` and every ``*PrChange`` dropped, ``w:ins``/``w:moveTo`` unwrapped,
  deleted table rows removed, revision range markers dropped; ``rsid*``, ``w14:paraId``/``textId``,
  ``nsid``/``tmpl`` and the document ids stripped; leftover ``w:author``/``w:date``/``w:initials`` removed;
- comments, people, commentsExtended/Ids/Extensible, customXml, custom properties, glossary, thumbnail,
  VBA, embeddings (OLE), ActiveX, printer settings, web extensions and altChunk sources: parts dropped,
  their anchors and referencing elements removed;
- core properties emptied completely (including the dates and revision number); app.xml loses Company,
  Manager, Template, HyperlinkBase, HLinks and the titles;
- settings: attached template (and its relationship), docVars, mail merge, rsids and document ids removed,
  ``w:removePersonalInformation`` set;
- fields unlinked (the cached result stays and is redacted by the spans), except PAGE, NUMPAGES,
  SECTIONPAGES and SECTION; ``w:fldSimple`` unwrapped; smart tags and inline custom XML unwrapped;
  permission ranges dropped;
- content controls: data bindings and date-picker values removed;
- every external relationship target blanked to ``#``; linked (external) pictures become placeholders;
- alt text, titles and tooltips removed, drawing names set to ``Picture N``, table captions removed;
- images: removed ids become a grey placeholder PNG of the same aspect (a media part shared by several
  pictures is replaced for all of them); kept rasters are re-encoded without metadata (unreadable ones are
  replaced); vector images are kept only if none of the redacted values appear in them as text;
- finally every remaining attribute and non-paragraph text node holding a redacted value is blanked, part
  names holding one are renamed, unreachable parts are dropped, and [Content_Types].xml is rebuilt.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from io import BytesIO

from lxml import etree

from redactor.config import Config
from redactor.docxmodel import (
    A_NS,
    ASVG_NS,
    CP_NS,
    CT_NS,
    DC_NS,
    DCTERMS_NS,
    O_NS,
    PIC_NS,
    PR_NS,
    R_NS,
    V_NS,
    W_NS,
    WP_NS,
    Package,
    Paragraph,
    Picture,
    Segment,
    image_text,
    is_xml_name,
    map_span,
    open_package,
    paragraphs,
    parse_xml,
    pictures,
    r,
    rels_name,
    rels_source,
    resolve_target,
    text_parts,
    unit_id,
    value_cells,
    value_id,
    w,
)
from redactor.errors import ProcessingError, RedactorError
from redactor.textnorm import ascii_fold, normalize_text
from redactor.types import Action, Category, Decision, Document

BOX = "█████"
IDENTIFYING = frozenset({Category.NAME, Category.EMAIL, Category.PHONE, Category.CPR, Category.BIRTHDATE,
                         Category.ADDRESS, Category.URL, Category.OTHER})
KEEP_FIELDS = frozenset({"PAGE", "NUMPAGES", "SECTIONPAGES", "SECTION"})
DROP_REL_KINDS = frozenset({
    "comments", "commentsExtended", "commentsIds", "commentsExtensible", "people", "customXml",
    "custom-properties", "glossaryDocument", "thumbnail", "vbaProject", "wordVbaData", "keyMapCustomizations",
    "oleObject", "package", "control", "activeXControlBinary", "printerSettings", "attachedTemplate",
    "mailMergeSource", "mailMergeHeaderSource", "recipientData", "afChunk", "webextensiontaskpanes",
    "webextension", "customXmlProps", "customData", "customDataProps", "aFChunk",
})
DROP_PREFIXES = ("word/comments", "word/people.xml", "customxml/", "docprops/custom.xml", "word/glossary/",
                 "docprops/thumbnail", "word/vbaproject", "word/vbadata", "word/embeddings/", "word/activex/",
                 "word/printersettings/", "word/webextensions/")
REMOVE_TAGS = frozenset(w(t) for t in (
    "del", "moveFrom", "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange", "trPrChange",
    "tcPrChange", "tblGridChange", "numberingChange", "cellDel", "cellIns", "cellMerge",
    "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
    "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd",
    "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd", "customXmlMoveToRangeStart",
    "customXmlMoveToRangeEnd", "commentRangeStart", "commentRangeEnd", "commentReference", "annotationRef",
    "permStart", "permEnd", "smartTagPr", "customXmlPr", "tblCaption", "tblDescription", "altChunk",
))
UNWRAP_TAGS = frozenset(w(t) for t in ("ins", "moveTo", "smartTag", "customXml"))
SETTINGS_DROP = frozenset(w(t) for t in ("attachedTemplate", "docVars", "mailMerge", "rsids",
                                          "saveThroughXslt"))
APP_DROP = frozenset({"Company", "Manager", "Template", "HyperlinkBase", "HLinks", "TitlesOfParts",
                      "HeadingPairs", "DigSig"})
W_STRIP_ATTRS = frozenset(w(a) for a in ("author", "date", "initials"))  # revision and comment identities
ANY_STRIP_ATTRS = frozenset({"paraId", "textId", "dateUtc", "durableId"})
# Elements whose relationship reference may simply be dropped (the element itself carries content).
KEEP_ELEMENT_ON_DANGLING = frozenset({w("hyperlink"), f"{{{A_NS}}}blip", f"{{{V_NS}}}imagedata"})
RASTER_EXT = frozenset({"png", "jpg", "jpeg", "jpe", "gif", "bmp", "tif", "tiff", "webp", "jfif", "dib"})
VECTOR_EXT = frozenset({"emf", "wmf", "svg", "wdp", "emz", "wmz"})
MEDIA_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "jpg": "image/jpeg", "gif": "image/gif",
               "bmp": "image/bmp", "tif": "image/tiff", "tiff": "image/tiff", "webp": "image/webp",
               "svg": "image/svg+xml", "emf": "image/x-emf", "wmf": "image/x-wmf"}
DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MAIN_TYPES = frozenset({
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
})
PLACEHOLDER_FILL = (208, 208, 208)
PLACEHOLDER_SIDE = 256
_SETTINGS_HEAD = (w("writeProtection"), w("view"), w("zoom"))
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def redact_docx(
    data: bytes,
    document: Document,
    decisions: Sequence[Decision],
    config: Config,
    *,
    lang: str,
    remove_images: set[str],
) -> bytes:
    """Produce the cleaned DOCX as bytes; the input is never modified, the package is written anew.

    Args:
        data: the original DOCX.
        document: its extraction (paragraph unit ids and texts, image ids).
        decisions: what to remove; KEEP decisions are ignored.
        config: labels, label style and limits.
        lang: label language.
        remove_images: ids of images to replace by a placeholder (external pictures are always replaced).
    Returns:
        The new DOCX.
    Raises:
        CorruptDocumentError, EncryptedDocumentError, LimitExceededError: the input fails the package checks.
        ProcessingError: redaction failed (e.g. the document does not match its extraction).
    """
    try:
        return _Redactor(data, document, decisions, config, lang, remove_images).run()
    except RedactorError:
        raise
    except MemoryError:
        raise
    except Exception as exc:
        raise ProcessingError(f"DOCX redaction failed ({type(exc).__name__})") from None


# ----------------------------------------------------------------------------- helpers


def _remove(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    if el.tail and el.tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _unwrap(el: etree._Element) -> None:
    parent = el.getparent()
    if parent is None:
        return
    idx = parent.index(el)
    for child in list(el):
        parent.insert(idx, child)
        idx += 1
    _remove(el)


def _run_is_empty(run: etree._Element) -> bool:
    return all(c.tag == w("rPr") for c in run)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ext(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in posixpath.basename(name) else ""


@dataclass
class _Field:
    begin: etree._Element
    nested_in_instruction: bool
    separate: etree._Element | None = None
    end: etree._Element | None = None
    instr: list[etree._Element] = field(default_factory=list)
    other: list[etree._Element] = field(default_factory=list)

    def keyword(self) -> str:
        text = "".join(el.text or "" for el in self.instr).strip()
        return text.split()[0].upper() if text else ""


def _unlink_fields(root: etree._Element) -> None:
    """Remove field codes (fldChar, instrText and anything else in the instruction), keeping the results."""
    runs = list(root.iter(w("r")))
    fields: list[_Field] = []
    stack: list[_Field] = []
    for run in runs:
        for child in list(run):
            if child.tag == w("fldChar"):
                kind = child.get(w("fldCharType"))
                if kind == "begin":
                    nested = any(f.separate is None for f in stack)
                    fld = _Field(child, nested)
                    fields.append(fld)
                    stack.append(fld)
                elif kind == "separate" and stack:
                    stack[-1].separate = child
                elif kind == "end" and stack:
                    stack.pop().end = child
                else:
                    _remove(child)  # unbalanced
                continue
            in_instr = [f for f in stack if f.separate is None]
            if not in_instr:
                if child.tag in (w("instrText"), w("delInstrText")):
                    _remove(child)  # stray instruction outside any field
                    if _run_is_empty(run):
                        _remove(run)
                continue
            if child.tag in (w("instrText"), w("delInstrText")):
                in_instr[-1].instr.append(child)
            elif child.tag != w("rPr"):
                in_instr[0].other.append(child)
    touched: list[etree._Element] = []
    for fld in fields:
        if not fld.nested_in_instruction and fld.keyword() in KEEP_FIELDS:
            continue
        for el in (fld.begin, fld.separate, fld.end, *fld.instr, *fld.other):
            if el is not None:
                parent = el.getparent()
                _remove(el)
                if parent is not None and parent.tag == w("r"):
                    touched.append(parent)
    for run in touched:
        if run.getparent() is not None and _run_is_empty(run):
            _remove(run)
    for simple in list(root.iter(w("fldSimple"))):
        instr = (simple.get(w("instr")) or "").split()
        if instr and instr[0].upper() in KEEP_FIELDS:
            continue
        _unwrap(simple)


def _resolve_revisions(root: etree._Element) -> None:
    for el in list(root.iter(w("del"))):
        parent = el.getparent()
        if parent is not None and parent.tag == w("trPr"):
            row = parent.getparent()
            if row is not None:
                _remove(row)  # a deleted table row
    for el in list(root.iter(*REMOVE_TAGS)):
        if el.tag == w("commentReference"):
            run = el.getparent()
            _remove(el)
            if run is not None and run.tag == w("r") and _run_is_empty(run):
                _remove(run)
            continue
        _remove(el)
    for el in list(root.iter(*UNWRAP_TAGS)):
        _unwrap(el)
    for tbl in list(root.iter(w("tbl"))):
        if tbl.find(w("tr")) is None:
            _remove(tbl)
    for cell in root.iter(w("tc")):
        if cell.find(w("p")) is None and cell.find(w("tbl")) is None and cell.find(w("sdt")) is None:
            cell.append(etree.Element(w("p")))


def _strip_identifiers(root: etree._Element) -> None:
    rsid = w("rsid")
    for el in root.iter():
        attrib = el.attrib
        if not attrib:
            continue
        for key in [k for k in attrib if k.startswith(rsid) or k in W_STRIP_ATTRS
                    or k.rsplit("}", 1)[-1] in ANY_STRIP_ATTRS]:
            del attrib[key]
    for el in list(root.iter(w("nsid"), w("tmpl"))):
        _remove(el)


def _clean_controls(root: etree._Element) -> None:
    """Content controls: data bindings refill text from customXml or properties; date pickers keep dates."""
    for props in root.iter(w("sdtPr")):
        for el in list(props):
            if _local(el.tag) == "dataBinding":
                props.remove(el)
    for el in root.iter(w("date")):
        el.attrib.pop(w("fullDate"), None)


def _clean_alt_text(root: etree._Element) -> None:
    for n, el in enumerate(root.iter(f"{{{WP_NS}}}docPr", f"{{{PIC_NS}}}cNvPr"), start=1):
        for attr in ("descr", "title"):
            el.attrib.pop(attr, None)
        el.set("name", f"Picture {n}")
    for el in root.iter(f"{{{V_NS}}}shape", f"{{{V_NS}}}imagedata", f"{{{V_NS}}}rect", f"{{{V_NS}}}group"):
        for attr in ("alt", f"{{{O_NS}}}title", "title", f"{{{O_NS}}}href", "src"):
            el.attrib.pop(attr, None)
    for el in root.iter(w("hyperlink")):
        el.attrib.pop(w("tooltip"), None)
    for el in root.iter(f"{{{A_NS}}}hlinkClick", f"{{{A_NS}}}hlinkHover"):
        el.attrib.pop("tooltip", None)


def _clean_settings(root: etree._Element) -> None:
    for el in list(root):
        if el.tag in SETTINGS_DROP or _local(el.tag) == "docId" or el.tag in (
                w("removePersonalInformation"), w("removeDateAndTime")):
            _remove(el)
    idx = 0
    for i, el in enumerate(root):
        if el.tag in _SETTINGS_HEAD:
            idx = i + 1
    root.insert(idx, etree.Element(w("removePersonalInformation")))
    root.insert(idx + 1, etree.Element(w("removeDateAndTime")))


def _empty_core() -> etree._Element:
    nsmap = {"cp": CP_NS, "dc": DC_NS, "dcterms": DCTERMS_NS, "dcmitype": "http://purl.org/dc/dcmitype/",
             "xsi": "http://www.w3.org/2001/XMLSchema-instance"}
    return etree.Element(f"{{{CP_NS}}}coreProperties", nsmap=nsmap)


def _clean_app(root: etree._Element) -> None:
    for el in list(root):
        if _local(el.tag) in APP_DROP:
            _remove(el)


def _placeholder(width: int, height: int, label: str) -> bytes:
    from PIL import Image, ImageDraw

    if width <= 0 or height <= 0:
        width, height = 3, 4
    scale = PLACEHOLDER_SIDE / max(width, height)
    size = (max(8, round(width * scale)), max(8, round(height * scale)))
    img = Image.new("RGB", size, PLACEHOLDER_FILL)
    if label:
        with contextlib.suppress(Exception):
            draw = ImageDraw.Draw(img)
            box = draw.textbbox((0, 0), label)
            tw, th = box[2] - box[0], box[3] - box[1]
            if tw < size[0] and th < size[1]:
                draw.text(((size[0] - tw) / 2, (size[1] - th) / 2), label, fill=(64, 64, 64))
    out = BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _pillow_reencode(raw: bytes, max_pixels: int) -> tuple[bytes, str] | None:
    from PIL import Image, ImageOps

    try:
        with Image.open(BytesIO(raw)) as img:
            if img.width * img.height > max_pixels:
                return None
            fmt = (img.format or "").upper()
            img.load()
            out = BytesIO()
            if fmt in ("JPEG", "MPO"):
                pic = ImageOps.exif_transpose(img)
                if pic.mode not in ("RGB", "L", "CMYK"):
                    pic = pic.convert("RGB")
                pic.save(out, "JPEG", quality=95)
                return out.getvalue(), "jpeg"
            if fmt == "GIF":
                img.save(out, "GIF")
                return out.getvalue(), "gif"
            if fmt in ("PNG", "BMP", "TIFF", "WEBP", "DIB"):
                pic = ImageOps.exif_transpose(img) if fmt != "PNG" else img
                params = {}
                if "transparency" in img.info and pic.mode in ("P", "L", "RGB"):
                    params["transparency"] = img.info["transparency"]
                pic.save(out, "PNG", **params)
                return out.getvalue(), "png"
    except Exception:
        return None
    return None


def _strip_image(raw: bytes, max_pixels: int) -> tuple[bytes, str] | None:
    """Re-encode a raster image without metadata: the shared imaging module when present, else Pillow."""
    try:
        from redactor.imaging.meta import strip_metadata
    except ImportError:
        return _pillow_reencode(raw, max_pixels)
    with contextlib.suppress(Exception):
        out, fmt = strip_metadata(raw, max_pixels=max_pixels)
        fmt = str(fmt).lower().lstrip(".")
        fmt = {"jpg": "jpeg", "tif": "tiff"}.get(fmt, fmt)
        if out and fmt in MEDIA_TYPES:
            return bytes(out), fmt
    return _pillow_reencode(raw, max_pixels)


class _Needles:
    """The redacted values, for the final sweep of attributes, loose text, part names and media bytes."""

    def __init__(self, decisions: Iterable[Decision]) -> None:
        values: set[str] = set()
        for d in decisions:
            f = d.finding
            if d.action is Action.KEEP or f.category not in IDENTIFYING:
                continue
            base = normalize_text(f.text).casefold().strip()
            if len(base) >= 3:
                values.add(base)
                values.add(ascii_fold(base))
            if f.category is Category.NAME:
                for part in re.split(r"[\s,]+", base):
                    part = part.strip(".-'’()")
                    if len(part) >= 4 and not part.isdigit():
                        values.add(part)
                        values.add(ascii_fold(part))
        self.values = sorted(values, key=len, reverse=True)
        alternatives = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in self.values)
        self.pattern = re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)") if self.values else None

    def found(self, text: str | None) -> bool:
        if not text or len(text) < 3 or self.pattern is None:
            return False
        if text.isascii():
            return bool(self.pattern.search(text.lower()))
        low = normalize_text(text).casefold()
        return bool(self.pattern.search(low) or self.pattern.search(ascii_fold(low)))

    def in_bytes(self, raw: bytes) -> bool:
        """Whether a binary (vector image) holds a value as 8-bit or UTF-16LE text, as whole words."""
        if self.pattern is None:
            return False
        texts = (raw.decode("latin-1"), raw.decode("utf-16-le", "ignore"),
                 raw[1:].decode("utf-16-le", "ignore"))
        return any(self.pattern.search(text.casefold()) for text in texts)


# ----------------------------------------------------------------------------- the redactor


class _Redactor:
    def __init__(self, data: bytes, document: Document, decisions: Sequence[Decision], config: Config,
                 lang: str, remove_images: set[str]) -> None:
        self.pkg: Package = open_package(data, config.limits)
        self.document = document
        self.decisions = [d for d in decisions if d.action is not Action.KEEP]
        self.config = config
        self.lang = lang
        self.remove_ids = set(remove_images)
        self.xml: dict[str, etree._Element] = {}
        self.binary: dict[str, bytes] = {}
        self.order: list[str] = []
        self.paragraph_nodes: set[etree._Element] = set()
        self.needles = _Needles(decisions)
        self.dropped_rels: dict[str, set[str]] = {}  # source part -> relationship ids removed

    # -- loading

    def load(self) -> None:
        for name in self.pkg.names:
            self.order.append(name)
            raw = self.pkg.read(name)
            if is_xml_name(name):
                try:
                    self.xml[name] = parse_xml(raw, name)
                except RedactorError:
                    if name.lower().endswith(".vml"):
                        continue  # a broken legacy drawing is dropped, not fatal
                    raise
            else:
                self.binary[name] = raw

    def label(self, category: str) -> str:
        return BOX if self.config.label_style == "box" else self.config.label_for(category, self.lang)

    def run(self) -> bytes:
        self.load()
        main = self.pkg.main_part()
        if main not in self.xml:
            raise ProcessingError("the main document part is missing")
        parts = text_parts(self.pkg)
        pics = [p for name, _k in parts if name in self.xml for p in pictures(self.pkg, name, self.xml[name])]
        self.apply_spans(parts)
        for name, root in self.xml.items():
            if root.tag.startswith("{" + W_NS) or name in dict(parts):
                _resolve_revisions(root)
                _unlink_fields(root)
                _clean_controls(root)
                _clean_alt_text(root)
                _strip_identifiers(root)
        self.clean_properties(main)
        self.drop_parts()
        self.clean_relationships()
        self.handle_images(pics)
        self.sweep()
        self.drop_unused_media()
        self.prune()
        return self.write()

    # -- text

    def apply_spans(self, parts: list[tuple[str, str]]) -> None:
        spans: dict[str, list[tuple[int, int, str]]] = {}
        for d in self.decisions:
            f = d.finding
            if f.end > f.start:
                spans.setdefault(f.unit_id, []).append((f.start, f.end, str(f.category)))
        expected = {u.id: u.text for u in self.document.units}
        for name, _kind in parts:
            root = self.xml.get(name)
            if root is None:
                continue
            cells = [(value_id(name, c.index), c) for c in value_cells(root)]
            for uid, para in [(unit_id(name, p.index), p) for p in paragraphs(root)] + cells:
                self.paragraph_nodes.update(s.el for s in para.segments if s.editable and s.attr is None)
                todo = spans.get(uid)
                if not todo:
                    continue
                if uid in expected and expected[uid] != para.text:
                    raise ProcessingError("a paragraph does not match its extraction; the input changed")
                self.replace(para, todo)

    def replace(self, para: Paragraph, spans: list[tuple[int, int, str]]) -> None:
        merged: list[list] = []
        for start, end, cat in sorted(spans):
            if merged and start < merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end, cat])
        edits: dict[int, list[tuple[int, int, str]]] = {}
        segs: dict[int, Segment] = {}
        for start, end, cat in merged:
            pieces = map_span(para, start, end)
            if not pieces:
                continue
            visible = [i for i, (s, _a, _b) in enumerate(pieces)
                       if s.attr is None and s.el.tag in (w("t"), f"{{{A_NS}}}t")]
            first = visible[0] if visible else 0
            for i, (seg, a, b) in enumerate(pieces):
                edits.setdefault(id(seg), []).append((a, b, self.label(cat) if i == first else ""))
                segs[id(seg)] = seg
        for key, items in edits.items():
            seg = segs[key]
            text = seg.get()
            for a, b, rep in sorted(items, reverse=True):
                text = text[:a] + rep + text[b:]
            seg.set(text)

    # -- properties and parts

    def clean_properties(self, main: str) -> None:
        for name in list(self.xml):
            low = name.lower()
            root = self.xml[name]
            if low == "docprops/core.xml":
                self.xml[name] = _empty_core()
            elif low == "docprops/app.xml":
                _clean_app(root)
            elif root.tag == w("settings"):
                _clean_settings(root)
        ct = self.content_types()
        for el in ct.iter(f"{{{CT_NS}}}Override"):
            is_main = (el.get("PartName") or "").lstrip("/").lower() == main.lower()
            if is_main and el.get("ContentType") in MAIN_TYPES:
                el.set("ContentType", DOCUMENT_MAIN)

    def content_types(self) -> etree._Element:
        name = self.pkg.find("[Content_Types].xml")
        assert name is not None
        return self.xml[name]

    def drop_part(self, name: str) -> None:
        self.xml.pop(name, None)
        self.binary.pop(name, None)
        rels = self.pkg.find(rels_name(name))
        if rels is not None:
            self.xml.pop(rels, None)

    def drop_parts(self) -> None:
        for name in list(self.order):
            if name.lower().startswith(DROP_PREFIXES):
                self.drop_part(name)

    def rels_roots(self) -> list[tuple[str, str, etree._Element]]:
        out = []
        for name, root in self.xml.items():
            source = rels_source(name)
            if source is not None and name.lower().endswith(".rels"):
                out.append((name, source, root))
        return out

    def clean_relationships(self) -> None:
        for _name, source, root in self.rels_roots():
            for rel in list(root.iter(f"{{{PR_NS}}}Relationship")):
                kind = (rel.get("Type") or "").rstrip("/").rsplit("/", 1)[-1]
                external = rel.get("TargetMode") == "External"
                target = rel.get("Target") or ""
                if kind in DROP_REL_KINDS:
                    if not external:
                        part = self.pkg.find(resolve_target(source, target))
                        if part is not None:
                            self.drop_part(part)
                    self.drop_rel(source, rel)
                elif kind == "hyperlink":
                    rel.set("Target", "#")
                    rel.set("TargetMode", "External")
                elif external and kind not in ("image", "hdphoto"):
                    rel.set("Target", "#")
        self.remove_dangling_refs()

    def drop_unused_media(self) -> None:
        """Image relationships that no element of their source part uses: the media they point to would stay
        in the package, extractable, without being shown (prune() then drops the parts)."""
        names = self.current_names()
        for _name, source, root in self.rels_roots():
            part = names.get(source.lower()) if source else None
            src = self.xml.get(part) if part else None
            if src is None:
                continue
            used = {v for el in src.iter() if isinstance(el.tag, str) for v in el.attrib.values()}
            for rel in list(root.iter(f"{{{PR_NS}}}Relationship")):
                kind = (rel.get("Type") or "").rstrip("/").rsplit("/", 1)[-1]
                if kind in ("image", "hdphoto") and rel.get("TargetMode") != "External" \
                        and (rel.get("Id") or "") not in used:
                    _remove(rel)

    def drop_rel(self, source: str, rel: etree._Element) -> None:
        self.dropped_rels.setdefault(source, set()).add(rel.get("Id") or "")
        _remove(rel)

    def remove_dangling_refs(self) -> None:
        names = self.current_names()
        for source, ids in self.dropped_rels.items():
            part = names.get(source.lower()) if source else None
            root = self.xml.get(part) if part else None
            if root is None or not ids:
                continue
            for el in list(root.iter()):
                if not isinstance(el.tag, str):
                    continue
                for key, value in list(el.attrib.items()):
                    if value in ids and (key.startswith("{" + R_NS) or key == f"{{{O_NS}}}relid"):
                        if el.tag in KEEP_ELEMENT_ON_DANGLING:
                            del el.attrib[key]
                        else:
                            _remove(el)
                        break
        self.dropped_rels = {}

    # -- images

    def handle_images(self, pics: list[Picture]) -> None:
        infos = {im.id: im for im in self.document.images}
        remove_media: set[str] = set()
        for pic in pics:
            if pic.id in self.remove_ids and pic.media:
                remove_media.add(pic.media)
                parent = pic.el
                for twin in parent.iter(f"{{{ASVG_NS}}}svgBlip"):
                    for p2 in pics:
                        if p2.el is twin and p2.media:
                            remove_media.add(p2.media)
        for iid in self.remove_ids:
            info = infos.get(iid)
            if info is not None and info.ref and self.pkg.find(info.ref):
                remove_media.add(self.pkg.find(info.ref) or info.ref)
        label = "" if self.config.label_style == "box" else self.label("PHOTO")
        for pic in pics:
            if pic.external:
                self.replace_external(pic, label)
        dims = {im.ref: (im.width, im.height) for im in self.document.images if im.ref}
        media = {p.media for p in pics if p.media and p.media in self.binary}
        for name in sorted(media):
            raw = self.binary[name]
            if name in remove_media:
                self.store_placeholder(name, raw, dims.get(name, (0, 0)), label)
                continue
            ext = _ext(name)
            if ext in VECTOR_EXT:
                if ext == "svg":
                    cleaned = self.clean_svg(raw)
                    if cleaned is not None:
                        self.binary[name] = cleaned
                        continue
                elif not self.needles.in_bytes(raw):
                    continue
                self.store_placeholder(name, raw, dims.get(name, (0, 0)), label)
                continue
            stripped = _strip_image(raw, self.config.limits.max_image_pixels)
            if stripped is None or self.needles.found(image_text(stripped[0])):
                self.store_placeholder(name, raw, dims.get(name, (0, 0)), label)
                continue
            out, fmt = stripped
            self.store_media(name, out, fmt)

    def clean_svg(self, raw: bytes) -> bytes | None:
        try:
            root = parse_xml(raw)
        except RedactorError:
            return None
        for el in list(root.iter()):
            if isinstance(el.tag, str) and _local(el.tag) in ("metadata", "title", "desc"):
                _remove(el)
        text = etree.tostring(root, encoding="unicode")
        if self.needles.found(text):
            return None
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8")

    def store_placeholder(self, name: str, raw: bytes, dims: tuple[int, int], label: str) -> None:
        width, height = dims
        if width <= 0 or height <= 0:
            with contextlib.suppress(Exception):
                from PIL import Image

                with Image.open(BytesIO(raw)) as img:
                    width, height = img.size
        self.store_media(name, _placeholder(width, height, label), "png")

    def store_media(self, name: str, data: bytes, fmt: str) -> None:
        ext = _ext(name)
        aliases = {"jpeg": ("jpg", "jpe", "jfif"), "tiff": ("tif",)}
        if ext == fmt or ext in aliases.get(fmt, ()):
            self.binary[name] = data
            return
        stem = name.rsplit(".", 1)[0] if ext else name
        new = self.unique_name(f"{stem}.{fmt}")
        self.binary.pop(name, None)
        self.binary[new] = data
        self.order.append(new)
        self.retarget(name, new)

    def unique_name(self, wanted: str) -> str:
        taken = {n.lower() for n in (*self.xml, *self.binary)}
        if wanted.lower() not in taken:
            return wanted
        stem, ext = wanted.rsplit(".", 1) if "." in posixpath.basename(wanted) else (wanted, "")
        n = 1
        while f"{stem}-{n}.{ext}".lower() in taken:
            n += 1
        return f"{stem}-{n}.{ext}"

    def retarget(self, old: str, new: str) -> None:
        """Point every internal relationship at ``old`` to ``new``."""
        for _name, source, root in self.rels_roots():
            for rel in root.iter(f"{{{PR_NS}}}Relationship"):
                if rel.get("TargetMode") == "External":
                    continue
                if resolve_target(source, rel.get("Target") or "").lower() == old.lower():
                    base = posixpath.dirname(source)
                    rel.set("Target", posixpath.relpath(new, base) if base else new)

    def replace_external(self, pic: Picture, label: str) -> None:
        """A linked picture leaks its path or URL: point it at an embedded placeholder instead."""
        rels = self.pkg.find(rels_name(pic.part))
        root = self.xml.get(rels) if rels else None
        if root is None:
            return
        for rel in root.iter(f"{{{PR_NS}}}Relationship"):
            if rel.get("Id") != pic.rid:
                continue
            if rel.get("TargetMode") == "External":
                new = self.unique_name(posixpath.join(posixpath.dirname(pic.part), "media", "redacted.png"))
                self.binary[new] = _placeholder(3, 4, label)
                self.order.append(new)
                base = posixpath.dirname(pic.part)
                rel.set("Target", posixpath.relpath(new, base) if base else new)
                del rel.attrib["TargetMode"]
        if pic.attr == r("link"):
            pic.el.attrib.pop(r("link"), None)
            if pic.el.get(r("embed")) is None:
                pic.el.set(r("embed"), pic.rid)

    # -- sweep, prune, write

    def sweep(self) -> None:
        """Blank redacted values left in attributes and loose text; rename parts whose name holds one."""
        if self.needles.pattern is None:
            return
        for name, root in self.xml.items():
            if name.lower() == "[content_types].xml":
                continue
            is_rels = name.lower().endswith(".rels")
            for el in root.iter():
                if not isinstance(el.tag, str):
                    continue
                for key, value in list(el.attrib.items()):
                    if is_rels and key in ("Target", "Id", "Type"):
                        continue
                    if self.needles.found(value):
                        el.set(key, "")
                if el.text and el not in self.paragraph_nodes and self.needles.found(el.text):
                    el.text = ""
                if el.tail and self.needles.found(el.tail):
                    el.tail = ""
        for name in list(self.binary):
            if self.needles.found(posixpath.basename(name).replace("_", " ").replace("-", " ")):
                new = self.unique_name(posixpath.join(posixpath.dirname(name), f"file.{_ext(name) or 'bin'}"))
                self.binary[new] = self.binary.pop(name)
                self.order.append(new)
                self.retarget(name, new)
        for name in list(self.xml):
            if rels_source(name) is not None or name.lower() == "[content_types].xml":
                continue
            if self.needles.found(posixpath.basename(name).replace("_", " ").replace("-", " ")):
                new = self.unique_name(posixpath.join(posixpath.dirname(name), f"part.{_ext(name) or 'xml'}"))
                self.xml[new] = self.xml.pop(name)
                old_rels = self.pkg.find(rels_name(name))
                if old_rels is not None and old_rels in self.xml:
                    self.xml[rels_name(new)] = self.xml.pop(old_rels)
                self.order.append(new)
                self.retarget(name, new)
                ct = self.content_types()
                for ov in ct.iter(f"{{{CT_NS}}}Override"):
                    if (ov.get("PartName") or "").lstrip("/").lower() == name.lower():
                        ov.set("PartName", "/" + new)

    def current_names(self) -> dict[str, str]:
        return {n.lower(): n for n in (*self.xml, *self.binary)}

    def prune(self) -> None:
        """Keep only parts reachable from the package relationships; drop relationships to missing parts."""
        for _ in range(3):
            names = self.current_names()
            reached: set[str] = set()
            queue = [""]
            while queue:
                source = queue.pop()
                rels = names.get(rels_name(source).lower())
                if rels is None or rels not in self.xml:
                    continue
                reached.add(rels)
                for rel in list(self.xml[rels].iter(f"{{{PR_NS}}}Relationship")):
                    if rel.get("TargetMode") == "External":
                        continue
                    target = names.get(resolve_target(source, rel.get("Target") or "").lower())
                    if target is None:
                        self.drop_rel(source, rel)
                        continue
                    if target not in reached:
                        reached.add(target)
                        queue.append(target)
            ct = self.pkg.find("[Content_Types].xml")
            for name in list(self.xml):
                if name not in reached and name != ct:
                    del self.xml[name]
            for name in list(self.binary):
                if name not in reached:
                    del self.binary[name]
            if not self.dropped_rels:
                break
            self.remove_dangling_refs()
        self.rebuild_content_types()

    def rebuild_content_types(self) -> None:
        ct = self.content_types()
        names = self.current_names()
        for ov in list(ct.iter(f"{{{CT_NS}}}Override")):
            if (ov.get("PartName") or "").lstrip("/").lower() not in names:
                _remove(ov)
        defaults = {(d.get("Extension") or "").lower() for d in ct.iter(f"{{{CT_NS}}}Default")}
        overridden = {(ov.get("PartName") or "").lstrip("/").lower()
                      for ov in ct.iter(f"{{{CT_NS}}}Override")}
        for low, name in names.items():
            ext = _ext(name)
            if low in overridden or not ext or ext in defaults or low == "[content_types].xml":
                continue
            if ext in MEDIA_TYPES:
                el = etree.Element(f"{{{CT_NS}}}Default", Extension=ext, ContentType=MEDIA_TYPES[ext])
                ct.insert(0, el)
                defaults.add(ext)

    def write(self) -> bytes:
        ct = self.pkg.find("[Content_Types].xml")
        assert ct is not None
        order = [ct]
        root_rels = self.current_names().get("_rels/.rels")
        if root_rels:
            order.append(root_rels)
        seen = set(order)
        for name in self.order:
            if name not in seen and (name in self.xml or name in self.binary):
                order.append(name)
                seen.add(name)
        for name in (*self.xml, *self.binary):
            if name not in seen:
                order.append(name)
                seen.add(name)
        out = BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for name in order:
                if name in self.xml:
                    data = etree.tostring(self.xml[name], xml_declaration=True, encoding="UTF-8",
                                          standalone=True)
                else:
                    data = self.binary[name]
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                zf.writestr(info, data)
        return out.getvalue()

