"""The trial's answers from columns of the application form's export (``trial_columns`` in the config).

Those columns are special-category data (origin): they never reach the committee's overview, the
summaries, the review page or a log, with or without a trial key; with one, a consenting row's answers are
stored, encrypted, under the row's candidate number, exactly as an ``evaluation.json``'s would be.
"""

from __future__ import annotations

import json
import logging
import zipfile
from pathlib import Path

import pytest

from redactor.answers import ExportTable, Role, prepare_export
from redactor.answers.columns import looks_like_equality_question, plan_columns
from redactor.batch import run_batch
from redactor.cli import main as cli_main
from redactor.config import load_config
from redactor.errors import ConfigError
from redactor.trial import Answers, TrialStore, keygen, parse_answers, record_outcome, store_batch_answers
from redactor.trial.store import store_path_for
from test_batch import StubFactory, _pdf
from test_review import get, make_app
from test_trial_batch import _all_bytes

HEADERS = ["Ansøgnings-ID", "Navn", "E-mail", "Hvorfor søger du stillingen?", "Køn", "Samtykke til evaluering",
           "Evaluering: køn", "Evaluering: aldersgruppe", "Evaluering: oprindelse", "Evaluering: landegruppe",
           "Hvad er din etniske oprindelse?"]
# The trial's values, and the unconfigured ethnicity question's: none of them may appear outside the store.
VALUES = ("efterkommer", "indvandrer", "ikke-vestlig", "vestligt", "50-59", "60+", "oplyse", "pakistansk")
# ... and the columns' headers, which the committee must not see either (the key file keeps the headers)
NEEDLES = (*VALUES, "evaluering:", "etniske oprindelse")
FIRST = ["Anna", "Mo", "Ib", "Lone", "Said", "Mette", "Jonas", "Fatima", "Kim", "Ole", "Ayşe", "Per", "Nina",
         "Tarek", "Ulla", "Emil", "Sara", "Bo"]
N = len(FIRST)


def _row(i: int) -> tuple[str, dict[str, str]]:
    """Folder name and the row's trial answers: 8 consenting women, 7 consenting men, 3 without consent."""
    consent = "nej" if i >= 15 else "ja"
    gender = "kvinde" if i < 8 else "mand"
    answers = {"consent": consent, "gender": gender if consent == "ja" else "andet",
               "age_band": "60+" if i % 2 else "50-59", "origin": "efterkommer" if i % 3 else "indvandrer",
               "country_group": "ikke-vestligt" if i % 4 else "vestligt"}
    if i == 14:
        answers["age_band"] = "ønsker ikke at oplyse"
    return f"app-{i:02d}", answers


def _setup(root: Path) -> tuple[Path, Path, dict[str, dict[str, str]]]:
    """An inbox of N folders (no evaluation.json) and a CSV export with the trial's columns."""
    inbox = root / "inbox"
    lines = [";".join(HEADERS)]
    truth: dict[str, dict[str, str]] = {}
    for i, first in enumerate(FIRST):
        folder, answers = _row(i)
        (inbox / folder).mkdir(parents=True)
        (inbox / folder / "cv.pdf").write_bytes(_pdf([f"{first} Holm", "Erfaring: sygeplejerske"]))
        truth[folder] = answers
        lines.append(";".join([folder, f"{first} Holm", f"{first.lower()}{i}@holm.dk",
                               "Jeg har arbejdet som sygeplejerske i ti år.", "K" if i < 8 else "M",
                               answers["consent"], answers["gender"], answers["age_band"], answers["origin"],
                               answers["country_group"], "pakistansk"]))
    export = root / "export.csv"
    export.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return inbox, export, truth


def _numbers(keys: Path) -> dict[str, str]:
    return {a["source"]: n for n, a in json.loads(keys.read_text("utf-8"))["applications"].items()}


