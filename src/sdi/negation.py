"""Reading what an answer rules out: negation and deferral scopes, and ideas only weighed, not chosen.

Everything a reader needs to know about English lives in the catalog's lexicon (concepts.yaml,
`lexicon.negation`); this module only knows how scopes open, run and stop.
"""

from __future__ import annotations

from collections.abc import Iterator

from sdi.model import Negation
from sdi.text import BREAK_PUNCT, DASH, SENTENCE_END, PhraseIndex, Token, phrase_stems
from sdi.text import tokens as tokens_of

SCOPE_LIMIT = 8        # a negation reaches at most this many words
REFERENT_LIMIT = 30    # "those are out of scope" reaches back this far, over commas, to the sentence start
LIST_ITEM = 4          # "leave out A, B and C": items of at most this many words carry the scope on
REJECTION_REACH = 30   # "I thought about X ... but no" turns X down within this many words
SUBJECT_REACH = 14     # a verdict on a whole sentence-opening subject ("A separate service with an RPC on every call is overkill")
RELATIVE_REACH = 5     # "search, which [we can leave] for v2": a verdict this close to "which" is on what it points back to
LABEL_REACH = 12       # "Two-phase commit between store and inboxes — too heavy": a label of at most this many words
ANSWER_REACH = 4       # a "no" this early in the next sentence answers the question before it
OBJECT_REACH = 4       # "won't design any of that": a pointing-back object this close to its cue
CHOICE_REACH = 12      # "went with plain long polling over websockets": the choice made, before "over"
SPLIT_REACH = 9        # "kept GraphQL and any push channel to the player out": the object a split verb holds
_CLAUSE_END = frozenset(",;:.!?()\n" + DASH)
TOPIC_REACH = 6        # "Consistent hashing we don't use": a topic put first is a short noun phrase
_TOPIC_END = frozenset(",.?;")  # "tables:" and "fetchers (" introduce content; they are not topics awaiting a verdict


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


def _before_adverbs(toks: list[Token], j: int) -> int:
    """The index of the word before any adverbs ending at token j ("are explicitly", "I'm deliberately")."""
    while j > 0 and toks[j].raw.endswith("ly") and len(toks[j].raw) > 4:
        j -= 1
    return j


def _in_ellipsis(toks: list[Token], j: int) -> bool:
    """Whether token j is a dot of an ellipsis ("Multi-region... not now"), a pause rather than a full stop."""
    return toks[j].raw == "." and ((j >= 1 and toks[j - 1].raw == ".") or (j + 1 < len(toks) and toks[j + 1].raw == "."))


def _reach_end(toks: list[Token], start: int) -> int:
    """Where a rejection of the idea weighed at token start may still come: the sentence end, within reach
    (a semicolon joins the verdict to its idea: "Cassandra came up; we turned it down")."""
    end = start
    while end < len(toks) and end < start + REJECTION_REACH and (toks[end].raw == ";"
                                                                 or toks[end].raw not in SENTENCE_END):
        end += 1
    return end


def _questions(toks: list[Token]) -> Iterator[tuple[int, int]]:
    """(first token, index of the "?") of every question sentence."""
    start = 0
    for end, tok in enumerate(toks):
        if tok.raw in SENTENCE_END:
            if tok.raw == "?":
                yield start, end
            start = end + 1


