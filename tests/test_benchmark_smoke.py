"""Smoke test of benchmarks/run.py --quick: it runs to the end and prints every table (no timing checks)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "benchmarks" / "run.py"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_run", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # only stdlib imports at module level: cheap, no pinning
    return module


def test_benchmark_smoke_quick_prints_the_tables(tmp_path: Path) -> None:
    bench = _load_script()
    out_json = tmp_path / "figures.json"
    proc = subprocess.run([sys.executable, str(SCRIPT), "--quick", "--json", str(out_json)], cwd=REPO,
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    for heading in (bench.HEADING, bench.TABLE_HEADING, bench.TARGET_HEADING, "pinned to CPU", "cold start",
                    "peak memory per worker", "per OCR page", "redactor stages", "ratios (wall time)"):
        assert heading in proc.stdout, heading
    for system in bench.SYSTEMS:
        for fmt in bench.FORMATS:
            assert any(line.split()[:2] == [system, fmt] for line in proc.stdout.splitlines()), (system, fmt)
    for _key, label, *_rest in bench.TARGETS:
        assert label in proc.stdout, label
    figures = json.loads(out_json.read_text(encoding="utf-8"))
    assert set(figures["systems"]) == set(bench.SYSTEMS)
    assert figures["meta"]["docs"] >= 10
    assert {t["result"] for t in figures["targets"].values()} <= {"PASS", "MISS"}
    assert figures["ocr"]["pages"] >= 1
