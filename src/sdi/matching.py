"""Finds the concepts an answer names: exact and typo-tolerant phrases, context rules and negation scope."""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Levenshtein

from sdi.model import Catalog, Concept, NumberRule, Pattern, WalkRule
from sdi.negation import NegationReader
from sdi.numbers import Number, read_numbers
from sdi.text import (BREAK_PUNCT, FULL_STOPS, LIST_ITEM, MAX_CHARS, RULE_MARKS, SENTENCE_END, Token, clean, clean_document,
                      phrase_index, phrase_stems, phrase_words, rule_stems, sentence_bounds, stem, tokens)

MIN_FUZZY = 5          # words shorter than this never match fuzzily
MAX_FUZZY = 30         # nor do longer ones (no real term is that long; a pasted blob must stay cheap)
MAX_DOCUMENT = 2_000_000  # characters of a document `sdi detect` reads
CUT_CHOICES = 50  # the latest line ends a document part may be cut at, to find one not inside a list
MIN_EDIT = 7           # a changed, missing or extra letter is tolerated only in long words; short ones allow a swap
UNLESS_WINDOW = 3
FIELD_REACH = 60   # tokens a field list may run to its ")"
FIELD_WORDS = 4    # words one field may take ("content_s3_key", "next fetch at")
OWNER_WINDOW = 6  # how far from a quantity a phrase may make it one thing's ("50 tokens per second for one user")
AMBIGUOUS = "__ambiguous__"
CUED = "ruled out by"  # how a credit earned by a concept's negation cues names its rule ("DMs: out" states the scope)
EARNED = "earned by"  # how a credit earned by another concept's credit names its rule (a feature named while scoping)


class Rule(NamedTuple):
    """One compiled way to recognise a concept: a phrase, a phrase needing context, or a set of words.

    A named tuple, not a dataclass: the catalog compiles to some fifteen thousand of them, and a tuple is
    made three times faster."""

    concept: str
    stems: tuple[str, ...]
    source: str
    kind: str = "term"            # term | near | pattern | number | names | fields | walk | ambiguous
    near: frozenset[str] = frozenset()
    window: int = 6
    ambiguous_ids: tuple[str, ...] = ()
    slots: tuple[frozenset[str], ...] = ()  # a pattern's words: each slot is filled by any one of its stems
                                            # (its `stems` are then the words of its one-word slots)


@dataclass(frozen=True)
class Mention:
    """A place in the answer where a rule matched."""

    concept: str
    first: int
    last: int
    score: float
    rule: Rule
    negated_by: str = ""
    distractor: str = ""
    anchor: int = -1  # the word whose negation counts (a pattern's first word; else the first word)
    tentative: bool = False  # only weighed ("I thought about a CDN"), not chosen
    item: bool = False  # all its clause says after a statement (a list item, an aside): a poorer quote


@dataclass(frozen=True)
class Credit:
    """A concept the answer earns, with the words that earned it."""

    id: str
    evidence: str
    start: int
    end: int
    score: float
    term: str


@dataclass(frozen=True)
class Negated:
    """A concept the answer names only to rule out or defer."""

    id: str
    evidence: str
    cue: str


@dataclass(frozen=True)
class Ambiguous:
    """A phrase that could mean any of several concepts."""

    ids: tuple[str, ...]
    evidence: str


@dataclass(frozen=True)
class Detection:
    """Everything the matcher read in one answer."""

    text: str
    concepts: tuple[Credit, ...]
    negated: tuple[Negated, ...]
    ambiguous: tuple[Ambiguous, ...]
    numbers: tuple[Number, ...]
    mentions: tuple[Mention, ...]
    tokens: tuple[Token, ...]
    scope: tuple[str, ...] = ()  # for each token, the cue that negates it ('' when none)
    elsewhere: tuple[str, ...] = ()  # matched, but the work of a phase the answer was not given in

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.concepts)


_PUNCT_MARKS = RULE_MARKS & BREAK_PUNCT  # the marks a pattern may ask for that are tokens of their own ("?", ":")


def _pattern_slots(pattern: Pattern) -> tuple[frozenset[str], ...]:
    """A pattern's slots as stems: a word of several ("load balancer") is a slot per word."""
    out: list[frozenset[str]] = []
    for slot in pattern.words:
        if len(slot) == 1:
            out += [frozenset((s,)) for s in rule_stems(slot[0])]
        else:
            out.append(frozenset(s for w in slot for s in rule_stems(w)))
    return tuple(s for s in out if s)


