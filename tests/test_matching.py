"""Concept detection: hand-written cases, every catalog example, and the shape of what detect reports."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import DATA
from sdi.banks import load_bank, load_library
from sdi.interviewer import concepts_for
from sdi.matching import Matcher, detection_json

CASES = yaml.safe_load((DATA / "detect" / "cases.yaml").read_text(encoding="utf-8"))
LIBRARY = load_library()
MATCHER = Matcher(LIBRARY.catalog, concepts_for(LIBRARY, None))
EXAMPLES = [(cid, kind, text) for cid, c in sorted(LIBRARY.catalog.concepts.items())
            for kind, texts in (("credit", c.examples.credit), ("reject", c.examples.reject)) for text in texts]


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_hand_written_cases(case: dict) -> None:
    det = MATCHER.detect(case["text"], phases=(case["phase"],) if "phase" in case else ())
    for cid in case.get("credit", []):
        assert cid in det.ids, f"{cid} not credited in {case['text']!r}: {det.ids}"
    for cid in case.get("reject", []):
        assert cid not in det.ids, f"{cid} wrongly credited in {case['text']!r}"
    for cid in case.get("negated", []):
        assert cid in [n.id for n in det.negated]


@pytest.mark.parametrize("cid,kind,text", EXAMPLES, ids=[f"{c}-{k}-{i}" for i, (c, k, _) in enumerate(EXAMPLES)])
def test_catalog_examples(cid: str, kind: str, text: str) -> None:
    ids = MATCHER.detect(text).ids
    assert (cid in ids) == (kind == "credit"), f"{kind} example for {cid}: {text!r} -> {ids}"


def test_a_negated_mention_is_never_credited() -> None:
    det = MATCHER.detect("no cache, no cdn, no sharding")
    assert not {"cache", "cdn", "sharding"} & set(det.ids)
    assert {"cache", "cdn", "sharding"} <= {n.id for n in det.negated}


def test_evidence_offsets_point_into_the_text() -> None:
    text = "First, put redis in front of the db. Then shard."
    for credit in MATCHER.detect(text).concepts:
        assert text[credit.start:credit.end] == credit.evidence
        assert 0 < credit.score <= 100


def test_detect_json_has_the_documented_shape() -> None:
    record = detection_json(MATCHER.detect("30M requests/day; no need to shard yet; redis cache"), "news_feed", None)
    assert set(record) == {"bank", "phase", "concepts", "negated", "ambiguous", "numbers"}
    assert {"id", "evidence", "start", "end", "score"} <= set(record["concepts"][0])
    assert record["numbers"][0] == {"text": "30M requests/day", "value": 30000000, "unit": "requests", "per": "day"}
    assert [n["id"] for n in record["negated"]] == ["sharding"]


def test_ambiguous_phrases_are_reported_not_guessed() -> None:
    det = MATCHER.detect("we keep a standby copy of everything")
    assert det.ambiguous and set(det.ambiguous[0].ids) == {"replication", "redundancy_failover"}
    assert not {"replication", "redundancy_failover"} & set(det.ids)


def test_only_restricts_candidates() -> None:
    det = MATCHER.detect("redis cache and a load balancer", only=["cache"])
    assert det.ids == ("cache",)


def test_a_long_design_document_is_read_whole() -> None:
    part = "Clients call the API. " * 900  # about 20,000 characters of filler per part
    doc = f"We expect 10M DAU.\n\n{part}\n\nA Redis cache sits in front of Postgres.\n\n{part}\n\nNo CDN for v1."
    det = MATCHER.detect_document(doc)
    assert {"scale_users", "cache", "relational_database"} <= set(det.ids)
    assert [n.id for n in det.negated] == ["cdn"]
    for credit in det.concepts:
        assert doc[credit.start:credit.end] == credit.evidence


def test_every_bank_widening_a_concept_adds_its_rules_once() -> None:
    # each bank's concept already holds the catalog's rules; the all-banks view must not repeat them
    for cid, concept in MATCHER.concepts.items():
        for kind in ("terms", "near_terms", "patterns", "numbers", "unless_near", "cues"):
            rules = getattr(concept, kind)
            assert len(rules) == len(set(rules)), f"{cid}.{kind} repeats a rule"


def test_a_pattern_slot_is_filled_by_any_of_its_words(tmp_path: Path) -> None:
    bank = tmp_path / "geo.yaml"
    bank.write_text("id: geo\ntitle: T\nprompt: x\nphases: {}\nconcepts:\n  geo_cells:\n    phase: deep_dive\n"
                    "    description: cells\n    patterns:\n      - all: [driver, [geohash, quadtree]]\n")
    geo = load_bank(bank, LIBRARY.catalog)
    matcher = Matcher(LIBRARY.catalog, {**LIBRARY.catalog.concepts, **geo.concepts})
    for text in ("index each driver by geohash", "a quadtree of driver positions"):
        det = matcher.detect(text)
        assert "geo_cells" in det.ids, text
        assert next(m for m in det.mentions if m.concept == "geo_cells").rule.source == "driver + geohash/quadtree"
    assert "geo_cells" not in matcher.detect("a geohash of the restaurant").ids


def test_a_long_document_is_not_cut_between_a_label_and_its_list() -> None:
    part = "Clients call the API. " * 900  # the list below straddles the 20,000th character
    items = "\n\n".join(f"* Item {k} of the plan" for k in range(40))
    doc = f"{part}\n\n#### Out of scope\n\n* Multi-region failover\n\n{items}\n\n* Rate limiting per user\n\n{part}"
    det = MATCHER.detect_document(doc)
    assert {"multi_region", "rate_limiting"} <= {n.id for n in det.negated}
    assert not {"multi_region", "rate_limiting"} & set(det.ids)
