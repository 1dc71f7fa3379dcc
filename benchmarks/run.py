"""Every path a user waits on, timed, each figure beside its budget and a reference taken in the same run.

    python benchmarks/run.py [--quick] [--write benchmarks/RESULTS.md]

References: Python's own start-up for start-up figures, a plain lower-cased
substring search for detection. Ratios (figure / reference) are what stays
comparable across machines; seconds are printed too.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sdi.banks import load_library  # noqa: E402
from sdi.dialogue import dialogue_files, load_dialogue  # noqa: E402
from sdi.interviewer import concepts_for, matcher_for  # noqa: E402
from sdi.matching import Matcher  # noqa: E402
from sdi.model import Catalog, Concept  # noqa: E402
from sdi.replay import interviewer_for  # noqa: E402

Row = tuple[str, str, str, str, bool]  # name, figure, budget, vs reference, ok
WORDS = ("cache redis database shard replica queue kafka worker load balancer user request second day storage "
         "latency because trade off fail region index write read hot key consistent hashing api endpoint token "
         "the a we would and then so it is of to for in on with that this our").split()


def quantiles(samples: list[float]) -> tuple[float, float]:
    """Median and 99th percentile."""
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def first_line_latency(cmd: list[str], stdin: str, env: dict[str, str]) -> float:
    """Seconds from starting a process to its first line of output."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env=env, text=True)
    assert proc.stdin and proc.stdout
    proc.stdin.write(stdin)
    proc.stdin.close()
    proc.stdout.readline()
    elapsed = time.perf_counter() - t
    proc.stdout.read()
    proc.wait()
    return elapsed


def startup(repeat: int) -> list[Row]:
    # as after `pip install`, which compiles bytecode: a shell with PYTHONDONTWRITEBYTECODE set would
    # otherwise recompile every module on every run and time the compiler, not sdi
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(SDI_DATA_DIR=tempfile.mkdtemp(prefix="sdi-bench-"),
               PYTHONPYCACHEPREFIX=tempfile.mkdtemp(prefix="sdi-bench-pyc-"))
    script = Path(sys.executable).with_name("sdi")  # what a user types; `python -m sdi` from a bare checkout
    command = [str(script)] if script.exists() else [sys.executable, "-m", "sdi"]
    bare, practice = [sys.executable, "-c", "print('q')"], [*command, "practice", "--seed", "1"]
    first_line_latency(practice, "/quit\n", env)  # warm the caches (library, bytecode)
    python, sdi = [], []
    for _ in range(repeat):  # interleaved, so a busy moment on the machine hits both alike
        python.append(first_line_latency(bare, "", env))
        sdi.append(first_line_latency(practice, "/quit\n", env))
    py, ours = statistics.median(python), statistics.median(sdi)
    ratio = ours / py
    return [("start-up to first question (piped practice)", ms(ours), "< 400 ms and < 6x python",
             f"python -c: {ms(py)} (x{ratio:.1f})", ours < 0.4 and ratio < 6)]


def per_turn(library: object) -> tuple[list[Row], int]:
    samples: list[float] = []
    files = dialogue_files([str(ROOT / "dialogues")])
    for path in files:
        d = load_dialogue(path)
        iv = interviewer_for(library, d)  # type: ignore[arg-type]
        iv.start()
        iv.matcher  # loaded before timing: the per-turn figure is the core's own work  # noqa: B018
        for turn in d.turns:
            t = time.perf_counter()
            iv.answer(turn.say, turn.at)
            samples.append(time.perf_counter() - t)
    med, p99 = quantiles(samples)
    return [("core: one candidate turn (all dialogues)", f"median {ms(med)}, p99 {ms(p99)}", "p99 < 10 ms",
             f"{len(samples)} turns", p99 < 0.010)], len(files)


def replay_all(count: int) -> list[Row]:
    env = {**os.environ, "SDI_DATA_DIR": tempfile.mkdtemp(prefix="sdi-bench-")}
    cmd = [sys.executable, "-m", "sdi", "replay", "--check", str(ROOT / "dialogues")]
    subprocess.run(cmd, capture_output=True, env=env)
    wall = statistics.median(timed(lambda: subprocess.run(cmd, capture_output=True, env=env), 3))
    return [("replay --check of every dialogue (CLI)", f"{wall:.2f} s", "< 3 s",
             f"{count} dialogues, {count / wall:.1f}/s", wall < 3.0)]


