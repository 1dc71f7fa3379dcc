"""The typed, frozen objects every part of sdi works with once the YAML edge has validated the data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field

from sdi.records import record

PHASES: tuple[str, ...] = ("requirements", "estimation", "api", "data_model",
                           "high_level_design", "deep_dive", "bottlenecks", "wrap_up")
LEVELS: tuple[str, ...] = ("junior", "mid", "senior", "staff")
DEPTHS: tuple[str, ...] = ("mentioned", "justified", "tradeoffs", "limits")
FLAGS: tuple[str, ...] = ("jumped_to_solution", "no_clarifying_questions", "unjustified_technology",
                          "no_tradeoffs", "estimate_off", "over_time", "skipped_phase")
PERIODS: Mapping[str, float] = {"second": 1, "minute": 60, "hour": 3600, "day": 86400,
                                "week": 604800, "month": 2592000, "year": 31536000}
COUNT_UNITS = frozenset({"", "requests", "items", "messages"})  # counts of things done: "5M writes" is 5M links made


@record
class Origin:
    """Where a definition was written, for errors and lint."""

    file: str = ""
    line: int = 0
    col: int = 0


@record
class NearTerm:
    """A short or everyday word that names a concept only with technical context nearby."""

    term: str
    near: tuple[str, ...]
    window: int = 6


@record
class Pattern:
    """Words that together name a concept when they all appear within a window; a slot may offer several
    words, any one of which fills it ("land on the same node" with any of read, write or request)."""

    words: tuple[tuple[str, ...], ...]  # one tuple per slot: the words that may fill it
    window: int = 6

    @property
    def label(self) -> str:
        """How explanations and lint name the pattern: 'land + same + node + read/write'."""
        return " + ".join("/".join(slot) for slot in self.words)


@record
class NumberRule:
    """A quantity that names a concept by itself ("~90 TB" is a storage estimate), optionally with words nearby."""

    unit: str = "any"
    per: tuple[str, ...] = ()
    near: tuple[str, ...] = ()
    window: int = 8
    unless: tuple[str, ...] = ()  # phrases beside the quantity that make it another thing's ("per device")


@record
class NameRule:
    """Several differently named things of one kind ("the post service ... the feed service") name a concept."""

    heads: tuple[str, ...]        # the kind: "service", "svc"
    distinct: int = 2             # how many different names it takes
    unless: tuple[str, ...] = ()  # words before a head that are not names ("each service", "a separate service")


@record
class WalkRule:
    """A path walked through the design: several of its parts named together with enough words that move a
    request from one to the next ("the client hits the LB, which forwards to ... then reads the cache ...")."""

    parts: tuple[str, ...]        # concept ids of the design's parts: load_balancer, cache, message_queue
    parts_at_least: int = 3       # how many different parts the answer must name (and not rule out)
    moves: tuple[str, ...] = ()   # words that move a request along: goes, hits, forwards, then
    moves_at_least: int = 5       # how many times the answer must use them


@record
class Examples:
    """Sentences that must (credit) and must not (reject) be detected as a concept."""

    credit: tuple[str, ...] = ()
    reject: tuple[str, ...] = ()


@record
class Concept:
    """Everything the matcher knows about how people name one concept."""

    id: str
    phase: str
    description: str
    terms: tuple[str, ...] = ()
    near_terms: tuple[NearTerm, ...] = ()
    patterns: tuple[Pattern, ...] = ()
    numbers: tuple[NumberRule, ...] = ()
    names: tuple[NameRule, ...] = ()
    walks: tuple[WalkRule, ...] = ()
    fields: int = 0  # a parenthesised list of at least this many short items names it: "users(id, email, created_at)"
    unless_near: tuple[str, ...] = ()
    negatable: bool = True
    phases: tuple[str, ...] = ()  # the phases whose work it is; an answer given elsewhere does not earn it (empty: any)
    label: str = ""  # what the interviewer and the scorecard call it (default: the id in words)
    cues: tuple[str, ...] = ()  # negation cues that earn it when they rule something out in its phase ("DMs: out")
    list_cues: tuple[str, ...] = ()  # cues that earn it when they rule out two things or more: "no accounts, no UI"
    earned_by: tuple[str, ...] = ()  # concepts whose credit in its phases earns it too: a feature named while scoping
    not_terms: tuple[str, ...] = ()  # in a bank: catalog terms that do not name it in this problem (Redis in a limiter)
    note: str = ""
    examples: Examples = Examples()
    origin: Origin = Origin()

    @property
    def name(self) -> str:
        """What people read: the catalog's `name`, else the id in words (terms are for matching, typos and all)."""
        return self.label or self.id.replace("_", " ")


