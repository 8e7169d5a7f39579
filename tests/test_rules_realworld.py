"""What real CVs do that tidy samples don't: one parametrised table per class, positives and hard negatives.

Each case is a small document (a list of paragraphs, as a DOCX extracts, or lines of one PDF block) written for
this test; the expected value must be found with its category, and the kept values must not be found at all.
"""

from __future__ import annotations

import pytest

from redactor.types import Category, TextUnit

E = "anna.k@example.org"  # a contact line that makes the paragraphs around it a contact block


@pytest.fixture(scope="module")
def detector(pipeline):
    return pipeline.detector


def _found(detector, paragraphs: list[str], lang: str = "da") -> set[tuple[str, str]]:
    units = [TextUnit(f"p{i}", text) for i, text in enumerate(paragraphs)]
    return {(f.text, str(f.category)) for f in detector.detect(units, lang=lang) if f.score >= 0.6}


def _texts(found: set[tuple[str, str]]) -> set[str]:
    return {t for t, _ in found}


# ---------------------------------------------------------------------------------------------- residence
@pytest.mark.parametrize(
    ("paragraphs", "value"),
    [
        (["Anna Jensen", "2300 København S", E], "2300 København S"),
        ([E, "Esbjerg V 6705"], "Esbjerg V 6705"),
        (["Valby", E], "Valby"),
        ([E, "Odense, Danmark"], "Odense, Danmark"),
        ([E, "Odense, Denmark"], "Odense, Denmark"),
        ([E, "East Legon, Accra"], "East Legon, Accra"),
        ([E, "Xuhui District, Shanghai"], "Xuhui District, Shanghai"),
        (["Kadıköy, İstanbul", E], "Kadıköy, İstanbul"),
        ([E, "10115 Berlin"], "10115 Berlin"),
        (["Current location: Lahore", E], "Lahore"),
        ([f"{E} | Nørrebro | +45 22 33 44 55"], "Nørrebro"),
        ([E, "Pleasantville, CA 94588"], "Pleasantville, CA 94588"),
        (["\uf3c5 Aarhus C", "\uf0e0 x.y@example.com"], "Aarhus C"),
    ],
)
def test_residence_in_the_contact_block(detector, paragraphs, value) -> None:
    assert (value, "ADDRESS") in _found(detector, paragraphs)


@pytest.mark.parametrize(
    ("paragraphs", "kept"),
    [
        # towns of employers and schools on job and study lines stay
        ([E, "Erfaring", "Lærer, Aarhus Kommune, Aarhus"], "Aarhus"),
        ([E, "2015 - 2019 Novo Nordisk, Bagsværd"], "Bagsværd"),
        (["Uddannelse", "Aarhus Universitet", "Aarhus"], "Aarhus"),
        (["Projektleder", "Odense"], "Odense"),  # no contact line anywhere: no block
        ([E, "Software Engineer"], "Software Engineer"),
        ([E, "Python, SQL"], "Python"),
        ([E, "Jobcenter Ishøj, København"], "Jobcenter"),  # an employer and its town beside the contact lines
        ([E, "Novo Nordisk, Bagsværd"], "Bagsværd"),
        ([E, "Page 1 / 2"], "Page"),
    ],
)
def test_places_outside_the_contact_block_are_kept(detector, paragraphs, kept) -> None:
    assert not any(kept in t for t in _texts(_found(detector, paragraphs)))


# ---------------------------------------------------------------------------------------------- streets
@pytest.mark.parametrize(
    "street",
    [
        "Vestergade 14, 2. th.",
        "Am Lindenhof 7",
        "221B Baker Street",
        "Calle 5 #23-10",
        "ul. Długa 5/3",
        "1234 Broadway",
    ],
)
def test_street_without_postcode_in_the_contact_block(detector, street) -> None:
    assert (street, "ADDRESS") in _found(detector, [street, E])


