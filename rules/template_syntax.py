"""Broken template syntax in a macro or article.

## What it does
Checks Liquid, Jinja and Handlebars tags: a `{{` or `{%` that is never closed, a stray
`}}` or `%}`, a block tag left open (`{% if %}` without `{% endif %}`, `{{#if}}`
without `{{/if}}`), and an end tag or `else` with no block to belong to. Block tags are
learned from the text itself: any `{% name %}` that has a matching `{% endname %}`
is a block (`{% capture %}`, a site's own `{% callout %}`...`{% endcallout %}`), so a
tag a help-centre theme defines is never reported as unknown.

## Why is this bad?
Help desks render a broken template in one of two ways: they refuse to send it, or
they send the raw braces to the customer. Either way the agent finds out at the worst
moment. A linter finds out when the macro is written.

## Example
```text
Hi {{ customer.first_name }, {% if refund %}your refund is on its way.
```

Use instead:
```text
Hi {{ customer.first_name }}, {% if refund %}your refund is on its way.{% endif %}
```
"""

from __future__ import annotations

from typing import Iterator

from chatlint.message import Message
from chatlint.rule import Rule
from chatlint.violation import Violation


class TemplateSyntax(Rule):
    code = "CL602"
    name = "template-syntax"
    summary = "Broken template syntax"

    def check(self, message: Message) -> Iterator[Violation]:
        if "{" not in message.text and "}" not in message.text:
            return  # every template delimiter has a brace; most replies have none
        # Imported here so a run over plain replies never loads the template parser.
        from chatlint.templates import parse_message

        for problem in message.memo(parse_message).problems:
            if problem.block and message.kind == "article":
                continue  # an article's block may open in one paragraph and close in another
            yield self.violation(
                problem.span,
                f"Template syntax: {problem.message}",
                suggestion=(
                    "Close every tag and block; preview the macro in your help desk before saving."
                ),
            )
