"""The trial report in a real headless Chromium: it renders, shows the charts, hides small groups.

Set REDACTOR_TRIAL_SCREENSHOT=docs/trial-report.png to refresh the screenshot in the docs.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from redactor.trial import build_report, record_outcome, store_batch_answers, write_report
from test_review_browser import browser_page  # noqa: F401  (the fixture)
from test_trial import trial  # noqa: F401  (the fixture)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["da", "en"])
def test_trial_report_renders_in_chromium(trial, browser_page, tmp_path: Path, lang: str) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    keys, key, _, shortlisted, hired = trial
    store_batch_answers(keys, key)
    record_outcome(keys, "shortlisted", sorted(shortlisted))
    record_outcome(keys, "hired", sorted(hired))
    _, html = write_report(build_report(keys, key), tmp_path / "report", lang=lang)
    page = browser_page
    page.goto(html.as_uri())
    heading = "Evaluering af anonym rekruttering" if lang == "da" else "Evaluation of anonymous recruitment"
    assert page.locator("h1").inner_text() == heading
    # one chart per dimension and stage, each with a bar or a dashed outline per group
    assert page.locator("svg").count() == 8
    assert page.locator("svg").first.locator("rect").count() == 4
    # the planted gap is marked, and the three "andet" answers are hidden, not counted
    warn = "under 4/5" if lang == "da" else "below 4/5"
    assert page.get_by_text(warn).count() >= 1
    hidden = "skjult (< 5)" if lang == "da" else "hidden (< 5)"
    assert page.get_by_text(hidden).count() >= 2
    shot = os.environ.get("REDACTOR_TRIAL_SCREENSHOT")
    if shot and lang == "da":
        page.set_viewport_size({"width": 1100, "height": 1400})
        page.screenshot(path=shot, full_page=False)
