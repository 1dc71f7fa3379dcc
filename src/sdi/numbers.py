"""Reads quantities with units and rates out of free text ("100M/day", "1.2k rps", "5 TB/yr", "2^30 bytes")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from sdi.model import PERIODS

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs start-up time
if TYPE_CHECKING:
    from typing import Any

    from sdi.errors import Problem

_NUMBER_PATTERN = (
    r"(?<![\w.^:/-])(?:(?P<base>\d+)\s*\^\s*(?P<pow>\d{{1,3}})"
    r"|(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:[eE](?P<exp>[+-]?\d{{1,3}}))?"
    r"|(?P<word>\b(?:{words})\b)(?=\s+(?:{scales})\b)"     # "two million", "a hundred"
    r"|(?P<span>\b(?:{counts})\b)(?=\s+(?:{durations})\b))")  # "two seconds"; not "a second", which is as often a rate


@lru_cache(maxsize=1)
def _number_re() -> re.Pattern[str]:
    """The number pattern, built from units.yaml's words and compiled on first use (start-up never pays for it)."""
    u = units()
    def alternatives(ws: Iterable[str]) -> str:
        return "|".join(re.escape(w) for w in sorted(ws, key=lambda w: (-len(w), w)))
    def spelled(ws: Iterable[str]) -> str:  # "million", "seconds", "two": not "k", "s" or "a" written flush or alone
        return alternatives(w for w in ws if len(w) > 2)
    return re.compile(_NUMBER_PATTERN.format(words=alternatives(u.words), scales=spelled(u.scales),
                                             counts=spelled(u.words), durations=spelled(u.durations)), re.IGNORECASE)
_WORD = re.compile(r"[a-z]+|/|%|x\b|:")
_RATIO = re.compile(r"\s*:\s*1\b|[:/](\d{1,2})\b(?![./:]\d)")  # "100:1", and a split of a hundred: "80/20", "90:10"
_CLAUSE_END = re.compile(r"[,;!?\n=≈]|\.(?:\s|$)|\d")  # a quantity's unit and period never lie past these
MAX_NUMBERS = 200
_PERIOD_ADJECTIVES = frozenset({"daily", "hourly", "monthly", "yearly", "annually", "weekly", "annual"})


@dataclass(frozen=True)
class Number:
    """A quantity found in text: its value in base units, what it counts and per what period."""

    text: str
    value: float
    unit: str
    per: str
    start: int
    end: int
    each: str = ""  # what the figure is a share of ("user" in "2 tweets per user a day"); '' for a whole

    def as_json(self) -> dict[str, object]:
        value: float | int = int(self.value) if float(self.value).is_integer() and abs(self.value) < 1e18 else self.value
        return {"text": self.text, "value": value, "unit": self.unit or None, "per": self.per or None}

    @property
    def per_second(self) -> float | None:
        return self.value / PERIODS[self.per] if self.per else None


@dataclass(frozen=True)
class Units:
    """The unit vocabulary, read from question_banks/units.yaml."""

    scales: Mapping[str, float]
    bytes: Mapping[str, float]
    durations: Mapping[str, float]
    words: Mapping[str, float]
    rates: Mapping[str, tuple[str, str]]
    kinds: Mapping[str, str]
    periods: Mapping[str, str]
    per_words: frozenset[str]
    spans: frozenset[str]       # "for", "within": before "a"/"an", a stretch of time, not a rate
    currencies: frozenset[str]  # "$", "€": before a number, money
    shares: frozenset[str] = frozenset()  # "per", "each": before a noun that is not a period, one thing's share
    share_openers: frozenset[str] = frozenset()  # "each", "one": earlier in the clause, the same
    moments: frozenset[str] = frozenset()  # "peak", "average": a bare figure beside one is the rate before it


UNIT_SECTIONS = ("scales", "bytes", "durations", "words", "rates", "kinds", "periods", "per_words", "spans",
                 "currencies", "shares", "share_openers", "moments")


