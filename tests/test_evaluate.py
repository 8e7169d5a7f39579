"""Tests for redactor.evaluate (extraction, leak rules, metrics, ratchet) and the committed sample truth."""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pymupdf
import pytest

from conftest import shared_path
from redactor.evaluate import (
    EvalReport,
    _collapse,
    check_ratchet,
    check_value,
    default_shared_dir,
    document_path,
    evaluate,
    extract_text,
    find_splits,
    format_report,
    load_truth,
    name_part_survives,
    name_parts,
    normalize,
    occurs,
    sniff_format,
    update_ratchet,
)
from redactor.types import Action, Applicant, Category, Decision, Finding

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("sample_generate", SAMPLES / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["sample_generate"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[dict]]:
    """Three freshly generated documents (PDF and DOCX, not anonymised) plus their perfect redactions."""
    root = tmp_path_factory.mktemp("samples")
    masked = root / "masked"
    records = _generator().generate(root, count=3, seed=7, shared=None, masked_dir=masked)
    return root, masked, records


# ----------------------------------------------------------------------------- fake pipelines


def _result(output: bytes | None, decisions: tuple = (), outcome: str = "clean") -> SimpleNamespace:
    fmt = sniff_format(output) if output else None
    return SimpleNamespace(outcome=outcome, output=output, output_format=fmt, decisions=decisions)


class Identity:
    """Returns the input unchanged: every planted value leaks."""

    def __init__(self, decisions: dict[str, tuple] | None = None) -> None:
        self.decisions = decisions or {}
        self.applicants: list[Applicant | None] = []

    def redact(self, data: bytes, *, applicant: Applicant | None = None, filename: str | None = None):
        self.applicants.append(applicant)
        return _result(data, self.decisions.get(filename or "", ()))


class Blank:
    """Returns an empty document of the same format: nothing leaks, nothing is kept."""

    def redact(self, data: bytes, *, applicant: Applicant | None = None, filename: str | None = None):
        if sniff_format(data) == "pdf":
            doc = pymupdf.open()
            doc.new_page()
            return _result(doc.tobytes())
        import docx

        buf = io.BytesIO()
        docx.Document().save(buf)
        return _result(buf.getvalue())


class Perfect:
    """Returns the generator's masked rendering: every planted value gone, every keep string kept."""

    def __init__(self, masked_dir: Path) -> None:
        self.masked_dir = masked_dir

    def redact(self, data: bytes, *, applicant: Applicant | None = None, filename: str | None = None):
        return _result((self.masked_dir / str(filename)).read_bytes())


class Crashing:
    def redact(self, data: bytes, *, applicant: Applicant | None = None, filename: str | None = None):
        raise RuntimeError("boom")


def _decision(cat: Category, text: str, action: Action = Action.REDACT) -> Decision:
    return Decision(Finding(cat, "p0:b0", 0, len(text), 0.9, "test", text=text), action)


# ----------------------------------------------------------------------------- matching rules


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Søren\u00a0 Østergård\n", "søren østergård"),
        ("So\ufb01e", "sofie"),  # ligature folded by NFKC
        ("A\u0308rhus", "ärhus"),  # combining mark recomposed
        ("Anna\u00adJensen", "annajensen"),  # soft hyphen dropped
    ],
)
def test_evaluate_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Fatima Al-Hassan", ["Fatima", "Hassan"]),
        ("Nguyễn Thị Hương", ["Nguyễn", "Thị", "Hương"]),
        ("Ali bin Omar", ["Ali", "Omar"]),
        ("Abu-Shanab, Layla", ["Shanab", "Layla"]),
        ("A. Jensen", ["Jensen"]),
        ("Li Na", []),
    ],
)
def test_evaluate_name_parts(name: str, parts: list[str]) -> None:
    assert name_parts(name) == parts


@pytest.mark.parametrize(
    ("part", "text", "survives"),
    [
        ("Per", "Kontakt Per for detaljer", True),
        ("Per", "to gange per uge", False),  # lowercase: the ordinary word
        ("Søren", "SØREN ØSTERGÅRD", True),
        ("Søren", "Sørens erfaring", True),  # genitive
        ("Anna", "Anna's CV", True),
        ("Holm", "Holmegaard Glasværk", False),  # not a whole word
        ("Hassan", "fatima.hassan@gmail.com", False),  # lowercase inside an email: counted as EMAIL
    ],
)
def test_evaluate_name_part_survives(part: str, text: str, survives: bool) -> None:
    assert name_part_survives(part, _collapse(text)) is survives


