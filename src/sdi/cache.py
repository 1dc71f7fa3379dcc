"""An on-disk cache of loaded libraries and compiled matchers, keyed by the content hash of the data they came from."""

from __future__ import annotations

import gc
import os
import pickle
import time
import zlib
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path
from sdi import __version__
from sdi.dirs import cache_dir

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs start-up time (see PEP 781)
if TYPE_CHECKING:
    from typing import Any, BinaryIO, TypeVar

    T = TypeVar("T")

MAX_AGE = 14 * 86400      # an entry unused this long (an old version of an edited bank) is deleted
MAX_BYTES = 256 << 20     # and past this total the least recently used go first
STALE_TMP = 3600          # a half-written entry this old belongs to a process that died


class _Checksum:
    """Two independent 32-bit checksums of a byte stream: enough to notice any edit, and zlib is already
    loaded where hashlib would cost start-up time (the key guards against edits, not forgery)."""

    def __init__(self, seed: bytes = b"") -> None:
        self.crc, self.adler, self.size = 0, 1, 0
        self.update(seed)

    def update(self, data: bytes) -> None:
        self.crc, self.adler = zlib.crc32(data, self.crc), zlib.adler32(data, self.adler)
        self.size += len(data)
        self.crc = zlib.crc32(b"\0", self.crc)  # a separator: moving bytes between parts changes the key

    def hexdigest(self) -> str:
        return f"{self.crc:08x}{self.adler:08x}{self.size:x}"


@lru_cache(maxsize=1)
def _code_digest() -> bytes:
    """A fingerprint of sdi's own source (names, sizes, modification times; reading every file would cost
    start-up time): a cached object from other code is never reused."""
    digest = _Checksum(__version__.encode())
    for name, st in _sources(os.path.dirname(os.path.abspath(__file__))):
        digest.update(f"{name}:{st.st_size}:{st.st_mtime_ns}".encode())
    return digest.hexdigest().encode()


def _sources(folder: str, prefix: str = "") -> list[tuple[str, os.stat_result]]:
    """Every .py file under folder, subpackages included (sdi.negation is one), by path, sorted."""
    out: list[tuple[str, os.stat_result]] = []
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name.endswith(".py"):
            out.append((prefix + entry.name, entry.stat()))
        elif entry.is_dir() and os.path.exists(os.path.join(entry.path, "__init__.py")):
            out += _sources(entry.path, prefix + entry.name + "/")
    return out


def content_key(files: Iterable[Path], *extra: str) -> str:
    """A checksum of the files' names and bytes, and of the code that reads them: any change gives a new key."""
    digest = _Checksum(_code_digest())
    for part in extra:
        digest.update(part.encode())
    for path in sorted(files):
        digest.update(str(path).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
    return digest.hexdigest()


def cached(kind: str, key: str, build: Callable[[], T]) -> T:
    """The object stored under (kind, key), or build it and store it; a broken cache is rebuilt silently."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{kind}-{key}.pickle"
    try:
        with path.open("rb") as f:
            stored: T = _load(f)
        _touch(path)
        return stored
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    value = build()
    gc.freeze()  # built once, kept for the session: out of the cycle collector's reach, as a loaded one is
    try:
        import tempfile

        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        prune(folder)
    except (OSError, pickle.PicklingError, AttributeError, TypeError, RecursionError):
        pass  # caching is an optimisation: never a reason to fail
    return value


def _load(f: BinaryIO) -> Any:
    """Unpickle with the cycle collector paused, then move what was loaded out of its reach: a matcher is a
    few hundred thousand small long-lived objects, and scanning them (while loading, or in a pause during
    a later turn) would cost more than loading them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        value = pickle.load(f)  # noqa: S301 - our own cache, written by this code in the user's folder
        gc.freeze()
        return value
    finally:
        if enabled:
            gc.enable()


def _touch(path: Path) -> None:
    """Mark an entry as used, so pruning removes the ones nobody reads any more."""
    try:
        os.utime(path)
    except OSError:
        pass


def prune(folder: Path, now: float | None = None) -> None:
    """Delete entries unused for MAX_AGE, then the least recently used past MAX_BYTES, and leftovers of
    writes that never finished: an author who edits a bank all day must not fill the disk."""
    now = time.time() if now is None else now
    entries = []
    for path in folder.iterdir():
        try:
            st = path.stat()
        except OSError:
            continue
        if path.name.startswith(".tmp-"):
            if st.st_mtime < now - STALE_TMP:
                _unlink(path)
        elif path.suffix == ".pickle":
            entries.append((st.st_mtime, st.st_size, path))
    total = sum(size for _, size, _ in entries)
    for used, size, path in sorted(entries, key=lambda e: e[0]):
        if used >= now - MAX_AGE and total <= MAX_BYTES:
            break
        _unlink(path)
        total -= size


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
