"""Model records compare and hash by value, as the dataclasses they replace did."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, field, replace

import pytest

from sdi.model import Fact, Origin
from sdi.records import value


@value
@dataclass(frozen=True, eq=False)
class Point:
    x: int
    y: int = 0
    note: str = field(default="", compare=False)


def test_equal_values_are_equal_and_hash_alike() -> None:
    assert Point(1, 2, "a") == Point(1, 2, "b") and hash(Point(1, 2, "a")) == hash(Point(1, 2, "b"))
    assert Point(1, 2) != Point(2, 1) and len({Point(1), Point(1), Point(2)}) == 2


def test_other_classes_never_compare_equal() -> None:
    assert Point(1, 0) != (1, 0) and Origin("f", 1, 2) != Point(1, 2)


def test_model_records_keep_value_semantics_and_stay_frozen() -> None:
    assert Origin("bank.yaml", 3, 5) == Origin("bank.yaml", 3, 5)
    assert {Origin("a", 1, 1), Origin("a", 1, 1)} == {Origin("a", 1, 1)}
    with pytest.raises(FrozenInstanceError):
        Origin("a").line = 2  # type: ignore[misc]
    assert Fact.__eq__ is Origin.__eq__  # one shared method, not one compiled per class
    with pytest.raises(FrozenInstanceError):
        del Origin("a").line
    with pytest.raises(FrozenInstanceError):
        Origin("a").note = "x"  # type: ignore[attr-defined]
    assert Fact.__setattr__ is Origin.__setattr__ and replace(Origin("a", 1), line=2) == Origin("a", 2)
