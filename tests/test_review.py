"""The review page without a browser: token, loopback binding, escaping, saved decisions and re-rendering."""

from __future__ import annotations

import contextlib
import json
import re
import socket
import stat
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest

from conftest import all_pdf_text, make_pdf
from redactor.config import Config, load_config
from redactor.pipeline import Pipeline
from redactor.types import Applicant, Category, Finding, TextUnit

# ---------------------------------------------------------------------------------------------- fixture batch

NAME = "Mette Kjærsgaard"
EMAIL = "mette.k@example.dk"
FALSE_POSITIVE = "Region Hovedstaden"  # an employer the stub detector flags with low confidence
LEAKY = "Lindholm Boulevard"  # text no detector finds: the reviewer boxes it by hand


class StubDetector:
    """A deterministic detector (email, the applicant's name, one doubtful employer), so the review tests do
    not depend on the NER model or on how detection is tuned."""

    _EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")

    def detect(self, units: Sequence[TextUnit], applicant: Applicant | None = None, *,
               lang: str = "da", label_pairs: bool = True) -> list[Finding]:
        out: list[Finding] = []
        for u in units:
            for m in self._EMAIL.finditer(u.text):
                out.append(Finding(Category.EMAIL, u.id, m.start(), m.end(), 0.99, "stub_email", m.group()))
            for needle, cat, score in ((NAME, Category.NAME, 0.95), (FALSE_POSITIVE, Category.ADDRESS, 0.45)):
                for m in re.finditer(re.escape(needle), u.text):
                    out.append(Finding(cat, u.id, m.start(), m.end(), score, "stub", m.group()))
        return out


class StubPipeline(Pipeline):
    """The real Pipeline (extract, decide, redact, verify) with the stub detector."""

    def __init__(self, config: Config | None = None) -> None:  # noqa: D107 - skips the model loading on purpose
        self.config = config if config is not None else load_config()
        self.detector = StubDetector()  # type: ignore[assignment]
        self._images = None
        self.load_seconds = 0.0


def stub_pipeline_factory(config: Config) -> StubPipeline:
    """Module level, so batch worker processes can build it."""
    return StubPipeline(config)


def cv_pdf() -> bytes:
    return make_pdf([
        (NAME, 22),
        f"E-mail: {EMAIL}",
        "",
        ("Profil", 14),
        "Erfaren projektleder med fokus på digitalisering i den offentlige sektor.",
        "",
        ("Erhvervserfaring", 14),
        f"2016-2021  Projektleder, {FALSE_POSITIVE}",
        "2012-2016  Konsulent, Rambøll Management Consulting",
        f"Kontor: {LEAKY} 12",
        "",
        ("Uddannelse", 14),
        "2010-2012  Cand.scient.pol., Københavns Universitet",
        "",
        ("Kompetencer", 14),
        "Python, SQL, Power BI; sprog: dansk, engelsk og tysk",
    ], fontsize=12)


@dataclass
class Batch:
    outbox: Path
    keys: Path
    flagged: str  # doc id of the CV that needs review
    clean: str  # a clean PDF letter
    docx: str  # a text file, which the pipeline turns into a DOCX


def build_batch(root: Path) -> Batch:
    """An INBOX with a CV needing review, a clean letter, a text note and a refused file, run through
    `redactor batch`."""
    from redactor.batch import run_batch

    inbox = root / "inbox"
    (inbox / "ansoegning-a").mkdir(parents=True)
    (inbox / "ansoegning-a" / "cv.pdf").write_bytes(cv_pdf())
    (inbox / "ansoegning-a" / "applicant.json").write_text(json.dumps({"name": NAME, "email": EMAIL}))
    (inbox / "letter-b.pdf").write_bytes(make_pdf(["Ansøgning", "Skriv til b.person@example.org",
                                                   "Jeg søger stillingen som konsulent."]))
    (inbox / "notes-c.txt").write_text("Noter til ansøgningen\nSkriv til c.person@example.org\n")
    (inbox / "program-d.exe").write_bytes(b"MZ\x90\x00" + bytes(200))  # refused by content
    outbox, keys = root / "outbox", root / "secret" / "keys.json"
    result = run_batch(inbox, outbox, keys=keys, workers=1, pipeline_factory=stub_pipeline_factory,
                       start_method="fork")
    data = json.loads(keys.read_text())
    ids = {d["source"]: (f"{number}-{d['index']}", d["outcome"])
           for number, app in data["applications"].items() for d in app["documents"]}
    assert result.applications == 4
    assert ids["ansoegning-a/cv.pdf"][1] == "needs_review" and ids["letter-b.pdf"][1] == "clean", ids
    assert ids["program-d.exe"][1] == "refused", ids
    return Batch(outbox, keys, ids["ansoegning-a/cv.pdf"][0], ids["letter-b.pdf"][0], ids["notes-c.txt"][0])


