"""Progress over time: one summary per finished session, `sdi stats`, and practice --focus weak."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sdi import history


def practice(data: Path, stdin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sdi", "practice", "--seed", "1", *args], input=stdin, text=True,
                          capture_output=True, env={**os.environ, "SDI_DATA_DIR": str(data)}, timeout=60)


def test_stats_after_several_sessions(isolated_data: Path) -> None:
    answers = ["How many links a day?\nput redis in front of the database\n/quit\n",
               "What's the read write ratio?\nwe shard by short code\n/quit\n",
               "How many users?\n/quit\n"]
    for stdin in answers:
        assert practice(isolated_data, stdin).returncode == 0
    records = sorted((isolated_data / "history").glob("*.json"))
    assert [r.name for r in records] == ["000001.json", "000002.json", "000003.json"]
    assert json.loads(records[0].read_text())["bank"] == "url_shortener"
    out = subprocess.run([sys.executable, "-m", "sdi", "stats"], text=True, capture_output=True,
                         env={**os.environ, "SDI_DATA_DIR": str(isolated_data)}, timeout=60).stdout
    assert out.startswith("3 sessions")
    weakest = out.split("Weakest concepts (missed / expected):")[1].splitlines()[1]
    assert "3/3" in weakest  # missed every time comes first
    assert "requirements" in out.split("Phase trends")[1]


def test_stats_with_no_history(isolated_data: Path) -> None:
    assert "No finished sessions yet" in history.stats()


def test_focus_weak_picks_a_bank_that_exercises_weak_concepts(isolated_data: Path, library) -> None:  # type: ignore[no-untyped-def]
    (isolated_data / "history").mkdir(parents=True)
    for n in range(1, 3):
        (isolated_data / "history" / f"{n:06d}.json").write_text(json.dumps(
            {"bank": "url_shortener", "overall": 10, "phases": {}, "covered": [],
             "missed": ["base62_encoding", "hash_collision_handling", "key_generation_service"]}))
    assert history.weakest_bank(library) == "url_shortener"
    result = practice(isolated_data, "/quit\n", "--focus", "weak")
    assert result.returncode == 0 and "URL" in result.stdout


def test_a_summary_is_written_atomically(isolated_data: Path, library) -> None:  # type: ignore[no-untyped-def]
    from sdi.interviewer import Interviewer
    from sdi.scoring import build

    iv = Interviewer(library, library.banks["url_shortener"], library.flows["seven_step"])
    path = history.record(build(iv), None)
    assert path.is_file() and not list(path.parent.glob(".tmp-*"))
    assert history.load()[0]["bank"] == "url_shortener"
