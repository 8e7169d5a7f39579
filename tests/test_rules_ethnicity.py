"""Ethnicity recognizer: nationality, origin, mother tongue, religion, associations; language skills kept."""

from __future__ import annotations

import pytest

from redactor.detect.rules import RuleSet
from redactor.types import Category


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return RuleSet()


def cues(rules: RuleSet, text: str, lang: str = "da") -> list[str]:
    return [text[h.start : h.end] for h in rules.analyze(text, lang=lang) if h.category is Category.ETHNICITY]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Nationalitet: pakistansk", ["pakistansk"]),
        ("Statsborgerskab: Dansk", ["Dansk"]),
        ("Citizenship: Polish", ["Polish"]),
        ("Nationality:\nTurkish", ["Turkish"]),
        ("Jeg er dansk statsborger", ["dansk statsborger"]),
        ("Jeg er af tyrkisk oprindelse", ["tyrkisk oprindelse"]),
        ("Jeg har pakistansk baggrund", ["pakistansk baggrund"]),
        ("Jeg er tyrkiskfødt", ["tyrkiskfødt"]),
        ("født og opvokset i Tyrkiet", ["født og opvokset i Tyrkiet"]),
        ("born and raised in Somalia", ["born and raised in Somalia"]),
        ("I grew up in Iraq.", ["grew up in Iraq"]),
        ("Jeg stammer fra Afghanistan", ["stammer fra Afghanistan"]),
        ("Jeg kommer fra Syrien", ["kommer fra Syrien"]),
        ("originally from Bosnia and Herzegovina", ["originally from Bosnia and Herzegovina"]),
        ("Jeg kom til Danmark i 2005", ["kom til Danmark i 2005"]),
        ("I moved to Denmark in 2015", ["moved to Denmark in 2015"]),
        ("Jeg kom som flygtning", ["flygtning"]),
        ("Jeg er tyrker", ["tyrker"]),
        ("I am Pakistani", ["Pakistani"]),
        ("Pakistani-born engineer", ["Pakistani-born"]),
        ("of Somali descent", ["Somali descent"]),
        ("volunteering with the Iraqi community", ["Iraqi community"]),
        ("Jeg har anden etnisk baggrund end dansk", ["anden etnisk baggrund"]),
        ("Har permanent opholdstilladelse", ["permanent opholdstilladelse"]),
        # mother tongue: the label's value, or the language together with its native marker
        ("Modersmål: arabisk", ["arabisk"]),
        ("Mother tongue(s)\nArabic", ["Arabic"]),
        ("Arabic (native)", ["Arabic (native)"]),
        ("arabisk (modersmål)", ["arabisk (modersmål)"]),
        ("Dansk: modersmål", ["Dansk: modersmål"]),
        ("Danish (native), English (fluent), Arabic (native)", ["Danish (native)", "Arabic (native)"]),
        ("Arabic\nNative or bilingual proficiency", ["Arabic\nNative or bilingual proficiency"]),
        ("I am a native speaker of Urdu", ["native speaker of Urdu"]),
        ("Jeg taler somali som modersmål", ["somali som modersmål"]),
        # religion
        ("Religion: muslim", ["muslim"]),
        ("Jeg er muslim", ["muslim"]),
        ("Jeg er praktiserende kristen", ["kristen"]),
        ("I am a Christian and sing in a choir", ["Christian"]),
        ("Frivillig i moskéen", ["moskéen"]),
        # associations
        ("Medlem af Dansk-Tyrkisk Kulturforening", ["Dansk-Tyrkisk Kulturforening"]),
        ("Frivillig i Somalisk Forening", ["Somalisk Forening"]),
        # labels without a colon, checked by their value
        ("Gender Female | Nationality Iraqi/Danish", ["Iraqi/Danish"]),
        ("Nationality\nUkrainian", ["Ukrainian"]),
        ("Place of birth: Lahore", ["Lahore"]),
        ("Født: 03.02.1991 i Mosul, Irak", ["i Mosul, Irak"]),
        ("Religion: Islam. Jeg beder fem gange om dagen.", ["Islam"]),
    ],
)
def test_rules_ethnicity_finds_cues(rules: RuleSet, text: str, expected: list[str]) -> None:
    assert cues(rules, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Engelsk: flydende",
        "Arabisk: flydende",
        "Sprog: dansk, engelsk, arabisk",
        "Languages: English (fluent), German (basic)",
        "Jeg taler flydende tyrkisk",
        "Tolk i dansk-arabisk",
        "Oversætter dansk-engelsk",
        "Projekt i Tyrkiet for Novo Nordisk",
        "Udvekslingsophold i Tyrkiet",
        "Jeg kommer fra en stilling som leder",
        "Arbejde med flygtninge og indvandrere",
        "Dansk Flygtningehjælp",
        "Danish Refugee Council",
        "Studentereksamen med Religion C",
        "Fag: Religion, Historie",
        "Religion: 10",
        "Kristen Hansen er min leder",
        "Christian Eriksen, Senior Consultant",
        "en kristen friskole",
        "Indian Institute of Technology",
        "British Council IELTS 7.5",
        "React Native udvikler",
        "Dansk Sygeplejeråd, Dansk Industri",
        "Novo Nordisk A/S",
        "Danish language course",
        "knowledge of Danish society",
        "Junior Developer, Baghdad Software House",
        "Sprog: Dansk (modersmål-niveau), Engelsk (flydende)",
        "English (near-native), German (native level)",
        "Master thesis on Somali diaspora integration in Denmark",
        "Nationality and migration studies, course 2014",
        "Religion B, Historie A",
        "Worked with refugees from Syria and Afghanistan at the Red Cross asylum centre",
        "Taught Arabic and Danish to adult learners",
    ],
)
def test_rules_ethnicity_keeps_skills_and_employers(rules: RuleSet, text: str) -> None:
    assert cues(rules, text) == []


