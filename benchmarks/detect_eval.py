"""Detection accuracy on the labelled corpus: precision, recall, F1 and negation accuracy, against a baseline.

    python benchmarks/detect_eval.py [--split dev|heldout|all] [--worst N] [--json]

The baseline, measured in the same run, is a lower-cased substring search for
each concept's names (no typos, no negation, no context). Only core concept
ids (spec/core_concepts.yaml) are scored, since those are what the corpus labels.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sdi.banks import load_library  # noqa: E402
from sdi.interviewer import concepts_for, matcher_for  # noqa: E402
from sdi.matching import Matcher  # noqa: E402
from sdi.model import Library  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "detect" / "corpus.jsonl"
Predict = Callable[[dict], tuple[set[str], set[str]]]


@dataclass
class Tally:
    """Counts for one slice of the corpus."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    neg_total: int = 0
    neg_right: int = 0
    lines: int = 0
    errors: list[tuple[int, dict, set[str], set[str]]] = field(default_factory=list)

    def add(self, item: dict, got: set[str], negated: set[str]) -> None:
        want, want_neg = set(item["concepts"]), set(item["negated"])
        self.lines += 1
        self.tp += len(got & want)
        self.fp += len(got - want)
        self.fn += len(want - got)
        only_negated = want_neg - want
        self.neg_total += len(only_negated)
        self.neg_right += len(only_negated - got)
        wrong = len(got ^ want)
        if wrong:
            self.errors.append((wrong, item, got - want, want - got))

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def negation(self) -> float:
        return self.neg_right / self.neg_total if self.neg_total else 1.0

    def row(self) -> dict[str, float]:
        return {"lines": self.lines, "precision": round(self.precision, 3), "recall": round(self.recall, 3),
                "f1": round(self.f1, 3), "negation_accuracy": round(self.negation, 3)}


def core_ids() -> set[str]:
    import yaml

    spec = ROOT.parent / "shared" / "spec" / "core_concepts.yaml"
    if spec.is_file():
        return {cid for items in yaml.safe_load(spec.read_text()).values() for cid in items}
    return set(load_library().catalog.concepts)


def sdi_predictor(library: Library, core: set[str]) -> Predict:
    generic = Matcher(library.catalog, concepts_for(library, None))

    def predict(item: dict) -> tuple[set[str], set[str]]:
        bank = library.banks.get(item.get("bank", ""))
        phases = (item["phase"],) if item.get("phase") else ()  # the interviewer always knows the phase
        det = (matcher_for(library, bank) if bank else generic).detect(item["text"], phases=phases)
        return set(det.ids) & core, {n.id for n in det.negated} & core
    return predict


def baseline_predictor(library: Library, core: set[str]) -> Predict:
    names = {cid: [t.lower() for t in (c.terms or (cid.replace("_", " "),))]
             for cid, c in library.catalog.concepts.items() if cid in core}

    def predict(item: dict) -> tuple[set[str], set[str]]:
        text = item["text"].lower()
        return {cid for cid, terms in names.items() if any(t in text for t in terms)}, set()
    return predict


def evaluate(items: Iterable[dict], predict: Predict) -> dict[str, dict[str, Tally]]:
    out: dict[str, dict[str, Tally]] = {"all": defaultdict(Tally), "phase": defaultdict(Tally),
                                        "bank": defaultdict(Tally), "source": defaultdict(Tally)}
    for item in items:
        got, negated = predict(item)
        for key, name in (("all", "all"), ("phase", item["phase"]), ("bank", item["bank"]),
                          ("source", item.get("source", "original"))):
            out[key][name].add(item, got, negated)
    return out


def load(split: str, corpus: Path = CORPUS) -> list[dict]:
    items = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [i for i in items if split == "all" or i["split"] == split]


def table(title: str, ours: dict[str, Tally], base: dict[str, Tally]) -> list[str]:
    lines = [f"\n{title}", f"{'':<22} {'n':>4} {'P':>6} {'R':>6} {'F1':>6} {'neg':>6}   {'base F1':>7} {'base neg':>8}"]
    for name in sorted(ours):
        o, b = ours[name], base[name]
        lines.append(f"{name:<22} {o.lines:>4} {o.precision:>6.3f} {o.recall:>6.3f} {o.f1:>6.3f} {o.negation:>6.3f}"
                     f"   {b.f1:>7.3f} {b.negation:>8.3f}")
    return lines


def by_concept(t: Tally) -> list[str]:
    """Which concepts are missed or wrongly credited most: where catalog work pays."""
    fp: dict[str, int] = defaultdict(int)
    fn: dict[str, int] = defaultdict(int)
    for _, _, extra, missed in t.errors:
        for c in extra:
            fp[c] += 1
        for c in missed:
            fn[c] += 1
    lines = ["\nper concept (misses, false credits):"]
    for c in sorted(set(fp) | set(fn), key=lambda c: -(fp[c] + fn[c])):
        lines.append(f"  {c:<28} missed {fn[c]:>3}   false {fp[c]:>3}")
    return lines


def report_lines(splits: tuple[str, ...], corpus: Path = CORPUS, concepts: bool = False,
                 worst: int = 0) -> tuple[dict[str, dict], list[str]]:
    """The figures for each split, as JSON-ready rows and as text; worst cases only ever for dev."""
    library = load_library()
    core = core_ids()
    ours, base = sdi_predictor(library, core), baseline_predictor(library, core)
    report: dict[str, dict] = {}
    lines: list[str] = []
    for split in splits:
        items = load(split, corpus)
        o, b = evaluate(items, ours), evaluate(items, base)
        report[split] = {"sdi": o["all"]["all"].row(), "baseline": b["all"]["all"].row(),
                         "source": {k: v.row() for k, v in o["source"].items()},
                         "phase": {k: v.row() for k, v in o["phase"].items()},
                         "bank": {k: v.row() for k, v in o["bank"].items()}}
        oa, ba = o["all"]["all"], b["all"]["all"]
        lines += [f"== {split}: {oa.lines} answers ==",
                  f"sdi      P {oa.precision:.3f}  R {oa.recall:.3f}  F1 {oa.f1:.3f}  negation {oa.negation:.3f}",
                  f"baseline P {ba.precision:.3f}  R {ba.recall:.3f}  F1 {ba.f1:.3f}  negation {ba.negation:.3f}"]
        lines += table("per source (independent: written blind to the catalog)", o["source"], b["source"])
        lines += table("per phase", o["phase"], b["phase"]) + table("per bank", o["bank"], b["bank"])
        if split != "heldout":  # held-out errors are never printed: reading them would spoil the split
            if concepts:
                lines += by_concept(oa)
            if worst:
                lines.append(f"\nworst {worst} ({split}):")
                for _, item, extra, missed in sorted(oa.errors, key=lambda e: (-e[0], e[1]["id"]))[:worst]:
                    lines.append(f"  {item['id']}: {item['text'][:110]!r}")
                    lines.append(f"      false: {sorted(extra)}  missed: {sorted(missed)}")
        lines.append("")
    return report, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="both", choices=("dev", "heldout", "all", "both"))
    parser.add_argument("--worst", type=int, default=10, help="worst dev cases (held-out ones are never shown)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--by-concept", action="store_true", help="false positives and misses per concept (dev)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    splits = ("dev", "heldout") if args.split == "both" else (args.split,)
    report, lines = report_lines(splits, args.corpus, args.by_concept, args.worst)
    print(json.dumps(report, indent=1) if args.json else "\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
