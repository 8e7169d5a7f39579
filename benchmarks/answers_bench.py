#!/usr/bin/env python3
"""Benchmark the candidate overview: rows/s for a generated export (target: 1,000 rows in under 30 s, one core).

    python benchmarks/answers_bench.py [--rows 1000] [--seed 7] [--csv]

Prints wall and CPU seconds for reading, linking, anonymising, writing and verifying the overview
(the detectors are loaded first and not counted: a batch loads them once). CPU seconds are what one
core spends; wall seconds also count waiting for a busy machine.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
for extra in (REPO / "src", REPO / "samples"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

import answers_export  # noqa: E402

from redactor.answers import assign_numbers, prepare_export, write_overview  # noqa: E402
from redactor.config import load_config  # noqa: E402
from redactor.detect.engine import Detector  # noqa: E402

TARGET_S = 30.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--csv", action="store_true", help="read the export as CSV instead of XLSX")
    args = ap.parse_args(argv)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")  # one core
    config = load_config()
    t = time.perf_counter()
    detector = Detector(config)
    load_s = time.perf_counter() - t
    headers, rows, _truth = answers_export.generate(args.rows, args.seed)
    with tempfile.TemporaryDirectory(prefix="redactor-answers-bench-") as tmp:
        work = Path(tmp)
        export = work / ("export.csv" if args.csv else "export.xlsx")
        if args.csv:
            answers_export.write_csv(export, headers, rows)
        else:
            answers_export.write_xlsx(export, headers, rows)
        pool = iter(random.Random(args.seed).sample(range(100_000, 1_000_000), args.rows))
        wall0, cpu0 = time.perf_counter(), time.process_time()
        prepared = prepare_export(export, {}, lexicon=detector.names.lex)
        numbers, _ = assign_numbers(prepared, {}, {}, lambda: str(next(pool)))
        read_s = time.perf_counter() - wall0
        result = write_overview(prepared, work / "outbox", numbers, detector=detector, config=config)
        wall = time.perf_counter() - wall0
        cpu = time.process_time() - cpu0
    verdict = "within" if cpu < TARGET_S else "OVER"
    print(f"answers overview: {args.rows} rows ({export.suffix[1:]}), models loaded in {load_s:.1f} s (not counted)")
    print(f"  read + link      {read_s:6.2f} s wall")
    print(f"  total            {wall:6.2f} s wall, {cpu:6.2f} s CPU  ->  {args.rows / cpu:.0f} rows/s per core")
    print(f"  outcomes         {result.counts}; verification passed: {result.verification.passed}")
    print(f"  target           {args.rows} rows in < {TARGET_S:.0f} s on one core: {verdict} ({cpu:.1f} s CPU)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
