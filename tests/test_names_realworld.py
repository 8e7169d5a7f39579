"""Names as real CV layouts write them, and qualifications that only look like names.

One parametrised table per class: positives (the name must be covered) and hard negatives (the string must
survive). Strings are invented for these tests; names are drawn from many origins.
"""

from __future__ import annotations

import pytest

from redactor.detect.names import NameDetector
from redactor.types import BBox, Finding, TextUnit, Word


@pytest.fixture(scope="module")
def detector() -> NameDetector:
    return NameDetector()


def _findings(detector: NameDetector, text: str, kind: str = "body") -> tuple[TextUnit, list[Finding]]:
    unit = TextUnit(id="u0", text=text, kind=kind)
    found = detector.detect([unit])
    detector.clear_cache()
    return unit, found


def _covered(unit: TextUnit, needle: str, findings: list[Finding]) -> bool:
    """Whether every occurrence of ``needle`` lies entirely inside name findings."""
    start = unit.text.find(needle)
    assert start >= 0, f"test bug: {needle!r} not in text"
    while start >= 0:
        pos, end = start, start + len(needle)
        for f in sorted(findings, key=lambda f: f.start):
            if f.start <= pos < f.end:
                pos = f.end
        if pos < end:
            return False
        start = unit.text.find(needle, start + 1)
    return True


def _touched(unit: TextUnit, needle: str, findings: list[Finding]) -> bool:
    start = unit.text.find(needle)
    assert start >= 0, f"test bug: {needle!r} not in text"
    while start >= 0:
        end = start + len(needle)
        if any(f.start < end and start < f.end for f in findings):
            return True
        start = unit.text.find(needle, start + 1)
    return False


def _check(detector: NameDetector, text: str, names: list[str], keep: list[str]) -> None:
    unit, found = _findings(detector, text)
    for name in names:
        assert _covered(unit, name, found), f"{name!r} not covered in {text!r}: {[f.text for f in found]}"
    for word in keep:
        assert not _touched(unit, word, found), f"{word!r} redacted in {text!r}: {[f.text for f in found]}"


# --- letter-spaced names ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "names", "keep"),
    [
        ("K A R O L I N A   W I Ś N I E W S K A\nSygeplejerske", ["K A R O L I N A   W I Ś N I E W S K A"],
         ["Sygeplejerske"]),
        ("T H O R B J Ø R N  V E S T E R G A A R D\nTømrer", ["T H O R B J Ø R N  V E S T E R G A A R D"], []),
        ("O K S A N A   K O V A L E N K O\nprojektkoordinator", ["O K S A N A   K O V A L E N K O"], []),
        # the name found spaced out is searched for everywhere else
        ("D I M I T R I   P A P A D O P O U L O S\n\nDimitri har arbejdet i logistik.",
         ["D I M I T R I   P A P A D O P O U L O S", "Dimitri"], []),
        # kerning kept a pair or triple of letters together, and the gap between the words was lost
        ("K W A BE N A A S A N TE\nLogistikkoordinator", ["K W A BE N A A S A N TE"], []),
        ("N I R M A L A P E R E R A\nSygeplejerske", ["N I R M A L A P E R E R A"], []),
        ("A S K E H O L M\nElektriker", ["A S K E H O L M"], []),
        ("P R O J E C T M A N A G E M E N T\nA C H I E V E M E N T S", [],
         ["P R O J E C T M A N A G E M E N T", "A C H I E V E M E N T S"]),
        # headings spaced out are not names
        ("E R F A R I N G\nLagerarbejder hos Coop", [], ["E R F A R I N G"]),
        ("C O N T A C T\nS K I L L S\nP R O F I L E", [], ["C O N T A C T", "S K I L L S", "P R O F I L E"]),
        ("U D D A N N E L S E   O G   K U R S E R", [], ["U D D A N N E L S E"]),
    ],
)
def test_letter_spaced_names(detector: NameDetector, text: str, names: list[str], keep: list[str]) -> None:
    _check(detector, text, names, keep)


