"""The phase machine: a `transitions` Machine built from a flow's data, never from phase names in code."""

from __future__ import annotations

from transitions import Machine

from sdi.model import Flow

CLOSED = "closed"


class _Position:
    """The object `transitions` drives; it only holds the current state."""

    state: str


class PhaseMachine:
    """Walks a flow's phases in order; `next`, `back` and `close` are the only moves."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        phases = list(flow.phases)
        transitions: list[dict[str, str | list[str]]] = [
            {"trigger": "next", "source": a, "dest": b} for a, b in zip(phases, phases[1:])]
        transitions.append({"trigger": "next", "source": phases[-1], "dest": CLOSED})
        transitions += [{"trigger": "back", "source": b, "dest": a} for a, b in zip(phases, phases[1:])]
        transitions.append({"trigger": "close", "source": phases, "dest": CLOSED})
        self._position = _Position()
        self._machine = Machine(model=self._position, states=[*phases, CLOSED], transitions=transitions,
                                initial=phases[0], auto_transitions=False, ignore_invalid_triggers=True)

    @property
    def state(self) -> str:
        return self._position.state

    @property
    def closed(self) -> bool:
        return self.state == CLOSED

    @property
    def phase(self) -> str:
        """The current canonical phase (the last one once closed)."""
        return self.flow.phases[-1] if self.closed else self.state

    def can_back(self) -> bool:
        """Whether there is an earlier phase to return to."""
        return not self.closed and self.flow.phases.index(self.state) > 0

    def next(self) -> bool:
        """Move to the next phase (or close after the last)."""
        return bool(self._machine.events["next"].trigger(self._position))

    def back(self) -> bool:
        """Return to the previous phase."""
        return bool(self._machine.events["back"].trigger(self._position))

    def close(self) -> bool:
        """End the interview from any phase."""
        return bool(self._machine.events["close"].trigger(self._position))


def mermaid(flow: Flow) -> str:
    """The flow's phase machine as a Mermaid state diagram, drawn from the same data the interviewer runs."""
    phases = flow.phases
    lines = ["stateDiagram-v2", f"    [*] --> {phases[0]}"]
    for stage in flow.stages:
        for phase in stage.phases:
            minutes = flow.budget(phase) / 60
            lines.append(f"    {phase}: {phase} ({stage.title}, {minutes:g} min)")
    for a, b in zip(phases, phases[1:]):
        lines.append(f"    {a} --> {b}: next / covered / time up")
        lines.append(f"    {b} --> {a}: back")
    lines.append(f"    {phases[-1]} --> [*]: next")
    return "\n".join(lines)


def dot(flow: Flow) -> str:
    """The flow's phase machine in Graphviz dot."""
    phases = flow.phases
    lines = [f'digraph "{flow.id}" {{', "    rankdir=LR;", '    node [shape=box, style=rounded];']
    for stage in flow.stages:
        for phase in stage.phases:
            lines.append(f'    {phase} [label="{phase}\\n{stage.title}\\n{flow.budget(phase) / 60:g} min"];')
    for a, b in zip(phases, phases[1:]):
        lines.append(f'    {a} -> {b} [label="next"];')
        lines.append(f'    {b} -> {a} [label="back", style=dashed];')
    lines.append("}")
    return "\n".join(lines)
