"""The Pipeline: loads models once and runs extract -> detect -> decide -> redact -> render -> verify."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from redactor.config import Config, load_config
from redactor.decide import decide
from redactor.detect.engine import Detector, detect_language, term_findings
from redactor.errors import LimitExceededError, ProcessingError, RedactorError, UnsupportedFormatError
from redactor.formats import sniff
from redactor.models import find_models
from redactor.types import (
    Action,
    Applicant,
    BBox,
    Decision,
    Document,
    DocumentResult,
    Finding,
    ImageDecision,
    Outcome,
    ReviewDecisions,
    TextUnit,
    VerifyReport,
    finding_key,
)
from redactor.verify.residual import DOCUMENT_REASON, ResidualChecker

log = logging.getLogger("redactor")

Source = str | Path | bytes

#: Reasons :meth:`Pipeline.render_pdf_view` adds (English; the review page shows them in Danish).
PDF_VIEW_FAILED = "the PDF view could not be made"
PDF_VIEW_LEAK = "verification found personal data left in the PDF view"


class Pipeline:
    """A reusable redaction pipeline. Create once, call :meth:`redact` per document.

    Args:
        config: a Config (see :func:`redactor.load_config`); defaults when None.
        models_dir: the models folder (NER, name gazetteer, gazetteers, face detector); wins over
            ``config.models_dir``. When both are None, :func:`redactor.models.find_models` looks at
            ``REDACTOR_MODELS``, the installed package's models and the checkout's ``models/``.
    Raises:
        ModelsMissingError: a model file is missing (``R402``, names the file and where it looked).
    """

    def __init__(self, config: Config | None = None, *, models_dir: str | Path | None = None) -> None:
        t0 = time.perf_counter()
        self.config = config if config is not None else load_config()
        chosen = models_dir if models_dir is not None else self.config.models_dir
        self.models_dir = find_models(chosen)  # every piece checked now, not at the first photo
        self.detector = Detector(self.config, self.models_dir)
        self._images: _ImagePolicy | None = None
        self._residual: ResidualChecker | None = None
        self.load_seconds = time.perf_counter() - t0

    # ------------------------------------------------------------------ public

    def redact(
        self,
        source: Source,
        *,
        applicant: Applicant | None = None,
        filename: str | None = None,
        review: ReviewDecisions | None = None,
    ) -> DocumentResult:
        """Redact one document.

        Args:
            source: a path or the file's bytes. The original is never modified.
            applicant: what the application form knows; the strongest detection signal.
            filename: the original file name when ``source`` is bytes (file names can name the applicant).
            review: a reviewer's decisions (restored false positives, added boxes and terms, approval),
                applied on top of detection; used by the review page to re-render from the original.
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
            result = self._run(data, name, applicant, timings, review or ReviewDecisions())
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
        finally:
            self._forget_document()
        timings["total"] = round(time.perf_counter() - t_start, 4)
        return _replace(result, timings={**result.timings, **timings}, input_sha256=digest)

    def render_pdf_view(self, result: DocumentResult, *, applicant: Applicant | None = None) -> DocumentResult:
        """Add a PDF rendering of a DOCX output, for a committee that reads every application as PDF.

        LibreOffice renders the redacted DOCX (never the original); the channels beside the page content are
        stripped as for every PDF output, and the same verifier as for any PDF output checks it (the
        decisions' values searched for, detection run again on its text, metadata and links). A PDF that
        fails verification is kept for the reviewer and makes the document ``needs_review``; when no PDF
        can be made (LibreOffice missing, a timeout, a conversion error) the document is ``needs_review``
        too, with the reason, and ``pdf_view`` stays None. Never raises for those. Results that failed, or
        whose output is already a PDF, are returned unchanged.

        Args:
            result: what :meth:`redact` returned for the document.
            applicant: the same form data given to :meth:`redact` (verification uses it).
        Returns:
            The result with ``pdf_view`` and ``pdf_view_verification`` set and, on a problem, the reason added.
        """
        if result.outcome is Outcome.FAILED or result.output is None or result.output_format != "docx":
            return result
        from redactor.convert import conversion_timeout, docx_to_pdf
        from redactor.redact.pdf import clean_pdf
        from redactor.types import VerifyIssue

        t = time.perf_counter()
        pdf: bytes | None = None
        try:
            rendered = docx_to_pdf(result.output, timeout=conversion_timeout(self.config.limits.max_seconds))
            pdf = clean_pdf(rendered)  # the export's open action, metadata, tags and links go, as for any PDF
            report = self._verify(pdf, "pdf", list(result.decisions), applicant, result.language or "da")
        except RedactorError as exc:
            log.info("no PDF view: %s", exc.code)
            report = VerifyReport(False, (VerifyIssue("pdf_view", f"[{exc.code}] {exc.message}"),))
        except Exception as exc:  # an unchecked rendering is never released as clean
            log.warning("unexpected %s while making the PDF view", type(exc).__name__)
            report = VerifyReport(False, (VerifyIssue("pdf_view", f"internal error ({type(exc).__name__})"),))
        finally:
            self._forget_document()
        reasons = list(result.reasons)
        if pdf is None:
            reasons.append(PDF_VIEW_FAILED)
        elif not report.passed:
            reasons.append(PDF_VIEW_LEAK)
        outcome = Outcome.NEEDS_REVIEW if reasons else result.outcome
        timings = {**result.timings, "pdf_view": round(time.perf_counter() - t, 4)}
        return _replace(result, outcome=outcome, reasons=tuple(dict.fromkeys(reasons)), pdf_view=pdf,
                        pdf_view_verification=report, timings=timings)

    def _forget_document(self) -> None:
        clear = getattr(getattr(self.detector, "names", None), "clear_cache", None)
        if clear is not None:
            clear()  # no document text outlives its document

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
             timings: dict[str, float], review: ReviewDecisions) -> DocumentResult:
        cfg = self.config
        kind = sniff(data)
        t = time.perf_counter()
        if kind.kind == "image":
            from redactor.redact.raster import image_to_pdf

            data = image_to_pdf(data, max_pixels=cfg.limits.max_image_pixels)
        if kind.kind in ("pdf", "image"):
            from redactor.extract.pdf import extract_pdf

            document = extract_pdf(data, cfg, filename=name)
            if kind.kind == "image":
                document = _replace(document, format="pdf", images=(),
                                    needs_ocr_pages=tuple(range(document.page_count)))
        elif kind.kind in ("docx", "odt", "rtf", "doc", "txt"):
            if kind.kind != "docx":
                from redactor.convert import conversion_timeout, to_docx

                # never passed through; stopped well before the worker's deadline
                data = to_docx(data, kind.kind, timeout=conversion_timeout(cfg.limits.max_seconds))
            document = self._extract_docx(data, name)
        else:
            raise UnsupportedFormatError(f"{kind.kind.upper()} input is not supported")
        timings["extract"] = round(time.perf_counter() - t, 4)

        reasons: list[str] = list(document.warnings)
        ocr_pages: tuple[int, ...] = ()
        if document.needs_ocr_pages:
            t = time.perf_counter()
            document, ocr_pages, why = self._ocr(data, document)
            timings["ocr"] = round(time.perf_counter() - t, 4)
            if why:
                reasons.append(why)

        lang = cfg.language if cfg.language != "auto" else detect_language(document.units)
        t = time.perf_counter()
        findings = self.detector.detect(document.units, applicant, lang=lang)
        if review.terms:
            findings.extend(term_findings(document.units, review.terms, source="reviewer"))
        timings["detect"] = round(time.perf_counter() - t, 4)
        decisions = decide(findings, cfg)
        restored_texts: set[str] = set()
        if review.restored:
            restored_texts = {d.finding.text.casefold() for d in decisions if finding_key(d.finding) in review.restored}
            decisions = [
                Decision(d.finding, Action.KEEP, "restored by reviewer") if finding_key(d.finding) in review.restored
                else d
                for d in decisions
            ]
        if review.approved:
            decisions = [Decision(d.finding, Action.REDACT, "accepted by reviewer") if d.action is Action.REVIEW else d
                         for d in decisions]

        t = time.perf_counter()
        image_decisions = self._decide_images(data, document, lang) if document.images else []
        timings["images"] = round(time.perf_counter() - t, 4)
        areas: list = []
        if review.areas:
            from redactor.redact.pdf import AreaRedaction

            label = cfg.label_for("OTHER", lang)
            areas.extend(AreaRedaction(pno, box, label) for pno, box in review.areas)
        # a scan is one image covering the page: look for faces inside it instead of removing the page. A scan
        # that came with a text layer (OCR by the scanner, or text drawn over a full-page background) is the same:
        # the redaction boxes of its text blank the pixels beneath, and its pixels are read again by OCR in
        # verification (a text layer that does not match what the page shows must not pass as clean)
        scans = [i for i in image_decisions if i.page is not None and _covers_page(document, i)]
        layered = tuple(sorted({i.page for i in scans if i.page is not None} - set(document.needs_ocr_pages)))
        scan_pages = tuple(sorted(set(document.needs_ocr_pages) | set(layered)))
        if scan_pages:
            image_decisions = [i for i in image_decisions if i not in scans]
            face_areas, face_records = self._faces_on_pages(data, scan_pages, lang)
            areas.extend(face_areas)
            image_decisions.extend(face_records)

        t = time.perf_counter()
        output, out_fmt = self._render(data, document, decisions, image_decisions, lang, areas)
        if ocr_pages:
            output = self._rasterize(output, document, decisions, ocr_pages, lang)
        timings["redact"] = round(time.perf_counter() - t, 4)

        t = time.perf_counter()
        try:
            verify_ocr = tuple(sorted(set(ocr_pages) | set(layered))) if out_fmt == "pdf" else ocr_pages
            verification = self._verify(output, out_fmt, decisions, applicant, lang, verify_ocr, restored_texts)
        except Exception as exc:  # an output that cannot be checked is never clean
            from redactor.types import VerifyIssue

            issue = VerifyIssue("extractor", f"verification failed ({type(exc).__name__})")
            verification = VerifyReport(False, (issue,))
        timings["verify"] = round(time.perf_counter() - t, 4)

        if review.approved:
            reasons = []  # the reviewer settled the flags; verification below still counts
            image_decisions = [ImageDecision(i.image_id, i.page, i.bbox, Action.REDACT, i.reason)
                               if i.action is Action.REVIEW else i for i in image_decisions]
        if any(d.action is Action.REVIEW for d in decisions):
            reasons.append("some findings have low confidence")
        if any(i.action is Action.REVIEW for i in image_decisions):
            reasons.append("an image may show a person")
        if scan_pages and not review.approved:
            reasons.append(SCAN_REASON)
        if not verification.passed:
            reasons.append("verification found personal data left in the output")
        if verification.risks and not review.approved:
            reasons.append(DOCUMENT_REASON)  # each risk is a flag with its place; a reviewer settles them
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
            boxes=_decision_boxes(document, decisions),
        )

    def _extract_docx(self, data: bytes, name: str | None) -> Document:
        try:
            from redactor.extract.docx import extract_docx
        except ImportError:
            raise UnsupportedFormatError("DOCX input is not supported in this build") from None
        return extract_docx(data, self.config, filename=name)

    def _decide_images(self, data: bytes, document: Document, lang: str) -> list[ImageDecision]:
        if self._images is None:
            self._images = _ImagePolicy(self.config, self.models_dir)
        return self._images.decide(data, document, lambda units: self.detector.detect(units, None, lang=lang))

    def _faces_on_pages(self, data: bytes, pages: tuple[int, ...], lang: str) -> tuple[list, list[ImageDecision]]:
        """Faces and photo-shaped areas on scanned pages, as areas to remove (in PDF points).

        A photo area around a detected face is removed whole (hair, headscarf and clothes are cues too); one
        without a detected face is removed and flagged for review (it may hide a face the detector missed).
        """
        from redactor.extract.ocr import render_pages
        from redactor.imagetext import photo_regions
        from redactor.redact.pdf import AreaRedaction
        from redactor.types import BBox

        if self._images is None:
            self._images = _ImagePolicy(self.config, self.models_dir)
        dpi = 100
        scale = 72.0 / dpi
        label = self.config.label_for("PHOTO", lang)
        areas = []
        records = []
        for pno, image in render_pages(data, pages, dpi=dpi).items():
            faces = self._images.faces.detect(image)
            for n, face in enumerate(faces):
                pad_w, pad_h = face.w * 0.25, face.h * 0.35
                box = BBox((face.x - pad_w) * scale, (face.y - pad_h) * scale,
                           (face.x + face.w + pad_w) * scale, (face.y + face.h + pad_h) * scale)
                areas.append(AreaRedaction(pno, box, label))
                records.append(ImageDecision(f"p{pno}.face{n}", pno, box, Action.REDACT, "face"))
            for n, (x0, y0, x1, y1) in enumerate(photo_regions(image, dpi=dpi)):
                with_face = any(x0 < f.x + f.w and f.x < x1 and y0 < f.y + f.h and f.y < y1 for f in faces)
                box = BBox(x0 * scale, y0 * scale, x1 * scale, y1 * scale)
                areas.append(AreaRedaction(pno, box, label))
                records.append(ImageDecision(f"p{pno}.photo{n}", pno, box,
                                             Action.REDACT if with_face else Action.REVIEW,
                                             "face" if with_face else "photo_like"))
        return areas, records

    def _render(self, data: bytes, document: Document, decisions: list[Decision],
                images: list[ImageDecision], lang: str, areas: list | None = None) -> tuple[bytes, str]:
        cfg = self.config
        if document.format == "pdf":
            from redactor.redact.pdf import ImageRemoval, redact_pdf

            by_id = {im.id: im for im in document.images}
            removals = [ImageRemoval(by_id[i.image_id], cfg.label_for("PHOTO", lang))
                        for i in images if i.action is not Action.KEEP and i.image_id in by_id]
            return redact_pdf(data, document, decisions, cfg, lang=lang, images=removals, areas=areas or ()), "pdf"
        from redactor.redact.docx import redact_docx

        removals_ids = {i.image_id for i in images if i.action is not Action.KEEP}
        return redact_docx(data, document, decisions, cfg, lang=lang, remove_images=removals_ids), "docx"

    def _ocr(self, data: bytes, document: Document) -> tuple[Document, tuple[int, ...], str]:
        """OCR the pages without a usable text layer; returns the document with "ocr" units added."""
        cfg = self.config
        pages = ", ".join(str(p + 1) for p in document.needs_ocr_pages)
        if not cfg.ocr.enabled:
            return document, (), f"page(s) {pages} have no usable text layer and OCR is switched off"
        from redactor.imaging.ocr import ocr_available

        langs = tuple(cfg.ocr.languages.split("+"))
        ok, why = ocr_available(langs)
        if not ok:
            return document, (), f"page(s) {pages} have no usable text layer and OCR is not available ({why})"
        from redactor.extract.ocr import ocr_units

        units = ocr_units(data, document.needs_ocr_pages, cfg, langs=langs)
        document = _replace(document, units=document.units + tuple(units))
        return document, document.needs_ocr_pages, ""

    def _rasterize(self, output: bytes, document: Document, decisions: list[Decision],
                   pages: tuple[int, ...], lang: str) -> bytes:
        from redactor.redact.raster import rasterize_pages

        removed: dict[str, list[tuple[int, int]]] = {}
        for d in decisions:
            if d.action is not Action.KEEP:
                removed.setdefault(d.finding.unit_id, []).append((d.finding.start, d.finding.end))
        layers: dict[int, list] = {p: [] for p in pages}
        for unit in document.units:
            if unit.kind != "ocr" or unit.page not in layers:
                continue
            spans = removed.get(unit.id, [])
            for w in unit.words:
                if w.bbox is None or any(w.start < e and s < w.end for s, e in spans):
                    continue
                layers[unit.page].append((unit.text[w.start:w.end], w.bbox))
        return rasterize_pages(output, layers, dpi=min(self.config.ocr.dpi, 200))

    def _verify(self, output: bytes, fmt: str, decisions: list[Decision], applicant: Applicant | None,
                lang: str, ocr_pages: tuple[int, ...] = (), restored: set[str] | None = None) -> VerifyReport:
        from redactor.verify import verify_docx, verify_pdf

        cfg = self.config

        def detect(units: Sequence[TextUnit]) -> list[Finding]:
            found = self.detector.detect(units, applicant, lang=lang, label_pairs=False)
            if restored:  # what a reviewer restored is not a new finding
                found = [f for f in found if f.text.casefold() not in restored]
            return found

        labels = [v for table in cfg.labels.values() for v in table.values()]
        if fmt == "pdf":
            ocr_fn = None
            if ocr_pages:
                from redactor.imaging.ocr import ocr_words

                langs = tuple(cfg.ocr.languages.split("+"))

                def ocr_fn(image: object) -> list:  # type: ignore[type-arg]
                    return ocr_words(image, langs=langs, timeout=cfg.ocr.timeout_s)  # type: ignore[arg-type]

            return verify_pdf(output, decisions, detect=detect, labels=labels, threshold=cfg.redact_threshold,
                              use_pdftotext=cfg.pdftotext_check, ocr_pages=ocr_pages, ocr_words=ocr_fn,
                              ocr_dpi=cfg.ocr.dpi, residual=self._residual_checker(), applicant=applicant)
        return verify_docx(output, decisions, detect=detect, labels=labels, threshold=cfg.redact_threshold,
                           residual=self._residual_checker(), applicant=applicant)

    def _residual_checker(self) -> ResidualChecker | None:
        """The residual-risk check (None when switched off), made on first use."""
        if not self.config.residual_check:
            return None
        if getattr(self, "_residual", None) is None:
            self._residual = ResidualChecker(getattr(self, "models_dir", None),
                                             disabled=self.config.residual_signals_off)
        return self._residual