@record
class Negation:
    """Cue phrases that open or close a negation scope."""

    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    breakers: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()  # cues that, before a colon, negate the whole list that follows ("^out": at a clause start only)
    tentative: tuple[str, ...] = ()  # cues after which an idea is only weighed ("I thought about")
    answers: tuple[str, ...] = ()  # a sentence opening with one answers the question before it "no"
    sufficient: tuple[str, ...] = ()  # a sentence closing on one answers the question before it "no": "... is plenty"
    referents: tuple[str, ...] = ()  # subjects pointing back over the sentence ("those are" out of scope)
    rejections: tuple[str, ...] = ()  # after a tentative cue, these turn the idea down ("but no")
    fillers: tuple[str, ...] = ()  # words that carry no meaning ("um", "uh", "honestly")
    disjunctions: tuple[str, ...] = ()  # under a negation, join more it rules out: "not run a second region [or] copy blocks"
    conjunctions: tuple[str, ...] = ()  # join the items of a list ("and", "or"): "leave out A, B [and] C"
    glue: tuple[str, ...] = ()  # function words that carry no topic ("the", "for", "of")
    joiners: tuple[str, ...] = ()  # breakers that stay inside one idea when read back from its verdict ("with")
    options: tuple[str, ...] = ()  # open one option of several weighed: "Option one: ...", "Option B: ..."
    option_sets: tuple[str, ...] = ()  # announce options, each then a sentence of its own: "Two choices. Postgres: ..."
    pairings: tuple[str, ...] = ()  # make the "and" after them part of one idea: "[between] the gateway and the index"
    subjects: tuple[str, ...] = ()  # "Consistent hashing [we] don't use": a topic put before one is what is ruled out
    not_topics: tuple[str, ...] = ()  # words that open a clause, not a topic ("since", "for")
    plurals: tuple[str, ...] = ()  # plural verbs: "indexes and transactions [are] out of scope" reaches both
    copulas: tuple[str, ...] = ()  # an item holding one is a clause, not a list item: "skip GraphQL, the API [is] small and REST [is] fine"
    contrasts: tuple[str, ...] = ()  # where a weighed idea ends and the reasons against it begin ("but")
    hedges: tuple[str, ...] = ()  # may stand between a colon or dash and its verdict ("— I'd argue not yet")
    weighed_after: tuple[str, ...] = ()  # after an idea, these only weigh it ("a CDN is tempting, but ...")
    split: tuple[str, ...] = ()  # a verb and its particle around what they rule out ("leave ... out", "kept ... out")
    verbs: tuple[str, ...] = ()  # rule out their object when a subject says them ("we [dropped] Kafka", "I'd [scrap] it")
    choices: tuple[str, ...] = ()  # verbs of choosing: what follows "over" after one is turned down ("chose A over B")
    over: tuple[str, ...] = ()  # the words a choice is made over ("over", "than")
    frames: tuple[str, ...] = ()  # fill a cue's object slot naming nothing: "I'd leave out of this [design] [here]"
    keeps: tuple[str, ...] = ()  # split verbs placing what the design has: "we [keep] the workers out of the hot path"
    indefinites: tuple[str, ...] = ()  # unless their object opens with one: "I'd keep [a] CDN out of the redirect path"
    alternatives: tuple[str, ...] = ()  # before-cues naming the option not taken, up to the clause taking another:
                                        # "[rather than] GraphQL I'd keep REST"
    objects: tuple[str, ...] = ()  # inside an after-cue, point back over the sentence: "so we left [it] out"
    consequences: tuple[str, ...] = ()  # such a verdict reaches back over them: "X saves little, [so] we left it out"
    relatives: tuple[str, ...] = ()  # a verdict just after one is on what it points back to: "X, [which] we skipped"
    doubles: tuple[str, ...] = ()  # inside a negation they cancel it: "no request hits the DB [without] the cache"
    deferrals: tuple[str, ...] = ()  # after a pointing-back object, put it off: "I'd hold off on that [until] ..."
    conditions: tuple[str, ...] = ()  # open a condition: "[if] we ever expand to Europe, we'd add a region"
    growth: tuple[str, ...] = ()  # a condition about the system growing: "if we [ever expand]"
    modals: tuple[str, ...] = ()  # after a subject, what it would do: "we [would] shard"
    restrictives: tuple[str, ...] = ()  # before a growth condition, defer what came first: "Kafka [only] if ... passes 10k"
    thresholds: tuple[str, ...] = ()  # growth after "only if", a failure after a bare "if": "the rate [passes] 10k"
    introductions: tuple[str, ...] = ()  # opening a clause whose condition is growth, defer its object: "[add] Redis once
                                         # reads grow past 10k a second"
    reasons: tuple[str, ...] = ()  # a ruling's reason may name the idea again: "skip the CDN, [because] an edge cache hides clicks"
    hypotheticals: tuple[str, ...] = ()  # a clause imagining a ruled-out idea in place argues against it: "a Kafka hop [would] add lag"
    counterfactuals: tuple[str, ...] = ()  # opening a sentence with "would": an argument for the thing, not against
    outcomes: tuple[str, ...] = ()  # after a negation, what the design keeps from happening: "one tenant can't [dominate] a replica"
    failures: tuple[str, ...] = ()  # after a cue and a condition, a failure: "we can drop marketing sends if we're [overloaded]"
    adverbs: tuple[str, ...] = ()  # may stand between a negation and its verb: "clients don't [all] hit S3 at once"


