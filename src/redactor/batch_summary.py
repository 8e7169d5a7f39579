"""The batch summary (JSON, CSV, HTML) for the HR office: counts, reasons, timings; no names, no paths."""

from __future__ import annotations

import csv
import html
import io
import statistics
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from redactor import __version__
from redactor.errors import ExitCode
from redactor.report import write_atomic, write_json

SUMMARY_SCHEMA = 1
OUTCOMES = ("clean", "needs_review", "failed", "refused")
LABELS = {
    "clean": "Ren (clean)",
    "needs_review": "Skal gennemses (needs review)",
    "failed": "Fejlet (failed)",
    "refused": "Afvist (refused)",
    "empty": "Ingen dokumenter (no documents)",
    "pending": "Ikke færdig (not finished)",
}
_WORST = {"clean": 0, "pending": 1, "needs_review": 2, "failed": 3, "refused": 3, "empty": 3}


def _app_outcome(docs: list[dict[str, Any]]) -> str:
    if not docs:
        return "empty"
    outcomes = [d.get("outcome") or "pending" for d in docs]
    worst = max(outcomes, key=lambda o: _WORST.get(o, 3))
    if worst in ("failed", "refused") and "failed" in outcomes:
        return "failed"
    return worst


def build_summary(keys: dict[str, Any], *, status: str, started: str, seconds: float,
                  processed: list[dict[str, Any]], include_filenames: bool = False,
                  error: dict[str, str] | None = None) -> dict[str, Any]:
    """The summary as a JSON-ready dict, built from the key file's state.

    Args:
        keys: the key file's content (applications with their documents' outcomes).
        status: "running", "complete", "interrupted" or "stopped".
        started: ISO time this run started.
        seconds: wall time of this run so far.
        processed: one entry per document processed in this run (candidate, document, outcome, pages, seconds).
        include_filenames: add the input paths (personal data!) for local debugging only.
        error: why a "stopped" run stopped (``code`` and ``message``, no personal data).
    Returns:
        The summary. Its ``exit_code`` is 2 when the run stopped (e.g. the pipeline could not load), or a
        document failed or was refused; else 4 when a document needs review; else 0.
    """
    apps_out: list[dict[str, Any]] = []
    by_outcome = dict.fromkeys(OUTCOMES, 0)
    apps_by_outcome: dict[str, int] = {}
    review: list[dict[str, Any]] = []
    failed: list[dict[str, Any]] = []
    refused: list[dict[str, Any]] = []
    empty: list[str] = []
    pages = documents = pending = 0
    for number in sorted(keys.get("applications", {})):
        app = keys["applications"][number]
        docs_out = []
        for d in app.get("documents", []):
            documents += 1
            outcome = d.get("outcome")
            item: dict[str, Any] = {"document": d["index"], "outcome": outcome or "pending",
                                    "output": d.get("output"), "report": d.get("report"), "pdf": d.get("pdf"),
                                    "pages": d.get("pages", 0), "reasons": list(d.get("reasons", [])),
                                    "error_code": d.get("error_code"), "seconds": d.get("seconds", 0.0)}
            if include_filenames:
                item["source"] = d.get("source")
            docs_out.append(item)
            if outcome is None:
                pending += 1
                continue
            by_outcome[outcome] = by_outcome.get(outcome, 0) + 1
            pages += int(d.get("pages") or 0)
            ref = {"candidate": number, "document": d["index"], "reasons": item["reasons"],
                   "error_code": d.get("error_code")}
            {"needs_review": review, "failed": failed, "refused": refused}.get(outcome, []).append(ref)
        app_outcome = _app_outcome(app.get("documents", []))
        apps_by_outcome[app_outcome] = apps_by_outcome.get(app_outcome, 0) + 1
        if app_outcome == "empty":
            empty.append(number)
        entry: dict[str, Any] = {"candidate": number, "outcome": app_outcome, "documents": docs_out}
        if app.get("missing"):
            entry["missing_from_inbox"] = True
        if include_filenames:
            entry["source"] = app.get("source")
        apps_out.append(entry)

    if status == "stopped" or by_outcome.get("failed") or by_outcome.get("refused") or empty:
        exit_code = ExitCode.INPUT_FAILED
    elif by_outcome.get("needs_review"):
        exit_code = ExitCode.NEEDS_REVIEW
    else:
        exit_code = ExitCode.OK
    overview = (keys.get("answers") or {}).get("summary")
    if overview:  # the candidate overview from the answers export counts like a document
        if overview.get("error_code"):
            exit_code = ExitCode.INPUT_FAILED
        elif overview.get("counts", {}).get("needs_review") and exit_code == ExitCode.OK:
            exit_code = ExitCode.NEEDS_REVIEW
    run_pages = sum(int(p.get("pages") or 0) for p in processed)
    doc_secs = [float(p.get("seconds") or 0.0) for p in processed if p.get("seconds")]
    done = sum(by_outcome.values())
    return {
        "schema": SUMMARY_SCHEMA,
        "tool": "redactor",
        "version": __version__,
        "batch_id": keys.get("batch_id"),
        "status": status,
        "started": started,
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "exit_code": int(exit_code),
        **({"error": dict(error)} if error else {}),
        "totals": {
            "applications": len(apps_out),
            "documents": documents,
            "pages": pages,
            "pending": pending,
            "documents_by_outcome": by_outcome,
            "applications_by_outcome": apps_by_outcome,
            "applications_without_documents": len(empty),
        },
        "this_run": {
            "processed": len(processed),
            "skipped": max(0, done - len(processed)),
            "seconds": round(seconds, 3),
            "pages": run_pages,
            "documents_per_second": round(len(processed) / seconds, 3) if seconds > 0 else None,
            "pages_per_second": round(run_pages / seconds, 3) if seconds > 0 else None,
            "document_seconds_median": round(statistics.median(doc_secs), 3) if doc_secs else None,
            "document_seconds_max": round(max(doc_secs), 3) if doc_secs else None,
        },
        "needs_review": review,
        "failed": failed,
        "refused": refused,
        "applications_without_documents": empty,
        "applications": apps_out,
        **({"overview": overview} if overview else {}),
    }


