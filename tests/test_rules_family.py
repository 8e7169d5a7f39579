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


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # children after a partner earlier in the sentence: "with/med N children" is then the applicant's own
        ("Married to Kirsten with three children.", "en", ["Married", "three children"]),
        ("Happily married to Yusuf, with two kids.", "en", ["married", "two kids"]),
        ("Gift med Henrik, med to børn.", "da", ["Gift", "to børn"]),
        ("Divorced, with one child.", "en", ["Divorced", "one child"]),
        ("Lives in Aarhus with two kids", "en", ["two kids"]),
        ("Jeg bor i Vejle med min kone og vores tre drenge.", "da", ["min kone", "tre drenge"]),
        ("In my spare time I enjoy hiking with my two daughters", "en", ["two daughters"]),
        # parent phrases with singular nouns, step-parents and ages
        ("mor til en dreng på 5 år", "da", ["mor til en dreng på 5 år"]),
        ("I am a single parent of one son", "en", ["single parent of one son"]),
        ("Stedfar til to", "da", ["Stedfar til to"]),
        ("bonusmor til to piger", "da", ["bonusmor til to piger"]),
        ("Proud stepmother of three", "en", ["stepmother of three"]),
        ("We are a family of four.", "en", ["We are a family of four"]),
        ("Vi er en familie på fem, der elsker naturen", "da", ["Vi er en familie på fem"]),
        # labels: "Antal børn", "Number of children", label and value split by a tab or a line break
        ("Antal børn: 2", "da", ["2"]),
        ("Number of children: 3", "en", ["3"]),
        ("Dependents: 2", "en", ["2"]),
        ("Children\t2 (aged 4 and 7)", "en", ["2 (aged 4 and 7)"]),
        ("Børn\n2", "da", ["2"]),
        ("Civilstand\nGift", "da", ["Gift"]),
        ("Marital status\tMarried, two children", "en", ["Married, two children"]),
        ("Family status single", "en", ["single"]),
        ("Mor til Emil (6) og Ida (3)", "da", ["Mor til Emil (6) og Ida (3)"]),
        ("Proud father of Noah (4)", "en", ["father of Noah (4)"]),
        ("Jeg lever i et parforhold og har en datter", "da", ["i et parforhold", "en datter"]),
        ("Married. Two kids.", "en", ["Married", "Two kids"]),
    ],
)
def test_rules_family_finds_prose_and_split_labels(rules: RuleSet, text: str, lang: str, expected: list[str]) -> None:
    assert family(rules, text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("I live in Valby and work with three children with ADHD", "en"),
        ("Aflastningsfamilie med to børn", "da"),
        ("Barnepige for to børn i Hellerup", "da"),
        ("In my private practice I work with 5 children", "en"),
        ("Civilstand ikke oplyst", "da"),
        ("Children\n2012: Børnehaveklasse", "da"),
        ("We launched a family of four products", "en"),
        ("Pædagog med ansvar for to børn med særlige behov", "da"),
        ("Familie og fritid\nLøb, madlavning", "da"),
        ("Fritid: træner for to hold med 12 børn", "da"),
        ("Personal interests: volunteering with three children at the local library", "en"),
    ],
)
def test_rules_family_keeps_work_with_children(rules: RuleSet, text: str, lang: str) -> None:
    assert family(rules, text, lang) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Civilstand:\nKørekort: B", []),
        ("Marital status:\nDriving licence: B", []),
        ("Civilstand:\nGift\nKørekort: B", ["Gift"]),
    ],
)
def test_rules_family_a_label_is_not_the_value_of_the_label_above(
    rules: RuleSet, text: str, expected: list[str]
) -> None:
    found = [text[h.start : h.end] for h in rules.analyze(text) if h.category is Category.FAMILY]
    assert found == expected
