"""DOCX templates built with python-docx/lxml the way Word templates are laid out (a shaded sidebar table,
label/value tables, a text box holding the name and contact block, a letter), kept as DOCX or exported to
PDF by LibreOffice (``soffice --headless --convert-to pdf``)."""

from __future__ import annotations

import datetime as dt
import io
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Pt, RGBColor
from model import Content, Doc, Line, V, personal_v

ACCENT = RGBColor(0x1F, 0x4E, 0x79)
FIXED = dt.datetime(2026, 11, 20, 9, 0, 0)


def _shade(cell, fill: str) -> None:
    shd = f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>'
    cell._tc.get_or_add_tcPr().append(parse_xml(shd))


def _no_borders(table) -> None:
    borders = parse_xml(f'<w:tblBorders {nsdecls("w")}>' + "".join(
        f'<w:{b} w:val="nil"/>' for b in ("top", "left", "bottom", "right", "insideH", "insideV")) + "</w:tblBorders>")
    table._tbl.tblPr.append(borders)


def _para(container, doc: Doc, line: Line | str | V, *, bold: bool = False, size: float | None = None,
          color: RGBColor | None = None, split_runs: bool = False):
    """A paragraph whose text is the line; values become their own runs (``split_runs`` splits a name
    over several runs, as Word does after editing)."""
    p = container.add_paragraph()
    segs = [line] if isinstance(line, (str, V)) else line
    for seg in segs:
        text = doc.t(seg)
        pieces = [text]
        if split_runs and isinstance(seg, V) and seg.cat == "NAME" and len(text) > 4:
            cut = len(text) // 2
            pieces = [text[:cut], text[cut:]]
        for piece in pieces:
            run = p.add_run(piece)
            run.bold = bold
            if size:
                run.font.size = Pt(size)
            if color is not None:
                run.font.color.rgb = color
    return p


def _heading(container, text: str) -> None:
    p = container.add_paragraph()
    run = p.add_run(text.upper())
    run.bold = True
    run.font.size = Pt(11)
    run.font.color.rgb = ACCENT


