"""Reading TOML: the parser is imported on first use, and rule data is kept in a cache.

Importing the TOML parser and parsing every rule's phrase list took about a tenth of a
one-file run, on every run, to rebuild the same dictionaries. So the parsed data of each
rule data file is kept in the user's cache directory (``~/.cache/chatlint`` on Linux;
``CHATLINT_CACHE_DIR`` moves it, set empty to turn caching off), together with the exact
bytes it was parsed from: an entry is used only while the data file still holds those
bytes, so an edited phrase list is never read stale. The cache is only an
optimisation: when it is missing, unreadable, damaged or cannot be written, the TOML
file is parsed as before. A user's config is never cached.
"""

from __future__ import annotations

import functools
import marshal
import os
import sys
import zlib
from pathlib import Path
from types import ModuleType
from typing import Any, BinaryIO, Dict, Mapping, Optional

from chatlint.files import write_atomically

_MAGIC = b"CLTD" + marshal.version.to_bytes(2, "little")


def toml_parser() -> ModuleType:
    """``tomllib`` (``tomli`` before Python 3.11), imported when first needed."""
    if sys.version_info >= (3, 11):
        import tomllib

        return tomllib
    import tomli  # pragma: no cover - exercised on Python 3.9 and 3.10

    backport: ModuleType = tomli  # pragma: no cover
    return backport  # pragma: no cover


def parse(handle: BinaryIO) -> Dict[str, Any]:
    """A TOML document from a binary file; raises the parser's ``TOMLDecodeError``."""
    document: Dict[str, Any] = toml_parser().load(handle)
    return document


def cache_directory() -> Optional[str]:
    """Where chatlint keeps its cache, or ``None`` when caching is turned off."""
    chosen = os.environ.get("CHATLINT_CACHE_DIR")
    if chosen is not None:
        return chosen or None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or os.path.expanduser(r"~\AppData\Local")
        return os.path.join(base, "chatlint", "Cache")
    if sys.platform == "darwin":
        return os.path.expanduser("~/Library/Caches/chatlint")
    return os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "chatlint"
    )


def cache_file(path: str) -> Optional[str]:
    """The cache entry of the data file ``path``: one per file and Python version."""
    directory = cache_directory()
    if directory is None:
        return None
    absolute = os.path.abspath(path)
    # The checksum only keeps entries of same-named files apart; the stored bytes decide.
    tag = f"{zlib.crc32(absolute.encode('utf-8', 'surrogateescape')):08x}"
    name = f"{os.path.basename(absolute)}-{tag}.{sys.implementation.cache_tag}.data"
    return os.path.join(directory, "rule-data", name)


def load_cached(path: str) -> Dict[str, Any]:
    """The TOML data file ``path``, from the cache when its entry holds the same bytes."""
    with open(path, "rb") as handle:
        source = handle.read()
    entry = cache_file(path)
    if entry is not None:
        cached = _read_entry(entry, source)
        if cached is not None:
            return cached
    data: Dict[str, Any] = toml_parser().loads(source.decode("utf-8"))
    if entry is not None:
        _write_entry(entry, source, data)
    return data


@functools.lru_cache(maxsize=None)
def rule_data(path: str) -> Mapping[str, Any]:
    """A rule's TOML data file, read once per process (through the cache)."""
    return load_cached(path)


def data_beside(module_file: str) -> Mapping[str, Any]:
    """The data file next to a rule module: ``hedging.py`` -> ``hedging.toml``."""
    return rule_data(str(Path(module_file).with_suffix(".toml")))


def _read_entry(entry: str, source: bytes) -> Optional[Dict[str, Any]]:
    try:
        with open(entry, "rb") as handle:
            blob = handle.read()
        if not blob.startswith(_MAGIC):
            return None
        stored = marshal.loads(blob[len(_MAGIC) :])
    except (OSError, ValueError, EOFError, TypeError):
        return None  # no entry yet, or one we cannot use: the caller parses the TOML
    if (
        isinstance(stored, tuple)
        and len(stored) == 2
        and stored[0] == source
        and isinstance(stored[1], dict)
    ):
        return stored[1]
    return None


def _write_entry(entry: str, source: bytes, data: Dict[str, Any]) -> None:
    try:
        payload = _MAGIC + marshal.dumps((source, data))
    except ValueError:
        return  # a value marshal cannot store (a TOML date): this file is parsed every run
    try:
        os.makedirs(os.path.dirname(entry), exist_ok=True)
        # Atomic, so a concurrent run reads either the old entry or the whole new one;
        # not synced to disk: an entry lost in a crash is only parsed again.
        write_atomically(entry, payload, sync=False)
    except OSError:
        pass