@pytest.mark.parametrize(
    "line",
    ["Windows 10", "Level 2", "Python 2019", "2019 Graduation", "Google, 2019, Berlin", "Aarhus Universitet, 2015"],
)
def test_word_and_number_is_no_street(detector, line) -> None:
    assert not any(t in line for t in _texts(_found(detector, [line, E])) if t != E)


# ---------------------------------------------------------------------------------------------- phones
@pytest.mark.parametrize(
    ("paragraphs", "number"),
    [
        (["Mobil: 01012345678", "Cairo, Egypt", E], "01012345678"),  # Egypt, 11 digits starting 01
        (["987 654 321", "Lima, Peru", E], "987 654 321"),  # Peru, 9 digits starting 9
        (["0300-1234567", E], "0300-1234567"),  # Pakistan
        (["0532 123 45 67", E], "0532 123 45 67"),  # Turkey
        (["\uf095 (555) 123-4567", E], "(555) 123-4567"),  # US, after an icon
        (["07700 900123", E], "07700 900123"),  # UK
        (["98765 43210", "Pune, India", E], "98765 43210"),  # India, 10 digits
        (["Tlf.: 0170 567890", E], "0170 567890"),  # Germany
        (["(+1) 987 6543 210", E], "(+1) 987 6543 210"),
    ],
)
def test_national_phone_numbers_in_the_contact_block(detector, paragraphs, number) -> None:
    assert (number, "PHONE") in _found(detector, paragraphs)


@pytest.mark.parametrize(
    ("sentence", "number"),
    [
        ("If you have questions, please call me at 123-456-7890.", "123-456-7890"),
        ("Ring til mig på 0532 123 45 67, hvis du har spørgsmål.", "0532 123 45 67"),
        ("You can reach me at +92 300 1234567 any time.", "+92 300 1234567"),
    ],
)
def test_phone_in_prose_after_a_call_phrase(detector, sentence, number) -> None:
    assert (number, "PHONE") in _found(detector, [sentence], lang="en")


def test_phone_wrapped_over_two_lines_is_one_number(detector) -> None:
    found = _found(detector, [f"{E}\n+92 300\n1234567"])
    assert ("+92 300\n1234567", "PHONE") in found


@pytest.mark.parametrize(
    "line",
    [
        "2015 - 2019",
        "ISBN 978-87-02-12345-6",
        "CVR: 12345678",
        "Ordrenr. 4455667788",
        "12.03.2019",
        "2300 København S",
        "Løn 450000 kr",
        "xdvipdfmx (20211117)",  # a date without separators
        "01/2018 - 07/2022",
        "\uf073 01/2018 - 07/2022",  # a period after a calendar icon
    ],
)
def test_numbers_that_are_not_phones(detector, line) -> None:
    assert not any(c == "PHONE" for _, c in _found(detector, [line, E]))


# ---------------------------------------------------------------------------------------------- icons, handles
@pytest.mark.parametrize(
    ("line", "handle"),
    [
        ("\uf09b jdoe", "jdoe"),
        ("\uf08canna-k-jensen", "anna-k-jensen"),
        ("GitHub: jdoe", "jdoe"),
        ("Xing: Eva_Mustermann", "Eva_Mustermann"),
        ("fb://jsmith", "jsmith"),
    ],
)
def test_bare_handle_beside_an_icon_or_platform_label(detector, line, handle) -> None:
    assert (handle, "URL") in _found(detector, [line, E])


@pytest.mark.parametrize("line", ["\uf0ac Portfolio", "\uf02d Python", "\uf111 Excel"])
def test_words_after_icons_are_no_handles(detector, line) -> None:
    found = _found(detector, [line, E])
    assert not any(c == "URL" for _, c in found)


def test_icon_labels_make_a_contact_block_without_words() -> None:
    from redactor.detect.layout import contact_block

    units = [TextUnit("p0", "\uf3c5 Valby"), TextUnit("p1", "\uf095 0532 123 45 67")]
    assert len(contact_block(units)) == 2


def test_residence_line_categories(detector) -> None:
    found = _found(detector, ["Vestergade 14, 2. th.", "2300 København S", E])
    assert {c for t, c in found if t != E} == {str(Category.ADDRESS)}


