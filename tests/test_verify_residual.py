"""The residual-risk check: each signal flags what detection left, and stops flagging when switched off."""

from __future__ import annotations

import pytest

from conftest import make_pdf
from redactor import Applicant, Outcome, Pipeline, load_config
from redactor.types import BBox, VerifyIssue
from redactor.verify.residual import SIGNALS, Line, Page, ResidualChecker, translate

PAGE = {0: Page(595.0, 842.0)}
LABELS = ("[NAVN]", "[TELEFON]", "[E-MAIL]", "[ADRESSE]", "[LINK]", "[NAME]", "[PHONE]")


def _lines(*items: str | tuple[str, float]) -> list[Line]:
    """Lines laid out top-down on page 1, like a simple CV; (text, size) for a larger line."""
    out = []
    y = 60.0
    for item in items:
        text, size = (item, 11.0) if isinstance(item, str) else item
        box = BBox(60, y, 60 + 5.5 * len(text) * size / 11, y + size)
        words = []
        x = box.x0
        for tok in text.split(" "):
            if tok:
                w = len(tok) * 5.5 * size / 11
                words.append((tok, BBox(x, y, x + w, y + size)))
                x += w + 3
        out.append(Line(0, text, box, size, tuple(words)))
        y += size * 1.6
    return out


def _check(lines: list[Line], *, off: tuple[str, ...] = (), applicant: Applicant | None = None) -> list[VerifyIssue]:
    return ResidualChecker(disabled=off).check(lines, labels=LABELS, pages=PAGE, applicant=applicant)


def _details(issues: list[VerifyIssue]) -> list[str]:
    return [i.detail for i in issues]


# A redacted CV as the pipeline leaves it: nothing here may be flagged (false flags make review useless).
CLEAN_CV = _lines(
    ("[NAVN]", 22),
    "Projektleder",
    "Mobil: [TELEFON]",
    "E-mail: [E-MAIL]",
    "Adresse: [ADRESSE]",
    "Kørekort: B",
    "Profil",
    "Erhvervserfaring",
    "2015 - 2020 Projektleder, Region Hovedstaden",
    "01.03.2012 - 31.12.2014 Konsulent, Københavns Kommune",
    "Budget på 12.500.000 kr. og 14 medarbejdere",
    "ISBN 978-87-02-12345-6 (medforfatter)",
    "CVR 12345678 (arbejdsgiver)",
    "Uddannelse",
    "Cand.scient.pol., Københavns Universitet, 2010 - 2015",
    "Sprog: Dansk (flydende), Engelsk (flydende)",
    "Referencer",
    "[NAVN], Afdelingsleder, Region Hovedstaden",
    "Kære rekrutteringsansvarlige",
    "Med venlig hilsen",
    "[NAVN]",
)


def test_a_redacted_cv_raises_no_flag() -> None:
    assert _check(CLEAN_CV) == []


