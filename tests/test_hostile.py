"""Hostile and broken input: limits, no network, no personal data in logs, reports or temp files."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
import textwrap

import pymupdf
import pytest

from conftest import REPO, make_pdf
from redactor import Outcome, Pipeline, load_config
from redactor.report import result_to_report

SECRETS = {
    "name": "Zeynep Kaya-Osterberg",
    "email": "zeynep.kaya@example.net",
    "phone": "+45 31 41 59 26",
    "cpr": "010190-4321",
}


def _leaky_pdf() -> bytes:
    return make_pdf([(SECRETS["name"], 20), f"E-mail: {SECRETS['email']}", f"Telefon: {SECRETS['phone']}",
                     f"CPR-nummer: {SECRETS['cpr']}", "Erfaring: 2014-2022 Bibliotekar, Københavns Biblioteker"],
                    metadata={"author": SECRETS["name"]})


def _contains_secret(text: str) -> list[str]:
    low = text.casefold()
    probes = [SECRETS["name"], "zeynep", "osterberg", SECRETS["email"], "31 41 59 26", "31415926", "010190"]
    return [p for p in probes if p.casefold() in low]


@pytest.mark.parametrize(
    "override, make, code",
    [
        ({"max_pages": 2}, lambda: _pages(3), "R204"),
        ({"max_file_mb": 0.001}, _leaky_pdf, "R204"),
        ({"max_page_side_pt": 500}, _leaky_pdf, "R204"),
    ],
)
def test_hostile_limits_refuse_with_reason(override, make, code) -> None:
    limits = load_config().limits.model_copy(update=override)
    pipe = Pipeline(load_config(limits=limits.model_dump()))
    res = pipe.redact(make())
    assert res.outcome is Outcome.FAILED
    assert res.error_code == code
    assert res.error and "limit" in res.error


def _pages(n: int) -> bytes:
    doc = pymupdf.open()
    for i in range(n):
        doc.new_page().insert_text((72, 72), f"Side {i + 1}")
    return doc.tobytes()


def test_hostile_image_bomb_refused(pipeline) -> None:
    from PIL import Image

    cfg = load_config(limits={"max_image_pixels": 1_000_000})
    img = Image.new("L", (2000, 2000))
    import io

    buf = io.BytesIO()
    img.save(buf, "PNG")
    res = Pipeline(cfg).redact(buf.getvalue())
    assert res.outcome is Outcome.FAILED and res.error_code == "R204"


@pytest.mark.parametrize(
    "data, code",
    [
        (b"", "R201"),
        (b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64, "R201"),  # a video
        (b"MZ\x90\x00\x03" + b"\x00" * 200, "R201"),  # an executable
        (b"PK\x03\x04" + b"\x00" * 40, "R203"),  # broken zip
        (b"%PDF-1.7\n%%EOF", "R203"),
    ],
)
def test_hostile_unsupported_and_corrupt_inputs(pipeline, data: bytes, code: str) -> None:
    res = pipeline.redact(data)
    assert res.outcome is Outcome.FAILED
    assert res.error_code == code, res.error


def test_hostile_no_personal_data_in_logs_reports_errors_or_temp_files(pipeline, caplog, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    caplog.set_level(logging.DEBUG)
    res = pipeline.redact(_leaky_pdf(), filename="Zeynep_Kaya-Osterberg_CV.pdf")
    assert res.outcome is not Outcome.FAILED
    report = json.dumps(result_to_report(res, output_name="doc-1.pdf"), ensure_ascii=False)
    assert _contains_secret(report) == []
    assert "Zeynep_Kaya" not in report
    # a failing document: its error message names no personal data either
    broken = _leaky_pdf()[:900]
    res2 = pipeline.redact(broken, filename="Zeynep_Kaya-Osterberg_CV.pdf")
    assert _contains_secret(f"{res2.error} {res2.reasons}") == []
    logs = "\n".join(r.getMessage() + " " + str(r.args) for r in caplog.records)
    assert _contains_secret(logs) == []
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind


def test_hostile_report_includes_text_only_when_asked(pipeline) -> None:
    res = pipeline.redact(_leaky_pdf())
    assert _contains_secret(json.dumps(result_to_report(res), ensure_ascii=False)) == []
    with_text = json.dumps(result_to_report(res, include_text=True), ensure_ascii=False)
    assert _contains_secret(with_text)


NO_NET = textwrap.dedent(
    """
    import socket, sys, json, warnings, time
    attempts = []
    def _audit(event, args):
        # block every name lookup, connection and datagram (urllib3's import-time probe only binds ::1)
        if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
                     "socket.sendto", "urllib.Request"):
            attempts.append(event)
            raise RuntimeError("network access attempted")
    sys.addaudithook(_audit)
    t0 = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        from redactor import Pipeline
        p = Pipeline()
        from pathlib import Path
        data = Path(sys.argv[1]).read_bytes()
        r = p.redact(data)
    print(json.dumps({"outcome": str(r.outcome), "error": r.error, "n": len(r.decisions),
                      "cats": sorted({str(d.finding.category) for d in r.decisions}),
                      "warnings": [str(w.message) for w in caught], "attempts": attempts,
                      "seconds": time.perf_counter() - t0}))
    """
)


def test_hostile_no_network_at_run_time(tmp_path, pipeline) -> None:
    src = tmp_path / "cv.pdf"
    src.write_bytes(_leaky_pdf())
    script = tmp_path / "nonet.py"
    script.write_text(NO_NET)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "SPACY"))}
    res = subprocess.run([sys.executable, str(script), str(src)], capture_output=True, text=True, env=env,
                         cwd=REPO, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["error"] is None
    assert out["attempts"] == []
    expected = pipeline.redact(src.read_bytes())
    assert out["outcome"] == str(expected.outcome)
    assert out["cats"] == sorted({str(d.finding.category) for d in expected.decisions})
    assert "network" not in res.stderr.lower()
    net_words = ("network", "socket", "http", "download", "connection")
    assert not [w for w in out["warnings"] if any(n in w.lower() for n in net_words)]
