"""One interview in progress: the core, its transcript and its clock, shared by practice and resume."""

from __future__ import annotations

from collections.abc import Callable

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs start-up time (see PEP 781)
if TYPE_CHECKING:
    from sdi.events import CandidateEvent, InterviewerEvent
    from sdi.interviewer import Interviewer
    from sdi.scoring import Scorecard
    from sdi.transcript import TranscriptWriter


class Session:
    """Feeds timed turns to the core and makes every event durable before the next prompt."""

    def __init__(self, interviewer: Interviewer, writer: TranscriptWriter, clock: Callable[[], float],
                 offset: float = 0.0) -> None:
        self.iv, self.writer, self.clock = interviewer, writer, clock
        self._origin = clock() - offset
        self.scored = False

    @property
    def elapsed(self) -> float:
        return max(0.0, self.clock() - self._origin)

    def open(self) -> list[InterviewerEvent]:
        """The opening events (written to the transcript; made durable with the first turn, since nothing typed
        is at stake before it)."""
        events = self.iv.start()
        self.writer.write([e.as_json() for e in events], durable=False)
        return events

    def turn(self, text: str) -> tuple[CandidateEvent, list[InterviewerEvent]]:
        """One candidate turn, timed now; its record and the replies are on disk when this returns."""
        candidate, replies = self.iv.answer(text, round(self.elapsed, 1))
        self.writer.write([candidate.as_json(), *(r.as_json() for r in replies)])
        return candidate, replies

    def finish(self) -> Scorecard:
        """The scorecard (written once, as the transcript's last record)."""
        from sdi.scoring import build  # only the end of an interview needs it

        card = build(self.iv)
        if not self.scored:
            self.writer.write([card.as_json()])
            self.scored = True
        self.writer.close()
        return card
