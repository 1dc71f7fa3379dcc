"""Where files go: overrides win, and the XDG shortcut agrees with platformdirs wherever it is taken."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from sdi import dirs

xdg_only = pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="the XDG shortcut is for Linux and BSD")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SDI_DATA_DIR", "SDI_CACHE_DIR", "SDI_NO_CACHE", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)


def test_overrides_win(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SDI_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("SDI_CACHE_DIR", str(tmp_path / "c"))
    assert dirs.data_dir() == tmp_path / "d" and dirs.cache_dir() == tmp_path / "c"


def test_no_cache_means_no_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDI_NO_CACHE", "1")
    assert dirs.cache_dir() is None


@xdg_only
@pytest.mark.parametrize("xdg", [None, "/srv/xdg", "relative/ignored", "  "])
def test_agrees_with_platformdirs(monkeypatch: pytest.MonkeyPatch, xdg: str | None) -> None:
    if xdg is not None:
        monkeypatch.setenv("XDG_DATA_HOME", xdg)
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    assert dirs.data_dir() == Path(platformdirs.user_data_dir("sdi", appauthor=False))
    assert dirs.cache_dir() == Path(platformdirs.user_cache_dir("sdi", appauthor=False))


@xdg_only
def test_home_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert dirs.data_dir() == tmp_path / ".local" / "share" / "sdi"
    assert dirs.cache_dir() == tmp_path / ".cache" / "sdi"
