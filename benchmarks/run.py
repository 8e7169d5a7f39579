#!/usr/bin/env python3
"""Speed and memory on one core: the PyMuPDF/python-docx floor, plain Presidio and the redactor, side by side.

    .venv/bin/python benchmarks/run.py [--count 200] [--quick] [--json FILE] [--repeat N] [--profile FILE]

Every system runs in its own fresh worker subprocess (pinned to one CPU, BLAS/OpenMP threads = 1) over the
same generated documents held in memory; latencies are per document, peak memory is the worker's ru_maxrss.
See benchmarks/README.md for the meaning of each column.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_THREAD_LIMIT")
SYSTEMS = ("floor", "presidio", "redactor")
FORMATS = ("pdf", "docx", "all")
STAGES = ("extract", "detect", "images", "redact", "verify")
PAGE_CHOICES = (1, 1, 2, 2, 3, 4)
HEADING = "Speed and memory benchmark"
TABLE_HEADING = "system    format  docs  pages   docs/s  pages/s  median ms  p95 ms  cpu med ms  cpu%"
TARGET_HEADING = ("target                                    measured (wall)     on CPU time"
                  "          target  result  on CPU")
# targets: (key, label, unit, limit, higher_is_better)
TARGETS: tuple[tuple[str, str, str, float, bool], ...] = (
    ("pdf2_median_ms", "median latency, 2-page text PDF", "ms", 150.0, False),
    ("text_pdf_pages_per_s", "pages/s on text PDFs", "pages/s", 15.0, True),
    ("cold_start_s", "cold start (import + Pipeline())", "s", 3.0, False),
    ("peak_memory_mb", "peak memory per worker, with OCR pages", "MB", 600.0, False),
    ("peak_memory_text_mb", "peak memory per worker, text documents", "MB", 600.0, False),
    ("ratio_vs_presidio", "redactor/presidio time, all documents", "x", 1.0, False),
)


# ------------------------------------------------------------------------------------------------ pinning


def pin(cpu: int | None = None) -> int:
    """Pin this process (and its children) to one CPU, BLAS/OpenMP single-threaded; returns the CPU."""
    for var in THREAD_VARS:
        os.environ[var] = "1"
    allowed = sorted(os.sched_getaffinity(0))
    chosen = allowed[0] if cpu is None else cpu
    os.sched_setaffinity(0, {chosen})
    return chosen


def _loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


# ------------------------------------------------------------------------------------------------ documents


def _page_break_paragraph() -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    par, run, brk = OxmlElement("w:p"), OxmlElement("w:r"), OxmlElement("w:br")
    brk.set(qn("w:type"), "page")
    run.append(brk)
    par.append(run)
    return par


def extend_docx(base: bytes, extras: Sequence[bytes], pages: int) -> bytes:
    """``base`` followed by the body text of ``extras`` (one per extra page, each after a page break).

    Elements that reference package relationships (pictures, hyperlinks) are left out of the appended parts,
    so the result stays a valid package; docProps/app.xml's page count is set to ``pages``.
    """
    import copy
    import io
    import re
    import zipfile

    import docx
    from docx.oxml.ns import qn

    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    doc = docx.Document(io.BytesIO(base))
    body = doc.element.body
    tail = body.find(qn("w:sectPr"))

    def put(element: Any) -> None:
        if tail is not None:
            tail.addprevious(element)
        else:
            body.append(element)

    for extra in extras[: max(0, pages - 1)]:
        put(_page_break_paragraph())
        for element in list(docx.Document(io.BytesIO(extra)).element.body):
            if element.tag == qn("w:sectPr"):
                continue
            if any(key.startswith(rel_ns) for node in element.iter() for key in node.attrib):
                continue
            new = copy.deepcopy(element)
            for sect in list(new.iter(qn("w:sectPr"))):
                sect.getparent().remove(sect)
            put(new)
    buf = io.BytesIO()
    doc.save(buf)
    out = io.BytesIO()
    with (zipfile.ZipFile(io.BytesIO(buf.getvalue())) as zin,
          zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout):
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "docProps/app.xml":
                data = re.sub(rb"<Pages>\d+</Pages>", f"<Pages>{pages}</Pages>".encode(), data)
            zout.writestr(item, data)
    return out.getvalue()


def scanned_pdf(pdf: bytes, page_no: int = 0, dpi: int = 300) -> bytes:
    """One page of ``pdf`` rendered to greyscale pixels and wrapped as an image-only PDF (a scan)."""
    import pymupdf

    with pymupdf.open(stream=pdf, filetype="pdf") as src:
        page = src[page_no]
        pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        image = pix.tobytes("jpeg", jpg_quality=85)
        rect = page.rect
    out = pymupdf.open()
    new = out.new_page(width=rect.width, height=rect.height)
    new.insert_image(new.rect, stream=image)
    data = out.tobytes(garbage=4, deflate=True)
    out.close()
    return data


def make_set(folder: Path, count: int, seed: int, shared: Path, scans: int) -> dict[str, Any]:
    """Write ``count`` CVs (PDF and DOCX, 1-4 pages) and ``scans`` scanned pages into ``folder``.

    Uses ``benchmarks/batch_bench.make_documents`` (which reuses samples/generate.py), then lengthens each
    DOCX to a seeded 1-4 pages. Returns the manifest: ``{"generator": str, "docs": [{"path", "format",
    "pages", "kind"}]}`` with kind "text" or "scan".
    """
    import pymupdf

    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    import batch_bench  # type: ignore[import-not-found]

    info = batch_bench.make_documents(folder, count, seed, "auto", shared)
    rng = random.Random(f"{seed}:run.py")
    files = sorted(p for p in folder.iterdir() if p.suffix in (".pdf", ".docx"))
    docx_bytes = [p.read_bytes() for p in files if p.suffix == ".docx"]
    docs: list[dict[str, Any]] = []
    for path in files:
        if path.suffix == ".pdf":
            with pymupdf.open(path) as doc:
                pages = doc.page_count
            docs.append({"path": str(path), "format": "pdf", "pages": pages, "kind": "text"})
        else:
            pages = rng.choice(PAGE_CHOICES)
            extras = [rng.choice(docx_bytes) for _ in range(pages - 1)]
            path.write_bytes(extend_docx(path.read_bytes(), extras, pages))
            docs.append({"path": str(path), "format": "docx", "pages": pages, "kind": "text"})
    pdfs = [d for d in docs if d["format"] == "pdf"]
    for i in range(min(scans, len(pdfs))):
        path = folder / f"scan-{i + 1:02d}.pdf"
        path.write_bytes(scanned_pdf(Path(pdfs[i]["path"]).read_bytes()))
        docs.append({"path": str(path), "format": "pdf", "pages": 1, "kind": "scan"})
    return {"generator": info["generator"], "docs": docs}


# ------------------------------------------------------------------------------------------------ systems


def offline_tldextract() -> None:
    """Make tldextract (used by Presidio's e-mail recognizer) use its bundled suffix list: no network."""
    os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""
    import tldextract
    import tldextract.tldextract as tld_module

    tld_module.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def make_presidio_analyzer(model_dir: Path) -> Any:
    """A plain Presidio AnalyzerEngine (default recognizers, English), spaCy model loaded from a path."""
    offline_tldextract()
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    conf = {"nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": str(model_dir)}]}
    engine = NlpEngineProvider(nlp_configuration=conf).create_engine()
    return AnalyzerEngine(nlp_engine=engine, supported_languages=["en"])


