"""chatlint's built-in rules, one module each, with their phrase data beside them.

Installed as the ``chatlint_rules`` package and registered through the
``chatlint.rules`` entry points, exactly as a third-party plugin would be. Run from the
source tree, the same names come from ``pyproject.toml`` (see
:mod:`chatlint.checkout`). Rules import each other relatively (``from . import
clauses``), so they work under either name. ``scripts/new_rule.py`` starts a new one.
"""