# OCR misses text on photographed pages (small print, a coloured band, a skewed corner) and reads the result
# with the same eyes: a person looks at every scanned page before it goes to the committee
SCAN_REASON = "a scanned page: OCR may have missed text in the picture"
# an image drawn smaller than this on the page (about 5 mm) cannot show a recognisable person (icons, logo dots)
TINY_IMAGE_POINTS = 14.0


class _ImagePolicy:
    """Face detection and the image policy, loaded on first use."""

    def __init__(self, config: Config, models_dir: Path | None = None) -> None:
        from redactor.imaging.faces import FaceDetector

        self.config = config
        self.faces = FaceDetector(models_dir)

    def decide(self, data: bytes, document: Document,
               detect: Callable[[Sequence[TextUnit]], list[Finding]] | None = None) -> list[ImageDecision]:
        """Classify every image; kept images large enough to hold text are read and checked with ``detect``.

        Images on pages that are OCRed as a whole are not read again (the page's text covers them).
        """
        from redactor.extract.images import load_images
        from redactor.imagetext import can_hold_text, check_image_text
        from redactor.imaging.policy import classify_image

        out: list[ImageDecision] = []
        readable: list[str] = []
        pictures = load_images(data, document, self.config)
        for info in document.images:
            in_area = self.config.remove_images_in_personal_area and _in_personal_area(document, info)
            image = pictures.get(info.id)
            if image is None:
                # unreadable image data: remove it; a human checks unless it is drawn too small to show a person
                tiny = info.bbox is not None and max(info.bbox.width, info.bbox.height) < TINY_IMAGE_POINTS
                out.append(ImageDecision(info.id, info.page, info.bbox, Action.REDACT if tiny else Action.REVIEW,
                                         "unreadable"))
                continue
            verdict = classify_image(image, detector=self.faces, in_personal_area=in_area)
            if verdict.remove:
                action = Action.REVIEW if verdict.review else Action.REDACT
            else:
                action = Action.REVIEW if verdict.review else Action.KEEP
            out.append(ImageDecision(info.id, info.page, info.bbox, action, verdict.reason))
            size = (info.width, info.height) if info.width > 0 and info.height > 0 else image.size
            if action is Action.KEEP and info.page not in document.needs_ocr_pages and can_hold_text(*size):
                readable.append(info.id)
        if readable and detect is not None:
            changed = check_image_text({i: pictures[i] for i in readable}, config=self.config, detect=detect,
                                       context=document.units)
            out = [ImageDecision(i.image_id, i.page, i.bbox, *changed[i.image_id]) if i.image_id in changed else i
                   for i in out]
        return out