def _fills(slot: frozenset[str], positions: Mapping[str, list[int]]) -> list[tuple[int, str]]:
    """Where the words that fill a pattern slot stand in the answer, in reading order."""
    if len(slot) == 1:
        (s,) = slot
        return [(q, s) for q in positions.get(s, ())]
    return sorted((q, s) for s in slot for q in positions.get(s, ()))


def _rarest(slots: tuple[frozenset[str], ...]) -> frozenset[str]:
    """The slot whose words are rarest in answers: a single word before a choice, then the longest word."""
    return max(slots, key=lambda slot: (len(slot) == 1, max(len(s) for s in slot)))


def _merged_pairs(toks: list[Token]) -> list[str]:
    """For each word, the stem of it joined to the next, when two words may be one term written apart ("data
    base", "web socket"), else ''; a lone letter may not ("R+W>N at" is not NATS). One pass, no calls per
    pair: it runs over every answer."""
    words = [t.raw if not t.is_punct and len(t.raw) > 1 else "" for t in toks]
    return [stem(a + b) if a and b else "" for a, b in zip(words, words[1:])] + [""] * min(1, len(toks))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Keep the cycle collector out of a burst of allocations that it would scan in vain, then restore it."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class Matcher:
    """A catalog compiled for fast matching; build once, call detect for every answer."""

    def __init__(self, catalog: Catalog, concepts: Mapping[str, Concept] | None = None) -> None:
        with _collector_paused():  # tens of thousands of long-lived objects and no cycles: nothing to collect
            self._compile(catalog, concepts)

    def _compile(self, catalog: Catalog, concepts: Mapping[str, Concept] | None) -> None:
        self.catalog = catalog
        self.concepts = dict(concepts if concepts is not None else catalog.concepts)
        self.abbreviations = catalog.abbreviations
        self.exact_only = frozenset(stem(w) for w in catalog.exact_only) | catalog.exact_only
        self.rules: dict[str, dict[str, list[Rule]]] = {}
        self.joined: set[str] = set()
        self.patterns: list[Rule] = []
        self.pattern_index: dict[str, list[Rule]] = {}
        self.number_rules: list[tuple[Rule, NumberRule]] = []
        self.name_rules: list[tuple[Rule, frozenset[str], frozenset[str], int]] = []  # rule, heads, not names, how many
        self.field_rules: list[tuple[Rule, int]] = []  # rule, how many fields
        self.walk_rules: list[tuple[Rule, WalkRule, frozenset[str]]] = []  # rule, walk, stems of its moves
        self.unless: dict[str, frozenset[str]] = {}
        self.vocab: dict[str, str] = {}
        deletes: dict[str, list[str]] = defaultdict(list)
        self._resolved: dict[str, dict[str, float]] = {}
        for concept in self.concepts.values():
            self._compile_concept(concept)
        for amb in catalog.ambiguous:
            ids = tuple(i for i in amb.ids if i in self.concepts)
            if len(ids) > 1:
                for term in amb.terms:
                    self._add_phrase(Rule(AMBIGUOUS, phrase_stems(term), term, "ambiguous", ambiguous_ids=ids),
                                     term)
        self.negation = NegationReader(catalog.negation)
        for word in sorted(w for w in self.vocab if len(w) >= MIN_FUZZY - 1):  # sorted: each list comes out sorted
            for variant in _deletes(word):
                deletes[variant].append(word)
        # tuples, not sets: a cached matcher loads several times faster, and lookups only iterate them
        self._deletes: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in deletes.items()}

    # ------------------------------------------------------------ compiling

    def _compile_concept(self, concept: Concept) -> None:
        for term in concept.terms:
            self._add_phrase(Rule(concept.id, phrase_stems(term), term), term)
        for near in concept.near_terms:
            near_stems = frozenset(s for w in near.near for s in rule_stems(w))
            self._add_phrase(Rule(concept.id, phrase_stems(near.term), near.term, "near", near_stems, near.window),
                             near.term)
        for pattern in concept.patterns:
            slots = _pattern_slots(pattern)
            if slots:
                required = tuple(next(iter(slot)) for slot in slots if len(slot) == 1)  # checked first: cheapest
                rule = Rule(concept.id, required, pattern.label, "pattern", window=pattern.window, slots=slots)
                self.patterns.append(rule)
                for s in _rarest(slots):  # only answers with the rarest slot's words are checked
                    self.pattern_index.setdefault(s, []).append(rule)
                for s in (s for slot in slots for s in slot):
                    self.vocab.setdefault(s, s)
        for nr in concept.numbers:
            context = frozenset(s for w in nr.near for s in phrase_stems(w))
            label = f"a quantity ({nr.unit}{' per ' + '/'.join(nr.per) if nr.per else ''})"
            self.number_rules.append((Rule(concept.id, (), label, "number", context, nr.window), nr))
        for names in concept.names:
            heads = frozenset(s for w in names.heads for s in rule_stems(w))
            rule = Rule(concept.id, (), f"{names.distinct} different named {names.heads[0]}s", "names")
            self.name_rules.append((rule, heads, frozenset(w.lower() for w in names.unless), names.distinct))
        for walk in concept.walks:
            label = f"a path through {walk.parts_at_least} or more parts"
            moves = frozenset(s for w in walk.moves for s in rule_stems(w))
            self.walk_rules.append((Rule(concept.id, (), label, "walk"), walk, moves))
        if concept.fields:
            self.field_rules.append((Rule(concept.id, (), f"a list of {concept.fields} or more fields", "fields"),
                                     concept.fields))
        if concept.unless_near:
            self.unless[concept.id] = frozenset(s for w in concept.unless_near for s in phrase_stems(w))

    def _add_phrase(self, rule: Rule, source: str) -> None:
        if not rule.stems:
            return
        self._index(rule.stems[0], rule.stems[1] if len(rule.stems) > 1 else "", rule)
        words = phrase_words(source)[0]
        for raw, s in zip(words, rule.stems):
            self.vocab.setdefault(s, s)
            self.vocab.setdefault(raw, s)
        if len(rule.stems) > 1:
            joined = stem("".join(words))
            self._index(joined, "", Rule(rule.concept, (joined,), rule.source, rule.kind, rule.near, rule.window,
                                         rule.ambiguous_ids))
            self.joined.add(joined)  # "loadbalancer" matches exactly, never as a typo of something else

    def _index(self, first: str, second: str, rule: Rule) -> None:
        self.rules.setdefault(first, {}).setdefault(second, []).append(rule)

    # ------------------------------------------------------------ reading one token

    def resolve(self, token: Token) -> dict[str, float]:
        """The vocabulary stems a token can stand for, with how well it matches each (100 = exactly)."""
        cached = self._resolved.get(token.raw)
        if cached is not None:
            return cached
        found: dict[str, float] = {}
        if token.stem in self.joined:
            found[token.stem] = 100.0
        if token.stem in self.vocab:
            found[token.stem] = 100.0
        elif token.raw in self.vocab:
            found[self.vocab[token.raw]] = 100.0
        elif (MIN_FUZZY <= len(token.raw) <= MAX_FUZZY and token.raw.isalpha() and token.raw not in self.exact_only
              and token.stem not in self.exact_only):
            for word in self._fuzzy_neighbours(token.raw):
                if _close_enough(token.raw, word):
                    target = self.vocab[word]
                    found[target] = max(found.get(target, 0.0), float(fuzz.ratio(token.raw, word)))
        if len(self._resolved) < 50_000:
            self._resolved[token.raw] = found
        return found

    def _fuzzy_neighbours(self, raw: str) -> set[str]:
        out: set[str] = set()
        for variant in (raw, *_deletes(raw)):
            out.update(self._deletes.get(variant, ()))
            if variant in self.vocab:
                out.add(variant)
        return out

    # ------------------------------------------------------------ detection

    def detect_document(self, text: str, only: Iterable[str] | None = None,
                        limit: int = MAX_DOCUMENT, phases: Collection[str] = ()) -> Detection:
        """Detection over a whole document (a design write-up), read in paragraph-sized parts and merged."""
        text = clean_document(text[:limit])
        if len(text) <= MAX_CHARS:
            return self.detect(text, only, phases)
        only = list(only) if only is not None else None
        parts = [(start, self.detect(chunk, only, phases)) for start, chunk in chunks(text, MAX_CHARS)]
        return merge(text, parts)

    def detect(self, text: str, only: Iterable[str] | None = None, phases: Collection[str] = ()) -> Detection:
        """Concepts credited, negated and ambiguous in text (restricted to `only` ids when given).

        With `phases` (the phases the answer was given in), concepts bound to other phases are not earned.
        """
        if phases:
            return earned_in(self.detect(text, only), self.concepts, phases)
        text = clean(text)
        toks = tokens(text, self.abbreviations)
        resolved = [self.resolve(t) if not t.is_punct else {} for t in toks]
        numbers = read_numbers(text)
        loose: list[Mention] = []
        negation = self.negation.scopes(toks)
        mentions = (self._phrase_mentions(toks, resolved, loose) + self._pattern_mentions(toks, resolved)
                    + self._number_mentions(toks, numbers) + self._name_mentions(toks, negation)
                    + self._field_mentions(text, toks))
        tentative = self.negation.tentative(toks)
        allowed = set(only) if only is not None else None
        kept: list[Mention] = []
        for m in mentions:
            if allowed is not None and m.concept != AMBIGUOUS and m.concept not in allowed:
                continue
            distractor = m.distractor or self._distractor(m, toks)
            anchor = m.anchor if m.anchor >= 0 else m.first
            cue = negation[anchor] if self._negatable(m) else ""
            role = self.negation.clause_role(toks, m.first, m.last)
            weighed = tentative[anchor] or role == "topic"
            kept.append(Mention(m.concept, m.first, m.last, m.score, m.rule, cue, distractor, anchor, weighed,
                                role == "item"))
        kept += self._rejections(loose, kept, negation, tentative)
        kept += self._walk_mentions(toks, kept)
        kept.sort(key=lambda m: (m.first, m.last, m.concept))
        kept = self._reasons_against(toks, kept)
        return self._summarise(text, toks, kept, numbers, tuple(negation))

    def _rejections(self, loose: list[Mention], kept: list[Mention], negation: list[str],
                    tentative: list[bool]) -> list[Mention]:
        """Short words ruled out after the answer weighed their concept: "I considered Kafka ... so no queue
        there". "queue" needs context to mean a message queue, and the answer has already given it."""
        named = {m.concept for m in kept if not m.distractor and not m.negated_by and tentative[m.anchor]}
        return [Mention(m.concept, m.first, m.last, m.score, m.rule, negation[m.first], "", m.first)
                for m in loose if m.concept in named and negation[m.first] and self._negatable(m)]

    def _reasons_against(self, toks: list[Token], mentions: list[Mention]) -> list[Mention]:
        """Mentions inside the reason an answer gives for ruling their idea out are ruled out too: "I'd skip
        the CDN, because an edge cache would hide the clicks" does not earn the CDN back."""
        ruled: dict[str, list[Mention]] = {}  # the negated mentions read so far, by concept
        out: list[Mention] = []
        for m in mentions:  # in reading order
            if m.distractor:
                out.append(m)
                continue
            if m.negated_by:
                ruled.setdefault(m.concept, []).append(m)
            earlier = next((n for n in ruled.get(m.concept, ()) if not m.negated_by and n.last < m.first
                            and self.negation.explains(toks, n.last, m.first)), None)
            out.append(replace(m, negated_by=earlier.negated_by) if earlier else m)
        return out

    def _negatable(self, m: Mention) -> bool:
        concept = self.concepts.get(m.concept)
        return concept.negatable if concept else True

    def _phrase_mentions(self, toks: list[Token], resolved: list[dict[str, float]],
                         loose: list[Mention]) -> list[Mention]:
        """Every term and context-bound term that matches; context-bound ones without context go to `loose`.
        Hot: runs over every word of every answer, so it iterates the dictionaries it has rather than building
        lists of candidates (same order as: heads by how the word resolves, then each possible second word)."""
        n = len(toks)
        merged = _merged_pairs(toks)
        rules = self.rules
        out: list[Mention] = []
        seen: set[tuple[str, int, int, str]] = set()
        stems: list[str] | None = None  # the answer's stems, built once a context-bound rule needs them
        for i in range(n):
            heads = [s for s in resolved[i] if s in rules]
            if merged[i] in rules:
                heads.append(merged[i])
            for h, first in enumerate(heads):
                by_second = rules[first]
                nxt = i + 1 if h < len(heads) - (merged[i] in rules) else i + 2
                seconds: Iterable[str] = ("",)
                if nxt < n:
                    seconds = ("", *resolved[nxt], merged[nxt]) if merged[nxt] else ("", *resolved[nxt])
                for second in seconds:
                    bucket = by_second.get(second)
                    if bucket is None:
                        continue
                    for rule in bucket:
                        end_score = self._match_from(rule.stems, toks, resolved, merged, i)
                        if end_score is None:
                            continue
                        last, score = end_score
                        if rule.kind == "near":
                            if stems is None:
                                stems = [t.stem for t in toks]
                            if not _near_in(rule, stems, i, last):
                                loose.append(Mention(rule.concept, i, last, score, rule))
                                continue
                        key = (rule.concept, i, last, rule.source)
                        if key not in seen:
                            seen.add(key)
                            out.append(Mention(rule.concept, i, last, score, rule))
        return out

    def _match_from(self, stems: tuple[str, ...], toks: list[Token], resolved: list[dict[str, float]],
                    merged: list[str], i: int) -> tuple[int, float] | None:
        """Where a phrase starting at token i ends and how well it matched, or None."""
        pos, total = i, 0.0
        for s in stems:
            if pos >= len(toks):
                return None
            score = resolved[pos].get(s)
            if score is not None:
                total += score
                pos += 1
            elif merged[pos] == s:
                total += 100.0
                pos += 2
            else:
                return None
        return pos - 1, total / len(stems)

    def _pattern_mentions(self, toks: list[Token], resolved: list[dict[str, float]]) -> list[Mention]:
        positions: dict[str, list[int]] = defaultdict(list)
        for i, found in enumerate(resolved):
            for s in found:
                positions[s].append(i)
            if toks[i].raw in _PUNCT_MARKS:
                positions[toks[i].raw].append(i)
        out = []
        candidates = dict.fromkeys(r for s in positions for r in self.pattern_index.get(s, ()))  # ordered, no set
        sentence = _sentence_numbers(toks) if candidates else []
        has = positions.__contains__
        for rule in candidates:
            if not all(map(has, rule.stems)):
                continue  # the common case: a single word missing, found before any list is built
            fills_by_slot = [_fills(slot, positions) for slot in rule.slots]
            if not all(fills_by_slot):
                continue
            for p, first in fills_by_slot[0]:
                spots, scores = [p], [resolved[p].get(first, 100.0)]
                for fills in fills_by_slot[1:]:  # the words of one idea, so in one sentence
                    near = [(q, s) for q, s in fills if abs(q - p) <= rule.window and q not in spots
                            and sentence[q] == sentence[p]]
                    if not near:
                        break
                    q, s = min(near, key=lambda qs: abs(qs[0] - p))
                    spots.append(q)
                    scores.append(resolved[q].get(s, 100.0))
                else:
                    out.append(Mention(rule.concept, min(spots), max(spots), sum(scores) / len(spots), rule, anchor=p))
                    break
        return out

    def _number_mentions(self, toks: list[Token], numbers: tuple[Number, ...]) -> list[Mention]:
        out = []
        stems = [t.stem for t in toks] if numbers else []
        for n in numbers:
            span = [i for i, t in enumerate(toks) if t.start < n.end and t.end > n.start]
            if not span:
                continue
            first, last = span[0], span[-1]
            for rule, nr in self.number_rules:
                if not _unit_fits(n, nr) or (rule.near and not _near_in(rule, stems, first, last)):
                    continue
                out.append(Mention(rule.concept, first, last, 100.0, rule, distractor=self._owner(nr, toks, first, last)))
        return out

    def _name_mentions(self, toks: list[Token], negation: list[str]) -> list[Mention]:
        """Where the answer has named enough different things of one kind ("the post service writes ... the feed
        service reads ..."): one mention, at the name that completes the count. Names ruled out do not count."""
        out = []
        for rule, heads, not_names, distinct in self.name_rules:
            seen: set[str] = set()
            for i in range(1, len(toks)):
                name = toks[i - 1]
                if (toks[i].stem not in heads or not name.raw.isalpha() or name.raw in not_names
                        or name.stem in heads or negation[i - 1] or name.raw in seen):
                    continue
                seen.add(name.raw)
                if len(seen) == distinct:
                    out.append(Mention(rule.concept, i - 1, i, 100.0, rule))
                    break
        return out

    def _walk_mentions(self, toks: list[Token], kept: list[Mention]) -> list[Mention]:
        """Where the answer walks a request through enough of the design's parts, moving it along as it goes: one
        mention, at the part that completes the count. Parts ruled out, only weighed or in another sense do not
        count."""
        out: list[Mention] = []
        for rule, walk, moves in self.walk_rules:
            seen: dict[str, Mention] = {}  # each part, where the answer first names it
            for m in kept:
                if m.concept in walk.parts and not (m.negated_by or m.distractor or m.tentative) and (
                        m.concept not in seen or m.first < seen[m.concept].first):
                    seen[m.concept] = m
            if len(seen) < walk.parts_at_least or sum(t.stem in moves for t in toks) < walk.moves_at_least:
                continue
            completing = sorted(seen.values(), key=lambda m: m.first)[walk.parts_at_least - 1]
            out.append(Mention(rule.concept, completing.first, completing.last, 100.0, rule))
        return out

    def _called(self, text: str, toks: list[Token], i: int) -> bool:
        """Whether the "(" at token i opens a call's arguments: glued to a calling word or a camelCase name
        ("put(key, value)", "shouldAllow(key, rule, cost)"), not to a table ("users(id, email)")."""
        if not i or toks[i - 1].end != toks[i].start:
            return False
        name = text[toks[i - 1].start:toks[i - 1].end]
        return toks[i - 1].raw in self.catalog.calls or any(c.isupper() for c in name[1:])

    def _field_mentions(self, text: str, toks: list[Token]) -> list[Mention]:
        """Parenthesised lists of short named items ("users(id, email, created_at)"): the fields of an entity, unless
        they are a call's arguments."""
        if not self.field_rules:
            return []
        out: list[Mention] = []
        for i, tok in enumerate(toks):
            if tok.raw == "(" and not self._called(text, toks, i):
                close, items = _field_list(toks, i)
                out.extend(Mention(rule.concept, i, close, 100.0, rule) for rule, fields in self.field_rules
                           if items >= fields)
        return out

    def _owner(self, nr: NumberRule, toks: list[Token], first: int, last: int) -> str:
        """The phrase that makes a quantity one thing's rather than the system's ("1 ping/s per device")."""
        if not nr.unless:
            return ""
        def bound(k: int) -> bool:  # another clause or another quantity: the phrase is not about this one
            return toks[k].raw in BREAK_PUNCT or toks[k].raw[:1].isdigit()

        lo = first
        while lo > 0 and first - lo < OWNER_WINDOW and not bound(lo - 1):
            lo -= 1
        hi = last
        while hi + 1 < len(toks) and hi - last < OWNER_WINDOW and not bound(hi + 1):
            hi += 1
        index = phrase_index(nr.unless)
        before, after = toks[:first], toks[:hi + 1]  # a phrase before the quantity must end where it starts
        for j in (*range(lo, first), *range(last + 1, hi + 1)):
            hit = index.at(before if j < first else after, j)
            if hit:
                return hit[1]
        return ""

    def _distractor(self, m: Mention, toks: list[Token]) -> str:
        words = self.unless.get(m.concept)
        if not words or m.rule.kind == "fields":  # a field list's shape is its sense
            return ""
        lo, hi = max(0, m.first - UNLESS_WINDOW), min(len(toks), m.last + UNLESS_WINDOW + 1)
        for j in range(lo, hi):
            if toks[j].stem in words and not _full_stop_between(toks, j, m.first, m.last):
                return toks[j].raw  # checked only on a hit: most mentions have none nearby
        return ""

    # ------------------------------------------------------------ summary

    def _summarise(self, text: str, toks: list[Token], mentions: list[Mention], numbers: tuple[Number, ...],
                   scope: tuple[str, ...]
                   ) -> Detection:
        best: dict[str, Mention] = {}
        negated: dict[str, Mention] = {}
        for m in mentions:
            if m.concept == AMBIGUOUS or m.distractor:
                continue
            if m.negated_by:
                negated.setdefault(m.concept, m)
            elif m.concept not in best or ((best[m.concept].tentative, best[m.concept].item, m.score)
                                           > (m.tentative, m.item, best[m.concept].score)):
                best[m.concept] = m
        for cid in [c for c, m in best.items() if m.tentative and c in negated]:
            del best[cid]  # weighed, then ruled out: "I thought about a CDN, but I'd skip it"
        credits = tuple(self._credit(text, toks, m) for m in sorted(best.values(), key=lambda m: (m.first, m.concept)))
        negs = tuple(Negated(cid, _evidence(text, toks, m)[0], m.negated_by)
                     for cid, m in sorted(negated.items(), key=lambda kv: (kv[1].first, kv[0])) if cid not in best)
        ambiguous = []
        for m in mentions:
            if m.concept == AMBIGUOUS and not m.negated_by and not any(i in best for i in m.rule.ambiguous_ids):
                covered = any(o.concept != AMBIGUOUS and o.first <= m.first and o.last >= m.last for o in mentions)
                if not covered:
                    ambiguous.append(Ambiguous(m.rule.ambiguous_ids, _evidence(text, toks, m)[0]))
        return Detection(text, credits, negs, tuple(dict.fromkeys(ambiguous)), numbers, tuple(mentions), tuple(toks),
                         scope)

    def _credit(self, text: str, toks: list[Token], m: Mention) -> Credit:
        evidence, start, end = _evidence(text, toks, m)
        return Credit(m.concept, evidence, start, end, round(m.score, 1), m.rule.source)


