"""Durable JSON-lines transcripts: written as the interview happens, read back to report on or resume it."""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from sdi.dirs import data_dir
from sdi.errors import UsageError
from sdi.events import dumps
from sdi.records import value

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs start-up time (see PEP 781)
if TYPE_CHECKING:
    from typing import IO, Any

VERSION = 1


@value
@dataclass(frozen=True, eq=False)
class SessionInfo:
    """The settings that, with the candidate's turns, reproduce an interview exactly."""

    bank: str
    flow: str
    level: str
    seed: int
    pace: str = "interviewer"
    bank_path: str = ""
    started: str = ""

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"event": "session", "version": VERSION, "bank": self.bank, "flow": self.flow,
                               "level": self.level, "seed": self.seed, "pace": self.pace}
        if self.bank_path:
            out["bank_path"] = self.bank_path
        if self.started:
            out["started"] = self.started
        return out


@value
@dataclass(frozen=True, eq=False)
class Transcript:
    """A transcript read back: its settings, its records, and a notice when its end was damaged."""

    path: Path
    info: SessionInfo
    records: tuple[dict[str, Any], ...]
    notice: str = ""

    def candidate_turns(self) -> list[tuple[str, float]]:
        """(text, at) of every candidate turn, in order."""
        return [(str(r.get("text", "")), float(r.get("at", 0))) for r in self.records
                if r.get("event") == "candidate"]


def new_path(bank: str) -> Path:
    """A fresh transcript path in the data folder."""
    folder = data_dir() / "transcripts"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = folder / f"{stamp}-{bank}.jsonl"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{stamp}-{bank}-{n}.jsonl"
    return path


class TranscriptWriter:
    """Appends records, and makes each batch that holds what the candidate typed durable (flush and fsync)
    before the next prompt."""

    def __init__(self, path: Path, info: SessionInfo | None = None) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._file: IO[str] | None = path.open("a", encoding="utf-8")
        if info is not None:
            self.write([info.as_json()], durable=False)

    def write(self, records: list[dict[str, Any]], durable: bool = True) -> None:
        """Append records as JSON lines; push them to disk unless `durable` is False, for records the bank and
        seed give back (the header, the opening questions): the first turn's fsync then carries them too, and
        the first question does not wait on the disk."""
        if self._file is None:
            return
        self._file.write("".join(dumps(r) + "\n" for r in records))
        self._file.flush()
        if durable:
            os.fsync(self._file.fileno())

    def close(self) -> None:
        """Close the file (idempotent)."""
        if self._file is not None:
            self._file.close()
            self._file = None


def read(path: Path) -> Transcript:
    """A transcript file; a damaged last line is dropped with a notice, damage elsewhere is an error."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise UsageError(f"cannot read transcript {path}: {exc.strerror or exc}") from None
    lines = raw.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    records: list[dict[str, Any]] = []
    notice = ""
    for n, line in enumerate(lines, 1):
        try:
            record = json.loads(line.decode("utf-8"))
            if not isinstance(record, dict):
                raise ValueError("not an object")
        except (ValueError, UnicodeDecodeError):
            if n == len(lines):
                notice = f"{path}:{n}: the last line was cut off or damaged; kept the {len(records)} records before it"
                break
            raise UsageError(f"{path}:{n}: not a transcript line (invalid JSON)") from None
        records.append(record)
    if not records or records[0].get("event") != "session":
        raise UsageError(f"{path}:1: not an sdi transcript (no session header)")
    head = records[0]
    try:
        info = SessionInfo(str(head["bank"]), str(head["flow"]), str(head["level"]), int(head["seed"]),
                           str(head.get("pace", "interviewer")), str(head.get("bank_path", "")),
                           str(head.get("started", "")))
    except (KeyError, TypeError, ValueError):
        raise UsageError(f"{path}:1: transcript header is missing bank, flow, level or seed") from None
    return Transcript(path, info, tuple(records[1:]), notice)
