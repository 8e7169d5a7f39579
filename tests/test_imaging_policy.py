"""Image policy: the decision table (with a stub detector), photo/graphic/text heuristics, real images."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from conftest import shared_image
from redactor.imaging.faces import FaceBox, FaceDetector
from redactor.imaging.policy import ImageVerdict, classify_image, is_photo_like, is_text_like

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


class StubDetector:
    """Returns fixed boxes (or raises) so the decision table is tested without the models."""

    def __init__(self, boxes: list[FaceBox] | None = None, fail: bool = False) -> None:
        self.boxes = boxes or []
        self.fail = fail
        self.calls = 0

    def detect(self, image: Image.Image) -> list[FaceBox]:
        self.calls += 1
        if self.fail:
            raise OSError("broken pixels")
        return list(self.boxes)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.truetype(str(FONT), size) if FONT.exists() else ImageFont.load_default(size=size)


def natural_photo(w: int = 320, h: int = 240, seed: int = 1) -> Image.Image:
    """Smooth shading plus sensor-like noise: what photographs look like to the statistics."""
    rng = np.random.default_rng(seed)
    base = cv2.GaussianBlur(rng.normal(128, 60, (h, w, 3)).astype(np.float32), (0, 0), 12)
    base = (base - base.min()) / (np.ptp(base) + 1e-6) * 200 + 20
    noisy = base + rng.normal(0, 6, (h, w, 3))
    return Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8))


def logo() -> Image.Image:
    image = Image.new("RGB", (360, 140), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 130, 130), fill=(200, 30, 40))
    draw.text((150, 45), "Kommune", font=_font(36), fill=(20, 20, 120))
    return image


def bar_chart() -> Image.Image:
    image = Image.new("RGB", (500, 320), "white")
    draw = ImageDraw.Draw(image)
    for i, height in enumerate((120, 250, 180, 280, 90)):
        draw.rectangle((50 + i * 85, 300 - height, 110 + i * 85, 300), fill=(31, 119, 180))
    draw.line((40, 300, 480, 300), fill="black", width=2)
    draw.line((40, 20, 40, 300), fill="black", width=2)
    return image


def photographed_page() -> Image.Image:
    """A text page with uneven lighting and noise, like a phone photo of a printed CV."""
    page = Image.new("L", (700, 900), 255)
    draw = ImageDraw.Draw(page)
    words = "Erhvervserfaring Projektleder Kommune Konsulent Uddannelse Universitet Kompetencer Sprog"
    y = 40
    for i in range(26):
        line = " ".join(words.split()[(i + j) % 8] for j in range(4))
        draw.text((40, y), line, font=_font(22), fill=30)
        y += 32
    arr = np.asarray(page, dtype=np.float32)
    shade = np.linspace(0.75, 1.0, arr.shape[1])[None, :] * np.linspace(0.85, 1.0, arr.shape[0])[:, None]
    rng = np.random.default_rng(3)
    arr = arr * shade + rng.normal(0, 7, arr.shape)
    return Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8)).convert("RGB")


FACE = FaceBox(10, 10, 80, 80, 0.93)


@pytest.mark.parametrize(
    ("image", "boxes", "in_area", "expected"),
    [
        (natural_photo(), [FACE], False, ("face", True, False)),
        (logo(), [FACE], False, ("face", True, False)),  # a face printed in a logo is still a face
        (natural_photo(), [], True, ("personal_area", True, False)),
        (logo(), [], True, ("personal_area", True, False)),
        (natural_photo(), [], False, ("photo_like", True, True)),
        (logo(), [], False, ("kept_graphic", False, False)),
        (bar_chart(), [], False, ("kept_graphic", False, False)),
        (photographed_page(), [], False, ("photo_with_text", False, True)),
        (Image.new("RGB", (20, 200), "red"), [], False, ("too_small", False, False)),
        (Image.new("RGB", (16, 16), "red"), [], True, ("personal_area", True, False)),
    ],
    ids=[
        "face-photo",
        "face-logo",
        "area-photo",
        "area-logo",
        "photo-no-face",
        "logo",
        "chart",
        "photographed-text",
        "tiny",
        "tiny-in-area",
    ],
)
def test_policy_decision_table(
    image: Image.Image, boxes: list[FaceBox], in_area: bool, expected: tuple[str, bool, bool]
) -> None:
    verdict = classify_image(image, detector=StubDetector(boxes), in_personal_area=in_area)  # type: ignore[arg-type]
    assert (verdict.reason, verdict.remove, verdict.review) == expected
    assert verdict.faces == (tuple(boxes) if verdict.reason == "face" else ())


def test_policy_tiny_image_skips_detection() -> None:
    stub = StubDetector([FACE])
    verdict = classify_image(Image.new("RGB", (23, 400)), detector=stub, in_personal_area=False)  # type: ignore[arg-type]
    assert verdict.reason == "too_small" and stub.calls == 0


def test_policy_failure_removes_and_flags() -> None:
    verdict = classify_image(logo(), detector=StubDetector(fail=True), in_personal_area=False)  # type: ignore[arg-type]
    assert verdict == ImageVerdict(True, "unreadable", review=True)


@pytest.mark.parametrize(
    ("image", "photo"),
    [
        (natural_photo(), True),
        (natural_photo(64, 64, seed=5), True),
        (natural_photo().convert("L"), True),
        (logo(), False),
        (logo().convert("P", palette=Image.Palette.ADAPTIVE), False),
        (bar_chart(), False),
        (Image.new("RGBA", (200, 200), (0, 0, 0, 0)), False),  # fully transparent
    ],
    ids=["photo", "small-photo", "grey-photo", "logo", "palette-logo", "chart", "transparent"],
)
def test_policy_is_photo_like_synthetic(image: Image.Image, photo: bool) -> None:
    assert is_photo_like(image) is photo


@pytest.mark.parametrize(
    ("image", "text"),
    [(photographed_page(), True), (natural_photo(), False), (bar_chart(), False), (logo(), False)],
    ids=["page", "photo", "chart", "logo"],
)
def test_policy_is_text_like_synthetic(image: Image.Image, text: bool) -> None:
    assert is_text_like(image) is text


@pytest.mark.shared
@pytest.mark.parametrize(
    ("rel", "photo"),
    [
        ("skimage_data/chelsea.png", True),
        ("skimage_data/coffee.png", True),
        ("skimage_data/coins.png", True),
        ("skimage_data/grass.png", True),
        ("skimage_data/rocket.jpg", True),
        ("skimage_data/hubble_deep_field.jpg", True),
        ("skimage_data/camera.png", True),
        ("interfaces_cc0/013.jpg", True),  # plain light background
        ("interfaces_cc0/002.jpg", True),  # black and white
        ("skimage_data/horse.png", False),
        ("skimage_data/logo.png", False),
        ("matplotlib_sample/logo2.png", False),
        ("charts_infomine_mit/PCAplot.png", False),
        ("charts_infomine_mit/accuracy_boxplot.png", False),
        ("charts_infomine_mit/confusion_matrix.png", False),
        ("charts_infomine_mit/feature_importance.png", False),
    ],
)
def test_policy_is_photo_likeshared_image(rel: str, photo: bool) -> None:
    assert is_photo_like(shared_image(rel)) is photo


@pytest.mark.shared
@pytest.mark.parametrize(
    ("rel", "text"),
    [
        ("skimage_data/page.png", True),
        ("interfaces_cc0/012.jpg", False),  # a mesh fence behind the man: regular, not letters
        ("skimage_data/coffee.png", False),
        ("skimage_data/astronaut.png", False),
    ],
)
def test_policy_is_text_likeshared_image(rel: str, text: bool) -> None:
    assert is_text_like(shared_image(rel)) is text


@pytest.fixture(scope="module")
def detector() -> FaceDetector:
    return FaceDetector()


@pytest.mark.shared
@pytest.mark.parametrize(
    ("rel", "reason", "remove", "review"),
    [
        ("skimage_data/astronaut.png", "face", True, False),
        ("interfaces_cc0/046.jpg", "face", True, False),
        ("skimage_data/chelsea.png", "photo_like", True, True),  # a cat: removed, a human checks
        ("skimage_data/page.png", "photo_with_text", False, True),
        ("charts_infomine_mit/feature_importance.png", "kept_graphic", False, False),
        ("matplotlib_sample/logo2.png", "kept_graphic", False, False),
    ],
)
def test_policy_real_images(detector: FaceDetector, rel: str, reason: str, remove: bool, review: bool) -> None:
    verdict = classify_image(shared_image(rel), detector=detector, in_personal_area=False)
    assert (verdict.reason, verdict.remove, verdict.review) == (reason, remove, review)
