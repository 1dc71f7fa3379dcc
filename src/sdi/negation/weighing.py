"""Ideas only weighed, not chosen: tentative cues, questions, and the rejections or answers that settle them."""

from __future__ import annotations

from collections.abc import Iterator

from sdi.negation.lexicon import CLAUSE_END, adverb, clause_end, clause_start, sentence_end
from sdi.negation.scope import HEDGE_REACH, LABEL_REACH, SCOPE_LIMIT, ScopeReader, in_ellipsis
from sdi.text import DASH, FULL_STOPS, SENTENCE_END, Token

REJECTION_REACH = 30   # "I thought about X ... but no" turns X down within this many words
CONCESSION_REACH = 6   # "Multi-region, [we could in principle], but I'd hold off": what a topic's concession may say
ANSWER_REACH = 4       # a "no" this early in the next sentence answers the question before it
SUFFICIENT_REACH = 5   # the longest phrase that says something else will do ("is all we need")
TAIL_REACH = 4         # words that may follow it to the sentence's end: "is plenty [for the first year]"
REASON_REACH = 40      # a ruling's reason names the idea again within this many words; further on is a new mention
_TOPIC_END = frozenset(",.?;")  # "tables:" and "fetchers (" introduce content; they are not topics awaiting a verdict


def _reach_end(toks: list[Token], start: int) -> int:
    """Where a rejection of the idea weighed at token start may still come: the sentence end, within reach
    (a semicolon joins the verdict to its idea: "Cassandra came up; we turned it down", and so does an
    ellipsis: "Postgres with a GROUP BY... no, scratch that")."""
    end = start
    while end < len(toks) and end < start + REJECTION_REACH and (
            toks[end].raw == ";" or toks[end].raw not in SENTENCE_END or in_ellipsis(toks, end)):
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