def floor_fn() -> Callable[[bytes, str], dict[str, Any]]:
    """Open, extract all text and rewrite (PDF, garbage=4); open and save (DOCX)."""
    import io

    import docx
    import pymupdf

    def run(data: bytes, fmt: str) -> dict[str, Any]:
        if fmt == "pdf":
            with pymupdf.open(stream=data, filetype="pdf") as doc:
                for page in doc:
                    page.get_text()
                out = doc.tobytes(garbage=4, deflate=True)
        else:
            buf = io.BytesIO()
            docx.Document(io.BytesIO(data)).save(buf)
            out = buf.getvalue()
        return {"out_bytes": len(out)}

    return run


def presidio_fn(model_dir: Path) -> Callable[[bytes, str], dict[str, Any]]:
    """Plain Presidio: analyze extracted text; PDFs get PyMuPDF redactions of the hits, DOCX is only saved."""
    import io

    import docx
    import pymupdf

    analyzer = make_presidio_analyzer(model_dir)

    def run(data: bytes, fmt: str) -> dict[str, Any]:
        hits = 0
        if fmt == "pdf":
            with pymupdf.open(stream=data, filetype="pdf") as doc:
                for page in doc:
                    text = page.get_text()
                    results = analyzer.analyze(text=text, language="en")
                    hits += len(results)
                    pieces = {line.strip() for r in results for line in text[r.start : r.end].splitlines()}
                    marked = False
                    for piece in sorted(p for p in pieces if p):
                        for rect in page.search_for(piece):
                            page.add_redact_annot(rect, fill=(0, 0, 0))
                            marked = True
                    if marked:
                        page.apply_redactions()
                out = doc.tobytes(garbage=4, deflate=True)
        else:
            document = docx.Document(io.BytesIO(data))
            parts = [p.text for p in document.paragraphs]
            parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
            hits = len(analyzer.analyze(text="\n".join(parts), language="en"))
            buf = io.BytesIO()
            document.save(buf)
            out = buf.getvalue()
        return {"out_bytes": len(out), "hits": hits}

    return run


