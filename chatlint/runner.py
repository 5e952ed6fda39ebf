"""Linting (and fixing) one file, and running that over many files: in process, or in
a pool of worker processes."""

from __future__ import annotations

import collections
import functools
import itertools
import os
import sys
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Callable, Deque, Iterable, Iterator, List, Optional, Tuple, Union

from chatlint.discovery import StandardInput, Target
from chatlint.errors import ChatlintError, InputError, RuleFailure
from chatlint.files import decode
from chatlint.linter import Linter
from chatlint.registry import Registry
from chatlint.results import FileResult
from chatlint.rule import Rule
from chatlint.run_config import RunConfig
from chatlint.settings import Overrides, Settings
from chatlint.sources import FORMATS_BY_NAME, Format
from chatlint.violation import Applicability, Finding

if TYPE_CHECKING:
    from concurrent.futures import Future
    from types import FrameType, TracebackType

    from chatlint.config_tree import ConfigTree

#: Below this many files a process pool costs more than it saves.
MIN_FILES_FOR_POOL = 32
#: The most files handed to a worker at once.
MAX_CHUNK = 64

#: Files handed to a worker: (path, display, config) each.
_Chunk = List[Tuple[str, str, Optional[str]]]


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
    from chatlint import fixing

    try:
        source, read_as = fixing.read_to_fix(target.path, target.display)
    except fixing.TooLargeToFix as error:
        result = fixing.lint_unfixed(
            linter, target.path, target.display, work.fix, file_format, error
        )
        return Outcome(result)
    except InputError as error:
        return Outcome(FileResult(target.display, error=error))

    fixed = fixing.fix_source(linter, source, target.display, work.fix, file_format)
    if fixed.fixed is None or not fixed.changed:
        return Outcome(fixed.result, fixed.applied)
    diff = fixing.unified_diff(target.display, source.text, fixed.fixed.text)
    if work.write:
        try:
            fixing.write_fixed(target.path, fixed.fixed, target.display, read_as)
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
        clock = _FileClock.of_this_process()
        try:
            for target in itertools.chain(ahead, pending):
                outcome = _guarded(
                    linter if target.config is None or tree is None else tree.linter(target.config),
                    target,
                    work,
                    clock,
                )
                if keep_clean or _worth_showing(outcome):
                    yield outcome
        finally:
            clock.close()
        return
    # Imported here: a run of a few files never pays for multiprocessing's start-up.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    # About eight chunks per worker keeps them evenly busy to the end; chunks of up to
    # MAX_CHUNK files keep the cost of handing work over small.
    size = max(1, min(MAX_CHUNK, len(ahead) // (jobs * 8)))
    chunks = _chunks(itertools.chain(ahead, pending), size)
    in_flight: Deque[Tuple["Future[List[Outcome]]", _Chunk]] = collections.deque()
    # Workers work out the same configs from their files (and the same overrides).
    nested = (tree.overrides, tree.one_config) if tree is not None else None
    start = functools.partial(_start_worker, linter.config.settings, nested, os.getpid())
    # Built here, before the workers start: a forked worker then has them already.
    try:
        linter.rules_for(None)
    except Exception:  # a rule that cannot be built fails in each worker, as it would
        _parent_linter.clear()
    else:
        _parent_linter[:] = [linter]
    while True:  # a new pool after one whose worker ended in the middle of a file
        try:
            with ProcessPoolExecutor(jobs, initializer=start) as pool:
                try:
                    for chunk in chunks:
                        try:
                            future = pool.submit(_process_in_worker, chunk, work, keep_clean)
                        except BrokenProcessPool:  # broken already: this chunk goes next
                            chunks = itertools.chain([chunk], chunks)
                            raise
                        in_flight.append((future, chunk))
                        # A few chunks queued per worker keep every worker busy; more
                        # would only hold finished outcomes (and walked paths) in memory.
                        if len(in_flight) > jobs * 4:
                            yield from _first_outcomes(in_flight)
                    while in_flight:
                        yield from _first_outcomes(in_flight)
                finally:  # stopped early (an error, or the caller stopped reading)
                    for future, _ in in_flight:
                        future.cancel()
            return
        except BrokenProcessPool:
            # A worker ended in the middle of a file (a plugin called os._exit, or would
            # not stop when its time was up), and the pool with it. What the pool had in
            # hand is linted again a file at a time, to name that file; a new pool then
            # goes on with the rest.
            yield from _one_at_a_time(in_flight, work, keep_clean, start, linter.registry)
            in_flight.clear()


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
#: The linter of the run whose pool is starting, its rules built. A worker forked from
#: that process has a copy and uses it, rather than building the same rules again; it
#: knows it was forked because the settings it is handed are this linter's very object
#: (a worker started afresh gets a copy of them, and builds its own).
_parent_linter: List[Linter] = []
_worker_tree: List["ConfigTree"] = []  # with the other configs, when files have their own


def _start_worker(
    settings: Settings,
    nested: Optional[Tuple[Optional[Overrides], bool]] = None,
    run_pid: Optional[int] = None,
) -> None:
    if run_pid is not None:
        _end_with_the_run(run_pid)
    linter = next((built for built in _parent_linter if built.config.settings is settings), None)
    if linter is None:
        # The settings are already checked and carry the team's rules as data: the
        # worker works out the same run from them.
        linter = Linter(RunConfig(settings))
    config = linter.config
    _worker_linter.append(linter)
    if nested is not None:
        from chatlint.config_tree import ConfigTree

        overrides, one_config = nested
        _worker_tree.append(ConfigTree(config, overrides=overrides, one_config=one_config))


#: Seconds between a worker's looks at whether its run is still there, where the
#: system cannot be asked to end the worker with the run.
_WATCH_SECONDS = 0.5
#: prctl's option for the signal a process gets when its parent ends (linux/prctl.h).
_PR_SET_PDEATHSIG = 1


def _end_with_the_run(run_pid: int) -> None:
    """Have this worker end when the run that started it ends, however it ends.

    A worker waits for work on a pipe it holds both ends of, so it never learns that the
    run is gone: a run killed with SIGTERM or SIGKILL would leave every worker waiting
    for ever. On Linux the kernel kills the worker when its parent ends, even in the
    middle of a regular expression (which holds the interpreter lock); elsewhere a thread
    looks every :data:`_WATCH_SECONDS`.
    """
    import multiprocessing

    # A fork server, not the run, starts workers there; it ends when the run ends.
    parent = os.getppid() if multiprocessing.get_start_method() == "forkserver" else run_pid
    if _ask_for_a_signal_when_the_parent_ends():
        if os.getppid() != parent:  # it ended before the kernel was asked
            os._exit(1)
        return
    import threading

    threading.Thread(
        target=_watch_the_run, args=(parent,), name="chatlint-watch-run", daemon=True
    ).start()


def _ask_for_a_signal_when_the_parent_ends() -> bool:
    """On Linux, ask the kernel for SIGKILL when this process's parent ends.

    Strictly, when the parent's thread that started this process ends: the pool's
    workers start in the thread that iterates :func:`run`, which lives as long as the
    pool does.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0)
    except (OSError, AttributeError):  # no C library to ask, or one without prctl
        return False


def _watch_the_run(parent: int) -> None:
    import time

    if os.name == "nt":
        # A process's parent id stays the same after the parent ends on Windows; the
        # handle multiprocessing keeps on the parent says whether it is still there.
        import multiprocessing

        run = multiprocessing.parent_process()
        if run is None:
            return
        while run.is_alive():
            time.sleep(_WATCH_SECONDS)
    else:
        while os.getppid() == parent:
            time.sleep(_WATCH_SECONDS)
    os._exit(1)


def _process_in_worker(
    chunk: _Chunk, work: Work, keep_clean: bool, report: Optional[str] = None
) -> List[Outcome]:
    """Lint a chunk of files in a worker. ``report``: a file to keep up to date with the
    file and the rule being run, for a worker linting files one at a time."""
    linter = _worker_linter[0]
    clock = _clock_of_this_worker(report)
    outcomes = (
        _guarded(
            linter if config is None else _worker_tree[0].linter(config),
            Target(path, display, config),
            work,
            clock,
        )
        for path, display, config in chunk
    )
    try:
        return [outcome for outcome in outcomes if keep_clean or _worth_showing(outcome)]
    finally:
        clock.pause()  # a worker waiting for work is not timed


# -- rules that hang, or try to end the process ---------------------------------------

#: The seconds a file may take, and more per megabyte of it (a large file lints at about
#: a megabyte in eight seconds), before the rule running on it is stopped: a plugin
#: that hangs costs one file, not the run.
FILE_SECONDS = 10.0
FILE_SECONDS_PER_MB = 30.0
#: The seconds a stopped rule has to stop before its worker process is ended.
STOP_SECONDS = 10.0


class _FileClock:
    """The time the file being linted may take, kept with SIGALRM where the system has
    it and this process may use it (in its main thread, the signal not taken).

    When the time is up, the running rule gets a :class:`TimeoutError` (it breaks a
    sleep, a loop, even a regular expression), which the linter reports naming the rule,
    keeping the other rules' findings. In a worker process (``hard``), a rule that goes
    on anyway (it caught the error) has :data:`STOP_SECONDS` more, then its process is
    ended; the run then lints that worker's files again one at a time to name it.

    The timer is set once for a run of files (a chunk), not for each file (two system
    calls each): when it rings, the file then being linted says how long it has had.
    """

    def __init__(self, on: bool, hard: bool) -> None:
        self.on = on
        self.hard = hard
        #: What a worker linting files one at a time is doing, for the run to read.
        self.report: Optional[_Report] = None
        self.path: Optional[str] = None
        self.started = 0.0
        self.ticking = False
        self.allowed = FILE_SECONDS
        #: The running rule was stopped (it got the TimeoutError).
        self.stopped = False

    @classmethod
    def of_this_process(cls, hard: bool = False) -> _FileClock:
        import signal
        import threading

        on = (
            hasattr(signal, "setitimer")  # not on Windows
            and threading.current_thread() is threading.main_thread()
            # A program calling chatlint's API may use the signal itself: leave it be.
            and signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
            and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        )
        clock = cls(on, hard)
        if on:
            signal.signal(signal.SIGALRM, clock._ring)
        return clock

    def close(self) -> None:
        self.pause()
        if self.on:
            import signal

            signal.signal(signal.SIGALRM, signal.SIG_DFL)

    def start(self, target: Target) -> None:
        """Time ``target`` from now."""
        self.path, self.started, self.stopped = target.path, time.monotonic(), False
        self.allowed = FILE_SECONDS
        if self.report is not None:
            self.report.file(target.display)
        if self.on and not self.ticking:
            import signal

            signal.setitimer(signal.ITIMER_REAL, FILE_SECONDS)
            self.ticking = True

    def stop(self) -> None:
        """The file is done."""
        self.path = None

    def pause(self) -> None:
        """No file for a while (the end of a chunk): no signal either."""
        if self.ticking:
            import signal

            signal.setitimer(signal.ITIMER_REAL, 0)
            self.ticking = False

    def _ring(self, signum: int, frame: object) -> None:
        import signal

        if self.path is None:  # between files: time the next one from its start
            signal.setitimer(signal.ITIMER_REAL, FILE_SECONDS)
            return
        if self.stopped:
            if self.hard:  # the rule went on after it was stopped: end the worker
                if self.report is not None:
                    self.report.ran_over()
                os._exit(1)
            # In the run's own process nothing more can be done without ending the run.
            signal.setitimer(signal.ITIMER_REAL, FILE_SECONDS)
            return
        try:
            size = os.stat(self.path).st_size
        except OSError:
            size = 0
        self.allowed = FILE_SECONDS + FILE_SECONDS_PER_MB * size / 1_000_000
        elapsed = time.monotonic() - self.started
        if elapsed < self.allowed:  # a file started since, or a large one: not yet
            signal.setitimer(signal.ITIMER_REAL, self.allowed - elapsed)
            return
        self.stopped = True
        signal.setitimer(signal.ITIMER_REAL, STOP_SECONDS if self.hard else FILE_SECONDS)
        raise TimeoutError(f"still running after {self.allowed:.0f} s on this file; stopped")


_worker_clock: List[_FileClock] = []  # one per worker process, made on its first chunk


def _clock_of_this_worker(report: Optional[str]) -> _FileClock:
    if not _worker_clock:
        clock = _FileClock.of_this_process(hard=True)
        if report is not None:
            clock.report = _Report(report)
        _worker_clock.append(clock)
    return _worker_clock[0]


def _guarded(linter: Linter, target: Target, work: Work, clock: _FileClock) -> Outcome:
    """:func:`process`, answering for the rules it runs: one that runs past the file's
    time is stopped, and one that raises SystemExit is reported; neither ends the run."""
    clock.start(target)
    try:
        try:
            outcome = process(linter, target, work)
        finally:
            clock.stop()
    except SystemExit as stop:
        rule = _rule_in(stop.__traceback__)
        if rule is None:
            raise  # not from a rule: this process is being told to end
        problem = (
            f"rule {rule.code} ({rule.name}) failed: SystemExit: {stop.code} (a rule "
            "cannot end the run; nothing else is reported for this file)"
        )
        return Outcome(FileResult(target.display, error=RuleFailure(problem, target.display)))
    except TimeoutError:  # the time was up just as the file was done
        outcome = Outcome(FileResult(target.display))
    if clock.stopped and not isinstance(outcome.result.error, RuleFailure):
        # Stopped outside any rule: reading the file took the time.
        problem = f"still being read and linted after {clock.allowed:.0f} s; stopped"
        result = replace(outcome.result, error=InputError(problem, target.display))
        return Outcome(result, outcome.applied, outcome.diff, outcome.fixed_text)
    return outcome


def _rule_in(trace: Optional[TracebackType]) -> Optional[Rule]:
    """The innermost rule whose code a traceback went through."""
    found = None
    while trace is not None:
        candidate = trace.tb_frame.f_locals.get("self")
        if isinstance(candidate, Rule):
            found = candidate
        trace = trace.tb_next
    return found


class _Report:
    """A file where a worker linting files one at a time says what it is doing: the
    file, the rule running (if any), and whether that rule ran over its time. If the
    worker ends in the middle of a file, the run reads it there."""

    def __init__(self, path: str) -> None:
        self._handle = os.open(path, os.O_WRONLY)
        self._display = ""
        self._code = ""
        sys.setprofile(self._follow_rules)

    def file(self, display: str) -> None:
        self._display, self._code = display, ""
        self._write("")

    def ran_over(self) -> None:
        self._write("ran over")

    def _follow_rules(self, frame: FrameType, event: str, arg: object) -> None:
        # A rule's check called (or resumed: it may be a generator), or returning.
        if frame.f_code.co_name != "check" or event not in ("call", "return"):
            return
        rule = frame.f_locals.get("self")
        if isinstance(rule, Rule):
            self._code = rule.code if event == "call" else ""
            self._write("")

    def _write(self, state: str) -> None:
        # JSON, as a name may hold any character; each record ends at a NUL, which JSON
        # never writes, so what a longer record left after it is not read.
        import json  # only a worker linting files one at a time writes a report

        record = json.dumps([self._display, self._code, state]) + "\0"
        os.pwrite(self._handle, record.encode("ascii"), 0)


def _read_report(path: str) -> Tuple[str, str, str]:
    """What :class:`_Report` last wrote: the file, the rule, the state."""
    with open(path, "rb") as handle:
        record = handle.read().split(b"\0")[0]
    if not record:  # the worker ended before it began a file
        return "", "", ""
    import json

    display, code, state = json.loads(record)
    return display, code, state


def _first_outcomes(in_flight: Deque[Tuple["Future[List[Outcome]]", _Chunk]]) -> List[Outcome]:
    """The outcomes of the first chunk in flight, once it is done; it stays in flight
    if its worker ended (the pool is broken)."""
    outcomes = in_flight[0][0].result()
    in_flight.popleft()
    return outcomes


def _one_at_a_time(
    in_flight: Iterable[Tuple["Future[List[Outcome]]", _Chunk]],
    work: Work,
    keep_clean: bool,
    start: Callable[[], None],
    registry: Registry,
) -> Iterator[Outcome]:
    """The outcomes of the chunks a broken pool had in hand, in order: those done before
    it broke as they came back, the others' files linted again one at a time."""
    files: _Chunk = []
    for future, chunk in in_flight:
        if future.done() and not future.cancelled() and future.exception() is None:
            yield from _alone(files, work, keep_clean, start, registry)
            files = []
            yield from future.result()
        else:
            files.extend(chunk)
    yield from _alone(files, work, keep_clean, start, registry)


def _alone(
    files: _Chunk, work: Work, keep_clean: bool, start: Callable[[], None], registry: Registry
) -> Iterator[Outcome]:
    """Lint ``files`` one after another in a worker process of their own; a file whose
    linting ends that worker is reported (naming the rule that was running, from the
    worker's report), and a new worker goes on with the files after it."""
    if not files:
        return
    import tempfile
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    handle, report = tempfile.mkstemp(prefix="chatlint-", suffix=".worker")
    os.close(handle)
    try:
        while files:
            with ProcessPoolExecutor(1, initializer=start) as pool:
                futures = [
                    pool.submit(_process_in_worker, [file], work, keep_clean, report)
                    for file in files
                ]
                try:
                    for position, future in enumerate(futures):
                        try:
                            outcomes = future.result()
                        except BrokenProcessPool:
                            display, code, state = _read_report(report)
                            if display != files[position][1]:
                                raise  # the worker ended before it began: not a file's doing
                            yield _ended(display, code, state, registry)
                            files = files[position + 1 :]
                            break
                        yield from outcomes
                    else:
                        files = []
                finally:  # stopped early, or a worker ended: drop what is queued
                    for future in futures:
                        future.cancel()
    finally:
        os.unlink(report)


def _ended(display: str, code: str, state: str, registry: Registry) -> Outcome:
    """The outcome of a file whose linting ended its worker process."""
    rule = registry.rules.get(code) if code else None
    running = f"rule {code} ({rule.name})" if rule is not None else f"rule {code}"
    if not code:
        problem = "the process linting this file ended abruptly; nothing is reported for it"
    elif state == "ran over":
        problem = (
            f"{running} did not stop when this file's time was up, so the process linting "
            "it was ended; nothing else is reported for this file"
        )
    else:
        problem = f"{running} ended the process linting this file; nothing else is reported for it"
    error: ChatlintError = (
        RuleFailure(problem, display) if code else ChatlintError(problem, display)
    )
    return Outcome(FileResult(display, error=error))
