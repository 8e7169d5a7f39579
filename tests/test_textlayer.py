"""Unreadable text layers: a page whose text does not read as language is handled as a scan, never as clean."""

from __future__ import annotations

import io
import shutil

import pikepdf
import pymupdf
import pytest

from redactor import Outcome, Pipeline, load_config
from redactor.textlayer import unreadable_reason

LINES = ["Mette Kjærsgaard", "Mobil: 23 45 67 89", "Erhvervserfaring og uddannelse i København",
         "Projektleder hos Region Hovedstaden 2015-2020",
         "Jeg er en erfaren konsulent med fokus på digitalisering og ledelse af store projekter"]


def _font() -> str:
    for path in ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                 "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
                 "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"):
        if shutil.os.path.exists(path):  # type: ignore[attr-defined]
            return path
    pytest.skip("no TrueType font to embed (fonts-dejavu or fonts-liberation)")


def no_tounicode_pdf() -> bytes:
    """A CV page in an embedded font whose ToUnicode map was removed: it shows a name, its text is garbage."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_font(fontname="emb", fontfile=_font())
    for n, text in enumerate(LINES):
        page.insert_text((72, 72 + 18 * n), text, fontname="emb", fontsize=11)
    pdf = pikepdf.open(io.BytesIO(doc.tobytes()))
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and "/ToUnicode" in obj:
            del obj["/ToUnicode"]
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_glyph_garbage_does_not_read_as_language() -> None:
    garbage = pymupdf.open(stream=no_tounicode_pdf())[0].get_text(
        flags=pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_CID_FOR_UNKNOWN_UNICODE)
    assert "Mette" not in garbage  # the premise: the text layer does not say what the page shows
    assert unreadable_reason(garbage) is not None
    assert unreadable_reason("\ue001\ue002\ue003 " * 20) == "unmapped"
    # letters shifted by a broken encoding: words without vowels and with case flipping inside
    assert unreadable_reason("0HWWH .MÜVJDDUG 3URMHNWOHGHU KRV 5HJLRQ +RYHGVWDGHQ -HJ HU HQ HUIDUHQ "
                             "NRQVXOHQW PHG IRNXV GLJLWDOLVHULQJ XGGDQQHOVH (UKYHUYVHUIDULQJ RJ KRV PHG") == "garbled"


@pytest.mark.parametrize("text", [
    " ".join(LINES),
    "Professional experience: Senior Software Engineer at Contoso, 2018-2023. Built APIs in Python and SQL.",
    "KOMPETENCER PYTHON SQL AZURE DOCKER POWER BI TYPESCRIPT KUBERNETES TERRAFORM GIT JIRA SCRUM",
    "2015 2016 2017 2018 2019 2020 12.000 kr. 45.500 kr. 3.400.000 kr. 17 % 22 % 31 %",
    "Berufserfahrung: Projektleiterin bei der Stadtverwaltung, Digitalisierung und Organisationsentwicklung.",
    "Опыт работы: руководитель проектов в городской администрации, цифровизация",
])
def test_real_text_reads_as_language(text: str) -> None:
    assert unreadable_reason(text) is None


def test_an_unreadable_page_without_ocr_is_not_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    data = no_tounicode_pdf()
    result = Pipeline(load_config(ocr={"enabled": False})).redact(data)
    assert result.outcome is Outcome.NEEDS_REVIEW
    assert any("no usable text layer" in r for r in result.reasons)
    # with the check switched off the garbage goes to detection as if it were text (the page is not
    # flagged; only the chance that the rewrite repairs the font map lets verification see the name)
    import redactor.extract.pdf as extract_pdf

    monkeypatch.setattr(extract_pdf, "unreadable_reason", lambda text: None)
    blind = Pipeline(load_config(ocr={"enabled": False})).redact(data)
    assert not any("no usable text layer" in r for r in blind.reasons)


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract is not installed")
def test_an_unreadable_page_is_ocred_and_redacted_in_pixels() -> None:
    result = Pipeline(load_config()).redact(no_tounicode_pdf())
    assert result.outcome is Outcome.NEEDS_REVIEW  # the page's warning stays a reason to look
    doc = pymupdf.open(stream=result.output)
    fonts = [f[3] for f in doc[0].get_fonts()]
    assert not any("DejaVu" in f or "Liberation" in f for f in fonts)  # rasterised: the garbage layer is gone
    text = doc[0].get_text()
    assert "Kjærsgaard" not in text and "Mette" not in text
    names = [d for d in result.decisions if str(d.finding.category) == "NAME" and str(d.action) != "keep"]
    assert names  # OCR read the name and it was removed from the pixels