def redactor_fn() -> Callable[[bytes, str], dict[str, Any]]:
    """redactor.Pipeline().redact, verification included; keeps the per-stage timings and the outcome."""
    from redactor import Pipeline

    pipe = Pipeline()

    def run(data: bytes, fmt: str) -> dict[str, Any]:
        res = pipe.redact(data)
        return {"out_bytes": len(res.output or b""), "outcome": str(res.outcome.value),
                "timings": dict(res.timings), "error_code": res.error_code}

    return run


def _system(name: str) -> Callable[[bytes, str], dict[str, Any]]:
    if name == "floor":
        return floor_fn()
    if name == "presidio":
        return presidio_fn(REPO / "models" / "ner")
    return redactor_fn()


# ------------------------------------------------------------------------------------------------ workers


def worker(system: str, manifest: Path, out: Path, repeat: int) -> int:
    """Run one system over the manifest's documents in this (fresh) process and write per-document records."""
    docs = json.loads(manifest.read_text(encoding="utf-8"))["docs"]
    blobs = [Path(d["path"]).read_bytes() for d in docs]
    t = time.perf_counter()
    run = _system(system)
    setup = time.perf_counter() - t
    text = [i for i, d in enumerate(docs) if d["kind"] == "text"]
    for fmt in ("pdf", "docx"):  # warm-up, not counted: lazy imports and first-call caches
        first = next((i for i in text if docs[i]["format"] == fmt), None)
        if first is not None:
            run(blobs[first], fmt)
    records: list[dict[str, Any] | None] = [None] * len(docs)
    rss_text_mb = 0.0
    for rep in range(repeat):
        for i, d in enumerate(docs):
            if d["kind"] == "scan" and not rss_text_mb:  # scans come last in the manifest
                rss_text_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            if d["kind"] == "scan" and (system != "redactor" or rep > 0):
                continue  # OCR only in the redactor, and once
            w0, c0 = time.perf_counter(), time.process_time()
            extra = run(blobs[i], d["format"])
            wall, cpu = time.perf_counter() - w0, time.process_time() - c0
            old = records[i]
            if old is None or wall < old["seconds"]:  # the fastest repetition of each document
                records[i] = {**d, "seconds": wall, "cpu_seconds": cpu, **extra}
        print(f"  {system}: pass {rep + 1}/{repeat} done", file=sys.stderr, flush=True)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    payload = {"system": system, "setup_s": setup, "peak_rss_mb": rss_mb,
               "peak_rss_text_mb": rss_text_mb or rss_mb, "records": [r for r in records if r is not None]}
    out.write_text(json.dumps(payload), encoding="utf-8")
    return 0


def cold(system: str, first_doc: Path | None) -> int:
    """Time the import and construction in this fresh process (and the first document); print JSON."""
    t0, c0 = time.perf_counter(), time.process_time()
    if system == "redactor":
        import redactor

        t1 = time.perf_counter()
        pipe = redactor.Pipeline()
        t2 = time.perf_counter()

        def first(data: bytes) -> object:
            return pipe.redact(data)
    else:
        offline_tldextract()
        import presidio_analyzer  # noqa: F401

        t1 = time.perf_counter()
        analyzer = make_presidio_analyzer(REPO / "models" / "ner")
        t2 = time.perf_counter()

        def first(data: bytes) -> object:
            import pymupdf

            with pymupdf.open(stream=data, filetype="pdf") as doc:
                return [analyzer.analyze(text=p.get_text(), language="en") for p in doc]

    c2 = time.process_time()
    first_s = None
    if first_doc is not None:
        t3 = time.perf_counter()
        first(first_doc.read_bytes())
        first_s = time.perf_counter() - t3
    print(json.dumps({"import_s": t1 - t0, "construct_s": t2 - t1, "cold_start_s": t2 - t0,
                      "cold_start_cpu_s": c2 - c0, "first_doc_s": first_s}))
    return 0


