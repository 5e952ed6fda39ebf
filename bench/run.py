"""Benchmark chatlint against peer prose linters on real support text.

    python bench/run.py                   # full run: prints the README's Performance table
    python bench/run.py --install-peers   # first install proselint and write-good into bench/.peers
    python bench/run.py --quick           # a tiny workload, to check the script itself works
    python bench/run.py --only chatlint --baseline ../old/.venv/bin/python
                                          # this chatlint against an earlier install, in one run
    python bench/run.py --baseline ../old/.venv/bin/python --instructions
                                          # the same, counting instructions (valgrind)

Workloads are built from ``../shared/corpus`` (or ``--corpus``) into ``bench/work``:
10,000 one-message files from the real agent messages (shuffled, repeated as needed), one
small file, and one large transcript (``.jsonl``) and one large Markdown file at 1x, 4x
and 16x size. Every tool runs as a whole process, the way a user or a hook runs it; runs
are interleaved (tool A, tool B, tool C, then again) so a noisy machine slows them
alike, and the table shows medians. Peers that are not installed are left out.

With ``--instructions``, chatlint and the baseline each run once per workload (the 1x
sizes, the one small file and the 10,000 files) under valgrind's callgrind, which counts
the instructions every process of the run executes (a pool's workers included): the
same count whatever else the machine is doing, so a difference of a few percent that
wall time on a shared machine cannot show is seen. It counts work, not waiting.

This prints figures and never fails on them: speed is compared side by side, in one run,
on one machine. It is not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PEERS = HERE / ".peers"
SIZES = (1, 4, 16)


@dataclass
class Workload:
    name: str
    #: What each tool is given: file paths, or one directory.
    paths: List[Path]
    #: Messages in the workload (for messages/s); 0 when not meaningful.
    messages: int
    size_bytes: int
    #: Tools that can read this input ("chatlint" reads transcripts; peers do not).
    tools: Sequence[str]
    #: For scaling: the name shared by the 1x/4x/16x members and their factor.
    family: str = ""
    factor: int = 1


@dataclass
class Tool:
    name: str
    command: List[str]
    #: How the tool wants many files: "dir" (pass the directory) or "files" (every path).
    many: str = "dir"


@dataclass
class Measured:
    times: List[float] = field(default_factory=list)
    peak_kb: int = 0
    #: Stopped at the time limit (the time recorded is the limit).
    stopped: bool = False


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus")
    parser.add_argument(
        "--work", type=Path, default=HERE / "work", help="Where workloads are written."
    )
    parser.add_argument(
        "--runs", type=int, default=5, help="Runs of each tool on each workload (medians)."
    )
    parser.add_argument(
        "--quick", action="store_true", help="A tiny workload and one run: checks the script."
    )
    parser.add_argument(
        "--install-peers",
        action="store_true",
        help="Install proselint (PyPI) and write-good (npm) into bench/.peers.",
    )
    parser.add_argument("--only", choices=("chatlint",), help="Measure chatlint alone.")
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    parser.add_argument(
        "--limit",
        type=float,
        default=120.0,
        help="Stop a run after this many seconds (shown as '> limit').",
    )
    parser.add_argument(
        "--baseline",
        type=Path,
        help=(
            "The Python of another environment with an earlier chatlint installed: "
            "measured as 'chatlint-baseline' in the same run."
        ),
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="Count instructions (valgrind's callgrind) of chatlint and --baseline instead.",
    )
    parser.add_argument(
        "--lint-text-only", action="store_true", help=argparse.SUPPRESS
    )  # the baseline's API timing
    args = parser.parse_args(argv)
    if args.lint_text_only:
        print(json.dumps(lint_text_timing(args.corpus, quick=args.quick)))
        return 0

    if not (args.corpus / "chat-ibm-twitter-care" / "agent_messages.txt").is_file():
        print(
            f"bench: no corpus at {args.corpus}; pass --corpus DIR (the shared/corpus folder)",
            file=sys.stderr,
        )
        return 2
    if args.install_peers:
        install_peers()
    files = 200 if args.quick else 10_000
    runs = 1 if args.quick else args.runs
    sizes = (1, 2) if args.quick else SIZES
    workloads = prepare(args.corpus, args.work, files, sizes, quick=args.quick)
    tools = find_tools(only_chatlint=args.only == "chatlint")
    if args.baseline:
        tools.insert(1, baseline_tool(args.baseline))
        for workload in workloads:
            if "chatlint" in workload.tools:
                workload.tools = (*workload.tools, "chatlint-baseline")
    if args.instructions:
        counted = [tool for tool in tools if "chatlint" in tool.name]
        return count_instructions(workloads, counted, quick=args.quick)
    tool_names = ", ".join(tool.name for tool in tools)
    print(
        f"# {len(workloads)} workloads, {runs} runs each; tools: {tool_names}",
        file=sys.stderr,
    )

    results = measure(workloads, tools, runs, args.limit)
    per_call = lint_text_timing(args.corpus, quick=args.quick)
    if args.baseline:
        per_call["baseline"] = json.loads(
            subprocess.run(
                [
                    str(args.baseline),
                    __file__,
                    "--lint-text-only",
                    "--corpus",
                    str(args.corpus),
                    *(["--quick"] if args.quick else []),
                ],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
    report = render(workloads, tools, results, per_call)
    print(report)
    if args.json:
        args.json.write_text(
            json.dumps(as_json(workloads, tools, results, per_call), indent=2) + "\n"
        )
    return 0


# -- workloads -----------------------------------------------------------------------


def agent_messages(corpus: Path) -> List[str]:
    text = (corpus / "chat-ibm-twitter-care" / "agent_messages.txt").read_text(encoding="utf-8")
    return [message.strip() for message in text.split("\n\n") if message.strip()]


def prepare(
    corpus: Path, work: Path, files: int, sizes: Sequence[int], quick: bool
) -> List[Workload]:
    """Write the workloads (again only when their recipe changed) and describe them."""
    messages = agent_messages(corpus)
    recipe = {"files": files, "sizes": list(sizes), "corpus": str(corpus.resolve()), "version": 2}
    stamp = work / "recipe.json"
    if not stamp.is_file() or json.loads(stamp.read_text()) != recipe:
        if work.exists():
            shutil.rmtree(work)
        work.mkdir(parents=True)
        _write_messages(work / "messages", messages, files)
        (work / "one").mkdir()
        (work / "one" / "reply.txt").write_text(_typical(messages)[0] + "\n", encoding="utf-8")
        transcript = (corpus / "chat-ibm-twitter-care" / "conversations.jsonl").read_text(
            encoding="utf-8"
        )
        markdown = _articles(corpus)
        for factor in sizes:
            (work / f"transcript-{factor}x.jsonl").write_text(transcript * factor, encoding="utf-8")
            (work / f"articles-{factor}x.md").write_text(markdown * factor, encoding="utf-8")
        stamp.write_text(json.dumps(recipe))

    transcript_turns = _agent_turns(work / f"transcript-{sizes[0]}x.jsonl")
    article_count = (work / f"articles-{sizes[0]}x.md").read_text(encoding="utf-8").count("\n# ")
    everyone = ("chatlint", "write-good", "proselint")
    workloads = [
        Workload(
            f"{files:,} one-message files",
            [work / "messages"],
            files,
            _tree_size(work / "messages"),
            everyone,
        ),
        Workload(
            "one small file (whole process)",
            [work / "one" / "reply.txt"],
            1,
            (work / "one" / "reply.txt").stat().st_size,
            everyone,
        ),
    ]
    for factor in sizes:
        path = work / f"transcript-{factor}x.jsonl"
        workloads.append(
            Workload(
                f"transcript .jsonl {factor}x",
                [path],
                transcript_turns * factor // sizes[0],
                path.stat().st_size,
                ("chatlint",),
                "transcript",
                factor,
            )
        )
    for factor in sizes:
        path = work / f"articles-{factor}x.md"
        workloads.append(
            Workload(
                f"Markdown articles {factor}x",
                [path],
                article_count * factor // sizes[0],
                path.stat().st_size,
                everyone,
                "markdown",
                factor,
            )
        )
    return workloads


def _write_messages(directory: Path, messages: List[str], count: int) -> None:
    """``count`` files of one message each: the corpus shuffled, repeated as needed."""
    directory.mkdir(parents=True)
    rng = random.Random(20261123)
    chosen: List[str] = []
    while len(chosen) < count:
        batch = messages[:]
        rng.shuffle(batch)
        chosen.extend(batch)
    # 100 files per folder, as a macro repository spreads them.
    for number, message in enumerate(chosen[:count]):
        folder = directory / f"{number // 100:03d}"
        folder.mkdir(exist_ok=True)
        (folder / f"{number:05d}.txt").write_text(message + "\n", encoding="utf-8")


def _typical(messages: List[str]) -> List[str]:
    """Replies of 35 to 45 words: a typical chat reply."""
    return [message for message in messages if 35 <= len(message.split()) <= 45]


def _articles(corpus: Path) -> str:
    """Every plausible-docs help article, front matter removed, one after another."""
    parts = []
    for path in sorted((corpus / "kb-plausible-docs" / "articles").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            end = text.find("\n---", 3)
            if end != -1:
                text = text[text.find("\n", end + 1) + 1 :]
        title = path.stem.replace("-", " ").capitalize()
        parts.append(f"# {title}\n\n{text.strip()}\n\n")
    return "".join(parts)


def _agent_turns(path: Path) -> int:
    count = 0
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                count += sum(
                    1 for turn in json.loads(line).get("turns", []) if turn.get("role") == "agent"
                )
    return count


def _tree_size(directory: Path) -> int:
    return sum(path.stat().st_size for path in directory.rglob("*") if path.is_file())


# -- tools ---------------------------------------------------------------------------


def find_tools(only_chatlint: bool = False) -> List[Tool]:
    bin_dir = Path(sys.executable).parent
    chatlint = bin_dir / "chatlint"
    command = [str(chatlint)] if chatlint.exists() else [sys.executable, "-m", "chatlint"]
    tools = [Tool("chatlint", command + ["check", "--quiet", "--exit-zero"])]
    if only_chatlint:
        return tools
    write_good = _which("write-good", PEERS / "node_modules" / ".bin" / "write-good")
    if write_good:
        tools.append(Tool("write-good", [write_good], many="files"))
    proselint = _which("proselint", PEERS / "venv" / "bin" / "proselint")
    if proselint:
        tools.append(Tool("proselint", [proselint, "check"]))
    return tools


def baseline_tool(python: Path) -> Tool:
    """An earlier chatlint, run the way the current one is: its console script if it has one."""
    script = python.parent / "chatlint"
    command = [str(script)] if script.exists() else [str(python), "-m", "chatlint"]
    return Tool("chatlint-baseline", command + ["check", "--quiet", "--exit-zero"])


def _which(name: str, bundled: Path) -> Optional[str]:
    if bundled.exists():
        return str(bundled)
    return shutil.which(name)


def install_peers() -> None:
    """proselint from PyPI into its own venv, write-good from npm; both under bench/.peers."""
    PEERS.mkdir(exist_ok=True)
    venv = PEERS / "venv"
    if not (venv / "bin" / "proselint").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(venv / "bin" / "pip"), "install", "--quiet", "proselint"], check=True)
    if not (PEERS / "node_modules" / ".bin" / "write-good").exists():
        if shutil.which("npm") is None:
            print("bench: npm not found; write-good is left out", file=sys.stderr)
            return
        subprocess.run(
            ["npm", "install", "--silent", "--prefix", str(PEERS), "write-good"], check=True
        )


# -- measuring -----------------------------------------------------------------------


def measure(
    workloads: Sequence[Workload], tools: Sequence[Tool], runs: int, limit: float
) -> Dict[tuple, Measured]:
    results: Dict[tuple, Measured] = {}
    for run in range(runs):
        for workload in workloads:
            # The same order every time would let one tool always meet the files just
            # after the previous workload pushed them out of the page cache: read them
            # first, and rotate which tool goes first.
            _warm(workload)
            for tool in tools[run % len(tools) :] + tools[: run % len(tools)]:
                if tool.name not in workload.tools:
                    continue
                entry = results.setdefault((workload.name, tool.name), Measured())
                if entry.stopped:
                    continue  # it already ran out of time on this workload: once is enough
                seconds, peak_kb, status = _run_once(tool, workload, limit)
                entry.stopped = status is None
                entry.times.append(seconds)
                entry.peak_kb = max(entry.peak_kb, peak_kb)
        print(f"# run {run + 1}/{runs} done", file=sys.stderr)
    return results


def _warm(workload: Workload) -> None:
    for path in workload.paths:
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file():
                file.read_bytes()


def _command(tool: Tool, workload: Workload) -> List[str]:
    arguments: List[str] = []
    for path in workload.paths:
        if path.is_dir() and tool.many == "files":
            arguments.extend(str(file) for file in sorted(path.rglob("*.txt")))
        else:
            arguments.append(str(path))
    return tool.command + arguments


def _run_once(tool: Tool, workload: Workload, limit: float):
    command = _command(tool, workload)
    devnull = [
        (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
        (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
        (os.POSIX_SPAWN_OPEN, 2, os.devnull, os.O_WRONLY, 0),
    ]
    started = time.perf_counter()
    # Linux carries this script's own high-water resident memory into the child at
    # exec, so no tool's peak can read below this script's size (about 39 MB): read
    # how peak memory grows, not its smallest values (the README says so too).
    pid = os.posix_spawn(command[0], command, dict(os.environ), file_actions=devnull)
    timer = threading.Timer(limit, os.kill, (pid, signal.SIGKILL))
    timer.start()
    _, status, usage = os.wait4(pid, 0)
    seconds = time.perf_counter() - started
    timer.cancel()
    code = os.waitstatus_to_exitcode(status)
    stopped = code == -signal.SIGKILL and seconds >= limit
    # ru_maxrss is in kilobytes on Linux: the largest resident set of the process or
    # of any child it waited for (one worker of a pool, not their sum).
    return (limit if stopped else seconds), usage.ru_maxrss, (None if stopped else code)


def count_instructions(
    workloads: Sequence[Workload], tools: Sequence[Tool], quick: bool = False
) -> int:
    """Print the instructions each tool executes on each workload (the 1x sizes, one
    small file, 10,000 files; with ``quick``, the small file alone), counted by
    callgrind over every process of the run."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        print("bench: --instructions needs valgrind (Debian's package valgrind)", file=sys.stderr)
        return 2
    chosen = [
        workload
        for workload in workloads
        if workload.factor == 1 and (not quick or workload.name.startswith("one small file"))
    ]
    names = " | ".join(f"{tool.name} (instructions)" for tool in tools)
    lines = [f"| Workload | {names} | Ratio |", "|---|" + "---|" * len(tools) + "---|"]
    for workload in chosen:
        counts = [_instructions(valgrind, tool, workload) for tool in tools]
        ratio = f"{counts[0] / counts[1]:.3f}x" if len(counts) > 1 and counts[1] else "-"
        shown = " | ".join(f"{count / 1e6:,.1f} M" for count in counts)
        lines.append(f"| {workload.name} | {shown} | {ratio} |")
        print(f"# {workload.name} counted", file=sys.stderr)
    print("\n".join(lines))
    return 0


def _instructions(valgrind: str, tool: Tool, workload: Workload) -> int:
    """Instructions of one run of ``tool`` on ``workload``, all its processes together."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="chatlint-bench-") as folder:
        command = [
            valgrind,
            "--tool=callgrind",
            # One file per process (%p): a forked worker of a pool writes its own.
            f"--callgrind-out-file={folder}/callgrind.%p",
            *_command(tool, workload),
        ]
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        return summed_instructions(Path(folder))


def summed_instructions(folder: Path) -> int:
    """The instructions in every callgrind output file in ``folder``, added up."""
    total = 0
    for output in folder.glob("callgrind.*"):
        for line in output.read_text(encoding="utf-8", errors="replace").splitlines():
            # The file's total (older valgrind writes "totals:" instead).
            if line.startswith(("summary:", "totals:")):
                total += int(line.split()[1])
                break
    return total


def lint_text_timing(corpus: Path, quick: bool) -> Dict[str, float]:
    """The Python API on typical 35-45 word replies, in this process: microseconds per call."""
    from chatlint.api import lint_text

    replies = _typical(agent_messages(corpus))
    for reply in replies:  # the first call builds the rules; as-you-type use pays it once
        lint_text(reply)
    calls = []
    for _ in range(1 if quick else 20):
        for reply in replies:
            started = time.perf_counter_ns()
            lint_text(reply)
            calls.append((time.perf_counter_ns() - started) / 1000)
    calls.sort()
    return {
        "replies": len(replies),
        "calls": len(calls),
        "median_us": statistics.median(calls),
        "p90_us": calls[int(len(calls) * 0.9)],
        "words": statistics.mean(len(reply.split()) for reply in replies),
    }


# -- report --------------------------------------------------------------------------


def render(workloads, tools, results, per_call) -> str:
    lines = [
        "| Workload | Tool | Median wall time | Messages/s | MB/s | Peak memory "
        "| Time vs chatlint |",
        "|---|---|---|---|---|---|---|",
    ]
    for workload in workloads:
        base = results.get((workload.name, "chatlint"))
        base_median = statistics.median(base.times) if base else None
        for tool in tools:
            entry = results.get((workload.name, tool.name))
            if entry is None:
                continue
            median = statistics.median(entry.times)
            more = "< " if entry.stopped else ""
            rate = f"{more}{workload.messages / median:,.0f}" if workload.messages > 1 else "-"
            megabytes = f"{more}{workload.size_bytes / 1e6 / median:.2f}"
            ratio = (
                "1.0x"
                if tool.name == "chatlint"
                else (
                    f"{'> ' if entry.stopped else ''}{median / base_median:.1f}x slower"
                    if base_median
                    else "-"
                )
            )
            wall = f"> {median:.0f} s (stopped)" if entry.stopped else f"{median:.2f} s"
            peak = f"{entry.peak_kb / 1024:.0f} MB"
            lines.append(
                f"| {workload.name} | {tool.name} | {wall} | {rate} | {megabytes} "
                f"| {peak} | {ratio} |"
            )
    lines.append("")
    lines.extend(_targets(workloads, tools, results, per_call))
    return "\n".join(lines)


def _targets(workloads, tools, results, per_call) -> List[str]:
    def median(workload_name: str, tool: str) -> Optional[float]:
        entry = results.get((workload_name, tool))
        return statistics.median(entry.times) if entry else None

    out = ["Targets (issue 6), from this run:", ""]
    many = workloads[0].name
    mine = median(many, "chatlint")
    for peer, wanted in (("write-good", 5), ("proselint", 20)):
        theirs = median(many, peer)
        if theirs and mine:
            factor = theirs / mine
            verdict = "met" if factor >= wanted else "NOT met"
            out.append(
                f"- {many}: chatlint {factor:.1f}x the messages/s of {peer} "
                f"(target {wanted}x): {verdict}"
            )
    one = workloads[1].name
    mine = median(one, "chatlint")
    peers = [
        (peer.name, median(one, peer.name))
        for peer in tools
        if not peer.name.startswith("chatlint") and median(one, peer.name)
    ]
    if mine and peers:
        faster = all(mine < theirs for _, theirs in peers)
        listed = ", ".join(f"{name} {theirs:.3f} s" for name, theirs in peers)
        out.append(
            f"- one small file: chatlint {mine:.3f} s vs {listed}: {'met' if faster else 'NOT met'}"
        )
    for family in ("transcript", "markdown"):
        members = [workload for workload in workloads if workload.family == family]
        if len(members) >= 2:
            first, last = members[0], members[-1]
            small, large = median(first.name, "chatlint"), median(last.name, "chatlint")
            growth = large / small
            allowed = (last.factor / first.factor) * 17 / 16
            verdict = "met" if growth <= allowed else "NOT met"
            first_peak = results[(first.name, "chatlint")].peak_kb / 1024
            last_peak = results[(last.name, "chatlint")].peak_kb / 1024
            out.append(
                f"- {family}: {last.factor // first.factor}x the input took {growth:.1f}x the time "
                f"(target at most {allowed:.0f}x): {verdict}; "
                f"peak memory {first_peak:.0f} MB -> {last_peak:.0f} MB"
            )
    for workload in workloads:
        mine, before = median(workload.name, "chatlint"), median(workload.name, "chatlint-baseline")
        if mine and before:
            within = "yes" if mine <= before * 1.10 else "NO"
            out.append(
                f"- {workload.name}: {mine / before:.2f}x the baseline's time "
                f"(within 10%: {within})"
            )
    if "baseline" in per_call:
        before = per_call["baseline"]["median_us"]
        median_us = per_call["median_us"]
        within = "yes" if median_us <= before * 1.10 else "NO"
        out.append(
            f"- lint_text median {median_us:.0f} us vs baseline {before:.0f} us: "
            f"{median_us / before:.2f}x (within 10%: {within})"
        )
    out.append(
        f"- lint_text on {per_call['replies']} typical replies "
        f"({per_call['words']:.0f} words on average): "
        f"median {per_call['median_us']:.0f} us, 90th percentile {per_call['p90_us']:.0f} us "
        f"(target median under 200 us): {'met' if per_call['median_us'] < 200 else 'NOT met'}"
    )
    return out


def as_json(workloads, tools, results, per_call):
    return {
        "workloads": [
            {
                "name": workload.name,
                "messages": workload.messages,
                "bytes": workload.size_bytes,
                "tools": {
                    tool.name: {
                        "times": results[(workload.name, tool.name)].times,
                        "peak_kb": results[(workload.name, tool.name)].peak_kb,
                    }
                    for tool in tools
                    if (workload.name, tool.name) in results
                },
            }
            for workload in workloads
        ],
        "lint_text": per_call,
    }


if __name__ == "__main__":
    sys.exit(main())
