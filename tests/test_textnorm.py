"""Text normalisation of what PDF producers (TeX above all) do to words: accents, ligatures, control codes."""

from __future__ import annotations

import pytest

from redactor.textnorm import normalize_text, normalize_word


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("p˚a", "på"),  # TeX OT1: the ring before its letter
        ("˚ar", "år"),
        ("20-˚arig", "20-årig"),
        ("˚Ase", "Åse"),
        ("J¨org", "Jörg"),
        ("caf´e", "café"),
        ("Fran¸cois", "François"),
        ("Hodži´c", "Hodžić"),
        ("Mart´ınez", "Martínez"),  # TeX's dotless i under an acute
        ("St˘anescu", "Stănescu"),  # TeX T1/OT1 breve, dot, ogonek
        ("˙Zaneta", "Żaneta"),
        ("o¨", "ö"),  # the accent after its letter, at the end of the word
        ("Mu¨", "Mü"),
        ("So\x1ce", "Sofie"),  # a ligature as a control code (no ToUnicode map)
        ("oﬃce", "office"),  # a ligature code point
        ("ﬁrst", "first"),
        ("An\u00adna", "Anna"),  # soft hyphen
        ("plain", "plain"),
    ],
)
def test_normalize_word(raw: str, expected: str) -> None:
    assert normalize_word(raw) == expected


def test_normalize_text_collapses_whitespace_and_fixes_accents() -> None:
    assert normalize_text("Jeg  er 24 ˚ar\ngammel, bor i K¨oln") == "Jeg er 24 år gammel, bor i Köln"
