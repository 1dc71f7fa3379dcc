"""Every broken data file in tests/data/broken/ gives its expected `file:line:col: message` and exit code 1.

Each case's first line says what `sdi bank lint` must report: `# expect: LINE:COL: MESSAGE`.
Adding a case is adding a file.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import DATA

CASES = sorted((DATA / "broken").rglob("*.yaml"))


def lint(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "sdi", "bank", "lint", str(path)], capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_broken_file_reports_its_problem(path: Path) -> None:
    expected = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect: ")
    line_col, message = expected.split(": ", 1)
    result = lint(path)
    assert result.returncode == 1
    assert f"{path}:{line_col}: error: {message}" in result.stdout.splitlines(), result.stdout
    assert "Traceback" not in result.stderr


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 30


def test_a_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("w") as f:
        f.write("id: huge\nnotes: |\n")
        line = "  " + "x" * 98 + "\n"
        for _ in range(500_000):  # 50 MB
            f.write(line)
    result = lint(huge)
    assert result.returncode == 1
    assert f"{huge}:1:1: error: file is larger than 2 MB" in result.stdout


def test_invalid_utf8_points_at_the_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"id: bad\ntitle: \xff\xfe\n")
    result = lint(bad)
    assert f"{bad}:2:1: error: file is not valid UTF-8" in result.stdout


def test_practice_with_a_broken_bank_is_exit_2(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "sdi", "practice", "--bank", str(DATA / "broken" / "duplicate_key.yaml")],
                            capture_output=True, text=True, input="", timeout=60)
    assert result.returncode == 2
    assert "duplicate key 'title'" in result.stderr and "Traceback" not in result.stderr
