"""Where sdi keeps its files: the platform's user folders, or the folders the environment names."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "sdi"


def data_dir() -> Path:
    """Transcripts and history (SDI_DATA_DIR overrides the platform's user data folder)."""
    return _folder("SDI_DATA_DIR", "XDG_DATA_HOME", "~/.local/share", "user_data_dir")


def cache_dir() -> Path | None:
    """Cached libraries and matchers (SDI_CACHE_DIR overrides; SDI_NO_CACHE=1 turns caching off)."""
    if os.environ.get("SDI_NO_CACHE"):
        return None
    return _folder("SDI_CACHE_DIR", "XDG_CACHE_HOME", "~/.cache", "user_cache_dir")


def _folder(override: str, xdg: str, xdg_default: str, platform_kind: str) -> Path:
    """The override, else the XDG base-directory folder on Linux and the BSDs, else platformdirs' answer.

    XDG is read directly because it is two lines and platformdirs costs a tenth of start-up to import;
    macOS and Windows, whose rules are not two lines, go to platformdirs."""
    chosen = os.environ.get(override)
    if chosen:
        return Path(chosen)
    if os.name == "posix" and sys.platform != "darwin":
        base = os.environ.get(xdg, "").strip()
        if not os.path.isabs(base):  # the spec says a relative value is invalid and must be ignored
            base = os.path.expanduser(xdg_default)
        return Path(base) / APP
    import platformdirs

    return Path(getattr(platformdirs, platform_kind)(APP, appauthor=False))
