"""Every odd, malformed, encrypted and feature-rich file in ../shared/data/torture gets an output or a
clear per-file error: never a crash, a hang or an internal error. Plus a bounded fuzz test: mutated
documents that carry a canary applicant end in a result; a clean output never holds the canary, and a
needs_review output holds it only when the verifier reported that value (never a silent leak)."""

from __future__ import annotations

import contextlib
import io
import os
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import SHARED, make_pdf
from redactor import Applicant, DocumentResult, Outcome, Pipeline, load_config

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


# The canary applicant of the fuzz tests: an invented name no list holds, given as form data (the strongest
# signal, so a mutation elsewhere in the file cannot make the name undetectable), with its e-mail and phone.
CANARY = Applicant(name="Zorbaxia Quennelton", email="zorbaxia.quennelton@example.dk", phone="+45 31 41 59 26")
# each trace of the canary, with the verifier categories that may report it
CANARY_MARKS = {"zorbaxia": {"NAME", "EMAIL"}, "quennelton": {"NAME", "EMAIL"}, "31 41 59 26": {"PHONE"},
                "31415926": {"PHONE"}}


def _output_strings(res: DocumentResult) -> str:
    """Everything a reader of the output could get at, casefolded: page text, metadata and every PDF object
    and stream decoded, or every part of a DOCX."""
    assert res.output is not None
    if res.output_format == "docx":
        with zipfile.ZipFile(io.BytesIO(res.output)) as z:
            return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()).casefold()
    import pymupdf

    parts: list[str] = [res.output.decode("latin-1")]
    with pymupdf.open(stream=res.output, filetype="pdf") as doc:
        parts.extend(v for v in (doc.metadata or {}).values() if v)
        for pno in range(doc.page_count):
            with contextlib.suppress(Exception):  # a damaged output (verification flags it) may lack a page
                parts.append(doc[pno].get_text())
        for xref in range(1, doc.xref_length()):
            with contextlib.suppress(Exception):
                parts.append(doc.xref_object(xref, compressed=False))
                if doc.xref_is_stream(xref):
                    parts.append((doc.xref_stream(xref) or b"").decode("latin-1"))
    return " ".join(parts).casefold()


def _assert_result_without_canary(res: DocumentResult) -> None:
    assert res.outcome in (Outcome.CLEAN, Outcome.NEEDS_REVIEW, Outcome.FAILED)
    if res.outcome is Outcome.FAILED:
        assert res.error_code in KNOWN_CODES | {"R301"}
        assert "internal error" not in (res.error or ""), res.error
        assert res.output is None
        return
    if res.outcome is Outcome.CLEAN:
        assert res.verification is not None and res.verification.passed
    text = _output_strings(res)
    left = [mark for mark in CANARY_MARKS if mark in text]
    if res.outcome is Outcome.CLEAN or not left:
        assert not left, res.outcome
        return
    # needs_review with the canary left (e.g. a damaged content stream whose glyphs redaction cannot
    # remove): never silent, the verifier must have reported that very value
    assert res.verification is not None and not res.verification.passed
    flagged = {i.category for i in res.verification.issues if i.kind in ("residual", "new_finding")}
    assert all(CANARY_MARKS[mark] & flagged for mark in left), (left, flagged)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(cuts=MUTATIONS)
@example(cuts=[(1979, 11, b"\x00" * 11)])  # damaged page: the text stays under the labels, verification says so
def test_fuzz_mutated_pdf_ends_in_result(pipeline, cuts) -> None:
    data = _mutate(make_pdf([(f"Navn: {CANARY.name}", 18), f"E-mail: {CANARY.email}", f"Telefon: {CANARY.phone}",
                             "Lærer 2010-2020"]), cuts)
    _assert_result_without_canary(pipeline.redact(data, applicant=CANARY))


def _docx_bytes() -> bytes:
    import docx

    d = docx.Document()
    d.add_heading(f"{CANARY.name}", 0)
    d.add_paragraph(f"E-mail: {CANARY.email}, telefon {CANARY.phone}")
    d.add_paragraph("Lærer, Vesterbro Skole, 2010-2020")
    d.core_properties.author = CANARY.name
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
    _assert_result_without_canary(pipeline.redact(out.getvalue(), applicant=CANARY))


def test_fuzz_canary_check_catches_a_leak(pipeline) -> None:
    """The check above is not vacuous: the same result with the original in place of its output fails it."""
    original = make_pdf([f"Navn: {CANARY.name}", "Lærer 2010-2020"])
    res = pipeline.redact(original, applicant=CANARY)
    assert res.outcome is not Outcome.FAILED and res.output_format == "pdf"
    _assert_result_without_canary(res)
    with pytest.raises(AssertionError):
        _assert_result_without_canary(replace(res, output=original))
    with pytest.raises(AssertionError):
        _assert_result_without_canary(replace(res, output=_docx_bytes(), output_format="docx"))
    # a needs_review output whose leak the verifier did not report fails it too
    with pytest.raises(AssertionError):
        _assert_result_without_canary(replace(res, outcome=Outcome.NEEDS_REVIEW, output=original))
