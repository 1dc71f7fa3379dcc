"""The interviewer: a pure object that turns each candidate turn into events (no I/O, no wall clock)."""

from __future__ import annotations

import random
from pathlib import Path
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from sdi.events import CandidateEvent, InterviewerEvent
from sdi.model import (COUNT_UNITS, DEPTHS, PHASES, Bank, Concept, DepthLevel, Expectation, Fact, Flow, LevelPolicy,
                       Library, Quantity)
from sdi.text import MAX_CHARS, PhraseIndex, Token, clean, phrase_index, sentence_window, tokens

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs start-up time (see PEP 781)
if TYPE_CHECKING:
    from sdi.estimates import Check
    from sdi.flow import PhaseMachine
    from sdi.numbers import Number
    from sdi.matching import Detection, Matcher

COMMANDS = {
    "help": "list the commands",
    "next": "move on to the next phase",
    "back": "go back to the previous phase",
    "hint": "ask for a hint on the current question",
    "skip": "skip this phase (noted on the scorecard)",
    "time": "time used in this phase and overall",
    "score": "coverage so far",
    "quit": "end the interview and see the scorecard",
}
PACES = ("interviewer", "candidate")
GENERIC_DEPTH_WEIGHT = 3.0
SUBSTANTIVE_WORDS = 15  # an answer this long that earns something expected is on a thread of its own, not a miss
FOLLOW_WEIGHT = 3.0   # expected weight of a later phase an answer must earn before the interviewer follows
_LEVEL_CUES = {"justified": "justification", "tradeoffs": "tradeoffs", "limits": "limits"}


@dataclass
class Focus:
    """The question the interviewer is waiting on: a gap, a rung of a depth ladder, or a why."""

    concept: str
    kind: str          # gap | depth
    level: int = 0     # the DEPTHS index a depth probe asks for


@dataclass
class State:
    """Everything the interviewer remembers; rebuilt exactly by replaying the same turns."""

    now: float = 0.0
    phase_entered: float = 0.0
    seconds: dict[str, float] = field(default_factory=dict)
    turns_in_phase: Counter[str] = field(default_factory=Counter)
    evidence: dict[str, str] = field(default_factory=dict)
    credited_in: dict[str, str] = field(default_factory=dict)
    depth: dict[str, int] = field(default_factory=dict)
    depth_asked: dict[str, int] = field(default_factory=dict)
    asked: set[str] = field(default_factory=set)
    misses: Counter[str] = field(default_factory=Counter)
    hints_given: Counter[str] = field(default_factory=Counter)
    revealed: set[str] = field(default_factory=set)
    focus: Focus | None = None
    clarifying: int = 0
    assumptions: dict[str, float] = field(default_factory=dict)
    flags: list[tuple[str, int, str]] = field(default_factory=list)
    checks: list[tuple[int, Check]] = field(default_factory=list)
    tradeoff_seen: bool = False
    turn: int = 0
    dive: str = ""
    finished: bool = False
    over_time: set[str] = field(default_factory=set)
    visited: list[str] = field(default_factory=list)
    facts_told: set[str] = field(default_factory=set)


_MATCHERS: dict[tuple[int, str], Matcher] = {}
MATCHERS_KEPT = 4  # compiled matchers held at once (each repeats the catalog: memory, not speed, is the limit)


def matcher_for(library: Library, bank: Bank) -> Matcher:
    """The compiled matcher for a bank (catalog plus the bank's own concepts), from memory or the disk cache."""
    from sdi.banks import library_files
    from sdi.cache import cached, content_key
    from sdi.matching import Matcher

    key = (id(library), bank.id)
    if key in _MATCHERS:
        _MATCHERS[key] = _MATCHERS.pop(key)  # most recently used last
        return _MATCHERS[key]
    while len(_MATCHERS) >= MATCHERS_KEPT:
        del _MATCHERS[next(iter(_MATCHERS))]
    files = library_files() + ([Path(bank.path)] if bank.path else [])
    digest = content_key(files, "matcher", bank.id)
    _MATCHERS[key] = cached("matcher", digest, lambda: Matcher(library.catalog, concepts_for(library, bank)))
    return _MATCHERS[key]


def concepts_for(library: Library, bank: Bank | None) -> dict[str, Concept]:
    """Catalog concepts widened by a bank's own (or by every bank's, when none is given)."""
    from sdi.banks import merge_concept

    concepts = dict(library.catalog.concepts)
    for b in ([bank] if bank else [library.banks[k] for k in sorted(library.banks)]):
        for cid, concept in b.concepts.items():
            concepts[cid] = merge_concept(concepts[cid], concept) if cid in concepts and not bank else concept
    return concepts


