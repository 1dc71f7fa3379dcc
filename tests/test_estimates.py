"""The estimate checks, case by case from tests/data/estimates.yaml: which quantity each figure is taken for,
the verdict, and which facts the candidate's stated assumptions replace."""

from __future__ import annotations

import pytest
import yaml

from conftest import DATA
from sdi.interviewer import Interviewer
from sdi.model import Library

CASES = yaml.safe_load((DATA / "estimates.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[f"{c['bank']}: {c['say'][0][:50]}" for c in CASES])
def test_checks_each_figure_against_the_quantity_it_estimates(library: Library, case: dict) -> None:
    iv = Interviewer(library, library.banks[case["bank"]], library.flows["seven_step"], "senior", 0, "interviewer")
    iv.start()
    for _ in range(8):  # on to the case's phase (estimation unless it says)
        if iv.phase == case.get("phase", "estimation"):
            break
        iv.answer("/next", 30)
    for i, text in enumerate(case["say"]):
        iv.answer(text, 60 + 30 * i)
    got = [[c.given.text, c.quantity.id if c.quantity else "arithmetic", c.verdict] for _, c in iv.state.checks]
    if "checks" in case:
        assert got == case["checks"]
    if "assumptions" in case:
        assert iv.state.assumptions == case["assumptions"]