@pytest.mark.parametrize(
    ("value", "text", "found"),
    [
        ("hun", "Hun har ti års erfaring", True),
        ("hun", "hunden hedder Bob", False),
        ("36 år", "Jeg er 36 år", True),
        ("36 år", "med 36 års erfaring", False),
        ("+45 12 34 56 78", "Tlf.:+45 12 34 56 78.", True),
        ("anna@x.dk", "mailto:anna@x.dk", True),
    ],
)
def test_evaluate_occurs_whole_words(value: str, text: str, found: bool) -> None:
    assert occurs(value, normalize(text)) is found


def test_evaluate_check_value_reports_name_part_leaks() -> None:
    check = check_value("NAME", "Fatima Al-Hassan", "Reference: Dr. Hassan, Rigshospitalet")
    assert check.leaked and not check.full and check.parts == ("Hassan",)
    assert not check_value("NAME", "Fatima Al-Hassan", "Reference: ████, Rigshospitalet").leaked
    assert check_value("EMAIL", "f.h@x.dk", "skriv til F.H@X.DK").leaked


# ----------------------------------------------------------------------------- extraction


def test_evaluate_extract_pdf_covers_hidden_channels() -> None:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((50, 60), "Synlig tekst", fontname="helv")
    page.insert_text((700, 60), "Udenfor Siden", fontname="helv")  # outside the page box
    page.insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(50, 50, 100, 70), "uri": "mailto:a@b.dk"})
    doc.set_metadata({"author": "Metadata Forfatter"})
    text = extract_text(doc.tobytes())
    for needle in ("Synlig tekst", "Udenfor Siden", "mailto:a@b.dk", "Metadata Forfatter"):
        assert needle in text


def test_evaluate_extract_docx_joins_runs_and_reads_parts() -> None:
    import docx

    d = docx.Document()
    para = d.add_paragraph()
    para.add_run("Fa")
    para.add_run("tima")
    para.add_run("\t")
    para.add_run("Al-Hassan")
    d.sections[0].header.paragraphs[0].text = "Sidehoved Navn"
    d.core_properties.author = "Kerne Forfatter"
    d.part.relate_to("mailto:f@x.dk", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                     "hyperlink", is_external=True)
    buf = io.BytesIO()
    d.save(buf)
    text = extract_text(buf.getvalue())
    lines = text.splitlines()
    assert "Fatima Al-Hassan" in lines  # runs joined, the tab read as a space
    for needle in ("Sidehoved Navn", "Kerne Forfatter", "mailto:f@x.dk"):
        assert needle in text


# ----------------------------------------------------------------------------- metrics on fake pipelines


def test_evaluate_identity_pipeline_leaks_everything(tiny) -> None:
    root, _, records = tiny
    report = evaluate(root, Identity(), with_form=False)
    assert report.docs == 3
    assert report.recall == 0.0
    assert all(s.recall == 0.0 for s in report.categories.values() if s.support)
    assert report.keep_rate == 1.0
    assert report.doc_leak_share == 1.0
    assert report.applicant_own_leaks > 0
    assert report.precision is None  # no findings at all
    support = sum(s.support for s in report.categories.values())
    assert support == sum(len({(i["category"], normalize(i["text"])) for i in r["pii"]}) for r in records)


def test_evaluate_blank_pipeline_leaks_nothing_keeps_nothing(tiny) -> None:
    root, _, _ = tiny
    report = evaluate(root, Blank(), with_form=True)
    assert report.recall == 1.0
    assert report.keep_rate == 0.0
    assert report.docs_with_leak == 0 and report.applicant_own_leaks == 0
    assert report.names_danish.leaked == 0 and report.names_non_danish.leaked == 0


def test_evaluate_perfect_redaction_scores_one(tiny) -> None:
    root, masked, _ = tiny
    report = evaluate(root, Perfect(masked), with_form=False)
    assert report.recall == 1.0
    assert report.keep_rate == 1.0
    assert report.doc_leak_share == 0.0


