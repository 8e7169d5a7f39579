"""The evaluation over the labelled splits (samples, samples/wild) runs in CI and fails when a figure drops below
the ratchet."""

from __future__ import annotations

import pytest

from conftest import REPO
from redactor.cli import main

RATCHET = REPO / "tests" / "eval_ratchet.json"


@pytest.mark.timeout(900)  # every sample twice (with and without form data) plus the 500-row answers split
def test_eval_samples_do_not_regress(capsys) -> None:
    assert RATCHET.is_file(), \
        "record the ratchet with: redactor eval samples --ratchet tests/eval_ratchet.json --update-ratchet"
    code = main(["eval", str(REPO / "samples"), "--ratchet", str(RATCHET)])
    out, err = capsys.readouterr()
    with capsys.disabled():
        print("\n" + out)
        if err:
            print(err)
    assert "recall, all PII" in out
    assert "split samples: 120 documents" in out
    assert "split wild:" in out  # its shared-file part is skipped with a note when ../shared is absent
    assert code == 0, f"evaluation regressed:\n{err}"
