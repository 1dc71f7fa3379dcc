"""Loads the catalog, banks, flows and the interviewer's voice from YAML into validated, typed objects."""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterable
from dataclasses import fields, replace
from functools import lru_cache
from pathlib import Path

from sdi.errors import DataError, Problem, UsageError
from sdi.model import (DEPTHS, LEVELS, PERIODS, PHASES, Ambiguity, Bank, BankExample, Catalog, Concept,
                       DeepDive, DepthLevel, Examples, Expectation, Fact, Flow, LevelPolicy, Library,
                       NameRule, NearTerm, Negation, NumberRule, Origin, Pattern, PhasePlan, Pitfall, Quantity, Rubric,
                       Stage, Voice, WalkRule)
from sdi.schema import Field, did_you_mean

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs start-up time (see PEP 781)
if TYPE_CHECKING:
    from typing import TypeVar

    T = TypeVar("T")

UNITS = ("", "requests", "bytes", "users", "items", "messages", "ratio")
_CONCEPT_KEYS = ("name", "cues", "list_cues", "earned_by", "not_terms", "phase", "description", "terms", "near_terms", "patterns", "numbers",
                 "names", "walks", "fields", "unless_near", "negatable", "phases", "note", "examples")
RECOGNISERS = ("terms", "near_terms", "patterns", "numbers", "names", "fields", "walks", "cues", "list_cues", "earned_by")
"""The keys that give a concept a way to be recognised; a concept with none of them could never be credited."""
NUMBER_UNITS = ("any", "count", "requests", "bytes", "users", "items", "messages", "ratio", "seconds", "percent", "money")


# ---------------------------------------------------------------- where data lives

def data_roots() -> list[Path]:
    """Folders holding question banks: SDI_BANKS_PATH entries first, then the installed or checked-out library."""
    roots = [Path(p) for p in os.environ.get("SDI_BANKS_PATH", "").split(os.pathsep) if p.strip()]
    here = Path(__file__).resolve().parent
    for candidate in (here / "question_banks", here.parent.parent / "question_banks"):
        if (candidate / "units.yaml").is_file():
            roots.append(candidate)
            break
    return roots


def builtin_root() -> Path:
    """The folder of the library that ships with sdi."""
    roots = [r for r in data_roots() if (r / "units.yaml").is_file()]
    if not roots:
        raise UsageError("cannot find the question bank library (question_banks/units.yaml)")
    return roots[-1]


# ---------------------------------------------------------------- catalog

def _origin(f: Field) -> Origin:
    return Origin(f.file, f.line, f.col)


def _examples(f: Field) -> Examples:
    if not f.present or not f.mapping(("credit", "reject")):
        return Examples()
    return Examples(f.child("credit").texts(), f.child("reject").texts())


def _near_terms(f: Field) -> tuple[NearTerm, ...]:
    out = []
    for item in f.items():
        if item.mapping(("term", "near", "window")):
            near = item.require("near").texts()
            if not near:
                item.problem("near_terms entry needs at least one 'near' word")
            _check_rule_words(item.child("near"), single=True)
            out.append(NearTerm(item.require("term").text(), near, int(item.child("window").number(6, 1))))
    return tuple(out)


def _check_cues(f: Field, concepts: dict[str, Concept], negation: Negation) -> None:
    """A concept's cues must be negation cues the lexicon knows, or they could never fire."""
    known = {c.lstrip("^") for c in (*negation.before, *negation.after, *negation.lists)}
    for cid, concept in concepts.items():
        for key, cues in (("cues", concept.cues), ("list_cues", concept.list_cues)):
            for cue in cues:
                if cue not in known:
                    f.child(cid).child(key).problem(
                        f"'{cue}' is not a negation cue of the lexicon (before, after or lists)")


def _check_rule_words(f: Field, single: bool = False) -> None:
    """A word that normalises to nothing would be dropped without a word: say so instead. Context lists
    (`single`) are read a word at a time, so "merge conflict" there would mean "merge" or "conflict"."""
    for item in f.items() if f.present else ():
        _check_rule_word(item, single)


def _check_rule_word(item: Field, single: bool = False) -> None:
    from sdi.text import RULE_MARKS, rule_stems

    word = item.text()
    stems = rule_stems(word)
    if not stems:
        marks = " ".join(sorted(RULE_MARKS))
        item.problem(f"'{word}' has no letters or digits to match (the marks a rule may use: {marks})")
    elif single and len(stems) > 1:
        item.problem(f"'{word}' is {len(stems)} words, but this list matches single words: it would "
                     f"mean any of {', '.join(repr(s) for s in stems)} (use a pattern for words together)")


