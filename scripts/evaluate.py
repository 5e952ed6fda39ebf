r"""Measure chatlint's rules on real text they were not tuned on, the way users meet them.

Precision is judged on a random sample of *findings*; recall on a random sample of
*replies* labelled blind (the labeller sees the text and the rule docs, never the
findings). Both samples are drawn from fixed splits of ``../shared/corpus`` so anyone
can draw them again:

- ``tune``: what the rules may be tuned on. Chat: the AppleSupport and McDonalds
  replies of ``chat-twcs-dev``, every IBM customer-care reply, and the 2,511
  NikeSupport and Walmart replies (and ten-project macros) labelled in the first six
  rounds (``tests/eval/tune-labels-nike-walmart-*.jsonl``), moved to tuning after each
  round's figures were taken, so that their misses could be read. Articles:
  ``kb-plausible-docs`` and ``kb-spot-help``.
- ``test``: never tuned on. Chat: the other NikeSupport and Walmart replies of
  ``chat-twcs-dev`` (the tuning brands share no templates with them; the moved replies
  do, so a figure on them is not cross-brand), and
  the canned replies of ``macros-oss-canned-replies`` except the four repositories
  whose files are test fixtures here (``tests/fixtures/corpus/SOURCES.md``).
  Articles: a folder of help-centre articles from other knowledge bases, given with
  ``--articles`` (``tests/eval/README.md`` says where the measured ones came from).

Commands (each prints or writes JSON Lines; ``--seed`` makes a draw repeatable):

    python scripts/evaluate.py findings --split test --sample 150 --seed 1 > sample.jsonl
    python scripts/evaluate.py findings --split test --per-rule 30 --seed 2 > per-rule.jsonl
    python scripts/evaluate.py replies --split test --sample 400 --seed 3 > to-label.jsonl
    python scripts/evaluate.py precision verdicts.jsonl
    python scripts/evaluate.py recall labels.jsonl
    python scripts/evaluate.py record --date 2026-11-29 --sample "..." verdicts.jsonl \
        > rules/measurements.toml

A finding sheet line holds the message, the finding's code, the flagged text and the
message shown to users; a judge adds ``"verdict": "right" | "wrong" | "borderline"``.
A label line holds a reply's ``id`` and the ``codes`` a labeller would flag. The
chat-twcs-dev licence forbids copying its text into this project: keep sheets with
its text outside the repository; committed labels hold ids and codes only.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, Iterable, Iterator, List, Optional, Tuple

import chatlint
from chatlint.api import load_config

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
TWCS = CORPUS / "chat-twcs-dev" / "agent_messages.jsonl"
IBM = CORPUS / "chat-ibm-twitter-care" / "conversations.jsonl"
TUNE_BRANDS = ("AppleSupport", "McDonalds")
TEST_BRANDS = ("NikeSupport", "Walmart")
TUNE_ARTICLES = (CORPUS / "kb-plausible-docs", CORPUS / "kb-spot-help")
MACROS = CORPUS / "macros-oss-canned-replies" / "macros.jsonl"
#: Macro repositories whose files are copied into tests/fixtures, so seen while tuning.
FIXTURE_MACRO_REPOS = (
    "DevExpress/testcafe",
    "Gremlinq/ExRam.Gremlinq",
    "microsoft/vscode-python",
    "typescript-eslint/typescript-eslint",
)

#: NikeSupport and Walmart replies labelled in the first rounds: tuning text since
#: 2026-11-29 (their misses were read to tune the rules).
MOVED_TO_TUNE_LABELS = tuple(
    ROOT / "tests" / "eval" / name
    for name in (
        "tune-labels-nike-walmart-1.jsonl",
        "tune-labels-nike-walmart-2-consensus.jsonl",
        "tune-labels-nike-walmart-3.jsonl",
        "tune-labels-nike-walmart-4.jsonl",
        "tune-labels-nike-walmart-5.jsonl",
        "tune-labels-nike-walmart-6.jsonl",
    )
)

#: One message to lint: an id, its text and its kind.
Item = Tuple[str, str, str]


#: Test messages read while tuning (the first measurement's false alarms): left out.
READ_WHILE_TUNING = ROOT / "tests" / "eval" / "read-while-tuning.txt"


def excluded_ids() -> frozenset:
    if not READ_WHILE_TUNING.exists():
        return frozenset()
    lines = READ_WHILE_TUNING.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def chat_messages(split: str) -> Iterator[Item]:
    if split == "test":
        skip = excluded_ids()
        yield from (item for item in _chat_messages(split) if item[0] not in skip)
    else:
        yield from _chat_messages(split)


@functools.lru_cache(maxsize=None)
def moved_to_tune() -> frozenset:
    """Ids of the test brands' replies that are tuning text."""
    ids = set()
    for path in MOVED_TO_TUNE_LABELS:
        if path.exists():
            ids.update(label["id"] for label in _read(path))
    return frozenset(ids)


