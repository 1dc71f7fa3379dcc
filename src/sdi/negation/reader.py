"""The negation reader: for each word of an answer, the cue that rules it out, defers it, or none."""

from __future__ import annotations

from sdi.negation.choices import ChoiceReader
from sdi.negation.conditions import ConditionReader
from sdi.negation.lexicon import CLAUSE_END, clause_start
from sdi.negation.scope import LABEL_ENDS, LABEL_GAP
from sdi.negation.weighing import WeighingReader
from sdi.text import ARROW, BULLET, Token


_NONE: frozenset[str] = frozenset()


class NegationReader(ConditionReader, ChoiceReader, WeighingReader):
    """Every reader of the package, run over one answer in a fixed order."""

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
            stem, raw = toks[i].stem, toks[i].raw
            if stem not in self.firsts and raw not in self.firsts:
                i += 1
                continue
            opens = self.opens.get(stem, _NONE) | self.opens.get(raw, _NONE)  # which lists a cue here may be from
            ignored = self.ignore.at(toks, i) if "ignore" in opens else None
            if ignored:
                answer = self.answers.at(toks, i)  # the whole ignored phrase: not the "no" of "no single point of failure"
                mark = self._mark_before(toks, i) if answer and answer[0] >= ignored[0] else -1
                if answer and mark >= 1:  # "Cross-region: not until an EU customer signs" answers its label
                    self._label(toks, scope, mark - 1, answer[1])
                i += ignored[0]
                continue
            before = (self.before.at(toks, i) if "before" in opens else None) or self._said(toks, i)
            after = self.after.at(toks, i) if "after" in opens else None
            if after and toks[i].raw == ARROW and not self._clause_ends_after(toks, i + after[0] - 1):
                after = None  # "search -> skipped." is a verdict; "bloom filter -> skip files that can't hold it" is not
            if before and self._prevents(toks, i + before[0]):
                i += before[0]  # "so we don't hit pg for every send": an outcome kept from happening, nothing ruled out
                continue
            cue_end = i + max(before[0] if before else 0, after[0] if after else 0)
            if cue_end > i and self._on_failure(toks, cue_end):
                i = cue_end  # "marketing sends we can drop if the system is overloaded": degrading, not ruling out
                continue
            if before and self._counterfactual(toks, i, before[1]):
                i += before[0]  # "Without the CDN the origin would need 70 Tbps": an argument for the CDN
                continue
            if before and not after:  # "A CDN [was not worth the cost]": an after-cue may start inside a before-cue
                after = next(filter(None, (self.after.at(toks, k) for k in range(i + 1, i + before[0]))), None)
            listed = (self.lists.at(toks, i) if "lists" in opens else None) or self._list_inside(toks, i, before)
            heading = self.headings.at(toks, i) if "headings" in opens else None
            listing = listed or (heading if i == 0 or toks[i - 1].raw in CLAUSE_END else None)
            if listing and self._opens_list(toks, i, i + listing[0]):
                self._forward(toks, scope, i + listing[0], listing[1], lists=True)
            elif before:
                self._forward(toks, scope, i + before[0], before[1], object_only=before[1] in self.verb_cues,
                              cancelled=cancelled)
                self._topic_first(toks, scope, i, before[1])
                conceded = self._it_alone(toks, i + before[0]) and self._conceded(toks, i)  # the cheap test first
                if conceded or self._object_points_back(toks, i + before[0]):  # "..., so I won't design any of that."
                    self._backward(toks, scope, i - 1, before[1], pointing=True,
                                   weighed=conceded or self._deferred_after(toks, i + before[0]))
                elif before[0] > 1 and self._object_empty(toks, i + before[0]):  # "Elasticsearch is something I'd leave out here."
                    self._backward(toks, scope, i - 1, before[1])
            if after:
                self._backward(toks, scope, i - 1, after[1], weighed=self._conceded(toks, i, i + after[0]))
                self._topic_first(toks, scope, i, after[1])
                self._deferred_ahead(toks, scope, i, after)
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
            elif after and comma >= 1 and self._ends_statement(toks, i + after[0]):
                self._awaited(toks, scope, comma, after[1])
            i += before[0] if before else 1  # an after-cue may hold a before-cue ("I wouldn't bother with")
        self._answered_no(toks, scope)
        self._preferred_over(toks, scope)
        self._options_passed_over(toks, scope)
        self._grown_into(toks, scope)
        self._only_once_grown(toks, scope)
        self._added_once_grown(toks, scope)
        self._weighed_and_rejected(toks, scope)
        self._conceded_topics(toks, scope)
        self._split_verbs(toks, scope)
        return scope

    def _awaited(self, toks: list[Token], scope: list[str], comma: int, cue: str) -> None:
        """Negate what a speaker says they would do once something happens, when a verdict closes the sentence
        after a comma ("I'd tackle multi-region once a contract needs 99.99%, not before"): up to the condition."""
        start = clause_start(toks, comma - 1)
        condition = next((k for k in range(start + 1, comma) if toks[k].raw in self.conditions), -1)
        if condition > start and toks[start].raw in self.subjects:
            for k in range(start, condition):
                scope[k] = scope[k] or cue

    def _list_inside(self, toks: list[Token], i: int, before: tuple[int, str] | None) -> tuple[int, str] | None:
        """A list label ending a before-cue that starts at token i ("I'd cut" holds "cut"), measured from i, so the
        cue read as a whole still opens the list after it ("What I'd cut: the response cache")."""
        if not before:
            return None
        for k in range(i + 1, i + before[0]):
            label = self.lists.at(toks, k)
            if label and k + label[0] >= i + before[0]:
                return k - i + label[0], label[1]
        return None

    def _opens_list(self, toks: list[Token], i: int, k: int) -> bool:
        """Whether a list label from token i to k opens a list: a colon soon after ("I'd skip: search, ads"), or
        a short line of its own with list items below ("Out of scope", "Deferred features" over "- analytics")."""
        end = next((j for j in range(k, min(len(toks), k + LABEL_GAP)) if toks[j].raw in LABEL_ENDS), -1)
        if end < 0:
            return False
        own_line = i == 0 or toks[i - 1].raw in ("\n", BULLET)
        return toks[end].raw == ":" or (own_line and self._next_item(toks, end) > 0)