def _patterns(f: Field) -> tuple[Pattern, ...]:
    out = []
    for item in f.items():
        if item.mapping(("all", "window")):
            slots = tuple(s for s in (_slot(word) for word in item.require("all").items()) if s)
            if len(slots) < 2:
                item.problem("a pattern needs at least two words under 'all'")
            out.append(Pattern(slots, int(item.child("window").number(6, 1))))
    return tuple(out)


def _slot(f: Field) -> tuple[str, ...]:
    """One word of a pattern, or a list of single words any one of which may stand in its place."""
    if isinstance(f.value, list):
        _check_rule_words(f, single=True)
        return f.texts()
    _check_rule_word(f)
    word = f.text()
    return (word,) if word else ()


def _numbers(f: Field) -> tuple[NumberRule, ...]:
    out = []
    for item in f.items():
        if item.mapping(("unit", "per", "near", "window", "unless")):
            per = item.child("per").texts()
            for p in per:
                if p not in (*PERIODS, "none"):
                    item.child("per").problem(f"unknown period '{p}'{did_you_mean(p, (*PERIODS, 'none'))}")
            _check_rule_words(item.child("near"), single=True)
            out.append(NumberRule(item.child("unit").choice(NUMBER_UNITS, "any") or "any", per,
                                  item.child("near").texts(), int(item.child("window").number(8, 1)),
                                  item.child("unless").texts()))
    return tuple(out)


def _names(f: Field) -> tuple[NameRule, ...]:
    out = []
    for item in f.items():
        if item.mapping(("heads", "distinct", "unless")):
            heads = item.require("heads").texts()
            _check_rule_words(item.child("heads"), single=True)
            _check_rule_words(item.child("unless"), single=True)
            out.append(NameRule(heads, int(item.child("distinct").number(2, 2)), item.child("unless").texts()))
    return tuple(out)


def _walks(f: Field) -> tuple[WalkRule, ...]:
    out = []
    for item in f.items():
        if item.mapping(("parts", "parts_at_least", "moves", "moves_at_least")):
            _check_rule_words(item.child("moves"), single=True)
            out.append(WalkRule(item.require("parts").texts(), int(item.child("parts_at_least").number(3, 2)),
                                item.require("moves").texts(), int(item.child("moves_at_least").number(5, 1))))
    return tuple(out)


def _check_concept_refs(f: Field, concepts: Iterable[str], known: Collection[str]) -> None:
    """A walk's parts and the concepts that earn another must be known concepts, or they could never count."""
    for cid in concepts:
        parts = [p for walk in f.child(cid).child("walks").items() for p in walk.child("parts").items()]
        for part in parts + list(f.child(cid).child("earned_by").items()):
            if part.text() not in known:
                part.problem(f"'{part.text()}' is not a concept{did_you_mean(part.text(), known)}")


def _check_not_terms(f: Field, cid: str, base: Concept | None) -> None:
    """A term a bank takes away must be one the catalog gives the concept, or taking it away does nothing."""
    given = set(base.terms) | {n.term for n in base.near_terms} if base else set()
    for item in f.items() if f.present else ():
        if item.text() not in given:
            item.problem(f"'{item.text()}' is not a term of the catalog's '{cid}', so there is nothing to take away")


def _concept(cid: str, f: Field, base: Concept | None = None) -> Concept:
    """A concept definition; with base, the definition extends an existing concept."""
    f.mapping(_CONCEPT_KEYS)
    if base is None:
        phase = f.require("phase").choice(PHASES, "requirements")
        description = f.require("description").text(cid)
    else:
        phase = f.child("phase").choice(PHASES, base.phase) or base.phase
        description = f.child("description").text(base.description)
    terms = f.child("terms").texts()
    if base is None and not terms and not any(f.child(k).present for k in RECOGNISERS[1:]):
        f.problem(f"concept '{cid}' needs one of {', '.join(repr(k) for k in RECOGNISERS)} to be recognised by")
    ex = _examples(f.child("examples"))
    _check_rule_words(f.child("unless_near"), single=True)
    _check_not_terms(f.child("not_terms"), cid, base)
    concept = Concept(
        id=cid, phase=phase, description=description, terms=terms,
        near_terms=_near_terms(f.child("near_terms")), patterns=_patterns(f.child("patterns")),
        numbers=_numbers(f.child("numbers")), names=_names(f.child("names")), walks=_walks(f.child("walks")),
        fields=int(f.child("fields").number(0, 2)),
        unless_near=f.child("unless_near").texts(), negatable=f.child("negatable").flag(True),
        phases=_home_phases(f.child("phases")), label=f.child("name").text(""), cues=f.child("cues").texts(),
        list_cues=f.child("list_cues").texts(), earned_by=f.child("earned_by").texts(),
        not_terms=f.child("not_terms").texts(),
        note=f.child("note").text(""),
        examples=ex, origin=_origin(f))
    return concept if base is None else merge_concept(base, concept)