@pytest.mark.parametrize(
    ("signal", "lines", "expected"),
    [
        ("label", _lines("Mobil: 2345 6789"), "possible phone number left after 'Mobil'"),
        ("label", _lines("Nationalitet: Eritreisk"), "possible origin detail left after 'Nationalitet'"),
        ("label", _lines("Fødselsdato: 3. februar 1994"), "possible birth date or ID number left after 'Fødselsdato'"),
        ("icon", _lines("\uf095 +1 555 123 4567"), "possible contact detail left after an icon"),
        ("icon", _lines("\uf041 Kadıköy"), "possible contact detail left after an icon"),
        ("digits", _lines("Kontakt 23 45 67 89 eller 0300-1234567"), "possible personal number in the text"),
        ("street", _lines("Bor på Vestergade 14, 2. th."), "possible address in the text"),
        ("street", _lines("Lives at 221B Baker Street"), "possible address in the text"),
        ("street", _lines("Calle 5 #23-10, Bogotá"), "possible address in the text"),
        ("position", _lines(("Amara Okonkwo-Diallo", 22), "Sygeplejerske"),
         "possible name in the largest line at the top of page 1"),
        ("position", _lines("Med venlig hilsen", "Xochitl Ngozi-Wiremu"),
         "possible name in the signature after 'Med venlig hilsen'"),
        ("position contact_names", _lines("Kind regards,", "Thanh Huong"),
         "possible name in the signature after 'Kind regards'"),
        ("position", _lines("Kære Henrik", "Tak for samtalen."), "possible name in the greeting 'Kære'"),
        ("web", _lines("Se mere på github.com/okonkwo-dev"), "possible link or handle in the text"),
        ("web", _lines("Kontakt: amara.o@example.org"), "possible e-mail address in the text"),
        ("web", _lines("Twitter-profil @amara_codes"), "possible link or handle in the text"),
        ("web", _lines("Erfaring", "https://gith ub.co m/ama ra-k"), "possible link or handle in the text"),
        ("label", [Line(None, "LinkedIn"), Line(None, "llauridsen68")],  # a DOCX table: label cell, value cell
         "possible link or handle left after 'LinkedIn'"),
        ("icon", _lines("Kontakt", "ð aaden57"), "possible link or handle left after an icon"),  # unmapped icon font
        ("position", _lines(("I D A B E C H", 20), "Regnskabsassistent"),
         "possible name in the largest line at the top of page 1"),
        ("position", _lines("درويش رشا", "Social worker", "Erhvervserfaring"),
         "possible name in the largest line at the top of page 1"),
        ("position", [Line(None, "Erhvervserfaring"), Line(None, "Kåre Villads Andersen – CV", kind="header")],
         "possible name in a running header or footer"),
        ("cues", _lines("Jeg er en 39-årig pædagog og far til to."),
         "possible age, family or origin detail in the text"),
        ("cues", _lines("I moved to Denmark from Peru in 2012."), "possible age, family or origin detail in the text"),
        ("cues", _lines("Sprog", "Yoruba: native"), "possible age, family or origin detail in the text"),
        ("cues", _lines("Skills: Photoshop, grew up bilingual (English and"),
         "possible age, family or origin detail in the text"),
        ("position", _lines(("JOHN", 24), ("DOE", 24), "Graphic designer", "Erhvervserfaring"),
         "possible name in the largest line at the top of page 1"),
        ("street", _lines("123 Fake St", "Sydney"), "possible address in the text"),
        ("street", _lines("1 Rue Gonnet", "75011 Paris"), "possible address in the text"),
        ("stand_in", _lines("Mobil: [TELEFON]", "Vejnavn og husnummer", "Postnummer og by"),
         "possible address in the text"),  # a template's address stand-ins in the contact block
        ("stand_in", _lines("[E-MAIL] | [TELEFON] | Town, State"), "possible address in the text"),
        ("stand_in", _lines("calle y número – código postal y ciudad", "[TELEFON]"), "possible address in the text"),
        ("stand_in", _lines("[ADRESSE]", "0000 your-phone-no"), "possible phone number in the text"),
        ("stand_in", _lines("[E-MAIL] | (areaCode) dit-telefonnummer"), "possible phone number in the text"),
        ("stand_in", _lines("Erfaring", "0000 your-phone-no"), "possible phone number in the text"),  # as one token
        ("web", _lines("YourEmail@domain | (areaCode) your-phone"), "possible e-mail address in the text"),
        ("contact_names", _lines("[TELEFON] · Mohammed · [E-MAIL]"), "possible name in the contact details"),
        ("contact_names", _lines("Mobil: [TELEFON]", "张伟"), "possible name in the contact details"),
    ],
)
def test_each_signal_flags_and_stops_when_switched_off(signal: str, lines: list[Line], expected: str) -> None:
    assert expected in _details(_check(lines))
    signals = signal.split()
    for one in signals if len(signals) > 1 else ():
        assert expected in _details(_check(lines, off=(one,)))  # either signal alone finds a signature name
    assert expected not in _details(_check(lines, off=tuple(signal.split())))  # the hit is this signal's