def test_evaluate_precision_counts_overlaps_with_truth(tiny) -> None:
    root, _, records = tiny
    rec = records[0]
    email = next(i["text"] for i in rec["pii"] if i["category"] == "EMAIL")
    name = next(i["text"] for i in rec["pii"] if i["category"] == "NAME" and i["who"] == "applicant")
    decisions = (
        _decision(Category.EMAIL, email),  # true
        _decision(Category.NAME, name.split()[-1]),  # true: a part of a truth value
        _decision(Category.NAME, rec["keep"][0]),  # false: a keep string
        _decision(Category.NAME, "ignored", Action.KEEP),  # kept: not counted
    )
    report = evaluate(root, Identity({rec["doc"]: decisions}), with_form=False, limit=1)
    assert report.findings_total == 3
    assert report.precision == pytest.approx(2 / 3)
    assert report.categories["EMAIL"].precision == 1.0
    assert report.categories["NAME"].precision == 0.5


def test_evaluate_passes_form_data_only_with_form(tiny) -> None:
    root, _, records = tiny
    with_form, without = Identity(), Identity()
    evaluate(root, with_form, with_form=True)
    evaluate(root, without, with_form=False)
    assert [a.name for a in with_form.applicants] == [r["applicant"]["name"] for r in records]
    assert without.applicants == [None] * len(records)


def test_evaluate_crashing_pipeline_is_scored_as_error(tiny) -> None:
    root, _, _ = tiny
    report = evaluate(root, Crashing(), with_form=False)
    assert report.outcomes == {"error": 3}
    assert report.keep_rate == 0.0
    assert "error 3" in format_report([report])


def test_evaluate_report_serialises_without_raw_text_by_default(tiny) -> None:
    root, _, records = tiny
    report = evaluate(root, Identity(), with_form=False)
    data = json.dumps(report.to_dict(details=True))
    assert records[0]["applicant"]["email"] not in data
    assert records[0]["applicant"]["email"] in json.dumps(report.to_dict(details=True, raw=True))
    table = format_report([report])
    assert "recall NAME" in table and "keep-rate" in table


# ----------------------------------------------------------------------------- ratchet


def test_evaluate_ratchet_flags_drops_and_keeps_best(tiny, tmp_path: Path) -> None:
    root, masked, _ = tiny
    good = evaluate(root, Perfect(masked), with_form=False)
    bad = evaluate(root, Identity(), with_form=False)
    ratchet = tmp_path / "eval_ratchet.json"
    assert check_ratchet([bad], ratchet) == []  # nothing recorded yet
    update_ratchet([good], ratchet)
    assert check_ratchet([good], ratchet) == []
    problems = check_ratchet([bad], ratchet)
    assert any(p.startswith(f"{bad.key} recall ") for p in problems)
    assert any("applicant_own_leaks" in p for p in problems)
    assert any("silent_leaks" in p for p in problems)
    update_ratchet([bad], ratchet)  # a worse run does not lower the recorded figures
    assert json.loads(ratchet.read_text())[good.key]["recall"] == 1.0
    update_ratchet([bad], ratchet, reset=True)
    assert check_ratchet([bad], ratchet) == []


def test_evaluate_ratchet_tolerates_tiny_drops(tmp_path: Path) -> None:
    def report(recall_leaked: int) -> EvalReport:
        from redactor.evaluate import CategoryStats, GroupRecall

        cats = {"NAME": CategoryStats(support=1000, leaked=recall_leaked)}
        return EvalReport("with_form", True, 1, cats, 10, 10, GroupRecall(), GroupRecall(), GroupRecall(),
                          0, 0, 1, 1, 0, {}, 0, 0.0, 0, 0)

    ratchet = tmp_path / "r.json"
    update_ratchet([report(10)], ratchet)
    assert check_ratchet([report(11)], ratchet) == []  # 0.989 vs 0.990: within 0.002
    assert check_ratchet([report(13)], ratchet) != []


# ----------------------------------------------------------------------------- committed sample set


def _committed() -> list[dict]:
    if not (SAMPLES / "truth").is_dir():
        pytest.skip("samples/truth is absent; run `python samples/generate.py`")
    return load_truth(SAMPLES)