class WeighingReader(ScopeReader):
    """Reads which ideas an answer only weighs, and which of those it turns down."""

    def tentative(self, toks: list[Token]) -> list[bool]:
        """For each token, whether it only weighs an idea: after a cue like "I thought about", or in a
        question.

        A concept all of whose mentions are tentative, and that the answer also rules out, is negated."""
        marks = [False] * len(toks)
        free = 0  # the first token past the last weighed stretch
        for i in self.tentative_cues.starts(toks):
            hit = self.tentative_cues.at(toks, i) if i >= free else None
            if hit:
                j = i + hit[0]
                while j < len(toks) and j < i + hit[0] + SCOPE_LIMIT and toks[j].raw not in SENTENCE_END:
                    marks[j] = True
                    j += 1
                free = j
        for start, end in _questions(toks):  # a question weighs what it names
            for k in range(start, end):
                marks[k] = True
        return marks

    def topic_only(self, toks: list[Token], first: int, last: int) -> bool:
        """Whether a mention is a topic named before its verdict ("replication for counters, hmm."; "Autoscaling,
        uh, I wouldn't ..."): all its clause says, and not going on after a statement."""
        return self.clause_role(toks, first, last) == "topic"

    def clause_role(self, toks: list[Token], first: int, last: int) -> str:
        """What a mention that is all its clause says is: "topic" (awaiting a verdict), "item" (a list item or an
        aside going on after a statement), or "" when its clause says more."""
        lo = self.bare_clause(toks, first, last)
        if lo is None:
            return ""
        return "item" if self.after_statement(toks, lo) else "topic"

    def bare_clause(self, toks: list[Token], first: int, last: int) -> int | None:
        """Where the clause before a mention ends (-1 at the start) when the mention is all its clause says (a
        topic, a list item, an aside), else None."""
        rest = 0
        lo = first - 1
        while lo >= 0 and toks[lo].raw not in CLAUSE_END:
            rest += toks[lo].raw not in self.fillers and toks[lo].raw not in self.glue
            if rest > 1:
                return None  # walking out stops early: cost stays flat however long the clause
            lo -= 1
        hi = last + 1
        while hi < len(toks) and toks[hi].raw not in CLAUSE_END:
            rest += toks[hi].raw not in self.fillers and toks[hi].raw not in self.glue
            if rest > 1:
                return None
            hi += 1
        return lo if hi < len(toks) and toks[hi].raw in _TOPIC_END else None

    def after_statement(self, toks: list[Token], comma: int) -> bool:
        """Whether a clause follows a comma that closes a statement ("Access is by code only, one key lookup, so
        ..."; "a post service, a graph service"): it goes on with what was said, not a topic awaiting a verdict. A
        comma after fillers alone ("Um, multi-region, ...") still opens one."""
        return comma >= 0 and toks[comma].raw == "," and not self._fillers_before(toks, comma)

    def _fillers_before(self, toks: list[Token], comma: int) -> bool:
        """Whether only fillers stand between the clause end before this comma and the comma ("Um, ...")."""
        k = comma - 1
        while k >= 0 and toks[k].raw not in CLAUSE_END:
            if toks[k].raw not in self.fillers:
                return False
            k -= 1
        return True

    def _answered_no(self, toks: list[Token], scope: list[str]) -> None:
        """Negate a question the next sentence answers "no" to ("A separate queue? I'd say no for v1.")."""
        for start, end in _questions(toks):
            answer = (self._answer_after(toks, end + 1) or self._answer_closing(toks, end + 1)
                      or self._answer_pointing(toks, end + 1) or self._answer_sufficient(toks, end + 1))
            if answer:
                for k in range(start, end):
                    scope[k] = scope[k] or answer

    def _weighed_and_rejected(self, toks: list[Token], scope: list[str]) -> None:
        """Negate an idea weighed and then turned down in the same sentence ("I thought about a CDN, but,
        uh, actually no"; "some people would do GraphQL, but I'd just return JSON")."""
        free = 0  # the first token past the reach of the last idea weighed
        for i in self.tentative_cues.starts(toks):
            hit = self.tentative_cues.at(toks, i) if i >= free else None
            if not hit:
                continue
            end = _reach_end(toks, i + hit[0])
            # commas do not interrupt a rejection, nor do fillers ("but, uh, no"), though some rejections
            # begin with one ("actually no")
            rejected_at = self._rejection(toks, i + hit[0] + 1, end) or self._rejected_next(toks, end)
            if rejected_at:
                k, cue = rejected_at
                # the idea weighed, up to the "but" that turns to the reasons against it
                k = next((m for m in range(i + hit[0], k) if toks[m].raw in self.contrasts or toks[m].raw == ";"), k)
                for m in range(i + hit[0], k):
                    scope[m] = scope[m] or cue
            free = end
        self._weighed_before_and_rejected(toks, scope)

    def _rejected_next(self, toks: list[Token], end: int) -> tuple[int, str] | None:
        """A short statement after the full stop at token end that turns the idea weighed before it down ("I
        wanted a load balancer in front... but the client knows the ring. Dropping it."), as (where, cue)."""
        if end >= len(toks) or toks[end].raw not in FULL_STOPS or toks[end].raw == "?":
            return None
        hit = self._short_verdict(toks, end + 1) or self.rejections.at(toks, end + 1) or self._verdict_first(toks, end + 1)
        return (end, hit[1]) if hit else None

    def _verdict_first(self, toks: list[Token], j: int) -> tuple[int, str] | None:
        """A "no" opening the sentence from token j, set off from the reason that follows it ("Nah: a ride in
        Sao Paulo never needs a driver in Tokyo."; "No, one region is enough.")."""
        hit = self.answers.at(toks, j)
        return hit if hit and j + hit[0] < len(toks) and toks[j + hit[0]].raw in (":", ",", DASH) else None

    def _weighed_before_and_rejected(self, toks: list[Token], scope: list[str]) -> None:
        """Negate an idea named first, then weighed and turned down ("A CDN is tempting, but we don't need it
        yet"; "Multi-region sounds nice, but not for v1")."""
        for i, length, _ in self.weighed_after.find(toks):
            rejected_at = self._rejection(toks, i + length, _reach_end(toks, i + length))
            if rejected_at:
                self._label(toks, scope, i - 1, rejected_at[1])

    def _conceded_topics(self, toks: list[Token], scope: list[str]) -> None:
        """Negate a topic opening its sentence when a short concession follows it and a bare verdict closes it
        ("Multi-region, we could, but I'd hold off"; "Prefix caching is nice, but I'd leave it for later")."""
        start = 0
        for k, tok in enumerate(toks):
            if tok.raw in SENTENCE_END:
                start = k + 1
            elif tok.raw in self.contrasts and k > start:
                topic = self._topic_conceded(toks, start, k)  # cheap and bounded: asked first
                cue = self._bare_verdict(toks, k + 1) if topic else ""
                if cue and topic:
                    for m in range(*topic):
                        scope[m] = scope[m] or cue

    def _bare_verdict(self, toks: list[Token], k: int) -> str:
        """The cue of a clause from token k that is a verdict and names nothing of its own ("I'd hold off", "I
        think not for the first version", "I leave it for later"), or ''."""
        cue, verb = "", False
        while k < len(toks) and toks[k].raw not in CLAUSE_END:
            hits = [h for h in (self.before.at(toks, k), self.after.at(toks, k), self.answers.at(toks, k)) if h]
            if hits:
                hit = max(hits, key=lambda h: h[0])  # "not needed", not "not" with "needed" left over
                cue, k = cue or hit[1], k + hit[0]
            elif (toks[k].raw in self.leaders or toks[k].raw in self.fillers or toks[k].raw in self.glue
                  or toks[k].raw in self.frames or toks[k].raw in self.object_words or adverb(toks[k].raw)):
                k += 1
            elif not verb and k + 1 < len(toks) and toks[k + 1].raw in self.object_words:
                verb, k = True, k + 1  # "I [leave] it for later": one verb whose object points back
            else:
                return ""
        return cue

    def _topic_conceded(self, toks: list[Token], start: int, k: int) -> tuple[int, int] | None:
        """(first, end) of the topic opening a sentence from token start, when what follows it up to the
        contrast at token k only concedes something ("Multi-region[, we could,]"; "Prefix caching [is nice,]").
        """
        sep = next((m for m in range(start, min(k, start + LABEL_REACH + 1))
                    if toks[m].raw in (",", ":") or toks[m].raw in self.copulas), -1)
        if sep <= start or sep - start > LABEL_REACH or k - sep > CONCESSION_REACH + 1:
            return None
        topic, concession = toks[start:sep], toks[sep + 1:k]
        if any(t.raw in self.subjects or self.breaks(t) for t in topic):
            return None
        if any(self.breaks(t) and t.raw != "," for t in concession) or any(
                self.before.at(toks, m) or self.after.at(toks, m) for m in range(sep + 1, k)):
            return None  # "Kafka: no, it's too heavy, but ..." has its verdict already
        return start, sep

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
        end = sentence_end(toks, k)
        if end < len(toks) and toks[end].raw == "?":
            return ""
        for j in range(max(k, end - ANSWER_REACH - 2), end):
            hit = self.answers.at(toks, j)
            if hit and j + hit[0] == end and self._after_comma(toks, j):
                return hit[1]
        return ""

    def _answer_sufficient(self, toks: list[Token], k: int) -> str:
        """The phrase that closes the statement from token k by saying something else will do, so what was asked
        is not needed ("Autoscaling? A fixed fleet with headroom does fine."; "GraphQL? ... REST is plenty."), or ''."""
        end = sentence_end(toks, k)
        if end < len(toks) and toks[end].raw == "?":
            return ""
        for j in range(max(k, end - SUFFICIENT_REACH - TAIL_REACH), end):
            hit = self.sufficient.at(toks, j)
            if hit and self._short_tail(toks, j + hit[0], end):
                return hit[1]
        return ""

    def _short_tail(self, toks: list[Token], j: int, end: int) -> bool:
        """Whether tokens j..end are nothing or a short tail opened by a glue word ("is plenty [for the first year]")."""
        return j == end or (end - j <= TAIL_REACH and toks[j].raw in self.glue)

    def _short_verdict(self, toks: list[Token], j: int) -> tuple[int, str] | None:
        """A negation cue that is the whole statement from token j but for fillers and frames ("Not day one.",
        "Overkill for now."): naming nothing else, it rules out what was just asked ("Not sure yet." is no cue)."""
        hits = [h for h in (self.before.at(toks, j), self.after.at(toks, j)) if h]
        if not hits:
            return None
        hit = max(hits, key=lambda h: h[0])
        k = j + hit[0]
        while k < len(toks) and (toks[k].raw in self.fillers or toks[k].raw in self.frames or toks[k].raw in self.glue
                                 or toks[k].raw in self.object_words):
            k += 1  # "Dropping it."
        return hit if k < len(toks) and toks[k].raw in SENTENCE_END and toks[k].raw != "?" else None

    def _answer_pointing(self, toks: list[Token], k: int) -> str:
        """The verdict the sentence from token k passes on what was just asked, through a pronoun pointing back
        ("GraphQL? For a write-only API [it] buys nothing."; "Sharding? Honestly [that's] overkill."), or ''."""
        for j in range(k + 1, min(len(toks), k + REJECTION_REACH)):
            if toks[j].raw in CLAUSE_END:
                return ""  # in the answer's first clause: "Let me assume yes, and no range scans, those are out"
            hit = self.after.at(toks, j)
            if hit and (toks[j - 1].raw in self.object_words or self.referents.at(toks, j - 1)):
                end = j + hit[0]
                while end < len(toks) and toks[end].raw not in SENTENCE_END and toks[end].raw not in self.contrasts:
                    end += 1
                return hit[1] if end >= len(toks) or toks[end].raw in FULL_STOPS - {"?"} else ""  # "..., but the images need it"
        return ""

    def _conceded_answer(self, toks: list[Token], j: int) -> tuple[int, str] | None:
        """A "no" after a short concession opening the answer from token j ("Tempting, but no, three endpoints
        don't need a query language."; "Nice idea, but not for v1.")."""
        for c in range(j + 1, min(len(toks) - 1, j + ANSWER_REACH)):
            if toks[c].raw in SENTENCE_END:
                return None
            if toks[c].raw in self.contrasts and toks[c - 1].raw == ",":
                return self.answers.at(toks, c + 1) or self._short_verdict(toks, c + 1)
        return None

    def _after_comma(self, toks: list[Token], j: int) -> bool:
        """Whether token j follows a comma, past fillers and hedges ("..., so I'd say no")."""
        k = self._before_hedges(toks, j, HEDGE_REACH)
        return k >= 0 and toks[k].raw == ","

    def _answer_after(self, toks: list[Token], k: int) -> str:
        """The "no" that opens the sentence from token k, past fillers, commas and a hesitant "I...", or a short
        verdict that is the whole sentence ("Multi-region? Not day one."), or ''."""
        skipped = 0
        for j in range(k, len(toks)):
            hit = self.answers.at(toks, j) or self._short_verdict(toks, j) or self._conceded_answer(toks, j)
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
        so it is part of that ruling ("I'd skip the CDN, because an edge cache would hide the clicks"; "no
        broker in the middle; a Kafka hop would add seconds of lag")."""
        if later - ruled > REASON_REACH:
            return False  # bounded: a run-on answer naming the idea again and again stays linear
        between = toks[ruled + 1:later]
        if any(t.raw in FULL_STOPS for t in between):
            return False  # a reason may follow a semicolon or a colon, not a full stop
        reason = next((k for k in range(len(between) - 1, -1, -1) if between[k].raw in self.reasons
                       or (k == 0 and between[k].raw == ":" and _headed_no(toks, ruled))), -1)
        if reason >= 0 and not any(t.raw in SENTENCE_END for t in between):
            return not any(t.raw in self.contrasts for t in between[reason:])  # "..., but I think not, because"
        turns = [k for k in range(ruled + 1, later)
                 if toks[k].raw in self.contrasts and not self._answer_after(toks, k + 1)]
        return not turns and self._imagined(toks, later)  # "..., but no: ..." turns to nothing: it is the ruling

    def _imagined(self, toks: list[Token], k: int) -> bool:
        """Whether the clause holding token k imagines what would happen ("a Kafka hop [would] add lag"), and
        does not turn to another view ("the CDN would be great for thumbnails, [though]")."""
        lo, hi = clause_start(toks, k, REASON_REACH), clause_end(toks, k, REASON_REACH)
        turn = toks[lo:hi + 2]  # the clause and what follows its closing comma: "..., though"
        return any(t.raw in self.hypotheticals for t in toks[lo:hi]) and not any(t.raw in self.contrasts for t in turn)


def _headed_no(toks: list[Token], last: int) -> bool:
    """Whether the clause ending at token last is a short "No CDN" heading, so the colon after it opens the
    reason ("No CDN: most files are read once"), not what is done instead ("I wouldn't copy it: ...")."""
    first = clause_start(toks, last)
    return last - first < 4 and toks[first].raw == "no"
