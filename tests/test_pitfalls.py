"""The traps in the banks: which answers spring a pitfall's challenge and which do not (tests/data/pitfalls.yaml)."""

from __future__ import annotations

import pytest
import yaml

from conftest import DATA
from sdi.interviewer import Interviewer
from sdi.model import Library

CASES = yaml.safe_load((DATA / "pitfalls.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[f"{c['bank']}: {c['say'][:60]}" for c in CASES])
def test_a_pitfall_is_challenged_only_when_walked_into(library: Library, case: dict) -> None:
    iv = Interviewer(library, library.banks[case["bank"]], library.flows["seven_step"], "senior", 0, "candidate")
    iv.start()
    while iv.phase != case["phase"]:
        iv.answer("/next", 30)
    _, replies = iv.answer(case["say"], 60)
    sprung = [r.rule.removeprefix("pitfall: ") for r in replies if r.rule.startswith("pitfall: ")]
    assert sprung == ([case["pitfall"]] if case["pitfall"] else [])
