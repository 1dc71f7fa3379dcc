"""The scorecard: what was covered where, with the quotes that earned it, and what to study next."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sdi.events import number
from sdi.model import DEPTHS

if TYPE_CHECKING:
    from sdi.interviewer import Interviewer

FLAG_PENALTY = 3
FULL_MARKS = 0.9  # share of a phase's expected weight that earns its full score


@dataclass(frozen=True)
class PhaseScore:
    """How one phase went."""

    phase: str
    score: float
    covered: tuple[str, ...]
    missed: tuple[str, ...]
    seconds: float
    budget: float


@dataclass(frozen=True)
class Scorecard:
    """The end-of-interview verdict, in a shape every report format renders."""

    bank: str
    title: str
    flow: str
    level: str
    overall: int
    phases: tuple[PhaseScore, ...]
    flags: tuple[str, ...]
    flag_moments: tuple[tuple[str, int, str], ...]
    depth: dict[str, str]
    evidence: dict[str, str]
    notes: dict[str, str]
    revealed: tuple[str, ...]
    estimates: tuple[dict[str, Any], ...]
    rubric: dict[str, dict[str, Any]]
    names: dict[str, str]

    def as_json(self) -> dict[str, Any]:
        return {
            "event": "scorecard", "bank": self.bank, "flow": self.flow, "level": self.level,
            "overall": self.overall,
            "phases": {p.phase: {"score": p.score, "covered": list(p.covered), "missed": list(p.missed),
                                 "seconds": number(p.seconds, 1)} for p in self.phases},
            "flags": list(self.flags), "depth": dict(self.depth),
            "evidence": dict(self.evidence), "study": dict(self.notes), "revealed": list(self.revealed),
            "estimates": list(self.estimates),
            "flag_moments": [{"flag": f, "turn": t, "why": w} for f, t, w in self.flag_moments],
            "rubric": self.rubric,
        }


def covered_set(iv: Interviewer) -> set[str]:
    """Concepts that count as covered: credited, less estimates that were only ever far off."""
    st = iv.state
    verdicts: dict[str, set[str]] = {}
    for _, check in st.checks:
        if check.quantity and check.quantity.concept:
            verdicts.setdefault(check.quantity.concept, set()).add(check.verdict)
    wrong = {c for c, v in verdicts.items() if v == {"off"}}
    return set(st.evidence) - wrong


def phase_scores(iv: Interviewer, have: set[str] | None = None) -> tuple[PhaseScore, ...]:
    """Weighted coverage of each phase; nearly all of it (FULL_MARKS) earns the full score."""
    have = covered_set(iv) if have is None else have
    out = []
    for phase in iv.flow.phases:
        plan = iv.bank.phases.get(phase)
        expects = plan.expects if plan else ()
        covered = tuple(e.concept for e in expects if e.concept in have)
        missed = tuple(e.concept for e in expects if e.concept not in have)
        total = sum(e.weight for e in expects)
        got = sum(e.weight for e in expects if e.concept in have)
        score = round(min(1.0, got / (total * FULL_MARKS)), 2) if total else 1.0
        out.append(PhaseScore(phase, score, covered, missed, iv.state.seconds.get(phase, 0.0), iv.flow.budget(phase)))
    return tuple(out)


def distinct_flags(iv: Interviewer) -> tuple[str, ...]:
    """Each flag raised, once, in the order first raised."""
    return tuple(dict.fromkeys(f for f, _, _ in iv.state.flags))


def overall(iv: Interviewer) -> int:
    """0-100: phase coverage weighted by each phase's time budget, less a little per flag."""
    phases = phase_scores(iv)
    weight = sum(p.budget for p in phases)
    raw = 100 * sum(p.score * p.budget for p in phases) / weight if weight else 0
    return max(0, min(100, round(raw) - FLAG_PENALTY * len(distinct_flags(iv))))


def _rubric(iv: Interviewer, have: set[str]) -> dict[str, dict[str, Any]]:
    st = iv.state
    out = {}
    for level, rub in iv.bank.rubrics.items():
        missing = [c for c in rub.must if c not in have]
        shallow = [f"{c} ({need})" for c, need in rub.depth.items()
                   if st.depth.get(c, -1) < DEPTHS.index(need)]
        out[level] = {"meets": not missing and not shallow, "missing": missing, "shallow": shallow,
                      "summary": rub.summary}
    return out


def _estimates(iv: Interviewer) -> tuple[dict[str, Any], ...]:
    return tuple({"turn": turn, "given": c.given.text, "quantity": c.quantity.id if c.quantity else None,
                  "expected": round(c.expected, 3), "verdict": c.verdict} for turn, c in iv.state.checks)


def build(iv: Interviewer) -> Scorecard:
    """The scorecard of an interview in its current state."""
    st = iv.state
    have = covered_set(iv)
    phases = phase_scores(iv, have)
    expected = [c for p in phases for c in (*p.covered, *p.missed)]
    depth = {c: DEPTHS[st.depth.get(c, 0)] for c in expected if c in have}
    notes = {}
    for p in phases:
        for cid in p.missed:
            exp = iv.bank.expectation(cid)
            concept = iv.concepts.get(cid)
            notes[cid] = (exp.note if exp and exp.note else "") or (concept.note if concept else "") or (
                f"Read up on {concept.description if concept else cid}.")
    evidence = {c: st.evidence[c] for c in expected if c in have}
    names = {c: iv.concepts[c].name if c in iv.concepts else c for c in expected}
    return Scorecard(iv.bank.id, iv.bank.title, iv.flow.id, iv.level, overall(iv), phases, distinct_flags(iv),
                     tuple(st.flags), depth, evidence, notes, tuple(sorted(st.revealed)), _estimates(iv),
                     _rubric(iv, have), names)


def progress_line(iv: Interviewer) -> str:
    """A one-line coverage summary for /score."""
    parts = [f"{p.phase} {round(p.score * 100)}%" for p in phase_scores(iv) if p.phase in iv.state.visited]
    return "So far: " + ", ".join(parts) + f". Overall if we stopped now: {overall(iv)}/100."