class Interviewer:
    """One interview: give it candidate turns (text and the time they were said), get events back."""

    def __init__(self, library: Library, bank: Bank, flow: Flow, level: str = "mid", seed: int = 0,
                 pace: str = "interviewer") -> None:
        self.library, self.bank, self.flow, self.level, self.seed, self.pace = library, bank, flow, level, seed, pace
        self.voice = library.voice
        self._matcher: Matcher | None = None
        self._machine: PhaseMachine | None = None
        self.policy = self.voice.levels.get(level, LevelPolicy())
        self.rng = random.Random(seed)
        self.state = State(visited=[flow.phases[0]])
        self._depth_cues: dict[tuple[str, str], PhraseIndex] = {}

    # cue indexes: built on first use, so the opening question never waits for them

    @cached_property
    def _cues(self) -> dict[str, PhraseIndex]:
        return {name: phrase_index(tuple(words)) for name, words in self.voice.cues.items()}

    @cached_property
    def _techs(self) -> PhraseIndex:
        return phrase_index(tuple(self.voice.technologies))

    @cached_property
    def _fact_cues(self) -> dict[str, PhraseIndex]:
        """Each fact's cues, with every 'X per Y' also as 'X Y': a question says 'uploads/day', and the slash
        is not a word."""
        return {f.id: phrase_index(f.cues + tuple(c.replace(" per ", " ") for c in f.cues if " per " in c))
                for f in self.bank.facts}

    @cached_property
    def _pitfall_cues(self) -> dict[str, PhraseIndex]:
        return {p.id: phrase_index(p.cues) for p in self.bank.pitfalls}

    @cached_property
    def _pitfall_unless(self) -> dict[str, PhraseIndex]:
        return {p.id: phrase_index(p.unless) for p in self.bank.pitfalls}

    # ------------------------------------------------------------------ public

    @property
    def matcher(self) -> Matcher:
        """The compiled matcher, loaded on first use so the opening question never waits for it."""
        if self._matcher is None:
            self._matcher = matcher_for(self.library, self.bank)
        return self._matcher

    @property
    def concepts(self) -> dict[str, Concept]:
        return self.matcher.concepts

    @property
    def machine(self) -> PhaseMachine:
        """The phase machine, built on first use (the opening only needs the first phase)."""
        if self._machine is None:
            from sdi.flow import PhaseMachine

            self._machine = PhaseMachine(self.flow)
        return self._machine

    @property
    def phase(self) -> str:
        return self.machine.phase if self._machine is not None else self.flow.phases[0]

    @property
    def finished(self) -> bool:
        return self.state.finished

    def start(self) -> list[InterviewerEvent]:
        """The opening: the problem, the time we have, and the first question."""
        opening = self._say("opening", prompt=self.bank.prompt(self.level), minutes=f"{self.flow.minutes:g}")
        return [InterviewerEvent(self.phase, "opening", opening, None, "opening"),
                InterviewerEvent(self.phase, "question", self._phase_question(self.phase), None,
                                 f"phase question: {self.phase}")]

    def answer(self, text: str, at: float) -> tuple[CandidateEvent, list[InterviewerEvent]]:
        """Read one candidate turn said `at` seconds into the interview, and reply."""
        notice = ""
        if len(text) > MAX_CHARS:
            notice = f"answer cut to its first {MAX_CHARS:,} characters"
        text = clean(text)
        self._tick(at)
        phase = self.phase
        command = command_of(text)
        if self.state.finished:
            event = CandidateEvent(phase, text, at, command=command, notice=notice)
            return event, [InterviewerEvent(phase, "closing", "The interview is over; see your scorecard.", None,
                                            "finished")]
        if command:
            return self._command(command, text, at, phase)
        if not text.strip():
            return (CandidateEvent(phase, text, at, notice=notice),
                    [InterviewerEvent(phase, "question", self._say("empty", question=self._current_question()),
                                      None, "empty answer")])
        return self._turn(text, at, phase, notice)

    # ------------------------------------------------------------------ one answer

    def _turn(self, text: str, at: float, phase: str, notice: str) -> tuple[CandidateEvent, list[InterviewerEvent]]:
        st = self.state
        st.turn += 1
        st.turns_in_phase[phase] += 1
        det = self.matcher.detect(text)
        toks = det.tokens
        flags: list[str] = []
        replies: list[InterviewerEvent] = []
        ahead = self._moved_on(det, phase) if self.pace == "interviewer" else None
        if ahead:
            replies += self._advance(flags, f"candidate moved on to {ahead}", old=phase, template="follow", to=ahead)
            phase = self.phase
            st.turns_in_phase[phase] += 1
        from sdi.matching import earned_in  # loaded with the matcher above

        det = earned_in(det, self.matcher.concepts, self._phases_answering(phase), phase)
        known = set(st.evidence)  # what earlier turns earned: the rest of this turn's credits are new ground
        credited = list(det.ids)
        if self._summarises(det, phase) and "design_summary" not in credited:
            credited.append("design_summary")
            st.evidence.setdefault("design_summary", det.text.strip()[:200])
        for credit in det.concepts:
            st.evidence.setdefault(credit.id, credit.evidence)
            st.credited_in.setdefault(credit.id, phase)
            st.depth.setdefault(credit.id, 0)
        self._passive_depth(det)
        if self._cues["tradeoffs"].find(toks):
            st.tradeoff_seen = True
        answers, asked_about = self._answer_questions(text, toks, phase)
        replies += answers
        for cid, question in asked_about:  # asking about a fact is covering its concept
            if cid in self.concepts and cid not in credited:
                credited.append(cid)
                st.evidence.setdefault(cid, question)
                st.credited_in.setdefault(cid, phase)
                st.depth.setdefault(cid, 0)
        replies += self._note_assumptions(det, phase)
        checks = self._check_numbers(det)
        for check in checks:
            if check.verdict == "ok" and check.quantity and check.quantity.concept:
                if check.quantity.concept not in credited:
                    credited.append(check.quantity.concept)
                st.evidence.setdefault(check.quantity.concept, check.given.text)
                st.credited_in.setdefault(check.quantity.concept, phase)
                st.depth.setdefault(check.quantity.concept, 0)
        over = self._over_time(phase, flags)
        move = None
        if not (over and self.pace == "interviewer"):  # when time is up the interviewer moves on, nothing else
            move = self._choose_move(det, set(credited), checks, flags, phase, set(credited) - known)
        if over and self.pace == "interviewer":
            replies += self._advance(flags, "time", old=phase)
        elif move:
            replies.append(move)
        else:
            gap = self._next_gap(phase)
            settled = (self._covered_enough(phase) and st.turns_in_phase[phase] >= self.flow.stage_of(phase).min_turns
                       and not answers)  # a candidate whose questions were just answered has the floor
            if gap and (ahead or not (self.pace == "interviewer" and settled)):
                replies.append(gap)
            elif ahead:  # just followed the candidate here: one transition per reply is enough
                replies.append(InterviewerEvent(phase, "question", self._phase_question(phase), None,
                                                f"phase question: {phase}"))
            elif answers:
                pass  # the answers are the reply; the candidate goes on from them
            elif self.pace == "interviewer":  # covered enough, or nothing left to probe
                if gap or st.turns_in_phase[phase] >= self.flow.stage_of(phase).min_turns:
                    st.focus = None
                    replies += self._advance(flags, "covered" if gap else "probes spent", old=phase)
                else:
                    replies.append(self._go_deeper(phase))
            else:
                replies.append(InterviewerEvent(phase, "question",
                                                "Anything else here? Type /next when you're ready to move on.",
                                                None, "phase done (candidate pace)"))
        if over and self.pace != "interviewer":
            replies.insert(0, over)
        event = CandidateEvent(phase, text, at, tuple(credited), tuple(n.id for n in det.negated),
                               tuple(n.as_json() for n in det.numbers), tuple(flags), None,
                               {c.id: c.evidence for c in det.concepts}, notice)
        return event, replies

    def _choose_move(self, det: Detection, credited: set[str], checks: list[Check], flags: list[str],
                     phase: str, fresh: set[str]) -> InterviewerEvent | None:
        """The one thing to say next: a challenge or a steer first, then a trap, then pressing on, then ambiguity."""
        focus_move = self._follow_focus(det, credited, phase, fresh)  # always settles the last question (depth reached, misses)
        follow_up, self.state.focus = self.state.focus, None  # the focus belongs to the question actually asked
        pressing = self._challenge(checks, flags, phase) or self._jumped(det, flags, phase)
        pressing = pressing or self._why_tech(det, flags, phase) or self._pitfall(det, phase)
        if pressing:
            return pressing
        self.state.focus = follow_up
        return focus_move or self._ambiguity(det, phase) or self._press_depth(det, phase)

    # ------------------------------------------------------------------ clarifying questions and assumptions

    def _question_sentences(self, text: str) -> list[str]:
        sentences, current = [], ""
        for i, ch in enumerate(text):
            current += ch
            if ch in ".?!\n" and (i + 1 == len(text) or text[i + 1] in " \n\t\"')"):  # not inside a URL
                sentences.append(current)
                current = ""
        if current.strip():
            sentences.append(current)
        out = []
        for sentence in sentences:
            toks = tokens(sentence)
            words = [t for t in toks if not t.is_punct]
            if not words:
                continue
            asks = sentence.rstrip().endswith("?") or (
                len(words) > 1 and words[0].raw in self.voice.cue("question_words")
                and words[1].raw in self.voice.cue("question_followers"))
            if asks or self._cues["clarify_phrases"].find(toks[:4]):
                out.append(sentence)
        return out

    def _answer_questions(self, text: str, toks: tuple[Token, ...],
                          phase: str) -> tuple[list[InterviewerEvent], list[tuple[str, str]]]:
        """Answers to the turn's questions, and the (concept, question) pairs that asking covered."""
        questions = self._question_sentences(text)
        covered: list[tuple[str, str]] = []
        if not questions:
            return [], covered
        self.state.clarifying += 1
        replies: list[InterviewerEvent] = []
        answered: set[str] = set()
        for sentence in questions:
            stoks = tokens(clean(sentence), self.library.catalog.abbreviations)
            asked, score = self._facts_asked(stoks)
            if not asked and self._cues["purpose_questions"].find(stoks) and "purpose" not in answered:
                answered.add("purpose")
                replies.append(InterviewerEvent(phase, "answer", self._say("answer_purpose",
                                                                            prompt=self.bank.prompt(self.level)),
                                                None, f"purpose (asked: {sentence.strip()[:60]!r})"))
            for fact in asked:
                if fact.id not in answered:
                    answered.add(fact.id)
                    again = fact.id in self.state.facts_told
                    self.state.facts_told.add(fact.id)
                    if fact.concept:
                        covered.append((fact.concept, sentence.strip()))
                    replies.append(InterviewerEvent(phase, "answer", ("As I said: " if again else "") + fact.answer, None,
                                                    f"fact: {fact.id} (asked: {sentence.strip()[:60]!r}, "
                                                    f"score {score})"))
        if not replies and any(s.rstrip().endswith("?") for s in questions):
            replies.append(InterviewerEvent(phase, "answer", self._say("answer_unknown"), None,
                                            "question with no matching fact"))
        return replies[:5], covered

    def _facts_asked(self, stoks: list[Token] | tuple[Token, ...]) -> tuple[list[Fact], int]:
        """The facts a question asks for, at most three, and its best cue's length: each part of the question
        goes to the fact whose cue covers it most fully, so 'Max file size?' is the maximum's question, not the
        average's, while 'How many users and devices?' asks two."""
        found = []
        for fact in self.bank.facts:
            hits = self._fact_cues[fact.id].find(stoks)
            if hits:
                start, length, _ = max(hits, key=lambda h: h[1])
                found.append((-length, -len(hits), fact.id, fact, start))
        claimed: list[tuple[int, int]] = []
        asked = []
        for neg_length, _, _, fact, start in sorted(found):
            span = (start, start - neg_length)
            if not any(a <= span[0] and span[1] <= b for a, b in claimed):
                claimed.append(span)
                asked.append(fact)
        return asked[:3], -min((f[0] for f in found), default=0)

    def _note_assumptions(self, det: Detection, phase: str) -> list[InterviewerEvent]:
        replies = []
        cue = self._cues["assumption"]
        given = {f.id for f in self.bank.facts for n in det.numbers
                 if _same_kind(f.unit, n.unit) and (f.per or "") == (n.per or "") and _same_value(n.value, f.value)}
        for n in det.numbers:
            window = sentence_window(det.tokens, n.start)
            if (n.each and n.unit != "bytes") or not cue.find(window):  # one user's share is no fact; a size is
                continue
            fact = self._fact_for(n, window, det.tokens)
            if fact and fact.id not in self.state.assumptions and fact.id not in given:
                self.state.assumptions[fact.id] = n.value
                replies.append(InterviewerEvent(phase, "answer",
                                                self._say("assumption_noted", value=n.text),
                                                None, f"assumption: {fact.id} = {n.value:g}"))
        return replies

    def _fact_for(self, n: Number, window: tuple[Token, ...], toks: tuple[Token, ...]) -> Fact | None:
        """The fact a stated assumption replaces: one of the same kind whose cues are in the sentence, else the
        only one of its kind, unless the sentence is about a quantity it estimates ("egress: say 15 TB/s")."""
        fitting = [f for f in self.bank.facts if f.value is not None and (f.per or "") == (n.per or "")
                   and _same_kind(f.unit, n.unit)]
        cued = [f for f in fitting if self._fact_cues[f.id].find(window)]
        if not cued and (len(fitting) != 1 or not n.unit):
            return None
        from sdi.estimates import estimates_a_quantity  # only answers with figures need it

        return None if estimates_a_quantity(n, toks, self.bank.quantities) else (cued or fitting)[0]

    # ------------------------------------------------------------------ estimates

    def _check_numbers(self, det: Detection) -> list[Check]:
        from sdi.estimates import check_against_bank, check_arithmetic  # only answers with figures need it

        checks = check_arithmetic(det.numbers, det.text, self._cues["conversion"], det.tokens)
        marked = self._cues["estimate_markers"]
        in_estimation = self.phase == "estimation"

        def is_estimate(n: Number) -> bool:
            """In the estimation phase every figure is an estimate; elsewhere only ones marked as such."""
            before = tuple(t for t in det.tokens if n.start - 24 <= t.start < n.start)
            return in_estimation or bool(marked.find(before)) or det.text[max(0, n.start - 2):n.start].strip() in "~≈"
        checks += check_against_bank(det.numbers, det.tokens, self.bank.facts, self.bank.quantities,
                                     self.state.assumptions, is_estimate, whole_sentence=in_estimation)
        self.state.checks += [(self.state.turn, c) for c in checks]
        return checks

    def _challenge(self, checks: list[Check], flags: list[str], phase: str) -> InterviewerEvent | None:
        for check in checks:
            if check.verdict == "inconsistent" and check.source:
                text = self._say("challenge_arithmetic", a=check.source.text, b=check.given.text,
                                 expected=_human(check.expected, check.given))
                return InterviewerEvent(phase, "challenge", text, None,
                                        f"arithmetic: {check.source.text} -> {check.given.text}")
        for check in checks:
            if check.verdict in ("far", "off") and check.quantity:
                q = check.quantity
                if check.verdict == "off":
                    self._flag("estimate_off", flags, f"{q.id}: {check.given.text} vs {check.expected:.3g}")
                    untold = self._untold_facts(q)
                    if untold:  # never "the numbers we agreed" when the candidate was not told them
                        self.state.facts_told.update(f.id for f in untold)
                        text = self._say("challenge_off_untold", given=check.given.text, expected=_expected(check),
                                         facts=" ".join(f.answer for f in untold))
                    else:
                        text = self._say("challenge_off", given=check.given.text, expected=_expected(check))
                else:
                    text = self._say("challenge", given=check.given.text)
                return InterviewerEvent(phase, "challenge", text, q.concept or None,
                                        f"estimate {check.verdict}: {q.id} given {check.given_value:.3g}, "
                                        f"expected {check.expected:.3g} (x{check.ratio:.1f})")
        return None

    def _untold_facts(self, q: Quantity) -> list[Fact]:
        """The facts a quantity rests on, through the quantities its formula uses, that the candidate neither asked
        about nor assumed."""
        from sdi.estimates import resting_on  # loaded with the check that called this

        names = resting_on(q, self.bank.quantities)
        return [f for f in self.bank.facts if f.id in names and f.id not in self.state.facts_told
                and f.id not in self.state.assumptions]

    # ------------------------------------------------------------------ flags and steering

    def _flag(self, flag: str, flags: list[str], why: str) -> None:
        if flag not in flags:
            flags.append(flag)
            self.state.flags.append((flag, self.state.turn, why))

    def _jumped(self, det: Detection, flags: list[str], phase: str) -> InterviewerEvent | None:
        st = self.state
        if phase != self.flow.phases[0] or st.clarifying or any(f == "jumped_to_solution" for f, _, _ in st.flags):
            return None
        solution = set(self.voice.cue("solution_phases"))
        jumped = [c for c in det.ids if self.concepts[c].phase in solution]
        if not jumped:
            return None
        self._flag("jumped_to_solution", flags, f"named {', '.join(jumped)} before asking anything")
        return InterviewerEvent(phase, "warning", self._say("jumped_to_solution"), None,
                                f"flag jumped_to_solution: {', '.join(jumped)}")

    def _why_tech(self, det: Detection, flags: list[str], phase: str) -> InterviewerEvent | None:
        if phase in self.voice.cue("recap_phases"):
            return None  # "to sum up: Cassandra for posts, MySQL for the graph" restates; it chooses nothing
        ruled_out = {n.id for n in det.negated}
        for start, length, name in self._techs.find(det.tokens):
            cid = self._tech_concept(name, det)
            if f"why:{name}" in self.state.asked or not cid:
                continue
            if cid in ruled_out or (det.scope and det.scope[start]):
                continue  # "I thought about websockets, but no": nothing to justify
            window = sentence_window(det.tokens, det.tokens[start].start, reach=40)
            if self._cues["justification"].find(window):
                self.state.asked.add(f"why:{name}")  # justified once is justified for good
                continue
            self.state.asked.add(f"why:{name}")
            self._flag("unjustified_technology", flags, f"{name} named without a reason")
            self.state.focus = Focus(cid, "depth", DEPTHS.index("justified"))
            self.state.depth_asked[cid] = max(self.state.depth_asked.get(cid, 0), DEPTHS.index("justified"))
            display = " ".join(t.raw for t in det.tokens[start:start + length])
            display = det.text[det.tokens[start].start:det.tokens[start + length - 1].end] or display
            return InterviewerEvent(phase, "probe", self._say("why_tech", tech=display), cid,
                                    f"flag unjustified_technology: {name} ({cid})")
        return None

    def _tech_concept(self, name: str, det: Detection) -> str:
        """What a technology stands for here: Redis holding hot reads is a cache, holding counters a store."""
        known = [cid for cid in self.voice.technologies[name.lower()] if cid in self.concepts]
        return next((cid for cid in known if cid in det.ids), known[0] if known else "")

    def _ambiguity(self, det: Detection, phase: str) -> InterviewerEvent | None:
        for amb in det.ambiguous:
            key = "amb:" + "|".join(amb.ids)
            if key in self.state.asked or any(i in self.state.evidence for i in amb.ids):
                continue
            self.state.asked.add(key)
            a, b = (self._name(i) for i in amb.ids[:2])
            return InterviewerEvent(phase, "question", self._say("ambiguous", evidence=amb.evidence, a=a, b=b),
                                    amb.ids[0], f"ambiguous: {' / '.join(amb.ids)}")
        return None

    def _pitfall(self, det: Detection, phase: str) -> InterviewerEvent | None:
        for pit in self.bank.pitfalls:
            key = f"pitfall:{pit.id}"
            hits = self._pitfall_cues[pit.id].find(det.tokens) if key not in self.state.asked and pit.probe else []
            if (any(not _negated_here(det.scope, i) for i, _, _ in hits)
                    and not self._pitfall_unless[pit.id].find(det.tokens)):
                self.state.asked.add(key)
                if pit.concept and pit.concept not in self.state.evidence and self.bank.expectation(pit.concept):
                    self.state.focus = Focus(pit.concept, "gap")
                    self.state.asked.add(f"gap:{pit.concept}")
                return InterviewerEvent(phase, "challenge", self._say("pitfall", question=pit.probe),
                                        pit.concept or None, f"pitfall: {pit.id}")
        return None

    def _over_time(self, phase: str, flags: list[str]) -> InterviewerEvent | None:
        st = self.state
        if phase in st.over_time or st.now - st.phase_entered <= self.flow.budget(phase) * self.flow.grace:
            return None
        st.over_time.add(phase)
        self._flag("over_time", flags, f"{phase}: {(st.now - st.phase_entered) / 60:.0f} of "
                                       f"{self.flow.budget(phase) / 60:.0f} min")
        return InterviewerEvent(phase, "warning", self._say("over_time", title=self._title(phase)), None,
                                f"flag over_time: {phase}")

    # ------------------------------------------------------------------ depth: finding the limit

    def _level_cues(self, cid: str, level: str) -> PhraseIndex:
        key = (cid, level)
        if key not in self._depth_cues:
            exp = self.bank.expectation(cid)
            own = next((d.cues for d in exp.depth if d.level == level), ()) if exp else ()
            self._depth_cues[key] = phrase_index((*own, *self.voice.cue(_LEVEL_CUES[level])))
        return self._depth_cues[key]

    def _shows(self, rung: DepthLevel, toks: tuple[Token, ...]) -> bool:
        """Whether an answer already reaches a rung: its own cues, plus a generic word for trade-offs and limits."""
        if not rung.cues or not phrase_index(rung.cues).find(toks):
            return False
        return rung.level == "justified" or bool(self._cues[_LEVEL_CUES[rung.level]].find(toks))

    def _passive_depth(self, det: Detection) -> None:
        for credit in det.concepts:
            window = sentence_window(det.tokens, credit.start, reach=14)
            reached = self.state.depth.get(credit.id, 0)
            if self._cues["justification"].find(window):
                reached = max(reached, 1)
            if reached >= 1 and self._cues["tradeoffs"].find(window):
                reached = max(reached, 2)
            self.state.depth[credit.id] = reached

    def _follow_focus(self, det: Detection, credited: set[str], phase: str,
                      fresh: set[str]) -> InterviewerEvent | None:
        st = self.state
        focus = st.focus
        if focus is None:
            return None
        st.focus = None
        if focus.kind == "depth":
            level = DEPTHS[focus.level]
            if self._level_cues(focus.concept, level).find(det.tokens) or focus.concept in det.ids and focus.level == 1:
                st.depth[focus.concept] = max(st.depth.get(focus.concept, 0), focus.level)
                return self._depth_probe(focus.concept, phase, det.tokens)
            return None
        if focus.concept in credited:
            return self._depth_probe(focus.concept, phase, det.tokens)
        if self._elsewhere(det, fresh):
            return None  # a substantive answer on another thread is no failed attempt: follow it, ask again later
        st.misses[focus.concept] += 1
        if st.misses[focus.concept] >= max(self.policy.misses_before_hint, 1):
            return self._hint(focus.concept, phase)
        return None

    def _elsewhere(self, det: Detection, fresh: set[str]) -> bool:
        """Whether an answer that missed the probed concept broke new ground instead: a long sentence earning,
        for the first time, a concept the problem expects ("Virtual nodes spread load evenly ...", asked about
        quorums); not a shrug ("I'm not sure."), nor a weak try on ground already covered ("just poll GET
        /rides/{id}", asked how the app learns of an offer)."""
        words = sum(1 for t in det.tokens if not t.is_punct)
        return words >= SUBSTANTIVE_WORDS and any(self.bank.expectation(c) for c in fresh)

    def _press_depth(self, det: Detection, phase: str) -> InterviewerEvent | None:
        plan = self.bank.phases.get(phase)
        here = {e.concept for e in plan.expects} if plan else set()
        for cid in det.ids:
            if cid in here:
                event = self._depth_probe(cid, phase, det.tokens)
                if event:
                    return event
        return None

    def _depth_probe(self, cid: str, phase: str, toks: tuple[Token, ...] = ()) -> InterviewerEvent | None:
        """The next rung of a concept's ladder not already shown in this answer, if this level is pressed that deep."""
        st = self.state
        exp = self.bank.expectation(cid)
        if exp is None:
            return None
        for step in exp.depth:
            reached = DEPTHS.index(step.level)
            if reached == st.depth.get(cid, 0) + 1 and self._shows(step, toks):
                st.depth[cid] = reached
        level = max(st.depth.get(cid, 0), st.depth_asked.get(cid, 0)) + 1
        above = [d for d in exp.depth if DEPTHS.index(d.level) >= level]
        if above:  # a ladder may skip rungs: climb to the next one it has
            level = DEPTHS.index(above[0].level)
        if level >= min(self.policy.max_depth, len(DEPTHS)):
            return None
        name = DEPTHS[level]
        rung = next((d for d in exp.depth if d.level == name), None)
        generic = (not exp.depth and exp.weight >= GENERIC_DEPTH_WEIGHT and self.bank.phase_of(cid) == phase
                   and self.concepts[cid].phase in self.voice.cue("solution_phases"))
        if rung is None and not generic:
            return None
        st.depth_asked[cid] = level
        st.focus = Focus(cid, "depth", level)
        text = rung.probe if rung else self._say(name, name=self._name(cid))
        return InterviewerEvent(phase, "probe", text, cid, f"depth: {cid} {DEPTHS[level - 1]} -> {name}")

    # ------------------------------------------------------------------ gaps and help

    def _missing(self, phase: str) -> list[Expectation]:
        plan = self.bank.phases.get(phase)
        if not plan:
            return []
        st = self.state
        missing = [e for e in plan.expects if e.concept not in st.evidence and e.concept not in st.revealed]
        return missing

    def _priority(self, exp: Expectation) -> tuple[bool, float]:
        """Gaps on the chosen deep-dive topic come first, then by weight."""
        dive = next((d for d in self.bank.deep_dives if d.id == self.state.dive), None)
        return (self.phase == "deep_dive" and dive is not None and exp.concept in dive.concepts, exp.weight)

    def _next_gap(self, phase: str) -> InterviewerEvent | None:
        st = self.state
        missing = self._missing(phase)
        fresh = [e for e in missing if f"gap:{e.concept}" not in st.asked]
        if fresh:
            exp = max(fresh, key=self._priority)
            st.asked.add(f"gap:{exp.concept}")
            st.focus = Focus(exp.concept, "gap")
            text = exp.probe or self._say("probe", name=self._name(exp.concept))
            return InterviewerEvent(phase, "probe", text, exp.concept,
                                    f"gap: {exp.concept} (weight {exp.weight:g}, not yet mentioned)")
        pending = [e for e in missing if st.misses[e.concept] < max(self.policy.misses_before_hint, 1)
                   and e.concept not in st.revealed]
        if pending:
            exp = max(pending, key=self._priority)
            st.misses[exp.concept] = max(self.policy.misses_before_hint, 1)
            return self._hint(exp.concept, phase)
        return None

    def _hint(self, cid: str, phase: str) -> InterviewerEvent:
        """The next step of help on a concept: pointed hints, then the answer with a note for the scorecard."""
        st = self.state
        exp = self.bank.expectation(cid)
        hints = exp.hints if exp and exp.hints else (self._say("hint", description=self.concepts[cid].description),)
        given = st.hints_given[cid]
        st.hints_given[cid] += 1
        if given < len(hints):
            st.focus = Focus(cid, "gap")
            return InterviewerEvent(phase, "hint", hints[given], cid, f"hint {given + 1}/{len(hints)}: {cid}")
        st.revealed.add(cid)
        st.focus = None
        text = self._say("reveal", name=self._name(cid), description=self.concepts[cid].description)
        return InterviewerEvent(phase, "hint", text, cid, f"reveal: {cid} (hints exhausted)")

    def _go_deeper(self, phase: str) -> InterviewerEvent:
        """Nothing left to probe but the phase wants more: ask for the next level on its topic."""
        dive = next((d for d in self.bank.deep_dives if d.id == self.state.dive), None)
        if phase == "deep_dive" and dive and dive.tradeoffs and f"dive-tradeoffs:{dive.id}" not in self.state.asked:
            self.state.asked.add(f"dive-tradeoffs:{dive.id}")
            return InterviewerEvent(phase, "probe", self._say("dive_tradeoffs", title=dive.title), "tradeoffs",
                                    f"deep dive: trade-offs of {dive.id}")
        return InterviewerEvent(phase, "question", self._say("go_deeper"), None, f"{phase}: asking for more")

    def _summarises(self, det: Detection, phase: str) -> bool:
        """In the wrap-up, an answer that names several parts of the design is a summary ("Overall: X, Y and Z")."""
        if phase != "wrap_up" or "design_summary" in det.ids:
            return False
        solution = set(self.voice.cue("solution_phases"))
        parts = [c for c in det.ids if c in self.concepts and self.concepts[c].phase in solution]
        return len(parts) >= self.voice.summary_min_concepts

    def _moved_on(self, det: Detection, phase: str) -> str | None:
        """A later phase this answer already works on in earnest (a good interviewer follows the candidate)."""
        phases = self.flow.phases
        if phase not in phases or not self.state.turns_in_phase[phase]:
            return None
        if phase == phases[0] and not self.state.clarifying:
            return None
        new = {c for c in det.ids if c not in self.state.evidence}
        cross = set(self.voice.cue("cross_cutting"))
        here = self.bank.phases.get(phase)
        current = sum(e.weight for e in here.expects if e.concept in new) if here else 0.0
        best, best_weight = None, 0.0
        for i in range(phases.index(phase) + 1, len(phases)):
            plan = self.bank.phases.get(phases[i])
            ahead = [e for e in plan.expects if e.concept in new] if plan else []
            if all(e.concept in cross for e in ahead):
                ahead = []  # a trade-off named mid-interview is not a move to the wrap-up
            weight = sum(e.weight for e in ahead)
            if weight >= FOLLOW_WEIGHT and weight > current and weight > best_weight:
                best, best_weight = phases[i], weight
            break  # follow one phase at a time: every phase still gets its own question
        return best

    def _phases_answering(self, phase: str) -> frozenset[str]:
        """Whose work an answer given in this phase can be: its stage's and its neighbours' (the candidate may be
        finishing the last step or starting the next before the interviewer moves), and any the flow never asks for."""
        phases = self.flow.phases
        i = phases.index(phase)
        near = phases[max(0, i - 1):i + 2]
        return frozenset(p for q in near for p in self.flow.stage_of(q).phases) | (frozenset(PHASES) - frozenset(phases))

    def _covered_enough(self, phase: str) -> bool:
        plan = self.bank.phases.get(phase)
        if not plan or not plan.expects:
            return True
        total = sum(e.weight for e in plan.expects)
        got = sum(e.weight for e in plan.expects if e.concept in self.state.evidence)
        return total == 0 or got / total >= self.flow.advance_coverage

    # ------------------------------------------------------------------ phases

    def _tick(self, at: float) -> None:
        st = self.state
        at = max(at, st.now)
        if not self.machine.closed:
            st.seconds[self.phase] = st.seconds.get(self.phase, 0.0) + at - st.now
        st.now = at

    def _advance(self, flags: list[str], why: str, old: str, template: str = "",
                 to: str = "") -> list[InterviewerEvent]:
        """Leave the current phase (for the next one, or for `to`): raise what leaving reveals, then open or close."""
        st = self.state
        st.focus = None
        if old == "requirements" and not st.clarifying:
            self._flag("no_clarifying_questions", flags, "left requirements without a question")
        self.machine.next()
        while to and not self.machine.closed and self.phase != to:
            self.machine.next()
        st.phase_entered = st.now
        if self.machine.closed:
            return self._close(flags)
        new = self.phase
        if new not in st.visited:
            st.visited.append(new)
        events = []
        if old == "requirements" and "no_clarifying_questions" in flags:
            events.append(InterviewerEvent(old, "warning", self._say("no_clarifying_questions"), None,
                                           "flag no_clarifying_questions"))
        name = template or ("transition_time" if why == "time" else "transition")
        if template == "follow":
            text = self._say(name, title=self._title(new))
            events.append(InterviewerEvent(new, "transition", text, None, f"advance ({why}): {old} -> {new}"))
            return events
        text = self._say(name, title=self._title(new), old=self._title(old), question=self._phase_question(new))
        events.append(InterviewerEvent(new, "transition", text, None, f"advance ({why}): {old} -> {new}"))
        return events

    def _close(self, flags: list[str]) -> list[InterviewerEvent]:
        st = self.state
        events = []
        if "wrap_up" in st.visited or self.flow.phases[-1] in st.visited:
            if not st.tradeoff_seen and "tradeoffs" not in st.evidence:
                self._flag("no_tradeoffs", flags, "no trade-off named in the whole interview")
                events.append(InterviewerEvent(self.phase, "warning", self._say("no_tradeoffs"), "tradeoffs",
                                               "flag no_tradeoffs"))
        st.finished = True
        from sdi.scoring import overall

        events.append(InterviewerEvent(self.phase, "closing", self._say("closing", value=overall(self)), None,
                                       "closing"))
        return events

    def _phase_question(self, phase: str) -> str:
        if phase == "deep_dive" and self.bank.deep_dives:
            if not self.state.dive:
                self.state.dive = self.rng.choice(self.bank.deep_dives).id
            dive = next(d for d in self.bank.deep_dives if d.id == self.state.dive)
            return self._say("deep_dive", title=dive.title, question=dive.question)
        plan = self.bank.phases.get(phase)
        options = (plan.questions if plan and plan.questions else ()) or self.voice.phase_questions.get(phase, ())
        return self.rng.choice(options) if options else ""

    def _current_question(self) -> str:
        focus = self.state.focus
        if focus:
            exp = self.bank.expectation(focus.concept)
            if exp and exp.probe and focus.kind == "gap":
                return exp.probe
        return self._phase_question(self.phase)

    # ------------------------------------------------------------------ commands

    def _command(self, command: str, text: str, at: float, phase: str) -> tuple[CandidateEvent, list[InterviewerEvent]]:
        st = self.state
        flags: list[str] = []
        replies: list[InterviewerEvent]
        if command == "help":
            lines = "; ".join(f"/{name}: {what}" for name, what in COMMANDS.items())
            replies = [InterviewerEvent(phase, "answer", f"Commands: {lines}.", None, "command help")]
        elif command in ("next", "skip"):
            if command == "skip" or not st.turns_in_phase[phase]:
                self._flag("skipped_phase", flags, f"{phase} left with /{command}"
                           + ("" if command == "skip" else " before any answer"))
            replies = self._advance(flags, f"/{command}", old=phase, template="skip" if command == "skip" else "")
        elif command == "back":
            if self.machine.can_back():
                st.focus = None
                self.machine.back()
                st.phase_entered = st.now
                replies = [InterviewerEvent(self.phase, "transition",
                                            self._say("transition_back", title=self._title(self.phase)), None,
                                            f"/back: {phase} -> {self.phase}")]
            else:
                replies = [InterviewerEvent(phase, "answer", "We're at the first phase already.", None, "/back at start")]
        elif command == "hint":
            target = st.focus.concept if st.focus and st.focus.kind == "gap" else None
            if target is None:
                missing = self._missing(phase)
                target = max(missing, key=self._priority).concept if missing else None
            if target is None:
                replies = [InterviewerEvent(phase, "hint", "You've covered what I expected here; try /next.", None,
                                            "/hint with nothing missing")]
            else:
                st.asked.add(f"gap:{target}")
                replies = [self._hint(target, phase)]
        elif command == "time":
            used = (st.now - st.phase_entered) / 60
            replies = [InterviewerEvent(phase, "answer",
                                        f"{used:.0f} of {self.flow.budget(phase) / 60:g} minutes used on "
                                        f"{self._title(phase)}; {st.now / 60:.0f} of {self.flow.minutes:g} overall.",
                                        None, "command time")]
        elif command == "score":
            from sdi.scoring import progress_line

            replies = [InterviewerEvent(phase, "answer", progress_line(self), None, "command score")]
        else:  # quit
            self.machine.close()
            replies = self._close(flags)
        return CandidateEvent(phase, text, at, flags=tuple(flags), command=command), replies

    # ------------------------------------------------------------------ words

    def _say(self, template: str, **values: object) -> str:
        options = self.voice.templates.get(template) or ("{question}",)
        text = self.rng.choice(options)
        for key, value in values.items():
            text = text.replace("{" + key + "}", str(value))
        return " ".join(text.split())

    def _title(self, phase: str) -> str:
        return self.voice.phase_titles.get(phase, phase.replace("_", " "))

    def _name(self, cid: str) -> str:
        concept = self.concepts.get(cid)
        return concept.name if concept else cid.replace("_", " ")


