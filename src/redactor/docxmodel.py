"""Shared DOCX package walking for extract and redact: safe ZIP and XML reading, paragraphs, pictures."""

from __future__ import annotations

import contextlib
import posixpath
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from io import BytesIO
from urllib.parse import unquote

from lxml import etree

from redactor.config import Limits
from redactor.errors import (
    CorruptDocumentError,
    EncryptedDocumentError,
    LimitExceededError,
    UnsupportedFormatError,
)
from redactor.textnorm import normalize_word

# ----------------------------------------------------------------------------- namespaces

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
V_NS = "urn:schemas-microsoft-com:vml"
O_NS = "urn:schemas-microsoft-com:office:office"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"
EP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
W15_NS = "http://schemas.microsoft.com/office/word/2012/wordml"
ASVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def w(tag: str) -> str:
    """Clark name of a WordprocessingML element or attribute."""
    return f"{{{W_NS}}}{tag}"


def r(tag: str) -> str:
    """Clark name of a relationships attribute (r:id, r:embed, r:link)."""
    return f"{{{R_NS}}}{tag}"


PARAGRAPH_TAGS = (w("p"), f"{{{A_NS}}}p")
TEXT_TAGS = frozenset({w("t"), w("delText"), w("instrText"), w("delInstrText"), f"{{{A_NS}}}t",
                       f"{{{M_NS}}}t"})
FIXED_TAGS = {w("tab"): " ", w("ptab"): " ", w("br"): "\n", w("cr"): "\n", w("noBreakHyphen"): "-",
              f"{{{A_NS}}}br": "\n"}
RUN_PARENTS = frozenset({w("r"), f"{{{A_NS}}}p"})
TEXTBOX_TAGS = frozenset({w("txbxContent"), f"{{{V_NS}}}textbox"})
FLD_SIMPLE = w("fldSimple")
C_V = f"{{{C_NS}}}v"
INSTR_ATTR = w("instr")

# ----------------------------------------------------------------------------- limits

# EXIF Artist, ImageDescription, Copyright; Windows XPTitle, XPComment, XPAuthor, XPKeywords, XPSubject.
EXIF_TEXT_TAGS = (0x013B, 0x010E, 0x8298, 0x9C9B, 0x9C9C, 0x9C9D, 0x9C9E, 0x9C9F)
MAX_RATIO = 200  # uncompressed / compressed, for members over RATIO_MIN_BYTES
RATIO_MIN_BYTES = 1 << 20
_STRICT_RE = re.compile(rb"http://purl\.oclc\.org/ooxml/([A-Za-z]+)/([A-Za-z]+)((?:/[A-Za-z]+)?)")
_KEBAB = {b"extendedProperties": b"extended-properties", b"customProperties": b"custom-properties",
          b"/extendedProperties": b"/extended-properties", b"/customProperties": b"/custom-properties"}
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _strict_to_transitional(raw: bytes) -> bytes:
    """Rewrite ISO 29500 Strict namespace and relationship URIs to their Transitional equivalents."""

    def sub(m: re.Match[bytes]) -> bytes:
        second, third = m.group(2), m.group(3)
        return (b"http://schemas.openxmlformats.org/" + m.group(1) + b"/2006/" + _KEBAB.get(second, second)
                + _KEBAB.get(third, third))

    return _STRICT_RE.sub(sub, raw)


def _safe_name(name: str) -> bool:
    if not name or "\x00" in name or "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return False
    return all(seg not in ("..", ".") for seg in name.split("/"))


def is_xml_name(name: str) -> bool:
    """Whether a part is XML by its name (parts, relationships, legacy VML drawings)."""
    low = name.lower()
    return low.endswith((".xml", ".rels", ".vml")) or low == "[content_types].xml"


