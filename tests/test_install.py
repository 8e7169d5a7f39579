"""The built wheel works where it is installed: no checkout beside it, run from another directory.

Builds the wheel from a copy of the sources, installs it into a new virtual environment in a temporary
folder and runs the ``redactor`` command from a temporary working directory. The new environment gets the
already installed third-party packages through a ``.pth`` line naming this environment's site-packages
(installing spaCy, OpenCV, PyMuPDF ... from PyPI again takes minutes); ``.pth`` files in that folder are
not processed, so an editable install of redactor there (a path or finder hook) stays invisible. The test
asserts that ``redactor`` and its models are imported from the new environment and that no ``sys.path``
entry points into the checkout.

Deselect with ``-m 'not install'``; CI runs it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pymupdf
import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
# what a build needs; anything else in the checkout must not matter
BUILD_INPUTS = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "src", "models")

pytestmark = pytest.mark.install


def _run(cmd: list[str], *, cwd: Path, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment without anything that would point Python or redactor at the checkout."""
    drop = {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "REDACTOR_MODELS", "VIRTUAL_ENV", "PYTHONSAFEPATH"}
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(extra)
    return env


def _copy_sources(dest: Path) -> Path:
    """The build inputs copied to ``dest`` (building in the checkout would leave build/ and egg-info there)."""
    dest.mkdir()
    skip = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for name in BUILD_INPUTS:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, dest / name, ignore=skip)
        elif path.exists():
            shutil.copy2(path, dest / name)
    return dest


