"""CPR recognizer: formats, date and century checks, modulus 11 and context words."""

from __future__ import annotations

from datetime import date

import pytest

from redactor.detect.rules import RuleSet
from redactor.detect.rules.cpr import cpr_birthdate, modulus11_ok
from redactor.types import Category

TODAY = date(2025, 6, 1)


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return RuleSet(today=TODAY)


def cpr_hits(rules: RuleSet, text: str) -> list[tuple[str, float, str]]:
    return [(text[h.start : h.end], h.score, h.source) for h in rules.analyze(text) if h.category is Category.CPR]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("CPR: 120388-1234", "120388-1234"),
        ("CPR-nr. 120388 1234", "120388 1234"),
        ("Personnummer 1203881234", "1203881234"),
        ("cpr 120388–1234", "120388–1234"),
        ("CPR-nummer: 010100-4000", "010100-4000"),
        ("Mit personnummer er 311299-1235.", "311299-1235"),
        ("CPR: 120388-xxxx", "120388-xxxx"),
        ("120388-1234", "120388-1234"),  # bare, with the dash: still a hit
        ("Ref 1203881234 i teksten", "1203881234"),  # bare ten digits with a valid date: moderate score
        ("CPR: 720388-1234", "720388-1234"),  # substitute number: day + 60
    ],
)
def test_rules_cpr_finds_valid_numbers(rules: RuleSet, text: str, value: str) -> None:
    assert [v for v, _, _ in cpr_hits(rules, text)] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Ordre 320388-1234",  # day 32 is not a date
        "Telefon 1213881234",  # month 13
        "300288-1234",  # 30 February
        "Projekt 2015-2020, budget 1.203.881.234 kr.",
        "Konto 12345678901",  # eleven digits
        "ISBN 978-87-02-12345-6",
        "+45 1203881234",
        "Version 120388-12345",
        "010130-5000",  # 7th digit 5 with year 30 -> 2030: in the future
    ],
)
def test_rules_cpr_rejects_non_cpr_numbers(rules: RuleSet, text: str) -> None:
    assert cpr_hits(rules, text) == []


def test_rules_cpr_context_raises_and_lowers_score(rules: RuleSet) -> None:
    bare = cpr_hits(rules, "Nummer 1203881234")[0][1]
    raised = cpr_hits(rules, "CPR 1203881234")[0][1]
    lowered = cpr_hits(rules, "Kundenummer 1203881234")[0][1]
    assert raised > bare > lowered
    assert raised >= 0.95
    assert 0.3 <= bare <= 0.7


def test_rules_cpr_modulus11_is_a_signal_not_a_filter(rules: RuleSet) -> None:
    valid, invalid = "0707614285", "0707614286"
    assert modulus11_ok(valid) and not modulus11_ok(invalid)
    good = cpr_hits(rules, f"Nr {valid}")
    bad = cpr_hits(rules, f"Nr {invalid}")
    assert good and bad  # both found
    assert good[0][1] > bad[0][1]


@pytest.mark.parametrize(
    ("dd", "mm", "yy", "seventh", "expected"),
    [
        (12, 3, 88, 1, date(1988, 3, 12)),
        (1, 1, 5, 4, date(2005, 1, 1)),
        (1, 1, 40, 4, date(1940, 1, 1)),
        (1, 1, 10, 9, date(2010, 1, 1)),
        (1, 1, 60, 6, date(1860, 1, 1)),
        (1, 1, 20, 7, date(2020, 1, 1)),
        (72, 3, 88, 0, date(1988, 3, 12)),
        (29, 2, 1, 4, None),  # 2001 is not a leap year
        (0, 1, 88, 1, None),
    ],
)
def test_rules_cpr_birthdate_century_rules(dd: int, mm: int, yy: int, seventh: int, expected: date | None) -> None:
    assert cpr_birthdate(dd, mm, yy, seventh) == expected
