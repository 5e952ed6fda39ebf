"""The shape of the engine, read from its source with ``ast``: imports only go down the
layers, output and baselines never reach the engine, and which rules run is decided in
one place."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Dict, Iterator, List, Set, Tuple

import pytest
from conftest import ROOT

PACKAGE = ROOT / "chatlint"

#: Every module of chatlint, bottom layer first. A module may import modules of its own
#: layer or of layers below it, never above: the engine does not know about output,
#: the application or the command line, and the command line is the only thing that
#: knows about click.
LAYERS: List[Tuple[str, ...]] = [
    # Data and plain helpers that know nothing of rules.
    ("errors", "violation", "position", "rule_doc", "files", "toml_files", "globs",
     "ignore_files", "progress", "lazy_pattern"),
    # Reading text: the prose view of a message, templates, suppression comments.
    ("prose", "templates", "message", "suppression_comments", "checkout"),
    # What rules are, the formats that read files into messages, the installed rules
    # (and the index that knows them without importing them).
    ("rule", "phrases", "rule_index", "registry", "sources", "sources.plain",
     "sources.json_strings", "sources.html", "sources.markdown", "sources.transcript",
     "sources.macros"),
    # Settings as data, decoding config files, rule bases, what a run produced.
    ("phrase_rule", "rewording", "declarative", "settings", "config", "selection", "results"),
    # A run worked out once, and applying suppressions.
    ("run_config", "suppression"),
    # The engine, and finding the files to lint.
    ("linter", "discovery"),
    # Using the engine: the config of each file, fixes, many files, baselines, output,
    # rule docs.
    ("config_tree", "fixing", "runner", "baseline", "formatters", "formatters.escaping",
     "formatters.text", "formatters.full", "formatters.json", "formatters.github",
     "formatters.sarif", "formatters.junit", "formatters.gitlab", "formatters.html",
     "settings_text", "docs"),
    # One `chatlint check`, from options to exit status; what the language server needs
    # below its protocol: positions in the client's units, configs per file, rule pages.
    ("application", "server.positions", "server.configs", "server.rule_pages", "watching"),
    # The surfaces.
    ("api", "cli", "server", "__init__", "__main__"),
]  # fmt: skip
LAYER_OF: Dict[str, int] = {
    module: level for level, modules in enumerate(LAYERS) for module in modules
}


def _modules() -> Dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = (
            ".".join(parts[:-1]) if parts[-1] == "__init__" and len(parts) > 1 else ".".join(parts)
        )
        found[name] = path
    return found


MODULES = _modules()


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> Iterator[str]:
    """Every chatlint module a module imports when it runs: at the top or inside a
    function, but not under ``if TYPE_CHECKING:`` (those are for the type checker)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            node.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            # The package itself (``from chatlint import __version__``) is every
            # module's parent and imported with each of them: not an edge of its own.
            if name.startswith("chatlint.") and name[len("chatlint.") :] in MODULES:
                yield name[len("chatlint.") :]


def _graph() -> Dict[str, Set[str]]:
    return {
        module: set(_imports(ast.parse(path.read_text(encoding="utf-8")))) - {module}
        for module, path in MODULES.items()
    }


GRAPH = _graph()


def test_every_module_has_a_layer():
    assert sorted(set(MODULES) - set(LAYER_OF)) == []
    assert sorted(set(LAYER_OF) - set(MODULES)) == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_only_go_down(module):
    upward = sorted(name for name in GRAPH[module] if LAYER_OF[name] > LAYER_OF[module])
    assert upward == [], f"chatlint.{module} (layer {LAYER_OF[module]}) imports modules above it"


def test_no_import_cycles():
    state: Dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: List[str]) -> None:
        state[module] = 1
        for name in sorted(GRAPH[module]):
            if state.get(name) == 1:
                pytest.fail(
                    "import cycle: " + " -> ".join(path[path.index(name) :] + [module, name])
                )
            if name not in state:
                visit(name, path + [module])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [])


def _reachable(module: str) -> Set[str]:
    seen: Set[str] = set()
    pending = [module]
    while pending:
        for name in GRAPH[pending.pop()]:
            if name not in seen:
                seen.add(name)
                pending.append(name)
    return seen


@pytest.mark.parametrize(
    "module", ["baseline", *(m for m in MODULES if m.startswith("formatters"))]
)
def test_output_and_baselines_never_reach_the_engine(module):
    assert {"linter", "runner", "application"} & _reachable(module) == set()


def test_only_the_command_line_knows_click():
    for module, path in MODULES.items():
        if module != "cli":
            imported = {
                alias.name
                for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                if isinstance(node, ast.Import)
                for alias in node.names
            }
            assert "click" not in imported, module


def _functions() -> Iterator[Tuple[str, ast.FunctionDef, str]]:
    """``(module, function, qualified name)`` of every function and method."""
    for module, path in MODULES.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                yield module, node, node.name
            elif isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, ast.FunctionDef):
                        yield module, item, f"{node.name}.{item.name}"


def _calls(function: ast.FunctionDef) -> Set[str]:
    names = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            target = node.func
            names.add(
                target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
            )
    return names


def _callers(name: str) -> List[str]:
    return sorted(
        f"{module}.{qualified}"
        for module, function, qualified in _functions()
        if name in _calls(function)
    )


def test_which_rules_run_is_decided_in_one_function():
    """The active-rule set (select, extend-select, ignore, preview, per-file ignores)
    is worked out by selection.active_codes alone, for the run's config alone."""
    defined = [
        f"{module}.{qualified}"
        for module, _, qualified in _functions()
        if qualified.endswith("active_codes")
    ]
    assert defined == ["selection.active_codes"]
    assert _callers("active_codes") == ["run_config.RunConfig._codes_ignoring"]
    # Matching a selector against a rule happens nowhere else.
    assert _callers("_specificity") == ["selection.active_codes", "selection.check_selectors"]


def test_selectors_are_checked_in_one_function():
    defined = [
        f"{module}.{qualified}"
        for module, _, qualified in _functions()
        if "check_selectors" in qualified
    ]
    assert defined == ["selection.check_selectors"]
    assert _callers("check_selectors") == ["run_config.RunConfig.__init__"]


def test_default_on_is_read_in_one_place():
    """Whether a rule is on by default is the rule's to say (Rule.on_by_default); only
    the rule base, the rule index that records what it says, and the selection read the
    attributes behind it."""
    readers = set()
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "default_enabled":
                readers.add(module)
    assert readers == {"rule", "rule_index", "selection"}
