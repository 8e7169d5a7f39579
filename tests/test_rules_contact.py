"""Contact recognizers: e-mail, phone, address, personal URLs and handles, with their hard negatives."""

from __future__ import annotations

import pytest

from redactor.detect.rules import RuleSet
from redactor.types import Category


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return RuleSet()


def found(rules: RuleSet, text: str, category: Category) -> list[str]:
    return [text[h.start : h.end] for h in rules.analyze(text) if h.category is category]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("anna.jensen@gmail.com", ["anna.jensen@gmail.com"]),
        ("Mail: ANNA.JENSEN@HOTMAIL.COM.", ["ANNA.JENSEN@HOTMAIL.COM"]),
        ("anna [at] gmail.com", ["anna [at] gmail.com"]),
        ("anna(at)example.dk", ["anna(at)example.dk"]),
        ("søren.østergård@firma.dk", ["søren.østergård@firma.dk"]),
        ("a.b+cv@sub.domain.co.uk, x", ["a.b+cv@sub.domain.co.uk"]),
    ],
)
def test_rules_contact_finds_emails(rules: RuleSet, text: str, expected: list[str]) -> None:
    assert found(rules, text, Category.EMAIL) == expected


@pytest.mark.parametrize("text", ["Sales Manager @ Netto", "@ 150 kr", "user@localhost", "Pris 2@3 kr"])
def test_rules_contact_rejects_non_emails(rules: RuleSet, text: str) -> None:
    assert found(rules, text, Category.EMAIL) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tlf. 12 34 56 78", ["12 34 56 78"]),
        ("Mobil: 12345678", ["12345678"]),
        ("T: 23 45 67 89", ["23 45 67 89"]),
        ("+45 12345678", ["+45 12345678"]),
        ("+4523456789", ["+4523456789"]),
        ("0045 12 34 56 78", ["0045 12 34 56 78"]),
        ("(+45) 12 34 56 78", ["(+45) 12 34 56 78"]),
        ("Ring på 2345 6789 eller skriv", ["2345 6789"]),
        ("Kontakt: 23 45 67 89", ["23 45 67 89"]),
        ("Anna · 23.45.67.89 · anna@x.dk", ["23.45.67.89"]),
        ("23456789", ["23456789"]),
        ("+44 7911 123456", ["+44 7911 123456"]),
        ("+90 532 123 45 67", ["+90 532 123 45 67"]),
        ("+48 512 345 678", ["+48 512 345 678"]),
        ("+380 50 123 4567", ["+380 50 123 4567"]),
        ("+92 300 1234567", ["+92 300 1234567"]),
        ("+98 912 345 6789", ["+98 912 345 6789"]),
        ("+252 61 5123456", ["+252 61 5123456"]),
        ("+84 91 234 56 78", ["+84 91 234 56 78"]),
        ("0090 532 123 45 67", ["0090 532 123 45 67"]),
        ("Phone: (0532) 123 45 67", ["(0532) 123 45 67"]),
    ],
)
def test_rules_contact_finds_phones(rules: RuleSet, text: str, expected: list[str]) -> None:
    assert found(rules, text, Category.PHONE) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2015-2020 Novo Nordisk",
        "1990-1995",
        "2015 - 2020",
        "CVR: 12345678",
        "CVR-nr. 23456789",
        "Løn: 35 000 kr. per måned",
        "Budget på 23456789 kr.",
        "Reg.nr. 1234 Konto 23456789",
        "Fakturanummer 23456789",
        "12.03.1988",
        "2200 København N",
        "i 2200 timer",
        "ISBN 978-87-02-12345-6",
        "150 kr. per time",
        "12345678",  # Danish numbers never start with 1
        "Ordre 20202020",
    ],
)
def test_rules_contact_rejects_non_phones(rules: RuleSet, text: str) -> None:
    assert found(rules, text, Category.PHONE) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nørrebrogade 12, 3. th.", ["Nørrebrogade 12, 3. th."]),
        ("Vesterbrogade 4A", ["Vesterbrogade 4A"]),
        ("2200 København N", ["2200 København N"]),
        ("DK-2300 København S", ["DK-2300 København S"]),
        ("8000 Aarhus C", ["8000 Aarhus C"]),
        ("2300 Copenhagen S", ["2300 Copenhagen S"]),
        ("Adresse: Strandvejen 100, 2900 Hellerup", ["Strandvejen 100, 2900 Hellerup"]),
        ("Adresse: c/o Jensen, Byvej 1", ["c/o Jensen, Byvej 1"]),
        ("H.C. Andersens Boulevard 27, st.", ["H.C. Andersens Boulevard 27, st."]),
        ("Gammel Kongevej 10, 1. tv.", ["Gammel Kongevej 10, 1. tv."]),
        ("Peter Bangs Vej 5", ["Peter Bangs Vej 5"]),
        ("Kongens Nytorv 3, 1050 København K", ["Kongens Nytorv 3, 1050 København K"]),
        ("Anna · Strandvejen 12 · 2900 Hellerup", ["Strandvejen 12", "2900 Hellerup"]),
        ("12 Baker Street, London NW1 6XE", ["12 Baker Street", "NW1 6XE"]),
    ],
)
def test_rules_contact_finds_addresses(rules: RuleSet, text: str, expected: list[str]) -> None:
    assert found(rules, text, Category.ADDRESS) == expected


