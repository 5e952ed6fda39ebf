"""Applying suppression comments to a file's findings, and the findings about them.

:mod:`chatlint.suppression_comments` reads the comments; this module silences the
findings in their reach after the rules have run.

CL001 and CL002 are reported by the engine itself (no rule can see comments), but they
are registered like any rule so they can be selected, ignored and documented.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, AbstractSet, Iterator, List, Sequence, Set, Tuple, Type

from chatlint.message import Message
from chatlint.registry import Registry
from chatlint.rule import Rule
from chatlint.violation import Finding, Severity, Violation

if TYPE_CHECKING:
    from chatlint.suppression_comments import Suppression


class _ReportedByEngine(Rule):
    """A rule whose findings the engine makes: no rule can see comments."""

    def check(self, message: Message) -> Iterator[Violation]:
        return iter(())


class UnusedSuppression(_ReportedByEngine):
    """A suppression comment that silences nothing.

    ## What it does
    Reports a `chatlint: disable ...` comment when no finding in its reach was
    silenced by it: the wording it was written for has been fixed or moved away.

    ## Why is this bad?
    A forgotten suppression silently hides the next real problem that lands in its
    reach. Removing it keeps suppressions honest.

    ## Example
    ```markdown
    <!-- chatlint: disable-next-line CL101 -->
    Your order ships on Monday.
    ```

    Use instead:
    ```markdown
    Your order ships on Monday.
    ```
    """

    code = "CL001"
    name = "unused-suppression"
    summary = "Suppression comment silences nothing"


class UnknownSuppressionCode(_ReportedByEngine):
    """A suppression comment that names a code no rule has.

    ## What it does
    Reports a `chatlint: disable ...` comment that names a code that is not a known
    rule's code or a prefix of one, such as a typo (`CL10l`) or a rule of a plugin
    that is no longer installed.

    ## Why is this bad?
    The comment does not do what its author thinks: the finding it was meant to
    silence is still reported, or the comment has outlived its rule.

    ## Example
    ```markdown
    <!-- chatlint: disable CL999 -->
    ```

    Use instead:
    ```markdown
    <!-- chatlint: disable CL101 -->
    ```
    """

    code = "CL002"
    name = "unknown-suppression-code"
    summary = "Suppression comment names an unknown rule code"


def _matches(code: str, selector: str) -> bool:
    return code.startswith(selector)


def apply(
    findings: Sequence[Finding],
    suppressions: Sequence[Suppression],
    registry: Registry,
    enabled: AbstractSet[str],
    path: str,
    source_text: str,
) -> List[Finding]:
    """Findings that survive the suppressions, plus CL001/CL002 findings about them."""
    if not suppressions:
        return list(findings)
    silenced: Set[int] = set()
    reports: List[Finding] = []
    for suppression in suppressions:
        unknown = [
            code
            for code in suppression.codes
            if not any(_matches(known, code) for known in registry.codes)
        ]
        used = False
        for index, finding in enumerate(findings):
            region = suppression.region
            if not region.start <= finding.span.start <= region.end:
                continue
            if suppression.codes and not any(
                _matches(finding.code, code) for code in suppression.codes
            ):
                continue
            silenced.add(index)
            used = True
        if unknown and UnknownSuppressionCode.code in enabled:
            reports.append(
                _report(
                    UnknownSuppressionCode,
                    suppression,
                    path,
                    source_text,
                    f"Suppression names unknown code {', '.join(unknown)}",
                )
            )
        elif (
            not used
            and UnusedSuppression.code in enabled
            and _any_enabled(suppression.codes, enabled)
        ):
            what = ", ".join(suppression.codes) or "all codes"
            reports.append(
                _report(
                    UnusedSuppression,
                    suppression,
                    path,
                    source_text,
                    f"Suppression of {what} silences nothing here; remove it",
                )
            )
    kept = [finding for index, finding in enumerate(findings) if index not in silenced]
    return sorted(kept + reports, key=Finding.sort_key)


def _any_enabled(codes: Tuple[str, ...], enabled: AbstractSet[str]) -> bool:
    # A suppression of a rule that is switched off for this file is not "unused".
    return not codes or any(_matches(code, selector) for code in enabled for selector in codes)


def _report(
    rule: Type[Rule], suppression: Suppression, path: str, source_text: str, message: str
) -> Finding:
    span = suppression.comment
    return Finding(
        path=path,
        code=rule.code,
        name=rule.name,
        message=message,
        span=span,
        severity=Severity.WARNING,
        suggestion="Remove the comment, or name the code it is meant for.",
        matched_text=source_text[span.start : span.end],
    )