# ---------------------------------------------------------------------------------------------- birthdates, ages
@pytest.mark.parametrize(
    ("paragraphs", "value", "category"),
    [
        (["DOB: 3 Feb 1994"], "3 Feb 1994", "BIRTHDATE"),
        (["Born 3rd February 1994"], "3rd February 1994", "BIRTHDATE"),
        (["Jens, b. 1994, Aarhus"], "1994", "BIRTHDATE"),
        (["Fødselsdato", "12-03-1988"], "12-03-1988", "BIRTHDATE"),  # table cells, no colon
        (["Date of Birth", "3 February 1994"], "3 February 1994", "BIRTHDATE"),
        (["Personlige oplysninger\nFødselsdato\n12.03.1988"], "12.03.1988", "BIRTHDATE"),
        (["I am a 24-year-old graduate in biology."], "24-year-old", "AGE"),
        (["Jeg er 24 år gammel og uddannet sygeplejerske."], "24 år gammel", "AGE"),
    ],
)
def test_birthdates_and_ages(detector, paragraphs, value, category) -> None:
    found = _found(detector, paragraphs, lang="en")
    assert any(c == category and value in t for t, c in found), found


@pytest.mark.parametrize(
    "paragraphs",
    [
        ["2015 - 2019: B.Sc. in Biology, b. 2 of 3 modules"],
        ["Ansat 01.02.2019 - 31.12.2022"],
        ["Age", "Group coordinator for young people"],
        ["I have 24 years of experience"],
        ["Fødselsdato", "Erfaring"],
    ],
)
def test_dates_and_numbers_that_are_no_birthdate_or_age(detector, paragraphs) -> None:
    found = _found(detector, paragraphs, lang="en")
    assert not any(c in ("BIRTHDATE", "AGE") for _, c in found), found


# ---------------------------------------------------------------------------------------------- origin
@pytest.mark.parametrize(
    ("paragraphs", "value"),
    [
        (["I came to Denmark from Eritrea in 2012."], "Eritrea"),
        (["After moving to Aarhus from Cork, I joined a dairy company."], "from Cork"),
        (["Jeg flyttede til Odense fra Bosnien i 1995."], "fra Bosnien"),
        (["I grew up in Mogadishu and studied in Nairobi."], "Mogadishu"),
        (["Born 1990 in New York"], "New York"),  # a city of several words
        (["Born and raised in Gaza."], "Gaza"),
        (["Nationalitet", "Somalisk"], "Somalisk"),  # table cells
        (["Citizenship", "Pakistani"], "Pakistani"),
        (["Somali", "Modersmål"], "Somali"),  # the language in the cell before the mark
        (["Arabisk - modersmål"], "Arabisk"),
        (["Nablus, Palestine", E], "Nablus, Palestine"),
    ],
)
def test_origin_phrases_and_cells(detector, paragraphs, value) -> None:
    found = _found(detector, paragraphs, lang="en")
    assert any(value in t for t, c in found if c in ("ETHNICITY", "ADDRESS")), found


@pytest.mark.parametrize(
    ("paragraphs", "kept"),
    [
        (["Arabisk - flydende"], "Arabisk"),  # a language as a skill stays
        (["Sprog", "Arabisk", "Flydende"], "Arabisk"),
        (["Arabic", "Fluent"], "Arabic"),
        (["We moved the office to Aarhus from Odense in 2019."], "Odense"),  # a Danish town: no origin
        (["Projektleder i Tyrkiet for Maersk, 2016 - 2018"], "Tyrkiet"),
    ],
)
def test_languages_as_skills_and_work_abroad_are_kept(detector, paragraphs, kept) -> None:
    found = _found(detector, paragraphs, lang="en")
    assert not any(kept in t for t, c in found if c == "ETHNICITY"), found