CSV_COLUMNS = [
    ("candidate", "kandidatnummer (candidate)"),
    ("document", "dokument (document)"),
    ("outcome", "resultat (outcome)"),
    ("output", "fil (file)"),
    ("pages", "sider (pages)"),
    ("reasons", "årsager (reasons)"),
    ("error_code", "fejlkode (error code)"),
    ("seconds", "sekunder (seconds)"),
]


def summary_csv(summary: dict[str, Any]) -> str:
    """One row per document (UTF-8 with BOM when written, so spreadsheet programs read æøå)."""
    buf = io.StringIO()
    columns = list(CSV_COLUMNS)
    with_source = any("source" in d for a in summary["applications"] for d in a["documents"])
    if with_source:
        columns.append(("source", "input (input)"))
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([label for _k, label in columns])
    for app in summary["applications"]:
        if not app["documents"]:
            writer.writerow([app["candidate"], "", "empty", "", "", LABELS["empty"], "", ""]
                            + ([""] if with_source else []))
        for d in app["documents"]:
            row = {**d, "candidate": app["candidate"], "reasons": "; ".join(d["reasons"])}
            writer.writerow([_cell(row.get(k)) for k, _label in columns])
    return buf.getvalue()


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    # keep spreadsheet programs from running a cell as a formula
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def summary_html(summary: dict[str, Any]) -> str:
    """A self-contained, escaped HTML page: Danish labels first, English in parentheses."""
    e = html.escape
    t = summary["totals"]
    r = summary["this_run"]
    rows = "".join(
        f"<tr><td>{e(LABELS[k])}</td><td class=n>{t['documents_by_outcome'].get(k, 0)}</td></tr>" for k in OUTCOMES)
    if t.get("pending"):
        rows += f"<tr><td>{e(LABELS['pending'])}</td><td class=n>{t['pending']}</td></tr>"

    def doc_list(items: list[dict[str, Any]], title: str, intro: str) -> str:
        if not items:
            return ""
        lis = "".join(
            f"<tr><td>{e(str(i['candidate']))}</td><td class=n>{e(str(i['document']))}</td>"
            f"<td>{e('; '.join(i['reasons']))}</td><td>{e(i.get('error_code') or '')}</td></tr>" for i in items)
        return (f"<h2>{e(title)}</h2><p>{e(intro)}</p><table><tr><th>Kandidatnummer (candidate)</th>"
                f"<th>Dokument (document)</th><th>Årsag (reason)</th><th>Kode (code)</th></tr>{lis}</table>")

    apps = []
    for a in summary["applications"]:
        docs = []
        for d in a["documents"]:
            link = (f"<a href=\"{e(a['candidate'])}/{e(d['output'])}\">{e(d['output'])}</a>"
                    if d.get("output") else "—")
            docs.append(f"{e(str(d['document']))}: {e(LABELS.get(d['outcome'], d['outcome']))} ({link})")
        apps.append(f"<tr class=\"{e(a['outcome'])}\"><td>{e(a['candidate'])}</td>"
                    f"<td>{e(LABELS.get(a['outcome'], a['outcome']))}</td><td>{'<br>'.join(docs) or '—'}</td></tr>")
    empty = ""
    if summary["applications_without_documents"]:
        nums = ", ".join(e(n) for n in summary["applications_without_documents"])
        empty = (f"<h2>Ansøgninger uden dokumenter (applications without documents)</h2>"
                 f"<p>{nums}</p>")
    overview = _overview_html(summary.get("overview"))
    rate = r.get("documents_per_second")
    prate = r.get("pages_per_second")
    status = {"complete": "færdig (complete)", "running": "i gang (running)",
              "interrupted": "afbrudt (interrupted)",
              "stopped": "stoppet af en fejl (stopped by an error)"}.get(summary["status"], summary["status"])
    stopped = ""
    if summary["status"] == "stopped":
        err = summary.get("error") or {}
        detail = f" [{e(err.get('code', ''))}] {e(err.get('message', ''))}" if err else ""
        stopped = ("<p class=\"stopped\"><strong>Kørslen stoppede, før alle dokumenter var behandlet; intet "
                   "ubehandlet dokument er udleveret. (The run stopped before every document was processed; "
                   f"no unprocessed document was released.)</strong>{detail}</p>\n")
    return f"""<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>Redactor: oversigt (summary)</title>
<style>
body{{font-family:system-ui,sans-serif;margin:2em;max-width:70em}} table{{border-collapse:collapse;margin:1em 0}}
td,th{{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}} td.n{{text-align:right}}
tr.failed,tr.refused,tr.empty{{background:#fde2e2}} tr.needs_review{{background:#fff4d6}}
</style></head><body>
<h1>Anonymisering: oversigt (anonymisation summary)</h1>
<p>Status: {e(status)}. Genereret (generated): {e(summary['generated'])}. Version {e(summary['version'])}.</p>
{stopped}<h2>Overblik (overview)</h2>
<p>{t['applications']} ansøgninger (applications), {t['documents']} dokumenter (documents),
{t['pages']} sider (pages).</p>
<table><tr><th>Resultat (outcome)</th><th>Dokumenter (documents)</th></tr>{rows}</table>
{doc_list(summary['needs_review'], 'Skal gennemses (needs review)',
          'Dokumenterne er anonymiseret, men en person skal se dem igennem før udlevering. '
          '(Anonymised, but a person must check them before they are handed over.)')}
{doc_list(summary['refused'], 'Afviste filer (refused files)',
          'Filtypen kan ikke anonymiseres; filen er ikke med i udleveringen. '
          '(The file type cannot be anonymised; the file is not in the output.)')}
{doc_list(summary['failed'], 'Fejlede dokumenter (failed documents)',
          'Dokumentet kunne ikke behandles og er ikke med i udleveringen. '
          '(The document could not be processed and is not in the output.)')}
{empty}
{overview}
<h2>Tider (timings)</h2>
<p>Denne kørsel (this run): {r['processed']} dokumenter behandlet (processed), {r['skipped']} allerede færdige
(already done), {r['seconds']} s{f', {rate} dokumenter/s (documents/s)' if rate else ''}{
f', {prate} sider/s (pages/s)' if prate else ''}.</p>
<h2>Alle ansøgninger (all applications)</h2>
<table><tr><th>Kandidatnummer (candidate)</th><th>Resultat (outcome)</th><th>Dokumenter (documents)</th></tr>
{''.join(apps)}</table>
</body></html>
"""


