"""The number reader, case by case from tests/data/numbers.yaml."""

from __future__ import annotations

import math

import pytest
import yaml

from conftest import DATA
from sdi.numbers import read_numbers

CASES = yaml.safe_load((DATA / "numbers.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["text"] for c in CASES])
def test_reads_quantities(case: dict) -> None:
    numbers = read_numbers(case["text"])
    got = [n.as_json() for n in numbers]
    assert len(got) == len(case["numbers"]), got
    for n, found, want in zip(numbers, got, case["numbers"]):
        assert math.isclose(found["value"], want["value"], rel_tol=1e-9)
        assert found["unit"] == want["unit"]
        assert found["per"] == want["per"]
        assert n.each == want.get("each", ""), n


def test_offsets_point_at_the_quantity() -> None:
    text = "we get 30M requests/day at peak"
    (n,) = read_numbers(text)
    assert text[n.start:n.end] == "30M requests/day"
