"""Limits and leftovers outside the happy path: the time and memory limits hold for `redactor redact` and
the Python API (a child process, as in batch workers), and no file holding applicant data outlives a batch
run whose worker is SIGKILLed mid-conversion."""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from conftest import make_pdf
from redactor import IsolatedPipeline, load_config
from redactor.batch import default_keys_path, run_batch
from redactor.batch.workdir import run_workdir
from redactor.cli import main as cli_main
from redactor.types import DocumentResult, Outcome

CANARY = "Kanariefugl-7f3a Søgaard"


class SleepyPipeline:
    """Redacts by echoing; hangs, hogs memory or crashes on request (a stand-in for a hostile document)."""

    def __init__(self, config) -> None:  # type: ignore[no-untyped-def]
        self.config = config

    def redact(self, source, *, applicant=None, filename=None, review=None) -> DocumentResult:  # type: ignore[no-untyped-def]
        if source.startswith(b"HANG"):
            time.sleep(3600)
        if source.startswith(b"HOG"):
            hog = bytearray(16 * 1024**3)
            return hog  # type: ignore[return-value]  # pragma: no cover
        if source.startswith(b"CRASH"):
            os._exit(9)
        if source.startswith(b"DOCX"):
            return DocumentResult(Outcome.CLEAN, output=source, output_format="docx", page_count=1)
        return DocumentResult(Outcome.CLEAN, output=b"%PDF-redacted", output_format="pdf", page_count=1)

    def render_pdf_view(self, result: DocumentResult, *, applicant=None) -> DocumentResult:  # type: ignore[no-untyped-def]
        if result.output and b"HANG" in result.output:
            time.sleep(3600)
        return result


def sleepy_factory(config):  # type: ignore[no-untyped-def]
    return SleepyPipeline(config)


# ---------------------------------------------------------------------------------------------- the Python API


def test_isolated_pipeline_enforces_time_and_memory_limits_and_goes_on(tmp_path: Path) -> None:
    cfg = load_config(limits={"max_seconds": 2, "max_memory_mb": 1500})
    with IsolatedPipeline(cfg, pipeline_factory=sleepy_factory, workdir=tmp_path / "work") as pipe:
        assert pipe.redact(b"fine").outcome is Outcome.CLEAN
        t0 = time.monotonic()
        hung = pipe.redact(b"HANG")
        assert time.monotonic() - t0 < 30
        assert hung.outcome is Outcome.FAILED and hung.error_code == "R204" and "longer than 2 s" in hung.error
        hog = pipe.redact(b"HOG")
        assert hog.outcome is Outcome.FAILED and hog.error_code == "R204" and "memory" in hog.error
        crash = pipe.redact(b"CRASH")
        assert crash.outcome is Outcome.FAILED and crash.error_code == "R301"
        assert pipe.redact(b"fine again").outcome is Outcome.CLEAN  # a fresh child took over
        assert pipe.replaced == 2  # the hung and the crashed child; MemoryError is caught in place
        # the PDF view of a DOCX output (LibreOffice) runs in the child under the same limit
        docx = pipe.redact(b"DOCX HANG")
        assert docx.outcome is Outcome.CLEAN
        view = pipe.render_pdf_view(docx)
        assert view.outcome is Outcome.FAILED and view.error_code == "R204"
        assert pipe.render_pdf_view(pipe.redact(b"DOCX fine")).outcome is Outcome.CLEAN
        assert stat.S_IMODE((tmp_path / "work").stat().st_mode) == 0o700
    assert not (tmp_path / "work").exists()