def clone_batch(b: Batch, root: Path) -> Batch:
    """A copy of a built batch under ``root`` (its key file pointed at the copied folders)."""
    import shutil

    src = b.outbox.parent
    for name in ("inbox", "outbox", "secret"):
        shutil.copytree(src / name, root / name, symlinks=True)
    keys = root / "secret" / b.keys.name
    data = json.loads(keys.read_text())
    data.update(inbox=str((root / "inbox").resolve()), outbox=str((root / "outbox").resolve()))
    keys.write_text(json.dumps(data))
    keys.chmod(0o600)
    return Batch(root / "outbox", keys, b.flagged, b.clean, b.docx)


@pytest.fixture(scope="module")
def built_batch(tmp_path_factory: pytest.TempPathFactory) -> Batch:
    return build_batch(tmp_path_factory.mktemp("review-batch"))


@pytest.fixture
def batch(built_batch: Batch, tmp_path: Path) -> Batch:
    """A fresh copy of the module's batch for each test (running the batch once keeps the tests fast)."""
    return clone_batch(built_batch, tmp_path)


def make_app(b: Batch, **kw):  # type: ignore[no-untyped-def]
    from redactor.review.server import ReviewApp

    return ReviewApp(b.outbox, b.keys, reviewer=kw.pop("reviewer", "Test Reviewer"),
                     pipeline_factory=lambda: StubPipeline(), **kw)


