"""Property-based tests: whatever is typed, every layer answers, stays valid, and replays to the same state."""

from __future__ import annotations

import json
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sdi.banks import load_library
from sdi.events import dumps
from sdi.interviewer import COMMANDS, Interviewer, concepts_for
from sdi.matching import Matcher
from sdi.model import PHASES
from sdi.numbers import read_numbers
from sdi.scoring import build
from sdi.text import MAX_CHARS, clean, tokens

LIBRARY = load_library()
MATCHER = Matcher(LIBRARY.catalog, concepts_for(LIBRARY, None))
PROFILE = settings(max_examples=150, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow])

words = st.sampled_from(["cache", "redis", "no", "not", "later", "shard", "cahce", "load", "balancer", "100M",
                         "per", "day", "1,200", "rps", "?", ",", ".", ":", "queue", "kafka", "instead", "of",
                         "how", "many", "users", "assume", "so", "because", "/v1/urls", "GET", "TB", "x", "5"])
answers = st.one_of(st.text(max_size=300), st.lists(words, max_size=40).map(" ".join))
turns = st.one_of(answers, st.sampled_from([f"/{c}" for c in COMMANDS]))


@PROFILE
@given(st.text(max_size=2000))
def test_clean_is_idempotent_and_safe(text: str) -> None:
    once = clean(text)
    assert clean(once) == once
    assert len(once) <= MAX_CHARS
    assert not any(ord(c) < 32 and c != "\n" or 0x7F <= ord(c) <= 0x9F for c in once)


@PROFILE
@given(st.text(max_size=500))
def test_tokens_point_into_the_text(text: str) -> None:
    text = clean(text)
    for t in tokens(text):
        assert 0 <= t.start <= t.end <= len(text)


@PROFILE
@given(answers)
def test_numbers_are_finite_and_located(text: str) -> None:
    for n in read_numbers(text):
        assert math.isfinite(n.value) and n.value >= 0
        assert 0 <= n.start < n.end <= len(text)
        json.dumps(n.as_json(), allow_nan=False)


@PROFILE
@given(answers)
def test_detection_is_consistent(text: str) -> None:
    det = MATCHER.detect(text)
    assert not set(det.ids) & {n.id for n in det.negated}
    for credit in det.concepts:
        assert det.text[credit.start:credit.end] == credit.evidence
    assert MATCHER.detect(text) == det


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(turns, min_size=1, max_size=25), st.integers(0, 3), st.sampled_from(sorted(LIBRARY.flows)))
def test_core_always_replies_stays_valid_and_replays_identically(script: list[str], seed: int, flow: str) -> None:
    def run() -> tuple[list[str], Interviewer]:
        iv = Interviewer(LIBRARY, LIBRARY.banks["url_shortener"], LIBRARY.flows[flow], "senior", seed)
        out = [dumps(e.as_json()) for e in iv.start()]
        for i, text in enumerate(script):
            candidate, replies = iv.answer(text, 45.0 * (i + 1))
            assert replies, f"no reply to {text!r}"
            assert candidate.phase in PHASES
            assert iv.phase in PHASES
            out += [dumps(candidate.as_json())] + [dumps(r.as_json()) for r in replies]
        out.append(dumps(build(iv).as_json()))
        return out, iv

    first, iv = run()
    second, _ = run()
    assert first == second
    card = build(iv)
    assert 0 <= card.overall <= 100