def test_table_rows_with_removed_values_are_not_flagged() -> None:
    # label column left, value column right; the values of 'Køn' and 'Nationalitet' were removed
    rows = []
    for n, (label, value) in enumerate([("Mobil", ""), ("Nationalitet", ""), ("Køn", ""), ("Kørekort", "B")]):
        y = 100.0 + 12 * n
        rows.append(Line(0, label, BBox(51, y, 51 + 6 * len(label), y + 10), 10.0))
        if value:
            rows.append(Line(0, value, BBox(298, y, 304, y + 10), 10.0))
    rows.append(Line(0, "Sygeplejerske med erfaring fra akutmodtagelse og intensiv", BBox(51, 200, 400, 210), 10.0))
    assert _check(rows) == []


@pytest.mark.parametrize("text", ["af faggrupper.", "i 2022", "Driving licence: B (Danish)", "P R O F I L",
                                  "5 years of experience with children", "Engelsk: flydende",
                                  "Pædagogisk arbejde med børn og unge", "Projektleder – CV-database",
                                  "Web Developer", "GitHub Repo", "LinkedIn | [NAME]@university | [PHONE]",
                                  "React.js, Angular, Vue.js, Laravel, Django"])
def test_prose_fragments_and_other_fields_are_not_flagged(text: str) -> None:
    assert _check(_lines(("[NAVN]", 20), "Mobil: [TELEFON]", text, "Erhvervserfaring")) == []


def test_an_employer_site_after_a_link_icon_in_the_experience_is_not_flagged() -> None:
    title = Line(0, "Webudvikler, Creative Solutions", BBox(60, 480, 300, 491), 11.0)
    assert _check([title, Line(0, "\uebc2https://creativesolutions.example/", BBox(60, 495, 300, 506), 11.0)]) == []
    personal = Line(0, "\uebc2https://creativesolutions.example/team/anna-k", BBox(60, 495, 300, 506), 11.0)
    assert "possible contact detail left after an icon" in _details(_check([title, personal]))


def test_small_icon_image_before_a_line_counts_as_a_label() -> None:
    line = _lines("+45 2345 6789")[0]
    with_icon = [Line(line.page, line.text, line.bbox, line.size, line.words, icon=True)]
    found = _details(_check(with_icon, off=("digits",)))
    assert "possible contact detail left after an icon" in found
    assert found != _details(_check(with_icon, off=("digits", "icon")))


@pytest.mark.parametrize(
    ("form", "line"),
    [
        ({"name": "Amara Okonkwo"}, "A M A R A   O K O N K W O"),  # letter-spaced
        ({"name": "Søren Ulfkjær"}, "Soren Ulfkjaer"),  # without diacritics
        ({"name": "Mette Kjærsgaard"}, "KJÆRSGAARD, METTE"),  # reversed and in capitals
        ({"phone": "+45 23 45 67 89"}, "Ring 2345.6789"),  # other grouping
        ({"birthdate": "1994-02-03"}, "03021994"),
    ],
)
def test_form_data_in_other_spellings(form: dict[str, str], line: str) -> None:
    applicant = Applicant.from_dict(form)
    lines = _lines(line)
    expected = "possible form data (other spelling) in the text"
    assert expected in _details(_check(lines, off=("digits", "position"), applicant=applicant))
    assert expected not in _details(_check(lines, off=("digits", "position", "form_data"), applicant=applicant))


def test_form_data_in_its_own_spelling_inside_an_employer_is_not_flagged() -> None:
    # "Hansen & Søn ApS" is the employer: detection keeps it, and the form's spelling is detection's job
    applicant = Applicant(name="Peter Hansen")
    assert _check(_lines("Bogholder, Hansen & Søn ApS"), applicant=applicant) == []


