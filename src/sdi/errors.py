"""One error vocabulary for the whole tool, so every edge can print a clean line and pick an exit code."""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNSAFE = r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"


def printable(text: str) -> str:
    """Text safe to print on a terminal: control and bidi-override characters shown as escapes."""
    return re.sub(_UNSAFE, lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256 else f"\\u{ord(m.group()):04x}", text)


@dataclass(frozen=True, order=True)
class Problem:
    """A mistake in a data file, located so that an editor can jump to it."""

    file: str
    line: int
    col: int
    message: str
    level: str = "error"

    def __str__(self) -> str:
        return printable(f"{self.file}:{self.line}:{self.col}: {self.message}")


class SdiError(Exception):
    """A failure the user can fix; printed as one line, never as a traceback."""

    exit_code = 2


class UsageError(SdiError):
    """Bad arguments or an unreadable input."""


class DataError(SdiError):
    """One or more problems in a data file (bank, flow, catalog, dialogue)."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__(str(self.problems[0]) if self.problems else "invalid data")

    def lines(self) -> list[str]:
        """Every problem as a `file:line:col: message` line."""
        return [str(p) for p in self.problems]

    def __str__(self) -> str:
        return str(self.problems[0]) if self.problems else "invalid data"
