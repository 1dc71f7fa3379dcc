"""Turns free text into comparable tokens (with their offsets) the same way for answers and for catalog terms."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

_MARKER = r"[ \t]*(?:[-*+•▪‣◦]|\d{1,2}[.)])"  # a list marker: "- ", "* ", "2. ", "3) "
LIST_ITEM = re.compile(_MARKER + r"[ \t]")  # a line that opens with one is a list item
_TOKEN = re.compile(r"(?P<target>\]\([^\s()]*\))|(?P<bullet>(?<![^\n])" + _MARKER + r"(?=[ \t]))"
                    r"|(?P<path>(?<![\w/])/[\w{}:.\-]+(?:/[\w{}:.\-]*)*)|(?P<arrow>->|=>|→|⟶)"
                    r"|\d+(?:[.,:]\d+)+|[^\W_]+(?:'[^\W_]+)?|[.,;:!?()<>=]|\n|(?P<dash>[—–]|(?<=\s)--?(?=\s))")
ARROW = "->"  # every arrow reads as this token: "client -> LB -> app" is a flow the catalog can name
_PATH_WORD = re.compile(r"[^\W_]+")
PATH_TOKEN = "endpoint"  # a URL path ("/api/v1/urls") reads as this word followed by the path's own words
_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head"})  # path segments are nouns, never HTTP verbs
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_PLAIN_PHRASE = re.compile(r"[a-z]+(?: [a-z]+)*")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")
DASH = "—"  # a spaced dash or an em/en dash reads as this token: a clause break in speech ("a cache — no")
BULLET = "•"  # a list marker opening a line ("- ", "* ", "2. ") reads as this token: an item starts
BREAK_PUNCT = frozenset(".,;:!?()\n" + DASH + BULLET)
MAX_CHARS = 20_000


@dataclass(frozen=True, slots=True)
class Token:
    """One word (or clause punctuation) of the input, with where it came from."""

    raw: str
    stem: str
    start: int
    end: int

    @property
    def is_punct(self) -> bool:
        return self.raw in BREAK_PUNCT


def clean(text: str) -> str:
    """Text safe to show and to match: NFKC, no control or bidi-override characters, bounded length."""
    return clean_document(text)[:MAX_CHARS]


def clean_document(text: str) -> str:
    """Like clean, for a whole document: no length bound (callers read it in parts)."""
    if not text.isascii():  # NFKC changes nothing in ASCII (and unicodedata costs start-up time)
        import unicodedata

        text = unicodedata.normalize("NFKC", text)
    text = text.translate(_APOSTROPHES)
    return _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\t", " "))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light stem so caches/caching/cached meet; deliberately crude and predictable."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    elif word.endswith("ed") and len(word) > 4:
        word = word[:-2]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    return word


def tokens(text: str, abbreviations: Mapping[str, tuple[str, ...]] | None = None) -> list[Token]:
    """The tokens of already-cleaned text; abbreviations expand in place and keep the original span (a key in
    capitals expands only a word written in capitals: "REST" is the API style, "the rest" is not)."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup  # None for a plain word, number or mark: most tokens, read below without a lookup
        if kind == "target":
            continue  # a link's address ("[Sharding](https://...#sharding)"): its text says it, the address repeats it
        if kind == "bullet":
            out.append(Token(BULLET, BULLET, m.end() - 1, m.end()))
            continue
        if kind == "path":
            out.append(Token(PATH_TOKEN, PATH_TOKEN, m.start(), m.end()))
            out.extend(Token(w.group().lower(), stem(w.group().lower()), m.start() + w.start(), m.start() + w.end())
                       for w in _PATH_WORD.finditer(m.group()) if stem(w.group().lower()) not in _VERBS)
            continue
        if kind == "arrow":
            out.append(Token(ARROW, ARROW, m.start(), m.end()))
            continue
        if kind == "dash":
            out.append(Token(DASH, DASH, m.start(), m.end()))
            continue
        word = m.group()
        raw = word.lower()
        if raw.endswith("'s"):
            word, raw = word[:-2], raw[:-2]
        expansion = None
        if abbreviations:
            expansion = (abbreviations.get(word) if word.isupper() else None) or abbreviations.get(raw)
        if expansion:
            out.extend(Token(w, stem(w), m.start(), m.end()) for w in expansion)
        else:
            out.append(Token(raw, stem(raw), m.start(), m.end()))
    return out


_PHRASES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}  # catalog phrase -> (words, stems)
_PACKED: dict[str, str] = {}  # catalog phrase -> "words\x1fstems", learnt from the cached library, unpacked on use
_PHRASES_MAX = 65536
PhraseTable = tuple[tuple[str, ...], tuple[str, ...]]  # phrases, and each one's packed words and stems


