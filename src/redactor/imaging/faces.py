"""Offline face detection: MediaPipe BlazeFace (TFLite via OpenCV DNN), OpenCV Haar cascades as optional support."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import cv2
import cv2.data  # the Haar cascade folder; a subpackage the cv2 stubs do not expose as an attribute
import numpy as np
from PIL import Image

from redactor.models import find_models

log = logging.getLogger(__name__)

# Processing limits: images are downscaled to at most this many pixels on the long side before detection.
_MAX_SIDE = 1600
# BlazeFace acceptance thresholds (sigmoid scores). A candidate is a face when one model is confident on
# its own, or when both models agree on the same box. Windows (tiles) of large images see more clutter,
# so their thresholds are higher. Measured on portraits and non-face images (see scripts/face_report.py).
_WHOLE_STRONG = {"short": 0.72, "full": 0.68}
_WHOLE_AGREE = 0.56
_TILE_STRONG = {"short": 0.86, "full": 0.72}
_TILE_AGREE = 0.70
_WEAK = 0.45
# Windows whose grey levels vary less than this (standard deviation) are skipped.
_FLAT_TILE_STD = 6.0
_NMS_IOU = 0.3


@dataclass(frozen=True, slots=True)
class FaceBox:
    """A detected face in image pixel coordinates (top-left x, y, width, height) with a score in [0, 1]."""

    x: int
    y: int
    w: int
    h: int
    score: float


@dataclass(frozen=True, slots=True)
class _SsdSpec:
    name: str
    filename: str
    size: int
    strides: tuple[int, ...]
    two_anchors_per_cell: bool


_SPECS = (
    _SsdSpec("short", "face_detection_short_range.tflite", 128, (8, 16, 16, 16), True),
    _SsdSpec("full", "face_detection_full_range.tflite", 192, (4,), False),
)


@dataclass(frozen=True, slots=True)
class _Cand:
    x0: float
    y0: float
    x1: float
    y1: float
    score: float
    source: str

    @property
    def area(self) -> float:
        return max(0.0, self.x1 - self.x0) * max(0.0, self.y1 - self.y0)


def _iou(a: _Cand, b: _Cand) -> float:
    ix = max(0.0, min(a.x1, b.x1) - max(a.x0, b.x0))
    iy = max(0.0, min(a.y1, b.y1) - max(a.y0, b.y0))
    inter = ix * iy
    union = a.area + b.area - inter
    return inter / union if union > 0 else 0.0


def _overlap_small(a: _Cand, b: _Cand) -> float:
    """Intersection over the smaller box (boxes of different detectors differ in size)."""
    ix = max(0.0, min(a.x1, b.x1) - max(a.x0, b.x0))
    iy = max(0.0, min(a.y1, b.y1) - max(a.y0, b.y0))
    small = min(a.area, b.area)
    return ix * iy / small if small > 0 else 0.0


def _ssd_anchors(spec: _SsdSpec) -> np.ndarray:
    """Anchor centres (normalised) in the order the MediaPipe SSD models emit them."""
    centres: list[tuple[float, float]] = []
    i = 0
    n = len(spec.strides)
    while i < n:
        j = i
        repeats = 0
        while j < n and spec.strides[j] == spec.strides[i]:
            j += 1
            repeats += 2 if spec.two_anchors_per_cell else 1
        cells = spec.size // spec.strides[i]
        for y in range(cells):
            for x in range(cells):
                centres.extend([((x + 0.5) / cells, (y + 0.5) / cells)] * repeats)
        i = j
    return np.asarray(centres, dtype=np.float32)


class _BlazeFace:
    """One BlazeFace model run through OpenCV's TFLite importer."""

    def __init__(self, spec: _SsdSpec, path: Path) -> None:
        self.spec = spec
        self.net = cv2.dnn.readNetFromTFLite(str(path))
        self.anchors = _ssd_anchors(spec)
        self.out_names = list(self.net.getUnconnectedOutLayersNames())

    def run(self, rgb: np.ndarray, min_score: float) -> list[_Cand]:
        """Detect faces in an RGB uint8 array (letterboxed to the model's square input)."""
        size = self.spec.size
        h, w = rgb.shape[:2]
        scale = size / max(h, w)
        nw, nh = max(1, round(w * scale)), max(1, round(h * scale))
        interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_LINEAR
        resized = cv2.resize(rgb, (nw, nh), interpolation=interp)
        canvas = np.zeros((size, size, 3), dtype=np.float32)
        px, py = (size - nw) // 2, (size - nh) // 2
        canvas[py : py + nh, px : px + nw] = resized.astype(np.float32) / 127.5 - 1.0
        self.net.setInput(np.ascontiguousarray(canvas.transpose(2, 0, 1)[None]))
        outs = dict(zip(self.out_names, self.net.forward(self.out_names), strict=True))
        reg = next(v for k, v in outs.items() if "regress" in k).reshape(len(self.anchors), -1)
        logits = next(v for k, v in outs.items() if "class" in k).reshape(-1)
        scores = 1.0 / (1.0 + np.exp(-np.clip(logits, -80.0, 80.0)))
        found: list[_Cand] = []
        for i in np.flatnonzero(scores >= min_score):
            cx = reg[i, 0] + self.anchors[i, 0] * size
            cy = reg[i, 1] + self.anchors[i, 1] * size
            bw, bh = reg[i, 2], reg[i, 3]
            if bw <= 1 or bh <= 1:
                continue
            x0 = (cx - bw / 2 - px) / scale
            y0 = (cy - bh / 2 - py) / scale
            found.append(_Cand(x0, y0, x0 + bw / scale, y0 + bh / scale, float(scores[i]), self.spec.name))
        return found