def parse_xml(raw: bytes, name: str = "") -> etree._Element:
    """Parse one untrusted XML part: no DTD, no entities, no network; Strict namespaces made Transitional.

    Raises:
        LimitExceededError: the part declares a DOCTYPE or entities (XXE, billion laughs).
        CorruptDocumentError: the part is not well-formed XML.
    """
    where = f" ({name})" if name else ""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise CorruptDocumentError(f"an XML part{where} has broken UTF-16 text") from None
        text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
        raw = text.encode("utf-8")
    elif raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        raise LimitExceededError(f"an XML part{where} declares a DOCTYPE or entities; such files are refused "
                                 "because they can read local files or expand without bound")
    if b"purl.oclc.org/ooxml" in raw:
        raw = _strict_to_transitional(raw)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False,
                             remove_blank_text=False)
    try:
        root = etree.fromstring(raw, parser)
    except etree.XMLSyntaxError:
        raise CorruptDocumentError(f"an XML part{where} is not well-formed") from None
    if root is None:
        raise CorruptDocumentError(f"an XML part{where} is empty")
    if root.getroottree().docinfo.doctype:
        raise LimitExceededError(f"an XML part{where} declares a DOCTYPE; such files are refused")
    root.attrib.pop(w("conformance"), None)
    return root


# ----------------------------------------------------------------------------- package


@dataclass(frozen=True, slots=True)
class Rel:
    """One relationship of a part."""

    id: str
    type: str
    target: str  # as written (percent-encoded for internal targets)
    external: bool

    @property
    def kind(self) -> str:
        """The last path segment of the relationship type, e.g. "hyperlink", "image", "header"."""
        return self.type.rstrip("/").rsplit("/", 1)[-1]


def rels_name(part: str) -> str:
    """The relationships part of a part ("" is the package itself)."""
    if not part:
        return "_rels/.rels"
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", base + ".rels")


def rels_source(rels: str) -> str | None:
    """The part a relationships part belongs to ("" for the package), or None if it is not one."""
    folder, base = posixpath.split(rels)
    if posixpath.basename(folder) != "_rels" or not base.endswith(".rels"):
        return None
    owner = posixpath.dirname(folder)
    stem = base[: -len(".rels")]
    return posixpath.join(owner, stem) if stem else ""


class Package:
    """The members of a checked DOCX ZIP, readable by name (OPC names are case-insensitive)."""

    def __init__(self, members: dict[str, bytes]) -> None:
        self.members = members
        self._lower = {n.lower(): n for n in members}

    @property
    def names(self) -> list[str]:
        return list(self.members)

    def find(self, name: str) -> str | None:
        """The stored spelling of a part name, or None."""
        return self._lower.get(name.lower().lstrip("/"))

    def read(self, name: str) -> bytes:
        return self.members[name]

    def xml(self, name: str) -> etree._Element:
        """A fresh parse of an XML part (callers may modify it)."""
        return parse_xml(self.members[name], name)

    def rels(self, part: str) -> list[Rel]:
        """The relationships of a part ("" for the package); [] when it has none."""
        name = self.find(rels_name(part))
        if name is None:
            return []
        return read_rels(self.xml(name))

    def resolve(self, source: str, target: str) -> str | None:
        """The stored part name an internal relationship target points to, or None."""
        return self.find(resolve_target(source, target))

    def main_part(self) -> str:
        """The main document part from the package relationships (word/document.xml by default)."""
        for rel in self.rels(""):
            if rel.kind == "officeDocument" and not rel.external:
                name = self.resolve("", rel.target)
                if name is not None:
                    return name
        name = self.find("word/document.xml")
        if name is None:
            raise CorruptDocumentError("the DOCX has no main document part")
        return name


def resolve_target(source: str, target: str) -> str:
    """Resolve a relationship target against its source part into a package part name."""
    target = unquote(target.split("#", 1)[0])
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    base = posixpath.dirname(source)
    return posixpath.normpath(posixpath.join(base, target)).lstrip("/")


def read_rels(root: etree._Element) -> list[Rel]:
    out = []
    for el in root.iter(f"{{{PR_NS}}}Relationship"):
        rid = el.get("Id") or ""
        out.append(Rel(rid, el.get("Type") or "", el.get("Target") or "", el.get("TargetMode") == "External"))
    return out