def test_evaluate_samples_composition() -> None:
    truths = _committed()
    assert len(truths) >= 100
    langs = [t["lang"] for t in truths]
    assert 0.5 <= langs.count("da") / len(langs) <= 0.7
    assert {t["format"] for t in truths} == {"pdf", "docx"}
    assert {t["anonymisation"] for t in truths} == {"none", "partial", "full"}
    origins = [t["applicant_danish_origin"] for t in truths]
    assert 0.4 <= origins.count(True) / len(origins) <= 0.6
    valid = {c.value for c in Category} - {"PHOTO", "OTHER"}
    assert all(i["category"] in valid for t in truths for i in t["pii"])
    assert any(t["filename_has_name"] for t in truths)
    assert any(i.get("unseen") for t in truths for i in t["pii"] if i["category"] == "NAME")
    assert all(not t["pii"] for t in truths if t["anonymisation"] == "full")


def _check_truth_occurs(truths: list[dict]) -> None:
    problems = []
    for truth in truths:
        path = SAMPLES / "docs" / truth["doc"]
        assert path.is_file(), truth["doc"]
        text = extract_text(path.read_bytes(), truth["format"])
        collapsed, norm = _collapse(text), normalize(text)
        for item in truth["pii"]:
            if _collapse(item["text"]) not in collapsed:
                problems.append((truth["doc"], item["category"]))
        for keep in truth["keep"]:
            if not occurs(keep, norm):
                problems.append((truth["doc"], "keep"))
        applicant = truth["applicant"]
        Applicant.from_dict(applicant)  # the form data is valid
    assert problems == []


def test_evaluate_samples_truth_occurs_in_documents() -> None:
    """Every truth value and keep string occurs verbatim (up to whitespace) in its document (every 5th)."""
    _check_truth_occurs(_committed()[::5])


@pytest.mark.slow
def test_evaluate_samples_truth_occurs_in_all_documents() -> None:
    _check_truth_occurs(_committed())


# ----------------------------------------------------------------------------- splits, silent leaks, review rates


class FixedOutcome:
    """Returns the input unchanged (everything leaks) with a fixed outcome, reasons and verifier issues."""

    detector = None  # what `redactor eval` hands the answers split (absent from these sample folders)

    def __init__(self, outcome: str, reasons: tuple[str, ...] = (), issues: tuple = ()) -> None:
        self.outcome, self.reasons, self.issues = outcome, reasons, issues

    def redact(self, data: bytes, *, applicant: Applicant | None = None, filename: str | None = None):
        res = _result(data, outcome=self.outcome)
        res.reasons = self.reasons
        res.verification = SimpleNamespace(issues=self.issues)
        return res


@pytest.fixture()
def two_splits(tiny, tmp_path: Path) -> tuple[Path, Path, dict]:
    """A samples folder (the tiny docs) with a ``wild`` sub-split: one committed doc and one shared doc."""
    src_root, _, records = tiny
    root = tmp_path / "samples"
    for sub in ("truth", "docs"):
        (root / sub).mkdir(parents=True)
    for rec in records:
        (root / "truth" / f"{rec['id']}.json").write_text(json.dumps(rec), encoding="utf-8")
        (root / "docs" / rec["doc"]).write_bytes((src_root / "docs" / rec["doc"]).read_bytes())
    wild = root / "wild"
    (wild / "truth").mkdir(parents=True)
    (wild / "docs").mkdir()
    (root / "notasplit").mkdir()  # a sub-folder without truth is not a split
    committed = dict(records[0], id="g-one", doc="g-one.pdf" if records[0]["format"] == "pdf" else "g-one.docx")
    committed["source"] = f"docs/{committed['doc']}"
    (wild / "docs" / committed["doc"]).write_bytes((src_root / "docs" / records[0]["doc"]).read_bytes())
    shared_rec = dict(records[1], id="w-two", source=f"shared:tmpl/{records[1]['doc']}")
    for rec in (committed, shared_rec):
        (wild / "truth" / f"{rec['id']}.json").write_text(json.dumps(rec), encoding="utf-8")
    shared = tmp_path / "shared_wild"
    (shared / "tmpl").mkdir(parents=True)
    (shared / "tmpl" / records[1]["doc"]).write_bytes((src_root / "docs" / records[1]["doc"]).read_bytes())
    return root, shared, {"committed": committed, "shared": shared_rec}


