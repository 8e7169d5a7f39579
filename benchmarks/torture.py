"""Run every file of ../shared/data/torture through the pipeline and print per-file results and totals.

    .venv/bin/python benchmarks/torture.py [--shared ../shared] [--verbose]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SUFFIXES = {".pdf", ".docx", ".doc"}
PASSWORDS = ["openpassword", "asdfzxcv", "Password1234_", "user3", "foo"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    root = args.shared / "data" / "torture"
    if not root.is_dir():
        print(f"no torture corpus at {root}", file=sys.stderr)
        return 2
    from redactor import Pipeline, load_config

    pipe = Pipeline(load_config(passwords=PASSWORDS))
    totals: Counter[str] = Counter()
    reasons: Counter[str] = Counter()
    slow: list[tuple[float, str]] = []
    for path in sorted(p for p in root.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()):
        t = time.perf_counter()
        res = pipe.redact(path)
        dt = time.perf_counter() - t
        totals[str(res.outcome)] += 1
        rel = str(path.relative_to(root))
        slow.append((dt, rel))
        if res.error_code:
            reasons[f"[{res.error_code}] {res.error}"] += 1
        if args.verbose:
            print(f"{dt:7.2f}s {res.outcome!s:13} {res.error_code or '':5} {rel}", flush=True)
    print(f"files: {sum(totals.values())}  " + "  ".join(f"{k}: {v}" for k, v in sorted(totals.items())))
    for reason, n in reasons.most_common():
        print(f"  {n:4d} x {reason}")
    slow.sort(reverse=True)
    print("slowest: " + ", ".join(f"{rel} {dt:.1f}s" for dt, rel in slow[:5]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
