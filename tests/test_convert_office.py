"""ODT, RTF and DOC applications through the real LibreOffice: converted, redacted, verified, nothing left.

The inputs are built here: the ODT and the RTF by hand (each shows exactly what it plants), the DOC by
LibreOffice from a DOCX built with python-docx. Each carries the invented applicant "Zorbaxia Quennelton"
in the body and in the document's author field, an e-mail and a phone number, and qualification text
that must survive. Skipped with a message when LibreOffice is not installed (``.ci/run`` installs it).
"""

from __future__ import annotations

import subprocess
import tempfile
import time
import zipfile
from io import BytesIO
from pathlib import Path

import docx
import pytest

from redactor import convert
from redactor.errors import LimitExceededError
from redactor.types import Outcome

pytestmark = [
    pytest.mark.office,
    pytest.mark.skipif(not convert.libreoffice_available()[0],
                       reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)"),
]

NAME = "Zorbaxia Quennelton"
EMAIL = "zorbaxia.quennelton@example.dk"
PHONE = "+45 31 41 59 26"
LINES = [f"Navn: {NAME}", f"E-mail: {EMAIL}", f"Telefon: {PHONE}",
         "Erhvervserfaring", "2015-2020 Projektleder hos Novo Nordisk A/S",
         "Uddannelse", "Cand.polyt. fra Danmarks Tekniske Universitet"]
KEEP = ("Projektleder hos Novo Nordisk A/S", "Cand.polyt. fra Danmarks Tekniske Universitet")
LEAKS = ("zorbaxia", "quennelton", "31 41 59 26")

_ODT_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
           'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"')


def make_odt() -> bytes:
    paras = "".join(f"<text:p>{line}</text:p>" for line in LINES)
    buf = BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")  # stored, first
        z.writestr("content.xml", f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODT_NS} '
                                  f'office:version="1.2"><office:body><office:text>{paras}</office:text>'
                                  "</office:body></office:document-content>")
        z.writestr("meta.xml", f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {_ODT_NS} '
                               f'office:version="1.2"><office:meta><meta:initial-creator>{NAME}'
                               f"</meta:initial-creator><dc:creator>{NAME}</dc:creator></office:meta>"
                               "</office:document-meta>")
        z.writestr("META-INF/manifest.xml",
                   f'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest {_ODT_NS} manifest:version="1.2">'
                   '<manifest:file-entry manifest:full-path="/" '
                   'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
                   '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                   '<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>'
                   "</manifest:manifest>")
    return buf.getvalue()


def make_rtf() -> bytes:
    body = "".join(f"{line}\\par\n" for line in LINES)
    return ("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}"
            f"{{\\info{{\\author {NAME}}}}}\\f0\\fs22\n{body}}}").encode("cp1252")


def make_doc(tmp: Path) -> bytes:
    """A Word 97 file, made by LibreOffice (with its own throwaway profile) from a python-docx DOCX."""
    document = docx.Document()
    for line in LINES:
        document.add_paragraph(line)
    document.core_properties.author = NAME
    src = tmp / "input.docx"
    document.save(src)
    exe = convert.libreoffice_available()[1]
    subprocess.run([exe, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless", "--norestore",
                    "--convert-to", "doc:MS Word 97", "--outdir", str(tmp / "out"), str(src)],
                   check=True, capture_output=True, timeout=180, cwd=tmp, start_new_session=True)
    return (tmp / "out" / "input.doc").read_bytes()


def _docx_text(data: bytes) -> str:
    """Every XML part of a DOCX (body, headers, metadata, ...) as one lower-cased string."""
    with zipfile.ZipFile(BytesIO(data)) as z:
        return " ".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith((".xml", ".rels")))


@pytest.mark.parametrize("kind", ["odt", "rtf", "doc"])
def test_office_input_is_converted_and_redacted(kind: str, pipeline, tmp_path: Path) -> None:
    data = {"odt": make_odt, "rtf": make_rtf}[kind]() if kind != "doc" else make_doc(tmp_path)
    res = pipeline.redact(data, filename=f"ansoegning.{kind}")
    assert res.outcome is not Outcome.FAILED, (res.error_code, res.error)
    assert res.input_format == kind and res.output_format == "docx"
    assert res.verification is not None and res.verification.passed
    text = _docx_text(res.output)
    plain = " ".join(p.text for p in docx.Document(BytesIO(res.output)).paragraphs)
    assert not [leak for leak in LEAKS if leak in text.casefold()]
    assert all(keep in plain for keep in KEEP), plain
    assert NAME not in (docx.Document(BytesIO(res.output)).core_properties.author or "")


def _processes_mentioning(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().decode("utf-8", "replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker in cmdline and state != "Z":
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/cmdline").is_file(), reason="needs /proc to inspect processes")
def test_office_conversion_stopped_by_its_timeout_leaves_nothing(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    private = tmp_path / "private-tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    with pytest.raises(LimitExceededError):
        convert.to_docx(make_odt(), "odt", timeout=0.5)  # LibreOffice needs seconds to start
    end = time.monotonic() + 5
    while _processes_mentioning(str(private)) and time.monotonic() < end:
        time.sleep(0.05)
    assert _processes_mentioning(str(private)) == [], "a LibreOffice process outlived its conversion"
    assert list(private.iterdir()) == []  # the work folder came from tempfile and was removed