def _negated_here(scope: tuple[str, ...], i: int) -> bool:
    """Whether a negation reaches word i directly ("instead of [the] offset ..."), not from a clause away."""
    start = i
    while start > 0 and scope[start - 1]:
        start -= 1
    return bool(scope[i]) and i - start <= 1


def command_of(text: str) -> str | None:
    """The in-session command a turn is (/next, /hint ...), or None for an ordinary answer."""
    stripped = text.strip()
    if not stripped.startswith("/"):
        return None
    word = stripped[1:].split(maxsplit=1)[0].lower() if len(stripped) > 1 else ""
    return word if word in COMMANDS and len(stripped.split()) == 1 else None


_COUNT_SCALES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))
_BYTE_SCALES = ((1e18, " EB"), (1e15, " PB"), (1e12, " TB"), (1e9, " GB"), (1e6, " MB"), (1e3, " KB"))


def _amount(value: float, unit: str = "", per: str = "") -> str:
    """A figure as people say it ('1.16K per second', '100 GB', '372 PB per day'): scaled to three digits at most,
    in scientific notation past the largest scale."""
    scales = _BYTE_SCALES if unit == "bytes" else _COUNT_SCALES
    text = f"{value:.3g}" + (" bytes" if unit == "bytes" else "")
    for size, suffix in scales:
        if abs(value) >= size:
            text = f"{value / size:.3g}{suffix}" if abs(value) < size * 1000 else f"{value:.3g}" + (
                " bytes" if unit == "bytes" else "")
            break
    return text + (f" per {per}" if per else "")


def _human(value: float, like: Number) -> str:
    return _amount(value, like.unit, like.per)


def _expected(check: Check) -> str:
    q = check.quantity
    return _amount(check.expected, q.unit if q else "", q.per if q else "")


def _same_kind(fact_unit: str, unit: str) -> bool:
    """Whether a figure can stand for a fact: the same unit, or counts of things done ("5M writes a day" for
    links made); a figure with no unit may be any count, but a percent or a size is never a plain count."""
    return fact_unit == unit or {fact_unit, unit} <= COUNT_UNITS or (not unit and fact_unit == "users")


def _same_value(a: float, b: float | None) -> bool:
    """A figure that repeats a fact ("50M DAU" after being told 50 million) assumes nothing new."""
    return b is not None and b > 0 and 0.95 <= a / b <= 1.05