@lru_cache(maxsize=1)
def units() -> Units:
    """The unit vocabulary of the installed library (loaded once, from the on-disk cache when unchanged)."""
    from sdi.banks import builtin_root
    from sdi.cache import cached, content_key
    from sdi.yamlsource import read_yaml

    path = Path(builtin_root()) / "units.yaml"
    return cached("units", content_key([path]), lambda: parse_units(read_yaml(path), str(path)))


def parse_units(doc: Any, file: str) -> Units:
    """units.yaml as typed tables, or a DataError naming every bad entry at its line."""
    from sdi.errors import DataError
    from sdi.schema import Field

    problems: list[Problem] = []
    root = Field.root(doc, file, problems)
    root.mapping(UNIT_SECTIONS)
    def factors(key: str) -> dict[str, float]:
        return {word: value.number(minimum=0) for word, value in root.require(key).entries()}
    def words(key: str) -> dict[str, tuple[str, ...]]:
        return {name: value.texts() for name, value in root.require(key).entries()}
    rates = {}
    for word, value in root.require("rates").entries():
        pair = value.texts()
        if len(pair) != 2:
            value.problem("expected [what it counts, per period], e.g. [requests, second]")
        else:
            rates[word] = (pair[0], pair[1])
    kinds = {w + suffix: kind for kind, ws in words("kinds").items() for w in ws for suffix in ("", "s")}
    periods = {w: period for period, ws in words("periods").items() for w in ws}
    units = Units(factors("scales"), factors("bytes"), factors("durations"), factors("words"), rates, kinds, periods,
                  frozenset(root.require("per_words").texts()), frozenset(root.child("spans").texts()),
                  frozenset(root.child("currencies").texts()), frozenset(root.child("shares").texts()),
                  frozenset(root.child("share_openers").texts()), frozenset(root.child("moments").texts()))
    if problems:
        raise DataError(problems)
    return units


def _base_value(m: re.Match[str], u: Units) -> float:
    if m.group("base"):
        return float(int(m.group("base")) ** int(m.group("pow")))
    word = m.group("word") or m.group("span")
    if word:
        return u.words.get(word.lower(), 1.0)
    value = float(m.group("num").replace(",", ""))
    if m.group("exp"):
        value *= 10.0 ** int(m.group("exp"))
    return value


def read_numbers(text: str) -> tuple[Number, ...]:
    """Every quantity in text, in order."""
    u = units()
    out: list[Number] = []
    for m in _number_re().finditer(text):
        if len(out) >= MAX_NUMBERS:
            break
        if out and m.start() < out[-1].end:
            continue  # read already as part of the last quantity: the "hundred" of "a hundred thousand posts"
        value = _base_value(m, u)
        number = _read_tail(text, m.start(), m.end(), value, u)
        if number is not None and _sign_before(text, m.start()) in u.currencies:
            number = replace(number, unit="money")  # "$8k a month": a cost, whatever words follow
        if number is not None:
            share = "" if number.unit in ("ratio", "percent") else _share_of(text, m.start(), m.end(), number.end, u)
            number = replace(number, each=share) if share else number
            out.append(_rate_at_a_moment(text, number, out, u))
    return tuple(out)


SENTENCE_BREAK = re.compile(r"[.!?;\n](?:\s|$)")  # in raw text: a mark that ends a sentence (not "0.1", "e.g")
MOMENT_GAP = 60  # characters from a rate to a bare figure said of it at another moment
_MOMENT_AFTER = re.compile(r"\s*(?:(?:at|on|in|during)\s+)?(?:the\s+|an?\s+)?([a-z]+)")  # "350k [at] peak"
_MOMENT_BEFORE = re.compile(r"([a-z]+)(?:\s+(?:of|at|to|around|about|near|is|was|hits?|reaches))?\s*[~≈]?\s*$")  # "peak of 350k"