def _home_phases(f: Field) -> tuple[str, ...]:
    """The phases whose work a concept is (a recap is only a recap at the wrap-up)."""
    if not f.present:
        return ()
    items = [f] if isinstance(f.value, str) else f.items()
    return tuple(p for p in (item.choice(PHASES) for item in items) if p)


def merge_concept(base: Concept, extra: Concept) -> Concept:
    """A catalog concept widened by a bank's problem-specific names and examples.

    Widening twice with the same rules adds them once: every bank's concept already holds the catalog's, and
    the all-banks view merges them all."""
    return Concept(
        id=base.id, phase=base.phase, description=base.description,
        terms=_widened(tuple(t for t in base.terms if t not in extra.not_terms), extra.terms),
        near_terms=_widened(tuple(n for n in base.near_terms if n.term not in extra.not_terms), extra.near_terms),
        patterns=_widened(base.patterns, extra.patterns),
        numbers=_widened(base.numbers, extra.numbers), names=_widened(base.names, extra.names),
        walks=_widened(base.walks, extra.walks),
        fields=extra.fields or base.fields,
        unless_near=_widened(base.unless_near, extra.unless_near), negatable=base.negatable and extra.negatable,
        phases=extra.phases or base.phases, label=extra.label or base.label, cues=_widened(base.cues, extra.cues),
        list_cues=_widened(base.list_cues, extra.list_cues), earned_by=_widened(base.earned_by, extra.earned_by),
        note=extra.note or base.note,
        examples=Examples(_widened(_not_naming(base.examples.credit, extra.not_terms), extra.examples.credit),
                          _widened(base.examples.reject, extra.examples.reject)),
        origin=base.origin)


def _not_naming(examples: tuple[str, ...], taken: tuple[str, ...]) -> tuple[str, ...]:
    """The catalog's credit examples that do not use a term a bank takes away: "A queue decouples the API from
    the consumers" teaches a sense of "queue" the web crawler gives its frontier instead."""
    if not taken:
        return examples
    words = re.compile(r"\b(?:" + "|".join(re.escape(t) for t in taken) + ")", re.IGNORECASE)
    return tuple(e for e in examples if not words.search(e))


def _widened(base: tuple[T, ...], extra: tuple[T, ...]) -> tuple[T, ...]:
    """base, then what extra adds that base does not already hold, in order (a set: compile time is a budget)."""
    held = set(base)
    return base + tuple(x for x in dict.fromkeys(extra) if x not in held)


def _abbreviations(f: Field) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for key, value in f.entries():
        if not key.isalnum() or key not in (key.lower(), key.upper()):
            value.key_problem(f"abbreviation '{key}' must be one word, in lower case or (to expand only capitals) upper case")
        expansion = value.text()
        if expansion:
            out[key] = tuple(expansion.lower().split())
    return out


def _check_split_verbs(f: Field) -> None:
    """Each entry is one verb, " ... ", and its particle: what stands between them is what they rule out."""
    from sdi.negation import split_verb

    for item in f.items() if f.present else ():
        if split_verb(item.text()) is None:
            item.problem(f"'{item.text()}' should be a verb, ' ... ' and a particle, like \"leave ... out\"")


