"""What is deferred until the system grows, argued for by imagining it away, or kept from happening."""

from __future__ import annotations

from sdi.negation.lexicon import CLAUSE_END, adverb, clause_end, clause_start
from sdi.negation.scope import REFERENT_LIMIT, SCOPE_LIMIT, TOPIC_REACH, ScopeReader
from sdi.text import DASH, SENTENCE_END, Token


FAILURE_REACH = 5  # words from "if" to the failure: "if the system is [overloaded]"


class ConditionReader(ScopeReader):
    """Reads conditions around a mention: growth, counterfactuals and prevented outcomes."""

    def _prevents(self, toks: list[Token], j: int) -> bool:
        """Whether the verb a negation opens on is an outcome the design prevents ("one tenant can't dominate a
        replica", "the key won't become a hot partition") rather than a choice it turns down ("we don't need a CDN")."""
        while j < len(toks) and (toks[j].raw in self.adverbs or toks[j].raw in self.fillers or adverb(toks[j].raw)):
            j += 1
        return bool(self.outcomes.at(toks, j))

    def _on_failure(self, toks: list[Token], j: int) -> bool:
        """Whether the clause a cue ends at token j goes on to a failure that sets it off ("we can skip it if
        it's down", "shed the bulk sends when the providers are overloaded"): the design degrading under
        failure, not an idea ruled out."""
        for k in range(j, min(len(toks), j + SCOPE_LIMIT)):  # bounded: a run of cues in one clause stays linear
            if toks[k].raw in CLAUSE_END:
                return False
            if toks[k].raw in self.conditions:
                return any(self.failures.at(toks, m) for m in range(k + 1, min(len(toks), k + 1 + FAILURE_REACH)))
        return False

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
            while j < len(toks) and j - i <= TOPIC_REACH + 4 and toks[j].raw not in CLAUSE_END:
                if self.growth.at(toks, j) or self.thresholds.at(toks, j):
                    label = i - 1 - (toks[i - 1].raw in (":", DASH))  # "Multi-region: only once >20M users are abroad"
                    cue = f"{toks[i].raw} {toks[i + 1].raw} ... grows"
                    self._label(toks, scope, label, cue)
                    self._then_ahead(toks, scope, j, cue)
                    break
                j += 1

    def _added_once_grown(self, toks: list[Token], scope: list[str]) -> None:
        """Negate what a clause adds only once the system grows, said verb first ("Add Redis once reads grow past
        10k a second", "we'd bring in Kafka when the write rate passes 5k"); "add the id to each feed when a
        user posts" is how the design works, and a condition opening its clause is _grown_into's."""
        for i, tok in enumerate(toks):
            if tok.raw not in self.conditions or not i or toks[i - 1].raw in CLAUSE_END:
                continue
            if not any(self.growth.at(toks, j) or self.thresholds.at(toks, j)
                       for j in range(i + 1, min(len(toks), i + TOPIC_REACH + 4))
                       if not any(toks[m].raw in CLAUSE_END for m in range(i + 1, j + 1))):
                continue
            k = clause_start(toks, i - 1) if i - SCOPE_LIMIT < 0 or any(
                toks[m].raw in CLAUSE_END for m in range(i - SCOPE_LIMIT, i)) else i  # bounded: stays linear
            while k < i and (toks[k].raw in self.subjects or toks[k].raw in self.modals or toks[k].raw in self.fillers):
                k += 1  # "we'd", "I would", "so"
            verb = self.introductions.at(toks, k)
            if verb and k + verb[0] < i:
                for m in range(k + verb[0], i):
                    scope[m] = scope[m] or f"{verb[1]} ... {tok.raw} ... grows"

    def _then_ahead(self, toks: list[Token], scope: list[str], j: int, cue: str) -> None:
        """Negate what a growth condition ending after token j leads to ("only once 30% of traffic is abroad,
        [then] DynamoDB global tables"): it waits for the same growth."""
        j = clause_end(toks, j)
        if j + 2 < len(toks) and toks[j].raw == "," and toks[j + 1].raw in self.consequences:
            self._forward(toks, scope, j + 2, cue)

    def _grown_into(self, toks: list[Token], scope: list[str]) -> None:
        """Negate what a speaker would add only once the system grows ("If we ever expand to Europe, we'd add a
        second region"); "if the primary dies, we'd fail over" is the design's answer to a failure, not growth."""
        for i, tok in enumerate(toks):
            if tok.raw not in self.conditions or (i and toks[i - 1].raw not in CLAUSE_END):
                continue
            j, grows = i + 1, False
            while j < len(toks) and j - i <= TOPIC_REACH + 4 and toks[j].raw not in CLAUSE_END:
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

    def _deferred_ahead(self, toks: list[Token], scope: list[str], i: int, cue: tuple[int, str]) -> None:
        """Negate what a sentence opened by a deferral says a speaker would do then ("Down the road we could
        add read replicas", "In v2, we'd add a CDN"); "Later the worker picks it up" is how the design works."""
        if i and toks[i - 1].raw not in SENTENCE_END:
            return
        j = i + cue[0]
        j += j < len(toks) and toks[j].raw == ","
        if j + 1 < len(toks) and self._would(toks, j):
            self._forward(toks, scope, j, cue[1])
