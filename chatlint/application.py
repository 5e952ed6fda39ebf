"""One ``chatlint check``, from what was asked to the exit status.

Split the way flake8 splits its application: :meth:`Application.initialise` works the
run out (config, rules, baseline), :meth:`Application.run` lints every target,
:meth:`Application.report` prints, and :meth:`Application.exit_status` says how it
went. The command line only declares options and calls :func:`check`; the Python API
lints through :func:`lint_targets`, the same path every file takes here.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Callable, Iterator, List, NamedTuple, Optional, Sequence, Set, Tuple

from chatlint.config_tree import ConfigTree
from chatlint.discovery import Skipped, StandardInput, Target, collect_targets
from chatlint.errors import ExitStatus, RuleStopped
from chatlint.formatters.escaping import shown as escaped
from chatlint.linter import Linter
from chatlint.progress import Progress
from chatlint.results import FileResult
from chatlint.run_config import RunConfig, load_run_config
from chatlint.runner import Outcome, Work, process, run
from chatlint.settings import Overrides
from chatlint.sources import FORMATS_BY_NAME
from chatlint.violation import Applicability, Finding, Severity

#: The name standard input goes by when ``--stdin-filename`` does not give one.
STDIN = "-"


class CheckOptions(NamedTuple):
    """What a ``chatlint check`` was asked to do.

    A named tuple, like the other records made once per run here: a dataclass of this
    many fields costs a one-file run a millisecond to define.
    """

    #: Files and directories to lint; ``-`` is standard input.
    paths: Tuple[str, ...] = (".",)
    #: The config file to use instead of searching for one.
    config: Optional[Path] = None
    overrides: Overrides = Overrides()
    output_format: str = "text"
    #: Colour a terminal format's output (ANSI codes).
    color: bool = False
    statistics: bool = False
    quiet: bool = False
    exit_zero: bool = False
    stdin_filename: Optional[str] = None
    #: Read every file in this format, whatever its name.
    format_name: Optional[str] = None
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    show_fixes: bool = False
    baseline: Optional[Path] = None
    write_baseline: Optional[Path] = None
    jobs: int = 1
    #: Print the settings the first path is linted with, and lint nothing.
    show_settings: bool = False
    #: Print the files a run would lint, and lint nothing.
    show_files: bool = False
    #: Show how many files are checked so far, on standard error (a terminal).
    progress: bool = False


class Streams(NamedTuple):
    """Where a run writes and what it reads as standard input."""

    out: Callable[[str], None]
    err: Callable[[str], None]
    read_stdin: Callable[[], bytes]


def lint_targets(
    linter: Linter,
    paths: Sequence[str],
    work: Work,
    *,
    jobs: int = 1,
    stdin: Optional[StandardInput] = None,
    keep_clean: bool = True,
    on_skip: Callable[[Skipped], None] = lambda skipped: None,
    tree: Optional[ConfigTree] = None,
    leave_out: Sequence["os.PathLike[str]"] = (),
    progress: Optional[Progress] = None,
) -> List[Outcome]:
    """Lint standard input (when given) and the files under ``paths``; one outcome per
    file (or per path that is not there), in order of the names they are shown under.
    ``linter`` lints with the main config; with a ``tree``, each file is linted with the
    config nearest above it (standard input with the one of the name it is given).

    Files are linted as the walk finds them. With ``keep_clean`` false, a file with
    nothing to show leaves nothing behind, so memory follows the findings, not the
    number of files. ``on_skip`` hears of each named file whose format is unknown.
    """
    outcomes: List[Outcome] = []
    if stdin is not None:
        stdin_linter = linter
        if tree is not None and stdin.display != STDIN:
            source = tree.source_for(stdin.display)
            if source is not None:
                stdin_linter = tree.linter(source)
        outcomes.append(process(stdin_linter, stdin, work))

    # Compared by name first, so that a walk resolves no path but a namesake's.
    left_out = {os.path.basename(path): os.path.realpath(path) for path in leave_out}

    def targets() -> Iterator[Target]:
        for target in collect_targets(
            paths, linter.config, any_format=work.format_name is not None, tree=tree
        ):
            if (
                left_out
                and isinstance(target, Target)
                and left_out.get(os.path.basename(target.path)) == os.path.realpath(target.path)
            ):
                continue
            if isinstance(target, Skipped):
                on_skip(target)
            elif isinstance(target, Target):
                if progress is not None:
                    progress.tick()
                yield target
            else:  # a path that is not there
                outcomes.append(Outcome(FileResult(target.where or "", error=target)))

    # The walk adds an outcome for a missing path while the files are being linted.
    for outcome in run(linter, targets(), work, jobs, keep_clean=keep_clean, tree=tree):
        outcomes.append(outcome)
    outcomes.sort(key=lambda outcome: outcome.result.path)
    return _stopped_once(outcomes, keep_clean)


def _stopped_once(outcomes: List[Outcome], keep_clean: bool) -> List[Outcome]:
    """``outcomes`` with each rule that stopped itself for the run (:class:`RuleStopped`)
    reported at the first file it stopped at only, and none of its findings in the files
    after that one: what one process reports, however many processes each stopped it."""
    if not any(isinstance(outcome.result.error, RuleStopped) for outcome in outcomes):
        return outcomes
    stopped: Set[str] = set()
    shown = []
    for outcome in outcomes:
        result = outcome.result
        if stopped:
            error = result.error
            if isinstance(error, RuleStopped) and error.code in stopped:
                error = None
            findings = tuple(finding for finding in result.findings if finding.code not in stopped)
            if error is not result.error or len(findings) != len(result.findings):
                if not (keep_clean or findings or error or outcome.applied or outcome.diff):
                    continue  # nothing left to show
                outcome = replace(outcome, result=replace(result, findings=findings, error=error))
        if isinstance(outcome.result.error, RuleStopped):
            stopped.add(outcome.result.error.code)
        shown.append(outcome)
    return shown


class Application:
    """One ``chatlint check`` run."""

    def __init__(
        self, options: CheckOptions, streams: Streams, config: Optional[RunConfig] = None
    ) -> None:
        self.options = options
        self.streams = streams
        self.config = config
        self.outcomes: List[Outcome] = []
        self.results: List[FileResult] = []
        self._known: Optional[Set[Tuple[str, str, str, int]]] = None
        #: Findings the baseline left out of the report.
        self.baselined = 0

    # -- initialise -------------------------------------------------------------------

    def initialise(self) -> None:
        """Work the run out: config, rules and every selector, and the baseline."""
        options = self.options
        if self.config is None:
            self.config = load_run_config(options.config, overrides=options.overrides)
        self.tree = ConfigTree(
            self.config, overrides=options.overrides, one_config=options.config is not None
        )
        self.linter = self.tree.linter(None)
        threshold = None
        if options.fix or options.diff:
            threshold = Applicability.UNSAFE if options.unsafe_fixes else Applicability.SAFE
        self.work = Work(
            fix=threshold,
            write=options.fix and not options.diff,
            format_name=options.format_name,
            # The HTML report shows the text around each finding.
            keep_text=options.output_format in ("html", "full"),
        )
        # --baseline, else the config's `baseline` key (relative to the config file).
        self.baseline_path = options.baseline or self.config.settings.baseline
        if self.baseline_path is not None and options.write_baseline is None:
            from chatlint import baseline

            self._known = baseline.load(self.baseline_path)

    # -- show what a run would do ----------------------------------------------------

    def show(self) -> ExitStatus:
        """``--show-settings``: the settings of the first path; ``--show-files``: every
        file a run would lint. Nothing is linted."""
        from chatlint import settings_text

        options = self.options
        paths = [path for path in options.paths if path != STDIN]
        if options.show_settings:
            path = options.stdin_filename if STDIN in options.paths else None
            path = path or (paths[0] if paths else ".")
            # A directory's own config counts: look as if from a file inside it.
            probe = os.path.join(path, "-") if os.path.isdir(path) else path
            source = self.tree.source_for(probe)
            forced = FORMATS_BY_NAME[options.format_name] if options.format_name else None
            self.streams.out(settings_text.describe(self.tree.config(source), path, forced))
            return ExitStatus.SUCCESS
        status = ExitStatus.SUCCESS
        shown = []
        for target in collect_targets(
            paths, self._config, any_format=options.format_name is not None, tree=self.tree
        ):
            if isinstance(target, Target):
                shown.append(escaped(target.display, line_start=True))
            elif isinstance(target, Skipped):
                self._note_skipped(target)
            else:
                self.streams.err(f"chatlint: error: {escaped(str(target))}\n")
                status = ExitStatus.ERROR
        self.streams.out(settings_text.file_list(shown))
        return status

    # -- run ----------------------------------------------------------------------------

    def run(self) -> None:
        """Lint every target: standard input first (it is read once), then the files."""
        options = self.options
        paths = list(options.paths)
        stdin = None
        if STDIN in paths:
            paths = [path for path in paths if path != STDIN]
            stdin = StandardInput(self.streams.read_stdin(), options.stdin_filename or STDIN)
        progress = Progress(self.streams.err) if options.progress else None
        self.outcomes = lint_targets(
            self.linter,
            paths,
            self.work,
            jobs=options.jobs,
            stdin=stdin,
            # JUnit lists every file; the other formats only files with something to show.
            keep_clean=options.output_format == "junit",
            on_skip=self._note_skipped,
            tree=self.tree,
            # A baseline is JSON with "text" keys: never lint it as a macro file.
            leave_out=[path for path in (self.baseline_path, options.write_baseline) if path],
            progress=progress,
        )
        if progress is not None:
            progress.done()
        self.results = [outcome.result for outcome in self.outcomes]

    def _note_skipped(self, skipped: Skipped) -> None:
        self.streams.err(
            f"chatlint: note: {escaped(skipped.display)}: unknown file type, skipped "
            "(--format text lints it as plain text)\n"
        )

    # -- report -------------------------------------------------------------------------

    def report(self) -> None:
        """Print the errors, then what the run was asked for: the findings, a diff, the
        fixed standard input, or a note that the baseline was written."""
        options = self.options
        streams = self.streams
        for result in self.results:
            if result.error is not None:
                # One line, whatever the file's name or the problem quotes.
                streams.err(f"chatlint: error: {escaped(str(result.error))}\n")
        if options.write_baseline is not None:
            from chatlint import baseline

            count = baseline.write(options.write_baseline, self.results, self._config.root)
            streams.err(
                f"Wrote {count} finding{'s' if count != 1 else ''} to the baseline "
                f"{escaped(str(options.write_baseline))}.\n"
            )
            return
        if self._known is not None:
            from chatlint import baseline

            before = sum(len(result.findings) for result in self.results)
            self.results = baseline.without_baselined(self.results, self._known, self._config.root)
            self.baselined = before - sum(len(result.findings) for result in self.results)
            if self.baselined and not self._terminal_format and not options.quiet:
                streams.err(
                    f"chatlint: note: {_count(self.baselined, 'finding')} in the baseline "
                    f"{escaped(str(self.baseline_path))} not shown\n"
                )
        fixed_stdin = next(
            (outcome.fixed_text for outcome in self.outcomes if outcome.fixed_text is not None),
            None,
        )
        if fixed_stdin is not None and not options.diff:
            # --fix on standard input prints the fixed text, so what is left to fix by
            # hand goes to standard error, as text.
            streams.out(fixed_stdin)
            if not options.quiet:
                from chatlint.formatters import render

                left = render("text", self.results, self.tree.registry())
                fixed_count = sum(len(outcome.applied) for outcome in self.outcomes)
                streams.err(left + self._summary(fixed_count) if left else "")
            return
        if options.diff:
            streams.out(self._diff())
            return
        from chatlint.formatters import render

        output = render(
            options.output_format,
            self.results,
            self.tree.registry(),
            statistics=options.statistics,
            color=options.color,
        )
        fixed = [
            (outcome.result.path, finding)
            for outcome in self.outcomes
            for finding in outcome.applied
        ]
        if self._terminal_format and not options.quiet and not options.statistics:
            output += self._summary(len(fixed)) + self._fixable_note()
        streams.out(output)
        if options.show_fixes and fixed:
            (streams.out if self._terminal_format else streams.err)(_fix_listing(fixed))

    @property
    def _terminal_format(self) -> bool:
        return self.options.output_format in ("text", "concise", "full")

    def _fixable_note(self) -> str:
        """How many findings ``--fix`` would fix, and how many more ``--unsafe-fixes``."""
        safe = unsafe = 0
        for result in self.results:
            for finding in result.findings:
                if finding.fix is None:
                    continue
                if finding.fix.applicability >= Applicability.SAFE:
                    safe += 1
                elif finding.fix.applicability >= Applicability.UNSAFE:
                    unsafe += 1
        if self.options.fix and not self.options.unsafe_fixes:
            safe = 0  # --fix has applied those already; what is left is unsafe
        if not safe and not unsafe:
            return ""
        more = (
            f" ({unsafe} more with `--unsafe-fixes`)"
            if unsafe and not self.options.unsafe_fixes
            else ""
        )
        if not safe:
            return f"{unsafe} fixable with `--fix --unsafe-fixes`.\n" if more else ""
        return f"[*] {safe} fixable with `--fix`{more}.\n"

    def _summary(self, fixed: int) -> str:
        results = self.results
        summary = _summary(
            sum(len(result.findings) for result in results),
            sum(1 for result in results if result.findings),
            fixed,
            sum(1 for result in results if result.error is not None),
        )
        if self.baselined:
            summary += f"{_count(self.baselined, 'finding')} in the baseline not shown.\n"
        return summary

    def _diff(self) -> str:
        return "".join(outcome.diff for outcome in self.outcomes)

    @property
    def _config(self) -> RunConfig:
        assert self.config is not None, "initialise() first"
        return self.config

    # -- exit status ----------------------------------------------------------------------

    def exit_status(self) -> ExitStatus:
        """2 when a file could not be linted; else 1 when the run should fail."""
        options = self.options
        if any(result.error is not None for result in self.results):
            return ExitStatus.ERROR
        if options.write_baseline is not None or options.exit_zero:
            return ExitStatus.SUCCESS
        if options.diff:
            return ExitStatus.FINDINGS if self._diff() else ExitStatus.SUCCESS
        return (
            ExitStatus.FINDINGS
            if _failing(self.results, self._config.settings.fail_on)
            else ExitStatus.SUCCESS
        )


def check(options: CheckOptions, streams: Streams) -> ExitStatus:
    """Run ``chatlint check`` and return its exit status."""
    application = Application(options, streams)
    application.initialise()
    if options.show_settings or options.show_files:
        return application.show()
    application.run()
    application.report()
    return application.exit_status()


def _failing(results: Sequence[FileResult], level: Severity) -> int:
    """How many findings are severe enough to fail the run."""
    return sum(1 for result in results for finding in result.findings if finding.severity >= level)


def _fix_listing(fixed: Sequence[Tuple[str, Finding]]) -> str:
    lines = [f"Fixed {len(fixed)} finding{'s' if len(fixed) != 1 else ''}:"]
    for path, finding in fixed:
        assert finding.fix is not None  # only findings with a fix are applied
        title = escaped(finding.fix.title)
        lines.append(f"  {escaped(path, line_start=True)}: {finding.code} {title}")
    return "\n".join(lines) + "\n"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"


def _summary(findings: int, files: int, fixed: int = 0, unreadable: int = 0) -> str:
    fixed_note = f" ({fixed} fixed)" if fixed else ""
    if unreadable:
        # Never "All checks passed" when a file was not checked: the run failed.
        not_checked = f"{unreadable} file{'s' if unreadable != 1 else ''} with errors"
        if not findings:
            return f"No problems found{fixed_note}; {not_checked}.\n"
        return (
            f"Found {findings} problem{'s' if findings != 1 else ''} in {files} "
            f"file{'s' if files != 1 else ''}{fixed_note}; {not_checked}.\n"
        )
    if not findings:
        return (
            f"All checks passed{fixed_note}.\n"
            if not fixed
            else f"Fixed {fixed} problem{'s' if fixed != 1 else ''}; nothing left to report.\n"
        )
    return (
        f"Found {findings} problem{'s' if findings != 1 else ''} in {files} "
        f"file{'s' if files != 1 else ''}{fixed_note}.\n"
    )