def parse_catalog(doc: object, file: str) -> Catalog:
    """A Catalog from a parsed concepts.yaml, or a DataError listing every problem."""
    problems: list[Problem] = []
    root = Field.root(doc, file, problems)
    root.mapping(("version", "lexicon", "ambiguous", "concepts"))
    lex = root.child("lexicon")
    lex.mapping(("abbreviations", "negation", "exact_only", "calls"))
    neg = lex.child("negation")
    kinds = tuple(f.name for f in fields(Negation))  # every lexicon list the model declares, by name
    neg.mapping(kinds)
    negation = Negation(**{kind: neg.child(kind).texts() for kind in kinds})
    _check_split_verbs(neg.child("split"))
    concepts = {cid: _concept(cid, f) for cid, f in root.require("concepts").entries()}
    _check_cues(root.require("concepts"), concepts, negation)
    _check_concept_refs(root.require("concepts"), concepts, concepts)
    ambiguous = []
    for item in root.child("ambiguous").items():
        if item.mapping(("terms", "ids")):
            ids = item.require("ids").texts()
            for cid in ids:
                if cid not in concepts:
                    item.problem(f"unknown concept '{cid}'{did_you_mean(cid, concepts)}")
            ambiguous.append(Ambiguity(item.require("terms").texts(), ids))
    catalog = Catalog(concepts, _abbreviations(lex.child("abbreviations")), negation, tuple(ambiguous),
                      frozenset(w.lower() for w in lex.child("exact_only").texts()),
                      frozenset(w.lower() for w in lex.child("calls").texts()))
    if problems:
        raise DataError(problems)
    return catalog


# ---------------------------------------------------------------- banks

def _formula_names(formula: str) -> tuple[set[str], str]:
    """The names a formula uses, or an error message when it is not plain arithmetic."""
    import ast

    try:
        tree = ast.parse(formula, mode="eval")
    except SyntaxError:
        return set(), "formula is not valid arithmetic"
    allowed = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Name, ast.Load, ast.Add, ast.Sub,
               ast.Mult, ast.Div, ast.Pow, ast.USub, ast.UAdd, ast.FloorDiv)
    for node in ast.walk(tree):
        if not isinstance(node, allowed):
            return set(), f"formula may use only numbers, names and + - * / ** (found {type(node).__name__})"
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}, ""


def _facts(f: Field) -> tuple[Fact, ...]:
    out = []
    for fid, item in f.entries():
        item.mapping(("answer", "cues", "value", "unit", "per", "concept"))
        value = item.child("value").number() if item.child("value").present else None
        out.append(Fact(fid, item.require("answer").text(), item.require("cues").texts(), value,
                        item.child("unit").choice(UNITS), item.child("per").choice(tuple(PERIODS)),
                        item.child("concept").text("")))
    return tuple(out)


def _quantities(f: Field, facts: Iterable[Fact]) -> tuple[Quantity, ...]:
    known = {fact.id for fact in facts if fact.value is not None}
    out = []
    for qid, item in f.entries():
        item.mapping(("label", "formula", "unit", "per", "cues", "tolerance", "off", "concept", "each"))
        formula_f = item.require("formula")
        formula = formula_f.text("0")
        names, error = _formula_names(formula)
        if error:
            formula_f.problem(error)
        for name in sorted(names - known):
            formula_f.problem(f"formula names '{name}', which is not a fact with a value or an earlier quantity"
                              f"{did_you_mean(name, known)}")
        tolerance = item.child("tolerance").number(2.0, 1.0)
        out.append(Quantity(qid, item.child("label").text(qid.replace("_", " ")), formula,
                            item.child("unit").choice(UNITS), item.child("per").choice(tuple(PERIODS)),
                            item.child("cues").texts(), tolerance,
                            max(item.child("off").number(10.0, 1.0), tolerance), item.child("concept").text(""),
                            item.child("each").text("")))
        known.add(qid)
    return tuple(out)


def _depth(f: Field) -> tuple[DepthLevel, ...]:
    out = []
    for level, item in f.entries():
        if level not in DEPTHS[1:]:
            item.key_problem(f"unknown depth level '{level}'{did_you_mean(level, DEPTHS[1:])}; "
                         f"expected one of: {', '.join(DEPTHS[1:])}")
            continue
        item.mapping(("probe", "cues"))
        out.append(DepthLevel(level, item.require("probe").text(), item.child("cues").texts()))
    return tuple(sorted(out, key=lambda d: DEPTHS.index(d.level)))


def _phases(f: Field) -> dict[str, PhasePlan]:
    plans: dict[str, PhasePlan] = {}
    for phase, item in f.entries():
        if phase not in PHASES:
            item.key_problem(f"unknown phase '{phase}'{did_you_mean(phase, PHASES)}")
            continue
        item.mapping(("questions", "expects"))
        expects = []
        for cid, e in item.child("expects").entries():
            e.mapping(("weight", "probe", "hints", "depth", "note"))
            expects.append(Expectation(cid, e.child("weight").number(1.0, 0.0), e.child("probe").text(""),
                                       e.child("hints").texts(), _depth(e.child("depth")), e.child("note").text("")))
        plans[phase] = PhasePlan(phase, item.child("questions").texts(), tuple(expects))
    return plans


