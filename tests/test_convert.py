"""Conversion: plain text to DOCX without LibreOffice; LibreOffice paths fail clearly when it is absent."""

from __future__ import annotations

import os
import stat
import sys
from io import BytesIO
from pathlib import Path

import docx
import pytest

from redactor import convert
from redactor.errors import (
    CorruptDocumentError,
    DependencyMissingError,
    RedactorError,
    UnsupportedFormatError,
)


def _paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(BytesIO(data)).paragraphs]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Søren Ærø\nIngeniør\n".encode(), ["Søren Ærø", "Ingeniør"]),
        ("Søren\r\nÅse".encode("cp1252"), ["Søren", "Åse"]),
        (b"\xef\xbb\xbfBOM first\tline", ["BOM first line"]),
        ("Zoë\nline".encode("utf-16"), ["Zoë", "line"]),
        (b"bell\x07 and nul\x00 dropped", ["bell and nul dropped"]),
    ],
)
def test_convert_text_to_docx_one_paragraph_per_line(raw: bytes, expected: list[str]) -> None:
    out = convert.to_docx(raw, "txt")
    assert _paragraphs(out) == expected


def test_convert_text_to_docx_has_no_author(tmp_path: Path) -> None:
    d = docx.Document(BytesIO(convert.to_docx(b"hello", "txt")))
    assert d.core_properties.author == "" and d.core_properties.last_modified_by == ""


def test_convert_unknown_kind_is_refused() -> None:
    with pytest.raises(UnsupportedFormatError):
        convert.to_docx(b"x", "pages")


def _no_office(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(convert.shutil, "which", lambda name: None)


@pytest.mark.parametrize("kind", ["odt", "rtf", "doc"])
def test_convert_office_kinds_need_libreoffice(kind: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _no_office(monkeypatch)
    assert convert.libreoffice_available()[0] is False
    with pytest.raises(DependencyMissingError, match="LibreOffice is not installed"):
        convert.to_docx(b"{\\rtf1 hi}", kind)


def test_convert_docx_to_pdf_needs_libreoffice(monkeypatch: pytest.MonkeyPatch) -> None:
    _no_office(monkeypatch)
    with pytest.raises(DependencyMissingError) as info:
        convert.docx_to_pdf(b"PK")
    assert info.value.code == "R401" and "install" in info.value.message


FAKE_SOFFICE = """#!{python}
import shutil, sys
from pathlib import Path
args = sys.argv[1:]
assert any(a.startswith("-env:UserInstallation=file:") for a in args), args
assert "--headless" in args
out = Path(args[args.index("--outdir") + 1])
src = Path(args[-1])
ext = args[args.index("--convert-to") + 1].split(":")[0]
mode = {mode!r}
if mode == "copy":
    shutil.copy({payload!r}, out / (src.stem + "." + ext))
elif mode == "hang":
    import time
    time.sleep(30)
"""


def _fake_office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: str, payload: Path) -> None:
    bindir = tmp_path / "bin"
    bindir.mkdir()
    exe = bindir / "soffice"
    exe.write_text(FAKE_SOFFICE.format(python=sys.executable, mode=mode, payload=str(payload)))
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")


def test_convert_runs_soffice_headless_with_private_profile(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    payload = tmp_path / "made.docx"
    payload.write_bytes(convert.to_docx(b"converted", "txt"))
    _fake_office(tmp_path, monkeypatch, "copy", payload)
    ok, where = convert.libreoffice_available()
    assert ok and where.endswith("soffice")
    assert _paragraphs(convert.to_docx(b"{\\rtf1 x}", "rtf")) == ["converted"]


@pytest.mark.parametrize(
    "mode, error",
    [("nothing", CorruptDocumentError), ("hang", RedactorError)],
)
def test_convert_soffice_failures_are_clear(mode: str, error: type[RedactorError], tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_office(tmp_path, monkeypatch, mode, tmp_path / "none")
    with pytest.raises(error):
        convert.to_docx(b"x", "odt", timeout=1)


@pytest.mark.skipif(not convert.libreoffice_available()[0], reason="LibreOffice is not installed")
@pytest.mark.slow
def test_convert_real_libreoffice_roundtrip() -> None:
    source = convert.to_docx(b"Cand.polyt. fra DTU\nProjektleder", "txt")
    pdf = convert.docx_to_pdf(source)
    assert pdf.startswith(b"%PDF-")