# this many words drawn on top of an image make it a background (a sidebar, a card, a banner), not a photo
BACKGROUND_MIN_WORDS = 8


def _in_personal_area(document: Document, info) -> bool:  # type: ignore[no-untyped-def]
    """The top third of the first page, where CVs put the photo beside the name.

    An image with text drawn over it (a sidebar's or a card's background) is not the photo beside the name: it
    is judged by its pixels like any other image (a face in it is still removed).
    """
    if info.personal_area:
        return True
    if info.page != 0 or info.bbox is None or not document.page_sizes:
        return False
    _w, h = document.page_sizes[0]
    return info.bbox.y0 < h / 3 and _words_on(document, info.bbox) < BACKGROUND_MIN_WORDS


def _words_on(document: Document, box: BBox) -> int:
    """How many words of page 1's text layer lie inside ``box`` (their centre does)."""
    n = 0
    for unit in document.units:
        if unit.page != 0 or unit.kind == "ocr":
            continue
        for w in unit.words:
            b = w.bbox
            if b is not None and box.x0 <= (b.x0 + b.x1) / 2 <= box.x1 and box.y0 <= (b.y0 + b.y1) / 2 <= box.y1:
                n += 1
                if n >= BACKGROUND_MIN_WORDS:
                    return n
    return n


def _decision_boxes(document: Document, decisions: Sequence[Decision]) -> tuple[tuple[tuple[int, BBox], ...], ...]:
    """For each decision, the page boxes of the words it covers (empty for non-page channels)."""
    units = {u.id: u for u in document.units}
    out = []
    for d in decisions:
        unit = units.get(d.finding.unit_id)
        boxes: list[tuple[int, BBox]] = []
        if unit is not None and unit.page is not None:
            per_line: dict[int, BBox] = {}
            for w in unit.words:
                if w.bbox is not None and w.start < d.finding.end and d.finding.start < w.end:
                    per_line[w.line] = per_line[w.line].union(w.bbox) if w.line in per_line else w.bbox
            boxes = [(unit.page, b) for b in per_line.values()]
        out.append(tuple(boxes))
    return tuple(out)


def _covers_page(document: Document, image: ImageDecision) -> bool:
    """An image filling most of its page is the scan itself."""
    if image.bbox is None or image.page is None or image.page >= len(document.page_sizes):
        return False
    w, h = document.page_sizes[image.page]
    return image.bbox.width * image.bbox.height >= 0.6 * w * h


def _replace(obj, **changes):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    return replace(obj, **changes)
