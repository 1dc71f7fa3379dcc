"""Past sessions: one summary record per finished interview, and the trends `sdi stats` draws from them."""

from __future__ import annotations

import json
import os
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from sdi.model import PHASES
from sdi.scoring import Scorecard
from sdi.dirs import data_dir

SPARK = " ▁▂▃▄▅▆▇█"


def history_dir() -> Path:
    """Where session summaries live."""
    return data_dir() / "history"


def summary(card: Scorecard, transcript: Path | None) -> dict[str, Any]:
    """The record kept for one finished session."""
    return {"bank": card.bank, "flow": card.flow, "level": card.level, "overall": card.overall,
            "phases": {p.phase: p.score for p in card.phases},
            "covered": sorted({c for p in card.phases for c in p.covered}),
            "missed": sorted({c for p in card.phases for c in p.missed}),
            "flags": list(card.flags), "transcript": str(transcript) if transcript else None}


def record(card: Scorecard, transcript: Path | None) -> Path:
    """Write a session summary atomically (temp file, fsync, rename): a crash leaves the old state or the new."""
    folder = history_dir()
    folder.mkdir(parents=True, exist_ok=True)
    existing = sorted(folder.glob("*.json"))
    number = int(existing[-1].stem) + 1 if existing and existing[-1].stem.isdigit() else 1
    target = folder / f"{number:06d}.json"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(summary(card, transcript), f, ensure_ascii=False, indent=1)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, target)
    return target


def load() -> list[dict[str, Any]]:
    """Every readable session summary, oldest first (unreadable ones are skipped)."""
    out = []
    for path in sorted(history_dir().glob("[0-9]*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and "phases" in data:
            out.append(data)
    return out


def weakness(sessions: list[dict[str, Any]]) -> list[tuple[str, int, int]]:
    """(concept, times missed, times expected), weakest first."""
    missed: dict[str, int] = defaultdict(int)
    seen: dict[str, int] = defaultdict(int)
    for s in sessions:
        for c in s.get("missed", []):
            missed[c] += 1
            seen[c] += 1
        for c in s.get("covered", []):
            seen[c] += 1
    return sorted(((c, missed[c], seen[c]) for c in seen if missed[c]),
                  key=lambda t: (-t[1] / t[2], -t[1], t[0]))


def _spark(values: list[float]) -> str:
    return "".join(SPARK[min(len(SPARK) - 1, round(v * (len(SPARK) - 1)))] for v in values)


def stats() -> str:
    """Weakest concepts first, then a trend line per phase."""
    sessions = load()
    if not sessions:
        return "No finished sessions yet. Start one with `sdi practice`.\n"
    lines = [f"{len(sessions)} sessions; overall scores: " + " ".join(str(s["overall"]) for s in sessions[-10:]), "",
             "Weakest concepts (missed / expected):"]
    for concept, miss, seen in weakness(sessions)[:12]:
        lines.append(f"  {concept:<28} {miss}/{seen}")
    lines += ["", "Phase trends (oldest to newest):"]
    for phase in PHASES:
        values = [float(s["phases"][phase]) for s in sessions if phase in s.get("phases", {})]
        if values:
            lines.append(f"  {phase:<18} {_spark(values)}  last {round(values[-1] * 100)}%")
    return "\n".join(lines) + "\n"


def weakest_bank(library: Any) -> str | None:
    """The bank whose expectations cover the most of the candidate's weakest concepts."""
    weak = [c for c, _, _ in weakness(load())[:10]]
    if not weak:
        return None
    def hits(bank: Any) -> int:
        expected = {e.concept for plan in bank.phases.values() for e in plan.expects}
        return sum(1 for c in weak if c in expected)
    best = max(sorted(library.banks.values(), key=lambda b: b.id), key=hits)
    return str(best.id) if hits(best) else None
