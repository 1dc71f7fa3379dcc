"""Checks back-of-the-envelope figures against the bank's derived quantities and against the candidate's own arithmetic."""

from __future__ import annotations

import re
import math
import operator
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING
from dataclasses import dataclass
from functools import lru_cache

from sdi.model import COUNT_UNITS, PERIODS, Fact, Quantity
from sdi.numbers import SENTENCE_BREAK, Number
from sdi.text import SENTENCE_END, PhraseIndex, Token, phrase_index, sentence_window

CUE_REACH = 10
CONVERSION_SLACK = 1.5  # a figure within this of another converted to its period is that figure, converted
NEAR_EQUAL = 1.02  # two quantities a figure comes within 2% of equally near are a tie
SENTENCE_REACH = 40  # how far a figure's sentence is searched for a cue when none is within CUE_REACH words
_EXCLUDING = frozenset({"before", "excluding", "without", "except", "minus", "ignoring"})  # "55 TB a year before media"
_PERIOD_WORDS = frozenset({"a", "an", "per", "each", "every", "day", "daily", "year", "yearly", "annual", "annually",
                           "month", "monthly", "week", "weekly", "hour", "hourly", "second", "minute", "sec", "s"})
if TYPE_CHECKING:
    import ast

_OPS = {"Add": operator.add, "Sub": operator.sub, "Mult": operator.mul, "Div": operator.truediv,
        "FloorDiv": operator.floordiv, "Pow": operator.pow}


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
        """The figure in the quantity's own period."""
        return _per(self.given, self.quantity) if self.quantity else self.given.value


def evaluate(formula: str, values: Mapping[str, float]) -> float | None:
    """The value of a validated arithmetic formula (None when a name has no value or the math fails)."""
    import ast

    tree = _parsed(formula)
    if tree is None:
        return None

    def walk(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return float(node.value)
        if isinstance(node, ast.Name):
            return values[node.id]
        if isinstance(node, ast.UnaryOp):
            return -walk(node.operand) if isinstance(node.op, ast.USub) else walk(node.operand)
        if isinstance(node, ast.BinOp) and type(node.op).__name__ in _OPS:
            return float(_OPS[type(node.op).__name__](walk(node.left), walk(node.right)))
        raise ValueError(type(node).__name__)
    try:
        return walk(tree)
    except (KeyError, ValueError, ZeroDivisionError, OverflowError):
        return None


def formula_names(formula: str) -> set[str]:
    """The facts and quantities a validated formula uses."""
    import ast

    tree = _parsed(formula)
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)} if tree else set()


@lru_cache(maxsize=1024)
def _parsed(formula: str) -> ast.Expression | None:
    """A formula's syntax tree, parsed once per process."""
    import ast

    try:
        return ast.parse(formula, mode="eval")
    except SyntaxError:
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
    if bool(n.each) != bool(q.each):
        return False  # one user's or one server's share is never the whole system's figure, nor the reverse
    if q.unit == "bytes" or n.unit == "bytes":
        return q.unit == n.unit == "bytes" and bool(q.per) == bool(n.per)
    if n.unit not in COUNT_UNITS or q.unit not in COUNT_UNITS:
        return False
    return bool(q.per) and bool(n.per)


Gaps = dict[str, tuple[int, int]]  # each cue phrase found: (words away from the figure, words in the phrase)


def _cue_gaps(q: Quantity, toks: tuple[Token, ...], n: Number, whole_sentence: bool) -> Gaps | None:
    """A quantity's cues in a figure's sentence, each with how far it is (0 when it is the figure's own words, as
    in '1.2M timeline inserts per second'; a clause break counts as CUE_REACH words); None when there are
    none, and no entries when all say only when ("a day", "per year"), not what. A cue further off in the
    sentence counts for little, but counts (`whole_sentence`): "Storage over ten years: 100M a day ... 180 TB"."""
    window = sentence_window(toks, n.start, CUE_REACH)
    hits = phrase_index(q.cues).find(window)
    far = 0
    if not hits and whole_sentence:
        window = sentence_window(toks, n.start, SENTENCE_REACH)
        hits, far = phrase_index(q.cues).find(window), 2 * CUE_REACH
    if not hits:
        return None

    def gap(i: int, length: int) -> int:
        first, last = window[i], window[i + length - 1]
        if last.end <= n.start:
            between = [t for t in window if last.end <= t.start and t.end <= n.start]
        elif first.start >= n.end:
            between = [t for t in window if n.end <= t.start and t.end <= first.start]
        else:
            return 0
        clause = CUE_REACH if any(t.raw in ",;:" for t in between) else 0
        return len(between) + 1 + clause + far

    gaps: Gaps = {}
    for i, length, phrase in hits:
        if i and window[i - 1].raw in _EXCLUDING:
            continue  # what the figure leaves out is not what it is about
        if any(window[k].stem not in _PERIOD_WORDS for k in range(i, i + length)):
            gaps[phrase] = min(gaps.get(phrase, (10**6, length)), (gap(i, length), length))
    return gaps


