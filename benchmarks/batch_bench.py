#!/usr/bin/env python3
"""Benchmark `redactor batch`: documents/s and pages/s for 1, 2 and N worker processes."""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
if str(REPO / "src") not in sys.path:
    sys.path.insert(0, str(REPO / "src"))

from redactor.batch import run_batch  # noqa: E402
from redactor.config import load_config  # noqa: E402
from redactor.types import DocumentResult, Outcome  # noqa: E402


class CopyPipeline:
    """A pipeline that only opens and re-saves the document: measures the batch's own overhead."""

    def __init__(self, config: Any) -> None:
        self.config = config

    def redact(self, source: bytes, *, applicant: Any = None, filename: str | None = None) -> DocumentResult:
        import pymupdf

        from redactor.formats import sniff

        kind = sniff(source).kind
        pages = 1
        if kind == "pdf":
            with pymupdf.open(stream=source, filetype="pdf") as doc:
                pages = doc.page_count
                out = doc.tobytes(garbage=1)
        else:
            out = source
        return DocumentResult(Outcome.CLEAN, output=out, output_format=kind, input_format=kind, page_count=pages)


def copy_factory(config: Any) -> CopyPipeline:
    return CopyPipeline(config)


# ------------------------------------------------------------------------------------------------ documents


def _simple_pdf(rng: random.Random, pages: int) -> bytes:
    import pymupdf

    doc = pymupdf.open()
    for p in range(pages):
        page = doc.new_page()
        y = 60.0
        lines = [f"{rng.choice(FIRST)} {rng.choice(LAST)}", "Curriculum vitae"] if p == 0 else []
        lines += [f"{rng.randint(2005, 2024)}-{rng.randint(2006, 2025)}  {rng.choice(JOBS)}, {rng.choice(ORGS)}"
                  for _ in range(28)]
        for line in lines:
            page.insert_text((60, y), line, fontsize=10)
            y += 24
    data = doc.tobytes()
    doc.close()
    return data


def _simple_docx(rng: random.Random, pages: int) -> bytes:
    import docx

    d = docx.Document()
    d.add_heading(f"{rng.choice(FIRST)} {rng.choice(LAST)}", 1)
    for _ in range(pages * 30):
        d.add_paragraph(f"{rng.randint(2005, 2024)}-{rng.randint(2006, 2025)}  {rng.choice(JOBS)}, {rng.choice(ORGS)}")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


FIRST = ["Fatima", "Mads", "Ayşe", "Abdirahman", "Lan", "Olena", "Reza", "Katarzyna", "Bilal", "Signe"]
LAST = ["Al-Hassan", "Jørgensen", "Yılmaz", "Warsame", "Nguyen", "Kovalenko", "Tehrani", "Nowak", "Chaudhry"]
JOBS = ["Sygeplejerske", "Sagsbehandler", "Pædagog", "Projektleder", "Caseworker", "Teacher"]
ORGS = ["Rigshospitalet", "Københavns Kommune", "Region Hovedstaden", "Aarhus Universitet"]


def _merge_pdfs(parts: list[bytes], pages: int) -> bytes:
    import pymupdf

    out = pymupdf.open()
    for data in parts:
        with pymupdf.open(stream=data, filetype="pdf") as src:
            out.insert_pdf(src)
        if out.page_count >= pages:
            break
    while out.page_count > pages:
        out.delete_page(-1)
    data = out.tobytes(garbage=3, deflate=True)
    out.close()
    return data


