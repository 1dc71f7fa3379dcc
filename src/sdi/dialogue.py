"""Scripted interviews: the dialogue file format, loaded and validated into typed objects."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sdi.errors import DataError, Problem
from sdi.events import KINDS
from sdi.model import FLAGS, LEVELS, PHASES
from sdi.schema import Field
from sdi.yamlsource import read_yaml

DEFAULT_STEP = 60.0
_DURATION = re.compile(r"^\s*(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+(?:\.\d+)?)\s*m)?\s*(?:(\d+(?:\.\d+)?)\s*s?)?\s*$")


@dataclass(frozen=True)
class Expect:
    """What one candidate turn and the reply to it must show (None: not checked)."""

    phase: str | None = None
    credited: tuple[str, ...] = ()
    not_credited: tuple[str, ...] = ()
    probes_any: tuple[str, ...] = ()
    kinds_any: tuple[str, ...] = ()
    flags: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Turn:
    """One candidate line of a script."""

    say: str
    at: float
    expect: Expect | None = None
    line: int = 0


@dataclass(frozen=True)
class FinalExpect:
    """What the whole interview must show."""

    flags: tuple[str, ...] | None = None
    covered: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    min_overall: float | None = None
    max_overall: float | None = None


@dataclass(frozen=True)
class Dialogue:
    """A scripted interview, replayed by `sdi replay`."""

    path: str
    bank: str
    turns: tuple[Turn, ...]
    flow: str = "seven_step"
    level: str = "mid"
    seed: int = 0
    pace: str = "interviewer"
    final: FinalExpect | None = None

    def bank_file(self) -> str:
        """The bank's file when the dialogue names one by path (relative to the working folder or the dialogue)."""
        if not self.bank.endswith((".yaml", ".yml")):
            return ""
        for candidate in (Path(self.bank), Path(self.path).parent / self.bank):
            if candidate.is_file():
                return str(candidate)
        return self.bank


def parse_duration(text: str) -> float | None:
    """Seconds in '90', '90s', '9m', '1m30s', '1h' (None when unreadable)."""
    m = _DURATION.match(text)
    if not m or not any(m.groups()):
        return None
    hours, minutes, seconds = (float(g) if g else 0.0 for g in m.groups())
    return hours * 3600 + minutes * 60 + seconds


def _at(f: Field, previous: float) -> float:
    if not f.present:
        return previous + DEFAULT_STEP
    if isinstance(f.value, (int, float)) and not isinstance(f.value, bool):
        value: float | None = float(f.value)
    else:
        value = parse_duration(str(f.value))
    if value is None:
        f.problem(f"cannot read time '{f.value}' (use seconds, or forms like 90s, 9m, 1m30s)")
        return previous + DEFAULT_STEP
    if value < previous:
        f.problem(f"time {f.value} is earlier than the turn before it")
        return previous
    return value


def _ids(f: Field, known: tuple[str, ...] | None = None, what: str = "id") -> tuple[str, ...]:
    values = f.texts()
    if known is not None:
        for v in values:
            if v not in known:
                from sdi.schema import did_you_mean

                f.problem(f"unknown {what} '{v}'{did_you_mean(v, known)}")
    return values


def _expect(f: Field) -> Expect | None:
    if not f.present or not f.mapping(("phase", "credited", "not_credited", "probes_any", "kinds_any", "flags")):
        return None
    flags = _ids(f.child("flags"), FLAGS, "flag") if f.child("flags").present else None
    if f.child("flags").present and f.child("flags").value == []:
        flags = ()
    return Expect(f.child("phase").choice(PHASES) or None, _ids(f.child("credited")), _ids(f.child("not_credited")),
                  _ids(f.child("probes_any")), _ids(f.child("kinds_any"), KINDS, "event kind"), flags)


def _final(f: Field) -> FinalExpect | None:
    if not f.present or not f.mapping(("flags", "covered", "min_overall", "max_overall")):
        return None
    flags = None
    if f.child("flags").present:
        flags = () if f.child("flags").value == [] else _ids(f.child("flags"), FLAGS, "flag")
    covered = {}
    for phase, ids in f.child("covered").entries():
        if phase not in PHASES:
            ids.problem(f"unknown phase '{phase}'")
        covered[phase] = ids.texts()
    low = f.child("min_overall").number(0.0) if f.child("min_overall").present else None
    high = f.child("max_overall").number(100.0) if f.child("max_overall").present else None
    return FinalExpect(flags, covered, low, high)


def parse_dialogue(doc: object, file: str) -> Dialogue:
    """A Dialogue from a parsed file, or a DataError listing every problem."""
    problems: list[Problem] = []
    root = Field.root(doc, file, problems)
    root.mapping(("bank", "flow", "level", "seed", "pace", "turns", "expect_final", "title", "notes"))
    turns: list[Turn] = []
    at = 0.0
    for item in root.require("turns").items():
        if isinstance(item.value, str):
            at += DEFAULT_STEP
            turns.append(Turn(item.value, at, None, item.line))
            continue
        if not item.mapping(("say", "at", "expect")):
            continue
        at = _at(item.child("at"), at)
        say_f = item.require("say")
        say = say_f.value if isinstance(say_f.value, str) else say_f.text("")
        turns.append(Turn(say, at, _expect(item.child("expect")), item.line))
    if root.child("turns").present and not turns:
        root.child("turns").problem("a dialogue needs at least one turn")
    dialogue = Dialogue(file, root.require("bank").text("?"), tuple(turns),
                        root.child("flow").text("seven_step"), root.child("level").choice(LEVELS, "mid") or "mid",
                        int(root.child("seed").number(0, 0)),
                        root.child("pace").choice(("interviewer", "candidate"), "interviewer") or "interviewer",
                        _final(root.child("expect_final")))
    if problems:
        raise DataError(problems)
    return dialogue


def load_dialogue(path: Path) -> Dialogue:
    """One dialogue file (from the on-disk cache when the file has not changed: parsing with positions is slow)."""
    from sdi.cache import cached, content_key

    if not path.is_file():
        return parse_dialogue(read_yaml(path), str(path))  # read_yaml reports the missing file
    return cached("dialogue", content_key([path.resolve()], str(path)),
                  lambda: parse_dialogue(read_yaml(path), str(path)))


def dialogue_files(paths: list[str]) -> list[Path]:
    """Dialogue files named directly or found (recursively, sorted) under named folders."""
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if path.is_dir():
            out.extend(sorted(q for q in path.rglob("*.y*ml") if q.suffix in (".yaml", ".yml")))
        else:
            out.append(path)
    return out