def _cue_score(gaps: Gaps) -> tuple[int, int]:
    """How clearly a figure is about a quantity: the nearest cue, then the most specific one at that distance."""
    if not gaps:
        return -2 * CUE_REACH, 0
    nearest = min(g for g, _ in gaps.values())
    return -nearest, max(length for g, length in gaps.values() if g == nearest)


def _told_apart(cued: list[tuple[Quantity, Gaps]]) -> list[Quantity]:
    """Of quantities equally well cued, the ones whose own cues (those the others lack) in the figure's clause are
    nearest, else those with the most cues in it: in '115k messages per second on average and 350k at peak',
    'messages' names both rates and 'average' picks one."""
    shared = set.intersection(*(set(gaps) for _, gaps in cued))
    apart = {q.id: min((g for cue, (g, _) in gaps.items() if cue not in shared and g <= CUE_REACH), default=None)
             for q, gaps in cued}
    known = [g for g in apart.values() if g is not None]
    if known:
        return [q for q, _ in cued if apart[q.id] == min(known)]
    near = {q.id: sum(1 for g, _ in gaps.values() if g <= CUE_REACH) for q, gaps in cued}
    return [q for q, _ in cued if near[q.id] == max(near.values())]


@lru_cache(maxsize=256)
def _stated(answer: str) -> tuple[Number, ...]:
    from sdi.numbers import read_numbers

    return read_numbers(answer)


def _is_restated_fact(n: Number, facts: tuple[Fact, ...], overrides: Mapping[str, float]) -> bool:
    """A figure the candidate repeats from the facts (or from the interviewer's answers) is not an estimate."""
    for f in facts:
        if any(_ratio(n.value, said.value) <= 1.01 and (said.per or "") == (n.per or "") for said in _stated(f.answer)):
            return True
        value = overrides.get(f.id, f.value)
        same_kind = (n.unit == "bytes") == (f.unit == "bytes") and (n.unit or "") not in ("ratio", "percent", "seconds")
        if value and f.unit != "ratio" and same_kind and _ratio(n.value, value) <= 1.5 and (n.per or "") == (f.per or ""):
            return True
    return False


def check_against_bank(numbers: tuple[Number, ...], toks: tuple[Token, ...], facts: tuple[Fact, ...],
                       quantities: tuple[Quantity, ...], overrides: Mapping[str, float],
                       is_estimate: Callable[[Number], bool] | None = None,
                       whole_sentence: bool = True) -> list[Check]:
    """Each figure matched to the bank quantity it estimates (by unit, period and nearby cue words; with
    `whole_sentence`, as in the estimation phase, by a cue anywhere in its sentence when none is near)."""
    values = quantity_values(facts, quantities, overrides)
    checks = []
    for n in numbers:
        if _is_restated_fact(n, facts, overrides) or (is_estimate and not is_estimate(n)):
            continue
        candidates = _cued(n, toks, [q for q in quantities if q.id in values], whole_sentence)
        if not candidates:
            continue
        best = max(_cue_score(gaps) for _, gaps in candidates)  # the nearest cue word decides what a figure is about,
        top = _told_apart([(q, gaps) for q, gaps in candidates if _cue_score(gaps) == best])  # then the nearest
        pool = [q for q in top if q.per == n.per] or top  # cue that tells them apart, the same period, the nearest value
        source = _converted_fact(n, numbers, toks, facts, overrides) if -best[0] > CUE_REACH else ""
        if source:  # no cue in its own clause, but it converts a fact just given: "1B a day is about 12k per second"
            pool = [q for q in quantities if q.id in values and _compatible(n, q) and source in resting_on(q, quantities)]
        q = _nearest(n, pool or top, values)
        given = _per(n, q)
        expected = _scaled_by_stated(given, values[q.id], q.tolerance, n, numbers, toks)
        ratio = _ratio(given, expected)
        verdict = "ok" if ratio <= q.tolerance else ("far" if ratio <= q.off else "off")
        checks.append(Check(n, expected, verdict, q))
    return checks


def _scaled_by_stated(given: float, expected: float, tolerance: float, n: Number, numbers: tuple[Number, ...],
                      toks: tuple[Token, ...]) -> float:
    """The expected value, times a factor the candidate states in the figure's sentence when that explains the
    figure ('Peak 5x: ~290k reads/s' against 58k reads a second on average); else as it was."""
    if _ratio(given, expected) <= tolerance:
        return expected
    for m in numbers:
        if m.unit == "ratio" and m.value > 1 and _one_sentence(toks, m, n):
            if _ratio(given, expected * m.value) <= tolerance:
                return expected * m.value
    return expected


