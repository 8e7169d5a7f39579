"""Config: one validated model; unknown keys and bad values are errors, never silently ignored."""

from __future__ import annotations

import pytest

from redactor import ConfigError, load_config
from redactor.types import Action, Category


def test_config_defaults_redact_every_category() -> None:
    cfg = load_config()
    assert all(cfg.action_for(c) is Action.REDACT for c in Category)
    assert cfg.label_for(Category.NAME, "da") == "[NAVN]"
    assert cfg.label_for(Category.NAME, "en") == "[NAME]"


def test_config_yaml_and_overrides(tmp_path) -> None:
    f = tmp_path / "c.yaml"
    f.write_text("language: en\nactions:\n  GENDER: keep\nlabels:\n  da:\n    NAME: '[SKJULT]'\n")
    cfg = load_config(f, redact_threshold=0.7)
    assert cfg.language == "en"
    assert cfg.action_for(Category.GENDER) is Action.KEEP
    assert cfg.label_for(Category.NAME, "da") == "[SKJULT]"
    assert cfg.label_for(Category.EMAIL, "da") == "[E-MAIL]"  # others keep their defaults
    assert cfg.redact_threshold == 0.7


@pytest.mark.parametrize(
    "yaml_text, fragment",
    [
        ("lanugage: da\n", "lanugage"),
        ("actions:\n  SHOESIZE: redact\n", "SHOESIZE"),
        ("actions:\n  NAME: obliterate\n", "actions.NAME"),
        ("limits:\n  max_pages: 0\n", "limits.max_pages"),
        ("limits:\n  max_page: 3\n", "max_page"),
        ("- a\n- b\n", "mapping"),
        ("labels:\n  fr:\n    NAME: x\n", "fr"),
    ],
)
def test_config_rejects_bad_files(tmp_path, yaml_text: str, fragment: str) -> None:
    f = tmp_path / "c.yaml"
    f.write_text(yaml_text)
    with pytest.raises(ConfigError) as err:
        load_config(f)
    assert fragment in str(err.value)


def test_config_missing_file_is_an_error(tmp_path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yaml")