def test_mother_tongue_as_a_table_value_labels_nothing_after_it(detector) -> None:
    found = _found(detector, ["Sprog", "Dansk:", "modersmål", "Engelsk: flydende", "Dansk", "Modersmål", "Svensk"])
    assert not any("Engelsk" in t or "Svensk" in t for t, _ in found), found


@pytest.mark.parametrize(
    ("paragraphs", "value", "category"),
    [
        (["LinkedIn", "kreddy51"], "kreddy51", "URL"),  # a platform name in a table cell, the handle beside it
        (["Referencer", "Fatima Wahlgren, afdelingsleder, 42071916"], "42071916", "PHONE"),
        ([E, "\uf041 12 El-Tahrir St., Dokki, Giza"], "12 El-Tahrir St., Dokki, Giza", "ADDRESS"),
        ([E, "Rua Augusta, 1508, apto 52, São Paulo - SP"], "Rua Augusta, 1508, apto 52, São Paulo", "ADDRESS"),
        (["ð aaden57", E], "aaden57", "URL"),  # an icon font without a Unicode map: a glyph as a letter
        (["+ Brøndby, Danmark", E], "Brøndby, Danmark", "ADDRESS"),
    ],
)
def test_cells_references_and_street_lines(detector, paragraphs, value, category) -> None:
    assert (value, category) in _found(detector, paragraphs, lang="en")


@pytest.mark.parametrize(
    "line", ["Omsætning 2019: 42071916 kr", "Ordrenr. 42071916, leveret", "Sider: 12345678-12345699"]
)
def test_eight_digit_numbers_with_other_meanings(detector, line) -> None:
    assert not any(c == "PHONE" for _, c in _found(detector, [line]))


def test_user_name_of_a_profile_link_is_found_written_alone(detector) -> None:
    units = [TextUnit("p0", "zofia-zielinska\nzofzieli"), TextUnit("l0", "https://github.com/zofzieli", kind="link")]
    found = {(f.unit_id, f.text) for f in detector.detect(units) if f.category is Category.URL}
    assert ("p0", "zofzieli") in found


def test_common_word_profile_pages_are_not_user_names(detector) -> None:
    units = [
        TextUnit("p0", "Features\nWe use github.com/features daily"),
        TextUnit("l0", "https://github.com/features"),
    ]
    assert not any(f.text == "Features" for f in detector.detect(units))


def test_sentence_split_over_two_pdf_blocks(detector) -> None:
    from redactor.types import BBox, Word

    a = TextUnit(
        "p0.b1",
        "Jeg er uddannet lærer. Jeg kom til",
        page=0,
        words=tuple(Word(m, m + 1, BBox(40 + m * 5, 100, 44 + m * 5, 110), 10, 0) for m in range(0, 34, 4)),
    )
    b = TextUnit(
        "p0.b2",
        "Danmark fra Somalia i 2012.",
        page=0,
        words=tuple(Word(m, m + 1, BBox(40 + m * 5, 112, 44 + m * 5, 122), 10, 0) for m in range(0, 26, 4)),
    )
    found = {(f.unit_id, f.text, str(f.category)) for f in detector.detect([a, b])}
    assert ("p0.b2", "Danmark fra Somalia", "ETHNICITY") in found
    assert any(u == "p0.b1" and "kom til" in t and c == "ETHNICITY" for u, t, c in found)


@pytest.mark.parametrize(
    ("sentence", "place"),
    [("I live in Valby with my family.", "Valby"), ("Jeg bor i Brønshøj med min mand.", "Brønshøj")],
)
def test_where_the_writer_lives_in_prose(detector, sentence, place) -> None:
    assert (place, "ADDRESS") in _found(detector, [sentence])


@pytest.mark.parametrize("sentence", ["The company is based in Aarhus.", "Jeg bor i en lejlighed tæt på arbejdet."])
def test_company_seats_and_lowercase_words_are_no_residence(detector, sentence) -> None:
    assert not any(c == "ADDRESS" for _, c in _found(detector, [sentence]))


