"""End-to-end PDF: planted personal data is gone from every extraction path; qualifications stay."""

from __future__ import annotations

import shutil
import subprocess

import pymupdf
import pytest

from conftest import all_pdf_text, make_pdf
from redactor import Applicant, Outcome, load_config
from redactor.verify import verify_pdf

PLANTED = {
    "name": "Mette Kjærsgaard",
    "email": "mette.kjaersgaard@example.dk",
    "phone": "+45 23 45 67 89",
    "cpr": "120388-1234",
    "linkedin": "linkedin.com/in/mettekjaersgaard",
}
KEEP = ["Cand.scient.pol., Københavns Universitet", "Projektleder, Region Hovedstaden", "2015-2020",
        "Python, SQL og Power BI"]


def _cv() -> bytes:
    return make_pdf(
        [
            (PLANTED["name"], 22),
            "Personlige oplysninger",
            f"E-mail: {PLANTED['email']}",
            f"Mobil: {PLANTED['phone']}",
            f"CPR-nr.: {PLANTED['cpr']}",
            f"LinkedIn: {PLANTED['linkedin']}",
            "Erhvervserfaring",
            f"{KEEP[2]}  {KEEP[1]}",
            "Uddannelse",
            KEEP[0],
            f"Kompetencer: {KEEP[3]}",
        ],
        metadata={"author": PLANTED["name"], "title": "CV"},
        links=[f"mailto:{PLANTED['email']}", f"https://{PLANTED['linkedin']}"],
    )


def _pdftotext(data: bytes, tmp_path) -> str:
    if shutil.which("pdftotext") is None:
        return ""
    f = tmp_path / "o.pdf"
    f.write_bytes(data)
    return subprocess.run(["pdftotext", str(f), "-"], capture_output=True, check=True).stdout.decode()


def _surviving(text: str) -> list[str]:
    low = text.casefold()
    out = [k for k, v in PLANTED.items() if v.casefold() in low]
    out += [p for p in ("mette", "kjærsgaard", "kjaersgaard", "23 45 67 89", "120388") if p in low]
    return out


def test_pipeline_pdf_removes_planted_values_and_keeps_qualifications(pipeline, tmp_path) -> None:
    res = pipeline.redact(_cv(), filename="cv.pdf")
    assert res.outcome in (Outcome.CLEAN, Outcome.NEEDS_REVIEW)
    assert res.output is not None and res.output_format == "pdf"
    text = all_pdf_text(res.output) + "\n" + _pdftotext(res.output, tmp_path)
    assert _surviving(text) == []
    raw = res.output.decode("latin-1").casefold()
    assert "kjaersgaard" not in raw and "mette" not in raw
    for k in KEEP:
        assert k.split(",")[0] in all_pdf_text(res.output)
    cats = {str(d.finding.category) for d in res.decisions}
    assert {"NAME", "EMAIL", "PHONE", "CPR", "URL"} <= cats
    assert res.verification is not None and res.verification.passed


def test_pipeline_pdf_with_applicant_form_data(pipeline) -> None:
    data = make_pdf([("Ansøgning", 18), "Jeg hedder Ngozi Okonkwo-Adeyemi og søger stillingen.",
                     "Skriv til ngozi.okonkwo@example.org", "Med venlig hilsen", "Ngozi"])
    applicant = Applicant(name="Ngozi Okonkwo-Adeyemi", email="ngozi.okonkwo@example.org")
    res = pipeline.redact(data, applicant=applicant)
    text = all_pdf_text(res.output).casefold()
    assert "ngozi" not in text and "okonkwo" not in text and "adeyemi" not in text
    assert "søger stillingen" in text


def test_pipeline_pdf_path_input_leaves_original_untouched(pipeline, tmp_path) -> None:
    src = tmp_path / "Mette_Kjaersgaard_CV.pdf"
    original = _cv()
    src.write_bytes(original)
    res = pipeline.redact(src)
    assert src.read_bytes() == original
    assert res.output != original
    assert len(res.input_sha256) == 64


def test_pipeline_pdf_corrupt_input_fails_clearly(pipeline) -> None:
    res = pipeline.redact(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage without xref", filename="x.pdf")
    assert res.outcome is Outcome.FAILED
    assert res.error_code in ("R203", "R201")
    assert res.output is None


def test_pipeline_pdf_encrypted_input_fails_then_opens_with_password(tmp_path) -> None:
    from redactor import Pipeline

    doc = pymupdf.open(stream=_cv(), filetype="pdf")
    enc = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="hemmelig", owner_pw="ejer")
    res = Pipeline().redact(enc)
    assert res.outcome is Outcome.FAILED and res.error_code == "R202"
    assert "password" in (res.error or "")
    res2 = Pipeline(load_config(passwords=["forkert", "hemmelig"])).redact(enc)
    assert res2.outcome is not Outcome.FAILED
    out = pymupdf.open(stream=res2.output, filetype="pdf")
    assert not out.needs_pass  # the output is not encrypted
    assert _surviving(all_pdf_text(res2.output)) == []


