"""The models locator: explicit folder > REDACTOR_MODELS > installed package > checkout; clear errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from redactor import models
from redactor.cli import main
from redactor.errors import DependencyMissingError
from redactor.models import MODELS_ENV, ModelsMissingError, find_models

REPO = Path(__file__).resolve().parents[1]


def _linked_models(folder: Path, parts: tuple[str, ...] = tuple(models.PARTS)) -> Path:
    """A models folder whose pieces are symlinks to the checkout's (cheap, and a distinct path)."""
    folder.mkdir(parents=True)
    for part in parts:
        (folder / part).symlink_to(REPO / "models" / part, target_is_directory=True)
    return folder


@pytest.fixture()
def no_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv(MODELS_ENV, raising=False)
    return monkeypatch


def test_models_checkout_is_found_when_nothing_else_is_given(no_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    no_env.setattr(models, "PACKAGED_DIR", tmp_path / "not-installed")
    assert find_models() == models.CHECKOUT_DIR == REPO / "models"


def test_models_packaged_copy_wins_over_the_checkout(no_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    packaged = _linked_models(tmp_path / "model_data")
    no_env.setattr(models, "PACKAGED_DIR", packaged)
    assert find_models() == packaged


def test_models_env_wins_over_packaged_and_explicit_wins_over_env(no_env: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    no_env.setattr(models, "PACKAGED_DIR", _linked_models(tmp_path / "model_data"))
    env_dir = _linked_models(tmp_path / "from-env")
    explicit = _linked_models(tmp_path / "explicit")
    no_env.setenv(MODELS_ENV, str(env_dir))
    assert find_models() == env_dir
    assert find_models(explicit) == explicit


def test_models_named_folder_missing_a_piece_is_an_error_not_a_fallback(no_env: pytest.MonkeyPatch,
                                                                         tmp_path: Path) -> None:
    partial = _linked_models(tmp_path / "partial", ("ner", "names", "gazetteers"))
    with pytest.raises(ModelsMissingError) as err:
        find_models(partial)
    msg = str(err.value)
    assert err.value.code == "R402" and isinstance(err.value, DependencyMissingError)
    assert "faces/face_detection_short_range.tflite" in msg and str(partial) in msg
    assert str(models.CHECKOUT_DIR) not in msg  # the checkout was not silently used instead
    # only the pieces asked for are checked
    assert find_models(partial, ("gazetteers",)) == partial
    no_env.setenv(MODELS_ENV, str(tmp_path / "nowhere"))
    with pytest.raises(ModelsMissingError, match=f"nowhere \\({MODELS_ENV}\\): no such folder"):
        find_models()


def test_models_nothing_found_names_every_place_looked(no_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    no_env.setattr(models, "PACKAGED_DIR", tmp_path / "pkg")
    no_env.setattr(models, "CHECKOUT_DIR", tmp_path / "repo")
    with pytest.raises(ModelsMissingError) as err:
        find_models(parts=("ner",))
    msg = err.value.message
    assert f"{tmp_path / 'pkg'} (installed package)" in msg and f"{tmp_path / 'repo'} (source checkout)" in msg
    assert "--models" in msg and MODELS_ENV in msg


def test_models_pipeline_takes_models_dir_and_config(no_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from redactor import Pipeline, load_config

    with pytest.raises(ModelsMissingError, match="ner/config.cfg"):
        Pipeline(models_dir=tmp_path)
    with pytest.raises(ModelsMissingError, match="ner/config.cfg"):
        Pipeline(load_config(models_dir=str(tmp_path)))
    # the face model is checked when the pipeline loads, not at the first photo
    with pytest.raises(ModelsMissingError, match="face_detection"):
        Pipeline(models_dir=_linked_models(tmp_path / "no-faces", ("ner", "names", "gazetteers")))


def test_models_cli_option_and_env_reach_the_pipeline(no_env: pytest.MonkeyPatch, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    doc = tmp_path / "cv.pdf"
    shutil.copy2(REPO / "samples" / "docs" / "doc_001.pdf", doc)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["redact", str(doc), "-o", str(tmp_path / "out"), "--models", str(empty)]) == 1
    err = capsys.readouterr().err
    assert "[R402]" in err and str(empty) in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()
    no_env.setenv(MODELS_ENV, str(empty))
    assert main(["redact", str(doc), "-o", str(tmp_path / "out")]) == 1
    assert f"({MODELS_ENV})" in capsys.readouterr().err
    # an explicit --models wins over the environment variable
    assert main(["redact", str(doc), "-o", str(tmp_path / "out"), "--models", str(REPO / "models")]) in (0, 4)
    assert len(list((tmp_path / "out").glob("doc-*.pdf"))) == 1


def test_models_batch_option_reaches_the_workers(no_env: pytest.MonkeyPatch, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    inbox = tmp_path / "inbox"
    shutil.copytree(REPO / "samples" / "inbox" / "application-004", inbox / "application-004")
    empty = tmp_path / "empty"
    empty.mkdir()
    code = main(["batch", str(inbox), "-o", str(tmp_path / "outbox"), "--keys", str(tmp_path / "keys.json"),
                 "--models", str(empty), "--workers", "1", "--no-progress"])
    err = capsys.readouterr().err
    assert code != 0 and "[R402]" in err and str(empty) in err
    assert not list((tmp_path / "outbox").rglob("*.docx"))
