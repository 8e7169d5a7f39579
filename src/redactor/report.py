"""Serialise a DocumentResult to the report JSON (no raw personal data unless asked for)."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

from redactor import __version__
from redactor.types import DocumentResult, VerifyReport

REPORT_SCHEMA = 1


def _page_of(unit_id: str) -> int | None:
    if unit_id.startswith("p") and "." in unit_id:
        head = unit_id[1:].split(".", 1)[0]
        if head.isdigit():
            return int(head)
    return None


def result_to_report(
    result: DocumentResult,
    *,
    output_name: str | None = None,
    include_text: bool = False,
    digest_key: bytes | None = None,
) -> dict[str, Any]:
    """The report as a JSON-ready dict.

    Args:
        result: the pipeline's result.
        output_name: the output file's name (never the input's name).
        include_text: include each finding's raw text (personal data!) for local debugging.
        digest_key: keys the findings' digests (HMAC-SHA256), so that equal values can be told apart or
            matched within the reports made with the same key, but nobody can test a guessed name against
            them. A fresh random key per report when None.
    """
    key = digest_key if digest_key is not None else secrets.token_bytes(16)
    findings = []
    for i, d in enumerate(result.decisions):
        f = d.finding
        item: dict[str, Any] = {
            "category": str(f.category),
            "action": str(d.action),
            "reason": d.reason,
            "score": round(f.score, 3),
            "source": f.source,
            "unit": f.unit_id,
            "page": _page_of(f.unit_id),
            "start": f.start,
            "end": f.end,
            "digest": hmac.new(key, f.text.encode("utf-8"), hashlib.sha256).hexdigest()[:12],
        }
        if i < len(result.boxes) and result.boxes[i]:
            item["boxes"] = [[page, *box.as_list()] for page, box in result.boxes[i]]
        item["key"] = f"{f.unit_id}:{f.start}:{f.end}"
        if include_text:
            item["text"] = f.text
        findings.append(item)
    images = [
        {
            "image": im.image_id,
            "page": im.page,
            "box": im.bbox.as_list() if im.bbox else None,
            "action": str(im.action),
            "reason": im.reason,
        }
        for im in result.images
    ]
    verification = _verification(result.verification)
    counts: dict[str, int] = {}
    for d in result.decisions:
        if str(d.action) != "keep":
            counts[str(d.finding.category)] = counts.get(str(d.finding.category), 0) + 1
    return {
        "schema": REPORT_SCHEMA,
        "tool": "redactor",
        "version": __version__,
        "outcome": str(result.outcome),
        "reasons": list(result.reasons),
        "error": {"code": result.error_code, "message": result.error} if result.error_code else None,
        "output": output_name,
        "input_format": result.input_format,
        "output_format": result.output_format,
        "input_sha256": result.input_sha256,
        "page_count": result.page_count,
        "language": result.language,
        "counts": counts,
        "findings": findings,
        "images": images,
        "verification": verification,
        "timings": result.timings,
    } | ({"pdf_view_verification": _verification(result.pdf_view_verification)}
         if result.pdf_view_verification is not None else {})


def _verification(report: VerifyReport | None) -> dict[str, Any] | None:
    if report is None:
        return None
    return {
        "passed": report.passed,
        "checks": list(report.checks),
        "issues": [{"kind": i.kind, "detail": i.detail, "category": i.category, "page": i.page,
                    "box": i.bbox.as_list() if i.bbox else None}
                   for i in report.issues],
    }


def write_atomic(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    """Write a file so that readers see either nothing or the whole of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).chmod(mode)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_json(path: Path, obj: Any, *, mode: int = 0o644) -> None:
    write_atomic(path, (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8"), mode=mode)