def test_verify_pdf_flags_unredacted_output(pipeline) -> None:
    """Verification is independent: fed the original as 'output', it must fail."""
    data = _cv()
    res = pipeline.redact(data)
    labels = [v for t in pipeline.config.labels.values() for v in t.values()]
    report = verify_pdf(data, res.decisions, detect=None, labels=labels, threshold=0.6)
    assert not report.passed
    assert any(i.kind == "residual" for i in report.issues)
    assert any(i.kind == "structure" for i in report.issues)  # the original has metadata, links...


def test_pipeline_pdf_needs_review_when_verification_fails(pipeline, monkeypatch) -> None:
    """No silent leak: if verification finds anything, the outcome is never clean."""
    import redactor.pipeline as pl
    from redactor.types import VerifyIssue, VerifyReport

    monkeypatch.setattr(pl.Pipeline, "_verify", lambda *a, **k: VerifyReport(
        False, (VerifyIssue("residual", "planted"),)))
    res = pipeline.redact(make_pdf(["Erfaring: 2015-2020 Projektleder"]))
    assert res.outcome is Outcome.NEEDS_REVIEW


@pytest.mark.parametrize(
    ("category", "value", "flagged"),
    [
        ("ADDRESS", "Vestergade 14, 8000 Aarhus C", True),  # a street or postcode left anywhere is a leak
        ("ADDRESS", "Aarhus", False),  # a town alone: employers and schools sit there too, and stay
        ("PHONE", "22 33 44 55", True),
        ("NAME", "Amara Okonkwo", True),
    ],
)
def test_verify_residual_values_left_elsewhere(category, value, flagged) -> None:
    from redactor.types import Action, Category, Decision, Finding
    from redactor.verify.core import _Haystack, _residuals

    decision = Decision(Finding(Category(category), "u1", 0, len(value), 0.9, "test", value), Action.REDACT,
                        "score above redact threshold")
    hay = _Haystack([f"Erfaring\nLærer, Aarhus Skole, {value}\n"], labels=[])
    assert bool(_residuals([decision], hay, "the page text")) is flagged


def test_pipeline_undecodable_image_is_reviewed_unless_drawn_too_small_for_a_person(pipeline, monkeypatch) -> None:
    import io

    from PIL import Image

    import redactor.extract.images as images
    from redactor.types import Action

    buf = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 120, 40)).save(buf, format="PNG")
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 300), "Erfaring\nLærer ved Aarhus Skole 2015-2020", fontsize=11)
    page.insert_image(pymupdf.Rect(400, 400, 405, 405), stream=buf.getvalue())  # a 5-point dot
    page.insert_image(pymupdf.Rect(300, 500, 420, 640), stream=buf.getvalue())  # room for a face
    monkeypatch.setattr(images, "load_images", lambda *a, **k: {})  # no image data can be decoded
    res = pipeline.redact(doc.tobytes())
    by_size = {round(i.bbox.width): i.action for i in res.images}
    assert by_size == {5: Action.REDACT, 120: Action.REVIEW}
    assert "an image may show a person" in res.reasons


def test_pipeline_a_background_under_text_at_the_top_is_no_photo(pipeline) -> None:
    """The top third of page 1 is where the photo sits; an image with the CV's text drawn over it there is a
    sidebar or card background, judged by its pixels, and its text stays readable."""
    import io

    from PIL import Image

    from redactor.types import Action

    def png(colour: tuple[int, int, int]) -> bytes:
        buf = io.BytesIO()
        Image.new("RGB", (200, 120), colour).save(buf, format="PNG")
        return buf.getvalue()

    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(pymupdf.Rect(40, 40, 300, 200), stream=png((230, 230, 240)))  # a card's background
    page.insert_text((50, 70), "Erfaring\nProjektleder hos Region Hovedstaden\nbudget og planlægning, 2015-2020",
                     fontsize=10)
    page.insert_image(pymupdf.Rect(420, 40, 520, 160), stream=png((180, 140, 120)))  # beside the name: no text on it
    res = pipeline.redact(doc.tobytes())
    by_x = {round(i.bbox.x0): (i.action, i.reason) for i in res.images}
    assert by_x[40] == (Action.KEEP, "kept_graphic")
    assert by_x[420] == (Action.REDACT, "personal_area")
    assert "Region Hovedstaden" in pymupdf.open(stream=res.output, filetype="pdf")[0].get_text()
