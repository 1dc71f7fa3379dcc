"""`sdi explain` tells a person why each mention was credited, negated or set aside."""

from __future__ import annotations

from sdi.banks import load_library
from sdi.explain import explain
from sdi.interviewer import concepts_for
from sdi.matching import Matcher

LIBRARY = load_library()
MATCHER = Matcher(LIBRARY.catalog, concepts_for(LIBRARY, None))


def line_for(text: str, concept: str) -> list[str]:
    return [line for line in explain(MATCHER.detect(text)).splitlines() if f" {concept}: " in line]


def test_a_weighed_idea_that_is_ruled_out_says_so() -> None:
    lines = line_for("Replication for the counters, hmm. I'd skip replicas on those for now.", "replication")
    assert any("only weighed" in line for line in lines) and any("negated by 'skip'" in line for line in lines)


def test_a_distractor_names_the_word_that_set_it_aside() -> None:
    lines = line_for("the shards of glass on the floor", "sharding")
    assert lines and all("set aside: 'glass'" in line for line in lines)


def test_summary_lines_list_credited_and_negated() -> None:
    out = explain(MATCHER.detect("we don't need a CDN, but a cahce helps"))
    assert "Credited: cache" in out and "Negated: cdn" in out and "typo-tolerant" in out


def test_another_phase_s_work_is_named_as_such() -> None:
    det = MATCHER.detect("The links table has the short code as its primary key.", phases=("bottlenecks",))
    lines = [line for line in explain(det).splitlines() if " schema_entities: " in line]
    assert lines and all("work of another phase" in line for line in lines)
    assert "schema_entities" not in explain(det).split("Credited:")[1].splitlines()[0]


def test_a_quantity_that_is_one_thing_s_rate_says_whose() -> None:
    lines = line_for("Partners with a single API key can send 50,000 requests a second.", "traffic_volume")
    assert lines and all("set aside: 'single api key'" in line and "one thing's rate" in line for line in lines)


def test_a_walked_path_says_so() -> None:
    lines = line_for("The phone hits the load balancer. An app server reads Redis, reads Cassandra when Redis has "
                     "nothing, sends the click to Kafka and returns the long URL.", "data_flow")
    assert lines and any("path walked" in line and "3 or more parts" in line for line in lines)


def test_a_listed_table_says_its_fields_were_listed() -> None:
    lines = line_for("pages(url_hash, fetched_at, status, content_key)", "schema_entities")
    assert lines and any("fields listed" in line and "(url_hash, fetched_at, status, content_key)" in line
                         for line in lines)
