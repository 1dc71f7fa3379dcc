"""`sdi explain`: a detection annotated for people, saying what matched, how well, and why a mention was set aside."""

from __future__ import annotations

from sdi.matching import CUED, EARNED, Detection


def explain(det: Detection) -> str:
    """Every mention the matcher found, with its rule, score and verdict."""
    lines = [f"Text: {det.text.strip()}", ""]
    credited = {c.id for c in det.concepts}
    if not det.mentions and not det.numbers:
        lines.append("Nothing matched: no concept names, synonyms or patterns were found.")
    for m in det.mentions:
        start, end = det.tokens[m.first].start, det.tokens[m.last].end
        words = det.text[start:end]
        if m.rule.kind == "ambiguous":
            verdict = f"ambiguous between {', '.join(m.rule.ambiguous_ids)}"
            lines.append(f"  ? \"{words}\" [{start}:{end}]: {verdict}")
            continue
        how = {"term": "phrase", "near": "phrase with context", "pattern": "words together",
               "number": "quantity", "names": "names", "fields": "fields listed",
               "walk": "path walked"}[m.rule.kind]
        fuzzy = "" if m.score >= 100 else " (typo-tolerant)"
        if m.distractor:
            sense = "one thing's rate, not the system's" if m.rule.kind == "number" else "an everyday sense"
            verdict = f"set aside: '{m.distractor}' nearby marks {sense}"
            mark = "x"
        elif m.negated_by:
            verdict = f"negated by '{m.negated_by}'"
            mark = "-"
        elif m.concept in det.elsewhere:
            verdict = "not earned here: it is the work of another phase"
            mark = "-"
        elif m.concept not in credited and m.tentative:
            verdict = "only weighed, and the answer rules it out elsewhere"
            mark = "-"
        else:
            verdict = "credited" if m.concept in credited else "credited (a better mention was kept)"
            mark = "+"
        lines.append(f"  {mark} {m.concept}: \"{words}\" [{start}:{end}] matched {how} '{m.rule.source}' "
                     f"score {m.score:.0f}{fuzzy}; {verdict}")
    for c in det.concepts:
        if c.term.startswith((CUED, EARNED)):  # earned by what the answer scoped out, or by another credit
            lines.append(f"  + {c.id}: \"{c.evidence}\" [{c.start}:{c.end}] {c.term}; credited")
    for n in det.numbers:
        what = " ".join(x for x in (n.unit, f"per {n.per}" if n.per else "") if x) or "a plain number"
        lines.append(f"  # \"{n.text}\" = {n.value:,.6g} ({what})")
    lines += ["", "Credited: " + (", ".join(sorted(credited)) or "none"),
              "Negated: " + (", ".join(n.id for n in det.negated) or "none")]
    if det.ambiguous:
        lines.append("Ambiguous: " + "; ".join(" or ".join(a.ids) for a in det.ambiguous))
    return "\n".join(lines) + "\n"