def _bank_concepts(f: Field, catalog: Catalog) -> dict[str, Concept]:
    concepts = {cid: _concept(cid, item, catalog.concepts.get(cid)) for cid, item in f.entries()}
    _check_concept_refs(f, concepts, {*catalog.concepts, *concepts})
    return concepts


def _check_refs(root: Field, bank: Bank, catalog: Catalog) -> None:
    known = set(catalog.concepts) | set(bank.concepts)

    def check(field: Field, cid: str, at_key: bool = False) -> None:
        if cid and cid not in known:
            message = f"unknown concept '{cid}'{did_you_mean(cid, known)}"
            field.key_problem(message) if at_key else field.problem(message)

    phases = root.child("phases")
    for phase, plan in bank.phases.items():
        expects = phases.child(phase).child("expects")
        for exp in plan.expects:
            check(expects.child(exp.concept), exp.concept, at_key=True)
    facts = root.child("facts")
    for f in bank.facts:
        check(facts.child(f.id).child("concept"), f.concept)
    pits = root.child("pitfalls")
    for pit in bank.pitfalls:
        check(pits.child(pit.id).child("concept"), pit.concept)
    quantities = root.child("quantities")
    for q in bank.quantities:
        check(quantities.child(q.id).child("concept"), q.concept)
    dives = root.child("deep_dives")
    for dive in bank.deep_dives:
        for cid in dive.concepts:
            check(dives.child(dive.id).child("concepts"), cid)
    rubric = root.child("rubric")
    for level, rub in bank.rubrics.items():
        for cid in (*rub.must, *rub.depth):
            check(rubric.child(level), cid)
    for i, ex in enumerate(root.child("examples").items()):
        for cid in (*bank.examples[i].credit, *bank.examples[i].reject) if i < len(bank.examples) else ():
            check(ex, cid)


def parse_bank(doc: object, file: str, catalog: Catalog) -> Bank:
    """A Bank from a parsed bank file, checked against the catalog, or a DataError listing every problem."""
    problems: list[Problem] = []
    root = Field.root(doc, file, problems)
    root.mapping(("id", "title", "summary", "prompt", "facts", "quantities", "concepts", "phases",
                  "deep_dives", "pitfalls", "rubric", "examples"))
    bid = root.require("id").text(Path(file).stem)
    if bid != Path(file).stem and Path(file).suffix in (".yaml", ".yml"):
        root.child("id").problem(f"bank id '{bid}' must match its file name '{Path(file).stem}'")
    prompt_f = root.require("prompt")
    if isinstance(prompt_f.value, str):
        prompts = {"default": prompt_f.text()}
    else:
        prompt_f.mapping(("default", *LEVELS))
        prompts = {k: v.text() for k, v in prompt_f.entries()}
        if prompt_f.present and "default" not in prompts:
            prompt_f.problem("missing required key 'default'")
    facts = _facts(root.child("facts"))
    dives = []
    for did, item in root.child("deep_dives").entries():
        item.mapping(("title", "question", "concepts", "tradeoffs"))
        dives.append(DeepDive(did, item.require("title").text(did), item.require("question").text(),
                              item.child("concepts").texts(), item.child("tradeoffs").texts()))
    pitfalls = []
    for pid, item in root.child("pitfalls").entries():
        item.mapping(("text", "probe", "cues", "unless", "concept"))
        pitfalls.append(Pitfall(pid, item.require("text").text(), item.child("probe").text(""),
                                item.child("cues").texts(), item.child("unless").texts(),
                                item.child("concept").text("")))
    rubrics = {}
    for level, item in root.child("rubric").entries():
        if level not in LEVELS:
            item.key_problem(f"unknown level '{level}'{did_you_mean(level, LEVELS)}")
            continue
        item.mapping(("summary", "must", "depth"))
        depth = {cid: d.choice(DEPTHS, "mentioned") for cid, d in item.child("depth").entries()}
        rubrics[level] = Rubric(level, item.child("summary").text(""), item.child("must").texts(), depth)
    examples = []
    for item in root.child("examples").items():
        item.mapping(("text", "credit", "reject"))
        examples.append(BankExample(item.require("text").text(), item.child("credit").texts(),
                                    item.child("reject").texts(), _origin(item)))
    bank = Bank(id=bid, title=root.require("title").text(bid), prompts=prompts or {"default": bid},
                facts=facts, quantities=_quantities(root.child("quantities"), facts),
                concepts=_bank_concepts(root.child("concepts"), catalog), phases=_phases(root.require("phases")),
                deep_dives=tuple(dives), pitfalls=tuple(pitfalls), rubrics=rubrics, examples=tuple(examples),
                path=file)
    _check_refs(root, bank, catalog)
    if problems:
        raise DataError(problems)
    return bank


