"""Replays scripted dialogues through the interviewer core on a virtual clock and checks their expectations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sdi.banks import find_bank, find_flow
from sdi.dialogue import Dialogue, Expect, FinalExpect
from sdi.events import CandidateEvent, InterviewerEvent
from sdi.interviewer import Interviewer
from sdi.model import Library
from sdi.scoring import Scorecard, build


@dataclass
class Run:
    """What one replay produced: its events in order, its scorecard and any failed expectations."""

    dialogue: Dialogue
    events: list[CandidateEvent | InterviewerEvent] = field(default_factory=list)
    scorecard: Scorecard | None = None
    failures: list[str] = field(default_factory=list)

    def records(self, trace: bool = False) -> list[dict[str, Any]]:
        """Every event as the JSON record `--json` prints, scorecard last."""
        out = [e.as_json(trace) for e in self.events]
        if self.scorecard:
            out.append(self.scorecard.as_json())
        return out


def interviewer_for(library: Library, d: Dialogue) -> Interviewer:
    """A fresh interviewer set up as the dialogue asks."""
    return Interviewer(library, find_bank(library, d.bank), find_flow(library, d.flow), d.level, d.seed, d.pace)


def replay(library: Library, d: Dialogue) -> Run:
    """Run a dialogue turn by turn and check every expectation."""
    iv = interviewer_for(library, d)
    run = Run(d)
    run.events.extend(iv.start())
    for n, turn in enumerate(d.turns, 1):
        candidate, replies = iv.answer(turn.say, turn.at)
        run.events.append(candidate)
        run.events.extend(replies)
        if turn.expect:
            run.failures += [f"FAIL {d.path}: turn {n}: {msg}" for msg in check_turn(turn.expect, candidate, replies)]
    run.scorecard = build(iv)
    if d.final:
        run.failures += [f"FAIL {d.path}: final: {msg}" for msg in check_final(d.final, run.scorecard)]
    return run


def _fmt(values: Any) -> str:
    if isinstance(values, (list, tuple, set, frozenset)):
        return "[" + ", ".join(sorted(str(v) for v in values)) + "]"
    return str(values)


def check_turn(exp: Expect, cand: CandidateEvent, replies: list[InterviewerEvent]) -> list[str]:
    """One message per unmet expectation of a turn."""
    out = []
    if exp.phase and cand.phase != exp.phase:
        out.append(f"phase: expected {exp.phase}, got {cand.phase}")
    missing = [c for c in exp.credited if c not in cand.credited]
    if missing:
        out.append(f"credited: expected {_fmt(exp.credited)}, got {_fmt(cand.credited)}")
    wrong = [c for c in exp.not_credited if c in cand.credited]
    if wrong:
        out.append(f"not_credited: expected none of {_fmt(exp.not_credited)}, got {_fmt(wrong)}")
    probed = {r.concept for r in replies if r.concept}
    if exp.probes_any and not probed & set(exp.probes_any):
        out.append(f"probes_any: expected one of {_fmt(exp.probes_any)}, got {_fmt(probed)}")
    kinds = {r.kind for r in replies}
    if exp.kinds_any and not kinds & set(exp.kinds_any):
        out.append(f"kinds_any: expected one of {_fmt(exp.kinds_any)}, got {_fmt(kinds)}")
    if exp.flags is not None and set(exp.flags) != set(cand.flags):
        out.append(f"flags: expected {_fmt(exp.flags)}, got {_fmt(cand.flags)}")
    return out


def check_final(exp: FinalExpect, card: Scorecard) -> list[str]:
    """One message per unmet expectation of the whole interview."""
    out = []
    if exp.flags is not None and set(exp.flags) != set(card.flags):
        out.append(f"flags: expected {_fmt(exp.flags)}, got {_fmt(card.flags)}")
    phases = {p.phase: p for p in card.phases}
    for phase, ids in exp.covered.items():
        got = phases[phase].covered if phase in phases else ()
        missing = [c for c in ids if c not in got]
        if missing:
            out.append(f"covered.{phase}: expected {_fmt(ids)}, got {_fmt(got)}")
    if exp.min_overall is not None and card.overall < exp.min_overall:
        out.append(f"min_overall: expected >= {exp.min_overall:g}, got {card.overall}")
    if exp.max_overall is not None and card.overall > exp.max_overall:
        out.append(f"max_overall: expected <= {exp.max_overall:g}, got {card.overall}")
    return out
