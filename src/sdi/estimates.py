"""Checks back-of-the-envelope figures against the bank's derived quantities and against the candidate's own arithmetic."""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from sdi.model import PERIODS, Fact, Quantity
from sdi.numbers import Number
from sdi.text import PhraseIndex, Token

COUNT_UNITS = frozenset({"", "requests", "items", "messages"})
CUE_REACH = 10
_SENTENCE_END = frozenset(".!?;\n")
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
        ast.FloorDiv: operator.floordiv, ast.Pow: operator.pow}


@dataclass(frozen=True)
class Check:
    """One figure the candidate gave, what it was compared with, and the verdict."""

    given: Number
    expected: float
    verdict: str                 # ok | far | off | inconsistent
    quantity: Quantity | None = None
    source: Number | None = None  # for arithmetic checks: the figure it was derived from

    @property
    def ratio(self) -> float:
        return _ratio(self.given_value, self.expected)

    @property
    def given_value(self) -> float:
        if self.quantity and self.quantity.per and self.given.per:
            return self.given.value * PERIODS[self.quantity.per] / PERIODS[self.given.per]
        return self.given.value


def evaluate(formula: str, values: Mapping[str, float]) -> float | None:
    """The value of a validated arithmetic formula (None when a name has no value or the math fails)."""
    def walk(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.Name):
            return values[node.id]
        if isinstance(node, ast.UnaryOp):
            return -walk(node.operand) if isinstance(node.op, ast.USub) else walk(node.operand)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return float(_OPS[type(node.op)](walk(node.left), walk(node.right)))
        raise ValueError(type(node).__name__)
    try:
        return walk(ast.parse(formula, mode="eval"))
    except (KeyError, ValueError, ZeroDivisionError, OverflowError, SyntaxError):
        return None


def quantity_values(facts: tuple[Fact, ...], quantities: tuple[Quantity, ...],
                    overrides: Mapping[str, float]) -> dict[str, float]:
    """Fact values (with the candidate's stated assumptions) and every quantity derived from them."""
    values = {f.id: f.value for f in facts if f.value is not None}
    values.update(overrides)
    for q in quantities:
        result = evaluate(q.formula, values)
        if result is not None:
            values[q.id] = result
    return values


def _ratio(a: float, b: float) -> float:
    if a <= 0 or b <= 0:
        return math.inf
    return max(a / b, b / a)


def _compatible(n: Number, q: Quantity) -> bool:
    if q.unit == "bytes" or n.unit == "bytes":
        return q.unit == n.unit == "bytes" and bool(q.per) == bool(n.per)
    if n.unit not in COUNT_UNITS or q.unit not in COUNT_UNITS:
        return False
    return bool(q.per) and bool(n.per)


@lru_cache(maxsize=512)
def _cue_index(cues: tuple[str, ...]) -> PhraseIndex:
    return PhraseIndex(cues)


def sentence_window(toks: tuple[Token, ...], start: int, reach: int = CUE_REACH) -> tuple[Token, ...]:
    """The tokens of the sentence around a character offset, at most `reach` either side."""
    idx = next((i for i, t in enumerate(toks) if t.start >= start), len(toks))
    lo = idx
    while lo > 0 and idx - lo < reach and toks[lo - 1].raw not in _SENTENCE_END:
        lo -= 1
    hi = idx
    while hi < len(toks) and hi - idx < reach and toks[hi].raw not in _SENTENCE_END:
        hi += 1
    return toks[lo:hi]


def _cue_hits(q: Quantity, toks: tuple[Token, ...], n: Number) -> int:
    return len(_cue_index(q.cues).find(sentence_window(toks, n.start)))


def _is_restated_fact(n: Number, facts: tuple[Fact, ...], overrides: Mapping[str, float]) -> bool:
    for f in facts:
        value = overrides.get(f.id, f.value)
        if value and f.unit != "ratio" and _ratio(n.value, value) <= 1.5 and (n.per or "") == (f.per or ""):
            return True
    return False


def check_against_bank(numbers: tuple[Number, ...], toks: tuple[Token, ...], facts: tuple[Fact, ...],
                       quantities: tuple[Quantity, ...], overrides: Mapping[str, float]) -> list[Check]:
    """Each figure matched to the bank quantity it estimates (by unit, period and nearby cue words)."""
    values = quantity_values(facts, quantities, overrides)
    checks = []
    for n in numbers:
        if _is_restated_fact(n, facts, overrides):
            continue
        candidates = [(q, _cue_hits(q, toks, n)) for q in quantities if q.id in values and _compatible(n, q)]
        candidates = [(q, hits) for q, hits in candidates if hits]
        if not candidates:
            continue
        best = max(hits for _, hits in candidates)
        q = min((q for q, hits in candidates if hits == best),
                key=lambda q: _ratio(_per(n, q), values[q.id]))
        given = _per(n, q)
        ratio = _ratio(given, values[q.id])
        verdict = "ok" if ratio <= q.tolerance else ("far" if ratio <= q.off else "off")
        checks.append(Check(n, values[q.id], verdict, q))
    return checks


def _per(n: Number, q: Quantity) -> float:
    if q.per and n.per:
        return n.value * PERIODS[q.per] / PERIODS[n.per]
    return n.value


def check_arithmetic(numbers: tuple[Number, ...], text: str, conversions: PhraseIndex,
                     toks: tuple[Token, ...]) -> list[Check]:
    """Rates the candidate converted themselves ("100M a day, so ~1,200/s") that do not agree."""
    checks = []
    for a, b in zip(numbers, numbers[1:]):
        if not (a.per and b.per) or a.per == b.per or "users" in (a.unit, b.unit):
            continue
        if a.unit and b.unit and a.unit != b.unit:
            continue
        between = tuple(t for t in toks if a.end <= t.start and t.end <= b.start)
        if not between or len(between) > 6 or not conversions.find(between):
            continue
        expected = a.value / PERIODS[a.per] * PERIODS[b.per]
        if _ratio(b.value, expected) > 2.0:
            checks.append(Check(b, expected, "inconsistent", None, a))
    return checks