def test_empty_lines_between_labels_and_values(detector) -> None:
    units = [
        TextUnit("p0", "Fødselsdato\n\n12-03-1988"),
        TextUnit("p1", "   "),
        TextUnit("p2", "\n"),
        TextUnit("p3", "LinkedIn"),
    ]
    detector.detect(units)  # no crash on blank lines and blank units


# ---------------------------------------------------------------------------------------------- stand-ins
@pytest.mark.parametrize(
    ("paragraphs", "value", "category"),
    [
        (["Mette Holm", "MyGithubPage | mette@hjemme | Aarhus"], "mette@hjemme", "EMAIL"),
        (["Mette Holm", "MyGithubPage | mette@hjemme | Aarhus"], "MyGithubPage", "URL"),
        (["Navn Efternavn", "DinLinkedInProfil | navn@domæne | (områdekode) dit-telefonnummer"],
         "(områdekode) dit-telefonnummer", "PHONE"),
        ([E, "linkedin-side-her"], "linkedin-side-her", "URL"),
        # a service or area code before the stand-in
        ([E, "YourCountry\n1800 my-phone-nr"], "1800 my-phone-nr", "PHONE"),
        ([E, "(030) your-phone-number"], "(030) your-phone-number", "PHONE"),
    ],
)
def test_contact_fields_without_a_real_value(detector, paragraphs, value, category) -> None:
    """A template's or a half-filled contact row: the field's own wording says what it holds."""
    assert (value, category) in _found(detector, paragraphs)


@pytest.mark.parametrize(
    ("paragraphs", "kept"),
    [
        ([E, "Phone | Mobilnummer | Telefon nr."], ["Phone", "Mobilnummer", "Telefon"]),  # labels, no values
        ([E, "Telefon: efter aftale"], ["efter aftale"]),
        ([E, "24/7 phone support"], ["phone support"]),  # a skill with digits, no stand-in wording
        ([E, "Website redesign | Portfolio review"], ["Website redesign", "Portfolio review"]),
        (["Kompetencer: Python, C#, R@Risk-modeller"], ["R@Risk"]),  # no contact block: no stand-in
        (["Erfaring med mobile platforme og @-mentions i Slack"], ["mobile platforme"]),
    ],
)
def test_contact_labels_and_words_are_no_stand_ins(detector, paragraphs, kept) -> None:
    texts = _texts(_found(detector, paragraphs))
    assert not any(k in t for t in texts for k in kept)


# ---------------------------------------------------------------------------------------------- address slots
@pytest.mark.parametrize(
    ("paragraphs", "value"),
    [
        # a template's words for the parts of an address, where the applicant's address goes
        (["Vejnavn og husnummer", "Postnummer og by", E], "Vejnavn og husnummer"),
        (["Vejnavn og husnummer", "Postnummer og by", E], "Postnummer og by"),
        ([E, "Straße und Hausnummer – PLZ und Ort"], "Straße und Hausnummer"),
        ([E, "Straße und Hausnummer – PLZ und Ort"], "PLZ und Ort"),
        ([E, "Rue et numéro", "Code postal et ville"], "Code postal et ville"),
        ([E, "dirección – código postal y ciudad"], "código postal y ciudad"),
        ([E, "城市及国家"], "城市及国家"),
        ([f"{E} | (000) 000-0000 | City, Province"], "City, Province"),
        ([E, "Zip City 0000", "YourCountry"], "YourCountry"),
        ([E, "Address line 2"], "Address line 2"),
        (["Postcode Town", E, "Country"], "Country"),
        # a place after a map icon inside a row of icon-labelled fields (no separator but the icons)
        (["\uf3c5Kolding, 6000 \uf095+45 22 33 44 55 \uf0e0x.y@example.com"], "Kolding, 6000"),
    ],
)
def test_address_slot_words_in_the_contact_block(detector, paragraphs, value) -> None:
    assert (value, "ADDRESS") in _found(detector, paragraphs)


