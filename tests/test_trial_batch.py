"""`redactor batch --trial-key`: the evaluation answers reach only the encrypted store.

The committee's OUTBOX, the summaries, the reports, the logs and the review page never see them, and
without a trial key the files are never read.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from redactor.batch import run_batch, scan_inbox
from redactor.cli import main as cli_main
from redactor.trial import TrialStore, build_report, keygen, record_outcome
from redactor.trial.store import store_path_for
from test_batch import StubFactory, _pdf
from test_review import get, make_app

# Values a CV would not contain, so that finding them anywhere means the answers leaked.
ANSWERS = [
    {"consent": "ja", "gender": "andet", "age_band": "50-59", "origin": "efterkommer",
     "country_group": "ikke-vestligt"},
    {"consent": "ja", "gender": "ønsker ikke at oplyse", "age_band": "60+", "origin": "indvandrer",
     "country_group": "vestligt"},
    {"consent": "nej", "gender": "andet", "age_band": "50-59"},
]
NEEDLES = ("efterkommer", "indvandrer", "ikke-vestlig", "vestligt", "50-59", "60+", "oplyse", "consent",
           "age_band", "country_group")


def _inbox(root: Path) -> Path:
    inbox = root / "inbox"
    for i, answers in enumerate(ANSWERS):
        folder = inbox / f"ansøgning-{i}"
        folder.mkdir(parents=True)
        (folder / "cv.pdf").write_bytes(_pdf(["Erfaring: sygeplejerske", "Kompetencer: Excel"]))
        (folder / "evaluation.json").write_text(json.dumps(answers, ensure_ascii=False), encoding="utf-8")
    return inbox


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_evaluation_file_is_never_a_document(tmp_path: Path) -> None:
    apps = scan_inbox(_inbox(tmp_path))
    assert all(d.path.name == "cv.pdf" for a in apps for d in a.documents)


def test_batch_with_trial_key_stores_answers_and_nothing_else_sees_them(
        tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]) -> None:
    inbox = _inbox(tmp_path)
    trial_key = keygen(tmp_path / "hr-safe" / "trial.key")
    keys = tmp_path / "secret" / "keys.json"
    with caplog.at_level(logging.DEBUG):
        result = run_batch(inbox, tmp_path / "outbox", keys=keys, workers=1, pipeline_factory=StubFactory(),
                           trial_key=trial_key)
    assert result.trial is not None and (result.trial.stored, result.trial.declined) == (2, 1)
    answers = TrialStore(keys, trial_key).answers()
    assert sorted(a.age_band for a in answers.values()) == ["50-59", "60+"]
    outbox_bytes = _all_bytes(tmp_path / "outbox").decode("utf-8", "replace").casefold()
    logs = caplog.text.casefold() + capsys.readouterr().err.casefold()
    store_bytes = store_path_for(keys).read_bytes().decode("latin-1")
    keyfile = keys.read_text(encoding="utf-8").casefold()
    for needle in NEEDLES:
        assert needle not in outbox_bytes, needle
        assert needle not in logs, needle
        assert needle not in store_bytes, needle
        assert needle not in keyfile, needle
    assert not list((tmp_path / "outbox").rglob("evaluation*"))


def test_without_trial_key_the_answers_are_never_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import redactor.trial.survey as survey

    def boom(*_a: object, **_k: object) -> None:
        raise AssertionError("evaluation.json was read without a trial key")

    monkeypatch.setattr(survey, "read_answers_file", boom)
    monkeypatch.setattr("redactor.trial.ingest.read_answers_file", boom)
    keys = tmp_path / "secret" / "keys.json"
    result = run_batch(_inbox(tmp_path), tmp_path / "outbox", keys=keys, workers=1, pipeline_factory=StubFactory())
    assert result.trial is None and not store_path_for(keys).exists()
    assert result.counts.get("clean") == 3


def test_a_misplaced_trial_key_stops_the_batch_before_any_work(tmp_path: Path) -> None:
    keys = tmp_path / "secret" / "keys.json"
    beside = keygen(tmp_path / "secret" / "trial.key")
    assert cli_main(["batch", str(_inbox(tmp_path)), "-o", str(tmp_path / "outbox"), "--keys", str(keys),
                     "--trial-key", str(beside), "--workers", "1", "--no-progress"]) == 1
    assert not list((tmp_path / "outbox").rglob("*.pdf"))


def test_review_page_never_shows_the_answers(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path)
    trial_key = keygen(tmp_path / "hr-safe" / "trial.key")
    keys = tmp_path / "secret" / "keys.json"
    run_batch(inbox, tmp_path / "outbox", keys=keys, workers=1, pipeline_factory=StubFactory(), trial_key=trial_key)
    numbers = sorted(json.loads(keys.read_text())["applications"])
    record_outcome(keys, "shortlisted", numbers[:1])

    class B:  # the shape make_app needs
        outbox = tmp_path / "outbox"

    B.keys = keys  # type: ignore[attr-defined]
    app = make_app(B())  # type: ignore[arg-type]
    pages = [get(app, "/")] + [get(app, f"/doc/{number}-1") for number in numbers]
    assert all(p.status == 200 for p in pages)
    text = b"".join(p.body for p in pages).decode("utf-8").casefold()
    for needle in NEEDLES:
        assert needle not in text, needle
    assert build_report(keys, trial_key)["consented"] == 2
