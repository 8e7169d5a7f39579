"""Images present in an output but not drawn: a removed photo must not stay extractable anywhere in the file.

Image extraction tools list every image object of a PDF, drawn or not: one left in a resource dictionary
(shared between pages, left unused by LibreOffice and other producers), in a page thumbnail or as an
alternate image is there for anyone who looks. This module walks the output independently of how it was
written (its own content-stream walk with pikepdf) and names what no page draws; for DOCX, media parts that
no relationship in use points to.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from io import BytesIO

_MAX_DEPTH = 12


def undrawn_pdf_images(data: bytes) -> list[str]:
    """Object ids ("12 0") of image XObjects in the file that no page draws (directly, through form XObjects
    or patterns, or as the soft mask of a drawn image). Empty when pikepdf is not installed."""
    try:
        import pikepdf
    except ImportError:
        return []
    with pikepdf.open(BytesIO(data)) as pdf:
        images = {}
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Image and obj.is_indirect:
                images[obj.objgen] = obj
        if not images:
            return []
        drawn: set[tuple[int, int]] = set()
        for page in pdf.pages:
            _walk(page.obj, page.obj.get("/Resources"), drawn, set(), pikepdf, 0)
        for og in list(drawn):  # masks of drawn images are part of them
            img = images.get(og)
            for key in ("/SMask", "/Mask"):
                mask = img.get(key) if img is not None else None
                if isinstance(mask, pikepdf.Stream) and mask.is_indirect:
                    drawn.add(mask.objgen)
        return [f"{og[0]} {og[1]}" for og in images if og not in drawn]


def _walk(container, resources, drawn: set[tuple[int, int]], seen: set[tuple[int, int]], pikepdf,  # type: ignore[no-untyped-def]
          depth: int) -> None:
    """Mark the images ``container`` (a page or form XObject) invokes with ``Do``, recursively."""
    if depth > _MAX_DEPTH or resources is None:
        return
    try:
        xobjects = resources.get("/XObject")
        names: set[str] = set()
        for operands, _op in pikepdf.parse_content_stream(container, "Do"):
            if operands:
                names.add(str(operands[0]))
    except Exception:
        xobjects = resources.get("/XObject")
        names = {str(k) for k in (xobjects.keys() if xobjects is not None else ())}  # unparsable: all count
    if xobjects is not None:
        for name in names:
            xo = xobjects.get(name)
            if not isinstance(xo, pikepdf.Stream):
                continue
            og = xo.objgen
            subtype = xo.get("/Subtype")
            if subtype == pikepdf.Name.Image:
                drawn.add(og)
            elif subtype == pikepdf.Name.Form and og not in seen:
                seen.add(og)
                _walk(xo, xo.get("/Resources") or resources, drawn, seen, pikepdf, depth + 1)
    patterns = resources.get("/Pattern")
    if patterns is not None:
        for pat in patterns.values():
            if isinstance(pat, pikepdf.Stream) and pat.objgen not in seen:
                seen.add(pat.objgen)
                _walk(pat, pat.get("/Resources"), drawn, seen, pikepdf, depth + 1)


_REL_ID = re.compile(r'\bId="([^"]+)"')


def unreferenced_docx_media(data: bytes) -> list[str]:
    """Media parts (images) of a DOCX that no relationship in use points to: a relationship whose Id no
    element of its source part mentions, or no relationship at all."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    used: set[str] = set()
    with zipfile.ZipFile(BytesIO(data)) as zf:
        names = zf.namelist()
        media = {n for n in names if "/media/" in n.lower() or n.lower().startswith("media/")}
        if not media:
            return []
        lower = {n.lower(): n for n in names}
        for rels in names:
            if not rels.lower().endswith(".rels"):
                continue
            folder, base = posixpath.split(rels)
            source = posixpath.join(posixpath.dirname(folder), base[:-5])
            source_xml = zf.read(lower[source.lower()]) if source.lower() in lower else b""
            root = etree.fromstring(zf.read(rels), parser)
            if root is None:
                continue
            for rel in root:
                target = rel.get("Target") or ""
                if rel.get("TargetMode") == "External":
                    continue
                path = posixpath.normpath(posixpath.join(posixpath.dirname(source), target)).lstrip("/")
                if target.startswith("/"):
                    path = target.lstrip("/")
                rid = rel.get("Id") or ""
                if source == "" or (rid and f'"{rid}"'.encode() in source_xml):
                    used.add(path.lower())
    return sorted(n for n in media if n.lower() not in used)
