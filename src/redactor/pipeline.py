"""The Pipeline: loads models once and runs extract -> detect -> decide -> redact -> render -> verify."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Sequence
from pathlib import Path

from redactor.config import Config, load_config
from redactor.decide import decide
from redactor.detect.engine import Detector, detect_language
from redactor.errors import LimitExceededError, ProcessingError, RedactorError, UnsupportedFormatError
from redactor.formats import sniff
from redactor.types import (
    Action,
    Applicant,
    Decision,
    Document,
    DocumentResult,
    Finding,
    ImageDecision,
    Outcome,
    TextUnit,
    VerifyReport,
)

log = logging.getLogger("redactor")

Source = str | Path | bytes


class Pipeline:
    """A reusable redaction pipeline. Create once, call :meth:`redact` per document.

    Args:
        config: a Config (see :func:`redactor.load_config`); defaults when None.
        models_dir: where the NER model and gazetteers live; the packaged ``models/`` when None.
    """

    def __init__(self, config: Config | None = None, *, models_dir: Path | None = None) -> None:
        t0 = time.perf_counter()
        self.config = config if config is not None else load_config()
        self.detector = Detector(self.config, models_dir)
        self._images: _ImagePolicy | None = None
        self.load_seconds = time.perf_counter() - t0

    # ------------------------------------------------------------------ public

    def redact(
        self, source: Source, *, applicant: Applicant | None = None, filename: str | None = None
    ) -> DocumentResult:
        """Redact one document.

        Args:
            source: a path or the file's bytes. The original is never modified.
            applicant: what the application form knows; the strongest detection signal.
            filename: the original file name when ``source`` is bytes (file names can name the applicant).
        Returns:
            A DocumentResult. Errors in the input (encrypted, corrupt, unsupported, over a limit) give
            ``outcome == failed`` with ``error_code`` and ``error`` set; they are not raised.
        """
        timings: dict[str, float] = {}
        t_start = time.perf_counter()
        digest = ""
        try:
            data, name = self._read(source, filename)
            digest = hashlib.sha256(data).hexdigest()
            result = self._run(data, name, applicant, timings)
        except RedactorError as exc:
            log.info("document failed: %s", exc.code)
            result = DocumentResult(Outcome.FAILED, error_code=exc.code, error=exc.message,
                                    reasons=(exc.message,))
        except MemoryError:
            result = DocumentResult(Outcome.FAILED, error_code=LimitExceededError.code,
                                    error="the document needs more memory than allowed",
                                    reasons=("out of memory",))
        except Exception as exc:  # fail closed: an unexpected error never releases a document
            log.warning("unexpected %s while processing a document", type(exc).__name__)
            err = ProcessingError(f"internal error ({type(exc).__name__})")
            result = DocumentResult(Outcome.FAILED, error_code=err.code, error=err.message, reasons=(err.message,))
        timings["total"] = round(time.perf_counter() - t_start, 4)
        return _replace(result, timings={**result.timings, **timings}, input_sha256=digest)

    def detect_units(self, units: Sequence[TextUnit], applicant: Applicant | None, lang: str) -> list[Finding]:
        """Run detection alone (used by verification and the review page)."""
        return self.detector.detect(units, applicant, lang=lang)

    # ------------------------------------------------------------------ stages

    def _read(self, source: Source, filename: str | None) -> tuple[bytes, str | None]:
        limit = int(self.config.limits.max_file_mb * 1024 * 1024)
        if isinstance(source, bytes | bytearray | memoryview):
            data = bytes(source)
            name = filename
        else:
            path = Path(source)
            try:
                size = path.stat().st_size
            except OSError:
                raise UnsupportedFormatError("the file cannot be read") from None
            if size > limit:
                raise LimitExceededError(f"the file is {size / 1e6:.1f} MB; the limit is "
                                         f"{self.config.limits.max_file_mb:g} MB")
            data = path.read_bytes()
            name = filename or path.name
        if len(data) > limit:
            raise LimitExceededError(f"the file is {len(data) / 1e6:.1f} MB; the limit is "
                                     f"{self.config.limits.max_file_mb:g} MB")
        return data, name

    def _run(self, data: bytes, name: str | None, applicant: Applicant | None,
             timings: dict[str, float]) -> DocumentResult:
        cfg = self.config
        kind = sniff(data)
        t = time.perf_counter()
        if kind.kind == "pdf":
            from redactor.extract.pdf import extract_pdf

            document = extract_pdf(data, cfg, filename=name)
        elif kind.kind == "docx":
            document = self._extract_docx(data, name)
        else:
            raise UnsupportedFormatError(
                f"{kind.kind.upper()} input is not supported yet; convert it to PDF or DOCX first"
            )
        timings["extract"] = round(time.perf_counter() - t, 4)

        lang = cfg.language if cfg.language != "auto" else detect_language(document.units)
        t = time.perf_counter()
        findings = self.detector.detect(document.units, applicant, lang=lang)
        timings["detect"] = round(time.perf_counter() - t, 4)
        decisions = decide(findings, cfg)
        reasons: list[str] = list(document.warnings)

        t = time.perf_counter()
        image_decisions = self._decide_images(data, document, lang) if document.images else []
        timings["images"] = round(time.perf_counter() - t, 4)
        if document.needs_ocr_pages:
            pages = ", ".join(str(p + 1) for p in document.needs_ocr_pages)
            reasons.append(f"page(s) {pages} have no usable text layer (scanned or broken font); "
                           "text in the image was not checked")

        t = time.perf_counter()
        output, out_fmt = self._render(data, document, decisions, image_decisions, lang)
        timings["redact"] = round(time.perf_counter() - t, 4)

        t = time.perf_counter()
        verification = self._verify(output, out_fmt, decisions, applicant, lang)
        timings["verify"] = round(time.perf_counter() - t, 4)

        if any(d.action is Action.REVIEW for d in decisions):
            reasons.append("some findings have low confidence")
        if any(i.action is Action.REVIEW for i in image_decisions):
            reasons.append("an image may show a person")
        if not verification.passed:
            reasons.append("verification found personal data left in the output")
        outcome = Outcome.NEEDS_REVIEW if reasons else Outcome.CLEAN
        return DocumentResult(
            outcome=outcome,
            output=output,
            output_format=out_fmt,
            input_format=kind.kind,
            page_count=document.page_count,
            language=lang,
            decisions=tuple(decisions),
            images=tuple(image_decisions),
            verification=verification,
            reasons=tuple(dict.fromkeys(reasons)),
        )

    def _extract_docx(self, data: bytes, name: str | None) -> Document:
        try:
            from redactor.extract.docx import extract_docx
        except ImportError:
            raise UnsupportedFormatError("DOCX input is not supported in this build") from None
        return extract_docx(data, self.config, filename=name)

    def _decide_images(self, data: bytes, document: Document, lang: str) -> list[ImageDecision]:
        if self._images is None:
            self._images = _ImagePolicy(self.config)
        return self._images.decide(data, document)

    def _render(self, data: bytes, document: Document, decisions: list[Decision],
                images: list[ImageDecision], lang: str) -> tuple[bytes, str]:
        cfg = self.config
        if document.format == "pdf":
            from redactor.redact.pdf import ImageRemoval, redact_pdf

            by_id = {im.id: im for im in document.images}
            removals = [ImageRemoval(by_id[i.image_id], cfg.label_for("PHOTO", lang))
                        for i in images if i.action is not Action.KEEP and i.image_id in by_id]
            image_filter = self._images.strip if self._images is not None else None
            return redact_pdf(data, document, decisions, cfg, lang=lang, images=removals,
                              image_filter=image_filter), "pdf"
        from redactor.redact.docx import redact_docx

        removals_ids = {i.image_id for i in images if i.action is not Action.KEEP}
        return redact_docx(data, document, decisions, cfg, lang=lang, remove_images=removals_ids), "docx"

    def _verify(self, output: bytes, fmt: str, decisions: list[Decision], applicant: Applicant | None,
                lang: str) -> VerifyReport:
        from redactor.verify import verify_docx, verify_pdf

        cfg = self.config

        def detect(units: Sequence[TextUnit]) -> list[Finding]:
            return self.detector.detect(units, applicant, lang=lang)

        labels = [v for table in cfg.labels.values() for v in table.values()]
        if fmt == "pdf":
            return verify_pdf(output, decisions, detect=detect, labels=labels, threshold=cfg.redact_threshold,
                              use_pdftotext=cfg.pdftotext_check)
        return verify_docx(output, decisions, detect=detect, labels=labels, threshold=cfg.redact_threshold)


class _ImagePolicy:
    """Face detection and the image policy, loaded on first use."""

    def __init__(self, config: Config) -> None:
        from redactor.imaging.faces import FaceDetector

        self.config = config
        self.faces = FaceDetector()

    def strip(self, raw: bytes) -> bytes | None:
        from redactor.imaging.meta import strip_metadata

        try:
            return strip_metadata(raw)[0]
        except Exception:
            return None

    def decide(self, data: bytes, document: Document) -> list[ImageDecision]:
        from redactor.extract.images import load_images
        from redactor.imaging.policy import classify_image

        out: list[ImageDecision] = []
        pictures = load_images(data, document, self.config)
        for info in document.images:
            in_area = self.config.remove_images_in_personal_area and _in_personal_area(document, info)
            image = pictures.get(info.id)
            if image is None:
                # unreadable image data: remove it, a human checks
                out.append(ImageDecision(info.id, info.page, info.bbox, Action.REVIEW, "unreadable"))
                continue
            verdict = classify_image(image, detector=self.faces, in_personal_area=in_area)
            if verdict.remove:
                action = Action.REVIEW if verdict.review else Action.REDACT
            else:
                action = Action.REVIEW if verdict.review else Action.KEEP
            out.append(ImageDecision(info.id, info.page, info.bbox, action, verdict.reason))
        return out


def _in_personal_area(document: Document, info) -> bool:  # type: ignore[no-untyped-def]
    """The top third of the first page, where CVs put the photo beside the name."""
    if info.personal_area:
        return True
    if info.page != 0 or info.bbox is None or not document.page_sizes:
        return False
    _w, h = document.page_sizes[0]
    return info.bbox.y0 < h / 3


def _replace(result: DocumentResult, **changes: object) -> DocumentResult:
    from dataclasses import replace

    return replace(result, **changes)  # type: ignore[arg-type]
