"""Practice as a person uses it: the prompt-toolkit session typed into through a pipe, and plain piped stdin."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from sdi.interviewer import Interviewer
from sdi.model import Library
from sdi.practice import run
from sdi.session import Session
from sdi.transcript import TranscriptWriter, read


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 30
        return self.now


def session(library: Library, path: Path) -> Session:
    iv = Interviewer(library, library.banks["url_shortener"], library.flows["seven_step"], "mid", 1)
    return Session(iv, TranscriptWriter(path), FakeClock())


def test_prompt_session_typed_through_a_pipe(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    s = session(library, path)
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        inp.send_text("How many links a day?\r")
        inp.send_text("/next\r")
        inp.send_text("about 1,200 writes per second\r")
        inp.send_text("/quit\r")
        code = run(s, s.open(), interactive=True, input=inp, output=DummyOutput())
    assert code == 0
    records = [json.loads(line) for line in path.read_text().splitlines()]
    said = [r["text"] for r in records if r["event"] == "candidate"]
    assert said == ["How many links a day?", "/next", "about 1,200 writes per second", "/quit"]
    assert records[-1]["event"] == "scorecard"


def test_ctrl_c_keeps_the_line_in_history_and_ctrl_d_ends(library: Library, tmp_path: Path) -> None:
    from prompt_toolkit.history import InMemoryHistory

    path = tmp_path / "t.jsonl"
    s = session(library, path)
    history = InMemoryHistory()
    with create_pipe_input() as inp, create_app_session(input=inp, output=DummyOutput()):
        inp.send_text("a half-typed answer about redis")
        inp.send_text("\x03")          # Ctrl-C: clear the line, keep it in history (Up brings it back)
        inp.send_text("\x04")          # Ctrl-D on an empty line: end, with the scorecard
        code = run(s, s.open(), interactive=True, input=inp, output=DummyOutput(), history=history)
    assert code == 0
    assert "a half-typed answer about redis" in history.get_strings()
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert not [r for r in records if r["event"] == "candidate"]  # the cleared line was not sent
    assert records[-1]["event"] == "scorecard"


def _wait_for(path: Path, needle: str, count: int, seconds: float = 30) -> None:
    """Until the transcript holds `count` lines with needle (the process has saved those turns)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if path.exists() and path.read_text().count(needle) >= count:
            return
        time.sleep(0.05)
    raise AssertionError(f"{path} never reached {count} x {needle}")


def _practice(args: list[str], stdin: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sdi", "practice", *args], input=stdin, capture_output=True,
                          text=True, env={**os.environ, **env}, timeout=60)


def test_piped_stdin_is_read_line_by_line(isolated_data: Path) -> None:
    result = _practice(["--seed", "2", "--level", "senior"], "What is the scale?\n/quit\n",
                       {"SDI_DATA_DIR": str(isolated_data)})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Interviewer: ") and "Scorecard:" in out and "Transcript: " in out
    assert "\x1b[" not in out  # no colour when piped