def get(app, path: str, *, cookie: bool = True, query: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    from redactor.review.server import COOKIE, Request

    cookies = {COOKIE: app.token} if cookie else {}
    return app.handle(Request("GET", path, query or {}, cookies))


def post(app, path: str, form: dict[str, str], *, csrf: bool = True):  # type: ignore[no-untyped-def]
    from redactor.review.server import COOKIE, Request

    form = {"csrf": app.csrf if csrf else "x", **form}
    return app.handle(Request("POST", path, {}, {COOKIE: app.token}, form))


def report_of(b: Batch, doc_id: str) -> dict:
    number = doc_id.split("-")[0]
    return json.loads((b.outbox / number / f"{doc_id}.report.json").read_text())


def output_of(b: Batch, doc_id: str) -> bytes:
    number = doc_id.split("-")[0]
    return (b.outbox / number / f"{doc_id}.pdf").read_bytes()


def key_of(report: dict, category: str) -> str:
    return next(f["key"] for f in report["findings"] if f["category"] == category)


# ---------------------------------------------------------------------------------------------- access


@pytest.mark.parametrize("path", ["/", "/doc/{flagged}", "/doc/{flagged}/page/0.png", "/static/review.js"])
def test_review_requests_without_token_are_refused(batch: Batch, path: str) -> None:
    app = make_app(batch)
    path = path.format(flagged=batch.flagged)
    assert get(app, path, cookie=False).status == 403
    assert get(app, path, cookie=False, query={"token": "wrong"}).status == 403
    assert get(app, path).status == 200


def test_review_token_in_url_sets_a_strict_httponly_cookie(batch: Batch) -> None:
    app = make_app(batch)
    resp = get(app, "/", cookie=False, query={"token": app.token})
    assert resp.status == 303 and resp.headers["Location"] == "/"
    (cookie,) = resp.cookies
    assert cookie.startswith(f"redactor_review={app.token};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_review_post_without_form_token_is_refused(batch: Batch) -> None:
    app = make_app(batch)
    key = key_of(report_of(batch, batch.flagged), "ADDRESS")
    resp = post(app, f"/doc/{batch.flagged}/action", {"action": "restore", "key": key}, csrf=False)
    assert resp.status == 403
    assert not (batch.keys.parent / "keys-review").exists()


@contextlib.contextmanager
def serving(app) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """The review app on a free local port in a background thread, shut down and closed afterwards."""
    from redactor.review.server import make_server

    server = make_server(app, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def running(batch: Batch) -> Iterator[tuple[Batch, object]]:
    with serving(make_app(batch)) as server:
        yield batch, server


def _status(url: str, headers: dict[str, str] | None = None) -> int:
    req = urllib.request.Request(url, headers=headers or {})
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(req, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def test_review_server_binds_to_loopback_only(running) -> None:  # type: ignore[no-untyped-def]
    _batch, server = running
    host, port = server.socket.getsockname()[:2]
    assert host == "127.0.0.1"
    assert _status(f"http://127.0.0.1:{port}/") == 403  # no token
    assert _status(f"http://127.0.0.1:{port}/?token={server.app.token}") == 303
    assert _status(f"http://127.0.0.1:{port}/", {"Cookie": f"redactor_review={server.app.token}"}) == 200
    try:
        addresses = subprocess.run(["hostname", "-I"], capture_output=True, text=True,
                                   timeout=5).stdout.split()
    except (OSError, subprocess.SubprocessError):
        addresses = []
    others = [a for a in addresses if ":" not in a and not a.startswith("127.")]
    if not others:
        pytest.skip("no non-loopback IPv4 address on this machine to try")
    with pytest.raises(OSError), socket.create_connection((others[0], port), timeout=3):
        pass


def test_review_responses_carry_security_headers(running) -> None:  # type: ignore[no-untyped-def]
    _batch, server = running
    port = server.socket.getsockname()[1]
    req = urllib.request.Request(f"http://127.0.0.1:{port}/",
                                 headers={"Cookie": f"redactor_review={server.app.token}"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        csp = resp.headers["Content-Security-Policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp
        assert resp.headers["X-Frame-Options"] == "DENY"
        assert resp.headers["Cache-Control"] == "no-store"
        page = resp.read().decode()
    assert "http://" not in page.replace(f"http://127.0.0.1:{port}", "") and "https://" not in page


# ---------------------------------------------------------------------------------------------- pages


def test_review_queue_lists_review_first_then_failed_then_clean(batch: Batch) -> None:
    app = make_app(batch)
    html = get(app, "/").body.decode()
    pos_review = html.index('id="review"')
    pos_failed = html.index('id="failed"')
    pos_rest = html.index('id="rest"')
    assert pos_review < pos_failed < pos_rest
    assert html.index(batch.flagged.split("-")[0]) < pos_failed
    assert "Skal gennemses" in html and "Afvist" in html


def test_review_document_page_shows_pages_boxes_and_flags(batch: Batch) -> None:
    app = make_app(batch)
    html = get(app, f"/doc/{batch.flagged}").body.decode()
    assert f'src="/doc/{batch.flagged}/page/0.png' in html
    assert html.count('class="box ') >= 3  # name, email, the doubtful employer
    assert 'class="box review flagbox"' in html
    assert f"<q class=\"text\">{FALSE_POSITIVE}</q>" in html  # HR sees what the box covers
    png = get(app, f"/doc/{batch.flagged}/page/0.png")
    assert png.status == 200 and png.body.startswith(b"\x89PNG")
    orig = get(app, f"/doc/{batch.flagged}/original/0.png")
    assert orig.status == 200 and orig.body != png.body


def test_review_docx_output_shows_the_list_and_says_a_preview_needs_libreoffice(batch: Batch) -> None:
    from redactor.convert import libreoffice_available

    app = make_app(batch)
    html = get(app, f"/doc/{batch.docx}").body.decode()
    assert "c.person@example.org" in html  # the finding's text, from the original (HR view)
    if libreoffice_available()[0]:
        assert f'src="/doc/{batch.docx}/page/0.png' in html
    else:
        assert 'id="no-preview"' in html and "LibreOffice" in html
        assert "/page/0.png" not in html


def test_review_docx_restore_rerenders_the_docx(batch: Batch) -> None:
    import io
    import zipfile

    number = batch.docx.split("-")[0]
    out = batch.outbox / number / f"{batch.docx}.docx"

    def body() -> str:
        with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as z:
            return z.read("word/document.xml").decode()

    assert "c.person@example.org" not in body()
    app = make_app(batch)
    key = key_of(report_of_docx(batch), "EMAIL")
    resp = post(app, f"/doc/{batch.docx}/action", {"action": "restore", "key": key})
    assert "msg=saved" in resp.headers["Location"]
    assert "c.person@example.org" in body()


def report_of_docx(b: Batch) -> dict:
    return report_of(b, b.docx)


def test_review_english_ui(batch: Batch) -> None:
    app = make_app(batch, ui_lang="en")
    html = get(app, f"/doc/{batch.flagged}").body.decode()
    assert "Approve document" in html and "Godkend dokument" not in html


def test_review_strings_have_the_same_keys_in_both_languages() -> None:
    from redactor.review.strings import strings

    assert set(strings("da")) == set(strings("en"))


@pytest.mark.parametrize("where", ["reasons", "source", "text", "detail"])
def test_review_escapes_values_from_documents(batch: Batch, where: str) -> None:
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    number = batch.flagged.split("-")[0]
    path = batch.outbox / number / f"{batch.flagged}.report.json"
    report = json.loads(path.read_text())
    review = next(f for f in report["findings"] if f["action"] == "review")
    if where == "reasons":
        report["reasons"] = [evil]
    elif where == "detail":
        report["verification"]["issues"] = [{"kind": "residual", "detail": evil, "category": "NAME",
                                             "page": 0}]
    else:
        review[where] = evil
    path.write_text(json.dumps(report))
    app = make_app(batch)
    html = get(app, f"/doc/{batch.flagged}").body.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(" in html


def test_review_flags_unreadable_pages_and_verification_issues(batch: Batch) -> None:
    number = batch.flagged.split("-")[0]
    path = batch.outbox / number / f"{batch.flagged}.report.json"
    report = json.loads(path.read_text())
    report["reasons"] = ["page(s) 1 have no usable text layer and OCR is switched off"]
    issue = {"kind": "new_finding", "detail": "a NAME was found", "category": "NAME", "page": 0}
    report["verification"]["issues"] = [issue]
    path.write_text(json.dumps(report))
    html = get(make_app(batch), f"/doc/{batch.flagged}").body.decode()
    assert 'class="flag k-page' in html and "intet brugbart tekstlag" in html
    assert 'class="flag k-verify' in html and "a NAME was found" in html
    assert 'class="page flagged"' in html


def test_review_view_only_without_key_file(batch: Batch) -> None:
    from redactor.review.server import ReviewApp

    app = ReviewApp(batch.outbox, None, reviewer="r")
    html = get(app, f"/doc/{batch.flagged}").body.decode()
    assert "Kun visning" in html and 'name="csrf"' not in html
    assert get(app, f"/doc/{batch.flagged}/original/0.png").status == 403
    assert post(app, f"/doc/{batch.flagged}/action", {"action": "approve"}).status == 403


def test_review_refuses_a_key_file_inside_the_outbox(batch: Batch) -> None:
    from redactor.errors import ConfigError
    from redactor.review.server import ReviewApp

    inside = batch.outbox / "keys.json"
    inside.write_bytes(batch.keys.read_bytes())
    with pytest.raises(ConfigError):
        ReviewApp(batch.outbox, inside, reviewer="r")


# ---------------------------------------------------------------------------------------------- actions


def test_review_restore_box_and_approve_rerender_the_output(batch: Batch) -> None:
    app = make_app(batch)
    doc = batch.flagged
    before = all_pdf_text(output_of(batch, doc))
    assert FALSE_POSITIVE not in before and LEAKY in before and NAME not in before

    key = key_of(report_of(batch, doc), "ADDRESS")
    resp = post(app, f"/doc/{doc}/action", {"action": "restore", "key": key})
    assert resp.status == 303 and "msg=saved" in resp.headers["Location"]
    assert FALSE_POSITIVE in all_pdf_text(output_of(batch, doc))

    # a box drawn on the page image, in display coordinates (the page is not rotated here)
    page = pymupdf.open(stream=output_of(batch, doc), filetype="pdf")[0]
    hit = page.search_for(LEAKY)[0]
    form = {"action": "area", "page": "0", "x0": str(hit.x0 - 1), "y0": str(hit.y0 - 1),
            "x1": str(hit.x1 + 1), "y1": str(hit.y1 + 1)}
    assert "msg=saved" in post(app, f"/doc/{doc}/action", form).headers["Location"]
    text = all_pdf_text(output_of(batch, doc))
    assert LEAKY not in text and FALSE_POSITIVE in text and NAME not in text and EMAIL not in text
    assert "Projektleder" in text

    assert "msg=saved" in post(app, f"/doc/{doc}/action", {"action": "approve"}).headers["Location"]
    report = report_of(batch, doc)
    assert report["outcome"] == "clean", report["reasons"]
    assert report["verification"]["passed"]
    assert next(f for f in report["findings"] if f["key"] == key)["action"] == "keep"

    summary = json.loads((batch.outbox / "summary.json").read_text())
    number, index = doc.split("-")
    entry = next(d for a in summary["applications"] if a["candidate"] == number for d in a["documents"]
                 if str(d["document"]) == index)
    assert entry["outcome"] == "clean"
    assert not summary["needs_review"]
    assert "clean" in (batch.outbox / "summary.csv").read_text(encoding="utf-8-sig")

    saved = json.loads((batch.keys.parent / "keys-review" / f"{doc}.json").read_text())
    assert [e["action"] for e in saved["events"]] == ["restore", "area", "approve"]
    assert all(e["reviewer"] == "Test Reviewer" and e["time"] for e in saved["events"])
    assert stat.S_IMODE((batch.keys.parent / "keys-review" / f"{doc}.json").stat().st_mode) == 0o600
    keys = json.loads(batch.keys.read_text())
    assert keys["applications"][number]["documents"][int(index) - 1]["review"]["approved"] is True


def test_review_keeps_personal_data_out_of_the_outbox(batch: Batch) -> None:
    app = make_app(batch, reviewer="Reviewer Rasmussen")
    post(app, f"/doc/{batch.flagged}/action", {"action": "term", "term": LEAKY})
    post(app, f"/doc/{batch.flagged}/action", {"action": "approve"})
    for f in batch.outbox.rglob("*"):
        if f.is_file() and f.suffix in (".json", ".csv", ".html"):
            body = f.read_text(encoding="utf-8-sig")
            assert "Rasmussen" not in body and LEAKY not in body and NAME not in body, f.name
    assert LEAKY not in all_pdf_text(output_of(batch, batch.flagged))
    assert not list(batch.outbox.rglob("*review*"))


def test_review_accept_is_saved_without_rerender(batch: Batch) -> None:
    app = make_app(batch)
    out = batch.outbox / batch.flagged.split("-")[0] / f"{batch.flagged}.pdf"
    inode = out.stat().st_ino
    key = key_of(report_of(batch, batch.flagged), "ADDRESS")
    resp = post(app, f"/doc/{batch.flagged}/action", {"action": "accept", "key": key})
    assert "msg=noted" in resp.headers["Location"]
    assert out.stat().st_ino == inode
    assert app.store.state(batch.flagged).accepted == {key}
    assert app._pipeline is None  # nothing to re-render: the pipeline is not even loaded


@pytest.mark.parametrize("form", [
    {"action": "restore", "key": "p9.b9:0:4"},  # not a finding of this document
    {"action": "area", "page": "7", "x0": "1", "y0": "1", "x1": "50", "y1": "50"},  # no such page
    {"action": "area", "page": "0", "x0": "nan", "y0": "1", "x1": "50", "y1": "50"},
    {"action": "area", "page": "0", "x0": "10", "y0": "10", "x1": "10.5", "y1": "40"},  # too small
    {"action": "term", "term": "   "},
    {"action": "term", "term": "x" * 201},
    {"action": "delete_everything"},
])
def test_review_rejects_bad_actions(batch: Batch, form: dict[str, str]) -> None:
    app = make_app(batch)
    resp = post(app, f"/doc/{batch.flagged}/action", form)
    assert resp.status == 303 and "msg=bad" in resp.headers["Location"]
    assert not (batch.keys.parent / "keys-review").exists()


def test_review_refuses_when_the_original_changed(batch: Batch) -> None:
    app = make_app(batch)
    keys = json.loads(batch.keys.read_text())
    number = batch.flagged.split("-")[0]
    source = keys["applications"][number]["documents"][0]["source"]
    (Path(keys["inbox"]) / source).write_bytes(make_pdf(["another document"]))
    before = output_of(batch, batch.flagged)
    resp = post(app, f"/doc/{batch.flagged}/action", {"action": "approve"})
    assert "msg=changed" in resp.headers["Location"]
    assert output_of(batch, batch.flagged) == before


def test_review_unknown_document_and_path_tricks_are_not_found(batch: Batch) -> None:
    app = make_app(batch)
    for path in ["/doc/../../etc/passwd", "/doc/999999-1", "/static/../server.py", "/static/.hidden.js",
                 f"/doc/{batch.flagged}/page/x.png", f"/doc/{batch.flagged}/page/99.png"]:
        assert get(app, path).status == 404, path
    resp = get(app, "/lang/en", query={"next": "//evil.example/"})
    assert resp.headers["Location"] == "/"


def _raw_post(port: int, headers: str, body: bytes = b"") -> bytes:
    """Send a hand-written POST (urllib refuses bad Content-Length values) and return the status line."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(f"POST /doc/x/action HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}\r\n".encode() + body)
        return s.recv(200).split(b"\r\n")[0]


@pytest.mark.parametrize(("length", "status"), [("-1", b"400"), ("-100", b"400"), ("abc", b"400"),
                                                ("1e3", b"400"), (" 0x10", b"400"), ("99999999999", b"413"),
                                                (str(64 * 1024 + 1), b"413")])
def test_review_refuses_bad_content_length(running, length: str, status: bytes) -> None:  # type: ignore[no-untyped-def]
    _batch, server = running
    port = server.socket.getsockname()[1]
    line = _raw_post(port, f"Cookie: redactor_review={server.app.token}\r\nContent-Length: {length}\r\n")
    assert status in line, line
    # the server still answers (a negative length used to block the handler reading to EOF)
    assert _status(f"http://127.0.0.1:{port}/", {"Cookie": f"redactor_review={server.app.token}"}) == 200


def test_review_paths_are_resolved_before_containment_checks(batch: Batch) -> None:
    """A candidate named ".." in a crafted summary.json, or a link inside OUTBOX, must not reach the key file
    (here at its default place beside OUTBOX)."""
    from redactor.review.outbox import BatchFolder
    from redactor.review.server import ReviewApp

    default_keys = batch.outbox.parent / f"{batch.outbox.name}.keys.json"
    default_keys.write_bytes(batch.keys.read_bytes())
    secret = json.loads(batch.keys.read_text())["digest_key"]
    summary_path = batch.outbox / "summary.json"
    summary = json.loads(summary_path.read_text())
    summary["applications"].append({"candidate": "..", "outcome": "needs_review", "documents": [
        {"document": 1, "outcome": "needs_review", "output": default_keys.name, "report": default_keys.name}]})
    summary_path.write_text(json.dumps(summary))
    # and a committee-visible report replaced by a link to the key file
    number = batch.clean.split("-")[0]
    report = batch.outbox / number / f"{batch.clean}.report.json"
    report.unlink()
    report.symlink_to(default_keys)
    folder = BatchFolder(batch.outbox, None)
    assert all(item.candidate != ".." for item in folder.queue())
    for app in (ReviewApp(batch.outbox, None, reviewer="r"), make_app(batch)):
        assert get(app, "/doc/..-1").status == 404
        assert get(app, "/doc/..-1/page/0.png").status == 404
        for path in ["/", f"/doc/{batch.clean}", f"/doc/{batch.clean}/page/0.png"]:
            resp = get(app, path)
            assert secret.encode() not in resp.body, path
    item = folder.item(batch.clean)
    assert item is not None and folder.report_path(item) is None and folder.report(item) == {}
    # an original whose key file entry points out of the inbox (or at a link) is not opened
    keys = json.loads(batch.keys.read_text())
    number, index = batch.flagged.split("-")
    entry = next(d for d in keys["applications"][number]["documents"] if d["index"] == int(index))
    entry["source"] = f"../secret/{batch.keys.name}"
    batch.keys.write_text(json.dumps(keys))
    app = make_app(batch)
    assert get(app, f"/doc/{batch.flagged}/original/0.png").status == 404
    assert secret.encode() not in get(app, f"/doc/{batch.flagged}", query={"orig": "1"}).body


def test_review_geometry_round_trips_on_rotated_pages() -> None:
    from redactor.review.render import pdf_geometry
    from redactor.types import BBox

    doc = pymupdf.open()
    for rot in (0, 90, 180, 270):
        doc.new_page(width=595, height=842).set_rotation(rot)
    geoms = pdf_geometry(doc.tobytes())
    box = BBox(50, 100, 150, 130)
    for g, rot in zip(geoms, (0, 90, 180, 270), strict=True):
        shown = g.to_display(box)
        assert (g.width, g.height) == ((595, 842) if rot in (0, 180) else (842, 595))
        back = g.from_display(shown)
        assert [round(v, 3) for v in back.as_list()] == box.as_list()
        assert (shown == box) == (rot == 0)


def test_review_serve_cli_prints_a_tokened_loopback_url(batch: Batch, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    import argparse

    from redactor.review import server as srv

    def fake_serve_forever(self) -> None:  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt

    monkeypatch.setattr(srv.ReviewServer, "serve_forever", fake_serve_forever)
    args = argparse.Namespace(outbox=batch.outbox, keys=batch.keys, port=0, reviewer="R", ui_lang="da")
    assert srv.serve_cli(args) == 0
    out = capsys.readouterr().out
    url = re.search(r"http://127\.0\.0\.1:\d+/\?token=([\w-]+)", out)
    assert url is not None and len(url.group(1)) >= 32
    query = urllib.parse.urlsplit(url.group(0)).query
    assert "token=" in query


def test_review_busy_key_file_keeps_decisions_pending_until_applied(batch: Batch) -> None:
    import fcntl
    import os

    app = make_app(batch)
    doc = batch.flagged
    before = output_of(batch, doc)
    fd = os.open(batch.keys.with_name(batch.keys.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running `redactor batch` does
        resp = post(app, f"/doc/{doc}/action", {"action": "term", "term": LEAKY})
        assert "msg=busy" in resp.headers["Location"]
    finally:
        os.close(fd)
    assert output_of(batch, doc) == before
    html = get(app, f"/doc/{doc}").body.decode()
    assert 'id="pending"' in html and 'value="apply"' in html
    resp = post(app, f"/doc/{doc}/action", {"action": "apply"})
    assert "msg=saved" in resp.headers["Location"]
    assert LEAKY not in all_pdf_text(output_of(batch, doc))
    assert 'id="pending"' not in get(app, f"/doc/{doc}").body.decode()


def test_review_pipeline_that_cannot_load_leaves_the_output_alone(batch: Batch) -> None:
    from redactor.errors import DependencyMissingError
    from redactor.review.server import ReviewApp

    def broken() -> Pipeline:
        raise DependencyMissingError("NER model not found")

    app = ReviewApp(batch.outbox, batch.keys, reviewer="r", pipeline_factory=broken)
    before = output_of(batch, batch.flagged)
    resp = post(app, f"/doc/{batch.flagged}/action", {"action": "term", "term": LEAKY})
    assert resp.status == 303 and "msg=failed" in resp.headers["Location"]
    assert output_of(batch, batch.flagged) == before
    assert app.store.state(batch.flagged).terms == [LEAKY]  # saved; applied on the next successful render
