"""The review page in a real headless Chromium: draw a box, undo a false positive, approve, check the files.

Set REDACTOR_REVIEW_SCREENSHOT=docs/review.png to refresh the screenshot in the docs.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest

from conftest import all_pdf_text
from test_review import (
    EMAIL,
    FALSE_POSITIVE,
    LEAKY,
    NAME,
    Batch,
    build_batch,
    make_app,
    output_of,
    report_of,
    serving,
)

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("REDACTOR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def browser_page(tmp_path: Path) -> Iterator[object]:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        pytest.skip(f"needs Chromium at {CHROMIUM} (Debian package 'chromium'); set REDACTOR_CHROMIUM")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python")
    executable = CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="da-DK")
            page = context.new_page()
            page.set_default_timeout(60_000)
            yield page
        finally:
            browser.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Batch, object]]:
    batch = build_batch(tmp_path)
    with serving(make_app(batch, reviewer="Browser Test")) as server:
        yield batch, server


def _page_rect_on_screen(page, batch: Batch, text: str):  # type: ignore[no-untyped-def]
    """Where ``text`` of the output's first page is on screen (from the overlay's size and viewBox)."""
    hit = pymupdf.open(stream=output_of(batch, batch.flagged), filetype="pdf")[0].search_for(text)[0]
    svg = page.locator(".sheet.redacted svg.overlay").first
    box = svg.bounding_box()
    w = float(svg.get_attribute("viewBox").split()[2])
    scale = box["width"] / w
    return (box["x"] + (hit.x0 - 2) * scale, box["y"] + (hit.y0 - 2) * scale,
            box["x"] + (hit.x1 + 2) * scale, box["y"] + (hit.y1 + 2) * scale)


def test_review_browser_box_undo_approve(served, browser_page) -> None:  # type: ignore[no-untyped-def]
    batch, server = served
    page = browser_page
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    # the queue: the flagged document first
    page.goto(server.url)
    assert page.url.endswith("/")  # the token left the address bar; the cookie carries it
    page.locator("#review a.open").first.click()
    page.wait_for_url(f"**/doc/{batch.flagged}")
    assert page.locator("#flags .flag.k-finding").count() == 1
    assert page.locator(".sheet.redacted svg .box.review.flagbox").count() >= 1

    # draw a box over text no detector found (b = box mode, then drag)
    page.keyboard.press("b")
    assert page.locator("body.boxmode").count() == 1
    x0, y0, x1, y1 = _page_rect_on_screen(page, batch, LEAKY)
    page.mouse.move(x0, y0)
    page.mouse.down()
    page.mouse.move((x0 + x1) / 2, (y0 + y1) / 2, steps=4)
    with page.expect_navigation():
        page.mouse.move(x1, y1, steps=4)
        page.mouse.up()
    assert page.locator("#msg.msg-saved").count() == 1
    assert page.locator(".sheet.redacted svg .box.area").count() == 1

    # show the original beside it (o) and take the screenshot for the docs
    with page.expect_navigation():
        page.keyboard.press("o")
    assert page.locator(".sheet.original img").count() >= 1
    page.wait_for_load_state("networkidle")
    shot = page.screenshot(full_page=False)
    target = os.environ.get("REDACTOR_REVIEW_SCREENSHOT")
    if target:
        Path(target).write_bytes(shot)

    # undo the false positive: the first open flag is selected on load; u restores it
    assert page.locator("#flags .flag.sel").count() == 1
    with page.expect_navigation():
        page.keyboard.press("u")
    assert page.locator("#msg.msg-saved").count() == 1
    assert page.locator("#flags .flag.settled").count() == 1

    # approve with Enter
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("#approved").count() == 1
    assert page.locator("#outcome.clean").count() == 1
    assert not errors, errors

    text = all_pdf_text(output_of(batch, batch.flagged))
    assert LEAKY not in text, "the boxed text is still in the output"
    assert FALSE_POSITIVE in text, "the restored text is not back"
    assert NAME not in text and EMAIL not in text
    report = report_of(batch, batch.flagged)
    assert report["outcome"] == "clean" and report["verification"]["passed"]

    saved = json.loads((batch.keys.parent / "keys-review" / f"{batch.flagged}.json").read_text())
    events = saved["events"]
    assert [e["action"] for e in events] == ["area", "restore", "approve"]
    assert {e["reviewer"] for e in events} == {"Browser Test"}
    area = events[0]
    assert area["page"] == 0
    hit = pymupdf.open(stream=output_of(batch, batch.flagged), filetype="pdf")[0]
    assert hit.rect.contains(pymupdf.Rect(area["box"]))


def test_review_browser_needs_the_token(served, browser_page) -> None:  # type: ignore[no-untyped-def]
    _batch, server = served
    page = browser_page
    base = server.url.split("?")[0]
    resp = page.goto(base)
    assert resp is not None and resp.status == 403
    resp = page.goto(server.url)
    assert resp is not None and resp.status == 200
