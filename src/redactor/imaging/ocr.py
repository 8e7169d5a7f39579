"""Tesseract OCR: availability check (via pytesseract) and word boxes in image pixel coordinates."""

from __future__ import annotations

import io
import logging
import os
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image

log = logging.getLogger(__name__)

# Images whose short side is below this are upscaled before OCR (Tesseract wants text 20+ px high).
_MIN_SIDE_FOR_OCR = 600


class OcrError(RuntimeError):
    """Tesseract failed or timed out on an image."""


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One recognised word; the box is in pixels of the image given to ``ocr_words``."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    conf: float  # Tesseract's confidence 0..100 (-1 when it gives none)
    line_key: tuple[int, int, int]  # (block, paragraph, line) as numbered by Tesseract


def ocr_available(langs: Sequence[str] = ("dan", "eng")) -> tuple[bool, str]:
    """Whether Tesseract and the language data are usable.

    Returns:
        (True, "tesseract <version>") or (False, a reason a user can act on). Never raises.
    """
    try:
        import pytesseract
    except ImportError:
        return False, "the pytesseract package is not installed"
    try:
        version = pytesseract.get_tesseract_version()
    except pytesseract.TesseractNotFoundError:
        return False, "the tesseract program is not installed or not on PATH (e.g. apt-get install tesseract-ocr)"
    except Exception as exc:
        return False, f"tesseract could not be run ({type(exc).__name__})"
    try:
        have = set(pytesseract.get_languages(config=""))
    except Exception as exc:
        return False, f"tesseract languages could not be listed ({type(exc).__name__})"
    missing = [lang for lang in langs if lang not in have]
    if missing:
        pkgs = " ".join(f"tesseract-ocr-{m}" for m in missing)
        return False, f"tesseract language data missing: {', '.join(missing)} (e.g. apt-get install {pkgs})"
    return True, f"tesseract {version}"


def _prepare(image: Image.Image) -> Image.Image:
    """RGB or grey pixels; transparency composited onto white (transparent text would read as black)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(white, rgba).convert("RGB")
    if image.mode in ("L", "RGB"):
        return image
    if image.mode == "1":
        return image.convert("L")
    return image.convert("RGB")


def _tesseract_cmd() -> str:
    try:
        import pytesseract

        return str(pytesseract.pytesseract.tesseract_cmd)
    except ImportError:
        return "tesseract"


def _parse_tsv(tsv: str, scale: float) -> list[OcrWord]:
    words: list[OcrWord] = []
    rows = tsv.splitlines()
    if not rows:
        return words
    header = rows[0].split("\t")
    col = {name: i for i, name in enumerate(header)}
    needed = ("level", "block_num", "par_num", "line_num", "left", "top", "width", "height", "conf", "text")
    if any(name not in col for name in needed):
        raise OcrError("[OCR005] unexpected tesseract output")
    for row in rows[1:]:
        cells = row.split("\t")
        if len(cells) < len(header) or cells[col["level"]] != "5":
            continue
        text = cells[col["text"]].strip()
        if not text:
            continue
        try:
            conf = float(cells[col["conf"]])
        except ValueError:
            conf = -1.0
        left, top = float(cells[col["left"]]), float(cells[col["top"]])
        width, height = float(cells[col["width"]]), float(cells[col["height"]])
        words.append(
            OcrWord(
                text=text,
                x0=left / scale,
                y0=top / scale,
                x1=(left + width) / scale,
                y1=(top + height) / scale,
                conf=conf,
                line_key=(int(cells[col["block_num"]]), int(cells[col["par_num"]]), int(cells[col["line_num"]])),
            )
        )
    return words


def ocr_words(
    image: Image.Image,
    *,
    langs: Sequence[str] = ("dan", "eng"),
    timeout: float = 60,
    threads: int | None = 1,
) -> list[OcrWord]:
    """Read the words of ``image`` with Tesseract (TSV output, automatic page segmentation).

    Small images are upscaled first; boxes are always returned in the coordinates of ``image``. Every
    non-empty word is returned whatever its confidence (a badly read name is still a name).

    Args:
        image: the page or picture.
        langs: Tesseract language codes, combined with "+".
        timeout: seconds before Tesseract is stopped.
        threads: OpenMP threads for Tesseract (``OMP_THREAD_LIMIT``); 1 is fastest when several documents
            or other processes share the cores (measured 2.5-3x faster on a busy 2-core machine).
            None leaves Tesseract's default.

    Raises:
        OcrError: Tesseract is missing, failed, or timed out.
    """
    prepared = _prepare(image)
    w, h = prepared.size
    if w < 1 or h < 1:
        return []
    scale = 1.0
    if min(w, h) < _MIN_SIDE_FOR_OCR:
        scale = min(4.0, _MIN_SIDE_FOR_OCR / min(w, h))
        prepared = prepared.resize((round(w * scale), round(h * scale)), Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    prepared.save(buf, "PNG", compress_level=1)
    env = dict(os.environ)
    if threads is not None:
        env["OMP_THREAD_LIMIT"] = str(max(1, int(threads)))
    cmd = [_tesseract_cmd(), "stdin", "stdout", "-l", "+".join(langs), "--psm", "3", "tsv"]
    try:
        proc = subprocess.run(cmd, input=buf.getvalue(), capture_output=True, timeout=timeout, env=env, check=False)
    except FileNotFoundError as exc:
        raise OcrError("[OCR002] the tesseract program is not installed") from exc
    except subprocess.TimeoutExpired as exc:
        raise OcrError(f"[OCR003] tesseract timed out after {timeout:g} s") from exc
    if proc.returncode != 0:
        raise OcrError(f"[OCR004] tesseract failed (exit status {proc.returncode})")
    words = _parse_tsv(proc.stdout.decode("utf-8", errors="replace"), scale)
    log.debug("ocr: %d words", len(words))
    return words