def _near_in(rule: Rule, stems: list[str], first: int, last: int) -> bool:
    """Whether a context word stands within the rule's window on either side of the mention (set tests on the
    two slices: this runs for every context-bound hit)."""
    lo, hi = max(0, first - rule.window), min(len(stems), last + rule.window + 1)
    return not rule.near.isdisjoint(stems[lo:first]) or not rule.near.isdisjoint(stems[last + 1:hi])


def _sentence_numbers(toks: list[Token]) -> list[int]:
    """For each token, which sentence it is in (a sentence's closing mark belongs to it)."""
    out, n = [], 0
    for t in toks:
        out.append(n)
        n += t.raw in FULL_STOPS
    return out


def _evidence(text: str, toks: list[Token], m: Mention, reach: int = 8) -> tuple[str, int, int]:
    """The clause around a mention: the quote a scorecard shows for it."""
    lo, end = sentence_bounds(toks, m.first, m.last + 1, reach)
    hi = end - 1
    while 0 < lo < m.first and toks[lo].start == toks[lo - 1].end:
        lo -= 1  # never start inside a word ("2.1M" is two tokens)
    while m.last < hi < len(toks) - 1 and toks[hi + 1].start == toks[hi].end:
        hi += 1
    while lo < m.first and toks[lo].is_punct:
        lo += 1
    while hi > m.last and toks[hi].is_punct:
        hi -= 1
    start, end = toks[lo].start, toks[hi].end
    return " ".join(text[start:end].split()), start, end