def phrase_words(phrase: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words and the stems of a catalog phrase, without abbreviation expansion (computed once per phrase)."""
    hit = _PHRASES.get(phrase)
    if hit is None:
        packed = _PACKED.get(phrase)
        if packed is not None:
            words, stems = packed.split("\x1f")
            hit = (tuple(words.split(" ")) if words else (), tuple(stems.split(" ")) if stems else ())
        else:
            hit = _phrase_words(phrase)
        if len(_PHRASES) < _PHRASES_MAX:
            _PHRASES[phrase] = hit
    return hit


def phrase_table() -> PhraseTable:
    """Every catalog phrase read so far, normalised and packed flat: stored with the loaded library (a flat
    pair of tuples loads several times faster than nested ones), so a cold compile need not stem again."""
    phrases = tuple(_PHRASES)
    return phrases, tuple(" ".join(_PHRASES[p][0]) + "\x1f" + " ".join(_PHRASES[p][1]) for p in phrases)


def learn_phrases(table: PhraseTable) -> None:
    """Take phrases normalised when the library was built (see phrase_table)."""
    if len(_PACKED) + len(table[0]) <= _PHRASES_MAX:
        _PACKED.update(zip(*table))


def _phrase_words(phrase: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    low = phrase.lower()
    if _PLAIN_PHRASE.fullmatch(low):  # most of the catalog: split on spaces, no tokenizer needed
        words = tuple(low.split())
        return words, tuple(stem(w) for w in words)
    return _tokenized_words(phrase)


def _tokenized_words(phrase: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    toks = [t for t in tokens(clean(phrase)) if not t.is_punct]
    return tuple(t.raw for t in toks), tuple(t.stem for t in toks)


def phrase_stems(phrase: str) -> tuple[str, ...]:
    """The stems of a catalog phrase, without abbreviation expansion."""
    return phrase_words(phrase)[1]


RULE_MARKS = frozenset("?:()=!;<>")  # punctuation a pattern or context list may ask for ("do we support ... ?")


def rule_stems(word: str) -> tuple[str, ...]:
    """The stems of a pattern or context word; a mark of punctuation stands for itself."""
    return phrase_stems(word) or ((word.strip(),) if word.strip() in RULE_MARKS else ())


class _Node:
    """One step of a phrase trie: the stems that may come next, and the phrase that ends here."""

    __slots__ = ("next", "phrase")

    def __init__(self) -> None:
        self.next: dict[str, _Node] = {}
        self.phrase: str | None = None


class PhraseIndex:
    """A set of cue phrases found by stem sequence; longest phrase wins at each position. A phrase written
    after "=" matches its words as written ("=i wanted" is no cue in "I want a cache")."""

    def __init__(self, phrases: tuple[str, ...] | list[str]) -> None:
        self._root = _Node()
        for phrase in phrases:
            if phrase.startswith("="):
                phrase = phrase[1:]
                stems = tuple(phrase.lower().split())
            else:
                stems = phrase_stems(phrase) or ((phrase.strip().lower(),) if phrase.strip() else ())
            node = self._root
            for st in stems:
                node = node.next.setdefault(st, _Node())
            if stems and node.phrase is None:
                node.phrase = phrase
        self.firsts = frozenset(self._root.next)

    def at(self, toks: list[Token] | tuple[Token, ...], i: int) -> tuple[int, str] | None:
        """(length, phrase) of the longest phrase starting at token i, or None (a word matches by its
        stem or as written)."""
        if i >= len(toks) or (toks[i].stem not in self.firsts and toks[i].raw not in self.firsts):
            return None  # most words open no phrase: answer without walking the trie
        best: tuple[int, str] | None = None
        stack = [(self._root, i)]
        while stack:
            node, k = stack.pop()
            if node.phrase is not None and (best is None or k - i > best[0]):
                best = (k - i, node.phrase)
            if k < len(toks):
                tok = toks[k]
                for key in (tok.stem, tok.raw) if tok.raw != tok.stem else (tok.stem,):
                    nxt = node.next.get(key)
                    if nxt is not None:
                        stack.append((nxt, k + 1))
        return best

    def starts(self, toks: list[Token] | tuple[Token, ...]) -> list[int]:
        """The tokens a phrase could open at: a scan in one comprehension, so callers try only those."""
        firsts = self.firsts
        return [i for i, t in enumerate(toks) if t.stem in firsts or t.raw in firsts]

    def find(self, toks: list[Token] | tuple[Token, ...]) -> list[tuple[int, int, str]]:
        """Every (start, length, phrase) occurrence, left to right, not overlapping."""
        out: list[tuple[int, int, str]] = []
        free = 0  # the first token not inside a phrase already found
        for i in self.starts(toks):
            hit = self.at(toks, i) if i >= free else None
            if hit:
                out.append((i, hit[0], hit[1]))
                free = i + hit[0]
        return out


@lru_cache(maxsize=4096)
def phrase_index(phrases: tuple[str, ...]) -> PhraseIndex:
    """A PhraseIndex shared by everyone who asks for the same phrases (they are immutable once built)."""
    return PhraseIndex(phrases)


SENTENCE_END = frozenset(".!?;\n")
FULL_STOPS = SENTENCE_END - {";"}  # "a trip service owns trips; a pricing service owns fares" is one idea


def sentence_bounds(toks: list[Token] | tuple[Token, ...], first: int, end: int, reach: int) -> tuple[int, int]:
    """The token range [lo, hi) of the sentence around toks[first:end], at most `reach` tokens either side."""
    lo = first
    while lo > 0 and first - lo < reach and toks[lo - 1].raw not in SENTENCE_END:
        lo -= 1
    hi = end
    while hi < len(toks) and hi - end < reach and toks[hi].raw not in SENTENCE_END:
        hi += 1
    return lo, hi


def sentence_window(toks: tuple[Token, ...], start: int, reach: int = 10) -> tuple[Token, ...]:
    """The tokens of the sentence around a character offset, at most `reach` either side."""
    idx = next((i for i, t in enumerate(toks) if t.start >= start), len(toks))
    lo, hi = sentence_bounds(toks, idx, idx, reach)
    return toks[lo:hi]