def profile(manifest: Path, out: Path, count: int, top: int = 25) -> int:
    """cProfile over Pipeline.redact for ``count`` text documents; write the top functions to ``out``."""
    import cProfile
    import io
    import pstats

    from redactor import Pipeline

    docs = json.loads(manifest.read_text(encoding="utf-8"))["docs"]
    docs = [d for d in docs if d["kind"] == "text"][:count]
    blobs = [Path(d["path"]).read_bytes() for d in docs]
    pipe = Pipeline()
    for fmt in ("pdf", "docx"):
        first = next((b for d, b in zip(docs, blobs, strict=True) if d["format"] == fmt), None)
        if first is not None:
            pipe.redact(first)
    prof = cProfile.Profile()
    t, c = time.perf_counter(), time.process_time()
    prof.enable()
    for data in blobs:
        pipe.redact(data)
    prof.disable()
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    buf = io.StringIO()
    pages = sum(d["pages"] for d in docs)
    buf.write(f"cProfile over Pipeline.redact: {len(docs)} documents, {pages} pages, {wall:.2f} s wall under "
              f"the profiler (profiling overhead included), CPU share {cpu / wall * 100:.0f}% (below 100%: "
              f"other processes took the pinned core, or time spent in subprocesses); load average "
              f"{_loadavg()}\n\n")
    for key in ("cumulative", "tottime"):
        buf.write(f"==== top {top} by {key} time ====\n")
        pstats.Stats(prof, stream=buf).strip_dirs().sort_stats(key).print_stats(top)
    out.write_text(buf.getvalue(), encoding="utf-8")
    return 0


def _child(args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, str(Path(__file__).resolve()), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False, cwd=str(REPO))


# ------------------------------------------------------------------------------------------------ figures