def _one_sentence(toks: tuple[Token, ...], a: Number, b: Number) -> bool:
    """Whether no sentence ends between two figures, in either order: another sentence is another thought."""
    lo, hi = min(a.end, b.end), max(a.start, b.start)
    return not any(t.raw in SENTENCE_END for t in toks if lo <= t.start < hi)


def _converted_fact(n: Number, numbers: tuple[Number, ...], toks: tuple[Token, ...], facts: tuple[Fact, ...],
                    overrides: Mapping[str, float]) -> str:
    """The fact a figure converts to another period, when the figure just before it in its sentence gives that
    fact ("1B a day is about 12k per second"), else ''."""
    before = [p for p in numbers if p.end <= n.start]
    if not before or not n.per:
        return ""
    p = before[-1]
    if not p.per or p.per == n.per or not _one_sentence(toks, p, n):
        return ""
    if _ratio(n.value / PERIODS[n.per], p.value / PERIODS[p.per]) > CONVERSION_SLACK:
        return ""
    return next((f.id for f in facts if (f.per or "") == p.per and _ratio(p.value, overrides.get(f.id, f.value or 0))
                 <= CONVERSION_SLACK), "")


def resting_on(q: Quantity, quantities: tuple[Quantity, ...]) -> set[str]:
    """Every fact and quantity a quantity's value rests on, through the quantities its formula uses."""
    formulas = {other.id: other.formula for other in quantities}
    names: set[str] = set()
    todo = [q.formula]
    while todo:
        for name in formula_names(todo.pop()) - names:
            names.add(name)
            if name in formulas:
                todo.append(formulas[name])
    return names


def _nearest(n: Number, pool: list[Quantity], values: Mapping[str, float]) -> Quantity:
    """The quantity whose value a figure comes nearest; among equals (a rate and the same volume a day: '2.3 GB/s'
    is both the ingress and a day's storage), the one said per the period nearest the figure's own."""
    ratios = {q.id: _ratio(_per(n, q), values[q.id]) for q in pool}
    closest = min(ratios.values())
    near = [q for q in pool if ratios[q.id] <= closest * NEAR_EQUAL]
    return min(near, key=lambda q: _ratio(PERIODS.get(q.per, 1.0), PERIODS.get(n.per, 1.0)))


def estimates_a_quantity(n: Number, toks: tuple[Token, ...], quantities: tuple[Quantity, ...]) -> bool:
    """Whether a figure's sentence names a derived quantity of its unit and period ("egress ... say 15 TB/s"):
    then it is an estimate to check, not an assumption about the facts beneath it."""
    return bool(_cued(n, toks, (q for q in quantities if q.per == n.per), False))


def _cued(n: Number, toks: tuple[Token, ...], quantities: Iterable[Quantity],
          whole_sentence: bool) -> list[tuple[Quantity, Gaps]]:
    """The quantities a figure fits whose cues are in its sentence, each with those cues."""
    found = [(q, _cue_gaps(q, toks, n, whole_sentence)) for q in quantities if _compatible(n, q)]
    return [(q, gaps) for q, gaps in found if gaps is not None]


def _per(n: Number, q: Quantity) -> float:
    if q.per and n.per:
        return n.value * PERIODS[q.per] / PERIODS[n.per]
    return n.value


_SCALERS = re.compile(r"(?:\$|€|£|\bx\b|×|\*|\btimes\b|\bat\b|\beach\b)\s*$", re.IGNORECASE)


def _scaled(text: str, n: Number) -> bool:
    """Whether a figure is money, or multiplied by something just before it."""
    return bool(_SCALERS.search(text[max(0, n.start - 12):n.start]))


def check_arithmetic(numbers: tuple[Number, ...], text: str, conversions: PhraseIndex,
                     toks: tuple[Token, ...]) -> list[Check]:
    """Rates the candidate converted themselves ("100M a day, so ~1,200/s") that do not agree."""
    checks = []
    for a, b in zip(numbers, numbers[1:]):
        if not (a.per and b.per) or a.per == b.per or "users" in (a.unit, b.unit):
            continue
        if (a.unit and b.unit and a.unit != b.unit) or (a.unit == "bytes") != (b.unit == "bytes"):
            continue  # bytes never convert to counts: "4.3 TB/s -> CDN mandatory. uploads 1M/day"
        if SENTENCE_BREAK.search(text, a.end, b.start):
            continue  # another sentence is another figure, not a conversion of this one
        between = tuple(t for t in toks if a.end <= t.start and t.end <= b.start)
        if not between or len(between) > 6 or not conversions.find(between):
            continue
        if _scaled(text, a) or _scaled(text, b):
            continue  # "2,500 GPUs at $2.50 an hour" is a product, not a conversion
        expected = a.value / PERIODS[a.per] * PERIODS[b.per]
        if _ratio(b.value, expected) > 2.0:
            checks.append(Check(b, expected, "inconsistent", None, a))
    return checks