def test_killed_mid_session_resumes_with_every_answered_turn(isolated_data: Path, tmp_path: Path) -> None:
    path = tmp_path / "killed.jsonl"
    env = {**os.environ, "SDI_DATA_DIR": str(isolated_data)}
    proc = subprocess.Popen([sys.executable, "-m", "sdi", "practice", "--seed", "3", "--transcript", str(path)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert proc.stdin is not None
    for answer in ("How many links a day?", "Shorten a url and redirect to the original."):
        proc.stdin.write(answer + "\n")
        proc.stdin.flush()
    _wait_for(path, '"candidate"', 2)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert [t for t, _ in read(path).candidate_turns()] == ["How many links a day?",
                                                            "Shorten a url and redirect to the original."]
    result = subprocess.run([sys.executable, "-m", "sdi", "resume", str(path)], input="/quit\n", text=True,
                            capture_output=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    turns = [t for t, _ in read(path).candidate_turns()]
    assert turns == ["How many links a day?", "Shorten a url and redirect to the original.", "/quit"]


def test_sigterm_saves_and_says_how_to_resume(isolated_data: Path, tmp_path: Path) -> None:
    path = tmp_path / "term.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "sdi", "practice", "--transcript", str(path)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "SDI_DATA_DIR": str(isolated_data)})
    assert proc.stdin is not None
    proc.stdin.write("How many users?\n")
    proc.stdin.flush()
    _wait_for(path, '"candidate"', 1)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "sdi resume" in err and "Traceback" not in err
    assert read(path).candidate_turns()[0][0] == "How many users?"


def _terminal_output(library: Library, tmp_path: Path, monkeypatch, no_color: bool) -> str:  # type: ignore[no-untyped-def]
    import io

    from prompt_toolkit.data_structures import Size
    from prompt_toolkit.output.vt100 import Vt100_Output

    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    screen = io.StringIO()
    output = Vt100_Output(screen, lambda: Size(rows=40, columns=120), term="xterm-256color")
    s = session(library, tmp_path / "t.jsonl")
    with create_pipe_input() as inp, create_app_session(input=inp, output=output):
        inp.send_text("/quit\r")
        run(s, s.open(), interactive=True, input=inp, output=output)
    return screen.getvalue()


def test_colour_on_a_terminal_but_never_with_no_color(library: Library, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import re

    def coloured(screen: str) -> bool:
        """Whether any SGR sequence sets a foreground colour (30-37, 38, 90-97)."""
        params = [p for seq in re.findall(r"\x1b\[([0-9;]*)m", screen) for p in seq.split(";") if p]
        return any(p in ("38",) or 30 <= int(p) <= 37 or 90 <= int(p) <= 97 for p in params)

    assert coloured(_terminal_output(library, tmp_path, monkeypatch, no_color=False))
    assert not coloured(_terminal_output(library, tmp_path, monkeypatch, no_color=True))


def test_every_typed_turn_is_synced_before_the_next_prompt_and_the_opening_waits_for_it(
        library: Library, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    synced: list[int] = []
    monkeypatch.setattr(os, "fsync", lambda fd: synced.append(fd))
    s = session(library, tmp_path / "t.jsonl")
    s.open()
    assert synced == []  # the opening questions come back from the bank and seed: the first prompt does not wait on the disk
    s.turn("Who uses it, and how many new links a day?")
    assert len(synced) == 1  # what the candidate typed is on disk, and the opening with it, before the next prompt
    s.turn("Reads outnumber writes a hundred to one.")
    assert len(synced) == 2
    s.writer.close()
    lines = (tmp_path / "t.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["event"] == "interviewer" and json.loads(lines[-1])["event"] == "interviewer"


class Terminal:
    """`sdi practice` in a pseudo-terminal, as a person at a real terminal runs it."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        import pty

        self.fd, child = pty.openpty()
        self.proc = subprocess.Popen([sys.executable, "-m", "sdi", "practice", *args], stdin=child, stdout=child,
                                     stderr=child, env={**os.environ, **env, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1"}, close_fds=True)
        os.close(child)
        self.screen = ""

    def wait_for(self, needle: str, seconds: float = 30) -> None:
        import select

        deadline = time.time() + seconds
        while needle not in self.screen and time.time() < deadline:
            if select.select([self.fd], [], [], 0.1)[0]:
                try:
                    self.screen += os.read(self.fd, 65536).decode("utf-8", "replace")
                except OSError:  # the child closed the terminal
                    break
        assert needle in self.screen, self.screen[-2000:]

    def type(self, text: str) -> None:
        os.write(self.fd, text.encode())

    def close(self) -> int:
        code = self.proc.wait(timeout=30)
        os.close(self.fd)
        return code


def test_at_a_terminal_the_candidate_picks_the_problem(isolated_data: Path) -> None:
    term = Terminal(["--seed", "1"], {"SDI_DATA_DIR": str(isolated_data)})
    term.wait_for("problem>")
    assert "Chat app (chat_app)" in term.screen and "[default]" in term.screen
    term.type("chat\r")
    term.wait_for("you>")
    assert "Design a chat service" in term.screen
    term.type("/quit\r")
    term.wait_for("Transcript: ")
    assert term.close() == 0
    assert [p.name.endswith("chat_app.jsonl") for p in (isolated_data / "transcripts").iterdir()] == [True]


def test_leaving_the_picker_starts_no_interview(isolated_data: Path) -> None:
    term = Terminal([], {"SDI_DATA_DIR": str(isolated_data)})
    term.wait_for("problem>")
    term.type("\x03")
    assert term.close() == 130
    assert not (isolated_data / "transcripts").exists()


def test_a_bank_on_the_command_line_skips_the_picker(isolated_data: Path) -> None:
    term = Terminal(["--bank", "rate_limiter", "--seed", "1"], {"SDI_DATA_DIR": str(isolated_data)})
    term.wait_for("you>")
    assert "problem>" not in term.screen and "rate limiter" in term.screen
    term.type("\x04")
    term.wait_for("Transcript: ")
    assert term.close() == 0
