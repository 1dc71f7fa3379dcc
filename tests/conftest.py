"""Shared fixtures: the installed library, an isolated data folder, and the --update-goldens switch."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from sdi.banks import load_library
from sdi.model import Library

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
# one cache for the whole run (subprocesses inherit it), never the user's own
os.environ["SDI_CACHE_DIR"] = tempfile.mkdtemp(prefix="sdi-test-cache-")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true",
                     help="rewrite tests/golden/ from the current replay output (only on purpose)")


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library()


@pytest.fixture(autouse=True)
def isolated_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test writes transcripts and history into its own folder, never the user's."""
    folder = tmp_path / "sdi-data"
    monkeypatch.setenv("SDI_DATA_DIR", str(folder))
    monkeypatch.delenv("SDI_BANKS_PATH", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    return folder
