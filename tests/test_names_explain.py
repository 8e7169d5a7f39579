"""Explain mode of the name detector and the ``eval --explain`` attribution built on it."""

from __future__ import annotations

import pytest

from redactor.detect.names import NameDetector
from redactor.detect.names.explain import NameTrace, Proposal, Rejection
from redactor.evaluate_explain import ExplainReport, attribute_document, format_explain
from redactor.types import TextUnit

TEXT = (
    "Ansøgning\n"
    "Navn: Leonora Castellanos\n"
    "Jeg bor på Peter Bangs Vej og har arbejdet som lagerchef.\n"
    "Reference: Tobias Wennerström, 2019-2022\n"
    "Med venlig hilsen\n"
    "Leonora Castellanos\n"
)


@pytest.fixture(scope="module")
def detector() -> NameDetector:
    return NameDetector()


def _units() -> list[TextUnit]:
    return [TextUnit(id="u0", text=TEXT, kind="body")]


def test_trace_records_signals_and_rejections_without_changing_findings(detector: NameDetector) -> None:
    plain = detector.detect(_units())
    trace = NameTrace()
    detector.trace = trace
    try:
        traced = detector.detect(_units())
    finally:
        detector.trace = None
    assert [(f.start, f.end, f.score, f.source) for f in traced] == [
        (f.start, f.end, f.score, f.source) for f in plain
    ]
    signals = {p.signal for p in trace.proposals if "Castellanos" in p.text}
    assert {"labels", "propagation"} <= signals
    assert any(r.filter == "street" and "Peter Bangs" in r.text for r in trace.rejections)
    # explain off records nothing
    assert detector.trace is None


def test_attribution_counts_signals_only_filters_and_lost_keeps() -> None:
    truth = {
        "pii": [
            {"category": "NAME", "text": "Leonora Castellanos"},
            {"category": "NAME", "text": "Tobias Wennerström"},
            {"category": "NAME", "text": "Ingeborg Saxtrup"},
            {"category": "EMAIL", "text": "x@example.org"},
        ]
    }
    trace = NameTrace(
        proposals=[
            Proposal("labels", "Leonora Castellanos", 0.92),
            Proposal("ner", "Leonora", 0.85),
            Proposal("propagation", "Castellanos", 0.9),
            Proposal("ner", "Wennerström", 0.45),  # below the reporting score: no contribution
            Proposal("propagation", "Tobias", 0.9),
            Proposal("gazetteer", "Aalborg Universitet", 0.7),
        ],
        rejections=[Rejection("employer", "ner", "Tobias Wennerström"), Rejection("street", "ner", "Bangs Vej")],
    )
    report = ExplainReport("t")
    attribute_document(report, truth, trace, {"Ingeborg Saxtrup"}, ["Aalborg Universitet", "Python"])
    assert report.names == 3 and report.leaked == 1 and report.unfound == 1
    assert report.found_by == {"labels": 1, "ner": 1, "propagation": 2}
    assert report.only_by == {"propagation": 1}  # Leonora by two direct signals; Tobias by propagation only
    assert report.rejected_by == {"employer": 1} and report.rejected_leaked == {"employer": 0}
    assert report.keep_lost == 2 and report.keep_lost_by == {"gazetteer": 1}
    table = format_explain([report])
    assert "found by labels" in table and "rejected by employer" in table
    assert "Leonora" not in table and "Aalborg" not in table  # counts only, never the text
