"""What the registry knows of each installed rule without importing its module.

Working out which rules run needs only each rule's code, name and status, but reading
them from the rule classes meant importing every rule's module on every run: about a
twentieth of a one-file run, most of it for rules that then do not run (preview rules,
rules a config leaves out). So the first run that imports a rule keeps those facts in
the user's cache (beside the rule data, see :func:`chatlint.toml_files.cache_directory`;
``CHATLINT_CACHE_DIR`` set empty turns it off), with the size and modification time of
every source file the rule's class is built from. A later run takes them from there
while each of those files is unchanged, and imports a rule's module only when the rule
runs or is shown. The index is only an optimisation: when it is missing, damaged or
out of date, or cannot be written, rules are imported as before.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    Iterable,
    List,
    Mapping,
    NamedTuple,
    Optional,
    Tuple,
    Type,
)

from chatlint.files import write_atomically
from chatlint.toml_files import cache_directory

if TYPE_CHECKING:
    from chatlint.rule import Rule

#: The file's first bytes: the format (the last byte) and marshal's version.
_MAGIC = b"CLRI" + marshal.version.to_bytes(2, "little") + b"\x03"

#: An entry point as (name, value, where its package is): what the index is keyed by.
#: Where the package is (see :func:`package_of`) keeps apart two copies of one plugin,
#: or two source trees of chatlint, that one Python environment can import.
PointKey = Tuple[str, str, str]
#: A source file as (path, modification time in nanoseconds, size in bytes).
_Stamp = Tuple[str, int, int]


class Heading(NamedTuple):
    """What choosing the rules of a run needs to know of a rule, as the rule says it
    (see :class:`chatlint.rule.Rule`)."""

    code: str
    name: str
    preview: bool
    default_enabled: bool
    #: :meth:`chatlint.rule.Rule.on_by_default`'s answer.
    on_by_default: bool

    @classmethod
    def of(cls, rule: Type["Rule"]) -> Heading:
        return cls(
            rule.code,
            rule.name,
            bool(rule.preview),
            bool(rule.default_enabled),
            bool(rule.on_by_default()),
        )


class Indexed(NamedTuple):
    """A rule's heading and the source files it was read from, as they were then."""

    heading: Heading
    files: Tuple[_Stamp, ...]


def package_of(module: str) -> Optional[str]:
    """Where this process imports the top-level package of ``module`` from (the file of
    its ``__init__``, or its folders), without importing it; ``None`` when not known."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(module.partition(".")[0])
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    if spec.origin and spec.has_location:
        return spec.origin
    return os.pathsep.join(spec.submodule_search_locations or ()) or None


def index_file() -> Optional[str]:
    """This environment's index (one per Python environment and version), or ``None``
    when caching is turned off."""
    directory = cache_directory()
    if directory is None:
        return None
    tag = f"{zlib.crc32(sys.prefix.encode('utf-8', 'surrogateescape')):08x}"
    return os.path.join(directory, "rule-index", f"{tag}.{sys.implementation.cache_tag}.index")


def read() -> Dict[PointKey, Indexed]:
    """The indexed rules whose source files are all as they were when indexed."""
    path = index_file()
    if path is None:
        return {}
    try:
        with open(path, "rb") as handle:
            blob = handle.read()
        if not blob.startswith(_MAGIC):
            return {}
        stored = marshal.loads(blob[len(_MAGIC) :])
    except (OSError, ValueError, EOFError, TypeError):
        return {}  # no index yet, or one this version cannot read: rules are imported
    if not isinstance(stored, dict):
        return {}
    seen: Dict[str, Optional[Tuple[int, int]]] = {}  # a file several rules share: one stat
    fresh: Dict[PointKey, Indexed] = {}
    for key, value in stored.items():
        indexed = _decoded(key, value)
        if indexed is not None and all(
            _stamp_of(path, seen) == (mtime, size) for path, mtime, size in indexed.files
        ):
            fresh[key] = indexed
    return fresh


def write(entries: Mapping[PointKey, Indexed]) -> None:
    """Replace the index with ``entries``; a failure leaves rules to be imported."""
    path = index_file()
    if path is None:
        return
    payload = _MAGIC + marshal.dumps(
        {key: (tuple(indexed.heading), indexed.files) for key, indexed in entries.items()}
    )
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        # Atomic, so a concurrent run reads the old index or the whole new one; not synced
        # to disk: an index lost in a crash is only built again.
        write_atomically(path, payload, sync=False)
    except OSError:
        pass


def forget() -> None:
    """Remove the index (a rule did not match it): the next run builds it again."""
    path = index_file()
    if path is not None:
        try:
            os.remove(path)
        except OSError:
            pass


def indexed(rule: Type["Rule"], also: Iterable[str] = ()) -> Optional[Indexed]:
    """``rule``'s heading and the files of every module its class is built from (and of
    the modules ``also``); ``None`` when one of them is not a file that can be stamped
    (a module in a zip archive, or built into Python)."""
    modules = {cls.__module__ for cls in rule.__mro__ if cls is not object} | set(also)
    files: List[_Stamp] = []
    for name in sorted(modules):
        module = sys.modules.get(name)
        path = getattr(module, "__file__", None)
        if not isinstance(path, str):
            return None
        stamp = _stamp_of(path, {})
        if stamp is None:
            return None
        files.append((path, *stamp))
    return Indexed(Heading.of(rule), tuple(files))


def _stamp_of(path: str, seen: Dict[str, Optional[Tuple[int, int]]]) -> Optional[Tuple[int, int]]:
    if path not in seen:
        try:
            status = os.stat(path)
            seen[path] = (status.st_mtime_ns, status.st_size)
        except OSError:
            seen[path] = None
    return seen[path]


def _decoded(key: Any, value: Any) -> Optional[Indexed]:
    """One stored entry, or ``None`` when it is not of the expected shape (a damaged file)."""
    try:
        name, point, package = key
        (code, rule_name, *flags), files = value
        stamps: Tuple[Any, ...] = tuple((path, mtime, size) for path, mtime, size in files)
    except (TypeError, ValueError):
        return None
    if not (
        all(isinstance(text, str) for text in (name, point, package, code, rule_name))
        and len(flags) == 3
        and all(isinstance(flag, bool) for flag in flags)
        and stamps
        and all(
            isinstance(path, str) and isinstance(mtime, int) and isinstance(size, int)
            for path, mtime, size in stamps
        )
    ):
        return None
    return Indexed(Heading(code, rule_name, *flags), stamps)