def _textbox(body_p, doc: Doc, lines: list[Line]) -> None:
    """A VML text box (w:pict/v:shape/v:textbox/w:txbxContent) anchored in a paragraph."""
    paras = []
    for ln in lines:
        text = doc.t(ln)
        paras.append('<w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr><w:r><w:rPr>'
                     f'<w:color w:val="FFFFFF"/></w:rPr><w:t xml:space="preserve">{_xml(text)}</w:t></w:r></w:p>')
    xml = (f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml" '
           'xmlns:o="urn:schemas-microsoft-com:office:office"><w:pict>'
           '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">'
           '<v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>'
           '<v:shape id="contactbox" o:spid="_x0000_s1026" type="#_x0000_t202" '
           'style="position:absolute;margin-left:0;margin-top:0;'
           'width:480pt;height:150pt;z-index:1;mso-position-horizontal:center" fillcolor="#1F4E79" stroked="f">'
           '<v:textbox><w:txbxContent>' + "".join(paras) + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>")
    body_p._p.append(parse_xml(xml))


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _contact_lines(doc: Doc, c: Content, da: bool, *, labels: bool) -> list[Line]:
    out: list[Line] = []
    for kind, label, vals in c.contact:
        if kind == "address":
            out.append(([f"{label}: "] if labels else []) + [x for v in vals for x in (v, ", ")][:-1])
        elif kind == "linkedin":
            out.append(["linkedin.com/in/", vals[0]])
        elif kind == "github":
            out.append(["github.com/", vals[0]])
        else:
            out.append(([f"{label}: "] if labels else []) + [vals[0]])
    return out


def build_docx(doc: Doc, c: Content, rng: random.Random, template: str) -> bytes:
    da = doc.lang == "da"
    d = Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(1.8)
    sec.top_margin = sec.bottom_margin = Cm(1.5)
    style = d.styles["Normal"]
    style.font.name = rng.choice(["Calibri", "Arial", "Georgia"])
    style.font.size = Pt(10)
    cp = d.core_properties
    cp.author = doc.t(c.name)
    cp.last_modified_by = cp.author
    letter = template in ("letter", "application")
    cp.title = ("Ansøgning" if da else "Application") if letter else "CV"
    cp.created = cp.modified = FIXED
    cp.revision = 3
    if letter:
        rec = c.letter
        for ln in [[c.name]] + _contact_lines(doc, c, da, labels=False)[:3]:
            p = _para(d, doc, ln, bold=ln == [c.name], size=14 if ln == [c.name] else None)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _para(d, doc, [V(rec["employer"])])
        _para(d, doc, ["Att.: " if da else "Attn: ", rec["recipient"]])
        _para(d, doc, rec["date"]).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _para(d, doc, [rec["opening"], rec["recipient"], ","])
        _para(d, doc, rec["body"])
        _para(d, doc, c.profile)
        _para(d, doc, rec["closing"])
        _para(d, doc, [c.name], split_runs=True)
        sec.footer.paragraphs[0].text = doc.t(c.name) + " \u2013 " + ("Ansøgning" if da else "Application")
        if template == "application":
            d.add_page_break()
    if template in ("table", "textbox", "application"):
        if template == "textbox":
            anchor = d.add_paragraph()
            lines: list[Line] = [[c.name], [c.headline]] + _contact_lines(doc, c, da, labels=False)
            _textbox(anchor, doc, lines)
            for _ in range(9):
                d.add_paragraph()
        else:
            _para(d, doc, [c.name], bold=True, size=20, color=ACCENT, split_runs=True)
            _para(d, doc, [c.headline], size=12)
        _heading(d, "Personlige oplysninger" if da else "Personal details")
        rows: list[tuple[str, Line | None, str, str]] = []
        if template == "table":
            for _kind, label, vals in c.contact:
                rows.append((label, [x for v in vals for x in (v, ", ")][:-1], "", ""))
        for label, value, cat in c.personal:
            rows.append((label, None, value, cat))
        t = d.add_table(rows=0, cols=2)
        t.style = "Table Grid"
        for label, line, value, cat in rows:
            cells = t.add_row().cells
            cells[0].text = label
            cells[0].paragraphs[0].runs[0].bold = True
            if line is not None:
                cells[1].text = doc.t(line)
            else:
                doc.use(personal_v(label, value, cat, inline=False))
                cells[1].text = value
        _heading(d, "Profil" if da else "Profile")
        _para(d, doc, c.profile)
        _heading(d, "Erhvervserfaring" if da else "Work experience")
        t = d.add_table(rows=0, cols=2)
        for e in c.experience:
            cells = t.add_row().cells
            cells[0].text = doc.t(e["period"])
            cells[1].text = ""
            _fill(cells[1], doc, [[e["title"]], [e["employer"], ", " + e["town"]], [e["desc"]]])
        _heading(d, "Uddannelse" if da else "Education")
        t = d.add_table(rows=0, cols=2)
        for e in c.education:
            cells = t.add_row().cells
            cells[0].text = doc.t(e["period"])
            _fill(cells[1], doc, [[e["degree"]], [e["school"]]])
        _heading(d, "Kompetencer" if da else "Skills")
        _para(d, doc, [x for s in c.skills for x in (s, ", ")][:-1])
        _heading(d, "Sprog" if da else "Languages")
        t = d.add_table(rows=0, cols=1)
        for ln in c.languages:
            t.add_row().cells[0].text = doc.t(ln)
        if rng.random() < 0.6:
            _heading(d, "Referencer" if da else "References")
            for name, role, phone in c.references:
                _para(d, doc, [name, f", {role}, ", phone])
    elif template in ("sidebar", "photo"):  # one-row two-column table, shaded left cell
        t = d.add_table(rows=1, cols=2)
        _no_borders(t)
        left, right = t.rows[0].cells
        left.width, right.width = Cm(6), Cm(11.4)
        _shade(left, "DCE6F1")
        left.paragraphs[0].text = ""
        if template == "photo":  # a portrait placeholder whose alt text Word users fill with their name
            run = left.paragraphs[0].add_run()
            run.add_picture(io.BytesIO(_silhouette()), width=Cm(3))
            for pr in run._r.xpath(".//wp:docPr"):
                pr.set("descr", f"{'Foto af' if da else 'Photo of'} {doc.t(c.name)}")
                pr.set("name", "Billede 1" if da else "Picture 1")
        _para(left, doc, [c.name], bold=True, size=16, color=ACCENT)
        if c.script_name is not None:
            _para(left, doc, [c.script_name])
        _para(left, doc, [c.headline])
        _heading(left, "Kontakt" if da else "Contact")
        for ln in _contact_lines(doc, c, da, labels=True):
            _para(left, doc, ln)
        for label, value, cat in c.personal:
            _para(left, doc, [personal_v(label, value, cat, inline=True)])
        _heading(left, "Sprog" if da else "Languages")
        for ln in c.languages:
            _para(left, doc, ln)
        _heading(left, "IT")
        for s in c.skills:
            _para(left, doc, [s])
        right.paragraphs[0].text = ""
        _heading(right, "Profil" if da else "Profile")
        _para(right, doc, c.profile)
        _heading(right, "Erfaring" if da else "Experience")
        for e in c.experience:
            _para(right, doc, [e["period"]], size=8.5)
            _para(right, doc, [e["title"], " \u2013 ", e["employer"]], bold=True)
            _para(right, doc, [e["desc"]])
        _heading(right, "Uddannelse" if da else "Education")
        for e in c.education:
            _para(right, doc, [e["period"]], size=8.5)
            _para(right, doc, [e["degree"]], bold=True)
            _para(right, doc, [e["school"]])
        hdr = sec.header.paragraphs[0]
        hdr.text = doc.t(c.name) + " | CV"
    if rng.random() < 0.35:
        _tracked_deletion(d, doc, c, rng)
    if rng.random() < 0.4:
        # a Word comment the applicant left: its author and initials are the applicant's
        target = next((p for p in d.paragraphs if p.runs), None)
        if target is not None:
            d.add_comment(target.runs, text="Husk at opdatere" if da else "Update before sending",
                          author=doc.t(c.name), initials="".join(w[0] for w in doc.person.full.split()))
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _tracked_deletion(d, doc: Doc, c: Content, rng: random.Random) -> None:
    """A tracked change left in the file: the applicant's earlier phone number deleted (still in the XML as
    w:delText), the revision's author attribute is the applicant's name."""
    from personas import dk_phone

    old = V(dk_phone(rng), "PHONE")
    paragraphs = d.element.body.xpath(".//w:p[w:r]")  # also inside tables
    if not paragraphs:
        return
    author = _xml(doc.t(c.name))
    text = _xml(doc.t(old))
    xml = (f'<w:del {nsdecls("w")} w:id="90" w:author="{author}" w:date="2026-11-18T20:14:00Z">'
           f'<w:r><w:delText xml:space="preserve"> Tlf. {text}</w:delText></w:r></w:del>')
    paragraphs[-1].append(parse_xml(xml))


def _silhouette() -> bytes:
    """A grey head-and-shoulders placeholder portrait (PNG)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (240, 300), (205, 210, 218))
    draw = ImageDraw.Draw(img)
    draw.ellipse((75, 45, 165, 145), fill=(150, 158, 170))
    draw.ellipse((30, 160, 210, 360), fill=(150, 158, 170))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def _fill(cell, doc: Doc, lines: list[Line]) -> None:
    cell.paragraphs[0].text = doc.t(lines[0])
    for ln in lines[1:]:
        _para(cell, doc, ln)


def to_pdf(docx: bytes) -> bytes:
    """Convert DOCX bytes to PDF with LibreOffice (private profile, so parallel soffice runs don't clash)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "cv.docx"
        src.write_bytes(docx)
        cmd = [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
               "--outdir", tmp, str(src)]
        subprocess.run(cmd, capture_output=True, timeout=300, check=False)
        out = Path(tmp) / "cv.pdf"
        if not out.is_file():
            raise RuntimeError("soffice produced no PDF")
        return out.read_bytes()


def render(doc: Doc, c: Content, rng: random.Random, template: str, fmt: str) -> bytes:
    data = build_docx(doc, c, rng, template)
    return to_pdf(data) if fmt == "pdf" else data



