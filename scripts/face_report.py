"""Face-detection report on the shared test images: per image detected yes/no and time, then recall and FPs."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PIL import Image, ImageEnhance, ImageOps

from redactor.imaging.faces import FaceDetector

REPO = Path(__file__).resolve().parents[1]
DEFAULT_IMAGES = REPO.parent / "shared" / "data" / "images"

FACE_FILES = ("skimage_data/astronaut.png", "skimage_data/camera.png", "matplotlib_sample/grace_hopper.jpg")
NON_FACE_FILES = (
    "skimage_data/chelsea.png",
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
)


def labelled_images(root: Path) -> list[tuple[Path, bool]]:
    """(path, is_face) for the portraits, the named face images and the non-face images."""
    portraits = sorted((root / "interfaces_cc0").glob("*.jpg"))
    faces = [*portraits, *(root / f for f in FACE_FILES)]
    return [(p, True) for p in faces] + [(root / f, False) for f in NON_FACE_FILES]


def _thumb(image: Image.Image, side: int) -> Image.Image:
    out = image.copy()
    out.thumbnail((side, side))
    return out


def _dark(image: Image.Image) -> Image.Image:
    arr = np.asarray(image.convert("RGB"), dtype=np.float64) / 255.0
    return Image.fromarray((255 * (arr**2.2) * 0.35).astype(np.uint8))


def _on_page(image: Image.Image) -> Image.Image:
    """The image as a 200 px photo on an A4 page rendered at 150 dpi (like a scanned CV)."""
    page = Image.new("RGB", (1240, 1754), "white")
    page.paste(_thumb(image, 200).convert("RGB"), (900, 120))
    return page


VARIANTS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "orig": lambda im: im,
    "grey": lambda im: im.convert("L"),
    "small64": lambda im: _thumb(im, 64),
    "small40": lambda im: _thumb(im, 40),
    "dark": _dark,
    "lowcontrast": lambda im: ImageEnhance.Contrast(im.convert("RGB")).enhance(0.35),
    "mirror": ImageOps.mirror,
    "onpage": _on_page,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--images", type=Path, default=DEFAULT_IMAGES, help="shared images folder")
    parser.add_argument("--variants", default="orig", help=f"comma-separated, from: {','.join(VARIANTS)} or 'all'")
    parser.add_argument("--quiet", action="store_true", help="totals only")
    args = parser.parse_args(argv)
    if not args.images.is_dir():
        print(f"images folder not found: {args.images}", file=sys.stderr)
        return 2
    names = list(VARIANTS) if args.variants == "all" else args.variants.split(",")
    unknown = [n for n in names if n not in VARIANTS]
    if unknown:
        print(f"unknown variants: {unknown}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    detector = FaceDetector()
    print(f"detector loaded in {time.perf_counter() - t0:.2f} s; backends {', '.join(detector.backends)}")
    items = labelled_images(args.images)
    for name in names:
        found_faces = n_faces = fps = n_non = 0
        wall = cpu = 0.0
        if not args.quiet:
            print(f"\n[{name}] {'image':<26} {'truth':<8} {'detected':<9} {'score':>6} {'ms':>7}")
        for path, is_face in items:
            with Image.open(path) as im:
                im.load()
                image = VARIANTS[name](im)
            w0, c0 = time.perf_counter(), time.process_time()
            boxes = detector.detect(image)
            dw, dc = time.perf_counter() - w0, time.process_time() - c0
            wall += dw
            cpu += dc
            detected = bool(boxes)
            if is_face:
                n_faces += 1
                found_faces += detected
            else:
                n_non += 1
                fps += detected
            if not args.quiet:
                mark = "" if detected == is_face else "  <-- " + ("MISS" if is_face else "FP")
                score = f"{boxes[0].score:.2f}" if boxes else "-"
                print(
                    f"[{name}] {path.parent.name[:6] + '/' + path.name:<26} {'face' if is_face else 'nonface':<8}"
                    f" {'yes' if detected else 'no':<9} {score:>6} {dw * 1000:7.0f}{mark}"
                )
        print(
            f"[{name}] recall {found_faces}/{n_faces} = {found_faces / max(1, n_faces):.3f}; "
            f"false positives {fps}/{n_non}; wall {wall:.1f} s, cpu {cpu:.1f} s "
            f"({1000 * wall / max(1, len(items)):.0f} ms/image)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