def _overview_html(overview: dict[str, Any] | None) -> str:
    """The candidate overview's section: files, counts, rows needing review, notes (no personal data)."""
    if not overview:
        return ""
    e = html.escape
    head = "<h2>Kandidatoversigt fra ansøgningsskemaet (candidate overview from the application form)</h2>"
    if overview.get("error_code"):
        return (f"{head}<p>Oversigten er ikke skrevet (the overview was not written): "
                f"[{e(str(overview['error_code']))}] {e(str(overview.get('error', '')))}</p>")
    c = overview.get("counts", {})
    files = ", ".join(f"<a href=\"{e(f)}\">{e(f)}</a>" for f in overview.get("files", []))
    rows = "".join(f"<tr><td>{e(str(i['candidate']))}</td><td>{e('; '.join(i['reasons']))}</td></tr>"
                   for i in overview.get("needs_review", []))
    table = (f"<table><tr><th>Kandidatnummer (candidate)</th><th>Årsag (reason)</th></tr>{rows}</table>"
             if rows else "")
    notes = "".join(f"<li>{e(n)}</li>" for n in overview.get("notes", []))
    return (f"{head}<p>{files}: {overview.get('rows', 0)} rækker (rows), {c.get('clean', 0)} "
            f"{e(LABELS['clean'])}, {c.get('needs_review', 0)} {e(LABELS['needs_review'])}.</p>{table}"
            + (f"<ul>{notes}</ul>" if notes else ""))


def write_summaries(outbox: Path, summary: dict[str, Any]) -> None:
    """Write summary.json, summary.csv and summary.html atomically into OUTBOX."""
    write_json(outbox / "summary.json", summary)
    write_atomic(outbox / "summary.csv", ("\ufeff" + summary_csv(summary)).encode("utf-8"))
    write_atomic(outbox / "summary.html", summary_html(summary).encode("utf-8"))
