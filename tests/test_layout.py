"""The contact block: which lines of a document sit with the applicant's own contact details."""

from __future__ import annotations

import pytest

from redactor.detect.layout import contact_block, is_anchor, is_heading
from redactor.types import BBox, TextUnit, Word


def _pdf_unit(uid: str, lines: list[str], x: float, y: float, *, page: int = 0, h: float = 10.0) -> TextUnit:
    """A PDF block: one word box per line, lines stacked from (x, y) downwards."""
    words, pos = [], 0
    for i, line in enumerate(lines):
        top = y + i * h * 1.2
        words.append(Word(pos, pos + len(line), BBox(x, top, x + 6 * len(line), top + h), h, i))
        pos += len(line) + 1
    return TextUnit(uid, "\n".join(lines), page=page, words=tuple(words))


def _texts(units: list[TextUnit]) -> set[str]:
    by_id = {u.id: u for u in units}
    return {by_id[b.unit_id].text[b.start : b.end] for b in contact_block(units).lines}


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("anna.k@example.org", True),
        ("Tlf.: 0532 123 45 67", True),
        ("Mobil +92 300 1234567", True),
        ("Adresse: Vestergade 14, 2. th.", True),
        ("\uf095 (555) 123-4567", True),  # a FontAwesome phone icon as the label
        ("linkedin.com/in/anna-k-jensen", True),
        ("Current location: Lahore", True),
        ("12 34 56 78", True),
        # not contact lines by their own content
        ("Valby", False),
        ("2015 - 2019 Novo Nordisk, Bagsværd", False),
        ("\uf111 \uf111 \uf111", False),  # a row of rating dots
        ("Projektleder hos Arla Foods", False),
        ("", False),
    ],
)
def test_anchor_lines(line: str, expected: bool) -> None:
    assert is_anchor(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [("Erhvervserfaring", True), ("WORK EXPERIENCE", True), ("E D U C A T I O N", True), ("Valby", False)],
)
def test_headings(line: str, expected: bool) -> None:
    assert is_heading(line) is expected


def test_block_takes_short_lines_next_to_contact_lines_in_one_block() -> None:
    unit = _pdf_unit("p0.b1", ["Valby", "anna.k@example.org", "0532 123 45 67"], 400, 40)
    assert _texts([unit]) == {"Valby", "anna.k@example.org", "0532 123 45 67"}


def test_block_reaches_neighbouring_blocks_by_geometry_not_far_ones() -> None:
    header = _pdf_unit("p0.b0", ["2300 København S"], 400, 40)
    contact = _pdf_unit("p0.b1", ["anna.k@example.org"], 400, 52)
    # a job line further down the same page, in the body column
    job = _pdf_unit("p0.b5", ["Novo Nordisk", "Bagsværd"], 60, 400)
    texts = _texts([header, contact, job])
    assert "2300 København S" in texts
    assert "Bagsværd" not in texts and "Novo Nordisk" not in texts


def test_block_stops_at_headings_and_job_lines() -> None:
    unit = _pdf_unit(
        "p0.b0",
        ["anna.k@example.org", "Erfaring", "Aarhus"],
        60,
        40,
    )
    assert _texts([unit]) == {"anna.k@example.org"}
    unit = _pdf_unit("p0.b0", ["anna.k@example.org", "2019 - nu: Lærer, Aarhus"], 60, 40)
    assert _texts([unit]) == {"anna.k@example.org"}


def test_docx_paragraphs_follow_document_order() -> None:
    units = [
        TextUnit("p0", "Anna Jensen"),
        TextUnit("p1", "Vestergade 14, 2. th."),
        TextUnit("p2", "Tlf. 0300-1234567"),
        TextUnit("p3", "Odense, Danmark"),
        TextUnit("p4", "Profil"),
        TextUnit("p5", "Odense"),
    ]
    texts = _texts(units)
    assert {"Vestergade 14, 2. th.", "Tlf. 0300-1234567", "Odense, Danmark"} <= texts
    assert "Odense" not in texts  # behind a section heading


def test_bullet_icons_are_not_labels_but_a_lone_icon_labels_its_neighbour() -> None:
    bullets = _pdf_unit("p0.b3", ["\uf111 Python", "\uf111 SQL", "\uf111 Docker", "Aarhus"], 60, 300)
    icon = _pdf_unit("p0.b1", ["\uf3c5"], 400, 40, h=10)
    place = _pdf_unit("p0.b2", ["Kadıköy, İstanbul"], 414, 40)
    texts = _texts([bullets, icon, place])
    assert "Kadıköy, İstanbul" in texts
    assert not texts & {"\uf111 Python", "Aarhus"}


def test_no_contact_line_no_block() -> None:
    assert not contact_block([TextUnit("p0", "Valby\nAarhus")])


def test_lines_under_a_contact_heading_are_the_block_without_any_contact_line() -> None:
    """A sidebar "Kontakt" section holding only a street, a town and a country is still the contact block."""
    side = _pdf_unit("p0.b7", ["Kontakt", "Nørregade 7", "Odense, Danmark", "Sprog", "Engelsk"], 420, 300)
    body = _pdf_unit("p0.b2", ["Erfaring", "Lærer, Odense Kommune", "Odense"], 60, 300)
    texts = _texts([side, body])
    assert texts == {"Nørregade 7", "Odense, Danmark"}  # stops at the next heading; the job column stays out
    spaced = [TextUnit("p0", "P E R S O N A L   D E T A I L S"), TextUnit("p1", "Odense, Danmark")]
    assert _texts(spaced) == {"Odense, Danmark"}


def test_a_heading_named_after_contact_words_in_prose_makes_no_block() -> None:
    units = [TextUnit("p0", "Kontakt med borgere og pårørende"), TextUnit("p1", "Odense")]
    assert not contact_block(units)