def _chat_messages(split: str) -> Iterator[Item]:
    moved = moved_to_tune()
    with TWCS.open(encoding="utf-8") as handle:
        for line in handle:
            reply = json.loads(line)
            in_tune = reply["brand"] in TUNE_BRANDS or (
                reply["brand"] in TEST_BRANDS and reply["id"] in moved
            )
            if reply["brand"] in (*TUNE_BRANDS, *TEST_BRANDS) and in_tune == (split == "tune"):
                yield reply["id"], reply["text"], "chat"
    with MACROS.open(encoding="utf-8") as handle:
        for line in handle:
            macro = json.loads(line)
            if macro["source_repo"] in FIXTURE_MACRO_REPOS:
                continue
            macro_id = f"macro:{macro['source_repo']}:{macro['key_path']}"
            if (macro_id in moved) == (split == "tune"):
                yield macro_id, macro["text"], "chat"
    if split == "tune":
        with IBM.open(encoding="utf-8") as handle:
            for line in handle:
                conversation = json.loads(line)
                for turn, entry in enumerate(conversation["turns"]):
                    if entry["role"] == "agent":
                        yield f"ibm-{conversation['session_id']}#{turn}", entry["text"], "chat"


def article_files(split: str, articles: Optional[Path]) -> List[Path]:
    folders = TUNE_ARTICLES if split == "tune" else ((articles,) if articles else ())
    return sorted(
        path
        for folder in folders
        for path in folder.rglob("*")
        if path.suffix in (".md", ".markdown", ".mdx")
    )


def article_findings(files: List[Path], config) -> Iterator[dict]:
    """Each finding in the articles, with the paragraph (message) it is in."""
    from chatlint.linter import Linter
    from chatlint.sources import format_for

    linter = Linter(config)
    for path in files:
        file_format = format_for(str(path))
        text = path.read_text(encoding="utf-8-sig")
        document = file_format.read(text, config.read_options(str(path), file_format))
        for index, message in enumerate(document.messages):
            for violation in linter.check_message(message, linter.rules_for(None)):
                yield _finding(
                    f"{path.relative_to(path.parents[1])}#{index}",
                    message.text,
                    message.kind,
                    violation,
                )


def _finding(message_id: str, text: str, kind: str, violation) -> dict:
    span = violation.span
    return {
        "finding": f"{message_id}@{violation.code}:{span.start}-{span.end}",
        "id": message_id,
        "kind": kind,
        "code": violation.code,
        "flagged": text[span.start : span.end],
        "message": violation.message,
        "suggestion": violation.suggestion,
        "text": text,
    }


def all_findings(split: str, articles: Optional[Path], kinds: Iterable[str], config) -> List[dict]:
    from chatlint.run_config import RunConfig, load_run_config
    from chatlint.settings import Settings

    run_config = load_run_config(config) if config else RunConfig(Settings(root=Path.cwd()))
    found: List[dict] = []
    if "chat" in kinds:
        for message_id, text, kind in chat_messages(split):
            for violation in chatlint.lint_text(text, kind=kind, config=run_config):
                found.append(_finding(message_id, text, kind, violation))
    if "article" in kinds:
        found += article_findings(article_files(split, articles), run_config)
    return found


def draw_findings(found: List[dict], sample: int, per_rule: int, seed: int) -> List[dict]:
    generator = random.Random(seed)
    if per_rule:
        by_code: Dict[str, List[dict]] = defaultdict(list)
        for finding in found:
            by_code[finding["code"]].append(finding)
        drawn = []
        for code in sorted(by_code):
            drawn += generator.sample(by_code[code], min(per_rule, len(by_code[code])))
        return drawn
    return generator.sample(found, min(sample, len(found)))


def precision(verdicts: List[dict]) -> str:
    counts: Dict[str, Counter] = defaultdict(Counter)
    for verdict in verdicts:
        counts[verdict["code"]][verdict["verdict"]] += 1
        counts["all"][verdict["verdict"]] += 1
        if "kind" in verdict:
            counts[f"all ({verdict['kind']})"][verdict["verdict"]] += 1
    lines = [
        "| Rule | Judged | Right | Wrong | Borderline | Precision |",
        "|---|---|---|---|---|---|",
    ]
    for code in sorted(counts, key=lambda code: (code.startswith("all"), code)):
        c = counts[code]
        judged = sum(c.values())
        # Borderline findings count as wrong: a finding a QA lead hesitates over is noise.
        lines.append(
            f"| {code} | {judged} | {c['right']} | {c['wrong']} | {c['borderline']} "
            f"| {c['right'] / judged:.2f} |"
        )
    return "\n".join(lines)


