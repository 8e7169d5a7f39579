"""HTML/CSS CVs printed to PDF by headless Chromium: the online-builder look (sidebars, FontAwesome icon
labels, skill bars, photo placeholder, CSS upper-casing and letter-spacing of the name)."""

from __future__ import annotations

import html
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from model import Content, Doc, V, personal_v

FA_CSS = Path("/usr/share/fonts-font-awesome/css/font-awesome.min.css")
ICONS = {"phone": "fa-phone", "email": "fa-envelope", "address": "fa-map-marker", "linkedin": "fa-linkedin",
         "github": "fa-github", "birth": "fa-birthday-cake", "web": "fa-globe"}


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise RuntimeError("chromium is not installed")


def print_pdf(page: str) -> bytes:
    """Print an HTML page to PDF with headless Chromium (A4, no header/footer)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "cv.html"
        out = Path(tmp) / "cv.pdf"
        src.write_text(page, encoding="utf-8")
        cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--allow-file-access-from-files",
               "--no-pdf-header-footer", f"--user-data-dir={tmp}/profile", f"--print-to-pdf={out}",
               src.as_uri()]
        subprocess.run(cmd, capture_output=True, timeout=180, check=False)
        if not out.is_file():
            raise RuntimeError("chromium produced no PDF")
        return out.read_bytes()


CSS = {
    "sidebar": """
