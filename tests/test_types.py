"""The source type-checks under mypy --strict, so a refactor that breaks a contract is caught before it runs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

pytest.importorskip("mypy")


def test_source_is_strictly_typed() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy", "--strict", str(ROOT / "src" / "sdi")],
                            capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:]