def record(verdicts: List[dict], sample: str, date: str) -> str:
    """``measurements.toml``: each rule's judged precision, read by ``chatlint rule``."""
    counts: Dict[str, Counter] = defaultdict(Counter)
    for verdict in verdicts:
        counts[verdict["code"]][verdict["verdict"]] += 1
    lines = [
        "# Measured precision of each rule: findings on real text the rules were not tuned on,",
        "# judged one by one against the rule's documentation by a reviewer who had not seen",
        "# the rules' code. Written by `python scripts/evaluate.py record`; shown by",
        "# `chatlint rule CODE` and `chatlint rules`. A rule is stable at 0.90 or more; the README",
        "# says why any rule below that is on by default.",
    ]
    for code in sorted(counts):
        c = counts[code]
        judged = sum(c.values())
        lines += [
            "",
            f"[{code}]",
            f"precision = {c['right'] / judged:.2f}",
            f"right = {c['right']}",
            f"judged = {judged}",
            f'sample = "{sample}"',
            f'date = "{date}"',
        ]
    return "\n".join(lines) + "\n"


def recall(labels: List[dict], config) -> str:
    settings = load_config(config) if config else None
    texts = {
        message_id: (text, kind)
        for split in ("tune", "test")
        for message_id, text, kind in _chat_messages(split)
    }
    counts: Dict[str, Counter] = defaultdict(Counter)
    skip = excluded_ids()
    labels = [label for label in labels if label["id"] not in skip]
    for label in labels:
        text, kind = (
            texts[label["id"]]
            if label["id"] in texts
            else (label["text"], label.get("kind", "chat"))
        )
        found = {
            violation.code for violation in chatlint.lint_text(text, kind=kind, config=settings)
        }
        for code in label["codes"]:
            counts[code]["found" if code in found else "missed"] += 1
            counts["all"]["found" if code in found else "missed"] += 1
    lines = [
        f"{len(labels)} labelled replies",
        "| Rule | Labelled | Found | Missed | Recall |",
        "|---|---|---|---|---|",
    ]
    for code in sorted(counts, key=lambda code: (code == "all", code)):
        c = counts[code]
        total = c["found"] + c["missed"]
        lines.append(
            f"| {code} | {total} | {c['found']} | {c['missed']} | {c['found'] / total:.2f} |"
        )
    return "\n".join(lines)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    findings = commands.add_parser("findings", help="a random sample of findings, to judge")
    findings.add_argument("--split", choices=("tune", "test"), required=True)
    findings.add_argument("--kind", choices=("chat", "article", "all"), default="chat")
    findings.add_argument("--articles", type=Path, help="the folder of test articles")
    findings.add_argument("--sample", type=int, default=100)
    findings.add_argument(
        "--per-rule", type=int, default=0, help="draw up to this many findings of each rule instead"
    )
    findings.add_argument("--seed", type=int, required=True)
    findings.add_argument(
        "--config", help="a config file (for example one that turns preview rules on)"
    )
    findings.add_argument(
        "--counts", action="store_true", help="print how many findings each rule has, not a sample"
    )
    replies = commands.add_parser("replies", help="a random sample of replies, to label blind")
    replies.add_argument("--split", choices=("tune", "test"), required=True)
    replies.add_argument("--sample", type=int, default=200)
    replies.add_argument("--seed", type=int, required=True)
    judged = commands.add_parser("precision", help="precision from judged findings")
    judged.add_argument("verdicts", type=Path)
    recorded = commands.add_parser("record", help="write measurements.toml from judged findings")
    recorded.add_argument("verdicts", type=Path, nargs="+")
    recorded.add_argument(
        "--sample", required=True, help="what the findings were drawn from, in a few words"
    )
    recorded.add_argument("--date", required=True)
    labelled = commands.add_parser("recall", help="recall on blind-labelled replies")
    labelled.add_argument("labels", type=Path)
    labelled.add_argument("--config")
    arguments = parser.parse_args(argv)

    if arguments.command == "findings":
        kinds = ("chat", "article") if arguments.kind == "all" else (arguments.kind,)
        found = all_findings(arguments.split, arguments.articles, kinds, arguments.config)
        if arguments.counts:
            for code, count in sorted(Counter(finding["code"] for finding in found).items()):
                print(f"{code} {count}")
            print(f"all {len(found)}")
            return 0
        for finding in draw_findings(found, arguments.sample, arguments.per_rule, arguments.seed):
            print(json.dumps(finding, ensure_ascii=False))
    elif arguments.command == "replies":
        items = list(chat_messages(arguments.split))
        drawn = random.Random(arguments.seed).sample(items, arguments.sample)
        for message_id, text, _kind in drawn:
            print(json.dumps({"id": message_id, "text": text}, ensure_ascii=False))
    elif arguments.command == "precision":
        print(precision(_read(arguments.verdicts)))
    elif arguments.command == "record":
        print(
            record(
                [verdict for path in arguments.verdicts for verdict in _read(path)],
                arguments.sample,
                arguments.date,
            ),
            end="",
        )
    else:
        print(recall(_read(arguments.labels), arguments.config))
    return 0


def _read(path: Path) -> List[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


if __name__ == "__main__":
    sys.exit(main())