# --- name labels of foreign templates ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "names", "keep"),
    [
        ("Persönliche Daten\nNachname\nKowalczyk\nVorname\nIrena", ["Kowalczyk", "Irena"], []),
        ("Prénom : Anaïs\nNom de famille : Bouchard", ["Anaïs", "Bouchard"], []),
        ("Apellidos: Quispe Mamani\nNombre: Rosa", ["Quispe Mamani", "Rosa"], []),
        ("Nombre del proyecto: Planta Solar Norte", [], ["Planta Solar Norte"]),
    ],
)
def test_foreign_name_labels(detector: NameDetector, text: str, names: list[str], keep: list[str]) -> None:
    _check(detector, text, names, keep)


# --- all-caps names ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "names", "keep"),
    [
        ("MAGNUS ØSTERGAARD\nLagerchef", ["MAGNUS ØSTERGAARD"], []),
        ("ADAEZE OKONKWO\nLaboratorietekniker", ["ADAEZE OKONKWO"], []),
        ("NGUYEN THI LAN\nRegnskabsassistent", ["NGUYEN THI LAN"], []),
        ("ERHVERVSERFARING\nPROJEKTLEDER, VESTAS WIND SYSTEMS", [], ["ERHVERVSERFARING", "PROJEKTLEDER"]),
    ],
)
def test_all_caps_names(detector: NameDetector, text: str, names: list[str], keep: list[str]) -> None:
    _check(detector, text, names, keep)


# --- initials -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "names", "keep"),
    [
        ("KB Sørensen\nElektriker", ["KB Sørensen"], []),
        ("R. K. Venkataraman\nData Engineer", ["R. K. Venkataraman"], ["Data Engineer"]),
        ("H.-J. Schneider\nMaskinmester", ["H.-J. Schneider"], []),
        ("Med venlig hilsen\n\nTS Mikkelsen", ["TS Mikkelsen"], []),
        ("Dokumentegenskaber: CV – T. Vestergaard", ["T. Vestergaard"], []),
        # authors of a publication list: "Surname, I."
        ("Publikationer\nMwangi, K., Sørby, L. & Ferreira, P. (2020). Soil carbon in drained peat. Geoderma.",
         ["Mwangi, K.", "Sørby, L.", "Ferreira, P."], ["Geoderma"]),
        ("Leverandør: J. Lauritzen A/S, Kolding", [], ["J. Lauritzen"]),
        # an abbreviation in front of a company word or in running text stays a company
        ("2015-2019 Projektleder, MT Højgaard A/S", [], ["MT Højgaard"]),
        ("Erfaring med SAP og KMD Opus fra 2019.", [], ["KMD Opus"]),
    ],
)
def test_initials(detector: NameDetector, text: str, names: list[str], keep: list[str]) -> None:
    _check(detector, text, names, keep)


# --- a given name alone in a third-person bio -------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "names", "keep"),
    [
        ("Profil\nSiddharth is a backend developer who enjoys hard problems.", ["Siddharth"], []),
        ("Om mig\nKwame har ti års erfaring med kundeservice.", ["Kwame"], []),
        ("Profil\nFrederikke er uddannet pædagog og elsker friluftsliv.", ["Frederikke"], []),
        ("About\nOluwaseun has led teams of twelve in Lagos.", ["Oluwaseun"], []),
        # after "my name is" the name runs to the end of the sentence, ordinary words included
        ("About me\nMy name is Oscar Bird. I repair bicycles.", ["Oscar Bird"], []),
        # a frequent word, a product or a company at a sentence start is no person
        ("Kompetencer\nPython is a language I use daily.", [], ["Python"]),
        ("Erfaring\nNovozymes har givet mig erfaring med GMP.", [], ["Novozymes"]),
        ("Motivation\nMark was the first thing I noticed.", [], ["Mark"]),
    ],
)
def test_bio_subject_names(detector: NameDetector, text: str, names: list[str], keep: list[str]) -> None:
    _check(detector, text, names, keep)