def open_package(data: bytes, limits: Limits) -> Package:
    """Check a DOCX ZIP against the limits and read its members.

    Raises:
        EncryptedDocumentError: a password-protected Office file (OLE container) or encrypted ZIP members.
        UnsupportedFormatError: an OLE container that is not an encrypted package.
        LimitExceededError: too many entries, too large uncompressed, or a suspicious compression ratio.
        CorruptDocumentError: not a readable ZIP, unsafe or duplicate member names.
    """
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise EncryptedDocumentError("the Word file is password protected; remove the password first")
        raise UnsupportedFormatError("an OLE container (legacy .doc?) is not a DOCX; convert it first")
    try:
        zf = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise CorruptDocumentError("the DOCX is not a readable ZIP container") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_docx_entries:
            raise LimitExceededError(f"the DOCX has {len(infos)} parts; "
                                     f"the limit is {limits.max_docx_entries}")
        limit = int(limits.max_docx_uncompressed_mb * 1024 * 1024)
        total = 0
        seen: set[str] = set()
        for info in infos:
            if not _safe_name(info.filename):
                raise CorruptDocumentError("the DOCX has a part with an unsafe name (absolute or '..' path)")
            low = info.filename.lower()
            if low in seen:
                raise CorruptDocumentError("the DOCX has two parts with the same name")
            seen.add(low)
            if info.flag_bits & 0x1:
                raise EncryptedDocumentError("the DOCX has encrypted ZIP members")
            total += info.file_size
            if total > limit:
                raise LimitExceededError("the DOCX unpacks to more than "
                                         f"{limits.max_docx_uncompressed_mb:g} MB")
            if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise LimitExceededError("a DOCX part has a compression ratio typical of a ZIP bomb")
        members: dict[str, bytes] = {}
        for info in infos:
            if info.is_dir():
                continue
            try:
                with zf.open(info) as fh:
                    raw = fh.read(info.file_size + 1)
            except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, ValueError):
                raise CorruptDocumentError("a DOCX part cannot be decompressed") from None
            except RuntimeError:
                raise EncryptedDocumentError("the DOCX has encrypted ZIP members") from None
            if len(raw) > info.file_size:
                raise CorruptDocumentError("a DOCX part is larger than its header says")
            members[info.filename] = raw
    if not any(n.lower() == "[content_types].xml" for n in members):
        raise CorruptDocumentError("the DOCX has no [Content_Types].xml")
    return Package(members)


# ----------------------------------------------------------------------------- paragraphs


@dataclass(slots=True)
class Segment:
    """A piece of a paragraph's text: an element's text or attribute (editable) or a fixed tab/break."""

    el: etree._Element
    attr: str | None  # None: the element's text
    editable: bool
    raw: str
    start: int = 0  # offsets in the paragraph's normalised text
    end: int = 0
    raw_start: list[int] = field(default_factory=list)  # per normalised char: its cluster's raw span
    raw_end: list[int] = field(default_factory=list)

    def get(self) -> str:
        if self.attr is None:
            return self.el.text or ""
        return self.el.get(self.attr) or ""

    def set(self, value: str) -> None:
        if self.attr is None:
            self.el.text = value
            if self.el.tag == w("t") and value != value.strip():
                self.el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        else:
            self.el.set(self.attr, value)


@dataclass(slots=True)
class Paragraph:
    """One w:p (or DrawingML a:p) with the text nodes whose nearest paragraph it is."""

    el: etree._Element
    index: int
    segments: list[Segment]
    text: str


def _clusters(raw: str) -> Iterator[tuple[int, int]]:
    """Spans of a base character plus its combining marks."""
    i = 0
    n = len(raw)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(raw[j]):
            j += 1
        yield i, j
        i = j


