"""The negation lexicon compiled once for reading token lists: the catalog's words as sets and phrase indexes.

Everything a reader needs to know about English lives in the catalog (concepts.yaml, `lexicon.negation`);
the readers built on this class only know how scopes open, run and stop.
"""

from __future__ import annotations

from sdi.model import Negation
from sdi.text import BREAK_PUNCT, BULLET, DASH, SENTENCE_END, PhraseIndex, Token, phrase_stems
from sdi.text import tokens as tokens_of

CLAUSE_END = frozenset(",;:.!?()\n" + DASH + BULLET)


def clause_start(toks: list[Token], k: int, reach: int | None = None) -> int:
    """The first token of the clause holding token k (just past the last clause end before it), or the token
    `reach` words back when the clause runs on further."""
    stop = 0 if reach is None else max(0, k - reach)
    while k > stop and toks[k - 1].raw not in CLAUSE_END:
        k -= 1
    return k


def clause_end(toks: list[Token], k: int, reach: int | None = None) -> int:
    """The clause end closing the clause from token k on (its index, or len(toks) when the answer ends first),
    or the token `reach` words on when the clause runs on further."""
    stop = len(toks) if reach is None else min(len(toks), k + reach)
    while k < stop and toks[k].raw not in CLAUSE_END:
        k += 1
    return k


def sentence_end(toks: list[Token], k: int) -> int:
    """The sentence end closing the sentence from token k on (its index, or len(toks) when the answer ends first)."""
    while k < len(toks) and toks[k].raw not in SENTENCE_END:
        k += 1
    return k


def adverb(word: str) -> bool:
    """Whether a word reads as an adverb ("explicitly", "deliberately"), which a reader may step over."""
    return word.endswith("ly") and len(word) > 4


def _lowered(words: tuple[str, ...]) -> frozenset[str]:
    """A lexicon word list as a set, matched against lower-cased token text."""
    return frozenset(w.lower() for w in words)


def split_verb(entry: str) -> tuple[str, str] | None:
    """(verb, particle) of a lexicon `split` entry ("leave ... out"), or None when it is not one word, " ... "
    and one word (the loader reports those)."""
    parts = entry.lower().split(" ... ")
    if len(parts) != 2 or any(len(part.split()) != 1 for part in parts):
        return None
    return parts[0], parts[1]