@pytest.mark.parametrize(
    ("paragraphs", "kept"),
    [
        ([E, "Adresse"], "Adresse"),  # a label whose value sits beside it
        ([E, "Address:"], "Address"),
        ([E, "Country manager"], "Country manager"),  # a job title with a slot word
        ([E, "State of the art"], "State of the art"),
        ([E, "Erfaring fra Tyskland"], "Erfaring"),
        (["Postnummer og by", "Projektleder"], "Postnummer"),  # no contact line anywhere: no block
        (["Erfaring", "City and Guilds diploma, 2015"], "City"),
    ],
)
def test_slot_words_that_are_no_address(detector, paragraphs, kept) -> None:
    assert not any(kept in t for t, c in _found(detector, paragraphs) if c == "ADDRESS")


def test_the_rest_of_a_residence_beside_an_address_line_of_the_block(detector) -> None:
    """A street two lines above the contact line is found because the line below it is a residence."""
    paragraphs = ["Anna Jensen", "Rosenallee 7", "80331 München", "Germany", "Tel. +49 151 2345 6789"]
    assert ("Rosenallee 7", "ADDRESS") in _found(detector, paragraphs)
    # beside a line that is no address, the block does not grow
    paragraphs = ["Rosenallee 7", "Cand.mag. i dansk", "Projektleder", "Tel. +49 151 2345 6789"]
    assert "Rosenallee 7" not in _texts(_found(detector, paragraphs))


def test_a_street_or_postcode_line_found_once_is_found_where_it_is_repeated(detector) -> None:
    footer = "Anna Jensen, Nørregade 7, 5000 Odense C, Tlf. og e-mail står på forsiden af denne ansøgning."
    units = [TextUnit(f"p{i}", t) for i, t in enumerate(["Nørregade 7", "5000 Odense C", E, "Erfaring", footer])]
    in_footer = {f.text for f in detector.detect(units) if f.unit_id == "p4" and f.category is Category.ADDRESS}
    assert {"Nørregade 7", "5000 Odense C"} <= in_footer
    # a word and a small number that a block rule took ("Python 3") is not searched for elsewhere
    prose = "Udvikler i Python 3 og Django i fem år hos et konsulenthus i Aarhus."
    units = [TextUnit(f"p{i}", t) for i, t in enumerate([E, "Python 3", "Erfaring", prose])]
    assert not [f for f in detector.detect(units) if f.unit_id == "p3" and f.category is Category.ADDRESS]
    # a town alone is not repeated into an employer's name
    units = [TextUnit("p0", "Valby"), TextUnit("p1", E), TextUnit("p2", "Bibliotekar, Valby Bibliotek, 2015 - 2019")]
    assert not [f for f in detector.detect(units) if f.unit_id == "p2" and f.category is Category.ADDRESS]


# ---------------------------------------------------------------------------------------------- phone repeats
@pytest.mark.parametrize(
    "footer",
    [
        "Eva Lindqvist, Ahornweg 3, 10115 Berlin, 0151 2345678",  # the national number with its leading digits
        "Eva Lindqvist | +49 151 2345678",  # the same number written internationally
    ],
)
def test_a_phone_found_once_is_found_whole_in_a_footer(detector, footer) -> None:
    units = [TextUnit("p0", "Telefon: 0151 2345678"), TextUnit("p1", footer)]
    found = [f for f in detector.detect(units) if f.category is Category.PHONE and f.unit_id == "p1"]
    number = footer[footer.rindex(",") + 2 :] if "," in footer else "+49 151 2345678"
    assert any(f.text.replace(" ", "").endswith(number.replace(" ", "")[-10:]) and len(
        f.text.replace(" ", "").lstrip("+")) >= 10 for f in found), [f.text for f in found]


def test_a_longer_number_holding_a_found_phone_is_not_that_phone(detector) -> None:
    units = [TextUnit("p0", "Telefon: 0151 2345678"), TextUnit("p1", "Kontonummer 7015 12345678")]
    assert not any(f.category is Category.PHONE and f.unit_id == "p1" for f in detector.detect(units))


