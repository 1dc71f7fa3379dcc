"""The interviewer core driven directly: every behaviour a candidate would notice."""

from __future__ import annotations

import json

import pytest

from sdi.events import CandidateEvent, InterviewerEvent
from sdi.interviewer import Interviewer
from sdi.model import Library
from sdi.scoring import build


def make(library: Library, level: str = "senior", seed: int = 0, pace: str = "interviewer",
         flow: str = "seven_step") -> Interviewer:
    return Interviewer(library, library.banks["url_shortener"], library.flows[flow], level, seed, pace)


def say(iv: Interviewer, text: str, at: float) -> tuple[CandidateEvent, list[InterviewerEvent]]:
    return iv.answer(text, at)


def test_opens_with_the_problem_and_a_question(library: Library) -> None:
    events = make(library).start()
    assert [e.kind for e in events] == ["opening", "question"]
    assert "URL" in events[0].text and "45 minutes" in events[0].text


def test_answers_clarifying_questions_from_the_facts(library: Library) -> None:
    iv = make(library)
    iv.start()
    _, replies = say(iv, "How many new links are created per day?", 30)
    answers = [r.text for r in replies if r.kind == "answer"]
    assert any("100 million" in a for a in answers)


@pytest.mark.parametrize("text", ["I don't know how many links get created a day", "not sure how many links are created"])
def test_a_question_put_as_not_knowing_is_answered(library: Library, text: str) -> None:
    iv = make(library)
    iv.start()
    _, replies = say(iv, text, 30)
    assert any(r.kind == "answer" and "100 million" in r.text for r in replies)


def test_not_knowing_alone_is_no_question(library: Library) -> None:
    iv = make(library)
    iv.start()
    _, replies = say(iv, "Hmm, not sure.", 30)
    assert not any(r.kind == "answer" for r in replies)


def test_asking_about_a_requirement_covers_it_and_it_is_not_asked_back(library: Library) -> None:
    iv = Interviewer(library, library.banks["web_crawler"], library.flows["seven_step"], "mid", 0, "interviewer")
    iv.start()
    cand, replies = say(iv, "Do we render JavaScript?", 30)
    assert any(r.kind == "answer" and "HTML only" in r.text for r in replies)
    assert "media_support" in cand.credited
    for t in range(60, 300, 30):
        _, replies = say(iv, "Hmm.", t)
        assert not any(r.concept == "media_support" for r in replies)


def test_after_answering_questions_the_floor_is_the_candidates(library: Library) -> None:
    bank = library.banks["rate_limiter"]  # these questions alone cover enough of the requirements to move on
    iv = Interviewer(library, bank, library.flows["seven_step"], "staff", 1, "interviewer")
    iv.start()
    _, replies = say(iv, "Before designing: what are we limiting on, per user, per IP or per API key, and what do "
                         "typical limits look like? How much traffic goes through, and how much latency may the check "
                         "add?", 60)
    _, replies = say(iv, "And if the limiter or its store is unhealthy, should the API keep serving? How exact do the "
                         "limits need to be? How many distinct clients do we track?", 120)
    assert any(r.kind == "answer" for r in replies)
    assert iv.phase == "requirements" and not any(r.kind == "transition" for r in replies)


def test_a_question_about_the_purpose_is_answered_from_the_brief(library: Library) -> None:
    iv = make(library)
    iv.start()
    _, replies = say(iv, "What's the main goal of the service?", 30)
    assert [r.text for r in replies if r.kind == "answer"] == [
        "As in the brief: " + library.banks["url_shortener"].prompt("senior")]


@pytest.mark.parametrize(("bank", "text", "fact"), [
    ("twitter", "Do we need search?", "search_queries_per_day"),
    ("notification_system", "What channels do we need to support?", "channel_mix"),
])
def test_a_question_frame_alone_does_not_pull_in_the_scope_list(library: Library, bank: str, text: str,
                                                                  fact: str) -> None:
    iv = Interviewer(library, library.banks[bank], library.flows["seven_step"], "mid", 0, "interviewer")
    iv.start()
    _, replies = say(iv, text, 30)
    assert [r.rule.split()[1] for r in replies if r.kind == "answer"] == [fact]


def test_a_rate_asked_with_a_slash_is_answered(library: Library) -> None:
    iv = Interviewer(library, library.banks["video_streaming"], library.flows["seven_step"], "mid", 0, "interviewer")
    iv.start()
    _, replies = say(iv, "uploads/day?", 30)
    assert [r.rule.split()[1] for r in replies if r.kind == "answer"] == ["uploads_per_day"]


