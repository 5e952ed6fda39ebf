"""Running chatlint from its own source tree: a clean clone, or an editable install.

Installed, chatlint's built-in rules are found like any plugin's, through the entry
points recorded when the package was installed. In a checkout the project's
``pyproject.toml`` is the truth instead: its entry points name the built-in rules, so a
rule added there runs without reinstalling, and its ``package-dir`` table says where a
package's code is (the ``rules/`` folder is the ``chatlint_rules`` package), so a clean
clone runs with no install at all. An installed chatlint has no ``pyproject.toml``
beside its package and never reads one.
"""

from __future__ import annotations

import functools
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Dict, List, Mapping, Optional, Sequence, Tuple

if TYPE_CHECKING:
    import importlib.machinery

#: The distribution whose entry points a checkout's pyproject.toml replaces.
PROJECT = "chatlint"


@functools.lru_cache(maxsize=1)
def project() -> Optional[Mapping[str, Any]]:
    """The checkout's ``pyproject.toml``, when chatlint runs from a checkout."""
    path = Path(__file__).resolve().parent.parent / "pyproject.toml"
    try:
        # Cheap first: an installed chatlint's parent is site-packages, with no project.
        if f'name = "{PROJECT}"' not in path.read_text(encoding="utf-8"):
            return None
    except (OSError, UnicodeDecodeError):
        return None
    from chatlint.toml_files import load_cached

    try:
        data = load_cached(str(path))
    except Exception:  # a half-edited pyproject.toml: run as installed
        return None
    return data if data.get("project", {}).get("name") == PROJECT else None


def entry_points(group: str) -> List[Tuple[str, str]]:
    """``(name, value)`` of the checkout's entry points in ``group``."""
    table = (project() or {}).get("project", {}).get("entry-points", {}).get(group, {})
    return sorted((name, value) for name, value in table.items() if isinstance(value, str))


def make_packages_importable() -> None:
    """Let the checkout's packages be imported from where ``package-dir`` puts them,
    when nothing installed provides them (a clean clone)."""
    data = project()
    if data is None or any(isinstance(finder, _PackageDirectories) for finder in sys.meta_path):
        return
    mapping = data.get("tool", {}).get("setuptools", {}).get("package-dir", {})
    root = Path(__file__).resolve().parent.parent
    directories = {
        name: root / folder
        for name, folder in mapping.items()
        if name != folder and (root / folder / "__init__.py").is_file()
    }
    if directories:
        # Last: an installed or editable package of the same name wins.
        sys.meta_path.append(_PackageDirectories(directories))


class _PackageDirectories:
    """Finds a top-level package in the folder the checkout's ``package-dir`` names.

    A meta path finder by its ``find_spec``; not a subclass of
    ``importlib.abc.MetaPathFinder``, whose import costs every run a tenth of its
    start-up.
    """

    def __init__(self, directories: Dict[str, Path]) -> None:
        self.directories = directories

    def find_spec(
        self, fullname: str, path: Optional[Sequence[str]], target: Optional[ModuleType] = None
    ) -> Optional[importlib.machinery.ModuleSpec]:
        directory = self.directories.get(fullname)
        if directory is None:
            return None  # submodules are found through the package's own __path__
        import importlib.util

        return importlib.util.spec_from_file_location(
            fullname, directory / "__init__.py", submodule_search_locations=[str(directory)]
        )
