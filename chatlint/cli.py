"""The ``chatlint`` command line."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, List, Optional, Sequence, Tuple

import click

from chatlint import __version__
from chatlint.errors import ChatlintError, ExitStatus
from chatlint.sources import FORMATS_BY_NAME

if TYPE_CHECKING:
    from chatlint.registry import Registry

_OUTPUT_FORMATS = (
    "full", "concise", "text", "json", "github", "sarif", "junit", "gitlab", "html"
)  # fmt: skip


class _Group(click.Group):
    """Turns every error into one line on stderr and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ChatlintError as error:
            _error(str(error))
            ctx.exit(ExitStatus.ERROR)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:
            # The reader went away (`chatlint check | head`): not an error of ours.
            sys.stdout = None
            ctx.exit(ExitStatus.ERROR)
        except Exception as error:
            if os.environ.get("CHATLINT_DEBUG"):
                raise
            _error(
                f"internal error: {type(error).__name__}: {error} "
                "(this is a bug in chatlint; set CHATLINT_DEBUG=1 to see the traceback)"
            )
            ctx.exit(ExitStatus.ERROR)


def _error(text: str) -> None:
    # One line, whatever a config key or a file name in it holds (see escaping).
    from chatlint.formatters.escaping import shown

    click.echo(f"chatlint: error: {shown(text)}", err=True)