# --- other scripts beside the Latin name ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "names", "keep"),
    [
        ("Zhang Xiuying (张秀英)\nKemiingeniør", ["Zhang Xiuying", "张秀英"], []),
        ("Navn: Dmitrij Sokolov / Дмитрий Соколов", ["Dmitrij Sokolov", "Дмитрий Соколов"], []),
        ("Navn: Layla Haddad (ليلى حداد)", ["Layla Haddad", "ليلى حداد"], []),
        ("김민준\nSoftwareudvikler", ["김민준"], []),
        # alone on a line of a Latin-script CV
        ("Тарас Мельник\n" + "Jeg er uddannet tømrer og har arbejdet med renovering af etageboliger. " * 5,
         ["Тарас Мельник"], []),
        ("سمير حداد\n" + "Social worker with years of experience in family support and case work. " * 5,
         ["سمير حداد"], []),
        # a word in another script that stands beside no name stays
        ("Sprog: Dansk, engelsk, русский (flydende)", [], ["русский"]),
        ("русский язык\n" + "Jeg taler dansk, engelsk og russisk og har undervist voksne i sprog. " * 5, [],
         ["русский язык"]),
    ],
)
def test_other_script_names(detector: NameDetector, text: str, names: list[str], keep: list[str]) -> None:
    _check(detector, text, names, keep)


# --- template placeholder names ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "names", "keep"),
    [
        ("Your Name Here\nMarketing Coordinator", ["Your Name Here"], []),
        # a placeholder naming nobody is not searched for elsewhere ("Here" is an ordinary word)
        ("YOUR NAME HERE\nYour Tagline Here", ["YOUR NAME HERE"], ["Tagline Here"]),
        ("FORNAVN EFTERNAVN\nStilling", ["FORNAVN EFTERNAVN"], []),
        ("Jane Doe\nUX Designer", ["Jane Doe"], []),
        ("Kari Nordmann\nSykepleier", ["Kari Nordmann"], []),
        # an instruction in prose and a label are not names
        ("Write your name here and attach the form.", [], ["your name here"]),
        ("Full name: (see the attached form)", [], ["Full name"]),
    ],
)
def test_placeholder_names(detector: NameDetector, text: str, names: list[str], keep: list[str]) -> None:
    _check(detector, text, names, keep)


# --- the large top line of page 1 -------------------------------------------------------------------------
def _pdf_units(lines: list[tuple[str, float]]) -> list[TextUnit]:
    units = []
    y = 40.0
    for i, (line, size) in enumerate(lines):
        words = []
        pos = 0
        for w in line.split(" "):
            words.append(Word(pos, pos + len(w), BBox(50, y, 50 + 6 * len(w), y + size), size))
            pos += len(w) + 1
        units.append(TextUnit(id=f"p0b{i}", text=line, kind="body", page=0, words=tuple(words)))
        y += size * 1.6
    return units


@pytest.mark.parametrize(
    ("lines", "name", "keep"),
    [
        ([("Product Manager", 11.0), ("Grace Bell", 26.0), ("Skills", 11.0), ("Roadmaps, analytics", 10.0)],
         "Grace Bell", ["Product Manager"]),
        ([("Mathias Fox", 24.0), ("Tømrer", 12.0), ("Erfaring", 12.0), ("Byggeri og renovering", 10.0)],
         "Mathias Fox", ["Tømrer"]),
        ([("larsmikkelsen", 28.0), ("Elektriker", 12.0), ("Erfaring", 12.0), ("Service og montage", 10.0)],
         "larsmikkelsen", ["Elektriker"]),
        ([("Data Analyst", 24.0), ("Hobbies", 12.0), ("Running", 10.0), ("Reading", 10.0)], None,
         ["Data Analyst"]),
        ([("Grand Central Station", 24.0), ("Notes", 12.0), ("Text", 10.0), ("More text", 10.0)], None,
         ["Grand Central Station"]),
    ],
)
def test_top_line_of_page_one(detector: NameDetector, lines: list[tuple[str, float]], name: str | None,
                              keep: list[str]) -> None:
    units = _pdf_units(lines)
    found = detector.detect(units)
    detector.clear_cache()
    texts = {f.text for f in found}
    if name is not None:
        assert name in texts, texts
    for word in keep:
        assert not any(word in t or t in word for t in texts), texts