@pytest.mark.parametrize(
    "text",
    [
        "i 2200 timer",
        "2400 medarbejdere",
        "Ansat i Region Hovedstaden 2015-2019",
        "Aarhus Universitet 1995-1999",
        "2000 Frederiksberg Gymnasium",
        "Roskildevej 2015",
        "Løn: 35 000 kr.",
        "Skolen 3",
        "I worked 3 years at Carlsberg",
        "Nørrebrogade 5 år",
        "Budget 3000 Odense kr",
    ],
)
def test_rules_contact_rejects_non_addresses(rules: RuleSet, text: str) -> None:
    assert found(rules, text, Category.ADDRESS) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("linkedin.com/in/annajensen", ["linkedin.com/in/annajensen"]),
        ("https://www.linkedin.com/in/anna-jensen-123/", ["https://www.linkedin.com/in/anna-jensen-123/"]),
        ("Se github.com/annaj.", ["github.com/annaj"]),
        ("annajensen.github.io", ["annajensen.github.io"]),
        ("Portfolio: www.annadesign.dk", ["www.annadesign.dk"]),
        ("anna@annajensen.dk · www.annajensen.dk", ["www.annajensen.dk"]),
        ("Twitter: @anna_j", ["@anna_j"]),
        ("Følg mig på @annaj88", ["@annaj88"]),
        ("LinkedIn: anna-jensen", ["anna-jensen"]),
        ("orcid.org/0000-0002-1825-0097", ["orcid.org/0000-0002-1825-0097"]),
    ],
)
def test_rules_contact_finds_personal_urls(rules: RuleSet, text: str, expected: list[str]) -> None:
    assert found(rules, text, Category.URL) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Cand.scient.pol. og cand.merc.",
        "B.Sc. og M.Sc. og Ph.D.",
        "cand.it. fra ITU, f.eks. og bl.a.",
        "www.novonordisk.com",
        "Projektleder, Novo Nordisk A/S (novonordisk.com)",
        "linkedin.com",
        "linkedin.com/company/novo-nordisk",
        "Python 3.11 og Node.js",
        "HD(A) og cand.jur.",
    ],
)
def test_rules_contact_keeps_degrees_and_employer_sites(rules: RuleSet, text: str) -> None:
    assert found(rules, text, Category.URL) == []


def test_rules_contact_email_domain_is_not_a_separate_url(rules: RuleSet) -> None:
    text = "anna.jensen@annajensen.dk"
    assert found(rules, text, Category.URL) == []
    assert found(rules, text, Category.EMAIL) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a grouped 8-digit number alone on its line or field is a phone even when the numbering plan
        # library does not know the range (numbers are reassigned; "40 02 ..." was rejected as invalid)
        ("40 02 45 27", ["40 02 45 27"]),
        ("Nørrebrogade 55 · 40 02 45 27 · camilla@mail.dk", ["40 02 45 27"]),
        ("40 02 45 27 | anna@x.dk", ["40 02 45 27"]),
        ("\u260e 40 02 45 27", ["40 02 45 27"]),
        ("\ue0b0 4002 4527", ["4002 4527"]),
        ("Vesterbrogade 3\n40-02-45-27\nanna@x.dk", ["40-02-45-27"]),
    ],
)
def test_rules_contact_finds_unlabelled_phone_lines(rules: RuleSet, text: str, expected: list[str]) -> None:
    assert found(rules, text, Category.PHONE) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Jeg ringede 40 02 45 27 gange",
        "CVR 40 02 45 27",
        "CVR-nr.: 40 02 45 27",
        "Løn: 40 02 45 27 kr",
        "Kontonr. 40 02 45 27",
        "Ordre 40 02 45 27",
        "40024527",  # ungrouped and unknown to the numbering plan: not enough on its own
        "2015 2019",
    ],
)
def test_rules_contact_unlabelled_phone_line_negatives(rules: RuleSet, text: str) -> None:
    assert found(rules, text, Category.PHONE) == []
