"""Every odd, malformed, encrypted and feature-rich file in ../shared/data/torture gets an output or a
clear per-file error: never a crash, a hang or an internal error. Plus a bounded fuzz test."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SHARED, make_pdf
from redactor import Outcome, Pipeline, load_config

TORTURE = SHARED / "data" / "torture"
SUFFIXES = {".pdf", ".docx", ".doc"}
KNOWN_CODES = {"R201", "R202", "R203", "R204", "R401"}
FUZZ_EXAMPLES = int(os.environ.get("REDACTOR_FUZZ_EXAMPLES", "25"))


def _torture_files() -> list[Path]:
    if not TORTURE.is_dir():
        return []
    return sorted(p for p in TORTURE.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())


@pytest.fixture(scope="module")
def torture_pipeline() -> Pipeline:
    # the known passwords of the corpus, as an operator would supply them
    return Pipeline(load_config(passwords=["openpassword", "asdfzxcv", "Password1234_", "user3", "foo"]))


@pytest.mark.skipif(not TORTURE.is_dir(), reason="needs ../shared/data/torture (CI provides ../shared)")
def test_torture_corpus_is_there() -> None:
    assert len(_torture_files()) >= 200


@pytest.mark.parametrize("rel", [str(p.relative_to(TORTURE)) for p in _torture_files()] or ["<no corpus>"])
def test_torture_file_gets_output_or_clear_error(torture_pipeline, rel: str) -> None:
    """One test per file, so one slow file cannot hide the others. Totals: benchmarks/torture.py."""
    if rel == "<no corpus>":
        pytest.skip("needs ../shared/data/torture (CI provides ../shared)")
    res = torture_pipeline.redact(TORTURE / rel)
    if res.outcome is Outcome.FAILED:
        assert res.error_code in KNOWN_CODES, f"[{res.error_code}] {res.error}"
        assert res.error and "internal error" not in res.error
        assert res.output is None
    else:
        assert res.output, rel
        assert res.verification is not None
        if res.outcome is Outcome.CLEAN:
            assert res.verification.passed


def _mutate(data: bytes, cuts: list[tuple[int, int, bytes]]) -> bytes:
    buf = bytearray(data)
    for pos, length, insert in cuts:
        if not buf:
            break
        p = pos % len(buf)
        buf[p : p + length] = insert
    return bytes(buf)


MUTATIONS = st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 16), st.binary(max_size=16)),
                     min_size=1, max_size=6)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(cuts=MUTATIONS)
def test_fuzz_mutated_pdf_ends_in_result(pipeline, cuts) -> None:
    data = _mutate(make_pdf([("Ida Marie Holm", 18), "ida@example.dk", "Lærer 2010-2020"]), cuts)
    res = pipeline.redact(data)
    assert res.outcome in (Outcome.CLEAN, Outcome.NEEDS_REVIEW, Outcome.FAILED)
    if res.outcome is Outcome.FAILED:
        assert res.error_code in KNOWN_CODES | {"R301"}
        assert "internal error" not in (res.error or ""), res.error
    if res.outcome is Outcome.CLEAN:
        assert res.verification is not None and res.verification.passed


def _docx_bytes() -> bytes:
    import docx

    d = docx.Document()
    d.add_heading("Ida Marie Holm", 0)
    d.add_paragraph("E-mail: ida@example.dk, telefon 22 33 44 55")
    d.add_paragraph("Lærer, Vesterbro Skole, 2010-2020")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(cuts=MUTATIONS, member=st.integers(0, 50))
def test_fuzz_mutated_docx_ends_in_result(pipeline, cuts, member) -> None:
    """Mutate one XML part inside a valid DOCX (the zip stays valid, the XML does not)."""
    src = _docx_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(src)) as zin, zipfile.ZipFile(out, "w") as zout:
        names = zin.namelist()
        target = names[member % len(names)]
        for n in names:
            raw = zin.read(n)
            zout.writestr(n, _mutate(raw, cuts) if n == target else raw)
    res = pipeline.redact(out.getvalue())
    assert res.outcome in (Outcome.CLEAN, Outcome.NEEDS_REVIEW, Outcome.FAILED)
    if res.outcome is Outcome.FAILED:
        assert res.error_code in KNOWN_CODES | {"R301"}
        assert "internal error" not in (res.error or ""), res.error
    if res.outcome is Outcome.CLEAN:
        assert res.verification is not None and res.verification.passed
