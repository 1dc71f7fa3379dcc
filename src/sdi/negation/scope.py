"""Where a negation's scope runs: forward over an object or a list, back over a topic or a pointing-back subject."""

from __future__ import annotations

from sdi.negation.lexicon import CLAUSE_END, Lexicon, adverb, clause_start
from sdi.text import ARROW, BULLET, DASH, SENTENCE_END, Token

SCOPE_LIMIT = 8        # a negation reaches at most this many words
REFERENT_LIMIT = 30    # "those are out of scope" reaches back this far, over commas, to the sentence start
LIST_ITEM = 4          # "leave out A, B and C": items of at most this many words carry the scope on
MAX_ITEMS = 16         # a list longer than this is a run-on of commas, not items a scope carries on over
MAX_OPTIONS = 4        # "not A or B or C": the options an "or" may carry one negation on to
HEDGE_REACH = 8        # "..., so honestly I'd just say no": the hedges and fillers a verdict's pause may hold
SUBJECT_REACH = 14     # a verdict on a whole sentence-opening subject ("A separate service with an RPC on every call is overkill")
RELATIVE_REACH = 5     # "search, which [we can leave] for v2": a verdict this close to "which" is on what it points back to
LABEL_REACH = 12       # "Two-phase commit between store and inboxes — too heavy": a label of at most this many words
OBJECT_REACH = 4       # "won't design any of that": a pointing-back object this close to its cue
LABEL_GAP = 3          # "Out of scope for v1:": the words a list label may carry before its colon or line end
LABEL_ENDS = (":", "\n")  # what closes a list label: the list follows it, on its line or below
PLURAL_REACH = 3       # "indexes and transactions [are explicit] non-goals": a plural verb this close to its verdict
TOPIC_REACH = 6        # "Consistent hashing we don't use": a topic put first is a short noun phrase


def _before_adverbs(toks: list[Token], j: int) -> int:
    """The index of the word before any adverbs ending at token j ("are explicitly", "I'm deliberately")."""
    while j > 0 and adverb(toks[j].raw):
        j -= 1
    return j


def in_ellipsis(toks: list[Token], j: int) -> bool:
    """Whether token j is a dot of an ellipsis ("Multi-region... not now"), a pause rather than a full stop."""
    return toks[j].raw == "." and ((j >= 1 and toks[j - 1].raw == ".") or (j + 1 < len(toks) and toks[j + 1].raw == "."))