def _rate_at_a_moment(text: str, n: Number, before: list[Number], u: Units) -> Number:
    """A bare figure beside 'peak' or 'average', after a rate in its sentence, as that rate: in '115k per second
    on average, 350k at peak' the 350k is per second too. Ratios and percents between them are skipped over
    ('12k/s on average, 10x in a campaign, so 120k at peak')."""
    if n.unit or n.per:
        return n
    rate = next((p for p in reversed(before) if p.unit not in ("ratio", "percent")), None)
    if rate is None or not rate.per or n.start - rate.end > MOMENT_GAP or SENTENCE_BREAK.search(text, rate.end, n.start):
        return n
    after = _MOMENT_AFTER.match(text[n.end:n.end + 30].lower())
    leading = _MOMENT_BEFORE.search(text[max(rate.end, n.start - 30):n.start].lower())
    if not ((after and after.group(1) in u.moments) or (leading and leading.group(1) in u.moments)):
        return n  # the moment word must be the figure's own: "350k at peak", "peak of 350k"; "2,100 GPUs at peak" counts GPUs
    return replace(n, unit=rate.unit, per=rate.per, each=n.each or rate.each)


_CLAUSE_START = re.compile(r"[,;:!?()\n]|\.(?:\s|$)")
_NOT_SHARES = frozenset({"of", "the", "one", "single"})  # "each of the 50M users", "every one": a whole
_CLAUSE_WORDS = frozenset({"since", "because", "as", "so", "and", "but", "while", "when", "where", "which", "that",
                           "if", "with"})  # open a clause of their own: "200 TB a day since each file is 1 MB"


def _share_of(text: str, start: int, end: int, tail: int, u: Units) -> str:
    """What a figure is one thing's share of, so it is never taken for the whole system's: the noun after
    'per'/'each' in or just past its words ("2 tweets per user a day", "3k rps per server", "300 followers
    each") or the word after an 'each'/'one' earlier in its clause ("each creates 0.1 links a day"); '' when it
    is a whole ("200 TB a day since each file is 1 MB": that 'each' opens a clause of its own)."""
    past = _CLAUSE_END.split(text[tail:tail + 40], maxsplit=1)[0].lower()
    after = [w.group() for w in _WORD.finditer(text[end:tail].lower())] + \
        [w.group() for w in _WORD.finditer(past)][:2]
    for j, word in enumerate(after):
        if word in _CLAUSE_WORDS:
            break
        following = after[j + 1] if j + 1 < len(after) else ""
        if word not in u.shares or following in u.periods or following in _NOT_SHARES:
            continue
        if word == "each":
            return word
        if following.isalpha():
            return following
    clause = _CLAUSE_START.split(text[max(0, start - 60):start])[-1].lower()
    words = clause.split()
    if any(ch.isdigit() for ch in clause):
        return ""  # "500 bytes each, that is 4.5 TB": the 'each' is the earlier figure's
    for j in range(len(words) - 1):
        following = words[j + 1]
        if words[j] in u.share_openers and following.isalpha() and following not in u.periods \
                and following not in _NOT_SHARES:
            return following if following in u.kinds else words[j]
    return ""


def _sign_before(text: str, start: int) -> str:
    """The character before position start, past any spaces ("$ 8k"), or '' at the text's start; read
    backwards, so a long text is never copied for each of its numbers."""
    i = start - 1
    while i >= 0 and text[i].isspace():
        i -= 1
    return text[i] if i >= 0 else ""


