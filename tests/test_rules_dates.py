"""Birthdate recognizer: labelled dates in Danish and English, lone old dates, and periods that must stay."""

from __future__ import annotations

from datetime import date

import pytest

from redactor.detect.rules import RuleSet
from redactor.detect.rules.common import find_dates
from redactor.types import Category

TODAY = date(2025, 6, 1)


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return RuleSet(today=TODAY)


def births(rules: RuleSet, text: str, lang: str = "da") -> list[str]:
    return [text[h.start : h.end] for h in rules.analyze(text, lang=lang) if h.category is Category.BIRTHDATE]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Født: 12. marts 1988", ["12. marts 1988"]),
        ("f. 12/3-88", ["12/3-88"]),
        ("Fødselsdato 12-03-1988", ["12-03-1988"]),
        ("Fødselsdato:\n01.01.2000", ["01.01.2000"]),
        ("Date of birth: 12 March 1988", ["12 March 1988"]),
        ("DOB 1988-03-12", ["1988-03-12"]),
        ("D.O.B.: 4th of March 1988", ["4th of March 1988"]),
        ("født d. 4. januar 1990", ["4. januar 1990"]),
        ("Født den 4. jan. 1990 i Odense", ["4. jan. 1990"]),
        ("Født 12. sept. 1985", ["12. sept. 1985"]),
        ("årgang 2000", ["2000"]),
        ("born 1988", ["1988"]),
        ("I was born in 1991 in Gaza", ["1991"]),
        ("Jeg er født i 1988", ["1988"]),
        ("Født i marts 1988", ["marts 1988"]),
        ("Anna Hansen (f. 1988)", ["1988"]),
        ("Birthday: March 12, 1988", ["March 12, 1988"]),
        ("Fødselsdag: 12. marts", ["12. marts"]),
        ("Fødseldato: 1/1 2000", ["1/1 2000"]),
        # lone full dates 16+ years back, no period partner
        ("1.1.2000", ["1.1.2000"]),
        ("1/1 2000", ["1/1 2000"]),
        ("01.01.2000", ["01.01.2000"]),
        ("Tlf. 28 91 44 17\n14.06.1986\nKørekort B", ["14.06.1986"]),
    ],
)
def test_rules_dates_finds_birthdates(rules: RuleSet, text: str, expected: list[str]) -> None:
    assert births(rules, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2015-2020 Pædagog",
        "jan. 2019 - nu",
        "03/2018 – 05/2020 Projektleder",
        "2010 – 2014 BSc, Københavns Universitet",
        "siden 2019",
        "01.08.2005 - 31.07.2010 Lærer",
        "01.08.2005 til 31.07.2010",
        "Ansat 01.08.2005 som pædagog",
        "Eksamen 24.06.2004",
        "København, 12. marts 2024",  # the letter's own date: recent
        "Studentereksamen, juni 2006",
        "f.eks. 1988",
        "1. januar 2015",  # ten years back: too recent to be a birthdate
        "Aug 2020 – present",
        "From 12 March 2001 to 30 June 2004",
        "Certificate issued 12.03.2001",
        "12.03.2001 Certificering i ICS 2016",  # another year on the line
        "Cand.scient.pol. 2012",
        "Born Global Fund, 2009",
        "Birth certificate 2019",
    ],
)
def test_rules_dates_keeps_periods_and_other_dates(rules: RuleSet, text: str) -> None:
    assert births(rules, text) == []


def test_rules_dates_lone_date_scores_below_labelled(rules: RuleSet) -> None:
    labelled = [h for h in rules.analyze("Født: 01.01.2000") if h.category is Category.BIRTHDATE]
    lone = [h for h in rules.analyze("01.01.2000") if h.category is Category.BIRTHDATE]
    assert labelled[0].score > lone[0].score


def test_rules_dates_personal_block_raises_lone_score(rules: RuleSet) -> None:
    plain = [h for h in rules.analyze("01.01.2000") if h.category is Category.BIRTHDATE][0]
    block = [h for h in rules.analyze("Adresse: Vej 1\n01.01.2000") if h.category is Category.BIRTHDATE][0]
    assert block.score > plain.score


@pytest.mark.parametrize(
    ("text", "ymd"),
    [
        ("12. marts 1988", (1988, 3, 12)),
        ("12/3-88", (1988, 3, 12)),
        ("1/1-00", (2000, 1, 1)),
        ("1988-03-12", (1988, 3, 12)),
        ("4 Sept 1990", (1990, 9, 4)),
        ("31.12.99", (1999, 12, 31)),
    ],
)
def test_rules_dates_parses_formats(text: str, ymd: tuple[int, int, int]) -> None:
    found = find_dates(text, TODAY, full_only=True)
    assert [(d.year, d.month, d.day) for d in found] == [ymd]


@pytest.mark.parametrize("text", ["31.02.1988", "12/13/1988", "00.01.2000"])
def test_rules_dates_rejects_impossible_dates(text: str) -> None:
    assert find_dates(text, TODAY, full_only=True) == []