class ScopeReader(Lexicon):
    """Opens, runs and closes the scopes every other reader marks."""

    def _forward(self, toks: list[Token], scope: list[str], j: int, cue: str, lists: bool = False,
                 object_only: bool = False, cancelled: set[int] | None = None) -> None:
        """Negate from token j on, to the scope's end; a verb's scope is its object, which ends where a clause
        word follows it ("we gave up transactions [to] stay available", "sacrificed consistency [for] speed");
        a second negation inside the scope cancels both ("no request hits the DB without the cache")."""
        start, limit, list_end, colon_list, below, seen, named = j, j + SCOPE_LIMIT, -1, False, False, False, False
        alternative = cue in self.alternatives  # "rather than": only its scope ends at the chosen option's clause
        disjoined, options = 0, 0  # where an "or" carried the scope on to another option, and how often
        while j < len(toks) and j < limit:
            if cancelled is not None and toks[j].raw in self.doubles and not self.ignore.at(toks, j):
                cancelled.add(j)
                break
            if lists and toks[j].raw in LABEL_ENDS and j - start <= LABEL_GAP and not colon_list:
                limit, colon_list = len(toks), True  # a list follows: negate all of it, to the sentence end
                below = self._next_item(toks, j + (toks[j].raw == ":")) > 0  # the label ends its line: items below
            aside = self._aside_end(toks, j) if j > start and self._unfinished(toks, start, j - 1) else 0
            if aside:  # "I'm not doing any, uh, two-phase commit": a filler between commas is a pause
                limit += aside - j
                j = aside
                continue
            if below and toks[j].raw == "\n":  # "Out of scope:\n- multi-region\n- analytics": each item below
                item = self._next_item(toks, j)
                if item < 0:
                    break
                j = item  # past the line break and any blank lines, to the item's bullet
            elif toks[j].raw in SENTENCE_END or (object_only and seen and toks[j].raw in self.not_topics):
                break
            elif j > start and toks[j].raw in self.deferrals:
                break  # "hold off on sharding until one box is saturated": the condition is not ruled out
            elif toks[j].raw == ARROW:
                break  # "the write rate doesn't fit -> shard": what follows an arrow is the consequence
            elif named and j >= list_end and toks[j].raw in self.subjects:
                break  # "rather than GraphQL I'd keep REST": the option not taken is named, the chosen one's clause begins
            elif disjoined and j > disjoined + 1 and toks[j].raw in self.not_topics:
                break  # "a UI or a GraphQL thing [for] three internal teams": the second option ends like an object
            elif (toks[j].raw in self.disjunctions and toks[j - 1].raw != "," and not alternative
                  and j > start and not toks[j - 1].is_punct and options < MAX_OPTIONS):
                limit, disjoined = max(limit, j + SCOPE_LIMIT), j  # "not run a second region or copy blocks across regions"
                options += 1
            elif not colon_list and j >= list_end and self.breaks(toks[j]) and toks[j].raw not in self.joiners:
                list_end = self._list_end(toks, start, j) or (self._pair_end(toks, start, j) if object_only else 0)
                if not list_end:
                    break
                limit = max(limit, list_end)
            scope[j] = scope[j] or cue
            seen = seen or toks[j].raw not in self.glue
            named = named or alternative and not (toks[j].is_punct or toks[j].raw in self.glue
                                                  or toks[j].raw in self.leaders or toks[j].raw in self.fillers)
            if not seen or toks[j].raw in self.hedges or toks[j].raw in self.fillers:
                limit += j - start < SCOPE_LIMIT  # "I don't think I'd make the limiter its own service": hedges are free
            j += 1

    def _unfinished(self, toks: list[Token], start: int, k: int) -> bool:
        """Whether a scope from token start breaks off at token k before naming its object ("any", or the bare
        verb after the cue: "you don't get, like, ACID"), so a pause there does not end it."""
        return toks[k].raw in self.glue or (k == start and not toks[k].is_punct and toks[k].raw not in self.leaders)

    def _aside_end(self, toks: list[Token], j: int) -> int:
        """The token after a spoken aside of fillers between commas opening at token j (", uh, ", ", like, "),
        else 0."""
        if toks[j].raw != ",":
            return 0
        k = j + 1
        while k < len(toks) and k - j <= 2 and toks[k].raw in self.fillers:
            k += 1
        return k + 1 if k > j + 1 and k < len(toks) and toks[k].raw == "," else 0

    def _aside_start(self, toks: list[Token], j: int) -> int:
        """Reading backwards, the token before a contrast set off by commas that closes at token j ("access
        control, though, is not in v1"), else -1; a filler there may end a clause ("we autoscaled, uh, ...")."""
        if toks[j].raw != "," or j < 3 or toks[j - 1].raw not in self.contrasts:
            return -1
        return j - 3 if toks[j - 2].raw == "," else -1

    def _dashed_start(self, toks: list[Token], j: int, end: int) -> int:
        """Reading backwards from a verdict ending at token end, the token before an aside between dashes closing
        at token j, right before the verdict's speaker ("Prefix caching — reusing the KV of shared prompts — I'd
        leave out of v1"), else -1."""
        if toks[j].raw != DASH or any(t.raw not in self.leaders for t in toks[j + 1:end + 1]):
            return -1
        for k in range(j - 1, max(-1, j - LABEL_REACH), -1):
            if toks[k].raw == DASH:
                return k - 1 if k > 0 and toks[k - 1].raw not in CLAUSE_END else -1
            if toks[k].raw in SENTENCE_END:
                return -1
        return -1

    @staticmethod
    def _next_item(toks: list[Token], j: int) -> int:
        """The bullet opening the next line after the line break at token j, past blank lines, or -1 when that
        line is no list item."""
        if j >= len(toks) or toks[j].raw != "\n":
            return -1
        while j < len(toks) and toks[j].raw == "\n":
            j += 1
        return j if j < len(toks) and toks[j].raw == BULLET else -1

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
            if (not 0 < k - first <= LIST_ITEM or any(toks[x].raw in self.copulas for x in range(first, k))
                    or toks[first].raw in self.subjects):
                return 0  # "skip GraphQL, the API is small and REST is fine", "not 200, we enqueue": a clause is no item
            items += 1
            if conjunction:
                return k if items >= 3 else 0
            if items > MAX_ITEMS:
                return 0  # bounded: no spoken list runs this long, and a run-on of commas stays linear

    def _pair_end(self, toks: list[Token], start: int, j: int) -> int:
        """Where the second of two short objects joined by "and"/"or" at token j ends, when the clause ends or
        turns there ("gave up strong consistency and multi-key transactions [to] stay available"), else 0."""
        if toks[j].raw not in self.conjunctions or not 0 < j - start <= LIST_ITEM:
            return 0
        k = j + 1
        while k < len(toks) and k - j <= LIST_ITEM and not self.breaks(toks[k]) and toks[k].raw not in self.not_topics:
            k += 1
        ends = k >= len(toks) or toks[k].raw in CLAUSE_END or toks[k].raw in self.not_topics
        return k if ends and k > j + 1 else 0

    def _backward(self, toks: list[Token], scope: list[str], j: int, cue: str, pointing: bool = False,
                  weighed: bool = False) -> None:
        end, reach, glue = j, SCOPE_LIMIT, frozenset[str]()
        referent = self._referent_before(toks, j)
        if (pointing or referent or cue in self.pointing_back) and not self._in_question(toks, j):
            j -= referent  # "search, ads and GraphQL: those are out of scope" reaches over the whole list
            reach, glue = REFERENT_LIMIT, self.list_glue | (self.contrasts if weighed else frozenset())
        elif cue in self.pointing_objects and not self._in_question(toks, j):
            reach, glue = REFERENT_LIMIT, self.list_glue | self.consequences  # "X saves little, so we left it out"
            if weighed:
                glue |= self.contrasts  # "GraphQL is popular for feeds, but I'd skip it."
        elif (plural := self._plural_verb(toks, j, cue)) >= 0:
            listed = self._list_before(toks, plural - 1)
            if listed >= 0:  # "range scans, secondary indexes and multi-key transactions are explicit non-goals"
                for k in range(listed, j + 1):
                    scope[k] = scope[k] or cue
                return
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
            aside = self._aside_start(toks, j) if toks[j].raw == "," else self._dashed_start(toks, j, end)
            if aside >= 0:  # "per-key access control, though, is not in v1": a word between commas is an aside
                end -= j - aside
                j = aside
                continue
            if toks[j].raw in self.joiners and reach != REFERENT_LIMIT:
                pass  # "geo-replication with per-region quorums can come later": one idea, deferred whole
            elif toks[j].raw in self.relatives and end - j < RELATIVE_REACH:
                j -= 1 + (j >= 1 and toks[j - 1].raw == ",")  # "cross-region failover, which I deliberately skipped"
                end = j  # the verdict is on what the relative word points back to: read it as the subject
                continue
            elif self.breaks(toks[j]) and toks[j].raw not in glue and not self._paired(toks, j):
                break  # a pointing-back subject reaches over a list, not over "because" or "so"
            scope[j] = scope[j] or cue
            j -= 1

    def _plural_verb(self, toks: list[Token], j: int, cue: str) -> int:
        """Where the plural verb of a verdict ending at token j stands ("are [explicitly] out of scope", "are
        explicit non-goals"), or where the modal opening the cue does, which agrees with a list as well as with
        one thing ("ranking, ads and comments [can] wait"), or -1."""
        if cue.split(" ", 1)[0] in self.modals:
            return j + 1
        for k in range(j, max(-1, j - PLURAL_REACH), -1):
            if toks[k].raw in self.plurals:
                return k
            if self.breaks(toks[k]):
                return -1
        return -1

    def _list_before(self, toks: list[Token], end: int) -> int:
        """The first token of a list of two or more short items ending at token end and opening its clause
        ("range scans, secondary indexes and multi-key transactions"), or -1.

        Read backwards: one conjunction comes first (before the last item), then only commas; an item too long
        or holding a subject or a copula is no item, and the list starts after the separator before it."""
        k, items, joined, start = end, 0, False, -1
        while items <= MAX_ITEMS:
            first = k
            while k >= 0 and first - k <= LIST_ITEM and not self.breaks(toks[k]) and toks[k].raw not in self.conjunctions:
                k -= 1  # bounded: an item longer than LIST_ITEM is no item anyway
            item = toks[k + 1:first + 1]
            if not 0 < len(item) <= LIST_ITEM or any(t.raw in self.copulas or t.raw in self.subjects for t in item):
                return start if joined and items >= 2 else -1
            items, start = items + 1, k + 1
            if k < 0 or toks[k].raw in SENTENCE_END or toks[k].raw == ":":
                return start if joined and items >= 2 else -1
            if toks[k].raw in self.conjunctions and not joined:
                joined = True
                k -= 1 + (k >= 1 and toks[k - 1].raw == ",")  # "A, B, and C"
            elif toks[k].raw == "," and joined:
                k -= 1
            else:  # a second "and", or another break: the list starts after it
                return start if joined and items >= 2 else -1
        return -1  # a run-on of commas, not a list

    def _label(self, toks: list[Token], scope: list[str], j: int, cue: str) -> None:
        """Negate the label a verdict follows, back to the start of its clause."""
        end = j
        while j >= 0 and end - j < LABEL_REACH and toks[j].raw not in CLAUSE_END:
            scope[j] = scope[j] or cue
            j -= 1

    def _conceded(self, toks: list[Token], i: int, end: int | None = None) -> bool:
        """Whether a pointing-back verdict from token i (to end, when its object is not yet known to close the
        clause) turns down what a concession before a contrast only praised ("GraphQL is popular for feeds, but I'd skip it."), not what a subject uses ("We use Kafka
        for fan-out, but I'd skip it for the counters": there the verdict has an object of its own)."""
        while end is not None and end < len(toks) and toks[end].raw in self.frames:
            end += 1  # "but we don't need it here."
        if end is not None and not self._stands_alone(toks, end):
            return False
        k = self._back_over(toks, i - 1, self.leaders)  # "but [honestly] [I'd]"
        if k >= 1 and any(toks[c].raw in self.consequences for c in range(k, i)):
            k = self._contrast_before(toks, k)  # "..., but then the counts are wrong, so I'd skip it."
        if k < 1 or toks[k].raw not in self.contrasts:
            return False
        k -= 1 + (toks[k - 1].raw == ",")
        while k >= 0 and toks[k].raw not in SENTENCE_END:
            if toks[k].raw in self.subjects and not (k + 1 < len(toks) and toks[k + 1].raw in self.hedges):
                return False  # "we use Kafka": a statement of the design, not a concession
            k -= 1
        return True

    def _contrast_before(self, toks: list[Token], k: int) -> int:
        """The contrast word opening the reason a consequence at token k draws its verdict from ("but [then]
        clicks never reach us, so"), in the same sentence, or -1."""
        for j in range(k - 1, max(-1, k - SUBJECT_REACH), -1):
            if toks[j].raw in SENTENCE_END:
                return -1
            if toks[j].raw in self.contrasts:
                return j
        return -1

    def _subject_opens_sentence(self, toks: list[Token], j: int) -> bool:
        """Whether the words before a verdict ending at token j are one subject that opens its sentence."""
        k = j
        while k >= 0 and j - k < SUBJECT_REACH and toks[k].raw not in SENTENCE_END:
            if self.breaks(toks[k]) and toks[k].raw not in self.joiners and not self._paired(toks, k):
                return False
            k -= 1
        return k < 0 or toks[k].raw in SENTENCE_END

    def _paired(self, toks: list[Token], k: int) -> bool:
        """Whether the conjunction at token k joins a pair a pairing word opened a few words before it, inside
        one idea ("a Kafka topic [between] the gateway [and] the index is overkill")."""
        if toks[k].raw not in self.conjunctions:
            return False
        for p in range(k - 1, max(-1, k - LIST_ITEM - 2), -1):
            if toks[p].raw in self.pairings:
                return True
            if self.breaks(toks[p]):
                return False
        return False

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

    def _back_over(self, toks: list[Token], k: int, words: frozenset[str]) -> int:
        """Back from token k over fillers, adverbs and the given words (hedges, or any speaker) to the first other."""
        while k >= 0 and (toks[k].raw in self.fillers or toks[k].raw in words or _before_adverbs(toks, k) != k):
            k -= 1
        return k

    def _opens_clause(self, toks: list[Token], k: int) -> bool:
        """Whether token k starts a clause: after punctuation that ends one, a conjunction, or fillers only."""
        k = self._back_over(toks, k - 1, self.hedges)  # "Going multi-region, I honestly think that's a later problem"
        return k < 0 or toks[k].raw in CLAUSE_END or toks[k].raw in self.conjunctions or toks[k].raw in self.contrasts

    def _clause_ends_after(self, toks: list[Token], j: int) -> bool:
        """Whether the clause ends after token j, or after a short tail opened by glue or a frame ("out of it",
        "out for now", "out entirely")."""
        end = j + 1
        while end < len(toks) and toks[end].raw not in CLAUSE_END and end - j <= 2:
            end += 1
        return self._stands_alone(toks, end) and (end == j + 1 or toks[j + 1].raw in self.glue
                                                  or toks[j + 1].raw in self.frames)

    def _it_alone(self, toks: list[Token], k: int) -> bool:
        """Whether a before-cue's object is a bare "it" or "them" closing the clause ("but I'd hold off on it:")."""
        while k < len(toks) and toks[k].raw in self.glue:
            k += 1
        return k < len(toks) and toks[k].raw in self.object_words and self._stands_alone(toks, k + 1)

    def _object_points_back(self, toks: list[Token], k: int) -> bool:
        """Whether what a before-cue rules out is a pointing-back word ending the clause ("skip those.",
        "won't design any of that."), so the verdict is on what the sentence said before it."""
        words = 0  # besides glue, at most the verb: "no way origin serves that" is not a verdict on "that"
        for j in range(k, min(len(toks), k + OBJECT_REACH)):
            if toks[j].raw in CLAUSE_END:
                return False
            hit = self.referents.at(toks, j)
            if hit and hit[0] == 1 and (self._stands_alone(toks, j + 1) or toks[j + 1].raw in self.deferrals
                                        or self._object_empty(toks, j + 1)):
                return True  # "skip those.", "I'd hold off on that until one DC is saturated", "pay for that at the start"
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
            if toks[j].raw in CLAUSE_END:
                return True
            if not (toks[j].raw in self.glue or toks[j].raw in self.fillers or toks[j].raw in self.frames):
                return False
        return k + SCOPE_LIMIT >= len(toks)

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
        if first < 0 or toks[first].raw in CLAUSE_END:
            return
        reach = max(0, end - 2 * TOPIC_REACH)  # a topic is short: no need to walk a run-on clause back to its start
        if any(toks[m].raw in CLAUSE_END for m in range(reach, first)) or reach == 0:
            first = clause_start(toks, first)
        else:
            return
        while first < end and (toks[first].raw in self.conjunctions or toks[first].raw in self.fillers):
            first += 1  # "And idempotency keys for completions, I don't think we need them"
        topic = [t for p, t in enumerate(toks[first:end]) if p == 0 or t.start != toks[first + p - 1].start]
        if 0 < len(topic) <= TOPIC_REACH and topic[0].raw not in self.not_topics and not any(
                (self.breaks(t) and (t.raw not in self.joiners or len(topic) - p > 3)
                 and not (t.raw in self.conjunctions and 0 < p < len(topic) - 1)) or t.raw in self.leaders
                or (t.raw in self.not_topics and (t.raw not in self.glue or len(topic) - p > 3))
                for p, t in enumerate(topic)):  # a short tail may follow a preposition: "failover for metadata"
            for k in range(first, end):
                scope[k] = scope[k] or cue

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
        j = self._before_hedges(toks, i, HEDGE_REACH)
        if j < 0 or not (toks[j].raw == "," or in_ellipsis(toks, j)):
            return -1
        while j >= 1 and (toks[j - 1].raw == "," or toks[j - 1].raw in self.fillers or in_ellipsis(toks, j - 1)):
            j -= 1
        return j

    def _opens_sentence(self, toks: list[Token], comma: int) -> bool:
        """Whether the words before the comma at token comma are a short topic opening their sentence
        ("Multi-region would double the bill, so no."), not the tail of a longer clause nor a statement of
        what we do ("We use Kafka now, maybe later.")."""
        k = comma - 1
        while k >= 0 and comma - k <= LABEL_REACH and toks[k].raw not in CLAUSE_END:
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
        return j >= len(toks) or toks[j].raw in CLAUSE_END
