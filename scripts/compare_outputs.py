"""Run two installs of chatlint over the same real text and compare every output, byte
for byte.

A change that should not change what users see (a restructuring, a speed-up) is checked
with it: install the release before the change into one environment and the change
into another, then

    python scripts/compare_outputs.py --before /path/to/old/bin/python

compares the two on ``../shared/corpus`` (or ``--corpus DIR``) in every output format,
with statistics, with every rule including preview ones, with ``--diff``, on standard
input, and with a team's own rules. For each run it prints ``same`` or where the two
differ, and it exits 1 when any run differs in a way not listed with ``--allow``.
``--after`` defaults to the Python running the script.
"""

from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional, Sequence, Tuple

ROOT = Path(__file__).resolve().parent.parent
HOUSE_STYLE = ROOT / "examples" / "house-style" / ".chatlint.toml"


@dataclass(frozen=True)
class Run:
    """One command line, run the same way by both installs."""

    name: str
    arguments: Tuple[str, ...]
    #: A file given on standard input, relative to the corpus folder's parent.
    stdin: Optional[str] = None


def runs(corpus: str) -> List[Run]:
    found = [
        Run(f"--output-format {name}", ("check", corpus, "--output-format", name))
        for name in ("text", "json", "github", "sarif", "junit")
    ]
    found += [
        Run("--statistics", ("check", corpus, "--statistics")),
        Run("--statistics json", ("check", corpus, "--statistics", "--output-format", "json")),
        Run(
            "every rule, preview too",
            ("check", corpus, "--preview", "--select", "CL", "--output-format", "json"),
        ),
        Run("--diff --unsafe-fixes", ("check", corpus, "--diff", "--unsafe-fixes")),
        Run("--jobs 1", ("check", corpus, "--jobs", "1", "--output-format", "json")),
        Run(
            "--format text",
            ("check", os.path.join(corpus, "chat-ibm-twitter-care"), "--format", "text"),
        ),
        Run("team rules, text", ("check", corpus, "--config", str(HOUSE_STYLE))),
        Run(
            "team rules, json",
            ("check", corpus, "--config", str(HOUSE_STYLE), "--output-format", "json"),
        ),
        Run(
            "team rules, sarif",
            ("check", corpus, "--config", str(HOUSE_STYLE), "--output-format", "sarif"),
        ),
        Run("rules", ("rules",)),
        Run("rules json", ("rules", "--output-format", "json")),
        Run("rule CL501", ("rule", "CL501")),
    ]
    for path in (
        os.path.join(corpus, "chat-ibm-twitter-care", "agent_messages.txt"),
        os.path.join(corpus, "chat-twcs-dev", "agent_messages.jsonl"),
    ):
        name = os.path.basename(path)
        found.append(
            Run(f"standard input ({name})", ("check", "-", "--stdin-filename", name), stdin=path)
        )
        found.append(
            Run(
                f"standard input --fix ({name})",
                ("check", "-", "--stdin-filename", name, "--fix", "--unsafe-fixes"),
                stdin=path,
            )
        )
    return found


@dataclass(frozen=True)
class Output:
    status: int
    stdout: bytes
    stderr: bytes


def execute(python: str, run: Run, cwd: Path) -> Output:
    stdin = (cwd / run.stdin).read_bytes() if run.stdin else b""
    environment = {**os.environ, "CHATLINT_CACHE_DIR": ""}
    done = subprocess.run(
        [python, "-m", "chatlint", *run.arguments],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=environment,
    )
    return Output(done.returncode, done.stdout, done.stderr)


def difference(before: Output, after: Output) -> str:
    """Where the two outputs differ, in a few lines; empty when they are the same."""
    if before == after:
        return ""
    lines = []
    if before.status != after.status:
        lines.append(f"exit status {before.status} -> {after.status}")
    for stream in ("stdout", "stderr"):
        old, new = getattr(before, stream), getattr(after, stream)
        if old == new:
            continue
        diff = difflib.unified_diff(
            old.decode("utf-8", "replace").splitlines(),
            new.decode("utf-8", "replace").splitlines(),
            "before",
            "after",
            n=1,
            lineterm="",
        )
        shown = list(diff)
        lines.append(f"{stream} differs ({len(old):,} -> {len(new):,} bytes):")
        lines.extend("    " + line for line in shown[:24])
        if len(shown) > 24:
            lines.append(f"    ... {len(shown) - 24} more lines of difference")
    return "\n".join(lines)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--before", required=True, help="the Python of the install before the change"
    )
    parser.add_argument(
        "--after",
        default=sys.executable,
        help="the Python of the install after the change (default: this one)",
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=ROOT.parent / "shared" / "corpus",
        help="the real text to run on",
    )
    parser.add_argument(
        "--allow",
        action="append",
        default=[],
        metavar="RUN",
        help="a run (by name) that is expected to differ",
    )
    options = parser.parse_args(argv)
    corpus = options.corpus.resolve()
    if not corpus.is_dir():
        print(
            f"compare_outputs: error: {corpus}: no such folder "
            "(the shared corpus is not beside this clone)",
            file=sys.stderr,
        )
        return 2
    unexpected = 0
    for run in runs(corpus.name):
        before = execute(options.before, run, corpus.parent)
        after = execute(options.after, run, corpus.parent)
        found = difference(before, after)
        size = f"{len(after.stdout):,} bytes, exit {after.status}"
        if not found:
            print(f"same       {run.name} ({size})")
        elif run.name in options.allow:
            print(f"different  {run.name} (expected)\n{found}")
        else:
            unexpected += 1
            print(f"DIFFERENT  {run.name}\n{found}")
    print(f"{unexpected} unexpected difference{'s' if unexpected != 1 else ''}")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