def test_evaluate_find_splits_lists_the_root_and_labelled_subfolders(two_splits, tmp_path: Path) -> None:
    root, _, _ = two_splits
    assert find_splits(root) == [root, root / "wild"]
    assert find_splits(root / "wild") == [root / "wild"]
    assert find_splits(tmp_path / "absent") == []


def test_evaluate_document_path_resolves_sources(two_splits, tmp_path: Path) -> None:
    root, shared, recs = two_splits
    wild = root / "wild"
    assert document_path(recs["committed"], wild, None) == (wild / "docs" / recs["committed"]["doc"]).resolve()
    assert document_path(recs["shared"], wild, None) is None  # shared folder absent: skipped
    assert document_path(recs["shared"], wild, shared) == (shared / recs["shared"]["source"][7:]).resolve()
    assert document_path({"doc": "doc_001.pdf"}, root, None) == (root / "docs" / "doc_001.pdf").resolve()
    with pytest.raises(ValueError):
        document_path({"doc": "x.pdf", "source": "shared:../../etc/passwd"}, wild, shared)
    with pytest.raises(ValueError):
        document_path({"doc": "x.pdf", "source": "docs/../../x.pdf"}, wild, shared)


def test_evaluate_default_shared_dir_looks_beside_the_repository(tmp_path: Path) -> None:
    split = tmp_path / "repo" / "samples" / "wild"
    split.mkdir(parents=True)
    assert default_shared_dir(split) is None
    (tmp_path / "shared" / "data" / "wild").mkdir(parents=True)
    assert default_shared_dir(split) == (tmp_path / "shared" / "data" / "wild").resolve()


def test_evaluate_skips_shared_documents_without_the_shared_folder(two_splits, tmp_path: Path) -> None:
    root, shared, _ = two_splits
    full = evaluate(root / "wild", Identity(), with_form=False, shared_dir=shared)
    assert (full.split, full.docs, full.skipped, full.skip_note) == ("wild", 2, 0, "")
    part = evaluate(root / "wild", Identity(), with_form=False, shared_dir=tmp_path / "absent")
    assert (part.docs, part.skipped) == (1, 1)
    assert "shared" in part.skip_note and "skipped" in part.skip_note
    assert part.skip_note in format_report([part])
    # a partial run is neither checked against nor recorded in the ratchet
    ratchet = tmp_path / "r.json"
    update_ratchet([full], ratchet)
    assert check_ratchet([part], ratchet) == []
    update_ratchet([part], ratchet, reset=True)
    assert json.loads(ratchet.read_text())["wild/without_form"] == full.figures()


def test_evaluate_counts_silent_leaks_only_for_clean_outcomes(two_splits) -> None:
    root, _, _ = two_splits
    clean = evaluate(root, FixedOutcome("clean"), with_form=False)
    assert clean.docs == 3 and clean.docs_with_leak == 3
    assert clean.silent_leaks == 3 and clean.figures()["silent_leaks"] == 3.0
    assert clean.review_rate == 0.0
    flagged = evaluate(root, FixedOutcome("needs_review"), with_form=False)
    assert flagged.silent_leaks == 0 and flagged.review_rate == 1.0
    failed = evaluate(root, Crashing(), with_form=False)
    assert failed.silent_leaks == 0  # nothing was released
    assert "silent leaks" in format_report([clean, flagged])


def test_evaluate_review_rate_on_leak_free_documents(two_splits) -> None:
    root, _, _ = two_splits

    class BlankFlagged(Blank):
        def redact(self, data: bytes, *, applicant: Applicant | None = None, filename: str | None = None):
            res = super().redact(data)
            res.outcome = "needs_review" if filename and filename.endswith(".pdf") else "clean"
            return res

    report = evaluate(root, BlankFlagged(), with_form=False)
    pdfs = sum(str(d.doc).endswith(".pdf") for d in report.doc_results)
    assert report.docs_with_leak == 0 and report.docs_leak_free == 3
    assert report.review_rate_leak_free == pytest.approx(pdfs / 3)
    assert report.review_rate == pytest.approx(pdfs / 3)
    leaky = evaluate(root, FixedOutcome("needs_review"), with_form=False)
    assert leaky.docs_leak_free == 0 and leaky.review_rate_leak_free is None