def _normalise(seg: Segment, offset: int) -> str:
    """Normalise a segment cluster by cluster, recording where each normalised char came from."""
    parts: list[str] = []
    seg.raw_start = []
    seg.raw_end = []
    pending: int | None = None  # start of invisible characters that belong to the next visible one
    for a, b in _clusters(seg.raw):
        norm = normalize_word(seg.raw[a:b])
        if not norm:
            pending = a if pending is None else pending
            continue
        parts.append(norm)
        seg.raw_start.extend([a if pending is None else pending] * len(norm))
        seg.raw_end.extend([b] * len(norm))
        pending = None
    if pending is not None and seg.raw_end:
        seg.raw_end[-1] = len(seg.raw)  # trailing invisible characters go with the last visible one
    text = "".join(parts)
    seg.start = offset
    seg.end = offset + len(text)
    return text


def _nearest_paragraph(el: etree._Element) -> etree._Element | None:
    node = el.getparent()
    while node is not None:
        if node.tag in PARAGRAPH_TAGS:
            return node
        node = node.getparent()
    return None


def paragraphs(root: etree._Element) -> list[Paragraph]:
    """Every paragraph of a part in document order, each with its own text (nested text boxes excluded)."""
    paras = [Paragraph(p, i, [], "") for i, p in enumerate(root.iter(*PARAGRAPH_TAGS))]
    by_el = {p.el: p for p in paras}
    tags = tuple(TEXT_TAGS) + tuple(FIXED_TAGS) + (FLD_SIMPLE,)
    for el in root.iter(*tags):
        para = _nearest_paragraph(el)
        if para is None or para not in by_el:
            continue
        owner = by_el[para]
        if el.tag == FLD_SIMPLE:
            owner.segments.append(Segment(el, INSTR_ATTR, True, el.get(INSTR_ATTR) or ""))
        elif el.tag in TEXT_TAGS:
            owner.segments.append(Segment(el, None, True, el.text or ""))
        elif el.getparent() is not None and el.getparent().tag in RUN_PARENTS:  # not tab stops in w:tabs
            owner.segments.append(Segment(el, None, False, FIXED_TAGS[el.tag]))
    for p in paras:
        pieces: list[str] = []
        pos = 0
        for seg in p.segments:
            if seg.editable:
                text = _normalise(seg, pos)
            else:
                text = seg.raw
                seg.start, seg.end = pos, pos + len(text)
            pieces.append(text)
            pos += len(text)
        p.text = "".join(pieces)
    return paras


def in_textbox(el: etree._Element) -> bool:
    """Whether an element sits inside a text box (DrawingML or VML) or is DrawingML text."""
    if el.tag == f"{{{A_NS}}}p":
        return True
    node = el.getparent()
    while node is not None:
        if node.tag in TEXTBOX_TAGS:
            return True
        node = node.getparent()
    return False


def map_span(para: Paragraph, start: int, end: int) -> list[tuple[Segment, int, int]]:
    """The editable raw pieces (segment, raw start, raw end) covering [start, end) of a paragraph's text."""
    out: list[tuple[Segment, int, int]] = []
    for seg in para.segments:
        if not seg.editable or seg.end <= start or seg.start >= end or seg.start == seg.end:
            continue
        a = max(start, seg.start) - seg.start
        b = min(end, seg.end) - seg.start
        out.append((seg, seg.raw_start[a], seg.raw_end[b - 1]))
    return out


def value_cells(root: etree._Element) -> list[Paragraph]:
    """Chart string values (``c:v`` that are not numbers), each as a one-segment pseudo-paragraph."""
    out: list[Paragraph] = []
    for i, el in enumerate(root.iter(C_V)):
        raw = el.text or ""
        try:
            float(raw)
            continue
        except ValueError:
            pass
        seg = Segment(el, None, True, raw)
        out.append(Paragraph(el, i, [seg], _normalise(seg, 0)))
    return out


def value_id(part: str, index: int) -> str:
    """The stable id of a chart value unit."""
    return f"{part}#v{index}"


def unit_id(part: str, index: int) -> str:
    """The stable id of a paragraph unit: part name and paragraph number in document order."""
    return f"{part}#p{index}"


# ----------------------------------------------------------------------------- parts and pictures

_KIND_BY_REL = {"header": "header", "footer": "footer", "footnotes": "footnote", "endnotes": "endnote",
                "comments": "comment", "glossaryDocument": "glossary"}
