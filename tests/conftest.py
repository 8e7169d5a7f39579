"""Shared fixtures: one loaded Pipeline per test session, PDF builders, the shared data folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pymupdf
import pytest
from PIL import Image

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared/data, skipping the test with a clear message when it is absent."""
    path = SHARED.joinpath("data", *parts)
    if not path.exists():
        pytest.skip(f"needs the shared data folder ({path} is absent; CI provides ../shared)")
    return path


def shared_image(*parts: str) -> Image.Image:
    """A loaded copy of an image under ../shared/data/images (skips the test when the folder is absent)."""
    with Image.open(shared_path("images", *parts)) as im:
        im.load()
        return im.copy()


@pytest.fixture(scope="session")
def pipeline():
    from redactor import Pipeline

    return Pipeline()


def make_pdf(lines: list[tuple[str, float]] | list[str], *, metadata: dict | None = None,
             links: list[str] = (), fontsize: float = 11) -> bytes:
    """A one-page PDF; each line is text or (text, fontsize). Uses a font that covers æøå."""
    doc = pymupdf.open()
    page = doc.new_page()
    y = 60.0
    for item in lines:
        text, size = (item, fontsize) if isinstance(item, str) else item
        page.insert_text((60, y), text, fontsize=size, fontname="helv")
        y += size * 1.6
    for i, uri in enumerate(links):
        page.insert_link({"kind": pymupdf.LINK_URI, "from": pymupdf.Rect(60, 700 + i * 12, 200, 710 + i * 12),
                          "uri": uri})
    if metadata:
        doc.set_metadata(metadata)
    data = doc.tobytes()
    doc.close()
    return data


@pytest.fixture
def pdf_factory() -> Callable[..., bytes]:
    return make_pdf


def all_pdf_text(data: bytes) -> str:
    """Independent extraction: every page's text including outside the crop box, plus metadata."""
    doc = pymupdf.open(stream=data, filetype="pdf")
    parts = [p.get_text("text", clip=pymupdf.INFINITE_RECT()) for p in doc]
    parts += [str(v) for v in (doc.metadata or {}).values() if v]
    parts.append(doc.get_xml_metadata() or "")
    doc.close()
    return "\n".join(parts)
