"""`redactor batch --answers EXPORT`: the export's identities as form data, the overview beside the documents."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from redactor.batch import run_batch
from redactor.batch.answers import answers_doc_id
from redactor.errors import ConfigError, EncryptedDocumentError
from test_batch import StubFactory, _pdf


def _inbox(root: Path) -> Path:
    inbox = root / "inbox"
    for name, text, applicant in (
        ("app-1", "Anna Berg\nSygeplejerske", None),
        ("folder-b", "Mo Khan\nLærer", {"email": "mo@khan.dk"}),
        ("folder-c", "Ib Ravn\nSmed", None),
    ):
        (inbox / name).mkdir(parents=True)
        (inbox / name / "cv.pdf").write_bytes(_pdf(text.split("\n")))
        if applicant:
            (inbox / name / "applicant.json").write_text(json.dumps(applicant), "utf-8")
    return inbox


EXPORT = (
    "Ansøgnings-ID;Navn;E-mail;Telefon;Hvorfor søger du stillingen?\r\n"
    "app-1;Anna Berg;anna@berg.dk;22 33 44 55;Jeg er sygeplejerske og hedder Anna Berg.\r\n"
    ";Mo Khan;mo@khan.dk;;Jeg underviser i matematik. Skriv til mo@khan.dk\r\n"
    "app-77;Lone Holm;lone@holm.dk;;Jeg kender Anna Berg fra studiet, ring 22334455\r\n"
)


def _outbox_text(outbox: Path) -> str:
    parts = []
    for path in outbox.rglob("*"):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as zf:
                parts.extend(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
        elif path.is_file() and path.suffix != ".pdf":
            parts.append(path.read_bytes().decode("utf-8", "replace"))
    return "\n".join(parts)


def test_batch_answers_overview_numbers_form_data_and_report(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path)
    export = tmp_path / "export.csv"
    export.write_bytes(EXPORT.encode("cp1252"))
    outbox = tmp_path / "outbox"
    result = run_batch(inbox, outbox, workers=1, pipeline_factory=StubFactory(), answers=export)
    keys = json.loads(result.keys.read_text("utf-8"))
    number_of = {a["source"]: n for n, a in keys["applications"].items()}
    rows = list(csv.reader(io.StringIO((outbox / "overview.csv").read_text("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Kandidatnummer", "Hvorfor søger du stillingen?", "Resultat", "Begrundelse"]
    numbers = {r[0] for r in rows[1:]}
    assert {number_of["app-1"], number_of["folder-b"]} <= numbers  # linked by id and by e-mail
    assert number_of["folder-c"] not in numbers
    row_only = numbers - set(number_of.values())
    assert len(row_only) == 1 and row_only <= set(keys["answers"]["rows"].values())
    text = _outbox_text(outbox)
    for value in ("Anna", "Berg", "Lone", "Holm", "anna@berg.dk", "mo@khan.dk", "22334455", "22 33 44 55", "app-77"):
        assert value not in text, value
    assert "sygeplejerske" in text and "matematik" in text
    # the export's name was the form data of app-1's documents (app-1 has no applicant.json)
    report = json.loads(next((outbox / number_of["app-1"]).glob("*.report.json")).read_text("utf-8"))
    assert any(f.get("source") == "applicant" for f in report["findings"])
    summary = json.loads((outbox / "summary.json").read_text("utf-8"))
    assert summary["overview"]["rows"] == 3 and summary["overview"]["applications_without_row"] == 1
    assert "overview.xlsx" in (outbox / "summary.html").read_text("utf-8")
    # reveal names the export's row of a number that has no application folder
    from redactor.batch import reveal

    found = reveal(result.keys, sorted(row_only))[next(iter(row_only))]
    assert found is not None and found.path == export.resolve() and found.documents == ("data row 3 of the export",)
    # a second run keeps every row's number
    run_batch(inbox, outbox, workers=1, pipeline_factory=StubFactory(), answers=export)
    again = list(csv.reader(io.StringIO((outbox / "overview.csv").read_text("utf-8-sig")), delimiter=";"))
    assert {r[0] for r in again[1:]} == numbers


def test_batch_answers_reviewer_term_rerenders_overview(tmp_path: Path) -> None:
    from redactor.batch.answers import rerender_overview
    from redactor.batch.record import BatchRun
    from redactor.batch.runner import _open_run
    from redactor.config import load_config
    from redactor.detect.engine import Detector
    from redactor.review.store import ReviewStore, review_dir_for

    inbox = _inbox(tmp_path)
    export = tmp_path / "export.csv"
    export.write_text(EXPORT, "utf-8")
    outbox = tmp_path / "outbox"
    result = run_batch(inbox, outbox, workers=1, pipeline_factory=StubFactory(), answers=export)
    keys = json.loads(result.keys.read_text("utf-8"))
    number = next(n for n, a in keys["applications"].items() if a["source"] == "app-1")
    ReviewStore(review_dir_for(result.keys)).add(answers_doc_id(number), "term", "HR", term="sygeplejerske")
    cfg = load_config()
    run: BatchRun = _open_run(inbox.resolve(), outbox.resolve(), result.keys, cfg)
    rerender_overview(run, Detector(cfg))
    assert "sygeplejerske" not in (outbox / "overview.csv").read_text("utf-8-sig")


def test_batch_answers_bad_export_is_a_clear_error(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path)
    with pytest.raises(ConfigError):
        run_batch(inbox, tmp_path / "out1", pipeline_factory=StubFactory(), answers=tmp_path / "missing.xlsx")
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + bytes(600))
    with pytest.raises(EncryptedDocumentError):
        run_batch(inbox, tmp_path / "out2", pipeline_factory=StubFactory(), answers=locked)


def test_batch_answers_cli_password_protected_export_exits_2(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from redactor.cli import main

    inbox = _inbox(tmp_path)
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + bytes(600))
    code = main(["batch", str(inbox), "-o", str(tmp_path / "out"), "--answers", str(locked), "--no-progress"])
    assert code == 2
    assert "[R202]" in capsys.readouterr().err
    assert not (tmp_path / "out" / "overview.csv").exists()
