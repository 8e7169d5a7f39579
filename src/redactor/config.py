"""One validated configuration model: defaults < YAML file < keyword arguments / CLI flags."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from redactor.errors import ConfigError
from redactor.types import Action, Category

DEFAULT_LABELS: dict[str, dict[str, str]] = {
    "da": {
        "NAME": "[NAVN]",
        "CPR": "[CPR]",
        "BIRTHDATE": "[FØDSELSDATO]",
        "AGE": "[ALDER]",
        "GENDER": "[KØN]",
        "ETHNICITY": "[ETNICITET]",
        "FAMILY": "[FAMILIE]",
        "EMAIL": "[E-MAIL]",
        "PHONE": "[TELEFON]",
        "ADDRESS": "[ADRESSE]",
        "URL": "[LINK]",
        "PHOTO": "[FOTO]",
        "OTHER": "[FJERNET]",
    },
    "en": {
        "NAME": "[NAME]",
        "CPR": "[CPR]",
        "BIRTHDATE": "[BIRTHDATE]",
        "AGE": "[AGE]",
        "GENDER": "[GENDER]",
        "ETHNICITY": "[ETHNICITY]",
        "FAMILY": "[FAMILY]",
        "EMAIL": "[EMAIL]",
        "PHONE": "[PHONE]",
        "ADDRESS": "[ADDRESS]",
        "URL": "[LINK]",
        "PHOTO": "[PHOTO]",
        "OTHER": "[REMOVED]",
    },
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Limits(_Strict):
    """Safety limits; an input over a limit is refused with its reason."""

    max_file_mb: float = Field(50.0, gt=0)
    max_pages: int = Field(40, gt=0)
    max_page_side_pt: float = Field(14400.0, gt=0)  # 200 inches, the PDF maximum
    max_image_pixels: int = Field(60_000_000, gt=0)
    max_docx_uncompressed_mb: float = Field(200.0, gt=0)
    max_docx_entries: int = Field(2000, gt=0)
    max_seconds: float = Field(180.0, gt=0)  # per document, enforced in a child process (batch, redact)
    max_memory_mb: int = Field(3072, gt=0)  # per worker process (batch workers, IsolatedPipeline)


class OcrSettings(_Strict):
    """OCR of scanned pages and images."""

    enabled: bool = True
    languages: str = "dan+eng"
    dpi: int = Field(200, ge=100, le=600)
    timeout_s: float = Field(120.0, gt=0)


class TrialColumns(_Strict):
    """The headers of the trial's voluntary questions in the application form's export (``--answers``).

    Each field lists the headers (case, stars, qualifiers in parentheses and end punctuation ignored, as for
    identity columns) of one question of :mod:`redactor.trial.survey`. Such a column never reaches the
    overview, the review page or any log; with ``--trial-key`` a consenting row's values are stored, encrypted,
    under the row's candidate number (an ``evaluation.json`` in the application folder wins over the row).
    """

    consent: tuple[str, ...] = ("Samtykke til evaluering", "Evaluering: samtykke", "Consent to evaluation",
                                "Evaluation: consent")
    gender: tuple[str, ...] = ("Evaluering: køn", "Evaluation: gender")
    age_band: tuple[str, ...] = ("Evaluering: aldersgruppe", "Evaluering: alder", "Evaluation: age band",
                                 "Evaluation: age")
    origin: tuple[str, ...] = ("Evaluering: oprindelse", "Evaluation: origin")
    country_group: tuple[str, ...] = ("Evaluering: landegruppe", "Evaluation: country group")

    @field_validator("consent", "gender", "age_band", "origin", "country_group", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return (value,) if isinstance(value, str) else value

    def by_question(self) -> dict[str, tuple[str, ...]]:
        """Question -> its headers, in the order of the survey (consent first)."""
        return {"consent": self.consent, "gender": self.gender, "age_band": self.age_band,
                "origin": self.origin, "country_group": self.country_group}


class Config(_Strict):
    """Everything a run can be told. Unknown keys are errors."""

    language: Literal["auto", "da", "en"] = "auto"
    label_style: Literal["label", "box"] = "label"
    labels: dict[str, dict[str, str]] = Field(default_factory=lambda: DEFAULT_LABELS)
    actions: dict[Category, Action] = Field(default_factory=dict)
    redact_threshold: float = Field(0.6, ge=0, le=1)
    review_threshold: float = Field(0.35, ge=0, le=1)
    allow_list: tuple[str, ...] = ()
    deny_list: tuple[str, ...] = ()
    include_text_in_report: bool = False
    include_filenames_in_report: bool = False
    passwords: tuple[str, ...] = ()
    remove_images_in_personal_area: bool = True
    pdftotext_check: bool = True
    residual_check: bool = True  # the residual-risk check on every output (redactor.verify.residual)
    residual_signals_off: tuple[str, ...] = ()  # residual-check signals switched off by name
    limits: Limits = Field(default_factory=Limits)  # type: ignore[arg-type]
    # the models folder (``--models DIR``); None: REDACTOR_MODELS, the installed package's, the checkout's
    models_dir: Path | None = None
    ocr: OcrSettings = Field(default_factory=OcrSettings)  # type: ignore[arg-type]
    # the headers of the trial's questions in the answers export (never shown; stored only with --trial-key)
    trial_columns: TrialColumns = Field(default_factory=TrialColumns)  # type: ignore[arg-type]

    @field_validator("labels")
    @classmethod
    def _labels_known(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        merged = {lang: dict(d) for lang, d in DEFAULT_LABELS.items()}
        for lang, table in value.items():
            if lang not in merged:
                raise ValueError(f"unknown label language {lang!r} (use 'da' or 'en')")
            for cat, text in table.items():
                if cat not in Category.__members__:
                    raise ValueError(f"unknown category {cat!r} in labels")
                merged[lang][cat] = text
        return merged

    @field_validator("residual_signals_off")
    @classmethod
    def _signals_known(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        from redactor.verify.residual import SIGNALS

        unknown = sorted(set(value) - set(SIGNALS))
        if unknown:
            raise ValueError(f"unknown residual signal(s) {', '.join(unknown)} (known: {', '.join(SIGNALS)})")
        return value

    def action_for(self, category: Category) -> Action:
        """The configured action for a category (default: redact)."""
        return self.actions.get(category, Action.REDACT)

    def label_for(self, category: Category | str, lang: str) -> str:
        table = self.labels.get(lang if lang in self.labels else "da", DEFAULT_LABELS["da"])
        return table.get(str(category), table["OTHER"])


def load_config(path: str | Path | None = None, **overrides: Any) -> Config:
    """Build a validated config from defaults, an optional YAML file and keyword overrides.

    Args:
        path: a YAML file; its top level is a mapping of Config fields.
        **overrides: Config fields that win over the file.
    Returns:
        The frozen Config.
    Raises:
        ConfigError: the file is missing or unreadable, or a key or value is invalid.
    """
    data: dict[str, Any] = {}
    if path is not None:
        p = Path(path)
        if not p.is_file():
            raise ConfigError(f"config file not found: {p}")
        try:
            loaded = yaml.safe_load(p.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"config file {p} is not valid YAML: {exc}") from None
        if loaded is None:
            loaded = {}
        if not isinstance(loaded, dict):
            raise ConfigError(f"config file {p} must hold a mapping at the top level")
        data.update(loaded)
    data.update({k: v for k, v in overrides.items() if v is not None})
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(x) for x in err['loc']) or '<root>'}: {err['msg']}" for err in exc.errors()
        )
        raise ConfigError(f"invalid configuration: {problems}") from None