@pytest.mark.parametrize("text", [
    "Kørekort: B",
    "2012 - 2015 Konsulent",
    "01/2015 - 12/2018",
    "Software Engineer",
    "Projektleder, Novo Nordisk",
    "ISBN 978-0-12-345678-9",
    "Omsætning 25.000.000 kr.",
    "Telefon: [TELEFON]",
    "Phone: [PHONE] | E-mail: [E-MAIL]",
])
def test_qualifications_dates_and_labels_are_not_flagged(text: str) -> None:
    assert _check(_lines(("Erhvervserfaring", 14), text)) == []


def test_a_hit_has_a_place_and_no_raw_value() -> None:
    issues = _check(_lines("Mobil: 2345 6789"), off=("digits",))
    assert len(issues) == 1
    issue = issues[0]
    assert issue.kind == "risk" and issue.page == 0 and issue.bbox is not None
    assert issue.bbox.x0 > 60  # the value's words, not the label
    assert "2345" not in issue.detail


def test_reasons_are_danish_first() -> None:
    assert translate("possible phone number left after 'Mobil'", "da") == "muligt telefonnummer efter 'Mobil'"
    assert translate("possible phone number left after 'Mobil'", "en") == "possible phone number left after 'Mobil'"
    assert translate("the residual check found possible personal data left in the output", "da") == \
        "restkontrollen fandt mulige personoplysninger i resultatet"
    assert translate("something else", "da") is None


def test_unknown_signal_is_an_error() -> None:
    with pytest.raises(ValueError):
        ResidualChecker(disabled=("nope",))
    assert set(SIGNALS) >= {"label", "icon", "digits", "street", "position", "web", "contact_names", "form_data",
                            "cues"}


# --------------------------------------------------------------------------- through the pipeline


def _blind_to(monkeypatch: pytest.MonkeyPatch, category: str) -> None:
    """Detection (and so re-detection in verification) does not see one category: a blind spot."""
    from redactor.detect.engine import Detector

    real = Detector.detect

    def blind(self, units, *args, **kwargs):  # type: ignore[no-untyped-def]
        return [f for f in real(self, units, *args, **kwargs) if str(f.category) != category]

    monkeypatch.setattr(Detector, "detect", blind)


def _letter() -> bytes:
    return make_pdf([
        ("Curriculum Vitae", 20),
        "Mobil: 23 45 67 89",
        "Erhvervserfaring",
        "2015 - 2020 Projektleder, Region Hovedstaden",
    ])


def test_a_phone_detection_misses_is_not_released_as_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    _blind_to(monkeypatch, "PHONE")
    with_check = Pipeline(load_config()).redact(_letter())
    assert with_check.outcome is Outcome.NEEDS_REVIEW
    assert any(i.kind == "risk" and i.page == 0 and i.bbox is not None for i in with_check.verification.issues)
    assert "the residual check found possible personal data left in the output" in with_check.reasons
    # without the residual check the same blind spot is a silent leak: this is what the check is for
    without = Pipeline(load_config(residual_check=False)).redact(_letter())
    assert without.outcome is Outcome.CLEAN


def test_a_category_detection_is_told_to_keep_is_still_flagged() -> None:
    result = Pipeline(load_config(actions={"PHONE": "keep"})).redact(_letter())
    assert result.outcome is Outcome.NEEDS_REVIEW
    risks = result.verification.risks
    assert any(i.category == "PHONE" for i in risks)
    off = Pipeline(load_config(actions={"PHONE": "keep"}, residual_signals_off=("label", "digits"))).redact(_letter())
    assert not any(i.category == "PHONE" for i in off.verification.risks)


def test_a_reviewer_approval_settles_the_risks(monkeypatch: pytest.MonkeyPatch) -> None:
    from redactor.types import ReviewDecisions

    _blind_to(monkeypatch, "PHONE")
    result = Pipeline(load_config()).redact(_letter(), review=ReviewDecisions(approved=True))
    assert result.verification.risks  # still listed
    assert result.verification.passed  # risks are not certain leaks
    assert result.outcome is Outcome.CLEAN


