"""Re-encode raster images without metadata (EXIF, XMP, ICC, comments, text chunks), with a size cap."""

from __future__ import annotations

import io
import logging
import warnings

from PIL import Image, ImageCms, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

log = logging.getLogger(__name__)

DEFAULT_MAX_PIXELS = 50_000_000

# Pillow format name -> (output format, returned format code). Anything else decodable becomes PNG.
_OUTPUT = {
    "JPEG": ("JPEG", "jpeg"),
    "MPO": ("JPEG", "jpeg"),  # camera JPEGs with extra pictures: only the main picture is kept
    "PNG": ("PNG", "png"),
    "TIFF": ("TIFF", "tiff"),
    "GIF": ("GIF", "gif"),
    "WEBP": ("WEBP", "webp"),
}
# The only ``info`` keys carried over: rendering needs them, they hold no free text.
_KEEP_INFO = ("transparency", "dpi")


def _open(data: bytes, max_pixels: int) -> Image.Image:
    """Open and decode the first frame, refusing images above ``max_pixels``."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            w, h = image.size
            if w <= 0 or h <= 0 or w * h > max_pixels:
                raise ValueError(f"[IMG002] image of {w}x{h} pixels exceeds the limit of {max_pixels}")
            image.seek(0)
            image.load()
    except ValueError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, EOFError) as exc:
        raise ValueError(f"[IMG003] undecodable image data ({type(exc).__name__})") from exc
    return image


def _to_srgb(image: Image.Image, icc: bytes) -> Image.Image:
    """Convert pixels from an embedded ICC profile to sRGB when that is easy; otherwise leave them."""
    try:
        src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        desc = (ImageCms.getProfileDescription(src) or "").lower()
        if "srgb" in desc:
            return image
        if image.mode not in ("RGB", "RGBA", "CMYK"):
            return image
        out_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(image, src, ImageCms.createProfile("sRGB"), outputMode=out_mode)
        return converted if converted is not None else image
    except Exception as exc:  # an odd or broken profile: just drop it
        log.info("ICC profile not converted (%s); dropped", type(exc).__name__)
        return image


def strip_metadata(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> tuple[bytes, str]:
    """Re-encode an image keeping only its pixels.

    Drops EXIF (after applying its orientation to the pixels), XMP, IPTC, ICC profiles (pixels are converted
    to sRGB first when the profile is not sRGB and the conversion works), comments, PNG text chunks and
    TIFF tags. Only the first frame of animated or multi-page images is kept. JPEG, PNG, TIFF, GIF and WEBP
    keep their format; other decodable formats become PNG.

    Args:
        data: the encoded image.
        max_pixels: refuse images with more pixels than this (decompression-bomb guard).

    Returns:
        (new bytes, format) with format one of "jpeg", "png", "tiff", "gif", "webp".

    Raises:
        ValueError: undecodable data, or more than ``max_pixels`` pixels.
    """
    image = _open(data, max_pixels)
    fmt = (image.format or "").upper()
    out_fmt, code = _OUTPUT.get(fmt, ("PNG", "png"))
    info = dict(image.info)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            upright = ImageOps.exif_transpose(image)
    except Exception:
        upright = image
    icc = info.get("icc_profile")
    if icc:
        upright = _to_srgb(upright, icc)
    clean = upright.copy()  # a plain Image: no TIFF tag directory, no JPEG APP segments
    clean.info = {k: info[k] for k in _KEEP_INFO if k in info}

    if out_fmt == "JPEG" and clean.mode not in ("RGB", "L", "CMYK"):
        clean = clean.convert("RGB")
    if out_fmt == "JPEG" and clean.mode == "CMYK":
        clean = clean.convert("RGB")
    if out_fmt == "WEBP" and clean.mode not in ("RGB", "RGBA"):
        clean = clean.convert("RGBA" if "A" in clean.mode or "transparency" in clean.info else "RGB")
    if out_fmt == "GIF" and clean.mode not in ("P", "L"):
        clean = clean.convert("P", palette=Image.Palette.ADAPTIVE)
    if out_fmt == "TIFF" and clean.mode in ("P",) and "transparency" in clean.info:
        clean = clean.convert("RGBA")

    params: dict[str, object] = {}
    if "dpi" in clean.info:
        params["dpi"] = clean.info["dpi"]
    if "transparency" in clean.info and out_fmt in ("PNG", "GIF"):
        params["transparency"] = clean.info["transparency"]
    if out_fmt == "JPEG":
        params.update(quality=92, optimize=True)
    elif out_fmt == "WEBP":
        params.update(quality=90)
    elif out_fmt == "TIFF":
        params.update(compression="tiff_deflate")
    buf = io.BytesIO()
    try:
        clean.save(buf, out_fmt, **params)
    except (OSError, ValueError, TypeError, KeyError) as exc:
        # an unusual mode the target format cannot hold: fall back to PNG of the RGB(A) pixels
        log.info("re-encode as %s failed (%s); writing PNG", out_fmt, type(exc).__name__)
        buf = io.BytesIO()
        rgb = clean.convert("RGBA" if "A" in clean.mode or "transparency" in clean.info else "RGB")
        rgb.info = {}
        rgb.save(buf, "PNG")
        code = "png"
    return buf.getvalue(), code


def placeholder_image(width: int, height: int, label: str = "[FOTO]") -> bytes:
    """A neutral grey PNG of ``width`` x ``height`` pixels with a small centred label."""
    width, height = max(1, int(width)), max(1, int(height))
    image = Image.new("RGB", (width, height), (200, 200, 200))
    draw = ImageDraw.Draw(image)
    size = max(8, min(width // max(1, len(label)), height // 3, 48))
    try:
        font: ImageFont.FreeTypeFont | ImageFont.ImageFont = ImageFont.load_default(size=size)
    except Exception:
        font = ImageFont.load_default()
    x0, y0, x1, y1 = draw.textbbox((0, 0), label, font=font)
    if x1 - x0 <= width and y1 - y0 <= height:
        draw.text(((width - (x1 - x0)) / 2 - x0, (height - (y1 - y0)) / 2 - y0), label, fill=(90, 90, 90), font=font)
    buf = io.BytesIO()
    image.save(buf, "PNG")
    return buf.getvalue()
