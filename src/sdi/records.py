"""Value equality for frozen dataclasses without generating code per class (start-up time is a budget).

`@dataclass(frozen=True)` compiles `__eq__` and `__hash__` afresh for every class; the model has two dozen
classes, all needed before the first question. Declaring them `@value @dataclass(frozen=True, eq=False)`
shares one `__eq__` and one `__hash__` that behave like the generated ones.
"""

from __future__ import annotations

from dataclasses import fields

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs start-up time (see PEP 781)
if TYPE_CHECKING:
    from typing import TypeVar

    T = TypeVar("T", bound=type)


def _compared(obj: object) -> tuple[object, ...]:
    return tuple(getattr(obj, f.name) for f in fields(obj) if f.compare)  # type: ignore[arg-type]


def _hashed(obj: object) -> tuple[object, ...]:
    return tuple(getattr(obj, f.name) for f in fields(obj)  # type: ignore[arg-type]
                 if (f.compare if f.hash is None else f.hash))


def _eq(self: object, other: object) -> bool:
    if other.__class__ is not self.__class__:
        return NotImplemented  # type: ignore[no-any-return]  # what generated __eq__ returns too
    return bool(_compared(self) == _compared(other))


def _hash(self: object) -> int:
    return hash(_hashed(self))


def value(cls: T) -> T:
    """Give a frozen dataclass declared with eq=False the equality and hash `eq=True` would have given."""
    cls.__eq__ = _eq  # type: ignore[assignment]
    cls.__hash__ = _hash  # type: ignore[assignment]
    return cls
