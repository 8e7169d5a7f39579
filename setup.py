"""Build hook: ship the top-level ``models/`` folder inside the wheel as ``redactor/model_data``.

Everything else about the package is declared in pyproject.toml. The models stay at the repository's top
level (the scripts that rebuild them write there, and a checkout or editable install reads them there);
a built wheel (also one built from the sdist, whose MANIFEST.in carries ``models/``) gets a copy, which
:mod:`redactor.models` finds at run time.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
MODELS = HERE / "models"
TARGET = ("redactor", "model_data")
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".DS_Store")


class BuildPyWithModels(build_py):
    """``build_py`` that also copies ``models/`` into the built package (not in editable mode)."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads <repo>/models directly
        if not (MODELS / "ner" / "meta.json").is_file():
            raise SystemExit(f"models/ is missing or incomplete at {MODELS}; cannot build a working wheel")
        target = Path(self.build_lib, *TARGET)
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(MODELS, target, ignore=SKIP)


setup(cmdclass={"build_py": BuildPyWithModels})
