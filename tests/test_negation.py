"""Negation scopes: what a cue reaches and what it leaves alone, and ideas weighed but not chosen."""

from __future__ import annotations

import pytest
import yaml

from conftest import DATA
from sdi.banks import load_library
from sdi.negation import NegationReader
from sdi.text import tokens

CATALOG = load_library().catalog
READER = NegationReader(CATALOG.negation)
CASES = yaml.safe_load((DATA / "negation" / "scopes.yaml").read_text(encoding="utf-8"))


def negated_words(text: str) -> dict[str, bool]:
    toks = tokens(text, CATALOG.abbreviations)
    return {t.raw: bool(cue) for t, cue in zip(toks, READER.scopes(toks))}


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_scope_cases(case: dict) -> None:
    words = negated_words(case["text"])
    for word in case.get("negated", []):
        assert words[word], f"{word!r} should be negated in {case['text']!r}"
    for word in case.get("kept", []):
        assert not words[word], f"{word!r} should not be negated in {case['text']!r}"


def test_questions_and_weighing_cues_are_tentative() -> None:
    toks = tokens("Should we shard by user? We store posts in Postgres.", CATALOG.abbreviations)
    marks = dict(zip((t.raw for t in toks), READER.tentative(toks)))
    assert marks["shard"] and not marks["postgres"]


@pytest.mark.parametrize("text,word,expected", [
    ("replication for counters, hmm. I'd skip it.", "replication", True),
    ("Autoscaling, uh, I wouldn't do it.", "autoscaling", True),
    ("Clients are internal services, not end users", "internal", False),
    ("tables: users, posts", "tables", False),
    ("Um, multi-region, I'd hold off.", "multi", True),
    ("Reads come in by code only, one key lookup, so a key-value store fits.", "lookup", False),
    ("Behind it sit a post service, a graph service and a feed service.", "graph", False),
])
def test_a_clause_that_only_names_a_topic(text: str, word: str, expected: bool) -> None:
    toks = tokens(text, CATALOG.abbreviations)
    at = [t.raw for t in toks].index(word)
    assert READER.topic_only(toks, at, at) is expected