def test_each_part_of_a_question_goes_to_its_most_specific_fact(library: Library) -> None:
    iv = Interviewer(library, library.banks["file_upload"], library.flows["seven_step"], "mid", 0, "interviewer")
    iv.start()
    _, replies = say(iv, "Max file size? How many users and devices?", 30)
    assert [r.rule.split()[1] for r in replies if r.kind == "answer"] == [
        "max_file_size", "daily_users", "devices_per_user"]


def test_unknown_questions_get_an_interviewers_answer(library: Library) -> None:
    iv = make(library)
    iv.start()
    _, replies = say(iv, "Should the short codes be pronounceable?", 30)
    assert any(r.kind == "answer" and "assumption" in r.text for r in replies)


def test_jumping_to_a_solution_is_flagged_and_steered_back(library: Library) -> None:
    iv = make(library)
    iv.start()
    cand, replies = say(iv, "I'd put nginx in front of app servers with a redis cache and cassandra.", 30)
    assert "jumped_to_solution" in cand.flags
    assert replies[0].kind == "warning"


def test_named_technology_without_a_reason_gets_a_why(library: Library) -> None:
    iv = make(library)
    iv.start()
    say(iv, "What's the scale, how many links a day?", 30)
    cand, replies = say(iv, "We use Cassandra for the links.", 60)
    assert "unjustified_technology" in cand.flags
    assert any("Cassandra" in r.text and r.kind == "probe" for r in replies)


def test_a_reason_in_the_same_sentence_is_enough(library: Library) -> None:
    iv = make(library)
    iv.start()
    say(iv, "What's the scale, how many links a day?", 30)
    cand, _ = say(iv, "We use Cassandra because it's a single key lookup that scales out.", 60)
    assert "unjustified_technology" not in cand.flags


@pytest.mark.parametrize("answer, role", [("Redis sits in front of the database for the hot links.", "cache"),
                                          ("Each link's click counter lives in Redis.", "in_memory_store")])
def test_why_a_technology_asks_about_the_role_it_plays(library: Library, answer: str, role: str) -> None:
    iv = make(library)
    iv.start()
    say(iv, "What's the scale, how many links a day?", 30)
    _, replies = say(iv, answer, 60)
    assert [r.concept for r in replies if r.kind == "probe" and "Redis" in r.text] == [role]


@pytest.mark.parametrize("answer", ["I thought about Cassandra for the links, but no, one database box is plenty.",
                                    "We don't need Cassandra here; one database box is plenty."])
def test_a_technology_ruled_out_is_not_asked_why(library: Library, answer: str) -> None:
    iv = make(library)
    iv.start()
    say(iv, "What's the scale, how many links a day?", 30)
    cand, replies = say(iv, answer, 60)
    assert "unjustified_technology" not in cand.flags
    assert not any("Cassandra" in r.text and r.kind == "probe" for r in replies)


def test_estimates_in_range_are_credited(library: Library) -> None:
    iv = make(library)
    iv.start()
    cand, replies = say(iv, "100M links a day is about 1,200 writes per second.", 30)
    assert "qps_estimate" in cand.credited
    assert not any(r.kind == "challenge" for r in replies)


def test_far_off_estimates_are_challenged_and_flagged(library: Library) -> None:
    iv = make(library)
    iv.start()
    cand, replies = say(iv, "That's about 5 million writes per second.", 30)
    assert "estimate_off" in cand.flags
    assert any(r.kind == "challenge" for r in replies)


def test_an_off_estimate_built_on_untold_facts_is_answered_with_them(library: Library) -> None:
    iv = make(library)
    iv.start()
    _, replies = say(iv, "That's about 5 million writes per second.", 30)
    challenge = next(r for r in replies if r.kind == "challenge")
    told = library.banks["url_shortener"].facts
    assert "we agreed" not in challenge.text
    assert any(f.answer in challenge.text for f in told)  # the candidate never asked, so the figure is given


def test_untold_facts_are_found_through_the_quantities_a_formula_uses(library: Library) -> None:
    bank = library.banks["chat_app"]  # peak messages per second = (messages per day / 86400) x peak factor
    iv = Interviewer(library, bank, library.flows["seven_step"], "senior", 0, "interviewer")
    iv.start()
    say(iv, "/next", 30)
    _, replies = say(iv, "At peak that's about 1,000 messages per second.", 60)
    challenge = next(r for r in replies if r.kind == "challenge")
    per_day = next(f for f in bank.facts if f.id == "messages_per_day")
    assert per_day.answer in challenge.text


