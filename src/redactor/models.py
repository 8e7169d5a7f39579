"""Where the model files (NER, name gazetteer, gazetteers, face detector) are found: one locator for all.

Search order, first match wins:

1. an explicit folder: ``Pipeline(models_dir=...)``, ``models_dir`` in the config, ``--models DIR`` on the CLI;
2. the ``REDACTOR_MODELS`` environment variable;
3. the models packaged inside the installed package (``redactor/model_data``, put there by ``setup.py`` when
   a wheel is built);
4. the checkout's top-level ``models/`` folder (a source checkout or an editable install).

A folder named explicitly (1 or 2) is used as it is: when it lacks a piece, that is an error, never a quiet
fall-back to another folder. Nothing is downloaded.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from redactor.errors import DependencyMissingError

#: Environment variable naming a models folder (overrides the packaged models).
MODELS_ENV = "REDACTOR_MODELS"

#: Inside an installed wheel: ``<site-packages>/redactor/model_data`` (copied from ``models/`` at build time).
PACKAGED_DIR = Path(__file__).resolve().parent / "model_data"

#: A source checkout or an editable install: ``<repo>/models`` (``src/redactor/models.py`` is two levels down).
CHECKOUT_DIR = Path(__file__).resolve().parents[2] / "models"

#: The pieces of the models folder and the file that shows each is there.
PARTS: dict[str, tuple[str, ...]] = {
    "ner": ("ner/config.cfg", "ner/meta.json"),
    "names": ("names/names.json.gz",),
    "gazetteers": ("gazetteers/manifest.json",),
    "faces": ("faces/face_detection_short_range.tflite", "faces/face_detection_full_range.tflite"),
}


class ModelsMissingError(DependencyMissingError):
    """A model file the redactor needs is not where the locator looked (or the named folder lacks it)."""

    code = "R402"


def _missing(folder: Path, parts: Sequence[str]) -> list[str]:
    return [rel for part in parts for rel in PARTS[part] if not (folder / rel).is_file()]


def candidates(explicit: str | Path | None = None) -> list[tuple[str, Path]]:
    """The folders the locator considers, in order, each with where it came from."""
    if explicit is not None and str(explicit) != "":
        return [("--models / models_dir", Path(explicit).expanduser())]
    env = os.environ.get(MODELS_ENV, "").strip()
    if env:
        return [(MODELS_ENV, Path(env).expanduser())]
    return [("installed package", PACKAGED_DIR), ("source checkout", CHECKOUT_DIR)]


def find_models(explicit: str | Path | None = None, parts: Sequence[str] = tuple(PARTS)) -> Path:
    """The models folder holding ``parts``.

    Args:
        explicit: a folder named by the caller (``--models``, ``models_dir=``); wins over everything else.
        parts: which pieces are needed (keys of :data:`PARTS`: "ner", "names", "gazetteers", "faces").
    Returns:
        The folder (its ``ner/``, ``names/``, ``gazetteers/``, ``faces/`` hold the pieces).
    Raises:
        ModelsMissingError: no considered folder holds every requested piece; the message names the missing
            files and every folder looked in.
    """
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        raise ValueError(f"unknown model parts: {unknown}")
    looked: list[str] = []
    for origin, folder in candidates(explicit):
        missing = _missing(folder, parts)
        if not missing:
            return folder
        where = f"{folder} ({origin})"
        looked.append(f"{where}: missing {', '.join(missing)}" if folder.is_dir() else f"{where}: no such folder")
    raise ModelsMissingError(
        f"model files not found ({', '.join(parts)}). Looked in: " + "; ".join(looked)
        + f". Point --models or {MODELS_ENV} at a folder laid out like the project's models/ "
        "(see models/README.md), or reinstall redactor from a wheel that carries them."
    )


__all__ = ["CHECKOUT_DIR", "MODELS_ENV", "PACKAGED_DIR", "PARTS", "ModelsMissingError", "candidates", "find_models"]
