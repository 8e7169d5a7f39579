"""Generate the `g-*` documents of the wild split with real producers, and their truth files.

    PYTHONPATH=src python samples/wild/generate/make_wild.py            # everything
    PYTHONPATH=src python samples/wild/generate/make_wild.py --only g-tex  # ids starting with a prefix

Writes samples/wild/docs/<id>.<pdf|docx> and samples/wild/truth/<id>.json. See README.md here.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
WILD = HERE.parent
REPO = WILD.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "samples"))

import htmlcv  # noqa: E402
import latex  # noqa: E402
import office  # noqa: E402
import scan  # noqa: E402
from model import Content, Doc, build_content, write_truth  # noqa: E402
from personas import make_person  # noqa: E402

TODAY = dt.date(2026, 11, 20)  # fixed: ages, letter dates
SEED = 20261205


@dataclass(frozen=True)
class Spec:
    """One document to produce: id, country of the applicant, language, producer and its options."""

    id: str
    cc: str
    lang: str
    producer: str
    make: Callable[[Doc, Content, random.Random], bytes]
    kind: str = "cv"
    layout: str = "single"
    fmt: str = "pdf"
    in_denmark: bool = True
    third_person: bool = False
    personal: bool = True


def _specs() -> list[Spec]:
    L = latex
    H = htmlcv
    D = office
    S = scan
    out: list[Spec] = []

    def add(*args: Any, **kw: Any) -> None:
        out.append(Spec(*args, **kw))

    # --- LaTeX (24)
    mcv = "LaTeX moderncv"
    add("g-tex-mcv-classic-dk", "DK", "da", mcv, lambda d, c, r: L.moderncv(d, c, r, style="classic", color="blue"))
    add("g-tex-mcv-casual-so", "SO", "da", mcv, lambda d, c, r: L.moderncv(d, c, r, style="casual", color="orange"))
    add("g-tex-mcv-banking-de", "DE", "en", mcv, lambda d, c, r: L.moderncv(d, c, r, style="banking", color="red"),
        in_denmark=False)
    add("g-tex-mcv-oldstyle-pl", "PL", "da", mcv, lambda d, c, r: L.moderncv(d, c, r, style="oldstyle", color="green"))
    add("g-tex-mcv-fancy-ng", "NG", "en", mcv, lambda d, c, r: L.moderncv(d, c, r, style="fancy", color="grey"),
        third_person=True)
    add("g-tex-mcv-classic-cn", "CN", "en", mcv + " (XeLaTeX)",
        lambda d, c, r: L.moderncv(d, c, r, style="classic", color="purple", xetex=True), in_denmark=False)
    add("g-tex-mcv-casual-ua", "UA", "en", mcv + " (XeLaTeX)",
        lambda d, c, r: L.moderncv(d, c, r, style="casual", color="blue", xetex=True))
    add("g-tex-mcv-banking-dk", "DK", "da", mcv, lambda d, c, r: L.moderncv(d, c, r, style="banking", color="blue"),
        third_person=True)
    add("g-tex-mcv-classic-tr", "TR", "en", mcv, lambda d, c, r: L.moderncv(d, c, r, style="classic", color="red"),
        in_denmark=False)
    add("g-tex-mcv-letter-er", "ER", "da", mcv, lambda d, c, r: L.moderncv(d, c, r, style="classic", color="blue",
                                                                        letter=True), kind="letter", layout="letter")
    add("g-tex-mcv-letter-pe", "PE", "en", mcv, lambda d, c, r: L.moderncv(d, c, r, style="casual", color="green",
                                                                        letter=True), kind="letter", layout="letter")
    add("g-tex-mcv-oldstyle-ir", "IR", "en", mcv + " (XeLaTeX)",
        lambda d, c, r: L.moderncv(d, c, r, style="oldstyle", color="blue", xetex=True))
    add("g-tex-mcv-app-dk", "DK", "da", mcv, lambda d, c, r: L.moderncv(d, c, r, style="classic", color="green",
                                                                      application=True),
        kind="application", layout="letter+single", third_person=False)
    add("g-tex-mcv-app-sy", "SY", "da", mcv + " (XeLaTeX)",
        lambda d, c, r: L.moderncv(d, c, r, style="casual", color="blue", xetex=True, application=True),
        kind="application", layout="letter+single")
    ecv = "LaTeX europasscv"
    add("g-tex-ecv-ro", "RO", "en", ecv, L.europass, layout="table")
    add("g-tex-ecv-dk", "DK", "da", ecv, L.europass, layout="table")
    add("g-tex-ecv-ba", "BA", "da", ecv, L.europass, layout="table")
    add("g-tex-ecv-br", "BR", "en", ecv, L.europass, layout="table", in_denmark=False)
    two = "LaTeX paracol + fontawesome5"
    add("g-tex-two-sy", "SY", "en", two + " (XeLaTeX)", lambda d, c, r: L.twocol(d, c, r, spaced=False, xetex=True),
        layout="sidebar")
    add("g-tex-two-dk", "DK", "da", two, lambda d, c, r: L.twocol(d, c, r, spaced=True, xetex=False),
        layout="sidebar")
    add("g-tex-two-in", "IN", "en", two, lambda d, c, r: L.twocol(d, c, r, spaced=False, xetex=False),
        layout="sidebar", in_denmark=False, third_person=True)
    add("g-tex-two-gh", "GH", "da", two, lambda d, c, r: L.twocol(d, c, r, spaced=True, xetex=False),
        layout="sidebar")
    ot1 = "LaTeX article (OT1)"
    add("g-tex-letter-dk", "DK", "da", ot1, L.ot1_letter, kind="letter", layout="letter")
    add("g-tex-letter-af", "AF", "da", ot1, L.ot1_letter, kind="letter", layout="letter")

    # --- Chromium HTML (23)
    ch = "Chromium HTML"
    for i, (cc, lang, tpl, kw) in enumerate([
            ("DK", "da", "sidebar", {}), ("PK", "en", "sidebar", dict(in_denmark=False)),
            ("EG", "en", "header", dict(in_denmark=False)), ("VN", "da", "sidebar", {}),
            ("PH", "en", "bars", {}), ("MA", "da", "header", {}), ("US", "en", "bars", dict(in_denmark=False)),
            ("UK", "en", "header", dict(in_denmark=False, third_person=True)), ("IQ", "da", "bars", {}),
            ("ET", "da", "sidebar", dict(third_person=True)), ("CO", "en", "sidebar", dict(in_denmark=False)),
            ("DK", "da", "bars", {}), ("LK", "da", "header", {}), ("SE", "da", "sidebar", {}),
            ("PS", "en", "bars", dict(in_denmark=False)), ("DK", "da", "header", dict(third_person=True)),
            ("CN", "da", "letter", {})]):
        layout = "letter" if tpl == "letter" else ("single" if tpl == "header" else "sidebar")
        add(f"g-html-{tpl}-{cc.lower()}{i:02d}", cc, lang, ch, (lambda t: lambda d, c, r: H.render(d, c, r, t))(tpl),
            layout=layout, kind="letter" if tpl == "letter" else "cv", **kw)

    for i, (cc, lang, tpl) in enumerate([("BA", "da", "sidebar"), ("RO", "da", "header"), ("MA", "en", "bars")]):
        add(f"g-html-{tpl}-{cc.lower()}{20 + i:02d}", cc, lang, ch,
            (lambda t: lambda d, c, r: H.render(d, c, r, t))(tpl), layout="single" if tpl == "header" else "sidebar")
    for i, (cc, lang) in enumerate([("SO", "da"), ("UA", "en"), ("DK", "da")]):
        add(f"g-html-application-{cc.lower()}{17 + i:02d}", cc, lang, ch,
            lambda d, c, r: H.render(d, c, r, "application"), kind="application", layout="letter+sidebar")

    # --- LibreOffice / DOCX (22): some kept as DOCX, some exported to PDF by soffice
    for i, (cc, lang, tpl, fmt, kw) in enumerate([
            ("DK", "da", "table", "docx", {}), ("SO", "da", "sidebar", "pdf", {}), ("TR", "da", "textbox", "docx", {}),
            ("NG", "en", "table", "pdf", dict(in_denmark=False)), ("AF", "da", "sidebar", "docx", {}),
            ("DK", "da", "textbox", "pdf", {}), ("IN", "en", "table", "docx", {}),
            ("UA", "da", "sidebar", "pdf", {}), ("BR", "en", "textbox", "docx", {}),
            ("EG", "da", "table", "docx", {}), ("PE", "en", "sidebar", "pdf", dict(in_denmark=False)),
            ("DK", "da", "letter", "docx", {}), ("SY", "da", "letter", "pdf", {}),
            ("PL", "da", "table", "pdf", {}), ("GH", "en", "textbox", "docx", dict(in_denmark=False)),
            ("IR", "da", "table", "pdf", {}), ("ER", "en", "sidebar", "docx", {}),
            ("DK", "da", "sidebar", "docx", {})]):
        producer = "LibreOffice DOCX export" if fmt == "pdf" else "DOCX (python-docx, Word layout)"
        layout = {"table": "table", "sidebar": "sidebar", "textbox": "sidebar", "letter": "letter"}[tpl]
        add(f"g-docx-{tpl}-{cc.lower()}{i:02d}", cc, lang, producer,
            (lambda t, f: lambda d, c, r: D.render(d, c, r, t, f))(tpl, fmt),
            layout=layout, fmt=fmt, kind="letter" if tpl == "letter" else "cv", **kw)
    for i, (cc, lang, tpl, fmt) in enumerate([
            ("PS", "da", "photo", "docx"), ("LK", "en", "photo", "pdf"), ("DK", "da", "application", "pdf"),
            ("IQ", "da", "application", "docx")]):
        producer = "LibreOffice DOCX export" if fmt == "pdf" else "DOCX (python-docx, Word layout)"
        layout = "sidebar" if tpl == "photo" else "letter+table"
        add(f"g-docx-{tpl}-{cc.lower()}{18 + i:02d}", cc, lang, producer,
            (lambda t, f: lambda d, c, r: D.render(d, c, r, t, f))(tpl, fmt),
            layout=layout, fmt=fmt, kind="application" if tpl == "application" else "cv")

    # --- phone-camera scans with an OCR text layer (7)
    for i, (cc, lang, src, kw) in enumerate([
            ("DK", "da", "header", {}), ("SO", "da", "sidebar", {}), ("IQ", "en", "header", {}),
            ("DK", "da", "letter", {}), ("PK", "en", "sidebar", dict(in_denmark=False)),
            ("ER", "da", "header", {}), ("CO", "da", "header", {})]):
        add(f"g-scan-{cc.lower()}{i:02d}", cc, lang, "scan (phone photo, Tesseract text layer)",
            (lambda t: lambda d, c, r: S.render(d, c, r, t))(src), layout="scan",
            kind="letter" if src == "letter" else "cv", **kw)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--only", default="", help="generate only ids starting with this prefix")
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared",
                    help="the shared data folder (names lists, to flag unseen names)")
    args = ap.parse_args(argv)
    from generate import NameLists  # samples/generate.py: the same "unseen" rule as the samples

    names = NameLists(args.shared if args.shared.is_dir() else None)
    report: list[str] = []
    docs_dir, truth_dir = WILD / "docs", WILD / "truth"
    docs_dir.mkdir(exist_ok=True)
    truth_dir.mkdir(exist_ok=True)
    specs = _specs()
    for n, spec in enumerate(specs):
        if not spec.id.startswith(args.only):
            continue
        rng = random.Random(f"{SEED}:{spec.id}")
        person = make_person(rng, spec.cc, in_denmark=spec.in_denmark, today=TODAY)
        content = build_content(person, spec.lang, rng, TODAY, personal_block=spec.personal,
                                third_person=spec.third_person)
        doc = Doc(spec.id, person, spec.lang, spec.kind, spec.layout, spec.producer, spec.fmt)
        data = spec.make(doc, content, rng)
        (docs_dir / f"{spec.id}.{spec.fmt}").write_bytes(data)
        truth = doc.truth(data, names, report=report)
        write_truth(truth_dir / f"{spec.id}.json", truth)
        print(f"[{n + 1}/{len(specs)}] {spec.id}: {len(truth['pii'])} pii, {len(truth['keep'])} keep, "
              f"{len(data) // 1024} KB", flush=True)
    for line in report:
        print("dropped:", line, file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
