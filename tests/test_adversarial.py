"""Hostile input through every entry point: no crash, no hang, no raw control characters echoed, nothing lost.

The inputs are the files in tests/adversarial/ (add one to add a case; `blank_lines_under_labels.txt` is 360 KB
of list labels over thousands of blank lines) plus a 1 MB paste made at run time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from sdi.events import dumps
from sdi.transcript import SessionInfo

CORPUS = sorted((Path(__file__).resolve().parent / "adversarial").iterdir())
TIMEOUT = 60


def cases() -> list[tuple[str, bytes]]:
    out = [(p.name, p.read_bytes()) for p in CORPUS]
    out.append(("paste_1mb", b"we put redis in front of postgres and shard by user id. " * 18_000))
    return out


CASES = cases()


def sdi(args: list[str], stdin: bytes, data_dir: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "SDI_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "sdi", *args], input=stdin, capture_output=True, env=env,
                          timeout=TIMEOUT)


def clean_output(result: subprocess.CompletedProcess[bytes]) -> None:
    assert b"Traceback" not in result.stderr, result.stderr.decode(errors="replace")
    for stream in (result.stdout, result.stderr):
        assert b"\x1b" not in stream and b"\x00" not in stream and b"\x07" not in stream


def as_text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


@pytest.mark.parametrize("name,data", CASES, ids=[c[0] for c in CASES])
def test_detect(name: str, data: bytes, isolated_data: Path) -> None:
    result = sdi(["detect", "--json"], data, isolated_data)
    assert result.returncode == 0
    clean_output(result)
    json.loads(result.stdout)


@pytest.mark.parametrize("name,data", CASES, ids=[c[0] for c in CASES])
def test_practice_by_pipe_keeps_the_turn(name: str, data: bytes, isolated_data: Path, tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    line = as_text(data).replace("\n", " ").replace("\r", " ")
    result = sdi(["practice", "--seed", "1", "--transcript", str(path)], (line + "\n/quit\n").encode(), isolated_data)
    assert result.returncode == 0, result.stderr
    clean_output(result)
    said = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if '"candidate"' in x]
    assert said[-1]["command"] == "quit" or line.strip().startswith("/")
    if len(line) > 20_000:
        assert b"cut to its first" in result.stdout


@pytest.mark.parametrize("name,data", CASES, ids=[c[0] for c in CASES])
def test_replay_and_report_and_resume(name: str, data: bytes, isolated_data: Path, tmp_path: Path) -> None:
    text = as_text(data)
    dialogue = tmp_path / "d.yaml"
    dialogue.write_text(yaml.safe_dump({"bank": "url_shortener", "seed": 1, "turns": [text, "/quit"]}),
                        encoding="utf-8")
    result = sdi(["replay", "--json", str(dialogue)], b"", isolated_data)
    assert result.returncode == 0, result.stderr
    clean_output(result)
    transcript = tmp_path / "t.jsonl"
    records = [json.loads(x) for x in result.stdout.decode().splitlines()]
    head = SessionInfo("url_shortener", "seven_step", "mid", 1).as_json()
    transcript.write_text("".join(dumps(r) + "\n" for r in [head, *records[:-1]]), encoding="utf-8")
    report = sdi(["report", str(transcript), "--format", "md"], b"", isolated_data)
    assert report.returncode == 0
    clean_output(report)


@pytest.mark.parametrize("name,data", CASES, ids=[c[0] for c in CASES])
def test_bank_loading(name: str, data: bytes, isolated_data: Path, tmp_path: Path) -> None:
    bank = tmp_path / "hostile.yaml"
    bank.write_bytes(data)
    result = sdi(["bank", "lint", str(bank)], b"", isolated_data)
    assert result.returncode in (0, 1), result.stderr
    clean_output(result)
