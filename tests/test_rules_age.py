"""Age recognizer: ages in Danish and English; experience durations and target-group ages are kept."""

from __future__ import annotations

import pytest

from redactor.detect.rules import RuleSet
from redactor.types import Category


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return RuleSet()


def ages(rules: RuleSet, text: str) -> list[str]:
    return [text[h.start : h.end] for h in rules.analyze(text) if h.category is Category.AGE]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Alder: 36", ["36"]),
        ("Alder 36 år", ["36 år"]),
        ("36 år", ["36 år"]),
        ("Mand, 36 år, gift", ["36 år"]),
        ("36-årig", ["36-årig"]),
        ("20 årig", ["20 årig"]),
        ("Jeg er en 35-årig mand", ["35-årig"]),
        ("den 42-årige ansøger", ["42-årige"]),
        ("aged 36", ["36"]),
        ("age 36", ["36"]),
        ("Age: 36", ["36"]),
        ("36 years old", ["36 years old"]),
        ("a 36-year-old nurse", ["36-year-old"]),
        ("Jeg er 36 år gammel", ["36 år gammel"]),
        ("Jeg er 36 år.", ["36 år"]),
        ("Jeg fylder 40 år i maj", ["40 år"]),
        ("Anna (36 år) søger", ["36 år"]),
        ("I am 36, married", ["36"]),
        ("at the age of 29", ["29"]),
        ("Olena Kovalenko, 34 years, married", ["34 years"]),
        ("Nguyen Van Anh – 29 år – bor i Valby", ["29 år"]),
    ],
)
def test_rules_age_finds_ages(rules: RuleSet, text: str, expected: list[str]) -> None:
    assert ages(rules, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "5 års erfaring",
        "20 års erfaring som pædagog",
        "2 years of experience",
        "over 20 years of experience",
        "in 3 years",
        "i 5 år",
        "Jeg har i 20 år arbejdet med børn",
        "10 års jubilæum",
        "25-årigt jubilæum",
        "3-årig uddannelse",
        "children aged 3-6",
        "børn i alderen 3-6 år",
        "unge mellem 16 og 25 år",
        "target group aged 16-25",
        "Erfaring:\n20 år",
        "150 kr. per time",
        "Projektet varede 2 år.",
        "Ansat i 36 år,",
        "I am 100% committed",
        "Der er 40 ansatte",
        "Project Manager – 20 years",
        "Python, SQL – 5 years",
    ],
)
def test_rules_age_keeps_durations(rules: RuleSet, text: str) -> None:
    assert ages(rules, text) == []
