"""Normalisation and tokenising: the same words meet whatever their form."""

from __future__ import annotations

from sdi.text import BULLET, DASH, PhraseIndex, clean, phrase_stems, stem, tokens


def test_forms_of_a_word_share_a_stem() -> None:
    assert stem("caching") == stem("cache") == stem("caches") == stem("cached")
    assert stem("queues") == stem("queue") == stem("queueing")
    assert stem("sharding") == stem("shard") == stem("shards")
    assert stem("replicas") == stem("replica")


def test_tokens_keep_offsets_into_the_text() -> None:
    text = "Put Redis in front of PG."
    toks = tokens(text)
    assert [text[t.start:t.end] for t in toks] == ["Put", "Redis", "in", "front", "of", "PG", "."]


def test_abbreviations_expand_but_keep_the_original_span() -> None:
    toks = tokens("an LB here", {"lb": ("load", "balancer")})
    assert [t.raw for t in toks] == ["an", "load", "balancer", "here"]
    assert toks[1].start == toks[2].start == 3


def test_an_abbreviation_in_capitals_expands_only_capitals() -> None:
    table = {"REST": ("restful",), "lb": ("load", "balancer")}
    assert [t.raw for t in tokens("Externally it's REST, and REST's fine", table)] == [
        "externally", "it", "restful", ",", "and", "restful", "fine"]
    assert [t.raw for t in tokens("the rest is Rest, LB too", table)] == [
        "the", "rest", "is", "rest", ",", "load", "balancer", "too"]


def test_hyphens_and_slashes_split_words() -> None:
    assert phrase_stems("write-through") == phrase_stems("write through")
    assert phrase_stems("read/write ratio") == phrase_stems("read write ratio")


def test_decimals_and_thousands_stay_one_token() -> None:
    assert [t.raw for t in tokens("99.99% and 1,200")] == ["99.99", "and", "1,200"]


def test_a_list_marker_opening_a_line_is_one_bullet_token() -> None:
    text = "Out:\n- multi-region\n  * auth\n2. search\n10) ads\nspeed - cost, 2.5 GB"
    assert [t.raw for t in tokens(text)] == [
        "out", ":", "\n", BULLET, "multi", "region", "\n", BULLET, "auth", "\n", BULLET, "search", "\n", BULLET, "ads",
        "\n", "speed", DASH, "cost", ",", "2.5", "gb"]


def test_a_links_address_is_not_read_only_its_text() -> None:
    toks = tokens("see [Message queues](https://example.com/primer#message-queues) and https://redis.io/queue")
    assert [t.raw for t in toks][:4] == ["see", "message", "queues", "and"]
    assert "queue" in [t.raw for t in toks[4:]]  # a bare address is still read: it may be the API's own path


def test_clean_strips_control_and_bidi_characters() -> None:
    assert clean("a\x1b[31mb\u202ec\x00") == "a [31mb c "


def test_clean_bounds_length() -> None:
    assert len(clean("x" * 1_000_000)) == 20_000


def test_phrase_index_prefers_the_longest_phrase() -> None:
    index = PhraseIndex(["no", "no need for"])
    toks = tokens("no need for a cdn")
    assert index.at(toks, 0) == (3, "no need for")


def test_a_phrase_after_an_equals_sign_matches_as_written() -> None:
    index = PhraseIndex(["=i wanted", "we want"])
    assert index.at(tokens("I wanted a cache"), 0) == (2, "i wanted")
    assert index.at(tokens("I want a cache"), 0) is None
    assert index.at(tokens("we wanted a cache"), 0) == (2, "we want")  # stems: "wanted" meets "want"


def test_plain_phrases_take_the_fast_path_to_the_same_words() -> None:
    """phrase_words splits plain phrases itself; it must agree with the tokenizer on every catalog phrase."""
    from sdi.banks import load_library
    from sdi.text import _tokenized_words, phrase_words

    catalog = load_library().catalog
    phrases = {t for c in catalog.concepts.values() for t in c.terms} | set(catalog.negation.before)
    assert len(phrases) > 1000
    for phrase in phrases:
        assert phrase_words(phrase) == _tokenized_words(phrase), phrase
