"""Presidio adapters: the project's rule recognizers as ``presidio_analyzer.EntityRecognizer`` objects."""

from __future__ import annotations

from pathlib import Path

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from redactor.detect.rules import RuleSet
from redactor.types import Category

#: Entity names the adapters report (the values of :class:`redactor.types.Category` the rules cover).
RULE_ENTITIES: tuple[str, ...] = tuple(
    c.value
    for c in (
        Category.CPR,
        Category.BIRTHDATE,
        Category.AGE,
        Category.GENDER,
        Category.ETHNICITY,
        Category.FAMILY,
        Category.EMAIL,
        Category.PHONE,
        Category.ADDRESS,
        Category.URL,
    )
)


class RuleSetRecognizer(EntityRecognizer):
    """One Presidio recognizer for every rule category; runs the :class:`RuleSet` once per call.

    Entity types are the category names (``"CPR"``, ``"PHONE"``, ``"ETHNICITY"`` ...). The rule source
    (e.g. ``"rules.cpr.context"``) is put in the result's analysis explanation.
    """

    name: str  # set by EntityRecognizer.__init__

    def __init__(self, rules: RuleSet, *, language: str = "da", entities: tuple[str, ...] = RULE_ENTITIES) -> None:
        unknown = set(entities) - set(RULE_ENTITIES)
        if unknown:
            raise ValueError(f"unknown rule entities: {', '.join(sorted(unknown))}")
        self._rules = rules
        super().__init__(
            supported_entities=list(entities),
            name=f"RedactorRules_{language}",
            supported_language=language,
            version="1",
        )

    def load(self) -> None:
        """Nothing to load: the RuleSet is built before the recognizer."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        wanted = set(entities or self.supported_entities) & set(self.supported_entities)
        results: list[RecognizerResult] = []
        for hit in self._rules.analyze(text, lang=self.supported_language):
            if hit.category.value not in wanted:
                continue
            explanation = AnalysisExplanation(
                recognizer=self.name,
                original_score=hit.score,
                textual_explanation=hit.source,
            )
            results.append(
                RecognizerResult(
                    entity_type=hit.category.value,
                    start=hit.start,
                    end=hit.end,
                    score=hit.score,
                    analysis_explanation=explanation,
                    recognition_metadata={
                        RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    },
                )
            )
        return results


def redactor_recognizers(models_dir: Path | None = None, language: str = "da") -> list[EntityRecognizer]:
    """Recognizers to add to a plain Presidio ``AnalyzerEngine`` registry (``registry.add_recognizer(r)``).

    Args:
        models_dir: folder holding ``gazetteers/`` (default: found by :func:`redactor.models.find_models`).
        language: the Presidio language code the recognizers answer for ("da" or "en").

    Returns:
        A list with one :class:`RuleSetRecognizer` covering every rule category.

    Raises:
        ModelsMissingError: when the compiled gazetteers are missing.
    """
    return [RuleSetRecognizer(RuleSet(models_dir), language=language)]
