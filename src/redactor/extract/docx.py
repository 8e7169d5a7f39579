"""DOCX extraction with lxml: a unit per paragraph of every part, plus metadata, links, alt text, images."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from io import BytesIO
from urllib.parse import unquote

from lxml import etree

from redactor.config import Config
from redactor.docxmodel import (
    CP_NS,
    CUSTOM_NS,
    DC_NS,
    EP_NS,
    O_NS,
    PIC_NS,
    V_NS,
    W15_NS,
    W_NS,
    WP_NS,
    Package,
    containing,
    image_text,
    in_textbox,
    open_package,
    paragraphs,
    pictures,
    r,
    read_rels,
    rels_source,
    text_parts,
    unit_id,
    value_cells,
    value_id,
    w,
)
from redactor.errors import CorruptDocumentError, RedactorError
from redactor.textnorm import normalize_text
from redactor.types import Document, ImageInfo, TextUnit, Word

# Pictures anchored in the first paragraphs of the body sit in the personal-details area of a CV.
PERSONAL_PARAGRAPHS = 10
CORE_REFS = {f"{{{DC_NS}}}creator": "author", f"{{{CP_NS}}}lastModifiedBy": "lastModifiedBy",
             f"{{{DC_NS}}}title": "title", f"{{{DC_NS}}}subject": "subject",
             f"{{{DC_NS}}}description": "description", f"{{{CP_NS}}}keywords": "keywords",
             f"{{{CP_NS}}}category": "category", f"{{{CP_NS}}}contentStatus": "contentStatus",
             f"{{{DC_NS}}}identifier": "identifier"}
APP_REFS = {"Company": "company", "Manager": "manager", "Template": "template",
            "HyperlinkBase": "hyperlinkBase"}
ALT_ATTRS = ("descr", "title", "name")
AUTHOR_XPATH = etree.XPath(
    "//@w:author | //@w:initials | //w15:person/@w15:author | //w15:presenceInfo/@w15:userId",
    namespaces={"w": W_NS, "w15": W15_NS},
)


def _words(text: str) -> tuple[Word, ...]:
    return tuple(Word(m.start(), m.end()) for m in re.finditer(r"\S+", text))


def _unit(uid: str, text: str, kind: str, ref: str) -> TextUnit:
    return TextUnit(id=uid, text=text, kind=kind, page=None, words=_words(text), ref=ref)


def _value_unit(uid: str, value: str, kind: str, ref: str) -> TextUnit | None:
    text = normalize_text(value)
    return _unit(uid, text, kind, ref) if text else None


def _filename_text(stem: str) -> str:
    """File names separate words with _ - . and +; make them readable for detection."""
    return "".join(" " if ch in "_-.+" else ch for ch in stem)


def _paragraph_units(pkg: Package, part: str, kind: str, root: etree._Element) -> Iterator[TextUnit]:
    for para in paragraphs(root):
        if not para.text.strip():
            continue
        boxed = kind in ("body", "header", "footer", "other") and in_textbox(para.el)
        unit_kind = "textbox" if boxed else kind
        if unit_kind == "other":
            unit_kind = "body"
        yield _unit(unit_id(part, para.index), para.text, unit_kind, part)
    for cell in value_cells(root):
        if cell.text.strip():
            yield _unit(value_id(part, cell.index), cell.text, "textbox", part)


def _alt_units(part: str, root: etree._Element) -> Iterator[TextUnit]:
    n = 0
    targets = ((f"{{{WP_NS}}}docPr", ALT_ATTRS), (f"{{{PIC_NS}}}cNvPr", ALT_ATTRS),
               (f"{{{V_NS}}}shape", ("alt", f"{{{O_NS}}}title")),
               (f"{{{V_NS}}}imagedata", (f"{{{O_NS}}}title", f"{{{O_NS}}}href")))
    table = dict(targets)
    for el in root.iter(*table, w("tblCaption"), w("tblDescription")):
        attrs = table.get(el.tag, (w("val"),))
        for attr in attrs:
            unit = _value_unit(f"{part}#alt{n}", el.get(attr) or "", "alt", part)
            if unit is not None:
                n += 1
                yield unit
    for i, el in enumerate(root.iter(w("hyperlink"))):
        unit = _value_unit(f"{part}#tip{i}", el.get(w("tooltip")) or "", "link", part)
        if unit is not None:
            yield unit


def _authors(root: etree._Element) -> Iterator[str]:
    for value in AUTHOR_XPATH(root):
        yield str(value)


def _metadata_units(pkg: Package) -> Iterator[TextUnit]:
    core = pkg.find("docProps/core.xml")
    if core is not None:
        root = pkg.xml(core)
        for el in root:
            ref = CORE_REFS.get(el.tag)
            if ref:
                unit = _value_unit(f"meta:{ref}", el.text or "", "metadata", ref)
                if unit is not None:
                    yield unit
    app = pkg.find("docProps/app.xml")
    if app is not None:
        root = pkg.xml(app)
        for el in root:
            local = etree.QName(el).localname
            if local in APP_REFS:
                unit = _value_unit(f"meta:app.{local}", el.text or "", "metadata", APP_REFS[local])
                if unit is not None:
                    yield unit
        for i, el in enumerate(root.iter(f"{{{EP_NS}}}TitlesOfParts")):
            text = "\n".join(t.text or "" for t in el.iter() if t.text and t.text.strip())
            unit = _value_unit(f"meta:app.titles{i}", text, "metadata", "title")
            if unit is not None:
                yield unit
        for i, el in enumerate(root.iter(f"{{{EP_NS}}}HLinks")):
            text = "\n".join(t.text or "" for t in el.iter() if t.text and t.text.strip())
            unit = _value_unit(f"meta:app.hlinks{i}", text, "link", "hlinks")
            if unit is not None:
                yield unit
    custom = pkg.find("docProps/custom.xml")
    if custom is not None:
        root = pkg.xml(custom)
        for i, prop in enumerate(root.iter(f"{{{CUSTOM_NS}}}property")):
            value = " ".join(t.text or "" for t in prop.iter() if t.text and t.text.strip())
            unit = _value_unit(f"meta:custom{i}", value, "metadata", prop.get("name") or "custom")
            if unit is not None:
                yield unit
    for name in sorted(pkg.names):
        low = name.lower()
        if low.startswith("customxml/") and low.endswith(".xml") and "/itemprops" not in low:
            root = pkg.xml(name)
            values = [t.text for t in root.iter() if isinstance(t.tag, str) and t.text and t.text.strip()]
            values += [v for t in root.iter() for k, v in t.attrib.items()
                       if v.strip() and not v.startswith(("http://", "urn:")) and "}" not in k]
            unit = _value_unit(f"meta:{name}", "\n".join(values), "metadata", "customXml")
            if unit is not None:
                yield unit


def _settings_units(pkg: Package, main: str) -> Iterator[TextUnit]:
    settings = None
    for rel in pkg.rels(main):
        if rel.kind == "settings" and not rel.external:
            settings = pkg.resolve(main, rel.target)
    if settings is None:
        return
    root = pkg.xml(settings)
    for i, var in enumerate(root.iter(w("docVar"))):
        text = " ".join(v for v in (var.get(w("name")), var.get(w("val"))) if v)
        unit = _value_unit(f"meta:docVar{i}", text, "metadata", "docVar")
        if unit is not None:
            yield unit
    for i, mm in enumerate(root.iter(w("mailMerge"))):
        values = [v for el in mm.iter() for v in el.attrib.values() if len(v) > 2]
        unit = _value_unit(f"meta:mailMerge{i}", "\n".join(values), "metadata", "mailMerge")
        if unit is not None:
            yield unit
    for rel in pkg.rels(settings):
        if rel.kind == "attachedTemplate":
            text = _readable_target(rel.target)
            unit = _value_unit(f"meta:template:{rel.id}", text, "metadata", "template")
            if unit is not None:
                yield unit


def _readable_target(target: str) -> str:
    return unquote(target).replace("\\", "/")


def _link_units(pkg: Package) -> Iterator[TextUnit]:
    for name in sorted(pkg.names):
        if not name.lower().endswith(".rels"):
            continue
        if rels_source(name) is None:
            continue
        for rel in read_rels(pkg.xml(name)):
            if not rel.external or rel.kind == "attachedTemplate":
                continue
            unit = _value_unit(f"{name}#{rel.id}", _readable_target(rel.target), "link", name)
            if unit is not None:
                yield unit


def _first_section_headers(pkg: Package, main: str, root: etree._Element) -> set[str]:
    sect = next(root.iter(w("sectPr")), None)
    if sect is None:
        return set()
    rels = {rel.id: rel for rel in pkg.rels(main)}
    out: set[str] = set()
    for ref in sect.iter(w("headerReference")):
        rel = rels.get(ref.get(r("id")) or "")
        if rel is not None and not rel.external:
            name = pkg.resolve(main, rel.target)
            if name:
                out.add(name)
    return out


def _image_size(pkg: Package, media: str) -> tuple[int, int]:
    if not media:
        return 0, 0
    with contextlib.suppress(Exception):
        from PIL import Image

        with Image.open(BytesIO(pkg.read(media))) as img:
            return int(img.width), int(img.height)
    return 0, 0


def _images(pkg: Package, parts: list[tuple[str, str]], roots: dict[str, etree._Element]) -> list[ImageInfo]:
    """One ImageInfo per picture reference (external ones with ``ref=""``).

    ``personal_area`` (where a CV puts the applicant's photo) is a simple, documented rule: the picture is in
    a header of the first section, or anchored in one of the first PERSONAL_PARAGRAPHS paragraphs of the body
    (a text box counts by its anchoring paragraph), or in a table row that holds one of those paragraphs.
    """
    main = parts[0][0]
    first_headers = _first_section_headers(pkg, main, roots[main])
    early: set[etree._Element] = set()
    body_paras = list(roots[main].iter(w("p")))
    early.update(body_paras[:PERSONAL_PARAGRAPHS])
    out: list[ImageInfo] = []
    for part, kind in parts:
        if kind in ("comment", "glossary"):
            continue  # dropped parts: their pictures go with them
        root = roots[part]
        for pic in pictures(pkg, part, root):
            if pic.el.tag.endswith("}svgBlip"):
                continue  # the SVG twin of a blip is handled with its PNG fallback
            personal = part in first_headers
            if part == main and not personal:
                para = containing(pic.el, w("p"))
                outer = para
                while outer is not None and containing(outer, w("p")) is not None:
                    outer = containing(outer, w("p"))  # text box paragraphs: use the anchoring paragraph
                row = containing(pic.el, w("tr"))
                personal = (outer in early) or (row is not None and any(p in early for p in row.iter(w("p"))))
            width, height = _image_size(pkg, pic.media)
            out.append(ImageInfo(id=pic.id, page=None, bbox=None, width=width, height=height,
                                 ref=pic.media, personal_area=personal))
    return out


def _media_units(pkg: Package, images: list[ImageInfo]) -> Iterator[TextUnit]:
    for i, ref in enumerate(dict.fromkeys(im.ref for im in images if im.ref)):
        with contextlib.suppress(Exception):
            unit = _value_unit(f"{ref}#meta{i}", image_text(pkg.read(ref)), "metadata", "image")
            if unit is not None:
                yield unit


def _page_count(pkg: Package) -> int:
    app = pkg.find("docProps/app.xml")
    if app is None:
        return 1
    with contextlib.suppress(Exception):
        pages = pkg.xml(app).find(f"{{{EP_NS}}}Pages")
        if pages is not None and pages.text:
            return max(1, int(pages.text.strip()))
    return 1


def extract_docx(data: bytes, config: Config, *, filename: str | None = None) -> Document:
    """Extract every text channel of a DOCX into a Document.

    Args:
        data: the untrusted DOCX bytes.
        config: limits.
        filename: the original file name, itself a channel that can name the applicant.
    Returns:
        A Document with one unit per paragraph of every XML part (ids ``<part>#p<n>``), plus units for
        properties, docVars, customXml, link targets, alt text, authors, the template path and the filename,
        and one ImageInfo per picture reference.
    Raises:
        CorruptDocumentError, EncryptedDocumentError, LimitExceededError, UnsupportedFormatError.
    """
    try:
        return _extract(data, config, filename)
    except (RedactorError, MemoryError):
        raise
    except Exception as exc:  # fail closed with a clear error on anything the checks above did not foresee
        raise CorruptDocumentError(f"the DOCX cannot be read ({type(exc).__name__})") from None


def _extract(data: bytes, config: Config, filename: str | None) -> Document:
    pkg = open_package(data, config.limits)
    parts = text_parts(pkg)
    roots = {name: pkg.xml(name) for name, _kind in parts}
    units: list[TextUnit] = []
    warnings: list[str] = []
    authors: dict[str, None] = {}
    for name, kind in parts:
        root = roots[name]
        units.extend(_paragraph_units(pkg, name, kind, root))
        units.extend(_alt_units(name, root))
        for value in _authors(root):
            if value.strip():
                authors.setdefault(value.strip(), None)
        if next(root.iter(w("altChunk")), None) is not None:
            warnings.append("the DOCX imports content from an embedded file (altChunk); it was removed")
        if next(root.iter("{urn:schemas-microsoft-com:office:office}OLEObject"), None) is not None:
            warnings.append("the DOCX has embedded objects; they were removed and only their preview kept")
    for name in pkg.names:
        if name.lower() == "word/people.xml":
            authors.update(dict.fromkeys(v for v in _authors(pkg.xml(name)) if v.strip()))
    for i, author in enumerate(authors):
        unit = _value_unit(f"author:{i}", author, "metadata", "author")
        if unit is not None:
            units.append(unit)
    units.extend(_metadata_units(pkg))
    units.extend(_settings_units(pkg, parts[0][0]))
    units.extend(_link_units(pkg))
    if filename:
        stem = filename.replace("\\", "/").rsplit("/", 1)[-1]
        unit = _value_unit("filename", _filename_text(stem), "filename", "filename")
        if unit is not None:
            units.append(unit)
    images = _images(pkg, parts, roots)
    units.extend(_media_units(pkg, images))
    return Document(format="docx", page_count=_page_count(pkg), units=tuple(units), images=tuple(images),
                    warnings=tuple(dict.fromkeys(warnings)))