def _selectors(values: Sequence[str]) -> List[str]:
    """``--select CL1,CL2 --select CL4`` -> ``["CL1", "CL2", "CL4"]``."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="chatlint")
def main() -> None:
    """A linter for customer-service writing: reply drafts, macros, transcripts, articles."""


@main.command()
# readable=False: click's own check made an unreadable file a usage error that stopped
# the run; reading it reports it in one line, and every other file is still linted.
@click.argument("paths", nargs=-1, type=click.Path(path_type=str, readable=False))
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Use this config file instead of searching for one.",
)
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Run only these rules (codes, prefixes or names, comma-separated).",
)
@click.option(
    "--extend-select",
    multiple=True,
    metavar="CODES",
    help="Run these rules as well as the selected ones.",
)
@click.option("--ignore", multiple=True, metavar="CODES", help="Do not run these rules.")
@click.option("--preview", is_flag=True, help="Run preview rules too (see 'chatlint rules').")
@click.option(
    "--output-format",
    type=click.Choice(_OUTPUT_FORMATS),
    default=None,
    help="How to print findings (default: 'full' at a terminal, else 'concise').",
)
@click.option(
    "--color",
    type=click.Choice(("auto", "always", "never")),
    default="auto",
    show_default=True,
    help="Colour the output: 'auto' at a terminal, unless NO_COLOR is set (FORCE_COLOR forces it).",
)
@click.option(
    "--statistics",
    is_flag=True,
    help="Print how often each code was found instead of the findings.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only the findings, no summary.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option(
    "--stdin-filename",
    metavar="NAME",
    help="The name to report and configure standard input ('-') under.",
)
@click.option(
    "--role",
    "roles",
    multiple=True,
    metavar="ROLE",
    help="Transcript speaker roles to lint (default: agent); repeatable.",
)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(sorted(FORMATS_BY_NAME)),
    help="Read every file (and standard input) in this format, whatever its name.",
)
@click.option(
    "--watch",
    is_flag=True,
    help="Lint again whenever a file under PATHS (or a config file) changes; Ctrl+C stops.",
)
@click.option(
    "--show-settings",
    is_flag=True,
    help="Print the settings the first PATH is linted with (rules, config file), and exit.",
)
@click.option("--show-files", is_flag=True, help="Print the files that would be linted, and exit.")
@click.option(
    "--respect-gitignore/--no-respect-gitignore",
    default=None,
    help="Leave out files that .gitignore and .ignore files name (the default).",
)
@click.option("--fix", is_flag=True, help="Apply safe fixes to the files.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, apply unsafe fixes too.")
@click.option(
    "--diff",
    is_flag=True,
    help="Print a unified diff of what --fix would change, and change nothing.",
)
@click.option("--show-fixes", is_flag=True, help="List the fixes that were applied.")
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Report only findings not recorded in this baseline file.",
)
@click.option(
    "--write-baseline",
    "write_baseline_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Record every current finding in this file and exit 0.",
)
@click.option(
    "--fail-on",
    type=click.Choice(("error", "warning", "info")),
    help="Exit 1 only for findings of this severity or higher (default: info, so any finding).",
)
@click.option(
    "--jobs",
    "-j",
    default="auto",
    metavar="N|auto",
    show_default=True,
    help="Lint files in N processes ('auto': one per core; small runs stay in one).",
)
def check(
    paths: Tuple[str, ...],
    config_path: Optional[Path],
    select: Tuple[str, ...],
    extend_select: Tuple[str, ...],
    ignore: Tuple[str, ...],
    preview: bool,
    output_format: Optional[str],
    color: str,
    statistics: bool,
    quiet: bool,
    exit_zero: bool,
    stdin_filename: Optional[str],
    roles: Tuple[str, ...],
    format_name: Optional[str],
    watch: bool,
    show_settings: bool,
    show_files: bool,
    respect_gitignore: Optional[bool],
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    show_fixes: bool,
    baseline_path: Optional[Path],
    write_baseline_path: Optional[Path],
    jobs: str,
    fail_on: Optional[str],
) -> None:
    """Lint files, directories, or standard input ('-'). No PATH lints the current directory."""
    from chatlint.application import CheckOptions, Streams
    from chatlint.application import check as run_check
    from chatlint.progress import wanted
    from chatlint.runner import resolve_jobs
    from chatlint.settings import Overrides
    from chatlint.violation import Severity

    if fix and diff:
        raise click.UsageError(
            "--fix and --diff cannot be used together: --diff shows what --fix would change "
            "and changes nothing"
        )
    try:
        job_count = resolve_jobs(jobs)
    except ValueError:
        raise click.BadParameter("a positive number or 'auto'", param_hint="--jobs") from None
    overrides = Overrides(
        select=tuple(_selectors(select)) if select else None,
        extend_select=tuple(_selectors(extend_select)),
        ignore=tuple(_selectors(ignore)),
        roles=tuple(_selectors(roles)),
        fail_on=Severity[fail_on.upper()] if fail_on else None,
        preview=preview,
        respect_gitignore=respect_gitignore,
    )
    options = CheckOptions(
        paths=paths or (".",),
        config=config_path,
        overrides=overrides,
        output_format=output_format or ("full" if _stdout_is_terminal() else "text"),
        color=_wants_color(color),
        statistics=statistics,
        quiet=quiet,
        exit_zero=exit_zero,
        stdin_filename=stdin_filename,
        format_name=format_name,
        fix=fix,
        unsafe_fixes=unsafe_fixes,
        diff=diff,
        show_fixes=show_fixes,
        baseline=baseline_path,
        write_baseline=write_baseline_path,
        jobs=job_count,
        show_settings=show_settings,
        show_files=show_files,
        progress=wanted(_stderr_is_terminal()),
    )
    streams = Streams(
        # click strips colour codes when not writing to a terminal; --color always keeps them.
        out=lambda text: click.echo(text, nl=False, color=options.color or None),
        err=lambda text: click.echo(text, nl=False, err=True),
        read_stdin=lambda: sys.stdin.buffer.read(),
    )
    if watch:
        if "-" in options.paths:
            raise click.UsageError("--watch lints files, not standard input")
        from chatlint.watching import watch_and_check

        sys.exit(watch_and_check(options, streams))
    sys.exit(run_check(options, streams))


def _registry_with_config() -> Registry:
    """Every rule the config in the working directory knows: installed and declared."""
    from chatlint.run_config import load_run_config

    return load_run_config().registry


@main.command("rules")
@click.option(
    "--output-format",
    type=click.Choice(("text", "json", "markdown")),
    default="text",
    show_default=True,
)
def rules_command(output_format: str) -> None:
    """List every rule: code, name, on by default or not, and whether it can fix."""
    import json

    from chatlint.docs import rule_to_dict, rules_table_markdown, rules_table_text

    registry = _registry_with_config()
    if output_format == "json":
        click.echo(json.dumps([rule_to_dict(rule) for rule in registry], indent=2))
    elif output_format == "markdown":
        click.echo(rules_table_markdown(registry), nl=False)
    else:
        click.echo(rules_table_text(registry), nl=False)


@main.command("rule")
@click.argument("code")
@click.option(
    "--output-format", type=click.Choice(("text", "json")), default="text", show_default=True
)
def rule_command(code: str, output_format: str) -> None:
    """Show the documentation of one rule, by code or name."""
    import json

    from chatlint.docs import rule_to_dict, rule_to_text

    rule = _registry_with_config().get(code)
    if rule is None:
        raise click.BadParameter(
            f"no rule has the code or name {code!r}; see 'chatlint rules'", param_hint="CODE"
        )
    if output_format == "json":
        click.echo(json.dumps(rule_to_dict(rule), indent=2))
    else:
        click.echo(rule_to_text(rule), nl=False)


@main.command("server")
def server_command() -> None:
    """Run the language server for editors (LSP, over standard input and output)."""
    from chatlint.server import serve

    if sys.stdin.isatty():
        click.echo(
            "chatlint server: a language server, for your editor to start; it reads the "
            "Language Server Protocol on standard input (see 'In your editor' in the "
            "README). Ctrl+C stops it.",
            err=True,
        )
    sys.exit(serve())


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _stdout_is_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):  # replaced or closed
        return False


def _wants_color(choice: str) -> bool:
    """``--color``, with the NO_COLOR and FORCE_COLOR conventions for ``auto``."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return _stdout_is_terminal() and os.environ.get("TERM") != "dumb"


def run() -> None:
    """The console script: :func:`main`, then exit without tearing the interpreter down.

    Freeing every module and object at exit takes a one-file run about a sixth of its
    time, and the operating system reclaims the memory anyway. Files are already
    written and closed (fixes are renamed into place before ``main`` returns); output
    is flushed here.
    """
    try:
        main()
        status = 0
    except SystemExit as exit_:
        if exit_.code is None or isinstance(exit_.code, int):
            status = exit_.code or 0
        else:
            print(exit_.code, file=sys.stderr)
            status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            # The language server closes stdout when the editor tells it to exit.
            if stream is not None and not stream.closed:
                stream.flush()
        except (BrokenPipeError, ValueError):
            status = status or ExitStatus.ERROR  # the reader went away before the end
    os._exit(int(status))