_KIND_BY_NAME = (("glossary/", "glossary"), ("header", "header"), ("footer", "footer"),
                 ("footnotes", "footnote"), ("endnotes", "endnote"), ("comments", "comment"))


def text_parts(pkg: Package) -> list[tuple[str, str]]:
    """XML parts that can hold paragraphs, with their channel kind; the main document first."""
    main = pkg.main_part()
    kinds: dict[str, str] = {main: "body"}
    for rel in pkg.rels(main):
        kind = _KIND_BY_REL.get(rel.kind)
        if kind and not rel.external:
            name = pkg.resolve(main, rel.target)
            if name is not None:
                kinds.setdefault(name, kind)
    out = [(main, "body")]
    for name in sorted(pkg.names):
        low = name.lower()
        if name == main or not is_xml_name(name) or low.endswith(".rels") or low == "[content_types].xml":
            continue
        if low.startswith(("docprops/", "customxml/")):
            continue
        kind = kinds.get(name)
        if kind is None:
            base = low
            kind = next((k for pat, k in _KIND_BY_NAME if pat in base), "other")
        out.append((name, kind))
    return out


@dataclass(frozen=True, slots=True)
class Picture:
    """A picture reference in a part: the element holding the relationship id and where it points."""

    id: str
    part: str
    rid: str
    el: etree._Element
    attr: str  # the attribute holding rid
    media: str  # stored part name; "" when external or missing
    external: bool


_PICTURE_REFS = (
    (f"{{{A_NS}}}blip", (r("embed"), r("link"))),
    (f"{{{V_NS}}}imagedata", (r("id"), r("href"), f"{{{O_NS}}}relid")),
    (f"{{{V_NS}}}fill", (r("id"),)),
    (f"{{{ASVG_NS}}}svgBlip", (r("embed"), r("link"))),
)


def pictures(pkg: Package, part: str, root: etree._Element) -> list[Picture]:
    """Every image reference (DrawingML blip, SVG blip, VML imagedata/fill) in a part, in document order."""
    rels = {rel.id: rel for rel in pkg.rels(part)}
    tags = {tag: attrs for tag, attrs in _PICTURE_REFS}
    out: list[Picture] = []
    for el in root.iter(*tags):
        for attr in tags[el.tag]:
            rid = el.get(attr)
            if not rid or rid not in rels:
                continue
            rel = rels[rid]
            if rel.kind not in ("image", "hdphoto") and not rel.external:
                continue
            media = "" if rel.external else (pkg.resolve(part, rel.target) or "")
            out.append(Picture(f"{part}:{rid}:{len(out)}", part, rid, el, attr, media, rel.external))
    return out


def containing(el: etree._Element, tag: str) -> etree._Element | None:
    """The nearest ancestor with a tag, or None."""
    node = el.getparent()
    while node is not None:
        if node.tag == tag:
            return node
        node = node.getparent()
    return None


def image_text(raw: bytes) -> str:
    """Text an image carries about its author or subject: EXIF/XP tags and PNG/GIF text chunks."""
    from PIL import Image

    values: list[str] = []
    with contextlib.suppress(Exception), Image.open(BytesIO(raw)) as img:
        exif = img.getexif()
        for tag in EXIF_TEXT_TAGS:
            value = exif.get(tag)
            if isinstance(value, bytes):
                value = value.decode("utf-16-le" if tag >= 0x9C9B else "latin-1", "ignore")
            if isinstance(value, str):
                values.append(value.strip("\x00 "))
        with contextlib.suppress(Exception):
            user = exif.get_ifd(0x8769).get(0x9286)
            if isinstance(user, bytes):
                values.append(user[8:].decode("utf-8", "ignore").strip("\x00 "))
        for key, value in img.info.items():
            if isinstance(value, bytes) and key == "xmp":
                value = value.decode("utf-8", "ignore")
            if isinstance(value, str) and key not in ("icc_profile", "exif", "transparency"):
                values.append(re.sub(r"<[^>]+>", " ", value))  # XMP and other XML text: tags dropped
    return "\n".join(v for v in values if v.strip())