@record
class Ambiguity:
    """A phrase two or more concepts could both mean."""

    terms: tuple[str, ...]
    ids: tuple[str, ...]


@record
class Catalog:
    """The concept catalog: concepts plus the lexicon used to read every answer."""

    concepts: Mapping[str, Concept]
    abbreviations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    negation: Negation = Negation()
    ambiguous: tuple[Ambiguity, ...] = ()
    exact_only: frozenset[str] = frozenset()
    calls: frozenset[str] = frozenset()  # names that open a call, not a table: "put(key, context, value)"


@record
class Fact:
    """Something the interviewer tells a candidate who asks (and may use in the math)."""

    id: str
    answer: str
    cues: tuple[str, ...]
    value: float | None = None
    unit: str = ""
    per: str = ""
    concept: str = ""  # asking about this fact covers this concept


@record
class Quantity:
    """A figure the candidate may estimate, derived from facts by a formula."""

    id: str
    label: str
    formula: str
    unit: str = ""
    per: str = ""
    cues: tuple[str, ...] = ()
    tolerance: float = 2.0
    off: float = 10.0
    concept: str = ""
    each: str = ""  # what one of it is for ("server" for checks per server); '' for the whole system's figure


@record
class DepthLevel:
    """One rung above 'mentioned' on a concept's ladder: the probe that asks for it and the cues that show it."""

    level: str
    probe: str
    cues: tuple[str, ...] = ()


@record
class Expectation:
    """A concept a phase of a bank expects, with how to ask for it and how deep to press."""

    concept: str
    weight: float = 1.0
    probe: str = ""
    hints: tuple[str, ...] = ()
    depth: tuple[DepthLevel, ...] = ()
    note: str = ""


@record
class PhasePlan:
    """What one canonical phase of a bank asks and expects."""

    phase: str
    questions: tuple[str, ...] = ()
    expects: tuple[Expectation, ...] = ()


@record
class DeepDive:
    """A topic a real interviewer would pick to dig into for this problem."""

    id: str
    title: str
    question: str
    concepts: tuple[str, ...] = ()
    tradeoffs: tuple[str, ...] = ()


@record
class Pitfall:
    """A problem-specific trap, with the words that reveal it and the question to raise it."""

    id: str
    text: str
    probe: str = ""
    cues: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    concept: str = ""  # what avoiding the trap takes: raising it makes this the focus of /hint and follow-ups


