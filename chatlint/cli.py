"""The ``chatlint`` command line."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Iterator, List, Optional, Sequence, Tuple

import click

from chatlint import __version__
from chatlint.errors import ChatlintError, ExitStatus, InputError
from chatlint.sources import FORMATS_BY_NAME

_OUTPUT_FORMATS = ("text", "json", "github", "sarif", "junit")


class _Group(click.Group):
    """Turns every error into one line on stderr and exit status 2."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ChatlintError as error:
            _error(str(error))
            ctx.exit(ExitStatus.ERROR)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:
            # The reader went away (`chatlint check | head`): not an error of ours.
            sys.stdout = None  # type: ignore[assignment]
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
    click.echo(f"chatlint: error: {text}", err=True)


def _selectors(values: Sequence[str]) -> List[str]:
    """``--select CL1,CL2 --select CL4`` -> ``["CL1", "CL2", "CL4"]``."""
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="chatlint")
def main() -> None:
    """A linter for customer-service writing: reply drafts, macros, transcripts, articles."""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False), help="Use this config file instead of searching for one.")
@click.option("--select", multiple=True, metavar="CODES", help="Run only these rules (codes, prefixes or names, comma-separated).")
@click.option("--extend-select", multiple=True, metavar="CODES", help="Run these rules as well as the selected ones.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Do not run these rules.")
@click.option("--preview", is_flag=True, help="Run preview rules too (see 'chatlint rules').")
@click.option("--output-format", type=click.Choice(_OUTPUT_FORMATS), default="text", show_default=True, help="How to print findings.")
@click.option("--statistics", is_flag=True, help="Print how often each code was found instead of the findings.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the findings, no summary.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--stdin-filename", metavar="NAME", help="The name to report and configure standard input ('-') under.")
@click.option("--role", "roles", multiple=True, metavar="ROLE", help="Transcript speaker roles to lint (default: agent); repeatable.")
@click.option("--format", "format_name", type=click.Choice(sorted(FORMATS_BY_NAME)), help="Read every file (and standard input) in this format, whatever its name.")
@click.option("--fix", is_flag=True, help="Apply safe fixes to the files.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix or --diff, apply unsafe fixes too.")
@click.option("--diff", is_flag=True, help="Print a unified diff of what --fix would change, and change nothing.")
@click.option("--show-fixes", is_flag=True, help="List the fixes that were applied.")
@click.option("--baseline", "baseline_path", type=click.Path(path_type=Path, dir_okay=False), help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", "write_baseline_path", type=click.Path(path_type=Path, dir_okay=False), help="Record every current finding in this file and exit 0.")
@click.option("--fail-on", type=click.Choice(("error", "warning", "info")), help="Exit 1 only for findings of this severity or higher (default: info, so any finding).")
@click.option("--jobs", "-j", default="auto", metavar="N|auto", show_default=True, help="Lint files in N processes ('auto': one per core; small runs stay in one).")
def check(
    paths: Tuple[str, ...],
    config_path: Optional[Path],
    select: Tuple[str, ...],
    extend_select: Tuple[str, ...],
    ignore: Tuple[str, ...],
    preview: bool,
    output_format: str,
    statistics: bool,
    quiet: bool,
    exit_zero: bool,
    stdin_filename: Optional[str],
    roles: Tuple[str, ...],
    format_name: Optional[str],
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
    from chatlint.config import effective_registry, load_settings, merge_cli
    from chatlint.discovery import Skipped, Target, collect_targets
    from chatlint.formatters import render
    from chatlint.linter import FileResult, Linter
    from chatlint.registry import Registry
    from chatlint.runner import Outcome, Work, resolve_jobs, run
    from chatlint.selection import check_selectors
    from chatlint.violation import Applicability

    try:
        job_count = resolve_jobs(jobs)
    except ValueError:
        raise click.BadParameter("a positive number or 'auto'", param_hint="--jobs")
    registry = Registry.installed()
    settings = load_settings(registry, config_path)
    cli_select = _selectors(select) if select else None
    for option, values in (("--select", cli_select or ()), ("--extend-select", _selectors(extend_select)), ("--ignore", _selectors(ignore))):
        check_selectors(effective_registry(registry, settings), values, "command line", option)
    settings = merge_cli(settings, select=cli_select, extend_select=_selectors(extend_select), ignore=_selectors(ignore), roles=_selectors(roles), fail_on=fail_on, preview=preview)
    linter = Linter(registry, settings)
    if baseline_path or write_baseline_path:
        from chatlint import baseline
    known = baseline.load(baseline_path) if baseline_path else None

    threshold = None
    if fix or diff:
        threshold = Applicability.UNSAFE if unsafe_fixes else Applicability.SAFE
    work = Work(fix=threshold, write=fix and not diff, format_name=format_name)

    outcomes: List[Outcome] = []
    file_paths = list(paths) or ["."]
    stdin_text: Optional[str] = None
    if "-" in file_paths:
        file_paths.remove("-")
        outcome, stdin_text = _lint_stdin(linter, stdin_filename or "-", work)
        outcomes.append(outcome)

    def targets() -> Iterator[Target]:
        for target in collect_targets(file_paths, settings, any_format=format_name is not None):
            if isinstance(target, InputError):
                outcomes.append(Outcome(FileResult(target.where or "", error=target)))
            elif isinstance(target, Skipped):
                click.echo(f"chatlint: note: {target.display}: unknown file type, skipped (--format text lints it as plain text)", err=True)
            else:
                yield target

    # Keep only what will be printed: a clean file leaves nothing behind, so memory
    # follows the findings, not the number of files (JUnit lists every file).
    keep_clean = output_format == "junit"
    # Files are linted as the walk finds them; outcomes are put in order below.
    for outcome in run(linter, targets(), work, job_count, keep_clean=keep_clean):
        outcomes.append(outcome)
    outcomes.sort(key=lambda outcome: outcome.result.path)
    results = [outcome.result for outcome in outcomes]

    for result in results:
        if result.error is not None:
            _error(str(result.error))
    if write_baseline_path is not None:
        count = baseline.write(write_baseline_path, results, settings.root.resolve())
        click.echo(f"Wrote {count} finding{'s' if count != 1 else ''} to the baseline {write_baseline_path}.", err=True)
        sys.exit(ExitStatus.ERROR if any(result.error for result in results) else ExitStatus.SUCCESS)
    if known is not None:
        results = baseline.without_baselined(results, known, settings.root.resolve())

    if stdin_text is not None and fix and not diff:
        click.echo(stdin_text, nl=False)  # --fix on standard input prints the fixed text
        sys.exit(_status(results, _failing(results, settings.fail_on), exit_zero))
    if diff:
        changed = "".join(outcome.diff for outcome in outcomes)
        click.echo(changed, nl=False)
        if any(result.error is not None for result in results):
            sys.exit(ExitStatus.ERROR)
        sys.exit(ExitStatus.FINDINGS if changed and not exit_zero else ExitStatus.SUCCESS)

    output = render(output_format, results, statistics=statistics)
    findings = sum(len(result.findings) for result in results)
    fixed = [(outcome.result.path, finding) for outcome in outcomes for finding in outcome.applied]
    if output_format == "text" and not quiet and not statistics:
        output += _summary(findings, sum(1 for result in results if result.findings), len(fixed))
    click.echo(output, nl=False)
    if show_fixes and fixed:
        stream = sys.stdout if output_format == "text" else sys.stderr
        click.echo(_fix_listing(fixed), nl=False, file=stream)
    sys.exit(_status(results, _failing(results, settings.fail_on), exit_zero))


def _failing(results, level) -> int:
    """How many findings are severe enough to fail the run."""
    return sum(1 for result in results for finding in result.findings if finding.severity >= level)


def _status(results, findings: int, exit_zero: bool) -> int:
    if any(result.error is not None for result in results):
        return ExitStatus.ERROR
    return ExitStatus.FINDINGS if findings and not exit_zero else ExitStatus.SUCCESS


def _fix_listing(fixed) -> str:
    lines = [f"Fixed {len(fixed)} finding{'s' if len(fixed) != 1 else ''}:"]
    for path, finding in fixed:
        lines.append(f"  {path}: {finding.code} {finding.fix.title}")
    return "\n".join(lines) + "\n"


def _lint_stdin(linter, name: str, work):
    """Standard input as one file; with fixes, also the fixed text."""
    from chatlint import fixing
    from chatlint.files import decode
    from chatlint.linter import FileResult
    from chatlint.runner import Outcome

    forced = FORMATS_BY_NAME[work.format_name] if work.format_name else None
    try:
        source = decode(sys.stdin.buffer.read(), name)
    except InputError as error:
        return Outcome(FileResult(name, error=error)), None
    if work.fix is None:
        return Outcome(linter.lint_source(source, name, forced)), None
    fixed = fixing.fix_source(linter, source, name, work.fix, forced)
    text = fixed.fixed.text if fixed.fixed is not None else source.text
    diff = fixing.unified_diff(name, source.text, text) if fixed.changed else ""
    return Outcome(fixed.result, fixed.applied, diff), text


def _summary(findings: int, files: int, fixed: int = 0) -> str:
    fixed_note = f" ({fixed} fixed)" if fixed else ""
    if not findings:
        return f"All checks passed{fixed_note}.\n" if not fixed else f"Fixed {fixed} problem{'s' if fixed != 1 else ''}; nothing left to report.\n"
    return f"Found {findings} problem{'s' if findings != 1 else ''} in {files} file{'s' if files != 1 else ''}{fixed_note}.\n"


def _registry_with_config():
    """Installed rules plus those the config in the working directory declares."""
    from chatlint.config import effective_registry, load_settings
    from chatlint.registry import Registry

    installed = Registry.installed()
    return effective_registry(installed, load_settings(installed))


@main.command("rules")
@click.option("--output-format", type=click.Choice(("text", "json", "markdown")), default="text", show_default=True)
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
@click.option("--output-format", type=click.Choice(("text", "json")), default="text", show_default=True)
def rule_command(code: str, output_format: str) -> None:
    """Show the documentation of one rule, by code or name."""
    import json

    from chatlint.docs import rule_to_dict, rule_to_text

    rule = _registry_with_config().get(code)
    if rule is None:
        raise click.BadParameter(f"no rule has the code or name {code!r}; see 'chatlint rules'", param_hint="CODE")
    if output_format == "json":
        click.echo(json.dumps(rule_to_dict(rule), indent=2))
    else:
        click.echo(rule_to_text(rule), nl=False)


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
            if stream is not None:
                stream.flush()
        except (BrokenPipeError, ValueError):
            status = status or ExitStatus.ERROR  # the reader went away before the end
    os._exit(int(status))
