#!/usr/bin/env python3
"""Build samples/inbox (a realistic upload folder for `redactor batch`) from samples/docs and samples/truth."""

from __future__ import annotations

import argparse
import html
import json
import random
import shutil
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SEED = 20250317
DEFAULT_APPLICATIONS = 40
FAKE_MP4 = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(2048)
APPLICANT_FIELDS = ("name", "email", "phone", "address", "birthdate")

DIPLOMA = {
    "da": ("Eksamensbevis", "har den {date} bestået", "Uddannelsen er normeret til {ects} ECTS-point."),
    "en": ("Diploma", "has on {date} completed", "The programme is rated at {ects} ECTS credits."),
}
PROGRAMMES = [
    ("Professionsbachelor i sygepleje", "Bachelor of Nursing", "Københavns Professionshøjskole", 210),
    ("Cand.scient.adm.", "MSc in Public Administration", "Roskilde Universitet", 120),
    ("Socialrådgiveruddannelsen", "Bachelor of Social Work", "Professionshøjskolen Absalon", 210),
    ("Pædagoguddannelsen", "Bachelor of Social Education", "VIA University College", 210),
    ("Akademiuddannelsen i offentlig forvaltning", "Academy Profession Degree in Public Administration",
     "Erhvervsakademi København", 60),
]


def _neutral_name(truth: dict[str, Any], rng: random.Random) -> str:
    """A plausible file name that does not name the applicant."""
    ext = truth["format"]
    if truth["kind"] == "cv":
        return rng.choice(["CV", "cv", "Curriculum_Vitae", "CV_2025"]) + f".{ext}"
    return rng.choice(["Ansøgning", "ansoegning", "Motiveret_ansøgning"] if truth["lang"] == "da"
                      else ["Cover_letter", "Application", "cover-letter"]) + f".{ext}"


def _leaky_name(truth: dict[str, Any]) -> str:
    """A file name as applicants really write them: with their own name in it."""
    name = truth["applicant"]["name"].replace(" ", "_")
    word = "CV" if truth["kind"] == "cv" else ("Ansøgning" if truth["lang"] == "da" else "Cover_letter")
    return f"{name}_{word}.{truth['format']}"


def _diploma_pdf(truth: dict[str, Any], rng: random.Random) -> bytes:
    """A one-page diploma naming the applicant: an attachment that must be anonymised as well."""
    import pymupdf

    lang = truth["lang"]
    title, passed, norm = DIPLOMA[lang]
    da, en, school, ects = rng.choice(PROGRAMMES)
    year = rng.randint(2008, 2023)
    date = f"{rng.randint(10, 28)}.06.{year}" if lang == "da" else f"{rng.randint(10, 28)} June {year}"
    body = (f"<h1>{html.escape(title)}</h1><p class=s>{html.escape(school)}</p>"
            f"<p class=n>{html.escape(truth['applicant']['name'])}</p>"
            f"<p>{html.escape(passed.format(date=date))}</p><h2>{html.escape(da if lang == 'da' else en)}</h2>"
            f"<p>{html.escape(norm.format(ects=ects))}</p>")
    css = ("body{font-family:serif;text-align:center} h1{font-size:30pt;margin-bottom:20pt} "
           "h2{font-size:18pt} .n{font-size:20pt;margin:30pt 0} .s{font-size:13pt;color:#444}")
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_htmlbox(pymupdf.Rect(60, 100, page.rect.width - 60, page.rect.height - 100), body, css=css)
    doc.set_metadata({})
    data = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
    doc.close()
    return data


def _applicant(truth: dict[str, Any]) -> dict[str, str]:
    src = truth.get("applicant") or {}
    return {k: str(src[k]) for k in APPLICANT_FIELDS if src.get(k)}


def make_inbox(samples: Path, out: Path, *, applications: int = DEFAULT_APPLICATIONS, seed: int = SEED
               ) -> dict[str, int]:
    """Build ``out`` from ``samples/docs`` and ``samples/truth`` (replacing ``out``).

    One synthetic applicant per truth record. Most become a folder ``application-NNN`` with the document,
    sometimes a diploma attachment naming them, and an ``applicant.json`` for about half; a few become
    single files at the top level; two files carry the applicant's name in their file name; one
    application includes a video the batch must refuse.

    Returns:
        Counts of what was written.
    Raises:
        FileNotFoundError: samples/docs or samples/truth is missing or empty.
    """
    truth_dir, docs_dir = samples / "truth", samples / "docs"
    records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(truth_dir.glob("*.json"))]
    records = [r for r in records if (docs_dir / r["doc"]).is_file() and r.get("applicant", {}).get("name")]
    if not records:
        raise FileNotFoundError(f"no documents with truth in {docs_dir} and {truth_dir}; run samples/generate.py")
    rng = random.Random(seed)
    rng.shuffle(records)
    records = records[:applications]
    if out.exists():
        unexpected = [p.name for p in out.iterdir() if not p.name.startswith("application-")]
        if unexpected:
            raise FileExistsError(f"{out} holds files this script did not make; not replacing it")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    numbers = rng.sample(range(1, 10 * len(records) + 1), len(records))  # neutral, unordered folder numbers
    n_single = max(2, len(records) // 10)
    stats = {"applications": 0, "folders": 0, "single_files": 0, "documents": 0, "applicant_json": 0,
             "leaky_names": 0, "refused": 0}
    leaky_left = 2
    for i, (truth, number) in enumerate(zip(records, numbers, strict=True)):
        data = (docs_dir / truth["doc"]).read_bytes()
        stats["applications"] += 1
        stats["documents"] += 1
        if i < n_single:
            (out / f"application-{number:03d}.{truth['format']}").write_bytes(data)
            stats["single_files"] += 1
            continue
        folder = out / f"application-{number:03d}"
        folder.mkdir()
        stats["folders"] += 1
        if truth.get("filename_has_name"):
            name = truth["doc"]  # the generator already gave it a name-bearing file name
            stats["leaky_names"] += 1
        elif leaky_left > 0:
            name = _leaky_name(truth)
            leaky_left -= 1
            stats["leaky_names"] += 1
        else:
            name = _neutral_name(truth, rng)
        (folder / name).write_bytes(data)
        if rng.random() < 0.3:
            diploma = "Eksamensbevis.pdf" if truth["lang"] == "da" else "Diploma.pdf"
            (folder / diploma).write_bytes(_diploma_pdf(truth, rng))
            stats["documents"] += 1
        if rng.random() < 0.5:
            (folder / "applicant.json").write_text(json.dumps(_applicant(truth), ensure_ascii=False, indent=1) + "\n",
                                                   encoding="utf-8")
            stats["applicant_json"] += 1
        if stats["refused"] == 0 and i >= n_single + 3:
            (folder / "video-praesentation.mp4").write_bytes(FAKE_MP4)
            stats["refused"] += 1
            stats["documents"] += 1
    return stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--samples", type=Path, default=HERE, help="folder with docs/ and truth/ (default: samples/)")
    ap.add_argument("--out", type=Path, default=HERE / "inbox", help="the inbox to build (default: samples/inbox)")
    ap.add_argument("--applications", type=int, default=DEFAULT_APPLICATIONS)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    try:
        stats = make_inbox(args.samples, args.out, applications=args.applications, seed=args.seed)
    except (FileNotFoundError, FileExistsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(stats, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
