"""Linting (and fixing) one file, and running that over many files: in process, or in
a pool of worker processes."""

from __future__ import annotations

import collections
import itertools
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Deque, Iterable, Iterator, List, Optional, Tuple, Union

from chatlint.discovery import StandardInput, Target
from chatlint.errors import InputError
from chatlint.files import decode, read_file
from chatlint.linter import Linter
from chatlint.results import FileResult
from chatlint.run_config import RunConfig
from chatlint.settings import Overrides, Settings
from chatlint.sources import FORMATS_BY_NAME, Format
from chatlint.violation import Applicability, Finding

if TYPE_CHECKING:
    from concurrent.futures import Future

    from chatlint.config_tree import ConfigTree

#: Below this many files a process pool costs more than it saves.
MIN_FILES_FOR_POOL = 32
#: The most files handed to a worker at once.
MAX_CHUNK = 64


@dataclass(frozen=True)
class Work:
    """What to do with each file."""

    #: Apply fixes at or above this applicability; ``None`` to only report.
    fix: Optional[Applicability] = None
    #: Write fixed files (``False`` with ``--diff``: compute the change only).
    write: bool = True
    #: Read every file in this format, whatever its name.
    format_name: Optional[str] = None
    #: Keep each file's text in its result (the Python API); a command-line run keeps
    #: only where its findings are, so it holds its findings, never every file it read.
    keep_text: bool = False


@dataclass(frozen=True)
class Outcome:
    """One file's result, and what fixing did to it."""

    result: FileResult
    applied: Tuple[Finding, ...] = ()
    diff: str = ""
    #: Standard input's text after fixing (as it came when nothing changed), which
    #: ``--fix`` prints; ``None`` for a file, or when not fixing.
    fixed_text: Optional[str] = None


def process(linter: Linter, target: Union[Target, StandardInput], work: Work) -> Outcome:
    """Lint (and fix) one file, or standard input."""
    outcome = _process(linter, target, work)
    if work.keep_text or outcome.result.source is None:
        return outcome
    # Built directly: dataclasses.replace costs a run over many files several percent.
    return Outcome(
        outcome.result.without_source(), outcome.applied, outcome.diff, outcome.fixed_text
    )


def _process(linter: Linter, target: Union[Target, StandardInput], work: Work) -> Outcome:
    file_format = FORMATS_BY_NAME[work.format_name] if work.format_name else None
    if isinstance(target, StandardInput):
        return _process_stdin(linter, target, work, file_format)
    if work.fix is None:
        return Outcome(linter.lint_file(target.path, target.display, file_format))
    try:
        source = read_file(target.path, target.display)
    except InputError as error:
        return Outcome(FileResult(target.display, error=error))
    from chatlint import fixing

    fixed = fixing.fix_source(linter, source, target.display, work.fix, file_format)
    if fixed.fixed is None or not fixed.changed:
        return Outcome(fixed.result, fixed.applied)
    diff = fixing.unified_diff(target.display, source.text, fixed.fixed.text)
    if work.write:
        try:
            fixing.write_fixed(target.path, fixed.fixed, target.display)
        except InputError as error:
            result = FileResult(target.display, fixed.result.findings, fixed.result.source, error)
            return Outcome(result, (), diff)
    return Outcome(fixed.result, fixed.applied, diff)


def _process_stdin(
    linter: Linter, target: StandardInput, work: Work, file_format: Optional[Format]
) -> Outcome:
    """Standard input as one file; fixing it keeps the fixed text for ``--fix`` to print."""
    try:
        source = decode(target.data, target.display)
    except InputError as error:
        return Outcome(FileResult(target.display, error=error))
    if work.fix is None:
        return Outcome(linter.lint_source(source, target.display, file_format))
    from chatlint import fixing

    fixed = fixing.fix_source(linter, source, target.display, work.fix, file_format)
    text = fixed.fixed.text if fixed.fixed is not None else source.text
    diff = fixing.unified_diff(target.display, source.text, text) if fixed.changed else ""
    return Outcome(fixed.result, fixed.applied, diff, text)


def resolve_jobs(jobs: str) -> int:
    if jobs == "auto":
        return os.cpu_count() or 1
    count = int(jobs)
    if count < 1:
        raise ValueError("--jobs must be a positive number or 'auto'")
    return count


