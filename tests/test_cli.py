"""The command line: exit codes, one-line errors, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from sdi import __version__
from sdi.cli import main


def run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "sdi", *args], input=stdin, capture_output=True, timeout=60)


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


def test_banks_and_flows_list_ids_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["banks"]) == 0
    assert "url_shortener" in [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()]
    assert main(["flows"]) == 0
    assert {"seven_step", "four_step", "rails", "six_step"} <= {
        line.split("\t")[0] for line in capsys.readouterr().out.splitlines()}


@pytest.mark.parametrize("args", [["nonsense"], ["practice", "--level", "wizard"], ["replay"],
                                  ["detect", "--phase", "nope"], ["practice", "--bank", "no_such_bank"],
                                  ["replay", "missing.yaml"], ["report", "missing.jsonl"]])
def test_bad_usage_is_one_line_and_exit_2(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 2
    err = result.stderr.decode()
    assert len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def test_replay_check_passes_on_the_shipped_dialogues() -> None:
    result = run("replay", "--check", str(ROOT / "dialogues"))
    assert result.returncode == 0, result.stdout.decode() + result.stderr.decode()
    assert result.stdout.decode().strip().endswith("dialogues passed")


def test_replay_check_reports_failures_with_exit_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("bank: url_shortener\nturns:\n  - say: 'hello'\n    expect: {credited: [sharding]}\n")
    result = run("replay", "--check", str(bad))
    assert result.returncode == 1
    out = result.stdout.decode()
    assert f"FAIL {bad}: turn 1: credited: expected [sharding], got []" in out
    assert out.strip().endswith("0/1 dialogues passed")


def test_replay_json_keeps_stdout_for_events(tmp_path: Path) -> None:
    result = run("replay", "--json", "--check", str(ROOT / "dialogues" / "url_shortener" / "weak.yaml"))
    lines = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert lines[-1]["event"] == "scorecard" and lines[0]["kind"] == "opening"
    assert "dialogues passed" in result.stderr.decode()


def test_broken_dialogue_points_at_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("bank: url_shortener\nturns:\n  - say: hi\n    expect: {flagz: []}\n")
    result = run("replay", "--check", str(bad))
    assert result.returncode == 2
    assert f"{bad}:4:" in result.stderr.decode() and "did you mean 'flags'" in result.stderr.decode()


def test_detect_json() -> None:
    result = run("detect", "--json", "--bank", "url_shortener", stdin=b"put redis in front of the db; no CDN")
    record = json.loads(result.stdout)
    assert record["bank"] == "url_shortener"
    assert "cache" in [c["id"] for c in record["concepts"]]
    assert [n["id"] for n in record["negated"]] == ["cdn"]


def test_detect_jsonl_reports_broken_lines_and_goes_on() -> None:
    lines = b'{"text": "redis cache", "id": 7}\n{broken\n{"text": "kafka queue", "bank": "url_shortener"}\n'
    result = run("detect", "--jsonl", stdin=lines)
    out = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(out) == 3
    assert out[0]["id"] == 7 and "cache" in [c["id"] for c in out[0]["concepts"]]
    assert out[1]["line"] == 2 and "error" in out[1]
    assert out[2]["bank"] == "url_shortener" and "message_queue" in [c["id"] for c in out[2]["concepts"]]
    assert "stdin:2" in result.stderr.decode()
    assert result.returncode == 2


@pytest.mark.parametrize("data", [b"", b"\xff\xfe bad utf8 redis", b"\x00\x01\x1b[31m", "é 漢字 🚀 שלום".encode()])
def test_detect_survives_odd_input(data: bytes) -> None:
    result = run("detect", "--json", stdin=data)
    assert result.returncode == 0
    json.loads(result.stdout)
    assert "Traceback" not in result.stderr.decode()


def test_explain_says_why(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"we don't need a CDN, but a cahce helps")))
    assert main(["explain"]) == 0
    out = capsys.readouterr().out
    assert "negated by" in out and "typo-tolerant" in out


def test_flow_show_mermaid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["flow", "show", "rails", "--mermaid"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("stateDiagram-v2") and "requirements --> high_level_design" in out


def test_unknown_bank_suggests_the_nearest_installed_one() -> None:
    result = run("practice", "--bank", "news_fed", stdin=b"/quit\n")
    assert result.returncode == 2
    assert "did you mean 'news_feed'" in result.stderr.decode()
