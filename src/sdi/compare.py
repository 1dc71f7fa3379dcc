"""`sdi compare`: two attempts at the same problem, side by side."""

from __future__ import annotations

from sdi.errors import UsageError
from sdi.scoring import Scorecard


def compare(a: Scorecard, b: Scorecard) -> str:
    """What B newly covers, what it lost, and how scores, depth and flags moved."""
    if a.bank != b.bank:
        raise UsageError(f"these are attempts at different problems ({a.bank} and {b.bank})")
    covered_a = {c for p in a.phases for c in p.covered}
    covered_b = {c for p in b.phases for c in p.covered}
    lines = [f"{a.title}: {a.overall} -> {b.overall} ({b.overall - a.overall:+d})", "",
             f"{'phase':<18} {'A':>5} {'B':>5}"]
    scores_b = {p.phase: p.score for p in b.phases}
    for p in a.phases:
        if p.phase in scores_b:
            lines.append(f"{p.phase:<18} {round(p.score * 100):>4}% {round(scores_b[p.phase] * 100):>4}%")
    lines += ["", "Newly covered: " + (", ".join(sorted(covered_b - covered_a)) or "none"),
              "Lost: " + (", ".join(sorted(covered_a - covered_b)) or "none")]
    deeper = [f"{c} {a.depth[c]} -> {b.depth[c]}" for c in sorted(set(a.depth) & set(b.depth)) if a.depth[c] != b.depth[c]]
    lines.append("Depth changed: " + (", ".join(deeper) or "none"))
    lines.append("Flags gone: " + (", ".join(sorted(set(a.flags) - set(b.flags))) or "none"))
    lines.append("Flags new: " + (", ".join(sorted(set(b.flags) - set(a.flags))) or "none"))
    return "\n".join(lines) + "\n"