class Lexicon:
    """The negation lexicon compiled for reading token lists."""

    def __init__(self, negation: Negation) -> None:
        self.before = PhraseIndex(negation.before)
        self.after = PhraseIndex(negation.after)
        self.ignore = PhraseIndex(negation.ignore)
        self.lists = PhraseIndex([c for c in negation.lists if not c.startswith("^")])
        self.headings = PhraseIndex([c[1:] for c in negation.lists if c.startswith("^")])  # "Out:" opens a clause
        self.tentative_cues = PhraseIndex(negation.tentative)
        self.weighed_after = PhraseIndex(negation.weighed_after)
        self.answers = PhraseIndex(negation.answers)
        self.sufficient = PhraseIndex(negation.sufficient)
        self.referents = PhraseIndex(negation.referents)
        self.rejections = PhraseIndex(negation.rejections)
        self.fillers = _lowered(negation.fillers)  # "um", "uh": carry no meaning
        self.disjunctions = _lowered(negation.disjunctions)  # "or": "not run a second region or copy blocks"
        self.conjunctions = _lowered(negation.conjunctions)  # "and", "or": join the items of a list
        self.list_glue = frozenset(CLAUSE_END | self.conjunctions) - SENTENCE_END  # what a list is made of besides items
        self.glue = _lowered(negation.glue)  # "the", "for": carry no topic
        self.joiners = _lowered(negation.joiners)  # "with": inside one idea, read backwards
        self.pairings = _lowered(negation.pairings)  # "between": the "and" after it joins a pair
        self.subjects = _lowered(negation.subjects)
        self.not_topics = _lowered(negation.not_topics)
        self.plurals = _lowered(negation.plurals)
        self.copulas = _lowered(negation.copulas)  # "is": "skip GraphQL, the API is small and REST is fine" lists nothing
        self.contrasts = _lowered(negation.contrasts)
        self.hedges = _lowered(negation.hedges)
        self.leaders = self.subjects | self.hedges  # "I think we can" before a verdict
        self.pointing_back = frozenset(c for c in negation.after if self._has_referent(c))
        self.object_words = _lowered(negation.objects)  # "it": "..., so we left [it] out"
        self.pointing_objects = frozenset(c for c in negation.after
                                          if any(t.raw in self.object_words for t in tokens_of(c)[1:]))
        self.thresholds = PhraseIndex(negation.thresholds)  # "passes": "only if the rate passes 10k"
        self.restrictives = _lowered(negation.restrictives)  # "only": "Kafka [only] if the rate passes 10k"
        self.conditions = _lowered(negation.conditions)  # "if": a condition opens the sentence
        self.growth = PhraseIndex(negation.growth)  # "ever expand": the condition is the system growing
        self.introductions = PhraseIndex(negation.introductions)  # "add": "add Redis once reads grow past 10k"
        self.modals = _lowered(negation.modals)  # "would": "we would shard"
        self.failures = PhraseIndex(negation.failures)  # "down", "overloaded": "we can skip ranking if it's down"
        self.outcomes = PhraseIndex(negation.outcomes)  # "hit", "exceed": "we never exceed its crawl rate"
        self.adverbs = _lowered(negation.adverbs)  # "all", "ever": "don't [all] hit S3"
        self.counterfactuals = _lowered(negation.counterfactuals)  # "without": "Without the CDN the origin would ..."
        self.deferrals = _lowered(negation.deferrals)  # "until": "hold off on that until"
        self.doubles = _lowered(negation.doubles)  # "without": after "no", a double negative
        self.relatives = _lowered(negation.relatives)  # "which": "X, which we skipped"
        self.hypotheticals = _lowered(negation.hypotheticals)  # "would": "a Kafka hop would add lag"
        self.reasons = _lowered(negation.reasons)  # "because": "skip the CDN, because an edge cache would hide clicks"
        self.consequences = _lowered(negation.consequences)  # "so": "..., [so] we left it out"
        self.breakers = frozenset(s for b in negation.breakers for s in phrase_stems(b) or (b,)) | BREAK_PUNCT
        self.verbs = PhraseIndex(negation.verbs)
        self.firsts = (self.before.firsts | self.after.firsts | self.ignore.firsts | self.lists.firsts
                       | self.headings.firsts | self.answers.firsts | self.verbs.firsts)
        # for each word that opens a cue, the names of the lists it opens one in, so a reader asks only those
        named = {"before": self.before, "after": self.after, "ignore": self.ignore, "lists": self.lists,
                 "headings": self.headings}
        self.opens = {w: frozenset(n for n, index in named.items() if w in index.firsts) for w in self.firsts}
        self.frames = _lowered(negation.frames)  # "here", "now", "design": no object
        self.keeps = _lowered(negation.keeps)  # "keep": its object is in the design, unless indefinite
        self.indefinites = _lowered(negation.indefinites)  # "a": "keep a CDN out of the redirect path"
        self.alternatives = _lowered(negation.alternatives)  # "rather than": the option not taken
        self.choices = PhraseIndex(negation.choices)  # "went with", "chose"
        self.options = PhraseIndex(negation.options)  # "option one", "option b"
        self.option_words = tuple(frozenset(phrase_stems(o)) for o in negation.options)  # to test an answer cheaply
        self.option_sets = PhraseIndex(negation.option_sets)  # "two choices", "three options"
        self.over = _lowered(negation.over)  # "over", "than"
        self.verb_cues = frozenset(negation.verbs) - frozenset(negation.before)
        self.split: dict[str, frozenset[str]] = {}  # "leave" -> {"out"}: "leave search out"
        for verb, particle in filter(None, map(split_verb, negation.split)):
            self.split[verb] = self.split.get(verb, frozenset()) | {particle}

    def _has_referent(self, cue: str) -> bool:
        """Whether an after-cue carries its own pointing-back subject ("I don't think that's worth it")."""
        toks = tokens_of(cue)
        return any(self.referents.at(toks, k) for k in range(1, len(toks)))

    def breaks(self, token: Token) -> bool:
        return token.raw in self.breakers or token.stem in self.breakers
