"""Letter-spaced (tracked) PDF text: a space that is only letter spacing does not split a word.

Producers that draw tracked text glyph by glyph (Chromium for CSS ``letter-spacing``) leave space characters
inside words ("jo hn.do e@email.co m"); detection must see the words the reader sees. The test pages set the
tracking with the PDF operators ``Tc`` (character spacing) and ``Tw`` (word spacing): a negative word spacing
that cancels the space's advance makes a space as narrow as the tracking, as those producers' output is.
"""

from __future__ import annotations

import pymupdf
import pytest

from redactor import Pipeline, load_config
from redactor.extract.pdf import extract_pdf
from redactor.types import Category

_HELV_SPACE = 0.278  # Helvetica's space advance in em


def _pdf(lines: list[tuple[str, float, bool]]) -> bytes:
    """A page with one text line per (text, tracking in points, space cancelled) at 12 pt Helvetica."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((50, 60), "Curriculum vitae", fontname="helv", fontsize=12)
    font = page.get_fonts()[0][4]
    ops = []
    for i, (text, tc, cancelled) in enumerate(lines):
        tw = -_HELV_SPACE * 12 if cancelled else 0.0
        ops.append(f"BT /{font} 12 Tf {tc} Tc {tw:.3f} Tw 50 {700 - 30 * i} Td ({text}) Tj ET")
    xref = page.get_contents()[0]
    doc.update_stream(xref, doc.xref_stream(xref) + b"\n" + "\n".join(ops).encode("latin-1"))
    return doc.tobytes()


def _texts(data: bytes) -> list[str]:
    return [u.text for u in extract_pdf(data, load_config()).units if u.kind == "body"]


@pytest.mark.parametrize(
    ("line", "read"),
    [
        ("ma ja.ber g@post.co m", "maja.berg@post.com"),
        ("0151 2345 678", "01512345678"),
        ("https://githu b.co m/ma jabe rg", "https://github.com/majaberg"),
    ],
)
def test_a_space_as_narrow_as_the_tracking_joins_the_word(line: str, read: str) -> None:
    assert read in _texts(_pdf([(line, 1.5, True)]))


@pytest.mark.parametrize(
    ("line", "tc"),
    [
        ("0151 2345678", 1.5),  # tracked text with real word spaces
        ("Sygeplejerske hos Region Hovedstaden", 0.0),  # untracked text
        ("S K I L L S", 4.0),  # letter-space-letter: read as spaced letters by the name detector
    ],
)
def test_real_word_spaces_stay(line: str, tc: float) -> None:
    assert line in _texts(_pdf([(line, tc, False)]))


def test_tracked_contact_values_are_redacted() -> None:
    data = _pdf([("ma ja.ber g@post.co m", 1.5, True), ("Tel efon: 0151 2345 678", 1.5, True)])
    result = Pipeline(load_config()).redact(data, filename="cv.pdf")
    found = {(d.finding.category, d.finding.text) for d in result.decisions}
    assert (Category.EMAIL, "maja.berg@post.com") in found
    assert any(c is Category.PHONE and "2345678" in t.replace(" ", "") for c, t in found)
