"""Reports from a replayed dialogue's transcript: Markdown, JSON, HTML (parsed, and rendered in a real browser)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT
from sdi.dialogue import load_dialogue
from sdi.events import dumps
from sdi.model import Library
from sdi.replay import replay
from sdi.transcript import SessionInfo

DIALOGUE = ROOT / "dialogues" / "url_shortener" / "strong.yaml"
OUTPUT = Path(__file__).resolve().parent / "output"


def transcript_of(library: Library, path: Path, out: Path) -> Path:
    """A saved transcript of a replayed dialogue, as practice would have written it."""
    d = load_dialogue(path)
    run = replay(library, d)
    info = SessionInfo(d.bank, d.flow, d.level, d.seed, d.pace)
    out.write_text("".join(dumps(r) + "\n" for r in [info.as_json(), *run.records()]), encoding="utf-8")
    return out


def report(path: Path, fmt: str) -> str:
    result = subprocess.run([sys.executable, "-m", "sdi", "report", str(path), "--format", fmt], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture()
def transcript(library: Library, tmp_path: Path) -> Path:
    return transcript_of(library, DIALOGUE, tmp_path / "strong.jsonl")


def test_markdown_quotes_evidence_and_says_what_to_study(transcript: Path) -> None:
    md = report(transcript, "md")
    assert md.startswith("# Scorecard: URL shortener")
    assert "## Credited, with the words that earned it" in md
    assert '"Writes are 100M a day, so about 1,200 per second' in md or "1,200 per second" in md
    assert "## What to study" in md
    assert "Meets the senior bar" in md


def test_json_report_matches_the_replay_scorecard(library: Library, transcript: Path) -> None:
    data = json.loads(report(transcript, "json"))
    expected = replay(library, load_dialogue(DIALOGUE)).scorecard
    assert expected is not None
    assert data["overall"] == expected.overall
    assert set(data["phases"]) == {p.phase for p in expected.phases}
    assert data["evidence"]["base62_encoding"]


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def test_html_is_self_contained_with_an_inline_svg_chart(transcript: Path) -> None:
    page = report(transcript, "html")
    parser = _Collect()
    parser.feed(page)
    assert "svg" in parser.tags and parser.tags.count("rect") >= 16
    assert "script" not in parser.tags
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "") and "https://" not in page


def _browser() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(_browser() is None, reason="no headless browser installed")
def test_html_renders_in_a_real_browser(transcript: Path, tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(report(transcript, "html"), encoding="utf-8")
    OUTPUT.mkdir(exist_ok=True)
    shot = OUTPUT / "report.png"
    shot.unlink(missing_ok=True)
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}"]
    subprocess.run([str(_browser()), *flags, f"--screenshot={shot}", "--window-size=1000,1400", page.as_uri()],
                   capture_output=True, timeout=120)
    assert shot.is_file() and shot.stat().st_size > 5_000
    dom = subprocess.run([str(_browser()), *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True,
                         timeout=120).stdout
    assert "<svg" in dom and "Scorecard: URL shortener" in dom


def test_report_of_a_cut_transcript_gives_a_notice(transcript: Path) -> None:
    data = transcript.read_bytes()
    transcript.write_bytes(data[: data.rstrip(b"\n").rfind(b"\n") + 20])  # cut the last line mid-way
    result = subprocess.run([sys.executable, "-m", "sdi", "report", str(transcript)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0
    assert "cut off or damaged" in result.stderr


def test_compare_two_attempts(library: Library, tmp_path: Path) -> None:
    a = transcript_of(library, ROOT / "dialogues" / "url_shortener" / "weak.yaml", tmp_path / "a.jsonl")
    b = transcript_of(library, DIALOGUE, tmp_path / "b.jsonl")
    out = subprocess.run([sys.executable, "-m", "sdi", "compare", str(a), str(b)], capture_output=True, text=True,
                         timeout=60).stdout
    assert "Newly covered:" in out and "base62_encoding" in out.split("Newly covered:")[1].splitlines()[0]
    assert "Flags gone:" in out and "jumped_to_solution" in out