def make_documents(folder: Path, count: int, seed: int, generator: str, shared: Path) -> dict[str, Any]:
    """Write ``count`` CVs of 1-4 pages (PDF and DOCX) as single-file applications into ``folder``."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    pool: list[tuple[str, bytes]] = []
    used = "simple"
    if generator in ("auto", "samples"):
        try:
            sys.path.insert(0, str(REPO / "samples"))
            import generate as samples_generate  # type: ignore[import-not-found]

            with tempfile.TemporaryDirectory() as tmp:
                records = samples_generate.generate(Path(tmp), count=max(20, count // 2), seed=seed,
                                                    shared=shared if shared.is_dir() else None)
                pool = [(r["format"], (Path(tmp) / "docs" / r["doc"]).read_bytes()) for r in records]
            used = "samples/generate.py"
        except Exception as exc:
            if generator == "samples":
                raise
            print(f"batch_bench: samples generator unavailable ({type(exc).__name__}); using simple CVs",
                  file=sys.stderr)
    pdfs = [d for f, d in pool if f == "pdf"]
    docxs = [d for f, d in pool if f == "docx"]
    pages_hist: dict[int, int] = {}
    for i in range(count):
        pages = rng.choice([1, 1, 2, 2, 3, 4])
        fmt = "pdf" if i % 5 < 3 else "docx"
        if fmt == "pdf":
            data = _merge_pdfs([rng.choice(pdfs) for _ in range(4)], pages) if pdfs else _simple_pdf(rng, pages)
        else:
            data = rng.choice(docxs) if docxs else _simple_docx(rng, pages)
        (folder / f"application-{i + 1:04d}.{fmt}").write_bytes(data)
        if fmt == "pdf":
            pages_hist[pages] = pages_hist.get(pages, 0) + 1
    return {"generator": used, "pdf_pages": dict(sorted(pages_hist.items()))}


# ------------------------------------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--count", type=int, default=200, help="number of CVs (default 200)")
    ap.add_argument("--workers", default=None, help="comma-separated worker counts (default: 1,2,N)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--generator", choices=["auto", "samples", "simple"], default="auto")
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="shared data (name lists)")
    ap.add_argument("--overhead", action="store_true",
                    help="use a copy-only pipeline: measures the batch machinery, not the redaction")
    ap.add_argument("--keep", type=Path, default=None, help="keep the generated inbox and outputs here")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    args = ap.parse_args(argv)

    n_cpu = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    counts = ([int(x) for x in args.workers.split(",")] if args.workers else sorted({1, 2, n_cpu}))
    work = args.keep or Path(tempfile.mkdtemp(prefix="redactor-bench-"))
    inbox = work / "inbox"
    if inbox.exists():
        shutil.rmtree(inbox)
    t = time.perf_counter()
    info = make_documents(inbox, args.count, args.seed, args.generator, args.shared)
    print(f"generated {args.count} CVs with {info['generator']} in {time.perf_counter() - t:.1f} s "
          f"(PDF pages: {info['pdf_pages']}); {n_cpu} CPUs", flush=True)

    factory = copy_factory if args.overhead else None
    if factory is None:
        from redactor.pipeline import Pipeline

        t = time.perf_counter()
        Pipeline(load_config())
        print(f"pipeline load time (once per worker): {time.perf_counter() - t:.1f} s", flush=True)

    rows = []
    print(f"{'workers':>7} {'docs':>5} {'pages':>6} {'wall s':>8} {'docs/s':>7} {'pages/s':>8}  outcomes")
    for n in counts:
        out = work / f"outbox-{n}"
        for p in (out, work / f"outbox-{n}.keys.json"):
            if p.is_dir():
                shutil.rmtree(p)
            elif p.exists():
                p.unlink()
        kwargs: dict[str, Any] = {"pipeline_factory": factory} if factory is not None else {}
        res = run_batch(inbox, out, workers=n, config=load_config(), **kwargs)
        run = res.summary["this_run"]
        pages = run["pages"]
        row = {"workers": n, "documents": res.processed, "pages": pages, "seconds": res.seconds,
               "documents_per_second": round(res.processed / res.seconds, 3),
               "pages_per_second": round(pages / res.seconds, 3), "outcomes": res.counts}
        rows.append(row)
        outcomes = ", ".join(f"{k} {v}" for k, v in res.counts.items() if v)
        print(f"{n:>7} {res.processed:>5} {pages:>6} {res.seconds:>8.1f} {row['documents_per_second']:>7.2f} "
              f"{row['pages_per_second']:>8.2f}  {outcomes}", flush=True)
    if args.json:
        args.json.write_text(json.dumps({"cpus": n_cpu, **info, "rows": rows}, indent=1), encoding="utf-8")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
