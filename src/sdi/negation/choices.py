"""What a speaker's own verbs turn down: a rejecting verb, a choice made over another option, a split verb."""

from __future__ import annotations

from sdi.negation.lexicon import CLAUSE_END, clause_end
from sdi.negation.scope import ScopeReader
from sdi.text import FULL_STOPS, Token

CHOICE_REACH = 12      # "went with plain long polling over websockets": the choice made, before "over"
FRAME_REACH = 4        # "out of the 1:1 hot path": the frame a split verb keeps something out of
SPLIT_REACH = 9        # "kept GraphQL and any push channel to the player out": the object a split verb holds
OPTION_LABEL = 5       # "DynamoDB (or Cassandra):": the words a weighed option's label may hold before its colon


class ChoiceReader(ScopeReader):
    """Reads the verdicts spoken as verbs of choosing and rejecting."""

    def _said(self, toks: list[Token], i: int) -> tuple[int, str] | None:
        """A rejecting verb at token i said by a subject, past hedges and adverbs ("we dropped Kafka", "I think
        we can scrap it"), read as a before-cue; "the broker drops messages" is how the design works."""
        hit = self.verbs.at(toks, i)
        return hit if hit and self._subject_at(toks, self._past_hedges(toks, i - 1)) else None

    def _preferred_over(self, toks: list[Token], scope: list[str]) -> None:
        """Negate the option a choice was made over ("we went with polling over websockets", "chose Cassandra
        over Postgres"); "gRPC over HTTP/2" names no choice, so it is left alone."""
        for i, tok in enumerate(toks):
            if tok.raw not in self.over:
                continue
            k = i - 2  # at least one word is chosen
            while k >= 0 and i - k <= CHOICE_REACH and toks[k].raw not in CLAUSE_END:
                hit = self.choices.at(toks, k)
                if hit and k + hit[0] < i:
                    self._forward(toks, scope, i + 1, f"{toks[k].raw} ... {tok.raw}", object_only=True)
                    break
                k -= 1

    def _options_passed_over(self, toks: list[Token], scope: list[str]) -> None:
        """Negate the options weighed side by side that a later choice does not take ("Option one: direct gRPC.
        Option two: Redis pub/sub. Option three: a Kafka topic. Going with gRPC." turns down pub/sub and Kafka;
        so does "Two choices. Postgres: ... DynamoDB: ... I'd go with DynamoDB" for Postgres)."""
        options = self._option_spans(toks)
        if len(options) < 2:
            return
        end = options[-1][1]
        for k in range(end, min(len(toks), end + CHOICE_REACH * 3)):
            hit = self.choices.at(toks, k)
            if not hit:
                continue
            chosen = self._chosen(toks, options, k + hit[0])
            if chosen >= 0:
                for n, (first, last) in enumerate(options):
                    for j in range(first, self._option_named(toks, first, last) if n != chosen else first):
                        scope[j] = scope[j] or f"{toks[k].raw} ... over"
            return

    def _option_spans(self, toks: list[Token]) -> list[tuple[int, int]]:
        """(first, end) of each option weighed: a sentence opened by an option marker ("Option two: ..."), or,
        after options are announced ("Two choices for the store."), a sentence opened by a short label and a
        colon ("Postgres: one table, easy to run")."""
        words = {t.stem for t in toks}
        marked = any(marker <= words for marker in self.option_words)
        if not marked and (":" not in words or self.option_sets.firsts.isdisjoint(words)):
            return []  # the cheap tests first: most answers weigh no options side by side
        announced = next((j for j in self.option_sets.starts(toks) if self.option_sets.at(toks, j)), len(toks))
        spans: list[tuple[int, int]] = []
        start = 0
        for end in [j for j, t in enumerate(toks) if t.raw in FULL_STOPS] + [len(toks)]:
            labelled = any(toks[j].raw == ":" for j in range(start + 1, min(end, start + OPTION_LABEL + 1)))
            if end > start and (self.options.at(toks, start) or (announced < start and labelled)):
                spans.append((start, end))
            elif spans:
                break  # the options are over: what follows may choose one
            start = end + 1
        return spans

    def _option_named(self, toks: list[Token], first: int, last: int) -> int:
        """Where the words naming the option from token first end: a label's colon ("Postgres: one table ..."
        passes over Postgres, not the table it sketches), or the first clause after a marker's colon ("Option
        two: a Redis pub/sub channel per user")."""
        colon = next((j for j in range(first, last) if toks[j].raw == ":"), first)
        if not self.options.at(toks, first):
            return colon
        return min(clause_end(toks, colon + 1), last)

    def _chosen(self, toks: list[Token], options: list[tuple[int, int]], k: int) -> int:
        """Which option the words a choice takes from token k name: the one sharing most words with them (its
        label or what it proposes: "Going with gRPC plus the registry"), or -1 when none or a tie."""
        taken: set[str] = set()
        while k < len(toks) and toks[k].raw not in CLAUSE_END and len(taken) < 8:
            if not (toks[k].raw in self.glue or toks[k].raw in self.fillers or toks[k].is_punct):
                taken.add(toks[k].stem)
            k += 1
        shared = [len(taken & {t.stem for t in toks[first:end]}) for first, end in options]
        best = max(shared)
        return shared.index(best) if best and shared.count(best) == 1 else -1

    def _split_verbs(self, toks: list[Token], scope: list[str]) -> None:
        """Negate what a verb and its particle enclose when the particle ends the clause ("we left search and
        ads out", "kept GraphQL out."), leads into a frame ("keep a CDN out of the redirect path for v1") or
        puts it off until something happens ("leave a multi-region deployment until the EU rules force it");
        "take a dead node out of rotation" is no verdict."""
        for i, tok in enumerate(toks):
            particles = self.split.get(tok.raw)
            if not particles:
                continue
            for j in range(i + 2, min(len(toks), i + 2 + SPLIT_REACH)):
                if toks[j].raw in CLAUSE_END:
                    break
                if toks[j].raw in particles and (self._clause_ends_after(toks, j) or self._kept_out(toks, i, j)
                                                 or toks[j].raw in self.deferrals):  # "leave multi-region until ..."
                    for k in range(i + 1, j):
                        scope[k] = scope[k] or f"{tok.raw} ... {toks[j].raw}"
                    break

    def _kept_out(self, toks: list[Token], i: int, j: int) -> bool:
        """Whether the verb at token i keeps its object out of a frame with the particle at token j ("leave DRM
        out of this round", "keep a CDN out of the redirect path"), rather than placing something the design
        has ("keep the workers out of the hot path")."""
        placed = toks[i].raw in self.keeps and toks[i + 1].raw not in self.indefinites
        return not placed and self._out_of_frame(toks, j)

    def _out_of_frame(self, toks: list[Token], j: int) -> bool:
        """Whether the particle at token j leads into a frame of the design ("out of the 1:1 hot path", "out of
        this round"), not into another thing ("out of rotation", "out of Mongo")."""
        if j + 1 >= len(toks) or toks[j + 1].raw != "of":
            return False
        for k in range(j + 2, min(len(toks), j + 2 + FRAME_REACH)):
            if toks[k].raw in self.frames:
                return True
            if toks[k].raw in CLAUSE_END:
                return False
        return False