def test_rules_ethnicity_birthplace_without_country_scores_lower(rules: RuleSet) -> None:
    country = [h for h in rules.analyze("født i Tyrkiet") if h.category is Category.ETHNICITY][0]
    town = [h for h in rules.analyze("født i Vollsmose") if h.category is Category.ETHNICITY][0]
    assert country.score > town.score >= 0.5


def test_rules_ethnicity_birth_date_and_place_split(rules: RuleSet) -> None:
    text = "Født 12. marts 1988 i Aarhus"
    hits = {h.category: text[h.start : h.end] for h in rules.analyze(text)}
    assert hits[Category.BIRTHDATE] == "12. marts 1988"
    assert hits[Category.ETHNICITY] == "i Aarhus"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a dialect or script in parentheses between the language and its native marker
        ("Kinesisk (mandarin): modersmål", ["Kinesisk (mandarin): modersmål"]),
        ("Arabisk (levantinsk) – modersmål", ["Arabisk (levantinsk) – modersmål"]),
        ("Persian (Farsi): native", ["Persian (Farsi): native"]),
        ("Kurdisk (sorani), modersmål", ["Kurdisk (sorani), modersmål"]),
        ("Punjabi (Shahmukhi) – mother tongue", ["Punjabi (Shahmukhi) – mother tongue"]),
        ("Arabic (Egyptian dialect) - native", ["Arabic (Egyptian dialect) - native"]),
        # other markers and separators
        ("Tigrinya - native speaker", ["Tigrinya - native speaker"]),
        ("Urdu (first language)", ["Urdu (first language)"]),
        ("Somali: mother tongue", ["Somali: mother tongue"]),
        ("Tyrkisk: førstesprog", ["Tyrkisk: førstesprog"]),
        ("Vietnamese – native language", ["Vietnamese – native language"]),
        ("Mandarin – native", ["Mandarin – native"]),
        ("Dari: native language", ["Dari: native language"]),
        ("Arabisk\tModersmål", ["Arabisk\tModersmål"]),
        ("Tamil\nNative speaker", ["Tamil\nNative speaker"]),
        # two languages claimed together, and the marker as a label
        ("Dari/Pashto: native", ["Dari/Pashto: native"]),
        ("Ukrainian and Russian: native", ["Ukrainian and Russian: native"]),
        ("Native: Arabic", ["Arabic"]),
        ("Native speaker: Somali, Swahili", ["Somali, Swahili"]),
        # only the native one in a list of skills
        ("Danish, English (fluent), Arabic: native", ["Arabic: native"]),
        ("Sprog: Dansk (flydende), Engelsk (flydende), Arabisk (modersmål)", ["Arabisk (modersmål)"]),
        # prose
        ("Mit første sprog er somali", ["første sprog er somali"]),
        ("My native tongue is Tigrinya", ["native tongue is Tigrinya"]),
        ("I grew up speaking Urdu at home", ["grew up speaking Urdu"]),
        ("Jeg taler flydende polsk, som er mit modersmål", ["polsk, som er mit modersmål"]),
        ("Polish, which is my native language", ["Polish, which is my native language"]),
        ("Jeg er tosproget (dansk/arabisk)", ["tosproget (dansk/arabisk)"]),
        ("I am bilingual in Danish and Farsi", ["bilingual in Danish and Farsi"]),
        ("Native speaker of Somali and English", ["Native speaker of Somali"]),
    ],
)
def test_rules_ethnicity_mother_tongue_variants(rules: RuleSet, text: str, expected: list[str]) -> None:
    assert cues(rules, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "React Native: 2 years",
        "Native: React Native developer",
        "Engelsk (C1)\nFlydende",
        "Mandarin (HSK 4), Engelsk (flydende)",
        "Persian (Farsi): conversational",
        "Native mobile apps (iOS, Android)",
        "Sprog: Dansk, Engelsk\nNative app-udvikling i Swift",
        "I grew up speaking in public",
        "Bilingual: Python and R",
        "tosproget undervisning i folkeskolen",
    ],
)
def test_rules_ethnicity_language_skills_are_not_mother_tongues(rules: RuleSet, text: str) -> None:
    assert cues(rules, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a form whose values were removed: each label is followed by the next label, not by a value
        ("Fødested:\nNationalitet:\nCivilstand:\nKørekort: B", []),
        ("Nationality:\nMarital status:", []),
        ("Fødested\nNationalitet\nCivilstand", []),  # a table's labels without colons, values in another column
        # a value on the line under its label is still the value
        ("Nationalitet:\nSomalisk\nKørekort: B", ["Somalisk"]),
        ("Nationality:\nPakistani", ["Pakistani"]),
    ],
)
def test_rules_ethnicity_a_label_is_not_the_value_of_the_label_above(
    rules: RuleSet, text: str, expected: list[str]
) -> None:
    found = [text[h.start : h.end] for h in rules.analyze(text) if h.category is Category.ETHNICITY]
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BA in Economics, Somali National University, 2008-2012", []),
        ("Engineer at Ghana National Petroleum Corporation", []),
        ("I am a Somali national living in Odense", ["Somali national"]),
        ("Nationality: Somali National", ["Somali National"]),
    ],
)
def test_rules_ethnicity_national_inside_an_institution_name(rules: RuleSet, text: str, expected: list[str]) -> None:
    assert cues(rules, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Proficient in Photoshop, grew up bilingual (English and\n.(Klingon", ["grew up bilingual (English and"]),
        ("Jeg voksede op tosproget og taler flydende engelsk", ["voksede op tosproget"]),
        ("I was raised bilingual", ["raised bilingual"]),
        # language skills and bilingual work are qualifications
        ("Bilingual customer support in English and German", []),
        ("Languages: English (fluent), Spanish (good)", []),
    ],
)
def test_rules_ethnicity_growing_up_bilingual(rules: RuleSet, text: str, expected: list[str]) -> None:
    assert cues(rules, text) == expected
