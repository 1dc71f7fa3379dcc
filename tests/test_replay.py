"""Scripted dialogues: every one passes its expectations, and replays byte for byte as its golden file says.

Regenerate the goldens on purpose with `pytest tests/test_replay.py --update-goldens`, then review the diff.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from sdi.dialogue import load_dialogue
from sdi.events import dumps
from sdi.model import Library
from sdi.replay import replay

DIALOGUES = sorted((ROOT / "dialogues").rglob("*.yaml"))
GOLDEN = Path(__file__).resolve().parent / "golden"


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


@pytest.mark.parametrize("path", DIALOGUES, ids=_id)
def test_dialogue_expectations_hold(library: Library, path: Path) -> None:
    run = replay(library, load_dialogue(path))
    assert not run.failures, "\n".join(run.failures)


@pytest.mark.parametrize("path", DIALOGUES, ids=_id)
def test_replay_matches_golden(library: Library, path: Path, request: pytest.FixtureRequest) -> None:
    output = "".join(dumps(r) + "\n" for r in replay(library, load_dialogue(path)).records())
    golden = GOLDEN / path.parent.name / f"{path.stem}.jsonl"
    if request.config.getoption("--update-goldens"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(output, encoding="utf-8")
    assert golden.is_file(), f"no golden for {_id(path)}: run pytest --update-goldens on purpose"
    assert output == golden.read_text(encoding="utf-8")


def _replay_json(env_extra: dict[str, str]) -> bytes:
    import os

    env = {**os.environ, **env_extra}
    files = [str(p) for p in DIALOGUES[:3]]
    return subprocess.run([sys.executable, "-m", "sdi", "replay", "--json", *files], capture_output=True,
                          env=env, check=True).stdout


def test_replay_is_byte_identical_across_processes_and_hash_seeds() -> None:
    first = _replay_json({"PYTHONHASHSEED": "0"})
    assert first == _replay_json({"PYTHONHASHSEED": "1"})
    assert first == _replay_json({"PYTHONHASHSEED": "0", "LC_ALL": "C"})