def _overview_text(outbox: Path) -> str:
    with zipfile.ZipFile(outbox / "overview.xlsx") as zf:
        parts = [zf.read(n).decode("utf-8", "replace") for n in zf.namelist()]
    return "\n".join([*parts, (outbox / "overview.csv").read_text("utf-8-sig")]).casefold()


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One batch with the export and a trial key; the logs and stderr it produced."""
    root = tmp_path_factory.mktemp("trialcols")
    inbox, export, truth = _setup(root)
    trial_key = keygen(root / "hr-safe" / "trial.key")
    keys = root / "secret" / "keys.json"
    logger = logging.getLogger("redactor")
    handler = logging.Handler()
    records: list[str] = []
    handler.emit = lambda r: records.append(r.getMessage())  # type: ignore[method-assign]
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        result = run_batch(inbox, root / "outbox", keys=keys, workers=1, pipeline_factory=StubFactory(),
                           answers=export, trial_key=trial_key)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
    return root, keys, trial_key, truth, result, "\n".join(records)


def test_trial_columns_are_stored_for_consenting_rows_only(batch) -> None:  # type: ignore[no-untyped-def]
    root, keys, trial_key, truth, result, _logs = batch
    assert result.trial is not None
    assert (result.trial.stored, result.trial.declined, result.trial.from_columns) == (15, 3, 15)
    numbers = _numbers(keys)
    expected = {numbers[f]: parse_answers(a) for f, a in truth.items() if a["consent"] == "ja"}
    assert TrialStore(keys, trial_key).answers() == expected  # decrypted with the key: the consented rows
    assert expected[numbers["app-14"]] == Answers("mand", "uoplyst", "efterkommer", "ikke-vestligt land")
    store = store_path_for(keys).read_bytes().decode("latin-1").casefold()
    keyfile = keys.read_text("utf-8").casefold()
    for needle in VALUES:
        assert needle not in store, needle
        assert needle not in keyfile, needle


def test_trial_columns_never_reach_outbox_logs_or_review_page(batch) -> None:  # type: ignore[no-untyped-def]
    root, keys, _trial_key, _truth, _result, logs = batch
    outbox = root / "outbox"
    overview = _overview_text(outbox)
    assert "sygeplejerske" in overview  # the screening answer is kept
    everything = _all_bytes(outbox).decode("utf-8", "replace").casefold() + overview
    for needle in NEEDLES:
        assert needle not in everything, needle
        assert needle not in logs.casefold(), needle
    header = (outbox / "overview.csv").read_text("utf-8-sig").splitlines()[0]
    assert header == "Kandidatnummer;Hvorfor søger du stillingen?;Resultat;Begrundelse"
    summary = json.loads((outbox / "summary.json").read_text("utf-8"))
    assert any("trial_columns" in note for note in summary["overview"]["notes"])  # the lookalike, reported

    class B:  # the shape make_app needs
        pass

    B.outbox, B.keys = outbox, keys  # type: ignore[attr-defined]
    app = make_app(B())  # type: ignore[arg-type]
    numbers = sorted(_numbers(keys).values())
    pages = [get(app, "/")] + [get(app, f"/answers/{n}") for n in numbers] + [get(app, f"/doc/{n}-1")
                                                                               for n in numbers[:3]]
    assert all(p.status == 200 for p in pages)
    text = b"".join(p.body for p in pages).decode("utf-8").casefold()
    assert "sygeplejerske" in text
    for needle in NEEDLES:
        assert needle not in text, needle


def test_trial_report_over_a_batch_fed_only_by_columns(batch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _root, keys, trial_key, _truth, _result, _logs = batch
    numbers = _numbers(keys)
    women = [numbers[f"app-{i:02d}"] for i in range(8)]
    men = [numbers[f"app-{i:02d}"] for i in range(8, 15)]
    record_outcome(keys, "shortlisted", women[:4] + men[:2])  # planted: 4 of 8 women, 2 of 7 men
    out = tmp_path / "report"
    assert cli_main(["trial", "report", str(keys), "--trial-key", str(trial_key), "-o", str(out)]) == 0
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["applications"] == N and report["consented"] == 15 and report["not_consented"] == 3
    groups = report["dimensions"]["gender"]["groups"]
    assert (groups["kvinde"]["screening"]["applicants"], groups["kvinde"]["screening"]["selected"]) == (8, 4)
    assert (groups["mand"]["screening"]["applicants"], groups["mand"]["screening"]["selected"]) == (7, 2)
    assert groups["kvinde"]["screening"]["rate"] == pytest.approx(0.5)
    assert groups["mand"]["screening"]["ratio"] == pytest.approx((2 / 7) / 0.5, abs=1e-4)


def test_evaluation_json_wins_over_the_row_and_columns_can_withdraw(batch) -> None:  # type: ignore[no-untyped-def]
    root, keys, trial_key, truth, _result, _logs = batch
    numbers = _numbers(keys)
    inbox = root / "inbox"
    # the applicant's own file decides, also when it withdraws what the form said
    (inbox / "app-00" / "evaluation.json").write_text(json.dumps(
        {"consent": "ja", "gender": "kvinde", "age_band": "30-39", "origin": "dansk oprindelse"}), "utf-8")
    (inbox / "app-01" / "evaluation.json").write_text(json.dumps({"consent": "nej"}), "utf-8")
    columns = {numbers[f]: dict(a) for f, a in truth.items()}
    columns[numbers["app-02"]]["consent"] = "nej"  # consent withdrawn in the form
    columns[numbers["app-03"]] = None  # two rows for one application: ambiguous
    try:
        got = store_batch_answers(keys, trial_key, columns)
    finally:
        (inbox / "app-00" / "evaluation.json").unlink()
        (inbox / "app-01" / "evaluation.json").unlink()
    stored = TrialStore(keys, trial_key).answers()
    assert stored[numbers["app-00"]].age_band == "30-39" and stored[numbers["app-00"]].origin == "dansk oprindelse"
    assert numbers["app-01"] not in stored and numbers["app-02"] not in stored and numbers["app-03"] not in stored
    assert (got.stored, got.declined, got.unreadable, got.from_columns) == (12, 5, 1, 11)
    store_batch_answers(keys, trial_key, {numbers[f]: a for f, a in truth.items()})  # as the batch left it


def test_without_trial_key_the_columns_are_dropped_and_never_read(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from redactor.answers.columns import ColumnPlan

    def boom(*_a: object, **_k: object) -> None:
        raise AssertionError("the trial's columns were read without a trial key")

    monkeypatch.setattr(ColumnPlan, "trial_values", boom)
    inbox, export, _truth = _setup(tmp_path)
    keys = tmp_path / "secret" / "keys.json"
    result = run_batch(inbox, tmp_path / "outbox", keys=keys, workers=1, pipeline_factory=StubFactory(),
                       answers=export)
    assert result.trial is None and not store_path_for(keys).exists()
    everything = _all_bytes(tmp_path / "outbox").decode("utf-8", "replace").casefold()
    everything += _overview_text(tmp_path / "outbox")
    for needle in NEEDLES:
        assert needle not in everything, needle


# ------------------------------------------------------------------------------------- columns and config


@pytest.mark.parametrize(
    ("header", "equality"),
    [
        ("Hvad er din etniske oprindelse?", True), ("Oprindelse", True), ("Aldersgruppe", True),
        ("Age band", True), ("What is your gender?", True), ("Kønsidentitet (frivilligt)", True),
        ("Er du indvandrer eller efterkommer?", True), ("Landegruppe", True), ("Samtykke", True),
        ("Giver du samtykke til evaluering af forsøget?", True), ("Consent to the diversity survey", True),
        ("Giver du samtykke til, at vi indhenter referencer?", False), ("Oprindelig uddannelse", False),
        ("Sprogkundskaber", False), ("Management experience", False), ("Hvornår kan du starte?", False),
        ("Antal års erfaring", False), ("Language skills", False),
    ],
)
def test_equality_questions_are_recognised_by_header(header: str, equality: bool) -> None:
    assert looks_like_equality_question(header) is equality


def test_unconfigured_equality_columns_are_left_out_by_header_or_content() -> None:
    headers = ["ID", "Køn", "Nationalitet", "Felt 7", "Spørgsmål 3", "Har du kørekort?", "Hvorfor?"]
    rows = [["a1", "Kvinde", "Pakistansk", "efterkommer", "ikke-vestligt land", "Ja", "Fordi jeg kan lide det"],
            ["a2", "Mand", "Dansk", "dansk oprindelse", "vestligt", "Nej", "Erfaring med drift"],
            ["a3", "Kvinde", "Tyrkisk", "indvandrer", "ønsker ikke at oplyse", "Ja", "Godt team"]]
    plan = plan_columns(headers, rows)
    assert plan.roles[1:5] == (Role.GENDER, Role.NATIONALITY, Role.EQUALITY, Role.EQUALITY)
    assert plan.kept == [5, 6]  # only the screening answers reach the overview
    assert plan.trial_values(rows[0]) == {}  # not configured: never read as trial answers


def test_configured_headers_win_and_are_not_identity() -> None:
    config = load_config(trial_columns={"consent": "Må vi bruge dine svar?", "gender": ["Køn"]})
    table = ExportTable(("Navn", "Køn", "Må vi bruge dine svar?", "Evaluering: oprindelse", "Motivation"),
                        (("Anna Holm", "Kvinde", "Ja", "efterkommer", "Jeg kan lide faget"),), "csv")
    prepared = prepare_export(table, {}, trial_columns=config.trial_columns.by_question())
    assert prepared.plan.roles[1:4] == (Role.TRIAL_GENDER, Role.TRIAL_CONSENT, Role.TRIAL_ORIGIN)
    assert prepared.plan.kept == [4]
    assert prepared.plan.trial_values(table.rows[0]) == {"gender": "Kvinde", "consent": "Ja",
                                                         "origin": "efterkommer"}
    assert parse_answers(prepared.plan.trial_values(table.rows[0])) == Answers("kvinde", "uoplyst", "efterkommer")
    # only identity columns make an identity: an export with trial columns alone still asks for a human look
    only_trial = prepare_export(ExportTable(("Samtykke til evaluering", "Svar"), (("Ja", "Tekst"),), "csv"), {})
    assert not only_trial.identity_found
    with pytest.raises(ConfigError):
        load_config(trial_columns={"religion": "Tro"})


def test_configured_columns_stay_out_when_the_review_page_writes_the_overview_again(tmp_path: Path) -> None:
    from redactor.batch.answers import rerender_overview
    from redactor.batch.runner import _open_run
    from redactor.detect.engine import Detector
    from test_batch_answers import _inbox

    inbox = _inbox(tmp_path)
    export = tmp_path / "export.csv"
    export.write_text("Ansøgnings-ID;Navn;Må vi bruge dine svar?;Baggrund (frivilligt);Motivation\r\n"
                      "app-1;Anna Berg;Ja;efterkommer;Jeg er sygeplejerske\r\n"
                      "folder-c;Ib Ravn;Nej;ønsker ikke at oplyse;Jeg er smed\r\n", "utf-8")
    config = load_config(trial_columns={"consent": "Må vi bruge dine svar?", "origin": "Baggrund"})
    outbox = tmp_path / "outbox"
    result = run_batch(inbox, outbox, workers=1, pipeline_factory=StubFactory(), answers=export, config=config)
    header = "Kandidatnummer;Motivation;Resultat;Begrundelse"
    assert (outbox / "overview.csv").read_text("utf-8-sig").splitlines()[0] == header
    # the review page runs with the default config: the key file remembers which headers were the trial's
    default = load_config()
    rerender_overview(_open_run(inbox.resolve(), outbox.resolve(), result.keys, default), Detector(default))
    text = (outbox / "overview.csv").read_text("utf-8-sig")
    assert text.splitlines()[0] == header and "sygeplejerske" in text
    assert "efterkommer" not in text and "Må vi" not in text


def test_only_the_single_row_of_a_numbered_application_folder_is_read() -> None:
    from types import SimpleNamespace

    from redactor.batch.answers import trial_column_answers

    table = ExportTable(("Ansøgnings-ID", "Samtykke til evaluering", "Evaluering: køn"),
                        (("app-1", "Ja", "Kvinde"), ("app-2", "Ja", "Mand"), ("app-2", "Nej", ""),
                         ("app-9", "Ja", "Andet")), "csv")
    prepared = prepare_export(table, {"app-1": None, "app-2": None})
    run = SimpleNamespace(keys={"answers": {"row_numbers": ["111111", "222222", "333333", "444444"]},
                                "applications": {"111111": {"kind": "folder", "source": "app-1"},
                                                 "222222": {"kind": "folder", "source": "app-2"}}})
    got = trial_column_answers(run, prepared)  # type: ignore[arg-type]
    # app-2 has two rows (ambiguous: None, nothing stored); app-9 has no folder (not part of the trial)
    assert got == {"111111": {"consent": "Ja", "gender": "Kvinde"}, "222222": None}
    no_trial = prepare_export(ExportTable(("Ansøgnings-ID", "Svar"), (("app-1", "Tekst"),), "csv"), {"app-1": None})
    assert trial_column_answers(run, no_trial) == {}  # type: ignore[arg-type]