class NegationReader:
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
        self.referents = PhraseIndex(negation.referents)
        self.rejections = PhraseIndex(negation.rejections)
        self.fillers = _lowered(negation.fillers)  # "um", "uh": carry no meaning
        self.conjunctions = _lowered(negation.conjunctions)  # "and", "or": join the items of a list
        self.list_glue = frozenset(_CLAUSE_END | self.conjunctions) - SENTENCE_END  # what a list is made of besides items
        self.glue = _lowered(negation.glue)  # "the", "for": carry no topic
        self.joiners = _lowered(negation.joiners)  # "with": inside one idea, read backwards
        self.subjects = _lowered(negation.subjects)
        self.not_topics = _lowered(negation.not_topics)
        self.plurals = _lowered(negation.plurals)
        self.copulas = _lowered(negation.copulas)  # "is": "skip GraphQL, the API is small and REST is fine" lists nothing
        self.contrasts = _lowered(negation.contrasts)
        self.hedges = _lowered(negation.hedges)
        self.leaders = self.subjects | self.hedges  # "I think we can" before a verdict
        self.pointing_back = frozenset(c for c in negation.after if self._has_referent(c))
        objects = _lowered(negation.objects)  # "it": "..., so we left [it] out"
        self.pointing_objects = frozenset(c for c in negation.after if any(t.raw in objects for t in tokens_of(c)[1:]))
        self.thresholds = PhraseIndex(negation.thresholds)  # "passes": "only if the rate passes 10k"
        self.restrictives = _lowered(negation.restrictives)  # "only": "Kafka [only] if the rate passes 10k"
        self.conditions = _lowered(negation.conditions)  # "if": a condition opens the sentence
        self.growth = PhraseIndex(negation.growth)  # "ever expand": the condition is the system growing
        self.modals = _lowered(negation.modals)  # "would": "we would shard"
        self.outcomes = PhraseIndex(negation.outcomes)  # "hit", "exceed": "we never exceed its crawl rate"
        self.adverbs = _lowered(negation.adverbs)  # "all", "ever": "don't [all] hit S3"
        self.counterfactuals = _lowered(negation.counterfactuals)  # "without": "Without the CDN the origin would ..."
        self.deferrals = _lowered(negation.deferrals)  # "until": "hold off on that until"
        self.doubles = _lowered(negation.doubles)  # "without": after "no", a double negative
        self.relatives = _lowered(negation.relatives)  # "which": "X, which we skipped"
        self.reasons = _lowered(negation.reasons)  # "because": "skip the CDN, because an edge cache would hide clicks"
        self.consequences = _lowered(negation.consequences)  # "so": "..., [so] we left it out"
        self.breakers = frozenset(s for b in negation.breakers for s in phrase_stems(b) or (b,)) | BREAK_PUNCT
        self.verbs = PhraseIndex(negation.verbs)
        self.firsts = (self.before.firsts | self.after.firsts | self.ignore.firsts | self.lists.firsts
                       | self.headings.firsts | self.answers.firsts | self.verbs.firsts)
        self.frames = _lowered(negation.frames)  # "here", "now", "design": no object
        self.choices = PhraseIndex(negation.choices)  # "went with", "chose"
        self.over = _lowered(negation.over)  # "over", "than"
        self.verb_cues = frozenset(negation.verbs) - frozenset(negation.before)
        self.split: dict[str, frozenset[str]] = {}  # "leave" -> {"out"}: "leave search out"
        for verb, particle in filter(None, map(split_verb, negation.split)):
            self.split[verb] = self.split.get(verb, frozenset()) | {particle}

    def _has_referent(self, cue: str) -> bool:
        """Whether an after-cue carries its own pointing-back subject ("I don't think that's worth it")."""
        toks = tokens_of(cue)
        return any(self.referents.at(toks, k) for k in range(1, len(toks)))

    # ------------------------------------------------------------ scopes

    def scopes(self, toks: list[Token]) -> list[str]:
        """For each token, the cue that negates it ('' when none).

        A cue may open a scope forward ("no cache"), backward ("a cache isn't needed"), or both when a
        before-cue and an after-cue start at the same word; a forward scope that meets a colon runs on
        over the list it introduces ("I'd skip: search, ads and GraphQL"), and so does one that meets a
        short list ("leave out range queries, secondary indexes and transactions"); an after-cue whose
        subject points back ("those are out of scope") reaches back over the whole sentence; a question
        answered "no" in the next sentence is negated whole.
        """
        scope = [""] * len(toks)
        cancelled: set[int] = set()  # "no request hits the DB [without] the cache": a double negative
        i = 0
        while i < len(toks):
            if i in cancelled:
                i += 1
                continue
            if toks[i].stem not in self.firsts and toks[i].raw not in self.firsts:
                i += 1
                continue
            ignored = self.ignore.at(toks, i)
            if ignored:
                i += ignored[0]
                continue
            before, after = self.before.at(toks, i) or self._said(toks, i), self.after.at(toks, i)
            if before and self._prevents(toks, i + before[0]):
                i += before[0]  # "so we don't hit pg for every send": an outcome kept from happening, nothing ruled out
                continue
            if before and self._counterfactual(toks, i, before[1]):
                i += before[0]  # "Without the CDN the origin would need 70 Tbps": an argument for the CDN
                continue
            if before and not after:  # "A CDN [was not worth the cost]": an after-cue may start inside a before-cue
                after = next(filter(None, (self.after.at(toks, k) for k in range(i + 1, i + before[0]))), None)
            listed, heading = self.lists.at(toks, i), self.headings.at(toks, i)
            listing = listed or (heading if i == 0 or toks[i - 1].raw in _CLAUSE_END else None)
            if listing and any(toks[k].raw == ":" for k in range(i + listing[0], min(len(toks), i + listing[0] + 3))):
                self._forward(toks, scope, i + listing[0], listing[1], lists=True)
            elif before:
                self._forward(toks, scope, i + before[0], before[1], object_only=before[1] in self.verb_cues,
                              cancelled=cancelled)
                self._topic_first(toks, scope, i, before[1])
                if self._object_points_back(toks, i + before[0]):  # "..., so I won't design any of that."
                    self._backward(toks, scope, i - 1, before[1], pointing=True,
                                   weighed=self._deferred_after(toks, i + before[0]))
                elif before[0] > 1 and self._object_empty(toks, i + before[0]):  # "Elasticsearch is something I'd leave out here."
                    self._backward(toks, scope, i - 1, before[1])
            if after:
                self._backward(toks, scope, i - 1, after[1])
                self._topic_first(toks, scope, i, after[1])
            mark = self._mark_before(toks, i)
            if mark >= 1:  # "Multi-region: n/a", "Secondary indexes: no.", "CDN (deferred)", "Search: out"
                verdict = after or next((c for c in (before, self.answers.at(toks, i), listed, heading)
                                         if c and self._stands_alone(toks, i + c[0])), None)
                if verdict:
                    self._label(toks, scope, mark - 1, verdict[1])
            elif self._opens_sentence(toks, comma := self._pause_before(toks, i)):  # "GraphQL, no thanks."
                verdict = next((c for c in (after, before, self.answers.at(toks, i))
                                if c and (self._ends_statement(toks, i + c[0]) or toks[i + c[0]].raw == ",")), None)
                if verdict:
                    self._label(toks, scope, comma - 1, verdict[1])
            i += before[0] if before else 1  # an after-cue may hold a before-cue ("I wouldn't bother with")
        self._answered_no(toks, scope)
        self._preferred_over(toks, scope)
        self._grown_into(toks, scope)
        self._only_once_grown(toks, scope)
        self._weighed_and_rejected(toks, scope)
        self._split_verbs(toks, scope)
        return scope

    def _prevents(self, toks: list[Token], j: int) -> bool:
        """Whether the verb a negation opens on is an outcome the design prevents ("one tenant can't dominate a
        replica", "the key won't become a hot partition") rather than a choice it turns down ("we don't need a CDN")."""
        while j < len(toks) and (toks[j].raw in self.adverbs or toks[j].raw in self.fillers
                                 or (toks[j].raw.endswith("ly") and len(toks[j].raw) > 4)):
            j += 1
        return bool(self.outcomes.at(toks, j))

    def _counterfactual(self, toks: list[Token], i: int, cue: str) -> bool:
        """Whether a cue opening its sentence imagines the design without something, to argue for it ("Without
        the CDN the origin would need 70 Tbps"); "Without a queue, the API calls the mailer directly" rules out."""
        if cue not in self.counterfactuals or (i and toks[i - 1].raw not in SENTENCE_END):
            return False
        for j in range(i + 1, min(len(toks), i + REFERENT_LIMIT)):
            if toks[j].raw in SENTENCE_END:
                return False
            if toks[j].raw in self.modals:
                return True  # "would", "could"
            if toks[j].raw.endswith("'d") and toks[j].raw in self.subjects:
                return True  # "we'd"
        return False

    def _only_once_grown(self, toks: list[Token], scope: list[str]) -> None:
        """Negate what comes only once the system grows ("Kafka only if the write rate passes 10k a second",
        "shard only when one box can't keep up"); "write to the cache only if the read misses" is mechanism."""
        for i in range(1, len(toks) - 1):
            if toks[i].raw not in self.restrictives or toks[i + 1].raw not in self.conditions:
                continue
            j = i + 2
            while j < len(toks) and j - i <= TOPIC_REACH + 4 and toks[j].raw not in _CLAUSE_END:
                if self.growth.at(toks, j) or self.thresholds.at(toks, j):
                    self._label(toks, scope, i - 1, f"{toks[i].raw} {toks[i + 1].raw} ... grows")
                    break
                j += 1

    def _grown_into(self, toks: list[Token], scope: list[str]) -> None:
        """Negate what a speaker would add only once the system grows ("If we ever expand to Europe, we'd add a
        second region"); "if the primary dies, we'd fail over" is the design's answer to a failure, not growth."""
        for i, tok in enumerate(toks):
            if tok.raw not in self.conditions or (i and toks[i - 1].raw not in _CLAUSE_END):
                continue
            j, grows = i + 1, False
            while j < len(toks) and j - i <= TOPIC_REACH + 4 and toks[j].raw not in _CLAUSE_END:
                grows = grows or bool(self.growth.at(toks, j))
                if j > i + 2 and toks[j].raw in self.subjects and grows:
                    break  # "if we pick up a big EU customer base we'd add ...": no comma
                j += 1
            j += j < len(toks) and toks[j].raw == ","
            j += j < len(toks) and (toks[j].raw in self.fillers or toks[j].raw in self.consequences)  # ", then we'd"
            if not grows or j + 1 >= len(toks) or not self._would(toks, j):
                continue
            self._forward(toks, scope, j, tok.raw + " ... grows")

    def _would(self, toks: list[Token], j: int) -> bool:
        """Whether a clause opens with a subject saying what it would do ("we'd", "I would", "we could")."""
        if toks[j].raw in self.subjects and toks[j].raw.endswith("'d"):
            return True
        return toks[j].raw in self.subjects and toks[j + 1].raw in self.modals

    def _preferred_over(self, toks: list[Token], scope: list[str]) -> None:
        """Negate the option a choice was made over ("we went with polling over websockets", "chose Cassandra
        over Postgres"); "gRPC over HTTP/2" names no choice, so it is left alone."""
        for i, tok in enumerate(toks):
            if tok.raw not in self.over:
                continue
            k = i - 2  # at least one word is chosen
            while k >= 0 and i - k <= CHOICE_REACH and toks[k].raw not in _CLAUSE_END:
                hit = self.choices.at(toks, k)
                if hit and k + hit[0] < i:
                    self._forward(toks, scope, i + 1, f"{toks[k].raw} ... {tok.raw}", object_only=True)
                    break
                k -= 1

    def _said(self, toks: list[Token], i: int) -> tuple[int, str] | None:
        """A rejecting verb at token i said by a subject, past hedges and adverbs ("we dropped Kafka", "I think
        we can scrap it"), read as a before-cue; "the broker drops messages" is how the design works."""
        hit = self.verbs.at(toks, i)
        return hit if hit and self._subject_at(toks, self._past_hedges(toks, i - 1)) else None

    def _past_hedges(self, toks: list[Token], k: int) -> int:
        """Back from token k over hedges and adverbs to the subject that says them, or to the first other word
        ("[we] can probably scrap", "[I'm] explicitly not designing")."""
        while k >= 0 and toks[k].raw not in self.subjects and (
                toks[k].raw in self.hedges or _before_adverbs(toks, k) != k):
            k -= 1
        return k

    def _subject_at(self, toks: list[Token], k: int) -> bool:
        """Whether token k is a speaker ("we", "I'd") whose words are a verdict, not the design's doing."""
        return k >= 0 and toks[k].raw in self.subjects

    def _split_verbs(self, toks: list[Token], scope: list[str]) -> None:
        """Negate what a verb and its particle enclose when the particle ends the clause ("we left search and
        ads out", "kept GraphQL out."); "keep the workers out of the hot path" is no verdict."""
        for i, tok in enumerate(toks):
            particles = self.split.get(tok.raw)
            if not particles:
                continue
            for j in range(i + 2, min(len(toks), i + 2 + SPLIT_REACH)):
                if toks[j].raw in _CLAUSE_END:
                    break
                if toks[j].raw in particles and self._clause_ends_after(toks, j):
                    for k in range(i + 1, j):
                        scope[k] = scope[k] or f"{tok.raw} ... {toks[j].raw}"
                    break

    def _topic_first(self, toks: list[Token], scope: list[str], i: int, cue: str) -> None:
        """Negate a topic put before its subject ("Consistent hashing we don't use here", "Sharding we postpone")."""
        # the cue may begin with it ("we don't"): "Cross-region failover I'm explicitly not designing"
        subject = self._past_hedges(toks, i if toks[i].raw in self.subjects else i - 1)
        while subject > 1 and toks[subject - 1].raw in self.leaders:
            subject -= 1  # back to the first subject of "I think we can"
        if subject < 1 or toks[subject].raw not in self.subjects:
            return
        end = subject
        while end > 1 and _before_adverbs(toks, end - 1) != end - 1:
            end -= 1  # "Idempotency keys, honestly I don't think we need them"
        end = end - 1 if toks[end - 1].raw == "," else subject  # "Stream processing, we'll pass"
        first = end - 1
        if first < 0 or toks[first].raw in _CLAUSE_END:
            return
        while first > 0 and toks[first - 1].raw not in _CLAUSE_END:
            first -= 1
        while first < end and (toks[first].raw in self.conjunctions or toks[first].raw in self.fillers):
            first += 1  # "And idempotency keys for completions, I don't think we need them"
        topic = toks[first:end]
        if 0 < len(topic) <= TOPIC_REACH and topic[0].raw not in self.not_topics and not any(
                (self.breaks(t) and (t.raw not in self.joiners or len(topic) - p > 3)) or t.raw in self.leaders
                or (t.raw in self.not_topics and (t.raw not in self.glue or len(topic) - p > 3))
                for p, t in enumerate(topic)):  # a short tail may follow a preposition: "failover for metadata"
            for k in range(first, end):
                scope[k] = scope[k] or cue

    def _before_hedges(self, toks: list[Token], i: int, reach: int) -> int:
        """The token before a verdict at token i, past at most reach fillers and hedges ("— I'd argue")."""
        j = i - 1
        while j >= 0 and i - j <= reach and (toks[j].raw in self.fillers or toks[j].raw in self.hedges):
            j -= 1
        return j

    def _mark_before(self, toks: list[Token], i: int) -> int:
        """Where the colon or dash a verdict at token i follows is, past hedges ("— I'd argue"), or -1."""
        j = self._before_hedges(toks, i, 4)
        return j if j >= 0 and toks[j].raw in (":", "(", DASH) else -1

    def _pause_before(self, toks: list[Token], i: int) -> int:
        """Where the pause before a verdict at token i begins: commas, an ellipsis and fillers, past hedges
        ("GraphQL, hmm, nah."; "Multi-region... I'd say not for now."), or -1 when there is none."""
        j = self._before_hedges(toks, i, len(toks))
        if j < 0 or not (toks[j].raw == "," or _in_ellipsis(toks, j)):
            return -1
        while j >= 1 and (toks[j - 1].raw == "," or toks[j - 1].raw in self.fillers or _in_ellipsis(toks, j - 1)):
            j -= 1
        return j

    def _opens_sentence(self, toks: list[Token], comma: int) -> bool:
        """Whether the words before the comma at token comma are a short topic opening their sentence
        ("Multi-region would double the bill, so no."), not the tail of a longer clause nor a statement of
        what we do ("We use Kafka now, maybe later.")."""
        k = comma - 1
        while k >= 0 and comma - k <= LABEL_REACH and toks[k].raw not in _CLAUSE_END:
            if toks[k].raw in self.subjects:
                return False
            k -= 1
        return comma >= 1 and k < comma - 1 and (k < 0 or toks[k].raw in SENTENCE_END)

    @staticmethod
    def _ends_statement(toks: list[Token], j: int) -> bool:
        """Whether a statement ends at token j ("GraphQL, no." does; "a cache, no?" asks)."""
        return j >= len(toks) or (toks[j].raw in SENTENCE_END and toks[j].raw != "?")

    @staticmethod
    def _stands_alone(toks: list[Token], j: int) -> bool:
        """Whether a cue ends its clause ("Range scans: no."), so it is a verdict rather than a scope."""
        return j >= len(toks) or toks[j].raw in _CLAUSE_END

    def _label(self, toks: list[Token], scope: list[str], j: int, cue: str) -> None:
        """Negate the label a verdict follows, back to the start of its clause."""
        end = j
        while j >= 0 and end - j < LABEL_REACH and toks[j].raw not in _CLAUSE_END:
            scope[j] = scope[j] or cue
            j -= 1

    def _forward(self, toks: list[Token], scope: list[str], j: int, cue: str, lists: bool = False,
                 object_only: bool = False, cancelled: set[int] | None = None) -> None:
        """Negate from token j on, to the scope's end; a verb's scope is its object, which ends where a clause
        word follows it ("we gave up transactions [to] stay available", "sacrificed consistency [for] speed");
        a second negation inside the scope cancels both ("no request hits the DB without the cache")."""
        start, limit, list_end, colon_list, seen = j, j + SCOPE_LIMIT, -1, False, False
        while j < len(toks) and j < limit:
            if cancelled is not None and toks[j].raw in self.doubles and not self.ignore.at(toks, j):
                cancelled.add(j)
                break
            if lists and toks[j].raw == ":" and j - start <= 3:
                limit, colon_list = len(toks), True  # a list follows: negate all of it, to the sentence end
            elif toks[j].raw in SENTENCE_END or (object_only and seen and toks[j].raw in self.not_topics):
                break
            elif j > start and toks[j].raw in self.deferrals:
                break  # "hold off on sharding until one box is saturated": the condition is not ruled out
            elif not colon_list and j >= list_end and self.breaks(toks[j]) and toks[j].raw not in self.joiners:
                list_end = self._list_end(toks, start, j) or (self._pair_end(toks, start, j) if object_only else 0)
                if not list_end:
                    break
                limit = max(limit, list_end)
            scope[j] = scope[j] or cue
            seen = seen or toks[j].raw not in self.glue
            if not seen or toks[j].raw in self.hedges or toks[j].raw in self.fillers:
                limit += j - start < SCOPE_LIMIT  # "I don't think I'd make the limiter its own service": hedges are free
            j += 1

    def _list_end(self, toks: list[Token], start: int, j: int) -> int:
        """Where a list of three or more short items that a scope has entered ends ("A, B and C"), or 0
        when the breaker at j ends the scope ("skip the CDN, and use S3" is two clauses, not a list)."""
        if not 0 < j - start <= LIST_ITEM:
            return 0
        k, items = j, 1
        while True:
            comma = k < len(toks) and toks[k].raw == ","
            k += comma
            conjunction = k < len(toks) and toks[k].raw in self.conjunctions
            k += conjunction
            if not (comma or conjunction):
                return 0
            first = k
            while k < len(toks) and not self.breaks(toks[k]) and toks[k].raw not in self.conjunctions:
                k += 1  # "or" ends an item too: "leave out range scans, indexes or transactions"
            if not 0 < k - first <= LIST_ITEM or any(toks[x].raw in self.copulas for x in range(first, k)):
                return 0  # "skip GraphQL, the API is small and REST is fine": a clause is no item
            items += 1
            if conjunction:
                return k if items >= 3 else 0

    def _pair_end(self, toks: list[Token], start: int, j: int) -> int:
        """Where the second of two short objects joined by "and"/"or" at token j ends, when the clause ends or
        turns there ("gave up strong consistency and multi-key transactions [to] stay available"), else 0."""
        if toks[j].raw not in self.conjunctions or not 0 < j - start <= LIST_ITEM:
            return 0
        k = j + 1
        while k < len(toks) and k - j <= LIST_ITEM and not self.breaks(toks[k]) and toks[k].raw not in self.not_topics:
            k += 1
        ends = k >= len(toks) or toks[k].raw in _CLAUSE_END or toks[k].raw in self.not_topics
        return k if ends and k > j + 1 else 0

    def _clause_ends_after(self, toks: list[Token], j: int) -> bool:
        """Whether the clause ends after token j, or after a short tail opened by glue ("out of it", "out for now")."""
        end = j + 1
        while end < len(toks) and toks[end].raw not in _CLAUSE_END and end - j <= 2:
            end += 1
        return self._stands_alone(toks, end) and (end == j + 1 or toks[j + 1].raw in self.glue)

    def _object_points_back(self, toks: list[Token], k: int) -> bool:
        """Whether what a before-cue rules out is a pointing-back word ending the clause ("skip those.",
        "won't design any of that."), so the verdict is on what the sentence said before it."""
        words = 0  # besides glue, at most the verb: "no way origin serves that" is not a verdict on "that"
        for j in range(k, min(len(toks), k + OBJECT_REACH)):
            if toks[j].raw in _CLAUSE_END:
                return False
            hit = self.referents.at(toks, j)
            if hit and hit[0] == 1 and (self._stands_alone(toks, j + 1) or toks[j + 1].raw in self.deferrals):
                return True  # "skip those.", "I'd hold off on that until one DC is saturated"
            words += toks[j].raw not in self.glue and toks[j].raw not in self.fillers
            if words > 1:
                return False
        return False

    def _deferred_after(self, toks: list[Token], k: int) -> bool:
        """Whether the pointing-back object after token k is put off until something happens ("we could crawl
        from three DCs, but I'd hold off on that until one is saturated"): the idea weighed before "but" is it."""
        return any(toks[j].raw in self.deferrals for j in range(k, min(len(toks), k + OBJECT_REACH + 1)))

    def _object_empty(self, toks: list[Token], k: int) -> bool:
        """Whether what follows a before-cue to the clause end names nothing ("I'd leave out of this design",
        "we can skip for now"), so the cue turns down what came before it."""
        for j in range(k, min(len(toks), k + SCOPE_LIMIT)):
            if toks[j].raw in _CLAUSE_END:
                return True
            if not (toks[j].raw in self.glue or toks[j].raw in self.fillers or toks[j].raw in self.frames):
                return False
        return k + SCOPE_LIMIT >= len(toks)

    def _backward(self, toks: list[Token], scope: list[str], j: int, cue: str, pointing: bool = False,
                  weighed: bool = False) -> None:
        end, reach, glue = j, SCOPE_LIMIT, frozenset[str]()
        referent = self._referent_before(toks, j)
        if (pointing or referent or cue in self.pointing_back) and not self._in_question(toks, j):
            j -= referent  # "search, ads and GraphQL: those are out of scope" reaches over the whole list
            reach, glue = REFERENT_LIMIT, self.list_glue | (self.contrasts if weighed else frozenset())
        elif cue in self.pointing_objects and not self._in_question(toks, j):
            reach, glue = REFERENT_LIMIT, self.list_glue | self.consequences  # "X saves little, so we left it out"
        elif j >= 0 and toks[_before_adverbs(toks, j)].raw in self.plurals:
            glue = self.conjunctions  # a plural subject may be two ideas joined by "and"
        elif self._subject_opens_sentence(toks, j):
            reach = SUBJECT_REACH  # "A separate limiter service with an RPC on every request feels like overkill"
        while j >= 0 and j > end - reach and toks[j].raw not in SENTENCE_END:
            if toks[j].raw == ")" and j == end:  # "full-text search (ES) -> later": read past the aside
                opening = next((k for k in range(j - 1, max(-1, j - SCOPE_LIMIT), -1) if toks[k].raw == "("), -1)
                if opening > 0:
                    for k in range(opening, j + 1):
                        scope[k] = scope[k] or cue
                    end, j = opening - 1, opening - 1
                    continue
            if toks[j].raw in self.joiners and reach != REFERENT_LIMIT:
                pass  # "geo-replication with per-region quorums can come later": one idea, deferred whole
            elif toks[j].raw in self.relatives and end - j < RELATIVE_REACH:
                j -= 1 + (j >= 1 and toks[j - 1].raw == ",")  # "cross-region failover, which I deliberately skipped"
                end = j  # the verdict is on what the relative word points back to: read it as the subject
                continue
            elif self.breaks(toks[j]) and toks[j].raw not in glue:
                break  # a pointing-back subject reaches over a list, not over "because" or "so"
            scope[j] = scope[j] or cue
            j -= 1

    def _subject_opens_sentence(self, toks: list[Token], j: int) -> bool:
        """Whether the words before a verdict ending at token j are one subject that opens its sentence."""
        k = j
        while k >= 0 and j - k < SUBJECT_REACH and toks[k].raw not in SENTENCE_END:
            if self.breaks(toks[k]) and toks[k].raw not in self.joiners:
                return False
            k -= 1
        return k < 0 or toks[k].raw in SENTENCE_END

    @staticmethod
    def _in_question(toks: list[Token], j: int) -> bool:
        """Whether token j's sentence is a question ("or is that overkill?" weighs, it does not rule out)."""
        end = min(len(toks), j + REFERENT_LIMIT)
        while j < end and toks[j].raw not in SENTENCE_END:
            j += 1
        return j < end and toks[j].raw == "?"

    def _referent_before(self, toks: list[Token], j: int) -> int:
        """The length of a pointing-back subject ending at token j ("those are", "that's"), else 0.

        It must open its clause: in "ranking as its own service that we can skip" the "that" is relative
        and points at the service alone, not back over the sentence."""
        for length in range(1, 5):
            k = j - length + 1
            if k >= 0:
                hit = self.referents.at(toks, k)
                if hit and hit[0] == length and self._opens_clause(toks, k):
                    return length
        return 0

    def _opens_clause(self, toks: list[Token], k: int) -> bool:
        """Whether token k starts a clause: after punctuation that ends one, a conjunction, or fillers only."""
        k -= 1
        while k >= 0 and (toks[k].raw in self.fillers or toks[k].raw in self.hedges or _before_adverbs(toks, k) != k):
            k -= 1  # "Going multi-region, I honestly think that's a later problem"
        return k < 0 or toks[k].raw in _CLAUSE_END or toks[k].raw in self.conjunctions or toks[k].raw in self.contrasts

    def _answered_no(self, toks: list[Token], scope: list[str]) -> None:
        """Negate a question the next sentence answers "no" to ("A separate queue? I'd say no for v1.")."""
        for start, end in _questions(toks):
            answer = self._answer_after(toks, end + 1) or self._answer_closing(toks, end + 1)
            if answer:
                for k in range(start, end):
                    scope[k] = scope[k] or answer

    def _weighed_and_rejected(self, toks: list[Token], scope: list[str]) -> None:
        """Negate an idea weighed and then turned down in the same sentence ("I thought about a CDN, but,
        uh, actually no"; "some people would do GraphQL, but I'd just return JSON")."""
        i = 0
        while i < len(toks):
            hit = self.tentative_cues.at(toks, i)
            if not hit:
                i += 1
                continue
            end = _reach_end(toks, i + hit[0])
            # commas do not interrupt a rejection, nor do fillers ("but, uh, no"), though some rejections
            # begin with one ("actually no")
            rejected_at = self._rejection(toks, i + hit[0] + 1, end)
            if rejected_at:
                k, cue = rejected_at
                # the idea weighed, up to the "but" that turns to the reasons against it
                k = next((m for m in range(i + hit[0], k) if toks[m].raw in self.contrasts or toks[m].raw == ";"), k)
                for m in range(i + hit[0], k):
                    scope[m] = scope[m] or cue
            i = end
        self._weighed_before_and_rejected(toks, scope)

    def _weighed_before_and_rejected(self, toks: list[Token], scope: list[str]) -> None:
        """Negate an idea named first, then weighed and turned down ("A CDN is tempting, but we don't need it
        yet"; "Multi-region sounds nice, but not for v1")."""
        for i, length, _ in self.weighed_after.find(toks):
            rejected_at = self._rejection(toks, i + length, _reach_end(toks, i + length))
            if rejected_at:
                self._label(toks, scope, i - 1, rejected_at[1])

    def _rejection(self, toks: list[Token], start: int, end: int) -> tuple[int, str] | None:
        """(where, cue) of the first rejection between start and end, read past commas and fillers; past a
        contrast or a semicolon any negation cue rejects ("I considered Cassandra; the cost didn't pay off")."""
        words = [k for k in range(start, end) if toks[k].raw != ","]
        spoken = [toks[k] for k in words]
        plain = [t for t in spoken if t.raw not in self.fillers]
        q, contrasted = 0, False  # where spoken[p] sits in plain, when it is not a filler
        for p, k in enumerate(words):
            hit = self.rejections.at(spoken, p)
            if spoken[p].raw not in self.fillers:
                hit = hit or self.rejections.at(plain, q)
                q += 1
            if contrasted and not hit and not self.ignore.at(toks, k):
                hit = self.before.at(toks, k) or self.after.at(toks, k)  # "..., but at this scale we don't"
            if hit:
                return k, hit[1]
            contrasted = contrasted or spoken[p].raw in self.contrasts or spoken[p].raw == ";"
        return None

    def _answer_closing(self, toks: list[Token], k: int) -> str:
        """The "no" that closes the sentence from token k after a comma, its reason first ("Autoscaling? The
        traffic curve is flat, so no."), or ''."""
        end = k
        while end < len(toks) and toks[end].raw not in SENTENCE_END:
            end += 1
        if end < len(toks) and toks[end].raw == "?":
            return ""
        for j in range(max(k, end - ANSWER_REACH - 2), end):
            hit = self.answers.at(toks, j)
            if hit and j + hit[0] == end and self._after_comma(toks, j):
                return hit[1]
        return ""

    def _after_comma(self, toks: list[Token], j: int) -> bool:
        """Whether token j follows a comma, past fillers and hedges ("..., so I'd say no")."""
        k = self._before_hedges(toks, j, len(toks))
        return k >= 0 and toks[k].raw == ","

    def _answer_after(self, toks: list[Token], k: int) -> str:
        """The "no" that opens the sentence from token k, past fillers, commas and a hesitant "I...", or ''."""
        skipped = 0
        for j in range(k, len(toks)):
            hit = self.answers.at(toks, j)
            if hit:
                return hit[1]
            if toks[j].raw in (",", "."):
                continue  # punctuation is not a word: "I... no" opens with "no"
            hesitation = toks[j].raw == "i" and j + 1 < len(toks) and toks[j + 1].raw == "."
            skipped += 1
            if skipped >= ANSWER_REACH or not (toks[j].raw in self.fillers or hesitation):
                return ""
        return ""

    def explains(self, toks: list[Token], ruled: int, later: int) -> bool:
        """Whether a later mention sits in the reason given for ruling out an earlier one of the same idea,
        so it is part of that ruling ("I'd skip the CDN, because an edge cache would hide the clicks")."""
        between = toks[ruled + 1:later]
        return (any(t.raw in self.reasons for t in between)
                and not any(t.raw in SENTENCE_END or t.raw in self.contrasts for t in between))

    def breaks(self, token: Token) -> bool:
        return token.raw in self.breakers or token.stem in self.breakers

    # ------------------------------------------------------------ weighed, not chosen

    def tentative(self, toks: list[Token]) -> list[bool]:
        """For each token, whether it only weighs an idea: after a cue like "I thought about", or in a
        question.

        A concept all of whose mentions are tentative, and that the answer also rules out, is negated."""
        marks = [False] * len(toks)
        i = 0
        while i < len(toks):
            hit = self.tentative_cues.at(toks, i)
            if hit:
                j = i + hit[0]
                while j < len(toks) and j < i + hit[0] + SCOPE_LIMIT and toks[j].raw not in SENTENCE_END:
                    marks[j] = True
                    j += 1
                i = j
            else:
                i += 1
        for start, end in _questions(toks):  # a question weighs what it names
            for k in range(start, end):
                marks[k] = True
        return marks

    def topic_only(self, toks: list[Token], first: int, last: int) -> bool:
        """Whether a mention is all its clause says, a topic named before the verdict ("replication for
        counters, hmm."; "Autoscaling, uh, I wouldn't ..."), not a statement about it."""
        rest = 0
        lo = first - 1
        while lo >= 0 and toks[lo].raw not in _CLAUSE_END:
            rest += toks[lo].raw not in self.fillers and toks[lo].raw not in self.glue
            if rest > 1:
                return False  # walking out stops early: cost stays flat however long the clause
            lo -= 1
        hi = last + 1
        while hi < len(toks) and toks[hi].raw not in _CLAUSE_END:
            rest += toks[hi].raw not in self.fillers and toks[hi].raw not in self.glue
            if rest > 1:
                return False
            hi += 1
        return hi < len(toks) and toks[hi].raw in _TOPIC_END