_COUNTS = frozenset({"", "requests", "items", "messages"})


def _full_stop_between(toks: list[Token], j: int, first: int, last: int) -> bool:
    """Whether a full stop stands between token j and a mention from first to last ("ten million customers.
    Orders go onto a Kafka queue": the customers are another sentence's)."""
    span = range(j + 1, first) if j < first else range(last + 1, j)
    return any(toks[k].raw in FULL_STOPS for k in span)


def _field_list(toks: list[Token], i: int) -> tuple[int, int]:
    """(index of the ")", number of items) of a list of short named items opening at the "(" at token i, or
    (i, 0): "(url_hash, url, host, next_fetch_at)" lists fields, "(2, 3, 5)" and "(a long aside, about x)" do not."""
    items, words, named = 0, 0, False
    for j in range(i + 1, min(len(toks), i + FIELD_REACH)):
        raw = toks[j].raw
        if raw in (",", ")"):
            if not (0 < words <= FIELD_WORDS and named):
                return i, 0
            items, words, named = items + 1, 0, False
            if raw == ")":
                return j, items
        elif toks[j].is_punct or raw in SENTENCE_END:
            return i, 0
        else:
            words += 1
            named = named or raw[:1].isalpha()
    return i, 0


def _unit_fits(n: Number, rule: NumberRule) -> bool:
    """Whether a quantity has the unit and period a number rule asks for."""
    if rule.unit == "count":
        unit_ok = n.unit in _COUNTS
    else:
        unit_ok = rule.unit == "any" or n.unit == rule.unit
    return unit_ok and (not rule.per or (n.per or "none") in rule.per)


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def _close_enough(raw: str, word: str) -> bool:
    """One slip of the keyboard: two letters swapped ("cahce"), or in long words one letter changed, missing or extra.

    Short words allow only the swap: "risky" is not a typo of "risk", nor "shared" of "shard".
    """
    if OSA.distance(raw, word, score_cutoff=1) > 1:
        return False
    swapped = len(raw) == len(word) and Levenshtein.distance(raw, word) == 2
    return swapped or min(len(raw), len(word)) >= MIN_EDIT


