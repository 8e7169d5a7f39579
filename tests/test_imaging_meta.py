"""Metadata stripping: planted EXIF/GPS/XMP/ICC/comment/text values are gone, pixels stay, bombs refused."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageCms, PngImagePlugin

from redactor.imaging.meta import placeholder_image, strip_metadata

AUTHOR = "Jens Planted-Author"
GPS_REF = "N"
COMMENT = "PLANTED-COMMENT-7731"
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description>PLANTED-XMP-5512</rdf:Description></x:xmpmeta>'
NEEDLES = [AUTHOR.encode(), b"PLANTED-COMMENT-7731", b"PLANTED-XMP-5512", b"PLANTED-DESC-9911", b"Planted-Camera"]


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x013B] = AUTHOR  # Artist
    exif[0x010E] = "PLANTED-DESC-9911"  # ImageDescription
    exif[0x0110] = "Planted-Camera"  # Model
    exif[0x8825] = {1: GPS_REF, 2: (55.0, 40.0, 12.5), 3: "E", 4: (12.0, 34.0, 56.0)}  # GPSInfo
    return exif


def _picture(mode: str = "RGB") -> Image.Image:
    image = Image.new("RGB", (64, 48), (40, 120, 200))
    for x in range(64):
        image.putpixel((x, 10), (250, 10, 10))
    return image.convert(mode)


def _encode(fmt: str, mode: str = "RGB") -> bytes:
    image = _picture(mode)
    kw: dict[str, object] = {}
    if fmt in ("JPEG", "PNG", "WEBP", "TIFF"):
        kw["exif"] = _exif().tobytes()
    if fmt in ("JPEG", "WEBP", "PNG"):
        kw["xmp"] = XMP
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Author", AUTHOR)
        info.add_itxt("Comment", COMMENT)
        info.add_text("Description", "PLANTED-DESC-9911", zip=True)
        kw["pnginfo"] = info
    if fmt in ("JPEG", "GIF"):
        kw["comment"] = COMMENT.encode()
    if fmt == "TIFF":
        kw["tiffinfo"] = {270: "PLANTED-DESC-9911", 315: AUTHOR}
    if fmt != "GIF":
        kw["icc_profile"] = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buf = io.BytesIO()
    image.save(buf, fmt, **kw)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("fmt", "mode", "code"),
    [
        ("JPEG", "RGB", "jpeg"),
        ("JPEG", "L", "jpeg"),
        ("PNG", "RGB", "png"),
        ("PNG", "RGBA", "png"),
        ("PNG", "P", "png"),
        ("TIFF", "RGB", "tiff"),
        ("GIF", "P", "gif"),
        ("WEBP", "RGB", "webp"),
    ],
)
def test_meta_planted_values_are_gone(fmt: str, mode: str, code: str) -> None:
    raw = _encode(fmt, mode)
    planted = [n for n in NEEDLES if n in raw]
    assert planted, "the test must plant something in the input"
    out, got = strip_metadata(raw)
    assert got == code
    assert [n for n in NEEDLES if n in out] == []
    with Image.open(io.BytesIO(out)) as clean:
        exif = clean.getexif()
        assert 0x013B not in exif and 0x010E not in exif and 0x0110 not in exif
        assert 0x8825 not in exif and not exif.get_ifd(0x8825)
        assert "icc_profile" not in clean.info and "xmp" not in clean.info and "comment" not in clean.info
        assert not any(k in clean.info for k in ("Author", "Comment", "Description"))
        assert clean.size == (64, 48)
        rgb = clean.convert("RGB")
        # pixels survive (lossy formats within a small tolerance)
        r, g, b = rgb.getpixel((30, 30))
        expected = _picture(mode).convert("RGB").getpixel((30, 30))
        assert abs(r - expected[0]) + abs(g - expected[1]) + abs(b - expected[2]) <= 24


def test_meta_exif_orientation_is_applied_to_pixels() -> None:
    image = Image.new("RGB", (40, 20), "white")
    for y in range(20):
        image.putpixel((0, y), (0, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90 degrees clockwise when displayed
    buf = io.BytesIO()
    image.save(buf, "JPEG", exif=exif.tobytes(), quality=95)
    out, _ = strip_metadata(buf.getvalue())
    with Image.open(io.BytesIO(out)) as clean:
        assert clean.size == (20, 40)
        assert 0x0112 not in clean.getexif()


def test_meta_non_srgb_profile_is_converted_or_dropped() -> None:
    lab_to_rgb_like = ImageCms.createProfile("LAB")  # not an RGB profile: conversion fails, profile dropped
    buf = io.BytesIO()
    _picture().save(buf, "PNG", icc_profile=ImageCms.ImageCmsProfile(lab_to_rgb_like).tobytes())
    out, code = strip_metadata(buf.getvalue())
    assert code == "png"
    with Image.open(io.BytesIO(out)) as clean:
        assert "icc_profile" not in clean.info


def test_meta_only_first_frame_of_animation_is_kept() -> None:
    frames = [Image.new("P", (20, 20), i) for i in range(3)]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:], comment=b"PLANTED-COMMENT-7731")
    out, code = strip_metadata(buf.getvalue())
    assert code == "gif"
    with Image.open(io.BytesIO(out)) as clean:
        assert getattr(clean, "n_frames", 1) == 1
    assert b"PLANTED-COMMENT-7731" not in out


def test_meta_other_formats_become_png() -> None:
    buf = io.BytesIO()
    _picture().save(buf, "BMP")
    out, code = strip_metadata(buf.getvalue())
    assert code == "png" and out.startswith(b"\x89PNG")


@pytest.mark.parametrize(
    "data", [b"", b"not an image", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, b"\xff\xd8\xff\xe0garbage"]
)
def test_meta_undecodable_data_raises_value_error(data: bytes) -> None:
    with pytest.raises(ValueError):
        strip_metadata(data)


def test_meta_decompression_bomb_is_refused() -> None:
    buf = io.BytesIO()
    Image.new("1", (5000, 5000)).save(buf, "PNG")  # tiny file, 25 megapixels
    assert len(buf.getvalue()) < 100_000
    with pytest.raises(ValueError, match="exceeds"):
        strip_metadata(buf.getvalue(), max_pixels=10_000_000)
    out, _ = strip_metadata(buf.getvalue(), max_pixels=30_000_000)
    assert out


def test_meta_placeholder_is_grey_png_of_requested_size() -> None:
    data = placeholder_image(120, 150)
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG" and image.size == (120, 150)
        assert image.convert("RGB").getpixel((2, 2)) == (200, 200, 200)
        assert len(image.convert("L").getcolors()) > 1  # the label is drawn
