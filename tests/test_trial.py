"""The trial evaluation: voluntary answers, the encrypted store, outcomes, and the report's figures."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import pytest

from redactor.batch import KEYS_KIND, KEYS_SCHEMA
from redactor.cli import main as cli_main
from redactor.errors import ConfigError
from redactor.trial import (
    Answers,
    TrialStore,
    build_report,
    keygen,
    load_outcomes,
    parse_answers,
    purge,
    record_outcome,
    selection_report,
    store_batch_answers,
    write_report,
)
from redactor.trial.report import MIN_GROUP
from redactor.trial.stats import fisher_exact, ratio_interval, wilson
from redactor.trial.store import outcomes_path_for, store_path_for

# ------------------------------------------------------------------------------------------------ answers


@pytest.mark.parametrize(("raw", "expected"), [
    ({"consent": "ja", "gender": "Kvinde", "age_band": "30-39", "origin": "efterkommer",
      "country_group": "ikke-vestligt"}, Answers("kvinde", "30-39", "efterkommer", "ikke-vestligt land")),
    ({"consent": "yes", "gender": "man", "age_band": "60 or over", "origin": "immigrant",
      "country_group": "western"}, Answers("mand", "60+", "indvandrer", "vestligt land")),
    ({"consent": True, "gender": "prefer not to say", "age_band": "Ønsker ikke at oplyse"},
     Answers("uoplyst", "uoplyst", "uoplyst", "uoplyst")),
    ({"consent": "JA", "origin": "Dansk oprindelse", "country_group": "vestligt"},
     Answers(origin="dansk oprindelse", country_group="ikke_relevant")),
])
def test_answers_are_read_in_danish_and_english(raw: dict, expected: Answers) -> None:
    assert parse_answers(raw) == expected


@pytest.mark.parametrize("consent", ["nej", "no", False, None, ""])
def test_without_consent_nothing_is_kept(consent: object) -> None:
    assert parse_answers({"consent": consent, "gender": "kvinde", "age_band": "40-49"}) is None


def test_an_unknown_answer_is_refused_without_repeating_it() -> None:
    with pytest.raises(ConfigError) as err:
        parse_answers({"consent": "ja", "gender": "Zorblax-7"})
    assert "gender" in str(err.value) and "Zorblax" not in str(err.value)


# ------------------------------------------------------------------------------------------------- stats


def test_fisher_exact_matches_reference_values() -> None:
    # R: fisher.test(matrix(c(8, 1, 2, 5), 2))$p.value and the tea-tasting table
    assert fisher_exact(8, 2, 1, 5) == pytest.approx(0.034965, abs=1e-6)
    assert fisher_exact(3, 1, 1, 3) == pytest.approx(0.485714, abs=1e-6)
    assert fisher_exact(10, 10, 10, 10) == pytest.approx(1.0)


def test_wilson_and_ratio_intervals() -> None:
    lo, hi = wilson(5, 10)
    assert lo == pytest.approx(0.2366, abs=1e-4) and hi == pytest.approx(0.7634, abs=1e-4)
    assert wilson(0, 0) is None
    lo, hi = ratio_interval(10, 50, 20, 50)
    assert lo < 0.5 < hi
    assert ratio_interval(0, 50, 20, 50) is None


# -------------------------------------------------------------------------------------- a generated trial


def make_keys(root: Path, numbers: list[str]) -> Path:
    """A key file as `redactor batch` writes it, with one folder application per number."""
    inbox, outbox = root / "inbox", root / "outbox"
    inbox.mkdir(parents=True)
    outbox.mkdir()
    apps = {}
    for i, number in enumerate(numbers):
        (inbox / f"app{i:04d}").mkdir()
        apps[number] = {"source": f"app{i:04d}", "kind": "folder", "status": "done",
                        "documents": [{"index": 1, "source": f"app{i:04d}/cv.pdf", "outcome": "clean",
                                       "output": f"{number}-1.pdf", "report": f"{number}-1.report.json"}]}
    keys = root / "secret" / "keys.json"
    keys.parent.mkdir()
    keys.write_text(json.dumps({"schema": KEYS_SCHEMA, "kind": KEYS_KIND, "batch_id": "b" * 16, "inbox": str(inbox),
                                "outbox": str(outbox), "applications": apps}))
    return keys


#: planted shortlists per gender (of 200 women, 160 men, 3 "andet", 12 not stated): the truth of the trial
PLANTED = {"kvinde": 80, "mand": 40, "andet": 1, "uoplyst": 4}


@pytest.fixture
def trial(tmp_path: Path) -> tuple[Path, Path, dict[str, dict], set[str], set[str]]:
    """400 applicants with answers, a shortlist with planted differences and hires; returns the truth."""
    rng = random.Random(4711)
    numbers = [f"{100000 + i * 7}" for i in range(400)]
    keys = make_keys(tmp_path, numbers)
    inbox = Path(json.loads(keys.read_text())["inbox"])
    key = keygen(tmp_path / "elsewhere" / "trial.key")
    truth: dict[str, dict] = {}
    genders = ["kvinde"] * 200 + ["mand"] * 160 + ["andet"] * 3 + ["uoplyst"] * 12 + [None] * 25
    rng.shuffle(genders)
    ages = ["under 30", "30-39", "40-49", "50-59", "60+"]
    shortlisted, hired = set(), set()
    picked: Counter[str] = Counter()
    for i, (number, gender) in enumerate(zip(numbers, genders, strict=True)):
        folder = inbox / f"app{i:04d}"
        if gender is None:  # no consent
            (folder / "evaluation.json").write_text(json.dumps({"consent": "nej", "gender": "kvinde"}))
            continue
        origin = rng.choice(["dansk oprindelse", "indvandrer", "efterkommer"])
        answers = {"consent": "ja", "gender": gender, "age_band": ages[i % 5], "origin": origin,
                   "country_group": rng.choice(["vestligt", "ikke-vestligt"])}
        if gender == "uoplyst":
            answers["gender"] = "ønsker ikke at oplyse"
        (folder / "evaluation.json").write_text(json.dumps(answers, ensure_ascii=False))
        truth[number] = {"gender": gender, "age_band": ages[i % 5], "origin": origin}
        if picked[gender] < PLANTED[gender]:
            picked[gender] += 1
            shortlisted.add(number)
            if picked[gender] % 2:
                hired.add(number)
    return keys, key, truth, shortlisted, hired


def _expected(truth: dict[str, dict], dim: str, shortlisted: set[str], hired: set[str]) -> dict:
    out: dict[str, dict[str, list[int]]] = {"screening": {}, "interview": {}}
    for number, t in truth.items():
        s = out["screening"].setdefault(t[dim], [0, 0])
        s[0] += 1
        s[1] += number in shortlisted
        if number in shortlisted:
            iv = out["interview"].setdefault(t[dim], [0, 0])
            iv[0] += 1
            iv[1] += number in hired
    return out


def test_generated_trial_report_matches_the_truth(trial) -> None:  # type: ignore[no-untyped-def]
    keys, key, truth, shortlisted, hired = trial
    got = store_batch_answers(keys, key)
    assert (got.stored, got.declined, got.unreadable) == (375, 25, 0)
    record_outcome(keys, "shortlisted", sorted(shortlisted))
    record_outcome(keys, "hired", sorted(hired))
    report = build_report(keys, key)
    assert report["applications"] == 400 and report["consented"] == 375 and report["not_consented"] == 25
    for dim in ("gender", "age_band", "origin"):
        expected = _expected(truth, dim, shortlisted, hired)
        for stage, groups in expected.items():
            cells = {g: c[stage] for g, c in report["dimensions"][dim]["groups"].items()}
            open_rates = {g: s / n for g, (n, s) in groups.items() if n >= MIN_GROUP and g != "uoplyst"}
            best = max(open_rates.values())
            for group, (n, s) in groups.items():
                cell = cells[group]
                if n < MIN_GROUP:
                    assert cell["suppressed"] and cell["applicants"] is None and cell["rate"] is None
                    continue
                if cell["suppressed"]:  # secondary suppression: only ever the smallest other group
                    continue
                assert (cell["applicants"], cell["selected"]) == (n, s)
                assert cell["rate"] == pytest.approx(s / n, abs=1e-4)
                if group != "uoplyst":
                    assert cell["ratio"] == pytest.approx((s / n) / best, abs=1e-4)
                    assert cell["four_fifths"] == ((s / n) / best >= 0.8)
    gender = report["dimensions"]["gender"]
    # the planted gap: men are selected at 25 % against women's 40 %, below four fifths, and significant
    assert gender["reference"]["screening"] == "kvinde"
    men, women = gender["groups"]["mand"]["screening"], gender["groups"]["kvinde"]["screening"]
    assert (women["applicants"], women["selected"], men["applicants"], men["selected"]) == (200, 80, 160, 40)
    assert men["ratio"] == pytest.approx(0.625) and men["four_fifths"] is False
    assert men["fisher_p"] == pytest.approx(fisher_exact(40, 120, 80, 120), abs=1e-6) and men["fisher_p"] < 0.01
    # three people answered "andet": hidden, and so is the next smallest group, so totals reveal nothing
    assert gender["groups"]["andet"]["screening"]["suppressed"]
    assert gender["groups"]["uoplyst"]["screening"]["suppressed"]
    assert report["suppressed_cells"] >= 2


def test_store_holds_no_plaintext_and_needs_the_key(trial, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    keys, key, truth, _, _ = trial
    store_batch_answers(keys, key)
    blob = store_path_for(keys).read_bytes()
    for needle in ("kvinde", "mand", "efterkommer", "indvandrer", "oprindelse", "30-39", "under 30", "gender",
                   "consent", next(iter(truth))):
        assert needle.encode() not in blob
        assert needle.encode("utf-16-le") not in blob
    assert oct(store_path_for(keys).stat().st_mode & 0o777) == "0o600"
    other = keygen(tmp_path / "other" / "trial.key")
    with pytest.raises(ConfigError, match="cannot be opened"):
        TrialStore(keys, other).answers()
    assert TrialStore(keys, key).answers()[next(iter(truth))].gender in ("kvinde", "mand", "andet", "uoplyst")


def test_evaluation_key_is_kept_apart(trial) -> None:  # type: ignore[no-untyped-def]
    keys, _, _, _, _ = trial
    beside = keygen(keys.parent / "trial.key")
    with pytest.raises(ConfigError, match="must not lie in the key file's folder"):
        TrialStore(keys, beside)
    inside = keygen(Path(json.loads(keys.read_text())["outbox"]) / "trial.key")
    with pytest.raises(ConfigError, match="inside the output folder"):
        TrialStore(keys, inside)
    with pytest.raises(ConfigError, match="never overwritten"):
        keygen(beside)


def test_withdrawn_consent_removes_stored_answers(trial) -> None:  # type: ignore[no-untyped-def]
    keys, key, truth, _, _ = trial
    store_batch_answers(keys, key)
    number = next(iter(truth))
    source = json.loads(keys.read_text())["applications"][number]["source"]
    inbox = Path(json.loads(keys.read_text())["inbox"])
    (inbox / source / "evaluation.json").write_text('{"consent": "nej"}')
    store_batch_answers(keys, key)
    assert number not in TrialStore(keys, key).answers()


def test_hires_need_a_shortlist_and_purge_deletes(trial) -> None:  # type: ignore[no-untyped-def]
    keys, key, truth, _, _ = trial
    number = next(iter(truth))
    with pytest.raises(ConfigError, match="not invited"):
        record_outcome(keys, "hired", [number])
    added, unknown = record_outcome(keys, "shortlisted", [number, "999999"])
    assert added == [number] and unknown == ["999999"]
    assert load_outcomes(keys)["shortlisted"] == [number]
    store_batch_answers(keys, key)
    removed = purge(keys)
    assert set(removed) == {store_path_for(keys), outcomes_path_for(keys)}
    assert not store_path_for(keys).exists() and load_outcomes(keys)["shortlisted"] == []


def test_baseline_round_is_compared_and_suppressed_alike() -> None:
    answers = {str(i): Answers(gender="kvinde" if i % 2 else "mand") for i in range(40)}
    shortlisted = {str(i) for i in range(0, 40, 3)}
    baseline = {"label": "2025", "dimensions": {"gender": {
        "kvinde": {"screening": {"applicants": 100, "selected": 20}},
        "mand": {"screening": {"applicants": 100, "selected": 30}},
        "andet": {"screening": {"applicants": 2, "selected": 1}},
        "uoplyst": {"screening": {"applicants": 3, "selected": 1}}}}}
    report = selection_report(answers, shortlisted, set(), applications=45, baseline=baseline)
    cells = report["dimensions"]["gender"]["groups"]
    assert cells["kvinde"]["screening"]["baseline"]["rate"] == pytest.approx(0.2)
    assert cells["kvinde"]["screening"]["baseline"]["ratio"] == pytest.approx(0.2 / 0.3, abs=1e-4)
    assert cells["andet"]["screening"]["baseline"]["suppressed"] is True
    assert report["not_consented"] == 5 and report["baseline"] == {"label": "2025"}


# ---------------------------------------------------------------------------------------------------- CLI


def test_cli_keygen_shortlist_record_report_purge(trial, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    keys, key, truth, shortlisted, hired = trial
    store_batch_answers(keys, key)
    numbers = sorted(shortlisted)
    assert cli_main(["shortlist", str(keys), *numbers]) == 0
    out = capsys.readouterr().out
    assert all(n in out for n in numbers)  # shortlisting reveals, as `reveal` does
    assert cli_main(["trial", "record", str(keys), "--hired", *sorted(hired)]) == 0
    assert cli_main(["shortlist", str(keys), "000001"]) == 1
    out_dir = tmp_path / "report"
    assert cli_main(["trial", "report", str(keys), "--trial-key", str(key), "-o", str(out_dir)]) == 0
    data = json.loads((out_dir / "report.json").read_text())
    html = (out_dir / "report.html").read_text()
    assert data["stages"]["screening"]["selected"] == len(shortlisted)
    assert "Evaluering af anonym rekruttering" in html and "Køn" in html
    # the report holds aggregates only: no candidate number appears in it
    assert not any(n in html or n in json.dumps(data) for n in truth)
    assert cli_main(["trial", "report", str(keys), "--trial-key", str(key), "-o", str(tmp_path / "en"),
                     "--lang", "en"]) == 0
    assert "Evaluation of anonymous recruitment" in (tmp_path / "en" / "report.html").read_text()
    assert cli_main(["trial", "purge", str(keys)]) == 0
    assert not store_path_for(keys).exists()
    assert cli_main(["trial", "report", str(keys), "--trial-key", str(keys), "-o", str(out_dir)]) == 1


def test_report_counts_reviewer_corrections_by_category(tmp_path: Path) -> None:
    from redactor.review.store import ReviewStore, review_dir_for
    from redactor.trial import tool_report

    keys = make_keys(tmp_path, ["123456", "234567"])
    record = json.loads(keys.read_text())
    record["applications"]["234567"]["documents"][0]["outcome"] = "needs_review"
    record["applications"]["234567"]["documents"].append({"index": 2, "outcome": "refused", "error_code": "R201"})
    keys.write_text(json.dumps(record))
    outbox = Path(record["outbox"])
    (outbox / "234567").mkdir()
    (outbox / "234567" / "234567-1.report.json").write_text(json.dumps({"findings": [
        {"key": "f1", "category": "NAME"}, {"key": "f2", "category": "ADDRESS"}]}))
    store = ReviewStore(review_dir_for(keys))
    store.add("234567-1", "restore", "HR", key="f2")
    store.add("234567-1", "area", "HR", page=0, box=[1, 2, 3, 4])
    store.add("234567-1", "approve", "HR")
    tool = tool_report(keys)
    assert tool["documents"] == {"clean": 1, "needs_review": 1, "refused": 1}
    assert tool["review_rate"] == 0.5 and tool["refused_by_code"] == {"R201": 1}
    assert tool["corrections"]["false_positives_undone"] == {"ADDRESS": 1}
    assert tool["corrections"]["boxes_added"] == 1 and tool["approved_documents"] == 1
    assert tool["review_minutes"]["documents"] == 1


def test_report_writer_makes_owner_only_files(tmp_path: Path) -> None:
    report = selection_report({}, set(), set(), applications=0)
    report["tool"] = {"documents": {}, "review_rate": None, "refused_by_code": {}, "reviewed_documents": 0,
                      "corrections": {"false_positives_undone": {}, "boxes_added": 0, "terms_added": 0,
                                      "per_reviewed_document": {"false_positives_undone": None,
                                                                "boxes_added": None, "terms_added": None}},
                      "review_minutes": {"median": None, "mean": None, "documents": 0}, "approved_documents": 0}
    report["generated"] = "now"
    json_path, html_path = write_report(report, tmp_path / "r")
    assert oct(json_path.stat().st_mode & 0o777) == "0o600" and oct(html_path.stat().st_mode & 0o777) == "0o600"
    assert Counter(html_path.read_text().split("<svg"))  # renders with empty groups