def _lent_site_packages() -> list[str]:
    """This environment's site-packages, lent to the new environment for the third-party packages."""
    return list(dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]))


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with the wheel installed; returns its ``bin`` folder."""
    if not (REPO / "pyproject.toml").is_file():
        pytest.skip("not a source checkout (no pyproject.toml)")
    root = tmp_path_factory.mktemp("wheel")
    src = _copy_sources(root / "src-copy")
    env = _clean_env()
    wheels = root / "wheels"
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(src)],
                 cwd=root, env=env)
    assert built.returncode == 0, built.stderr[-3000:]
    wheel = next(wheels.glob("redactor-*.whl"))

    venv = root / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=root, env=env)
    assert made.returncode == 0, made.stderr[-2000:]
    python = venv / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     cwd=root, env=env).stdout.strip())
    deps = _lent_site_packages()
    (site / "_deps_from_test_env.pth").write_text("".join(f"{d}\n" for d in deps), encoding="utf-8")
    pip = _run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                "--no-index", "--ignore-installed", str(wheel)], cwd=root, env=env)
    assert pip.returncode == 0, pip.stderr[-3000:]
    return venv / "bin"


@pytest.fixture()
def workdir(tmp_path: Path) -> Path:
    work = tmp_path / "elsewhere"
    work.mkdir()
    return work


def test_install_imports_redactor_and_models_from_the_new_environment(installed: Path, workdir: Path) -> None:
    probe = ("import json, sys, redactor, redactor.models as m; "
             "print(json.dumps({'file': redactor.__file__, 'models': str(m.find_models()), 'path': sys.path}))")
    res = _run([str(installed / "python"), "-c", probe], cwd=workdir, env=_clean_env())
    assert res.returncode == 0, res.stderr[-3000:]
    seen = json.loads(res.stdout)
    venv = installed.parent.resolve()
    assert Path(seen["file"]).resolve().is_relative_to(venv)
    assert Path(seen["models"]).resolve().is_relative_to(venv)
    assert Path(seen["models"]).name == "model_data"
    # the only entries allowed inside the checkout are the third-party folders the fixture lends the new
    # environment (CI keeps its venv in the checkout); nothing may reach the checkout's sources
    lent = {Path(d).resolve() for d in _lent_site_packages()}
    into_checkout = [p for p in seen["path"] if p and Path(p).resolve().is_relative_to(REPO)
                     and Path(p).resolve() not in lent]
    assert not into_checkout
    assert not [p for p in seen["path"] if p and Path(p).resolve().is_relative_to(REPO / "src")]


def test_install_redact_from_another_directory(installed: Path, workdir: Path) -> None:
    truth = {d: json.loads((SAMPLES / "truth" / f"{d}.json").read_text(encoding="utf-8"))
             for d in ("doc_001", "doc_004")}
    inputs = []
    for t in truth.values():
        shutil.copy2(SAMPLES / "docs" / t["doc"], workdir / t["doc"])
        inputs.append(t["doc"])
    res = _run([str(installed / "redactor"), "redact", *inputs, "-o", "out", "--json"], cwd=workdir,
               env=_clean_env())
    assert res.returncode in (0, 4), res.stderr[-3000:]
    lines = [json.loads(line) for line in res.stdout.splitlines()]
    assert [line["outcome"] for line in lines] != [] and all(line["outcome"] in ("clean", "needs_review")
                                                             for line in lines), lines
    for line, t in zip(lines, truth.values(), strict=True):
        out = workdir / line["output"]
        assert out.is_file() and (workdir / line["report"]).is_file()
        with pymupdf.open(out) as doc:  # PyMuPDF reads PDF and DOCX
            text = " ".join(page.get_text() for page in doc)
        assert t["applicant"]["name"].split()[-1] not in text
        kept = [k for k in t["keep"] if k in text]
        assert len(kept) >= len(t["keep"]) // 2, (len(kept), len(t["keep"]))


def test_install_batch_from_another_directory(installed: Path, workdir: Path) -> None:
    inbox = workdir / "inbox"
    for app in ("application-004", "application-038"):
        shutil.copytree(SAMPLES / "inbox" / app, inbox / app)
    res = _run([str(installed / "redactor"), "batch", "inbox", "-o", "outbox", "--keys", "keys.json",
                "--workers", "1", "--no-progress"], cwd=workdir, env=_clean_env())
    assert res.returncode in (0, 4), res.stderr[-3000:]
    summary = json.loads((workdir / "outbox" / "summary.json").read_text(encoding="utf-8"))
    assert summary["exit_code"] == res.returncode
    docs = [d for a in summary["applications"] for d in a["documents"]]
    assert len(docs) == 2 and all(d["outcome"] in ("clean", "needs_review") for d in docs), docs
    outputs = sorted(p for p in (workdir / "outbox").rglob("*") if p.suffix in (".pdf", ".docx"))
    assert len(outputs) == 2
    for out in outputs:
        with pymupdf.open(out) as doc:
            assert doc.page_count >= 1 and "".join(page.get_text() for page in doc).strip()
    assert (workdir / "keys.json").is_file()


@pytest.mark.slow
def test_install_wheel_built_from_the_sdist_carries_the_models(tmp_path: Path) -> None:
    """sdist -> wheel (what an index user's pip does): MANIFEST.in must carry models/ into the sdist."""
    import tarfile
    import zipfile

    env = _clean_env()
    tools = tmp_path / "tools"
    assert _run([sys.executable, "-m", "venv", str(tools)], cwd=tmp_path, env=env).returncode == 0
    got = _run([str(tools / "bin" / "pip"), "install", "-q", "build"], cwd=tmp_path, env=env)
    if got.returncode != 0:
        pytest.skip(f"cannot install 'build' (offline?): {got.stderr[-300:]}")
    src = _copy_sources(tmp_path / "src-copy")
    sdist_dir = tmp_path / "sdist"
    built = _run([str(tools / "bin" / "python"), "-m", "build", "--sdist", "-o", str(sdist_dir), str(src)],
                 cwd=tmp_path, env=env)
    assert built.returncode == 0, built.stderr[-3000:]
    sdist = next(sdist_dir.glob("redactor-*.tar.gz"))
    with tarfile.open(sdist) as tar:
        assert any(n.endswith("/models/ner/meta.json") for n in tar.getnames())
    wheels = tmp_path / "wheels"
    wheel = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(sdist)],
                 cwd=tmp_path, env=env)
    assert wheel.returncode == 0, wheel.stderr[-3000:]
    with zipfile.ZipFile(next(wheels.glob("redactor-*.whl"))) as z:
        names = set(z.namelist())
    from redactor.models import PARTS

    assert all(f"redactor/model_data/{rel}" in names for rels in PARTS.values() for rel in rels)