# --- schools and employers named after people or places, skills that are surnames, degrees -----------------
@pytest.mark.parametrize(
    ("text", "keep"),
    [
        ("Uddannelse\n2004-2013 Kaj Munk Skolen, Hvide Sande", ["Kaj Munk"]),
        ("Uddannelse\n2013-2016 Niels Steensens Gymnasium", ["Niels Steensens"]),
        ("Uddannelse\n2008-2011 Maria Montessori-skolen i Roskilde", ["Maria Montessori"]),
        ("Uddannelse\n2016-2019 Alfred Nobel Handelsgymnasium", ["Alfred Nobel"]),
        ("Education\n2012-2016 BSc, Ahmadu Bello University, Zaria", ["Ahmadu Bello"]),
        ("Education\n2014-2018 Universidad Técnica Federico Santa María", ["Federico Santa María"]),
        ("Education\n2010-2013 Lycée Louis Pasteur, Lille", ["Louis Pasteur"]),
        ("Education\n2016-2017 Exchange at Universität Johann Wolfgang Goethe", ["Johann Wolfgang Goethe"]),
        ("Erfaring\n2019-2023 Servicetekniker, Grundfos Bjerringbro", ["Grundfos"]),
        ("Erfaring\n2017-2019 Salgsassistent, Føtex Vesterbro", ["Føtex"]),
        ("Experience\n2018-2020 Data Analyst, Acme Inc., Los Angeles\nTeams in San Jose and Santa Clara",
         ["Los Angeles", "San Jose", "Santa Clara"]),
        ("Kompetencer\nJenkins, Hudson, Maven, Gradle", ["Jenkins", "Hudson"]),
        ("Kompetencer: Julia, Cassandra, Python, Tekla", ["Julia", "Cassandra", "Tekla"]),
        # a name word right before a capitalised ordinary word qualifies it: a product or a shop
        ("Kompetencer\nModellering i Sigrid Studio og AutoCAD.", ["Sigrid"]),
        ("Erfaring\n2019-2021 Salgsassistent, Hansens Møbler", ["Hansens"]),
        ("Erfaring\n2015-2019 Butiksassistent, Aldi Danmark\n2019-2021 Analyst, Wipro India", ["Aldi", "Wipro"]),
        ("Erfaring\n2021- Barista, Joe & The Juice\n2018-2020 Ingeniør, Brüel & Kjær", ["Joe", "Brüel", "Kjær"]),
        ("Uddannelse\n2001-2004 Astrid Lindgren Børnehave\n2012 Johann-Gutenberg-Universität Mainz",
         ["Astrid Lindgren", "Johann-Gutenberg"]),
        ("Uddannelse\nCand.polyt. i kemiteknik, DTU", ["Cand.polyt."]),
        # the town after a titled name is where the practice is, not part of the name
        ("Erfaring\n2019-2020 Praktik, Dr. Lindqvist Odense", ["Odense"]),
    ],
)
def test_qualifications_named_after_people_are_kept(detector: NameDetector, text: str, keep: list[str]) -> None:
    _check(detector, text, [], keep)


def test_the_rest_of_an_author_list_is_names(detector: NameDetector) -> None:
    text = ("Publications\nRouting in sparse networks\nLéa Marchetti, Ruairí Ó Dálaigh, Ingrid Nordahl, Tomasz Wrona,"
            " Aiyana Redcloud\nJournal of Networks 2019")
    unit, found = _findings(detector, text)
    texts = [f.text for f in found]
    for name in ("Léa Marchetti", "Ingrid Nordahl", "Tomasz Wrona"):
        assert _covered(unit, name, found), texts
    assert not _touched(unit, "Journal of Networks", found), texts
    assert not _touched(unit, "Routing in sparse networks", found), texts


def test_an_author_wrapped_over_two_lines_is_found(detector: NameDetector) -> None:
    text = ("Publications\nSoil carbon in drained peat\nMarta Kowalczyk, Henrik Lauesen, Bogdan\n"
            "Iliescu, Ana Ferreira, Jonas Petraitis\nGeoderma 2018")
    unit, found = _findings(detector, text)
    for name in ("Bogdan", "Iliescu", "Henrik Lauesen"):
        assert _covered(unit, name, found), [f.text for f in found]


def test_a_skills_line_with_two_names_stays_a_skills_line(detector: NameDetector) -> None:
    text = "Værktøjer\nAdobe Illustrator, Figma, Microsoft Teams, Kim Larsen, Lise Holm"
    unit, found = _findings(detector, text)
    for word in ("Adobe Illustrator", "Microsoft Teams", "Figma"):
        assert not _touched(unit, word, found), [f.text for f in found]


def test_a_list_of_names_is_no_job_title(detector: NameDetector) -> None:
    """Names before a name on a line with a year are co-authors, not the job title of an employer line."""
    text = "Publications\nJohn Doe, Amara Nwosu, Lukas Brandt\nProceedings of ICML 2022"
    unit, found = _findings(detector, text)
    for name in ("Amara Nwosu", "Lukas Brandt"):
        assert _covered(unit, name, found), [f.text for f in found]


