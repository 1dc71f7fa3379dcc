"""A small located reader for YAML data: typed accessors that collect every problem instead of stopping at the first."""

from __future__ import annotations

from collections.abc import Iterable
from sdi.errors import Problem

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs start-up time (see PEP 781)
if TYPE_CHECKING:
    from typing import Any

_MISSING: Any = object()


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    for kind, name in ((bool, "true/false"), (dict, "a mapping"), (list, "a list"), (str, "text"),
                       ((int, float), "a number")):
        if isinstance(value, kind):
            return name
    return type(value).__name__


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' (did you mean X?)' suffix when one choice is close to the word, or the only one it begins."""
    import difflib

    options = sorted(c for c in set(choices) if c)
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if not close and len(word) >= 3:
        close = [c for c in options if c.startswith(word)][:2]
        close = close if len(close) == 1 else []
    return f" (did you mean '{close[0]}'?)" if close else ""


class Field:
    """A value read from a data file, with its position and a shared problem list."""

    def __init__(self, value: Any, file: str, line: int, col: int, path: str, problems: list[Problem],
                 key_pos: tuple[int, int] | None = None) -> None:
        self.value, self.file, self.line, self.col, self.path = value, file, line, col, path
        self.problems = problems
        self.key_pos = key_pos or (line, col)

    @classmethod
    def root(cls, value: Any, file: str, problems: list[Problem]) -> Field:
        """The whole document as a Field."""
        return cls(value, file, getattr(value, "line", 1), getattr(value, "col", 1), "", problems)

    def problem(self, message: str, level: str = "error") -> None:
        """Record a problem at this value's position."""
        where = f"{self.path}: " if self.path else ""
        self.problems.append(Problem(self.file, self.line, self.col, where + message, level))

    def key_problem(self, message: str) -> None:
        """Record a problem about the key this value sits under (an unknown id, say), at the key."""
        where = f"{self.path}: " if self.path else ""
        self.problems.append(Problem(self.file, *self.key_pos, where + message))

    @property
    def present(self) -> bool:
        return self.value is not _MISSING and self.value is not None

    def _expect(self, kinds: tuple[type, ...], what: str) -> bool:
        if self.value is _MISSING:
            return False
        if isinstance(self.value, bool) and bool not in kinds:
            self.problem(f"expected {what}, got {_type_name(self.value)}")
            return False
        if not isinstance(self.value, kinds):
            self.problem(f"expected {what}, got {_type_name(self.value)}")
            return False
        return True

    def child(self, key: str) -> Field:
        """The value under key (missing: a Field holding nothing, at the parent's position)."""
        if isinstance(self.value, dict) and key in self.value:
            line, col = getattr(self.value, "value_pos", {}).get(key, (self.line, self.col))
            return Field(self.value[key], self.file, line, col, self._sub(key), self.problems,
                         getattr(self.value, "key_pos", {}).get(key))
        return Field(_MISSING, self.file, self.line, self.col, self._sub(key), self.problems)

    def _sub(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def require(self, key: str) -> Field:
        """The value under key, recording a problem when it is absent."""
        field = self.child(key)
        if not field.present and self._expect((dict,), "a mapping"):
            self.problem(f"missing required key '{key}'")
        return field

    def mapping(self, allowed: Iterable[str] | None = None) -> bool:
        """Check this is a mapping whose keys are all allowed."""
        if not self.present:
            return False
        if not self._expect((dict,), "a mapping"):
            return False
        if allowed is not None:
            allowed = set(allowed)
            for key in self.value:
                if key not in allowed:
                    line, col = getattr(self.value, "key_pos", {}).get(key, (self.line, self.col))
                    sub = self._sub(key)
                    self.problems.append(Problem(self.file, line, col,
                                                 f"{sub}: unknown key '{key}'{did_you_mean(key, allowed)}"))
        return True

    def entries(self) -> list[tuple[str, Field]]:
        """The (key, value) pairs of a mapping, in file order."""
        if not self.present or not self._expect((dict,), "a mapping"):
            return []
        return [(key, self.child(key)) for key in self.value]

    def items(self) -> list[Field]:
        """The items of a list, in order."""
        if not self.present or not self._expect((list,), "a list"):
            return []
        positions = getattr(self.value, "item_pos", [])
        out = []
        for i, item in enumerate(self.value):
            line, col = positions[i] if i < len(positions) else (self.line, self.col)
            out.append(Field(item, self.file, line, col, f"{self.path}[{i}]", self.problems))
        return out

    def text(self, default: str = "") -> str:
        """A non-empty string, or default."""
        if not self.present:
            return default
        if isinstance(self.value, (int, float)) and not isinstance(self.value, bool):
            return str(self.value)
        if not self._expect((str,), "text"):
            return default
        if not self.value.strip():
            self.problem("must not be empty")
            return default
        return str(self.value)

    def number(self, default: float = 0.0, minimum: float | None = None) -> float:
        """A number (int or float), or default."""
        if not self.present:
            return default
        if isinstance(self.value, str):
            try:
                value = float(self.value.replace("_", ""))
            except ValueError:
                self.problem(f"expected a number, got '{self.value}'")
                return default
        elif not self._expect((int, float), "a number"):
            return default
        else:
            value = float(self.value)
        if minimum is not None and value < minimum:
            self.problem(f"must be at least {minimum:g}")
            return default
        return value

    def flag(self, default: bool) -> bool:
        """A true/false value, or default."""
        if not self.present:
            return default
        return bool(self.value) if self._expect((bool,), "true or false") else default

    def texts(self) -> tuple[str, ...]:
        """A list of strings (a single string is taken as a list of one)."""
        if not self.present:
            return ()
        if isinstance(self.value, str):
            return (self.text(),) if self.value.strip() else ()
        return tuple(t for t in (item.text() for item in self.items()) if t)

    def choice(self, choices: Iterable[str], default: str = "") -> str:
        """One of a fixed set of words."""
        value = self.text(default)
        choices = tuple(choices)
        if self.present and value and value not in choices:
            listed = ", ".join(c for c in choices if c)
            self.problem(f"unknown value '{value}'{did_you_mean(value, choices)}; expected one of: {listed}")
            return default
        return value
