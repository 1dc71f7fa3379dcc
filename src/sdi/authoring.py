"""Authoring tools: lint (a registry of checks with ids), test, new, schema and coverage for question banks."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sdi.banks import data_roots, load_library
from sdi.errors import DataError, Problem, UsageError, printable
from sdi.interviewer import matcher_for
from sdi.matching import Matcher, _close_enough
from sdi.model import Bank, Catalog, Concept, Library

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"


@dataclass(frozen=True)
class Context:
    """What a lint rule may look at: the bank, the catalog it extends, and the compiled matcher."""

    bank: Bank
    catalog: Catalog
    matcher: Matcher

    def expected(self) -> Iterator[str]:
        """Every concept id the bank expects, once, in file order."""
        seen: set[str] = set()
        for plan in self.bank.phases.values():
            for e in plan.expects:
                if e.concept not in seen:
                    seen.add(e.concept)
                    yield e.concept

    def concept(self, cid: str) -> Concept:
        return self.matcher.concepts[cid]

    def at(self, cid: str) -> tuple[str, int, int]:
        """Where to point for a concept: its definition in the bank, else in the catalog (so a catalog
        concept's problem is reported once, where it can be fixed), else the bank file's top."""
        c = self.bank.concepts.get(cid)
        if c and c.origin.file == self.bank.path:
            return c.origin.file, c.origin.line, c.origin.col
        c = self.catalog.concepts.get(cid)
        if c and c.origin.file:
            return c.origin.file, c.origin.line, c.origin.col
        return self.bank.path, 1, 1


Rule = Callable[[Context], Iterator[Problem]]
RULES: dict[str, Rule] = {}


def rule(rule_id: str) -> Callable[[Rule], Rule]:
    """Register a lint check under a stable id."""
    def register(fn: Rule) -> Rule:
        RULES[rule_id] = fn
        return fn
    return register


def _problem(where: tuple[str, int, int], rule_id: str, message: str, level: str = "error") -> Problem:
    return Problem(where[0], where[1], where[2], f"[{rule_id}] {message}", level)


@rule("duplicate-term")
def duplicate_term(ctx: Context) -> Iterator[Problem]:
    """A term the bank adds that another concept already claims."""
    owners: dict[tuple[str, ...], str] = {}
    from sdi.text import phrase_stems

    for cid, concept in ctx.matcher.concepts.items():
        if cid in ctx.bank.concepts:
            continue
        for term in concept.terms:
            owners.setdefault(phrase_stems(term), cid)
    for cid, concept in ctx.bank.concepts.items():
        base = ctx.catalog.concepts.get(cid)
        added = [t for t in concept.terms if not base or t not in base.terms]
        for term in added:
            other = owners.get(phrase_stems(term))
            if other and other != cid:
                yield _problem(ctx.at(cid), "duplicate-term", f"term '{term}' of '{cid}' is already a term of '{other}' (both are credited)", "warning")


@rule("fuzzy-collision")
def fuzzy_collision(ctx: Context) -> Iterator[Problem]:
    """A one-word term one keyboard slip away from another concept's term: typos would credit the wrong one."""
    words: dict[str, str] = {}
    for cid, concept in ctx.matcher.concepts.items():
        for term in concept.terms:
            if " " not in term and len(term) >= 5 and term.isalpha():
                words.setdefault(term.lower(), cid)
    for cid, concept in ctx.bank.concepts.items():
        for term in concept.terms:
            low = term.lower()
            if " " in low or len(low) < 5 or not low.isalpha():
                continue
            for other, owner in words.items():
                if owner != cid and other != low and _close_enough(low, other):
                    yield _problem(ctx.at(cid), "fuzzy-collision",
                                   f"term '{term}' of '{cid}' is one typo from '{other}' of '{owner}'", "warning")


@rule("no-probe")
def no_probe(ctx: Context) -> Iterator[Problem]:
    """An expected concept without its own probe falls back to a generic question."""
    for plan in ctx.bank.phases.values():
        for e in plan.expects:
            if not e.probe:
                yield _problem((ctx.bank.path, 1, 1), "no-probe",
                               f"{plan.phase}.{e.concept} has no probe (a generic one will be used)", "warning")


@rule("few-examples")
def few_examples(ctx: Context) -> Iterator[Problem]:
    """Each expected concept needs at least two sentences to credit and one to reject."""
    for cid in ctx.expected():
        ex = ctx.concept(cid).examples
        if len(ex.credit) < 2 or len(ex.reject) < 1:
            yield _problem(ctx.at(cid), "few-examples",
                           f"'{cid}' has {len(ex.credit)} credit and {len(ex.reject)} reject examples "
                           f"(need at least 2 and 1)", "warning")


@rule("empty-phase")
def empty_phase(ctx: Context) -> Iterator[Problem]:
    """A canonical phase the bank expects nothing in cannot be scored."""
    from sdi.model import PHASES

    for phase in PHASES:
        plan = ctx.bank.phases.get(phase)
        if not plan or not plan.expects:
            yield _problem((ctx.bank.path, 1, 1), "empty-phase", f"phase '{phase}' expects no concept", "warning")


@rule("example-detection")
def example_detection(ctx: Context) -> Iterator[Problem]:
    """Examples that the matcher does not read as labelled."""
    for outcome in example_outcomes(ctx):
        if not outcome.passed:
            yield _problem(outcome.where, "example-detection", outcome.message)


@dataclass(frozen=True)
class Outcome:
    """One example checked: passed or not, and why."""

    name: str
    passed: bool
    message: str
    where: tuple[str, int, int]


def example_outcomes(ctx: Context) -> Iterator[Outcome]:
    """Every concept example and bank example of a bank, checked against the matcher."""
    for cid in ctx.expected():
        concept = ctx.concept(cid)
        for i, text in enumerate(concept.examples.credit, 1):
            got = ctx.matcher.detect(text).ids
            yield Outcome(f"{cid} credit #{i}", cid in got,
                          f"'{cid}' example not credited: \"{text}\" (got: {', '.join(got) or 'nothing'})",
                          ctx.at(cid))
        for i, text in enumerate(concept.examples.reject, 1):
            got = ctx.matcher.detect(text).ids
            yield Outcome(f"{cid} reject #{i}", cid not in got, f"'{cid}' reject example was credited: \"{text}\"",
                          ctx.at(cid))
    for i, ex in enumerate(ctx.bank.examples, 1):
        found = set(ctx.matcher.detect(ex.text).ids)
        missing = [c for c in ex.credit if c not in found]
        wrong = [c for c in ex.reject if c in found]
        where = (ex.origin.file, ex.origin.line, ex.origin.col)
        msg = "; ".join(x for x in (f"not credited: {', '.join(missing)}" if missing else "",
                                    f"wrongly credited: {', '.join(wrong)}" if wrong else "") if x)
        yield Outcome(f"example #{i}", not missing and not wrong, f"bank example: {msg}: \"{ex.text}\"", where)


# ---------------------------------------------------------------- loading what to check

def kind_of(doc: object, path: Path) -> str:
    """What a data file is: bank, flow, catalog, dialogue, voice or units (by its top-level keys)."""
    keys = set(doc) if isinstance(doc, dict) else set()
    if "per_words" in keys or path.name == "units.yaml":
        return "units"
    if "turns" in keys:
        return "dialogue"
    if "stages" in keys or path.parent.name == "flows":
        return "flow"
    if "lexicon" in keys or path.name == "concepts.yaml":
        return "catalog"
    if "templates" in keys:
        return "voice"
    return "bank"


def check_file(path: Path, catalog: Catalog) -> tuple[Bank | None, list[Problem]]:
    """Load any sdi data file, returning a bank (when it is one) and every problem found."""
    from sdi.banks import parse_bank, parse_catalog, parse_flow, parse_voice
    from sdi.dialogue import parse_dialogue
    from sdi.numbers import parse_units
    from sdi.yamlsource import read_yaml

    try:
        doc = read_yaml(path)
        kind = kind_of(doc, path)
        parse = {"dialogue": parse_dialogue, "flow": parse_flow, "catalog": parse_catalog, "voice": parse_voice,
                 "units": parse_units}
        if kind in parse:
            parse[kind](doc, str(path))
            return None, []
        return parse_bank(doc, str(path), catalog), []
    except DataError as exc:
        return None, exc.problems


def _targets(paths: list[str]) -> tuple[Library, list[Bank], list[Problem]]:
    """The library and the banks named (all installed banks when none is named), with load problems."""
    problems: list[Problem] = []
    if not paths:
        library = load_library()
        for broken in library.broken.values():
            problems.extend(p for p in broken if isinstance(p, Problem))
        return library, sorted(library.banks.values(), key=lambda b: b.id), problems
    library = load_library()
    catalog = library.catalog
    banks = []
    for p in paths:
        path = Path(p)
        if not path.exists():
            raise UsageError(f"no such file or folder: {path}")
        files = sorted(q for q in path.rglob("*.y*ml") if q.suffix in (".yaml", ".yml")) if path.is_dir() else [path]
        for f in files:
            bank, found = check_file(f, catalog)
            problems.extend(found)
            if bank:
                banks.append(bank)
    return library, banks, problems


def with_bank(library: Library, bank: Bank) -> Library:
    """The library with this bank in it (a bank file being authored may not be installed)."""
    if library.banks.get(bank.id) is bank:
        return library
    return Library(library.catalog, {**library.banks, bank.id: bank}, library.flows, library.voice)


def _context(library: Library, bank: Bank) -> Context:
    library = with_bank(library, bank)
    return Context(bank, library.catalog, matcher_for(library, bank))


def lint(paths: list[str]) -> list[Problem]:
    """Every problem in the named banks: load errors first, then each registered rule."""
    library, banks, problems = _targets(paths)
    for bank in banks:
        ctx = _context(library, bank)
        for check in RULES.values():
            problems.extend(check(ctx))
    return sorted(set(problems))


def cmd_lint(args: argparse.Namespace) -> int:
    problems = lint(args.paths)
    for p in problems:
        sys.stdout.write(printable(f"{p.file}:{p.line}:{p.col}: {p.level}: {p.message}") + "\n")
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    sys.stderr.write(f"{errors} errors, {warnings} warnings\n")
    return 1 if errors else 0


def dialogues_for(bank: Bank) -> list[Path]:
    """The scripted dialogues that exercise a bank: dialogues/<id>/ beside its question_banks folder."""
    folder = Path(bank.path).resolve().parent.parent / "dialogues" / bank.id
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def cmd_test(args: argparse.Namespace) -> int:
    from sdi.dialogue import load_dialogue
    from sdi.replay import replay

    library, banks, problems = _targets(args.paths)
    for p in problems:
        sys.stdout.write(f"{p}\n")
    failed = len(problems)
    for bank in banks:
        ctx = _context(library, bank)
        outcomes = list(example_outcomes(ctx))
        bad = [o for o in outcomes if not o.passed]
        for o in bad:
            sys.stdout.write(f"FAIL {bank.id}: {o.name}: {o.message}\n")
        sys.stdout.write(f"{'PASS' if not bad else 'FAIL'} {bank.id}: examples {len(outcomes) - len(bad)}/"
                         f"{len(outcomes)}\n")
        failed += len(bad)
        run_library = with_bank(library, bank)
        for path in dialogues_for(bank):
            try:
                run = replay(run_library, load_dialogue(path))
            except DataError as exc:
                sys.stdout.write(f"FAIL {path}: {exc.lines()[0]}\n")
                failed += 1
                continue
            for f in run.failures:
                sys.stdout.write(f + "\n")
            sys.stdout.write(f"{'PASS' if not run.failures else 'FAIL'} {path}\n")
            failed += bool(run.failures)
    return 1 if failed else 0


# ---------------------------------------------------------------- new, schema, coverage

SKELETON = """\
# yaml-language-server: $schema={schema}
# A question bank: one design problem. `sdi bank lint {id}.yaml` checks it,
# `sdi bank test {id}.yaml` runs its examples, and
# `sdi practice --bank {id}.yaml` interviews with it. See docs/authoring.md.
id: {id}
title: {title}
prompt:
  default: "Design {title_lower}."
  # junior/mid/senior/staff variants are optional; staff usually widens scope.

facts:            # what the interviewer answers when asked (cues: how candidates ask)
  daily_users:
    answer: "About 10 million daily active users."
    cues: [how many users, daily active, dau]
    value: 10000000
    unit: users
    per: day

quantities:       # figures a candidate may estimate, derived from facts
  requests_per_second:
    label: requests per second
    formula: daily_users * 10 / 86400
    unit: requests
    per: second
    cues: [requests, qps, per second]
    concept: qps_estimate

rubric:
  senior:
    summary: "Scopes the problem, sizes it, and justifies each component."
    must: [functional_requirements, scale_users, qps_estimate, cache]

examples:
  - text: "We'll put a cache in front of the database for hot reads."
    credit: [cache]

# Also available (see docs/authoring.md): concepts (problem-specific ones),
# deep_dives, pitfalls. `phases` comes last so new phases can be appended.
phases:
  requirements:
    questions: ["What would you like to know first?"]
    expects:
      functional_requirements:
        weight: 3
        probe: "What must v1 do?"
        hints: ["List the two or three core use cases."]
      scale_users:
        weight: 2
        probe: "How many users do we serve?"
  estimation:
    expects:
      qps_estimate: {{weight: 3, probe: "How many requests per second is that?"}}
  high_level_design:
    expects:
      load_balancer: {{weight: 2, probe: "How does traffic reach your servers?"}}
      cache:
        weight: 2
        probe: "How do you keep reads fast?"
        depth:
          justified: {{probe: "Why a cache here?", cues: [hot, read heavy]}}
          tradeoffs: {{probe: "What does the cache cost you?", cues: [stale, invalidation]}}
"""


def cmd_new(args: argparse.Namespace) -> int:
    import re

    if not re.fullmatch(r"[a-z][a-z0-9_]*", args.id):
        raise UsageError(f"bank id '{args.id}' must be lower_snake_case (letters, digits, underscores)")
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{args.id}.yaml"
    if path.exists():
        raise UsageError(f"{path} already exists; not overwriting it")
    title = args.id.replace("_", " ").capitalize()
    schema = (SCHEMA_DIR / "bank.schema.json").as_uri()
    path.write_text(SKELETON.format(id=args.id, title=title, title_lower=title.lower(), schema=schema),
                    encoding="utf-8")
    sys.stdout.write(f"wrote {path}\nnext: sdi bank lint {path} && sdi bank test {path}\n")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    path = SCHEMA_DIR / f"{args.kind}.schema.json"
    if not path.is_file():
        raise UsageError(f"no schema for '{args.kind}'")
    sys.stdout.write(path.read_text(encoding="utf-8"))
    return 0


def coverage(bank: Bank, library: Library, transcripts: list[Path]) -> dict[str, list[str]]:
    """Concepts never credited, probes and hints never fired, facts never asked, over the bank's dialogues."""
    from sdi.dialogue import load_dialogue
    from sdi.events import CandidateEvent, InterviewerEvent
    from sdi.replay import replay
    from sdi.resume import restore
    from sdi.transcript import read

    credited: set[str] = set()
    probed: set[str] = set()
    hinted: set[str] = set()
    facts: set[str] = set()
    runs = []
    for path in dialogues_for(bank):
        runs.append(replay(library, load_dialogue(path)).events)
    for t in transcripts:
        iv, _ = restore(library, read(t))
        runs.append([])
        credited |= set(iv.state.evidence)
    for events in runs:
        for e in events:
            if isinstance(e, CandidateEvent):
                credited |= set(e.credited)
            elif isinstance(e, InterviewerEvent) and e.concept:
                (hinted if e.kind == "hint" else probed).add(e.concept)
            if isinstance(e, InterviewerEvent) and e.kind == "answer":
                facts |= {f.id for f in bank.facts if f.answer == e.text}
    expected = [e.concept for p in bank.phases.values() for e in p.expects]
    return {"never_credited": sorted(set(expected) - credited),
            "probes_never_fired": sorted({e.concept for p in bank.phases.values() for e in p.expects if e.probe}
                                         - probed),
            "hints_never_given": sorted({e.concept for p in bank.phases.values() for e in p.expects if e.hints}
                                        - hinted),
            "facts_never_asked": sorted({f.id for f in bank.facts} - facts)}


def cmd_coverage(args: argparse.Namespace) -> int:
    library = load_library()
    ids = [args.id] if args.id else sorted(library.banks)
    for bid in ids:
        if bid not in library.banks:
            raise UsageError(f"unknown bank '{bid}'")
        report = coverage(library.banks[bid], library, [Path(t) for t in args.transcripts])
        sys.stdout.write(json.dumps({"bank": bid, **report}) + "\n")
    return 0


__all__ = ["RULES", "lint", "coverage", "data_roots"]
