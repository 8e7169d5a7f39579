"""Face detection on the shared portraits and non-face images, and on synthetic edge cases."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from conftest import shared_image
from redactor.imaging.faces import FaceBox, FaceDetector
from redactor.models import ModelsMissingError

PORTRAIT_IDS = (
    "001 002 006 012 013 014 016 021 025 026 028 030 032 038 039 "
    "046 047 051 057 058 062 064 065 067 069 071 080 093 095 099"
)
PORTRAITS = [f"interfaces_cc0/{n}.jpg" for n in PORTRAIT_IDS.split()]
OTHER_FACES = ["skimage_data/astronaut.png", "skimage_data/camera.png", "matplotlib_sample/grace_hopper.jpg"]
NON_FACES = [
    "skimage_data/chelsea.png",  # a cat's face
    "skimage_data/coffee.png",
    "skimage_data/coins.png",
    "skimage_data/grass.png",
    "skimage_data/horse.png",
    "skimage_data/hubble_deep_field.jpg",
    "skimage_data/rocket.jpg",
    "skimage_data/text.png",
    "skimage_data/page.png",
    "skimage_data/logo.png",
    "matplotlib_sample/logo2.png",
    "charts_infomine_mit/PCAplot.png",
    "charts_infomine_mit/accuracy_boxplot.png",
    "charts_infomine_mit/confusion_matrix.png",
    "charts_infomine_mit/feature_importance.png",
]


@pytest.fixture(scope="module")
def detector() -> FaceDetector:
    return FaceDetector()


def test_faces_models_are_loaded(detector: FaceDetector) -> None:
    assert detector.backends == ("blazeface-short", "blazeface-full")  # Haar only with haar_support=True


@pytest.mark.shared
@pytest.mark.parametrize("rel", PORTRAITS + OTHER_FACES)
def test_faces_detects_portrait(detector: FaceDetector, rel: str) -> None:
    image = shared_image(rel)
    boxes = detector.detect(image)
    assert boxes, f"no face found in {rel}"
    best = boxes[0]
    w, h = image.size
    assert best.x >= 0 and best.y >= 0 and best.x + best.w <= w and best.y + best.h <= h
    assert 0.5 <= best.score <= 1.0
    assert best.w >= 0.1 * w  # the portrait's face, not a speck


@pytest.mark.shared
@pytest.mark.parametrize("rel", NON_FACES)
def test_faces_ignores_non_face(detector: FaceDetector, rel: str) -> None:
    assert detector.detect(shared_image(rel)) == []


@pytest.mark.shared
def test_faces_box_covers_the_face(detector: FaceDetector) -> None:
    # the astronaut's face lies at about x 170-280, y 60-170 of the 512x512 image
    boxes = detector.detect(shared_image("skimage_data/astronaut.png"))
    cx, cy = boxes[0].x + boxes[0].w / 2, boxes[0].y + boxes[0].h / 2
    assert 170 < cx < 280 and 60 < cy < 170


@pytest.mark.shared
@pytest.mark.parametrize(
    ("rel", "transform"),
    [
        ("interfaces_cc0/046.jpg", "grey"),
        ("interfaces_cc0/038.jpg", "dark"),  # sunglasses, darkened
        ("interfaces_cc0/064.jpg", "small"),  # profile in low light, 64 px
        ("interfaces_cc0/093.jpg", "onpage"),  # head-wrap, small photo on a scanned A4 page
    ],
)
def test_faces_robust_to_degraded_input(detector: FaceDetector, rel: str, transform: str) -> None:
    image = shared_image(rel)
    if transform == "grey":
        image = image.convert("L")
    elif transform == "dark":
        arr = np.asarray(image.convert("RGB"), dtype=np.float64) / 255.0
        image = Image.fromarray((255 * arr**2.2 * 0.35).astype(np.uint8))
    elif transform == "small":
        image.thumbnail((64, 64))
    else:
        page = Image.new("RGB", (1240, 1754), "white")
        image.thumbnail((200, 200))
        page.paste(image.convert("RGB"), (900, 120))
        image = page
    boxes = detector.detect(image)
    assert boxes, f"{transform} {rel}"
    if transform == "onpage":  # the box is where the photo was pasted
        assert 880 < boxes[0].x < 1100 and 100 < boxes[0].y < 320


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "L", "P", "1", "I;16", "CMYK", "LA"])
def test_faces_accepts_any_mode_and_finds_nothing_in_flat_image(detector: FaceDetector, mode: str) -> None:
    image = Image.new("RGB", (300, 200), (230, 230, 230)).convert(mode)
    assert detector.detect(image) == []


@pytest.mark.parametrize("size", [(1, 1), (5, 300), (300, 5)])
def test_faces_tiny_or_thin_image_is_empty(detector: FaceDetector, size: tuple[int, int]) -> None:
    assert detector.detect(Image.new("RGB", size, "white")) == []


def test_faces_noise_is_not_a_face(detector: FaceDetector) -> None:
    rng = np.random.default_rng(7)
    noise = Image.fromarray(rng.integers(0, 256, (400, 400, 3), dtype=np.uint8))
    assert detector.detect(noise) == []


def test_faces_huge_image_is_processed_downscaled(detector: FaceDetector) -> None:
    start = time.perf_counter()
    assert detector.detect(Image.new("RGB", (6000, 4000), "white")) == []
    assert time.perf_counter() - start < 20


def test_faces_without_model_files_is_an_error_not_a_haar_fallback(tmp_path: Path) -> None:
    (tmp_path / "faces").mkdir()
    with pytest.raises(ModelsMissingError, match="face_detection_short_range.tflite") as err:
        FaceDetector(tmp_path)
    assert err.value.code == "R402" and str(tmp_path) in err.value.message


def test_faces_facebox_is_frozen() -> None:
    box = FaceBox(1, 2, 3, 4, 0.9)
    with pytest.raises(AttributeError):
        box.x = 5  # type: ignore[misc]