def answer(words: int, rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def detection(library: object, rng: random.Random) -> list[Row]:
    matcher = Matcher(library.catalog, concepts_for(library, None))  # type: ignore[attr-defined]
    gc.collect()
    gc.freeze()  # as sdi holds a matcher (sdi.cache): long-lived, out of the cycle collector's reach
    texts = [answer(100, rng) for _ in range(400)]
    for t in texts[:50]:
        matcher.detect(t)
    ours = [timed(lambda t=t: matcher.detect(t), 1)[0] for t in texts]
    names = [(c.id, [x.lower() for x in c.terms]) for c in matcher.concepts.values()]
    base = [timed(lambda t=t: [cid for cid, ts in names if any(x in t for x in ts)], 1)[0] for t in texts]
    med, p99 = quantiles(ours)
    bmed, _ = quantiles(base)
    return [("detect: 100-word answer, every bank loaded", f"median {ms(med)}, p99 {ms(p99)}",
             "median < 1 ms, p99 < 5 ms", f"substring baseline {ms(bmed)} (x{med / bmed:.1f})",
             med < 0.001 and p99 < 0.005),
            ("detect throughput", f"{1 / statistics.mean(ours):,.0f} answers/s", "-", "", True)]


def hostile(library: object, rng: random.Random) -> list[Row]:
    """Every hostile input of tests/test_adversarial.py read as a document, against ordinary words of the same
    length: a shape of input (blank lines under a label, a run of negations) must not make the time grow faster."""
    matcher = Matcher(library.catalog, concepts_for(library, None))  # type: ignore[attr-defined]
    worst, name = 0.0, ""
    inputs = [(p.name, p.read_bytes().decode("utf-8", errors="replace"))
              for p in sorted((ROOT / "tests" / "adversarial").iterdir())]
    for label, text in inputs:
        if len(text) < 1000:
            continue  # too short to time against anything
        plain = answer(len(text) // 6, rng)[:len(text)]
        ours = min(timed(lambda: matcher.detect_document(text), 3))
        base = min(timed(lambda: matcher.detect_document(plain), 3))
        if ours / base > worst:
            worst, name = ours / base, label
    return [("hostile documents (tests/test_adversarial.py) vs ordinary text of the same length", f"worst x{worst:.1f}",
             "< 5x", name, worst < 5)]


def loading() -> list[Row]:
    from sdi import banks

    cold = timed(lambda: (banks.load_library.cache_clear(), banks._build_library()), 3)
    warm = timed(lambda: (banks.load_library.cache_clear(), banks.load_library()), 10)
    # measured in fresh processes, as a user meets it (a cache miss): this process's big heap would slow it
    code = ("import time,sys;from sdi.banks import load_library;from sdi.interviewer import concepts_for;"
            "from sdi.matching import Matcher;lib=load_library();t=time.perf_counter();"
            "Matcher(lib.catalog, concepts_for(lib, None));sys.stdout.write(str(time.perf_counter()-t))")
    compile_all = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                        env={**os.environ, "PYTHONPATH": str(ROOT / "src")}).stdout)
                   for _ in range(5)]
    return [("load every bank, warm (cache)", ms(statistics.median(warm)), "< 150 ms",
             f"cold parse {ms(statistics.median(cold))}", statistics.median(warm) < 0.150),
            ("compile the catalog and every bank", ms(statistics.median(compile_all)), "< 150 ms", "",
             statistics.median(compile_all) < 0.150)]


def memory() -> list[Row]:
    # VmHWM is this process's own peak (ru_maxrss can carry the forking parent's high-water mark)
    hwm = ("import sys;sys.stderr.write([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0]"
           ".split()[1])")
    code = f"from sdi.cli import main;main(['replay','--json',{str(ROOT / 'dialogues')!r}]);{hwm}"
    ref = f"import yaml,rapidfuzz,transitions,prompt_toolkit;{hwm}"

    def peak(src: str) -> float:
        out = subprocess.run([sys.executable, "-c", src], capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
        return int(out.stderr.strip().splitlines()[-1]) / 1024
    ours, base = peak(code), peak(ref)
    return [("peak memory, replaying every dialogue", f"{ours:.0f} MB", "< 150 MB",
             f"python + dependencies imported: {base:.0f} MB", ours < 150)]


def synthetic_catalog(size: int, real: Catalog, rng: random.Random) -> Catalog:
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "pa", "qu", "do", "fe", "gi", "ho", "ju"]
    concepts = {}
    for i in range(size):
        terms = tuple(" ".join("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
                               for _ in range(rng.randint(1, 3))) for _ in range(6))
        concepts[f"c{i}"] = Concept(f"c{i}", "deep_dive", "synthetic", terms)
    return Catalog(concepts, real.abbreviations, real.negation, (), real.exact_only)