def _p95(values: Sequence[float]) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def summarise(records: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """docs, pages, seconds, docs/s, pages/s, median and p95 latency (ms), CPU share of wall time."""
    secs = [r["seconds"] for r in records]
    cpus = [r["cpu_seconds"] for r in records]
    total = sum(secs)
    pages = sum(r["pages"] for r in records)
    return {
        "docs": len(records), "pages": pages, "seconds": round(total, 4),
        "docs_per_s": round(len(records) / total, 3) if total else 0.0,
        "pages_per_s": round(pages / total, 3) if total else 0.0,
        "median_ms": round(statistics.median(secs) * 1000, 1) if secs else 0.0,
        "cpu_median_ms": round(statistics.median(cpus) * 1000, 1) if cpus else 0.0,
        "cpu_pages_per_s": round(pages / sum(cpus), 3) if sum(cpus) else 0.0,
        "p95_ms": round(_p95(secs) * 1000, 1),
        "cpu_seconds": round(sum(cpus), 4),
        "cpu_share": round(sum(cpus) / total, 3) if total else 0.0,
    }


def figures(results: dict[str, dict[str, Any]], colds: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    out: dict[str, Any] = {"systems": {}}
    for system, res in results.items():
        text = [r for r in res["records"] if r["kind"] == "text"]
        rows = {fmt: summarise([r for r in text if fmt == "all" or r["format"] == fmt]) for fmt in FORMATS}
        pdf2 = [r for r in text if r["format"] == "pdf" and r["pages"] == 2]
        for key, field in (("pdf2_median_ms", "seconds"), ("pdf2_cpu_median_ms", "cpu_seconds")):
            rows[key] = round(statistics.median(r[field] for r in pdf2) * 1000, 1) if pdf2 else None
        rows["peak_rss_mb"] = round(res["peak_rss_mb"], 1)
        rows["peak_rss_text_mb"] = round(res["peak_rss_text_mb"], 1)
        rows["setup_s"] = round(res["setup_s"], 3)
        out["systems"][system] = rows
    red = results["redactor"]["records"]
    text = [r for r in red if r["kind"] == "text"]
    stages: dict[str, dict[str, float]] = {}
    for fmt in FORMATS:
        sel = [r for r in text if fmt == "all" or r["format"] == fmt]
        sums = {k: round(sum(r["timings"].get(k, 0.0) for r in sel), 3) for k in STAGES}
        total = sum(r["timings"].get("total", 0.0) for r in sel)
        sums["other"] = round(total - sum(sums.values()), 3)
        sums["total"] = round(total, 3)
        stages[fmt] = sums
    out["redactor_stages_s"] = stages
    outcomes: dict[str, int] = {}
    for r in red:
        outcomes[r["outcome"]] = outcomes.get(r["outcome"], 0) + 1
    out["redactor_outcomes"] = outcomes
    scans = [r for r in red if r["kind"] == "scan"]
    if scans:
        n = sum(r["pages"] for r in scans)
        out["ocr"] = {"pages": n, "seconds_per_page": round(sum(r["seconds"] for r in scans) / n, 3),
                      "ocr_stage_per_page": round(sum(r["timings"].get("ocr", 0.0) for r in scans) / n, 3),
                      "verify_per_page": round(sum(r["timings"].get("verify", 0.0) for r in scans) / n, 3),
                      "outcomes": sorted({r["outcome"] for r in scans})}
    s = out["systems"]
    out["ratios"] = {
        f"{a}/{b}_{fmt}{suffix}": round(s[a][fmt][field] / s[b][fmt][field], 2)
        for a, b in (("redactor", "floor"), ("redactor", "presidio"), ("presidio", "floor"))
        for fmt in FORMATS
        for field, suffix in (("seconds", ""), ("cpu_seconds", "_cpu")) if s[b][fmt][field]
    }
    out["cold_start"] = {k: {f: round(statistics.median(x[f] for x in v), 3)
                             for f in ("import_s", "construct_s", "cold_start_s", "cold_start_cpu_s")}
                         | {"first_doc_s": round(statistics.median(x["first_doc_s"] or 0.0 for x in v), 3),
                            "runs": [round(x["cold_start_s"], 3) for x in v]}
                         for k, v in colds.items()}
    text_pdf = s["redactor"]["pdf"]
    measured = {
        "pdf2_median_ms": (s["redactor"]["pdf2_median_ms"], s["redactor"]["pdf2_cpu_median_ms"]),
        "text_pdf_pages_per_s": (text_pdf["pages_per_s"], text_pdf["cpu_pages_per_s"]),
        "cold_start_s": (out["cold_start"]["redactor"]["cold_start_s"],
                         out["cold_start"]["redactor"]["cold_start_cpu_s"]),
        "peak_memory_mb": (s["redactor"]["peak_rss_mb"], None),
        "peak_memory_text_mb": (s["redactor"]["peak_rss_text_mb"], None),
        "ratio_vs_presidio": (out["ratios"].get("redactor/presidio_all"),
                              out["ratios"].get("redactor/presidio_all_cpu")),
    }

    def verdict(value: float | None, limit: float, higher: bool) -> str:
        if value is None:
            return "-"
        return "PASS" if (value >= limit if higher else value <= limit) else "MISS"

    out["targets"] = {}
    for key, _label, _unit, limit, higher in TARGETS:
        wall, cpu = measured[key]
        out["targets"][key] = {"measured": wall, "measured_cpu": cpu, "target": limit,
                               "result": verdict(wall, limit, higher),
                               "result_cpu": verdict(cpu, limit, higher) if cpu is not None else "-"}
    return out


def render(fig: dict[str, Any], meta: dict[str, Any]) -> str:
    lines = [f"{HEADING}: {meta['docs']} documents ({meta['pdf']} PDF, {meta['docx']} DOCX; "
             f"{meta['pages']} pages) "
             f"+ {meta['scans']} scanned page(s); generator {meta['generator']}, seed {meta['seed']}",
             f"pinned to CPU {meta['cpu']} (one core; {', '.join(THREAD_VARS)} = 1); each system in a fresh "
             f"worker process, documents in memory, {meta['repeat']} pass(es), fastest pass per document",
             f"load average before {meta['load_before']}, after {meta['load_after']}", "", TABLE_HEADING]
    for system in SYSTEMS:
        for fmt in FORMATS:
            r = fig["systems"][system][fmt]
            lines.append(f"{system:<9} {fmt:<6} {r['docs']:>5} {r['pages']:>6} {r['docs_per_s']:>8.2f} "
                         f"{r['pages_per_s']:>8.2f} {r['median_ms']:>10.1f} {r['p95_ms']:>7.1f} "
                         f"{r['cpu_median_ms']:>11.1f} {r['cpu_share'] * 100:>5.0f}")
    lines.append("")
    ratio = fig["ratios"]
    for suffix, what in (("", "wall"), ("_cpu", "CPU")):
        lines.append(f"ratios ({what} time){' ' * (5 - len(what))}  " + "   ".join(
            f"{a}: pdf {ratio.get(f'{a}_pdf{suffix}', 0):.2f}x docx {ratio.get(f'{a}_docx{suffix}', 0):.2f}x "
            f"all {ratio.get(f'{a}_all{suffix}', 0):.2f}x" for a in ("redactor/floor", "redactor/presidio")))
    s = fig["systems"]
    lines.append("median 2-page text PDF   " + "   ".join(
        f"{k} {s[k]['pdf2_median_ms'] or 0:.1f} ms (CPU {s[k]['pdf2_cpu_median_ms'] or 0:.1f})"
        for k in SYSTEMS))
    lines.append("")
    lines.append("redactor stages (seconds summed over the set, share of total)")
    for fmt in FORMATS:
        st = fig["redactor_stages_s"][fmt]
        tot = st["total"] or 1.0
        parts = "  ".join(f"{k} {st[k]:.2f} ({st[k] / tot * 100:.0f}%)" for k in (*STAGES, "other"))
        lines.append(f"  {fmt:<5} total {st['total']:.2f} s:  {parts}")
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(fig["redactor_outcomes"].items()))
    lines.append(f"redactor outcomes        {outcomes}")
    lines.append("")
    c = fig["cold_start"]
    lines.append(f"cold start (fresh process, median of {len(c['redactor']['runs'])}: import + construction; "
                 "then the first 2-page PDF)")
    for k in ("redactor", "presidio"):
        lines.append(f"  {k:<9} {c[k]['cold_start_s']:.2f} s (import {c[k]['import_s']:.2f} + construct "
                     f"{c[k]['construct_s']:.2f}; CPU {c[k]['cold_start_cpu_s']:.2f} s); first document "
                     f"{c[k]['first_doc_s']:.2f} s; runs {c[k]['runs']}")
    lines.append("peak memory per worker (ru_maxrss)   " + "   ".join(
        f"{k} {s[k]['peak_rss_text_mb']:.0f} MB" for k in SYSTEMS)
        + f"   redactor after the OCR pages {s['redactor']['peak_rss_mb']:.0f} MB")
    ocr = fig.get("ocr")
    if ocr:
        lines.append(f"OCR (redactor, {ocr['pages']} scanned page(s), not in the table): "
                     f"{ocr['seconds_per_page']:.2f} s per OCR page "
                     f"(ocr stage {ocr['ocr_stage_per_page']:.2f} s, "
                     f"verify {ocr['verify_per_page']:.2f} s); outcomes {', '.join(ocr['outcomes'])}")
    busy = [f"{k} {s[k]['all']['cpu_share'] * 100:.0f}%" for k in SYSTEMS if s[k]["all"]["cpu_share"] < 0.9]
    if busy:
        lines.append(f"NOTE: CPU share below 90% ({', '.join(busy)}): other processes took the core; wall "
                     "timings are noisy (rerun, use --repeat, or read the CPU-time figures)")
    lines += ["", TARGET_HEADING]
    for key, label, unit, limit, higher in TARGETS:
        t = fig["targets"][key]
        wall, cpu = (("-" if v is None else f"{v:.2f} {unit}") for v in (t["measured"], t["measured_cpu"]))
        bound = f"{'>=' if higher else '<='} {limit:g} {unit}"
        lines.append(f"{label:<40} {wall:>17} {cpu:>15} {bound:>15}  {t['result']:<6}  {t['result_cpu']}")
    return "\n".join(lines)


# ------------------------------------------------------------------------------------------------ main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--count", type=int, default=200, help="number of generated CVs (default 200)")
    ap.add_argument("--quick", action="store_true", help="CI smoke: ~12 documents, 1 scan, 1 cold-start run")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--scans", type=int, default=None, help="scanned pages for the OCR line (default 3)")
    ap.add_argument("--repeat", type=int, default=1,
                    help="passes per system; the fastest pass of each document counts")
    ap.add_argument("--cold-runs", type=int, default=None,
                    help="cold-start subprocesses per system (default 3)")
    ap.add_argument("--cpu", type=int, default=None, help="CPU to pin to (default: the first allowed)")
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared", help="shared data (name lists)")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")
    ap.add_argument("--profile", type=Path, default=None,
                    help="also cProfile the redactor; write the top 25 functions to this file")
    ap.add_argument("--profile-count", type=int, default=40)
    ap.add_argument("--keep", type=Path, default=None, help="keep the generated documents in this folder")
    ap.add_argument("--worker", choices=SYSTEMS, help=argparse.SUPPRESS)
    ap.add_argument("--cold", choices=("redactor", "presidio"), help=argparse.SUPPRESS)
    ap.add_argument("--profile-worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--manifest", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--first-doc", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    cpu = pin(args.cpu)
    if args.worker:
        return worker(args.worker, args.manifest, args.out, args.repeat)
    if args.cold:
        return cold(args.cold, args.first_doc)
    if args.profile_worker:
        return profile(args.manifest, args.out, args.profile_count)

    count = 12 if args.quick else args.count
    scans = args.scans if args.scans is not None else (1 if args.quick else 3)
    cold_runs = args.cold_runs or (1 if args.quick else 3)
    load_before = _loadavg()
    work = args.keep or Path(tempfile.mkdtemp(prefix="redactor-speed-"))
    try:
        folder = work / "docs"
        if folder.exists():
            shutil.rmtree(folder)
        t = time.perf_counter()
        manifest = make_set(folder, count, args.seed, args.shared, scans)
        manifest_path = work / "manifest.json"
        manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
        text = [d for d in manifest["docs"] if d["kind"] == "text"]
        print(f"generated {len(text)} CVs + {scans} scan(s) in {time.perf_counter() - t:.1f} s "
              f"({manifest['generator']}); pinned to CPU {cpu}", file=sys.stderr, flush=True)

        results: dict[str, dict[str, Any]] = {}
        for system in SYSTEMS:
            out = work / f"{system}.json"
            t = time.perf_counter()
            proc = _child(["--worker", system, "--manifest", str(manifest_path), "--out", str(out),
                           "--repeat", str(args.repeat), "--cpu", str(cpu)], timeout=7200)
            if proc.returncode != 0:
                print(proc.stderr[-4000:], file=sys.stderr)
                print(f"error: the {system} worker failed (exit {proc.returncode})", file=sys.stderr)
                return 1
            results[system] = json.loads(out.read_text(encoding="utf-8"))
            print(f"{system}: {time.perf_counter() - t:.1f} s", file=sys.stderr, flush=True)

        first = next((d for d in text if d["format"] == "pdf" and d["pages"] == 2),
                     next(d for d in text if d["format"] == "pdf"))
        colds: dict[str, list[dict[str, Any]]] = {"redactor": [], "presidio": []}
        for _ in range(cold_runs):
            for system in colds:
                proc = _child(["--cold", system, "--first-doc", first["path"], "--cpu", str(cpu)],
                              timeout=600)
                if proc.returncode != 0:
                    print(proc.stderr[-4000:], file=sys.stderr)
                    print(f"error: the {system} cold-start run failed", file=sys.stderr)
                    return 1
                colds[system].append(json.loads(proc.stdout.strip().splitlines()[-1]))

        fig = figures(results, colds)
        meta = {"docs": len(text), "pdf": sum(d["format"] == "pdf" for d in text),
                "docx": sum(d["format"] == "docx" for d in text), "pages": sum(d["pages"] for d in text),
                "scans": scans, "generator": manifest["generator"], "seed": args.seed, "cpu": cpu,
                "repeat": args.repeat, "load_before": load_before, "load_after": _loadavg()}
        print(render(fig, meta), flush=True)
        if args.json:
            args.json.write_text(json.dumps({"meta": meta, **fig}, indent=1), encoding="utf-8")
        if args.profile:
            proc = _child(["--profile-worker", "--manifest", str(manifest_path),
                           "--out", str(args.profile.resolve()), "--profile-count", str(args.profile_count),
                           "--cpu", str(cpu)], timeout=3600)
            if proc.returncode != 0:
                print(proc.stderr[-4000:], file=sys.stderr)
                return 1
            print(f"profile written to {args.profile}", file=sys.stderr)
        return 0
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