def test_the_review_page_lists_a_risk_with_its_box_and_danish_reason() -> None:
    from redactor.review.server import _flags, _page_boxes
    from redactor.review.store import ReviewState
    from redactor.review.strings import reason_text

    report = {"findings": [], "images": [], "reasons": [
        "the residual check found possible personal data left in the output"],
        "verification": {"passed": True, "issues": [
            {"kind": "risk", "detail": "possible phone number left after 'Mobil'", "category": "PHONE", "page": 0,
             "box": [96.0, 60.0, 143.0, 71.0]}]}}
    flags = _flags(report)
    assert [(f["kind"], f["page"], f["y"]) for f in flags] == [("risk", 0, 60.0)]
    boxes = _page_boxes(report, [], ReviewState(), 0)
    assert [b["raw"] for b in boxes] == [BBox(96.0, 60.0, 143.0, 71.0)] and boxes[0]["flag"]
    assert reason_text(flags[0]["detail"], "da") == "muligt telefonnummer efter 'Mobil'"
    assert reason_text(report["reasons"][0], "da") == "restkontrollen fandt mulige personoplysninger i resultatet"


@pytest.mark.parametrize(
    ("line", "flagged"),
    [
        ("[TELEFON] | [E-MAIL] | + Town, State", True),  # an unmapped icon font's glyph labels the residence
        ("| # Valby", True),
        ("[TELEFON] | [E-MAIL] | [ADRESSE]", False),
        ("Projektleder | Region Hovedstaden", False),  # no glyph: a title and an employer
        ("Python | C++ | SQL", False),
    ],
)
def test_a_value_after_a_stray_glyph_in_a_contact_line_is_flagged(line: str, flagged: bool) -> None:
    found = _details(_check(_lines(("[NAVN]", 20), line)))
    assert ("possible contact detail left after an icon" in found) is flagged
    assert "possible contact detail left after an icon" not in _details(_check(_lines(("[NAVN]", 20), line),
                                                                                 off=("icon",)))


def test_address_words_outside_the_contact_block_or_in_a_title_are_not_stand_ins() -> None:
    assert _check(_lines("Erfaring", "Country manager, Region Syd", "Postal code and city planning")) == []
    assert _check(_lines("Mobil: [TELEFON]", "Country manager")) == []
    assert _check(_lines("Mobil: [TELEFON]", "Phone support and mobile repairs")) == []
    assert _check(_lines("Erfaring", "I answered my phone number queries in the call centre")) == []
    assert _check(_lines("Erfaring", "Built https://example.com and more")) == []  # a site's root, no person
    assert _check(_lines("Erfaring", "Built https://example.com, a shop / webshop for a client")) == []




def test_a_platform_label_under_another_is_not_its_value() -> None:
    # a profiles table whose handles were removed: "GitHub" then "StackOverf" (cut short by the column)
    assert "possible link or handle left after 'GitHub'" not in _details(
        _check(_lines(("[NAVN]", 20), "GitHub", "StackOverf", "Erfaring")))
    assert "possible link or handle left after 'GitHub'" in _details(
        _check(_lines(("[NAVN]", 20), "GitHub", "johndoe88", "Erfaring")))


def test_a_field_name_under_a_name_label_is_not_a_name_left() -> None:
    # a referee block whose name was removed, or a template's stand-in: "Name" over "Title"
    assert "possible name left after 'Name'" not in _details(_check(_lines(("[NAVN]", 20), "Name", "Title")))
    assert "possible name left after 'Name'" not in _details(
        _check(_lines(("[NAVN]", 20), "Name", "Company/Organisation")))
    assert "possible name left after 'Name'" in _details(_check(_lines(("[NAVN]", 20), "Name", "Amara Okonkwo")))
