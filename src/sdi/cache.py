"""An on-disk cache of loaded libraries and compiled matchers, keyed by the content hash of the data they came from."""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from sdi import __version__

T = TypeVar("T")


def cache_dir() -> Path | None:
    """Where cached objects live (SDI_CACHE_DIR overrides; SDI_NO_CACHE=1 turns caching off)."""
    if os.environ.get("SDI_NO_CACHE"):
        return None
    override = os.environ.get("SDI_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("sdi", appauthor=False))


@lru_cache(maxsize=1)
def _code_digest() -> bytes:
    """A hash of sdi's own source: a cached object from other code is never reused."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.digest()


def content_key(files: Iterable[Path], *extra: str) -> str:
    """A hash of the files' names and bytes, and of the code that reads them: any change gives a new key."""
    digest = hashlib.sha256(_code_digest())
    for part in extra:
        digest.update(part.encode())
    for path in sorted(files):
        digest.update(str(path).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
    return digest.hexdigest()[:32]


def cached(kind: str, key: str, build: Callable[[], T]) -> T:
    """The object stored under (kind, key), or build it and store it; a broken cache is rebuilt silently."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{kind}-{key}.pickle"
    try:
        with path.open("rb") as f:
            stored: T = pickle.load(f)  # noqa: S301 - our own cache, written by this code in the user's folder
            return stored
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    value = build()
    try:
        import tempfile

        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, AttributeError, TypeError, RecursionError):
        pass  # caching is an optimisation: never a reason to fail
    return value
