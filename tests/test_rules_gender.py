"""Gender recognizer: labels, self-descriptions, pronouns (with Danish "her" = here), titles, spouses."""

from __future__ import annotations

import pytest

from redactor.detect.rules import RuleSet
from redactor.types import Category


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return RuleSet()


def genders(rules: RuleSet, text: str, lang: str = "da") -> list[str]:
    return [text[h.start : h.end] for h in rules.analyze(text, lang=lang) if h.category is Category.GENDER]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Køn: Kvinde", "da", ["Kvinde"]),
        ("Køn: Mand", "da", ["Mand"]),
        ("Køn\nK", "da", ["K"]),
        ("Gender: Female", "en", ["Female"]),
        ("Sex: M", "en", ["M"]),
        ("Jeg er en 35-årig mand", "da", ["mand"]),
        ("Jeg er en engageret og ansvarsfuld kvinde", "da", ["kvinde"]),
        ("I am a 35-year-old woman", "en", ["woman"]),
        ("As a woman in tech I", "en", ["woman"]),
        ("Hun er en dygtig medarbejder.", "da", ["Hun"]),
        ("Jeg har arbejdet sammen med hende i to år, og hendes arbejde er godt.", "da", ["hende", "hendes"]),
        ("Han er min leder, og jeg refererer til ham.", "da", ["Han", "ham"]),
        ("Hans opgaver omfattede drift.", "da", ["Hans"]),
        ("She led the team. Her work was great and he agreed with him.", "en", ["She", "Her", "he", "him"]),
        ("He's a reliable colleague.", "en", ["He"]),
        ("I recommend her for the position.", "en", ["her"]),
        ("Mr. Smith and Mrs. Jones", "en", ["Mr.", "Mrs."]),
        ("Hr. Jensen og Fru Hansen", "da", ["Hr.", "Fru"]),
        ("Dear Ms Hansen", "en", ["Ms"]),
        ("mor til to", "da", ["mor"]),
        ("far til 2 drenge", "da", ["far"]),
        ("Father of two.", "en", ["Father"]),
        ("min mand og jeg", "da", ["mand"]),
        ("my husband is a doctor", "en", ["husband"]),
        ("hustru, ægtemand, kone, wife", "da", ["hustru", "ægtemand", "kone", "wife"]),
        ("Barsel: moderskabsorlov 2019", "da", ["moderskabsorlov"]),
        ("kvindelig ingeniør", "da", ["kvindelig"]),
        ("female engineer", "en", ["female"]),
        (" Kvinde ", "da", ["Kvinde"]),  # a table cell whose "Køn" label is another text unit
        ("Male", "en", ["Male"]),
    ],
)
def test_rules_gender_finds_cues(rules: RuleSet, text: str, lang: str, expected: list[str]) -> None:
    assert genders(rules, text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Jeg har arbejdet her siden 2019 og trives her.", "da"),  # Danish "her" = here
        ("som man siger", "da"),  # Danish "man" = one
        ("Jeg er en person man kan stole på", "da"),
        ("Hans Jensen er min reference", "da"),  # a name, not a pronoun
        ("Reference: Han Li, Huawei", "da"),
        ("The candidate should describe his/her experience; he or she must", "en"),
        ("Ansøgeren skal beskrive sin erfaring, og han/hun skal", "da"),
        ("MS Office, MS Teams, Ms Word", "da"),
        ("formand for elevrådet, tillidsmand", "da"),
        ("Kvinder i Fysik og mænd i omsorgsfag", "da"),
        ("male-dominated industry", "en"),
        ("female and male patients", "en"),
        ("HR Manager, Hr-afdelingen", "da"),
        ("mother tongue: Danish", "en"),
        ("erfaring fra det offentlige; så far så godt", "da"),
        ("Pædagog i morgengruppen", "da"),
        ("She Codes Copenhagen meetup organiser", "en"),
    ],
)
def test_rules_gender_keeps_non_cues(rules: RuleSet, text: str, lang: str) -> None:
    assert genders(rules, text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Stedfar til to", "da", ["Stedfar"]),
        ("bonusmor til to piger", "da", ["bonusmor"]),
        ("stepmother of two", "en", ["stepmother"]),
    ],
)
def test_rules_gender_step_parents(rules: RuleSet, text: str, lang: str, expected: list[str]) -> None:
    got = [text[h.start : h.end] for h in rules.analyze(text, lang=lang) if h.category is Category.GENDER]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("About me\nAlice is a sensible prepubescent girl\nfrom a wealthy family", "en", ["girl"]),
        ("Amara is a curious and driven young woman.", "en", ["woman"]),
        ("Profil\nMads er en rolig og stabil mand med overblik.", "da", ["mand"]),
        # not a person described: a product, a team, lower-case subjects
        ("Python is a language a man can learn in a week.", "en", []),
        ("the team is a group of ten people", "en", []),
        ("Jobbet er en stilling for en kvinde eller mand", "da", []),
    ],
)
def test_rules_gender_third_person_bio(rules: RuleSet, text: str, lang: str, expected: list[str]) -> None:
    assert genders(rules, text, lang) == expected