def test_evaluate_counts_flag_reasons_without_values(two_splits) -> None:
    root, _, _ = two_splits
    issues = (SimpleNamespace(kind="residual", category="PHONE", detail="..."),
              SimpleNamespace(kind="residual", category="PHONE", detail="another"))
    pipe = FixedOutcome("needs_review", ("possible phone number on page 2", "possible phone number on page 3"), issues)
    report = evaluate(root, pipe, with_form=False)
    assert report.flag_reasons == {"possible phone number on page #": 3, "verification: residual PHONE": 3}
    table = format_report([report])
    assert "flag: possible phone number on page #" in table
    assert report.to_dict()["flag_reasons"] == report.flag_reasons


def test_evaluate_cli_prints_every_split(two_splits, monkeypatch, capsys) -> None:
    root, shared, _ = two_splits
    import redactor.pipeline
    from redactor.cli import main

    monkeypatch.setattr(redactor.pipeline, "Pipeline", lambda config=None: FixedOutcome("clean"))
    assert main(["eval", str(root), "--shared", str(shared)]) == 0
    out = capsys.readouterr().out
    assert f"split {root.name}: 3 documents" in out and "split wild: 2 documents" in out
    assert out.count("silent leaks") == 2
    assert main(["eval", str(root), "--shared", str(root / "absent")]) == 0
    out = capsys.readouterr().out
    assert "split wild: 1 documents" in out and "skipped" in out
    assert main(["eval", str(root), "--split", "wild", "--shared", str(shared)]) == 0
    out = capsys.readouterr().out
    assert "split wild: 2 documents" in out and f"split {root.name}" not in out
    assert main(["eval", str(root), "--split", "nosuchsplit"]) == 1
    assert main(["eval", str(root), "--split", "answers"]) == 0  # no export generator here: nothing to score
    assert "split" not in capsys.readouterr().out
    assert main(["eval", str(root), "--split", "wild", "--form", "without", "--shared", str(shared)]) == 0
    out = capsys.readouterr().out
    assert "without_form" in out and "with_form" not in out


# ----------------------------------------------------------------------------- the wild split's truth


WILD = SAMPLES / "wild"


def _wild_truth() -> list[dict]:
    """The truth of the shared-file part of the wild split (w-*; the generated g-* part has its own tests)."""
    truths = [t for t in load_truth(WILD) if t["id"].startswith("w-")] if (WILD / "truth").is_dir() else []
    if not truths:
        pytest.skip("samples/wild/truth holds no w-* truth")
    return truths


def test_evaluate_wild_truth_schema() -> None:
    valid = {c.value for c in Category} - {"PHOTO", "OTHER"}
    for truth in _wild_truth():
        assert truth["doc"].rsplit(".", 1)[0] == truth["id"]
        assert truth["source"].startswith("shared:") and truth["producer"]
        assert truth["kind"] in {"cv", "letter", "application"} and truth["format"] in {"pdf", "docx"}
        assert all(i["category"] in valid and i["text"].strip() for i in truth["pii"]), truth["id"]
        assert all(i["who"] for i in truth["pii"]), truth["id"]
        assert all("origin" in i and "danish_origin" in i for i in truth["pii"] if i["category"] == "NAME")
        assert truth["keep"], truth["id"]


def test_evaluate_wild_truth_occurs_in_documents() -> None:
    """Every w-* truth value and keep string occurs (up to whitespace) in its shared document as extracted."""
    problems = []
    for truth in _wild_truth():
        path = shared_path("wild", truth["source"][len("shared:"):])
        norm = normalize(extract_text(path.read_bytes(), truth["format"]))
        problems += [(truth["id"], i["category"], i["text"]) for i in truth["pii"] if not occurs(i["text"], norm)]
        problems += [(truth["id"], "keep", k) for k in truth["keep"] if not occurs(k, norm)]
        if truth["applicant"]:
            Applicant.from_dict(truth["applicant"])
    assert problems == []
