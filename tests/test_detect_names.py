"""Tests for the name detector: NER, labels, layout, signatures, gazetteer, applicant matching, propagation."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from redactor.detect.names import NameDetector, fold, skeleton
from redactor.errors import DependencyMissingError
from redactor.types import Applicant, BBox, Category, Finding, TextUnit, Word

SOURCES = {"ner", "label", "layout", "signature", "gazetteer", "applicant", "propagation"}


@pytest.fixture(scope="module")
def detector() -> NameDetector:
    return NameDetector()


def _unit(text: str, uid: str = "u0", kind: str = "body") -> TextUnit:
    return TextUnit(id=uid, text=text, kind=kind)


def _covered(unit: TextUnit, needle: str, findings: list[Finding], nth: int = 0) -> bool:
    """Whether the nth occurrence of ``needle`` in the unit is entirely inside name findings."""
    start = -1
    for _ in range(nth + 1):
        start = unit.text.find(needle, start + 1)
        assert start >= 0, f"test bug: {needle!r} not in text"
    end = start + len(needle)
    spans = sorted((f.start, f.end) for f in findings if f.unit_id == unit.id)
    pos = start
    for s, e in spans:
        if s <= pos < e:
            pos = e
        if pos >= end:
            return True
    return pos >= end


def _touched(unit: TextUnit, needle: str, findings: list[Finding]) -> bool:
    """Whether any character of any occurrence of ``needle`` is inside a name finding."""
    start = unit.text.find(needle)
    while start >= 0:
        end = start + len(needle)
        if any(f.unit_id == unit.id and f.start < end and start < f.end for f in findings):
            return True
        start = unit.text.find(needle, start + 1)
    return False


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # labels
        ("Navn: Anna Margrethe Jensen", ["Anna Margrethe Jensen"]),
        ("Name: Fatima Al-Hassan", ["Fatima Al-Hassan"]),
        ("Navn\tPiotr Wiśniewski", ["Piotr Wiśniewski"]),
        ("NAVN: Nguyen Thi Lan", ["Nguyen Thi Lan"]),
        ("Fulde navn: Abdirahman Warsame Farah", ["Abdirahman Warsame Farah"]),
        ("Reference: Mette Kjær Hansen, Chefkonsulent, Nielsen Rådgivning A/S", ["Mette Kjær Hansen"]),
        ("Referencer: Oksana Shevchenko (Teamleder) og Mehmet Yılmaz (Afdelingschef)",
         ["Oksana Shevchenko", "Mehmet Yılmaz"]),
        ("Kontaktperson: Reza Hosseini, tlf. 12 34 56 78", ["Reza Hosseini"]),
        ("Contact: Sadia Qureshi, HR Business Partner", ["Sadia Qureshi"]),
        # signatures
        ("Med venlig hilsen\nAbdirahman Warsame", ["Abdirahman Warsame"]),
        ("Med venlig hilsen\n\nYonas Tesfaye\n+45 12 34 56 78", ["Yonas Tesfaye"]),
        ("Kind regards,\nOleksandr Kovalenko", ["Oleksandr Kovalenko"]),
        ("Mvh. Per Holm", ["Per Holm"]),
        ("Best regards\nEmina Hodžić", ["Emina Hodžić"]),
        ("Yours sincerely\nPriya Ramanathan", ["Priya Ramanathan"]),
        # headlines and address lines
        ("Søren Østergård\nKongensgade 12, 1264 København K", ["Søren Østergård"]),
        ("Zeynep Kaya\nSenior Developer", ["Zeynep Kaya"]),
        ("MOHAMMED AL-SAYED\nProjektleder", ["MOHAMMED AL-SAYED"]),
        ("Anna Jensen, Vesterbrogade 12, 1620 København V", ["Anna Jensen"]),
        # running text, particles, many origins
        ("Jeg har arbejdet sammen med Mette Frederiksen og Kim Larsen.", ["Mette Frederiksen", "Kim Larsen"]),
        ("Ahmed bin Khalid Al-Harbi, Projektleder", ["Ahmed bin Khalid Al-Harbi"]),
        ("Johannes van der Berg", ["Johannes van der Berg"]),
        ("Min vejleder var Wojciech Kowalczyk.", ["Wojciech Kowalczyk"]),
        ("Jeg er gift med Mohammed, og vi har to børn.", ["Mohammed"]),
        # surname first, courtesy titles, greetings, self-introductions, labels inside a line
        ("JENSEN, Anna", ["JENSEN, Anna"]),
        ("Navn: Kapoor, Arjun", ["Kapoor", "Arjun"]),
        ("Dear Mr. Smith,", ["Smith"]),
        ("Kære Helle,\nTak for en god samtale.", ["Helle"]),
        ("Jeg hedder Hodan Abdi Warsame og søger stillingen.", ["Hodan Abdi Warsame"]),
        ("My name is Oksana Bondarenko.", ["Oksana Bondarenko"]),
        ("2007 - nu: Projektleder, LEGO. Reference: Ilhan Faadumo Warsame", ["Ilhan Faadumo Warsame"]),
        ("Kontakt Sahra Hirsi på 12 34 56 78.", ["Sahra Hirsi"]),
        ("Siobhan O'Connor", ["Siobhan O'Connor"]),
        ("Navn: Nguyễn Thị Lan", ["Nguyễn Thị Lan"]),
        ("Navn: Yiting Guo", ["Yiting Guo"]),
        ("BOLESŁAWA PRZYBYLSKA\nSygeplejerske", ["BOLESŁAWA PRZYBYLSKA"]),
        ("Jan Jensen, Projektleder", ["Jan Jensen"]),
        ("Sunita Das, født 13.2.1967", ["Sunita Das"]),
        ("Gift med Dhruv Das", ["Dhruv Das"]),
    ],
)
def test_detect_names_finds_names(detector: NameDetector, text: str, names: list[str]) -> None:
    unit = _unit(text)
    findings = detector.detect([unit])
    for name in names:
        assert _covered(unit, name, findings), (name, [(f.text, f.source) for f in findings])


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("Jeg arbejder 37 timer per uge til 200 kr. per time.", ["per"]),
        ("kim er et ord, og skov og holm er natur.", ["kim", "skov", "holm"]),
        ("CURRICULUM VITAE", ["CURRICULUM", "VITAE"]),
        ("ERHVERVSERFARING\nProjektleder, Nielsen Rådgivning A/S, 2015-2020", ["ERHVERVSERFARING", "Nielsen"]),
        ("Uddannelse\nCand.merc., Copenhagen Business School, 2010-2012", ["Uddannelse", "Copenhagen"]),
        ("Kompetencer\nProjektledelse, Excel, SAP", ["Kompetencer", "Excel"]),
        ("Referencer: Oplyses gerne", ["Oplyses"]),
        ("References available upon request", ["References", "available"]),
        ("Rose til teamleder på to år.", ["Rose"]),
        ("Storm og regn stoppede ikke projektet.", ["Storm"]),
        ("Socialrådgiver hos Aarhus Kommune, Sygeplejerske på Hvidovre Hospital",
         ["Socialrådgiver", "Aarhus", "Sygeplejerske", "Hvidovre"]),
        ("Jensen & Co ApS\nHansen Transport A/S", ["Jensen", "Hansen"]),
        ("Odense\nValby\nKøbenhavn", ["Odense", "Valby", "København"]),
        ("Kørekort: B\nSprog: Dansk, engelsk", ["Kørekort", "Dansk"]),
        ("Niels Juels Gade 10, 1059 København K", ["Niels", "Juels"]),
        ("Adresse: Peter Bangs Vej 94, 2000 Frederiksberg", ["Peter", "Bangs"]),
        ("Reference: Nyborg Kommune", ["Nyborg"]),
        ("Referencer: Gives på forlangende", ["Gives"]),
        ("Kommunikationsmedarbejder – Novo Nordisk A/S", ["Novo", "Nordisk"]),
        ("Konstruktør – MT Højgaard\n2007–2013", ["Højgaard"]),
        ("Afdelingssygeplejerske, Iran Khodro", ["Iran", "Khodro"]),
        ("Pædagog – Vesterbro Ny Skole", ["Vesterbro"]),
        ("Bachelor – Hanoi University of Science and Technology", ["Hanoi"]),
        ("Architectural Technologist – Københavns Erhvervsakademi", ["Københavns"]),
        ("Kontakt\nIstedgade 12, 1650 København V", ["Istedgade"]),
        ("Sep 2019-Jun 2024: Udvikler\nJul 2008 – Jan 2014: Konsulent", ["Jun", "Jan"]),
        ("Certificeringer: PRINCE2 Foundation, Lean Six Sigma Green Belt", ["PRINCE", "Lean"]),
        ("Politechnika Gdańska\nOrta Doğu Teknik Üniversitesi", ["Gdańska", "Orta", "Doğu"]),
        ("• TypeScript\n• Git\n• Power BI", ["Git"]),
        ("HR BUSINESS PARTNER", ["BUSINESS", "PARTNER"]),
    ],
)
def test_detect_names_ignores_hard_negatives(detector: NameDetector, text: str, forbidden: list[str]) -> None:
    unit = _unit(text)
    findings = detector.detect([unit])
    for word in forbidden:
        assert not _touched(unit, word, findings), (word, [(f.text, f.source) for f in findings])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kontakt: soren.ostergaard@mail.dk", ["soren", "ostergaard"]),
        ("SOEREN OESTERGAARD", ["SOEREN OESTERGAARD"]),
        ("S. Østergård har ansvaret.", ["S. Østergård"]),
        ("Tak for Sørens hjælp.", ["Sørens"]),
        ("Østergård, Søren", ["Østergård", "Søren"]),
        ("linkedin.com/in/sorenostergaard", ["sorenostergaard"]),
        ("github.com/sostergaard", ["sostergaard"]),
        ("Soren Ostergard", ["Soren Ostergard"]),
    ],
)
def test_detect_names_applicant_fuzzy(detector: NameDetector, text: str, expected: list[str]) -> None:
    unit = _unit(text)
    findings = detector.detect([unit], Applicant(name="Søren Østergård"))
    for needle in expected:
        assert _covered(unit, needle, findings), (needle, [(f.text, f.source) for f in findings])
    assert any(f.source == "applicant" for f in findings)


@pytest.mark.parametrize(
    ("applicant", "text", "forbidden"),
    [
        ("Per Holm", "Vi tog 200 kr. per time ved holm og skov.", ["per", "holm"]),
        ("Kim Rose", "kim er et ord, og rose er en blomst.", ["kim", "rose"]),
    ],
)
def test_detect_names_applicant_word_parts_need_capitals(
    detector: NameDetector, applicant: str, text: str, forbidden: list[str]
) -> None:
    unit = _unit(text)
    findings = detector.detect([unit], Applicant(name=applicant))
    for word in forbidden:
        assert not _touched(unit, word, findings), word


def test_detect_names_propagates_to_every_occurrence(detector: NameDetector) -> None:
    units = [
        _unit("Navn: Fatima Al-Hassan", "a"),
        _unit("Fatima har ledet projektet. Al-Hassans team voksede.", "b"),
        _unit("E-mail: fatima.alhassan@gmail.com", "c"),
        _unit("FATIMA AL-HASSAN\nPROJEKTLEDER", "d", kind="header"),
        _unit("Fatima_Al-Hassan_CV.pdf", "e", kind="filename"),
    ]
    findings = detector.detect(units)
    assert _covered(units[0], "Fatima Al-Hassan", findings)
    assert _covered(units[1], "Fatima", findings)
    assert _covered(units[1], "Al-Hassans", findings)
    assert _covered(units[2], "fatima", findings)
    assert _covered(units[2], "alhassan", findings)
    assert _covered(units[3], "FATIMA AL-HASSAN", findings)
    assert not _touched(units[3], "PROJEKTLEDER", findings)
    assert _covered(units[4], "Fatima", findings)
    assert "propagation" in {f.source for f in findings if f.unit_id in ("b", "c", "e")}


def test_detect_names_names_in_handles_seed_propagation(detector: NameDetector) -> None:
    units = [
        _unit("Anna_Jensen_CV.pdf", "a", kind="filename"),
        _unit("Skriv til fatima.khalil@gmail.com eller info@firma.dk", "b"),
        _unit("FATIMA KHALIL\nwww.anna-jensen.dk/om-mig", "c", kind="header"),
    ]
    findings = detector.detect(units)
    assert _covered(units[0], "Anna_Jensen", findings)
    assert _covered(units[1], "fatima.khalil", findings)
    assert not _touched(units[1], "gmail", findings)
    assert not _touched(units[1], "info", findings)
    assert _covered(units[2], "FATIMA KHALIL", findings)
    assert _covered(units[2], "anna-jensen", findings)


@pytest.mark.parametrize(
    ("text", "kind", "names"),
    [
        ("Selma Salihović", "metadata", ["Selma Salihović"]),
        ("CV - Kim Christensen", "metadata", ["Kim Christensen"]),
        ("Jayalakshmi Sundaram CV docx", "filename", ["Jayalakshmi Sundaram"]),
        ("Kåre Kjærsgaard-Bøgh · 83322821 · Side 1 af 1", "footer", ["Kåre Kjærsgaard-Bøgh"]),
        ("Attn: Caasha Saaxiil", "body", ["Caasha Saaxiil"]),
    ],
)
def test_detect_names_other_channels(detector: NameDetector, text: str, kind: str, names: list[str]) -> None:
    unit = _unit(text, kind=kind)
    findings = detector.detect([unit])
    for name in names:
        assert _covered(unit, name, findings), (name, [(f.text, f.source) for f in findings])


@pytest.mark.parametrize("text", ["Ansøgning Projektleder final docx", "CV 2024 docx", "Microsoft Word - CV.docx"])
def test_detect_names_file_names_without_names(detector: NameDetector, text: str) -> None:
    assert detector.detect([_unit(text, kind="filename")]) == []


def test_detect_names_propagates_surname_into_company_name(detector: NameDetector) -> None:
    units = [_unit("Navn: Lars Østergaard Kjærsgaard", "a"), _unit("Kjærsgaard Rådgivning A/S", "b")]
    findings = detector.detect(units)
    assert _covered(units[1], "Kjærsgaard", findings)
    assert not _touched(units[1], "Rådgivning", findings)


@pytest.mark.parametrize(
    ("name", "company"),
    [("Lars Hansen", "Lagermedarbejder, Hansen & Søn ApS, 2015-2019"), ("Mette Nielsen", "Nielsen Rådgivning A/S"),
     ("Søren Jensen", "Jensen Transport A/S")],
)
def test_detect_names_very_common_surname_in_company_name_kept(detector: NameDetector, name: str,
                                                                company: str) -> None:
    """A company named with one of the most frequent surnames names nobody: the employer is kept."""
    units = [_unit(name, "a"), _unit(company, "b")]
    findings = detector.detect(units, Applicant(name=name))
    assert _covered(units[0], name, findings)
    assert not [f for f in findings if f.unit_id == "b"], [(f.text, f.source) for f in findings]


def test_detect_names_propagation_skips_ordinary_words(detector: NameDetector) -> None:
    units = [_unit("Navn: Per Holm", "a"), _unit("Løn: 200 kr. per time. Vi bor ved en holm.", "b")]
    findings = detector.detect(units)
    assert _covered(units[0], "Per Holm", findings)
    assert not [f for f in findings if f.unit_id == "b"]


def test_detect_names_label_value_in_next_unit(detector: NameDetector) -> None:
    units = [_unit("Navn", "a"), _unit("Tendai Mukamuri", "b"), _unit("Adresse", "c")]
    findings = detector.detect(units)
    assert _covered(units[1], "Tendai Mukamuri", findings)
    assert not [f for f in findings if f.unit_id in ("a", "c")]


def test_detect_names_signature_in_following_paragraphs(detector: NameDetector) -> None:
    units = [_unit("Jeg ser frem til at høre fra jer.", "a"), _unit("Venlig hilsen", "b"), _unit("  ", "c"),
             _unit("Tendai Mukamuri", "d"), _unit("Bilag: eksamensbeviser", "e")]
    findings = detector.detect(units)
    assert _covered(units[3], "Tendai Mukamuri", findings)
    assert not [f for f in findings if f.unit_id in ("a", "b", "e")]


def _pdf_unit(uid: str, lines: list[tuple[str, float]], top: float = 40.0) -> TextUnit:
    text = "\n".join(t for t, _ in lines)
    words: list[Word] = []
    pos = 0
    y = top
    for li, (line, size) in enumerate(lines):
        col = 0
        for part in line.split(" "):
            start = pos + col
            words.append(Word(start, start + len(part), BBox(50 + col * 6, y, 50 + (col + len(part)) * 6, y + size),
                              size=size, line=li))
            col += len(part) + 1
        pos += len(line) + 1
        y += size * 1.4
    return TextUnit(id=uid, text=text, kind="body", page=0, words=tuple(words))


def test_detect_names_layout_largest_line_on_first_page(detector: NameDetector) -> None:
    head = _pdf_unit("p0b0", [("CURRICULUM VITAE", 14.0), ("Tendai Mukamuri", 22.0)])
    body = _pdf_unit("p0b1", [("Erfaren projektleder med ansvar for drift og udvikling.", 10.0),
                              ("Ledelse af tværfaglige teams i den offentlige sektor.", 10.0)], top=140.0)
    findings = detector.detect([head, body])
    assert _covered(head, "Tendai Mukamuri", findings)
    assert not _touched(head, "CURRICULUM", findings)
    assert not [f for f in findings if f.unit_id == "p0b1"]


def test_detect_names_findings_are_well_formed(detector: NameDetector) -> None:
    units = [
        _unit("Navn: Anna Jensen\nAnna har erfaring.", "a"),
        _unit("Med venlig hilsen\nAnna Jensen", "b"),
        _unit("anna.jensen@mail.dk", "c", kind="link"),
    ]
    findings = detector.detect(units, Applicant(name="Anna Jensen"))
    assert findings
    texts = {u.id: u.text for u in units}
    for f in findings:
        assert f.category is Category.NAME
        assert f.text == texts[f.unit_id][f.start : f.end]
        assert 0.0 <= f.score <= 1.0
        assert f.source in SOURCES
    spans = sorted((f.unit_id, f.start, f.end) for f in findings)
    for (u1, _s1, e1), (u2, s2, _e2) in zip(spans, spans[1:], strict=False):
        assert u1 != u2 or s2 >= e1, "findings overlap"


def test_detect_names_empty_input(detector: NameDetector) -> None:
    assert detector.detect([]) == []
    assert detector.detect([_unit("   \n  ")]) == []


def test_detect_names_missing_models_raise(tmp_path: Path) -> None:
    with pytest.raises(DependencyMissingError):
        NameDetector(tmp_path)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Søren Østergård", "SOEREN OESTERGAARD"), ("Søren Østergård", "soren ostergard"), ("Müller", "Mueller"),
     ("Aagaard", "Ågård"), ("Hodžić", "hodzic")],
)
def test_detect_names_skeleton_equates_spellings(a: str, b: str) -> None:
    assert skeleton(a) == skeleton(b)
    assert fold("Ærø") == "aeroe"


@pytest.mark.slow
def test_detect_names_speed_on_a_cv(detector: NameDetector) -> None:
    cv = _synthetic_cv()
    units = [_unit(block, f"u{i}") for i, block in enumerate(cv.split("\n\n"))]
    n_words = len(cv.split())
    detector.detect(units)
    t0 = time.perf_counter()
    for _ in range(5):
        detector.detect(units, Applicant(name="Anna Jensen"))
    rate = 5 * n_words / (time.perf_counter() - t0)
    assert rate > 2000, rate


def _synthetic_cv() -> str:
    body = (
        "Jeg har arbejdet med projektledelse, økonomistyring og digitalisering i den offentlige sektor. "
        "Ansvarlig for budgetter, rapportering og samarbejde med leverandører og borgere. "
    )
    return "\n\n".join(
        [
            "Anna Jensen\nKongensgade 12, 1264 København K\n+45 12 34 56 78\nanna.jensen@mail.dk",
            "PROFIL\n" + body * 4,
            "ERHVERVSERFARING\n2019 - nu Projektleder, Københavns Kommune\n" + body * 6,
            "2015 - 2019 Konsulent, Nielsen Rådgivning A/S\n" + body * 6,
            "UDDANNELSE\n2013 - 2015 Cand.scient.pol., Københavns Universitet\n" + body * 3,
            "KOMPETENCER\nExcel, SAP, Power BI, projektledelse, facilitering\n" + body * 3,
            "REFERENCER\nMette Hansen, Chefkonsulent, Københavns Kommune, tlf. 11 22 33 44",
            "Med venlig hilsen\nAnna Jensen",
        ]
    )


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # titles before a name, and a name wrapped over a line break inside one unit
        ("• Thesis on digital public services. Supervisor: Assoc. Prof. Troels\nLund-Hansen",
         ["Troels", "Lund-Hansen"]),
        ("Vejleder: lektor Mette\nSkov-Jørgensen", ["Mette", "Skov-Jørgensen"]),
        ("Supervisor: Dr. Amira\nEl-Sayed, DTU", ["Amira", "El-Sayed"]),
        ("Reference: Professor Jens\nKristiansen, KU", ["Jens", "Kristiansen"]),
        ("Referencer: cand.psych. Line\nBach-Nielsen (tidligere leder)", ["Line", "Bach-Nielsen"]),
        ("Thesis supervised by Associate Professor Nguyen Van\nThanh at AAU", ["Nguyen Van", "Thanh"]),
        ("Leder: Jens Lund-\nHansen", ["Jens Lund", "Hansen"]),
        ("Vejleder: Prof. Dr. med. Hanne Bjerregaard", ["Hanne Bjerregaard"]),
        ("Navn: Dr. Anna Jensen", ["Anna Jensen"]),
        ("Supervised by lektor Søren Krogh.", ["Søren Krogh"]),
        ("Kontakt: Peter\nHansen", ["Peter", "Hansen"]),
    ],
)
def test_detect_names_titles_and_wrapped_names(detector: NameDetector, text: str, names: list[str]) -> None:
    unit = _unit(text)
    findings = detector.detect([unit])
    for name in names:
        assert _covered(unit, name, findings), (name, [(f.text, f.source) for f in findings])


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("Reference: Anna Jensen\nProjektleder, Novo Nordisk", ["Projektleder", "Novo"]),
        ("Vejleder: Mette\nProjektleder i Region Hovedstaden", ["Projektleder", "Region"]),
        ("Kontaktperson: Sara\nKøbenhavn", ["København"]),
        ("Leder: Peter\nNovo Nordisk A/S", ["Novo", "Nordisk"]),
        ("september 2016-juni\n2021\nCand.scient.adm., Politechnika Gdańska", ["Politechnika", "Gdańska"]),
        ("Elif Özdemir, overlæge, Rigshospitalet, tlf. 0045 65 85 45 41", ["Rigshospitalet", "overlæge"]),
        ("Professor Emeritus at KU", ["Emeritus"]),
        ("Lektor Matematik og Fysik", ["Matematik"]),
        ("I worked closely with Peter Hansen at Novo in 2015", ["Novo"]),
    ],
)
def test_detect_names_titles_and_wraps_hard_negatives(detector: NameDetector, text: str, forbidden: list[str]) -> None:
    unit = _unit(text)
    findings = detector.detect([unit])
    for word in forbidden:
        assert not _touched(unit, word, findings), (word, [(f.text, f.source) for f in findings])


def test_detect_names_wrap_across_paragraphs(detector: NameDetector) -> None:
    """A DOCX paragraph or PDF block that ends with a lone given name continues in the next one."""
    units = [TextUnit("p1", "Vejleder: lektor Rasmus", "body", page=0, ref="word/document.xml"),
             TextUnit("p2", "Holm-Andersen", "body", page=0, ref="word/document.xml"),
             TextUnit("p3", "Projektleder", "body", page=0, ref="word/document.xml")]
    findings = detector.detect(units)
    assert _covered(units[1], "Holm-Andersen", findings)
    assert not [f for f in findings if f.unit_id == "p3"]


@pytest.mark.parametrize(
    ("text", "kind", "names"),
    [
        # a common given name and surname run together in a site, handle, e-mail or file name
        ("www.andersjohansen.dk", "body", ["andersjohansen"]),
        ("Portfolio: ahmedhassan.github.io", "body", ["ahmedhassan"]),
        ("https://soerenoestergaard.com", "link", ["soerenoestergaard"]),
        ("CV_MetteHolm.pdf", "filename", ["MetteHolm"]),
        ("Kontakt: jensenmette@gmail.com", "body", ["jensenmette"]),
        ("www.fatima-nielsen.dk", "body", ["fatima-nielsen"]),
        ("andersjohansen", "metadata", ["andersjohansen"]),  # a user name as the last author
        ("CV MetteHolm 2024", "metadata", ["MetteHolm"]),
    ],
)
def test_detect_names_run_together_handles(detector: NameDetector, text: str, kind: str, names: list[str]) -> None:
    unit = _unit(text, kind=kind)
    findings = detector.detect([unit])
    for name in names:
        assert _covered(unit, name, findings), (name, [(f.text, f.source) for f in findings])


@pytest.mark.parametrize(
    "text",
    ["www.novonordisk.com", "www.folketing.dk", "sundhed.dk", "www.montering.dk", "www.jobindex.dk",
     "kommunekredit.dk", "www.frederiksberg.dk", "www.ingenioeren.dk", "www.karriere.dk",
     "Designer, Louis Poulsen (www.louispoulsen.com), 2018-2020", "PowerPoint LinkedIn JavaScript"],
)
def test_detect_names_run_together_negatives(detector: NameDetector, text: str) -> None:
    assert detector.detect([_unit(text)]) == []


@pytest.mark.parametrize(
    ("name", "handle", "part"),
    [
        ("Vibeke Bach", "Mail: vbach@icloud.com", "vbach"),  # flast
        ("Vibeke Bach", "www.bachvibeke.dk", "bachvibeke"),  # lastfirst
        ("Ulla Sommer", "github.com/usommer", "usommer"),
        ("Storm Due", "linkedin.com/in/stormdue", "stormdue"),  # word-names run together
        ("Søren Kjærgaard", "soerenkjaergaard@mail.dk", "soerenkjaergaard"),  # ASCII-folded
        ("Anders Holm", "https://andersh.dk", "andersh"),  # firstl
        ("Vibeke Bach", "vbach", "vbach"),  # a user name in metadata (checked below as kind "metadata")
    ],
)
def test_detect_names_found_name_in_run_together_handles(detector: NameDetector, name: str, handle: str,
                                                        part: str) -> None:
    kind = "body" if any(c in handle for c in ".@/") else "metadata"
    units = [_unit(f"Navn: {name}", "a"), _unit(handle, "b", kind=kind)]
    findings = detector.detect(units)
    assert _covered(units[1], part, findings), [(f.text, f.source) for f in findings]


@pytest.mark.parametrize(
    ("units", "kept"),
    [
        (["Building Permit Officer – Per Aarsleff\n06/1998 - 08/2001"], "Per Aarsleff"),
        (["Engineer – Per Aarsleff", "Dec 2003–Jun 2005"], "Per Aarsleff"),
        (["Salgsassistent hos Georg Jensen"], "Georg Jensen"),
        (["Designer, Louis Poulsen, 2018-2020"], "Louis Poulsen"),
        (["Employer: Martin Professional"], "Martin"),
        (["Senior Developer | Kim Larsen\n2019 – nu"], "Kim Larsen"),
        (["2016 - 2019", "Lagerarbejder, Brødrene Dahl"], "Dahl"),
        (["I worked as a sales assistant at Peter Beier Chokolade"], "Peter Beier"),
        (["Maler og tapetserer hos Malerfirmaet Bent Holm"], "Bent Holm"),
        (["Smed – Lindø Industripark\n2010 – 2012"], "Lindø"),
        (["Ingeniør ved Per Aarsleff, 2003-2005"], "Per Aarsleff"),
    ],
)
def test_detect_names_employers_named_after_people(detector: NameDetector, units: list[str], kept: str) -> None:
    tus = [TextUnit(f"u{i}", t, "body", page=0) for i, t in enumerate(units)]
    findings = detector.detect(tus)
    assert not any(_touched(u, kept, findings) for u in tus), [(f.text, f.source) for f in findings]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Reference: Mette Hansen, souschef, Region Hovedstaden", "Mette Hansen"),
        ("Kontaktperson: Per Aarsleff", "Per Aarsleff"),
        ("Projektleder – Mette Frederiksen\nReferencer", "Mette Frederiksen"),
        ("Nærmeste leder: Jonas Kragh (2019-2021)", "Jonas Kragh"),
        ("Kursus i konflikthåndtering ved Mette Holm", "Mette Holm"),
    ],
)
def test_detect_names_people_in_job_like_lines_still_found(detector: NameDetector, text: str, name: str) -> None:
    unit = _unit(text)
    findings = detector.detect([unit])
    assert _covered(unit, name, findings), [(f.text, f.source) for f in findings]
    assert not _touched(unit, "souschef", findings)


@pytest.mark.parametrize("author", ["Admin", "Microsoft Office User", "Windows User", "Bruger", "Owner"])
def test_detect_names_placeholder_authors_are_not_names(detector: NameDetector, author: str) -> None:
    """A salutation at the end of the body does not reach into the metadata; placeholder authors are no names."""
    units = [_unit("Med venlig hilsen", "b0"), TextUnit("m0", author, "metadata", ref="author"),
             TextUnit("m1", author, "comment", ref="word/comments.xml")]
    assert detector.detect(units) == []


def test_detect_names_propagation_beats_a_weak_direct_guess(detector: NameDetector) -> None:
    """A surname alone on a wrapped line (a weak NER guess) is found through the labelled full name."""
    units = [_unit("Navn: Storm Esben Lund-Hansen", "a"), _unit("Storm Esben\nLund-Hansen", "b")]
    findings = detector.detect(units)
    assert _covered(units[1], "Lund-Hansen", findings)
