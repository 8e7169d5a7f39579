"""`redactor review`: a local, token-protected QA page (standard-library HTTP server, Jinja templates)."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import hmac
import logging
import math
import re
import secrets
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import jinja2

from redactor.config import Config, load_config
from redactor.errors import ConfigError, RedactorError
from redactor.review.outbox import BatchFolder, KeyFileBusyError, OriginalChangedError, QueueItem
from redactor.review.render import PageGeom, PreviewCache
from redactor.review.store import ReviewState, ReviewStore, review_dir_for
from redactor.review.strings import LANGS, category_label, reason_text, strings
from redactor.types import BBox

log = logging.getLogger("redactor.review")

HERE = Path(__file__).resolve().parent
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".svg": "image/svg+xml"}
COOKIE = "redactor_review"
LANG_COOKIE = "redactor_lang"
MAX_BODY = 64 * 1024
MAX_TERM = 200
SECURITY_HEADERS = {
    "Content-Security-Policy": ("default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; "
                                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
MESSAGES = ("saved", "noted", "busy", "changed", "failed", "bad")
_NO_TEXT_PAGES = re.compile(r"^page\(s\) ([\d, ]+) have no usable text layer")


@dataclass
class Request:
    """An HTTP request as the app sees it."""

    method: str
    path: str
    query: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    form: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Response:
    """An HTTP response; ``headers`` are added to the security headers."""

    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    cookies: list[str] = field(default_factory=list)


def _redirect(location: str, cookies: list[str] | None = None) -> Response:
    return Response(HTTPStatus.SEE_OTHER, b"", "text/plain", {"Location": location}, cookies or [])


def _plain(status: int, text: str) -> Response:
    return Response(status, text.encode("utf-8"), "text/plain; charset=utf-8")


class ReviewApp:
    """The review page, independent of the socket layer (tests call :meth:`handle` directly).

    Args:
        outbox: the batch output folder.
        keys: the key file; None gives a view-only page (no originals, no decisions).
        reviewer: the name saved with each decision.
        ui_lang: "da" (default) or "en".
        config: the pipeline config (defaults when None); use the batch's config.
        pipeline_factory: builds the Pipeline on the first re-render (once per server); default
            ``Pipeline(config)``.
        token: the access token; a random one when None.
    Raises:
        ConfigError: OUTBOX is missing, or the key file does not belong to it.
    """

    def __init__(self, outbox: Path, keys: Path | None, *, reviewer: str, ui_lang: str = "da",
                 config: Config | None = None, pipeline_factory: Callable[[], Any] | None = None,
                 token: str | None = None) -> None:
        if not outbox.is_dir():
            raise ConfigError(f"output folder not found: {outbox}")
        self.folder = BatchFolder(outbox, keys)
        self.store = ReviewStore(review_dir_for(self.folder.keys_path)) if self.folder.keys_path else None
        self.reviewer = reviewer
        self.ui_lang = ui_lang if ui_lang in LANGS else "da"
        self.token = token or secrets.token_urlsafe(32)
        self.csrf = secrets.token_urlsafe(32)
        self.cache = PreviewCache()
        self.config = config if config is not None else load_config()
        self._factory = pipeline_factory or self._default_pipeline
        self._pipeline: Any = None
        self._render_lock = threading.Lock()
        self._texts: dict[tuple[str, str], dict[str, str]] = {}
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["cat"] = category_label
        self.env.filters["reason"] = reason_text
        self.env.filters["pct"] = lambda v: f"{100 * float(v):.0f}"
        self.env.filters["n"] = lambda v: f"{float(v):.2f}"

    def _default_pipeline(self) -> Any:
        from redactor.pipeline import Pipeline

        return Pipeline(self.config)

    @property
    def can_edit(self) -> bool:
        return self.store is not None

    def pipeline(self) -> Any:
        """The one Pipeline of this server, loaded on first use."""
        if self._pipeline is None:
            self._pipeline = self._factory()
        return self._pipeline

    # ------------------------------------------------------------------ dispatch

    def handle(self, req: Request) -> Response:
        """Answer one request: token check, then routing. Never raises."""
        try:
            return self._handle(req)
        except Exception as exc:  # a bug must not kill the server or leak details
            log.warning("review page error: %s", type(exc).__name__)
            return _plain(HTTPStatus.INTERNAL_SERVER_ERROR, "internal error")

    def _handle(self, req: Request) -> Response:
        given = req.query.get("token")
        if given is not None:
            if req.method != "GET" or not hmac.compare_digest(given.encode(), self.token.encode()):
                return self._forbidden()
            cookie = f"{COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict"
            return _redirect(_safe_next(req.path), [cookie])
        if not hmac.compare_digest(req.cookies.get(COOKIE, "").encode(), self.token.encode()):
            return self._forbidden()
        form_token = req.form.get("csrf", "").encode()
        if req.method == "POST" and not hmac.compare_digest(form_token, self.csrf.encode()):
            return _plain(HTTPStatus.FORBIDDEN, "missing or wrong form token")
        parts = [p for p in req.path.split("/") if p]
        lang = req.cookies.get(LANG_COOKIE, self.ui_lang)
        lang = lang if lang in LANGS else self.ui_lang
        if req.method == "GET":
            if not parts:
                return self._queue(lang)
            if parts[0] == "static" and len(parts) == 2:
                return self._static(parts[1])
            if parts[0] == "lang" and len(parts) == 2 and parts[1] in LANGS:
                return _redirect(_safe_next(req.query.get("next", "/")),
                                 [f"{LANG_COOKIE}={parts[1]}; Path=/; SameSite=Strict"])
            if parts[0] == "doc" and len(parts) == 2:
                return self._document(parts[1], lang, req.query)
            if parts[0] == "doc" and len(parts) == 4 and parts[2] in ("page", "original"):
                return self._png(parts[1], parts[2], parts[3])
            if parts[0] == "answers" and len(parts) == 2:
                return self._answers(parts[1], lang, req.query)
        if req.method == "POST" and parts[:1] == ["doc"] and len(parts) == 3 and parts[2] == "action":
            return self._action(parts[1], req.form)
        if req.method == "POST" and parts[:1] == ["answers"] and len(parts) == 3 and parts[2] == "action":
            return self._answers_action(parts[1], req.form)
        return _plain(HTTPStatus.NOT_FOUND, "not found")

    def _forbidden(self) -> Response:
        return _plain(HTTPStatus.FORBIDDEN, "Adgang nægtet: åbn adressen med token, som redactor review "
                                            "skrev i terminalen. (Forbidden: open the URL with the token "
                                            "printed by redactor review.)")

    def _render(self, template: str, lang: str, **ctx: Any) -> Response:
        html = self.env.get_template(template).render(t=strings(lang), lang=lang, csrf=self.csrf,
                                                      reviewer=self.reviewer, can_edit=self.can_edit, **ctx)
        return Response(HTTPStatus.OK, html.encode("utf-8"))

    def _static(self, name: str) -> Response:
        path = HERE / "static" / name
        ctype = STATIC_TYPES.get(path.suffix)
        if ctype is None or "/" in name or name.startswith(".") or not path.is_file():
            return _plain(HTTPStatus.NOT_FOUND, "not found")
        return Response(HTTPStatus.OK, path.read_bytes(), ctype)

    # ------------------------------------------------------------------ pages

    def _queue(self, lang: str) -> Response:
        items = self.folder.queue()
        rows = []
        for item in items:
            state = self._state(item.doc_id)
            report = self.folder.report(item) if item.openable else {}
            rows.append({"item": item, "approved": bool(state and state.approved),
                         "flags": len(_flags(report)) if report else 0})
        return self._render("queue.html", lang, rows=rows, answers=sorted(self.folder.answers_flags().values(),
                                                                          key=lambda r: str(r["candidate"])))

    def _state(self, doc_id: str) -> ReviewState | None:
        if self.store is None:
            return None
        try:
            return self.store.state(doc_id)
        except ConfigError:
            return None

    def _document(self, doc_id: str, lang: str, query: dict[str, str]) -> Response:
        item = self.folder.item(doc_id)
        if item is None or not item.openable:
            return _plain(HTTPStatus.NOT_FOUND, "not found")
        report = self.folder.report(item)
        state = self._state(doc_id) or ReviewState()
        out_path = self.folder.output_path(item)
        show_original = query.get("orig") == "1" and self.can_edit
        geoms: list[PageGeom] = []
        preview_error = ""
        try:
            geoms = self.cache.geometry(out_path) if out_path is not None else []
        except RedactorError as exc:
            preview_error = "docx" if out_path is not None and out_path.suffix == ".docx" else exc.code
        texts = self._original_texts(item) if self.can_edit else {}
        findings = _findings(report, state, texts)
        flags = _flags(report, findings)
        pages = []
        version = self.cache.version(out_path) if out_path is not None else "0"
        for pno, g in enumerate(geoms):
            pages.append({
                "no": pno, "width": g.width, "height": g.height,
                "boxes": [dict(b, box=g.to_display(b["raw"]))
                          for b in _page_boxes(report, findings, state, pno)],
                "flagged": any(f["page"] == pno and f["kind"] in ("verify", "page") for f in flags),
                "key": f"page{pno}",
            })
        openable = [i for i in self.folder.queue() if i.openable]
        pos = next((n for n, i in enumerate(openable) if i.doc_id == doc_id), 0)
        nav = {"prev": openable[pos - 1].doc_id if pos > 0 else None,
               "next": openable[pos + 1].doc_id if pos + 1 < len(openable) else None,
               "pos": pos + 1, "total": len(openable)}
        note = self.folder.review_note(item) if self.can_edit else {}
        pending = self.can_edit and note.get("applied", ReviewState().digest()) != state.digest()
        stale = False
        if self.store is not None and state.events:
            with contextlib.suppress(ConfigError):
                recorded = self.store.load(doc_id).get("input_sha256")
                stale = bool(recorded) and recorded != self.folder.original(item)[1]
        msg = query.get("msg", "")
        return self._render(
            "document.html", lang, item=item, report=report, state=state, findings=findings, flags=flags,
            pages=pages, preview_error=preview_error, show_original=show_original, version=version,
            nav=nav, msg=msg if msg in MESSAGES else "", selected=query.get("sel", ""), pending=pending,
            stale=stale,
            outcome=str(report.get("outcome") or item.outcome), reasons=list(report.get("reasons") or []),
            verified=bool((report.get("verification") or {}).get("passed")),
            answers_flag=self.folder.answers_flags().get(item.candidate),
        )

    def _answers(self, number: str, lang: str, query: dict[str, str]) -> Response:
        """A candidate's row of the candidate overview: questions, anonymised answers, originals (with --keys)."""
        row = self.folder.answers_row(number)
        if row is None:
            return _plain(HTTPStatus.NOT_FOUND, "not found")
        state = self._state(f"{number}-answers") or ReviewState()
        documents = [i for i in self.folder.queue() if i.candidate == number and i.openable]
        msg = query.get("msg", "")
        return self._render("answers.html", lang, row=row, state=state, documents=documents,
                            originals=row["originals"] if self.can_edit else [],
                            msg=msg if msg in MESSAGES else "")

    def _answers_action(self, number: str, form: dict[str, str]) -> Response:
        """Save a decision on an overview row (term, remove_term, approve, unapprove) and write the overview
        again from the export with every decision."""
        if self.folder.answers_row(number) is None:
            return _plain(HTTPStatus.NOT_FOUND, "not found")
        if self.store is None:
            return _plain(HTTPStatus.FORBIDDEN, "view only: start with --keys to save decisions")
        back = f"/answers/{quote(number)}?"
        action = form.get("action", "")
        term = " ".join(form.get("term", "").split())
        if action not in ("term", "remove_term", "approve", "unapprove") or (
                action in ("term", "remove_term") and not 1 < len(term) <= 200):
            return _redirect(back + "msg=bad")
        with self._render_lock:
            fields = {"term": term} if action in ("term", "remove_term") else {}
            self.store.add(f"{number}-answers", action, self.reviewer, **fields)
            try:
                self.folder.rerender_answers(self.pipeline())
            except KeyFileBusyError:
                return _redirect(back + "msg=busy")
            except RedactorError as exc:  # the export changed or is gone, or the pipeline cannot load
                log.warning("review: overview not written again (%s)", exc.code)
                return _redirect(back + "msg=failed")
        return _redirect(back + "msg=saved")

    def _png(self, doc_id: str, which: str, name: str) -> Response:
        item = self.folder.item(doc_id)
        if item is None or not item.openable or not name.endswith(".png") or not name[:-4].isdigit():
            return _plain(HTTPStatus.NOT_FOUND, "not found")
        if which == "original":
            if not self.can_edit:
                return _plain(HTTPStatus.FORBIDDEN, "the original needs the key file")
            try:
                path = self.folder.original(item)[0]
            except ConfigError:
                return _plain(HTTPStatus.NOT_FOUND, "not found")
        else:
            path = self.folder.output_path(item)  # type: ignore[assignment]
        try:
            png = self.cache.png(path, int(name[:-4]))
        except (RedactorError, OSError):
            return _plain(HTTPStatus.NOT_FOUND, "no preview")
        return Response(HTTPStatus.OK, png, "image/png")

    def _original_texts(self, item: QueueItem) -> dict[str, str]:
        """Unit id -> text of the original, so the reviewer sees what each box covers (HR only)."""
        try:
            path, _sha, _app = self.folder.original(item)
            key = (str(path), self.cache.version(path))
        except (ConfigError, OSError):
            return {}
        if key not in self._texts:
            self._texts = {k: v for k, v in self._texts.items() if k[0] != key[0]}
            self._texts[key] = _extract_texts(path, self.config)
        return self._texts[key]

    # ------------------------------------------------------------------ actions

    def _action(self, doc_id: str, form: dict[str, str]) -> Response:
        item = self.folder.item(doc_id)
        if item is None or not item.openable:
            return _plain(HTTPStatus.NOT_FOUND, "not found")
        if self.store is None:
            return _plain(HTTPStatus.FORBIDDEN, "view only: start with --keys to save decisions")
        action = form.get("action", "")
        back = f"/doc/{quote(doc_id)}?" + ("orig=1&" if form.get("orig") == "1" else "")
        sel = form.get("sel", "")
        if sel and all(c.isalnum() or c in ":.-_" for c in sel) and len(sel) < 80:
            back += f"sel={quote(sel)}&"
        report = self.folder.report(item)
        try:
            events = self._events(item, report, action, form)
        except ValueError:
            return _redirect(back + "msg=bad")
        try:
            _path, sha, _app = self.folder.original(item)
        except ConfigError:
            return _redirect(back + "msg=bad")
        with self._render_lock:
            before = self.store.state(doc_id)
            state = before
            for name, fields in events:
                state = self.store.add(doc_id, name, self.reviewer, input_sha256=sha, **fields)
            note = {"approved": state.approved, "decisions": state.events, "updated": state.last_at}
            try:
                if action != "apply" and state.digest() == before.digest():
                    self.folder.note(item, note)
                    return _redirect(back + "msg=noted")
                result = self.folder.rerender(item, self.pipeline(), state.decisions(),
                                              {**note, "applied": state.digest()})
            except OriginalChangedError:
                return _redirect(back + "msg=changed")
            except KeyFileBusyError:
                return _redirect(back + "msg=busy")
            except RedactorError as exc:  # the key file lost the document, or the pipeline cannot load
                log.warning("review: re-render not possible (%s)", exc.code)
                return _redirect(back + "msg=failed")
        log.info("review: document re-rendered (outcome %s, replaced %s)", result.outcome, result.replaced)
        return _redirect(back + ("msg=saved" if result.replaced else "msg=failed"))

    def _events(self, item: QueueItem, report: dict[str, Any], action: str,
                form: dict[str, str]) -> list[tuple[str, dict[str, Any]]]:
        """Validate a posted action into store events.

        Raises:
            ValueError: an unknown action or a field out of range.
        """
        findings = {f.get("key"): f for f in report.get("findings", []) if f.get("key")}
        if action in ("accept", "restore"):
            key = form.get("key", "")
            if key not in findings:
                raise ValueError("unknown finding")
            return [(action, {"key": key})]
        if action == "redact_finding":  # a finding the system kept: remove its boxes
            f = findings.get(form.get("key", ""))
            if f is None or not f.get("boxes"):
                raise ValueError("unknown finding")
            return [("area", {"page": int(b[0]), "box": BBox(*map(float, b[1:5]))}) for b in f["boxes"]]
        if action == "area":
            out = self.folder.output_path(item)
            geoms = self.cache.geometry(out) if out is not None else []
            page = int(form.get("page", "-1"))
            coords = [float(form.get(k, "nan")) for k in ("x0", "y0", "x1", "y1")]
            if not 0 <= page < len(geoms) or not all(math.isfinite(c) for c in coords):
                raise ValueError("bad box")
            g = geoms[page]
            x0, x1 = sorted((min(max(coords[0], 0.0), g.width), min(max(coords[2], 0.0), g.width)))
            y0, y1 = sorted((min(max(coords[1], 0.0), g.height), min(max(coords[3], 0.0), g.height)))
            if x1 - x0 < 2 or y1 - y0 < 2:
                raise ValueError("box too small")
            return [("area", {"page": page, "box": g.from_display(BBox(x0, y0, x1, y1))})]
        if action in ("term", "remove_term"):
            term = " ".join(form.get("term", "").split())
            if not term or len(term) > MAX_TERM or any(ord(c) < 32 for c in term):
                raise ValueError("bad term")
            return [(action, {"term": term})]
        if action == "remove_area":
            area_id = form.get("id", "")
            if not area_id:
                raise ValueError("no area")
            return [(action, {"id": area_id})]
        if action in ("approve", "unapprove"):
            return [(action, {})]
        if action == "apply":  # render again with the saved decisions (after a busy key file, say)
            return []
        raise ValueError("unknown action")


