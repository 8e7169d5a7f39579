"""RuleSet: the public interface, merging, whole-CV recall and precision, speed, and the gazetteer build."""

from __future__ import annotations

import dataclasses
import json
import time
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redactor.detect.rules import RuleHit, RuleSet
from redactor.detect.rules.common import merge_hits
from redactor.models import ModelsMissingError
from redactor.types import Category

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__file__).resolve().parents[2] / "shared"

CV_DA = """Mette Sørensen
Personlige oplysninger
Adresse: Amagerbrogade 150, 2. tv., 2300 København S
Telefon: 28 91 44 17
E-mail: mette.sorensen@gmail.com
LinkedIn: linkedin.com/in/mettesorensen
Fødselsdato: 14.06.1986
Civilstand: Gift, to børn (4 og 7 år)
Nationalitet: Dansk
Kørekort: B

Profil
Jeg er en erfaren og engageret socialrådgiver med 12 års erfaring fra kommunal myndighedsudøvelse. Jeg har
arbejdet med børn og unge med særlige behov og med familier i udsatte positioner. I mit nuværende job har jeg
ansvaret for 35 sager og koordinerer indsatsen med skoler, daginstitutioner og sundhedsplejen.

Erhvervserfaring
2019 – nu    Socialrådgiver, Børne- og Ungdomsforvaltningen, Københavns Kommune
2014 – 2019  Sagsbehandler, Jobcenter Frederiksberg (150 kr. i timen som vikar de første 3 måneder)
jan. 2012 - dec. 2013  Pædagogmedhjælper, Børnehaven Solsikken, Valby: arbejde med 22 børn i alderen 3-6 år

Uddannelse
2010 – 2014  Professionsbachelor i socialt arbejde, Københavns Professionshøjskole
2006 – 2009  Cand.scient.pol.-forberedende fag, Københavns Universitet
03/2018 – 05/2018  Kursus i motiverende samtale

Sprog
Dansk: modersmål
Engelsk: flydende i skrift og tale
Arabisk: gode kundskaber

Referencer
Afdelingsleder, Københavns Kommune, tlf. 33 66 33 66
"""

PLANTED = [
    (Category.ADDRESS, "Amagerbrogade 150, 2. tv., 2300 København S"),
    (Category.PHONE, "28 91 44 17"),
    (Category.EMAIL, "mette.sorensen@gmail.com"),
    (Category.URL, "linkedin.com/in/mettesorensen"),
    (Category.BIRTHDATE, "14.06.1986"),
    (Category.FAMILY, "Gift, to børn (4 og 7 år)"),
    (Category.ETHNICITY, "Dansk"),
    (Category.ETHNICITY, "Dansk: modersmål"),
    (Category.PHONE, "33 66 33 66"),
]
KEPT = [
    "12 års erfaring",
    "børn og unge",
    "35 sager",
    "2019 – nu",
    "Børne- og Ungdomsforvaltningen",
    "2014 – 2019",
    "150 kr. i timen",
    "jan. 2012 - dec. 2013",
    "22 børn i alderen 3-6 år",
    "2010 – 2014",
    "Cand.scient.pol.",
    "03/2018 – 05/2018",
    "Engelsk: flydende",
    "Arabisk: gode kundskaber",
    "Kørekort: B",
]


_RULES: list[RuleSet] = []


def _shared_rules() -> RuleSet:
    if not _RULES:
        _RULES.append(RuleSet(today=date(2025, 6, 1)))
    return _RULES[0]


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return _shared_rules()


def test_rules_ruleset_missing_gazetteers_raise(tmp_path: Path) -> None:
    with pytest.raises(ModelsMissingError, match="gazetteers/manifest.json"):
        RuleSet(tmp_path)


def test_rules_ruleset_hit_is_frozen_value(rules: RuleSet) -> None:
    hit = rules.analyze("Tlf. 23 45 67 89")[0]
    assert isinstance(hit, RuleHit)
    assert (hit.category, hit.start, hit.end) == (Category.PHONE, 5, 16)
    assert 0.0 < hit.score <= 1.0 and hit.source.startswith("rules.phone")
    with pytest.raises(dataclasses.FrozenInstanceError):
        hit.start = 0  # type: ignore[misc]


