#!/usr/bin/env python3
"""What the residual-risk check costs per document (issue 13's target: at most 10 % of the time per document).

    .venv/bin/python benchmarks/residual_cost.py [--limit 60] [--repeat 2] [--json FILE]

Runs the same documents through two pipelines on one pinned core, one with the residual check and one without
(``residual_check: false``), alternating per document so that load from other jobs hits both alike; the fastest
of ``--repeat`` passes of each document counts. Documents: the bundled samples (``samples/docs``) and the generated
wild documents (``samples/wild/docs``), read into memory first. Prints per-document medians, the cost in per
cent (the median of each document's with/without ratio, and over the summed times) and the time spent inside
``ResidualChecker.check`` alone (the rest of the cost is the output's line extraction the check reads).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
TARGET_PERCENT = 10.0


def _documents(limit: int) -> list[tuple[str, bytes]]:
    paths = sorted((REPO / "samples" / "docs").glob("*.*")) + sorted((REPO / "samples" / "wild" / "docs").glob("*.*"))
    paths = [p for p in paths if p.suffix.lower() in (".pdf", ".docx")]
    # every n-th document, so that a small limit still mixes samples and wild, PDF and DOCX
    step = max(1, len(paths) // limit) if limit else 1
    chosen = paths[::step][:limit] if limit else paths
    return [(p.name, p.read_bytes()) for p in chosen]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=60, help="documents (0: all)")
    ap.add_argument("--repeat", type=int, default=2, help="passes per document; the fastest counts")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)

    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_THREAD_LIMIT"):
        os.environ[var] = "1"
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    from redactor import Pipeline, load_config
    from redactor.verify import residual

    inside = [0.0]
    original = residual.ResidualChecker.check

    def timed(self, *a, **k):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        try:
            return original(self, *a, **k)
        finally:
            inside[0] += time.perf_counter() - t

    residual.ResidualChecker.check = timed  # type: ignore[method-assign]
    with_check = Pipeline(load_config())
    without = Pipeline(load_config(residual_check=False))
    docs = _documents(args.limit)
    for p in (with_check, without):  # warm-up: models load on first use
        p.redact(docs[0][1], filename=docs[0][0])
    inside[0] = 0.0

    on: list[float] = []
    off: list[float] = []
    for name, data in docs:
        best_on = best_off = float("inf")
        for _ in range(args.repeat):
            for pipe, is_on in ((with_check, True), (without, False)):
                t = time.perf_counter()
                pipe.redact(data, filename=name)
                dt = time.perf_counter() - t
                if is_on:
                    best_on = min(best_on, dt)
                else:
                    best_off = min(best_off, dt)
        on.append(best_on)
        off.append(best_off)

    total_on, total_off = sum(on), sum(off)
    check_share = inside[0] / args.repeat / total_on * 100 if total_on else 0.0
    summed = (total_on - total_off) / total_off * 100 if total_off else 0.0
    # per document: the median of (with / without - 1); an outlier (a scan, a burst of load) moves it least
    cost = statistics.median((a / b - 1) * 100 for a, b in zip(on, off, strict=True) if b > 0)
    figures = {
        "documents": len(docs),
        "median_ms_with": round(statistics.median(on) * 1000, 1),
        "median_ms_without": round(statistics.median(off) * 1000, 1),
        "total_s_with": round(total_on, 2),
        "total_s_without": round(total_off, 2),
        "cost_percent": round(cost, 1),
        "cost_percent_summed": round(summed, 1),
        "check_share_percent": round(check_share, 1),
        "target_percent": TARGET_PERCENT,
        "loadavg": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    print("Residual-check cost per document")
    print(f"documents                         {len(docs)}")
    print(f"median per document, with check   {figures['median_ms_with']} ms")
    print(f"median per document, without      {figures['median_ms_without']} ms")
    print(f"total with / without              {figures['total_s_with']} s / {figures['total_s_without']} s")
    print(f"cost per document (median)        {figures['cost_percent']} %   target <= {TARGET_PERCENT} %: "
          f"{'met' if cost <= TARGET_PERCENT else 'missed'}")
    print(f"cost over the summed times        {figures['cost_percent_summed']} %")
    print(f"time inside ResidualChecker.check {figures['check_share_percent']} % of the time with the check")
    print(f"load average                      {figures['loadavg']}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
