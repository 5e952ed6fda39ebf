"""The contract between the engine and a rule, built-in or from a plugin package.

A rule is a subclass of :class:`Rule` in a module of its own. The module docstring is
the rule's user documentation, with the headings ``## What it does``,
``## Why is this bad?``, ``## Example`` (whose second code block follows
``Use instead:``) and, for a rule that can fix, ``## Fix safety``. Options are a frozen
dataclass; the engine decodes them from config and hands the rule an instance.
"""

from __future__ import annotations

import dataclasses
import re
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Dict, Iterator, Optional, Tuple, Type

from chatlint.message import Message
from chatlint.violation import Fix, Severity, Span, Violation

if TYPE_CHECKING:
    from chatlint.rule_doc import RuleDoc

CODE_PATTERN = re.compile(r"[A-Z]{1,8}[0-9]{1,4}")
NAME_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class NoOptions:
    """The options of a rule that has none."""


class Rule:
    """Base class of every rule.

    Subclasses set the class attributes and implement :meth:`check`. A rule never reads
    files, config or output settings: it receives a message and yields violations whose
    spans are offsets into ``message.text``.
    """

    #: Stable public code such as ``CL101``.
    code: ClassVar[str]
    #: Kebab-case name of the pattern the rule flags, such as ``hedging``.
    name: ClassVar[str]
    #: The default message of a finding.
    summary: ClassVar[str]
    #: Whether the rule runs when the configuration does not select rules explicitly.
    default_enabled: ClassVar[bool] = True
    #: A preview rule has not yet shown, on real text it was not tuned on, that its
    #: findings are right often enough to be on for everyone: it runs only in preview
    #: mode (``--preview``, ``preview = true``) or when selected by its exact code or
    #: name. A stable rule runs by default.
    preview: ClassVar[bool] = False
    #: How much a finding matters when config does not say otherwise.
    severity: ClassVar[Severity] = Severity.WARNING
    #: What the rule's fix does, for a rule that can fix; ``None`` for one that cannot.
    fix_title: ClassVar[Optional[str]] = None
    #: How safe its fixes are, as `chatlint rules` shows it: "safe" (``--fix`` applies
    #: them), "unsafe" (only with ``--unsafe-fixes``), or "safe, unsafe" (some of each).
    fix_safety: ClassVar[str] = "safe"
    #: The frozen dataclass of the rule's options.
    Options: ClassVar[type] = NoOptions

    def __init__(self, options: Any = None) -> None:
        self.options = options if options is not None else self.Options()

    def check(self, message: Message) -> Iterator[Violation]:
        """Yield the violations in ``message``."""
        raise NotImplementedError

    # -- helpers for subclasses ---------------------------------------------------

    def violation(
        self,
        span: Span,
        message: Optional[str] = None,
        *,
        suggestion: Optional[str] = None,
        fix: Optional[Fix] = None,
    ) -> Violation:
        return Violation(self.code, message or self.summary, span, suggestion, fix)

    # -- metadata -------------------------------------------------------------------

    @classmethod
    def can_fix(cls) -> bool:
        return cls.fix_title is not None

    @classmethod
    def on_by_default(cls) -> bool:
        """Whether the rule runs when nothing selects rules and preview mode is off."""
        return cls.default_enabled and not cls.preview

    @classmethod
    def status(cls) -> str:
        return "preview" if cls.preview else "stable"

    @classmethod
    def documentation(cls) -> RuleDoc:
        """The rule's docs: its module docstring, or its own when that has the sections
        (for modules that hold more than one rule)."""
        from chatlint.rule_doc import RuleDoc  # only the docs commands need it

        own = cls.__dict__.get("__doc__") or ""
        if "## What it does" in own:
            return RuleDoc.parse(own)
        module = sys.modules.get(cls.__module__)
        return RuleDoc.parse((module.__doc__ if module else None) or own)

    @classmethod
    def option_fields(cls) -> Tuple["dataclasses.Field[Any]", ...]:
        return dataclasses.fields(cls.Options)


def option_documentation(rule: Type[Rule]) -> Dict[str, Tuple[str, Any]]:
    """Each option's config key with its description and default."""
    documented: Dict[str, Tuple[str, Any]] = {}
    for option in rule.option_fields():
        default = option.default
        if default is dataclasses.MISSING and option.default_factory is not dataclasses.MISSING:
            default = option.default_factory()
        documented[option_key(option.name)] = (option.metadata.get("doc", ""), default)
    return documented


def option_key(field_name: str) -> str:
    """The config key of an option field: ``max_words`` is written ``max-words``."""
    return field_name.replace("_", "-")
