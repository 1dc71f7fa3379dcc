"""The labelled detection corpus stays well-formed: the accuracy figures are only as good as its labels."""

from __future__ import annotations

import json
from collections import Counter

from conftest import DATA, ROOT

PHASES = {"requirements", "estimation", "api", "data_model", "high_level_design", "deep_dive", "bottlenecks",
          "wrap_up"}
ITEMS = [json.loads(line) for line in (DATA / "detect" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]


def core_ids() -> set[str]:
    from sdi.banks import load_library

    return set(load_library().catalog.concepts)


def test_ids_are_unique_and_labels_are_known() -> None:
    known = core_ids()
    assert len({i["id"] for i in ITEMS}) == len(ITEMS)
    for item in ITEMS:
        assert item["phase"] in PHASES, item["id"]
        assert set(item["concepts"]) <= known and set(item["negated"]) <= known, item["id"]
        assert not set(item["concepts"]) & set(item["negated"]), item["id"]


def test_both_splits_are_big_enough_and_cover_every_bank() -> None:
    splits = Counter(i["split"] for i in ITEMS)
    assert set(splits) == {"dev", "heldout"} and splits["heldout"] >= 200 and len(ITEMS) >= 400
    banks = {p.stem for p in (ROOT / "question_banks").glob("*.yaml")} - {"concepts", "interviewer", "units"}
    for split in splits:
        assert {i["bank"] for i in ITEMS if i["split"] == split} == banks


def test_about_a_fifth_rule_something_out() -> None:
    share = sum(bool(i["negated"]) for i in ITEMS) / len(ITEMS)
    assert 0.15 <= share <= 0.35
