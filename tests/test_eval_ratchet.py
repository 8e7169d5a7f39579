"""The evaluation over the labelled splits (samples, the answers export, samples/wild) runs in CI and fails when a
figure drops below the ratchet. One test per split (the wild split: per form-data setting), so that each has its
own time budget."""

from __future__ import annotations

import pytest

from conftest import REPO
from redactor.cli import main

RATCHET = REPO / "tests" / "eval_ratchet.json"


@pytest.mark.timeout(900)
@pytest.mark.parametrize(("split", "form"),
                         [("samples", "both"), ("answers", "both"), ("wild", "with"), ("wild", "without")])
def test_eval_split_does_not_regress(split: str, form: str, capsys) -> None:
    assert RATCHET.is_file(), \
        "record the ratchet with: redactor eval samples --ratchet tests/eval_ratchet.json --update-ratchet"
    code = main(["eval", str(REPO / "samples"), "--split", split, "--form", form, "--ratchet", str(RATCHET)])
    out, err = capsys.readouterr()
    with capsys.disabled():
        print("\n" + out)
        if err:
            print(err)
    if split == "samples":
        assert "split samples: 120 documents" in out and "recall, all PII" in out
    elif split == "answers":
        assert "answers split:" in out
    else:  # the wild split's shared-file part is skipped with a note without ../shared
        assert f"split {split}:" in out
    assert code == 0, f"evaluation regressed:\n{err}"
