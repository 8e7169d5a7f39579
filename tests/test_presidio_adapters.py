"""Presidio adapters: the rules plugged into a plain AnalyzerEngine, offline, with a blank spaCy pipeline."""

from __future__ import annotations

import pytest
import spacy
from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import NlpEngineProvider

from redactor.detect.presidio_adapters import RULE_ENTITIES, RuleSetRecognizer, redactor_recognizers
from redactor.detect.rules import RuleSet

TEXT = "Ansøgning fra Anna. CPR: 120388-1234. Ring på 23 45 67 89. Hun har 5 års erfaring fra 2015-2020."


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> AnalyzerEngine:
    model_dir = tmp_path_factory.mktemp("spacy") / "blank_da"
    spacy.blank("da").to_disk(model_dir)  # a path, so presidio never tries to download a model
    provider = NlpEngineProvider(
        nlp_configuration={"nlp_engine_name": "spacy", "models": [{"lang_code": "da", "model_name": str(model_dir)}]}
    )
    registry = RecognizerRegistry(supported_languages=["da"])
    for recognizer in redactor_recognizers(language="da"):
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(registry=registry, nlp_engine=provider.create_engine(), supported_languages=["da"])


def test_presidio_adapters_finds_cpr_and_phone(engine: AnalyzerEngine) -> None:
    results = engine.analyze(text=TEXT, language="da")
    found = {(r.entity_type, TEXT[r.start : r.end]) for r in results}
    assert ("CPR", "120388-1234") in found
    assert ("PHONE", "23 45 67 89") in found
    assert ("GENDER", "Hun") in found
    assert not any("2015" in value or "5 års" in value for _, value in found)


def test_presidio_adapters_respects_requested_entities(engine: AnalyzerEngine) -> None:
    results = engine.analyze(text=TEXT, language="da", entities=["PHONE"])
    assert [(r.entity_type, TEXT[r.start : r.end]) for r in results] == [("PHONE", "23 45 67 89")]


def test_presidio_adapters_explains_the_rule_source(engine: AnalyzerEngine) -> None:
    results = engine.analyze(text=TEXT, language="da", entities=["CPR"], return_decision_process=True)
    assert results and results[0].analysis_explanation.textual_explanation == "rules.cpr.context"


def test_presidio_adapters_recognizer_shape() -> None:
    recognizers = redactor_recognizers(language="en")
    assert len(recognizers) == 1
    rec = recognizers[0]
    assert rec.supported_language == "en"
    assert sorted(rec.supported_entities) == sorted(RULE_ENTITIES)
    assert rec.analyze("Call me on +45 23 45 67 89", ["PHONE"])[0].entity_type == "PHONE"


def test_presidio_adapters_rejects_unknown_entities() -> None:
    with pytest.raises(ValueError, match="unknown rule entities"):
        RuleSetRecognizer(RuleSet(), entities=("PERSON",))