# ---------------------------------------------------------------------------------------------- lone numbers
@pytest.mark.parametrize(
    ("paragraphs", "number"),
    [
        (["Experience", "Perth, Australia", "08 9123 4567\n0412 987 654"], "0412 987 654"),  # region evidence
        (["Experience", "Perth, Australia", "08 9123 4567\n0412 987 654"], "08 9123 4567"),
        (["Leipzig, Deutschland", "0176 23456789"], "0176 23456789"),
        (["Profil", "(555) 234-5678"], "(555) 234-5678"),
        (["Profil", "+0 (000) 222 3333"], "+0 (000) 222 3333"),  # a template's placeholder number
    ],
)
def test_a_line_holding_only_a_phone_number_is_a_phone(detector, paragraphs, number) -> None:
    found = _found(detector, paragraphs, lang="en")
    assert any(number in t or t in number and len(t) >= len(number) - 1 for t, c in found if c == "PHONE"), found


@pytest.mark.parametrize(
    "line",
    ["01.02.2020", "(2019) 2020", "2012 - 2016", "0001234567", "20211117", "1998-2003"],
)
def test_lines_of_dates_and_ids_are_no_phone(detector, line) -> None:
    assert not any(c == "PHONE" for _, c in _found(detector, ["Uddannelse", line, "Roskilde Universitet"]))


def test_a_web_address_of_its_own_in_the_contact_block_is_personal(detector) -> None:
    found = _found(detector, ["Kontakt\nmaja@holmdesign.dk\nhttp://www.holmdesign.dk\n+45 22 33 44 55"])
    assert ("http://www.holmdesign.dk", "URL") in found, found


# ---------------------------------------------------------------------------------------------- letter heads
_BODY = "I am writing to apply for the position of project manager in your department, which I read about."


@pytest.mark.parametrize(
    ("paragraphs", "values"),
    [
        (["Maria Rossi", "Via Verdi 12", "20121 Milano, Italia", "Acme S.p.A.", "Via Roma 1", "3 March 2026",
          "Dear Ms Bianchi,", _BODY], {"Via Verdi 12", "20121 Milano, Italia"}),
        (["Jan Kowalski", "Software engineer", "ul. Długa 5/3", "Poland", "12 May 2026", "Hiring Manager",
          "Rosenallee 7", "Dear hiring manager,", _BODY], {"ul. Długa 5/3", "Poland"}),
    ],
)
def test_the_sender_address_in_a_letter_head(detector, paragraphs, values) -> None:
    """Above the greeting, the address right under the writer's name is the writer's; no contact line needed."""
    addresses = {t for t, c in _found(detector, paragraphs, "en") if c == "ADDRESS"}
    assert values <= addresses


@pytest.mark.parametrize(
    "paragraphs",
    [
        # the recipient's address, first in the head or after the sender's lines, stays
        ["Acme GmbH", "Personalabteilung", "Rosenallee 7", "80331 München", "Dear Ms Bianchi,", _BODY],
        ["Maria Rossi", "Via Verdi 12", "20121 Milano", "Acme S.p.A.", "Rosenallee 7", "Dear Sir,", _BODY],
        ["Maria Rossi", "Via Verdi 12", "20121 Milano", "3 March 2026", "Rosenallee 7", "Dear Sir,", _BODY],
        # no greeting: no letter head (a CV's first lines are for the contact block to read)
        ["Maria Rossi", "Project manager", "Rosenallee 7", "Experience", _BODY],
    ],
)
def test_recipient_addresses_and_lines_outside_a_letter_head_stay(detector, paragraphs) -> None:
    assert "Rosenallee 7" not in _texts(_found(detector, paragraphs, "en"))


@pytest.mark.parametrize("country", ["Österreich", "Polska", "España", "Magyarország"])
def test_a_country_in_its_own_language_under_the_address(detector, country) -> None:
    assert (country, "ADDRESS") in _found(detector, ["Rosenallee 7", "1010 Wien", country, E])
    # in prose, or after a job line, it stays (no address)
    prose = [E, "Erfaring", f"Lagerchef med erfaring fra {country} og Danmark i alt fem år"]
    assert not any(country in t for t, c in _found(detector, prose) if c == "ADDRESS")