@record
class Rubric:
    """What a level must show: concepts covered and the depth reached on some of them."""

    level: str
    summary: str = ""
    must: tuple[str, ...] = ()
    depth: Mapping[str, str] = field(default_factory=dict)


@record
class BankExample:
    """A whole-answer example checked by `sdi bank test`."""

    text: str
    credit: tuple[str, ...] = ()
    reject: tuple[str, ...] = ()
    origin: Origin = Origin()


@record
class Bank:
    """One design problem: prompt, facts, what each phase expects and how to probe it."""

    id: str
    title: str
    prompts: Mapping[str, str]
    facts: tuple[Fact, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    concepts: Mapping[str, Concept] = field(default_factory=dict)
    phases: Mapping[str, PhasePlan] = field(default_factory=dict)
    deep_dives: tuple[DeepDive, ...] = ()
    pitfalls: tuple[Pitfall, ...] = ()
    rubrics: Mapping[str, Rubric] = field(default_factory=dict)
    examples: tuple[BankExample, ...] = ()
    path: str = ""

    def prompt(self, level: str) -> str:
        """The prompt for a level, falling back to the default."""
        return self.prompts.get(level) or self.prompts["default"]

    def expectation(self, concept: str) -> Expectation | None:
        """The expectation for a concept in whichever phase names it."""
        for plan in self.phases.values():
            for exp in plan.expects:
                if exp.concept == concept:
                    return exp
        return None

    def phase_of(self, concept: str) -> str | None:
        """The phase that expects a concept, if any."""
        for plan in self.phases.values():
            if any(e.concept == concept for e in plan.expects):
                return plan.phase
        return None


@record
class Stage:
    """One step of an interview framework, covering one or more canonical phases."""

    id: str
    title: str
    phases: tuple[str, ...]
    minutes: float
    intro: str = ""
    min_turns: int = 1  # answers a phase takes before coverage alone moves the interview on


@record
class Flow:
    """An interview framework: its stages in order, with budgets and the rule for moving on."""

    id: str
    title: str
    stages: tuple[Stage, ...]
    description: str = ""
    advance_coverage: float = 0.75
    grace: float = 1.25
    path: str = ""

    @property
    def phases(self) -> tuple[str, ...]:
        return tuple(p for s in self.stages for p in s.phases)

    def stage_of(self, phase: str) -> Stage:
        """The stage that covers a phase."""
        return next(s for s in self.stages if phase in s.phases)

    def budget(self, phase: str) -> float:
        """Seconds the flow gives a phase (a stage's minutes split evenly across its phases)."""
        stage = self.stage_of(phase)
        return stage.minutes * 60 / len(stage.phases)

    @property
    def minutes(self) -> float:
        return sum(s.minutes for s in self.stages)


@record
class LevelPolicy:
    """How a candidate level changes the interviewer: when help comes and how deep it presses."""

    misses_before_hint: int = 1
    max_depth: int = 3


@record
class Voice:
    """The interviewer's words and reading cues, kept as data so wording changes touch no code."""

    templates: Mapping[str, tuple[str, ...]]
    phase_titles: Mapping[str, str]
    phase_questions: Mapping[str, tuple[str, ...]]
    cues: Mapping[str, tuple[str, ...]]
    technologies: Mapping[str, tuple[str, ...]]  # name -> the concepts it may stand for, in file order
    levels: Mapping[str, LevelPolicy]
    summary_min_concepts: int = 3  # a wrap-up answer naming this many parts of the design is a summary

    def cue(self, name: str) -> tuple[str, ...]:
        """A named cue list (empty when absent)."""
        return self.cues.get(name, ())


@record
class Library:
    """Everything installed: catalog, banks, flows and the interviewer's voice."""

    catalog: Catalog
    banks: Mapping[str, Bank]
    flows: Mapping[str, Flow]
    voice: Voice
    broken: Mapping[str, tuple[object, ...]] = field(default_factory=dict)  # bank id -> its problems
    # every catalog phrase normalised once at build, words and stems, so a cold compile does not redo it
    phrases: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())  # text.PhraseTable