def growth(library: object, rng: random.Random, quick: bool) -> tuple[list[Row], list[str]]:
    real = library.catalog  # type: ignore[attr-defined]
    lines = ["| catalog size | compile | detect median | detect p99 |", "|---:|---:|---:|---:|"]
    texts = [answer(100, rng) for _ in range(200)]
    p99_at = {}
    for size in (100, 1000, 3000, 10000):
        catalog = synthetic_catalog(size, real, rng)
        t = time.perf_counter()
        matcher = Matcher(catalog)
        built = time.perf_counter() - t
        samples = [timed(lambda x=x: matcher.detect(x), 1)[0] for x in texts]
        med, p99 = quantiles(samples)
        p99_at[size] = p99
        lines.append(f"| {size:,} | {ms(built)} | {ms(med)} | {ms(p99)} |")
    lines += ["", "| answer words | detect median | per word |", "|---:|---:|---:|"]
    matcher = Matcher(real, concepts_for(library, None))
    per_word = {}
    for words in (10, 100, 1000, 10000):
        sample = [answer(words, rng) for _ in range(5 if words >= 1000 else 50)]
        med = statistics.median(timed(lambda s=sample: [matcher.detect(x) for x in s], 3)) / len(sample)
        per_word[words] = med / words
        lines.append(f"| {words:,} | {ms(med)} | {med / words * 1e6:.2f} µs |")
    catalog_linear = p99_at[10000] / p99_at[1000] < 10 * 1.5
    length_linear = per_word[10000] / per_word[100] < 1.5 * 10  # text is cut at 20,000 characters
    rows = [("detect with a 10,000-concept synthetic catalog", f"p99 {ms(p99_at[10000])}", "p99 < 20 ms",
             f"100 concepts: p99 {ms(p99_at[100])}", p99_at[10000] < 0.020),
            ("growth: catalog 1k -> 10k, answer 100 -> 10k words", "see tables", "linear or better",
             f"x{p99_at[10000] / p99_at[1000]:.1f} for 10x concepts", catalog_linear and length_linear)]
    return rows, lines


def accuracy_section() -> list[str]:
    """Detection accuracy on both splits, beside the substring baseline measured in the same run."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from detect_eval import report_lines

    return ["## Detection accuracy", "",
            "Command: `python benchmarks/detect_eval.py` (corpus `tests/data/detect/corpus.jsonl`, described in "
            "`tests/data/detect/README.md`; the held-out split is never tuned against and its errors are never "
            "printed). Baseline: lower-cased substring search of each concept's names, same run.",
            "", "```", *report_lines(("dev", "heldout"))[1], "```", ""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--write", type=Path, help="also write the results as Markdown to this file")
    args = parser.parse_args(argv)
    rng = random.Random(7)
    gc.collect()
    library = load_library()
    for bank in library.banks.values():
        matcher_for(library, bank)
    rows: list[Row] = []
    rows += startup(5 if args.quick else 15)
    turn_rows, count = per_turn(library)
    rows += turn_rows
    rows += replay_all(count)
    rows += detection(library, rng)
    rows += hostile(library, rng)
    rows += loading()
    rows += memory()
    growth_rows, growth_lines = growth(library, rng, args.quick)
    rows += growth_rows
    table = ["| path | figure | budget | reference (same run) | ok |", "|---|---|---|---|---|"]
    table += [f"| {n} | {f} | {b} | {r} | {'yes' if ok else 'NO'} |" for n, f, b, r, ok in rows]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
    report = ["# Benchmark results", "", f"Run {time.strftime('%Y-%m-%d %H:%M')} on {machine}.",
              f"Command: `python benchmarks/run.py{' --quick' if args.quick else ''}`.", "", *table, "",
              "## Growth", "", *growth_lines, "", *accuracy_section()]
    print("\n".join(report))
    if args.write:
        args.write.write_text("\n".join(report), encoding="utf-8")
    return 0 if all(ok for *_, ok in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
