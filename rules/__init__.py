"""chatlint's built-in rules, one module each, with their phrase data beside them.

Installed as the ``chatlint_rules`` package and registered through the
``chatlint.rules`` entry points, exactly as a third-party plugin would be.
"""
