"""Family recognizer: marital status and children; children as a work target group are kept."""

from __future__ import annotations

import pytest

from redactor.detect.rules import RuleSet
from redactor.types import Category


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return RuleSet()


def family(rules: RuleSet, text: str, lang: str = "da") -> list[str]:
    return [text[h.start : h.end] for h in rules.analyze(text, lang=lang) if h.category is Category.FAMILY]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Civilstand: gift, 2 børn", "da", ["gift, 2 børn"]),
        ("Civilstand: Samlevende", "da", ["Samlevende"]),
        ("Marital status: Married", "en", ["Married"]),
        ("Børn: 2 (5 og 8 år)", "da", ["2 (5 og 8 år)"]),
        ("Jeg er gift og har to børn", "da", ["gift", "to børn"]),
        ("Mand, 36 år, gift, 2 børn", "da", ["gift", "2 børn"]),
        ("samlevende med Peter", "da", ["samlevende"]),
        ("fraskilt", "da", ["fraskilt"]),
        ("Jeg er skilt", "da", ["skilt"]),
        ("enkemand", "da", ["enkemand"]),
        ("Jeg er single", "da", ["single"]),
        ("mor til tre", "da", ["mor til tre"]),
        ("far til 2 drenge", "da", ["far til 2 drenge"]),
        ("married, two children", "en", ["married", "two children"]),
        ("I am 36, married with two children.", "en", ["married", "two children"]),
        ("I have 3 kids", "en", ["3 kids"]),
        ("Father of two.", "en", ["Father of two"]),
        ("Barselsorlov 2019-2020", "da", ["Barselsorlov"]),
        ("maternity leave 2019", "en", ["maternity leave"]),
        ("min kæreste og jeg", "da", ["min kæreste"]),
        ("I live with my wife", "en", ["my wife"]),
        ("mine to børn på 5 og 8 år", "da", ["to børn på 5 og 8 år"]),
        ("Married", "en", ["Married"]),  # a table cell whose label is another text unit
        ("Ugift", "da", ["Ugift"]),
    ],
)
def test_rules_family_finds_status(rules: RuleSet, text: str, lang: str, expected: list[str]) -> None:
    assert family(rules, text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("pædagog i børnehave", "da"),
        ("Børne- og Ungdomsforvaltningen", "da"),
        ("Socialrådgiver for børn og unge", "da"),
        ("Jeg har arbejdet med børn og unge med særlige behov", "da"),
        ("Ansvarlig for 20 børn i alderen 3-5 år", "da"),
        ("Pædagogisk arbejde med 22 børn", "da"),
        ("en gruppe på 12 børn", "da"),
        ("teaching 25 children aged 6-7", "en"),
        ("worked with two children with autism", "en"),
        ("I have a gift for languages.", "en"),
        ("Gift card sales", "en"),
        ("giftig affaldshåndtering", "da"),
        ("single sign-on and single point of contact", "en"),
        ("Vejskilt og skiltning", "da"),
        ("Barselsvikariat som sagsbehandler", "da"),
        ("business partner for HR", "en"),
        ("engaged in community work", "en"),
        ("comma-separated values", "en"),
    ],
)
def test_rules_family_keeps_work_context(rules: RuleSet, text: str, lang: str) -> None:
    assert family(rules, text, lang) == []