# ---------------------------------------------------------------- flows

def parse_flow(doc: object, file: str) -> Flow:
    """A Flow from a parsed flow file, or a DataError listing every problem."""
    problems: list[Problem] = []
    root = Field.root(doc, file, problems)
    root.mapping(("id", "title", "description", "advance", "stages"))
    fid = root.require("id").text(Path(file).stem)
    advance = root.child("advance")
    advance.mapping(("coverage", "grace"))
    coverage = advance.child("coverage").number(0.75, 0.0)
    grace = advance.child("grace").number(1.25, 1.0)
    stages: list[Stage] = []
    seen: dict[str, str] = {}
    for item in root.require("stages").items():
        item.mapping(("id", "title", "phases", "minutes", "intro", "min_turns"))
        sid = item.require("id").text("stage")
        phases_f = item.require("phases")
        phases = phases_f.texts()
        if not phases:
            item.problem(f"stage '{sid}' covers no phase, so the interview can never reach it")
        for phase in phases:
            if phase not in PHASES:
                phases_f.problem(f"unknown phase '{phase}'{did_you_mean(phase, PHASES)}")
            elif phase in seen:
                phases_f.problem(f"phase '{phase}' is already covered by stage '{seen[phase]}'")
            seen[phase] = sid
        if sid in {s.id for s in stages}:
            item.child("id").problem(f"duplicate stage id '{sid}'")
        stages.append(Stage(sid, item.child("title").text(sid.replace("_", " ").title()),
                            tuple(p for p in phases if p in PHASES), item.require("minutes").number(5.0, 0.5),
                            item.child("intro").text(""), int(item.child("min_turns").number(1, 1))))
    if root.child("stages").present and not stages:
        root.child("stages").problem("a flow needs at least one stage")
    if problems:
        raise DataError(problems)
    return Flow(fid, root.require("title").text(fid), tuple(s for s in stages if s.phases),
                root.child("description").text(""), min(coverage, 1.0), grace, file)


# ---------------------------------------------------------------- voice

def parse_voice(doc: object, file: str) -> Voice:
    """The interviewer's templates and cues, or a DataError listing every problem."""
    problems: list[Problem] = []
    root = Field.root(doc, file, problems)
    root.mapping(("templates", "phase_titles", "phase_questions", "cues", "technologies", "levels", "rules"))
    rules = root.child("rules")
    rules.mapping(("summary_min_concepts",))
    templates = {k: v.texts() for k, v in root.require("templates").entries()}
    levels = {}
    for level, item in root.require("levels").entries():
        item.mapping(("misses_before_hint", "max_depth"))
        levels[level] = LevelPolicy(int(item.child("misses_before_hint").number(1, 0)),
                                    int(item.child("max_depth").number(3, 1)))
    techs: dict[str, tuple[str, ...]] = {}
    for cid, item in root.child("technologies").entries():
        for name in item.texts():
            techs[name.lower()] = (*techs.get(name.lower(), ()), cid)
    voice = Voice(templates, {k: v.text() for k, v in root.require("phase_titles").entries()},
                  {k: v.texts() for k, v in root.child("phase_questions").entries()},
                  {k: v.texts() for k, v in root.require("cues").entries()}, techs, levels,
                  int(rules.child("summary_min_concepts").number(3, 1)))
    if problems:
        raise DataError(problems)
    return voice


# ---------------------------------------------------------------- the library

def load_catalog(path: Path) -> Catalog:
    """The catalog file at path."""
    from sdi.yamlsource import read_yaml

    return parse_catalog(read_yaml(path), str(path))


def load_bank(path: Path, catalog: Catalog) -> Bank:
    """One bank file."""
    from sdi.yamlsource import read_yaml

    return parse_bank(read_yaml(path), str(path), catalog)


