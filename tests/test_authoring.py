"""Authoring tools a coach uses: new, lint rules, coverage, trace, a bank folder on SDI_BANKS_PATH, flow drawings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from conftest import ROOT
from sdi.authoring import RULES, Context, example_detection
from sdi.banks import load_library


def sdi(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sdi", *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})}, cwd=cwd)


def test_rules_have_ids() -> None:
    assert {"duplicate-term", "fuzzy-collision", "no-probe", "few-examples", "empty-phase",
            "example-detection"} <= set(RULES)


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    assert sdi("bank", "new", "payments", "--dir", str(tmp_path)).returncode == 0
    again = sdi("bank", "new", "payments", "--dir", str(tmp_path))
    assert again.returncode == 2 and "already exists" in again.stderr
    bad = sdi("bank", "new", "Bad-Name", "--dir", str(tmp_path))
    assert bad.returncode == 2 and "lower_snake_case" in bad.stderr


def test_lint_finds_an_example_the_matcher_misreads(tmp_path: Path) -> None:
    assert sdi("bank", "new", "payments", "--dir", str(tmp_path)).returncode == 0
    bank = tmp_path / "payments.yaml"
    bank.write_text(bank.read_text().replace('credit: [cache]', 'credit: [cdn]'))
    result = sdi("bank", "lint", str(bank))
    assert result.returncode == 1
    assert "[example-detection] bank example: not credited: cdn" in result.stdout


def test_a_catalog_example_is_reported_where_the_catalog_defines_it() -> None:
    from sdi.interviewer import concepts_for
    from sdi.matching import Matcher

    library = load_library()
    cdn = library.catalog.concepts["cdn"]
    broken = replace(cdn, examples=replace(cdn.examples, credit=("we keep a ledger of payments",)))
    catalog = replace(library.catalog, concepts={**library.catalog.concepts, "cdn": broken})
    bank = library.banks["url_shortener"]
    assert any(e.concept == "cdn" for p in bank.phases.values() for e in p.expects)
    matcher = Matcher(catalog, {**concepts_for(library, bank), "cdn": broken})  # built here, never cached
    found = [p for p in example_detection(Context(bank, catalog, matcher)) if "ledger" in p.message]
    assert [(p.file, p.line) for p in found] == [(cdn.origin.file, cdn.origin.line)]
    assert found[0].file.endswith("concepts.yaml") and found[0].line > 1


def test_shipped_banks_lint_without_errors() -> None:
    result = sdi("bank", "lint")
    assert result.returncode == 0, "\n".join(line for line in result.stdout.splitlines() if ": error:" in line)
    assert ": error:" not in result.stdout and "0 errors" in result.stdout + result.stderr


def test_coverage_lists_what_dialogues_never_exercise() -> None:
    result = sdi("bank", "coverage", "url_shortener")
    report = json.loads(result.stdout)
    assert report["bank"] == "url_shortener"
    assert set(report) == {"bank", "never_credited", "probes_never_fired", "hints_never_given", "facts_never_asked"}
    expected = {e.concept for p in load_library().banks["url_shortener"].phases.values() for e in p.expects}
    assert set(report["never_credited"]) < expected  # the dialogues credit most, not all


def test_trace_explains_each_move() -> None:
    result = sdi("replay", "--trace", str(ROOT / "dialogues" / "url_shortener" / "weak.yaml"))
    records = [json.loads(line) for line in result.stdout.splitlines()]
    moves = [r for r in records if r["event"] == "interviewer"]
    assert all(r.get("rule") for r in moves)
    assert any(r["rule"].startswith("flag jumped_to_solution") for r in moves)
    assert any(r["rule"].startswith("estimate off") for r in moves)


def test_banks_on_sdi_banks_path_are_installed(tmp_path: Path) -> None:
    folder = tmp_path / "coach_banks"
    assert sdi("bank", "new", "payments", "--dir", str(folder)).returncode == 0
    env = {"SDI_BANKS_PATH": str(folder)}
    listed = sdi("banks", env=env).stdout.split("\n")
    assert any(line.startswith("payments\t") for line in listed)
    run = subprocess.run([sys.executable, "-m", "sdi", "practice", "--bank", "payments", "--seed", "1"],
                         input="What must v1 do?\n/quit\n", capture_output=True, text=True, timeout=120,
                         env={**os.environ, **env})
    assert run.returncode == 0 and "Design payments" in run.stdout


def test_a_bank_concept_may_be_recognised_by_near_terms_or_names_alone(tmp_path: Path) -> None:
    folder = tmp_path / "coach_banks"
    assert sdi("bank", "new", "payments", "--dir", str(folder)).returncode == 0
    bank = folder / "payments.yaml"
    bank.write_text(bank.read_text(encoding="utf-8") + """
concepts:
  ledger:
    phase: data_model
    description: "a double-entry ledger of every money movement"
    near_terms:
      - term: ledger
        near: [entry, entries, double, append]
        window: 3
  payment_services:
    phase: high_level_design
    description: "payments split into named services"
    names:
      - heads: [service]
        distinct: 2
""", encoding="utf-8")
    env = {"SDI_BANKS_PATH": str(folder)}
    assert sdi("bank", "lint", str(bank), env=env).returncode == 0
    text = "Every transfer writes two ledger entries; the payout service calls the fraud service first."
    run = subprocess.run([sys.executable, "-m", "sdi", "detect", "--bank", "payments", "--json"], input=text,
                         capture_output=True, text=True, timeout=120, env={**os.environ, **env})
    credited = {c["id"] for c in json.loads(run.stdout)["concepts"]}
    assert {"ledger", "payment_services"} <= credited


def test_flow_show_dot() -> None:
    result = sdi("flow", "show", "four_step", "--dot")
    assert result.stdout.startswith('digraph "four_step"') and "requirements -> estimation" in result.stdout


def test_a_bank_takes_a_catalog_term_away_in_its_own_problem_only() -> None:
    from sdi.interviewer import concepts_for, matcher_for
    from sdi.matching import Matcher

    library = load_library()
    text = "The frontier keeps per-host queues so one host's backlog never blocks the others."
    crawler = matcher_for(library, library.banks["web_crawler"]).detect(text)
    everywhere = Matcher(library.catalog, concepts_for(library, None)).detect(text)
    assert "message_queue" not in crawler.ids  # web_crawler: message_queue: not_terms: [queue]
    assert "message_queue" in everywhere.ids
    taught = "A queue decouples the API from the slow consumers."  # a catalog example of the sense taken away
    assert taught in library.catalog.concepts["message_queue"].examples.credit
    assert taught not in library.banks["web_crawler"].concepts["message_queue"].examples.credit