def test_an_occupational_surname_after_a_given_name_is_still_a_name(detector: NameDetector) -> None:
    unit, found = _findings(detector, "Referencer\nJeg har talt med Mette Bager og Søren Fisker om stillingen.")
    for name in ("Mette Bager", "Søren Fisker"):
        assert _covered(unit, name, found), [f.text for f in found]


def test_applicant_name_still_found_beside_an_institution_named_after_a_person(detector: NameDetector) -> None:
    text = "Navn: Ingrid Pasteur\nUddannelse\n2010-2013 Lycée Louis Pasteur, Lille"
    unit, found = _findings(detector, text)
    assert _covered(unit, "Ingrid Pasteur", found)
    assert not _touched(unit, "Louis", found)


# --- letter-spaced names with the word gap lost, and names found elsewhere written spaced out ----------------
@pytest.mark.parametrize(
    ("text", "names", "keep"),
    [
        # a template's placeholder name run together ("JANEDOE" is too short for the unsplit-name shape)
        ("J A N E D O E\nSygeplejerske", ["J A N E D O E"], ["Sygeplejerske"]),
        # a surname that is also a word, spaced out alone: found because the name was found in the text
        ("Mit navn er Jonas Bager.\n\nB A G E R\nElektriker", ["Jonas Bager", "B A G E R"], ["Elektriker"]),
        # hard negatives: spaced-out headings of the same length
        ("A B O U T M E\nS K I L L S", [], ["A B O U T M E", "S K I L L S"]),
        ("Mit navn er Jonas Bager.\n\nK O N T A K T", ["Jonas Bager"], ["K O N T A K T"]),
    ],
)
def test_spaced_names_without_word_gap_and_found_elsewhere(detector: NameDetector, text: str, names: list[str],
                                                           keep: list[str]) -> None:
    _check(detector, text, names, keep)


# --- a name set as given name over surname, the largest text of page 1 -----------------------------------------
@pytest.mark.parametrize(
    ("lines", "names", "keep"),
    [
        ([("AMINA", 30.0), ("OKAFOR", 30.0), ("Software Developer", 12.0), ("Erfaring", 12.0),
          ("Frontend hos Netcompany", 10.0)], ["AMINA", "OKAFOR"], ["Software Developer"]),
        ([("Ingrid", 28.0), ("Petersen", 28.0), ("Sygeplejerske", 12.0), ("Erfaring", 12.0),
          ("Rigshospitalet", 10.0)], ["Ingrid", "Petersen"], ["Sygeplejerske"]),
        # hard negatives: a heading or job title stacked in two lines
        ([("SOFTWARE", 30.0), ("DEVELOPER", 30.0), ("Erfaring", 12.0), ("Frontend", 10.0), ("Backend", 10.0)],
         [], ["SOFTWARE", "DEVELOPER"]),
        ([("ABOUT", 30.0), ("ME", 30.0), ("Erfaring", 12.0), ("Frontend", 10.0), ("Backend", 10.0)],
         [], ["ABOUT", "ME"]),
        ([("MAY", 30.0), ("CONTACT", 30.0), ("Erfaring", 12.0), ("Frontend", 10.0), ("Backend", 10.0)],
         [], ["CONTACT"]),
    ],
)
def test_name_stacked_over_two_lines_at_the_top(detector: NameDetector, lines: list[tuple[str, float]],
                                                names: list[str], keep: list[str]) -> None:
    units = _pdf_units(lines)
    found = detector.detect(units)
    detector.clear_cache()
    texts = {f.text for f in found}
    for name in names:
        assert name in texts, texts
    for word in keep:
        assert not any(word in t or t in word for t in texts), texts