body{margin:0;font-family:'DejaVu Sans',sans-serif;font-size:10pt;color:#222}
.page{display:flex;min-height:297mm}
.side{width:33%;background:#24344d;color:#eef;padding:18px 16px}
.main{width:67%;padding:22px 24px}
.photo{width:96px;height:96px;border-radius:50%;background:#9aa7b8;margin:0 auto 14px auto;position:relative}
.photo:after{content:'';position:absolute;left:30px;top:18px;width:36px;height:36px;border-radius:50%;background:#dde}
h1{font-size:19pt;margin:0 0 4px 0;text-transform:uppercase;letter-spacing:2px}
.role{color:#7fb3ff;margin-bottom:14px}
h2{font-size:11pt;text-transform:uppercase;letter-spacing:1.5px;border-bottom:1px solid #9ab;margin:16px 0 6px 0}
.item{margin:3px 0}.item i{width:16px;color:#7fb3ff}
.bar{height:6px;background:#4a5d7a;border-radius:3px;margin:2px 0 7px 0}
.bar span{display:block;height:6px;background:#7fb3ff;border-radius:3px}
.job{margin-bottom:9px}.when{color:#667;font-size:9pt}.emp{font-style:italic}
""",
    "header": """
body{margin:0;font-family:'DejaVu Serif',serif;font-size:10.5pt;color:#1d1d1d}
.top{background:#0f5257;color:#fff;padding:26px 34px}
h1{margin:0;font-size:24pt;font-weight:normal;letter-spacing:6px;text-transform:uppercase}
.role{font-size:12pt;letter-spacing:2px;margin-top:6px;color:#bfe}
.contacts{margin-top:12px;font-family:'DejaVu Sans',sans-serif;font-size:9pt}
.contacts span{margin-right:16px;white-space:nowrap}.contacts i{margin-right:5px}
.body{padding:18px 34px}
h2{font-family:'DejaVu Sans',sans-serif;color:#0f5257;font-size:12pt;
  border-bottom:2px solid #0f5257;margin:14px 0 6px 0}
table{border-collapse:collapse;width:100%}td{vertical-align:top;padding:3px 6px 5px 0}
td.when{width:30%;color:#555}
""",
    "bars": """
body{margin:0;font-family:'DejaVu Sans',sans-serif;font-size:9.5pt;color:#333}
.grid{display:grid;grid-template-columns:62% 38%;min-height:297mm}
.left{padding:26px}.right{background:#f1f3f6;padding:26px 18px}
h1{font-size:22pt;margin:0;color:#c0392b}.role{font-size:11pt;color:#555;margin-bottom:10px}
h2{font-size:10.5pt;text-transform:uppercase;color:#c0392b;margin:16px 0 6px 0}
.c{margin:4px 0}.c i{display:inline-block;width:18px;color:#c0392b}
.skill{display:flex;align-items:center;margin:4px 0}.skill .n{width:45%}.skill .b{flex:1;height:7px;background:#ddd}
.skill .b span{display:block;height:7px;background:#c0392b}
.dots span{display:inline-block;width:8px;height:8px;border-radius:4px;background:#c0392b;margin-right:2px}
.job{margin-bottom:10px}.job .t{font-weight:bold}.job .w{color:#777;font-size:8.5pt}
.photo{width:80px;height:80px;border-radius:8px;background:#c9ced6;margin-bottom:12px}
""",
    "letter": """
body{margin:0;font-family:'DejaVu Sans',sans-serif;font-size:10.5pt;color:#222}
.wrap{padding:40px 56px}.head{border-bottom:3px solid #5b3f8c;padding-bottom:10px;margin-bottom:24px}
h1{margin:0;color:#5b3f8c;font-size:20pt}.head .c{font-size:9pt;color:#555;margin-top:4px}
.head .c i{color:#5b3f8c;margin:0 4px 0 12px}
p{line-height:1.45}
""",
}


def _contact_items(doc: Doc, c: Content, *, labels: bool) -> list[str]:
    out = []
    for kind, label, vals in c.contact:
        shown = "<br>".join(doc.t(v, esc) for v in vals)
        if kind == "linkedin" and labels:
            shown = "linkedin.com/in/" + shown
        icon = f'<i class="fa {ICONS[kind]}"></i>'
        out.append(f"{icon} {esc(label) + ': ' if labels and kind in ('phone', 'email') else ''}{shown}")
    return out


def render(doc: Doc, c: Content, rng: random.Random, template: str) -> bytes:
    """Render one of the templates (sidebar, header, bars, letter; application = letter + sidebar CV)
    and print it with Chromium."""
    da = doc.lang == "da"
    title_name = rng.choice([c.name, c.name, c.initials])
    parts: list[str] = []
    if template == "application":
        _body(doc, c, rng, "letter", parts)
        parts.append('<div style="page-break-after:always"></div>')
        _body(doc, c, rng, "sidebar", parts)
    else:
        _body(doc, c, rng, template, parts)
    _tail(doc, c, rng, template, parts)
    styles = CSS["letter"] + CSS["sidebar"] if template == "application" else CSS[template]
    kind = "letter" if template == "letter" else "cv"
    title = f"CV - {doc.t(title_name, esc)}" if kind == "cv" else f"{'Ansøgning' if da else 'Application'}"
    page = (f'<!doctype html><html lang="{doc.lang}"><head><meta charset="utf-8"><title>{title}</title>'
            f'<link rel="stylesheet" href="{FA_CSS.as_uri()}"><style>@page{{size:A4;margin:0}}'
            f"{styles}</style></head><body>{''.join(parts)}</body></html>")
    return print_pdf(page)


def _tail(doc: Doc, c: Content, rng: random.Random, template: str, parts: list[str]) -> None:
    if template != "letter" and rng.random() < 0.4:
        # online builders leave the template designer's handle in a footer link
        handle = rng.choice(["lukas-designs", "cvcraft-studio", "mkorvald", "resume-by-nadia", "tpl_jonah"])
        parts.append('<div style="position:fixed;bottom:6px;right:12px;font-size:7pt;color:#999">'
                     f'Template: <a href="https://github.com/{handle}">github.com/'
                     f'{doc.t(V(handle, "URL", "other"), esc)}</a></div>')


def _body(doc: Doc, c: Content, rng: random.Random, template: str, parts: list[str]) -> None:
    da = doc.lang == "da"
    a = parts.append
    if template == "letter":
        rec = c.letter
        contact = " ".join(f"<span>{x}</span>" for x in _contact_items(doc, c, labels=False))
        a(f'<div class="wrap"><div class="head"><h1>{doc.t(c.name, esc)}</h1><div class="c">{contact}</div></div>')
        a(f"<p>{doc.t(V(rec['employer']), esc)}<br>{'Att.: ' if da else 'Attn: '}{doc.t(rec['recipient'], esc)}</p>")
        a(f"<p style='text-align:right'>{esc(rec['date'])}</p>")
        a(f"<p>{esc(rec['opening'])}{doc.t(rec['recipient'], esc)},</p><p>{doc.t(rec['body'], esc)}</p>")
        a(f"<p>{doc.t(c.profile, esc)}</p><p>{esc(rec['closing'])}<br><br>{doc.t(c.first, esc)}</p></div>")
    elif template == "sidebar":
        a('<div class="page"><div class="side"><div class="photo"></div>')
        a(f"<h2>{'Kontakt' if da else 'Contact'}</h2>")
        for item in _contact_items(doc, c, labels=False):
            a(f'<div class="item">{item}</div>')
        for _label, value, cat in c.personal:
            if cat == "BIRTHDATE":
                a(f'<div class="item"><i class="fa fa-birthday-cake"></i> {doc.t(V(value, cat), esc)}</div>')
        a(f"<h2>{'Kompetencer' if da else 'Skills'}</h2>")
        for s in c.skills:
            a(f'<div>{doc.t(s, esc)}</div><div class="bar"><span style="width:{rng.randint(45, 95)}%"></span></div>')
        a(f"<h2>{'Sprog' if da else 'Languages'}</h2>")
        for ln in c.languages:
            a(f'<div class="item">{doc.t(ln, esc)}</div>')
        a('</div><div class="main">')
        a(f'<h1>{doc.t(c.name, esc)}</h1><div class="role">{doc.t(c.headline, esc)}</div>')
        if c.script_name is not None:
            a(f"<div>{doc.t(c.script_name, esc)}</div>")
        a(f"<h2>{'Om mig' if da else 'About me'}</h2><p>{doc.t(c.profile, esc)}</p>")
        a(f"<h2>{'Erfaring' if da else 'Experience'}</h2>")
        for e in c.experience:
            a(f'<div class="job"><b>{doc.t(e["title"], esc)}</b> &middot; <span class="emp">'
              f'{doc.t(e["employer"], esc)}</span><div class="when">{doc.t(e["period"], esc)} | {esc(e["town"])}'
              f'</div><div>{esc(e["desc"])}</div></div>')
        a(f"<h2>{'Uddannelse' if da else 'Education'}</h2>")
        for e in c.education:
            a(f'<div class="job"><b>{doc.t(e["degree"], esc)}</b><div class="emp">{doc.t(e["school"], esc)}</div>'
              f'<div class="when">{doc.t(e["period"], esc)}</div></div>')
        others = [(lab, val, cat) for lab, val, cat in c.personal if cat != "BIRTHDATE"]
        if others:
            a(f"<h2>{'Personligt' if da else 'Personal'}</h2>")
            for lab, val, cat in others:
                a(f"<div>{doc.t(personal_v(lab, val, cat, inline=True), esc)}</div>")
        a("</div></div>")
    elif template == "header":
        a(f'<div class="top"><h1>{doc.t(c.name, esc)}</h1><div class="role">{doc.t(c.headline, esc)}</div>')
        a('<div class="contacts">' + "".join(f"<span>{x}</span>" for x in _contact_items(doc, c, labels=True))
          + "</div></div>")
        a(f'<div class="body"><h2>{"Profil" if da else "Summary"}</h2><p>{doc.t(c.profile, esc)}</p>')
        a(f"<h2>{'Erhvervserfaring' if da else 'Experience'}</h2><table>")
        for e in c.experience:
            a(f'<tr><td class="when">{doc.t(e["period"], esc)}</td><td><b>{doc.t(e["title"], esc)}</b>, '
              f'{doc.t(e["employer"], esc)}, {esc(e["town"])}<br>{esc(e["desc"])}</td></tr>')
        a(f"</table><h2>{'Uddannelse' if da else 'Education'}</h2><table>")
        for e in c.education:
            a(f'<tr><td class="when">{doc.t(e["period"], esc)}</td><td><b>{doc.t(e["degree"], esc)}</b><br>'
              f'{doc.t(e["school"], esc)}</td></tr>')
        a(f"</table><h2>{'Kompetencer og sprog' if da else 'Skills and languages'}</h2><p>"
          + ", ".join(doc.t(s, esc) for s in c.skills) + "</p><p>"
          + " &middot; ".join(doc.t(ln, esc) for ln in c.languages) + "</p>")
        if c.personal:
            a(f"<h2>{'Personlige oplysninger' if da else 'Personal details'}</h2><table>")
            for lab, val, cat in c.personal:
                doc.use(personal_v(lab, val, cat, inline=False))
                a(f'<tr><td class="when">{esc(lab)}</td><td>{esc(val)}</td></tr>')
            a("</table>")
        if c.references and rng.random() < 0.6:
            a(f"<h2>{'Referencer' if da else 'References'}</h2>")
            for name, role, phone in c.references:
                a(f"<p>{doc.t(name, esc)}, {esc(role)}, {doc.t(phone, esc)}</p>")
        a("</div>")
    else:  # bars
        a('<div class="grid"><div class="left">')
        a(f'<h1>{doc.t(c.name, esc)}</h1><div class="role">{doc.t(c.headline, esc)}</div>')
        a(f"<p>{doc.t(c.profile, esc)}</p><h2>{'Erfaring' if da else 'Experience'}</h2>")
        for e in c.experience:
            a(f'<div class="job"><div class="t">{doc.t(e["title"], esc)}</div><div>{doc.t(e["employer"], esc)}</div>'
              f'<div class="w">{doc.t(e["period"], esc)}</div><div>{esc(e["desc"])}</div></div>')
        a(f"<h2>{'Uddannelse' if da else 'Education'}</h2>")
        for e in c.education:
            a(f'<div class="job"><div class="t">{doc.t(e["degree"], esc)}</div><div>{doc.t(e["school"], esc)}</div>'
              f'<div class="w">{doc.t(e["period"], esc)}</div></div>')
        a('</div><div class="right"><div class="photo"></div>')
        for item in _contact_items(doc, c, labels=False):
            a(f'<div class="c">{item}</div>')
        for lab, val, cat in c.personal:
            if cat == "BIRTHDATE":
                a(f'<div class="c"><i class="fa fa-calendar"></i>{doc.t(V(val, cat), esc)}</div>')
            else:
                a(f'<div class="c">{doc.t(personal_v(lab, val, cat, inline=True), esc)}</div>')
        a(f"<h2>{'Færdigheder' if da else 'Skills'}</h2>")
        for s in c.skills:
            a(f'<div class="skill"><div class="n">{doc.t(s, esc)}</div><div class="b"><span style="width:'
              f'{rng.randint(40, 95)}%"></span></div></div>')
        a(f"<h2>{'Sprog' if da else 'Languages'}</h2>")
        for ln in c.languages:
            a(f'<div class="c">{doc.t(ln, esc)} <span class="dots">'
              + "<span></span>" * rng.randint(3, 5) + "</span></div>")
        a("</div></div>")