def load_flow(path: Path) -> Flow:
    """One flow file."""
    from sdi.yamlsource import read_yaml

    return parse_flow(read_yaml(path), str(path))


def bank_files() -> dict[str, Path]:
    """Bank id -> file, over every data root (earlier roots win)."""
    found: dict[str, Path] = {}
    for root in data_roots():
        for path in sorted(root.glob("*.yaml")):
            if path.name not in ("concepts.yaml", "interviewer.yaml", "units.yaml"):
                found.setdefault(path.stem, path)
    return found


def flow_files() -> dict[str, Path]:
    """Flow id -> file, over every data root."""
    found: dict[str, Path] = {}
    for root in data_roots():
        for path in sorted((root / "flows").glob("*.yaml")):
            found.setdefault(path.stem, path)
    return found


def library_files(extra_bank: str = "", only: str = "") -> list[Path]:
    """Every file a library is built from (what its cache key hashes); with `only`, just that bank's."""
    files = [p for root in data_roots() for p in (*root.glob("*.yaml"), *(root / "flows").glob("*.yaml"))]
    if only:
        keep = bank_files().get(only)
        files = [p for p in files if p.name in ("concepts.yaml", "interviewer.yaml", "units.yaml")
                 or p.parent.name == "flows" or p == keep]
    return files + ([Path(extra_bank).resolve()] if extra_bank else [])


@lru_cache(maxsize=4)
def load_library(extra_bank: str = "", only: str = "") -> Library:
    """Catalog, flows, the voice and every bank (or `only` one), from the on-disk cache when nothing changed."""
    from sdi.cache import cached, content_key

    if extra_bank and not Path(extra_bank).is_file():
        raise UsageError(f"no such bank file: {extra_bank}")
    from sdi.text import learn_phrases

    key = content_key(library_files(extra_bank, only), extra_bank, only)
    library = cached("library", key, lambda: _build_library(extra_bank, only))
    learn_phrases(library.phrases)
    return library


def _build_library(extra_bank: str = "", only: str = "") -> Library:
    """Parse and validate everything (slow: every value keeps its position for error messages)."""
    root = builtin_root()
    catalog = load_catalog(root / "concepts.yaml")
    files = bank_files()
    if only:
        files = {k: v for k, v in files.items() if k == only}
    if extra_bank:
        path = Path(extra_bank)
        if not path.is_file():
            raise UsageError(f"no such bank file: {extra_bank}")
        files[path.stem] = path
    problems: list[Problem] = []
    banks, broken = {}, {}
    for bid, path in sorted(files.items()):
        try:
            banks[bid] = load_bank(path, catalog)
        except DataError as exc:  # one broken bank must not take the others down
            broken[bid] = tuple(exc.problems)
    flows = {}
    for fid, path in sorted(flow_files().items()):
        try:
            flows[fid] = load_flow(path)
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    from sdi.yamlsource import read_yaml

    voice = parse_voice(read_yaml(root / "interviewer.yaml"), str(root / "interviewer.yaml"))
    return _with_phrases(Library(catalog, banks, flows, voice, broken))


def _with_phrases(library: Library) -> Library:
    """The library with every phrase the matcher reads normalised now, while building is slow anyway."""
    from sdi.interviewer import concepts_for
    from sdi.matching import Matcher
    from sdi.text import phrase_table

    Matcher(library.catalog, concepts_for(library, None))
    return replace(library, phrases=phrase_table())


def find_bank(library: Library, ref: str) -> Bank:
    """A bank by id or by the path it was loaded from (a broken one raises its problems)."""
    if ref in library.banks:
        return library.banks[ref]
    stem = Path(ref).stem
    if stem in library.broken:
        raise DataError(list(library.broken[stem]))  # type: ignore[arg-type]
    if stem in library.banks and (ref.endswith((".yaml", ".yml"))):
        return library.banks[stem]
    known = set(library.banks) | set(bank_files())  # a one-bank library still suggests every installed id
    raise UsageError(f"unknown bank '{ref}'{did_you_mean(ref, known)}; try `sdi banks`")


def find_flow(library: Library, ref: str) -> Flow:
    """A flow by id."""
    if ref in library.flows:
        return library.flows[ref]
    raise UsageError(f"unknown flow '{ref}'{did_you_mean(ref, library.flows)}; try `sdi flows`")