def test_the_country_after_a_repeated_address_line_goes_with_it(detector) -> None:
    footer = "Anna Jensen, Rosenallee 7, 1010 Wien, Österreich, telefon og mail står på forsiden af ansøgningen."
    units = [TextUnit(f"p{i}", t) for i, t in enumerate(["Rosenallee 7", "1010 Wien", "Österreich", E, footer])]
    in_footer = {f.text for f in detector.detect(units) if f.unit_id == "p4" and f.category is Category.ADDRESS}
    assert any("Österreich" in t for t in in_footer)


@pytest.mark.parametrize(
    ("paragraphs", "value"),
    [
        ([E, "Vester gade 1 4"], "Vester gade 1 4"),
        ([E, "Aar hus C"], "Aar hus C"),
        (["Kontakt", "Ros kilde"], "Ros kilde"),
    ],
)
def test_an_address_with_words_broken_by_letter_spacing(detector, paragraphs, value) -> None:
    assert (value, "ADDRESS") in _found(detector, paragraphs)


@pytest.mark.parametrize("line", ["Erfaring med salg", "Team lead", "Projekt ledelse"])
def test_joined_words_that_make_no_address(detector, line) -> None:
    assert not any(c == "ADDRESS" for _, c in _found(detector, [E, line]))


@pytest.mark.parametrize(
    ("lines", "handle"),
    [
        (["anna.k@example.org", "annak84"], "annak84"),  # the icon lost by OCR
        (["anna.k@example.org", "anna-k-jensen"], "anna-k-jensen"),
        (["anna.k@example.org", "in anna-k-jensen"], "anna-k-jensen"),  # LinkedIn's icon read as "in"
        (["anna.k@example.org", "in Aarhus"], None),
        (["anna.k@example.org", "e-conomic"], None),  # a skill
        (["anna.k@example.org", "front-end"], None),
        (["anna.k@example.org", "Python, team123"], None),  # shares its line
    ],
)
def test_block_bare_handle_alone_on_a_contact_line(detector, lines: list[str], handle: str | None) -> None:
    from redactor.detect.layout import BlockLine

    rules = detector.rules
    text = "\n".join(lines)
    start = text.index(lines[1])
    line = BlockLine("u", start, len(text), anchor=False, steps=1)
    hits = [text[h.start : h.end] for h in rules.analyze_block_line(text, line, (), []) if h.category.value == "URL"]
    assert hits == ([handle] if handle else [])


@pytest.mark.parametrize(
    ("contact", "address"),
    [
        ("\uf041 Flat 2, 17 Wilmslow Road, Manchester M14 5TQ", "Flat 2, 17 Wilmslow Road, Manchester M14 5TQ"),
        ("\uf041 4127 Maple Avenue, Columbus, OH\n43215", "4127 Maple Avenue, Columbus, OH\n43215"),
        ("Adresse: Vestergade 14, 2. th., 8000 Aarhus C", "Vestergade 14, 2. th., 8000 Aarhus C"),
    ],
)
def test_an_address_line_in_the_contact_block_is_taken_whole(detector, contact: str, address: str) -> None:
    units = [TextUnit("u0", "\uf095 +45 22 33 44 55\n\uf0e0 anna.k@example.org\n" + contact)]
    found = {f.text for f in detector.detect(units) if f.category is Category.ADDRESS}
    assert any(address in t for t in found), found


def test_an_address_line_stops_at_what_is_no_place(detector) -> None:
    units = [TextUnit("u0", "\uf095 +45 22 33 44 55\n\uf0e0 anna.k@example.org\n"
                            "\uf041 17 Wilmslow Road, Manchester | projektleder i tre år\nErfaring")]
    found = {f.text for f in detector.detect(units) if f.category is Category.ADDRESS}
    assert not any("projektleder" in t for t in found), found
