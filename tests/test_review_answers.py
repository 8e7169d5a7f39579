"""The review page and the candidate overview: flagged rows beside the documents, decisions re-render it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from redactor.batch import run_batch
from redactor.review.server import ReviewApp
from test_batch import StubFactory
from test_batch_answers import EXPORT, _inbox
from test_review import get, post

# app-1 twice: a duplicate id, so both rows need review (one of them under app-1's number)
DUPLICATE = "app-1;Anna Berg;anna@berg.dk;;Jeg har også arbejdet som jordemoder.\r\n"


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory, pipeline):  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("review-answers")
    inbox = _inbox(root)
    export = root / "export.csv"
    export.write_text(EXPORT + DUPLICATE, "utf-8")
    result = run_batch(inbox, root / "outbox", workers=1, pipeline_factory=StubFactory(), answers=export)
    keys = json.loads(result.keys.read_text("utf-8"))
    number = next(n for n, a in keys["applications"].items() if a["source"] == "app-1")
    loaded = SimpleNamespace(config=pipeline.config, detector=pipeline.detector)
    app = ReviewApp(root / "outbox", result.keys, reviewer="HR Tester", pipeline_factory=lambda: loaded)
    return SimpleNamespace(app=app, number=number, outbox=root / "outbox", keys=keys)


def _row(outbox: Path, number: str) -> list[str]:
    rows = csv.reader(io.StringIO((outbox / "overview.csv").read_text("utf-8-sig")), delimiter=";")
    return next(r for r in rows if r[0] == number)


def test_review_answers_flagged_rows_in_queue_and_beside_documents(reviewed) -> None:  # type: ignore[no-untyped-def]
    n = reviewed.number
    assert reviewed.keys["applications"][n]["form"]["name"] == "Anna Berg"  # form data for re-renders
    queue = get(reviewed.app, "/").body.decode()
    assert 'id="answers-queue"' in queue and f"/answers/{n}" in queue
    doc = get(reviewed.app, f"/doc/{n}-1").body.decode()
    assert 'id="answers-flag"' in doc and f"/answers/{n}" in doc
    page = get(reviewed.app, f"/answers/{n}").body.decode()
    assert "Hvorfor søger du stillingen?" in page and "[NAVN]" in page
    assert "Anna Berg" in page  # the original answer, shown to HR on the local page only (with --keys)
    assert get(reviewed.app, "/answers/999999").status == 404
    assert get(reviewed.app, "/answers/..%2Fkeys").status == 404


def test_review_answers_decisions_rerender_the_overview(reviewed) -> None:  # type: ignore[no-untyped-def]
    n, outbox = reviewed.number, reviewed.outbox
    assert "sygeplejerske" in " ".join(_row(outbox, n)) and _row(outbox, n)[-2] == "needs_review"
    resp = post(reviewed.app, f"/answers/{n}/action", {"action": "term", "term": "sygeplejerske"})
    assert resp.status in (302, 303) and "msg=saved" in resp.headers.get("Location", "")
    assert "sygeplejerske" not in " ".join(_row(outbox, n))
    post(reviewed.app, f"/answers/{n}/action", {"action": "approve"})
    assert _row(outbox, n)[-2] == "clean"
    summary = json.loads((outbox / "summary.json").read_text("utf-8"))
    assert n not in {r["candidate"] for r in summary["overview"]["needs_review"]}
    assert post(reviewed.app, f"/answers/{n}/action", {"action": "drop_table"}).headers["Location"].endswith("msg=bad")
