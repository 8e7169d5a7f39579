"""Conversion: plain text to DOCX without LibreOffice; LibreOffice paths fail clearly when it is absent, and a
conversion leaves no process and no file behind (fake ``soffice`` scripts; the real one in test_convert_office)."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

import docx
import pytest

from redactor import convert
from redactor.errors import (
    CorruptDocumentError,
    DependencyMissingError,
    LimitExceededError,
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


# A fake LibreOffice that starts a helper process (as soffice starts soffice.bin), records both process ids
# and the input path, then hangs or converts and exits while the helper lingers.
FAKE_WITH_CHILD = """#!{python}
import shutil, subprocess, sys, time
from pathlib import Path
args = sys.argv[1:]
out = Path(args[args.index("--outdir") + 1])
src = Path(args[-1])
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
Path({record!r}).write_text(f"{{child.pid}} {{__import__('os').getpid()}} {{src}}")
if {hang!r}:
    time.sleep(120)
shutil.copy({payload!r}, out / (src.stem + ".docx"))
"""


def _alive(pid: int) -> bool:
    """Whether a process exists and is not a zombie (a killed orphan may wait for a reaper)."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat_line.rsplit(")", 1)[1].split()[0] != "Z"


def _gone(pids: list[int], within: float = 5.0) -> bool:
    end = time.monotonic() + within
    while any(_alive(p) for p in pids):
        if time.monotonic() > end:
            return False
        time.sleep(0.05)
    return True


@pytest.mark.skipif(not Path("/proc/self/stat").is_file(), reason="needs /proc to inspect processes")
@pytest.mark.parametrize("hang", [True, False], ids=["timeout", "finished"])
def test_convert_leaves_no_process_and_no_file_behind(hang: bool, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    payload = tmp_path / "made.docx"
    payload.write_bytes(convert.to_docx(b"converted", "txt"))
    record = tmp_path / "record"
    bindir = tmp_path / "bin"
    bindir.mkdir()
    exe = bindir / "soffice"
    exe.write_text(FAKE_WITH_CHILD.format(python=sys.executable, record=str(record), hang=hang,
                                          payload=str(payload)))
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ.get('PATH', '')}")
    private = tmp_path / "private-tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))  # what a batch run points at its own folder
    start = time.monotonic()
    if hang:
        with pytest.raises(LimitExceededError, match="longer than 2 seconds"):
            convert.to_docx(b"{\\rtf1 x}", "rtf", timeout=2)
        assert time.monotonic() - start < 15
    else:
        assert _paragraphs(convert.to_docx(b"{\\rtf1 x}", "rtf", timeout=30)) == ["converted"]
    child, leader, seen_input = record.read_text().split(" ", 2)
    assert _gone([int(child), int(leader)]), "a LibreOffice process outlived its conversion"
    assert Path(seen_input).is_relative_to(private)  # the input was written under tempfile's folder ...
    assert list(private.iterdir()) == []  # ... and removed with everything else there


def test_convert_timeout_is_shorter_than_the_document_budget() -> None:
    assert convert.conversion_timeout(180) == 90
    assert convert.conversion_timeout(10_000) == convert.OFFICE_TIMEOUT_S
    for budget in (0.5, 1, 30, 180, 600, 10_000):
        assert 0 < convert.conversion_timeout(budget) < budget
