"""LaTeX producers: moderncv (several styles, CV and letter), europasscv, a two-column paracol CV with
fontawesome5 icons, and a plain article cover letter in OT1 encoding (TeX's spacing accents in the text)."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import tempfile
from pathlib import Path

from model import Content, Doc, Line, V, personal_v

_TEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def esc(text: str) -> str:
    """TeX-escaped text."""
    return "".join(_TEX_SPECIAL.get(c, c) for c in text)


def compile_tex(source: str, engine: str = "pdflatex") -> bytes:
    """Compile a LaTeX source twice in a scratch folder and return the PDF bytes (fixed dates)."""
    env = dict(os.environ, SOURCE_DATE_EPOCH="1764547200", FORCE_SOURCE_DATE="1")
    with tempfile.TemporaryDirectory() as tmp:
        tex = Path(tmp) / "cv.tex"
        tex.write_text(source, encoding="utf-8")
        for _ in range(2):
            proc = subprocess.run([engine, "-interaction=nonstopmode", "-halt-on-error", "cv.tex"], cwd=tmp,
                                  env=env, capture_output=True, text=True, errors="replace", timeout=300)
        pdf = Path(tmp) / "cv.pdf"
        if proc.returncode != 0 or not pdf.is_file():
            log = (Path(tmp) / "cv.log").read_text(errors="replace") if (Path(tmp) / "cv.log").is_file() else ""
            err = [ln for ln in log.splitlines() if ln.startswith("!")][:5]
            raise RuntimeError(f"{engine} failed: {err or proc.stdout[-800:]}")
        return pdf.read_bytes()


def available() -> bool:
    return shutil.which("pdflatex") is not None and shutil.which("xelatex") is not None


def _fontspec_block(script: bool) -> str:
    if not script:
        return ""
    return (r"\usepackage{fontspec}" "\n"
            r"\newfontfamily\cjkfont{WenQuanYi Micro Hei}" "\n"
            r"\newfontfamily\dejavu{DejaVu Sans}" "\n")


def _script(doc: Doc, c: Content) -> str:
    if c.script_name is None:
        return ""
    cjk = any("\u4e00" <= ch <= "\u9fff" for ch in c.script_name.text)
    font = r"\cjkfont" if cjk else r"\dejavu"
    return "{" + font + " " + doc.t(c.script_name, esc) + "}"


def _line(doc: Doc, line: Line) -> str:
    return doc.t(line, esc)


# --------------------------------------------------------------------------- moderncv


def moderncv(doc: Doc, c: Content, rng: random.Random, *, style: str, color: str, letter: bool = False,
             xetex: bool = False, application: bool = False) -> bytes:
    """A moderncv CV, or cover letter (``letter``), or both in one PDF (``application``)."""
    p = doc.person
    da = doc.lang == "da"
    first, last = (p.first + (" " + p.middle if p.middle else ""), p.last)
    if p.surname_first:
        first, last = p.last, p.first
    doc.t(c.name)  # moderncv writes the full name (heading, PDF author/title metadata)
    head = [r"\documentclass[11pt,a4paper,sans]{moderncv}", rf"\moderncvstyle{{{style}}}",
            rf"\moderncvcolor{{{color}}}"]
    if xetex:
        head.append(_fontspec_block(c.script_name is not None))
    else:
        head += [r"\usepackage[utf8]{inputenc}", r"\usepackage[T1]{fontenc}"]
        if True:  # moderncv's microtype setup needs scalable T1 fonts
            head.append(r"\usepackage{lmodern}")
    head += [r"\usepackage[scale=0.8]{geometry}", rf"\name{{{esc(first)}}}{{{esc(last)}}}",
             rf"\title{{{doc.t(c.headline, esc)}}}"]
    for kind, _label, vals in c.contact:
        if kind == "phone":
            head.append(rf"\phone[mobile]{{{doc.t(vals[0], esc)}}}")
        elif kind == "email":
            head.append(rf"\email{{{doc.t(vals[0], esc)}}}")
        elif kind == "address":
            parts = [doc.t(v, esc) for v in vals] + ["", ""]
            head.append(rf"\address{{{parts[0]}}}{{{parts[1]}}}{{}}")
        elif kind in ("linkedin", "github"):
            head.append(rf"\social[{kind}]{{{doc.t(vals[0], esc)}}}")
    extra = []
    if c.script_name is not None and xetex:
        extra.append(_script(doc, c))
    if extra:
        head.append(r"\extrainfo{" + r" \\ ".join(extra) + "}")
    body = [r"\begin{document}"]
    if letter or application:
        rec = c.letter
        body += [rf"\recipient{{{doc.t(rec['recipient'], esc)}}}{{{doc.t(V(rec['employer']), esc)}}}",
                 rf"\date{{{esc(rec['date'])}}}", rf"\opening{{{esc(rec['opening'])}{doc.t(rec['recipient'], esc)},}}",
                 rf"\closing{{{esc(rec['closing'])},}}", r"\makelettertitle", _line(doc, rec["body"]), "",
                 _line(doc, c.profile), r"\makeletterclosing"]
        if letter:
            body.append(r"\end{document}")
            return compile_tex("\n".join(head + body), "xelatex" if xetex else "pdflatex")
        body.append(r"\clearpage")
    body.append(r"\makecvtitle")
    body += [rf"\section{{{'Profil' if da else 'Profile'}}}", rf"\cvitem{{}}{{{_line(doc, c.profile)}}}"]
    body.append(rf"\section{{{'Erhvervserfaring' if da else 'Experience'}}}")
    for e in c.experience:
        body.append(rf"\cventry{{{doc.t(e['period'], esc)}}}{{{doc.t(e['title'], esc)}}}"
                    rf"{{{doc.t(e['employer'], esc)}}}{{{esc(e['town'])}}}{{}}{{{esc(e['desc'])}}}")
    body.append(rf"\section{{{'Uddannelse' if da else 'Education'}}}")
    for e in c.education:
        body.append(rf"\cventry{{{doc.t(e['period'], esc)}}}{{{doc.t(e['degree'], esc)}}}"
                    rf"{{{doc.t(e['school'], esc)}}}{{}}{{}}{{}}")
    body.append(rf"\section{{{'Kompetencer' if da else 'Skills'}}}")
    body.append(rf"\cvitem{{IT}}{{{', '.join(doc.t(s, esc) for s in c.skills)}}}")
    body.append(rf"\section{{{'Sprog' if da else 'Languages'}}}")
    for ln in c.languages:
        body.append(rf"\cvitem{{}}{{{_line(doc, ln)}}}")
    if c.personal:
        body.append(rf"\section{{{'Personlige oplysninger' if da else 'Personal details'}}}")
        for label, value, cat in c.personal:
            doc.use(personal_v(label, value, cat, inline=False))
            body.append(rf"\cvitem{{{esc(label)}}}{{{esc(value)}}}")
    if rng.random() < 0.7:
        body.append(rf"\section{{{'Referencer' if da else 'References'}}}")
        for name, role, phone in c.references:
            body.append(rf"\cvitem{{{esc(role)}}}{{{doc.t(name, esc)}, {'tlf.' if da else 'phone'} "
                        rf"{doc.t(phone, esc)}}}")
    body.append(r"\end{document}")
    return compile_tex("\n".join(head + body), "xelatex" if xetex else "pdflatex")


# --------------------------------------------------------------------------- europasscv


def europass(doc: Doc, c: Content, rng: random.Random) -> bytes:
    p = doc.person
    da = doc.lang == "da"
    opt = "danish" if da else "english"
    doc.t(c.name)
    contact = {k: v for k, _l, v in c.contact}
    head = [rf"\documentclass[{opt},a4paper]{{europasscv}}", r"\usepackage[utf8]{inputenc}",
            r"\usepackage[T1]{fontenc}", rf"\usepackage[{opt}]{{babel}}",
            rf"\ecvname{{{esc(p.full)}}}",
            rf"\ecvaddress{{{', '.join(doc.t(v, esc) for v in contact['address'])}}}",
            rf"\ecvmobile{{{doc.t(contact['phone'][0], esc)}}}",
            rf"\ecvemail{{{doc.t(contact['email'][0], esc)}}}",
            rf"\ecvlinkedinpage{{www.linkedin.com/in/{doc.t(contact['linkedin'][0], esc)}}}"]
    # the class prints its own labels (babel language); the truth carries them with the value
    ecv_labels = {"BIRTHDATE": "", "ETHNICITY": "Nationalitet" if da else "Nationality",
                  "GENDER": "Køn" if da else "Gender"}
    macros = {"BIRTHDATE": "ecvdateofbirth", "ETHNICITY": "ecvnationality", "GENDER": "ecvgender"}
    for label, value, cat in c.personal:
        if cat in macros and (cat != "ETHNICITY" or label in ("Nationalitet", "Nationality")):
            lab = ecv_labels[cat]
            doc.use(V(f"{lab} {value}".strip(), cat))
            head.append(rf"\{macros[cat]}{{{esc(value)}}}")
    body = [r"\begin{document}", r"\begin{europasscv}", r"\ecvpersonalinfo",
            rf"\ecvsection{{{'Erhvervserfaring' if da else 'Work experience'}}}"]
    for e in c.experience:
        body += [rf"\ecvtitle{{{doc.t(e['period'], esc)}}}{{{doc.t(e['title'], esc)}}}",
                 rf"\ecvitem{{}}{{{doc.t(e['employer'], esc)}, {esc(e['town'])}}}",
                 rf"\ecvitem{{}}{{{esc(e['desc'])}}}"]
    body.append(rf"\ecvsection{{{'Uddannelse' if da else 'Education and training'}}}")
    for e in c.education:
        body += [rf"\ecvtitle{{{doc.t(e['period'], esc)}}}{{{doc.t(e['degree'], esc)}}}",
                 rf"\ecvitem{{}}{{{doc.t(e['school'], esc)}}}"]
    body.append(rf"\ecvsection{{{'Personlige kompetencer' if da else 'Personal skills'}}}")
    mother = [ln for ln in c.languages if isinstance(ln[0], V) and ln[0].cat == "ETHNICITY"]
    if mother:
        body.append(rf"\ecvblueitem{{{'Modersmål' if da else 'Mother tongue(s)'}}}{{{_line(doc, mother[0])}}}")
    others = [ln for ln in c.languages if ln not in mother]
    body.append(rf"\ecvblueitem{{{'Andre sprog' if da else 'Other languages'}}}{{"
                + "; ".join(_line(doc, ln) for ln in others) + "}")
    body.append(rf"\ecvblueitem{{{'Digitale kompetencer' if da else 'Digital skills'}}}{{"
                + ", ".join(doc.t(s, esc) for s in c.skills) + "}")
    body.append(rf"\ecvitem{{}}{{{_line(doc, c.profile)}}}")
    body += [r"\end{europasscv}", r"\end{document}"]
    return compile_tex("\n".join(head + body))


# --------------------------------------------------------------------------- two-column paracol + fontawesome5


def twocol(doc: Doc, c: Content, rng: random.Random, *, spaced: bool, xetex: bool) -> bytes:
    """A sidebar CV: icon-only contact lines (fontawesome5), bare handles, letter-spaced or initials name."""
    da = doc.lang == "da"
    p = doc.person
    name_v = c.initials if rng.random() < 0.3 else c.name
    shown = name_v.text.upper()
    head = [r"\documentclass[10pt,a4paper]{article}", r"\usepackage[margin=1.4cm]{geometry}",
            r"\usepackage{paracol}", r"\usepackage{xcolor}", r"\usepackage{fontawesome5}",
            r"\usepackage[hidelinks]{hyperref}"]
    if xetex:
        head.append(_fontspec_block(c.script_name is not None))
    else:
        head += [r"\usepackage[utf8]{inputenc}", r"\usepackage[T1]{fontenc}", r"\usepackage{lmodern}"]
    # template leftovers: the class's sample author left in the metadata
    leftover = rng.random() < 0.35
    author = "Jane Doe" if leftover else p.full
    head.append(rf"\hypersetup{{pdfauthor={{{esc(author)}}},pdftitle={{CV}}}}")
    doc.t(V(author, "NAME", "other" if leftover else "applicant", "english" if leftover else p.origin,
            False if leftover else p.danish_origin))
    head += [r"\definecolor{side}{HTML}{2E3B4E}", r"\pagestyle{empty}", r"\setlength{\parindent}{0pt}",
             r"\columnratio{0.33}"]
    if spaced:
        name_tex = r"\ \ ".join(r"\ ".join(esc(ch) for ch in word) for word in shown.split())
        doc.t(V(shown, "NAME", "applicant", p.origin, p.danish_origin))
    else:
        name_tex = doc.t(V(shown, "NAME", "applicant", p.origin, p.danish_origin), esc)
    icons = {"phone": r"\faPhone", "email": r"\faEnvelope", "address": r"\faMapMarker*",
             "linkedin": r"\faLinkedin", "github": r"\faGithub"}
    side = [r"{\color{side}\Large\bfseries " + name_tex + r"}\par\smallskip"]
    if c.script_name is not None and xetex:
        side.append(_script(doc, c) + r"\par")
    side.append(r"{\large " + doc.t(c.headline, esc) + r"}\par\bigskip")
    side.append(r"{\bfseries " + ("KONTAKT" if da else "CONTACT") + r"}\par\smallskip")
    for kind, _label, vals in c.contact:
        value = r"\\ \hspace*{1.3em}".join(doc.t(v, esc) for v in vals)
        side.append(rf"{icons[kind]}\hspace{{0.5em}}{value}\par")
    side.append(r"\bigskip{\bfseries " + ("SPROG" if da else "LANGUAGES") + r"}\par\smallskip")
    for ln in c.languages:
        side.append(_line(doc, ln) + r"\par")
    side.append(r"\bigskip{\bfseries " + ("KOMPETENCER" if da else "SKILLS") + r"}\par\smallskip")
    side += [doc.t(s, esc) + r"\par" for s in c.skills]
    if c.personal:
        side.append(r"\bigskip{\bfseries " + ("PERSONLIGT" if da else "PERSONAL") + r"}\par\smallskip")
        for label, value, cat in c.personal:
            if cat == "BIRTHDATE":
                side.append(r"\faBirthdayCake\hspace{0.5em}" + doc.t(V(value, cat), esc) + r"\par")
            else:
                side.append(doc.t(personal_v(label, value, cat, inline=True), esc) + r"\par")
    main = [r"{\large\bfseries " + ("PROFIL" if da else "ABOUT ME") + r"}\par\smallskip", _line(doc, c.profile),
            r"\par\bigskip", r"{\large\bfseries " + ("ERFARING" if da else "EXPERIENCE") + r"}\par\smallskip"]
    for e in c.experience:
        main += [r"{\bfseries " + doc.t(e["title"], esc) + r"} \hfill {\small " + doc.t(e["period"], esc) + r"}\par",
                 r"\textit{" + doc.t(e["employer"], esc) + ", " + esc(e["town"]) + r"}\par",
                 esc(e["desc"]) + r"\par\medskip"]
    main.append(r"{\large\bfseries " + ("UDDANNELSE" if da else "EDUCATION") + r"}\par\smallskip")
    for e in c.education:
        main += [r"{\bfseries " + doc.t(e["degree"], esc) + r"} \hfill {\small " + doc.t(e["period"], esc) + r"}\par",
                 r"\textit{" + doc.t(e["school"], esc) + r"}\par\medskip"]
    body = [r"\begin{document}", r"\begin{paracol}{2}", *side, r"\switchcolumn", *main, r"\end{paracol}",
            r"\end{document}"]
    return compile_tex("\n".join(head + body), "xelatex" if xetex else "pdflatex")


# --------------------------------------------------------------------------- plain OT1 cover letter


def ot1_letter(doc: Doc, c: Content, rng: random.Random) -> bytes:
    """An article-class letter without \\usepackage[T1]{fontenc}: accents are TeX's spacing accents, so
    extraction yields forms like "p˚a" and the truth labels what extraction yields."""
    rec = c.letter
    p = doc.person
    contact = {k: v for k, _l, v in c.contact}
    lines = [r"\documentclass[11pt,a4paper]{article}", r"\usepackage[utf8]{inputenc}",
             r"\usepackage[margin=2.5cm]{geometry}", r"\pagestyle{empty}", r"\begin{document}",
             r"\begin{flushright}", doc.t(c.name, esc) + r"\\",
             r"\\ ".join(doc.t(v, esc) for v in contact["address"]) + r"\\",
             doc.t(contact["phone"][0], esc) + r"\\", doc.t(contact["email"][0], esc), r"\end{flushright}",
             r"\bigskip", doc.t(V(rec["employer"]), esc) + r"\\", ("Att.: " if doc.lang == "da" else "Attn: ") +
             doc.t(rec["recipient"], esc), r"\bigskip", r"\hfill " + esc(rec["date"]), r"\bigskip",
             esc(rec["opening"]) + doc.t(rec["recipient"], esc) + ",", "", _line(doc, rec["body"]), "",
             _line(doc, c.profile), "", esc(rec["closing"]), r"\\[1.5em]",
             doc.t(c.first if rng.random() < 0.3 else c.name, esc), r"\end{document}"]
    _ = p
    return compile_tex("\n".join(lines))