# --- people beside the applicant: co-authors with initials, referees under a heading, persons in prose -------
@pytest.mark.parametrize(
    ("text", "names", "keep"),
    [
        # initials beside a found author: the initials are the evidence, whatever word the surname is
        ("Publikationer\n• K. Brandt and T. Holm, A Study. Aarhus, 2019.", ["K. Brandt", "T. Holm"], ["Aarhus"]),
        ("• L. T. Wong, E. Someone, and A. Other, “A paper,” Journal of Things, 2011.",
         ["L. T. Wong", "E. Someone", "A. Other"], ["Journal"]),
        # hard negatives: a degree and a company after an author
        ("Publikationer\nK. Hansen and B. Sc. students, Workshop 2020", ["K. Hansen"], ["Sc.", "Workshop"]),
        ("Anbefaling fra P. Jensen og Co. Consult", ["P. Jensen"], ["Co.", "Consult"]),
        # a referee under a testimonials or references heading, the surname also an ordinary word
        ("TESTIMONIALS\nJohn Mason\nA pleasure to work with.", ["John Mason"], ["pleasure"]),
        ("Referencer\nAnna Fisker\nTeamleder, Coop", ["Anna Fisker"], ["Teamleder", "Coop"]),
        ("References\nAvailable upon request", [], ["Available upon request"]),
        # a given name in prose followed by a person-only relative pronoun
        ("She compares herself to Mabel, whom she finds poor.", ["Mabel"], []),
        ("I thank Oksana who helped me with the move.", ["Oksana"], []),
        ("We worked with Microsoft, who supplied the servers.", [], ["Microsoft"]),
        ("The team in Paris, who won the prize, used it.", [], ["Paris"]),
        # the applicant's given name as the subject of a sentence in a quote ("Mark" is also a word)
        ("Mit navn er Mark Olsen.\nReferences\nDr. Eva Holm: “Mark was a great student.”", ["Mark Olsen", "Mark"],
         []),
    ],
)
def test_co_authors_referees_and_persons_in_prose(detector: NameDetector, text: str, names: list[str],
                                                   keep: list[str]) -> None:
    _check(detector, text, names, keep)


# --- name-shaped words that name nobody --------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "keep"),
    [
        # a given name that is also a word, followed by common words only and no known surname
        ("Experience\nThat Other Job You Had\n2019 - 2021", ["Job You"]),
        ("Chapter Three, The Caucus Race and a Long Tale.", ["Long Tale"]),
        # single-word items of a labelled list (a bullet and "Label:" before the items)
        ("• Web Development: React, Next.js, Svelte & Sveltekit, Node.js, Deno, FastAPI, Flask", ["Deno"]),
        ("- Data Analytics: Microsoft Power BI, Jupyter Notebook, Pandas, Plotly, Altair", ["Altair"]),
    ],
)
def test_name_shaped_words_that_name_nobody(detector: NameDetector, text: str, keep: list[str]) -> None:
    _check(detector, text, [], keep)


def test_a_given_name_with_an_unknown_surname_is_still_a_name(detector: NameDetector) -> None:
    _check(detector, "Kontakt\nMin mentor var Per Xyzsen, og vi arbejdede godt sammen.", ["Per Xyzsen"], [])


# --- the school or employer line of a CV entry, between its title and its period -------------------------------
@pytest.mark.parametrize(
    ("units", "names", "keep"),
    [
        (["Amina Yusuf\nDatamatiker", "Uddannelse\nDatamatiker\nNiels Brock\njun. 2016 - jun. 2020"],
         ["Amina Yusuf"], ["Niels Brock"]),
        (["Amina Yusuf\nLager", "Erfaring\nLagermedarbejder\nJohannes Fog\n03/2018 - nu"], ["Amina Yusuf"],
         ["Johannes Fog"]),
        # hard negatives: a referee line with contact details, a list of people, a labelled name
        (["Amina Yusuf\nLager", "Referencer\nMette Holm\nTeamleder, tlf. 22 33 44 55"], ["Mette Holm"], []),
        (["Amina Yusuf\nLager", "Vejledere\nPeter Friis\nMette Holm\n2019 - 2021"], ["Peter Friis", "Mette Holm"],
         []),
    ],
)
def test_the_school_or_employer_line_of_an_entry_is_kept(detector: NameDetector, units: list[str],
                                                         names: list[str], keep: list[str]) -> None:
    text_units = [TextUnit(id=f"u{i}", text=t, kind="body") for i, t in enumerate(units)]
    found = detector.detect(text_units)
    detector.clear_cache()
    texts = [f.text for f in found]
    for name in names:
        assert any(name in t for t in texts), texts
    for word in keep:
        assert not any(word in t or t in word for t in texts), texts