def _read_tail(text: str, start: int, end: int, value: float, u: Units) -> Number | None:
    """Scale, unit and period after a number, consuming the words that name them."""
    rest = _CLAUSE_END.split(text[end:end + 60], maxsplit=1)[0].lower()
    ratio = _RATIO.match(text[end:end + 12])
    if ratio and (not ratio.group(1) or value + int(ratio.group(1)) == 100):
        share = int(ratio.group(1) or 1)  # "80/20" is four to one
        return Number(text[start:end + ratio.end()], value / share if share else value, "ratio", "", start,
                      end + ratio.end())
    words = [(w.group(), w.end()) for w in _WORD.finditer(rest)]
    unit, per, used, k = "", "", 0, 0
    def gap(i: int) -> bool:
        """Nothing but spaces (or a ~) between word i and what came before it."""
        return rest[words[i - 1][1] if i else 0:words[i][1] - len(words[i][0])].strip(" ~") == ""

    if k < len(words) and words[k][0] == "b" and _bare_bytes(text, end, words, k, value, u):
        value, unit, used, k = value, "bytes", words[k][1], k + 1
        return Number(text[start:end + used], value, unit, "", start, end + used)
    if k < len(words) and words[k][0] in u.scales and gap(k):
        value *= u.scales[words[k][0]]
        used, k = words[k][1], k + 1
        if k < len(words) and words[k][0] in u.scales and gap(k):
            value *= u.scales[words[k][0]]
            used, k = words[k][1], k + 1
    multiplies = re.match(r"[^\d]{0,12}?\bx\s*\d", text[end:end + 20].lower())  # "2 billion x 100 KB"
    if k < len(words) and words[k][0] == "x" and gap(k) and not multiplies:
        return Number(text[start:end + words[k][1]].strip(), value, "ratio", "", start, end + words[k][1])
    if k < len(words) and words[k][0] == "%" and gap(k):
        return Number(text[start:end + words[k][1]], value, "percent", "", start, end + words[k][1])
    if k < len(words) and words[k][0] in u.durations and gap(k):
        value *= u.durations[words[k][0]]
        return Number(text[start:end + words[k][1]], value, "seconds", "", start, end + words[k][1])
    if k < len(words) and words[k][0] in u.bytes and gap(k):
        value *= u.bytes[words[k][0]]
        unit, used, k = "bytes", words[k][1], k + 1
    if k < len(words) and words[k][0] in u.rates and gap(k):
        unit, per = u.rates[words[k][0]]
        used, k = words[k][1], k + 1
    if not unit:
        for j in range(k, min(k + 3, len(words))):
            if words[j][0] in u.kinds:
                unit, used, k = u.kinds[words[j][0]], words[j][1], j + 1
                break
            if words[j][0] in _PERIOD_ADJECTIVES and not per:  # "100M daily active users"
                per = u.periods[words[j][0]]
                continue
            if words[j][0] in u.per_words or words[j][0] in u.periods:
                break
        if not unit:
            per = ""  # "5M daily" alone: _read_per below reads the period and how far it reaches
    if not per:
        per, used = _read_per(words, k, used, u)
    if not unit and not per and value < 1 and "." not in text[start:end]:
        return None
    span_end = end + used
    return Number(" ".join(text[start:span_end].split()), value, unit, per, start, span_end)


def _bare_bytes(text: str, end: int, words: list[tuple[str, int]], k: int, value: float, u: Units) -> bool:
    """'300B' flush to an item-sized number, not counted or multiplied, is bytes; '1B x 500 bytes' is a billion."""
    attached = end < len(text) and text[end] == "B"
    counted = any(w in u.kinds or w in u.per_words or w in u.periods for w, _ in words[k + 1:k + 3])
    multiplied = bool(re.match(r"B\s*[x*×]", text[end:end + 4]))
    return attached and 8 <= value < 1000 and not counted and not multiplied


def _read_per(words: list[tuple[str, int]], k: int, used: int, u: Units) -> tuple[str, int]:
    for j in range(k, min(k + 5, len(words))):
        word = words[j][0]
        if word in u.per_words and j + 1 < len(words) and words[j + 1][0] in u.periods:
            if j > 0 and words[j - 1][0] in u.spans:  # "404 for a second": how long, not how often
                return "", used
            return u.periods[words[j + 1][0]], words[j + 1][1]
        if word in _PERIOD_ADJECTIVES:
            return u.periods[word], words[j][1]
    return "", used