@pytest.mark.parametrize("text", ["", "   \n ", "Erfaring\nUddannelse\nKompetencer"])
def test_rules_ruleset_empty_or_plain_text_has_no_hits(rules: RuleSet, text: str) -> None:
    assert rules.analyze(text) == []


def test_rules_ruleset_merges_overlaps_per_category() -> None:
    hits = [
        RuleHit(Category.FAMILY, 0, 4, 0.5, "a"),
        RuleHit(Category.FAMILY, 2, 9, 0.9, "b"),
        RuleHit(Category.GENDER, 0, 3, 0.8, "c"),
        RuleHit(Category.FAMILY, 12, 15, 0.7, "d"),
    ]
    merged = merge_hits(hits)
    assert [(h.category, h.start, h.end, h.score, h.source) for h in merged] == [
        (Category.FAMILY, 0, 9, 0.9, "b"),
        (Category.GENDER, 0, 3, 0.8, "c"),
        (Category.FAMILY, 12, 15, 0.7, "d"),
    ]


def test_rules_ruleset_whole_cv_finds_planted_values(rules: RuleSet) -> None:
    hits = rules.analyze(CV_DA)
    for category, value in PLANTED:
        start = CV_DA.index(value)
        covered = [h for h in hits if h.category is category and h.start <= start and start + len(value) <= h.end]
        assert covered, f"{category} not found: {value!r}"


def test_rules_ruleset_whole_cv_keeps_qualifications(rules: RuleSet) -> None:
    hits = rules.analyze(CV_DA)
    for value in KEPT:
        start = CV_DA.index(value)
        end = start + len(value)
        touching = [(h.category, CV_DA[h.start : h.end]) for h in hits if h.start < end and start < h.end]
        assert not touching, f"{value!r} overlapped by {touching}"


def test_rules_ruleset_speed_whole_cv(rules: RuleSet) -> None:
    text = CV_DA * 3  # about 520 words
    assert 500 <= len(text.split()) <= 700
    rules.analyze(text)
    runs = []
    for _ in range(15):
        t0 = time.process_time()
        rules.analyze(text)
        runs.append(time.process_time() - t0)
    best = min(runs)
    print(f"rules: {len(text)} chars in {best * 1000:.2f} ms cpu = {len(text) / best:,.0f} chars/s")
    assert best < 0.020


def test_rules_ruleset_offsets_survive_non_ascii_case(rules: RuleSet) -> None:
    text = "İstanbul-født. Tlf. 23 45 67 89"  # "İ" lowercases to two characters
    hits = [h for h in rules.analyze(text) if h.category is Category.PHONE]
    assert [text[h.start : h.end] for h in hits] == ["23 45 67 89"]


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.skipif(not (SHARED / "data" / "gazetteers").is_dir(), reason="needs ../shared/data/gazetteers")
def test_rules_ruleset_gazetteer_build_is_reproducible(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_gazetteers", REPO / "scripts" / "build_gazetteers.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(SHARED / "data" / "gazetteers", tmp_path / "gazetteers")
    committed = REPO / "models" / "gazetteers"
    for path in sorted(committed.iterdir()):
        if path.name == "README.md":
            continue
        assert (tmp_path / "gazetteers" / path.name).read_bytes() == path.read_bytes(), path.name
    counts = json.loads((committed / "manifest.json").read_text(encoding="utf-8"))["counts"]
    assert counts["postcodes.tsv"] > 1000 and counts["streets_da.tsv.gz"] > 50000
    RuleSet(tmp_path).analyze("2200 København N")


_ALPHABET = "abcæøåABCÆØÅİ 0123456789.,:;-–/()@+\n\t|'*xX"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=_ALPHABET, max_size=300))
def test_rules_ruleset_any_text_gives_valid_offsets(text: str) -> None:
    rules = _shared_rules()
    for hit in rules.analyze(text):
        assert 0 <= hit.start < hit.end <= len(text)
        assert 0.0 < hit.score <= 1.0


@pytest.mark.parametrize(
    "text",
    ["1" * 20000, "a." * 10000, "@" * 5000 + "a.dk", "1 " * 10000, "Født: " * 3000, "x@" + "a." * 5000, "- " * 10000],
)
def test_rules_ruleset_pathological_input_is_fast(text: str) -> None:
    rules = _shared_rules()
    t0 = time.process_time()
    rules.analyze(text)
    assert time.process_time() - t0 < 2.0