def test_inconsistent_arithmetic_is_challenged(library: Library) -> None:
    iv = make(library)
    iv.start()
    cand, replies = say(iv, "100M a day, so about 100,000 per second.", 30)
    assert any(r.kind == "challenge" and "arithmetic" in r.rule for r in replies)


def test_a_challenge_says_bytes_as_bytes(library: Library) -> None:
    iv = make(library)
    iv.start()
    _, replies = say(iv, "Storage is 100M a day x 500 bytes = 50 GB a day, that's about 5 MB per second.", 30)
    challenge = next(r for r in replies if r.kind == "challenge")
    assert "about 579 KB per second, not 5 MB per second" in challenge.text


def test_stated_assumptions_drive_the_math(library: Library) -> None:
    iv = make(library)
    iv.start()
    _, replies = say(iv, "Let's assume 10M new links per day.", 30)
    assert any(r.kind == "answer" and "10M" in r.text for r in replies)
    cand, replies = say(iv, "So about 115 writes per second.", 60)
    assert "estimate_off" not in cand.flags
    assert not any(r.kind == "challenge" for r in replies)


def test_an_estimate_from_a_stated_volume_is_held_to_that_volume(library: Library) -> None:
    iv = make(library)
    iv.start()
    say(iv, "/next", 30)
    text = "50M DAU, say each creates 0.1 links a day, so 5M writes a day: about 60 writes per second."
    cand, replies = say(iv, text, 60)
    assert [r.rule for r in replies if r.kind == "answer"] == ["assumption: new_urls_per_day = 5e+06"]
    assert not any(r.kind == "challenge" for r in replies)  # neither 0.1 a day nor 60/s is "off"
    assert "estimate_off" not in cand.flags
    _, replies = say(iv, "Cache: 20% of a day's 50M redirects at 500 bytes is about 5 GB.", 90)
    assert not any(r.kind in ("answer", "challenge") for r in replies)  # 20% is no retention; 5 GB follows


def test_one_users_share_is_not_taken_for_the_whole_system(library: Library) -> None:
    iv = make(library)
    iv.start()
    say(iv, "/next", 30)
    cand, replies = say(iv, "Let's assume each user shortens 2 links a day.", 60)
    assert not any(r.kind in ("answer", "challenge") for r in replies)
    assert not iv.state.assumptions


def test_a_share_per_server_is_checked_against_the_per_server_figure(library: Library) -> None:
    bank = library.banks["rate_limiter"]  # 40 billion checks a day over 200 API servers: ~2,300/s each
    iv = Interviewer(library, bank, library.flows["seven_step"], "senior", 0, "interviewer")
    iv.start()
    say(iv, "/next", 30)
    say(iv, "About 460k checks per second, or roughly 2,300 checks per second per API server.", 60)
    assert {(c.quantity.id, c.verdict) for _, c in iv.state.checks if c.quantity} == {
        ("check_qps", "ok"), ("per_server_qps", "ok")}
    _, replies = say(iv, "Each API server then sees about 460k checks per second.", 90)
    assert any(r.kind == "challenge" for r in replies)  # the whole fleet's rate is no one server's


def test_a_recap_in_the_wrap_up_is_not_asked_why(library: Library) -> None:
    iv = make(library)
    iv.start()
    while iv.phase != "wrap_up":
        say(iv, "/next", 30)
    cand, replies = say(iv, "To sum up: a Redis cache in front of Cassandra, and Kafka for click events.", 60)
    assert "unjustified_technology" not in cand.flags
    assert not any(r.kind == "probe" and "Redis" in r.text for r in replies)


def test_presses_deeper_until_the_candidate_runs_out(library: Library) -> None:
    iv = make(library)
    iv.start()
    say(iv, "How many links a day, and how read heavy?", 30)
    say(iv, "/next", 60)
    say(iv, "/next", 90)
    say(iv, "/next", 120)
    say(iv, "/next", 150)
    _, replies = say(iv, "A cache in front of the database.", 180)
    assert replies[-1].concept == "cache" and replies[-1].kind == "probe"
    _, replies = say(iv, "Because a few hot links get most of the traffic.", 210)
    assert replies[-1].concept == "cache"  # pressed one level deeper
    say(iv, "I'm not sure.", 240)
    assert build(iv).depth["cache"] == "justified"


