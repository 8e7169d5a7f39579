"""The detect stage's own signals: labels split from their values, identifier propagation, form data."""

from __future__ import annotations

import pytest

from redactor import Applicant
from redactor.types import BBox, Category, TextUnit, Word


@pytest.fixture(scope="module")
def detector(pipeline):
    return pipeline.detector


def _found(detector, units, applicant=None, lang="da"):
    return {(f.unit_id, f.text, str(f.category)) for f in detector.detect(units, applicant, lang=lang)}


@pytest.mark.parametrize(
    "label, value, category",
    [
        ("Alder:", "44", "AGE"),
        ("Børn:", "2", "FAMILY"),
        ("Modersmål:", "tyrkisk", "ETHNICITY"),
        ("Mobil:", "22 33 44 55", "PHONE"),
        ("Age:", "49", "AGE"),
    ],
)
def test_engine_label_and_value_in_separate_units(detector, label, value, category) -> None:
    units = [TextUnit("a", label, ref="part"), TextUnit("b", value, ref="part")]
    assert ("b", value, category) in _found(detector, units)


def test_engine_label_and_value_on_separate_lines(detector) -> None:
    unit = TextUnit("a", "Personlige oplysninger\nAlder:\n37\nBørn:\n3")
    found = _found(detector, [unit])
    assert ("a", "37", "AGE") in found
    assert ("a", "3", "FAMILY") in found


@pytest.mark.parametrize(
    "label, value",
    [("Erfaring:", "12 år som sygeplejerske"), ("Periode:", "2015-2020"), ("Sprog:", "engelsk, arabisk")],
)
def test_engine_label_pairs_keep_qualifications(detector, label, value) -> None:
    units = [TextUnit("a", label, ref="part"), TextUnit("b", value, ref="part")]
    assert not [f for f in detector.detect(units, None, lang="da") if f.unit_id == "b" and f.score >= 0.6]


def test_engine_identifier_found_once_is_found_everywhere(detector) -> None:
    units = [
        TextUnit("a", "Tlf.: 83322821"),
        TextUnit("b", "Kåre · 83 32 28 21 · Side 1 af 1"),
        TextUnit("c", "Kontonr. 838332282199 og 2018-2020"),
    ]
    found = _found(detector, units)
    assert ("b", "83 32 28 21", "PHONE") in found
    assert not [f for f in found if f[0] == "c" and f[2] == "PHONE"]  # digits inside a longer number


def test_engine_applicant_phone_and_birthdate_in_any_spelling(detector) -> None:
    applicant = Applicant(phone="+45 20304050", birthdate="1988-03-12")
    units = [
        TextUnit("a", "Ring på 20 30 40 50 eller +45 2030 4050"),
        TextUnit("b", "Født 12. marts 1988 i Odense. DOB: 12/03/1988. Ansat 12.03.2018."),
    ]
    found = _found(detector, units, applicant)
    phones = {t for u, t, c in found if c == "PHONE"}
    assert "20 30 40 50" in phones and any("2030 4050" in p for p in phones)
    dates = {t for u, t, c in found if c == "BIRTHDATE"}
    assert "12. marts 1988" in dates and "12/03/1988" in dates
    assert "12.03.2018" not in dates


def test_engine_metadata_author_is_a_name_but_placeholders_are_not(detector) -> None:
    units = [
        TextUnit("m1", "Hiba Al-Sayed", kind="metadata", ref="author"),
        TextUnit("m2", "Microsoft Office User", kind="metadata", ref="lastModifiedBy"),
        TextUnit("b", "Referencer fås ved henvendelse til Hiba."),
    ]
    found = _found(detector, units)
    assert ("m1", "Hiba Al-Sayed", "NAME") in found
    assert not [f for f in found if f[0] == "m2"]
    assert any(u == "b" and "Hiba" in t and c == str(Category.NAME) for u, t, c in found)


def _scores(detector, units, category):
    return {f.text: f.score for f in detector.detect(units, None, lang="en") if str(f.category) == category}


def _stacked(uid: str, lines: list[str], *, pitch: float) -> list[TextUnit]:
    """One unit per line, as Word exports paragraphs: a line height of 10 and ``pitch`` between the lines."""
    units = []
    for i, line in enumerate(lines):
        top = 100 + i * (10 + pitch)
        units.append(TextUnit(f"{uid}{i}", line, page=0,
                              words=(Word(0, len(line), BBox(50, top, 50 + 6 * len(line), top + 10), 10, 0),)))
    return units


def test_engine_a_full_date_in_the_contact_block_is_a_birthdate_to_redact(detector) -> None:
    # paragraph spacing (13.4 points on a 10-point line) between the contact lines and the date, no birth label
    units = _stacked("p0.b", ["Phone: 9062 0295", "Email: anna.k@example.org", "14 March 1990", "Driving licence: B"],
                     pitch=13.4)
    assert _scores(detector, units, "BIRTHDATE").get("14 March 1990", 0) >= 0.6


def test_engine_a_lone_date_outside_the_contact_block_only_asks_for_review(detector) -> None:
    # a date far below the contact lines, in the letter's body column: removed, but a person is asked (it may
    # be the letter's date, not a birthdate)
    units = _stacked("p0.b", ["Phone: 9062 0295", "Email: anna.k@example.org"], pitch=2)
    units.append(TextUnit("p0.c0", "14 March 1990", page=0,
                          words=(Word(0, 13, BBox(300, 500, 380, 510), 10, 0),)))
    score = _scores(detector, units, "BIRTHDATE").get("14 March 1990")
    assert score is not None and 0.35 <= score < 0.6
