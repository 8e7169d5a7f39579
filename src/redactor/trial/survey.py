"""The applicant's voluntary evaluation answers (``evaluation.json``): vocabulary and validation.

The answers describe the applicant for the trial's evaluation only. They are never used for detection and
never written to OUTBOX, the overview, reports, logs or the review page; see :mod:`redactor.trial.store`.

File format (Danish or English values, case and spacing ignored)::

    {"consent": "ja", "gender": "kvinde", "age_band": "30-39",
     "origin": "efterkommer", "country_group": "ikke-vestligt"}

Every question may be answered "ønsker ikke at oplyse" / "prefer not to say", or left out (the same).
Without ``consent`` equal to yes nothing of the file is kept.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from redactor.errors import ConfigError

EVALUATION_FILE: Final = "evaluation.json"
NOT_STATED: Final = "uoplyst"
NOT_APPLICABLE: Final = "ikke_relevant"

#: dimension -> canonical groups, in report order (the "not stated" group last)
DIMENSIONS: Final[dict[str, tuple[str, ...]]] = {
    "gender": ("kvinde", "mand", "andet", NOT_STATED),
    "age_band": ("under 30", "30-39", "40-49", "50-59", "60+", NOT_STATED),
    "origin": ("dansk oprindelse", "indvandrer", "efterkommer", NOT_STATED),
    "country_group": ("vestligt land", "ikke-vestligt land", NOT_STATED),
}

_PREFER_NOT = ("ønsker ikke at oplyse", "onsker ikke at oplyse", "vil ikke oplyse", "prefer not to say",
               "uoplyst", "not stated", "")
_ALIASES: Final[dict[str, dict[str, str]]] = {
    "gender": {"kvinde": "kvinde", "k": "kvinde", "woman": "kvinde", "female": "kvinde",
               "mand": "mand", "m": "mand", "man": "mand", "male": "mand",
               "andet": "andet", "other": "andet", "non-binary": "andet", "nonbinary": "andet"},
    "age_band": {"under 30": "under 30", "<30": "under 30", "under30": "under 30",
                 "30-39": "30-39", "40-49": "40-49", "50-59": "50-59",
                 "60+": "60+", "60 eller derover": "60+", "60 or over": "60+", "60 and over": "60+"},
    "origin": {"dansk oprindelse": "dansk oprindelse", "danish origin": "dansk oprindelse",
               "indvandrer": "indvandrer", "immigrant": "indvandrer",
               "efterkommer": "efterkommer", "descendant": "efterkommer"},
    "country_group": {"vestligt land": "vestligt land", "vestligt": "vestligt land", "vestlig": "vestligt land",
                      "western": "vestligt land", "western country": "vestligt land",
                      "ikke-vestligt land": "ikke-vestligt land", "ikke-vestligt": "ikke-vestligt land",
                      "ikke-vestlig": "ikke-vestligt land", "ikke vestligt": "ikke-vestligt land",
                      "non-western": "ikke-vestligt land", "non-western country": "ikke-vestligt land",
                      "nonwestern": "ikke-vestligt land"},
}
_YES = {"ja", "yes", "true", "1", "j", "y"}
_NO = {"nej", "no", "false", "0", "n"}


def _norm(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value)).casefold().strip()
    text = text.replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(text.replace(" - ", "-").split())


@dataclass(frozen=True, slots=True)
class Answers:
    """One consenting applicant's answers, in canonical groups."""

    gender: str = NOT_STATED
    age_band: str = NOT_STATED
    origin: str = NOT_STATED
    country_group: str = NOT_STATED

    def as_dict(self) -> dict[str, str]:
        return {dim: getattr(self, dim) for dim in DIMENSIONS}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Answers:
        """From a stored record (canonical values); unknown values become "not stated"."""
        return cls(**{dim: (str(data.get(dim)) if str(data.get(dim)) in (*DIMENSIONS[dim], NOT_APPLICABLE)
                            else NOT_STATED) for dim in DIMENSIONS})


def consent_given(value: Any) -> bool:
    """True only for an explicit yes (``True``, "ja", "yes", ...).

    Raises:
        ConfigError: a value that is neither yes nor no.
    """
    if value is True:
        return True
    if value in (False, None):
        return False
    text = _norm(value)
    if text in _YES:
        return True
    if text in _NO or text == "":
        return False
    raise ConfigError("evaluation answers: consent must be yes or no (ja/nej)")


def parse_answers(data: Mapping[str, Any]) -> Answers | None:
    """Validate one applicant's answers.

    Returns:
        The answers in canonical groups, or None when consent was not given (then nothing may be kept).
    Raises:
        ConfigError: the record is malformed or a value is not in the vocabulary (the message names the
            question, never the value).
    """
    if not isinstance(data, Mapping):
        raise ConfigError("evaluation answers must be a JSON object")
    if not consent_given(data.get("consent")):
        return None
    values: dict[str, str] = {}
    for dim in DIMENSIONS:
        raw = data.get(dim)
        text = "" if raw is None else _norm(raw)
        if text in _PREFER_NOT:
            values[dim] = NOT_STATED
            continue
        canonical = _ALIASES[dim].get(text)
        if canonical is None:
            raise ConfigError(f"evaluation answers: unknown answer to '{dim}'")
        values[dim] = canonical
    if values["origin"] == "dansk oprindelse":
        values["country_group"] = NOT_APPLICABLE
    return Answers(**values)


def question_of_value(value: Any) -> str | None:
    """The question a value answers ("efterkommer" -> "origin", "30-39" -> "age_band"), or None.

    "Prefer not to say" answers every question ("*"). Used to keep a column of such answers that the config
    does not name out of the candidate overview; never to read an applicant's answers.
    """
    text = _norm(value)
    if not text:
        return None
    if text in _PREFER_NOT:
        return "*"
    return next((dim for dim, aliases in _ALIASES.items() if text in aliases), None)


def read_answers_file(path: Path) -> Answers | None:
    """Read and validate an ``evaluation.json``.

    Raises:
        ConfigError: unreadable, not JSON, or invalid (see :func:`parse_answers`).
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise ConfigError("evaluation answers: the file is not readable JSON") from None
    return parse_answers(data)