def test_redact_cli_stops_a_document_over_the_time_limit(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """`redactor redact` with the real pipeline: a limit no document can meet gives R204 and exit 2."""
    pdf = tmp_path / "cv.pdf"
    pdf.write_bytes(make_pdf([CANARY, "Projektleder, Region Hovedstaden"]))
    cfg = tmp_path / "config.yaml"
    cfg.write_text("limits:\n  max_seconds: 0.01\n")
    out = tmp_path / "out"
    code = cli_main(["redact", str(pdf), "-o", str(out), "--config", str(cfg), "--json"])
    captured = capsys.readouterr()
    if "could not load the pipeline" in captured.err:
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(captured.err)
        pytest.skip("the real pipeline cannot be built here")
    assert code == 2, captured.err
    assert "[R204]" in captured.err and "longer than" in captured.err
    assert json.loads(captured.out)["error_code"] == "R204"
    assert not out.exists() or not any(out.iterdir())  # a failed input writes nothing


# ---------------------------------------------------------------------------------------------- nothing left behind


FAKE_SOFFICE = """#!{python}
import os, sys, time
from pathlib import Path
src = Path(sys.argv[-1])
# like LibreOffice's lock and backup files: a copy of the applicant's document beside the input
(src.parent / ".~lock.input#").write_bytes(src.read_bytes())
Path({pids!r}, str(os.getpid())).write_text(f"{{os.getppid()}} {{src}}")
time.sleep(120)
"""


class ConvertingPipeline:
    """Converts the RTF with (fake) LibreOffice, as the real pipeline does; the fake never returns."""

    def __init__(self, config) -> None:  # type: ignore[no-untyped-def]
        self.config = config

    def redact(self, source, *, applicant=None, filename=None) -> DocumentResult:  # type: ignore[no-untyped-def]
        from redactor.convert import to_docx

        to_docx(source, "rtf")
        return DocumentResult(Outcome.FAILED, error_code="R301", error="unreachable")  # pragma: no cover


def converting_factory(config):  # type: ignore[no-untyped-def]
    return ConvertingPipeline(config)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "\nState:\tZ" in status.read_text())


def _files_holding(root: Path, needle: bytes, *, skip: Path | None = None) -> list[Path]:
    hits = []
    for f in root.rglob("*"):
        if skip is not None and (f == skip or skip in f.parents):
            continue
        if f.is_file() and not f.is_symlink():
            try:
                if needle in f.read_bytes():
                    hits.append(f)
            except OSError:
                pass
    return hits


@pytest.mark.skipif(not Path("/proc").is_dir() or sys.platform != "linux", reason="POSIX processes, /proc")
def test_batch_worker_killed_mid_conversion_leaves_nothing_behind(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    bin_dir, pids = tmp_path / "bin", tmp_path / "pids"
    bin_dir.mkdir()
    pids.mkdir()
    fake = bin_dir / "soffice"
    fake.write_text(FAKE_SOFFICE.format(python=sys.executable, pids=str(pids)))
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "ansoegning.rtf").write_bytes(b"{\\rtf1\\ansi " + CANARY.encode() + b"\\par}")
    outbox = tmp_path / "outbox"
    workdir = run_workdir(default_keys_path(outbox))
    before_tmp = set(Path(tempfile.gettempdir()).iterdir())
    result: dict[str, object] = {}

    def run() -> None:
        result["batch"] = run_batch(inbox, outbox, workers=1, pipeline_factory=converting_factory)

    runner = threading.Thread(target=run)
    runner.start()
    try:
        deadline = time.monotonic() + 120
        while not any(pids.iterdir()):
            assert runner.is_alive() and time.monotonic() < deadline, "the conversion never started"
            time.sleep(0.1)
        marker = next(pids.iterdir())
        soffice_pid = int(marker.name)
        worker_pid, src = marker.read_text().split(" ", 1)
        # the worker and its LibreOffice write into the run's private folder, beside the key file
        assert workdir in Path(src).parents
        assert stat.S_IMODE(workdir.stat().st_mode) == 0o700
        assert _files_holding(workdir, CANARY.encode())
        os.kill(int(worker_pid), 9)  # SIGKILL mid-conversion
    finally:
        runner.join(timeout=120)
    batch = result["batch"]
    assert batch.counts["failed"] == 1  # type: ignore[attr-defined]
    assert not workdir.exists()
    end = time.monotonic() + 10
    while _alive(soffice_pid) and time.monotonic() < end:
        time.sleep(0.1)
    assert not _alive(soffice_pid), "the orphaned conversion still runs"
    needle = CANARY.encode()
    assert _files_holding(tmp_path, needle, skip=inbox) == []
    for entry in set(Path(tempfile.gettempdir()).iterdir()) - before_tmp:
        assert not (entry.is_dir() and _files_holding(entry, needle)), entry

    # a run killed as a whole leaves its folder; the next run's start removes it
    leftover = workdir / "worker-1-1" / "redactor-convert-x"
    leftover.mkdir(parents=True)
    (leftover / "input.rtf").write_bytes((inbox / "ansoegning.rtf").read_bytes())
    run_batch(inbox, outbox, workers=1, pipeline_factory=sleepy_factory)
    assert not workdir.exists()
    assert _files_holding(tmp_path, needle, skip=inbox) == []