def to_rgb_array(image: Image.Image) -> np.ndarray:
    """Any PIL mode to an RGB uint8 array; transparency is composited onto white."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        image = Image.alpha_composite(white, rgba)
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        arr = np.asarray(image, dtype=np.float64)
        lo, hi = float(arr.min()), float(arr.max())
        arr = (arr - lo) / (hi - lo) * 255.0 if hi > lo else np.zeros_like(arr)
        image = Image.fromarray(arr.astype(np.uint8), "L")
    return np.asarray(image.convert("RGB"), dtype=np.uint8)


def _variants(rgb: np.ndarray) -> list[np.ndarray]:
    """The image plus brightness/contrast-corrected versions when it is dark or flat."""
    out = [rgb]
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    mean, p95 = float(gray.mean()), float(np.percentile(gray, 95))
    if mean < 90 or p95 < 150:
        gamma = 0.45 if mean < 50 else 0.6
        lut = np.asarray([((i / 255.0) ** gamma) * 255 for i in range(256)], dtype=np.uint8)
        out.append(cv2.LUT(rgb, lut))
    if float(gray.std()) < 45 or mean < 90:
        lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB)
        clahe = cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8))
        lab[:, :, 0] = clahe.apply(lab[:, :, 0])
        out.append(cv2.cvtColor(lab, cv2.COLOR_LAB2RGB))
    return out


def _tiles(w: int, h: int, frac: float) -> list[tuple[int, int, int, int]]:
    """Overlapping square windows of ``frac`` of the short side (half-window steps), for small faces."""
    win = int(min(w, h) * frac)
    if win < 128 or max(w, h) < 256:
        return []
    step = win // 2
    boxes = [
        (min(x, w - win), min(y, h - win), win, win)
        for y in range(0, max(1, h - win + step), step)
        for x in range(0, max(1, w - win + step), step)
    ]
    return list(dict.fromkeys(boxes))


def _nms(cands: list[_Cand], iou: float) -> list[_Cand]:
    kept: list[_Cand] = []
    for c in sorted(cands, key=lambda c: c.score, reverse=True):
        if all(_iou(c, k) < iou for k in kept):
            kept.append(c)
    return kept


class FaceDetector:
    """Detects faces with BlazeFace (short- and full-range models); Haar cascades optionally support it.

    A face is accepted when one model is confident, or both agree on a box. Dark or flat images are also
    tried gamma-brightened and CLAHE-equalised; when the whole image gives no face, overlapping windows
    (half and quarter of the short side) look for small faces, e.g. a photo on a scanned page. Haar
    cascades (frontal, profile on the image and its mirror, eyes as confirmation) are used on request as a
    last resort, never instead of missing model files: Haar alone misses most faces, so missing files are
    an error rather than a quiet drop in recall.

    Not thread-safe (OpenCV DNN nets keep state): use one detector per thread or process.
    """

    def __init__(self, models_dir: Path | None = None, *, haar_support: bool = False) -> None:
        """Load the models once.

        Args:
            models_dir: the models folder whose ``faces/`` holds the BlazeFace ``.tflite`` files; found by
                :func:`redactor.models.find_models` when None.
            haar_support: also accept Haar frontal/profile faces confirmed by eyes when BlazeFace finds
                nothing. Off by default: on the measured set it added no face and cost 0.3-1.5 s per image.
        Raises:
            ModelsMissingError: the BlazeFace files are not there (no silent fall-back to Haar alone).
        """
        self._haar_support = haar_support
        folder = find_models(models_dir, ("faces",)) / "faces"
        self._nets = [_BlazeFace(spec, folder / spec.filename) for spec in _SPECS]
        base = Path(cv2.data.haarcascades)
        self._frontal = [
            cv2.CascadeClassifier(str(base / name))
            for name in ("haarcascade_frontalface_alt2.xml", "haarcascade_frontalface_default.xml")
        ]
        self._profile = cv2.CascadeClassifier(str(base / "haarcascade_profileface.xml"))
        self._eyes = [
            cv2.CascadeClassifier(str(base / name))
            for name in ("haarcascade_eye.xml", "haarcascade_eye_tree_eyeglasses.xml")
        ]
        if any(c.empty() for c in [*self._frontal, self._profile, *self._eyes]):
            raise RuntimeError("[IMG001] OpenCV Haar cascades could not be loaded")

    @property
    def backends(self) -> tuple[str, ...]:
        """Names of the detectors in use, e.g. ``("blazeface-short", "blazeface-full")`` (+ ``"haar"`` on request)."""
        return (*(f"blazeface-{n.spec.name}" for n in self._nets), *(("haar",) if self._haar_support else ()))

    def detect(self, image: Image.Image) -> list[FaceBox]:
        """Return the faces found in ``image`` (any PIL mode), best first, in the image's pixel coordinates."""
        rgb = to_rgb_array(image)
        h0, w0 = rgb.shape[:2]
        if h0 < 8 or w0 < 8:
            return []
        scale = 1.0
        if max(h0, w0) > _MAX_SIDE:
            scale = _MAX_SIDE / max(h0, w0)
            rgb = cv2.resize(rgb, (round(w0 * scale), round(h0 * scale)), interpolation=cv2.INTER_AREA)
        faces = self._detect_rgb(rgb)
        out = []
        for c in faces:
            x0 = max(0, int(c.x0 / scale))
            y0 = max(0, int(c.y0 / scale))
            x1 = min(w0, int(round(c.x1 / scale)))
            y1 = min(h0, int(round(c.y1 / scale)))
            if x1 > x0 and y1 > y0:
                out.append(FaceBox(x0, y0, x1 - x0, y1 - y0, round(min(1.0, c.score), 4)))
        return out

    # -- internals -------------------------------------------------------------------------------------

    def _blaze(
        self, variants: list[np.ndarray], nets: list[_BlazeFace], window: tuple[int, int, int, int]
    ) -> list[_Cand]:
        """Run ``nets`` on the ``window`` (x, y, w, h) of every variant; boxes in whole-image coordinates."""
        x, y, w, h = window
        cands: list[_Cand] = []
        for variant in variants:
            crop = variant[y : y + h, x : x + w]
            for net in nets:
                for c in net.run(crop, _WEAK):
                    cands.append(_Cand(c.x0 + x, c.y0 + y, c.x1 + x, c.y1 + y, c.score, c.source))
        return cands

    @staticmethod
    def _accept(cands: list[_Cand], strong: dict[str, float], agree: float) -> list[_Cand]:
        accepted = [c for c in cands if c.score >= strong[c.source]]
        shorts = [c for c in cands if c.source == "short" and c.score >= agree]
        fulls = [c for c in cands if c.source == "full" and c.score >= agree]
        for s in shorts:
            for f in fulls:
                if _overlap_small(s, f) > 0.5:
                    accepted.append(_Cand(s.x0, s.y0, s.x1, s.y1, min(s.score, f.score), "agree"))
        return accepted

    def _detect_rgb(self, rgb: np.ndarray) -> list[_Cand]:
        """Whole image first; overlapping windows only when the whole image gave no face."""
        h, w = rgb.shape[:2]
        variants = _variants(rgb)
        accepted = self._accept(self._blaze(variants, self._nets, (0, 0, w, h)), _WHOLE_STRONG, _WHOLE_AGREE)
        if not accepted:
            # Half-size windows with both models, quarter-size windows with the cheaper short-range model.
            short = [n for n in self._nets if n.spec.name == "short"]
            cands: list[_Cand] = []
            gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
            for frac, nets in ((0.5, self._nets), (0.25, short)):
                for window in _tiles(w, h, frac):
                    x, y, tw, th = window
                    if float(gray[y : y + th : 4, x : x + tw : 4].std()) < _FLAT_TILE_STD:
                        continue  # blank paper or a flat background holds no face
                    cands.extend(self._blaze(variants, nets, window))
            accepted = self._accept(cands, _TILE_STRONG, _TILE_AGREE)
        if not accepted and self._haar_support:
            accepted = [c for c in self._haar(rgb) if c.score >= 0.6]
        return _nms(accepted, _NMS_IOU)

    def _haar(self, rgb: np.ndarray) -> list[_Cand]:
        """Haar frontal and profile (both directions) faces; a face is only returned with eyes inside it."""
        gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
        h, w = gray.shape
        up = 1.0
        if max(h, w) < 200:
            up = 200 / max(h, w)
            gray = cv2.resize(gray, (round(w * up), round(h * up)), interpolation=cv2.INTER_CUBIC)
        elif max(h, w) > 800:
            up = 800 / max(h, w)
            gray = cv2.resize(gray, (round(w * up), round(h * up)), interpolation=cv2.INTER_AREA)
        gray = cv2.createCLAHE(clipLimit=2.0, tileGridSize=(8, 8)).apply(gray)
        gw = gray.shape[1]
        raw: list[tuple[int, int, int, int, int]] = []
        for casc in self._frontal:
            for x, y, fw, fh in casc.detectMultiScale(gray, scaleFactor=1.1, minNeighbors=5, minSize=(24, 24)):
                raw.append((int(x), int(y), int(fw), int(fh), 0))
        for flipped in (False, True):
            img = cv2.flip(gray, 1) if flipped else gray
            for x, y, fw, fh in self._profile.detectMultiScale(img, scaleFactor=1.1, minNeighbors=5, minSize=(24, 24)):
                xx = gw - int(x) - int(fw) if flipped else int(x)
                raw.append((xx, int(y), int(fw), int(fh), 1))
        out: list[_Cand] = []
        for x, y, fw, fh, is_profile in raw:
            upper = gray[y : y + fh * 6 // 10, x : x + fw]
            min_eye = max(6, fw // 10)
            eyes = 0
            for casc in self._eyes:
                found = casc.detectMultiScale(upper, scaleFactor=1.1, minNeighbors=4, minSize=(min_eye, min_eye))
                eyes = max(eyes, len(found))
            needed = 1 if is_profile else 2
            score = 0.6 if eyes >= needed else 0.35
            out.append(_Cand(x / up, y / up, (x + fw) / up, (y + fh) / up, score, "haar"))
        return _nms(out, _NMS_IOU)
