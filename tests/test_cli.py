"""The command line: exit codes, JSON lines, neutral output names, failed inputs write nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import docx
import pymupdf
import pytest

from conftest import make_pdf
from redactor import convert
from redactor.cli import main
from redactor.pipeline import PDF_VIEW_FAILED, PDF_VIEW_LEAK


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("in")
    leaky = d / "Anna_Jensen_CV.pdf"
    leaky.write_bytes(make_pdf([("Anna Jensen", 20), "E-mail: anna.jensen@example.dk",
                                "Erfaring: 2016-2021 Sagsbehandler, Aarhus Kommune"]))
    clean = d / "clean.pdf"
    clean.write_bytes(make_pdf(["Erhvervserfaring", "2016-2021 Sagsbehandler, Aarhus Kommune",
                                "Uddannelse", "Cand.jur., Aarhus Universitet"]))
    corrupt = d / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.4\nthis is not really a pdf")
    doc = pymupdf.open(stream=make_pdf(["Sagsbehandler"]), filetype="pdf")
    enc = d / "locked.pdf"
    enc.write_bytes(doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="x", owner_pw="y"))
    return {"leaky": leaky, "clean": clean, "corrupt": corrupt, "encrypted": enc}


def _run(args, capsys):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_exit_0_for_clean_document(files, tmp_path, capsys) -> None:
    code, out, _ = _run(["redact", files["clean"], "-o", tmp_path, "--json"], capsys)
    line = json.loads(out.strip())
    assert line["outcome"] == "clean", line
    assert code == 0


def test_cli_json_lines_and_neutral_names(files, tmp_path, capsys) -> None:
    code, out, _ = _run(["redact", files["leaky"], files["clean"], "-o", tmp_path, "--json"], capsys)
    lines = [json.loads(x) for x in out.strip().splitlines()]
    assert [x["input"] for x in lines] == [str(files["leaky"]), str(files["clean"])]
    assert set(lines[0]) >= {"input", "output", "report", "outcome"}
    for p in tmp_path.iterdir():
        assert "anna" not in p.name.lower() and "jensen" not in p.name.lower()
    report = json.loads((tmp_path / lines[0]["report"].split("/")[-1]).read_text())
    assert report["outcome"] == lines[0]["outcome"]
    assert "Anna" not in json.dumps(report) and "anna.jensen" not in json.dumps(report)
    assert code in (0, 4)


def test_cli_exit_2_for_corrupt_and_encrypted_but_others_processed(files, tmp_path, capsys) -> None:
    args = ["redact", files["corrupt"], files["clean"], files["encrypted"], "-o", tmp_path, "--json"]
    code, out, err = _run(args, capsys)
    assert code == 2
    lines = [json.loads(x) for x in out.strip().splitlines()]
    assert [x["outcome"] for x in lines] == ["failed", "clean", "failed"]
    assert lines[0]["output"] is None and lines[2]["output"] is None
    assert str(files["corrupt"]) in err and "R203" in err
    assert str(files["encrypted"]) in err and "password" in err
    written = sorted(p.name for p in tmp_path.iterdir())
    assert len(written) == 2  # the clean file's PDF and report only


def test_cli_exit_4_when_review_needed(tmp_path, capsys, monkeypatch) -> None:
    import redactor.isolated
    import redactor.pipeline as pl
    from redactor.types import VerifyIssue, VerifyReport

    monkeypatch.setattr(pl.Pipeline, "_verify", lambda *a, **k: VerifyReport(False, (VerifyIssue("x", "y"),)))
    monkeypatch.setattr(redactor.isolated, "START_METHOD", "fork")  # the document's child inherits the patch
    src = tmp_path / "a.pdf"
    src.write_bytes(make_pdf(["Sagsbehandler 2016-2021"]))
    code, _, err = _run(["redact", src, "-o", tmp_path / "out"], capsys)
    assert code == 4
    assert "needs review" in err


@pytest.mark.parametrize(
    "args",
    [
        ["redact"],
        ["redact", "x.pdf"],
        ["frobnicate"],
        ["redact", "x.pdf", "-o", "out", "--lang", "fr"],
    ],
)
def test_cli_exit_1_for_bad_usage(args, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 1


def test_cli_exit_1_for_bad_config(files, tmp_path, capsys) -> None:
    cfg = tmp_path / "c.yaml"
    cfg.write_text("no_such_option: 1\n")
    code, _, err = _run(["redact", files["clean"], "-o", tmp_path / "o", "--config", cfg], capsys)
    assert code == 1 and "no_such_option" in err


def test_cli_python_dash_m_runs(tmp_path) -> None:
    res = subprocess.run([sys.executable, "-m", "redactor", "--version"], capture_output=True, text=True)
    assert res.returncode == 0 and "redactor" in res.stdout


def _pdf_text(path: Path) -> str:
    with pymupdf.open(path) as doc:
        meta = " ".join(v for v in (doc.metadata or {}).values() if v)
        return " ".join(page.get_text() for page in doc) + " " + meta


def test_cli_redacted_pdf_has_the_personal_data_gone_and_the_qualifications_kept(files, tmp_path, capsys) -> None:
    code, out, _ = _run(["redact", files["leaky"], "-o", tmp_path, "--json"], capsys)
    line = json.loads(out.strip())
    assert code in (0, 4) and line["outcome"] in ("clean", "needs_review")
    text = _pdf_text(Path(line["output"]))
    assert "Anna" not in text and "Jensen" not in text and "anna.jensen@example.dk" not in text
    assert "2016-2021 Sagsbehandler, Aarhus Kommune" in text


@pytest.fixture()
def leaky_docx(tmp_path: Path) -> Path:
    document = docx.Document()
    for line in ("Anna Jensen", "E-mail: anna.jensen@example.dk", "Erfaring: 2016-2021 Sagsbehandler, Aarhus Kommune"):
        document.add_paragraph(line)
    document.core_properties.author = "Anna Jensen"
    path = tmp_path / "Anna_Jensen_CV.docx"
    document.save(path)
    return path


@pytest.mark.office
@pytest.mark.skipif(not convert.libreoffice_available()[0], reason="LibreOffice is not installed")
def test_cli_pdf_writes_a_verified_pdf_view_beside_the_docx(leaky_docx, tmp_path, capsys) -> None:
    out_dir = tmp_path / "out"
    code, out, _ = _run(["redact", leaky_docx, "-o", out_dir, "--json", "--pdf"], capsys)
    line = json.loads(out.strip())
    assert code in (0, 4) and line["outcome"] in ("clean", "needs_review")
    docx_path, pdf_path = Path(line["output"]), Path(line["pdf"])
    assert docx_path.suffix == ".docx" and pdf_path == docx_path.with_suffix(".pdf") and pdf_path.is_file()
    text = _pdf_text(pdf_path)
    assert "Anna" not in text and "Jensen" not in text and "anna.jensen" not in text
    assert "2016-2021 Sagsbehandler, Aarhus Kommune" in text
    report = json.loads(Path(line["report"]).read_text(encoding="utf-8"))
    assert report["pdf_view_verification"]["passed"] is True
    assert PDF_VIEW_FAILED not in report["reasons"] and PDF_VIEW_LEAK not in report["reasons"]


def test_cli_pdf_without_libreoffice_is_needs_review_not_a_crash(leaky_docx, tmp_path, capsys, monkeypatch) -> None:
    import redactor.isolated

    monkeypatch.setattr(convert.shutil, "which", lambda name: None)
    monkeypatch.setattr(redactor.isolated, "START_METHOD", "fork")  # the document's child inherits the patch
    out_dir = tmp_path / "out"
    code, out, err = _run(["redact", leaky_docx, "-o", out_dir, "--json", "--pdf"], capsys)
    line = json.loads(out.strip())
    assert code == 4 and line["outcome"] == "needs_review" and "pdf" not in line
    assert PDF_VIEW_FAILED in err and "Traceback" not in err
    assert Path(line["output"]).is_file() and not list(out_dir.glob("*.pdf"))
    report = json.loads(Path(line["report"]).read_text(encoding="utf-8"))
    assert report["pdf_view_verification"]["issues"][0]["detail"].startswith("[R401] LibreOffice is not installed")


def test_cli_pdf_view_that_fails_verification_makes_the_document_needs_review(leaky_docx, pipeline,
                                                                              monkeypatch) -> None:
    # a renderer that brings the name back: the PDF verifier must catch it
    monkeypatch.setattr(convert, "docx_to_pdf", lambda data, timeout: make_pdf(["Anna Jensen", "Sagsbehandler"]))
    result = pipeline.redact(leaky_docx.read_bytes(), filename="cv.docx")
    assert result.output_format == "docx" and result.pdf_view is None
    viewed = pipeline.render_pdf_view(result)
    assert viewed.outcome.value == "needs_review" and PDF_VIEW_LEAK in viewed.reasons
    assert viewed.pdf_view is not None and viewed.pdf_view_verification is not None
    assert not viewed.pdf_view_verification.passed
    # a PDF output needs no view; a failed result is left as it is
    assert pipeline.render_pdf_view(pipeline.redact(make_pdf(["Sagsbehandler"]))).pdf_view is None