def test_a_probe_answered_with_new_ground_elsewhere_is_no_miss(library: Library) -> None:
    bank = library.banks["key_value_store"]
    iv = Interviewer(library, bank, library.flows["seven_step"], "mid", 1, "interviewer")
    iv.start()
    while iv.phase != "deep_dive":
        say(iv, "/next", 30)
    _, replies = say(iv, "Partitioning: consistent hashing on a ring, each key on N=3 successive nodes.", 60)
    probed = next(r.concept for r in replies if r.kind == "probe")
    _, replies = say(iv, "When a node is down its writes go to the next node on the ring, which hands them back "
                         "when it returns, and Merkle trees find whatever still differs.", 90)
    assert not any(r.kind == "hint" and r.concept == probed for r in replies)  # followed, not hinted
    assert not any(r.concept == probed for r in replies)
    _, replies = say(iv, "I'm not sure.", 120)
    assert any(r.kind == "hint" for r in replies)  # a shrug is a miss


def test_gaps_escalate_from_probe_to_hint_to_reveal(library: Library) -> None:
    iv = make(library, level="junior")
    iv.start()
    say(iv, "What are the requirements?", 10)
    kinds = []
    for t in range(20, 120, 10):
        _, replies = say(iv, "hmm, not sure", t)
        kinds += [(r.kind, r.concept) for r in replies]
    concept = next(c for k, c in kinds if k == "probe")
    steps = [k for k, c in kinds if c == concept]
    assert steps[0] == "probe" and "hint" in steps[1:]
    assert concept in build(iv).revealed or steps.count("hint") >= 1


def test_never_repeats_a_probe(library: Library) -> None:
    iv = make(library, level="staff")
    iv.start()
    probes = []
    for t in range(1, 40):
        _, replies = say(iv, "okay", t * 20)
        probes += [r.text for r in replies if r.kind == "probe"]
    assert len(probes) == len(set(probes))


def test_moves_on_when_time_is_up(library: Library) -> None:
    iv = make(library)
    iv.start()
    say(iv, "What's the scale?", 60)
    cand, replies = say(iv, "okay", 60 * 9)
    assert "over_time" in cand.flags
    assert any(r.kind == "transition" for r in replies)
    assert iv.phase == "estimation"


def test_candidate_pace_only_moves_on_command(library: Library) -> None:
    iv = make(library, pace="candidate")
    iv.start()
    say(iv, "What's the scale?", 60)
    cand, _ = say(iv, "okay", 60 * 9)
    assert iv.phase == "requirements" and "over_time" in cand.flags
    say(iv, "/next", 600)
    assert iv.phase == "estimation"


def test_skip_and_next_without_an_answer_flag_a_skipped_phase(library: Library) -> None:
    iv = make(library)
    iv.start()
    cand, _ = say(iv, "/skip", 10)
    assert cand.command == "skip" and "skipped_phase" in cand.flags
    say(iv, "100M a day is 1,200 writes a second", 20)
    cand, _ = say(iv, "/next", 30)
    assert "skipped_phase" not in cand.flags


def test_back_returns_to_the_previous_phase(library: Library) -> None:
    iv = make(library)
    iv.start()
    say(iv, "/next", 10)
    assert iv.phase == "estimation"
    _, replies = say(iv, "/back", 20)
    assert iv.phase == "requirements" and replies[0].kind == "transition"


@pytest.mark.parametrize("command", ["/help", "/time", "/score", "/hint"])
def test_info_commands_answer_without_credit(library: Library, command: str) -> None:
    iv = make(library)
    iv.start()
    cand, replies = say(iv, command, 10)
    assert cand.command == command[1:] and cand.credited == ()
    assert replies and replies[0].text


def test_a_path_is_an_answer_not_a_command(library: Library) -> None:
    iv = make(library)
    iv.start()
    cand, _ = say(iv, "/api/v1/urls", 10)
    assert cand.command is None


def test_quitting_before_wrap_up_does_not_flag_no_tradeoffs(library: Library) -> None:
    iv = make(library)
    iv.start()
    say(iv, "How many users?", 10)
    cand, _ = say(iv, "/quit", 20)
    assert "no_tradeoffs" not in cand.flags and iv.finished


def test_quit_closes_with_no_tradeoffs_only_after_wrap_up(library: Library) -> None:
    iv = make(library, flow="four_step")
    iv.start()
    say(iv, "How many users?", 10)
    t = 20
    while iv.phase != "wrap_up":
        say(iv, "/next", t)
        t += 10
    cand, replies = say(iv, "/quit", t)
    assert replies[-1].kind == "closing"
    assert "no_tradeoffs" in cand.flags
    assert iv.finished


