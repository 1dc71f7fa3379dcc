"""Frozen value records without generating code per class (start-up time is a budget).

`@dataclass(frozen=True)` compiles `__eq__`, `__hash__`, `__setattr__` and `__delattr__` afresh for every
class; the model has two dozen classes, all needed before the first question. `@record` compiles only each
class's `__init__` and shares one `__eq__`, `__hash__`, `__setattr__` and `__delattr__` that behave like the
generated ones: equal by fields, hashable, and frozen once built. `@value` adds the shared equality alone.
"""

from __future__ import annotations

from dataclasses import FrozenInstanceError, dataclass, field, fields

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs start-up time (see PEP 781)
if TYPE_CHECKING:
    from typing import TypeVar, dataclass_transform

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


def _set_once(self: object, name: str, value: object) -> None:
    if name in self.__dict__ or name not in self.__dataclass_fields__:  # type: ignore[attr-defined]
        raise FrozenInstanceError(f"cannot assign to field {name!r}")
    object.__setattr__(self, name, value)  # __init__ setting each field once


def _no_delete(self: object, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


if TYPE_CHECKING:
    @dataclass_transform(frozen_default=True, eq_default=True, field_specifiers=(field,))
    def record(cls: T) -> T: ...
else:
    def record(cls):
        """A frozen value dataclass sharing its methods (see the module docstring)."""
        cls = dataclass(cls, eq=False, repr=False)
        cls.__setattr__ = _set_once
        cls.__delattr__ = _no_delete
        return value(cls)