def chunks(text: str, size: int) -> list[tuple[int, str]]:
    """(offset, part) pieces of at most `size` characters, cut at paragraph, line or sentence ends, and not
    before a list item when another end will do (a label such as "Out of scope:" reaches the items below it)."""
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            end = _cut(text, start + size // 2, end) or end
        out.append((start, text[start:end]))
        start = end
    return out


def _cut(text: str, lo: int, hi: int) -> int:
    """Where to end a part between lo and hi: after the last paragraph, line or sentence end there, preferring
    one not followed by a list item; 0 when there is none."""
    for mark in ("\n\n", "\n", ". "):
        cuts: list[int] = []
        at = text.rfind(mark, lo, hi)
        while at >= 0 and len(cuts) < CUT_CHOICES:
            cuts.append(at + len(mark))
            at = text.rfind(mark, lo, at)
        if cuts:
            return next((c for c in cuts if not LIST_ITEM.match(text, c)), cuts[0])
    return 0


def _shift(t: Token, by: int) -> Token:
    return Token(t.raw, t.stem, t.start + by, t.end + by)


def merge(text: str, parts: list[tuple[int, Detection]]) -> Detection:
    """One detection from the detections of consecutive parts of a text (offsets made document-wide)."""
    toks: list[Token] = []
    scope: list[str] = []
    mentions: list[Mention] = []
    credits: dict[str, Credit] = {}
    negated: dict[str, Negated] = {}
    ambiguous: list[Ambiguous] = []
    numbers: list[Number] = []
    for offset, det in parts:
        base = len(toks)
        toks += [_shift(t, offset) for t in det.tokens]
        scope += det.scope
        mentions += [Mention(m.concept, m.first + base, m.last + base, m.score, m.rule, m.negated_by, m.distractor,
                             m.anchor + base if m.anchor >= 0 else -1) for m in det.mentions]
        for c in det.concepts:
            credits.setdefault(c.id, Credit(c.id, c.evidence, c.start + offset, c.end + offset, c.score, c.term))
        for n in det.negated:
            negated.setdefault(n.id, n)
        ambiguous += [a for a in det.ambiguous if a not in ambiguous]
        numbers += [replace(n, start=n.start + offset, end=n.end + offset) for n in det.numbers]
    ordered = tuple(sorted(credits.values(), key=lambda c: c.start))
    return Detection(text, ordered, tuple(n for cid, n in negated.items() if cid not in credits),
                     tuple(a for a in ambiguous if not set(a.ids) & set(credits)), tuple(numbers),
                     tuple(mentions), tuple(toks), tuple(scope))


def earned_in(det: Detection, concepts: Mapping[str, Concept], phases: Collection[str], given: str = "") -> Detection:
    """The detection as an answer given in these phases earns it: less credits for another phase's work (a table
    named in the deep dive is not the data model), plus concepts its own negations state ("DMs: out" scopes), and
    concepts other credits earn when the answer was given in their own phase (`given`; default: the only phase)."""
    def earned(cid: str) -> bool:
        bound = concepts[cid].phases if cid in concepts else ()
        return not bound or any(p in phases for p in bound)
    kept = tuple(c for c in det.concepts if earned(c.id))
    cued = tuple(_cued_credits(det, concepts, phases, {c.id for c in kept}))
    given = given or (next(iter(phases)) if len(phases) == 1 else "")
    cued += tuple(_earned_credits(kept, concepts, {c.id for c in kept + cued} | {n.id for n in det.negated}, given))
    if len(kept) == len(det.concepts) and not cued:
        return det
    scoped = {c.id for c in cued}
    return replace(det, concepts=tuple(sorted(kept + cued, key=lambda c: c.start)),
                   negated=tuple(n for n in det.negated if n.id not in scoped),
                   elsewhere=tuple(c.id for c in det.concepts if c not in kept))


def _cued_credits(det: Detection, concepts: Mapping[str, Concept], phases: Collection[str],
                  have: set[str]) -> Iterator[Credit]:
    """Concepts earned by what the answer rules out in their phase ("Out: DMs, ads" states the scope; so does
    "no accounts, no dashboard", where one cue rules out two things)."""
    for cid, concept in concepts.items():
        if not (concept.cues or concept.list_cues) or cid in have or concept.phase not in phases:
            continue
        at = next((k for k, cue in enumerate(det.scope) if cue in concept.cues), -1)
        if at < 0:
            at = _second_ruling(det.scope, concept.list_cues)
        if at >= 0:
            lo, hi = sentence_bounds(det.tokens, at, at + 1, 8)
            start, end = det.tokens[lo].start, det.tokens[hi - 1].end
            yield Credit(cid, " ".join(det.text[start:end].split()), start, end, 100.0, f"{CUED} '{det.scope[at]}'")


def _earned_credits(kept: tuple[Credit, ...], concepts: Mapping[str, Concept], have: set[str],
                    given: str) -> Iterator[Credit]:
    """Concepts earned by another concept's credit in an answer given in their own phase, unless the answer rules
    them out: a product feature named while scoping ("do we need read receipts?") is a feature listed, so it earns
    the functional requirements; the same feature sized in the estimate or built in the design does not."""
    for cid, concept in concepts.items():
        if not concept.earned_by or cid in have or given != concept.phase:
            continue
        by = next((c for c in kept if c.id in concept.earned_by), None)
        if by:
            yield Credit(cid, by.evidence, by.start, by.end, by.score, f"{EARNED} '{by.id}'")


def _second_ruling(scope: tuple[str, ...], cues: tuple[str, ...]) -> int:
    """Where one of these cues starts ruling out a second thing ("no accounts, [no] dashboard"), or -1."""
    starts = [k for k, cue in enumerate(scope) if cue in cues and (k == 0 or scope[k - 1] != cue)]
    return starts[1] if len(starts) > 1 else -1


def detection_json(det: Detection, bank: str | None, phase: str | None) -> dict[str, object]:
    """The `sdi detect --json` record of a detection (shape fixed in interfaces.md)."""
    return {
        "bank": bank, "phase": phase,
        "concepts": [{"id": c.id, "evidence": c.evidence, "start": c.start, "end": c.end, "score": c.score}
                     for c in det.concepts],
        "negated": [{"id": n.id, "evidence": n.evidence} for n in det.negated],
        "ambiguous": [{"ids": list(a.ids), "evidence": a.evidence} for a in det.ambiguous],
        "numbers": [n.as_json() for n in det.numbers],
    }