def run(
    linter: Linter,
    targets: Iterable[Target],
    work: Work,
    jobs: int = 1,
    *,
    keep_clean: bool = True,
    tree: Optional["ConfigTree"] = None,
) -> Iterator[Outcome]:
    """Outcomes in the order of ``targets``, one at a time as they are ready, whether
    run in process or in a pool. ``linter`` lints with the main config; a target that
    names another config file is linted with that config, from ``tree``.

    ``targets`` may be a generator still walking the tree: a pool lints the first
    files while the walk goes on. With ``keep_clean`` false, files with nothing to
    show (no findings, no error, no fix) are left out: a pool then never sends them
    back, and a run over thousands of clean files moves little between processes.
    """
    pending = iter(targets)
    # Enough files to know whether a pool pays off and how to share the work out.
    ahead = list(itertools.islice(pending, jobs * 8 * MAX_CHUNK if jobs > 1 else 0))
    if jobs <= 1 or len(ahead) < MIN_FILES_FOR_POOL:
        for target in itertools.chain(ahead, pending):
            outcome = process(
                linter if target.config is None or tree is None else tree.linter(target.config),
                target,
                work,
            )
            if keep_clean or _worth_showing(outcome):
                yield outcome
        return
    # Imported here: a run of a few files never pays for multiprocessing's start-up.
    from concurrent.futures import ProcessPoolExecutor

    # About eight chunks per worker keeps them evenly busy to the end; chunks of up to
    # MAX_CHUNK files keep the cost of handing work over small.
    size = max(1, min(MAX_CHUNK, len(ahead) // (jobs * 8)))
    chunks = _chunks(itertools.chain(ahead, pending), size)
    in_flight: Deque["Future[List[Outcome]]"] = collections.deque()
    # Workers work out the same configs from their files (and the same overrides).
    nested = (tree.overrides, tree.one_config) if tree is not None else None
    with ProcessPoolExecutor(
        jobs, initializer=_start_worker, initargs=(linter.config.settings, nested)
    ) as pool:
        try:
            for chunk in chunks:
                in_flight.append(pool.submit(_process_in_worker, chunk, work, keep_clean))
                # A few chunks queued per worker keep every worker busy; more would only
                # hold finished outcomes (and walked paths) in memory.
                if len(in_flight) > jobs * 4:
                    yield from in_flight.popleft().result()
            while in_flight:
                yield from in_flight.popleft().result()
        finally:  # stopped early (an error, or the caller stopped reading): drop the queue
            for future in in_flight:
                future.cancel()


def _chunks(targets: Iterator[Target], size: int) -> Iterator[List[Tuple[str, str, Optional[str]]]]:
    """Targets as (path, display, config) in lists of ``size``: plain tuples pickle
    faster than dataclasses."""
    while True:
        chunk = [
            (target.path, target.display, target.config)
            for target in itertools.islice(targets, size)
        ]
        if not chunk:
            return
        yield chunk


def _worth_showing(outcome: Outcome) -> bool:
    result = outcome.result
    return bool(result.findings or result.error is not None or outcome.applied or outcome.diff)


_worker_linter: List[Linter] = []  # one per worker process, built by the initializer
_worker_tree: List["ConfigTree"] = []  # with the other configs, when files have their own


def _start_worker(
    settings: Settings, nested: Optional[Tuple[Optional[Overrides], bool]] = None
) -> None:
    # The settings are already checked and carry the team's rules as data: the worker
    # works out the same run from them.
    config = RunConfig(settings)
    _worker_linter.append(Linter(config))
    if nested is not None:
        from chatlint.config_tree import ConfigTree

        overrides, one_config = nested
        _worker_tree.append(ConfigTree(config, overrides=overrides, one_config=one_config))


def _process_in_worker(
    chunk: List[Tuple[str, str, Optional[str]]], work: Work, keep_clean: bool
) -> List[Outcome]:
    linter = _worker_linter[0]
    outcomes = (
        process(
            linter if config is None else _worker_tree[0].linter(config),
            Target(path, display, config),
            work,
        )
        for path, display, config in chunk
    )
    return [outcome for outcome in outcomes if keep_clean or _worth_showing(outcome)]