def test_ambiguous_phrases_get_a_which_did_you_mean(library: Library) -> None:
    iv = make(library)
    iv.start()
    say(iv, "How many links a day?", 10)
    _, replies = say(iv, "We keep a standby copy of the database.", 20)
    assert any(r.kind == "question" and "do you mean" in r.text for r in replies)


def test_same_seed_same_interview_and_other_seed_other_words(library: Library) -> None:
    turns = ["How many links a day?", "Shorten and redirect.", "okay", "/next", "about 1,200 writes per second"]

    def run(seed: int) -> list[str]:
        iv = make(library, seed=seed)
        out = [json.dumps(e.as_json()) for e in iv.start()]
        for i, t in enumerate(turns):
            c, rs = iv.answer(t, 30 * (i + 1))
            out += [json.dumps(c.as_json())] + [json.dumps(r.as_json()) for r in rs]
        return out

    assert run(4) == run(4)
    assert any(run(s) != run(4) for s in (5, 6, 7))


def test_every_event_serialises_with_the_documented_fields(library: Library) -> None:
    iv = make(library)
    events: list[InterviewerEvent | CandidateEvent] = list(iv.start())
    c, rs = iv.answer("Redis in front of postgres, 10M DAU", 30)
    events += [c, *rs]
    for e in events:
        record = e.as_json()
        if record["event"] == "interviewer":
            assert list(record) == ["event", "phase", "kind", "text", "concept"]
        else:
            assert {"event", "phase", "text", "at", "credited", "negated", "numbers", "flags", "command"} <= set(record)


def _cache_chain(library: Library, level: str) -> list[str]:
    """The depth probes on the cache for the same strong answers, at a given level."""
    iv = make(library, level=level)
    iv.start()
    say(iv, "How many links a day, and how read heavy?", 30)
    for t in (60, 90, 120, 150):
        say(iv, "/next", t)
    probes = []
    for t, answer in ((180, "A cache in front of the database."),
                      (210, "Because a few hot links get most of the traffic."),
                      (240, "The downside is stale entries after a delete, so we keep a short TTL."),
                      (270, "If the cache node fails we fail over to a replica and warm it from the database.")):
        _, replies = say(iv, answer, t)
        probes += [r.rule for r in replies if r.concept == "cache" and r.kind == "probe"]
    return probes


def test_level_sets_how_deep_the_interviewer_presses(library: Library) -> None:
    junior, senior = _cache_chain(library, "junior"), _cache_chain(library, "senior")
    assert junior == ["depth: cache mentioned -> justified"]
    assert senior[:3] == ["depth: cache mentioned -> justified", "depth: cache justified -> tradeoffs",
                          "depth: cache tradeoffs -> limits"]


def test_level_sets_how_soon_hints_come(library: Library) -> None:
    def first_hint(level: str) -> int:
        iv = make(library, level=level)
        iv.start()
        say(iv, "What's the scale?", 10)
        for n in range(1, 12):
            _, replies = say(iv, "hmm", 10 + 10 * n)
            if any(r.kind == "hint" for r in replies):
                return n
        return 99
    assert first_hint("junior") < first_hint("senior")


def test_a_wrap_up_that_names_the_parts_is_a_summary(library: Library) -> None:
    iv = make(library, pace="candidate")
    iv.start()
    say(iv, "How many links a day?", 10)
    while iv.phase != "wrap_up":
        say(iv, "/next", 20)
    cand, _ = say(iv, "Overall: stateless app servers behind a load balancer, a redis cache, and sharded storage.", 30)
    assert "design_summary" in cand.credited
    cand, _ = say(iv, "We could add metrics later.", 40)
    assert "design_summary" not in cand.credited


def test_concepts_are_named_in_words_never_by_a_matching_term(library: Library) -> None:
    # terms hold misspellings and fragments for matching ("bakcups", "86400"); people read names
    concepts = library.catalog.concepts
    assert concepts["cap_tradeoff"].name == "the CAP trade-off"  # the catalog's `name`
    assert concepts["backups_recovery"].name == "backups recovery"  # else the id in words
    iv = make(library)
    iv.start()
    say(iv, "Users shorten links; we use a cache.", 60)
    card = build(iv)
    assert card.names and all(name in (iv.concepts[cid].label, cid.replace("_", " "))
                              for cid, name in card.names.items())
