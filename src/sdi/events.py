"""The event records the core emits: the one format replay, transcripts and scorecards all share."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from sdi.records import value

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs start-up time (see PEP 781)
if TYPE_CHECKING:
    from typing import Any

KINDS = ("opening", "question", "probe", "hint", "answer", "challenge", "transition", "warning", "closing")


@value
@dataclass(frozen=True, eq=False)
class InterviewerEvent:
    """Something the interviewer says, and (for --trace) the rule that chose it."""

    phase: str
    kind: str
    text: str
    concept: str | None = None
    rule: str = ""

    def as_json(self, trace: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"event": "interviewer", "phase": self.phase, "kind": self.kind, "text": self.text,
                               "concept": self.concept}
        if trace:
            out["rule"] = self.rule
        return out


@value
@dataclass(frozen=True, eq=False)
class CandidateEvent:
    """One candidate turn as the interviewer read it."""

    phase: str
    text: str
    at: float
    credited: tuple[str, ...] = ()
    negated: tuple[str, ...] = ()
    numbers: tuple[dict[str, Any], ...] = ()
    flags: tuple[str, ...] = ()
    command: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)
    notice: str = ""

    def as_json(self, trace: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"event": "candidate", "phase": self.phase, "text": self.text, "at": number(self.at),
                               "credited": list(self.credited), "negated": list(self.negated),
                               "numbers": list(self.numbers), "flags": list(self.flags), "command": self.command}
        if self.evidence:
            out["evidence"] = dict(self.evidence)
        if self.notice:
            out["notice"] = self.notice
        return out


Event = InterviewerEvent | CandidateEvent


def number(value: float, digits: int = 3) -> float | int:
    """A JSON number: whole values as integers, others rounded (stable bytes across machines)."""
    return int(value) if float(value).is_integer() else round(value, digits)


def dumps(record: dict[str, Any]) -> str:
    """One JSON line, byte-stable across runs and machines."""
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "), allow_nan=False)
