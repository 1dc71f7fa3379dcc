"""The interactive driver: a prompt-toolkit session (or plain lines from a pipe) around one interview."""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable
from types import FrameType
from sdi.events import InterviewerEvent
from sdi.interviewer import COMMANDS
from sdi.session import Session

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs start-up time (see PEP 781)
if TYPE_CHECKING:
    from typing import Any, TextIO

STYLE = {"interviewer": "ansicyan bold", "warning": "ansiyellow bold", "challenge": "ansimagenta bold",
         "toolbar": "bg:#333333 #ffffff"}


class Hangup(Exception):
    """The terminal went away or we were asked to stop: save and leave quietly."""


def _raise_hangup(signum: int, frame: FrameType | None) -> None:
    raise Hangup(signal.Signals(signum).name)


def install_signal_handlers() -> None:
    """SIGTERM and SIGHUP end the session cleanly, with the transcript saved."""
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _raise_hangup)


def label(event: InterviewerEvent) -> str:
    """How an interviewer event is introduced on screen."""
    return {"warning": "Interviewer (!)", "challenge": "Interviewer (?)", "hint": "Interviewer (hint)",
            "answer": "Interviewer", "closing": "Interviewer"}.get(event.kind, "Interviewer")


def print_plain(events: list[InterviewerEvent], out: TextIO) -> None:
    """Interviewer lines for a pipe: no colour, one blank line between turns."""
    for e in events:
        out.write(f"{label(e)}: {e.text}\n")
    out.write("\n")
    out.flush()


def run_lines(session: Session, greeting: list[InterviewerEvent], lines: TextIO, out: TextIO) -> None:
    """Practice driven by plain lines (stdin not a terminal): each line is one turn."""
    print_plain(greeting, out)
    for raw in lines:
        candidate, replies = session.turn(raw.rstrip("\n"))
        if candidate.notice:
            out.write(f"(note: {candidate.notice})\n")
        print_plain(replies, out)
        if session.iv.finished:
            break


def _toolbar(session: Session) -> Callable[[], Any]:
    def render() -> Any:
        from prompt_toolkit.formatted_text import HTML

        iv = session.iv
        phase = iv.phase
        used = (session.elapsed - iv.state.phase_entered) / 60
        budget = iv.flow.budget(phase) / 60
        total = session.elapsed / 60
        covered = len(iv.state.evidence)
        over = " over time" if used > budget else ""
        return HTML(f" <b>{phase}</b> · {used:.0f}/{budget:g} min{over} · {total:.0f}/{iv.flow.minutes:g} min total"
                    f" · {covered} concept{'' if covered == 1 else 's'} covered · /help")
    return render


def run_prompt(session: Session, greeting: list[InterviewerEvent], input: Any = None, output: Any = None,
               history: Any = None) -> None:
    """Practice at a real terminal: history, paste, completion of /commands, a toolbar, Ctrl-C safe."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.completion import WordCompleter
    from prompt_toolkit.formatted_text import FormattedText
    from prompt_toolkit.history import InMemoryHistory
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.output import ColorDepth
    from prompt_toolkit.shortcuts import print_formatted_text
    from prompt_toolkit.styles import Style

    style = Style.from_dict(STYLE)
    depth = ColorDepth.from_env()  # NO_COLOR: monochrome (print_formatted_text does not check it by itself)
    history = history if history is not None else InMemoryHistory()
    bindings = KeyBindings()

    @bindings.add("c-c")
    def _cancel(event: Any) -> None:
        """Ctrl-C clears the line but keeps it in history (Up brings it back); nothing typed is lost."""
        event.current_buffer.reset(append_to_history=True)

    def show(events: list[InterviewerEvent]) -> None:
        for e in events:
            cls = "class:" + ("warning" if e.kind == "warning" else "challenge" if e.kind == "challenge"
                              else "interviewer")
            print_formatted_text(FormattedText([(cls, f"{label(e)}: "), ("", e.text)]), style=style, output=output,
                                 color_depth=depth)
        print_formatted_text("", output=output)

    prompt: PromptSession[str] = PromptSession(history=history, completer=WordCompleter([f"/{c}" for c in COMMANDS], sentence=True),
                           complete_while_typing=True, bottom_toolbar=_toolbar(session), key_bindings=bindings,
                           style=style, input=input, output=output, refresh_interval=1.0, color_depth=depth)
    show(greeting)
    while not session.iv.finished:
        try:
            text = prompt.prompt("you> ")
        except EOFError:
            break
        candidate, replies = session.turn(text)
        if candidate.notice:
            print_formatted_text(f"(note: {candidate.notice})", output=output)
        show(replies)


def run(session: Session, greeting: list[InterviewerEvent], interactive: bool, stdin: TextIO | None = None,
        stdout: TextIO | None = None, input: Any = None, output: Any = None, history: Any = None) -> int:
    """Run one practice session to its end (or interruption) and print the scorecard and transcript path."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    install_signal_handlers()
    try:
        if interactive:
            run_prompt(session, greeting, input, output, history)
        else:
            run_lines(session, greeting, stdin, stdout)
    except (Hangup, KeyboardInterrupt):
        session.writer.close()
        sys.stderr.write(f"Interrupted; transcript saved: {session.writer.path}\n"
                         f"Resume with: sdi resume {session.writer.path}\n")
        return 130
    from sdi.report import terminal

    card = session.finish()
    stdout.write("\n" + terminal(card))
    stdout.write(f"\nTranscript: {session.writer.path}\n")
    stdout.flush()
    return 0


def clock() -> float:
    """The real clock practice uses (replay uses the dialogue's virtual one)."""
    return time.monotonic()
