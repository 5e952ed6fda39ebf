"""chatlint: a linter for customer-service writing.

The Python API: :func:`lint_text` checks one message, :func:`lint_paths` checks files,
and :func:`load_config` reads a configuration file the way the command line does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "lint_text", "lint_paths", "load_config"]

if TYPE_CHECKING:
    from chatlint.api import lint_paths, lint_text, load_config


def __getattr__(name: str) -> Any:
    # Keep `import chatlint` cheap: the engine loads on first use of the API.
    if name in ("lint_text", "lint_paths", "load_config"):
        from chatlint import api

        return getattr(api, name)
    raise AttributeError(f"module 'chatlint' has no attribute {name!r}")