# ---------------------------------------------------------------------- view models


def _findings(report: dict[str, Any], state: ReviewState, texts: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for n, f in enumerate(report.get("findings", [])):
        key = str(f.get("key", ""))
        action = str(f.get("action", ""))
        if key in state.restored:
            status = "restored"
        elif key in state.accepted:
            status = "accepted"
        else:
            status = ""
        unit = texts.get(str(f.get("unit", "")), "")
        start, end = f.get("start"), f.get("end")
        text = f.get("text") or (unit[start:end] if isinstance(start, int) and isinstance(end, int) else "")
        out.append({
            "n": n, "key": key, "category": str(f.get("category", "")), "action": action,
            "score": float(f.get("score") or 0.0), "source": str(f.get("source", "")),
            "page": f.get("page"), "boxes": f.get("boxes") or [], "text": text, "status": status,
            "reason": str(f.get("reason") or ""),
        })
    return out


def _flags(report: dict[str, Any], findings: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Everything a human must look at, in page order."""
    if findings is None:
        findings = _findings(report, ReviewState(), {})
    flags: list[dict[str, Any]] = []
    for f in findings:
        if f["action"] == "review" or f["status"]:  # open flags, and those the reviewer settled
            y = f["boxes"][0][2] if f["boxes"] else 0.0
            flags.append({"kind": "finding", "page": f["page"], "y": y, "key": f["key"], "finding": f,
                          "detail": f["reason"], "settled": f["status"] != ""})
    for i, im in enumerate(report.get("images", [])):
        if im.get("action") == "review":
            box = im.get("box") or [0, 0, 0, 0]
            flags.append({"kind": "image", "page": im.get("page"), "y": box[1], "key": f"image{i}",
                          "detail": str(im.get("reason", "")), "settled": False})
    for reason in report.get("reasons", []):
        m = _NO_TEXT_PAGES.match(str(reason))
        for p in (int(v) - 1 for v in re.findall(r"\d+", m.group(1))) if m else ():
            flags.append({"kind": "page", "page": p, "y": 0.0, "key": f"page{p}", "detail": str(reason),
                          "settled": False})
    for i, issue in enumerate((report.get("verification") or {}).get("issues", [])):
        if issue.get("kind") == "risk":  # the residual check: a place to look at, with its box
            box = issue.get("box") or [0, 0, 0, 0]
            flags.append({"kind": "risk", "page": issue.get("page"), "y": box[1], "key": f"verify{i}",
                          "detail": str(issue.get("detail") or ""), "settled": False})
            continue
        flags.append({"kind": "verify", "page": issue.get("page"), "y": 0.0, "key": f"verify{i}",
                      "detail": f"{issue.get('category') or ''} {issue.get('detail') or ''}".strip(),
                      "settled": False})
    flags.sort(key=lambda f: (f["page"] if f["page"] is not None else -1, f["y"]))
    for n, f in enumerate(flags):
        f["id"] = f"flag{n}"
    return flags


def _page_boxes(report: dict[str, Any], findings: list[dict[str, Any]], state: ReviewState,
                page: int) -> list[dict[str, Any]]:
    """The boxes drawn on one page, in page coordinates (``raw``): findings, images, reviewer boxes."""
    boxes: list[dict[str, Any]] = []
    for f in findings:
        for b in f["boxes"]:
            if int(b[0]) == page:
                cls = f["status"] or f["action"]
                boxes.append({"raw": BBox(*map(float, b[1:5])), "cls": cls, "label": f["category"],
                              "key": f["key"], "flag": f["action"] == "review"})
    for i, im in enumerate(report.get("images", [])):
        if im.get("page") == page and im.get("box") and im.get("action") != "keep":
            boxes.append({"raw": BBox(*map(float, im["box"])), "cls": "image " + str(im.get("action")),
                          "label": "PHOTO", "key": f"image{i}", "flag": im.get("action") == "review"})
    for i, issue in enumerate((report.get("verification") or {}).get("issues", [])):
        if issue.get("kind") == "risk" and issue.get("page") == page and issue.get("box"):
            boxes.append({"raw": BBox(*map(float, issue["box"])), "cls": "review", "label": "?",
                          "key": f"verify{i}", "flag": True})
    for a in state.areas:
        if a.page == page:
            boxes.append({"raw": a.box, "cls": "area", "label": "AREA", "key": a.id, "flag": False})
    return boxes


def _extract_texts(path: Path, config: Config) -> dict[str, str]:
    """The original's text units by id, extracted as the pipeline does (PDF, DOCX and what it converts to
    DOCX); {} when it cannot be read. OCR text of scans is not repeated here."""
    from redactor.formats import sniff

    try:
        data = path.read_bytes()
        kind = sniff(data).kind
        if kind == "pdf":
            from redactor.extract.pdf import extract_pdf

            doc = extract_pdf(data, config)
        elif kind in ("docx", "odt", "rtf", "doc", "txt"):
            from redactor.convert import conversion_timeout, to_docx
            from redactor.extract.docx import extract_docx

            if kind != "docx":
                data = to_docx(data, kind, timeout=conversion_timeout(config.limits.max_seconds))
            doc = extract_docx(data, config)
        else:
            return {}
    except (RedactorError, OSError, ImportError):
        return {}
    return {u.id: u.text for u in doc.units}


def _safe_next(path: str) -> str:
    """A local path to go back to (never another site)."""
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path


# ---------------------------------------------------------------------- HTTP


class ReviewServer(ThreadingHTTPServer):
    """A threading HTTP server bound to 127.0.0.1 only."""

    daemon_threads = True
    allow_reuse_address = False

    def __init__(self, app: ReviewApp, port: int = 0) -> None:
        self.app = app
        super().__init__(("127.0.0.1", port), _Handler)

    @property
    def url(self) -> str:
        port = self.socket.getsockname()[1]
        return f"http://127.0.0.1:{port}/?token={self.app.token}"


class _Handler(BaseHTTPRequestHandler):
    server: ReviewServer
    server_version = "redactor-review"
    sys_version = ""

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._serve("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._serve("POST")

    def _serve(self, method: str) -> None:
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query, max_num_fields=20).items()}
        cookies: dict[str, str] = {}
        raw_cookie = self.headers.get("Cookie")
        if raw_cookie:
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(raw_cookie)
            except Exception:
                jar = SimpleCookie()
            cookies = {k: m.value for k, m in jar.items()}
        form: dict[str, str] = {}
        if method == "POST":
            raw_length = (self.headers.get("Content-Length") or "0").strip()
            if not raw_length.isascii() or not raw_length.isdigit():  # negative, "1e3", "0x10", "١٢": refused
                self.close_connection = True  # the body's end is unknown: never read it
                self._send(_plain(HTTPStatus.BAD_REQUEST, "bad Content-Length"))
                return
            length = int(raw_length)
            if length > MAX_BODY:
                self.close_connection = True
                self._send(_plain(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "too large"))
                return
            body = self.rfile.read(length).decode("utf-8", "replace")
            form = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True, max_num_fields=50).items()}
        req = Request(method, url.path, query, cookies, form, {k.lower(): v for k, v in self.headers.items()})
        self._send(self.server.app.handle(req))

    def _send(self, resp: Response) -> None:
        self.send_response(resp.status)
        for k, v in {**SECURITY_HEADERS, **resp.headers}.items():
            self.send_header(k, v)
        for c in resp.cookies:
            self.send_header("Set-Cookie", c)
        self.send_header("Content-Type", resp.content_type)
        self.send_header("Content-Length", str(len(resp.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(resp.body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        log.debug("review: %s", format % args)


def make_server(app: ReviewApp, port: int = 0) -> ReviewServer:
    """A server for the app on 127.0.0.1 (port 0 picks a free port); call ``serve_forever()``."""
    return ReviewServer(app, port)


def serve_cli(args: argparse.Namespace) -> int:
    """``redactor review OUTBOX [--keys KEYFILE] [--port P]``: serve until Ctrl-C; returns the exit code.

    Raises:
        ConfigError: OUTBOX or the key file is missing or does not match.
    """
    keys = args.keys
    if keys is None:
        from redactor.batch import default_keys_path

        guess = default_keys_path(args.outbox)
        keys = guess if guess.is_file() else None
    config = load_config(getattr(args, "config", None), models_dir=getattr(args, "models", None))
    app = ReviewApp(args.outbox, keys, reviewer=args.reviewer or getpass.getuser(), ui_lang=args.ui_lang,
                    config=config)
    server = make_server(app, args.port)
    mode = f"key file {app.folder.keys_path}" if keys else "view only (no key file)"
    print(f"redactor review: {mode}; reviewer {app.reviewer}", file=sys.stderr)
    print(f"redactor review: open {server.url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("redactor review: stopped", file=sys.stderr)
    finally:
        server.server_close()
    return 0
